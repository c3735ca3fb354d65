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

from .deadlines import add_months

ANCHORS = ("collection", "last_contact", "contract_end", "last_training_support")

# Finnish elative phrases ("from ...") and English ones; contract_end is worded apart.
_FROM = {
    "collection": ("tietojen keräämisestä", "from when the data was collected"),
    "last_contact": ("viimeisestä yhteydenotosta", "from the last contact"),
    "last_training_support": ("viimeisestä koulutus- tai tukitapahtumasta", "from the last training or support event"),
}
_ANCHOR_NAME = {
    "collection": ("tietojen keräämispäivä", "the day the data was collected"),
    "last_contact": ("viimeisin yhteydenotto", "the last contact"),
    "contract_end": ("asiakassopimuksen päättyminen", "the end of the customer agreement"),
    "last_training_support": ("viimeisin koulutus- tai tukitapahtuma", "the last training or support event"),
}
# Swedish (issue 18): the same phrases.
_FROM_SV = {
    "collection": "från det att uppgifterna samlades in",
    "last_contact": "från den senaste kontakten",
    "last_training_support": "från det senaste utbildnings- eller supporttillfället",
}
_ANCHOR_NAME_SV = {
    "collection": "dagen då uppgifterna samlades in",
    "last_contact": "den senaste kontakten",
    "contract_end": "kundavtalets upphörande",
    "last_training_support": "det senaste utbildnings- eller supporttillfället",
}
_SV_NUM = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio", 10: "tio"}
_FI_NUM = {1: "yksi", 2: "kaksi", 3: "kolme", 4: "neljä", 5: "viisi", 6: "kuusi", 7: "seitsemän", 8: "kahdeksan",
           9: "yhdeksän", 10: "kymmenen"}
_EN_NUM = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
           10: "ten"}


def anchor_name(anchor: str, lang: str = "fi") -> str:
    if lang == "sv":
        return _ANCHOR_NAME_SV[anchor]
    fi, en = _ANCHOR_NAME[anchor]
    return fi if lang == "fi" else en


def duration(months: int, lang: str = "fi") -> str:
    """'kaksi vuotta' / 'two years' for whole years, else '14 kuukautta' / '14 months'."""
    if months % 12 == 0:
        n = months // 12
        if lang == "sv":
            return f"{_SV_NUM.get(n, n)} år"
        if lang == "fi":
            return f"{_FI_NUM.get(n, n)} vuosi" if n == 1 else f"{_FI_NUM.get(n, n)} vuotta"
        return f"{_EN_NUM.get(n, n)} year" if n == 1 else f"{_EN_NUM.get(n, n)} years"
    if lang == "sv":
        return "en månad" if months == 1 else f"{months} månader"
    if lang == "fi":
        return "yksi kuukausi" if months == 1 else f"{months} kuukautta"
    return "one month" if months == 1 else f"{months} months"


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
    if lang == "sv":
        return _sentence_sv(anchor, months, direct_marketing, ip_full_days)
    if months is None or anchor not in ANCHORS:
        return ("Säilytysaikaa ei ole määritelty." if lang == "fi" else "No retention period has been set.")
    d = duration(int(months), lang)
    if anchor == "contract_end":
        text = (f"Asiakassopimuksen voimassaoloaika ja {d} sen päättymisestä" if lang == "fi"
                else f"For the term of the customer agreement and {d} after it ends")
    else:
        text = _cap(f"{d} {_FROM[anchor][0 if lang == 'fi' else 1]}")
    if direct_marketing:  # an objection (Art. 21(3)) removes the link at once (kpcore.erasure)
        text += (" tai kunnes henkilö kieltää suoramarkkinoinnin" if lang == "fi"
                 else ", or until the person objects to direct marketing")
    if ip_full_days:
        text += (f"; täydet IP-osoitteet lyhennetään {ip_full_days} päivän kuluttua" if lang == "fi"
                 else f"; full IP addresses are truncated after {ip_full_days} days")
    return text + "."


def _sentence_sv(anchor: str, months: int | None, direct_marketing: bool, ip_full_days: int | None) -> str:
    if months is None or anchor not in ANCHORS:
        return "Ingen lagringstid har fastställts."
    d = duration(int(months), "sv")
    if anchor == "contract_end":
        text = f"Under kundavtalets giltighetstid och {d} efter att det har upphört"
    else:
        text = _cap(f"{d} {_FROM_SV[anchor]}")
    if direct_marketing:
        text += " eller tills personen invänder mot direktmarknadsföring"
    if ip_full_days:
        text += f"; fullständiga IP-adresser förkortas efter {ip_full_days} dagar"
    return text + "."


def purpose_sentence(purpose: dict, lang: str = "fi", ip_full_days: int | None = None) -> str:
    """`sentence` for a purpose row (keys retention_anchor, retention_months, direct_marketing)."""
    return sentence(purpose.get("retention_anchor") or "collection", purpose.get("retention_months"), lang,
                    direct_marketing=bool(purpose.get("direct_marketing")),
                    ip_full_days=ip_full_days if purpose.get("key", purpose.get("purpose")) == "web_analytics" else None)


