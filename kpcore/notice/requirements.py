"""Completeness (Art. 13/14, LEGAL.md items 1-15): each item present / missing / unconfirmed,
with M (always required) or C (required when it applies); `blocking` is what stops publishing,
`check` is what `kp notice --check --json` prints.
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from .. import i18n
from ..db import Query
from ..i18n import NP_
from .compose import _compose, _text, facts
from .terms import BASE_LANGS, ITEMS, LABELS, LANG_NAMES, LANGS, OBJECTABLE_BASES, _lang, statement_text

def _requirement(item: int, base: str, sources: list[dict]) -> str:
    """Items 5 and 13 are mandatory under Art. 14 (data from elsewhere), 12 under Art. 13
    (from the person): which applies follows from the register's sources."""
    if item in (5, 13):
        return "M" if any(not s["from_subject"] for s in sources) else "C"
    if item == 12:
        return "M" if any(s["from_subject"] for s in sources) else "C"
    return base


def per_read(fn):
    """fn(q, lang) worked out once per read-only unit of work: the access report asks for the
    notice's completeness in the same read for its warning, its marks and each language. Each
    caller gets its own copy of the rows (callers add keys to them). A writer always recomputes."""
    @functools.wraps(fn)
    def once(q: Query, lang: str = "fi", *args):
        memo = getattr(q, "memo", None)
        if memo is None or q.writable:
            return fn(q, lang, *args)
        key = (fn.__module__, fn.__qualname__, lang, *args)
        if key not in memo:
            memo[key] = fn(q, lang, *args)
        return [dict(r) for r in memo[key]]
    return once


def completeness(q: Query, lang: str = "fi", reader: str | None = None) -> list[dict]:
    """For each of the 15 items: item, key, title_fi, title_sv, title_en, requirement (M/C),
    status (present / missing / unconfirmed) and a short detail in the reader's language
    (`reader`, by default the notice's language `lang`). A reader of the notice's own language
    is the same question, worked out once per read."""
    return _completeness(q, lang, *(() if reader in (None, lang) else (reader,)))


