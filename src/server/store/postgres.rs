//! The PostgreSQL store, for teams that run several stateless server nodes behind a load
//! balancer: all state is in the database, and every operation is one transaction whose
//! row locks (the environment's row for a push, the audit head for the chain) serialize
//! what must be serial across nodes.
//!
//! Migrations are an append-only list like the SQLite store's, versioned in a
//! `schema_version` table and applied under an advisory lock so two nodes starting together
//! do not both migrate. Tables live in the connection's current schema, so a URL with
//! `?options=-csearch_path%3Dname` keeps one server (or one test) in a schema of its own.

use std::collections::HashSet;

use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use super::{
    AuditEvent, AuditHead, Caller, LoginDone, NewLogin, NewToken, Result, Store, StoreError,
    TokenKind, TokenRecord, chain, check_push, clamp_limit, genesis_hash, heads, kind_from_name,
    kind_name, op_name, push_names,
};
use crate::wire::{
    AuditPage, Change, Conflict, ItemVersion, LogEntry, LogPage, PushRequest, PushResponse,
    RemoteAuditEntry, RemoteEnv, RemoteProject, Snapshot, WrappedKey,
};

/// Connections per server node.
const POOL_SIZE: usize = 16;

/// Key of the advisory lock held while migrating ("scli" "migr").
const MIGRATION_LOCK: i64 = 0x7363_6c69_6d69_6772;

/// Schema, append-only: never edit an entry, add one.
const MIGRATIONS: &[&str] = &[r#"
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
"#];

/// The PostgreSQL store.
pub struct PgStore {
    server_id: Uuid,
    pool: Pool,
    /// Where this node's last audit batch left the chain; `None` when unknown. Only a hint:
    /// pushes, logins and other nodes move the head too, and a batch chained onto a stale
    /// tip writes nothing and is redone under the head's row lock.
    audit_tip: std::sync::Mutex<Option<AuditHead>>,
}

impl PgStore {
    /// Connects, migrates and loads the server id.
    pub async fn open(url: &str) -> Result<Self> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Backend(format!("bad database URL: {e}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let mut client = pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            .await?;
        let found: Option<i32> = tx
            .query_opt("SELECT version FROM schema_version", &[])
            .await?
            .map(|r| r.get(0));
        let supported = MIGRATIONS.len() as i32;
        let from = found.unwrap_or(0);
        if from > supported {
            return Err(StoreError::Backend(format!(
                "the database uses schema version {from}, newer than this binary understands ({supported})"
            )));
        }
        for sql in &MIGRATIONS[from as usize..] {
            tx.batch_execute(sql).await?;
        }
        if found.is_none() {
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&supported],
            )
            .await?;
        } else if from < supported {
            tx.execute("UPDATE schema_version SET version = $1", &[&supported])
                .await?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('server_id', $1) ON CONFLICT DO NOTHING",
            &[&Uuid::new_v4().to_string()],
        )
        .await?;
        tx.execute(
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, $1) ON CONFLICT DO NOTHING",
            &[&genesis_hash()],
        )
        .await?;
        let id: String = tx
            .query_one("SELECT value FROM meta WHERE key = 'server_id'", &[])
            .await?
            .get(0);
        tx.commit().await?;
        drop(client);
        let server_id = Uuid::parse_str(&id).map_err(|e| StoreError::Backend(e.to_string()))?;
        Ok(PgStore {
            server_id,
            pool,
            audit_tip: std::sync::Mutex::new(None),
        })
    }

    fn tip(&self) -> std::sync::MutexGuard<'_, Option<AuditHead>> {
        self.audit_tip
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Chains `events` onto the tip and moves the tip past them: the entries, the head
    /// they follow and the head they make. `None` when the tip is unknown.
    fn chain_on_tip(
        &self,
        events: &[AuditEvent],
    ) -> Option<(Vec<RemoteAuditEntry>, AuditHead, AuditHead)> {
        let mut tip = self.tip();
        let head = tip.clone()?;
        let (entries, new) = chain(events, &head);
        *tip = Some(new.clone());
        Some((entries, head, new))
    }
}

