//! `GET /v1/openapi.json`: the API described from the code. Schemas are derived from the
//! wire types themselves (`utoipa::ToSchema`, compiled in with the `server` feature), so the
//! document cannot drift from what the server parses; the operations below mirror
//! `app::router`, and a test checks that every route is described.

use std::sync::OnceLock;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[allow(unused_imports)]
use crate::wire::{
    ApiError, AuditPage, InviteRequest, InviteResponse, LogPage, LoginRequest, LoginResponse,
    PushRequest, PushResponse, PutEnv, PutEnvKey, PutProject, RemoteEnv, RemoteProject, Snapshot,
    WhoAmI,
};

/// The document, rendered once.
pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .expect("the document serializes")
    })
}

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("sct_<id>_<secret>")
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "secretscli sync server",
        description = "End-to-end encrypted sync: the server stores ciphertext, wrapped keys and names, never a value or a key. See docs/sync.md."
    ),
    paths(
        healthz, readyz, openapi, login, whoami, invites, revoke, projects, put_project, project_envs, put_env,
        get_env, put_key, push, log, snapshot, audit
    ),
    security(("token" = [])),
    modifiers(&Bearer)
)]
struct ApiDoc;

#[utoipa::path(get, path = "/healthz", security(()), responses((status = 200, description = "The process answers")))]
#[allow(dead_code)]
fn healthz() {}

#[utoipa::path(get, path = "/readyz", security(()), responses(
    (status = 200, description = "The database answers"),
    (status = 503, description = "It does not", body = ApiError)))]
#[allow(dead_code)]
fn readyz() {}

#[utoipa::path(get, path = "/v1/openapi.json", security(()), responses((status = 200, description = "This document")))]
#[allow(dead_code)]
fn openapi() {}

#[utoipa::path(post, path = "/v1/login", request_body = LoginRequest, responses(
    (status = 200, body = LoginResponse, description = "The device's token (shown once)"),
    (status = 401, body = ApiError, description = "Bootstrap or invite token missing, wrong, expired or used"),
    (status = 429, body = ApiError, description = "Too many failed authentications from this address")),
    description = "Bearer: a bootstrap or invite token. Registers the device (and, for bootstrap or a user invite, its user).")]
#[allow(dead_code)]
fn login() {}

#[utoipa::path(get, path = "/v1/whoami", responses((status = 200, body = WhoAmI), (status = 401, body = ApiError)))]
#[allow(dead_code)]
fn whoami() {}

#[utoipa::path(post, path = "/v1/invites", request_body = InviteRequest, responses(
    (status = 200, body = InviteResponse, description = "A one-time token"),
    (status = 403, body = ApiError, description = "Not an admin")))]
#[allow(dead_code)]
fn invites() {}

#[utoipa::path(delete, path = "/v1/tokens/{token_id}", params(("token_id" = String, Path)), responses(
    (status = 204, description = "Revoked"), (status = 404, body = ApiError)))]
#[allow(dead_code)]
fn revoke() {}

#[utoipa::path(get, path = "/v1/projects", responses((status = 200, body = Vec<RemoteProject>)))]
#[allow(dead_code)]
fn projects() {}

#[utoipa::path(put, path = "/v1/projects/{project_id}", params(("project_id" = uuid::Uuid, Path)),
    request_body = PutProject, responses((status = 200, body = RemoteProject), (status = 403, body = ApiError)))]
#[allow(dead_code)]
fn put_project() {}

#[utoipa::path(get, path = "/v1/projects/{project_id}/envs", params(("project_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<RemoteEnv>, description = "The environments the caller may use"),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
#[allow(dead_code)]
fn project_envs() {}

#[utoipa::path(put, path = "/v1/envs/{env_id}", params(("env_id" = uuid::Uuid, Path)), request_body = PutEnv,
    responses((status = 200, body = RemoteEnv), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
#[allow(dead_code)]
fn put_env() {}

#[utoipa::path(get, path = "/v1/envs/{env_id}", params(("env_id" = uuid::Uuid, Path)),
    responses((status = 200, body = RemoteEnv), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
#[allow(dead_code)]
fn get_env() {}

#[utoipa::path(put, path = "/v1/envs/{env_id}/keys/{key_version}",
    params(("env_id" = uuid::Uuid, Path), ("key_version" = u32, Path)), request_body = PutEnvKey,
    responses((status = 204, description = "Stored"), (status = 403, body = ApiError)))]
#[allow(dead_code)]
fn put_key() {}

#[utoipa::path(post, path = "/v1/envs/{env_id}/push", params(("env_id" = uuid::Uuid, Path)), request_body = PushRequest,
    responses(
        (status = 200, body = PushResponse, description = "Appended (or, for a seen idempotency key, the stored answer)"),
        (status = 409, body = ApiError, description = "`conflict` (items changed since base_revision) or `version_exists`"),
        (status = 413, body = ApiError, description = "`too_large`: split the push"),
        (status = 422, body = ApiError, description = "`idempotency_key_reused` for a different push")))]
#[allow(dead_code)]
fn push() {}

#[utoipa::path(get, path = "/v1/envs/{env_id}/log",
    params(("env_id" = uuid::Uuid, Path), ("since" = Option<i64>, Query), ("limit" = Option<i64>, Query)),
    responses((status = 200, body = LogPage), (status = 403, body = ApiError)))]
#[allow(dead_code)]
fn log() {}

#[utoipa::path(get, path = "/v1/envs/{env_id}/snapshot", params(("env_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Snapshot), (status = 403, body = ApiError)))]
#[allow(dead_code)]
fn snapshot() {}

#[utoipa::path(get, path = "/v1/audit", params(("since" = Option<i64>, Query), ("limit" = Option<i64>, Query)),
    responses((status = 200, body = AuditPage), (status = 403, body = ApiError, description = "Not an admin")))]
#[allow(dead_code)]
fn audit() {}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_described() {
        let doc: serde_json::Value = serde_json::from_str(super::document()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for (method, path) in [
            ("get", "/healthz"),
            ("get", "/readyz"),
            ("get", "/v1/openapi.json"),
            ("post", "/v1/login"),
            ("get", "/v1/whoami"),
            ("post", "/v1/invites"),
            ("delete", "/v1/tokens/{token_id}"),
            ("get", "/v1/projects"),
            ("put", "/v1/projects/{project_id}"),
            ("get", "/v1/projects/{project_id}/envs"),
            ("put", "/v1/envs/{env_id}"),
            ("get", "/v1/envs/{env_id}"),
            ("put", "/v1/envs/{env_id}/keys/{key_version}"),
            ("post", "/v1/envs/{env_id}/push"),
            ("get", "/v1/envs/{env_id}/log"),
            ("get", "/v1/envs/{env_id}/snapshot"),
            ("get", "/v1/audit"),
        ] {
            assert!(
                paths[path][method].is_object(),
                "{method} {path} is not in the document"
            );
        }
        assert!(doc["components"]["schemas"]["PushRequest"].is_object());
        assert!(doc["components"]["schemas"]["ItemVersion"].is_object());
    }
}
