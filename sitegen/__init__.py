"""The static-site generator: renders the Fadan database into a directory any static host can serve.

`build.py` is the command line; `sitegen.builder.build_site` does the work in two passes (Pelican's
habit): a context pass that streams the database once, rendering each changed notice page as it goes and
keeping a small summary of every penalty, then an output pass, one module per page family.
"""