/// The environment's project and revision, if the caller may use it; `lock` takes the
/// environment's row lock (a push holds it until commit).
async fn env_access<C: GenericClient>(
    c: &C,
    caller: &Caller,
    env: Uuid,
    lock: bool,
) -> Result<(Uuid, i64)> {
    let sql = if lock {
        "SELECT e.project_id, e.revision, EXISTS(SELECT 1 FROM members m
             WHERE m.user_id = $2 AND m.scope_id IN (e.id, e.project_id))
         FROM envs e WHERE e.id = $1 FOR UPDATE"
    } else {
        "SELECT e.project_id, e.revision, EXISTS(SELECT 1 FROM members m
             WHERE m.user_id = $2 AND m.scope_id IN (e.id, e.project_id))
         FROM envs e WHERE e.id = $1"
    };
    let stmt = c.prepare_cached(sql).await?;
    let row = c.query_opt(&stmt, &[&env, &caller.user_id]).await?;
    match row {
        None => Err(StoreError::NotFound("environment")),
        Some(r) => {
            let (project, revision, member): (Uuid, i64, bool) = (r.get(0), r.get(1), r.get(2));
            if member || caller.admin {
                Ok((project, revision))
            } else {
                Err(StoreError::Forbidden {
                    project: Some(project),
                })
            }
        }
    }
}

async fn project_member<C: GenericClient>(c: &C, caller: &Caller, project: Uuid) -> Result<bool> {
    if caller.admin {
        return Ok(true);
    }
    let stmt = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM members WHERE scope_id = $1 AND user_id = $2)")
        .await?;
    Ok(c.query_one(&stmt, &[&project, &caller.user_id])
        .await?
        .get(0))
}

async fn add_member<C: GenericClient>(
    c: &C,
    scope: Uuid,
    user: Uuid,
    role: &str,
    now: i64,
) -> Result<()> {
    let stmt = c
        .prepare_cached(
            "INSERT INTO members (scope_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .await?;
    c.execute(&stmt, &[&scope, &user, &role, &now]).await?;
    Ok(())
}

async fn insert_token<C: GenericClient>(
    c: &C,
    token: &NewToken,
    kind: TokenKind,
    user: Option<Uuid>,
    device: Option<Uuid>,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO tokens (id, hash, kind, user_id, device_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &token.id,
            &token.hash.as_slice(),
            &kind.as_str(),
            &user,
            &device,
            &now,
            &token.expires_at,
        ],
    )
    .await?;
    Ok(())
}

/// An audit batch as one array per column, for `unnest`.
struct AuditColumns {
    seq: Vec<i64>,
    at: Vec<i64>,
    actor: Vec<String>,
    device: Vec<Option<String>>,
    action: Vec<String>,
    project: Vec<Option<Uuid>>,
    env: Vec<Option<Uuid>>,
    names: Vec<String>,
    allowed: Vec<bool>,
    client: Vec<String>,
    request_id: Vec<String>,
    prev_hash: Vec<String>,
    hash: Vec<String>,
}

impl AuditColumns {
    fn new(entries: Vec<RemoteAuditEntry>) -> Self {
        let n = entries.len();
        let mut c = AuditColumns {
            seq: Vec::with_capacity(n),
            at: Vec::with_capacity(n),
            actor: Vec::with_capacity(n),
            device: Vec::with_capacity(n),
            action: Vec::with_capacity(n),
            project: Vec::with_capacity(n),
            env: Vec::with_capacity(n),
            names: Vec::with_capacity(n),
            allowed: Vec::with_capacity(n),
            client: Vec::with_capacity(n),
            request_id: Vec::with_capacity(n),
            prev_hash: Vec::with_capacity(n),
            hash: Vec::with_capacity(n),
        };
        for e in entries {
            c.seq.push(e.seq);
            c.at.push(e.at);
            c.actor.push(e.actor);
            c.device.push(e.device);
            c.action.push(e.action);
            c.project.push(e.project);
            c.env.push(e.env);
            c.names
                .push(serde_json::to_string(&e.names).expect("strings serialize"));
            c.allowed.push(e.allowed);
            c.client.push(e.client);
            c.request_id.push(e.request_id);
            c.prev_hash.push(e.prev_hash);
            c.hash.push(e.hash);
        }
        c
    }

    /// `$1..$13` of [`AUDIT_ROWS`].
    fn params(&self) -> [&(dyn ToSql + Sync); 13] {
        [
            &self.seq,
            &self.at,
            &self.actor,
            &self.device,
            &self.action,
            &self.project,
            &self.env,
            &self.names,
            &self.allowed,
            &self.client,
            &self.request_id,
            &self.prev_hash,
            &self.hash,
        ]
    }
}

/// The audit batch `$1..$13` as rows.
const AUDIT_ROWS: &str = "unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],
    $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::boolean[], $10::text[], $11::text[],
    $12::text[], $13::text[])";

/// Appends events to the chain inside a transaction, holding the head's row lock; returns
/// the new head.
/// Holds a transaction-scoped lock on `id`, so two nodes creating the same project or
/// environment take turns.
async fn lock_id<C: GenericClient>(c: &C, id: Uuid) -> Result<()> {
    c.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 0))",
        &[&id],
    )
    .await?;
    Ok(())
}

