"""How the rows of nfra_rows.csv were picked (run once, kept so the sampling can be read and re-run).

`python -m qa.truth.sample` prints the row indexes: a stratified random draw over publication year,
kind of institution (by the words of the party cell, or of a person's decision text) and party kind,
spread over notices (one row per notice in that draw), plus rows chosen on purpose for
the classes of error issue 11 lists. Seeded: the same CSV gives the same rows.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

REAL_ROWS = (Path(__file__).resolve().parents[3] / "shared" / "samples" / "nfra"
             / "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv")
SEED = 11
PER_STRATUM = 5

KINDS = [  # first match wins
    ("big-bank", r"工商银行|农业银行|中国银行|建设银行|交通银行|邮政储蓄|工行|农行|建行|中行|交行|邮储"),
    ("policy", r"农业发展银行|国家开发银行|进出口银行"),
    ("joint-stock", r"招商银行|浦东发展|中信银行|光大银行|华夏银行|民生银行|广发银行|平安银行|兴业银行|浙商银行"
                    r"|渤海银行|恒丰银行"),
    ("nonbank", r"汽车金融|消费金融|信托|资产管理|金融租赁|财务有限|财务公司|理财"),
    ("intermediary", r"代理|经纪|公估|保险销售"),
    ("insurer", r"保险|人寿|财险|产险|寿险"),
    ("rural", r"农村商业|农商|农村合作|联社|信用社|村镇银行"),
    ("city-bank", r"银行"),
]
# Rows picked on purpose: the classes of error of issue 11 (by their facts or party cell).
PURPOSE = [
    ("filed-terms", "主要违法违规事实", r"备案的保险条款|备案的条款|条款费率|条款和费率", 10),
    ("payment", "主要违法违规事实", r"支付", 10),
    ("trade-background", "主要违法违规事实", r"贸易背景", 6),
    ("induce-agents", "主要违法违规事实", r"诱导.{0,6}代理人", 5),
    ("obstruct-policyholder", "主要违法违规事实", r"阻碍投保人", 5),
    ("auto-finance-collection", "当事人名称", r"汽车金融", 8),
    ("checks-and-balances", "主要违法违规事实", r"相互制衡|安全隔离|不相容岗位", 8),
    ("bare-person", "当事人名称", r"^[\u4e00-\u9fff]{2,4}$", 14),
    ("person-of-several", "行政处罚内容", r"该公司|该行|该分行|该支行|该机构", 10),
]


def kind_of(row: dict[str, str]) -> str:
    text = row["当事人名称"] + " " + row["行政处罚内容"][:60]
    return next((k for k, pattern in KINDS if re.search(pattern, text)), "unknown")


def sample() -> list[tuple[int, str]]:
    with REAL_ROWS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rng = random.Random(SEED)
    strata: dict[tuple[str, str, bool], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        person = bool(re.match(r"^[\u4e00-\u9fff]{2,4}(?:[(（〔\[]|$)", row["当事人名称"]))
        strata[(row["发布日期"][:4], kind_of(row), person)].append(i)
    picked: dict[int, str] = {}
    docs: set[str] = set()  # one row per notice among the stratified draw, so issuers vary
    for key in sorted(strata):
        indexes = strata[key][:]
        rng.shuffle(indexes)
        taken = 0
        for i in indexes:
            if rows[i]["docId"] in docs:
                continue
            docs.add(rows[i]["docId"])
            picked[i] = "stratum:" + "/".join(map(str, key))
            taken += 1
            if taken >= PER_STRATUM:
                break
    for tag, column, pattern, count in PURPOSE:
        matching = [i for i, row in enumerate(rows) if re.search(pattern, row[column]) and i not in picked]
        rng.shuffle(matching)
        for i in matching[:count]:
            picked[i] = "purpose:" + tag
    return sorted(picked.items())


def second_draw(taken: set[int], count: int = 60, seed: int = 12) -> list[int]:
    """A plain random draw of rows with a party cell and facts, one per notice, outside `taken` and its
    notices: labelled after the fixes of issue 11 to check them on rows they were not made on."""
    with REAL_ROWS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rng = random.Random(seed)
    order = [i for i, row in enumerate(rows) if row["当事人名称"].strip() and row["主要违法违规事实"].strip()]
    rng.shuffle(order)
    docs: set[str] = {rows[i]["docId"] for i in taken}
    picked = []
    for i in order:
        if i in taken or rows[i]["docId"] in docs or "监管" in rows[i]["当事人名称"]:
            continue
        docs.add(rows[i]["docId"])
        picked.append(i)
        if len(picked) == count:
            break
    return sorted(picked)


if __name__ == "__main__":
    # python -m qa.truth.sample [--random SEED[:COUNT]]...: the first draw, then plain random draws of
    # COUNT rows (60 by default), each outside the rows and notices of those before it. Used in this
    # order: 12, 13 (60 rows each), then 14:80, 15:80, … 25:80 (see qa/truth/README.md).
    first = sample()
    for index, why in first:
        print(index, why, sep="\t")
    taken = {i for i, _ in first}
    draws = [sys.argv[i + 1].partition(":") for i, arg in enumerate(sys.argv[:-1]) if arg == "--random"]
    for seed_text, _, count_text in draws:
        seed = int(seed_text)
        drawn = second_draw(taken, count=int(count_text or 60), seed=seed)
        taken |= set(drawn)
        for index in drawn:
            print(index, f"random:seed{seed}", sep="\t")
