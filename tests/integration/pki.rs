//! `ca` and `cert`: certificates from a CA kept in the vault. A real rustls server and
//! client on loopback do mutual TLS with issued certificates; an expired client
//! certificate and a revoked one (through the CA's CRL) are refused.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;

use crate::util::TestEnv;

/// A vault with CA `root`, a server certificate for 127.0.0.1 in `srv/` and a client
/// certificate `alice` in `alice/`.
fn with_ca() -> TestEnv {
    let env = TestEnv::unlocked();
    env.ok(&["ca", "create", "root"]);
    issue(
        &env,
        "srv",
        &[
            "127.0.0.1",
            "--san",
            "IP:127.0.0.1",
            "--usage",
            "server",
            "--name",
            "srv",
        ],
    );
    issue(&env, "alice", &["alice", "--usage", "client"]);
    env
}

/// `cert issue ARGS -o DIR` into a directory `dir` of the home that does not exist yet:
/// `-o` makes it, owner-only.
fn issue(env: &TestEnv, dir: &str, args: &[&str]) {
    use std::os::unix::fs::PermissionsExt as _;
    let out = env.path().join(dir);
    assert!(!out.exists());
    let mut all = vec!["cert", "issue"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", out.to_str().unwrap()]);
    env.ok(&all);
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{}", out.display());
}

fn certs(path: &Path) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_file_iter(path)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn key(path: &Path) -> PrivateKeyDer<'static> {
    PrivateKeyDer::from_pem_file(path).unwrap()
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn roots(env: &TestEnv) -> Arc<rustls::RootCertStore> {
    let mut roots = rustls::RootCertStore::empty();
    for c in certs(&env.path().join("srv/ca.crt")) {
        roots.add(c).unwrap();
    }
    Arc::new(roots)
}

/// A server that trusts the vault CA for client certificates (and its CRL, when given).
fn server_config(env: &TestEnv, crl: Option<&str>) -> Arc<rustls::ServerConfig> {
    let crls = crl
        .map(|pem| vec![CertificateRevocationListDer::from_pem_slice(pem.as_bytes()).unwrap()])
        .unwrap_or_default();
    let verifier = WebPkiClientVerifier::builder_with_provider(roots(env), provider())
        .with_crls(crls)
        .build()
        .unwrap();
    let srv = env.path().join("srv");
    Arc::new(
        rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_client_cert_verifier(verifier)
            .with_single_cert(certs(&srv.join("srv.crt")), key(&srv.join("srv.key")))
            .unwrap(),
    )
}

/// One mutual-TLS exchange on loopback with client certificate `dir/name`: Ok when the
/// server accepted it and echoed a byte, else the server's error.
fn handshake(env: &TestEnv, dir: &str, name: &str, crl: Option<&str>) -> Result<(), String> {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let config = server_config(env, crl);
    let server = std::thread::spawn(move || -> Result<(), String> {
        let (tcp, _) = listener.accept().unwrap();
        let conn = rustls::ServerConnection::new(config).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        let mut byte = [0u8; 1];
        tls.read_exact(&mut byte).map_err(|e| e.to_string())?;
        tls.write_all(&byte).map_err(|e| e.to_string())?;
        tls.flush().map_err(|e| e.to_string())
    });
    let client_dir = env.path().join(dir);
    let client_config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots(env))
        .with_client_auth_cert(
            certs(&client_dir.join(format!("{name}.crt"))),
            key(&client_dir.join(format!("{name}.key"))),
        )
        .unwrap();
    let conn = rustls::ClientConnection::new(
        Arc::new(client_config),
        ServerName::try_from("127.0.0.1").unwrap(),
    )
    .unwrap();
    let mut tls = rustls::StreamOwned::new(conn, TcpStream::connect(addr).unwrap());
    let client = tls.write_all(b"x").and_then(|()| {
        let mut byte = [0u8; 1];
        tls.read_exact(&mut byte)
    });
    let server = server.join().unwrap();
    server?;
    client.map_err(|e| e.to_string())
}

#[test]
fn issued_certificates_do_mutual_tls_with_a_rustls_server_and_client() {
    let env = with_ca();
    handshake(&env, "alice", "alice", None).unwrap();
    let crl = env.ok(&["ca", "crl", "root"]);
    assert!(crl.starts_with("-----BEGIN X509 CRL-----"), "{crl}");
    handshake(&env, "alice", "alice", Some(&crl)).unwrap();
}

#[test]
fn an_expired_client_certificate_is_refused() {
    let env = with_ca();
    let out = env.path().join("old");
    std::fs::create_dir(&out).unwrap();
    let run = env.run_with(
        &[
            "cert",
            "issue",
            "old",
            "--usage",
            "client",
            "--ttl",
            "1h",
            "-o",
            out.to_str().unwrap(),
        ],
        "",
        &[("SECRETSCLI_PKI_BACKDATE", "2h")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let err = handshake(&env, "old", "old", None).unwrap_err();
    assert!(err.contains("certificate expired"), "{err}");
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["cert", "list", "--json"])).unwrap();
    let old = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "old")
        .unwrap();
    assert_eq!(old["status"], "expired");
}

