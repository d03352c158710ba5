//! Following a token's environments on the server's change feed (docs/live.md): a
//! long-poll per environment with the token's own credential, telling the caller when to
//! fetch the token's values again. Watching is not a use: it releases nothing, so it is
//! not counted against `--max-uses`; the fetch that follows a change is.
//!
//! Only revisions and names travel; values come with the next use, decrypted here.
//! Never prints; one thread per environment, each ending when the receiver is dropped.

use std::sync::mpsc::Sender;
use std::time::Duration;

use rand::Rng as _;
use uuid::Uuid;

use super::{ServiceToken, TokenError};
use crate::sync::SyncError;
use crate::sync::transport::Transport;
use crate::wire::feed::FeedPage;

/// How long the server may hold one long-poll.
const WAIT_SECS: u64 = 25;
/// First retry delay after a failure; doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Starts one watcher thread per environment in `envs` (the token's own and their
/// ancestors). Each sends `()` on `changed` when the caller should fetch the token's values
/// again: once after learning the environment's head revision (so a push between the
/// caller's first fetch and the start of watching is not missed), then on each change it
/// may see. A refusal of the feed (an older server that takes only device credentials, a
/// revoked token) also says so, at most once per backoff: the fetch is what decides whether
/// the token still opens anything. A server that does not answer is retried with backoff
/// and jitter and says nothing: the caller's own fetches report it.
pub fn watch(token: &ServiceToken, envs: &[Uuid], changed: Sender<()>) -> Result<(), TokenError> {
    for &env in envs {
        let mut transport = Transport::new(&token.urls, false)?;
        transport.set_token(token.credential());
        // Failures come back at once; this loop retries with jitter itself.
        transport.set_retry_for(Duration::ZERO);
        let changed = changed.clone();
        std::thread::Builder::new()
            .name("secretscli-token-feed".into())
            .spawn(move || follow(transport, env, &changed))
            .map_err(|e| TokenError::Sync(SyncError::Protocol(e.to_string())))?;
    }
    Ok(())
}

/// One environment's long-poll loop, until the receiver is gone.
fn follow(mut transport: Transport, env: Uuid, changed: &Sender<()>) {
    let mut since: Option<i64> = None;
    let mut backoff = FIRST_BACKOFF;
    loop {
        let (from, wait) = since.map_or((0, 0), |s| (s, WAIT_SECS));
        let path = format!("v1/envs/{env}/changes?since={from}&wait={wait}");
        let fetch = match transport.get::<FeedPage>(&path) {
            Ok(page) => {
                backoff = FIRST_BACKOFF;
                let news = !page.changes.is_empty() || page.pull_from.is_some();
                let first = since.is_none();
                since = Some(page.revision);
                first || news
            }
            Err(e) => {
                std::thread::sleep(backoff.mul_f64(rand::thread_rng().gen_range(0.5..1.5)));
                backoff = (backoff * 2).min(MAX_BACKOFF);
                matches!(
                    e,
                    SyncError::Unauthorized { .. } | SyncError::Forbidden { .. }
                )
            }
        };
        if fetch && changed.send(()).is_err() {
            return;
        }
    }
}
