//! The schema, append-only: never edit an entry, add one.

/// Schema, append-only: never edit an entry, add one.
pub(super) const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, admin INTEGER NOT NULL,
    created_at INTEGER NOT NULL);
CREATE TABLE devices (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), name TEXT NOT NULL,
    recipient TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX devices_recipient ON devices (recipient);
CREATE TABLE tokens (
    id TEXT PRIMARY KEY, hash BLOB NOT NULL, kind TEXT NOT NULL,
    user_id TEXT REFERENCES users(id), device_id TEXT REFERENCES devices(id),
    created_at INTEGER NOT NULL, expires_at INTEGER, used_at INTEGER, revoked_at INTEGER);
CREATE TABLE projects (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL);
CREATE TABLE envs (
    id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id), name TEXT NOT NULL,
    parent_id TEXT, revision INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL);
-- Who may use a project or an environment (scope_id is either id). Roles today: owner,
-- member; per-environment roles later add rows and values, not tables.
CREATE TABLE members (
    scope_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id), role TEXT NOT NULL,
    created_at INTEGER NOT NULL, PRIMARY KEY (scope_id, user_id));
CREATE INDEX members_user ON members (user_id);
CREATE TABLE env_keys (
    env_id TEXT NOT NULL REFERENCES envs(id), key_version INTEGER NOT NULL,
    recipient TEXT NOT NULL, wrapped BLOB NOT NULL, created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL, PRIMARY KEY (env_id, key_version, recipient));
CREATE TABLE entries (
    env_id TEXT NOT NULL REFERENCES envs(id), seq INTEGER NOT NULL, revision INTEGER NOT NULL,
    op TEXT NOT NULL, name TEXT NOT NULL, version INTEGER, kind TEXT, literal INTEGER,
    key_version INTEGER, wrapped_data_key BLOB, ciphertext BLOB, created_at INTEGER,
    author TEXT, PRIMARY KEY (env_id, seq));
CREATE UNIQUE INDEX entries_version ON entries (env_id, name, version);
CREATE INDEX entries_revision ON entries (env_id, revision);
CREATE TABLE items (
    env_id TEXT NOT NULL REFERENCES envs(id), name TEXT NOT NULL, latest_seq INTEGER,
    deleted INTEGER NOT NULL, PRIMARY KEY (env_id, name));
CREATE TABLE pushes (
    idempotency_key TEXT PRIMARY KEY, env_id TEXT NOT NULL REFERENCES envs(id),
    request_hash BLOB NOT NULL, revision INTEGER NOT NULL, accepted INTEGER NOT NULL,
    created_at INTEGER NOT NULL);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, device TEXT,
    action TEXT NOT NULL, project TEXT, env TEXT, names TEXT NOT NULL, allowed INTEGER NOT NULL,
    client TEXT NOT NULL, request_id TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,
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
ALTER TABLE envs ADD COLUMN min_key_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX envs_project ON envs (project_id);
CREATE INDEX env_keys_recipient ON env_keys (recipient);
ALTER TABLE audit ADD COLUMN target TEXT;
ALTER TABLE tokens ADD COLUMN grant_project TEXT;
ALTER TABLE tokens ADD COLUMN grant_env TEXT;
ALTER TABLE tokens ADD COLUMN grant_role TEXT;
"#,
    // Service tokens (issue 12, docs/tokens.md): the server's share of each token's key,
    // the verifier of its auth secret (never the token), its scope, and the env keys
    // wrapped to its recipient in a table of their own, so revocation deletes them all.
    r#"
CREATE TABLE service_tokens (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, recipient TEXT NOT NULL, verifier BLOB NOT NULL,
    share BLOB, can_write INTEGER NOT NULL, names TEXT NOT NULL, cidrs TEXT NOT NULL,
    max_uses INTEGER, expires_at INTEGER, created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 0, last_used_at INTEGER,
    revoked_at INTEGER);
CREATE UNIQUE INDEX service_tokens_live_name ON service_tokens (name) WHERE revoked_at IS NULL;
CREATE TABLE service_token_envs (
    token_id TEXT NOT NULL REFERENCES service_tokens(id), env_id TEXT NOT NULL REFERENCES envs(id),
    PRIMARY KEY (token_id, env_id));
CREATE INDEX service_token_envs_env ON service_token_envs (env_id);
CREATE TABLE service_token_keys (
    token_id TEXT NOT NULL REFERENCES service_tokens(id), env_id TEXT NOT NULL REFERENCES envs(id),
    key_version INTEGER NOT NULL, wrapped BLOB NOT NULL,
    PRIMARY KEY (token_id, env_id, key_version));
"#,
    // Protected environments (issue 11): how many approvals a push there needs (0: not
    // protected), and the proposals such pushes became, each with the push request as its
    // author sent it (JSON: ciphertext and names only) and its approvals.
    r#"
