"""Deterministic, realistic demo data for `kp init --demo`.

Contacts and web visits are generated inside DuckDB from small Finnish word lists with a
seeded hash, so a million contacts take seconds, and the same seed gives the same
register (dates are relative to the day it is run, so deadlines stay interesting).
A few imperfections are planted on purpose so that the compliance checks have
something to find: a phone number in a group-2 (no phone) contact, Art. 14 notices
overdue, contacts past retention, an overdue request, an extension with no reason, an
engagement without a signed agreement, one with missing clauses, one ended without a
return-or-delete decision, an access without a ticket; breaches in every state (notified,
not notifiable, a processor-role one told to its customer, one whose 72 hours still run, one over
two customers' engagements with one still to be told) and a sub-processor change with one
objection still open.
"""
from __future__ import annotations

import datetime as dt

from . import deadlines
from .db import Register
from .models import ART28_CLAUSES

FIRST = ["Matti", "Juha", "Mikko", "Timo", "Jari", "Antti", "Petri", "Sami", "Heikki", "Janne", "Ville", "Tuomas",
         "Markku", "Kari", "Pekka", "Jukka", "Ari", "Olli", "Eero", "Lauri", "Aleksi", "Joonas", "Eetu", "Niko",
         "Anna", "Maria", "Tiina", "Sari", "Päivi", "Minna", "Riikka", "Johanna", "Laura", "Hanna", "Katja",
         "Elina", "Satu", "Kaisa", "Heidi", "Jenni", "Anu", "Outi", "Sanna", "Marjo", "Tuula", "Leena", "Aino",
         "Siiri", "Emmi", "Venla", "Åsa", "Jyrki", "Tapio", "Ilkka", "Sirpa", "Merja", "Pirjo", "Eila", "Kyösti"]
LAST = ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen",
        "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen",
        "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila",
        "Savolainen", "Lahtinen", "Ahonen", "Hiltunen", "Väisänen", "Leinonen", "Miettinen", "Pelkonen",
        "Aaltonen", "Kallio", "Ojala", "Räsänen", "Seppälä", "Vainio", "Hakala", "Peltonen", "Koivisto",
        "Lindqvist", "Söderberg", "Huttunen", "Kärkkäinen", "Ylönen", "Pöllänen", "Österlund", "Åkerblom"]
ORGS = [("Tampereen kaupunki", "tampere.fi"), ("Helsingin kaupunki", "hel.fi"), ("Espoon kaupunki", "espoo.fi"),
        ("Vantaan kaupunki", "vantaa.fi"), ("Turun kaupunki", "turku.fi"), ("Oulun kaupunki", "ouka.fi"),
        ("Jyväskylän kaupunki", "jkl.fi"), ("Lahden kaupunki", "lahti.fi"), ("Kuopion kaupunki", "kuopio.fi"),
        ("Porin kaupunki", "pori.fi"), ("Nokian kaupunki", "nokiankaupunki.fi"), ("Kangasalan kunta", "kangasala.fi"),
        ("Ylöjärven kaupunki", "ylojarvi.fi"), ("Lempäälän kunta", "lempaala.fi"), ("Pirkkalan kunta", "pirkkala.fi"),
        ("Hämeenlinnan kaupunki", "hameenlinna.fi"), ("Seinäjoen kaupunki", "seinajoki.fi"), ("Vaasan kaupunki", "vaasa.fi"),
        ("Joensuun kaupunki", "joensuu.fi"), ("Rovaniemen kaupunki", "rovaniemi.fi"), ("Kouvolan kaupunki", "kouvola.fi"),
        ("Lappeenrannan kaupunki", "lappeenranta.fi"), ("Mikkelin kaupunki", "mikkeli.fi"), ("Kotkan kaupunki", "kotka.fi"),
        ("Porvoon kaupunki", "porvoo.fi"), ("Salon kaupunki", "salo.fi"), ("Rauman kaupunki", "rauma.fi"),
        ("Kokkolan kaupunki", "kokkola.fi"), ("Kajaanin kaupunki", "kajaani.fi"), ("Valkeakosken kaupunki", "valkeakoski.fi"),
        ("Sastamalan kaupunki", "sastamala.fi"), ("Orimattilan kaupunki", "orimattila.fi")]
UNITS = ["Yhdyskuntatekniikka", "Kiinteistöpalvelut", "Rakennuttaminen", "Kunnossapito", "Katu- ja viherpalvelut",
         "Tilapalvelut", "Infrapalvelut", "Kaupunkiympäristön palvelualue", "Tekninen toimiala", "Hankintapalvelut"]
TITLES = ["Projektipäällikkö", "Rakennuttajainsinööri", "Kiinteistöpäällikkö", "Suunnitteluinsinööri",
          "Kunnossapitopäällikkö", "Pääkäyttäjä", "Tietohallintoasiantuntija", "Hankeinsinööri", "Työmaainsinööri",
          "Talouspäällikkö", "Kehittämispäällikkö", "Tekninen johtaja", "Projekti-insinööri", "Rakennusmestari"]
PAGES = ["/", "/palvelut", "/koulutukset", "/yhteystiedot", "/ohjelmistot/projektihallinta", "/ohjelmistot/hankesalkku",
         "/referenssit", "/blogi/projektisalkun-hallinta", "/tuki", "/tietosuojaseloste"]
AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/140.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/140.0",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1", "Mozilla/5.0 (X11; Linux x86_64) Firefox/142.0",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148"]

# The documented demo sign-ins (README): a DPO who may do everything and a viewer. Their short
# passwords are allowed only in a demo register (kpcore.auth.add_demo_users).
DEMO_USERS = [("dpo", "dpo", "demo"), ("viewer", "viewer", "viewer")]


def _list(items) -> str:
    """A DuckDB list literal of fixed strings (our own constants, quotes doubled)."""
    return "[" + ", ".join("'" + s.replace("'", "''") + "'" for s in items) + "]"


