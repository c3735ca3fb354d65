"""`kp breach assess|decide|notify|supplement|tell-controllers|tell-people|ack|nis2|case|terms`
and `kp subprocessor ...`: the breach case walk and the processor's duties (issue 15).

Every action takes --json (a machine-readable result on stdout); times are 2026-11-20 09:30 or
20.11.2026 9.30 and default to now. Texts meant for the Ombudsman's e-form, the controllers or
the people are printed (or written as PDF with -o) by the command that records them; --draft
prints without recording.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import N_, common
from .common import _

LANGS = ["fi", "sv", "en"]


def _ids(text: str | None) -> list[int] | None:
    if not text:
        return None
    from ..errors import KpError

    try:
        return [int(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise KpError(N_("{text} is not a comma-separated list of ids (e.g. 1,2,3)"), text=repr(text)) from None


def _out_dir(path: str) -> Path:
    d = Path(path)
    d.mkdir(parents=True, exist_ok=True)
    return d


def register_actions(bsub, db) -> None:
    """Add the case actions to `kp breach` (kpcore.cli.compliance owns add/update/list/show)."""
    def action(name, help_text, handler):
        p = bsub.add_parser(name, parents=[db], help=help_text)
        p.add_argument("id", type=int, help=N_("breach id"))
        p.add_argument("--json", action="store_true", help=N_("print the result as JSON"))
        p.set_defaults(handler=handler)
        return p

    p = action("assess", N_("risk assessment with the EDPB Guidelines 9/2022 factors"), cmd_assess)
    p.add_argument("--types", required=True, help=N_("confidentiality, integrity, availability (comma list)"))
    p.add_argument("--malicious", default="no", help=N_("malicious intent: yes/no"))
    p.add_argument("--data", required=True, choices=["basic", "behavioural", "financial", "sensitive"],
                   help=N_("nature of the data (ENISA data-processing context)"))
    p.add_argument("--identification", required=True, choices=["negligible", "limited", "significant", "maximum"])
    p.add_argument("--consequences", required=True, choices=["minor", "significant", "serious", "very_serious"])
    p.add_argument("--vulnerable", default="no", help=N_("special characteristics of the people (children ...): yes/no"))
    p.add_argument("--people", type=int, help=N_("number of people (default: the breach's estimate)"))
    p.add_argument("--records", type=int, help=N_("number of records (default: the breach's estimate)"))
    p.add_argument("--level", choices=["unlikely", "risk", "high"], help=N_("the DPO's level (default: the suggestion)"))
    p.add_argument("--justification", required=True, help=N_("why (Art. 33(5))"))

    p = action("decide", N_("the decision whether to notify the Ombudsman, with its reason"), cmd_decide)
    p.add_argument("--notify", required=True, help=N_("yes or no"))
    p.add_argument("--reason", required=True)

    p = action("notify", N_("record the notification to the Ombudsman (version 1) and print its text"), cmd_notify)
    p.add_argument("--at", help=N_("when it was sent (default now)"))
    p.add_argument("--kind", choices=["preliminary", "complete"], default="preliminary")
    p.add_argument("--delay-reason", help=N_("required when sent more than 72 h after awareness (Art. 33(1))"))
    p.add_argument("--reference", help=N_("the Ombudsman's record number, if known"))
    p.add_argument("--lang", choices=LANGS, default="fi")
    p.add_argument("-o", "--output", help=N_("also write the PDF here"))
    p.add_argument("--draft", action="store_true", help=N_("print the text only, record nothing"))

    p = action("supplement", N_("a supplement to the notification (next version, dated)"), cmd_supplement)
    p.add_argument("--note", help=N_("what the supplement adds or corrects (required unless --draft)"))
    p.add_argument("--at", help=N_("when it was sent (default now)"))
    p.add_argument("--final", action="store_true", help=N_("the last supplement"))
    p.add_argument("--reference")
    p.add_argument("--lang", choices=LANGS, default="fi")
    p.add_argument("-o", "--output", help=N_("also write the PDF here"))
    p.add_argument("--draft", action="store_true", help=N_("print the text only, record nothing"))

    p = action("notification", N_("print a notification version (or the next draft) as text or PDF"), cmd_notification)
    p.add_argument("--version", type=int, help=N_("a sent version (default: the draft of the next one)"))
    p.add_argument("--lang", choices=LANGS, default="fi")
    p.add_argument("-o", "--output", help=N_("write the PDF here ('-' = stdout); default: print the text"))
    p.add_argument("--secure", action="store_true", help=N_("print the sensitive details for the secure message"))
    p.add_argument("--secure-sent", metavar="TIME", help=N_("record that the version's sensitive details were sent"))

    p = action("tell-controllers", N_("processor role: list the engagements and tell every controller (33(2))"),
               cmd_tell_controllers)
    p.add_argument("--engagements", help=N_("engagement ids the breach touched (comma list); added to the list"))
    p.add_argument("--at", help=N_("when the notices went (default now)"))
    p.add_argument("--lang", choices=LANGS, default="fi")
    p.add_argument("-o", "--output-dir", help=N_("write one PDF notice per engagement here"))
    p.add_argument("--draft", action="store_true", help=N_("list and print the notices, record none as sent"))

    p = action("ack", N_("record a controller's acknowledgement"), cmd_ack)
    p.add_argument("--engagement", type=int, required=True)
    p.add_argument("--at", help=N_("when (default now)"))
    p.add_argument("--by", help=N_("who acknowledged (name or role)"))

    p = action("tell-people", N_("high risk: letters to the people (Art. 34) and when each was told"), cmd_tell_people)
    p.add_argument("--contacts", help=N_("contact ids to add to the people concerned (comma list)"))
    p.add_argument("--lang", choices=["fi", "sv", "en"],
                   help=N_("language of the letters for --contacts (default: each person's own, else fi)"))
    p.add_argument("--at", help=N_("when they were told (default now)"))
    p.add_argument("--channel", choices=["email", "letter", "phone", "other"], default="email")
    p.add_argument("-o", "--output", help=N_("write the letters as one PDF here"))
    p.add_argument("--draft", action="store_true", help=N_("write the letters, record nobody as told"))
    p.add_argument("--exempt", choices=["a", "b", "c"], help=N_("Art. 34(3) ground instead of telling each person"))
    p.add_argument("--reason", help=N_("why the Art. 34(3) ground applies"))

    p = action("nis2", N_("Cybersecurity Act: significant incident and the reports to NCSC-FI"), cmd_nis2)
    p.add_argument("--significant", help=N_("yes/no"))
    p.add_argument("--early-warning", help=N_("when the early warning (24 h) was sent"))
    p.add_argument("--notification", help=N_("when the incident notification (72 h) was sent"))
    p.add_argument("--final-report", help=N_("when the final report (1 month) was sent"))

    p = action("case", N_("the whole case: facts, assessments, notifications, controllers, people, clocks"), cmd_case)
    p.add_argument("--lang", choices=LANGS, default=None, help=N_("language of the texts (default: the terminal's, KP_LANG)"))

    p = bsub.add_parser("terms", parents=[db], help=N_("an engagement agreement's breach-notice limit, objection "
                                                    "window and Cybersecurity Act scope"))
    p.add_argument("engagement", type=int)
    p.add_argument("--notice-hours", help=N_("hours to tell the controller ('none' = without undue delay)"))
    p.add_argument("--objection-days", help=N_("days to object to a sub-processor change ('none' = 30)"))
    p.add_argument("--nis2", help=N_("agreement within the Cybersecurity Act: yes/no"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_terms)

    p = bsub.add_parser("nis2-scope", parents=[db], help=N_("mark the company within the Cybersecurity Act (default: no)"))
    p.add_argument("--company", required=True, help=N_("yes/no"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_nis2_scope)

    p = bsub.add_parser("clocks", parents=[db], help=N_("every running breach clock, soonest first"))
    p.add_argument("--lang", choices=LANGS, default=None, help=N_("language of the texts (default: the terminal's, KP_LANG)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_clocks)


def register(sub, db) -> None:
    p = sub.add_parser("subprocessor", help=N_("sub-processor changes told to controllers (Art. 28(2), 28(4))"))
    s = p.add_subparsers(dest="sub_command", metavar="ACTION")
    s.required = True
    a = s.add_parser("add", parents=[db], help=N_("record an intended change; lists the affected engagements"))
    a.add_argument("--name", required=True, help=N_("the new sub-processor"))
    a.add_argument("--replaces", help=N_("the sub-processor it replaces"))
    a.add_argument("--service", required=True, help=N_("what it does (Finnish)"))
    a.add_argument("--service-en", help=N_("what it does (English)"))
    a.add_argument("--country", default="FI")
    a.add_argument("--effective", required=True, help=N_("when it takes effect"))
    a.add_argument("--engagements", help=N_("engagement ids (default: every planned or active one)"))
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_sub_add)
    for name, help_text, handler in (("notify", N_("record that the notices went; windows start"), cmd_sub_notify),
                                     ("object", N_("record a controller's objection"), cmd_sub_object),
                                     ("outcome", N_("record how an engagement's notice ended"), cmd_sub_outcome),
                                     ("show", N_("one change with every notice, window and objection"), cmd_sub_show)):
        x = s.add_parser(name, parents=[db], help=help_text)
        x.add_argument("id", type=int, help=N_("change id"))
        x.add_argument("--json", action="store_true")
        x.set_defaults(handler=handler)
        if name in ("notify", "object", "outcome"):
            x.add_argument("--on", help=N_("date (default today)"))
        if name == "notify":
            x.add_argument("--engagements", help=N_("only these engagements"))
            x.add_argument("--lang", choices=LANGS, default="fi")
            x.add_argument("--draft", action="store_true", help=N_("print the notices, record nothing"))
        if name in ("object", "outcome"):
            x.add_argument("--engagement", type=int, required=True)
        if name == "object":
            x.add_argument("--text", required=True, help=N_("what the controller objects to"))
        if name == "outcome":
            x.add_argument("--outcome", required=True,
                           choices=["accepted", "objection_resolved", "change_withdrawn", "engagement_ended"])
            x.add_argument("--note")
    ls = s.add_parser("list", parents=[db], help=N_("every change and its notices"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_sub_list)


# -- handlers ---------------------------------------------------------------------------------

def _done(args, obj, text: str) -> int:
    if args.json:
        common.emit_json(obj)
    else:
        print(text, file=sys.stderr)
    return 0


def cmd_assess(args):
    from .. import breaches
    from ..breach import case, risk

    reg = common.register(args)
    with reg.read() as q:
        b = breaches.get(q, args.id)
    f = risk.Factors(tuple(t.strip() for t in args.types.split(",") if t.strip()), breaches._bool(args.malicious),
                     args.data, args.identification, args.consequences, breaches._bool(args.vulnerable),
                     args.people if args.people is not None else b["approx_subjects"],
                     args.records if args.records is not None else b["approx_records"])
    r = case.assess(reg, common.actor(), args.id, f, level=args.level, justification=args.justification)
    return _done(args, {"breach": args.id, **r},
                 _("breach #{id}: {level} (suggested {suggested}, ENISA score {score})").format(
                     id=args.id, level=r["level"], suggested=r["suggested"], score=r["score"]))


def cmd_decide(args):
    from .. import breaches
    from ..breach import case

    notify = breaches._bool(args.notify)
    case.decide(common.register(args), common.actor(), args.id, notify=notify, reason=args.reason)
    return _done(args, {"breach": args.id, "notify": notify},
                 _("breach #{id}: notify = {notify}").format(id=args.id, notify=notify))


def _print_notification(args, reg, version: int | None) -> dict:
    from ..breach import outputs

    with reg.read() as q:
        text = outputs.notification(q, args.id, lang=args.lang, version=version)
        pdf = outputs.notification(q, args.id, lang=args.lang, version=version, fmt="pdf") if args.output else None
    if pdf is not None:
        common.write_output(pdf, args.output, "")
    if not args.json:
        print(text)
    return {"text": text}


def cmd_notify(args):
    from ..breach import case

    reg = common.register(args)
    if args.draft:
        out = _print_notification(args, reg, None)
        return _done(args, {"breach": args.id, "draft": True, **out}, _("draft only: nothing was recorded"))
    case.notify(reg, common.actor(), args.id, sent_at=args.at, kind=args.kind, delay_reason=args.delay_reason,
                reference=args.reference)
    out = _print_notification(args, reg, 1)
    with reg.read() as q:
        c = case.get_case(q, args.id)
    return _done(args, {"breach": args.id, "version": 1, "kind": args.kind, "sent_at": c["authority_notified_at"],
                        "clock": c["clock"]["state"], "hours_after_awareness": round(c["clock"]["hours_taken"], 1), **out},
                 _("breach #{id}: notification version 1 recorded ({state}); copy the text above into the Ombudsman's "
                   "e-form").format(id=args.id, state=c["clock"]["state"]))


def cmd_supplement(args):
    from ..breach import case
    from ..errors import KpError

    reg = common.register(args)
    if args.draft:
        out = _print_notification(args, reg, None)
        return _done(args, {"breach": args.id, "draft": True, **out}, _("draft only: nothing was recorded"))
    if not args.note:
        raise KpError(N_("--note is required: say what the supplement adds or corrects"))
    v = case.supplement(reg, common.actor(), args.id, note=args.note, sent_at=args.at, final=args.final,
                        reference=args.reference)
    out = _print_notification(args, reg, v)
    return _done(args, {"breach": args.id, "version": v, **out},
                 _("breach #{id}: supplement version {version} recorded").format(id=args.id, version=v))


def cmd_notification(args):
    from ..breach import case, outputs

    reg = common.register(args)
    if args.secure_sent:
        case.secure_sent(reg, common.actor(), args.id, args.version or 1, args.secure_sent)
    with reg.read() as q:
        if args.secure:
            text = outputs.secure_message(q, args.id, lang=args.lang)
        else:
            text = outputs.notification(q, args.id, lang=args.lang, version=args.version)
        if args.output:
            data = outputs.notification(q, args.id, lang=args.lang, version=args.version, fmt="pdf")
    if args.output:
        common.write_output(data, args.output, "")
        if args.output == "-":
            return 0
    if args.json:
        common.emit_json({"breach": args.id, "version": args.version, "text": text})
    else:
        print(text)
    return 0


def cmd_tell_controllers(args):
    from ..breach import controllers, outputs
    from ..errors import KpError

    reg = common.register(args)
    ids = _ids(args.engagements)
    if ids:
        controllers.link_engagements(reg, common.actor(), args.id, ids)
    told = [] if args.draft else controllers.tell(reg, common.actor(), args.id, at=args.at)
    with reg.read() as q:
        notices = outputs.controller_notices(q, args.id, lang=args.lang)
        from ..breach.case import get_case
        rows = get_case(q, args.id)["controllers"]
        if not notices:
            raise KpError(N_("breach #{id} lists no engagements: give --engagements 1,2,3"), id=args.id)
        if args.output_dir:
            d = _out_dir(args.output_dir)
            for n in notices:
                path = d / f"breach-{args.id}-engagement-{n['engagement_id']}-{args.lang}.pdf"
                path.write_bytes(outputs.controller_notice_pdf(q, args.id, n["engagement_id"], lang=args.lang))
                print(_("wrote {path}").format(path=path), file=sys.stderr)
    if not args.json:
        for n in notices:
            print(n["text"])
    by_id = {r["engagement_id"]: r for r in rows}
    return _done(args, {"breach": args.id, "told": told, "draft": args.draft,
                        "controllers": [{**by_id[n["engagement_id"]], "notice": n["text"]} for n in notices]},
                 _("breach #{id}: {n} controller notice(s) recorded as sent").format(id=args.id, n=len(told))
                 if not args.draft else _("draft only: nothing was recorded as sent"))


def cmd_ack(args):
    from ..breach import controllers

    controllers.ack(common.register(args), common.actor(), args.id, args.engagement, at=args.at, by=args.by)
    return _done(args, {"breach": args.id, "engagement": args.engagement, "acknowledged": True},
                 _("breach #{id}: engagement #{engagement} acknowledged").format(id=args.id, engagement=args.engagement))


def cmd_tell_people(args):
    from ..breach import case, outputs

    reg = common.register(args)
    if args.exempt:
        case.exempt_people(reg, common.actor(), args.id, ground=args.exempt, reason=args.reason or "")
        return _done(args, {"breach": args.id, "exempt": args.exempt},
                     _("breach #{id}: Art. 34(3)({ground}) recorded").format(id=args.id, ground=args.exempt))
    ids = _ids(args.contacts)
    if ids:
        case.add_people(reg, common.actor(), args.id, ids, lang=args.lang)
    if args.output:
        with reg.read() as q:
            common.write_output(outputs.letter_pdf(q, args.id, ids), args.output, "")
    told = 0 if args.draft else case.tell_people(reg, common.actor(), args.id, at=args.at, channel=args.channel,
                                                  contact_ids=ids)
    with reg.read() as q:
        people = case.get_case(q, args.id)["people"]
    return _done(args, {"breach": args.id, "told": told, "draft": args.draft,
                        "people": [{k: p[k] for k in ("contact_id", "lang", "told_at", "channel")} for p in people]},
                 _("breach #{id}: {told} person(s) recorded as told; {left} not yet").format(
                     id=args.id, told=told, left=sum(1 for p in people if p["told_at"] is None)))


def cmd_nis2(args):
    from ..breach import case

    changed = case.set_nis2(common.register(args), common.actor(), args.id, significant=args.significant,
                            early_warning_at=args.early_warning, notification_at=args.notification,
                            final_report_at=args.final_report)
    return _done(args, {"breach": args.id, "changed": changed},
                 _("breach #{id}: {fields} set").format(id=args.id, fields=", ".join(changed) or _("nothing")))


def cmd_nis2_scope(args):
    from .. import breaches
    from ..breach import case

    v = breaches._bool(args.company)
    case.set_company_nis2(common.register(args), common.actor(), v)
    return _done(args, {"company_in_scope": v}, _("company within the Cybersecurity Act: {value}").format(value=v))


def cmd_terms(args):
    from ..breach import controllers

    kw = {}
    if args.notice_hours is not None:
        kw["breach_notice_hours"] = args.notice_hours
    if args.objection_days is not None:
        kw["objection_days"] = args.objection_days
    if args.nis2 is not None:
        kw["nis2_in_scope"] = args.nis2
    reg = common.register(args)
    if kw:
        controllers.set_terms(reg, common.actor(), args.engagement, **kw)
    with reg.read() as q:
        t = controllers.terms(q, args.engagement)
    return _done(args, t, _("engagement #{engagement}: notice {hours} h, objection {days} days, NIS2 {nis2}").format(
        engagement=args.engagement, hours=t["breach_notice_hours"] or _("without undue delay"),
        days=t["objection_days"] or controllers.DEFAULT_OBJECTION_DAYS, nis2=t["nis2_in_scope"]))


def cmd_case(args):
    from .. import breaches
    from ..breach import case, clocks

    with common.register(args).read() as q:
        c = case.get_case(q, args.id)
    if args.json:
        common.emit_json(c)
        return 0
    from .. import fmt, i18n

    lang = args.lang or common.ui_lang()
    print(f"#{c['id']}  {c['description']}")
    notify = "-" if c["notify"] is None else i18n.gettext("Yes" if c["notify"] else "No", lang)
    print(_("stage: {stage}   risk: {risk}   notify: {notify}").format(
        stage=i18n.label(case.STAGE_TEXT, case.stage(c), lang),
        risk=i18n.label(breaches.RISK_TEXT, c["risk"], lang) if c["risk"] else "-", notify=notify))
    for k in c["clocks"]:
        print(f"  {clocks.label(k, lang):60} {fmt.datetime(k['due'], lang):20}  {clocks.status_text(k, lang)}")
    for n in c["notifications"]:
        print(f"  v{n['version']} {i18n.label(case.NOTIFICATION_KINDS, n['kind'], lang):32} "
              f"{fmt.datetime(n['sent_at'], lang)}")
    return 0


def cmd_clocks(args):
    from ..breach import case
    from ..breach.timing import left_text

    with common.register(args).read() as q:
        rows = case.running(q)
    if args.json:
        common.emit_json([{**r, "time_left": r["time_left"].total_seconds()} for r in rows])
        return 0
    from .. import fmt

    lang = args.lang or common.ui_lang()
    for r in rows:
        print(f"{fmt.datetime(r['due'], lang):20}  {left_text(r['hours_left'], lang):22} "
              f"{r.get('what_' + lang) or r['what_en']}")
    return 0


def cmd_sub_add(args):
    from ..breach import subprocessors

    reg = common.register(args)
    cid = subprocessors.add_change(reg, common.actor(), subprocessor=args.name, replaces=args.replaces,
                                   service_fi=args.service, service_en=args.service_en, country=args.country,
                                   effective_on=args.effective, engagement_ids=_ids(args.engagements))
    with reg.read() as q:
        ch = subprocessors.change(q, cid)
    if not args.json:
        print(cid)
    return _done(args, ch, _("sub-processor change #{id}: {n} engagement(s) affected").format(
        id=cid, n=len(ch["notices"])))


def cmd_sub_notify(args):
    from ..breach import subprocessors

    reg = common.register(args)
    sent = [] if args.draft else subprocessors.send_notices(reg, common.actor(), args.id, on=args.on,
                                                            engagement_ids=_ids(args.engagements))
    with reg.read() as q:
        ch = subprocessors.change(q, args.id)
        controller = q.one("controller")
    wanted = set(sent) if not args.draft else {n["engagement_id"] for n in ch["notices"]}
    texts_ = {n["engagement_id"]: subprocessors.notice_text(ch, n, controller, args.lang)
              for n in ch["notices"] if n["engagement_id"] in wanted}
    if not args.json:
        for t in texts_.values():
            print(t)
    return _done(args, {"change": args.id, "sent": sent, "notices": texts_},
                 _("change #{id}: {n} notice(s) recorded as sent").format(id=args.id, n=len(sent)))


def cmd_sub_object(args):
    from ..breach import subprocessors

    in_time = subprocessors.object_to(common.register(args), common.actor(), args.id, args.engagement, on=args.on,
                                      text=args.text)
    return _done(args, {"change": args.id, "engagement": args.engagement, "in_time": in_time},
                 (_("change #{id}: objection recorded (within the window)") if in_time else
                  _("change #{id}: objection recorded (AFTER the window)")).format(id=args.id))


def cmd_sub_outcome(args):
    from ..breach import subprocessors

    subprocessors.record_outcome(common.register(args), common.actor(), args.id, args.engagement,
                                 outcome=args.outcome, on=args.on, note=args.note)
    return _done(args, {"change": args.id, "engagement": args.engagement, "outcome": args.outcome},
                 _("change #{id}: engagement #{engagement} {outcome}").format(id=args.id, engagement=args.engagement,
                                                                              outcome=args.outcome))


def cmd_sub_show(args):
    from ..breach import subprocessors

    with common.register(args).read() as q:
        ch = subprocessors.change(q, args.id)
    if args.json:
        common.emit_json(ch)
        return 0
    from .. import fmt, i18n

    lang = common.ui_lang()
    day = lambda d: fmt.date(d, lang) if d else "-"  # noqa: E731
    print(f"#{ch['id']} {ch['subprocessor']} " + _("(replaces {old}), effective {day}").format(
        old=ch["replaces"] or "-", day=day(ch["effective_on"])))
    for n in ch["notices"]:
        print(f"  {n['customer_name']} / {n['system']}: " + _(
            "{state}, window {days} d, due {due}, objected {objected}, outcome {outcome}").format(
            state=i18n.label(subprocessors.STATE_TEXT, n["state"], lang), days=n["window_days"],
            due=day(n["objection_due"]), objected=day(n["objected_on"]),
            outcome=i18n.label(subprocessors.OUTCOMES, n["outcome"], lang) if n["outcome"] else "-"))
    return 0


def cmd_sub_list(args):
    from ..breach import subprocessors

    with common.register(args).read() as q:
        rows = subprocessors.changes(q)
    if args.json:
        common.emit_json(rows)
        return 0
    from .. import fmt, i18n

    lang = common.ui_lang()
    for ch in rows:
        states = {}
        for n in ch["notices"]:
            states[n["state"]] = states.get(n["state"], 0) + 1
        print(f"#{ch['id']} {ch['subprocessor']}  " + _("effective {day}").format(day=fmt.date(ch["effective_on"], lang))
              + "  " + ", ".join(f"{i18n.label(subprocessors.STATE_TEXT, k, lang)}: {v}" for k, v in states.items()))
    return 0
