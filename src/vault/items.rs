//! Items and their append-only versions: set, reveal, list, delete, restore, purge,
//! history and rollback, resolved through environment inheritance.
//!
//! Each version has its own random data key, wrapped by the env key version current at
//! write time; the value is sealed with the data key. Rollback and restore never rewrite an
//! old version: rollback appends a new one, restore only clears the deletion mark.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::aliases::{Alias, Aliases};
use super::{Env, Result, Unlocked, Vault, VaultError, audit, envset, nearest, now_ms, state};
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

/// How far a long vault operation (`rotate-key --now`) has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
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
    /// The alias (`next` or `previous`) that points at it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<Alias>,
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
    /// The item's current version (equal to `version` unless an older one was asked for).
    pub(super) current_version: u64,
    /// The tag over the item's current version and delete mark.
    pub(super) state_mac: Option<Vec<u8>>,
    /// Its `next` and `previous` versions (covered by the env's state tag, not `state_mac`).
    pub(super) aliases: Aliases,
}

pub(super) const SEALED_COLUMNS: &str = "i.id, i.name, v.version, v.kind, v.literal, v.key_version, v.wrapped_data_key, v.ciphertext, i.updated_at, i.deleted_at IS NOT NULL, i.current_version, i.state_mac, i.next_version, i.previous_version";
/// The same columns with the blobs left out, for listings that never decrypt.
const META_COLUMNS: &str = "i.id, i.name, v.version, v.kind, v.literal, v.key_version, NULL, NULL, i.updated_at, i.deleted_at IS NOT NULL, i.current_version, i.state_mac, i.next_version, i.previous_version";

pub(super) fn sealed_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Sealed> {
    Ok(Sealed {
        item_id: r.get(0)?,
        name: r.get(1)?,
        version: r.get(2)?,
        kind: Kind::parse(&r.get::<_, String>(3)?),
        literal: r.get(4)?,
        key_version: r.get(5)?,
        wrapped_data_key: blob(r, 6)?.to_vec(),
        ciphertext: blob(r, 7)?.to_vec(),
        updated_at: r.get(8)?,
        deleted: r.get(9)?,
        current_version: r.get(10)?,
        state_mac: r.get::<_, Option<Vec<u8>>>(11).unwrap_or_default(),
        aliases: Aliases {
            next: r.get(12)?,
            previous: r.get(13)?,
        },
    })
}

/// A key or ciphertext column; anything but a blob (an edit stored it as TEXT, say) reads
/// as empty, so it fails authentication and is reported as that item's damage, instead of
/// a type error that took every other item of the environment down with it.
fn blob<'r>(r: &'r rusqlite::Row<'_>, at: usize) -> rusqlite::Result<&'r [u8]> {
    Ok(match r.get_ref(at)? {
        rusqlite::types::ValueRef::Blob(b) => b,
        _ => &[],
    })
}

/// Names the item (by row, as much as is readable) that a damaged-row error concerns.
pub(super) fn row_damage(e: rusqlite::Error, name: Option<&str>, env: &Env) -> VaultError {
    VaultError::from(e).concerning(|| match name {
        Some(name) => format!("item {name} in {}", env.label()),
        None => format!("an item in {}", env.label()),
    })
}

/// A stored version's fields that decrypting needs, borrowed from a row or a [`Sealed`].
pub(super) struct SealedRef<'a> {
    pub(super) name: &'a str,
    pub(super) version: u64,
    pub(super) kind: Kind,
    pub(super) literal: bool,
    pub(super) key_version: u32,
    pub(super) wrapped_data_key: &'a [u8],
    pub(super) ciphertext: &'a [u8],
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
pub(super) struct EnvOpeners {
    pub(super) env: Env,
    by_version: Vec<(u32, crypto::Opener)>,
}

impl EnvOpeners {
    pub(super) fn new(env: &Env) -> Self {
        EnvOpeners {
            env: env.clone(),
            by_version: Vec::new(),
        }
    }

