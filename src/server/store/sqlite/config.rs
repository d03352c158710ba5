//! Served config on SQLite (docs/config-api.md): the serve flag, the `config_values` rows a
//! push, a serve-config request or a rollback writes (`store::config` decides which), and
//! the reads of the config API and of the feed's values.

use std::collections::HashMap;

use super::audit::append_audit;
use super::members::env_access;
use super::*;
use crate::server::store::config::{
    self, ConfigAsker, ConfigFound, ConfigQuery, ConfigRead, ConfigReader, ConfigRow, MAX_CHAIN,
    NewRow,
};
use crate::wire::ItemKind;
use crate::wire::config::{ServeConfig, ServeConfigDone};
use crate::wire::team::Role;

/// Whether `env`'s config is served, and its project.
fn serving(c: &Connection, env: Uuid) -> Result<Option<(Uuid, bool)>> {
    Ok(
        c.prepare_cached("SELECT project_id, serve_config FROM envs WHERE id = ?1")?
            .query_row([env.to_string()], |r| Ok((uuid_col(r, 0)?, r.get(1)?)))
            .optional()?,
    )
}

/// The newest row of each of `names` in `env`: its value (`None`: a deletion).
fn served_now<'a>(
    c: &Connection,
    env: Uuid,
    names: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, Option<String>>> {
    let mut stmt = c.prepare_cached(
        "SELECT value FROM config_values WHERE env_id = ?1 AND name = ?2
         ORDER BY version DESC LIMIT 1",
    )?;
    let mut out = HashMap::new();
    for name in names {
        let found: Option<Option<String>> = stmt
            .query_row(params![env.to_string(), name], |r| r.get(0))
            .optional()?;
        if let Some(value) = found {
            out.insert(name.to_string(), value);
        }
    }
    Ok(out)
}

/// The newest value `name` had in `env`.
fn last_value(c: &Connection, env: Uuid, name: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached(
        "SELECT value FROM config_values WHERE env_id = ?1 AND name = ?2 AND value IS NOT NULL
             ORDER BY version DESC LIMIT 1",
    )?
    .query_row(params![env.to_string(), name], |r| r.get(0))
    .optional()?)
}

