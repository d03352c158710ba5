//! Service tokens on PostgreSQL (docs/tokens.md), the same operations as the SQLite file:
//! creation by an environment's admin, the list, revocation (the server's share and the
//! wraps go in its transaction, so every node refuses the next use) and a token's use, whose
//! row lock makes `--max-uses` exact across nodes. Decisions live in `store::tokens`.
//! It never stores a token or its own share, and never returns the share to a refused use.

use std::collections::HashMap;
use std::net::IpAddr;

use super::audit::append_audit;
use super::log::{ENTRY_COLS, entry_from_row};
use super::members::env_access;
use super::*;
use crate::server::store::tokens::{
    self, Granted, OidcCheck, Recorded, Refusal, Refused, UseCount, UseRow, list_from_db,
    list_to_db, oidc_from_db, oidc_to_db,
};
use crate::wire::team::Role;
use crate::wire::token::{
    CreateServiceToken, OidcBinding, ServiceTokenInfo, TokenEnvGrant, TokenEnvRef, TokenGrant,
    TokenScope, names_allow,
};

/// The token with this id, with its environments.
async fn info<C: GenericClient>(c: &C, id: &str) -> Result<ServiceTokenInfo> {
    let stmt = c
        .prepare_cached(
            "SELECT t.id, t.name, t.can_write, t.names, t.cidrs, t.max_uses, t.expires_at,
                 (SELECT name FROM users WHERE id = t.created_by), t.created_at, t.uses,
                 t.last_used_at, t.revoked_at, t.oidc_issuer, t.oidc_audience, t.oidc_subject
             FROM service_tokens t WHERE t.id = $1",
        )
        .await?;
    let r = c
        .query_opt(&stmt, &[&id])
        .await?
        .ok_or(StoreError::NotFound("service token"))?;
    let stmt = c
        .prepare_cached(
            "SELECT e.id, p.name, e.name FROM service_token_envs s
             JOIN envs e ON e.id = s.env_id JOIN projects p ON p.id = e.project_id
             WHERE s.token_id = $1 ORDER BY p.name, e.name",
        )
        .await?;
    let envs = c
        .query(&stmt, &[&id])
        .await?
        .iter()
        .map(|e| TokenEnvRef {
            env_id: e.get(0),
            project: e.get(1),
            env: e.get(2),
        })
        .collect();
    Ok(ServiceTokenInfo {
        id: r.get(0),
        name: r.get(1),
        envs,
        scope: TokenScope {
            write: r.get(2),
            names: list_from_db(r.get(3))?,
            cidrs: list_from_db(r.get(4))?,
            max_uses: r.get::<_, Option<i64>>(5).map(|n| n as u64),
            expires_at: r.get(6),
            oidc: oidc_from_db([r.get(12), r.get(13), r.get(14)])?,
        },
        created_by: r.get::<_, Option<String>>(7).unwrap_or_default(),
        created_at: r.get(8),
        uses: r.get::<_, i64>(9) as u64,
        last_used_at: r.get(10),
        revoked_at: r.get(11),
    })
}

