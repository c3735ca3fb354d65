"""kpcore's module import graph, read statically (ast), has no circles (issue 18 §1, §4).

The rule chosen: EVERY `import` / `from ... import` of a kpcore module counts, at module level
and inside functions alike: a function-level import is a real dependency (it runs the first time
the function is called), and the circles the issue names (notice, quarter, record, db <->
migrations) were all function-level. Only imports under `if TYPE_CHECKING:` do not count (they
never run). Importing `a.b.c` also runs the packages `a.b` above it, so that is an edge to them
too (except to the importer's own packages, which are already being imported).

Checked:
- no cycle in the graph of imports that run at import time (module level);
- no cycle at all in the full graph, except the groups in LAZY_CYCLES below: each is a set of
  rule modules that call each other through function-level imports (the request workflow). The
  list must match exactly, so a new circle fails and a removed one must be struck off;
- the PDF builders (kpcore.pdf.*) import only each other and the leaf modules in LEAVES (labels,
  formats, errors, escaping: none of which imports a rule module): they take data;
- no module outside kpcore.cli imports kpcore.cli.
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Groups of rule modules still calling each other lazily. (The request workflow's circle is gone,
# issue 18 §4: kpcore.workflow runs a task's connector or the register's erasure above the rule
# modules; see test_the_request_modules_stand_in_layers.)
LAZY_CYCLES: list[set[str]] = []  # (kpcore.imports <-> kpcore.marketing went, issue 18 §4: both read
# files with kpcore.filetext and addresses with kpcore.addresses)

# What a PDF builder may import besides kpcore.pdf.*: texts, formats, errors; no rules.
LEAVES = {"kpcore.models", "kpcore.fmt", "kpcore.i18n", "kpcore.errors", "kpcore.safety"}


def _modules(root: Path) -> dict[str, Path]:
    out = {}
    for p in (root / "kpcore").rglob("*.py"):
        parts = list(p.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of import nodes under `if TYPE_CHECKING:` (never run)."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                skip |= {id(n) for n in ast.walk(sub)}
    return skip


@functools.lru_cache(maxsize=4)
def import_graph(root: Path = ROOT) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(full graph, import-time graph): module -> the kpcore modules it imports."""
    mods = _modules(root)
    full: dict[str, set[str]] = {}
    eager: dict[str, set[str]] = {}
    for m, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        pkg = m if path.name == "__init__.py" else m.rpartition(".")[0]
        skip = _type_checking_only(tree)
        top = {id(n) for stmt in tree.body if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                     ast.ClassDef))
               for n in ast.walk(stmt)}
        full[m], eager[m] = set(), set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                    base = ".".join(base + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for t in targets:
                while t and t not in mods:
                    t = t.rpartition(".")[0]
                if not t or t == m or m.startswith(t + "."):
                    continue
                hits = {t}
                up = t.rpartition(".")[0]
                while up:
                    if up != m and not m.startswith(up + "."):
                        hits.add(up)
                    up = up.rpartition(".")[0]
                full[m] |= hits
                if id(node) in top:
                    eager[m] |= hits
    return full, eager


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan), plus self-loops."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph.get(v, ()):
                out.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_checker_finds_a_function_level_circle_and_ignores_type_checking(tmp_path):
    pkg = tmp_path / "kpcore"
    (pkg / "pdf").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "pdf" / "__init__.py").write_text("")
    (pkg / "rule.py").write_text("from .pdf import doc\n")
    (pkg / "pdf" / "doc.py").write_text("def build():\n    from ..rule import LABELS\n")
    (pkg / "typed.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .rule import X\n")
    (pkg / "rule2.py").write_text("from . import typed\n")
    full, eager = import_graph(tmp_path)
    assert cycles(full) == [{"kpcore.rule", "kpcore.pdf.doc"}]
    assert cycles(eager) == []
    assert "kpcore.rule" not in full["kpcore.typed"]
    assert full["kpcore.rule"] == {"kpcore.pdf", "kpcore.pdf.doc"}  # its own package kpcore is already running


def test_no_circle_among_imports_that_run_at_import_time():
    _, eager = import_graph()
    assert cycles(eager) == []


def test_no_circle_at_all_but_the_listed_lazy_groups():
    full, _ = import_graph()
    found = sorted((sorted(c) for c in cycles(full)))
    assert found == sorted(sorted(c) for c in LAZY_CYCLES), (
        "kpcore's import circles changed. A new circle: move the shared data where both can use it "
        "(a leaf module) or pass it as data. A removed one: strike it off LAZY_CYCLES.\n" + "\n".join(map(str, found)))
    named = {"kpcore.db", "kpcore.migrations", "kpcore.quarter", "kpcore.record", "kpcore.processors"}
    named |= {m for m in full if m.startswith(("kpcore.notice", "kpcore.pdf", "kpcore.cli"))}
    assert not named & set().union(*LAZY_CYCLES)


def test_pdf_builders_take_data_and_import_no_rule_module():
    full, _ = import_graph()
    for leaf in LEAVES:  # the leaves import no rule module either
        assert full[leaf] <= LEAVES | {"kpcore"}, (leaf, full[leaf] - LEAVES)
    for m, targets in sorted(full.items()):
        if m.startswith("kpcore.pdf"):
            bad = {t for t in targets if not t.startswith("kpcore.pdf") and t not in LEAVES | {"kpcore"}}
            assert not bad, f"{m} imports {sorted(bad)}: a PDF builder takes its data from the caller"


def test_nothing_outside_the_cli_imports_the_cli():
    full, _ = import_graph()
    bad = {m: sorted(t for t in ts if t == "kpcore.cli" or t.startswith("kpcore.cli."))
           for m, ts in full.items() if not (m == "kpcore.cli" or m.startswith("kpcore.cli."))}
    assert not {m: t for m, t in bad.items() if t}


# The request modules from the bottom up (kpcore/workflow.py's docstring): each may import only
# those listed before it. A module importing one above it would be the old circle coming back.
# (The README's layout section lists them in this order.)
REQUEST_LAYERS = ["kpcore.identity", "kpcore.request_history", "kpcore.deadlines", "kpcore.connectors.table",
                  "kpcore.connectors.register", "kpcore.connectors", "kpcore.systems", "kpcore.art19", "kpcore.tasks",
                  "kpcore.requests", "kpcore.sar", "kpcore.erasure", "kpcore.workflow"]


def test_the_request_modules_stand_in_layers():
    full, _ = import_graph()
    for i, m in enumerate(REQUEST_LAYERS):
        above = set(REQUEST_LAYERS[i + 1:])
        assert not full[m] & above, f"{m} imports {sorted(full[m] & above)}, which stand above it"
    users = {m for m, ts in full.items() if "kpcore.workflow" in ts}
    assert users <= {"kpcore.cli.requests"}, "only the doors (CLI, dashboard) call the workflow"
