-- Processor engagements (Art. 28, 30(2)): customers, engagements, their Art. 28(3)
-- clauses and the access log. Flags are computed from these facts in kpcore.processors.

-- name: processor_engagement_overview
-- One row per engagement (or only engagement $id) with the facts its flags are computed
-- from (set-based: the access log is aggregated once, not per engagement).
WITH acc AS (
    SELECT a.engagement_id,
           count(*) AS accesses,
           count(*) FILTER (WHERE a.ticket_ref IS NULL OR trim(a.ticket_ref) = '') AS accesses_without_ticket,
           count(*) FILTER (WHERE e.status = 'planned'
                               OR a.accessed_at::DATE < e.starts_on
                               OR (e.ends_on IS NOT NULL AND a.accessed_at::DATE > e.ends_on)) AS accesses_outside,
           max(a.accessed_at) AS last_access_at
    FROM processor_access a JOIN processor_engagement e ON e.id = a.engagement_id
    WHERE $id IS NULL OR a.engagement_id = $id
    GROUP BY a.engagement_id
), cl AS (
    SELECT engagement_id,
           list(clause ORDER BY clause) FILTER (WHERE present) AS clauses_yes,
           list(clause ORDER BY clause) FILTER (WHERE NOT present) AS clauses_no
    FROM agreement_clause WHERE $id IS NULL OR engagement_id = $id GROUP BY engagement_id
), cat AS (
    SELECT engagement_id, list(category ORDER BY category) AS categories
    FROM engagement_category WHERE $id IS NULL OR engagement_id = $id GROUP BY engagement_id
)
SELECT e.id, e.customer_id, c.name AS customer, e.system, e.vendor, e.service_fi, e.service_sv, e.service_en,
       e.agreement_ref, e.agreement_signed_on, e.starts_on, e.ends_on, e.status,
       e.end_decision, e.end_decision_on,
       coalesce(acc.accesses, 0) AS accesses,
       coalesce(acc.accesses_without_ticket, 0) AS accesses_without_ticket,
       coalesce(acc.accesses_outside, 0) AS accesses_outside,
       acc.last_access_at,
       coalesce(cl.clauses_yes, []) AS clauses_yes,
       coalesce(cl.clauses_no, []) AS clauses_no,
       coalesce(cat.categories, []) AS categories
FROM processor_engagement e
JOIN customer c ON c.id = e.customer_id
LEFT JOIN acc ON acc.engagement_id = e.id
LEFT JOIN cl ON cl.engagement_id = e.id
LEFT JOIN cat ON cat.engagement_id = e.id
WHERE $id IS NULL OR e.id = $id
ORDER BY CASE e.status WHEN 'active' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END, c.name, e.system, e.id;

-- name: processor_engagement
SELECT e.*, c.name AS customer, c.business_id AS customer_business_id, c.address AS customer_address,
       c.contact_name AS customer_contact_name, c.contact_email AS customer_contact_email,
       c.dpo_name AS customer_dpo_name, c.dpo_email AS customer_dpo_email
FROM processor_engagement e JOIN customer c ON c.id = e.customer_id
WHERE e.id = $id;

-- name: processor_engagement_exists
SELECT count(*) FROM processor_engagement WHERE id = $id;

-- name: processor_engagement_categories
SELECT dc.key AS category, dc.name_fi, dc.name_sv, dc.name_en
FROM engagement_category ec JOIN data_category dc ON dc.key = ec.category
WHERE ec.engagement_id = $id
ORDER BY dc.sort;

-- name: processor_engagement_clauses
SELECT clause, present FROM agreement_clause WHERE engagement_id = $id ORDER BY clause;

-- name: processor_access_log
-- An engagement's access log, newest first, each access with its own two flags.
SELECT a.id, a.engagement_id, a.accessed_at, a.staff, a.ticket_ref, a.reason, a.action, a.logged_at,
       (a.ticket_ref IS NULL OR trim(a.ticket_ref) = '') AS without_ticket,
       (e.status = 'planned'
        OR a.accessed_at::DATE < e.starts_on
        OR (e.ends_on IS NOT NULL AND a.accessed_at::DATE > e.ends_on)) AS outside_engagement
FROM processor_access a JOIN processor_engagement e ON e.id = a.engagement_id
WHERE a.engagement_id = $id
ORDER BY a.accessed_at DESC, a.id DESC
LIMIT $limit;

-- name: processor_access_by_id
SELECT * FROM processor_access WHERE id = $id;

-- name: processor_access_set_ticket
UPDATE processor_access SET ticket_ref = $ticket_ref WHERE id = $id;

-- name: processor_access_count
SELECT count(*) FROM processor_access WHERE engagement_id = $id;

-- name: processor_role_categories
SELECT dc.key AS category, dc.name_fi, dc.name_sv, dc.name_en
FROM processor_role_category p JOIN data_category dc ON dc.key = p.category
ORDER BY dc.sort;

