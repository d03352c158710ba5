//! Real-process benchmark of `secretscli inject -- true`: what a developer pays each time a
//! command starts with its secrets, against the floor of starting the same command with the
//! same variables and no vault at all, and against the peer,
//! `dotenvx run -f .env -- true`. Every sample is one process tree started, run to
//! completion and reaped, timed from the outside.
//!
//! Run with `cargo bench --bench inject` (see `benches/README.md`). Like `vault.rs` it
//! never touches the user's real vault, keyring or agent (see `common/mod.rs`). It installs
//! dotenvx with npm into `target/bench-peers/` on first use; without npm, or offline, the
//! peer rows are skipped with a note, never failed.
//!
//! Cases are measured interleaved, one sample of each per round, in an order shuffled
//! every round, so a slow moment of the machine spreads over all of them.
//! The floor, `env -i K=V ... true`, is no floor at 10,000 variables (GNU env's
//! putenv loop is quadratic), so `true` spawned with the variables already in its
//! environment is measured too, and targets are judged against each.
//! Before timing, one untimed run of each case prints its child's environment
//! (`env -0`), which must hold exactly the generated variables with their expected,
//! interpolated values: a fast inject that injected the wrong thing is no result.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{BIN, Case, Home, env_count, machine, quantiles, verdict};

/// Items in each vault; one temp HOME each.
const SIZES: [usize; 3] = [10, 1_000, 10_000];
/// The targets for the median overhead over the floor, by vault size.
const OVERHEAD_TARGETS: [(usize, &str); 2] = [(1_000, "<= 3 ms"), (10_000, "<= 25 ms")];
/// Peak RSS is judged at this size.
const RSS_SIZE: usize = 1_000;
const RSS_TARGET: &str = "<= 15 MB";
/// The peer runs at these sizes (Node's start dominates; 10,000 would add only time).
const PEER_SIZES: [usize; 2] = [10, 1_000];
/// GNU time: `%M` is the maximum resident set size in KiB, from the kernel's rusage of
/// the one process it waited for. It survives exec, so it covers `secretscli` before it
/// became `true`.
const GNU_TIME: &str = "/usr/bin/time";

