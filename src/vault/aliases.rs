//! Aliases beside an item's current version, for changing a credential without downtime:
//! `next` is a staged value that nothing injects unless asked (`inject --alias next`), and
//! `previous` is what was current before the last `promote`, so apps still holding it can
//! be found and moved over during the overlap.
//!
//! An alias is a pointer to an ordinary version (sealed and AAD-bound like every version).
//! The pointers live in the item row and are covered by the environment's state tag
//! ([`super::envset`]): a pointer changed or removed outside secretscli is damage, never
//! obeyed. Nothing here may change `current` except `promote`, and a staged version is never
//! made current by anything but `promote` (sync does not push a version above the current
//! one; see `outgoing`).

use rusqlite::params;

use super::items::{MAX_VALUE_LEN, NewValue, Revealed, Sealed, check_key_name, seal_version};
use super::{Env, Result, Unlocked, Vault, VaultError, audit, now_ms, state};
use crate::crypto::SecretBytes;

/// An item's `next` and `previous` versions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Aliases {
    /// The staged version, if any.
    pub next: Option<u64>,
    /// The version current before the last promote, if any.
    pub previous: Option<u64>,
}

impl Aliases {
    /// No alias at all (the item's tag bytes are then those of schema 5).
    pub fn is_empty(&self) -> bool {
        self.next.is_none() && self.previous.is_none()
    }

    /// The alias pointing at `version`, if one does.
    pub fn holding(&self, version: u64) -> Option<Alias> {
        if self.next == Some(version) {
            Some(Alias::Next)
        } else if self.previous == Some(version) {
            Some(Alias::Previous)
        } else {
            None
        }
    }
}

/// Which version of an item to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Alias {
    /// The current version (what `get` and `inject` read by default).
    Current,
    /// The staged version.
    Next,
    /// The version current before the last promote.
    Previous,
}

impl Alias {
    /// The alias's name as users write it after `@`.
    pub fn as_str(self) -> &'static str {
        match self {
            Alias::Current => "current",
            Alias::Next => "next",
            Alias::Previous => "previous",
        }
    }

    /// `KEY@next` → (`KEY`, `Some(Next)`); a name without a known alias suffix is a name.
    pub fn split(key: &str) -> (&str, Option<Alias>) {
        let Some((name, suffix)) = key.rsplit_once('@') else {
            return (key, None);
        };
        let alias = match suffix {
            "current" => Alias::Current,
            "next" => Alias::Next,
            "previous" => Alias::Previous,
            _ => return (key, None),
        };
        (name, Some(alias))
    }
}

/// What a promote did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Promoted {
    /// The version now current.
    pub current: u64,
    /// The version now `previous` (current before).
    pub previous: u64,
}

impl Vault {
    /// Seals `value` as a new version of an existing item of `env` (with the current
    /// version's kind and literal flag) and points `next` at it; the current version stays
    /// what it was. Returns the staged version.
    pub fn stage(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        name: &str,
        value: SecretBytes,
    ) -> Result<u64> {
        let (tx, version) = self.stage_in_tx(unlocked, env, name, value)?;
        tx.commit()?;
        Ok(version)
    }

    /// [`Vault::stage`], leaving its transaction open for the caller to add to and commit.
    pub(super) fn stage_in_tx(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        name: &str,
        value: SecretBytes,
    ) -> Result<(rusqlite::Transaction<'_>, u64)> {
        check_key_name(name)?;
        if value.len() > MAX_VALUE_LEN {
            return Err(VaultError::BadValue {
                name: name.to_string(),
                why: format!("it is larger than {MAX_VALUE_LEN} bytes"),
            });
        }
        let current = self.live_own_item(env, name)?;
        let item = current.item_id;
        let value = NewValue {
            name: name.to_string(),
            value,
            kind: current.kind,
            literal: current.literal,
        };
        let tx = self.write_tx()?;
        let env = self.env_by_id(env.id)?;
        let unknown = self.check_set_for_write(&env)?;
        if unknown.contains(&value.name) {
            return Err(state::damaged(&value.name, &env));
        }
        let version = self.latest_version(item)? + 1;
        let env_key = self.env_key(unlocked, &env, env.key_version)?;
        let (wrapped, ciphertext) = seal_version(env_key, &env, &value.name, version, &value);
        let now = now_ms();
        tx.execute(
            "INSERT INTO versions (item_id, version, kind, literal, key_version, wrapped_data_key, ciphertext, created_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![item, version, value.kind.as_str(), value.literal, env.key_version, wrapped, ciphertext, now, self.header.device],
        )?;
        tx.execute(
            "UPDATE items SET next_version = ?1, updated_at = ?2 WHERE id = ?3",
            params![version, now, item],
        )?;
        let detail = format!("version {version} staged as next");
        self.finish_alias_write(&tx, &env, &unknown, "stage", &value.name, detail)?;
        Ok((tx, version))
    }

