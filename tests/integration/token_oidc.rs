//! Service tokens bound to a CI identity (issue 12, docs/tokens.md), on SQLite and
//! PostgreSQL: the test runs its own OIDC issuer on loopback (discovery document, JWKS, a
//! GitHub-Actions-style token endpoint) and signs ID tokens with a fixture key. The server
//! releases its share only to a use whose ID token is signed by the issuer's key, for the
//! audience, unexpired, with a subject matching the glob; every refusal names the check.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};

use crate::sync::{ok, run};
use crate::tokens::{Setup, ci, on_both};

const MAIN: &str = "repo:org/app:ref:refs/heads/main";
const GITHUB_REQUEST_TOKEN: &str = "gh-request-token";

/// A fixture RSA key (PKCS#1 PEM) as jsonwebtoken signs with it.
fn key(name: &str) -> EncodingKey {
    let pem = std::fs::read_to_string(format!(
        "{}/tests/fixtures/oidc/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    EncodingKey::from_rsa_der(&der)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// An ID token from `issuer` with these claims, signed by fixture key `signer` as key `k1`.
fn id_token(issuer: &str, signer: &str, aud: &str, sub: &str, exp: i64) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("k1".into());
    let claims = serde_json::json!({
        "iss": issuer, "aud": aud, "sub": sub, "exp": exp, "iat": now() - 10, "nbf": now() - 10,
    });
    jsonwebtoken::encode(&header, &claims, &key(signer)).unwrap()
}

/// Serves the issuer on a loopback port until the test process ends: discovery, the JWKS
/// (the issuer key's public half as `k1`), and `/gh`, which answers a GitHub-Actions-style
/// token request (bearer checked) with an ID token for the audience asked for.
fn issuer() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let served = url.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let url = served.clone();
            std::thread::spawn(move || answer(stream, &url));
        }
    });
    url
}

fn answer(mut stream: std::net::TcpStream, url: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push(line);
    }
    let target = head
        .first()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("")
        .to_string();
    let authorized = head.iter().any(|l| {
        l.to_ascii_lowercase()
            .starts_with(&format!("authorization: bearer {GITHUB_REQUEST_TOKEN}"))
    });
    let jwk: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/fixtures/oidc/issuer-jwk.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let (status, body) = match target
        .split_once('?')
        .map_or((&*target, ""), |(p, q)| (p, q))
    {
        ("/.well-known/openid-configuration", _) => (
            "200 OK",
            serde_json::json!({"issuer": url, "jwks_uri": format!("{url}/jwks")}),
        ),
        ("/jwks", _) => {
            let mut jwk = jwk;
            jwk["kid"] = "k1".into();
            ("200 OK", serde_json::json!({ "keys": [jwk] }))
        }
        ("/gh", query) if authorized => {
            let aud = query
                .split('&')
                .find_map(|p| p.strip_prefix("audience="))
                .unwrap_or("");
            let value = id_token(url, "issuer-key.pem", aud, MAIN, now() + 300);
            ("200 OK", serde_json::json!({ "value": value }))
        }
        _ => ("404 Not Found", serde_json::json!({})),
    };
    let body = body.to_string();
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

#[test]
fn a_token_bound_to_a_ci_identity_opens_only_with_a_matching_id_token() {
    on_both(bound);
}

