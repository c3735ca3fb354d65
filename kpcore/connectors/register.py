"""This register as a system of the map: its contacts (by address and phone) and its web
visits (by the IP addresses the requester gave). Its deletion task runs kpcore.erasure (Art. 17,
which also suppresses re-imports) through kpcore.workflow.erase_in_register: the connectors sit below
the erasure and do not call it."""
from __future__ import annotations

from pathlib import Path

from ..i18n import NN_
from . import Context, Person, Result, Status, Summary


class RegisterConnector:
    def __init__(self, system: dict, ctx: Context):
        self.system, self.ctx = system, ctx

    def _reg(self):
        from ..db import Register

        return Register(self.ctx.register_path)

    def test(self) -> Status:
        with self._reg().read() as q:
            n = q.value("count_contacts")
        return Status(NN_("register {file}: {n} contact", "register {file}: {n} contacts"),
                      file=Path(self.ctx.register_path).name, n=n)

    def search(self, person: Person) -> Result:
        with self._reg().read() as q:
            return search_in(q, person)


def search_in(q, person: Person) -> Result:
    """The register's own search on an open unit of work (intake runs it in its transaction)."""
    items = []
    seen = set()
    for e in person.emails:
        c = q.one("request_contact_by_email", {"email": e.strip().lower()})
        if c and c["id"] not in seen:
            seen.add(c["id"])
    for p in person.phones:
        seen |= {c["id"] for c in q.all("request_contacts_by_phone", {"phone": p})}
    for cid in sorted(seen):
        links = q.all("sar_links", {"id": cid})
        items.append({"type": "contact", "contact_id": cid,
                      "purposes": [link["purpose"] for link in links]})
    visits = 0
    for ip in person.ips:
        rows = q.all("sar_visits", {"ip": ip, "limit": 1})
        if rows:
            visits += rows[0]["total"]
            items.append({"type": "web_visits", "ip": ip, "count": rows[0]["total"],
                          "first": rows[0]["first_at"].isoformat(), "last": rows[0]["last_at"].isoformat()})
    people = sum(1 for i in items if i["type"] == "contact")
    found = bool(items)
    summary = (Summary("register_found", {"people": people, "visits": visits}) if found
               else Summary("register_none"))
    return Result(found=found, count=people + visits, summary=summary, items=items)
