"""Processor engagements: KuntaPlus's work inside its customers' systems (Art. 28, 30(2), 33(2)).

In a municipality's project-management system KuntaPlus is a processor (alikäsittelijä)
and the municipality is the controller. This module owns that side of the register:
customers (the controllers there), engagements with their agreement and sub-processor
authorisation, the Art. 28(3) checklist per agreement, the access log (each time staff
touch data there), the end-of-engagement return-or-delete decision, the flags computed
from those facts (never stored). The Art. 30(2) record built from them is kpcore.processor_record.

The notice promises that staff never know customers' passwords: the register has no place
for one. A credential category cannot be linked (schema foreign key) and is refused here
in plain words; free text that carries a secret ("salasana: ...") is refused too.

Every change is one write with one audit event holding ids and keys only.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from . import fmt, i18n, safety
from .db import Query, Register
from .errors import NotFound, Refused, ValidationFailed
from .errors import Problem as _FileProblem
from .i18n import N_, NP_
from .models import ART28_CLAUSES, clause_text  # noqa: F401  (P.clause_text for the views)


@dataclass(frozen=True)
class Problem(_FileProblem):
    """A refused field of one engagement, access or customer (not a row of a file)."""

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"

    def text(self, lang: str | None = None, *, with_row: bool = False) -> str:
        """'field: reason' in `lang`: a form's field has no row."""
        return super().text(lang, with_row=False)


# The fields' names as a refusal shows them (issue 18 §1: "asiakas: on pakollinen" on a Finnish screen).
FIELD_LABELS = {
    "customer": NP_("field", "customer"), "system": NP_("field", "system"), "vendor": NP_("field", "vendor"),
    "service": NP_("field", "service"), "service_fi": NP_("field", "service (Finnish)"),
    "service_en": NP_("field", "service (English)"), "service_sv": NP_("field", "service (Swedish)"),
    "subjects_sv": NP_("field", "data subjects (Swedish)"), "transfers_sv": NP_("field", "transfers (Swedish)"),
    "security_sv": NP_("field", "security measures (Swedish)"), "subjects_fi": NP_("field", "data subjects (Finnish)"),
    "subjects_en": NP_("field", "data subjects (English)"), "agreement_ref": NP_("field", "agreement reference"),
    "agreement_location": NP_("field", "where the agreement is kept"),
    "agreement_signed_on": NP_("field", "agreement signed on"), "authorisation": NP_("field", "authorisation"),
    "authorised_by": NP_("field", "authorised by"), "authorised_on": NP_("field", "authorised on"),
    "transfers_fi": NP_("field", "transfers (Finnish)"), "transfers_en": NP_("field", "transfers (English)"),
    "security_fi": NP_("field", "security measures (Finnish)"), "security_en": NP_("field", "security measures (English)"),
    "engaged_by": NP_("field", "engaged by (processor)"), "engaged_by_contact": NP_("field", "engaging processor's contact"),
    "starts_on": NP_("field", "start date"), "ends_on": NP_("field", "end date"), "status": NP_("field", "status"),
    "role": NP_("field", "role"), "clauses": NP_("field", "Art. 28(3) clauses"), "clause": NP_("field", "Art. 28(3) clause"),
    "categories": NP_("field", "data categories"), "reason": NP_("field", "reason"), "staff": NP_("field", "staff member"),
    "ticket": NP_("field", "ticket"), "action": NP_("field", "action"), "accessed_at": NP_("field", "time of access"),
    "decision": NP_("field", "decision"), "decided_on": NP_("field", "decision date"), "lang": NP_("field", "language"),
    "business_id": NP_("field", "business ID"), "address": NP_("field", "address"),
    "contact_name": NP_("field", "contact person"), "contact_email": NP_("field", "contact email"),
    "dpo_name": NP_("field", "data protection officer"), "dpo_email": NP_("field", "data protection officer's email"),
    "customer business_id": NP_("field", "customer's business ID"), "customer address": NP_("field", "customer's address"),
    "customer contact_name": NP_("field", "customer's contact person"),
    "customer contact_email": NP_("field", "customer's contact email"),
    "customer dpo_name": NP_("field", "customer's data protection officer"),
    "customer dpo_email": NP_("field", "customer's data protection officer's email"),
}


