//! The change feed's read (docs/live.md): names per revision after a client's `since`.
//! SQLite serves one node, so waking waiters is the app's in-process hub alone.

use super::members::env_access;
use super::*;
use crate::server::store::feed;
use crate::wire::feed::FeedPage;
use crate::wire::team::Role;

impl SqliteStore {
    pub(super) async fn changes(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
    ) -> Result<(Uuid, FeedPage)> {
        let caller = caller.clone();
        self.read(move |c| {
            // One read transaction, so the head and the rows agree.
            c.execute_batch("BEGIN")?;
            let out = (|| {
                let access = env_access(c, &caller, env, Role::Viewer, "following an environment")?;
                let (rows, values) = match feed::rows_needed(since, access.revision) {
                    None => (Vec::new(), Vec::new()),
                    Some((from, to)) => (
                        c.prepare_cached(
                            "SELECT revision, name FROM entries
                             WHERE env_id = ?1 AND revision > ?2 AND revision <= ?3",
                        )?
                        .query_map(params![env.to_string(), from, to], |r| {
                            Ok((r.get(0)?, r.get(1)?))
                        })?
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                        super::config::feed_values(c, env, from, to)?,
                    ),
                };
                let page = feed::page(since, access.revision, rows, values);
                Ok((access.project, page))
            })();
            c.execute_batch("COMMIT")?;
            out
        })
        .await
    }
}
