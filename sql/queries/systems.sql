-- The systems map (#12) and the request tasks carried out in it.

-- name: systems_list
SELECT s.id, s.name, s.kind, s.processor_id, s.retention_fi, s.retention_en, s.connector, s.settings,
       s.allow_delete, s.instructions_fi, s.instructions_en, s.confirmed, s.updated_at, s.retention_sv, s.instructions_sv,
       r.name AS processor_name, r.country AS processor_country, r.outside_eea,
       r.safeguard_fi, r.safeguard_en, r.is_processor, r.safeguard_sv,
       coalesce((SELECT list(sp.purpose ORDER BY p.sort) FROM it_system_purpose sp JOIN purpose p ON p.key = sp.purpose
                  WHERE sp.system_id = s.id), []) AS purposes,
       coalesce((SELECT list(p.name_fi ORDER BY p.sort) FROM it_system_purpose sp JOIN purpose p ON p.key = sp.purpose
                  WHERE sp.system_id = s.id), []) AS purpose_names_fi,
       coalesce((SELECT list(p.name_en ORDER BY p.sort) FROM it_system_purpose sp JOIN purpose p ON p.key = sp.purpose
                  WHERE sp.system_id = s.id), []) AS purpose_names_en,
       coalesce((SELECT list(coalesce(p.name_sv, p.name_fi) ORDER BY p.sort) FROM it_system_purpose sp
                  JOIN purpose p ON p.key = sp.purpose WHERE sp.system_id = s.id), []) AS purpose_names_sv,
       coalesce((SELECT list(sc.category ORDER BY dc.sort) FROM it_system_category sc
                   JOIN data_category dc ON dc.key = sc.category WHERE sc.system_id = s.id), []) AS categories,
       coalesce((SELECT bool_or(p.direct_marketing) FROM it_system_purpose sp JOIN purpose p ON p.key = sp.purpose
                  WHERE sp.system_id = s.id), false) AS marketing
FROM it_system s LEFT JOIN recipient r ON r.id = s.processor_id
WHERE $id IS NULL OR s.id = $id
ORDER BY s.kind <> 'register', s.id;

-- name: system_get
-- One system by id or by name (case-insensitive): $id or $name, the other NULL.
SELECT s.id, s.name, s.kind, s.processor_id, s.retention_fi, s.retention_en, s.connector, s.settings,
       s.allow_delete, s.instructions_fi, s.instructions_en, s.confirmed, s.updated_at, s.retention_sv, s.instructions_sv,
       r.name AS processor_name, r.country AS processor_country, r.outside_eea,
       r.safeguard_fi, r.safeguard_en,
       coalesce((SELECT list(sp.purpose ORDER BY sp.purpose) FROM it_system_purpose sp WHERE sp.system_id = s.id), []) AS purposes,
       coalesce((SELECT list(sc.category ORDER BY sc.category) FROM it_system_category sc WHERE sc.system_id = s.id), []) AS categories
FROM it_system s LEFT JOIN recipient r ON r.id = s.processor_id
WHERE s.id = $id OR lower(s.name) = lower($name);

-- name: system_categories_known
SELECT key, kind FROM data_category;

-- name: system_recipient_by_name
SELECT * FROM recipient WHERE lower(name) = lower($name) ORDER BY id LIMIT 1;

-- name: system_insert
INSERT INTO it_system (name, kind, processor_id, retention_fi, retention_en, connector, settings, allow_delete,
                       instructions_fi, instructions_en, confirmed, retention_sv, instructions_sv)
VALUES ($name, $kind, $processor_id, $retention_fi, $retention_en, $connector, $settings, $allow_delete,
        $instructions_fi, $instructions_en, $confirmed, $retention_sv, $instructions_sv)
RETURNING id;

-- name: system_update
UPDATE it_system SET name = $name, kind = $kind, processor_id = $processor_id, retention_fi = $retention_fi,
    retention_en = $retention_en, connector = $connector, settings = $settings, allow_delete = $allow_delete,
    instructions_fi = $instructions_fi, instructions_en = $instructions_en, confirmed = $confirmed,
    retention_sv = $retention_sv, instructions_sv = $instructions_sv, updated_at = current_timestamp
WHERE id = $id;

-- name: system_unlink_purposes
DELETE FROM it_system_purpose WHERE system_id = $id;

-- name: system_link_purpose
INSERT INTO it_system_purpose (system_id, purpose) VALUES ($id, $purpose);

-- name: system_unlink_categories
DELETE FROM it_system_category WHERE system_id = $id;

-- name: system_link_category
INSERT INTO it_system_category (system_id, category) VALUES ($id, $category);

-- name: system_delete
DELETE FROM it_system WHERE id = $id;

-- name: system_open_tasks
SELECT count(*) FROM request_task WHERE system_id = $id AND status = 'open';

-- name: systems_of_recipient
SELECT id, name FROM it_system WHERE processor_id = $id ORDER BY id;

-- name: recipient_use_of
SELECT purpose FROM recipient_use WHERE recipient_id = $id ORDER BY purpose;

-- name: task_request_people
-- The register persons a request concerns, with their purposes (what the tasks go by).
SELECT c.id, c.email, c.phone, c.name,
       (SELECT list(cp.purpose) FROM contact_purpose cp WHERE cp.contact_id = c.id) AS purposes
FROM request_subject rs JOIN contact c ON c.id = rs.contact_id
WHERE rs.request_id = $id ORDER BY c.id;

-- name: tasks_of_request
SELECT t.*, s.kind AS system_kind, s.instructions_fi, s.instructions_en, r.name AS processor_name,
       r.country AS processor_country, r.outside_eea
FROM request_task t LEFT JOIN it_system s ON s.id = t.system_id LEFT JOIN recipient r ON r.id = s.processor_id
WHERE t.request_id = $id
ORDER BY s.kind <> 'register', t.system_id, t.id;

-- name: task_get
SELECT t.*, s.kind AS system_kind, s.instructions_fi, s.instructions_en, r.name AS processor_name,
       r.country AS processor_country, r.outside_eea
FROM request_task t LEFT JOIN it_system s ON s.id = t.system_id LEFT JOIN recipient r ON r.id = s.processor_id
WHERE t.id = $id;

-- name: tasks_open_count
SELECT count(*) FROM request_task WHERE request_id = $id AND status = 'open';

-- name: task_insert
INSERT INTO request_task (request_id, system_id, system_name, action, method)
VALUES ($request_id, $system_id, $system_name, $action, $method)
RETURNING id;

-- name: task_done
UPDATE request_task SET status = 'done', found = $found, match_count = $count, summary = $summary,
    summary_data = $summary_data, findings = $findings, checked_by = $by, checked_at = $at, evidence = $evidence, error = NULL,
    error_data = NULL
WHERE id = $id;

-- name: task_error
-- error: the English message; error_data: its catalog message and parameters (kpcore.connectors.error_data)
UPDATE request_task SET error = $error, error_data = $error_data WHERE id = $id;

-- name: task_not_applicable
UPDATE request_task SET status = 'not_applicable', na_reason = $reason, checked_by = $by, checked_at = $at
WHERE id = $id;

-- (na_reason 'request refused' is said in the reader's language: kpcore.connectors.summary.reason)
-- name: tasks_close_on_refusal
UPDATE request_task SET status = 'not_applicable', na_reason = 'request refused',
    checked_by = $by, checked_at = $at
WHERE request_id = $id AND status = 'open';

-- name: system_categories_named
SELECT key, name_fi, name_sv, name_en FROM data_category WHERE kind = 'ordinary' ORDER BY sort;

-- name: tasks_failed_open
-- Open connector tasks whose last run failed, on open requests (the DPO's inbox).
SELECT t.id, t.request_id, t.system_name FROM request_task t JOIN subject_request r ON r.id = t.request_id
WHERE t.status = 'open' AND t.error IS NOT NULL AND r.status NOT IN ('completed', 'refused')
ORDER BY t.request_id, t.id;