def populate(reg: Register, *, contacts: int = 2000, visits: int | None = None, seed: int = 1,
             actor: str = "system", today: dt.date | None = None) -> dict[str, int]:
    """Fill an empty register with demo data in one transaction; returns the counts."""
    today = today or dt.date.today()
    visits = contacts * 10 if visits is None else visits
    with reg.write(actor, "demo.populate", "register", None,
                   {"contacts": contacts, "visits": visits, "seed": seed}) as w:
        if w.value("count_contacts"):
            from .errors import KpError
            from .i18n import N_
            raise KpError(N_("The register already holds contacts; demo data goes only into a new register."))
        _contacts(w, contacts, seed, today)
        _visits(w, visits, seed, today)
        _requests(w, seed, today)
        _processors(w, today)
        _anchors(w, today)
        _breaches(w, today)
        _systems(w, reg, today)
        counts = w.one("register_counts")
    return {"contacts": counts["contacts"], "purpose links": counts["purpose_links"],
            "web visits": counts["web_visits"], "open requests": counts["open_requests"],
            "engagements": counts["active_engagements"], "breaches": counts["breaches"]}


def _contacts(w, n: int, seed: int, today: dt.date) -> None:
    if n <= 0:
        return
    orgs = _list(o for o, _ in ORGS)
    domains = _list(d for _, d in ORGS)
    h = lambda k: f"hash(i, {seed}, {k})"  # noqa: E731 - a seeded pseudo-random stream per column
    w.sql(f"""
        CREATE TEMP TABLE demo_people AS
        WITH base AS (
            SELECT i,
                {_list(FIRST)}[1 + ({h(1)} % {len(FIRST)})::INT] AS first,
                {_list(LAST)}[1 + ({h(2)} % {len(LAST)})::INT] AS last,
                1 + ({h(3)} % {len(ORGS)})::INT AS org,
                {_list(UNITS)}[1 + ({h(4)} % {len(UNITS)})::INT] AS unit,
                {_list(TITLES)}[1 + ({h(5)} % {len(TITLES)})::INT] AS title,
                ({h(6)} % 100)::INT AS r_purpose,
                ({h(7)} % 100)::INT AS r_second,
                ({h(8)} % 100)::INT AS r_source,
                ({h(9)} % 680)::INT AS age_days,
                ({h(10)} % 100)::INT AS r_notice,
                ({h(11)} % 90000000)::INT AS phone_n
            FROM range({n}) t(i)
        ), named AS (
            SELECT *, lower(strip_accents(first || '.' || last)) AS local,
                   row_number() OVER (PARTITION BY lower(strip_accents(first || '.' || last)), org ORDER BY i) AS dup
            FROM base
        )
        SELECT i + 1 AS id,
               first || ' ' || last AS name,
               local || CASE WHEN dup > 1 THEN dup::TEXT ELSE '' END || '@' || {domains}[org] AS email,
               {orgs}[org] || ', ' || unit AS organisation,
               title,
               CASE WHEN r_purpose < 40 THEN 'sales_marketing' WHEN r_purpose < 55 THEN 'expert_admin' ELSE 'expert_user' END AS p1,
               CASE WHEN r_second < 20 THEN CASE WHEN r_purpose < 40 THEN 'expert_admin' ELSE 'sales_marketing' END END AS p2,
               r_source, age_days, r_notice,
               '+35840' || lpad((1000000 + phone_n % 9000000)::TEXT, 7, '0') AS phone
        FROM named
    """)
    # Group 2 (expert_user) may hold no phone: only people in another purpose get one.
    # created_at follows the collection date, so quarterly figures have a history to show.
    w.sql(f"""
        INSERT INTO contact (id, email, name, phone, organisation, title, created_at, updated_at)
        SELECT id, email, name,
               CASE WHEN p1 <> 'expert_user' OR p2 IS NOT NULL THEN phone END,
               organisation, title, (DATE '{today}' - age_days)::TIMESTAMP, (DATE '{today}' - age_days)::TIMESTAMP
        FROM demo_people ORDER BY id
    """)
    w.sql(f"""
        INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, created_at, notice_sent_on)
        SELECT id, purpose, source, collected_on, collected_on::TIMESTAMP,
               CASE WHEN source = 'direct' THEN collected_on
                    WHEN r_notice < 93 THEN collected_on + (r_notice % 25)::INT
                    WHEN collected_on > DATE '{today}' - 20 THEN NULL
                    ELSE NULL END
        FROM (
            SELECT id, p1 AS purpose, r_notice,
                   CASE WHEN p1 = 'sales_marketing' THEN (CASE WHEN r_source < 50 THEN 'public' WHEN r_source < 70 THEN 'partner' ELSE 'direct' END)
                        ELSE (CASE WHEN r_source < 80 THEN 'direct' ELSE 'partner' END) END AS source,
                   DATE '{today}' - age_days AS collected_on
            FROM demo_people
            UNION ALL
            SELECT id, p2, r_notice, CASE WHEN r_source < 60 THEN 'direct' ELSE 'public' END,
                   DATE '{today}' - (age_days // 2)
            FROM demo_people WHERE p2 IS NOT NULL
        )
    """)
    # #11: demo people are at municipalities' own domains: marketed in their work role, a few
    # existing customers, a few phone/post only.
    w.sql("""UPDATE contact_purpose SET marketing_basis = CASE WHEN contact_id % 10 = 3 THEN 'existing_customer'
                                                             WHEN contact_id % 10 = 7 THEN 'none' ELSE 'work_role' END
             WHERE purpose IN (SELECT key FROM purpose WHERE direct_marketing)""")
    max_id = w.sql("SELECT max(id) FROM contact").fetchall()[0][0]
    w.sql(f"SELECT setval('contact_id_seq', {max_id})").fetchall()
    # Planted imperfections (only when there are enough people to spare).
    if n >= 50:
        w.sql("""UPDATE contact SET phone = '+358401234567' WHERE id = (
                    SELECT min(c.id) FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id
                    WHERE cp.purpose = 'expert_user' AND c.phone IS NULL
                      AND NOT EXISTS (SELECT 1 FROM contact_purpose o WHERE o.contact_id = c.id AND o.purpose <> 'expert_user'))""")
        w.sql(f"""UPDATE contact_purpose SET collected_on = DATE '{today}' - 1500,
                    notice_sent_on = CASE WHEN notice_sent_on IS NULL THEN NULL ELSE DATE '{today}' - 1490 END
                  WHERE contact_id IN (SELECT id FROM contact ORDER BY id LIMIT 3 OFFSET 10)""")
    # People with names that test every corner of Unicode and markup.
    extra = [("Łukasz Żółć", "lukasz.zolc@tampere.fi", "+48601234567", "Tampereen kaupunki, Tilapalvelut", "Konsultti"),
             ("Åsa Lindqvist-Öhman", "asa.lindqvist-ohman@porvoo.fi", "+358405551234", "Porvoon kaupunki, Infrapalvelut", "Projektpåhållare"),
             ("Αλέξανδρος Παπαδόπουλος", "alexandros.p@espoo.fi", None, "Espoon kaupunki, Rakennuttaminen", "Hankeinsinööri")]
    for name, email, phone, org, title in extra:
        if w.sql("SELECT 1 FROM contact WHERE email = ?", [email]).fetchall():
            continue
        cid = w.sql("INSERT INTO contact (email, name, phone, organisation, title) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    [email, name, phone, org, title]).fetchall()[0][0]
        w.sql("INSERT INTO contact_purpose (contact_id, purpose, source, collected_on, notice_sent_on) "
              "VALUES (?, ?, 'direct', ?, ?)",
              [cid, "expert_admin" if phone else "expert_user", today - dt.timedelta(days=40),
               today - dt.timedelta(days=40)])
    w.sql("DROP TABLE demo_people")


def _visits(w, n: int, seed: int, today: dt.date) -> None:
    if n <= 0:
        return
    h = lambda k: f"hash(i, {seed}, {k + 100})"  # noqa: E731
    w.sql(f"""
        INSERT INTO web_visit (visited_at, ip, ip_truncated, user_agent, page)
        SELECT ts,
               CASE WHEN ts < TIMESTAMP '{today}' - INTERVAL 30 DAY AND i % 1000000 <> 7
                    THEN a || '.' || b || '.' || c || '.0' ELSE a || '.' || b || '.' || c || '.' || d END,
               ts < TIMESTAMP '{today}' - INTERVAL 30 DAY AND i % 1000000 <> 7,
               {_list(AGENTS)}[1 + ({h(4)} % {len(AGENTS)})::INT],
               {_list(PAGES)}[1 + ({h(5)} % {len(PAGES)})::INT]
        FROM (
            SELECT i, TIMESTAMP '{today}' - to_seconds(({h(1)} % (400 * 86400))::BIGINT) AS ts,
                   (ARRAY[91, 193, 85, 62, 88, 212])[1 + ({h(2)} % 6)::INT]::TEXT AS a,
                   ({h(3)} % 256)::TEXT AS b, ({h(6)} % 256)::TEXT AS c, (1 + {h(7)} % 254)::TEXT AS d
            FROM range({n}) t(i)
        )
    """)


def _requests(w, seed: int, today: dt.date) -> None:
    people = w.sql("SELECT id, name, email, phone FROM contact ORDER BY hash(id, ?) LIMIT 20", [seed]).fetchall()
    D = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    # (type, received days ago, status, channel, extras)
    plans = [
        ("access", 3, "received", "email", {}),
        ("access", 12, "in_progress", "web", {}),
        ("access", 26, "in_progress", "email", {}),           # due within a week
        ("access", 45, "in_progress", "letter", {}),          # overdue
        ("erasure", 8, "awaiting_identity", "email", {"id_asked": 6}),
        ("erasure", 40, "in_progress", "phone", {"id_asked": 38, "id_got": 30}),
        ("rectification", 15, "received", "email", {}),
        ("objection", 5, "in_progress", "email", {}),
        ("restriction", 20, "received", "letter", {}),
        ("portability", 50, "extended", "web", {"extend": 20, "reason": "Pyyntö koskee useita järjestelmiä ja vaatii tietojen kokoamista niistä."}),
        ("access", 48, "extended", "email", {"extend": 25, "reason": None}),  # no reason: a finding
        ("access", 70, "completed", "email", {"answered": 50}),
        ("erasure", 90, "completed", "web", {"answered": 75}),
        ("rectification", 100, "completed", "email", {"answered": 98}),
        ("objection", 120, "completed", "email", {"answered": 118}),
        ("access", 60, "refused", "email", {"refused": "Pyyntö on ilmeisen perusteeton: sama pyyntö on toistettu kuusi kertaa kuukaudessa."}),
        ("access", 130, "completed", "letter", {"answered": 95}),  # answered late
    ]
    for k, (rtype, ago, status, channel, x) in enumerate(plans):
        name, email, phone, cid = (people[k][1], people[k][2], people[k][3], people[k][0]) if k < len(people) else \
            ("Tuntematon Henkilö", f"tuntematon{k}@example.fi", None, None)
        received = D(ago)
        id_asked = D(x["id_asked"]) if "id_asked" in x else None
        id_got = D(x["id_got"]) if "id_got" in x else None
        extended_on = D(x["extend"]) if "extend" in x else None
        due = deadlines.due_date(received, extended=extended_on is not None, id_requested_on=id_asked, id_received_on=id_got)
        answered = D(x["answered"]) if "answered" in x else (D(x.get("answered", 55)) if status == "refused" else None)
        rid = w.sql("""INSERT INTO subject_request (type, channel, received_on, requester_name, requester_email,
                        requester_phone, status, due_on, id_requested_on, id_received_on, extended_on, extension_reason,
                        extension_notified_on, answered_on, refusal_reason)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                    [rtype, channel, received, name, email, phone, status, due, id_asked, id_got, extended_on,
                     x.get("reason"), extended_on if x.get("reason") else None, answered, x.get("refused")]).fetchall()[0][0]
        if cid is not None:
            w.sql("INSERT INTO request_subject VALUES (?, ?)", [rid, cid])
        history = [("received", "received", received)]
        if id_asked:
            history.append(("identity_requested", "awaiting_identity", id_asked))
        if id_got:
            history.append(("identity_received", "in_progress", id_got))
        if status == "in_progress" and not id_got:
            history.append(("started", "in_progress", received + dt.timedelta(days=1)))
        if extended_on:
            history.append(("extended", "extended", extended_on))
        if status in ("completed", "refused"):
            history.append((status, status, answered))
        for seq, (action, st, on) in enumerate(history, 1):
            w.sql("INSERT INTO request_event VALUES (?, ?, ?, ?, ?, NULL, 'demo')",
                  [rid, seq, dt.datetime.combine(on, dt.time(9, 0)), action, st])
    # Someone the register does not know.
    w.sql("""INSERT INTO subject_request (type, channel, received_on, requester_name, requester_email, status, due_on)
             VALUES ('access', 'email', ?, 'Kalle Kysyjä', 'kalle.kysyja@example.fi', 'received', ?)""",
          [D(2), deadlines.due_date(D(2))])
    rid = w.sql("SELECT max(id) FROM subject_request").fetchall()[0][0]
    w.sql("INSERT INTO request_event VALUES (?, 1, ?, 'received', 'received', NULL, 'demo')",
          [rid, dt.datetime.combine(D(2), dt.time(9, 0))])


def _anchors(w, today: dt.date) -> None:
    """Retention anchors (kpcore.retention): most sales links have a last contact, most group-2
    people a last training; one customer's agreement ended long ago, the others run. A few
    links are left without their anchor so that the DPO sees the finding."""
    w.sql(f"""UPDATE contact_purpose SET last_contact_on = least(DATE '{today}', collected_on + (hash(contact_id) % 200)::INT)
              WHERE purpose = 'sales_marketing' AND hash(contact_id, 1) % 10 <> 0""")
    w.sql(f"""UPDATE contact SET last_training_on = least(DATE '{today}', created_at::DATE + (hash(id) % 300)::INT)
              WHERE hash(id, 2) % 10 <> 0 AND id IN (SELECT contact_id FROM contact_purpose WHERE purpose = 'expert_user')""")
    w.sql(f"UPDATE customer SET contract_end = DATE '{today}' - 800 WHERE name = 'Lempäälän kunta'")


def _processors(w, today: dt.date) -> None:
    D = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    customers = [
        ("Tampereen kaupunki", "0211675-2", "Aleksis Kiven katu 14–16, 33210 Tampere", "Kirsi Ahonen", "kirsi.ahonen@tampere.fi", "Tietosuojavastaava", "tietosuoja@tampere.fi"),
        ("Nokian kaupunki", "0153272-4", "Harjukatu 21, 37100 Nokia", "Juha Mattila", "juha.mattila@nokiankaupunki.fi", "Tietosuojavastaava", "tietosuoja@nokiankaupunki.fi"),
        ("Kangasalan kunta", "0157283-5", "Hallituskatu 5, 36200 Kangasala", "Sari Laine", "sari.laine@kangasala.fi", "Tietosuojavastaava", "tietosuoja@kangasala.fi"),
        ("Ylöjärven kaupunki", "0157515-6", "Kuruntie 14, 33470 Ylöjärvi", "Timo Niemi", "timo.niemi@ylojarvi.fi", "Tietosuojavastaava", "tietosuoja@ylojarvi.fi"),
        ("Lempäälän kunta", "0157566-7", "Lempääläntie 1, 37500 Lempäälä", "Hanna Koskinen", "hanna.koskinen@lempaala.fi", "Tietosuojavastaava", "tietosuoja@lempaala.fi"),
    ]
    ids = []
    for c in customers:
        ids.append(w.sql("INSERT INTO customer (name, business_id, address, contact_name, contact_email, dpo_name, dpo_email)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", list(c)).fetchall()[0][0])
    service_fi = "Pääkäyttäjä- ja käyttötuki sekä koulutus projektihallintajärjestelmässä"
    service_en = "Administrator and user support and training in the project-management system"
    security_fi = "Henkilökohtaiset tunnukset, kaksivaiheinen tunnistautuminen, salatut yhteydet, pääsy vain tukipyynnön perusteella."
    security_en = "Personal accounts, two-factor authentication, encrypted connections, access only on a support request."
    # Swedish (issue 18), as the demo's other Swedish texts: written beside the Finnish and English
    service_sv = "Huvudanvändar- och användarstöd samt utbildning i projekthanteringssystemet"
    security_sv = ("Personliga användarkonton, tvåstegsautentisering, krypterade förbindelser, åtkomst endast på "
                   "grundval av en supportbegäran.")
    from . import i18n
    from .processors import DEFAULT_SUBJECTS

    subjects_sv = i18n.gettext(DEFAULT_SUBJECTS, "sv")  # as `kp processor add` writes the default
    # (customer, system, vendor, signed days ago or None, missing clauses, start ago, end ago, status, decision)
    plans = [
        (0, "Hankesalkku", "Ohjelmistotalo Projekta Oy", 700, [], 720, None, "active", None),
        (1, "KuntaProjekti", "Infrasoft Oy", None, [], 200, None, "active", None),
        (2, "Hankesalkku", "Ohjelmistotalo Projekta Oy", 400, ["audits", "breach_notification"], 410, None, "active", None),
        (3, "ProjektiNet", "Sovellustalo Kumpu Oy", 900, [], 1000, 120, "ended", None),
        (4, "KuntaProjekti", "Infrasoft Oy", 800, [], 850, 200, "ended", "delete"),
    ]
    eng_ids = []
    for cust, system, vendor, signed, missing, start, end, status, decision in plans:
        eid = w.sql("""INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en, agreement_ref,
                        agreement_signed_on, agreement_location, authorisation, authorised_by, authorised_on,
                        security_fi, security_en, starts_on, ends_on, status, end_decision, end_decision_on)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                    [ids[cust], system, vendor, service_fi, service_en,
                     f"DPA-{2020 + cust}-{cust + 1:03d}" if signed else None,
                     D(signed) if signed else None, "Sopimusarkisto / M-Files" if signed else None,
                     "general" if signed else None, customers[cust][3] if signed else None, D(signed) if signed else None,
                     security_fi, security_en, D(start), D(end) if end else None, status, decision,
                     D(end - 10) if decision else None]).fetchall()[0][0]
        eng_ids.append(eid)
        w.sql("UPDATE processor_engagement SET service_sv = ?, security_sv = ?, subjects_sv = ? WHERE id = ?",
              [service_sv, security_sv, subjects_sv, eid])
        # the seed's case: a sub-processor of the vendor that delivered the system (Infrasoft's
        # customers engaged KuntaPlus directly)
        if vendor == "Infrasoft Oy":
            w.sql("UPDATE processor_engagement SET role = 'processor' WHERE id = ?", [eid])
        else:
            w.sql("UPDATE processor_engagement SET role = 'sub_processor', engaged_by = ?, engaged_by_contact = ? "
                  "WHERE id = ?", [vendor, "Asiakastuki, tietosuoja@" + vendor.split()[-2].lower() + ".fi", eid])
        w.sql("INSERT INTO engagement_category (engagement_id, category) SELECT ?, category FROM processor_role_category", [eid])
        if signed:
            for clause in ART28_CLAUSES:
                w.sql("INSERT INTO agreement_clause VALUES (?, ?, ?)", [eid, clause, clause not in missing])
    staff = ["Pekka Väätänen", "Laura Kivelä", "Mikko Rinne"]
    reasons = [("Käyttäjän oikeuksien päivitys", "Updated a user's project rights"),
               ("Uuden käyttäjän lisääminen asiakkaan pyynnöstä", "Added a user on the customer's request"),
               ("Virheselvitys tukipyynnön perusteella", "Investigated an error reported in a ticket")]
    n = 0
    for k, eid in enumerate(eng_ids[:3] + [eng_ids[4]]):
        for j in range(6):
            n += 1
            ago = 15 + 31 * j + 7 * k
            if k == 3:
                ago = 260 + 30 * j
            reason = reasons[(j + k) % 3]
            ticket = f"TUKI-{2400 + n}" if not (k == 1 and j == 2) else None  # one access without a ticket
            w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason, action) VALUES (?, ?, ?, ?, ?, ?)",
                  [eid, dt.datetime.combine(D(ago), dt.time(10 + j, 15)), staff[(j + k) % 3], ticket, reason[0], reason[1]])
    # An access after the engagement ended: outside an active engagement.
    w.sql("INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason, action) VALUES (?, ?, ?, ?, ?, ?)",
          [eng_ids[3], dt.datetime.combine(D(60), dt.time(13, 5)), staff[2], "TUKI-2999", "Vanhan käyttäjälistan tarkistus", "Checked an old user list"])


