//! What the server keeps, behind one trait with two backends: SQLite (one file, the
//! default) and PostgreSQL (several stateless server nodes sharing one database).
//!
//! The trait speaks in whole operations ("push these changes"), not rows: each method is
//! one transaction that also checks access and, for writes, appends the audit entry, so a
//! backend cannot forget either. Both backends pass the suite in `tests.rs`.
//!
//! What is stored is what clients sent (ciphertext, wrapped keys, names, metadata) plus
//! token hashes: never a token, a value or an unwrapped key.

pub mod access;
pub mod config;
pub(crate) mod feed;
pub mod postgres;
pub(crate) mod proposals;
pub(crate) mod restart;
pub mod served;
pub mod shares;
pub mod sqlite;
#[cfg(test)]
mod tests;
pub mod token_keys;
pub mod token_write;
pub mod tokens;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::future::Future;

use uuid::Uuid;

pub use access::EnvAccess;

use crate::wire::proposals::{Proposal, Protection};
use crate::wire::team::{
    AccessChange, Device, DeviceStatus, InviteGrant, Member, PutMember, Recipient,
};
use crate::wire::{
    AuditPage, Change, Conflict, ItemKind, LogPage, PushRequest, PushResponse, RemoteAuditEntry,
    RemoteEnv, RemoteProject, Snapshot, WrappedKey,
};

/// Store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why a store operation failed; `app` maps each to an HTTP status and stable code.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such thing (or the caller may not know it exists).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The caller may not do this. `project` names the project concerned, for the audit.
    #[error("not allowed: {why}")]
    Forbidden {
        /// Project of the environment the caller was refused, when known.
        project: Option<Uuid>,
        /// What was refused and why, for the caller (names positions and roles, never a
        /// key or a value).
        why: String,
    },
    /// A push carries item versions sealed under a key version below the environment's
    /// floor (someone lost access since): the env key must be rotated first.
    #[error("the environment's key must be rotated first")]
    KeyRotationRequired {
        /// The lowest key version the server accepts.
        min_key_version: u32,
        /// Items sealed under an older key version.
        names: Vec<String>,
    },
    /// Items changed since the push's base revision.
    #[error("{} item(s) changed on the server since revision you pushed from", .0.names.len())]
    Conflict(Conflict),
    /// Item versions that already exist (a forced push must number its versions after them).
    #[error("item versions already exist on the server")]
    VersionExists(Conflict),
    /// The idempotency key was already used for a different request.
    #[error("this idempotency key was already used for a different push")]
    IdempotencyMismatch,
    /// A one-time token was used (or revoked) while this request held it.
    #[error("the token was used or revoked meanwhile")]
    TokenSpent,
    /// The environment's config is not served (`env serve-config`).
    #[error("the environment's config is not served")]
    NotServed,
    /// The request makes no sense (bad revision, duplicate version, ...).
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error("database error: {0}")]
    Backend(String),
    /// The proposal was already decided (applied, rejected or conflicted).
    #[error("the proposal is {}", .state.as_str())]
    ProposalClosed {
        /// Where it stands.
        state: crate::wire::proposals::ProposalState,
    },
    /// The caller's user wrote this proposal: someone else must approve it.
    #[error("the author of a proposal cannot approve it")]
    OwnProposal {
        /// The proposal's project, for the audit.
        project: Uuid,
    },
    /// The caller's user already approved this proposal.
    #[error("already approved")]
    AlreadyApproved {
        /// Approvals so far.
        have: u32,
        /// Approvals needed.
        needed: u32,
    },
    /// A share with this id exists already.
    #[error("a share with this id exists")]
    ShareExists,
    /// The share is expired, used up or revoked.
    #[error("the share is {}", .0.as_str())]
    ShareGone(crate::wire::share::ShareState),
    /// The final approval found items changed since the proposal's base revision (the
    /// proposal is now `conflicted`).
    #[error("{} item(s) changed since the proposal's base revision", .0.names.len())]
    ProposalConflict(Conflict),
}