    /// Decrypts one stored version of an item in this environment; a failure names the
    /// item, version and environment.
    pub(super) fn open(
        &mut self,
        vault: &Vault,
        unlocked: &mut Unlocked,
        s: &SealedRef<'_>,
    ) -> Result<SecretBytes> {
        let EnvOpeners { env, by_version } = self;
        let env = &*env;
        let what = || format!("item {} version {} in {}", s.name, s.version, env.label());
        let corrupt = || VaultError::Corrupt { what: what() };
        let key_aad = Aad::DataKey {
            project_id: env.project_id,
            env_id: env.id,
            name: s.name,
            version: s.version,
            key_version: s.key_version,
        };
        let opener = Self::opener(by_version, env, vault, unlocked, s.key_version)
            .map_err(|e| e.concerning(what))?;
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

    fn opener<'o>(
        by_version: &'o mut Vec<(u32, crypto::Opener)>,
        env: &Env,
        vault: &Vault,
        unlocked: &mut Unlocked,
        version: u32,
    ) -> Result<&'o mut crypto::Opener> {
        let at = match by_version.iter().position(|(v, _)| *v == version) {
            Some(at) => at,
            None => {
                let key = vault.env_key(unlocked, env, version)?;
                by_version.push((version, crypto::Opener::new(key)));
                by_version.len() - 1
            }
        };
        Ok(&mut by_version[at].1)
    }
}

/// A [`SEALED_COLUMNS`] row without copying its blobs, with its `updated_at` and deletion mark.
fn sealed_ref_from_row<'r>(
    r: &'r rusqlite::Row<'_>,
    env: &Env,
) -> Result<(SealedRef<'r>, i64, bool, state::State<'r>, Aliases)> {
    let name = r
        .get_ref(1)
        .and_then(|v| Ok(v.as_str()?))
        .map_err(|e| row_damage(e, None, env))?;
    let rest = || -> rusqlite::Result<_> {
        let s = SealedRef {
            name,
            version: r.get(2)?,
            kind: Kind::parse(r.get_ref(3)?.as_str()?),
            literal: r.get(4)?,
            key_version: r.get(5)?,
            wrapped_data_key: blob(r, 6)?,
            ciphertext: blob(r, 7)?,
        };
        let deleted = r.get(9)?;
        let state = state::State {
            env_id: env.id,
            name,
            current_version: r.get(10)?,
            deleted,
            tag: blob(r, 11).ok().filter(|t| !t.is_empty()),
        };
        let aliases = Aliases {
            next: r.get(12)?,
            previous: r.get(13)?,
        };
        Ok((s, r.get(8)?, deleted, state, aliases))
    };
    rest().map_err(|e| row_damage(e, Some(name), env))
}

/// The current version of every item in one environment, sorted by name. An item whose
/// current version row is missing still comes back (with NULLs), so it is damage by name
/// rather than an item that silently drops out of the set. With `Alias::Next`, the version
/// `next` points at where there is one.
fn current_sql(columns: &str, alias: Alias) -> String {
    let version = match alias {
        Alias::Next => "COALESCE(i.next_version, i.current_version)",
        Alias::Current | Alias::Previous => "i.current_version",
    };
    format!(
        "SELECT {columns} FROM items i LEFT JOIN versions v ON v.item_id = i.id AND v.version = {version}
         WHERE i.env_id = ?1 ORDER BY i.name"
    )
}

impl Sealed {
    pub(super) fn state<'s>(&'s self, env: &Env) -> state::State<'s> {
        state::State {
            env_id: env.id,
            name: &self.name,
            current_version: self.current_version,
            deleted: self.deleted,
            tag: self.state_mac.as_deref().filter(|t| !t.is_empty()),
        }
    }

    pub(super) fn as_ref(&self) -> SealedRef<'_> {
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

/// Longest key name, in bytes: every name is shown in tables and errors, and one of
/// 100,000 characters once made `list` panic for everyone who pulled it.
pub const MAX_KEY_NAME_LEN: usize = 1024;

/// Characters that change how the text around them is shown without being seen: bidi
/// embeddings, overrides, isolates and marks, and zero-width characters. A name holding one
/// can look like another name (or reorder a line); see Trojan Source, CVE-2021-42574.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
    )
}

