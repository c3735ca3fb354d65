"""Languages and translation catalogs: Finnish, Swedish and English (issue #16 §1).

Every user-facing text is a gettext message in `kpcore/locale/<lang>/LC_MESSAGES/kp.po`,
managed with Babel (`pybabel extract/update/compile`, run by `scripts/i18n_codemod.py --sync`);
the compiled `kp.mo` files ship in the wheel.

Conventions
- The msgid is the English text (the gettext norm). Every language, English included, carries
  an explicit msgstr, so tests/test_i18n.py can say "every message is translated everywhere"
  and mean it; an English wording is then changed in the English catalog, not in the code.
- Where one English word stands for two Finnish ones ("Time": "Aika" / "Kello"), the second
  is a message with a context, `pgettext(<Finnish text>, "Time")`.
- Formatted messages use named placeholders, `_("{n} people erased").format(n=n)`; a whole
  sentence is one message, never glued from fragments. Plurals: `ngettext(one, other, n)`;
  Finnish, Swedish and English all have two forms, `nplurals=2; plural=(n != 1);`.
- Catalogs are read once per process and only when a text is first asked for: importing this
  module loads nothing (`kp --help` stays light, issue #16 §5).
"""
from __future__ import annotations

import functools
import gettext as _gettext
from pathlib import Path

LANGS = ("fi", "sv", "en")
NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
DEFAULT = "fi"
DOMAIN = "kp"
LOCALE_DIR = Path(__file__).with_name("locale")


def check(lang: str | None) -> str:
    """The language code, or the default for none; an unknown code is an error, not Finnish."""
    if not lang:
        return DEFAULT
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGS)}")
    return lang


@functools.cache
def translator(lang: str) -> _gettext.GNUTranslations:
    """The compiled catalog of `lang`, read on first use and kept for the process."""
    with open(LOCALE_DIR / check(lang) / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as f:
        return _gettext.GNUTranslations(f)


def gettext(message: str, lang: str) -> str:
    """The translation of an English msgid; a table entry marked NP_ carries its own context."""
    context = getattr(message, "context", None)
    if context:
        return translator(lang).pgettext(context, message)
    return translator(lang).gettext(message)


def pgettext(context: str, message: str, lang: str) -> str:
    return translator(lang).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    return translator(lang).ngettext(singular, plural, n)


def label(table: dict, key, lang: str) -> str:
    """The entry of a label table (key -> N_/NP_ message) in `lang`; an unknown key as it is."""
    if key is None:
        return ""
    return gettext(table[key], lang) if key in table else str(key)


def N_(message: str) -> str:  # noqa: N802 - the gettext name for "extract, translate later"
    """Marks a message for extraction where it is defined (a table); translated where shown."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """As N_, for a message with plural forms: (singular, plural), translated with ngettext."""
    return singular, plural


class Msg(str):
    """An English msgid that remembers its context (from NP_): `gettext` translates it with it."""

    def __new__(cls, message: str, context: str):
        self = super().__new__(cls, message)
        self.context = context
        return self

    def __reduce__(self):  # pickled (Streamlit's cache) with its context
        return Msg, (str(self), self.context)


def NP_(context: str, message: str) -> str:  # noqa: N802
    """As N_, for a table whose entries share a context: `gettext` translates the returned text
    with pgettext(context, ...), so a table's "Received" need not be every other "Received"."""
    return Msg(message, context)


@functools.cache
def _made_from(message: str):
    import re

    parts = re.split(r"\{(\w+)\}", message)
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(pattern + r"\Z", re.S)


def values_in(text: str, message: str) -> dict | None:
    """The values `message` (an English msgid with {named} places) was filled with to make `text`,
    or None when `text` was not made from it: a finished English sentence stored or passed on
    (an import's reason, a history note) is said again in another language from these."""
    m = _made_from(message).match(text)
    return m.groupdict() if m else None

