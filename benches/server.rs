//! Real-process benchmark of the sync server's hot paths under 64 concurrent connections,
//! on SQLite and on PostgreSQL, side by side in one run: a device's snapshot read
//! (`GET /v1/envs/{id}/snapshot` of a 30-item environment) and a service token's use
//! (`POST /v1/use-token` of a token for that environment: credential hash, the token's
//! checks, its use counted and audited in one write transaction, its wraps and 30 items),
//! and a config API read of a served environment (`GET /v1/config/bench/prod/database.host`
//! with a device token: name resolution, access check, the served value's query, the
//! audit entry; docs/config-api.md).
//!
//! The release `secretscli server` runs as its own process on a loopback port; the load
//! generator is this process (tokio, 64 tasks, each one keep-alive HTTP/1.1 connection).
//! Every read is a full request: bearer-token check, access check, the snapshot query, and
//! its audit entry committed before the answer (the server's group commit batches them).
//! Loopback only; bounded by time.
//!
//! Each store is loaded twice. Flat out (closed loop: the next request as soon as the last
//! is answered) gives the throughput. At the target rate (open loop, 5,000 reads/s in all,
//! latency counted from each request's intended send time, as wrk2 does) gives the latency
//! a client sees at that load. The p99 target is judged there: flat out, 64 connections
//! always waiting make latency = 64 / throughput by Little's law, whatever the server does.
//!
//! `cargo bench --bench server`. `BENCH_SECS` (default 10) sets the measured time per store;
//! PostgreSQL uses `SECRETSCLI_BENCH_DATABASE_URL`, else `SECRETSCLI_TEST_DATABASE_URL`,
//! else `postgres://postgres@127.0.0.1:5432/test`, in a schema of its own dropped after.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::load::{Outcome, Pace, Target, load, percentile};

use base64::Engine as _;
use secretscli::wire::config::{ConfigValue, ServeConfig, ServedValue};
use secretscli::wire::token::{CreateServiceToken, TokenEnvKeys, TokenGrant, TokenScope};
use secretscli::wire::{
    Change, ItemKind, ItemVersion, LoginRequest, LoginResponse, PushRequest, PutEnv, PutProject,
    Snapshot, WrappedKey,
};
use sha2::Digest as _;
use uuid::Uuid;

