"""The site's URL scheme, permanent (docs/architecture.md, "Contracts"; README, "The site").

Every path the build writes or links to is made here, relative to the site root (the templates' url()
and the config's absolute_url() prefix it). Templates reach these functions as `paths`; search.js gets
the notice and party patterns from the search page's data attributes (search.html), so the browser
builds the same links.
"""

from __future__ import annotations

import hashlib
import re

BANKS = "banks/"
VIOLATIONS = "violations/"
REGIONS = "regions/"
REGULATORS = "regulators/"
YEARS = "years/"
PEOPLE = "people/"
NOTICES = "notices/"
REPEATS = "repeats/"
STATS = "stats/"
SEARCH = "search/"
SEARCH_INDEX = SEARCH + "idx/"  # the files search.js reads (sitegen/search/writer.py)
DATA = "data/"
ABOUT = "about/"
ABOUT_FAILED = ABOUT + "failed/"  # the notices that could not be parsed
STATIC = "static/"
PEOPLE_BANS = PEOPLE + "bans/"
PEOPLE_LIFETIME = PEOPLE + "lifetime/"
REPEATS_CATEGORIES = REPEATS + "c/"  # repeats/c/{code}/ per category, beside repeats/{yyyy}/ per year
FEED = "feed.xml"
INDEX = "index.html"
# The patterns search.js fills in ({doc_id}, {seq}); notice() and party_anchor() below are the same.
NOTICE_PATTERN = NOTICES + "{doc_id}/"
PARTY_ANCHOR_PATTERN = "#p{seq}"


# What a link may hold so that the pages can print it as an unquoted attribute value (href=/banks/x/#p1): no
# whitespace, quote, `=`, `<`, `>`, backtick or `&`. Anything else in a path is %-encoded by link(), so the
# link still reaches the file the build wrote under that name (a build that failed instead would lose pages).
SAFE_LINK = re.compile(r"[A-Za-z0-9/._~#-]*")
_UNSAFE_IN_LINK = re.compile(r"[^A-Za-z0-9/._~#-]")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def link(base_path: str, path: str = "") -> str:
    """The site link of a path ('/fadan/' + 'notices/1/#p2'): the one place every internal link is made, and
    safe unquoted (SAFE_LINK, plus the %-escapes of anything else, `%` itself included)."""
    return _UNSAFE_IN_LINK.sub(_percent, base_path + path)


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


def branch(group_slug: str, node: str) -> str:
    """One institution of a group (a node of sitegen.core.register.tree): 'banks/x/branches/y/'."""
    return f"{bank(group_slug)}branches/{node}/"


def branches(group_slug: str) -> str:
    return bank(group_slug) + "branches/"


def bank_tree(group_slug: str) -> str:
    return bank(group_slug) + "tree/"


def bank_people(group_slug: str) -> str:
    return bank(group_slug) + PEOPLE


def repeats_year(year: int | str) -> str:
    return member(REPEATS, year)


def repeats_category(code: str) -> str:
    return member(REPEATS_CATEGORIES, code)


def archive_page(base: str, k: int) -> str:
    """Archive page k of a listing (k = 1 the oldest, sitegen.core.paginate): 'banks/x/page/3/'."""
    return f"{base}page/{k}/"


def index_file(directory: str) -> str:
    """The file a page directory is served from: 'banks/x/' -> 'banks/x/index.html'."""
    return directory + INDEX


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


# The statistics receipts: the permanent address of every statistic (sitegen/pages/receipts/keys.py says
# which records each covers). Permanent once published; documented on /stats/ and in the README:
#
#     stats/{period}/                       every record of the period
#     stats/{yyyy}/decided/                 every record whose decision date is in yyyy
#     stats/{yyyy-mm}/decided/              every record whose decision date is in that month
#     stats/{yyyy-mm}/                      every record published in that month (the bars of the month charts)
#     stats/{period}/{dimension}/{slug}/    the records of one bank group, type, category, region, office,
#                                           ban, regulator (source) or kind of party
#     stats/all/{dimension}/{slug}/#{dim2}-{slug2}
#                                           a breakdown row of the item's page (a bank's page by region: #region-
#                                           bei-jing), a row of the item's receipt (receipts.links.rows_shown)
#     stats/all/bank/{slug}/#branch-{hash}  an institution of a group by its name in the notices (the bank
#                                           page's branch table; branch_anchor), its records the CSV's 当事人
#     stats/all/bank/{slug}/#node-{hash}    a node of the group's institution tree (the bank and tree pages;
#                                           node_anchor): its own records listed, its subtree's rows linked
#     stats/all/kind/individual/#sanction-{warning|fine}
#                                           the individuals' tickets with a warning, with a fine (/people/)
#     stats/{yyyy}/bank/{slug}/source/{code}/
#                                           a bank group's share of a year from one regulator (cross_path)
#     stats/all/bank/{slug}/#unit-{node}    a branch with a page of its own (banks/{slug}/branches/{node}/):
#                                           its figures; #unit-{node}-violation-{code} its rows by category
#     stats/all/people/                     the people of the register (sitegen/core/register/people.py), one
#                                           row each (#{person slug}), paginated by first penalty; its CSV
#     stats/{period}/repeats/               the repeat offences (register/repeats.py) of a year (decision
#                                           date, else publication date) or of all years; #violation-{code}
#     …/records.csv.gz                      exactly those records (gzip-compressed CSV)
#     …/page/{k}/                           archive pages of the records, where the receipt lists them itself
#     stats/{yyyy}/league/[by-{order}/]     the year's league tables (and its league.csv)
#     stats/tables/{dimension}/[by-{order}/] every item of a dimension, year by year (and its table.csv)
#     years/{yyyy}/review/                  the year in review
#
# `period` is a year (yyyy, by publication date) or `all`. The words `decided`, `page`, `league`, `tables`,
# `people` and `repeats` are never dimensions (they sit where a dimension would).
ALL_PERIODS = "all"


