//! `GET /v1/openapi.json`: the API described from the code. Schemas are derived from the
//! wire types themselves (`utoipa::ToSchema`, compiled in with the `server` feature), so the
//! document cannot drift from what the server parses; the operations below mirror
//! `app::router`, and a test checks that every route is described.
//!
//! Two things are added to what utoipa derives, each from one table: the bounds the server
//! checks (`validate::SCHEMA_RULES`), and the error responses every operation can give
//! ([`ERRORS`], chosen by what the operation takes: a token, a body, path parameters), so a
//! client or a fuzzer (schemathesis in `.ci/schemathesis.sh`) sees every status it can get.

use std::sync::OnceLock;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::validate;

#[allow(unused_imports)]
use crate::wire::config::{
    ConfigHistory, ConfigValue, ConfigVersion, ServeConfig, ServeConfigDone, ServedValue,
};
#[allow(unused_imports)]
use crate::wire::feed::{FeedPage, FeedRevision};
#[allow(unused_imports)]
use crate::wire::proposals::{Proposal, Protect, Protection};
#[allow(unused_imports)]
use crate::wire::restart::{SlotAnswer, SlotRequest};
#[allow(unused_imports)]
use crate::wire::share::{CreateShare, RevealedShare, ShareInfo, ShareState, ShareWrap};
#[allow(unused_imports)]
use crate::wire::team::{AccessChange, Device, Member, PutMember, Recipient};
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
        let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the document serializes");
        constrain(&mut doc);
        uuid_patterns(&mut doc);
        if let Some(paths) = doc["paths"].as_object_mut() {
            for (path, item) in paths {
                for op in item
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|m| m.values_mut())
                {
                    add_errors(path, op);
                }
            }
        }
        serde_json::to_string(&doc).expect("the document serializes")
    })
}

/// Every error status an operation may answer, with what it means (docs/sync.md lists the
/// codes). [`add_errors`] picks the ones that apply.
pub const ERRORS: &[(u16, &str)] = &[
    (
        400,
        "`bad_request` (unreadable JSON, path or query) or `invalid_field` (a field breaks its \
         documented bound; the message names the field)",
    ),
    (
        401,
        "`unauthorized`: token missing, malformed, unknown, wrong, expired, revoked or used",
    ),
    (
        403,
        "`forbidden`: the caller's role may not do this (the message names the role needed), \
         or `device_pending`: this device waits for approval",
    ),
    (
        404,
        "`not_found`: no such thing, or the caller may not know it exists",
    ),
    (413, "`too_large`: the body is over the server's --max-body"),
    (
        429,
        "`rate_limited`: too many failed authentications from this address (Retry-After)",
    ),
    (
        500,
        "`internal`: the server's log has the cause under the x-request-id",
    ),
    (
        503,
        "`unavailable`: the database does not answer, or the server is stopping",
    ),
];

/// Adds the [`ERRORS`] that `op` can give and does not yet describe: every authenticated
/// operation can fail authentication (401, 429) and the server (500, 503); one with a body
/// or parameters can be malformed (400); one with a body too large (413); one that names
/// something (path parameters) or needs a role (login, invites, audit, writes) 403 and 404.
fn add_errors(path: &str, op: &mut serde_json::Value) {
    let public = op["security"] == serde_json::json!([{}]);
    if public {
        return;
    }
    let body = op.get("requestBody").is_some();
    let params = op.get("parameters").is_some();
    let names_something = path.contains('{') || body || path == "/v1/audit";
    let applies = |status: u16| match status {
        400 => body || params,
        413 => body,
        403 | 404 => names_something,
        _ => true,
    };
    let responses = op["responses"]
        .as_object_mut()
        .expect("every operation has responses");
    for &(status, description) in ERRORS.iter().filter(|(s, _)| applies(*s)) {
        responses.entry(status.to_string()).or_insert_with(|| {
            serde_json::json!({
                "description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
            })
        });
    }
}

