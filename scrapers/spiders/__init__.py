"""Spiders: one per source."""
