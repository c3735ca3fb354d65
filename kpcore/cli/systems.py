"""`kp system add|list|show|set|remove|test`: the map of the company's systems (#12)."""
from __future__ import annotations

import json

from . import N_, common


def _common_options(p, required: bool) -> None:
    p.add_argument("--kind", required=required, help=N_("register, mailbox, crm, helpdesk, web_analytics, newsletter, "
                                                     "file_share, backups, other"))
    p.add_argument("--purpose", action="append", dest="purposes", metavar="KEY",
                   help=N_("a purpose the system holds (repeat; replaces the list on set)"))
    p.add_argument("--category", action="append", dest="categories", metavar="KEY",
                   help=N_("a data category it holds (repeat; replaces the list on set)"))
    p.add_argument("--processor", metavar="ID|NAME", help=N_("the recipient running it ('none': the company itself)"))
    p.add_argument("--new-processor", metavar="NAME", help=N_("add this processor to the recipients and use it"))
    p.add_argument("--country", metavar="XX", help=N_("the new processor's country (ISO code, default FI)"))
    p.add_argument("--safeguard-fi", help=N_("the new processor's transfer safeguard (outside the EU/EEA), Finnish"))
    p.add_argument("--safeguard-en", help=N_("... in English"))
    p.add_argument("--role-fi", help=N_("the new processor's role, Finnish (default 'Henkilötietojen käsittelijä')"))
    p.add_argument("--role-en", help=N_("... in English"))
    p.add_argument("--role-sv", help=N_("... in Swedish (default 'Personuppgiftsbiträde', unconfirmed)"))
    p.add_argument("--safeguard-sv", help=N_("the new processor's transfer safeguard, Swedish"))
    p.add_argument("--retention-fi", help=N_("how long the system keeps the data, Finnish"))
    p.add_argument("--retention-en", help=N_("... in English"))
    p.add_argument("--retention-sv", help=N_("... in Swedish"))
    p.add_argument("--connector", help=N_("manual, register, imap, table"))
    p.add_argument("--settings", metavar="JSON", help=N_('connector settings, e.g. {"host": "imap.example.fi", "user": "dpo"}'
                                                     " (never a password: see README)"))
    p.add_argument("--allow-delete", choices=["yes", "no"], help=N_("may the connector delete on erasure"))
    p.add_argument("--instructions-fi", help=N_("how the DPO carries out a request there by hand, Finnish"))
    p.add_argument("--instructions-en", help=N_("... in English"))
    p.add_argument("--instructions-sv", help=N_("... in Swedish"))
    p.add_argument("--json", action="store_true")


def register(sub, db):
    p = sub.add_parser("system", help=N_("the systems map: where personal data lives and who runs it"))
    ssub = p.add_subparsers(dest="system_command", metavar="ACTION")
    ssub.required = True

    a = ssub.add_parser("add", parents=[db], help=N_("add a system to the map"))
    a.add_argument("name")
    _common_options(a, required=True)
    a.set_defaults(handler=cmd_add)

    li = ssub.add_parser("list", parents=[db], help=N_("the systems of the map"))
    li.add_argument("--json", action="store_true")
    li.set_defaults(handler=cmd_list)

    s = ssub.add_parser("show", parents=[db], help=N_("one system"))
    s.add_argument("system", metavar="ID|NAME")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_show)

    e = ssub.add_parser("set", parents=[db], help=N_("change a system"))
    e.add_argument("system", metavar="ID|NAME")
    e.add_argument("--name", dest="new_name", help=N_("rename it"))
    _common_options(e, required=False)
    e.set_defaults(handler=cmd_set)

    r = ssub.add_parser("remove", parents=[db], help=N_("remove a system from the map"))
    r.add_argument("system", metavar="ID|NAME")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_remove)

    t = ssub.add_parser("test", parents=[db], help=N_("test a connector's connection"))
    t.add_argument("system", metavar="ID|NAME")
    t.set_defaults(handler=cmd_test)


def _changes(args) -> dict:
    out = {}
    for k in ("kind", "retention_fi", "retention_en", "connector", "instructions_fi", "instructions_en",
              "retention_sv", "instructions_sv"):
        if getattr(args, k) is not None:
            out[k] = getattr(args, k)
    if args.settings is not None:
        try:
            out["settings"] = json.loads(args.settings)
        except ValueError:
            from ..errors import KpError
            raise KpError(N_("--settings: not JSON (e.g. {example})"), example='{"host": "imap.example.fi"}') from None
    if args.allow_delete is not None:
        out["allow_delete"] = args.allow_delete == "yes"
    return out


