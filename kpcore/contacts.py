"""Contacts for the views and the CLI: by purpose and source, by organisation, a filtered
table and its CSV export, search, a person's page, and the Art. 14 notice dates.

People whose processing is restricted (Art. 18) are left out of lists and exports; the
person page and `find` show them, marked, because requests must still be answered.
Every function takes a Query (reads) or a Writer (the notice dates) and returns plain
data: the dashboard and the CLI render it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import functools
import re
from dataclasses import dataclass

from . import fmt, i18n, safety
from .i18n import N_, NP_
from .db import Query, Writer
from .errors import NotFound, Problem, ValidationFailed, invalid

PAGE_SIZE = 200

# The person's preferred language (issue 18): fi, sv or en. NULL in the register means the person has
# not told; Finnish is then used (DEFAULT_LANGUAGE), the language of the company and of most customers.
LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
# How an import column or a form may write each (lower case; imports normalise case and blanks).
LANGUAGE_WORDS = {
    "fi": "fi", "fin": "fi", "suomi": "fi", "finnish": "fi", "finska": "fi", "fi-fi": "fi",
    "sv": "sv", "swe": "sv", "ruotsi": "sv", "swedish": "sv", "svenska": "sv", "sv-fi": "sv", "sv-se": "sv",
    "en": "en", "eng": "en", "englanti": "en", "english": "en", "engelska": "en", "en-gb": "en", "en-us": "en",
}


def language(value) -> str | None:
    """A language code from what a form or file says ('Svenska' -> 'sv'); None for blank.
    Raises ValueError for anything else (the caller names the row and field)."""
    text = re.sub(r"\s+", " ", str(value or "")).strip().lower()
    if not text:
        return None
    if text not in LANGUAGE_WORDS:
        raise ValueError(N_("unknown language (use fi, sv or en)"))  # a catalog message
    return LANGUAGE_WORDS[text]


def output_language(stored: str | None, explicit: str | None = None) -> str:
    """The language of a letter or report to a person: an explicit choice wins, else the person's
    own, else Finnish."""
    if explicit:
        return explicit
    return stored if stored in LANGUAGES else DEFAULT_LANGUAGE


# The fields' names as a refusal shows them (issue 18 §1).
FIELD_LABELS = {"language": NP_("field", "language"), "notice_sent_on": NP_("field", "notice sent on"),
                "contact/purpose": NP_("field", "person and purpose"), "on": NP_("field", "date"),
                "customer": NP_("field", "customer"), "source_detail": NP_("field", "source in detail")}


problem = Problem.labelled(FIELD_LABELS)  # a refused field, named by its label


def person_language(q: Query, contact_id: int | None) -> str | None:
    """The language a person told us (None: not told, or no such person)."""
    if contact_id is None:
        return None
    row = q.sql("SELECT language FROM contact WHERE id = ?", [int(contact_id)]).fetchall()
    return row[0][0] if row else None


def set_language(reg, actor: str, contact_id: int, value) -> str | None:
    """Record a person's preferred language (audited with the id only; None clears it)."""
    try:
        lang = language(value)
    except ValueError as exc:
        raise invalid([problem("language", str(exc))], N_("language: {reason}"),
                               reason=functools.partial(i18n.gettext, str(exc))) from None
    with reg.write(actor) as w:
        if not w.sql("SELECT 1 FROM contact WHERE id = ?", [int(contact_id)]).fetchall():
            raise NotFound(N_("contact {id} does not exist"), id=contact_id)
        w.sql("UPDATE contact SET language = ?, updated_at = current_timestamp WHERE id = ?", [lang, int(contact_id)])
        w.audit("contact.language", "contact", int(contact_id), {"language": lang})
    return lang


