//! The change feed's endpoint (docs/live.md): `GET /v1/envs/{env_id}/changes?since=R&wait=S`
//! answers at once when the environment has a revision after `since`, else holds the
//! request up to `wait` seconds (at most [`MAX_WAIT_SECS`]) until a push wakes it.
//!
//! It never sends a blob, only revisions and names, and only to viewers and above (the
//! store checks, on every read). Waiting costs no database work: the request sleeps on the
//! node's [`Hub`](crate::server::feed::Hub) and reads the store only when woken. Answers
//! that carry names are audited (`feed`), like any read of names; "nothing new" is not.

use std::time::Duration;

use super::*;
use crate::server::store::tokens::Watch;
use crate::wire::feed::{FeedPage, MAX_WAIT_SECS};

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new()
        .route("/v1/envs/{env_id}/changes", get(changes::<S>))
        .merge(super::feed_ws::routes::<S>())
}

/// `?since=R&wait=S`.
#[derive(Debug, Deserialize)]
struct FeedQuery {
    #[serde(default)]
    since: i64,
    #[serde(default = "default_wait")]
    wait: u64,
}

fn default_wait() -> u64 {
    MAX_WAIT_SECS
}

fn check_query(q: &FeedQuery) -> Result<(), ApiErr> {
    let bad = |field: &str, rule: &str| {
        Err(ApiErr::invalid_field(&validate::Invalid {
            field: field.into(),
            rule: rule.into(),
        }))
    };
    if q.since < 0 {
        return bad("since", "a revision from 0");
    }
    if q.wait > MAX_WAIT_SECS {
        return bad("wait", &format!("seconds 0..={MAX_WAIT_SECS}"));
    }
    Ok(())
}

async fn changes<S: Store>(
    State(st): St<S>,
    w: Watcher,
    PathParams(env): PathParams<String>,
    Params(q): Params<FeedQuery>,
) -> Result<Json<FeedPage>, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    check_query(&q)?;
    // Subscribed before the first read, so a push landing between the read and the wait
    // still wakes us.
    let Some(mut waiter) = st.feed.subscribe(env) else {
        return Err(ApiErr::unavailable(
            "this server node holds as many feed requests as it may; retry in a few seconds or on another node",
        ));
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(q.wait);
    loop {
        let read = w.read(&st, env, q.since).await?;
        if !read.page.changes.is_empty() || read.page.pull_from.is_some() {
            let names = read.page.names();
            let found = Ok((read.project, read.page));
            return Ok(Json(audited_read(&st, read.event, found, |_| names).await?));
        }
        // A stopping node answers "nothing new" at once; the client asks again (another
        // node, or this one restarted) from the same revision.
        if st.feed.closed() {
            return Ok(Json(read.page));
        }
        if tokio::time::timeout_at(deadline, waiter.woken())
            .await
            .is_err()
        {
            return Ok(Json(read.page));
        }
    }
}

/// Who follows a feed: a member's device (viewers and above), or a service token
/// (`scsa_...`) for its own environments and their ancestors, which sees only the names
/// its globs match. A token's watch is checked like a use (revoked, expired, address) on
/// every read, but releases nothing and is not counted against `--max-uses`.
pub(super) enum Watcher {
    /// A device token.
    Member(Authed),
    /// A service token's id and the SHA-256 of the secret it presented.
    Token {
        id: String,
        presented: [u8; 32],
        origin: Origin,
    },
}

impl<S: Store> FromRequestParts<Arc<AppState<S>>> for Watcher {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, st: &Arc<AppState<S>>) -> Result<Self, ApiErr> {
        match super::tokens::credential(&parts.headers) {
            Some((id, presented)) => Ok(Watcher::Token {
                id,
                presented,
                origin: Origin::from_request_parts(parts, st).await?,
            }),
            None => Ok(Watcher::Member(
                Authed::from_request_parts(parts, st).await?,
            )),
        }
    }
}

/// One read of a feed: the environment's project, the page, and the audit entry to record
/// when the page carries names.
pub(super) struct Read {
    pub(super) project: Uuid,
    pub(super) page: FeedPage,
    pub(super) event: AuditEvent,
}

impl Watcher {
    /// The page after `since`, or the refusal (audited) as the error to answer.
    pub(super) async fn read<S: Store>(
        &self,
        st: &AppState<S>,
        env: Uuid,
        since: i64,
    ) -> Result<Read, ApiErr> {
        match self {
            Watcher::Member(a) => match st.store.changes(&a.caller, env, since).await {
                Ok((project, page)) => Ok(Read {
                    project,
                    page,
                    event: a.event("feed", Some(env)),
                }),
                Err(e) => Err(audited_refusal(st, a.event("feed", Some(env)), e).await),
            },
            Watcher::Token {
                id,
                presented,
                origin,
            } => {
                let watch = Watch {
                    id: id.clone(),
                    presented: *presented,
                    client: origin.ip,
                    now: now_ms(),
                };
                let mut event = origin.event(None, "feed", Some(env));
                event.actor = format!("token:{id}");
                event.target = Some(format!("token {id}"));
                match st.store.token_changes(&watch, env, since).await {
                    Ok(Ok(w)) => {
                        event.actor = format!("token:{}", w.name);
                        Ok(Read {
                            project: w.project,
                            page: w.page,
                            event,
                        })
                    }
                    Ok(Err(r)) => Err(super::tokens::refused_use(st, origin, event, r).await),
                    Err(e) => Err(audited_refusal(st, event, e).await),
                }
            }
        }
    }
}
