//! The sync client: log in to a server, push local versions, pull the server's, and diff.
//!
//! Uses `vault` (storage), `crypto` (the device identity) and `wire` (the JSON contract in
//! docs/sync.md) and nothing else: it never prints, prompts or exits; the CLI does. What
//! leaves the device is ciphertext, wrapped keys, names and metadata: values are sealed
//! by data keys, data keys by env keys, and env keys go out only wrapped to age recipients.
//! Conflicts are typed errors ([`SyncError::Conflict`]) listing the items, never overwrites.

pub mod diff;
pub mod health;
pub mod listing;
pub mod pull;
pub mod push;
pub mod serve_config;
pub mod transport;
pub mod untrusted;

use std::collections::HashSet;

use uuid::Uuid;

use crate::crypto::identity::IdentityError;
use crate::crypto::{DeviceIdentity, SecretBytes};
use crate::vault::{
    Incoming, IncomingChange, Kind, Outgoing, Remote, StoredVersion, Unlocked, Vault, VaultError,
    now_ms,
};
use crate::wire;
pub use transport::{Retry, Transport};

/// Everything that can go wrong while syncing; each has a next step ([`SyncError::hint`]).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// A server URL that cannot be used.
    #[error("cannot use server URL {url:?}: {why}")]
    BadUrl {
        /// The URL.
        url: String,
        /// Why.
        why: String,
    },
    /// Plain HTTP to a host that is not this machine.
    #[error(
        "refusing plain http:// to {url}: the token and metadata would cross the network unencrypted"
    )]
    Insecure {
        /// The URL.
        url: String,
    },
    /// No server answered.
    #[error("the sync server is unreachable ({detail})")]
    Unreachable {
        /// The last failure.
        detail: String,
    },
    /// The token was refused.
    #[error("the server refused the token: {message}")]
    Unauthorized {
        /// The server's message.
        message: String,
    },
    /// Authenticated, but not allowed.
    #[error("the server does not allow this: {message}")]
    Forbidden {
        /// The server's stable error code (`forbidden`, `device_pending`).
        code: String,
        /// The server's message.
        message: String,
    },
    /// The server does not have it.
    #[error("not found on the server: {message}")]
    NotFound {
        /// The server's message.
        message: String,
    },
    /// Items changed both here and on the server.
    #[error("conflict: {} changed both here and on the server: {}", plural(names.len()), names.join(", "))]
    Conflict {
        /// The items.
        names: Vec<String>,
        /// The server's revision, when it said.
        revision: Option<i64>,
    },
    /// The request body was too large for the server.
    #[error("the server refused a request as too large: {message}")]
    TooLarge {
        /// The server's message.
        message: String,
    },
    /// An answer larger than the client reads ([`transport::MAX_ANSWER`]).
    #[error("the server at {server} sent an answer larger than {} MiB; nothing of it was used", limit / (1024 * 1024))]
    AnswerTooLarge {
        /// The server's URL.
        server: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Any other error answer.
    #[error("the server at {url} answered {status} {code}: {message}")]
    Server {
        /// Request URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// Stable error code.
        code: String,
        /// Message.
        message: String,
    },
    /// An answer that does not follow the protocol.
    #[error("{0}")]
    Protocol(String),
    /// The final approval of a proposal found its items changed since the revision it was
    /// based on: nothing applied, and the server closed it (`proposal_conflict`).
    #[error("the proposal cannot apply: {} changed since it was made: {}", plural(names.len()), names.join(", "))]
    ProposalConflict {
        /// The items changed meanwhile.
        names: Vec<String>,
        /// The server's revision.
        revision: Option<i64>,
    },
    /// No login for the server asked for.
    #[error("{}", match server { Some(s) => format!("not logged in to {s}"), None => "not logged in to any sync server".into() })]
    NotLoggedIn {
        /// The server asked for.
        server: Option<String>,
    },
    /// Several logins and nothing says which.
    #[error("this vault is logged in to several servers ({0}) and none is selected")]
    WhichServer(String),
    /// The environment syncs with another server.
    #[error("{env} syncs with another server ({urls})")]
    OtherServer {
        /// `project/env`.
        env: String,
        /// That server's URLs.
        urls: String,
    },
    /// The server has no such project or environment.
    #[error("{0} is not on the server")]
    Missing(String),
    /// The server has no project of this name but has others (a second machine's own
    /// `init` made `default`, while the projects to pull have other names).
    #[error("project {project:?} is not on the server, which has {others}")]
    ProjectElsewhere {
        /// The project asked for.
        project: String,
        /// The server's projects this device may see, quoted, the first few.
        others: String,
        /// One of them, for the hint.
        example: String,
    },
    /// The server's parent of an environment has not been pulled here.
    #[error("the server's parent of {0} is not in this vault, so its values cannot be opened")]
    ParentNotHere(String),
    /// The server already has a different project or environment of that name.
    #[error("the server already has another {0}")]
    NameTaken(String),
    /// The server holds no env key this device can open.
    #[error("the server has no key version {key_version} of {env} for this device")]
    NoKey {
        /// `project/env`.
        env: String,
        /// Missing version.
        key_version: u32,
    },
    /// The server sent a name, author or recipient that no local command could have made
    /// (a hostile teammate or server); nothing of that answer was applied.
    #[error(
        "refusing what the server holds for {env} at revision {revision}: the {what} {shown} is not acceptable ({why}); nothing was applied"
    )]
    Untrusted {
        /// `project/env` as named here.
        env: String,
        /// The server revision carrying the entry.
        revision: i64,
        /// Which field: "item name", "author", "delete mark", "environment", ...
        what: &'static str,
        /// The offending text, quoted and cut short.
        shown: String,
        /// Why it is refused.
        why: String,
    },
    /// The vault failed.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// An age operation failed.
    #[error("{0}")]
    Identity(#[from] IdentityError),
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}

