"""The privacy notice (tietosuojaseloste), Art. 12-14 GDPR, generated from the register.

This module owns:
- `document(q, lang)`: the notice as a structured document, every fact read from the
  register (controller, statement, purpose, purpose_category, data_category, source,
  recipient, recipient_purpose, processor_role_category, setting). Section headings are
  the program's labels; everything they head is register data.
- renderers: `notice_pdf` (A4, via kpcore.pdf.notice), `notice_html` (escaped),
  `notice_markdown` (escaped; what a published version stores).
- `completeness(q, lang)`: the 15 items of Art. 13/14 (LEGAL.md), each present / missing /
  unconfirmed, with M (always required) or C (required when it applies).
- versions: `publish` (refused while `blocking` items exist: mandatory, missing or unconfirmed;
  no override), `versions`, `diff_versions`; `check` is what `kp notice --check --json` prints.
- truth: a notice that is not the published, confirmed version is a draft and carries the draft
  mark on every page; each published version stores `facts_fingerprint` (over FACT_TABLES) and
  `stale` lists published versions whose facts have changed since.
- the DPO's edits of the facts behind each section, each one audited write:
  `update_controller`, `set_statement`, `update_purpose`, `update_source`,
  `add_recipient` / `update_recipient` / `remove_recipient`, and `confirm_item` for
  proposed values (statement.confirmed, purpose.basis_confirmed / retention_confirmed,
  recipient.confirmed).

The notice never reads contacts or web visits: it is about the register's rules.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import re
from dataclasses import dataclass, field
from typing import Any

from . import retention
from .db import Query, Register
from .errors import KpError, NotFound, Problem, Refused, ValidationFailed
from .models import LegalBasis, legal_basis_text

LANGS = ("fi", "en", "sv")
# Published by default (kp notice publish, the dashboard's button): Finnish and English, and Swedish
# once a Swedish version has been published (default_langs). Until then the Swedish notice is published
# on its own (--lang sv), so its proposed, unconfirmed Swedish facts hold back only the Swedish notice.
BASE_LANGS = ("fi", "en")

# EU member states and the three EEA states (ISO 3166-1 alpha-2): a recipient elsewhere
# is a transfer under Chapter V and needs a safeguard (Art. 13(1)(f), 44-49).
EEA = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split())

# The 15 items of Art. 13/14 (LEGAL.md): number, key, Finnish and English title, M/C.
# Items 5, 12 and 13 depend on where the data comes from; see _requirement().
ITEMS = [
    (1, "controller", "Rekisterinpitäjä ja yhteystiedot", "Controller and contact details", "M"),
    (2, "dpo", "Tietosuojavastaavan yhteystiedot", "DPO contact details", "C"),
    (3, "purposes_basis", "Käsittelyn tarkoitus ja oikeusperuste", "Purposes and the legal basis of each", "M"),
    (4, "legitimate_interest", "Oikeutettu etu", "Legitimate interest pursued", "C"),
    (5, "categories", "Käsiteltävät henkilötiedot", "Categories of personal data", "M"),
    (6, "recipients", "Tietojen vastaanottajat", "Recipients or categories of recipients", "M"),
    (7, "transfers", "Tietojen siirto EU:n/ETA:n ulkopuolelle", "Transfers outside the EU/EEA", "C"),
    (8, "retention", "Säilytysaika", "Retention period", "M"),
    (9, "rights", "Rekisteröidyn oikeudet", "Rights of the data subject", "M"),
    (10, "consent_withdrawal", "Suostumuksen peruuttaminen", "Withdrawing consent", "C"),
    (11, "complaint", "Oikeus tehdä valitus valvontaviranomaiselle", "Right to lodge a complaint", "M"),
    (12, "provision", "Tietojen antamisen vaatimus ja seuraukset", "Whether providing the data is required", "M"),
    (13, "sources", "Säännönmukaiset tietolähteet", "Source of the data", "M"),
    (14, "automated_decisions", "Automaattinen päätöksenteko ja profilointi", "Automated decision-making and profiling", "C"),
    (15, "direct_marketing", "Suoramarkkinointikielto", "Right to object to direct marketing", "C"),
]
ITEM_KEYS = {n: key for n, key, *_ in ITEMS}

# Statements (table statement) the notice prints, in the order it prints them.
NOTICE_STATEMENTS = ("title", "business_description", "concerns", "sources_lead", "processor_role",
                     "processor_categories_lead", "processor_credentials", "special_categories", "recipients_lead",
                     "recipients_none", "transfers_none", "rights", "consent_withdrawal",
                     "direct_marketing_objection", "complaint", "court_remedy", "automated_decisions")

# Statements behind each item: confirming the item confirms them.
ITEM_STATEMENTS = {6: ("recipients_lead", "recipients_none"), 7: ("transfers_none",), 9: ("rights",),
                   10: ("consent_withdrawal",), 11: ("complaint", "court_remedy"), 13: ("sources_lead",),
                   14: ("automated_decisions",), 15: ("direct_marketing_objection",)}

LABELS = {
    "fi": {
        "business": "Yritystoiminnan kuvaus",
        "concerns": "Ketä tämä tietosuojaseloste koskee",
        "sources": "Mistä henkilötiedot on hankittu",
        "purposes": "Henkilötietojen käyttötarkoitus ja käsiteltävät henkilötiedot",
        "processor_role": "Henkilötietojen alikäsittelijänä toimiminen",
        "special": "Arkaluonteisten henkilötietojen hallinta",
        "recipients": "Tietojen vastaanottajat",
        "transfers": "Tietojen siirto EU:n/ETA:n ulkopuolelle",
        "rights": "Rekisteröidyn oikeudet",
        "consent": "Suostumuksen peruuttaminen",
        "direct_marketing": "Suoramarkkinointikielto",
        "complaint": "Oikeus tehdä valitus valvontaviranomaiselle",
        "automated": "Automaattinen päätöksenteko ja profilointi",
        "controller": "Rekisterinpitäjä ja yhteystiedot",
        "dpo": "Tietosuojavastaavan yhteystiedot",
        "basis": "Käsittelyn oikeusperuste",
        "interest": "Oikeutettu etu",
        "retention": "Säilytysaika",
        "provision": "Tietojen antaminen",
        "or": "tai",
        "transfers_lead": "Henkilötietoja siirretään EU:n/ETA:n ulkopuolelle seuraaville vastaanottajille:",
        "safeguard": "suojatoimi",
        "applies_to": "Koskee käyttötarkoituksia",
        "purposes_of": "käyttötarkoitukset",
        "c_name": "Rekisterinpitäjä",
        "c_address": "Osoite",
        "c_email": "Sähköpostiosoite",
        "c_phone": "Puhelin",
        "c_business_id": "Y-tunnus",
        "dpo_name": "Tietosuojavastaava",
        "dpo_email": "Rekisterinpitäjän tietosuojavastaavan yhteystiedot",
        "dpo_phone": "Tietosuojavastaavan puhelin",
        "version": "Versio {version}, päivätty {date}",
        "draft": "Luonnos – julkaisematon versio {version}, {date}",
        "draft_mark": "LUONNOS – ei julkaistu",
        "processors": "Henkilötietojen käsittelijät",
        "other_recipients": "Muut vastaanottajat",
        "objection": "Oikeus vastustaa käsittelyä",
        "objection_body": (
            "Kun käsittelemme tietojasi oikeutetun etumme perusteella (tietosuoja-asetuksen 6 artiklan 1 kohdan "
            "f alakohta), sinulla on oikeus milloin tahansa vastustaa tietojesi käsittelyä erityiseen tilanteeseesi "
            "liittyvällä perusteella (21 artiklan 1 kohta). Tämän jälkeen emme enää käsittele tietojasi, ellemme "
            "osoita, että käsittelyyn on huomattavan tärkeä ja perusteltu syy, joka syrjäyttää etusi, oikeutesi ja "
            "vapautesi, tai että käsittely on tarpeen oikeusvaatimuksen laatimiseksi, esittämiseksi tai "
            "puolustamiseksi. Vastustamisesta voit ilmoittaa tietosuojavastaavalle."),
        "portability": (
            "Oikeus siirtää tiedot järjestelmästä toiseen (siirto-oikeus, 20 art.) koskee tietoja, jotka olet itse "
            "toimittanut ja joiden käsittely perustuu suostumukseesi tai sopimukseen ja tapahtuu automaattisesti."),
        "portability_applies": "Siirto-oikeus koskee käyttötarkoituksia",
        "portability_none": "Mikään tämän selosteen käyttötarkoituksista ei perustu suostumukseen eikä sopimukseen.",
        "notice": "Tietosuojaseloste",
    },
    "en": {
        "business": "About the company",
        "concerns": "Who this privacy notice concerns",
        "sources": "Where the personal data comes from",
        "purposes": "Purposes of processing and the personal data processed",
        "processor_role": "Acting as a processor of personal data",
        "special": "Sensitive personal data",
        "recipients": "Recipients of the data",
        "transfers": "Transfers outside the EU/EEA",
        "rights": "Your rights",
        "consent": "Withdrawing consent",
        "direct_marketing": "Objecting to direct marketing",
        "complaint": "Right to lodge a complaint with the supervisory authority",
        "automated": "Automated decision-making and profiling",
        "controller": "Controller and contact details",
        "dpo": "Data protection officer's contact details",
        "basis": "Legal basis",
        "interest": "Legitimate interest",
        "retention": "Retention period",
        "provision": "Providing the data",
        "or": "or",
        "transfers_lead": "Personal data is transferred outside the EU/EEA to the following recipients:",
        "safeguard": "safeguard",
        "applies_to": "Applies to the purposes",
        "purposes_of": "purposes",
        "c_name": "Controller",
        "c_address": "Address",
        "c_email": "Email",
        "c_phone": "Phone",
        "c_business_id": "Business ID",
        "dpo_name": "Data protection officer",
        "dpo_email": "Contact details of the controller's data protection officer",
        "dpo_phone": "Data protection officer's phone",
        "version": "Version {version}, dated {date}",
        "draft": "Draft – unpublished version {version}, {date}",
        "draft_mark": "DRAFT – not published",
        "processors": "Processors",
        "other_recipients": "Other recipients",
        "objection": "Right to object",
        "objection_body": (
            "Where we process your data on the basis of our legitimate interests (Article 6(1)(f) GDPR), you have "
            "the right to object at any time, on grounds relating to your particular situation, to the processing "
            "of your data (Article 21(1)). We will then no longer process your data unless we demonstrate "
            "compelling legitimate grounds for the processing which override your interests, rights and freedoms, "
            "or the processing is needed for the establishment, exercise or defence of legal claims. Tell the "
            "data protection officer if you object."),
        "portability": (
            "The right to data portability (Art. 20) covers data you have provided yourself whose processing is "
            "based on your consent or on a contract and is carried out by automated means."),
        "portability_applies": "Portability applies to the purposes",
        "portability_none": "None of the purposes in this notice is based on consent or a contract.",
        "notice": "Privacy notice",
    },
    # Swedish (issue 18): the terms of the Swedish GDPR text as used in Finland (Dataombudsmannens byrå).
    "sv": {
        "business": "Beskrivning av företagets verksamhet",
        "concerns": "Vem denna dataskyddsbeskrivning gäller",
        "sources": "Varifrån personuppgifterna har samlats in",
        "purposes": "Ändamålen med behandlingen av personuppgifter och de personuppgifter som behandlas",
        "processor_role": "Verksamhet som underbiträde för personuppgifter",
        "special": "Hantering av känsliga personuppgifter",
        "recipients": "Mottagare av uppgifterna",
        "transfers": "Överföring av uppgifter utanför EU/EES",
        "rights": "Den registrerades rättigheter",
        "consent": "Återkallande av samtycke",
        "direct_marketing": "Förbud mot direktmarknadsföring",
        "complaint": "Rätt att lämna in klagomål till tillsynsmyndigheten",
        "automated": "Automatiserat beslutsfattande och profilering",
        "controller": "Personuppgiftsansvarig och kontaktuppgifter",
        "dpo": "Dataskyddsombudets kontaktuppgifter",
        "basis": "Rättslig grund för behandlingen",
        "interest": "Berättigat intresse",
        "retention": "Lagringstid",
        "provision": "Lämnande av uppgifter",
        "or": "eller",
        "transfers_lead": "Personuppgifter överförs utanför EU/EES till följande mottagare:",
        "safeguard": "skyddsåtgärd",
        "applies_to": "Gäller ändamålen",
        "purposes_of": "ändamål",
        "c_name": "Personuppgiftsansvarig",
        "c_address": "Adress",
        "c_email": "E-postadress",
        "c_phone": "Telefon",
        "c_business_id": "FO-nummer",
        "dpo_name": "Dataskyddsombud",
        "dpo_email": "Kontaktuppgifter till den personuppgiftsansvariges dataskyddsombud",
        "dpo_phone": "Dataskyddsombudets telefon",
        "version": "Version {version}, daterad {date}",
        "draft": "Utkast – opublicerad version {version}, {date}",
        "draft_mark": "UTKAST – inte publicerad",
        "processors": "Personuppgiftsbiträden",
        "other_recipients": "Andra mottagare",
        "objection": "Rätt att göra invändningar mot behandlingen",
        "objection_body": (
            "När vi behandlar dina uppgifter på grundval av vårt berättigade intresse (artikel 6.1 f i "
            "dataskyddsförordningen) har du rätt att när som helst, av skäl som hänför sig till din specifika "
            "situation, göra invändningar mot behandlingen av dina uppgifter (artikel 21.1). Vi behandlar då inte "
            "längre dina uppgifter, om vi inte kan påvisa tvingande berättigade skäl för behandlingen som väger "
            "tyngre än dina intressen, rättigheter och friheter, eller om behandlingen behövs för att fastställa, "
            "göra gällande eller försvara rättsliga anspråk. Du kan meddela dataskyddsombudet om din invändning."),
        "portability": (
            "Rätten att överföra uppgifter från ett system till ett annat (dataportabilitet, art. 20) gäller "
            "uppgifter som du själv har lämnat och vars behandling grundar sig på ditt samtycke eller på ett avtal "
            "och sker automatiserat."),
        "portability_applies": "Rätten till dataportabilitet gäller ändamålen",
        "portability_none": "Inget av ändamålen i denna beskrivning grundar sig på samtycke eller avtal.",
        "notice": "Dataskyddsbeskrivning",
    },
}

# Art. 20(1)(a): portability covers processing based on consent (6(1)(a), 9(2)(a)) or a contract
# (6(1)(b)). Art. 21(1): the right to object covers processing based on 6(1)(e) or (f).
PORTABLE_BASES = ("consent", "contract")
OBJECTABLE_BASES = ("legitimate_interests", "public_task")

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def fmt_date(d: dt.date, lang: str) -> str:
    if lang in ("fi", "sv"):  # Swedish as written in Finland: 1.12.2026
        return f"{d.day}.{d.month}.{d.year}"
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise KpError(f"language {lang!r} is not available; use one of: {', '.join(LANGS)}")
    return lang


# ---------------------------------------------------------------------------------------
# The structured document
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One piece of a section. kind: 'p' paragraph, 'h' sub-heading, 'list' bullets,
    'lines' label/value lines (items are (label, value) pairs)."""

    kind: str
    text: str = ""
    items: tuple = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]
    items: tuple[int, ...] = ()      # the LEGAL.md items this section carries
    facts: tuple[str, ...] = ()      # the register facts behind it (for the editor)