problem = Problem.labelled(FIELD_LABELS)  # a refused field, named by its label


def _field_text(field: str):
    """The field's name in the reader's language (a KpError parameter)."""
    return lambda lang: i18n.gettext(FIELD_LABELS[field], lang) if field in FIELD_LABELS else field


def _category_name(c: dict):
    """A data category's name in the reader's language (a KpError parameter)."""
    return lambda lang: c.get(f"name_{lang}") or c["name_en"]


STATUSES = ("planned", "active", "ended")
STATUS_TEXT = {"planned": NP_("engagement status", "Planned"), "active": NP_("engagement status", "Active"), "ended": NP_("engagement status", "Ended")}
AUTHORISATIONS = ("general", "specific")
AUTHORISATION_TEXT = {"general": NP_("authorisation", "General prior authorisation"),
                      "specific": NP_("authorisation", "Specific prior authorisation")}
DECISIONS = ("return", "delete")
DECISION_TEXT = {"return": NP_("end decision", "Data returned"), "delete": NP_("end decision", "Data deleted")}


@dataclass(frozen=True)
class Flag:
    """A finding about an engagement, computed from its facts (Art. 28(3), 28(3)(g), 32): its text
    and a few words for a table cell, catalog messages."""

    key: str
    message: str
    short_message: str

    def text(self, lang: str) -> str:
        return i18n.gettext(self.message, lang)

    def short(self, lang: str) -> str:
        """A few words for a table cell."""
        return i18n.gettext(self.short_message, lang)


FLAGS: dict[str, Flag] = {f.key: f for f in [
    Flag("no_agreement", NP_("engagement flag", "No signed processing agreement (Art. 28(3))"),
         NP_("engagement flag, short", "No agreement")),
    Flag("missing_clauses", NP_("engagement flag", "Agreement lacks Art. 28(3) clauses, or they are not checked"),
         NP_("engagement flag, short", "Clauses missing")),
    Flag("expired", NP_("engagement flag", "End date has passed but the engagement is still active"),
         NP_("engagement flag, short", "Past its end date")),
    Flag("access_without_ticket", NP_("engagement flag", "Access to customer data without a customer request or ticket reference"),
         NP_("engagement flag, short", "Access without a request")),
    Flag("access_outside_engagement", NP_("engagement flag", "Access to customer data outside an active engagement"),
         NP_("engagement flag, short", "Access outside the engagement")),
    Flag("ended_without_decision", NP_("engagement flag", "Ended without a return-or-delete decision (Art. 28(3)(g))"),
         NP_("engagement flag, short", "No return-or-delete decision")),
]}

# A secret written into free text: a credential word followed by ':' or '=' and a value.
# Mentioning passwords ("salasanan nollaus", "reset the password") stays allowed.
_SECRET = re.compile(
    r"\b(password|passwd|pwd|pw|salasana|salasanan|tunnussana|passphrase|pin|pin-koodi|pin-code|pin code|"
    r"api[ _-]?key|token|secret)\s*[:=]\s*\S", re.I)

TEXT_LIMIT = 2000


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def flag_texts(keys: list[str], lang: str = "fi") -> list[str]:
    return [FLAGS[k].text(lang) for k in keys]


def label(table: dict, key: str | None, lang: str = "fi") -> str:
    """The entry of a label table (STATUS_TEXT, ROLE_TEXT, ...) in `lang`; an unknown key as it is."""
    return i18n.label(table, key, lang)


# -- flags ------------------------------------------------------------------------------

def _flags(row: dict, today: dt.date) -> list[str]:
    """The flags of one engagement row of `processor_engagement_overview`."""
    out = []
    if row["agreement_signed_on"] is None:
        out.append("no_agreement")
    if set(ART28_CLAUSES) - set(row["clauses_yes"] or []):
        out.append("missing_clauses")
    if row["status"] == "active" and row["ends_on"] is not None and row["ends_on"] < today:
        out.append("expired")
    if row["accesses_without_ticket"]:
        out.append("access_without_ticket")
    if row["accesses_outside"]:
        out.append("access_outside_engagement")
    if row["status"] == "ended" and (row["end_decision"] is None or row["end_decision_on"] is None):
        out.append("ended_without_decision")
    return out


