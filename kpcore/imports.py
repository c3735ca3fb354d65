"""Importing contacts from the files people really have (CSV or XLSX) into the register.

A file is read as it comes from Finnish Excel or elsewhere: header names in Finnish or
English, delimiter `,` `;` or tab, UTF-8 (with or without BOM), UTF-16 or Windows-1252,
all detected without flags. Every row is validated before anything is written:

* email syntax (email-validator, no DNS lookups), stored lower-case: the identity people
  merge on (one person per email, several purpose links);
* phone normalised to E.164 with Finland as the default region (phonenumbers);
* names kept exactly as written (any Unicode; `<b>` and `&` are data, not markup);
* dates ISO (2026-11-24) or Finnish (24.11.2026), not in the future;
* purpose and source by key or by their Finnish or English name;
* optional columns: the source in detail (which partner, which web site: Art. 15(1)(g)),
  the last contact and the first communication of the link (kpcore.retention's anchor;
  Art. 14(3)(b)), the person's last training or support event; dates not in the future,
  a link's dates not before collection. A re-import only moves a last date later and a
  first communication earlier, and never overwrites a recorded source detail;
* minimisation, Art. 5(1)(c): a value of a category the row's purpose does not allow is
  refused (a phone number for group 2, `expert_user`); a column of a special category
  (Art. 9) or a credential refuses the whole file, naming the column;
* people on the suppression list (erased, or objected for the purpose) are counted and
  never imported; nor are rows for a person whose processing is restricted (Art. 18).

The file is one transaction: with any invalid row nothing is written unless the caller
asks to skip invalid rows, which are then written with their reasons to a CSV beside the
input. Speed matters (a million rows): columns are validated as whole Arrow arrays, only
values outside the common simple shapes go through the per-value validators, and the
register is changed by a handful of set-based statements over a registered Arrow table.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from . import safety, suppression
from .db import Query, Register
from .errors import Problem, ValidationFailed

# Fields of a contact row -> column names (normalised: lower case, '_' as space) meaning it.
# The category fields also take the aliases the register keeps in data_category.aliases.
FIELD_ALIASES = {
    "name": ["name", "nimi", "full name", "koko nimi"],
    "first_name": ["first name", "firstname", "given name", "etunimi", "etunimet"],
    "last_name": ["last name", "lastname", "surname", "family name", "sukunimi"],
    "email": ["email", "e-mail", "sähköposti", "sähköpostiosoite", "sposti", "email address", "e-mail address"],
    "phone": ["phone", "puhelin", "puhelinnumero", "puh", "matkapuhelin", "gsm", "mobile", "tel", "telephone",
              "phone number"],
    "organisation": ["organisation", "organization", "organisaatio", "org", "company", "yritys", "kunta"],
    "title": ["title", "titteli", "nimike", "tehtävänimike", "job title"],
    "purpose": ["purpose", "käyttötarkoitus", "tarkoitus", "käsittelyn tarkoitus"],
    "source": ["source", "lähde", "tietolähde"],
    "collected_at": ["collected at", "collected", "collected on", "date collected", "hankittu", "hankittu pvm",
                     "hankintapäivä", "hankintapvm", "kerätty", "keräyspäivä"],
    # Optional facts of the link and the person (kpcore.retention anchors; Art. 14(3)(b); Art. 15(1)(g)).
    "last_contact": ["last contact", "last contacted", "last contact on", "viimeisin yhteydenotto",
                     "viimeisin yhteydenpito", "viimeisin yhteys", "viimeksi yhteydessä"],
    "first_communication": ["first communication", "first contacted", "first contact", "first email",
                            "ensimmäinen yhteydenotto", "ensimmäinen viesti", "ensimmäinen yhteydenpito"],
    "last_training": ["last training", "last support", "last training or support", "viimeisin koulutus",
                      "viimeisin tukitapahtuma", "viimeisin koulutus tai tuki"],
    "source_detail": ["source detail", "source details", "source name", "lähteen tarkenne", "lähteen tarkennus",
                      "lähteen nimi", "tarkempi lähde", "mistä saatu"],
    # #11: electronic-marketing basis of a direct-marketing row and its consent (kpcore.marketing)
    "marketing_basis": ["marketing basis", "basis", "markkinointiperuste", "peruste", "sähköisen markkinoinnin peruste"],
    "consent_on": ["consent date", "consent on", "consent given", "suostumus pvm", "suostumuspäivä",
                   "suostumus annettu", "suostumuksen päivä"],
    "consent_channel": ["consent channel", "suostumuskanava", "suostumuksen kanava"],
    "consent_wording": ["consent wording", "consent version", "consent text", "suostumusteksti",
                        "suostumuksen versio", "suostumustekstin versio"],
    "consent_how": ["consent how", "consent method", "how consent was given", "suostumustapa", "miten suostumus annettu"],
    # Issue 18: the person's preferred language (fi, sv, en); kpcore.contacts.language reads the values.
    "language": ["language", "lang", "preferred language", "kieli", "asiointikieli", "äidinkieli", "språk",
                 "kontaktspråk"],
}
DATE_FIELDS = ("last_contact", "first_communication", "last_training")
CATEGORY_FIELDS = ("email", "name", "phone", "organisation", "title")
REQUIRED = ("email", "purpose", "source")

# Reasons a person reads: English in Problem.reason; reason_fi() gives the Finnish.
_REASONS_FI = {
    "missing": "puuttuu",
    "not a valid email address": "ei ole kelvollinen sähköpostiosoite",
    "not a valid phone number": "ei ole kelvollinen puhelinnumero",
    "not a date (use 2026-11-24 or 24.11.2026)": "ei ole päivämäärä (käytä muotoa 24.11.2026 tai 2026-11-24)",
    "the date is in the future": "päivämäärä on tulevaisuudessa",
    "the date is before 1900": "päivämäärä on ennen vuotta 1900",
    "the date is before the data was collected": "päivämäärä on ennen tietojen keräämistä",
    "unknown purpose (use its key or its Finnish or English name)":
        "tuntematon käyttötarkoitus (käytä sen tunnusta tai suomen- tai englanninkielistä nimeä)",
    "unknown source (use its key or its Finnish or English name)":
        "tuntematon lähde (käytä sen tunnusta tai suomen- tai englanninkielistä nimeä)",
    "longer than 500 characters": "yli 500 merkkiä",
    "contains a control character (NUL, ESC, BEL, ...; only tab and line break are allowed)":
        "sisältää ohjausmerkin (NUL, ESC, BEL, ...; vain sarkain ja rivinvaihto sallitaan)",
    "not a readable CSV file (check its character encoding, quotes and line breaks)":
        "ei luettava CSV-tiedosto (tarkista merkistö, lainausmerkit ja rivinvaihdot)",
}
UNREADABLE_CSV = "not a readable CSV file (check its character encoding, quotes and line breaks)"
MAX_TEXT = 500
CONTROL_PATTERN = safety.CONTROL_PATTERN  # what kpcore.safety.has_control finds
CONTROL_REASON = safety.CONTROL_REASON
# Bounds on what an import reads (issue #15 §3): a hostile file is refused before it can take
# the machine's memory. The file size may be changed with KP_IMPORT_MAX_MB (default 50 MB).
DEFAULT_MAX_MB = 50
MAX_ROWS = 2_000_000
MAX_COLUMNS = 200
MAX_CELL = 32_767            # characters in any one cell (Excel's own limit; MAX_TEXT applies to stored fields)
MAX_XLSX_RATIO = 100         # an XLSX entry may be at most this many times its compressed size ...
MAX_XLSX_UNPACKED = 500 * 1024 * 1024   # ... and all entries together at most this many bytes


def max_file_bytes() -> int:
    """The largest file an import (CLI or dashboard upload) accepts, in bytes."""
    from .errors import KpError

    raw = os.environ.get("KP_IMPORT_MAX_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        raise KpError(f"KP_IMPORT_MAX_MB must be a number of megabytes, not {raw[:20]!r}") from None
    if mb <= 0:
        raise KpError("KP_IMPORT_MAX_MB must be more than 0")
    return int(mb * 1024 * 1024)


class _NoPandas:
    """Import hook refusing `pandas` while an import runs (see without_pandas)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not used by a contacts import")
        return None


