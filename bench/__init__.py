"""Fadan's benchmark suite (issue 7): `python -m bench --notices 100000`. See bench/__main__.py."""
