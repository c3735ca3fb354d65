"""Retention (Art. 5(1)(e) storage limitation): `kp purge [--dry-run] [--json]`.

Each purpose's rule (anchor + months) and each link's anchor date are worked out by
kpcore.retention (LINKS_SQL, the same rule the notice, the records and the access report
print). A link whose end date has passed goes; a person left with no purpose at all goes
too, with two exceptions that are counted and reported instead of deleted:
  - a person a subject request concerns (`request_subject`): the request's record needs them;
  - a person whose processing is restricted (Art. 18): restriction means keep, do not use.
Never deleted, and counted apart:
  - a contact of a customer whose contract still runs (contract_end NULL or in the future):
    no end date yet, however old the link (`running_contract`);
  - a link whose anchor date is unknown and whose end counted from collection has passed
    (`kept_unknown_anchor`): the safe default is to ask the DPO, not to delete early
    (kpcore.retention's docstring; the compliance finding names them).
A purpose without retention_months has no rule and is never purged (a compliance gap).
Web visits are deleted when the web-analytics purpose's months from the visit have passed,
and full IP addresses of younger visits are truncated (kpcore.web.truncate_old_ips).

Two transactions, each with its audit event (`retention.purge`, then
`retention.purge_contacts`) whose detail holds only counts and purpose keys: DuckDB cannot
delete a row and the rows referring to it in one transaction. Should the second never
run, the next purge finds the people left with no purpose and removes them then. Set-based SQL throughout: a million contacts are fine.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .db import Register
from .deadlines import add_months
from .retention import LINKS_SQL

WEB_PURPOSE = "web_analytics"
# Rejected-rows files an import wrote (they hold the rows as read, personal data included) are
# kept 30 days for the DPO to fix and re-import them, then removed (Art. 5(1)(e)).
REJECTED_FILE_DAYS = 30


@dataclass
class PurgeResult:
    today: dt.date
    dry_run: bool
    links: dict[str, int] = field(default_factory=dict)       # purpose -> memberships past retention
    running_contract: int = 0                                  # links kept: the customer's contract runs
    kept_unknown_anchor: dict[str, int] = field(default_factory=dict)  # purpose -> past the presumed end, anchor unknown
    contacts: int = 0                                          # people deleted (no purpose left)
    kept_for_request: int = 0
    kept_restricted: int = 0
    web_visits: int = 0
    ips_truncated: int | None = None                           # None: nothing to truncate with
    rejected_files: int = 0                                    # #11: rejected-rows files past 30 days removed

    def as_dict(self) -> dict:
        return {"today": self.today.isoformat(), "dry_run": self.dry_run, "links": self.links,
                "contacts": self.contacts, "kept_for_request": self.kept_for_request,
                "kept_restricted": self.kept_restricted, "web_visits": self.web_visits,
                "ips_truncated": self.ips_truncated, "running_contract": self.running_contract,
                "kept_unknown_anchor": self.kept_unknown_anchor,
                "rejected_files": self.rejected_files}


_LINKS = "CREATE OR REPLACE TEMP TABLE purge_links AS " + LINKS_SQL
_EXPIRED = """
    CREATE OR REPLACE TEMP TABLE purge_expired AS
    SELECT contact_id, purpose FROM purge_links WHERE anchor_known AND ends_on < CAST($today AS DATE)
"""
# People whose every membership expires, and people held for no purpose at all.
_ORPHANS = """
    CREATE OR REPLACE TEMP TABLE purge_orphans AS
    SELECT c.id, c.restricted,
           EXISTS (SELECT 1 FROM request_subject rs WHERE rs.contact_id = c.id) AS in_request
    FROM contact c
    WHERE NOT EXISTS (SELECT 1 FROM contact_purpose cp WHERE cp.contact_id = c.id
                      AND (cp.contact_id, cp.purpose) NOT IN (SELECT contact_id, purpose FROM purge_expired))
"""
# After the memberships are gone (DuckDB checks a foreign key against the state before the
# transaction, so the people go in a second one): nobody held for no purpose stays.
_DELETE_ORPHANS = """
    DELETE FROM contact c
    WHERE NOT c.restricted
      AND NOT EXISTS (SELECT 1 FROM contact_purpose cp WHERE cp.contact_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM request_subject rs WHERE rs.contact_id = c.id)
