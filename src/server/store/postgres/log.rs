//! Each environment's append-only log: pushes (compare-and-set, idempotent), log pages,
//! heads and snapshots.

use super::audit::append_audit;
use super::members::env_access;
use super::*;
use crate::server::store::access::below_floor;
use crate::wire::team::Role;

/// Columns of `entries` that `entry_from_row` reads, from `offset` on.
pub(super) const ENTRY_COLS: &str =
    "e.revision, e.op, e.name, e.version, e.kind, e.literal, e.key_version,
    e.wrapped_data_key, e.ciphertext, e.created_at, e.author, e.previous_version";

pub(super) fn entry_from_row(r: &Row, o: usize) -> LogEntry {
    let op: &str = r.get(o + 1);
    let name: String = r.get(o + 2);
    let change = match op {
        "delete" => Change::Delete { name },
        "restore" => Change::Restore { name },
        _ => Change::Version(ItemVersion {
            name,
            version: r.get::<_, i64>(o + 3) as u64,
            kind: kind_from_name(r.get(o + 4)),
            literal: r.get(o + 5),
            key_version: r.get::<_, i64>(o + 6) as u32,
            wrapped_data_key: r.get(o + 7),
            ciphertext: r.get(o + 8),
            created_at: r.get(o + 9),
            author: r.get(o + 10),
            previous: r.get::<_, Option<i64>>(o + 11).map(|p| p as u64),
        }),
    };
    LogEntry {
        revision: r.get(o),
        change,
    }
}

