//! Tags binding each item's mutable state (its current-version pointer and delete mark)
//! to the item, so rolling `current_version` back to serve an old value, or setting
//! `deleted_at` to hide an item, is seen as damage (exit 6) rather than obeyed. The
//! version rows themselves are bound by their AEAD; this covers the one row that changes.
//!
//! Every write of `items.current_version` or `items.deleted_at` is followed by [`retag`]
//! in the same transaction; every read made while the vault is unlocked checks the tag.
//! A locked listing (names only) cannot check and does not.

use rusqlite::{Connection, OptionalExtension as _, params};
use uuid::Uuid;

use super::{Env, Result, Vault, VaultError};
use crate::crypto::MacKey;

const LABEL: &[u8] = b"secretscli/item-state/v1\0";

/// Frozen layout (golden test): label, env id, length-prefixed name, current version,
/// deleted flag. The env id and name tie the tag to its row, so a tag copied from another
/// item (or another env's item of the same name) does not fit.
pub(super) fn state_bytes(
    out: &mut Vec<u8>,
    env_id: Uuid,
    name: &str,
    version: u64,
    deleted: bool,
) {
    out.clear();
    out.extend_from_slice(LABEL);
    out.extend_from_slice(env_id.as_bytes());
    let len = u32::try_from(name.len()).expect("key names are at most 1024 bytes");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&version.to_be_bytes());
    out.push(u8::from(deleted));
}

/// One item's state as read, to check against its tag.
pub(super) struct State<'a> {
    pub(super) env_id: Uuid,
    pub(super) name: &'a str,
    pub(super) current_version: u64,
    pub(super) deleted: bool,
    pub(super) tag: Option<&'a [u8]>,
}

impl State<'_> {
    /// Whether the tag fits; `buf` is scratch space reused across a loop.
    pub(super) fn fits(&self, key: &MacKey, buf: &mut Vec<u8>) -> bool {
        let Some(tag) = self.tag else { return false };
        state_bytes(
            buf,
            self.env_id,
            self.name,
            self.current_version,
            self.deleted,
        );
        key.verify(buf, tag)
    }
}

/// Recomputes the tag of item `item_id` from its row as it now stands.
pub(super) fn retag(conn: &Connection, key: &MacKey, item_id: i64) -> Result<()> {
    let row = conn
        .query_row(
            "SELECT env_id, name, current_version, deleted_at IS NOT NULL FROM items WHERE id = ?1",
            [item_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u64>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((env_id, name, version, deleted)) = row else {
        return Ok(());
    };
    let env_id = Uuid::parse_str(&env_id).map_err(|_| VaultError::Damaged {
        what: format!("item {name}"),
        why: "its environment id is not a UUID".into(),
    })?;
    let mut buf = Vec::new();
    state_bytes(&mut buf, env_id, &name, version, deleted);
    conn.execute(
        "UPDATE items SET state_mac = ?1 WHERE id = ?2",
        params![&key.tag(&buf)[..], item_id],
    )?;
    Ok(())
}

/// The tag of one item state.
pub(super) fn tag(key: &MacKey, env_id: Uuid, name: &str, version: u64, deleted: bool) -> Vec<u8> {
    let mut buf = Vec::new();
    state_bytes(&mut buf, env_id, name, version, deleted);
    key.tag(&buf).to_vec()
}

/// Tags every item as it stands: the first unlock of a vault made before schema 4.
pub(super) fn tag_all(conn: &Connection, key: &MacKey) -> Result<()> {
    retag_where(conn, key, "SELECT id FROM items", [])
}

/// Tags every item of one environment as it stands, after a pull rewrote its pointers.
pub(super) fn tag_env(conn: &Connection, key: &MacKey, env_id: Uuid) -> Result<()> {
    retag_where(
        conn,
        key,
        "SELECT id FROM items WHERE env_id = ?1",
        [env_id.to_string()],
    )
}

fn retag_where(
    conn: &Connection,
    key: &MacKey,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare(sql)?
        .query_map(params, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        retag(conn, key, id)?;
    }
    Ok(())
}

impl Vault {
    /// Checks an item's state against its tag when the vault is unlocked.
    pub(super) fn check_state(&self, s: &State<'_>, env: &Env, buf: &mut Vec<u8>) -> Result<()> {
        let Some(macs) = self.macs.get() else {
            return Ok(());
        };
        if s.fits(&macs.state, buf) {
            return Ok(());
        }
        Err(damaged(s.name, env))
    }
}

/// The error for an item whose state does not fit its tag.
pub(super) fn damaged(name: &str, env: &Env) -> VaultError {
    VaultError::Damaged {
        what: format!("item {name} in {}", env.label()),
        why: "its current version or delete mark was changed outside secretscli".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_layout_is_frozen() {
        let mut out = Vec::new();
        let env = Uuid::from_u128(0xffee_ddcc_bbaa_9988_7766_5544_3322_1100);
        state_bytes(&mut out, env, "DB", 3, true);
        assert_eq!(
            hex::encode(out),
            concat!(
                "73656372657473636c692f6974656d2d73746174652f763100",
                "ffeeddccbbaa99887766554433221100",
                "00000002",
                "4442",
                "0000000000000003",
                "01"
            )
        );
    }
}
