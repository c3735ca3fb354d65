"""The words of a breach case: the notification to the Ombudsman (in the order of its e-form),
the notice to each controller (Art. 33(2)-(3)) and the letter to each person (Art. 34(2)).

Each text is a list of sections (heading, [(label, value)]) so that the plain text the DPO
copies into the e-form and the PDF say the same thing; `render` makes the plain text.
Sensitive details never enter these texts: they are marked to go separately by the Ministry
of Justice's secure message service (turvaviesti), and `secure_message` holds them.

Every word is a catalog message (kpcore.i18n): Finnish, Swedish (Finland-Swedish usage:
Dataombudsmannens byrå, personuppgiftsincident, den registrerade) or English.
"""
from __future__ import annotations

import datetime as dt

from .. import fmt, i18n
from ..i18n import N_, NP_
from . import risk as risk_mod
from .timing import hours_between

# Art. 34(3) exemptions and the notification's kinds (kpcore.breach.case records them).
ART34_GROUNDS = {
    "a": N_("34(3)(a): the data were protected (e.g. encrypted) and unintelligible to others"),
    "b": N_("34(3)(b): measures taken since ensure the high risk is no longer likely to materialise"),
    "c": N_("34(3)(c): telling each person would involve disproportionate effort; a public communication instead"),
}
NOTIFICATION_KINDS = {"preliminary": N_("Preliminary notification"),
                      "complete": NP_("notification kind", "Notification"),
                      "supplement": N_("Supplement")}

OMBUDSMAN = N_("Office of the Data Protection Ombudsman, P.O. Box 800, 00531 Helsinki, Finland, tietosuoja@om.fi")
SECURE_MARK = N_("SENSITIVE DETAILS ARE SENT SEPARATELY BY SECURE MESSAGE (Ministry of Justice secure message service), "
                 "referring to this notification.")

# Advice to the person by the type of breach (Art. 34(2), 33(3)(d)).
ADVICE = {
    "confidentiality": N_("Be wary of unexpected messages asking for credentials or payments, and change your password "
                          "if you used the same one elsewhere."),
    "integrity": N_("Check that your details are correct and tell us of any error."),
    "availability": N_("If you need your data, ask us; we restore them from backups."),
}


def _tr(lang: str):
    """The translator of `lang`: an English msgid (N_/NP_ entries keep their context) -> its text."""
    return lambda message: i18n.gettext(message, lang)


