//! Service tokens on SQLite (docs/tokens.md): creation by an environment's admin, the list,
//! revocation (which forgets the server's share and the wraps in its transaction) and a
//! token's use. The decisions live in `store::tokens`; this file only reads and writes rows.
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

const TOKEN_COLS: &str = "t.id, t.name, t.can_write, t.names, t.cidrs, t.max_uses, t.expires_at,
    (SELECT name FROM users WHERE id = t.created_by), t.created_at, t.uses, t.last_used_at,
    t.revoked_at, t.oidc_issuer, t.oidc_audience, t.oidc_subject";

/// The three OIDC binding columns from `first` on.
fn oidc_cols(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<[Option<String>; 3]> {
    Ok([r.get(first)?, r.get(first + 1)?, r.get(first + 2)?])
}

/// A token's stored lists and binding, decoded after the row is read.
type Stored = (String, String, [Option<String>; 3]);

/// A token's row (without its environments) from [`TOKEN_COLS`].
fn info_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ServiceTokenInfo, Stored)> {
    Ok((
        ServiceTokenInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            envs: Vec::new(),
            scope: TokenScope {
                write: r.get(2)?,
                max_uses: r.get::<_, Option<i64>>(5)?.map(|n| n as u64),
                expires_at: r.get(6)?,
                ..TokenScope::default()
            },
            created_by: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
            created_at: r.get(8)?,
            uses: r.get::<_, i64>(9)? as u64,
            last_used_at: r.get(10)?,
            revoked_at: r.get(11)?,
        },
        (r.get(3)?, r.get(4)?, oidc_cols(r, 12)?),
    ))
}

/// The token with this id, with its environments.
fn info(c: &Connection, id: &str) -> Result<ServiceTokenInfo> {
    let (mut info, (names, cidrs, oidc)) = c
        .prepare_cached(&format!(
            "SELECT {TOKEN_COLS} FROM service_tokens t WHERE t.id = ?1"
        ))?
        .query_row([id], info_from_row)
        .optional()?
        .ok_or(StoreError::NotFound("service token"))?;
    info.scope.names = list_from_db(&names)?;
    info.scope.cidrs = list_from_db(&cidrs)?;
    info.scope.oidc = oidc_from_db(oidc)?;
    info.envs = c
        .prepare_cached(
            "SELECT e.id, p.name, e.name FROM service_token_envs s
             JOIN envs e ON e.id = s.env_id JOIN projects p ON p.id = e.project_id
             WHERE s.token_id = ?1 ORDER BY p.name, e.name",
        )?
        .query_map([id], |r| {
            Ok(TokenEnvRef {
                env_id: uuid_col(r, 0)?,
                project: r.get(1)?,
                env: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(info)
}

/// Whether the caller administers at least one of the token's environments; the project of
/// the first environment, for the audit.
fn administers(c: &Connection, caller: &Caller, info: &ServiceTokenInfo) -> (bool, Option<Uuid>) {
    let mut project = None;
    for env in &info.envs {
        match env_access(
            c,
            caller,
            env.env_id,
            Role::Admin,
            "managing a service token",
        ) {
            Ok(a) => return (true, Some(a.project)),
            Err(StoreError::Forbidden { project: p, .. }) => project = project.or(p),
            Err(_) => {}
        }
    }
    (false, project)
}

fn insert_token(
    tx: &Transaction<'_>,
    caller: &Caller,
    req: &CreateServiceToken,
    now: i64,
) -> Result<()> {
    let live: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM service_tokens WHERE name = ?1 AND revoked_at IS NULL)",
        [&req.name],
        |r| r.get(0),
    )?;
    if live {
        return Err(StoreError::Invalid(format!(
            "a service token called {:?} exists; revoke it first or pick another name",
            req.name
        )));
    }
    let oidc = oidc_to_db(req.scope.oidc.as_ref());
    tx.execute(
        "INSERT INTO service_tokens (id, name, recipient, verifier, share, can_write, names, cidrs,
             max_uses, expires_at, created_by, created_at, oidc_issuer, oidc_audience,
             oidc_subject)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            req.id,
            req.name,
            req.recipient,
            req.verifier,
            req.share,
            req.scope.write,
            list_to_db(&req.scope.names),
            list_to_db(&req.scope.cidrs),
            req.scope.max_uses.map(|n| n as i64),
            req.scope.expires_at,
            caller.user_id.to_string(),
            now,
            oidc[0],
            oidc[1],
            oidc[2]
        ],
    )?;
    for env in &req.envs {
        tx.execute(
            "INSERT INTO service_token_envs (token_id, env_id) VALUES (?1, ?2)",
            params![req.id, env.env_id.to_string()],
        )?;
        for w in &env.wraps {
            tx.execute(
                "INSERT INTO service_token_keys (token_id, env_id, key_version, wrapped)
                 VALUES (?1, ?2, ?3, ?4)",
                params![req.id, env.env_id.to_string(), w.key_version, w.wrapped],
            )?;
        }
    }
    Ok(())
}

