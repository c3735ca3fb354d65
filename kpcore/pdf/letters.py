"""Letters to a requester: the refusal (Art. 12(4)) and the extension notice (Art. 12(3)).

A refusal states its reasons, the right to complain to the supervisory authority and the
right to a judicial remedy. An extension notice states the new deadline and its reasons,
and is sent within the first month. Pure functions of a request row and the register's
statements -> PDF bytes.
"""
from __future__ import annotations

import datetime as dt

from ..models import request_type_text
from . import common
from .common import Spacer, key_values, mm, para

T = {
    "refusal_title": ("Päätös pyyntöösi: pyyntöä ei toteuteta", "Decision on your request: the request is refused"),
    "extension_title": ("Ilmoitus vastausajan pidentämisestä", "Notice: the time to answer is extended"),
    "subtitle": ("EU:n yleinen tietosuoja-asetus, 12 artikla", "EU General Data Protection Regulation, Article 12"),
    "controller": ("Rekisterinpitäjä", "Controller"), "dpo": ("Tietosuojavastaava", "Data protection officer"),
    "to": ("Vastaanottaja", "To"), "request_no": ("Pyynnön numero", "Request number"),
    "request_type": ("Pyyntö", "Request"), "received": ("Pyyntö vastaanotettu", "Request received"),
    "date": ("Päivämäärä", "Date"), "new_due": ("Uusi määräpäivä", "New deadline"),
    "refusal_lead": ("Olemme käsitelleet pyyntösi. Emme toteuta sitä seuraavista syistä:",
                     "We have considered your request. We will not act on it, for the following reasons:"),
    "refusal_law": ("Päätös perustuu tietosuoja-asetuksen 12 artiklan 4 ja 5 kohtaan. Rekisterinpitäjän on "
                    "ilmoitettava rekisteröidylle, miksi pyyntöä ei toteuteta, ja kerrottava mahdollisuudesta tehdä "
                    "valitus valvontaviranomaiselle ja saattaa asia tuomioistuimen käsiteltäväksi.",
                    "This decision is given under Article 12(4) and (5) GDPR: the controller must tell the data "
                    "subject why it does not act on a request, and of the possibility to lodge a complaint with a "
                    "supervisory authority and to seek a judicial remedy."),
    "remedies": ("Oikeussuojakeinot", "Your remedies"),
    "extension_lead": ("Saimme pyyntösi {received}. Vastausaikaa pidennetään tietosuoja-asetuksen 12 artiklan "
                       "3 kohdan nojalla kahdella lisäkuukaudella. Vastaamme viimeistään {due}.",
                       "We received your request on {received}. Under Article 12(3) GDPR the time to answer is "
                       "extended by two further months. We will answer by {due} at the latest."),
    "reason": ("Pidennyksen syy", "Reason for the extension"),
    "signature": ("Ystävällisin terveisin", "Kind regards"),
    "erasure_title": ("Vastaus poistopyyntöösi", "Answer to your request for erasure"),
    "erasure_subtitle": ("EU:n yleinen tietosuoja-asetus, 17 ja 19 artikla",
                         "EU General Data Protection Regulation, Articles 17 and 19"),
    "erasure_done": ("Olemme poistaneet sinua koskevat henkilötiedot rekisteristämme. Peruste:",
                     "We have erased the personal data concerning you from our register. Ground:"),
    "erasure_partial": ("Olemme poistaneet sinua koskevat henkilötiedot rekisteristämme lukuun ottamatta alla "
                        "lueteltuja käyttötarkoituksia, joissa tietojen säilyttämiseen on tietosuoja-asetuksen 17 "
                        "artiklan 3 kohdan mukainen peruste. Näitä tietoja käsitellään vain tähän perusteeseen "
                        "tarvittavassa laajuudessa. Poiston peruste:",
                        "We have erased the personal data concerning you from our register, except in the purposes "
                        "listed below, where an exception under Article 17(3) GDPR requires us to keep them. They are "
                        "processed only as far as that exception requires. Ground for the erasure:"),
    "kept": ("Säilytetyt tiedot ja säilyttämisen peruste", "Data kept and why"),
    "suppression": ("Jotta tietojasi ei tuoda rekisteriin uudelleen, säilytämme sähköpostiosoitteestasi ja "
                    "puhelinnumerostasi vain avainnetun tiiviste-arvon, josta osoitetta ei voi palauttaa. Pyyntösi "
                    "käsittelystä säilytetään vähimmäistiedot (pyynnön numero, laji, päivämäärät, peruste ja "
                    "lopputulos) osoitusvelvollisuuden vuoksi (5 artiklan 2 kohta).",
                    "So that your data is not imported again, we keep only a keyed hash of your email address and "
                    "phone number, from which they cannot be recovered. A minimal record of how your request was "
                    "handled (its number, type, dates, ground and outcome) is kept for accountability (Art. 5(2))."),
    "recipients": ("Ilmoitamme poistosta vastaanottajille, joille tietojasi on luovutettu (19 artikla); "
                   "kerromme pyynnöstäsi, keitä he ovat.",
                   "We tell the recipients to whom your data was disclosed of the erasure (Art. 19); on request we "
                   "tell you who they are."),
}


