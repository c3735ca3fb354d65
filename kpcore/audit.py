"""The audit trail (Art. 5(2) accountability): queries with filters, and chain verification.

kpcore.db appends every event with `hash = sha256(prev_hash + canonical JSON of the event)`,
`prev_hash` being the previous event's hash (zeros for the first). `verify` recomputes
the chain from the first event: an edited event no longer matches its hash, a deleted
or reordered one breaks the link between neighbours or the run of sequence numbers.
Removing events from the very end leaves a shorter chain that is still consistent; to
catch that, compare the tip (`VerifyResult.tip`, printed by `kp audit verify`) with one
noted earlier, for example in a backup manifest (`kp backup` records it) or a report.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from .db import GENESIS_HASH, audit_hash

MAX_PROBLEMS = 50


# What each audit action and object type is called in the dashboard (fi, en). The codes stay
# in the log (and in `kp audit`); people read these. An action not listed here is named from
# its object and its last word (action_text), so a new event never shows as a bare code.
ACTION_TEXT = {
    "access.denied": ("Estetty yritys", "Refused attempt"),
    "auth.signin": ("Kirjautuminen", "Sign-in"),
    "auth.signin_failed": ("Epäonnistunut kirjautuminen", "Failed sign-in"),
    "auth.locked": ("Tunnus lukittu", "Account locked"),
    "auth.signout": ("Uloskirjautuminen", "Sign-out"),
    "user.add": ("Käyttäjä lisätty", "User added"),
    "user.disable": ("Käyttäjä poistettu käytöstä", "User disabled"),
    "user.enable": ("Käyttäjä otettu käyttöön", "User enabled"),
    "user.passwd": ("Salasana vaihdettu", "Password changed"),
    "register.create": ("Rekisteri luotu", "Register created"),
    "register.backup": ("Varmuuskopio otettu", "Backup taken"),
    "register.restore": ("Varmuuskopio palautettu", "Backup restored"),
    "register.migrate": ("Rekisterin rakenne päivitetty", "Register schema upgraded"),
    "register.compact": ("Rekisteritiedosto tiivistetty", "Register file compacted"),
    "demo.populate": ("Esimerkkiaineisto luotu", "Demo data created"),
    "person.view": ("Henkilön tietoja katsottu", "Person's data viewed"),
    "person.erase": ("Henkilö poistettu (17 art.)", "Person erased (Art. 17)"),
    "person.rectify": ("Henkilön tietoja oikaistu (16 art.)", "Person's data rectified (Art. 16)"),
    "person.restrict": ("Käsittelyä rajoitettu (18 art.)", "Processing restricted (Art. 18)"),
    "person.unrestrict": ("Käsittelyn rajoitus poistettu", "Restriction lifted"),
    "person.object": ("Vastustus kirjattu (21 art.)", "Objection recorded (Art. 21)"),
    "person.object.applied": ("Vastustus toteutettu (21 art.)", "Objection applied (Art. 21)"),
    "contacts.import": ("Yhteystietoja tuotu", "Contacts imported"),
    "contacts.export": ("Yhteystietoja viety", "Contacts exported"),
    "contacts.notice_sent": ("14 art. ilmoituspäivät kirjattu", "Art. 14 notice dates recorded"),
    "contact.notice_sent": ("14 art. ilmoituspäivä kirjattu", "Art. 14 notice date recorded"),
    "contact.customer": ("Asiakasorganisaatio kirjattu", "Customer organisation recorded"),
    "contact.last_contact": ("Viimeisin yhteydenotto kirjattu", "Last contact recorded"),
    "contact.last_training": ("Viimeisin koulutus tai tuki kirjattu", "Last training or support recorded"),
    "request.add": ("Pyyntö kirjattu", "Request recorded"),
    "request.started": ("Pyynnön käsittely aloitettu", "Request started"),
    "request.identity_requested": ("Henkilöllisyyden varmistus pyydetty", "Identity check asked for"),
    "request.identity_received": ("Henkilöllisyys varmistettu", "Identity confirmed"),
    "request.extended": ("Määräaikaa jatkettu (12 art. 3 kohta)", "Deadline extended (Art. 12(3))"),
    "request.completed": ("Pyyntöön vastattu", "Request answered"),
    "request.refused": ("Pyyntö hylätty", "Request refused"),
    "request.link_person": ("Pyyntö liitetty henkilöön", "Request linked to a person"),
    "request.forwarded": ("Pyyntö välitetty rekisterinpitäjälle", "Request forwarded to the controller"),
    "request.ip_confirmed": ("IP-osoite vahvistettu", "IP address confirmed"),
    "request.letter.refusal": ("Hylkäyskirje tulostettu", "Refusal letter printed"),
    "request.letter.extension": ("Jatkoilmoitus tulostettu", "Extension notice printed"),
    "sar.report": ("Tarkastusraportti tulostettu", "Access report printed"),
    "sar.export.pdf": ("Tarkastusraportti ladattu (PDF)", "Access report downloaded (PDF)"),
    "sar.export.json": ("Tiedot siirrettävässä muodossa (JSON)", "Portable data downloaded (JSON)"),
    "sar.export.csv": ("Tiedot siirrettävässä muodossa (CSV)", "Portable data downloaded (CSV)"),
    "notice.publish": ("Tietosuojaseloste julkaistu", "Privacy notice published"),
    "notice.confirm": ("Selosteen kohtia vahvistettu", "Notice items confirmed"),
    "notice.download": ("Tietosuojaseloste ladattu", "Privacy notice downloaded"),
    "notice.controller.update": ("Rekisterinpitäjän tiedot muutettu", "Controller details changed"),
    "notice.purpose.update": ("Käyttötarkoitus muutettu", "Purpose changed"),
    "notice.source.update": ("Tietolähde muutettu", "Source changed"),
    "notice.statement.update": ("Selosteen teksti muutettu", "Notice text changed"),
    "notice.recipient.add": ("Vastaanottaja lisätty", "Recipient added"),
    "notice.recipient.update": ("Vastaanottaja muutettu", "Recipient changed"),
    "notice.recipient.remove": ("Vastaanottaja poistettu", "Recipient removed"),
    "engagement.create": ("Toimeksianto kirjattu", "Engagement recorded"),
    "engagement.update": ("Toimeksianto muutettu", "Engagement changed"),
    "engagement.terms": ("Sopimusehdot kirjattu (28 art.)", "Agreement terms recorded (Art. 28)"),
    "engagement.clauses": ("Sopimusehdot kirjattu (28 art.)", "Agreement clauses recorded (Art. 28)"),
    "engagement.end": ("Toimeksianto päätetty", "Engagement ended"),
    "engagement.access": ("Käsittelykerta kirjattu", "Access recorded"),
    "engagement.access.ticket": ("Käsittelykerran pyyntö kirjattu", "Access request reference recorded"),
    "customer.create": ("Asiakas lisätty", "Customer added"),
    "customer.update": ("Asiakas muutettu", "Customer changed"),
    "customer.contract_end": ("Asiakassopimuksen päättyminen kirjattu", "Customer agreement end recorded"),
    "breach.add": ("Tietoturvaloukkaus kirjattu", "Breach recorded"),
    "breach.update": ("Tietoturvaloukkaus päivitetty", "Breach updated"),
    "breach.assess": ("Riski arvioitu", "Risk assessed"),
    "breach.decide": ("Ilmoituspäätös tehty", "Notification decided"),
    "breach.notify": ("Ilmoitus valvontaviranomaiselle (33 art.)", "Authority notified (Art. 33)"),
    "breach.supplement": ("Ilmoitusta täydennetty", "Notification supplemented"),
    "breach.tell_people": ("Rekisteröidyille ilmoitettu (34 art.)", "People told (Art. 34)"),
    "breach.tell_controllers": ("Rekisterinpitäjille ilmoitettu", "Controllers told"),
    "breach.ack": ("Vastaanotto kuitattu", "Receipt acknowledged"),
    "breach.facts": ("Loukkauksen tiedot kirjattu", "Breach facts recorded"),
    "breach.people": ("Asianosaiset kirjattu", "People concerned recorded"),
    "breach.engagements": ("Toimeksiannot liitetty", "Engagements linked"),
    "breach.secure_sent": ("Suojattu viesti lähetetty", "Secure message sent"),
    "retention.purge": ("Säilytysajan ylittäneet poistettu", "Past-retention data purged"),
    "retention.purge_contacts": ("Säilytysajan ylittäneet henkilöt poistettu", "Past-retention people purged"),
    "report.export": ("Neljännesraportti ladattu", "Quarterly report downloaded"),
    "quarter.issue": ("Neljännes julkaistu", "Quarter issued"),
    "web.truncate_ips": ("IP-osoitteet lyhennetty", "IP addresses truncated"),
    "subprocessor.change": ("Alihankkijan muutos kirjattu", "Sub-processor change recorded"),
    "subprocessor.notices": ("Alihankkijamuutoksesta ilmoitettu", "Sub-processor change notified"),
    "subprocessor.objection": ("Vastustus alihankkijasta kirjattu", "Sub-processor objection recorded"),
    "subprocessor.outcome": ("Alihankkijamuutoksen lopputulos", "Sub-processor change outcome"),
    "system.add": ("Järjestelmä lisätty", "System added"),
    "system.update": ("Järjestelmä muutettu", "System changed"),
    "system.remove": ("Järjestelmä poistettu", "System removed"),
    "system.unlink": ("Järjestelmän kytkentä poistettu", "System link removed"),
    "contact.first_communication": ("Ensimmäinen viesti kirjattu", "First communication recorded"),
    "contact.source_detail": ("Tiedon lähde tarkennettu", "Source detail recorded"),
    "person.erase.contact": ("Henkilö poistettu (17 art.)", "Person erased (Art. 17)"),
    "person.rectify.email": ("Sähköpostiosoite oikaistu", "Email address rectified"),
    "person.rectify.email.restore": ("Sähköpostiosoitteen oikaisu peruttu", "Email rectification undone"),
    "person.rectify.email.unlink": ("Vanha sähköpostiosoite irrotettu", "Old email address unlinked"),
    "notice.recipient.unlink": ("Vastaanottaja irrotettu käyttötarkoituksesta", "Recipient unlinked from a purpose"),
    "notice.controller.unchanged": ("Rekisterinpitäjän tiedot tarkistettu", "Controller details checked"),
    "user.email": ("Käyttäjän sähköpostiosoite asetettu", "User's email set"),
    "request.tasks": ("Pyynnön tehtävät luotu", "Request tasks created"),
    "request.task.run": ("Tehtävä ajettu järjestelmässä", "Task run in a system"),
    "request.task.manual": ("Tehtävä tehty käsin", "Task done by hand"),
    "request.task.failed": ("Tehtävä epäonnistui", "Task failed"),
    "request.task.not_applicable": ("Tehtävä ei koske pyyntöä", "Task not applicable"),
    "marketing.consent_withdrawn": ("Suostumus peruttu", "Consent withdrawn"),
    "marketing.export": ("Markkinointilista ladattu", "Marketing list downloaded"),
    "marketing.opt_out_file": ("Kieltolista tuotu", "Opt-out list imported"),
    "register.reapply_erasures": ("Poistot ja kiellot palautettu varmuuskopioon", "Erasures and opt-outs re-applied to a restored backup"),
    "request.letter.erasure": ("Poistokirje tulostettu", "Erasure letter printed"),
    "suppression.lift": ("Kielto poistettu perustein", "Suppression lifted with a reason"),
}
OBJECT_TEXT = {
    "app_user": ("Käyttäjä", "User"), "breach": ("Tietoturvaloukkaus", "Breach"), "contact": ("Henkilö", "Person"),
    "controller": ("Rekisterinpitäjä", "Controller"), "customer": ("Asiakas", "Customer"),
    "engagement": ("Toimeksianto", "Engagement"), "notice": ("Tietosuojaseloste", "Privacy notice"),
    "page": ("Sivu", "Page"), "purpose": ("Käyttötarkoitus", "Purpose"), "recipient": ("Vastaanottaja", "Recipient"),
    "register": ("Rekisteri", "Register"), "report": ("Raportti", "Report"), "request": ("Pyyntö", "Request"),
    "source": ("Tietolähde", "Source"), "statement": ("Selosteen teksti", "Notice text"),
    "system": ("Järjestelmä", "System"), "quarter": ("Neljännes", "Quarter"), "user": ("Käyttäjä", "User"),
    "task": ("Tehtävä", "Task"),
}
_VERB_TEXT = {"add": ("lisätty", "added"), "create": ("luotu", "created"), "update": ("muutettu", "changed"),
              "remove": ("poistettu", "removed"), "delete": ("poistettu", "deleted"), "view": ("katsottu", "viewed"),
              "export": ("viety", "exported"), "import": ("tuotu", "imported"), "unlink": ("irrotettu", "unlinked"),
              "confirm": ("vahvistettu", "confirmed"), "end": ("päätetty", "ended")}


def action_text(action: str, lang: str = "fi") -> str:
    """The action's name for people: from ACTION_TEXT, else its object and last word
    ('system.unlink' -> 'Järjestelmä: irrotettu'), else its object with the code's last word."""
    i = 0 if lang == "fi" else 1
    if action in ACTION_TEXT:
        return ACTION_TEXT[action][i]
    for prefix in sorted((a for a in ACTION_TEXT if action.startswith(a + ".")), key=len, reverse=True):
        return ACTION_TEXT[prefix][i]
    head, _, last = action.partition(".")
    last = last.rsplit(".", 1)[-1]
    subject = OBJECT_TEXT.get(head.rstrip("s"), (head, head))[i]
    verb = _VERB_TEXT.get(last, (last.replace("_", " "), last.replace("_", " ")))[i]
    return f"{subject}: {verb}" if verb else subject