@dataclass(frozen=True)
class Filters:
    """What the contacts table shows; None means any."""

    purpose: str | None = None
    source: str | None = None
    organisation: str | None = None
    collected_from: dt.date | None = None
    collected_to: dt.date | None = None
    text: str | None = None

    def params(self) -> dict:
        text = (self.text or "").strip() or None
        return {"purpose": self.purpose or None, "source": self.source or None,
                "organisation": (self.organisation or "").strip() or None,
                "collected_from": self.collected_from, "collected_to": self.collected_to,
                "text": text, "phone_digits": phone_digits(text)}


def phone_digits(text: str | None) -> str | None:
    """Digits to look for in stored E.164 phones: '040 123' -> '35840123'; None if not phone-like."""
    if not text or re.search(r"[^\d\s+()\-./]", text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) < 4:
        return None
    if text.strip().startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return "358" + digits[1:]
    return digits


def labels(q: Query) -> dict:
    """Purpose and source keys -> {lang: name} (fi, sv, en; Swedish None where not translated),
    in register order: the views pick the screen's language (ui.pick)."""

    def names(r):
        return {lang: r.get(f"name_{lang}") for lang in i18n.LANGS}
    return {"purposes": {p["key"]: names(p) for p in q.all("purposes")},
            "sources": {s["key"]: names(s) for s in q.all("sources")}}


def by_purpose_source(q: Query) -> list[dict]:
    """Every purpose x source with its count of purpose links (zeros included)."""
    return q.all("contacts_by_purpose_source")


def by_organisation(q: Query, limit: int = 50) -> list[dict]:
    return q.all("contacts_by_organisation", {"limit": limit})


def table(q: Query, filters: Filters, limit: int = PAGE_SIZE, offset: int = 0) -> dict:
    """Rows (one per purpose link) and counts of what the filters select."""
    p = filters.params()
    counts = q.one("contact_links_filtered_counts", p)
    return {"rows": q.all("contact_links_filtered", p | {"limit": limit, "offset": offset}) if limit else [],
            "people": counts["people"], "links": counts["links"],
            "restricted": q.value("contacts_restricted_count")}


def people(q: Query, filters: Filters, limit: int = PAGE_SIZE, offset: int = 0) -> list[dict]:
    """One row per person the filters select (name order), with the selected purpose links
    listed: purposes, sources (same order), first_collected, notices_missing."""
    return q.all("contact_people_filtered", filters.params() | {"limit": limit, "offset": offset})


EXPORT_COLUMNS = ["id", "name", "email", "phone", "organisation", "title", "purpose", "source",
                  "collected_on", "notice_sent_on"]


def export_csv(q: Query, filters: Filters) -> tuple[bytes, int]:
    """CSV (UTF-8 with BOM, ';' as Finnish Excel expects) of every row the filters select."""
    out = io.StringIO()
    wr = csv.writer(out, delimiter=";", lineterminator="\r\n")
    wr.writerow(EXPORT_COLUMNS)
    n = 0
    offset = 0
    p = filters.params()
    while True:  # in pages, so a million rows never sit in memory as dicts at once
        rows = q.all("contact_links_filtered", p | {"limit": 50_000, "offset": offset})
        for r in rows:
            wr.writerow(safety.row("" if r[c] is None else r[c] for c in EXPORT_COLUMNS))  # no formulas (#15 §2)
        n += len(rows)
        if len(rows) < 50_000:
            break
        offset += 50_000
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"), n


def find(q: Query, text: str, limit: int = 100) -> list[dict]:
    """People whose name, email or phone contains the text, each with their purpose links."""
    text = text.strip()
    if not text:
        return []
    people = q.all("contacts_find", {"text": text, "phone_digits": phone_digits(text), "limit": limit})
    if not people:
        return []
    links: dict[int, list[dict]] = {}
    for r in q.all("contact_links_of", {"ids": [p["id"] for p in people]}):
        cid = r.pop("contact_id")
        links.setdefault(cid, []).append(r)
    return [p | {"purposes": links.get(p["id"], [])} for p in people]