-- name: processor_category_lookup
-- Every data category with its kind and aliases, for resolving what a user typed.
SELECT key, kind, name_fi, name_sv, name_en, aliases FROM data_category ORDER BY sort;

-- name: customers
SELECT * FROM customer ORDER BY name;

-- name: customer_by_name
SELECT * FROM customer WHERE lower(trim(name)) = lower(trim($name));

-- name: customer_by_id
SELECT * FROM customer WHERE id = $id;

-- name: customer_insert
INSERT INTO customer (name, business_id, address, contact_name, contact_email, dpo_name, dpo_email)
VALUES ($name, $business_id, $address, $contact_name, $contact_email, $dpo_name, $dpo_email)
RETURNING id;

-- name: customer_update
UPDATE customer SET
    business_id = $business_id, address = $address, contact_name = $contact_name,
    contact_email = $contact_email, dpo_name = $dpo_name, dpo_email = $dpo_email
WHERE id = $id;

-- name: processor_engagement_insert
INSERT INTO processor_engagement (customer_id, system, vendor, service_fi, service_en, subjects_fi, subjects_en,
    agreement_ref, agreement_signed_on, agreement_location, authorisation, authorised_by, authorised_on,
    transfers_fi, transfers_en, security_fi, security_en, starts_on, ends_on, status, role, engaged_by,
    engaged_by_contact, service_sv, subjects_sv, transfers_sv, security_sv)
VALUES ($customer_id, $system, $vendor, $service_fi, $service_en, $subjects_fi, $subjects_en,
    $agreement_ref, $agreement_signed_on, $agreement_location, $authorisation, $authorised_by, $authorised_on,
    $transfers_fi, $transfers_en, $security_fi, $security_en, $starts_on, $ends_on, $status, $role, $engaged_by,
    $engaged_by_contact, $service_sv, $subjects_sv, $transfers_sv, $security_sv)
RETURNING id;

-- name: processor_engagement_update
UPDATE processor_engagement SET
    system = $system, vendor = $vendor, service_fi = $service_fi, service_en = $service_en,
    subjects_fi = $subjects_fi, subjects_en = $subjects_en,
    agreement_ref = $agreement_ref, agreement_signed_on = $agreement_signed_on,
    agreement_location = $agreement_location, authorisation = $authorisation,
    authorised_by = $authorised_by, authorised_on = $authorised_on,
    transfers_fi = $transfers_fi, transfers_en = $transfers_en,
    security_fi = $security_fi, security_en = $security_en,
    starts_on = $starts_on, ends_on = $ends_on, status = $status,
    role = $role, engaged_by = $engaged_by, engaged_by_contact = $engaged_by_contact,
    service_sv = $service_sv, subjects_sv = $subjects_sv, transfers_sv = $transfers_sv, security_sv = $security_sv
WHERE id = $id;

-- name: processor_engagement_end
UPDATE processor_engagement SET status = 'ended', ends_on = $ends_on,
    end_decision = $end_decision, end_decision_on = $end_decision_on
WHERE id = $id;

-- name: processor_engagement_category_insert
INSERT INTO engagement_category (engagement_id, category) VALUES ($id, $category);

-- name: processor_engagement_categories_clear
DELETE FROM engagement_category WHERE engagement_id = $id;

-- name: processor_clause_upsert
INSERT INTO agreement_clause (engagement_id, clause, present) VALUES ($id, $clause, $present)
ON CONFLICT (engagement_id, clause) DO UPDATE SET present = excluded.present;

-- name: processor_clause_delete
DELETE FROM agreement_clause WHERE engagement_id = $id AND clause = $clause;

-- name: processor_access_insert
INSERT INTO processor_access (engagement_id, accessed_at, staff, ticket_ref, reason, action)
VALUES ($id, $accessed_at, $staff, $ticket_ref, $reason, $action)
RETURNING id;

-- name: processor_record_customers
-- Art. 30(2): every controller KuntaPlus processes for, with its contact details.
SELECT c.*, count(e.id) AS engagements,
       count(e.id) FILTER (WHERE e.status = 'active') AS active_engagements
FROM customer c LEFT JOIN processor_engagement e ON e.customer_id = c.id
GROUP BY ALL
ORDER BY c.name;

-- name: processor_record_engagements
SELECT e.*, c.name AS customer
FROM processor_engagement e JOIN customer c ON c.id = e.customer_id
ORDER BY c.name, CASE e.status WHEN 'active' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END, e.starts_on, e.id;

-- name: processor_record_categories
SELECT ec.engagement_id, dc.key AS category, dc.name_fi, dc.name_en, coalesce(dc.name_sv, dc.name_fi) AS name_sv
FROM engagement_category ec JOIN data_category dc ON dc.key = ec.category
ORDER BY ec.engagement_id, dc.sort;

-- name: processor_statement
SELECT body, confirmed FROM statement WHERE key = $key AND lang = $lang;