@dataclass(frozen=True)
class Notice:
    lang: str
    title: str
    controller: str
    version: int
    date: dt.date
    draft: bool
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def draft_mark(self) -> str:
        """Printed on every page (PDF) and at the top and end (HTML, Markdown) of any notice
        that is not the published, confirmed version: a draft must never pass for the notice."""
        return LABELS[self.lang]["draft_mark"] if self.draft else ""

    @property
    def version_line(self) -> str:
        key = "draft" if self.draft else "version"
        return LABELS[self.lang][key].format(version=self.version, date=fmt_date(self.date, self.lang))


def facts(q: Query, lang: str = "fi") -> dict[str, Any]:
    """Everything the notice says, read from the register (small tables only)."""
    _lang(lang)
    return {
        "controller": q.one("notice_controller") or {},
        "statements": {r["key"]: r for r in q.all("notice_statements", {"lang": lang})},
        "purposes": retention.with_sentences(q, q.all("notice_purposes")),
        "sources": q.all("notice_sources"),
        "processor_categories": q.all("notice_processor_role_categories"),
        "recipients": q.all("notice_recipients"),
    }


def _text(value) -> str:
    return (value or "").strip()


def _join_or(parts: list[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def _compose(f: dict, lang: str, version: int, date: dt.date, draft: bool) -> Notice:
    lab = LABELS[lang]
    st = {k: _text(v["body"]) for k, v in f["statements"].items()}
    c = f["controller"]
    sections: list[Section] = []

    def add(key, title, blocks, items=(), facts_=()):
        blocks = tuple(b for b in blocks if b is not None and (b.text or b.items))
        if blocks:
            sections.append(Section(key, title, blocks, tuple(items), tuple(facts_)))

    def p(key):
        return Block("p", st[key]) if st.get(key) else None

    add("business", lab["business"], [p("business_description")], (), ("statement:business_description",))
    add("concerns", lab["concerns"], [p("concerns")], (), ("statement:concerns",))

    descriptions = [_text(s[f"description_{lang}"]) for s in f["sources"] if _text(s[f"description_{lang}"])]
    if descriptions and st.get("sources_lead"):
        sentence = f"{st['sources_lead']} {_join_or(descriptions, lab['or'])}"
        add("sources", lab["sources"], [Block("p", sentence.rstrip(".") + ".")], (13,),
            ("statement:sources_lead", "sources"))

    blocks: list[Block] = []
    for pur in f["purposes"]:
        name = _text(pur[f"name_{lang}"])
        blocks.append(Block("h", name))
        if _text(pur[f"group_{lang}"]):
            blocks.append(Block("p", f"({_text(pur[f'group_{lang}'])}):"))
        blocks.append(Block("list", items=tuple(pur[f"categories_{lang}"])))
        lines = [(lab["basis"], legal_basis_text(pur["legal_basis"], lang))]
        if pur["legal_basis"] == "legitimate_interests" and _text(pur[f"legitimate_interest_{lang}"]):
            lines.append((lab["interest"], _text(pur[f"legitimate_interest_{lang}"])))
        if _text(pur[f"retention_{lang}"]):
            lines.append((lab["retention"], _text(pur[f"retention_{lang}"])))
        if _text(pur[f"provision_{lang}"]):
            lines.append((lab["provision"], _text(pur[f"provision_{lang}"])))
        blocks.append(Block("lines", items=tuple(lines)))
    add("purposes", lab["purposes"], blocks, (3, 4, 5, 8, 12), ("purposes",))

    add("processor_role", lab["processor_role"],
        [p("processor_role"), p("processor_categories_lead"),
         Block("list", items=tuple(r[f"name_{lang}"] for r in f["processor_categories"] if r[f"name_{lang}"])),
         p("processor_credentials")], (),
        ("statement:processor_role", "statement:processor_categories_lead", "processor_categories",
         "statement:processor_credentials"))
    add("special", lab["special"], [p("special_categories")], (), ("statement:special_categories",))

    recipients = f["recipients"]

    def recipient_line(r) -> str:
        role = _text(r[f"role_{lang}"])
        text = f"{_text(r['name'])} – {role}" if role else _text(r["name"])
        purposes = [x for x in r[f"purposes_{lang}"] if x]
        if purposes:
            text += f" ({lab['purposes_of']}: {'; '.join(purposes)})"
        if r["outside_eea"]:
            text += f" [{r['country']}]"
        return text

    if recipients:
        # Processors (Art. 28: on our behalf) apart from other recipients (their own purposes):
        # a software vendor a support request goes to is a recipient, not our processor.
        blocks = [p("recipients_lead")]
        for heading, rows in ((lab["processors"], [r for r in recipients if r.get("is_processor", True)]),
                              (lab["other_recipients"], [r for r in recipients if not r.get("is_processor", True)])):
            if rows:
                blocks += [Block("h", heading), Block("list", items=tuple(recipient_line(r) for r in rows))]
        add("recipients", lab["recipients"], blocks, (6,), ("statement:recipients_lead", "recipients"))
    else:
        add("recipients", lab["recipients"], [p("recipients_none")], (6,), ("statement:recipients_none", "recipients"))

    outside = [r for r in recipients if r["outside_eea"]]
    if outside:
        add("transfers", lab["transfers"],
            [Block("p", lab["transfers_lead"]),
             Block("list", items=tuple(f"{_text(r['name'])} ({r['country']}) – {lab['safeguard']}: "
                                       f"{_text(r[f'safeguard_{lang}'])}" for r in outside))],
            (7,), ("recipients",))
    else:
        add("transfers", lab["transfers"], [p("transfers_none")], (7,), ("statement:transfers_none",))

    portable = [_text(x[f"name_{lang}"]) for x in f["purposes"] if x["legal_basis"] in PORTABLE_BASES]
    add("rights", lab["rights"],
        [p("rights"), Block("p", lab["portability"]),
         Block("p", f"{lab['portability_applies']}: {'; '.join(portable)}." if portable else lab["portability_none"])],
        (9,), ("statement:rights",))
    # Art. 21(4): the right to object, "explicitly ... clearly and separately from any other
    # information": its own section, naming every purpose based on Art. 6(1)(f).
    objectable = [_text(x[f"name_{lang}"]) for x in f["purposes"] if x["legal_basis"] in OBJECTABLE_BASES]
    if objectable:
        add("objection", lab["objection"],
            [Block("p", lab["objection_body"]), Block("p", f"{lab['applies_to']}: {'; '.join(objectable)}.")], (9,))
    consent = [_text(x[f"name_{lang}"]) for x in f["purposes"] if x["legal_basis"] == "consent"]
    if consent:
        add("consent", lab["consent"],
            [p("consent_withdrawal"), Block("p", f"{lab['applies_to']}: {'; '.join(consent)}.")] if st.get(
                "consent_withdrawal") else [], (10,), ("statement:consent_withdrawal",))
    marketing = [_text(x[f"name_{lang}"]) for x in f["purposes"] if x["direct_marketing"]]
    if marketing:
        add("direct_marketing", lab["direct_marketing"],
            [p("direct_marketing_objection"), Block("p", f"{lab['applies_to']}: {'; '.join(marketing)}."),
             Block("p", _electronic_marketing(lang))] if st.get(
                "direct_marketing_objection") else [], (15,), ("statement:direct_marketing_objection",))
    add("complaint", lab["complaint"], [p("complaint"), p("court_remedy")], (11,),
        ("statement:complaint", "statement:court_remedy"))
    add("automated", lab["automated"], [p("automated_decisions")], (14,), ("statement:automated_decisions",))

    address = ", ".join(x for x in (_text(c.get("street")), f"{_text(c.get('postcode'))} {_text(c.get('city'))}".strip()) if x)
    lines = [(lab["c_name"], _text(c.get("name"))), (lab["c_address"], address), (lab["c_email"], _text(c.get("email"))),
             (lab["c_phone"], _text(c.get("phone"))), (lab["c_business_id"], _text(c.get("business_id")))]
    add("controller", lab["controller"], [Block("lines", items=tuple((k, v) for k, v in lines if v))], (1,),
        ("controller",))
    lines = [(lab["dpo_name"], _text(c.get("dpo_name"))), (lab["dpo_email"], _text(c.get("dpo_email"))),
             (lab["dpo_phone"], _text(c.get("dpo_phone")))]
    add("dpo", lab["dpo"], [Block("lines", items=tuple((k, v) for k, v in lines if v))], (2,), ("controller",))

    return Notice(lang=lang, title=st.get("title") or lab["notice"], controller=_text(c.get("name")),
                  version=version, date=date, draft=draft, sections=tuple(sections))


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


# ---------------------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """Register text as literal Markdown (it is data, not markup)."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
    # A line that starts like a list item or numbered item would become one.
    return re.sub(r"^([-+]|\d+\.)(\s)", r"\\\1\2", text)


def to_markdown(n: Notice) -> str:
    mark = [f"**{md_escape(n.draft_mark)}**", ""] if n.draft else []
    out = mark + [f"# {md_escape(n.title)}", "", f"*{md_escape(n.version_line)}*", ""]
    for s in n.sections:
        out += [f"## {md_escape(s.title)}", ""]
        for b in s.blocks:
            if b.kind == "p":
                out += [md_escape(b.text), ""]
            elif b.kind == "h":
                out += [f"### {md_escape(b.text)}", ""]
            elif b.kind == "list":
                out += [f"- {md_escape(i)}" for i in b.items] + [""]
            elif b.kind == "lines":
                rows = [f"{md_escape(k)}: {md_escape(v)}" for k, v in b.items]
                out += [r + ("\\" if i < len(rows) - 1 else "") for i, r in enumerate(rows)] + [""]
    out += mark
    return "\n".join(out).rstrip() + "\n"


def section_html(s: Section) -> str:
    """One section as HTML; every piece of register text escaped."""
    e = html.escape
    out = [f'<section id="{e(s.key)}"><h2>{e(s.title)}</h2>']
    for b in s.blocks:
        if b.kind == "p":
            out.append(f"<p>{e(b.text)}</p>")
        elif b.kind == "h":
            out.append(f"<h3>{e(b.text)}</h3>")
        elif b.kind == "list":
            out.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b.items) + "</ul>")
        elif b.kind == "lines":
            out.append("<p>" + "<br>".join(f"<strong>{e(k)}:</strong> {e(v)}" for k, v in b.items) + "</p>")
    out.append("</section>")
    return "\n".join(out)