def receipt_path(period: int | str, dimension: str | None = None, slug: str | None = None) -> str:
    """stats/2025/, stats/2025/bank/abc/, stats/all/region/beijing/."""
    if dimension is None:
        return member(STATS, period)
    return f"{STATS}{period}/{dimension}/{slug}/"


def month_key(year: int, month: int) -> str:
    """The period of a month's receipt: '2025-03'."""
    return f"{year}-{month:02d}"


def month_path(year: int, month: int) -> str:
    """stats/2025-03/: the records published in March 2025."""
    return receipt_path(month_key(year, month))


def cross_path(period: int | str, first: tuple[str, str], second: tuple[str, str]) -> str:
    """The receipt of two items, (dimension, slug) each, in the order given (receipts.keys.cross_path puts them
    in the order of the dimensions): stats/2025/bank/abc/source/pboc/."""
    return f"{receipt_path(period, *first)}{second[0]}/{second[1]}/"


def decided_path(year: int) -> str:
    return f"{STATS}{year}/decided/"


def receipt_csv(receipt: str) -> str:
    return receipt + "records.csv.gz"


def table_path(dimension: str, order: str = "tickets") -> str:
    """stats/tables/bank/ (sorted by tickets) and stats/tables/bank/by-fines/ (by 罚款合计)."""
    base = f"{STATS}tables/{dimension}/"
    return base if order == "tickets" else f"{base}by-{order}/"


def table_csv(dimension: str) -> str:
    return table_path(dimension) + "table.csv"


def league_path(year: int, order: str = "tickets") -> str:
    """stats/2025/league/ (sorted by tickets) and stats/2025/league/by-fines/ (by 罚款合计)."""
    base = f"{STATS}{year}/league/"
    return base if order == "tickets" else f"{base}by-{order}/"


def league_csv(year: int) -> str:
    return league_path(year) + "league.csv"


def decided_month_path(year: int, month: int) -> str:
    """stats/2025-03/decided/: the records whose decision date is in March 2025."""
    return f"{STATS}{month_key(year, month)}/decided/"


def _name_hash(text: str) -> str:
    """A permanent short key of a name (10 hex digits of BLAKE2b): names are Chinese, anchors ASCII."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()


def branch_anchor(name: str) -> str:
    """The row of one institution of a group, by the name the notices give it, on the group's all-time
    receipt: stats/all/bank/{slug}/#branch-{hash of the name}."""
    return f"branch-{_name_hash(name)}"


def node_anchor(path: tuple[str, ...]) -> str:
    """The row of one node of a group's institution tree (sitegen.core.register.tree, its path of names
    below the group) on the group's all-time receipt: stats/all/bank/{slug}/#node-{hash of the path}."""
    return f"node-{_name_hash('/'.join(path))}"


def unit_anchor(node_slug: str) -> str:
    """The row of a branch that has a page of its own (banks/{slug}/branches/{node}/) on its group's
    all-time receipt: stats/all/bank/{slug}/#unit-{node}."""
    return f"unit-{node_slug}"


PEOPLE_RECEIPT = STATS + ALL_PERIODS + "/people/"  # the people of the register: the word `people` is no dimension


def people_receipt_page(page: int | None) -> str:
    """The page of the people receipt that holds a person's row: the landing page (None) or archive k."""
    return PEOPLE_RECEIPT if page is None else archive_page(PEOPLE_RECEIPT, page)


def repeats_receipt(period: int | str) -> str:
    """stats/2025/repeats/ (by decision date, else publication date) and stats/all/repeats/."""
    return f"{STATS}{period}/repeats/"


def review_path(year: int) -> str:
    return member(YEARS, year) + "review/"
