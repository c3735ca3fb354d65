"""`kp user`, `kp audit`, `kp backup`, `kp restore`, `kp purge`, `kp migrate`: running the register."""
from __future__ import annotations

import sys

from . import common


def register(sub, db):
    p = sub.add_parser("user", help="dashboard users: add, list, disable, passwd")
    us = p.add_subparsers(dest="user_command", metavar="ACTION")
    us.required = True
    a = us.add_parser("add", parents=[db], help="add a user (the password is asked for, or read from standard input)")
    a.add_argument("name")
    a.add_argument("--role", choices=["dpo", "viewer"], required=True,
                   help="dpo: everything; viewer: summaries only (no person's page, no export, no change)")
    a.set_defaults(handler=cmd_user_add)
    a = us.add_parser("list", parents=[db], help="list users (never their passwords)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_user_list)
    a = us.add_parser("disable", parents=[db], help="stop a user from signing in")
    a.add_argument("name")
    a.add_argument("--enable", action="store_true", help="let a disabled user sign in again")
    a.set_defaults(handler=cmd_user_disable)
    a = us.add_parser("passwd", parents=[db], help="set a new password (also lifts a lock after failed sign-ins)")
    a.add_argument("name")
    a.set_defaults(handler=cmd_user_passwd)
    a = us.add_parser("email", parents=[db], help="the company account (email) the user signs in with through the "
                                                  "identity provider; without EMAIL: none")
    a.add_argument("name")
    a.add_argument("email", nargs="?")
    a.set_defaults(handler=cmd_user_email)

    p = sub.add_parser("audit", help="the audit trail: verify its hash chain, list events")
    au = p.add_subparsers(dest="audit_command", metavar="ACTION")
    au.required = True
    a = au.add_parser("verify", parents=[db], help="recompute the hash chain; exit 1 if any event was edited or deleted")
    a.add_argument("--json", action="store_true")
    a.add_argument("--expect-tip", metavar="SEQ:HASH",
                   help="also check that the chain still ends where it ended before (catches removal at the end)")
    a.set_defaults(handler=cmd_audit_verify)
    a = au.add_parser("list", parents=[db], help="events, newest first")
    a.add_argument("--actor")
    a.add_argument("--action", help="prefix, e.g. auth. or user.add")
    a.add_argument("--object-type")
    a.add_argument("--object-id")
    a.add_argument("--since", help="first day (2026-11-01 or 1.11.2026)")
    a.add_argument("--until", help="last day, included")
    a.add_argument("--limit", type=int, default=100)
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_audit_list)

    p = sub.add_parser("backup", parents=[db], help="write a consistent snapshot (Parquet + manifest) into DIR")
    p.add_argument("dir")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help="build a NEW register file from a backup folder")
    p.add_argument("dir")
    p.add_argument("--db", required=True, metavar="NEW", help="the register file to create (must not exist)")
    p.add_argument("--ledger", metavar="FILE", help="the erasure ledger to re-apply (default: the one beside the "
                                                     "register the backup was taken of)")
    p.add_argument("--without-ledger", action="store_true",
                   help="restore even when the ledger is gone (only when nothing was erased since the backup)")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("purge", parents=[db], help="apply retention: delete what is past each purpose's period")
    p.add_argument("--dry-run", action="store_true", help="only count what would go")
    p.add_argument("--yes", action="store_true",
                   help="do not ask first (at a terminal, kp purge shows what would go and asks before deleting)")
    p.add_argument("--today", help=argparse_suppress())
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_purge)

    p = sub.add_parser("migrate", parents=[db], help="upgrade a register from an older schema version, keeping every row")
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
        if confirm and getpass.getpass("Again / Uudelleen: ") != first:
            raise KpError("the passwords did not match; nothing was changed")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise KpError("password: none given on standard input")
    return line.rstrip("\r\n")


def cmd_user_add(args):
    from .. import auth

    auth.check_name(args.name)
    password = _password(f"Password for {args.name} / Salasana: ")
    user = auth.add_user(common.register(args), args.name, args.role, password, actor=common.actor())
    print(f"added user {user.name} ({user.role})", file=sys.stderr)


def cmd_user_list(args):
    from .. import auth

    with common.register(args).read() as q:
        users = auth.list_users(q)
    if args.json:
        common.emit_json(users)
        return
    if not users:
        print("no users yet: kp user add NAME --role dpo", file=sys.stderr)
        return
    print(f"{'name':<24} {'role':<7} {'state':<26} created")
    for u in users:
        state = "disabled" if u["disabled"] else (
            f"locked until {u['locked_until']:%Y-%m-%d %H:%M}" if u["locked_until"] else
            (f"{u['failed_count']} failed sign-ins" if u["failed_count"] else "active"))
        print(f"{u['name']:<24} {u['role']:<7} {state:<26} {u['created_at']:%Y-%m-%d}")


def cmd_user_disable(args):
    from .. import auth

    auth.set_disabled(common.register(args), args.name, not args.enable, actor=common.actor())
    print(f"user {args.name} {'enabled' if args.enable else 'disabled'}", file=sys.stderr)


