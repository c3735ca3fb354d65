"""The Art. 30(1) record of processing activities as a PDF (data from kpcore.record).

A pure function of the record's data and its language: the words are catalog messages
(kpcore.i18n, Finnish, Swedish or English); it imports no rule module."""
from __future__ import annotations

from .. import fmt, i18n
from . import common as c


def record_pdf(data: dict) -> bytes:
    """data: what kpcore.record builds, with its column labels in data["columns"] ((key, label)
    in the record's language; this builder imports nothing from the rule modules)."""
    lang = data["lang"]

    def _(message: str) -> str:
        return i18n.gettext(message, lang)

    labels = dict(data["columns"])
    title = _("Record of processing activities")
    story = [
        c.markup(c.esc(title), "title"),
        c.para(_("Article 30(1) GDPR – the controller's record · {date}").format(
            date=f"{data['generated_on']:%d.%m.%Y}" if lang != "en" else fmt.date(data["generated_on"], lang)),
            "subtitle"),
        c.markup(c.esc(_("Controller and data protection officer")), "h1"),
        c.key_values([(labels["controller"], data["controller"]), (labels["dpo"], data["dpo"])]),
        c.markup(c.esc(_("Processing activities")), "h1"),
    ]
    for i, r in enumerate(data["rows"], 1):
        pairs = [(labels[k], r[k]) for k in ("group", "legal_basis", "legitimate_interest", "subjects", "categories",
                                             "recipients", "transfers", "retention", "confirmed") if r[k] not in ("", None)]
        pairs.append((labels["people"], r["people"]))
        story.append(c.KeepTogether([c.markup(f"{i}. {c.esc(r['purpose'])}", "h2"), c.key_values(pairs)]))
    story += [
        c.markup(c.esc(_("General description of security measures (Art. 32)")), "h1"),
        c.para(data["security"]),
    ]
    if not data["security_confirmed"]:
        story.append(c.para(_("The description is a proposal the DPO has not yet confirmed."), "small"))
    footer = f"{data['controller_row']['name']} · {title} · " + _("Art. 30(1)")
    return c.build(story, title=title, footer=footer, lang=lang)
