"""`kp notice`: print the privacy notice, check it against Art. 13/14, publish versions,
and let the DPO set or confirm the facts behind it."""
from __future__ import annotations

import argparse
import sys

from . import N_, common
from .common import _



def register(sub, db):
    p = sub.add_parser(
        "notice", parents=[db], help=N_("the privacy notice (tietosuojaseloste): print, check, publish"),
        description=N_("Print the privacy notice generated from the register (PDF, HTML or Markdown), check it "
                    "against Art. 13/14 (--check), publish a version, or set/confirm the facts behind it."))
    p.add_argument("--lang", choices=["fi", "en", "sv"], help=N_("language (default fi; --check without it checks fi and "
                                                              "en, and sv once a Swedish version is published)"))
    p.add_argument("--format", choices=["pdf", "html", "md"], default="pdf", help=N_("output format (default pdf)"))
    p.add_argument("-o", "--output", metavar="FILE", help=N_("output file ('-' = stdout); default: a named file here"))
    p.add_argument("--check", action="store_true", help=N_("completeness check of the 15 items; exit 0 only if the notice could be published, 1 if a "
                        "mandatory item is missing or unconfirmed (--json: which and why)"))
    p.add_argument("--json", action="store_true", help=N_("with --check, versions or diff: JSON output"))
    p.set_defaults(handler=cmd_notice)
    nsub = p.add_subparsers(dest="notice_cmd", metavar="ACTION")
    nsub.required = False

    s = nsub.add_parser("publish", parents=[db], help=N_("publish the current notice as a new version (fi and en; sv "
                                                      "too once published)"))
    s.add_argument("--lang", choices=["fi", "en", "sv"], action="append", dest="langs",
                   help=N_("only this language (may be repeated; default: fi and en, and sv once a Swedish version "
                        "exists; the first Swedish version: --lang sv)"))
    s.set_defaults(handler=cmd_publish)

    s = nsub.add_parser("versions", parents=[db], help=N_("list published versions"))
    s.add_argument("--lang", choices=["fi", "en", "sv"])
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_versions)

    s = nsub.add_parser("diff", parents=[db], help=N_("what changed between two versions (B omitted: the current text)"))
    s.add_argument("a", type=int, metavar="A")
    s.add_argument("b", type=int, nargs="?", metavar="B")
    s.add_argument("--lang", choices=["fi", "en", "sv"], default="fi")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_diff)

    s = nsub.add_parser("confirm", parents=[db], help=N_("confirm the proposed values behind items (1-15) or --all"))
    s.add_argument("items", type=int, nargs="*", metavar="ITEM")
    s.add_argument("--all", action="store_true", help=N_("every proposed value"))
    s.add_argument("--lang", choices=["fi", "en", "sv"], help=N_("confirm only in this language (sv: the Swedish "
                                                              "statements and the Swedish texts of the facts)"))
    s.set_defaults(handler=cmd_confirm)

    s = nsub.add_parser("set-statement", parents=[db], help=N_("write a statement's text (confirms it)"))
    s.add_argument("key")
    s.add_argument("--lang", choices=["fi", "en", "sv"], required=True)
    src = s.add_mutually_exclusive_group(required=True)
    src.add_argument("--text")
    src.add_argument("--file", type=argparse.FileType("r", encoding="utf-8"))
    s.set_defaults(handler=cmd_set_statement)

    s = nsub.add_parser("set-purpose", parents=[db], help=N_("set a purpose's legal basis, retention or provision (confirms what it sets)"))
    s.add_argument("key", help=N_("purpose key (sales_marketing, expert_admin, expert_user, web_analytics, ...)"))
    s.add_argument("--basis", dest="legal_basis",
                   choices=["consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"])
    s.add_argument("--interest-fi", dest="legitimate_interest_fi")
    s.add_argument("--interest-en", dest="legitimate_interest_en")
    s.add_argument("--retention-anchor", dest="retention_anchor",
                   choices=["collection", "last_contact", "contract_end", "last_training_support"],
                   help=N_("the event the retention period counts from"))
    s.add_argument("--retention-months", dest="retention_months",
                   help=N_("months kept after the anchor event (the notice's sentence is generated from both)"))
    s.add_argument("--provision-fi", dest="provision_fi")
    s.add_argument("--provision-en", dest="provision_en")
    s.add_argument("--direct-marketing", dest="direct_marketing", choices=["yes", "no"])
    s.add_argument("--name-sv", dest="name_sv", help=N_("the purpose's name in Swedish"))
    s.add_argument("--group-sv", dest="group_sv", help=N_("who is in it, Swedish"))
    s.add_argument("--subjects-sv", dest="subjects_sv", help=N_("categories of data subjects, Swedish"))
    s.add_argument("--interest-sv", dest="legitimate_interest_sv", help=N_("the legitimate interest, Swedish"))
    s.add_argument("--provision-sv", dest="provision_sv", help=N_("whether providing the data is required, Swedish"))
    s.set_defaults(handler=cmd_set_purpose)

    s = nsub.add_parser("propose-swedish", parents=[db],
                        help=N_("an older register: add the Swedish statements as unconfirmed proposals (where the "
                             "Finnish is still the original)"))
    s.set_defaults(handler=cmd_propose_swedish)

    s = nsub.add_parser("set-source", parents=[db], help=N_("a source's description (and Swedish name); the Swedish "
                                                         "written here counts as confirmed"))
    s.add_argument("key", help=N_("source key (direct, partner, public, ...)"))
    s.add_argument("--description-fi", dest="description_fi")
    s.add_argument("--description-en", dest="description_en")
    s.add_argument("--name-sv", dest="name_sv")
    s.add_argument("--description-sv", dest="description_sv")
    s.set_defaults(handler=cmd_set_source)

    s = nsub.add_parser("set-recipient", parents=[db], help=N_("a recipient's name, role and safeguard texts (confirms them)"))
    s.add_argument("id", type=int)
    s.add_argument("--name", dest="name", help=N_("the name (Finnish; a company's own name)"))
    for f in ("name_sv", "name_en", "role_fi", "role_en", "role_sv", "safeguard_fi", "safeguard_en", "safeguard_sv"):
        s.add_argument(f"--{f.replace('_', '-')}", dest=f)
    s.set_defaults(handler=cmd_set_recipient)

    s = nsub.add_parser("set-category", parents=[db], help=N_("a data category's name in Swedish (or Finnish/English)"))
    s.add_argument("key")
    s.add_argument("--fi")
    s.add_argument("--en")
    s.add_argument("--sv")
    s.set_defaults(handler=cmd_set_category)

    s = nsub.add_parser("set-controller", parents=[db], help=N_("change the controller's or DPO's contact details"))
    for f in ("name", "street", "postcode", "city", "email", "phone", "business_id", "dpo_name", "dpo_email", "dpo_phone"):
        s.add_argument(f"--{f.replace('_', '-')}", dest=f)
    s.set_defaults(handler=cmd_set_controller)


