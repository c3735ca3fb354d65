"""What a breach case prints: the notification (plain text for the e-form, PDF), the notices to
controllers and the Art. 34 letters, as text or PDF (kpcore.pdf.breach lays them out).

A version already sent is printed from its frozen text, so the PDF says exactly what went to
the Ombudsman; a draft (the next version) is built from the case as it stands.
"""
from __future__ import annotations

import datetime as dt

from .. import i18n
from ..db import Query
from ..errors import NotFound
from ..i18n import N_
from . import texts
from .case import get_case


SECURE_NOTE = N_("This document holds no sensitive details: they go separately by the Ministry of Justice's secure "
                 "message, referring to this notification.")


def _footer(controller: dict, case: dict, lang: str) -> str:
    return i18n.gettext("{controller} · breach #{id}", lang).format(controller=controller["name"], id=case["id"])


def parse_text(text: str) -> tuple[str, list]:
    """texts.render output back into (title, sections) for the PDF of a frozen version."""
    lines = text.splitlines()
    title = lines[0] if lines else ""
    sections, current, i = [], None, 2
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line and nxt and set(nxt) == {"-"} and len(nxt) == len(line):
            current = (line, [])
            sections.append(current)
            i += 2
            continue
        if line.strip():
            label, sep, value = line.partition(": ")
            if current is None:
                current = ("", [])
                sections.append(current)
            current[1].append((label, value) if sep else ("", line))
        i += 1
    return title, sections


def notification(q: Query, breach_id: int, *, lang: str = "fi", version: int | None = None, fmt: str = "text",
                 now: dt.datetime | None = None) -> str | bytes:
    """A sent version (frozen text) or, with version None, the draft of the next one."""
    from ..pdf import breach as pdf

    now = now or dt.datetime.now()
    case = get_case(q, breach_id, now)
    controller = q.one("controller")
    if version is not None:
        sent = next((n for n in case["notifications"] if n["version"] == version), None)
        if sent is None:
            raise NotFound(N_("No notification version {version} of breach #{id}."), version=version, id=breach_id)
        # as sent; a version frozen before Swedish was kept is printed in its Finnish (as sent)
        text = sent.get(f"content_{lang}") or sent["content_fi"]
        frozen_in = lang if sent.get(f"content_{lang}") else "fi"
    else:
        n = len(case["notifications"])
        info = {"version": n + 1, "kind": "supplement" if n else "preliminary",
                "sent_at": now.replace(second=0, microsecond=0), "note": None}
        text = texts.notification_text(case, controller, lang, info)
    if fmt == "text":
        return text
    title, sections = parse_text(text)
    draft = version is None
    if draft:
        sub = i18n.gettext("DRAFT – not yet sent", lang)
    elif frozen_in != lang:
        sub = i18n.gettext("Version as sent (its text was kept in Finnish only)", lang)
    else:
        sub = i18n.gettext("Version as sent", lang)
    return pdf.documents([(title, sub, sections)], lang=lang, footer=_footer(controller, case, lang),
                         title=title, secure_marked=bool((case.get("sensitive_details") or "").strip()),
                         secure_note=i18n.gettext(SECURE_NOTE, lang))


def notification_text(q: Query, breach_id: int, lang: str = "fi", version: int | None = None) -> str:
    """`notification` as plain text, arguments by position (for cached dashboard reads)."""
    return notification(q, breach_id, lang=lang, version=version)


def notification_pdf(q: Query, breach_id: int, lang: str = "fi", version: int | None = None) -> bytes:
    return notification(q, breach_id, lang=lang, version=version, fmt="pdf")


def secure_message(q: Query, breach_id: int, lang: str = "fi") -> str:
    case = get_case(q, breach_id)
    return texts.secure_message(case, q.one("controller"), lang)


def controller_notices(q: Query, breach_id: int, *, lang: str = "fi", now: dt.datetime | None = None) -> list[dict]:
    """One notice per affected engagement: {'engagement_id', 'customer_name', 'text', 'sections', 'title'}."""
    case = get_case(q, breach_id, now)
    controller = q.one("controller")
    out = []
    for row in case["controllers"]:
        title = texts.controller_title(case, controller, lang)
        out.append({"engagement_id": row["engagement_id"], "customer_name": row["customer_name"], "title": title,
                    "sections": texts.controller_sections(case, row, controller, lang),
                    "text": texts.controller_text(case, row, controller, lang)})
    return out


def controller_notice_pdf(q: Query, breach_id: int, engagement_id: int | None = None, lang: str = "fi") -> bytes:
    from ..pdf import breach as pdf

    case = get_case(q, breach_id)
    notices = [n for n in controller_notices(q, breach_id, lang=lang) if engagement_id in (None, n["engagement_id"])]
    if not notices:
        raise NotFound(N_("Breach #{id} lists no such engagement."), id=breach_id)
    return pdf.documents([(n["title"], None, n["sections"]) for n in notices], lang=lang,
                         footer=_footer(q.one("controller"), case, lang), title=notices[0]["title"])


def letters(q: Query, breach_id: int, contact_ids: list[int] | None = None) -> list[dict]:
    """One Art. 34 letter per person listed, each in that person's language."""
    case = get_case(q, breach_id)
    controller = q.one("controller")
    out = []
    for p in case["people"]:
        if contact_ids and p["contact_id"] not in contact_ids:
            continue
        lang = p["lang"] if p["lang"] in ("fi", "en", "sv") else "fi"
        title = texts.letter_title(lang)
        out.append({"contact_id": p["contact_id"], "lang": lang, "told_at": p["told_at"], "title": title,
                    "to": ", ".join(x for x in (p.get("name"), p.get("email")) if x),
                    "sections": texts.letter_sections(case, p, controller, lang),
                    "text": texts.letter_text(case, p, controller, lang)})
    return out


def letter_pdf(q: Query, breach_id: int, contact_ids: list[int] | None = None) -> bytes:
    """The letters as one PDF, one person per page (each in their language)."""
    from ..pdf import breach as pdf

    items = letters(q, breach_id, contact_ids)
    if not items:
        raise NotFound(N_("Breach #{id} lists nobody to write to (kp breach tell-people ID --contacts ...)."), id=breach_id)
    case = get_case(q, breach_id)
    controller = q.one("controller")
    lang = items[0]["lang"]
    docs = [(i["title"], f"{controller['name']} → {i['to']}", i["sections"]) for i in items]
    return pdf.documents(docs, lang=lang, footer=_footer(controller, case, lang), title=items[0]["title"])
