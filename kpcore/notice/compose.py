"""The notice as a structured document: `facts(q, lang)` reads what it says from the register
(controller, statement, purpose, purpose_category, data_category, source, recipient,
recipient_purpose, processor_role_category, setting) and `_compose` turns them into a `Notice`
of sections and blocks. Section headings are the program's labels; everything they head is
register data. The notice never reads contacts or web visits: it is about the register's rules.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import retention
from ..db import Query
from ..models import legal_basis_text
from .terms import LABELS, OBJECTABLE_BASES, PORTABLE_BASES, _lang, fmt_date

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
    def document_name(self) -> str:
        """What the document is called in its language ("Tietosuojaseloste"), for page footers."""
        return LABELS[self.lang]["notice"]

    @property
    def version_line(self) -> str:
        key = "draft" if self.draft else "version"
        return LABELS[self.lang][key].format(version=self.version, date=fmt_date(self.date, self.lang))


def facts(q: Query, lang: str = "fi") -> dict[str, Any]:
    """Everything the notice says, read from the register (small tables only; each read once per
    read-only unit of work, Query.cached: the access report asks for every language)."""
    _lang(lang)
    return {
        "controller": (q.cached("notice_controller") or [{}])[0],
        "statements": {r["key"]: r for r in q.cached("notice_statements", {"lang": lang})},
        # the retention sentence in this notice's language only (no other catalog is read, issue 18 §5)
        "purposes": retention.with_sentences(q, q.cached("notice_purposes"), (lang,)),
        "sources": q.cached("notice_sources"),
        "processor_categories": q.cached("notice_processor_role_categories"),
        "recipients": q.cached("notice_recipients"),
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
        name = _text(r.get(f"name_{lang}")) or _text(r["name"])  # Swedish/English name, else the (Finnish) name
        text = f"{name} – {role}" if role else name
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


def _electronic_marketing(lang: str) -> str:
    """#11: electronic marketing only in the work role, to customers, or with consent; a free opt-out
    in every message (Act 917/2014 s. 200-202), from kpcore.marketing so the notice says what the
    import and the marketing list do."""
    from ..marketing import statement_text

    return statement_text(lang)