def cmd_notice(args):
    from .. import notice

    reg = common.register(args)
    if args.check:
        # Exit 0 only when the notice could be published: no mandatory item (M, or C where it
        # applies) missing or unconfirmed in any checked language; otherwise 1.
        with reg.read() as q:
            langs = [args.lang] if args.lang else notice.default_langs(q)
            result = notice.check(q, langs)
        if args.json:
            common.emit_json(result)
        else:
            from .. import i18n

            from ..notice.terms import ITEM_STATES, LANGUAGE_NAMES as names  # the notice's own tables
            for lang, part in result["langs"].items():
                print(i18n.gettext("Privacy notice completeness ({language})", lang).format(
                    language=i18n.gettext(names[lang], lang)))
                for r in part["items"]:
                    status = i18n.gettext(ITEM_STATES[r["status"]], lang)
                    status = status.upper() if r["status"] == "missing" else status  # a terminal has no colours
                    title = r.get(f"title_{lang}") or r["title_en"]
                    flag = "!" if r["blocking"] else " "
                    print(f" {flag}{r['item']:>2}. [{r['requirement']}] {status:<13} {title} — {r['detail']}")
                print()
            if not result["publishable"]:
                ui = common.ui_lang()
                with reg.read() as q:
                    lines = notice.blocking_lines(q, langs, ui)
                from .. import i18n

                head = i18n.gettext("The notice cannot be published: mandatory items are missing or unconfirmed:", ui)
                print("\n  ".join([head] + lines), file=sys.stderr)
        return 0 if result["publishable"] else 1
    lang = args.lang or "fi"
    with reg.read() as q:
        doc = notice.document(q, lang)
    data = {"pdf": lambda: notice_pdf_bytes(doc), "html": lambda: notice.to_html(doc).encode("utf-8"),
            "md": lambda: notice.to_markdown(doc).encode("utf-8")}[args.format]()
    common.write_output(data, args.output, notice.file_name(doc, args.format))
    return 0


def notice_pdf_bytes(doc) -> bytes:
    from ..pdf.notice import build_notice

    return build_notice(doc)


def cmd_publish(args):
    from .. import notice

    results = notice.publish(common.register(args), common.actor(), langs=args.langs or None,
                             ui_lang=common.ui_lang())
    for r in results:
        if r["published"]:
            print(_("published {lang} version {version} ({date})").format(lang=r["lang"], version=r["version"],
                                                                           date=r["date"]))
        else:
            print(_("{lang}: unchanged since version {version} ({date}); nothing published").format(
                lang=r["lang"], version=r["version"], date=r["date"]))
    return 0


