//! Real-process benchmark of the local sidecar (`secretscli serve`, issue 14, docs/serve.md):
//! `GET` of one key at 64 keep-alive connections, over the unix socket and over loopback TCP
//! with the bearer, side by side in one run with a baseline: the same sidecar's `/healthz`
//! (same process, HTTP stack and gate, no lookup and no value), so `key / healthz` is what
//! serving a value costs over answering at all.
//!
//! The release binary runs `serve` from a vault (fast KDF, unlocked through the agent, 30
//! items and `database.password`) as its own processes: one on a unix socket, one on
//! `127.0.0.1:0` with `--bearer-file`. The load generator is this process
//! (`common::load`: tokio, two workers, a minimal HTTP/1.1 client), on the same cores.
//!
//! Issue 14's target: >= 20,000 req/s and p99 <= 5 ms at 64 connections. Each case runs
//! twice: flat out (closed loop) for the throughput, and open loop at 20,000 req/s in all
//! (latency from each request's intended send time, wrk2's method) for the p99 at the
//! target rate; flat out, 64 waiting connections make latency = 64 / throughput by
//! Little's law whatever the sidecar does.
//!
//! `cargo bench --bench serve`; `BENCH_SECS` (default 10) seconds measured per case after
//! a 2 s warm-up. Loopback only; bounded by time.

mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::load::{Outcome, Pace, Target, load};
use common::{Home, PASS, dotenv_lines, machine, path_str};

const CONNECTIONS: usize = 64;
const ITEMS: usize = 30;
const TARGET_RPS: f64 = 20_000.0;
const TARGET_P99_MS: f64 = 5.0;
const KEY: &str = "database.password";
const VALUE: &str = "s3cret-value-for-the-bench";

/// A running sidecar, killed (its own PID) when dropped.
struct Sidecar {
    child: Child,
    /// `unix:PATH` or `http://ADDR`, from its "serving ... on ..." line.
    on: String,
}

impl Sidecar {
    fn start(home: &Home, args: &[&str]) -> Sidecar {
        let mut all = vec!["serve"];
        all.extend_from_slice(args);
        let mut child = home
            .cmd(&all)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start the sidecar");
        let stderr = child.stderr.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        // Keeps draining stderr so the sidecar never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.starts_with("serving ")
                    && let Some((_, on)) = line.rsplit_once(" on ")
                    && let Some(t) = tx.take()
                {
                    let _ = t.send(on.to_string());
                }
            }
        });
        let on = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the sidecar did not say where it serves");
        Sidecar { child, on }
    }
}

