//! Items and their append-only versions: set, reveal, list, delete, restore, purge,
//! history and rollback, resolved through environment inheritance.
//!
//! Each version has its own random data key, wrapped by the env key version current at
//! write time; the value is sealed with the data key. Rollback and restore never rewrite an
//! old version: rollback appends a new one, restore only clears the deletion mark.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::{Env, Result, Unlocked, Vault, VaultError, audit, nearest, now_ms};
use crate::crypto::{self, Aad, SecretBytes, SecretKey};

/// Whether an item is a secret or non-secret configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Never shown unless asked; masked later by inject.
    Secret,
    /// Non-secret configuration; may later be served in clear by the server.
    Config,
}

impl Kind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Kind::Secret => "secret",
            Kind::Config => "config",
        }
    }

    pub(super) fn parse(s: &str) -> Kind {
        if s == "config" {
            Kind::Config
        } else {
            Kind::Secret
        }
    }
}

/// A value to write.
pub struct NewValue {
    /// Key name.
    pub name: String,
    /// Plaintext.
    pub value: SecretBytes,
    /// Secret or config.
    pub kind: Kind,
    /// Never expand `${...}` inside (single-quoted in a dotenv file, or `--literal`).
    pub literal: bool,
}

/// What a write did to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A new item.
    Created,
    /// A new version of an existing item.
    Updated,
    /// Same value, kind and flag: no new version.
    Unchanged,
}

/// One item's outcome of a write.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// Key name.
    pub name: String,
    /// What happened.
    pub change: ChangeKind,
    /// The item's current version afterwards.
    pub version: u64,
}

/// An item as listed: metadata only, never a value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ItemInfo {
    /// Key name.
    pub name: String,
    /// Secret or config.
    pub kind: Kind,
    /// Never expanded by inject.
    pub literal: bool,
    /// Current version.
    pub version: u64,
    /// Last change (ms since epoch).
    pub updated_at: i64,
    /// Environment the value comes from (differs from the one asked for when inherited).
    pub env: String,
    /// Soft-deleted (only listed when deleted items are asked for).
    pub deleted: bool,
}

/// How far [`Vault::set_values_with_progress`] has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Compared `done` of `total` new values with the current ones.
    Comparing {
        /// Values compared so far.
        done: u64,
        /// Values to compare.
        total: u64,
    },
    /// Wrote `done` of the `total` values that changed.
    Writing {
        /// Values written so far.
        done: u64,
        /// Values to write.
        total: u64,
    },
    /// `rotate-key --now`: opened `done` of `total` data keys under their old env key.
    Unwrapping {
        /// Data keys opened so far.
        done: u64,
        /// Data keys to rewrap.
        total: u64,
    },
    /// `rotate-key --now`: rewrapped `done` of `total` data keys to the new env key.
    Rewrapping {
        /// Data keys rewrapped so far.
        done: u64,
        /// Data keys to rewrap.
        total: u64,
    },
}

/// An item with its plaintext.
pub struct Revealed {
    /// Metadata.
    pub info: ItemInfo,
    /// Plaintext.
    pub value: SecretBytes,
}

/// One version in an item's history (no value).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryEntry {
    /// Version number, from 1.
    pub version: u64,
    /// Kind of that version.
    pub kind: Kind,
    /// Literal flag of that version.
    pub literal: bool,
    /// Env key version wrapping its data key.
    pub key_version: u32,
    /// When written (ms since epoch).
    pub created_at: i64,
    /// Who wrote it.
    pub author: String,
    /// Whether it is the current version.
    pub current: bool,
}

/// A stored version with its ciphertext, ready to open.
pub(super) struct Sealed {
    pub(super) item_id: i64,
    pub(super) name: String,
    pub(super) version: u64,
    pub(super) kind: Kind,
    pub(super) literal: bool,
    pub(super) key_version: u32,
    pub(super) wrapped_data_key: Vec<u8>,
    pub(super) ciphertext: Vec<u8>,
    pub(super) updated_at: i64,
    pub(super) deleted: bool,
}

