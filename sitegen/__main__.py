"""`python -m sitegen`: the site build (the same as `fadan build` and `python build.py`)."""

import sys

from sitegen.cli import main

sys.exit(main(prog="python -m sitegen"))
