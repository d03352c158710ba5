//! Who may use a project or an environment: the access checks every operation makes, the
//! membership rows that grant it, and removals that take the keys away with the role.

use std::collections::BTreeMap;

use super::audit::append_audit;
use super::*;
use crate::server::store::access::{self, EnvRow, KEY_ROLES_SQL, parse_role};
use crate::wire::team::{EnvRole, PendingRotation, Role};

/// A user's role name on an environment, else on its project, as an SQL expression.
fn role_sql(env: &str, project: &str, user: &str) -> String {
    format!(
        "COALESCE((SELECT role FROM members WHERE scope_id = {env} AND user_id = {user}),
                  (SELECT role FROM members WHERE scope_id = {project} AND user_id = {user}))"
    )
}

/// The caller's access to an environment, once it has at least `need` there; `lock` takes
/// the environment's row lock (a push holds it until commit).
pub(super) async fn env_access<C: GenericClient>(
    c: &C,
    caller: &Caller,
    env: Uuid,
    lock: bool,
    need: Role,
    what: &str,
) -> Result<EnvAccess> {
    let sql = format!(
        "SELECT e.project_id, e.revision, e.min_key_version,
             (SELECT role FROM members WHERE scope_id = e.id AND user_id = $2),
             (SELECT role FROM members WHERE scope_id = e.project_id AND user_id = $2)
         FROM envs e WHERE e.id = $1{}",
        if lock { " FOR UPDATE" } else { "" }
    );
    let stmt = c.prepare_cached(&sql).await?;
    let row = c.query_opt(&stmt, &[&env, &caller.user_id]).await?;
    let row = row.map(|r| EnvRow {
        project: r.get(0),
        revision: r.get(1),
        min_key_version: r.get::<_, i64>(2) as u32,
        env_role: parse_role(r.get(3)),
        project_role: parse_role(r.get(4)),
    });
    access::env_access(caller, row, need, what)
}

/// A user's own role on a project (its row, not an environment's).
pub(super) async fn project_role<C: GenericClient>(
    c: &C,
    user: Uuid,
    project: Uuid,
) -> Result<Option<Role>> {
    let stmt = c
        .prepare_cached("SELECT role FROM members WHERE scope_id = $1 AND user_id = $2")
        .await?;
    let row = c.query_opt(&stmt, &[&project, &user]).await?;
    Ok(parse_role(row.as_ref().map(|r| r.get(0))))
}

/// A user's role on an environment by membership alone (what the keys follow).
async fn member_role<C: GenericClient>(
    c: &C,
    user: Uuid,
    env: Uuid,
    project: Uuid,
) -> Result<Option<Role>> {
    let stmt = c
        .prepare_cached(&format!("SELECT {}", role_sql("$1", "$2", "$3")))
        .await?;
    let row = c.query_one(&stmt, &[&env, &project, &user]).await?;
    Ok(parse_role(row.get(0)))
}

/// Grants `role` on a project or an environment, replacing any role there.
pub(super) async fn set_member<C: GenericClient>(
    c: &C,
    scope: Uuid,
    user: Uuid,
    role: Role,
    now: i64,
) -> Result<()> {
    let stmt = c
        .prepare_cached(
            "INSERT INTO members (scope_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (scope_id, user_id) DO UPDATE SET role = excluded.role",
        )
        .await?;
    c.execute(&stmt, &[&scope, &user, &role.as_str(), &now])
        .await?;
    Ok(())
}

pub(super) async fn project_exists<C: GenericClient>(c: &C, project: Uuid) -> Result<()> {
    let exists: bool = c
        .query_one(
            "SELECT EXISTS(SELECT 1 FROM projects WHERE id = $1)",
            &[&project],
        )
        .await?
        .get(0);
    exists.then_some(()).ok_or(StoreError::NotFound("project"))
}

