"""Fuzzing what the crawl does with a detail response: `python -m qa.fuzz --count 10000 --seed 1`.

Each case starts from a seed notice, a real docClob from ../shared/samples/nfra (read at run time, never
copied into the project) or a synthetic fixture (tests/fixtures/synthetic), and applies one to a few
random mutations. Structural: tags deleted, duplicated, swapped or left unclosed, tables nested in
cells, absurd rowspan/colspan, thousands of rows, deep nesting, Word conditional comments and <xml>
blocks broken mid-way, truncation. Textual: control characters, lone surrogates, RTL marks, NUL,
entities, absurd amounts, labels out of place, long runs of one token, thousands of parties. One case in
four mutates the whole detail body too (field types and values, then bytes) and starts at read_envelope;
one in twenty is a list page instead, read as NfraSpider.parse_list reads one.

Every case runs what the crawl runs on a detail: read_envelope → check_detail → notice_meta →
content_hash → read_notice (parse + enrich), and with --db the store's save_notice as well. A case fails
when anything raises (a BadResponse is the envelope check saying no, not a failure), when a catch-all
caught a bug (parse_error "parser error: …" or "enrichment failed: …"), or when the result breaks what
storage relies on (vocabularies, seq numbering, amounts within BIGINT, text without NUL or lone
surrogates). The report gives the count, the failures, the slowest cases and the parse-status counts;
`--case N` replays case N of a seed, and a case running past --time-limit is stopped and counted as a
failure (a pathological input is a bug).
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import re
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from models.db import make_engine
from models.record import NoticeMeta, ParsedNotice
from models.store import Store
from qa.checkout import FIXTURES, SAMPLES
from scrapers.ingest import prepare
from scrapers.nfra.detail import (
    MAX_DOC_ID,
    MAX_TOTAL,
    BadResponse,
    check_detail,
    list_rows,
    notice_title,
    parse_publish_date,
    read_envelope,
)
from scrapers.nfra.parse import PARSER_VERSION
from scrapers.nfra.urls import human_url

BASE_URL = "https://www.nfra.gov.cn"
BIGINT = 2**63 - 1

LAYOUTS = {"vertical", "horizontal", "text", "unknown"}
STATUSES = {"ok", "partial", "failed"}
CATCH_ALLS = ("parser error:", "enrichment failed:")


# ------------------------------------------------------------------------------------------ seeds


@dataclass(frozen=True)
class Seed:
    name: str
    data: dict[str, Any]  # a detail's `data` object; data["docClob"] is the text mutated

    @property
    def docclob(self) -> str:
        return self.data["docClob"]


def load_seeds(samples: Path | None = SAMPLES, fixtures: Path = FIXTURES) -> list[Seed]:
    """The synthetic fixtures' details, and each real docClob in a copy of a synthetic detail's fields."""
    seeds = [
        Seed(path.name, read_envelope(path.read_bytes()))
        for path in sorted(fixtures.glob("detail_*.json"))
        if not path.name.endswith(".expected.json")
    ]
    if not seeds:
        raise FileNotFoundError(f"no synthetic fixtures in {fixtures}")
    if samples is not None:
        template = seeds[0].data
        for path in sorted(samples.glob("docclob_*.html")):
            seeds.append(Seed(f"real:{path.name}", {**template, "docClob": path.read_text(encoding="utf-8")}))
        for path in sorted(samples.glob("detail_SelectByDocId_*.json")):
            data = read_envelope(path.read_bytes())
            if isinstance(data.get("docClob"), str):
                seeds.append(Seed(f"real:{path.name}", data))
    return seeds


# -------------------------------------------------------------------------------- text mutations

Mutator = Callable[[random.Random, str, list[Seed]], str]

_TAG = re.compile(r"<[^<>]{0,400}>")
_AMOUNT = re.compile(
    r"(?<![\d,.，])\d[\d,.，]*+\s*[万千亿]?元|[零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]{1,12}元"
    r"|(?<![\d.])\d++(?:\.\d++)?万"
)
_ELEMENTS = ("tr", "td", "th", "table", "p", "span", "div", "tbody")
_UNCLOSABLE = ("</td>", "</tr>", "</table>", "</p>", "-->", "</style>", "</xml>", "<![endif]-->", "</span>", ">",
               "</tbody>", "</head>", "</o:p>")
SPANS = ("99999999", "2147483648", "9" * 5000, "-1", "-99999", "0", "00", "abc", "1.5", "1e9", "３", "٣", "²", "",
         " 2 ", "2;rowspan=3", "0x10", "+3", "NaN", "18446744073709551617")
WORD_FRAGMENTS = (
    "<!--[if gte mso 9]><xml>", "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print",
    "<![endif]-->", "<![if !supportLists]>", "<![endif]>", "<xml>", "</xml>", "<style>", "<style>p.MsoNormal{",
    "</style>", "<!--", "-->", "<!--StartFragment-->", "<o:p>", "</o:p>", "<head>", "<title>", "<script>",
    '<st1:chsdate Year="2024" Month="5" Day="28" w:st="on">', "</st1:chsdate>", "<html xmlns:o=urn>", "<body",
    "<meta name=ProgId content=Word.Document>", "<?xml version='1.0'?>", "<![CDATA[", "]]>", "<!DOCTYPE html>",
    '<div class=Section0 style="layout-grid:15.6000pt;">', "<w:LsdException Locked=\"false\" Name=\"x\">",
    "<span style='mso-spacerun:yes'>&nbsp;</span>", "<b><span><br></span></b>", "<a name=\"OLE_LINK1\">",
)
LABELS = (
    "被处罚当事人", "当事人名称", "行政处罚决定", "行政处罚内容", "行政处罚决定书文号", "主要违法违规事实",
    "行政处罚依据", "作出处罚决定的机关名称", "作出处罚决定的日期", "作出决定机关", "个人姓名", "单位", "名称",
    "法定代表人（主要负责人）姓名",
    "序号", "当事人：", "本局决定：", "经查，", "对", "罚款", "警告", "合计", "其中，", "分别", "共计", "及相关责任人",
    "（时任", "）", "、", "该公司", "禁止终身从事银行业工作", "取消任职资格", "责令改正", "没收违法所得", "罚没合计",
)
AMOUNTS = (
    "99999999999999999999万元", "9" * 30 + "元", "9" * 5000 + "元", "-5万元", "1e10万元", "0.0000001元", "1.2.3万元",
    "二十九亿亿亿万元", "万元", ".5万元", "1,2,3,4元", "1，000，000元", "壹佰零伍万元", "十十十十万元", "０．５万元",
    "１２３４５６７８９０１２３４５万元", "9" * 19 + "元", "922337203685477.5807万元", "NaN万元", "∞元", "1万5千元",
    "九" * 60 + "万元", "1" + "0" * 400 + "万元", "罚款罚款罚款", "人民币人民币元", "1万1万1万1万1万1万",
)
# Characters text from the internet carries: C0 controls and NUL, lone surrogates, bidi controls,
# BOM and zero-width marks, the parser's own paragraph mark (U+E000), noncharacters, astral characters.
HOSTILE_CHARS = (
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\ud800", "\udfff", "\ud83d",
    "\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u2069", "\u061c", "\ufeff", "\u200b", "\u200d", "\u2028",
    "\u2029", "\ue000", "\ufffe", "\uffff", "\ufffd", "\U0001f4b0", "\U00020000", "\u0301", "\u3000", "\xa0",
    "\t", "\r", "\n", "＜", "＞", "<", ">", "&", '"', "'", "\\", "/", "..", "%00", "%2e%2e%2f",
)
ENTITIES = ("&#0;", "&#xD800;", "&#xdfff;", "&#99999999;", "&#x110000;", "&#1114111;", "&nbsp", "&amp;lt;", "&#12288;",
            "&#x202E;", "&lt;script&gt;", "&#;", "&#x;", "&unknown;", "&#65534;", "&#9" + "9" * 50 + ";")
LONG_TOKENS = ("罚款", "1万", "1元", "（", "）", "，", "。", "对", "责令", "取消", "禁止", "<a", "<td", "<br", "<![if",
               "<style ", "时任", "及", "、", "某银行", "经查，", "&nbsp;", " ", "\n", "<p>", "九", "十", "1,000")


def _position(rng: random.Random, text: str) -> int:
    return rng.randint(0, len(text))


def _insert(text: str, at: int, piece: str) -> str:
    return text[:at] + piece + text[at:]


def _tags(text: str) -> list[re.Match[str]]:
    return list(_TAG.finditer(text))


_OPENING = {name: re.compile(rf"<{name}[\s>]", re.IGNORECASE) for name in _ELEMENTS}
_CLOSING = {name: re.compile(rf"</{name}>", re.IGNORECASE) for name in _ELEMENTS}


def _element(rng: random.Random, text: str, name: str | None = None) -> tuple[int, int] | None:
    """(start, end) of a random element <name …>…</name> (to the first closing tag: good enough to mangle)."""
    name = name or rng.choice(_ELEMENTS)
    starts = [m.start() for m in _OPENING[name].finditer(text)]
    if not starts:
        return None
    start = rng.choice(starts)
    close = _CLOSING[name].search(text, start)
    return (start, close.end()) if close else None


def delete_tag(rng: random.Random, text: str, pool: list[Seed]) -> str:
    tags = _tags(text)
    for _ in range(rng.choice((1, 1, 3, 20))):
        if not tags:
            break
        tag = tags.pop(rng.randrange(len(tags)))
        text = text[: tag.start()] + text[tag.end() :]
        tags = [t for t in tags if t.end() <= tag.start()]  # later matches moved: keep only those before
    return text


def unclose(rng: random.Random, text: str, pool: list[Seed]) -> str:
    """Drop one or every occurrence of a closing mark: a </td>, a -->, an </xml>, or a '>'."""
    mark = rng.choice(_UNCLOSABLE)
    if rng.random() < 0.5:
        return text.replace(mark, "")
    at = text.find(mark, _position(rng, text))
    return text if at < 0 else text[:at] + text[at + len(mark) :]


def duplicate_element(rng: random.Random, text: str, pool: list[Seed]) -> str:
    span = _element(rng, text)
    if span is None:
        return text
    start, end = span
    copies = rng.choice((1, 1, 2, 3, 50)) if end - start < 5000 else 1
    return text[:end] + text[start:end] * copies + text[end:]


_NOT_TEXT = re.compile(r"<[^>]*>|&nbsp;|\s")


def many_rows(rng: random.Random, text: str, pool: list[Seed]) -> str:
    """Thousands of rows: one row of a table repeated, reduced to its cells and their first characters
    (so a thousand of them stay under the parser's bound on text, and the grid is what gets exercised)."""
    span = _element(rng, text, "tr")
    if span is None:
        return text
    start, end = span
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", text[start:end], re.IGNORECASE | re.DOTALL)
    texts = (_NOT_TEXT.sub("", cell)[:4] for cell in cells)
    row = "<tr>" + "".join(f"<td>{cell}</td>" for cell in texts) + "</tr>"
    return text[:end] + row * rng.choice((1000, 1500, 3000)) + text[end:]


def swap_elements(rng: random.Random, text: str, pool: list[Seed]) -> str:
    name = rng.choice(("td", "tr", "p", "table"))
    first, second = _element(rng, text, name), _element(rng, text, name)
    if first is None or second is None or first == second:
        return text
    (a, b), (c, d) = sorted((first, second))
    if b > c:
        return text
    return text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]