@contextmanager
def without_pandas():
    """pyarrow imports pandas the first time it converts a Python value (a list, a scalar), only to
    learn that the value is not a pandas object: 0.4 s of CPU in a `kp import` that uses no pandas.
    In a process that has not imported pandas, this keeps pyarrow from importing it for the
    duration (pyarrow then treats every value as the plain Python value it is) and afterwards
    lets pyarrow look again, so nothing later in the process sees a difference. A process that
    already has pandas (the dashboard) is left as it is. For one process's own command only:
    while it is in effect `import pandas` fails in every thread."""
    if "pandas" in sys.modules:
        yield
        return
    import pyarrow.lib

    sys.meta_path.insert(0, _NoPandas)
    try:
        yield
    finally:
        sys.meta_path.remove(_NoPandas)
        pyarrow.lib._pandas_api.__init__()  # forget "pandas is missing": the next conversion looks again


def _refuse(reason: str, row: int = 0, field: str = "file"):
    raise ValidationFailed([Problem(row, field, reason)], "The file was refused; nothing was written")


def reason_fi(reason: str) -> str:
    """The Finnish of a Problem.reason made by this module (the English when unknown)."""
    if reason in _REASONS_FI:
        return _REASONS_FI[reason]
    m = re.match(r"purpose (\S+) does not allow (.+) \(minimisation\)$", reason)
    if m:
        return f"käyttötarkoitus {m.group(1)} ei salli tietoa {m.group(2)} (tietojen minimointi)"
    m = re.match(r"column holds (a special category of personal data \(GDPR Art\. 9\)|a password or other credential): "
                 r"(.+); the register", reason)
    if m:
        what = ("erityiseen henkilötietoryhmään kuuluvia tietoja (tietosuoja-asetuksen 9 art.)"
                if m.group(1).startswith("a special") else "salasanoja tai muita tunnistetietoja")
        return f"sarake sisältää {what}: {m.group(2)}; rekisteri ei käsittele niitä. Poista sarake ja tuo uudelleen"
    m = re.match(r"no (\w+) column", reason)
    if m:
        return f"tiedostosta puuttuu sarake: {m.group(1)} ({reason.split('(', 1)[-1].rstrip(')')})"
    m = re.match(r"expected (\d+) fields, found (\d+)$", reason)
    if m:
        return f"odotettiin {m.group(1)} kenttää, löytyi {m.group(2)}"
    return reason


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do). Counts only, no personal data."""

    rows: int                  # data rows read (blank rows not counted)
    people: int                # new people added to the register
    new_links: int             # new purpose links (person x purpose)
    merged: int                # rows that merged into a person an earlier row or the register had
    suppressed: int            # rows refused: the person is on the suppression list
    restricted: int            # rows refused: the person's processing is restricted (Art. 18)
    rejected: int              # invalid rows (skipped with skip_invalid)
    problems: tuple[Problem, ...] = ()
    rejected_csv: str | None = None   # path of the rejected-rows CSV, when one was written
    dry_run: bool = False
    columns: tuple[tuple[str, str], ...] = ()   # (column in file, field it was read as)
    ignored_columns: tuple[str, ...] = ()       # columns not imported
    rejected_data: bytes | None = field(default=None, repr=False)  # the rejected-rows CSV itself
    # #11: imported direct-marketing rows by (basis, how it was decided: column / consent_columns /
    # organisation_domain) and their count; `classified_rows` gives each row's.
    classification: tuple[tuple[str, str, int], ...] = ()
    classified_rows: tuple[tuple[int, str, str], ...] = field(default=(), repr=False)
    suppressed_by_purpose: tuple[tuple[str, int], ...] = ()   # rows skipped per purpose (objections are per purpose)

    @property
    def imported_rows(self) -> int:
        return self.rows - self.rejected - self.suppressed - self.restricted

    def summary(self) -> dict[str, Any]:
        return {"rows": self.rows, "people": self.people, "new_links": self.new_links, "merged": self.merged,
                "suppressed": self.suppressed, "restricted": self.restricted, "rejected": self.rejected,
                "rejected_csv": self.rejected_csv, "dry_run": self.dry_run,
                "ignored_columns": list(self.ignored_columns),
                "marketing_basis": {f"{b}/{by}": n for b, by, n in self.classification},
                "suppressed_by_purpose": dict(self.suppressed_by_purpose)}


@dataclass
class ParsedFile:
    """A file read into columns of text, with its header mapped to contact fields."""

    table: Any                          # pyarrow.Table, one string column per field found
    columns: list[tuple[str, str]]      # (header as written, field)
    ignored: list[str]                  # headers not imported
    encoding: str
    delimiter: str | None


# --------------------------------------------------------------------------- reading


def normalise_header(text: Any) -> str:
    s = str(text or "").replace("\ufeff", "").strip().lower()
    s = re.sub(r"[_\s]+", " ", s)
    return s.strip(" :*")


UTF16_NO_BOM = ("the file looks like UTF-16 text without a byte-order mark; save it as CSV UTF-8 "
                "(Excel: \"CSV UTF-8\") and import again")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _decode(data: bytes) -> tuple[bytes, str]:
    """(the bytes as UTF-8, encoding name): BOMs first, then strict UTF-8, else Windows-1252.

    A file that is neither (UTF-8 lines among Windows-1252 ones, as when two exports are
    pasted together) is refused naming its first line of the other kind, not silently
    mis-decoded; UTF-16 without a byte-order mark is recognised by its zero bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").encode("utf-8"), "utf-16"
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):  # every other byte zero: UTF-16
        _refuse(UTF16_NO_BOM)
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError as exc:
        utf8 = _UTF8_SEQUENCE.search(data)
        if utf8 is not None:  # valid UTF-8 characters and bytes that are not UTF-8: two encodings
            first_bad = exc.start
            line_utf8 = data.count(b"\n", 0, utf8.start())
            line_bad = data.count(b"\n", 0, first_bad)
            row = max(line_utf8, line_bad)  # the header is line 0, so this is the data row
            _refuse(f"mixed character encodings: line {line_utf8 + 1} is UTF-8 but line {line_bad + 1} is not "
                    f"(Windows-1252?); save the whole file in one encoding (CSV UTF-8) and import again", row)
        return data.decode("cp1252", errors="replace").encode("utf-8"), "windows-1252"


def _first_line(body: bytes) -> str:
    end = body.find(b"\n")
    return (body if end < 0 else body[:end]).decode("utf-8", errors="replace").rstrip("\r")


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: 0 for d in (";", ",", "\t")}
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_cell_lengths(data: bytes) -> None:
    """Refuse a CSV holding a cell longer than any allowed one BEFORE it is decoded or parsed, so
    a hostile file (a 200 MB cell) costs no more memory than its bytes (#15 §3: peak <= 500 MB).

    A cell of MAX_CELL characters takes at most 4 * MAX_CELL + 2 bytes (UTF-8 or UTF-16, quoted;
    a doubled quote is 2 bytes for 1 character), and a delimiter or line break inside quotes only
    makes the runs between them shorter, so a longer run of bytes without either is a cell that
    would be refused anyway. Scanned in 4 MB blocks (numpy), whatever the file holds."""
    import numpy as np

    delimiter = ord(_sniff_delimiter(_first_line(data[:1 << 16])))
    limit = 4 * MAX_CELL + 2
    arr = np.frombuffer(data, dtype=np.uint8)
    block = 1 << 22
    # A run without a separator lies within a line: when no line is longer than the limit, no run
    # is either. Lines first (one comparison over the bytes instead of two, far fewer positions).
    line_run = 0
    for start in range(0, len(arr), block):
        breaks = np.flatnonzero(arr[start:start + block] == 10)
        if len(breaks) == 0:
            line_run += min(block, len(arr) - start)
        elif line_run + int(breaks[0]) > limit or (len(breaks) > 1 and int(np.diff(breaks).max()) - 1 > limit):
            break
        else:
            line_run = min(block, len(arr) - start) - int(breaks[-1]) - 1
        if line_run > limit:
            break
    else:
        return
    run = 0  # the run of bytes without a separator reaching into the block from before it
    for start in range(0, len(arr), block):
        chunk = arr[start:start + block]
        seps = np.flatnonzero((chunk == 10) | (chunk == delimiter))
        if len(seps) == 0:
            run += len(chunk)
            end = start + len(chunk) if run > limit else None
        else:
            gaps = np.diff(seps) - 1
            worst = int(gaps.argmax()) if len(gaps) else -1
            if run + int(seps[0]) > limit:
                end = start + int(seps[0])
            elif worst >= 0 and int(gaps[worst]) > limit:
                end = start + int(seps[worst + 1])
            else:
                end = None
            run = len(chunk) - int(seps[-1]) - 1
        if end is not None:
            line = data.count(b"\n", 0, end)  # the header is line 0, so this is the data row
            _refuse(f"a cell longer than the {MAX_CELL} characters allowed (over {limit} bytes without a "
                    f"separator)", line, "row")
    if run > limit:
        _refuse(f"a cell longer than the {MAX_CELL} characters allowed (over {limit} bytes without a "
                f"separator)", data.count(b"\n"), "row")


