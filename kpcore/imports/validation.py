"""Validating a file's rows as whole Arrow columns (see kpcore.imports): email, phone, names,
purpose and source, dates, lengths, control characters, minimisation (Art. 5(1)(c)); the
direct-marketing basis of each row comes from kpcore.imports.classification."""
from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from .. import safety
from ..addresses import normalise_email, normalise_phones, simple_emails
from ..db import Query
from ..errors import Problem
from .bounds import MAX_TEXT
from .arrays import control_mask, days, hits, longer_than, trim
from .classification import classify
from . import reasons
from .columns import CATEGORY_FIELDS, DATE_FIELDS

CONTROL_REASON = safety.CONTROL_REASON


def label(text: str) -> str:
    s = text.strip().lower().replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s)


def lookup(q: Query, name: str) -> dict[str, str]:
    out = {}
    for r in q.all(name):
        for v in (r["key"], r["name_fi"], r["name_en"]):
            out[label(v)] = r["key"]
    return out


def validate(q: Query, table, today: dt.date):
    """(clean arrow table of valid rows, problems, per-row bad mask) for the parsed columns."""
    import numpy as np
    import pyarrow as pa

    n = table.num_rows
    names = table.column_names
    empty = pa.StringArray.from_buffers(n, pa.py_buffer(np.zeros(n + 1, np.int32).tobytes()), pa.py_buffer(b""))

    def col(f):
        return trim(table.column(f).combine_chunks()) if f in names else empty

    # The checks that need no other column's result run beside the rest in threads (Arrow's
    # kernels release the GIL): each gives exactly what it would give in turn.
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 1)))
    try:
        return _validate_columns(q, table, today, pool, col, empty)
    finally:
        pool.shutdown(wait=True)


_CONTROL_FIELDS = ("email", "name", "first_name", "last_name", "phone", "organisation", "title", "purpose", "source",
                   "collected_at", "language")