fn bound(s: &Setup) {
    let iss = issuer();
    let token = s.create(
        "deploy",
        &["prod"],
        &[
            "--oidc-issuer",
            &iss,
            "--oidc-audience",
            "secretscli",
            "--oidc-subject",
            "repo:org/app:ref:refs/heads/main",
        ],
    );
    let get = |vars: &[(&str, &str)]| {
        let mut all = vec![("SECRETSCLI_TOKEN", token.as_str())];
        all.extend_from_slice(vars);
        ci(&["get", "auth.key"], &all, "").0
    };
    let good = id_token(&iss, "issuer-key.pem", "secretscli", MAIN, now() + 300);
    let r = get(&[("SECRETSCLI_OIDC_TOKEN", &good)]);
    assert_eq!(
        (r.code, r.stdout()),
        (0, "prod-auth-secret".into()),
        "{}",
        r.stderr
    );
    // From a file, and from GitHub Actions' endpoint, the same.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("id-token");
    std::fs::write(&file, &good).unwrap();
    let r = get(&[("SECRETSCLI_OIDC_TOKEN_FILE", file.to_str().unwrap())]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let gh = format!("{iss}/gh?api-version=2.0");
    let r = get(&[
        ("ACTIONS_ID_TOKEN_REQUEST_URL", &gh),
        ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GITHUB_REQUEST_TOKEN),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let branch = "repo:org/app:ref:refs/heads/dev";
    let refused = [
        (
            id_token(&iss, "issuer-key.pem", "secretscli", branch, now() + 300),
            "subject \"repo:org/app:ref:refs/heads/dev\" does not match",
        ),
        (
            id_token(&iss, "issuer-key.pem", "secretscli", MAIN, now() - 3600),
            "expired",
        ),
        (
            id_token(
                &iss,
                "issuer-key.pem",
                "another-audience",
                MAIN,
                now() + 300,
            ),
            "audience (aud) does not include \"secretscli\"",
        ),
        (
            id_token(&iss, "other-key.pem", "secretscli", MAIN, now() + 300),
            "signature does not check",
        ),
        (String::new(), "no OIDC ID token"),
    ];
    for (jwt, why) in &refused {
        let r = get(&[("SECRETSCLI_OIDC_TOKEN", jwt)]);
        assert_eq!(r.code, 9, "{why}: {}", r.stderr);
        assert!(r.stderr.contains(why), "{why}: {}", r.stderr);
        assert!(r.stderr.contains("bound to a CI identity"), "{}", r.stderr);
        assert!(!r.stdout().contains("prod-auth-secret"));
        if !jwt.is_empty() {
            assert!(!r.stderr.contains(jwt.as_str()), "the ID token was echoed");
        }
    }
    // Refusals are audited; neither ID token is stored anywhere.
    let audit = s.token_audit();
    let denied = audit.iter().filter(|(_, _, allowed, _)| !allowed).count();
    assert_eq!(denied, refused.len(), "{audit:?}");
    assert!(audit.iter().all(|(actor, ..)| actor == "token:deploy"));
    let store = String::from_utf8_lossy(&s.store_bytes()).into_owned();
    assert!(!store.contains(&good) && !store.contains(&refused[0].0));
    // `token list` shows the binding.
    let listed = ok(&s.alice, &["token", "list"], &[]).stdout();
    assert!(
        listed.contains(&format!("oidc {iss} aud secretscli sub {MAIN}")),
        "{listed}"
    );
}

#[test]
fn a_binding_to_a_plain_http_issuer_elsewhere_than_loopback_is_refused_at_creation() {
    on_both(plain_http);
}

fn plain_http(s: &Setup) {
    let args = [
        "token",
        "create",
        "deploy",
        "--oidc-issuer",
        "http://issuer.example",
        "--oidc-subject",
        "repo:*",
    ];
    let r = run(&s.alice, &args, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--oidc-issuer"), "{}", r.stderr);
    assert!(r.stderr.contains("https://"), "{}", r.stderr);
}

#[test]
fn a_bound_write_token_writes_only_with_a_matching_id_token() {
    on_both(bound_write);
}

fn bound_write(s: &Setup) {
    let iss = issuer();
    let token = s.create(
        "deployer",
        &["prod"],
        &[
            "--write",
            "--oidc-issuer",
            &iss,
            "--oidc-subject",
            "repo:org/app:ref:refs/heads/main",
        ],
    );
    let set = |jwt: &str, value: &str| {
        let vars = [
            ("SECRETSCLI_TOKEN", token.as_str()),
            ("SECRETSCLI_OIDC_TOKEN", jwt),
        ];
        ci(&["set", "auth.key"], &vars, value).0
    };
    // The push carries the ID token too (its own header), checked as a read's is.
    let good = id_token(&iss, "issuer-key.pem", "secretscli", MAIN, now() + 300);
    let r = set(&good, "written-from-main\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dev = "repo:org/app:ref:refs/heads/dev";
    let other = id_token(&iss, "issuer-key.pem", "secretscli", dev, now() + 300);
    let r = set(&other, "written-from-dev\n");
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("does not match"), "{}", r.stderr);
    ok(&s.alice, &["pull"], &[]);
    assert_eq!(
        s.alice.ok(&["get", "-e", "prod", "auth.key"]),
        "written-from-main"
    );
}