const SEALED_COLUMNS: &str = "i.id, i.name, v.version, v.kind, v.literal, v.key_version, v.wrapped_data_key, v.ciphertext, i.updated_at, i.deleted_at IS NOT NULL";
/// The same columns with the blobs left out, for listings that never decrypt.
const META_COLUMNS: &str = "i.id, i.name, v.version, v.kind, v.literal, v.key_version, NULL, NULL, i.updated_at, i.deleted_at IS NOT NULL";

fn sealed_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Sealed> {
    Ok(Sealed {
        item_id: r.get(0)?,
        name: r.get(1)?,
        version: r.get(2)?,
        kind: Kind::parse(&r.get::<_, String>(3)?),
        literal: r.get(4)?,
        key_version: r.get(5)?,
        wrapped_data_key: r.get::<_, Option<Vec<u8>>>(6)?.unwrap_or_default(),
        ciphertext: r.get::<_, Option<Vec<u8>>>(7)?.unwrap_or_default(),
        updated_at: r.get(8)?,
        deleted: r.get(9)?,
    })
}

/// A stored version's fields that decrypting needs, borrowed from a row or a [`Sealed`].
struct SealedRef<'a> {
    name: &'a str,
    version: u64,
    kind: Kind,
    literal: bool,
    key_version: u32,
    wrapped_data_key: &'a [u8],
    ciphertext: &'a [u8],
}

impl SealedRef<'_> {
    /// Its metadata as listed (not deleted: rows of deleted items are never revealed).
    fn info(&self, env: &Env, updated_at: i64) -> ItemInfo {
        ItemInfo {
            name: self.name.to_string(),
            kind: self.kind,
            literal: self.literal,
            version: self.version,
            updated_at,
            env: env.name.clone(),
            deleted: false,
        }
    }
}

/// One environment's keys prepared for decryption, by key version (rarely more than two),
/// so a loop over its items builds each AES key schedule once.
struct EnvOpeners<'e> {
    env: &'e Env,
    by_version: Vec<(u32, crypto::Opener)>,
}

impl<'e> EnvOpeners<'e> {
    fn new(env: &'e Env) -> Self {
        EnvOpeners {
            env,
            by_version: Vec::new(),
        }
    }

    /// Decrypts one stored version of an item in this environment; a failure names the
    /// item, version and environment.
    fn open(
        &mut self,
        vault: &Vault,
        unlocked: &mut Unlocked,
        s: &SealedRef<'_>,
    ) -> Result<SecretBytes> {
        let env = self.env;
        let corrupt = || VaultError::Corrupt {
            what: format!("item {} version {} in {}", s.name, s.version, env.label()),
        };
        let key_aad = Aad::DataKey {
            project_id: env.project_id,
            env_id: env.id,
            name: s.name,
            version: s.version,
            key_version: s.key_version,
        };
        let opener = self.opener(vault, unlocked, s.key_version)?;
        let data_key = opener
            .unwrap_key(&key_aad, s.wrapped_data_key)
            .map_err(|_| corrupt())?;
        let value_aad = Aad::Value {
            project_id: env.project_id,
            env_id: env.id,
            name: s.name,
            version: s.version,
            is_config: s.kind == Kind::Config,
            literal: s.literal,
        };
        opener
            .open_once(&data_key, &value_aad, s.ciphertext)
            .map_err(|_| corrupt())
    }

    fn opener(
        &mut self,
        vault: &Vault,
        unlocked: &mut Unlocked,
        version: u32,
    ) -> Result<&mut crypto::Opener> {
        let at = match self.by_version.iter().position(|(v, _)| *v == version) {
            Some(at) => at,
            None => {
                let key = vault.env_key(unlocked, self.env, version)?;
                self.by_version.push((version, crypto::Opener::new(key)));
                self.by_version.len() - 1
            }
        };
        Ok(&mut self.by_version[at].1)
    }
}

/// The current version of every live item in one environment, sorted by name. A deleted
/// item never shadows its parent's (the loop skipped it before recording its name), so
/// leaving it out in SQL changes nothing but the rows decoded. No id and no deletion mark
/// either: every column read costs a type check and a conversion per row.
const REVEAL_SQL: &str = "SELECT i.name, v.version, v.kind, v.literal, v.key_version, v.wrapped_data_key, v.ciphertext, i.updated_at
     FROM items i JOIN versions v ON v.item_id = i.id AND v.version = i.current_version
     WHERE i.env_id = ?1 AND i.deleted_at IS NULL ORDER BY i.name";

