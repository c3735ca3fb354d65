"""`kp request ...` (the request register), `kp sar` (the Art. 15 report) and `kp erase`.

Handlers import kpcore modules when they run; nothing here pulls in pandas or streamlit.
"""
from __future__ import annotations

import sys

from . import N_, common
from ..connectors import summary as task_summary
from .common import _, ngettext


def register(sub, db):
    p = sub.add_parser("request", help=N_("subject requests: add, list, show, extend, identity, close, refuse, tasks"))
    rsub = p.add_subparsers(dest="request_command", metavar="ACTION")
    rsub.required = True

    a = rsub.add_parser("add", parents=[db], help=N_("record a new request (prints its id and due date)"))
    a.add_argument("--type", required=True, choices=["access", "rectification", "erasure", "restriction", "objection",
                                                    "portability"])
    a.add_argument("--email", help=N_("the requester's email as given"))
    a.add_argument("--name", help=N_("the requester's name as given"))
    a.add_argument("--phone", help=N_("the requester's phone as given"))
    a.add_argument("--ip", help=N_("an IP address the requester gave (their web visits are then matched)"))
    a.add_argument("--received", metavar="YYYY-MM-DD", help=N_("day of receipt (default today)"))
    a.add_argument("--channel", default="email", choices=["email", "letter", "phone", "web", "in_person", "other"])
    a.add_argument("--language", metavar="fi|sv|en",
                   help=N_("the language to answer in (also becomes the person's preferred language; default: the "
                        "person's, else Finnish)"))
    a.add_argument("--json", action="store_true", help=N_("print the request as JSON"))
    a.set_defaults(handler=cmd_add)

    s = rsub.add_parser("show", parents=[db], help=N_("one request with its persons and history"))
    s.add_argument("id", type=int)
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_show)

    li = rsub.add_parser("list", parents=[db], help=N_("requests, open ones first by due date"))
    li.add_argument("--pending", action="store_true", help=N_("only open requests"))
    li.add_argument("--json", action="store_true")
    li.set_defaults(handler=cmd_list)

    e = rsub.add_parser("extend", parents=[db], help=N_("extend to three months from receipt (Art. 12(3))"))
    e.add_argument("id", type=int)
    e.add_argument("--reason", required=True, help=N_("why (the person is told)"))
    e.add_argument("--on", metavar="YYYY-MM-DD", help=N_("day of the decision and notice (default today)"))
    e.add_argument("--letter", metavar="FILE", help=N_("also write the extension notice PDF to FILE"))
    e.add_argument("--lang", choices=["fi", "sv", "en"],
                   help=N_("language of the letter (default: the request's, else the person's, else fi)"))
    e.add_argument("--json", action="store_true")
    e.set_defaults(handler=cmd_extend)

    w = rsub.add_parser("await-id", parents=[db], help=N_("proof of identity asked for: the clock pauses (Art. 12(6))"))
    w.add_argument("id", type=int)
    w.add_argument("--on", metavar="YYYY-MM-DD", required=True)
    w.add_argument("--json", action="store_true")
    w.set_defaults(handler=cmd_await_id)

    v = rsub.add_parser("id-verified", parents=[db], help=N_("proof of identity arrived: the deadline moves later"))
    v.add_argument("id", type=int)
    v.add_argument("--on", metavar="YYYY-MM-DD", required=True)
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_id_verified)

    c = rsub.add_parser("close", parents=[db], help=N_("the request has been answered"))
    c.add_argument("id", type=int)
    c.add_argument("--on", metavar="YYYY-MM-DD", help=N_("day of the answer (default today)"))
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_close)

    r = rsub.add_parser("refuse", parents=[db], help=N_("refuse with reasons (Art. 12(4))"))
    r.add_argument("id", type=int)
    r.add_argument("--reason", required=True)
    r.add_argument("--on", metavar="YYYY-MM-DD", help=N_("day of the decision (default today)"))
    r.add_argument("--letter", metavar="FILE", help=N_("also write the refusal letter PDF to FILE"))
    r.add_argument("--lang", choices=["fi", "sv", "en"],
                   help=N_("language of the letter (default: the request's, else the person's, else fi)"))
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_refuse)

    _register_tasks(rsub, db)

    p = sub.add_parser("sar", parents=[db], help=N_("the access report (Art. 15) for one person, as PDF"))
    p.add_argument("email")
    p.add_argument("--lang", choices=["fi", "sv", "en"],
                   help=N_("language of the letter (default: the request's, else the person's, else fi)"))
    p.add_argument("-o", "--output", metavar="FILE", help=N_("output file ('-' = stdout; default sar-<date>.pdf)"))
    p.add_argument("--ip", help=N_("also report web visits from this IP address"))
    p.add_argument("--request", type=int, metavar="ID", help=N_("the request this answers (dates, extension)"))
    p.add_argument("--format", choices=["pdf", "json", "csv"], default="pdf",
                   help=N_("pdf: the Art. 15 report; json/csv: the data for a portability request (Art. 20)"))
    p.add_argument("--answered", action="store_true",
                   help=N_("answer the request with this report: it says so, and the request is closed at once"))
    p.add_argument("--ip-confirmed", action="store_true",
                   help=N_("without --request: you have confirmed the IP address is the requester's own (Art. 15(4))"))
    p.add_argument("--allow-unconfirmed", action="store_true",
                   help=N_("build the report although mandatory facts of the notice are unconfirmed; those passages "
                        "are marked in it"))
    p.set_defaults(handler=cmd_sar)

    c = rsub.add_parser("confirm-ip", parents=[db],
                        help=N_("the requester's IP address is confirmed to be theirs: the report may include its visits"))
    c.add_argument("id", type=int)
    c.add_argument("--on", metavar="DATE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_confirm_ip)
    c = rsub.add_parser("forwarded", parents=[db],
                        help=N_("processor role: record that the request was passed to the controller (date, to whom)"))
    c.add_argument("id", type=int)
    c.add_argument("--to", required=True, metavar="WHOM", help=N_("the customer (controller) and contact it went to"))
    c.add_argument("--on", metavar="DATE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_forwarded)

    p = sub.add_parser("erase", parents=[db], help=N_("erase a person (Art. 17): preview, confirmation, ground, "
                                                   "exceptions, Art. 19 checklist; suppresses re-imports"),
                       description=N_("First shows what will be removed and where (tables, files, recipients to tell), "
                                   "then asks on the terminal. --yes skips the question; with no terminal and no "
                                   "--yes nothing is changed."))
    p.add_argument("email", nargs="?")
    p.add_argument("--request", type=int, metavar="ID", help=N_("the erasure request this carries out"))
    p.add_argument("--ground", choices=("a", "b", "c", "d", "e", "f"),
                   help=N_("the Art. 17(1) ground: a no longer necessary, b consent withdrawn, c objection, "
                        "d unlawful, e legal obligation, f child (required to erase)"))
    p.add_argument("--exception", action="append", default=[], metavar="CODE:PURPOSE[,PURPOSE]",
                   help=N_("an Art. 17(3) exception keeping the person's data in those purposes (legal_obligation, "
                        "legal_claims, running_contract, freedom_of_expression, public_health, archiving); repeatable"))
    p.add_argument("--preview", action="store_true", help=N_("only show what would be erased; change nothing"))
    p.add_argument("--yes", action="store_true", help=N_("erase without asking (after reading the preview)"))
    p.add_argument("--letter", metavar="FILE", help=N_("also write the letter to the person (PDF)"))
    p.add_argument("--lang", choices=("fi", "sv", "en"),
                   help=N_("language of the letter (default: the request's, else the person's, else fi)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_erase)

    p = rsub.add_parser("tell", parents=[db], help=N_("Art. 19: mark a recipient on the request's checklist told "
                                                    "(or record why it is not told)"))
    p.add_argument("id", type=int)
    p.add_argument("ref", metavar="REF", help=N_("the recipient's number on the checklist (kp request show ID)"))
    p.add_argument("--kind", default="recipient")
    p.add_argument("--on", metavar="DATE", help=N_("the day it was told (default today)"))
    p.add_argument("--reason", metavar="TEXT", help=N_("why it is not told (impossible, disproportionate effort)"))
    p.set_defaults(handler=cmd_tell)


def _date(text, field):
    return common.parse_date(text, field) if text else None


def _print_request(r: dict, as_json: bool) -> None:
    if as_json:
        out = dict(r)
        out["due_date"] = r["due_on"]
        common.emit_json(out)
        return
    from ..i18n import label
    from ..models import CHANNEL_TEXT, EVENT_TEXT, request_status_text, request_type_text

    lang = common.ui_lang()
    days = r.get("days_left")
    clock = _("paused (awaiting identity)") if r.get("paused") else (
        "" if days is None else (ngettext("OVERDUE by {n} day", "OVERDUE by {n} days", -days).format(n=-days)
                                 if r["overdue"] else ngettext("{n} day left", "{n} days left", days).format(n=days)))
    print(_("request {id}: {type}, {status}").format(
        id=r["id"], type=request_type_text(r["type"], common.ui_lang()),
        status=request_status_text(r["status"], common.ui_lang())))
    print("  " + _("received {received} via {channel}; due {due}").format(
        received=r["received_on"], channel=label(CHANNEL_TEXT, r["channel"], lang), due=r["due_on"]) + (f" ({clock})" if clock else ""))
    if r.get("extended_on"):
        print("  " + _("extended on {day}: {reason}").format(
            day=r["extended_on"], reason=r.get("extension_reason") or _("(no reason recorded)")))
    if r.get("id_requested_on"):
        print("  " + _("identity asked {asked}, received {received}").format(
            asked=r["id_requested_on"], received=r.get("id_received_on") or "-"))
    if r.get("answered_on"):
        print("  " + _("answered {day}").format(day=r["answered_on"]))
    if r.get("refusal_reason"):
        print("  " + _("refused: {reason}").format(reason=r["refusal_reason"]))
    if "subjects" in r and isinstance(r["subjects"], list):
        n = len(r["subjects"])
        print("  " + (ngettext("matches {n} person in the register: {ids}", "matches {n} persons in the register: {ids}",
                               n).format(n=n, ids=", ".join(str(s["id"]) for s in r["subjects"])) if n
                      else _("matches no person in the register")))
    for it in r.get("art19") or []:
        state = (_("told {day}").format(day=it["told_on"]) if it["told_on"] else
                 (_("not told: {reason}").format(reason=it["not_told_reason"]) if it["not_told_reason"]
                  else _("OPEN")))
        print(f"  {_('Art. 19')} {it['kind']} {it['ref']}: {it['name']} — {state}")
    for e in r.get("events") or []:
        print(f"    {e['seq']}. {e['event_at']:%Y-%m-%d %H:%M} {label(EVENT_TEXT, e['action'], lang)} -> "
              f"{request_status_text(e['status'], lang) if e['status'] else '-'} ({e['actor']})"
              + (f": {e['note']}" if e.get("note") else ""))


def cmd_add(args):
    from .. import requests

    r = requests.add(common.register(args), common.actor(), type=args.type, email=args.email, name=args.name,
                     phone=args.phone, ip=args.ip, received_on=_date(args.received, "--received"), channel=args.channel,
                     language=args.language)
    _print_request(r, args.json)


def cmd_show(args):
    from .. import requests

    with common.register(args).read() as q:
        r = requests.get(q, args.id)
    _print_request(r, args.json)


def cmd_list(args):
    from .. import requests

    with common.register(args).read() as q:
        rows = requests.list_requests(q, pending=args.pending)
    if args.json:
        common.emit_json([{**r, "due_date": r["due_on"]} for r in rows])
        return
    if not rows:
        print(_("no open requests") if args.pending else _("no requests"))
    from .. import i18n
    from ..models import request_status_text, request_type_text

    lang = common.ui_lang()
    days = i18n.pgettext("unit", "d", lang)
    # the type and status as the terminal's language names them, not their codes (#16 §4)
    types = {r["type"]: request_type_text(r["type"], lang) for r in rows}
    statuses = {r["status"]: request_status_text(r["status"], lang) for r in rows}
    type_width, status_width = max(map(len, types.values()), default=0), max(map(len, statuses.values()), default=0)
    for r in rows:
        flag = _("PAUSED") if r["paused"] else (_("OVERDUE") if r["overdue"] else (
            _("soon") if r["days_left"] is not None and r["days_left"] <= 7 else ""))
        left = "" if r["days_left"] is None else f"{r['days_left']:>4} {days}"
        print(f"{r['id']:>5}  {types[r['type']]:<{type_width}}  {statuses[r['status']]:<{status_width}}  "
              + _("due {day}").format(day=r["due_on"]) + f" {left:>7} {flag}")


def _letter(args, reg, kind: str) -> None:
    """Write the letter the person must get (--letter FILE), or say how to."""
    if not args.letter:
        print(_("the person must be told: pass --letter FILE for the refusal letter (or download it on the dashboard)")
              if kind == "refusal" else
              _("the person must be told: pass --letter FILE for the extension notice (or download it on the dashboard)"),
              file=sys.stderr)
        return
    from .. import requests

    with reg.read() as q:
        pdf = requests.letter_pdf(q, args.id, kind, lang=args.lang)
    reg.record(common.actor(), f"request.letter.{kind}", "request", args.id)
    common.write_output(pdf, args.letter, "")


def _after(args, r):
    _print_request(r, args.json)


def cmd_extend(args):
    from .. import requests

    reg = common.register(args)
    r = requests.extend(reg, common.actor(), args.id, reason=args.reason, on=_date(args.on, "--on"))
    _letter(args, reg, "extension")
    _after(args, r)


def cmd_await_id(args):
    from .. import requests

    _after(args, requests.await_identity(common.register(args), common.actor(), args.id, on=_date(args.on, "--on")))


def cmd_id_verified(args):
    from .. import requests

    _after(args, requests.identity_received(common.register(args), common.actor(), args.id, on=_date(args.on, "--on")))


def cmd_close(args):
    from .. import requests

    _after(args, requests.close(common.register(args), common.actor(), args.id, on=_date(args.on, "--on")))


def cmd_refuse(args):
    from .. import requests

    reg = common.register(args)
    r = requests.refuse(reg, common.actor(), args.id, reason=args.reason, on=_date(args.on, "--on"))
    _letter(args, reg, "refusal")
    _after(args, r)


def cmd_sar(args):
    reg = common.register(args)
    # One connection for the command's reads and its audit events (issue 18 §5: each open of a
    # million-contact register costs tens of milliseconds); a JSON/CSV export without an IP or a
    # request records nothing and only reads.
    with reg.session(writable=args.format == "pdf" or bool(args.ip) or args.request is not None):
        _sar(args, reg)


def _sar(args, reg) -> None:
    import datetime as dt

    from .. import sar

    if args.format == "pdf":
        ui = common.ui_lang()  # the report's language: --lang, else the request's, else the person's (sar.generate)

        def warn(open_items):  # in the same read as the report (one pass over the notice's facts)
            print("\n  ".join([_("warning: these mandatory facts are not confirmed; they are marked in the "
                                 "report [NOT CONFIRMED]:")] + open_items), file=sys.stderr)
        data = sar.generate(reg, common.actor(), args.email, lang=args.lang, request_id=args.request, ip=args.ip,
                            mark_answered=args.answered, ip_confirmed=args.ip_confirmed and args.request is None,
                            allow_unconfirmed=args.allow_unconfirmed, ui_lang=ui, on_unconfirmed=warn)
    else:
        with reg.read() as q:
            fn = sar.portability_json if args.format == "json" else sar.portability_csv
            data = fn(q, args.email, ip=args.ip, request_id=args.request,
                      ip_confirmed=args.ip_confirmed and args.request is None)
    if args.ip or args.request:
        confirmed = args.ip_confirmed and args.request is None
        if args.request is not None:  # only a request's record can confirm the address
            with reg.read() as q:
                confirmed = sar.ip_confirmed(q, args.request, args.ip)
        if (args.ip or sar.request_ip(reg, args.request)) and not confirmed:
            print("kp: " + _("warning: web visits are left out: a shared address can show other people's visits; "
                             "confirm the address is the requester's first (kp request confirm-ip ID)"), file=sys.stderr)
        reg.record(common.actor(), f"sar.export.{args.format}", "request" if args.request else "contact",
                   args.request)
    default = f"sar-{args.request or 'person'}-{dt.date.today().isoformat()}.{args.format}"
    common.write_output(data, args.output, default)


def _exceptions(values: list[str]) -> list[tuple[str, list[str]]]:
    from ..errors import KpError

    out = []
    for v in values:
        code, sep, purposes = v.partition(":")
        if not purposes:
            raise KpError(N_("--exception {value}: give CODE:PURPOSE[,PURPOSE]"), value=v)
        out.append((code.strip(), [p.strip() for p in purposes.split(",") if p.strip()]))
    return out


def _print_preview(pv: dict) -> None:
    out = sys.stderr
    outcome = _("complete") if pv["outcome"] == "complete" else _("partial") if pv["outcome"] == "partial" \
        else pv["outcome"]
    print(ngettext("Erasure preview ({outcome}): {n} person in the register",
                   "Erasure preview ({outcome}): {n} persons in the register", pv["people"]).format(
        outcome=outcome, n=pv["people"]), file=out)
    for table, n in pv["tables"].items():
        print(f"  {table:<28} {common.number(n):>8} " + ngettext("row", "rows", n), file=out)
    if pv["purposes_erased"]:
        print("  " + _("purposes erased: {purposes}").format(purposes=", ".join(pv["purposes_erased"])), file=out)
    for p, codes in pv["purposes_kept"].items():
        print("  " + _("KEPT {purpose}: {exceptions}").format(purpose=p, exceptions=", ".join(codes)), file=out)
    print("  " + _("suppression added for: {purposes}").format(purposes=", ".join(pv["suppression"])), file=out)
    for f in pv["files"]:
        print("  " + _("file (the person's rows are removed): {file}").format(file=f), file=out)
    if pv["tell"]:
        print("  " + _("to tell (Art. 19):"), file=out)
        for it in pv["tell"]:
            print(f"    {it['kind']} {it['ref']}: {it['name']}", file=out)
    else:
        print("  " + _("to tell (Art. 19): none"), file=out)
    print("  " + _("backups made earlier still hold the person: kp restore re-applies this erasure (README)"), file=out)


def cmd_tell(args):
    from .. import art19

    res = art19.mark(common.register(args), common.actor(), args.id, args.ref, kind=args.kind,
                     on=_date(args.on, "--on"), reason=args.reason)
    print(_("request {id}: {kind} {ref} recorded; {open} still open").format(
        id=args.id, kind=args.kind, ref=args.ref, open=res["open"]))
    return 0


def cmd_erase(args):
    from .. import erasure
    from ..errors import KpError

    reg = common.register(args)
    exceptions = _exceptions(args.exception)
    if not args.email and args.request is None:
        raise KpError(N_("give the person's EMAIL or --request ID"))
    pv = erasure.preview(reg, args.email, request_id=args.request, exceptions=exceptions)
    if args.preview:
        if args.json:
            common.emit_json(pv)
        else:
            _print_preview(pv)
        return 0
    _print_preview(pv)
    if args.ground is None:
        raise KpError(N_("give the Art. 17(1) ground with --ground (a-f; see kp erase --help); nothing was erased"))
    if not args.yes:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            print(_("no terminal to confirm on: nothing was erased. Read the preview above and run again with --yes."),
                  file=sys.stderr)
            return 2
        # the word asked for in the terminal's language; the Finnish and English words are always taken
        answer = input(_("Erase? Type 'yes': ")).strip().lower()
        if answer not in ("kyllä", "kylla", "yes", _("yes")):
            print(_("nothing was erased"), file=sys.stderr)
            return 1
    to = None
    if args.letter:
        from .. import requests

        with reg.read() as q:
            req = q.one("request_get", {"id": args.request}) if args.request else None
            # the person's language is read before the erasure removes the person (issue 18)
            args.lang = requests.answer_language(q, args.request, email=args.email, explicit=args.lang)
        to = ", ".join(x for x in ((req or {}).get("requester_name"), (req or {}).get("requester_email") or args.email)
                       if x)
    counts = erasure.erase(reg, common.actor(), args.email, request_id=args.request, ground=args.ground,
                           exceptions=exceptions, progress=lambda msg: print(msg, file=sys.stderr))
    if args.letter:
        with reg.read() as q:
            pdf = erasure.letter_pdf(q, counts["request"], to=to, lang=args.lang)
        reg.record(common.actor(), "request.letter.erasure", "request", counts["request"])
        common.write_output(pdf, args.letter, "erasure.pdf")
    if args.json:
        common.emit_json(counts)
    else:
        print(_("erased {people} person(s): {links} purpose link(s), {visits} web visit(s); {requests} request(s) "
                "redacted; {hashes} hash(es) added to the suppression list").format(
            people=counts["contacts"], links=counts["links"], visits=counts["visits"],
            requests=counts["requests_redacted"], hashes=counts["suppressed"]))
        if counts["art19_open"]:
            print(_("request {id} stays open: {n} recipient(s) to tell (Art. 19); see kp request show {id}, then "
                    "kp request tell {id} REF --on DATE").format(id=counts["request"], n=counts["art19_open"]))


def cmd_confirm_ip(args):
    from .. import requests

    r = requests.confirm_ip(common.register(args), common.actor(), args.id, on=_date(args.on, "--on"))
    _after(args, r)


def cmd_forwarded(args):
    from .. import requests

    r = requests.record_forwarding(common.register(args), common.actor(), args.id, to=args.to, on=_date(args.on, "--on"))
    _after(args, r)


# -- tasks in the systems map (#12) -------------------------------------------------------

def _register_tasks(rsub, db):
    t = rsub.add_parser("tasks", parents=[db], help=N_("the request's task in each system of the map"))
    t.add_argument("id", type=int)
    t.add_argument("--json", action="store_true")
    t.set_defaults(handler=cmd_tasks)

    r = rsub.add_parser("run-tasks", parents=[db], help=N_("run the request's open connector tasks (or one: --task)"))
    r.add_argument("id", type=int)
    r.add_argument("--task", type=int, metavar="TASK", help=N_("run only this task"))
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_run_tasks)

    d = rsub.add_parser("task-done", parents=[db], help=N_("record a check done by hand: who, when, found, evidence"))
    d.add_argument("task", type=int)
    d.add_argument("--by", required=True, help=N_("who checked"))
    d.add_argument("--at", metavar="YYYY-MM-DD", help=N_("when (default now)"))
    d.add_argument("--found", required=True, choices=["yes", "no"])
    d.add_argument("--count", type=int, help=N_("how many items were found"))
    d.add_argument("--summary", required=True, help=N_("what was found (or that nothing was)"))
    d.add_argument("--evidence", required=True, help=N_("evidence note (ticket, screenshot file, ...)"))
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=cmd_task_done)

    n = rsub.add_parser("task-na", parents=[db], help=N_("mark a task not applicable, with the reason"))
    n.add_argument("task", type=int)
    n.add_argument("--reason", required=True)
    n.add_argument("--json", action="store_true")
    n.set_defaults(handler=cmd_task_na)


def _print_task(t: dict) -> None:
    from .. import i18n, tasks

    lang = common.ui_lang()  # the task's action and state as the terminal's language names them
    state = i18n.label(tasks.STATUSES, t["status"], lang) + (" (" + _("last run failed: {error}").format(
        error=task_summary.error(t, lang)) + ")" if t["status"] == "open" and t.get("error") else "")
    print(_("task {id}: {action} in {system} [{method}] - {state}").format(
        id=t["id"], action=i18n.label(tasks.ACTIONS, t["action"], lang), system=t["system_name"], method=t["method"],
        state=state))
    if t["status"] == "done":
        print("    " + (_("found") if t["found"] else _("not found"))
              + (f", {t['match_count']}" if t["match_count"] is not None else "")
              + ": " + _("{summary} (checked by {who} {at})").format(
                  summary=task_summary.text(t, common.ui_lang()), who=t["checked_by"], at=f"{t['checked_at']:%Y-%m-%d %H:%M}"))
        if t.get("evidence"):
            print("    " + _("evidence: {evidence}").format(evidence=t["evidence"]))
    elif t["status"] == "not_applicable":
        print("    " + _("not applicable: {reason}").format(reason=task_summary.reason(t, common.ui_lang())))
    elif t["method"] == "manual" and (t.get("instructions_en") or t.get("instructions_fi")):
        text = (t.get("instructions_fi") if common.ui_lang() == "fi" else None) or t.get("instructions_en") \
            or t.get("instructions_fi")
        print("    " + _("by hand: {instructions}").format(instructions=text))


def cmd_tasks(args):
    from .. import tasks

    with common.register(args).read() as q:
        rows = tasks.for_request(q, args.id)
    if args.json:
        common.emit_json(rows)
        return
    if not rows:
        print(_("request {id} has no tasks").format(id=args.id))
    for t in rows:
        _print_task(t)


def cmd_run_tasks(args):
    from .. import connectors, tasks, workflow

    reg = common.register(args)
    progress = (lambda msg: print(msg.text(common.ui_lang()), file=sys.stderr))  # a connectors.Status
    if args.task:
        with reg.read() as q:
            if tasks.get(q, args.task)["request_id"] != args.id:
                from ..errors import NotFound
                raise NotFound(N_("task {task} is not a task of request {id}"), task=args.task, id=args.id)
        try:
            t = workflow.run_task(reg, common.actor(), args.task, progress=progress)
        except connectors.ConnectorError as exc:
            print(f"kp: {exc.text(common.ui_lang())}", file=sys.stderr)
            return 3
        common.emit_json(t) if args.json else _print_task(t)
        return 0
    out = workflow.run_tasks(reg, common.actor(), args.id, progress=progress)
    if args.json:
        common.emit_json(out)
    else:
        print(_("{done} task(s) run, {failed} failed, {manual} by hand still open").format(
            done=out["done"], failed=len(out["failed"]), manual=out["manual_open"]))
        with reg.read() as q:  # a connector's failure as stored with the task: said in the terminal's language
            stored = {t["id"]: t for t in tasks.for_request(q, args.id)}
        for tid, msg in out["failed"]:
            t = stored.get(tid)
            if t is not None and t.get("error") == msg:
                msg = task_summary.error(t, common.ui_lang())
            print("  " + _("task {id}: {message}").format(id=tid, message=msg))
    return 3 if out["failed"] else 0


def cmd_task_done(args):
    import datetime as dt

    from .. import tasks

    at = None
    if args.at:
        at = dt.datetime.combine(common.parse_date(args.at, "--at"), dt.time(12, 0))
    t = tasks.record_manual(common.register(args), common.actor(), args.task, checked_by=args.by,
                            found=args.found == "yes", summary=args.summary, evidence=args.evidence,
                            checked_at=at, count=args.count)
    common.emit_json(t) if args.json else _print_task(t)


def cmd_task_na(args):
    from .. import tasks

    t = tasks.not_applicable(common.register(args), common.actor(), args.task, reason=args.reason)
    common.emit_json(t) if args.json else _print_task(t)
