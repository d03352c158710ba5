//! Real-process benchmark of the commands a developer runs every day: every sample is one
//! `secretscli` process started, run to completion and reaped, timed from the outside, so
//! process start, dynamic loading, opening SQLite and the key-cache round trip all count.
//!
//! Run with `cargo bench --bench vault` (see `benches/README.md`). It must never touch the
//! user's real vault, keyring or agent: every process gets a cleared environment whose HOME
//! and XDG directories point into a temporary directory, and the key cache is forced to the
//! agent (`SECRETSCLI_KEY_CACHE=agent`), which is stopped with `lock` at the end.
//!
//! Cases are measured interleaved (one sample of each per round) so a slow moment of the
//! machine spreads over all of them instead of skewing one; `secretscli --version` in the
//! same rounds is the floor a process cannot go below.

mod common;

use std::time::Instant;

use common::{Case, Home, PASS, dotenv_lines, env_count, machine, path_str, value_of, verdict};

const BIG: usize = 10_000;
const SMALL: usize = 10;
/// The key `get` reads: one from the middle, so neither end of an index is favoured.
const GET_KEY: &str = "BENCH_KEY_05000";

fn main() {
    if !common::bench_requested("vault") {
        return;
    }
    let samples = env_count("BENCH_SAMPLES", 30);
    let unlock_samples = env_count("BENCH_UNLOCK_SAMPLES", samples.min(5));
    let started = Instant::now();

    eprintln!("setting up: two vaults with the default Argon2id cost, {BIG} and {SMALL} items");
    let big = Home::new("scbench-big");
    big.setup();
    let big_env = big.write("big.env", dotenv_lines(BIG));
    big.ok(&["import", path_str(&big_env)], None);
    let small = Home::new("scbench-small");
    small.setup();
    let small_env = small.write("small.env", dotenv_lines(SMALL));
    small.ok(&["import", path_str(&small_env)], None);
    let import_env = big.write("import.env", dotenv_lines(BIG));
    let import_arg = path_str(&import_env);

    // One untimed round that also checks each command does what the row claims.
    eprintln!("warming up and checking outputs");
    let value = big.ok(&["get", GET_KEY], None);
    assert_eq!(
        value,
        value_of(5000).as_bytes(),
        "get {GET_KEY} returned the wrong value"
    );
    let value = small.ok(&["get", "BENCH_KEY_00005"], None);
    assert_eq!(
        value,
        value_of(5).as_bytes(),
        "get in the small vault returned the wrong value"
    );
    let listed = big.ok(&["list", "--json"], None);
    assert_eq!(
        count_items(&listed),
        BIG,
        "list --json did not show {BIG} items"
    );
    big.ok(&["env", "create", "warmup"], None);
    big.ok(&["import", "-e", "warmup", import_arg], None);
    assert_eq!(
        count_items(&big.ok(&["list", "--json", "-e", "warmup"], None)),
        BIG,
        "import did not create {BIG} items"
    );
    big.ok(&["env", "rm", "warmup", "--yes"], None);

    let mut cases = [
        Case::new("baseline: `--version`", ""),
        Case::new("`unlock` (Argon2id, default cost)", ""),
        Case::new("`get KEY`, 10,000 items", "<= 5 ms"),
        Case::new("`get KEY`, 10 items", ""),
        Case::new("`import` 10,000-line .env", "<= 1000 ms"),
        Case::new("`list --json`, 10,000 items", ""),
    ];
    let [baseline, unlock, get_big, get_small, import, list] = &mut cases;
    for round in 0..samples {
        if round % 10 == 0 {
            eprintln!("round {}/{samples}", round + 1);
        }
        baseline.push(big.time(&["--version"], None));
        get_big.push(big.time(&["get", GET_KEY], None));
        get_small.push(small.time(&["get", "BENCH_KEY_00005"], None));
        list.push(big.time(&["list", "--json"], None));
        // A fresh environment per sample so every import creates 10,000 items; removing it
        // afterwards keeps the vault at 10,000 items for the other cases.
        let env = format!("import{round}");
        big.ok(&["env", "create", &env], None);
        import.push(big.time(&["import", "-e", &env, import_arg], None));
        big.ok(&["env", "rm", &env, "--yes"], None);
        if round < unlock_samples {
            unlock.push(big.time(&["unlock"], Some(PASS)));
        }
    }
    eprintln!("done in {:.0} s", started.elapsed().as_secs_f64());

    big.ok(&["lock"], None);
    small.ok(&["lock"], None);
    print_table(&cases, samples);
}

fn print_table(cases: &[Case], samples: usize) {
    let base = cases[0].stats().0;
    println!();
    println!("| case | median ms | p10 | p90 | vs baseline | target |");
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

/// Items in `list --json` output (an array of objects, one `"name"` each).
fn count_items(json: &[u8]) -> usize {
    String::from_utf8_lossy(json).matches("\"name\":").count()
}
