//! The README's shell blocks run for real. Every command in a ```sh block runs in README
//! order with `bash -c`, in a temporary HOME, with the real binary on PATH as `secretscli`,
//! so a typo'd flag or a command that stopped working fails here. The extraction is
//! generic: a new line in any sh block is run without touching this file. What is not run
//! verbatim is in two tables below, each entry with its reason, and each entry must still
//! match the README so the tables cannot outlive what they excuse.
//!
//! Also: the 60-second tour covers the everyday commands, and every subcommand named in
//! the Commands table exists (`secretscli SUB --help` succeeds).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::util::TestEnv;

const README: &str = include_str!("../../README.md");

/// Commands not run, and why. A command that starts with one of these followed by ` && `
/// still has the rest of its chain run.
const NOT_RUN: &[(&str, &str)] = &[
    (
        "./install.sh",
        "a release build plus an install; .ci/run runs it for real into a temporary prefix, checks the binary and completion, and uninstalls",
    ),
    ("cargo test", "this very suite"),
    (
        "RUSTFLAGS='-C target-feature=+crt-static' cargo build",
        "the release build ./install.sh runs, in .ci/run",
    ),
];

/// Text replaced before running, and why: machine-wide paths and fixed ports would need
/// root or collide with other servers and test runs on this machine. `{home}` is the
/// temporary HOME.
const REPLACED: &[(&str, &str, &str)] = &[
    ("/srv/secretscli", "{home}/srv/secretscli", "needs root"),
    (
        "/etc/secretscli",
        "{home}/etc/secretscli",
        "needs root; the test writes a self-signed cert.pem and key.pem there",
    ),
    (
        "0.0.0.0:8484",
        "127.0.0.1:0",
        "a fixed port, on every interface",
    ),
    (
        "postgres://sync@db/secrets",
        "{postgres}",
        "the test database (SECRETSCLI_TEST_DATABASE_URL) in a schema of its own",
    ),
];

/// Piped to every command: `init` and `unlock` read the passphrase from the first line of
/// piped stdin, `set KEY` reads the value from it (README, "Scripts and CI").
const STDIN: &str = "readme passphrase\n";

/// A command of a sh block (continuation lines joined) and the line it starts on.
#[derive(Debug)]
struct Line {
    number: usize,
    command: String,
}

/// Every command in the README's ```sh blocks, in order.
fn sh_commands(readme: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut pending: Option<Line> = None;
    for (i, text) in readme.lines().enumerate() {
        if !in_sh {
            in_sh = text.trim() == "```sh";
            continue;
        }
        if text.trim() == "```" {
            in_sh = false;
            continue;
        }
        let line = pending.get_or_insert(Line {
            number: i + 1,
            command: String::new(),
        });
        match text.strip_suffix('\\') {
            Some(head) => line.command.push_str(head),
            None => {
                line.command.push_str(text);
                let done = pending.take().unwrap();
                if !done.command.trim().is_empty() {
                    out.push(done);
                }
            }
        }
    }
    out
}

/// The part of `command` to run: all of it, the rest of a chain after an excused head, or
/// nothing.
fn runnable(command: &str) -> Option<&str> {
    for (skipped, _) in NOT_RUN {
        if let Some(rest) = command.strip_prefix(skipped) {
            return rest.trim_start().strip_prefix("&&").map(str::trim);
        }
    }
    Some(command)
}

/// A temporary HOME whose PATH starts with `secretscli` (the binary under test) and an
/// `npm` stub (the tour's `inject -- npm start`) that reports what it was given.
struct Machine {
    env: TestEnv,
    bin: std::path::PathBuf,
    project: std::path::PathBuf,
}

