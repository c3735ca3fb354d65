-- Compliance findings, quarterly figures, the breach register and the Art. 30(1) record.
-- Every finding query is set-based: contact rules aggregate per purpose or category
-- (a million contacts give a handful of rows, each with a count and the first ids).

-- name: setting_value
SELECT value FROM setting WHERE key = $key;

-- name: finding_requests_due
-- Open requests due within $days days or overdue. While identity is awaited the clock
-- is paused (Art. 12(6)) and due_on is not yet final, so those are left out.
SELECT id, type, status, received_on, due_on, (due_on - $today::DATE)::INT AS days_left
FROM subject_request
WHERE status IN ('received', 'in_progress', 'extended')
  AND due_on <= $today::DATE + $days::INT
ORDER BY due_on, id;

-- name: finding_extensions_without_reason
SELECT id, type, status, extended_on
FROM subject_request
WHERE extended_on IS NOT NULL AND (extension_reason IS NULL OR trim(extension_reason) = '')
ORDER BY id;

-- name: finding_categories_not_allowed
-- A category held on a contact row (phone, organisation, title, name, email) that none of
-- the person's purposes allows (Art. 5(1)(c)). One row per category.
WITH pflags AS (
    SELECT p.key AS purpose,
           coalesce(bool_or(pc.category = 'phone'), false) AS phone_ok,
           coalesce(bool_or(pc.category = 'email'), false) AS email_ok,
           coalesce(bool_or(pc.category = 'name'), false) AS name_ok,
           coalesce(bool_or(pc.category = 'organisation'), false) AS organisation_ok,
           coalesce(bool_or(pc.category = 'title'), false) AS title_ok
    FROM purpose p LEFT JOIN purpose_category pc ON pc.purpose = p.key
    GROUP BY p.key
), allowed AS (
    SELECT cp.contact_id, bool_or(phone_ok) AS phone_ok, bool_or(email_ok) AS email_ok,
           bool_or(name_ok) AS name_ok, bool_or(organisation_ok) AS organisation_ok, bool_or(title_ok) AS title_ok
    FROM contact_purpose cp JOIN pflags f ON f.purpose = cp.purpose
    GROUP BY cp.contact_id
), held AS (
    SELECT c.id, unnest([
        CASE WHEN c.phone IS NOT NULL AND NOT a.phone_ok THEN 'phone' END,
        CASE WHEN NOT a.email_ok THEN 'email' END,
        CASE WHEN NOT a.name_ok THEN 'name' END,
        CASE WHEN c.organisation IS NOT NULL AND NOT a.organisation_ok THEN 'organisation' END,
        CASE WHEN c.title IS NOT NULL AND NOT a.title_ok THEN 'title' END]) AS category
    FROM contact c JOIN allowed a ON a.contact_id = c.id
    WHERE (c.phone IS NOT NULL AND NOT a.phone_ok) OR NOT a.email_ok OR NOT a.name_ok
       OR (c.organisation IS NOT NULL AND NOT a.organisation_ok) OR (c.title IS NOT NULL AND NOT a.title_ok)
)
SELECT h.category, dc.name_fi, dc.name_sv, dc.name_en, count(*) AS people, min(h.id, 10) AS sample_ids
FROM held h JOIN data_category dc ON dc.key = h.category
WHERE h.category IS NOT NULL
GROUP BY ALL ORDER BY min(dc.sort);

-- name: finding_contacts_without_purpose
SELECT count(*) AS people, min(c.id, 10) AS sample_ids
FROM contact c
WHERE NOT EXISTS (SELECT 1 FROM contact_purpose cp WHERE cp.contact_id = c.id)
HAVING count(*) > 0;

-- name: finding_art14_overdue
-- Data from elsewhere whose Art. 14 notice has not reached the person in time: one calendar month,
-- or the first communication if earlier (Art. 14(3)(a)-(b); kpcore.deadlines.art14_due).
SELECT cp.purpose, p.name_fi, p.name_sv, p.name_en, cp.source, s.name_fi AS source_fi, s.name_sv AS source_sv,
       s.name_en AS source_en,
       count(*) AS people, min(cp.collected_on) AS oldest, min(cp.contact_id, 10) AS sample_ids