"""


def _plan(w, today: dt.date, res: PurgeResult) -> None:
    w.sql(_LINKS, {"today": today})
    w.sql(_EXPIRED, {"today": today})
    w.sql(_ORPHANS)
    res.running_contract = int(w.sql("SELECT count(*) FROM purge_links WHERE running").fetchall()[0][0])
    res.kept_unknown_anchor = {k: n for k, n in w.sql(
        "SELECT purpose, count(*) FROM purge_links WHERE NOT anchor_known AND ends_on < ? GROUP BY 1 ORDER BY 1",
        [today]).fetchall()}
    res.links = {k: n for k, n in w.sql("SELECT purpose, count(*) FROM purge_expired GROUP BY 1 ORDER BY 1").fetchall()}
    row = w.sql("""SELECT count(*) FILTER (WHERE NOT restricted AND NOT in_request),
                          count(*) FILTER (WHERE in_request),
                          count(*) FILTER (WHERE restricted AND NOT in_request) FROM purge_orphans""").fetchall()[0]
    res.contacts, res.kept_for_request, res.kept_restricted = (int(x or 0) for x in row)
    # Restricted people keep every membership too: restriction means store, do not change.
    keep = "SELECT id FROM purge_orphans WHERE restricted OR in_request UNION SELECT id FROM contact WHERE restricted"
    w.sql(f"DELETE FROM purge_expired WHERE contact_id IN ({keep})")
    res.links = {k: n for k, n in w.sql("SELECT purpose, count(*) FROM purge_expired GROUP BY 1 ORDER BY 1").fetchall()}
    months = w.sql("SELECT retention_months FROM purpose WHERE key = ?", [WEB_PURPOSE]).fetchall()
    res.web_visits = 0
    if months and months[0][0]:
        # A visit on day D is kept through D + months (the anchor is the visit); gone from the day after.
        # cutoff: the first visit day whose end (day + months, clamped) is not yet past.
        cutoff = add_months(today, -int(months[0][0])) - dt.timedelta(days=5)
        while add_months(cutoff, int(months[0][0])) < today:
            cutoff += dt.timedelta(days=1)
        res.web_visits = w.sql("SELECT count(*) FROM web_visit WHERE visited_at < CAST(? AS DATE)",
                               [cutoff]).fetchall()[0][0]
        w.sql("CREATE OR REPLACE TEMP TABLE purge_web_cutoff AS SELECT CAST(? AS DATE) AS cutoff", [cutoff])


def _truncate_ips(w, today: dt.date):
    try:
        from .web import truncate_old_ips  # the web-visits module owns how an address is shortened
    except ImportError:
        return None
    return truncate_old_ips(w, today=today)


def purge(reg: Register, *, dry_run: bool = False, today: dt.date | None = None,
          actor: str = "system") -> PurgeResult:
    today = today or dt.date.today()
    res = PurgeResult(today=today, dry_run=dry_run)

    class _DryRun(Exception):
        pass

    try:
        with reg.write(actor) as w:
            _plan(w, today, res)
            w.sql("DELETE FROM contact_purpose WHERE (contact_id, purpose) IN (SELECT contact_id, purpose FROM purge_expired)")
            if res.web_visits:
                w.sql("DELETE FROM web_visit WHERE visited_at < (SELECT cutoff FROM purge_web_cutoff)")
            res.ips_truncated = _truncate_ips(w, today)
            old_files = [r[0] for r in w.sql("DELETE FROM rejected_file WHERE created_on < CAST(? AS DATE) - ? "
                                             "RETURNING path", [today, REJECTED_FILE_DAYS]).fetchall()]
            res.rejected_files = len(old_files)
            if dry_run:  # everything above is counted, then rolled back (temp tables included)
                raise _DryRun
            for t in ("purge_links", "purge_expired", "purge_orphans", "purge_web_cutoff"):
                w.sql(f"DROP TABLE IF EXISTS {t}")
            w.audit("retention.purge", "register", None, res.as_dict() | {"dry_run": False})
    except _DryRun:
        return res
    for f in old_files:  # after the commit: the register no longer lists them
        Path(f).unlink(missing_ok=True)
    with reg.write(actor) as w:
        deleted = w.sql(_DELETE_ORPHANS).fetchall()[0][0]
        w.audit("retention.purge_contacts", "register", None, {"contacts": deleted, "today": today.isoformat()})
    res.contacts = deleted
    return res
