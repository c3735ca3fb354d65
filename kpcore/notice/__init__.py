"""The privacy notice (tietosuojaseloste), Art. 12-14 GDPR, generated from the register.

One room per responsibility (callers import every public name from `kpcore.notice` as before):
- terms: the languages, the 15 items of Art. 13/14 (LEGAL.md), the statements behind each item,
  the section labels; imports nothing from kpcore.
- compose: `facts(q, lang)` and `_compose` -> `Notice` (sections of blocks); every fact read from
  the register, section headings are the program's labels.
- markup: `to_markdown` (escaped; what a published version stores), `to_html` (escaped), `file_name`.
- requirements: `completeness(q, lang)` per item present / missing / unconfirmed with M or C;
  `blocking` (what stops publishing, no override), `check` (what `kp notice --check --json` prints).
- current: `document(q, lang)` - the notice as it stands now; a notice that is not the published,
  confirmed version is a draft with the draft mark on every page; `facts_fingerprint` over
  FACT_TABLES, `stale`; `notice_pdf` (A4, via kpcore.pdf.notice), `notice_html`, `notice_markdown`.
- history: `publish`, `versions`, `version_content`, `diff_versions`, `overview`.
- edit: the DPO's edits of the company's facts behind each section, each one audited write:
  `update_controller`, `set_statement`, `update_purpose`, `update_source`,
  `add_recipient` / `update_recipient` / `remove_recipient`, `confirm_item` / `confirm_all`.

The notice never reads contacts or web visits: it is about the register's rules.
"""
from .compose import Block, Notice, Section, _compose, _electronic_marketing, _join_or, _text, facts  # noqa: F401
from .current import (FACT_TABLES, SV_FACT_TABLES, FORMATS, _is_current, _published_at, content_hash, document,  # noqa: F401
                      facts_fingerprint, notice_html, notice_markdown, notice_pdf, render, stale)
from .edit import (BASIS_FIELDS, CONTROLLER_FIELDS, MAX_TEXT, PURPOSE_FIELDS, RECIPIENT_FIELDS,  # noqa: F401
                   RETENTION_FIELDS, _recipient_values, add_recipient, confirm_all, confirm_item, editor_facts,
                   remove_recipient, set_statement, statement_keys, update_controller, update_purpose,
                   update_recipient, update_source, update_category, propose_swedish, PURPOSE_SV_FIELDS, RECIPIENT_SV_FIELDS)
from .history import _sections_of, diff_versions, overview, publish, version_content, versions  # noqa: F401
from .markup import DRAFT_CSS, file_name, md_escape, section_html, to_html, to_html_body, to_markdown  # noqa: F401
from .requirements import (blocking, blocking_all, blocking_lines, check, completeness, mandatory_missing,  # noqa: F401
                           why, default_langs, _swedish_gaps)
from .terms import (BASE_LANGS, EEA, ITEM_KEYS, ITEM_STATEMENTS, ITEMS, LABELS, LANG_NAMES, LANGS, MONTHS_EN,  # noqa: F401
                    NOTICE_LABELS,
                    NOTICE_STATEMENTS, OBJECTABLE_BASES, PORTABLE_BASES, STATEMENT_TEXT, _lang, fmt_date,
                    statement_text)