pub(super) fn use_row(c: &Connection, id: &str) -> Result<Option<UseRow>> {
    let row = c
        .prepare_cached(
            "SELECT name, verifier, can_write, names, cidrs, max_uses, expires_at, uses, revoked_at,
                 oidc_issuer, oidc_audience, oidc_subject
             FROM service_tokens WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, Option<i64>>(8)?,
                oidc_cols(r, 9)?,
            ))
        })
        .optional()?;
    let Some((name, verifier, write, names, cidrs, max_uses, expires_at, uses, revoked_at, oidc)) =
        row
    else {
        return Ok(None);
    };
    Ok(Some(UseRow {
        name,
        verifier,
        scope: TokenScope {
            write,
            names: list_from_db(&names)?,
            cidrs: list_from_db(&cidrs)?,
            max_uses: max_uses.map(|n| n as u64),
            expires_at,
            oidc: oidc_from_db(oidc)?,
        },
        uses: uses as u64,
        revoked_at,
    }))
}

/// One environment of a token that passed its checks: its keys and its matching items.
fn env_grant(
    c: &Connection,
    (token, served): (&str, &ServedItems),
    env: Uuid,
    globs: &[String],
) -> Result<TokenEnvGrant> {
    let (project_id, project, name, revision, serve_config) = c
        .prepare_cached(
            "SELECT e.project_id, p.name, e.name, e.revision, e.serve_config FROM envs e
             JOIN projects p ON p.id = e.project_id WHERE e.id = ?1",
        )?
        .query_row([env.to_string()], |r| {
            Ok((uuid_col(r, 0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    let keys = token_env_keys(c, token, &env.to_string())?;
    let items = match served.get(token, env, revision) {
        Some(items) => items,
        None => served.put(
            token,
            env,
            revision,
            served_items(c, &env.to_string(), globs)?,
        ),
    };
    Ok(TokenEnvGrant {
        env_id: env,
        project_id,
        project,
        env: name,
        revision,
        keys,
        items,
        parents: super::token_keys::parent_grants(c, token, env, globs)?,
        serve_config,
    })
}

/// The wraps token `token` holds of `env`'s key versions, oldest first.
pub(super) fn token_env_keys(c: &Connection, token: &str, env: &str) -> Result<Vec<WrappedKey>> {
    Ok(c.prepare_cached(
        "SELECT k.key_version, t.recipient, k.wrapped FROM service_token_keys k
         JOIN service_tokens t ON t.id = k.token_id
         WHERE k.token_id = ?1 AND k.env_id = ?2 ORDER BY k.key_version",
    )?
    .query_map(params![token, env], |r| {
        Ok(WrappedKey {
            key_version: r.get(0)?,
            recipient: r.get(1)?,
            wrapped: r.get(2)?,
        })
    })?
    .collect::<rusqlite::Result<_>>()?)
}

/// The newest version of every live item of `env` whose name the token's globs match:
/// the server sends a token nothing else (`--names`).
pub(super) fn served_items(
    c: &Connection,
    env: &str,
    globs: &[String],
) -> Result<Vec<ItemVersion>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {ENTRY_COLS} FROM items i JOIN entries e
             ON e.env_id = i.env_id AND e.seq = i.latest_seq
         WHERE i.env_id = ?1 AND NOT i.deleted ORDER BY i.name"
    ))?
    .query_map([env], entry_from_row)?
    .filter_map(|r| match r {
        Ok(LogEntry {
            change: Change::Version(v),
            ..
        }) if names_allow(globs, &v.name) => Some(Ok(v)),
        Ok(_) => None,
        Err(e) => Some(Err(e)),
    })
    .collect::<rusqlite::Result<Vec<_>>>()?)
}

fn token_envs(c: &Connection, token: &str) -> Result<Vec<Uuid>> {
    Ok(c.prepare_cached(
        "SELECT env_id FROM service_token_envs WHERE token_id = ?1 ORDER BY env_id",
    )?
    .query_map([token], |r| uuid_col(r, 0))?
    .collect::<rusqlite::Result<_>>()?)
}

/// What a use that passed its checks receives, with its audit entries (one per env);
/// counts nothing, writes nothing.
fn gather(
    c: &Connection,
    (id, served): (&str, &ServedItems),
    row: UseRow,
    audit: &AuditEvent,
) -> Result<std::result::Result<(TokenGrant, Vec<AuditEvent>), Refused>> {
    let share: Option<Vec<u8>> = c
        .prepare_cached("SELECT share FROM service_tokens WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    // A live token without its share cannot be: treat it as revoked rather than answer.
    let Some(share) = share else {
        return Ok(Err(Refused {
            name: Some(row.name),
            why: Refusal::Revoked(0),
        }));
    };
    let mut envs = Vec::new();
    let mut events = Vec::new();
    for env in token_envs(c, id)? {
        let g = env_grant(c, (id, served), env, &row.scope.names)?;
        events.push(tokens::use_event(&row.name, &g, audit));
        envs.push(g);
    }
    let grant = TokenGrant {
        token_id: id.to_string(),
        name: row.name,
        share,
        write: row.scope.write,
        envs,
    };
    Ok(Ok((grant, events)))
}

/// A use of a token with `--max-uses`, in the writer's transaction: counted exactly and
/// audited before it commits.
fn counted_use(
    tx: &Transaction<'_>,
    (id, served): (&str, &ServedItems),
    presented: &[u8; 32],
    (client, oidc): (IpAddr, &OidcCheck),
    audit: &AuditEvent,
) -> Result<std::result::Result<Granted, Refused>> {
    let row = use_row(tx, id)?;
    if let Err(refused) = tokens::check_use(row.as_ref(), presented, client, oidc, audit.at) {
        return Ok(Err(refused));
    }
    let (grant, events) = match gather(tx, (id, served), row.expect("checked"), audit)? {
        Ok(gathered) => gathered,
        Err(refused) => return Ok(Err(refused)),
    };
    tx.execute(
        "UPDATE service_tokens SET uses = uses + 1, last_used_at = max(coalesce(last_used_at, 0), ?2)
         WHERE id = ?1",
        params![id, audit.at],
    )?;
    append_audit(tx, &events)?;
    Ok(Ok(Granted {
        grant,
        recorded: Recorded::Already,
    }))
}

impl SqliteStore {
    pub(super) async fn create_service_token(
        &self,
        caller: &Caller,
        req: &CreateServiceToken,
        now: i64,
        audit: AuditEvent,
    ) -> Result<ServiceTokenInfo> {
        tokens::check_create(req)?;
        let (caller, req) = (caller.clone(), req.clone());
        self.write(move |tx| {
            let mut project = None;
            for env in &req.envs {
                let a = env_access(
                    tx,
                    &caller,
                    env.env_id,
                    Role::Admin,
                    "creating a service token",
                )?;
                project = project.or(Some(a.project));
            }
            insert_token(tx, &caller, &req, now)?;
            super::token_keys::insert_inherited(tx, &caller, &req)?;
            let event = AuditEvent {
                project,
                target: Some(format!("token {}", req.name)),
                ..audit
            };
            append_audit(tx, &[event])?;
            info(tx, &req.id)
        })
        .await
    }

    pub(super) async fn service_tokens(&self, caller: &Caller) -> Result<Vec<ServiceTokenInfo>> {
        let caller = caller.clone();
        self.read(move |c| {
            let ids: Vec<String> = c
                .prepare_cached("SELECT id FROM service_tokens ORDER BY name, created_at")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::new();
            for id in ids {
                let t = info(c, &id)?;
                if caller.admin || administers(c, &caller, &t).0 {
                    out.push(t);
                }
            }
            Ok(out)
        })
        .await
    }

    pub(super) async fn revoke_service_token(
        &self,
        caller: &Caller,
        name: &str,
        now: i64,
        audit: AuditEvent,
    ) -> Result<ServiceTokenInfo> {
        let (caller, name) = (caller.clone(), name.to_string());
        let revoked = self
            .write(move |tx| {
                let id: String = tx
                    .query_row(
                        "SELECT id FROM service_tokens WHERE name = ?1 AND revoked_at IS NULL",
                        [&name],
                        |r| r.get(0),
                    )
                    .optional()?
                    .ok_or(StoreError::NotFound("live service token"))?;
                let t = info(tx, &id)?;
                let (may, project) = administers(tx, &caller, &t);
                if !may && !caller.admin {
                    return Err(StoreError::forbidden(
                        project,
                        "revoking a service token needs the admin role on one of its environments",
                    ));
                }
                tx.execute(
                    "UPDATE service_tokens SET revoked_at = ?2, share = NULL WHERE id = ?1",
                    params![id, now],
                )?;
                tx.execute("DELETE FROM service_token_keys WHERE token_id = ?1", [&id])?;
                let event = AuditEvent {
                    project,
                    target: Some(format!("token {name}")),
                    ..audit
                };
                append_audit(tx, &[event])?;
                info(tx, &id)
            })
            .await;
        if let Ok(t) = &revoked {
            self.served.forget(&t.id);
        }
        revoked
    }

    pub(super) async fn use_service_token(
        &self,
        id: &str,
        presented: [u8; 32],
        client: IpAddr,
        oidc: OidcCheck,
        audit: AuditEvent,
    ) -> Result<std::result::Result<Granted, Refused>> {
        let id = id.to_string();
        let (read_id, read_oidc, read_audit) = (id.clone(), oidc.clone(), audit.clone());
        let (served, read_served) = (self.served.clone(), self.served.clone());
        // One read transaction: the row, its checks and what is served agree.
        let read = self
            .read(move |c| {
                let tx = c.unchecked_transaction()?;
                let row = use_row(&tx, &read_id)?;
                if row.as_ref().is_some_and(|r| r.scope.max_uses.is_some()) {
                    return Ok(None);
                }
                let checked =
                    tokens::check_use(row.as_ref(), &presented, client, &read_oidc, read_audit.at);
                if let Err(refused) = checked {
                    return Ok(Some(Err(refused)));
                }
                let gathered = gather(
                    &tx,
                    (&read_id, &read_served),
                    row.expect("checked"),
                    &read_audit,
                )?;
                Ok(Some(gathered.map(|(grant, events)| Granted {
                    grant,
                    recorded: Recorded::Pending(events),
                })))
            })
            .await?;
        if let Some(out) = read {
            return Ok(out);
        }
        self.write(move |tx| counted_use(tx, (&id, &served), &presented, (client, &oidc), &audit))
            .await
    }

    pub(super) async fn count_token_uses(&self, uses: Vec<UseCount>) -> Result<()> {
        self.write(move |tx| {
            let mut update = tx.prepare_cached(
                "UPDATE service_tokens SET uses = uses + ?2,
                     last_used_at = max(coalesce(last_used_at, 0), ?3)
                 WHERE id = ?1",
            )?;
            for u in &uses {
                update.execute(params![u.token_id, u.uses as i64, u.last_used_at])?;
            }
            Ok(())
        })
        .await
    }

    pub(super) async fn service_token_oidc(&self, id: &str) -> Result<Option<OidcBinding>> {
        let id = id.to_string();
        self.read(move |c| {
            let cols = c
                .prepare_cached(
                    "SELECT oidc_issuer, oidc_audience, oidc_subject FROM service_tokens
                     WHERE id = ?1",
                )?
                .query_row([&id], |r| oidc_cols(r, 0))
                .optional()?;
            cols.map_or(Ok(None), oidc_from_db)
        })
        .await
    }
}
