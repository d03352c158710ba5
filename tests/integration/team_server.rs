//! Teams on a real `secretscli server` over HTTP (issue 11, docs/teams.md): roles refused
//! with 403 `forbidden` naming the role, pending devices with 403 `device_pending`,
//! approval, members, recipients, removal that raises the key floor and refuses old keys
//! with 409 `key_rotation_required`, and the audit's targets. SQLite and PostgreSQL.

use reqwest::Method;
use reqwest::StatusCode;
use secretscli::wire::team::{
    AccessChange, Device, DeviceStatus, InviteGrant, Member, PutMember, Recipient, Role,
};
use secretscli::wire::{
    AuditPage, InviteRequest, InviteResponse, PutEnvKey, RemoteEnv, WhoAmI, WrappedKey,
};
use uuid::Uuid;

use crate::server::{Api, Storage, TestServer, error, on_both, push_req, setup, version};

fn invite(
    by: &Api,
    user_id: Option<Uuid>,
    grant: Option<InviteGrant>,
) -> reqwest::blocking::Response {
    let req = InviteRequest {
        user_id,
        expires_in_secs: 600,
        grant,
    };
    by.send(Method::POST, "/v1/invites", &req)
}

fn wrap_to(api: &Api, env: Uuid, version: u32, recipient: &str) -> reqwest::blocking::Response {
    let body = PutEnvKey {
        wraps: vec![WrappedKey {
            key_version: version,
            recipient: recipient.into(),
            wrapped: b"an age wrap".to_vec(),
        }],
    };
    api.send(
        Method::PUT,
        &format!("/v1/envs/{env}/keys/{version}"),
        &body,
    )
}

fn stored(res: reqwest::blocking::Response) {
    let status = res.status();
    assert_eq!(status, StatusCode::NO_CONTENT, "{}", res.text().unwrap());
}

fn refused(res: reqwest::blocking::Response, status: StatusCode, code: &str) -> String {
    let (got, body) = error(res);
    assert_eq!(
        (got, body.code.as_str()),
        (status, code),
        "{}",
        body.message
    );
    body.message
}

#[test]
fn a_new_device_of_a_user_is_pending_until_another_of_its_devices_approves_it() {
    on_both(pending_devices);
}

