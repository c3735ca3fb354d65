"""Letters to a requester: the refusal (Art. 12(4)), the extension notice (Art. 12(3)) and the
answer to an erasure request (Art. 17, 19).

A refusal states its reasons, the right to complain to the supervisory authority and the
right to a judicial remedy. An extension notice states the new deadline and its reasons,
and is sent within the first month. Pure functions of a request row and the register's
statements -> PDF bytes, in Finnish, Swedish or English: the letters' texts are catalog messages
(kpcore/locale, context "reply to a request", shared with the access report), translated by the
`gettext` the caller gives, by default kpcore's catalog of `lang` (issue 18).
"""
from __future__ import annotations

import datetime as dt
import functools

from .. import fmt, i18n
from ..i18n import NP_
from ..models import REQUEST_TYPES
from . import common
from .common import Spacer, key_values, mm, para
from .sar import T as REPORT

# The letters' texts, by the English msgid; the heading's labels and the closing are the access report's.
T = {
    **{k: REPORT[k] for k in ("controller", "dpo", "to", "request_no", "request_type", "received", "signature")},
    "refusal_title": NP_("reply to a request", "Decision on your request: the request is refused"),
    "extension_title": NP_("reply to a request", "Notice: the time to answer is extended"),
    "subtitle": NP_("reply to a request", "EU General Data Protection Regulation, Article 12"),
    "date": NP_("reply to a request", "Date"),
    "new_due": NP_("reply to a request", "New deadline"),
    "refusal_lead": NP_("reply to a request", "We have considered your request. We will not act on it, for the "
                                              "following reasons:"),
    "refusal_law": NP_("reply to a request", "This decision is given under Article 12(4) and (5) GDPR: the "
                                             "controller must tell the data subject why it does not act on a "
                                             "request, and of the possibility to lodge a complaint with a "
                                             "supervisory authority and to seek a judicial remedy."),
    "remedies": NP_("reply to a request", "Your remedies"),
    "extension_lead": NP_("reply to a request", "We received your request on {received}. Under Article 12(3) GDPR "
                                                "the time to answer is extended by two further months. We will "
                                                "answer by {due} at the latest."),
    "reason": NP_("reply to a request", "Reason for the extension"),
    "erasure_title": NP_("reply to a request", "Answer to your request for erasure"),
    "erasure_subtitle": NP_("reply to a request", "EU General Data Protection Regulation, Articles 17 and 19"),
    "erasure_done": NP_("reply to a request", "We have erased the personal data concerning you from our register. "
                                              "Ground:"),
    "erasure_partial": NP_("reply to a request", "We have erased the personal data concerning you from our "
                                                 "register, except in the purposes listed below, where an "
                                                 "exception under Article 17(3) GDPR requires us to keep them. "
                                                 "They are processed only as far as that exception requires. "
                                                 "Ground for the erasure:"),
    "kept": NP_("reply to a request", "Data kept and why"),
    "suppression": NP_("reply to a request", "So that your data is not imported again, we keep only a keyed hash "
                                             "of your email address and phone number, from which they cannot be "
                                             "recovered. A minimal record of how your request was handled (its "
                                             "number, type, dates, ground and outcome) is kept for accountability "
                                             "(Art. 5(2))."),
    "recipients": NP_("reply to a request", "We tell the recipients to whom your data was disclosed of the erasure "
                                            "(Art. 19); on request we tell you who they are."),
}


def _d(value: dt.date | None) -> str:
    """24.11.2026 in every language, as in the access report (kpcore.pdf.sar): the reader is in Finland."""
    return fmt.date(value, "fi") if value else "–"


def _translator(lang: str, gettext):
    """The letter's gettext: the caller's, else kpcore's catalog of `lang`."""
    return gettext or functools.partial(i18n.gettext, lang=i18n.check(lang))


