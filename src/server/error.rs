//! Every error the server sends: a status, a stable `code` (docs/sync.md lists them) and a
//! message for people. Messages never carry a token, a body or a database error's text
//! (those go to the log with the request id instead).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::store::StoreError;
use crate::wire::ApiError;

/// An error response.
#[derive(Debug)]
pub struct ApiErr {
    /// HTTP status.
    pub status: StatusCode,
    /// The JSON body.
    pub body: ApiError,
    /// Seconds for `Retry-After` (429).
    pub retry_after: Option<u64>,
}

impl ApiErr {
    /// An error with `status`, stable `code` and `message`.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiErr {
            status,
            body: ApiError {
                code: code.to_string(),
                message: message.into(),
                conflict: None,
            },
            retry_after: None,
        }
    }

    /// 400 `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 400 `invalid_field`: a decoded request broke a rule of `validate`; the message names
    /// the field and the rule, never the value.
    pub fn invalid_field(e: &super::validate::Invalid) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_field", e.to_string())
    }

    /// 401 `unauthorized`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 403 `device_pending`: the device logged in but is not approved yet.
    pub fn device_pending() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "device_pending",
            "this device is waiting for approval: run `secretscli device approve NAME` on another device of this user (or ask an admin), after comparing fingerprints",
        )
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 413 `too_large`.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!(
                "the request body is larger than this server accepts ({limit} bytes); split the push"
            ),
        )
    }

    /// 429 `rate_limited`.
    pub fn rate_limited(wait: std::time::Duration) -> Self {
        let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many failed authentications from this address; retry in {secs} s"),
        );
        e.retry_after = Some(secs);
        e
    }

    /// 500 `internal`: the details are in the server's log under the request id.
    /// 410: the share link no longer works, with a code per reason.
    pub fn share_gone(state: crate::wire::share::ShareState) -> Self {
        use crate::wire::share::ShareState;
        let (code, message) = match state {
            ShareState::Used => (
                "share_used",
                "this link was already opened as many times as it allows",
            ),
            ShareState::Expired => ("share_expired", "this link has expired"),
            ShareState::Revoked => ("share_revoked", "this link was revoked by its creator"),
            ShareState::Active => ("share_gone", "this link no longer works"),
        };
        Self::new(StatusCode::GONE, code, message)
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed; its log has the details under this request's id",
        )
    }

    /// 503 `unavailable`.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }
}

impl From<StoreError> for ApiErr {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiErr::not_found(format!("no such {what}")),
            StoreError::Forbidden { why, .. } => ApiErr::forbidden(why),
            StoreError::KeyRotationRequired {
                min_key_version,
                names,
            } => ApiErr::new(
                StatusCode::CONFLICT,
                "key_rotation_required",
                format!(
                    "someone lost access to this environment, so the server takes no values sealed under a key version below {min_key_version} ({}); rotate the environment's key first, then push again",
                    names.join(", ")
                ),
            ),
            StoreError::Conflict(c) => {
                let mut err = ApiErr::new(
                    StatusCode::CONFLICT,
                    "conflict",
                    format!(
                        "{} item(s) changed on the server since your base revision: {}; pull first",
                        c.names.len(),
                        c.names.join(", ")
                    ),
                );
                err.body.conflict = Some(c);
                err
            }
            StoreError::VersionExists(c) => {
                let mut err = ApiErr::new(
                    StatusCode::CONFLICT,
                    "version_exists",
                    format!(
                        "these item versions already exist on the server: {}",
                        c.names.join(", ")
                    ),
                );
                err.body.conflict = Some(c);
                err
            }
            StoreError::IdempotencyMismatch => ApiErr::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "this idempotency key was already used for a different push; use a new key",
            ),
            StoreError::TokenSpent => ApiErr::unauthorized("the token was used or revoked"),
            StoreError::Invalid(m) => ApiErr::bad_request(m),
            StoreError::NotServed => ApiErr::new(
                StatusCode::NOT_FOUND,
                "config_not_served",
                "this environment's config is not served; an admin serves it with `secretscli env serve-config ENV`",
            ),
            StoreError::ProposalClosed { state } => ApiErr::new(
                StatusCode::CONFLICT,
                "proposal_closed",
                match state {
                    crate::wire::proposals::ProposalState::Applied => {
                        "this proposal was already applied (a proposal lands once); nothing changed"
                            .to_string()
                    }
                    s => format!(
                        "this proposal is {}; it can no longer be approved or rejected (push again to make a new one)",
                        s.as_str()
                    ),
                },
            ),
            StoreError::OwnProposal { .. } => ApiErr::new(
                StatusCode::FORBIDDEN,
                "own_proposal",
                "the author of a proposal cannot approve it; another writer or admin of the environment must",
            ),
            StoreError::AlreadyApproved { have, needed } => ApiErr::new(
                StatusCode::CONFLICT,
                "already_approved",
                format!(
                    "you already approved this proposal ({have} of {needed} approvals); another writer or admin must approve it"
                ),
            ),
            StoreError::ProposalConflict(c) => {
                let mut err = ApiErr::new(
                    StatusCode::CONFLICT,
                    "proposal_conflict",
                    format!(
                        "{} item(s) changed since the revision this proposal was based on: {}; it cannot apply and is now closed: its author must pull and push again to make a new proposal",
                        c.names.len(),
                        c.names.join(", ")
                    ),
                );
                err.body.conflict = Some(c);
                err
            }
            StoreError::ShareExists => ApiErr::new(
                StatusCode::CONFLICT,
                "share_exists",
                "a share with this id exists; create it again with a new id",
            ),
            StoreError::ShareGone(state) => ApiErr::share_gone(state),
            StoreError::Backend(m) => {
                tracing::error!(error = %m, "store failed");
                ApiErr::internal()
            }
        }
    }
}

impl From<super::validate::Invalid> for ApiErr {
    fn from(e: super::validate::Invalid) -> Self {
        ApiErr::invalid_field(&e)
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}
