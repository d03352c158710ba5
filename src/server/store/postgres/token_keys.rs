//! New env key versions for live service tokens on PostgreSQL: the list of tokens holding
//! keys of an environment and the upload of wraps for them (decisions in
//! `store::token_keys`). Admins of the environment only; it never returns a share.

use super::audit::append_audit;
use super::members::env_access;
use super::*;
use crate::server::store::token_keys::{Holder, MAX_DEPTH, check_inherited, check_wrap};
use crate::wire::team::Role;
use crate::wire::token::{CreateServiceToken, TokenParentGrant, TokenRecipient, TokenWrap};

/// `env`'s ancestors by the store's parent links, nearest first (at most [`MAX_DEPTH`]).
async fn ancestors<C: GenericClient>(c: &C, env: Uuid) -> Result<Vec<Uuid>> {
    let mut out = Vec::new();
    let mut at = env;
    let stmt = c
        .prepare_cached("SELECT parent_id FROM envs WHERE id = $1")
        .await?;
    while out.len() < MAX_DEPTH {
        let parent: Option<Uuid> = c
            .query_opt(&stmt, &[&at])
            .await?
            .and_then(|r| r.get::<_, Option<Uuid>>(0));
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
pub(super) async fn insert_inherited<C: GenericClient>(
    c: &C,
    caller: &Caller,
    req: &CreateServiceToken,
) -> Result<()> {
    let mut all = Vec::new();
    for env in &req.envs {
        all.extend(ancestors(c, env.env_id).await?);
    }
    check_inherited(req, &all)?;
    for env in &req.inherited {
        env_access(
            c,
            caller,
            env.env_id,
            false,
            Role::Admin,
            "creating a service token",
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

/// The ancestors of a token's environment `env`, nearest first: the keys of each the
/// token holds and its items the token's globs match.
pub(super) async fn parent_grants<C: GenericClient>(
    c: &C,
    token: &str,
    env: Uuid,
    globs: &[String],
) -> Result<Vec<TokenParentGrant>> {
    let mut out = Vec::new();
    for parent in ancestors(c, env).await? {
        let name: String = c
            .query_one("SELECT name FROM envs WHERE id = $1", &[&parent])
            .await?
            .get(0);
        let keys = super::tokens::token_env_keys(c, token, parent).await?;
        let items = super::tokens::served_items(c, parent, globs).await?;
        out.push(TokenParentGrant {
            env_id: parent,
            env: name,
            keys,
            items,
        });
    }
    Ok(out)
}

async fn key_versions<C: GenericClient>(c: &C, token: &str, env: Uuid) -> Result<Vec<u32>> {
    let stmt = c
        .prepare_cached(
            "SELECT key_version FROM service_token_keys WHERE token_id = $1 AND env_id = $2
             ORDER BY key_version",
        )
        .await?;
    Ok(c.query(&stmt, &[&token, &env])
        .await?
        .iter()
        .map(|r| r.get::<_, i64>(0) as u32)
        .collect())
}

async fn holder<C: GenericClient>(c: &C, token: &str, env: Uuid) -> Result<Option<Holder>> {
    let row = c
        .query_opt(
            "SELECT recipient, revoked_at IS NULL AND share IS NOT NULL FROM service_tokens
             WHERE id = $1 FOR UPDATE",
            &[&token],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Holder {
        recipient: row.get(0),
        live: row.get(1),
        holds_env: !key_versions(c, token, env).await?.is_empty(),
    }))
}

impl PgStore {
    pub(super) async fn token_recipients(
        &self,
        caller: &Caller,
        env: Uuid,
    ) -> Result<Vec<TokenRecipient>> {
        let client = self.pool.get().await?;
        env_access(
            &client,
            caller,
            env,
            false,
            Role::Admin,
            "listing an environment's service tokens",
        )
        .await?;
        let rows = client
            .query(
                "SELECT t.id, t.name, t.recipient FROM service_tokens t
                 WHERE t.revoked_at IS NULL AND t.share IS NOT NULL AND EXISTS
                     (SELECT 1 FROM service_token_keys k WHERE k.token_id = t.id AND k.env_id = $1)
                 ORDER BY t.name",
                &[&env],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let token_id: String = r.get(0);
            out.push(TokenRecipient {
                key_versions: key_versions(&client, &token_id, env).await?,
                token_id,
                name: r.get(1),
                recipient: r.get(2),
            });
        }
        Ok(out)
    }

    pub(super) async fn put_token_wraps(
        &self,
        caller: &Caller,
        env: Uuid,
        wraps: Vec<TokenWrap>,
        audit: AuditEvent,
    ) -> Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let access = env_access(
            &tx,
            caller,
            env,
            false,
            Role::Admin,
            "giving service tokens new env keys",
        )
        .await?;
        let mut names = Vec::new();
        for (i, w) in wraps.iter().enumerate() {
            let version = i64::from(w.wrap.key_version);
            let exists: bool = tx
                .query_one(
                    "SELECT EXISTS(SELECT 1 FROM env_keys WHERE env_id = $1 AND key_version = $2)",
                    &[&env, &version],
                )
                .await?
                .get(0);
            check_wrap(i, w, holder(&tx, &w.token_id, env).await?.as_ref(), exists)?;
            tx.execute(
                "INSERT INTO service_token_keys (token_id, env_id, key_version, wrapped)
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&w.token_id, &env, &version, &w.wrap.wrapped],
            )
            .await?;
            let name: String = tx
                .query_one(
                    "SELECT name FROM service_tokens WHERE id = $1",
                    &[&w.token_id],
                )
                .await?
                .get(0);
            names.push(format!("token {name} key version {}", w.wrap.key_version));
        }
        names.dedup();
        let event = AuditEvent {
            project: Some(access.project),
            env: Some(env),
            target: Some(names.join(", ")),
            ..audit
        };
        append_audit(&tx, &[event]).await?;
        tx.commit().await?;
        Ok(())
    }
}
