//! Two tags per environment over its whole item set, so an item whose rows were deleted
//! from the file (with sqlite3, say) is damage, not an item that quietly stops being
//! injected. Item state tags ([`super::state`]) cannot see a row that is gone; these can.
//!
//! Both are HMACs under one key ([`crate::crypto::MacPurpose::EnvItems`]), each message
//! with its own label, over the env id and its items in name order:
//! - the **state tag** (`envs.items_mac`) covers every item's name, current version,
//!   delete mark and, for items that have them, its `next` and `previous` aliases (so a
//!   tampered or removed alias pointer is damage). A whole-environment read (inject, export, list, diff) checks it instead
//!   of each item's own tag: one HMAC over the set instead of one per item.
//! - the **names tag** (`envs.names_mac`) covers the names only. It still says whether an
//!   item is missing when some item's state is damaged and the state tag cannot be checked
//!   (nobody knows that item's real state), which is when writes must go on: `set` is the
//!   way out of an item's damage.
//!
//! A write checks the tags first and rewrites both in its transaction. An item whose own
//! tag does not fit is written into the state tag as "state unknown" (name only), so the
//! write never blesses the damage: reads keep failing on it, by name, until it is replaced.
//! A lookup that does not find a name checks the names tag before saying "not found" or
//! falling through to a parent environment.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension as _};
use uuid::Uuid;

use super::{Env, Result, Vault, VaultError, aliases::Aliases, state};
use crate::crypto::{MacKey, MacStream, mac::TAG_LEN};

const STATES_LABEL: &[u8] = b"secretscli/env-items/v1\0";
const NAMES_LABEL: &[u8] = b"secretscli/env-names/v1\0";

/// The delete-mark byte of an item whose state is not known (its own tag does not fit).
/// Real rows give 0 or 1 only.
const UNKNOWN: u8 = 2;

/// Set in the delete-mark byte of an item that has an alias; the `next` and `previous`
/// versions follow (0 for none). Items without aliases keep the schema-5 bytes, so tags
/// written before aliases existed still fit.
const HAS_ALIASES: u8 = 0x10;

/// Where a message's bytes go: the MAC, or a buffer for the golden test.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for MacStream {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// The frozen layouts (golden test): label, env id, then per item in name order (SQLite's
/// BINARY order, which is Rust's `str` order) a length-prefixed name and, in the state
/// message only, the current version and the delete mark (0 live, 1 deleted, 2 unknown
/// with version 0), the mark ORed with 0x10 and followed by the `next` and `previous`
/// versions (u64, 0 for none) when the item has an alias. Length prefixes make a message
/// decode one way only.
struct Message<S: Sink>(S);

impl<S: Sink> Message<S> {
    fn start(mut sink: S, label: &[u8], env_id: Uuid) -> Self {
        sink.put(label);
        sink.put(env_id.as_bytes());
        Message(sink)
    }

    fn name(&mut self, name: &str) {
        let len = u32::try_from(name.len()).expect("key names are at most 1024 bytes");
        self.0.put(&len.to_be_bytes());
        self.0.put(name.as_bytes());
    }

    fn state(&mut self, name: &str, version: u64, mark: u8, aliases: Aliases) {
        self.name(name);
        self.0.put(&version.to_be_bytes());
        if aliases.is_empty() {
            self.0.put(&[mark]);
            return;
        }
        self.0.put(&[mark | HAS_ALIASES]);
        self.0.put(&aliases.next.unwrap_or(0).to_be_bytes());
        self.0.put(&aliases.previous.unwrap_or(0).to_be_bytes());
    }
}

/// The state tag, fed one item at a time in name order by a whole-environment read.
pub(super) struct SetTag(Message<MacStream>);

impl SetTag {
    pub(super) fn new(key: &MacKey, env_id: Uuid) -> Self {
        SetTag(Message::start(key.stream(), STATES_LABEL, env_id))
    }

    pub(super) fn item(&mut self, name: &str, version: u64, deleted: bool, aliases: Aliases) {
        self.0.state(name, version, u8::from(deleted), aliases);
    }

    fn unknown(&mut self, name: &str) {
        self.0.state(name, 0, UNKNOWN, Aliases::default());
    }

    fn fits(self, tag: Option<&[u8]>) -> bool {
        tag.is_some_and(|t| self.0.0.verify(t))
    }
}

/// The names tag.
struct NamesTag(Message<MacStream>);

impl NamesTag {
    fn new(key: &MacKey, env_id: Uuid) -> Self {
        NamesTag(Message::start(key.stream(), NAMES_LABEL, env_id))
    }