def _head(controller: dict, request: dict, _, title_key: str, today: dt.date) -> list:
    c = controller
    to = ", ".join(x for x in (request.get("requester_name"), request.get("requester_email")) if x) or "–"
    return [para(_(T[title_key]), "title"), para(_(T["subtitle"]), "subtitle"),
            key_values([(_(T["controller"]), f"{c['name']}, {c['street']}, {c['postcode']} {c['city']}"),
                        (_(T["dpo"]), c["dpo_email"]), (_(T["to"]), to),
                        (_(T["request_no"]), str(request["id"])),
                        (_(T["request_type"]), _(REQUEST_TYPES[request["type"]])),
                        (_(T["received"]), _d(request["received_on"])), (_(T["date"]), _d(today))]),
            Spacer(1, 5 * mm)]


def _sign(c: dict, _) -> list:
    return [Spacer(1, 6 * mm), para(_(T["signature"])), para(f"{c['name']}, {_(T['dpo']).lower()}"),
            para(c["dpo_email"])]


def refusal_letter(controller: dict, request: dict, statements: dict, *, lang: str = "fi",
                   today: dt.date | None = None, gettext=None) -> bytes:
    """statements: {'complaint': text, 'court_remedy': text} in `lang`; `gettext` translates the
    letter's own texts into `lang` (default: kpcore's catalog)."""
    _ = _translator(lang, gettext)
    if not (request.get("refusal_reason") or "").strip():
        from ..errors import Refused
        raise Refused(f"request {request['id']}: a refusal letter needs the refusal's reasons")
    today = request.get("answered_on") or today or dt.date.today()
    story = _head(controller, request, _, "refusal_title", today)
    story += [para(_(T["refusal_lead"])), para(request["refusal_reason"]), Spacer(1, 3 * mm),
              para(_(T["refusal_law"])), para(_(T["remedies"]), "h1"),
              para(statements.get("complaint", "")), para(statements.get("court_remedy", ""))]
    story += _sign(controller, _)
    return common.build(story, title=_(T["refusal_title"]), footer=f"{controller['name']} · {_(T['refusal_title'])}",
                        lang=lang)


def extension_notice(controller: dict, request: dict, *, lang: str = "fi", today: dt.date | None = None,
                     gettext=None) -> bytes:
    _ = _translator(lang, gettext)
    if not request.get("extended_on"):
        from ..errors import Refused
        raise Refused(f"request {request['id']} has not been extended")
    today = request.get("extended_on") or today or dt.date.today()
    story = _head(controller, request, _, "extension_title", today)
    story += [para(_(T["extension_lead"]).format(received=_d(request["received_on"]), due=_d(request["due_on"]))),
              para(_(T["reason"]), "h2"), para(request.get("extension_reason") or "–")]
    story += _sign(controller, _)
    return common.build(story, title=_(T["extension_title"]),
                        footer=f"{controller['name']} · {_(T['extension_title'])}", lang=lang)


def erasure_letter(controller: dict, request: dict, *, ground: str, kept: list[tuple[str, str]],
                   to: str | None = None, lang: str = "fi", today: dt.date | None = None, gettext=None) -> bytes:
    """The answer to an erasure request (Art. 17): the ground, and for a partial erasure each purpose
    kept with the Art. 17(3) exception that keeps it. `ground`: its text in `lang`; `kept`: [(purpose
    name, exception text)] in `lang`."""
    _ = _translator(lang, gettext)
    today = request.get("answered_on") or today or dt.date.today()
    req = dict(request)
    if to:
        req["requester_name"], req["requester_email"] = to, None
    story = _head(controller, req, _, "erasure_title", today)
    story[1] = para(_(T["erasure_subtitle"]), "subtitle")
    story += [para(_(T["erasure_partial" if kept else "erasure_done"])),
              para(ground)]
    if kept:
        story += [para(_(T["kept"]), "h2")]
        story += [para(f"{name}: {why}") for name, why in kept]
    story += [Spacer(1, 3 * mm), para(_(T["recipients"])), para(_(T["suppression"]))]
    story += _sign(controller, _)
    return common.build(story, title=_(T["erasure_title"]),
                        footer=f"{controller['name']} · {_(T['erasure_title'])}", lang=lang)
