//! Share links on SQLite (docs/share.md). One node, one writer: a reveal is one
//! `BEGIN IMMEDIATE` transaction that reads the row, counts the view and audits it, so two
//! reveals cannot both take the last view.

use super::audit::append_audit;
use super::members::env_access;
use super::*;
use crate::server::store::shares::{self, PageState, Reveal, Revealer, ShareRow};
use crate::wire::share::{CreateShare, RevealedShare, ShareInfo, ShareState};
use crate::wire::team::Role;

const COLUMNS: &str = "id, project_id, env_id, name, created_by, created_at, expires_at, views,
    max_views, password, revoked_at IS NOT NULL, to_user";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ShareRow> {
    let uuid = |i: usize| -> rusqlite::Result<Uuid> {
        let s: String = r.get(i)?;
        Uuid::parse_str(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
        })
    };
    Ok(ShareRow {
        id: r.get(0)?,
        project_id: uuid(1)?,
        env_id: uuid(2)?,
        name: r.get(3)?,
        created_by: uuid(4)?,
        created_at: r.get(5)?,
        expires_at: r.get(6)?,
        views: r.get(7)?,
        max_views: r.get(8)?,
        password: r.get(9)?,
        revoked: r.get(10)?,
        to_user: match r.get::<_, Option<String>>(11)? {
            Some(_) => Some(uuid(11)?),
            None => None,
        },
    })
}

fn find(conn: &Connection, id: &str) -> Result<Option<ShareRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM shares WHERE id = ?1"))?
        .query_row(params![id], row)
        .optional()?)
}

impl SqliteStore {
    pub(super) async fn create_share(
        &self,
        caller: &Caller,
        req: &CreateShare,
        now: i64,
        audit: AuditEvent,
    ) -> Result<ShareInfo> {
        let (caller, req) = (caller.clone(), req.clone());
        self.write(move |tx| {
            let access = env_access(tx, &caller, req.env_id, Role::Reader, "sharing an item")?;
            if find(tx, &req.id)?.is_some() {
                return Err(StoreError::ShareExists);
            }
            if let Some(to) = req.to_user_id {
                let approved = tx
                    .prepare_cached(
                        "SELECT recipient FROM devices WHERE user_id = ?1 AND status = 'approved'",
                    )?
                    .query_map(params![to.to_string()], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                if approved.is_empty() {
                    return Err(StoreError::NotFound("user with an approved device"));
                }
                shares::check_wraps(&req, &approved)?;
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
            tx.prepare_cached(
                "INSERT INTO shares (id, project_id, env_id, name, created_by, created_at,
                     expires_at, views, max_views, password, envelope, to_user)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                share.id,
                share.project_id.to_string(),
                share.env_id.to_string(),
                share.name,
                share.created_by.to_string(),
                share.created_at,
                share.expires_at,
                share.max_views,
                share.password,
                req.envelope,
                share.to_user.map(|u| u.to_string()),
            ])?;
            for w in &req.wraps {
                tx.prepare_cached(
                    "INSERT INTO share_wraps (share_id, recipient, wrapped) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![share.id, w.recipient, w.wrapped])?;
            }
            let mut event = share.audit(audit, true);
            event.action = "share_create".into();
            append_audit(tx, &[event])?;
            Ok(share.info(now))
        })
        .await
    }

    pub(super) async fn shares(&self, caller: &Caller, now: i64) -> Result<Vec<ShareInfo>> {
        let user = caller.user_id.to_string();
        self.read(move |conn| {
            let rows = conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM shares WHERE created_by = ?1 ORDER BY created_at, id"
                ))?
                .query_map(params![user], row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows.iter().map(|r| r.info(now)).collect())
        })
        .await
    }

    pub(super) async fn revoke_share(
        &self,
        caller: &Caller,
        id: &str,
        now: i64,
        audit: AuditEvent,
    ) -> Result<ShareInfo> {
        let (caller, id) = (caller.clone(), id.to_string());
        self.write(move |tx| {
            let mut share = find(tx, &id)?.ok_or(StoreError::NotFound("share"))?;
            if share.created_by != caller.user_id {
                return Err(StoreError::forbidden(
                    Some(share.project_id),
                    "only the share's creator may revoke it",
                ));
            }
            if !share.revoked {
                tx.prepare_cached(
                    "UPDATE shares SET revoked_at = ?2, envelope = NULL WHERE id = ?1",
                )?
                .execute(params![id, now])?;
                tx.prepare_cached("DELETE FROM share_wraps WHERE share_id = ?1")?
                    .execute(params![id])?;
                share.revoked = true;
                let mut event = share.audit(audit, true);
                event.action = "share_revoke".into();
                append_audit(tx, &[event])?;
            }
            Ok(share.info(now))
        })
        .await
    }

    pub(super) async fn share_state(&self, id: &str, now: i64) -> Result<PageState> {
        let id = id.to_string();
        self.read(move |conn| {
            let share = find(conn, &id)?.ok_or(StoreError::NotFound("share"))?;
            Ok(share.page(now))
        })
        .await
    }

    pub(super) async fn reveal_share(
        &self,
        id: &str,
        who: Option<Revealer>,
        now: i64,
        audit: AuditEvent,
    ) -> Result<Reveal> {
        let id = id.to_string();
        self.write(move |tx| {
            let share = find(tx, &id)?.ok_or(StoreError::NotFound("share"))?;
            if let Err(refused) = shares::check_revealer(&share, who.as_ref()) {
                append_audit(tx, &[share.audit(audit, false)])?;
                return Ok(refused);
            }
            let wrapped_key = match (&share.to_user, &who) {
                (Some(_), Some(w)) => {
                    let wrap: Option<Vec<u8>> = tx
                        .prepare_cached(
                            "SELECT wrapped FROM share_wraps WHERE share_id = ?1 AND recipient = ?2",
                        )?
                        .query_row(params![id, w.recipient], |r| r.get(0))
                        .optional()?;
                    match wrap {
                        Some(w) => w,
                        None if share.state(now) == ShareState::Active => {
                            append_audit(tx, &[share.audit(audit, false)])?;
                            return Ok(Reveal::NotYours(shares::OTHER_DEVICE));
                        }
                        None => Vec::new(),
                    }
                }
                _ => Vec::new(),
            };
            match shares::decide(&share, now) {
                Ok((views, last)) => {
                    let envelope: Option<Vec<u8>> = tx
                        .prepare_cached("SELECT envelope FROM shares WHERE id = ?1")?
                        .query_row(params![id], |r| r.get(0))?;
                    let envelope = envelope.ok_or_else(|| {
                        StoreError::Backend(format!("share {id} has no envelope"))
                    })?;
                    tx.prepare_cached(
                        "UPDATE shares SET views = ?2,
                             envelope = CASE WHEN ?3 THEN NULL ELSE envelope END
                         WHERE id = ?1",
                    )?
                    .execute(params![id, views, last])?;
                    if last {
                        tx.prepare_cached("DELETE FROM share_wraps WHERE share_id = ?1")?
                            .execute(params![id])?;
                    }
                    append_audit(tx, &[share.audit(audit, true)])?;
                    Ok(Reveal::Shown(RevealedShare {
                        envelope,
                        views_left: share.max_views - views,
                        wrapped_key,
                    }))
                }
                Err(state) => {
                    append_audit(tx, &[share.audit(audit, false)])?;
                    Ok(Reveal::Gone(state))
                }
            }
        })
        .await
    }
}