/// Puts [`validate::SCHEMA_RULES`] into the component schemas (into each variant of a
/// `oneOf` that has the property), and the path parameters' bounds into the operations.
fn constrain(doc: &mut serde_json::Value) {
    for (schema, property, rule) in validate::SCHEMA_RULES {
        let schema = &mut doc["components"]["schemas"][*schema];
        let targets: Vec<&mut serde_json::Value> = if schema.get("oneOf").is_some() {
            schema["oneOf"]
                .as_array_mut()
                .into_iter()
                .flatten()
                .collect()
        } else {
            vec![schema]
        };
        for t in targets {
            if let Some(p) = t.get_mut("properties").and_then(|p| p.get_mut(*property)) {
                apply(p, rule);
            }
        }
    }
    let token_id = &mut doc["paths"]["/v1/tokens/{token_id}"]["delete"]["parameters"][0]["schema"];
    token_id["pattern"] = format!("^[0-9a-fA-F]{{{}}}$", validate::TOKEN_ID_LEN).into();
    let key_version =
        &mut doc["paths"]["/v1/envs/{env_id}/keys/{key_version}"]["put"]["parameters"][1]["schema"];
    apply(key_version, &validate::Rule::Int(validate::KEY_VERSION));
    let changes = &mut doc["paths"]["/v1/envs/{env_id}/changes"]["get"]["parameters"];
    changes[1]["schema"]["minimum"] = 0.into();
    changes[2]["schema"]["minimum"] = 0.into();
    changes[2]["schema"]["maximum"] = crate::wire::feed::MAX_WAIT_SECS.into();
    slot_names(doc);
    share_ids(doc);
    doc["paths"]["/v1/envs/{env_id}/changes/ws"]["get"]["parameters"][1]["schema"]["minimum"] =
        0.into();
    let name = validate::Rule::Text(validate::NAME);
    for method in ["put", "delete"] {
        let member = &mut doc["paths"]["/v1/projects/{project_id}/members/{user_name}"][method];
        apply(&mut member["parameters"][1]["schema"], &name);
    }
    apply(
        &mut doc["paths"]["/v1/devices"]["get"]["parameters"][0]["schema"],
        &name,
    );
    config_paths(doc);
}

/// The config API's path parameters (project and environment: ids or names; the key: an
/// item name without `/`), `?version=` from 1, and the answer of a read: one key's value,
/// or a subtree as nested JSON, which a schema says with `anyOf`.
fn config_paths(doc: &mut serde_json::Value) {
    let name = validate::Rule::Text(validate::NAME);
    let key = validate::Rule::Text(validate::ITEM_NAME);
    for (path, method) in [
        ("/v1/config/{project}/{env}/{key}", "get"),
        ("/v1/config/{project}/{env}/history/{key}", "get"),
        ("/v1/config/{project}/{env}/rollback/{key}", "post"),
    ] {
        let params = &mut doc["paths"][path][method]["parameters"];
        apply(&mut params[0]["schema"], &name);
        apply(&mut params[1]["schema"], &name);
        apply(&mut params[2]["schema"], &key);
        params[2]["schema"]["pattern"] = validate::CONFIG_KEY_PATTERN.into();
        if method != "get" || !path.contains("history") {
            apply(
                &mut params[3]["schema"],
                &validate::Rule::Int(validate::VERSION),
            );
        }
    }
    let whole = &mut doc["paths"]["/v1/config/{project}/{env}"]["get"];
    apply(&mut whole["parameters"][0]["schema"], &name);
    apply(&mut whole["parameters"][1]["schema"], &name);
    whole["responses"]["200"]["content"]["application/json"] = serde_json::json!({
        "schema": {"type": "object", "additionalProperties": true},
        "example": {"database": {"host": "db.internal", "port": "5432"}, "feature": {"flag": "on"}}
    });
    let read = &mut doc["paths"]["/v1/config/{project}/{env}/{key}"]["get"]["responses"]["200"]["content"]
        ["application/json"];
    read["schema"] = serde_json::json!({"anyOf": [
        {"$ref": "#/components/schemas/ConfigValue"},
        {"type": "object", "description": "The subtree under `key.`, nested by the dots of the names; leaves are strings",
         "additionalProperties": true}
    ]});
    read["examples"] = serde_json::json!({
        "key": {"summary": "GET /v1/config/app/prod/database.host",
                "value": {"key": "database.host", "value": "db.internal", "version": 3,
                          "updated_at": 1_700_000_000_000_i64, "updated_by": "alice"}},
        "subtree": {"summary": "GET /v1/config/app/prod/database",
                    "value": {"host": "db.internal", "port": "5432", "pool": {"max": "20"}}}
    });
}

/// The restart slots' group and holder: a pattern Text cannot express (ASCII only).
fn slot_names(doc: &mut serde_json::Value) {
    let pattern: serde_json::Value = validate::SLOT_NAME_PATTERN.into();
    let slots = "/v1/envs/{env_id}/restart-slots/{group}";
    doc["paths"][slots]["post"]["parameters"][1]["schema"]["pattern"] = pattern.clone();
    let release = &mut doc["paths"][format!("{slots}/{{holder}}")]["delete"]["parameters"];
    release[1]["schema"]["pattern"] = pattern.clone();
    release[2]["schema"]["pattern"] = pattern.clone();
    doc["components"]["schemas"]["SlotRequest"]["properties"]["holder"]["pattern"] = pattern;
}