async fn append_audit<C: GenericClient>(c: &C, events: &[AuditEvent]) -> Result<AuditHead> {
    let head = c
        .prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
        .await?;
    let row = c.query_one(&head, &[]).await?;
    let head = AuditHead {
        seq: row.get(0),
        hash: row.get(1),
    };
    let (entries, head) = chain(events, &head);
    let insert = c
        .prepare_cached(&format!(
            "INSERT INTO audit (seq, at, actor, device, action, project, env, names, allowed,
                                client, request_id, prev_hash, hash)
             SELECT * FROM {AUDIT_ROWS}"
        ))
        .await?;
    c.execute(&insert, &AuditColumns::new(entries).params())
        .await?;
    let update = c
        .prepare_cached("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .await?;
    c.execute(&update, &[&head.seq, &head.hash]).await?;
    Ok(head)
}

/// Stores `entries` (chained after `head`, ending at `new`) in one statement, so one round
/// trip and its own commit, that writes nothing unless the chain still ends at `head`;
/// false when another writer moved it.
async fn append_audit_after<C: GenericClient>(
    c: &C,
    entries: Vec<RemoteAuditEntry>,
    head: &AuditHead,
    new: &AuditHead,
) -> Result<bool> {
    let n = entries.len() as u64;
    // The UPDATE takes the head's row lock; a writer that moved the head meanwhile makes
    // its WHERE false, `moved` empty, and so the INSERT empty: all or nothing.
    let stmt = c
        .prepare_cached(&format!(
            "WITH moved AS (
                 UPDATE audit_head SET seq = $14, hash = $15
                 WHERE id = 1 AND seq = $16 AND hash = $17 RETURNING id)
             INSERT INTO audit (seq, at, actor, device, action, project, env, names, allowed,
                                client, request_id, prev_hash, hash)
             SELECT u.* FROM {AUDIT_ROWS} AS u, moved"
        ))
        .await?;
    let cols = AuditColumns::new(entries);
    let mut params = cols.params().to_vec();
    params.extend::<[&(dyn ToSql + Sync); 4]>([&new.seq, &new.hash, &head.seq, &head.hash]);
    Ok(c.execute(&stmt, &params).await? == n)
}

/// Columns of `entries` that `entry_from_row` reads, from `offset` on.
const ENTRY_COLS: &str = "e.revision, e.op, e.name, e.version, e.kind, e.literal, e.key_version,
    e.wrapped_data_key, e.ciphertext, e.created_at, e.author";

fn entry_from_row(r: &Row, o: usize) -> LogEntry {
    let op: &str = r.get(o + 1);
    let name: String = r.get(o + 2);
    let change = match op {
        "delete" => Change::Delete { name },
        "restore" => Change::Restore { name },
        _ => Change::Version(ItemVersion {
            name,
            version: r.get::<_, i64>(o + 3) as u64,
            kind: kind_from_name(r.get(o + 4)),
            literal: r.get(o + 5),
            key_version: r.get::<_, i64>(o + 6) as u32,
            wrapped_data_key: r.get(o + 7),
            ciphertext: r.get(o + 8),
            created_at: r.get(o + 9),
            author: r.get(o + 10),
        }),
    };
    LogEntry {
        revision: r.get(o),
        change,
    }
}

async fn read_env<C: GenericClient>(c: &C, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
    let stmt = c
        .prepare_cached("SELECT project_id, name, parent_id, revision FROM envs WHERE id = $1")
        .await?;
    let r = c
        .query_opt(&stmt, &[&id])
        .await?
        .ok_or(StoreError::NotFound("environment"))?;
    let keys = c
        .prepare_cached(
            "SELECT key_version, recipient, wrapped FROM env_keys
             WHERE env_id = $1 AND recipient = $2 ORDER BY key_version",
        )
        .await?;
    let keys = c
        .query(&keys, &[&id, &caller.recipient])
        .await?
        .iter()
        .map(|k| WrappedKey {
            key_version: k.get::<_, i64>(0) as u32,
            recipient: k.get(1),
            wrapped: k.get(2),
        })
        .collect();
    Ok(RemoteEnv {
        id,
        project_id: r.get(0),
        name: r.get(1),
        parent_id: r.get(2),
        revision: r.get(3),
        keys,
        role: None,
        min_key_version: 0,
    })
}

impl Store for PgStore {
    fn server_id(&self) -> Uuid {
        self.server_id
    }

