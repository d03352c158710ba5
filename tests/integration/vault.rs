//! The local vault and its everyday commands, as a user drives them.

use crate::util::{PASS, TestEnv};

#[test]
fn init_creates_a_vault_with_project_and_dev_env_as_the_default_context() {
    let env = TestEnv::new();
    env.init();
    assert!(env.vault_path().is_file());
    let shown = env.ok(&["context", "show"]);
    assert!(shown.contains("app"), "{shown}");
    assert!(shown.contains("dev"), "{shown}");
    assert!(env.ok(&["env", "list"]).contains("dev"));
}

#[test]
fn init_twice_refuses_and_keeps_the_first_vault() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    let run = env.run_stdin(&["init", "--kdf-memory", "8"], PASS);
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(run.stderr.contains("already exists"));
    assert_eq!(env.get("A"), b"1");
}

#[test]
fn set_from_stdin_then_get_returns_the_raw_value() {
    let env = TestEnv::unlocked();
    env.ok_stdin(&["set", "DB_PASS"], "s3cr3t\n");
    assert_eq!(env.get("DB_PASS"), b"s3cr3t");
}

#[test]
fn values_are_byte_exact_including_nul_non_utf8_and_one_mebibyte() {
    let env = TestEnv::unlocked();
    let binary: Vec<u8> = vec![0x00, 0xff, 0xfe, b'\n', 0x00, b'x', b'\r', b'\n'];
    let big: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
    env.set("BIN", &binary);
    env.set("BIG", &big);
    assert_eq!(env.get("BIN"), binary);
    assert_eq!(env.get("BIG"), big);
}

#[test]
fn set_key_equals_value_warns_about_shell_history() {
    let env = TestEnv::unlocked();
    let run = env.ok_stdin(&["set", "A=1", "B=two words"], "");
    assert!(run.stderr.contains("shell history"), "{}", run.stderr);
    assert_eq!(env.get("A"), b"1");
    assert_eq!(env.get("B"), b"two words");
}

#[test]
fn set_config_key_equals_value_does_not_warn_about_shell_history() {
    let env = TestEnv::unlocked();
    let run = env.ok_stdin(&["set", "--config", "database.host=db.internal"], "");
    assert!(!run.stderr.contains("shell history"), "{}", run.stderr);
    assert_eq!(env.get("database.host"), b"db.internal");
}

#[test]
fn a_locked_vault_without_a_terminal_fails_fast_with_the_way_out() {
    let env = TestEnv::new();
    env.init();
    let err = env.fails(&["get", "A"], 3);
    assert!(err.contains("locked"), "{err}");
    assert!(err.contains("secretscli unlock"), "{err}");
}

#[test]
fn unlock_caches_the_key_and_lock_drops_it() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    assert!(env.ok(&["status"]).contains("unlocked"));
    env.ok(&["lock"]);
    env.fails(&["get", "A"], 3);
    assert!(env.ok(&["status"]).contains("locked"));
}

