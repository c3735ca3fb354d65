"""`kp processor ...` (engagements in customers' systems, Art. 28) and `kp record` (Art. 30 records)."""
from __future__ import annotations

import sys

from . import N_, common

ENGAGEMENT_OPTIONS = [
    # (flag, dest, help)
    ("--system", "system", N_("the customer's system KuntaPlus works in")),
    ("--vendor", "vendor", N_("the system's software vendor")),
    ("--service", "service_fi", N_("nature and purpose of the service (Finnish)")),
    ("--service-en", "service_en", N_("nature and purpose of the service (English; default: as --service)")),
    ("--service-sv", "service_sv", N_("nature and purpose of the service (Swedish; default: read as the Finnish)")),
    ("--subjects", "subjects_fi", N_("categories of data subjects (Finnish; default: the customer's users)")),
    ("--subjects-en", "subjects_en", N_("categories of data subjects (English)")),
    ("--subjects-sv", "subjects_sv", N_("categories of data subjects (Swedish)")),
    ("--starts-on", "starts_on", N_("first day of the engagement (default: today)")),
    ("--ends-on", "ends_on", N_("agreed last day, if any")),
    ("--agreement-ref", "agreement_ref", N_("the processing agreement's reference")),
    ("--agreement-signed-on", "agreement_signed_on", N_("the day the agreement was signed")),
    ("--agreement-location", "agreement_location", N_("where the signed agreement is kept")),
    ("--authorised-by", "authorised_by", N_("who authorised KuntaPlus as sub-processor")),
    ("--authorised-on", "authorised_on", N_("when the authorisation was given")),
    ("--transfers", "transfers_fi", N_("transfers outside the EU/EEA (Finnish; default: none)")),
    ("--transfers-en", "transfers_en", N_("transfers outside the EU/EEA (English)")),
    ("--transfers-sv", "transfers_sv", N_("transfers outside the EU/EEA (Swedish)")),
    ("--security", "security_fi", N_("security measures of this engagement (Finnish)")),
    ("--security-en", "security_en", N_("security measures of this engagement (English)")),
    ("--security-sv", "security_sv", N_("security measures of this engagement (Swedish)")),
]
# An option's help ends so when the option is required: kpcore.cli translates the two parts apart
REQUIRED = " " + N_("(required)")
CUSTOMER_OPTIONS = [
    ("--business-id", "business_id", N_("the customer's business ID (Y-tunnus)")),
    ("--address", "address", N_("the customer's address")),
    ("--contact-name", "contact_name", N_("the customer's contact person")),
    ("--contact-email", "contact_email", N_("the contact person's email")),
    ("--dpo-name", "dpo_name", N_("the customer's data protection officer")),
    ("--dpo-email", "dpo_email", N_("the customer's DPO email")),
]


def _engagement_args(p, *, new: bool) -> None:
    for flag, dest, text in ENGAGEMENT_OPTIONS:
        required = new and dest in ("system", "vendor", "service_fi")
        p.add_argument(flag, dest=dest, metavar="TEXT" if "_on" not in dest else "DATE",
                       help=text + REQUIRED if required else text)
    p.add_argument("--role", choices=["processor", "sub_processor"],
                   help=N_("whose processor KuntaPlus is here: the customer's directly (processor), or a sub-processor "
                        "engaged by another processor, e.g. the vendor that delivered the system (Art. 30(2)(a))"))
    p.add_argument("--engaged-by", dest="engaged_by", metavar="TEXT",
                   help=N_("with --role sub_processor: the processor that engaged KuntaPlus (required)"))
    p.add_argument("--engaged-by-contact", dest="engaged_by_contact", metavar="TEXT",
                   help=N_("with --role sub_processor: that processor's contact (name, email; required)"))
    p.add_argument("--authorisation", choices=["general", "specific"],
                   help=N_("the controller's prior written authorisation to act as sub-processor (Art. 28(2))"))
    p.add_argument("--status", choices=["planned", "active"], help=N_("default: active") if new else None)
    p.add_argument("--category", dest="categories", action="append", metavar="KEY",
                   help=N_("a data category held in the system (repeat or comma-separate); default: the notice's "
                           "processor-role categories") if new else
                   N_("a data category held in the system (repeat or comma-separate); replaces the list"))


