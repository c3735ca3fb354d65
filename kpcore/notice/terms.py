"""The notice's fixed terms: its languages, the 15 items of Art. 13/14 (LEGAL.md), the statements
behind each item, the section labels, and which legal bases carry portability and objection.

Imports nothing from kpcore but its translator (kpcore.i18n): the PDF builders and every rule module
can read it.
"""
from __future__ import annotations

import datetime as dt

from .. import i18n
from ..errors import KpError
from ..i18n import NP_

LANGS = ("fi", "en", "sv")
# Published by default (kp notice publish, the dashboard's button): Finnish and English, and Swedish
# once a Swedish version has been published (default_langs). Until then the Swedish notice is published
# on its own (--lang sv), so its proposed, unconfirmed Swedish facts hold back only the Swedish notice.
BASE_LANGS = ("fi", "en")

# EU member states and the three EEA states (ISO 3166-1 alpha-2): a recipient elsewhere
# is a transfer under Chapter V and needs a safeguard (Art. 13(1)(f), 44-49).
EEA = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split())

# The 15 items of Art. 13/14 (LEGAL.md): number, key, title (a catalog message), M/C.
# Items 5, 12 and 13 depend on where the data comes from; see _requirement().
ITEMS = [
    (1, "controller", NP_("notice item", "Controller and contact details"), "M"),
    (2, "dpo", NP_("notice item", "DPO contact details"), "C"),
    (3, "purposes_basis", NP_("notice item", "Purposes and the legal basis of each"), "M"),
    (4, "legitimate_interest", NP_("notice item", "Legitimate interest pursued"), "C"),
    (5, "categories", NP_("notice item", "Categories of personal data"), "M"),
    (6, "recipients", NP_("notice item", "Recipients or categories of recipients"), "M"),
    (7, "transfers", NP_("notice item", "Transfers outside the EU/EEA"), "C"),
    (8, "retention", NP_("notice item", "Retention period"), "M"),
    (9, "rights", NP_("notice item", "Rights of the data subject"), "M"),
    (10, "consent_withdrawal", NP_("notice item", "Withdrawing consent"), "C"),
    (11, "complaint", NP_("notice item", "Right to lodge a complaint"), "M"),
    (12, "provision", NP_("notice item", "Whether providing the data is required"), "M"),
    (13, "sources", NP_("notice item", "Source of the data"), "M"),
    (14, "automated_decisions", NP_("notice item", "Automated decision-making and profiling"), "C"),
    (15, "direct_marketing", NP_("notice item", "Right to object to direct marketing"), "C"),
]
ITEM_KEYS = {n: key for n, key, *_ in ITEMS}

# Statements (table statement) the notice prints, in the order it prints them.
NOTICE_STATEMENTS = ("title", "business_description", "concerns", "sources_lead", "processor_role",
                     "processor_categories_lead", "processor_credentials", "special_categories", "recipients_lead",
                     "recipients_none", "transfers_none", "rights", "consent_withdrawal",
                     "direct_marketing_objection", "complaint", "court_remedy", "automated_decisions")

# Each statement's name for people (the completeness check, the editor): never its key on a screen.
STATEMENT_TEXT = {
    "title": NP_("notice statement", "Title of the notice"),
    "business_description": NP_("notice statement", "Description of the business"),
    "concerns": NP_("notice statement", "Whom the notice concerns"),
    "sources_lead": NP_("notice statement", "Opening sentence on the sources"),
    "processor_role": NP_("notice statement", "Acting as a processor"),
    "processor_categories_lead": NP_("notice statement", "Data in customers' systems, opening sentence"),
    "processor_credentials": NP_("notice statement", "Credentials to customers' systems"),
    "special_categories": NP_("notice statement", "Special categories of personal data"),
    "recipients_lead": NP_("notice statement", "Introduction to the recipients"),
    "recipients_none": NP_("notice statement", "No disclosures"),
    "transfers_none": NP_("notice statement", "No transfers outside the EU/EEA"),
    "rights": NP_("notice statement", "Rights of the data subject"),
    "consent_withdrawal": NP_("notice statement", "Withdrawing consent"),
    "direct_marketing_objection": NP_("notice statement", "Objecting to direct marketing"),
    "complaint": NP_("notice statement", "Complaint to the supervisory authority"),
    "court_remedy": NP_("notice statement", "Remedy before a court"),
    "automated_decisions": NP_("notice statement", "Automated decision-making and profiling"),
}


def statement_text(key: str, lang: str = "fi") -> str:
    """A statement's name in `lang` ('consent_withdrawal' -> 'Suostumuksen peruuttaminen')."""
    return i18n.gettext(STATEMENT_TEXT[key], lang) if key in STATEMENT_TEXT else key.replace("_", " ")


# Statements behind each item: confirming the item confirms them.
ITEM_STATEMENTS = {6: ("recipients_lead", "recipients_none"), 7: ("transfers_none",), 9: ("rights",),
                   10: ("consent_withdrawal",), 11: ("complaint", "court_remedy"), 13: ("sources_lead",),
                   14: ("automated_decisions",), 15: ("direct_marketing_objection",)}