def _category_aliases(q: Query) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """(alias -> field for contact fields, [(alias, key, kind, name_en)] for refused kinds)."""
    fields: dict[str, str] = {}
    for f, names in FIELD_ALIASES.items():
        for n in names:
            fields[n] = f
    refused = []
    for c in q.all("data_categories"):
        aliases = [a.strip() for a in (c["aliases"] or "").split("|") if a.strip()]
        if c["kind"] in ("special", "credential"):
            refused += [(a, c["key"], c["kind"], f'{c["name_en"]} / {c["name_fi"]}') for a in aliases]
        elif c["key"] in CATEGORY_FIELDS:
            for a in aliases:
                fields.setdefault(a, c["key"])
    return fields, refused


def _refused_column(header: str, refused) -> tuple[str, str, str] | None:
    """The special/credential category a column name means, matched as whole words."""
    for alias, key, kind, name_en in refused:
        if header == alias or re.search(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", header):
            return key, kind, name_en
    return None


def _map_header(q: Query, headers: list[str]) -> tuple[list[tuple[int, str, str]], list[str]]:
    """[(index, header, field)] and the ignored headers; refuses special/credential columns."""
    fields, refused = _category_aliases(q)
    mapped: list[tuple[int, str, str]] = []
    ignored: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(headers):
        h = normalise_header(raw)
        shown = str(raw or "").replace("\ufeff", "").strip() or f"#{i + 1}"
        if not h:
            ignored.append(shown)
            continue
        if h in fields:
            f = fields[h]
            if f in seen:
                problems.append(Problem(0, shown, f"column means the same as column {seen[f]!r} ({f}); keep one"))
                continue
            seen[f] = shown
            mapped.append((i, shown, f))
            continue
        bad = _refused_column(h, refused)
        if bad:
            key, kind, name_en = bad
            what = ("a special category of personal data (GDPR Art. 9)" if kind == "special"
                    else "a password or other credential")
            problems.append(Problem(0, shown, f"column holds {what}: {name_en}; the register does not process "
                                              f"it. Remove the column and import again"))
            continue
        ignored.append(shown)
    got = {f for _, _, f in mapped}
    if "name" not in got and not {"first_name", "last_name"} & got:
        problems.append(Problem(0, "name", "no name column (name / nimi, or first name / etunimi and "
                                           "last name / sukunimi)"))
    for f in REQUIRED:
        if f not in got:
            problems.append(Problem(0, f, f"no {f} column ({' / '.join(FIELD_ALIASES[f][:3])})"))
    if problems:
        raise ValidationFailed(problems, "The file was refused; nothing was written")
    return mapped, ignored


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _check_zip(data: bytes) -> None:
    """An XLSX is a zip: its entries' unpacked sizes are checked BEFORE openpyxl unpacks anything
    (a 1 MB workbook holding a 1 GB cell took 2.2 GB of memory on f5bb249)."""
    import zipfile

    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # openpyxl then says it is not a readable workbook
    total = sum(e.file_size for e in entries)
    if total > MAX_XLSX_UNPACKED:
        _refuse(f"the workbook unpacks to {total // (1024 * 1024)} MB, more than the "
                f"{MAX_XLSX_UNPACKED // (1024 * 1024)} MB allowed")
    for e in entries:
        if e.file_size > 1024 * 1024 and e.file_size > MAX_XLSX_RATIO * max(e.compress_size, 1):
            _refuse(f"the workbook part {e.filename[:80]} unpacks {e.file_size // max(e.compress_size, 1)} times "
                    f"its packed size (at most {MAX_XLSX_RATIO} allowed): not an ordinary spreadsheet")


def _read_xlsx(data: bytes) -> tuple[list[str], list[list[str]]]:
    import openpyxl

    _check_zip(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a broken or encrypted workbook
        raise ValidationFailed([Problem(0, "file", f"not a readable XLSX workbook ({type(exc).__name__})")],
                               "The file was refused; nothing was written") from None
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = None
            for r in rows:
                if any(v not in (None, "") for v in r):
                    header = [_cell(v) for v in r]
                    break
            if header is None:
                continue
            width = len(header)
            if width > MAX_COLUMNS:
                _refuse(f"{width} columns, more than the {MAX_COLUMNS} allowed")
            body = []
            for r in rows:
                if len(body) >= MAX_ROWS:
                    _refuse(f"more than {MAX_ROWS:,} rows; split the file".replace(",", " "))
                vals = [_cell(v) for v in r[:width]]
                vals += [""] * (width - len(vals))
                body.append(vals)
            return header, body
    finally:
        wb.close()
    raise ValidationFailed([Problem(0, "file", "the workbook has no rows")], "The file was refused; nothing was written")


_NOT_SPACE = re.compile(rb"\S")  # bytes.strip()'s whitespace: \S finds the first byte it would keep


def _parse_csv(body: bytes, delimiter: str) -> tuple[list[str], Any, list[Problem]]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    header = next(csv.reader([_first_line(body)], delimiter=delimiter), [])
    names = [f"c{i}" for i in range(len(header))]
    bad: list[Any] = []
    end = body.find(b"\n")
    if end < 0 or _NOT_SPACE.search(body, end + 1) is None:  # a header and no rows (Arrow cannot skip a lone header)
        return header, pa.table({n: pa.array([], pa.string()) for n in names}), []

    def on_invalid(row):
        bad.append(row)
        return "skip"

    table = pcsv.read_csv(
        io.BytesIO(body),
        read_options=pcsv.ReadOptions(skip_rows=1, column_names=names, block_size=1 << 23),
        parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid),
        convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                            quoted_strings_can_be_null=False))
    problems = []
    if bad:  # rare: find the data-row numbers with the csv module (Arrow does not know them when threaded)
        reader = csv.reader(io.StringIO(body.decode("utf-8", errors="replace")), delimiter=delimiter)
        next(reader, None)
        n = 0
        for fields in reader:
            if not fields or all(not f for f in fields):
                continue
            n += 1
            if len(fields) != len(header):
                problems.append(Problem(n, "row", f"expected {len(header)} fields, found {len(fields)}"))
    return header, table, problems


def _check_cells(table, columns) -> None:
    """No cell longer than MAX_CELL characters: named by its row and column."""
    import pyarrow.compute as pc

    for header, f in columns:
        arr = table.column(f)
        if arr.num_chunks == 0 or len(arr) == 0:
            continue
        if (pc.max(pc.binary_length(arr)).as_py() or 0) <= MAX_CELL:
            continue  # no more bytes than allowed characters: read from the offsets, no decoding
        longest = pc.max(pc.utf8_length(arr)).as_py() or 0
        if longest > MAX_CELL:
            row = pc.index(pc.greater(pc.utf8_length(arr), MAX_CELL), True).as_py() + 1
            _refuse(f"a cell of {longest} characters, more than the {MAX_CELL} allowed", row, f)


