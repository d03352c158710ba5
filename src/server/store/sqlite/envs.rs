//! Projects, environments and the env keys wrapped to devices.

use super::audit::append_audit;
use super::members::{env_access, may_receive, project_role, set_member};
use super::*;
use crate::server::store::access::{self, effective, parse_role};
use crate::wire::team::Role;

/// The environment row with the caller's wrapped keys and `role` there (access already
/// checked).
pub(super) fn read_env(c: &Connection, caller: &Caller, id: Uuid, role: Role) -> Result<RemoteEnv> {
    let mut env = c
        .prepare_cached(
            "SELECT project_id, name, parent_id, revision, min_key_version, serve_config
             FROM envs WHERE id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok(RemoteEnv {
                id,
                project_id: uuid_col(r, 0)?,
                name: r.get(1)?,
                parent_id: opt_uuid_col(r, 2)?,
                revision: r.get(3)?,
                keys: Vec::new(),
                role: Some(role),
                min_key_version: r.get(4)?,
                serve_config: r.get(5)?,
            })
        })
        .optional()?
        .ok_or(StoreError::NotFound("environment"))?;
    env.keys = c
        .prepare_cached(
            "SELECT key_version, recipient, wrapped FROM env_keys
             WHERE env_id = ?1 AND recipient = ?2 ORDER BY key_version",
        )?
        .query_map(params![id.to_string(), caller.recipient], |r| {
            Ok(WrappedKey {
                key_version: r.get(0)?,
                recipient: r.get(1)?,
                wrapped: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(env)
}

impl SqliteStore {
    pub(super) async fn projects(&self, caller: &Caller) -> Result<Vec<RemoteProject>> {
        let caller = caller.clone();
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT p.id, p.name FROM projects p
                 WHERE ?1 OR EXISTS(SELECT 1 FROM members m WHERE m.user_id = ?2 AND
                     (m.scope_id = p.id OR m.scope_id IN (SELECT id FROM envs WHERE project_id = p.id)))
                 ORDER BY p.name, p.id",
            )?;
            let rows = stmt.query_map(params![caller.admin, caller.user_id.to_string()], |r| {
                Ok(RemoteProject {
                    id: uuid_col(r, 0)?,
                    name: r.get(1)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub(super) async fn put_project(
        &self,
        caller: &Caller,
        id: Uuid,
        name: &str,
        now: i64,
    ) -> Result<RemoteProject> {
        let (caller, name) = (caller.clone(), name.to_string());
        self.write(move |tx| {
            let exists: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)", [id.to_string()], |r| r.get(0))?;
            if exists {
                // Every first push of an environment puts its project, so putting the name
                // it already has asks only for membership.
                let role = project_role(tx, caller.user_id, id)?;
                let same: bool = tx.query_row(
                    "SELECT name = ?1 FROM projects WHERE id = ?2",
                    params![name, id.to_string()],
                    |r| r.get(0),
                )?;
                let need = if same { Role::Viewer } else { Role::Admin };
                access::require(&caller, id, role, need, "renaming a project")?;
                tx.execute("UPDATE projects SET name = ?1 WHERE id = ?2", params![name, id.to_string()])?;
            } else {
                tx.execute(
                    "INSERT INTO projects (id, name, created_by, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![id.to_string(), name, caller.user_id.to_string(), now],
                )?;
                set_member(tx, id, caller.user_id, Role::Admin, now)?;
            }
            Ok(RemoteProject { id, name })
        })
        .await
    }

    pub(super) async fn put_env(
        &self,
        caller: &Caller,
        id: Uuid,
        env: &crate::wire::PutEnv,
        now: i64,
    ) -> Result<RemoteEnv> {
        let (caller, env) = (caller.clone(), env.clone());
        self.write(move |tx| {
            let project_exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)",
                [env.project_id.to_string()],
                |r| r.get(0),
            )?;
            if !project_exists {
                return Err(StoreError::NotFound("project"));
            }
            let existing: Option<String> = tx
                .query_row(
                    "SELECT project_id FROM envs WHERE id = ?1",
                    [id.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            match existing {
                Some(project) if parse_uuid(&project)? != env.project_id => {
                    return Err(StoreError::Invalid(
                        "this environment id belongs to another project".into(),
                    ));
                }
                Some(_) => {
                    env_access(
                        tx,
                        &caller,
                        id,
                        Role::Writer,
                        "renaming or re-parenting an environment",
                    )?;
                    tx.execute(
                        "UPDATE envs SET name = ?1, parent_id = ?2 WHERE id = ?3",
                        params![
                            env.name,
                            env.parent_id.map(|p| p.to_string()),
                            id.to_string()
                        ],
                    )?;
                }
                None => {
                    let role = project_role(tx, caller.user_id, env.project_id)?;
                    let role = access::require(
                        &caller,
                        env.project_id,
                        role,
                        Role::Writer,
                        "creating an environment",
                    )?;
                    tx.execute(
                        "INSERT INTO envs (id, project_id, name, parent_id, created_by, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            id.to_string(),
                            env.project_id.to_string(),
                            env.name,
                            env.parent_id.map(|p| p.to_string()),
                            caller.user_id.to_string(),
                            now
                        ],
                    )?;
                    // A writer administers the environments they create.
                    if role < Role::Admin {
                        set_member(tx, id, caller.user_id, Role::Admin, now)?;
                    }
                }
            }
            let access = env_access(tx, &caller, id, Role::Viewer, "reading an environment")?;
            read_env(tx, &caller, id, access.role)
        })
        .await
    }

    pub(super) async fn project_envs(
        &self,
        caller: &Caller,
        project: Uuid,
    ) -> Result<Vec<RemoteEnv>> {
        let caller = caller.clone();
        self.read(move |c| {
            let exists: bool = c
                .prepare_cached("SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)")?
                .query_row([project.to_string()], |r| r.get(0))?;
            if !exists {
                return Err(StoreError::NotFound("project"));
            }
            let project_role = project_role(c, caller.user_id, project)?;
            let rows: Vec<(Uuid, Option<String>)> = c
                .prepare_cached(
                    "SELECT e.id, (SELECT role FROM members m WHERE m.scope_id = e.id AND m.user_id = ?2)
                     FROM envs e WHERE e.project_id = ?1 ORDER BY e.name, e.id",
                )?
                .query_map(
                    params![project.to_string(), caller.user_id.to_string()],
                    |r| Ok((uuid_col(r, 0)?, r.get(1)?)),
                )?
                .collect::<rusqlite::Result<_>>()?;
            let mut envs = Vec::new();
            for (id, env_role) in rows {
                if let Some(role) = effective(caller.admin, parse_role(env_role.as_deref()), project_role) {
                    envs.push(read_env(c, &caller, id, role)?);
                }
            }
            if envs.is_empty() && project_role.is_none() && !caller.admin {
                return Err(StoreError::forbidden(
                    Some(project),
                    "this device's user has no role in this project",
                ));
            }
            Ok(envs)
        })
        .await
    }

    pub(super) async fn env(&self, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
        let caller = caller.clone();
        self.read(move |c| {
            let access = env_access(c, &caller, id, Role::Viewer, "reading an environment")?;
            read_env(c, &caller, id, access.role)
        })
        .await
    }

    pub(super) async fn put_env_key(
        &self,
        caller: &Caller,
        env: Uuid,
        key_version: u32,
        wraps: &[WrappedKey],
        mut audit: AuditEvent,
    ) -> Result<()> {
        let (caller, wraps) = (caller.clone(), wraps.to_vec());
        self.write(move |tx| {
            let access = env_access(tx, &caller, env, Role::Reader, "wrapping env keys")?;
            let exists: bool = tx
                .prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM env_keys WHERE env_id = ?1 AND key_version = ?2)",
                )?
                .query_row(params![env.to_string(), key_version], |r| r.get(0))?;
            if !exists && access.role < Role::Writer {
                return Err(StoreError::forbidden(
                    Some(access.project),
                    format!("starting key version {key_version} needs the writer role; a reader may only wrap key versions that exist"),
                ));
            }
            for (i, w) in wraps.iter().enumerate() {
                if !may_receive(tx, env, access.project, &w.recipient)? {
                    return Err(StoreError::forbidden(
                        Some(access.project),
                        format!("wraps[{i}] is not addressed to an approved device of a reader, writer or admin of this environment; grant a role (or approve the device) first"),
                    ));
                }
            }
            // A reader completes grants; only writers may replace a wrap that exists.
            let insert = if access.role >= Role::Writer {
                "INSERT INTO env_keys (env_id, key_version, recipient, wrapped, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (env_id, key_version, recipient) DO UPDATE SET wrapped = excluded.wrapped"
            } else {
                "INSERT INTO env_keys (env_id, key_version, recipient, wrapped, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (env_id, key_version, recipient) DO NOTHING"
            };
            for w in &wraps {
                tx.prepare_cached(insert)?.execute(params![
                    env.to_string(),
                    key_version,
                    w.recipient,
                    w.wrapped,
                    caller.user_id.to_string(),
                    audit.at
                ])?;
            }
            audit.project = Some(access.project);
            append_audit(tx, &[audit])
        })
        .await
    }
}