impl StoreError {
    /// `Forbidden` in `project`, saying `why`.
    pub fn forbidden(project: Option<Uuid>, why: impl Into<String>) -> Self {
        StoreError::Forbidden {
            project,
            why: why.into(),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Backend(e.to_string())
    }
}

// tokio_postgres displays a server error as just "db error"; the cause (message, SQLSTATE,
// detail) is in its source. The log must carry the cause, so the whole chain is kept.
impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        StoreError::Backend(with_causes(&e))
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        StoreError::Backend(with_causes(&e))
    }
}

/// `e: cause: cause...`, for the log.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Creates the first admin; valid only while the store has no users.
    Bootstrap,
    /// Creates a user, or a device of an existing user; one use.
    Invite,
    /// A device's API token.
    Device,
}

impl TokenKind {
    /// Name in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Bootstrap => "bootstrap",
            TokenKind::Invite => "invite",
            TokenKind::Device => "device",
        }
    }

    /// From the database name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "bootstrap" => TokenKind::Bootstrap,
            "invite" => TokenKind::Invite,
            "device" => TokenKind::Device,
            _ => return None,
        })
    }
}

/// A token to store: its public id and the SHA-256 of its secret part, never the secret.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// Public id (hex).
    pub id: String,
    /// SHA-256 of the secret part.
    pub hash: [u8; 32],
    /// Expiry (ms since epoch).
    pub expires_at: Option<i64>,
}

/// A stored token, as authentication needs it.
#[derive(Debug, Clone)]
pub struct TokenRecord {
    /// Public id.
    pub id: String,
    /// SHA-256 of the secret part.
    pub hash: Vec<u8>,
    /// What it is for.
    pub kind: TokenKind,
    /// Expiry (ms since epoch).
    pub expires_at: Option<i64>,
    /// Revoked (or, for one-time tokens, used).
    pub spent: bool,
    /// For a device token: who is calling.
    pub caller: Option<Caller>,
}

/// An authenticated device and its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// User id.
    pub user_id: Uuid,
    /// User name (unique).
    pub user_name: String,
    /// Administers the server.
    pub admin: bool,
    /// Device id.
    pub device_id: Uuid,
    /// Device name.
    pub device_name: String,
    /// The device's age recipient.
    pub recipient: String,
    /// The token this request used.
    pub token_id: String,
    /// Whether the device is approved (a pending one may only ask about itself).
    pub status: DeviceStatus,
}

/// A login to record: the device to create and its new token.
#[derive(Debug, Clone)]
pub struct NewLogin {
    /// New user's id (used when the token creates a user).
    pub user_id: Uuid,
    /// New user's name.
    pub user_name: Option<String>,
    /// New device's id.
    pub device_id: Uuid,
    /// Device name.
    pub device_name: String,
    /// The device's age recipient.
    pub recipient: String,
    /// The device's API token.
    pub token: NewToken,
    /// Time (ms since epoch).
    pub now: i64,
}

/// Who logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginDone {
    /// The user (new or existing).
    pub user_id: Uuid,
    /// The new device.
    pub device_id: Uuid,
    /// Whether the user is an admin.
    pub admin: bool,
}

/// One audit event before it is chained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditEvent {
    /// Time (ms since epoch).
    pub at: i64,
    /// User name, or `anonymous`.
    pub actor: String,
    /// Device name.
    pub device: Option<String>,
    /// Verb.
    pub action: String,
    /// Project; the store fills it in from the environment when it is `None`.
    pub project: Option<Uuid>,
    /// Environment.
    pub env: Option<Uuid>,
    /// Item names concerned.
    pub names: Vec<String>,
    /// Allowed or denied.
    pub allowed: bool,
    /// Client address.
    pub client: String,
    /// Request id.
    pub request_id: String,
    /// Whom the action concerned (a member, a device), when not the actor.
    pub target: Option<String>,
}

impl AuditEvent {
    /// The chained entry at `seq` after the entry whose hex hash is `prev_hash`.
    pub fn chain(self, seq: i64, prev_hash: &str) -> RemoteAuditEntry {
        let mut entry = RemoteAuditEntry {
            seq,
            at: self.at,
            actor: self.actor,
            device: self.device,
            action: self.action,
            project: self.project,
            env: self.env,
            names: self.names,
            allowed: self.allowed,
            client: self.client,
            request_id: self.request_id,
            target: self.target,
            prev_hash: prev_hash.to_string(),
            hash: String::new(),
        };
        let prev = hex::decode(prev_hash).unwrap_or_default();
        entry.hash = hex::encode(entry.chain_hash(&prev));
        entry
    }
}

