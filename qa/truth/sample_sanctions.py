"""How the rows of nfra_row_sanctions_hard.csv were picked (run once, kept so the draw can be read and re-run).

`python -m qa.truth.sample_sanctions` prints row indexes of the real 派出机构 CSV whose 行政处罚内容 has
a shape the random draws of nfra_row_sanctions.csv almost never bring (they are mostly 罚款N万元 or
警告并罚款N万元 for one party): per shape, a seeded random handful, one row per notice, outside the
rows and notices already labelled there. The shapes are what makes a sanction field hard to read.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

from qa.truth.sample import REAL_ROWS

LABELLED = Path(__file__).resolve().parent / "nfra_row_sanctions.csv"
SEED = 26
# (shape, pattern on 行政处罚内容, rows): first match wins, so a row counts for one shape only.
SHAPES = [
    ("forfeiture", r"罚没", 6),
    ("multiple-of-gains", r"倍", 6),
    ("breakdown", r"其中", 6),
    ("confiscation", r"没收", 8),
    ("disqualify", r"任职资格", 8),
    ("suspend-or-revoke", r"停止接受|停业|吊销|暂停", 8),
    ("each", r"分别", 10),
    ("several-fines", r"罚款[^。；]*罚款", 10),
    ("total", r"合计|共计|总计", 10),
    ("chinese-numerals", r"[一二三四五六七八九十百千]+万?元", 8),
    ("ban-term", r"禁止", 8),
    ("person-among-several", r"对[^。；]{1,40}(?:警告|罚款)[^。]*[。；，,]\s*对", 12),
]


def draw(seed: int = SEED) -> list[tuple[int, str]]:
    with REAL_ROWS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with LABELLED.open(encoding="utf-8", newline="") as f:
        taken = {int(r["row"]) for r in csv.DictReader(f)}
    docs = {rows[i]["docId"] for i in taken}
    rng = random.Random(seed)
    shape_of: dict[int, str] = {}
    for i, row in enumerate(rows):
        cell = row["当事人名称"].strip()
        if not cell or "监管" in cell or i in taken:
            continue
        shape = next((name for name, pattern, _ in SHAPES if re.search(pattern, row["行政处罚内容"])), None)
        if shape:
            shape_of[i] = shape
    picked: list[tuple[int, str]] = []
    for name, _, count in SHAPES:
        candidates = [i for i, shape in shape_of.items() if shape == name]
        rng.shuffle(candidates)
        for i in candidates:
            if rows[i]["docId"] in docs:
                continue
            docs.add(rows[i]["docId"])
            picked.append((i, name))
            if sum(shape == name for _, shape in picked) == count:
                break
    return sorted(picked)


if __name__ == "__main__":
    for index, shape in draw():
        print(index, f"shape:{shape}", sep="\t")
