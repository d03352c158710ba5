//! Encrypted env files in git (`file encrypt/decrypt/edit/check/merge-driver`, `inject
//! --file`), with the real binary, a real vault and real `git merge`.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use crate::util::TestEnv;

const PLAIN: &str = "# database\nDB_HOST=db.internal\nDB_PASS='pa$$ ${kept}'\n\n# api\nAPI_KEY=sk-live-123\nREGION=eu\n";

fn git(env: &TestEnv, dir: &Path, args: &[&str]) -> crate::util::Run {
    env.program("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .expect("git runs")
        .into()
}

fn git_ok(env: &TestEnv, dir: &Path, args: &[&str]) -> String {
    let run = git(env, dir, args);
    assert_eq!(run.code, 0, "git {args:?}: {}", run.stderr);
    run.stdout()
}

/// Runs the binary in `dir`, asserting success.
fn ok_in(env: &TestEnv, dir: &Path, args: &[&str]) -> String {
    let run: crate::util::Run = env.cmd(args).current_dir(dir).output().unwrap().into();
    assert_eq!(run.code, 0, "{args:?} failed: {}", run.stderr);
    run.stdout()
}

fn run_in(env: &TestEnv, dir: &Path, args: &[&str]) -> crate::util::Run {
    env.cmd(args).current_dir(dir).output().unwrap().into()
}

/// A repository with the merge driver installed and `.env.dev.enc` committed on main.
fn repo_with_file(env: &TestEnv, plain: &str) -> PathBuf {
    let dir = env.path().join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    git_ok(env, &dir, &["init", "-q", "-b", "main"]);
    let driver = format!(
        "{} file merge-driver %O %A %B %P",
        env!("CARGO_BIN_EXE_secretscli")
    );
    git_ok(env, &dir, &["config", "merge.secretscli.driver", &driver]);
    std::fs::write(dir.join(".gitattributes"), ".env.*.enc merge=secretscli\n").unwrap();
    encrypt(env, &dir, plain);
    git_ok(env, &dir, &["add", ".gitattributes", ".env.dev.enc"]);
    git_ok(env, &dir, &["commit", "-q", "-m", "env"]);
    dir
}

/// Writes `plain` as `.env` in `dir` and encrypts it into `.env.dev.enc`.
fn encrypt(env: &TestEnv, dir: &Path, plain: &str) {
    std::fs::write(dir.join(".env"), plain).unwrap();
    ok_in(env, dir, &["-e", "dev", "file", "encrypt", ".env"]);
}

fn decrypt(env: &TestEnv, dir: &Path) -> String {
    ok_in(env, dir, &["file", "decrypt", ".env.dev.enc"])
}

fn enc_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(".env.dev.enc")).unwrap()
}

#[test]
fn encrypt_then_decrypt_keeps_names_comments_order_and_literal_values() {
    let env = TestEnv::unlocked();
    let dir = env.path().to_path_buf();
    encrypt(&env, &dir, PLAIN);
    let sealed = enc_text(&dir);
    assert!(
        sealed.contains("\n# database\nDB_HOST=enc:v1:k1:"),
        "{sealed}"
    );
    assert!(sealed.contains("DB_PASS=enc:v1:k1:literal:"));
    assert!(!sealed.contains("db.internal") && !sealed.contains("sk-live-123"));
    assert_eq!(decrypt(&env, &dir), PLAIN);
}

#[test]
fn encrypting_again_keeps_the_text_of_unchanged_values() {
    let env = TestEnv::unlocked();
    let dir = env.path().to_path_buf();
    encrypt(&env, &dir, PLAIN);
    let before = enc_text(&dir);
    encrypt(&env, &dir, PLAIN);
    assert_eq!(enc_text(&dir), before, "nothing changed, nothing rewritten");
    encrypt(&env, &dir, &PLAIN.replace("REGION=eu", "REGION=us"));
    let after = enc_text(&dir);
    let changed: Vec<&str> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed[0].starts_with("REGION=enc:"));
    assert!(changed[1].starts_with("#@secretscli-seal "));
}

