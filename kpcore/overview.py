"""The register at a glance: controller, DPO, purposes and counts (the Overview view)."""
from __future__ import annotations

from .db import Query


def overview(q: Query) -> dict:
    return {
        "controller": q.one("controller"),
        "counts": q.one("register_counts"),
        "per_purpose": q.all("contacts_per_purpose"),
    }
