"""The static search index of /search/ (read by site/static/search.js); entry point: write_search_index."""