FROM contact_purpose cp
JOIN source s ON s.key = cp.source
JOIN purpose p ON p.key = cp.purpose
WHERE NOT s.from_subject AND cp.notice_sent_on IS NULL
  AND least(CAST(cp.collected_on + INTERVAL 1 MONTH AS DATE), coalesce(cp.first_communication_on, DATE '9999-12-31')) < $today::DATE
GROUP BY ALL ORDER BY min(p.sort), min(s.sort);

-- name: finding_engagements
-- Every engagement with what Art. 28 asks of it: the agreement, its clauses ($clauses:
-- the required keys), the end decision and the accesses.
SELECT e.id, e.customer_id, cu.name AS customer, e.system, e.status, e.starts_on, e.ends_on,
       e.agreement_ref, e.agreement_signed_on, e.end_decision,
       (e.status = 'ended' OR (e.ends_on IS NOT NULL AND e.ends_on < $today::DATE)) AS has_ended,
       (SELECT list(k ORDER BY k) FROM unnest(CAST($clauses AS TEXT[])) t(k)
         WHERE NOT EXISTS (SELECT 1 FROM agreement_clause ac
                           WHERE ac.engagement_id = e.id AND ac.clause = t.k AND ac.present)) AS missing_clauses,
       (SELECT count(*) FROM processor_access a
         WHERE a.engagement_id = e.id AND (a.ticket_ref IS NULL OR trim(a.ticket_ref) = '')) AS accesses_without_request,
       (SELECT min(a.id, 10) FROM processor_access a
         WHERE a.engagement_id = e.id AND (a.ticket_ref IS NULL OR trim(a.ticket_ref) = '')) AS access_ids_without_request,
       (SELECT count(*) FROM processor_access a
         WHERE a.engagement_id = e.id
           AND (a.accessed_at::DATE < e.starts_on OR (e.ends_on IS NOT NULL AND a.accessed_at::DATE > e.ends_on))) AS accesses_outside
FROM processor_engagement e JOIN customer cu ON cu.id = e.customer_id
ORDER BY e.id;

-- name: breach_list
SELECT b.*, cu.name AS customer_name
FROM breach b LEFT JOIN customer cu ON cu.id = b.customer_id
ORDER BY b.aware_at DESC, b.id DESC;

-- name: breach_get
SELECT b.*, cu.name AS customer_name
FROM breach b LEFT JOIN customer cu ON cu.id = b.customer_id
WHERE b.id = $id;

-- name: customer_exists
SELECT count(*) FROM customer WHERE id = $id;

-- name: customers_brief
SELECT id, name FROM customer ORDER BY name;

-- name: quarter_requests
-- Per type and in total (type NULL): received, closed, on time, days to answer, and the
-- requests open and overdue at the quarter's end ($start..$end, both inclusive).
WITH t AS (SELECT unnest(['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection']) AS type),
r AS (
    SELECT r.*,
           r.answered_on IS NOT NULL AND r.answered_on BETWEEN $start AND $end AS closed_in,
           r.received_on <= $end::DATE
             AND NOT (r.answered_on IS NOT NULL AND r.answered_on <= $end::DATE)
             AND NOT (r.answered_on IS NULL AND r.status IN ('completed', 'refused')) AS open_at_end
    FROM subject_request r
)
SELECT t.type,
       count(r.id) FILTER (WHERE r.received_on BETWEEN $start AND $end) AS received,
       count(r.id) FILTER (WHERE r.closed_in) AS closed,
       count(r.id) FILTER (WHERE r.closed_in AND r.answered_on <= r.due_on) AS on_time,
       median(r.answered_on - r.received_on) FILTER (WHERE r.closed_in) AS median_days,
       count(r.id) FILTER (WHERE r.open_at_end) AS open_at_end,
       count(r.id) FILTER (WHERE r.open_at_end AND r.due_on < $end::DATE) AS overdue_at_end
FROM t LEFT JOIN r ON r.type = t.type
GROUP BY ROLLUP (t.type)
ORDER BY t.type NULLS LAST;

-- name: quarter_contacts_added
SELECT cp.purpose, cp.source, count(*) AS added
FROM contact_purpose cp
WHERE cp.created_at >= $start::DATE AND cp.created_at < $end::DATE + 1
GROUP BY ALL ORDER BY ALL;

