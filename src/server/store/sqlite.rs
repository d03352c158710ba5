//! The default store: one SQLite file under `--data`, opened the project's one way
//! (`crate::sqlite`: WAL, busy timeout, append-only migrations on `user_version`).
//!
//! SQLite allows one writer at a time, so writes go through one dedicated connection and
//! reads through a small pool; both run on tokio's blocking threads, never on the async
//! workers. Every write is one `BEGIN IMMEDIATE` transaction: a `kill -9` leaves the state
//! before or after it, never half a push.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use tokio::sync::Semaphore;
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

/// The file inside `--data`.
pub const FILE_NAME: &str = "server.db";

/// Read connections; SQLite readers never block each other under WAL.
const READERS: usize = 4;

/// Schema, append-only: never edit an entry, add one.
const MIGRATIONS: &[&str] = &[r#"
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
"#];

/// A pool of read connections.
struct Readers {
    conns: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

/// The SQLite store.
pub struct SqliteStore {
    server_id: Uuid,
    path: PathBuf,
    writer: Arc<Mutex<Connection>>,
    readers: Arc<Readers>,
    stop_checkpoints: Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.stop_checkpoints
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// How often the background thread folds the WAL back into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Checkpoints on a thread of its own, so no commit (and no request waiting for its audit
/// entry) ever pays for copying the WAL and its fsync; the writer's automatic
/// checkpoints are off. PASSIVE never waits for readers or the writer.
fn spawn_checkpointer(path: PathBuf, stop: Arc<std::sync::atomic::AtomicBool>) -> Result<()> {
    let conn = crate::sqlite::open(&path, false)?;
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(CHECKPOINT_EVERY);
                if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::warn!(error = %e, "WAL checkpoint failed; retrying");
                }
            }
            let _ = crate::sqlite::checkpoint(&conn);
        })
        .map_err(|e| StoreError::Backend(format!("cannot start the checkpoint thread: {e}")))?;
    Ok(())
}

