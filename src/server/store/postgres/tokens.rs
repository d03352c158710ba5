//! Service tokens on PostgreSQL (docs/tokens.md), the same operations as the SQLite file:
//! creation by an environment's admin, the list, revocation (the server's share and the
//! wraps go in its transaction, so every node refuses the next use) and a token's use, whose
//! row lock makes `--max-uses` exact across nodes. Decisions live in `store::tokens`.
//! It never stores a token or its own share, and never returns the share to a refused use.

use std::net::IpAddr;

use super::audit::append_audit;
use super::log::{ENTRY_COLS, entry_from_row};
use super::members::env_access;
use super::*;
use crate::server::store::served::ServedItems;
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
    let cols = format!("SELECT {USE_COLS} FROM service_tokens t WHERE t.id = $1");
    let stmt = match lock {
        true => c.prepare_cached(&format!("{cols} FOR UPDATE")).await?,
        false => c.prepare_cached(&cols).await?,
    };
    match c.query_opt(&stmt, &[&id]).await? {
        Some(r) => Ok(Some(use_row_from(&r)?)),
        None => Ok(None),
    }
}

/// The columns of a token's row a use needs, read by [`use_row_from`].
const USE_COLS: &str = "t.name, t.verifier, t.can_write, t.names, t.cidrs, t.max_uses,
    t.expires_at, t.uses, t.revoked_at, t.share, t.oidc_issuer, t.oidc_audience,
    t.oidc_subject";

fn use_row_from(r: &Row) -> Result<(UseRow, Option<Vec<u8>>)> {
    Ok((
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
    ))
}

/// A use's one statement: the token's row ([`USE_COLS`]), then a row per item of each
/// of its environments (one with no item columns for an environment with none, or whose
/// items the token already holds at its revision, see [`ServedItems`]): the environment,
/// its key versions and wraps, whether the items were skipped, and the item. The
/// environments and items are read only when the presented verifier matches a live
/// token, so a request with a wrong secret makes the server read no items. `known`
/// lists the revisions whose items the token holds. With `lock` the token's row is
/// locked until the transaction ends (`--max-uses`).
async fn use_read<C: GenericClient>(
    c: &C,
    (id, presented): (&str, &[u8; 32]),
    known: Vec<(Uuid, i64)>,
    lock: bool,
) -> Result<Vec<Row>> {
    let sql = format!(
        "SELECT {USE_COLS}, t.recipient, g.env_id, g.project_id, g.project, g.env, g.revision,
             g.parent_id, g.key_versions, g.wraps, g.held, g.serve_config, {ENTRY_COLS}
         FROM service_tokens t
         LEFT JOIN LATERAL (
             SELECT s.env_id, v.project_id, p.name AS project, v.name AS env, v.revision,
                 v.parent_id, k.env IS NOT NULL AS held, v.serve_config,
                 ARRAY(SELECT w.key_version FROM service_token_keys w
                       WHERE w.token_id = t.id AND w.env_id = s.env_id
                       ORDER BY w.key_version) AS key_versions,
                 ARRAY(SELECT w.wrapped FROM service_token_keys w
                       WHERE w.token_id = t.id AND w.env_id = s.env_id
                       ORDER BY w.key_version) AS wraps
             FROM service_token_envs s
             JOIN envs v ON v.id = s.env_id JOIN projects p ON p.id = v.project_id
             LEFT JOIN unnest($3::uuid[], $4::bigint[]) AS k(env, rev)
                 ON k.env = s.env_id AND k.rev = v.revision
             WHERE s.token_id = t.id AND t.verifier = $2 AND t.revoked_at IS NULL
         ) g ON true
         LEFT JOIN items i ON NOT g.held AND i.env_id = g.env_id AND NOT i.deleted
         LEFT JOIN entries e ON e.env_id = i.env_id AND e.seq = i.latest_seq
         WHERE t.id = $1
         ORDER BY g.env_id, i.name{}",
        if lock { " FOR UPDATE OF t" } else { "" }
    );
    let stmt = c.prepare_cached(&sql).await?;
    let (envs, revisions): (Vec<Uuid>, Vec<i64>) = known.into_iter().unzip();
    let presented = presented.as_slice();
    Ok(c.query(&stmt, &[&id, &presented, &envs, &revisions])
        .await?)
}

/// Column of [`use_read`]'s first environment column (after [`USE_COLS`] and the recipient).
const ENV_COL: usize = 14;

/// One environment as [`use_read`] read it, before its items are known.
struct EnvRead {
    env: Uuid,
    project_id: Uuid,
    project: String,
    name: String,
    revision: i64,
    has_parent: bool,
    keys: Vec<WrappedKey>,
    /// The token holds its items at `revision` (the statement skipped them).
    held: bool,
    serve_config: bool,
    items: Vec<ItemVersion>,
}

