//! Who may do what (docs/teams.md), decided once for both backends: they read the rows
//! (the caller's role rows on an environment and its project), this module decides.
//!
//! Roles live in the `members` table, never in the token cache, so a removal takes effect
//! on the very next request on every node.

use uuid::Uuid;

use super::{Caller, Result, StoreError};
use crate::wire::team::{DeviceStatus, Role};

/// The role names that hold the env keys, for SQL `IN (...)` lists.
pub const KEY_ROLES_SQL: &str = "('reader', 'writer', 'admin')";

/// A role read from the `members` table: an unknown name grants nothing.
pub fn parse_role(name: Option<&str>) -> Option<Role> {
    name.and_then(Role::parse)
}

/// The role a user has on an environment: the environment's own row wins (up or down),
/// else the project's. Server admins act as admins everywhere the server decides.
pub fn effective(admin: bool, env_role: Option<Role>, project_role: Option<Role>) -> Option<Role> {
    if admin {
        return Some(Role::Admin);
    }
    env_role.or(project_role)
}

/// What an operation on an environment needs to know, once the caller may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvAccess {
    /// The environment's project.
    pub project: Uuid,
    /// Its current revision.
    pub revision: i64,
    /// The caller's role there.
    pub role: Role,
    /// Item versions sealed under a lower key version are refused.
    pub min_key_version: u32,
}

/// The row a backend read for `env_access`: project, revision, floor, and the caller's
/// role names on the environment and on its project.
pub struct EnvRow {
    pub project: Uuid,
    pub revision: i64,
    pub min_key_version: u32,
    pub env_role: Option<Role>,
    pub project_role: Option<Role>,
}

/// Decides whether `caller` may do something that needs `need` on the environment of `row`.
pub fn env_access(
    caller: &Caller,
    row: Option<EnvRow>,
    need: Role,
    what: &str,
) -> Result<EnvAccess> {
    let row = row.ok_or(StoreError::NotFound("environment"))?;
    let Some(role) = effective(caller.admin, row.env_role, row.project_role) else {
        return Err(StoreError::forbidden(
            Some(row.project),
            "this device's user is not a member of this environment or its project",
        ));
    };
    if role < need {
        return Err(StoreError::forbidden(
            Some(row.project),
            format!("{what} needs the {need} role; this device's user is a {role} here"),
        ));
    }
    Ok(EnvAccess {
        project: row.project,
        revision: row.revision,
        role,
        min_key_version: row.min_key_version,
    })
}

/// Requires `need` of a caller whose role on a project (or an environment) is `role`.
pub fn require(
    caller: &Caller,
    project: Uuid,
    role: Option<Role>,
    need: Role,
    what: &str,
) -> Result<Role> {
    match effective(caller.admin, role, None) {
        Some(role) if role >= need => Ok(role),
        Some(role) => Err(StoreError::forbidden(
            Some(project),
            format!("{what} needs the {need} role; this device's user is a {role} here"),
        )),
        None => Err(StoreError::forbidden(
            Some(project),
            format!("{what} needs the {need} role; this device's user is not a member here"),
        )),
    }
}

/// The item names of a push sealed under a key version below `floor`.
pub fn below_floor(req: &crate::wire::PushRequest, floor: u32) -> Vec<String> {
    let mut names: Vec<String> = req
        .changes
        .iter()
        .filter_map(|c| match c {
            crate::wire::Change::Version(v) if v.key_version < floor => Some(v.name.clone()),
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A device status's name in the `devices` table.
pub fn status_name(status: DeviceStatus) -> &'static str {
    match status {
        DeviceStatus::Pending => "pending",
        DeviceStatus::Approved => "approved",
        DeviceStatus::Revoked => "revoked",
    }
}

/// The device status named in the `devices` table (anything unknown reads as revoked: it
/// gets nothing).
pub fn parse_status(name: &str) -> DeviceStatus {
    match name {
        "approved" => DeviceStatus::Approved,
        "pending" => DeviceStatus::Pending,
        _ => DeviceStatus::Revoked,
    }
}

/// `user@device`, the target of a device's audit entries.
pub fn device_target(user: &str, device: &str) -> String {
    format!("{user}@{device}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_environment_role_overrides_the_project_role_both_ways() {
        assert_eq!(
            effective(false, Some(Role::Viewer), Some(Role::Admin)),
            Some(Role::Viewer)
        );
        assert_eq!(
            effective(false, Some(Role::Writer), Some(Role::Viewer)),
            Some(Role::Writer)
        );
        assert_eq!(
            effective(false, None, Some(Role::Reader)),
            Some(Role::Reader)
        );
        assert_eq!(effective(false, None, None), None);
        assert_eq!(effective(true, None, None), Some(Role::Admin));
        assert_eq!(parse_role(Some("owner")), None);
    }
}