/// The end of the audit chain: the last entry's seq and hex hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// Chains `events` after `head`: the entries to store and the chain's new head.
pub(crate) fn chain(events: &[AuditEvent], head: &AuditHead) -> (Vec<RemoteAuditEntry>, AuditHead) {
    let mut next = head.clone();
    let entries = events
        .iter()
        .map(|event| {
            next.seq += 1;
            let entry = event.clone().chain(next.seq, &next.hash);
            next.hash.clone_from(&entry.hash);
            entry
        })
        .collect();
    (entries, next)
}

/// An item kind's name in the `entries` table.
pub(crate) fn kind_name(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Secret => "secret",
        ItemKind::Config => "config",
    }
}

/// The item kind named in the `entries` table (anything but `config` reads as a secret,
/// the kind that is never served in clear).
pub(crate) fn kind_from_name(name: &str) -> ItemKind {
    if name == "config" {
        ItemKind::Config
    } else {
        ItemKind::Secret
    }
}

/// A change's `op` in the `entries` table.
pub(crate) fn op_name(change: &Change) -> &'static str {
    match change {
        Change::Version(_) => "version",
        Change::Delete { .. } => "delete",
        Change::Restore { .. } => "restore",
    }
}

/// The hex hash before the first audit entry.
pub fn genesis_hash() -> String {
    hex::encode(crate::wire::AUDIT_GENESIS)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Largest page a log or audit read returns (a single revision may exceed it: pages never
/// split a revision, or `since=<last revision>` would skip its tail).
pub const MAX_PAGE: i64 = 10_000;

/// The storage operations, each one transaction.
pub trait Store: Send + Sync + 'static {
    /// This server's stable id (made on first start).
    fn server_id(&self) -> Uuid;
    /// Answers when the database does.
    fn ping(&self) -> impl Future<Output = Result<()>> + Send;
    /// Whether any user exists (a store without users needs a bootstrap token).
    fn has_users(&self) -> impl Future<Output = Result<bool>> + Send;
    /// Stores a bootstrap token, revoking earlier unused ones, unless users exist (then
    /// returns false and stores nothing).
    fn install_bootstrap(
        &self,
        token: NewToken,
        now: i64,
    ) -> impl Future<Output = Result<bool>> + Send;
    /// The token with this id, with its caller for device tokens.
    fn token(&self, id: &str) -> impl Future<Output = Result<Option<TokenRecord>>> + Send;
    /// Redeems a bootstrap or invite token (checked by the caller, re-checked here under
    /// the transaction): creates the user if the token says so, the device and its token.
    fn login(
        &self,
        token_id: &str,
        login: NewLogin,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<LoginDone>> + Send;
    /// Stores an invite token: for another device of the caller's own user (any approved
    /// device), of another user (server admins), or for a new user (server admins, or with
    /// `grant` an admin of the grant's project or environment, audited with the grant).
    fn create_invite(
        &self,
        caller: &Caller,
        user_id: Option<Uuid>,
        grant: Option<InviteGrant>,
        token: NewToken,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Revokes a token (admins: any; others: their own user's).
    fn revoke_token(
        &self,
        caller: &Caller,
        token_id: &str,
        now: i64,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Projects the caller can see.
    fn projects(&self, caller: &Caller) -> impl Future<Output = Result<Vec<RemoteProject>>> + Send;
    /// Creates a project (the caller becomes its owner) or renames one the caller can see.
    fn put_project(
        &self,
        caller: &Caller,
        id: Uuid,
        name: &str,
        now: i64,
    ) -> impl Future<Output = Result<RemoteProject>> + Send;
    /// Creates an environment in a project the caller owns, or renames/re-parents one.
    fn put_env(
        &self,
        caller: &Caller,
        id: Uuid,
        env: &crate::wire::PutEnv,
        now: i64,
    ) -> impl Future<Output = Result<RemoteEnv>> + Send;
    /// The environments of a project that the caller may use, each with the env keys
    /// wrapped to the caller's recipient (`Forbidden` when it may use none and does not
    /// own the project).
    fn project_envs(
        &self,
        caller: &Caller,
        project: Uuid,
    ) -> impl Future<Output = Result<Vec<RemoteEnv>>> + Send;
    /// An environment with the env keys wrapped to the caller's recipient.
    fn env(&self, caller: &Caller, id: Uuid) -> impl Future<Output = Result<RemoteEnv>> + Send;
    /// Stores env key `key_version` wrapped to recipients: readers may add wraps of an
    /// existing key version, writers may start a new one, and every wrap must be addressed
    /// to an approved device of a reader (or above) of the environment.
    fn put_env_key(
        &self,
        caller: &Caller,
        env: Uuid,
        key_version: u32,
        wraps: &[WrappedKey],
        audit: AuditEvent,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Appends a push (see docs/sync.md): idempotent on its key, compare-and-set on its base
    /// revision, audited in the same transaction.
    fn push(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &PushRequest,
        request_hash: [u8; 32],
        audit: AuditEvent,
    ) -> impl Future<Output = Result<PushResponse>> + Send;
    /// Log entries after `since` (whole revisions), and the environment's project.
    fn log(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
        limit: i64,
    ) -> impl Future<Output = Result<(Uuid, LogPage)>> + Send;
    /// The environment's project and current revision, once the caller may read it.
    fn env_head(
        &self,
        caller: &Caller,
        env: Uuid,
    ) -> impl Future<Output = Result<(Uuid, i64)>> + Send;
    /// The feed of an environment (docs/live.md): its project and current revision, and
    /// the names changed in each revision after `since`, for viewers and above.
    fn changes(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
    ) -> impl Future<Output = Result<(Uuid, crate::wire::feed::FeedPage)>> + Send;
    /// The latest version of every live item, and the environment's project.
    /// Takes (or renews) one of `req.max` restart slots of `group` in `env` for
    /// `req.holder` at `now` (ms), after dropping the group's expired slots
    /// (docs/live.md): viewers and above, like the feed. Atomic across server nodes.
    /// Returns the environment's project and the answer.
    fn take_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        req: &crate::wire::restart::SlotRequest,
        now: i64,
    ) -> impl Future<Output = Result<(Uuid, crate::wire::restart::SlotAnswer)>> + Send;

    /// Gives back `holder`'s slot of `group` in `env` (nothing to give back is fine):
    /// viewers and above. Returns the environment's project.
    fn release_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        holder: &str,
    ) -> impl Future<Output = Result<Uuid>> + Send;

    /// Stores a share of an item of `req.env_id` (readers and above: the value is one they
    /// could read), audited in the same transaction.
    fn create_share(
        &self,
        caller: &Caller,
        req: &crate::wire::share::CreateShare,
        now: i64,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<crate::wire::share::ShareInfo>> + Send;
    /// The shares the caller's user created.
    fn shares(
        &self,
        caller: &Caller,
        now: i64,
    ) -> impl Future<Output = Result<Vec<crate::wire::share::ShareInfo>>> + Send;
    /// Revokes a share (its creator only) and forgets its envelope; audited.
    fn revoke_share(
        &self,
        caller: &Caller,
        id: &str,
        now: i64,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<crate::wire::share::ShareInfo>> + Send;
    /// Where a share stands and whether it needs a password (`NotFound` when unknown);
    /// counts nothing (the page's GET).
    fn share_state(
        &self,
        id: &str,
        now: i64,
    ) -> impl Future<Output = Result<shares::PageState>> + Send;
    /// One reveal by anyone holding the link: counts a view and answers the envelope, or
    /// answers why not, atomically across nodes; audited (with the item's name) in the
    /// same transaction. `NotFound` when unknown.
    /// A recipient-bound share answers only its user (`who`), with the link key wrapped to
    /// the calling device (`Forbidden` otherwise, nothing counted).
    fn reveal_share(
        &self,
        id: &str,
        who: Option<shares::Revealer>,
        now: i64,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<shares::Reveal>> + Send;

    fn snapshot(
        &self,
        caller: &Caller,
        env: Uuid,
    ) -> impl Future<Output = Result<(Uuid, Snapshot)>> + Send;
    /// The members of a project (any member of it or of one of its environments may ask).
    fn members(
        &self,
        caller: &Caller,
        project: Uuid,
    ) -> impl Future<Output = Result<Vec<Member>>> + Send;
    /// Grants or changes a role (admins of the project, or of the environment for an
    /// environment's role); a drop below reader removes that user's wraps like
    /// [`Store::delete_member`].
    fn put_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        put: &PutMember,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<AccessChange>> + Send;
    /// Removes a user's role on the project (and its environments' roles) or on one
    /// environment; in the same transaction deletes the wraps to their devices where they
    /// can no longer read and raises those environments' key floors.
    fn delete_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        env: Option<Uuid>,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<AccessChange>> + Send;
    /// Every approved device of every user who may read the environment, with the key
    /// versions wrapped to each (readers and above may ask).
    fn recipients(
        &self,
        caller: &Caller,
        env: Uuid,
    ) -> impl Future<Output = Result<Vec<Recipient>>> + Send;
    /// The devices of the caller's user, or of `user_name` (server admins, admins of a
    /// project that user is a member of).
    fn devices(
        &self,
        caller: &Caller,
        user_name: Option<&str>,
    ) -> impl Future<Output = Result<Vec<Device>>> + Send;
    /// Approves a pending device (an approved device of its user, or an admin over it).
    fn approve_device(
        &self,
        caller: &Caller,
        device: Uuid,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<Device>> + Send;
    /// Revokes a device (its user, or an admin over it): its tokens, its wraps, and the
    /// floors of the environments whose keys it held.
    fn revoke_device(
        &self,
        caller: &Caller,
        device: Uuid,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<AccessChange>> + Send;
    /// Appends events to the audit chain, all or none.
    fn append_audit(&self, events: Vec<AuditEvent>) -> impl Future<Output = Result<()>> + Send;
    /// Audit entries after `since`.
    fn audit(&self, since: i64, limit: i64) -> impl Future<Output = Result<AuditPage>> + Send;
    /// Stores a service token (docs/tokens.md): the caller must be an admin of every
    /// environment it names; audited in the same transaction.
    fn create_service_token(
        &self,
        caller: &Caller,
        req: &crate::wire::token::CreateServiceToken,
        now: i64,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<crate::wire::token::ServiceTokenInfo>> + Send;
    /// The service tokens of environments the caller administers (server admins: all).
    fn service_tokens(
        &self,
        caller: &Caller,
    ) -> impl Future<Output = Result<Vec<crate::wire::token::ServiceTokenInfo>>> + Send;
    /// Revokes the live token called `name` (an admin of one of its environments): forgets
    /// the server's share and the wraps in the same transaction, so no later use opens
    /// anything; audited.
    fn revoke_service_token(
        &self,
        caller: &Caller,
        name: &str,
        now: i64,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<crate::wire::token::ServiceTokenInfo>> + Send;
    /// A use of token `id` presenting an auth secret hashing to `presented` from `client`:
    /// when every check passes, answers the share, the wraps and the items the token's
    /// names globs match, with one audit entry per environment (the names served; `audit`
    /// is the template). A token with `--max-uses` is counted and audited in the use's
    /// transaction; any other is read only, and its entries come back for the caller to
    /// store ([`tokens::Recorded`]). A refusal is returned, not audited (the caller
    /// audits it outside this transaction, which changes nothing).
    fn use_service_token(
        &self,
        id: &str,
        presented: [u8; 32],
        client: std::net::IpAddr,
        oidc: tokens::OidcCheck,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<std::result::Result<tokens::Granted, tokens::Refused>>> + Send;
    /// The feed of `env` for a service token (docs/live.md): refused like a use (the secret
    /// first) but never counted; `Forbidden` when the token holds no keys of `env` or an
    /// environment inheriting from it. Names outside the token's globs are left out.
    fn token_changes(
        &self,
        watch: &tokens::Watch,
        env: Uuid,
        since: i64,
    ) -> impl Future<Output = Result<std::result::Result<tokens::Watched, tokens::Refused>>> + Send;
    /// Adds uses to tokens' counts and moves their last-use times forward (never back).
    fn count_token_uses(
        &self,
        uses: Vec<tokens::UseCount>,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The OIDC binding of token `id`, if it has one (none when the id is unknown): what a
    /// use's ID token is verified against before the use itself.
    fn service_token_oidc(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<crate::wire::token::OidcBinding>>> + Send;
    /// A `--write` token's push to `env` of `names` at `at`: the use checks (counting the
    /// use) and the write checks (`token_write::check_write`) in one transaction; the
    /// token's creator as the caller to push as, or why not.
    fn authorize_token_write(
        &self,
        id: &str,
        presented: token_write::Presented,
        client: std::net::IpAddr,
        env: Uuid,
        names: Vec<String>,
        at: i64,
    ) -> impl Future<Output = Result<std::result::Result<Caller, token_write::WriteRefusal>>> + Send;
    /// The live service tokens holding keys of `env` (docs/tokens.md): admins of it.
    fn token_recipients(
        &self,
        caller: &Caller,
        env: Uuid,
    ) -> impl Future<Output = Result<Vec<crate::wire::token::TokenRecipient>>> + Send;
    /// Adds wraps of `env`'s key versions to live tokens that hold keys of it, each
    /// addressed to the token's recipient (`token_keys::check_wrap`): admins of it.
    fn put_token_wraps(
        &self,
        caller: &Caller,
        env: Uuid,
        wraps: Vec<crate::wire::token::TokenWrap>,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Protects an environment (`approvals` >= 1) or unprotects it (0); admins of it.
    fn protect(
        &self,
        caller: &Caller,
        env: Uuid,
        approvals: u32,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<Protection>> + Send;
    /// The pending proposals of the environments of a project the caller may view.
    fn proposals(
        &self,
        caller: &Caller,
        project: Uuid,
    ) -> impl Future<Output = Result<Vec<Proposal>>> + Send;
    /// One proposal with its changes (viewers and above of its environment), and its
    /// project.
    fn proposal(
        &self,
        caller: &Caller,
        id: Uuid,
    ) -> impl Future<Output = Result<(Uuid, Proposal)>> + Send;
    /// Approves a proposal (a writer or admin who is not its author); the final approval
    /// applies it against its base revision, or marks it conflicted and refuses with the
    /// names (`ProposalConflict`, committed).
    fn approve_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<Proposal>> + Send;
    /// Environments a config URL may name (docs/config-api.md): those whose project's id or
    /// name is `project` and whose own id or name is `env`, oldest first (at most 16).
    /// No access check: the caller checks each.
    fn config_envs(
        &self,
        project: &str,
        env: &str,
    ) -> impl Future<Output = Result<Vec<Uuid>>> + Send;
    /// The served config rows `query` selects in `env` and the served ancestors it inherits
    /// from (`NotServed` when `env` itself is not served), for a member with at least the
    /// viewer role or a token the app checked.
    fn config_read(
        &self,
        reader: config::ConfigReader<'_>,
        env: Uuid,
        query: config::ConfigQuery,
    ) -> impl Future<Output = Result<config::ConfigRead>> + Send;
    /// A config URL's read in one call and one read transaction: the environments named
    /// `project`/`env` (as [`Store::config_envs`]), then the read (as
    /// [`Store::config_read`]) of the first one `asker` may read. A refusal of every
    /// candidate is an answer ([`config::ConfigFound`]), not an error; other errors (not
    /// served, the store) are.
    fn config_lookup(
        &self,
        asker: config::ConfigAsker<'_>,
        project: &str,
        env: &str,
        query: config::ConfigQuery,
    ) -> impl Future<Output = Result<config::ConfigFound>> + Send;
    /// Writes a new version of `key` in `env` equal to its `version` (writers and above),
    /// as a new revision of the environment (so the feed carries it); audited. Returns the
    /// project, the revision and the row written.
    fn config_rollback(
        &self,
        caller: &Caller,
        env: Uuid,
        key: &str,
        version: u64,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<(Uuid, i64, config::ConfigRow)>> + Send;
    /// Turns serving of `env`'s config on (storing the values sent, each for its item's
    /// latest config version) or off (forgetting every stored value): admins; audited.
    fn serve_config(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &crate::wire::config::ServeConfig,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<crate::wire::config::ServeConfigDone>> + Send;
    /// A service token's use for the config API: the use checks of [`Store::use_service_token`]
    /// (not counted: the app counts and audits the use), then its row (scope) and own
    /// environments, or why not.
    fn config_token(
        &self,
        id: &str,
        presented: token_write::Presented,
        client: std::net::IpAddr,
        at: i64,
    ) -> impl Future<
        Output = Result<std::result::Result<(tokens::UseRow, Vec<Uuid>), tokens::Refused>>,
    > + Send;
    /// Rejects a pending proposal (a writer or admin, or its author withdrawing it).
    fn reject_proposal(
        &self,
        caller: &Caller,
        id: Uuid,
        audit: AuditEvent,
    ) -> impl Future<Output = Result<Proposal>> + Send;
}

/// The checks every backend makes on a push before writing, given the environment's
/// current `revision` and the names changed after the push's base revision.
pub(crate) fn check_push(
    req: &PushRequest,
    revision: i64,
    changed_since_base: &HashSet<String>,
) -> Result<()> {
    if req.base_revision < 0 || req.base_revision > revision {
        return Err(StoreError::Invalid(format!(
            "base_revision {} is not a revision of this environment (it is at {revision})",
            req.base_revision
        )));
    }
    config::check_served(req)?;
    let mut seen = HashSet::new();
    for change in &req.changes {
        if change.name().is_empty() {
            return Err(StoreError::Invalid("an item name is empty".into()));
        }
        if let Change::Version(v) = change {
            if v.version == 0 || v.version > i64::MAX as u64 {
                return Err(StoreError::Invalid(format!(
                    "{}: version numbers start at 1",
                    v.name
                )));
            }
            if !seen.insert((v.name.as_str(), v.version)) {
                return Err(StoreError::Invalid(format!(
                    "{} version {} appears twice in the push",
                    v.name, v.version
                )));
            }
        }
    }
    if !req.force {
        let names: BTreeSet<&str> = req
            .changes
            .iter()
            .map(Change::name)
            .filter(|n| changed_since_base.contains(*n))
            .collect();
        if !names.is_empty() {
            return Err(StoreError::Conflict(Conflict {
                revision,
                names: names.into_iter().map(str::to_string).collect(),
            }));
        }
    }
    Ok(())
}

/// The distinct item names of a push, sorted (for the audit entry).
pub(crate) fn push_names(req: &PushRequest) -> Vec<String> {
    let names: BTreeSet<&str> = req.changes.iter().map(Change::name).collect();
    names.into_iter().map(str::to_string).collect()
}

/// An item's state after a push: the seq of its newest version (if the push wrote one) and
/// whether it ends deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Head {
    pub latest_seq: Option<i64>,
    pub deleted: bool,
}

/// Item heads after appending `changes` at seqs `first_seq..`.
pub(crate) fn heads(changes: &[Change], first_seq: i64) -> BTreeMap<&str, Head> {
    let mut out: BTreeMap<&str, Head> = BTreeMap::new();
    for (seq, change) in (first_seq..).zip(changes) {
        let head = out.entry(change.name()).or_insert(Head {
            latest_seq: None,
            deleted: false,
        });
        match change {
            Change::Version(_) => {
                head.latest_seq = Some(seq);
                head.deleted = false;
            }
            Change::Delete { .. } => head.deleted = true,
            Change::Restore { .. } => head.deleted = false,
        }
    }
    out
}

/// The hash a push's idempotency record keeps, binding its key to the environment and body.
pub fn request_hash(env: Uuid, req: &PushRequest) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"secretscli/push/v1\0");
    h.update(env.as_bytes());
    h.update(serde_json::to_vec(req).expect("a push serializes"));
    h.finalize().into()
}

/// Clamps a page size asked for by a client.
pub(crate) fn clamp_limit(limit: i64) -> i64 {
    limit.clamp(1, MAX_PAGE)
}
