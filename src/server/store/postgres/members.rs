//! Who may use a project or an environment: the access checks every operation makes
//! and the membership rows that grant it.

use super::*;

/// The environment's project and revision, if the caller may use it; `lock` takes the
/// environment's row lock (a push holds it until commit).
pub(super) async fn env_access<C: GenericClient>(
    c: &C,
    caller: &Caller,
    env: Uuid,
    lock: bool,
) -> Result<(Uuid, i64)> {
    let sql = if lock {
        "SELECT e.project_id, e.revision, EXISTS(SELECT 1 FROM members m
             WHERE m.user_id = $2 AND m.scope_id IN (e.id, e.project_id))
         FROM envs e WHERE e.id = $1 FOR UPDATE"
    } else {
        "SELECT e.project_id, e.revision, EXISTS(SELECT 1 FROM members m
             WHERE m.user_id = $2 AND m.scope_id IN (e.id, e.project_id))
         FROM envs e WHERE e.id = $1"
    };
    let stmt = c.prepare_cached(sql).await?;
    let row = c.query_opt(&stmt, &[&env, &caller.user_id]).await?;
    match row {
        None => Err(StoreError::NotFound("environment")),
        Some(r) => {
            let (project, revision, member): (Uuid, i64, bool) = (r.get(0), r.get(1), r.get(2));
            if member || caller.admin {
                Ok((project, revision))
            } else {
                Err(StoreError::Forbidden {
                    project: Some(project),
                })
            }
        }
    }
}

pub(super) async fn project_member<C: GenericClient>(
    c: &C,
    caller: &Caller,
    project: Uuid,
) -> Result<bool> {
    if caller.admin {
        return Ok(true);
    }
    let stmt = c
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM members WHERE scope_id = $1 AND user_id = $2)")
        .await?;
    Ok(c.query_one(&stmt, &[&project, &caller.user_id])
        .await?
        .get(0))
}

pub(super) async fn add_member<C: GenericClient>(
    c: &C,
    scope: Uuid,
    user: Uuid,
    role: &str,
    now: i64,
) -> Result<()> {
    let stmt = c
        .prepare_cached(
            "INSERT INTO members (scope_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .await?;
    c.execute(&stmt, &[&scope, &user, &role, &now]).await?;
    Ok(())
}