#[test]
fn inject_file_runs_a_command_with_the_files_values() {
    let env = TestEnv::unlocked();
    let dir = env.path().to_path_buf();
    encrypt(&env, &dir, PLAIN);
    let out = ok_in(
        &env,
        &dir,
        &[
            "inject",
            "--file",
            ".env.dev.enc",
            "--",
            "sh",
            "-c",
            "printf '%s|%s|%s' \"$DB_HOST\" \"$DB_PASS\" \"$API_KEY\"",
        ],
    );
    assert_eq!(out, "db.internal|pa$$ ${kept}|sk-live-123");
}

/// Tampering with the file by hand, as a hostile commit would.
fn tampered(env: &TestEnv, edit: impl Fn(&mut Vec<String>)) -> String {
    let dir = env.path().to_path_buf();
    encrypt(env, &dir, PLAIN);
    let mut lines: Vec<String> = enc_text(&dir).lines().map(str::to_string).collect();
    edit(&mut lines);
    std::fs::write(dir.join(".env.dev.enc"), lines.join("\n") + "\n").unwrap();
    let run = run_in(env, &dir, &["file", "decrypt", ".env.dev.enc"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "nothing is decrypted from a damaged file"
    );
    run.stderr
}

#[test]
fn a_removed_line_is_detected_and_named() {
    let env = TestEnv::unlocked();
    // Line 7 is API_KEY (1 header, 2 comment, 3 DB_HOST, 4 DB_PASS, 5 blank, 6 comment).
    let err = tampered(&env, |lines| {
        lines.remove(6);
    });
    assert!(
        err.contains(
            "\"API_KEY\" is covered by the seal on line 8 but has no line: a line was removed"
        ),
        "{err}"
    );
}

#[test]
fn swapped_values_are_detected_on_their_line() {
    let env = TestEnv::unlocked();
    let err = tampered(&env, |lines| {
        let host = lines[2].split_once('=').unwrap().1.to_string();
        let key = lines[6].split_once('=').unwrap().1.to_string();
        lines[2] = format!("DB_HOST={key}");
        lines[6] = format!("API_KEY={host}");
    });
    assert!(
        err.contains("line 3: the value of \"DB_HOST\" does not open"),
        "{err}"
    );
}

#[test]
fn a_duplicated_line_is_detected_and_named() {
    let env = TestEnv::unlocked();
    let err = tampered(&env, |lines| {
        let copy = lines[2].clone();
        lines.insert(3, copy);
    });
    assert!(
        err.contains("line 4: \"DB_HOST\" appears again (first on line 3); a line was duplicated"),
        "{err}"
    );
}

#[test]
fn merging_branches_that_changed_different_names_is_clean_and_decrypts() {
    let env = TestEnv::unlocked();
    let dir = repo_with_file(&env, PLAIN);
    git_ok(&env, &dir, &["checkout", "-q", "-b", "feature"]);
    // Neighbouring lines: a line-based merge would conflict here.
    encrypt(&env, &dir, &PLAIN.replace("sk-live-123", "sk-live-456"));
    git_ok(&env, &dir, &["commit", "-q", "-am", "rotate api key"]);
    git_ok(&env, &dir, &["checkout", "-q", "main"]);
    encrypt(&env, &dir, &PLAIN.replace("REGION=eu", "REGION=us"));
    git_ok(&env, &dir, &["commit", "-q", "-am", "move region"]);
    git_ok(&env, &dir, &["merge", "-q", "--no-edit", "feature"]);
    assert_eq!(
        decrypt(&env, &dir),
        PLAIN
            .replace("sk-live-123", "sk-live-456")
            .replace("REGION=eu", "REGION=us")
    );
}

#[test]
fn a_name_changed_on_both_branches_conflicts_by_name() {
    let env = TestEnv::unlocked();
    let dir = repo_with_file(&env, PLAIN);
    git_ok(&env, &dir, &["checkout", "-q", "-b", "feature"]);
    encrypt(&env, &dir, &PLAIN.replace("REGION=eu", "REGION=ap"));
    git_ok(&env, &dir, &["commit", "-q", "-am", "region ap"]);
    git_ok(&env, &dir, &["checkout", "-q", "main"]);
    encrypt(
        &env,
        &dir,
        &PLAIN
            .replace("REGION=eu", "REGION=us")
            .replace("db.internal", "db2"),
    );
    git_ok(&env, &dir, &["commit", "-q", "-am", "region us"]);
    let merge = git(&env, &dir, &["merge", "--no-edit", "feature"]);
    assert_ne!(merge.code, 0, "the merge must stop");
    assert!(
        merge
            .stderr
            .contains(".env.dev.enc: changed on both branches: \"REGION\""),
        "{}",
        merge.stderr
    );
    let text = enc_text(&dir);
    let blocks: Vec<&str> = text.lines().filter(|l| l.starts_with("<<<<<<<")).collect();
    assert_eq!(
        blocks,
        ["<<<<<<< ours: REGION was changed on both branches"]
    );
    // One line per side inside the block, never a mix of both sides' ciphertext.
    let inside: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("<<<<<<<"))
        .take_while(|l| !l.starts_with(">>>>>>>"))
        .collect();
    assert_eq!(inside.len(), 4, "{inside:?}");
    assert!(inside[1].starts_with("REGION=enc:") && inside[3].starts_with("REGION=enc:"));
    // Our other change (DB_HOST) is in, and the file says what is unresolved.
    let run = run_in(&env, &dir, &["file", "decrypt", ".env.dev.enc"]);
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("unresolved merge conflict in \"REGION\""),
        "{}",
        run.stderr
    );
}

