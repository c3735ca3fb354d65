"""`kp check` (compliance findings), `kp report` (the quarterly report) and `kp breach` (Art. 33).

`kp check` exits 3 when any finding is of high severity (a legal obligation breached now),
0 otherwise, so a scheduled job can alert on it; errors exit 1 as everywhere.
"""
from __future__ import annotations

import sys

from . import N_, common

# option -> breach field (kpcore.breaches.FIELDS)
BREACH_OPTIONS = [
    ("--occurred", "occurred_at", N_("when it happened (2026-11-20 09:30 or 20.11.2026 9.30)")),
    ("--aware", "aware_at", N_("when the company became aware: the 72-hour clock starts here")),
    ("--description", "description", N_("what happened")),
    ("--data-categories", "data_categories", N_("which data (e.g. 'email, name')")),
    ("--subjects", "approx_subjects", N_("roughly how many people")),
    ("--records", "approx_records", N_("roughly how many records")),
    ("--effects", "effects", N_("likely consequences")),
    ("--remedial-action", "remedial_action", N_("what was done about it")),
    ("--risk", "risk", N_("risk assessment: unlikely, risk or high")),
    ("--notify", "notify", N_("decision to notify the authority: yes or no")),
    ("--decision-reason", "decision_reason", N_("why notify or not (Art. 33(5))")),
    ("--notified", "authority_notified_at", N_("when the authority was notified")),
    ("--delay-reason", "delay_reason", N_("why the notification came after 72 hours")),
    ("--subjects-informed", "subjects_informed_at", N_("when the people were told (Art. 34)")),
    ("--processor-role", "processor_role", N_("yes if it happened in the processor role (customer's data)")),
    ("--customer", "customer_id", N_("the customer (controller) id, in the processor role")),
    ("--customer-informed", "customer_informed_at", N_("when the customer was told (Art. 33(2))")),
    ("--how", "how", N_("how it happened and how it was found")),
    ("--cause", "cause", N_("the cause")),
    ("--timeline", "timeline", N_("the timeline")),
    ("--subject-categories", "subject_categories", N_("categories of the people concerned")),
    ("--breach-types", "breach_types", N_("confidentiality, integrity, availability (comma list)")),
    ("--ongoing", "ongoing", N_("still ongoing: yes or no")),
    ("--measures-planned", "measures_planned", N_("measures planned")),
    ("--contact-point", "contact_point", N_("contact point for the authority and the people (default: the DPO)")),
    ("--sensitive-details", "sensitive_details", N_("details that go only by secure message, never in the e-form")),
]


def register(sub, db):
    p = sub.add_parser("check", parents=[db], help=N_("list compliance findings (exit 3 if any is high severity)"),
                       description=N_("List every compliance finding, most severe first. Exit status 3 when any "
                                   "finding is of high severity, 0 when none is, 1 on errors."))
    p.add_argument("--json", action="store_true", help=N_("print the findings as JSON"))
    p.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("report", parents=[db], help=N_("the quarterly compliance report (PDF)"),
                       description=N_("Write the quarterly report as PDF. Default: the last complete quarter. "
                                   "--issue freezes the quarter's figures first (the next quarter compares "
                                   "against them)."))
    p.add_argument("--quarter", metavar="YYYYQn", help=N_("e.g. 2026Q3 (default: the last complete quarter)"))
    p.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    p.add_argument("-o", "--output", metavar="FILE", help=N_("output file ('-' = stdout); default kuntaplus-report-<quarter>-<lang>.pdf"))
    p.add_argument("--issue", action="store_true", help=N_("issue the quarter: store its figures as a frozen snapshot"))
    p.add_argument("--json", action="store_true", help=N_("print the figures and comparison as JSON instead of a PDF"))
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("breach", help=N_("the breach register (Art. 33)"))
    bsub = p.add_subparsers(dest="breach_command", metavar="ACTION")
    bsub.required = True
    a = bsub.add_parser("add", parents=[db], help=N_("record a breach (at least --aware and --description)"))
    _breach_options(a)
    a.set_defaults(handler=cmd_breach_add)
    u = bsub.add_parser("update", parents=[db], help=N_("change fields of a breach ('' clears a field)"))
    u.add_argument("id", type=int)
    _breach_options(u)
    u.set_defaults(handler=cmd_breach_update)
    ls = bsub.add_parser("list", parents=[db], help=N_("every breach with its 72-hour clock"))
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--lang", choices=["fi", "sv", "en"], default=None,
                    help=N_("language of the clock texts (default: the terminal's, KP_LANG)"))
    ls.set_defaults(handler=cmd_breach_list)
    sh = bsub.add_parser("show", parents=[db], help=N_("one breach, every field"))
    sh.add_argument("id", type=int)
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(handler=cmd_breach_show)
    from .breaches import register_actions  # the case walk: assess, notify, tell-controllers ... (issue 15)
    register_actions(bsub, db)


def _breach_options(p) -> None:
    for opt, field, help_text in BREACH_OPTIONS:
        p.add_argument(opt, dest=field, metavar="VALUE", help=help_text)


def _breach_values(args) -> dict:
    return {field: getattr(args, field) for _, field, _ in BREACH_OPTIONS if getattr(args, field) is not None}


