"""`kp user`, `kp audit`, `kp backup`, `kp restore`, `kp purge`, `kp migrate`: running the register."""
from __future__ import annotations

import sys

from . import N_, common
from .common import _, ngettext


def register(sub, db):
    p = sub.add_parser("user", help=N_("dashboard users: add, list, disable, passwd"))
    us = p.add_subparsers(dest="user_command", metavar="ACTION")
    us.required = True
    a = us.add_parser("add", parents=[db], help=N_("add a user (the password is asked for, or read from standard input)"))
    a.add_argument("name")
    a.add_argument("--role", choices=["dpo", "viewer"], required=True,
                   help=N_("dpo: everything; viewer: summaries only (no person's page, no export, no change)"))
    a.set_defaults(handler=cmd_user_add)
    a = us.add_parser("list", parents=[db], help=N_("list users (never their passwords)"))
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_user_list)
    a = us.add_parser("disable", parents=[db], help=N_("stop a user from signing in"))
    a.add_argument("name")
    a.add_argument("--enable", action="store_true", help=N_("let a disabled user sign in again"))
    a.set_defaults(handler=cmd_user_disable)
    a = us.add_parser("passwd", parents=[db], help=N_("set a new password (also lifts a lock after failed sign-ins)"))
    a.add_argument("name")
    a.set_defaults(handler=cmd_user_passwd)
    a = us.add_parser("email", parents=[db], help=N_("the company account (email) the user signs in with through the "
                                                  "identity provider; without EMAIL: none"))
    a.add_argument("name")
    a.add_argument("email", nargs="?")
    a.set_defaults(handler=cmd_user_email)

    p = sub.add_parser("audit", help=N_("the audit trail: verify its hash chain, list events"))
    au = p.add_subparsers(dest="audit_command", metavar="ACTION")
    au.required = True
    a = au.add_parser("verify", parents=[db], help=N_("recompute the hash chain; exit 1 if any event was edited or deleted"))
    a.add_argument("--json", action="store_true")
    a.add_argument("--expect-tip", metavar="SEQ:HASH",
                   help=N_("also check that the chain still ends where it ended before (catches removal at the end)"))
    a.set_defaults(handler=cmd_audit_verify)
    a = au.add_parser("list", parents=[db], help=N_("events, newest first"))
    a.add_argument("--actor")
    a.add_argument("--action", help=N_("prefix, e.g. auth. or user.add"))
    a.add_argument("--object-type")
    a.add_argument("--object-id")
    a.add_argument("--since", help=N_("first day (2026-11-01 or 1.11.2026)"))
    a.add_argument("--until", help=N_("last day, included"))
    a.add_argument("--limit", type=int, default=100)
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_audit_list)

    p = sub.add_parser("backup", parents=[db], help=N_("write a consistent snapshot (Parquet + manifest) into DIR"))
    p.add_argument("dir")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help=N_("build a NEW register file from a backup folder"))
    p.add_argument("dir")
    p.add_argument("--db", required=True, metavar="NEW", help=N_("the register file to create (must not exist)"))
    p.add_argument("--ledger", metavar="FILE", help=N_("the erasure ledger to re-apply (default: the one beside the "
                                                     "register the backup was taken of)"))
    p.add_argument("--without-ledger", action="store_true",
                   help=N_("restore even when the ledger is gone (only when nothing was erased since the backup)"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("purge", parents=[db], help=N_("apply retention: delete what is past each purpose's period"))
    p.add_argument("--dry-run", action="store_true", help=N_("only count what would go"))
    p.add_argument("--yes", action="store_true",
                   help=N_("do not ask first (at a terminal, kp purge shows what would go and asks before deleting)"))
    p.add_argument("--today", help=argparse_suppress())
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_purge)

    p = sub.add_parser("migrate", parents=[db], help=N_("upgrade a register from an older schema version, keeping every row"))
    p.set_defaults(handler=cmd_migrate)


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS


def _password(prompt: str, confirm: bool = True) -> str:
    """Asked twice on a terminal; otherwise the first line of standard input."""
    import getpass

    from ..errors import KpError

    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass(_("Again: ")) != first:
            raise KpError(N_("the passwords did not match; nothing was changed"))
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise KpError(N_("password: none given on standard input"))
    return line.rstrip("\r\n")


def cmd_user_add(args):
    from .. import auth

    auth.check_name(args.name)
    password = _password(_("Password for {name}: ").format(name=args.name))
    user = auth.add_user(common.register(args), args.name, args.role, password, actor=common.actor())
    print(_("added user {name} ({role})").format(name=user.name, role=user.role), file=sys.stderr)


def cmd_user_list(args):
    from .. import auth

    with common.register(args).read() as q:
        users = auth.list_users(q)
    if args.json:
        common.emit_json(users)
        return
    if not users:
        print(_("no users yet: kp user add NAME --role dpo"), file=sys.stderr)
        return
    print(f"{_('name'):<24} {_('role'):<7} {_('state'):<26} {_('created')}")
    for u in users:
        state = _("disabled") if u["disabled"] else (
            _("locked until {time}").format(time=f"{u['locked_until']:%Y-%m-%d %H:%M}") if u["locked_until"] else
            (ngettext("{n} failed sign-in", "{n} failed sign-ins", u["failed_count"]).format(n=u["failed_count"])
             if u["failed_count"] else _("active")))
        print(f"{u['name']:<24} {u['role']:<7} {state:<26} {u['created_at']:%Y-%m-%d}")


def cmd_user_disable(args):
    from .. import auth

    auth.set_disabled(common.register(args), args.name, not args.enable, actor=common.actor())
    print((_("user {name} enabled") if args.enable else _("user {name} disabled")).format(name=args.name),
          file=sys.stderr)


def cmd_user_passwd(args):
    from .. import auth

    auth.check_name(args.name)
    password = _password(_("New password for {name}: ").format(name=args.name))
    auth.set_password(common.register(args), args.name, password, actor=common.actor())
    print(_("password of {name} changed").format(name=args.name), file=sys.stderr)


def cmd_user_email(args):
    from .. import auth

    auth.set_email(common.register(args), args.name, args.email, actor=common.actor())
    print((_("user {name}: email set") if args.email else _("user {name}: no email")).format(name=args.name),
          file=sys.stderr)


def cmd_audit_verify(args):
    from .. import audit
    from ..errors import KpError

    with common.register(args).read() as q:
        res = audit.verify(q)
    expected = None
    if args.expect_tip:
        try:
            seq, digest = args.expect_tip.split(":", 1)
            expected = (int(seq), digest.strip().lower())
        except ValueError:
            raise KpError(N_("--expect-tip: give SEQ:HASH as printed by an earlier `kp audit verify`")) from None
        if res.tip_seq is None or res.tip_seq < expected[0]:
            res.ok = False
            res.problems.append(_("the log ends at event {tip}; it reached {seq} before (events were removed)").format(
                tip=res.tip_seq, seq=expected[0]))
    if args.json:
        common.emit_json(res.as_dict())
    elif res.ok and res.anchored_seq is None:
        print(_("AUDIT LOG NOT CONFIRMED: the chain of {n} events links up, but there is no anchor log beside the "
                "register to check it against (a register from before anchoring: the next change anchors it)").format(
            n=common.number(res.events)), file=sys.stderr)
    elif res.ok:
        print(_("audit log intact: {n} events, chain verified against the anchor of event {anchored}; last event "
                "{tip}").format(n=common.number(res.events), anchored=res.anchored_seq,
                                tip=f"{res.tip_seq}:{res.tip_hash}"))
    else:
        print(_("AUDIT LOG DAMAGED: {problems} problem(s) among {n} events").format(
            problems=len(res.problems), n=common.number(res.events)), file=sys.stderr)
        lang = common.ui_lang()
        for p in res.problems:
            print(f"  {p.text(lang) if hasattr(p, 'text') else p}", file=sys.stderr)
    if res.ok and expected is not None:
        # The earlier tip must still be in the chain, unchanged.
        with common.register(args).read() as q:
            row = q.sql("SELECT hash FROM audit_log WHERE seq = ?", [expected[0]]).fetchall()
        if not row or row[0][0] != expected[1]:
            print(_("AUDIT LOG DAMAGED: event {seq} is not the one noted earlier").format(seq=expected[0]),
                  file=sys.stderr)
            return 1
    return 0 if res.ok and res.anchored_seq is not None else 1


def cmd_audit_list(args):
    import json

    from .. import audit

    filters = {"actor": args.actor, "action": args.action, "object_type": args.object_type,
               "object_id": args.object_id,
               "start": common.parse_date(args.since, "--since") if args.since else None,
               "end": common.parse_date(args.until, "--until") if args.until else None}
    with common.register(args).read() as q:
        rows = audit.events(q, **filters, limit=max(1, args.limit))
    if args.json:
        common.emit_json(rows)
        return
    for r in rows:
        detail = json.dumps(r["detail"], ensure_ascii=False, sort_keys=True) if r["detail"] else ""
        obj = f"{r['object_type'] or ''}:{r['object_id'] or ''}" if r["object_type"] or r["object_id"] else ""
        print(f"{r['seq']:>7} {r['event_at']:%Y-%m-%d %H:%M:%S} {r['actor']:<20} {r['action']:<28} {obj:<24} {detail}")


def cmd_backup(args):
    from .. import backup

    m = backup.backup(common.register(args), args.dir, actor=common.actor())
    rows = sum(t["rows"] for t in m["tables"].values())
    print(_("backup written to {dir}: {tables} tables, {rows} rows").format(
        dir=args.dir, tables=len(m["tables"]), rows=common.number(rows)), file=sys.stderr)


def cmd_restore(args):
    from .. import backup

    m = backup.restore(args.dir, args.db, actor=common.actor(), ledger=args.ledger, without_ledger=args.without_ledger)
    rows = sum(t["rows"] for t in m["tables"].values())
    print(_("restored {tables} tables, {rows} rows from {dir} into {db}").format(
        tables=len(m["tables"]), rows=common.number(rows), dir=args.dir, db=args.db), file=sys.stderr)
    r = m.get("reapplied") or {}
    if r.get("ledger"):
        print(_("erasure ledger re-applied: {added} suppression(s) added, {lifted} lifted; {people} person(s) erased "
                "again, {links} purpose link(s) removed").format(
            added=r.get("added", 0), lifted=r.get("lifted", 0), people=r.get("contacts", 0), links=r.get("links", 0)),
              file=sys.stderr)
    else:
        print(_("no erasure ledger was re-applied"), file=sys.stderr)


def cmd_purge(args):
    from .. import purge

    today = common.parse_date(args.today, "--today") if args.today else None
    if not (args.dry_run or args.yes or args.json) and sys.stdin.isatty():
        # At a terminal: what would go first, then the question (a script or cron job has no terminal).
        _print_purge(purge.purge(common.register(args), dry_run=True, today=today, actor=common.actor()))
        answer = input(_("Delete these for good? [y/N] ")).strip().lower()
        if answer not in ("k", "kyllä", "y", "yes") + (("j", "ja") if common.ui_lang() == "sv" else ()):
            print(_("nothing deleted"), file=sys.stderr)
            return 1
    res = purge.purge(common.register(args), dry_run=args.dry_run, today=today, actor=common.actor())
    if args.json:
        common.emit_json(res.as_dict())
        return
    _print_purge(res)


def _print_purge(res) -> None:
    head = _("would delete (dry run, nothing changed)") if res.dry_run else _("deleted")
    num = common.number
    print(_("retention on {day}: {what}").format(day=res.today, what=head))
    for purpose, n in res.links.items():
        print(f"  {num(n):>9} " + _("memberships of {purpose}").format(purpose=purpose))
    print(f"  {num(res.contacts):>9} " + _("people held for no purpose any more"))
    print(f"  {num(res.web_visits):>9} " + _("web visits past retention"))
    if res.ips_truncated is not None:
        print(f"  {num(res.ips_truncated):>9} " + (_("IP addresses to truncate") if res.dry_run
                                                 else _("IP addresses truncated")))
    if res.kept_for_request:
        print("  " + _("kept: {n} people a subject request concerns").format(n=num(res.kept_for_request)))
    if res.kept_restricted:
        print("  " + _("kept: {n} people whose processing is restricted (Art. 18)").format(n=num(res.kept_restricted)))
    if res.running_contract:
        print("  " + _("kept: {n} memberships of customers whose contract still runs").format(
            n=num(res.running_contract)))
    for purpose, n in res.kept_unknown_anchor.items():
        print("  " + _("kept, ask the DPO: {n} memberships of {purpose} past the end counted from collection; their "
                       "anchor date (last contact, training, customer contract) is not recorded").format(
            n=num(n), purpose=purpose))


def cmd_migrate(args):
    from .. import migrations

    before, after = migrations.migrate(common.register(args), actor=common.actor())
    if before == after:
        print(_("the register is at schema version {version} already; nothing to do").format(version=after),
              file=sys.stderr)
    else:
        print(_("migrated the register from schema version {old} to {new}; every row kept").format(old=before, new=after),
              file=sys.stderr)
