//! Real-process benchmark of `secretscli inject -- true`: what a developer pays each time a
//! command starts with its secrets, against the floor of starting the same command with the
//! same variables and no vault at all, and against three peers: `dotenvx run -f .env --
//! true`, the plaintext dotenvy CLI (`dotenvy -f .env true`), and an encrypted file
//! decrypted then sourced (`age -d ... | sh`). Every sample is one process tree started,
//! run to completion and reaped, timed from the outside.
//!
//! Run with `cargo bench --bench inject` (see `benches/README.md`). Like `vault.rs` it
//! never touches the user's real vault, keyring or agent (see `common/mod.rs`). It installs
//! dotenvx with npm and dotenvy with cargo into `target/bench-peers/` on first use; `age`
//! comes from the system. A peer that cannot be found or installed has its rows skipped
//! with a note, never failed.
//!
//! `BENCH_CALLGRIND=1` adds one run of every case under valgrind's callgrind and prints
//! instructions per case (every process of the case, `true` included): wall time on a
//! shared machine is noisy, instruction counts are not.
//!
//! Cases are measured interleaved, one sample of each per round, in an order shuffled
//! every round, so a slow moment of the machine spreads over all of them.
//! The issue's floor, `env -i K=V ... true`, is no floor at 10,000 variables (GNU env's
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
const SIZES: [usize; 4] = [10, 50, 1_000, 10_000];
/// The issue's targets for the median overhead over the floor, by vault size.
const OVERHEAD_TARGETS: [(usize, &str); 2] = [(1_000, "<= 3 ms"), (10_000, "<= 25 ms")];
/// Peak RSS is judged at this size.
const RSS_SIZE: usize = 1_000;
const RSS_TARGET: &str = "<= 15 MB";
/// dotenvx runs at these sizes (Node's start dominates; 10,000 would add only time).
const PEER_SIZES: [usize; 2] = [10, 1_000];
/// The issue's goal at the common size: inject within this of the plaintext dotenvy CLI.
const DOTENVY_SIZE: usize = 50;
const DOTENVY_TARGET: &str = "<= 0.3 ms";
/// The issue's goal for inject's whole wall time at 1,000 items.
const ABSOLUTE_TARGET: (usize, &str) = (1_000, "<= 4.5 ms");
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
    let peer = Peers::find(&mut notes);
    if let Some(age) = &peer.age {
        for vault in &vaults {
            vault.encrypt_for_age(age);
        }
    }

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
        if let Some(tool) = &peer.dotenvx
            && PEER_SIZES.contains(&n)
        {
            let name = format!("dotenvx {} `run -f .env -- true`", tool.version);
            rows.push(Row::new(
                v,
                n,
                Kind::Dotenvx,
                format!("{name}, {} vars", thousands(n)),
            ));
        }
        if let Some(tool) = &peer.dotenvy {
            let name = format!("dotenvy {} `-f .env true` (plaintext)", tool.version);
            rows.push(Row::new(
                v,
                n,
                Kind::Dotenvy,
                format!("{name}, {} vars", thousands(n)),
            ));
        }
        if let Some(tool) = &peer.age {
            let name = format!(
                "age {} `-d .env.age | sh` (set -a; . /dev/stdin)",
                tool.version
            );
            rows.push(Row::new(
                v,
                n,
                Kind::Age,
                format!("{name}, {} vars", thousands(n)),
            ));
        }
    }
    rows.retain(|row| match row.check(&vaults[row.vault], &peer) {
        Ok(()) => true,
        Err(why) if row.kind.is_peer() => {
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
            // Not `age | sh`: GNU time would report the shell, not the pipeline.
            let at_size = matches!(row.kind, Kind::Env | Kind::Dotenvx | Kind::Dotenvy);
            if row.kind == Kind::Inject || (n == RSS_SIZE && at_size) {
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

    print_table(&rows, &vaults, samples);
    print_peers(&rows, &vaults);
    print_rss(&rss_rows, &rows, &vaults);
    // Before `lock`: inject needs the agent's key.
    if std::env::var_os("BENCH_CALLGRIND").is_some_and(|v| v != "0") {
        print_instructions(&rows, &vaults, &peer, &mut notes);
    }
    for vault in &vaults {
        vault.home.ok(&["lock"], None);
    }
    println!();
    for note in &notes {
        println!("note: {note}");
    }
    println!(
        "{samples} samples per case, order shuffled each round; {}",
        machine()
    );
}

/// Inject against each peer at each size: medians side by side, the difference and the
/// ratio, and the issue's goals (within 0.3 ms of dotenvy at 50 items, <= 4.5 ms at 1,000).
fn print_peers(rows: &[Row], vaults: &[Vault]) {
    let median = |kind: Kind, v: usize| {
        rows.iter()
            .find(|r| r.kind == kind && r.vault == v)
            .map(|r| r.case.stats().0)
    };
    let peers = [
        (Kind::Dotenvy, "dotenvy (plaintext)"),
        (Kind::Age, "age -d + sh"),
        (Kind::Dotenvx, "dotenvx"),
    ];
    println!();
    print!("| items | inject ms |");
    for (_, name) in peers {
        print!(" {name} ms | inject vs {name} |");
    }
    println!(" goal |");
    println!("|---:|---:|{}---|", "---:|---:|".repeat(peers.len()));
    for (v, vault) in vaults.iter().enumerate() {
        let n = vault.vars.len();
        let Some(inject) = median(Kind::Inject, v) else {
            continue;
        };
        print!("| {} | {inject:.2} |", thousands(n));
        for (kind, _) in peers {
            match median(kind, v) {
                Some(m) => print!(" {m:.2} | {:+.2} ms ({:.2}x) |", inject - m, inject / m),
                None => print!(" - | - |"),
            }
        }
        let goal = if n == DOTENVY_SIZE {
            median(Kind::Dotenvy, v).map_or_else(
                || "no dotenvy row".to_string(),
                |d| format!("vs dotenvy {}", verdict(DOTENVY_TARGET, inject - d)),
            )
        } else if n == ABSOLUTE_TARGET.0 {
            format!("inject {}", verdict(ABSOLUTE_TARGET.1, inject))
        } else {
            String::new()
        };
        println!(" {goal} |");
    }
}

/// One run of every case under callgrind, following every process (`--trace-children`)
/// and dumping before each `execve`, so the instructions before an exec are counted too:
/// the total is every user-space instruction of the case, the final `true` included.
/// dotenvx is left out: Node's JIT under valgrind takes minutes and counts its compiler.
/// age is left out too: its Go runtime is not followed through the pipe (the count stayed
/// at the first shell's 0.33M at every size), and a wrong figure is worse than none.
fn print_instructions(rows: &[Row], vaults: &[Vault], peer: &Peers, notes: &mut Vec<String>) {
    if version_of(Path::new("valgrind"), "--version").is_err() {
        notes.push("instruction counts skipped: no valgrind (`apt-get install valgrind`)".into());
        return;
    }
    eprintln!("counting instructions under callgrind (one run per case)");
    println!();
    println!("| case | instructions (M) | processes |");
    println!("|---|---:|---:|");
    for (i, row) in rows.iter().enumerate() {
        if matches!(row.kind, Kind::Dotenvx | Kind::Age) {
            continue;
        }
        let vault = &vaults[row.vault];
        let (total, processes) = instructions(vault, row.command(vault, peer, "true"), i);
        println!(
            "| {} | {:.2} | {processes} |",
            row.case.name,
            total as f64 / 1e6
        );
    }
    notes.push(
        "instructions: valgrind --tool=callgrind --trace-children=yes --dump-before=execve \
         --dump-before=fork, summed over every dump of every process; dotenvx and age | sh \
         not counted (Node's JIT; Go's runtime is not followed under valgrind)"
            .into(),
    );
}

/// Total instructions of `cmd` under callgrind, and how many processes it ran.
fn instructions(vault: &Vault, cmd: Command, case: usize) -> (u64, usize) {
    let dir = vault.home.file(&format!("callgrind-{case}"));
    std::fs::create_dir_all(&dir).expect("cannot create the callgrind directory");
    let mut vg = vault.home.command("valgrind");
    // Dumping before fork too: a child inherits its parent's counters, and a dump resets
    // them, so nothing is counted twice.
    vg.args([
        "--tool=callgrind",
        "--trace-children=yes",
        "--dump-before=execve",
        "--dump-before=fork",
    ])
    .arg(format!("--callgrind-out-file={}/cg.%p", dir.display()))
    .arg(format!("--log-file={}/log.%p", dir.display()))
    .arg(cmd.get_program())
    .args(cmd.get_args())
    .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))));
    common::time(vg, None);
    let mut total = 0;
    let mut pids = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("cannot list the callgrind directory") {
        let path = entry.expect("cannot list the callgrind directory").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(rest) = name.strip_prefix("cg.") else {
            continue;
        };
        pids.insert(rest.split('.').next().unwrap_or_default().to_string());
        let text = std::fs::read_to_string(&path).expect("cannot read a callgrind file");
        // A process killed mid-dump (a shell's reader ending the pipe) leaves no summary.
        total += text
            .lines()
            .find_map(|l| l.strip_prefix("summary: "))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .unwrap_or(0);
    }
    let _ = std::fs::remove_dir_all(&dir);
    (total, pids.len())
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

    /// `.env.age`: the same `.env` encrypted to a fresh X25519 identity in `age.key`, the
    /// way a team keeps an encrypted dotenv file next to its code.
    fn encrypt_for_age(&self, age: &Tool) {
        let mut keygen = self.home.command("age-keygen");
        keygen.args(["-o", "age.key"]);
        common::run(keygen, None, Stdio::piped());
        let key = std::fs::read_to_string(self.home.file("age.key")).expect("no age.key");
        let recipient = key
            .lines()
            .find_map(|l| l.strip_prefix("# public key: "))
            .expect("age-keygen wrote no public key line");
        let mut encrypt = self.home.command(&age.bin);
        encrypt.args(["-r", recipient, "-o", ".env.age", ".env"]);
        common::run(encrypt, None, Stdio::piped());
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
    Dotenvx,
    /// `dotenvy -f .env true`: the plaintext file, parsed and exec'd by a Rust binary.
    Dotenvy,
    /// `age -d -i age.key .env.age | (set -a; . /dev/stdin; exec true)`: an encrypted
    /// file decrypted, then sourced by the shell, which runs the command.
    Age,
}