/// A [`REVEAL_SQL`] row without copying its blobs, with its `updated_at`.
fn reveal_ref_from_row<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<(SealedRef<'r>, i64)> {
    let s = SealedRef {
        name: r.get_ref(0)?.as_str()?,
        version: r.get(1)?,
        kind: Kind::parse(r.get_ref(2)?.as_str()?),
        literal: r.get(3)?,
        key_version: r.get(4)?,
        wrapped_data_key: r.get_ref(5)?.as_blob()?,
        ciphertext: r.get_ref(6)?.as_blob()?,
    };
    Ok((s, r.get(7)?))
}

/// The current version of every item in one environment, sorted by name.
fn current_sql(columns: &str) -> String {
    format!(
        "SELECT {columns} FROM items i JOIN versions v ON v.item_id = i.id AND v.version = i.current_version
         WHERE i.env_id = ?1 ORDER BY i.name"
    )
}

impl Sealed {
    fn as_ref(&self) -> SealedRef<'_> {
        SealedRef {
            name: &self.name,
            version: self.version,
            kind: self.kind,
            literal: self.literal,
            key_version: self.key_version,
            wrapped_data_key: &self.wrapped_data_key,
            ciphertext: &self.ciphertext,
        }
    }

    pub(super) fn info(&self, env: &Env) -> ItemInfo {
        ItemInfo {
            deleted: self.deleted,
            ..self.as_ref().info(env, self.updated_at)
        }
    }
}

/// Largest value accepted (values are held in memory whole).
pub const MAX_VALUE_LEN: usize = 64 * 1024 * 1024;

/// Checks a key name: anything an environment can carry, and a dotenv file can name.
pub fn check_key_name(name: &str) -> Result<()> {
    let why = if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 1024 {
        Some("it is longer than 1024 bytes")
    } else if name.contains('=') {
        Some("it contains '=' (an environment variable name cannot)")
    } else if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("it contains whitespace or a control character")
    } else if name.starts_with('#') {
        Some("it starts with '#' (a dotenv comment)")
    } else {
        None
    };
    match why {
        Some(why) => Err(VaultError::InvalidName {
            what: "key",
            name: name.to_string(),
            why,
        }),
        None => Ok(()),
    }
}

pub(super) fn seal_version(
    env_key: &SecretKey,
    env: &Env,
    name: &str,
    version: u64,
    value: &NewValue,
) -> (Vec<u8>, Vec<u8>) {
    let data_key = SecretKey::random();
    let value_aad = Aad::Value {
        project_id: env.project_id,
        env_id: env.id,
        name,
        version,
        is_config: value.kind == Kind::Config,
        literal: value.literal,
    };
    let key_aad = Aad::DataKey {
        project_id: env.project_id,
        env_id: env.id,
        name,
        version,
        key_version: env.key_version,
    };
    let ciphertext = crypto::seal(&data_key, &value_aad, value.value.expose());
    (crypto::wrap_key(env_key, &key_aad, &data_key), ciphertext)
}

impl Vault {
    /// Decrypts one stored version; a failure names the item, version and environment.
    pub(super) fn open_sealed(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        s: &Sealed,
    ) -> Result<SecretBytes> {
        EnvOpeners::new(env).open(self, unlocked, &s.as_ref())
    }

