"""The Art. 30(2) record of processing activities kept as a processor, as a PDF.

A pure function of `kpcore.processor_record.record_data(...)`: the processor's (KuntaPlus's) and
each controller's (customer's) contact details, the categories of processing done for
each controller, transfers (none unless recorded) and security measures. Finnish, Swedish or
English: its words are catalog messages (kpcore.i18n).
"""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from .. import fmt, i18n
from ..i18n import NP_
from .common import Spacer, build, esc, key_values, mm, para, styles

# key -> an English msgid (kpcore.i18n); the Finnish, Swedish and English are in the catalogs
T = {
    "title": NP_("processor record", "Record of processing activities as a processor"),
    "subtitle": NP_("processor record", "Article 30(2) GDPR — KuntaPlus-projektipalvelu as a processor or sub-processor in its customers' systems. Updated {date}."),
    "processor": NP_("processor record", "1. The processor and its data protection officer"),
    "name": NP_("processor record", "Name"),
    "address": NP_("processor record", "Address"),
    "email": NP_("processor record", "Email"),
    "phone": NP_("processor record", "Phone"),
    "business_id": NP_("processor record", "Business ID"),
    "dpo": NP_("processor record", "Data protection officer"),
    "role": NP_("processor record", "2. The nature of the processing"),
    "controllers": NP_("processor record", "3. Controllers on whose behalf we process"),
    "none_controllers": NP_("processor record", "The register holds no customers on whose behalf data is processed."),
    "contact": NP_("processor record", "Contact person"),
    "controller_dpo": NP_("processor record", "Data protection officer"),
    "not_recorded": NP_("processor record", "not recorded"),
    "no_engagements": NP_("processor record", "No engagements recorded."),
    "engagement": NP_("processor record", "Engagement {id}: {system} ({vendor})"),
    "service": NP_("processor record", "Nature and purpose"),
    "categories": NP_("processor record", "Categories of personal data"),
    "subjects": NP_("processor record", "Categories of data subjects"),
    "period": NP_("processor record", "Period"),
    "status": NP_("processor record", "Status"),
    "agreement": NP_("processor record", "Processing agreement (Art. 28(3))"),
    "no_agreement": NP_("processor record", "no signed agreement"),
    "signed": NP_("processor record", "signed"),
    "authorisation": NP_("processor record", "The controller's authorisation of the sub-processor (Art. 28(2))"),
    "authorisation_processor": NP_("processor record", "The controller's prior authorisation for KuntaPlus's own sub-processors (Art. 28(2))"),
    "kp_role": NP_("processor record", "KuntaPlus's role"),
    "role_processor": NP_("processor record", "Processor: engaged by the customer (the controller) directly"),
    "role_sub_processor": NP_("processor record", "Sub-processor: engaged by the processor named below, with the controller's authorisation"),
    "engaged_by": NP_("processor record", "The processor that engaged KuntaPlus as sub-processor"),
    "engaged_by_contact": NP_("processor record", "That processor's contact details"),
    "transfers": NP_("processor record", "Transfers outside the EU/EEA"),
    "transfers_none": NP_("processor record", "No transfers outside the EU/EEA."),
    "security": NP_("processor record", "Security measures"),
    "end_decision": NP_("processor record", "Decision to return or delete the data"),
    "general_security": NP_("processor record", "4. General description of technical and organisational security measures (Art. 32)"),
    "credentials": NP_("processor record", "Credentials"),
    "footer": NP_("processor record", "KuntaPlus-projektipalvelu — record of processing as a processor (Art. 30(2)) — {date}"),
}


def _t(key: str, lang: str, **kw) -> str:
    return i18n.gettext(T[key], lang).format(**kw)


def _or_gap(value, lang: str) -> str:
    return str(value) if value not in (None, "") else f"({_t('not_recorded', lang)})"


def _date(d, lang: str) -> str:
    if d is None:
        return ""
    return fmt.date(d, lang)  # 1.12.2026 in Finnish and Swedish, 2026-12-01 in English


def _heading(text: str, style: str) -> Paragraph:
    """A heading kept on the page of what follows it.

    keepWithNext, not KeepTogether or CondPageBreak: common.build lays the story out twice
    (for "page N / M"), and those two keep state from the first layout that breaks the second.
    """
    return Paragraph(esc(text), ParagraphStyle(style + "_keep", parent=styles()[style], keepWithNext=1))


