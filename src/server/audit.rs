//! The server's audit trail: who read or wrote which environment, chained by SHA-256 in the
//! store (`wire::RemoteAuditEntry::chain_hash`, the same idea as the vault's chain).
//!
//! Writes (login, push, env keys) append their entry inside their own transaction. Reads
//! append through [`AuditSink`], which gathers the entries of concurrent requests into one
//! transaction (group commit), so a read costs a share of one commit rather than one each.
//! Either way the response waits for the entry: if it cannot be written, the request fails
//! (fail closed) and nothing is returned.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::error::ApiErr;
use super::store::{AuditEvent, Store};

/// Entries written in one transaction at most.
const MAX_BATCH: usize = 1024;

/// The batch's outcome; on failure the store's error text, which each request logs under
/// its own id (the writer task runs outside every request's span).
type Ack = oneshot::Sender<Result<(), String>>;

/// Hands audit events to the writer task and waits for them to be stored.
#[derive(Debug, Clone)]
pub struct AuditSink {
    tx: mpsc::Sender<(AuditEvent, Ack)>,
}

impl AuditSink {
    /// Starts the writer task; it ends when every sink clone is dropped, after writing
    /// what was queued.
    pub fn start<S: Store>(store: Arc<S>) -> (Self, tokio::task::JoinHandle<()>) {
        let (tx, mut rx) = mpsc::channel::<(AuditEvent, Ack)>(4 * MAX_BATCH);
        let writer = tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut events = vec![first.0];
                let mut acks = vec![first.1];
                while events.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok((event, ack)) => {
                            events.push(event);
                            acks.push(ack);
                        }
                        Err(_) => break,
                    }
                }
                let result = store.append_audit(events).await.map_err(|e| e.to_string());
                for ack in acks {
                    let _ = ack.send(result.clone());
                }
            }
        });
        (AuditSink { tx }, writer)
    }

    /// Stores `event` in the chain, or fails the request.
    pub async fn record(&self, event: AuditEvent) -> Result<(), ApiErr> {
        let (ack, done) = oneshot::channel();
        self.tx
            .send((event, ack))
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