impl Machine {
    fn new() -> Machine {
        let env = TestEnv::new();
        let bin = env.path().join("bin");
        let project = env.path().join("project");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(&project).unwrap();
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_secretscli"), bin.join("secretscli"))
            .unwrap();
        let npm = bin.join("npm");
        std::fs::write(
            &npm,
            "#!/bin/sh\necho \"npm $*: DB_PASS has ${#DB_PASS} characters\"\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&npm, std::fs::Permissions::from_mode(0o755)).unwrap();
        // The `.env` the tour imports and diffs against.
        std::fs::write(project.join(".env"), "DB_USER=app\nDB_PASS=from-dotenv\n").unwrap();
        let tls = env.path().join("etc/secretscli");
        std::fs::create_dir_all(&tls).unwrap();
        let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        std::fs::write(tls.join("cert.pem"), cert.cert.pem()).unwrap();
        std::fs::write(tls.join("key.pem"), cert.signing_key.serialize_pem()).unwrap();
        Machine { env, bin, project }
    }

    fn bash(&self, command: &str) -> Command {
        let mut cmd = self.env.program("bash");
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        cmd.env("PATH", path)
            .current_dir(&self.project)
            .args(["-c", command]);
        cmd
    }
}

/// The PostgreSQL URL for the README's server line, when the suite has a test database.
#[cfg(feature = "server")]
fn postgres() -> Option<(String, crate::server::Storage)> {
    let storage = crate::server::Storage::postgres()?;
    match &storage.backend {
        crate::server::Backend::Postgres(url) => Some((url.clone(), storage)),
        _ => None,
    }
}

#[cfg(not(feature = "server"))]
fn postgres() -> Option<(String, ())> {
    None
}

/// Runs a command that should end by itself; `diff` may say "different" (exit 1).
fn run_to_end(machine: &Machine, line: &Line, command: &str) {
    let mut child = machine
        .bash(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(STDIN.as_bytes());
    let out = child.wait_with_output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let allowed: &[i32] = if command.contains("secretscli diff") {
        &[0, 1]
    } else {
        &[0]
    };
    assert!(
        allowed.contains(&code),
        "README.md:{}: `{command}` exited {code}\nstdout: {}\nstderr: {}",
        line.number,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if command.contains("npm start") {
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("npm start: DB_PASS has"),
            "README.md:{}: npm did not get the items: {stdout}",
            line.number
        );
    }
}

/// SIGTERM to the process group `child` leads (bash and the server it started), by the
/// kill(2) call itself: a `kill` program given `-PID` may read it as "every process" (this
/// machine's did, stopping everything running on it).
fn stop_group(child: &Child) {
    let pid = i32::try_from(child.id()).unwrap();
    assert!(pid > 1, "refusing to signal process group {pid}");
    let group = rustix::process::Pid::from_raw(pid).unwrap();
    let _ = rustix::process::kill_process_group(group, rustix::process::Signal::TERM);
}

/// Runs a server line: it must come up (`listening on`) and stop cleanly on SIGTERM.
fn run_server(machine: &Machine, line: &Line, command: &str) {
    use std::os::unix::process::CommandExt;
    let mut child: Child = machine
        .bash(command)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let mut seen = Vec::new();
    let up = loop {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(l) if l.contains("listening on") => break true,
            Ok(l) => seen.push(l),
            Err(_) => break false,
        }
    };
    stop_group(&child);
    let status = child.wait().unwrap();
    assert!(
        up,
        "README.md:{}: `{command}` did not start ({status}): {}",
        line.number,
        seen.join("\n")
    );
    assert!(
        status.success(),
        "README.md:{}: `{command}` did not stop cleanly on SIGTERM: {status}",
        line.number
    );
}

#[test]
fn every_command_in_the_readme_sh_blocks_runs() {
    let machine = Machine::new();
    let pg = postgres();
    let home = machine.env.path().display().to_string();
    let lines = sh_commands(README);
    assert!(lines.len() > 20, "found only {lines:?}");
    for (from, ..) in REPLACED {
        assert!(
            README.contains(from),
            "REPLACED names {from:?}: not in README"
        );
    }
    for (skipped, _) in NOT_RUN {
        assert!(
            lines.iter().any(|l| l.command.starts_with(skipped)),
            "NOT_RUN names {skipped:?}: no README command starts with it"
        );
    }
    let mut servers = 0;
    for line in &lines {
        let Some(command) = runnable(&line.command) else {
            continue;
        };
        let mut command = command.to_string();
        for (from, to, _) in REPLACED {
            if command.contains(from) && to.contains("{postgres}") && pg.is_none() {
                eprintln!(
                    "README.md:{}: not run, SECRETSCLI_TEST_DATABASE_URL is unset",
                    line.number
                );
                command.clear();
                break;
            }
            let url = pg.as_ref().map(|p| p.0.as_str()).unwrap_or_default();
            command = command.replace(
                from,
                &to.replace("{home}", &home).replace("{postgres}", url),
            );
        }
        if command.is_empty() {
            continue;
        }
        if command.contains("secretscli server") {
            if !command.contains("--listen") {
                command = command.replacen(
                    "secretscli server",
                    "secretscli server --listen 127.0.0.1:0",
                    1,
                );
            }
            run_server(&machine, line, &command);
            servers += 1;
        } else {
            run_to_end(&machine, line, &command);
        }
    }
    // The SQLite server lines at least; a README without them would be a change to notice.
    assert!(servers >= 2, "only {servers} `secretscli server` lines ran");
}

#[test]
fn the_tour_covers_the_everyday_commands() {
    let tour = README
        .split("## A 60-second tour")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a tour section");
    let commands = sh_commands(tour);
    for sub in ["init", "set", "import", "inject", "context", "diff"] {
        assert!(
            commands.iter().any(|l| l
                .command
                .split_whitespace()
                .skip_while(|w| *w != "secretscli")
                .any(|w| w == sub)),
            "the tour has no `secretscli {sub}`"
        );
    }
}

/// `secretscli SUB [SUBSUB]` for each backticked command in the Commands table's first
/// column: the first word, and a second one when it is a lower-case word (`env create`).
fn table_commands(readme: &str) -> Vec<Vec<String>> {
    let table = readme
        .split("## Commands")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("a Commands section");
    let mut out = Vec::new();
    for row in table.lines().filter(|l| l.starts_with("| `")) {
        let first_cell = row.split(" | ").next().unwrap();
        for code in first_cell.split('`').skip(1).step_by(2) {
            let mut words = code.split_whitespace();
            let Some(sub) = words.next() else { continue };
            let subs: Vec<String> = words
                .next()
                .filter(|w| w.starts_with(|c: char| c.is_ascii_lowercase()))
                .map(|w| w.split("\\|").map(String::from).collect())
                .unwrap_or_default();
            if subs.is_empty() {
                out.push(vec![sub.to_string()]);
            }
            for s in subs {
                out.push(vec![sub.to_string(), s]);
            }
        }
    }
    out
}

#[test]
fn every_command_in_the_readme_table_exists() {
    let env = TestEnv::new();
    let commands = table_commands(README);
    assert!(commands.len() > 30, "{commands:?}");
    for c in &commands {
        let mut args: Vec<&str> = c.iter().map(String::as_str).collect();
        args.push("--help");
        let run = env.run(&args);
        assert_eq!(
            run.code,
            0,
            "`secretscli {}`: {}",
            args.join(" "),
            run.stderr
        );
    }
    // A name that is not a command fails, so the loop above can fail too.
    assert_ne!(env.run(&["frobnicate", "--help"]).code, 0);
}

#[test]
fn extraction_joins_continuations_and_runnable_drops_only_excused_heads() {
    let text = "x\n```sh\na one\n\nb \\\n    two\n```\n```sh\n./install.sh && c three\n```\n";
    let lines = sh_commands(text);
    let commands: Vec<&str> = lines.iter().map(|l| l.command.as_str()).collect();
    assert_eq!(commands, ["a one", "b     two", "./install.sh && c three"]);
    assert_eq!(lines[1].number, 5);
    assert_eq!(runnable("./install.sh && c three"), Some("c three"));
    assert_eq!(runnable("cargo test"), None);
    assert_eq!(runnable("secretscli list"), Some("secretscli list"));
    assert!(Path::new(env!("CARGO_BIN_EXE_secretscli")).exists());
}