def engagements(q: Query, today: dt.date | None = None) -> list[dict]:
    """Every engagement with its customer, system, vendor, agreement date, status and flags.

    `flags` is a list of FLAGS keys; `missing_clauses` lists the Art. 28(3) clauses not
    recorded as present. The compliance overview reads this.
    """
    return _overview(q, None, _today(today))


def _overview(q: Query, engagement_id: int | None, today: dt.date) -> list[dict]:
    out = []
    for row in q.all("processor_engagement_overview", {"id": engagement_id}):
        r = dict(row)
        r["missing_clauses"] = [c for c in ART28_CLAUSES if c not in set(r["clauses_yes"] or [])]
        r["flags"] = _flags(r, today)
        out.append(r)
    return out


def engagement(q: Query, engagement_id: int, today: dt.date | None = None, access_limit: int = 1000) -> dict:
    """One engagement with its customer, categories, Art. 28(3) checklist, access log and flags."""
    today = _today(today)
    row = q.one("processor_engagement", {"id": engagement_id})
    if row is None:
        raise NotFound(N_("engagement {id}: no such processor engagement"), id=engagement_id)
    (overview,) = _overview(q, engagement_id, today)
    recorded = {r["clause"]: r["present"] for r in q.all("processor_engagement_clauses", {"id": engagement_id})}
    out = dict(row)
    out["categories"] = q.all("processor_engagement_categories", {"id": engagement_id})
    out["clauses"] = [{"clause": k, **{lang: clause_text(k, lang) for lang in i18n.LANGS}, "present": recorded.get(k)}
                      for k in ART28_CLAUSES]
    out["accesses"] = q.all("processor_access_log", {"id": engagement_id, "limit": access_limit})
    out["access_count"] = overview["accesses"]
    out["accesses_without_ticket"] = overview["accesses_without_ticket"]
    out["accesses_outside"] = overview["accesses_outside"]
    out["missing_clauses"] = overview["missing_clauses"]
    out["flags"] = overview["flags"]
    return out


def customers(q: Query) -> list[dict]:
    return q.all("customers")


def role_categories(q: Query) -> list[dict]:
    """The categories staff normally see in a customer's system (the notice's list)."""
    return q.all("processor_role_categories")


def ordinary_categories(q: Query) -> list[dict]:
    """Categories an engagement may hold: ordinary ones only (no Art. 9 data, no credentials)."""
    return [c for c in q.all("processor_category_lookup") if c["kind"] == "ordinary"]


# -- validation helpers --------------------------------------------------------------------

def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# Names, identifiers and references: one line (they head PDFs, letters and CSV cells).
ONE_LINE = {"customer", "system", "vendor", "agreement_ref", "authorised_by", "engaged_by", "staff", "ticket",
            "business_id", "contact_name", "contact_email", "dpo_name", "dpo_email"}


def _check_text(problems: list[Problem], field: str, value: str | None, required: bool = False) -> None:
    if value is None:
        if required:
            problems.append(problem(field, N_("is required")))
        return
    if len(value) > TEXT_LIMIT:
        problems.append(problem(field, N_("is longer than {limit} characters"), limit=TEXT_LIMIT))
    if field.removeprefix("customer ") in ONE_LINE and safety.not_one_line(value):  # #15 §1
        problems.append(problem(field, safety.ONE_LINE_REASON))
    elif safety.has_control(value):  # #15 §1: NUL, ESC, BEL ... are refused, naming the field
        problems.append(problem(field, safety.CONTROL_REASON))


def refuse_credentials(fields: dict[str, Any]) -> None:
    """Refuse free text that carries a password or other secret; the message never repeats it."""
    for field, value in fields.items():
        if isinstance(value, str) and _SECRET.search(value):
            raise Refused(N_("{field}: this text appears to contain a password or other credential. The register "
                             "has no place for credentials (KuntaPlus never knows customers' passwords); write what "
                             "was done without the secret. Nothing was saved."),
                          field=_field_text(field))


