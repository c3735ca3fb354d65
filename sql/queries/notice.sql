-- The privacy notice (tietosuojaseloste): the register facts behind each section, the
-- DPO's edits of those facts, and the published versions. None of these touch contacts
-- or web visits: the notice is about the register's rules, not about its people.

-- name: notice_controller
SELECT name, street, postcode, city, email, phone, business_id, dpo_name, dpo_email, dpo_phone, updated_at
FROM controller WHERE id = 1;

-- name: notice_statements
SELECT key, body, confirmed, updated_at FROM statement WHERE lang = $lang ORDER BY key;

-- name: notice_statement_langs
SELECT key, lang, body, confirmed FROM statement WHERE key = $key ORDER BY lang;

-- name: notice_purposes
SELECT p.key, p.sort, p.name_fi, p.name_en, p.group_fi, p.group_en, p.subjects_fi, p.subjects_en,
       p.legal_basis, p.legitimate_interest_fi, p.legitimate_interest_en, p.basis_confirmed,
       p.retention_days, p.retention_fi, p.retention_en, p.retention_confirmed,
       p.retention_anchor, p.retention_months,
       p.provision_fi, p.provision_en, p.direct_marketing,
       p.name_sv, p.group_sv, p.subjects_sv, p.legitimate_interest_sv, p.retention_sv, p.provision_sv,
       coalesce(p.sv_confirmed, false) AS sv_confirmed,
       coalesce(list(dc.name_fi ORDER BY dc.sort) FILTER (WHERE dc.key IS NOT NULL), []) AS categories_fi,
       coalesce(list(dc.name_en ORDER BY dc.sort) FILTER (WHERE dc.key IS NOT NULL), []) AS categories_en,
       -- a category without its Swedish name is left out here; completeness counts it as missing
       coalesce(list(dc.name_sv ORDER BY dc.sort) FILTER (WHERE dc.key IS NOT NULL AND dc.name_sv IS NOT NULL), []) AS categories_sv,
       count(dc.key) FILTER (WHERE dc.name_sv IS NULL) AS categories_without_sv
FROM purpose p
LEFT JOIN purpose_category pc ON pc.purpose = p.key
LEFT JOIN data_category dc ON dc.key = pc.category
GROUP BY ALL
ORDER BY p.sort, p.key;

-- name: notice_purpose
SELECT * FROM purpose WHERE key = $key;

-- name: notice_sources
SELECT key, sort, name_fi, name_en, description_fi, description_en, publicly_available, from_subject,
       name_sv, description_sv, coalesce(sv_confirmed, false) AS sv_confirmed
FROM source ORDER BY sort, key;

-- name: notice_source
SELECT * FROM source WHERE key = $key;

