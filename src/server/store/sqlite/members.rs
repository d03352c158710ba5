//! Who may use a project or an environment: the access checks every operation makes
//! and the membership rows that grant it.

use super::*;

/// The environment's project and revision, if the caller may use it.
pub(super) fn env_access(conn: &Connection, caller: &Caller, env: Uuid) -> Result<(Uuid, i64)> {
    let row = conn
        .prepare_cached(
            "SELECT e.project_id, e.revision, EXISTS(SELECT 1 FROM members m
                 WHERE m.user_id = ?2 AND m.scope_id IN (e.id, e.project_id))
             FROM envs e WHERE e.id = ?1",
        )?
        .query_row(params![env.to_string(), caller.user_id.to_string()], |r| {
            Ok((uuid_col(r, 0)?, r.get::<_, i64>(1)?, r.get::<_, bool>(2)?))
        })
        .optional()?;
    match row {
        None => Err(StoreError::NotFound("environment")),
        Some((project, revision, member)) if member || caller.admin => Ok((project, revision)),
        Some((project, ..)) => Err(StoreError::Forbidden {
            project: Some(project),
        }),
    }
}

pub(super) fn project_member(conn: &Connection, caller: &Caller, project: Uuid) -> Result<bool> {
    if caller.admin {
        return Ok(true);
    }
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM members WHERE scope_id = ?1 AND user_id = ?2)",
        )?
        .query_row(
            params![project.to_string(), caller.user_id.to_string()],
            |r| r.get(0),
        )?)
}

pub(super) fn add_member(
    tx: &Transaction<'_>,
    scope: Uuid,
    user: Uuid,
    role: &str,
    now: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO members (scope_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![scope.to_string(), user.to_string(), role, now])?;
    Ok(())
}