def _date(value: Any, field: str, problems: list[Problem]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    from .fmt import parse_date  # one reader of ISO and Finnish dates for CLI and library
    from .errors import KpError

    try:
        return parse_date(str(value), field)
    except KpError:
        problems.append(problem(field, N_("is not a date (use 2026-11-24 or 24.11.2026)")))
        return None


def _datetime(value: Any, field: str, problems: list[Problem]) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0))
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?", text)
    try:
        if m:
            d, mo, y, h, mi = m.groups()
            return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo is None else parsed.astimezone().replace(tzinfo=None)
    except ValueError:
        problems.append(problem(field, N_("is not a date and time (use 2026-11-24T14:30 or 24.11.2026 14:30)")))
        return None


def resolve_categories(q: Query, wanted: list[str]) -> list[str]:
    """Category keys for what a user typed (key, alias, or name). Credentials and Art. 9 data are refused."""
    lookup = q.all("processor_category_lookup")
    index: dict[str, dict] = {}
    for c in lookup:
        for word in [c["key"], c["name_fi"], c["name_en"], *(c["aliases"] or "").split("|")]:
            if word and word.strip():
                index.setdefault(word.strip().lower(), c)
    keys, problems = [], []
    for raw in wanted:
        word = str(raw).strip().lower()
        if not word:
            continue
        c = index.get(word)
        if c is None:
            problems.append(problem("categories", N_("unknown data category {category}; known: {known}"),
                                    category=repr(raw),
                                    known=", ".join(x["key"] for x in lookup if x["kind"] == "ordinary")))
            continue
        if c["kind"] == "credential":
            raise Refused(N_("categories: {category} is a credential ({name}). The register has no place for "
                             "passwords or other credentials: KuntaPlus never knows customers' passwords. Nothing "
                             "was saved."), category=repr(raw), name=_category_name(c))
        if c["kind"] == "special":
            raise Refused(N_("categories: {category} is special-category data (Art. 9: {name}), which KuntaPlus "
                             "does not process. Nothing was saved."), category=repr(raw), name=_category_name(c))
        if c["key"] not in keys:
            keys.append(c["key"])
    if problems:
        raise ValidationFailed(problems)
    return keys


# -- customers ------------------------------------------------------------------------------

CUSTOMER_FIELDS = ("business_id", "address", "contact_name", "contact_email", "dpo_name", "dpo_email")
# The customer's contact fields as the forms and the Art. 30(2) record (processor_record.RECORD_COLUMNS) name them.
CUSTOMER_LABELS = {
    "business_id": NP_("processor record column", "Business ID"),
    "address": NP_("processor record column", "Address"),
    "contact_name": NP_("processor record column", "Contact person"),
    "contact_email": NP_("processor record column", "Contact email"),
    "dpo_name": NP_("processor record column", "Data protection officer"),
    "dpo_email": NP_("processor record column", "DPO email"),
}


def _customer_values(data: dict, problems: list[Problem], prefix: str = "customer ") -> dict:
    vals = {f: _clean(data.get(f)) for f in CUSTOMER_FIELDS}
    for f, v in vals.items():
        _check_text(problems, prefix + f, v)
    for f in ("contact_email", "dpo_email"):
        if vals[f] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", vals[f]):
            problems.append(problem(prefix + f, N_("is not an email address")))
    return vals


def _customer_id(w, name: str, vals: dict) -> tuple[int, bool]:
    """The customer's id by name (created if new; given details replace its stored ones)."""
    row = w.one("customer_by_name", {"name": name})
    if row is None:
        return w.value("customer_insert", {"name": name, **vals}), True
    merged = {f: vals[f] if vals[f] is not None else row[f] for f in CUSTOMER_FIELDS}
    if merged != {f: row[f] for f in CUSTOMER_FIELDS}:
        w.run("customer_update", {"id": row["id"], **merged})
        w.audit("customer.update", "customer", row["id"], {"fields": sorted(f for f in CUSTOMER_FIELDS if vals[f] is not None)})
    return row["id"], False


