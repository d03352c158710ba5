//! The schema, append-only: never edit an entry, add one.

/// Schema, append-only: never edit an entry, add one.
pub(in crate::server::store) const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users (
    id UUID PRIMARY KEY, name TEXT NOT NULL UNIQUE, admin BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL);
CREATE TABLE devices (
    id UUID PRIMARY KEY, user_id UUID NOT NULL REFERENCES users(id), name TEXT NOT NULL,
    recipient TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX devices_recipient ON devices (recipient);
CREATE TABLE tokens (
    id TEXT PRIMARY KEY, hash BYTEA NOT NULL, kind TEXT NOT NULL,
    user_id UUID REFERENCES users(id), device_id UUID REFERENCES devices(id),
    created_at BIGINT NOT NULL, expires_at BIGINT, used_at BIGINT, revoked_at BIGINT);
CREATE TABLE projects (
    id UUID PRIMARY KEY, name TEXT NOT NULL, created_by UUID NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL);
CREATE TABLE envs (
    id UUID PRIMARY KEY, project_id UUID NOT NULL REFERENCES projects(id), name TEXT NOT NULL,
    parent_id UUID, revision BIGINT NOT NULL DEFAULT 0,
    created_by UUID NOT NULL REFERENCES users(id), created_at BIGINT NOT NULL);
-- Who may use a project or an environment (scope_id is either id). Roles today: owner,
-- member; per-environment roles later add rows and values, not tables.
CREATE TABLE members (
    scope_id UUID NOT NULL, user_id UUID NOT NULL REFERENCES users(id), role TEXT NOT NULL,
    created_at BIGINT NOT NULL, PRIMARY KEY (scope_id, user_id));
CREATE INDEX members_user ON members (user_id);
CREATE TABLE env_keys (
    env_id UUID NOT NULL REFERENCES envs(id), key_version BIGINT NOT NULL,
    recipient TEXT NOT NULL, wrapped BYTEA NOT NULL, created_by UUID NOT NULL,
    created_at BIGINT NOT NULL, PRIMARY KEY (env_id, key_version, recipient));
CREATE TABLE entries (
    env_id UUID NOT NULL REFERENCES envs(id), seq BIGINT NOT NULL, revision BIGINT NOT NULL,
    op TEXT NOT NULL, name TEXT NOT NULL, version BIGINT, kind TEXT, literal BOOLEAN,
    key_version BIGINT, wrapped_data_key BYTEA, ciphertext BYTEA, created_at BIGINT,
    author TEXT, PRIMARY KEY (env_id, seq));
CREATE UNIQUE INDEX entries_version ON entries (env_id, name, version);
CREATE INDEX entries_revision ON entries (env_id, revision);
CREATE TABLE items (
    env_id UUID NOT NULL REFERENCES envs(id), name TEXT NOT NULL, latest_seq BIGINT,
    deleted BOOLEAN NOT NULL, PRIMARY KEY (env_id, name));
CREATE TABLE pushes (
    idempotency_key UUID PRIMARY KEY, env_id UUID NOT NULL REFERENCES envs(id),
    request_hash BYTEA NOT NULL, revision BIGINT NOT NULL, accepted BIGINT NOT NULL,
    created_at BIGINT NOT NULL);
CREATE TABLE audit (
    seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, device TEXT,
    action TEXT NOT NULL, project UUID, env UUID, names TEXT NOT NULL, allowed BOOLEAN NOT NULL,
    client TEXT NOT NULL, request_id TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL,
    hash TEXT NOT NULL);
"#,
    // Teams (issue 11): roles viewer < reader < writer < admin (today's owners administer,
    // today's members could push), device approval, key floors after a removal, the audit
    // entry's target, and the grant an invite carries to its new user.
    r#"
UPDATE members SET role = 'admin' WHERE role = 'owner';
UPDATE members SET role = 'writer' WHERE role = 'member';
ALTER TABLE devices ADD COLUMN status TEXT NOT NULL DEFAULT 'approved';
CREATE INDEX devices_user ON devices (user_id);
ALTER TABLE envs ADD COLUMN min_key_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX envs_project ON envs (project_id);
CREATE INDEX env_keys_recipient ON env_keys (recipient);
ALTER TABLE audit ADD COLUMN target TEXT;
ALTER TABLE tokens ADD COLUMN grant_project UUID;
ALTER TABLE tokens ADD COLUMN grant_env UUID;
ALTER TABLE tokens ADD COLUMN grant_role TEXT;
"#,
    // Service tokens (issue 12, docs/tokens.md): the server's share of each token's key,
    // the verifier of its auth secret (never the token), its scope, and the env keys
    // wrapped to its recipient in a table of their own, so revocation deletes them all.
    r#"
CREATE TABLE service_tokens (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, recipient TEXT NOT NULL, verifier BYTEA NOT NULL,
    share BYTEA, can_write BOOLEAN NOT NULL, names TEXT NOT NULL, cidrs TEXT NOT NULL,
    max_uses BIGINT, expires_at BIGINT, created_by UUID NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL, uses BIGINT NOT NULL DEFAULT 0, last_used_at BIGINT,
    revoked_at BIGINT);
CREATE UNIQUE INDEX service_tokens_live_name ON service_tokens (name) WHERE revoked_at IS NULL;
CREATE TABLE service_token_envs (
    token_id TEXT NOT NULL REFERENCES service_tokens(id), env_id UUID NOT NULL REFERENCES envs(id),
    PRIMARY KEY (token_id, env_id));
CREATE INDEX service_token_envs_env ON service_token_envs (env_id);
CREATE TABLE service_token_keys (
    token_id TEXT NOT NULL REFERENCES service_tokens(id), env_id UUID NOT NULL REFERENCES envs(id),
    key_version BIGINT NOT NULL, wrapped BYTEA NOT NULL,
    PRIMARY KEY (token_id, env_id, key_version));
"#,
    // Protected environments (issue 11): how many approvals a push there needs (0: not
    // protected), and the proposals such pushes became, each with the push request as its
    // author sent it (JSON: ciphertext and names only) and its approvals.
    r#"
ALTER TABLE envs ADD COLUMN approvals BIGINT NOT NULL DEFAULT 0;
CREATE TABLE proposals (
    id UUID PRIMARY KEY, env_id UUID NOT NULL REFERENCES envs(id),
    idempotency_key UUID NOT NULL, request_hash BYTEA NOT NULL, request TEXT NOT NULL,
    base_revision BIGINT NOT NULL, names TEXT NOT NULL, author_id UUID NOT NULL,
    author TEXT NOT NULL, author_device TEXT NOT NULL, approvals_needed BIGINT NOT NULL,
    state TEXT NOT NULL, applied_revision BIGINT, created_at BIGINT NOT NULL, decided_at BIGINT);
CREATE INDEX proposals_env_state ON proposals (env_id, state);
CREATE INDEX proposals_key ON proposals (idempotency_key);
CREATE TABLE approvals (
    proposal_id UUID NOT NULL REFERENCES proposals(id), user_id UUID NOT NULL,
    user_name TEXT NOT NULL, device_name TEXT NOT NULL, at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, user_id));
