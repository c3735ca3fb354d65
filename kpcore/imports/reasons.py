"""The reasons an import gives for a refused file or row, in the reader's language (issue 18 §3).

Each reason is one catalog message (English msgid, named placeholders; Finnish, Swedish and
English in kpcore/locale). Problem.reason keeps the English sentence: the CLI's --json, the
rejected-rows CSV and scripts read it as it is. A screen shows it in its own language with
reason_text(), which finds the message the sentence was made from and fills in the same values
(a column name, a number) in the translation. A reason no message here made (another module's)
is shown as it is.
"""
from __future__ import annotations

from .. import errors, safety
from ..filetext import FILE_REFUSED, MIXED_ENCODINGS, UTF16_NO_BOM  # noqa: F401 (every reason in one place)
from ..i18n import N_, gettext, values_in

# rows
MISSING = N_("missing")
BAD_EMAIL = N_("not a valid email address")
BAD_PHONE = N_("not a valid phone number")
NOT_A_DATE = N_("not a date (use 2026-11-24 or 24.11.2026)")
FUTURE_DATE = N_("the date is in the future")
BEFORE_1900 = N_("the date is before 1900")
BEFORE_COLLECTION = N_("the date is before the data was collected")
UNKNOWN_PURPOSE = N_("unknown purpose (use its key or its Finnish or English name)")
UNKNOWN_SOURCE = N_("unknown source (use its key or its Finnish or English name)")
UNKNOWN_LANGUAGE = N_("unknown language (use fi, sv or en, or suomi / svenska / English)")
TOO_LONG = N_("longer than {limit} characters")
CONTROL = N_("contains a control character (NUL, ESC, BEL, ...; only tab and line break are allowed)")
NOT_ALLOWED = N_("purpose {purpose} does not allow {category} (minimisation)")
WRONG_FIELD_COUNT = N_("expected {expected} fields, found {found}")
# rows of a direct-marketing purpose (kpcore.imports.classification)
UNKNOWN_BASIS = N_("unknown marketing basis (use work_role / työrooli, existing_customer / asiakas, "
                   "consent / suostumus or none / ei)")
PERSONAL_WITHOUT_CONSENT = N_("a personal address (free-mail or ISP domain) is never marketed to by email without "
                              "consent: give the consent (date, channel, wording version, how) or the basis none")
CONSENT_DAY = N_("missing: consent needs the day it was given")
CONSENT_CHANNEL = N_("missing: consent needs the channel it came by")
CONSENT_WORDING = N_("missing: consent needs the version of the wording the person agreed to")
CONSENT_HOW = N_("missing: consent needs how it was given")
# columns
SAME_FIELD = N_("column means the same as column {other} ({field}); keep one")
SPECIAL_COLUMN = N_("column holds a special category of personal data (GDPR Art. 9): {category}; the register does "
                    "not process it. Remove the column and import again")
CREDENTIAL_COLUMN = N_("column holds a password or other credential: {category}; the register does not process "
                       "it. Remove the column and import again")
NO_NAME_COLUMN = N_("no name column (name / nimi, or first name / etunimi and last name / sukunimi)")
NO_COLUMN = N_("no {field} column ({names})")
# the file
EMPTY = N_("the file is empty")
UNREADABLE_CSV = N_("not a readable CSV file (check its character encoding, quotes and line breaks)")
UNREADABLE_XLSX = N_("not a readable XLSX workbook ({error})")
NO_ROWS = N_("the workbook has no rows")
TOO_MANY_COLUMNS = N_("{columns} columns, more than the {limit} allowed")
TOO_MANY_ROWS = N_("more than {limit} rows; split the file")
TOO_BIG = N_("the file is {size} MB, more than the {limit} MB allowed (KP_IMPORT_MAX_MB); split it into smaller files")
LONG_RUN = N_("a cell longer than the {limit} characters allowed (over {bytes} bytes without a separator)")
LONG_CELL = N_("a cell of {length} characters, more than the {limit} allowed")
UNPACKS_TOO_MUCH = N_("the workbook unpacks to {size} MB, more than the {limit} MB allowed")
UNPACK_RATIO = N_("the workbook part {part} unpacks {ratio} times its packed size (at most {limit} allowed): "
                  "not an ordinary spreadsheet")

REASONS = (MISSING, BAD_EMAIL, BAD_PHONE, NOT_A_DATE, FUTURE_DATE, BEFORE_1900, BEFORE_COLLECTION, UNKNOWN_PURPOSE,
           UNKNOWN_SOURCE, UNKNOWN_LANGUAGE, TOO_LONG, CONTROL, NOT_ALLOWED, WRONG_FIELD_COUNT, UNKNOWN_BASIS,
           PERSONAL_WITHOUT_CONSENT, CONSENT_DAY, CONSENT_CHANNEL, CONSENT_WORDING, CONSENT_HOW, SAME_FIELD,
           SPECIAL_COLUMN, CREDENTIAL_COLUMN, NO_NAME_COLUMN, NO_COLUMN, EMPTY, UNREADABLE_CSV, UNREADABLE_XLSX,
           NO_ROWS, TOO_MANY_COLUMNS, TOO_MANY_ROWS, TOO_BIG, LONG_RUN, LONG_CELL, UNPACKS_TOO_MUCH, UNPACK_RATIO,
           UTF16_NO_BOM, MIXED_ENCODINGS)
assert CONTROL == safety.CONTROL_REASON  # the same sentence kpcore.safety gives elsewhere

# The summaries of a refusal (ValidationFailed's message; FILE_REFUSED from kpcore.filetext).
ROWS_DO_NOT_MATCH = N_("The file's rows do not match its header; nothing was written")
INVALID_ROWS = N_("{rows} invalid row(s), {problems} problem(s); nothing was written "
                  "(rows are counted from the first data row)")


def reason(message: str, **values) -> str:
    """The English sentence of a reason (Problem.reason)."""
    return message.format(**values) if values else message


def reason_text(text: str, lang: str) -> str:
    """A Problem.reason made by the import, in `lang` (fi, sv, en); any other text as it is."""
    if not text:
        return text
    for message in REASONS:
        values = values_in(text, message)
        if values is not None:
            return gettext(message, lang).format(**values)
    return text


errors.REASON_TRANSLATORS.append(reason_text)  # a Problem made by the import reads in the reader's language


def reason_fi(text: str) -> str:
    """The Finnish of a Problem.reason (kept for callers of the earlier name)."""
    return reason_text(text, "fi")