/// Share ids in paths and bodies: the pattern `validate::share_id_param` checks.
fn share_ids(doc: &mut serde_json::Value) {
    let pattern: serde_json::Value = crate::wire::share::ID_PATTERN.into();
    for (path, method) in [
        ("/v1/shares/{share_id}", "delete"),
        ("/v1/shares/{share_id}/reveal", "post"),
    ] {
        doc["paths"][path][method]["parameters"][0]["schema"]["pattern"] = pattern.clone();
    }
    let create = &mut doc["components"]["schemas"]["CreateShare"]["properties"];
    create["id"]["pattern"] = pattern;
    create["envelope"]["minLength"] = (validate::SHARE_ENVELOPE_MIN * 4 / 3).into();
    create["envelope"]["maxLength"] = (crate::wire::share::MAX_ENVELOPE.div_ceil(3) * 4).into();
}

/// A UUID as the server writes it (the parser takes other spellings too).
const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// Gives every `format: uuid` a pattern: generators treat the format as a hint (an optional
/// UUID came out as `""`), a pattern they obey.
fn uuid_patterns(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if map.get("format").and_then(|f| f.as_str()) == Some("uuid") {
                map.insert("pattern".into(), UUID_PATTERN.into());
            }
            map.values_mut().for_each(uuid_patterns);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(uuid_patterns),
        _ => {}
    }
}

fn apply(p: &mut serde_json::Value, rule: &validate::Rule) {
    match rule {
        validate::Rule::Text(t) => {
            p["minLength"] = t.min.into();
            p["maxLength"] = t.max.into();
            p["pattern"] = t.pattern().into();
        }
        validate::Rule::Int(i) => {
            p["minimum"] = i.min.into();
            p["maximum"] = i.max.into();
        }
        validate::Rule::Items(n) => p["minItems"] = n.min.into(),
    }
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
        get_env, put_key, push, log, snapshot, audit, members, put_member, delete_member,
        recipients, devices, approve_device, revoke_device, create_service_token,
        list_service_tokens, revoke_service_token, use_token, token_recipients, put_token_keys,
        protect, unprotect, proposals, proposal, approve_proposal, reject_proposal, changes,
        take_restart_slot, release_restart_slot, changes_ws, serve_config, config_get_env, config_get,
        config_history, config_rollback,
        create_share, list_shares, revoke_share, reveal_share
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
        (status = 200, body = PushResponse, description = "Appended (or, for a seen idempotency key, the stored answer); to a protected environment nothing is appended and `proposal` names the proposal the push became"),
        (status = 409, body = ApiError, description = "`conflict` (items changed since base_revision), `version_exists`, or `key_rotation_required` (a version sealed under a key version below the environment's min_key_version: rotate first)"),
        (status = 413, body = ApiError, description = "`too_large`: split the push"),
        (status = 422, body = ApiError, description = "`idempotency_key_reused` for a different push")))]
#[allow(dead_code)]
fn push() {}

#[utoipa::path(get, path = "/v1/envs/{env_id}/log",
    params(("env_id" = uuid::Uuid, Path), ("since" = Option<i64>, Query), ("limit" = Option<i64>, Query)),
    responses((status = 200, body = LogPage), (status = 403, body = ApiError)))]
#[allow(dead_code)]
fn log() {}

#[utoipa::path(get, path = "/v1/envs/{env_id}/changes",
    params(("env_id" = uuid::Uuid, Path),
        ("since" = Option<i64>, Query, description = "The last revision the client has (default 0)"),
        ("wait" = Option<u64>, Query, description = "Seconds to hold the request when nothing is newer (default and most: 30; 0 answers at once)")),
    responses((status = 200, body = FeedPage, description = "The revisions after `since` with the names each changed (empty: nothing new within `wait`), or `pull_from`: pull the log from there"),
        (status = 403, body = ApiError, description = "Not a viewer of the environment"),
        (status = 503, body = ApiError, description = "`unavailable`: this node holds its --max-watchers feed requests")),
    description = "Long-poll change feed (docs/live.md). Only revisions and item names, only to viewers and above.")]
#[allow(dead_code)]
fn changes() {}

#[utoipa::path(post, path = "/v1/envs/{env_id}/restart-slots/{group}",
    params(("env_id" = uuid::Uuid, Path), ("group" = String, Path, description = "The restart group (`inject --restart-group`)")),
    request_body = SlotRequest,
    responses((status = 200, body = SlotAnswer, description = "`granted: true` until `expires_at` (asking again while holding renews), or `granted: false` with `retry_after_ms`"),
        (status = 403, body = ApiError, description = "Not a viewer of the environment")),
    description = "Takes one of `max` restart slots of a group (docs/live.md, Restart groups). Slots not given back expire after `ttl_secs`.")]
#[allow(dead_code)]
fn take_restart_slot() {}

#[utoipa::path(delete, path = "/v1/envs/{env_id}/restart-slots/{group}/{holder}",
    params(("env_id" = uuid::Uuid, Path), ("group" = String, Path), ("holder" = String, Path)),
    responses((status = 204, description = "Given back (or was not held)"),
        (status = 403, body = ApiError, description = "Not a viewer of the environment")))]
