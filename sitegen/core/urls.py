"""The site's URL scheme, permanent (docs/architecture.md, "Contracts"; README, "The site").

Every path the build writes or links to is made here, relative to the site root (the templates' url()
and the config's absolute_url() prefix it). Templates reach these functions as `paths`; search.js gets
the notice and party patterns from the search page's data attributes (search.html), so the browser
builds the same links.
"""

from __future__ import annotations

BANKS = "banks/"
VIOLATIONS = "violations/"
REGIONS = "regions/"
REGULATORS = "regulators/"
YEARS = "years/"
PEOPLE = "people/"
NOTICES = "notices/"
REPEATS = "repeats/"
FEED = "feed.xml"
# The patterns search.js fills in ({doc_id}, {seq}); notice() and party_anchor() below are the same.
NOTICE_PATTERN = NOTICES + "{doc_id}/"
PARTY_ANCHOR_PATTERN = "#p{seq}"


def member(family: str, key: object) -> str:
    """The page of one member of a family: 'banks/' + 'zhong-guo-yin-hang' -> 'banks/zhong-guo-yin-hang/'."""
    return f"{family}{key}/"


def bank(slug: str) -> str:
    return member(BANKS, slug)


def violation(code: str) -> str:
    return member(VIOLATIONS, code)


def region(slug: str) -> str:
    return member(REGIONS, slug)


def regulator(slug: str) -> str:
    return member(REGULATORS, slug)


def person(slug: str) -> str:
    return member(PEOPLE, slug)


def year(number: int | str) -> str:
    return member(YEARS, number)


def notice(key: int | str) -> str:
    """A notice page by its key: NFRA's docId ('notices/123/') or another source's ('notices/pboc-5860077/')."""
    return NOTICE_PATTERN.format(doc_id=key)


def party_anchor(seq: int) -> str:
    return PARTY_ANCHOR_PATTERN.format(seq=seq)


def party(key: int | str, seq: int) -> str:
    """One party's section of a notice page: 'notices/123/#p2'."""
    return notice(key) + party_anchor(seq)


def feed(directory: str = "") -> str:
    """The Atom feed of a page: '' (the site's) or 'banks/x/'."""
    return directory + FEED
