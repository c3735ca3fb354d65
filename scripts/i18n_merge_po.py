"""Git merge driver for the translation catalogs (kpcore/locale/*/LC_MESSAGES/kp.po).

Two branches that each add messages touch neighbouring lines of the sorted .po files, and a
line merge then conflicts or, worse, a hand resolution keeps one side and drops the other's
translations. This driver merges message by message: every message of either side is kept; where
both sides give one message different translations, the side that changed it from the common
ancestor wins (ours when both did). The merged file is written in the catalogs' own format.

Set up once per clone (the .gitattributes entry names the driver):

    git config merge.kpo.name "translation catalogs"
    git config merge.kpo.driver "python scripts/i18n_merge_po.py %O %A %B %P"

The compiled .mo files are not merged: run `python scripts/i18n_catalogs.py` after the merge
(tests/test_i18n.py fails on a .mo that is not its .po).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from i18n_catalogs import FIXED, key  # noqa: E402


def _read(path: str, lang: str):
    with open(path, "rb") as f:
        return read_po(f, locale=lang, domain="kp")


def merge(base_path: str, ours_path: str, theirs_path: str, lang: str) -> bytes:
    base, ours, theirs = (_read(p, lang) for p in (base_path, ours_path, theirs_path))
    base_text = {key(m): m.string for m in base if m.id}
    theirs_by = {key(m): m for m in theirs if m.id}
    for k, m in theirs_by.items():
        have = ours.get(*k)
        if have is None:
            ours[m.id] = m  # only theirs has it (the catalog keys it by id and context)
        elif have.string != m.string:
            ours_changed = have.string != base_text.get(k)
            if not ours_changed or not have.string:
                have.string = m.string
                have.flags = set(m.flags)
    ours.revision_date = FIXED
    ours.creation_date = FIXED
    ours.fuzzy = False
    buf = io.BytesIO()
    write_po(buf, ours, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    base, ours, theirs, name = argv[:4]
    lang = Path(name).parts[-3] if len(Path(name).parts) >= 3 else "fi"
    data = merge(base, ours, theirs, lang)
    Path(ours).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