def nest_table(rng: random.Random, text: str, pool: list[Seed]) -> str:
    """A table (from any seed) inside a cell of this one."""
    other = rng.choice(pool).docclob
    span = _element(rng, other, "table")
    table = other[span[0] : span[1]] if span else "<table><tr><td>当事人名称</td><td>行政处罚内容</td></tr></table>"
    cells = [m.end() for m in re.finditer(r"<t[dh][^>]*>", text, re.IGNORECASE)]
    at = rng.choice(cells) if cells else _position(rng, text)
    return _insert(text, at, table * rng.choice((1, 1, 2)))


def hostile_span(rng: random.Random, text: str, pool: list[Seed]) -> str:
    cells = [m.start() + 3 for m in re.finditer(r"<t[dh](?=[\s>])", text, re.IGNORECASE)]
    if not cells:
        return text
    for at in sorted(rng.sample(cells, min(len(cells), rng.choice((1, 1, 2, 5)))), reverse=True):
        name = rng.choice(("rowspan", "colspan", "ROWSPAN", "rowSpan"))
        value = rng.choice(SPANS)
        quote = rng.choice(('"', "'", ""))
        text = _insert(text, at, f" {name}={quote}{value}{quote}")
    return text


def deep_nesting(rng: random.Random, text: str, pool: list[Seed]) -> str:
    depth = rng.choice((50, 300, 1000, 5000))
    opening, closing = rng.choice(
        (("<div>", "</div>"), ("<span>", "</span>"), ("<table><tr><td>", "</td></tr></table>"), ("<b>", "</b>"),
         ("<font face=宋体>", "</font>"), ("<td>", "</td>"), ("<!--[if gte mso 9]>", "<![endif]-->"))
    )
    start = _position(rng, text)
    end = rng.randint(start, len(text))
    closed = closing * depth if rng.random() < 0.7 else ""
    return text[:start] + opening * depth + text[start:end] + closed + text[end:]


