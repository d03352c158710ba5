//! `list --remote`: an environment's names, kinds, versions and who/when as the server
//! holds them, for any role. A viewer holds no env key, so this is the only listing it
//! has; readers use it to see the server's state without pulling.
//!
//! Reads snapshots (the server's role check lets a viewer read them) and keeps only the
//! metadata: it must never open, keep or return a ciphertext or a wrapped key, and it
//! needs no env key and writes nothing to the vault. Every name, author and environment
//! the server sends passes [`super::untrusted`] before it is returned.

use std::collections::BTreeMap;

use super::{Connection, Result, SyncError, from_wire_kind, remote_env, untrusted};
use crate::vault::{ItemInfo, Vault};
use crate::wire;

/// Most environments followed up an inheritance chain: a server that answers a cycle gets
/// no endless loop (the same bound as `diff`).
const MAX_DEPTH: usize = 64;

/// One item as the server holds it: metadata only.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemoteItem {
    /// Name, kind, version, time and the environment it comes from.
    #[serde(flatten)]
    pub info: ItemInfo,
    /// Who wrote the current version (`user@device`, as the writer's client set it).
    pub author: String,
    /// The env key version its value is sealed under.
    pub key_version: u32,
}

/// An environment's items on the server, inherited ones included, sorted by name.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RemoteListing {
    /// `project/env` as the server names them.
    pub env: String,
    /// The server revision listed.
    pub revision: i64,
    /// The items.
    pub items: Vec<RemoteItem>,
}

/// Lists `project`/`env` (names) on the connected server, through the server's
/// inheritance: an item of the environment itself hides a parent's of the same name.
pub fn list_remote(
    vault: &Vault,
    conn: &mut Connection,
    project: &str,
    env: &str,
) -> Result<RemoteListing> {
    let (_, remote, project_name) = super::pull::locate(vault, conn, project, env)?;
    let label = format!("{project_name}/{}", remote.name);
    let mut seen: BTreeMap<String, RemoteItem> = BTreeMap::new();
    let mut revision = None;
    let mut at = Some(remote);
    let mut depth = 0;
    while let Some(here) = at.take() {
        let snapshot: wire::Snapshot = conn
            .transport
            .get(&format!("v1/envs/{}/snapshot", here.id))?;
        revision.get_or_insert(snapshot.revision);
        for item in &snapshot.items {
            untrusted::check_version(item)
                .map_err(|r| SyncError::untrusted(&label, snapshot.revision, r))?;
        }
        for item in snapshot.items {
            seen.entry(item.name.clone())
                .or_insert_with(|| metadata(item, &here.name));
        }
        depth += 1;
        at = match here.parent_id {
            Some(parent) if depth < MAX_DEPTH => remote_env(conn, &label, parent)?,
            _ => None,
        };
    }
    Ok(RemoteListing {
        env: label,
        revision: revision.unwrap_or(0),
        items: seen.into_values().collect(),
    })
}

/// The metadata of a version; its ciphertext and wrapped data key are dropped here.
fn metadata(v: wire::ItemVersion, env: &str) -> RemoteItem {
    RemoteItem {
        info: ItemInfo {
            name: v.name,
            kind: from_wire_kind(v.kind),
            literal: v.literal,
            version: v.version,
            updated_at: v.created_at,
            env: env.to_string(),
            deleted: false,
        },
        author: v.author,
        key_version: v.key_version,
    }
}
