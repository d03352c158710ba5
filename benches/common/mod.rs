//! What the real-process benchmarks share: the isolated HOME every process runs in, timing
//! one process from spawn to reaped, the median/p10/p90 of a case, the target verdict, the
//! machine line, and ([`load`]) the loopback HTTP load generator of the server benches.
//!
//! Nothing here may touch the user's real vault, keyring or agent: every process gets a
//! cleared environment whose HOME and XDG directories point into a temporary directory,
//! and the key cache is forced to the agent (`SECRETSCLI_KEY_CACHE=agent`), which `Drop`
//! stops with `lock` even when a bench panics.

// Each bench compiles its own copy of this module and uses a subset of it.
#![allow(dead_code)]

pub mod load;

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The release binary: Cargo builds it (bench profile, which inherits `release`) for us.
pub const BIN: &str = env!("CARGO_BIN_EXE_secretscli");

/// The binary measured: `SECRETSCLI_BENCH_BIN` when set (e.g. the static build that
/// `install.sh` installs, which is what users run), else Cargo's release build.
pub fn bin() -> PathBuf {
    std::env::var_os("SECRETSCLI_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(BIN))
}
pub const PASS: &str = "bench horse battery staple";

/// `cargo bench` passes `--bench`; `cargo test --all-targets` runs bench binaries without
/// it, and a test run must not spend a minute on Argon2 and 10,000-item imports.
pub fn bench_requested(name: &str) -> bool {
    let yes = std::env::args().any(|a| a == "--bench");
    if !yes {
        eprintln!("{name} bench: skipped (run it with `cargo bench --bench {name}`)");
    }
    yes
}

/// One row of a table: a name, the target (`"<= N ms"` or empty) and the samples.
pub struct Case {
    pub name: String,
    pub target: &'static str,
    pub samples: Vec<Duration>,
}

impl Case {
    pub fn new(name: impl Into<String>, target: &'static str) -> Self {
        Case {
            name: name.into(),
            target,
            samples: Vec::new(),
        }
    }

    pub fn push(&mut self, d: Duration) {
        self.samples.push(d);
    }

    /// Median, p10 and p90 in milliseconds.
    pub fn stats(&self) -> (f64, f64, f64) {
        quantiles(self.samples.iter().map(|d| d.as_secs_f64() * 1e3).collect())
    }
}

/// Median, p10 and p90 (nearest rank; the median averages the middle two).
pub fn quantiles(mut xs: Vec<f64>) -> (f64, f64, f64) {
    assert!(!xs.is_empty(), "no samples");
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    let median = if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    };
    let rank = |p: f64| xs[((p * (n - 1) as f64).round() as usize).min(n - 1)];
    (median, rank(0.10), rank(0.90))
}

/// `"<= 5 ms: met"` or `"<= 5 ms: MISSED"` for a target of that form; empty without one.
pub fn verdict(target: &str, value: f64) -> String {
    if target.is_empty() {
        return String::new();
    }
    let limit: f64 = target
        .trim_start_matches("<= ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("target {target:?} is not `<= N unit`"));
    format!(
        "{target}: {}",
        if value <= limit { "met" } else { "MISSED" }
    )
}

/// `nproc`, the kernel, the CPU model and the load, so figures from different machines (or
/// a busy moment of this one) are not compared as if they were alike.
pub fn machine() -> String {
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
    let load = read("/proc/loadavg")
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "machine: nproc {nproc}, kernel {}, cpu {cpu}, load avg {load}; binary {}",
        kernel.trim(),
        bin().display()
    )
}

/// A private HOME: the same layout `tests/integration/util.rs` gives its `TestEnv`.
pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub fn new(prefix: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("cannot create a temp HOME");
        std::fs::create_dir_all(dir.path().join("run")).expect("cannot create XDG_RUNTIME_DIR");
        Home { dir }
    }

    /// A path inside this HOME.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `init` with the default KDF cost, then `unlock`, both reading the passphrase from stdin.
    pub fn setup(&self) {
        self.ok(&["init", "--name", "bench"], Some(PASS));
        self.ok(&["unlock"], Some(PASS));
    }

    /// Any program, run in this HOME with the cleared environment `secretscli` gets, so a
    /// floor or a peer starts from exactly the same variables.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let home = self.dir.path();
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_RUNTIME_DIR", home.join("run"))
            .env("SECRETSCLI_KEY_CACHE", "agent")
            .env("USER", "bench")
            .current_dir(home);
        cmd
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.command(bin());
        cmd.args(args);
        cmd
    }

    /// Runs to completion; panics with stderr unless it succeeded. Returns stdout.
    pub fn ok(&self, args: &[&str], stdin: Option<&str>) -> Vec<u8> {
        run(self.cmd(args), stdin, Stdio::piped()).0
    }

    /// [`Home::ok`] with extra environment variables.
    pub fn ok_with(&self, args: &[&str], stdin: Option<&str>, vars: &[(&str, &str)]) -> Vec<u8> {
        let mut cmd = self.cmd(args);
        cmd.envs(vars.iter().copied());
        run(cmd, stdin, Stdio::piped()).0
    }

    /// Wall time of one `secretscli` process; see [`time`].
    pub fn time(&self, args: &[&str], stdin: Option<&str>) -> Duration {
        time(self.cmd(args), stdin)
    }

    pub fn write(&self, name: &str, contents: String) -> PathBuf {
        let path = self.file(name);
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

/// Wall time of one process, from spawn to reaped. stdout goes to /dev/null so the figure
/// is the command's, not a reader's. Panics unless it succeeded.
pub fn time(cmd: Command, stdin: Option<&str>) -> Duration {
    run(cmd, stdin, Stdio::null()).1
}

/// Runs to completion, feeding `stdin` if given; panics with stderr unless it succeeded.
/// Returns stdout (empty unless piped) and the wall time from spawn to reaped.
pub fn run(mut cmd: Command, stdin: Option<&str>, stdout: Stdio) -> (Vec<u8>, Duration) {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(stdout)
    .stderr(Stdio::piped());
    let what = format!(
        "{} {:?}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args().take(4).collect::<Vec<_>>()
    );
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
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
        .unwrap_or_else(|e| panic!("cannot wait for {what}: {e}"));
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, elapsed)
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

pub fn env_count(var: &str, default: usize) -> usize {
    match std::env::var(var) {
        Ok(v) => v
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or_else(|| panic!("{var} must be a positive integer, got {v:?}")),
        Err(_) => default,
    }
}

/// `n` lines of the shapes real .env files hold: bare, double-quoted with an escape,
/// single-quoted (literal), and an `export ` prefix, with values of typical token length.
pub fn dotenv_lines(n: usize) -> String {
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
pub fn value_of(i: usize) -> String {
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

/// The real `secretscli server` (or `SECRETSCLI_BENCH_SERVER_BIN`) on an ephemeral
/// loopback port, its data in a temporary directory, killed on drop.
pub struct Server {
    child: Child,
    pub url: String,
    pub bootstrap: String,
    _data: tempfile::TempDir,
}

impl Server {
    /// Starts it with its data in a temporary directory named after `prefix`.
    pub fn start(prefix: &str) -> Server {
        let data = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .expect("temp dir");
        let bin = std::env::var_os("SECRETSCLI_BENCH_SERVER_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(bin);
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