def read_file(q: Query, data: bytes, filename: str = "") -> ParsedFile:
    """Read CSV or XLSX bytes into text columns named by contact field. Raises ValidationFailed."""
    import pyarrow as pa

    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"
    if is_xlsx:
        header, rows = _read_xlsx(data)
        mapped, ignored = _map_header(q, header)
        cols = {f: pa.array([r[i].strip() if f not in ("name", "first_name", "last_name") else r[i] for r in rows],
                            pa.string()) for i, _, f in mapped}
        table, encoding, delimiter = pa.table(cols), "xlsx", None
    else:
        if not data or data.isspace():  # (not data.strip(): that copies the whole file)
            raise ValidationFailed([Problem(0, "file", "the file is empty")], "The file was refused; nothing was written")
        _check_cell_lengths(data)
        try:
            body, encoding = _decode(data)
            delimiter = _sniff_delimiter(_first_line(body))
            header, raw, structure = _parse_csv(body, delimiter)
        except (UnicodeError, csv.Error, pa.ArrowInvalid):  # not text, or quotes and line breaks in a tangle
            raise ValidationFailed([Problem(0, "file", UNREADABLE_CSV)], "The file was refused; nothing was written") from None
        if len(header) > MAX_COLUMNS:
            _refuse(f"{len(header)} columns, more than the {MAX_COLUMNS} allowed")
        if raw.num_rows > MAX_ROWS:
            _refuse(f"more than {MAX_ROWS:,} rows; split the file".replace(",", " "))
        mapped, ignored = _map_header(q, header)
        if structure:
            raise ValidationFailed(structure, "The file's rows do not match its header; nothing was written")
        table = pa.table({f: raw.column(f"c{i}") for i, _, f in mapped})
    _check_cells(table, [(h, f) for _, h, f in mapped])
    return ParsedFile(table=table, columns=[(h, f) for _, h, f in mapped], ignored=ignored,
                      encoding=encoding, delimiter=delimiter)


# --------------------------------------------------------------------------- validation

# Addresses of this plain shape are valid for email-validator too (a test holds the two
# together); anything else goes through email-validator itself.
_SIMPLE_EMAIL = (r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                 r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
_SPECIAL_TLDS = ("arpa", "invalid", "local", "localhost", "onion", "test")


def _email_slow(value: str) -> tuple[str | None, str | None]:
    from email_validator import EmailNotValidError, validate_email

    try:
        r = validate_email(value, check_deliverability=False)
        return r.normalized.lower(), None
    except EmailNotValidError:
        return None, "not a valid email address"


def simple_emails(lowered):
    """A boolean Arrow mask: addresses email-validator accepts as they are (lower-case input)."""
    import pyarrow.compute as pc

    ok = pc.match_substring_regex(lowered, _SIMPLE_EMAIL)
    ok = pc.and_(ok, pc.less_equal(pc.utf8_length(lowered), 254))
    # Where the pattern matched, the address is ASCII with exactly one '@' and ends in '.' and
    # its top-level label: the '@''s byte offset is the local part's length, and the label is a
    # special one exactly when the address ends with '.' and it (no regular-expression passes).
    ok = pc.and_(ok, pc.less_equal(pc.find_substring(lowered, "@"), 64))
    for tld in _SPECIAL_TLDS:
        ok = pc.and_(ok, pc.invert(pc.ends_with(lowered, "." + tld)))
    return ok


def _pa_strings(values):
    import pyarrow as pa

    return pa.array(list(values), pa.string())


_FI_TYPES = ("mobile", "fixed_line", "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager",
             "uan", "voicemail")  # the commonest first: each later one is tried only on the numbers still unmatched


def _fi_phone_masks(national):
    """Mask of national numbers (digits) valid in Finland, by phonenumbers' own FI metadata: the
    general pattern and the pattern of one number type, each with its possible lengths."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from phonenumbers.phonemetadata import PhoneMetadata

    md = PhoneMetadata.metadata_for_region("FI")

    def matches(desc, values):
        if desc is None or not desc.national_number_pattern:
            return None
        m = pc.match_substring_regex(values, f"^(?:{desc.national_number_pattern})$")
        lengths = [n for n in (desc.possible_length or ()) if n > 0]
        if lengths:
            length = pc.utf8_length(values)
            m = pc.and_(m, pc.is_in(length, value_set=pa.array(lengths, length.type)))
        return m.to_numpy(zero_copy_only=False)

    typed = np.zeros(len(national), dtype=bool)
    todo = np.arange(len(national))
    for t in _FI_TYPES:  # "any type matches", one type at a time over the numbers no earlier type took
        if not len(todo):
            break
        m = matches(getattr(md, t), national.take(todo) if len(todo) < len(national) else national)
        if m is not None:
            typed[todo[m]] = True
            todo = todo[~m]
    valid = np.zeros(len(national), dtype=bool)
    if typed.any():
        idx = np.flatnonzero(typed)
        general = matches(md.general_desc, national.take(idx) if len(idx) < len(national) else national)
        valid[idx] = general if general is not None else True
    return valid


def _phone_slow(value: str) -> str | None:
    import phonenumbers

    try:
        num = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def normalise_phones(trimmed):
    """E.164 strings (None where invalid) for trimmed phone texts; '' stays None, not a problem.
    Numbers of the plain Finnish shapes are checked as whole columns against phonenumbers' own
    metadata; only the others go through phonenumbers one by one."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(trimmed)
    given = pc.not_equal(trimmed, "").to_numpy(zero_copy_only=False)
    some = np.flatnonzero(given)
    values = trimmed.take(some) if len(some) < n else trimmed  # blank phones (often most) cost nothing
    cleaned = pc.replace_substring_regex(values, r"[\s\-./()]", "")
    plain = pc.match_substring_regex(cleaned, r"^(?:\+358|00358|0)[1-9][0-9]{3,14}$").to_numpy(zero_copy_only=False)
    fast = np.flatnonzero(plain)
    national = pc.replace_substring_regex(cleaned.take(fast) if len(fast) < len(cleaned) else cleaned,
                                          r"^(?:\+358|00358|0)", "")
    ok = _fi_phone_masks(national)
    e164 = pc.binary_join_element_wise("+358", national, "")
    # Each row's result by position: the fast numbers that are valid, else a null (index len(e164)).
    where = np.full(n, len(e164), dtype=np.int64)
    where[some[fast[ok]]] = np.flatnonzero(ok)
    out = pc.take(pa.concat_arrays([e164, pa.nulls(1, pa.string())]), pa.array(where))
    slow = np.flatnonzero(~plain)
    slow = np.concatenate([slow, fast[~ok]]) if (~ok).any() else slow
    if not len(slow):
        return out
    slow.sort()
    rows = some[slow]
    texts = values.take(pa.array(slow)).to_pylist()
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(out, pa.array(mask), pa.array([_phone_slow(v) for v in texts], pa.string()))


def _label(text: str) -> str:
    s = text.strip().lower().replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s)


def _lookup(q: Query, name: str) -> dict[str, str]:
    out = {}
    for r in q.all(name):
        for v in (r["key"], r["name_fi"], r["name_en"]):
            out[_label(v)] = r["key"]
    return out


def _validate(q: Query, table, today: dt.date):
    """(clean arrow table of valid rows, problems, per-row bad mask) for the parsed columns."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    names = table.column_names
    empty = pa.StringArray.from_buffers(n, pa.py_buffer(np.zeros(n + 1, np.int32).tobytes()), pa.py_buffer(b""))

    def col(f):
        return _trim(table.column(f).combine_chunks()) if f in names else empty

    # The checks that need no other column's result run beside the rest in threads (Arrow's
    # kernels release the GIL): each gives exactly what it would give in turn.
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 1)))
    try:
        return _validate_columns(q, table, today, pool, col, empty)
    finally:
        pool.shutdown(wait=True)


def _offsets(arr):
    """A string array's value offsets as numpy (no copy)."""
    import numpy as np
    import pyarrow as pa

    kind = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    return np.frombuffer(arr.buffers()[1], dtype=kind, count=len(arr) + 1, offset=arr.offset * np.dtype(kind).itemsize)


def _whole_text(arr):
    """A string column's values end to end as ONE string, without copying (its data buffer)."""
    import numpy as np
    import pyarrow as pa

    off = _offsets(arr)
    data = arr.buffers()[2]
    if data is None:
        data = pa.py_buffer(b"")
    return pa.LargeStringArray.from_buffers(1, pa.py_buffer(np.array([off[0], off[-1]], np.int64)), data)


