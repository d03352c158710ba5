//! Who may use a project or an environment: the access checks every operation makes, the
//! membership rows that grant it, and removals that take the keys away with the role.

use std::collections::BTreeMap;

use super::audit::append_audit;
use super::*;
use crate::server::store::access::{self, EnvRow, KEY_ROLES_SQL, parse_role};
use crate::wire::team::{EnvRole, PendingRotation, Role};

/// A user's role names on an environment and on its project, as an SQL expression over
/// `?env`, `?project` and a user id column.
fn role_sql(env: &str, project: &str, user: &str) -> String {
    format!(
        "COALESCE((SELECT role FROM members WHERE scope_id = {env} AND user_id = {user}),
                  (SELECT role FROM members WHERE scope_id = {project} AND user_id = {user}))"
    )
}

/// The caller's access to an environment, once it has at least `need` there.
pub(super) fn env_access(
    conn: &Connection,
    caller: &Caller,
    env: Uuid,
    need: Role,
    what: &str,
) -> Result<EnvAccess> {
    let row = conn
        .prepare_cached(
            "SELECT e.project_id, e.revision, e.min_key_version,
                 (SELECT role FROM members WHERE scope_id = e.id AND user_id = ?2),
                 (SELECT role FROM members WHERE scope_id = e.project_id AND user_id = ?2)
             FROM envs e WHERE e.id = ?1",
        )?
        .query_row(params![env.to_string(), caller.user_id.to_string()], |r| {
            Ok(EnvRow {
                project: uuid_col(r, 0)?,
                revision: r.get(1)?,
                min_key_version: r.get(2)?,
                env_role: parse_role(r.get::<_, Option<String>>(3)?.as_deref()),
                project_role: parse_role(r.get::<_, Option<String>>(4)?.as_deref()),
            })
        })
        .optional()?;
    access::env_access(caller, row, need, what)
}

/// A user's own role on a project (its row, not an environment's).
pub(super) fn project_role(conn: &Connection, user: Uuid, project: Uuid) -> Result<Option<Role>> {
    let role: Option<String> = conn
        .prepare_cached("SELECT role FROM members WHERE scope_id = ?1 AND user_id = ?2")?
        .query_row(params![project.to_string(), user.to_string()], |r| r.get(0))
        .optional()?;
    Ok(parse_role(role.as_deref()))
}

/// A user's role on an environment by membership alone (what the keys follow).
fn member_role(conn: &Connection, user: Uuid, env: Uuid, project: Uuid) -> Result<Option<Role>> {
    let role: Option<String> = conn
        .prepare_cached(&format!("SELECT {}", role_sql("?1", "?2", "?3")))?
        .query_row(
            params![env.to_string(), project.to_string(), user.to_string()],
            |r| r.get(0),
        )?;
    Ok(parse_role(role.as_deref()))
}

/// Grants `role` on a project or an environment, replacing any role there.
pub(super) fn set_member(
    tx: &Transaction<'_>,
    scope: Uuid,
    user: Uuid,
    role: Role,
    now: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO members (scope_id, user_id, role, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (scope_id, user_id) DO UPDATE SET role = excluded.role",
    )?
    .execute(params![
        scope.to_string(),
        user.to_string(),
        role.as_str(),
        now
    ])?;
    Ok(())
}

fn project_exists(conn: &Connection, project: Uuid) -> Result<()> {
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)")?
        .query_row([project.to_string()], |r| r.get(0))?;
    exists.then_some(()).ok_or(StoreError::NotFound("project"))
}

