//! Vaults written by every released format still open, decrypt and verify.
//! To add a format: build a vault with the commands in `vault_v1_opens_...`'s doc, copy it
//! to tests/fixtures/vault-vN.db, and add a test like this one.

use crate::util::TestEnv;

/// tests/fixtures/vault-v1.db was made with schema 1 by:
/// `init --name fixture --kdf-memory 8 --kdf-iterations 1` (passphrase below), import of
/// `SECRET=s3cret` and `LIT='${NOPE}'`, `set SECRET` to `v2`, `set --config PORT=8080`,
/// `env create staging --inherits dev`, `set -e staging SECRET=staged`, `rm PORT`,
/// `rotate-key`, `set NEW=after-rotation`.
#[test]
fn vault_v1_opens_and_every_item_and_version_decrypts() {
    every_item_and_version_decrypts(1);
}

/// tests/fixtures/vault-v4.db was made with schema 4 (item state tags, keyed audit chain)
/// by the same commands, passphrase `fixture-passphrase-v4`, key cache off.
#[test]
fn vault_v4_opens_and_every_item_and_version_decrypts() {
    every_item_and_version_decrypts(4);
}

fn every_item_and_version_decrypts(format: u32) {
    let env = TestEnv::new();
    let fixture = crate::util::FixtureVault::copy(&env, format);
    let get = |args: &[&str]| -> String {
        let run = fixture.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.stdout()
    };
    assert_eq!(get(&["get", "SECRET"]), "v2");
    assert_eq!(get(&["get", "SECRET", "--version", "1"]), "s3cret");
    assert_eq!(get(&["get", "LIT"]), "${NOPE}");
    assert_eq!(get(&["get", "NEW"]), "after-rotation");
    assert_eq!(get(&["get", "SECRET", "-e", "staging"]), "staged");
    assert_eq!(get(&["get", "LIT", "-e", "staging"]), "${NOPE}");
    get(&["restore", "PORT"]);
    assert_eq!(get(&["get", "PORT"]), "8080");
    get(&["audit", "--verify"]);
}
