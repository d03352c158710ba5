//! A write of many values to one environment in one transaction, fed one value at a time,
//! so an import never holds its file's values together: each is compared, sealed and
//! written as it arrives, and the whole batch is committed or nothing is.
//!
//! Per name the batch keeps only what its outcome and the "last value wins" rule need (a
//! few integers, and for an item that existed before, where its old version is): never a
//! value or a ciphertext. Dropping a batch without [`Batch::finish`] rolls everything back.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{OptionalExtension, Transaction, params};

use super::items::{EnvOpeners, SEALED_COLUMNS, Sealed, SealedRef, row_damage, sealed_from_row};
use super::items::{MAX_VALUE_LEN, check_key_name, seal_version};
use super::{
    Change, ChangeKind, Env, Kind, NewValue, Result, Unlocked, Vault, VaultError, audit, now_ms,
    state, summary,
};

/// An open write transaction taking values one by one; see the module doc.
pub struct Batch<'v> {
    vault: &'v Vault,
    tx: Transaction<'v>,
    openers: EnvOpeners,
    action: String,
    dry_run: bool,
    now: i64,
    /// Each name given so far, with its slot.
    names: HashMap<String, usize>,
    /// One per name, in order of first appearance: 16 bytes each, as an import of
    /// 400,000 small items holds 400,000 of them.
    slots: Vec<Slot>,
    /// By slot, the items that existed before the batch (none in a fresh environment).
    before: HashMap<usize, Before>,
    /// Items whose state tag did not fit when the batch began: the environment's tags
    /// keep marking them unknown unless this batch replaces them.
    unknown: BTreeSet<String>,
}

/// What the batch has decided for one name.
#[derive(Clone, Copy)]
struct Slot {
    change: ChangeKind,
    version: u64,
}

/// An existing item's current version before the batch: what a repeated name's value is
/// compared with, and what the item row goes back to when the repeat makes it unchanged.
struct Before {
    item_id: i64,
    version: u64,
    kind: Kind,
    literal: bool,
    key_version: u32,
    /// Not deleted and its state tag fits: only then can a new value equal it.
    comparable: bool,
    updated_at: i64,
    state_mac: Option<Vec<u8>>,
}

impl Vault {
    /// Starts a batch write to `env` recorded in the audit log as `action`. With
    /// `dry_run`, [`Batch::finish`] reports what would change and nothing is written.
    pub fn batch(&mut self, env: &Env, action: &str, dry_run: bool) -> Result<Batch<'_>> {
        let vault: &Vault = self;
        let tx = vault.write_tx()?;
        // Read inside the write transaction so a concurrent writer cannot slip in between.
        let env = vault.env_by_id(env.id)?;
        // A removed or restored-from-old item refuses the write; a damaged one may be
        // replaced by it.
        let unknown = vault.check_set_for_write(&env)?;
        Ok(Batch {
            vault,
            tx,
            openers: EnvOpeners::new(&env),
            action: action.to_owned(),
            dry_run,
            now: now_ms(),
            names: HashMap::new(),
            slots: Vec::new(),
            before: HashMap::new(),
            unknown,
        })
    }
}