impl SyncError {
    /// `refusal` of what the server holds for `env` at `revision`.
    pub fn untrusted(env: &str, revision: i64, refusal: untrusted::Refusal) -> Self {
        SyncError::Untrusted {
            env: env.to_string(),
            revision,
            what: refusal.what,
            shown: refusal.shown,
            why: refusal.why,
        }
    }

    /// The next step for the user.
    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            SyncError::Insecure { .. } => {
                "use https://, or pass --insecure if this network is trusted".into()
            }
            SyncError::Unreachable { .. } => {
                "check the URL and that the server runs; local work is kept and syncs later".into()
            }
            SyncError::Unauthorized { .. } => {
                "the token is wrong, expired or revoked: run `secretscli login URL` with a new invite token".into()
            }
            SyncError::Conflict { .. } => {
                "nothing was overwritten; keep the server's with `secretscli pull --theirs`, or yours with `secretscli pull --ours` then `push` (or `push --force`)".into()
            }
            SyncError::TooLarge { .. } => "raise the server's body limit".into(),
            SyncError::AnswerTooLarge { .. } => {
                "check that the URL names a secretscli server (a proxy or another service may answer there); if it does, its answers are damaged or hostile: tell its admin".into()
            }
            SyncError::ProposalConflict { .. } => {
                "nothing was applied and the proposal is closed: its author pulls (`secretscli pull`), checks those items and pushes again to make a new proposal".into()
            }
            SyncError::Server { code, .. } if code == "proposal_closed" => {
                "see the pending ones with `secretscli changes list`; to change the environment now, push again to make a new proposal".into()
            }
            SyncError::Server { code, .. } if code == "already_approved" => {
                "another writer or admin of the environment must approve it (`secretscli changes approve ID` on their device)".into()
            }
            SyncError::NotLoggedIn { server } => format!(
                "run `secretscli login {}`",
                server.as_deref().unwrap_or("URL")
            ),
            SyncError::WhichServer(_) => {
                "pass --server URL, or set one with `secretscli context set --server URL`".into()
            }
            SyncError::OtherServer { .. } => "pass --server with that server's URL".into(),
            SyncError::Missing(_) => {
                "push it from a device that has it, or check -p/-e and --server".into()
            }
            SyncError::ProjectElsewhere { example, .. } => format!(
                "pull a project by name: `secretscli -p {} pull`",
                crate::output::shell_word(example)
            ),
            SyncError::ParentNotHere(_) => {
                "pull the project first (`secretscli pull`), then compare".into()
            }
            SyncError::NameTaken(_) => {
                "pull it into this vault first (`secretscli pull`; a pristine local one is replaced), or rename yours".into()
            }
            SyncError::NoKey { .. } => {
                "if you were just given access, the keys arrive once a device that holds them runs `secretscli push`, `pull` or `member list` (there you show as waiting for keys); else import this identity from a device that has access (`secretscli identity export` there, `identity import` here)".into()
            }
            SyncError::Untrusted { revision, .. } => format!(
                "this vault is unchanged; whoever pushed revision {revision} (or the server) wrote it: ask them to push a fix, or the server's admin to remove it"
            ),
            SyncError::Server { code, .. } if code == "key_rotation_required" => {
                "someone lost access since this environment's newest key: a writer or admin device that holds its keys rotates it on `secretscli push` (or `secretscli rotate-key`, then push)".into()
            }
            SyncError::Forbidden { code, .. } if code == "device_pending" => {
                "this device waits for approval: on an approved device run `secretscli device approve NAME` (see `secretscli doctor` for the fingerprint)".into()
            }
            SyncError::Forbidden { code, .. } if code == "own_proposal" => {
                "another writer or admin of the environment approves it (`secretscli changes approve ID` on their device); you may withdraw it with `secretscli changes reject ID`".into()
            }
            SyncError::Forbidden { .. } => {
                "ask an admin of the project for a role (`secretscli member list` shows who is one)".into()
            }
            SyncError::Vault(e) => return e.hint(),
            _ => return None,
        };
        Some(hint)
    }
}

