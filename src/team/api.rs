//! The team endpoints of the sync server (docs/sync.md, "Teams"), one function each.
//! Names and recipients in answers pass [`crate::sync::untrusted`] before anyone sees them.

use uuid::Uuid;

use super::Result;
use crate::sync::{Connection, Retry, SyncError, untrusted};
use crate::wire::team::{AccessChange, Device, Member, PutMember, Recipient, Role};
use crate::wire::{PutEnvKey, WrappedKey};

fn untrusted_answer(what: &str, r: untrusted::Refusal) -> SyncError {
    SyncError::Protocol(format!(
        "refusing the server's {what}: the {} {} is not acceptable ({})",
        r.what, r.shown, r.why
    ))
}

/// `user_name` as a path segment (names are checked, but a `/` or `?` must not reroute).
fn segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The members of a project.
pub fn members(conn: &mut Connection, project_id: Uuid) -> Result<Vec<Member>> {
    let members: Vec<Member> = conn
        .transport
        .get(&format!("v1/projects/{project_id}/members"))?;
    for m in &members {
        m.devices
            .iter()
            .try_for_each(untrusted::check_device)
            .map_err(|r| untrusted_answer("member list", r))?;
    }
    Ok(members)
}

/// Grants `role` to `user_name` on the project, or on one environment.
pub fn put_member(
    conn: &mut Connection,
    project_id: Uuid,
    user_name: &str,
    role: Role,
    env_id: Option<Uuid>,
) -> Result<AccessChange> {
    Ok(conn.transport.put(
        &format!("v1/projects/{project_id}/members/{}", segment(user_name)),
        &PutMember { role, env_id },
    )?)
}

/// Removes `user_name`'s grant on the project, or on one environment.
pub fn remove_member(
    conn: &mut Connection,
    project_id: Uuid,
    user_name: &str,
    env_id: Option<Uuid>,
) -> Result<AccessChange> {
    let mut path = format!("v1/projects/{project_id}/members/{}", segment(user_name));
    if let Some(env) = env_id {
        path.push_str(&format!("?env_id={env}"));
    }
    Ok(conn.transport.delete_json(&path)?)
}

/// Devices of this user, or of `user` (admins).
pub fn devices(conn: &mut Connection, user: Option<&str>) -> Result<Vec<Device>> {
    let path = match user {
        Some(u) => format!("v1/devices?user={}", segment(u)),
        None => "v1/devices".to_string(),
    };
    let devices: Vec<Device> = conn.transport.get(&path)?;
    devices
        .iter()
        .try_for_each(untrusted::check_device)
        .map_err(|r| untrusted_answer("device list", r))?;
    Ok(devices)
}

/// Approves a pending device.
pub fn approve_device(conn: &mut Connection, device_id: Uuid) -> Result<()> {
    Ok(conn.transport.post_ignoring(
        &format!("v1/devices/{device_id}/approve"),
        &serde_json::json!({}),
        Retry::Safe,
    )?)
}

/// Revokes a device: its tokens and wraps go; the answer lists envs to rotate.
pub fn revoke_device(conn: &mut Connection, device_id: Uuid) -> Result<AccessChange> {
    Ok(conn
        .transport
        .delete_json(&format!("v1/devices/{device_id}"))?)
}

/// Who must hold `env_id`'s keys (bounded in number; each entry is checked by the caller,
/// so one bad entry costs only itself its wrap); `None` when this user may not ask (a viewer)
/// or the server predates teams.
pub fn recipients(conn: &mut Connection, env_id: Uuid) -> Result<Option<Vec<Recipient>>> {
    let list: Vec<Recipient> = match conn.transport.get(&format!("v1/envs/{env_id}/recipients")) {
        Ok(list) => list,
        Err(SyncError::Forbidden { .. } | SyncError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if list.len() > untrusted::MAX_RECIPIENTS {
        return Err(SyncError::Protocol(format!(
            "refusing the server's recipient list: {} recipients, more than {}",
            list.len(),
            untrusted::MAX_RECIPIENTS
        ))
        .into());
    }
    Ok(Some(list))
}

/// The live service tokens holding keys of `env_id` (`None`: this user is not an admin of
/// it, or the server has no such list).
pub fn token_recipients(
    conn: &mut Connection,
    env_id: Uuid,
) -> Result<Option<Vec<crate::wire::token::TokenRecipient>>> {
    let path = format!("v1/envs/{env_id}/token-keys");
    let list: Vec<crate::wire::token::TokenRecipient> = match conn.transport.get(&path) {
        Ok(list) => list,
        Err(SyncError::Forbidden { .. } | SyncError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if list.len() > untrusted::MAX_RECIPIENTS {
        return Err(SyncError::Protocol(format!(
            "refusing the server's service token list: {} tokens, more than {}",
            list.len(),
            untrusted::MAX_RECIPIENTS
        ))
        .into());
    }
    Ok(Some(list))
}

/// Uploads wraps of newer key versions of `env_id` for service tokens.
pub fn put_token_wraps(
    conn: &mut Connection,
    env_id: Uuid,
    wraps: Vec<crate::wire::token::TokenWrap>,
) -> Result<()> {
    Ok(conn.transport.put_empty(
        &format!("v1/envs/{env_id}/token-keys"),
        &crate::wire::token::PutTokenKeys { wraps },
    )?)
}

/// Uploads wraps of key `version` of `env_id`.
pub fn put_wraps(
    conn: &mut Connection,
    env_id: Uuid,
    version: u32,
    wraps: Vec<WrappedKey>,
) -> Result<()> {
    Ok(conn.transport.put_empty(
        &format!("v1/envs/{env_id}/keys/{version}"),
        &PutEnvKey { wraps },
    )?)
}