impl Batch<'_> {
    /// Takes one value: written at once unless it equals the stored one. A name given
    /// again replaces what the batch wrote for it (the last value wins, in the place the
    /// name first had).
    pub fn put(&mut self, unlocked: &mut Unlocked, value: NewValue) -> Result<()> {
        check_key_name(&value.name)?;
        if value.value.len() > MAX_VALUE_LEN {
            return Err(VaultError::BadValue {
                name: value.name.clone(),
                why: format!(
                    "it is {} bytes; the limit is {MAX_VALUE_LEN}",
                    value.value.len()
                ),
            });
        }
        match self.names.get(&value.name) {
            Some(&at) => self.again(unlocked, at, &value),
            None => self.first(unlocked, value),
        }
    }

    /// Commits, and returns each name's outcome in order of first appearance. Commits
    /// nothing when nothing changed or in a dry run.
    pub fn finish(mut self) -> Result<Vec<Change>> {
        // Built in place, each structure freed as soon as the next holds its part: this
        // is the peak of a large import.
        let mut changes: Vec<Change> = std::mem::take(&mut self.slots)
            .into_iter()
            .map(|slot| Change {
                name: String::new(),
                change: slot.change,
                version: slot.version,
            })
            .collect();
        for (name, at) in std::mem::take(&mut self.names) {
            changes[at].name = name;
        }
        let written = |c: &&mut Change| c.change != ChangeKind::Unchanged;
        if self.dry_run || !changes.iter_mut().any(|c| written(&c)) {
            // Dropping the transaction undoes what repeats reverted.
            return Ok(changes);
        }
        let env = &self.openers.env;
        for change in changes.iter().filter(|c| c.change != ChangeKind::Unchanged) {
            self.unknown.remove(&change.name);
        }
        self.vault.reseal_set(env, &self.unknown)?;
        self.tx.execute(
            "UPDATE envs SET revision = revision + 1 WHERE id = ?1",
            [env.id.to_string()],
        )?;
        let mut event = audit::Event::new(&self.action, &env.project, &env.name);
        event.detail = summary(&changes);
        // Lent to the audit entry and given back, so the names are not held twice.
        event.names = changes
            .iter_mut()
            .filter(written)
            .map(|c| std::mem::take(&mut c.name))
            .collect();
        self.vault.audit(&self.tx, &event)?;
        for (change, name) in changes.iter_mut().filter(written).zip(event.names) {
            change.name = name;
        }
        self.tx.commit()?;
        Ok(changes)
    }

    fn first(&mut self, unlocked: &mut Unlocked, value: NewValue) -> Result<()> {
        let at = self.slots.len();
        let (slot, item_id) = match self.current(&value.name)? {
            None => {
                let slot = Slot {
                    change: ChangeKind::Created,
                    version: 1,
                };
                (slot, None)
            }
            Some(s) => {
                let before = self.before(&s);
                let same = self.same(unlocked, &before, &value, Some(&s))?;
                let slot = if same {
                    Slot {
                        change: ChangeKind::Unchanged,
                        version: s.version,
                    }
                } else {
                    let latest = self.vault.latest_version(s.item_id)?;
                    Slot {
                        change: ChangeKind::Updated,
                        version: latest + 1,
                    }
                };
                self.before.insert(at, before);
                (slot, Some(s.item_id))
            }
        };
        if slot.change != ChangeKind::Unchanged {
            self.write(unlocked, slot, item_id, &value)?;
        }
        self.names.insert(value.name, at);
        self.slots.push(slot);
        Ok(())
    }

    /// A name given again: compared with the item as it was before the batch, so the
    /// outcome is what a single, last assignment would have had.
    fn again(&mut self, unlocked: &mut Unlocked, at: usize, value: &NewValue) -> Result<()> {
        let same = match self.before.remove(&at) {
            Some(before) => {
                let same = self.same(unlocked, &before, value, None)?;
                self.before.insert(at, before);
                same
            }
            None => false,
        };
        let wrote = self.slots[at].change != ChangeKind::Unchanged;
        match (wrote, same) {
            (false, true) => Ok(()),
            (true, true) => self.revert(at),
            (true, false) if self.dry_run => Ok(()),
            (true, false) => {
                // Sealed again under the version this batch already gave the item.
                let item_id = self.item_id(&value.name)?;
                self.reseal(unlocked, item_id, self.slots[at].version, value)
            }
            (false, false) => {
                // Unchanged so far, so the item existed before.
                let item_id = self.before.get(&at).map(|b| b.item_id);
                let version = self.vault.latest_version(item_id.unwrap_or_default())? + 1;
                let slot = Slot {
                    change: ChangeKind::Updated,
                    version,
                };
                self.slots[at] = slot;
                self.write(unlocked, slot, item_id, value)
            }
        }
    }

    /// The row of an item this batch wrote (found by name, not kept per slot: repeats
    /// are rare and slots are many).
    fn item_id(&self, name: &str) -> Result<i64> {
        let env = &self.openers.env;
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM items WHERE env_id = ?1 AND name = ?2")?
            .query_row(params![env.id.to_string(), name], |r| r.get(0))?)
    }

    /// The item's current version, unchecked: a damaged one is replaced by the new value
    /// (a fresh, tagged version), so `set` is the way out the damage hint promises.
    fn current(&self, name: &str) -> Result<Option<Sealed>> {
        let env = &self.openers.env;
        let sql = format!(
            "SELECT {SEALED_COLUMNS} FROM items i JOIN versions v ON v.item_id = i.id
             AND v.version = i.current_version WHERE i.env_id = ?1 AND i.name = ?2"
        );
        self.tx
            .prepare_cached(&sql)?
            .query_row(params![env.id.to_string(), name], sealed_from_row)
            .optional()
            .map_err(|e| row_damage(e, Some(name), env))
    }

    fn before(&self, s: &Sealed) -> Before {
        let env = &self.openers.env;
        let fits = self
            .vault
            .check_state(&s.state(env), env, &mut Vec::new())
            .is_ok();
        Before {
            item_id: s.item_id,
            version: s.version,
            kind: s.kind,
            literal: s.literal,
            key_version: s.key_version,
            comparable: !s.deleted && fits,
            updated_at: s.updated_at,
            state_mac: s.state_mac.clone(),
        }
    }

    /// Whether `value` equals the item as it was before the batch (`stored` when it is at
    /// hand, else read again: version rows never change). One that does not decrypt is
    /// never equal.
    fn same(
        &mut self,
        unlocked: &mut Unlocked,
        before: &Before,
        value: &NewValue,
        stored: Option<&Sealed>,
    ) -> Result<bool> {
        let name = value.name.as_str();
        if !before.comparable || before.kind != value.kind || before.literal != value.literal {
            return Ok(false);
        }
        let blobs;
        let sealed = match stored {
            Some(s) => s.as_ref(),
            None => {
                blobs = self.tx.query_row(
                    "SELECT wrapped_data_key, ciphertext FROM versions WHERE item_id = ?1 AND version = ?2",
                    params![before.item_id, before.version],
                    |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?)),
                )?;
                SealedRef {
                    name,
                    version: before.version,
                    kind: before.kind,
                    literal: before.literal,
                    key_version: before.key_version,
                    wrapped_data_key: &blobs.0,
                    ciphertext: &blobs.1,
                }
            }
        };
        match self.openers.open(self.vault, unlocked, &sealed) {
            Ok(plain) => Ok(plain.expose() == value.value.expose()),
            Err(VaultError::Corrupt { .. } | VaultError::Damaged { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Writes `value` as the slot's version of the item `item_id` (created when `None`).
    fn write(
        &self,
        unlocked: &mut Unlocked,
        slot: Slot,
        item_id: Option<i64>,
        value: &NewValue,
    ) -> Result<()> {
        if self.dry_run {
            return Ok(());
        }
        let env = &self.openers.env;
        let item_id = match item_id {
            Some(id) => id,
            None => {
                self.tx.prepare_cached(
                    "INSERT INTO items (env_id, name, current_version, updated_at) VALUES (?1, ?2, 0, ?3)",
                )?
                .execute(params![env.id.to_string(), value.name, self.now])?;
                self.tx.last_insert_rowid()
            }
        };
        let env_key = self.vault.env_key(unlocked, env, env.key_version)?;
        let (wrapped, ciphertext) = seal_version(env_key, env, &value.name, slot.version, value);
        self.tx.prepare_cached(
            "INSERT INTO versions (item_id, version, kind, literal, key_version, wrapped_data_key, ciphertext, created_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![item_id, slot.version, value.kind.as_str(), value.literal, env.key_version, wrapped, ciphertext, self.now, self.vault.header.device])?;
        let tag = state::tag(
            &self.vault.macs()?.state,
            env.id,
            &value.name,
            slot.version,
            false,
        );
        self.tx.prepare_cached(
            "UPDATE items SET current_version = ?1, deleted_at = NULL, updated_at = ?2, state_mac = ?4 WHERE id = ?3",
        )?
        .execute(params![slot.version, self.now, item_id, tag])?;
        Ok(())
    }

    /// Replaces the value of the version this batch wrote (the item row, and so its state
    /// tag, stays as it is).
    fn reseal(
        &self,
        unlocked: &mut Unlocked,
        item_id: i64,
        version: u64,
        value: &NewValue,
    ) -> Result<()> {
        let env = &self.openers.env;
        let env_key = self.vault.env_key(unlocked, env, env.key_version)?;
        let (wrapped, ciphertext) = seal_version(env_key, env, &value.name, version, value);
        self.tx.execute(
            "UPDATE versions SET kind = ?3, literal = ?4, key_version = ?5, wrapped_data_key = ?6, ciphertext = ?7
             WHERE item_id = ?1 AND version = ?2",
            params![item_id, version, value.kind.as_str(), value.literal, env.key_version, wrapped, ciphertext],
        )?;
        Ok(())
    }

    /// Undoes this batch's write to an item whose last value turned out to be the stored
    /// one: the version row goes, the item row gets its old pointer, time and tag back.
    fn revert(&mut self, at: usize) -> Result<()> {
        let Some(before) = self.before.get(&at) else {
            return Ok(());
        };
        let slot = &mut self.slots[at];
        if !self.dry_run {
            let item_id = before.item_id;
            self.tx.execute(
                "DELETE FROM versions WHERE item_id = ?1 AND version = ?2",
                params![item_id, slot.version],
            )?;
            self.tx.execute(
                "UPDATE items SET current_version = ?1, deleted_at = NULL, updated_at = ?2, state_mac = ?4 WHERE id = ?3",
                params![before.version, before.updated_at, item_id, before.state_mac],
            )?;
        }
        slot.change = ChangeKind::Unchanged;
        slot.version = before.version;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{KdfParams, SecretBytes};
    use crate::vault::InitOptions;

    fn vault(dir: &std::path::Path) -> (Vault, Unlocked, Env) {
        let (v, u) = Vault::create(
            &dir.join("v.db"),
            &InitOptions {
                passphrase: b"pass",
                kdf: KdfParams {
                    memory_kib: crate::crypto::kdf::MIN_MEMORY_KIB,
                    iterations: 1,
                    parallelism: 1,
                },
                device: "t@test".into(),
                project: "app",
                env: "dev",
            },
        )
        .unwrap();
        let env = v.env(&v.project("app").unwrap(), "dev").unwrap();
        (v, u, env)
    }

    fn value(name: &str, text: &str) -> NewValue {
        NewValue {
            name: name.into(),
            value: SecretBytes::new(text.as_bytes().to_vec()),
            kind: Kind::Secret,
            literal: false,
        }
    }

    /// Feeds `pairs` to one batch; returns (name, change, version) per name.
    fn import(
        v: &mut Vault,
        u: &mut Unlocked,
        env: &Env,
        pairs: &[(&str, &str)],
        dry_run: bool,
    ) -> Vec<(String, ChangeKind, u64)> {
        let mut batch = v.batch(env, "import", dry_run).unwrap();
        for (name, text) in pairs {
            batch.put(u, value(name, text)).unwrap();
        }
        let changes = batch.finish().unwrap();
        changes
            .into_iter()
            .map(|c| (c.name, c.change, c.version))
            .collect()
    }

    fn state(v: &Vault, u: &mut Unlocked, env: &Env, name: &str) -> (String, usize) {
        let shown = v.reveal(u, env, name, None).unwrap();
        let versions = v.history(env, name).unwrap().1.len();
        (
            String::from_utf8(shown.value.expose().to_vec()).unwrap(),
            versions,
        )
    }

    #[test]
    fn a_repeated_name_keeps_its_last_value_in_its_first_place_as_one_version() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, mut u, env) = vault(dir.path());
        let changes = import(
            &mut v,
            &mut u,
            &env,
            &[("A", "1"), ("B", "2"), ("A", "3")],
            false,
        );
        assert_eq!(
            changes,
            [
                ("A".into(), ChangeKind::Created, 1),
                ("B".into(), ChangeKind::Created, 1)
            ]
        );
        assert_eq!(state(&v, &mut u, &env, "A"), ("3".into(), 1));
    }

    #[test]
    fn repeats_are_judged_against_the_value_stored_before_the_batch() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, mut u, env) = vault(dir.path());
        import(&mut v, &mut u, &env, &[("A", "1")], false);
        let revision = v.env_by_id(env.id).unwrap().revision;
        // Changed, then back to the stored value: unchanged, and nothing is written.
        for dry_run in [true, false] {
            let changes = import(&mut v, &mut u, &env, &[("A", "2"), ("A", "1")], dry_run);
            assert_eq!(changes, [("A".into(), ChangeKind::Unchanged, 1)]);
            assert_eq!(state(&v, &mut u, &env, "A"), ("1".into(), 1));
            assert_eq!(v.env_by_id(env.id).unwrap().revision, revision);
        }
        // Unchanged, then changed: one new version holding the last value.
        let changes = import(&mut v, &mut u, &env, &[("A", "1"), ("A", "5")], false);
        assert_eq!(changes, [("A".into(), ChangeKind::Updated, 2)]);
        assert_eq!(state(&v, &mut u, &env, "A"), ("5".into(), 2));
        // Changed twice: still one new version.
        let changes = import(&mut v, &mut u, &env, &[("A", "6"), ("A", "7")], false);
        assert_eq!(changes, [("A".into(), ChangeKind::Updated, 3)]);
        assert_eq!(state(&v, &mut u, &env, "A"), ("7".into(), 3));
        let dry = import(&mut v, &mut u, &env, &[("A", "8"), ("A", "9")], true);
        assert_eq!(dry, [("A".into(), ChangeKind::Updated, 4)]);
        assert_eq!(state(&v, &mut u, &env, "A"), ("7".into(), 3));
    }

    #[test]
    fn a_batch_dropped_before_finish_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, mut u, env) = vault(dir.path());
        {
            let mut batch = v.batch(&env, "import", false).unwrap();
            batch.put(&mut u, value("A", "1")).unwrap();
            // A bad name further on ends the import: nothing of it stays.
            assert!(batch.put(&mut u, value("B C", "2")).is_err());
        }
        assert!(v.list(&env, true).unwrap().is_empty());
    }
}