impl SqliteStore {
    /// Opens (creating and migrating) `dir/server.db`.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Backend(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join(FILE_NAME);
        let mut writer = crate::sqlite::open(&path, true)?;
        crate::sqlite::migrate(&mut writer, MIGRATIONS)
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let tx = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('server_id', ?1)",
            [Uuid::new_v4().to_string()],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO audit_head (id, seq, hash) VALUES (1, 0, ?1)",
            [genesis_hash()],
        )?;
        let server_id: String =
            tx.query_row("SELECT value FROM meta WHERE key = 'server_id'", [], |r| {
                r.get(0)
            })?;
        tx.commit()?;
        writer.pragma_update(None, "wal_autocheckpoint", 0)?;
        let mut conns = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            conns.push(crate::sqlite::open(&path, false)?);
        }
        let stop_checkpoints = Arc::new(std::sync::atomic::AtomicBool::new(false));
        spawn_checkpointer(path.clone(), stop_checkpoints.clone())?;
        Ok(SqliteStore {
            stop_checkpoints,
            server_id: parse_uuid(&server_id)?,
            path,
            writer: Arc::new(Mutex::new(writer)),
            readers: Arc::new(Readers {
                conns: Mutex::new(conns),
                permits: Arc::new(Semaphore::new(READERS)),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    {
        let permit = self
            .readers
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let readers = self.readers.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let conn = lock(&readers.conns)
                .pop()
                .expect("a permit means a connection");
            let out = f(&conn);
            lock(&readers.conns).push(conn);
            out
        })
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?
    }

    async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T> + Send + 'static,
    {
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = lock(&writer);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding a connection leaves it usable: SQLite rolls back the open
    // transaction when the `Transaction` is dropped during unwinding.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s)
        .map_err(|e| StoreError::Backend(format!("bad id {s:?} in the database: {e}")))
}

fn uuid_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Uuid> {
    let s: String = r.get(i)?;
    Uuid::parse_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_uuid_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<Uuid>> {
    let s: Option<String> = r.get(i)?;
    s.map(|s| {
        Uuid::parse_str(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// The environment's project and revision, if the caller may use it.
fn env_access(conn: &Connection, caller: &Caller, env: Uuid) -> Result<(Uuid, i64)> {
    let row = conn
        .prepare_cached(
            "SELECT e.project_id, e.revision, EXISTS(SELECT 1 FROM members m
                 WHERE m.user_id = ?2 AND m.scope_id IN (e.id, e.project_id))
             FROM envs e WHERE e.id = ?1",
        )?
        .query_row(params![env.to_string(), caller.user_id.to_string()], |r| {
            Ok((uuid_col(r, 0)?, r.get::<_, i64>(1)?, r.get::<_, bool>(2)?))
        })
        .optional()?;
    match row {
        None => Err(StoreError::NotFound("environment")),
        Some((project, revision, member)) if member || caller.admin => Ok((project, revision)),
        Some((project, ..)) => Err(StoreError::Forbidden {
            project: Some(project),
        }),
    }
}

fn project_member(conn: &Connection, caller: &Caller, project: Uuid) -> Result<bool> {
    if caller.admin {
        return Ok(true);
    }
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM members WHERE scope_id = ?1 AND user_id = ?2)",
        )?
        .query_row(
            params![project.to_string(), caller.user_id.to_string()],
            |r| r.get(0),
        )?)
}

fn add_member(tx: &Transaction<'_>, scope: Uuid, user: Uuid, role: &str, now: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO members (scope_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![scope.to_string(), user.to_string(), role, now])?;
    Ok(())
}

fn insert_token(
    tx: &Transaction<'_>,
    token: &NewToken,
    kind: TokenKind,
    user: Option<Uuid>,
    device: Option<Uuid>,
    now: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO tokens (id, hash, kind, user_id, device_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            token.id,
            token.hash.to_vec(),
            kind.as_str(),
            user.map(|u| u.to_string()),
            device.map(|d| d.to_string()),
            now,
            token.expires_at
        ],
    )?;
    Ok(())
}

/// Appends events to the chain inside `tx`.
fn append_audit(tx: &Transaction<'_>, events: &[AuditEvent]) -> Result<()> {
    let head = tx.query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
        Ok(AuditHead {
            seq: r.get(0)?,
            hash: r.get(1)?,
        })
    })?;
    let (entries, head) = chain(events, &head);
    let mut insert = tx.prepare_cached(
        "INSERT INTO audit (seq, at, actor, device, action, project, env, names, allowed, client,
                            request_id, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for e in entries {
        insert.execute(params![
            e.seq,
            e.at,
            e.actor,
            e.device,
            e.action,
            e.project.map(|p| p.to_string()),
            e.env.map(|p| p.to_string()),
            serde_json::to_string(&e.names).expect("strings serialize"),
            e.allowed,
            e.client,
            e.request_id,
            e.prev_hash,
            e.hash
        ])?;
    }
    tx.prepare_cached("UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1")?
        .execute(params![head.seq, head.hash])?;
    Ok(())
}

/// Columns of `entries` that `entry_from_row` reads, in order.
const ENTRY_COLS: &str = "e.revision, e.op, e.name, e.version, e.kind, e.literal, e.key_version,
    e.wrapped_data_key, e.ciphertext, e.created_at, e.author";

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LogEntry> {
    let op: String = r.get(1)?;
    let name: String = r.get(2)?;
    let change = match op.as_str() {
        "delete" => Change::Delete { name },
        "restore" => Change::Restore { name },
        _ => Change::Version(ItemVersion {
            name,
            version: r.get::<_, i64>(3)? as u64,
            kind: kind_from_name(&r.get::<_, String>(4)?),
            literal: r.get(5)?,
            key_version: r.get(6)?,
            wrapped_data_key: r.get(7)?,
            ciphertext: r.get(8)?,
            created_at: r.get(9)?,
            author: r.get(10)?,
        }),
    };
    Ok(LogEntry {
        revision: r.get(0)?,
        change,
    })
}

impl Store for SqliteStore {
    fn server_id(&self) -> Uuid {
        self.server_id
    }

    async fn ping(&self) -> Result<()> {
        self.read(|c| Ok(c.query_row("SELECT 1", [], |_| Ok(()))?))
            .await
    }

    async fn has_users(&self) -> Result<bool> {
        self.read(|c| Ok(c.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?))
            .await
    }

    async fn install_bootstrap(&self, token: NewToken, now: i64) -> Result<bool> {
        self.write(move |tx| {
            let users: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?;
            if users {
                return Ok(false);
            }
            tx.execute(
                "UPDATE tokens SET revoked_at = ?1
                 WHERE kind = 'bootstrap' AND revoked_at IS NULL AND id <> ?2",
                params![now, token.id],
            )?;
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM tokens WHERE id = ?1)",
                [&token.id],
                |r| r.get(0),
            )?;
            if !exists {
                insert_token(tx, &token, TokenKind::Bootstrap, None, None, now)?;
            }
            Ok(true)
        })
        .await
    }

    async fn token(&self, id: &str) -> Result<Option<TokenRecord>> {
        let id = id.to_string();
        self.read(move |c| {
            let row = c
                .prepare_cached(
                    "SELECT t.id, t.hash, t.kind, t.expires_at,
                            t.revoked_at IS NOT NULL OR t.used_at IS NOT NULL,
                            u.id, u.name, u.admin, d.id, d.name, d.recipient
                     FROM tokens t
                     LEFT JOIN devices d ON d.id = t.device_id
                     LEFT JOIN users u ON u.id = d.user_id
                     WHERE t.id = ?1",
                )?
                .query_row([&id], |r| {
                    let caller = match opt_uuid_col(r, 5)? {
                        Some(user_id) => Some(Caller {
                            user_id,
                            user_name: r.get(6)?,
                            admin: r.get(7)?,
                            device_id: uuid_col(r, 8)?,
                            device_name: r.get(9)?,
                            recipient: r.get(10)?,
                            token_id: r.get(0)?,
                        }),
                        None => None,
                    };
                    let kind: String = r.get(2)?;
                    Ok((
                        TokenRecord {
                            id: r.get(0)?,
                            hash: r.get(1)?,
                            kind: TokenKind::Device,
                            expires_at: r.get(3)?,
                            spent: r.get(4)?,
                            caller,
                        },
                        kind,
                    ))
                })
                .optional()?;
            Ok(row.and_then(|(mut t, kind)| {
                t.kind = TokenKind::parse(&kind)?;
                Some(t)
            }))
        })
        .await
    }

    async fn login(
        &self,
        token_id: &str,
        login: NewLogin,
        mut audit: AuditEvent,
    ) -> Result<LoginDone> {
        let token_id = token_id.to_string();
        self.write(move |tx| {
            let row: Option<(String, Option<String>, bool)> = tx
                .query_row(
                    "SELECT kind, user_id, revoked_at IS NOT NULL OR used_at IS NOT NULL
                     FROM tokens WHERE id = ?1",
                    [&token_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((kind, invite_user, spent)) = row else {
                return Err(StoreError::TokenSpent);
            };
            if spent {
                return Err(StoreError::TokenSpent);
            }
            let kind = TokenKind::parse(&kind).ok_or(StoreError::TokenSpent)?;
            let (user_id, admin) = match (kind, invite_user) {
                (TokenKind::Device, _) => return Err(StoreError::TokenSpent),
                (_, Some(user)) => {
                    let user = parse_uuid(&user)?;
                    let admin: bool = tx
                        .query_row("SELECT admin FROM users WHERE id = ?1", [user.to_string()], |r| r.get(0))
                        .optional()?
                        .ok_or(StoreError::NotFound("user"))?;
                    (user, admin)
                }
                (kind, None) => {
                    let admin = kind == TokenKind::Bootstrap;
                    if admin {
                        let users: bool =
                            tx.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?;
                        if users {
                            return Err(StoreError::TokenSpent);
                        }
                    }
                    let name = login.user_name.clone().ok_or_else(|| {
                        StoreError::Invalid("user_name is required to create a user".into())
                    })?;
                    let taken: bool = tx.query_row(
                        "SELECT EXISTS(SELECT 1 FROM users WHERE name = ?1)",
                        [&name],
                        |r| r.get(0),
                    )?;
                    if taken {
                        return Err(StoreError::Invalid(format!("the user name {name:?} is taken")));
                    }
                    tx.execute(
                        "INSERT INTO users (id, name, admin, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![login.user_id.to_string(), name, admin, login.now],
                    )?;
                    (login.user_id, admin)
                }
            };
            tx.execute(
                "INSERT INTO devices (id, user_id, name, recipient, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    login.device_id.to_string(),
                    user_id.to_string(),
                    login.device_name,
                    login.recipient,
                    login.now
                ],
            )?;
            insert_token(tx, &login.token, TokenKind::Device, Some(user_id), Some(login.device_id), login.now)?;
            // One use; a bootstrap login also retires every other bootstrap token.
            tx.execute("UPDATE tokens SET used_at = ?1 WHERE id = ?2", params![login.now, token_id])?;
            if kind == TokenKind::Bootstrap {
                tx.execute(
                    "UPDATE tokens SET revoked_at = ?1 WHERE kind = 'bootstrap' AND revoked_at IS NULL AND used_at IS NULL",
                    params![login.now],
                )?;
            }
            let user_name: String =
                tx.query_row("SELECT name FROM users WHERE id = ?1", [user_id.to_string()], |r| r.get(0))?;
            audit.actor = user_name;
            audit.device = Some(login.device_name.clone());
            append_audit(tx, &[audit])?;
            Ok(LoginDone {
                user_id,
                device_id: login.device_id,
                admin,
            })
        })
        .await
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
        self.write(move |tx| {
            if let Some(user) = user_id {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS(SELECT 1 FROM users WHERE id = ?1)",
                    [user.to_string()],
                    |r| r.get(0),
                )?;
                if !exists {
                    return Err(StoreError::NotFound("user"));
                }
            }
            insert_token(tx, &token, TokenKind::Invite, user_id, None, now)
        })
        .await
    }

    async fn revoke_token(&self, caller: &Caller, token_id: &str, now: i64) -> Result<()> {
        let (caller, token_id) = (caller.clone(), token_id.to_string());
        self.write(move |tx| {
            let owner: Option<Option<String>> = tx
                .query_row(
                    "SELECT COALESCE(t.user_id, d.user_id) FROM tokens t
                     LEFT JOIN devices d ON d.id = t.device_id WHERE t.id = ?1",
                    [&token_id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(owner) = owner else {
                return Err(StoreError::NotFound("token"));
            };
            if !caller.admin && owner != Some(caller.user_id.to_string()) {
                return Err(StoreError::NotFound("token"));
            }
            tx.execute(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?1) WHERE id = ?2",
                params![now, token_id],
            )?;
            Ok(())
        })
        .await
    }

    async fn projects(&self, caller: &Caller) -> Result<Vec<RemoteProject>> {
        let caller = caller.clone();
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT p.id, p.name FROM projects p
                 WHERE ?1 OR EXISTS(SELECT 1 FROM members m WHERE m.user_id = ?2 AND
                     (m.scope_id = p.id OR m.scope_id IN (SELECT id FROM envs WHERE project_id = p.id)))
                 ORDER BY p.name, p.id",
            )?;
            let rows = stmt.query_map(params![caller.admin, caller.user_id.to_string()], |r| {
                Ok(RemoteProject {
                    id: uuid_col(r, 0)?,
                    name: r.get(1)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn put_project(
        &self,
        caller: &Caller,
        id: Uuid,
        name: &str,
        now: i64,
    ) -> Result<RemoteProject> {
        let (caller, name) = (caller.clone(), name.to_string());
        self.write(move |tx| {
            let exists: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)", [id.to_string()], |r| r.get(0))?;
            if exists {
                if !project_member(tx, &caller, id)? {
                    return Err(StoreError::Forbidden { project: Some(id) });
                }
                tx.execute("UPDATE projects SET name = ?1 WHERE id = ?2", params![name, id.to_string()])?;
            } else {
                tx.execute(
                    "INSERT INTO projects (id, name, created_by, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![id.to_string(), name, caller.user_id.to_string(), now],
                )?;
                add_member(tx, id, caller.user_id, "owner", now)?;
            }
            Ok(RemoteProject { id, name })
        })
        .await
    }

    async fn put_env(
        &self,
        caller: &Caller,
        id: Uuid,
        env: &crate::wire::PutEnv,
        now: i64,
    ) -> Result<RemoteEnv> {
        let (caller, env) = (caller.clone(), env.clone());
        self.write(move |tx| {
            let project_exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)",
                [env.project_id.to_string()],
                |r| r.get(0),
            )?;
            if !project_exists {
                return Err(StoreError::NotFound("project"));
            }
            let existing: Option<String> = tx
                .query_row(
                    "SELECT project_id FROM envs WHERE id = ?1",
                    [id.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            match existing {
                Some(project) if parse_uuid(&project)? != env.project_id => {
                    return Err(StoreError::Invalid(
                        "this environment id belongs to another project".into(),
                    ));
                }
                Some(_) => {
                    env_access(tx, &caller, id)?;
                    tx.execute(
                        "UPDATE envs SET name = ?1, parent_id = ?2 WHERE id = ?3",
                        params![
                            env.name,
                            env.parent_id.map(|p| p.to_string()),
                            id.to_string()
                        ],
                    )?;
                }
                None => {
                    if !project_member(tx, &caller, env.project_id)? {
                        return Err(StoreError::Forbidden {
                            project: Some(env.project_id),
                        });
                    }
                    tx.execute(
                        "INSERT INTO envs (id, project_id, name, parent_id, created_by, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            id.to_string(),
                            env.project_id.to_string(),
                            env.name,
                            env.parent_id.map(|p| p.to_string()),
                            caller.user_id.to_string(),
                            now
                        ],
                    )?;
                    add_member(tx, id, caller.user_id, "owner", now)?;
                }
            }
            read_env(tx, &caller, id)
        })
        .await
    }

    async fn project_envs(&self, caller: &Caller, project: Uuid) -> Result<Vec<RemoteEnv>> {
        let caller = caller.clone();
        self.read(move |c| {
            let exists: bool = c
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)")?
                .query_row([project.to_string()], |r| r.get(0))?;
            if !exists {
                return Err(StoreError::NotFound("project"));
            }
            let owner = project_member(c, &caller, project)?;
            let ids: Vec<String> = c
                .prepare_cached(
                    "SELECT e.id FROM envs e WHERE e.project_id = ?1 AND (?2 OR EXISTS(
                         SELECT 1 FROM members m WHERE m.scope_id = e.id AND m.user_id = ?3))
                     ORDER BY e.name, e.id",
                )?
                .query_map(
                    params![project.to_string(), owner, caller.user_id.to_string()],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            if ids.is_empty() && !owner {
                return Err(StoreError::Forbidden {
                    project: Some(project),
                });
            }
            ids.iter()
                .map(|id| read_env(c, &caller, parse_uuid(id)?))
                .collect()
        })
        .await
    }

    async fn env(&self, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
        let caller = caller.clone();
        self.read(move |c| {
            env_access(c, &caller, id)?;
            read_env(c, &caller, id)
        })
        .await
    }

    async fn put_env_key(
        &self,
        caller: &Caller,
        env: Uuid,
        key_version: u32,
        wraps: &[WrappedKey],
        mut audit: AuditEvent,
    ) -> Result<()> {
        let (caller, wraps) = (caller.clone(), wraps.to_vec());
        self.write(move |tx| {
            let (project, _) = env_access(tx, &caller, env)?;
            let now = audit.at;
            for w in &wraps {
                tx.prepare_cached(
                    "INSERT INTO env_keys (env_id, key_version, recipient, wrapped, created_by, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (env_id, key_version, recipient) DO UPDATE SET wrapped = excluded.wrapped",
                )?
                .execute(params![env.to_string(), key_version, w.recipient, w.wrapped, caller.user_id.to_string(), now])?;
                let users: Vec<String> = tx
                    .prepare_cached("SELECT DISTINCT user_id FROM devices WHERE recipient = ?1")?
                    .query_map([&w.recipient], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for user in users {
                    add_member(tx, env, parse_uuid(&user)?, "member", now)?;
                }
            }
            audit.project = Some(project);
            append_audit(tx, &[audit])
        })
        .await
    }

    async fn push(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &PushRequest,
        request_hash: [u8; 32],
        mut audit: AuditEvent,
    ) -> Result<PushResponse> {
        let (caller, req) = (caller.clone(), req.clone());
        self.write(move |tx| {
            let (project, revision) = env_access(tx, &caller, env)?;
            audit.project = Some(project);
            let seen: Option<(String, Vec<u8>, i64, i64)> = tx
                .prepare_cached(
                    "SELECT env_id, request_hash, revision, accepted FROM pushes WHERE idempotency_key = ?1",
                )?
                .query_row([req.idempotency_key.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            if let Some((seen_env, hash, revision, accepted)) = seen {
                if seen_env != env.to_string() || hash != request_hash {
                    return Err(StoreError::IdempotencyMismatch);
                }
                return Ok(PushResponse { revision, accepted: accepted as usize });
            }
            let changed: HashSet<String> = tx
                .prepare_cached("SELECT DISTINCT name FROM entries WHERE env_id = ?1 AND revision > ?2")?
                .query_map(params![env.to_string(), req.base_revision], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            check_push(&req, revision, &changed)?;
            if req.changes.is_empty() {
                return Ok(PushResponse { revision, accepted: 0 });
            }
            let mut existing = Vec::new();
            {
                let mut stmt = tx.prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM entries WHERE env_id = ?1 AND name = ?2 AND version = ?3)",
                )?;
                for change in &req.changes {
                    if let Change::Version(v) = change
                        && stmt.query_row(params![env.to_string(), v.name, v.version as i64], |r| r.get::<_, bool>(0))?
                    {
                        existing.push(v.name.clone());
                    }
                }
            }
            if !existing.is_empty() {
                existing.sort();
                existing.dedup();
                return Err(StoreError::VersionExists(Conflict { revision, names: existing }));
            }
            let new_revision = revision + 1;
            let last_seq: i64 = tx.query_row(
                "SELECT COALESCE(MAX(seq), 0) FROM entries WHERE env_id = ?1",
                [env.to_string()],
                |r| r.get(0),
            )?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO entries (env_id, seq, revision, op, name, version, kind, literal,
                         key_version, wrapped_data_key, ciphertext, created_at, author)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?;
                for (seq, change) in (last_seq + 1..).zip(&req.changes) {
                    match change {
                        Change::Version(v) => insert.execute(params![
                            env.to_string(),
                            seq,
                            new_revision,
                            op_name(change),
                            v.name,
                            v.version as i64,
                            kind_name(v.kind),
                            v.literal,
                            v.key_version,
                            v.wrapped_data_key,
                            v.ciphertext,
                            v.created_at,
                            v.author
                        ])?,
                        Change::Delete { name } | Change::Restore { name } => {
                            insert.execute(params![
                                env.to_string(),
                                seq,
                                new_revision,
                                op_name(change),
                                name,
                                None::<i64>,
                                None::<String>,
                                None::<bool>,
                                None::<i64>,
                                None::<Vec<u8>>,
                                None::<Vec<u8>>,
                                None::<i64>,
                                None::<String>
                            ])?
                        }
                    };
                }
                let mut upsert = tx.prepare_cached(
                    "INSERT INTO items (env_id, name, latest_seq, deleted) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (env_id, name) DO UPDATE SET
                         latest_seq = COALESCE(excluded.latest_seq, items.latest_seq),
                         deleted = excluded.deleted",
                )?;
                for (name, head) in heads(&req.changes, last_seq + 1) {
                    upsert.execute(params![env.to_string(), name, head.latest_seq, head.deleted])?;
                }
            }
            let now = audit.at;
            tx.execute("UPDATE envs SET revision = ?1 WHERE id = ?2", params![new_revision, env.to_string()])?;
            let response = PushResponse { revision: new_revision, accepted: req.changes.len() };
            tx.execute(
                "INSERT INTO pushes (idempotency_key, env_id, request_hash, revision, accepted, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    req.idempotency_key.to_string(),
                    env.to_string(),
                    request_hash.to_vec(),
                    response.revision,
                    response.accepted as i64,
                    now
                ],
            )?;
            audit.names = push_names(&req);
            append_audit(tx, &[audit])?;
            Ok(response)
        })
        .await
    }

    async fn log(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
        limit: i64,
    ) -> Result<(Uuid, LogPage)> {
        let caller = caller.clone();
        let limit = clamp_limit(limit);
        self.read(move |c| {
            let (project, revision) = env_access(c, &caller, env)?;
            let e = env.to_string();
            // The revision of the first entry past the page, if any.
            let next: Option<i64> = c
                .prepare_cached(
                    "SELECT revision FROM entries WHERE env_id = ?1 AND revision > ?2
                     ORDER BY seq LIMIT 1 OFFSET ?3",
                )?
                .query_row(params![e, since, limit], |r| r.get(0))
                .optional()?;
            let upto = match next {
                None => revision,
                Some(next) => {
                    let first: i64 = c.query_row(
                        "SELECT MIN(revision) FROM entries WHERE env_id = ?1 AND revision > ?2",
                        params![e, since],
                        |r| r.get(0),
                    )?;
                    // Whole revisions only; one revision larger than a page comes whole.
                    if next == first { next } else { next - 1 }
                }
            };
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {ENTRY_COLS} FROM entries e WHERE e.env_id = ?1 AND e.revision > ?2
                 AND e.revision <= ?3 ORDER BY e.seq"
            ))?;
            let entries = stmt
                .query_map(params![e, since, upto], entry_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((
                project,
                LogPage {
                    revision,
                    entries,
                    more: upto < revision,
                },
            ))
        })
        .await
    }

    async fn env_head(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, i64)> {
        let caller = caller.clone();
        self.read(move |c| env_access(c, &caller, env)).await
    }

    async fn snapshot(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, Snapshot)> {
        let caller = caller.clone();
        self.read(move |c| {
            // One read transaction, so the revision and the items agree.
            c.execute_batch("BEGIN")?;
            let out = (|| {
                let (project, revision) = env_access(c, &caller, env)?;
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT {ENTRY_COLS} FROM items i JOIN entries e
                         ON e.env_id = i.env_id AND e.seq = i.latest_seq
                     WHERE i.env_id = ?1 AND NOT i.deleted ORDER BY i.name"
                ))?;
                let items = stmt
                    .query_map([env.to_string()], entry_from_row)?
                    .filter_map(|r| match r {
                        Ok(LogEntry {
                            change: Change::Version(v),
                            ..
                        }) => Some(Ok(v)),
                        Ok(_) => None,
                        Err(e) => Some(Err(e)),
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((project, Snapshot { revision, items }))
            })();
            c.execute_batch("COMMIT")?;
            out
        })
        .await
    }

    async fn append_audit(&self, events: Vec<AuditEvent>) -> Result<()> {
        self.write(move |tx| append_audit(tx, &events)).await
    }

    async fn audit(&self, since: i64, limit: i64) -> Result<AuditPage> {
        let limit = clamp_limit(limit);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, at, actor, device, action, project, env, names, allowed, client,
                        request_id, prev_hash, hash
                 FROM audit WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            let mut entries = stmt
                .query_map(params![since, limit + 1], |r| {
                    let names: String = r.get(7)?;
                    Ok(RemoteAuditEntry {
                        seq: r.get(0)?,
                        at: r.get(1)?,
                        actor: r.get(2)?,
                        device: r.get(3)?,
                        action: r.get(4)?,
                        project: opt_uuid_col(r, 5)?,
                        env: opt_uuid_col(r, 6)?,
                        names: serde_json::from_str(&names).unwrap_or_default(),
                        allowed: r.get(8)?,
                        client: r.get(9)?,
                        request_id: r.get(10)?,
                        prev_hash: r.get(11)?,
                        hash: r.get(12)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let more = entries.len() as i64 > limit;
            entries.truncate(limit as usize);
            Ok(AuditPage { entries, more })
        })
        .await
    }
}

/// The environment row with the caller's wrapped keys (access already checked).
fn read_env(c: &Connection, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
    let mut env = c
        .prepare_cached("SELECT project_id, name, parent_id, revision FROM envs WHERE id = ?1")?
        .query_row([id.to_string()], |r| {
            Ok(RemoteEnv {
                id,
                project_id: uuid_col(r, 0)?,
                name: r.get(1)?,
                parent_id: opt_uuid_col(r, 2)?,
                revision: r.get(3)?,
                keys: Vec::new(),
                role: None,
                min_key_version: 0,
            })
        })
        .optional()?
        .ok_or(StoreError::NotFound("environment"))?;
    env.keys = c
        .prepare_cached(
            "SELECT key_version, recipient, wrapped FROM env_keys
             WHERE env_id = ?1 AND recipient = ?2 ORDER BY key_version",
        )?
        .query_map(params![id.to_string(), caller.recipient], |r| {
            Ok(WrappedKey {
                key_version: r.get(0)?,
                recipient: r.get(1)?,
                wrapped: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(env)
}
