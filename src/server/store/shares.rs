//! Share links on the server (docs/share.md), decided once for both backends: a backend
//! reads a share's row inside one serialized transaction (SQLite's single writer,
//! PostgreSQL's row lock), this module says whether a reveal may happen, and the backend
//! writes what it says in the same transaction. So two reveals of a one-view link cannot
//! both see a view left: the view limit holds however many open it at once.
//!
//! The envelope is ciphertext sealed on the creator's device; the server hands it out and
//! forgets it (NULL) once the share is used up or revoked. It never holds the link key.

use uuid::Uuid;

use super::AuditEvent;
use crate::wire::share::{RevealedShare, ShareInfo, ShareState};

/// A share's row, without its envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShareRow {
    pub id: String,
    pub project_id: Uuid,
    pub env_id: Uuid,
    pub name: String,
    pub created_by: Uuid,
    pub created_at: i64,
    pub expires_at: i64,
    pub views: u32,
    pub max_views: u32,
    pub password: bool,
    pub revoked: bool,
    pub to_user: Option<Uuid>,
}

impl ShareRow {
    /// Where it stands at `now`.
    pub fn state(&self, now: i64) -> ShareState {
        ShareState::at(
            now,
            self.expires_at,
            self.views,
            self.max_views,
            self.revoked,
        )
    }

    /// What its page shows at `now`.
    pub fn page(&self, now: i64) -> PageState {
        PageState {
            state: self.state(now),
            password: self.password,
            bound: self.to_user.is_some(),
        }
    }

    /// As its creator sees it.
    pub fn info(&self, now: i64) -> ShareInfo {
        ShareInfo {
            id: self.id.clone(),
            project_id: self.project_id,
            env_id: self.env_id,
            name: self.name.clone(),
            created_at: self.created_at,
            expires_at: self.expires_at,
            views: self.views,
            max_views: self.max_views,
            password: self.password,
            to_user_id: self.to_user,
            state: self.state(now),
        }
    }

    /// The audit entry of a reveal of this share (allowed or not): the item's name, and
    /// the share as the target.
    pub fn audit(&self, mut event: AuditEvent, allowed: bool) -> AuditEvent {
        event.project = Some(self.project_id);
        event.env = Some(self.env_id);
        event.names = vec![self.name.clone()];
        event.target = Some(format!("share {}", self.id));
        event.allowed = allowed;
        event
    }
}

/// What the page of a share shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageState {
    /// Where the share stands.
    pub state: ShareState,
    /// It needs a password.
    pub password: bool,
    /// It is recipient-bound (opened by `share open` only).
    pub bound: bool,
}

/// What a reveal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reveal {
    /// One view counted; here is the envelope.
    Shown(RevealedShare),
    /// Nothing counted: the share no longer works.
    Gone(ShareState),
    /// Nothing counted: the share is sealed to someone else (or to another of the
    /// caller's devices); why, for the caller.
    NotYours(&'static str),
}

/// Who asks for a reveal: nobody in particular, or a signed-in device (a recipient-bound
/// share answers only its user's devices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revealer {
    /// The caller's user.
    pub user_id: Uuid,
    /// The calling device's age recipient.
    pub recipient: String,
}

/// A recipient-bound share's wraps must each go to an approved device of its user
/// (`approved`: their recipients), or the user could not open it, or someone else could.
pub(crate) fn check_wraps(
    req: &crate::wire::share::CreateShare,
    approved: &[String],
) -> super::Result<()> {
    match req.wraps.iter().find(|w| !approved.contains(&w.recipient)) {
        Some(w) => Err(super::StoreError::Invalid(format!(
            "wrap to {} is not addressed to an approved device of the share's user",
            w.recipient
        ))),
        None => Ok(()),
    }
}

/// Refuses a reveal of a recipient-bound share by anyone but its user (nothing counted).
pub(crate) fn check_revealer(row: &ShareRow, who: Option<&Revealer>) -> Result<(), Reveal> {
    match (row.to_user, who) {
        (None, _) => Ok(()),
        (Some(to), Some(w)) if w.user_id == to => Ok(()),
        (Some(_), _) => Err(Reveal::NotYours(
            "this link is sealed to another user's devices; only they can open it, signed in (`secretscli share open URL`)",
        )),
    }
}

/// Why a recipient-bound share's user gets nothing on a device it was not wrapped to.
pub(crate) const OTHER_DEVICE: &str = "this link was sealed to your devices approved when it was made, not this one: open it on one of those";

/// What to write for a reveal of `row` at `now`: `Some(views after)` when it may happen,
/// with whether the envelope is to be forgotten (the last view); `None` when it is gone.
pub(crate) fn decide(row: &ShareRow, now: i64) -> Result<(u32, bool), ShareState> {
    match row.state(now) {
        ShareState::Active => {
            let views = row.views + 1;
            Ok((views, views >= row.max_views))
        }
        gone => Err(gone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(views: u32, max_views: u32) -> ShareRow {
        ShareRow {
            id: "AAECAwQFBgcICQoLDA0ODw".into(),
            project_id: Uuid::nil(),
            env_id: Uuid::nil(),
            name: "API_KEY".into(),
            created_by: Uuid::nil(),
            created_at: 0,
            expires_at: 1_000,
            views,
            max_views,
            password: false,
            revoked: false,
            to_user: None,
        }
    }

    #[test]
    fn a_reveal_counts_a_view_and_the_last_one_forgets_the_envelope() {
        assert_eq!(decide(&row(0, 2), 10), Ok((1, false)));
        assert_eq!(decide(&row(1, 2), 10), Ok((2, true)));
        assert_eq!(decide(&row(2, 2), 10), Err(ShareState::Used));
    }

    #[test]
    fn revoked_beats_used_beats_expired() {
        let mut r = row(1, 1);
        assert_eq!(decide(&r, 5_000), Err(ShareState::Used));
        r.revoked = true;
        assert_eq!(decide(&r, 5_000), Err(ShareState::Revoked));
        assert_eq!(decide(&row(0, 1), 1_000), Err(ShareState::Expired));
    }
}
