"""Moves inline (Finnish, English) text pairs into the translation catalogs (issue #16 §1).

    python scripts/i18n_codemod.py [PATH ...]      # default: dashboard/
    python scripts/i18n_codemod.py --dry-run ...   # say what would change, change nothing
    python scripts/i18n_codemod.py --table FILE:NAME[:CONTEXT]  # a table of ("fi", "en") pairs
                                                  # -> N_("en") (or NP_("CONTEXT", "en"))
    python scripts/i18n_codemod.py --mark FILE:NAME   # a table whose readers still index the pair
                                                  # (PDFs, letters): ("fi", N_("en")), so Swedish
                                                  # comes from the catalog by the English text

Re-runnable on the latest main: each run rewrites the pairs still in the code and only adds
messages; translations already in the catalogs (Swedish above all) are kept.

What it rewrites (in files that bind `L = ui.L`, or call `ui.L(...)`):
- `L("fi text", "en text")` -> `_("en text")`; the Finnish and English catalogs get the two
  texts. When the English text already stands for another Finnish text, the message gets the
  Finnish text as its context: `pgettext("fi text", "en text")`.
- `L(f"… {x} …", f"… {x} …")` -> `_("… {x} …").format(x=x)`: each placeholder is named after
  its expression (`{len(rows)}` -> `{n_rows}`, `{r['id']}` -> `{id}`); expressions that
  differ only by the language code (`fmt.date(d, "fi")` / `fmt.date(d, "en")`) become one
  expression with `ui.lang()`.
- `"fi" if <lang test> else "en"` (with `lang == "fi"`, `ui.lang() == "fi"`, `FI`) likewise.
What it leaves and lists: pairs whose two sides differ in their placeholders, pairs that are
not literals (`L(fi, en)`, `L(*TABLE[k])`), glued fragments (`L(f"…" + x, …)`) and language
codes or column names (`"name_fi" if FI else "name_en"`: the register's facts, read with
`ui.pick`): those are converted by hand.

The module-level name `_` is the translator in a rewritten file: a throwaway target named `_`
(`a, _ = ...`) is renamed `_unused` so that it cannot rebind it. Then the catalogs are
updated and compiled (scripts/i18n_catalogs.py) and the Swedish messages still to translate
are listed.
"""
from __future__ import annotations

import ast
import keyword
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n_catalogs as catalogs  # noqa: E402

ROOT = catalogs.ROOT


def q(s: str) -> str:
    """A double-quoted Python literal of s, keeping non-ASCII letters as they are."""
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    out = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", out)
    return f'"{out}"'


def _is_lang_test(node: ast.AST) -> bool:
    """`lang == "fi"`, `ui.lang() == "fi"`, `UI_LANG == "fi"`, `FI`."""
    if isinstance(node, ast.Name) and node.id == "FI":
        return True
    if (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)
            and isinstance(node.comparators[0], ast.Constant) and node.comparators[0].value == "fi"):
        left = ast.unparse(node.left)
        return left in ("lang", "ui.lang()", "UI_LANG", "self.lang", "lang()")
    return False


def _lang_neutral(src: str, lang: str) -> str:
    return re.sub(rf"""(['"]){lang}\1""", "LANG", src)


def _name_for(expr: ast.AST) -> str:
    """A placeholder name a translator can read: n, id, n_rows, due_on, ..."""
    if isinstance(expr, ast.Name):
        name = expr.id
    elif isinstance(expr, ast.Attribute):
        name = expr.attr
    elif isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, str):
        name = expr.slice.value
    elif isinstance(expr, ast.Call):
        fn = expr.func.attr if isinstance(expr.func, ast.Attribute) else getattr(expr.func, "id", "value")
        inner = _name_for(expr.args[0]) if expr.args else fn
        name = f"n_{inner}" if fn == "len" else inner if fn in ("md", "fi_date", "_date", "date", "str", "int") else fn
    elif isinstance(expr, ast.UnaryOp):
        name = _name_for(expr.operand)
    elif isinstance(expr, ast.BinOp):
        name = _name_for(expr.left)
    elif isinstance(expr, ast.BoolOp):
        name = _name_for(expr.values[0])
    else:
        name = "value"
    name = re.sub(r"\W", "_", name).strip("_").lower() or "value"
    if name[0].isdigit() or keyword.iskeyword(name):
        name = "v_" + name
    return name