fn main() {
    if !common::bench_requested("inject") {
        return;
    }
    let samples = env_count("BENCH_SAMPLES", 30);
    let rss_samples = env_count("BENCH_RSS_SAMPLES", samples.min(10));
    let started = Instant::now();
    let mut notes = Vec::new();

    eprintln!(
        "setting up: {} vaults with the default Argon2id cost",
        SIZES.len()
    );
    let vaults: Vec<Vault> = SIZES.iter().map(|&n| Vault::new(n)).collect();
    let arg_max = arg_max();
    let peer = dotenvx().unwrap_or_else(|why| {
        notes.push(format!("dotenvx rows skipped: {why}"));
        Peer::None
    });

    // The rows, each checked once (untimed) before it is timed.
    eprintln!("warming up and checking every child's environment");
    let mut rows = Vec::new();
    for (v, vault) in vaults.iter().enumerate() {
        let n = vault.vars.len();
        rows.push(Row::new(
            v,
            n,
            Kind::Inject,
            format!("`inject -- true`, {} items", thousands(n)),
        ));
        let floor_bytes = exec_bytes(&vault.vars);
        match arg_max {
            Some(max) if floor_bytes > max => notes.push(format!(
                "floor at {} vars skipped: argv needs {} KiB, ARG_MAX is {} KiB",
                thousands(n),
                floor_bytes / 1024,
                max / 1024
            )),
            _ => rows.push(Row::new(
                v,
                n,
                Kind::Env,
                format!("floor: `env -i` + {} vars `true`", thousands(n)),
            )),
        }
        rows.push(Row::new(
            v,
            n,
            Kind::Direct,
            format!("floor: `true` spawned with {} vars", thousands(n)),
        ));
        if n == SIZES[SIZES.len() - 1] {
            notes.push(match arg_max {
                Some(max) => format!(
                    "ARG_MAX {} KiB; the floor's exec at {} vars needs {} KiB (strings + pointers)",
                    max / 1024,
                    thousands(n),
                    floor_bytes / 1024
                ),
                None => "ARG_MAX unknown (`getconf ARG_MAX` failed)".to_string(),
            });
        }
        if let Peer::Dotenvx { version, .. } = &peer
            && PEER_SIZES.contains(&n)
        {
            rows.push(Row::new(
                v,
                n,
                Kind::Peer,
                format!(
                    "dotenvx {version} `run -f .env -- true`, {} vars",
                    thousands(n)
                ),
            ));
        }
    }
    rows.retain(|row| match row.check(&vaults[row.vault], &peer) {
        Ok(()) => true,
        Err(why) if row.kind == Kind::Peer => {
            notes.push(format!("{} skipped: {why}", row.case.name));
            false
        }
        Err(why) => panic!("{}: {why}", row.case.name),
    });
    notes.push(format!(
        "checked before timing: each of the {} cases' child saw exactly the generated \
         variables with their interpolated values (`env -0`)",
        rows.len()
    ));

    // Peak RSS, each sample its own `time` process, so one sample's peak never hides another.
    let mut rss_rows: Vec<(usize, String, Vec<f64>)> = Vec::new();
    if Path::new(GNU_TIME).exists() {
        for (i, row) in rows.iter().enumerate() {
            let n = vaults[row.vault].vars.len();
            if row.kind == Kind::Inject || (n == RSS_SIZE && row.kind != Kind::Direct) {
                rss_rows.push((i, row.short_name(n), Vec::new()));
            }
        }
    } else {
        notes.push(format!(
            "peak RSS skipped: no {GNU_TIME} (install GNU time: `apt-get install time`)"
        ));
    }

    for round in 0..samples {
        if round % 10 == 0 {
            eprintln!("round {}/{samples}", round + 1);
        }
        // A fresh order each round (fixed across runs), so no case always follows the same
        // one, e.g. the peer's Node start with its page-cache and CPU churn.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&i| mix((round * rows.len() + i) as u64));
        for i in order {
            let row = &mut rows[i];
            let cmd = row.command(&vaults[row.vault], &peer, "true");
            row.case.push(common::time(cmd, None));
        }
        if round < rss_samples {
            for (i, _, kib) in &mut rss_rows {
                let row = &rows[*i];
                kib.push(peak_rss_kib(
                    &vaults[row.vault],
                    row.command(&vaults[row.vault], &peer, "true"),
                ));
            }
        }
    }
    eprintln!("done in {:.0} s", started.elapsed().as_secs_f64());

    for vault in &vaults {
        vault.home.ok(&["lock"], None);
    }
    print_table(&rows, &vaults, samples);
    print_rss(&rss_rows, &rows, &vaults);
    println!();
    for note in &notes {
        println!("note: {note}");
    }
    println!(
        "{samples} samples per case, order shuffled each round; {}",
        machine()
    );
}

/// A temp HOME whose vault holds `vars`, imported from `.env` in that HOME.
struct Vault {
    home: Home,
    vars: Vec<Var>,
}

impl Vault {
    fn new(n: usize) -> Self {
        let home = Home::new(&format!("scbench-inject{n}-"));
        home.setup();
        let vars = variables(n);
        let dotenv: String = vars.iter().map(|v| v.line.as_str()).collect();
        home.write(".env", dotenv);
        home.ok(&["import", ".env"], None);
        Vault { home, vars }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `secretscli inject -- true`.
    Inject,
    /// `env -i K=V ... true`: the floor the issue names. Two execs, the variables in argv,
    /// and GNU env's putenv() loop, which scans the environment once per variable
    /// (quadratic: about 0.3 s at 10,000 variables, more than inject itself).
    Env,
    /// `true` spawned by this bench with the variables already in its environment: one
    /// exec, nothing else, the floor no launcher can go below.
    Direct,
    /// `dotenvx run -f .env -- true`.
    Peer,
}

struct Row {
    vault: usize,
    kind: Kind,
    case: Case,
}

impl Row {
    /// Only inject rows carry a target: the issue's, on the overhead at that size.
    fn new(vault: usize, n: usize, kind: Kind, name: String) -> Self {
        let target = OVERHEAD_TARGETS
            .iter()
            .find(|(size, _)| *size == n && kind == Kind::Inject)
            .map_or("", |(_, t)| *t);
        Row {
            vault,
            kind,
            case: Case::new(name, target),
        }
    }

