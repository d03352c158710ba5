//! The server's audit trail: who read or wrote which environment, chained by SHA-256 in the
//! store (`wire::RemoteAuditEntry::chain_hash`, the same idea as the vault's chain).
//!
//! Writes (login, push, env keys) append their entry inside their own transaction. Reads
//! append through [`AuditSink`], which gathers the entries of concurrent requests into one
//! transaction (group commit), so a read costs a share of one commit rather than one each.
//! Either way the response waits for the entry: if it cannot be written, the request fails
//! (fail closed) and nothing is returned. A service token's use without `--max-uses` is
//! a read too: its count rides in the same batch, summed per token.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::error::ApiErr;
use super::store::tokens::UseCount;
use super::store::{AuditEvent, Store};

/// Entries written in one transaction at most.
const MAX_BATCH: usize = 1024;

/// The batch's outcome; on failure the store's error text, which each request logs under
/// its own id (the writer task runs outside every request's span).
type Ack = oneshot::Sender<Result<(), String>>;

/// One request's share of a batch: its entries, and a service token's use to count.
struct Record {
    events: Vec<AuditEvent>,
    token_use: Option<UseCount>,
    ack: Ack,
}

/// Hands audit events to the writer task and waits for them to be stored.
#[derive(Debug, Clone)]
pub struct AuditSink {
    tx: mpsc::Sender<Record>,
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("events", &self.events.len())
            .finish_non_exhaustive()
    }
}

impl AuditSink {
    /// Starts the writer task; it ends when every sink clone is dropped, after writing
    /// what was queued.
    pub fn start<S: Store>(store: Arc<S>) -> (Self, tokio::task::JoinHandle<()>) {
        let (tx, mut rx) = mpsc::channel::<Record>(4 * MAX_BATCH);
        let writer = tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                let mut size = batch[0].events.len();
                while size < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(record) => {
                            size += record.events.len();
                            batch.push(record);
                        }
                        Err(_) => break,
                    }
                }
                let result = write_batch(&*store, &mut batch).await;
                for record in batch {
                    let _ = record.ack.send(result.clone());
                }
            }
        });
        (AuditSink { tx }, writer)
    }

    /// Stores `event` in the chain, or fails the request.
    pub async fn record(&self, event: AuditEvent) -> Result<(), ApiErr> {
        self.send(vec![event], None).await
    }

    /// Stores the audit entries of a service token's use and counts the use (a token
    /// without `--max-uses`: its use was a read), or fails the request.
    pub async fn record_use(
        &self,
        events: Vec<AuditEvent>,
        token_use: UseCount,
    ) -> Result<(), ApiErr> {
        self.send(events, Some(token_use)).await
    }

    async fn send(
        &self,
        events: Vec<AuditEvent>,
        token_use: Option<UseCount>,
    ) -> Result<(), ApiErr> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send(Record {
                events,
                token_use,
                ack,
            })
            .await
            .map_err(|_| ApiErr::unavailable("the server is shutting down"))?;
        match done.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(cause)) => {
                tracing::error!(error = %cause, "audit write failed; refusing the request");
                Err(ApiErr::internal())
            }
            Err(_) => {
                tracing::error!("the audit writer stopped before answering");
                Err(ApiErr::internal())
            }
        }
    }
}

/// Writes a batch's entries in one transaction and, beside it, its token uses summed per
/// token. The two commits go out together (separate connections) rather than one after
/// the other: the counts are those of tokens without `--max-uses` (a limited token is
/// counted in its use's own transaction), so they bound nothing, and a batch whose entries
/// fail fails every one of its requests either way.
async fn write_batch<S: Store>(store: &S, batch: &mut [Record]) -> Result<(), String> {
    let events: Vec<AuditEvent> = batch
        .iter_mut()
        .flat_map(|r| std::mem::take(&mut r.events))
        .collect();
    let mut uses = std::collections::HashMap::<String, UseCount>::new();
    for u in batch.iter_mut().filter_map(|r| r.token_use.take()) {
        uses.entry(u.token_id.clone())
            .and_modify(|c| {
                c.uses += u.uses;
                c.last_used_at = c.last_used_at.max(u.last_used_at);
            })
            .or_insert(u);
    }
    let uses: Vec<UseCount> = uses.into_values().collect();
    let entries = async {
        match events.is_empty() {
            true => Ok(()),
            false => store.append_audit(events).await,
        }
    };
    let counts = async {
        match uses.is_empty() {
            true => Ok(()),
            false => store.count_token_uses(uses).await,
        }
    };
    let (entries, counts) = tokio::join!(entries, counts);
    entries.and(counts).map_err(|e| e.to_string())
}
