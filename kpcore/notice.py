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
- versions: `publish`, `versions`, `diff_versions`.
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
from .models import LEGAL_BASIS_TEXT, LegalBasis

LANGS = ("fi", "en")

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
        "notice": "Privacy notice",
    },
}

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def fmt_date(d: dt.date, lang: str) -> str:
    if lang == "fi":
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
        lines = [(lab["basis"], LEGAL_BASIS_TEXT[pur["legal_basis"]][0 if lang == "fi" else 1])]
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
         Block("list", items=tuple(r[f"name_{lang}"] for r in f["processor_categories"])),
         p("processor_credentials")], (),
        ("statement:processor_role", "statement:processor_categories_lead", "processor_categories",
         "statement:processor_credentials"))
    add("special", lab["special"], [p("special_categories")], (), ("statement:special_categories",))

    recipients = f["recipients"]
    items = []
    for r in recipients:
        role = _text(r[f"role_{lang}"])
        text = f"{_text(r['name'])} – {role}" if role else _text(r["name"])
        purposes = [x for x in r[f"purposes_{lang}"] if x]
        if purposes:
            text += f" ({lab['purposes_of']}: {'; '.join(purposes)})"
        if r["outside_eea"]:
            text += f" [{r['country']}]"
        items.append(text)
    if recipients:
        add("recipients", lab["recipients"], [p("recipients_lead"), Block("list", items=tuple(items))], (6,),
            ("statement:recipients_lead", "recipients"))
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

    add("rights", lab["rights"], [p("rights")], (9,), ("statement:rights",))
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


def document(q: Query, lang: str = "fi", today: dt.date | None = None) -> Notice:
    """The notice as it stands now. If its text is that of the latest published version,
    it carries that version's number and date; otherwise it is a draft of the next one."""
    _lang(lang)
    today = today or dt.date.today()
    f = facts(q, lang)
    latest = q.one("notice_version_latest", {"lang": lang})
    if latest:
        same = _compose(f, lang, latest["version"], _published_at(latest), draft=False)
        if content_hash(to_markdown(same)) == latest["content_hash"]:
            return same
    return _compose(f, lang, (latest["version"] + 1) if latest else 1, today, draft=True)


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
    out = [f"# {md_escape(n.title)}", "", f"*{md_escape(n.version_line)}*", ""]
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


def to_html_body(n: Notice) -> str:
    e = html.escape
    return "\n".join([f"<h1>{e(n.title)}</h1>", f'<p class="version">{e(n.version_line)}</p>']
                     + [section_html(s) for s in n.sections])


def to_html(n: Notice) -> str:
    e = html.escape
    css = ("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
           "color:#1f2933;line-height:1.5}h1{color:#1d4e89;font-size:1.6rem}h2{color:#1d4e89;font-size:1.2rem;"
           "margin-top:1.6rem}h3{font-size:1rem;margin-bottom:.2rem}.version{color:#616e7c}")
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
    stem = "tietosuojaseloste" if n.lang == "fi" else "privacy-notice"
    suffix = f"v{n.version}" + ("-luonnos" if n.draft and n.lang == "fi" else "-draft" if n.draft else "")
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

    return [{"item": n, "key": key, "title_fi": tfi, "title_en": ten,
             "requirement": _requirement(n, req, sources), "status": out[n][0], "detail": out[n][1]}
            for n, key, tfi, ten, req in ITEMS]


def mandatory_missing(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["status"] == "missing" and r["requirement"] == "M"]


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
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = ""
        elif current:
            out[current] += line + "\n"
    return out


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


def publish(reg: Register, actor: str, langs=LANGS, today: dt.date | None = None) -> list[dict]:
    """Publish the notice in each language whose text changed since its last version.

    Refused while a mandatory item is missing. Unconfirmed items do not stop publishing
    (the DPO decides), but they are returned so the caller can warn.
    """
    today = today or dt.date.today()
    langs = [_lang(x) for x in langs]
    plan, results = [], []
    with reg.read() as q:
        for lang in langs:
            rows = completeness(q, lang)
            missing = mandatory_missing(rows)
            if missing:
                raise Refused(f"The {lang} notice cannot be published: mandatory item(s) missing: "
                              + "; ".join(f"{r['item']}. {r['title_en']} ({r['detail']})" for r in missing))
            unconfirmed = [r["item"] for r in rows if r["status"] == "unconfirmed"]
            latest = q.one("notice_version_latest", {"lang": lang})
            f = facts(q, lang)
            if latest and content_hash(to_markdown(_compose(f, lang, latest["version"], _published_at(latest), False))) \
                    == latest["content_hash"]:
                results.append({"lang": lang, "version": latest["version"], "published": False,
                                "date": _published_at(latest), "unconfirmed": unconfirmed})
                continue
            version = (latest["version"] + 1) if latest else 1
            text = to_markdown(_compose(f, lang, version, today, False))
            plan.append({"lang": lang, "version": version, "content": text, "unconfirmed": unconfirmed})
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
                                                "content_hash": digest, "content": item["content"]})
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
                  "retention_months", "provision_fi", "provision_en", "direct_marketing")