    /// Makes `next` current and the current version `previous`. When `next` is the newest
    /// version the pointer moves (nothing re-encrypted); when something was set after it,
    /// its value is written as a new version, so the current version stays the newest,
    /// which sync relies on. With `rotation`, also drops that item's write-ahead record
    /// in the same transaction.
    pub fn promote(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        name: &str,
        rotation: bool,
    ) -> Result<Promoted> {
        let item = self.live_own_item(env, name)?.item_id;
        let tx = self.write_tx()?;
        let env = self.env_by_id(env.id)?;
        let unknown = self.check_set_for_write(&env)?;
        if unknown.contains(name) {
            return Err(state::damaged(name, &env));
        }
        let (_, s) = self.locate(&env, name, None, false)?;
        let Some(next) = s.aliases.next else {
            return Err(VaultError::NoAlias {
                env: env.label(),
                name: name.to_string(),
                alias: "next",
            });
        };
        let latest = self.latest_version(item)?;
        let current = if next == latest && next > s.version {
            next
        } else {
            self.copy_as_new_version(unlocked, &env, name, next, latest + 1)?
        };
        let now = now_ms();
        let tag = state::tag(&self.macs()?.state, env.id, name, current, false);
        tx.execute(
            "UPDATE items SET current_version = ?1, previous_version = ?2, next_version = NULL,
                 updated_at = ?3, state_mac = ?4 WHERE id = ?5",
            params![current, s.version, now, tag, item],
        )?;
        if rotation {
            tx.execute(
                "DELETE FROM rotations WHERE env_id = ?1 AND item = ?2",
                params![env.id.to_string(), name],
            )?;
        }
        let detail = format!("version {current} current, {} previous", s.version);
        self.finish_alias_write(&tx, &env, &unknown, "promote", name, detail)?;
        tx.commit()?;
        Ok(Promoted {
            current,
            previous: s.version,
        })
    }

    /// One item's value at `alias`, resolved through inheritance. The alias pointers are
    /// checked against the environment's state tag before one is followed.
    pub fn reveal_alias(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        name: &str,
        alias: Alias,
    ) -> Result<Revealed> {
        let (link, s) = self.locate(env, name, None, false)?;
        if !self.states_fit(&self.macs()?.env_items, &link)? {
            return Err(self.diagnose_env(&link));
        }
        let version = match alias {
            Alias::Current => Some(s.version),
            Alias::Next => s.aliases.next,
            Alias::Previous => s.aliases.previous,
        };
        let Some(version) = version else {
            return Err(VaultError::NoAlias {
                env: link.label(),
                name: name.to_string(),
                alias: alias.as_str(),
            });
        };
        let (link, s) = self.locate(&link, name, Some(version), false)?;
        let value = self.open_sealed(unlocked, &link, &s)?;
        let mut info = s.info(&link);
        info.version = version;
        Ok(Revealed { info, value })
    }

    /// An item's current version and aliases, checked against the environment's tags.
    pub fn aliases(&self, env: &Env, name: &str) -> Result<(u64, Aliases)> {
        let (link, s) = self.locate(env, name, None, false)?;
        if !self.states_fit(&self.macs()?.env_items, &link)? {
            return Err(self.diagnose_env(&link));
        }
        Ok((s.version, s.aliases))
    }

    /// The item `name` in `env` itself, refusing inherited and deleted items.
    fn live_own_item(&self, env: &Env, name: &str) -> Result<Sealed> {
        let s = self.own_item(env, name)?;
        if s.deleted {
            return Err(VaultError::ItemDeleted {
                env: env.label(),
                name: name.to_string(),
            });
        }
        Ok(s)
    }

    /// Writes version `from`'s value (kind and flag) again as `to`; inside a write
    /// transaction.
    fn copy_as_new_version(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        name: &str,
        from: u64,
        to: u64,
    ) -> Result<u64> {
        let (_, old) = self.locate(env, name, Some(from), false)?;
        let value = NewValue {
            name: name.to_string(),
            value: self.open_sealed(unlocked, env, &old)?,
            kind: old.kind,
            literal: old.literal,
        };
        let env_key = self.env_key(unlocked, env, env.key_version)?;
        let (wrapped, ciphertext) = seal_version(env_key, env, name, to, &value);
        self.conn.execute(
            "INSERT INTO versions (item_id, version, kind, literal, key_version, wrapped_data_key, ciphertext, created_at, author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![old.item_id, to, value.kind.as_str(), value.literal, env.key_version, wrapped, ciphertext, now_ms(), self.header.device],
        )?;
        Ok(to)
    }

