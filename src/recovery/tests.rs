//! Split/rebuild behaviour and the frozen share format.

use rand::{CryptoRng, RngCore};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::*;

/// Deterministic bytes (SHA-256 of a counter) so the golden shares never change with a
/// `rand` upgrade. Test only: it is a CSPRNG in name alone.
struct FixedRng(u64);

impl RngCore for FixedRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_be_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_be_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(32) {
            self.0 += 1;
            let block = Sha256::digest(self.0.to_be_bytes());
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for FixedRng {}

fn vault() -> Uuid {
    Uuid::parse_str("1a2b3c4d-0000-4000-8000-000000000001").unwrap()
}

fn key() -> SecretKey {
    SecretKey::from_slice(&[0x42; 32]).unwrap()
}

#[test]
fn any_three_of_five_shares_rebuild_the_key() {
    let shares = split(&key(), vault(), 5, 3).unwrap();
    let words: Vec<_> = shares.iter().map(|s| s.to_words()).collect();
    for pick in [[0, 1, 2], [4, 2, 0], [1, 3, 4]] {
        let texts: Vec<&str> = pick.iter().map(|&i| words[i].as_str()).collect();
        let parsed = parse_all(&texts, vault()).unwrap();
        assert_eq!(combine(&parsed).unwrap().expose(), key().expose());
    }
}

#[test]
fn two_of_three_needed_shares_do_not_rebuild_the_key() {
    let shares = split(&key(), vault(), 5, 3).unwrap();
    assert!(matches!(
        combine(&shares[..2]),
        Err(RecoveryError::NotEnough { have: 2, need: 3 })
    ));
    // Interpolating the two as if two were enough yields some other key: K-1 points of a
    // degree K-1 polynomial leave its constant term open.
    assert_ne!(interpolate(&shares[..2]).expose(), key().expose());
}

#[test]
fn a_share_of_another_vault_is_refused_with_both_tags() {
    let other = Uuid::parse_str("99887766-0000-4000-8000-000000000002").unwrap();
    let words = split(&key(), other, 3, 2).unwrap()[0].to_words();
    let err = parse_all(&[words.as_str()], vault()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "share 1 (index 1) belongs to vault 99887766, not this vault (1a2b3c4d)"
    );
}

#[test]
fn shares_of_two_splits_and_repeated_shares_are_refused() {
    let a = split(&key(), vault(), 3, 2).unwrap();
    let b = split(&key(), vault(), 4, 3).unwrap();
    let (a0, a1, b1) = (a[0].to_words(), a[1].to_words(), b[1].to_words());
    assert!(matches!(
        parse_all(&[&a0, &b1], vault()),
        Err(RecoveryError::MixedSplits { number: 2, .. })
    ));
    assert!(matches!(
        parse_all(&[&a0, &a0], vault()),
        Err(RecoveryError::Duplicate {
            number: 2,
            index: 1
        })
    ));
    assert!(parse_all(&[&a0, &a1], vault()).is_ok());
}

#[test]
fn impossible_splits_are_refused() {
    for (n, k) in [(5, 1), (2, 3), (300, 3)] {
        assert!(matches!(
            split(&key(), vault(), n, k),
            Err(RecoveryError::BadSplit { .. })
        ));
    }
}

/// The share format is frozen: a fixed key, vault and randomness give these words forever.
#[test]
fn golden_shares_of_a_fixed_key_and_randomness() {
    let shares = split_with_rng(&key(), vault(), 3, 2, &mut FixedRng(0)).unwrap();
    let words: Vec<String> = shares.iter().map(|s| s.to_words().to_string()).collect();
    assert_eq!(words, GOLDEN);
    let parsed = parse_all(&[GOLDEN[2], GOLDEN[0]], vault()).unwrap();
    assert_eq!(combine(&parsed).unwrap().expose(), key().expose());
}

const GOLDEN: [&str; 3] = [
    "absurd spend someone old cactus process sword assume neither water notable unlock exercise ugly rely anchor deer screen spare flat original rebel suggest connect again trick lens earth crystal neutral table blame",
    "absurd spend someone old cage crowd phone seek victory sphere symptom face toast remind impact siege refuse relax bachelor allow dynamic lunar print make solid attract random disorder team monkey ritual early",
    "absurd spend someone old cage same item mammal chair cruise surround deposit mask jump soap market sorry grief fade survey wisdom blade kite tiger marriage visa patient write slow become design bread",
];
