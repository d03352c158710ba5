//! Share links on PostgreSQL (docs/share.md), shared by every node on the database. A
//! reveal locks the share's row (`SELECT ... FOR UPDATE`) before it counts, so reveals of
//! one share run one at a time across nodes and the last view is taken once.

use super::audit::append_audit;
use super::members::env_access;
use super::*;
use crate::server::store::shares::{self, PageState, Reveal, Revealer, ShareRow};
use crate::wire::share::{CreateShare, RevealedShare, ShareInfo, ShareState};
use crate::wire::team::Role;

const COLUMNS: &str = "id, project_id, env_id, name, created_by, created_at, expires_at, views,
    max_views, password, revoked_at IS NOT NULL, to_user";

fn row(r: &Row) -> ShareRow {
    let count = |i: usize| u32::try_from(r.get::<_, i64>(i)).unwrap_or(u32::MAX);
    ShareRow {
        id: r.get(0),
        project_id: r.get(1),
        env_id: r.get(2),
        name: r.get(3),
        created_by: r.get(4),
        created_at: r.get(5),
        expires_at: r.get(6),
        views: count(7),
        max_views: count(8),
        password: r.get(9),
        revoked: r.get(10),
        to_user: r.get(11),
    }
}

async fn find<C: GenericClient>(c: &C, id: &str, lock: bool) -> Result<Option<ShareRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM shares WHERE id = $1{}",
        if lock { " FOR UPDATE" } else { "" }
    );
    Ok(c.query_opt(&sql, &[&id]).await?.as_ref().map(row))
}