def wide_row(rng: random.Random, text: str, pool: list[Seed]) -> str:
    rows = [m.end() for m in re.finditer(r"<tr[^>]*>", text, re.IGNORECASE)]
    at = rng.choice(rows) if rows else _position(rng, text)
    cell = rng.choice(("<td></td>", "<td>罚款1万元</td>", "<td colspan=64>x</td>", "<td rowspan=2000>当事人名称</td>"))
    return _insert(text, at, cell * rng.choice((20, 200, 2000)))


def word_fragment(rng: random.Random, text: str, pool: list[Seed]) -> str:
    for _ in range(rng.choice((1, 1, 2, 5))):
        text = _insert(text, _position(rng, text), rng.choice(WORD_FRAGMENTS))
    return text


def cut_word_block(rng: random.Random, text: str, pool: list[Seed]) -> str:
    """Break a conditional comment, an <xml> or a <style> block mid-way: cut it from a random point."""
    starts = [m.start() for m in re.finditer(r"<!--\[if|<xml>|<style|<head", text)]
    if not starts:
        return text
    start = rng.choice(starts)
    end = text.find(">", text.find(">", start) + 1)
    cut = rng.randint(start, max(start, end))
    return text[:cut] + text[cut + rng.randint(1, 200) :]


def truncate(rng: random.Random, text: str, pool: list[Seed]) -> str:
    return text[: _position(rng, text)]


