"""Writing an import into the register: suppression and restriction checks, then a handful of
set-based statements over the registered Arrow table of valid rows (one person per email, one
link per person and purpose; a re-import only fills blanks and moves anchor dates)."""
from __future__ import annotations

from collections.abc import Sequence

from .. import suppression
from ..db import Query


_SUPPRESSED_ROWS = f"""
    SELECT DISTINCT i.row FROM kp_import_ok i JOIN suppression s
      ON s.hash = {suppression.sql_hash('i.email')} AND (s.purpose = '*' OR s.purpose = i.purpose)
    UNION
    SELECT DISTINCT i.row FROM kp_import_ok i JOIN suppression s
      ON i.phone IS NOT NULL AND s.hash = {suppression.sql_hash('i.phone')} AND (s.purpose = '*' OR s.purpose = i.purpose)
"""


def apply(q: Query, clean, bad, *, dry_run: bool) -> dict[str, int]:
    """Suppression and restriction checks, then the set-based merge. Returns counts."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ok = clean.filter(pa.array(~bad)) if bad.any() else clean  # a clean file is not copied
    cur = q.cursor
    cur.register("kp_import_ok", ok)
    try:
        cur.execute("CREATE OR REPLACE TEMP TABLE kp_import_skip (row BIGINT, why TEXT)")
        hash_params = suppression.sql_params(q)
        if hash_params:
            cur.execute(f"INSERT INTO kp_import_skip SELECT row, 'suppressed' FROM ({_SUPPRESSED_ROWS})", hash_params)
        cur.execute("""INSERT INTO kp_import_skip SELECT i.row, 'restricted' FROM kp_import_ok i
                       JOIN contact c ON c.email = i.email AND c.restricted
                       WHERE i.row NOT IN (SELECT row FROM kp_import_skip)""")
        skipped = dict(cur.execute("SELECT why, count(*) FROM kp_import_skip GROUP BY why").fetchall())
        # The rows to write: all of them when nobody was skipped (then not copied again).
        go_kind = "TABLE" if sum(skipped.values()) else "VIEW"
        cur.execute(f"""CREATE OR REPLACE TEMP {go_kind} kp_import_go AS
                        SELECT i.* FROM kp_import_ok i ANTI JOIN kp_import_skip s ON s.row = i.row""")
        # One person per email and one link per (email, purpose): the first row wins, blanks filled from
        # later rows. Most emails come once; only the rows of an email that comes again are grouped
        # (the rest are taken as they are: the same result as grouping them alone, in a third of the time).
        cur.execute("""CREATE OR REPLACE TEMP TABLE kp_import_again AS
                       SELECT email FROM kp_import_go GROUP BY email HAVING count(*) > 1""")
        cur.execute("""CREATE OR REPLACE TEMP TABLE kp_import_people AS
                       SELECT g.*, c.id AS existing_id FROM (
                           SELECT email, name, phone, organisation, title, last_training_on, language, row AS first_row
                           FROM kp_import_go ANTI JOIN kp_import_again USING (email)
                           UNION ALL
                           SELECT email,
                                  arg_min(name, row) AS name,
                                  arg_min(phone, row) FILTER (WHERE phone IS NOT NULL) AS phone,
                                  arg_min(organisation, row) FILTER (WHERE organisation IS NOT NULL) AS organisation,
                                  arg_min(title, row) FILTER (WHERE title IS NOT NULL) AS title,
                                  max(last_training_on) AS last_training_on,
                                  arg_min(language, row) FILTER (WHERE language IS NOT NULL) AS language,
                                  min(row) AS first_row
                           FROM kp_import_go SEMI JOIN kp_import_again USING (email) GROUP BY email) g
                       LEFT JOIN contact c ON c.email = g.email""")
        # With nobody already in the register the links are read once (by the insert): a view, not a copy.
        existing = cur.execute("SELECT count(existing_id) FROM kp_import_people").fetchall()[0][0]
        links_kind = "TABLE" if existing else "VIEW"
        cur.execute(f"""CREATE OR REPLACE TEMP {links_kind} kp_import_links AS
                       SELECT email, purpose, source, collected_on, last_contact_on, first_communication_on,
                              source_detail, marketing_basis, consent_on, consent_channel, consent_wording, consent_how
                       FROM kp_import_go ANTI JOIN kp_import_again USING (email)
                       UNION ALL
                       SELECT email, purpose, arg_min(source, row) AS source, arg_min(collected_on, row) AS collected_on,
                              max(last_contact_on) AS last_contact_on, min(first_communication_on) AS first_communication_on,
                              arg_min(source_detail, row) FILTER (WHERE source_detail IS NOT NULL) AS source_detail,
                              arg_min(marketing_basis, row) AS marketing_basis, arg_min(consent_on, row) AS consent_on,
                              arg_min(consent_channel, row) AS consent_channel,
                              arg_min(consent_wording, row) AS consent_wording, arg_min(consent_how, row) AS consent_how
                       FROM kp_import_go SEMI JOIN kp_import_again USING (email) GROUP BY email, purpose""")
        # Kept as Arrow columns: Python tuples are made only if somebody reads them (--classification).
        # The rows written, in row order: `ok` is in row order already, less the skipped rows (few).
        marketed = pc.is_valid(ok.column("marketing_basis"))
        if go_kind == "TABLE":
            skipped_rows = pa.array([r for (r,) in cur.execute("SELECT row FROM kp_import_skip").fetchall()], pa.int64())
            marketed = pc.and_(marketed, pc.invert(pc.is_in(ok.column("row"), value_set=skipped_rows)))
        classified = _Rows(ok.filter(marketed).select(["row", "marketing_basis", "basis_by"]))
        suppressed_by_purpose = tuple(sorted(cur.execute(
            "SELECT i.purpose, count(*) FROM kp_import_skip s JOIN kp_import_ok i ON i.row = s.row "
            "WHERE s.why = 'suppressed' GROUP BY ALL").fetchall()))
        classification = dict(((b, by), n) for b, by, n in cur.execute(
            "SELECT marketing_basis, basis_by, count(*) FROM kp_import_go WHERE marketing_basis IS NOT NULL "
            "GROUP BY ALL").fetchall())
        rows_go = cur.execute("SELECT count(*) FROM kp_import_go").fetchall()[0][0]
        new_people = cur.execute("SELECT count(*) FROM kp_import_people WHERE existing_id IS NULL").fetchall()[0][0]
        if dry_run:
            new_links = cur.execute("""SELECT count(*) FROM kp_import_links l
                                       LEFT JOIN contact c ON c.email = l.email
                                       WHERE c.id IS NULL OR NOT EXISTS (SELECT 1 FROM contact_purpose cp
                                             WHERE cp.contact_id = c.id AND cp.purpose = l.purpose)""").fetchall()[0][0]
        else:
            cur.execute("""INSERT INTO contact (email, name, phone, organisation, title, last_training_on, language)
                           SELECT email, name, phone, organisation, title, last_training_on, language FROM kp_import_people
                           WHERE existing_id IS NULL ORDER BY first_row""")
            # Each update below touches only people (and their links) the register held before: none, none to do.
            if existing:
                # Anchor dates only move later (last contact, last training) or earlier (first communication).
                cur.execute("""UPDATE contact SET last_training_on = greatest(contact.last_training_on, p.last_training_on)
                               FROM kp_import_people p
                               WHERE p.existing_id = contact.id AND p.last_training_on IS NOT NULL
                                 AND (contact.last_training_on IS NULL OR contact.last_training_on < p.last_training_on)""")
                cur.execute("""UPDATE contact_purpose
                               SET last_contact_on = CASE WHEN l.last_contact_on IS NULL THEN contact_purpose.last_contact_on
                                                          ELSE greatest(contact_purpose.last_contact_on, l.last_contact_on) END,
                                   first_communication_on = CASE WHEN l.first_communication_on IS NULL
                                        THEN contact_purpose.first_communication_on
                                        ELSE least(contact_purpose.first_communication_on, l.first_communication_on) END,
                                   source_detail = coalesce(contact_purpose.source_detail, l.source_detail)
                               FROM kp_import_links l JOIN contact c ON c.email = l.email
                               WHERE contact_purpose.contact_id = c.id AND contact_purpose.purpose = l.purpose
                                 AND (l.last_contact_on IS NOT NULL OR l.first_communication_on IS NOT NULL
                                      OR l.source_detail IS NOT NULL)""")
                # A person already in the register keeps what it holds; the file only fills blanks.
                cur.execute("""UPDATE contact SET phone = coalesce(contact.phone, p.phone),
                                      organisation = coalesce(contact.organisation, p.organisation),
                                      title = coalesce(contact.title, p.title),
                                      language = coalesce(contact.language, p.language), updated_at = current_timestamp
                               FROM kp_import_people p
                               WHERE p.existing_id = contact.id
                                 AND ((contact.phone IS NULL AND p.phone IS NOT NULL)
                                   OR (contact.organisation IS NULL AND p.organisation IS NOT NULL)
                                   OR (contact.title IS NULL AND p.title IS NOT NULL)
                                   OR (contact.language IS NULL AND p.language IS NOT NULL))""")
                # A link already held keeps its basis; one recorded before bases existed gets the file's.
                cur.execute("""UPDATE contact_purpose SET marketing_basis = l.marketing_basis, consent_on = l.consent_on,
                                      consent_channel = l.consent_channel, consent_wording = l.consent_wording,
                                      consent_how = l.consent_how
                               FROM kp_import_links l JOIN contact c ON c.email = l.email
                               WHERE contact_purpose.contact_id = c.id AND contact_purpose.purpose = l.purpose
                                 AND contact_purpose.marketing_basis IS NULL AND l.marketing_basis IS NOT NULL""")
            # The links' order in the table means nothing: DuckDB may write them as its threads finish.
            cur.execute("SET preserve_insertion_order = false")
            new_links = cur.execute("""INSERT INTO contact_purpose (contact_id, purpose, source, collected_on,
                                  last_contact_on, first_communication_on, source_detail,
                                  marketing_basis, consent_on, consent_channel, consent_wording, consent_how)
                           SELECT c.id, l.purpose, l.source, l.collected_on, l.last_contact_on,
                                  l.first_communication_on, l.source_detail, l.marketing_basis, l.consent_on,
                                  l.consent_channel, l.consent_wording, l.consent_how
                           FROM kp_import_links l JOIN contact c ON c.email = l.email""" + (
                           # only a person the register held before can have links already
                           """ WHERE NOT EXISTS (SELECT 1 FROM contact_purpose cp
                                             WHERE cp.contact_id = c.id AND cp.purpose = l.purpose)""" if existing
                           else "")).fetchall()[0][0]
            cur.execute("RESET preserve_insertion_order")
        cur.execute(f"DROP {links_kind} IF EXISTS kp_import_links")
        for t in ("kp_import_skip", "kp_import_again", "kp_import_people"):
            cur.execute(f"DROP TABLE IF EXISTS {t}")
        cur.execute(f"DROP {go_kind} IF EXISTS kp_import_go")
    finally:
        cur.unregister("kp_import_ok")
    return {"people": new_people, "new_links": new_links, "merged": rows_go - new_people,
            "suppressed": skipped.get("suppressed", 0), "restricted": skipped.get("restricted", 0),
            "classification": tuple(sorted((b, by, n) for (b, by), n in classification.items())),
            "classified_rows": classified, "suppressed_by_purpose": suppressed_by_purpose}


class _Rows(Sequence):
    """An Arrow table read as a tuple of row tuples, made on first use (a million Python tuples
    cost more than the import's merge when nobody asks for them); equal to the same tuple."""

    def __init__(self, table):
        self._table, self._rows = table, None

    def _all(self) -> tuple:
        if self._rows is None:
            cols = [c.to_pylist() for c in self._table.columns]
            self._rows = tuple(zip(*cols)) if cols else ()
        return self._rows

    def __len__(self) -> int:
        return self._table.num_rows

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other) -> bool:
        return self._all() == (tuple(other) if isinstance(other, (Sequence, _Rows)) else other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"