/// How far a push or pull has got, for a progress bar: counts of log entries or changes.
/// (Fetching is one request per 10,000 entries, so it has no stage of its own.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Applied `done` of `total` fetched entries to the vault.
    Applying {
        /// Entries applied so far.
        done: u64,
        /// Entries to apply.
        total: u64,
    },
    /// The server has `done` of the `total` changes being pushed.
    Sending {
        /// Changes sent so far.
        done: u64,
        /// Changes to send.
        total: u64,
    },
}

/// Result type of the sync layer.
pub type Result<T, E = SyncError> = std::result::Result<T, E>;

/// An authenticated session with one server.
pub struct Connection {
    /// The login used.
    pub remote: Remote,
    /// HTTP.
    pub transport: Transport,
    /// This device's identity (opens env keys from the server).
    pub identity: DeviceIdentity,
}

fn url_set(list: &str) -> Vec<String> {
    list.split(',')
        .map(|u| u.trim().trim_end_matches('/').to_ascii_lowercase())
        .filter(|u| !u.is_empty())
        .collect()
}

/// Whether two comma-separated URL lists name the same server (any URL in common).
pub fn same_server(a: &str, b: &str) -> bool {
    let b = url_set(b);
    url_set(a).iter().any(|u| b.contains(u))
}

/// The login to use: the one for `server` if given, else the only one.
pub fn pick_remote(vault: &Vault, server: Option<&str>) -> Result<Remote> {
    let remotes = vault.remotes()?;
    match server {
        Some(s) => remotes
            .into_iter()
            .find(|r| same_server(&r.urls, s))
            .ok_or_else(|| SyncError::NotLoggedIn {
                server: Some(s.to_string()),
            }),
        None => match remotes.len() {
            0 => Err(SyncError::NotLoggedIn { server: None }),
            1 => Ok(remotes.into_iter().next().expect("one")),
            _ => Err(SyncError::WhichServer(
                remotes
                    .iter()
                    .map(|r| r.urls.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
        },
    }
}

/// Opens an authenticated session with the selected server.
pub fn connect(vault: &mut Vault, unlocked: &Unlocked, server: Option<&str>) -> Result<Connection> {
    let remote = pick_remote(vault, server)?;
    let mut transport = Transport::new(&remote.urls, remote.insecure)?;
    transport.set_token(vault.remote_token(unlocked, &remote)?);
    let identity = vault.identity(unlocked)?;
    Ok(Connection {
        remote,
        transport,
        identity,
    })
}

/// What `login` needs.
pub struct LoginOptions<'a> {
    /// Comma-separated server URLs.
    pub urls: &'a str,
    /// Allow plain http:// to a non-loopback host.
    pub insecure: bool,
    /// The bootstrap or invite token.
    pub token: SecretBytes,
    /// Device name shown on the server.
    pub device_name: String,
    /// User name for a new user (bootstrap, user invites).
    pub user_name: Option<String>,
}

/// Registers this device's recipient with a server and stores the login, token sealed.
pub fn login(vault: &mut Vault, unlocked: &Unlocked, opts: LoginOptions<'_>) -> Result<Remote> {
    let mut transport = Transport::new(opts.urls, opts.insecure)?;
    transport.set_token(opts.token);
    let identity = vault.identity(unlocked)?;
    let req = wire::LoginRequest {
        device_name: opts.device_name,
        recipient: identity.recipient(),
        user_name: opts.user_name,
    };
    let resp: wire::LoginResponse = transport.post("v1/login", &req, Retry::Never)?;
    let remote = Remote {
        server_id: resp.server_id,
        urls: url_set(opts.urls).join(","),
        user_id: resp.user_id,
        device_id: resp.device_id,
        insecure: opts.insecure,
        created_at: now_ms(),
    };
    vault.save_remote(unlocked, &remote, &SecretBytes::from(resp.token))?;
    Ok(remote)
}

/// The id part of a `sct_<id>_<secret>` token, for revocation.
pub fn token_id(token: &SecretBytes) -> Option<String> {
    let text = token.expose_str()?;
    let rest = text.strip_prefix("sct_")?;
    let (id, _) = rest.split_once('_')?;
    Some(id.to_string())
}

/// Revokes this device's token on the server (best effort when the server is gone) and
/// forgets the login here. Returns whether the server confirmed the revocation.
pub fn logout(vault: &mut Vault, unlocked: &Unlocked, server: Option<&str>) -> Result<bool> {
    let remote = pick_remote(vault, server)?;
    let token = vault.remote_token(unlocked, &remote)?;
    let id = token_id(&token);
    let mut transport = Transport::new(&remote.urls, remote.insecure)?;
    transport.set_token(token);
    let revoked = match id {
        Some(id) => match transport.delete(&format!("v1/tokens/{id}")) {
            Ok(()) => true,
            Err(SyncError::Unauthorized { .. } | SyncError::NotFound { .. }) => true,
            Err(e) => return Err(e),
        },
        None => false,
    };
    vault.forget_remote(&remote)?;
    Ok(revoked)
}

/// Creates an invite token: for another device of this user with `same_user` (it logs in
/// pending, until approved), else for a new user, who gets `grant` at login (a server
/// admin may invite without one; a project admin only with one in their project).
pub fn invite(
    conn: &mut Connection,
    same_user: bool,
    expires_in_secs: u64,
    grant: Option<wire::team::InviteGrant>,
) -> Result<wire::InviteResponse> {
    let req = wire::InviteRequest {
        user_id: same_user.then_some(conn.remote.user_id),
        expires_in_secs,
        grant,
    };
    conn.transport.post("v1/invites", &req, Retry::Never)
}

// ---- wire <-> vault -------------------------------------------------------------------

fn to_wire_kind(k: Kind) -> wire::ItemKind {
    match k {
        Kind::Secret => wire::ItemKind::Secret,
        Kind::Config => wire::ItemKind::Config,
    }
}

fn from_wire_kind(k: wire::ItemKind) -> Kind {
    match k {
        wire::ItemKind::Secret => Kind::Secret,
        wire::ItemKind::Config => Kind::Config,
    }
}

/// A stored version as sent.
pub fn to_wire_version(v: &StoredVersion) -> wire::ItemVersion {
    wire::ItemVersion {
        name: v.name.clone(),
        version: v.version,
        kind: to_wire_kind(v.kind),
        literal: v.literal,
        key_version: v.key_version,
        wrapped_data_key: v.wrapped_data_key.clone(),
        ciphertext: v.ciphertext.clone(),
        created_at: v.created_at,
        author: v.author.clone(),
        previous: v.previous,
    }
}

/// A received version as stored.
pub fn from_wire_version(v: wire::ItemVersion) -> StoredVersion {
    StoredVersion {
        name: v.name,
        version: v.version,
        kind: from_wire_kind(v.kind),
        literal: v.literal,
        key_version: v.key_version,
        wrapped_data_key: v.wrapped_data_key,
        ciphertext: v.ciphertext,
        created_at: v.created_at,
        author: v.author,
        previous: v.previous,
    }
}

fn to_wire_change(o: &Outgoing) -> wire::Change {
    match o {
        Outgoing::Version(v) => wire::Change::Version(to_wire_version(v)),
        Outgoing::Delete { name, .. } => wire::Change::Delete { name: name.clone() },
        Outgoing::Restore { name, .. } => wire::Change::Restore { name: name.clone() },
    }
}

fn from_wire_entry(e: wire::LogEntry) -> Incoming {
    Incoming {
        revision: e.revision,
        change: match e.change {
            wire::Change::Version(v) => IncomingChange::Version(from_wire_version(v)),
            wire::Change::Delete { name } => IncomingChange::Delete(name),
            wire::Change::Restore { name } => IncomingChange::Restore(name),
        },
    }
}

// ---- shared steps of push, pull and diff ------------------------------------------------

/// The server's view of an environment (`label` is `project/env` as named here), or `None`
/// when it does not have it. Its name and recipients are checked ([`untrusted::check_env`]).
pub fn remote_env(
    conn: &mut Connection,
    label: &str,
    env_id: Uuid,
) -> Result<Option<wire::RemoteEnv>> {
    let env: wire::RemoteEnv = match conn.transport.get(&format!("v1/envs/{env_id}")) {
        Ok(env) => env,
        Err(SyncError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    untrusted::check_env(&env).map_err(|r| SyncError::untrusted(label, env.revision, r))?;
    Ok(Some(env))
}

/// Every log entry after `since`, oldest first, and the revision they lead to. Every
/// entry is checked ([`untrusted::check_change`]) before any is returned, so one bad entry
/// refuses the whole fetch; `label` (`project/env`) names the environment in the error.
pub(crate) fn fetch_log(
    conn: &mut Connection,
    label: &str,
    env_id: Uuid,
    since: i64,
) -> Result<(Vec<Incoming>, i64)> {
    let mut entries = Vec::new();
    let mut since = since;
    loop {
        let page: wire::LogPage = conn
            .transport
            .get(&format!("v1/envs/{env_id}/log?since={since}&limit=10000"))?;
        for e in &page.entries {
            untrusted::check_change(&e.change)
                .map_err(|r| SyncError::untrusted(label, e.revision, r))?;
        }
        let last = page.entries.last().map(|e| e.revision);
        entries.extend(page.entries.into_iter().map(from_wire_entry));
        match last {
            Some(r) if page.more => since = r,
            _ => return Ok((entries, page.revision.max(since))),
        }
    }
}

/// Stores the env keys the server holds for this device that are not here yet.
pub fn import_keys(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &Connection,
    env: &crate::vault::Env,
    remote: &wire::RemoteEnv,
) -> Result<usize> {
    let mine = conn.identity.recipient();
    let have = vault.env_key_versions(env)?;
    let mut added = 0;
    for wrap in &remote.keys {
        if wrap.recipient != mine || have.contains(&wrap.key_version) {
            continue;
        }
        let key = conn.identity.unwrap_key(&wrap.wrapped)?;
        if vault.import_env_key(unlocked, env, wrap.key_version, key)? {
            added += 1;
        }
    }
    Ok(added)
}

/// Fails before anything is applied when an entry needs an env key this device lacks, or
/// carries a `previous` alias naming a version that will not be here
/// ([`untrusted::unknown_previous`]): the checks of fetched entries that need the vault.
pub(crate) fn check_fetched(
    vault: &Vault,
    env: &crate::vault::Env,
    entries: &[Incoming],
) -> Result<()> {
    let have = vault.env_key_versions(env)?;
    for e in entries {
        if let IncomingChange::Version(v) = &e.change
            && !have.contains(&v.key_version)
        {
            return Err(SyncError::NoKey {
                env: env.label(),
                key_version: v.key_version,
            });
        }
    }
    check_previous_aliases(vault, env, entries)
}

/// Every pulled `previous` alias names a version of its item that this vault holds or that
/// the same pull brings (its shape was checked with the entry, [`untrusted::check_version`]).
fn check_previous_aliases(
    vault: &Vault,
    env: &crate::vault::Env,
    entries: &[Incoming],
) -> Result<()> {
    let arriving: HashSet<(&str, u64)> = entries
        .iter()
        .filter_map(|e| match &e.change {
            IncomingChange::Version(v) => Some((v.name.as_str(), v.version)),
            _ => None,
        })
        .collect();
    for e in entries {
        let IncomingChange::Version(v) = &e.change else {
            continue;
        };
        let Some(previous) = v.previous else {
            continue;
        };
        if !arriving.contains(&(v.name.as_str(), previous))
            && !vault.holds_version(env, &v.name, previous)?
        {
            let refusal = untrusted::unknown_previous(&v.name, previous);
            return Err(SyncError::untrusted(&env.label(), e.revision, refusal));
        }
    }
    Ok(())
}

/// The server's whole audit chain, oldest first (admin only).
pub fn fetch_audit(conn: &mut Connection) -> Result<Vec<wire::RemoteAuditEntry>> {
    let mut entries: Vec<wire::RemoteAuditEntry> = Vec::new();
    loop {
        let since = entries.last().map_or(0, |e| e.seq);
        let page: wire::AuditPage = conn
            .transport
            .get(&format!("v1/audit?since={since}&limit=10000"))?;
        let got = page.entries.len();
        entries.extend(page.entries);
        if !page.more || got == 0 {
            return Ok(entries);
        }
    }
}

/// Verifies the whole chain: it starts at entry 1 from the all-zero hash, every entry names
/// its predecessor's hash, and every hash matches its entry's content (`wire`'s encoding,
/// the one the server writes). Returns the first bad entry's seq and what is wrong.
pub fn verify_audit(entries: &[wire::RemoteAuditEntry]) -> Result<(), (i64, String)> {
    if let Some(first) = entries.first()
        && first.seq != 1
    {
        return Err((
            1,
            format!("entry 1 is missing (the log starts at {})", first.seq),
        ));
    }
    wire::verify_audit_chain(entries, &hex::encode(wire::AUDIT_GENESIS))
}