def cmd_check(args):
    from .. import compliance, i18n

    reg = common.register(args)
    with reg.read() as q:
        items = compliance.findings(q)
    if args.json:
        common.emit_json({"summary": compliance.summary(items), "findings": [f.as_dict() for f in items]})
    else:
        if not items:
            print(i18n.gettext("No findings.", args.lang))
        for f in items:
            sev = i18n.gettext(compliance.SEVERITY_TEXT[f.severity], args.lang)
            art = i18n.gettext("(art. {article})", args.lang).format(article=f.article)
            print(f"[{sev.upper()}] {f.title(args.lang)} {art} — {f.text(args.lang)}  {f.link}")
        s = compliance.summary(items)["by_severity"]
        print(i18n.gettext("Total: {n} (high {high}, medium {medium}, low {low})", args.lang).format(
            n=len(items), high=s["high"], medium=s["medium"], low=s["low"]), file=sys.stderr)
    return compliance.HIGH_EXIT_CODE if any(f.severity == "high" for f in items) else 0


def cmd_report(args):
    from .. import quarter

    reg = common.register(args)
    with reg.read() as q:
        quarter_key = quarter.parse_quarter(args.quarter) if args.quarter else quarter.last_complete()
    if args.issue:
        quarter.issue(reg, common.actor(), quarter_key)
        print(common._("issued {quarter}: its figures are now frozen").format(quarter=quarter_key), file=sys.stderr)
    with reg.read() as q:
        if args.json:
            common.emit_json(quarter.report(q, quarter_key))
            return 0
        data = quarter.report_pdf(q, quarter_key, args.lang)
    common.write_output(data, args.output, f"kuntaplus-report-{quarter_key}-{args.lang}.pdf")
    reg.record(common.actor(), "report.export", "quarter", quarter_key, {"lang": args.lang, "format": "pdf"})
    return 0


def cmd_breach_add(args):
    from ..breach import case

    bid = case.open_case(common.register(args), common.actor(), _breach_values(args))
    print(bid)
    print(common._("recorded breach #{id}").format(id=bid), file=sys.stderr)
    return 0


def cmd_breach_update(args):
    values = _breach_values(args)
    if not values:
        from ..errors import KpError
        raise KpError(N_("nothing to change: give at least one field option (see kp breach update --help)"))
    from ..breach import case

    changed = case.set_facts(common.register(args), common.actor(), args.id, values)
    print(common._("breach #{id}: {what}").format(id=args.id, what=common.changed(changed, common._("nothing changed"))),
          file=sys.stderr)
    return 0


def cmd_breach_list(args):
    from .. import breaches

    with common.register(args).read() as q:
        rows = breaches.list_breaches(q)
    if args.json:
        common.emit_json(rows)
        return 0
    from .. import fmt, i18n

    lang = args.lang or common.ui_lang()
    if not rows:
        print(i18n.gettext("No breaches recorded.", lang))
    risks = {b["id"]: i18n.label(breaches.RISK_TEXT, b["risk"], lang) if b["risk"] else "-" for b in rows}
    width = max((len(r) for r in risks.values()), default=1)
    days = {b["id"]: fmt.datetime(b["aware_at"], lang) for b in rows}
    day_width = max((len(d) for d in days.values()), default=1)
    for b in rows:
        print(f"#{b['id']}  {days[b['id']]:{day_width}}  {risks[b['id']]:{width}}  "
              f"{breaches.clock_text(b['clock'], lang)}"
              + ("  [" + i18n.gettext("processor role", lang) + "]" if b["processor_role"] else ""))
    return 0


def _breach_value(kind: str, value, lang: str) -> str:
    """A breach field's value as the terminal's language writes it (days, yes/no, the risk's name)."""
    from .. import breaches, fmt, i18n

    if value is None:
        return ""
    if kind == "datetime":
        return fmt.datetime(value, lang)
    if kind == "bool":
        return i18n.gettext("Yes" if value else "No", lang)
    if kind == "risk":
        return i18n.label(breaches.RISK_TEXT, value, lang)
    return str(value)


def cmd_breach_show(args):
    from .. import breaches, i18n

    with common.register(args).read() as q:
        b = breaches.get(q, args.id)
    if args.json:
        common.emit_json(b)
        return 0
    ui = common.ui_lang()
    labels = {field: i18n.gettext(label[-1], ui) for field, (_kind, *label) in breaches.FIELDS.items()}
    labels["clock"] = common._("72-hour clock")
    width = max(len(t) for t in labels.values()) + 1
    for field, (kind, *_label) in breaches.FIELDS.items():
        print(f"{labels[field]:{width}} {_breach_value(kind, b[field], ui)}".rstrip())
    print(f"{labels['clock']:{width}} {breaches.clock_text(b['clock'], ui)}")
    return 0
    ui = common.ui_lang()
    for field, (_kind, *label) in breaches.FIELDS.items():
        print(f"{i18n.gettext(label[-1], ui):32} {'' if b[field] is None else b[field]}")
    print(f"{common._('72-hour clock'):32} {breaches.clock_text(b['clock'], ui)}")
    return 0
