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

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The release binary: Cargo builds it (bench profile, which inherits `release`) for us.
const BIN: &str = env!("CARGO_BIN_EXE_secretscli");
const PASS: &str = "bench horse battery staple";
const BIG: usize = 10_000;
const SMALL: usize = 10;
/// The key `get` reads: one from the middle, so neither end of an index is favoured.
const GET_KEY: &str = "BENCH_KEY_05000";

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without
    // it, and a test run must not spend a minute on Argon2 and 10,000-item imports.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("vault bench: skipped (run it with `cargo bench --bench vault`)");
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

/// One row of the table.
struct Case {
    name: &'static str,
    target: &'static str,
    samples: Vec<Duration>,
}

impl Case {
    fn new(name: &'static str, target: &'static str) -> Self {
        Case {
            name,
            target,
            samples: Vec::new(),
        }
    }

    fn push(&mut self, d: Duration) {
        self.samples.push(d);
    }

    /// Median, p10 and p90 in milliseconds (nearest rank; median averages the middle two).
    fn stats(&self) -> (f64, f64, f64) {
        let mut ms: Vec<f64> = self.samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let n = ms.len();
        let median = if n % 2 == 1 {
            ms[n / 2]
        } else {
            (ms[n / 2 - 1] + ms[n / 2]) / 2.0
        };
        let rank = |p: f64| ms[((p * (n - 1) as f64).round() as usize).min(n - 1)];
        (median, rank(0.10), rank(0.90))
    }
}

fn print_table(cases: &[Case], samples: usize) {
    let base = cases[0].stats().0;
    println!();
    println!("| case | median ms | p10 | p90 | vs baseline | target |");
    println!("|---|---:|---:|---:|---:|---|");
    for case in cases {
        let (median, p10, p90) = case.stats();
        let target = match case.target {
            "" => String::new(),
            t => {
                let limit: f64 = t
                    .trim_start_matches("<= ")
                    .trim_end_matches(" ms")
                    .parse()
                    .unwrap();
                format!("{t}: {}", if median <= limit { "met" } else { "MISSED" })
            }
        };
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

/// `nproc`, the kernel and the CPU model, so figures from different machines are not
/// compared as if they were alike.
fn machine() -> String {
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    let read = |p: &str| {
        std::fs::read_to_string(p)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let kernel = format!(
        "{} {}",
        read("/proc/sys/kernel/ostype"),
        read("/proc/sys/kernel/osrelease")
    );
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    format!(
        "machine: nproc {nproc}, kernel {}, cpu {cpu}",
        kernel.trim()
    )
}

/// A private HOME: the same layout `tests/integration/util.rs` gives its `TestEnv`.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(prefix: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("cannot create a temp HOME");
        std::fs::create_dir_all(dir.path().join("run")).expect("cannot create XDG_RUNTIME_DIR");
        Home { dir }
    }

    /// `init` with the default KDF cost, then `unlock`, both reading the passphrase from stdin.
    fn setup(&self) {
        self.ok(&["init", "--name", "bench"], Some(PASS));
        self.ok(&["unlock"], Some(PASS));
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let home = self.dir.path();
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_RUNTIME_DIR", home.join("run"))
            .env("SECRETSCLI_KEY_CACHE", "agent")
            .env("USER", "bench")
            .current_dir(home)
            .args(args);
        cmd
    }

    /// Runs to completion; panics with stderr unless it succeeded. Returns stdout.
    fn ok(&self, args: &[&str], stdin: Option<&str>) -> Vec<u8> {
        self.run(args, stdin, Stdio::piped()).0
    }

    /// Wall time of one process, from spawn to reaped. stdout goes to /dev/null so the
    /// figure is the command's, not a reader's.
    fn time(&self, args: &[&str], stdin: Option<&str>) -> Duration {
        self.run(args, stdin, Stdio::null()).1
    }

    fn run(&self, args: &[&str], stdin: Option<&str>, stdout: Stdio) -> (Vec<u8>, Duration) {
        let mut cmd = self.cmd(args);
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(stdout)
        .stderr(Stdio::piped());
        let start = Instant::now();
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {BIN}: {e}"));
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(input.as_bytes())
                .expect("cannot write stdin");
        }
        let out = child
            .wait_with_output()
            .expect("cannot wait for secretscli");
        let elapsed = start.elapsed();
        assert!(
            out.status.success(),
            "secretscli {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        (out.stdout, elapsed)
    }

    fn write(&self, name: &str, contents: String) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("cannot write the .env file");
        path
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        // Stops the agent if a panic skipped the `lock` at the end; it would also exit on its
        // own once its socket directory is gone.
        let _ = self.cmd(&["lock"]).stdin(Stdio::null()).output();
    }
}

/// `n` lines of the shapes real .env files hold: bare, double-quoted with an escape,
/// single-quoted (literal), and an `export ` prefix, with values of typical token length.
fn dotenv_lines(n: usize) -> String {
    let mut out = String::with_capacity(n * 64);
    for i in 0..n {
        let line = match i % 4 {
            0 => format!("BENCH_KEY_{i:05}={}\n", value_of(i)),
            1 => format!("BENCH_KEY_{i:05}=\"{}\"\n", value_of(i)),
            2 => format!("BENCH_KEY_{i:05}='{}'\n", value_of(i)),
            _ => format!("export BENCH_KEY_{i:05}={}\n", value_of(i)),
        };
        out.push_str(&line);
    }
    out
}

/// A deterministic 40-character value per index, so `get` can be checked byte for byte.
fn value_of(i: usize) -> String {
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut s = format!("v{i:05}-");
    while s.len() < 40 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push_str(&format!("{:x}", x & 0xffff_ffff));
    }
    s.truncate(40);
    s
}

/// Items in `list --json` output (an array of objects, one `"name"` each).
fn count_items(json: &[u8]) -> usize {
    String::from_utf8_lossy(json).matches("\"name\":").count()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

fn env_count(var: &str, default: usize) -> usize {
    match std::env::var(var) {
        Ok(v) => v
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or_else(|| panic!("{var} must be a positive integer, got {v:?}")),
        Err(_) => default,
    }
}