/// Refuses a push that cannot land on the environment as it is now: a base revision it
/// does not have, items changed since (unless forced), versions sealed under a key below
/// the floor, or versions that exist.
pub(super) async fn check_append<C: GenericClient>(
    tx: &C,
    env: Uuid,
    access: &EnvAccess,
    req: &PushRequest,
) -> Result<()> {
    let revision = access.revision;
    let changed: HashSet<String> = tx
        .query(
            "SELECT DISTINCT name FROM entries WHERE env_id = $1 AND revision > $2",
            &[&env, &req.base_revision],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    check_push(req, revision, &changed)?;
    let stale = below_floor(req, access.min_key_version);
    if !stale.is_empty() {
        return Err(StoreError::KeyRotationRequired {
            min_key_version: access.min_key_version,
            names: stale,
        });
    }
    let (mut names, mut versions) = (Vec::new(), Vec::new());
    for change in &req.changes {
        if let Change::Version(v) = change {
            names.push(v.name.as_str());
            versions.push(v.version as i64);
        }
    }
    let mut existing: Vec<String> = tx
        .query(
            "SELECT DISTINCT name FROM entries WHERE env_id = $1 AND (name, version) IN
                     (SELECT * FROM unnest($2::text[], $3::bigint[]))",
            &[&env, &names, &versions],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if !existing.is_empty() {
        existing.sort();
        return Err(StoreError::VersionExists(Conflict {
            revision,
            names: existing,
        }));
    }
    Ok(())
}

/// Appends a checked push ([`check_append`]) as the environment's next revision, and
/// records its idempotency key; the caller audits.
pub(super) async fn append<C: GenericClient>(
    tx: &C,
    env: Uuid,
    revision: i64,
    req: &PushRequest,
    request_hash: &[u8],
    pusher: &str,
    now: i64,
) -> Result<PushResponse> {
    let new_revision = revision + 1;
    let last_seq: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(seq), 0)::bigint FROM entries WHERE env_id = $1",
            &[&env],
        )
        .await?
        .get(0);
    let n = req.changes.len();
    let seqs: Vec<i64> = (last_seq + 1..).take(n).collect();
    let mut ops = Vec::with_capacity(n);
    let mut all_names = Vec::with_capacity(n);
    let mut ver: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut kinds: Vec<Option<&str>> = Vec::with_capacity(n);
    let mut literal: Vec<Option<bool>> = Vec::with_capacity(n);
    let mut key_version: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut wrapped: Vec<Option<&[u8]>> = Vec::with_capacity(n);
    let mut cipher: Vec<Option<&[u8]>> = Vec::with_capacity(n);
    let mut created: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut author: Vec<Option<&str>> = Vec::with_capacity(n);
    let mut previous: Vec<Option<i64>> = Vec::with_capacity(n);
    for change in &req.changes {
        all_names.push(change.name());
        ops.push(op_name(change));
        match change {
            Change::Version(v) => {
                ver.push(Some(v.version as i64));
                kinds.push(Some(kind_name(v.kind)));
                literal.push(Some(v.literal));
                key_version.push(Some(i64::from(v.key_version)));
                wrapped.push(Some(&v.wrapped_data_key));
                cipher.push(Some(&v.ciphertext));
                created.push(Some(v.created_at));
                author.push(Some(&v.author));
                previous.push(v.previous.map(|p| p as i64));
            }
            Change::Delete { .. } | Change::Restore { .. } => {
                ver.push(None);
                kinds.push(None);
                literal.push(None);
                key_version.push(None);
                wrapped.push(None);
                cipher.push(None);
                created.push(None);
                author.push(None);
                previous.push(None);
            }
        }
    }
    let insert = tx
        .prepare_cached(
            "INSERT INTO entries (env_id, seq, revision, op, name, version, kind, literal,
                     key_version, wrapped_data_key, ciphertext, created_at, author, previous_version)
                 SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[],
                     $6::bigint[], $7::text[], $8::boolean[], $9::bigint[], $10::bytea[],
                     $11::bytea[], $12::bigint[], $13::text[], $14::bigint[])",
        )
        .await?;
    let revs = vec![new_revision; n];
    tx.execute(
        &insert,
        &[
            &env,
            &seqs,
            &revs,
            &ops,
            &all_names,
            &ver,
            &kinds,
            &literal,
            &key_version,
            &wrapped,
            &cipher,
            &created,
            &author,
            &previous,
        ],
    )
    .await?;
    let heads = heads(&req.changes, last_seq + 1);
    let head_names: Vec<&str> = heads.keys().copied().collect();
    let head_seqs: Vec<Option<i64>> = heads.values().map(|h| h.latest_seq).collect();
    let head_deleted: Vec<bool> = heads.values().map(|h| h.deleted).collect();
    let upsert = tx
        .prepare_cached(
            "INSERT INTO items (env_id, name, latest_seq, deleted)
                 SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::boolean[])
                 ON CONFLICT (env_id, name) DO UPDATE SET
                     latest_seq = COALESCE(excluded.latest_seq, items.latest_seq),
                     deleted = excluded.deleted",
        )
        .await?;
    tx.execute(&upsert, &[&env, &head_names, &head_seqs, &head_deleted])
        .await?;
    tx.execute(
        "UPDATE envs SET revision = $1 WHERE id = $2",
        &[&new_revision, &env],
    )
    .await?;
    super::config::record_push(tx, env, new_revision, req, pusher, now).await?;
    let response = PushResponse {
        revision: new_revision,
        accepted: n,
        proposal: None,
    };
    // A push checks its key before getting here; only an approved proposal can find its
    // key taken (its author also pushed that request directly while the environment was
    // unprotected; versions would have been refused as existing, so only delete or
    // restore marks reach here): the earlier answer stays instead of a failed insert.
    tx.execute(
        "INSERT INTO pushes (idempotency_key, env_id, request_hash, revision, accepted, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING",
        &[
            &req.idempotency_key,
            &env,
            &request_hash,
            &response.revision,
            &(n as i64),
            &now,
        ],
    )
    .await?;
    Ok(response)
}

