"""Small shared domain types, each citing the GDPR article it implements."""
from __future__ import annotations

from enum import Enum

from .i18n import N_


class LegalBasis(str, Enum):
    """Art. 6(1)(a)-(f): the lawful basis of a purpose."""

    consent = "consent"                          # 6(1)(a)
    contract = "contract"                        # 6(1)(b)
    legal_obligation = "legal_obligation"        # 6(1)(c)
    vital_interests = "vital_interests"          # 6(1)(d)
    public_task = "public_task"                  # 6(1)(e)
    legitimate_interests = "legitimate_interests"  # 6(1)(f)


LEGAL_BASIS_TEXT = {
    "consent": ("Suostumus (tietosuoja-asetuksen 6 artiklan 1 kohdan a alakohta)", N_("Consent (Article 6(1)(a) GDPR)")),
    "contract": ("Sopimus (6 artiklan 1 kohdan b alakohta)", N_("Contract (Article 6(1)(b) GDPR)")),
    "legal_obligation": ("Lakisääteinen velvoite (6 artiklan 1 kohdan c alakohta)", N_("Legal obligation (Article 6(1)(c) GDPR)")),
    "vital_interests": ("Elintärkeä etu (6 artiklan 1 kohdan d alakohta)", N_("Vital interests (Article 6(1)(d) GDPR)")),
    "public_task": ("Yleinen etu tai julkisen vallan käyttö (6 artiklan 1 kohdan e alakohta)", N_("Public task (Article 6(1)(e) GDPR)")),
    "legitimate_interests": ("Rekisterinpitäjän oikeutettu etu (6 artiklan 1 kohdan f alakohta)", N_("Legitimate interests (Article 6(1)(f) GDPR)")),
}

# Swedish (issue 18), in the terms of the Swedish text of the GDPR.
LEGAL_BASIS_TEXT_SV = {
    "consent": "Samtycke (artikel 6.1 a i dataskyddsförordningen)",
    "contract": "Avtal (artikel 6.1 b i dataskyddsförordningen)",
    "legal_obligation": "Rättslig förpliktelse (artikel 6.1 c i dataskyddsförordningen)",
    "vital_interests": "Grundläggande intressen (artikel 6.1 d i dataskyddsförordningen)",
    "public_task": "Allmänt intresse eller myndighetsutövning (artikel 6.1 e i dataskyddsförordningen)",
    "legitimate_interests": "Den personuppgiftsansvariges berättigade intresse (artikel 6.1 f i dataskyddsförordningen)",
}


def legal_basis_text(basis: str, lang: str = "fi") -> str:
    """The legal basis as the person reads it, in fi, sv or en (unknown keys as they are)."""
    if lang == "sv":
        return LEGAL_BASIS_TEXT_SV.get(basis, basis)
    fi, en = LEGAL_BASIS_TEXT.get(basis, (basis, basis))
    return fi if lang == "fi" else en


class RequestType(str, Enum):
    """Rights of the data subject, Art. 15-21."""

    access = "access"                # Art. 15
    rectification = "rectification"  # Art. 16
    erasure = "erasure"              # Art. 17
    restriction = "restriction"      # Art. 18
    portability = "portability"      # Art. 20
    objection = "objection"          # Art. 21


REQUEST_TYPE_TEXT = {
    "access": ("Tarkastusoikeus (15 art.)", N_("Access (Art. 15)")),
    "rectification": ("Oikaisu (16 art.)", N_("Rectification (Art. 16)")),
    "erasure": ("Poistaminen (17 art.)", N_("Erasure (Art. 17)")),
    "restriction": ("Käsittelyn rajoittaminen (18 art.)", N_("Restriction (Art. 18)")),
    "portability": ("Siirto-oikeus (20 art.)", N_("Portability (Art. 20)")),
    "objection": ("Vastustaminen (21 art.)", N_("Objection (Art. 21)")),
}


class RequestStatus(str, Enum):
    """Where a request stands under Art. 12(3)-(6)."""

    received = "received"
    awaiting_identity = "awaiting_identity"  # Art. 12(6): the clock pauses
    in_progress = "in_progress"
    extended = "extended"                    # Art. 12(3): two further months
    completed = "completed"
    refused = "refused"                      # Art. 12(4)-(5)


OPEN_STATUSES = ("received", "awaiting_identity", "in_progress", "extended")

REQUEST_STATUS_TEXT = {
    "received": ("Vastaanotettu", N_("Received")),
    "awaiting_identity": ("Odottaa henkilöllisyyden varmistusta", N_("Awaiting identity")),
    "in_progress": ("Käsittelyssä", N_("In progress")),
    "extended": ("Määräaikaa jatkettu", N_("Extended")),
    "completed": ("Valmis", N_("Completed")),
    "refused": ("Hylätty", N_("Refused")),
}

CHANNELS = ("email", "letter", "phone", "web", "in_person", "other")

# Art. 28(3): what a processing agreement must cover. key -> (fi, en)
ART28_CLAUSES = {
    "subject_duration": ("Käsittelyn kohde ja kesto", N_("Subject-matter and duration")),
    "nature_purpose": ("Käsittelyn luonne ja tarkoitus", N_("Nature and purpose")),
    "data_types": ("Henkilötietojen tyyppi", N_("Type of personal data")),
    "subject_categories": ("Rekisteröityjen ryhmät", N_("Categories of data subjects")),
    "documented_instructions": ("Vain dokumentoidut ohjeet (28(3)(a))", N_("Documented instructions only (28(3)(a))")),
    "confidentiality": ("Henkilöstön salassapito (28(3)(b))", N_("Staff confidentiality (28(3)(b))")),
    "security": ("Turvallisuustoimet, 32 art. (28(3)(c))", N_("Art. 32 security (28(3)(c))")),
    "sub_processors": ("Alihankkijat vain ennakkoluvalla (28(3)(d))", N_("Sub-processors only with prior authorisation (28(3)(d))")),
    "assist_requests": ("Apu rekisteröityjen pyyntöihin (28(3)(e))", N_("Help with subject requests (28(3)(e))")),
    "assist_compliance": ("Apu 32–36 artiklan velvoitteissa (28(3)(f))", N_("Help with Arts. 32-36 (28(3)(f))")),
    "delete_return": ("Tietojen poisto tai palautus lopuksi (28(3)(g))", N_("Delete or return at the end (28(3)(g))")),
    "audits": ("Tiedot ja auditoinnit (28(3)(h))", N_("Information and audits (28(3)(h))")),
    "unlawful_instruction": ("Ilmoitus lainvastaisesta ohjeesta (28(3) loppukappale)", N_("Warn of unlawful instructions (28(3) final para.)")),
    "breach_notification": ("Tietoturvaloukkauksista ilmoittaminen viipymättä (33(2))", N_("Breaches reported without undue delay (33(2))")),
}
