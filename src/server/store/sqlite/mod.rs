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
    AccessChange, AuditEvent, AuditHead, Caller, Device, DeviceStatus, EnvAccess, InviteGrant,
    LoginDone, Member, NewLogin, NewToken, PutMember, Recipient, Result, Store, StoreError,
    TokenKind, TokenRecord, chain, check_push, clamp_limit, genesis_hash, heads, kind_from_name,
    kind_name, op_name, push_names,
};
use crate::wire::proposals::{Proposal, Protection};
use crate::wire::{
    AuditPage, Change, Conflict, ItemVersion, LogEntry, LogPage, PushRequest, PushResponse,
    RemoteAuditEntry, RemoteEnv, RemoteProject, Snapshot, WrappedKey,
};

mod accounts;
mod audit;
mod config;
mod envs;
mod feed;
mod log;
mod members;
mod proposals;
mod restart;
mod schema;
mod shares;
mod token_keys;
mod token_write;
mod tokens;

use schema::MIGRATIONS;

/// The file inside `--data`.
pub const FILE_NAME: &str = "server.db";

/// Read connections; SQLite readers never block each other under WAL.
const READERS: usize = 4;

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
    /// What each service token was last served, so an unchanged env is not read again.
    served: Arc<super::served::ServedItems>,
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
            served: Default::default(),
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

// The table of contents: each operation lives in the module of its concern (accounts,
// members, envs, log, audit) as an inherent method of the same name, which `SqliteStore::name`
// resolves to before this trait's.
impl Store for SqliteStore {
    fn server_id(&self) -> Uuid {
        self.server_id
    }

    async fn ping(&self) -> Result<()> {
        self.read(|c| Ok(c.query_row("SELECT 1", [], |_| Ok(()))?))
            .await
    }

    async fn has_users(&self) -> Result<bool> {
        SqliteStore::has_users(self).await
    }

    async fn install_bootstrap(&self, token: NewToken, now: i64) -> Result<bool> {
        SqliteStore::install_bootstrap(self, token, now).await
    }

    async fn token(&self, id: &str) -> Result<Option<TokenRecord>> {
        SqliteStore::token(self, id).await
    }

    async fn login(&self, token_id: &str, login: NewLogin, audit: AuditEvent) -> Result<LoginDone> {
        SqliteStore::login(self, token_id, login, audit).await
    }

    async fn create_invite(
        &self,
        caller: &Caller,
        user_id: Option<Uuid>,
        grant: Option<InviteGrant>,
        token: NewToken,
        audit: AuditEvent,
    ) -> Result<()> {
        SqliteStore::create_invite(self, caller, user_id, grant, token, audit).await
    }

    async fn revoke_token(&self, caller: &Caller, token_id: &str, now: i64) -> Result<()> {
        SqliteStore::revoke_token(self, caller, token_id, now).await
    }

    async fn projects(&self, caller: &Caller) -> Result<Vec<RemoteProject>> {
        SqliteStore::projects(self, caller).await
    }

    async fn put_project(
        &self,
        caller: &Caller,
        id: Uuid,
        name: &str,
        now: i64,
    ) -> Result<RemoteProject> {
        SqliteStore::put_project(self, caller, id, name, now).await
    }

    async fn put_env(
        &self,
        caller: &Caller,
        id: Uuid,
        env: &crate::wire::PutEnv,
        now: i64,
    ) -> Result<RemoteEnv> {
        SqliteStore::put_env(self, caller, id, env, now).await
    }

    async fn project_envs(&self, caller: &Caller, project: Uuid) -> Result<Vec<RemoteEnv>> {
        SqliteStore::project_envs(self, caller, project).await
    }

    async fn env(&self, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
        SqliteStore::env(self, caller, id).await
    }

    async fn put_env_key(
        &self,
        caller: &Caller,
        env: Uuid,
        key_version: u32,
        wraps: &[WrappedKey],
        audit: AuditEvent,
    ) -> Result<()> {
        SqliteStore::put_env_key(self, caller, env, key_version, wraps, audit).await
    }

    async fn push(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &PushRequest,
        request_hash: [u8; 32],
        audit: AuditEvent,
    ) -> Result<PushResponse> {
        SqliteStore::push(self, caller, env, req, request_hash, audit).await
    }

    async fn log(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
        limit: i64,
    ) -> Result<(Uuid, LogPage)> {
        SqliteStore::log(self, caller, env, since, limit).await
    }

