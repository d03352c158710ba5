//! Shell completion in real shells: bash, zsh and fish load the committed scripts and
//! complete project, environment and key names from a vault that stays locked.
//!
//! Bash is driven the way bash-completion's own tests do it (set COMP_WORDS/COMP_CWORD,
//! call the function, read COMPREPLY); zsh and fish only complete inside their line
//! editor, so they run on a pseudo-terminal: type, TAB, then turn the line into
//! `printf '<%s>' ...` to read back exactly what completion left on it.

use std::path::{Path, PathBuf};
use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

use crate::util::TestEnv;

const TIMEOUT_MS: Option<u64> = Some(30_000);

fn script(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file)
}

/// Whether `shell` can run here. CI installs every shell it tests (see `.ci/run`), so
/// there a missing one is a failure; elsewhere the test says so and passes.
fn have(shell: &str) -> bool {
    let found = Command::new(shell)
        .args(["-c", "exit 0"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{shell} is not installed; .ci/run installs it"
        );
        eprintln!("skipped: {shell} is not installed");
    }
    found
}

/// app/dev: API_KEY, DB_PASS, DB_USER (and OLD, deleted); app/prod: PROD_ONLY;
/// app/staging inherits dev and adds STAGE_ONLY; project web.
/// Locked at the end: completion must not need the key.
fn vault() -> TestEnv {
    let env = TestEnv::unlocked();
    for key in ["DB_USER", "DB_PASS", "API_KEY", "OLD"] {
        env.set(key, "v");
    }
    env.ok(&["rm", "OLD"]);
    env.ok(&["env", "create", "prod"]);
    env.ok(&["env", "create", "staging", "--inherits", "dev"]);
    env.ok_stdin(&["-e", "staging", "set", "STAGE_ONLY"], "v");
    env.ok_stdin(&["-e", "prod", "set", "PROD_ONLY"], "v");
    env.ok(&["project", "create", "web"]);
    env.ok(&["lock"]);
    let bin = env.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_secretscli"), bin.join("secretscli")).unwrap();
    env
}

/// `env`'s clean environment with `secretscli` first on PATH.
fn shell(env: &TestEnv, program: &str) -> Command {
    let mut cmd = env.program(program);
    let path = format!(
        "{}:{}",
        env.path().join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    cmd.env("PATH", path).env("TERM", "dumb");
    cmd
}

/// Cases shared by all shells: (typed line, what completion should make of it).
const UNIQUE: &[(&str, &str)] = &[
    ("secretscli get AP", "secretscli get API_KEY"),
    ("secretscli get DB_P", "secretscli get DB_PASS"),
    ("secretscli -e pr", "secretscli -e prod"),
    ("secretscli --project we", "secretscli --project web"),
    (
        "secretscli -e prod get PR",
        "secretscli -e prod get PROD_ONLY",
    ),
    ("secretscli env rm pr", "secretscli env rm prod"),
    ("secretscli restore O", "secretscli restore OLD"),
    ("secretscli rotate-", "secretscli rotate-key"),
    (
        "secretscli export --format ya",
        "secretscli export --format yaml",
    ),
];

#[test]
fn bash_completes_names_from_the_vault() {
    if !have("bash") {
        return;
    }
    let env = vault();
    // (COMP_WORDS as bash splits them, expected COMPREPLY sorted)
    let cases: &[(&[&str], &str)] = &[
        (&["secretscli", "get", "DB_"], "DB_PASS DB_USER"),
        (&["secretscli", "get", ""], "API_KEY DB_PASS DB_USER"),
        (&["secretscli", "rm", "API_KEY", "D"], "DB_PASS DB_USER"),
        (&["secretscli", "-e", "pr"], "prod"),
        (&["secretscli", "-e", ""], "dev prod staging"),
        (
            &["secretscli", "-e", "staging", "get", ""],
            "API_KEY DB_PASS DB_USER STAGE_ONLY",
        ),
        (&["secretscli", "--env", "=", "pr"], "prod"),
        (&["secretscli", "--env", "="], "dev prod staging"),
        (&["secretscli", "-p", ""], "app web"),
        (&["secretscli", "-p", "web", "-e", ""], "dev"),
        (&["secretscli", "-e", "prod", "get", ""], "PROD_ONLY"),
        (
            &["secretscli", "env", "create", "x", "--inherits", ""],
            "dev prod staging",
        ),
        (&["secretscli", "project", "rm", ""], "app web"),
        (&["secretscli", "restore", ""], "OLD"),
        (
            &["secretscli", "inject", "--only", "API_KEY,DB_"],
            "API_KEY,DB_PASS API_KEY,DB_USER",
        ),
        (&["secretscli", "get", "NOPE"], ""),
        // Not names: clap's static completion answers.
        (&["secretscli", "rot"], "rotate rotate-key"),
        (&["secretscli", "get", "--vers"], "--version"),
        (&["secretscli", "export", "--format", "y"], "yaml"),
    ];
    let mut program = format!(
        "source {}\ncomplete -p secretscli\n",
        script("secretscli.bash").display()
    );
    program.push_str(
        r#"comp() {
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
    _secretscli_names secretscli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd ' ' -
}
"#,
    );
    for (words, _) in cases {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        program.push_str(&format!("comp {}\n", quoted.join(" ")));
    }
    let out = shell(&env, "bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("complete -o bashdefault -o default -o nosort -F _secretscli_names secretscli")
    );
    for ((words, want), got) in cases.iter().zip(lines) {
        assert_eq!(got, *want, "completing {words:?}");
    }
    // Completion never unlocked the vault: it is still locked.
    let status = env.ok(&["status", "--json"]);
    assert!(status.contains("\"unlocked\": false"), "{status}");
}

