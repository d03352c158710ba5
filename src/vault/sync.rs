//! The vault's side of sync: the device identity, server logins, per-environment sync state,
//! what is not yet on the server, and applying what a server sent.
//!
//! Versions travel byte for byte: their AAD names only stable ids, so a pulled blob is
//! stored exactly as received and opens with the same env key. A version's
//! `remote_revision` is NULL until the server has it; delete and restore marks wait in
//! `pending_ops`. Applying a server's log never overwrites a local change the server has
//! not seen: such an item is a conflict, refused unless the caller chose a side.
//! This layer knows no HTTP and no JSON wire types; `sync` translates.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::items::{Kind, NewValue, seal_version};
use super::{Env, Result, Unlocked, Vault, VaultError, audit, envset, now_ms, state};
use crate::crypto::identity::{self, DeviceIdentity};
use crate::crypto::{self, Aad, SecretBytes, SecretKey};

/// A sync server this vault has logged in to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Remote {
    /// The server's stable id.
    pub server_id: Uuid,
    /// Comma-separated base URLs, tried in order.
    pub urls: String,
    /// Our user on that server.
    pub user_id: Uuid,
    /// This device on that server.
    pub device_id: Uuid,
    /// Plain `http://` to a non-loopback host was allowed at login.
    pub insecure: bool,
    /// Login time (ms since epoch).
    pub created_at: i64,
}

/// Where an environment stands with its server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The server it syncs with.
    pub server_id: Uuid,
    /// Every log entry up to this revision has been applied here.
    pub pulled_revision: i64,
    /// The idempotency key of a push that may have landed, and a digest of what it carried.
    pub pending_push: Option<(Uuid, Vec<u8>)>,
}

/// One item version as stored (ciphertext only), for the wire in either direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    /// Item name.
    pub name: String,
    /// Version number.
    pub version: u64,
    /// Secret or config.
    pub kind: Kind,
    /// Never expanded by inject.
    pub literal: bool,
    /// Env key version wrapping the data key.
    pub key_version: u32,
    /// Data key wrapped by the env key.
    pub wrapped_data_key: Vec<u8>,
    /// Value sealed by the data key.
    pub ciphertext: Vec<u8>,
    /// When written (ms since epoch).
    pub created_at: i64,
    /// Who wrote it.
    pub author: String,
    /// The item's `previous` alias once this version is current (outgoing: the item's
    /// pointer when it is below this version; incoming: as the pusher sent it, checked by
    /// `sync::untrusted` before it gets here). `None`: leave the pointer as it is.
    pub previous: Option<u64>,
}

/// A local change the server has not seen yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// A version written here.
    Version(StoredVersion),
    /// `rm` (the `pending_ops` row).
    Delete {
        /// Row id in `pending_ops`.
        seq: i64,
        /// Item name.
        name: String,
    },
    /// `restore`.
    Restore {
        /// Row id in `pending_ops`.
        seq: i64,
        /// Item name.
        name: String,
    },
}

impl Outgoing {
    /// The item this change touches.
    pub fn name(&self) -> &str {
        match self {
            Outgoing::Version(v) => &v.name,
            Outgoing::Delete { name, .. } | Outgoing::Restore { name, .. } => name,
        }
    }
}

/// One entry of a server's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// Revision of the push that appended it.
    pub revision: i64,
    /// What it does.
    pub change: IncomingChange,
}

/// What a log entry does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncomingChange {
    /// A new version.
    Version(StoredVersion),
    /// Soft delete.
    Delete(String),
    /// Restore.
    Restore(String),
}

impl IncomingChange {
    /// The item it touches.
    pub fn name(&self) -> &str {
        match self {
            IncomingChange::Version(v) => &v.name,
            IncomingChange::Delete(n) | IncomingChange::Restore(n) => n,
        }
    }
}

/// How to treat items changed both here (not yet pushed) and on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    /// Apply nothing and report the conflicts.
    Refuse,
    /// The server wins: local unpushed changes to those items are discarded.
    Theirs,
    /// Local wins: the server's versions become history under the local ones, which are
    /// renumbered above them (re-sealed, as the version number is bound) and pushed next.
    Ours,
}

/// What applying the log did to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applied {
    /// A new item.
    Created,
    /// A new version of an existing item.
    Updated,
    /// Soft-deleted.
    Deleted,
    /// Restored.
    Restored,
    /// Already here (e.g. our own push coming back).
    Unchanged,
    /// Local unpushed changes dropped (`--theirs`).
    Discarded,
    /// Local changes kept over the server's (`--ours`); they still need a push.
    Kept,
}

/// One item's outcome.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppliedChange {
    /// Item name.
    pub name: String,
    /// What happened.
    pub change: Applied,
}

/// The outcome of applying (or planning to apply) a server's log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Per item, by name.
    pub changes: Vec<AppliedChange>,
    /// Items changed on both sides (sorted); with [`Resolve::Refuse`] nothing was applied.
    pub conflicts: Vec<String>,
}

/// Folds one more outcome for an item into what is reported for it.
fn note(outcome: &mut BTreeMap<String, Applied>, name: &str, what: Applied) {
    let slot = outcome.entry(name.to_string()).or_insert(what);
    *slot = match (*slot, what) {
        (Applied::Discarded | Applied::Kept, _) => *slot,
        (Applied::Created, Applied::Updated | Applied::Unchanged) => Applied::Created,
        (old, Applied::Unchanged) if old != Applied::Unchanged => old,
        _ => what,
    };
}

