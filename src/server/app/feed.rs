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
    a: Authed,
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
        let (project, page) = match st.store.changes(&a.caller, env, q.since).await {
            Ok(found) => found,
            Err(e) => return Err(refused(&st, &a, env, e).await),
        };
        if !page.changes.is_empty() || page.pull_from.is_some() {
            let names = page.names();
            let event = a.event("feed", Some(env));
            return Ok(Json(
                audited_read(&st, event, Ok((project, page)), |_| names).await?,
            ));
        }
        // A stopping node answers "nothing new" at once; the client asks again (another
        // node, or this one restarted) from the same revision.
        if st.feed.closed() {
            return Ok(Json(page));
        }
        if tokio::time::timeout_at(deadline, waiter.woken())
            .await
            .is_err()
        {
            return Ok(Json(page));
        }
    }
}

/// A failed read of the feed as an error, audited when it was a refusal.
pub(super) async fn refused<S: Store>(
    st: &AppState<S>,
    a: &Authed,
    env: Uuid,
    e: StoreError,
) -> ApiErr {
    let event = a.event("feed", Some(env));
    match audited_read(st, event, Err::<(Uuid, ()), _>(e), |_| Vec::new()).await {
        Err(e) => e,
        Ok(()) => ApiErr::internal(),
    }
}