/// Types each case, presses TAB, and reads back the line completion produced.
fn complete_in(p: &mut PtySession, typed: &str) -> String {
    p.send(typed).unwrap();
    p.send("\t").unwrap();
    // Beginning of line, then make the line print itself word by word.
    p.send_control('a').unwrap();
    p.send_line("printf '<%s>' ").unwrap();
    let (_, line) = p
        .exp_regex(r"<secretscli>[^\r\n%>]*(>[^\r\n%>]*)*>")
        .unwrap();
    line.trim_start_matches('<')
        .trim_end_matches('>')
        .split("><")
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_unique(p: &mut PtySession, shell: &str) {
    for (typed, want) in UNIQUE {
        assert_eq!(
            complete_in(p, typed),
            *want,
            "{shell}: completing {typed:?}"
        );
    }
}

#[test]
fn zsh_completes_names_from_the_vault() {
    if !have("zsh") {
        return;
    }
    let env = vault();
    let zdot = env.path().join("zdot");
    std::fs::create_dir_all(&zdot).unwrap();
    std::fs::write(
        zdot.join(".zshrc"),
        format!(
            "fpath=({} $fpath)\nautoload -U compinit && compinit -u -d {}/.zcompdump\nPS1='%% '\nunsetopt beep\n",
            script("").display(),
            zdot.display()
        ),
    )
    .unwrap();
    let mut cmd = shell(&env, "zsh");
    cmd.env("ZDOTDIR", &zdot).args(["--no-globalrcs", "-i"]);
    let mut p = spawn_command(cmd, TIMEOUT_MS).unwrap();
    check_unique(&mut p, "zsh");
    assert_eq!(
        complete_in(&mut p, "secretscli --env=pr"),
        "secretscli --env=prod"
    );
    p.send_line("exit").unwrap();
}

#[test]
fn fish_completes_names_from_the_vault() {
    if !have("fish") {
        return;
    }
    let env = vault();
    // `complete -C` lists what fish would offer, descriptions after a tab.
    let listed = shell(&env, "fish")
        .args([
            "--no-config",
            "-c",
            &format!(
                "source {}; complete -C 'secretscli get DB_'; complete -C 'secretscli --env='",
                script("secretscli.fish").display()
            ),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "DB_PASS\nDB_USER\n--env=dev\n--env=prod\n--env=staging\n"
    );
    let mut cmd = shell(&env, "fish");
    cmd.args([
        "--no-config",
        "-i",
        "-C",
        &format!(
            "source {}; function fish_prompt; echo '% '; end",
            script("secretscli.fish").display()
        ),
    ]);
    let mut p = spawn_command(cmd, TIMEOUT_MS).unwrap();
    check_unique(&mut p, "fish");
    assert_eq!(
        complete_in(&mut p, "secretscli --env=pr"),
        "secretscli --env=prod"
    );
    p.send_line("exit").unwrap();
}
