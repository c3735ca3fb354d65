-- The register's tables. Loaded by kpcore.db when a register is created.
-- Constraints make illegal states unrepresentable where DuckDB allows it; the
-- cross-table rules DuckDB cannot express (minimisation, deadlines) live in kpcore.
-- Schema version: see kpcore.db.SCHEMA_VERSION (kept in table meta).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The controller (rekisterinpitäjä). Exactly one row.
CREATE TABLE controller (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    street         TEXT NOT NULL,
    postcode       TEXT NOT NULL,
    city           TEXT NOT NULL,
    email          TEXT NOT NULL CHECK (email LIKE '%_@_%'),
    phone          TEXT,
    business_id    TEXT,
    dpo_name       TEXT,
    dpo_email      TEXT NOT NULL CHECK (dpo_email LIKE '%_@_%'),
    dpo_phone      TEXT,
    updated_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Texts of the register that the privacy notice and the reports print: business
-- description, who the notice concerns, the processor-role statement, rights, ...
-- One row per key and language. `confirmed` is false for values the project proposed
-- and the DPO has not yet confirmed (shown as gaps by the completeness check).
CREATE TABLE statement (
    key        TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('fi', 'en', 'sv')),
    body       TEXT NOT NULL,
    confirmed  BOOLEAN NOT NULL DEFAULT false,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (key, lang)
);

-- Data categories. kind 'special' = Art. 9 data, 'credential' = passwords and the like:
-- both exist only so that imports can recognise and refuse them; the composite foreign
-- keys below make linking them to a purpose or an engagement impossible.
CREATE TABLE data_category (
    key      TEXT PRIMARY KEY,
    kind     TEXT NOT NULL DEFAULT 'ordinary' CHECK (kind IN ('ordinary', 'special', 'credential')),
    name_fi  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    aliases  TEXT NOT NULL DEFAULT '',   -- '|'-separated lower-case column names that mean this category
    sort     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (key, kind)
);

-- Purposes of processing (käyttötarkoitukset), Art. 5(1)(b), 6, 13(1)(c).
CREATE TABLE purpose (
    key                    TEXT PRIMARY KEY,
    name_fi                TEXT NOT NULL,
    name_en                TEXT NOT NULL,
    group_fi               TEXT,            -- who is in it, e.g. "järjestelmien pääkäyttäjät"
    group_en               TEXT,
    subjects_fi            TEXT NOT NULL,   -- categories of data subjects (Art. 30(1)(c))
    subjects_en            TEXT NOT NULL,
    legal_basis            TEXT NOT NULL CHECK (legal_basis IN
        ('consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests')),
    legitimate_interest_fi TEXT,
    legitimate_interest_en TEXT,
    basis_confirmed        BOOLEAN NOT NULL DEFAULT false,
    retention_days         INTEGER CHECK (retention_days IS NULL OR retention_days > 0),
    retention_fi           TEXT NOT NULL,   -- the period or its criteria, as the notice says it
    retention_en           TEXT NOT NULL,
    retention_confirmed    BOOLEAN NOT NULL DEFAULT false,
    provision_fi           TEXT,            -- Art. 13(2)(e): required or not, and what follows
    provision_en           TEXT,
    direct_marketing       BOOLEAN NOT NULL DEFAULT false,  -- Art. 21(2): objection applies
    sort                   INTEGER NOT NULL DEFAULT 0,
    CHECK (legal_basis <> 'legitimate_interests' OR legitimate_interest_fi IS NOT NULL)
);

CREATE TABLE purpose_category (
    purpose        TEXT NOT NULL REFERENCES purpose (key),
    category       TEXT NOT NULL,
    category_kind  TEXT NOT NULL DEFAULT 'ordinary' CHECK (category_kind = 'ordinary'),
    PRIMARY KEY (purpose, category),
    FOREIGN KEY (category, category_kind) REFERENCES data_category (key, kind)
);