#[allow(dead_code)]
fn release_restart_slot() {}
#[utoipa::path(get, path = "/v1/envs/{env_id}/changes/ws",
    params(("env_id" = uuid::Uuid, Path),
        ("since" = Option<i64>, Query, description = "The last revision the client has (default 0)"),
        ("Upgrade" = String, Header, description = "`websocket` (RFC 6455 upgrade; the bearer goes in Authorization on this request)")),
    responses((status = 101, body = FeedPage, description = "Switching Protocols. The server then sends one text frame per `FeedPage` (the long-poll's JSON): at once when something is newer than `since`, then as each revision lands, each page holding every revision after the previous page (or `pull_from`: pull the log from there). The client sends nothing but pongs and close. The server pings every 20 s and drops a peer silent for 45 s; it closes with 1001 when the node stops (resume from the last revision, on this node or another) and with 1008 when the caller may no longer see the names"),
        (status = 400, body = ApiError, description = "`invalid_field` (`since`), or not a WebSocket upgrade"),
        (status = 401, body = ApiError, description = "No or a wrong bearer token"),
        (status = 403, body = ApiError, description = "Not a viewer of the environment (checked before the upgrade)"),
        (status = 503, body = ApiError, description = "`unavailable`: this node holds its --max-watchers feed requests and connections")),
    description = "WebSocket change feed (docs/live.md): the long-poll's pages pushed as revisions land. Only revisions and item names, only to viewers and above.")]
#[allow(dead_code)]
fn changes_ws() {}

#[utoipa::path(get, path = "/v1/envs/{env_id}/snapshot", params(("env_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Snapshot), (status = 403, body = ApiError)))]
#[allow(dead_code)]
fn snapshot() {}

#[utoipa::path(get, path = "/v1/audit", params(("since" = Option<i64>, Query), ("limit" = Option<i64>, Query)),
    responses((status = 200, body = AuditPage), (status = 403, body = ApiError, description = "Not an admin")))]
#[allow(dead_code)]
fn audit() {}

#[utoipa::path(get, path = "/v1/projects/{project_id}/members", params(("project_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<Member>, description = "Members with their roles, devices and the environments waiting for their keys"),
        (status = 403, body = ApiError, description = "No role in this project")))]
#[allow(dead_code)]
fn members() {}

#[utoipa::path(put, path = "/v1/projects/{project_id}/members/{user_name}",
    params(("project_id" = uuid::Uuid, Path), ("user_name" = String, Path)), request_body = PutMember,
    responses((status = 200, body = AccessChange, description = "Granted; lists the environments to rotate when the role dropped below reader"),
        (status = 403, body = ApiError, description = "Not an admin of the project (or of the environment, for an environment's role)")))]
#[allow(dead_code)]
fn put_member() {}

#[utoipa::path(delete, path = "/v1/projects/{project_id}/members/{user_name}",
    params(("project_id" = uuid::Uuid, Path), ("user_name" = String, Path), ("env_id" = Option<uuid::Uuid>, Query)),
    responses((status = 200, body = AccessChange, description = "Removed, with their wraps; lists the environments to rotate"),
        (status = 403, body = ApiError), (status = 404, body = ApiError, description = "No such user or member")))]
#[allow(dead_code)]
fn delete_member() {}

#[utoipa::path(get, path = "/v1/envs/{env_id}/recipients", params(("env_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<Recipient>, description = "Every approved device of every reader, writer and admin, with the key versions wrapped to it"),
        (status = 403, body = ApiError, description = "Below reader")))]
#[allow(dead_code)]
fn recipients() {}

#[utoipa::path(get, path = "/v1/devices", params(("user" = Option<String>, Query)),
    responses((status = 200, body = Vec<Device>, description = "The caller's user's devices (or, for an admin over them, another user's); a pending device may ask"),
        (status = 403, body = ApiError, description = "`device_pending`: a pending device asked about another user"),
        (status = 404, body = ApiError, description = "No such user the caller may see")))]
#[allow(dead_code)]
fn devices() {}

#[utoipa::path(post, path = "/v1/devices/{device_id}/approve", params(("device_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Device, description = "Approved (or already was)"),
        (status = 400, body = ApiError, description = "The device was revoked"),
        (status = 404, body = ApiError, description = "No such device the caller may manage")))]
#[allow(dead_code)]
fn approve_device() {}

#[utoipa::path(delete, path = "/v1/devices/{device_id}", params(("device_id" = uuid::Uuid, Path)),
    responses((status = 200, body = AccessChange, description = "Revoked: its tokens, its wraps; lists the environments to rotate"),
        (status = 404, body = ApiError, description = "No such device the caller may manage")))]
#[allow(dead_code)]
fn revoke_device() {}