def control_mask(arr):
    """Mask of texts holding a control character (CONTROL_PATTERN). A control character is one code
    point, so a column has one exactly when its values' text end to end has one: that single
    scan answers the usual clean column, and only a column with a hit is checked value by value."""
    import numpy as np
    import pyarrow.compute as pc

    if len(arr) == 0 or not pc.match_substring_regex(_whole_text(arr), CONTROL_PATTERN)[0].as_py():
        return np.zeros(len(arr), dtype=bool)
    return pc.match_substring_regex(arr, CONTROL_PATTERN)


def _trim(arr):
    """pc.utf8_trim_whitespace, skipped when no value can start or end with a blank: every Unicode
    blank is an ASCII byte <= 0x20 or a multi-byte character (first and last byte >= 0x80), so a
    column whose values' first and last bytes are all printable ASCII has nothing to trim."""
    import numpy as np
    import pyarrow.compute as pc

    if len(arr) == 0 or arr.null_count or arr.buffers()[2] is None:
        return pc.utf8_trim_whitespace(arr)
    off = _offsets(arr)
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    filled = off[1:] > off[:-1]
    first, last = data[off[:-1][filled]], data[off[1:][filled] - 1]
    if ((first <= 0x20) | (first >= 0x80) | (last <= 0x20) | (last >= 0x80)).any():
        return pc.utf8_trim_whitespace(arr)
    return arr


def _longer_than(arr, limit: int):
    """Mask of texts of more than `limit` characters; a column whose every text has at most `limit`
    bytes (so at most as many characters) is answered from its offsets without decoding UTF-8."""
    import numpy as np
    import pyarrow.compute as pc

    if (pc.max(pc.binary_length(arr)).as_py() or 0) <= limit:
        return np.zeros(len(arr), dtype=bool)
    return pc.greater(pc.utf8_length(arr), limit)


_CONTROL_FIELDS = ("email", "name", "first_name", "last_name", "phone", "organisation", "title", "purpose", "source",
                   "collected_at", "language")


