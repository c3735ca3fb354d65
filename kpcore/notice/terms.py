"""The notice's fixed terms: its languages, the 15 items of Art. 13/14 (LEGAL.md), the statements
behind each item, the section labels, and which legal bases carry portability and objection.

Imports nothing from kpcore: the PDF builders and every rule module can read it.
"""
from __future__ import annotations

import datetime as dt

from ..errors import KpError

LANGS = ("fi", "en", "sv")
# Published by default (kp notice publish, the dashboard's button): Finnish and English, and Swedish
# once a Swedish version has been published (default_langs). Until then the Swedish notice is published
# on its own (--lang sv), so its proposed, unconfirmed Swedish facts hold back only the Swedish notice.
BASE_LANGS = ("fi", "en")

# EU member states and the three EEA states (ISO 3166-1 alpha-2): a recipient elsewhere
# is a transfer under Chapter V and needs a safeguard (Art. 13(1)(f), 44-49).
EEA = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split())

# The 15 items of Art. 13/14 (LEGAL.md): number, key, Finnish and English title, M/C.
# Items 5, 12 and 13 depend on where the data comes from; see _requirement().
ITEMS = [
    (1, "controller", "Rekisterinpitäjä ja yhteystiedot", "Controller and contact details", "M"),
    (2, "dpo", "Tietosuojavastaavan yhteystiedot", "DPO contact details", "C"),
    (3, "purposes_basis", "Käsittelyn tarkoitus ja oikeusperuste", "Purposes and the legal basis of each", "M"),
    (4, "legitimate_interest", "Oikeutettu etu", "Legitimate interest pursued", "C"),
    (5, "categories", "Käsiteltävät henkilötiedot", "Categories of personal data", "M"),
    (6, "recipients", "Tietojen vastaanottajat", "Recipients or categories of recipients", "M"),
    (7, "transfers", "Tietojen siirto EU:n/ETA:n ulkopuolelle", "Transfers outside the EU/EEA", "C"),
    (8, "retention", "Säilytysaika", "Retention period", "M"),
    (9, "rights", "Rekisteröidyn oikeudet", "Rights of the data subject", "M"),
    (10, "consent_withdrawal", "Suostumuksen peruuttaminen", "Withdrawing consent", "C"),
    (11, "complaint", "Oikeus tehdä valitus valvontaviranomaiselle", "Right to lodge a complaint", "M"),
    (12, "provision", "Tietojen antamisen vaatimus ja seuraukset", "Whether providing the data is required", "M"),
    (13, "sources", "Säännönmukaiset tietolähteet", "Source of the data", "M"),
    (14, "automated_decisions", "Automaattinen päätöksenteko ja profilointi", "Automated decision-making and profiling", "C"),
    (15, "direct_marketing", "Suoramarkkinointikielto", "Right to object to direct marketing", "C"),
]
ITEM_KEYS = {n: key for n, key, *_ in ITEMS}

# Statements (table statement) the notice prints, in the order it prints them.
NOTICE_STATEMENTS = ("title", "business_description", "concerns", "sources_lead", "processor_role",
                     "processor_categories_lead", "processor_credentials", "special_categories", "recipients_lead",
                     "recipients_none", "transfers_none", "rights", "consent_withdrawal",
                     "direct_marketing_objection", "complaint", "court_remedy", "automated_decisions")