def _t(key: str, lang: str) -> str:
    if lang == "sv":  # issue 18: the Swedish letters (kpcore.swedish)
        from .. import swedish

        return swedish.LETTERS[key]
    fi, en = T[key]
    return fi if lang == "fi" else en


def _d(value: dt.date | None) -> str:
    return f"{value.day}.{value.month}.{value.year}" if value else "–"


def _head(controller: dict, request: dict, lang: str, title_key: str, today: dt.date) -> list:
    c = controller
    to = ", ".join(x for x in (request.get("requester_name"), request.get("requester_email")) if x) or "–"
    return [para(_t(title_key, lang), "title"), para(_t("subtitle", lang), "subtitle"),
            key_values([(_t("controller", lang), f"{c['name']}, {c['street']}, {c['postcode']} {c['city']}"),
                        (_t("dpo", lang), c["dpo_email"]), (_t("to", lang), to),
                        (_t("request_no", lang), str(request["id"])),
                        (_t("request_type", lang), _type(request["type"], lang)),
                        (_t("received", lang), _d(request["received_on"])), (_t("date", lang), _d(today))]),
            Spacer(1, 5 * mm)]


def _type(key: str, lang: str) -> str:
    return request_type_text(key, lang)


def _sign(c: dict, lang: str) -> list:
    return [Spacer(1, 6 * mm), para(_t("signature", lang)), para(f"{c['name']}, {_t('dpo', lang).lower()}"),
            para(c["dpo_email"])]


def refusal_letter(controller: dict, request: dict, statements: dict, *, lang: str = "fi",
                   today: dt.date | None = None) -> bytes:
    """statements: {'complaint': text, 'court_remedy': text} in `lang`."""
    if not (request.get("refusal_reason") or "").strip():
        from ..errors import Refused
        raise Refused(f"request {request['id']}: a refusal letter needs the refusal's reasons")
    today = request.get("answered_on") or today or dt.date.today()
    story = _head(controller, request, lang, "refusal_title", today)
    story += [para(_t("refusal_lead", lang)), para(request["refusal_reason"]), Spacer(1, 3 * mm),
              para(_t("refusal_law", lang)), para(_t("remedies", lang), "h1"),
              para(statements.get("complaint", "")), para(statements.get("court_remedy", ""))]
    story += _sign(controller, lang)
    return common.build(story, title=_t("refusal_title", lang), footer=f"{controller['name']} · {_t('refusal_title', lang)}",
                        lang=lang)


def extension_notice(controller: dict, request: dict, *, lang: str = "fi", today: dt.date | None = None) -> bytes:
    if not request.get("extended_on"):
        from ..errors import Refused
        raise Refused(f"request {request['id']} has not been extended")
    today = request.get("extended_on") or today or dt.date.today()
    story = _head(controller, request, lang, "extension_title", today)
    story += [para(_t("extension_lead", lang).format(received=_d(request["received_on"]), due=_d(request["due_on"]))),
              para(_t("reason", lang), "h2"), para(request.get("extension_reason") or "–")]
    story += _sign(controller, lang)
    return common.build(story, title=_t("extension_title", lang),
                        footer=f"{controller['name']} · {_t('extension_title', lang)}", lang=lang)


def erasure_letter(controller: dict, request: dict, *, ground: tuple[str, str], kept: list[tuple[str, str]],
                   to: str | None = None, lang: str = "fi", today: dt.date | None = None) -> bytes:
    """The answer to an erasure request (Art. 17): the ground, and for a partial erasure each purpose
    kept with the Art. 17(3) exception that keeps it. `kept`: [(purpose name, exception text)]."""
    today = request.get("answered_on") or today or dt.date.today()
    req = dict(request)
    if to:
        req["requester_name"], req["requester_email"] = to, None
    story = _head(controller, req, lang, "erasure_title", today)
    story[1] = para(_t("erasure_subtitle", lang), "subtitle")
    story += [para(_t("erasure_partial" if kept else "erasure_done", lang)),
              para(ground[{"fi": 0, "en": 1, "sv": 2}[lang]] if len(ground) > 2 else ground[0 if lang == "fi" else 1])]
    if kept:
        story += [para(_t("kept", lang), "h2")]
        story += [para(f"{name}: {why}") for name, why in kept]
    story += [Spacer(1, 3 * mm), para(_t("recipients", lang)), para(_t("suppression", lang))]
    story += _sign(controller, lang)
    return common.build(story, title=_t("erasure_title", lang),
                        footer=f"{controller['name']} · {_t('erasure_title', lang)}", lang=lang)
