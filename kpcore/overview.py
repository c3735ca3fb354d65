"""The register at a glance: controller, DPO, purposes and counts (the Overview view)."""
from __future__ import annotations

from .db import Query


def overview(q: Query) -> dict:
    return {
        "controller": q.one("controller"),
        "counts": q.one("register_counts"),
        "per_purpose": q.all("contacts_per_purpose"),
    }


def running_clocks(q: Query, now=None) -> list[dict]:
    """Every running breach clock (Ombudsman, each controller, people, NIS2), soonest first: rows
    with what / what_fi / what_en, due (datetime), time_left (timedelta, negative = overdue),
    hours_left and link (dashboard). See kpcore.breach.clocks.running."""
    from .breach.clocks import running

    return running(q, now)
