//! Restart slots on PostgreSQL (docs/live.md "Restart groups"), shared by every node on the
//! database. Counting a group's holders and taking a slot must not interleave between
//! nodes (two grants could each see one free slot), so each grant first takes a
//! transaction-scoped advisory lock on the (environment, group) pair: grants of one group
//! run one at a time, and nothing else (pushes, other groups) waits for them.

use super::members::env_access;
use super::*;
use crate::server::store::restart::{self, Decision};
use crate::wire::restart::{SlotAnswer, SlotRequest};
use crate::wire::team::Role;

/// Seed of the lock key's hash, so these keys do not meet other advisory locks' keys.
const LOCK_SEED: i64 = 0x7265_7374; // "rest"

impl PgStore {
    pub(super) async fn take_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        req: &SlotRequest,
        now: i64,
    ) -> Result<(Uuid, SlotAnswer)> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let access = env_access(
            &tx,
            caller,
            env,
            false,
            Role::Viewer,
            "taking a restart slot",
        )
        .await?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, $2))",
            &[&format!("restart-slot:{env}:{group}"), &LOCK_SEED],
        )
        .await?;
        tx.execute(
            "DELETE FROM restart_slots WHERE env_id = $1 AND grp = $2 AND expires_at <= $3",
            &[&env, &group, &now],
        )
        .await?;
        let holders: Vec<(String, i64)> = tx
            .query(
                "SELECT holder, expires_at FROM restart_slots WHERE env_id = $1 AND grp = $2",
                &[&env, &group],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let decision = restart::decide(req, now, &holders);
        if let Decision::Grant { expires_at } = decision {
            tx.execute(
                "INSERT INTO restart_slots (env_id, grp, holder, expires_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (env_id, grp, holder) DO UPDATE SET expires_at = EXCLUDED.expires_at",
                &[&env, &group, &req.holder, &expires_at],
            )
            .await?;
        }
        tx.commit().await?;
        Ok((access.project, decision.answer()))
    }

    pub(super) async fn release_restart_slot(
        &self,
        caller: &Caller,
        env: Uuid,
        group: &str,
        holder: &str,
    ) -> Result<Uuid> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let access = env_access(
            &tx,
            caller,
            env,
            false,
            Role::Viewer,
            "giving back a restart slot",
        )
        .await?;
        tx.execute(
            "DELETE FROM restart_slots WHERE env_id = $1 AND grp = $2 AND holder = $3",
            &[&env, &group, &holder],
        )
        .await?;
        tx.commit().await?;
        Ok(access.project)
    }
}
