//! Projects, environments and the env keys wrapped to devices.

use super::audit::append_audit;
use super::members::add_member;
use super::members::env_access;
use super::members::project_member;
use super::*;

/// Appends events to the chain inside a transaction, holding the head's row lock; returns
/// the new head.
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

pub(super) async fn read_env<C: GenericClient>(
    c: &C,
    caller: &Caller,
    id: Uuid,
) -> Result<RemoteEnv> {
    let stmt = c
        .prepare_cached("SELECT project_id, name, parent_id, revision FROM envs WHERE id = $1")
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
        role: None,
        min_key_version: 0,
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
            if !project_member(&tx, caller, id).await? {
                return Err(StoreError::Forbidden { project: Some(id) });
            }
            tx.execute("UPDATE projects SET name = $1 WHERE id = $2", &[&name, &id])
                .await?;
        } else {
            tx.execute(
                "INSERT INTO projects (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)",
                &[&id, &name, &caller.user_id, &now],
            )
            .await?;
            add_member(&tx, id, caller.user_id, "owner", now).await?;
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
                env_access(&tx, caller, id, true).await?;
                tx.execute(
                    "UPDATE envs SET name = $1, parent_id = $2 WHERE id = $3",
                    &[&env.name, &env.parent_id, &id],
                )
                .await?;
            }
            None => {
                if !project_member(&tx, caller, env.project_id).await? {
                    return Err(StoreError::Forbidden {
                        project: Some(env.project_id),
                    });
                }
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
                add_member(&tx, id, caller.user_id, "owner", now).await?;
            }
        }
        let out = read_env(&tx, caller, id).await?;
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
        let owner = project_member(&client, caller, project).await?;
        let ids: Vec<Uuid> = client
            .query(
                "SELECT e.id FROM envs e WHERE e.project_id = $1 AND ($2 OR EXISTS(
                     SELECT 1 FROM members m WHERE m.scope_id = e.id AND m.user_id = $3))
                 ORDER BY e.name, e.id",
                &[&project, &owner, &caller.user_id],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if ids.is_empty() && !owner {
            return Err(StoreError::Forbidden {
                project: Some(project),
            });
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(read_env(&client, caller, id).await?);
        }
        Ok(out)
    }

    pub(super) async fn env(&self, caller: &Caller, id: Uuid) -> Result<RemoteEnv> {
        let client = self.pool.get().await?;
        env_access(&client, caller, id, false).await?;
        read_env(&client, caller, id).await
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
        let (project, _) = env_access(&tx, caller, env, true).await?;
        let now = audit.at;
        let version = i64::from(key_version);
        for w in wraps {
            tx.execute(
                "INSERT INTO env_keys (env_id, key_version, recipient, wrapped, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (env_id, key_version, recipient) DO UPDATE SET wrapped = excluded.wrapped",
                &[&env, &version, &w.recipient, &w.wrapped, &caller.user_id, &now],
            )
            .await?;
            let users: Vec<Uuid> = tx
                .query(
                    "SELECT DISTINCT user_id FROM devices WHERE recipient = $1",
                    &[&w.recipient],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            for user in users {
                add_member(&tx, env, user, "member", now).await?;
            }
        }
        audit.project = Some(project);
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(())
    }
}
