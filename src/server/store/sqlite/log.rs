//! Each environment's append-only log: pushes (compare-and-set, idempotent), log pages,
//! heads and snapshots.

use super::audit::append_audit;
use super::members::env_access;
use super::*;
use crate::server::store::access::below_floor;
use crate::wire::team::Role;

/// Columns of `entries` that `entry_from_row` reads, in order.
pub(super) const ENTRY_COLS: &str =
    "e.revision, e.op, e.name, e.version, e.kind, e.literal, e.key_version,
    e.wrapped_data_key, e.ciphertext, e.created_at, e.author, e.previous_version";

pub(super) fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LogEntry> {
    let op: String = r.get(1)?;
    let name: String = r.get(2)?;
    let change = match op.as_str() {
        "delete" => Change::Delete { name },
        "restore" => Change::Restore { name },
        _ => Change::Version(ItemVersion {
            name,
            version: r.get::<_, i64>(3)? as u64,
            kind: kind_from_name(&r.get::<_, String>(4)?),
            literal: r.get(5)?,
            key_version: r.get(6)?,
            wrapped_data_key: r.get(7)?,
            ciphertext: r.get(8)?,
            created_at: r.get(9)?,
            author: r.get(10)?,
            previous: r.get::<_, Option<i64>>(11)?.map(|p| p as u64),
        }),
    };
    Ok(LogEntry {
        revision: r.get(0)?,
        change,
    })
}

/// Refuses a push that cannot land on the environment as it is now: a base revision it
/// does not have, items changed since (unless forced), versions sealed under a key below
/// the floor, or versions that exist.
pub(super) fn check_append(
    tx: &Connection,
    env: Uuid,
    access: &EnvAccess,
    req: &PushRequest,
) -> Result<()> {
    let revision = access.revision;
    let changed: HashSet<String> = tx
        .prepare_cached("SELECT DISTINCT name FROM entries WHERE env_id = ?1 AND revision > ?2")?
        .query_map(params![env.to_string(), req.base_revision], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    check_push(req, revision, &changed)?;
    let stale = below_floor(req, access.min_key_version);
    if !stale.is_empty() {
        return Err(StoreError::KeyRotationRequired {
            min_key_version: access.min_key_version,
            names: stale,
        });
    }
    let mut existing = Vec::new();
    let mut stmt = tx.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM entries WHERE env_id = ?1 AND name = ?2 AND version = ?3)",
    )?;
    for change in &req.changes {
        if let Change::Version(v) = change
            && stmt.query_row(params![env.to_string(), v.name, v.version as i64], |r| {
                r.get::<_, bool>(0)
            })?
        {
            existing.push(v.name.clone());
        }
    }
    if !existing.is_empty() {
        existing.sort();
        existing.dedup();
        return Err(StoreError::VersionExists(Conflict {
            revision,
            names: existing,
        }));
    }
    Ok(())
}

/// Appends a checked push ([`check_append`]) as the environment's next revision, and
/// records its idempotency key; the caller audits.
pub(super) fn append(
    tx: &Transaction<'_>,
    env: Uuid,
    revision: i64,
    req: &PushRequest,
    request_hash: &[u8],
    author: &str,
    now: i64,
) -> Result<PushResponse> {
    let new_revision = revision + 1;
    let last_seq: i64 = tx.query_row(
        "SELECT COALESCE(MAX(seq), 0) FROM entries WHERE env_id = ?1",
        [env.to_string()],
        |r| r.get(0),
    )?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO entries (env_id, seq, revision, op, name, version, kind, literal,
                 key_version, wrapped_data_key, ciphertext, created_at, author, previous_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for (seq, change) in (last_seq + 1..).zip(&req.changes) {
            match change {
                Change::Version(v) => insert.execute(params![
                    env.to_string(),
                    seq,
                    new_revision,
                    op_name(change),
                    v.name,
                    v.version as i64,
                    kind_name(v.kind),
                    v.literal,
                    v.key_version,
                    v.wrapped_data_key,
                    v.ciphertext,
                    v.created_at,
                    v.author,
                    v.previous.map(|p| p as i64)
                ])?,
                Change::Delete { name } | Change::Restore { name } => insert.execute(params![
                    env.to_string(),
                    seq,
                    new_revision,
                    op_name(change),
                    name,
                    None::<i64>,
                    None::<String>,
                    None::<bool>,
                    None::<i64>,
                    None::<Vec<u8>>,
                    None::<Vec<u8>>,
                    None::<i64>,
                    None::<String>,
                    None::<i64>
                ])?,
            };
        }
        let mut upsert = tx.prepare_cached(
            "INSERT INTO items (env_id, name, latest_seq, deleted) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (env_id, name) DO UPDATE SET
                 latest_seq = COALESCE(excluded.latest_seq, items.latest_seq),
                 deleted = excluded.deleted",
        )?;
        for (name, head) in heads(&req.changes, last_seq + 1) {
            upsert.execute(params![
                env.to_string(),
                name,
                head.latest_seq,
                head.deleted
            ])?;
        }
    }
    tx.execute(
        "UPDATE envs SET revision = ?1 WHERE id = ?2",
        params![new_revision, env.to_string()],
    )?;
    super::config::record_push(tx, env, new_revision, req, author, now)?;
    let response = PushResponse {
        revision: new_revision,
        accepted: req.changes.len(),
        proposal: None,
    };
    // A push checks its key before getting here; only an approved proposal can find its
    // key taken (its author also pushed that request directly while the environment was
    // unprotected; versions would have been refused as existing, so only delete or
    // restore marks reach here): the earlier answer stays instead of a failed insert.
    tx.execute(
        "INSERT INTO pushes (idempotency_key, env_id, request_hash, revision, accepted, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (idempotency_key) DO NOTHING",
        params![
            req.idempotency_key.to_string(),
            env.to_string(),
            request_hash,
            response.revision,
            response.accepted as i64,
            now
        ],
    )?;
    Ok(response)
}

