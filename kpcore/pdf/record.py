"""The Art. 30(1) record of processing activities as a PDF (data from kpcore.record)."""
from __future__ import annotations

from . import common as c


def record_pdf(data: dict) -> bytes:
    """data: what kpcore.record builds, with its column labels in data["columns"] (this builder
    imports nothing from the rule modules)."""
    lang = data["lang"]
    t = (lambda fi, en: en if lang == "en" else fi)  # noqa: E731
    labels = {k: (en if lang == "en" else fi) for k, fi, en in data["columns"]}
    title = t("Seloste käsittelytoimista", "Record of processing activities")
    story = [
        c.markup(c.esc(title), "title"),
        c.para(t(f"Tietosuoja-asetuksen 30 artiklan 1 kohta – rekisterinpitäjän seloste · {data['generated_on']:%d.%m.%Y}",
                 f"Article 30(1) GDPR – the controller's record · {data['generated_on']:%Y-%m-%d}"), "subtitle"),
        c.markup(c.esc(t("Rekisterinpitäjä ja tietosuojavastaava", "Controller and data protection officer")), "h1"),
        c.key_values([(labels["controller"], data["controller"]), (labels["dpo"], data["dpo"])]),
        c.markup(c.esc(t("Käsittelytoimet", "Processing activities")), "h1"),
    ]
    for i, r in enumerate(data["rows"], 1):
        pairs = [(labels[k], r[k]) for k in ("group", "legal_basis", "legitimate_interest", "subjects", "categories",
                                             "recipients", "transfers", "retention", "confirmed") if r[k] not in ("", None)]
        pairs.append((labels["people"], r["people"]))
        story.append(c.KeepTogether([c.markup(f"{i}. {c.esc(r['purpose'])}", "h2"), c.key_values(pairs)]))
    story += [
        c.markup(c.esc(t("Yleiskuvaus turvallisuustoimista (32 art.)", "General description of security measures (Art. 32)")), "h1"),
        c.para(data["security"]),
    ]
    if not data["security_confirmed"]:
        story.append(c.para(t("Kuvaus on ehdotus, jota tietosuojavastaava ei ole vielä vahvistanut.",
                              "The description is a proposal the DPO has not yet confirmed."), "small"))
    footer = f"{data['controller_row']['name']} · {title} · " + t("Art. 30(1)", "Art. 30(1)")
    return c.build(story, title=title, footer=footer, lang=lang)
