//! Real-process benchmark of sync: `push` and `pull` of 10,000 items against the real
//! `secretscli server` on a loopback port. Every sample is one `secretscli` process, timed
//! from spawn to reaped, so process start, unlocking through the agent, HTTP, the server's
//! transaction and the vault's own transaction all count.
//!
//! Run with `cargo bench --bench sync` (see `benches/README.md`). Like `vault.rs` it never
//! touches the user's files: HOME and XDG directories point into temporary directories, the
//! key cache is the agent (stopped at the end), and the server's data lives in a temporary
//! directory too. `SECRETSCLI_BENCH_SERVER_BIN` runs another build as the server.

mod common;

use std::time::Instant;

use common::{Case, Home, Server, dotenv_lines, env_count, machine, path_str, value_of, verdict};

const BIG: usize = 10_000;

fn main() {
    if !common::bench_requested("sync") {
        return;
    }
    let samples = env_count("BENCH_SAMPLES", 5);
    let started = Instant::now();
    let server = Server::start("scsync-srv");
    eprintln!("server at {}", server.url);

    let a = Home::new("scsync-a");
    a.setup();
    let env_vars = [("SECRETSCLI_TOKEN", server.bootstrap.as_str())];
    a.ok_with(
        &["login", &server.url, "--name", "bench-a"],
        None,
        &env_vars,
    );
    let dotenv = a.write("big.env", dotenv_lines(BIG));
    let dotenv = path_str(&dotenv).to_string();

    let b = Home::new("scsync-b");
    b.setup();
    let id_file = a.file("id.age");
    let pass_vars = [
        ("SECRETSCLI_IDENTITY_PASSPHRASE", "bench"),
        ("SECRETSCLI_IDENTITY_WORK_FACTOR", "10"),
    ];
    a.ok_with(
        &["identity", "export", "-o", path_str(&id_file)],
        None,
        &pass_vars,
    );
    b.ok_with(
        &["identity", "import", path_str(&id_file)],
        None,
        &pass_vars,
    );
    let invite = a.ok(&["invite", "--self"], None);
    let invite = String::from_utf8(invite).expect("token is text");
    b.ok_with(
        &["login", &server.url, "--name", "bench-b"],
        None,
        &[("SECRETSCLI_TOKEN", invite.trim())],
    );

    // One untimed round that checks the rows do what they claim.
    eprintln!("warming up and checking outputs");
    round(&a, &b, &dotenv, "warmup", None);

    let mut cases = [
        Case::new(
            "`push`, 10,000 new items (first push of an env)",
            "<= 2000 ms",
        ),
        Case::new("`pull`, 10,000 items into a fresh env", "<= 2000 ms"),
        Case::new("`push`, 1 changed item in 10,000", ""),
        Case::new("`pull`, 1 changed item in 10,000", ""),
        Case::new("`push`, nothing to push", ""),
    ];
    for i in 0..samples {
        eprintln!("round {}/{samples}", i + 1);
        round(&a, &b, &dotenv, &format!("env{i}"), Some(&mut cases));
    }
    eprintln!("done in {:.0} s", started.elapsed().as_secs_f64());
    a.ok(&["lock"], None);
    b.ok(&["lock"], None);
    print_table(&cases, samples);
}

/// One sample of every case, in a new environment `env` (so every first push and pull
/// moves 10,000 items).
fn round(a: &Home, b: &Home, dotenv: &str, env: &str, cases: Option<&mut [Case; 5]>) {
    a.ok(&["env", "create", env], None);
    a.ok(&["import", "-e", env, dotenv], None);
    let push = a.time(&["push", "-e", env], None);
    let pull = b.time(&["pull", "-e", env], None);
    let listed = b.ok(&["list", "--json", "-e", env], None);
    assert_eq!(
        String::from_utf8_lossy(&listed)
            .matches("\"name\":")
            .count(),
        BIG,
        "pull did not bring {BIG} items"
    );
    let value = b.ok(&["get", "-e", env, "BENCH_KEY_05000"], None);
    assert_eq!(value, value_of(5000).as_bytes(), "pulled value differs");
    a.ok(
        &["set", "-e", env, "BENCH_KEY_00001"],
        Some(&format!("changed-{env}")),
    );
    let push_one = a.time(&["push", "-e", env], None);
    let pull_one = b.time(&["pull", "-e", env], None);
    let value = b.ok(&["get", "-e", env, "BENCH_KEY_00001"], None);
    assert_eq!(value, format!("changed-{env}").as_bytes());
    let nothing = a.time(&["push", "-e", env], None);
    if let Some(cases) = cases {
        cases[0].push(push);
        cases[1].push(pull);
        cases[2].push(push_one);
        cases[3].push(pull_one);
        cases[4].push(nothing);
    }
}

fn print_table(cases: &[Case], samples: usize) {
    let base = cases[0].stats().0;
    println!();
    println!("| case | median ms | p10 | p90 | vs first row | target |");
    println!("|---|---:|---:|---:|---:|---|");
    for case in cases {
        let (median, p10, p90) = case.stats();
        let target = verdict(case.target, median);
        println!(
            "| {} (n={}) | {median:.1} | {p10:.1} | {p90:.1} | {:.1}x | {target} |",
            case.name,
            case.samples.len(),
            median / base
        );
    }
    println!();
    println!("{} samples per case; {}", samples, machine());
}