def update_customer(reg: Register, actor: str, customer_id: int, data: dict) -> None:
    """Change a customer's (controller's) contact details: keys in `data` replace, others stay."""
    problems: list[Problem] = []
    given = {f: data[f] for f in CUSTOMER_FIELDS if f in data}
    vals = _customer_values(given, problems, prefix="")
    refuse_credentials({f: vals[f] for f in given})
    if problems:
        raise ValidationFailed(problems)
    with reg.write(actor, "customer.update", "customer", customer_id, {"fields": sorted(given)}) as w:
        row = w.one("customer_by_id", {"id": customer_id})
        if row is None:
            raise NotFound(N_("customer {id}: no such customer"), id=customer_id)
        w.run("customer_update", {"id": customer_id, **{f: vals[f] if f in given else row[f] for f in CUSTOMER_FIELDS}})


def customer_id_by_name(q: Query, name: str) -> int:
    row = q.one("customer_by_name", {"name": name})
    if row is None:
        raise NotFound(N_("customer: no customer by that name"))
    return row["id"]


# -- engagements ----------------------------------------------------------------------------

ENGAGEMENT_TEXT = ("system", "vendor", "service_fi", "service_en", "subjects_fi", "subjects_en", "agreement_ref",
                   "agreement_location", "authorised_by", "transfers_fi", "transfers_en", "security_fi", "security_en",
                   "engaged_by", "engaged_by_contact", "service_sv", "subjects_sv", "transfers_sv", "security_sv")
# An engagement's texts kept per language (issue 18 §2): `{field}_fi`, `_sv`, `_en`.
ENGAGEMENT_LANG_TEXT = ("service", "subjects", "transfers", "security")
# The data subjects when none are given: the customer's system's users.
DEFAULT_SUBJECTS = NP_("engagement default", "Users of the customer's system")


def text_in(row: dict, field: str, lang: str) -> str | None:
    """An engagement's text (service, subjects, transfers, security) in `lang`; where the register
    holds none in that language (a Swedish text not yet written), the Finnish one, the register's
    authoritative text, as the dashboard's ui.pick and the record's statements read it."""
    return row.get(f"{field}_{lang}") or row.get(f"{field}_fi") or row.get(f"{field}_en")
# Whose processor KuntaPlus is in an engagement (Art. 28(2), 28(4), 30(2)(a)).
ROLES = ("processor", "sub_processor")
ROLE_TEXT = {"processor": NP_("engagement role", "processor (engaged by the customer directly)"),
             "sub_processor": NP_("engagement role", "sub-processor")}