def when(value, lang: str = "fi") -> str:
    """1.12.2026 klo 14.05 / 1.12.2026 kl. 14.05 / 2026-12-01 14:05 (kpcore.fmt, Babel); a date alone
    1.12.2026 / 2026-12-01."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        return fmt.datetime(value, lang)
    return fmt.date(value, lang)


def _v(value, lang: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return i18n.pgettext("breach", "(not yet known)", lang)
    if isinstance(value, bool):
        return i18n.pgettext("breach", "yes", lang) if value else i18n.pgettext("breach", "no", lang)
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ") + i18n.pgettext("breach", " (approx.)", lang)
    return str(value)


def _types(case: dict, lang: str) -> str:
    items = [t for t in (case.get("breach_types") or "").split(",") if t]
    return "; ".join(i18n.gettext(risk_mod.BREACH_TYPES[t], lang) for t in items) or _v(None, lang)


def _dpo(controller: dict) -> str:
    return ", ".join(x for x in (controller.get("dpo_name"), controller.get("dpo_email"), controller.get("dpo_phone")) if x)


def notification_sections(case: dict, controller: dict, lang: str, version: dict) -> list[tuple[str, list]]:
    """The notification to the Ombudsman (Art. 33(3)), arranged as the e-form asks for it."""
    _ = _tr(lang)


    c = controller
    kind = _(NOTIFICATION_KINDS[version["kind"]])
    first = case["notifications"][0] if case.get("notifications") else None
    s1 = [(_("Type of notification"), kind),
          (_(NP_("breach notification", "Version")), str(version["version"])),
          (_(NP_("breach notification", "Dated")), when(version["sent_at"], lang))]
    if version.get("reference"):
        s1.append((_("The Ombudsman's record number"), version["reference"]))
    if first is not None and version["version"] > 1:
        s1.append((_("Supplements the notification of"), when(first["sent_at"], lang)
                   + (f" ({first['reference']})" if first.get("reference") else "")))
    if version.get("note"):
        s1.append((_("What this supplement adds or corrects"), version["note"]))
    s2 = [(_(NP_("breach notification", "Name")), c["name"]), (_(NP_("breach notification", "Business ID")), _v(c.get("business_id"), lang)),
          (_(NP_("breach notification", "Address")), f"{c['street']}, {c['postcode']} {c['city']}"),
          (_(NP_("breach notification", "Contact point")), case.get("contact_point") or _dpo(c)),
          (_(NP_("breach notification", "Data protection officer")), _dpo(c))]
    hours = hours_between(case["aware_at"], version["sent_at"]) if version.get("sent_at") else None
    s3 = [(_("The breach happened"), when(case.get("occurred_at"), lang)),
          (i18n.pgettext("Ombudsman e-form", "We became aware", lang), when(case["aware_at"], lang)),
          (_(NP_("breach notification", "How it happened and was found")), _v(case.get("how"), lang)),
          (_(NP_("breach notification", "Still ongoing")), _v(case.get("ongoing"), lang))]
    if hours is not None and hours > 72 and version["version"] == 1:
        s3.append((_("Reasons for the delay (over 72 h, Art. 33(1))"), _v(case.get("delay_reason"), lang)))
    s4 = [(_(NP_("breach notification", "Description")), case["description"]), (_(NP_("breach notification", "Type of breach")), _types(case, lang)),
          (_(NP_("breach notification", "Cause")), _v(case.get("cause"), lang)), (_(NP_("breach notification", "Timeline")), _v(case.get("timeline"), lang))]
    s5 = [(_(NP_("breach notification", "Categories of people")), _v(case.get("subject_categories"), lang)),
          (_(NP_("breach notification", "Number of people")), _v(case.get("approx_subjects"), lang)),
          (_(NP_("breach notification", "Categories of personal data")), _v(case.get("data_categories"), lang)),
          (_(NP_("breach notification", "Number of records")), _v(case.get("approx_records"), lang)),
          (_("Special categories (Art. 9)"), _("none – the register does not process them"))]
    a = case.get("assessment")
    level = _(risk_mod.LEVEL_TEXT[case["risk"]]) if case.get("risk") else _v(None, lang)
    s6 = [(_(NP_("breach notification", "Likely consequences")), _v(case.get("effects"), lang)),
          (_(NP_("breach notification", "Risk assessment")), level)]
    if a is not None:
        s6.append((_("Reasons for the assessment"), a["justification"]))
    s7 = [(_(NP_("breach notification", "Measures taken")), _v(case.get("remedial_action"), lang)),
          (_(NP_("breach notification", "Measures planned")), _v(case.get("measures_planned"), lang))]
    if case.get("subjects_informed_at"):
        told = _("yes, {date}").format(date=when(case["subjects_informed_at"], lang))
    elif case.get("art34_exemption"):
        told = _("no – {ground}").format(ground=_(ART34_GROUNDS[case["art34_exemption"]])) + \
            (f": {case['art34_reason']}" if case.get("art34_reason") else "")
    elif case.get("risk") == "high":
        told = _("they are being told without undue delay (Art. 34)")
    else:
        told = _("no – the risk is not high (Art. 34(1))")
    s8 = [(_("Have the people been told"), told)]
    if case.get("nis2"):
        nis2 = (i18n.pgettext("breach", "yes", lang)
                + (f", {when(case['nis2_early_warning_at'], lang)}" if case.get("nis2_early_warning_at") else ""))
    else:
        nis2 = _(NP_("breach notification", "not applicable"))
    s9 = [(_("Notification to NCSC-FI under the Cybersecurity Act"), nis2)]
    sections = [(_("1. Notification"), s1),
                (_("2. Controller"), s2),
                (_("3. Time and discovery"), s3),
                (_("4. What happened"), s4),
                (_("5. People and data concerned"), s5),
                (_("6. Consequences and risk"), s6),
                (_("7. Measures"), s7),
                (_("8. Telling the people (Art. 34)"), s8),
                (_("9. Other notifications"), s9)]
    if (case.get("sensitive_details") or "").strip():
        sections.append((_("10. Sensitive details"), [(_(NP_("breach notification", "Note")), _(SECURE_MARK))]))
    return sections


def render(title: str, sections: list[tuple[str, list]]) -> str:
    lines = [title, "=" * len(title), ""]
    for heading, pairs in sections:
        lines += [heading, "-" * len(heading)]
        for label, value in pairs:
            lines.append(f"{label}: {value}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def notification_title(lang: str) -> str:
    return i18n.gettext("Notification of a personal data breach", lang)


def notification_text(case: dict, controller: dict, lang: str, version: dict) -> str:
    """The plain text the DPO copies into the Ombudsman's e-form (tietosuoja.fi)."""
    head = i18n.gettext("To: {recipient}", lang).format(recipient=i18n.gettext(OMBUDSMAN, lang))
    return render(notification_title(lang) + f" – #{case['id']} v{version['version']}",
                  notification_sections(case, controller, lang, version)).replace("\n\n", f"\n{head}\n\n", 1)


def secure_message(case: dict, controller: dict, lang: str) -> str:
    """The sensitive details, for the secure message (subject: form, organisation, date)."""
    subject = i18n.gettext("Breach notification – {controller} – breach #{id}", lang).format(
        controller=controller["name"], id=case["id"])
    return f"{subject}\n\n{case.get('sensitive_details') or ''}\n"


