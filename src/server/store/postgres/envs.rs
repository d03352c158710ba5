//! Projects, environments and the env keys wrapped to devices.

use super::audit::append_audit;
use super::members::{env_access, may_receive, project_role, set_member};
use super::*;
use crate::server::store::access::{self, effective, parse_role};
use crate::wire::team::Role;

/// Holds a transaction-scoped lock on `id`, so two nodes creating the same project or
/// environment take turns.
pub(super) async fn lock_id<C: GenericClient>(c: &C, id: Uuid) -> Result<()> {
    c.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1::uuid::text, 0))",
        &[&id],
    )
    .await?;
    Ok(())
}

/// The environment row with the caller's wrapped keys and `role` there (access already
/// checked).
pub(super) async fn read_env<C: GenericClient>(
    c: &C,
    caller: &Caller,
    id: Uuid,
    role: Role,
) -> Result<RemoteEnv> {
    let stmt = c
        .prepare_cached(
            "SELECT project_id, name, parent_id, revision, min_key_version, serve_config
             FROM envs WHERE id = $1",
        )
        .await?;
    let r = c
        .query_opt(&stmt, &[&id])
        .await?
        .ok_or(StoreError::NotFound("environment"))?;
    let keys = c
        .prepare_cached(
            "SELECT key_version, recipient, wrapped FROM env_keys
             WHERE env_id = $1 AND recipient = $2 ORDER BY key_version",
        )
        .await?;
    let keys = c
        .query(&keys, &[&id, &caller.recipient])
        .await?
        .iter()
        .map(|k| WrappedKey {
            key_version: k.get::<_, i64>(0) as u32,
            recipient: k.get(1),
            wrapped: k.get(2),
        })
        .collect();
    Ok(RemoteEnv {
        id,
        project_id: r.get(0),
        name: r.get(1),
        parent_id: r.get(2),
        revision: r.get(3),
        keys,
        role: Some(role),
        min_key_version: r.get::<_, i64>(4) as u32,
        serve_config: r.get(5),
    })
}

