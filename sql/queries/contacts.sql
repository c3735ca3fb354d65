-- Contacts: whose data the register holds, why, and where it came from.
-- Lists and exports leave out people whose processing is restricted (Art. 18); the
-- person page and `find` show them, marked, because the DPO must still answer them.

-- name: contacts_by_purpose_source
SELECT p.key AS purpose, s.key AS source, count(cp.contact_id) AS contacts
FROM purpose p CROSS JOIN source s
LEFT JOIN contact_purpose cp ON cp.purpose = p.key AND cp.source = s.key
GROUP BY p.key, s.key, p.sort, s.sort
ORDER BY p.sort, s.sort;

-- name: contacts_by_organisation
-- People with at least one purpose link and their links, per organisation. The links are
-- counted per person id first (an integer key: half the time of grouping by id and name).
SELECT coalesce(c.organisation, '') AS organisation, count(*) AS people, sum(l.links)::BIGINT AS links
FROM contact c
JOIN (SELECT contact_id, count(*) AS links FROM contact_purpose GROUP BY contact_id) l ON l.contact_id = c.id
WHERE NOT c.restricted
GROUP BY 1 ORDER BY people DESC, organisation
LIMIT $limit;

-- name: contacts_restricted_count
SELECT count(*) FROM contact WHERE restricted;

-- name: contact_links_filtered
-- One row per purpose link of a person, filtered; NULL parameters mean "any".
SELECT c.id, c.name, c.email, c.phone, c.organisation, c.title,
       cp.purpose, cp.source, cp.collected_on, cp.notice_sent_on
FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id
WHERE NOT c.restricted
  AND ($purpose IS NULL OR cp.purpose = $purpose)
  AND ($source IS NULL OR cp.source = $source)
  AND ($organisation IS NULL OR c.organisation ILIKE '%' || $organisation || '%')
  AND ($collected_from IS NULL OR cp.collected_on >= $collected_from)
  AND ($collected_to IS NULL OR cp.collected_on <= $collected_to)
  AND ($text IS NULL OR c.name ILIKE '%' || $text || '%' OR c.email ILIKE '%' || $text || '%'
       OR ($phone_digits IS NOT NULL AND c.phone LIKE '%' || $phone_digits || '%'))
ORDER BY c.name, c.id, cp.purpose
LIMIT $limit OFFSET $offset;