#[utoipa::path(post, path = "/v1/service-tokens", request_body = crate::wire::token::CreateServiceToken,
    responses((status = 200, body = crate::wire::token::ServiceTokenInfo, description = "Stored: the server's share, the verifier, the scope and the wraps (docs/tokens.md)"),
        (status = 403, body = ApiError, description = "Not an admin of every environment named")))]
#[allow(dead_code)]
fn create_service_token() {}

#[utoipa::path(get, path = "/v1/service-tokens",
    responses((status = 200, body = Vec<crate::wire::token::ServiceTokenInfo>, description = "Tokens of the environments the caller administers")))]
#[allow(dead_code)]
fn list_service_tokens() {}

#[utoipa::path(delete, path = "/v1/service-tokens/{name}", params(("name" = String, Path)),
    responses((status = 200, body = crate::wire::token::ServiceTokenInfo, description = "Revoked: the server's share and the wraps are gone"),
        (status = 404, body = ApiError, description = "No live token of that name")))]
#[allow(dead_code)]
fn revoke_service_token() {}

#[utoipa::path(post, path = "/v1/use-token", request_body = crate::wire::token::UseToken,
    responses((status = 200, body = crate::wire::token::TokenGrant, description = "The server's share, the wraps and the items the token may read"),
        (status = 401, body = ApiError, description = "Unknown, wrong, revoked or expired (the message says when and what to do)"),
        (status = 403, body = ApiError, description = "Address outside the token's CIDR list, its uses are spent, or (a token bound to a CI identity) the OIDC ID token is missing or fails a check: the message names which")),
    description = "Bearer: `scsa_<token id>_<auth secret>`, derived from a service token (docs/tokens.md), never a device token. Body: `{}`, or `{\"oidc_token\": \"<JWT>\"}` for a token bound with `--oidc-issuer`.")]
#[allow(dead_code)]
fn use_token() {}

#[utoipa::path(get, path = "/v1/envs/{env_id}/token-keys", params(("env_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<crate::wire::token::TokenRecipient>, description = "Live service tokens holding keys of the environment, with the versions they hold"),
        (status = 403, body = ApiError, description = "Not an admin of the environment")))]
#[allow(dead_code)]
fn token_recipients() {}

#[utoipa::path(put, path = "/v1/envs/{env_id}/token-keys", params(("env_id" = uuid::Uuid, Path)), request_body = crate::wire::token::PutTokenKeys,
    responses((status = 204, description = "Stored (wraps a token already had are left as they were)"),
        (status = 400, body = ApiError, description = "A wrap for no live token holding keys of the environment, to another recipient, or of a key version the environment lacks"),
        (status = 403, body = ApiError, description = "Not an admin of the environment")))]
#[allow(dead_code)]
fn put_token_keys() {}

#[utoipa::path(put, path = "/v1/envs/{env_id}/protection", params(("env_id" = uuid::Uuid, Path)), request_body = Protect,
    responses((status = 200, body = Protection, description = "Protected: pushes become proposals that need `approvals` approvers other than their author"),
        (status = 403, body = ApiError, description = "Not an admin of the environment")))]
#[allow(dead_code)]
fn protect() {}

#[utoipa::path(delete, path = "/v1/envs/{env_id}/protection", params(("env_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Protection, description = "Unprotected (pending proposals stay, and may still be approved or rejected)"),
        (status = 403, body = ApiError, description = "Not an admin of the environment")))]
#[allow(dead_code)]
fn unprotect() {}

#[utoipa::path(get, path = "/v1/projects/{project_id}/proposals", params(("project_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<Proposal>, description = "Pending proposals of the environments the caller may view (without their changes)")))]
#[allow(dead_code)]
fn proposals() {}

#[utoipa::path(get, path = "/v1/proposals/{proposal_id}", params(("proposal_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Proposal, description = "The proposal with its changes as pushed (ciphertext: decrypt on a device holding the env keys)")))]
#[allow(dead_code)]
fn proposal() {}

#[utoipa::path(post, path = "/v1/proposals/{proposal_id}/approve", params(("proposal_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Proposal, description = "Approved; `state: applied` with `applied_revision` when this was the final approval"),
        (status = 403, body = ApiError, description = "`own_proposal`: the caller is its author; `forbidden`: below writer"),
        (status = 409, body = ApiError, description = "`proposal_conflict` (items changed since its base revision: it is now conflicted; the conflict lists the names), `proposal_closed` (already applied, rejected or conflicted), `already_approved`, or `key_rotation_required`")))]
#[allow(dead_code)]
fn approve_proposal() {}

#[utoipa::path(post, path = "/v1/proposals/{proposal_id}/reject", params(("proposal_id" = uuid::Uuid, Path)),
    responses((status = 200, body = Proposal, description = "Rejected (or withdrawn by its author)"),
        (status = 403, body = ApiError, description = "Below writer and not its author"),
        (status = 409, body = ApiError, description = "`proposal_closed`: already applied, rejected or conflicted")))]