/// Appends `rows`, each as its name's next version in `env`, written at `revision`.
fn write_rows(
    tx: &Connection,
    project: Uuid,
    env: Uuid,
    revision: i64,
    rows: &[NewRow],
    now: i64,
) -> Result<Vec<u64>> {
    let mut next = tx.prepare_cached(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM config_values WHERE env_id = ?1 AND name = ?2",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO config_values (project_id, env_id, name, version, value, deleted, author,
             created_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut versions = Vec::with_capacity(rows.len());
    for row in rows {
        let version: i64 = next.query_row(params![env.to_string(), row.name], |r| r.get(0))?;
        insert.execute(params![
            project.to_string(),
            env.to_string(),
            row.name,
            version,
            row.value,
            row.value.is_none(),
            row.author,
            now,
            revision
        ])?;
        versions.push(version as u64);
    }
    Ok(versions)
}

/// After a push to `env` landed at `revision`: the served rows it writes, when `env` is
/// served (nothing otherwise: a value sent to an environment that is not served is
/// dropped, never kept).
pub(super) fn record_push(
    tx: &Connection,
    env: Uuid,
    revision: i64,
    req: &PushRequest,
    author: &str,
    now: i64,
) -> Result<()> {
    let Some((project, true)) = serving(tx, env)? else {
        return Ok(());
    };
    let names = req.changes.iter().map(Change::name);
    let now_served = served_now(tx, env, names)?;
    let mut last = HashMap::new();
    for change in &req.changes {
        if let Change::Restore { name } = change
            && let Some(value) = last_value(tx, env, name)?
        {
            last.insert(name.clone(), value);
        }
    }
    let rows = config::push_rows(req, author, now_served, &last);
    write_rows(tx, project, env, revision, &rows, now)?;
    Ok(())
}

/// The served environments of `env`'s chain (itself first), with their depth.
fn served_chain(c: &Connection, env: Uuid) -> Result<Vec<(usize, Uuid)>> {
    let mut stmt = c.prepare_cached("SELECT parent_id, serve_config FROM envs WHERE id = ?1")?;
    let mut out = Vec::new();
    let mut at = Some(env);
    let mut seen = std::collections::HashSet::new();
    for depth in 0..MAX_CHAIN {
        let Some(id) = at.filter(|id| seen.insert(*id)) else {
            break;
        };
        let Some((parent, served)) = stmt
            .query_row([id.to_string()], |r| {
                Ok((opt_uuid_col(r, 0)?, r.get::<_, bool>(1)?))
            })
            .optional()?
        else {
            break;
        };
        if served {
            out.push((depth, id));
        }
        at = parent;
    }
    Ok(out)
}

/// The rows of one environment that `query` selects.
fn rows_of(c: &Connection, depth: usize, env: Uuid, query: &ConfigQuery) -> Result<Vec<ConfigRow>> {
    let map = |r: &rusqlite::Row<'_>| {
        Ok(ConfigRow {
            depth,
            env,
            name: r.get(0)?,
            version: r.get::<_, i64>(1)? as u64,
            value: r.get(2)?,
            author: r.get(3)?,
            at: r.get(4)?,
        })
    };
    let rows = match query {
        ConfigQuery::Latest(key) => {
            let (lo, hi) = config::prefix_range(key);
            c.prepare_cached(
                "SELECT c.name, c.version, c.value, c.author, c.created_at FROM config_values c
                 WHERE c.env_id = ?1 AND (c.name = ?2 OR (c.name >= ?3 AND c.name < ?4))
                   AND c.version = (SELECT MAX(version) FROM config_values
                                    WHERE env_id = c.env_id AND name = c.name)",
            )?
            .query_map(params![env.to_string(), key, lo, hi], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?
        }
        ConfigQuery::Versions(key) => c
            .prepare_cached(
                "SELECT name, version, value, author, created_at FROM config_values
                 WHERE env_id = ?1 AND name = ?2",
            )?
            .query_map(params![env.to_string(), key], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    Ok(rows)
}

/// The environments a config URL names: project and environment by id or name, oldest
/// first, at most 16.
fn candidates(c: &Connection, project: &str, env: &str) -> Result<Vec<Uuid>> {
    Ok(c.prepare_cached(
        "SELECT e.id FROM envs e JOIN projects p ON p.id = e.project_id
         WHERE (p.id = ?1 OR p.name = ?1) AND (e.id = ?2 OR e.name = ?2)
         ORDER BY e.created_at, e.id LIMIT 16",
    )?
    .query_map(params![project, env], |r| uuid_col(r, 0))?
    .collect::<rusqlite::Result<_>>()?)
}

/// The config read of `env` (in the caller's read transaction): a member's access is
/// checked (viewer), a token's was checked by the app.
fn read_in(
    c: &Connection,
    caller: Option<&Caller>,
    env: Uuid,
    query: &ConfigQuery,
) -> Result<ConfigRead> {
    let (project, revision) = match caller {
        Some(caller) => {
            let a = env_access(c, caller, env, Role::Viewer, "reading config")?;
            (a.project, a.revision)
        }
        None => c
            .prepare_cached("SELECT project_id, revision FROM envs WHERE id = ?1")?
            .query_row([env.to_string()], |r| Ok((uuid_col(r, 0)?, r.get(1)?)))
            .optional()?
            .ok_or(StoreError::NotFound("environment"))?,
    };
    let chain = served_chain(c, env)?;
    if chain.first().is_none_or(|(depth, _)| *depth != 0) {
        return Err(StoreError::NotServed);
    }
    let mut rows = Vec::new();
    for (depth, id) in chain {
        rows.extend(rows_of(c, depth, id, query)?);
    }
    Ok(ConfigRead {
        project,
        revision,
        rows,
    })
}

/// [`ConfigAsker`] owned, to move into the store's thread.
enum Asker {
    Member(Caller),
    Token(Vec<Uuid>),
}

/// The lookup of a config URL among `candidates` (in the caller's read transaction).
fn lookup_in(
    c: &Connection,
    asker: &Asker,
    candidates: &[Uuid],
    query: &ConfigQuery,
) -> Result<ConfigFound> {
    let Some(first) = candidates.first().copied() else {
        return Ok(ConfigFound::NoEnv);
    };
    match asker {
        Asker::Token(own) => match candidates.iter().find(|e| own.contains(e)).copied() {
            Some(env) => Ok(ConfigFound::Read(env, read_in(c, None, env, query)?)),
            None => Ok(ConfigFound::NotTokens(first)),
        },
        Asker::Member(caller) => {
            let mut last = None;
            for &env in candidates {
                match read_in(c, Some(caller), env, query) {
                    Ok(read) => return Ok(ConfigFound::Read(env, read)),
                    Err(e @ StoreError::Forbidden { .. }) => last = Some((env, e)),
                    Err(e) => return Err(e),
                }
            }
            let (env, e) = last.expect("a candidate was tried");
            Ok(ConfigFound::Refused(env, e))
        }
    }
}

impl SqliteStore {
    pub(super) async fn config_envs(&self, project: &str, env: &str) -> Result<Vec<Uuid>> {
        let (project, env) = (config::canonical(project), config::canonical(env));
        self.read(move |c| candidates(c, &project, &env)).await
    }

    pub(super) async fn config_read(
        &self,
        reader: ConfigReader<'_>,
        env: Uuid,
        query: ConfigQuery,
    ) -> Result<ConfigRead> {
        let caller = match reader {
            ConfigReader::Member(c) => Some(c.clone()),
            ConfigReader::Token => None,
        };
        self.read(move |c| {
            // One read transaction, so the chain and its rows agree.
            c.execute_batch("BEGIN")?;
            let out = read_in(c, caller.as_ref(), env, &query);
            c.execute_batch("COMMIT")?;
            out
        })
        .await
    }

    pub(super) async fn config_lookup(
        &self,
        asker: ConfigAsker<'_>,
        project: &str,
        env: &str,
        query: ConfigQuery,
    ) -> Result<ConfigFound> {
        let (project, env) = (config::canonical(project), config::canonical(env));
        let asker = match asker {
            ConfigAsker::Member(c) => Asker::Member(c.clone()),
            ConfigAsker::Token(own) => Asker::Token(own.to_vec()),
        };
        self.read(move |c| {
            // One read transaction: the names resolve to the environments read.
            c.execute_batch("BEGIN")?;
            let out = candidates(c, &project, &env)
                .and_then(|found| lookup_in(c, &asker, &found, &query));
            c.execute_batch("COMMIT")?;
            out
        })
        .await
    }

    pub(super) async fn config_rollback(
        &self,
        caller: &Caller,
        env: Uuid,
        key: &str,
        version: u64,
        mut audit: AuditEvent,
    ) -> Result<(Uuid, i64, ConfigRow)> {
        let (caller, key) = (caller.clone(), key.to_string());
        self.write(move |tx| {
            let access = env_access(tx, &caller, env, Role::Writer, "rolling config back")?;
            audit.project = Some(access.project);
            if !matches!(serving(tx, env)?, Some((_, true))) {
                return Err(StoreError::NotServed);
            }
            if super::proposals::approvals(tx, env)? > 0 {
                return Err(StoreError::forbidden(
                    Some(access.project),
                    "the environment is protected (changes there need approvals): change the item from a device and push, which makes a proposal",
                ));
            }
            let rows = rows_of(tx, 0, env, &ConfigQuery::Versions(key.clone()))?;
            let value = config::rollback_value(&rows, &key, version)?;
            let revision = access.revision + 1;
            tx.execute(
                "UPDATE envs SET revision = ?1 WHERE id = ?2",
                params![revision, env.to_string()],
            )?;
            let row = NewRow {
                name: key.clone(),
                value: Some(value.clone()),
                author: audit.actor.clone(),
            };
            let written = write_rows(tx, access.project, env, revision, &[row], audit.at)?;
            audit.names = vec![key.clone()];
            audit.target = Some(format!("version {version}"));
            append_audit(tx, &[audit.clone()])?;
            Ok((
                access.project,
                revision,
                ConfigRow {
                    depth: 0,
                    env,
                    name: key,
                    version: written[0],
                    value: Some(value),
                    author: audit.actor,
                    at: audit.at,
                },
            ))
        })
        .await
    }

    pub(super) async fn serve_config(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &ServeConfig,
        mut audit: AuditEvent,
    ) -> Result<ServeConfigDone> {
        let (caller, req) = (caller.clone(), req.clone());
        self.write(move |tx| {
            let access = env_access(tx, &caller, env, Role::Admin, "serving config")?;
            audit.project = Some(access.project);
            audit.target = Some(if req.serve { "serve" } else { "stop" }.into());
            tx.execute(
                "UPDATE envs SET serve_config = ?1 WHERE id = ?2",
                params![req.serve, env.to_string()],
            )?;
            let mut stored = 0;
            if req.serve {
                let latest = latest_items(tx, env)?;
                let names = req.values.iter().map(|v| v.name.as_str());
                let now = served_now(tx, env, names)?;
                let rows = config::serve_rows(&req.values, &latest, &now, &audit.actor)?;
                write_rows(tx, access.project, env, access.revision, &rows, audit.at)?;
                stored = rows.len();
                audit.names = rows.into_iter().map(|r| r.name).collect();
            } else {
                tx.execute(
                    "DELETE FROM config_values WHERE env_id = ?1",
                    [env.to_string()],
                )?;
            }
            append_audit(tx, &[audit])?;
            Ok(ServeConfigDone {
                env_id: env,
                serve: req.serve,
                values: stored,
            })
        })
        .await
    }
}

/// Every live item of `env` with its latest version and kind.
fn latest_items(c: &Connection, env: Uuid) -> Result<HashMap<String, (u64, ItemKind)>> {
    Ok(c.prepare_cached(
        "SELECT i.name, e.version, e.kind FROM items i JOIN entries e
                 ON e.env_id = i.env_id AND e.seq = i.latest_seq
             WHERE i.env_id = ?1 AND NOT i.deleted",
    )?
    .query_map([env.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            (
                r.get::<_, i64>(1)? as u64,
                kind_from_name(&r.get::<_, String>(2)?),
            ),
        ))
    })?
    .collect::<rusqlite::Result<_>>()?)
}

/// The served values the feed carries for revisions `from < r <= to` of `env`, as
/// `(revision, name, value)`; none when `env` is not served.
pub(super) fn feed_values(
    c: &Connection,
    env: Uuid,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, String, Option<String>)>> {
    if !matches!(serving(c, env)?, Some((_, true))) {
        return Ok(Vec::new());
    }
    Ok(c.prepare_cached(
        "SELECT revision, name, value FROM config_values
             WHERE env_id = ?1 AND revision > ?2 AND revision <= ?3 ORDER BY version",
    )?
    .query_map(params![env.to_string(), from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?
    .collect::<rusqlite::Result<_>>()?)
}

impl SqliteStore {
    pub(super) async fn config_token(
        &self,
        id: &str,
        presented: crate::server::store::token_write::Presented,
        client: std::net::IpAddr,
        at: i64,
    ) -> Result<
        std::result::Result<
            (crate::server::store::tokens::UseRow, Vec<Uuid>),
            crate::server::store::tokens::Refused,
        >,
    > {
        let id = id.to_string();
        self.read(move |c| {
            let row = super::tokens::use_row(c, &id)?;
            let checked = crate::server::store::tokens::check_use(
                row.as_ref(),
                &presented.secret,
                client,
                &presented.oidc,
                at,
            );
            if let Err(refused) = checked {
                return Ok(Err(refused));
            }
            let envs = super::token_write::own_envs(c, &id)?;
            Ok(Ok((row.expect("checked"), envs)))
        })
        .await
    }
}