@per_read
def _completeness(q: Query, lang: str = "fi", reader: str | None = None) -> list[dict]:
    _lang(lang)
    f = facts(q, lang)
    _ = functools.partial(i18n.gettext, lang=reader or lang)

    st = f["statements"]
    purposes, recipients, sources = f["purposes"], f["recipients"], f["sources"]

    def names(rows):  # in the reader's language where the register has it, else the notice's
        return ", ".join(_text(r.get(f"name_{reader}")) or _text(r[f"name_{lang}"]) or r.get("key", "?") for r in rows)

    def stmt(*keys):
        def named(ks):
            return ", ".join(statement_text(k, reader or lang) for k in ks)

        missing = [k for k in keys if not (st.get(k) and _text(st[k]["body"]))]
        if missing:
            return "missing", _("Text missing: ") + named(missing)
        unconf = [k for k in keys if not st[k]["confirmed"]]
        if unconf:
            return "unconfirmed", _("Proposed, not confirmed: ") + named(unconf)
        return "present", _("Confirmed text: ") + named(keys)

    def na(why):
        return "present", _("Not applicable: ") + why

    c = f["controller"]
    out: dict[int, tuple[str, str]] = {}

    need = [k for k in ("name", "street", "postcode", "city", "email") if not _text(c.get(k))]
    out[1] = (("missing", _("Missing: ") + ", ".join(need)) if need
              else ("present", f"{c['name']}, {c['street']}, {c['postcode']} {c['city']}, {c['email']}"))
    out[2] = (("present", _("DPO email and name") if _text(c.get("dpo_name")) else _("DPO email"))
              if _text(c.get("dpo_email")) else ("missing", _("DPO contact details missing")))

    if not purposes:
        out[3] = ("missing", _("No purposes"))
    else:
        unconf = [x for x in purposes if not x["basis_confirmed"]]
        out[3] = (("unconfirmed", _("Legal basis not confirmed: ") + names(unconf))
                  if unconf else ("present", _("{n} purposes, legal bases confirmed").format(n=len(purposes))))

    li = [x for x in purposes if x["legal_basis"] == "legitimate_interests"]
    if not li:
        out[4] = na(_("no purpose relies on 6(1)(f)"))
    else:
        lack = [x for x in li if not _text(x[f"legitimate_interest_{lang}"])]
        unconf = [x for x in li if not x["basis_confirmed"]]
        out[4] = (("missing", _("Legitimate interest not described: ") + names(lack))
                  if lack else ("unconfirmed", _("Not confirmed: ") + names(unconf)) if unconf
                  else ("present", _("Described: ") + names(li)))

    lack = [x for x in purposes if not x[f"categories_{lang}"]]
    out[5] = (("missing", _("No data categories: ") + names(lack)) if lack or not purposes
              else ("present", _("Data categories for {n} purposes").format(n=len(purposes))))

    if recipients:
        lack = [r for r in recipients if not _text(r[f"role_{lang}"])]
        unconf = [r for r in recipients if not r["confirmed"]]
        lead = st.get("recipients_lead")
        if lack:
            out[6] = ("missing", _("Recipient role not described: ") + ", ".join(
                _text(r.get(f"name_{reader or lang}")) or _text(r["name"]) for r in lack))
        elif unconf:
            out[6] = ("unconfirmed", _("{n} of {total} recipients proposed, not confirmed").format(
                n=len(unconf), total=len(recipients)))
        elif lead and not lead["confirmed"]:  # the recipients are confirmed, their lead-in is not
            out[6] = stmt("recipients_lead")
        else:
            out[6] = ("present", _("{n} recipients confirmed").format(n=len(recipients)))
    else:
        out[6] = stmt("recipients_none")

    outside = [r for r in recipients if r["outside_eea"]]
    if outside:
        lack = [r for r in outside if not _text(r[f"safeguard_{lang}"])]
        unconf = [r for r in outside if not r["confirmed"]]
        out[7] = (("missing", _("Safeguard not described, recipient ") + ", ".join(str(r["id"]) for r in lack)) if lack
                  else ("unconfirmed", _("Transfers not confirmed")) if unconf
                  else ("present", _("{n} transfers with safeguards").format(n=len(outside))))
    else:
        out[7] = stmt("transfers_none")

    lack = [x for x in purposes if not x.get("retention_months")]  # no rule: kpcore.retention has nothing to say
    unconf = [x for x in purposes if not x["retention_confirmed"]]
    out[8] = (("missing", _("Retention missing: ") + names(lack)) if lack or not purposes
              else ("unconfirmed", _("Retention not confirmed: ") + names(unconf)) if unconf
              else ("present", _("Retention for every purpose")))

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
            out[9] = ("missing", _("The right to object (Art. 21(4)) is not stated under its own heading: ")
                      + names(unsaid))
        elif not said("rights", lab["portability"]):
            out[9] = ("missing", _("Portability is not stated as applying to consent or contract"))
        else:
            out[9] = ("present", _("{detail}; the right to object under its own heading ({n} purposes); portability "
                                   "with its condition").format(detail=out[9][1], n=len(objectable)))
    consent = [x for x in purposes if x["legal_basis"] == "consent"]
    out[10] = stmt("consent_withdrawal") if consent else na(_("no processing based on consent"))
    out[11] = stmt("complaint")

    lack = [x for x in purposes if not _text(x[f"provision_{lang}"])]
    unconf = [x for x in purposes if not x["basis_confirmed"]]
    out[12] = (("missing", _("Not described: ") + names(lack)) if lack or not purposes
               else ("unconfirmed", _("Confirmed with the legal basis; not confirmed: ") + names(unconf)) if unconf
               else ("present", _("Described for every purpose")))

    lack = [s for s in sources if not _text(s[f"description_{lang}"])]
    if not sources:
        out[13] = ("missing", _("No sources"))
    elif lack:
        out[13] = ("missing", _("Source description missing: ") + ", ".join(s["key"] for s in lack))
    else:
        status, detail = stmt("sources_lead")
        public = sum(1 for s in sources if s["publicly_available"])
        out[13] = (status, detail if status != "present" else
                   _("{n} sources, {public} public").format(n=len(sources), public=public))

    out[14] = stmt("automated_decisions")
    marketing = [x for x in purposes if x["direct_marketing"]]
    out[15] = stmt("direct_marketing_objection") if marketing else na(_("no direct marketing"))

    # C items that do not apply here (no 6(1)(f) basis, no consent, no direct marketing).
    not_applicable = {4} if not li else set()
    not_applicable |= {10} if not consent else set()
    not_applicable |= {15} if not marketing else set()
    if lang == "sv":
        _swedish_gaps(out, purposes, recipients, sources, not_applicable, _, reader or lang)
    return [{"item": n, "key": key, **{f"title_{x}": i18n.gettext(title, x) for x in i18n.LANGS},
             "requirement": _requirement(n, req, sources), "applies": n not in not_applicable,
             "status": out[n][0], "detail": out[n][1]}
            for n, key, title, req in ITEMS]