#[allow(dead_code)]
fn reject_proposal() {}

#[utoipa::path(put, path = "/v1/envs/{env_id}/serve-config", params(("env_id" = uuid::Uuid, Path)),
    request_body(content = ServeConfig, example = json!({"serve": true, "values": [{"name": "database.host", "version": 3, "value": "db.internal"}]})),
    responses((status = 200, body = ServeConfigDone, description = "Served now (with the values stored by this request), or no longer served (every stored value deleted)",
            example = json!({"env_id": "6f1c7c8e-3f0e-4a53-9d1e-0d2b1a4b9c11", "serve": true, "values": 1})),
        (status = 400, body = ApiError, description = "`invalid_field`, or `bad_request`: a value for a secret"),
        (status = 403, body = ApiError, description = "Not an admin of the environment")),
    description = "Serves the environment's config items over the config API (docs/config-api.md), or stops. `values`: the current value of each config item, each kept when its version is the item's latest on the server; a secret's is refused. Pushes to a served environment carry their config values in `served`.")]
#[allow(dead_code)]
fn serve_config() {}

#[utoipa::path(get, path = "/v1/config/{project}/{env}",
    params(("project" = String, Path, description = "The project's id or name"),
        ("env" = String, Path, description = "The environment's id or name")),
    responses((status = 200, description = "Every served key the bearer may read, nested by the dots of the names (leaves are strings); `{}` when there is none. Header `secretscli-revision`: the environment's revision"),
        (status = 403, body = ApiError, description = "`forbidden`: not a viewer of the environment; a service token of another environment"),
        (status = 404, body = ApiError, description = "`not_found`: no such environment; `config_not_served`: the environment's config is not served"),
        (status = 409, body = ApiError, description = "`conflict`: a name is both a value and a parent (`x` next to `x.y`); read each by its full name")),
    description = "A served environment's whole config, in clear (docs/config-api.md), as `GET .../{key}` answers a prefix. Inheritance applies. A service token sees the names its `--names` globs match. Audited.")]
#[allow(dead_code)]
fn config_get_env() {}

#[utoipa::path(get, path = "/v1/config/{project}/{env}/{key}",
    params(("project" = String, Path, description = "The project's id or name"),
        ("env" = String, Path, description = "The environment's id or name"),
        ("key" = String, Path, description = "A dotted item name (`database.host`), or a prefix of names (`database`)"),
        ("version" = Option<i64>, Query, description = "That version of the key (in the environment that provides it), not the latest")),
    responses((status = 200, body = ConfigValue, description = "The key's value, or (no such key, names under `key.`) the subtree as nested JSON. Header `secretscli-revision`: the environment's revision"),
        (status = 403, body = ApiError, description = "`forbidden`: not a viewer of the environment; a service token of another environment, or whose `--names` globs do not match the key"),
        (status = 404, body = ApiError, description = "`not_found`: no such environment, key or version (secrets are never served); `config_not_served`: the environment's config is not served"),
        (status = 409, body = ApiError, description = "`conflict`: the subtree has a name that is both a value and a parent (`x` next to `x.y`); read each by its full name")),
    description = "Config items of a served environment, in clear (docs/config-api.md). Inheritance applies: the environment's own value overrides its ancestors'. Bearer: a device token (viewers and above) or a service token's `scsa_<id>_<auth>` credential (its environments, its `--names` globs). Audited.")]
#[allow(dead_code)]
fn config_get() {}

#[utoipa::path(get, path = "/v1/config/{project}/{env}/history/{key}",
    params(("project" = String, Path, description = "The project's id or name"),
        ("env" = String, Path, description = "The environment's id or name"),
        ("key" = String, Path, description = "A dotted item name")),
    responses((status = 200, body = ConfigHistory, description = "The key's versions, newest first, with who and when, in the environment that provides it",
            example = json!({"key": "database.host", "env_id": "6f1c7c8e-3f0e-4a53-9d1e-0d2b1a4b9c11", "versions": [
                {"version": 2, "value": "db2.internal", "updated_at": 1_700_000_100_000_i64, "updated_by": "alice"},
                {"version": 1, "value": "db.internal", "updated_at": 1_700_000_000_000_i64, "updated_by": "alice"}]})),
        (status = 403, body = ApiError, description = "As for a read"),
        (status = 404, body = ApiError, description = "`not_found` or `config_not_served`")),
    description = "A served config key's history (docs/config-api.md). Audited.")]
#[allow(dead_code)]
fn config_history() {}

