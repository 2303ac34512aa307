"""Vocabularies: bank groups and institution types, regions, regulator offices, the violation taxonomy.

The vocabularies themselves are data files under models/data/; these modules load them once and match
text against them. Nothing here raises on odd input: unknown text simply matches nothing.
"""
