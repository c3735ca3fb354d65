"""Importing contacts from the files people really have (CSV or XLSX) into the register.

A file is read as it comes from Finnish Excel or elsewhere: header names in Finnish or
English, delimiter `,` `;` or tab, UTF-8 (with or without BOM), UTF-16 or Windows-1252,
all detected without flags. Every row is validated before anything is written:

* email syntax (email-validator, no DNS lookups), stored lower-case: the identity people
  merge on (one person per email, several purpose links);
* phone normalised to E.164 with Finland as the default region (phonenumbers);
* names kept exactly as written (any Unicode; `<b>` and `&` are data, not markup);
* dates ISO (2026-11-24) or Finnish (24.11.2026), not in the future;
* purpose and source by key or by their Finnish or English name;
* optional columns: the source in detail (which partner, which web site: Art. 15(1)(g)),
  the last contact and the first communication of the link (kpcore.retention's anchor;
  Art. 14(3)(b)), the person's last training or support event; dates not in the future,
  a link's dates not before collection. A re-import only moves a last date later and a
  first communication earlier, and never overwrites a recorded source detail;
* minimisation, Art. 5(1)(c): a value of a category the row's purpose does not allow is
  refused (a phone number for group 2, `expert_user`); a column of a special category
  (Art. 9) or a credential refuses the whole file, naming the column;
* people on the suppression list (erased, or objected for the purpose) are counted and
  never imported; nor are rows for a person whose processing is restricted (Art. 18).

The file is one transaction: with any invalid row nothing is written unless the caller
asks to skip invalid rows, which are then written with their reasons to a CSV beside the
input. Speed matters (a million rows): columns are validated as whole Arrow arrays, only
values outside the common simple shapes go through the per-value validators, and the
register is changed by a handful of set-based statements over a registered Arrow table.

The package, one concern a module:
  run             import_file: file -> checks -> one write transaction (and without_pandas)
  bounds          what a file may be: size, rows, columns, cell lengths, XLSX unpacking
  columns         which column means which field; columns refused outright (Art. 9, credentials)
  reading         CSV / XLSX -> Arrow text columns (kpcore.filetext finds encoding and delimiter)
  validation      the checks on every row, as whole columns (kpcore.addresses: emails, phones)
  classification  the direct-marketing basis of each row and its checks
  arrays          whole-column helpers over Arrow text
  rejected        the rejected-rows CSV
  writing         suppression, restriction and the set-based merge into the register
  result          ImportResult
  reasons         the reasons in the reader's language
"""
from __future__ import annotations

from ..addresses import normalise_phones, simple_emails
from .arrays import CONTROL_PATTERN, control_mask
from .bounds import MAX_CELL, MAX_COLUMNS, MAX_ROWS, MAX_TEXT, check_cell_lengths, max_file_bytes
from .columns import CATEGORY_FIELDS, DATE_FIELDS, FIELD_ALIASES, REQUIRED
from .reading import ParsedFile, read_file
from .reasons import reason_fi, reason_text
from .result import ImportResult
from .run import import_file, own_process, without_pandas
from .validation import CONTROL_REASON

__all__ = ["CATEGORY_FIELDS", "CONTROL_PATTERN", "CONTROL_REASON", "DATE_FIELDS", "FIELD_ALIASES", "ImportResult",
           "MAX_CELL", "MAX_COLUMNS", "MAX_ROWS", "MAX_TEXT", "ParsedFile", "REQUIRED", "check_cell_lengths",
           "control_mask", "import_file", "max_file_bytes", "normalise_phones", "own_process", "read_file", "reason_fi", "reason_text",
           "simple_emails", "without_pandas"]