-- What KuntaPlus staff normally see in a customer's system when acting as a processor
-- (the notice's "Henkilötietojen alikäsittelijänä toimiminen"); engagements start from it.
CREATE TABLE processor_role_category (
    category       TEXT PRIMARY KEY,
    category_kind  TEXT NOT NULL DEFAULT 'ordinary' CHECK (category_kind = 'ordinary'),
    FOREIGN KEY (category, category_kind) REFERENCES data_category (key, kind)
);

-- Sources (säännönmukaiset tietolähteet), Art. 14(2)(f).
CREATE TABLE source (
    key               TEXT PRIMARY KEY,
    name_fi           TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    description_fi    TEXT NOT NULL,
    description_en    TEXT NOT NULL,
    publicly_available BOOLEAN NOT NULL,
    from_subject      BOOLEAN NOT NULL,  -- true: collected from the person (Art. 13); false: Art. 14
    sort              INTEGER NOT NULL DEFAULT 0
);

-- Recipients and processors of the controller's data, Art. 13(1)(e), 30(1)(d), 44-49.
CREATE TABLE recipient (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    role_fi       TEXT NOT NULL,
    role_en       TEXT NOT NULL,
    is_processor  BOOLEAN NOT NULL DEFAULT true,
    country       TEXT NOT NULL DEFAULT 'FI',
    outside_eea   BOOLEAN NOT NULL DEFAULT false,
    safeguard_fi  TEXT,
    safeguard_en  TEXT,
    confirmed     BOOLEAN NOT NULL DEFAULT false,
    CHECK (NOT outside_eea OR safeguard_fi IS NOT NULL)
);

CREATE TABLE recipient_purpose (
    recipient_id INTEGER NOT NULL REFERENCES recipient (id),
    purpose      TEXT NOT NULL REFERENCES purpose (key),
    PRIMARY KEY (recipient_id, purpose)
);

CREATE SEQUENCE contact_id_seq START 1;

-- Data subjects (rekisteröidyt). email is stored normalised (lower-case) and is the
-- identity imports merge on; phone is E.164.
CREATE TABLE contact (
    id            BIGINT PRIMARY KEY DEFAULT nextval('contact_id_seq'),
    email         TEXT NOT NULL UNIQUE CHECK (email LIKE '%_@_%'),
    name          TEXT NOT NULL,
    phone         TEXT CHECK (phone IS NULL OR regexp_full_match(phone, '\+[1-9][0-9]{4,14}')),
    organisation  TEXT,
    title         TEXT,
    restricted    BOOLEAN NOT NULL DEFAULT false,   -- Art. 18: skipped by exports and lists
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- A person's membership of a purpose: where the data came from and when (Art. 14).
CREATE TABLE contact_purpose (
    contact_id     BIGINT NOT NULL REFERENCES contact (id),
    purpose        TEXT NOT NULL REFERENCES purpose (key),
    source         TEXT NOT NULL REFERENCES source (key),
    collected_on   DATE NOT NULL,
    notice_sent_on DATE,     -- the day the Art. 13/14 information reached the person
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (contact_id, purpose),
    CHECK (notice_sent_on IS NULL OR notice_sent_on >= collected_on)
);

-- Web visits (verkkovierailujen analytiikka). No key on purpose: ten million rows.
CREATE TABLE web_visit (
    visited_at    TIMESTAMP NOT NULL,
    ip            TEXT NOT NULL,
    ip_truncated  BOOLEAN NOT NULL DEFAULT false,
    user_agent    TEXT,
    page          TEXT NOT NULL
);

-- Subject requests, Art. 12 and 15-22.
CREATE SEQUENCE request_id_seq START 1;
CREATE TABLE subject_request (
    id                 INTEGER PRIMARY KEY DEFAULT nextval('request_id_seq'),
    type               TEXT NOT NULL CHECK (type IN
        ('access', 'rectification', 'erasure', 'restriction', 'objection', 'portability')),
    channel            TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'letter', 'phone', 'web', 'in_person', 'other')),
    received_on        DATE NOT NULL,
    requester_name     TEXT,
    requester_email    TEXT,
    requester_phone    TEXT,
    requester_ip       TEXT,
    status             TEXT NOT NULL DEFAULT 'received' CHECK (status IN
        ('received', 'awaiting_identity', 'in_progress', 'extended', 'completed', 'refused')),
    due_on             DATE NOT NULL,
    id_requested_on    DATE,
    id_received_on     DATE,
    extended_on        DATE,
    extension_reason   TEXT,
    answered_on        DATE,
    refusal_reason     TEXT,
    redacted           BOOLEAN NOT NULL DEFAULT false,
    created_at         TIMESTAMP NOT NULL DEFAULT current_timestamp,
    -- An extension without a reason is refused by kpcore but stays representable on
    -- purpose: registers carried over from older tools hold such rows, and the
    -- compliance check must be able to find them.
    extension_notified_on DATE,
    CHECK (status <> 'refused' OR refusal_reason IS NOT NULL),
    CHECK (id_received_on IS NULL OR id_requested_on IS NOT NULL),
    CHECK (id_received_on IS NULL OR id_received_on >= id_requested_on),
    CHECK (answered_on IS NULL OR answered_on >= received_on)
);

