//! Damaged and crafted vault files: each edit made with rusqlite on a real vault, each
//! refused with exit 6 and the thing it concerns, and what is undamaged stays readable.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{PASS, TestEnv};

/// A vault with two items, GOOD and BAD (two versions), unlocked through the agent.
fn two_items() -> TestEnv {
    let env = TestEnv::unlocked();
    env.set("GOOD", "fine");
    env.set("BAD", "first");
    env.set("BAD", "second");
    env
}

fn version_of(name: &str, version: u64) -> String {
    format!("item_id = (SELECT id FROM items WHERE name = '{name}') AND version = {version}")
}

/// Waits for `child` at most `limit`; a child still running then is killed and fails the
/// test (a hang is exactly the bug these tests look for).
fn finishes_within(mut child: Child, limit: Duration) -> crate::util::Run {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap().into();
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_ciphertext_stored_as_text_names_its_item_and_leaves_the_rest_readable() {
    let env = two_items();
    env.sqlite()
        .execute(
            &format!(
                "UPDATE versions SET ciphertext = CAST(ciphertext AS TEXT) WHERE {}",
                version_of("BAD", 2)
            ),
            [],
        )
        .unwrap();
    let err = env.fails(&["get", "BAD"], 6);
    assert!(err.contains("item BAD version 2 in app/dev"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(env.ok(&["get", "BAD", "--version", "1"]), "first");
    assert_eq!(env.get("GOOD"), b"fine");
    let err = env.fails(&["export", "--format", "dotenv"], 6);
    assert!(err.contains("item BAD version 2"), "{err}");
}

#[test]
fn an_edited_key_version_names_the_item_and_the_missing_key() {
    let env = two_items();
    env.sqlite()
        .execute(
            &format!(
                "UPDATE versions SET key_version = 9 WHERE {}",
                version_of("BAD", 2)
            ),
            [],
        )
        .unwrap();
    let err = env.fails(&["get", "BAD"], 6);
    assert!(
        err.contains("item BAD version 2 in app/dev is damaged: its key version 9 is missing"),
        "{err}"
    );
    assert_eq!(env.get("GOOD"), b"fine");
}

#[test]
fn a_version_number_of_the_wrong_type_is_damage_not_a_database_error() {
    let env = two_items();
    env.sqlite()
        .execute(
            &format!(
                "UPDATE versions SET key_version = 'x' WHERE {}",
                version_of("BAD", 2)
            ),
            [],
        )
        .unwrap();
    let err = env.fails(&["get", "BAD"], 6);
    assert!(err.contains("item BAD in app/dev is damaged"), "{err}");
    assert!(!err.contains("Invalid column type"), "{err}");
    assert_eq!(env.get("GOOD"), b"fine");
}

#[test]
fn a_truncated_vault_file_exits_6() {
    let env = two_items();
    {
        let db = env.sqlite();
        db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(env.vault_path())
        .unwrap();
    let len = file.metadata().unwrap().len();
    file.set_len(len / 2).unwrap();
    let run = env.run(&["get", "GOOD"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains("damaged"), "{}", run.stderr);
}

#[test]
fn an_out_of_range_or_oversized_kdf_header_exits_6_before_any_work() {
    for (column, value) in [
        ("kdf_memory_kib", 1_i64 << 40),
        ("kdf_iterations", -1),
        // Each within its own old bound; together 2 GiB x 64 passes x 16 lanes.
        ("kdf_memory_kib", 2 * 1024 * 1024),
    ] {
        let env = TestEnv::new();
        env.init();
        env.sqlite()
            .execute_batch(&format!(
                "UPDATE vault SET kdf_iterations = 64, kdf_parallelism = 16;
                 UPDATE vault SET {column} = {value};"
            ))
            .unwrap();
        let start = Instant::now();
        let run = env.run_stdin(&["unlock"], PASS);
        assert_eq!(run.code, 6, "{column}={value}: {}", run.stderr);
        assert!(run.stderr.contains("out of bounds"), "{}", run.stderr);
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}

#[test]
fn a_short_salt_exits_6_instead_of_panicking() {
    let env = TestEnv::new();
    env.init();
    env.sqlite()
        .execute("UPDATE vault SET kdf_salt = x'01020304'", [])
        .unwrap();
    let run = env.run_stdin(&["unlock"], PASS);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("salt out of bounds (4 bytes"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_damaged_key_check_or_root_key_is_damage_not_a_key_or_passphrase_problem() {
    let env = TestEnv::new();
    env.init();
    let no_cache = [
        ("SECRETSCLI_PASSPHRASE", PASS),
        ("SECRETSCLI_KEY_CACHE", "none"),
    ];
    assert_eq!(env.run_with(&["set", "A"], "1", &no_cache).code, 0);
    flip_byte(&env, "key_check");
    let run = env.run_with(&["get", "A"], "", &no_cache);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the vault header is damaged: its key check"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("cached key"), "{}", run.stderr);

    env.sqlite()
        .execute(
            "UPDATE vault SET wrapped_root_key = substr(wrapped_root_key, 1, 30)",
            [],
        )
        .unwrap();
    let run = env.run_with(&["get", "A"], "", &no_cache);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("wrapped root key is 30 bytes"),
        "{}",
        run.stderr
    );
}

/// Flips one bit of a header blob in place, keeping its type and length.
fn flip_byte(env: &TestEnv, column: &str) {
    let db = env.sqlite();
    let mut blob: Vec<u8> = db
        .query_row(&format!("SELECT {column} FROM vault"), [], |r| r.get(0))
        .unwrap();
    blob[20] ^= 1;
    db.execute(&format!("UPDATE vault SET {column} = ?1"), [blob])
        .unwrap();
}

#[test]
fn a_fifo_at_the_vault_path_is_refused_without_hanging() {
    let env = TestEnv::new();
    let fifo = env.path().join("vault.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let path = fifo.to_str().unwrap();
    let child = env
        .cmd(&["list", "--vault", path])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let run = finishes_within(child, Duration::from_secs(20));
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("a FIFO, not a regular file"),
        "{}",
        run.stderr
    );
    // Shell completion goes through the same gate (and prints nothing).
    let child = env
        .cmd(&[
            "__complete",
            "--index",
            "2",
            "--",
            "secretscli",
            "-p",
            "",
            "--vault",
            path,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finishes_within(child, Duration::from_secs(20));
}

#[test]
fn a_file_with_the_vault_id_but_no_tables_is_refused_and_not_written() {
    let env = TestEnv::new();
    let path = env.path().join("crafted.db");
    {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.pragma_update(None, "application_id", 0x5343_4c56)
            .unwrap();
        db.execute_batch("CREATE TABLE unrelated (x); DROP TABLE unrelated;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = env.fails(&["list", "--vault", path.to_str().unwrap()], 6);
    assert!(err.contains("has no vault tables"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let wal = env.path().join("crafted.db-wal");
    assert!(
        !wal.exists(),
        "WAL mode was switched on in a file that is not ours"
    );
}

#[test]
fn another_programs_database_is_left_byte_for_byte_untouched() {
    let env = TestEnv::new();
    let path = env.path().join("other.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = env.fails(&["list", "--vault", path.to_str().unwrap()], 6);
    assert!(err.contains("another program"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn removing_the_newest_audit_entry_and_rewinding_the_header_is_detected() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    env.set("B", "2");
    env.ok(&["audit", "--verify"]);
    {
        let db = env.sqlite();
        db.execute_batch(
            "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit);
             UPDATE vault SET audit_seq = (SELECT MAX(seq) FROM audit),
                              audit_head = (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1);",
        )
        .unwrap();
    }
    let err = env.fails(&["audit", "--verify"], 6);
    assert!(err.contains("sealed end of the log"), "{err}");
}

#[test]
fn an_audit_chain_rewritten_as_unkeyed_is_detected() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    // Claim every entry is from before keying, so plain SHA-256 links would do.
    env.sqlite()
        .execute("UPDATE vault SET audit_keyed_from = 1000000", [])
        .unwrap();
    assert!(env.fails(&["audit", "--verify"], 6).contains("sealed end"));
    env.sqlite()
        .execute(
            "UPDATE vault SET audit_keyed_from = NULL, audit_seal = NULL",
            [],
        )
        .unwrap();
    assert!(
        env.fails(&["audit", "--verify"], 6)
            .contains("lost its seal")
    );
}

#[test]
fn a_rolled_back_current_version_is_damage_not_an_old_value() {
    let env = two_items();
    env.sqlite()
        .execute(
            "UPDATE items SET current_version = 1 WHERE name = 'BAD'",
            [],
        )
        .unwrap();
    let err = env.fails(&["get", "BAD"], 6);
    assert!(
        err.contains("item BAD in app/dev is damaged: its current version or delete mark"),
        "{err}"
    );
    assert!(!err.contains("first"), "{err}");
    assert_eq!(env.get("GOOD"), b"fine");
    let err = env.fails(&["inject", "--", "true"], 6);
    assert!(err.contains("item BAD"), "{err}");
}

#[test]
fn a_delete_mark_set_outside_secretscli_is_damage_not_a_hidden_item() {
    let env = two_items();
    env.sqlite()
        .execute("UPDATE items SET deleted_at = 1 WHERE name = 'BAD'", [])
        .unwrap();
    assert!(env.fails(&["get", "BAD"], 6).contains("item BAD"));
    assert!(env.fails(&["list", "--reveal"], 6).contains("item BAD"));
    assert!(
        env.fails(&["export", "--format", "dotenv"], 6)
            .contains("item BAD")
    );
}

#[test]
fn a_tag_copied_from_another_item_does_not_fit() {
    let env = two_items();
    env.sqlite()
        .execute(
            "UPDATE items SET state_mac = (SELECT state_mac FROM items WHERE name = 'GOOD')
             WHERE name = 'BAD'",
            [],
        )
        .unwrap();
    assert!(env.fails(&["get", "BAD"], 6).contains("item BAD"));
}

#[test]
fn rm_restore_and_the_next_set_keep_states_tagged() {
    let env = two_items();
    env.ok(&["rm", "BAD"]);
    env.fails(&["get", "BAD"], 5);
    env.ok(&["restore", "BAD"]);
    assert_eq!(env.get("BAD"), b"second");
    env.ok(&["rollback", "BAD", "--version", "1"]);
    assert_eq!(env.get("BAD"), b"first");
    env.ok(&["audit", "--verify"]);
}

#[test]
fn writes_on_a_locked_vault_without_a_terminal_say_how_to_unlock() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    env.ok(&["lock"]);
    let err = env.fails(&["rm", "A"], 3);
    assert!(err.contains("hint:"), "{err}");
    let err = env.fails(&["audit", "--verify"], 3);
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn a_vault_of_schema_1_is_keyed_on_first_unlock_and_then_detects_a_removed_tail() {
    let env = TestEnv::new();
    let fixture = crate::util::FixtureVault::copy(&env, 1);
    let path = fixture.path.clone();
    let run = |args: &[&str]| fixture.run(args);
    assert_eq!(run(&["get", "SECRET"]).stdout(), "v2");
    let db = rusqlite::Connection::open(&path).unwrap();
    let (keyed_from, seq): (i64, i64) = db
        .query_row("SELECT audit_keyed_from, audit_seq FROM vault", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(keyed_from > 1 && seq >= keyed_from, "{keyed_from} {seq}");
    let tagged: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM items WHERE state_mac IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tagged, 0, "every item is tagged after the first unlock");
    assert_eq!(run(&["audit", "--verify"]).code, 0);
    // The legacy (SHA-256) part of the chain is covered by the seal too.
    db.execute_batch(&format!(
        "DELETE FROM audit WHERE seq >= {k};
         UPDATE vault SET audit_seq = {last},
                          audit_head = (SELECT hash FROM audit WHERE seq = {last});",
        k = keyed_from - 1,
        last = keyed_from - 2
    ))
    .unwrap();
    let verify = run(&["audit", "--verify"]);
    assert_eq!(verify.code, 6, "{}", verify.stderr);
    // Tags stripped to pass for a never-keyed vault: the key check says otherwise.
    db.execute_batch("UPDATE items SET state_mac = NULL; UPDATE items SET current_version = 1;")
        .unwrap();
    let get = run(&["get", "SECRET"]);
    assert_eq!(get.code, 6, "{}", get.stderr);
}

#[test]
fn doctor_on_a_locked_vault_checks_links_and_says_tags_wait_for_unlock() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    env.set("B", "2");
    env.ok(&["lock"]);
    let out = env.ok(&["doctor"]);
    assert!(
        out.contains("their tags are checked once unlocked"),
        "{out}"
    );
    env.sqlite()
        .execute("DELETE FROM audit WHERE seq = 2", [])
        .unwrap();
    let run = env.run(&["doctor"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout().contains("broken at entry 2: it is missing"),
        "{}",
        run.stdout()
    );
}

#[test]
fn set_replaces_a_damaged_item_and_other_writes_to_its_env_go_on() {
    let env = two_items();
    env.sqlite()
        .execute_batch(&format!(
            "UPDATE items SET current_version = 1 WHERE name = 'BAD';
             UPDATE versions SET ciphertext = x'00' WHERE {};",
            version_of("GOOD", 1)
        ))
        .unwrap();
    let err = env.fails(&["get", "BAD"], 6);
    assert!(err.contains("`secretscli set`"), "{err}");
    env.set("OTHER", "still writable");
    env.set("BAD", "replaced");
    env.set("GOOD", "replaced too");
    assert_eq!(env.get("BAD"), b"replaced");
    assert_eq!(env.get("GOOD"), b"replaced too");
    assert_eq!(env.get("OTHER"), b"still writable");
    env.ok(&["audit", "--verify"]);
}

/// Deletes item `name`'s rows from env `dev` the way sqlite3 would: versions, then the item.
fn delete_item_rows(env: &TestEnv, name: &str) {
    env.sqlite()
        .execute_batch(&format!(
            "DELETE FROM versions WHERE item_id IN
                 (SELECT i.id FROM items i JOIN envs e ON e.id = i.env_id
                  WHERE i.name = '{name}' AND e.name = 'dev');
             DELETE FROM items WHERE name = '{name}'
                 AND env_id = (SELECT id FROM envs WHERE name = 'dev');"
        ))
        .unwrap();
}

/// `set NAME` with a value on stdin, which must exit 6; its stderr.
fn set_fails(env: &TestEnv, name: &str) -> String {
    let run = env.run_stdin(&["set", name], "value");
    assert_eq!(run.code, 6, "{}", run.stderr);
    run.stderr
}

#[test]
fn deleting_an_items_rows_is_damage_to_its_env_for_inject_export_get_and_list() {
    let env = two_items();
    delete_item_rows(&env, "BAD");
    for args in [
        &["inject", "--", "true"][..],
        &["export", "--format", "dotenv"],
        &["get", "BAD"],
        &["list"],
        &["list", "--reveal"],
    ] {
        let err = env.fails(args, 6);
        assert!(
            err.contains("environment app/dev is damaged: its items do not match"),
            "{args:?}: {err}"
        );
        assert!(err.contains("hint:"), "{args:?}: {err}");
        assert!(!err.contains("fine"), "{args:?}: {err}");
    }
    // The one item still there is still readable on its own.
    assert_eq!(env.get("GOOD"), b"fine");
}

#[test]
fn a_write_does_not_bless_a_deleted_item() {
    let env = two_items();
    delete_item_rows(&env, "BAD");
    let err = set_fails(&env, "OTHER");
    assert!(err.contains("environment app/dev"), "{err}");
    env.fails(&["rm", "GOOD"], 6);
    env.fails(&["inject", "--", "true"], 6);
}

#[test]
fn a_name_deleted_in_an_env_does_not_fall_through_to_its_parent() {
    let env = TestEnv::unlocked();
    env.ok(&["env", "create", "base"]);
    env.ok_stdin(&["set", "-e", "base", "DB"], "from-base");
    env.ok(&["env", "create", "child", "--inherits", "base"]);
    env.ok_stdin(&["set", "-e", "child", "DB"], "from-child");
    env.sqlite()
        .execute_batch(
            "DELETE FROM versions WHERE item_id = (SELECT i.id FROM items i JOIN envs e
                 ON e.id = i.env_id WHERE e.name = 'child');
             DELETE FROM items WHERE env_id = (SELECT id FROM envs WHERE name = 'child');",
        )
        .unwrap();
    let err = env.fails(&["get", "-e", "child", "DB"], 6);
    assert!(err.contains("environment app/child"), "{err}");
    assert!(!err.contains("from-base"), "{err}");
    assert_eq!(env.ok(&["get", "-e", "base", "DB"]).trim_end(), "from-base");
}

#[test]
fn an_item_set_tag_copied_from_another_env_does_not_fit() {
    let env = two_items();
    // staging holds the same names, versions and marks as dev: only the env id differs.
    env.ok(&["env", "create", "staging"]);
    env.ok_stdin(&["set", "-e", "staging", "GOOD"], "x");
    env.ok_stdin(&["set", "-e", "staging", "BAD"], "y");
    env.ok_stdin(&["set", "-e", "staging", "BAD"], "z");
    env.sqlite()
        .execute_batch(
            "UPDATE envs SET (items_mac, names_mac) =
                 (SELECT items_mac, names_mac FROM envs WHERE name = 'staging')
             WHERE name = 'dev';",
        )
        .unwrap();
    let err = env.fails(&["inject", "--", "true"], 6);
    assert!(err.contains("environment app/dev"), "{err}");
    env.ok(&["inject", "-e", "staging", "--", "true"]);
}

#[test]
fn a_removed_item_set_tag_is_damage_not_an_untagged_env() {
    let env = two_items();
    env.sqlite()
        .execute(
            "UPDATE envs SET items_mac = NULL, names_mac = NULL WHERE name = 'dev'",
            [],
        )
        .unwrap();
    let err = env.fails(&["inject", "--", "true"], 6);
    assert!(
        err.contains("environment app/dev is damaged: its item-set tag is missing"),
        "{err}"
    );
    set_fails(&env, "OTHER");
}

#[test]
fn an_older_copy_of_an_items_row_put_back_is_damage_and_not_blessed_by_a_write() {
    let env = two_items();
    let old: (i64, Vec<u8>) = env
        .sqlite()
        .query_row(
            "SELECT current_version, state_mac FROM items WHERE name = 'BAD'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    env.set("BAD", "third");
    env.sqlite()
        .execute(
            "UPDATE items SET current_version = ?1, state_mac = ?2 WHERE name = 'BAD'",
            rusqlite::params![old.0, old.1],
        )
        .unwrap();
    // The row's own tag fits (it is a real old state); the set's does not.
    let err = env.fails(&["inject", "--", "true"], 6);
    assert!(err.contains("environment app/dev"), "{err}");
    assert!(!err.contains("second"), "{err}");
    set_fails(&env, "OTHER");
    env.fails(&["inject", "--", "true"], 6);
}

#[test]
fn a_damaged_item_stays_damage_after_other_writes_to_its_env() {
    let env = two_items();
    env.sqlite()
        .execute(
            "UPDATE items SET current_version = 1 WHERE name = 'BAD'",
            [],
        )
        .unwrap();
    env.set("OTHER", "written while BAD is damaged");
    let err = env.fails(&["inject", "--", "true"], 6);
    assert!(err.contains("item BAD in app/dev"), "{err}");
    let err = env.fails(&["list", "--reveal"], 6);
    assert!(err.contains("item BAD in app/dev"), "{err}");
    env.set("BAD", "replaced");
    let out = env.ok(&["export", "--format", "dotenv"]);
    assert!(out.contains("BAD=replaced"), "{out}");
}

#[test]
fn a_vault_of_schema_4_gets_item_set_tags_on_first_unlock_and_then_sees_a_deleted_item() {
    let env = TestEnv::new();
    let fixture = crate::util::FixtureVault::copy(&env, 4);
    let path = fixture.path.clone();
    let run = |args: &[&str]| fixture.run(args);
    assert_eq!(run(&["get", "SECRET"]).stdout(), "v2");
    let db = rusqlite::Connection::open(&path).unwrap();
    let untagged: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM envs WHERE items_mac IS NULL OR names_mac IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(untagged, 0, "every env is tagged after the first unlock");
    assert_eq!(run(&["inject", "-e", "staging", "--", "true"]).code, 0);
    assert_eq!(run(&["audit", "--verify"]).code, 0);
    db.execute_batch(
        "DELETE FROM versions WHERE item_id = (SELECT id FROM items WHERE name = 'LIT');
         DELETE FROM items WHERE name = 'LIT';",
    )
    .unwrap();
    for args in [
        &["get", "LIT"][..],
        &["inject", "--", "true"],
        &["list", "--reveal"],
    ] {
        let r = run(args);
        assert_eq!(r.code, 6, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("environment fixture/dev"), "{}", r.stderr);
    }
    // Tags stripped to pass for a vault still to be tagged: the key check says otherwise.
    db.execute_batch("UPDATE envs SET items_mac = NULL, names_mac = NULL;")
        .unwrap();
    let r = run(&["inject", "--", "true"]);
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(r.stderr.contains("tag is missing"), "{}", r.stderr);
}
