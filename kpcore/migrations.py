"""Schema versions: refuses registers from a newer kpcore, upgrades older ones (`kp migrate`).

A register records its version in meta('schema_version'); a register without that row is
version 0. `STEPS[n]` upgrades version n to n+1. `migrate` runs every step from the
register's version up to `kpcore.db.SCHEMA_VERSION` in order, inside ONE transaction
together with the new version number and a `register.migrate` audit event: either the
register reaches the current version with every row kept, or it is left as it was.

Adding a schema change: bump SCHEMA_VERSION in kpcore/db.py, change sql/schema.sql (new
registers) and add `STEPS[old]` here doing the same to an existing one, keeping its rows.
"""
from __future__ import annotations

from typing import Callable

from .errors import KpError, SchemaMismatch
from .i18n import N_


def _step_0_to_1(w) -> None:
    """Version 0 registers predate sign-in and IP truncation: add app_user and
    web_visit.ip_truncated (existing visits count as not yet truncated)."""
    w.sql("""CREATE TABLE IF NOT EXISTS app_user (
        name           TEXT PRIMARY KEY,
        role           TEXT NOT NULL CHECK (role IN ('dpo', 'viewer')),
        password_hash  TEXT NOT NULL,
        disabled       BOOLEAN NOT NULL DEFAULT false,
        failed_count   INTEGER NOT NULL DEFAULT 0,
        locked_until   TIMESTAMP,
        created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp)""")
    cols = {r[0] for r in w.sql("SELECT column_name FROM duckdb_columns() WHERE table_name = 'web_visit'").fetchall()}
    if "ip_truncated" not in cols:
        w.sql("ALTER TABLE web_visit ADD COLUMN ip_truncated BOOLEAN DEFAULT false")
        w.sql("UPDATE web_visit SET ip_truncated = false WHERE ip_truncated IS NULL")
        w.sql("ALTER TABLE web_visit ALTER COLUMN ip_truncated SET NOT NULL")


# Version 2 is this round's schema (issues 12-17). Each issue adds its own idempotent part
# (CREATE TABLE IF NOT EXISTS, ADD COLUMN only when missing) to V2_PARTS; the step runs them in
# order. Parts take the write unit `w` and must keep every existing row.
V2_PARTS: list[Callable] = []


def _step_1_to_2(w) -> None:
    """Version 1 registers predate this round's tables and columns: each part adds its own."""
    for part in V2_PARTS:
        part(w)


def has_column(w, table: str, column: str) -> bool:
    return bool(w.sql("SELECT 1 FROM duckdb_columns() WHERE table_name = ? AND column_name = ?",
                      [table, column]).fetchall())