#[test]
fn a_revoked_client_certificate_is_refused_through_the_crl() {
    let env = with_ca();
    issue(&env, "bob", &["bob", "--usage", "client"]);
    handshake(&env, "bob", "bob", Some(&env.ok(&["ca", "crl", "root"]))).unwrap();
    env.ok(&["cert", "revoke", "bob"]);
    let crl = env.ok(&["ca", "crl", "root"]);
    let err = handshake(&env, "bob", "bob", Some(&crl)).unwrap_err();
    assert!(err.contains("Revoked"), "{err}");
    handshake(&env, "alice", "alice", Some(&crl)).unwrap();
    let err = env.fails(&["cert", "revoke", "bob"], 7);
    assert!(err.contains("already revoked"), "{err}");
}

#[test]
fn revoke_by_serial_and_list_show_each_certificates_status() {
    let env = with_ca();
    let list: serde_json::Value =
        serde_json::from_str(&env.ok(&["cert", "list", "--json"])).unwrap();
    let alice = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "alice")
        .unwrap();
    assert_eq!(
        (alice["status"].as_str(), alice["ca"].as_str()),
        (Some("valid"), Some("root"))
    );
    let serial = alice["serial"].as_str().unwrap().to_uppercase();
    env.ok(&["cert", "revoke", &serial]);
    let table = env.ok(&["cert", "list"]);
    let row = table.lines().find(|l| l.starts_with("alice")).unwrap();
    assert!(row.ends_with("revoked"), "{table}");
    assert!(
        env.fails(&["cert", "revoke", "nobody"], 5)
            .contains("cert list")
    );
}

#[test]
fn written_files_are_private_and_the_printed_form_holds_cert_and_key() {
    let env = with_ca();
    for file in ["srv.crt", "srv.key", "ca.crt"] {
        let mode = std::fs::metadata(env.path().join("srv").join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
    let printed = env.ok(&["cert", "issue", "db.internal", "--ttl", "30m"]);
    assert!(printed.contains("-----BEGIN CERTIFICATE-----"), "{printed}");
    assert!(printed.contains("-----BEGIN PRIVATE KEY-----"), "{printed}");
    let shown = env.ok(&["ca", "show", "root"]);
    assert_eq!(
        shown,
        std::fs::read_to_string(env.path().join("srv/ca.crt")).unwrap()
    );
    assert!(!shown.contains("PRIVATE KEY"));
    let err = env.fails(&["cert", "issue", "x", "--ttl", "6y"], 8);
    assert!(err.contains("would expire after its CA root"), "{err}");
}

#[test]
fn inject_cert_hands_over_the_certificate_and_the_ca_key_stays_out_of_apps() {
    let env = with_ca();
    env.set("APP", "1");
    let run = env.run(&[
        "inject",
        "--cert",
        "alice",
        "--",
        "sh",
        "-c",
        "printf %s \"$TLS_CERT$TLS_KEY$TLS_CA\"",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = env.path().join("alice");
    let expected: String = ["alice.crt", "alice.key", "ca.crt"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    assert_eq!(run.stdout(), expected);
    let plain = env.ok(&["inject", "--", "env"]);
    assert!(plain.contains("APP=1"));
    assert!(
        !plain.contains("PRIVATE KEY") && !plain.contains("ca.root"),
        "{plain}"
    );
    assert!(
        env.fails(&["inject", "--cert", "nobody", "--", "true"], 5)
            .contains("nobody")
    );
}

#[test]
fn a_second_ca_of_the_same_name_and_an_unchosen_ca_are_refused() {
    let env = with_ca();
    assert!(
        env.fails(&["ca", "create", "root"], 7)
            .contains("already exists")
    );
    env.ok(&["ca", "create", "other", "--ttl", "90d"]);
    let err = env.fails(&["cert", "issue", "x"], 2);
    assert!(
        err.contains("several CAs (other, root)") && err.contains("--ca"),
        "{err}"
    );
    env.ok(&["cert", "issue", "x", "--ca", "other"]);
}

#[test]
fn a_project_without_a_ca_lists_no_certificates_and_check_all_ignores_the_pki_env() {
    let env = TestEnv::unlocked();
    assert_eq!(env.ok(&["cert", "list", "--json"]).trim(), "[]");
    let err = env.fails(&["cert", "issue", "x"], 5);
    assert!(
        err.contains("project app has no CA yet") && err.contains("ca create"),
        "{err}"
    );
    env.set("APP", "1");
    env.ok(&["ca", "create", "root"]);
    let run = env.run(&["check", "--all"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout(), run.stderr);
}