def object_text(object_type: str | None, lang: str = "fi") -> str:
    if not object_type:
        return ""
    return OBJECT_TEXT.get(object_type, (object_type, object_type))[0 if lang == "fi" else 1]


# The words for an event's detail (issue 16 §4: no raw key=value on a Finnish screen). Every key
# a write puts in a detail has a name here (tests/test_audit_words.py reads the code to check).
DETAIL_TEXT = {
    "added": ("lisätty", "added"), "audit_tip_seq": ("lokin viimeinen tapahtuma", "last log event"),
    "backup_created_at": ("varmuuskopio otettu", "backup taken"), "basis_confirmed": ("peruste vahvistettu", "basis confirmed"),
    "categories": ("tietoryhmiä", "data categories"), "channel": ("kanava", "channel"),
    "clauses": ("sopimuslausekkeita", "clauses"), "confirmed": ("vahvistettu", "confirmed"),
    "connector": ("liitin", "connector"), "contact_id": ("henkilö", "person"), "contact_ids": ("henkilöt", "people"),
    "contacts": ("henkilöitä", "people"), "count": ("määrä", "count"), "created": ("luotu", "created"),
    "customer": ("asiakas", "customer"), "customer_id": ("asiakas", "customer"), "days": ("päiviä", "days"),
    "decision": ("päätös", "decision"), "ends_on": ("päättyy", "ends on"), "engagement": ("toimeksianto", "engagement"),
    "engagements": ("toimeksiantoja", "engagements"), "exceptions": ("poikkeukset", "exceptions"),
    "failed_count": ("epäonnistuneita yrityksiä", "failed attempts"), "fields": ("kentät", "fields"),
    "format": ("muoto", "format"), "found": ("löytyi", "found"), "from": ("mistä", "from"),
    "ground": ("peruste", "ground"), "had_ticket": ("tiketti oli", "had a ticket"), "hash": ("tiiviste", "hash"),
    "hours": ("tunteja", "hours"), "in_scope": ("soveltamisalassa", "in scope"), "in_time": ("ajoissa", "in time"),
    "item": ("kohta", "item"), "kept_purposes": ("säilytetyt käyttötarkoitukset", "purposes kept"),
    "kind": ("laji", "kind"), "lang": ("kieli", "language"), "left": ("jäljellä", "left"), "level": ("taso", "level"),
    "lifted": ("poistettu kieltoja", "suppressions lifted"), "lines": ("rivejä", "lines"), "links": ("linkkejä", "links"),
    "links_removed": ("linkkejä poistettu", "links removed"), "matched": ("tunnistettuja henkilöitä", "people matched"),
    "minutes": ("minuutteja", "minutes"), "no": ("ei", "no"), "notify": ("ilmoitetaan", "notify"),
    "on": ("päivä", "date"), "outcome": ("tulos", "outcome"), "outside_eea": ("ETA:n ulkopuolella", "outside the EEA"),
    "page": ("sivu", "page"), "processor": ("käsittelijä", "processor"), "purpose": ("käyttötarkoitus", "purpose"),
    "purposes": ("käyttötarkoitukset", "purposes"), "purposes_erased": ("poistetut käyttötarkoitukset", "purposes erased"),
    "reason": ("syy", "reason"), "ref": ("viite", "reference"), "request": ("pyyntö", "request"),
    "required": ("vaaditaan", "required"), "retention_confirmed": ("säilytysaika vahvistettu", "retention confirmed"),
    "role": ("rooli", "role"), "rows": ("rivejä", "rows"), "schema_version": ("rakenneversio", "schema version"),
    "seed": ("siemenluku", "seed"), "sent_on": ("lähetetty", "sent on"), "sequences": ("sarjoja", "sequences"),
    "set": ("asetettu", "set"), "steps": ("vaiheita", "steps"), "suggested": ("ehdotettu", "suggested"),
    "system": ("järjestelmä", "system"), "tables": ("tauluja", "tables"), "ticket": ("tiketti", "ticket"),
    "to": ("kenelle", "to"), "today": ("päivä", "date"), "told": ("ilmoitettu", "told"), "type": ("tyyppi", "type"),
    "unconfirmed_items": ("vahvistamattomat kohdat", "unconfirmed items"), "unset": ("ei asetettu", "not set"),
    "version": ("versio", "version"), "via": ("kautta", "via"), "visits": ("käyntejä", "visits"),
    "was": ("oli", "was"), "yes": ("kyllä", "yes"), "wait_seconds": ("odotus sekunteina", "wait in seconds"),
    "language": ("kieli", "language"), "skipped": ("ohitettu", "skipped"),
    "sv_confirmed": ("ruotsinkielinen vahvistettu", "Swedish confirmed"),
}
# Codes a detail's value may hold, by what they are (a value not listed is shown as it is).
VALUE_TEXT = {
    "dpo": ("tietosuojavastaava", "DPO"), "viewer": ("lukija", "viewer"),
    "password": ("salasana", "password"), "oidc": ("yrityksen tunnus", "company account"),
    "dashboard": ("hallintanäkymä", "dashboard"), "cli": ("komentorivi", "command line"),
    "email": ("sähköposti", "email"), "letter": ("kirje", "letter"), "phone": ("puhelin", "phone"),
    "web": ("verkkolomake", "web form"), "in_person": ("henkilökohtaisesti", "in person"), "other": ("muu", "other"),
    "bad_password": ("väärä salasana", "wrong password"), "unknown_user": ("tuntematon käyttäjätunnus", "unknown user name"),
    "unknown_account": ("tuntematon tunnus", "unknown account"), "disabled": ("poistettu käytöstä", "disabled"),
    "locked": ("lukittu", "locked"), "user": ("käyttäjä", "user"), "timeout": ("käyttämättä liian kauan", "idle timeout"),
    "complete": ("valmis", "complete"), "partial": ("osittainen", "partial"), "preliminary": ("alustava", "preliminary"),
    "fi": ("suomi", "Finnish"), "en": ("englanti", "English"), "sv": ("ruotsi", "Swedish"),
    "unlikely": ("ei todennäköistä riskiä", "unlikely to result in a risk"), "risk": ("riski", "risk"),
    "high": ("korkea riski", "high risk"), "system": ("järjestelmä", "system"),
    "active": ("voimassa", "active"), "planned": ("suunniteltu", "planned"), "ended": ("päättynyt", "ended"),
    "access": ("tarkastusoikeus", "access"), "rectification": ("oikaisu", "rectification"),
    "erasure": ("poistaminen", "erasure"), "restriction": ("käsittelyn rajoittaminen", "restriction"),
    "portability": ("siirto-oikeus", "portability"), "objection": ("vastustaminen", "objection"),
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
_LIST_MAX = 8
# Keys whose numbers are identifiers (#12345), not amounts (12 345).
_ID_KEYS = {"audit_tip_seq", "contact_id", "contact_ids", "customer", "customer_id", "engagement", "request", "seed",
            "schema_version", "ticket", "version", "item", "ref", "processor", "system"}


def _value_text(value, lang: str, key: str = "") -> str:
    from . import fmt

    i = 0 if lang == "fi" else 1
    if value is None:
        return "–"
    if isinstance(value, bool):
        return ("kyllä", "yes")[i] if value else ("ei", "no")[i]
    if isinstance(value, (int, float)) and key in _ID_KEYS:
        return str(value)
    if isinstance(value, (int, float)):
        return fmt.number(value, "fi" if lang == "fi" else "en", 0 if isinstance(value, int) else 1)
    if isinstance(value, (list, tuple)):
        shown = [_value_text(v, lang, key) for v in value[:_LIST_MAX]]
        more = len(value) - _LIST_MAX
        return ", ".join(shown) + (f" … (+{more})" if more > 0 else "") if shown else "–"
    if isinstance(value, dict):
        return "(" + detail_text(value, lang) + ")"
    text = str(value)
    if text in VALUE_TEXT:
        return VALUE_TEXT[text][i]
    try:
        if _ISO_TIME.fullmatch(text):
            return fmt.datetime(dt.datetime.fromisoformat(text).replace(tzinfo=None), lang)
        if _ISO_DAY.fullmatch(text):
            return fmt.date(dt.date.fromisoformat(text), lang)
    except ValueError:
        pass
    return text


def detail_text(detail: dict | str | None, lang: str = "fi") -> str:
    """An event's detail in words: 'rooli: tietosuojavastaava · kanava: yrityksen tunnus'
    for {"role": "dpo", "channel": "oidc"} (or its JSON text, as the register holds it);
    kyllä/ei, dates as 1.12.2026, long lists cut."""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            return detail
    if not isinstance(detail, dict):
        return "" if detail is None else str(detail)
    if not detail:
        return ""
    i = 0 if lang == "fi" else 1
    parts = []
    for key, value in detail.items():
        name = DETAIL_TEXT.get(key, (key.replace("_", " "),) * 2)[i]
        parts.append(f"{name}: {_value_text(value, lang, key)}")
    return " · ".join(parts)

@dataclass
class VerifyResult:
    ok: bool
    events: int
    tip_seq: int | None
    tip_hash: str | None
    first_bad_seq: int | None = None
    problems: list[str] = field(default_factory=list)
    anchored_seq: int | None = None  # the latest anchor outside the register (kpcore.anchor)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "events": self.events, "tip_seq": self.tip_seq, "tip_hash": self.tip_hash,
                "first_bad_seq": self.first_bad_seq, "problems": self.problems,
                "anchored_seq": self.anchored_seq}