fn uuid_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Uuid> {
    let s: String = r.get(i)?;
    Uuid::parse_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn remote_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Remote> {
    Ok(Remote {
        server_id: uuid_col(r, 0)?,
        urls: r.get(1)?,
        user_id: uuid_col(r, 2)?,
        device_id: uuid_col(r, 3)?,
        insecure: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// A local item as the applier sees it.
struct LocalItem {
    id: i64,
    current: u64,
    deleted: bool,
}

impl Vault {
    // ---- identity ----------------------------------------------------------------------

    /// The device's public recipient, without unlocking; `None` before the first `login`
    /// on vaults created by older versions.
    pub fn recipient(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT recipient FROM identity WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Generates and stores the device identity; never replaces an existing one.
    pub(super) fn create_identity(&mut self, unlocked: &Unlocked) -> Result<()> {
        let id = DeviceIdentity::generate();
        self.store_identity(unlocked, &id, false, "identity-create")
    }

    fn store_identity(
        &mut self,
        unlocked: &Unlocked,
        id: &DeviceIdentity,
        replace: bool,
        action: &str,
    ) -> Result<()> {
        let aad = Aad::Identity {
            vault_id: self.header.vault_id,
        };
        let sealed = crypto::seal(unlocked.root_key(), &aad, id.expose_secret_text().expose());
        let tx = self.write_tx()?;
        let sql = if replace {
            "INSERT INTO identity (id, recipient, sealed_identity, created_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET recipient = ?1, sealed_identity = ?2, created_at = ?3"
        } else {
            "INSERT INTO identity (id, recipient, sealed_identity, created_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO NOTHING"
        };
        tx.execute(sql, params![id.recipient(), sealed, now_ms()])?;
        let mut event = audit::Event::new(action, "", "");
        event.detail = id.recipient();
        self.audit(&tx, &event)?;
        tx.commit()?;
        Ok(())
    }

    /// The device identity, generated now if this vault predates it.
    pub fn identity(&mut self, unlocked: &Unlocked) -> Result<DeviceIdentity> {
        if self.recipient()?.is_none() {
            self.create_identity(unlocked)?;
        }
        let sealed: Vec<u8> = self.conn.query_row(
            "SELECT sealed_identity FROM identity WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        let aad = Aad::Identity {
            vault_id: self.header.vault_id,
        };
        let corrupt = || VaultError::Corrupt {
            what: "the device identity".into(),
        };
        let text = crypto::open(unlocked.root_key(), &aad, &sealed).map_err(|_| corrupt())?;
        DeviceIdentity::parse(&text).map_err(|_| corrupt())
    }

    /// Replaces the device identity with one brought from another home (`identity import`).
    pub fn replace_identity(&mut self, unlocked: &Unlocked, id: &DeviceIdentity) -> Result<()> {
        self.store_identity(unlocked, id, true, "identity-import")
    }

    // ---- remotes -----------------------------------------------------------------------

    /// Stores (or refreshes) a login; the token is sealed by the root key.
    pub fn save_remote(
        &mut self,
        unlocked: &Unlocked,
        remote: &Remote,
        token: &SecretBytes,
    ) -> Result<()> {
        let aad = Aad::RemoteToken {
            vault_id: self.header.vault_id,
            server_id: remote.server_id,
        };
        let sealed = crypto::seal(unlocked.root_key(), &aad, token.expose());
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO remotes (server_id, urls, user_id, device_id, sealed_token, insecure, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (server_id) DO UPDATE SET urls = ?2, user_id = ?3, device_id = ?4,
                 sealed_token = ?5, insecure = ?6, created_at = ?7",
            params![
                remote.server_id.to_string(),
                remote.urls,
                remote.user_id.to_string(),
                remote.device_id.to_string(),
                sealed,
                remote.insecure,
                remote.created_at
            ],
        )?;
        let mut event = audit::Event::new("login", "", "");
        event.detail = remote.urls.clone();
        self.audit(&tx, &event)?;
        tx.commit()?;
        Ok(())
    }

    /// Every server logged in to, oldest first.
    pub fn remotes(&self) -> Result<Vec<Remote>> {
        let mut stmt = self.conn.prepare(
            "SELECT server_id, urls, user_id, device_id, insecure, created_at FROM remotes ORDER BY created_at",
        )?;
        let rows = stmt.query_map([], remote_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The device token for `remote`.
    pub fn remote_token(&self, unlocked: &Unlocked, remote: &Remote) -> Result<SecretBytes> {
        let sealed: Vec<u8> = self.conn.query_row(
            "SELECT sealed_token FROM remotes WHERE server_id = ?1",
            [remote.server_id.to_string()],
            |r| r.get(0),
        )?;
        let aad = Aad::RemoteToken {
            vault_id: self.header.vault_id,
            server_id: remote.server_id,
        };
        crypto::open(unlocked.root_key(), &aad, &sealed).map_err(|_| VaultError::Corrupt {
            what: format!("the token for {}", remote.urls),
        })
    }

    /// Forgets a login (the token was revoked, or should no longer be used from here).
    pub fn forget_remote(&mut self, remote: &Remote) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            "DELETE FROM remotes WHERE server_id = ?1",
            [remote.server_id.to_string()],
        )?;
        let mut event = audit::Event::new("logout", "", "");
        event.detail = remote.urls.clone();
        self.audit(&tx, &event)?;
        tx.commit()?;
        Ok(())
    }

    // ---- sync state --------------------------------------------------------------------

    /// The environment's sync state, if it ever synced.
    pub fn sync_state(&self, env: &Env) -> Result<Option<SyncState>> {
        let row = self
            .conn
            .query_row(
                "SELECT server_id, pulled_revision, push_key, push_digest FROM sync_state WHERE env_id = ?1",
                [env.id.to_string()],
                |r| {
                    Ok((
                        uuid_col(r, 0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<Vec<u8>>>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(
            row.map(|(server_id, pulled_revision, key, digest)| SyncState {
                server_id,
                pulled_revision,
                pending_push: key.and_then(|k| Uuid::parse_str(&k).ok()).zip(digest),
            }),
        )
    }

    /// Binds `env` to a server (first sync); a no-op when already bound to it.
    pub fn bind_env(&mut self, env: &Env, server_id: Uuid) -> Result<SyncState> {
        if let Some(state) = self.sync_state(env)? {
            if state.server_id != server_id {
                return Err(VaultError::Exists {
                    what: "sync binding for environment",
                    name: format!("{} (it syncs with server {})", env.label(), state.server_id),
                });
            }
            return Ok(state);
        }
        self.conn.execute(
            "INSERT INTO sync_state (env_id, server_id) VALUES (?1, ?2)",
            params![env.id.to_string(), server_id.to_string()],
        )?;
        Ok(SyncState {
            server_id,
            pulled_revision: 0,
            pending_push: None,
        })
    }

    /// Remembers a push before it is sent, so a retry after a crash reuses its key.
    pub fn set_pending_push(&mut self, env: &Env, pending: Option<(Uuid, &[u8])>) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_state SET push_key = ?1, push_digest = ?2 WHERE env_id = ?3",
            params![
                pending.map(|(k, _)| k.to_string()),
                pending.map(|(_, d)| d),
                env.id.to_string()
            ],
        )?;
        Ok(())
    }

    // ---- env keys ----------------------------------------------------------------------

    /// The env key versions stored here for `env`.
    pub fn env_key_versions(&self, env: &Env) -> Result<Vec<u32>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key_version FROM env_keys WHERE env_id = ?1 ORDER BY key_version")?;
        let rows = stmt.query_map([env.id.to_string()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Env key `version` of `env` wrapped to an age recipient, for the server.
    pub fn wrap_env_key_to(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        version: u32,
        recipient: &str,
    ) -> Result<Vec<u8>> {
        let key = self.env_key(unlocked, env, version)?;
        identity::wrap_key_to(recipient, key).map_err(|e| VaultError::BadValue {
            name: format!("key version {version} of {}", env.label()),
            why: e.to_string(),
        })
    }

    /// Stores an env key received from the server (already opened with the identity);
    /// keeps an existing one. Returns whether it was new.
    pub fn import_env_key(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        version: u32,
        key: SecretKey,
    ) -> Result<bool> {
        let aad = Aad::EnvKey {
            project_id: env.project_id,
            env_id: env.id,
            key_version: version,
        };
        let wrapped = crypto::wrap_key(unlocked.root_key(), &aad, &key);
        let tx = self.write_tx()?;
        let added = tx.execute(
            "INSERT INTO env_keys (env_id, key_version, wrapped_key, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT DO NOTHING",
            params![env.id.to_string(), version, wrapped, now_ms()],
        )? > 0;
        tx.execute(
            "UPDATE envs SET key_version = MAX(key_version, ?1) WHERE id = ?2",
            params![version, env.id.to_string()],
        )?;
        tx.commit()?;
        if added {
            unlocked.env_keys.insert((env.id, version), key);
        }
        Ok(added)
    }

    // ---- projects and environments from a server ---------------------------------------

    /// The environment with this id, if it exists here.
    pub fn env_with_id(&self, id: Uuid) -> Result<Option<Env>> {
        match self.env_by_id(id) {
            Ok(env) => Ok(Some(env)),
            Err(VaultError::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// True when `env` holds no items and never synced: safe to replace by a server's.
    pub fn env_is_pristine(&self, env: &Env) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM items WHERE env_id = ?1)
                AND NOT EXISTS (SELECT 1 FROM sync_state WHERE env_id = ?1)",
            [env.id.to_string()],
            |r| r.get(0),
        )?)
    }

    /// Creates the server's environment here under its own ids (and its project, if
    /// missing). A local project or environment of the same name but another id is
    /// replaced only when it is pristine (no items, never synced); otherwise it is an error.
    /// The env's keys come separately ([`Vault::import_env_key`]).
    pub fn adopt_env(
        &mut self,
        project: (Uuid, &str),
        env: (Uuid, &str),
        parent_id: Option<Uuid>,
        key_version: u32,
    ) -> Result<Env> {
        let (project_id, project_name) = project;
        let (env_id, env_name) = env;
        super::projects::check_name("project", project_name)?;
        super::projects::check_name("environment", env_name)?;
        let same_name_project = self
            .projects()?
            .into_iter()
            .find(|p| p.name == project_name);
        let mut replaced = Vec::new();
        if let Some(p) = &same_name_project
            && p.id != project_id
        {
            for e in self.envs(p)? {
                if !self.env_is_pristine(&e)? {
                    return Err(VaultError::Exists {
                        what: "project",
                        name: format!(
                            "{project_name} (here with other items than the server's project of that name)"
                        ),
                    });
                }
            }
            replaced.push(format!("project {project_name}"));
        }
        let same_name_env = self.conn.query_row(
            "SELECT id FROM envs WHERE project_id = ?1 AND name = ?2",
            params![project_id.to_string(), env_name],
            |r| uuid_col(r, 0),
        );
        let same_name_env = same_name_env.optional()?.filter(|id| *id != env_id);
        if let Some(other) = same_name_env {
            let other = self.env_by_id(other)?;
            if !self.env_is_pristine(&other)? {
                return Err(VaultError::Exists {
                    what: "environment",
                    name: format!(
                        "{} (here with other items than the server's environment of that name)",
                        other.label()
                    ),
                });
            }
            replaced.push(format!("environment {}", other.label()));
        }
        let parent_here = match parent_id {
            Some(p) => self.env_with_id(p)?.map(|e| e.id),
            None => None,
        };
        let tx = self.write_tx()?;
        if let Some(p) = &same_name_project
            && p.id != project_id
        {
            tx.execute(
                "UPDATE envs SET parent_id = NULL WHERE project_id = ?1",
                [p.id.to_string()],
            )?;
            tx.execute("DELETE FROM projects WHERE id = ?1", [p.id.to_string()])?;
        }
        if let Some(other) = same_name_env {
            tx.execute(
                "UPDATE envs SET parent_id = NULL WHERE parent_id = ?1",
                [other.to_string()],
            )?;
            tx.execute("DELETE FROM envs WHERE id = ?1", [other.to_string()])?;
        }
        tx.execute(
            "INSERT INTO projects (id, name, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING",
            params![project_id.to_string(), project_name, now_ms()],
        )?;
        let created = tx.execute(
            "INSERT INTO envs (id, project_id, name, parent_id, key_version, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
            params![
                env_id.to_string(),
                project_id.to_string(),
                env_name,
                parent_here.map(|p| p.to_string()),
                key_version,
                now_ms()
            ],
        )?;
        // Only a new row gets the empty set's tag: an existing one keeps what vouches for it.
        if created == 1 {
            envset::seal_empty(&tx, &self.macs()?.env_items, env_id)?;
        }
        let mut event = audit::Event::new("env-adopt", project_name, env_name);
        event.detail = if replaced.is_empty() {
            "from the server".into()
        } else {
            format!(
                "from the server, replacing the empty local {}",
                replaced.join(" and ")
            )
        };
        self.audit(&tx, &event)?;
        tx.commit()?;
        self.env_by_id(env_id)
    }

    // ---- outgoing ----------------------------------------------------------------------

    /// Local changes to `env` the server has not seen, oldest first: every version not
    /// yet pushed and every pending delete or restore mark. A version above its item's
    /// current one is a staged `next` (`stage`): it waits for `promote`, because a pulling
    /// device makes the newest version it receives current.
    pub fn outgoing(&self, env: &Env) -> Result<Vec<Outgoing>> {
        self.check_names(env)?;
        let mut stmt = self.conn.prepare(
            "SELECT i.name, v.version, v.kind, v.literal, v.key_version, v.wrapped_data_key,
                    v.ciphertext, v.created_at, v.author,
                    CASE WHEN i.previous_version < v.version THEN i.previous_version END
             FROM versions v JOIN items i ON i.id = v.item_id
             WHERE i.env_id = ?1 AND v.remote_revision IS NULL AND v.version <= i.current_version
             ORDER BY v.created_at, i.name, v.version",
        )?;
        let versions = stmt
            .query_map([env.id.to_string()], |r| {
                Ok(StoredVersion {
                    name: r.get(0)?,
                    version: r.get(1)?,
                    kind: Kind::parse(&r.get::<_, String>(2)?),
                    literal: r.get(3)?,
                    key_version: r.get(4)?,
                    wrapped_data_key: r.get(5)?,
                    ciphertext: r.get(6)?,
                    created_at: r.get(7)?,
                    author: r.get(8)?,
                    previous: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT seq, name, op, at FROM pending_ops WHERE env_id = ?1 ORDER BY at, seq",
        )?;
        let ops = stmt
            .query_map([env.id.to_string()], |r| {
                let seq: i64 = r.get(0)?;
                let name: String = r.get(1)?;
                let op: String = r.get(2)?;
                let at: i64 = r.get(3)?;
                Ok((
                    at,
                    if op == "delete" {
                        Outgoing::Delete { seq, name }
                    } else {
                        Outgoing::Restore { seq, name }
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Merge by time; a version and a mark in the same millisecond keep version first.
        let mut out = Vec::with_capacity(versions.len() + ops.len());
        let mut ops = ops.into_iter().peekable();
        for v in versions {
            while let Some((at, _)) = ops.peek() {
                if *at < v.created_at {
                    out.push(ops.next().expect("peeked").1);
                } else {
                    break;
                }
            }
            out.push(Outgoing::Version(v));
        }
        out.extend(ops.map(|(_, o)| o));
        Ok(out)
    }

    /// Which of `names` (items of `env`) have at least one version on the server: one
    /// lookup per name for a few names, one scan of the environment for many.
    pub fn synced_names<'n>(
        &self,
        env: &Env,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Result<HashSet<String>> {
        let names: HashSet<&str> = names.into_iter().collect();
        let env_id = env.id.to_string();
        let mut out = HashSet::new();
        if names.len() > 64 {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT i.name FROM items i JOIN versions v ON v.item_id = i.id
                 WHERE i.env_id = ?1 AND v.remote_revision IS NOT NULL",
            )?;
            let rows = stmt.query_map([&env_id], |r| r.get::<_, String>(0))?;
            for name in rows {
                let name = name?;
                if names.contains(name.as_str()) {
                    out.insert(name);
                }
            }
            return Ok(out);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM items i JOIN versions v ON v.item_id = i.id
             WHERE i.env_id = ?1 AND i.name = ?2 AND v.remote_revision IS NOT NULL)",
        )?;
        for name in names {
            if stmt.query_row(params![env_id, name], |r| r.get::<_, bool>(0))? {
                out.insert(name.to_string());
            }
        }
        Ok(out)
    }

    /// How many items `env` itself holds (deleted ones included).
    pub fn env_item_count(&self, env: &Env) -> Result<usize> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM items WHERE env_id = ?1",
            [env.id.to_string()],
            |r| r.get(0),
        )?)
    }

    /// Records that the server accepted `sent` at `revision`; with `pulled`, also that
    /// every entry up to it is now here.
    pub fn mark_pushed(
        &mut self,
        env: &Env,
        sent: &[Outgoing],
        revision: i64,
        pulled: Option<i64>,
    ) -> Result<()> {
        let tx = self.write_tx()?;
        {
            let mut mark = tx.prepare_cached(
                "UPDATE versions SET remote_revision = ?1
                 WHERE item_id = (SELECT id FROM items WHERE env_id = ?2 AND name = ?3) AND version = ?4",
            )?;
            let mut drop_op = tx.prepare_cached("DELETE FROM pending_ops WHERE seq = ?1")?;
            let env_id = env.id.to_string();
            for o in sent {
                match o {
                    Outgoing::Version(v) => {
                        mark.execute(params![revision, env_id, v.name, v.version])?;
                    }
                    Outgoing::Delete { seq, .. } | Outgoing::Restore { seq, .. } => {
                        drop_op.execute([seq])?;
                    }
                }
            }
        }
        tx.execute(
            "UPDATE sync_state SET push_key = NULL, push_digest = NULL,
                 pulled_revision = COALESCE(?1, pulled_revision) WHERE env_id = ?2",
            params![pulled, env.id.to_string()],
        )?;
        let mut event = audit::Event::new("push", &env.project, &env.name);
        let names: BTreeSet<&str> = sent.iter().map(Outgoing::name).collect();
        event.names = names.into_iter().map(String::from).collect();
        event.detail = format!("{} changes, server revision {revision}", sent.len());
        self.audit(&tx, &event)?;
        tx.commit()?;
        Ok(())
    }

    // ---- incoming ----------------------------------------------------------------------

    /// Applies a server's log entries (oldest first) to `env` and records `to_revision` as
    /// pulled. Items changed here and not yet pushed are conflicts, handled per `resolve`
    /// ([`Resolve::Ours`] needs the env key to re-seal, hence `unlocked`). With `dry_run`
    /// nothing is written. With [`Resolve::Refuse`] and conflicts, nothing is written either.
    pub fn apply_incoming(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        entries: &[Incoming],
        to_revision: i64,
        resolve: Resolve,
        dry_run: bool,
    ) -> Result<ApplyReport> {
        self.apply_incoming_with_progress(
            unlocked,
            env,
            entries,
            to_revision,
            resolve,
            dry_run,
            &mut |_| {},
        )
    }

    /// [`Vault::apply_incoming`], calling `applied` with the number of entries handled so
    /// far, so a caller can show progress on a large pull. `applied` must not fail or
    /// block: it runs inside the write transaction.
    #[allow(clippy::too_many_arguments)]
    pub fn apply_incoming_with_progress(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        entries: &[Incoming],
        to_revision: i64,
        resolve: Resolve,
        dry_run: bool,
        applied: &mut dyn FnMut(u64),
    ) -> Result<ApplyReport> {
        let env = self.env_by_id(env.id)?;
        // A pull must not bless an item removed behind our back by retagging the set.
        self.check_set_for_write(&env)?;
        let env_id = env.id.to_string();
        let mut items: HashMap<String, LocalItem> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT id, name, current_version, deleted_at IS NOT NULL FROM items WHERE env_id = ?1",
            )?;
            let rows = stmt.query_map([&env_id], |r| {
                Ok((
                    r.get::<_, String>(1)?,
                    LocalItem {
                        id: r.get(0)?,
                        current: r.get(2)?,
                        deleted: r.get(3)?,
                    },
                ))
            })?;
            for row in rows {
                let (name, item) = row?;
                items.insert(name, item);
            }
        }
        // Unpushed local versions (name -> version -> ciphertext) and marks (name -> last op).
        let mut unpushed: HashMap<String, BTreeMap<u64, Vec<u8>>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT i.name, v.version, v.ciphertext FROM versions v JOIN items i ON i.id = v.item_id
                 WHERE i.env_id = ?1 AND v.remote_revision IS NULL",
            )?;
            let rows = stmt.query_map([&env_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u64>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })?;
            for row in rows {
                let (name, version, ct) = row?;
                unpushed.entry(name).or_default().insert(version, ct);
            }
        }
        let mut marks: HashMap<String, String> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT name, op FROM pending_ops WHERE env_id = ?1 ORDER BY at, seq")?;
            let rows = stmt.query_map([&env_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for row in rows {
                let (name, op): (String, String) = row?;
                marks.insert(name, op);
            }
        }

        // Which entries collide with local unpushed work. Our own push coming back (same
        // version and ciphertext, or the same mark) is not a conflict.
        let mut conflicts: BTreeSet<String> = BTreeSet::new();
        for e in entries {
            let name = e.change.name();
            let ours = unpushed.get(name);
            let mark = marks.get(name);
            if ours.is_none() && mark.is_none() {
                continue;
            }
            let echo = match &e.change {
                IncomingChange::Version(v) => ours
                    .and_then(|o| o.get(&v.version))
                    .is_some_and(|ct| *ct == v.ciphertext),
                IncomingChange::Delete(_) => ours.is_none() && mark.is_some_and(|m| m == "delete"),
                IncomingChange::Restore(_) => {
                    ours.is_none() && mark.is_some_and(|m| m == "restore")
                }
            };
            if !echo {
                conflicts.insert(name.to_string());
            }
        }
        let mut report = ApplyReport {
            changes: Vec::new(),
            conflicts: conflicts.iter().cloned().collect(),
        };
        if !conflicts.is_empty() && resolve == Resolve::Refuse {
            return Ok(report);
        }

        // Local versions to keep over the server's (--ours), opened before the transaction.
        let mut kept: BTreeMap<String, Vec<(StoredVersion, SecretBytes)>> = BTreeMap::new();
        if resolve == Resolve::Ours && !dry_run {
            for name in &conflicts {
                let Some(ours) = unpushed.get(name) else {
                    continue;
                };
                let item = &items[name];
                // A staged `next` (above current) is dropped, never made current by a pull.
                for &version in ours.keys().filter(|&&v| v <= item.current) {
                    let s = self.sealed_version(item.id, name, version)?;
                    let value = self.open_sealed(unlocked, &env, &s.0)?;
                    kept.entry(name.clone()).or_default().push((s.1, value));
                }
            }
        }

        let mut outcome: BTreeMap<String, Applied> = BTreeMap::new();
        let now = now_ms();
        let tx = self.write_tx()?;
        {
            let mut insert_item = tx.prepare_cached(
                "INSERT INTO items (env_id, name, current_version, updated_at) VALUES (?1, ?2, 0, ?3)",
            )?;
            let mut insert_version = tx.prepare_cached(
                "INSERT INTO versions (item_id, version, kind, literal, key_version, wrapped_data_key,
                     ciphertext, created_at, author, remote_revision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
            )?;
            let mut mark_echo = tx.prepare_cached(
                "UPDATE versions SET remote_revision = ?1 WHERE item_id = ?2 AND version = ?3 AND remote_revision IS NULL",
            )?;
            let mut set_current = tx.prepare_cached(
                "UPDATE items SET current_version = MAX(current_version, ?1), deleted_at = NULL, updated_at = ?2 WHERE id = ?3",
            )?;
            let mut set_previous =
                tx.prepare_cached("UPDATE items SET previous_version = ?1 WHERE id = ?2")?;
            let mut set_deleted = tx.prepare_cached(
                "UPDATE items SET deleted_at = ?1, updated_at = ?2 WHERE id = ?3",
            )?;
            let mut drop_marks = tx.prepare_cached(
                "DELETE FROM pending_ops WHERE env_id = ?1 AND name = ?2 AND op = ?3",
            )?;

            // Conflicts resolved: theirs drops our unpushed work, ours sets it aside.
            for name in &conflicts {
                let Some(item) = items.get(name) else {
                    continue;
                };
                match resolve {
                    Resolve::Theirs => {
                        note(&mut outcome, name, Applied::Discarded);
                        if dry_run {
                            continue;
                        }
                        tx.execute(
                            "DELETE FROM versions WHERE item_id = ?1 AND remote_revision IS NULL",
                            [item.id],
                        )?;
                        tx.execute(
                            "DELETE FROM pending_ops WHERE env_id = ?1 AND name = ?2",
                            params![env_id, name],
                        )?;
                        let left: Option<u64> = tx.query_row(
                            "SELECT MAX(version) FROM versions WHERE item_id = ?1",
                            [item.id],
                            |r| r.get(0),
                        )?;
                        match left {
                            Some(v) => {
                                tx.execute(
                                    "UPDATE items SET current_version = ?1 WHERE id = ?2",
                                    params![v, item.id],
                                )?;
                                let item = items.get_mut(name).expect("present");
                                item.current = v;
                            }
                            None => {
                                tx.execute("DELETE FROM items WHERE id = ?1", [item.id])?;
                                items.remove(name);
                            }
                        }
                    }
                    Resolve::Ours => {
                        note(&mut outcome, name, Applied::Kept);
                        if !dry_run {
                            tx.execute(
                                "DELETE FROM versions WHERE item_id = ?1 AND remote_revision IS NULL",
                                [item.id],
                            )?;
                        }
                    }
                    Resolve::Refuse => unreachable!("returned above"),
                }
            }

            for (done, e) in entries.iter().enumerate() {
                applied(done as u64);
                let name = e.change.name();
                let ours_wins = resolve == Resolve::Ours && conflicts.contains(name);
                match &e.change {
                    IncomingChange::Version(v) => {
                        let existing = items.get(name).map(|i| i.id);
                        if dry_run {
                            let have = match existing {
                                Some(id) => self.has_version(id, v.version)?,
                                None => false,
                            };
                            if ours_wins {
                                continue;
                            }
                            let first = !outcome.contains_key(name);
                            note(
                                &mut outcome,
                                name,
                                if have {
                                    Applied::Unchanged
                                } else if existing.is_none() && first {
                                    Applied::Created
                                } else {
                                    Applied::Updated
                                },
                            );
                            continue;
                        }
                        let (item_id, created) = match existing {
                            Some(id) => (id, false),
                            None => {
                                insert_item.execute(params![env_id, name, now])?;
                                let id = tx.last_insert_rowid();
                                items.insert(
                                    name.to_string(),
                                    LocalItem {
                                        id,
                                        current: 0,
                                        deleted: false,
                                    },
                                );
                                (id, true)
                            }
                        };
                        let inserted = insert_version.execute(params![
                            item_id,
                            v.version,
                            v.kind.as_str(),
                            v.literal,
                            v.key_version,
                            v.wrapped_data_key,
                            v.ciphertext,
                            v.created_at,
                            v.author,
                            e.revision
                        ])? > 0;
                        if !inserted {
                            mark_echo.execute(params![e.revision, item_id, v.version])?;
                            note(&mut outcome, name, Applied::Unchanged);
                            continue;
                        }
                        if ours_wins {
                            continue;
                        }
                        set_current.execute(params![v.version, now, item_id])?;
                        let item = items.get_mut(name).expect("present");
                        // The pointer moves with the version it came with, once that one is
                        // current; the state tag is resealed below with the rest.
                        if let Some(previous) = v.previous
                            && v.version >= item.current
                        {
                            set_previous.execute(params![previous, item_id])?;
                        }
                        item.current = item.current.max(v.version);
                        item.deleted = false;
                        note(
                            &mut outcome,
                            name,
                            if created {
                                Applied::Created
                            } else {
                                Applied::Updated
                            },
                        );
                    }
                    IncomingChange::Delete(_) | IncomingChange::Restore(_) => {
                        if ours_wins {
                            continue;
                        }
                        let delete = matches!(e.change, IncomingChange::Delete(_));
                        let Some(item) = items.get_mut(name) else {
                            continue;
                        };
                        if item.deleted == delete {
                            note(&mut outcome, name, Applied::Unchanged);
                        } else {
                            note(
                                &mut outcome,
                                name,
                                if delete {
                                    Applied::Deleted
                                } else {
                                    Applied::Restored
                                },
                            );
                            item.deleted = delete;
                            if !dry_run {
                                set_deleted.execute(params![
                                    delete.then_some(now),
                                    now,
                                    item.id
                                ])?;
                            }
                        }
                        if !dry_run {
                            drop_marks.execute(params![
                                env_id,
                                name,
                                if delete { "delete" } else { "restore" }
                            ])?;
                        }
                    }
                }
            }

            // Ours: re-seal the set-aside versions above everything the server has.
            if !kept.is_empty() {
                let env_key_version = env.key_version;
                for (name, versions) in &kept {
                    let item_id = items[name].id;
                    let mut next: u64 = tx.query_row(
                        "SELECT COALESCE(MAX(version), 0) FROM versions WHERE item_id = ?1",
                        [item_id],
                        |r| r.get(0),
                    )?;
                    for (old, value) in versions {
                        next += 1;
                        let env_key = self.env_key(unlocked, &env, env_key_version)?;
                        let new = NewValue {
                            name: name.clone(),
                            value: value.duplicate(),
                            kind: old.kind,
                            literal: old.literal,
                        };
                        let (wrapped, ciphertext) = seal_version(env_key, &env, name, next, &new);
                        insert_version.execute(params![
                            item_id,
                            next,
                            old.kind.as_str(),
                            old.literal,
                            env_key_version,
                            wrapped,
                            ciphertext,
                            old.created_at,
                            old.author,
                            Option::<i64>::None
                        ])?;
                    }
                    tx.execute(
                        "UPDATE items SET current_version = ?1, updated_at = ?2 WHERE id = ?3",
                        params![next, now, item_id],
                    )?;
                }
            }
        }
        report.changes = outcome
            .into_iter()
            .map(|(name, change)| AppliedChange { name, change })
            .collect();
        if dry_run {
            return Ok(report);
        }
        tx.execute(
            "UPDATE sync_state SET pulled_revision = MAX(pulled_revision, ?1) WHERE env_id = ?2",
            params![to_revision, env_id],
        )?;
        let changed: Vec<String> = report
            .changes
            .iter()
            .filter(|c| c.change != Applied::Unchanged)
            .map(|c| c.name.clone())
            .collect();
        if !changed.is_empty() {
            tx.execute(
                "UPDATE envs SET revision = revision + 1 WHERE id = ?1",
                [&env_id],
            )?;
            let mut event = audit::Event::new("pull", &env.project, &env.name);
            event.detail = format!(
                "{} changes to revision {to_revision}{}",
                changed.len(),
                match resolve {
                    Resolve::Refuse => "",
                    Resolve::Theirs => ", conflicts resolved with theirs",
                    Resolve::Ours => ", conflicts resolved with ours",
                }
            );
            event.names = changed;
            self.audit(&tx, &event)?;
        }
        // A conflict resolved either way drops unpushed versions, a staged `next` among them.
        tx.execute(
            "UPDATE items SET
                 next_version = CASE WHEN EXISTS (SELECT 1 FROM versions v
                     WHERE v.item_id = items.id AND v.version = items.next_version)
                     THEN next_version END,
                 previous_version = CASE WHEN EXISTS (SELECT 1 FROM versions v
                     WHERE v.item_id = items.id AND v.version = items.previous_version)
                     THEN previous_version END
             WHERE env_id = ?1 AND (next_version IS NOT NULL OR previous_version IS NOT NULL)",
            [env.id.to_string()],
        )?;
        // The pull moved current-version pointers and delete marks in SQL: tag them anew.
        state::tag_env(&tx, &self.macs()?.state, env.id)?;
        self.reseal_set(&env, &Default::default())?;
        tx.commit()?;
        Ok(report)
    }

    /// Whether item `name` of `env` itself has version `version` here (pushed or not).
    pub fn holds_version(&self, env: &Env, name: &str, version: u64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM versions v JOIN items i ON i.id = v.item_id
             WHERE i.env_id = ?1 AND i.name = ?2 AND v.version = ?3)",
            params![env.id.to_string(), name, version],
            |r| r.get(0),
        )?)
    }

    fn has_version(&self, item_id: i64, version: u64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM versions WHERE item_id = ?1 AND version = ?2)",
            params![item_id, version],
            |r| r.get(0),
        )?)
    }

    fn sealed_version(
        &self,
        item_id: i64,
        name: &str,
        version: u64,
    ) -> Result<(super::items::Sealed, StoredVersion)> {
        Ok(self.conn.query_row(
            "SELECT kind, literal, key_version, wrapped_data_key, ciphertext, created_at, author
             FROM versions WHERE item_id = ?1 AND version = ?2",
            params![item_id, version],
            |r| {
                let kind = Kind::parse(&r.get::<_, String>(0)?);
                let stored = StoredVersion {
                    name: name.to_string(),
                    version,
                    kind,
                    literal: r.get(1)?,
                    key_version: r.get(2)?,
                    wrapped_data_key: r.get(3)?,
                    ciphertext: r.get(4)?,
                    created_at: r.get(5)?,
                    author: r.get(6)?,
                    previous: None,
                };
                Ok((
                    super::items::Sealed {
                        item_id,
                        name: name.to_string(),
                        version,
                        kind,
                        literal: stored.literal,
                        key_version: stored.key_version,
                        wrapped_data_key: stored.wrapped_data_key.clone(),
                        ciphertext: stored.ciphertext.clone(),
                        updated_at: stored.created_at,
                        deleted: false,
                        // Only decrypted, never taken as the item's state.
                        current_version: version,
                        state_mac: None,
                        aliases: Default::default(),
                    },
                    stored,
                ))
            },
        )?)
    }

    /// `env`'s own live items with their values (nothing inherited).
    pub fn reveal_own(&self, unlocked: &mut Unlocked, env: &Env) -> Result<Vec<super::Revealed>> {
        let mut out = Vec::new();
        for s in self.current_sealed(env, true)? {
            if s.deleted {
                continue;
            }
            let value = self.open_sealed(unlocked, env, &s)?;
            out.push(super::Revealed {
                info: s.info(env),
                value,
            });
        }
        Ok(out)
    }

    /// Opens one version given as stored bytes (e.g. from a server snapshot) with `env`'s keys.
    pub fn open_stored(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        v: &StoredVersion,
    ) -> Result<SecretBytes> {
        let s = super::items::Sealed {
            item_id: 0,
            name: v.name.clone(),
            version: v.version,
            kind: v.kind,
            literal: v.literal,
            key_version: v.key_version,
            wrapped_data_key: v.wrapped_data_key.clone(),
            ciphertext: v.ciphertext.clone(),
            updated_at: v.created_at,
            deleted: false,
            // Only decrypted, never taken as the item's state.
            current_version: v.version,
            state_mac: None,
            aliases: Default::default(),
        };
        self.open_sealed(unlocked, env, &s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::NewValue;

    fn new_vault(dir: &std::path::Path, name: &str) -> (Vault, Unlocked) {
        let (mut v, u) = crate::vault::test_vault(&dir.join(name));
        let remote = Remote {
            server_id: Uuid::nil(),
            urls: "https://sync.example".into(),
            user_id: Uuid::nil(),
            device_id: Uuid::nil(),
            insecure: false,
            created_at: 0,
        };
        v.save_remote(&u, &remote, &SecretBytes::new(b"t".to_vec()))
            .unwrap();
        (v, u)
    }

    fn dev(v: &Vault) -> Env {
        let p = v.project("app").unwrap();
        v.env(&p, "dev").unwrap()
    }

    fn set(v: &mut Vault, u: &mut Unlocked, env: &Env, pairs: &[(&str, &str)]) {
        let values = pairs
            .iter()
            .map(|(k, val)| NewValue {
                name: k.to_string(),
                value: SecretBytes::new(val.as_bytes().to_vec()),
                kind: Kind::Secret,
                literal: false,
            })
            .collect();
        v.set_values(u, env, values, "set", false).unwrap();
    }

    fn get(v: &Vault, u: &mut Unlocked, env: &Env, name: &str) -> String {
        let r = v.reveal(u, env, name, None).unwrap();
        String::from_utf8(r.value.expose().to_vec()).unwrap()
    }

    /// What a server would hand out: the outgoing changes as log entries at `revision`.
    fn as_log(out: &[Outgoing], revision: i64) -> Vec<Incoming> {
        out.iter()
            .map(|o| Incoming {
                revision,
                change: match o {
                    Outgoing::Version(v) => IncomingChange::Version(v.clone()),
                    Outgoing::Delete { name, .. } => IncomingChange::Delete(name.clone()),
                    Outgoing::Restore { name, .. } => IncomingChange::Restore(name.clone()),
                },
            })
            .collect()
    }

    /// A second vault holding A's environment (same ids, same env key), as after a pull.
    fn clone_env(dir: &std::path::Path, a: &Vault, ua: &mut Unlocked) -> (Vault, Unlocked, Env) {
        let (mut b, mut ub) = new_vault(dir, "b");
        let env_a = dev(a);
        let env_b = b
            .adopt_env(
                (env_a.project_id, "app"),
                (env_a.id, "dev"),
                None,
                env_a.key_version,
            )
            .unwrap();
        let id = b.identity(&ub).unwrap();
        let wrapped = a.wrap_env_key_to(ua, &env_a, 1, &id.recipient()).unwrap();
        let key = id.unwrap_key(&wrapped).unwrap();
        b.import_env_key(&mut ub, &env_b, 1, key).unwrap();
        b.bind_env(&env_b, Uuid::nil()).unwrap();
        (b, ub, env_b)
    }

    fn push_all(v: &mut Vault, env: &Env, revision: i64) -> Vec<Incoming> {
        let out = v.outgoing(env).unwrap();
        v.bind_env(env, Uuid::nil()).unwrap();
        v.mark_pushed(env, &out, revision, Some(revision)).unwrap();
        as_log(&out, revision)
    }

    #[test]
    fn a_new_vault_has_an_identity_and_the_v1_fixture_gains_one_lazily() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, u) = new_vault(dir.path(), "a");
        let r = v.recipient().unwrap().unwrap();
        assert!(r.starts_with("age1"));
        assert_eq!(v.identity(&u).unwrap().recipient(), r);

        let path = dir.path().join("v1.db");
        std::fs::copy(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vault-v1.db"),
            &path,
        )
        .unwrap();
        let mut old = Vault::open(&path).unwrap();
        let version: u32 = old
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, super::super::schema::MIGRATIONS.len());
        assert_eq!(old.recipient().unwrap(), None);
        assert!(old.remotes().unwrap().is_empty());
        let u = old
            .unlock_with_passphrase(b"fixture-passphrase-v1")
            .unwrap();
        let id = old.identity(&u).unwrap();
        assert_eq!(old.recipient().unwrap(), Some(id.recipient()));
        assert_eq!(old.identity(&u).unwrap().recipient(), id.recipient());
        // Every version of the old vault counts as not yet pushed.
        let p = old.project("fixture").unwrap();
        let env = old.env(&p, "dev").unwrap();
        assert!(!old.outgoing(&env).unwrap().is_empty());
    }

    #[test]
    fn remote_tokens_are_sealed_and_bound_to_their_server() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, u) = new_vault(dir.path(), "a");
        let remote = Remote {
            server_id: Uuid::from_u128(7),
            urls: "https://a.example".into(),
            user_id: Uuid::from_u128(1),
            device_id: Uuid::from_u128(2),
            insecure: false,
            created_at: 0,
        };
        v.save_remote(&u, &remote, &SecretBytes::new(b"sct_ab_cd".to_vec()))
            .unwrap();
        let stored: Vec<u8> = v
            .conn
            .query_row(
                "SELECT sealed_token FROM remotes WHERE server_id = ?1",
                [Uuid::from_u128(7).to_string()],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!stored.windows(9).any(|w| w == b"sct_ab_cd"));
        assert_eq!(v.remote_token(&u, &remote).unwrap().expose(), b"sct_ab_cd");
        // Moved onto another server's row, it no longer opens.
        v.conn
            .execute(
                "UPDATE remotes SET server_id = ?1 WHERE server_id = ?2",
                [
                    Uuid::from_u128(8).to_string(),
                    Uuid::from_u128(7).to_string(),
                ],
            )
            .unwrap();
        let moved = Remote {
            server_id: Uuid::from_u128(8),
            ..remote
        };
        assert!(v.remote_token(&u, &moved).is_err());
    }

    #[test]
    fn pulled_versions_decrypt_byte_for_byte_on_another_vault() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, mut ua) = new_vault(dir.path(), "a");
        let env_a = dev(&a);
        set(&mut a, &mut ua, &env_a, &[("DB", "one"), ("API", "key")]);
        set(&mut a, &mut ua, &env_a, &[("DB", "two")]);
        a.remove(&env_a, "API").unwrap();
        let log = push_all(&mut a, &env_a, 1);
        assert!(a.outgoing(&env_a).unwrap().is_empty());

        let (mut b, mut ub, env_b) = clone_env(dir.path(), &a, &mut ua);
        let report = b
            .apply_incoming(&mut ub, &env_b, &log, 1, Resolve::Refuse, false)
            .unwrap();
        assert!(report.conflicts.is_empty());
        assert_eq!(get(&b, &mut ub, &env_b, "DB"), "two");
        assert_eq!(
            b.reveal(&mut ub, &env_b, "DB", Some(1))
                .unwrap()
                .value
                .expose(),
            b"one"
        );
        assert!(
            b.list(&env_b, false).unwrap().is_empty()
                || b.reveal(&mut ub, &env_b, "API", None).is_err()
        );
        assert!(b.outgoing(&env_b).unwrap().is_empty());
        assert_eq!(b.sync_state(&env_b).unwrap().unwrap().pulled_revision, 1);
        // Applying the same log again changes nothing.
        let again = b
            .apply_incoming(&mut ub, &env_b, &log, 1, Resolve::Refuse, false)
            .unwrap();
        assert!(again.changes.iter().all(|c| c.change == Applied::Unchanged));
    }

    #[test]
    fn our_own_push_coming_back_is_not_a_conflict() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, mut ua) = new_vault(dir.path(), "a");
        let env = dev(&a);
        set(&mut a, &mut ua, &env, &[("DB", "one")]);
        a.bind_env(&env, Uuid::nil()).unwrap();
        // The push landed but the answer was lost: nothing was marked here.
        let log = as_log(&a.outgoing(&env).unwrap(), 1);
        let report = a
            .apply_incoming(&mut ua, &env, &log, 1, Resolve::Refuse, false)
            .unwrap();
        assert!(report.conflicts.is_empty());
        assert!(a.outgoing(&env).unwrap().is_empty());
        assert_eq!(get(&a, &mut ua, &env, "DB"), "one");
    }

    #[test]
    fn conflicts_are_refused_or_resolved_either_way() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, mut ua) = new_vault(dir.path(), "a");
        let env_a = dev(&a);
        set(&mut a, &mut ua, &env_a, &[("DB", "base"), ("OTHER", "x")]);
        let first = push_all(&mut a, &env_a, 1);
        let (mut b, mut ub, env_b) = clone_env(dir.path(), &a, &mut ua);
        b.apply_incoming(&mut ub, &env_b, &first, 1, Resolve::Refuse, false)
            .unwrap();
        // Both change DB; A pushes first.
        set(&mut a, &mut ua, &env_a, &[("DB", "theirs"), ("NEW", "n")]);
        let second = push_all(&mut a, &env_a, 2);
        set(&mut b, &mut ub, &env_b, &[("DB", "ours")]);

        let dry = b
            .apply_incoming(&mut ub, &env_b, &second, 2, Resolve::Refuse, true)
            .unwrap();
        assert_eq!(dry.conflicts, ["DB"]);
        let refused = b
            .apply_incoming(&mut ub, &env_b, &second, 2, Resolve::Refuse, false)
            .unwrap();
        assert_eq!(refused.conflicts, ["DB"]);
        assert_eq!(get(&b, &mut ub, &env_b, "DB"), "ours");
        assert!(
            b.reveal(&mut ub, &env_b, "NEW", None).is_err(),
            "nothing applied"
        );
        assert_eq!(b.sync_state(&env_b).unwrap().unwrap().pulled_revision, 1);

        let path = dir.path().join("b");
        std::fs::copy(&path, dir.path().join("b-copy")).unwrap();

        let ours = b
            .apply_incoming(&mut ub, &env_b, &second, 2, Resolve::Ours, false)
            .unwrap();
        assert!(
            ours.changes
                .iter()
                .any(|c| c.name == "DB" && c.change == Applied::Kept)
        );
        assert_eq!(get(&b, &mut ub, &env_b, "DB"), "ours");
        assert_eq!(get(&b, &mut ub, &env_b, "NEW"), "n");
        // Theirs is kept as history, ours renumbered above it and still to push.
        assert_eq!(
            b.reveal(&mut ub, &env_b, "DB", Some(2))
                .unwrap()
                .value
                .expose(),
            b"theirs"
        );
        let out = b.outgoing(&env_b).unwrap();
        assert!(matches!(&out[..], [Outgoing::Version(v)] if v.name == "DB" && v.version == 3));
    }

    #[test]
    fn theirs_drops_unpushed_local_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, mut ua) = new_vault(dir.path(), "a");
        let env_a = dev(&a);
        set(&mut a, &mut ua, &env_a, &[("DB", "base")]);
        let first = push_all(&mut a, &env_a, 1);
        let (mut b, mut ub, env_b) = clone_env(dir.path(), &a, &mut ua);
        b.apply_incoming(&mut ub, &env_b, &first, 1, Resolve::Refuse, false)
            .unwrap();
        set(&mut a, &mut ua, &env_a, &[("DB", "theirs")]);
        let second = push_all(&mut a, &env_a, 2);
        set(&mut b, &mut ub, &env_b, &[("DB", "ours"), ("LOCAL", "l")]);
        b.remove(&env_b, "DB").unwrap();
        let theirs = b
            .apply_incoming(&mut ub, &env_b, &second, 2, Resolve::Theirs, false)
            .unwrap();
        assert!(
            theirs
                .changes
                .iter()
                .any(|c| c.name == "DB" && c.change == Applied::Discarded)
        );
        assert_eq!(get(&b, &mut ub, &env_b, "DB"), "theirs");
        assert_eq!(get(&b, &mut ub, &env_b, "LOCAL"), "l");
        let out = b.outgoing(&env_b).unwrap();
        assert!(out.iter().all(|o| o.name() == "LOCAL"), "{out:?}");
    }

    /// A promote that only moved the pointer still leaves its version unpushed, so the
    /// pointer travels with it; the pulling vault follows it and its tags vouch for it.
    #[test]
    fn a_promote_carries_its_previous_alias_to_another_vault() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, mut ua) = new_vault(dir.path(), "a");
        let env_a = dev(&a);
        set(&mut a, &mut ua, &env_a, &[("DB", "one")]);
        let first = push_all(&mut a, &env_a, 1);
        let (mut b, mut ub, env_b) = clone_env(dir.path(), &a, &mut ua);
        b.apply_incoming(&mut ub, &env_b, &first, 1, Resolve::Refuse, false)
            .unwrap();
        a.stage(&mut ua, &env_a, "DB", SecretBytes::new(b"two".to_vec()))
            .unwrap();
        assert!(a.outgoing(&env_a).unwrap().is_empty(), "staged: not pushed");
        a.promote(&mut ua, &env_a, "DB", false).unwrap();
        let second = push_all(&mut a, &env_a, 2);
        let IncomingChange::Version(v) = &second[0].change else {
            panic!("a version: {second:?}")
        };
        assert_eq!((v.version, v.previous), (2, Some(1)));
        b.apply_incoming(&mut ub, &env_b, &second, 2, Resolve::Refuse, false)
            .unwrap();
        let (current, aliases) = b.aliases(&env_b, "DB").unwrap();
        assert_eq!(
            (current, aliases.previous, aliases.next),
            (2, Some(1), None)
        );
        let old = b
            .reveal_alias(&mut ub, &env_b, "DB", crate::vault::Alias::Previous)
            .unwrap();
        assert_eq!(old.value.expose(), b"one");
        assert_eq!(get(&b, &mut ub, &env_b, "DB"), "two");
    }
}