def register(sub, db):
    proc = sub.add_parser("processor", help=N_("engagements as a processor in customers' systems (Art. 28)"))
    psub = proc.add_subparsers(dest="processor_command", metavar="ACTION")
    psub.required = True

    p = psub.add_parser("list", parents=[db], help=N_("engagements with their flags"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["fi", "sv", "en"], default="fi", help=N_("language of flag texts"))
    p.set_defaults(handler=cmd_list)

    p = psub.add_parser("add", parents=[db], help=N_("add an engagement (the customer is created if new)"))
    p.add_argument("--customer", required=True, metavar="NAME", help=N_("the customer (controller), by name"))
    _engagement_args(p, new=True)
    for flag, dest, text in CUSTOMER_OPTIONS:
        p.add_argument("--customer-" + flag[2:], dest="customer_" + dest, metavar="TEXT", help=text)
    p.add_argument("--all-clauses", choices=["yes", "no"],
                   help=N_("record every Art. 28(3) clause as present (yes) or absent (no) at once"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_add)

    p = psub.add_parser("update", parents=[db], help=N_("change an engagement's facts (agreement, dates, texts)"))
    p.add_argument("id", type=int, metavar="ID")
    _engagement_args(p, new=False)
    p.set_defaults(handler=cmd_update)

    p = psub.add_parser("customer", parents=[db], help=N_("change a customer's (controller's) contact details"))
    p.add_argument("customer", metavar="NAME_OR_ID")
    for flag, dest, text in CUSTOMER_OPTIONS:
        p.add_argument(flag, dest=dest, metavar="TEXT", help=text)
    p.set_defaults(handler=cmd_customer)

    p = psub.add_parser("show", parents=[db], help=N_("one engagement: details, checklist, access log, flags"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    p.set_defaults(handler=cmd_show)

    p = psub.add_parser("access", parents=[db], help=N_("log an access to personal data in the customer's system"))
    p.add_argument("id", type=int, metavar="ENGAGEMENT_ID")
    p.add_argument("--ticket", metavar="T", help=N_("the customer's request or ticket reference (without it the access is flagged)"))
    p.add_argument("--reason", required=True, metavar="R", help=N_("why the data was touched"))
    p.add_argument("--by", metavar="USER", help=N_("who touched it (default: you)"))
    p.add_argument("--at", dest="accessed_at", metavar="ISO", help=N_("when (default: now), e.g. 2026-11-24T14:30"))
    p.add_argument("--action", metavar="TEXT", help=N_("what was done"))
    p.set_defaults(handler=cmd_access)

    p = psub.add_parser("ticket", parents=[db], help=N_("add the customer's request/ticket reference to a logged access"))
    p.add_argument("access_id", type=int, metavar="ACCESS_ID")
    p.add_argument("ticket", metavar="T")
    p.set_defaults(handler=cmd_ticket)

    from ..models import ART28_CLAUSES
    p = psub.add_parser("clause", parents=[db], help=N_("record an Art. 28(3) clause as present or absent"),
                        description=N_("The clause is one of these keys, or 'all':"),
                        epilog=", ".join(ART28_CLAUSES))  # keys, the same in every language
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("clause", metavar="CLAUSE")
    p.add_argument("present", choices=["yes", "no", "unset"])
    p.set_defaults(handler=cmd_clause)

    p = psub.add_parser("end", parents=[db], help=N_("end an engagement and record the return-or-delete decision"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--on", dest="ends_on", metavar="DATE", help=N_("the last day (required unless already ended)"))
    p.add_argument("--decision", choices=["return", "delete"], help=N_("what happens to the data (Art. 28(3)(g))"))
    p.add_argument("--decided-on", metavar="DATE", help=N_("the day the decision was made"))
    p.set_defaults(handler=cmd_end)

    p = sub.add_parser("record", parents=[db], help=N_("the record of processing activities (Art. 30)"))
    p.add_argument("--processor", action="store_true", help=N_("the record kept as a processor (Art. 30(2))"))
    p.add_argument("--format", choices=["pdf", "xlsx", "csv"], default="pdf")
    p.add_argument("--lang", choices=["fi", "sv", "en"], default="fi")
    p.add_argument("-o", "--output", metavar="FILE", help=N_("where to write ('-' = stdout)"))
    p.set_defaults(handler=cmd_record)


def _split(values):
    if values is None:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _given(args, options) -> dict:
    return {dest: getattr(args, dest) for _, dest, _ in options if getattr(args, dest) is not None}


def cmd_list(args):
    from .. import processors as P

    with common.register(args).read() as q:
        rows = P.engagements(q)
    out = [{"id": r["id"], "customer": r["customer"], "system": r["system"], "vendor": r["vendor"],
            "agreement_signed_on": r["agreement_signed_on"], "status": r["status"], "starts_on": r["starts_on"],
            "ends_on": r["ends_on"], "accesses": r["accesses"], "flags": r["flags"],
            "flag_texts": P.flag_texts(r["flags"], args.lang), "missing_clauses": r["missing_clauses"]}
           for r in rows]
    if args.json:
        common.emit_json(out)
        return 0
    if not out:
        from .. import i18n

        print(i18n.gettext("no engagements", args.lang))
        return 0
    from .. import i18n

    for r in out:
        status = i18n.gettext(P.STATUS_TEXT[r["status"]], args.lang) if r["status"] in P.STATUS_TEXT else r["status"]
        print(f"{r['id']:>4}  {r['customer']}  {r['system']} ({r['vendor']})  {status}  "
              f"{r['agreement_signed_on'] or '-'}")
        for t in r["flag_texts"]:
            print(f"      ! {t}")
    return 0


def cmd_add(args):
    from .. import processors as P
    from ..models import ART28_CLAUSES

    data = {"customer": args.customer, **_given(args, ENGAGEMENT_OPTIONS),
            **{"customer_" + d: getattr(args, "customer_" + d) for _, d, _ in CUSTOMER_OPTIONS
               if getattr(args, "customer_" + d) is not None}}
    if args.authorisation:
        data["authorisation"] = args.authorisation
    for k in ("role", "engaged_by", "engaged_by_contact"):
        if getattr(args, k) is not None:
            data[k] = getattr(args, k)
    if args.status:
        data["status"] = args.status
    if args.categories:
        data["categories"] = _split(args.categories)
    if args.all_clauses:
        data["clauses"] = {k: args.all_clauses == "yes" for k in ART28_CLAUSES}
    reg = common.register(args)
    eid = P.add_engagement(reg, common.actor(), data)
    if args.json:
        with reg.read() as q:
            e = next(r for r in P.engagements(q) if r["id"] == eid)
        common.emit_json({"id": eid, "customer": e["customer"], "flags": e["flags"]})
    else:
        print(eid)
        print(common._("engagement {id} added").format(id=eid), file=sys.stderr)
    return 0


def cmd_update(args):
    from .. import processors as P

    data = _given(args, ENGAGEMENT_OPTIONS)
    for k in ("authorisation", "status", "role", "engaged_by", "engaged_by_contact"):
        if getattr(args, k):
            data[k] = getattr(args, k)
    if args.categories:
        data["categories"] = _split(args.categories)
    if not data:
        raise _nothing()
    P.update_engagement(common.register(args), common.actor(), args.id, data)
    print(common._("engagement {id} updated").format(id=args.id), file=sys.stderr)
    return 0


def _nothing():
    from ..errors import KpError

    return KpError(N_("nothing to change: give at least one option (see --help)"))


def cmd_customer(args):
    from .. import processors as P

    data = _given(args, CUSTOMER_OPTIONS)
    if not data:
        raise _nothing()
    reg = common.register(args)
    if args.customer.isdigit():
        cid = int(args.customer)
    else:
        with reg.read() as q:
            cid = P.customer_id_by_name(q, args.customer)
    P.update_customer(reg, common.actor(), cid, data)
    print(common._("customer {id} updated").format(id=cid), file=sys.stderr)
    return 0


def cmd_show(args):
    from .. import processors as P

    with common.register(args).read() as q:
        e = P.engagement(q, args.id)
    e["flag_texts"] = P.flag_texts(e["flags"], args.lang)
    if args.json:
        common.emit_json(e)
        return 0
    lang = args.lang
    print(f"{e['id']}: {e['customer']} — {e['system']} ({e['vendor']}) — {P.label(P.STATUS_TEXT, e['status'], lang)}")
    print(f"  {P.text_in(e, 'service', lang)}")
    from .. import i18n

    print(f"  {i18n.gettext('agreement', lang)}: {e['agreement_ref'] or '-'} {e['agreement_signed_on'] or '-'}")
    print(f"  {e['starts_on']} – {e['ends_on'] or ''}")
    for c in e["clauses"]:
        mark = {True: "yes", False: "NO", None: "?"}[c["present"]]
        print(f"  [{mark:>3}] {c['clause']}: {c[lang]}")
    for t in e["flag_texts"]:
        print(f"  ! {t}")
    for a in e["accesses"]:
        marks = (" !ticket" if a["without_ticket"] else "") + (" !outside" if a["outside_engagement"] else "")
        print(f"  {a['accessed_at']}  {a['staff']}  {a['ticket_ref'] or '-'}  {a['reason']}{marks}")
    return 0


def cmd_access(args):
    from .. import processors as P

    by = args.by or common.actor().removeprefix("cli:")
    aid = P.log_access(common.register(args), common.actor(), args.id, reason=args.reason, staff=by,
                       ticket_ref=args.ticket, accessed_at=args.accessed_at, action=args.action)
    print(aid)
    if not (args.ticket or "").strip():
        print(common._("access {id} logged WITHOUT a customer request/ticket reference: it is flagged").format(id=aid),
              file=sys.stderr)
    else:
        print(common._("access {id} logged").format(id=aid), file=sys.stderr)
    return 0


def cmd_ticket(args):
    from .. import processors as P

    P.set_access_ticket(common.register(args), common.actor(), args.access_id, args.ticket)
    print(common._("access {id}: request reference recorded").format(id=args.access_id), file=sys.stderr)
    return 0


def cmd_clause(args):
    from .. import processors as P
    from ..models import ART28_CLAUSES

    value = {"yes": True, "no": False, "unset": None}[args.present]
    keys = list(ART28_CLAUSES) if args.clause == "all" else [args.clause]
    P.set_clauses(common.register(args), common.actor(), args.id, {k: value for k in keys})
    print(common._("engagement {id}: {clause} = {value}").format(id=args.id, clause=args.clause, value=args.present),
          file=sys.stderr)
    return 0


def cmd_end(args):
    from .. import processors as P

    P.end_engagement(common.register(args), common.actor(), args.id, ends_on=args.ends_on,
                     decision=args.decision, decided_on=args.decided_on)
    print(common._("engagement {id} ended").format(id=args.id) if args.decision else
          common._("engagement {id} ended (no return-or-delete decision yet: it is flagged until one is recorded)").format(
              id=args.id), file=sys.stderr)
    return 0


def cmd_record(args):
    reg = common.register(args)
    if args.processor:
        from .. import processor_record as PR

        build = {"pdf": PR.record_pdf, "xlsx": PR.record_xlsx, "csv": PR.record_csv}[args.format]
        with reg.read() as q:
            data = build(q, lang=args.lang)
        from .. import i18n

        name = f"{i18n.pgettext('file name', 'processor-record', args.lang)}-30-2.{args.format}"
        action, obj = "record.processor.export", "processor_record"
    else:
        try:
            from ..record import controller_record
        except ImportError:
            from ..errors import KpError
            raise KpError(N_("the controller's record (Art. 30(1)) is not in this version yet; use --processor "
                                   "for the processor's record (Art. 30(2))")) from None
        with reg.read() as q:
            data = controller_record(q, fmt=args.format, lang=args.lang)
        from .. import i18n

        name = f"{i18n.pgettext('file name', 'record', args.lang)}-30-1.{args.format}"
        action, obj = "record.export", "controller_record"
    common.write_output(data, args.output, name)
    reg.record(common.actor(), action, obj, None, {"format": args.format, "lang": args.lang})
    return 0