fn pending_devices(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (alice, _, env) = setup(&server);
    let me: WhoAmI = alice.ok(alice.get("/v1/whoami"));
    let token: InviteResponse = alice.ok(invite(&alice, Some(me.user_id), None));
    let (login, phone) = Api::new(&server)
        .with_token(&token.token)
        .login(None, "phone");
    // Pending: it may ask who it is and list its user's devices, nothing else.
    let who: WhoAmI = phone.ok(phone.get("/v1/whoami"));
    assert_eq!(who.device_status, Some(DeviceStatus::Pending));
    let devices: Vec<Device> = phone.ok(phone.get("/v1/devices"));
    assert_eq!(devices.len(), 2);
    refused(
        phone.get("/v1/devices?user=alice"),
        StatusCode::FORBIDDEN,
        "device_pending",
    );
    for path in ["/v1/projects".to_string(), format!("/v1/envs/{env}")] {
        let message = refused(phone.get(&path), StatusCode::FORBIDDEN, "device_pending");
        assert!(message.contains("device approve"), "{message}");
    }
    let approve = format!("/v1/devices/{}/approve", login.device_id);
    refused(
        phone.send(Method::POST, &approve, &()),
        StatusCode::FORBIDDEN,
        "device_pending",
    );
    let done: Device = alice.ok(alice.send(Method::POST, &approve, &()));
    assert_eq!(done.status, DeviceStatus::Approved);
    // At once: pending devices' tokens are never cached.
    phone.ok::<serde_json::Value>(phone.get("/v1/projects"));
    // Revoked: every request refused at once (this node forgets its cached token).
    let change: AccessChange = alice.ok(alice.send(
        Method::DELETE,
        &format!("/v1/devices/{}", login.device_id),
        &(),
    ));
    assert!(change.rotate.is_empty(), "it held no wrap");
    refused(
        phone.get("/v1/projects"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    let audit: AuditPage = alice.ok(alice.get("/v1/audit"));
    let targets: Vec<(&str, Option<&str>)> = audit
        .entries
        .iter()
        .filter(|e| e.action.starts_with("device_"))
        .map(|e| (e.action.as_str(), e.target.as_deref()))
        .collect();
    assert_eq!(
        targets,
        [
            ("device_approve", Some("alice@phone")),
            ("device_revoke", Some("alice@phone"))
        ]
    );
}

#[test]
fn roles_are_enforced_and_removal_refuses_pushes_under_the_old_key() {
    on_both(roles_and_removal);
}

fn roles_and_removal(storage: &Storage) {
    let server = TestServer::start(&storage.backend, &[]);
    let (alice, project, env) = setup(&server);
    let me: WhoAmI = alice.ok(alice.get("/v1/whoami"));
    stored(wrap_to(&alice, env, 1, "age1laptop"));
    // Alice invites Bob as a reader of dev, and Vic as a viewer of the project.
    let as_reader = InviteGrant {
        project_id: project,
        role: Role::Reader,
        env_id: Some(env),
    };
    let bob_invite: InviteResponse = alice.ok(invite(&alice, None, Some(as_reader)));
    let (_, bob) = Api::new(&server)
        .with_token(&bob_invite.token)
        .login(Some("bob"), "boblaptop");
    let as_viewer = InviteGrant {
        project_id: project,
        role: Role::Viewer,
        env_id: None,
    };
    let vic_invite: InviteResponse = alice.ok(invite(&alice, None, Some(as_viewer)));
    let (_, vic) = Api::new(&server)
        .with_token(&vic_invite.token)
        .login(Some("vic"), "viclaptop");
    // Bob waits for keys until a device holding them wraps to his.
    let members: Vec<Member> = alice.ok(alice.get(&format!("/v1/projects/{project}/members")));
    let names: Vec<&str> = members.iter().map(|m| m.user_name.as_str()).collect();
    assert_eq!(names, ["alice", "bob", "vic"]);
    assert_eq!(members[1].waiting_for_keys, [env]);
    assert!(
        members[2].waiting_for_keys.is_empty(),
        "a viewer gets no keys"
    );
    // A viewer: names yes, recipients and wraps no (refused with the role named).
    vic.ok::<RemoteEnv>(vic.get(&format!("/v1/envs/{env}")));
    let message = refused(
        vic.get(&format!("/v1/envs/{env}/recipients")),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert!(
        message.contains("reader") && message.contains("viewer"),
        "{message}"
    );
    refused(
        wrap_to(&alice, env, 1, "age1viclaptop"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let recipients: Vec<Recipient> = bob.ok(bob.get(&format!("/v1/envs/{env}/recipients")));
    let who: Vec<(&str, &[u32])> = recipients
        .iter()
        .map(|r| (r.user_name.as_str(), r.key_versions.as_slice()))
        .collect();
    assert_eq!(who, [("alice", &[1][..]), ("bob", &[][..])]);
    assert_eq!(recipients[0].user_id, me.user_id);
    stored(wrap_to(&alice, env, 1, "age1boblaptop"));
    // A reader cannot push, start a key version, or manage members.
    let message = refused(
        bob.push(env, &push_req(0, vec![version("A", 1, b"x".to_vec())])),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert!(message.contains("writer"), "{message}");
    refused(
        wrap_to(&bob, env, 2, "age1boblaptop"),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let put = PutMember {
        role: Role::Admin,
        env_id: None,
    };
    refused(
        bob.send(
            Method::PUT,
            &format!("/v1/projects/{project}/members/bob"),
            &put,
        ),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    alice.ok::<serde_json::Value>(
        alice.push(env, &push_req(0, vec![version("A", 1, b"x".to_vec())])),
    );
    // Removing Bob deletes his wraps and raises the floor past key version 1.
    let change: AccessChange = alice.ok(alice.send(
        Method::DELETE,
        &format!("/v1/projects/{project}/members/bob"),
        &(),
    ));
    assert_eq!(change.rotate.len(), 1);
    assert_eq!(
        (change.rotate[0].env_id, change.rotate[0].min_key_version),
        (env, 2)
    );
    refused(
        bob.get(&format!("/v1/envs/{env}")),
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let seen: RemoteEnv = alice.ok(alice.get(&format!("/v1/envs/{env}")));
    assert_eq!(seen.min_key_version, 2);
    let message = refused(
        alice.push(env, &push_req(1, vec![version("B", 1, b"y".to_vec())])),
        StatusCode::CONFLICT,
        "key_rotation_required",
    );
    assert!(
        message.contains("rotate") && message.contains('B'),
        "{message}"
    );
    let audit: AuditPage = alice.ok(alice.get("/v1/audit"));
    let rm = audit
        .entries
        .iter()
        .find(|e| e.action == "member_rm")
        .unwrap();
    assert_eq!(
        (rm.target.as_deref(), rm.project),
        (Some("bob"), Some(project))
    );
    assert!(
        audit
            .entries
            .iter()
            .any(|e| e.action == "member_put" && !e.allowed && e.actor == "bob"),
        "refusals are audited"
    );
}
