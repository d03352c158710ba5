//! Projects, environments and the env keys wrapped to devices.

use super::audit::append_audit;
use super::members::add_member;
use super::members::env_access;
use super::members::project_member;
use super::*;

/// The environment row with the caller's wrapped keys (access already checked).
pub(super) fn read_env(c: &Connection, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
    let mut env = c
        .prepare_cached("SELECT project_id, name, parent_id, revision FROM envs WHERE id = ?1")?
        .query_row([id.to_string()], |r| {
            Ok(RemoteEnv {
                id,
                project_id: uuid_col(r, 0)?,
                name: r.get(1)?,
                parent_id: opt_uuid_col(r, 2)?,
                revision: r.get(3)?,
                keys: Vec::new(),
                role: None,
                min_key_version: 0,
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
                if !project_member(tx, &caller, id)? {
                    return Err(StoreError::Forbidden { project: Some(id) });
                }
                tx.execute("UPDATE projects SET name = ?1 WHERE id = ?2", params![name, id.to_string()])?;
            } else {
                tx.execute(
                    "INSERT INTO projects (id, name, created_by, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![id.to_string(), name, caller.user_id.to_string(), now],
                )?;
                add_member(tx, id, caller.user_id, "owner", now)?;
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
                    env_access(tx, &caller, id)?;
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
                    if !project_member(tx, &caller, env.project_id)? {
                        return Err(StoreError::Forbidden {
                            project: Some(env.project_id),
                        });
                    }
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
                    add_member(tx, id, caller.user_id, "owner", now)?;
                }
            }
            read_env(tx, &caller, id)
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
            let owner = project_member(c, &caller, project)?;
            let ids: Vec<String> = c
                .prepare_cached(
                    "SELECT e.id FROM envs e WHERE e.project_id = ?1 AND (?2 OR EXISTS(
                         SELECT 1 FROM members m WHERE m.scope_id = e.id AND m.user_id = ?3))
                     ORDER BY e.name, e.id",
                )?
                .query_map(
                    params![project.to_string(), owner, caller.user_id.to_string()],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            if ids.is_empty() && !owner {
                return Err(StoreError::Forbidden {
                    project: Some(project),
                });
            }
            ids.iter()
                .map(|id| read_env(c, &caller, parse_uuid(id)?))
                .collect()
        })
        .await
    }

    pub(super) async fn env(&self, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
        let caller = caller.clone();
        self.read(move |c| {
            env_access(c, &caller, id)?;
            read_env(c, &caller, id)
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
            let (project, _) = env_access(tx, &caller, env)?;
            let now = audit.at;
            for w in &wraps {
                tx.prepare_cached(
                    "INSERT INTO env_keys (env_id, key_version, recipient, wrapped, created_by, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (env_id, key_version, recipient) DO UPDATE SET wrapped = excluded.wrapped",
                )?
                .execute(params![env.to_string(), key_version, w.recipient, w.wrapped, caller.user_id.to_string(), now])?;
                let users: Vec<String> = tx
                    .prepare_cached("SELECT DISTINCT user_id FROM devices WHERE recipient = ?1")?
                    .query_map([&w.recipient], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for user in users {
                    add_member(tx, env, parse_uuid(&user)?, "member", now)?;
                }
            }
            audit.project = Some(project);
            append_audit(tx, &[audit])
        })
        .await
    }
}