# The notice's own headings and phrases (catalog messages in the context "notice"); LABELS[lang]
# gives them in one language, as the composer and the renderers read them.
NOTICE_LABELS = {
    "business": NP_("notice", "About the company"),
    "concerns": NP_("notice", "Who this privacy notice concerns"),
    "sources": NP_("notice", "Where the personal data comes from"),
    "purposes": NP_("notice", "Purposes of processing and the personal data processed"),
    "processor_role": NP_("notice", "Acting as a processor of personal data"),
    "special": NP_("notice", "Sensitive personal data"),
    "recipients": NP_("notice", "Recipients of the data"),
    "transfers": NP_("notice", "Transfers outside the EU/EEA"),
    "rights": NP_("notice", "Your rights"),
    "consent": NP_("notice", "Withdrawing consent"),
    "direct_marketing": NP_("notice", "Objecting to direct marketing"),
    "complaint": NP_("notice", "Right to lodge a complaint with the supervisory authority"),
    "automated": NP_("notice", "Automated decision-making and profiling"),
    "controller": NP_("notice", "Controller and contact details"),
    "dpo": NP_("notice", "Data protection officer's contact details"),
    "basis": NP_("notice", "Legal basis"),
    "interest": NP_("notice", "Legitimate interest"),
    "retention": NP_("notice", "Retention period"),
    "provision": NP_("notice", "Providing the data"),
    "or": NP_("notice", "or"),
    "transfers_lead": NP_("notice", "Personal data is transferred outside the EU/EEA to the following recipients:"),
    "safeguard": NP_("notice", "safeguard"),
    "applies_to": NP_("notice", "Applies to the purposes"),
    "purposes_of": NP_("notice", "purposes"),
    "c_name": NP_("notice", "Controller"),
    "c_address": NP_("notice", "Address"),
    "c_email": NP_("notice", "Email"),
    "c_phone": NP_("notice", "Phone"),
    "c_business_id": NP_("notice", "Business ID"),
    "dpo_name": NP_("notice", "Data protection officer"),
    "dpo_email": NP_("notice", "Contact details of the controller's data protection officer"),
    "dpo_phone": NP_("notice", "Data protection officer's phone"),
    "version": NP_("notice", "Version {version}, dated {date}"),
    "draft": NP_("notice", "Draft – unpublished version {version}, {date}"),
    "draft_mark": NP_("notice", "DRAFT – not published"),
    "processors": NP_("notice", "Processors"),
    "other_recipients": NP_("notice", "Other recipients"),
    "objection": NP_("notice", "Right to object"),
    "objection_body": NP_("notice", (
        "Where we process your data on the basis of our legitimate interests (Article 6(1)(f) "
        "GDPR), you have the right to object at any time, on grounds relating to your particular "
        "situation, to the processing of your data (Article 21(1)). We will then no longer "
        "process your data unless we demonstrate compelling legitimate grounds for the processing "
        "which override your interests, rights and freedoms, or the processing is needed for the "
        "establishment, exercise or defence of legal claims. Tell the data protection officer if "
        "you object.")),
    "portability": NP_("notice", (
        "The right to data portability (Art. 20) covers data you have provided yourself whose "
        "processing is based on your consent or on a contract and is carried out by automated "
        "means.")),
    "portability_applies": NP_("notice", "Portability applies to the purposes"),
    "portability_none": NP_("notice", "None of the purposes in this notice is based on consent or a contract."),
    "notice": NP_("notice", "Privacy notice"),
}


class _Labels:
    """LABELS[lang][key]: a notice label in `lang` (read from the catalogs when asked)."""

    def __getitem__(self, lang: str) -> dict[str, str]:
        return {k: i18n.gettext(m, lang) for k, m in NOTICE_LABELS.items()}

    def __iter__(self):
        return iter(LANGS)


LABELS = _Labels()

# Art. 20(1)(a): portability covers processing based on consent (6(1)(a), 9(2)(a)) or a contract
# (6(1)(b)). Art. 21(1): the right to object covers processing based on 6(1)(e) or (f).
PORTABLE_BASES = ("consent", "contract")
OBJECTABLE_BASES = ("legitimate_interests", "public_task")

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def fmt_date(d: dt.date, lang: str) -> str:
    if lang in ("fi", "sv"):  # Swedish as written in Finland: 1.12.2026
        return f"{d.day}.{d.month}.{d.year}"
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise KpError(i18n.N_("language {lang} is not available; use one of: {langs}"), lang=repr(lang),
                      langs=", ".join(LANGS))
    return lang


# A notice language's name in the reader's language ("suomi", "Swedish", "engelska"): LANG_NAMES[reader][lang].
LANGUAGE_NAMES = {"fi": NP_("language", "Finnish"), "en": NP_("language", "English"), "sv": NP_("language", "Swedish")}
# A notice item's state in the completeness check (the dashboard's table and `kp notice --check`).
ITEM_STATES = {"present": NP_("notice item state", "present"), "missing": NP_("notice item state", "missing"),
               "unconfirmed": NP_("notice item state", "unconfirmed")}


class _LangNames:
    def __getitem__(self, reader: str) -> dict[str, str]:
        return {k: i18n.gettext(m, reader) for k, m in LANGUAGE_NAMES.items()}


LANG_NAMES = _LangNames()