-- Which register persons a request concerns (may be none: nothing held).
CREATE TABLE request_subject (
    request_id  INTEGER NOT NULL REFERENCES subject_request (id),
    contact_id  BIGINT NOT NULL REFERENCES contact (id),
    PRIMARY KEY (request_id, contact_id)
);

-- The full status history of a request.
CREATE TABLE request_event (
    request_id  INTEGER NOT NULL REFERENCES subject_request (id),
    seq         INTEGER NOT NULL,
    event_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    action      TEXT NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT,
    actor       TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
);

-- Customers in whose systems KuntaPlus acts as a processor (the controllers there).
CREATE SEQUENCE customer_id_seq START 1;
CREATE TABLE customer (
    id             INTEGER PRIMARY KEY DEFAULT nextval('customer_id_seq'),
    name           TEXT NOT NULL UNIQUE,
    business_id    TEXT,
    address        TEXT,
    contact_name   TEXT,
    contact_email  TEXT,
    dpo_name       TEXT,
    dpo_email      TEXT
);

-- Processor engagements, Art. 28 and 30(2).
CREATE SEQUENCE engagement_id_seq START 1;
CREATE TABLE processor_engagement (
    id                   INTEGER PRIMARY KEY DEFAULT nextval('engagement_id_seq'),
    customer_id          INTEGER NOT NULL REFERENCES customer (id),
    system               TEXT NOT NULL,
    vendor               TEXT NOT NULL,
    service_fi           TEXT NOT NULL,      -- nature and purpose of the processing
    service_en           TEXT NOT NULL,
    subjects_fi          TEXT NOT NULL DEFAULT 'Asiakkaan järjestelmän käyttäjät',
    subjects_en          TEXT NOT NULL DEFAULT 'Users of the customer''s system',
    agreement_ref        TEXT,
    agreement_signed_on  DATE,
    agreement_location   TEXT,
    authorisation        TEXT CHECK (authorisation IS NULL OR authorisation IN ('general', 'specific')),
    authorised_by        TEXT,
    authorised_on        DATE,
    transfers_fi         TEXT,
    transfers_en         TEXT,
    security_fi          TEXT,
    security_en          TEXT,
    starts_on            DATE NOT NULL,
    ends_on              DATE,
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'ended')),
    end_decision         TEXT CHECK (end_decision IS NULL OR end_decision IN ('return', 'delete')),
    end_decision_on      DATE,
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CHECK ((end_decision IS NULL) = (end_decision_on IS NULL))
);

CREATE TABLE engagement_category (
    engagement_id  INTEGER NOT NULL REFERENCES processor_engagement (id),
    category       TEXT NOT NULL,
    category_kind  TEXT NOT NULL DEFAULT 'ordinary' CHECK (category_kind = 'ordinary'),
    PRIMARY KEY (engagement_id, category),
    FOREIGN KEY (category, category_kind) REFERENCES data_category (key, kind)
);