#[test]
fn edit_changes_one_value_and_leaves_no_plaintext_behind() {
    let env = TestEnv::unlocked();
    let dir = repo_with_file(&env, PLAIN);
    let script = env.write(
        "editor.sh",
        "#!/bin/sh\nprintf '%s\\n' \"$1\" > \"$HOME/edited-path\"\nstat -c '%a' \"$1\" \"$(dirname \"$1\")\" >> \"$HOME/edited-path\"\nsed -i 's/^REGION=eu$/REGION=us/' \"$1\"\n",
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run: crate::util::Run = env
        .cmd(&["file", "edit", ".env.dev.enc"])
        .current_dir(&dir)
        .env("EDITOR", &script)
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("changed REGION"), "{}", run.stderr);
    let record = std::fs::read_to_string(env.path().join("edited-path")).unwrap();
    let record: Vec<&str> = record.lines().collect();
    assert_eq!(record[1..], ["600", "700"], "the plaintext was private");
    let tmp = Path::new(record[0]);
    assert!(
        !tmp.exists() && !tmp.parent().unwrap().exists(),
        "{tmp:?} is gone"
    );
    let diff = git_ok(&env, &dir, &["diff", "-U0", "--no-color"]);
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(added.len(), 2, "{diff}");
    assert!(added[0].starts_with("+REGION=enc:v1:k1:"));
    assert!(
        added[1].starts_with("+#@secretscli-seal "),
        "the seal follows the set"
    );
    assert_eq!(decrypt(&env, &dir), PLAIN.replace("REGION=eu", "REGION=us"));
}