def delete_range(rng: random.Random, text: str, pool: list[Seed]) -> str:
    start = _position(rng, text)
    return text[:start] + text[start + rng.randint(1, 3000) :]


def duplicate_range(rng: random.Random, text: str, pool: list[Seed]) -> str:
    start = _position(rng, text)
    end = min(len(text), start + rng.randint(1, 3000))
    return text[:end] + text[start:end] + text[end:]


def splice(rng: random.Random, text: str, pool: list[Seed]) -> str:
    other = rng.choice(pool).docclob
    start = _position(rng, other)
    return _insert(text, _position(rng, text), other[start : start + rng.randint(1, 5000)])


def hostile_chars(rng: random.Random, text: str, pool: list[Seed]) -> str:
    positions = sorted((_position(rng, text) for _ in range(rng.choice((1, 3, 10, 50)))), reverse=True)
    for at in positions:
        text = _insert(text, at, rng.choice(HOSTILE_CHARS) * rng.choice((1, 1, 2, 8)))
    return text


def entities(rng: random.Random, text: str, pool: list[Seed]) -> str:
    for _ in range(rng.choice((1, 3, 10))):
        text = _insert(text, _position(rng, text), rng.choice(ENTITIES))
    return text


def absurd_amount(rng: random.Random, text: str, pool: list[Seed]) -> str:
    found = list(_AMOUNT.finditer(text))
    if not found or rng.random() < 0.2:
        return _insert(text, _position(rng, text), "罚款" + rng.choice(AMOUNTS))
    for match in sorted(rng.sample(found, min(len(found), rng.choice((1, 1, 3)))), key=lambda m: -m.start()):
        text = text[: match.start()] + rng.choice(AMOUNTS) + text[match.end() :]
    return text


def labels(rng: random.Random, text: str, pool: list[Seed]) -> str:
    """A label inserted somewhere, or a cell's text replaced by a label."""
    label = rng.choice(LABELS)
    if rng.random() < 0.5:
        return _insert(text, _position(rng, text), label)
    cells = list(re.finditer(r"(<t[dh][^>]*>)(.*?)(</t[dh]>)", text, re.IGNORECASE | re.DOTALL))
    if not cells:
        return text
    cell = rng.choice(cells)
    return text[: cell.start(2)] + label + text[cell.end(2) :]


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def many_parties(rng: random.Random, text: str, pool: list[Seed]) -> str:
    """A cell listing hundreds or thousands of parties, and a cell with one clause for each (or for others)."""
    count = rng.choice((20, 200, 2000))
    names = [f"{rng.choice(_SURNAMES)}{chr(0x4E00 + rng.randrange(20000))}{chr(0x4E00 + rng.randrange(20000))}"
             + rng.choice(("", "", "银行", "保险公司", "（时任某支行行长）")) for _ in range(count)]
    targets = names if rng.random() < 0.5 else [*rng.sample(names, len(names))[: count // 2], "该公司", "其"]
    decision = "".join(f"对{name}{rng.choice(('罚款1万元', '警告', '禁止从事银行业工作5年'))}。" for name in targets)
    cells = [m.end() for m in re.finditer(r"<t[dh][^>]*>", text, re.IGNORECASE)]
    if len(cells) < 2:
        return _insert(text, _position(rng, text), "当事人：" + "、".join(names) + "\n本局决定：" + decision)
    first, second = sorted(rng.sample(cells, 2))
    return text[:first] + "、".join(names) + text[first:second] + decision + text[second:]


def long_run(rng: random.Random, text: str, pool: list[Seed]) -> str:
    return _insert(text, _position(rng, text), rng.choice(LONG_TOKENS) * rng.choice((100, 1000, 10_000, 30_000)))


def shuffle_chars(rng: random.Random, text: str, pool: list[Seed]) -> str:
    start = _position(rng, text)
    piece = list(text[start : start + rng.randint(2, 200)])
    rng.shuffle(piece)
    return text[:start] + "".join(piece) + text[start + len(piece) :]


# (mutator, weight): the cheap ones often, the expensive ones (big or deep inputs) now and then.
MUTATORS: tuple[tuple[Mutator, int], ...] = (
    (delete_tag, 10), (unclose, 8), (duplicate_element, 8), (swap_elements, 6), (nest_table, 5),
    (hostile_span, 8), (word_fragment, 8), (cut_word_block, 6), (truncate, 6), (delete_range, 6),
    (duplicate_range, 5), (splice, 5), (hostile_chars, 8), (entities, 5), (absurd_amount, 8), (labels, 8),
    (shuffle_chars, 4), (deep_nesting, 2), (wide_row, 2), (many_rows, 1), (long_run, 2), (many_parties, 1),
)
_MUTATOR_FUNCS = [m for m, _ in MUTATORS]
_MUTATOR_WEIGHTS = [w for _, w in MUTATORS]


def mutate_text(rng: random.Random, text: str, pool: list[Seed]) -> tuple[str, list[str]]:
    applied = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 6))):
        mutator = rng.choices(_MUTATOR_FUNCS, _MUTATOR_WEIGHTS)[0]
        text = mutator(rng, text, pool)
        applied.append(mutator.__name__)
    return text, applied