    /// The current version of every item stored in `env` itself; blobs only `with_blobs`.
    pub(super) fn current_sealed(&self, env: &Env, with_blobs: bool) -> Result<Vec<Sealed>> {
        let columns = if with_blobs {
            SEALED_COLUMNS
        } else {
            META_COLUMNS
        };
        let mut stmt = self.conn.prepare_cached(&current_sql(columns))?;
        let rows = stmt.query_map([env.id.to_string()], sealed_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn one_sealed(&self, env: &Env, name: &str, version: Option<u64>) -> Result<Option<Sealed>> {
        let sql = format!(
            "SELECT {SEALED_COLUMNS} FROM items i JOIN versions v ON v.item_id = i.id
             AND v.version = COALESCE(?3, i.current_version) WHERE i.env_id = ?1 AND i.name = ?2"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![env.id.to_string(), name, version], sealed_from_row)
            .optional()?)
    }

    /// Writes `values` to `env` in one transaction (all or nothing). Values equal to the
    /// current ones are left alone. With `dry_run`, reports what would change and writes nothing.
    pub fn set_values(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        values: Vec<NewValue>,
        action: &str,
        dry_run: bool,
    ) -> Result<Vec<Change>> {
        self.set_values_with_progress(unlocked, env, values, action, dry_run, &mut |_| {})
    }

    /// [`Vault::set_values`], reporting each value compared and each written, so a caller
    /// can show progress on a large import. `progress` must not fail or block: it runs
    /// inside the write transaction.
    pub fn set_values_with_progress(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        values: Vec<NewValue>,
        action: &str,
        dry_run: bool,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<Change>> {
        for v in &values {
            check_key_name(&v.name)?;
            if v.value.len() > MAX_VALUE_LEN {
                return Err(VaultError::BadValue {
                    name: v.name.clone(),
                    why: format!(
                        "it is {} bytes; the limit is {MAX_VALUE_LEN}",
                        v.value.len()
                    ),
                });
            }
        }
        let tx = self.write_tx()?;
        // Read inside the write transaction so a concurrent writer cannot slip in between.
        let env = self.env_by_id(env.id)?;
        let current: HashMap<String, Sealed> = self
            .current_sealed(&env, true)?
            .into_iter()
            .map(|s| (s.name.clone(), s))
            .collect();
        let mut openers = EnvOpeners::new(&env);
        let mut changes = Vec::with_capacity(values.len());
        let mut writes = Vec::new();
        let total = values.len() as u64;
        for (done, value) in (1..).zip(&values) {
            progress(Progress::Comparing { done, total });
            let change = match current.get(&value.name) {
                None => Change {
                    name: value.name.clone(),
                    change: ChangeKind::Created,
                    version: 1,
                },
                Some(s) => {
                    let same = !s.deleted
                        && s.kind == value.kind
                        && s.literal == value.literal
                        && openers.open(self, unlocked, &s.as_ref())?.expose()
                            == value.value.expose();
                    let change = if same {
                        ChangeKind::Unchanged
                    } else {
                        ChangeKind::Updated
                    };
                    let version = if same {
                        s.version
                    } else {
                        self.latest_version(s.item_id)? + 1
                    };
                    Change {
                        name: value.name.clone(),
                        change,
                        version,
                    }
                }
            };
            if change.change != ChangeKind::Unchanged {
                writes.push((
                    value,
                    change.version,
                    current.get(&value.name).map(|s| s.item_id),
                ));
            }
            changes.push(change);
        }
        if dry_run || writes.is_empty() {
            return Ok(changes);
        }
        let env_key = self.env_key(unlocked, &env, env.key_version)?;
        let now = now_ms();
        let total = writes.len() as u64;
        for (done, (value, version, item_id)) in (1..).zip(&writes) {
            progress(Progress::Writing { done, total });
            let item_id = match item_id {
                Some(id) => *id,
                None => {
                    tx.execute(
                        "INSERT INTO items (env_id, name, current_version, updated_at) VALUES (?1, ?2, 0, ?3)",
                        params![env.id.to_string(), value.name, now],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            let (wrapped, ciphertext) = seal_version(env_key, &env, &value.name, *version, value);
            tx.execute(
                "INSERT INTO versions (item_id, version, kind, literal, key_version, wrapped_data_key, ciphertext, created_at, author)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![item_id, version, value.kind.as_str(), value.literal, env.key_version, wrapped, ciphertext, now, self.header.device],
            )?;
            tx.execute(
                "UPDATE items SET current_version = ?1, deleted_at = NULL, updated_at = ?2 WHERE id = ?3",
                params![version, now, item_id],
            )?;
        }
        tx.execute(
            "UPDATE envs SET revision = revision + 1 WHERE id = ?1",
            [env.id.to_string()],
        )?;
        let mut event = audit::Event::new(action, &env.project, &env.name);
        event.names = writes.iter().map(|(v, _, _)| v.name.clone()).collect();
        event.detail = summary(&changes);
        audit::append(&tx, &self.header.device, &event)?;
        tx.commit()?;
        Ok(changes)
    }

    fn latest_version(&self, item_id: i64) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT MAX(version) FROM versions WHERE item_id = ?1",
            [item_id],
            |r| r.get(0),
        )?)
    }

    /// Every item visible in `env` (its own and inherited), by name; no values.
    /// With `deleted`, also `env`'s own soft-deleted items.
    pub fn list(&self, env: &Env, deleted: bool) -> Result<Vec<ItemInfo>> {
        let mut seen: HashMap<String, ItemInfo> = HashMap::new();
        for (depth, link) in self.chain(env)?.iter().enumerate() {
            for s in self.current_sealed(link, false)? {
                if seen.contains_key(&s.name) || (s.deleted && !(deleted && depth == 0)) {
                    continue;
                }
                seen.insert(s.name.clone(), s.info(link));
            }
        }
        let mut items: Vec<ItemInfo> = seen.into_values().collect();
        items.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(items)
    }

    /// Every item visible in `env` with its value: one query per environment in the chain.
    pub fn reveal_all(&self, unlocked: &mut Unlocked, env: &Env) -> Result<Vec<Revealed>> {
        let chain = self.chain(env)?;
        // One environment: rows arrive unique and sorted, so no bookkeeping is needed.
        let inherits = chain.len() > 1;
        let mut seen: HashSet<String> = HashSet::new();
        let mut items = Vec::new();
        for link in &chain {
            let mut openers = EnvOpeners::new(link);
            // Decrypt straight from the row: at 10,000 items, copying every blob out
            // first costs as much as the AEAD work.
            let mut stmt = self.conn.prepare_cached(REVEAL_SQL)?;
            let mut rows = stmt.query([link.id.to_string()])?;
            while let Some(row) = rows.next()? {
                let (s, updated_at) = reveal_ref_from_row(row)?;
                if inherits && !seen.insert(s.name.to_string()) {
                    continue;
                }
                let value = openers.open(self, unlocked, &s)?;
                items.push(Revealed {
                    info: s.info(link, updated_at),
                    value,
                });
            }
        }
        if inherits {
            items.sort_by(|a, b| a.info.name.cmp(&b.info.name));
        }
        Ok(items)
    }

    /// The nearest environment in the chain that has `name`, with that item's row.
    fn locate(
        &self,
        env: &Env,
        name: &str,
        version: Option<u64>,
        include_deleted: bool,
    ) -> Result<(Env, Sealed)> {
        let chain = self.chain(env)?;
        for link in &chain {
            if let Some(s) = self.one_sealed(link, name, None)? {
                if s.deleted && !include_deleted {
                    if link.id == env.id {
                        return Err(VaultError::ItemDeleted {
                            env: env.label(),
                            name: name.to_string(),
                        });
                    }
                    continue;
                }
                if let Some(v) = version {
                    return match self.one_sealed(link, name, Some(v))? {
                        Some(s) => Ok((link.clone(), s)),
                        None => Err(VaultError::VersionNotFound {
                            name: name.to_string(),
                            version: v,
                            latest: self.latest_version(s.item_id)?,
                        }),
                    };
                }
                return Ok((link.clone(), s));
            }
        }
        let names = self.list(env, false)?;
        Err(VaultError::ItemNotFound {
            env: env.label(),
            name: name.to_string(),
            suggestion: nearest(name, names.iter().map(|i| i.name.as_str())),
        })
    }

    /// One item's value (current or `version`), resolved through inheritance.
    pub fn reveal(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        name: &str,
        version: Option<u64>,
    ) -> Result<Revealed> {
        let (link, s) = self.locate(env, name, version, false)?;
        let value = self.open_sealed(unlocked, &link, &s)?;
        Ok(Revealed {
            info: s.info(&link),
            value,
        })
    }

    /// The item `name` as stored in `env` itself, refusing inherited ones with a pointer.
    fn own_item(&self, env: &Env, name: &str) -> Result<Sealed> {
        let (link, s) = self.locate(env, name, None, true)?;
        if link.id != env.id {
            return Err(VaultError::Inherited {
                name: name.to_string(),
                env: env.label(),
                from: link.name.clone(),
            });
        }
        Ok(s)
    }

    /// Soft-deletes an item of `env`; `restore` brings it back.
    pub fn remove(&mut self, env: &Env, name: &str) -> Result<()> {
        let s = self.own_item(env, name)?;
        if s.deleted {
            return Err(VaultError::ItemDeleted {
                env: env.label(),
                name: name.to_string(),
            });
        }
        self.mark_deleted(env, &s, Some(now_ms()), "rm")
    }

    /// Undoes a soft delete.
    pub fn restore(&mut self, env: &Env, name: &str) -> Result<()> {
        let s = self.own_item(env, name)?;
        if !s.deleted {
            return Err(VaultError::NotDeleted {
                env: env.label(),
                name: name.to_string(),
            });
        }
        self.mark_deleted(env, &s, None, "restore")
    }

    fn mark_deleted(&mut self, env: &Env, s: &Sealed, at: Option<i64>, action: &str) -> Result<()> {
        let tx = self.write_tx()?;
        let now = now_ms();
        tx.execute(
            "UPDATE items SET deleted_at = ?1, updated_at = ?2 WHERE id = ?3",
            params![at, now, s.item_id],
        )?;
        // Remembered for the next push; versions carry their own "not yet on the server" mark.
        tx.execute(
            "INSERT INTO pending_ops (env_id, name, op, at) VALUES (?1, ?2, ?3, ?4)",
            params![
                env.id.to_string(),
                s.name,
                if at.is_some() { "delete" } else { "restore" },
                now
            ],
        )?;
        tx.execute(
            "UPDATE envs SET revision = revision + 1 WHERE id = ?1",
            [env.id.to_string()],
        )?;
        let mut event = audit::Event::new(action, &env.project, &env.name);
        event.names = vec![s.name.clone()];
        audit::append(&tx, &self.header.device, &event)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes an item and all its versions for good.
    pub fn purge(&mut self, env: &Env, name: &str) -> Result<u64> {
        let s = self.own_item(env, name)?;
        let versions = self.latest_version(s.item_id)?;
        let tx = self.write_tx()?;
        tx.execute("DELETE FROM items WHERE id = ?1", [s.item_id])?;
        tx.execute(
            "DELETE FROM pending_ops WHERE env_id = ?1 AND name = ?2",
            params![env.id.to_string(), s.name],
        )?;
        tx.execute(
            "UPDATE envs SET revision = revision + 1 WHERE id = ?1",
            [env.id.to_string()],
        )?;
        let mut event = audit::Event::new("purge", &env.project, &env.name);
        event.names = vec![s.name.clone()];
        audit::append(&tx, &self.header.device, &event)?;
        tx.commit()?;
        Ok(versions)
    }

    /// All versions of an item, newest first, without values.
    pub fn history(&self, env: &Env, name: &str) -> Result<(String, Vec<HistoryEntry>)> {
        let (link, s) = self.locate(env, name, None, true)?;
        let mut stmt = self.conn.prepare(
            "SELECT version, kind, literal, key_version, created_at, author FROM versions WHERE item_id = ?1 ORDER BY version DESC",
        )?;
        let rows = stmt.query_map([s.item_id], |r| {
            let version: u64 = r.get(0)?;
            Ok(HistoryEntry {
                version,
                kind: Kind::parse(&r.get::<_, String>(1)?),
                literal: r.get(2)?,
                key_version: r.get(3)?,
                created_at: r.get(4)?,
                author: r.get(5)?,
                current: version == s.version,
            })
        })?;
        Ok((link.name, rows.collect::<rusqlite::Result<_>>()?))
    }

    /// Writes a new version holding the value (and kind and flag) of `version`.
    pub fn rollback(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        name: &str,
        version: u64,
    ) -> Result<Change> {
        self.own_item(env, name)?;
        let (link, old) = self.locate(env, name, Some(version), true)?;
        let value = self.open_sealed(unlocked, &link, &old)?;
        let new = NewValue {
            name: name.to_string(),
            value,
            kind: old.kind,
            literal: old.literal,
        };
        let mut changes = self.set_values(unlocked, env, vec![new], "rollback", false)?;
        Ok(changes.remove(0))
    }
}

/// "2 created, 1 updated, 3 unchanged", for audit details and CLI summaries.
pub fn summary(changes: &[Change]) -> String {
    let count = |k: ChangeKind| changes.iter().filter(|c| c.change == k).count();
    format!(
        "{} created, {} updated, {} unchanged",
        count(ChangeKind::Created),
        count(ChangeKind::Updated),
        count(ChangeKind::Unchanged)
    )
}
