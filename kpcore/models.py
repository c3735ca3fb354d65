"""Small shared domain types, each citing the GDPR article it implements."""
from __future__ import annotations

from .i18n import NP_, N_, label

# Art. 6(1)(a)-(f): the lawful basis of a purpose (key -> the basis as the person reads it; the Swedish
# in the terms of the Swedish GDPR text).
LEGAL_BASES = {
    "consent": N_("Consent (Article 6(1)(a) GDPR)"),
    "contract": N_("Contract (Article 6(1)(b) GDPR)"),
    "legal_obligation": N_("Legal obligation (Article 6(1)(c) GDPR)"),
    "vital_interests": N_("Vital interests (Article 6(1)(d) GDPR)"),
    "public_task": N_("Public task (Article 6(1)(e) GDPR)"),
    "legitimate_interests": N_("Legitimate interests (Article 6(1)(f) GDPR)"),
}


def legal_basis_text(basis: str, lang: str = "fi") -> str:
    """The legal basis as the person reads it, in fi, sv or en (unknown keys as they are)."""
    return label(LEGAL_BASES, basis, lang)


# Rights of the data subject, Art. 15-21 (key -> catalog message).
REQUEST_TYPES = {
    "access": N_("Access (Art. 15)"),
    "rectification": N_("Rectification (Art. 16)"),
    "erasure": N_("Erasure (Art. 17)"),
    "restriction": N_("Restriction (Art. 18)"),
    "portability": N_("Portability (Art. 20)"),
    "objection": N_("Objection (Art. 21)"),
}


def request_type_text(key: str, lang: str = "fi") -> str:
    """'Tarkastusoikeus (15 art.)' / 'Rätt till tillgång (art. 15)' / 'Access (Art. 15)'."""
    return label(REQUEST_TYPES, key, lang)


# Where a request stands under Art. 12(3)-(6): awaiting_identity pauses the clock (12(6)), extended
# adds two months (12(3)), refused answers under 12(4)-(5).
OPEN_STATUSES = ("received", "awaiting_identity", "in_progress", "extended")
REQUEST_STATUSES = {
    "received": NP_("request status", "Received"),
    "awaiting_identity": NP_("request status", "Awaiting identity"),
    "in_progress": NP_("request status", "In progress"),
    "extended": NP_("request status", "Extended"),
    "completed": NP_("request status", "Completed"),
    "refused": NP_("request status", "Refused"),
}


def request_status_text(key: str, lang: str = "fi") -> str:
    """'Vastaanotettu' / 'Mottagen' / 'Received'."""
    return label(REQUEST_STATUSES, key, lang)


CHANNELS = ("email", "letter", "phone", "web", "in_person", "other")
# How each channel and each event of a request's history is named (the dashboard, kp request show)
CHANNEL_TEXT = {"email": NP_("request channel", "Email"), "letter": NP_("request channel", "Letter"), "phone": NP_("request channel", "Phone"),
                "web": NP_("request channel", "Web form"), "in_person": NP_("request channel", "In person"),
                "other": NP_("request channel", "Other")}


EVENT_TEXT = {"received": NP_("request event", "Received"), "started": NP_("request event", "Work started"),
              "identity_requested": NP_("request event", "Proof of identity asked for"),
              "identity_received": NP_("request event", "Proof of identity received"),
              "extended": NP_("request event", "Deadline extended"), "completed": NP_("request event", "Answered"),
              "refused": NP_("request event", "Refused"), "report_built": NP_("request event", "Access report built"),
              "erased": NP_("request event", "Person erased"), "rectified": NP_("request event", "Data rectified"),
              "objection_applied": NP_("request event", "Direct marketing stopped"),
              "restricted": NP_("request event", "Processing restricted"),
              "restriction_lifted": NP_("request event", "Restriction lifted"),
              "person_linked": NP_("request event", "Person linked"),
              "passed_to_controller": NP_("request event", "Passed to the controller (customer)")}

# Art. 28(3): what a processing agreement must cover (key -> catalog message).
ART28_CLAUSES = {
    "subject_duration": N_("Subject-matter and duration"),
    "nature_purpose": N_("Nature and purpose"),
    "data_types": N_("Type of personal data"),
    "subject_categories": N_("Categories of data subjects"),
    "documented_instructions": N_("Documented instructions only (28(3)(a))"),
    "confidentiality": N_("Staff confidentiality (28(3)(b))"),
    "security": N_("Art. 32 security (28(3)(c))"),
    "sub_processors": N_("Sub-processors only with prior authorisation (28(3)(d))"),
    "assist_requests": N_("Help with subject requests (28(3)(e))"),
    "assist_compliance": N_("Help with Arts. 32-36 (28(3)(f))"),
    "delete_return": N_("Delete or return at the end (28(3)(g))"),
    "audits": N_("Information and audits (28(3)(h))"),
    "unlawful_instruction": N_("Warn of unlawful instructions (28(3) final para.)"),
    "breach_notification": N_("Breaches reported without undue delay (33(2))"),
}


def clause_text(key: str, lang: str = "fi") -> str:
    return label(ART28_CLAUSES, key, lang)
