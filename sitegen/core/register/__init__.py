"""The register: who and what keeps getting punished, computed from penalty rows at build time.

Pure logic, no database and no pages: `calendar` (ban end dates and the five-year window), `tree`
(institution names → branch nodes of a group), `people` (conservative linking of a person's
appearances, stable slugs) and `repeats` (repeat-offence flags). The site's page families read them.
"""
