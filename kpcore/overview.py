"""The register at a glance: controller, DPO, purposes and counts (the Overview view)."""
from __future__ import annotations

from .db import Query


def overview(q: Query) -> dict:
    from . import notice

    return {
        "controller": q.one("controller"),
        "counts": q.one("register_counts"),
        "per_purpose": q.all("contacts_per_purpose"),
        # published notices whose facts changed since (lang, version, published_on)
        "notice_stale": notice.stale(q),
    }
