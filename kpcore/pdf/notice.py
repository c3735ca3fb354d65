"""The privacy notice as an A4 PDF: a pure function of kpcore.notice.Notice -> bytes.

It takes the composed document and imports nothing from the rule modules (kpcore.notice
imports this builder, never the other way round).

Styles and fonts come from kpcore.pdf.common (embedded DejaVu); every piece of register
text is escaped before it reaches a Paragraph.
"""
from __future__ import annotations

from .common import KeepTogether, Spacer, bullets, build, esc, markup, mm, para


def build_notice(n) -> bytes:
    footer = f"{n.controller} · {n.document_name} · {n.version_line}"
    return build(_story(n), title=f"{n.title} – {n.controller}", footer=footer, lang=n.lang,
                 mark=n.draft_mark or None)


def _story(n) -> list:
    story = [para(n.title, "title"), para(n.version_line, "subtitle")]
    for s in n.sections:
        head = [para(s.title, "h1")]
        blocks = list(s.blocks)
        body = []
        for b in blocks:
            if b.kind == "p":
                body.append(para(b.text))
            elif b.kind == "h":
                body.append(para(b.text, "h2"))
            elif b.kind == "list":
                body.append(bullets(b.items))
                body.append(Spacer(1, 2 * mm))
            elif b.kind == "lines":
                body.append(markup("<br/>".join(f"<b>{esc(k)}:</b> {esc(v)}" for k, v in b.items)))
        # A heading never ends a page alone: keep it with what follows it.
        if body:
            story.append(KeepTogether(head + body[:1]))
            story += body[1:]
        else:
            story += head
    return story