const BIN: &str = env!("CARGO_BIN_EXE_secretscli");
const CONNECTIONS: usize = 64;
const ITEMS: usize = 30;
const TARGET_RPS: f64 = 5000.0;
const TARGET_P99_MS: f64 = 10.0;

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn start(store_args: &[String], token_file: &std::path::Path) -> Server {
    let mut child = Command::new(BIN)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", "/nonexistent")
        .env("SECRETSCLI_LOG", "warn")
        .args([
            "server",
            "--listen",
            "127.0.0.1:0",
            "--bootstrap-token-file",
        ])
        .arg(token_file)
        .args(store_args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server exited before listening")
            .unwrap();
        if let Some(rest) = line.strip_prefix("listening on ") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    Server {
        child,
        url: format!("http://{addr}"),
    }
}

/// Logs in, makes a project and a 30-item environment; returns (token, env id).
async fn prepare(http: &reqwest::Client, url: &str, bootstrap: &str) -> (String, Uuid) {
    let login: LoginResponse = http
        .post(format!("{url}/v1/login"))
        .bearer_auth(bootstrap)
        .json(&LoginRequest {
            device_name: "bench".into(),
            recipient: "age1bench".into(),
            user_name: Some("bench".into()),
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login.token;
    let (project, env) = (Uuid::new_v4(), Uuid::new_v4());
    http.put(format!("{url}/v1/projects/{project}"))
        .bearer_auth(&token)
        .json(&PutProject {
            name: "bench".into(),
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    http.put(format!("{url}/v1/envs/{env}"))
        .bearer_auth(&token)
        .json(&PutEnv {
            project_id: project,
            name: "prod".into(),
            parent_id: None,
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    http.put(format!("{url}/v1/envs/{env}/serve-config"))
        .bearer_auth(&token)
        .json(&ServeConfig {
            serve: true,
            values: Vec::new(),
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    // Sizes like the vault's: 12-byte nonce + 16-byte tag around a 32-byte key or a value.
    let mut changes: Vec<Change> = (0..ITEMS)
        .map(|i| {
            Change::Version(ItemVersion {
                name: format!("BENCH_KEY_{i:02}"),
                version: 1,
                kind: ItemKind::Secret,
                literal: false,
                key_version: 1,
                wrapped_data_key: vec![i as u8; 60],
                ciphertext: vec![(i * 7) as u8; 28 + 40],
                created_at: 1_700_000_000_000,
                author: "bench@host".into(),
                previous: None,
            })
        })
        .collect();
    // Two served config items beside the 30 secrets.
    let mut served = Vec::new();
    for (name, value) in [("database.host", "db.internal"), ("database.port", "5432")] {
        changes.push(Change::Version(ItemVersion {
            name: name.into(),
            version: 1,
            kind: ItemKind::Config,
            literal: false,
            key_version: 1,
            wrapped_data_key: vec![1; 60],
            ciphertext: vec![2; 28 + value.len()],
            created_at: 1_700_000_000_000,
            author: "bench@host".into(),
            previous: None,
        }));
        served.push(ServedValue {
            name: name.into(),
            version: 1,
            value: value.into(),
        });
    }
    http.post(format!("{url}/v1/envs/{env}/push"))
        .bearer_auth(&token)
        .json(&PushRequest {
            served,
            base_revision: 0,
            idempotency_key: Uuid::new_v4(),
            force: false,
            changes,
        })
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    (token, env)
}

/// The request every connection sends, after checking through reqwest that the first
/// snapshot is the one pushed.
async fn snapshot_request(url: &str, token: &str, env: Uuid) -> Arc<[u8]> {
    let http = reqwest::Client::new();
    let first: Snapshot = http
        .get(format!("{url}/v1/envs/{env}/snapshot"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        first.items.len(),
        ITEMS + 2,
        "the snapshot is not what was pushed"
    );
    let addr = url.trim_start_matches("http://");
    format!(
        "GET /v1/envs/{env}/snapshot HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n"
    )
    .into_bytes()
    .into()
}

/// The config API read every connection sends, after checking through reqwest that it
/// answers the served value.
async fn config_request(url: &str, token: &str) -> Arc<[u8]> {
    let path = "/v1/config/bench/prod/database.host";
    let first: ConfigValue = reqwest::Client::new()
        .get(format!("{url}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        first.value, "db.internal",
        "the config read is not what was pushed"
    );
    let addr = url.trim_start_matches("http://");
    format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n")
        .into_bytes()
        .into()
}

/// Makes a read-only service token for `env` (as an admin's device would, with a stand-in
/// wrap: the server never opens it) and returns the request every connection sends to use
/// it, after checking through reqwest that a use serves the 30 items.
async fn token_request(url: &str, device_token: &str, env: Uuid) -> Arc<[u8]> {
    let http = reqwest::Client::new();
    let (id, auth) = (hex::encode([0x5a; 16]), [0x42u8; 32]);
    let recipient = "age1benchtoken".to_string();
    let create = CreateServiceToken {
        id: id.clone(),
        name: "bench".into(),
        recipient: recipient.clone(),
        share: vec![7; 32],
        verifier: sha2::Sha256::digest(auth).to_vec(),
        scope: TokenScope::default(),
        envs: vec![TokenEnvKeys {
            env_id: env,
            wraps: vec![WrappedKey {
                key_version: 1,
                recipient,
                wrapped: vec![9; 200],
            }],
        }],
        inherited: vec![],
    };
    http.post(format!("{url}/v1/service-tokens"))
        .bearer_auth(device_token)
        .json(&create)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let credential = format!(
        "scsa_{id}_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(auth)
    );
    let grant: TokenGrant = http
        .post(format!("{url}/v1/use-token"))
        .bearer_auth(&credential)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        grant.envs[0].items.len(),
        ITEMS + 2,
        "the use is not what was pushed"
    );
    let addr = url.trim_start_matches("http://");
    format!(
        "POST /v1/use-token HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {credential}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}"
    )
    .into_bytes()
    .into()
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

fn print_row(store: &str, read: &str, load: &str, o: &Outcome) {
    let (p50, p99, p999) = (
        percentile(&o.latencies_us, 0.50),
        percentile(&o.latencies_us, 0.99),
        percentile(&o.latencies_us, 0.999),
    );
    println!(
        "| {store} | {read} | {load} | {} | {} | {:.0} | {p50:.2} | {p99:.2} | {p999:.2} |",
        o.requests,
        o.errors,
        o.rate()
    );
}

fn pg_exec(rt: &tokio::runtime::Runtime, url: &str, sql: &str) -> Result<(), String> {
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .map_err(|e| e.to_string())?;
        let task = tokio::spawn(conn);
        client.batch_execute(sql).await.map_err(|e| e.to_string())?;
        drop(client);
        let _ = task.await;
        Ok(())
    })
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("server bench: skipped (run it with `cargo bench --bench server`)");
        return;
    }
    let secs: u64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let pg_base = std::env::var("SECRETSCLI_BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("SECRETSCLI_TEST_DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());

    // `BENCH_STORES=postgres` and `BENCH_READS=token` narrow a run (profiling one case).
    let wanted = |var: &str, what: &str| {
        std::env::var(var).map_or(true, |list| list.split(',').any(|w| what.contains(w)))
    };
    let mut rows = Vec::new();
    for store in ["sqlite", "postgres"]
        .into_iter()
        .filter(|s| wanted("BENCH_STORES", s))
    {
        let dir = tempfile::Builder::new()
            .prefix("scbench")
            .tempdir()
            .unwrap();
        let token_file = dir.path().join("bootstrap");
        let mut schema = None;
        let args = if store == "sqlite" {
            vec![
                "--data".to_string(),
                dir.path().join("data").display().to_string(),
            ]
        } else {
            let name = format!("bench_{}", Uuid::new_v4().simple());
            if let Err(e) = pg_exec(&rt, &pg_base, &format!("CREATE SCHEMA {name}")) {
                eprintln!("postgres: skipped ({e})");
                continue;
            }
            let sep = if pg_base.contains('?') { '&' } else { '?' };
            let url = format!("{pg_base}{sep}options=-csearch_path%3D{name}");
            schema = Some(name);
            vec!["--database-url".to_string(), url]
        };
        eprintln!(
            "{store}: starting the server, 30 secrets and 2 served config items, {CONNECTIONS} connections, {secs} s"
        );
        let server = start(&args, &token_file);
        let bootstrap = std::fs::read_to_string(&token_file)
            .unwrap()
            .trim()
            .to_string();
        let setup_http = reqwest::Client::new();
        let (token, env) = rt.block_on(prepare(&setup_http, &server.url, &bootstrap));
        let snapshot = rt.block_on(snapshot_request(&server.url, &token, env));
        let token_use = rt.block_on(token_request(&server.url, &token, env));
        let config = rt.block_on(config_request(&server.url, &token));
        let target = Target::Tcp(server.url.trim_start_matches("http://").to_string());
        let run = |req: &Arc<[u8]>, pace| {
            let phases = (Duration::from_secs(2), Duration::from_secs(secs));
            rt.block_on(load(&target, CONNECTIONS, req.clone(), pace, phases))
        };
        let reads = [
            ("snapshot", &snapshot),
            ("token use", &token_use),
            ("config get", &config),
        ];
        for (read, req) in reads.into_iter().filter(|(r, _)| wanted("BENCH_READS", r)) {
            let saturated = run(req, Pace::Saturate);
            let at_rate = run(req, Pace::Rate(TARGET_RPS));
            rows.push((store, read, saturated, at_rate));
        }
        drop(server);
        if let Some(name) = schema {
            let _ = pg_exec(&rt, &pg_base, &format!("DROP SCHEMA {name} CASCADE"));
        }
    }

    println!();
    println!(
        "| store | read | load (64 connections) | reads | errors | reads/s | p50 ms | p99 ms | p99.9 ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (store, read, saturated, at_rate) in &rows {
        print_row(store, read, "closed loop, flat out", saturated);
        print_row(
            store,
            read,
            &format!("open loop, {TARGET_RPS:.0}/s"),
            at_rate,
        );
    }
    println!();
    for (store, read, saturated, at_rate) in &rows {
        let rps = saturated.rate();
        let p99 = percentile(&at_rate.latencies_us, 0.99);
        let p99_flat_out = percentile(&saturated.latencies_us, 0.99);
        let clean = saturated.errors == 0 && at_rate.errors == 0;
        println!(
            "{store} {read}: throughput {rps:.0} reads/s (target >= {TARGET_RPS:.0}: {}); p99 at {TARGET_RPS:.0} reads/s {p99:.2} ms (target <= {TARGET_P99_MS:.0}: {}); {}; p99 when flat out {p99_flat_out:.2} ms",
            verdict(rps >= TARGET_RPS),
            verdict(p99 <= TARGET_P99_MS),
            if clean { "no errors" } else { "ERRORS" },
        );
    }
    for store in ["sqlite", "postgres"] {
        let rate = |read: &str| {
            rows.iter()
                .find(|r| r.0 == store && r.1 == read)
                .map(|r| r.2.rate())
        };
        if let (Some(snap), Some(used)) = (rate("snapshot"), rate("token use")) {
            println!(
                "{store}: token uses/s vs snapshot reads/s flat out: {:.2}",
                used / snap
            );
        }
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average at the end: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let uname = Command::new("uname")
        .arg("-sr")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    println!(
        "\nnproc {}, {uname}, {cpu}; server and load generator share the machine",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}
