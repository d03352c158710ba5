//! The recovery kit (issue 16, docs/recovery.md): the vault's root key cut into N shares
//! of which any K rebuild it (Shamir's secret sharing over GF(256), from the `blahaj`
//! crate: no arithmetic of our own), each printed as words ([`share`]).
//!
//! Fewer than K shares say nothing about the key: that is Shamir's property, and the
//! tests check that K-1 shares rebuild something else. A rebuilt key is only trusted
//! after the vault's own key check opens with it (the CLI does that through the vault).
//! Never prints, prompts or logs; shares and keys stay in zeroizing buffers.

pub mod share;

use rand::{CryptoRng, RngCore};
use uuid::Uuid;
use zeroize::Zeroizing;

pub use share::{Share, ShareError};

use crate::crypto::SecretKey;

/// What can go wrong splitting or rebuilding; each has a next step ([`RecoveryError::hint`]).
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// `--shares`/`--threshold` that cannot work.
    #[error("cannot cut the key into {shares} shares with {threshold} needed: {why}")]
    BadSplit {
        /// N.
        shares: u16,
        /// K.
        threshold: u16,
        /// Why not.
        why: &'static str,
    },
    /// One line is not a share.
    #[error("share {number} is not readable: {error}")]
    Unreadable {
        /// Its place among those given, from 1.
        number: usize,
        /// Why.
        error: ShareError,
    },
    /// A share of another vault.
    #[error("share {number} (index {index}) belongs to vault {theirs}, not this vault ({ours})")]
    OtherVault {
        /// Its place among those given.
        number: usize,
        /// Its index.
        index: u8,
        /// Its vault tag.
        theirs: String,
        /// This vault's tag.
        ours: String,
    },
    /// Shares of two different splits of this vault.
    #[error(
        "share {number} comes from another split (it needs {theirs} shares, the first one {first})"
    )]
    MixedSplits {
        /// Its place among those given.
        number: usize,
        /// Its threshold.
        theirs: u8,
        /// The first share's threshold.
        first: u8,
    },
    /// The same share twice.
    #[error("share {number} is share index {index} again")]
    Duplicate {
        /// Its place among those given.
        number: usize,
        /// Its index.
        index: u8,
    },
    /// Too few shares.
    #[error("{have} shares given, {need} needed")]
    NotEnough {
        /// Given.
        have: usize,
        /// Needed.
        need: u8,
    },
}

impl RecoveryError {
    /// What to do next.
    pub fn hint(&self) -> String {
        match self {
            RecoveryError::BadSplit { .. } => {
                "choose --threshold of 2 or more and --shares of at least --threshold, at most 255"
                    .into()
            }
            RecoveryError::Unreadable { .. } => {
                "retype that share from its paper copy; each share is one line of 32 words".into()
            }
            RecoveryError::OtherVault { .. } => {
                "use the shares printed by `recovery split` for this vault (--vault chooses another)"
                    .into()
            }
            RecoveryError::MixedSplits { .. } => {
                "use shares of one `recovery split` only: a new split makes the old shares unusable together with it".into()
            }
            RecoveryError::Duplicate { .. } => "give each share once".into(),
            RecoveryError::NotEnough { need, .. } => format!("give {need} different shares"),
        }
    }
}

/// The vault tag carried by every share: the first 4 bytes of the vault id.
pub fn vault_tag(vault_id: Uuid) -> [u8; 4] {
    vault_id.as_bytes()[..4].try_into().expect("4 bytes")
}

/// Cuts `root` into `shares` shares of which `threshold` rebuild it.
pub fn split(
    root: &SecretKey,
    vault_id: Uuid,
    shares: u16,
    threshold: u16,
) -> Result<Vec<Share>, RecoveryError> {
    split_with_rng(root, vault_id, shares, threshold, &mut rand::rngs::OsRng)
}

/// [`split`] with a given randomness source: the golden test fixes it.
pub fn split_with_rng<R: RngCore + CryptoRng>(
    root: &SecretKey,
    vault_id: Uuid,
    shares: u16,
    threshold: u16,
    rng: &mut R,
) -> Result<Vec<Share>, RecoveryError> {
    let bad = |why| RecoveryError::BadSplit {
        shares,
        threshold,
        why,
    };
    if threshold < 2 {
        return Err(bad("one share alone would be the key itself"));
    }
    if shares < threshold {
        return Err(bad("fewer shares than are needed"));
    }
    let (Ok(n), Ok(k)) = (u8::try_from(shares), u8::try_from(threshold)) else {
        return Err(bad("at most 255 shares exist"));
    };
    let tag = vault_tag(vault_id);
    let dealt = blahaj::Sharks(k)
        .dealer_rng(root.expose(), rng)
        .take(usize::from(n));
    Ok(dealt
        .map(|s| {
            let bytes = Zeroizing::new(Vec::<u8>::from(&s));
            let y: &[u8; 32] = bytes[1..].try_into().expect("one y byte per key byte");
            Share::new(tag, k, bytes[0], y)
        })
        .collect())
}

/// Parses the shares given (one text each) and checks they fit together and this vault.
pub fn parse_all(texts: &[&str], vault_id: Uuid) -> Result<Vec<Share>, RecoveryError> {
    let ours = vault_tag(vault_id);
    let mut shares: Vec<Share> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let number = i + 1;
        let share =
            Share::parse(text).map_err(|error| RecoveryError::Unreadable { number, error })?;
        if share.tag != ours {
            return Err(RecoveryError::OtherVault {
                number,
                index: share.index,
                theirs: hex::encode(share.tag),
                ours: hex::encode(ours),
            });
        }
        if let Some(first) = shares.first()
            && first.threshold != share.threshold
        {
            return Err(RecoveryError::MixedSplits {
                number,
                theirs: share.threshold,
                first: first.threshold,
            });
        }
        if shares.iter().any(|s| s.index == share.index) {
            return Err(RecoveryError::Duplicate {
                number,
                index: share.index,
            });
        }
        shares.push(share);
    }
    Ok(shares)
}

/// Rebuilds the root key from shares that [`parse_all`] accepted. The result is a key
/// candidate: only the vault's key check says whether it is the vault's.
pub fn combine(shares: &[Share]) -> Result<SecretKey, RecoveryError> {
    let need = shares.first().map_or(2, |s| s.threshold);
    if shares.len() < usize::from(need) {
        return Err(RecoveryError::NotEnough {
            have: shares.len(),
            need,
        });
    }
    Ok(interpolate(&shares[..usize::from(need)]))
}

/// Lagrange interpolation at 0 by the crate, over exactly the shares given.
fn interpolate(shares: &[Share]) -> SecretKey {
    let points: Vec<blahaj::Share> = shares
        .iter()
        .map(|s| {
            let mut bytes = Zeroizing::new(vec![s.index]);
            bytes.extend_from_slice(s.expose_y());
            blahaj::Share::try_from(bytes.as_slice()).expect("33 bytes")
        })
        .collect();
    let k = u8::try_from(points.len()).expect("at most 255 shares");
    let secret = Zeroizing::new(
        blahaj::Sharks(k)
            .recover(&points)
            .expect("distinct indices, as many as the threshold"),
    );
    SecretKey::from_slice(&secret).expect("32 bytes in, 32 bytes out")
}

#[cfg(test)]
mod tests;