def ip_full_days(q) -> int:
    from .web import ip_full_days as days

    return days(q)


def with_sentences(q, purposes: list[dict]) -> list[dict]:
    """Purpose rows with retention_fi / _en / _sv generated from their rule (what every output prints)."""
    ip_days = ip_full_days(q)
    return [p | {f"retention_{lang}": purpose_sentence(p, lang, ip_days) for lang in ("fi", "en", "sv")}
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


def _fi_date(d: dt.date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


def person_sentence(end: LinkEnd, lang: str = "fi", *, direct_marketing: bool = False) -> str:
    """This person's own retention for one purpose: a date, or 'N after the agreement ends' while it runs."""
    fi = lang == "fi"
    if end.months is None:
        return sentence(end.anchor, None, lang)
    if lang == "sv":
        return _person_sentence_sv(end, direct_marketing)
    d = duration(end.months, lang)
    tail = ""
    if direct_marketing:
        tail = (" Tiedot poistetaan heti, jos kiellät suoramarkkinoinnin." if fi
                else " The data is deleted at once if you object to direct marketing.")
    if end.running:
        return ((f"{_cap(d)} asiakassopimuksen päättymisestä. Organisaatiosi asiakassopimus on voimassa, joten "
                 f"päättymispäivää ei vielä ole." if fi else
                 f"{_cap(d)} after the customer agreement ends. Your organisation's agreement is in force, so there "
                 f"is no end date yet.") + tail)
    if end.anchor_known:
        return ((f"{_fi_date(end.ends_on)} asti ({d}; {anchor_name(end.anchor, 'fi')} {_fi_date(end.counted_from)})."
                 if fi else
                 f"Until {_fi_date(end.ends_on)} ({d} from {anchor_name(end.anchor, 'en')}, "
                 f"{_fi_date(end.counted_from)}).") + tail)
    missing = {"last_contact": ("viimeisimmän yhteydenoton päivää", "the date of the last contact"),
               "last_training_support": ("viimeisimmän koulutus- tai tukitapahtuman päivää",
                                         "the date of the last training or support event"),
               "contract_end": ("organisaatiosi asiakassopimusta", "your organisation's customer agreement")}[end.anchor]
    return ((f"{_cap(d)} ({anchor_name(end.anchor, 'fi')}). Rekisterissä ei ole {missing[0]}, joten aika on laskettu "
             f"toistaiseksi tietojen keräämisestä ({_fi_date(end.counted_from)}): {_fi_date(end.ends_on)} asti. "
             f"Tietosuojavastaava tarkistaa päivän." if fi else
             f"{_cap(d)} ({anchor_name(end.anchor, 'en')}). The register does not hold {missing[1]}, so the period is "
             f"counted for now from collection ({_fi_date(end.counted_from)}): until {_fi_date(end.ends_on)}. The data "
             f"protection officer is checking the date.") + tail)


def _person_sentence_sv(end: LinkEnd, direct_marketing: bool) -> str:
    d = duration(end.months, "sv")
    tail = " Uppgifterna raderas genast om du invänder mot direktmarknadsföring." if direct_marketing else ""
    if end.running:
        return (f"{_cap(d)} efter att kundavtalet har upphört. Din organisations kundavtal är i kraft, så det finns "
                f"ännu inget slutdatum." + tail)
    if end.anchor_known:
        return (f"Till och med {_fi_date(end.ends_on)} ({d} från {anchor_name(end.anchor, 'sv')}, "
                f"{_fi_date(end.counted_from)})." + tail)
    missing = {"last_contact": "datumet för den senaste kontakten",
               "last_training_support": "datumet för det senaste utbildnings- eller supporttillfället",
               "contract_end": "din organisations kundavtal"}[end.anchor]
    return (f"{_cap(d)} ({anchor_name(end.anchor, 'sv')}). Registret innehåller inte {missing}, så tiden räknas tills "
            f"vidare från insamlingen ({_fi_date(end.counted_from)}): till och med {_fi_date(end.ends_on)}. "
            f"Dataskyddsombudet kontrollerar datumet." + tail)


def visits_sentence(months: int | None, first_visit: dt.date | None, lang: str = "fi") -> str | None:
    """The person's web visits: each is deleted `months` after it, the oldest one by its end date."""
    if not months or first_visit is None:
        return None
    d, end = duration(int(months), lang), _fi_date(add_months(first_visit, int(months)))
    if lang == "sv":
        return (f"Varje besök raderas när {d} har gått sedan besöket: det äldsta registrerade besöket "
                f"({_fi_date(first_visit)}) senast {end}.")
    if lang == "fi":
        return (f"Kukin käynti poistetaan, kun käynnistä on kulunut {d}: vanhin tallennettu käynti "
                f"({_fi_date(first_visit)}) viimeistään {end}.")
    return (f"Each visit is deleted {d} after it: the oldest recorded visit ({_fi_date(first_visit)}) by {end} "
            f"at the latest.")


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
