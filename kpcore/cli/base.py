"""`kp init` (a new register, optionally with demo data) and `kp serve` (the dashboard)."""
from __future__ import annotations

from . import N_, common


def NN_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - kpcore.i18n.NN_ without importing it
    return singular, plural


def register(sub, db):
    p = sub.add_parser("init", parents=[db], help=N_("create a register holding the company's facts"))
    p.add_argument("--demo", action="store_true", help=N_("add deterministic demo data"))
    p.add_argument("--contacts", type=int, default=2000, metavar="N", help=N_("demo contacts (default 2000)"))
    p.add_argument("--visits", type=int, default=None, metavar="M", help=N_("demo web visits (default 10 x contacts)"))
    p.add_argument("--seed", type=int, default=1, metavar="S", help=N_("demo random seed (default 1)"))
    p.add_argument("--force", action="store_true", help=N_("replace an existing register (its data is lost)"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("serve", parents=[db], help=N_("start the dashboard on 127.0.0.1"))
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--secrets", metavar="FILE",
                   help=N_("Streamlit secrets file with the [auth] section for sign-in through the company's identity "
                        "provider (default: $KP_SECRETS, else .streamlit/secrets.toml in the current directory, if any)"))
    p.set_defaults(handler=cmd_serve)


# What `kp init --demo` says it made (kpcore.demo.populate's counts), in the terminal's language
DEMO_COUNTS = {
    "contacts": NN_("{n} contact", "{n} contacts"),
    "purpose links": NN_("{n} purpose link", "{n} purpose links"),
    "web visits": NN_("{n} web visit", "{n} web visits"),
    "open requests": NN_("{n} open request", "{n} open requests"),
    "engagements": NN_("{n} active engagement", "{n} active engagements"),
    "breaches": NN_("{n} breach", "{n} breaches"),
}


def cmd_init(args):
    import sys

    from .. import db

    reg = db.create(args.db or db.default_path(), force=args.force, actor=common.actor())
    print(common._("created register {path}").format(path=reg.path), file=sys.stderr)
    if args.demo:
        from .. import demo

        try:
            counts = demo.populate(reg, contacts=args.contacts,
                                   visits=args.visits if args.visits is not None else args.contacts * 10,
                                   seed=args.seed, actor=common.actor())
        except BaseException:
            reg.path.unlink(missing_ok=True)  # no half-made demo register is left behind
            raise
        print(common._("demo data: {counts}").format(counts=", ".join(
            common.ngettext(*DEMO_COUNTS[k], v).format(n=common.number(v)) if k in DEMO_COUNTS else f"{v} {k}"
            for k, v in counts.items())), file=sys.stderr)
        from .. import auth

        auth.add_demo_users(reg, actor=common.actor())
        print(common._("demo users (dashboard sign-in): {users} - change them with `kp user passwd NAME` before real "
                       "use").format(users=", ".join(f"{n} / {p} ({r})" for n, r, p in demo.DEMO_USERS)),
              file=sys.stderr)
    return 0


def cmd_serve(args):
    from ..serve import serve

    import os

    return serve(common.register(args), port=args.port, secrets=args.secrets or os.environ.get("KP_SECRETS") or None,
                 lang=common.ui_lang())
