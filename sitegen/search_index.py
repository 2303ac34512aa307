"""The search index of /search/: build.py calls write_search_index(engine, out_dir) -> figures.

The implementation lives in sitegen/search/ (text → terms, numpy postings, shards, display chunks).
"""

from sitegen.search.writer import write_search_index

__all__ = ["write_search_index"]