def _validate_columns(q: Query, table, today: dt.date, pool, col, empty):
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    names = table.column_names
    control = {f: pool.submit(control_mask, table.column(f).combine_chunks()) for f in _CONTROL_FIELDS if f in names}
    phone_raw = col("phone")
    phone_job = pool.submit(normalise_phones, phone_raw)

    # Names are kept exactly as written; only surrounding blanks of split names are joined away.
    if "name" in names:
        name = table.column("name").combine_chunks()
    else:
        first, last = col("first_name"), col("last_name")
        name = pc.utf8_trim_whitespace(pc.binary_join_element_wise(first, last, " "))
    name_blank = pc.equal(pc.utf8_trim_whitespace(name), "")

    email_raw = col("email")
    lowered = pc.utf8_lower(email_raw)
    fast = simple_emails(lowered)
    email = pc.if_else(fast, lowered, pa.scalar(None, pa.string()))
    email_bad = np.zeros(n, dtype=bool)
    email_blank = pc.equal(email_raw, "").to_numpy(zero_copy_only=False)
    slow = pc.indices_nonzero(pc.and_(pc.invert(fast), pc.not_equal(email_raw, "")))
    if len(slow):  # only the addresses outside the plain shape go through email-validator
        checked = [_email_slow(v)[0] for v in email_raw.take(slow).to_pylist()]
        at = slow.to_numpy()
        email_bad[at] = [v is None for v in checked]
        mask = np.zeros(n, dtype=bool)
        mask[at] = True
        email = pc.replace_with_mask(email, pa.array(mask), pa.array(checked, pa.string()))

    from . import marketing
    personal_job = pool.submit(marketing.personal_mask, email)
    phone = phone_job.result()
    phone_bad = pc.and_(pc.not_equal(phone_raw, ""), pc.is_null(phone)).to_numpy(zero_copy_only=False)

    organisation, title = col("organisation"), col("title")

    purposes, sources = _lookup(q, "purposes"), _lookup(q, "sources")

    def keyed(raw, table_map):
        # A column holds few distinct names: normalise the distinct ones, then map back.
        enc = pc.dictionary_encode(raw)
        labels = [table_map.get(_label(v)) for v in enc.dictionary.to_pylist()]
        return pc.take(pa.array(labels, pa.string()), enc.indices)

    purpose_raw, source_raw = col("purpose"), col("source")
    purpose, source = keyed(purpose_raw, purposes), keyed(source_raw, sources)

    def parse_days(raw):
        dates = pc.dictionary_encode(raw)  # a few hundred distinct days in a million rows
        q.cursor.register("kp_import_dates", pa.table({"x": dates.dictionary}))
        try:
            parsed = q.cursor.sql("SELECT COALESCE(try_strptime(x, '%Y-%m-%d'), try_strptime(x, '%d.%m.%Y'))::DATE AS d "
                                  "FROM kp_import_dates").to_arrow_table().column("d").combine_chunks()
        finally:
            q.cursor.unregister("kp_import_dates")
        return pc.take(parsed, dates.indices)

    collected_raw = col("collected_at")
    collected = parse_days(collected_raw)
    collected_blank = pc.equal(collected_raw, "")
    collected = pc.if_else(collected_blank, pa.scalar(today, pa.date32()), collected)

    extra_dates = {}
    extra_checks = []
    for f in DATE_FIELDS:
        raw = col(f)
        value = parse_days(raw) if f in names else pa.nulls(n, pa.date32())
        blank = pc.equal(raw, "")
        value = pc.if_else(blank, pa.scalar(None, pa.date32()), value)
        extra_dates[f] = value
        extra_checks += [
            (f, pc.and_(pc.invert(blank), pc.is_null(value)), "not a date (use 2026-11-24 or 24.11.2026)"),
            (f, pc.fill_null(pc.greater(value, pa.scalar(today, pa.date32())), False), "the date is in the future")]
        if f != "last_training":  # a fact of the link: not before the data was collected
            extra_checks.append((f, pc.fill_null(pc.less(value, collected), False),
                                 "the date is before the data was collected"))
    source_detail = col("source_detail")

    from .contacts import LANGUAGE_WORDS
    language_raw = col("language")
    language = keyed(language_raw, LANGUAGE_WORDS)  # blank -> NULL: not told, Finnish is used

    checks: list[tuple[str, Any, str]] = [
        ("email", email_blank, "missing"),
        ("email", email_bad, "not a valid email address"),
        ("name", name_blank, "missing"),
        ("phone", phone_bad, "not a valid phone number"),
        ("purpose", pc.equal(purpose_raw, ""), "missing"),
        ("purpose", pc.and_(pc.not_equal(purpose_raw, ""), pc.is_null(purpose)),
         "unknown purpose (use its key or its Finnish or English name)"),
        ("source", pc.equal(source_raw, ""), "missing"),
        ("source", pc.and_(pc.not_equal(source_raw, ""), pc.is_null(source)),
         "unknown source (use its key or its Finnish or English name)"),
        ("language", pc.and_(pc.not_equal(language_raw, ""), pc.is_null(language)),
         "unknown language (use fi, sv or en, or suomi / svenska / English)"),
        ("collected_at", pc.and_(pc.invert(collected_blank), pc.is_null(collected)),
         "not a date (use 2026-11-24 or 24.11.2026)"),
        ("collected_at", pc.fill_null(pc.greater(collected, pa.scalar(today, pa.date32())), False),
         "the date is in the future"),
        ("collected_at", pc.fill_null(pc.less(collected, pa.scalar(dt.date(1900, 1, 1), pa.date32())), False),
         "the date is before 1900"),
    ]
    checks += extra_checks
    for f, arr in (("name", name), ("organisation", organisation), ("title", title), ("source_detail", source_detail)):
        checks.append((f, _longer_than(arr, MAX_TEXT), f"longer than {MAX_TEXT} characters"))
    # NUL, ESC, BEL, ... would reach a terminal, a PDF or a spreadsheet as actions, not text (#15 §1)
    for f in _CONTROL_FIELDS:
        if f in names:
            checks.append((f, control[f].result(), CONTROL_REASON))

    # Minimisation: each value present must be of a category the row's purpose allows.
    allowed: dict[str, set[str]] = {}
    for r in q.all("purpose_categories"):
        allowed.setdefault(r["purpose"], set()).add(r["category"])
    cat_names = {r["key"]: r["name_en"].lower() for r in q.all("data_categories")}
    present = {"email": pc.invert(pc.equal(email_raw, "")), "name": pc.invert(name_blank),
               "phone": pc.not_equal(phone_raw, ""), "organisation": pc.not_equal(organisation, ""),
               "title": pc.not_equal(title, "")}
    for cat in CATEGORY_FIELDS:
        for p in sorted(set(purposes.values())):
            if cat not in allowed.get(p, set()):
                mask = pc.and_(present[cat], pc.fill_null(pc.equal(purpose, p), False))
                checks.append((cat, mask, f"purpose {p} does not allow {cat_names.get(cat, cat)} (minimisation)"))

    bad = np.zeros(n, dtype=bool)
    found: list[tuple[int, int, str, str]] = []
    for order, (f, mask, reason) in enumerate(checks):
        m = mask if isinstance(mask, np.ndarray) else pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
        idx = np.flatnonzero(m)
        if len(idx):
            bad[idx] = True
            found += [(int(i), order, f, reason) for i in idx]
    found.sort()
    problems = [Problem(i + 1, f, reason) for i, _, f, reason in found]

    # #11 Direct marketing (kpcore.marketing): each row of a direct-marketing purpose gets its
    # electronic-marketing basis, from the column or derived; a personal address without consent
    # is refused (Act 917/2014 s. 200(1)).
    from . import marketing
    dm_keys = [r["key"] for r in q.all("purposes") if r["direct_marketing"]]
    is_dm = pc.fill_null(pc.is_in(purpose, value_set=_pa_strings(dm_keys)), False)
    basis_raw = col("marketing_basis")
    basis_enc = pc.dictionary_encode(basis_raw)
    basis_given = pc.take(pa.array([marketing.basis_key(v) for v in basis_enc.dictionary.to_pylist()], pa.string()),
                          basis_enc.indices)
    consent_raw = col("consent_on")
    consent_enc = pc.dictionary_encode(consent_raw)
    q.cursor.register("kp_import_dates", pa.table({"x": consent_enc.dictionary}))
    try:
        consent_days = q.cursor.sql("SELECT COALESCE(try_strptime(x, '%Y-%m-%d'), try_strptime(x, '%d.%m.%Y'))::DATE "
                                    "AS d FROM kp_import_dates").to_arrow_table().column("d").combine_chunks()
    finally:
        q.cursor.unregister("kp_import_dates")
    consent_on = pc.take(consent_days, consent_enc.indices)
    channel, wording, how = col("consent_channel"), col("consent_wording"), col("consent_how")
    has_consent_data = pc.or_(pc.not_equal(consent_raw, ""), pc.or_(pc.not_equal(channel, ""),
                              pc.or_(pc.not_equal(wording, ""), pc.not_equal(how, ""))))
    personal = personal_job.result()
    # Derived: consent data present -> consent; an organisation's address -> work role.
    derived = pc.if_else(has_consent_data, pa.scalar("consent", pa.string()),
                         pc.if_else(personal, pa.scalar(None, pa.string()), pa.scalar("work_role", pa.string())))
    basis = pc.if_else(pc.is_null(basis_given), derived, basis_given)
    basis = pc.if_else(is_dm, basis, pa.scalar(None, pa.string()))
    basis_by = pc.if_else(pc.is_null(basis_given),
                          pc.if_else(has_consent_data, pa.scalar("consent_columns", pa.string()),
                                     pa.scalar("organisation_domain", pa.string())),
                          pa.scalar("column", pa.string()))
    basis_by = pc.if_else(is_dm, basis_by, pa.scalar(None, pa.string()))
    is_consent = pc.fill_null(pc.equal(basis, "consent"), False)
    dm_checks: list[tuple[str, Any, str]] = [
        ("marketing_basis", pc.and_(is_dm, pc.fill_null(pc.equal(basis_given, "?"), False)),
         "unknown marketing basis (use work_role / työrooli, existing_customer / asiakas, consent / suostumus "
         "or none / ei)"),
        ("email", pc.and_(pc.and_(is_dm, personal), pc.invert(pc.or_(is_consent,
                                                                      pc.fill_null(pc.equal(basis, "none"), False)))),
         "a personal address (free-mail or ISP domain) is never marketed to by email without consent: "
         "give the consent (date, channel, wording version, how) or the basis none"),
        ("consent_on", pc.and_(is_consent, pc.equal(consent_raw, "")), "missing: consent needs the day it was given"),
        ("consent_on", pc.and_(is_consent, pc.and_(pc.not_equal(consent_raw, ""), pc.is_null(consent_on))),
         "not a date (use 2026-11-24 or 24.11.2026)"),
        ("consent_on", pc.and_(is_consent, pc.fill_null(pc.greater(consent_on, pa.scalar(today, pa.date32())), False)),
         "the date is in the future"),
        ("consent_channel", pc.and_(is_consent, pc.equal(channel, "")), "missing: consent needs the channel it came by"),
        ("consent_wording", pc.and_(is_consent, pc.equal(wording, "")),
         "missing: consent needs the version of the wording the person agreed to"),
        ("consent_how", pc.and_(is_consent, pc.equal(how, "")), "missing: consent needs how it was given"),
    ]
    for f, arr in (("consent_channel", channel), ("consent_wording", wording), ("consent_how", how)):
        dm_checks.append((f, _longer_than(arr, MAX_TEXT), f"longer than {MAX_TEXT} characters"))
    for f, mask, reason in dm_checks:
        m = mask if isinstance(mask, np.ndarray) else pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
        idx = np.flatnonzero(m)
        if len(idx):
            bad[idx] = True
            problems += [Problem(int(i) + 1, f, reason) for i in idx]
    problems.sort(key=lambda p: p.row)

    def consent_only(arr):
        return pc.if_else(pc.and_(is_consent, pc.not_equal(arr, "")), arr, pa.scalar(None, pa.string()))

    clean = pa.table({
        "row": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "email": email, "name": name,
        "phone": phone, "organisation": pc.if_else(pc.equal(organisation, ""), pa.scalar(None, pa.string()), organisation),
        "title": pc.if_else(pc.equal(title, ""), pa.scalar(None, pa.string()), title),
        "purpose": purpose, "source": source, "collected_on": collected,
        "marketing_basis": basis, "basis_by": basis_by,
        "consent_on": pc.if_else(is_consent, consent_on, pa.scalar(None, pa.date32())),
        "consent_channel": consent_only(channel), "consent_wording": consent_only(wording),
        "consent_how": consent_only(how),
        "last_contact_on": extra_dates["last_contact"], "first_communication_on": extra_dates["first_communication"],
        "last_training_on": extra_dates["last_training"],
        "source_detail": pc.if_else(pc.equal(source_detail, ""), pa.scalar(None, pa.string()), source_detail),
        "language": language,
    })
    return clean, problems, bad


def _rejected_csv(parsed: ParsedFile, bad, problems: list[Problem]) -> bytes:
    """The invalid rows as they were read, with their row numbers and reasons (UTF-8 BOM, ';')."""
    import numpy as np

    idx = np.flatnonzero(bad)
    reasons: dict[int, list[str]] = {}
    for p in problems:
        reasons.setdefault(p.row, []).append(f"{p.field}: {p.reason}")
    rows = parsed.table.take(idx).to_pylist()
    out = io.StringIO()
    wr = csv.writer(out, delimiter=";", lineterminator="\r\n")
    wr.writerow(safety.row(["row"] + [h for h, _ in parsed.columns] + ["reasons"]))
    for i, r in zip(idx, rows):  # the rows as read, but a formula in them stays text (#15 §2)
        wr.writerow(safety.row([int(i) + 1] + [r[f] for _, f in parsed.columns] + [" | ".join(reasons.get(int(i) + 1, []))]))
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- writing

_SUPPRESSED_ROWS = f"""
    SELECT DISTINCT i.row FROM kp_import_ok i JOIN suppression s
      ON s.hash = {suppression.sql_hash('i.email')} AND (s.purpose = '*' OR s.purpose = i.purpose)
    UNION
    SELECT DISTINCT i.row FROM kp_import_ok i JOIN suppression s
      ON i.phone IS NOT NULL AND s.hash = {suppression.sql_hash('i.phone')} AND (s.purpose = '*' OR s.purpose = i.purpose)
"""


