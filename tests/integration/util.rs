//! `TestEnv`: a private HOME with XDG dirs, the binary, and helpers that check status,
//! stdout and stderr together.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// The passphrase every test vault uses.
pub const PASS: &str = "correct horse battery staple";

pub struct TestEnv {
    pub home: tempfile::TempDir,
}

/// What a finished command printed.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: o.stdout,
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl TestEnv {
    /// An empty home; nothing initialized.
    pub fn new() -> Self {
        let home = tempfile::Builder::new().prefix("sc").tempdir().unwrap();
        std::fs::create_dir_all(home.path().join("run")).unwrap();
        TestEnv { home }
    }

    /// A home with a vault (fast KDF) unlocked through the agent.
    pub fn unlocked() -> Self {
        let env = Self::new();
        env.init();
        env.ok_stdin(&["unlock"], PASS);
        env
    }

    pub fn path(&self) -> &Path {
        self.home.path()
    }

    pub fn vault_path(&self) -> PathBuf {
        self.path().join(".local/share/secretscli/vault.db")
    }

    /// `init` with a fast KDF (the default-cost path has a test of its own).
    pub fn init(&self) {
        self.ok_stdin(
            &[
                "init",
                "--name",
                "app",
                "--kdf-memory",
                "8",
                "--kdf-iterations",
                "1",
            ],
            PASS,
        );
    }

    /// The binary with a clean environment and no stdin (never a terminal).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.tty_cmd(args);
        cmd.stdin(Stdio::null());
        cmd
    }

    /// The binary with a clean environment pointing every path into the temp home, stdio
    /// left for the caller (a pseudo-terminal, in the prompt tests).
    pub fn tty_cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.program(env!("CARGO_BIN_EXE_secretscli"));
        cmd.args(args);
        cmd
    }

    /// The binary started by `launcher` (a program and its arguments, which `exec`s what
    /// follows them), with the same clean environment and stdio left for the caller.
    pub fn tty_cmd_under(&self, launcher: &[&str], args: &[&str]) -> Command {
        let mut cmd = self.program(launcher[0]);
        cmd.args(&launcher[1..])
            .arg(env!("CARGO_BIN_EXE_secretscli"))
            .args(args);
        cmd
    }

    /// Any program (a shell, in the completion tests) with the same clean environment.
    pub fn program(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        let home = self.path();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("XDG_RUNTIME_DIR", home.join("run"))
            .env("SECRETSCLI_KEY_CACHE", "agent")
            .env("USER", "tester")
            .current_dir(home);
        cmd
    }

    /// Runs with `stdin` piped in.
    pub fn run_stdin(&self, args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
        self.run_with(args, stdin, &[])
    }

    /// Runs with `stdin` piped in and extra environment variables.
    pub fn run_with(&self, args: &[&str], stdin: impl AsRef<[u8]>, vars: &[(&str, &str)]) -> Run {
        let mut cmd = self.cmd(args);
        cmd.envs(vars.iter().copied());
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The command may exit before reading everything (e.g. it refuses early).
        if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_ref()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
        child.wait_with_output().unwrap().into()
    }

    /// Runs with no stdin.
    pub fn run(&self, args: &[&str]) -> Run {
        self.cmd(args).output().unwrap().into()
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{args:?} failed: {}", run.stderr);
        run.stdout()
    }

    /// Runs with stdin and asserts success; returns the run.
    pub fn ok_stdin(&self, args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
        let run = self.run_stdin(args, stdin);
        assert_eq!(run.code, 0, "{args:?} failed: {}", run.stderr);
        run
    }

    /// Runs and asserts the exit code; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let run = self.run(args);
        assert_eq!(
            run.code, code,
            "{args:?}: expected exit {code}, stderr: {}",
            run.stderr
        );
        run.stderr
    }

    /// Sets one value from stdin.
    pub fn set(&self, key: &str, value: impl AsRef<[u8]>) {
        self.ok_stdin(&["set", key, "--keep-newline"], value);
    }

    /// Reads one value raw.
    pub fn get(&self, key: &str) -> Vec<u8> {
        let run = self.run(&["get", key]);
        assert_eq!(run.code, 0, "get {key} failed: {}", run.stderr);
        run.stdout
    }

    /// Writes a file in the home and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Opens the vault file directly, for tampering tests.
    pub fn sqlite(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.vault_path()).unwrap()
    }
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        // Stop the agent; it would also exit on its own once the socket disappears.
        let _ = self.cmd(&["lock"]).output();
    }
}

/// The variable naming the PostgreSQL test database.
pub const DATABASE_URL_VAR: &str = "SECRETSCLI_TEST_DATABASE_URL";

/// The database tried when [`DATABASE_URL_VAR`] is unset (the one `.ci/run` uses).
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The PostgreSQL test database: [`DATABASE_URL_VAR`] when set (it must answer: a test
/// that was asked for PostgreSQL fails rather than skips), else [`DEFAULT_DATABASE_URL`]
/// when it answers, else `None`. Probed once per test binary.
pub fn test_database_url() -> Option<String> {
    static URL: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    URL.get_or_init(|| match std::env::var(DATABASE_URL_VAR) {
        Ok(url) => Some(url),
        Err(_) => answers(DEFAULT_DATABASE_URL).then(|| DEFAULT_DATABASE_URL.to_string()),
    })
    .clone()
}

fn answers(url: &str) -> bool {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let probe = tokio_postgres::connect(url, tokio_postgres::NoTls);
        let Ok(Ok((client, conn))) = tokio::time::timeout(Duration::from_secs(3), probe).await
        else {
            return false;
        };
        let task = tokio::spawn(conn);
        let ok = client.simple_query("SELECT 1").await.is_ok();
        drop(client);
        let _ = task.await;
        ok
    })
}

/// Says, past the test harness's output capture, that the running test skipped its
/// PostgreSQL half, with the number skipped so far: a skip is never a silent pass.
pub fn skipped_without_postgres() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SKIPPED: AtomicUsize = AtomicUsize::new(0);
    let n = SKIPPED.fetch_add(1, Ordering::Relaxed) + 1;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    // `eprintln!` would be captured and shown only on failure; the stderr handle is not.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED (no PostgreSQL): {test} ({n} skipped so far; {DEFAULT_DATABASE_URL} does not \
         answer and {DATABASE_URL_VAR} is unset)"
    );
}

/// A copy of `tests/fixtures/vault-v{format}.db` (written by an earlier release's format,
/// project `fixture`, passphrase `fixture-passphrase-v{format}`) in the test's home.
pub struct FixtureVault<'a> {
    env: &'a TestEnv,
    pub path: PathBuf,
    passphrase: String,
}

impl<'a> FixtureVault<'a> {
    pub fn copy(env: &'a TestEnv, format: u32) -> Self {
        let path = env.path().join(format!("v{format}.db"));
        let fixture = format!(
            "{}/tests/fixtures/vault-v{format}.db",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::copy(fixture, &path).unwrap();
        FixtureVault {
            env,
            path,
            passphrase: format!("fixture-passphrase-v{format}"),
        }
    }

    /// Runs `secretscli --vault V -p fixture ARGS` with the passphrase in the environment
    /// and the key cache off.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--vault", self.path.to_str().unwrap(), "-p", "fixture"];
        all.extend_from_slice(args);
        self.env
            .cmd(&all)
            .env("SECRETSCLI_PASSPHRASE", &self.passphrase)
            .env("SECRETSCLI_KEY_CACHE", "none")
            .output()
            .unwrap()
            .into()
    }
}
