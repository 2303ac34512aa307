"""Writing the figures: one JSON file per run, a merged file per corpus size, and the README's table.

A stage re-run alone (a noisy figure measured again) replaces only its own figures in the merged file
`latest-n{N}.json`, so the table always shows the latest measurement of every figure.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.figures import BY_NAME, SPECS, Figure, number
from bench.machine import one_line

RESULTS = Path(__file__).resolve().parent / "results"


def figure_record(figure: Figure, measured_at: str) -> dict[str, Any]:
    return {
        "value": round(figure.value, 4),
        "unit": figure.unit,
        "target": figure.goal,
        "at_most": figure.spec.at_most,
        "met": figure.met,
        "measured_at": measured_at,
        "details": figure.details,
    }


def write_results(
    directory: Path, *, notices: int, seed: int, machine: dict[str, Any], figures: list[Figure],
    failures: dict[str, str], command: str,
) -> tuple[Path, Path, Path]:
    """Write the run's JSON, merge it into latest-n{N}.json, and write latest-n{N}.md; returns the three paths."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now().astimezone()
    stamp = now.isoformat(timespec="seconds")
    run = {
        "date": stamp,
        "notices": notices,
        "seed": seed,
        "command": command,
        "machine": machine,
        "figures": {f.name: figure_record(f, stamp) for f in figures},
        "failed_stages": failures,
    }
    run_path = directory / f"run-{now:%Y%m%d-%H%M%S}-n{notices}.json"
    run_path.write_text(json.dumps(run, ensure_ascii=False, indent=1), encoding="utf-8")

    latest_path = directory / f"latest-n{notices}.json"
    latest: dict[str, Any] = {"figures": {}}
    if latest_path.exists():
        with contextlib.suppress(OSError, json.JSONDecodeError):
            latest = json.loads(latest_path.read_text(encoding="utf-8"))
    merged_figures = {**latest.get("figures", {}), **run["figures"]}
    merged_machine = {**latest.get("machine", {}), **machine}
    latest = {**run, "machine": merged_machine, "figures": merged_figures}
    latest_path.write_text(json.dumps(latest, ensure_ascii=False, indent=1), encoding="utf-8")

    table_path = directory / f"latest-n{notices}.md"
    table_path.write_text(markdown_table(latest), encoding="utf-8")
    return run_path, latest_path, table_path


def markdown_table(results: dict[str, Any]) -> str:
    """The README's table of figures, with the date, machine and corpus size."""
    figures = results["figures"]
    dates = sorted({f["measured_at"][:10] for f in figures.values()}) or [results["date"][:10]]
    when = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    lines = [
        f"Measured {when} with `python -m bench --notices {results['notices']}` (synthetic corpus, seed "
        f"{results['seed']}) on {one_line(results['machine'])}.",
        "",
        "| Figure | Value | Target | Met |",
        "|---|---:|---:|:---:|",
    ]
    for spec in SPECS:
        record = figures.get(spec.name)
        if record is None:
            lines.append(f"| `{spec.name}` | not measured | {spec.describe_target()} | |")
            continue
        met = {True: "yes", False: "**no**", None: ""}[record["met"]]
        lines.append(f"| `{spec.name}` | {number(record['value'])} {record['unit']} | "
                     f"{BY_NAME[spec.name].describe_target(record['target'])} | {met} |")
    return "\n".join(lines) + "\n"
