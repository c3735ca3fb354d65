"""The electronic-marketing basis of each direct-marketing row of an import (#11, kpcore.marketing):
given in a column or derived (consent data present -> consent; an organisation's address ->
work role), and the checks on it: a personal address (free-mail or ISP domain) is never
marketed to by email without consent (Act 917/2014 s. 200(1)), and a consent needs its day,
channel, wording version and how it was given (GDPR Art. 7(1): the controller must be able to
show the consent)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .. import marketing
from ..db import Query
from .bounds import MAX_TEXT
from . import reasons
from .arrays import days, longer_than, strings


def classify(q: Query, col, purpose, personal, today: dt.date) -> tuple[dict[str, Any], list[tuple[str, Any, str]]]:
    """({column name: Arrow column} for the clean table, [(field, mask, reason)] checks) from the
    file's columns (`col(field)`: trimmed text, '' where absent), each row's purpose key and the
    mask of personal addresses."""
    import pyarrow as pa
    import pyarrow.compute as pc

    dm_keys = [r["key"] for r in q.all("purposes") if r["direct_marketing"]]
    is_dm = pc.fill_null(pc.is_in(purpose, value_set=strings(dm_keys)), False)
    basis_raw = col("marketing_basis")
    basis_enc = pc.dictionary_encode(basis_raw)
    basis_given = pc.take(pa.array([marketing.basis_key(v) for v in basis_enc.dictionary.to_pylist()], pa.string()),
                          basis_enc.indices)
    consent_raw = col("consent_on")
    consent_on = days(q, consent_raw)
    channel, wording, how = col("consent_channel"), col("consent_wording"), col("consent_how")
    has_consent_data = pc.or_(pc.not_equal(consent_raw, ""), pc.or_(pc.not_equal(channel, ""),
                              pc.or_(pc.not_equal(wording, ""), pc.not_equal(how, ""))))
    # Derived: consent data present -> consent; an organisation's address -> work role.
    derived = pc.if_else(has_consent_data, pa.scalar("consent", pa.string()),
                         pc.if_else(personal, pa.scalar(None, pa.string()), pa.scalar("work_role", pa.string())))
    basis = pc.if_else(pc.is_null(basis_given), derived, basis_given)
    basis = pc.if_else(is_dm, basis, pa.scalar(None, pa.string()))
    basis_by = pc.if_else(pc.is_null(basis_given),
                          pc.if_else(has_consent_data, pa.scalar("consent_columns", pa.string()),
                                     pa.scalar("organisation_domain", pa.string())),
                          pa.scalar("column", pa.string()))
    basis_by = pc.if_else(is_dm, basis_by, pa.scalar(None, pa.string()))
    is_consent = pc.fill_null(pc.equal(basis, "consent"), False)
    dm_checks: list[tuple[str, Any, str]] = [
        ("marketing_basis", pc.and_(is_dm, pc.fill_null(pc.equal(basis_given, "?"), False)),
         reasons.UNKNOWN_BASIS),
        ("email", pc.and_(pc.and_(is_dm, personal), pc.invert(pc.or_(is_consent,
                                                                      pc.fill_null(pc.equal(basis, "none"), False)))),
         reasons.PERSONAL_WITHOUT_CONSENT),
        ("consent_on", pc.and_(is_consent, pc.equal(consent_raw, "")), reasons.CONSENT_DAY),
        ("consent_on", pc.and_(is_consent, pc.and_(pc.not_equal(consent_raw, ""), pc.is_null(consent_on))),
         reasons.NOT_A_DATE),
        ("consent_on", pc.and_(is_consent, pc.fill_null(pc.greater(consent_on, pa.scalar(today, pa.date32())), False)),
         reasons.FUTURE_DATE),
        ("consent_channel", pc.and_(is_consent, pc.equal(channel, "")), reasons.CONSENT_CHANNEL),
        ("consent_wording", pc.and_(is_consent, pc.equal(wording, "")),
         reasons.CONSENT_WORDING),
        ("consent_how", pc.and_(is_consent, pc.equal(how, "")), reasons.CONSENT_HOW),
    ]
    for f, arr in (("consent_channel", channel), ("consent_wording", wording), ("consent_how", how)):
        dm_checks.append((f, longer_than(arr, MAX_TEXT), reasons.reason(reasons.TOO_LONG, limit=MAX_TEXT)))

    def consent_only(arr):
        return pc.if_else(pc.and_(is_consent, pc.not_equal(arr, "")), arr, pa.scalar(None, pa.string()))

    columns = {"marketing_basis": basis, "basis_by": basis_by,
               "consent_on": pc.if_else(is_consent, consent_on, pa.scalar(None, pa.date32())),
               "consent_channel": consent_only(channel), "consent_wording": consent_only(wording),
               "consent_how": consent_only(how)}
    return columns, dm_checks