#[test]
fn passphrase_file_and_variable_unlock_without_a_cache() {
    let env = TestEnv::new();
    env.init();
    env.ok_stdin(&["unlock"], PASS);
    env.set("A", "1");
    env.ok(&["lock"]);
    let file = env.write("pass.txt", format!("{PASS}\n"));
    let via_file = env
        .cmd(&["get", "A", "--passphrase-file", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        via_file.stdout,
        b"1",
        "{}",
        String::from_utf8_lossy(&via_file.stderr)
    );
    let via_var = env
        .cmd(&["get", "A"])
        .env("SECRETSCLI_PASSPHRASE", PASS)
        .output()
        .unwrap();
    assert_eq!(via_var.stdout, b"1");
}

#[test]
fn wrong_passphrase_exits_4_and_leaves_the_vault_untouched() {
    let env = TestEnv::new();
    env.init();
    let before = std::fs::read(env.vault_path()).unwrap();
    let run = env.run_stdin(&["unlock"], "not the passphrase");
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("wrong passphrase"));
    assert_eq!(std::fs::read(env.vault_path()).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_vault_is_refused_and_left_alone() {
    let env = TestEnv::new();
    let path = env.write("notes.txt", "just some text, not a database at all");
    let run = env.run(&["list", "--vault", path.to_str().unwrap()]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("not a secretscli vault"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "just some text, not a database at all"
    );
}

#[test]
fn a_flipped_byte_in_one_value_names_it_and_others_stay_readable() {
    let env = TestEnv::unlocked();
    env.set("GOOD", "fine");
    env.set("BAD", "will be damaged");
    {
        let db = env.sqlite();
        let ct: Vec<u8> = db
            .query_row("SELECT ciphertext FROM versions v JOIN items i ON i.id = v.item_id WHERE i.name = 'BAD'", [], |r| r.get(0))
            .unwrap();
        let mut tampered = ct.clone();
        tampered[20] ^= 0x01;
        db.execute(
            "UPDATE versions SET ciphertext = ?1 WHERE ciphertext = ?2",
            rusqlite::params![tampered, ct],
        )
        .unwrap();
    }
    let err = env.fails(&["get", "BAD"], 6);
    assert!(err.contains("item BAD version 1 in app/dev"), "{err}");
    assert_eq!(env.get("GOOD"), b"fine");
}

#[test]
fn a_ciphertext_copied_to_another_row_fails_instead_of_lying() {
    let env = TestEnv::unlocked();
    env.set("A", "value of A");
    env.set("B", "value of B");
    {
        let db = env.sqlite();
        db.execute_batch(
            "UPDATE versions SET ciphertext = (SELECT v.ciphertext FROM versions v JOIN items i ON i.id = v.item_id WHERE i.name = 'A'),
                                 wrapped_data_key = (SELECT v.wrapped_data_key FROM versions v JOIN items i ON i.id = v.item_id WHERE i.name = 'A')
             WHERE item_id = (SELECT id FROM items WHERE name = 'B')",
        )
        .unwrap();
    }
    let err = env.fails(&["get", "B"], 6);
    assert!(err.contains("item B version 1"), "{err}");
}

#[test]
fn nothing_on_disk_contains_a_value_in_clear() {
    let env = TestEnv::unlocked();
    let marker = "PLAINTEXT-MARKER-7d1f0c";
    env.set("TOKEN", marker);
    env.ok_stdin(&["import", "-"], format!("OTHER={marker}-2\n"));
    env.get("TOKEN");
    let mut hits = Vec::new();
    for entry in walk(env.path()) {
        if std::fs::read(&entry)
            .map(|b| contains(&b, marker.as_bytes()))
            .unwrap_or(false)
        {
            hits.push(entry);
        }
    }
    assert!(hits.is_empty(), "plaintext found in {hits:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let ft = entry.file_type().unwrap();
        if ft.is_dir() {
            out.extend(walk(&path));
        } else if ft.is_file() {
            out.push(path);
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn list_shows_names_and_metadata_but_values_only_with_reveal() {
    let env = TestEnv::unlocked();
    env.set("API_KEY", "topsecret");
    env.ok_stdin(&["set", "LOG_LEVEL", "--config"], "debug");
    let table = env.ok(&["list"]);
    assert!(
        table.contains("API_KEY") && table.contains("LOG_LEVEL") && table.contains("config"),
        "{table}"
    );
    assert!(!table.contains("topsecret"));
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[0]["name"], "API_KEY");
    assert_eq!(json[0]["kind"], "secret");
    assert_eq!(json[0]["version"], 1);
    assert!(json[0].get("value").is_none());
    let revealed: serde_json::Value =
        serde_json::from_str(&env.ok(&["list", "--json", "--reveal"])).unwrap();
    assert_eq!(revealed[0]["value"], "topsecret");
}

#[test]
fn an_inheriting_env_sees_base_items_unless_it_overrides_them() {
    let env = TestEnv::unlocked();
    env.set("SHARED", "from dev");
    env.set("URL", "dev-url");
    env.ok(&["env", "create", "staging", "--inherits", "dev"]);
    env.ok_stdin(&["set", "URL", "-e", "staging"], "staging-url");
    assert_eq!(env.ok(&["get", "SHARED", "-e", "staging"]), "from dev");
    assert_eq!(env.ok(&["get", "URL", "-e", "staging"]), "staging-url");
    assert_eq!(env.get("URL"), b"dev-url");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["list", "--json", "-e", "staging"])).unwrap();
    let shared = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "SHARED")
        .unwrap();
    assert_eq!(shared["env"], "dev");
    assert_eq!(shared["inherited"], true);
}

#[test]
fn inheritance_cycles_are_refused() {
    let env = TestEnv::unlocked();
    env.ok(&["env", "create", "staging", "--inherits", "dev"]);
    env.ok(&["env", "create", "prod", "--inherits", "staging"]);
    let err = env.fails(&["env", "inherit", "dev", "prod"], 7);
    assert!(err.contains("cycle"), "{err}");
    assert!(
        env.fails(&["env", "inherit", "dev", "dev"], 7)
            .contains("cycle")
    );
}

#[test]
fn rm_restore_and_purge() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    env.ok(&["rm", "A"]);
    let err = env.fails(&["get", "A"], 5);
    assert!(err.contains("restore A"), "{err}");
    env.ok(&["restore", "A"]);
    assert_eq!(env.get("A"), b"1");
    env.fails(&["purge", "A"], 2);
    env.ok(&["purge", "A", "--yes"]);
    env.fails(&["get", "A"], 5);
    env.fails(&["restore", "A"], 5);
}

#[test]
fn history_lists_versions_and_rollback_writes_a_new_one() {
    let env = TestEnv::unlocked();
    env.set("A", "one");
    env.set("A", "two");
    env.set("A", "three");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["history", "A", "--json"])).unwrap();
    let versions: Vec<u64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, vec![3, 2, 1]);
    assert_eq!(
        json[0]["author"].as_str().unwrap().split('@').next(),
        Some("tester")
    );
    assert_eq!(env.ok(&["get", "A", "--version", "1"]), "one");
    env.ok(&["rollback", "A", "--version", "1"]);
    assert_eq!(env.get("A"), b"one");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["history", "A", "--json"])).unwrap();
    assert_eq!(json[0]["version"], 4);
    assert!(
        env.fails(&["get", "A", "--version", "9"], 5)
            .contains("latest is 4")
    );
}