    fn short_name(&self, n: usize) -> String {
        let what = match self.kind {
            Kind::Inject => "inject",
            Kind::Env => "env -i floor",
            Kind::Direct => "direct floor",
            Kind::Peer => "dotenvx",
        };
        format!("{what}, {}", thousands(n))
    }

    /// The row's process with `program` as the command that receives the variables.
    fn command(&self, vault: &Vault, peer: &Peer, program: &str) -> Command {
        match self.kind {
            Kind::Inject => vault.home.cmd(&["inject", "--", program]),
            Kind::Env => {
                let mut cmd = vault.home.command("env");
                cmd.arg("-i")
                    .args(vault.vars.iter().map(|v| format!("{}={}", v.name, v.value)))
                    .arg(program);
                cmd
            }
            Kind::Direct => {
                let mut cmd = vault.home.command(program);
                cmd.envs(vault.vars.iter().map(|v| (&v.name, &v.value)));
                cmd
            }
            Kind::Peer => {
                let Peer::Dotenvx { bin, .. } = peer else {
                    unreachable!("no peer rows without dotenvx")
                };
                let mut cmd = vault.home.command(bin);
                cmd.args(["run", "-f", ".env", "--", program]);
                cmd
            }
        }
    }

    /// The child sees exactly the generated variables with their interpolated values, and
    /// nothing was said on stderr (no unknown reference, nothing skipped).
    fn check(&self, vault: &Vault, peer: &Peer) -> Result<(), String> {
        let mut cmd = self.command(vault, peer, "env");
        cmd.arg("-0").stdin(Stdio::null());
        let out = cmd.output().map_err(|e| format!("cannot start: {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(format!("failed ({}): {stderr}", out.status));
        }
        if self.kind == Kind::Inject && !stderr.is_empty() {
            return Err(format!("inject warned: {stderr}"));
        }
        let seen: BTreeMap<&[u8], &[u8]> = out
            .stdout
            .split(|&b| b == 0)
            .filter_map(|kv| {
                let eq = kv.iter().position(|&b| b == b'=')?;
                Some((&kv[..eq], &kv[eq + 1..]))
            })
            .filter(|(k, _)| k.starts_with(PREFIX.as_bytes()))
            .collect();
        if seen.len() != vault.vars.len() {
            return Err(format!(
                "the child saw {} generated variables, not {}",
                seen.len(),
                vault.vars.len()
            ));
        }
        for var in &vault.vars {
            if seen.get(var.name.as_bytes()) != Some(&var.value.as_bytes()) {
                return Err(format!("the child saw the wrong value for {}", var.name));
            }
        }
        Ok(())
    }
}

fn print_table(rows: &[Row], vaults: &[Vault], samples: usize) {
    let floor = |kind: Kind, v: usize| {
        rows.iter()
            .find(|r| r.kind == kind && r.vault == v)
            .map(|r| r.case.stats().0)
    };
    println!();
    println!(
        "| case | median ms | p10 | p90 | overhead vs env | target vs `env -i` (the issue's floor) | target vs direct floor |"
    );
    println!("|---|---:|---:|---:|---:|---|---|");
    for row in rows {
        let (median, p10, p90) = row.case.stats();
        let env = floor(Kind::Env, row.vault);
        let direct = floor(Kind::Direct, row.vault);
        let over = |base: f64| format!("{:+.1} ms ({:.1}x)", median - base, median / base);
        let judge = |base: Option<f64>| {
            base.map_or_else(String::new, |b| verdict(row.case.target, median - b))
        };
        let (overhead, verdicts) = match row.kind {
            Kind::Env => match direct {
                Some(d) => (
                    format!("floor; direct {}", over(d)),
                    [String::new(), String::new()],
                ),
                None => ("floor".to_string(), [String::new(), String::new()]),
            },
            Kind::Direct => ("floor".to_string(), [String::new(), String::new()]),
            Kind::Inject | Kind::Peer => {
                let mut parts = Vec::new();
                if let Some(e) = env {
                    parts.push(over(e));
                }
                if let Some(d) = direct {
                    parts.push(format!("direct {}", over(d)));
                }
                // Both readings: the floor, and the stricter direct exec.
                (parts.join("; "), [judge(env), judge(direct)])
            }
        };
        println!(
            "| {} (n={}) | {median:.1} | {p10:.1} | {p90:.1} | {overhead} | {} | {} |",
            row.case.name,
            row.case.samples.len(),
            verdicts[0],
            verdicts[1]
        );
    }
    println!();
    println!(
        "targets are judged twice: against `env -i`, the floor the issue names, and against \
         spawning `true` directly, the stricter reading (`env -i` is quadratic at 10,000 vars; \
         see benches/README.md)"
    );
    let at = |kind: Kind| {
        rows.iter()
            .find(|r| r.kind == kind && vaults[r.vault].vars.len() == RSS_SIZE)
            .map(|r| r.case.stats().0)
    };
    if let (Some(inject), Some(peer)) = (at(Kind::Inject), at(Kind::Peer)) {
        println!(
            "at {} items dotenvx takes {:.1}x the time of inject (medians, {samples} samples)",
            thousands(RSS_SIZE),
            peer / inject
        );
    }
}

fn print_rss(rss_rows: &[(usize, String, Vec<f64>)], rows: &[Row], vaults: &[Vault]) {
    if rss_rows.is_empty() {
        return;
    }
    let mb = |kib: &Vec<f64>| quantiles(kib.iter().map(|k| k * 1024.0 / 1e6).collect()).0;
    let (target_row, others): (Vec<_>, Vec<_>) = rss_rows.iter().partition(|(i, _, _)| {
        rows[*i].kind == Kind::Inject && vaults[rows[*i].vault].vars.len() == RSS_SIZE
    });
    let mut line = format!(
        "peak RSS (median of {}, GNU time %M, MB = 10^6 bytes):",
        rss_rows[0].2.len()
    );
    for (_, name, kib) in target_row {
        let median = mb(kib);
        line.push_str(&format!(
            " {name}: {median:.1} MB ({});",
            verdict(RSS_TARGET, median)
        ));
    }
    let others: Vec<String> = others
        .iter()
        .map(|(_, name, kib)| format!("{name}: {:.1} MB", mb(kib)))
        .collect();
    line.push_str(&format!(" {}", others.join("; ")));
    println!();
    println!("{line}");
}

/// Runs `cmd` under GNU time and returns its peak RSS in KiB.
fn peak_rss_kib(vault: &Vault, cmd: Command) -> f64 {
    let out = vault.home.file("rss.txt");
    let mut timed = vault.home.command(GNU_TIME);
    timed
        .args(["-f", "%M", "-o"])
        .arg(&out)
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))));
    common::time(timed, None);
    let text = std::fs::read_to_string(&out).expect("GNU time wrote no output file");
    text.lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("GNU time wrote {text:?}, not a KiB figure"))
}