def _validate_columns(q: Query, table, today: dt.date, pool, col, empty):
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    names = table.column_names
    control = {f: pool.submit(control_mask, table.column(f).combine_chunks()) for f in _CONTROL_FIELDS if f in names}
    phone_raw = col("phone")
    phone_job = pool.submit(normalise_phones, phone_raw)

    # Names are kept exactly as written; only surrounding blanks of split names are joined away.
    if "name" in names:
        name = table.column("name").combine_chunks()
    else:
        first, last = col("first_name"), col("last_name")
        name = pc.utf8_trim_whitespace(pc.binary_join_element_wise(first, last, " "))
    name_blank = pc.equal(pc.utf8_trim_whitespace(name), "")

    email_raw = col("email")
    lowered = pc.utf8_lower(email_raw)
    fast = simple_emails(lowered)
    email = pc.if_else(fast, lowered, pa.scalar(None, pa.string()))
    email_bad = np.zeros(n, dtype=bool)
    email_blank = pc.equal(email_raw, "").to_numpy(zero_copy_only=False)
    slow = pc.indices_nonzero(pc.and_(pc.invert(fast), pc.not_equal(email_raw, "")))
    if len(slow):  # only the addresses outside the plain shape go through email-validator
        checked = [normalise_email(v)[0] for v in email_raw.take(slow).to_pylist()]
        at = slow.to_numpy()
        email_bad[at] = [v is None for v in checked]
        mask = np.zeros(n, dtype=bool)
        mask[at] = True
        email = pc.replace_with_mask(email, pa.array(mask), pa.array(checked, pa.string()))

    from .. import marketing
    personal_job = pool.submit(marketing.personal_mask, email)
    phone = phone_job.result()
    phone_bad = pc.and_(pc.not_equal(phone_raw, ""), pc.is_null(phone)).to_numpy(zero_copy_only=False)

    organisation, title = col("organisation"), col("title")

    purposes, sources = lookup(q, "purposes"), lookup(q, "sources")

    def keyed(raw, table_map):
        # A column holds few distinct names: normalise the distinct ones, then map back.
        enc = pc.dictionary_encode(raw)
        labels = [table_map.get(label(v)) for v in enc.dictionary.to_pylist()]
        return pc.take(pa.array(labels, pa.string()), enc.indices)

    purpose_raw, source_raw = col("purpose"), col("source")
    purpose, source = keyed(purpose_raw, purposes), keyed(source_raw, sources)

    collected_raw = col("collected_at")
    collected = days(q, collected_raw)
    collected_blank = pc.equal(collected_raw, "")
    collected = pc.if_else(collected_blank, pa.scalar(today, pa.date32()), collected)

    extra_dates = {}
    extra_checks = []
    for f in DATE_FIELDS:
        raw = col(f)
        value = days(q, raw) if f in names else pa.nulls(n, pa.date32())
        blank = pc.equal(raw, "")
        value = pc.if_else(blank, pa.scalar(None, pa.date32()), value)
        extra_dates[f] = value
        extra_checks += [
            (f, pc.and_(pc.invert(blank), pc.is_null(value)), reasons.NOT_A_DATE),
            (f, pc.fill_null(pc.greater(value, pa.scalar(today, pa.date32())), False), reasons.FUTURE_DATE)]
        if f != "last_training":  # a fact of the link: not before the data was collected
            extra_checks.append((f, pc.fill_null(pc.less(value, collected), False),
                                 reasons.BEFORE_COLLECTION))
    source_detail = col("source_detail")

    from ..contacts import LANGUAGE_WORDS
    language_raw = col("language")
    language = keyed(language_raw, LANGUAGE_WORDS)  # blank -> NULL: not told, Finnish is used

    checks: list[tuple[str, Any, str]] = [
        ("email", email_blank, reasons.MISSING),
        ("email", email_bad, reasons.BAD_EMAIL),
        ("name", name_blank, reasons.MISSING),
        ("phone", phone_bad, reasons.BAD_PHONE),
        ("purpose", pc.equal(purpose_raw, ""), reasons.MISSING),
        ("purpose", pc.and_(pc.not_equal(purpose_raw, ""), pc.is_null(purpose)),
         reasons.UNKNOWN_PURPOSE),
        ("source", pc.equal(source_raw, ""), reasons.MISSING),
        ("source", pc.and_(pc.not_equal(source_raw, ""), pc.is_null(source)),
         reasons.UNKNOWN_SOURCE),
        ("language", pc.and_(pc.not_equal(language_raw, ""), pc.is_null(language)),
         reasons.UNKNOWN_LANGUAGE),
        ("collected_at", pc.and_(pc.invert(collected_blank), pc.is_null(collected)),
         reasons.NOT_A_DATE),
        ("collected_at", pc.fill_null(pc.greater(collected, pa.scalar(today, pa.date32())), False),
         reasons.FUTURE_DATE),
        ("collected_at", pc.fill_null(pc.less(collected, pa.scalar(dt.date(1900, 1, 1), pa.date32())), False),
         reasons.BEFORE_1900),
    ]
    checks += extra_checks
    for f, arr in (("name", name), ("organisation", organisation), ("title", title), ("source_detail", source_detail)):
        checks.append((f, longer_than(arr, MAX_TEXT), reasons.reason(reasons.TOO_LONG, limit=MAX_TEXT)))
    # NUL, ESC, BEL, ... would reach a terminal, a PDF or a spreadsheet as actions, not text (#15 §1)
    for f in _CONTROL_FIELDS:
        if f in names:
            checks.append((f, control[f].result(), reasons.CONTROL))

    # Minimisation: each value present must be of a category the row's purpose allows.
    allowed: dict[str, set[str]] = {}
    for r in q.all("purpose_categories"):
        allowed.setdefault(r["purpose"], set()).add(r["category"])
    cat_names = {r["key"]: r["name_en"].lower() for r in q.all("data_categories")}
    present = {"email": pc.invert(pc.equal(email_raw, "")), "name": pc.invert(name_blank),
               "phone": pc.not_equal(phone_raw, ""), "organisation": pc.not_equal(organisation, ""),
               "title": pc.not_equal(title, "")}
    of_purpose: dict[str, Any] = {}  # each purpose's rows, compared once for all the categories
    for cat in CATEGORY_FIELDS:
        for p in sorted(set(purposes.values())):
            if cat not in allowed.get(p, set()):
                if p not in of_purpose:
                    of_purpose[p] = pc.fill_null(pc.equal(purpose, p), False)
                mask = pc.and_(present[cat], of_purpose[p])
                checks.append((cat, mask, reasons.reason(reasons.NOT_ALLOWED, purpose=p, category=cat_names.get(cat, cat))))

    bad = np.zeros(n, dtype=bool)
    found: list[tuple[int, int, str, str]] = []
    for order, (f, mask, reason) in enumerate(checks):
        idx = hits(mask)
        if len(idx):
            bad[idx] = True
            found += [(int(i), order, f, reason) for i in idx]
    found.sort()
    problems = [Problem(i + 1, f, reason) for i, _, f, reason in found]

    # #11 Direct marketing: each row's electronic-marketing basis (kpcore.imports.classification)
    marketing_columns, dm_checks = classify(q, col, purpose, personal_job.result(), today)
    for f, mask, reason in dm_checks:
        idx = hits(mask)
        if len(idx):
            bad[idx] = True
            problems += [Problem(int(i) + 1, f, reason) for i in idx]
    problems.sort(key=lambda p: p.row)

    clean = pa.table({
        "row": pa.array(np.arange(1, n + 1, dtype=np.int64)),
        "email": email, "name": name,
        "phone": phone, "organisation": pc.if_else(pc.equal(organisation, ""), pa.scalar(None, pa.string()), organisation),
        "title": pc.if_else(pc.equal(title, ""), pa.scalar(None, pa.string()), title),
        "purpose": purpose, "source": source, "collected_on": collected,
        **marketing_columns,
        "last_contact_on": extra_dates["last_contact"], "first_communication_on": extra_dates["first_communication"],
        "last_training_on": extra_dates["last_training"],
        "source_detail": pc.if_else(pc.equal(source_detail, ""), pa.scalar(None, pa.string()), source_detail),
        "language": language,
    })
    return clean, problems, bad
