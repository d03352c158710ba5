//! Is a secret value weak, or known to be breached? Warnings for `set` and `import`, never
//! a refusal: the value may be someone else's (an API password the user did not choose).
//!
//! Weakness is zxcvbn's estimate, the estimator `init` already uses for passphrases. The
//! breach check (`breach`) asks Have I Been Pwned with k-anonymity. Nothing here returns,
//! logs or prints a value: results name the item and say why.

pub mod breach;

/// zxcvbn's score (0-4) below which a secret is weak: 3 is "safely unguessable", about
/// 10^10 guesses.
pub const STRONG_ENOUGH: u8 = 3;

/// Values longer than this are not judged: people do not type them (keys, tokens,
/// certificates), and zxcvbn's cost grows with the length.
pub const MAX_JUDGED_BYTES: usize = 64;

/// Why a value is weak: zxcvbn's score and its generic warning (about the kind of value,
/// e.g. "this is a top-10 common password", never quoting it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weakness {
    /// 0 (trivial) to 2 (guessable).
    pub score: u8,
    /// zxcvbn's warning, lower case, without a final period.
    pub warning: Option<String>,
}

impl std::fmt::Display for Weakness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "strength {} of 4", self.score)?;
        if let Some(w) = &self.warning {
            write!(f, ": {w}")?;
        }
        Ok(())
    }
}

/// Name parts that say a person may have chosen the value: a `.env` also holds ports,
/// flags and hostnames stored as secrets, and calling `PORT=3000` weak teaches people to
/// ignore the warning.
const CREDENTIAL_NAMES: &[&str] = &[
    "PASS",
    "PWD",
    "SECRET",
    "TOKEN",
    "KEY",
    "AUTH",
    "CREDENTIAL",
    "PRIVATE",
    "SALT",
    "PIN",
];

/// The weakness of the secret `name` = `value`, or `None` when it is strong enough or not
/// judged: the name does not look like a credential's, or the value is empty, not UTF-8,
/// longer than [`MAX_JUDGED_BYTES`], or long and random-looking (zxcvbn costs 0.2-6 ms a
/// value; a 32-character random token needs no estimator to be called strong).
pub fn weakness(name: &str, value: &[u8]) -> Option<Weakness> {
    if !judged(name, value) {
        return None;
    }
    judge(std::str::from_utf8(value).ok()?)
}

/// Whether [`weakness`] would run the estimator on this secret (cheap; callers bound how
/// many times it runs).
pub fn judged(name: &str, value: &[u8]) -> bool {
    let upper = name.to_ascii_uppercase();
    CREDENTIAL_NAMES.iter().any(|part| upper.contains(part))
        && !value.is_empty()
        && value.len() <= MAX_JUDGED_BYTES
        && std::str::from_utf8(value).is_ok()
        && !looks_random(value)
}

/// 16 bytes or more at 3.7 bits of entropy per byte or better: the same bar `scan` uses
/// for a generated credential. Words and keyboard walks stay well below it.
fn looks_random(value: &[u8]) -> bool {
    if value.len() < 16 {
        return false;
    }
    let mut counts = [0u32; 256];
    for b in value {
        counts[usize::from(*b)] += 1;
    }
    let n = value.len() as f64;
    let bits: f64 = counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = f64::from(*c) / n;
            -p * p.log2()
        })
        .sum();
    bits >= 3.7
}

/// zxcvbn's verdict on any text (also passphrases, which have no length limit).
pub fn judge(text: &str) -> Option<Weakness> {
    let entropy = zxcvbn::zxcvbn(text, &[]);
    let score = u8::from(entropy.score());
    if score >= STRONG_ENOUGH {
        return None;
    }
    let warning = entropy
        .feedback()
        .and_then(|f| f.warning())
        .map(|w| w.to_string().trim_end_matches('.').to_lowercase());
    Some(Weakness { score, warning })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessable_credentials_are_weak_and_random_long_or_non_credential_values_are_not_judged() {
        let w = weakness("DB_PASSWORD", b"password1").unwrap();
        assert!(w.score < STRONG_ENOUGH);
        assert!(!w.to_string().contains("password1"), "{w}");
        assert!(weakness("api_key", b"hunter2").is_some());
        assert!(
            weakness("TOKEN", b"aaaaaaaaaaaaaaaaaaaaaaaa").is_some(),
            "long, not random"
        );
        assert!(weakness("TOKEN", b"k3Vq7mZe2XwaFh4dQ9pL0sT8").is_none());
        assert!(weakness("KEY", &[b'a'; 65]).is_none(), "longer than judged");
        assert!(weakness("KEY", b"").is_none());
        assert!(weakness("KEY", &[0xff, 0xfe]).is_none(), "not text");
        assert!(
            weakness("PORT", b"3000").is_none(),
            "not a credential's name"
        );
    }
}
