"""ReportLab's platypus without its two costliest regular expressions compiled at import (issue 18 §5).

Importing reportlab.platypus compiles, among ~100 small ones, two patterns whose character
classes run to U+FFFF: `paragraph.uri_pat` (case-insensitive, ~25 ms; only used when a style
sets uriWasteReduce, which kpcore's styles never do) and `textsplit.rx` (~3 ms; only used by
cjkwrap). While platypus loads, a pattern reaching U+FFFF that a ReportLab module compiles is
given as a LazyPattern, compiled by `re` the first time it is used; every other pattern, and
every caller outside ReportLab, gets re.compile itself. re.compile is put back afterwards.
tests/test_pdf_lazyre.py holds the lazy patterns matching as the compiled ones do.
"""
from __future__ import annotations

import re
import sys

_ATTRS = ("match", "search", "fullmatch", "split", "findall", "finditer", "sub", "subn", "scanner",
          "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """A regular expression compiled the first time any of its attributes is read; from then on
    its methods are the compiled pattern's own (bound onto this object: no indirection)."""

    def __init__(self, pattern: str, flags: int, compile_=re.compile):
        self.__dict__["_source"] = (pattern, flags, compile_)

    def __getattr__(self, name: str):
        pattern, flags, compile_ = self.__dict__["_source"]
        compiled = compile_(pattern, flags)
        self.__dict__.update({a: getattr(compiled, a) for a in _ATTRS})
        self.__dict__["compiled"] = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.__dict__['_source'][0][:40]!r}...)"


def _lazy_wanted(pattern, caller: str) -> bool:
    return isinstance(pattern, str) and "\uffff" in pattern and caller.startswith("reportlab.")


def import_platypus() -> None:
    """Import reportlab.platypus (once per process) with its U+FFFF-wide patterns left lazy."""
    if "reportlab.platypus" in sys.modules:
        return
    real = re.compile

    def compile_(pattern, flags=0):
        if _lazy_wanted(pattern, sys._getframe(1).f_globals.get("__name__", "")):
            return LazyPattern(pattern, flags, real)
        return real(pattern, flags)

    re.compile = compile_
    try:
        import reportlab.platypus  # noqa: F401
    finally:
        re.compile = real