"#,
    // OIDC binding of service tokens (issue 12, docs/tokens.md): a use must also carry an
    // ID token from this issuer, for this audience, whose subject matches the glob. All
    // three or none (NULL: not bound).
    r#"
ALTER TABLE service_tokens ADD COLUMN oidc_issuer TEXT;
ALTER TABLE service_tokens ADD COLUMN oidc_audience TEXT;
ALTER TABLE service_tokens ADD COLUMN oidc_subject TEXT;
"#,
    // Restart slots (issue 13, docs/live.md "Restart groups"): who holds one of a group's
    // slots in an environment, until when. Expired rows are deleted by the next grant of
    // the group; a holder that vanished is simply never renewed.
    r#"
CREATE TABLE restart_slots (
    env_id UUID NOT NULL REFERENCES envs(id), grp TEXT NOT NULL, holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL, PRIMARY KEY (env_id, grp, holder));
"#,
    // The config API (issue 14, docs/config-api.md): whether an environment's config items
    // are served, and their values in clear, one row per version (a push's version, a
    // delete, a restore, a rollback). `revision` is the environment's revision that wrote
    // it (the feed carries the value); secrets never have a row.
    r#"
ALTER TABLE envs ADD COLUMN serve_config BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE config_values (
    project_id UUID NOT NULL REFERENCES projects(id), env_id UUID NOT NULL REFERENCES envs(id),
    name TEXT NOT NULL, version BIGINT NOT NULL, value TEXT, deleted BOOLEAN NOT NULL,
    author TEXT NOT NULL, created_at BIGINT NOT NULL, revision BIGINT NOT NULL,
    PRIMARY KEY (env_id, name, version));
CREATE INDEX config_values_revision ON config_values (env_id, revision);
"#,
    // Share links (issue 14, docs/share.md): one item's value sealed on the creator's device
    // (the key is only in the link's fragment), how many reveals it allows and has had, until
    // when. The envelope is set to NULL once used up or revoked. A recipient-bound share
    // (`--to USER`) has the link key wrapped to each of that user's devices instead of in
    // the fragment, and only that user may reveal it.
    r#"
CREATE TABLE shares (
    id TEXT PRIMARY KEY, project_id UUID NOT NULL, env_id UUID NOT NULL REFERENCES envs(id),
    name TEXT NOT NULL, created_by UUID NOT NULL REFERENCES users(id), created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL, views BIGINT NOT NULL DEFAULT 0, max_views BIGINT NOT NULL,
    password BOOLEAN NOT NULL, envelope BYTEA, revoked_at BIGINT,
    to_user UUID REFERENCES users(id));
CREATE INDEX shares_created_by ON shares (created_by);
CREATE TABLE share_wraps (
    share_id TEXT NOT NULL REFERENCES shares(id), recipient TEXT NOT NULL, wrapped BYTEA NOT NULL,
    PRIMARY KEY (share_id, recipient));
"#,
    // Aliases sync (issue 16, docs/rotation.md "Sync"): a pushed version may carry its
    // item's `previous` alias (an older version of the same item), stored as sent and
    // handed back in log pages, snapshots and token grants. NULL: none sent (every entry
    // from before, and every push from an older client).
    r#"
ALTER TABLE entries ADD COLUMN previous_version BIGINT;
"#,
];