/// The environments in `rows` (ordered by environment), items cut to `globs`.
fn env_reads(rows: &[Row], globs: &[String]) -> Vec<EnvRead> {
    let mut out: Vec<EnvRead> = Vec::new();
    for r in rows {
        let Some(env) = r.get::<_, Option<Uuid>>(ENV_COL) else {
            continue;
        };
        if out.last().is_none_or(|last| last.env != env) {
            let recipient: String = r.get(ENV_COL - 1);
            let versions: Vec<i64> = r.get(ENV_COL + 6);
            let wraps: Vec<Vec<u8>> = r.get(ENV_COL + 7);
            out.push(EnvRead {
                env,
                project_id: r.get(ENV_COL + 1),
                project: r.get(ENV_COL + 2),
                name: r.get(ENV_COL + 3),
                revision: r.get(ENV_COL + 4),
                has_parent: r.get::<_, Option<Uuid>>(ENV_COL + 5).is_some(),
                keys: versions
                    .into_iter()
                    .zip(wraps)
                    .map(|(v, wrapped)| WrappedKey {
                        key_version: v as u32,
                        recipient: recipient.clone(),
                        wrapped,
                    })
                    .collect(),
                held: r.get(ENV_COL + 8),
                serve_config: r.get(ENV_COL + 9),
                items: Vec::new(),
            });
        }
        const ITEM: usize = ENV_COL + 10;
        if r.get::<_, Option<i64>>(ITEM).is_none() {
            continue;
        }
        if let Change::Version(v) = entry_from_row(r, ITEM).change
            && names_allow(globs, &v.name)
        {
            out.last_mut().expect("pushed above").items.push(v);
        }
    }
    out
}

/// The grant of each environment: its items from `served` when the statement skipped
/// them (read again if `served` dropped them since), else as read (and kept there);
/// ancestors (one more round trip each) only for an environment with a parent.
async fn env_grants<C: GenericClient>(
    c: &C,
    (token, served): (&str, &ServedItems),
    reads: Vec<EnvRead>,
    globs: &[String],
) -> Result<Vec<TokenEnvGrant>> {
    let mut grants = Vec::with_capacity(reads.len());
    for r in reads {
        let held = r
            .held
            .then(|| served.get(token, r.env, r.revision))
            .flatten();
        let items = match held {
            Some(items) => items,
            None if r.held => {
                let read = served_items(c, r.env, globs).await?;
                served.put(token, r.env, r.revision, read)
            }
            None => served.put(token, r.env, r.revision, r.items),
        };
        let parents = match r.has_parent {
            true => super::token_keys::parent_grants(c, token, r.env, globs).await?,
            false => Vec::new(),
        };
        grants.push(TokenEnvGrant {
            env_id: r.env,
            project_id: r.project_id,
            project: r.project,
            env: r.name,
            revision: r.revision,
            keys: r.keys,
            items,
            parents,
            serve_config: r.serve_config,
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
    (rows, served): (&[Row], &ServedItems),
    audit: &AuditEvent,
) -> Result<(TokenGrant, Vec<AuditEvent>)> {
    let reads = env_reads(rows, &row.scope.names);
    let envs = env_grants(c, (id, served), reads, &row.scope.names).await?;
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
        self.served.forget(&id);
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
        let secret = (id, &presented);
        let rows = use_read(&client, secret, self.served.revisions(id), false).await?;
        let found = rows.first().map(use_row_from).transpose()?;
        if found
            .as_ref()
            .is_none_or(|(r, _)| r.scope.max_uses.is_none())
        {
            // No limit to keep exact: a read, with the audit and count left to the caller.
            let (row, share) = match checked(found, &presented, (client_ip, &oidc), audit.at) {
                Ok(passed) => passed,
                Err(refused) => return Ok(Err(refused)),
            };
            let reads = (rows.as_slice(), &self.served);
            let (grant, events) = gather(&client, (id, row, share), reads, &audit).await?;
            return Ok(Ok(Granted {
                grant,
                recorded: Recorded::Pending(events),
            }));
        }
        let tx = client.transaction().await?;
        let rows = use_read(&tx, secret, self.served.revisions(id), true).await?;
        let found = rows.first().map(use_row_from).transpose()?;
        let (row, share) = match checked(found, &presented, (client_ip, &oidc), audit.at) {
            Ok(passed) => passed,
            Err(refused) => return Ok(Err(refused)),
        };
        let reads = (rows.as_slice(), &self.served);
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
        let client = self.writer.get().await?;
        let (mut ids, mut counts, mut ats) = (Vec::new(), Vec::new(), Vec::new());
        for u in uses {
            ids.push(u.token_id);
            counts.push(u.uses as i64);
            ats.push(u.last_used_at);
        }
        // One statement for the whole batch, prepared once per connection (a text
        // statement would be parsed and planned again for every batch).
        let stmt = client
            .prepare_cached(
                "UPDATE service_tokens t SET uses = t.uses + u.n,
                     last_used_at = greatest(coalesce(t.last_used_at, 0), u.at)
                 FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(id, n, at)
                 WHERE t.id = u.id",
            )
            .await?;
        client.execute(&stmt, &[&ids, &counts, &ats]).await?;
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