    async fn ping(&self) -> Result<()> {
        let client = self.pool.get().await?;
        client.query_one("SELECT 1", &[]).await?;
        Ok(())
    }

    async fn has_users(&self) -> Result<bool> {
        let client = self.pool.get().await?;
        Ok(client
            .query_one("SELECT EXISTS(SELECT 1 FROM users)", &[])
            .await?
            .get(0))
    }

    async fn install_bootstrap(&self, token: NewToken, now: i64) -> Result<bool> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Nodes starting together: one at a time decides whether the store is empty.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&(MIGRATION_LOCK + 1)])
            .await?;
        let users: bool = tx
            .query_one("SELECT EXISTS(SELECT 1 FROM users)", &[])
            .await?
            .get(0);
        if users {
            return Ok(false);
        }
        tx.execute(
            "UPDATE tokens SET revoked_at = $1
             WHERE kind = 'bootstrap' AND revoked_at IS NULL AND id <> $2",
            &[&now, &token.id],
        )
        .await?;
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM tokens WHERE id = $1)",
                &[&token.id],
            )
            .await?
            .get(0);
        if !exists {
            insert_token(&tx, &token, TokenKind::Bootstrap, None, None, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn token(&self, id: &str) -> Result<Option<TokenRecord>> {
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT t.id, t.hash, t.kind, t.expires_at,
                        t.revoked_at IS NOT NULL OR t.used_at IS NOT NULL,
                        u.id, u.name, u.admin, d.id, d.name, d.recipient
                 FROM tokens t
                 LEFT JOIN devices d ON d.id = t.device_id
                 LEFT JOIN users u ON u.id = d.user_id
                 WHERE t.id = $1",
            )
            .await?;
        let Some(r) = client.query_opt(&stmt, &[&id]).await? else {
            return Ok(None);
        };
        let Some(kind) = TokenKind::parse(r.get(2)) else {
            return Ok(None);
        };
        let caller = r.get::<_, Option<Uuid>>(5).map(|user_id| Caller {
            user_id,
            user_name: r.get(6),
            admin: r.get(7),
            device_id: r.get(8),
            device_name: r.get(9),
            recipient: r.get(10),
            token_id: r.get(0),
        });
        Ok(Some(TokenRecord {
            id: r.get(0),
            hash: r.get(1),
            kind,
            expires_at: r.get(3),
            spent: r.get(4),
            caller,
        }))
    }

    async fn login(
        &self,
        token_id: &str,
        login: NewLogin,
        mut audit: AuditEvent,
    ) -> Result<LoginDone> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let row = tx
            .query_opt(
                "SELECT kind, user_id, revoked_at IS NOT NULL OR used_at IS NOT NULL
                 FROM tokens WHERE id = $1 FOR UPDATE",
                &[&token_id],
            )
            .await?
            .ok_or(StoreError::TokenSpent)?;
        let (kind, invite_user, spent): (String, Option<Uuid>, bool) =
            (row.get(0), row.get(1), row.get(2));
        if spent {
            return Err(StoreError::TokenSpent);
        }
        let kind = TokenKind::parse(&kind).ok_or(StoreError::TokenSpent)?;
        let (user_id, admin) = match (kind, invite_user) {
            (TokenKind::Device, _) => return Err(StoreError::TokenSpent),
            (_, Some(user)) => {
                let admin: bool = tx
                    .query_opt("SELECT admin FROM users WHERE id = $1", &[&user])
                    .await?
                    .ok_or(StoreError::NotFound("user"))?
                    .get(0);
                (user, admin)
            }
            (kind, None) => {
                let admin = kind == TokenKind::Bootstrap;
                if admin {
                    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&(MIGRATION_LOCK + 1)])
                        .await?;
                    let users: bool = tx
                        .query_one("SELECT EXISTS(SELECT 1 FROM users)", &[])
                        .await?
                        .get(0);
                    if users {
                        return Err(StoreError::TokenSpent);
                    }
                }
                let name = login.user_name.clone().ok_or_else(|| {
                    StoreError::Invalid("user_name is required to create a user".into())
                })?;
                let taken: bool = tx
                    .query_one(
                        "SELECT EXISTS(SELECT 1 FROM users WHERE name = $1)",
                        &[&name],
                    )
                    .await?
                    .get(0);
                if taken {
                    return Err(StoreError::Invalid(format!(
                        "the user name {name:?} is taken"
                    )));
                }
                tx.execute(
                    "INSERT INTO users (id, name, admin, created_at) VALUES ($1, $2, $3, $4)",
                    &[&login.user_id, &name, &admin, &login.now],
                )
                .await?;
                (login.user_id, admin)
            }
        };
        tx.execute(
            "INSERT INTO devices (id, user_id, name, recipient, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[&login.device_id, &user_id, &login.device_name, &login.recipient, &login.now],
        )
        .await?;
        insert_token(
            &tx,
            &login.token,
            TokenKind::Device,
            Some(user_id),
            Some(login.device_id),
            login.now,
        )
        .await?;
        tx.execute(
            "UPDATE tokens SET used_at = $1 WHERE id = $2",
            &[&login.now, &token_id],
        )
        .await?;
        if kind == TokenKind::Bootstrap {
            tx.execute(
                "UPDATE tokens SET revoked_at = $1
                 WHERE kind = 'bootstrap' AND revoked_at IS NULL AND used_at IS NULL",
                &[&login.now],
            )
            .await?;
        }
        let user_name: String = tx
            .query_one("SELECT name FROM users WHERE id = $1", &[&user_id])
            .await?
            .get(0);
        audit.actor = user_name;
        audit.device = Some(login.device_name.clone());
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(LoginDone {
            user_id,
            device_id: login.device_id,
            admin,
        })
    }

    async fn create_invite(
        &self,
        caller: &Caller,
        user_id: Option<Uuid>,
        token: NewToken,
        now: i64,
    ) -> Result<()> {
        if !caller.admin {
            return Err(StoreError::Forbidden { project: None });
        }
        let client = self.pool.get().await?;
        if let Some(user) = user_id {
            let exists: bool = client
                .query_one("SELECT EXISTS(SELECT 1 FROM users WHERE id = $1)", &[&user])
                .await?
                .get(0);
            if !exists {
                return Err(StoreError::NotFound("user"));
            }
        }
        insert_token(&client, &token, TokenKind::Invite, user_id, None, now).await
    }

    async fn revoke_token(&self, caller: &Caller, token_id: &str, now: i64) -> Result<()> {
        let client = self.pool.get().await?;
        let owner: Option<Option<Uuid>> = client
            .query_opt(
                "SELECT COALESCE(t.user_id, d.user_id) FROM tokens t
                 LEFT JOIN devices d ON d.id = t.device_id WHERE t.id = $1",
                &[&token_id],
            )
            .await?
            .map(|r| r.get(0));
        let Some(owner) = owner else {
            return Err(StoreError::NotFound("token"));
        };
        if !caller.admin && owner != Some(caller.user_id) {
            return Err(StoreError::NotFound("token"));
        }
        client
            .execute(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2",
                &[&now, &token_id],
            )
            .await?;
        Ok(())
    }

    async fn projects(&self, caller: &Caller) -> Result<Vec<RemoteProject>> {
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT p.id, p.name FROM projects p
                 WHERE $1 OR EXISTS(SELECT 1 FROM members m WHERE m.user_id = $2 AND
                     (m.scope_id = p.id OR m.scope_id IN (SELECT id FROM envs WHERE project_id = p.id)))
                 ORDER BY p.name, p.id",
            )
            .await?;
        Ok(client
            .query(&stmt, &[&caller.admin, &caller.user_id])
            .await?
            .iter()
            .map(|r| RemoteProject {
                id: r.get(0),
                name: r.get(1),
            })
            .collect())
    }

    async fn put_project(
        &self,
        caller: &Caller,
        id: Uuid,
        name: &str,
        now: i64,
    ) -> Result<RemoteProject> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Serializes two creators of the same id: the loser sees the row and renames.
        lock_id(&tx, id).await?;
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = $1)",
                &[&id],
            )
            .await?
            .get(0);
        if exists {
            if !project_member(&tx, caller, id).await? {
                return Err(StoreError::Forbidden { project: Some(id) });
            }
            tx.execute("UPDATE projects SET name = $1 WHERE id = $2", &[&name, &id])
                .await?;
        } else {
            tx.execute(
                "INSERT INTO projects (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)",
                &[&id, &name, &caller.user_id, &now],
            )
            .await?;
            add_member(&tx, id, caller.user_id, "owner", now).await?;
        }
        tx.commit().await?;
        Ok(RemoteProject {
            id,
            name: name.to_string(),
        })
    }

    async fn put_env(
        &self,
        caller: &Caller,
        id: Uuid,
        env: &crate::wire::PutEnv,
        now: i64,
    ) -> Result<RemoteEnv> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        lock_id(&tx, id).await?;
        let project_exists: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = $1)",
                &[&env.project_id],
            )
            .await?
            .get(0);
        if !project_exists {
            return Err(StoreError::NotFound("project"));
        }
        let existing: Option<Uuid> = tx
            .query_opt("SELECT project_id FROM envs WHERE id = $1", &[&id])
            .await?
            .map(|r| r.get(0));
        match existing {
            Some(project) if project != env.project_id => {
                return Err(StoreError::Invalid(
                    "this environment id belongs to another project".into(),
                ));
            }
            Some(_) => {
                env_access(&tx, caller, id, true).await?;
                tx.execute(
                    "UPDATE envs SET name = $1, parent_id = $2 WHERE id = $3",
                    &[&env.name, &env.parent_id, &id],
                )
                .await?;
            }
            None => {
                if !project_member(&tx, caller, env.project_id).await? {
                    return Err(StoreError::Forbidden {
                        project: Some(env.project_id),
                    });
                }
                tx.execute(
                    "INSERT INTO envs (id, project_id, name, parent_id, created_by, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        &id,
                        &env.project_id,
                        &env.name,
                        &env.parent_id,
                        &caller.user_id,
                        &now,
                    ],
                )
                .await?;
                add_member(&tx, id, caller.user_id, "owner", now).await?;
            }
        }
        let out = read_env(&tx, caller, id).await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn project_envs(&self, caller: &Caller, project: Uuid) -> Result<Vec<RemoteEnv>> {
        let client = self.pool.get().await?;
        let exists: bool = client
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = $1)",
                &[&project],
            )
            .await?
            .get(0);
        if !exists {
            return Err(StoreError::NotFound("project"));
        }
        let owner = project_member(&client, caller, project).await?;
        let ids: Vec<Uuid> = client
            .query(
                "SELECT e.id FROM envs e WHERE e.project_id = $1 AND ($2 OR EXISTS(
                     SELECT 1 FROM members m WHERE m.scope_id = e.id AND m.user_id = $3))
                 ORDER BY e.name, e.id",
                &[&project, &owner, &caller.user_id],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if ids.is_empty() && !owner {
            return Err(StoreError::Forbidden {
                project: Some(project),
            });
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(read_env(&client, caller, id).await?);
        }
        Ok(out)
    }

    async fn env(&self, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
        let client = self.pool.get().await?;
        env_access(&client, caller, id, false).await?;
        read_env(&client, caller, id).await
    }

    async fn put_env_key(
        &self,
        caller: &Caller,
        env: Uuid,
        key_version: u32,
        wraps: &[WrappedKey],
        mut audit: AuditEvent,
    ) -> Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let (project, _) = env_access(&tx, caller, env, true).await?;
        let now = audit.at;
        let version = i64::from(key_version);
        for w in wraps {
            tx.execute(
                "INSERT INTO env_keys (env_id, key_version, recipient, wrapped, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (env_id, key_version, recipient) DO UPDATE SET wrapped = excluded.wrapped",
                &[&env, &version, &w.recipient, &w.wrapped, &caller.user_id, &now],
            )
            .await?;
            let users: Vec<Uuid> = tx
                .query(
                    "SELECT DISTINCT user_id FROM devices WHERE recipient = $1",
                    &[&w.recipient],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            for user in users {
                add_member(&tx, env, user, "member", now).await?;
            }
        }
        audit.project = Some(project);
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn push(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &PushRequest,
        request_hash: [u8; 32],
        mut audit: AuditEvent,
    ) -> Result<PushResponse> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // The env row lock serializes pushes to one environment across all nodes; the
        // idempotency check comes after it, so two racing retries see each other.
        let (project, revision) = env_access(&tx, caller, env, true).await?;
        audit.project = Some(project);
        let seen = tx
            .query_opt(
                "SELECT env_id, request_hash, revision, accepted FROM pushes WHERE idempotency_key = $1",
                &[&req.idempotency_key],
            )
            .await?;
        if let Some(r) = seen {
            let (seen_env, hash): (Uuid, Vec<u8>) = (r.get(0), r.get(1));
            if seen_env != env || hash != request_hash {
                return Err(StoreError::IdempotencyMismatch);
            }
            return Ok(PushResponse {
                revision: r.get(2),
                accepted: r.get::<_, i64>(3) as usize,
            });
        }
        let changed: HashSet<String> = tx
            .query(
                "SELECT DISTINCT name FROM entries WHERE env_id = $1 AND revision > $2",
                &[&env, &req.base_revision],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        check_push(req, revision, &changed)?;
        if req.changes.is_empty() {
            return Ok(PushResponse {
                revision,
                accepted: 0,
            });
        }
        let (mut names, mut versions) = (Vec::new(), Vec::new());
        for change in &req.changes {
            if let Change::Version(v) = change {
                names.push(v.name.as_str());
                versions.push(v.version as i64);
            }
        }
        let mut existing: Vec<String> = tx
            .query(
                "SELECT DISTINCT name FROM entries WHERE env_id = $1 AND (name, version) IN
                     (SELECT * FROM unnest($2::text[], $3::bigint[]))",
                &[&env, &names, &versions],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if !existing.is_empty() {
            existing.sort();
            return Err(StoreError::VersionExists(Conflict {
                revision,
                names: existing,
            }));
        }
        let new_revision = revision + 1;
        let last_seq: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(seq), 0)::bigint FROM entries WHERE env_id = $1",
                &[&env],
            )
            .await?
            .get(0);
        let n = req.changes.len();
        let seqs: Vec<i64> = (last_seq + 1..).take(n).collect();
        let mut ops = Vec::with_capacity(n);
        let mut all_names = Vec::with_capacity(n);
        let mut ver: Vec<Option<i64>> = Vec::with_capacity(n);
        let mut kinds: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut literal: Vec<Option<bool>> = Vec::with_capacity(n);
        let mut key_version: Vec<Option<i64>> = Vec::with_capacity(n);
        let mut wrapped: Vec<Option<&[u8]>> = Vec::with_capacity(n);
        let mut cipher: Vec<Option<&[u8]>> = Vec::with_capacity(n);
        let mut created: Vec<Option<i64>> = Vec::with_capacity(n);
        let mut author: Vec<Option<&str>> = Vec::with_capacity(n);
        for change in &req.changes {
            all_names.push(change.name());
            ops.push(op_name(change));
            match change {
                Change::Version(v) => {
                    ver.push(Some(v.version as i64));
                    kinds.push(Some(kind_name(v.kind)));
                    literal.push(Some(v.literal));
                    key_version.push(Some(i64::from(v.key_version)));
                    wrapped.push(Some(&v.wrapped_data_key));
                    cipher.push(Some(&v.ciphertext));
                    created.push(Some(v.created_at));
                    author.push(Some(&v.author));
                }
                Change::Delete { .. } | Change::Restore { .. } => {
                    ver.push(None);
                    kinds.push(None);
                    literal.push(None);
                    key_version.push(None);
                    wrapped.push(None);
                    cipher.push(None);
                    created.push(None);
                    author.push(None);
                }
            }
        }
        let insert = tx
            .prepare_cached(
                "INSERT INTO entries (env_id, seq, revision, op, name, version, kind, literal,
                     key_version, wrapped_data_key, ciphertext, created_at, author)
                 SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[],
                     $6::bigint[], $7::text[], $8::boolean[], $9::bigint[], $10::bytea[],
                     $11::bytea[], $12::bigint[], $13::text[])",
            )
            .await?;
        let revs = vec![new_revision; n];
        tx.execute(
            &insert,
            &[
                &env,
                &seqs,
                &revs,
                &ops,
                &all_names,
                &ver,
                &kinds,
                &literal,
                &key_version,
                &wrapped,
                &cipher,
                &created,
                &author,
            ],
        )
        .await?;
        let heads = heads(&req.changes, last_seq + 1);
        let head_names: Vec<&str> = heads.keys().copied().collect();
        let head_seqs: Vec<Option<i64>> = heads.values().map(|h| h.latest_seq).collect();
        let head_deleted: Vec<bool> = heads.values().map(|h| h.deleted).collect();
        let upsert = tx
            .prepare_cached(
                "INSERT INTO items (env_id, name, latest_seq, deleted)
                 SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::boolean[])
                 ON CONFLICT (env_id, name) DO UPDATE SET
                     latest_seq = COALESCE(excluded.latest_seq, items.latest_seq),
                     deleted = excluded.deleted",
            )
            .await?;
        tx.execute(&upsert, &[&env, &head_names, &head_seqs, &head_deleted])
            .await?;
        tx.execute(
            "UPDATE envs SET revision = $1 WHERE id = $2",
            &[&new_revision, &env],
        )
        .await?;
        let response = PushResponse {
            revision: new_revision,
            accepted: n,
        };
        tx.execute(
            "INSERT INTO pushes (idempotency_key, env_id, request_hash, revision, accepted, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &req.idempotency_key,
                &env,
                &request_hash.as_slice(),
                &response.revision,
                &(n as i64),
                &audit.at,
            ],
        )
        .await?;
        audit.names = push_names(req);
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(response)
    }

    async fn log(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
        limit: i64,
    ) -> Result<(Uuid, LogPage)> {
        let limit = clamp_limit(limit);
        let mut client = self.pool.get().await?;
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let (project, revision) = env_access(&tx, caller, env, false).await?;
        let next: Option<i64> = tx
            .query_opt(
                "SELECT revision FROM entries WHERE env_id = $1 AND revision > $2
                 ORDER BY seq LIMIT 1 OFFSET $3",
                &[&env, &since, &limit],
            )
            .await?
            .map(|r| r.get(0));
        let upto = match next {
            None => revision,
            Some(next) => {
                let first: i64 = tx
                    .query_one(
                        "SELECT MIN(revision) FROM entries WHERE env_id = $1 AND revision > $2",
                        &[&env, &since],
                    )
                    .await?
                    .get(0);
                if next == first { next } else { next - 1 }
            }
        };
        let stmt = tx
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLS} FROM entries e WHERE e.env_id = $1 AND e.revision > $2
                 AND e.revision <= $3 ORDER BY e.seq"
            ))
            .await?;
        let entries = tx
            .query(&stmt, &[&env, &since, &upto])
            .await?
            .iter()
            .map(|r| entry_from_row(r, 0))
            .collect();
        tx.commit().await?;
        Ok((
            project,
            LogPage {
                revision,
                entries,
                more: upto < revision,
            },
        ))
    }

    async fn env_head(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, i64)> {
        let client = self.pool.get().await?;
        env_access(&client, caller, env, false).await
    }

    async fn snapshot(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, Snapshot)> {
        let client = self.pool.get().await?;
        // One statement, so access, revision and items come from one snapshot of the data
        // and the read costs one round trip. MATERIALIZED: the membership check runs once,
        // not once per item row.
        let stmt = client
            .prepare_cached(&format!(
                "WITH v AS MATERIALIZED (
                     SELECT e.id, e.project_id, e.revision, EXISTS(SELECT 1 FROM members m
                         WHERE m.user_id = $2 AND m.scope_id IN (e.id, e.project_id)) AS member
                     FROM envs e WHERE e.id = $1)
                 SELECT v.project_id, v.revision, v.member, {ENTRY_COLS}
                 FROM v
                 LEFT JOIN items i ON i.env_id = v.id AND NOT i.deleted AND i.latest_seq IS NOT NULL
                 LEFT JOIN entries e ON e.env_id = i.env_id AND e.seq = i.latest_seq
                 ORDER BY i.name"
            ))
            .await?;
        let rows = client.query(&stmt, &[&env, &caller.user_id]).await?;
        let Some(first) = rows.first() else {
            return Err(StoreError::NotFound("environment"));
        };
        let (project, revision, member): (Uuid, i64, bool) =
            (first.get(0), first.get(1), first.get(2));
        if !member && !caller.admin {
            return Err(StoreError::Forbidden {
                project: Some(project),
            });
        }
        let items = rows
            .iter()
            .filter(|r| r.get::<_, Option<i64>>(3).is_some())
            .filter_map(|r| match entry_from_row(r, 3).change {
                Change::Version(v) => Some(v),
                _ => None,
            })
            .collect();
        Ok((project, Snapshot { revision, items }))
    }

    async fn append_audit(&self, events: Vec<AuditEvent>) -> Result<()> {
        let mut client = self.pool.get().await?;
        if let Some((entries, head, new)) = self.chain_on_tip(&events) {
            match append_audit_after(&client, entries, &head, &new).await {
                Ok(true) => return Ok(()),
                // A push, a login or another node moved the head: redo under its lock.
                Ok(false) => *self.tip() = None,
                Err(e) => {
                    *self.tip() = None;
                    return Err(e);
                }
            }
        }
        let tx = client.transaction().await?;
        let head = append_audit(&tx, &events).await?;
        tx.commit().await?;
        *self.tip() = Some(head);
        Ok(())
    }

    async fn audit(&self, since: i64, limit: i64) -> Result<AuditPage> {
        let limit = clamp_limit(limit);
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT seq, at, actor, device, action, project, env, names, allowed, client,
                        request_id, prev_hash, hash
                 FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .await?;
        let rows = client.query(&stmt, &[&since, &(limit + 1)]).await?;
        let more = rows.len() as i64 > limit;
        let entries = rows
            .iter()
            .take(limit as usize)
            .map(|r| RemoteAuditEntry {
                seq: r.get(0),
                at: r.get(1),
                actor: r.get(2),
                device: r.get(3),
                action: r.get(4),
                project: r.get(5),
                env: r.get(6),
                names: serde_json::from_str(r.get(7)).unwrap_or_default(),
                allowed: r.get(8),
                client: r.get(9),
                request_id: r.get(10),
                prev_hash: r.get(11),
                hash: r.get(12),
            })
            .collect();
        Ok(AuditPage { entries, more })
    }
}
