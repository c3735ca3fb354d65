"""Retention as a rule, Art. 5(1)(e) and 13(2)(a): the one owner of "how long".

Art. 5(1)(e): personal data is "kept in a form which permits identification of data subjects
for no longer than is necessary"; Art. 13(2)(a)/14(2)(a) require telling "the period for
which the personal data will be stored, or if that is not possible, the criteria used to
determine that period". The period told must be the one applied, so each purpose holds its
retention as data: an ANCHOR event and a period in MONTHS (purpose.retention_anchor,
purpose.retention_months). From that rule this module

- writes every retention sentence (notice, Art. 30 record, access report) in Finnish,
  Swedish and English (`sentence`, `person_sentence`): no free text that could drift from `purge`;
- computes each purpose link's end date from the anchor dates the register holds
  (`LINKS_SQL`, used by `kp purge` and the compliance checks; `person_ends` for one person).

Anchors and where their dates live:
- collection             contact_purpose.collected_on (web visits: the visit's time)
- last_contact           contact_purpose.last_contact_on (imports, `kp contacts touch`, dashboard)
- contract_end           customer.contract_end of the person's customer organisation
                         (contact.customer_id, else the customer whose name equals the person's
                         organisation up to its first comma: "Tampereen kaupunki, Tilapalvelut"
                         belongs to "Tampereen kaupunki"). NULL or a future date: the contract runs and nothing is
                         purged, however old the link.
- last_training_support  contact.last_training_on (imports, `kp contacts touch --training`)

Unknown anchor (no last-contact date, no training date, no matching customer): the end is
counted from collection so that it is shown, and the link is FLAGGED (compliance finding
`retention_anchor_unknown`). LEGAL.md: "where a person's anchor date is unknown, the safe
default is to ask, not to keep forever or delete early". What we chose: `purge` does not
delete such a link even when the presumed end has passed (deleting could be early); it keeps
it, counts it (`kept_unknown_anchor`) and the finding turns high, asking the DPO to record the
date (or, if none exists, to record the collection day as the last contact, after which the
link goes). Neither kept forever silently nor deleted early.

Months are calendar months (same day-number, clamped: kpcore.deadlines.add_months); the
data may be kept through the end day and is deleted from the day after.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import i18n
from .deadlines import add_months
from .i18n import NP_

ANCHORS = ("collection", "last_contact", "contract_end", "last_training_support")

# "{duration} from ..." per anchor (contract_end is worded apart), the anchors' names and the
# dates a person's retention may lack: catalog messages, whole phrases with their placeholders.
_FROM = {
    "collection": NP_("retention", "{duration} from when the data was collected"),
    "last_contact": NP_("retention", "{duration} from the last contact"),
    "last_training_support": NP_("retention", "{duration} from the last training or support event"),
}
_ANCHOR_NAME = {
    "collection": NP_("retention anchor", "the day the data was collected"),
    "last_contact": NP_("retention anchor", "the last contact"),
    "contract_end": NP_("retention anchor", "the end of the customer agreement"),
    "last_training_support": NP_("retention anchor", "the last training or support event"),
}
_MISSING = {
    "last_contact": NP_("retention missing date", "the date of the last contact"),
    "last_training_support": NP_("retention missing date", "the date of the last training or support event"),
    "contract_end": NP_("retention missing date", "your organisation's customer agreement"),
}
# Whole years up to ten are written in words ("kolme vuotta", "tre år", "three years").
_YEARS_IN_WORDS = (None, NP_("number of years", "one"), NP_("number of years", "two"),
                   NP_("number of years", "three"), NP_("number of years", "four"), NP_("number of years", "five"),
                   NP_("number of years", "six"), NP_("number of years", "seven"), NP_("number of years", "eight"),
                   NP_("number of years", "nine"), NP_("number of years", "ten"))


def anchor_name(anchor: str, lang: str = "fi") -> str:
    return i18n.gettext(_ANCHOR_NAME[anchor], lang)


def duration(months: int, lang: str = "fi") -> str:
    """'kaksi vuotta' / 'två år' / 'two years' for whole years, else '14 kuukautta' / '14 månader' / '14 months'."""
    if months % 12 == 0:
        n = months // 12
        word = i18n.gettext(_YEARS_IN_WORDS[n], lang) if n < len(_YEARS_IN_WORDS) else str(n)
        return i18n.ngettext("{n} year", "{n} years", n, lang).format(n=word)
    if months == 1:
        return i18n.pgettext("retention", "one month", lang)
    return i18n.ngettext("{n} month", "{n} months", months, lang).format(n=months)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def validate(anchor: str | None, months) -> list[str]:
    """Problems with a rule (empty when it is valid)."""
    out = []
    if anchor not in ANCHORS:
        out.append(f"anchor must be one of {', '.join(ANCHORS)}")
    try:
        if months is None or int(months) <= 0 or int(months) != float(months):
            out.append("months must be a whole number above 0")
    except (TypeError, ValueError):
        out.append("months must be a whole number above 0")
    return out


def sentence(anchor: str, months: int | None, lang: str = "fi", *, direct_marketing: bool = False,
             ip_full_days: int | None = None) -> str:
    """The general retention sentence of a purpose (notice, records)."""
    def t(message, **values):
        return i18n.gettext(message, lang).format(**values)

    if months is None or anchor not in ANCHORS:
        return t(NP_("retention", "No retention period has been set."))
    d = duration(int(months), lang)
    if anchor == "contract_end":
        text = t(NP_("retention", "For the term of the customer agreement and {duration} after it ends"), duration=d)
    else:
        text = _cap(i18n.gettext(_FROM[anchor], lang).format(duration=d))
    if direct_marketing:  # an objection (Art. 21(3)) removes the link at once (kpcore.erasure)
        text = t(NP_("retention", "{period}, or until the person objects to direct marketing"), period=text)
    if ip_full_days:
        text = t(NP_("retention", "{period}; full IP addresses are truncated after {days} days"), period=text, days=ip_full_days)
    return text + "."


def purpose_sentence(purpose: dict, lang: str = "fi", ip_full_days: int | None = None) -> str:
    """`sentence` for a purpose row (keys retention_anchor, retention_months, direct_marketing)."""
    return sentence(purpose.get("retention_anchor") or "collection", purpose.get("retention_months"), lang,
                    direct_marketing=bool(purpose.get("direct_marketing")),
                    ip_full_days=ip_full_days if purpose.get("key", purpose.get("purpose")) == "web_analytics" else None)


def ip_full_days(q) -> int:
    from .web import ip_full_days as days

    return days(q)


def with_sentences(q, purposes: list[dict], langs=("fi", "en", "sv")) -> list[dict]:
    """Purpose rows with retention_fi / _en / _sv generated from their rule (what every output prints);
    only those of `langs` when a caller needs fewer (the access report: its own language and Finnish)."""
    ip_days = ip_full_days(q)
    return [p | {f"retention_{lang}": purpose_sentence(p, lang, ip_days) for lang in ("fi", "en", "sv") if lang in langs}
            for p in purposes]


# One row per purpose link with its anchor, end date and flags; $today is the day of the check.
# A customer is found by contact.customer_id, else by the person's organisation (up to a comma); several
# customers with one name (case aside) count as running if any of them runs.
LINKS_SQL = """
WITH cust AS (
    SELECT lower(trim(name)) AS k, min(id) AS id,
           CASE WHEN bool_or(contract_end IS NULL) THEN NULL ELSE max(contract_end) END AS contract_end
    FROM customer GROUP BY 1
), l AS (
    SELECT cp.contact_id, cp.purpose, cp.collected_on, p.retention_anchor AS anchor, p.retention_months AS months,
           CASE p.retention_anchor
               WHEN 'collection' THEN cp.collected_on
               WHEN 'last_contact' THEN cp.last_contact_on
               WHEN 'last_training_support' THEN c.last_training_on
               WHEN 'contract_end' THEN coalesce(c1.contract_end, c2.contract_end)
           END AS anchor_on,
           CASE p.retention_anchor
               WHEN 'collection' THEN true
               WHEN 'last_contact' THEN cp.last_contact_on IS NOT NULL
               WHEN 'last_training_support' THEN c.last_training_on IS NOT NULL
               WHEN 'contract_end' THEN coalesce(c1.id, c2.id) IS NOT NULL
           END AS anchor_known,
           p.retention_anchor = 'contract_end' AND coalesce(c1.id, c2.id) IS NOT NULL
               AND (CASE WHEN c1.id IS NOT NULL THEN c1.contract_end ELSE c2.contract_end END IS NULL
                    OR CASE WHEN c1.id IS NOT NULL THEN c1.contract_end ELSE c2.contract_end END >= CAST($today AS DATE))
               AS running,
           coalesce(c1.id, c2.id) AS customer_id
    FROM contact_purpose cp
    JOIN purpose p ON p.key = cp.purpose
    JOIN contact c ON c.id = cp.contact_id
    LEFT JOIN customer c1 ON c1.id = c.customer_id
    LEFT JOIN cust c2 ON c.customer_id IS NULL AND c2.k = lower(trim(split_part(c.organisation, ',', 1)))
)
SELECT contact_id, purpose, collected_on, anchor, months, anchor_known, running, customer_id,
       CASE WHEN running THEN NULL WHEN anchor_known THEN anchor_on ELSE collected_on END AS counted_from,
       CASE WHEN running OR months IS NULL THEN NULL
            ELSE CAST((CASE WHEN anchor_known THEN anchor_on ELSE collected_on END) + to_months(months) AS DATE)
       END AS ends_on