# Each statement's name for people (the completeness check, the editor): never its key on a screen.
STATEMENT_TEXT = {
    "title": ("Selosteen otsikko", "Title of the notice"),
    "business_description": ("Yritystoiminnan kuvaus", "Description of the business"),
    "concerns": ("Keitä seloste koskee", "Whom the notice concerns"),
    "sources_lead": ("Tietolähteiden johdantolause", "Opening sentence on the sources"),
    "processor_role": ("Toiminta henkilötietojen käsittelijänä", "Acting as a processor"),
    "processor_categories_lead": ("Asiakkaiden järjestelmien tiedot, johdantolause",
                                  "Data in customers' systems, opening sentence"),
    "processor_credentials": ("Asiakkaiden järjestelmien tunnukset", "Credentials to customers' systems"),
    "special_categories": ("Erityiset henkilötietoryhmät", "Special categories of personal data"),
    "recipients_lead": ("Vastaanottajien johdantoteksti", "Introduction to the recipients"),
    "recipients_none": ("Ei luovutuksia", "No disclosures"),
    "transfers_none": ("Ei siirtoja EU:n/ETA:n ulkopuolelle", "No transfers outside the EU/EEA"),
    "rights": ("Rekisteröidyn oikeudet", "Rights of the data subject"),
    "consent_withdrawal": ("Suostumuksen peruuttaminen", "Withdrawing consent"),
    "direct_marketing_objection": ("Suoramarkkinointikielto", "Objecting to direct marketing"),
    "complaint": ("Valitus valvontaviranomaiselle", "Complaint to the supervisory authority"),
    "court_remedy": ("Oikeus tuomioistuinkäsittelyyn", "Remedy before a court"),
    "automated_decisions": ("Automaattinen päätöksenteko ja profilointi", "Automated decision-making and profiling"),
}


def statement_text(key: str, lang: str = "fi") -> str:
    """A statement's name in `lang` ('consent_withdrawal' -> 'Suostumuksen peruuttaminen')."""
    pair = STATEMENT_TEXT.get(key)
    return pair[0 if lang == "fi" else 1] if pair else key.replace("_", " ")


# Statements behind each item: confirming the item confirms them.
ITEM_STATEMENTS = {6: ("recipients_lead", "recipients_none"), 7: ("transfers_none",), 9: ("rights",),
                   10: ("consent_withdrawal",), 11: ("complaint", "court_remedy"), 13: ("sources_lead",),
                   14: ("automated_decisions",), 15: ("direct_marketing_objection",)}