def _swedish_gaps(out: dict, purposes: list, recipients: list, sources: list, not_applicable: set, _,
                  reader: str = "sv") -> None:
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
        """The rows by name in the reader's language (one not written there: the Finnish),
        as the other items' details name them: a DPO reads names, not the register's keys."""
        return ", ".join(_text(r.get(f"name_{reader}")) or _text(r.get("name_fi")) or _text(r.get("name"))
                         or _text(r.get("name_sv")) or str(r[key]) for r in rows)

    if purposes:
        lack = [p for p in purposes if not _text(p.get("name_sv"))]
        if lack:
            worse(3, "missing", _("Swedish name missing: ") + keys(lack))
        unconf = [p for p in purposes if not p.get("sv_confirmed")]
        for item in (3, 4, 5, 12):
            if unconf and out[item][0] == "present" and item not in not_applicable:
                worse(item, "unconfirmed", _("Swedish texts proposed, not confirmed: ") + keys(unconf))
        lack = [p for p in purposes if p.get("categories_without_sv")]
        if lack:
            worse(5, "missing", _("Swedish category names missing: ") + keys(lack))
    unconf = [r for r in recipients if not r.get("sv_confirmed")]
    if unconf:
        worse(6, "unconfirmed", _("Swedish role proposed, not confirmed: ") + keys(unconf, "id"))
        if any(r["outside_eea"] for r in unconf):
            worse(7, "unconfirmed", _("Swedish safeguard not confirmed"))
    unconf = [s_ for s_ in sources if not s_.get("sv_confirmed")]
    if unconf:
        worse(13, "unconfirmed", _("Swedish source texts proposed, not confirmed: ") + keys(unconf))


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


ITEM_STATUS = {"missing": NP_("notice item status", "missing"), "unconfirmed": NP_("notice item status", "not confirmed")}


def why(row: dict, lang: str = "fi") -> str:
    """One blocking item in words: "9. Rekisteröidyn oikeudet – vahvistamatta (...)"."""
    return (f"{row['item']}. {row.get(f'title_{lang}') or row['title_en']} – {i18n.gettext(ITEM_STATUS[row['status']], lang)}"
            + (f" ({row['detail']})" if row.get("detail") else ""))


def blocking_all(q: Query) -> list[tuple[str, dict]]:
    """(lang, item) for every blocking item in every language (publishing covers them all)."""
    return [(lang, r) for lang in LANGS for r in blocking(completeness(q, lang))]




def default_langs(q: Query) -> list[str]:
    """The languages published together by default: Finnish and English, and Swedish once a Swedish
    version exists (from then on a change must reach all three, or none; Art. 12(1))."""
    return list(BASE_LANGS) + [x for x in LANGS if x not in BASE_LANGS and q.one("notice_version_latest", {"lang": x})]


def blocking_lines(q: Query, langs=LANGS, ui_lang: str = "fi") -> list[str]:
    """The blocking items of `langs` as lines in the reader's language, one per item with
    the notice languages it blocks: "9. Rekisteröidyn oikeudet – vahvistamatta (suomi,
    englanti): Ehdotettu, vahvistamatta: rights"."""
    ui_lang = ui_lang if ui_lang in LANGS else "fi"
    own = {r["item"]: r for r in completeness(q, ui_lang)}
    per_item: dict[int, tuple[dict, list[str]]] = {}
    for lang in langs:
        for r in blocking(completeness(q, lang, ui_lang)):  # each notice's gaps, told in the reader's language
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