def controller_title(case: dict, controller: dict, lang: str) -> str:
    return i18n.gettext("Personal data breach notice – {controller} – breach #{id}", lang).format(
        controller=controller["name"], id=case["id"])


def controller_sections(case: dict, row: dict, controller: dict, lang: str) -> list[tuple[str, list]]:
    """The notice to one controller (Art. 33(2)), with what Art. 33(3) needs."""
    _ = _tr(lang)


    limit = (_("within {hours} hours").format(hours=row["limit_hours"]) if row.get("limit_hours")
             else _(NP_("breach notification", "without undue delay")))
    lead = _("Under our data processing agreement ({agreement}) and Article 33(2) GDPR ({limit}) we notify you of a "
             "personal data breach concerning personal data we process on your behalf. With this you can assess "
             "your own duty to notify (Art. 33: 72 hours from when you were told). Please acknowledge this "
             "message.").format(agreement=row.get("agreement_ref") or row.get("system"), limit=limit)
    return [
        (_("Notice to the controller"),
         [(_(NP_("breach notification", "To")), ", ".join(x for x in (row["customer_name"], row.get("customer_dpo_email") or row.get("contact_email")) if x)),
          (_(NP_("breach notification", "System")), row.get("system") or "–"), ("", lead)]),
        (_("The breach"),
         [(_(NP_("breach notification", "We became aware")), when(case["aware_at"], lang)),
          (_(NP_("breach notification", "Happened")), when(case.get("occurred_at"), lang)),
          (_("Description (nature)"), case["description"]),
          (_("How and cause"), " ".join(x for x in (case.get("how"), case.get("cause")) if x) or _v(None, lang)),
          (_(NP_("breach notification", "Type of breach")), _types(case, lang))]),
        (_("People and data (Art. 33(3)(a))"),
         [(_(NP_("breach notification", "Categories of people")), _v(case.get("subject_categories"), lang)),
          (_(NP_("breach notification", "Number of people")), _v(case.get("approx_subjects"), lang)),
          (_(NP_("breach notification", "Categories of data")), _v(case.get("data_categories"), lang)),
          (_(NP_("breach notification", "Number of records")), _v(case.get("approx_records"), lang))]),
        (_("Consequences and measures (Art. 33(3)(c)-(d))"),
         [(_(NP_("breach notification", "Likely consequences")), _v(case.get("effects"), lang)),
          (_(NP_("breach notification", "Measures taken")), _v(case.get("remedial_action"), lang)),
          (_(NP_("breach notification", "Measures planned")), _v(case.get("measures_planned"), lang))]),
        (_("Contact point (Art. 33(3)(b))"),
         [(_(NP_("breach notification", "Data protection officer")), case.get("contact_point") or _dpo(controller))]),
    ]


def controller_text(case: dict, row: dict, controller: dict, lang: str) -> str:
    return render(controller_title(case, controller, lang), controller_sections(case, row, controller, lang))


def letter_sections(case: dict, person: dict, controller: dict, lang: str) -> list[tuple[str, list]]:
    """The letter to one person (Art. 34(2)): the nature of the breach in clear language and
    the items of Art. 33(3)(b)-(d): contact point, likely consequences, measures (with advice).
    In Finnish, English or Swedish (the person's language, issue 18)."""
    _ = _tr(lang)
    advice = [_(ADVICE[t]) for t in (case.get("breach_types") or "").split(",") if t in ADVICE]
    measures = [x for x in (case.get("remedial_action"), case.get("measures_planned")) if x] or [_v(None, lang)]
    return [
        ("", [("", _("Dear {name},").format(name=person.get("name") or _("recipient"))),
              ("", _("we are writing to tell you about a personal data breach that concerns your personal data. It "
                     "may put you at high risk, so we are telling you directly (Article 34 GDPR)."))]),
        (_("1. What happened"),
         [("", case["description"]), (i18n.pgettext("breach notification", "We became aware", lang),
                                      when(case["aware_at"], lang)),
          (_("Your data concerned"), _v(case.get("data_categories"), lang))]),
        (_("2. What this may mean for you"), [("", _v(case.get("effects"), lang))]),
        (_("3. What we have done and what you can do"),
         [("", m) for m in measures] + [("", a) for a in advice]),
        (_("4. Who to contact"),
         [(i18n.pgettext("breach notification", "Data protection officer", lang),
           case.get("contact_point") or _dpo(controller)),
          (_("Supervisory authority"), _(OMBUDSMAN))]),
    ]


def letter_title(lang: str) -> str:
    return i18n.gettext("A personal data breach concerning your data", lang)


def letter_text(case: dict, person: dict, controller: dict, lang: str) -> str:
    title = letter_title(lang)
    return render(f"{title} – {controller['name']}", letter_sections(case, person, controller, lang))
