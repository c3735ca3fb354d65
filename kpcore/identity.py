"""How a person asking about their data is recognised: e-mail and phone in the forms the register
stores (phones in E.164), shared by the request intake, the erasure and the table connector."""
from __future__ import annotations

import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+[1-9][0-9]{4,14}$")


def normalise_phone(phone: str | None) -> str | None:
    """Finnish numbers to E.164 (040 123 4567 -> +358401234567); None stays None."""
    if phone is None or not phone.strip():
        return None
    p = re.sub(r"[\s\-().]", "", phone.strip())
    if p.startswith("00"):
        p = "+" + p[2:]
    elif p.startswith("0"):
        p = "+358" + p[1:]
    return p