#[test]
fn a_failing_editor_changes_nothing_and_removes_the_plaintext() {
    let env = TestEnv::unlocked();
    let dir = env.path().to_path_buf();
    encrypt(&env, &dir, PLAIN);
    let before = enc_text(&dir);
    let script = env.write(
        "editor.sh",
        "#!/bin/sh\nprintf '%s' \"$1\" > \"$HOME/edited-path\"\necho X=1 >> \"$1\"\nexit 3\n",
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run: crate::util::Run = env
        .cmd(&["file", "edit", ".env.dev.enc"])
        .env("EDITOR", &script)
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    let tmp = PathBuf::from(std::fs::read_to_string(env.path().join("edited-path")).unwrap());
    assert!(!tmp.parent().unwrap().exists());
    assert_eq!(enc_text(&dir), before);
}

#[test]
fn check_passes_sealed_files_and_names_plaintext_lines_for_ci() {
    let env = TestEnv::unlocked();
    let dir = repo_with_file(&env, PLAIN);
    let out = ok_in(&env, &dir, &["file", "check"]);
    assert!(out.is_empty(), "{out}");
    let mut text = enc_text(&dir);
    text = text.replace(
        "# api\n",
        "# api\nDATABASE_URL=postgres://app:hunter2-Secret@db:5432/app\n",
    );
    std::fs::write(dir.join(".env.dev.enc"), text).unwrap();
    let run = run_in(&env, &dir, &["file", "check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout(),
        ".env.dev.enc:7: \"DATABASE_URL\" holds a plaintext value (a password inside a URL); encrypt it with `secretscli file encrypt`\n"
    );
    assert!(!run.stdout().contains("hunter2") && !run.stderr.contains("hunter2"));
}

#[test]
fn after_rotate_key_changed_values_use_the_new_key_and_old_ones_still_open() {
    let env = TestEnv::unlocked();
    let dir = env.path().to_path_buf();
    encrypt(&env, &dir, PLAIN);
    env.ok(&["rotate-key"]);
    encrypt(&env, &dir, &PLAIN.replace("REGION=eu", "REGION=us"));
    let text = enc_text(&dir);
    assert!(text.contains("REGION=enc:v1:k2:"), "{text}");
    assert!(
        text.contains("DB_HOST=enc:v1:k1:"),
        "unchanged values keep their text"
    );
    assert!(text.contains("#@secretscli-seal v1 k2 "));
    assert_eq!(decrypt(&env, &dir), PLAIN.replace("REGION=eu", "REGION=us"));
}

#[test]
fn encrypt_refuses_to_overwrite_an_output_that_does_not_verify() {
    let env = TestEnv::unlocked();
    let dir = env.path().to_path_buf();
    encrypt(&env, &dir, PLAIN);
    let damaged: String = enc_text(&dir)
        .lines()
        .filter(|l| !l.starts_with("REGION="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join(".env.dev.enc"), &damaged).unwrap();
    let run = run_in(&env, &dir, &["-e", "dev", "file", "encrypt", ".env"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("\"REGION\" is covered by the seal"),
        "{}",
        run.stderr
    );
    assert_eq!(enc_text(&dir), damaged, "left as it was");
}

#[test]
fn a_file_of_an_environment_this_vault_lacks_says_to_pull_it() {
    let env = TestEnv::unlocked();
    let dir = env.path().to_path_buf();
    encrypt(&env, &dir, PLAIN);
    let other = TestEnv::unlocked();
    std::fs::copy(dir.join(".env.dev.enc"), other.path().join("x.enc")).unwrap();
    let err = other.fails(&["file", "decrypt", "x.enc"], 5);
    assert!(
        err.contains("is not in this vault") && err.contains("pull"),
        "{err}"
    );
}

#[test]
fn check_reports_json_for_ci() {
    let env = TestEnv::unlocked();
    let dir = env.path().to_path_buf();
    std::fs::write(dir.join("plain.env.enc"), "API_TOKEN=abc\n").unwrap();
    let run = run_in(&env, &dir, &["file", "check", "--json", "plain.env.enc"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v[0]["file"], "plain.env.enc");
    assert_eq!(v[0]["line"], 1);
    assert_eq!(v[1]["line"], 1);
    assert!(
        v[1]["message"]
            .as_str()
            .unwrap()
            .contains("\"API_TOKEN\" holds a plaintext value")
    );
}