/// A name as quoted in an error: at most 64 characters of it, with the full length after
/// a cut, so a hostile 100,000-character name cannot flood a terminal or a log.
pub fn quoted_prefix(name: &str) -> String {
    const SHOWN: usize = 64;
    match name.char_indices().nth(SHOWN) {
        None => format!("{name:?}"),
        Some((cut, _)) => format!("{:?}... ({} bytes)", &name[..cut], name.len()),
    }
}

/// Checks a key name: anything an environment can carry, and a dotenv file can name.
pub fn check_key_name(name: &str) -> Result<()> {
    let why = if name.is_empty() {
        Some("it is empty")
    } else if name.len() > MAX_KEY_NAME_LEN {
        Some("it is longer than 1024 bytes")
    } else if name.contains('=') {
        Some("it contains '=' (an environment variable name cannot)")
    } else if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("it contains whitespace or a control character")
    } else if name.chars().any(is_invisible) {
        Some("it contains an invisible or bidirectional formatting character")
    } else if name.starts_with('#') {
        Some("it starts with '#' (a dotenv comment)")
    } else {
        None
    };
    match why {
        Some(why) => Err(VaultError::InvalidName {
            what: "key",
            name: quoted_prefix(name),
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
    /// The set of states is checked against the env's set tag (when unlocked).
    pub(super) fn current_sealed(&self, env: &Env, with_blobs: bool) -> Result<Vec<Sealed>> {
        let _snapshot = self.read_tx()?;
        let rows = self.current_sealed_unchecked(env, with_blobs)?;
        if let Some(macs) = self.macs.get() {
            let mut set = envset::SetTag::new(&macs.env_items, env.id);
            for s in &rows {
                set.item(&s.name, s.current_version, s.deleted, s.aliases);
            }
            self.finish_set(env, set)?;
        }
        Ok(rows)
    }

    /// [`Vault::current_sealed`] without the tag check, for a write that replaces damaged
    /// items instead of refusing to touch the environment.
    fn current_sealed_unchecked(&self, env: &Env, with_blobs: bool) -> Result<Vec<Sealed>> {
        let columns = if with_blobs {
            SEALED_COLUMNS
        } else {
            META_COLUMNS
        };
        let mut stmt = self
            .conn
            .prepare_cached(&current_sql(columns, Alias::Current))?;
        let rows = stmt.query_map([env.id.to_string()], sealed_from_row)?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| row_damage(e, None, env))
    }

    fn one_sealed(&self, env: &Env, name: &str, version: Option<u64>) -> Result<Option<Sealed>> {
        let sql = format!(
            "SELECT {SEALED_COLUMNS} FROM items i JOIN versions v ON v.item_id = i.id
             AND v.version = COALESCE(?3, i.current_version) WHERE i.env_id = ?1 AND i.name = ?2"
        );
        let sealed = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![env.id.to_string(), name, version], sealed_from_row)
            .optional()
            .map_err(|e| row_damage(e, Some(name), env))?;
        if let Some(s) = &sealed {
            self.check_state(&s.state(env), env, &mut Vec::new())?;
        }
        Ok(sealed)
    }

    /// Writes `values` to `env` in one transaction (all or nothing). Values equal to the
    /// current ones are left alone; of repeated names the last value wins. With `dry_run`,
    /// reports what would change and writes nothing.
    pub fn set_values(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        values: Vec<NewValue>,
        action: &str,
        dry_run: bool,
    ) -> Result<Vec<Change>> {
        let mut batch = self.batch(env, action, dry_run)?;
        for value in values {
            batch.put(unlocked, value)?;
        }
        batch.finish()
    }

    pub(super) fn latest_version(&self, item_id: i64) -> Result<u64> {
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
        self.reveal_all_at(unlocked, env, Alias::Current)
    }

    /// [`Vault::reveal_all`], taking each item's `next` version where it has one when
    /// `alias` is [`Alias::Next`] (`previous` is not offered: it is for one item at a time).
    pub fn reveal_all_at(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        alias: Alias,
    ) -> Result<Vec<Revealed>> {
        let chain = self.chain(env)?;
        // One environment: rows arrive unique and sorted, so no bookkeeping is needed.
        let inherits = chain.len() > 1;
        let mut seen: HashSet<String> = HashSet::new();
        let mut items = Vec::new();
        let sql = current_sql(SEALED_COLUMNS, alias);
        let macs = self.macs()?;
        let _snapshot = self.read_tx()?;
        for link in &chain {
            let mut openers = EnvOpeners::new(link);
            // One tag over the whole set instead of one per item: it also sees a row
            // that is gone, and costs one HMAC over the names instead of N.
            let mut set = envset::SetTag::new(&macs.env_items, link.id);
            // Decrypt straight from the row: at 10,000 items, copying every blob out
            // first costs as much as the AEAD work.
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query([link.id.to_string()])?;
            while let Some(row) = rows.next()? {
                let (s, updated_at, deleted, item_state, aliases) = sealed_ref_from_row(row, link)?;
                // Counted before the delete mark is obeyed: a hidden item is damage too.
                set.item(s.name, item_state.current_version, deleted, aliases);
                if deleted || (inherits && !seen.insert(s.name.to_string())) {
                    continue;
                }
                let value = openers.open(self, unlocked, &s)?;
                items.push(Revealed {
                    info: s.info(link, updated_at),
                    value,
                });
            }
            // Nothing decrypted leaves this function before the set is known to be whole.
            self.finish_set(link, set)?;
        }
        if inherits {
            items.sort_by(|a, b| a.info.name.cmp(&b.info.name));
        }
        Ok(items)
    }

    /// The nearest environment in the chain that has `name`, with that item's row.
    pub(super) fn locate(
        &self,
        env: &Env,
        name: &str,
        version: Option<u64>,
        include_deleted: bool,
    ) -> Result<(Env, Sealed)> {
        let chain = self.chain(env)?;
        for link in &chain {
            let Some(s) = self.one_sealed(link, name, None)? else {
                // Not here: before falling through to a parent or saying "not found",
                // make sure the name was not removed from this environment behind our back.
                self.check_names(link)?;
                continue;
            };
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
    pub(super) fn own_item(&self, env: &Env, name: &str) -> Result<Sealed> {
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
        let mut unknown = self.check_set_for_write(env)?;
        unknown.remove(&s.name);
        let now = now_ms();
        let tag = state::tag(
            &self.macs()?.state,
            env.id,
            &s.name,
            s.version,
            at.is_some(),
        );
        tx.execute(
            "UPDATE items SET deleted_at = ?1, updated_at = ?2, state_mac = ?4 WHERE id = ?3",
            params![at, now, s.item_id, tag],
        )?;
        self.reseal_set(env, &unknown)?;
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
        self.audit(&tx, &event)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes an item and all its versions for good.
    pub fn purge(&mut self, env: &Env, name: &str) -> Result<u64> {
        let s = self.own_item(env, name)?;
        let versions = self.latest_version(s.item_id)?;
        let tx = self.write_tx()?;
        let unknown = self.check_set_for_write(env)?;
        tx.execute("DELETE FROM items WHERE id = ?1", [s.item_id])?;
        self.reseal_set(env, &unknown)?;
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
        self.audit(&tx, &event)?;
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
                alias: s.aliases.holding(version),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_refuse_invisible_and_bidi_characters() {
        for bad in [
            "A\u{202e}B",
            "A\u{2066}",
            "\u{200b}A",
            "A\u{200d}B",
            "A\u{2060}",
            "\u{feff}A",
            "A\u{61c}",
            "A\u{200f}",
        ] {
            let err = check_key_name(bad).unwrap_err().to_string();
            assert!(err.contains("invisible or bidirectional"), "{bad:?}: {err}");
        }
        for bad in ["A\x1bB", "A\nB", "A=B", "A\0", "A\u{9b}"] {
            assert!(check_key_name(bad).is_err(), "{bad:?}");
        }
        check_key_name("DB_URL").unwrap();
        check_key_name("café.ключ").unwrap();
        check_key_name(&"N".repeat(MAX_KEY_NAME_LEN)).unwrap();
    }

    #[test]
    fn a_long_name_is_quoted_short_in_its_error() {
        let err = check_key_name(&"N".repeat(100_000))
            .unwrap_err()
            .to_string();
        assert!(err.len() < 200, "{err}");
        assert!(err.contains("100000 bytes"), "{err}");
        assert_eq!(quoted_prefix("A\nB"), "\"A\\nB\"");
    }
}