DRAFT_CSS = (".kp-draft{border:2px solid #b42318;color:#b42318;font-weight:bold;text-align:center;padding:.3rem;"
             "margin:.5rem 0;letter-spacing:.05em}")


def to_html_body(n: Notice) -> str:
    e = html.escape
    mark = [f'<p class="kp-draft" role="note" style="border:2px solid #b42318;color:#b42318;font-weight:bold;'
            f'text-align:center;padding:.3rem">{e(n.draft_mark)}</p>'] if n.draft else []
    return "\n".join(mark + [f"<h1>{e(n.title)}</h1>", f'<p class="version">{e(n.version_line)}</p>']
                     + [section_html(s) for s in n.sections] + mark)


def to_html(n: Notice) -> str:
    e = html.escape
    css = ("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
           "color:#1f2933;line-height:1.5}h1{color:#1d4e89;font-size:1.6rem}h2{color:#1d4e89;font-size:1.2rem;"
           "margin-top:1.6rem}h3{font-size:1rem;margin-bottom:.2rem}.version{color:#616e7c}" + DRAFT_CSS
           # printed, the first mark repeats at the top of every page
           + "@media print{main>.kp-draft:first-child{position:fixed;top:0;left:0;right:0;background:#fff}"
             "body{padding-top:2.5rem}}")
    return (f'<!DOCTYPE html>\n<html lang="{e(n.lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(n.title)} – {e(n.controller)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            f"<main>\n{to_html_body(n)}\n</main>\n</body>\n</html>\n")  # one main landmark (WCAG 1.3.1)


def notice_markdown(q: Query, lang: str = "fi", today: dt.date | None = None) -> str:
    return to_markdown(document(q, lang, today))


def notice_html(q: Query, lang: str = "fi", today: dt.date | None = None) -> str:
    return to_html(document(q, lang, today))


def notice_pdf(q: Query, lang: str = "fi", today: dt.date | None = None) -> bytes:
    """The notice as an A4 PDF (embedded fonts, page numbers, version and date)."""
    from .pdf.notice import build_notice

    return build_notice(document(q, lang, today))


FORMATS = {"pdf": "application/pdf", "html": "text/html", "md": "text/markdown"}


def render(q: Query, lang: str = "fi", fmt: str = "pdf", today: dt.date | None = None) -> bytes:
    if fmt == "pdf":
        return notice_pdf(q, lang, today)
    if fmt == "html":
        return notice_html(q, lang, today).encode("utf-8")
    if fmt == "md":
        return notice_markdown(q, lang, today).encode("utf-8")
    raise KpError(f"format {fmt!r} is not available; use pdf, html or md")


def file_name(n: Notice, fmt: str) -> str:
    stem = {"fi": "tietosuojaseloste", "sv": "dataskyddsbeskrivning"}.get(n.lang, "privacy-notice")
    suffix = f"v{n.version}" + ("-luonnos" if n.draft and n.lang == "fi" else "-utkast" if n.draft and n.lang == "sv"
                                else "-draft" if n.draft else "")
    return f"{stem}-{n.lang}-{suffix}.{fmt}"


# ---------------------------------------------------------------------------------------
# Completeness (Art. 13/14, LEGAL.md items 1-15)
# ---------------------------------------------------------------------------------------

def _requirement(item: int, base: str, sources: list[dict]) -> str:
    """Items 5 and 13 are mandatory under Art. 14 (data from elsewhere), 12 under Art. 13
    (from the person): which applies follows from the register's sources."""
    if item in (5, 13):
        return "M" if any(not s["from_subject"] for s in sources) else "C"
    if item == 12:
        return "M" if any(s["from_subject"] for s in sources) else "C"
    return base


def completeness(q: Query, lang: str = "fi") -> list[dict]:
    """For each of the 15 items: item, key, title_fi, title_en, requirement (M/C),
    status (present / missing / unconfirmed) and a short detail in `lang`."""
    _lang(lang)
    f = facts(q, lang)
    fi = lang == "fi"

    def T(a, b):
        return a if fi else b

    st = f["statements"]
    purposes, recipients, sources = f["purposes"], f["recipients"], f["sources"]

    def names(rows, key=None):
        return ", ".join(_text(r[key or f"name_{lang}"]) or r.get("key", "?") for r in rows)

    def stmt(*keys):
        missing = [k for k in keys if not (st.get(k) and _text(st[k]["body"]))]
        if missing:
            return "missing", T("Puuttuu teksti: ", "Text missing: ") + ", ".join(missing)
        unconf = [k for k in keys if not st[k]["confirmed"]]
        if unconf:
            return "unconfirmed", T("Ehdotettu, vahvistamatta: ", "Proposed, not confirmed: ") + ", ".join(unconf)
        return "present", T("Vahvistettu teksti: ", "Confirmed text: ") + ", ".join(keys)

    na = ("present", T("Ei sovellu: ", "Not applicable: "))
    c = f["controller"]
    out: dict[int, tuple[str, str]] = {}

    need = [k for k in ("name", "street", "postcode", "city", "email") if not _text(c.get(k))]
    out[1] = (("missing", T("Puuttuu: ", "Missing: ") + ", ".join(need)) if need
              else ("present", f"{c['name']}, {c['street']}, {c['postcode']} {c['city']}, {c['email']}"))
    out[2] = (("present", T("Tietosuojavastaavan sähköposti", "DPO email") + (
        T(" ja nimi", " and name") if _text(c.get("dpo_name")) else "")) if _text(c.get("dpo_email"))
        else ("missing", T("Tietosuojavastaavan yhteystiedot puuttuvat", "DPO contact details missing")))

    if not purposes:
        out[3] = ("missing", T("Ei käyttötarkoituksia", "No purposes"))
    else:
        unconf = [x for x in purposes if not x["basis_confirmed"]]
        out[3] = (("unconfirmed", T("Oikeusperuste vahvistamatta: ", "Legal basis not confirmed: ") + names(unconf))
                  if unconf else ("present", T(f"{len(purposes)} käyttötarkoitusta, oikeusperusteet vahvistettu",
                                               f"{len(purposes)} purposes, legal bases confirmed")))

    li = [x for x in purposes if x["legal_basis"] == "legitimate_interests"]
    if not li:
        out[4] = (na[0], na[1] + T("mikään käyttötarkoitus ei perustu 6(1)(f):ään", "no purpose relies on 6(1)(f)"))
    else:
        lack = [x for x in li if not _text(x[f"legitimate_interest_{lang}"])]
        unconf = [x for x in li if not x["basis_confirmed"]]
        out[4] = (("missing", T("Oikeutettu etu kuvaamatta: ", "Legitimate interest not described: ") + names(lack))
                  if lack else ("unconfirmed", T("Vahvistamatta: ", "Not confirmed: ") + names(unconf)) if unconf
                  else ("present", T("Kuvattu: ", "Described: ") + names(li)))

    lack = [x for x in purposes if not x[f"categories_{lang}"]]
    out[5] = (("missing", T("Ei henkilötietoryhmiä: ", "No data categories: ") + names(lack)) if lack or not purposes
              else ("present", T(f"Henkilötietoryhmät {len(purposes)} käyttötarkoitukselle",
                                 f"Data categories for {len(purposes)} purposes")))

    if recipients:
        lack = [r for r in recipients if not _text(r[f"role_{lang}"])]
        unconf = [r for r in recipients if not r["confirmed"]]
        lead = st.get("recipients_lead")
        if lack:
            out[6] = ("missing", T("Vastaanottajan rooli kuvaamatta: ", "Recipient role not described: ")
                      + ", ".join(str(r["id"]) for r in lack))
        elif unconf or (lead and not lead["confirmed"]):
            out[6] = ("unconfirmed", T(f"{len(unconf)}/{len(recipients)} vastaanottajaa ehdotettu, vahvistamatta",
                                       f"{len(unconf)} of {len(recipients)} recipients proposed, not confirmed"))
        else:
            out[6] = ("present", T(f"{len(recipients)} vastaanottajaa vahvistettu", f"{len(recipients)} recipients confirmed"))
    else:
        out[6] = stmt("recipients_none")

    outside = [r for r in recipients if r["outside_eea"]]
    if outside:
        lack = [r for r in outside if not _text(r[f"safeguard_{lang}"])]
        unconf = [r for r in outside if not r["confirmed"]]
        out[7] = (("missing", T("Suojatoimi kuvaamatta, vastaanottaja ", "Safeguard not described, recipient ")
                   + ", ".join(str(r["id"]) for r in lack)) if lack
                  else ("unconfirmed", T("Siirrot vahvistamatta", "Transfers not confirmed")) if unconf
                  else ("present", T(f"{len(outside)} siirtoa suojatoimineen", f"{len(outside)} transfers with safeguards")))
    else:
        out[7] = stmt("transfers_none")

    lack = [x for x in purposes if not x.get("retention_months")]  # no rule: kpcore.retention has nothing to say
    unconf = [x for x in purposes if not x["retention_confirmed"]]
    out[8] = (("missing", T("Säilytysaika puuttuu: ", "Retention missing: ") + names(lack)) if lack or not purposes
              else ("unconfirmed", T("Säilytysaika vahvistamatta: ", "Retention not confirmed: ") + names(unconf)) if unconf
              else ("present", T("Säilytysaika kaikille käyttötarkoituksille", "Retention for every purpose")))

    out[9] = stmt("rights")
    if out[9][0] == "present":
        # Art. 21(4) and 20(1): the composed notice must state the right to object under its own
        # heading for every 6(1)(e)/(f) purpose, and portability with its condition.
        doc = {sec.key: sec for sec in _compose(f, lang, 1, dt.date.today(), True).sections}

        def said(key, text):
            sec = doc.get(key)
            return bool(sec) and any(text in b.text or any(text in i for i in b.items) for b in sec.blocks)

        lab = LABELS[lang]
        objectable = [x for x in purposes if x["legal_basis"] in OBJECTABLE_BASES]
        unsaid = [x for x in objectable if not (said("objection", lab["objection_body"])
                                                and said("objection", _text(x[f"name_{lang}"])))]
        if unsaid:
            out[9] = ("missing", T("Vastustamisoikeutta (21 art. 4 kohta) ei ole esitetty omana kohtanaan: ",
                                   "The right to object (Art. 21(4)) is not stated under its own heading: ")
                      + names(unsaid))
        elif not said("rights", lab["portability"]):
            out[9] = ("missing", T("Siirto-oikeuden edellytyksiä (suostumus tai sopimus) ei ole kerrottu",
                                   "Portability is not stated as applying to consent or contract"))
        else:
            out[9] = ("present", out[9][1] + T(f"; vastustamisoikeus omana kohtanaan ({len(objectable)} "
                                               "käyttötarkoitusta); siirto-oikeuden edellytykset",
                                               f"; the right to object under its own heading ({len(objectable)} "
                                               "purposes); portability with its condition"))
    consent = [x for x in purposes if x["legal_basis"] == "consent"]
    out[10] = stmt("consent_withdrawal") if consent else (na[0], na[1] + T("ei suostumukseen perustuvaa käsittelyä",
                                                                          "no processing based on consent"))
    out[11] = stmt("complaint")

    lack = [x for x in purposes if not _text(x[f"provision_{lang}"])]
    unconf = [x for x in purposes if not x["basis_confirmed"]]
    out[12] = (("missing", T("Kuvaamatta: ", "Not described: ") + names(lack)) if lack or not purposes
               else ("unconfirmed", T("Vahvistetaan oikeusperusteen kanssa, vahvistamatta: ",
                                      "Confirmed with the legal basis; not confirmed: ") + names(unconf)) if unconf
               else ("present", T("Kuvattu kaikille käyttötarkoituksille", "Described for every purpose")))

    lack = [s for s in sources if not _text(s[f"description_{lang}"])]
    if not sources:
        out[13] = ("missing", T("Ei tietolähteitä", "No sources"))
    elif lack:
        out[13] = ("missing", T("Lähteen kuvaus puuttuu: ", "Source description missing: ") + ", ".join(s["key"] for s in lack))
    else:
        status, detail = stmt("sources_lead")
        public = sum(1 for s in sources if s["publicly_available"])
        out[13] = (status, detail if status != "present" else
                   T(f"{len(sources)} lähdettä, joista {public} julkisia", f"{len(sources)} sources, {public} public"))

    out[14] = stmt("automated_decisions")
    marketing = [x for x in purposes if x["direct_marketing"]]
    out[15] = stmt("direct_marketing_objection") if marketing else (
        na[0], na[1] + T("ei suoramarkkinointia", "no direct marketing"))

    # C items that do not apply here (no 6(1)(f) basis, no consent, no direct marketing).
    not_applicable = {4} if not li else set()
    not_applicable |= {10} if not consent else set()
    not_applicable |= {15} if not marketing else set()
    if lang == "sv":
        _swedish_gaps(out, purposes, recipients, sources)
    return [{"item": n, "key": key, "title_fi": tfi, "title_en": ten,
             "requirement": _requirement(n, req, sources), "applies": n not in not_applicable,
             "status": out[n][0], "detail": out[n][1]}
            for n, key, tfi, ten, req in ITEMS]


def _swedish_gaps(out: dict, purposes: list, recipients: list, sources: list) -> None:
    """The Swedish notice (issue 18) also stands on the Swedish texts of the facts: a purpose, source
    or recipient without its Swedish text makes the item missing; one whose Swedish the DPO has not
    confirmed (a seeded proposal) makes it unconfirmed. Only the Swedish notice is held back: the
    Finnish and English ones do not read these texts. Art. 12(1): the information must be "concise,
    transparent, intelligible" — a machine-proposed translation nobody has read is not known to be."""
    def worse(item, status, detail):
        rank = {"present": 0, "unconfirmed": 1, "missing": 2}
        if rank[status] > rank[out[item][0]]:
            out[item] = (status, detail)

    def keys(rows, key="key"):
        return ", ".join(str(r[key]) for r in rows)

    if purposes:
        lack = [p for p in purposes if not _text(p.get("name_sv"))]
        if lack:
            worse(3, "missing", "Swedish name missing: " + keys(lack))
        unconf = [p for p in purposes if not p.get("sv_confirmed")]
        for item in (3, 4, 5, 12):
            if unconf and out[item][0] == "present" and not out[item][1].startswith("Not applicable"):
                worse(item, "unconfirmed", "Swedish texts proposed, not confirmed: " + keys(unconf))
        lack = [p for p in purposes if p.get("categories_without_sv")]
        if lack:
            worse(5, "missing", "Swedish category names missing: " + keys(lack))
    unconf = [r for r in recipients if not r.get("sv_confirmed")]
    if unconf:
        worse(6, "unconfirmed", "Swedish role proposed, not confirmed: recipient " + keys(unconf, "id"))
        if any(r["outside_eea"] for r in unconf):
            worse(7, "unconfirmed", "Swedish safeguard not confirmed")
    unconf = [s_ for s_ in sources if not s_.get("sv_confirmed")]
    if unconf:
        worse(13, "unconfirmed", "Swedish source texts proposed, not confirmed: " + keys(unconf))


def mandatory_missing(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["status"] == "missing" and r["requirement"] == "M"]


def blocking(rows: list[dict]) -> list[dict]:
    """The items that stop the notice going out: a mandatory item (M, or C where it applies)
    that is missing or still an unconfirmed proposal.

    Art. 12(1), 13, 14: what the notice tells people must be true; a value the DPO never
    confirmed is not known to be. The reading that protects the person: an applicable C
    item is as mandatory as an M item, and no override exists.
    """
    return [r for r in rows if r["status"] in ("missing", "unconfirmed")
            and (r["requirement"] == "M" or r.get("applies", True))]


def why(row: dict, lang: str = "fi") -> str:
    """One blocking item in words: "9. Rekisteröidyn oikeudet – vahvistamatta (...)"."""
    fi = lang == "fi"
    status = {"missing": ("puuttuu", "missing"), "unconfirmed": ("vahvistamatta", "not confirmed")}[row["status"]]
    return (f"{row['item']}. {row['title_fi'] if fi else row['title_en']} – {status[0 if fi else 1]}"
            + (f" ({row['detail']})" if row.get("detail") else ""))


def blocking_all(q: Query) -> list[tuple[str, dict]]:
    """(lang, item) for every blocking item in every language (publishing covers them all)."""
    return [(lang, r) for lang in LANGS for r in blocking(completeness(q, lang))]


LANG_NAMES = {"fi": {"fi": "suomi", "en": "englanti", "sv": "ruotsi"},
              "en": {"fi": "Finnish", "en": "English", "sv": "Swedish"},
              "sv": {"fi": "finska", "en": "engelska", "sv": "svenska"}}


def default_langs(q: Query) -> list[str]:
    """The languages published together by default: Finnish and English, and Swedish once a Swedish
    version exists (from then on a change must reach all three, or none; Art. 12(1))."""
    return list(BASE_LANGS) + [x for x in LANGS if x not in BASE_LANGS and q.one("notice_version_latest", {"lang": x})]


def blocking_lines(q: Query, langs=LANGS, ui_lang: str = "fi") -> list[str]:
    """The blocking items of `langs` as lines in the reader's language, one per item with
    the notice languages it blocks: "9. Rekisteröidyn oikeudet – vahvistamatta (suomi,
    englanti): Ehdotettu, vahvistamatta: rights"."""
    ui_lang = ui_lang if ui_lang in ("fi", "en") else "fi"  # the DPO reads Finnish or English details
    own = {r["item"]: r for r in completeness(q, ui_lang)}
    per_item: dict[int, tuple[dict, list[str]]] = {}
    for lang in langs:
        for r in blocking(completeness(q, lang)):
            row, where = per_item.setdefault(r["item"], (r, []))
            where.append(lang)
    lines = []
    for item in sorted(per_item):
        row, where = per_item[item]
        # The detail in the reader's language where that language says the same.
        detail = own[item]["detail"] if own[item]["status"] == row["status"] else row["detail"]
        line = why({**row, "detail": ""}, ui_lang)
        names = ", ".join(LANG_NAMES[ui_lang][x] for x in where)
        lines.append(f"{line} ({names}): {detail}" if detail else f"{line} ({names})")
    return lines


def check(q: Query, langs=LANGS) -> dict:
    """The completeness check as `kp notice --check --json` gives it: per language its 15
    items and the blocking ones with the reason, and whether the notice could be published."""
    out: dict[str, Any] = {"publishable": True, "langs": {}}
    for lang in langs:
        rows = completeness(q, _lang(lang))
        block = blocking(rows)
        for r in rows:
            r["blocking"] = r in block
        out["langs"][lang] = {"publishable": not block, "items": rows,
                              "blocking": [{"item": r["item"], "status": r["status"], "why": why(r, lang)}
                                           for r in block]}
        out["publishable"] = out["publishable"] and not block
    return out


# ---------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------

def versions(q: Query, lang: str | None = None) -> list[dict]:
    return q.all("notice_versions", {"lang": lang})


def version_content(q: Query, lang: str, version: int | None) -> str:
    """A published version's Markdown; None = the notice as it stands now."""
    if version is None:
        return notice_markdown(q, lang)
    row = q.one("notice_version_get", {"lang": lang, "version": int(version)})
    if not row:
        raise NotFound(f"notice version {version} ({lang}) has not been published")
    return row["content"]


def _sections_of(markdown: str) -> dict[str, str]:
    out: dict[str, str] = {}
    current = ""
    marks = {f"**{md_escape(LABELS[x]['draft_mark'])}**" for x in LANGS}
    for line in markdown.splitlines():
        if line in marks:  # the draft mark is no section's content
            continue
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = ""
        elif current:
            out[current] += line + "\n"
    return {k: v.strip() + "\n" for k, v in out.items()}


def diff_versions(q: Query, lang: str, a: int | None, b: int | None) -> dict:
    """What changed from version a to version b (None = the current text): a unified
    diff of the Markdown and the titles of the sections that were added, removed or changed."""
    old, new = version_content(q, lang, a), version_content(q, lang, b)
    sa, sb = _sections_of(old), _sections_of(new)
    changed = [t for t in sb if t in sa and sa[t] != sb[t]]
    label_a = f"v{a}" if a is not None else "current"
    label_b = f"v{b}" if b is not None else "current"
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), label_a, label_b, lineterm="", n=1))
    return {"lang": lang, "a": a, "b": b, "diff": lines, "changed": changed,
            "added": [t for t in sb if t not in sa], "removed": [t for t in sa if t not in sb],
            "same": old == new}