# ------------------------------------------------------------------------------- body mutations

ODD_VALUES: tuple[Any, ...] = (
    None, "", 0, -1, 1.5, True, [], {}, [None], {"a": 1}, "\ud800", "a\x00b", "<script>alert(1)</script>",
    "../../etc/passwd", "javascript:alert(1)", "http://[", "//[::1", "9" * 5000, "１２３", "\u202e金融监管局",
    "国家金融监督管理总局" * 500, float("nan"), float("inf"), 10**30, "2024-13-45 25:61:61", "0000-00-00",
    "2024-01-01T00:00:00Z", "2020-03-02 18:16:50.0", "北京金融监管局", "金融监管总局", "\x00", " ",
)
BODY_FIELDS = ("docClob", "docTitle", "docSubtitle", "docSource", "documentNo", "publishDate", "pdfFileUrl",
               "attachmentInfoVOList", "listTwoItem", "docId")


def mutate_fields(rng: random.Random, data: dict[str, Any]) -> list[str]:
    """Odd types and values in a detail's fields (the docClob too, sometimes)."""
    applied = []
    for _ in range(rng.choice((1, 1, 2, 4))):
        name = rng.choice(BODY_FIELDS)
        if name == "docId" and rng.random() < 0.7:
            data[name] = str(data[name])  # a string docId is still the notice asked for
        else:
            data[name] = rng.choice(ODD_VALUES)
        applied.append(f"field:{name}")
    return applied


def _deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


BYTE_JUNK = (b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00", b"\\", b'"', b"}", b"{",
             b"\\ud800", b"\\u0000", b"NaN", b"Infinity", b"-", b"1e999999", b"9" * 5000)


def mutate_bytes(rng: random.Random, body: bytes) -> tuple[bytes, list[str]]:
    kind = rng.choice(("truncate", "junk", "flip", "prefix", "deep", "replace", "huge-number", "envelope"))
    if kind == "truncate":
        body = body[: rng.randint(0, len(body))]
    elif kind == "junk":
        at = rng.randint(0, len(body))
        body = body[:at] + rng.choice(BYTE_JUNK) + body[at:]
    elif kind == "flip":
        data = bytearray(body)
        for _ in range(rng.choice((1, 5, 50))):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        body = bytes(data)
    elif kind == "prefix":
        body = rng.choice((b"\xef\xbb\xbf", b"   \n", b"<!DOCTYPE html><html>", b"\x00", b"])}while(1);")) + body
    elif kind == "deep":
        depth = rng.choice((100, 2000, 100_000))
        body = rng.choice((
            _deep_json(depth).encode(),
            b'{"rptCode":200,"msg":"ok","data":' + ("[" * depth).encode(),
            b'{"rptCode":200,"msg":"ok","data":{"docClob":' + _deep_json(depth).encode() + b"}}",
            b'{"rptCode":200,"data":' + ('{"a":' * depth).encode() + b"1" + b"}" * depth + b"}",
        ))
    elif kind == "huge-number":
        body = body.replace(b'"rptCode":200', b'"rptCode":' + rng.choice((b"2" + b"0" * 5000, b"200.0", b"2e2",
                                                                             b"1e999", b"-0", b"null", b'"200"')))
    elif kind == "envelope":
        body = rng.choice((b"", b" ", b"null", b"[]", b'"x"', b"{}", b'{"rptCode":200}', b'{"rptCode":200,"data":[]}',
                           b'{"rptCode":200,"data":{"docId":1}}', b'{"rptCode":500,"msg":"\\u7cfb\\u7edf\\u9519"}'))
    else:  # a whole HTML error page, served with status 200
        body = b"<html><head><title>403 Forbidden</title></head><body>Forbidden</body></html>"
    return body, [f"bytes:{kind}"]


LIST_FIELDS = ("docId", "docSubtitle", "docTitle", "publishDate")
LIST_VALUES: tuple[Any, ...] = (*ODD_VALUES, "²", "٣", "1" * 19, "0", "-5", " 123", "123 ", 1.0, 10**18)


