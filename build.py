"""`python build.py`: the site build's command of the design contract; the same as `fadan build`
(sitegen/cli.py holds it, so an installed copy has it too)."""

import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="build.py"))