impl PgStore {
    pub(super) async fn push(
        &self,
        caller: &Caller,
        env: Uuid,
        req: &PushRequest,
        request_hash: [u8; 32],
        mut audit: AuditEvent,
    ) -> Result<PushResponse> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // The env row lock serializes pushes to one environment across all nodes; the
        // idempotency check comes after it, so two racing retries see each other.
        let access = env_access(&tx, caller, env, true, Role::Writer, "pushing").await?;
        let revision = access.revision;
        audit.project = Some(access.project);
        let seen = tx
            .query_opt(
                "SELECT env_id, request_hash, revision, accepted FROM pushes WHERE idempotency_key = $1",
                &[&req.idempotency_key],
            )
            .await?;
        if let Some(r) = seen {
            let (seen_env, hash): (Uuid, Vec<u8>) = (r.get(0), r.get(1));
            if seen_env != env || hash != request_hash {
                return Err(StoreError::IdempotencyMismatch);
            }
            return Ok(PushResponse {
                revision: r.get(2),
                accepted: r.get::<_, i64>(3) as usize,
                proposal: None,
            });
        }
        let approvals = super::proposals::approvals(&tx, env).await?;
        if approvals > 0 {
            let made = super::proposals::propose(
                &tx,
                caller,
                env,
                &access,
                req,
                &request_hash,
                approvals,
                audit,
            )
            .await?;
            tx.commit().await?;
            return Ok(made);
        }
        check_append(&tx, env, &access, req).await?;
        if req.changes.is_empty() {
            return Ok(PushResponse {
                revision,
                accepted: 0,
                proposal: None,
            });
        }
        let response = append(
            &tx,
            env,
            revision,
            req,
            &request_hash,
            &audit.actor,
            audit.at,
        )
        .await?;
        audit.names = push_names(req);
        append_audit(&tx, &[audit]).await?;
        super::feed::notify(&tx, env, response.revision).await?;
        tx.commit().await?;
        Ok(response)
    }

    pub(super) async fn log(
        &self,
        caller: &Caller,
        env: Uuid,
        since: i64,
        limit: i64,
    ) -> Result<(Uuid, LogPage)> {
        let limit = clamp_limit(limit);
        let mut client = self.pool.get().await?;
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let access = env_access(
            &tx,
            caller,
            env,
            false,
            Role::Viewer,
            "reading an environment",
        )
        .await?;
        let (project, revision) = (access.project, access.revision);
        let next: Option<i64> = tx
            .query_opt(
                "SELECT revision FROM entries WHERE env_id = $1 AND revision > $2
                 ORDER BY seq LIMIT 1 OFFSET $3",
                &[&env, &since, &limit],
            )
            .await?
            .map(|r| r.get(0));
        let upto = match next {
            None => revision,
            Some(next) => {
                let first: i64 = tx
                    .query_one(
                        "SELECT MIN(revision) FROM entries WHERE env_id = $1 AND revision > $2",
                        &[&env, &since],
                    )
                    .await?
                    .get(0);
                if next == first { next } else { next - 1 }
            }
        };
        let stmt = tx
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLS} FROM entries e WHERE e.env_id = $1 AND e.revision > $2
                 AND e.revision <= $3 ORDER BY e.seq"
            ))
            .await?;
        let entries = tx
            .query(&stmt, &[&env, &since, &upto])
            .await?
            .iter()
            .map(|r| entry_from_row(r, 0))
            .collect();
        tx.commit().await?;
        Ok((
            project,
            LogPage {
                revision,
                entries,
                more: upto < revision,
            },
        ))
    }

    pub(super) async fn env_head(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, i64)> {
        let client = self.pool.get().await?;
        let access = env_access(
            &client,
            caller,
            env,
            false,
            Role::Viewer,
            "reading an environment",
        )
        .await?;
        Ok((access.project, access.revision))
    }

    pub(super) async fn snapshot(&self, caller: &Caller, env: Uuid) -> Result<(Uuid, Snapshot)> {
        let client = self.pool.get().await?;
        // One statement, so access, revision and items come from one snapshot of the data
        // and the read costs one round trip. MATERIALIZED: the membership check runs once,
        // not once per item row.
        let stmt = client
            .prepare_cached(&format!(
                "WITH v AS MATERIALIZED (
                     SELECT e.id, e.project_id, e.revision, EXISTS(SELECT 1 FROM members m
                         WHERE m.user_id = $2 AND m.scope_id IN (e.id, e.project_id)) AS member
                     FROM envs e WHERE e.id = $1)
                 SELECT v.project_id, v.revision, v.member, {ENTRY_COLS}
                 FROM v
                 LEFT JOIN items i ON i.env_id = v.id AND NOT i.deleted AND i.latest_seq IS NOT NULL
                 LEFT JOIN entries e ON e.env_id = i.env_id AND e.seq = i.latest_seq
                 ORDER BY i.name"
            ))
            .await?;
        let rows = client.query(&stmt, &[&env, &caller.user_id]).await?;
        let Some(first) = rows.first() else {
            return Err(StoreError::NotFound("environment"));
        };
        let (project, revision, member): (Uuid, i64, bool) =
            (first.get(0), first.get(1), first.get(2));
        if !member && !caller.admin {
            return Err(StoreError::forbidden(
                Some(project),
                "this device's user is not a member of this environment or its project",
            ));
        }
        let items = rows
            .iter()
            .filter(|r| r.get::<_, Option<i64>>(3).is_some())
            .filter_map(|r| match entry_from_row(r, 3).change {
                Change::Version(v) => Some(v),
                _ => None,
            })
            .collect();
        Ok((project, Snapshot { revision, items }))
    }
}