def publish(reg: Register, actor: str, langs=None, today: dt.date | None = None, ui_lang: str = "fi") -> list[dict]:
    """Publish the notice in each language whose text or facts changed since its last version.

    Refused, with nothing written, while any mandatory item (M, or C where it applies) is
    missing or unconfirmed in any of `langs` (Art. 12(1), 13, 14: only confirmed facts go out;
    there is no "publish anyway"). The refusal names the items in `ui_lang`. Each version
    stores the fingerprint of the facts it stands on (facts_fingerprint), so a later change
    of those facts shows the published notice as out of date (`stale`). `langs` None: the
    default languages (default_langs: fi and en, sv once published).
    """
    today = today or dt.date.today()
    if langs is None:
        with reg.read() as q:
            langs = default_langs(q)
    langs = [_lang(x) for x in langs]
    ui_lang = ui_lang if ui_lang in LANGS else "fi"
    plan, results = [], []
    with reg.read() as q:
        lines = blocking_lines(q, langs, ui_lang)
        if lines:
            raise Refused("\n  ".join([
                "Selostetta ei julkaistu: nämä pakolliset kohdat on ensin täytettävä ja vahvistettava "
                "(kp notice --check):" if ui_lang == "fi" else
                "The notice was not published: these mandatory items must first be filled in and confirmed "
                "(kp notice --check):"] + lines))
        for lang in langs:
            fingerprint = facts_fingerprint(q, lang)
            unconfirmed = [r["item"] for r in completeness(q, lang) if r["status"] == "unconfirmed"]
            latest = q.one("notice_version_latest", {"lang": lang})
            f = facts(q, lang)
            if latest and _is_current(latest, to_markdown(_compose(f, lang, latest["version"], _published_at(latest),
                                                                    False)), fingerprint):
                results.append({"lang": lang, "version": latest["version"], "published": False,
                                "date": _published_at(latest), "unconfirmed": unconfirmed})
                continue
            version = (latest["version"] + 1) if latest else 1
            text = to_markdown(_compose(f, lang, version, today, False))
            plan.append({"lang": lang, "version": version, "content": text, "unconfirmed": unconfirmed,
                         "fingerprint": fingerprint})
    if plan:
        now = dt.datetime.combine(today, dt.datetime.now().time().replace(microsecond=0))
        with reg.write(actor) as w:
            for item in plan:
                latest = w.one("notice_version_latest", {"lang": item["lang"]})
                if (latest["version"] if latest else 0) != item["version"] - 1:
                    raise KpError(f"Another user published the {item['lang']} notice at the same time; "
                                  "nothing was published. Look at the versions and try again.")
                digest = content_hash(item["content"])
                w.run("notice_version_insert", {"version": item["version"], "lang": item["lang"], "published_at": now,
                                                "content_hash": digest, "content": item["content"],
                                                "facts_hash": item["fingerprint"]})
                w.audit("notice.publish", "notice_version", f"{item['lang']}:{item['version']}",
                        {"lang": item["lang"], "version": item["version"], "hash": digest[:16],
                         "unconfirmed_items": item["unconfirmed"]})
                results.append({"lang": item["lang"], "version": item["version"], "published": True, "date": today,
                                "unconfirmed": item["unconfirmed"], "content_hash": digest})
            w.run("notice_set_setting", {"key": "notice_version_date", "value": today.isoformat()})
    order = {x: i for i, x in enumerate(langs)}
    return sorted(results, key=lambda r: order[r["lang"]])