impl SqliteStore {
    pub(super) async fn push(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &PushRequest,
        request_hash: [u8; 32],
        mut audit: AuditEvent,
    ) -> Result<PushResponse> {
        let (caller, req) = (caller.clone(), req.clone());
        self.write(move |tx| {
            let access = env_access(tx, &caller, env, Role::Writer, "pushing")?;
            let revision = access.revision;
            audit.project = Some(access.project);
            let seen: Option<(String, Vec<u8>, i64, i64)> = tx
                .prepare_cached(
                    "SELECT env_id, request_hash, revision, accepted FROM pushes WHERE idempotency_key = ?1",
                )?
                .query_row([req.idempotency_key.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            if let Some((seen_env, hash, revision, accepted)) = seen {
                if seen_env != env.to_string() || hash != request_hash {
                    return Err(StoreError::IdempotencyMismatch);
                }
                return Ok(PushResponse { revision, accepted: accepted as usize, proposal: None });
            }
            let approvals = super::proposals::approvals(tx, env)?;
            if approvals > 0 {
                return super::proposals::propose(tx, &caller, env, &access, &req, &request_hash, approvals, audit);
            }
            check_append(tx, env, &access, &req)?;
            if req.changes.is_empty() {
                return Ok(PushResponse { revision, accepted: 0, proposal: None });
            }
            let response = append(tx, env, revision, &req, &request_hash, &audit.actor, audit.at)?;
            audit.names = push_names(&req);
            append_audit(tx, &[audit])?;
            Ok(response)
        })
        .await
    }

    pub(super) async fn log(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
        limit: i64,
    ) -> Result<(Uuid, LogPage)> {
        let caller = caller.clone();
        let limit = clamp_limit(limit);
        self.read(move |c| {
            let access = env_access(c, &caller, env, Role::Viewer, "reading an environment")?;
            let (project, revision) = (access.project, access.revision);
            let e = env.to_string();
            // The revision of the first entry past the page, if any.
            let next: Option<i64> = c
                .prepare_cached(
                    "SELECT revision FROM entries WHERE env_id = ?1 AND revision > ?2
                     ORDER BY seq LIMIT 1 OFFSET ?3",
                )?
                .query_row(params![e, since, limit], |r| r.get(0))
                .optional()?;
            let upto = match next {
                None => revision,
                Some(next) => {
                    let first: i64 = c.query_row(
                        "SELECT MIN(revision) FROM entries WHERE env_id = ?1 AND revision > ?2",
                        params![e, since],
                        |r| r.get(0),
                    )?;
                    // Whole revisions only; one revision larger than a page comes whole.
                    if next == first { next } else { next - 1 }
                }
            };
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {ENTRY_COLS} FROM entries e WHERE e.env_id = ?1 AND e.revision > ?2
                 AND e.revision <= ?3 ORDER BY e.seq"
            ))?;
            let entries = stmt
                .query_map(params![e, since, upto], entry_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((
                project,
                LogPage {
                    revision,
                    entries,
                    more: upto < revision,
                },
            ))
        })
        .await
    }

    pub(super) async fn env_head(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, i64)> {
        let caller = caller.clone();
        self.read(move |c| {
            let access = env_access(c, &caller, env, Role::Viewer, "reading an environment")?;
            Ok((access.project, access.revision))
        })
        .await
    }

    pub(super) async fn snapshot(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, Snapshot)> {
        let caller = caller.clone();
        self.read(move |c| {
            // One read transaction, so the revision and the items agree.
            c.execute_batch("BEGIN")?;
            let out = (|| {
                let access = env_access(c, &caller, env, Role::Viewer, "reading an environment")?;
                let (project, revision) = (access.project, access.revision);
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT {ENTRY_COLS} FROM items i JOIN entries e
                         ON e.env_id = i.env_id AND e.seq = i.latest_seq
                     WHERE i.env_id = ?1 AND NOT i.deleted ORDER BY i.name"
                ))?;
                let items = stmt
                    .query_map([env.to_string()], entry_from_row)?
                    .filter_map(|r| match r {
                        Ok(LogEntry {
                            change: Change::Version(v),
                            ..
                        }) => Some(Ok(v)),
                        Ok(_) => None,
                        Err(e) => Some(Err(e)),
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((project, Snapshot { revision, items }))
            })();
            c.execute_batch("COMMIT")?;
            out
        })
        .await
    }
}