def _breaches(w, today: dt.date) -> None:
    T = lambda days, hour: dt.datetime.combine(today - dt.timedelta(days=days), dt.time(hour, 0))  # noqa: E731
    rows = [
        (T(95, 8), T(94, 9), "Uutiskirje lähetettiin vastaanottajat näkyvissä (To-kentässä) 240 vastaanottajalle.",
         "email, name", 240, 240, "Vastaanottajat näkivät toistensa sähköpostiosoitteet.",
         "Pyydettiin poistamaan viesti; lähetyskäytäntöä muutettiin (piilokopio, lähetyslistatyökalu).",
         "risk", True, "Sähköpostiosoitteita paljastui laajalle joukolle; riski ei ole korkea.", T(93, 15), None, None, False, None, None),
        (T(40, 17), T(40, 18), "Työkannettava varastettiin junassa. Levy oli salattu ja tunnukset suljettiin heti.",
         "email, name, phone, organisation", 50, 300, "Ei todennäköisiä vaikutuksia: levy salattu.",
         "Laitteen etälukitus, salasanojen vaihto.", "unlikely", False,
         "Levyn salauksen vuoksi loukkaus ei todennäköisesti aiheuta riskiä (33(1) art.).", None, None, None, False, None, None),
        (T(20, 9), T(18, 10), "Asiakkaan järjestelmässä käyttäjälle annettiin väärän yksikön hankeoikeudet tukitehtävässä.",
         "name, username, access_rights", 1, 12, "Käyttäjä näki toisen yksikön hankkeiden tiedot kahden päivän ajan.",
         "Oikeudet korjattiin; tukiprosessiin lisättiin tarkistus.", "risk", True,
         "Asiakas (rekisterinpitäjä) päättää ilmoittamisesta; ilmoitimme asiakkaalle.", None, None, None, True, 2, T(17, 9)),
    ]
    for r in rows:
        (occurred, aware, desc, cats, subj, recs, eff, rem, risk, notify, reason, notified, delay, informed,
         proc, cust, cust_at) = r
        w.sql("""INSERT INTO breach (occurred_at, aware_at, description, data_categories, approx_subjects, approx_records,
                  effects, remedial_action, risk, notify, decision_reason, authority_notified_at, delay_reason,
                  subjects_informed_at, processor_role, customer_id, customer_informed_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
              [occurred, aware, desc, cats, subj, recs, eff, rem, risk, notify, reason, notified, delay, informed,
               proc, cust, cust_at])
    _breach_cases(w, today)


def _breach_cases(w, today: dt.date) -> None:
    """Breach cases in different states (issue 15): agreements' limits and objection windows; the
    early breaches given their facts, assessment and frozen notification; one controller-role breach
    whose 72 hours still run; one processor-role breach over two engagements, one controller told;
    a sub-processor change with one objection."""
    from .breach import texts
    from .breach.case import get_case
    from .breach.timing import add_hours

    # running clocks are counted from the hour the demo is made (never an awareness in the future)
    now = dt.datetime.now().replace(minute=0, second=0, microsecond=0) if today == dt.date.today() \
        else dt.datetime.combine(today, dt.time(12, 0))
    T = lambda days, hour: dt.datetime.combine(today - dt.timedelta(days=days), dt.time(hour, 0))  # noqa: E731
    active = [r[0] for r in w.sql("SELECT id FROM processor_engagement WHERE status = 'active' ORDER BY id").fetchall()]
    for eid, hours, days in zip(active, (24, 48, None), (30, 14, None)):
        w.sql("INSERT INTO engagement_terms (engagement_id, breach_notice_hours, objection_days) VALUES (?, ?, ?)",
              [eid, hours, days])
    # breach 1 (controller role, notified): facts, assessment, the notification as sent
    w.sql("""INSERT INTO breach_case (breach_id, how, cause, subject_categories, breach_types, ongoing, contact_point)
             VALUES (1, 'Uutiskirje lähetettiin Vastaanottaja-kenttään piilokopion sijaan.', 'Inhimillinen virhe',
                     'Markkinoinnin vastaanottajat', 'confidentiality', false, 'pekka.vaatanen@kuntaplus.fi')""")
    w.sql("""INSERT INTO breach_assessment (breach_id, assessed_at, actor, breach_types, malicious, data_nature,
             identification, consequences, vulnerable, people, records, score, suggested, level, justification)
             VALUES (1, ?, 'demo', 'confidentiality', false, 'basic', 'maximum', 'significant', false, 240, 240, 1.25,
                     'risk', 'risk', 'Sähköpostiosoitteita paljastui laajalle joukolle; riski ei ole korkea.')""", [T(94, 11)])
    case = get_case(w, 1, now)
    controller = w.one("controller")
    info = {"version": 1, "kind": "complete", "sent_at": T(93, 15), "note": None, "reference": None}
    w.sql("""INSERT INTO breach_notification (breach_id, version, kind, sent_at, content_fi, content_en, content_sv,
             actor) VALUES (1, 1, 'complete', ?, ?, ?, ?, 'demo')""",
          [T(93, 15)] + [texts.notification_text(case, controller, lang, info) for lang in ("fi", "en", "sv")])
    # breach 3 (processor role, told): its engagement, notice and acknowledgement
    e3 = w.sql("SELECT id FROM processor_engagement WHERE customer_id = 2 ORDER BY id LIMIT 1").fetchall()[0][0]
    w.sql("""INSERT INTO breach_controller (breach_id, engagement_id, customer_id, limit_hours, due_at, notified_at, ack_at, ack_by)
             VALUES (3, ?, 2, NULL, ?, ?, ?, 'Asiakkaan tietosuojavastaava')""",
          [e3, add_hours(T(18, 10), 24), T(17, 9), T(17, 11)])
    # breach 4 (controller role): aware 20 h ago, assessed, decided; the 72 hours still run
    b4 = w.sql("""INSERT INTO breach (occurred_at, aware_at, description, data_categories, approx_subjects, approx_records,
                  effects, remedial_action, risk, notify, decision_reason)
                  VALUES (?, ?, 'Tarjouslaskelma, jossa yhteyshenkilöiden puhelinnumeroita, lähti väärälle asiakkaalle.',
                          'name, phone, organisation, title', 12, 12, 'Puhelinnumerot ulkopuoliselle; häirintäsoittojen riski.',
                          'Vastaanottajaa pyydetty poistamaan viesti.', 'risk', true,
                          'Puhelinnumeroita paljastui ulkopuoliselle: riski, ei korkea.') RETURNING id""",
               [add_hours(now, -22), add_hours(now, -20)]).fetchall()[0][0]
    w.sql("""INSERT INTO breach_case (breach_id, how, cause, breach_types, ongoing, measures_planned)
             VALUES (?, 'Sähköpostiohjelman automaattitäydennys valitsi väärän vastaanottajan.', 'Inhimillinen virhe',
                     'confidentiality', false, 'Ulkoisten osoitteiden automaattitäydennys pois käytöstä.')""", [b4])
    w.sql("""INSERT INTO breach_assessment (breach_id, assessed_at, actor, breach_types, malicious, data_nature,
             identification, consequences, vulnerable, people, records, score, suggested, level, justification)
             VALUES (?, ?, 'demo', 'confidentiality', false, 'basic', 'maximum', 'significant', false, 12, 12, 1.25,
                     'risk', 'risk', 'Puhelinnumerot ja nimet ulkopuoliselle yritykselle.')""", [b4, add_hours(now, -18)])
    # breach 5 (processor role) over two engagements with different limits: one controller told
    b5 = w.sql("""INSERT INTO breach (aware_at, description, data_categories, approx_subjects, approx_records, effects,
                  remedial_action, risk, processor_role, customer_id)
                  VALUES (?, 'Tukitunnus jäi aktiiviseksi asiakkaiden Hankesalkku-järjestelmiin tuen päätyttyä.',
                          'name, username, email', 340, 340, 'Tunnuksella olisi päässyt käyttäjätietoihin; käytöstä ei näyttöä.',
                          'Tunnus suljettu, lokit tarkistettu.', 'risk', true, ?) RETURNING id""",
               [add_hours(now, -6), w.sql("SELECT customer_id FROM processor_engagement WHERE id = ?", [active[0]]).fetchall()[0][0]]
               ).fetchall()[0][0]
    for k, eid in enumerate(e for e in active if w.sql("SELECT system FROM processor_engagement WHERE id = ?", [e]).fetchall()[0][0] == "Hankesalkku"):
        cust, limit = w.sql("""SELECT e.customer_id, t.breach_notice_hours FROM processor_engagement e
                               LEFT JOIN engagement_terms t ON t.engagement_id = e.id WHERE e.id = ?""", [eid]).fetchall()[0]
        w.sql("""INSERT INTO breach_controller (breach_id, engagement_id, customer_id, limit_hours, due_at, notified_at)
                 VALUES (?, ?, ?, ?, ?, ?)""", [b5, eid, cust, limit, add_hours(add_hours(now, -6), limit or 24),
                                                add_hours(now, -2) if k == 0 else None])
    # a sub-processor change: every active engagement told 10 days ago, one objected
    ch = w.sql("""INSERT INTO subprocessor_change (subprocessor, replaces, service_fi, service_en, country, effective_on)
                  VALUES ('Pohjolan Pilvi Oy', 'Vanha Konesali Oy', 'Varmuuskopioiden säilytys', 'Backup storage', 'FI', ?)
                  RETURNING id""", [today + dt.timedelta(days=40)]).fetchall()[0][0]
    for k, eid in enumerate(active):
        cust, days = w.sql("""SELECT e.customer_id, coalesce(t.objection_days, 30) FROM processor_engagement e
                              LEFT JOIN engagement_terms t ON t.engagement_id = e.id WHERE e.id = ?""", [eid]).fetchall()[0]
        sent = today - dt.timedelta(days=10)
        w.sql("""INSERT INTO subprocessor_notice (change_id, engagement_id, customer_id, window_days, notified_on, objection_due,
                 objected_on, objection) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
              [ch, eid, cust, days, sent, sent + dt.timedelta(days=days), today - dt.timedelta(days=3) if k == 1 else None,
               "Varmuuskopiot eivät saa sijaita EU:n ulkopuolella; pyydämme sijaintitiedot." if k == 1 else None])