/// The environments of a project (`only` must be one of them).
fn project_env_ids(conn: &Connection, project: Uuid, only: Option<Uuid>) -> Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = conn
        .prepare_cached("SELECT id FROM envs WHERE project_id = ?1 ORDER BY name, id")?
        .query_map([project.to_string()], |r| uuid_col(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    match only {
        None => Ok(ids),
        Some(env) if ids.contains(&env) => Ok(vec![env]),
        Some(_) => Err(StoreError::NotFound("environment")),
    }
}

fn user_id(conn: &Connection, name: &str) -> Result<Uuid> {
    conn.prepare_cached("SELECT id FROM users WHERE name = ?1")?
        .query_row([name], |r| uuid_col(r, 0))
        .optional()?
        .ok_or(StoreError::NotFound("user"))
}

/// Requires the caller to administer the project, or `env` when the change is only there.
fn require_admin(
    tx: &Transaction<'_>,
    caller: &Caller,
    project: Uuid,
    env: Option<Uuid>,
    what: &str,
) -> Result<()> {
    project_exists(tx, project)?;
    match env {
        Some(env) => {
            project_env_ids(tx, project, Some(env))?;
            env_access(tx, caller, env, Role::Admin, what).map(drop)
        }
        None => {
            let role = project_role(tx, caller.user_id, project)?;
            access::require(caller, project, role, Role::Admin, what).map(drop)
        }
    }
}

/// Deletes every wrap addressed to `recipients` in `env` and raises its floor past the
/// newest key version they could read; `None` when they held no wrap there.
pub(super) fn revoke_wraps(
    tx: &Transaction<'_>,
    env: Uuid,
    recipients: &[String],
) -> Result<Option<PendingRotation>> {
    let newest: Option<u32> = tx
        .prepare_cached("SELECT MAX(key_version) FROM env_keys WHERE env_id = ?1")?
        .query_row([env.to_string()], |r| r.get(0))?;
    let mut deleted = 0;
    let mut delete =
        tx.prepare_cached("DELETE FROM env_keys WHERE env_id = ?1 AND recipient = ?2")?;
    for recipient in recipients {
        deleted += delete.execute(params![env.to_string(), recipient])?;
    }
    let Some(newest) = newest.filter(|_| deleted > 0) else {
        return Ok(None);
    };
    let floor: u32 = tx
        .prepare_cached(
            "UPDATE envs SET min_key_version = MAX(min_key_version, ?1) WHERE id = ?2
             RETURNING min_key_version",
        )?
        .query_row(params![newest + 1, env.to_string()], |r| r.get(0))?;
    Ok(Some(PendingRotation {
        env_id: env,
        min_key_version: floor,
    }))
}

/// Takes the keys of `envs` away from `user`'s devices where their role no longer reads.
fn drop_keys(
    tx: &Transaction<'_>,
    user: Uuid,
    project: Uuid,
    envs: &[Uuid],
) -> Result<AccessChange> {
    let recipients: Vec<String> = tx
        .prepare_cached("SELECT DISTINCT recipient FROM devices WHERE user_id = ?1")?
        .query_map([user.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rotate = Vec::new();
    for &env in envs {
        if member_role(tx, user, env, project)?.is_some_and(Role::holds_keys) {
            continue;
        }
        rotate.extend(revoke_wraps(tx, env, &recipients)?);
    }
    Ok(AccessChange { rotate })
}

/// The devices (all but revoked ones) of a user, oldest first.
fn live_devices(conn: &Connection, user: Uuid) -> Result<Vec<Device>> {
    let sql = format!(
        "SELECT {} FROM devices d JOIN users u ON u.id = d.user_id
         WHERE d.user_id = ?1 AND d.status <> 'revoked' ORDER BY d.created_at, d.id",
        super::accounts::DEVICE_COLS
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([user.to_string()], super::accounts::device_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Environments `member` may read where one of their approved devices lacks a wrap of the
/// newest key version.
fn waiting_for_keys(
    conn: &Connection,
    member: &Member,
    newest: &[(Uuid, Option<u32>)],
) -> Result<Vec<Uuid>> {
    let mut waiting = Vec::new();
    let mut has = conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM env_keys WHERE env_id = ?1 AND key_version = ?2 AND recipient = ?3)",
    )?;
    for &(env, newest) in newest {
        let Some(newest) = newest else { continue };
        let override_role = member.envs.iter().find(|e| e.env_id == env).map(|e| e.role);
        if !override_role.or(member.role).is_some_and(Role::holds_keys) {
            continue;
        }
        for d in member
            .devices
            .iter()
            .filter(|d| d.status == DeviceStatus::Approved)
        {
            if !has.query_row(params![env.to_string(), newest, d.recipient], |r| {
                r.get::<_, bool>(0)
            })? {
                waiting.push(env);
                break;
            }
        }
    }
    Ok(waiting)
}

impl SqliteStore {
    pub(super) async fn members(&self, caller: &Caller, project: Uuid) -> Result<Vec<Member>> {
        let caller = caller.clone();
        self.read(move |c| {
            project_exists(c, project)?;
            let p = project.to_string();
            let rows: Vec<(Uuid, String, Uuid, String)> = c
                .prepare_cached(
                    "SELECT m.user_id, u.name, m.scope_id, m.role FROM members m
                     JOIN users u ON u.id = m.user_id
                     WHERE m.scope_id = ?1 OR m.scope_id IN (SELECT id FROM envs WHERE project_id = ?1)
                     ORDER BY u.name, m.scope_id",
                )?
                .query_map([&p], |r| Ok((uuid_col(r, 0)?, r.get(1)?, uuid_col(r, 2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            if !caller.admin && !rows.iter().any(|r| r.0 == caller.user_id) {
                return Err(StoreError::forbidden(
                    Some(project),
                    "listing members needs a role in this project",
                ));
            }
            let newest: Vec<(Uuid, Option<u32>)> = c
                .prepare_cached(
                    "SELECT e.id, (SELECT MAX(key_version) FROM env_keys k WHERE k.env_id = e.id)
                     FROM envs e WHERE e.project_id = ?1",
                )?
                .query_map([&p], |r| Ok((uuid_col(r, 0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut members: BTreeMap<(String, Uuid), Member> = BTreeMap::new();
            for (user_id, user_name, scope, role) in rows {
                let Some(role) = Role::parse(&role) else { continue };
                let m = members.entry((user_name.clone(), user_id)).or_insert_with(|| Member {
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
                    m.envs.push(EnvRole { env_id: scope, role });
                }
            }
            let mut out = Vec::with_capacity(members.len());
            for (_, mut m) in members {
                m.devices = live_devices(c, m.user_id)?;
                m.waiting_for_keys = waiting_for_keys(c, &m, &newest)?;
                out.push(m);
            }
            Ok(out)
        })
        .await
    }

    pub(super) async fn put_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        put: &PutMember,
        mut audit: AuditEvent,
    ) -> Result<AccessChange> {
        let (caller, user_name, put) = (caller.clone(), user_name.to_string(), put.clone());
        self.write(move |tx| {
            require_admin(tx, &caller, project, put.env_id, "changing a member's role")?;
            let user = user_id(tx, &user_name)?;
            set_member(tx, put.env_id.unwrap_or(project), user, put.role, audit.at)?;
            let envs = project_env_ids(tx, project, put.env_id)?;
            let change = drop_keys(tx, user, project, &envs)?;
            audit.project = Some(project);
            audit.env = put.env_id;
            audit.target = Some(user_name);
            audit.names = vec![put.role.to_string()];
            append_audit(tx, &[audit])?;
            Ok(change)
        })
        .await
    }

    pub(super) async fn delete_member(
        &self,
        caller: &Caller,
        project: Uuid,
        user_name: &str,
        env: Option<Uuid>,
        mut audit: AuditEvent,
    ) -> Result<AccessChange> {
        let (caller, user_name) = (caller.clone(), user_name.to_string());
        self.write(move |tx| {
            require_admin(tx, &caller, project, env, "removing a member")?;
            let user = user_id(tx, &user_name)?;
            let deleted = match env {
                Some(env) => tx.execute(
                    "DELETE FROM members WHERE scope_id = ?1 AND user_id = ?2",
                    params![env.to_string(), user.to_string()],
                )?,
                None => tx.execute(
                    "DELETE FROM members WHERE user_id = ?2 AND (scope_id = ?1
                         OR scope_id IN (SELECT id FROM envs WHERE project_id = ?1))",
                    params![project.to_string(), user.to_string()],
                )?,
            };
            if deleted == 0 {
                return Err(StoreError::NotFound("member"));
            }
            let envs = project_env_ids(tx, project, env)?;
            let change = drop_keys(tx, user, project, &envs)?;
            audit.project = Some(project);
            audit.env = env;
            audit.target = Some(user_name);
            append_audit(tx, &[audit])?;
            Ok(change)
        })
        .await
    }

    pub(super) async fn recipients(&self, caller: &Caller, env: Uuid) -> Result<Vec<Recipient>> {
        let caller = caller.clone();
        self.read(move |c| {
            let access = env_access(c, &caller, env, Role::Reader, "listing recipients")?;
            let sql = format!(
                "SELECT u.id, u.name, d.id, d.name, d.recipient FROM devices d
                 JOIN users u ON u.id = d.user_id
                 WHERE d.status = 'approved' AND {} IN {KEY_ROLES_SQL}
                 ORDER BY u.name, d.name, d.id",
                role_sql("?1", "?2", "u.id")
            );
            let mut out: Vec<Recipient> = c
                .prepare_cached(&sql)?
                .query_map(params![env.to_string(), access.project.to_string()], |r| {
                    Ok(Recipient {
                        user_id: uuid_col(r, 0)?,
                        user_name: r.get(1)?,
                        device_id: uuid_col(r, 2)?,
                        device_name: r.get(3)?,
                        recipient: r.get(4)?,
                        key_versions: Vec::new(),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut versions = c.prepare_cached(
                "SELECT key_version FROM env_keys WHERE env_id = ?1 AND recipient = ?2
                 ORDER BY key_version",
            )?;
            for r in &mut out {
                r.key_versions = versions
                    .query_map(params![env.to_string(), r.recipient], |row| row.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
            }
            Ok(out)
        })
        .await
    }
}

/// Whether `recipient` is an approved device of a user who may read `env` of `project`.
pub(super) fn may_receive(
    tx: &Transaction<'_>,
    env: Uuid,
    project: Uuid,
    recipient: &str,
) -> Result<bool> {
    let sql = format!(
        "SELECT EXISTS(SELECT 1 FROM devices d WHERE d.recipient = ?3 AND d.status = 'approved'
             AND {} IN {KEY_ROLES_SQL})",
        role_sql("?1", "?2", "d.user_id")
    );
    Ok(tx.prepare_cached(&sql)?.query_row(
        params![env.to_string(), project.to_string(), recipient],
        |r| r.get(0),
    )?)
}

/// Whether the caller administers a project `user` is a member of (or the server).
pub(super) fn admin_over(conn: &Connection, caller: &Caller, user: Uuid) -> Result<bool> {
    if caller.admin {
        return Ok(true);
    }
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM members a JOIN members m ON m.user_id = ?2
                 AND (m.scope_id = a.scope_id
                      OR m.scope_id IN (SELECT id FROM envs WHERE project_id = a.scope_id))
             WHERE a.user_id = ?1 AND a.role = 'admin'
                 AND a.scope_id IN (SELECT id FROM projects))",
        )?
        .query_row(params![caller.user_id.to_string(), user.to_string()], |r| {
            r.get(0)
        })?)
}

/// Takes every key away from one device (revoked): its wraps, in every environment.
pub(super) fn drop_device_keys(tx: &Transaction<'_>, recipient: &str) -> Result<AccessChange> {
    let envs: Vec<Uuid> = tx
        .prepare_cached(
            "SELECT DISTINCT env_id FROM env_keys WHERE recipient = ?1 ORDER BY env_id",
        )?
        .query_map([recipient], |r| uuid_col(r, 0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rotate = Vec::new();
    for env in envs {
        rotate.extend(revoke_wraps(tx, env, &[recipient.to_string()])?);
    }
    Ok(AccessChange { rotate })
}
