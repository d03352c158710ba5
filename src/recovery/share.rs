//! The frozen text form of one recovery share: 32 words of the BIP-39 English list.
//!
//! ```text
//! payload  (39 bytes) = version (1) | vault tag (4) | threshold (1) | index (1) | y (32)
//! checksum (5 bytes)  = SHA-256("secretscli recovery share v1" | payload)[..5]
//! words    (32)       = payload | checksum, read as 352 bits, 11 bits a word, big-endian
//! ```
//! The vault tag is the first 4 bytes of the vault id (not secret), so a share of another
//! vault is refused by name before any arithmetic. The 40-bit checksum catches a mistyped
//! word; with one wrong word, trying every word at every place finds the one that fits.
//! Changing any of this breaks every share already printed: the golden test pins it.
//! Never prints, never logs, and `Debug` of a share shows no key material.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The only format version this build writes and reads.
pub const VERSION: u8 = 1;
/// Words in one share.
pub const WORDS: usize = 32;
const PAYLOAD_LEN: usize = 39;
const CHECKSUM_LEN: usize = 5;
const TOTAL_LEN: usize = PAYLOAD_LEN + CHECKSUM_LEN;
const LABEL: &[u8] = b"secretscli recovery share v1";

/// One share as decoded from its words.
pub struct Share {
    /// First 4 bytes of the vault id.
    pub tag: [u8; 4],
    /// Shares needed to rebuild the key.
    pub threshold: u8,
    /// The share's x coordinate (1..=255), printed as its number.
    pub index: u8,
    /// The share's y values: key material.
    y: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Share({} of vault {}, ***)",
            self.index,
            hex::encode(self.tag)
        )
    }
}

/// Why a line is not a share. Positions count from 1, as a person reads them.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ShareError {
    /// Too many or too few words.
    #[error("it has {found} words; a share has {WORDS}")]
    WordCount {
        /// Words found.
        found: usize,
    },
    /// A word outside the list.
    #[error("word {position} {word:?} is not in the BIP-39 English word list{}", suggest(.suggestion))]
    UnknownWord {
        /// Its place.
        position: usize,
        /// As typed.
        word: String,
        /// The nearest list word, when one is close.
        suggestion: Option<String>,
    },
    /// Every word is in the list but the checksum does not match.
    #[error("its checksum does not match: {}", checksum_detail(.fix))]
    Checksum {
        /// The one word whose replacement makes the checksum match, when exactly one does.
        fix: Option<(usize, String, String)>,
    },
    /// A format version this build does not know.
    #[error("it is a version {0} share; this secretscli reads version {VERSION}")]
    Version(u8),
    /// Impossible threshold or index.
    #[error("its threshold or index is impossible (threshold {threshold}, index {index})")]
    Impossible {
        /// As decoded.
        threshold: u8,
        /// As decoded.
        index: u8,
    },
}

fn suggest(s: &Option<String>) -> String {
    s.as_ref()
        .map(|w| format!(" (did you mean {w:?}?)"))
        .unwrap_or_default()
}

fn checksum_detail(fix: &Option<(usize, String, String)>) -> String {
    match fix {
        Some((pos, typed, right)) => {
            format!("word {pos} {typed:?} looks mistyped; {right:?} there makes the share whole")
        }
        None => "a word is mistyped, or two words are swapped".into(),
    }
}

impl Share {
    /// A share from its parts (the dealer's output).
    pub fn new(tag: [u8; 4], threshold: u8, index: u8, y: &[u8; 32]) -> Self {
        Share {
            tag,
            threshold,
            index,
            y: Zeroizing::new(*y),
        }
    }

    /// The share's y values.
    pub fn expose_y(&self) -> &[u8; 32] {
        &self.y
    }

    /// The share as its 32 words, space-separated.
    pub fn to_words(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new([0u8; TOTAL_LEN]);
        bytes[0] = VERSION;
        bytes[1..5].copy_from_slice(&self.tag);
        bytes[5] = self.threshold;
        bytes[6] = self.index;
        bytes[7..PAYLOAD_LEN].copy_from_slice(self.y.as_ref());
        let sum = checksum(&bytes[..PAYLOAD_LEN]);
        bytes[PAYLOAD_LEN..].copy_from_slice(&sum);
        let list = bip39::Language::English.word_list();
        let words: Vec<&str> = indices_of(&bytes[..])
            .iter()
            .map(|&i| list[usize::from(i)])
            .collect();
        Zeroizing::new(words.join(" "))
    }

    /// Parses a share's words (any case, any whitespace between them).
    pub fn parse(text: &str) -> Result<Share, ShareError> {
        let typed: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        if typed.len() != WORDS {
            return Err(ShareError::WordCount { found: typed.len() });
        }
        let mut indices = [0u16; WORDS];
        for (i, word) in typed.iter().enumerate() {
            indices[i] = find(word).ok_or_else(|| ShareError::UnknownWord {
                position: i + 1,
                word: word.clone(),
                suggestion: nearest_word(word),
            })?;
        }
        let bytes = bytes_of(&indices);
        if checksum(&bytes[..PAYLOAD_LEN]) != bytes[PAYLOAD_LEN..] {
            return Err(ShareError::Checksum {
                fix: find_fix(&indices, &typed),
            });
        }
        from_payload(&bytes[..PAYLOAD_LEN])
    }
}