# ---------------------------------------------------------------------------------------
# The DPO's edits of the facts behind the notice
# ---------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_TEXT = 10_000


def _refuse(what: str, problems: list[tuple[str, str]]):
    exc = ValidationFailed([Problem(0, f, r) for f, r in problems])
    exc.args = (f"{what}: nothing was changed.\n" + "\n".join(f"  {f}: {r}" for f, r in problems),)
    raise exc


def _only(what: str, changes: dict, allowed) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        _refuse(what, [(k, "cannot be changed here") for k in unknown])


def _clean(value) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").strip()
    return text or None


def _check_text(problems, name, value, required=True):
    if value is None:
        if required:
            problems.append((name, "must not be empty"))
    elif len(value) > MAX_TEXT:
        problems.append((name, f"is longer than {MAX_TEXT} characters"))
    elif any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        problems.append((name, "contains control characters"))


CONTROLLER_FIELDS = ("name", "street", "postcode", "city", "email", "phone", "business_id", "dpo_name", "dpo_email",
                     "dpo_phone")


def update_controller(reg: Register, actor: str, changes: dict) -> list[str]:
    """Change the controller's and DPO's contact details. Returns the changed field names."""
    _only("controller", changes, CONTROLLER_FIELDS)
    with reg.write(actor) as w:
        row = w.one("notice_controller")
        new = {k: row[k] for k in CONTROLLER_FIELDS}
        new.update({k: _clean(v) for k, v in changes.items()})
        problems: list[tuple[str, str]] = []
        for k in CONTROLLER_FIELDS:
            _check_text(problems, k, new[k], required=k in ("name", "street", "postcode", "city", "email", "dpo_email"))
        for k in ("email", "dpo_email"):
            if new[k] and not _EMAIL.fullmatch(new[k]):
                problems.append((k, "is not an email address"))
        if new["postcode"] and not re.fullmatch(r"\d{5}", new["postcode"]):
            problems.append(("postcode", "must be five digits (a Finnish postcode)"))
        if problems:
            _refuse("controller", problems)
        changed = [k for k in CONTROLLER_FIELDS if new[k] != row[k]]
        if not changed:
            w.audit("notice.controller.unchanged", "controller", 1)
            return []
        w.run("notice_update_controller", new)
        w.audit("notice.controller.update", "controller", 1, {"fields": changed})
        return changed