# Functions other than L that take a (Finnish, English) pair: `saved("fi", "en")` becomes
# `saved(_("en"))` (the function itself is changed by hand to take one text).
PAIR_FUNCS = {"saved"}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


class Skip(Exception):
    pass


def _template(fi: ast.AST, en: ast.AST, source: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(Finnish template, English template, [(name, expression source)]) of two f-strings."""
    def parts(node, lang):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [("text", node.value)]
        if not isinstance(node, ast.JoinedStr):
            raise Skip("not a literal")
        out = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                out.append(("text", v.value))
            else:
                if v.format_spec is not None and any(not isinstance(x, ast.Constant) for x in v.format_spec.values):
                    raise Skip("a computed format spec")
                spec = "".join(x.value for x in v.format_spec.values) if v.format_spec is not None else ""
                conv = {-1: "", 115: "!s", 114: "!r", 97: "!a"}[v.conversion]
                src = ast.get_source_segment(source, v.value) or ast.unparse(v.value)
                out.append(("expr", (_lang_neutral(ast.unparse(v.value), lang), src, v.value, conv, spec)))
        return out

    pf, pe = parts(fi, "fi"), parts(en, "en")
    keys_f = [p[1][0] for p in pf if p[0] == "expr"]
    keys_e = [p[1][0] for p in pe if p[0] == "expr"]
    if set(keys_f) != set(keys_e):
        raise Skip("the two texts have different placeholders")
    names: dict[str, str] = {}
    args: list[tuple[str, str]] = []
    for kind, p in pe + pf:
        if kind != "expr" or p[0] in names:
            continue
        base = _name_for(p[2])
        name, i = base, 2
        while name in names.values():
            name, i = f"{base}{i}", i + 1
        names[p[0]] = name
        src = p[1]
        if "LANG" in p[0]:  # the same call in both languages but for its language code
            src = re.sub(r"""(['"])en\1""", "ui.lang()", ast.get_source_segment(source, p[2]) or ast.unparse(p[2]))
        if "\n" in src:
            src = ast.unparse(ast.parse(src, mode="eval"))
        args.append((name, src))

    def render(ps):
        out = []
        for kind, p in ps:
            if kind == "text":
                out.append(p.replace("{", "{{").replace("}", "}}"))
            else:
                out.append("{" + names[p[0]] + p[3] + (":" + p[4] if p[4] else "") + "}")
        return "".join(out)

    if len(args) != len(set(a for a, _b in args)):
        raise Skip("placeholder names clash")
    return render(pf), render(pe), args


class Plan:
    """The catalogs' Finnish and English as they are plus what this run adds."""

    def __init__(self):
        self.fi = {catalogs.key(m): m.string for m in catalogs.load("fi") if m.id and m.string}
        self.fill: dict[str, dict] = {"fi": {}, "en": {}}

    def call(self, fi: str, en: str) -> str:
        """The call for this pair, registering it: _("en") or pgettext("fi", "en")."""
        have = self.fi.get((en, None))
        if have in (None, fi):
            self.fi[(en, None)] = fi
            self.fill["fi"][(en, None)] = fi
            self.fill["en"][(en, None)] = en
            return f"_({q(en)})"
        self.fi[(en, fi)] = fi
        self.fill["fi"][(en, fi)] = fi
        self.fill["en"][(en, fi)] = en
        return f"pgettext({q(fi)}, {q(en)})"


def _pair(node: ast.AST):
    """The (fi, en) nodes of an L(...) call or a `fi if lang test else en` expression."""
    if isinstance(node, ast.Call) and len(node.args) == 2 and not node.keywords:
        f = node.func
        if isinstance(f, ast.Name) and f.id in PAIR_FUNCS:
            return node.args
        if (isinstance(f, ast.Name) and f.id == "L") or (isinstance(f, ast.Attribute) and f.attr == "L"
                                                         and isinstance(f.value, ast.Name) and f.value.id == "ui"):
            return node.args
    if isinstance(node, ast.IfExp) and _is_lang_test(node.test):
        if all(isinstance(x, (ast.Constant, ast.JoinedStr)) for x in (node.body, node.orelse)) and \
                all(not isinstance(x, ast.Constant) or isinstance(x.value, str) for x in (node.body, node.orelse)):
            return node.body, node.orelse
    return None


def _inner(source: str, span: tuple[int, int], pair, plan: Plan, taken) -> tuple[int, int, str] | None:
    """An `L('fi', 'en')` of two plain literals inside an f-string, found by its text (3.11
    has no columns there; such literals hold no backslash, so their text is their value)."""
    fi, en = pair
    if not all(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in (fi, en)):
        return None
    if any(s <= span[0] and span[1] <= e for s, e in taken):
        return None
    a, b = span
    pattern = (r"\bL\(\s*(['\"])" + re.escape(fi.value) + r"\1\s*,\s*(['\"])" + re.escape(en.value) + r"\2\s*\)")
    found = [m for m in re.finditer(pattern, source[a:b])]
    if not found:
        return None
    m = found[0]
    quote = m.group(1)
    if quote in en.value or quote in fi.value:
        return None
    call = plan.call(fi.value, en.value)
    call = call.replace(q(en.value), quote + en.value + quote).replace(q(fi.value), quote + fi.value + quote)
    start = a + m.start()
    if any(s <= start < e for s, e in taken):
        return None
    taken.append((start, a + m.end()))
    return start, a + m.end(), call


def rewrite(path: Path, plan: Plan, report: list[str]) -> str | None:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    edits: list[tuple[int, int, str]] = []  # (start offset, end offset, new text)
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def off(lineno, col):  # ast columns are UTF-8 byte offsets
        return starts[lineno - 1] + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))

    # Python 3.11 gives nodes inside an f-string unreliable columns: those are left alone
    in_fstring = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                  for v in node.values for inner in ast.walk(v) if inner is not v or isinstance(v, ast.FormattedValue)}
    taken: list[tuple[int, int]] = []
    used = set()
    outer = {}  # an f-string's inner node -> the span of the outermost f-string holding it
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in in_fstring:
            span = (off(node.lineno, node.col_offset), off(node.end_lineno, node.end_col_offset))
            for inner in ast.walk(node):
                outer[id(inner)] = span
    for node in ast.walk(tree):
        if id(node) in in_fstring:
            pair = _pair(node)
            if pair is None:
                continue
            edit = _inner(source, outer[id(node)], pair, plan, taken)
            if edit is None:
                report.append(f"{_rel(path)}:{node.lineno}: by hand (inside an f-string)")
            else:
                used.add("pgettext" if edit[2].startswith("pgettext(") else "_")
                edits.append(edit)
            continue
        pair = _pair(node)
        if pair is None:
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "L":
                report.append(f"{_rel(path)}:{node.lineno}: by hand (not two literals): "
                              f"{ast.unparse(node)[:100]}")
            continue
        a, b = off(node.lineno, node.col_offset), off(node.end_lineno, node.end_col_offset)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in PAIR_FUNCS:
            # only the two arguments are replaced, by the one translated text
            a = off(node.args[0].lineno, node.args[0].col_offset)
            b = off(node.args[1].end_lineno, node.args[1].end_col_offset)
        if any(s <= a < e or a <= s < b for s, e in taken):
            continue  # overlaps a pair already rewritten
        fi, en = pair
        try:
            if isinstance(fi, ast.Constant) and isinstance(en, ast.Constant):
                if not (isinstance(fi.value, str) and isinstance(en.value, str)):
                    raise Skip("not text")
                if re.fullmatch(r"[\w.]*", fi.value) and fi.value.replace("fi", "en") == en.value:
                    raise Skip("a language code or a column, not a text: ui.pick()")
                new = plan.call(fi.value, en.value)
            else:
                tf, te, args = _template(fi, en, source)
                new = plan.call(tf, te)
                if args:
                    new += ".format(" + ", ".join(f"{n}={s}" for n, s in args) + ")"
        except Skip as why:
            report.append(f"{_rel(path)}:{node.lineno}: by hand ({why}): {ast.unparse(node)[:100]}")
            continue
        used.add("pgettext" if new.startswith("pgettext(") else "_")
        if "ui.lang()" in new:
            used.add("ui")
        edits.append((a, b, new))
        taken.append((a, b))
    if not edits:
        return None
    # a module-level `_` must stay the translator: rename throwaway targets
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store) and id(node) not in in_fstring:
            a, b = off(node.lineno, node.col_offset), off(node.end_lineno, node.end_col_offset)
            edits.append((a, b, "_unused"))
    text = source
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    return _bind(text, used, path)