def _engagement_values(data: dict, problems: list[Problem], current: dict | None = None) -> dict:
    """Validated engagement columns from `data` (missing keys keep `current`'s values)."""
    cur = current or {}

    def pick(f):
        return data[f] if f in data else cur.get(f)

    vals: dict[str, Any] = {f: _clean(pick(f)) for f in ENGAGEMENT_TEXT}
    # One of Finnish and English given: the other starts as the same text (the DPO can translate
    # later). Swedish not given stays NULL, read as the Finnish (text_in): a copy would pass for a
    # translation. Only Swedish given: it is the Finnish and English too until they are written.
    for field in ENGAGEMENT_LANG_TEXT:
        fi, en, sv = (f"{field}_{x}" for x in ("fi", "en", "sv"))
        if vals[fi] is None:
            vals[fi] = vals[en] or vals[sv]
        if vals[en] is None:
            vals[en] = vals[fi]
    if vals["subjects_fi"] is None:
        vals["subjects_fi"], vals["subjects_en"] = (i18n.gettext(DEFAULT_SUBJECTS, "fi"),
                                                    i18n.gettext(DEFAULT_SUBJECTS, "en"))
        vals["subjects_sv"] = i18n.gettext(DEFAULT_SUBJECTS, "sv")
    elif vals["subjects_sv"] is None and vals["subjects_fi"] == i18n.gettext(DEFAULT_SUBJECTS, "fi"):
        vals["subjects_sv"] = i18n.gettext(DEFAULT_SUBJECTS, "sv")
    for f in ("system", "vendor", "service_fi"):
        _check_text(problems, f.replace("_fi", ""), vals[f], required=True)
    for f in ENGAGEMENT_TEXT:
        if f not in ("system", "vendor", "service_fi"):
            _check_text(problems, f, vals[f])
    vals["agreement_signed_on"] = _date(pick("agreement_signed_on"), "agreement_signed_on", problems)
    vals["authorised_on"] = _date(pick("authorised_on"), "authorised_on", problems)
    vals["starts_on"] = _date(pick("starts_on"), "starts_on", problems)
    vals["ends_on"] = _date(pick("ends_on"), "ends_on", problems)
    for f in ("agreement_signed_on", "authorised_on"):
        if vals[f] is not None and vals[f] > dt.date.today():
            problems.append(problem(f, N_("is in the future (record it when it has happened)")))
    auth = _clean(pick("authorisation"))
    if auth is not None and auth not in AUTHORISATIONS:
        problems.append(problem("authorisation", N_("must be one of {values}"), values=", ".join(AUTHORISATIONS)))
    vals["authorisation"] = auth
    status = _clean(pick("status")) or "active"
    if status not in ("planned", "active") and not current:
        problems.append(problem("status", N_("a new engagement is planned or active (end it with `processor end`)")))
    elif status not in STATUSES:
        problems.append(problem("status", N_("must be one of {values}"), values=", ".join(STATUSES)))
    vals["status"] = status
    if vals["starts_on"] is None and not any(p.field == "starts_on" for p in problems):
        problems.append(problem("starts_on", N_("is required")))
    if vals["starts_on"] and vals["ends_on"] and vals["ends_on"] < vals["starts_on"]:
        problems.append(problem("ends_on", N_("is before starts_on")))
    if vals["authorisation"] is None and (vals["authorised_by"] or vals["authorised_on"]):
        problems.append(problem("authorisation", N_("give general or specific when authorised_by/on is given")))
    # Art. 30(2)(a): a sub-processor names the processor that engaged it, with its contact; a
    # processor engaged by the customer directly has no such processor.
    role = _clean(pick("role"))
    if role == "processor" and "engaged_by" not in data and "engaged_by_contact" not in data:
        vals["engaged_by"] = vals["engaged_by_contact"] = None  # now the customer's own processor
    if role is not None and role not in ROLES:
        problems.append(problem("role", N_("must be one of {values}"), values=", ".join(ROLES)))
    elif role == "sub_processor":
        for f in ("engaged_by", "engaged_by_contact"):
            if vals[f] is None:
                problems.append(problem(f, N_("is required for a sub-processor (the processor that engaged "
                                              "KuntaPlus and its contact, Art. 30(2)(a))")))
    elif vals["engaged_by"] or vals["engaged_by_contact"]:
        problems.append(problem("engaged_by", N_("is given only when the role is sub_processor")))
    vals["role"] = role
    return vals


def add_engagement(reg: Register, actor: str, data: dict, today: dt.date | None = None) -> int:
    """Add an engagement; its customer (by name) is created if new. Returns the engagement id.

    `data`: customer, system, vendor, service_fi/service_sv/service_en, starts_on, and optionally
    categories (default: the notice's processor-role categories), subjects_*, agreement_ref,
    agreement_signed_on, agreement_location, authorisation (general|specific), authorised_by,
    authorised_on, transfers_*, security_*, ends_on, status (planned|active), clauses
    ({key: bool}) and the customer's contact fields (customer_business_id, customer_dpo_email ...).
    """
    problems: list[Problem] = []
    name = _clean(data.get("customer"))
    _check_text(problems, "customer", name, required=True)
    if "starts_on" not in data or data.get("starts_on") in (None, ""):
        data = {**data, "starts_on": _today(today)}
    vals = _engagement_values(data, problems)
    details = _customer_values({f: data.get("customer_" + f) for f in CUSTOMER_FIELDS}, problems)
    clauses = data.get("clauses") or {}
    for k in clauses:
        if k not in ART28_CLAUSES:
            problems.append(problem("clauses", N_("unknown clause {clause}; known: {known}"), clause=repr(k),
                                        known=", ".join(ART28_CLAUSES)))
    refuse_credentials({"customer": name, **vals, **{"customer " + k: v for k, v in details.items()}})
    if problems:
        raise ValidationFailed(problems)
    with reg.write(actor) as w:
        wanted = data.get("categories")
        cats = resolve_categories(w, list(wanted)) if wanted else [c["category"] for c in role_categories(w)]
        if not cats:
            raise ValidationFailed([problem("categories", N_("at least one data category is required"))])
        customer_id, created = _customer_id(w, name, details)
        if created:
            w.audit("customer.create", "customer", customer_id)
        eid = w.value("processor_engagement_insert", {"customer_id": customer_id, **vals})
        for c in cats:
            w.run("processor_engagement_category_insert", {"id": eid, "category": c})
        for k, present in clauses.items():
            w.run("processor_clause_upsert", {"id": eid, "clause": k, "present": bool(present)})
        w.audit("engagement.create", "processor_engagement", eid,
                {"customer": customer_id, "categories": len(cats), "clauses": len(clauses)})
    return eid