def mutate_list(rng: random.Random, envelope: dict[str, Any]) -> list[str]:
    """Odd rows and totals in a list page."""
    data = envelope["data"]
    applied = []
    for _ in range(rng.choice((1, 1, 2, 4))):
        roll = rng.random()
        if roll < 0.2:
            data["total"] = rng.choice((*LIST_VALUES, 2**31, 2**63, -1, 10**100, "485"))
            applied.append("list:total")
        elif roll < 0.3:
            rows = data["rows"] if isinstance(data["rows"], list) else []
            data["rows"] = rng.choice((None, {}, "rows", [None], [[]], [{}], rows * 50 if len(rows) < 100 else rows))
            applied.append("list:rows")
        elif data["rows"] and isinstance(data["rows"], list) and isinstance(data["rows"][0], dict):
            row = rng.choice(data["rows"])
            name = rng.choice(LIST_FIELDS)
            row[name] = rng.choice(LIST_VALUES)
            applied.append(f"list:{name}")
    return applied


# ---------------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Case:
    number: int
    seed_name: str
    doc_id: int
    data: dict[str, Any] | None  # the detail data, when the case starts after read_envelope
    body: bytes | None  # the response body, when the case starts at read_envelope
    mutations: tuple[str, ...]
    is_list: bool = False  # a list page's body, not a detail's

    @property
    def size(self) -> int:
        if self.body is not None:
            return len(self.body)
        clob = self.data.get("docClob") if self.data else None
        return len(clob) if isinstance(clob, str) else 0

    def describe(self) -> str:
        start = "list body" if self.is_list else "body" if self.body is not None else "docClob"
        return f"case {self.number} ({start} of {self.seed_name}, {self.size:,} chars): {', '.join(self.mutations)}"


LIST_PAGE = "list_item4293_page1.json"


def make_case(seeds: list[Seed], seed: int, number: int, fixtures: Path = FIXTURES) -> Case:
    """Case `number` of fuzz seed `seed`: deterministic, so a failure is replayed with --case.

    Three cases in four mutate a docClob; of the rest, most mutate a detail body, some a list page."""
    rng = random.Random(f"fadan-fuzz:{seed}:{number}")
    if rng.random() < 0.05:
        envelope = json.loads(_list_page(fixtures))
        mutations = mutate_list(rng, envelope)
        body = json.dumps(envelope, ensure_ascii=True).encode("utf-8")
        if rng.random() < 0.3:
            body, more = mutate_bytes(rng, body)
            mutations += more
        return Case(number, LIST_PAGE, 0, None, body, tuple(mutations), is_list=True)
    origin = rng.choice(seeds)
    data = dict(origin.data)
    doc_id = int(data["docId"])
    clob, mutations = mutate_text(rng, origin.docclob, seeds)
    data["docClob"] = clob
    if rng.random() >= 0.25 / 0.95:
        return Case(number, origin.name, doc_id, data, None, tuple(mutations))
    mutations += mutate_fields(rng, data) if rng.random() < 0.6 else []
    envelope = {"rptCode": 200, "msg": "成功", "data": data}
    # ensure_ascii escapes lone surrogates as \udxxx, as a server written in another language may send them.
    ascii_only = json.dumps(envelope, ensure_ascii=True)
    body = ascii_only.encode() if rng.random() < 0.5 or _has_surrogate(ascii_only) else (
        json.dumps(envelope, ensure_ascii=False).encode("utf-8"))
    if rng.random() < 0.5:
        body, more = mutate_bytes(rng, body)
        mutations += more
    return Case(number, origin.name, doc_id, None, body, tuple(mutations))


_LIST_CACHE: dict[Path, bytes] = {}


def _list_page(fixtures: Path) -> bytes:
    if fixtures not in _LIST_CACHE:
        _LIST_CACHE[fixtures] = (fixtures / LIST_PAGE).read_bytes()
    return _LIST_CACHE[fixtures]


def _has_surrogate(text: str) -> bool:
    return re.search(r"\\ud[89a-f]", text) is not None


@dataclass
class Outcome:
    status: str  # ok | partial | failed | list | bad-response:<kind> | raised | too-slow
    layout: str | None = None
    problems: list[str] = field(default_factory=list)  # empty when the case passed


def run_case(case: Case, store: Store | None = None) -> Outcome:
    """What the spider and ParsePipeline do with one response; with a store, StorePipeline's write too."""
    if case.is_list:
        return _run_list(case)
    try:
        data = case.data
        if case.body is not None:
            data = read_envelope(case.body)
        assert data is not None
        check_detail(data, case.doc_id)
    except BadResponse as bad:
        return _refused(bad)
    except Exception:
        return Outcome("raised", problems=[traceback.format_exc(limit=6)])
    try:
        prepared = prepare(data, 4293, BASE_URL)
        meta, fingerprint, parsed = prepared.meta, prepared.fingerprint, prepared.parsed
    except Exception:
        return Outcome("raised", problems=[traceback.format_exc(limit=8)])
    problems = check(parsed, meta)
    if store is not None and not problems:
        try:
            store.save_notice(meta, _raw_json(case), fingerprint, parsed, parser_version=PARSER_VERSION,
                              source_url=human_url(BASE_URL, meta.doc_id, 4293))
        except Exception:
            problems.append(traceback.format_exc(limit=8))
    return Outcome(parsed.parse_status, parsed.layout, problems)


