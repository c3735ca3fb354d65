"""The notice as it stands now, and whether it tells the truth.

A notice that is not the published, confirmed version is a draft and carries the draft mark on
every page; each published version stores `facts_fingerprint` (over FACT_TABLES) and `stale`
lists published versions whose facts have changed since. `notice_pdf` (A4, via
kpcore.pdf.notice), `notice_html`, `notice_markdown` and `render` give the current notice.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from ..db import Query
from ..errors import KpError
from ..i18n import N_
from .compose import Notice, _compose, facts
from .markup import to_html, to_markdown
from .requirements import blocking, completeness
from .terms import LANGS, _lang

def _published_at(row) -> dt.date:
    value = row["published_at"]
    return value.date() if isinstance(value, dt.datetime) else value


# The register facts a published notice stands on (Art. 13(1)-(2), 14(1)-(2)): when any of
# them changes after publishing, the published notice no longer tells people the truth and
# must be published again. One entry per table: (table, columns); "*" = every column except
# the confirmation flags (whether the DPO confirmed a value is not a fact the person reads).
# Extend by adding a table (a systems map, say) to this list; nothing else needs to change.
FACT_TABLES: list[tuple[str, tuple[str, ...] | str]] = [
    ("controller", "*"),
    ("purpose", "*"),
    ("purpose_category", "*"),
    ("source", "*"),
    ("recipient", "*"),
    ("recipient_purpose", "*"),
    ("processor_role_category", "*"),
    ("statement", ("key", "lang", "body")),
    # #12: the systems map drives the recipients and transfers the notice names
    ("it_system", ("id", "name", "kind", "processor_id", "retention_fi", "retention_en")),
    ("it_system_purpose", "*"),
    ("it_system_category", "*"),
]
_NOT_FACTS = ("confirmed", "basis_confirmed", "retention_confirmed", "sv_confirmed")
# The Swedish facts (issue 18) a Swedish version also stands on.
SV_FACT_TABLES: list[tuple[str, tuple[str, ...]]] = [
    ("data_category", ("key", "name_sv")),
    ("it_system", ("id", "retention_sv")),
]


def facts_fingerprint(q: Query, lang: str = "fi") -> str:
    """A SHA-256 over every row of FACT_TABLES, stored with each published version.

    The tables are the register's small rule tables (never contacts), so this reads a few
    hundred rows at most. A table that does not exist (an older register) counts as empty.
    A Finnish or English version does not stand on the Swedish texts (columns *_sv, Swedish
    statements): translating into Swedish does not make them out of date, and their fingerprints
    are what they were before Swedish existed. A Swedish version stands on everything.
    """
    swedish = lang == "sv"
    h = hashlib.sha256()
    for table, columns in FACT_TABLES + (SV_FACT_TABLES if swedish else []):
        present = [r[0] for r in q.sql("SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' "
                                       "AND table_name = ? ORDER BY column_index", [table]).fetchall()]
        if columns == "*":
            cols = [c for c in present if c not in _NOT_FACTS and (swedish or not c.endswith("_sv"))]
        else:
            cols = [c for c in columns if c in present]
        h.update(f"\x1e{table}:{','.join(cols)}".encode())
        if not cols:
            continue
        select = ", ".join(f'"{c}"' for c in cols)  # identifiers from this module's list and the catalog
        where = "" if swedish or table != "statement" else " WHERE lang <> 'sv'"
        for row in q.sql(f'SELECT {select} FROM "{table}"{where} ORDER BY ALL').fetchall():
            h.update(("\x1f".join("\x00" if v is None else repr(v) for v in row) + "\n").encode("utf-8"))
    return h.hexdigest()


def _is_current(latest: dict | None, text: str, fingerprint: str) -> bool:
    """Is `text` (composed as that version) the latest published version, on the same facts?
    Versions published before fingerprints were kept compare by text alone."""
    return bool(latest) and content_hash(text) == latest["content_hash"] and (
        latest.get("facts_hash") in (None, fingerprint))


def document(q: Query, lang: str = "fi", today: dt.date | None = None) -> Notice:
    """The notice as it stands now. If it is the latest published version (same text, same
    facts) and nothing mandatory is unconfirmed, it carries that version's number and date;
    otherwise it is a draft of the next one and carries the draft mark."""
    _lang(lang)
    today = today or dt.date.today()
    f = facts(q, lang)
    latest = q.one("notice_version_latest", {"lang": lang})
    if latest:
        same = _compose(f, lang, latest["version"], _published_at(latest), draft=False)
        if _is_current(latest, to_markdown(same), facts_fingerprint(q, lang)) and not blocking(completeness(q, lang)):
            return same
    return _compose(f, lang, (latest["version"] + 1) if latest else 1, today, draft=True)


def stale(q: Query) -> list[dict]:
    """Published notices that are out of date: per language whose latest published version
    no longer matches the register's facts (or its text). Empty when nothing was published."""
    out = []
    for lang in LANGS:
        latest = q.one("notice_version_latest", {"lang": lang})
        if not latest:
            continue
        fingerprint = facts_fingerprint(q, lang)
        text = to_markdown(_compose(facts(q, lang), lang, latest["version"], _published_at(latest), draft=False))
        if not _is_current(latest, text, fingerprint):
            out.append({"lang": lang, "version": latest["version"], "published_on": _published_at(latest)})
    return out


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def notice_markdown(q: Query, lang: str = "fi", today: dt.date | None = None) -> str:
    return to_markdown(document(q, lang, today))


def notice_html(q: Query, lang: str = "fi", today: dt.date | None = None) -> str:
    return to_html(document(q, lang, today))


def notice_pdf(q: Query, lang: str = "fi", today: dt.date | None = None) -> bytes:
    """The notice as an A4 PDF (embedded fonts, page numbers, version and date)."""
    from ..pdf.notice import build_notice

    return build_notice(document(q, lang, today))


FORMATS = {"pdf": "application/pdf", "html": "text/html", "md": "text/markdown"}


def render(q: Query, lang: str = "fi", fmt: str = "pdf", today: dt.date | None = None) -> bytes:
    if fmt == "pdf":
        return notice_pdf(q, lang, today)
    if fmt == "html":
        return notice_html(q, lang, today).encode("utf-8")
    if fmt == "md":
        return notice_markdown(q, lang, today).encode("utf-8")
    raise KpError(N_("format {fmt} is not available; use pdf, html or md"), fmt=repr(fmt))
