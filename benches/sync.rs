//! Real-process benchmark of sync: `push` and `pull` of 10,000 items against the real
//! `secretscli server` on a loopback port. Every sample is one `secretscli` process, timed
//! from spawn to reaped, so process start, unlocking through the agent, HTTP, the server's
//! transaction and the vault's own transaction all count.
//!
//! Run with `cargo bench --bench sync` (see `benches/README.md`). Like `vault.rs` it never
//! touches the user's files: HOME and XDG directories point into temporary directories, the
//! key cache is the agent (stopped at the end), and the server's data lives in a temporary
//! directory too. `SECRETSCLI_BENCH_SERVER_BIN` runs another build as the server.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_secretscli");
const PASS: &str = "bench horse battery staple";
const BIG: usize = 10_000;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("sync bench: skipped (run it with `cargo bench --bench sync`)");
        return;
    }
    let samples = env_count("BENCH_SAMPLES", 5);
    let started = Instant::now();
    let server = Server::start();
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
    let id_file = a.dir.path().join("id.age");
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

/// The real server, on an ephemeral loopback port, killed on drop.
struct Server {
    child: Child,
    url: String,
    bootstrap: String,
    _data: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let data = tempfile::Builder::new()
            .prefix("scsync-srv")
            .tempdir()
            .expect("temp dir");
        let bin = std::env::var_os("SECRETSCLI_BENCH_SERVER_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(BIN));
        let mut child = Command::new(bin)
            .args(["server", "--listen", "127.0.0.1:0", "--data"])
            .arg(data.path().join("store"))
            .arg("--bootstrap-token-file")
            .arg(data.path().join("bootstrap"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", data.path())
            .env("SECRETSCLI_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start the server");
        let stderr = child.stderr.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on ").nth(1)
                    && let Some(t) = tx.take()
                {
                    let _ = t.send(rest.split_whitespace().next().unwrap_or("").to_string());
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the server did not say where it listens");
        let bootstrap = std::fs::read_to_string(data.path().join("bootstrap"))
            .expect("bootstrap token file")
            .trim()
            .to_string();
        Server {
            child,
            url: format!("http://{addr}"),
            bootstrap,
            _data: data,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    println!("| case | median ms | p10 | p90 | vs first row | target |");
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

    fn ok_with(&self, args: &[&str], stdin: Option<&str>, vars: &[(&str, &str)]) -> Vec<u8> {
        self.run_env(args, stdin, Stdio::piped(), vars).0
    }

    fn run(&self, args: &[&str], stdin: Option<&str>, stdout: Stdio) -> (Vec<u8>, Duration) {
        self.run_env(args, stdin, stdout, &[])
    }

    fn run_env(
        &self,
        args: &[&str],
        stdin: Option<&str>,
        stdout: Stdio,
        vars: &[(&str, &str)],
    ) -> (Vec<u8>, Duration) {
        let mut cmd = self.cmd(args);
        cmd.envs(vars.iter().copied());
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