impl Drop for Sidecar {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET path` with `auth` headers, as every connection sends it (keep-alive).
fn request(path: &str, auth: &str) -> Arc<[u8]> {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{auth}\r\n")
        .into_bytes()
        .into()
}

/// One request on a fresh connection that closes; panics unless the answer is a 200 whose
/// body holds `want`. The load phases count statuses only, so this checks the content.
fn check(target: &Target, path: &str, auth: &str, want: &str) {
    let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{auth}\r\n");
    let mut answer = String::new();
    match target {
        Target::Tcp(addr) => {
            let mut s = std::net::TcpStream::connect(addr).expect("connect");
            s.write_all(req.as_bytes()).unwrap();
            s.read_to_string(&mut answer).unwrap();
        }
        Target::Unix(path) => {
            let mut s = std::os::unix::net::UnixStream::connect(path).expect("connect");
            s.write_all(req.as_bytes()).unwrap();
            s.read_to_string(&mut answer).unwrap();
        }
    }
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.contains(want),
        "{path}: unexpected answer {:?}",
        answer.lines().next()
    );
}

struct Row {
    transport: String,
    read: &'static str,
    saturated: Outcome,
    at_rate: Outcome,
}

fn print_row(row: &Row, load: &str, o: &Outcome) {
    println!(
        "| {} | {} | {load} | {} | {} | {:.0} | {:.2} | {:.2} | {:.2} |",
        row.transport,
        row.read,
        o.requests,
        o.errors,
        o.rate(),
        o.ms(0.50),
        o.ms(0.99),
        o.ms(0.999)
    );
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    if !common::bench_requested("serve") {
        return;
    }
    let secs = common::env_count("BENCH_SECS", 10) as u64;
    let load_at_start = loadavg();
    let home = Home::new("scserve");
    home.ok(
        &[
            "init",
            "--name",
            "bench",
            "--kdf-memory",
            "8",
            "--kdf-iterations",
            "1",
        ],
        Some(PASS),
    );
    home.ok(&["unlock"], Some(PASS));
    let env_file = home.write(".env", dotenv_lines(ITEMS));
    home.ok(&["import", path_str(&env_file)], None);
    home.ok(&["set", KEY], Some(VALUE));

    let socket = home.file("s.sock");
    let bearer_file = home.file("bearer");
    let unix = Sidecar::start(&home, &["--socket", path_str(&socket)]);
    let tcp = Sidecar::start(
        &home,
        &[
            "--listen",
            "127.0.0.1:0",
            "--bearer-file",
            path_str(&bearer_file),
        ],
    );
    assert_eq!(unix.on, format!("unix:{}", socket.display()));
    let bearer = std::fs::read_to_string(&bearer_file).expect("the bearer file");
    let addr = tcp
        .on
        .strip_prefix("http://")
        .expect("an http:// sidecar")
        .to_string();
    let with_bearer = format!("Authorization: Bearer {}\r\n", bearer.trim());
    let key_path = format!("/v1/config/bench/dev/{KEY}");
    let cases: [(&str, Target, &str); 2] = [
        ("unix", Target::Unix(socket.clone()), ""),
        ("tcp+bearer", Target::Tcp(addr), with_bearer.as_str()),
    ];
    eprintln!(
        "serve: {} items, {CONNECTIONS} connections, 2 s warm-up + {secs} s per case, flat out then {TARGET_RPS:.0}/s",
        ITEMS + 1
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for (transport, target, auth) in &cases {
        for (read, path, want) in [
            ("healthz (baseline)", "/healthz", "\"ok\""),
            ("get key", key_path.as_str(), VALUE),
        ] {
            check(target, path, auth, want);
            let req = request(path, auth);
            let phases = (Duration::from_secs(2), Duration::from_secs(secs));
            let run = |pace| rt.block_on(load(target, CONNECTIONS, req.clone(), pace, phases));
            let saturated = run(Pace::Saturate);
            let at_rate = run(Pace::Rate(TARGET_RPS));
            rows.push(Row {
                transport: transport.to_string(),
                read,
                saturated,
                at_rate,
            });
        }
    }
    drop((unix, tcp));

    println!();
    println!(
        "| transport | read | load ({CONNECTIONS} connections) | requests | errors | req/s | p50 ms | p99 ms | p99.9 ms |"
    );
    println!("|---|---|---|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        print_row(row, "closed loop, flat out", &row.saturated);
        print_row(row, &format!("open loop, {TARGET_RPS:.0}/s"), &row.at_rate);
    }
    println!();
    for row in rows.iter().filter(|r| r.read == "get key") {
        let rps = row.saturated.rate();
        let p99 = row.at_rate.ms(0.99);
        let clean = row.saturated.errors == 0 && row.at_rate.errors == 0;
        let verdict = |met: bool| if met { "met" } else { "MISSED" };
        println!(
            "{} get key: {rps:.0} req/s flat out (target >= {TARGET_RPS:.0}: {}); p99 at {TARGET_RPS:.0}/s {p99:.2} ms (target <= {TARGET_P99_MS:.0}: {}); {}",
            row.transport,
            verdict(rps >= TARGET_RPS),
            verdict(p99 <= TARGET_P99_MS),
            if clean { "no errors" } else { "ERRORS" },
        );
        if let Some(base) = rows
            .iter()
            .find(|b| b.transport == row.transport && b.read != "get key")
        {
            println!(
                "{} get key / healthz, flat out: {:.2}",
                row.transport,
                rps / base.saturated.rate()
            );
        }
    }
    println!(
        "load average at the start: {load_at_start}; at the end: {}",
        loadavg()
    );
    println!(
        "{}; sidecar and load generator share the machine",
        machine()
    );
}