/// The environments of a project (`only` must be one of them).
async fn project_env_ids<C: GenericClient>(
    c: &C,
    project: Uuid,
    only: Option<Uuid>,
) -> Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = c
        .query(
            "SELECT id FROM envs WHERE project_id = $1 ORDER BY name, id",
            &[&project],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    match only {
        None => Ok(ids),
        Some(env) if ids.contains(&env) => Ok(vec![env]),
        Some(_) => Err(StoreError::NotFound("environment")),
    }
}

async fn user_id<C: GenericClient>(c: &C, name: &str) -> Result<Uuid> {
    c.query_opt("SELECT id FROM users WHERE name = $1", &[&name])
        .await?
        .map(|r| r.get(0))
        .ok_or(StoreError::NotFound("user"))
}

/// Requires the caller to administer the project, or `env` when the change is only there.
async fn require_admin<C: GenericClient>(
    c: &C,
    caller: &Caller,
    project: Uuid,
    env: Option<Uuid>,
    what: &str,
) -> Result<()> {
    project_exists(c, project).await?;
    match env {
        Some(env) => {
            project_env_ids(c, project, Some(env)).await?;
            env_access(c, caller, env, false, Role::Admin, what)
                .await
                .map(drop)
        }
        None => {
            let role = project_role(c, caller.user_id, project).await?;
            access::require(caller, project, role, Role::Admin, what).map(drop)
        }
    }
}

/// Deletes every wrap addressed to `recipients` in `env` and raises its floor past the
/// newest key version they could read; `None` when they held no wrap there.
pub(super) async fn revoke_wraps<C: GenericClient>(
    c: &C,
    env: Uuid,
    recipients: &[String],
) -> Result<Option<PendingRotation>> {
    // The environment's row lock orders this against a push checking the floor.
    c.execute("SELECT 1 FROM envs WHERE id = $1 FOR UPDATE", &[&env])
        .await?;
    let newest: Option<i64> = c
        .query_one(
            "SELECT MAX(key_version) FROM env_keys WHERE env_id = $1",
            &[&env],
        )
        .await?
        .get(0);
    let deleted = c
        .execute(
            "DELETE FROM env_keys WHERE env_id = $1 AND recipient = ANY($2)",
            &[&env, &recipients],
        )
        .await?;
    let Some(newest) = newest.filter(|_| deleted > 0) else {
        return Ok(None);
    };
    let floor: i64 = c
        .query_one(
            "UPDATE envs SET min_key_version = GREATEST(min_key_version, $1) WHERE id = $2
             RETURNING min_key_version",
            &[&(newest + 1), &env],
        )
        .await?
        .get(0);
    Ok(Some(PendingRotation {
        env_id: env,
        min_key_version: floor as u32,
    }))
}

/// Takes the keys of `envs` away from `user`'s devices where their role no longer reads.
async fn drop_keys<C: GenericClient>(
    c: &C,
    user: Uuid,
    project: Uuid,
    envs: &[Uuid],
) -> Result<AccessChange> {
    let recipients: Vec<String> = c
        .query(
            "SELECT DISTINCT recipient FROM devices WHERE user_id = $1",
            &[&user],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut rotate = Vec::new();
    for &env in envs {
        if member_role(c, user, env, project)
            .await?
            .is_some_and(Role::holds_keys)
        {
            continue;
        }
        rotate.extend(revoke_wraps(c, env, &recipients).await?);
    }
    Ok(AccessChange { rotate })
}

/// The devices (all but revoked ones) of a user, oldest first.
async fn live_devices<C: GenericClient>(c: &C, user: Uuid) -> Result<Vec<Device>> {
    let sql = format!(
        "SELECT {} FROM devices d JOIN users u ON u.id = d.user_id
         WHERE d.user_id = $1 AND d.status <> 'revoked' ORDER BY d.created_at, d.id",
        super::accounts::DEVICE_COLS
    );
    let stmt = c.prepare_cached(&sql).await?;
    Ok(c.query(&stmt, &[&user])
        .await?
        .iter()
        .map(super::accounts::device_from_row)
        .collect())
}

/// Environments `member` may read where one of their approved devices lacks a wrap of the
/// newest key version.
async fn waiting_for_keys<C: GenericClient>(
    c: &C,
    member: &Member,
    newest: &[(Uuid, Option<i64>)],
) -> Result<Vec<Uuid>> {
    let has = c
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM env_keys
                 WHERE env_id = $1 AND key_version = $2 AND recipient = $3)",
        )
        .await?;
    let mut waiting = Vec::new();
    for &(env, newest) in newest {
        let Some(newest) = newest else { continue };
        let env_role = member.envs.iter().find(|e| e.env_id == env).map(|e| e.role);
        if !env_role.or(member.role).is_some_and(Role::holds_keys) {
            continue;
        }
        for d in member
            .devices
            .iter()
            .filter(|d| d.status == DeviceStatus::Approved)
        {
            let held: bool = c
                .query_one(&has, &[&env, &newest, &d.recipient])
                .await?
                .get(0);
            if !held {
                waiting.push(env);
                break;
            }
        }
    }
    Ok(waiting)
}

