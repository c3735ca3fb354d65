"""The placeholders of kp's help pages (PATH, FILE, EMAIL ...: argparse's metavars) in the
terminal's language: POLKU / SÖKVÄG, TIEDOSTO / FIL (issue 18 §1: every text kp shows in the
catalogs). A metavar is translated word by word (`CODE:PURPOSE[,PURPOSE]`, `YYYY-MM-DD`), each word
a catalog message with the context "metavar"; the words of an option's choices (`{pdf,xlsx}`) and
codes such as `fi|sv|en` are typed as they are and stay. The help texts that name a placeholder
("give one EMAIL or --file FILE") use the same words in their translations."""
from __future__ import annotations

import re

from . import NP_

WORDS = frozenset({
    NP_("metavar", "ACCESS_ID"), NP_("metavar", "ACTION"), NP_("metavar", "ACTOR"), NP_("metavar", "AT"),
    NP_("metavar", "BUSINESS_ID"), NP_("metavar", "BY"), NP_("metavar", "CITY"), NP_("metavar", "CLAUSE"),
    NP_("metavar", "CODE"), NP_("metavar", "COMPANY"), NP_("metavar", "CONNECTOR"), NP_("metavar", "CONTACTS"),
    NP_("metavar", "COUNT"), NP_("metavar", "COUNTRY"), NP_("metavar", "DATE"), NP_("metavar", "DD"),
    NP_("metavar", "DELAY_REASON"), NP_("metavar", "DESCRIPTION_EN"), NP_("metavar", "DESCRIPTION_FI"),
    NP_("metavar", "DESCRIPTION_SV"), NP_("metavar", "DIR"), NP_("metavar", "DPO_EMAIL"),
    NP_("metavar", "DPO_NAME"), NP_("metavar", "DPO_PHONE"), NP_("metavar", "EARLY_WARNING"),
    NP_("metavar", "EFFECTIVE"), NP_("metavar", "EMAIL"), NP_("metavar", "EN"), NP_("metavar", "ENGAGEMENT"),
    NP_("metavar", "ENGAGEMENTS"), NP_("metavar", "ENGAGEMENT_ID"), NP_("metavar", "EVIDENCE"),
    NP_("metavar", "FI"), NP_("metavar", "FILE"), NP_("metavar", "FINAL_REPORT"), NP_("metavar", "GROUP_SV"),
    NP_("metavar", "HASH"), NP_("metavar", "INSTRUCTIONS_EN"), NP_("metavar", "INSTRUCTIONS_FI"),
    NP_("metavar", "INSTRUCTIONS_SV"), NP_("metavar", "ITEM"), NP_("metavar", "JUSTIFICATION"),
    NP_("metavar", "KEY"), NP_("metavar", "KIND"), NP_("metavar", "LEGITIMATE_INTEREST_EN"),
    NP_("metavar", "LEGITIMATE_INTEREST_FI"), NP_("metavar", "LEGITIMATE_INTEREST_SV"), NP_("metavar", "LIMIT"),
    NP_("metavar", "MALICIOUS"), NP_("metavar", "MM"), NP_("metavar", "NAME"), NP_("metavar", "NAME_EN"),
    NP_("metavar", "NAME_OR_ID"), NP_("metavar", "NAME_SV"), NP_("metavar", "NEW"), NP_("metavar", "NEW_NAME"),
    NP_("metavar", "NIS2"), NP_("metavar", "NOTE"), NP_("metavar", "NOTICE_HOURS"), NP_("metavar", "NOTIFICATION"),
    NP_("metavar", "NOTIFY"), NP_("metavar", "OBJECTION_DAYS"), NP_("metavar", "OBJECT_ID"),
    NP_("metavar", "OBJECT_TYPE"), NP_("metavar", "ON"), NP_("metavar", "OUTPUT"), NP_("metavar", "OUTPUT_DIR"),
    NP_("metavar", "PATH"), NP_("metavar", "PEOPLE"), NP_("metavar", "PHONE"), NP_("metavar", "PORT"),
    NP_("metavar", "POSTCODE"), NP_("metavar", "PROVISION_EN"), NP_("metavar", "PROVISION_FI"),
    NP_("metavar", "PROVISION_SV"), NP_("metavar", "PURPOSE"), NP_("metavar", "REASON"), NP_("metavar", "RECORDS"),
    NP_("metavar", "REF"), NP_("metavar", "REFERENCE"), NP_("metavar", "REPLACES"), NP_("metavar", "RETENTION_EN"),
    NP_("metavar", "RETENTION_FI"), NP_("metavar", "RETENTION_MONTHS"), NP_("metavar", "RETENTION_SV"),
    NP_("metavar", "ROLE_EN"), NP_("metavar", "ROLE_FI"), NP_("metavar", "ROLE_SV"), NP_("metavar", "SAFEGUARD_EN"),
    NP_("metavar", "SAFEGUARD_FI"), NP_("metavar", "SAFEGUARD_SV"), NP_("metavar", "SEQ"),
    NP_("metavar", "SERVICE"), NP_("metavar", "SERVICE_EN"), NP_("metavar", "SIGNIFICANT"), NP_("metavar", "SINCE"),
    NP_("metavar", "STREET"), NP_("metavar", "SUBJECTS_SV"), NP_("metavar", "SUMMARY"), NP_("metavar", "SV"),
    NP_("metavar", "TASK"), NP_("metavar", "TEXT"), NP_("metavar", "TIME"), NP_("metavar", "TODAY"),
    NP_("metavar", "TYPES"), NP_("metavar", "UNTIL"), NP_("metavar", "USER"), NP_("metavar", "VALUE"),
    NP_("metavar", "VERSION"), NP_("metavar", "VULNERABLE"), NP_("metavar", "WHOM"), NP_("metavar", "YYYY"),
    NP_("metavar", "YYYYQn"),
    # a positional argument without a metavar is shown by its name (argparse's dest)
    NP_("metavar", "dir"), NP_("metavar", "email"), NP_("metavar", "engagement"), NP_("metavar", "key"),
    NP_("metavar", "name"), NP_("metavar", "task"),
})
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def translate(metavar: str, lang: str) -> str:
    """`metavar` with each placeholder word in `lang` (fi/sv/en)."""
    from .. import i18n

    return _WORD.sub(lambda m: i18n.pgettext("metavar", m.group(0), lang) if m.group(0) in WORDS else m.group(0),
                     metavar)


def in_language(metavar_formatter, lang: str):
    """argparse.HelpFormatter._metavar_formatter showing the placeholders in `lang`; an option's
    choices, when they stand for the metavar, are shown as they are typed."""
    def _metavar_formatter(self, action, default_metavar):
        formatted = metavar_formatter(self, action, default_metavar)
        if action.metavar is None and action.choices is not None:
            return formatted
        return lambda tuple_size: tuple(translate(m, lang) if m else m for m in formatted(tuple_size))

    return _metavar_formatter


def action_name_in_language(get_action_name, lang: str):
    """argparse._get_action_name (the argument an error names: "... are required: EMAIL") with a
    placeholder in `lang`; an option is named by its flags, as typed."""
    def _get_action_name(argument):
        name = get_action_name(argument)
        return translate(name, lang) if name and not name.startswith("-") else name

    return _get_action_name
