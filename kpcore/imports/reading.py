"""Reading a contacts file (CSV or XLSX) into Arrow text columns named by contact field."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from ..db import Query
from ..errors import Problem, ValidationFailed
from ..filetext import FILE_REFUSED, decode, first_line, is_utf8, refuse, sniff_delimiter
from . import reasons
from . import bounds
from .columns import map_header




def _too_many_rows() -> str:
    return reasons.reason(reasons.TOO_MANY_ROWS, limit=f"{bounds.MAX_ROWS:,}".replace(",", " "))


@dataclass
class ParsedFile:
    """A file read into columns of text, with its header mapped to contact fields."""

    table: Any                          # pyarrow.Table, one string column per field found
    columns: list[tuple[str, str]]      # (header as written, field)
    ignored: list[str]                  # headers not imported
    encoding: str
    delimiter: str | None


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


def _read_xlsx(data: bytes) -> tuple[list[str], list[list[str]]]:
    import openpyxl

    bounds.check_zip(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a broken or encrypted workbook
        raise ValidationFailed([Problem(0, "file", reasons.reason(reasons.UNREADABLE_XLSX, error=type(exc).__name__))],
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
            if width > bounds.MAX_COLUMNS:
                refuse(reasons.reason(reasons.TOO_MANY_COLUMNS, columns=width, limit=bounds.MAX_COLUMNS))
            body = []
            for r in rows:
                if len(body) >= bounds.MAX_ROWS:
                    refuse(_too_many_rows())
                vals = [_cell(v) for v in r[:width]]
                vals += [""] * (width - len(vals))
                body.append(vals)
            return header, body
    finally:
        wb.close()
    raise ValidationFailed([Problem(0, "file", reasons.NO_ROWS)], FILE_REFUSED)


_NOT_SPACE = re.compile(rb"\S")  # bytes.strip()'s whitespace: \S finds the first byte it would keep


def _parse_csv(body: bytes, delimiter: str) -> tuple[list[str], Any, list[Problem]]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    header = next(csv.reader([first_line(body)], delimiter=delimiter), [])
    names = [f"c{i}" for i in range(len(header))]
    bad: list[Any] = []
    end = body.find(b"\n")
    if end < 0 or _NOT_SPACE.search(body, end + 1) is None:  # a header and no rows (Arrow cannot skip a lone header)
        return header, pa.table({n: pa.array([], pa.string()) for n in names}), []

    def on_invalid(row):
        bad.append(row)
        return "skip"

    # Without a quote character no line break can be inside a value (Arrow then splits rows faster).
    # The cells' UTF-8 is checked after parsing (as Arrow's own check would, 0.2 s less).
    table = pcsv.read_csv(
        io.BytesIO(body),
        read_options=pcsv.ReadOptions(skip_rows=1, column_names=names, block_size=1 << 23),
        parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=b'"' in body,
                                        invalid_row_handler=on_invalid),
        convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                            quoted_strings_can_be_null=False, check_utf8=False))
    for column in table.columns:
        for chunk in column.chunks:
            if chunk.buffers()[2] is not None and not is_utf8(memoryview(chunk.buffers()[2])):
                raise pa.ArrowInvalid("CSV conversion error to string: invalid UTF8 data")
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
                problems.append(Problem(n, "row", reasons.reason(reasons.WRONG_FIELD_COUNT, expected=len(header),
                                                                 found=len(fields))))
    return header, table, problems


def read_file(q: Query, data: bytes, filename: str = "") -> ParsedFile:
    """Read CSV or XLSX bytes into text columns named by contact field. Raises ValidationFailed."""
    import pyarrow as pa

    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"
    if is_xlsx:
        header, rows = _read_xlsx(data)
        mapped, ignored = map_header(q, header)
        cols = {f: pa.array([r[i].strip() if f not in ("name", "first_name", "last_name") else r[i] for r in rows],
                            pa.string()) for i, _, f in mapped}
        table, encoding, delimiter = pa.table(cols), "xlsx", None
    else:
        if not data or data.isspace():  # (not data.strip(): that copies the whole file)
            raise ValidationFailed([Problem(0, "file", reasons.EMPTY)], FILE_REFUSED)
        bounds.check_cell_lengths(data)
        try:
            body, encoding = decode(data)
            delimiter = sniff_delimiter(first_line(body))
            header, raw, structure = _parse_csv(body, delimiter)
        except (UnicodeError, csv.Error, pa.ArrowInvalid):  # not text, or quotes and line breaks in a tangle
            raise ValidationFailed([Problem(0, "file", reasons.UNREADABLE_CSV)], FILE_REFUSED) from None
        if len(header) > bounds.MAX_COLUMNS:
            refuse(reasons.reason(reasons.TOO_MANY_COLUMNS, columns=len(header), limit=bounds.MAX_COLUMNS))
        if raw.num_rows > bounds.MAX_ROWS:
            refuse(_too_many_rows())
        mapped, ignored = map_header(q, header)
        if structure:
            raise ValidationFailed(structure, reasons.ROWS_DO_NOT_MATCH)
        table = pa.table({f: raw.column(f"c{i}") for i, _, f in mapped})
    bounds.check_cells(table, [(h, f) for _, h, f in mapped])
    return ParsedFile(table=table, columns=[(h, f) for _, h, f in mapped], ignored=ignored,
                      encoding=encoding, delimiter=delimiter)
