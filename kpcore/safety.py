"""One helper per hazard: where register text meets Markdown/HTML, a spreadsheet, a terminal
or the file system. Every module that writes register text to one of those goes through here,
so a hostile value (a name like ``![p](http://host/pixel.png)``, ``=HYPERLINK(...)`` or an
ANSI escape) is shown as the text it is, never run.
"""
from __future__ import annotations

import contextlib
import html as _html
import os
import re
from pathlib import Path
from typing import IO, Iterator

from .i18n import N_  # catalog messages (issue 18 §1)

# Every character Markdown (CommonMark, GitHub flavour, Streamlit's extensions such as
# :red[...] and :material/icon:) gives a meaning to, escaped with a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=&\"'^])")
# GitHub-flavoured Markdown (remark-gfm, as Streamlit renders it) turns a bare URL
# ("http://...", "www.example.org") into a link AFTER escapes are resolved, so escaping cannot
# stop it: an invisible WORD JOINER (U+2060) after the scheme's colon or after "www" does.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<![a-z0-9])(www)(?=\.)")
# C0 and C1 control characters except tab and newline, and DEL: NUL, BEL, ESC, CSI, ...
CONTROL_PATTERN = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # also used as an Arrow (RE2) pattern by imports
_CONTROL = re.compile(CONTROL_PATTERN)
CONTROL_REASON = N_("contains a control character (NUL, ESC, BEL, ...; only tab and line break are allowed)")
ONE_LINE_REASON = N_("is one line: it must not contain a line break, tab or other control character")
_CONTROL_ANY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md(value, *, inline: bool = True) -> str:
    """Register text as Markdown that renders exactly as the text (no link, image, bold,
    heading, list, HTML, Streamlit directive, nor a bare URL made a link: a bare URL gets an
    invisible word joiner after its scheme or "www"). `inline` folds line breaks into spaces so a
    value cannot start a new block inside a table cell or a sentence."""
    if value is None:
        return ""
    text = str(value)
    if inline:
        text = re.sub(r"[\r\n]+", " ", text)
    text = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def html(value) -> str:
    """Register text inside HTML (element content or a quoted attribute)."""
    return "" if value is None else _html.escape(str(value), quote=True)


def cell(value):
    """A value for a CSV or XLSX cell: text a spreadsheet would run as a formula (starting with
    =, +, -, @, tab or CR) gets a leading apostrophe and stays text (OWASP's CSV injection
    advice). Numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def row(values) -> list:
    """`cell` over a whole row."""
    return [cell(v) for v in values]


def has_control(value) -> bool:
    """True when the text holds a control character (NUL, BEL, ESC, ...; tab and newline are
    allowed) — refused at import and intake."""
    return isinstance(value, str) and bool(_CONTROL.search(value))


def not_one_line(value) -> bool:
    """True when text that must be one line (a name, an identifier, a reference) holds a line
    break, a tab or any other control character."""
    return isinstance(value, str) and (bool(_CONTROL.search(value)) or "\n" in value or "\t" in value)


def refuse_control(fields: dict, summary: str = N_("nothing was saved"), *, one_line: bool = False) -> None:
    """#15 §1: ValidationFailed naming every field whose text holds a control character (see
    has_control; with `one_line` also a line break or tab), before anything is written. Values
    that are not text are not looked at."""
    from .errors import Problem, ValidationFailed

    if one_line:
        bad = [Problem(0, name, ONE_LINE_REASON) for name, value in fields.items() if not_one_line(value)]
    else:
        bad = [Problem(0, name, CONTROL_REASON) for name, value in fields.items() if has_control(value)]
    if bad:
        raise ValidationFailed(bad, summary)


def terminal(value) -> str:
    """Text safe to print to a terminal: control characters (ESC sequences, BEL, backspace,
    bidi overrides) are shown as their code point, e.g. ``<U+001B>``, instead of acting."""
    if value is None:
        return ""
    return _CONTROL_ANY.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(value))


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """While inside, every file this process creates is readable by its owner only (0600),
    including files created by libraries (DuckDB's database and WAL, openpyxl, ReportLab)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def open_private(path: str | os.PathLike, mode: str = "wb", **kwargs) -> IO:
    """Open a file for writing that is created 0600 (and made 0600 if it already existed)."""
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with contextlib.suppress(OSError):
        os.fchmod(fd, 0o600)
    return os.fdopen(fd, mode, **kwargs)


def write_private(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write `data` to a 0600 file; returns the path."""
    mode = "wb" if isinstance(data, bytes) else "w"
    kwargs = {} if isinstance(data, bytes) else {"encoding": "utf-8"}
    with open_private(path, mode, **kwargs) as fh:
        fh.write(data)
    return Path(path)
