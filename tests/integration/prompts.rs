//! Interactive use on a real pseudo-terminal: hidden prompts never echo what was typed.

use std::time::{Duration, Instant};

use rexpect::session::{PtySession, spawn_command};

use crate::util::{PASS, TestEnv};

const TIMEOUT_MS: Option<u64> = Some(30_000);

/// The binary on a pseudo-terminal that echoes what is typed, as a user's terminal does.
/// rexpect turns echo off before it starts the program; `stty echo` turns it back on
/// before the exec, so echo off is the program's own doing: a hidden prompt's.
fn on_tty(env: &TestEnv, args: &[&str]) -> PtySession {
    let launcher = ["sh", "-c", "stty echo && exec \"$0\" \"$@\""];
    spawn_command(env.tty_cmd_under(&launcher, args), TIMEOUT_MS).unwrap()
}

/// Types `line` at a hidden prompt once it reads. A hidden prompt is shown before echo is
/// turned off, and turning it off (`TCSAFLUSH`, as `readpassphrase` and sudo do) throws away
/// what was typed before: a line sent as soon as the prompt shows can be lost on a busy
/// machine. So wait until the terminal no longer echoes (the pty master reports the
/// terminal's modes).
fn type_hidden(p: &mut PtySession, line: &str) {
    let pty = p.process().get_file_handle().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while rustix::termios::tcgetattr(&pty)
        .unwrap()
        .local_modes
        .contains(rustix::termios::LocalModes::ECHO)
    {
        assert!(
            Instant::now() < deadline,
            "the hidden prompt never turned echo off"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    p.send_line(line).unwrap();
}

#[test]
fn init_asks_for_the_passphrase_twice_without_echoing_it() {
    let env = TestEnv::new();
    let mut p = on_tty(
        &env,
        &["init", "--kdf-memory", "8", "--kdf-iterations", "1"],
    );
    p.exp_string("New vault passphrase").unwrap();
    type_hidden(&mut p, PASS);
    p.exp_string("Repeat passphrase").unwrap();
    type_hidden(&mut p, PASS);
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("created vault"), "{rest}");
    assert!(!rest.contains(PASS), "passphrase echoed: {rest}");
    env.ok_stdin(&["unlock"], PASS);
}

#[test]
fn set_key_reads_a_hidden_value_from_the_terminal() {
    let env = TestEnv::unlocked();
    let mut p = on_tty(&env, &["set", "API_TOKEN"]);
    p.exp_string("Value for API_TOKEN").unwrap();
    type_hidden(&mut p, "tty-secret-value");
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("tty-secret-value"), "value echoed: {rest}");
    assert_eq!(env.get("API_TOKEN"), b"tty-secret-value");
}

#[test]
fn a_locked_vault_on_a_terminal_asks_once_then_stays_unlocked() {
    let env = TestEnv::unlocked();
    env.set("A", "value-a");
    env.ok(&["lock"]);
    let mut p = on_tty(&env, &["get", "A"]);
    p.exp_string("Vault passphrase").unwrap();
    type_hidden(&mut p, PASS);
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("value-a"), "{rest}");
    assert_eq!(env.get("A"), b"value-a");
}

#[test]
fn purge_on_a_terminal_asks_and_no_keeps_the_item() {
    let env = TestEnv::unlocked();
    env.set("A", "1");
    let mut p = on_tty(&env, &["purge", "A"]);
    p.exp_string("for good?").unwrap();
    p.send_line("n").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(env.get("A"), b"1");
}

#[test]
fn a_wrong_passphrase_at_a_terminal_gets_three_tries() {
    let env = TestEnv::unlocked();
    env.set("A", "value-a");
    env.ok(&["lock"]);
    let mut p = on_tty(&env, &["get", "A"]);
    p.exp_string("Vault passphrase").unwrap();
    type_hidden(&mut p, "not the passphrase");
    p.exp_string("try again (1 of 3)").unwrap();
    p.exp_string("Vault passphrase").unwrap();
    type_hidden(&mut p, PASS);
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("value-a"), "{rest}");

    // Three wrong ones and it gives up with the wrong-passphrase error.
    env.ok(&["lock"]);
    let mut p = on_tty(&env, &["unlock"]);
    for n in 1..=3 {
        p.exp_string("Vault passphrase").unwrap();
        type_hidden(&mut p, &format!("wrong {n}"));
        if n < 3 {
            // Wait for the warning: the prompt line is redrawn with the input hidden
            // first, and that must not be taken for the next prompt.
            p.exp_string(&format!("try again ({n} of 3)")).unwrap();
        }
    }
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("3 of 3"), "{rest}");
    assert!(rest.contains("wrong passphrase"), "{rest}");
    assert!(rest.contains("nothing was changed"), "{rest}");
    env.fails(&["get", "A"], 3);
}

#[test]
fn recovery_restore_on_a_terminal_asks_for_the_shares_they_need_again_after_a_typo_then_a_passphrase()
 {
    let env = TestEnv::unlocked();
    let pass = env.write("pass.txt", PASS);
    let printed = env.ok(&[
        "recovery",
        "split",
        "--shares",
        "3",
        "--threshold",
        "2",
        "--passphrase-file",
        pass.to_str().unwrap(),
    ]);
    let shares: Vec<&str> = printed.lines().filter(|l| !l.starts_with('#')).collect();
    env.ok(&["lock"]);
    let mut p = on_tty(&env, &["recovery", "restore"]);
    p.exp_string("Share 1 of 2").unwrap();
    p.send_line(shares[2]).unwrap();
    p.exp_string("Share 2 of 2").unwrap();
    let typo = shares[0].replacen(' ', "x ", 1);
    p.send_line(&typo).unwrap();
    p.exp_string("word 1").unwrap();
    p.exp_string("type it again").unwrap();
    p.exp_string("Share 2 of 2").unwrap();
    p.send_line(shares[0]).unwrap();
    p.exp_string("New passphrase").unwrap();
    type_hidden(&mut p, "restored at the terminal today");
    p.exp_string("Repeat passphrase").unwrap();
    type_hidden(&mut p, "restored at the terminal today");
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("new passphrase is set"), "{rest}");
    env.ok_stdin(&["unlock"], "restored at the terminal today");
}
