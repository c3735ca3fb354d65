"""The translation catalogs' upkeep, with Babel (issue #16 §1): extract, update, compile.

    python scripts/i18n_catalogs.py            # extract from kpcore/ and dashboard/, update the
                                               # three .po files, compile the .mo files
    python scripts/i18n_catalogs.py --check    # only say what is missing or stale (exit 1)
    python scripts/i18n_catalogs.py --todo sv > todo.json   # what Swedish lacks, Finnish beside
    python scripts/i18n_catalogs.py --fill sv todo.json     # ... translated: into the catalog

The same steps as `pybabel extract --no-location --sort-output -o kp.pot . && pybabel update
-i kp.pot -d kpcore/locale -D kp --no-fuzzy-matching --ignore-obsolete && pybabel compile -d
kpcore/locale -D kp`, through Babel's API, with two differences: messages are read with `ast`
(pybabel's Python extractor does not look inside f-strings on Python 3.11), and header dates are
fixed so that two engineers' runs write the same bytes (the .po files merge line by line: no
locations, sorted by msgid).

A new message gets an empty msgstr in every catalog; tests/test_i18n.py fails until each has
its translation (English too: the msgid is the English source text, its msgstr is explicit).
scripts/i18n_codemod.py fills Finnish and English from the L(fi, en) pairs it rewrites.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "kpcore" / "locale"
LANGS = ("fi", "sv", "en")
DOMAIN = "kp"
SOURCES = ("kpcore", "dashboard")
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2), "NN_": (1, 2)}  # NP_(context, msgid): a table entry with a context
FIXED = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)  # header dates: no churn between runs


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return po_path(lang, locale_dir).with_suffix(".mo")


def _catalog(locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, domain=DOMAIN, project="kpcore", version="1",
                   copyright_holder="KuntaPlus-projektipalvelu", creation_date=FIXED, revision_date=FIXED,
                   fuzzy=False)


def extract_ast(fileobj, keywords, comment_tags, options):
    """Babel's extraction method for Python, read through `ast`: Babel's own tokenizer sees an
    f-string as one token on Python 3.11 and misses `f"**{_('Name')}:**"`."""
    import ast

    tree = ast.parse(fileobj.read().decode("utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
        if name not in keywords or not node.args:
            continue
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args)
        found.append((node.lineno, name, args if len(args) > 1 else args[0], []))
    return sorted(found, key=lambda x: x[0])


def extract(root: Path = ROOT) -> Catalog:
    """Every message the code asks for (`_`, `gettext`, `ngettext`, `pgettext`, `N_`, ...)."""
    template = _catalog()
    for source in SOURCES:
        base = root / source
        for filename, lineno, message, comments, context in extract_from_dir(
                base, [("**.py", extract_ast)], keywords=KEYWORDS,
                directory_filter=lambda d: "__pycache__" not in d):
            template.add(message, None, [(f"{source}/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def load(lang: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    path = po_path(lang, locale_dir)
    if not path.exists():
        return _catalog(lang)
    with open(path, "rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def key(message) -> tuple:
    """(msgid, context); a plural message by its singular."""
    mid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return mid, message.context


def save(lang: str, catalog: Catalog, locale_dir: Path = LOCALE_DIR) -> None:
    """Writes the .po (sorted, no locations, no obsolete entries) and compiles its .mo."""
    catalog.revision_date = FIXED
    catalog.creation_date = FIXED
    catalog.fuzzy = False
    po_path(lang, locale_dir).parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
    po_path(lang, locale_dir).write_bytes(buf.getvalue())
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    mo_path(lang, locale_dir).write_bytes(buf.getvalue())


def update(fill: dict | None = None) -> dict[str, Catalog]:
    """Brings each catalog in line with the code; `fill` = {lang: {(msgid, context): text}} adds
    translations where the catalog has none yet (a translator's existing msgstr is kept)."""
    template = extract()
    out = {}
    for lang in LANGS:
        catalog = load(lang)
        # a copy each: Catalog.update adopts the template's new Message objects themselves
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True, update_creation_date=False)
        for (mid, ctx), text in (fill or {}).get(lang, {}).items():
            message = catalog.get(mid, ctx)
            have = message.string if message is not None else None
            if message is not None and (message.fuzzy or not have or (not isinstance(have, str) and not all(have))):
                # a plural message takes its forms as a tuple (Finnish, Swedish, English: two)
                message.string = tuple(text) if message.pluralizable else text
                message.flags.discard("fuzzy")
        save(lang, catalog)
        out[lang] = catalog
    return out