/// Whether `recipient` is an approved device of a user who may read `env` of `project`.
pub(super) async fn may_receive<C: GenericClient>(
    c: &C,
    env: Uuid,
    project: Uuid,
    recipient: &str,
) -> Result<bool> {
    let sql = format!(
        "SELECT EXISTS(SELECT 1 FROM devices d WHERE d.recipient = $3 AND d.status = 'approved'
             AND {} IN {KEY_ROLES_SQL})",
        role_sql("$1", "$2", "d.user_id")
    );
    let stmt = c.prepare_cached(&sql).await?;
    Ok(c.query_one(&stmt, &[&env, &project, &recipient])
        .await?
        .get(0))
}

/// Whether the caller administers a project `user` is a member of (or the server).
pub(super) async fn admin_over<C: GenericClient>(
    c: &C,
    caller: &Caller,
    user: Uuid,
) -> Result<bool> {
    if caller.admin {
        return Ok(true);
    }
    let stmt = c
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM members a JOIN members m ON m.user_id = $2
                 AND (m.scope_id = a.scope_id
                      OR m.scope_id IN (SELECT id FROM envs WHERE project_id = a.scope_id))
             WHERE a.user_id = $1 AND a.role = 'admin'
                 AND a.scope_id IN (SELECT id FROM projects))",
        )
        .await?;
    Ok(c.query_one(&stmt, &[&caller.user_id, &user]).await?.get(0))
}

