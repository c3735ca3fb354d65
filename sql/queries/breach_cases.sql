-- Breach cases (issue 15): facts, assessments, notifications, controllers, people, sub-processor changes.

-- name: breach_case_get
SELECT * FROM breach_case WHERE breach_id = $id;

-- name: breach_assessments
SELECT * FROM breach_assessment WHERE breach_id = $id ORDER BY assessed_at DESC, id DESC;

-- name: breach_assessment_latest
SELECT * FROM breach_assessment WHERE breach_id = $id ORDER BY assessed_at DESC, id DESC LIMIT 1;

-- name: breach_notifications
SELECT * FROM breach_notification WHERE breach_id = $id ORDER BY version;

-- name: breach_notification_count
SELECT count(*) FROM breach_notification WHERE breach_id = $id;

-- name: breach_notification_last
SELECT * FROM breach_notification WHERE breach_id = $id ORDER BY version DESC LIMIT 1;

-- name: breach_controllers
SELECT bc.*, cu.name AS customer_name, cu.contact_name, cu.contact_email, cu.dpo_name AS customer_dpo_name,
       cu.dpo_email AS customer_dpo_email, e.system, e.agreement_ref,
       coalesce(t.nis2_in_scope, false) AS nis2_in_scope
FROM breach_controller bc
JOIN customer cu ON cu.id = bc.customer_id
JOIN processor_engagement e ON e.id = bc.engagement_id
LEFT JOIN engagement_terms t ON t.engagement_id = bc.engagement_id
WHERE bc.breach_id = $id
ORDER BY bc.due_at, cu.name, bc.engagement_id;

-- name: breach_people
SELECT bp.*, c.name, c.email FROM breach_person bp LEFT JOIN contact c ON c.id = bp.contact_id
WHERE bp.breach_id = $id ORDER BY bp.contact_id;

-- name: breach_people_count
SELECT count(*) FROM breach_person WHERE breach_id = $id;

-- name: breach_people_untold
SELECT count(*) FROM breach_person WHERE breach_id = $id AND told_at IS NULL;

-- name: breach_people_last_told
SELECT max(told_at) FROM breach_person WHERE breach_id = $id;

-- name: engagement_terms_get
SELECT e.id AS engagement_id, e.customer_id, e.system, e.status, cu.name AS customer_name,
       t.breach_notice_hours, t.objection_days, coalesce(t.nis2_in_scope, false) AS nis2_in_scope
FROM processor_engagement e JOIN customer cu ON cu.id = e.customer_id
LEFT JOIN engagement_terms t ON t.engagement_id = e.id
WHERE e.id = $id;

-- name: engagement_terms_all
SELECT e.id AS engagement_id, e.customer_id, e.system, e.status, e.authorisation, cu.name AS customer_name,
       t.breach_notice_hours, t.objection_days, coalesce(t.nis2_in_scope, false) AS nis2_in_scope
FROM processor_engagement e JOIN customer cu ON cu.id = e.customer_id
LEFT JOIN engagement_terms t ON t.engagement_id = e.id
ORDER BY cu.name, e.id;

-- name: breach_controllers_all
SELECT bc.*, cu.name AS customer_name, e.system FROM breach_controller bc
JOIN customer cu ON cu.id = bc.customer_id JOIN processor_engagement e ON e.id = bc.engagement_id
ORDER BY bc.breach_id, bc.due_at;

-- name: subprocessor_changes
SELECT * FROM subprocessor_change ORDER BY effective_on DESC, id DESC;

-- name: subprocessor_change_get
SELECT * FROM subprocessor_change WHERE id = $id;

-- name: subprocessor_notices
SELECT n.*, cu.name AS customer_name, cu.contact_name, cu.contact_email, e.system, e.agreement_ref, e.authorisation
FROM subprocessor_notice n JOIN customer cu ON cu.id = n.customer_id
JOIN processor_engagement e ON e.id = n.engagement_id
WHERE n.change_id = $id ORDER BY cu.name, n.engagement_id;

-- name: subprocessor_notices_all
SELECT n.*, cu.name AS customer_name, e.system, c.subprocessor, c.effective_on
FROM subprocessor_notice n JOIN customer cu ON cu.id = n.customer_id
JOIN processor_engagement e ON e.id = n.engagement_id JOIN subprocessor_change c ON c.id = n.change_id
ORDER BY n.change_id, cu.name;

-- name: breach_controller_count
SELECT count(*) FROM breach_controller WHERE breach_id = $id;

-- name: breach_controller_untold
SELECT count(*) FROM breach_controller WHERE breach_id = $id AND notified_at IS NULL;

-- name: breach_controller_last_told
SELECT max(notified_at) FROM breach_controller WHERE breach_id = $id;

-- name: breach_controller_get
SELECT * FROM breach_controller WHERE breach_id = $id AND engagement_id = $engagement;

-- name: subprocessor_notice_get
SELECT * FROM subprocessor_notice WHERE change_id = $id AND engagement_id = $engagement;