#[test]
fn setting_the_same_value_again_writes_no_version() {
    let env = TestEnv::unlocked();
    env.set("A", "same");
    let run = env.ok_stdin(&["set", "A", "--keep-newline"], "same");
    assert!(run.stderr.contains("unchanged"), "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["history", "A", "--json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn unknown_names_get_a_suggestion() {
    let env = TestEnv::unlocked();
    env.set("DATABASE_URL", "x");
    let err = env.fails(&["get", "DATABSE_URL"], 5);
    assert!(err.contains("did you mean \"DATABASE_URL\""), "{err}");
    env.ok(&["env", "create", "staging"]);
    let err = env.fails(&["list", "-e", "stagign"], 5);
    assert!(err.contains("did you mean \"staging\""), "{err}");
    let err = env.fails(&["list", "-p", "ap"], 5);
    assert!(err.contains("no project named"), "{err}");
}

#[test]
fn passwd_changes_the_passphrase_by_rewrapping_the_root_key() {
    let env = TestEnv::unlocked();
    env.set("A", "kept");
    let new = env.write("new.txt", "a brand new passphrase\n");
    let old = env.write("old.txt", PASS);
    env.ok(&[
        "passwd",
        "--passphrase-file",
        old.to_str().unwrap(),
        "--new-passphrase-file",
        new.to_str().unwrap(),
    ]);
    env.ok(&["lock"]);
    assert_eq!(env.run_stdin(&["unlock"], PASS).code, 4);
    env.ok_stdin(&["unlock"], "a brand new passphrase");
    assert_eq!(env.get("A"), b"kept");
}

#[test]
fn rotate_key_uses_the_new_version_for_writes_and_now_rewraps_old_ones() {
    let env = TestEnv::unlocked();
    env.set("OLD", "before");
    env.ok(&["rotate-key"]);
    env.set("NEW", "after");
    let key_version = |name: &str| -> u64 {
        let json: serde_json::Value =
            serde_json::from_str(&env.ok(&["history", name, "--json"])).unwrap();
        json[0]["key_version"].as_u64().unwrap()
    };
    assert_eq!((key_version("OLD"), key_version("NEW")), (1, 2));
    env.ok(&["rotate-key", "--now"]);
    assert_eq!((key_version("OLD"), key_version("NEW")), (3, 3));
    assert_eq!(env.get("OLD"), b"before");
    assert_eq!(env.get("NEW"), b"after");
}

#[test]
fn audit_records_reveals_and_writes_and_verify_catches_edits_and_removals() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    env.get("A");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["audit", "--json"])).unwrap();
    let actions: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"init")
            && actions.contains(&"unlock")
            && actions.contains(&"set")
            && actions.contains(&"reveal"),
        "{actions:?}"
    );
    assert!(!env.ok(&["audit", "--json"]).contains("\"1\""));
    env.ok(&["audit", "--verify"]);

    env.sqlite()
        .execute(
            "UPDATE audit_names SET names = '[\"B\"]'
             WHERE id = (SELECT names_id FROM audit WHERE action = 'set')",
            [],
        )
        .unwrap();
    assert!(env.fails(&["audit", "--verify"], 6).contains("modified"));
}