BASIS_FIELDS = {"legal_basis", "legitimate_interest_fi", "legitimate_interest_en", "provision_fi", "provision_en",
                "direct_marketing"}
RETENTION_FIELDS = {"retention_anchor", "retention_months"}


def _stored(w, row: dict) -> dict:
    """The purpose row as stored: its retention sentences generated from the rule (kpcore.retention)."""
    return {k: row[k] for k in PURPOSE_FIELDS} | {
        f"retention_{lang}": retention.purpose_sentence(row, lang, retention.ip_full_days(w)) for lang in ("fi", "en")}


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
        for k in ("provision_fi", "provision_en"):
            _check_text(problems, k, new[k], required=False)
        if problems:
            _refuse(f"purpose {key}", problems)
        changed = [k for k in PURPOSE_FIELDS if new[k] != row[k]]
        touched = set(changes)
        new["basis_confirmed"] = row["basis_confirmed"] or bool(confirm and touched & BASIS_FIELDS)
        new["retention_confirmed"] = row["retention_confirmed"] or bool(confirm and touched & RETENTION_FIELDS)
        new = _stored(w, new | {"key": key}) | {k: new[k] for k in ("basis_confirmed", "retention_confirmed")}
        new["key"] = key
        w.run("notice_update_purpose", new)
        w.audit("notice.purpose.update", "purpose", key,
                {"fields": changed, "basis_confirmed": new["basis_confirmed"],
                 "retention_confirmed": new["retention_confirmed"]})
        return changed


def update_source(reg: Register, actor: str, key: str, changes: dict) -> list[str]:
    """Change how a source is described in the notice (and whether it is public)."""
    allowed = ("description_fi", "description_en", "publicly_available")
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
        if problems:
            _refuse(f"source {key}", problems)
        changed = [k for k in allowed if new[k] != row[k]]
        w.run("notice_update_source", {**new, "key": key})
        w.audit("notice.source.update", "source", key, {"fields": changed})
        return changed


RECIPIENT_FIELDS = ("name", "role_fi", "role_en", "is_processor", "country", "safeguard_fi", "safeguard_en")


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
        w.run("notice_insert_recipient", {**new, "id": rid, "confirmed": True})
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
        w.run("notice_update_recipient", {**new, "id": int(rid), "confirmed": bool(row["confirmed"] or confirm)})
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
    in every language when None). Returns counts of what was confirmed."""
    if item not in ITEM_KEYS:
        raise NotFound(f"item {item} does not exist; items are 1-15")
    counts = {"statements": 0, "purposes": 0, "recipients": 0}
    with reg.write(actor) as w:
        for key in ITEM_STATEMENTS.get(item, ()):
            before = [r for r in w.all("notice_statement_langs", {"key": key})
                      if not r["confirmed"] and (lang is None or r["lang"] == lang)]
            if before:
                w.run("notice_confirm_statement", {"key": key, "lang": lang})
                counts["statements"] += len(before)
        if item in (3, 4, 8, 12):
            for p in w.all("notice_purposes"):
                if item == 4 and p["legal_basis"] != "legitimate_interests":
                    continue
                flag = "retention_confirmed" if item == 8 else "basis_confirmed"
                if not p[flag]:
                    row = w.one("notice_purpose", {"key": p["key"]})
                    row[flag] = True
                    w.run("notice_update_purpose", _stored(w, row) | {
                        "key": p["key"], "basis_confirmed": row["basis_confirmed"],
                        "retention_confirmed": row["retention_confirmed"]})
                    counts["purposes"] += 1
        if item in (6, 7):
            for r in w.all("notice_recipients"):
                if item == 7 and not r["outside_eea"]:
                    continue
                if not r["confirmed"]:
                    row = w.one("notice_recipient", {"id": r["id"]})
                    w.run("notice_update_recipient", {k: row[k] for k in RECIPIENT_FIELDS} | {
                        "id": r["id"], "outside_eea": row["outside_eea"], "confirmed": True})
                    counts["recipients"] += 1
        w.audit("notice.confirm", "notice_item", item, {"item": item, "lang": lang, **counts})
    return counts


def confirm_all(reg: Register, actor: str) -> dict:
    """Confirm every proposed value behind the notice (the DPO has read them all)."""
    total = {"statements": 0, "purposes": 0, "recipients": 0}
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
    from .marketing import STATEMENT

    return STATEMENT[0] if lang == "fi" else STATEMENT[1]