def build_processor_record(data: dict) -> bytes:
    lang = data["lang"]
    today = data["today"]
    p = data["processor"]
    story = [para(_t("title", lang), "title"),
             para(_t("subtitle", lang, date=_date(today, lang)), "subtitle"),
             para(_t("processor", lang), "h1"),
             key_values([
                 (_t("name", lang), p["name"]),
                 (_t("address", lang), f"{p['street']}, {p['postcode']} {p['city']}"),
                 (_t("email", lang), p["email"]),
                 (_t("phone", lang), _or_gap(p.get("phone"), lang)),
                 (_t("business_id", lang), _or_gap(p.get("business_id"), lang)),
                 (_t("dpo", lang), ", ".join(x for x in (p.get("dpo_name"), p["dpo_email"], p.get("dpo_phone")) if x)),
             ])]
    if data.get("role"):
        story += [para(_t("role", lang), "h1"), para(data["role"])]
        if data.get("credentials"):
            story.append(para(data["credentials"]))

    story.append(para(_t("controllers", lang), "h1"))
    if not data["controllers"]:
        story.append(para(_t("none_controllers", lang)))
    for n, c in enumerate(data["controllers"], 1):
        head = [_heading(f"3.{n} {c['name']}", "h2"),
                key_values([
                    (_t("business_id", lang), _or_gap(c["business_id"], lang)),
                    (_t("address", lang), _or_gap(c["address"], lang)),
                    (_t("contact", lang), _or_gap(", ".join(x for x in (c["contact_name"], c["contact_email"]) if x), lang)),
                    (_t("controller_dpo", lang), _or_gap(", ".join(x for x in (c["dpo_name"], c["dpo_email"]) if x), lang)),
                ])]
        story += head
        if not c["engagements_list"]:
            story.append(para(_t("no_engagements", lang), "small"))
            continue
        for k, e in enumerate(c["engagements_list"]):
            period = f"{_date(e['starts_on'], lang)} – {_date(e['ends_on'], lang)}"
            if e["agreement_signed_on"]:
                agreement = ", ".join(x for x in (e["agreement_ref"], f"{_t('signed', lang)} {_date(e['agreement_signed_on'], lang)}") if x)
            else:
                agreement = _t("no_agreement", lang) + (f" ({e['agreement_ref']})" if e["agreement_ref"] else "")
            auth = ", ".join(x for x in (e["authorisation"], e["authorised_by"], _date(e["authorised_on"], lang)) if x)
            role = e.get("role")
            # Art. 30(2)(a): whose processor KuntaPlus is, and for sub-processing the processor that
            # engaged it with its contact; every word follows the role.
            chain = [(_t("kp_role", lang), _t(f"role_{role}", lang) if role else _or_gap(None, lang))]
            if role == "sub_processor":
                chain += [(_t("engaged_by", lang), _or_gap(e.get("engaged_by"), lang)),
                          (_t("engaged_by_contact", lang), _or_gap(e.get("engaged_by_contact"), lang))]
            rows = chain + [
                (_t("service", lang), e["service"]),
                (_t("categories", lang), ", ".join(e["categories"])),
                (_t("subjects", lang), e["subjects"]),
                (_t("period", lang), period),
                (_t("status", lang), e["status"]),
                (_t("agreement", lang), agreement),
            ] + ([] if role == "processor" and not auth else [
                (_t("authorisation_processor" if role == "processor" else "authorisation", lang), _or_gap(auth, lang))]) + [
                (_t("transfers", lang), e["transfers"] or _t("transfers_none", lang)),
                (_t("security", lang), e["security"] or data.get("security") or _or_gap(None, lang)),
            ]
            if e["end_decision"]:
                rows.append((_t("end_decision", lang), f"{e['end_decision']} {_date(e['end_decision_on'], lang)}"))
            story += [Spacer(1, 4 * mm) if not k else Spacer(1, 1 * mm),
                      _heading(_t("engagement", lang, id=e["id"], system=e["system"], vendor=e["vendor"]), "h2"),
                      key_values(rows), Spacer(1, 3 * mm)]

    story.append(para(_t("general_security", lang), "h1"))
    story.append(para(data.get("security") or _or_gap(None, lang)))
    return build(story, title=_t("title", lang), footer=_t("footer", lang, date=_date(today, lang)), lang=lang)
