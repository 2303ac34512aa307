"""The import graph of the tree points down the flow, never back up (issue 14; docs/architecture.md, "Layers").

Every `import` and `from … import` in every module (at any depth, function bodies included) is read with
`ast`; a module may import its own package and the layers below it, nothing else:

    tools    tests, qa, bench        may import anything below, and each other (tests → qa, bench → qa)
             localnfra               imports nothing of the project: it is an oracle with its own truth
    product  ops (cli, nightly, publish, demo)   → sitegen, scrapers, models
             sitegen (build)                     → models
             scrapers (crawl → parse → enrich)   → models
             models (record types, store, vocabularies)  → nothing of the project

The one product module allowed to import a tool is ops.demo (the local server, the `demo` extra).

Inside sitegen the same holds one level down: `core` (reading the database, summaries, rules, the
writer and renderer) imports only itself; `pages` (one module per page family) and `search` (the index
and its page) import `core`; the passes on top (`context`, `builder`, `cli`) import any of them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {".git", ".venv", "build", "public", "data", "__pycache__", ".hypothesis", ".pytest_cache"}
PROJECT = {"models", "scrapers", "sitegen", "ops", "localnfra", "qa", "bench", "tests", "build"}

# package → the project packages it may import besides itself
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "scrapers": {"models"},
    "sitegen": {"models"},
    "build": {"sitegen"},  # build.py, the design's `python build.py`
    "ops": {"sitegen", "scrapers", "models"},
    "localnfra": set(),
    "qa": {"ops", "sitegen", "scrapers", "models"},
    "bench": {"qa", "localnfra", "ops", "sitegen", "scrapers", "models"},
    "tests": {"qa", "bench", "localnfra", "ops", "sitegen", "scrapers", "models", "build"},
}
EXCEPTIONS = {("ops.demo", "localnfra")}  # the demo command runs the local server
# sitegen's subpackage → the sitegen subpackages it may import besides itself
SITEGEN_ALLOWED: dict[str, set[str]] = {"core": set(), "pages": {"core"}, "search": {"core"}}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if SKIPPED_DIRS.intersection(rel.parts[:-1]) or (rel.parts[0] == "sitegen" and "theme" in rel.parts):
            continue
        yield ".".join(rel.with_suffix("").parts).removesuffix(".__init__"), path


def imported(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def project_imports() -> set[tuple[str, str]]:
    """(importing module, imported project package) for every import across packages."""
    edges = set()
    for name, path in modules():
        package = name.split(".")[0]
        for target in imported(ast.parse(path.read_bytes(), str(path))):
            top = target.split(".")[0]
            if top in PROJECT and top != package:
                edges.add((name, top))
    return edges


def test_every_package_of_the_tree_has_a_layer() -> None:
    packages = {name.split(".")[0] for name, _ in modules()}
    assert packages <= set(ALLOWED), f"give {packages - set(ALLOWED)} a layer in ALLOWED and in the docs"


def test_no_import_runs_back_up_the_flow() -> None:
    upward = sorted(
        (module, target) for module, target in project_imports()
        if target not in ALLOWED[module.split(".")[0]] and (module, target) not in EXCEPTIONS
    )
    assert not upward, "imports against the layers (docs/architecture.md):\n" + "\n".join(
        f"  {module} → {target}" for module, target in upward)


def test_the_exception_still_exists() -> None:
    assert project_imports() >= EXCEPTIONS, "ops.demo no longer imports localnfra: remove the exception"


def test_imports_inside_functions_count_too() -> None:
    tree = ast.parse("def f():\n    from sitegen.core.config import BuildConfig\n    import scrapers.nfra.parse\n")
    assert set(imported(tree)) == {"sitegen.core.config", "scrapers.nfra.parse"}


def test_sitegen_core_pages_search_import_down() -> None:
    upward = []
    for name, path in modules():
        parts = name.split(".")
        if parts[0] != "sitegen" or len(parts) < 2 or parts[1] not in SITEGEN_ALLOWED:
            continue
        for target in imported(ast.parse(path.read_bytes(), str(path))):
            sub = target.split(".")[1] if target.startswith("sitegen.") else None
            if target == "sitegen" or (sub is not None and sub != parts[1] and sub not in SITEGEN_ALLOWED[parts[1]]):
                upward.append(f"  {name} → {target}")
    assert not upward, "sitegen imports against its layers (docs/architecture.md):\n" + "\n".join(sorted(upward))