#[test]
fn a_name_list_repeated_run_after_run_is_stored_once_and_still_verified() {
    let env = TestEnv::unlocked();
    env.ok(&["set", "A=1", "B=2", "C=3"]);
    let count = |table: &str| -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        env.sqlite().query_row(&sql, [], |r| r.get(0)).unwrap()
    };
    env.ok(&["export"]);
    let (lists, entries) = (count("audit_names"), count("audit"));
    for _ in 0..3 {
        env.ok(&["export"]);
    }
    assert_eq!(count("audit"), entries + 3, "each export is audited");
    assert_eq!(
        count("audit_names"),
        lists,
        "with the list of names it already stored"
    );
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["audit", "--json"])).unwrap();
    let last = json.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["names"], serde_json::json!(["A", "B", "C"]));
    env.ok(&["audit", "--verify"]);

    // Pointing an entry at another stored list is an edit too.
    env.sqlite()
        .execute(
            "UPDATE audit SET names_id = (SELECT MIN(id) FROM audit_names)
             WHERE seq = (SELECT MAX(seq) FROM audit)",
            [],
        )
        .unwrap();
    assert!(env.fails(&["audit", "--verify"], 6).contains("modified"));
}

#[test]
fn audit_verify_catches_a_removed_entry_and_a_truncated_tail() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    env.set("B", "2");
    let db = env.sqlite();
    db.execute(
        "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)",
        [],
    )
    .unwrap();
    assert!(env.fails(&["audit", "--verify"], 6).contains("broken"));
    db.execute("DELETE FROM audit WHERE seq = 2", []).unwrap();
    assert!(
        env.fails(&["audit", "--verify"], 6)
            .contains("broken at entry 2: it is missing (the next entry is 3)")
    );
}