FROM l
"""


@dataclass(frozen=True)
class LinkEnd:
    """One purpose link's retention, worked out from its anchor."""

    purpose: str
    anchor: str
    months: int | None
    anchor_known: bool
    running: bool
    counted_from: dt.date | None
    ends_on: dt.date | None

    def expired(self, today: dt.date) -> bool:
        return self.ends_on is not None and self.ends_on < today


def person_ends(q, contact_id: int, today: dt.date) -> dict[str, LinkEnd]:
    """purpose key -> LinkEnd for one person's links (same SQL as purge)."""
    rows = q.sql(f"SELECT * FROM ({LINKS_SQL}) WHERE contact_id = $id",
                 {"today": today, "id": int(contact_id)}).fetchall()
    cols = ["contact_id", "purpose", "collected_on", "anchor", "months", "anchor_known", "running", "customer_id",
            "counted_from", "ends_on"]
    out = {}
    for r in rows:
        d = dict(zip(cols, r))
        out[d["purpose"]] = LinkEnd(d["purpose"], d["anchor"], d["months"], bool(d["anchor_known"]),
                                    bool(d["running"]), d["counted_from"], d["ends_on"])
    return out


def _day(d: dt.date) -> str:
    """A day in a sentence a person reads in a document: 1.3.2026 in every language, as the
    access report and the letters write their other days (kpcore.pdf.sar: fmt.date(d, "fi")), so an
    English report does not mix 2026-03-01 and 1.3.2026; kpcore.fmt (Babel) formats it."""
    from . import fmt

    return fmt.date(d, "fi")