def person(q: Query, contact_id: int) -> dict | None:
    """The person, their purpose links (source, collected, notice dates), requests and audit trail."""
    try:
        cid = int(contact_id)
    except (TypeError, ValueError):
        return None
    row = q.one("contact_by_id", {"id": cid})
    if row is None:
        return None
    return row | {"links": q.all("contact_person_links", {"id": cid}),
                  "requests": q.all("contact_person_requests", {"id": cid}),
                  "audit": q.all("contact_person_audit", {"id": cid})}


def art14_pending(q: Query, today: dt.date | None = None, overdue_only: bool = False, limit: int = 500) -> dict:
    today = today or dt.date.today()
    counts = q.one("art14_pending_counts", {"today": today})
    return {"rows": q.all("art14_pending", {"today": today, "overdue_only": overdue_only, "limit": limit}),
            "pending": counts["pending"] or 0, "overdue": counts["overdue"] or 0, "late": counts["late"] or 0}


def record_notice(w: Writer, items: list[tuple[int, str]], sent_on: dt.date, today: dt.date | None = None) -> int:
    """Record the day the Art. 13/14 notice reached each (contact id, purpose). Returns links updated.

    Refuses, changing nothing, a date in the future, a date before collection, or a link
    that does not exist; each problem names the item (by its position) and field.
    """
    today = today or dt.date.today()
    if sent_on > today:
        raise invalid([problem("notice_sent_on", N_("the date is in the future"))])
    items = list(dict.fromkeys((int(c), str(p)) for c, p in items))
    if not items:
        return 0
    ids = [c for c, _ in items]
    purposes = [p for _, p in items]
    w.sql("CREATE OR REPLACE TEMP TABLE kp_notice (n INTEGER, contact_id BIGINT, purpose TEXT)")
    w.sql("INSERT INTO kp_notice SELECT generate_subscripts($1, 1), unnest($1), unnest($2)", [ids, purposes])
    found = w.sql("""SELECT k.n, cp.collected_on FROM kp_notice k
                     LEFT JOIN contact_purpose cp ON cp.contact_id = k.contact_id AND cp.purpose = k.purpose
                     ORDER BY k.n""").fetchall()
    problems = []
    for n, collected in found:
        if collected is None:
            problems.append(problem("contact/purpose", N_("no such purpose link in the register"), n))
        elif sent_on < collected:
            problems.append(problem("notice_sent_on", N_("the date is before the data was collected"), n))
    if problems:
        w.sql("DROP TABLE kp_notice")
        raise ValidationFailed(problems)
    w.sql("""UPDATE contact_purpose SET notice_sent_on = $1
             FROM kp_notice k WHERE contact_purpose.contact_id = k.contact_id AND contact_purpose.purpose = k.purpose""",
          [sent_on])
    w.sql("DROP TABLE kp_notice")
    if len(items) == 1:
        w.audit("contact.notice_sent", "contact", items[0][0], {"purpose": items[0][1], "sent_on": sent_on})
    else:
        w.audit("contacts.notice_sent", "contact_purpose", None, {"links": len(items), "sent_on": sent_on})
        for cid in sorted(set(ids)):
            w.audit("contact.notice_sent", "contact", cid, {"sent_on": sent_on})
    return len(items)


def require_person(q: Query, contact_id: int) -> dict:
    p = person(q, contact_id)
    if p is None:
        raise NotFound(N_("no person with id {id}"), id=contact_id)
    return p


# -- retention anchors and the first communication (kpcore.retention, Art. 14(3)(b)) ----------

def _link(w, contact_id: int, purpose: str) -> dict:
    row = w.sql("SELECT collected_on, last_contact_on, first_communication_on FROM contact_purpose "
                "WHERE contact_id = ? AND purpose = ?", [int(contact_id), purpose]).fetchall()
    if not row:
        raise NotFound(N_("person {id} has no link to the purpose {purpose}"), id=int(contact_id), purpose=repr(purpose))
    return dict(zip(("collected_on", "last_contact_on", "first_communication_on"), row[0]))


