//! `recovery split` and `recovery restore`: K of N word shares give back a vault whose
//! passphrase is forgotten; fewer, mistyped or foreign shares are refused by name.

use crate::util::{PASS, TestEnv};

/// Splits the vault's key with the passphrase file and returns the share lines.
fn split(env: &TestEnv, n: &str, k: &str) -> Vec<String> {
    let pass = env.write("pass.txt", PASS);
    let out = env.ok(&[
        "recovery",
        "split",
        "--shares",
        n,
        "--threshold",
        k,
        "--passphrase-file",
        pass.to_str().unwrap(),
    ]);
    out.lines()
        .filter(|l| !l.starts_with('#'))
        .map(String::from)
        .collect()
}

fn restore(env: &TestEnv, shares: &[&str]) -> crate::util::Run {
    let new = env.write("new.txt", "a forgotten passphrase replaced\n");
    env.run_stdin(
        &[
            "recovery",
            "restore",
            "--new-passphrase-file",
            new.to_str().unwrap(),
        ],
        shares.join("\n"),
    )
}

#[test]
fn three_of_five_shares_set_a_new_passphrase_and_the_values_stay() {
    let env = TestEnv::unlocked();
    env.set("API_KEY", "kept through recovery");
    let shares = split(&env, "5", "3");
    assert_eq!(shares.len(), 5);
    assert!(
        shares.iter().all(|s| s.split(' ').count() == 32),
        "{shares:?}"
    );
    env.ok(&["lock"]);
    let run = restore(&env, &[&shares[4], &shares[1], &shares[2]]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(env.run_stdin(&["unlock"], PASS).code, 4);
    env.ok_stdin(&["unlock"], "a forgotten passphrase replaced");
    assert_eq!(env.get("API_KEY"), b"kept through recovery");
    let audit = env.ok(&["audit", "--json"]);
    assert!(audit.contains("recovery-split") && audit.contains("recovery-restore"));
    for share in &shares {
        assert!(
            !audit.contains(share.as_str()),
            "a share is in the audit log"
        );
    }
}

#[test]
fn two_of_three_needed_shares_are_refused_and_change_nothing() {
    let env = TestEnv::unlocked();
    let shares = split(&env, "5", "3");
    let run = restore(&env, &[&shares[0], &shares[3]]);
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(
        run.stderr.contains("2 shares given, 3 needed"),
        "{}",
        run.stderr
    );
    env.ok(&["lock"]);
    env.ok_stdin(&["unlock"], PASS);
}

#[test]
fn a_mistyped_word_is_named_with_the_word_that_fits() {
    let env = TestEnv::unlocked();
    let shares = split(&env, "3", "2");
    let mut words: Vec<&str> = shares[1].split(' ').collect();
    let right = words[4];
    words[4] = if right == "zoo" { "zone" } else { "zoo" };
    let typo = words.join(" ");
    let run = restore(&env, &[&shares[0], &typo]);
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("share 2 is not readable: its checksum does not match: word 5 \"{}\" looks mistyped; \"{right}\"", words[4])),
        "{}",
        run.stderr
    );
    words[4] = "notaword";
    let run = restore(&env, &[&shares[0], &words.join(" ")]);
    assert!(
        run.stderr
            .contains("word 5 \"notaword\" is not in the BIP-39 English word list"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_share_of_another_vault_is_refused_by_its_vault_tag() {
    let env = TestEnv::unlocked();
    let other = TestEnv::unlocked();
    let ours = split(&env, "3", "2");
    let theirs = split(&other, "3", "2");
    let run = restore(&env, &[&ours[0], &theirs[1]]);
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(
        run.stderr.contains("share 2 (index 2) belongs to vault"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not this vault"), "{}", run.stderr);
}

#[test]
fn split_needs_the_passphrase_not_a_cached_key() {
    let env = TestEnv::unlocked();
    let err = env.fails(&["recovery", "split"], 3);
    assert!(err.contains("locked"), "{err}");
}
