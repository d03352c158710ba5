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
pub mod feed;
mod log;
mod members;
mod proposals;
mod restart;
pub(in crate::server::store) mod schema;
mod shares;
mod token_keys;
mod token_write;
mod tokens;

use schema::MIGRATIONS;

/// Connections per server node for requests.
const POOL_SIZE: usize = 16;

/// Connections per server node for the audit writer's batches: its own, so a batch (on
/// which every waiting read depends) never queues behind the reads for a connection.
/// Two: a batch's entries and its token use counts commit side by side.
const WRITER_POOL_SIZE: usize = 2;

/// Key of the advisory lock held while migrating ("scli" "migr").
const MIGRATION_LOCK: i64 = 0x7363_6c69_6d69_6772;

/// A pool of at most `size` connections to `config`'s database.
fn pool_of(config: tokio_postgres::Config, size: usize) -> Result<Pool> {
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size)
        .build()
        .map_err(|e| StoreError::Backend(e.to_string()))
}

/// The PostgreSQL store.
pub struct PgStore {
    server_id: Uuid,
    pool: Pool,
    /// The audit writer's connections ([`WRITER_POOL_SIZE`]).
    writer: Pool,
    /// Where this node's last audit batch left the chain; `None` when unknown. Only a hint:
    /// pushes, logins and other nodes move the head too, and a batch chained onto a stale
    /// tip writes nothing and is redone under the head's row lock.
    audit_tip: std::sync::Mutex<Option<AuditHead>>,
    /// What each service token was last served, so an unchanged env is not read again.
    served: super::served::ServedItems,
}

impl PgStore {
    /// Connects, migrates and loads the server id.
    pub async fn open(url: &str) -> Result<Self> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Backend(format!("bad database URL: {e}")))?;
        let pool = pool_of(config.clone(), POOL_SIZE)?;
        let writer = pool_of(config, WRITER_POOL_SIZE)?;
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
            writer,
            audit_tip: std::sync::Mutex::new(None),
            served: Default::default(),
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

