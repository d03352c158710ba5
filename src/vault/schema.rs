//! The vault's schema, as an append-only list of migrations.
//!
//! Never edit a released migration: append a new one. A test opens vaults written by each
//! earlier format. Names of projects, environments and keys are stored in clear (they are
//! needed for listing and completion without unlocking); values and keys never are.

/// SQLite `application_id` marking a file as a secretscli vault ("SCLV").
pub const APPLICATION_ID: i32 = 0x5343_4c56;

/// Migrations, oldest first; `PRAGMA user_version` counts how many a file has seen.
pub const MIGRATIONS: &[&str] = &[
    // 1: key hierarchy, projects, environments, versioned items, audit chain.
    r#"
    CREATE TABLE vault (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        vault_id TEXT NOT NULL,
        kdf_memory_kib INTEGER NOT NULL,
        kdf_iterations INTEGER NOT NULL,
        kdf_parallelism INTEGER NOT NULL,
        kdf_salt BLOB NOT NULL,
        wrapped_root_key BLOB NOT NULL,
        key_check BLOB NOT NULL,
        device TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        audit_seq INTEGER NOT NULL DEFAULT 0,
        audit_head BLOB
    );
    CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE envs (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES envs(id),
        key_version INTEGER NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        UNIQUE (project_id, name)
    );
    CREATE TABLE env_keys (
        env_id TEXT NOT NULL REFERENCES envs(id) ON DELETE CASCADE,
        key_version INTEGER NOT NULL,
        wrapped_key BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (env_id, key_version)
    ) WITHOUT ROWID;
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        env_id TEXT NOT NULL REFERENCES envs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        current_version INTEGER NOT NULL,
        deleted_at INTEGER,
        updated_at INTEGER NOT NULL,
        UNIQUE (env_id, name)
    );
    CREATE TABLE versions (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('secret', 'config')),
        literal INTEGER NOT NULL CHECK (literal IN (0, 1)),
        key_version INTEGER NOT NULL,
        wrapped_data_key BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        PRIMARY KEY (item_id, version)
    ) WITHOUT ROWID;
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        project TEXT NOT NULL,
        env TEXT NOT NULL,
        names TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL
    );
    "#,
    // 2: sync. The device identity and server logins (secrets sealed by the root key),
    // per-environment sync state, which versions the server already has, and the delete
    // and restore marks not yet pushed. One environment syncs with one server.
    r#"
    CREATE TABLE identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        recipient TEXT NOT NULL,
        sealed_identity BLOB NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE remotes (
        server_id TEXT PRIMARY KEY,
        urls TEXT NOT NULL,
        user_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        sealed_token BLOB NOT NULL,
        insecure INTEGER NOT NULL DEFAULT 0 CHECK (insecure IN (0, 1)),
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE sync_state (
        env_id TEXT PRIMARY KEY REFERENCES envs(id) ON DELETE CASCADE,
        server_id TEXT NOT NULL REFERENCES remotes(server_id) ON DELETE CASCADE,
        pulled_revision INTEGER NOT NULL DEFAULT 0,
        push_key TEXT,
        push_digest BLOB
    ) WITHOUT ROWID;
    ALTER TABLE versions ADD COLUMN remote_revision INTEGER;
    CREATE INDEX versions_unsynced ON versions (item_id) WHERE remote_revision IS NULL;
    CREATE TABLE pending_ops (
        seq INTEGER PRIMARY KEY,
        env_id TEXT NOT NULL REFERENCES envs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('delete', 'restore')),
        at INTEGER NOT NULL
    );
    "#,
    // 3: audit name lists stored once each. Every inject wrote the whole list of names it
    // injected into its entry (12 KB at 1,000 items, every run); entries now point at the
    // list by its SHA-256. Entries written before keep their names inline.
    r#"
    CREATE TABLE audit_names (
        id INTEGER PRIMARY KEY,
        digest BLOB NOT NULL UNIQUE,
        names TEXT NOT NULL
    );
    ALTER TABLE audit ADD COLUMN names_id INTEGER REFERENCES audit_names(id);
    "#,
    // 4: keyed integrity (issue 10). The audit chain becomes an HMAC chain from entry
    // `audit_keyed_from` on (earlier entries keep their SHA-256 links), and `audit_seal`
    // tags (keyed_from, audit_seq, audit_head) so a removed tail or an edited boundary is
    // seen. Each item's current version and delete mark get a tag. Vaults of schema 3 are
    // tagged on their first unlock, which is also when the key check switches to its v2
    // message, so stripping the tags later cannot pass for a never-tagged vault.
    r#"
    ALTER TABLE vault ADD COLUMN audit_keyed_from INTEGER;
    ALTER TABLE vault ADD COLUMN audit_seal BLOB;
    ALTER TABLE items ADD COLUMN state_mac BLOB;
    "#,
    // 5: tags per environment over its whole item set (one over names, current versions
    // and delete marks, one over names only), so deleting an item's rows is seen (issue
    // 10). Vaults of schema 4 are tagged on their first unlock, which also moves the key
    // check to its v3 message.
    r#"
    ALTER TABLE envs ADD COLUMN items_mac BLOB;
    ALTER TABLE envs ADD COLUMN names_mac BLOB;
    "#,
    // 6: teams (issue 11). Recipients this device has wrapped env keys to, per server and
    // user: trust on first use. A recipient the server lists for a user who already has
    // pins gets no key until someone confirms it here (`device approve`), so a server that
    // adds its own key to a user cannot collect wraps. Not tied to `remotes`: a logout and
    // login again keeps what was confirmed.
    r#"
    CREATE TABLE pins (
        server_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        recipient TEXT NOT NULL,
        user_name TEXT NOT NULL,
        device_name TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('self', 'first-use', 'approved')),
        pinned_at INTEGER NOT NULL,
        PRIMARY KEY (server_id, user_id, recipient)
    ) WITHOUT ROWID;
    "#,
    // 7: rotation (issue 16). Aliases beside `current`: `next` (a staged version, above the
    // current one until promoted) and `previous` (the one current before the last promote);
    // both are covered by the environment's state tag (see envset.rs). `rotations` is the
    // write-ahead record of `rotate postgres`: which step a rotation reached, so a crash
    // resumes instead of losing the password the database now has. It holds no secret: the
    // new credential is the item's staged `next` version, sealed like every value, written
    // before the database is touched.
    r#"
    ALTER TABLE items ADD COLUMN next_version INTEGER;
    ALTER TABLE items ADD COLUMN previous_version INTEGER;
    CREATE TABLE rotations (
        env_id TEXT NOT NULL REFERENCES envs(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        admin_item TEXT NOT NULL,
        strategy TEXT NOT NULL CHECK (strategy IN ('alternating', 'single')),
        old_login TEXT NOT NULL,
        new_login TEXT NOT NULL,
        staged_version INTEGER NOT NULL,
        verifier TEXT NOT NULL,
        step TEXT NOT NULL CHECK (step IN ('create', 'set', 'test', 'finish')),
        started_at INTEGER NOT NULL,
        PRIMARY KEY (env_id, item)
    ) WITHOUT ROWID;
    "#,
    // 8: dynamic PostgreSQL credentials (`lease postgres`, issue 16). The write-ahead
    // record of each lease, written before its login is created, so a crash or kill -9
    // leaves what `lease reap` needs to drop the login. No password: it lives only in the
    // child's environment. `holder_pid`/`holder_start` name the process that revokes the
    // lease when its command exits (the start time, in clock ticks since boot, tells a
    // reused pid apart); a lease whose holder is gone is reaped like an expired one.
    r#"
    CREATE TABLE leases (
        id TEXT PRIMARY KEY,
        env_id TEXT NOT NULL REFERENCES envs(id) ON DELETE CASCADE,
        login TEXT NOT NULL UNIQUE,
        admin_item TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        max_expires_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('creating', 'active', 'revoking')),
        holder_pid INTEGER,
        holder_start INTEGER
    ) WITHOUT ROWID;
    "#,
];
