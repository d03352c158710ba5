//! Restart slots on SQLite (docs/live.md "Restart groups"). One node, one writer: each
//! grant is a `BEGIN IMMEDIATE` transaction, so counting the holders and taking a slot
//! cannot interleave with another grant.

use super::members::env_access;
use super::*;
use crate::server::store::restart::{self, Decision};
use crate::wire::restart::{SlotAnswer, SlotRequest};
use crate::wire::team::Role;

impl SqliteStore {
    pub(super) async fn take_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        req: &SlotRequest,
        now: i64,
    ) -> Result<(Uuid, SlotAnswer)> {
        let (caller, group, req) = (caller.clone(), group.to_string(), req.clone());
        self.write(move |tx| {
            let access = env_access(tx, &caller, env, Role::Viewer, "taking a restart slot")?;
            let (env, grp) = (env.to_string(), group.as_str());
            tx.prepare_cached(
                "DELETE FROM restart_slots WHERE env_id = ?1 AND grp = ?2 AND expires_at <= ?3",
            )?
            .execute(params![env, grp, now])?;
            let holders = tx
                .prepare_cached(
                    "SELECT holder, expires_at FROM restart_slots WHERE env_id = ?1 AND grp = ?2",
                )?
                .query_map(params![env, grp], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<(String, i64)>>>()?;
            let decision = restart::decide(&req, now, &holders);
            if let Decision::Grant { expires_at } = decision {
                tx.prepare_cached(
                    "INSERT INTO restart_slots (env_id, grp, holder, expires_at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (env_id, grp, holder) DO UPDATE SET expires_at = excluded.expires_at",
                )?
                .execute(params![env, grp, req.holder, expires_at])?;
            }
            Ok((access.project, decision.answer()))
        })
        .await
    }

    pub(super) async fn release_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        holder: &str,
    ) -> Result<Uuid> {
        let (caller, group, holder) = (caller.clone(), group.to_string(), holder.to_string());
        self.write(move |tx| {
            let access = env_access(tx, &caller, env, Role::Viewer, "giving back a restart slot")?;
            tx.prepare_cached(
                "DELETE FROM restart_slots WHERE env_id = ?1 AND grp = ?2 AND holder = ?3",
            )?
            .execute(params![env.to_string(), group, holder])?;
            Ok(access.project)
        })
        .await
    }
}