def person_sentence(end: LinkEnd, lang: str = "fi", *, direct_marketing: bool = False) -> str:
    """This person's own retention for one purpose: a date, or 'N after the agreement ends' while it runs."""
    def t(message, **values):
        return i18n.gettext(message, lang).format(**values)

    if end.months is None:
        return sentence(end.anchor, None, lang)
    d = duration(end.months, lang)
    if end.running:
        text = t(NP_("retention", "{duration} after the customer agreement ends. Your organisation's agreement is in force, so there "
                 "is no end date yet."), duration=_cap(d))
    elif end.anchor_known:
        text = t(NP_("retention", "Until {end} ({duration} from {anchor}, {start})."), end=_day(end.ends_on), duration=d,
                 anchor=anchor_name(end.anchor, lang), start=_day(end.counted_from))
    else:
        text = t(NP_("retention", "{duration} ({anchor}). The register does not hold {missing}, so the period is counted for now from "
                 "collection ({start}): until {end}. The data protection officer is checking the date."),
                 duration=_cap(d), anchor=anchor_name(end.anchor, lang),
                 missing=i18n.gettext(_MISSING[end.anchor], lang), start=_day(end.counted_from),
                 end=_day(end.ends_on))
    if direct_marketing:
        text = t(NP_("retention", "{text} The data is deleted at once if you object to direct marketing."), text=text)
    return text


def visits_sentence(months: int | None, first_visit: dt.date | None, lang: str = "fi") -> str | None:
    """The person's web visits: each is deleted `months` after it, the oldest one by its end date."""
    if not months or first_visit is None:
        return None
    return i18n.pgettext("retention", "Each visit is deleted {duration} after it: the oldest recorded visit ({first}) "
                         "by {end} at the latest.", lang).format(
        duration=duration(int(months), lang), first=_day(first_visit),
        end=_day(add_months(first_visit, int(months))))


def from_legacy(days: int | None, text_fi: str | None) -> tuple[str, int | None]:
    """The rule an older register's free text and day count stood for (the v2 migration).

    1095 days -> 36 months, 730 -> 24, 425 -> 14; the anchor from the Finnish wording."""
    t = (text_fi or "").lower()
    if "sopimu" in t:
        anchor = "contract_end"
    elif "koulutu" in t or "tukitapahtu" in t:
        anchor = "last_training_support"
    elif "yhteydeno" in t or "yhteydenpid" in t:
        anchor = "last_contact"
    else:
        anchor = "collection"
    months = round(days * 12 / 365.25) if days else None
    return anchor, (months or None)
