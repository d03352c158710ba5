//! The hash-chained audit log: appending inside a caller's transaction, and reading it.

use super::*;

/// Appends events to the chain inside `tx`.
pub(super) fn append_audit(tx: &Transaction<'_>, events: &[AuditEvent]) -> Result<()> {
    let head = tx.query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
        Ok(AuditHead {
            seq: r.get(0)?,
            hash: r.get(1)?,
        })
    })?;
    let (entries, head) = chain(events, &head);
    let mut insert = tx.prepare_cached(
        "INSERT INTO audit (seq, at, actor, device, action, project, env, names, allowed, client,
                            request_id, prev_hash, hash, target)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for e in entries {
        insert.execute(params![
            e.seq,
            e.at,
            e.actor,
            e.device,
            e.action,
            e.project.map(|p| p.to_string()),
            e.env.map(|p| p.to_string()),
            serde_json::to_string(&e.names).expect("strings serialize"),
            e.allowed,
            e.client,
            e.request_id,
            e.prev_hash,
            e.hash,
            e.target
        ])?;
    }
    tx.prepare_cached("UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1")?
        .execute(params![head.seq, head.hash])?;
    Ok(())
}

impl SqliteStore {
    pub(super) async fn append_audit(&self, events: Vec<AuditEvent>) -> Result<()> {
        self.write(move |tx| append_audit(tx, &events)).await
    }

    pub(super) async fn audit(&self, since: i64, limit: i64) -> Result<AuditPage> {
        let limit = clamp_limit(limit);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, at, actor, device, action, project, env, names, allowed, client,
                        request_id, prev_hash, hash, target
                 FROM audit WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            let mut entries = stmt
                .query_map(params![since, limit + 1], |r| {
                    let names: String = r.get(7)?;
                    Ok(RemoteAuditEntry {
                        seq: r.get(0)?,
                        at: r.get(1)?,
                        actor: r.get(2)?,
                        device: r.get(3)?,
                        action: r.get(4)?,
                        project: opt_uuid_col(r, 5)?,
                        env: opt_uuid_col(r, 6)?,
                        names: serde_json::from_str(&names).unwrap_or_default(),
                        allowed: r.get(8)?,
                        client: r.get(9)?,
                        request_id: r.get(10)?,
                        target: r.get(13)?,
                        prev_hash: r.get(11)?,
                        hash: r.get(12)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let more = entries.len() as i64 > limit;
            entries.truncate(limit as usize);
            Ok(AuditPage { entries, more })
        })
        .await
    }
}
