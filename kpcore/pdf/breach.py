"""PDFs of a breach case: the notification to the Ombudsman, the notices to controllers and the
letters to people (Art. 33, 34). Pure functions of already-worded sections (kpcore.breach.texts
builds them in the document's language; this module imports no rule and holds no words): a document is (title, subtitle, sections), a section
is (heading, [(label, value)]); every value is register text and escaped.
"""
from __future__ import annotations

from reportlab.platypus import PageBreak

from . import common
from .common import Spacer, key_values, mm, para

def _sections(sections: list) -> list:
    """Labelled rows as label/value tables; a row without a label is a paragraph, kept in its place."""
    story = []
    for heading, pairs in sections:
        if heading:
            story.append(para(heading, "h1"))
        run: list = []
        for k, v in pairs:
            if k:
                run.append((k, v))
                continue
            if run:
                story.append(key_values(run))
                run = []
            story.append(para(v))
        if run:
            story.append(key_values(run))
    return story


def documents(docs: list[tuple[str, str, list]], *, lang: str = "fi", footer: str, title: str,
              secure_marked: bool = False, secure_note: str = "") -> bytes:
    """One or more documents, each from a new page (e.g. one letter per person). `secure_note`: the
    words, in the document's language, saying that the sensitive details go separately."""
    story = []
    for i, (doc_title, subtitle, sections) in enumerate(docs):
        if i:
            story.append(PageBreak())
        story += [para(doc_title, "title")]
        if subtitle:
            story.append(para(subtitle, "subtitle"))
        story += _sections(sections)
        if secure_marked:
            story += [Spacer(1, 4 * mm), para(secure_note, "small")]
    return common.build(story, title=title, footer=footer, lang=lang)
