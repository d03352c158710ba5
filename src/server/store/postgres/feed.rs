//! The change feed on PostgreSQL (docs/live.md): the read of names per revision, and the
//! LISTEN side of the fan-out. Every push and applied proposal runs `NOTIFY` in its own
//! transaction (so a notification exists exactly when the revision committed); each
//! server node keeps one dedicated connection listening and wakes its local waiters.
//!
//! A lost listener connection loses notifications, so after each reconnect every waiter
//! of the node is woken to ask the store again: a reconnect costs one read per waiter,
//! and never a missed revision.

use std::sync::Arc;
use std::time::Duration;

use super::members::env_access;
use super::*;
use crate::server::feed::Hub;
use crate::server::store::feed;
use crate::server::store::tokens::{self, Refused, Watch, Watched};
use crate::wire::feed::FeedPage;
use crate::wire::team::Role;

/// The notification channel; the payload is `<env uuid>:<revision>`. Channels are per
/// database, not per schema: a node of another schema hears these too and wakes nobody,
/// since none of its waiters holds that environment's id.
pub(super) const CHANNEL: &str = "secretscli_feed";

/// Announces a new revision of `env` to every node, when the transaction commits.
pub(super) async fn notify<C: GenericClient>(c: &C, env: Uuid, revision: i64) -> Result<()> {
    c.execute(
        "SELECT pg_notify($1, $2)",
        &[&CHANNEL, &format!("{env}:{revision}")],
    )
    .await?;
    Ok(())
}

impl PgStore {
    pub(super) async fn changes(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
    ) -> Result<(Uuid, FeedPage)> {
        let mut client = self.pool.get().await?;
        let tx = client.build_transaction().read_only(true).start().await?;
        let access = env_access(
            &tx,
            caller,
            env,
            false,
            Role::Viewer,
            "following an environment",
        )
        .await?;
        let (rows, values) = page_rows(&tx, env, since, access.revision).await?;
        tx.commit().await?;
        let page = feed::page(since, access.revision, rows, values);
        Ok((access.project, page))
    }

    pub(super) async fn token_changes(
        &self,
        w: &Watch,
        env: Uuid,
        since: i64,
    ) -> Result<std::result::Result<Watched, Refused>> {
        let mut client = self.pool.get().await?;
        // One read transaction: the token's row, its checks and the page agree.
        let tx = client.build_transaction().read_only(true).start().await?;
        let row = super::tokens::use_row(&tx, &w.id, false)
            .await?
            .map(|(r, _)| r);
        if let Err(refused) = tokens::check_watch(row.as_ref(), &w.presented, w.client, w.now) {
            return Ok(Err(refused));
        }
        let row = row.expect("checked");
        let Some((project, revision)) = watched_env(&tx, &w.id, env).await? else {
            return Err(tokens::not_watched(&row.name));
        };
        let (rows, values) = page_rows(&tx, env, since, revision).await?;
        tx.commit().await?;
        let page = feed::page(since, revision, rows, values);
        Ok(Ok(Watched {
            name: row.name,
            project,
            page: tokens::watch_page(page, &row.scope.names),
        }))
    }
}

/// What the page for `since` at head `revision` is made of: the `(revision, name)` rows
/// and the served config values of that range.
type PageRows = (Vec<(i64, String)>, Vec<(i64, String, Option<String>)>);

async fn page_rows<C: GenericClient>(
    c: &C,
    env: Uuid,
    since: i64,
    revision: i64,
) -> Result<PageRows> {
    let Some((from, to)) = feed::rows_needed(since, revision) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let stmt = c
        .prepare_cached(
            "SELECT revision, name FROM entries
             WHERE env_id = $1 AND revision > $2 AND revision <= $3",
        )
        .await?;
    let rows = c
        .query(&stmt, &[&env, &from, &to])
        .await?
        .iter()
        .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)))
        .collect();
    Ok((rows, super::config::feed_values(c, env, from, to).await?))
}

/// `env`'s project and revision when token `token` holds its keys: one of the token's own
/// environments or an ancestor of one (whose items the token inherits).
async fn watched_env<C: GenericClient>(
    c: &C,
    token: &str,
    env: Uuid,
) -> Result<Option<(Uuid, i64)>> {
    let stmt = c
        .prepare_cached(
            "WITH RECURSIVE chain(id) AS (
                 SELECT env_id FROM service_token_envs WHERE token_id = $1
                 UNION SELECT e.parent_id FROM envs e JOIN chain ON e.id = chain.id
                     WHERE e.parent_id IS NOT NULL)
             SELECT project_id, revision FROM envs
             WHERE id = $2 AND id IN (SELECT id FROM chain)",
        )
        .await?;
    Ok(c.query_opt(&stmt, &[&token, &env])
        .await?
        .map(|r| (r.get(0), r.get(1))))
}

/// Listens for new revisions on a dedicated connection and wakes `hub`'s waiters, until
/// the process ends; reconnects with backoff when the connection is lost.
pub async fn listen(url: String, hub: Arc<Hub>) {
    let mut backoff = Duration::from_millis(200);
    loop {
        match listen_once(&url, &hub).await {
            Ok(()) => backoff = Duration::from_millis(200),
            Err(e) => {
                tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "feed listener lost its connection");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
            }
        }
    }
}

/// One listening connection, from connect to its end.
async fn listen_once(url: &str, hub: &Hub) -> std::result::Result<(), StoreError> {
    let (client, mut connection) = tokio_postgres::connect(url, NoTls).await?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let pump = tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(tokio_postgres::AsyncMessage::Notification(n))) => {
                    if tx.send(n.payload().to_string()).is_err() {
                        return Ok(());
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            }
        }
    });
    client.batch_execute(&format!("LISTEN {CHANNEL}")).await?;
    // Anything committed while we were not listening: let every waiter look again.
    hub.wake_all();
    while let Some(payload) = rx.recv().await {
        if let Some((env, revision)) = parse_payload(&payload) {
            hub.announce(env, revision);
        }
    }
    drop(client);
    match pump.await {
        Ok(Err(e)) => Err(e.into()),
        _ => Err(StoreError::Backend(
            "the listening connection closed".into(),
        )),
    }
}

fn parse_payload(payload: &str) -> Option<(Uuid, i64)> {
    let (env, revision) = payload.split_once(':')?;
    Some((env.parse().ok()?, revision.parse().ok()?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn payloads_parse_and_garbage_is_ignored() {
        let env = uuid::Uuid::from_u128(7);
        assert_eq!(super::parse_payload(&format!("{env}:12")), Some((env, 12)));
        assert_eq!(super::parse_payload("nonsense"), None);
    }
}