def events(q, *, actor: str | None = None, action: str | None = None, object_type: str | None = None,
           object_id: str | None = None, start: dt.date | None = None, end: dt.date | None = None,
           limit: int = 500, offset: int = 0) -> list[dict]:
    """Events newest first. `action` matches a prefix ("auth." = every sign-in event);
    `start`/`end` are days, both included."""
    params = {"actor": actor or None, "action": action or None, "object_type": object_type or None,
              "object_id": None if object_id in (None, "") else str(object_id), "start": start, "end": end}
    rows = q.all("audit_events", {**params, "limit": int(limit), "offset": int(offset)})
    for r in rows:
        r["detail"] = json.loads(r["detail"]) if r["detail"] else None
    return rows


def count(q, **filters) -> int:
    params = {"actor": filters.get("actor") or None, "action": filters.get("action") or None,
              "object_type": filters.get("object_type") or None,
              "object_id": None if filters.get("object_id") in (None, "") else str(filters["object_id"]),
              "start": filters.get("start"), "end": filters.get("end")}
    return int(q.value("audit_count", params))


def page(q, filters: tuple, limit: int = 500) -> tuple[int, list[dict]]:
    """(how many events match, the newest `limit` of them); `filters` as ((key, value), ...)
    so that the dashboard can cache it."""
    f = dict(filters)
    return count(q, **f), events(q, **f, limit=limit)