-- Art. 28(3) clauses found in the agreement, one row per required clause.
CREATE TABLE agreement_clause (
    engagement_id  INTEGER NOT NULL REFERENCES processor_engagement (id),
    clause         TEXT NOT NULL,
    present        BOOLEAN NOT NULL,
    PRIMARY KEY (engagement_id, clause)
);

-- Each time staff touch personal data in a customer's system.
CREATE SEQUENCE access_id_seq START 1;
CREATE TABLE processor_access (
    id             INTEGER PRIMARY KEY DEFAULT nextval('access_id_seq'),
    engagement_id  INTEGER NOT NULL REFERENCES processor_engagement (id),
    accessed_at    TIMESTAMP NOT NULL,
    staff          TEXT NOT NULL,
    ticket_ref     TEXT,
    reason         TEXT NOT NULL,
    action         TEXT,
    logged_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Breaches, Art. 33(5).
CREATE SEQUENCE breach_id_seq START 1;
CREATE TABLE breach (
    id                     INTEGER PRIMARY KEY DEFAULT nextval('breach_id_seq'),
    occurred_at            TIMESTAMP,
    aware_at               TIMESTAMP NOT NULL,
    description            TEXT NOT NULL,
    data_categories        TEXT,
    approx_subjects        INTEGER CHECK (approx_subjects IS NULL OR approx_subjects >= 0),
    approx_records         INTEGER CHECK (approx_records IS NULL OR approx_records >= 0),
    effects                TEXT,
    remedial_action        TEXT,
    risk                   TEXT CHECK (risk IS NULL OR risk IN ('unlikely', 'risk', 'high')),
    notify                 BOOLEAN,
    decision_reason        TEXT,
    authority_notified_at  TIMESTAMP,
    delay_reason           TEXT,
    subjects_informed_at   TIMESTAMP,
    processor_role         BOOLEAN NOT NULL DEFAULT false,
    customer_id            INTEGER REFERENCES customer (id),
    customer_informed_at   TIMESTAMP,
    created_at             TIMESTAMP NOT NULL DEFAULT current_timestamp,
    CHECK (occurred_at IS NULL OR occurred_at <= aware_at),
    CHECK (authority_notified_at IS NULL OR authority_notified_at >= aware_at),
    CHECK (NOT processor_role OR customer_id IS NOT NULL)
);

-- Published privacy-notice versions.
CREATE TABLE notice_version (
    version       INTEGER NOT NULL CHECK (version > 0),
    lang          TEXT NOT NULL CHECK (lang IN ('fi', 'en', 'sv')),
    published_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    content_hash  TEXT NOT NULL,
    content       TEXT NOT NULL,     -- the notice as Markdown
    PRIMARY KEY (version, lang)
);

-- Issued quarterly reports: a frozen snapshot the next quarter compares against.
CREATE TABLE quarter_report (
    quarter    TEXT PRIMARY KEY CHECK (regexp_full_match(quarter, '[0-9]{4}Q[1-4]')),
    issued_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    figures    JSON NOT NULL
);

-- Hashes of erased or objecting people so that no import brings them back.
-- purpose '*' means every purpose (erasure); a purpose key limits it (objection).
CREATE TABLE suppression (
    hash      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
    purpose   TEXT NOT NULL DEFAULT '*',
    reason    TEXT NOT NULL CHECK (reason IN ('erased', 'objected')),
    added_on  DATE NOT NULL DEFAULT current_date,
    PRIMARY KEY (hash, purpose)
);

-- Dashboard users. Passwords only as slow salted hashes.
CREATE TABLE app_user (
    name           TEXT PRIMARY KEY,
    role           TEXT NOT NULL CHECK (role IN ('dpo', 'viewer')),
    password_hash  TEXT NOT NULL,
    disabled       BOOLEAN NOT NULL DEFAULT false,
    failed_count   INTEGER NOT NULL DEFAULT 0,
    locked_until   TIMESTAMP,
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Append-only, hash-chained audit log (Art. 5(2)). Objects by id only, never personal data.
CREATE TABLE audit_log (
    seq          BIGINT PRIMARY KEY,
    event_at     TIMESTAMP NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT,
    object_id    TEXT,
    detail       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE
);
