"""The catalogs' merge driver (scripts/i18n_merge_po.py) keeps both branches' messages."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def po(*entries: tuple[str | None, str, str]) -> str:
    out = HEAD
    for ctx, mid, text in entries:
        out += (f'msgctxt "{ctx}"\n' if ctx else "") + f'msgid "{mid}"\nmsgstr "{text}"\n\n'
    return out


def run(tmp_path: Path, base: str, ours: str, theirs: str) -> str:
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n_merge_po.py"), *paths,
                           "kpcore/locale/fi/LC_MESSAGES/kp.po"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return (tmp_path / "ours").read_text(encoding="utf-8")


def test_both_sides_new_messages_are_kept(tmp_path):
    base = po((None, "Close", "Sulje"))
    ours = po((None, "Close", "Sulje"), (None, "Cancel", "Peruuta"))
    theirs = po((None, "Close", "Sulje"), (None, "Delete", "Poista"), ("verb", "Open", "Avaa"))
    merged = run(tmp_path, base, ours, theirs)
    for text in ('msgstr "Peruuta"', 'msgstr "Poista"', 'msgstr "Avaa"', 'msgctxt "verb"', 'msgstr "Sulje"'):
        assert text in merged
    # sorted like the catalogs script writes them
    assert merged.index('"Cancel"') < merged.index('"Close"') < merged.index('"Delete"')


def test_the_side_that_changed_a_translation_wins(tmp_path):
    base = po((None, "Close", "Sulje"), (None, "Open", ""))
    ours = po((None, "Close", "Sulje"), (None, "Open", ""))
    theirs = po((None, "Close", "Sulje ikkuna"), (None, "Open", "Avaa"))
    merged = run(tmp_path, base, ours, theirs)
    assert 'msgstr "Sulje ikkuna"' in merged and 'msgstr "Avaa"' in merged
    # both changed it: ours is kept
    merged = run(tmp_path, base, po((None, "Close", "Sulje tämä"), (None, "Open", "")), theirs)
    assert 'msgstr "Sulje tämä"' in merged and 'msgstr "Avaa"' in merged