def _new_processor(args) -> dict | None:
    if not args.new_processor:
        return None
    out = {"name": args.new_processor, "country": args.country or "FI"}
    for k in ("safeguard_fi", "safeguard_en", "role_fi", "role_en", "role_sv", "safeguard_sv"):
        if getattr(args, k):
            out[k] = getattr(args, k)
    return out


def _in(s: dict, name: str, lang: str) -> str | None:
    """The register's own text `name` in the terminal's language: Swedish falls back to Finnish,
    English to Finnish, Finnish to English (what is written, never nothing when one is)."""
    order = {"fi": ("fi", "en"), "sv": ("sv", "fi", "en"), "en": ("en", "fi")}.get(lang, ("fi", "en"))
    return next((s.get(f"{name}_{k}") for k in order if s.get(f"{name}_{k}")), None)


def _print(s: dict) -> None:
    from .. import i18n, systems

    _ = common._
    lang = common.ui_lang()
    safeguard = _in(s, "safeguard", lang)
    who = _("the company itself") if not s["processor_name"] else (
        f"{s['processor_name']} ({s['processor_country']}" + (
            ", " + _("outside the EU/EEA: {safeguard}").format(safeguard=safeguard or _("NO SAFEGUARD"))
            if s["outside_eea"] else "") + ")")
    print(_("system {id}: {name} ({kind})").format(id=s["id"], name=s["name"],
                                                   kind=i18n.label(systems.KINDS, s["kind"], lang))
          + ("" if s["confirmed"] else " - " + _("proposed, not confirmed")))
    print("  " + _("run by: {who}").format(who=who))
    print("  " + _("purposes: {purposes}; categories: {categories}").format(
        purposes=", ".join(s["purposes"]) or "-", categories=", ".join(s["categories"]) or "-"))
    print("  " + _("retention: {retention}").format(retention=_in(s, "retention", lang) or "-"))
    how = i18n.label(systems.CONNECTORS, s["connector"], lang) + (" (" + _("may delete") + ")" if s["allow_delete"] else "")
    print("  " + _("requests carried out: {how}").format(how=how)
          + ("; " + _("settings {settings}").format(settings=json.dumps(s["settings"], ensure_ascii=False))
             if s["settings"] else ""))
    instructions = _in(s, "instructions", lang)
    if instructions:
        print("  " + _("by hand: {instructions}").format(instructions=instructions))


def cmd_add(args):
    from .. import systems

    s = systems.add(common.register(args), common.actor(), {"name": args.name, **_changes(args)},
                    purposes=args.purposes or [], categories=args.categories, processor=args.processor,
                    new_processor=_new_processor(args))
    common.emit_json(s) if args.json else _print(s)


def cmd_list(args):
    from .. import systems

    with common.register(args).read() as q:
        rows = systems.list_systems(q)
        unfilled = systems.unfilled(q)
    if args.json:
        common.emit_json(rows)
        return
    for s in rows:
        who = s["processor_name"] or "(" + common._("own") + ")"
        print(f"{s['id']:>4}  {s['kind']:<13} {s['connector']:<9} {s['name']}  -> {who}")
    if unfilled:
        print(common._("the map holds only this register: add the mailbox, CRM, helpdesk, analytics, ... "
                       "(kp system add)"))


def cmd_show(args):
    from .. import systems

    with common.register(args).read() as q:
        s = systems.find(q, args.system)
    common.emit_json(s) if args.json else _print(s)


def cmd_set(args):
    from .. import systems

    changes = _changes(args)
    if args.new_name:
        changes["name"] = args.new_name
    reg = common.register(args)
    clear = args.processor in ("none", "-")
    changed = systems.update(reg, common.actor(), args.system, changes, purposes=args.purposes,
                             categories=args.categories, processor=None if clear else args.processor,
                             new_processor=_new_processor(args), clear_processor=clear)
    with reg.read() as q:
        s = systems.find(q, args.system if not args.new_name else args.new_name)
    if args.json:
        common.emit_json({"changed": changed, "system": s})
    else:
        print(common._("changed: {fields}").format(fields=", ".join(changed) or common._("nothing")))
        _print(s)


def cmd_remove(args):
    from .. import systems

    systems.remove(common.register(args), common.actor(), args.system)
    if args.json:
        common.emit_json({"removed": args.system})
    else:
        print(common._("removed system {system}").format(system=args.system))


def cmd_test(args):
    from .. import connectors, systems

    reg = common.register(args)
    with reg.read() as q:
        s = systems.find(q, args.system)
    status = connectors.for_system(s, connectors.Context(reg.path, common.actor())).test()
    print(status.text(common.ui_lang()))  # a failure is a ConnectorError, printed by kp in the same language