def problems(root: Path = ROOT, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """What tests/test_i18n.py fails on: a message the code uses but a catalog lacks, a
    catalog message the code no longer uses, an empty or fuzzy translation, a translation whose
    {placeholders} differ from the msgid's, and a .mo that is not its .po compiled."""
    import re

    found = []
    wanted = {key(m) for m in extract(root) if m.id}
    for lang in LANGS:
        catalog = load(lang, locale_dir)
        have = {key(m): m for m in catalog if m.id}
        for k in sorted(wanted - have.keys(), key=str):
            found.append(f"{lang}: not in the catalog (run scripts/i18n_catalogs.py): {k}")
        for k in sorted(have.keys() - wanted, key=str):
            found.append(f"{lang}: no longer in the code: {k}")
        for k, m in sorted(have.items(), key=lambda kv: str(kv[0])):
            strings = m.string if isinstance(m.string, (tuple, list)) else [m.string]
            if not all(strings):
                found.append(f"{lang}: untranslated: {k}")
            elif m.fuzzy:
                found.append(f"{lang}: fuzzy: {k}")
            ids = m.id if isinstance(m.id, (tuple, list)) else [m.id]
            names = set(re.findall(r"\{(\w*)[^{}]*\}", ids[-1]))
            for s in strings:
                if s and set(re.findall(r"\{(\w*)[^{}]*\}", s)) != names:
                    found.append(f"{lang}: placeholders differ from the msgid's: {k}")
        mo = mo_path(lang, locale_dir)
        if not mo.exists():
            found.append(f"{lang}: {mo.name} missing (run scripts/i18n_catalogs.py)")
            continue
        with open(mo, "rb") as f:
            compiled = {key(m): m.string for m in read_mo(f) if m.id}
        source = {k: m.string for k, m in have.items() if not m.fuzzy and all(
            m.string if isinstance(m.string, (tuple, list)) else [m.string])}
        if {k: tuple(v) if isinstance(v, list) else v for k, v in compiled.items()} != \
                {k: tuple(v) if isinstance(v, list) else v for k, v in source.items()}:
            found.append(f"{lang}: {mo.name} is not {po_path(lang, locale_dir).name} compiled (run scripts/i18n_catalogs.py)")
    return found


def todo(lang: str) -> list[dict]:
    """The messages of `lang` without a translation, with the Finnish text beside each."""
    fi = {key(m): m.string for m in load("fi") if m.id}
    return [{"msgid": key(m)[0], "context": m.context, "fi": fi.get(key(m), ""), "text": ""}
            for m in load(lang) if m.id and not m.string]


def fill_from(lang: str, path: Path) -> int:
    """Applies a JSON list of {"msgid", "context", "text"} (the --todo output, translated)."""
    import json

    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    update(fill={lang: {(r["msgid"], r.get("context")): r["text"] for r in rows if r.get("text")}})
    return len(rows)


def main(argv: list[str]) -> int:
    """[--check] | --todo LANG (JSON of what to translate) | --fill LANG FILE.json"""
    if "--todo" in argv:
        import json

        print(json.dumps(todo(argv[argv.index("--todo") + 1]), ensure_ascii=False, indent=1))
        return 0
    if "--fill" in argv:
        i = argv.index("--fill")
        fill_from(argv[i + 1], Path(argv[i + 2]))
    elif "--check" not in argv:
        update()
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
