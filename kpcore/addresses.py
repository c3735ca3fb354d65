"""Email addresses and phone numbers: checked and normalised one value at a time
(email-validator, no DNS lookups; phonenumbers, Finland the default region) or as whole Arrow
columns, where only the values outside the common plain shapes go through the per-value
validators (a test holds each fast path to the per-value answer). Used by the contacts import
and the marketing opt-out list; imports no rule module."""
from __future__ import annotations


# Addresses of this plain shape are valid for email-validator too (a test holds the two
# together); anything else goes through email-validator itself.
_SIMPLE_EMAIL = (r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                 r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")

_SPECIAL_TLDS = ("arpa", "invalid", "local", "localhost", "onion", "test")


def normalise_email(value: str) -> tuple[str | None, str | None]:
    from email_validator import EmailNotValidError, validate_email

    try:
        r = validate_email(value, check_deliverability=False)
        return r.normalized.lower(), None
    except EmailNotValidError:
        return None, "not a valid email address"


def simple_emails(lowered):
    """A boolean Arrow mask: addresses email-validator accepts as they are (lower-case input)."""
    import pyarrow.compute as pc

    ok = pc.match_substring_regex(lowered, _SIMPLE_EMAIL)
    ok = pc.and_(ok, pc.less_equal(pc.utf8_length(lowered), 254))
    # Where the pattern matched, the address is ASCII with exactly one '@' and ends in '.' and
    # its top-level label: the '@''s byte offset is the local part's length, and the label is a
    # special one exactly when the address ends with '.' and it (no regular-expression passes).
    ok = pc.and_(ok, pc.less_equal(pc.find_substring(lowered, "@"), 64))
    for tld in _SPECIAL_TLDS:
        ok = pc.and_(ok, pc.invert(pc.ends_with(lowered, "." + tld)))
    return ok


_FI_TYPES = ("mobile", "fixed_line", "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager",
             "uan", "voicemail")  # the commonest first: each later one is tried only on the numbers still unmatched


def _fi_phone_masks(national):
    """Mask of national numbers (digits) valid in Finland, by phonenumbers' own FI metadata: the
    general pattern and the pattern of one number type, each with its possible lengths."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from phonenumbers.phonemetadata import PhoneMetadata

    md = PhoneMetadata.metadata_for_region("FI")

    def matches(desc, values):
        if desc is None or not desc.national_number_pattern:
            return None
        m = pc.match_substring_regex(values, f"^(?:{desc.national_number_pattern})$")
        lengths = [n for n in (desc.possible_length or ()) if n > 0]
        if lengths:
            length = pc.utf8_length(values)
            m = pc.and_(m, pc.is_in(length, value_set=pa.array(lengths, length.type)))
        return m.to_numpy(zero_copy_only=False)

    typed = np.zeros(len(national), dtype=bool)
    todo = np.arange(len(national))
    for t in _FI_TYPES:  # "any type matches", one type at a time over the numbers no earlier type took
        if not len(todo):
            break
        m = matches(getattr(md, t), national.take(todo) if len(todo) < len(national) else national)
        if m is not None:
            typed[todo[m]] = True
            todo = todo[~m]
    valid = np.zeros(len(national), dtype=bool)
    if typed.any():
        idx = np.flatnonzero(typed)
        general = matches(md.general_desc, national.take(idx) if len(idx) < len(national) else national)
        valid[idx] = general if general is not None else True
    return valid


def normalise_phone(value: str) -> str | None:
    import phonenumbers

    try:
        num = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def normalise_phones(trimmed):
    """E.164 strings (None where invalid) for trimmed phone texts; '' stays None, not a problem.
    Numbers of the plain Finnish shapes are checked as whole columns against phonenumbers' own
    metadata; only the others go through phonenumbers one by one."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(trimmed)
    given = pc.not_equal(trimmed, "").to_numpy(zero_copy_only=False)
    some = np.flatnonzero(given)
    values = trimmed.take(some) if len(some) < n else trimmed  # blank phones (often most) cost nothing
    cleaned = pc.replace_substring_regex(values, r"[\s\-./()]", "")
    plain = pc.match_substring_regex(cleaned, r"^(?:\+358|00358|0)[1-9][0-9]{3,14}$").to_numpy(zero_copy_only=False)
    fast = np.flatnonzero(plain)
    national = pc.replace_substring_regex(cleaned.take(fast) if len(fast) < len(cleaned) else cleaned,
                                          r"^(?:\+358|00358|0)", "")
    ok = _fi_phone_masks(national)
    e164 = pc.binary_join_element_wise("+358", national, "")
    # Each row's result by position: the fast numbers that are valid, else a null (index len(e164)).
    where = np.full(n, len(e164), dtype=np.int64)
    where[some[fast[ok]]] = np.flatnonzero(ok)
    out = pc.take(pa.concat_arrays([e164, pa.nulls(1, pa.string())]), pa.array(where))
    slow = np.flatnonzero(~plain)
    slow = np.concatenate([slow, fast[~ok]]) if (~ok).any() else slow
    if not len(slow):
        return out
    slow.sort()
    rows = some[slow]
    texts = values.take(pa.array(slow)).to_pylist()
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(out, pa.array(mask), pa.array([normalise_phone(v) for v in texts], pa.string()))
