//! Served config on PostgreSQL (docs/config-api.md): the serve flag, the `config_values`
//! rows a push, a serve-config request or a rollback writes (`store::config` decides
//! which), and the reads of the config API and of the feed's values. Writes run under the
//! environment's row lock, like a push, so versions and revisions stay serial across nodes.

use std::collections::HashMap;

use super::audit::append_audit;
use super::members::env_access;
use super::*;
use crate::server::store::config::{
    self, ConfigAsker, ConfigFound, ConfigQuery, ConfigRead, ConfigReader, ConfigRow, MAX_CHAIN,
    NewRow,
};
use crate::server::store::token_write::Presented;
use crate::server::store::tokens::{Refused, UseRow};
use crate::wire::ItemKind;
use crate::wire::config::{ServeConfig, ServeConfigDone};
use crate::wire::team::Role;

/// Whether `env`'s config is served, and its project.
async fn serving<C: GenericClient>(c: &C, env: Uuid) -> Result<Option<(Uuid, bool)>> {
    let stmt = c
        .prepare_cached("SELECT project_id, serve_config FROM envs WHERE id = $1")
        .await?;
    Ok(c.query_opt(&stmt, &[&env])
        .await?
        .map(|r| (r.get(0), r.get(1))))
}

/// The newest row of each of `names` in `env`: its value (`None`: a deletion).
async fn served_now<C: GenericClient>(
    c: &C,
    env: Uuid,
    names: &[&str],
) -> Result<HashMap<String, Option<String>>> {
    let stmt = c
        .prepare_cached(
            "SELECT DISTINCT ON (name) name, value FROM config_values
             WHERE env_id = $1 AND name = ANY($2) ORDER BY name, version DESC",
        )
        .await?;
    Ok(c.query(&stmt, &[&env, &names])
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

/// The newest value each of `names` had in `env`.
async fn last_values<C: GenericClient>(
    c: &C,
    env: Uuid,
    names: &[&str],
) -> Result<HashMap<String, String>> {
    let stmt = c
        .prepare_cached(
            "SELECT DISTINCT ON (name) name, value FROM config_values
             WHERE env_id = $1 AND name = ANY($2) AND value IS NOT NULL
             ORDER BY name, version DESC",
        )
        .await?;
    Ok(c.query(&stmt, &[&env, &names])
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

/// Appends `rows`, each as its name's next version in `env`, written at `revision`.
async fn write_rows<C: GenericClient>(
    tx: &C,
    project: Uuid,
    env: Uuid,
    revision: i64,
    rows: &[NewRow],
    now: i64,
) -> Result<Vec<u64>> {
    let next = tx
        .prepare_cached(
            "SELECT COALESCE(MAX(version), 0)::bigint + 1 FROM config_values
             WHERE env_id = $1 AND name = $2",
        )
        .await?;
    let insert = tx
        .prepare_cached(
            "INSERT INTO config_values (project_id, env_id, name, version, value, deleted,
                 author, created_at, revision)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .await?;
    let mut versions = Vec::with_capacity(rows.len());
    for row in rows {
        let version: i64 = tx.query_one(&next, &[&env, &row.name]).await?.get(0);
        tx.execute(
            &insert,
            &[
                &project,
                &env,
                &row.name,
                &version,
                &row.value,
                &row.value.is_none(),
                &row.author,
                &now,
                &revision,
            ],
        )
        .await?;
        versions.push(version as u64);
    }
    Ok(versions)
}

/// After a push to `env` landed at `revision`: the served rows it writes, when `env` is
/// served (nothing otherwise: a value sent to an environment that is not served is
/// dropped, never kept).
pub(super) async fn record_push<C: GenericClient>(
    tx: &C,
    env: Uuid,
    revision: i64,
    req: &PushRequest,
    author: &str,
    now: i64,
) -> Result<()> {
    let Some((project, true)) = serving(tx, env).await? else {
        return Ok(());
    };
    let names: Vec<&str> = req.changes.iter().map(Change::name).collect();
    let now_served = served_now(tx, env, &names).await?;
    let restored: Vec<&str> = req
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Restore { name } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let last = last_values(tx, env, &restored).await?;
    let rows = config::push_rows(req, author, now_served, &last);
    write_rows(tx, project, env, revision, &rows, now).await?;
    Ok(())
}

/// The environments a config URL names: project and environment by id or name, oldest
/// first, at most 16.
async fn candidates<C: GenericClient>(c: &C, project: &str, env: &str) -> Result<Vec<Uuid>> {
    let (project, env) = (config::canonical(project), config::canonical(env));
    let stmt = c
        .prepare_cached(
            "SELECT e.id FROM envs e JOIN projects p ON p.id = e.project_id
             WHERE (p.id::text = $1 OR p.name = $1) AND (e.id::text = $2 OR e.name = $2)
             ORDER BY e.created_at, e.id LIMIT 16",
        )
        .await?;
    Ok(c.query(&stmt, &[&project, &env])
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// The config read of `env`: a member's access is checked (viewer), a token's was checked
/// by the app. The chain and its rows come from one statement, so they agree without a
/// transaction (a read costs two or three round trips, not six).
async fn read_in<C: GenericClient>(
    c: &C,
    caller: Option<&Caller>,
    env: Uuid,
    query: &ConfigQuery,
) -> Result<ConfigRead> {
    if let Some(caller) = caller {
        env_access(c, caller, env, false, Role::Viewer, "reading config").await?;
    }
    let rows = chain_rows(c, env, query).await?;
    let Some(asked) = rows.first() else {
        return Err(StoreError::NotFound("environment"));
    };
    if !asked.get::<_, bool>(2) {
        return Err(StoreError::NotServed);
    }
    let (project, revision) = (asked.get(3), asked.get(4));
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut last = None;
    for r in &rows {
        let (depth, env): (i32, Uuid) = (r.get(0), r.get(1));
        // A cycle (never made, but bounded anyway) ends the chain at its first repeat.
        if last != Some(env) && !seen.insert(env) {
            break;
        }
        last = Some(env);
        let Some(name) = r.get::<_, Option<String>>(5) else {
            continue;
        };
        out.push(ConfigRow {
            depth: depth as usize,
            env,
            name,
            version: r.get::<_, i64>(6) as u64,
            value: r.get(7),
            author: r.get(8),
            at: r.get(9),
        });
    }
    Ok(ConfigRead {
        project,
        revision,
        rows: out,
    })
}

/// `env`'s chain (itself first, then its ancestors, at most [`MAX_CHAIN`]) as rows of
/// depth, id, served, project, revision, then the config rows `query` selects of each
/// served one (NULLs when none), in one statement.
async fn chain_rows<C: GenericClient>(c: &C, env: Uuid, query: &ConfigQuery) -> Result<Vec<Row>> {
    let (values, params): (&str, Vec<String>) = match query {
        ConfigQuery::Latest(key) => {
            let (lo, hi) = config::prefix_range(key);
            (
                "SELECT DISTINCT ON (name) name, version, value, author, created_at
                 FROM config_values
                 WHERE c.serve AND env_id = c.id AND (name = $2 OR (name >= $3 COLLATE \"C\" AND name < $4 COLLATE \"C\"))
                 ORDER BY name, version DESC",
                vec![key.clone(), lo, hi],
            )
        }
        ConfigQuery::Versions(key) => (
            "SELECT name, version, value, author, created_at FROM config_values
             WHERE c.serve AND env_id = c.id AND name = $2",
            vec![key.clone()],
        ),
    };
    let sql = format!(
        "WITH RECURSIVE chain(id, parent_id, serve, project_id, revision, depth) AS (
             SELECT id, parent_id, serve_config, project_id, revision, 0 FROM envs WHERE id = $1
             UNION ALL
             SELECT e.id, e.parent_id, e.serve_config, e.project_id, e.revision, c.depth + 1
             FROM envs e JOIN chain c ON e.id = c.parent_id WHERE c.depth < {}
         )
         SELECT c.depth, c.id, c.serve, c.project_id, c.revision,
             v.name, v.version, v.value, v.author, v.created_at
         FROM chain c LEFT JOIN LATERAL ({values}) v ON true
         ORDER BY c.depth, v.name, v.version",
        MAX_CHAIN - 1
    );
    let stmt = c.prepare_cached(&sql).await?;
    let mut args: Vec<&(dyn ToSql + Sync)> = vec![&env];
    args.extend(params.iter().map(|p| p as &(dyn ToSql + Sync)));
    Ok(c.query(&stmt, &args).await?)
}

/// The rows of one environment that `query` selects.
async fn rows_of<C: GenericClient>(
    c: &C,
    depth: usize,
    env: Uuid,
    query: &ConfigQuery,
) -> Result<Vec<ConfigRow>> {
    let rows = match query {
        ConfigQuery::Latest(key) => {
            let (lo, hi) = config::prefix_range(key);
            let stmt = c
                .prepare_cached(
                    "SELECT DISTINCT ON (name) name, version, value, author, created_at
                     FROM config_values
                     WHERE env_id = $1 AND (name = $2 OR (name >= $3 COLLATE \"C\" AND name < $4 COLLATE \"C\"))
                     ORDER BY name, version DESC",
                )
                .await?;
            c.query(&stmt, &[&env, key, &lo, &hi]).await?
        }
        ConfigQuery::Versions(key) => {
            let stmt = c
                .prepare_cached(
                    "SELECT name, version, value, author, created_at FROM config_values
                     WHERE env_id = $1 AND name = $2",
                )
                .await?;
            c.query(&stmt, &[&env, key]).await?
        }
    };
    Ok(rows
        .iter()
        .map(|r| ConfigRow {
            depth,
            env,
            name: r.get(0),
            version: r.get::<_, i64>(1) as u64,
            value: r.get(2),
            author: r.get(3),
            at: r.get(4),
        })
        .collect())
}

/// Every live item of `env` with its latest version and kind.
async fn latest_items<C: GenericClient>(
    c: &C,
    env: Uuid,
) -> Result<HashMap<String, (u64, ItemKind)>> {
    Ok(c.query(
        "SELECT i.name, e.version, e.kind FROM items i JOIN entries e
                 ON e.env_id = i.env_id AND e.seq = i.latest_seq
             WHERE i.env_id = $1 AND NOT i.deleted",
        &[&env],
    )
    .await?
    .iter()
    .map(|r| {
        let kind: String = r.get(2);
        (r.get(0), (r.get::<_, i64>(1) as u64, kind_from_name(&kind)))
    })
    .collect())
}

/// The served values the feed carries for revisions `from < r <= to` of `env`, as
/// `(revision, name, value)`; none when `env` is not served.
pub(super) async fn feed_values<C: GenericClient>(
    c: &C,
    env: Uuid,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, String, Option<String>)>> {
    if !matches!(serving(c, env).await?, Some((_, true))) {
        return Ok(Vec::new());
    }
    Ok(c.query(
        "SELECT revision, name, value FROM config_values
             WHERE env_id = $1 AND revision > $2 AND revision <= $3 ORDER BY version",
        &[&env, &from, &to],
    )
    .await?
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect())
}

impl PgStore {
    pub(super) async fn config_envs(&self, project: &str, env: &str) -> Result<Vec<Uuid>> {
        let client = self.pool.get().await?;
        candidates(&client, project, env).await
    }

    pub(super) async fn config_read(
        &self,
        reader: ConfigReader<'_>,
        env: Uuid,
        query: ConfigQuery,
    ) -> Result<ConfigRead> {
        let client = self.pool.get().await?;
        let caller = match reader {
            ConfigReader::Member(caller) => Some(caller),
            ConfigReader::Token => None,
        };
        read_in(&client, caller, env, &query).await
    }

    pub(super) async fn config_lookup(
        &self,
        asker: ConfigAsker<'_>,
        project: &str,
        env: &str,
        query: ConfigQuery,
    ) -> Result<ConfigFound> {
        let tx = self.pool.get().await?;
        let found = candidates(&tx, project, env).await?;
        let Some(first) = found.first().copied() else {
            return Ok(ConfigFound::NoEnv);
        };
        let out = match asker {
            ConfigAsker::Token(own) => match found.iter().find(|e| own.contains(e)).copied() {
                Some(env) => ConfigFound::Read(env, read_in(&tx, None, env, &query).await?),
                None => ConfigFound::NotTokens(first),
            },
            ConfigAsker::Member(caller) => {
                let mut last = None;
                let mut read = None;
                for env in found {
                    match read_in(&tx, Some(caller), env, &query).await {
                        Ok(r) => {
                            read = Some((env, r));
                            break;
                        }
                        Err(e @ StoreError::Forbidden { .. }) => last = Some((env, e)),
                        Err(e) => return Err(e),
                    }
                }
                match (read, last) {
                    (Some((env, r)), _) => ConfigFound::Read(env, r),
                    (None, Some((env, e))) => ConfigFound::Refused(env, e),
                    (None, None) => unreachable!("a candidate was tried"),
                }
            }
        };
        Ok(out)
    }

    pub(super) async fn config_rollback(
        &self,
        caller: &Caller,
        env: Uuid,
        key: &str,
        version: u64,
        mut audit: AuditEvent,
    ) -> Result<(Uuid, i64, ConfigRow)> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let access =
            env_access(&tx, caller, env, true, Role::Writer, "rolling config back").await?;
        audit.project = Some(access.project);
        if !matches!(serving(&tx, env).await?, Some((_, true))) {
            return Err(StoreError::NotServed);
        }
        if super::proposals::approvals(&tx, env).await? > 0 {
            return Err(StoreError::forbidden(
                Some(access.project),
                "the environment is protected (changes there need approvals): change the item from a device and push, which makes a proposal",
            ));
        }
        let rows = rows_of(&tx, 0, env, &ConfigQuery::Versions(key.to_string())).await?;
        let value = config::rollback_value(&rows, key, version)?;
        let revision = access.revision + 1;
        tx.execute(
            "UPDATE envs SET revision = $1 WHERE id = $2",
            &[&revision, &env],
        )
        .await?;
        let row = NewRow {
            name: key.to_string(),
            value: Some(value.clone()),
            author: audit.actor.clone(),
        };
        let written = write_rows(&tx, access.project, env, revision, &[row], audit.at).await?;
        audit.names = vec![key.to_string()];
        audit.target = Some(format!("version {version}"));
        append_audit(&tx, std::slice::from_ref(&audit)).await?;
        super::feed::notify(&tx, env, revision).await?;
        tx.commit().await?;
        Ok((
            access.project,
            revision,
            ConfigRow {
                depth: 0,
                env,
                name: key.to_string(),
                version: written[0],
                value: Some(value),
                author: audit.actor,
                at: audit.at,
            },
        ))
    }

    pub(super) async fn serve_config(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &ServeConfig,
        mut audit: AuditEvent,
    ) -> Result<ServeConfigDone> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let access = env_access(&tx, caller, env, true, Role::Admin, "serving config").await?;
        audit.project = Some(access.project);
        audit.target = Some(if req.serve { "serve" } else { "stop" }.into());
        tx.execute(
            "UPDATE envs SET serve_config = $1 WHERE id = $2",
            &[&req.serve, &env],
        )
        .await?;
        let mut stored = 0;
        if req.serve {
            let latest = latest_items(&tx, env).await?;
            let names: Vec<&str> = req.values.iter().map(|v| v.name.as_str()).collect();
            let now = served_now(&tx, env, &names).await?;
            let rows = config::serve_rows(&req.values, &latest, &now, &audit.actor)?;
            write_rows(&tx, access.project, env, access.revision, &rows, audit.at).await?;
            stored = rows.len();
            audit.names = rows.into_iter().map(|r| r.name).collect();
        } else {
            tx.execute("DELETE FROM config_values WHERE env_id = $1", &[&env])
                .await?;
        }
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(ServeConfigDone {
            env_id: env,
            serve: req.serve,
            values: stored,
        })
    }

    pub(super) async fn config_token(
        &self,
        id: &str,
        presented: Presented,
        client_ip: std::net::IpAddr,
        at: i64,
    ) -> Result<std::result::Result<(UseRow, Vec<Uuid>), Refused>> {
        let mut client = self.pool.get().await?;
        let tx = client.build_transaction().read_only(true).start().await?;
        let found = super::tokens::use_row(&tx, id, false).await?;
        let row = found.as_ref().map(|(r, _)| r);
        let checked = crate::server::store::tokens::check_use(
            row,
            &presented.secret,
            client_ip,
            &presented.oidc,
            at,
        );
        if let Err(refused) = checked {
            return Ok(Err(refused));
        }
        let (row, _) = found.expect("checked");
        let own: Vec<Uuid> = tx
            .query(
                "SELECT env_id FROM service_token_envs WHERE token_id = $1",
                &[&id],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        tx.commit().await?;
        Ok(Ok((row, own)))
    }
}