def statement_keys(q: Query) -> list[str]:
    keys = {r["key"] for r in q.all("notice_statements", {"lang": "fi"})} | set(NOTICE_STATEMENTS)
    return sorted(keys)


def set_statement(reg: Register, actor: str, key: str, lang: str, body: str, confirm: bool = True) -> None:
    """Write a statement's text in one language. The DPO writing it confirms it."""
    if lang not in ("fi", "en", "sv"):
        _refuse(f"statement {key}", [("lang", "must be fi, en or sv")])
    body = _clean(body)
    problems: list[tuple[str, str]] = []
    _check_text(problems, f"{key}.{lang}", body)
    with reg.write(actor) as w:
        if key not in statement_keys(w):
            raise NotFound(f"statement {key!r} does not exist; known keys: {', '.join(statement_keys(w))}")
        if problems:
            _refuse(f"statement {key}", problems)
        existing = {r["lang"]: r for r in w.all("notice_statement_langs", {"key": key})}
        params = {"key": key, "lang": lang, "body": body, "confirmed": bool(confirm)}
        w.run("notice_update_statement" if lang in existing else "notice_insert_statement", params)
        w.audit("notice.statement.update", "statement", key, {"lang": lang, "confirmed": bool(confirm)})


PURPOSE_FIELDS = ("legal_basis", "legitimate_interest_fi", "legitimate_interest_en", "retention_anchor",
                  "retention_months", "provision_fi", "provision_en", "direct_marketing",
                  "name_sv", "group_sv", "subjects_sv", "legitimate_interest_sv", "provision_sv")