def _bind(text: str, used: set[str], path: Path) -> str:
    """Binds `_` / `pgettext` next to `L = ui.L` (or after `import ui`); drops an unused L."""
    if path.name == "ui.py":  # defines them
        return text
    lines = text.splitlines(keepends=True)
    want = [f"{n} = ui.{n}\n" for n in ("_", "pgettext") if n in used and not re.search(rf"^{n} = ui\.{n}$", text, re.M)]
    anchor = next((i for i, line in enumerate(lines) if line.strip() == "L = ui.L"), None)
    if anchor is None:
        anchor = next((i for i, line in enumerate(lines) if re.match(r"(import ui|from \S+ import ui)\b", line)), None)
        if anchor is None:
            raise SystemExit(f"{path}: no `import ui` to bind the translator to")
    lines[anchor + 1:anchor + 1] = want
    text = "".join(lines)
    body = re.sub(r"^L = ui\.L\n", "", text, flags=re.M)
    if not re.search(r"\bL\(", body) and not re.search(r"[^.\w]L\b(?! = ui\.L)", body):
        text = body
    return text


def table(path: Path, name: str, plan: Plan, report: list[str], context: str | None = None,
          mark: bool = False) -> str | None:
    """`NAME = {key: ("fi", "en"), ...}` (any literal, also nested) -> `{key: N_("en"), ...}`:
    every 2-tuple of texts in the assignment's value becomes an English msgid marked for
    extraction. Its readers then translate: `_(NAME[key])` / `i18n.gettext(NAME[key], lang)`
    (by hand). A tuple whose English text stands for another Finnish text is left and listed."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def off(lineno, col):
        return starts[lineno - 1] + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))

    edits = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if not any(isinstance(t, ast.Name) and t.id == name for t in targets) or node.value is None:
            continue
        for inner in ast.walk(node.value):
            # (…, "fi", "en"): the last two texts of a tuple (a score may come first) become one
            if (isinstance(inner, ast.Tuple) and len(inner.elts) >= 2
                    and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in inner.elts[-2:])
                    and (mark or not (len(inner.elts) > 2 and isinstance(inner.elts[-3], ast.Constant)
                                      and isinstance(inner.elts[-3].value, str)))):
                head = [ast.get_source_segment(source, e) for e in inner.elts[:-2]]
                fi, en = (e.value for e in inner.elts[-2:])
                if mark:  # the pair stays; its English is marked N_ (Swedish then comes from the catalog)
                    plan.fill["fi"].setdefault((en, None), fi)
                    plan.fill["en"][(en, None)] = en
                    last = inner.elts[-1]
                    edits.append((off(last.lineno, last.col_offset), off(last.end_lineno, last.end_col_offset),
                                  f"N_({q(en)})"))
                    continue
                if context:  # every entry of the table under one context: NP_("context", "en")
                    ctx = context
                    if plan.fi.get((en, context), fi) != fi:  # one English for two Finnish texts in the table
                        ctx = f"{context}: {fi}"
                    plan.fi[(en, ctx)] = fi
                    plan.fill["fi"][(en, ctx)] = fi
                    plan.fill["en"][(en, ctx)] = en
                    entry = f"NP_({q(ctx)}, {q(en)})"
                    edits.append((off(inner.lineno, inner.col_offset), off(inner.end_lineno, inner.end_col_offset),
                                  f"({', '.join(head + [entry])})" if head else entry))
                    continue
                call = plan.call(fi, en)
                if not call.startswith("_("):
                    report.append(f"{_rel(path)}:{inner.lineno}: by hand (two Finnish texts for {en!r})")
                    continue
                entry = "N_" + call[1:]
                edits.append((off(inner.lineno, inner.col_offset), off(inner.end_lineno, inner.end_col_offset),
                              f"({', '.join(head + [entry])})" if head else entry))
    if not edits:
        return None
    text = source
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    return _import_n(text, "NP_" if context else ("N_"), path)


def _import_n(text: str, marker: str = "N_", path: Path | None = None) -> str:
    """Adds `from kpcore.i18n import N_` (or NP_; `from ..i18n` inside kpcore's packages)."""
    if re.search(rf"^from \S*i18n import .*\b{marker}\b", text, re.M):
        return text
    tree = ast.parse(text)
    parts = path.resolve().relative_to(ROOT).parts if path is not None and path.resolve().is_relative_to(ROOT) else ()
    inside = bool(parts) and parts[0] == "kpcore"  # kpcore's own modules import relatively
    dots = "." * (len(parts) - 1) if inside else ""
    line = f"from {dots if inside else 'kpcore.'}i18n import {marker}\n"
    lines = text.splitlines(keepends=True)
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    ours = [n for n in top if isinstance(n, ast.ImportFrom)
            and (n.level == len(dots) if inside else (n.level == 0 and (n.module or "").startswith("kpcore")))]
    after = [n for n in ours if ast.get_source_segment(text, n) + "\n" > line]
    at = (after[0].lineno - 1) if after else max((n.end_lineno for n in ours or top), default=0)
    lines.insert(at, line)
    return "".join(lines)


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    if "--table" in argv or "--mark" in argv:  # --table FILE:NAME[:CONTEXT] ... / --mark FILE:NAME ...
        plan, report = Plan(), []
        specs = [(argv[i + 1], a == "--mark") for i, a in enumerate(argv) if a in ("--table", "--mark")]
        for spec, mark in specs:
            file, name, *context = spec.split(":")
            path = (Path.cwd() / file).resolve()
            new = table(path, name, plan, report, context[0] if context else None, mark)
            if new is None:
                report.append(f"{file}: no text pairs in {name}")
            elif not dry:
                compile(new, str(path), "exec")
                path.write_text(new, encoding="utf-8")
        print("\n".join(report))
        if not dry:
            catalogs.update(fill=plan.fill)
        return 0
    paths = [Path(a) for a in argv if not a.startswith("--")] or [ROOT / "dashboard"]
    plan, report, changed = Plan(), [], []
    for base in paths:
        base = base if base.is_absolute() else (Path.cwd() / base)
        for path in sorted([base] if base.is_file() else base.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            new = rewrite(path, plan, report)
            if new is not None:
                compile(new, str(path), "exec")  # never write a file that does not parse
                changed.append(path)
                if not dry:
                    path.write_text(new, encoding="utf-8")
    for line in report:
        print(line)
    print(f"{len(changed)} files rewritten, {len(plan.fill['en'])} messages", "(dry run)" if dry else "")
    if not dry:
        catalogs.update(fill=plan.fill)
        todo = [p for p in catalogs.problems() if p.startswith("sv: untranslated")]
        print(f"{len(todo)} Swedish messages to translate (scripts/i18n_catalogs.py --todo sv)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