def _raw_json(case: Case) -> str:
    """The body as the spider keeps it (response.text: UTF-8, undecodable bytes replaced)."""
    if case.body is not None:
        return case.body.decode("utf-8", "replace")
    return json.dumps({"rptCode": 200, "msg": "成功", "data": case.data}, ensure_ascii=True)


def _run_list(case: Case) -> Outcome:
    """What NfraSpider.parse_list does with a list page's rows."""
    assert case.body is not None
    try:
        page = list_rows(read_envelope(case.body))
        total, rows = page.total, page.rows
        doc_ids = [int(row["docId"]) for row in rows]
        titles = [notice_title(row) for row in rows]
        for row in rows:
            parse_publish_date(row.get("publishDate"))
    except BadResponse as bad:
        return _refused(bad)
    except Exception:
        return Outcome("raised", problems=[traceback.format_exc(limit=6)])
    problems = [f"list: {what}" for where, what in _bad_values(titles, "titles")]
    if not 0 <= total < MAX_TOTAL or not all(0 <= doc_id <= MAX_DOC_ID for doc_id in doc_ids):
        problems.append(f"list: total {total} or a docId out of range")
    problems += [f"list: {what}" for row in page.rejected for where, what in _bad_values(row.reason, "reason")]
    return Outcome("list-with-bad-rows" if page.rejected else "list", problems=problems)


def _refused(bad: BadResponse) -> Outcome:
    """The envelope check said no: fine, as long as its reason can be stored (fetch_failure.reason)."""
    return Outcome(f"bad-response:{bad.kind}", problems=[f"{w}: {p}" for w, p in _bad_values(bad.reason, "reason")])


def check(parsed: ParsedNotice, meta: NoticeMeta) -> list[str]:
    """What the store and the site rely on in a parse result; [] when all holds."""
    problems = []
    if not isinstance(parsed, ParsedNotice):
        return [f"read_notice returned {type(parsed).__name__}"]
    error = parsed.parse_error or ""
    if any(mark in error for mark in CATCH_ALLS):
        problems.append(f"a catch-all caught a bug: {error[:300]}")
    if parsed.layout not in LAYOUTS or parsed.parse_status not in STATUSES:
        problems.append(f"layout {parsed.layout!r}, status {parsed.parse_status!r}")
    if (parsed.parse_status == "ok") != (parsed.parse_error is None):
        problems.append(f"status {parsed.parse_status} with parse_error {parsed.parse_error!r:.80}")
    if [p.seq for p in parsed.parties] != list(range(1, len(parsed.parties) + 1)):
        problems.append("parties not numbered 1..n")
    for party in parsed.parties:
        if party.party_kind not in ("institution", "individual"):
            problems.append(f"party_kind {party.party_kind!r}")
        if party.fine_note not in (None, "joint", "each"):
            problems.append(f"fine_note {party.fine_note!r}")
        if party.decided_on is not None and not isinstance(party.decided_on, date):
            problems.append(f"decided_on {party.decided_on!r}")
    problems += [f"{where}: {what}" for where, what in _bad_values(parsed, "parse")]
    problems += [f"{where}: {what}" for where, what in _bad_values(meta, "meta")]
    return problems