#[test]
fn two_processes_writing_at_once_both_succeed_and_lose_nothing() {
    let env = TestEnv::unlocked();
    let spawn = |prefix: &str| {
        let body: String = (0..200).map(|i| format!("{prefix}_{i}=v{i}\n")).collect();
        let path = env.write(&format!("{prefix}.env"), body);
        let children: Vec<_> = (0..3)
            .map(|_| {
                env.cmd(&["import", path.to_str().unwrap()])
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        children
    };
    let mut children = spawn("A");
    children.extend(spawn("B"));
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 400);
}

#[test]
fn kill_9_during_a_large_import_leaves_all_or_nothing() {
    let env = TestEnv::unlocked();
    let body: String = (0..20_000).map(|i| format!("K{i}=value-{i}\n")).collect();
    let path = env.write("big.env", body);
    let wal = env.vault_path().with_extension("db-wal");
    let baseline = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    let mut child = env
        .cmd(&["import", path.to_str().unwrap()])
        .spawn()
        .unwrap();
    // Kill once the transaction is visibly under way: the WAL has grown past its old size.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) <= baseline + 64 * 1024 {
        if child.try_wait().unwrap().is_some() || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::yield_now();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    let n = json.as_array().unwrap().len();
    assert!(n == 0 || n == 20_000, "partial import: {n} items");
    env.ok(&["audit", "--verify"]);
}

#[test]
fn a_crafted_vault_with_huge_kdf_parameters_is_refused_quickly() {
    let env = TestEnv::new();
    env.init();
    env.sqlite()
        .execute(
            "UPDATE vault SET kdf_memory_kib = 4000000000, kdf_iterations = 100000",
            [],
        )
        .unwrap();
    let run = env.run_stdin(&["unlock"], PASS);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains("out of bounds"), "{}", run.stderr);
}

#[test]
fn default_kdf_cost_is_at_least_64_mib_and_three_passes() {
    let env = TestEnv::new();
    env.ok_stdin(&["init"], PASS);
    let (m, t): (u32, u32) = env
        .sqlite()
        .query_row(
            "SELECT kdf_memory_kib, kdf_iterations FROM vault",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(m >= 65536 && t >= 3, "{m} KiB, {t} passes");
}

#[test]
fn an_unlock_timeout_expires_and_the_vault_locks_itself() {
    let env = TestEnv::new();
    env.init();
    env.ok_stdin(&["unlock", "--timeout", "1s"], PASS);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let status: serde_json::Value =
            serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
        if status["unlocked"] == false {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still unlocked after 30 s: {status}"
        );
        std::thread::yield_now();
    }
    env.fails(&["get", "A"], 3);
}

#[test]
fn status_json_reports_lock_state_and_context() {
    let env = TestEnv::unlocked();
    let status: serde_json::Value = serde_json::from_str(&env.ok(&["status", "--json"])).unwrap();
    assert_eq!(status["initialized"], true);
    assert_eq!(status["unlocked"], true);
    assert_eq!(status["key_held_by"], "agent");
    assert_eq!(status["project"], "app");
    assert_eq!(status["env"], "dev");
}

#[test]
fn default_cache_mode_unlocks_through_keyring_or_agent_and_lock_clears_it() {
    let env = TestEnv::new();
    env.init();
    let auto =
        |args: &[&str], stdin: &str| env.run_with(args, stdin, &[("SECRETSCLI_KEY_CACHE", "auto")]);
    assert_eq!(auto(&["unlock"], PASS).code, 0);
    let status: serde_json::Value =
        serde_json::from_slice(&auto(&["status", "--json"], "").stdout).unwrap();
    let held_by = status["key_held_by"].as_str().unwrap().to_string();
    assert!(held_by == "keyring" || held_by == "agent", "{status}");
    let set = auto(&["set", "A"], "1");
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert_eq!(auto(&["get", "A"], "").stdout, b"1");
    assert_eq!(auto(&["lock"], "").code, 0);
    assert_eq!(auto(&["get", "A"], "").code, 3);
}

#[test]
fn set_refuses_an_empty_value_from_stdin_unless_allowed() {
    let env = TestEnv::unlocked();
    let err = env.run_stdin(&["-e", "dev", "set", "TOKEN"], "\n");
    assert_eq!(err.code, 8, "{}", err.stderr);
    assert!(err.stderr.contains("TOKEN is empty"), "{}", err.stderr);
    assert!(err.stderr.contains("--allow-empty"), "{}", err.stderr);
    assert!(
        err.stderr.contains("`secretscli -e dev set TOKEN`"),
        "{}",
        err.stderr
    );
    env.fails(&["get", "TOKEN"], 5);
    env.ok_stdin(&["set", "TOKEN", "--allow-empty"], "");
    assert_eq!(env.get("TOKEN"), b"");
}