def cmd_versions(args):
    from .. import notice

    with common.register(args).read() as q:
        rows = notice.versions(q, args.lang)
    if args.json:
        common.emit_json(rows)
    elif not rows:
        print(_("no published versions"))
    else:
        for r in rows:
            print(f"{r['lang']}  v{r['version']:<3} {r['published_at']:%Y-%m-%d %H:%M}  {r['content_hash'][:12]}  "
                  + _("{n} chars").format(n=r["chars"]))
    return 0


def cmd_diff(args):
    from .. import notice

    with common.register(args).read() as q:
        d = notice.diff_versions(q, args.lang, args.a, args.b)
    if args.json:
        common.emit_json(d)
    elif d["same"]:
        print(_("no changes"))
    else:
        print("\n".join(d["diff"]))
    return 0


def cmd_confirm(args):
    from .. import notice
    from ..errors import KpError

    reg = common.register(args)
    if args.all:
        counts = notice.confirm_all(reg, common.actor())
    elif args.items:
        counts = {"statements": 0, "purposes": 0, "recipients": 0, "sources": 0}
        for item in args.items:
            for k, v in notice.confirm_item(reg, common.actor(), item, args.lang).items():
                counts[k] += v
    else:
        raise KpError(N_("name the items to confirm (1-15) or use --all"))
    print(_("confirmed: {counts}").format(counts=", ".join(f"{v} {k}" for k, v in counts.items())))
    return 0


def cmd_set_statement(args):
    from .. import notice

    text = args.text if args.text is not None else args.file.read()
    notice.set_statement(common.register(args), common.actor(), args.key, args.lang, text)
    print(_("statement {key} ({lang}) saved and confirmed").format(key=args.key, lang=args.lang))
    return 0


def cmd_set_purpose(args):
    from .. import notice
    from ..errors import KpError

    changes = {k: getattr(args, k) for k in notice.PURPOSE_FIELDS if getattr(args, k, None) is not None}
    if "direct_marketing" in changes:
        changes["direct_marketing"] = changes["direct_marketing"] == "yes"
    if not changes:
        raise KpError(N_("nothing to change: give at least one of --basis, --retention-anchor, --retention-months, ..."))
    changed = notice.update_purpose(common.register(args), common.actor(), args.key, changes)
    print(_("purpose {key}: {what}").format(key=args.key, what=common.changed(changed)))
    return 0


def cmd_propose_swedish(args):
    from .. import notice

    out = notice.propose_swedish(common.register(args), common.actor())
    print(_("Swedish proposals added (unconfirmed): {n}").format(n=len(out["added"]))
          + ("; " + _("not proposed, the Finnish was reworded (write them with set-statement KEY --lang sv): "
                      "{keys}").format(keys=", ".join(out["skipped"])) if out["skipped"] else ""))
    return 0


def cmd_set_source(args):
    from .. import notice
    from ..errors import KpError

    changes = {k: getattr(args, k) for k in ("description_fi", "description_en", "name_sv", "description_sv")
               if getattr(args, k) is not None}
    if not changes:
        raise KpError(N_("nothing to change: give --name-sv, --description-sv, --description-fi or --description-en"))
    changed = notice.update_source(common.register(args), common.actor(), args.key, changes)
    print(_("source {key}: {what}").format(key=args.key, what=common.changed(changed)))
    return 0


def cmd_set_recipient(args):
    from .. import notice
    from ..errors import KpError

    changes = {k: getattr(args, k) for k in ("name", "name_sv", "name_en", "role_fi", "role_en", "role_sv", "safeguard_fi",
                                             "safeguard_en", "safeguard_sv") if getattr(args, k) is not None}
    if not changes:
        raise KpError(N_("nothing to change: give --name-sv, --role-sv, --safeguard-sv, --role-fi, ..."))
    changed = notice.update_recipient(common.register(args), common.actor(), args.id, changes)
    print(_("recipient {id}: {what}").format(id=args.id, what=common.changed(changed)))
    return 0


def cmd_set_category(args):
    from .. import notice
    from ..errors import KpError

    changes = {f"name_{k}": getattr(args, k) for k in ("fi", "en", "sv") if getattr(args, k) is not None}
    if not changes:
        raise KpError(N_("nothing to change: give --sv, --fi or --en"))
    changed = notice.update_category(common.register(args), common.actor(), args.key, changes)
    print(_("category {key}: {what}").format(key=args.key, what=common.changed(changed, _("no change"))))
    return 0


def cmd_set_controller(args):
    from .. import notice
    from ..errors import KpError

    changes = {k: getattr(args, k) for k in notice.CONTROLLER_FIELDS if getattr(args, k, None) is not None}
    if not changes:
        raise KpError(N_("nothing to change: give at least one of --name, --street, --email, --dpo-email, ..."))
    changed = notice.update_controller(common.register(args), common.actor(), changes)
    print(_("controller: {what}").format(what=common.changed(changed, _("no change"))))
    return 0