def _bad_values(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Values a database rejects: integers beyond BIGINT, NUL (PostgreSQL) and lone surrogates (UTF-8)."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if not 0 <= value <= BIGINT:
            yield where, f"integer out of range: {value}"
    elif isinstance(value, str):
        if "\x00" in value:
            yield where, "NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            yield where, "lone surrogate"
    elif is_dataclass(value):
        for item in fields(value):
            yield from _bad_values(getattr(value, item.name), f"{where}.{item.name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _bad_values(item, f"{where}[{index}]")


# ---------------------------------------------------------------------------------------- report


@dataclass
class Report:
    count: int = 0
    seconds: float = 0.0
    statuses: Counter[str] = field(default_factory=Counter)
    layouts: Counter[str] = field(default_factory=Counter)
    mutations: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[Case, list[str]]] = field(default_factory=list)
    slowest: list[tuple[float, int, str]] = field(default_factory=list)  # a heap of (seconds, number, text)

    @property
    def exceptions(self) -> int:
        return len(self.failures)


class _TooSlow(BaseException):
    """Raised by the alarm in a case that runs past the time limit (a BaseException: no except catches it)."""


def _alarm(signum: int, frame: Any) -> None:
    raise _TooSlow


def run_limited(case: Case, time_limit: float | None, store: Store | None = None) -> Outcome:
    """run_case, interrupted after time_limit seconds (main thread only; None: no limit)."""
    if not time_limit:
        return run_case(case, store)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        return run_case(case, store)
    except _TooSlow:
        return Outcome("too-slow", problems=[f"took more than {time_limit:g}s: interrupted"])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fuzz(count: int, seed: int = 1, seeds: list[Seed] | None = None, keep_slowest: int = 10,
         progress: Callable[[int], None] | None = None, time_limit: float | None = None,
         store: Store | None = None) -> Report:
    """Run cases 0..count-1 of a seed. With time_limit, a case running longer is stopped and a failure;
    with a store, every parsed notice is also written to it."""
    seeds = seeds if seeds is not None else load_seeds()
    report = Report()
    started = time.perf_counter()
    for number in range(count):
        case = make_case(seeds, seed, number)
        began = time.perf_counter()
        outcome = run_limited(case, time_limit, store)
        elapsed = time.perf_counter() - began
        report.count += 1
        report.statuses[outcome.status] += 1
        if outcome.layout:
            report.layouts[outcome.layout] += 1
        report.mutations.update(name.split(":")[0] for name in case.mutations)
        if outcome.problems:
            report.failures.append((case, outcome.problems))
        entry = (elapsed, number, case.describe())
        if len(report.slowest) < keep_slowest:
            heapq.heappush(report.slowest, entry)
        else:
            heapq.heappushpop(report.slowest, entry)
        if progress is not None and (number + 1) % 1000 == 0:
            progress(number + 1)
    report.seconds = time.perf_counter() - started
    return report


def render(report: Report, seed: int, out: Any = None) -> None:
    out = out or sys.stdout
    print(f"fuzz: {report.count:,} mutated notices (seed {seed}) in {report.seconds:.1f}s "
          f"({report.seconds / max(report.count, 1) * 1000:.1f} ms each)", file=out)
    print(f"exceptions: {report.exceptions}", file=out)
    parsed = {k: v for k, v in report.statuses.items() if k in STATUSES}
    bad = {k.removeprefix("bad-response:"): v for k, v in report.statuses.items() if k.startswith("bad-response:")}
    print("parse status: " + ", ".join(f"{s} {parsed.get(s, 0)}" for s in ("ok", "partial", "failed")), file=out)
    print("layout: " + ", ".join(f"{k} {v}" for k, v in sorted(report.layouts.items())), file=out)
    print(f"list pages read: {report.statuses.get('list', 0)}", file=out)
    print("refused by the envelope checks: " + (", ".join(f"{k} {v}" for k, v in sorted(bad.items())) or "none"),
          file=out)
    print("slowest:", file=out)
    for elapsed, _, text in sorted(report.slowest, reverse=True):
        print(f"  {elapsed * 1000:8.1f} ms  {text}", file=out)
    kinds = Counter(_kind(problem) for _, problems in report.failures for problem in problems)
    for kind, n in kinds.most_common():
        print(f"  {n:5d} × {kind}", file=out)
    for case, problems in report.failures[:20]:
        print(f"FAILED {case.describe()}", file=out)
        for problem in problems[:5]:
            print("    " + problem.strip().replace("\n", "\n    "), file=out)


def _kind(problem: str) -> str:
    """A failure's kind: a traceback's last line, or the problem's text, without its figures."""
    line = problem.strip().splitlines()[-1]
    return re.sub(r"\d+", "N", line)[:140]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="mutated notices to run (default 10,000)")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same cases")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="the real samples (read, never copied)")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="the synthetic fixtures")
    parser.add_argument("--case", type=int, help="replay one case: print its mutations and its outcome")
    parser.add_argument("--save", type=Path, help="write the input of --case to this file")
    parser.add_argument("--slowest", type=int, default=10, help="how many of the slowest cases to list")
    parser.add_argument("--db", help="also write every parsed notice to this database URL (a scratch one!)")
    parser.add_argument("--time-limit", type=float, default=10.0,
                        help="seconds after which a case is stopped and counted as a failure (0: no limit)")
    args = parser.parse_args(argv)
    seeds = load_seeds(args.samples if args.samples.is_dir() else None, args.fixtures)
    if not args.samples.is_dir():
        print(f"note: no real samples at {args.samples}; fuzzing the synthetic fixtures only", file=sys.stderr)
    if args.case is not None:
        case = make_case(seeds, args.seed, args.case)
        if args.save:
            payload = case.body if case.body is not None else json.dumps(case.data, ensure_ascii=True).encode()
            args.save.write_bytes(payload)
        began = time.perf_counter()
        outcome = run_limited(case, args.time_limit)
        print(f"{case.describe()}\n→ {outcome.status} ({outcome.layout}) in {time.perf_counter() - began:.3f}s")
        for problem in outcome.problems:
            print(problem)
        return 1 if outcome.problems else 0
    store = Store(make_engine(args.db)) if args.db else None
    report = fuzz(args.count, args.seed, seeds, args.slowest,
                  progress=lambda n: print(f"... {n:,}", file=sys.stderr, flush=True), time_limit=args.time_limit,
                  store=store)
    render(report, args.seed)
    return 1 if report.exceptions else 0


if __name__ == "__main__":
    raise SystemExit(main())
