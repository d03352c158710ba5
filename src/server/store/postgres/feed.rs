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
        let (rows, values) = match feed::rows_needed(since, access.revision) {
            None => (Vec::new(), Vec::new()),
            Some((from, to)) => (
                tx.query(
                    "SELECT revision, name FROM entries
                     WHERE env_id = $1 AND revision > $2 AND revision <= $3",
                    &[&env, &from, &to],
                )
                .await?
                .iter()
                .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)))
                .collect(),
                super::config::feed_values(&tx, env, from, to).await?,
            ),
        };
        tx.commit().await?;
        let page = feed::page(since, access.revision, rows, values);
        Ok((access.project, page))
    }
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