    /// The end of every alias write: the env's tags, its revision and the audit entry.
    fn finish_alias_write(
        &self,
        tx: &rusqlite::Transaction<'_>,
        env: &Env,
        unknown: &std::collections::BTreeSet<String>,
        action: &str,
        name: &str,
        detail: String,
    ) -> Result<()> {
        self.reseal_set(env, unknown)?;
        tx.execute(
            "UPDATE envs SET revision = revision + 1 WHERE id = ?1",
            [env.id.to_string()],
        )?;
        let mut event = audit::Event::new(action, &env.project, &env.name);
        event.names = vec![name.to_string()];
        event.detail = detail;
        self.audit(tx, &event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(name: &str, v: &str) -> NewValue {
        NewValue {
            name: name.into(),
            value: SecretBytes::new(v.as_bytes().to_vec()),
            kind: crate::vault::Kind::Secret,
            literal: false,
        }
    }

    fn secret(v: &str) -> SecretBytes {
        SecretBytes::new(v.as_bytes().to_vec())
    }

    fn dev(v: &Vault) -> Env {
        let p = v.project("app").unwrap();
        v.env(&p, "dev").unwrap()
    }

    fn read(v: &Vault, u: &mut Unlocked, env: &Env, name: &str, alias: Alias) -> String {
        let r = v.reveal_alias(u, env, name, alias).unwrap();
        String::from_utf8(r.value.expose().to_vec()).unwrap()
    }

    #[test]
    fn alias_suffixes_split_and_other_at_signs_stay_in_the_name() {
        assert_eq!(Alias::split("DB@next"), ("DB", Some(Alias::Next)));
        assert_eq!(Alias::split("DB@previous"), ("DB", Some(Alias::Previous)));
        assert_eq!(Alias::split("a@b.c"), ("a@b.c", None));
        assert_eq!(Alias::split("DB"), ("DB", None));
    }

    #[test]
    fn stage_then_promote_moves_next_to_current_and_current_to_previous() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, mut u) = crate::vault::test_vault(&dir.path().join("v.db"));
        let env = dev(&v);
        v.set_values(&mut u, &env, vec![value("DB", "one")], "set", false)
            .unwrap();
        assert_eq!(v.stage(&mut u, &env, "DB", secret("two")).unwrap(), 2);
        assert_eq!(read(&v, &mut u, &env, "DB", Alias::Current), "one");
        assert_eq!(read(&v, &mut u, &env, "DB", Alias::Next), "two");
        let p = v.promote(&mut u, &env, "DB", false).unwrap();
        assert_eq!((p.current, p.previous), (2, 1));
        assert_eq!(read(&v, &mut u, &env, "DB", Alias::Current), "two");
        assert_eq!(read(&v, &mut u, &env, "DB", Alias::Previous), "one");
        let err = v.promote(&mut u, &env, "DB", false).unwrap_err();
        assert!(
            matches!(err, VaultError::NoAlias { alias: "next", .. }),
            "{err}"
        );
    }

    #[test]
    fn a_set_after_stage_keeps_current_the_newest_version_on_promote() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, mut u) = crate::vault::test_vault(&dir.path().join("v.db"));
        let env = dev(&v);
        v.set_values(&mut u, &env, vec![value("DB", "one")], "set", false)
            .unwrap();
        v.stage(&mut u, &env, "DB", secret("staged")).unwrap();
        v.set_values(&mut u, &env, vec![value("DB", "three")], "set", false)
            .unwrap();
        let p = v.promote(&mut u, &env, "DB", false).unwrap();
        assert_eq!((p.current, p.previous), (4, 3));
        assert_eq!(read(&v, &mut u, &env, "DB", Alias::Current), "staged");
    }

    #[test]
    fn a_staged_version_is_not_pushed_until_promoted() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, mut u) = crate::vault::test_vault(&dir.path().join("v.db"));
        let env = dev(&v);
        v.set_values(&mut u, &env, vec![value("DB", "one")], "set", false)
            .unwrap();
        v.stage(&mut u, &env, "DB", secret("two")).unwrap();
        let pushed = |v: &Vault| -> Vec<u64> {
            v.outgoing(&env)
                .unwrap()
                .into_iter()
                .filter_map(|o| match o {
                    crate::vault::Outgoing::Version(s) => Some(s.version),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(pushed(&v), vec![1]);
        v.promote(&mut u, &env, "DB", false).unwrap();
        assert_eq!(pushed(&v), vec![1, 2]);
    }
}