-- name: contact_people_filtered
-- One row per person (name order), listing the purpose links the filters select: a person
-- once per row at any number of purposes. Same filters as contact_links_filtered. The page's
-- people are chosen from `contact` (a semi-join on their links), and only their links are then
-- read: 0.13 s instead of 0.5 s at a million people (the contacts view's first visit, issue 16 §6).
WITH page AS (
    SELECT c.id, c.name FROM contact c
    WHERE NOT c.restricted
      AND ($organisation IS NULL OR c.organisation ILIKE '%' || $organisation || '%')
      AND ($text IS NULL OR c.name ILIKE '%' || $text || '%' OR c.email ILIKE '%' || $text || '%'
           OR ($phone_digits IS NOT NULL AND c.phone LIKE '%' || $phone_digits || '%'))
      AND EXISTS (SELECT 1 FROM contact_purpose cp WHERE cp.contact_id = c.id
                    AND ($purpose IS NULL OR cp.purpose = $purpose)
                    AND ($source IS NULL OR cp.source = $source)
                    AND ($collected_from IS NULL OR cp.collected_on >= $collected_from)
                    AND ($collected_to IS NULL OR cp.collected_on <= $collected_to))
    ORDER BY c.name, c.id LIMIT $limit OFFSET $offset
)
SELECT c.id, any_value(c.name) AS name, any_value(c.email) AS email, any_value(c.phone) AS phone,
       any_value(c.organisation) AS organisation, any_value(c.title) AS title,
       list(cp.purpose ORDER BY cp.purpose) AS purposes, list(cp.source ORDER BY cp.purpose) AS sources,
       min(cp.collected_on) AS first_collected,
       count(*) FILTER (WHERE cp.notice_sent_on IS NULL) AS notices_missing
FROM page JOIN contact c ON c.id = page.id
JOIN contact_purpose cp ON cp.contact_id = page.id
WHERE ($purpose IS NULL OR cp.purpose = $purpose)
  AND ($source IS NULL OR cp.source = $source)
  AND ($collected_from IS NULL OR cp.collected_on >= $collected_from)
  AND ($collected_to IS NULL OR cp.collected_on <= $collected_to)
GROUP BY c.id
ORDER BY any_value(c.name), c.id;

-- name: contact_links_filtered_counts
-- The totals of contact_links_filtered (same filters; a window count would sort a million rows).
SELECT count(DISTINCT c.id) AS people, count(*) AS links
FROM contact c JOIN contact_purpose cp ON cp.contact_id = c.id
WHERE NOT c.restricted
  AND ($purpose IS NULL OR cp.purpose = $purpose)
  AND ($source IS NULL OR cp.source = $source)
  AND ($organisation IS NULL OR c.organisation ILIKE '%' || $organisation || '%')
  AND ($collected_from IS NULL OR cp.collected_on >= $collected_from)
  AND ($collected_to IS NULL OR cp.collected_on <= $collected_to)
  AND ($text IS NULL OR c.name ILIKE '%' || $text || '%' OR c.email ILIKE '%' || $text || '%'
       OR ($phone_digits IS NOT NULL AND c.phone LIKE '%' || $phone_digits || '%'));

-- name: contacts_find
-- People matching a text (name, email or phone), restricted ones included and marked.
SELECT c.id, c.name, c.email, c.phone, c.organisation, c.title, c.restricted
FROM contact c
WHERE c.name ILIKE '%' || $text || '%' OR c.email ILIKE '%' || $text || '%'
   OR ($phone_digits IS NOT NULL AND c.phone LIKE '%' || $phone_digits || '%')
ORDER BY c.name, c.id
LIMIT $limit;

-- name: contact_links_of
SELECT cp.contact_id, cp.purpose, cp.source, cp.collected_on, cp.notice_sent_on
FROM contact_purpose cp
WHERE list_contains($ids, cp.contact_id)
ORDER BY cp.contact_id, cp.purpose;

-- name: contact_by_id
SELECT * FROM contact WHERE id = $id;

-- name: contact_person_links
SELECT cp.purpose, p.name_fi AS purpose_fi, p.name_sv AS purpose_sv, p.name_en AS purpose_en,
       cp.source, s.name_fi AS source_fi, s.name_sv AS source_sv, s.name_en AS source_en, s.from_subject,
       cp.collected_on, cp.notice_sent_on, cp.last_contact_on, cp.first_communication_on, cp.source_detail,
       CASE WHEN NOT s.from_subject
            THEN least(CAST(cp.collected_on + INTERVAL 1 MONTH AS DATE), coalesce(cp.first_communication_on, DATE '9999-12-31'))
       END AS notice_due_on
FROM contact_purpose cp JOIN purpose p ON p.key = cp.purpose JOIN source s ON s.key = cp.source
WHERE cp.contact_id = $id
ORDER BY p.sort;

-- name: contact_person_requests
SELECT r.id, r.type, r.status, r.received_on, r.due_on, r.answered_on
FROM request_subject rs JOIN subject_request r ON r.id = rs.request_id
WHERE rs.contact_id = $id
ORDER BY r.received_on DESC, r.id DESC;

-- name: contact_person_audit
SELECT seq, event_at, actor, action, detail
FROM audit_log
WHERE object_type = 'contact' AND object_id = CAST($id AS TEXT)
ORDER BY seq DESC;

-- name: art14_pending
-- Art. 14(3)(a): links collected from elsewhere than the person whose notice has not been
-- recorded; due one calendar month after collection, or at the first communication if earlier
-- (kpcore.deadlines.art14_due: the same date).
SELECT c.id, c.name, c.email, c.organisation, cp.purpose, cp.source, cp.collected_on,
       least(CAST(cp.collected_on + INTERVAL 1 MONTH AS DATE), coalesce(cp.first_communication_on, DATE '9999-12-31')) AS due_on
FROM contact_purpose cp JOIN source s ON s.key = cp.source JOIN contact c ON c.id = cp.contact_id
WHERE NOT s.from_subject AND cp.notice_sent_on IS NULL AND NOT c.restricted
  AND ($overdue_only IS NULL OR NOT $overdue_only
       OR least(CAST(cp.collected_on + INTERVAL 1 MONTH AS DATE), coalesce(cp.first_communication_on, DATE '9999-12-31')) < $today)
ORDER BY due_on, c.id, cp.purpose
LIMIT $limit;

-- name: art14_pending_counts
-- late: notices recorded, but after the month had passed.
SELECT count(*) FILTER (WHERE cp.notice_sent_on IS NULL) AS pending,
       count(*) FILTER (WHERE cp.notice_sent_on IS NULL AND least(CAST(cp.collected_on + INTERVAL 1 MONTH AS DATE), coalesce(cp.first_communication_on, DATE '9999-12-31')) < $today) AS overdue,
       count(*) FILTER (WHERE cp.notice_sent_on > least(CAST(cp.collected_on + INTERVAL 1 MONTH AS DATE), coalesce(cp.first_communication_on, DATE '9999-12-31'))) AS late
FROM contact_purpose cp JOIN source s ON s.key = cp.source JOIN contact c ON c.id = cp.contact_id
WHERE NOT s.from_subject AND NOT c.restricted;

-- name: web_visits_per_day
SELECT CAST(visited_at AS DATE) AS day, count(*) AS visits
FROM web_visit
WHERE visited_at >= $start AND visited_at < $end + INTERVAL 1 DAY
GROUP BY ALL ORDER BY day;

-- name: web_visits_per_page
SELECT page, count(*) AS visits
FROM web_visit
WHERE visited_at >= $start AND visited_at < $end + INTERVAL 1 DAY
GROUP BY ALL ORDER BY visits DESC, page
LIMIT $limit;

-- name: web_truncate_ips
-- IPv4 keeps its first three octets (a.b.c.0), IPv6 its first three groups (/48).
UPDATE web_visit
SET ip = CASE WHEN contains(ip, ':') THEN regexp_extract(ip, '^([0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,2})') || '::'
              ELSE regexp_replace(ip, '\.[0-9]+$', '.0') END,
    ip_truncated = true
WHERE NOT ip_truncated AND visited_at < $cutoff;

-- name: web_full_ip_counts
-- Full (untruncated) addresses by age: none may be older than the setting ip_full_days.
SELECT count(*) FILTER (WHERE NOT ip_truncated) AS full_ips,
       count(*) FILTER (WHERE NOT ip_truncated AND visited_at < $cutoff) AS full_ips_too_old,
       min(visited_at) FILTER (WHERE NOT ip_truncated) AS oldest_full_ip_at
FROM web_visit;

-- name: web_recent_visits
-- Addresses shown are truncated unless the visit is newer than the cutoff.
SELECT visited_at, page, user_agent,
       CASE WHEN ip_truncated OR visited_at < $cutoff THEN
            CASE WHEN contains(ip, ':') THEN regexp_extract(ip, '^([0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,2})') || '::'
                 ELSE regexp_replace(ip, '\.[0-9]+$', '.0') END
            ELSE ip END AS ip
FROM web_visit
ORDER BY visited_at DESC
LIMIT $limit;