enum Peer {
    None,
    Dotenvx { bin: PathBuf, version: String },
}

/// dotenvx from `target/bench-peers/`, installed there with npm the first time. The error
/// says why the peer rows are skipped.
fn dotenvx() -> Result<Peer, String> {
    let target = Path::new(BIN)
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target directory")?;
    let dir = target.join("bench-peers");
    let bin = dir.join("node_modules/.bin/dotenvx");
    if !bin.exists() {
        eprintln!(
            "installing @dotenvx/dotenvx into {} with npm",
            dir.display()
        );
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let out = Command::new("npm")
            .arg("install")
            .arg("--prefix")
            .arg(&dir)
            .args([
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "@dotenvx/dotenvx",
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("npm is not available ({e})"))?;
        if !out.status.success() || !bin.exists() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            return Err(format!(
                "`npm install @dotenvx/dotenvx` failed: {}",
                stderr.lines().last().unwrap_or("no output")
            ));
        }
    }
    let out = Command::new(&bin)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!("`dotenvx --version` failed ({})", out.status));
    }
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Ok(Peer::Dotenvx { bin, version })
}

/// `getconf ARG_MAX`: the bytes execve accepts for argv and envp together.
fn arg_max() -> Option<usize> {
    let out = Command::new("getconf").arg("ARG_MAX").output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// What the floor's exec of `env` (the variables in argv) and `env`'s exec of `true` (the
/// same in envp) each count against ARG_MAX: the strings with their NULs plus one pointer
/// each, as Linux counts since 2.6.23.
fn exec_bytes(vars: &[Var]) -> usize {
    let pointer = std::mem::size_of::<usize>();
    vars.iter()
        .map(|v| v.name.len() + 1 + v.value.len() + 1 + pointer)
        .sum::<usize>()
        + 64
}

/// Every generated name starts with this, so a child's own variables are told apart.
const PREFIX: &str = "SVC";

/// One generated variable: its name, its value as the child must see it (interpolated) and
/// its line in the `.env` file.
struct Var {
    name: String,
    value: String,
    line: String,
}

/// `n` variables of the shapes real `.env` files hold. Names like `SVC00042_API_KEY`;
/// values 20-60 bytes (API keys, passwords, hosts, tokens, URLs); every tenth a database
/// URL built from the two before it with `${...}` references. Lines rotate through bare,
/// double-quoted, single-quoted (literal: never a reference) and `export` forms.
fn variables(n: usize) -> Vec<Var> {
    const KINDS: [&str; 5] = ["API_KEY", "DB_PASSWORD", "HOST", "TOKEN", "URL"];
    let name = |i: usize| format!("{PREFIX}{i:05}_{}", KINDS[i % KINDS.len()]);
    let mut vars: Vec<Var> = Vec::with_capacity(n);
    for i in 0..n {
        let len = 20 + (mix(i as u64) % 41) as usize;
        let (raw, value) = if i % 10 == 9 {
            // i-1 is a TOKEN, i-2 a HOST: `postgres://app:${TOKEN}@${HOST}:5432/app`.
            let raw = format!(
                "postgres://app:${{{}}}@${{{}}}:5432/app{i}",
                name(i - 1),
                name(i - 2)
            );
            let value = format!(
                "postgres://app:{}@{}:5432/app{i}",
                vars[i - 1].value,
                vars[i - 2].value
            );
            (raw, value)
        } else {
            let value = match i % 5 {
                0 => format!("sk_live_{}", token(i, len - 8)),
                2 => format!("db-{i:05}.internal.example.com"),
                3 => format!("ghp_{}", token(i, len - 4)),
                4 => format!("https://api.example.com/v1/{}", token(i, len.max(30) - 26)),
                _ => token(i, len),
            };
            (value.clone(), value)
        };
        let style = if i % 10 == 9 && i % 4 == 2 { 1 } else { i % 4 };
        let name = name(i);
        let line = match style {
            0 => format!("{name}={raw}\n"),
            1 => format!("{name}=\"{raw}\"\n"),
            2 => format!("{name}='{raw}'\n"),
            _ => format!("export {name}={raw}\n"),
        };
        vars.push(Var { name, value, line });
    }
    vars
}

/// `len` characters of base64url, deterministic per index.
fn token(i: usize, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut x = mix(i as u64 ^ 0xA5A5);
    (0..len)
        .map(|_| {
            x = mix(x);
            ALPHABET[(x % 64) as usize] as char
        })
        .collect()
}

/// splitmix64's finaliser: a fixed, well-spread hash of the index.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 10000 -> "10,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