/// Takes every key away from one device (revoked): its wraps, in every environment.
pub(super) async fn drop_device_keys<C: GenericClient>(
    c: &C,
    recipient: &str,
) -> Result<AccessChange> {
    let envs: Vec<Uuid> = c
        .query(
            "SELECT DISTINCT env_id FROM env_keys WHERE recipient = $1 ORDER BY env_id",
            &[&recipient],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut rotate = Vec::new();
    for env in envs {
        rotate.extend(revoke_wraps(c, env, &[recipient.to_string()]).await?);
    }
    Ok(AccessChange { rotate })
}

impl PgStore {
    pub(super) async fn members(&self, caller: &Caller, project: Uuid) -> Result<Vec<Member>> {
        let c = self.pool.get().await?;
        project_exists(&c, project).await?;
        let rows = c
            .query(
                "SELECT m.user_id, u.name, m.scope_id, m.role FROM members m
                 JOIN users u ON u.id = m.user_id
                 WHERE m.scope_id = $1 OR m.scope_id IN (SELECT id FROM envs WHERE project_id = $1)
                 ORDER BY u.name, m.scope_id",
                &[&project],
            )
            .await?;
        if !caller.admin && !rows.iter().any(|r| r.get::<_, Uuid>(0) == caller.user_id) {
            return Err(StoreError::forbidden(
                Some(project),
                "listing members needs a role in this project",
            ));
        }
        let newest: Vec<(Uuid, Option<i64>)> = c
            .query(
                "SELECT e.id, (SELECT MAX(key_version) FROM env_keys k WHERE k.env_id = e.id)
                 FROM envs e WHERE e.project_id = $1",
                &[&project],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let mut members: BTreeMap<(String, Uuid), Member> = BTreeMap::new();
        for r in &rows {
            let (user_id, user_name, scope): (Uuid, String, Uuid) = (r.get(0), r.get(1), r.get(2));
            let Some(role) = Role::parse(r.get(3)) else {
                continue;
            };
            let m = members
                .entry((user_name.clone(), user_id))
                .or_insert_with(|| Member {
                    user_id,
                    user_name,
                    role: None,
                    envs: Vec::new(),
                    devices: Vec::new(),
                    waiting_for_keys: Vec::new(),
                });
            if scope == project {
                m.role = Some(role);
            } else {
                m.envs.push(EnvRole {
                    env_id: scope,
                    role,
                });
            }
        }
        let mut out = Vec::with_capacity(members.len());
        for (_, mut m) in members {
            m.devices = live_devices(&c, m.user_id).await?;
            m.waiting_for_keys = waiting_for_keys(&c, &m, &newest).await?;
            out.push(m);
        }
        Ok(out)
    }

    pub(super) async fn put_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        put: &PutMember,
        mut audit: AuditEvent,
    ) -> Result<AccessChange> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        require_admin(&tx, caller, project, put.env_id, "changing a member's role").await?;
        let user = user_id(&tx, user_name).await?;
        set_member(&tx, put.env_id.unwrap_or(project), user, put.role, audit.at).await?;
        let envs = project_env_ids(&tx, project, put.env_id).await?;
        let change = drop_keys(&tx, user, project, &envs).await?;
        audit.project = Some(project);
        audit.env = put.env_id;
        audit.target = Some(user_name.to_string());
        audit.names = vec![put.role.to_string()];
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(change)
    }

    pub(super) async fn delete_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        env: Option<Uuid>,
        mut audit: AuditEvent,
    ) -> Result<AccessChange> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        require_admin(&tx, caller, project, env, "removing a member").await?;
        let user = user_id(&tx, user_name).await?;
        let deleted = match env {
            Some(env) => {
                tx.execute(
                    "DELETE FROM members WHERE scope_id = $1 AND user_id = $2",
                    &[&env, &user],
                )
                .await?
            }
            None => {
                tx.execute(
                    "DELETE FROM members WHERE user_id = $2 AND (scope_id = $1
                         OR scope_id IN (SELECT id FROM envs WHERE project_id = $1))",
                    &[&project, &user],
                )
                .await?
            }
        };
        if deleted == 0 {
            return Err(StoreError::NotFound("member"));
        }
        let envs = project_env_ids(&tx, project, env).await?;
        let change = drop_keys(&tx, user, project, &envs).await?;
        audit.project = Some(project);
        audit.env = env;
        audit.target = Some(user_name.to_string());
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(change)
    }

    pub(super) async fn recipients(&self, caller: &Caller, env: Uuid) -> Result<Vec<Recipient>> {
        let c = self.pool.get().await?;
        let access = env_access(&c, caller, env, false, Role::Reader, "listing recipients").await?;
        let sql = format!(
            "SELECT u.id, u.name, d.id, d.name, d.recipient,
                 ARRAY(SELECT k.key_version FROM env_keys k
                       WHERE k.env_id = $1 AND k.recipient = d.recipient ORDER BY k.key_version)
             FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.status = 'approved' AND {} IN {KEY_ROLES_SQL}
             ORDER BY u.name, d.name, d.id",
            role_sql("$1", "$2", "u.id")
        );
        let stmt = c.prepare_cached(&sql).await?;
        Ok(c.query(&stmt, &[&env, &access.project])
            .await?
            .iter()
            .map(|r| Recipient {
                user_id: r.get(0),
                user_name: r.get(1),
                device_id: r.get(2),
                device_name: r.get(3),
                recipient: r.get(4),
                key_versions: r
                    .get::<_, Vec<i64>>(5)
                    .into_iter()
                    .map(|v| v as u32)
                    .collect(),
            })
            .collect())
    }
}