def _day(on: dt.date, field: str, today: dt.date, collected: dt.date | None = None) -> None:
    if on > today:
        raise invalid([problem(field, N_("{on} is in the future"), on=functools.partial(fmt.date, on))])
    if collected is not None and on < collected:
        raise invalid([problem(field, N_("{on} is before the data was collected ({collected})"),
                                        on=functools.partial(fmt.date, on),
                                        collected=functools.partial(fmt.date, collected))])


def _link_date(reg, actor: str, contact_id: int, purpose: str, on: dt.date, today: dt.date | None,
               column: str, pick, action: str) -> dt.date:
    """Set one dated fact of a link to pick(stored, on); refused when in the future or before collection."""
    today = today or dt.date.today()
    with reg.write(actor) as w:
        link = _link(w, contact_id, purpose)
        _day(on, "on", today, link["collected_on"])
        value = pick(on, link[column] or on)
        w.sql(f"UPDATE contact_purpose SET {column} = ? WHERE contact_id = ? AND purpose = ?",
              [value, int(contact_id), purpose])
        w.audit(action, "contact", int(contact_id), {"purpose": purpose, "on": on})
    return value


def touch(reg, actor: str, contact_id: int, *, purpose: str, on: dt.date, today: dt.date | None = None) -> dt.date:
    """Record a contact with the person for a purpose on `on`: the link's last contact becomes
    the later of the stored one and `on` (retention anchor 'last_contact'). Returns it."""
    return _link_date(reg, actor, contact_id, purpose, on, today, "last_contact_on", max, "contact.last_contact")


def record_training(reg, actor: str, contact_id: int, *, on: dt.date, today: dt.date | None = None) -> dt.date:
    """Record a training or support event of the person (anchor 'last_training_support')."""
    today = today or dt.date.today()
    with reg.write(actor) as w:
        row = w.sql("SELECT last_training_on FROM contact WHERE id = ?", [int(contact_id)]).fetchall()
        if not row:
            raise NotFound(N_("no person with id {id}"), id=contact_id)
        _day(on, "on", today)
        last = max(on, row[0][0] or on)
        w.sql("UPDATE contact SET last_training_on = ? WHERE id = ?", [last, int(contact_id)])
        w.audit("contact.last_training", "contact", int(contact_id), {"on": on})
    return last


def record_first_communication(reg, actor: str, contact_id: int, *, purpose: str, on: dt.date,
                               today: dt.date | None = None) -> dt.date:
    """Art. 14(3)(b): the first time the data was used to communicate with the person (a marketing
    email, a training invitation, ...). Keeps the earliest recorded day; the notice is due then."""
    return _link_date(reg, actor, contact_id, purpose, on, today, "first_communication_on", min,
                      "contact.first_communication")


def set_customer(reg, actor: str, contact_id: int, customer: str | None) -> int | None:
    """Tie the person to a customer organisation by its name (None: back to matching by organisation)."""
    with reg.write(actor) as w:
        if not w.sql("SELECT 1 FROM contact WHERE id = ?", [int(contact_id)]).fetchall():
            raise NotFound(N_("no person with id {id}"), id=contact_id)
        cid = None
        if customer is not None:
            row = w.sql("SELECT id FROM customer WHERE lower(name) = lower(trim(?))", [customer]).fetchall()
            if not row:
                raise NotFound(N_("no such customer; add it first (kp customers contract NAME --ends DATE|--running)"))
            cid = row[0][0]
        w.sql("UPDATE contact SET customer_id = ? WHERE id = ?", [cid, int(contact_id)])
        w.audit("contact.customer", "contact", int(contact_id), {"customer_id": cid})
    return cid