LABELS = {
    "fi": {
        "business": "Yritystoiminnan kuvaus",
        "concerns": "Ketä tämä tietosuojaseloste koskee",
        "sources": "Mistä henkilötiedot on hankittu",
        "purposes": "Henkilötietojen käyttötarkoitus ja käsiteltävät henkilötiedot",
        "processor_role": "Henkilötietojen alikäsittelijänä toimiminen",
        "special": "Arkaluonteisten henkilötietojen hallinta",
        "recipients": "Tietojen vastaanottajat",
        "transfers": "Tietojen siirto EU:n/ETA:n ulkopuolelle",
        "rights": "Rekisteröidyn oikeudet",
        "consent": "Suostumuksen peruuttaminen",
        "direct_marketing": "Suoramarkkinointikielto",
        "complaint": "Oikeus tehdä valitus valvontaviranomaiselle",
        "automated": "Automaattinen päätöksenteko ja profilointi",
        "controller": "Rekisterinpitäjä ja yhteystiedot",
        "dpo": "Tietosuojavastaavan yhteystiedot",
        "basis": "Käsittelyn oikeusperuste",
        "interest": "Oikeutettu etu",
        "retention": "Säilytysaika",
        "provision": "Tietojen antaminen",
        "or": "tai",
        "transfers_lead": "Henkilötietoja siirretään EU:n/ETA:n ulkopuolelle seuraaville vastaanottajille:",
        "safeguard": "suojatoimi",
        "applies_to": "Koskee käyttötarkoituksia",
        "purposes_of": "käyttötarkoitukset",
        "c_name": "Rekisterinpitäjä",
        "c_address": "Osoite",
        "c_email": "Sähköpostiosoite",
        "c_phone": "Puhelin",
        "c_business_id": "Y-tunnus",
        "dpo_name": "Tietosuojavastaava",
        "dpo_email": "Rekisterinpitäjän tietosuojavastaavan yhteystiedot",
        "dpo_phone": "Tietosuojavastaavan puhelin",
        "version": "Versio {version}, päivätty {date}",
        "draft": "Luonnos – julkaisematon versio {version}, {date}",
        "draft_mark": "LUONNOS – ei julkaistu",
        "processors": "Henkilötietojen käsittelijät",
        "other_recipients": "Muut vastaanottajat",
        "objection": "Oikeus vastustaa käsittelyä",
        "objection_body": (
            "Kun käsittelemme tietojasi oikeutetun etumme perusteella (tietosuoja-asetuksen 6 artiklan 1 kohdan "
            "f alakohta), sinulla on oikeus milloin tahansa vastustaa tietojesi käsittelyä erityiseen tilanteeseesi "
            "liittyvällä perusteella (21 artiklan 1 kohta). Tämän jälkeen emme enää käsittele tietojasi, ellemme "
            "osoita, että käsittelyyn on huomattavan tärkeä ja perusteltu syy, joka syrjäyttää etusi, oikeutesi ja "
            "vapautesi, tai että käsittely on tarpeen oikeusvaatimuksen laatimiseksi, esittämiseksi tai "
            "puolustamiseksi. Vastustamisesta voit ilmoittaa tietosuojavastaavalle."),
        "portability": (
            "Oikeus siirtää tiedot järjestelmästä toiseen (siirto-oikeus, 20 art.) koskee tietoja, jotka olet itse "
            "toimittanut ja joiden käsittely perustuu suostumukseesi tai sopimukseen ja tapahtuu automaattisesti."),
        "portability_applies": "Siirto-oikeus koskee käyttötarkoituksia",
        "portability_none": "Mikään tämän selosteen käyttötarkoituksista ei perustu suostumukseen eikä sopimukseen.",
        "notice": "Tietosuojaseloste",
    },
    "en": {
        "business": "About the company",
        "concerns": "Who this privacy notice concerns",
        "sources": "Where the personal data comes from",
        "purposes": "Purposes of processing and the personal data processed",
        "processor_role": "Acting as a processor of personal data",
        "special": "Sensitive personal data",
        "recipients": "Recipients of the data",
        "transfers": "Transfers outside the EU/EEA",
        "rights": "Your rights",
        "consent": "Withdrawing consent",
        "direct_marketing": "Objecting to direct marketing",
        "complaint": "Right to lodge a complaint with the supervisory authority",
        "automated": "Automated decision-making and profiling",
        "controller": "Controller and contact details",
        "dpo": "Data protection officer's contact details",
        "basis": "Legal basis",
        "interest": "Legitimate interest",
        "retention": "Retention period",
        "provision": "Providing the data",
        "or": "or",
        "transfers_lead": "Personal data is transferred outside the EU/EEA to the following recipients:",
        "safeguard": "safeguard",
        "applies_to": "Applies to the purposes",
        "purposes_of": "purposes",
        "c_name": "Controller",
        "c_address": "Address",
        "c_email": "Email",
        "c_phone": "Phone",
        "c_business_id": "Business ID",
        "dpo_name": "Data protection officer",
        "dpo_email": "Contact details of the controller's data protection officer",
        "dpo_phone": "Data protection officer's phone",
        "version": "Version {version}, dated {date}",
        "draft": "Draft – unpublished version {version}, {date}",
        "draft_mark": "DRAFT – not published",
        "processors": "Processors",
        "other_recipients": "Other recipients",
        "objection": "Right to object",
        "objection_body": (
            "Where we process your data on the basis of our legitimate interests (Article 6(1)(f) GDPR), you have "
            "the right to object at any time, on grounds relating to your particular situation, to the processing "
            "of your data (Article 21(1)). We will then no longer process your data unless we demonstrate "
            "compelling legitimate grounds for the processing which override your interests, rights and freedoms, "
            "or the processing is needed for the establishment, exercise or defence of legal claims. Tell the "
            "data protection officer if you object."),
        "portability": (
            "The right to data portability (Art. 20) covers data you have provided yourself whose processing is "
            "based on your consent or on a contract and is carried out by automated means."),
        "portability_applies": "Portability applies to the purposes",
        "portability_none": "None of the purposes in this notice is based on consent or a contract.",
        "notice": "Privacy notice",
    },
    # Swedish (issue 18): the terms of the Swedish GDPR text as used in Finland (Dataombudsmannens byrå).
    "sv": {
        "business": "Beskrivning av företagets verksamhet",
        "concerns": "Vem denna dataskyddsbeskrivning gäller",
        "sources": "Varifrån personuppgifterna har samlats in",
        "purposes": "Ändamålen med behandlingen av personuppgifter och de personuppgifter som behandlas",
        "processor_role": "Verksamhet som underbiträde för personuppgifter",
        "special": "Hantering av känsliga personuppgifter",
        "recipients": "Mottagare av uppgifterna",
        "transfers": "Överföring av uppgifter utanför EU/EES",
        "rights": "Den registrerades rättigheter",
        "consent": "Återkallande av samtycke",
        "direct_marketing": "Förbud mot direktmarknadsföring",
        "complaint": "Rätt att lämna in klagomål till tillsynsmyndigheten",
        "automated": "Automatiserat beslutsfattande och profilering",
        "controller": "Personuppgiftsansvarig och kontaktuppgifter",
        "dpo": "Dataskyddsombudets kontaktuppgifter",
        "basis": "Rättslig grund för behandlingen",
        "interest": "Berättigat intresse",
        "retention": "Lagringstid",
        "provision": "Lämnande av uppgifter",
        "or": "eller",
        "transfers_lead": "Personuppgifter överförs utanför EU/EES till följande mottagare:",
        "safeguard": "skyddsåtgärd",
        "applies_to": "Gäller ändamålen",
        "purposes_of": "ändamål",
        "c_name": "Personuppgiftsansvarig",
        "c_address": "Adress",
        "c_email": "E-postadress",
        "c_phone": "Telefon",
        "c_business_id": "FO-nummer",
        "dpo_name": "Dataskyddsombud",
        "dpo_email": "Kontaktuppgifter till den personuppgiftsansvariges dataskyddsombud",
        "dpo_phone": "Dataskyddsombudets telefon",
        "version": "Version {version}, daterad {date}",
        "draft": "Utkast – opublicerad version {version}, {date}",
        "draft_mark": "UTKAST – inte publicerad",
        "processors": "Personuppgiftsbiträden",
        "other_recipients": "Andra mottagare",
        "objection": "Rätt att göra invändningar mot behandlingen",
        "objection_body": (
            "När vi behandlar dina uppgifter på grundval av vårt berättigade intresse (artikel 6.1 f i "
            "dataskyddsförordningen) har du rätt att när som helst, av skäl som hänför sig till din specifika "
            "situation, göra invändningar mot behandlingen av dina uppgifter (artikel 21.1). Vi behandlar då inte "
            "längre dina uppgifter, om vi inte kan påvisa tvingande berättigade skäl för behandlingen som väger "
            "tyngre än dina intressen, rättigheter och friheter, eller om behandlingen behövs för att fastställa, "
            "göra gällande eller försvara rättsliga anspråk. Du kan meddela dataskyddsombudet om din invändning."),
        "portability": (
            "Rätten att överföra uppgifter från ett system till ett annat (dataportabilitet, art. 20) gäller "
            "uppgifter som du själv har lämnat och vars behandling grundar sig på ditt samtycke eller på ett avtal "
            "och sker automatiserat."),
        "portability_applies": "Rätten till dataportabilitet gäller ändamålen",
        "portability_none": "Inget av ändamålen i denna beskrivning grundar sig på samtycke eller avtal.",
        "notice": "Dataskyddsbeskrivning",
    },
}

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
        raise KpError(f"language {lang!r} is not available; use one of: {', '.join(LANGS)}")
    return lang


LANG_NAMES = {"fi": {"fi": "suomi", "en": "englanti", "sv": "ruotsi"},
              "en": {"fi": "Finnish", "en": "English", "sv": "Swedish"},
              "sv": {"fi": "finska", "en": "engelska", "sv": "svenska"}}
