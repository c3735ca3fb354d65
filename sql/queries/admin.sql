-- Users, audit log, retention: the register's own administration.

-- name: user_exists
SELECT count(*) > 0 FROM app_user WHERE name = $name;

-- name: user_count
SELECT count(*) FROM app_user WHERE NOT disabled;

-- name: user_insert
INSERT INTO app_user (name, role, password_hash) VALUES ($name, $role, $password_hash);

-- name: user_set_password
UPDATE app_user SET password_hash = $password_hash, failed_count = 0, locked_until = NULL WHERE name = $name;

-- name: user_set_disabled
UPDATE app_user SET disabled = $disabled WHERE name = $name;

-- name: user_list
SELECT name, role, disabled, failed_count, locked_until, created_at FROM app_user ORDER BY name;

-- name: user_get
SELECT name, role, disabled FROM app_user WHERE name = $name;

-- name: user_auth
SELECT name, role, password_hash, disabled, failed_count, locked_until FROM app_user WHERE name = $name;

-- name: user_signin_ok
UPDATE app_user SET failed_count = 0, locked_until = NULL WHERE name = $name;

-- name: user_signin_failed
UPDATE app_user SET failed_count = $failed_count, locked_until = $locked_until WHERE name = $name;

-- name: audit_events
-- Newest first. Every filter is optional (NULL = any); action and object_type match a prefix.
SELECT seq, event_at, actor, action, object_type, object_id, detail
FROM audit_log
WHERE ($actor IS NULL OR actor = $actor)
  AND ($action IS NULL OR starts_with(action, $action))
  AND ($object_type IS NULL OR object_type = $object_type)
  AND ($object_id IS NULL OR object_id = $object_id)
  AND ($start IS NULL OR event_at >= CAST($start AS DATE))
  AND ($end IS NULL OR event_at < CAST($end AS DATE) + INTERVAL 1 DAY)
ORDER BY seq DESC
LIMIT $limit OFFSET $offset;

-- name: audit_count
SELECT count(*) FROM audit_log
WHERE ($actor IS NULL OR actor = $actor)
  AND ($action IS NULL OR starts_with(action, $action))
  AND ($object_type IS NULL OR object_type = $object_type)
  AND ($object_id IS NULL OR object_id = $object_id)
  AND ($start IS NULL OR event_at >= CAST($start AS DATE))
  AND ($end IS NULL OR event_at < CAST($end AS DATE) + INTERVAL 1 DAY);

-- name: audit_facets
-- The distinct actors, actions and object types, for the audit view's filters.
SELECT 'actor' AS facet, actor AS value FROM (SELECT DISTINCT actor FROM audit_log)
UNION ALL SELECT 'action', action FROM (SELECT DISTINCT action FROM audit_log)
UNION ALL SELECT 'object_type', object_type FROM (SELECT DISTINCT object_type FROM audit_log WHERE object_type IS NOT NULL)
ORDER BY 1, 2;

-- name: audit_tip
SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;

-- name: user_session
-- What a signed-in session is checked against on every page: the role, whether the user is
-- disabled, and a digest of the password hash (a new password gives a new digest).
SELECT name, role, disabled, sha256(password_hash) AS pw_tag FROM app_user WHERE name = $name;

-- name: user_set_email
UPDATE app_user SET email = $email WHERE name = $name;

-- name: user_by_email
-- The user whose company account this is (emails are kept in lower case).
SELECT name, role, disabled FROM app_user WHERE email = lower($email);

-- name: user_email_taken
SELECT count(*) > 0 FROM app_user WHERE email = lower($email) AND name <> $name;
