"""`kp import contacts`, `kp contacts summary|find|notice-sent`, `kp web truncate-ips`."""
from __future__ import annotations

import sys

from . import N_, common
from .common import _


def register(sub, db):
    p = sub.add_parser("import", help=N_("import data from a file (contacts)"))
    isub = p.add_subparsers(dest="what", metavar="WHAT")
    isub.required = True
    p = isub.add_parser("contacts", parents=[db], help=N_("import contacts from a CSV or XLSX file"),
                        description=N_("Reads CSV (delimiter , ; or tab; UTF-8, UTF-8 with BOM or Windows-1252) or XLSX "
                                    "with Finnish or English headers. With any invalid row nothing is imported."))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=N_("check and report; write nothing"))
    p.add_argument("--skip-invalid", action="store_true",
                   help=N_("import the valid rows; write the rejected ones with reasons to FILE.rejected.csv"))
    p.add_argument("--json", action="store_true", help=N_("print the result as JSON"))
    p.add_argument("--classification", metavar="FILE",
                   help=N_("write each direct-marketing row's electronic-marketing basis and how it was decided (CSV)"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("contacts", help=N_("contacts by purpose and source, search, Art. 14 notice dates"))
    csub = p.add_subparsers(dest="action", metavar="ACTION")
    csub.required = True
    s = csub.add_parser("summary", parents=[db], help=N_("contacts per purpose and source"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_summary)
    s = csub.add_parser("find", parents=[db], help=N_("people whose name, email or phone contains TEXT"))
    s.add_argument("text", metavar="TEXT")
    s.add_argument("--limit", type=int, default=100)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_find)
    s = csub.add_parser("notice-sent", parents=[db],
                        help=N_("record the day the Art. 14 notice reached people (one link, or the pending ones in bulk)"))
    s.add_argument("--contact", type=int, action="append", metavar="ID", help=N_("person id (repeatable)"))
    s.add_argument("--purpose", metavar="KEY", help=N_("the purpose link (default: every pending link of the person)"))
    s.add_argument("--all-pending", action="store_true", help=N_("every link collected from elsewhere with no notice date"))
    s.add_argument("--source", metavar="KEY", help=N_("with --all-pending: only links from this source"))
    s.add_argument("--date", required=True, metavar="DATE", help=N_("the day the notice reached them (2026-11-24 or 24.11.2026)"))
    s.set_defaults(handler=cmd_notice_sent)
    s = csub.add_parser("art14", parents=[db], help=N_("links collected from elsewhere whose notice date is not recorded"))
    s.add_argument("--overdue", action="store_true", help=N_("only those past the one-month limit"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_art14)

    s = csub.add_parser("opt-out", parents=[db],
                        help=N_("record an objection to direct marketing (Art. 21(2)) at once, also for someone not in the "
                             "register; or import an opt-out list file (--file)"),
                        description=N_("The person's marketing link goes and a keyed-hash suppression stops later imports "
                                    "for that purpose only. The address is never written to the audit log."))
    s.add_argument("email", metavar="EMAIL", nargs="?")
    s.add_argument("--file", metavar="FILE", help=N_("a CSV with an email column (e.g. the newsletter tool's unsubscribes), "
                                                  "or one address a line; one transaction"))
    s.add_argument("--purpose", metavar="KEY", help=N_("the purpose (default: every direct-marketing purpose)"))
    s.add_argument("--on", metavar="DATE", help=N_("the day the objection was made (default: today)"))
    s.add_argument("--source", metavar="TEXT", help=N_("where it came from (e.g. 'uutiskirjeen peruutus')"))
    s.add_argument("--skip-invalid", action="store_true", help=N_("with --file: record the valid addresses, list the rest"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_opt_out, withdraw=False)
    s = csub.add_parser("withdraw-consent", parents=[db],
                        help=N_("record a withdrawal of marketing consent (Art. 7(3)): works like opt-out"),
                        description=N_("Withdrawing consent is as easy as giving it and takes effect at once."))
    s.add_argument("email", metavar="EMAIL", nargs="?")
    s.add_argument("--file", metavar="FILE")
    s.add_argument("--purpose", metavar="KEY")
    s.add_argument("--on", metavar="DATE")
    s.add_argument("--source", metavar="TEXT")
    s.add_argument("--skip-invalid", action="store_true")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_opt_out, withdraw=True)
    s = csub.add_parser("lift-suppression", parents=[db],
                        help=N_("lift an opt-out or erasure suppression for a purpose (new contract, new consent), with "
                             "the reason"))
    s.add_argument("email", metavar="EMAIL")
    s.add_argument("--purpose", required=True, metavar="KEY", help=N_("the purpose, or * for an erasure's suppression"))
    s.add_argument("--reason", required=True, metavar="TEXT")
    s.set_defaults(handler=cmd_lift)
    s = csub.add_parser("marketing-list", parents=[db],
                        help=N_("exactly the people lawfully reachable by marketing email now (CSV or XLSX); audited"))
    s.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    s.add_argument("-o", "--output", metavar="FILE", help=N_("output file ('-' = stdout)"))
    s.set_defaults(handler=cmd_marketing_list)
    s = csub.add_parser("language", parents=[db],
                        help=N_("a person's preferred language: letters and the access report are written in it"))
    s.add_argument("person", metavar="EMAIL|ID")
    s.add_argument("language", metavar="fi|sv|en|-", help=N_("'-' clears it (Finnish is then used)"))
    s.set_defaults(handler=cmd_language)
    # Retention anchors (kpcore.retention) and the Art. 14(3)(b) first communication.
    s = csub.add_parser("touch", parents=[db], help=N_("record a contact with a person for a purpose (retention: last contact)"))
    s.add_argument("person", metavar="EMAIL|ID")
    s.add_argument("--purpose", required=True, metavar="KEY")
    s.add_argument("--on", required=True, metavar="DATE", help=N_("the day of the contact (2026-11-24 or 24.11.2026)"))
    s.set_defaults(handler=cmd_touch)
    s = csub.add_parser("training", parents=[db],
                        help=N_("record a training or support event of a person (retention: last training/support)"))
    s.add_argument("person", metavar="EMAIL|ID")
    s.add_argument("--on", required=True, metavar="DATE")
    s.set_defaults(handler=cmd_training)
    s = csub.add_parser("first-communication", parents=[db],
                        help=N_("record the first time the data was used to contact the person (Art. 14(3)(b))"))
    s.add_argument("person", metavar="EMAIL|ID")
    s.add_argument("--purpose", required=True, metavar="KEY")
    s.add_argument("--on", required=True, metavar="DATE")
    s.set_defaults(handler=cmd_first_communication)
    s = csub.add_parser("source-detail", parents=[db],
                        help=N_("record where exactly a link's data came from (which partner, which web site)"))
    s.add_argument("person", metavar="EMAIL|ID")
    s.add_argument("--purpose", required=True, metavar="KEY")
    s.add_argument("--text", required=True)
    s.set_defaults(handler=cmd_source_detail)
    s = csub.add_parser("customer", parents=[db], help=N_("tie a person to a customer organisation (retention: contract end)"))
    s.add_argument("person", metavar="EMAIL|ID")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--customer", metavar="NAME")
    g.add_argument("--by-organisation", action="store_true", help=N_("untie: match by the person's organisation again"))
    s.set_defaults(handler=cmd_customer)

    p = sub.add_parser("customers", help=N_("customer organisations and their agreements' end (retention anchor)"))
    cs = p.add_subparsers(dest="action", metavar="ACTION")
    cs.required = True
    s = cs.add_parser("list", parents=[db], help=N_("customers, contract end, whether it runs, people tied to each"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_customers_list)
    s = cs.add_parser("contract", parents=[db], help=N_("set a customer's contract end (creates the customer if new)"))
    s.add_argument("name", metavar="NAME")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--ends", metavar="DATE", help=N_("the day the customer agreement ended or ends"))
    g.add_argument("--running", action="store_true", help=N_("the agreement is in force with no end date"))
    s.set_defaults(handler=cmd_customer_contract)

    p = sub.add_parser("web", help=N_("web analytics"))
    wsub = p.add_subparsers(dest="action", metavar="ACTION")
    wsub.required = True
    s = wsub.add_parser("truncate-ips", parents=[db], help=N_("truncate full IP addresses older than the setting ip_full_days"))
    s.add_argument("--dry-run", action="store_true", help=N_("only count them"))
    s.set_defaults(handler=cmd_truncate_ips)


def cmd_import(args):
    from ..errors import ValidationFailed
    from ..imports import import_file, own_process

    reg = common.register(args)
    try:
        with own_process():  # this command's own process: no pandas, Arrow's freed memory reused
            res = import_file(reg, args.file, actor=common.actor(), dry_run=args.dry_run,
                              skip_invalid=args.skip_invalid)
    except ValidationFailed as exc:
        if args.json:
            common.emit_json({"ok": False, "message": str(exc).splitlines()[0],
                              "problems": [{"row": p.row, "field": p.field, "reason": p.reason} for p in exc.problems]})
        raise
    if args.json:
        common.emit_json({"ok": True, **res.summary(),
                          "problems": [{"row": p.row, "field": p.field, "reason": p.reason} for p in res.problems]})
    else:
        num = common.number
        text = (_("{rows} rows read; would import {people} new people and {links} new purpose links; {merged} rows "
                  "merged into a person already known; {suppressed} refused (suppression list); {restricted} refused "
                  "(restricted); {rejected} invalid rows skipped.") if res.dry_run else
                _("{rows} rows read; imported {people} new people and {links} new purpose links; {merged} rows merged "
                  "into a person already known; {suppressed} refused (suppression list); {restricted} refused "
                  "(restricted); {rejected} invalid rows skipped."))
        print(text.format(rows=num(res.rows), people=num(res.people), links=num(res.new_links), merged=num(res.merged),
                          suppressed=num(res.suppressed), restricted=num(res.restricted), rejected=num(res.rejected)))
        if res.ignored_columns:
            print(_("columns not imported: {columns}").format(columns=", ".join(res.ignored_columns)))
        for p in res.problems[:50]:
            print(f"  {p}", file=sys.stderr)
        if len(res.problems) > 50:
            print("  " + _("... and {n} more").format(n=len(res.problems) - 50), file=sys.stderr)
        if res.rejected_csv:
            print(_("rejected rows with reasons: {file}").format(file=res.rejected_csv))
        for purpose, n in res.suppressed_by_purpose:
            print("  " + _("{n} row(s) for {purpose} skipped: the person objected or was erased").format(
                n=num(n), purpose=purpose))
        if res.classification:
            print(_("direct-marketing rows by electronic-marketing basis (how decided):"))
            for basis, by, n in res.classification:
                print(f"  {basis:<18} {by:<20} {num(n):>10}")
    if args.classification:
        import csv as _csv
        import io as _io

        from ..safety import write_private
        buf = _io.StringIO()
        wr = _csv.writer(buf, delimiter=";", lineterminator="\r\n")
        wr.writerow(["row", "marketing_basis", "decided_by"])
        wr.writerows(res.classified_rows)
        write_private(args.classification, buf.getvalue())
        print(_("per-row classification: {file}").format(file=args.classification), file=sys.stderr)
    return 0


def cmd_opt_out(args):
    from pathlib import Path

    from .. import marketing
    from ..errors import KpError

    if bool(args.email) == bool(args.file):
        raise KpError(N_("give one EMAIL or --file FILE"))
    on = common.parse_date(args.on, "--on") if args.on else None
    reg = common.register(args)
    problems = []
    if args.file:
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            raise KpError(N_("cannot read {file}: {error}"), file=args.file, error=exc.strerror or str(exc)) from None
        res, problems, rows = marketing.opt_out_file(reg, common.actor(), data, purpose=args.purpose, on=on,
                                                     source=args.source, skip_invalid=args.skip_invalid,
                                                     withdraw_consent=args.withdraw)
    else:
        res = marketing.opt_out(reg, common.actor(), args.email, purpose=args.purpose, on=on, source=args.source,
                                withdraw_consent=args.withdraw)
    if args.json:
        common.emit_json(res.as_dict() | {"problems": [{"row": p.row, "field": p.field, "reason": p.reason}
                                                        for p in problems]})
        return 0
    num = common.number
    text = (_("consent withdrawal recorded for {addresses} address(es) ({known} in the register): {links} marketing "
              "link(s) removed, {suppressed} new suppression entr(y/ies) for {purposes}; later imports skip them for "
              "that purpose only") if args.withdraw else
            _("objection to direct marketing recorded for {addresses} address(es) ({known} in the register): {links} "
              "marketing link(s) removed, {suppressed} new suppression entr(y/ies) for {purposes}; later imports skip "
              "them for that purpose only"))
    print(text.format(addresses=num(res.addresses), known=num(res.in_register), links=num(res.links_removed),
                      suppressed=num(res.newly_suppressed), purposes=", ".join(res.purposes)))
    for p in problems[:50]:
        print(f"  {p}", file=sys.stderr)
    return 0


def cmd_lift(args):
    from .. import marketing

    n = marketing.lift(common.register(args), common.actor(), args.email, purpose=args.purpose, reason=args.reason)
    print(_("{n} suppression entr(y/ies) lifted for {purpose}; the reason is recorded").format(n=n, purpose=args.purpose))
    return 0


def cmd_marketing_list(args):
    import datetime as dt

    from .. import marketing

    data, n = marketing.export_list(common.register(args), common.actor(), args.format)
    common.write_output(data, args.output, f"markkinointilista-{dt.date.today().isoformat()}.{args.format}")
    print(_("{n} people lawfully reachable by marketing email").format(n=common.number(n)), file=sys.stderr)
    return 0


def cmd_summary(args):
    from ..contacts import by_purpose_source

    with common.register(args).read() as q:
        rows = by_purpose_source(q)
        names = _names(q, common.ui_lang()) if not args.json else {}
    if args.json:  # keys for scripts
        common.emit_json(rows)
        return 0
    # purposes and sources by their names in the terminal's language, under a heading (#16 §4)
    table = [(_("Purpose"), _("Source"), _("People"))] + [
        (names["purpose"].get(r["purpose"], r["purpose"]), names["source"].get(r["source"], r["source"]),
         common.number(r["contacts"])) for r in rows]
    wide = [max(len(row[i]) for row in table) for i in range(3)]
    for a, b, n in table:
        print(f"{a:<{wide[0]}}  {b:<{wide[1]}}  {n:>{wide[2]}}")
    return 0


def _names(q, lang: str) -> dict[str, dict[str, str]]:
    """Purposes' and sources' names in `lang` by key; a name not yet in Swedish reads in Finnish."""
    return {table: {key: name or fallback for key, name, fallback in q.sql(
                f"SELECT key, name_{lang}, name_fi FROM {table}").fetchall()}
            for table in ("purpose", "source")}


def cmd_find(args):
    from ..contacts import find

    lang = common.ui_lang()
    with common.register(args).read() as q:
        people = find(q, args.text, limit=args.limit)
        # purposes and sources by their names in the terminal's language, not their keys (#16 §4)
        names = _names(q, lang) if not args.json else {}
    if args.json:
        common.emit_json(people)
    else:
        for p in people:
            links = ", ".join(f"{names['purpose'].get(l['purpose'], l['purpose'])} "
                              f"({names['source'].get(l['source'], l['source'])}, {l['collected_on']})"
                              for l in p["purposes"])
            flag = " [" + _("restricted") + "]" if p["restricted"] else ""
            print(f"{p['id']:>8}  {p['name']}  <{p['email']}>  {p['phone'] or ''}{flag}\n          {links}")
    return 0


def cmd_notice_sent(args):
    import datetime as dt

    from ..contacts import record_notice
    from ..errors import KpError

    sent_on = common.parse_date(args.date, "--date")
    reg = common.register(args)
    with reg.write(common.actor()) as w:
        if args.all_pending:
            rows = w.sql("""SELECT cp.contact_id, cp.purpose FROM contact_purpose cp JOIN source s ON s.key = cp.source
                            JOIN contact c ON c.id = cp.contact_id
                            WHERE NOT s.from_subject AND cp.notice_sent_on IS NULL AND NOT c.restricted
                              AND cp.collected_on <= ? AND (? IS NULL OR cp.source = ?)
                              AND (? IS NULL OR cp.purpose = ?)""",
                         [sent_on, args.source, args.source, args.purpose, args.purpose]).fetchall()
        elif args.contact:
            if args.purpose:
                rows = [(c, args.purpose) for c in args.contact]
            else:
                rows = w.sql("""SELECT cp.contact_id, cp.purpose FROM contact_purpose cp JOIN source s ON s.key = cp.source
                                WHERE list_contains(?, cp.contact_id) AND NOT s.from_subject
                                  AND cp.notice_sent_on IS NULL""", [args.contact]).fetchall()
                if not rows:
                    raise KpError(N_("no pending Art. 14 notice for the given person(s); name a --purpose to set it "
                                    "anyway"))
        else:
            raise KpError(N_("name --contact ID (with or without --purpose), or --all-pending"))
        n = record_notice(w, [(r[0], r[1]) for r in rows], sent_on, today=dt.date.today())
        if n == 0:
            w.audit("contacts.notice_sent", "contact_purpose", None, {"links": 0, "sent_on": sent_on})
    print(_("notice date {day} recorded for {n} purpose link(s)").format(day=sent_on.isoformat(), n=common.number(n)))
    return 0


def cmd_art14(args):
    from ..contacts import art14_pending

    with common.register(args).read() as q:
        data = art14_pending(q, overdue_only=args.overdue, limit=100_000)
    if args.json:
        common.emit_json(data)
    else:
        print(_("{pending} pending, {overdue} overdue").format(pending=common.number(data["pending"]),
                                                                overdue=common.number(data["overdue"])))
        for r in data["rows"]:
            print(f"{r['id']:>8}  {r['purpose']:<16} {r['source']:<8} "
                  + _("collected {collected}  due {due}").format(collected=r["collected_on"], due=r["due_on"]))
    return 0


def cmd_truncate_ips(args):
    from .. import web

    reg = common.register(args)
    if args.dry_run:
        with reg.read() as q:
            n = web.count_to_truncate(q)
            days = web.ip_full_days(q)
        print(_("{n} visits older than {days} days hold a full IP address (dry run: nothing changed)").format(
            n=common.number(n), days=days))
        return 0
    with reg.write(common.actor()) as w:
        n = web.truncate_old_ips(w)
        days = web.ip_full_days(w)
        if not n:
            w.audit("web.truncate_ips", "web_visit", None, {"rows": 0, "days": days})
    print(_("truncated the IP address of {n} visits older than {days} days").format(n=common.number(n), days=days))
    return 0


def _person_id(reg, text: str) -> int:
    """A person by id or email (ids and counts only in messages)."""
    from ..errors import NotFound

    text = text.strip()
    with reg.read() as q:
        if text.isdigit():
            row = q.sql("SELECT id FROM contact WHERE id = ?", [int(text)]).fetchall()
        else:
            row = q.sql("SELECT id FROM contact WHERE email = lower(?)", [text]).fetchall()
    if not row:
        raise NotFound(N_("no such person in the register"))
    return row[0][0]


def cmd_language(args):
    from ..contacts import set_language

    reg = common.register(args)
    cid = _person_id(reg, args.person)
    lang = set_language(reg, common.actor(), cid, None if args.language == "-" else args.language)
    print(_("person {id}: language {language}").format(id=cid, language=lang or _("not told (Finnish is used)")))
    return 0


def cmd_touch(args):
    from ..contacts import touch

    reg = common.register(args)
    cid = _person_id(reg, args.person)
    last = touch(reg, common.actor(), cid, purpose=args.purpose, on=common.parse_date(args.on, "--on"))
    print(_("person {id}, {purpose}: last contact {day}").format(id=cid, purpose=args.purpose, day=last.isoformat()))
    return 0


def cmd_training(args):
    from ..contacts import record_training

    reg = common.register(args)
    cid = _person_id(reg, args.person)
    last = record_training(reg, common.actor(), cid, on=common.parse_date(args.on, "--on"))
    print(_("person {id}: last training or support event {day}").format(id=cid, day=last.isoformat()))
    return 0


def cmd_first_communication(args):
    from .. import deadlines
    from ..contacts import record_first_communication

    reg = common.register(args)
    cid = _person_id(reg, args.person)
    first = record_first_communication(reg, common.actor(), cid, purpose=args.purpose,
                                       on=common.parse_date(args.on, "--on"))
    with reg.read() as q:
        collected = q.sql("SELECT collected_on FROM contact_purpose WHERE contact_id = ? AND purpose = ?",
                          [cid, args.purpose]).fetchall()[0][0]
    print(_("person {id}, {purpose}: first communication {day}; Art. 14 notice due {due}").format(
        id=cid, purpose=args.purpose, day=first.isoformat(), due=deadlines.art14_due(collected, first).isoformat()))
    return 0


def cmd_source_detail(args):
    from ..contacts import set_source_detail

    reg = common.register(args)
    cid = _person_id(reg, args.person)
    set_source_detail(reg, common.actor(), cid, purpose=args.purpose, detail=args.text)
    print(_("person {id}, {purpose}: source detail recorded").format(id=cid, purpose=args.purpose))
    return 0


def cmd_customer(args):
    from ..contacts import set_customer

    reg = common.register(args)
    cid = _person_id(reg, args.person)
    got = set_customer(reg, common.actor(), cid, None if args.by_organisation else args.customer)
    print(_("person {id}: customer {customer}").format(id=cid, customer=got) if got else
          _("person {id}: matched by organisation").format(id=cid))
    return 0


def cmd_customers_list(args):
    from ..contacts import customers_with_contracts

    with common.register(args).read() as q:
        rows = customers_with_contracts(q)
    if args.json:
        common.emit_json(rows)
        return 0
    for r in rows:
        end = r["contract_end"].isoformat() if r["contract_end"] else _("in force")
        print(f"{r['id']:>5}  {r['name']}  " + (_("contract: {end} (runs)") if r["running"] else
                                                 _("contract: {end} (ended)")).format(end=end)
              + "  " + _("people: {n}").format(n=r["people"]))
    return 0


def cmd_customer_contract(args):
    from ..contacts import set_contract_end

    ends = None if args.running else common.parse_date(args.ends, "--ends")
    res = set_contract_end(common.register(args), common.actor(), args.name, ends)
    contract = _("contract ends {day}").format(day=ends.isoformat()) if ends else _("contract in force")
    print((_("customer {id} (new): {contract}") if res["created"] else _("customer {id}: {contract}")).format(
        id=res["id"], contract=contract))
    return 0