// The table of contents: each operation lives in the module of its concern (accounts,
// members, envs, log, audit) as an inherent method of the same name, which `PgStore::name`
// resolves to before this trait's.
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
        PgStore::has_users(self).await
    }

    async fn install_bootstrap(&self, token: NewToken, now: i64) -> Result<bool> {
        PgStore::install_bootstrap(self, token, now).await
    }

    async fn token(&self, id: &str) -> Result<Option<TokenRecord>> {
        PgStore::token(self, id).await
    }

    async fn login(&self, token_id: &str, login: NewLogin, audit: AuditEvent) -> Result<LoginDone> {
        PgStore::login(self, token_id, login, audit).await
    }

    async fn create_invite(
        &self,
        caller: &Caller,
        user_id: Option<Uuid>,
        grant: Option<InviteGrant>,
        token: NewToken,
        audit: AuditEvent,
    ) -> Result<()> {
        PgStore::create_invite(self, caller, user_id, grant, token, audit).await
    }

    async fn revoke_token(&self, caller: &Caller, token_id: &str, now: i64) -> Result<()> {
        PgStore::revoke_token(self, caller, token_id, now).await
    }

    async fn projects(&self, caller: &Caller) -> Result<Vec<RemoteProject>> {
        PgStore::projects(self, caller).await
    }

    async fn put_project(
        &self,
        caller: &Caller,
        id: Uuid,
        name: &str,
        now: i64,
    ) -> Result<RemoteProject> {
        PgStore::put_project(self, caller, id, name, now).await
    }

    async fn put_env(
        &self,
        caller: &Caller,
        id: Uuid,
        env: &crate::wire::PutEnv,
        now: i64,
    ) -> Result<RemoteEnv> {
        PgStore::put_env(self, caller, id, env, now).await
    }

    async fn project_envs(&self, caller: &Caller, project: Uuid) -> Result<Vec<RemoteEnv>> {
        PgStore::project_envs(self, caller, project).await
    }

    async fn env(&self, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
        PgStore::env(self, caller, id).await
    }

    async fn put_env_key(
        &self,
        caller: &Caller,
        env: Uuid,
        key_version: u32,
        wraps: &[WrappedKey],
        audit: AuditEvent,
    ) -> Result<()> {
        PgStore::put_env_key(self, caller, env, key_version, wraps, audit).await
    }

    async fn push(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &PushRequest,
        request_hash: [u8; 32],
        audit: AuditEvent,
    ) -> Result<PushResponse> {
        PgStore::push(self, caller, env, req, request_hash, audit).await
    }

    async fn log(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
        limit: i64,
    ) -> Result<(Uuid, LogPage)> {
        PgStore::log(self, caller, env, since, limit).await
    }

    async fn env_head(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, i64)> {
        PgStore::env_head(self, caller, env).await
    }

    async fn changes(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
    ) -> Result<(Uuid, crate::wire::feed::FeedPage)> {
        PgStore::changes(self, caller, env, since).await
    }

    async fn take_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        req: &crate::wire::restart::SlotRequest,
        now: i64,
    ) -> Result<(Uuid, crate::wire::restart::SlotAnswer)> {
        PgStore::take_restart_slot(self, caller, env, group, req, now).await
    }

    async fn release_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        holder: &str,
    ) -> Result<Uuid> {
        PgStore::release_restart_slot(self, caller, env, group, holder).await
    }

    async fn create_share(
        &self,
        caller: &Caller,
        req: &crate::wire::share::CreateShare,
        now: i64,
        audit: AuditEvent,
    ) -> Result<crate::wire::share::ShareInfo> {
        PgStore::create_share(self, caller, req, now, audit).await
    }

    async fn shares(
        &self,
        caller: &Caller,
        now: i64,
    ) -> Result<Vec<crate::wire::share::ShareInfo>> {
        PgStore::shares(self, caller, now).await
    }

    async fn revoke_share(
        &self,
        caller: &Caller,
        id: &str,
        now: i64,
        audit: AuditEvent,
    ) -> Result<crate::wire::share::ShareInfo> {
        PgStore::revoke_share(self, caller, id, now, audit).await
    }

    async fn share_state(&self, id: &str, now: i64) -> Result<super::shares::PageState> {
        PgStore::share_state(self, id, now).await
    }

    async fn reveal_share(
        &self,
        id: &str,
        who: Option<super::shares::Revealer>,
        now: i64,
        audit: AuditEvent,
    ) -> Result<super::shares::Reveal> {
        PgStore::reveal_share(self, id, who, now, audit).await
    }

    async fn snapshot(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, Snapshot)> {
        PgStore::snapshot(self, caller, env).await
    }

    async fn members(&self, caller: &Caller, project: Uuid) -> Result<Vec<Member>> {
        PgStore::members(self, caller, project).await
    }

    async fn put_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        put: &PutMember,
        audit: AuditEvent,
    ) -> Result<AccessChange> {
        PgStore::put_member(self, caller, project, user_name, put, audit).await
    }

    async fn delete_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        env: Option<Uuid>,
        audit: AuditEvent,
    ) -> Result<AccessChange> {
        PgStore::delete_member(self, caller, project, user_name, env, audit).await
    }

    async fn recipients(&self, caller: &Caller, env: Uuid) -> Result<Vec<Recipient>> {
        PgStore::recipients(self, caller, env).await
    }

    async fn devices(&self, caller: &Caller, user_name: Option<&str>) -> Result<Vec<Device>> {
        PgStore::devices(self, caller, user_name).await
    }

    async fn approve_device(
        &self,
        caller: &Caller,
        device: Uuid,
        audit: AuditEvent,
    ) -> Result<Device> {
        PgStore::approve_device(self, caller, device, audit).await
    }

    async fn revoke_device(
        &self,
        caller: &Caller,
        device: Uuid,
        audit: AuditEvent,
    ) -> Result<AccessChange> {
        PgStore::revoke_device(self, caller, device, audit).await
    }

    async fn append_audit(&self, events: Vec<AuditEvent>) -> Result<()> {
        PgStore::append_audit(self, events).await
    }

    async fn audit(&self, since: i64, limit: i64) -> Result<AuditPage> {
        PgStore::audit(self, since, limit).await
    }
    async fn create_service_token(
        &self,
        caller: &Caller,
        req: &crate::wire::token::CreateServiceToken,
        now: i64,
        audit: AuditEvent,
    ) -> Result<crate::wire::token::ServiceTokenInfo> {
        PgStore::create_service_token(self, caller, req, now, audit).await
    }

    async fn service_tokens(
        &self,
        caller: &Caller,
    ) -> Result<Vec<crate::wire::token::ServiceTokenInfo>> {
        PgStore::service_tokens(self, caller).await
    }

    async fn revoke_service_token(
        &self,
        caller: &Caller,
        name: &str,
        now: i64,
        audit: AuditEvent,
    ) -> Result<crate::wire::token::ServiceTokenInfo> {
        PgStore::revoke_service_token(self, caller, name, now, audit).await
    }

    async fn use_service_token(
        &self,
        id: &str,
        presented: [u8; 32],
        client: std::net::IpAddr,
        oidc: super::tokens::OidcCheck,
        audit: AuditEvent,
    ) -> Result<std::result::Result<super::tokens::Granted, super::tokens::Refused>> {
        PgStore::use_service_token(self, id, presented, client, oidc, audit).await
    }

    async fn token_changes(
        &self,
        watch: &super::tokens::Watch,
        env: Uuid,
        since: i64,
    ) -> Result<std::result::Result<super::tokens::Watched, super::tokens::Refused>> {
        PgStore::token_changes(self, watch, env, since).await
    }

    async fn count_token_uses(&self, uses: Vec<super::tokens::UseCount>) -> Result<()> {
        PgStore::count_token_uses(self, uses).await
    }

    async fn service_token_oidc(
        &self,
        id: &str,
    ) -> Result<Option<crate::wire::token::OidcBinding>> {
        PgStore::service_token_oidc(self, id).await
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
        PgStore::authorize_token_write(self, id, presented, client, env, names, at).await
    }

    async fn token_recipients(
        &self,
        caller: &Caller,
        env: Uuid,
    ) -> Result<Vec<crate::wire::token::TokenRecipient>> {
        PgStore::token_recipients(self, caller, env).await
    }

    async fn put_token_wraps(
        &self,
        caller: &Caller,
        env: Uuid,
        wraps: Vec<crate::wire::token::TokenWrap>,
        audit: AuditEvent,
    ) -> Result<()> {
        PgStore::put_token_wraps(self, caller, env, wraps, audit).await
    }

    async fn protect(
        &self,
        caller: &Caller,
        env: Uuid,
        approvals: u32,
        audit: AuditEvent,
    ) -> Result<Protection> {
        PgStore::protect(self, caller, env, approvals, audit).await
    }

    async fn proposals(&self, caller: &Caller, project: Uuid) -> Result<Vec<Proposal>> {
        PgStore::proposals(self, caller, project).await
    }

    async fn proposal(&self, caller: &Caller, id: Uuid) -> Result<(Uuid, Proposal)> {
        PgStore::proposal(self, caller, id).await
    }

    async fn approve_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        audit: AuditEvent,
    ) -> Result<Proposal> {
        PgStore::approve_proposal(self, caller, id, audit).await
    }

    async fn reject_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        audit: AuditEvent,
    ) -> Result<Proposal> {
        PgStore::reject_proposal(self, caller, id, audit).await
    }

    async fn config_envs(&self, project: &str, env: &str) -> Result<Vec<Uuid>> {
        PgStore::config_envs(self, project, env).await
    }

    async fn config_read(
        &self,
        reader: super::config::ConfigReader<'_>,
        env: Uuid,
        query: super::config::ConfigQuery,
    ) -> Result<super::config::ConfigRead> {
        PgStore::config_read(self, reader, env, query).await
    }

    async fn config_lookup(
        &self,
        asker: super::config::ConfigAsker<'_>,
        project: &str,
        env: &str,
        query: super::config::ConfigQuery,
    ) -> Result<super::config::ConfigFound> {
        PgStore::config_lookup(self, asker, project, env, query).await
    }

    async fn config_rollback(
        &self,
        caller: &Caller,
        env: Uuid,
        key: &str,
        version: u64,
        audit: AuditEvent,
    ) -> Result<(Uuid, i64, super::config::ConfigRow)> {
        PgStore::config_rollback(self, caller, env, key, version, audit).await
    }

    async fn serve_config(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &crate::wire::config::ServeConfig,
        audit: AuditEvent,
    ) -> Result<crate::wire::config::ServeConfigDone> {
        PgStore::serve_config(self, caller, env, req, audit).await
    }

    async fn config_token(
        &self,
        id: &str,
        presented: super::token_write::Presented,
        client: std::net::IpAddr,
        at: i64,
    ) -> Result<std::result::Result<(super::tokens::UseRow, Vec<Uuid>), super::tokens::Refused>>
    {
        PgStore::config_token(self, id, presented, client, at).await
    }
}
