//! The hash-chained audit log: appending inside a caller's transaction, and reading it.

use super::*;

/// An audit batch as one array per column, for `unnest`.
pub(super) struct AuditColumns {
    seq: Vec<i64>,
    at: Vec<i64>,
    actor: Vec<String>,
    device: Vec<Option<String>>,
    action: Vec<String>,
    project: Vec<Option<Uuid>>,
    env: Vec<Option<Uuid>>,
    names: Vec<String>,
    allowed: Vec<bool>,
    client: Vec<String>,
    request_id: Vec<String>,
    prev_hash: Vec<String>,
    hash: Vec<String>,
    target: Vec<Option<String>>,
}

impl AuditColumns {
    fn new(entries: Vec<RemoteAuditEntry>) -> Self {
        let n = entries.len();
        let mut c = AuditColumns {
            seq: Vec::with_capacity(n),
            at: Vec::with_capacity(n),
            actor: Vec::with_capacity(n),
            device: Vec::with_capacity(n),
            action: Vec::with_capacity(n),
            project: Vec::with_capacity(n),
            env: Vec::with_capacity(n),
            names: Vec::with_capacity(n),
            allowed: Vec::with_capacity(n),
            client: Vec::with_capacity(n),
            request_id: Vec::with_capacity(n),
            prev_hash: Vec::with_capacity(n),
            hash: Vec::with_capacity(n),
            target: Vec::with_capacity(n),
        };
        for e in entries {
            c.seq.push(e.seq);
            c.at.push(e.at);
            c.actor.push(e.actor);
            c.device.push(e.device);
            c.action.push(e.action);
            c.project.push(e.project);
            c.env.push(e.env);
            c.names
                .push(serde_json::to_string(&e.names).expect("strings serialize"));
            c.allowed.push(e.allowed);
            c.client.push(e.client);
            c.request_id.push(e.request_id);
            c.prev_hash.push(e.prev_hash);
            c.hash.push(e.hash);
            c.target.push(e.target);
        }
        c
    }

    /// `$1..$14` of [`AUDIT_ROWS`].
    fn params(&self) -> [&(dyn ToSql + Sync); 14] {
        [
            &self.seq,
            &self.at,
            &self.actor,
            &self.device,
            &self.action,
            &self.project,
            &self.env,
            &self.names,
            &self.allowed,
            &self.client,
            &self.request_id,
            &self.prev_hash,
            &self.hash,
            &self.target,
        ]
    }
}

/// The audit batch `$1..$14` as rows.
pub(super) const AUDIT_ROWS: &str = "unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],
    $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::boolean[], $10::text[], $11::text[],
    $12::text[], $13::text[], $14::text[])";

pub(super) async fn append_audit<C: GenericClient>(
    c: &C,
    events: &[AuditEvent],
) -> Result<AuditHead> {
    let head = c
        .prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
        .await?;
    let row = c.query_one(&head, &[]).await?;
    let head = AuditHead {
        seq: row.get(0),
        hash: row.get(1),
    };
    let (entries, head) = chain(events, &head);
    let insert = c
        .prepare_cached(&format!(
            "INSERT INTO audit (seq, at, actor, device, action, project, env, names, allowed,
                                client, request_id, prev_hash, hash, target)
             SELECT * FROM {AUDIT_ROWS}"
        ))
        .await?;
    c.execute(&insert, &AuditColumns::new(entries).params())
        .await?;
    let update = c
        .prepare_cached("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .await?;
    c.execute(&update, &[&head.seq, &head.hash]).await?;
    Ok(head)
}

/// Stores `entries` (chained after `head`, ending at `new`) in one statement, so one round
/// trip and its own commit, that writes nothing unless the chain still ends at `head`;
/// false when another writer moved it.
pub(super) async fn append_audit_after<C: GenericClient>(
    c: &C,
    entries: Vec<RemoteAuditEntry>,
    head: &AuditHead,
    new: &AuditHead,
) -> Result<bool> {
    let n = entries.len() as u64;
    // The UPDATE takes the head's row lock; a writer that moved the head meanwhile makes
    // its WHERE false, `moved` empty, and so the INSERT empty: all or nothing.
    let stmt = c
        .prepare_cached(&format!(
            "WITH moved AS (
                 UPDATE audit_head SET seq = $15, hash = $16
                 WHERE id = 1 AND seq = $17 AND hash = $18 RETURNING id)
             INSERT INTO audit (seq, at, actor, device, action, project, env, names, allowed,
                                client, request_id, prev_hash, hash, target)
             SELECT u.* FROM {AUDIT_ROWS} AS u, moved"
        ))
        .await?;
    let cols = AuditColumns::new(entries);
    let mut params = cols.params().to_vec();
    params.extend::<[&(dyn ToSql + Sync); 4]>([&new.seq, &new.hash, &head.seq, &head.hash]);
    Ok(c.execute(&stmt, &params).await? == n)
}

impl PgStore {
    pub(super) async fn append_audit(&self, events: Vec<AuditEvent>) -> Result<()> {
        let mut client = self.writer.get().await?;
        if let Some((entries, head, new)) = self.chain_on_tip(&events) {
            match append_audit_after(&client, entries, &head, &new).await {
                Ok(true) => return Ok(()),
                // A push, a login or another node moved the head: redo under its lock.
                Ok(false) => *self.tip() = None,
                Err(e) => {
                    *self.tip() = None;
                    return Err(e);
                }
            }
        }
        let tx = client.transaction().await?;
        let head = append_audit(&tx, &events).await?;
        tx.commit().await?;
        *self.tip() = Some(head);
        Ok(())
    }

    pub(super) async fn audit(&self, since: i64, limit: i64) -> Result<AuditPage> {
        let limit = clamp_limit(limit);
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT seq, at, actor, device, action, project, env, names, allowed, client,
                        request_id, prev_hash, hash, target
                 FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .await?;
        let rows = client.query(&stmt, &[&since, &(limit + 1)]).await?;
        let more = rows.len() as i64 > limit;
        let entries = rows
            .iter()
            .take(limit as usize)
            .map(|r| RemoteAuditEntry {
                seq: r.get(0),
                at: r.get(1),
                actor: r.get(2),
                device: r.get(3),
                action: r.get(4),
                project: r.get(5),
                env: r.get(6),
                names: serde_json::from_str(r.get(7)).unwrap_or_default(),
                allowed: r.get(8),
                client: r.get(9),
                request_id: r.get(10),
                target: r.get(13),
                prev_hash: r.get(11),
                hash: r.get(12),
            })
            .collect();
        Ok(AuditPage { entries, more })
    }
}
