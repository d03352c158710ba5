//! The committed completion scripts (`completions/`) and man pages (`man/`) must be what
//! the binary generates now. Refresh them with `SECRETSCLI_BLESS=1 cargo test generated`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::TestEnv;

/// Shells and the file name each one looks for.
pub const SCRIPTS: &[(&str, &str)] = &[
    ("bash", "secretscli.bash"),
    ("zsh", "_secretscli"),
    ("fish", "secretscli.fish"),
    ("powershell", "_secretscli.ps1"),
    ("elvish", "secretscli.elv"),
];

const BLESS: &str = "SECRETSCLI_BLESS";

fn repo(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)
}

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Compares `fresh` with the committed `dir`, or with SECRETSCLI_BLESS=1 replaces it.
fn check(dir: &str, fresh: BTreeMap<String, Vec<u8>>) {
    let path = repo(dir);
    let committed = read_dir(&path);
    if std::env::var_os(BLESS).is_some_and(|v| v == "1") {
        std::fs::create_dir_all(&path).unwrap();
        for name in committed.keys().filter(|n| !fresh.contains_key(*n)) {
            std::fs::remove_file(path.join(name)).unwrap();
        }
        for (name, bytes) in &fresh {
            std::fs::write(path.join(name), bytes).unwrap();
        }
        return;
    }
    let mut stale: Vec<String> = Vec::new();
    for (name, bytes) in &fresh {
        match committed.get(name) {
            None => stale.push(format!("{dir}/{name} is missing")),
            Some(old) if old != bytes => stale.push(format!("{dir}/{name} is out of date")),
            Some(_) => {}
        }
    }
    for name in committed.keys().filter(|n| !fresh.contains_key(*n)) {
        stale.push(format!("{dir}/{name} is no longer generated"));
    }
    assert!(
        stale.is_empty(),
        "{}\nrefresh with: {BLESS}=1 cargo test generated",
        stale.join("\n")
    );
}

#[test]
fn generated_completions_are_committed_and_current() {
    let env = TestEnv::new();
    let fresh = SCRIPTS
        .iter()
        .map(|(shell, file)| {
            let run = env.run(&["completions", shell]);
            assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
            (file.to_string(), run.stdout)
        })
        .collect();
    check("completions", fresh);
}

#[test]
fn generated_man_pages_are_committed_and_current() {
    let env = TestEnv::new();
    let out = env.path().join("man");
    let run = env.run(&["man", "--dir", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fresh = read_dir(&out);
    assert!(fresh.contains_key("secretscli.1"));
    assert!(fresh.contains_key("secretscli-env-create.1"));
    assert!(
        !fresh.contains_key("secretscli-agent.1"),
        "hidden commands get no page"
    );
    check("man", fresh);
}

#[test]
fn man_pages_have_the_exit_status_table() {
    let env = TestEnv::new();
    let page = env.ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH secretscli 1"),
        "{page}"
    );
    let exit = page
        .split(".SH \"EXIT STATUS\"")
        .nth(1)
        .expect("EXIT STATUS section");
    for code in 0..=8 {
        assert!(
            exit.contains(&format!("\\fB{code}\\fR")),
            "code {code} missing:\n{exit}"
        );
    }
    assert!(exit.contains("vault locked and no passphrase available"));
}

#[test]
fn completion_scripts_leave_out_hidden_commands() {
    let env = TestEnv::new();
    for (shell, _) in SCRIPTS {
        let script = env.ok(&["completions", shell]);
        // `agent --socket` and `__complete --index` are hidden; their help must not show
        // (`serve --socket` is not hidden: the agent's own help line is what must be absent).
        assert!(
            !script.contains("Unix socket to listen on"),
            "{shell} offers the hidden agent command"
        );
        assert!(
            !script.contains("Position in WORDS"),
            "{shell} offers __complete"
        );
        assert!(script.contains("rotate-key"), "{shell} lacks rotate-key");
    }
}
