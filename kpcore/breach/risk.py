"""Risk of a breach to people's rights and freedoms: EDPB Guidelines 9/2022 and the ENISA method.

EDPB Guidelines 9/2022 (§§ 102-105, as in WP250) name the factors: the type of breach; the
nature, sensitivity and volume of the data; ease of identification; severity of the
consequences; special characteristics of the people; the number of people affected. The
ENISA severity method ("Recommendations for a methodology of the assessment of severity of
personal data breaches", 2013) turns three of them into a score: SE = DPC x EI + CB, where
DPC is the data-processing context (1 basic .. 4 sensitive), EI the ease of identification
(0.25 .. 1) and CB the circumstances (0.25 per kind of loss: confidentiality, integrity,
availability; 0.5 for malicious intent). Score < 2 low, 2 to < 3 medium, >= 3 high/very high.

The suggestion maps low -> unlikely to result in a risk, medium -> risk, high -> high risk,
then applies the EDPB factors ENISA's score leaves out, always upward (the reading that
protects the person): serious or very serious consequences -> high; significant ones -> at
least risk; vulnerable people (children, patients, people in a weak position) -> one step up;
1 000 people or 10 000 records or more -> at least risk. The DPO decides the level and records
why (Art. 33(5)); a level below the suggestion is allowed but shown beside it.
"""
from __future__ import annotations

from dataclasses import dataclass
from .. import i18n
from ..i18n import N_, NP_

LEVELS = ("unlikely", "risk", "high")
LEVEL_TEXT = {"unlikely": N_("Unlikely to result in a risk"), "risk": N_("Risk"), "high": N_("High risk")}
BREACH_TYPES = {"confidentiality": N_("Confidentiality (data disclosed)"),
                "integrity": N_("Integrity (data altered)"),
                "availability": N_("Availability (data lost or unavailable)")}
DATA_NATURE = {  # ENISA data-processing context, base score
    "basic": (1.0, NP_("data nature", "Basic data (name, contact details, job)")),
    "behavioural": (2.0, NP_("data nature", "Behavioural data (location, usage, profiles)")),
    "financial": (3.0, NP_("data nature", "Financial data")),
    "sensitive": (4.0, NP_("data nature", "Sensitive data (Arts. 9 and 10)")),
}
IDENTIFICATION = {
    "negligible": (0.25, NP_("identifiability", "Negligible (hardly identifiable)")),
    "limited": (0.5, NP_("identifiability", "Limited")),
    "significant": (0.75, NP_("identifiability", "Significant")),
    "maximum": (1.0, NP_("identifiability", "Maximum (named directly)")),
}
CONSEQUENCES = {
    "minor": NP_("consequences", "Minor (inconvenience easily overcome)"),
    "significant": NP_("consequences", "Significant (overcome with some difficulty)"),
    "serious": NP_("consequences", "Serious (e.g. financial loss, discrimination)"),
    "very_serious": NP_("consequences", "Very serious (lasting or irreversible)"),
}
MANY_PEOPLE, MANY_RECORDS = 1000, 10000


@dataclass(frozen=True)
class Factors:
    """The EDPB Guidelines 9/2022 factors of one breach, as the DPO judges them."""
    breach_types: tuple[str, ...]
    malicious: bool
    data_nature: str
    identification: str
    consequences: str
    vulnerable: bool
    people: int | None = None
    records: int | None = None

    def problems(self) -> list[tuple[str, str, dict]]:
        """(field, catalog message, its parameters) for every factor that cannot be used."""
        out = []
        if not self.breach_types:
            out.append(("breach_types", N_("name at least one: {values}"), {"values": ", ".join(BREACH_TYPES)}))
        for t in self.breach_types:
            if t not in BREACH_TYPES:
                out.append(("breach_types", N_("{value} is not one of {values}"),
                            {"value": repr(t), "values": ", ".join(BREACH_TYPES)}))
        for field, table in (("data_nature", DATA_NATURE), ("identification", IDENTIFICATION),
                             ("consequences", CONSEQUENCES)):
            if getattr(self, field) not in table:
                out.append((field, N_("must be one of {values}"), {"values": ", ".join(table)}))
        for field in ("people", "records"):
            v = getattr(self, field)
            if v is not None and v < 0:
                out.append((field, N_("must not be negative"), {}))
        return out


def score(f: Factors) -> float:
    """ENISA severity: data-processing context x ease of identification + circumstances."""
    circumstances = 0.25 * len(set(f.breach_types)) + (0.5 if f.malicious else 0.0)
    return round(DATA_NATURE[f.data_nature][0] * IDENTIFICATION[f.identification][0] + circumstances, 2)


def suggest(f: Factors) -> tuple[str, list[str]]:
    """(level, reasons in English keys) - the suggestion the DPO starts from."""
    s = score(f)
    level = 0 if s < 2 else 1 if s < 3 else 2
    reasons = [f"score:{s}"]
    if f.consequences in ("serious", "very_serious") and level < 2:
        level, reasons = 2, reasons + ["consequences"]
    elif f.consequences == "significant" and level < 1:
        level, reasons = 1, reasons + ["consequences"]
    if f.vulnerable and level < 2:
        level, reasons = level + 1, reasons + ["vulnerable"]
    if ((f.people or 0) >= MANY_PEOPLE or (f.records or 0) >= MANY_RECORDS) and level < 1:
        level, reasons = 1, reasons + ["number"]
    return LEVELS[level], reasons


REASON_TEXT = {
    "consequences": N_("the severity of the consequences raises the level"),
    "vulnerable": N_("vulnerable people raise the level"),
    "number": N_("{people} people or {records} records or more"),
}


def reasons_text(reasons: list[str], lang: str = "fi") -> str:
    out = []
    for r in reasons:
        if r.startswith("score:"):
            out.append(i18n.gettext("ENISA severity score {score}", lang).format(score=r[6:]))
        else:
            out.append(i18n.gettext(REASON_TEXT[r], lang).format(people=MANY_PEOPLE, records=MANY_RECORDS))
    return "; ".join(out)