def add_column(w, table: str, column: str, decl: str) -> None:
    """ALTER TABLE ... ADD COLUMN when the column is missing (idempotent)."""
    if not has_column(w, table, column):
        w.sql(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def _v2_notice_facts_hash(w) -> None:
    """Issue 12 (#10): each published notice version keeps the fingerprint of the facts it
    stands on, so a later change shows it as out of date. Older versions keep NULL."""
    add_column(w, "notice_version", "facts_hash", "TEXT")


V2_PARTS.append(_v2_notice_facts_hash)


def _v2_processor_chain(w) -> None:
    """Issue 12 (#10) §5: each engagement records whose processor KuntaPlus is (the customer's, or a
    sub-processor engaged by the vendor) and the engaging processor with its contact. Existing
    engagements keep NULL (not recorded) until the DPO says."""
    # DuckDB cannot add a column with a CHECK to an existing table ("not supported yet"): an
    # upgraded register's role is checked by kpcore.processors (ROLES) like every write's is.
    add_column(w, "processor_engagement", "role", "TEXT")
    add_column(w, "processor_engagement", "engaged_by", "TEXT")
    add_column(w, "processor_engagement", "engaged_by_contact", "TEXT")


V2_PARTS.append(_v2_processor_chain)


def _v2_retention_anchors_and_request_facts(w) -> None:
    """Issue #10 (retention, deadlines, access report): retention becomes a rule per purpose
    (anchor + months, converted from the old day count and free text, whose sentences are then
    regenerated from the rule), anchor dates (last contact and first communication per link,
    last training per person, contract end per customer), source detail per link, and on a
    request the IP confirmation and the forwarding to the controller."""
    from . import retention

    converting = not has_column(w, "purpose", "retention_anchor")
    add_column(w, "purpose", "retention_anchor", "TEXT DEFAULT 'collection'")
    add_column(w, "purpose", "retention_months", "INTEGER")
    if converting:
        days = {r[0]: r[1] for r in w.sql("SELECT key, retention_days FROM purpose").fetchall()}
        ip_days = w.sql("SELECT value FROM setting WHERE key = 'ip_full_days'").fetchall()
        ip_days = int(ip_days[0][0]) if ip_days and str(ip_days[0][0]).isdigit() else 30
        for key, dm, text_fi in w.sql("SELECT key, direct_marketing, retention_fi FROM purpose").fetchall():
            anchor, months = retention.from_legacy(days[key], text_fi)
            row = {"key": key, "retention_anchor": anchor, "retention_months": months, "direct_marketing": dm}
            w.sql("UPDATE purpose SET retention_anchor = ?, retention_months = ?, retention_fi = ?, retention_en = ? "
                  "WHERE key = ?", [anchor, months, retention.purpose_sentence(row, "fi", ip_days),
                                    retention.purpose_sentence(row, "en", ip_days), key])
        w.sql("UPDATE purpose SET retention_anchor = 'collection' WHERE retention_anchor IS NULL")
        # No `SET NOT NULL` here: DuckDB refuses it after updates in the same transaction ("Cannot
        # create index with outstanding updates"), and the migration is one transaction. Every
        # row has an anchor now, the column's default gives new rows one, and kpcore.retention
        # treats a missing anchor as 'collection' (#10).
    add_column(w, "contact", "last_training_on", "DATE")
    add_column(w, "contact", "customer_id", "INTEGER")
    add_column(w, "contact_purpose", "last_contact_on", "DATE")
    add_column(w, "contact_purpose", "first_communication_on", "DATE")
    add_column(w, "contact_purpose", "source_detail", "TEXT")
    add_column(w, "customer", "contract_end", "DATE")
    add_column(w, "subject_request", "ip_confirmed_on", "DATE")
    add_column(w, "subject_request", "forwarded_on", "DATE")
    add_column(w, "subject_request", "forwarded_to", "TEXT")
    # An old setting 'art14_notice_days' is left in place (row counts must not change) but no longer
    # read: the Art. 14(3) deadline is one calendar month (kpcore.deadlines.art14_due).


V2_PARTS.append(_v2_retention_anchors_and_request_facts)
def _v2_marketing_and_erasure(w) -> None:
    """#11: marketing basis and consent on purpose links; suppression source/detail, lifts and
    the salted-sha256 -> HMAC migration (kpcore.suppression); erasure safeguards' tables."""
    for col in ("marketing_basis TEXT", "consent_on DATE", "consent_channel TEXT", "consent_wording TEXT",
                "consent_how TEXT"):
        name, decl = col.split(" ", 1)
        add_column(w, "contact_purpose", name, decl)
    for col in ("erasure_ground TEXT", "erasure_exceptions TEXT", "erasure_outcome TEXT", "requester_hash TEXT"):
        name, decl = col.split(" ", 1)
        add_column(w, "subject_request", name, decl)
    w.sql("""CREATE TABLE IF NOT EXISTS request_notification (
        request_id INTEGER NOT NULL REFERENCES subject_request (id), kind TEXT NOT NULL, ref TEXT NOT NULL,
        name TEXT NOT NULL, told_on DATE, not_told_reason TEXT, PRIMARY KEY (request_id, kind, ref))""")
    w.sql("""CREATE TABLE IF NOT EXISTS rejected_file (
        path TEXT PRIMARY KEY, created_on DATE NOT NULL, rows INTEGER NOT NULL)""")
    w.sql("""CREATE TABLE IF NOT EXISTS suppression_lift (
        hash TEXT NOT NULL, purpose TEXT NOT NULL, lifted_on DATE NOT NULL, reason TEXT NOT NULL)""")
    add_column(w, "suppression", "source", "TEXT")
    add_column(w, "suppression", "detail", "TEXT")
    from . import suppression
    suppression.migrate_to_hmac(w)


V2_PARTS.append(_v2_marketing_and_erasure)


def _v2_systems(w) -> None:
    """#12: the systems map (it_system, its purposes and categories, the recipient_use view) and
    request tasks, made from the same statements as sql/schema.sql; an old register's map starts
    with this register alone, as a new one does."""
    import re

    from .sqlfiles import schema_sql
    from .seed import seed_map

    text = re.sub(r"--[^\n]*", "", schema_sql())
    mine = re.compile(r"^CREATE (TABLE|SEQUENCE|VIEW) (it_system\w*|request_task\w*|recipient_use)\b")
    for stmt in (s.strip() for s in text.split(";")):
        m = mine.match(stmt)
        if not m:
            continue
        if m.group(1) == "VIEW":
            w.sql(stmt.replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
        else:
            w.sql(stmt.replace(f"CREATE {m.group(1)}", f"CREATE {m.group(1)} IF NOT EXISTS", 1))
    if not w.sql("SELECT count(*) FROM it_system").fetchall()[0][0]:
        seed_map(w.cursor)


V2_PARTS.append(_v2_systems)

def _v2_user_email(w) -> None:
    """#14: users get an email column: the company account (OpenID Connect) they sign in with."""
    add_column(w, "app_user", "email", "TEXT")


V2_PARTS.append(_v2_user_email)


# Version 3 (issues 16-18). The previous release (db23f7a) already wrote version 2, but the
# parts added to V2_PARTS since (Swedish facts, the person's language, ...) never ran on its
# registers: a version-2 register could lack columns this kpcore reads. Every part is
# idempotent, so the step runs them all again and each adds only what is missing. New parts
# went to V3_PARTS; the release that wrote version 3 (ccdcdaa) shipped it empty.
V3_PARTS: list[Callable] = []

# Version 4 (this round of issue 18). The release before wrote version 3 without the columns
# added since (a notification's Swedish, recipients' Swedish and English names): a version-3
# register from it could lack them and `kp migrate` would have done nothing. The step runs every
# part again (each adds only what is missing). New parts go to V4_PARTS.
V4_PARTS: list[Callable] = []


def _v4_notification_sv(w) -> None:
    """Issue 18: a notification to the Ombudsman is frozen in Swedish too (breach_notification.content_sv);
    versions sent before have none (NULL) and are printed from their Finnish text."""
    add_column(w, "breach_notification", "content_sv", "TEXT")


V4_PARTS.append(_v4_notification_sv)


def _v4_recipient_names(w) -> None:
    """Issue 18 §2: a recipient's name in Swedish and English beside its (Finnish) name. An older
    register's seeded recipients get the seed's names as proposals where their Finnish name is still
    the seed's (the Swedish unconfirmed, as for the roles); others keep NULL, read as the Finnish."""
    from . import seed

    add_column(w, "recipient", "name_sv", "TEXT")
    add_column(w, "recipient", "name_en", "TEXT")
    for rid, name, *_rest in seed.RECIPIENTS:
        names = seed.RECIPIENT_NAMES.get(rid)
        if names:
            w.sql("UPDATE recipient SET name_sv = ?, name_en = ?, sv_confirmed = false WHERE id = ? AND name = ? "
                  "AND name_sv IS NULL AND name_en IS NULL", [names["sv"], names["en"], rid, name])


V4_PARTS.append(_v4_recipient_names)


def _v4_task_summary_data(w) -> None:
    """Issue 18 §1: a task's result summary as data (kind and numbers, JSON), said in the reader's
    language. Tasks done before keep NULL: their "suomeksi / in English" sentence is read back
    (kpcore.connectors.summary.text)."""
    add_column(w, "request_task", "summary_data", "TEXT")


V4_PARTS.append(_v4_task_summary_data)


def _v4_task_error_data(w) -> None:
    """Issue 18 §1: a connector task's last failure as data (catalog message and parameters, JSON),
    said in the reader's language. Failures stored before keep NULL and read as written."""
    add_column(w, "request_task", "error_data", "TEXT")


V4_PARTS.append(_v4_task_error_data)


ENGAGEMENT_SV = ("service_sv", "subjects_sv", "transfers_sv", "security_sv")


def _v4_engagement_sv(w) -> None:
    """Issue 18 §2: a processor engagement's texts (service, data subjects, transfers, security
    measures) in Swedish beside Finnish and English. Engagements recorded before get NULL, read as
    the Finnish in Swedish outputs, except the default data subjects ("the customer's system's
    users"), whose Swedish is the catalog's: an engagement added now gets the same."""
    from . import i18n
    from .processors import DEFAULT_SUBJECTS

    for column in ENGAGEMENT_SV:
        add_column(w, "processor_engagement", column, "TEXT")
    w.sql("UPDATE processor_engagement SET subjects_sv = ? WHERE subjects_sv IS NULL AND subjects_fi = ?",
          [i18n.gettext(DEFAULT_SUBJECTS, "sv"), i18n.gettext(DEFAULT_SUBJECTS, "fi")])


V4_PARTS.append(_v4_engagement_sv)


def _run_parts(w, parts: list[Callable]) -> None:
    for part in parts:
        part(w)


def _step_2_to_3(w) -> None:
    """A version-2 register gains every part it lacks (V2_PARTS again, then V3_PARTS)."""
    _run_parts(w, V2_PARTS + V3_PARTS)


def _step_3_to_4(w) -> None:
    """A version-3 register gains every part it lacks (all parts again, then V4_PARTS)."""
    _run_parts(w, V2_PARTS + V3_PARTS + V4_PARTS)


STEPS: dict[int, Callable] = {0: _step_0_to_1, 1: _step_1_to_2, 2: _step_2_to_3, 3: _step_3_to_4}


def _unchecked(register):
    """The same register, opened without the version check (which would refuse it)."""
    from .db import Register

    class _Unchecked(Register):
        def _check_schema(self, con) -> None:
            try:
                con.execute("SELECT 1 FROM meta LIMIT 0").fetchall()
            except Exception:
                raise SchemaMismatch(N_("{path} is not a KuntaPlus register (no meta table)."),
                                     path=str(self.path)) from None

    return _Unchecked(register.path, wait_seconds=register.wait_seconds)


def version_of(register) -> int:
    with _unchecked(register).read() as q:
        row = q.sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(row[0][0]) if row else 0


def migrate(register, *, actor: str = "system", target: int | None = None,
            steps: dict[int, Callable] | None = None) -> tuple[int, int]:
    """Upgrade to `target` (default: this kpcore's version). Returns (from, to)."""
    from .db import SCHEMA_VERSION

    steps = STEPS if steps is None else steps
    target = SCHEMA_VERSION if target is None else target
    reg = _unchecked(register)
    with reg.write(actor) as w:
        row = w.sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        found = int(row[0][0]) if row else 0
        if found > target:
            raise SchemaMismatch(N_("{path} has schema version {found}, newer than {target}; nothing was changed."),
                                 path=str(register.path), found=found, target=target)
        if found == target:
            w.audit("register.migrate", "register", None, {"from": found, "to": target, "steps": 0})
            return found, target
        missing = [v for v in range(found, target) if v not in steps]
        if missing:
            raise KpError(N_("No migration from schema version {found} to {target}; nothing was changed."),
                          found=missing[0], target=missing[0] + 1)
        counts_before = _row_counts(w)
        import duckdb

        for version in range(found, target):
            try:
                steps[version](w)
            except duckdb.Error as exc:  # no traceback (#15 §4); the transaction is rolled back
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise KpError(N_("The migration from schema version {found} to {target} failed "
                                 "({error}); nothing was changed."),
                              found=version, target=version + 1, error=first) from None
        after = _row_counts(w)
        lost = {t for t, n in counts_before.items() if after.get(t) != n}
        if lost:
            raise KpError(N_("A migration would have changed row counts ({tables}); nothing was changed."),
                          tables=str(sorted(lost)))
        w.sql("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", [str(target)])
        w.audit("register.migrate", "register", None, {"from": found, "to": target, "steps": target - found})
    return found, target


def _row_counts(w) -> dict[str, int]:
    tables = [r[0] for r in w.sql("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                                  " AND NOT temporary AND table_name NOT IN ('meta', 'audit_log')").fetchall()]
    if not tables:
        return {}
    union = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)
    return dict(w.sql(union).fetchall())


def _v2_breach_cases(w) -> None:
    """Issue 15 (breach cases, processor duties, sub-processor changes): runs the schema's own
    'breach cases' section, whose statements are all CREATE ... IF NOT EXISTS (new tables only)."""
    from .sqlfiles import schema_sql

    text = schema_sql()
    section = text[text.index("-- begin: breach cases"):text.index("-- end: breach cases")]
    code = "\n".join(line.split("--")[0] for line in section.splitlines())  # no ';' or '--' inside strings there
    for statement in code.split(";"):
        if statement.strip():
            w.sql(statement)


V2_PARTS.append(_v2_breach_cases)


# Issue 18: Swedish beside Finnish and English. table -> (key column, [(Finnish column, Swedish column)]).
SWEDISH_COLUMNS = {
    "data_category": ("key", [("name_fi", "name_sv")]),
    "purpose": ("key", [("name_fi", "name_sv"), ("group_fi", "group_sv"), ("subjects_fi", "subjects_sv"),
                        ("legitimate_interest_fi", "legitimate_interest_sv"), ("retention_fi", "retention_sv"),
                        ("provision_fi", "provision_sv")]),
    "source": ("key", [("name_fi", "name_sv"), ("description_fi", "description_sv")]),
    "recipient": ("id", [("role_fi", "role_sv"), ("safeguard_fi", "safeguard_sv")]),
    "it_system": ("id", [("retention_fi", "retention_sv"), ("instructions_fi", "instructions_sv")]),
}
SV_CONFIRMED_TABLES = ("purpose", "source", "recipient")


def _v2_swedish(w) -> None:
    """Issue 18: the facts carry Swedish (`*_sv` columns, `sv_confirmed` on purposes, sources and
    recipients) and each person a preferred language (contact.language, NULL = Finnish).

    An older register gets the seed's Swedish proposals (unconfirmed) only where its Finnish is still
    the seed's Finnish: a fact the DPO has reworded gets no Swedish that would say something else, and
    the Swedish notice shows it as missing. Retention sentences are generated from the rule. No
    statement rows are added (a migration keeps row counts): the Swedish statements are the DPO's to
    write (`kp notice statement KEY --lang sv`), and until then the Swedish notice lists them as missing.
    """
    from . import retention, seed

    for table, (_key, pairs) in SWEDISH_COLUMNS.items():
        for _fi, sv in pairs:
            add_column(w, table, sv, "TEXT")
    for table in SV_CONFIRMED_TABLES:
        add_column(w, table, "sv_confirmed", "BOOLEAN DEFAULT false")
        w.sql(f"UPDATE {table} SET sv_confirmed = false WHERE sv_confirmed IS NULL")
    add_column(w, "contact", "language", "TEXT")
    add_column(w, "subject_request", "language", "TEXT")

    def fill(table, key_col, key, fi_col, fi_text, sv_col, sv_text):
        if sv_text is None or fi_text is None:
            return
        w.sql(f"UPDATE {table} SET {sv_col} = ? WHERE {key_col} = ? AND {fi_col} = ? AND {sv_col} IS NULL",
              [sv_text, key, fi_text])

    for key, _kind, fi, _en, _aliases in seed.CATEGORIES:
        fill("data_category", "key", key, "name_fi", fi, "name_sv", seed.CATEGORIES_SV.get(key))
    for p in seed.PURPOSES:
        for field in ("name", "group", "subjects", "legitimate_interest", "provision"):
            fill("purpose", "key", p["key"], f"{field}_fi", p.get(f"{field}_fi"), f"{field}_sv", p.get(f"{field}_sv"))
    for key, _sort, name_fi, _name_en, desc_fi, *_rest in seed.SOURCES:
        name_sv, desc_sv = seed.SOURCES_SV[key]
        fill("source", "key", key, "name_fi", name_fi, "name_sv", name_sv)
        fill("source", "key", key, "description_fi", desc_fi, "description_sv", desc_sv)
    for rid, _name, role_fi, *_rest in seed.RECIPIENTS:
        fill("recipient", "id", rid, "role_fi", role_fi, "role_sv", seed.RECIPIENTS_SV.get(rid))
    w.sql("UPDATE it_system SET retention_sv = 'Enligt ändamålens lagringstider' WHERE kind = 'register' "
          "AND retention_fi = 'Käyttötarkoitusten säilytysaikojen mukaan' AND retention_sv IS NULL")
    ip_days = retention.ip_full_days(w)
    cols = ("key", "retention_anchor", "retention_months", "direct_marketing")
    for values in w.sql(f"SELECT {', '.join(cols)} FROM purpose").fetchall():
        row = dict(zip(cols, values))
        w.sql("UPDATE purpose SET retention_sv = ? WHERE key = ?",
              [retention.purpose_sentence(row, "sv", ip_days), row["key"]])


V2_PARTS.append(_v2_swedish)