# The KuntaPlus systems map (#12): the processors the seed only proposed, named, and the
# systems where contacts really sit. The CRM's contacts export is written beside the register
# (0600) so that its table connector has a file to search.
DEMO_PROCESSORS = [
    (1, "Microsoft Ireland Operations Limited", "IE", "Henkilötietojen käsittelijä: Microsoft 365 -sähköposti ja asiakirjat",
     "Processor: Microsoft 365 mail and documents", None, None),
    (2, "Pipedrive OÜ", "EE", "Henkilötietojen käsittelijä: asiakkuudenhallintajärjestelmä (CRM)",
     "Processor: customer relationship management (CRM)", None, None),
    (3, "UpCloud Oy", "FI", "Henkilötietojen käsittelijä: Matomo-analytiikan palvelin", "Processor: server of the Matomo analytics",
     None, None),
    (5, "Zendesk, Inc.", "US", "Henkilötietojen käsittelijä: tukipyyntöjen käsittely (helpdesk)",
     "Processor: support tickets (helpdesk)",
     "EU:n ja Yhdysvaltojen välinen tietosuojakehys (Data Privacy Framework) ja Euroopan komission "
     "vakiosopimuslausekkeet (2021/914)",
     "EU-US Data Privacy Framework and the European Commission's standard contractual clauses (2021/914)"),
]
# Swedish (issue 18): role and safeguard of each demo processor, proposals (sv_confirmed false).
DEMO_PROCESSORS_SV = {
    1: ("Personuppgiftsbiträde: e-post och dokument i Microsoft 365", None),
    2: ("Personuppgiftsbiträde: kundrelationssystem (CRM)", None),
    3: ("Personuppgiftsbiträde: server för Matomo-analysen", None),
    5: ("Personuppgiftsbiträde: behandling av supportärenden (helpdesk)",
        "Dataskyddsramen mellan EU och USA (Data Privacy Framework) och Europeiska kommissionens "
        "standardavtalsklausuler (2021/914)"),
}
DEMO_RETENTION_SV = {
    "mailbox": "Meddelandena raderas två år efter att kundförhållandet har upphört",
    "crm": "Under kundförhållandet och två år därefter",
    "helpdesk": "Supportärenden sparas i tre år",
    "web_analytics": "Besöksuppgifter i 13 månader",
}
CRM_EXPORT_COLUMNS = {"email": "Sähköposti", "phone": "Puhelin", "name": "Nimi"}


