//! New env key versions for live service tokens on SQLite: the list of tokens holding
//! keys of an environment and the upload of wraps for them (decisions in
//! `store::token_keys`). Admins of the environment only; it never returns a share.

use super::audit::append_audit;
use super::members::env_access;
use super::*;
use crate::server::store::token_keys::{Holder, MAX_DEPTH, check_inherited, check_wrap};
use crate::wire::team::Role;
use crate::wire::token::{CreateServiceToken, TokenParentGrant, TokenRecipient, TokenWrap};

/// `env`'s ancestors by the store's parent links, nearest first (at most [`MAX_DEPTH`]).
fn ancestors(c: &Connection, env: Uuid) -> Result<Vec<Uuid>> {
    let mut out = Vec::new();
    let mut at = env;
    while out.len() < MAX_DEPTH {
        let parent: Option<Uuid> = c
            .prepare_cached("SELECT parent_id FROM envs WHERE id = ?1")?
            .query_row([at.to_string()], |r| opt_uuid_col(r, 0))
            .optional()?
            .flatten();
        match parent {
            Some(p) if p != env && !out.contains(&p) => {
                out.push(p);
                at = p;
            }
            _ => break,
        }
    }
    Ok(out)
}

/// Checks a creation's inherited keys (the caller must be an admin of each ancestor too)
/// and stores them with the token's other wraps.
pub(super) fn insert_inherited(
    tx: &Transaction<'_>,
    caller: &Caller,
    req: &CreateServiceToken,
) -> Result<()> {
    let mut all = Vec::new();
    for env in &req.envs {
        all.extend(ancestors(tx, env.env_id)?);
    }
    check_inherited(req, &all)?;
    for env in &req.inherited {
        env_access(
            tx,
            caller,
            env.env_id,
            Role::Admin,
            "creating a service token",
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

/// The ancestors of a token's environment `env`, nearest first: the keys of each the
/// token holds and its items the token's globs match.
pub(super) fn parent_grants(
    c: &Connection,
    token: &str,
    env: Uuid,
    globs: &[String],
) -> Result<Vec<TokenParentGrant>> {
    let mut out = Vec::new();
    for parent in ancestors(c, env)? {
        let p = parent.to_string();
        let name: String =
            c.query_row("SELECT name FROM envs WHERE id = ?1", [&p], |r| r.get(0))?;
        let keys = super::tokens::token_env_keys(c, token, &p)?;
        let items = super::tokens::served_items(c, &p, globs)?;
        out.push(TokenParentGrant {
            env_id: parent,
            env: name,
            keys,
            items,
        });
    }
    Ok(out)
}

fn key_versions(c: &Connection, token: &str, env: &str) -> Result<Vec<u32>> {
    Ok(c.prepare_cached(
        "SELECT key_version FROM service_token_keys WHERE token_id = ?1 AND env_id = ?2
             ORDER BY key_version",
    )?
    .query_map([token, env], |r| r.get(0))?
    .collect::<rusqlite::Result<_>>()?)
}

fn holder(c: &Connection, token: &str, env: &str) -> Result<Option<Holder>> {
    let row: Option<(String, bool)> = c
        .prepare_cached(
            "SELECT recipient, revoked_at IS NULL AND share IS NOT NULL FROM service_tokens
             WHERE id = ?1",
        )?
        .query_row([token], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(recipient, live)| Holder {
        recipient,
        live,
        holds_env: !key_versions(c, token, env).unwrap_or_default().is_empty(),
    }))
}

impl SqliteStore {
    pub(super) async fn token_recipients(
        &self,
        caller: &Caller,
        env: Uuid,
    ) -> Result<Vec<TokenRecipient>> {
        let caller = caller.clone();
        self.read(move |c| {
            env_access(c, &caller, env, Role::Admin, "listing an environment's service tokens")?;
            let env = env.to_string();
            let rows: Vec<(String, String, String)> = c
                .prepare_cached(
                    "SELECT t.id, t.name, t.recipient FROM service_tokens t
                     WHERE t.revoked_at IS NULL AND t.share IS NOT NULL AND EXISTS
                         (SELECT 1 FROM service_token_keys k WHERE k.token_id = t.id AND k.env_id = ?1)
                     ORDER BY t.name",
                )?
                .query_map([&env], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            rows.into_iter()
                .map(|(token_id, name, recipient)| {
                    Ok(TokenRecipient {
                        key_versions: key_versions(c, &token_id, &env)?,
                        token_id,
                        name,
                        recipient,
                    })
                })
                .collect()
        })
        .await
    }

    pub(super) async fn put_token_wraps(
        &self,
        caller: &Caller,
        env: Uuid,
        wraps: Vec<TokenWrap>,
        audit: AuditEvent,
    ) -> Result<()> {
        let caller = caller.clone();
        self.write(move |tx| {
            let access = env_access(
                tx,
                &caller,
                env,
                Role::Admin,
                "giving service tokens new env keys",
            )?;
            let env_s = env.to_string();
            let mut names = Vec::new();
            for (i, w) in wraps.iter().enumerate() {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS(SELECT 1 FROM env_keys WHERE env_id = ?1 AND key_version = ?2)",
                    params![env_s, w.wrap.key_version],
                    |r| r.get(0),
                )?;
                check_wrap(i, w, holder(tx, &w.token_id, &env_s)?.as_ref(), exists)?;
                tx.execute(
                    "INSERT INTO service_token_keys (token_id, env_id, key_version, wrapped)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    params![w.token_id, env_s, w.wrap.key_version, w.wrap.wrapped],
                )?;
                let name: String = tx.query_row(
                    "SELECT name FROM service_tokens WHERE id = ?1",
                    [&w.token_id],
                    |r| r.get(0),
                )?;
                names.push(format!("token {name} key version {}", w.wrap.key_version));
            }
            names.dedup();
            let event = AuditEvent {
                project: Some(access.project),
                env: Some(env),
                target: Some(names.join(", ")),
                ..audit
            };
            append_audit(tx, &[event])
        })
        .await
    }
}