#[test]
fn without_user_and_logname_versions_name_the_real_user() {
    let env = TestEnv::new();
    let run = |args: &[&str], stdin: &str| {
        let mut cmd = env.cmd(args);
        cmd.env_remove("USER").env_remove("LOGNAME");
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(
        &["init", "--kdf-memory", "8", "--kdf-iterations", "1"],
        crate::util::PASS,
    );
    env.ok_stdin(&["unlock"], crate::util::PASS);
    env.set("A", "1");
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["history", "A", "--json"])).unwrap();
    let who = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let who = String::from_utf8(who.stdout).unwrap();
    assert_eq!(
        json[0]["author"].as_str().unwrap().split('@').next(),
        Some(who.trim())
    );
}

#[test]
fn audit_limit_and_since_narrow_the_log_and_rows_fit_100_columns() {
    let env = TestEnv::unlocked();
    let many: String = (0..40)
        .map(|i| format!("A_RATHER_LONG_KEY_NAME_{i}=v\n"))
        .collect();
    env.ok_stdin(&["import", "-"], many);
    env.set("LAST", "1");
    let all: serde_json::Value = serde_json::from_str(&env.ok(&["audit", "--json"])).unwrap();
    let total = all.as_array().unwrap().len();
    assert!(total >= 3, "{all}");
    let two: serde_json::Value =
        serde_json::from_str(&env.ok(&["audit", "--json", "--limit", "2"])).unwrap();
    assert_eq!(two.as_array().unwrap().len(), 2);
    assert_eq!(two[1]["seq"], all[total - 1]["seq"], "the newest ones");
    let recent: serde_json::Value =
        serde_json::from_str(&env.ok(&["audit", "--json", "--since", "1h"])).unwrap();
    assert_eq!(recent.as_array().unwrap().len(), total);
    let future: serde_json::Value =
        serde_json::from_str(&env.ok(&["audit", "--json", "--since", "2999-01-01"])).unwrap();
    assert_eq!(future.as_array().unwrap().len(), 0);
    let table = env.ok(&["audit"]);
    for line in table.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    assert!(table.contains('…'), "{table}");
    let err = env.fails(&["audit", "--since", "yesterday"], 2);
    assert!(err.contains("neither a duration"), "{err}");
    let purged = env.run(&["purge", "LAST", "--yes"]);
    assert!(purged.stderr.contains("(1 version)"), "{}", purged.stderr);
}

#[test]
fn init_warns_about_a_weak_passphrase_and_strict_refuses_it() {
    let fast = ["--kdf-memory", "8", "--kdf-iterations", "1"];
    let env = TestEnv::new();
    let mut args = vec!["init", "--strict"];
    args.extend(fast);
    let err = env.run_stdin(&args, "a\n");
    assert_eq!(err.code, 8, "{}", err.stderr);
    assert!(
        err.stderr.contains("weak") && err.stderr.contains("--strict"),
        "{}",
        err.stderr
    );
    assert!(!env.vault_path().exists(), "nothing created");
    let mut args = vec!["init"];
    args.extend(fast);
    let warned = env.run_stdin(&args, "hunter2\n");
    assert_eq!(warned.code, 0, "{}", warned.stderr);
    assert!(
        warned.stderr.contains("warning: the passphrase is weak"),
        "{}",
        warned.stderr
    );
    assert!(
        !warned.stderr.contains("hunter2"),
        "never the passphrase: {}",
        warned.stderr
    );
    // A strong one passes --strict without a word about strength.
    let strong = TestEnv::new();
    let mut args = vec!["init", "--strict"];
    args.extend(fast);
    let ok = strong.run_stdin(&args, format!("{}\n", crate::util::PASS));
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(!ok.stderr.contains("weak"), "{}", ok.stderr);
}
