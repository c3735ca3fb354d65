"""Table export connector: a CSV or XLSX export of a CRM's or newsletter tool's contacts.

Settings: ``path`` (absolute, or relative to the register's folder), ``mapping`` (which
column holds ``email``, ``phone``, ``name``; at least one), optional ``sheet`` for XLSX.
A person is found by any of their addresses (case-insensitive), phone numbers (compared
in E.164, so 040 123 4567 finds +358401234567) or names (case- and space-insensitive).
An export cannot be changed at its source: erasure there is a task by hand (instructions).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from ..i18n import N_, NN_
from . import ConnectorError, Context, Person, Result, Status, Summary

FIELDS = ("email", "phone", "name")


def check_settings(settings: dict) -> list[str]:
    """Problems with the settings, each a catalog message without parameters (translated where shown)."""
    problems = []
    if not str(settings.get("path") or "").strip():
        problems.append(N_("a table connector needs \"path\": the CSV or XLSX export file"))
    mapping = settings.get("mapping")
    if not isinstance(mapping, dict) or not any(mapping.get(f) for f in FIELDS):
        problems.append(N_("a table connector needs \"mapping\": which column is email, phone, name "
                           "(e.g. {\"email\": \"Sähköposti\"})"))
    elif set(mapping) - set(FIELDS):  # the message names FIELDS; the DPO's own mapping is beside it
        problems.append(N_("mapping: a field other than email, phone, name; use only those"))
    return problems


def _phone(text: str) -> str:
    from ..identity import normalise_phone

    return normalise_phone(text) or ""


def _name(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


class TableConnector:
    def __init__(self, system: dict, ctx: Context):
        self.system, self.ctx = system, ctx
        self.settings = system.get("settings") or {}
        path = Path(self.settings.get("path", ""))
        self.path = path if path.is_absolute() else Path(ctx.register_path).parent / path
        self.mapping = {k: v for k, v in (self.settings.get("mapping") or {}).items() if v}

    def _rows(self) -> tuple[list[str], list[list]]:
        sid = self.system["id"]
        if not self.path.is_file():
            raise ConnectorError(N_("system {id}: the export file {path} does not exist"), id=sid, path=str(self.path))
        try:
            if self.path.suffix.lower() in (".xlsx", ".xlsm"):
                import openpyxl

                wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
                ws = wb[self.settings["sheet"]] if self.settings.get("sheet") else wb.worksheets[0]
                rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
                wb.close()
            else:
                with open(self.path, newline="", encoding="utf-8-sig") as fh:
                    sample = fh.read(4096)
                    fh.seek(0)
                    try:
                        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
                    except csv.Error:
                        dialect = csv.excel
                    rows = list(csv.reader(fh, dialect))
        except (OSError, UnicodeDecodeError, csv.Error, KeyError, ValueError) as exc:
            raise ConnectorError(N_("system {id}: the export file {file} cannot be read ({reason})"), id=sid,
                                 file=self.path.name, reason=type(exc).__name__) from None
        if not rows:
            raise ConnectorError(N_("system {id}: the export file {file} is empty"), id=sid, file=self.path.name)
        header = [h.strip() for h in rows[0]]
        missing = [c for c in self.mapping.values() if c not in header]
        if missing:
            raise ConnectorError(N_("system {id}: the export has no column(s) {columns} named in the mapping"), id=sid,
                                 columns=", ".join(repr(c) for c in missing))
        return header, rows[1:]

    def test(self) -> Status:
        header, rows = self._rows()
        return Status(NN_("{file}: {n} row, columns found: {columns}", "{file}: {n} rows, columns found: {columns}"),
                      file=self.path.name, n=len(rows), columns=", ".join(self.mapping.values()))

    def search(self, person: Person) -> Result:
        header, rows = self._rows()
        col = {f: header.index(c) for f, c in self.mapping.items()}
        emails = {e.strip().casefold() for e in person.emails if e}
        phones = {_phone(p) for p in person.phones if p} - {""}
        names = {_name(n) for n in person.names if n} - {""}
        items = []
        for number, r in enumerate(rows, start=2):  # row 1 is the header
            def val(f):
                i = col.get(f)
                return r[i] if i is not None and i < len(r) else ""
            how = []
            if emails and val("email").strip().casefold() in emails:
                how.append("email")
            if phones and val("phone").strip() and _phone(val("phone")) in phones:
                how.append("phone")
            if names and _name(val("name")) in names:
                how.append("name")
            if how:
                items.append({"row": number, "matched_by": how,
                              "values": {h: (r[i] if i < len(r) else "") for i, h in enumerate(header) if h}})
        n = len(items)
        summary = (Summary("table_found", {"n": n, "file": self.path.name}) if n else
                   Summary("table_none", {"file": self.path.name}))
        return Result(found=bool(n), count=n, summary=summary, items=items)

    def delete(self, person: Person) -> Result:
        raise ConnectorError(N_("system {id}: an export file cannot erase at its source; delete the person in the "
                                "system by hand (see its instructions)"), id=self.system["id"])