def verify_summary(q) -> dict:
    return verify(q).as_dict()


def facets(q) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"actor": [], "action": [], "object_type": []}
    for r in q.all("audit_facets"):
        out[r["facet"]].append(r["value"])
    return out


def verify(q, *, batch: int = 20_000) -> VerifyResult:
    """Recompute the hash chain over every event, in sequence order (streams the log)."""
    cur = q.sql("SELECT seq, event_at, actor, action, object_type, object_id, detail, prev_hash, hash"
                " FROM audit_log ORDER BY seq")
    result = VerifyResult(ok=True, events=0, tip_seq=None, tip_hash=None)
    prev_hash, prev_seq = GENESIS_HASH, 0

    def bad(seq, text):
        if result.first_bad_seq is None:
            result.first_bad_seq = seq
        result.ok = False
        if len(result.problems) < MAX_PROBLEMS:
            result.problems.append(f"event {seq}: {text}")

    while True:
        rows = cur.fetchmany(batch)
        if not rows:
            break
        for seq, event_at, actor, action, object_type, object_id, detail, stored_prev, stored_hash in rows:
            result.events += 1
            if seq != prev_seq + 1:
                bad(seq, f"follows event {prev_seq}: {'events are missing' if seq > prev_seq + 1 else 'sequence repeats'}")
            if stored_prev != prev_hash:
                bad(seq, "does not link to the event before it (an event was deleted, inserted or moved)")
            body = {"seq": seq, "at": event_at.isoformat(sep=" ") if isinstance(event_at, dt.datetime) else str(event_at),
                    "actor": actor, "action": action, "object_type": object_type, "object_id": object_id,
                    "detail": detail}
            if audit_hash(stored_prev, body) != stored_hash:
                bad(seq, "its content does not match its hash (the event was edited)")
            prev_hash, prev_seq = stored_hash, seq
    if result.events:
        result.tip_seq, result.tip_hash = prev_seq, prev_hash
    from . import anchor

    anchor.check(q, result)  # the chain against its latest anchor outside the register
    return result