/// Whether the caller administers at least one of the token's environments; a project of
/// its environments, for the audit.
async fn administers<C: GenericClient>(
    c: &C,
    caller: &Caller,
    info: &ServiceTokenInfo,
) -> Result<(bool, Option<Uuid>)> {
    let mut project = None;
    for env in &info.envs {
        match env_access(
            c,
            caller,
            env.env_id,
            false,
            Role::Admin,
            "managing a service token",
        )
        .await
        {
            Ok(a) => return Ok((true, Some(a.project))),
            Err(StoreError::Forbidden { project: p, .. }) => project = project.or(p),
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok((false, project))
}

async fn insert_token<C: GenericClient>(
    c: &C,
    caller: &Caller,
    req: &CreateServiceToken,
    now: i64,
) -> Result<()> {
    let live: bool = c
        .query_one(
            "SELECT EXISTS(SELECT 1 FROM service_tokens WHERE name = $1 AND revoked_at IS NULL)",
            &[&req.name],
        )
        .await?
        .get(0);
    if live {
        return Err(StoreError::Invalid(format!(
            "a service token called {:?} exists; revoke it first or pick another name",
            req.name
        )));
    }
    let oidc = oidc_to_db(req.scope.oidc.as_ref());
    c.execute(
        "INSERT INTO service_tokens (id, name, recipient, verifier, share, can_write, names, cidrs,
             max_uses, expires_at, created_by, created_at, oidc_issuer, oidc_audience,
             oidc_subject)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        &[
            &req.id,
            &req.name,
            &req.recipient,
            &req.verifier,
            &req.share,
            &req.scope.write,
            &list_to_db(&req.scope.names),
            &list_to_db(&req.scope.cidrs),
            &req.scope.max_uses.map(|n| n as i64),
            &req.scope.expires_at,
            &caller.user_id,
            &now,
            &oidc[0],
            &oidc[1],
            &oidc[2],
        ],
    )
    .await?;
    for env in &req.envs {
        c.execute(
            "INSERT INTO service_token_envs (token_id, env_id) VALUES ($1, $2)",
            &[&req.id, &env.env_id],
        )
        .await?;
        for w in &env.wraps {
            c.execute(
                "INSERT INTO service_token_keys (token_id, env_id, key_version, wrapped)
                 VALUES ($1, $2, $3, $4)",
                &[&req.id, &env.env_id, &i64::from(w.key_version), &w.wrapped],
            )
            .await?;
        }
    }
    Ok(())
}

/// The token's row and the server's share; with `lock`, locked until the use's
/// transaction ends (a token with `--max-uses` is counted exactly across nodes).
pub(super) async fn use_row<C: GenericClient>(
    c: &C,
    id: &str,
    lock: bool,
) -> Result<Option<(UseRow, Option<Vec<u8>>)>> {
    const COLS: &str = "SELECT name, verifier, can_write, names, cidrs, max_uses, expires_at,
        uses, revoked_at, share, oidc_issuer, oidc_audience, oidc_subject
        FROM service_tokens WHERE id = $1";
    let stmt = match lock {
        true => c.prepare_cached(&format!("{COLS} FOR UPDATE")).await?,
        false => c.prepare_cached(COLS).await?,
    };
    let Some(r) = c.query_opt(&stmt, &[&id]).await? else {
        return Ok(None);
    };
    Ok(Some((
        UseRow {
            name: r.get(0),
            verifier: r.get(1),
            scope: TokenScope {
                write: r.get(2),
                names: list_from_db(r.get(3))?,
                cidrs: list_from_db(r.get(4))?,
                max_uses: r.get::<_, Option<i64>>(5).map(|n| n as u64),
                expires_at: r.get(6),
                oidc: oidc_from_db([r.get(10), r.get(11), r.get(12)])?,
            },
            uses: r.get::<_, i64>(7) as u64,
            revoked_at: r.get(8),
        },
        r.get(9),
    )))
}

/// Every environment of token `id` with what it holds for the token: its row, the wraps
/// of its key versions and the newest version of each live item. The three statements go
/// out together (tokio-postgres pipelines them on the connection) and, with the token's row,
/// make a use one round trip. Each is guarded by the presented verifier, so a request with
/// a wrong secret makes the server read no items.
struct EnvReads {
    envs: Vec<Row>,
    keys: Vec<Row>,
    items: Vec<Row>,
}

async fn env_reads<C: GenericClient>(c: &C, id: &str, presented: &[u8; 32]) -> Result<EnvReads> {
    const GUARD: &str = "FROM service_token_envs s JOIN service_tokens t
        ON t.id = s.token_id AND t.verifier = $2 AND t.revoked_at IS NULL";
    let envs = format!(
        "SELECT s.env_id, e.project_id, p.name, e.name, e.revision, e.parent_id {GUARD}
         JOIN envs e ON e.id = s.env_id JOIN projects p ON p.id = e.project_id
         WHERE s.token_id = $1 ORDER BY s.env_id"
    );
    let keys = format!(
        "SELECT k.env_id, k.key_version, t.recipient, k.wrapped {GUARD}
         JOIN service_token_keys k ON k.token_id = s.token_id AND k.env_id = s.env_id
         WHERE s.token_id = $1 ORDER BY k.env_id, k.key_version"
    );
    let items = format!(
        "SELECT s.env_id, {ENTRY_COLS} {GUARD}
         JOIN items i ON i.env_id = s.env_id AND NOT i.deleted
         JOIN entries e ON e.env_id = i.env_id AND e.seq = i.latest_seq
         WHERE s.token_id = $1 ORDER BY s.env_id, i.name"
    );
    let (envs, keys, items) = tokio::try_join!(
        c.prepare_cached(&envs),
        c.prepare_cached(&keys),
        c.prepare_cached(&items),
    )?;
    let presented = presented.as_slice();
    let params: [&(dyn ToSql + Sync); 2] = [&id, &presented];
    let (envs, keys, items) = tokio::try_join!(
        c.query(&envs, &params),
        c.query(&keys, &params),
        c.query(&items, &params),
    )?;
    Ok(EnvReads { envs, keys, items })
}

/// The grant of each environment from its reads, items filtered by the token's globs;
/// ancestors (one more round trip each) only for an environment with a parent.
async fn env_grants<C: GenericClient>(
    c: &C,
    token: &str,
    reads: EnvReads,
    globs: &[String],
) -> Result<Vec<TokenEnvGrant>> {
    let mut keys: HashMap<Uuid, Vec<WrappedKey>> = HashMap::new();
    for k in &reads.keys {
        keys.entry(k.get(0)).or_default().push(WrappedKey {
            key_version: k.get::<_, i64>(1) as u32,
            recipient: k.get(2),
            wrapped: k.get(3),
        });
    }
    let mut items: HashMap<Uuid, Vec<ItemVersion>> = HashMap::new();
    for row in &reads.items {
        if let Change::Version(v) = entry_from_row(row, 1).change
            && names_allow(globs, &v.name)
        {
            items.entry(row.get(0)).or_default().push(v);
        }
    }
    let mut grants = Vec::with_capacity(reads.envs.len());
    for r in &reads.envs {
        let env: Uuid = r.get(0);
        let parents = match r.get::<_, Option<Uuid>>(5) {
            Some(_) => super::token_keys::parent_grants(c, token, env, globs).await?,
            None => Vec::new(),
        };
        grants.push(TokenEnvGrant {
            env_id: env,
            project_id: r.get(1),
            project: r.get(2),
            env: r.get(3),
            revision: r.get(4),
            keys: keys.remove(&env).unwrap_or_default(),
            items: items.remove(&env).unwrap_or_default(),
            parents,
        });
    }
    Ok(grants)
}

/// The wraps token `token` holds of `env`'s key versions, oldest first.
pub(super) async fn token_env_keys<C: GenericClient>(
    c: &C,
    token: &str,
    env: Uuid,
) -> Result<Vec<WrappedKey>> {
    let stmt = c
        .prepare_cached(
            "SELECT k.key_version, t.recipient, k.wrapped FROM service_token_keys k
             JOIN service_tokens t ON t.id = k.token_id
             WHERE k.token_id = $1 AND k.env_id = $2 ORDER BY k.key_version",
        )
        .await?;
    Ok(c.query(&stmt, &[&token, &env])
        .await?
        .iter()
        .map(|k| WrappedKey {
            key_version: k.get::<_, i64>(0) as u32,
            recipient: k.get(1),
            wrapped: k.get(2),
        })
        .collect())
}

/// The newest version of every live item of `env` whose name the token's globs match:
/// the server sends a token nothing else (`--names`).
pub(super) async fn served_items<C: GenericClient>(
    c: &C,
    env: Uuid,
    globs: &[String],
) -> Result<Vec<ItemVersion>> {
    let stmt = c
        .prepare_cached(&format!(
            "SELECT {ENTRY_COLS} FROM items i JOIN entries e
                 ON e.env_id = i.env_id AND e.seq = i.latest_seq
             WHERE i.env_id = $1 AND NOT i.deleted ORDER BY i.name"
        ))
        .await?;
    Ok(c.query(&stmt, &[&env])
        .await?
        .iter()
        .filter_map(|row| match entry_from_row(row, 0).change {
            Change::Version(v) if names_allow(globs, &v.name) => Some(v),
            _ => None,
        })
        .collect())
}

/// What a use that passed its checks receives, with its audit entries (one per env);
/// counts nothing, writes nothing.
async fn gather<C: GenericClient>(
    c: &C,
    (id, row, share): (&str, UseRow, Vec<u8>),
    reads: EnvReads,
    audit: &AuditEvent,
) -> Result<(TokenGrant, Vec<AuditEvent>)> {
    let envs = env_grants(c, id, reads, &row.scope.names).await?;
    let events = envs
        .iter()
        .map(|g| tokens::use_event(&row.name, g, audit))
        .collect();
    let grant = TokenGrant {
        token_id: id.to_string(),
        name: row.name,
        share,
        write: row.scope.write,
        envs,
    };
    Ok((grant, events))
}

/// The checked row and its share, or why the use is refused.
fn checked(
    found: Option<(UseRow, Option<Vec<u8>>)>,
    presented: &[u8; 32],
    (client, oidc): (IpAddr, &OidcCheck),
    at: i64,
) -> std::result::Result<(UseRow, Vec<u8>), Refused> {
    tokens::check_use(found.as_ref().map(|(r, _)| r), presented, client, oidc, at)?;
    match found.expect("checked") {
        (row, Some(share)) => Ok((row, share)),
        // A live token without its share cannot be: refuse rather than answer.
        (row, None) => Err(Refused {
            name: Some(row.name),
            why: Refusal::Revoked(0),
        }),
    }
}

impl PgStore {
    pub(super) async fn create_service_token(
        &self,
        caller: &Caller,
        req: &CreateServiceToken,
        now: i64,
        audit: AuditEvent,
    ) -> Result<ServiceTokenInfo> {
        tokens::check_create(req)?;
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let mut project = None;
        for env in &req.envs {
            let a = env_access(
                &tx,
                caller,
                env.env_id,
                false,
                Role::Admin,
                "creating a service token",
            )
            .await?;
            project = project.or(Some(a.project));
        }
        insert_token(&tx, caller, req, now).await?;
        super::token_keys::insert_inherited(&tx, caller, req).await?;
        let event = AuditEvent {
            project,
            target: Some(format!("token {}", req.name)),
            ..audit
        };
        append_audit(&tx, &[event]).await?;
        let out = info(&tx, &req.id).await?;
        tx.commit().await?;
        Ok(out)
    }

    pub(super) async fn service_tokens(&self, caller: &Caller) -> Result<Vec<ServiceTokenInfo>> {
        let client = self.pool.get().await?;
        let ids: Vec<String> = client
            .query(
                "SELECT id FROM service_tokens ORDER BY name, created_at",
                &[],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut out = Vec::new();
        for id in ids {
            let t = info(&client, &id).await?;
            if caller.admin || administers(&client, caller, &t).await?.0 {
                out.push(t);
            }
        }
        Ok(out)
    }

    pub(super) async fn revoke_service_token(
        &self,
        caller: &Caller,
        name: &str,
        now: i64,
        audit: AuditEvent,
    ) -> Result<ServiceTokenInfo> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let id: String = tx
            .query_opt(
                "SELECT id FROM service_tokens WHERE name = $1 AND revoked_at IS NULL FOR UPDATE",
                &[&name],
            )
            .await?
            .ok_or(StoreError::NotFound("live service token"))?
            .get(0);
        let t = info(&tx, &id).await?;
        let (may, project) = administers(&tx, caller, &t).await?;
        if !may && !caller.admin {
            return Err(StoreError::forbidden(
                project,
                "revoking a service token needs the admin role on one of its environments",
            ));
        }
        tx.execute(
            "UPDATE service_tokens SET revoked_at = $2, share = NULL WHERE id = $1",
            &[&id, &now],
        )
        .await?;
        tx.execute("DELETE FROM service_token_keys WHERE token_id = $1", &[&id])
            .await?;
        // Wakes the token's feed watchers on every node, so they are refused now rather
        // than at the end of their long-poll (the revision in the payload is not used).
        for env in &t.envs {
            super::feed::notify(&tx, env.env_id, 0).await?;
        }
        let event = AuditEvent {
            project,
            target: Some(format!("token {name}")),
            ..audit
        };
        append_audit(&tx, &[event]).await?;
        let out = info(&tx, &id).await?;
        tx.commit().await?;
        Ok(out)
    }

    pub(super) async fn use_service_token(
        &self,
        id: &str,
        presented: [u8; 32],
        client_ip: IpAddr,
        oidc: OidcCheck,
        audit: AuditEvent,
    ) -> Result<std::result::Result<Granted, Refused>> {
        let mut client = self.pool.get().await?;
        let (found, reads) = tokio::try_join!(
            use_row(&client, id, false),
            env_reads(&client, id, &presented)
        )?;
        if found
            .as_ref()
            .is_none_or(|(r, _)| r.scope.max_uses.is_none())
        {
            // No limit to keep exact: a read, with the audit and count left to the caller.
            let (row, share) = match checked(found, &presented, (client_ip, &oidc), audit.at) {
                Ok(passed) => passed,
                Err(refused) => return Ok(Err(refused)),
            };
            let (grant, events) = gather(&client, (id, row, share), reads, &audit).await?;
            return Ok(Ok(Granted {
                grant,
                recorded: Recorded::Pending(events),
            }));
        }
        let tx = client.transaction().await?;
        let found = use_row(&tx, id, true).await?;
        let (row, share) = match checked(found, &presented, (client_ip, &oidc), audit.at) {
            Ok(passed) => passed,
            Err(refused) => return Ok(Err(refused)),
        };
        let reads = env_reads(&tx, id, &presented).await?;
        let (grant, events) = gather(&tx, (id, row, share), reads, &audit).await?;
        tx.execute(
            "UPDATE service_tokens SET uses = uses + 1,
                 last_used_at = greatest(coalesce(last_used_at, 0), $2)
             WHERE id = $1",
            &[&id, &audit.at],
        )
        .await?;
        append_audit(&tx, &events).await?;
        tx.commit().await?;
        Ok(Ok(Granted {
            grant,
            recorded: Recorded::Already,
        }))
    }

    pub(super) async fn count_token_uses(&self, uses: Vec<UseCount>) -> Result<()> {
        let client = self.pool.get().await?;
        let (mut ids, mut counts, mut ats) = (Vec::new(), Vec::new(), Vec::new());
        for u in uses {
            ids.push(u.token_id);
            counts.push(u.uses as i64);
            ats.push(u.last_used_at);
        }
        // One statement for the whole batch.
        client
            .execute(
                "UPDATE service_tokens t SET uses = t.uses + u.n,
                     last_used_at = greatest(coalesce(t.last_used_at, 0), u.at)
                 FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(id, n, at)
                 WHERE t.id = u.id",
                &[&ids, &counts, &ats],
            )
            .await?;
        Ok(())
    }

    pub(super) async fn service_token_oidc(&self, id: &str) -> Result<Option<OidcBinding>> {
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT oidc_issuer, oidc_audience, oidc_subject FROM service_tokens
                 WHERE id = $1",
            )
            .await?;
        match client.query_opt(&stmt, &[&id]).await? {
            Some(r) => oidc_from_db([r.get(0), r.get(1), r.get(2)]),
            None => Ok(None),
        }
    }
}
