//! Argon2id (RFC 9106) from passphrase to the key that wraps the vault root key.
//!
//! Parameters are stored in the vault file, which makes them attacker input: a crafted
//! file must not force a huge allocation or an hour-long unlock, so [`KdfParams::check`]
//! bounds them before any work is done.

use argon2::{Algorithm, Argon2, Params, Version};
use zeroize::Zeroizing;

use super::keys::SecretKey;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

/// Largest memory cost a vault file may ask for (1 GiB): the most `init --kdf-memory`
/// accepts, so every vault this binary writes opens, and a crafted one costs at most this.
pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
/// Largest iteration count a vault file may ask for.
pub const MAX_ITERATIONS: u32 = 64;
/// Largest lane count a vault file may ask for.
pub const MAX_PARALLELISM: u32 = 16;
/// Smallest memory cost accepted (a weaker file is refused, not silently used).
pub const MIN_MEMORY_KIB: u32 = 8 * 1024;
/// Largest total work (memory x passes, in KiB) a vault file may ask for: 4 GiB of
/// memory passes, a few seconds here. 1 GiB may take 4 passes, the default 64 MiB up to 64.
/// Without it 2 GiB x 64 passes passed every single bound and took minutes.
pub const MAX_WORK_KIB: u64 = 4 * 1024 * 1024;
/// Length of the random salt stored beside the parameters.
pub const SALT_LEN: usize = 16;
/// Salt lengths Argon2 accepts (RFC 9106 allows 8 bytes and more; the crate stops at 64).
pub const SALT_LEN_RANGE: std::ops::RangeInclusive<usize> = 8..=64;

/// Parameters (or salt) outside the accepted bounds.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParamsOutOfBounds {
    /// Cost parameters outside the bounds.
    #[error(
        "key-derivation parameters out of bounds (memory {memory_kib} KiB, {iterations} passes, \
         {parallelism} lanes; accepted: {MIN_MEMORY_KIB}..={MAX_MEMORY_KIB} KiB, 1..={MAX_ITERATIONS} \
         passes, 1..={MAX_PARALLELISM} lanes, memory x passes at most {MAX_WORK_KIB} KiB)"
    )]
    Cost {
        /// Memory in KiB as stored (wider than u32 so a crafted value is reported as is).
        memory_kib: i64,
        /// Passes as stored.
        iterations: i64,
        /// Lanes as stored.
        parallelism: i64,
    },
    /// The salt is too short (or long) for Argon2.
    #[error(
        "key-derivation salt out of bounds ({len} bytes; accepted: {}..={} bytes)",
        SALT_LEN_RANGE.start(),
        SALT_LEN_RANGE.end()
    )]
    Salt {
        /// Length found.
        len: usize,
    },
}

impl ParamsOutOfBounds {
    /// Parameters as read from a file, before they could be narrowed to [`KdfParams`].
    pub fn cost(memory_kib: i64, iterations: i64, parallelism: i64) -> Self {
        ParamsOutOfBounds::Cost {
            memory_kib,
            iterations,
            parallelism,
        }
    }
}

impl Default for KdfParams {
    /// 64 MiB, 3 passes, 1 lane: RFC 9106's second recommended option, about 0.2-0.5 s here.
    fn default() -> Self {
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        }
    }
}

impl KdfParams {
    /// Refuses parameters a vault file should never contain.
    pub fn check(&self) -> Result<(), ParamsOutOfBounds> {
        let ok = (MIN_MEMORY_KIB..=MAX_MEMORY_KIB).contains(&self.memory_kib)
            && (1..=MAX_ITERATIONS).contains(&self.iterations)
            && (1..=MAX_PARALLELISM).contains(&self.parallelism)
            && self.memory_kib >= 8 * self.parallelism
            && u64::from(self.memory_kib) * u64::from(self.iterations) <= MAX_WORK_KIB;
        if ok {
            Ok(())
        } else {
            Err(ParamsOutOfBounds::cost(
                self.memory_kib.into(),
                self.iterations.into(),
                self.parallelism.into(),
            ))
        }
    }

    /// Refuses a salt Argon2 would reject (it panicked below 8 bytes).
    pub fn check_salt(salt: &[u8]) -> Result<(), ParamsOutOfBounds> {
        if SALT_LEN_RANGE.contains(&salt.len()) {
            Ok(())
        } else {
            Err(ParamsOutOfBounds::Salt { len: salt.len() })
        }
    }

    /// Derives the passphrase key; checks the bounds and the salt before allocating.
    pub fn derive(&self, passphrase: &[u8], salt: &[u8]) -> Result<SecretKey, ParamsOutOfBounds> {
        self.check()?;
        Self::check_salt(salt)?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .expect("bounds checked above are within argon2's limits");
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passphrase, salt, out.as_mut())
            .expect("salt length and output length are fixed and valid");
        Ok(SecretKey::from_slice(out.as_ref()).expect("32 bytes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams {
        memory_kib: MIN_MEMORY_KIB,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn default_meets_the_floor_of_64_mib_and_three_passes() {
        let d = KdfParams::default();
        assert!(d.memory_kib >= 64 * 1024 && d.iterations >= 3);
        assert!(d.check().is_ok());
    }

    #[test]
    fn same_input_same_key_other_salt_other_key() {
        let a = FAST.derive(b"pw", &[1; SALT_LEN]).unwrap();
        let b = FAST.derive(b"pw", &[1; SALT_LEN]).unwrap();
        let c = FAST.derive(b"pw", &[2; SALT_LEN]).unwrap();
        assert_eq!(a.expose(), b.expose());
        assert_ne!(a.expose(), c.expose());
    }

    #[test]
    fn crafted_huge_parameters_are_refused_before_any_work() {
        for bad in [
            KdfParams {
                memory_kib: u32::MAX,
                ..FAST
            },
            KdfParams {
                iterations: 1_000_000,
                ..FAST
            },
            KdfParams {
                parallelism: 0,
                ..FAST
            },
            KdfParams {
                memory_kib: 1,
                ..FAST
            },
            KdfParams {
                iterations: 0,
                ..FAST
            },
            // Each within its own bound, together 2 GiB x 64 passes x 16 lanes.
            KdfParams {
                memory_kib: 2 * 1024 * 1024,
                iterations: 64,
                parallelism: 16,
            },
            KdfParams {
                memory_kib: MAX_MEMORY_KIB + 1,
                ..FAST
            },
            KdfParams {
                memory_kib: MAX_MEMORY_KIB,
                iterations: 5,
                parallelism: 1,
            },
        ] {
            assert!(bad.derive(b"pw", &[0; SALT_LEN]).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_largest_memory_init_accepts_is_within_the_bounds() {
        let most = KdfParams {
            memory_kib: MAX_MEMORY_KIB,
            iterations: 4,
            parallelism: MAX_PARALLELISM,
        };
        assert_eq!(most.check(), Ok(()));
    }

    #[test]
    fn a_short_or_long_salt_is_an_error_not_a_panic() {
        for len in [0, 1, 7, 65, 1000] {
            assert_eq!(
                FAST.derive(b"pw", &vec![0; len]).unwrap_err(),
                ParamsOutOfBounds::Salt { len }
            );
        }
        assert!(FAST.derive(b"pw", &[0; 8]).is_ok());
    }
}
