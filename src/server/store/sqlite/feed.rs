//! The change feed's read (docs/live.md): names per revision after a client's `since`.
//! SQLite serves one node, so waking waiters is the app's in-process hub alone.

use super::members::env_access;
use super::*;
use crate::server::store::feed;
use crate::server::store::tokens::{self, Refused, Watch, Watched};
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
                let (rows, values) = page_rows(c, env, since, access.revision)?;
                let page = feed::page(since, access.revision, rows, values);
                Ok((access.project, page))
            })();
            c.execute_batch("COMMIT")?;
            out
        })
        .await
    }

    pub(super) async fn token_changes(
        &self,
        watch: &Watch,
        env: Uuid,
        since: i64,
    ) -> Result<std::result::Result<Watched, Refused>> {
        let w = watch.clone();
        self.read(move |c| {
            // One read transaction: the token's row, its checks and the page agree.
            let tx = c.unchecked_transaction()?;
            let row = super::tokens::use_row(&tx, &w.id)?;
            if let Err(refused) = tokens::check_watch(row.as_ref(), &w.presented, w.client, w.now) {
                return Ok(Err(refused));
            }
            let row = row.expect("checked");
            let Some((project, revision)) = watched_env(&tx, &w.id, env)? else {
                return Err(tokens::not_watched(&row.name));
            };
            let (rows, values) = page_rows(&tx, env, since, revision)?;
            let page = feed::page(since, revision, rows, values);
            Ok(Ok(Watched {
                name: row.name,
                project,
                page: tokens::watch_page(page, &row.scope.names),
            }))
        })
        .await
    }
}

/// What the page for `since` at head `revision` is made of: the `(revision, name)` rows
/// and the served config values of that range.
type PageRows = (Vec<(i64, String)>, Vec<(i64, String, Option<String>)>);

fn page_rows(c: &Connection, env: Uuid, since: i64, revision: i64) -> Result<PageRows> {
    let Some((from, to)) = feed::rows_needed(since, revision) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let rows = c
        .prepare_cached(
            "SELECT revision, name FROM entries
             WHERE env_id = ?1 AND revision > ?2 AND revision <= ?3",
        )?
        .query_map(params![env.to_string(), from, to], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, super::config::feed_values(c, env, from, to)?))
}

/// `env`'s project and revision when token `token` holds its keys: one of the token's own
/// environments or an ancestor of one (whose items the token inherits).
fn watched_env(c: &Connection, token: &str, env: Uuid) -> Result<Option<(Uuid, i64)>> {
    c.prepare_cached(
        "WITH RECURSIVE chain(id) AS (
             SELECT env_id FROM service_token_envs WHERE token_id = ?1
             UNION SELECT e.parent_id FROM envs e JOIN chain ON e.id = chain.id
                 WHERE e.parent_id IS NOT NULL)
         SELECT project_id, revision FROM envs WHERE id = ?2 AND id IN (SELECT id FROM chain)",
    )?
    .query_row(params![token, env.to_string()], |r| {
        Ok((uuid_col(r, 0)?, r.get(1)?))
    })
    .optional()
    .map_err(Into::into)
}