    fn fits(self, tag: Option<&[u8]>) -> bool {
        tag.is_some_and(|t| self.0.0.verify(t))
    }
}

/// An environment's stored tags; `None` when missing (damage once the vault is keyed).
struct Stored {
    states: Option<Vec<u8>>,
    names: Option<Vec<u8>>,
}

fn stored(conn: &Connection, env_id: Uuid) -> Result<Stored> {
    let row = conn
        .query_row(
            "SELECT items_mac, names_mac FROM envs WHERE id = ?1",
            [env_id.to_string()],
            |r| {
                Ok(Stored {
                    states: r.get::<_, Option<Vec<u8>>>(0).unwrap_or_default(),
                    names: r.get::<_, Option<Vec<u8>>>(1).unwrap_or_default(),
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or(Stored {
        states: None,
        names: None,
    }))
}

/// The environment a slow-path function works on: its id, and how errors name it.
#[derive(Clone, Copy)]
struct Target<'a> {
    id: Uuid,
    label: &'a str,
}

/// One item row as the slow path reads it.
struct Row {
    name: String,
    version: u64,
    deleted: bool,
    aliases: Aliases,
    state_mac: Option<Vec<u8>>,
}

fn rows(conn: &Connection, env: Target<'_>) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, current_version, deleted_at IS NOT NULL, state_mac, next_version,
                previous_version FROM items
         WHERE env_id = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([env.id.to_string()], |r| {
        Ok(Row {
            name: r.get(0)?,
            version: r.get(1)?,
            deleted: r.get(2)?,
            state_mac: r.get::<_, Option<Vec<u8>>>(3).unwrap_or_default(),
            aliases: Aliases {
                next: r.get(4)?,
                previous: r.get(5)?,
            },
        })
    })?;
    rows.collect::<rusqlite::Result<_>>()
        .map_err(|e| VaultError::from(e).concerning(|| format!("an item in {}", env.label)))
}

/// Both tags over `rows`, the items named in `unknown` by name only in the state tag.
fn tags(
    key: &MacKey,
    env_id: Uuid,
    rows: &[Row],
    unknown: &BTreeSet<String>,
) -> (SetTag, NamesTag) {
    let mut states = SetTag::new(key, env_id);
    let mut names = NamesTag::new(key, env_id);
    for r in rows {
        names.0.name(&r.name);
        if unknown.contains(&r.name) {
            states.unknown(&r.name);
        } else {
            states.item(&r.name, r.version, r.deleted, r.aliases);
        }
    }
    (states, names)
}

/// What the slow path found in one environment.
struct Verdict {
    /// Items whose own state tag does not fit, by name.
    damaged: BTreeSet<String>,
    /// Whether the names tag fits: no item was removed or added.
    names_fit: bool,
    /// Whether the state tag fits once the damaged items are counted as unknown.
    states_fit: bool,
}

/// Checks every item's own tag and both set tags: the slow path, for a write whose set
/// did not fit as it stands, and to name what a failed whole-env read found.
fn verdict(
    conn: &Connection,
    item_key: &MacKey,
    set_key: &MacKey,
    env: Target<'_>,
) -> Result<Verdict> {
    let rows = rows(conn, env)?;
    let mut buf = Vec::new();
    let damaged: BTreeSet<String> = rows
        .iter()
        .filter(|r| {
            let s = state::State {
                env_id: env.id,
                name: &r.name,
                current_version: r.version,
                deleted: r.deleted,
                tag: r.state_mac.as_deref().filter(|t| !t.is_empty()),
            };
            !s.fits(item_key, &mut buf)
        })
        .map(|r| r.name.clone())
        .collect();
    let stored = stored(conn, env.id)?;
    let (states, names) = tags(set_key, env.id, &rows, &damaged);
    Ok(Verdict {
        damaged,
        names_fit: names.fits(stored.names.as_deref()),
        states_fit: states.fits(stored.states.as_deref()),
    })
}

/// Rewrites both tags of `env` from its rows as they now stand, the items in `unknown` by
/// name only. Call inside the write transaction, after the tags were checked.
fn reseal(
    conn: &Connection,
    key: &MacKey,
    env: Target<'_>,
    unknown: &BTreeSet<String>,
) -> Result<()> {
    let rows = rows(conn, env)?;
    let (states, names) = tags(key, env.id, &rows, unknown);
    let states: [u8; TAG_LEN] = states.0.0.tag();
    let names: [u8; TAG_LEN] = names.0.0.tag();
    conn.execute(
        "UPDATE envs SET items_mac = ?1, names_mac = ?2 WHERE id = ?3",
        rusqlite::params![&states[..], &names[..], env.id.to_string()],
    )?;
    Ok(())
}

fn set_damaged(env: &Env, stored: &Stored) -> VaultError {
    VaultError::Damaged {
        what: format!("environment {}", env.label()),
        why: if stored.states.is_none() || stored.names.is_none() {
            "its item-set tag is missing".into()
        } else {
            "its items do not match its item-set tag: an item was removed, added or put back \
             from an older copy outside secretscli"
                .into()
        },
    }
}

impl Vault {
    /// Names what is wrong with `env` after its set did not fit: a damaged item by name,
    /// or the set itself. Always an error.
    pub(super) fn diagnose_env(&self, env: &Env) -> VaultError {
        let macs = match self.macs() {
            Ok(m) => m,
            Err(e) => return e,
        };
        let label = env.label();
        let target = Target {
            id: env.id,
            label: &label,
        };
        let stored = match stored(&self.conn, env.id) {
            Ok(s) => s,
            Err(e) => return e,
        };
        match verdict(&self.conn, &macs.state, &macs.env_items, target) {
            Err(e) => e,
            Ok(v) => match v.damaged.first() {
                Some(name) if v.names_fit => state::damaged(name, env),
                _ => set_damaged(env, &stored),
            },
        }
    }

    /// Checks `env`'s set for a write: the items damaged already (kept unknown by the
    /// write's reseal), or an error when an item is missing or the set was rolled back.
    /// A state tag that fits as it stands vouches for every state: nothing else to check.
    pub(super) fn check_set_for_write(&self, env: &Env) -> Result<BTreeSet<String>> {
        let macs = self.macs()?;
        if self.states_fit(&macs.env_items, env)? {
            return Ok(BTreeSet::new());
        }
        let label = env.label();
        let target = Target {
            id: env.id,
            label: &label,
        };
        let v = verdict(&self.conn, &macs.state, &macs.env_items, target)?;
        // With no item damaged, a state tag that does not fit means the rows are not the
        // ones last written (an old row put back): the write must not bless them.
        if !v.names_fit || (v.damaged.is_empty() && !v.states_fit) {
            return Err(set_damaged(env, &stored(&self.conn, env.id)?));
        }
        Ok(v.damaged)
    }

    /// Rewrites `env`'s tags inside a write transaction; `unknown` from
    /// [`Vault::check_set_for_write`], less the items this write replaced.
    pub(super) fn reseal_set(&self, env: &Env, unknown: &BTreeSet<String>) -> Result<()> {
        let label = env.label();
        let target = Target {
            id: env.id,
            label: &label,
        };
        reseal(&self.conn, &self.macs()?.env_items, target, unknown)
    }

    /// Checks (when unlocked) that no item was removed from or added to `env`: for a
    /// lookup that did not find a name, before it says "not found" or falls through to a
    /// parent, and before a push. Damage to one item's state is left to that item's reads.
    pub(super) fn check_names(&self, env: &Env) -> Result<()> {
        let Some(macs) = self.macs.get() else {
            return Ok(());
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM items WHERE env_id = ?1 ORDER BY name")?;
        let mut rows = stmt.query([env.id.to_string()])?;
        let mut names = NamesTag::new(&macs.env_items, env.id);
        while let Some(r) = rows.next()? {
            let Ok(name) = r.get_ref(0).and_then(|v| Ok(v.as_str()?)) else {
                return Err(self.diagnose_env(env));
            };
            names.0.name(name);
        }
        if names.fits(stored(&self.conn, env.id)?.names.as_deref()) {
            Ok(())
        } else {
            Err(self.diagnose_env(env))
        }
    }

    /// Whether `env`'s rows as they stand fit its state tag (reading names and states only).
    pub(super) fn states_fit(&self, key: &MacKey, env: &Env) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, current_version, deleted_at IS NOT NULL, next_version, previous_version
             FROM items WHERE env_id = ?1 ORDER BY name",
        )?;
        let mut rows = stmt.query([env.id.to_string()])?;
        let mut tag = SetTag::new(key, env.id);
        while let Some(r) = rows.next()? {
            let row = || -> rusqlite::Result<_> {
                let aliases = Aliases {
                    next: r.get(3)?,
                    previous: r.get(4)?,
                };
                Ok((
                    r.get_ref(0)?.as_str()?,
                    r.get::<_, u64>(1)?,
                    r.get(2)?,
                    aliases,
                ))
            };
            let Ok((name, version, deleted, aliases)) = row() else {
                return Ok(false);
            };
            tag.item(name, version, deleted, aliases);
        }
        Ok(tag.fits(stored(&self.conn, env.id)?.states.as_deref()))
    }

    /// Finishes a whole-env read's [`SetTag`]: `Ok` when the states fit the state tag.
    pub(super) fn finish_set(&self, env: &Env, tag: SetTag) -> Result<()> {
        if tag.fits(stored(&self.conn, env.id)?.states.as_deref()) {
            Ok(())
        } else {
            Err(self.diagnose_env(env))
        }
    }
}

/// Writes the tags of an empty set for a new environment `env_id`.
pub(super) fn seal_empty(conn: &Connection, key: &MacKey, env_id: Uuid) -> Result<()> {
    let target = Target {
        id: env_id,
        label: "a new environment",
    };
    reseal(conn, key, target, &BTreeSet::new())
}

/// Tags every environment's set as it stands: the first unlock of a vault made before
/// schema 5. Items whose own tags do not fit stay unknown, so they stay damage.
pub(super) fn seal_all(conn: &Connection, item_key: &MacKey, set_key: &MacKey) -> Result<()> {
    let envs: Vec<String> = conn
        .prepare("SELECT id FROM envs")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in envs {
        let id = Uuid::parse_str(&id).map_err(|_| VaultError::Damaged {
            what: "an environment".into(),
            why: "its id is not a UUID".into(),
        })?;
        let label = format!("the environment with id {id}");
        let env = Target { id, label: &label };
        let damaged = verdict(conn, item_key, set_key, env)?.damaged;
        reseal(conn, set_key, env, &damaged)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENV: Uuid = Uuid::from_u128(0xffee_ddcc_bbaa_9988_7766_5544_3322_1100);

    #[test]
    fn state_message_layout_is_frozen() {
        let mut m = Message::start(Vec::new(), STATES_LABEL, ENV);
        m.state("A", 1, 0, Aliases::default());
        m.state("DB", 3, 1, Aliases::default());
        m.state("X", 0, UNKNOWN, Aliases::default());
        assert_eq!(
            hex::encode(m.0),
            concat!(
                "73656372657473636c692f656e762d6974656d732f763100",
                "ffeeddccbbaa99887766554433221100",
                "00000001",
                "41",
                "0000000000000001",
                "00",
                "00000002",
                "4442",
                "0000000000000003",
                "01",
                "00000001",
                "58",
                "0000000000000000",
                "02",
            )
        );
    }

    #[test]
    fn state_message_layout_with_aliases_is_frozen() {
        let mut m = Message::start(Vec::new(), STATES_LABEL, ENV);
        let staged = Aliases {
            next: Some(4),
            previous: None,
        };
        let promoted = Aliases {
            next: None,
            previous: Some(2),
        };
        m.state("A", 3, 0, staged);
        m.state("B", 3, 1, promoted);
        assert_eq!(
            hex::encode(m.0),
            concat!(
                "73656372657473636c692f656e762d6974656d732f763100",
                "ffeeddccbbaa99887766554433221100",
                "00000001",
                "41",
                "0000000000000003",
                "10",
                "0000000000000004",
                "0000000000000000",
                "00000001",
                "42",
                "0000000000000003",
                "11",
                "0000000000000000",
                "0000000000000002",
            )
        );
    }

    #[test]
    fn names_message_layout_is_frozen() {
        let mut m = Message::start(Vec::new(), NAMES_LABEL, ENV);
        m.name("A");
        m.name("DB");
        assert_eq!(
            hex::encode(m.0),
            concat!(
                "73656372657473636c692f656e762d6e616d65732f763100",
                "ffeeddccbbaa99887766554433221100",
                "00000001",
                "41",
                "00000002",
                "4442",
            )
        );
    }

    #[test]
    fn streamed_tags_are_the_tags_of_the_layouts() {
        let key = MacKey::derive(
            &crate::crypto::SecretKey::from_slice(&[7u8; 32]).unwrap(),
            crate::crypto::MacPurpose::EnvItems,
        );
        let mut bytes = Message::start(Vec::new(), STATES_LABEL, ENV);
        bytes.state("A", 1, 0, Aliases::default());
        bytes.state("B", 0, UNKNOWN, Aliases::default());
        let mut tag = SetTag::new(&key, ENV);
        tag.item("A", 1, false, Aliases::default());
        tag.unknown("B");
        assert_eq!(tag.0.0.tag(), key.tag(&bytes.0));
        let mut bytes = Message::start(Vec::new(), NAMES_LABEL, ENV);
        bytes.name("A");
        let mut names = NamesTag::new(&key, ENV);
        names.0.name("A");
        assert_eq!(names.0.0.tag(), key.tag(&bytes.0));
    }
}