def update_engagement(reg: Register, actor: str, engagement_id: int, data: dict) -> None:
    """Change an engagement's facts (agreement, authorisation, dates, texts, categories).

    Keys not in `data` keep their values. Ending an engagement goes through `end_engagement`.
    """
    problems: list[Problem] = []
    with reg.write(actor) as w:
        current = w.one("processor_engagement", {"id": engagement_id})
        if current is None:
            raise NotFound(N_("engagement {id}: no such processor engagement"), id=engagement_id)
        if data.get("status") == "ended" and current["status"] != "ended":
            raise ValidationFailed([problem("status", N_("end an engagement with `kp processor end` (it records "
                                                         "the return-or-delete decision)"))])
        vals = _engagement_values(data, problems, current)
        if current["status"] == "ended" and "status" not in data:
            vals["status"] = "ended"
        refuse_credentials(vals)
        if problems:
            raise ValidationFailed(problems)
        cats = None
        if data.get("categories") is not None:
            cats = resolve_categories(w, list(data["categories"]))
            if not cats:
                raise ValidationFailed([problem("categories", N_("at least one data category is required"))])
        w.run("processor_engagement_update", {"id": engagement_id, **vals})
        if cats is not None:
            w.run("processor_engagement_categories_clear", {"id": engagement_id})
            for c in cats:
                w.run("processor_engagement_category_insert", {"id": engagement_id, "category": c})
        changed = sorted(k for k in data if k in vals or k == "categories")
        w.audit("engagement.update", "processor_engagement", engagement_id, {"fields": changed})


def set_clauses(reg: Register, actor: str, engagement_id: int, clauses: dict[str, bool | None]) -> None:
    """Record Art. 28(3) clauses as present (True) or absent (False); None forgets a clause's answer."""
    bad = [k for k in clauses if k not in ART28_CLAUSES]
    if bad:
        raise ValidationFailed([problem("clause", N_("unknown clause {clause}; known: {known}"), clause=repr(k),
                                        known=", ".join(ART28_CLAUSES)) for k in bad])
    with reg.write(actor, "engagement.clauses", "processor_engagement", engagement_id,
                   {"yes": sorted(k for k, v in clauses.items() if v is True),
                    "no": sorted(k for k, v in clauses.items() if v is False),
                    "unset": sorted(k for k, v in clauses.items() if v is None)}) as w:
        if not w.value("processor_engagement_exists", {"id": engagement_id}):
            raise NotFound(N_("engagement {id}: no such processor engagement"), id=engagement_id)
        for k, present in clauses.items():
            if present is None:
                w.run("processor_clause_delete", {"id": engagement_id, "clause": k})
            else:
                w.run("processor_clause_upsert", {"id": engagement_id, "clause": k, "present": bool(present)})