def cmd_user_passwd(args):
    from .. import auth

    auth.check_name(args.name)
    password = _password(f"New password for {args.name} / Uusi salasana: ")
    auth.set_password(common.register(args), args.name, password, actor=common.actor())
    print(f"password of {args.name} changed", file=sys.stderr)


def cmd_user_email(args):
    from .. import auth

    auth.set_email(common.register(args), args.name, args.email, actor=common.actor())
    print(f"user {args.name}: {'email set' if args.email else 'no email'}", file=sys.stderr)


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
            raise KpError("--expect-tip: give SEQ:HASH as printed by an earlier `kp audit verify`") from None
        if res.tip_seq is None or res.tip_seq < expected[0]:
            res.ok = False
            res.problems.append(f"the log ends at event {res.tip_seq}; it reached {expected[0]} before (events were removed)")
    if args.json:
        common.emit_json(res.as_dict())
    elif res.ok and res.anchored_seq is None:
        print(f"AUDIT LOG NOT CONFIRMED: the chain of {res.events:,} events links up, but there is no anchor "
              f"log beside the register to check it against (a register from before anchoring: the next "
              f"change anchors it)", file=sys.stderr)
    elif res.ok:
        print(f"audit log intact: {res.events:,} events, chain verified against the anchor of event "
              f"{res.anchored_seq}; last event {res.tip_seq}:{res.tip_hash}")
    else:
        print(f"AUDIT LOG DAMAGED: {len(res.problems)} problem(s) among {res.events:,} events", file=sys.stderr)
        for p in res.problems:
            print(f"  {p}", file=sys.stderr)
    if res.ok and expected is not None:
        # The earlier tip must still be in the chain, unchanged.
        with common.register(args).read() as q:
            row = q.sql("SELECT hash FROM audit_log WHERE seq = ?", [expected[0]]).fetchall()
        if not row or row[0][0] != expected[1]:
            print(f"AUDIT LOG DAMAGED: event {expected[0]} is not the one noted earlier", file=sys.stderr)
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
    print(f"backup written to {args.dir}: {len(m['tables'])} tables, {rows:,} rows", file=sys.stderr)


def cmd_restore(args):
    from .. import backup

    m = backup.restore(args.dir, args.db, actor=common.actor(), ledger=args.ledger, without_ledger=args.without_ledger)
    rows = sum(t["rows"] for t in m["tables"].values())
    print(f"restored {len(m['tables'])} tables, {rows:,} rows from {args.dir} into {args.db}", file=sys.stderr)
    r = m.get("reapplied") or {}
    if r.get("ledger"):
        print(f"erasure ledger re-applied: {r.get('added', 0)} suppression(s) added, {r.get('lifted', 0)} lifted; "
              f"{r.get('contacts', 0)} person(s) erased again, {r.get('links', 0)} purpose link(s) removed",
              file=sys.stderr)
    else:
        print("no erasure ledger was re-applied", file=sys.stderr)


def cmd_purge(args):
    from .. import purge

    today = common.parse_date(args.today, "--today") if args.today else None
    if not (args.dry_run or args.yes or args.json) and sys.stdin.isatty():
        # At a terminal: what would go first, then the question (a script or cron job has no terminal).
        _print_purge(purge.purge(common.register(args), dry_run=True, today=today, actor=common.actor()))
        answer = input("Poistetaanko nämä pysyvästi? / Delete these for good? [k/y/N] ").strip().lower()
        if answer not in ("k", "kyllä", "y", "yes"):
            print("nothing deleted / mitään ei poistettu", file=sys.stderr)
            return 1
    res = purge.purge(common.register(args), dry_run=args.dry_run, today=today, actor=common.actor())
    if args.json:
        common.emit_json(res.as_dict())
        return
    _print_purge(res)


def _print_purge(res) -> None:
    head = "would delete (dry run, nothing changed)" if res.dry_run else "deleted"
    print(f"retention on {res.today}: {head}")
    for purpose, n in res.links.items():
        print(f"  {n:>9,} memberships of {purpose}")
    print(f"  {res.contacts:>9,} people held for no purpose any more")
    print(f"  {res.web_visits:>9,} web visits past retention")
    if res.ips_truncated is not None:
        print(f"  {res.ips_truncated:>9,} IP addresses {'to truncate' if res.dry_run else 'truncated'}")
    if res.kept_for_request:
        print(f"  kept: {res.kept_for_request:,} people a subject request concerns")
    if res.kept_restricted:
        print(f"  kept: {res.kept_restricted:,} people whose processing is restricted (Art. 18)")
    if res.running_contract:
        print(f"  kept: {res.running_contract:,} memberships of customers whose contract still runs")
    for purpose, n in res.kept_unknown_anchor.items():
        print(f"  kept, ask the DPO: {n:,} memberships of {purpose} past the end counted from collection; "
              "their anchor date (last contact, training, customer contract) is not recorded")


def cmd_migrate(args):
    from .. import migrations

    before, after = migrations.migrate(common.register(args), actor=common.actor())
    if before == after:
        print(f"the register is at schema version {after} already; nothing to do", file=sys.stderr)
    else:
        print(f"migrated the register from schema version {before} to {after}; every row kept", file=sys.stderr)
