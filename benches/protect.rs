//! Real-process benchmark of protected environments: what a proposal costs next to a
//! direct push of the same 1,000 items, and what the final approval (which applies those
//! 1,000 items on the server in its transaction) costs. Every sample is one `secretscli`
//! process against the real `secretscli server` on a loopback port, timed from spawn to
//! reaped.
//!
//! Run with `cargo bench --bench protect` (see `benches/README.md`). Temporary HOMEs and
//! server data only; the agents are stopped at the end.

mod common;

use std::process::Stdio;
use std::time::Instant;

use common::{Case, Home, Server, dotenv_lines, env_count, machine, path_str, verdict};

const ITEMS: usize = 1_000;

fn main() {
    if !common::bench_requested("protect") {
        return;
    }
    let samples = env_count("BENCH_SAMPLES", 5);
    let started = Instant::now();
    let server = Server::start("scprot-srv");
    let alice = Home::new("scprot-a");
    alice.setup();
    alice.ok_with(
        &["login", &server.url, "--name", "alice@bench"],
        None,
        &[("SECRETSCLI_TOKEN", server.bootstrap.as_str())],
    );
    // The project must be on the server before a project-wide invite.
    alice.ok(&["push"], None);
    let invite = alice.ok(&["invite", "--user", "bob", "--role", "writer"], None);
    let invite = String::from_utf8(invite).expect("token is text");
    let bob = Home::new("scprot-b");
    bob.setup();
    bob.ok_with(
        &["login", &server.url, "--name", "bob@bench", "--user", "bob"],
        None,
        &[("SECRETSCLI_TOKEN", invite.trim())],
    );
    let dotenv = alice.write("items.env", dotenv_lines(ITEMS));
    let dotenv = path_str(&dotenv).to_string();

    eprintln!("warming up");
    round(&alice, &bob, &dotenv, "warmup", None);
    let mut cases = [
        Case::new("`push`, 1,000 new items, unprotected env (baseline)", ""),
        Case::new(
            "`push`, 1,000 new items, protected env (makes a proposal)",
            "",
        ),
        Case::new("`changes approve`, final approval applying 1,000 items", ""),
    ];
    for i in 0..samples {
        eprintln!("round {}/{samples}", i + 1);
        round(&alice, &bob, &dotenv, &format!("r{i}"), Some(&mut cases));
    }
    eprintln!("done in {:.0} s", started.elapsed().as_secs_f64());
    alice.ok(&["lock"], None);
    bob.ok(&["lock"], None);
    print_table(&cases, samples);
}

/// One sample of each case: a direct push to `direct-NAME`, a push to the protected
/// `prot-NAME` that becomes a proposal, and bob's approval that applies it.
fn round(alice: &Home, bob: &Home, dotenv: &str, name: &str, cases: Option<&mut [Case; 3]>) {
    let direct = format!("direct-{name}");
    alice.ok(&["env", "create", &direct], None);
    alice.ok(&["import", "-e", &direct, dotenv], None);
    let push = alice.time(&["push", "-e", &direct], None);

    let protected = format!("prot-{name}");
    alice.ok(&["env", "create", &protected], None);
    alice.ok(&["push", "-e", &protected], None);
    alice.ok(&["env", "protect", &protected], None);
    alice.ok(&["import", "-e", &protected, dotenv], None);
    let (out, propose) = common::run(
        alice.cmd(&["push", "-e", &protected, "--json"]),
        None,
        Stdio::piped(),
    );
    let reports: serde_json::Value = serde_json::from_slice(&out).expect("push --json");
    let id = reports[0]["proposals"][0]["id"]
        .as_str()
        .expect("the push made a proposal")
        .to_string();
    let (out, approve) = common::run(
        bob.cmd(&["changes", "approve", &id, "--json"]),
        None,
        Stdio::piped(),
    );
    let approved: serde_json::Value = serde_json::from_slice(&out).expect("approve --json");
    assert_eq!(approved["state"], "applied", "the approval did not apply");
    if let Some(cases) = cases {
        cases[0].push(push);
        cases[1].push(propose);
        cases[2].push(approve);
    }
}

fn print_table(cases: &[Case], samples: usize) {
    let base = cases[0].stats().0;
    println!();
    println!("| case | median ms | p10 | p90 | vs first row | target |");
    println!("|---|---:|---:|---:|---:|---|");
    for case in cases {
        let (median, p10, p90) = case.stats();
        println!(
            "| {} (n={}) | {median:.1} | {p10:.1} | {p90:.1} | {:.2}x | {} |",
            case.name,
            case.samples.len(),
            median / base,
            verdict(case.target, median)
        );
    }
    println!();
    println!("{} samples per case; {}", samples, machine());
}