-- name: notice_processor_role_categories
SELECT dc.key, dc.name_fi, dc.name_en, dc.name_sv
FROM processor_role_category prc JOIN data_category dc ON dc.key = prc.category
ORDER BY prc.rowid;  -- the order the DPO entered them (the seed notice's order)

-- name: notice_recipients
SELECT r.id, r.name, r.name_sv, r.name_en, r.role_fi, r.role_en, r.is_processor, r.country, r.outside_eea,
       r.safeguard_fi, r.safeguard_en, r.confirmed,
       r.role_sv, r.safeguard_sv, coalesce(r.sv_confirmed, false) AS sv_confirmed,
       coalesce(list(rp.purpose ORDER BY p.sort) FILTER (WHERE rp.purpose IS NOT NULL), []) AS purposes,
       coalesce(list(p.name_fi ORDER BY p.sort) FILTER (WHERE rp.purpose IS NOT NULL), []) AS purposes_fi,
       coalesce(list(p.name_en ORDER BY p.sort) FILTER (WHERE rp.purpose IS NOT NULL), []) AS purposes_en,
       coalesce(list(p.name_sv ORDER BY p.sort) FILTER (WHERE rp.purpose IS NOT NULL), []) AS purposes_sv
FROM recipient r
LEFT JOIN recipient_use rp ON rp.recipient_id = r.id
LEFT JOIN purpose p ON p.key = rp.purpose
GROUP BY ALL
ORDER BY r.id;

-- name: notice_recipient
SELECT * FROM recipient WHERE id = $id;

-- name: notice_next_recipient_id
SELECT coalesce(max(id), 0) + 1 FROM recipient;

-- name: notice_setting
SELECT value FROM setting WHERE key = $key;

-- name: notice_set_setting
INSERT OR REPLACE INTO setting (key, value) VALUES ($key, $value);

-- name: notice_update_controller
UPDATE controller SET name = $name, street = $street, postcode = $postcode, city = $city, email = $email,
    phone = $phone, business_id = $business_id, dpo_name = $dpo_name, dpo_email = $dpo_email,
    dpo_phone = $dpo_phone, updated_at = current_timestamp
WHERE id = 1;

-- name: notice_update_statement
UPDATE statement SET body = $body, confirmed = $confirmed, updated_at = current_timestamp
WHERE key = $key AND lang = $lang;

-- name: notice_insert_statement
INSERT INTO statement (key, lang, body, confirmed) VALUES ($key, $lang, $body, $confirmed);

-- name: notice_confirm_statement
UPDATE statement SET confirmed = true, updated_at = current_timestamp
WHERE key = $key AND lang = coalesce($lang, lang) AND NOT confirmed;

-- name: notice_update_purpose
UPDATE purpose SET legal_basis = $legal_basis, legitimate_interest_fi = $legitimate_interest_fi,
    legitimate_interest_en = $legitimate_interest_en, basis_confirmed = $basis_confirmed,
    retention_anchor = $retention_anchor, retention_months = $retention_months,
    retention_fi = $retention_fi, retention_en = $retention_en,
    retention_confirmed = $retention_confirmed, provision_fi = $provision_fi, provision_en = $provision_en,
    direct_marketing = $direct_marketing,
    name_sv = $name_sv, group_sv = $group_sv, subjects_sv = $subjects_sv,
    legitimate_interest_sv = $legitimate_interest_sv, retention_sv = $retention_sv, provision_sv = $provision_sv,
    sv_confirmed = $sv_confirmed
WHERE key = $key;

-- name: notice_update_source
UPDATE source SET description_fi = $description_fi, description_en = $description_en,
    publicly_available = $publicly_available, name_sv = $name_sv, description_sv = $description_sv,
    sv_confirmed = $sv_confirmed
WHERE key = $key;

-- name: notice_insert_recipient
INSERT INTO recipient (id, name, role_fi, role_en, is_processor, country, outside_eea, safeguard_fi, safeguard_en, confirmed,
                       role_sv, safeguard_sv, sv_confirmed, name_sv, name_en)
VALUES ($id, $name, $role_fi, $role_en, $is_processor, $country, $outside_eea, $safeguard_fi, $safeguard_en, $confirmed,
        $role_sv, $safeguard_sv, $sv_confirmed, $name_sv, $name_en);

-- name: notice_update_recipient
UPDATE recipient SET name = $name, role_fi = $role_fi, role_en = $role_en, is_processor = $is_processor,
    country = $country, outside_eea = $outside_eea, safeguard_fi = $safeguard_fi, safeguard_en = $safeguard_en,
    confirmed = $confirmed, role_sv = $role_sv, safeguard_sv = $safeguard_sv, sv_confirmed = $sv_confirmed,
    name_sv = $name_sv, name_en = $name_en
WHERE id = $id;

-- name: notice_recipient_purposes
SELECT purpose FROM recipient_purpose WHERE recipient_id = $id ORDER BY purpose;

-- name: notice_unlink_recipient_purposes
DELETE FROM recipient_purpose WHERE recipient_id = $id;

-- name: notice_unlink_recipient_purpose
DELETE FROM recipient_purpose WHERE recipient_id = $id AND purpose = $purpose;

-- name: notice_link_recipient_purpose
INSERT INTO recipient_purpose (recipient_id, purpose) VALUES ($id, $purpose);

-- name: notice_delete_recipient
DELETE FROM recipient WHERE id = $id;

-- name: notice_versions
SELECT version, lang, published_at, content_hash, length(content) AS chars
FROM notice_version WHERE lang = coalesce($lang, lang)
ORDER BY lang, version DESC;

-- name: notice_version_get
SELECT version, lang, published_at, content_hash, content
FROM notice_version WHERE lang = $lang AND version = $version;

-- name: notice_version_latest
SELECT version, lang, published_at, content_hash, content, facts_hash
FROM notice_version WHERE lang = $lang ORDER BY version DESC LIMIT 1;

-- name: notice_version_insert
INSERT INTO notice_version (version, lang, published_at, content_hash, content, facts_hash)
VALUES ($version, $lang, $published_at, $content_hash, $content, $facts_hash);