#[utoipa::path(post, path = "/v1/config/{project}/{env}/rollback/{key}",
    params(("project" = String, Path, description = "The project's id or name"),
        ("env" = String, Path, description = "The environment's id or name"),
        ("key" = String, Path, description = "A dotted item name of this environment"),
        ("version" = i64, Query, description = "The version whose value the new version takes")),
    responses((status = 200, body = ConfigValue, description = "The new version (a new revision of the environment, on the change feed with its value)"),
        (status = 400, body = ApiError, description = "`invalid_field` (no or a bad `version`), or `bad_request`: that version deleted the key"),
        (status = 403, body = ApiError, description = "Below writer; a read-only service token, one of another environment or whose `--names` globs do not match; a protected environment"),
        (status = 404, body = ApiError, description = "`not_found` (no such environment or version) or `config_not_served`")),
    description = "Writes a new version of a served config key equal to an older one (docs/config-api.md). The devices' encrypted copy is not changed: the next push of the key writes over it. Audited.")]
#[allow(dead_code)]
fn config_rollback() {}
#[utoipa::path(post, path = "/v1/shares", request_body = CreateShare,
    responses((status = 200, body = ShareInfo, description = "Stored; the link is `SERVER/s/ID#KEY`, the key known only to the creator's device"),
        (status = 403, body = ApiError, description = "Not a reader of the environment"),
        (status = 409, body = ApiError, description = "`share_exists`: a share with this id exists")),
    description = "Creates a share link of one item (docs/share.md): the envelope was sealed on the device; the server counts reveals and never holds the key.")]
#[allow(dead_code)]
fn create_share() {}

#[utoipa::path(get, path = "/v1/shares",
    responses((status = 200, body = [ShareInfo], description = "The shares the caller's user created, with views and state")))]
#[allow(dead_code)]
fn list_shares() {}

#[utoipa::path(delete, path = "/v1/shares/{share_id}",
    params(("share_id" = String, Path, description = "The share's id (the link's /s/ID)")),
    responses((status = 200, body = ShareInfo, description = "Revoked (or already was); the server forgot the envelope"),
        (status = 403, body = ApiError, description = "Not the share's creator")))]
#[allow(dead_code)]
fn revoke_share() {}

#[utoipa::path(post, path = "/v1/shares/{share_id}/reveal", security(()),
    params(("share_id" = String, Path, description = "The share's id (the link's /s/ID)")),
    responses((status = 200, body = RevealedShare, description = "One view counted; the envelope to open with the link's key (a recipient-bound link: also `wrapped_key`, the link key wrapped to the calling device)"),
        (status = 400, body = ApiError, description = "`invalid_field`: not a share id"),
        (status = 401, body = ApiError, description = "`unauthorized`: a bearer token was sent and is not valid (none is needed, but one sent is checked)"),
        (status = 403, body = ApiError, description = "`forbidden`: the link is sealed to another user's devices (or to other devices of the caller); nothing counted"),
        (status = 429, body = ApiError, description = "`rate_limited`: too many failed authentications from this address"),
        (status = 404, body = ApiError, description = "`not_found`: no such share"),
        (status = 410, body = ApiError, description = "`share_used`, `share_expired` or `share_revoked`: the link no longer works"),
        (status = 500, body = ApiError, description = "`internal`"),
        (status = 503, body = ApiError, description = "`unavailable`")),
    description = "Public (the link is the credential; a recipient-bound link needs its user's device token): counts one view and answers the envelope, atomically, so a link opens at most `max_views` times however many open it at once. The page `GET /s/{share_id}` (HTML, not described here) calls it when the visitor presses reveal.")]