-- name: quarter_people_added
SELECT count(*) FROM contact WHERE created_at >= $start::DATE AND created_at < $end::DATE + 1;

-- name: quarter_erasures
-- kp:audit-follows-data: person.erase is written in the erasure's own data write, so the
-- data stamp alone keys a cache of this read (kpcore.db.Query._run).
-- Erasures are known from the audit log only: the person is gone. An erasure event counts
-- the people it removed in detail.contacts (an event without the count counts as one).
SELECT action, count(*) AS events,
       sum(coalesce(CASE WHEN json_valid(detail) THEN TRY_CAST(json_extract_string(detail, '$.contacts') AS BIGINT) END, 1))::BIGINT AS people
FROM audit_log
WHERE action IN ('person.erase') AND event_at >= $start::DATE AND event_at < $end::DATE + 1
GROUP BY action ORDER BY action;

-- name: quarter_art14
WITH l AS (SELECT cp.*, least(CAST(cp.collected_on + INTERVAL 1 MONTH AS DATE), coalesce(cp.first_communication_on, DATE '9999-12-31')) AS due_on
           FROM contact_purpose cp JOIN source s ON s.key = cp.source WHERE NOT s.from_subject)
SELECT count(*) FILTER (WHERE notice_sent_on BETWEEN $start AND $end) AS sent,
       count(*) FILTER (WHERE notice_sent_on BETWEEN $start AND $end AND notice_sent_on > due_on) AS sent_late,
       count(*) FILTER (WHERE created_at < $end::DATE + 1
                          AND due_on < $end::DATE
                          AND (notice_sent_on IS NULL OR notice_sent_on > $end::DATE)) AS overdue_at_end
FROM l cp;

-- name: quarter_engagements
WITH e AS (
    SELECT e.*,
           e.status <> 'planned' AND e.starts_on <= $end::DATE AND (e.ends_on IS NULL OR e.ends_on > $end::DATE) AS active_at_end,
           EXISTS (SELECT 1 FROM unnest(CAST($clauses AS TEXT[])) t(k)
                   WHERE NOT EXISTS (SELECT 1 FROM agreement_clause ac
                                     WHERE ac.engagement_id = e.id AND ac.clause = t.k AND ac.present)) AS clauses_missing
    FROM processor_engagement e
)
SELECT count(*) FILTER (WHERE active_at_end) AS active_at_end,
       count(*) FILTER (WHERE starts_on BETWEEN $start AND $end) AS new,
       count(*) FILTER (WHERE ends_on BETWEEN $start AND $end) AS ended,
       count(*) FILTER (WHERE active_at_end AND (agreement_signed_on IS NULL OR agreement_signed_on > $end::DATE)) AS without_agreement,
       count(*) FILTER (WHERE active_at_end AND agreement_signed_on <= $end::DATE AND clauses_missing) AS missing_clauses,
       count(*) FILTER (WHERE ends_on <= $end::DATE AND (end_decision_on IS NULL OR end_decision_on > $end::DATE)) AS ended_without_decision,
       (SELECT count(*) FROM processor_access a
         WHERE a.accessed_at >= $start::DATE AND a.accessed_at < $end::DATE + 1) AS accesses,
       (SELECT count(*) FROM processor_access a
         WHERE a.accessed_at >= $start::DATE AND a.accessed_at < $end::DATE + 1
           AND (a.ticket_ref IS NULL OR trim(a.ticket_ref) = '')) AS accesses_without_request
FROM e;

-- name: quarter_breaches
SELECT b.id, b.aware_at, b.occurred_at, b.risk, b.notify, b.authority_notified_at, b.delay_reason,
       b.subjects_informed_at, b.processor_role, b.customer_informed_at, b.approx_subjects,
       b.aware_at + INTERVAL 72 HOUR AS deadline_at
FROM breach b
WHERE b.aware_at >= $start::DATE AND b.aware_at < $end::DATE + 1
ORDER BY b.aware_at, b.id;

-- name: quarter_report_get
SELECT quarter, issued_at, figures FROM quarter_report WHERE quarter = $quarter;

-- name: quarter_reports
SELECT quarter, issued_at FROM quarter_report ORDER BY quarter DESC;