def log_access(reg: Register, actor: str, engagement_id: int, *, reason: str, staff: str,
               ticket_ref: str | None = None, accessed_at: Any = None, action: str | None = None,
               now: dt.datetime | None = None) -> int:
    """Log one access to personal data in a customer's system. Returns the access id.

    An access without a ticket, or outside the engagement's period, is logged as it happened
    (the log must be true) and flagged; a time in the future or a credential in the text is refused.
    """
    now = now or dt.datetime.now()
    problems: list[Problem] = []
    vals = {"reason": _clean(reason), "staff": _clean(staff), "ticket_ref": _clean(ticket_ref),
            "action": _clean(action)}
    _check_text(problems, "reason", vals["reason"], required=True)
    _check_text(problems, "staff", vals["staff"], required=True)
    _check_text(problems, "ticket", vals["ticket_ref"])
    _check_text(problems, "action", vals["action"])
    when = _datetime(accessed_at, "accessed_at", problems) if accessed_at not in (None, "") else now.replace(microsecond=0)
    if when is not None and when > now + dt.timedelta(minutes=5):
        problems.append(problem("accessed_at", N_("is in the future")))
    refuse_credentials({"reason": vals["reason"], "action": vals["action"], "ticket": vals["ticket_ref"],
                        "staff": vals["staff"]})
    if problems:
        raise ValidationFailed(problems)
    with reg.write(actor) as w:
        if not w.value("processor_engagement_exists", {"id": engagement_id}):
            raise NotFound(N_("engagement {id}: no such processor engagement"), id=engagement_id)
        aid = w.value("processor_access_insert", {"id": engagement_id, "accessed_at": when, **vals})
        w.audit("engagement.access", "processor_access", aid,
                {"engagement": engagement_id, "ticket": vals["ticket_ref"] is not None})
    return aid


def set_access_ticket(reg: Register, actor: str, access_id: int, ticket_ref: str) -> None:
    """Add the customer's request or ticket reference to a logged access (learned afterwards)."""
    ticket = _clean(ticket_ref)
    problems: list[Problem] = []
    _check_text(problems, "ticket", ticket, required=True)
    refuse_credentials({"ticket": ticket})
    if problems:
        raise ValidationFailed(problems)
    with reg.write(actor) as w:
        row = w.one("processor_access_by_id", {"id": access_id})
        if row is None:
            raise NotFound(N_("access {id}: no such access in the log"), id=access_id)
        w.run("processor_access_set_ticket", {"id": access_id, "ticket_ref": ticket})
        w.audit("engagement.access.ticket", "processor_access", access_id,
                {"engagement": row["engagement_id"], "had_ticket": row["ticket_ref"] is not None})


def end_engagement(reg: Register, actor: str, engagement_id: int, *, ends_on: Any = None,
                   decision: str | None = None, decided_on: Any = None, today: dt.date | None = None) -> None:
    """End an engagement on `ends_on` and record the return-or-delete decision (Art. 28(3)(g)).

    An already ended engagement may be given its decision later (ends_on then optional).
    """
    today = _today(today)
    problems: list[Problem] = []
    end = _date(ends_on, "ends_on", problems)
    decided = _date(decided_on, "decided_on", problems)
    decision = _clean(decision)
    if decision is not None and decision not in DECISIONS:
        problems.append(problem("decision", N_("must be return or delete")))
    if (decision is None) != (decided is None) and not any(p.field in ("decision", "decided_on") for p in problems):
        problems.append(problem("decided_on" if decided is None else "decision",
                                N_("the decision and its date go together")))
    if end is not None and end > today:
        problems.append(problem("ends_on", N_("is in the future; record a planned end date with "
                                              "`kp processor update ID --ends-on DATE` and end it on the day")))
    if decided is not None and decided > today:
        problems.append(problem("decided_on", N_("is in the future")))
    if problems:
        raise ValidationFailed(problems)
    with reg.write(actor) as w:
        cur = w.one("processor_engagement", {"id": engagement_id})
        if cur is None:
            raise NotFound(N_("engagement {id}: no such processor engagement"), id=engagement_id)
        if end is None:
            end = cur["ends_on"] if cur["status"] == "ended" else None
            if end is None:
                raise ValidationFailed([problem("ends_on", N_("is required (the engagement's last day)"))])
        if end < cur["starts_on"]:
            raise ValidationFailed([problem("ends_on", N_("is before the engagement started ({day})"),
                                            day=functools.partial(fmt.date, cur["starts_on"]))])
        if decision is None and cur["end_decision"] is not None:
            decision, decided = cur["end_decision"], cur["end_decision_on"]
        w.run("processor_engagement_end", {"id": engagement_id, "ends_on": end, "end_decision": decision,
                                           "end_decision_on": decided})
        w.audit("engagement.end", "processor_engagement", engagement_id,
                {"decision": decision, "was": cur["status"]})