def set_contract_end(reg, actor: str, customer: str, ends_on: dt.date | None) -> dict:
    """A customer organisation's agreement end (None: in force). Creates the customer when new.
    Its contacts in purposes anchored on the contract end are kept while it runs (kpcore.retention)."""
    name = (customer or "").strip()
    if not name:
        raise invalid([problem("customer", N_("give the customer organisation's name"))])
    with reg.write(actor) as w:
        row = w.sql("SELECT id FROM customer WHERE lower(name) = lower(?)", [name]).fetchall()
        created = not row
        if created:
            cid = w.sql("INSERT INTO customer (name, contract_end) VALUES (?, ?) RETURNING id", [name, ends_on]).fetchall()[0][0]
        else:
            cid = row[0][0]
            w.sql("UPDATE customer SET contract_end = ? WHERE id = ?", [ends_on, cid])
        w.audit("customer.contract_end", "customer", cid, {"ends_on": ends_on, "created": created})
    return {"id": cid, "created": created, "contract_end": ends_on}


def customers_with_contracts(q: Query, today: dt.date | None = None) -> list[dict]:
    """Customers with their contract end, whether it runs, and how many people are tied to each."""
    today = today or dt.date.today()
    rows = q.sql("""SELECT cu.id, cu.name, cu.contract_end,
                           (cu.contract_end IS NULL OR cu.contract_end >= ?) AS running,
                           (SELECT count(*) FROM contact c WHERE c.customer_id = cu.id
                               OR (c.customer_id IS NULL AND lower(trim(split_part(c.organisation, ',', 1))) = lower(trim(cu.name)))) AS people
                    FROM customer cu ORDER BY cu.name""", [today]).fetchall()
    return [dict(zip(("id", "name", "contract_end", "running", "people"), r)) for r in rows]


def retention_of(q: Query, contact_id: int, today: dt.date | None = None) -> dict:
    """The person's retention per purpose (kpcore.retention: the same rule purge applies), their
    customer organisation (by tie or by organisation name) and its contract end."""
    from . import retention

    today = today or dt.date.today()
    ends = retention.person_ends(q, int(contact_id), today)
    dm = {p["key"]: p["direct_marketing"] for p in q.all("purposes")}
    out = {k: {"ends_on": e.ends_on, "anchor": e.anchor, "anchor_known": e.anchor_known, "running": e.running,
               **{lang: retention.person_sentence(e, lang, direct_marketing=dm.get(k, False)) for lang in i18n.LANGS}}
           for k, e in ends.items()}
    cust = q.sql("""SELECT cu.id, cu.name, cu.contract_end, c.customer_id IS NOT NULL AS tied
                    FROM contact c JOIN customer cu ON cu.id = c.customer_id
                        OR (c.customer_id IS NULL AND lower(trim(cu.name)) = lower(trim(split_part(c.organisation, ',', 1))))
                    WHERE c.id = ? ORDER BY cu.id LIMIT 1""", [int(contact_id)]).fetchall()
    customer = dict(zip(("id", "name", "contract_end", "tied"), cust[0])) if cust else None
    training = q.sql("SELECT last_training_on FROM contact WHERE id = ?", [int(contact_id)]).fetchall()
    return {"purposes": out, "customer": customer, "last_training_on": training[0][0] if training else None}


def set_source_detail(reg, actor: str, contact_id: int, *, purpose: str, detail: str) -> str:
    """Art. 15(1)(g): where exactly the link's data came from (which partner, which web site)."""
    from .safety import has_control

    text = (detail or "").strip()
    if not text or len(text) > 500 or has_control(text):
        raise invalid([problem("source_detail", N_("give 1-500 characters without control characters"))])
    with reg.write(actor) as w:
        _link(w, contact_id, purpose)
        w.sql("UPDATE contact_purpose SET source_detail = ? WHERE contact_id = ? AND purpose = ?",
              [text, int(contact_id), purpose])
        w.audit("contact.source_detail", "contact", int(contact_id), {"purpose": purpose})
    return text
