"""Web-visit analytics (the purpose web_analytics) and the shortening of stored IP addresses.

The notice promises that full IP addresses are kept only for a set number of days
(setting ip_full_days, 30 by default) and then truncated: IPv4 to a.b.c.0, IPv6 to its
first three groups. `truncate_old_ips` does it in one set-based UPDATE (ten million
visits are fine); `kp web truncate-ips` and the purge job call it. Queries that show
addresses truncate anything older than the limit on the fly as well, so no view shows
a full address past its time even before the job has run.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the web rules import no storage at run time
    from .db import Query, Writer

DEFAULT_IP_FULL_DAYS = 30


def ip_full_days(q: Query) -> int:
    rows = q.sql("SELECT value FROM setting WHERE key = 'ip_full_days'").fetchall()
    try:
        days = int(rows[0][0]) if rows else DEFAULT_IP_FULL_DAYS
    except ValueError:
        days = DEFAULT_IP_FULL_DAYS
    return max(days, 0)


def cutoff(q: Query, today: dt.date | None = None) -> dt.datetime:
    """Visits before this moment may no longer hold a full address."""
    today = today or dt.date.today()
    return dt.datetime.combine(today - dt.timedelta(days=ip_full_days(q)), dt.time(0))


def truncate_old_ips(w: Writer, today: dt.date | None = None) -> int:
    """Truncate the full IPs of visits older than ip_full_days (inside a writer). Returns rows changed.

    Records an audit event with the count when anything changed.
    """
    limit = cutoff(w, today)
    n = int(w.value("web_truncate_ips", {"cutoff": limit}) or 0)
    if n:
        w.audit("web.truncate_ips", "web_visit", None, {"rows": n, "days": ip_full_days(w)})
    return n


def count_to_truncate(q: Query, today: dt.date | None = None) -> int:
    return int(q.one("web_full_ip_counts", {"cutoff": cutoff(q, today)})["full_ips_too_old"] or 0)


def analytics(q: Query, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """Visits per day and per page in [start, end], and the state of full IP addresses."""
    limit = cutoff(q, today)
    return {
        "per_day": q.all("web_visits_per_day", {"start": start, "end": end}),
        "per_page": q.all("web_visits_per_page", {"start": start, "end": end, "limit": 50}),
        "ips": q.one("web_full_ip_counts", {"cutoff": limit}),
        "ip_full_days": ip_full_days(q),
        "recent": q.all("web_recent_visits", {"cutoff": limit, "limit": 20}),
    }