ALTER TABLE envs ADD COLUMN approvals INTEGER NOT NULL DEFAULT 0;
CREATE TABLE proposals (
    id TEXT PRIMARY KEY, env_id TEXT NOT NULL REFERENCES envs(id),
    idempotency_key TEXT NOT NULL, request_hash BLOB NOT NULL, request TEXT NOT NULL,
    base_revision INTEGER NOT NULL, names TEXT NOT NULL, author_id TEXT NOT NULL,
    author TEXT NOT NULL, author_device TEXT NOT NULL, approvals_needed INTEGER NOT NULL,
    state TEXT NOT NULL, applied_revision INTEGER, created_at INTEGER NOT NULL, decided_at INTEGER);
CREATE INDEX proposals_env_state ON proposals (env_id, state);
CREATE INDEX proposals_key ON proposals (idempotency_key);
CREATE TABLE approvals (
    proposal_id TEXT NOT NULL REFERENCES proposals(id), user_id TEXT NOT NULL,
    user_name TEXT NOT NULL, device_name TEXT NOT NULL, at INTEGER NOT NULL,
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
    env_id TEXT NOT NULL REFERENCES envs(id), grp TEXT NOT NULL, holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL, PRIMARY KEY (env_id, grp, holder));
"#,
    // The config API (issue 14, docs/config-api.md): whether an environment's config items
    // are served, and their values in clear, one row per version (a push's version, a
    // delete, a restore, a rollback). `revision` is the environment's revision that wrote
    // it (the feed carries the value); secrets never have a row.
    r#"
ALTER TABLE envs ADD COLUMN serve_config INTEGER NOT NULL DEFAULT 0;
CREATE TABLE config_values (
    project_id TEXT NOT NULL REFERENCES projects(id), env_id TEXT NOT NULL REFERENCES envs(id),
    name TEXT NOT NULL, version INTEGER NOT NULL, value TEXT, deleted INTEGER NOT NULL,
    author TEXT NOT NULL, created_at INTEGER NOT NULL, revision INTEGER NOT NULL,
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
    id TEXT PRIMARY KEY, project_id TEXT NOT NULL, env_id TEXT NOT NULL REFERENCES envs(id),
    name TEXT NOT NULL, created_by TEXT NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, views INTEGER NOT NULL DEFAULT 0, max_views INTEGER NOT NULL,
    password INTEGER NOT NULL, envelope BLOB, revoked_at INTEGER,
    to_user TEXT REFERENCES users(id));
CREATE INDEX shares_created_by ON shares (created_by);
CREATE TABLE share_wraps (
    share_id TEXT NOT NULL REFERENCES shares(id), recipient TEXT NOT NULL, wrapped BLOB NOT NULL,
    PRIMARY KEY (share_id, recipient));
"#,
    // Aliases sync (issue 16, docs/rotation.md "Sync"): a pushed version may carry its
    // item's `previous` alias (an older version of the same item), stored as sent and
    // handed back in log pages, snapshots and token grants. NULL: none sent (every entry
    // from before, and every push from an older client).
    r#"
ALTER TABLE entries ADD COLUMN previous_version INTEGER;
"#,
];

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    /// A store written before teams (schema 1) opens with its owners as admins, its
    /// members as writers, its devices approved and no key floor.
    #[test]
    fn a_store_from_before_teams_migrates_owners_to_admins_and_members_to_writers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(super::super::FILE_NAME);
        {
            let mut conn = crate::sqlite::open(&path, true).unwrap();
            crate::sqlite::migrate(&mut conn, &MIGRATIONS[..1]).unwrap();
            conn.execute_batch(
                "INSERT INTO users VALUES ('u1', 'alice', 1, 0), ('u2', 'bob', 0, 0);
                 INSERT INTO devices VALUES ('d1', 'u1', 'laptop', 'age1a', 0),
                                            ('d2', 'u2', 'laptop', 'age1b', 0);
                 INSERT INTO projects VALUES ('p1', 'app', 'u1', 0);
                 INSERT INTO envs (id, project_id, name, created_by, created_at)
                     VALUES ('e1', 'p1', 'dev', 'u1', 0);
                 INSERT INTO members VALUES ('p1', 'u1', 'owner', 0), ('e1', 'u1', 'owner', 0),
                                            ('e1', 'u2', 'member', 0);",
            )
            .unwrap();
        }
        let store = super::super::SqliteStore::open(dir.path()).unwrap();
        let conn = crate::sqlite::open(store.path(), false).unwrap();
        let roles: Vec<(String, String, String)> = conn
            .prepare("SELECT scope_id, user_id, role FROM members ORDER BY scope_id, user_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want = [
            ("e1", "u1", "admin"),
            ("e1", "u2", "writer"),
            ("p1", "u1", "admin"),
        ];
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(roles, want);
        let statuses: Vec<String> = conn
            .prepare("SELECT status FROM devices")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(statuses, ["approved", "approved"]);
        let floor: i64 = conn
            .query_row("SELECT min_key_version FROM envs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(floor, 0);
    }
}