impl PgStore {
    pub(super) async fn create_share(
        &self,
        caller: &Caller,
        req: &CreateShare,
        now: i64,
        audit: AuditEvent,
    ) -> Result<ShareInfo> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let access = env_access(
            &tx,
            caller,
            req.env_id,
            false,
            Role::Reader,
            "sharing an item",
        )
        .await?;
        if let Some(to) = req.to_user_id {
            let approved: Vec<String> = tx
                .query(
                    "SELECT recipient FROM devices WHERE user_id = $1 AND status = 'approved'",
                    &[&to],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            if approved.is_empty() {
                return Err(StoreError::NotFound("user with an approved device"));
            }
            shares::check_wraps(req, &approved)?;
        }
        let share = ShareRow {
            id: req.id.clone(),
            project_id: access.project,
            env_id: req.env_id,
            name: req.name.clone(),
            created_by: caller.user_id,
            created_at: now,
            expires_at: now.saturating_add(req.expires_in_secs as i64 * 1000),
            views: 0,
            max_views: req.max_views,
            password: req.password,
            revoked: false,
            to_user: req.to_user_id,
        };
        let inserted = tx
            .execute(
                "INSERT INTO shares (id, project_id, env_id, name, created_by, created_at,
                     expires_at, views, max_views, password, envelope, to_user)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11)
                 ON CONFLICT (id) DO NOTHING",
                &[
                    &share.id,
                    &share.project_id,
                    &share.env_id,
                    &share.name,
                    &share.created_by,
                    &share.created_at,
                    &share.expires_at,
                    &i64::from(share.max_views),
                    &share.password,
                    &req.envelope,
                    &share.to_user,
                ],
            )
            .await?;
        if inserted == 0 {
            return Err(StoreError::ShareExists);
        }
        for w in &req.wraps {
            tx.execute(
                "INSERT INTO share_wraps (share_id, recipient, wrapped) VALUES ($1, $2, $3)",
                &[&share.id, &w.recipient, &w.wrapped],
            )
            .await?;
        }
        let mut event = share.audit(audit, true);
        event.action = "share_create".into();
        append_audit(&tx, &[event]).await?;
        tx.commit().await?;
        Ok(share.info(now))
    }

    pub(super) async fn shares(&self, caller: &Caller, now: i64) -> Result<Vec<ShareInfo>> {
        let client = self.pool.get().await?;
        let sql =
            format!("SELECT {COLUMNS} FROM shares WHERE created_by = $1 ORDER BY created_at, id");
        let rows = client.query(&sql, &[&caller.user_id]).await?;
        Ok(rows.iter().map(|r| row(r).info(now)).collect())
    }

    pub(super) async fn revoke_share(
        &self,
        caller: &Caller,
        id: &str,
        now: i64,
        audit: AuditEvent,
    ) -> Result<ShareInfo> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let mut share = find(&tx, id, true)
            .await?
            .ok_or(StoreError::NotFound("share"))?;
        if share.created_by != caller.user_id {
            return Err(StoreError::forbidden(
                Some(share.project_id),
                "only the share's creator may revoke it",
            ));
        }
        if !share.revoked {
            tx.execute(
                "UPDATE shares SET revoked_at = $2, envelope = NULL WHERE id = $1",
                &[&id, &now],
            )
            .await?;
            tx.execute("DELETE FROM share_wraps WHERE share_id = $1", &[&id])
                .await?;
            share.revoked = true;
            let mut event = share.audit(audit, true);
            event.action = "share_revoke".into();
            append_audit(&tx, &[event]).await?;
        }
        tx.commit().await?;
        Ok(share.info(now))
    }

    pub(super) async fn share_state(&self, id: &str, now: i64) -> Result<PageState> {
        let client = self.pool.get().await?;
        let share = find(&client, id, false)
            .await?
            .ok_or(StoreError::NotFound("share"))?;
        Ok(share.page(now))
    }

    pub(super) async fn reveal_share(
        &self,
        id: &str,
        who: Option<Revealer>,
        now: i64,
        audit: AuditEvent,
    ) -> Result<Reveal> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let share = find(&tx, id, true)
            .await?
            .ok_or(StoreError::NotFound("share"))?;
        if let Err(refused) = shares::check_revealer(&share, who.as_ref()) {
            append_audit(&tx, &[share.audit(audit, false)]).await?;
            tx.commit().await?;
            return Ok(refused);
        }
        let wrapped_key = match (&share.to_user, &who) {
            (Some(_), Some(w)) => {
                let wrap: Option<Vec<u8>> = tx
                    .query_opt(
                        "SELECT wrapped FROM share_wraps WHERE share_id = $1 AND recipient = $2",
                        &[&id, &w.recipient],
                    )
                    .await?
                    .map(|r| r.get(0));
                match wrap {
                    Some(w) => w,
                    None if share.state(now) == ShareState::Active => {
                        append_audit(&tx, &[share.audit(audit, false)]).await?;
                        tx.commit().await?;
                        return Ok(Reveal::NotYours(shares::OTHER_DEVICE));
                    }
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        let answer = match shares::decide(&share, now) {
            Ok((views, last)) => {
                let envelope: Option<Vec<u8>> = tx
                    .query_one("SELECT envelope FROM shares WHERE id = $1", &[&id])
                    .await?
                    .get(0);
                tx.execute(
                    "UPDATE shares SET views = $2,
                         envelope = CASE WHEN $3 THEN NULL ELSE envelope END
                     WHERE id = $1",
                    &[&id, &i64::from(views), &last],
                )
                .await?;
                if last {
                    tx.execute("DELETE FROM share_wraps WHERE share_id = $1", &[&id])
                        .await?;
                }
                let envelope = envelope
                    .ok_or_else(|| StoreError::Backend(format!("share {id} has no envelope")))?;
                append_audit(&tx, &[share.audit(audit, true)]).await?;
                Reveal::Shown(RevealedShare {
                    envelope,
                    views_left: share.max_views - views,
                    wrapped_key,
                })
            }
            Err(state) => {
                append_audit(&tx, &[share.audit(audit, false)]).await?;
                Reveal::Gone(state)
            }
        };
        tx.commit().await?;
        Ok(answer)
    }
}