def _apply(q: Query, clean, bad, *, dry_run: bool) -> dict[str, int]:
    """Suppression and restriction checks, then the set-based merge. Returns counts."""
    import pyarrow as pa

    ok = clean.filter(pa.array(~bad)) if bad.any() else clean  # a clean file is not copied
    cur = q.cursor
    cur.register("kp_import_ok", ok)
    try:
        cur.execute("CREATE OR REPLACE TEMP TABLE kp_import_skip (row BIGINT, why TEXT)")
        hash_params = suppression.sql_params(q)
        if hash_params:
            cur.execute(f"INSERT INTO kp_import_skip SELECT row, 'suppressed' FROM ({_SUPPRESSED_ROWS})", hash_params)
        cur.execute("""INSERT INTO kp_import_skip SELECT i.row, 'restricted' FROM kp_import_ok i
                       JOIN contact c ON c.email = i.email AND c.restricted
                       WHERE i.row NOT IN (SELECT row FROM kp_import_skip)""")
        skipped = dict(cur.execute("SELECT why, count(*) FROM kp_import_skip GROUP BY why").fetchall())
        # The rows to write: all of them when nobody was skipped (then not copied again).
        go_kind = "TABLE" if sum(skipped.values()) else "VIEW"
        cur.execute(f"""CREATE OR REPLACE TEMP {go_kind} kp_import_go AS
                        SELECT i.* FROM kp_import_ok i ANTI JOIN kp_import_skip s ON s.row = i.row""")
        # One person per email and one link per (email, purpose): the first row wins, blanks filled from
        # later rows. Most emails come once; only the rows of an email that comes again are grouped
        # (the rest are taken as they are: the same result as grouping them alone, in a third of the time).
        cur.execute("""CREATE OR REPLACE TEMP TABLE kp_import_again AS
                       SELECT email FROM kp_import_go GROUP BY email HAVING count(*) > 1""")
        cur.execute("""CREATE OR REPLACE TEMP TABLE kp_import_people AS
                       SELECT g.*, c.id AS existing_id FROM (
                           SELECT email, name, phone, organisation, title, last_training_on, language, row AS first_row
                           FROM kp_import_go ANTI JOIN kp_import_again USING (email)
                           UNION ALL
                           SELECT email,
                                  arg_min(name, row) AS name,
                                  arg_min(phone, row) FILTER (WHERE phone IS NOT NULL) AS phone,
                                  arg_min(organisation, row) FILTER (WHERE organisation IS NOT NULL) AS organisation,
                                  arg_min(title, row) FILTER (WHERE title IS NOT NULL) AS title,
                                  max(last_training_on) AS last_training_on,
                                  arg_min(language, row) FILTER (WHERE language IS NOT NULL) AS language,
                                  min(row) AS first_row
                           FROM kp_import_go SEMI JOIN kp_import_again USING (email) GROUP BY email) g
                       LEFT JOIN contact c ON c.email = g.email""")
        # With nobody already in the register the links are read once (by the insert): a view, not a copy.
        existing = cur.execute("SELECT count(existing_id) FROM kp_import_people").fetchall()[0][0]
        links_kind = "TABLE" if existing else "VIEW"
        cur.execute(f"""CREATE OR REPLACE TEMP {links_kind} kp_import_links AS
                       SELECT email, purpose, source, collected_on, last_contact_on, first_communication_on,
                              source_detail, marketing_basis, consent_on, consent_channel, consent_wording, consent_how
                       FROM kp_import_go ANTI JOIN kp_import_again USING (email)
                       UNION ALL
                       SELECT email, purpose, arg_min(source, row) AS source, arg_min(collected_on, row) AS collected_on,
                              max(last_contact_on) AS last_contact_on, min(first_communication_on) AS first_communication_on,
                              arg_min(source_detail, row) FILTER (WHERE source_detail IS NOT NULL) AS source_detail,
                              arg_min(marketing_basis, row) AS marketing_basis, arg_min(consent_on, row) AS consent_on,
                              arg_min(consent_channel, row) AS consent_channel,
                              arg_min(consent_wording, row) AS consent_wording, arg_min(consent_how, row) AS consent_how
                       FROM kp_import_go SEMI JOIN kp_import_again USING (email) GROUP BY email, purpose""")
        # Kept as Arrow columns: Python tuples are made only if somebody reads them (--classification).
        classified = _Rows(cur.sql("SELECT row, marketing_basis, basis_by FROM kp_import_go "
                                       "WHERE marketing_basis IS NOT NULL ORDER BY row").to_arrow_table())
        suppressed_by_purpose = tuple(sorted(cur.execute(
            "SELECT i.purpose, count(*) FROM kp_import_skip s JOIN kp_import_ok i ON i.row = s.row "
            "WHERE s.why = 'suppressed' GROUP BY ALL").fetchall()))
        classification = dict(((b, by), n) for b, by, n in cur.execute(
            "SELECT marketing_basis, basis_by, count(*) FROM kp_import_go WHERE marketing_basis IS NOT NULL "
            "GROUP BY ALL").fetchall())
        rows_go = cur.execute("SELECT count(*) FROM kp_import_go").fetchall()[0][0]
        new_people = cur.execute("SELECT count(*) FROM kp_import_people WHERE existing_id IS NULL").fetchall()[0][0]
        if dry_run:
            new_links = cur.execute("""SELECT count(*) FROM kp_import_links l
                                       LEFT JOIN contact c ON c.email = l.email
                                       WHERE c.id IS NULL OR NOT EXISTS (SELECT 1 FROM contact_purpose cp
                                             WHERE cp.contact_id = c.id AND cp.purpose = l.purpose)""").fetchall()[0][0]
        else:
            cur.execute("""INSERT INTO contact (email, name, phone, organisation, title, last_training_on, language)
                           SELECT email, name, phone, organisation, title, last_training_on, language FROM kp_import_people
                           WHERE existing_id IS NULL ORDER BY first_row""")
            # Each update below touches only people (and their links) the register held before: none, none to do.
            if existing:
                # Anchor dates only move later (last contact, last training) or earlier (first communication).
                cur.execute("""UPDATE contact SET last_training_on = greatest(contact.last_training_on, p.last_training_on)
                               FROM kp_import_people p
                               WHERE p.existing_id = contact.id AND p.last_training_on IS NOT NULL
                                 AND (contact.last_training_on IS NULL OR contact.last_training_on < p.last_training_on)""")
                cur.execute("""UPDATE contact_purpose
                               SET last_contact_on = CASE WHEN l.last_contact_on IS NULL THEN contact_purpose.last_contact_on
                                                          ELSE greatest(contact_purpose.last_contact_on, l.last_contact_on) END,
                                   first_communication_on = CASE WHEN l.first_communication_on IS NULL
                                        THEN contact_purpose.first_communication_on
                                        ELSE least(contact_purpose.first_communication_on, l.first_communication_on) END,
                                   source_detail = coalesce(contact_purpose.source_detail, l.source_detail)
                               FROM kp_import_links l JOIN contact c ON c.email = l.email
                               WHERE contact_purpose.contact_id = c.id AND contact_purpose.purpose = l.purpose
                                 AND (l.last_contact_on IS NOT NULL OR l.first_communication_on IS NOT NULL
                                      OR l.source_detail IS NOT NULL)""")
                # A person already in the register keeps what it holds; the file only fills blanks.
                cur.execute("""UPDATE contact SET phone = coalesce(contact.phone, p.phone),
                                      organisation = coalesce(contact.organisation, p.organisation),
                                      title = coalesce(contact.title, p.title),
                                      language = coalesce(contact.language, p.language), updated_at = current_timestamp
                               FROM kp_import_people p
                               WHERE p.existing_id = contact.id
                                 AND ((contact.phone IS NULL AND p.phone IS NOT NULL)
                                   OR (contact.organisation IS NULL AND p.organisation IS NOT NULL)
                                   OR (contact.title IS NULL AND p.title IS NOT NULL)
                                   OR (contact.language IS NULL AND p.language IS NOT NULL))""")
                # A link already held keeps its basis; one recorded before bases existed gets the file's.
                cur.execute("""UPDATE contact_purpose SET marketing_basis = l.marketing_basis, consent_on = l.consent_on,
                                      consent_channel = l.consent_channel, consent_wording = l.consent_wording,
                                      consent_how = l.consent_how
                               FROM kp_import_links l JOIN contact c ON c.email = l.email
                               WHERE contact_purpose.contact_id = c.id AND contact_purpose.purpose = l.purpose
                                 AND contact_purpose.marketing_basis IS NULL AND l.marketing_basis IS NOT NULL""")
            # The links' order in the table means nothing: DuckDB may write them as its threads finish.
            cur.execute("SET preserve_insertion_order = false")
            new_links = cur.execute("""INSERT INTO contact_purpose (contact_id, purpose, source, collected_on,
                                  last_contact_on, first_communication_on, source_detail,
                                  marketing_basis, consent_on, consent_channel, consent_wording, consent_how)
                           SELECT c.id, l.purpose, l.source, l.collected_on, l.last_contact_on,
                                  l.first_communication_on, l.source_detail, l.marketing_basis, l.consent_on,
                                  l.consent_channel, l.consent_wording, l.consent_how
                           FROM kp_import_links l JOIN contact c ON c.email = l.email
                           WHERE NOT EXISTS (SELECT 1 FROM contact_purpose cp
                                             WHERE cp.contact_id = c.id AND cp.purpose = l.purpose)""").fetchall()[0][0]
            cur.execute("RESET preserve_insertion_order")
        cur.execute(f"DROP {links_kind} IF EXISTS kp_import_links")
        for t in ("kp_import_skip", "kp_import_again", "kp_import_people"):
            cur.execute(f"DROP TABLE IF EXISTS {t}")
        cur.execute(f"DROP {go_kind} IF EXISTS kp_import_go")
    finally:
        cur.unregister("kp_import_ok")
    return {"people": new_people, "new_links": new_links, "merged": rows_go - new_people,
            "suppressed": skipped.get("suppressed", 0), "restricted": skipped.get("restricted", 0),
            "classification": tuple(sorted((b, by, n) for (b, by), n in classification.items())),
            "classified_rows": classified, "suppressed_by_purpose": suppressed_by_purpose}


