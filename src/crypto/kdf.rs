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

/// Largest memory cost a vault file may ask for (2 GiB).
pub const MAX_MEMORY_KIB: u32 = 2 * 1024 * 1024;
/// Largest iteration count a vault file may ask for.
pub const MAX_ITERATIONS: u32 = 64;
/// Largest lane count a vault file may ask for.
pub const MAX_PARALLELISM: u32 = 16;
/// Smallest memory cost accepted (a weaker file is refused, not silently used).
pub const MIN_MEMORY_KIB: u32 = 8 * 1024;
/// Length of the random salt stored beside the parameters.
pub const SALT_LEN: usize = 16;

/// Parameters outside the accepted bounds.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "key-derivation parameters out of bounds (memory {memory_kib} KiB, {iterations} passes, \
     {parallelism} lanes; accepted: {MIN_MEMORY_KIB}..={MAX_MEMORY_KIB} KiB, 1..={MAX_ITERATIONS} \
     passes, 1..={MAX_PARALLELISM} lanes)"
)]
pub struct ParamsOutOfBounds {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
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
            && self.memory_kib >= 8 * self.parallelism;
        if ok {
            Ok(())
        } else {
            Err(ParamsOutOfBounds {
                memory_kib: self.memory_kib,
                iterations: self.iterations,
                parallelism: self.parallelism,
            })
        }
    }

    /// Derives the passphrase key; checks the bounds first.
    pub fn derive(&self, passphrase: &[u8], salt: &[u8]) -> Result<SecretKey, ParamsOutOfBounds> {
        self.check()?;
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
        ] {
            assert!(bad.derive(b"pw", &[0; SALT_LEN]).is_err(), "{bad:?}");
        }
    }
}