    async fn env_head(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, i64)> {
        SqliteStore::env_head(self, caller, env).await
    }

    async fn changes(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
    ) -> Result<(Uuid, crate::wire::feed::FeedPage)> {
        SqliteStore::changes(self, caller, env, since).await
    }

    async fn take_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        req: &crate::wire::restart::SlotRequest,
        now: i64,
    ) -> Result<(Uuid, crate::wire::restart::SlotAnswer)> {
        SqliteStore::take_restart_slot(self, caller, env, group, req, now).await
    }

    async fn release_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        holder: &str,
    ) -> Result<Uuid> {
        SqliteStore::release_restart_slot(self, caller, env, group, holder).await
    }

    async fn create_share(
        &self,
        caller: &Caller,
        req: &crate::wire::share::CreateShare,
        now: i64,
        audit: AuditEvent,
    ) -> Result<crate::wire::share::ShareInfo> {
        SqliteStore::create_share(self, caller, req, now, audit).await
    }

    async fn shares(
        &self,
        caller: &Caller,
        now: i64,
    ) -> Result<Vec<crate::wire::share::ShareInfo>> {
        SqliteStore::shares(self, caller, now).await
    }

    async fn revoke_share(
        &self,
        caller: &Caller,
        id: &str,
        now: i64,
        audit: AuditEvent,
    ) -> Result<crate::wire::share::ShareInfo> {
        SqliteStore::revoke_share(self, caller, id, now, audit).await
    }

    async fn share_state(&self, id: &str, now: i64) -> Result<super::shares::PageState> {
        SqliteStore::share_state(self, id, now).await
    }

    async fn reveal_share(
        &self,
        id: &str,
        who: Option<super::shares::Revealer>,
        now: i64,
        audit: AuditEvent,
    ) -> Result<super::shares::Reveal> {
        SqliteStore::reveal_share(self, id, who, now, audit).await
    }

    async fn snapshot(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, Snapshot)> {
        SqliteStore::snapshot(self, caller, env).await
    }

    async fn members(&self, caller: &Caller, project: Uuid) -> Result<Vec<Member>> {
        SqliteStore::members(self, caller, project).await
    }

    async fn put_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        put: &PutMember,
        audit: AuditEvent,
    ) -> Result<AccessChange> {
        SqliteStore::put_member(self, caller, project, user_name, put, audit).await
    }

    async fn delete_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        env: Option<Uuid>,
        audit: AuditEvent,
    ) -> Result<AccessChange> {
        SqliteStore::delete_member(self, caller, project, user_name, env, audit).await
    }

    async fn recipients(&self, caller: &Caller, env: Uuid) -> Result<Vec<Recipient>> {
        SqliteStore::recipients(self, caller, env).await
    }

    async fn devices(&self, caller: &Caller, user_name: Option<&str>) -> Result<Vec<Device>> {
        SqliteStore::devices(self, caller, user_name).await
    }

    async fn approve_device(
        &self,
        caller: &Caller,
        device: Uuid,
        audit: AuditEvent,
    ) -> Result<Device> {
        SqliteStore::approve_device(self, caller, device, audit).await
    }

    async fn revoke_device(
        &self,
        caller: &Caller,
        device: Uuid,
        audit: AuditEvent,
    ) -> Result<AccessChange> {
        SqliteStore::revoke_device(self, caller, device, audit).await
    }

    async fn append_audit(&self, events: Vec<AuditEvent>) -> Result<()> {
        SqliteStore::append_audit(self, events).await
    }

    async fn audit(&self, since: i64, limit: i64) -> Result<AuditPage> {
        SqliteStore::audit(self, since, limit).await
    }
    async fn create_service_token(
        &self,
        caller: &Caller,
        req: &crate::wire::token::CreateServiceToken,
        now: i64,
        audit: AuditEvent,
    ) -> Result<crate::wire::token::ServiceTokenInfo> {
        SqliteStore::create_service_token(self, caller, req, now, audit).await
    }

    async fn service_tokens(
        &self,
        caller: &Caller,
    ) -> Result<Vec<crate::wire::token::ServiceTokenInfo>> {
        SqliteStore::service_tokens(self, caller).await
    }

    async fn revoke_service_token(
        &self,
        caller: &Caller,
        name: &str,
        now: i64,
        audit: AuditEvent,
    ) -> Result<crate::wire::token::ServiceTokenInfo> {
        SqliteStore::revoke_service_token(self, caller, name, now, audit).await
    }

    async fn use_service_token(
        &self,
        id: &str,
        presented: [u8; 32],
        client: std::net::IpAddr,
        oidc: super::tokens::OidcCheck,
        audit: AuditEvent,
    ) -> Result<std::result::Result<super::tokens::Granted, super::tokens::Refused>> {
        SqliteStore::use_service_token(self, id, presented, client, oidc, audit).await
    }

    async fn token_changes(
        &self,
        watch: &super::tokens::Watch,
        env: Uuid,
        since: i64,
    ) -> Result<std::result::Result<super::tokens::Watched, super::tokens::Refused>> {
        SqliteStore::token_changes(self, watch, env, since).await
    }

    async fn count_token_uses(&self, uses: Vec<super::tokens::UseCount>) -> Result<()> {
        SqliteStore::count_token_uses(self, uses).await
    }

    async fn service_token_oidc(
        &self,
        id: &str,
    ) -> Result<Option<crate::wire::token::OidcBinding>> {
        SqliteStore::service_token_oidc(self, id).await
    }

    async fn authorize_token_write(
        &self,
        id: &str,
        presented: super::token_write::Presented,
        client: std::net::IpAddr,
        env: Uuid,
        names: Vec<String>,
        at: i64,
    ) -> Result<std::result::Result<Caller, super::token_write::WriteRefusal>> {
        SqliteStore::authorize_token_write(self, id, presented, client, env, names, at).await
    }

    async fn token_recipients(
        &self,
        caller: &Caller,
        env: Uuid,
    ) -> Result<Vec<crate::wire::token::TokenRecipient>> {
        SqliteStore::token_recipients(self, caller, env).await
    }

    async fn put_token_wraps(
        &self,
        caller: &Caller,
        env: Uuid,
        wraps: Vec<crate::wire::token::TokenWrap>,
        audit: AuditEvent,
    ) -> Result<()> {
        SqliteStore::put_token_wraps(self, caller, env, wraps, audit).await
    }

    async fn protect(
        &self,
        caller: &Caller,
        env: Uuid,
        approvals: u32,
        audit: AuditEvent,
    ) -> Result<Protection> {
        SqliteStore::protect(self, caller, env, approvals, audit).await
    }

    async fn proposals(&self, caller: &Caller, project: Uuid) -> Result<Vec<Proposal>> {
        SqliteStore::proposals(self, caller, project).await
    }

    async fn proposal(&self, caller: &Caller, id: Uuid) -> Result<(Uuid, Proposal)> {
        SqliteStore::proposal(self, caller, id).await
    }

    async fn approve_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        audit: AuditEvent,
    ) -> Result<Proposal> {
        SqliteStore::approve_proposal(self, caller, id, audit).await
    }

    async fn reject_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        audit: AuditEvent,
    ) -> Result<Proposal> {
        SqliteStore::reject_proposal(self, caller, id, audit).await
    }

    async fn config_envs(&self, project: &str, env: &str) -> Result<Vec<Uuid>> {
        SqliteStore::config_envs(self, project, env).await
    }

    async fn config_read(
        &self,
        reader: super::config::ConfigReader<'_>,
        env: Uuid,
        query: super::config::ConfigQuery,
    ) -> Result<super::config::ConfigRead> {
        SqliteStore::config_read(self, reader, env, query).await
    }

    async fn config_lookup(
        &self,
        asker: super::config::ConfigAsker<'_>,
        project: &str,
        env: &str,
        query: super::config::ConfigQuery,
    ) -> Result<super::config::ConfigFound> {
        SqliteStore::config_lookup(self, asker, project, env, query).await
    }

    async fn config_rollback(
        &self,
        caller: &Caller,
        env: Uuid,
        key: &str,
        version: u64,
        audit: AuditEvent,
    ) -> Result<(Uuid, i64, super::config::ConfigRow)> {
        SqliteStore::config_rollback(self, caller, env, key, version, audit).await
    }

    async fn serve_config(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &crate::wire::config::ServeConfig,
        audit: AuditEvent,
    ) -> Result<crate::wire::config::ServeConfigDone> {
        SqliteStore::serve_config(self, caller, env, req, audit).await
    }

    async fn config_token(
        &self,
        id: &str,
        presented: super::token_write::Presented,
        client: std::net::IpAddr,
        at: i64,
    ) -> Result<std::result::Result<(super::tokens::UseRow, Vec<Uuid>), super::tokens::Refused>>
    {
        SqliteStore::config_token(self, id, presented, client, at).await
    }
}