class _Rows(Sequence):
    """An Arrow table read as a tuple of row tuples, made on first use (a million Python tuples
    cost more than the import's merge when nobody asks for them); equal to the same tuple."""

    def __init__(self, table):
        self._table, self._rows = table, None

    def _all(self) -> tuple:
        if self._rows is None:
            cols = [c.to_pylist() for c in self._table.columns]
            self._rows = tuple(zip(*cols)) if cols else ()
        return self._rows

    def __len__(self) -> int:
        return self._table.num_rows

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other) -> bool:
        return self._all() == (tuple(other) if isinstance(other, (Sequence, _Rows)) else other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _too_big(size: int, limit: int) -> str:
    return (f"the file is {size / (1024 * 1024):.1f} MB, more than the {limit / (1024 * 1024):.0f} MB allowed "
            f"(KP_IMPORT_MAX_MB); split it into smaller files")


class _Lookups:
    """What reading and checking a file needs from the register (categories, purposes, sources),
    fetched in one short read, so that the file itself is parsed and validated holding no lock
    on the register; an in-memory DuckDB does the checks' computation."""

    NAMES = ("data_categories", "purposes", "sources", "purpose_categories")

    def __init__(self, q: Query):
        import duckdb

        self._rows = {n: q.all(n) for n in self.NAMES}
        self.cursor = duckdb.connect()

    def all(self, name: str, params: dict | None = None) -> list[dict[str, Any]]:
        return self._rows[name]

    def close(self) -> None:
        self.cursor.close()


def import_file(reg: Register, path_or_bytes: str | Path | bytes, *, actor: str, filename: str | None = None,
                dry_run: bool = False, skip_invalid: bool = False, today: dt.date | None = None) -> ImportResult:
    """Validate and import a contacts file as one transaction (see the module docstring).

    Raises ValidationFailed listing every bad row (row number, field, reason) when a row is
    invalid and skip_invalid is False; the register is then unchanged. A dry run reads and
    checks everything and reports what would happen, without writing anything.
    """
    limit = max_file_bytes()
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        src_path = None
        if len(path_or_bytes) > limit:
            _refuse(_too_big(len(path_or_bytes), limit))
        data = bytes(path_or_bytes)
    else:
        src_path = Path(path_or_bytes)
        try:
            size = src_path.stat().st_size
            if size > limit:  # refused before a byte of it is read
                _refuse(_too_big(size, limit))
            data = src_path.read_bytes()
        except OSError as exc:
            from .errors import KpError
            raise KpError(f"cannot read {src_path}: {exc.strerror or exc}") from None
        filename = filename or src_path.name
    today = today or dt.date.today()
    fingerprint = hashlib.sha256(data).hexdigest()[:16]
    written: list[Path] = []

    # Read and check the whole file holding no lock: only a short read of the lookup tables
    # before, and only the final insert (_apply) inside the write transaction (#15 §3).
    with reg.read() as q:
        lookups = _Lookups(q)
    try:
        parsed = read_file(lookups, data, filename or "")
        clean, problems, bad = _validate(lookups, parsed.table, today)
    finally:
        lookups.close()

    # Blank lines (every field empty, as Excel leaves them) are not rows at all.
    import numpy as np
    import pyarrow.compute as pc
    # Only the rows whose first column is blank can be blank: the other columns are read for those alone.
    blank = np.zeros(parsed.table.num_rows, dtype=bool)
    names = parsed.table.column_names
    if names:
        maybe = pc.indices_nonzero(pc.equal(pc.utf8_trim_whitespace(parsed.table.column(names[0])), ""))
        if len(maybe):
            few = parsed.table.take(maybe)
            all_blank = np.ones(len(maybe), dtype=bool)
            for c in names[1:]:
                all_blank &= pc.equal(pc.utf8_trim_whitespace(few.column(c)), "").to_numpy(zero_copy_only=False)
            blank[maybe.to_numpy()[all_blank]] = True
    if blank.any():
        problems = [p for p in problems if not blank[p.row - 1]]
        bad = bad & ~blank
    rejected = int(bad.sum())
    if rejected and not skip_invalid:
        raise ValidationFailed(problems, f"{rejected} invalid row(s), {len(problems)} problem(s); nothing was "
                                         f"written (rows are counted from the first data row)")
    rejected_data = _rejected_csv(parsed, bad, problems) if rejected else None
    work_bad = bad | blank

    def run(q: Query) -> ImportResult:
        counts = _apply(q, clean, work_bad, dry_run=dry_run)
        rejected_path = None
        if rejected_data and src_path is not None and not dry_run:
            out = src_path.with_name(src_path.stem + ".rejected.csv")
            try:  # inside the transaction: if the rows cannot be kept, nothing is imported
                safety.write_private(out, rejected_data)  # 0600: it holds personal data (#15 §6)
                q.sql("INSERT OR REPLACE INTO rejected_file (path, created_on, rows) VALUES (?, ?, ?)",
                      [str(out.resolve()), today, rejected])  # #11: listed for erasure, removed by purge
            except OSError as exc:
                from .errors import KpError
                raise KpError(f"cannot write the rejected rows to {out}: {exc.strerror or exc}; "
                              f"nothing was imported") from None
            written.append(out)
            rejected_path = str(out)
        return ImportResult(rows=int(parsed.table.num_rows - blank.sum()), rejected=rejected, problems=tuple(problems),
                            rejected_csv=rejected_path, dry_run=dry_run, columns=tuple(parsed.columns),
                            ignored_columns=tuple(parsed.ignored), rejected_data=rejected_data, **counts)

    if dry_run:
        with reg.read() as q:
            return run(q)
    try:
        with reg.write(actor) as w:
            result = run(w)
            w.audit("contacts.import", "import", fingerprint,
                    {k: v for k, v in result.summary().items() if k not in ("rejected_csv", "ignored_columns")}
                    | {"ignored_columns": len(result.ignored_columns)})
    except BaseException:
        for out in written:  # the import did not happen: no stray rejected-rows file either
            out.unlink(missing_ok=True)
        raise
    return result
