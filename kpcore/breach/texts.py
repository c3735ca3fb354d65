"""The words of a breach case: the notification to the Ombudsman (in the order of its e-form),
the notice to each controller (Art. 33(2)-(3)) and the letter to each person (Art. 34(2)).

Each text is a list of sections (heading, [(label, value)]) so that the plain text the DPO
copies into the e-form and the PDF say the same thing; `render` makes the plain text.
Sensitive details never enter these texts: they are marked to go separately by the Ministry
of Justice's secure message service (turvaviesti), and `secure_message` holds them.
"""
from __future__ import annotations

import datetime as dt

from ..i18n import N_
from . import risk as risk_mod
from .timing import hours_between

# Art. 34(3) exemptions and the notification's kinds (kpcore.breach.case records them).
ART34_GROUNDS = {
    "a": ("34(3)(a): tiedot olivat suojattuja (esim. salattuja), joten ne eivät ole luettavissa",
          N_("34(3)(a): the data were protected (e.g. encrypted) and unintelligible to others")),
    "b": ("34(3)(b): jälkikäteen toteutetut toimet varmistavat, ettei korkea riski toteudu",
          N_("34(3)(b): measures taken since ensure the high risk is no longer likely to materialise")),
    "c": ("34(3)(c): yksilöllinen ilmoittaminen vaatisi kohtuutonta vaivaa; tilalle julkinen tiedote",
          N_("34(3)(c): telling each person would involve disproportionate effort; a public communication instead")),
}
NOTIFICATION_KINDS = {"preliminary": ("Alustava ilmoitus", N_("Preliminary notification")),
                      "complete": ("Ilmoitus", N_("Notification")),
                      "supplement": ("Täydennys", N_("Supplement"))}

OMBUDSMAN = ("Tietosuojavaltuutetun toimisto, PL 800, 00531 Helsinki, tietosuoja@om.fi",
             "Office of the Data Protection Ombudsman, P.O. Box 800, 00531 Helsinki, Finland, tietosuoja@om.fi")
SECURE_MARK = ("ARKALUONTEISET TIEDOT TOIMITETAAN ERIKSEEN TURVAVIESTILLÄ (oikeusministeriön turvaviestipalvelu); "
               "viesti viittaa tähän ilmoitukseen.",
               "SENSITIVE DETAILS ARE SENT SEPARATELY BY SECURE MESSAGE (Ministry of Justice secure message service), "
               "referring to this notification.")


def _t(lang: str, fi: str, en: str) -> str:
    return fi if lang == "fi" else en


def _sv(key: str) -> str:
    from ..swedish import BREACH_LETTER

    return BREACH_LETTER[key]


def when(value, lang: str = "fi") -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        if lang == "sv":  # Swedish as written in Finland
            return f"{value.day}.{value.month}.{value.year} kl. {value:%H.%M}"
        return f"{value.day}.{value.month}.{value.year} klo {value:%H.%M}" if lang == "fi" else f"{value:%Y-%m-%d %H:%M}"
    return f"{value.day}.{value.month}.{value.year}" if lang in ("fi", "sv") else value.isoformat()