impl PgStore {
    pub(super) async fn projects(&self, caller: &Caller) -> Result<Vec<RemoteProject>> {
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT p.id, p.name FROM projects p
                 WHERE $1 OR EXISTS(SELECT 1 FROM members m WHERE m.user_id = $2 AND
                     (m.scope_id = p.id OR m.scope_id IN (SELECT id FROM envs WHERE project_id = p.id)))
                 ORDER BY p.name, p.id",
            )
            .await?;
        Ok(client
            .query(&stmt, &[&caller.admin, &caller.user_id])
            .await?
            .iter()
            .map(|r| RemoteProject {
                id: r.get(0),
                name: r.get(1),
            })
            .collect())
    }

    pub(super) async fn put_project(
        &self,
        caller: &Caller,
        id: Uuid,
        name: &str,
        now: i64,
    ) -> Result<RemoteProject> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Serializes two creators of the same id: the loser sees the row and renames.
        lock_id(&tx, id).await?;
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = $1)",
                &[&id],
            )
            .await?
            .get(0);
        if exists {
            // Every first push of an environment puts its project, so putting the name it
            // already has asks only for membership.
            let role = project_role(&tx, caller.user_id, id).await?;
            let same: bool = tx
                .query_one(
                    "SELECT name = $1 FROM projects WHERE id = $2",
                    &[&name, &id],
                )
                .await?
                .get(0);
            let need = if same { Role::Viewer } else { Role::Admin };
            access::require(caller, id, role, need, "renaming a project")?;
            tx.execute("UPDATE projects SET name = $1 WHERE id = $2", &[&name, &id])
                .await?;
        } else {
            tx.execute(
                "INSERT INTO projects (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)",
                &[&id, &name, &caller.user_id, &now],
            )
            .await?;
            set_member(&tx, id, caller.user_id, Role::Admin, now).await?;
        }
        tx.commit().await?;
        Ok(RemoteProject {
            id,
            name: name.to_string(),
        })
    }

    pub(super) async fn put_env(
        &self,
        caller: &Caller,
        id: Uuid,
        env: &crate::wire::PutEnv,
        now: i64,
    ) -> Result<RemoteEnv> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        lock_id(&tx, id).await?;
        let project_exists: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = $1)",
                &[&env.project_id],
            )
            .await?
            .get(0);
        if !project_exists {
            return Err(StoreError::NotFound("project"));
        }
        let existing: Option<Uuid> = tx
            .query_opt("SELECT project_id FROM envs WHERE id = $1", &[&id])
            .await?
            .map(|r| r.get(0));
        match existing {
            Some(project) if project != env.project_id => {
                return Err(StoreError::Invalid(
                    "this environment id belongs to another project".into(),
                ));
            }
            Some(_) => {
                env_access(
                    &tx,
                    caller,
                    id,
                    true,
                    Role::Writer,
                    "renaming or re-parenting an environment",
                )
                .await?;
                tx.execute(
                    "UPDATE envs SET name = $1, parent_id = $2 WHERE id = $3",
                    &[&env.name, &env.parent_id, &id],
                )
                .await?;
            }
            None => {
                let role = project_role(&tx, caller.user_id, env.project_id).await?;
                let role = access::require(
                    caller,
                    env.project_id,
                    role,
                    Role::Writer,
                    "creating an environment",
                )?;
                tx.execute(
                    "INSERT INTO envs (id, project_id, name, parent_id, created_by, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        &id,
                        &env.project_id,
                        &env.name,
                        &env.parent_id,
                        &caller.user_id,
                        &now,
                    ],
                )
                .await?;
                // A writer administers the environments they create.
                if role < Role::Admin {
                    set_member(&tx, id, caller.user_id, Role::Admin, now).await?;
                }
            }
        }
        let access = env_access(
            &tx,
            caller,
            id,
            false,
            Role::Viewer,
            "reading an environment",
        )
        .await?;
        let out = read_env(&tx, caller, id, access.role).await?;
        tx.commit().await?;
        Ok(out)
    }

    pub(super) async fn project_envs(
        &self,
        caller: &Caller,
        project: Uuid,
    ) -> Result<Vec<RemoteEnv>> {
        let client = self.pool.get().await?;
        let exists: bool = client
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM projects WHERE id = $1)",
                &[&project],
            )
            .await?
            .get(0);
        if !exists {
            return Err(StoreError::NotFound("project"));
        }
        let project_role = project_role(&client, caller.user_id, project).await?;
        let rows: Vec<(Uuid, Option<String>)> = client
            .query(
                "SELECT e.id, (SELECT role FROM members m WHERE m.scope_id = e.id AND m.user_id = $2)
                 FROM envs e WHERE e.project_id = $1 ORDER BY e.name, e.id",
                &[&project, &caller.user_id],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let mut envs = Vec::new();
        for (id, env_role) in rows {
            if let Some(role) =
                effective(caller.admin, parse_role(env_role.as_deref()), project_role)
            {
                envs.push(read_env(&client, caller, id, role).await?);
            }
        }
        if envs.is_empty() && project_role.is_none() && !caller.admin {
            return Err(StoreError::forbidden(
                Some(project),
                "this device's user has no role in this project",
            ));
        }
        Ok(envs)
    }

    pub(super) async fn env(&self, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
        let client = self.pool.get().await?;
        let access = env_access(
            &client,
            caller,
            id,
            false,
            Role::Viewer,
            "reading an environment",
        )
        .await?;
        read_env(&client, caller, id, access.role).await
    }

    pub(super) async fn put_env_key(
        &self,
        caller: &Caller,
        env: Uuid,
        key_version: u32,
        wraps: &[WrappedKey],
        mut audit: AuditEvent,
    ) -> Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let access = env_access(&tx, caller, env, true, Role::Reader, "wrapping env keys").await?;
        let version = i64::from(key_version);
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM env_keys WHERE env_id = $1 AND key_version = $2)",
                &[&env, &version],
            )
            .await?
            .get(0);
        if !exists && access.role < Role::Writer {
            return Err(StoreError::forbidden(
                Some(access.project),
                format!(
                    "starting key version {key_version} needs the writer role; a reader may only wrap key versions that exist"
                ),
            ));
        }
        for (i, w) in wraps.iter().enumerate() {
            if !may_receive(&tx, env, access.project, &w.recipient).await? {
                return Err(StoreError::forbidden(
                    Some(access.project),
                    format!(
                        "wraps[{i}] is not addressed to an approved device of a reader, writer or admin of this environment; grant a role (or approve the device) first"
                    ),
                ));
            }
        }
        // A reader completes grants; only writers may replace a wrap that exists.
        let insert = if access.role >= Role::Writer {
            "INSERT INTO env_keys (env_id, key_version, recipient, wrapped, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (env_id, key_version, recipient) DO UPDATE SET wrapped = excluded.wrapped"
        } else {
            "INSERT INTO env_keys (env_id, key_version, recipient, wrapped, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (env_id, key_version, recipient) DO NOTHING"
        };
        for w in wraps {
            tx.execute(
                insert,
                &[
                    &env,
                    &version,
                    &w.recipient,
                    &w.wrapped,
                    &caller.user_id,
                    &audit.at,
                ],
            )
            .await?;
        }
        audit.project = Some(access.project);
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(())
    }
}