fn from_payload(p: &[u8]) -> Result<Share, ShareError> {
    if p[0] != VERSION {
        return Err(ShareError::Version(p[0]));
    }
    let (threshold, index) = (p[5], p[6]);
    if threshold < 2 || index == 0 {
        return Err(ShareError::Impossible { threshold, index });
    }
    let mut y = Zeroizing::new([0u8; 32]);
    y.copy_from_slice(&p[7..PAYLOAD_LEN]);
    Ok(Share {
        tag: p[1..5].try_into().expect("4 bytes"),
        threshold,
        index,
        y,
    })
}

fn checksum(payload: &[u8]) -> [u8; CHECKSUM_LEN] {
    let digest = Sha256::new()
        .chain_update(LABEL)
        .chain_update(payload)
        .finalize();
    digest[..CHECKSUM_LEN].try_into().expect("5 bytes")
}

fn find(word: &str) -> Option<u16> {
    bip39::Language::English.find_word(word)
}

fn nearest_word(word: &str) -> Option<String> {
    bip39::Language::English
        .word_list()
        .iter()
        .map(|w| (strsim::damerau_levenshtein(word, w), *w))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, w)| w.to_string())
}

/// With one wrong word, exactly one replacement at one place makes the checksum match
/// (a false fit has odds near 65,536 / 2^40). Several fits means we cannot tell.
fn find_fix(indices: &[u16; WORDS], typed: &[String]) -> Option<(usize, String, String)> {
    let list = bip39::Language::English.word_list();
    let mut fits = Vec::new();
    let mut trial = *indices;
    for pos in 0..WORDS {
        for candidate in 0..2048u16 {
            if candidate == indices[pos] {
                continue;
            }
            trial[pos] = candidate;
            let bytes = bytes_of(&trial);
            if checksum(&bytes[..PAYLOAD_LEN]) == bytes[PAYLOAD_LEN..] {
                fits.push((
                    pos + 1,
                    typed[pos].clone(),
                    list[usize::from(candidate)].to_string(),
                ));
            }
        }
        trial[pos] = indices[pos];
    }
    (fits.len() == 1).then(|| fits.remove(0))
}

/// 44 bytes as 32 11-bit word indices, most significant bit first.
fn indices_of(bytes: &[u8]) -> [u16; WORDS] {
    let mut out = [0u16; WORDS];
    for (i, slot) in out.iter_mut().enumerate() {
        for bit in 0..11 {
            let n = i * 11 + bit;
            let set = bytes[n / 8] >> (7 - n % 8) & 1;
            *slot = *slot << 1 | u16::from(set);
        }
    }
    out
}

/// The inverse of [`indices_of`].
fn bytes_of(indices: &[u16; WORDS]) -> Zeroizing<[u8; TOTAL_LEN]> {
    let mut out = Zeroizing::new([0u8; TOTAL_LEN]);
    for (i, &index) in indices.iter().enumerate() {
        for bit in 0..11 {
            let n = i * 11 + bit;
            if index >> (10 - bit) & 1 == 1 {
                out[n / 8] |= 1 << (7 - n % 8);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Share {
        let mut y = [0u8; 32];
        for (i, b) in y.iter_mut().enumerate() {
            *b = i as u8;
        }
        Share::new([0xde, 0xad, 0xbe, 0xef], 3, 2, &y)
    }

    #[test]
    fn words_round_trip_through_bits() {
        let share = sample();
        let parsed = Share::parse(&share.to_words()).unwrap();
        assert_eq!(parsed.tag, share.tag);
        assert_eq!((parsed.threshold, parsed.index), (3, 2));
        assert_eq!(parsed.expose_y(), share.expose_y());
    }

    #[test]
    fn an_unknown_word_is_named_with_its_place_and_the_nearest_word() {
        let words = sample().to_words();
        let mut list: Vec<&str> = words.split(' ').collect();
        list[6] = "abandn";
        let err = Share::parse(&list.join(" ")).unwrap_err();
        assert_eq!(
            err,
            ShareError::UnknownWord {
                position: 7,
                word: "abandn".into(),
                suggestion: Some("abandon".into())
            }
        );
    }

    #[test]
    fn a_wrong_list_word_fails_the_checksum_and_the_right_one_is_found() {
        let words = sample().to_words();
        let mut list: Vec<String> = words.split(' ').map(String::from).collect();
        let right = list[9].clone();
        list[9] = if right == "zoo" {
            "zone".into()
        } else {
            "zoo".into()
        };
        let err = Share::parse(&list.join(" ")).unwrap_err();
        assert_eq!(
            err,
            ShareError::Checksum {
                fix: Some((10, list[9].clone(), right))
            }
        );
    }

    #[test]
    fn a_missing_word_is_counted() {
        let words = sample().to_words();
        let short: Vec<&str> = words.split(' ').skip(1).collect();
        assert_eq!(
            Share::parse(&short.join(" ")).unwrap_err(),
            ShareError::WordCount { found: 31 }
        );
    }

    #[test]
    fn debug_shows_no_key_material() {
        assert_eq!(format!("{:?}", sample()), "Share(2 of vault deadbeef, ***)");
    }
}