def _v(value, lang: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return _sv("unknown") if lang == "sv" else _t(lang, "(ei vielä tiedossa)", "(not yet known)")
    if isinstance(value, bool):
        if lang == "sv":
            return _sv("yes") if value else _sv("no")
        return _t(lang, "kyllä", "yes") if value else _t(lang, "ei", "no")
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ") + (_sv("approx") if lang == "sv" else _t(lang, " (arvio)", " (approx.)"))
    return str(value)


def _types(case: dict, lang: str) -> str:
    items = [t for t in (case.get("breach_types") or "").split(",") if t]
    if lang == "sv":
        from ..swedish import BREACH_TYPES

        return "; ".join(BREACH_TYPES[t] for t in items) or _v(None, lang)
    return "; ".join(risk_mod.BREACH_TYPES[t][0 if lang == "fi" else 1] for t in items) or _v(None, lang)


def _dpo(controller: dict) -> str:
    return ", ".join(x for x in (controller.get("dpo_name"), controller.get("dpo_email"), controller.get("dpo_phone")) if x)


def notification_sections(case: dict, controller: dict, lang: str, version: dict) -> list[tuple[str, list]]:
    """The notification to the Ombudsman (Art. 33(3)), arranged as the e-form asks for it."""

    L = lambda fi, en: _t(lang, fi, en)  # noqa: E731
    c = controller
    kind = NOTIFICATION_KINDS[version["kind"]][0 if lang == "fi" else 1]
    first = case["notifications"][0] if case.get("notifications") else None
    s1 = [(L("Ilmoituksen laji", "Type of notification"), kind),
          (L("Versio", "Version"), str(version["version"])),
          (L("Päivätty", "Dated"), when(version["sent_at"], lang))]
    if version.get("reference"):
        s1.append((L("Tietosuojavaltuutetun diaarinumero", "The Ombudsman's record number"), version["reference"]))
    if first is not None and version["version"] > 1:
        s1.append((L("Täydentää ilmoitusta", "Supplements the notification of"), when(first["sent_at"], lang)
                   + (f" ({first['reference']})" if first.get("reference") else "")))
    if version.get("note"):
        s1.append((L("Mitä täydennys lisää tai korjaa", "What this supplement adds or corrects"), version["note"]))
    s2 = [(L("Nimi", "Name"), c["name"]), (L("Y-tunnus", "Business ID"), _v(c.get("business_id"), lang)),
          (L("Osoite", "Address"), f"{c['street']}, {c['postcode']} {c['city']}"),
          (L("Yhteyspiste", "Contact point"), case.get("contact_point") or _dpo(c)),
          (L("Tietosuojavastaava", "Data protection officer"), _dpo(c))]
    hours = hours_between(case["aware_at"], version["sent_at"]) if version.get("sent_at") else None
    s3 = [(L("Loukkaus tapahtui", "The breach happened"), when(case.get("occurred_at"), lang)),
          (L("Loukkaus tuli tietoon", "We became aware"), when(case["aware_at"], lang)),
          (L("Miten loukkaus tapahtui ja havaittiin", "How it happened and was found"), _v(case.get("how"), lang)),
          (L("Onko loukkaus yhä käynnissä", "Still ongoing"), _v(case.get("ongoing"), lang))]
    if hours is not None and hours > 72 and version["version"] == 1:
        s3.append((L("Viivästyksen syyt (yli 72 h, 33 art. 1 kohta)", "Reasons for the delay (over 72 h, Art. 33(1))"),
                   _v(case.get("delay_reason"), lang)))
    s4 = [(L("Kuvaus", "Description"), case["description"]), (L("Loukkauksen tyyppi", "Type of breach"), _types(case, lang)),
          (L("Syy", "Cause"), _v(case.get("cause"), lang)), (L("Aikajana", "Timeline"), _v(case.get("timeline"), lang))]
    s5 = [(L("Rekisteröityjen ryhmät", "Categories of people"), _v(case.get("subject_categories"), lang)),
          (L("Rekisteröityjen määrä", "Number of people"), _v(case.get("approx_subjects"), lang)),
          (L("Henkilötietoryhmät", "Categories of personal data"), _v(case.get("data_categories"), lang)),
          (L("Tietueiden määrä", "Number of records"), _v(case.get("approx_records"), lang)),
          (L("Erityiset henkilötietoryhmät (9 art.)", "Special categories (Art. 9)"),
           L("ei – rekisteri ei käsittele niitä", "none – the register does not process them"))]
    a = case.get("assessment")
    level = risk_mod.LEVEL_TEXT[case["risk"]][0 if lang == "fi" else 1] if case.get("risk") else _v(None, lang)
    s6 = [(L("Todennäköiset seuraukset", "Likely consequences"), _v(case.get("effects"), lang)),
          (L("Riskinarvio", "Risk assessment"), level)]
    if a is not None:
        s6.append((L("Arvion perustelu", "Reasons for the assessment"), a["justification"]))
    s7 = [(L("Toteutetut toimenpiteet", "Measures taken"), _v(case.get("remedial_action"), lang)),
          (L("Suunnitellut toimenpiteet", "Measures planned"), _v(case.get("measures_planned"), lang))]
    if case.get("subjects_informed_at"):
        told = L(f"kyllä, {when(case['subjects_informed_at'], lang)}", f"yes, {when(case['subjects_informed_at'], lang)}")
    elif case.get("art34_exemption"):
        told = L("ei – ", "no – ") + ART34_GROUNDS[case["art34_exemption"]][0 if lang == "fi" else 1] + \
            (f": {case['art34_reason']}" if case.get("art34_reason") else "")
    elif case.get("risk") == "high":
        told = L("ilmoitetaan viipymättä (34 art.)", "they are being told without undue delay (Art. 34)")
    else:
        told = L("ei – riski ei ole korkea (34 art. 1 kohta)", "no – the risk is not high (Art. 34(1))")
    s8 = [(L("Onko rekisteröidyille ilmoitettu", "Have the people been told"), told)]
    s9 = [(L("Kyberturvallisuuslain mukainen ilmoitus Kyberturvallisuuskeskukselle",
             "Notification to NCSC-FI under the Cybersecurity Act"),
           (L("kyllä", "yes") + (f", {when(case['nis2_early_warning_at'], lang)}" if case.get("nis2_early_warning_at") else ""))
           if case.get("nis2") else L("ei sovellu", "not applicable"))]
    sections = [(L("1. Ilmoitus", "1. Notification"), s1),
                (L("2. Rekisterinpitäjä", "2. Controller"), s2),
                (L("3. Ajankohta ja havaitseminen", "3. Time and discovery"), s3),
                (L("4. Mitä tapahtui", "4. What happened"), s4),
                (L("5. Henkilöt ja tiedot", "5. People and data concerned"), s5),
                (L("6. Seuraukset ja riski", "6. Consequences and risk"), s6),
                (L("7. Toimenpiteet", "7. Measures"), s7),
                (L("8. Ilmoittaminen rekisteröidyille (34 art.)", "8. Telling the people (Art. 34)"), s8),
                (L("9. Muut ilmoitukset", "9. Other notifications"), s9)]
    if (case.get("sensitive_details") or "").strip():
        sections.append((L("10. Arkaluonteiset tiedot", "10. Sensitive details"),
                         [(L("Huom.", "Note"), SECURE_MARK[0 if lang == "fi" else 1])]))
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
    return _t(lang, "Ilmoitus henkilötietojen tietoturvaloukkauksesta", "Notification of a personal data breach")


def notification_text(case: dict, controller: dict, lang: str, version: dict) -> str:
    """The plain text the DPO copies into the Ombudsman's e-form (tietosuoja.fi)."""
    head = _t(lang, f"Vastaanottaja: {OMBUDSMAN[0]}", f"To: {OMBUDSMAN[1]}")
    return render(notification_title(lang) + f" – #{case['id']} v{version['version']}",
                  notification_sections(case, controller, lang, version)).replace("\n\n", f"\n{head}\n\n", 1)


def secure_message(case: dict, controller: dict, lang: str) -> str:
    """The sensitive details, for the secure message (subject: form, organisation, date)."""
    subject = _t(lang, f"Ilmoitus tietoturvaloukkauksesta – {controller['name']} – loukkaus #{case['id']}",
                 f"Breach notification – {controller['name']} – breach #{case['id']}")
    return f"{subject}\n\n{case.get('sensitive_details') or ''}\n"


def controller_sections(case: dict, row: dict, controller: dict, lang: str) -> list[tuple[str, list]]:
    """The notice to one controller (Art. 33(2)), with what Art. 33(3) needs."""
    L = lambda fi, en: _t(lang, fi, en)  # noqa: E731
    limit = (L(f"{row['limit_hours']} tunnin kuluessa", f"within {row['limit_hours']} hours") if row.get("limit_hours")
             else L("ilman aiheetonta viivytystä", "without undue delay"))
    lead = L(f"Ilmoitamme henkilötietojen käsittelysopimuksen ({row.get('agreement_ref') or row.get('system')}) ja "
             f"tietosuoja-asetuksen 33 artiklan 2 kohdan mukaisesti ({limit}) tietoturvaloukkauksesta, joka koskee "
             "käsittelemiämme teidän henkilötietojanne. Tämän perusteella voitte arvioida oman "
             "ilmoitusvelvollisuutenne (33 art., 72 tuntia siitä, kun saitte tiedon). Pyydämme kuittaamaan viestin.",
             f"Under our data processing agreement ({row.get('agreement_ref') or row.get('system')}) and Article 33(2) "
             f"GDPR ({limit}) we notify you of a personal data breach concerning personal data we process on your "
             "behalf. With this you can assess your own duty to notify (Art. 33: 72 hours from when you were told). "
             "Please acknowledge this message.")
    return [
        (L("Ilmoitus rekisterinpitäjälle", "Notice to the controller"),
         [(L("Vastaanottaja", "To"), ", ".join(x for x in (row["customer_name"], row.get("customer_dpo_email") or row.get("contact_email")) if x)),
          (L("Järjestelmä", "System"), row.get("system") or "–"), ("", lead)]),
        (L("Loukkaus", "The breach"),
         [(L("Tuli tietoomme", "We became aware"), when(case["aware_at"], lang)),
          (L("Tapahtui", "Happened"), when(case.get("occurred_at"), lang)),
          (L("Kuvaus (luonne)", "Description (nature)"), case["description"]),
          (L("Miten ja syy", "How and cause"), " ".join(x for x in (case.get("how"), case.get("cause")) if x) or _v(None, lang)),
          (L("Loukkauksen tyyppi", "Type of breach"), _types(case, lang))]),
        (L("Henkilöt ja tiedot (33 art. 3 a)", "People and data (Art. 33(3)(a))"),
         [(L("Rekisteröityjen ryhmät", "Categories of people"), _v(case.get("subject_categories"), lang)),
          (L("Rekisteröityjen määrä", "Number of people"), _v(case.get("approx_subjects"), lang)),
          (L("Henkilötietoryhmät", "Categories of data"), _v(case.get("data_categories"), lang)),
          (L("Tietueiden määrä", "Number of records"), _v(case.get("approx_records"), lang))]),
        (L("Seuraukset ja toimenpiteet (33 art. 3 c–d)", "Consequences and measures (Art. 33(3)(c)-(d))"),
         [(L("Todennäköiset seuraukset", "Likely consequences"), _v(case.get("effects"), lang)),
          (L("Toteutetut toimenpiteet", "Measures taken"), _v(case.get("remedial_action"), lang)),
          (L("Suunnitellut toimenpiteet", "Measures planned"), _v(case.get("measures_planned"), lang))]),
        (L("Yhteyspiste (33 art. 3 b)", "Contact point (Art. 33(3)(b))"),
         [(L("Tietosuojavastaava", "Data protection officer"), case.get("contact_point") or _dpo(controller))]),
    ]


def controller_text(case: dict, row: dict, controller: dict, lang: str) -> str:
    title = _t(lang, f"Ilmoitus tietoturvaloukkauksesta – {controller['name']} – loukkaus #{case['id']}",
               f"Personal data breach notice – {controller['name']} – breach #{case['id']}")
    return render(title, controller_sections(case, row, controller, lang))


ADVICE = {
    "confidentiality": ("Suhtaudu varauksella odottamattomiin viesteihin, joissa pyydetään tunnuksia tai maksuja, "
                        "ja vaihda salasana, jos olet käyttänyt samaa muualla.",
                        "Be wary of unexpected messages asking for credentials or payments, and change your password "
                        "if you used the same one elsewhere."),
    "integrity": ("Tarkista, että tietosi ovat oikein, ja ilmoita meille virheistä.",
                  "Check that your details are correct and tell us of any error."),
    "availability": ("Jos tarvitset tietojasi, pyydä ne meiltä; palautamme ne varmuuskopioista.",
                     "If you need your data, ask us; we restore them from backups."),
}


def letter_sections(case: dict, person: dict, controller: dict, lang: str) -> list[tuple[str, list]]:
    """The letter to one person (Art. 34(2)): the nature of the breach in clear language and
    the items of Art. 33(3)(b)-(d): contact point, likely consequences, measures (with advice).
    In Finnish, English or Swedish (the person's language, issue 18)."""
    if lang == "sv":
        return _letter_sections_sv(case, person, controller)
    L = lambda fi, en: _t(lang, fi, en)  # noqa: E731
    advice = [ADVICE[t][0 if lang == "fi" else 1] for t in (case.get("breach_types") or "").split(",") if t in ADVICE]
    measures = [x for x in (case.get("remedial_action"), case.get("measures_planned")) if x] or [_v(None, lang)]
    return [
        ("", [("", L(f"Hyvä {person.get('name') or 'vastaanottaja'},", f"Dear {person.get('name') or 'recipient'},")),
              ("", L("kerromme tietoturvaloukkauksesta, joka koskee sinun henkilötietojasi. Loukkaus voi aiheuttaa "
                     "sinulle korkean riskin, ja siksi kerromme siitä sinulle suoraan (tietosuoja-asetuksen 34 artikla).",
                     "we are writing to tell you about a personal data breach that concerns your personal data. It may "
                     "put you at high risk, so we are telling you directly (Article 34 GDPR)."))]),
        (L("1. Mitä tapahtui", "1. What happened"),
         [("", case["description"]), (L("Tuli tietoomme", "We became aware"), when(case["aware_at"], lang)),
          (L("Sinua koskevat tiedot", "Your data concerned"), _v(case.get("data_categories"), lang))]),
        (L("2. Mitä siitä voi seurata", "2. What this may mean for you"), [("", _v(case.get("effects"), lang))]),
        (L("3. Mitä olemme tehneet ja mitä voit tehdä", "3. What we have done and what you can do"),
         [("", m) for m in measures] + [("", a) for a in advice]),
        (L("4. Keneen voit ottaa yhteyttä", "4. Who to contact"),
         [(L("Tietosuojavastaava", "Data protection officer"), case.get("contact_point") or _dpo(controller)),
          (L("Valvontaviranomainen", "Supervisory authority"), OMBUDSMAN[0 if lang == "fi" else 1])]),
    ]


def _letter_sections_sv(case: dict, person: dict, controller: dict) -> list[tuple[str, list]]:
    from ..swedish import ADVICE as ADVICE_SV
    from ..swedish import OMBUDSMAN as OMBUDSMAN_SV

    advice = [ADVICE_SV[t] for t in (case.get("breach_types") or "").split(",") if t in ADVICE_SV]
    measures = [x for x in (case.get("remedial_action"), case.get("measures_planned")) if x] or [_v(None, "sv")]
    return [
        ("", [("", _sv("dear").format(name=person.get("name") or _sv("dear_nobody"))), ("", _sv("lead"))]),
        (_sv("s1"), [("", case["description"]), (_sv("aware"), when(case["aware_at"], "sv")),
                     (_sv("data"), _v(case.get("data_categories"), "sv"))]),
        (_sv("s2"), [("", _v(case.get("effects"), "sv"))]),
        (_sv("s3"), [("", m) for m in measures] + [("", a) for a in advice]),
        (_sv("s4"), [(_sv("dpo"), case.get("contact_point") or _dpo(controller)), (_sv("authority"), OMBUDSMAN_SV)]),
    ]


def letter_title(lang: str) -> str:
    if lang == "sv":
        return _sv("title")
    return _t(lang, "Tietoturvaloukkaus, joka koskee henkilötietojasi", "A personal data breach concerning your data")


def letter_text(case: dict, person: dict, controller: dict, lang: str) -> str:
    title = letter_title(lang)
    return render(f"{title} – {controller['name']}", letter_sections(case, person, controller, lang))
