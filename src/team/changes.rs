//! Protected environments on the client (docs/teams.md, "Protected environments"):
//! protecting an environment, and the proposals pushes to it become (list, show, reveal,
//! approve, reject).
//!
//! A proposal is what its author pushed: names and ciphertext. Its values are decrypted
//! here, on the approver's device, with the env keys this vault holds ([`reveal`]); the
//! server never could. Every proposal the server returns passes [`check`] before anyone
//! sees its names. Never prints, prompts or exits.

use uuid::Uuid;

use super::Result;
use crate::crypto::SecretBytes;
use crate::sync::{self, Connection, Retry, SyncError, untrusted};
use crate::vault::{Env, Unlocked, Vault};
use crate::wire::proposals::{Proposal, Protect, Protection};
use crate::wire::{self, Change};

/// Most proposals one list answer may hold (bounds what a server can make us print).
pub const MAX_LISTED: usize = 10_000;

/// Protects `env_id` (admins): pushes there become proposals needing `approvals`
/// approvers other than their author.
pub fn protect(conn: &mut Connection, env_id: Uuid, approvals: u32) -> Result<Protection> {
    Ok(conn.transport.put(
        &format!("v1/envs/{env_id}/protection"),
        &Protect { approvals },
    )?)
}

/// Unprotects `env_id` (admins): pushes land directly again.
pub fn unprotect(conn: &mut Connection, env_id: Uuid) -> Result<Protection> {
    Ok(conn
        .transport
        .delete_json(&format!("v1/envs/{env_id}/protection"))?)
}

/// The pending proposals of the project's environments this user may view.
pub fn list(conn: &mut Connection, project_id: Uuid) -> Result<Vec<Proposal>> {
    let proposals: Vec<Proposal> = conn
        .transport
        .get(&format!("v1/projects/{project_id}/proposals"))?;
    if proposals.len() > MAX_LISTED {
        return Err(SyncError::Protocol(format!(
            "refusing the server's proposal list: {} proposals (at most {MAX_LISTED})",
            proposals.len()
        ))
        .into());
    }
    proposals.iter().try_for_each(check)?;
    Ok(proposals)
}

/// One proposal with its changes.
pub fn show(conn: &mut Connection, id: Uuid) -> Result<Proposal> {
    let p: Proposal = conn.transport.get(&format!("v1/proposals/{id}"))?;
    check(&p)?;
    if p.id != id {
        return Err(SyncError::Protocol(format!(
            "the server answered proposal {} when asked for {id}",
            p.id
        ))
        .into());
    }
    Ok(p)
}

/// Approves a proposal; the answer says whether it applied (`state: applied`). Never
/// retried: a retry after a lost answer would be refused as already approved or applied,
/// which reads as a failure when it was not.
pub fn approve(conn: &mut Connection, id: Uuid) -> Result<Proposal> {
    let p: Proposal =
        conn.transport
            .post(&format!("v1/proposals/{id}/approve"), &(), Retry::Never)?;
    check(&p)?;
    Ok(p)
}

/// Rejects a proposal (or, by its author, withdraws it).
pub fn reject(conn: &mut Connection, id: Uuid) -> Result<Proposal> {
    let p: Proposal =
        conn.transport
            .post(&format!("v1/proposals/{id}/reject"), &(), Retry::Never)?;
    check(&p)?;
    Ok(p)
}

/// Refuses a proposal whose names would act on a terminal or are not item names.
pub fn check(p: &Proposal) -> Result<()> {
    let refuse = |r: untrusted::Refusal| {
        SyncError::Protocol(format!(
            "refusing the server's proposal {}: the {} {} is not acceptable ({})",
            p.id, r.what, r.shown, r.why
        ))
    };
    untrusted::check_label("author", &p.author).map_err(refuse)?;
    untrusted::check_label("device name", &p.author_device).map_err(refuse)?;
    for a in &p.approvals {
        untrusted::check_label("user name", &a.user_name).map_err(refuse)?;
        untrusted::check_label("device name", &a.device_name).map_err(refuse)?;
    }
    for name in &p.names {
        untrusted::check_item("item name", name).map_err(refuse)?;
    }
    p.changes
        .iter()
        .try_for_each(untrusted::check_change)
        .map_err(refuse)?;
    Ok(())
}

/// One change of a proposal, with its value when revealed.
#[derive(Debug)]
pub struct ProposedChange {
    /// Item name.
    pub name: String,
    /// `set`, `delete` or `restore`.
    pub op: &'static str,
    /// The version it sets.
    pub version: Option<u64>,
    /// The value, decrypted on this device (only with reveal, only for `set`).
    pub value: Option<SecretBytes>,
}

/// The changes of `p`, without values.
pub fn changes(p: &Proposal) -> Vec<ProposedChange> {
    p.changes
        .iter()
        .map(|change| match change {
            Change::Version(v) => ProposedChange {
                name: v.name.clone(),
                op: "set",
                version: Some(v.version),
                value: None,
            },
            Change::Delete { name } => ProposedChange {
                name: name.clone(),
                op: "delete",
                version: None,
                value: None,
            },
            Change::Restore { name } => ProposedChange {
                name: name.clone(),
                op: "restore",
                version: None,
                value: None,
            },
        })
        .collect()
}

/// The changes of `p` with the values it sets, decrypted here with `env`'s keys (first
/// fetching any key version the server holds for this device that this vault lacks). A
/// value sealed under a key this device never received fails as `NoKey`, like a pull.
pub fn reveal(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
    p: &Proposal,
) -> Result<Vec<ProposedChange>> {
    if let Some(remote) = sync::remote_env(conn, &env.label(), env.id)? {
        sync::import_keys(vault, unlocked, conn, env, &remote)?;
    }
    let have = vault.env_key_versions(env)?;
    let mut out = changes(p);
    for (shown, change) in out.iter_mut().zip(&p.changes) {
        if let Change::Version(v) = change {
            if !have.contains(&v.key_version) {
                return Err(SyncError::NoKey {
                    env: env.label(),
                    key_version: v.key_version,
                }
                .into());
            }
            let stored = sync::from_wire_version(v.clone());
            shown.value = Some(vault.open_stored(unlocked, env, &stored)?);
        }
    }
    Ok(out)
}

/// The environment of this vault a proposal is for, if this vault has it.
pub fn local_env(vault: &Vault, p: &Proposal) -> Result<Option<Env>> {
    Ok(vault.env_with_id(p.env_id)?)
}

/// The server's environment named `name` in the project.
pub fn remote_env_id(
    conn: &mut Connection,
    project_id: Uuid,
    label: &str,
    name: &str,
) -> Result<Uuid> {
    let envs: Vec<wire::RemoteEnv> = conn
        .transport
        .get(&format!("v1/projects/{project_id}/envs"))?;
    envs.iter()
        .find(|e| e.name == name)
        .map(|e| e.id)
        .ok_or_else(|| SyncError::Missing(label.to_string()).into())
}
