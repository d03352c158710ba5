//! `secretscli scan`: provider rules, the vault's own values, git sources, baselines and the
//! pre-commit hook, with the real binary and real `git`.

use std::path::Path;

use base64::Engine as _;

use crate::util::TestEnv;

/// A made-up GitHub token (never issued) and the part of it no report may show.
const TOKEN: &str = "ghp_k3Vq7mZe2XwaFh4dQ9pL0sT8uYbN6cR1jHgE";
const TOKEN_MIDDLE: &str = "7mZe2XwaFh4d";

fn git(env: &TestEnv, dir: &Path, args: &[&str]) -> String {
    let out = env
        .program("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn repo(env: &TestEnv) -> std::path::PathBuf {
    let dir = env.path().join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    git(env, &dir, &["init", "-q", "-b", "main"]);
    dir
}

fn scan_in(env: &TestEnv, dir: &Path, args: &[&str]) -> crate::util::Run {
    let mut cmd = env.cmd(&[&["scan"][..], args].concat());
    cmd.current_dir(dir);
    cmd.output().unwrap().into()
}

#[test]
fn a_leaked_token_is_reported_by_file_line_and_rule_with_exit_1_and_never_shown() {
    let env = TestEnv::new();
    let dir = env.path().join("src");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ok.txt"), "nothing to see\n").unwrap();
    std::fs::write(
        dir.join("config.py"),
        format!("# settings\nGITHUB = \"{TOKEN}\"\n"),
    )
    .unwrap();
    let run = env.run(&["scan", "src"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = run.stdout();
    assert!(
        out.contains("src/config.py:2: github-token: GitHub token"),
        "{out}"
    );
    assert!(out.contains("GITHUB = \"ghp_********\""), "{out}");
    assert!(!out.contains(TOKEN_MIDDLE) && !run.stderr.contains(TOKEN_MIDDLE));
    assert!(
        run.stderr.contains("1 finding(s) in 2 file(s) scanned"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("vault not used (no vault)"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(dir.join("config.py")).unwrap();
    assert_eq!(env.run(&["scan", "src"]).code, 0);
}

#[test]
fn the_vaults_own_values_are_found_encoded_only_while_it_is_unlocked() {
    let env = TestEnv::unlocked();
    let value = "swordfish-Tr0ub4dor-42";
    env.set("DB_PASS", value);
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("app:{value}"));
    env.write(
        "deploy.sh",
        format!("curl -H 'Authorization: Basic {basic}' https://x\n"),
    );
    let run = env.run(&["scan", "deploy.sh"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout()
            .contains("deploy.sh:1: vault-value: value of DB_PASS in app/dev (base64)"),
        "{}",
        run.stdout()
    );
    assert!(!run.stdout().contains(&basic[8..]), "{}", run.stdout());
    assert!(
        run.stderr
            .contains("1 secret value(s) from the vault searched"),
        "{}",
        run.stderr
    );

    env.ok(&["lock"]);
    let run = env.run(&["scan", "deploy.sh"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("vault not used: it is locked"),
        "{}",
        run.stderr
    );
}

#[test]
fn staged_scans_only_what_a_commit_would_add_and_the_hook_blocks_that_commit() {
    let env = TestEnv::new();
    let dir = repo(&env);
    std::fs::write(dir.join(".env"), format!("TOKEN={TOKEN}\n")).unwrap();
    // Not staged yet: nothing a commit would add.
    assert_eq!(scan_in(&env, &dir, &["--staged"]).code, 0);
    git(&env, &dir, &["add", ".env"]);
    let run = scan_in(&env, &dir, &["--staged"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout().contains(".env:1: github-token"),
        "{}",
        run.stdout()
    );

    // An existing hook keeps running, first; installing twice changes nothing.
    let hooks = dir.join(".git/hooks");
    std::fs::write(
        hooks.join("pre-commit"),
        "#!/bin/sh\necho earlier-hook-ran >&2\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(
        hooks.join("pre-commit"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    assert_eq!(scan_in(&env, &dir, &["install-hook"]).code, 0);
    let installed = std::fs::read(hooks.join("pre-commit")).unwrap();
    assert_eq!(scan_in(&env, &dir, &["install-hook"]).code, 0);
    assert_eq!(std::fs::read(hooks.join("pre-commit")).unwrap(), installed);

    let commit = env
        .program("git")
        .arg("-C")
        .arg(&dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qm",
            "leak",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&commit.stderr);
    assert!(
        !commit.status.success(),
        "the hook let a leak through: {stderr}"
    );
    assert!(stderr.contains("earlier-hook-ran"), "{stderr}");
    std::fs::write(dir.join(".env"), "TOKEN=${GITHUB_TOKEN}\n").unwrap();
    git(&env, &dir, &["add", ".env"]);
    git(&env, &dir, &["commit", "-qm", "clean"]);
}

#[test]
fn history_finds_a_secret_a_later_commit_removed_and_names_the_commit() {
    let env = TestEnv::new();
    let dir = repo(&env);
    std::fs::write(dir.join("a.txt"), "one\n").unwrap();
    git(&env, &dir, &["add", "."]);
    git(&env, &dir, &["commit", "-qm", "first"]);
    std::fs::write(dir.join("a.txt"), format!("one\nkey={TOKEN}\n")).unwrap();
    git(&env, &dir, &["commit", "-qam", "leak"]);
    let leak = git(&env, &dir, &["rev-parse", "HEAD"]).trim().to_string();
    std::fs::write(dir.join("a.txt"), "one\n").unwrap();
    git(&env, &dir, &["commit", "-qam", "remove"]);
    assert_eq!(scan_in(&env, &dir, &["."]).code, 0);
    let run = scan_in(&env, &dir, &["--git-history", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(findings[0]["file"], "a.txt");
    assert_eq!(findings[0]["line"], 2);
    assert_eq!(findings[0]["commit"], leak.as_str());
    // A range that ends before the leak finds nothing.
    assert_eq!(scan_in(&env, &dir, &["--git-history", "HEAD~2"]).code, 0);
}

#[test]
fn a_baseline_accepts_known_findings_and_a_new_one_still_fails() {
    let env = TestEnv::new();
    env.write("a.env", format!("A={TOKEN}\n"));
    let run = env.run(&["scan", "a.env", "--format", "json"]);
    assert_eq!(run.code, 1);
    std::fs::write(env.path().join("baseline.json"), &run.stdout).unwrap();
    // The same leak on another line is still the known one.
    env.write("a.env", format!("# moved\nA={TOKEN}\n"));
    let run = env.run(&["scan", "a.env", "--baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 accepted by the baseline"),
        "{}",
        run.stderr
    );
    env.write(
        "a.env",
        format!("A={TOKEN}\nB=sk_live_k3Vq7mZe2XwaFh4dQ9pL0sT8\n"),
    );
    assert_eq!(
        env.run(&["scan", "a.env", "--baseline", "baseline.json"])
            .code,
        1
    );
    env.write("bad.json", "not json");
    let stderr = env.fails(&["scan", "a.env", "--baseline", "bad.json"], 8);
    assert!(stderr.contains("bad.json: not a scan baseline"), "{stderr}");
}

#[test]
fn sarif_output_is_a_sarif_2_1_0_log_with_one_result_per_finding() {
    let env = TestEnv::new();
    env.write("a.env", format!("A={TOKEN}\n"));
    let run = env.run(&["scan", "a.env", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "github-token");
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "a.env");
    assert_eq!(location["region"]["startLine"], 1);
    assert!(!String::from_utf8_lossy(&run.stdout).contains(TOKEN_MIDDLE));
}

#[test]
fn a_gitignored_env_file_is_named_as_not_scanned_and_no_ignore_scans_it() {
    let env = TestEnv::new();
    let dir = repo(&env);
    std::fs::write(dir.join(".gitignore"), ".env\nnode_modules/\n").unwrap();
    std::fs::write(dir.join(".env"), format!("GITHUB={TOKEN}\n")).unwrap();
    std::fs::write(dir.join("app.py"), "print('hi')\n").unwrap();
    std::fs::create_dir_all(dir.join("node_modules/x")).unwrap();
    std::fs::write(dir.join("node_modules/x/.env"), "A=b\n").unwrap();

    let run = scan_in(&env, &dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("not scanned: 1 file(s) that .gitignore excludes"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(.env); `secretscli scan --no-ignore`"),
        "{}",
        run.stderr
    );

    let run = scan_in(&env, &dir, &["--no-ignore"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout().contains(".env:1: github-token"),
        "{}",
        run.stdout()
    );
    assert!(!run.stderr.contains("not scanned"), "{}", run.stderr);
}