def crm_export_path(reg: Register):
    return reg.path.with_name(reg.path.name + ".crm-export.csv")


def _systems(w, reg: Register, today: dt.date) -> None:
    import csv
    import io
    import json

    from .safety import write_private

    for rid, name, country, role_fi, role_en, sg_fi, sg_en in DEMO_PROCESSORS:
        values = [name, role_fi, role_en, country, country not in ("IE", "EE", "FI"), sg_fi, sg_en]
        if w.sql("SELECT 1 FROM recipient WHERE id = ?", [rid]).fetchall():
            w.sql("UPDATE recipient SET name = ?, role_fi = ?, role_en = ?, country = ?, outside_eea = ?, "
                  "safeguard_fi = ?, safeguard_en = ?, confirmed = true WHERE id = ?", values + [rid])
        else:
            w.sql("INSERT INTO recipient (name, role_fi, role_en, country, outside_eea, safeguard_fi, safeguard_en, "
                  "confirmed, id) VALUES (?, ?, ?, ?, ?, ?, ?, true, ?)", values + [rid])
        # a company's own name: no Swedish or English name of its own (the seed's described a category)
        w.sql("UPDATE recipient SET role_sv = ?, safeguard_sv = ?, sv_confirmed = false, name_sv = NULL, name_en = NULL "
              "WHERE id = ?", [*DEMO_PROCESSORS_SV[rid], rid])
    people = ["sales_marketing", "expert_admin", "expert_user"]
    contact_cats = ["email", "name", "phone", "organisation", "title"]
    plan = [
        ("Microsoft 365 -sähköposti (Exchange Online)", "mailbox", 1, "imap",
         {"host": "outlook.office365.com", "port": 993, "tls": "ssl", "user": "tietosuoja@kuntaplus.fi", "body": False},
         False, people, contact_cats, "Viestit poistetaan kahden vuoden kuluttua asiakkuuden päättymisestä",
         "Messages are deleted two years after the customer relationship ends", None, None),
        ("Pipedrive CRM", "crm", 2, "table",
         {"path": crm_export_path(reg).name, "mapping": CRM_EXPORT_COLUMNS},
         False, ["sales_marketing", "expert_admin"], contact_cats, "Asiakkuuden ajan ja kaksi vuotta sen jälkeen",
         "For the customer relationship and two years after it",
         "Poista henkilö Pipedrivesta (Contacts > henkilö > Delete) ja vie uusi contacts-vienti rekisterin viereen.",
         "Delete the person in Pipedrive (Contacts > person > Delete) and put a new contacts export beside the register."),
        ("Zendesk-tukipalvelu", "helpdesk", 5, "manual", {}, False, ["expert_admin", "expert_user"],
         ["email", "name", "organisation"], "Tukipyynnöt säilytetään kolme vuotta", "Support tickets are kept for three years",
         "Hae Zendeskissä (Customers) henkilön sähköpostiosoitteella; kirjaa löydetyt tiketit ja niiden päivämäärät. "
         "Poistossa käytä toimintoa Delete user ja pyydä Zendeskin tukea poistamaan tiedot lopullisesti.",
         "Search Zendesk (Customers) for the person's address; record the tickets found and their dates. To erase, use "
         "Delete user and ask Zendesk support for permanent deletion."),
        ("Matomo-verkkoanalytiikka", "web_analytics", 3, "manual", {}, False, ["web_analytics"],
         ["ip_address", "browser", "site_usage"], "Käyntitiedot 13 kuukautta", "Visit data for 13 months",
         "Matomo > Administration > Privacy > GDPR Tools: hae henkilön IP-osoitteella; vie tai poista löydetyt käynnit.",
         "Matomo > Administration > Privacy > GDPR Tools: search by the person's IP address; export or delete the visits."),
    ]
    for name, kind, pid, connector, settings, allow, purposes, cats, ret_fi, ret_en, ins_fi, ins_en in plan:
        sid = w.sql("INSERT INTO it_system (name, kind, processor_id, retention_fi, retention_en, connector, settings, "
                    "allow_delete, instructions_fi, instructions_en, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "true) RETURNING id", [name, kind, pid, ret_fi, ret_en, connector, json.dumps(settings, sort_keys=True),
                                           allow, ins_fi, ins_en]).fetchall()[0][0]
        w.sql("UPDATE it_system SET retention_sv = ? WHERE id = ?", [DEMO_RETENTION_SV.get(kind), sid])
        for p in purposes:
            w.sql("INSERT INTO it_system_purpose VALUES (?, ?)", [sid, p])
        for c in cats:
            w.sql("INSERT INTO it_system_category (system_id, category) VALUES (?, ?)", [sid, c])
    rows = w.sql("""SELECT c.name, c.email, c.phone, c.organisation FROM contact c WHERE EXISTS (SELECT 1 FROM contact_purpose cp
                    WHERE cp.contact_id = c.id AND cp.purpose IN ('sales_marketing', 'expert_admin'))
                    ORDER BY c.id LIMIT 500""").fetchall()
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["Nimi", "Sähköposti", "Puhelin", "Organisaatio"])
    for name, email, phone, org in rows:
        out.writerow([name, email, phone or "", org or ""])  # a CRM's own export: values as they are
    write_private(crm_export_path(reg), buf.getvalue())
    _tasks(w, reg, today)