-- name: quarter_report_insert
INSERT INTO quarter_report (quarter, figures) VALUES ($quarter, $figures);

-- name: record_purposes
-- The Art. 30(1) record, one row per purpose: categories of data and recipients as lists, in $lang
-- (Swedish: the Finnish where the register has no Swedish yet).
SELECT p.*,
       (SELECT list(CASE $lang WHEN 'en' THEN dc.name_en WHEN 'sv' THEN coalesce(dc.name_sv, dc.name_fi) ELSE dc.name_fi END ORDER BY dc.sort)
          FROM purpose_category pc JOIN data_category dc ON dc.key = pc.category
         WHERE pc.purpose = p.key) AS categories,
       (SELECT list(r.name || ' (' || CASE $lang WHEN 'en' THEN r.role_en WHEN 'sv' THEN coalesce(r.role_sv, r.role_fi) ELSE r.role_fi END || ')' ORDER BY r.id)
          FROM recipient_use rp JOIN recipient r ON r.id = rp.recipient_id
         WHERE rp.purpose = p.key) AS recipients,
       (SELECT list(r.name || ', ' || r.country || ': ' || coalesce(CASE $lang WHEN 'en' THEN r.safeguard_en WHEN 'sv' THEN coalesce(r.safeguard_sv, r.safeguard_fi) ELSE r.safeguard_fi END, '') ORDER BY r.id)
          FROM recipient_use rp JOIN recipient r ON r.id = rp.recipient_id
         WHERE rp.purpose = p.key AND r.outside_eea) AS transfers,
       (SELECT count(*) FROM contact_purpose cp WHERE cp.purpose = p.key) AS people
FROM purpose p
ORDER BY p.sort, p.key;

-- name: record_counts
-- What the record says is held beyond the purposes' people: web visits and their distinct
-- addresses, and the register's own processing (requests, suppression, users, audit trail).
SELECT (SELECT count(*) FROM web_visit) AS visits,
       (SELECT count(DISTINCT ip) FROM web_visit) AS addresses,
       (SELECT count(*) FROM subject_request) AS requests,
       (SELECT count(*) FROM suppression) AS suppression,
       (SELECT count(*) FROM app_user) AS users,
       (SELECT count(*) FROM audit_log) AS audit;

-- name: record_statement
SELECT body, confirmed FROM statement WHERE key = $key AND lang = $lang;

-- name: finding_people_held
-- Does the register hold anyone (a contact or a web visit)? Two EXISTS, not counts.
SELECT EXISTS (SELECT 1 FROM contact) OR EXISTS (SELECT 1 FROM web_visit) AS held;

-- name: inbox_art14_due
-- Art. 14 notices not recorded, due (collected_on + art14_notice_days) within $days days or
-- overdue, per purpose and source; restricted people are not contacted (Art. 18).
WITH due AS (
    SELECT cp.purpose, cp.source,
           cp.collected_on + coalesce((SELECT value::INT FROM setting WHERE key = 'art14_notice_days'), 30) AS due_on
    FROM contact_purpose cp
    JOIN source s ON s.key = cp.source
    JOIN contact c ON c.id = cp.contact_id
    WHERE NOT s.from_subject AND cp.notice_sent_on IS NULL AND NOT c.restricted
)
SELECT d.purpose, p.name_fi, p.name_sv, p.name_en, d.source, s.name_fi AS source_fi, s.name_sv AS source_sv,
       s.name_en AS source_en,
       count(*) AS people, min(d.due_on) AS due_on
FROM due d JOIN purpose p ON p.key = d.purpose JOIN source s ON s.key = d.source
WHERE d.due_on <= $today::DATE + $days::INT
GROUP BY ALL ORDER BY min(d.due_on), min(p.sort), min(s.sort);

-- name: finding_marketing_basis_missing
-- #11: direct-marketing links with no electronic-marketing basis (recorded before bases existed).
SELECT count(DISTINCT cp.contact_id) AS people, list(DISTINCT cp.contact_id ORDER BY cp.contact_id)[1:5] AS sample_ids
FROM contact_purpose cp JOIN purpose p ON p.key = cp.purpose
WHERE p.direct_marketing AND cp.marketing_basis IS NULL;