# Swedish texts (issue 18): the DPO writing any of them confirms the purpose's Swedish (sv_confirmed),
# as writing a basis field confirms the basis; a proposed translation is a gap of the Swedish notice only.
PURPOSE_SV_FIELDS = {"name_sv", "group_sv", "subjects_sv", "legitimate_interest_sv", "provision_sv"}
BASIS_FIELDS = {"legal_basis", "legitimate_interest_fi", "legitimate_interest_en", "provision_fi", "provision_en",
                "direct_marketing"}
RETENTION_FIELDS = {"retention_anchor", "retention_months"}


def _stored(w, row: dict) -> dict:
    """The purpose row as stored: its retention sentences generated from the rule (kpcore.retention)."""
    return {k: row[k] for k in PURPOSE_FIELDS} | {"sv_confirmed": bool(row.get("sv_confirmed"))} | {
        f"retention_{lang}": retention.purpose_sentence(row, lang, retention.ip_full_days(w))
        for lang in ("fi", "en", "sv")}


def update_purpose(reg: Register, actor: str, key: str, changes: dict, confirm: bool = True) -> list[str]:
    """Change a purpose's legal basis, legitimate interest, retention or provision.

    What the DPO writes counts as confirmed: a change of a basis field confirms the basis
    (and the provision statement, which follows from it), a change of a retention field
    confirms the retention. Returns the changed field names.
    """
    _only(f"purpose {key}", changes, PURPOSE_FIELDS)
    with reg.write(actor) as w:
        row = w.one("notice_purpose", {"key": key})
        if not row:
            raise NotFound(f"purpose {key!r} does not exist")
        new = {k: row[k] for k in PURPOSE_FIELDS}
        problems: list[tuple[str, str]] = []
        for k, v in changes.items():
            if k == "retention_months":
                try:
                    new[k] = int(v)
                    if new[k] <= 0 or str(v).strip() not in (str(new[k]), f"{new[k]}.0"):
                        raise ValueError
                except (TypeError, ValueError):
                    problems.append((k, "must be a whole number of months above zero"))
            elif k == "retention_anchor":
                if v not in retention.ANCHORS:
                    problems.append((k, "must be one of " + ", ".join(retention.ANCHORS)))
                new[k] = v
            elif k == "direct_marketing":
                new[k] = bool(v)
            else:
                new[k] = _clean(v)
        if new["legal_basis"] not in {b.value for b in LegalBasis}:
            problems.append(("legal_basis", "must be one of " + ", ".join(b.value for b in LegalBasis)))
        for k in ("legitimate_interest_fi", "legitimate_interest_en"):
            _check_text(problems, k, new[k], required=new["legal_basis"] == "legitimate_interests")
        for k in ("provision_fi", "provision_en", *sorted(PURPOSE_SV_FIELDS)):
            _check_text(problems, k, new[k], required=False)
        if problems:
            _refuse(f"purpose {key}", problems)
        changed = [k for k in PURPOSE_FIELDS if new[k] != row[k]]
        touched = set(changes)
        new["basis_confirmed"] = row["basis_confirmed"] or bool(confirm and touched & BASIS_FIELDS)
        new["retention_confirmed"] = row["retention_confirmed"] or bool(confirm and touched & RETENTION_FIELDS)
        new["sv_confirmed"] = bool(row.get("sv_confirmed")) or bool(confirm and touched & PURPOSE_SV_FIELDS)
        new = _stored(w, new | {"key": key}) | {k: new[k] for k in ("basis_confirmed", "retention_confirmed",
                                                                     "sv_confirmed")}
        new["key"] = key
        w.run("notice_update_purpose", new)
        w.audit("notice.purpose.update", "purpose", key,
                {"fields": changed, "basis_confirmed": new["basis_confirmed"],
                 "retention_confirmed": new["retention_confirmed"], "sv_confirmed": new["sv_confirmed"]})
        return changed


def update_source(reg: Register, actor: str, key: str, changes: dict, confirm: bool = True) -> list[str]:
    """Change how a source is described in the notice (and whether it is public). Writing its
    Swedish name or description confirms the source's Swedish (sv_confirmed)."""
    allowed = ("description_fi", "description_en", "publicly_available", "name_sv", "description_sv")
    _only(f"source {key}", changes, allowed)
    with reg.write(actor) as w:
        row = w.one("notice_source", {"key": key})
        if not row:
            raise NotFound(f"source {key!r} does not exist")
        new = {k: row[k] for k in allowed}
        for k, v in changes.items():
            new[k] = bool(v) if k == "publicly_available" else _clean(v)
        problems: list[tuple[str, str]] = []
        for k in ("description_fi", "description_en"):
            _check_text(problems, k, new[k])
        for k in ("name_sv", "description_sv"):
            _check_text(problems, k, new[k], required=False)
        if problems:
            _refuse(f"source {key}", problems)
        changed = [k for k in allowed if new[k] != row[k]]
        sv_confirmed = bool(row.get("sv_confirmed")) or bool(confirm and set(changes) & {"name_sv", "description_sv"})
        w.run("notice_update_source", {**new, "key": key, "sv_confirmed": sv_confirmed})
        w.audit("notice.source.update", "source", key, {"fields": changed})
        return changed


def update_category(reg: Register, actor: str, key: str, changes: dict) -> list[str]:
    """Name a data category in Finnish, English or Swedish (name_fi / name_en / name_sv): the
    notice's lists of data (Art. 13(1)(c)... 14(1)(d)) print these names. Finnish and English
    are required; a Swedish name may be removed (the Swedish notice then shows item 5 missing)."""
    allowed = ("name_fi", "name_en", "name_sv")
    _only(f"category {key}", changes, allowed)
    with reg.write(actor) as w:
        row = w.sql("SELECT key, kind, name_fi, name_en, name_sv FROM data_category WHERE key = ?", [key]).fetchall()
        if not row:
            raise NotFound(f"category {key!r} does not exist")
        old = dict(zip(("key", "kind", "name_fi", "name_en", "name_sv"), row[0]))
        new = {k: old[k] for k in allowed} | {k: _clean(v) for k, v in changes.items()}
        problems: list[tuple[str, str]] = []
        for k in allowed:
            _check_text(problems, k, new[k], required=k != "name_sv")
        if problems:
            _refuse(f"category {key}", problems)
        changed = [k for k in allowed if new[k] != old[k]]
        w.sql("UPDATE data_category SET name_fi = ?, name_en = ?, name_sv = ? WHERE key = ?",
              [new["name_fi"], new["name_en"], new["name_sv"], key])
        w.audit("notice.category.update", "data_category", key, {"fields": changed})
        return changed


RECIPIENT_FIELDS = ("name", "role_fi", "role_en", "is_processor", "country", "safeguard_fi", "safeguard_en",
                    "role_sv", "safeguard_sv")
RECIPIENT_SV_FIELDS = {"role_sv", "safeguard_sv"}


def _recipient_values(row: dict, changes: dict, purposes, known_purposes) -> tuple[dict, list]:
    new = {k: row.get(k) for k in RECIPIENT_FIELDS}
    for k, v in changes.items():
        new[k] = bool(v) if k == "is_processor" else _clean(v)
    new["country"] = (new["country"] or "FI").upper()
    new["is_processor"] = True if new["is_processor"] is None else bool(new["is_processor"])
    problems: list[tuple[str, str]] = []
    for k in ("name", "role_fi", "role_en"):
        _check_text(problems, k, new[k])
    if not re.fullmatch(r"[A-Z]{2}", new["country"]):
        problems.append(("country", "must be a two-letter country code (FI, SE, US, ...)"))
    new["outside_eea"] = new["country"] not in EEA
    for k in ("safeguard_fi", "safeguard_en"):
        _check_text(problems, k, new[k], required=new["outside_eea"])
    for k in sorted(RECIPIENT_SV_FIELDS):  # Swedish missing: a gap of the Swedish notice only
        _check_text(problems, k, new[k], required=False)
    if purposes is not None:
        bad = sorted(set(purposes) - set(known_purposes))
        if bad:
            problems.append(("purposes", "unknown purpose(s): " + ", ".join(bad)))
    return new, problems