def _tasks(w, reg: Register, today: dt.date) -> None:
    """Tasks for every open demo request; the first open access request shows each state a task
    can be in: done by a connector, done by hand, not applicable, open, open after a failed run."""
    import json

    from . import connectors, systems, tasks

    open_ids = [r[0] for r in w.sql("SELECT id FROM subject_request WHERE status IN ('received', 'in_progress', "
                                    "'extended', 'awaiting_identity') ORDER BY id").fetchall()]
    for rid in open_ids:
        tasks.ensure(w, rid)
    for (oid,) in w.sql("SELECT id FROM subject_request WHERE type = 'objection' AND status = 'in_progress'").fetchall():
        for t in tasks.for_request(w, oid):
            if t["system_kind"] == "mailbox" and t["status"] == "open":
                w.run("task_not_applicable", {"id": t["id"], "by": "Pekka Väätänen",
                                              "at": dt.datetime.combine(today, dt.time(8, 0)),
                                              "reason": "Sähköpostia ei käytetä markkinointilistoihin; suoramarkkinointi "
                                                        "lähtee vain CRM:stä."})
    show = w.sql("SELECT id FROM subject_request WHERE type = 'access' AND status = 'in_progress' AND "
                 "requester_ip IS NULL ORDER BY id LIMIT 1").fetchall()
    if not show:
        return
    rid = show[0][0]
    person, _, _ = tasks.person_of(w, rid)
    at = dt.datetime.combine(today, dt.time(8, 30))
    ctx = connectors.Context(reg.path, "demo")
    for t in tasks.for_request(w, rid):
        system = systems.find(w, t["system_id"])
        if t["status"] != "open":
            continue
        if system["kind"] == "crm":
            r = connectors.for_system(system, ctx).search(person)
            w.run("task_done", {"id": t["id"], "found": r.found, "count": r.count, **r.summary.columns(),
                                "findings": json.dumps(r.items, ensure_ascii=False), "by": "demo", "at": at,
                                "evidence": None})
        elif system["kind"] == "mailbox":
            try:
                connectors.secret(system, ctx)
            except connectors.ConnectorError as exc:  # no password configured: the real first-run failure
                w.run("task_error", {"id": t["id"], "error": str(exc), "error_data": connectors.error_data(exc)})
        elif system["kind"] == "helpdesk":
            w.run("task_done", {"id": t["id"], "found": True, "count": 2, "by": "Pekka Väätänen", "at": at,
                                "summary": "Kaksi tukipyyntöä (2025-03 ja 2026-09), molemmat ratkaistu", "summary_data": None,
                                "findings": None, "evidence": "Zendesk-haku sähköpostiosoitteella; kuvakaappaus "
                                                              "zendesk-haku.png tietosuojakansiossa"})
        elif system["kind"] == "web_analytics":
            w.run("task_not_applicable", {"id": t["id"], "by": "demo", "at": at,
                                          "reason": "Pyytäjä ei antanut IP-osoitetta; analytiikassa ei ole muuta tunnistetta."})
