-- Queries about the register as a whole: the controller, its purposes, sources, counts.

-- name: controller
SELECT * FROM controller WHERE id = 1;

-- name: statements
SELECT key, lang, body, confirmed FROM statement WHERE lang = $lang ORDER BY key;

-- name: purposes
SELECT * FROM purpose ORDER BY sort, key;

-- name: purpose_categories
SELECT pc.purpose, dc.key AS category, dc.name_fi, dc.name_sv, dc.name_en
FROM purpose_category pc JOIN data_category dc ON dc.key = pc.category
ORDER BY pc.purpose, dc.sort;

-- name: sources
SELECT * FROM source ORDER BY sort, key;

-- name: data_categories
SELECT * FROM data_category ORDER BY sort;

-- name: settings
SELECT key, value FROM setting ORDER BY key;

-- name: register_counts
SELECT
    (SELECT count(*) FROM contact) AS contacts,
    (SELECT count(*) FROM contact_purpose) AS purpose_links,
    (SELECT count(*) FROM web_visit) AS web_visits,
    (SELECT count(*) FROM subject_request WHERE status NOT IN ('completed', 'refused')) AS open_requests,
    -- awaiting identity: the clock is paused (Art. 12(6)), so never overdue
    (SELECT count(*) FROM subject_request WHERE status NOT IN ('completed', 'refused', 'awaiting_identity') AND due_on < current_date) AS overdue_requests,
    (SELECT count(*) FROM processor_engagement WHERE status = 'active') AS active_engagements,
    (SELECT count(*) FROM breach) AS breaches,
    (SELECT count(*) FROM audit_log) AS audit_events;

-- name: overview_counts
-- register_counts without the audit log's count: the overview shows none, and a read of the
-- audit log is made again after every event (a sign-in, a person viewed), a million rows apart.
SELECT
    (SELECT count(*) FROM contact) AS contacts,
    (SELECT count(*) FROM contact_purpose) AS purpose_links,
    (SELECT count(*) FROM web_visit) AS web_visits,
    (SELECT count(*) FROM subject_request WHERE status NOT IN ('completed', 'refused')) AS open_requests,
    -- awaiting identity: the clock is paused (Art. 12(6)), so never overdue
    (SELECT count(*) FROM subject_request WHERE status NOT IN ('completed', 'refused', 'awaiting_identity') AND due_on < current_date) AS overdue_requests,
    (SELECT count(*) FROM processor_engagement WHERE status = 'active') AS active_engagements,
    (SELECT count(*) FROM breach) AS breaches;

-- name: contacts_per_purpose
-- Purposes that hold people by name (web analytics holds visits, shown apart).
SELECT p.key AS purpose, p.name_fi, p.name_sv, p.name_en, count(cp.contact_id) AS contacts
FROM purpose p LEFT JOIN contact_purpose cp ON cp.purpose = p.key
WHERE p.key IN (SELECT purpose FROM purpose_category WHERE category IN ('email', 'phone', 'name'))
GROUP BY ALL ORDER BY min(p.sort);

-- name: count_contacts
SELECT count(*) FROM contact;