impl Kind {
    fn is_peer(self) -> bool {
        matches!(self, Kind::Dotenvx | Kind::Dotenvy | Kind::Age)
    }
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
            Kind::Dotenvx => "dotenvx",
            Kind::Dotenvy => "dotenvy",
            Kind::Age => "age | sh",
        };
        format!("{what}, {}", thousands(n))
    }

    /// The row's process with `program` as the command that receives the variables.
    fn command(&self, vault: &Vault, peer: &Peers, program: &str) -> Command {
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
            Kind::Dotenvx => {
                let mut cmd = vault.home.command(&peer.tool(self.kind).bin);
                cmd.args(["run", "-f", ".env", "--", program]);
                cmd
            }
            Kind::Dotenvy => {
                let mut cmd = vault.home.command(&peer.tool(self.kind).bin);
                cmd.args(["-f", ".env", program]);
                cmd
            }
            Kind::Age => {
                // The usual "decrypt then source" line: the shell reads the plaintext from
                // the pipe, exports every assignment (`set -a`) and execs the command, so
                // `${...}` references expand as they do in inject.
                let mut cmd = vault.home.command("sh");
                cmd.arg("-c")
                    .arg(format!(
                        "{} -d -i age.key .env.age | (set -a; . /dev/stdin; exec \"$@\")",
                        peer.tool(self.kind).bin.display()
                    ))
                    .arg("sh")
                    .arg(program);
                cmd
            }
        }
    }

    /// The child sees exactly the generated variables with their interpolated values, and
    /// nothing was said on stderr (no unknown reference, nothing skipped).
    fn check(&self, vault: &Vault, peer: &Peers) -> Result<(), String> {
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
            Kind::Inject | Kind::Dotenvx | Kind::Dotenvy | Kind::Age => {
                let mut parts = Vec::new();
                if let Some(e) = env {
                    parts.push(over(e));
                }
                if let Some(d) = direct {
                    parts.push(format!("direct {}", over(d)));
                }
                // Both readings: the issue's floor, and the stricter direct exec.
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
    if let (Some(inject), Some(peer)) = (at(Kind::Inject), at(Kind::Dotenvx)) {
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

/// A peer's binary and the version shown in its rows.
struct Tool {
    bin: PathBuf,
    version: String,
}

/// The peers found or installed; a missing one has its rows skipped with a note.
struct Peers {
    dotenvx: Option<Tool>,
    dotenvy: Option<Tool>,
    age: Option<Tool>,
}

impl Peers {
    fn find(notes: &mut Vec<String>) -> Self {
        let mut found = |kind: &str, tool: Result<Tool, String>| match tool {
            Ok(tool) => Some(tool),
            Err(why) => {
                notes.push(format!("{kind} rows skipped: {why}"));
                None
            }
        };
        Peers {
            dotenvx: found("dotenvx", dotenvx()),
            dotenvy: found("dotenvy", dotenvy()),
            age: found("age", age()),
        }
    }

    fn tool(&self, kind: Kind) -> &Tool {
        let tool = match kind {
            Kind::Dotenvx => &self.dotenvx,
            Kind::Dotenvy => &self.dotenvy,
            Kind::Age => &self.age,
            Kind::Inject | Kind::Env | Kind::Direct => &None,
        };
        tool.as_ref()
            .expect("rows exist only for peers that were found")
    }
}

/// `target/bench-peers/`, where peers are installed.
fn peers_dir() -> Result<PathBuf, String> {
    let target = Path::new(BIN)
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target directory")?;
    Ok(target.join("bench-peers"))
}

/// dotenvx from `target/bench-peers/`, installed there with npm the first time. The error
/// says why the peer rows are skipped.
fn dotenvx() -> Result<Tool, String> {
    let dir = peers_dir()?;
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
    let version = version_of(&bin, "--version")?;
    Ok(Tool { bin, version })
}

/// The dotenvy CLI (Rust, plaintext `.env`): `BENCH_DOTENVY=PATH`, else
/// `target/bench-peers/bin/dotenvy`, installed there with
/// `cargo install --locked dotenvy --features cli` the first time.
fn dotenvy() -> Result<Tool, String> {
    const VERSION: &str = "0.15.7";
    if let Some(bin) = std::env::var_os("BENCH_DOTENVY") {
        let bin = PathBuf::from(bin);
        if !bin.exists() {
            return Err(format!("BENCH_DOTENVY={} does not exist", bin.display()));
        }
        // Its CLI has no --version; the path says which build it is.
        let version = format!("(BENCH_DOTENVY={})", bin.display());
        return Ok(Tool { bin, version });
    }
    let dir = peers_dir()?;
    let bin = dir.join("bin/dotenvy");
    if !bin.exists() {
        eprintln!(
            "installing dotenvy {VERSION} into {} with cargo",
            dir.display()
        );
        let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "install",
                "--locked",
                "--features",
                "cli",
                "--version",
                VERSION,
            ])
            .arg("--root")
            .arg(&dir)
            .arg("dotenvy")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cargo is not available ({e})"))?;
        if !out.status.success() || !bin.exists() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            return Err(format!(
                "`cargo install dotenvy --features cli` failed: {}",
                stderr.lines().last().unwrap_or("no output")
            ));
        }
    }
    Ok(Tool {
        bin,
        version: VERSION.to_string(),
    })
}

/// `age` from PATH (Debian: `apt-get install age`); not installed by the bench.
fn age() -> Result<Tool, String> {
    let bin = PathBuf::from("age");
    let version = version_of(&bin, "--version")
        .map_err(|why| format!("{why} (install it: `apt-get install age`)"))?;
    version_of(Path::new("age-keygen"), "--version")?;
    Ok(Tool { bin, version })
}

/// The first line `bin flag` prints, or why it could not run.
fn version_of(bin: &Path, flag: &str) -> Result<String, String> {
    let out = Command::new(bin)
        .arg(flag)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!(
            "`{} {flag}` failed ({})",
            bin.display(),
            out.status
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.lines().next().unwrap_or("").trim().to_string())
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