def add_recipient(reg: Register, actor: str, values: dict, purposes: list[str]) -> int:
    """Add a recipient (a processor or other recipient) for some purposes; confirmed, as the DPO named it."""
    _only("new recipient", values, RECIPIENT_FIELDS)
    with reg.write(actor) as w:
        known = [p["key"] for p in w.all("notice_purposes")]
        new, problems = _recipient_values({}, values, purposes, known)
        if problems:
            _refuse("new recipient", problems)
        rid = w.value("notice_next_recipient_id")
        w.run("notice_insert_recipient", {**new, "id": rid, "confirmed": True,
                                          "sv_confirmed": bool(new.get("role_sv"))})
        for p in dict.fromkeys(purposes):
            w.run("notice_link_recipient_purpose", {"id": rid, "purpose": p})
        w.audit("notice.recipient.add", "recipient", rid, {"purposes": sorted(set(purposes)),
                                                             "outside_eea": new["outside_eea"]})
        return rid


def update_recipient(reg: Register, actor: str, rid: int, changes: dict, purposes: list[str] | None = None,
                     confirm: bool = True) -> list[str]:
    _only(f"recipient {rid}", changes, RECIPIENT_FIELDS)
    with reg.write(actor) as w:
        row = w.one("notice_recipient", {"id": int(rid)})
        if not row:
            raise NotFound(f"recipient {rid} does not exist")
        known = [p["key"] for p in w.all("notice_purposes")]
        new, problems = _recipient_values(row, changes, purposes, known)
        if problems:
            _refuse(f"recipient {rid}", problems)
        runs = w.all("systems_of_recipient", {"id": int(rid)})
        if runs and purposes is not None and set(purposes) != {r["purpose"] for r in w.all("recipient_use_of", {"id": int(rid)})}:
            # One truth (#12): the purposes of a processor running systems come from the map.
            raise Refused(f"recipient {rid} runs system(s) {', '.join(str(s['id']) for s in runs)}: its purposes "
                          "come from the systems map; change the systems' purposes (kp system set) instead")
        changed = [k for k in RECIPIENT_FIELDS if new[k] != row[k]]
        sv_confirmed = bool(row.get("sv_confirmed")) or bool(confirm and set(changes) & RECIPIENT_SV_FIELDS)
        w.run("notice_update_recipient", {**new, "id": int(rid), "confirmed": bool(row["confirmed"] or confirm),
                                          "sv_confirmed": sv_confirmed})
        if purposes is not None and not runs:
            old = {r["purpose"] for r in w.all("notice_recipient_purposes", {"id": int(rid)})}
            for p in sorted(old - set(purposes)):
                w.run("notice_unlink_recipient_purpose", {"id": int(rid), "purpose": p})
            for p in sorted(set(purposes) - old):
                w.run("notice_link_recipient_purpose", {"id": int(rid), "purpose": p})
            if old != set(purposes):
                changed.append("purposes")
        w.audit("notice.recipient.update", "recipient", rid, {"fields": changed, "confirmed": bool(row["confirmed"] or confirm)})
        return changed


def remove_recipient(reg: Register, actor: str, rid: int) -> None:
    """Remove a recipient. Two transactions: DuckDB refuses to delete a row whose
    referencing rows were deleted in the same transaction."""
    with reg.read() as q:
        if not q.one("notice_recipient", {"id": int(rid)}):
            raise NotFound(f"recipient {rid} does not exist")
        runs = q.all("systems_of_recipient", {"id": int(rid)})
        if runs:
            raise Refused(f"recipient {rid} runs system(s) {', '.join(str(s['id']) for s in runs)} of the systems map; "
                          "give those systems another processor (kp system set) or remove them first")
    with reg.write(actor, "notice.recipient.unlink", "recipient", rid) as w:
        w.run("notice_unlink_recipient_purposes", {"id": int(rid)})
    with reg.write(actor, "notice.recipient.remove", "recipient", rid) as w:
        w.run("notice_delete_recipient", {"id": int(rid)})


def confirm_item(reg: Register, actor: str, item: int, lang: str | None = None) -> dict:
    """Confirm the proposed values behind one of the 15 items (statements in `lang`, or
    in every language when None). With lang None or 'sv' the Swedish texts of the purposes
    (items 3, 4, 5, 12), recipients (6, 7) and sources (13) are confirmed too (sv_confirmed):
    confirming only the Finnish leaves the Swedish notice's gaps open. Returns counts."""
    if item not in ITEM_KEYS:
        raise NotFound(f"item {item} does not exist; items are 1-15")
    counts = {"statements": 0, "purposes": 0, "recipients": 0, "sources": 0}
    with reg.write(actor) as w:
        for key in ITEM_STATEMENTS.get(item, ()):
            before = [r for r in w.all("notice_statement_langs", {"key": key})
                      if not r["confirmed"] and (lang is None or r["lang"] == lang)]
            if before:
                w.run("notice_confirm_statement", {"key": key, "lang": lang})
                counts["statements"] += len(before)
        sv = lang in (None, "sv")
        if item in (3, 4, 5, 8, 12):
            for p in w.all("notice_purposes"):
                if item == 4 and p["legal_basis"] != "legitimate_interests":
                    continue
                flags = [] if item == 5 else ["retention_confirmed" if item == 8 else "basis_confirmed"]
                if sv and item != 8:
                    flags.append("sv_confirmed")
                row = w.one("notice_purpose", {"key": p["key"]})
                todo = [f for f in flags if not row[f]]
                if todo:
                    for f in todo:
                        row[f] = True
                    w.run("notice_update_purpose", _stored(w, row) | {
                        "key": p["key"], "basis_confirmed": row["basis_confirmed"],
                        "retention_confirmed": row["retention_confirmed"]})
                    counts["purposes"] += 1
        if item in (6, 7):
            for r in w.all("notice_recipients"):
                if item == 7 and not r["outside_eea"]:
                    continue
                if not r["confirmed"] or (sv and not r["sv_confirmed"]):
                    row = w.one("notice_recipient", {"id": r["id"]})
                    w.run("notice_update_recipient", {k: row[k] for k in RECIPIENT_FIELDS} | {
                        "id": r["id"], "outside_eea": row["outside_eea"], "confirmed": True,
                        "sv_confirmed": bool(row.get("sv_confirmed")) or sv})
                    counts["recipients"] += 1
        if item == 13 and sv:
            for src in w.all("notice_sources"):
                if not src["sv_confirmed"]:
                    row = w.one("notice_source", {"key": src["key"]})
                    w.run("notice_update_source", {k: row[k] for k in ("description_fi", "description_en",
                                                                       "publicly_available", "name_sv",
                                                                       "description_sv")}
                          | {"key": src["key"], "sv_confirmed": True})
                    counts["sources"] += 1
        w.audit("notice.confirm", "notice_item", item, {"item": item, "lang": lang, **counts})
    return counts


def confirm_all(reg: Register, actor: str) -> dict:
    """Confirm every proposed value behind the notice (the DPO has read them all)."""
    total = {"statements": 0, "purposes": 0, "recipients": 0, "sources": 0}
    for n in ITEM_KEYS:
        for k, v in confirm_item(reg, actor, n).items():
            total[k] += v
    return total


def editor_facts(q: Query) -> dict[str, Any]:
    """The editable facts behind the notice, both languages (for the dashboard's editor)."""
    statements: dict[str, dict] = {}
    for lang in LANGS:
        for r in q.all("notice_statements", {"lang": lang}):
            statements.setdefault(r["key"], {})[lang] = {"body": r["body"], "confirmed": r["confirmed"]}
    return {
        "controller": q.one("notice_controller") or {},
        "statements": statements,
        "purposes": retention.with_sentences(q, q.all("notice_purposes")),
        "sources": q.all("notice_sources"),
        "processor_categories": q.all("notice_processor_role_categories"),
        "recipients": q.all("notice_recipients"),
    }


def overview(q: Query, lang: str = "fi") -> dict[str, Any]:
    """What the notice view shows first: the document, its check, and the versions."""
    doc = document(q, lang)
    return {"document": doc, "markdown": to_markdown(doc), "check": completeness(q, lang),
            "versions": versions(q, lang)}


def _electronic_marketing(lang: str) -> str:
    """#11: electronic marketing only in the work role, to customers, or with consent; a free opt-out
    in every message (Act 917/2014 s. 200-202), from kpcore.marketing so the notice says what the
    import and the marketing list do."""
    from .marketing import STATEMENT, STATEMENT_SV

    return STATEMENT_SV if lang == "sv" else STATEMENT[0] if lang == "fi" else STATEMENT[1]