#[allow(dead_code)]
fn reveal_share() {}

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
            ("get", "/v1/projects/{project_id}/members"),
            ("put", "/v1/projects/{project_id}/members/{user_name}"),
            ("delete", "/v1/projects/{project_id}/members/{user_name}"),
            ("get", "/v1/envs/{env_id}/recipients"),
            ("get", "/v1/devices"),
            ("post", "/v1/devices/{device_id}/approve"),
            ("delete", "/v1/devices/{device_id}"),
            ("post", "/v1/service-tokens"),
            ("get", "/v1/service-tokens"),
            ("delete", "/v1/service-tokens/{name}"),
            ("post", "/v1/use-token"),
            ("get", "/v1/envs/{env_id}/token-keys"),
            ("put", "/v1/envs/{env_id}/token-keys"),
            ("put", "/v1/envs/{env_id}/protection"),
            ("delete", "/v1/envs/{env_id}/protection"),
            ("get", "/v1/projects/{project_id}/proposals"),
            ("get", "/v1/proposals/{proposal_id}"),
            ("post", "/v1/proposals/{proposal_id}/approve"),
            ("post", "/v1/proposals/{proposal_id}/reject"),
            ("get", "/v1/envs/{env_id}/changes"),
            ("post", "/v1/envs/{env_id}/restart-slots/{group}"),
            ("delete", "/v1/envs/{env_id}/restart-slots/{group}/{holder}"),
            ("get", "/v1/envs/{env_id}/changes/ws"),
            ("put", "/v1/envs/{env_id}/serve-config"),
            ("get", "/v1/config/{project}/{env}"),
            ("get", "/v1/config/{project}/{env}/{key}"),
            ("get", "/v1/config/{project}/{env}/history/{key}"),
            ("post", "/v1/config/{project}/{env}/rollback/{key}"),
            ("post", "/v1/shares"),
            ("get", "/v1/shares"),
            ("delete", "/v1/shares/{share_id}"),
            ("post", "/v1/shares/{share_id}/reveal"),
        ] {
            assert!(
                paths[path][method].is_object(),
                "{method} {path} is not in the document"
            );
        }
        assert!(doc["components"]["schemas"]["PushRequest"].is_object());
        let ws = &paths["/v1/envs/{env_id}/changes/ws"]["get"];
        assert_eq!(ws["parameters"][1]["schema"]["minimum"], 0);
        assert!(ws["responses"]["101"].is_object());
        let wait = &paths["/v1/envs/{env_id}/changes"]["get"]["parameters"][2]["schema"];
        assert_eq!(wait["maximum"], crate::wire::feed::MAX_WAIT_SECS);
        let group =
            &paths["/v1/envs/{env_id}/restart-slots/{group}"]["post"]["parameters"][1]["schema"];
        assert_eq!(group["pattern"], super::validate::SLOT_NAME_PATTERN);
        assert!(doc["components"]["schemas"]["ItemVersion"].is_object());
        let read = &paths["/v1/config/{project}/{env}/{key}"]["get"];
        assert_eq!(
            read["parameters"][2]["schema"]["pattern"],
            super::validate::CONFIG_KEY_PATTERN
        );
        assert_eq!(read["parameters"][3]["schema"]["minimum"], 1);
        let answer = &read["responses"]["200"]["content"]["application/json"];
        assert!(answer["schema"]["anyOf"].is_array());
        assert!(answer["examples"]["subtree"].is_object());
        for status in ["400", "401", "403", "404", "409", "429"] {
            assert!(
                read["responses"][status].is_object(),
                "config read lacks {status}"
            );
        }
    }

    #[test]
    fn error_responses_and_bounds_are_in_the_document() {
        let doc: serde_json::Value = serde_json::from_str(super::document()).unwrap();
        let push = &doc["paths"]["/v1/envs/{env_id}/push"]["post"]["responses"];
        for status in [
            "400", "401", "403", "404", "409", "413", "422", "429", "500",
        ] {
            assert!(push[status].is_object(), "push lacks {status}");
        }
        let error = "#/components/schemas/ApiError";
        assert_eq!(
            push["400"]["content"]["application/json"]["schema"]["$ref"],
            error
        );
        for (path, method) in [
            ("/v1/invites", "post"),
            ("/v1/envs/{env_id}/keys/{key_version}", "put"),
            ("/v1/login", "post"),
        ] {
            let r = &doc["paths"][path][method]["responses"];
            for status in ["400", "401", "403", "404", "429"] {
                assert!(r[status].is_object(), "{method} {path} lacks {status}");
            }
        }
        assert!(doc["paths"]["/healthz"]["get"]["responses"]["401"].is_null());
        let schemas = &doc["components"]["schemas"];
        let invite = &schemas["InviteRequest"]["properties"]["expires_in_secs"];
        assert_eq!(
            (invite["minimum"].as_i64(), invite["maximum"].as_i64()),
            (Some(1), Some(2_592_000))
        );
        assert_eq!(schemas["PutEnvKey"]["properties"]["wraps"]["minItems"], 1);
        let parent = &schemas["PutEnv"]["properties"]["parent_id"];
        assert_eq!(parent["pattern"], super::UUID_PATTERN);
        assert_eq!(
            schemas["ItemVersion"]["properties"]["version"]["minimum"],
            1
        );
        assert_eq!(
            schemas["ItemVersion"]["properties"]["name"]["maxLength"],
            1024
        );
        // The delete and restore variants carry the item-name bound too.
        let variants = schemas["Change"]["oneOf"].as_array().unwrap();
        let bounded = variants
            .iter()
            .filter(|v| v["properties"]["name"]["maxLength"] == 1024);
        assert_eq!(bounded.count(), 2);
    }

    #[test]
    fn every_schema_rule_names_a_property_of_the_document() {
        let doc: serde_json::Value = serde_json::from_str(super::document()).unwrap();
        for (schema, property, _) in super::validate::SCHEMA_RULES {
            let s = &doc["components"]["schemas"][*schema];
            let found = s["properties"][*property].is_object()
                || s["oneOf"]
                    .as_array()
                    .is_some_and(|v| v.iter().any(|v| v["properties"][*property].is_object()));
            assert!(found, "{schema}.{property} is not in the document");
        }
    }
}
