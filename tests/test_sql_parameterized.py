"""SQL is parameterized everywhere: no SQL text built from values with f-strings, % or .format().

Every Python source of the project (tests aside) is parsed, and every call that runs SQL text (text(),
execute(), executemany(), executescript(), exec_driver_sql()) is checked: its SQL argument must not be an
f-string, a % or + of strings, or a .format() call (nor a variable assigned one in the same function).
Values go in as bound parameters; SQLAlchemy Core builds the rest.

A few statements interpolate identifiers (table and column names) that are constants of the code, never
data: each is listed in AUDITED with the reason it is safe. Anything else fails the test, listed.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"tests", ".venv", "public", "data", "node_modules", ".git"}
SQL_CALLS = {"text", "execute", "executemany", "executescript", "exec_driver_sql"}

# (file, the SQL argument as written) → why it is safe. Only identifiers from the code are interpolated.
AUDITED = {
    ("models/migrations.py", 'f"ALTER TABLE notice ADD COLUMN {column} {_timestamp(conn)}"'):
        "recorded migration DDL: column names from a literal tuple, the type from the dialect",
    ("models/migrations.py", '"CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "\n'
                             '                    f"applied_at {_timestamp(conn)} NOT NULL)"'):
        "recorded migration DDL: the timestamp type from the dialect",
    ("bench/parse.py", 'f"SELECT r.doc_id, n.item_id, r.body FROM notice_raw r JOIN notice n ON n.doc_id = r.doc_id "\n'
                       '                f"WHERE r.doc_id IN ({marks}) ORDER BY r.doc_id"'):
        "marks is one '?' per value: the docIds are bound parameters",
    ("sitegen/pages/downloads.py", "insert"):
        "INSERT INTO <table> (<columns>) VALUES (?, …): names from the SQLAlchemy schema, values bound",
    ("sitegen/core/database.py", """f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {order}\""""):
        "column and table names from the SQLAlchemy schema (models/tables.py), order from a literal",
    ("sitegen/pages/downloads.py", 'f"SELECT type, name, sql FROM src.sqlite_master WHERE tbl_name IN ({names}) '
                             'AND sql IS NOT NULL"'):
        "names quoted from the EXPORTED_TABLES constant",
    ("sitegen/pages/downloads.py", 'f"INSERT INTO main.{table} SELECT * FROM src.{table}"'):
        "table names from the EXPORTED_TABLES constant",
    ("sitegen/pages/downloads.py", 'f"SELECT COUNT(*) FROM main.{table}"'): "table names from EXPORTED_TABLES",
    ("sitegen/pages/downloads.py", 'f"UPDATE {table} SET {sets}"'):
        "table and column names from the SHOWN_TABLE_COLUMNS constant; the values never leave SQLite",
    ("ops/datasette.py", 'f"DROP TABLE IF EXISTS {DETAIL_TABLE}"'): "a module constant",
    ("ops/datasette.py", 'f"CREATE INDEX {DETAIL_TABLE}_{column} ON {DETAIL_TABLE} ({column})"'):
        "a module constant, column names from the FACETED constant",
    ("ops/datasette.py", 'f"CREATE INDEX {DETAIL_TABLE}_doc ON {DETAIL_TABLE} (doc_id, seq)"'): "a module constant",
    ("ops/datasette.py", 'f"DROP TABLE IF EXISTS {LABELS_TABLE}"'): "a module constant",
    ("ops/datasette.py", 'f"CREATE TABLE {LABELS_TABLE} (code TEXT PRIMARY KEY, label_zh TEXT, label_en TEXT)"'):
        "a module constant",
    ("ops/datasette.py", 'f"INSERT INTO {LABELS_TABLE} VALUES (?, ?, ?)"'):
        "a module constant; the values are bound parameters",
    ("ops/datasette.py", 'f"SELECT COUNT(*) FROM {name}"'): "table names from a literal tuple",
}


def sources() -> Iterator[Path]:
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP and not d.startswith("."))
        yield from (Path(folder) / name for name in sorted(files) if name.endswith(".py"))


def _built(node: ast.AST) -> bool:
    """SQL text built from values: an f-string with a placeholder, % or + on a string, or .format()."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return any(isinstance(side, ast.Constant | ast.JoinedStr) and not isinstance(getattr(side, "value", ""), int)
                   for side in (node.left, node.right)) or _built(node.left) or _built(node.right)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


class _Scan(ast.NodeVisitor):
    """One walk: every call with its function, and the values assigned to each name in each function."""

    def __init__(self) -> None:
        self.scope: list[ast.AST] = []
        self.calls: list[tuple[ast.Call, ast.AST | None]] = []
        self.assigned: dict[tuple[ast.AST | None, str], list[ast.AST]] = {}

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def _assign(self, target: ast.AST, value: ast.AST | None) -> None:
        if isinstance(target, ast.Name) and value is not None:
            self.assigned.setdefault((self.scope[-1] if self.scope else None, target.id), []).append(value)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._assign(target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._assign(node.target, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._assign(node.target, node.value)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.calls.append((node, self.scope[-1] if self.scope else None))
        self.generic_visit(node)


def offenders(path: Path) -> Iterator[tuple[str, int, str]]:
    """(file, line, SQL argument) of each call running SQL text built from values."""
    source = path.read_text(encoding="utf-8")
    scan = _Scan()
    scan.visit(ast.parse(source, filename=str(path)))
    relative = path.relative_to(ROOT).as_posix()
    for node, scope in scan.calls:
        if _callee(node) not in SQL_CALLS or not node.args:
            continue
        argument = node.args[0]
        if isinstance(argument, ast.Call) and _callee(argument) == "text" and argument.args:
            continue  # execute(text(…)): the text() call is checked itself
        built = _built(argument) or (
            isinstance(argument, ast.Name) and any(_built(v) for v in scan.assigned.get((scope, argument.id), []))
        )
        if built:
            yield relative, node.lineno, ast.get_source_segment(source, argument) or ast.dump(argument)


@cache
def project_offenders() -> tuple[tuple[str, int, str], ...]:
    return tuple(found for path in sources() for found in offenders(path))


def test_no_sql_is_built_from_values() -> None:
    found = project_offenders()
    unaudited = [f"{file}:{line}: {sql}" for file, line, sql in found if (file, sql) not in AUDITED]
    assert not unaudited, "SQL built with f-strings, % or .format(): pass values as bound parameters\n" + "\n".join(
        unaudited)


def test_every_audited_statement_still_exists() -> None:
    """An audit entry whose code changed or went away must go too (or be audited again)."""
    found = {(file, sql) for file, _, sql in project_offenders()}
    assert set(AUDITED) <= found, sorted(set(AUDITED) - found)


def test_the_scan_finds_what_it_is_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(conn, name, doc_id):\n"
        "    conn.execute(text(f\"SELECT * FROM notice WHERE title = '{name}'\"))\n"
        "    conn.exec_driver_sql('DELETE FROM penalty WHERE doc_id = %s' % doc_id)\n"
        "    sql = 'SELECT * FROM notice WHERE doc_id = {}'.format(doc_id)\n"
        "    cursor.execute(sql)\n"
        "    conn.execute(text('SELECT * FROM notice WHERE doc_id = :d'), {'d': doc_id})\n"
        "    cursor.execute('SELECT * FROM notice WHERE doc_id = ?', (doc_id,))\n"
        "    conn.execute(select(notice).where(notice.c.title == name))\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert sorted(line for _, line, _ in offenders(sample)) == [2, 3, 5]
    finally:
        ROOT = saved
