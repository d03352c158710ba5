//! The vault's own values as search patterns: as stored, and base64 (standard and URL-safe,
//! at each of the three alignments a value can take inside a longer encoded text), hex
//! (both cases) and percent-encoded. Built in memory from values revealed by an unlocked
//! vault and dropped with the scanner: no index of values, hashed or not, is written.

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use zeroize::Zeroizing;

/// Values shorter than this are not searched: `true`, `5432` or `dev` are everywhere.
pub const MIN_VALUE_LEN: usize = 8;

/// How a value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// As stored.
    Plain,
    /// Base64 (standard or URL-safe alphabet).
    Base64,
    /// Hexadecimal.
    Hex,
    /// Percent-encoded (as in a URL).
    Url,
}

impl Encoding {
    /// For reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Plain => "plain",
            Encoding::Base64 => "base64",
            Encoding::Hex => "hex",
            Encoding::Url => "url-encoded",
        }
    }
}

/// A value to look for and where it lives, e.g. `DB_PASS` in `app/prod`.
pub struct Known {
    /// `project/env`.
    pub place: String,
    /// Item name.
    pub name: String,
    /// The value (zeroized when dropped).
    pub value: Zeroizing<Vec<u8>>,
}

/// Finds any of the known values in a text.
pub struct ValueMatcher {
    automaton: AhoCorasick,
    /// Per pattern: index into `labels` and the encoding.
    patterns: Vec<(usize, Encoding)>,
    /// (place, name) per known value.
    labels: Vec<(String, String)>,
}

/// One value found.
pub struct ValueHit<'a> {
    /// `project/env`.
    pub place: &'a str,
    /// Item name.
    pub name: &'a str,
    /// How it was encoded.
    pub encoding: Encoding,
    /// Byte range in the text searched.
    pub start: usize,
    /// End of the range.
    pub end: usize,
}

impl ValueMatcher {
    /// A matcher for `known` (values under [`MIN_VALUE_LEN`] bytes are skipped); `None`
    /// when nothing is left to look for.
    pub fn new(known: Vec<Known>) -> Option<ValueMatcher> {
        let mut texts: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut patterns = Vec::new();
        let mut labels = Vec::new();
        for k in known {
            if k.value.len() < MIN_VALUE_LEN {
                continue;
            }
            let label = labels.len();
            for (text, encoding) in encodings(&k.value) {
                if text.len() >= MIN_VALUE_LEN && !texts.contains(&text) {
                    texts.push(text);
                    patterns.push((label, encoding));
                }
            }
            labels.push((k.place, k.name));
        }
        if texts.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(texts.iter().map(|t| t.as_slice()))
            .expect("value patterns build");
        Some(ValueMatcher {
            automaton,
            patterns,
            labels,
        })
    }

    /// How many values are searched.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether no value is searched (never: `new` returns `None` then).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Every known value in `text`, leftmost-longest, not overlapping.
    pub fn find<'a>(&'a self, text: &'a [u8]) -> impl Iterator<Item = ValueHit<'a>> + 'a {
        self.automaton.find_iter(text).map(move |m| {
            let (label, encoding) = self.patterns[m.pattern().as_usize()];
            let (place, name) = &self.labels[label];
            ValueHit {
                place,
                name,
                encoding,
                start: m.start(),
                end: m.end(),
            }
        })
    }
}

/// The texts `value` may appear as.
fn encodings(value: &[u8]) -> Vec<(Zeroizing<Vec<u8>>, Encoding)> {
    let mut out = vec![(Zeroizing::new(value.to_vec()), Encoding::Plain)];
    for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
        for shift in 0..3 {
            out.push((base64_core(engine, value, shift), Encoding::Base64));
        }
    }
    let lower = Zeroizing::new(hex::encode(value).into_bytes());
    out.push((Zeroizing::new(lower.to_ascii_uppercase()), Encoding::Hex));
    out.push((lower, Encoding::Hex));
    let url = percent_encode(value);
    if url.as_slice() != value {
        out.push((url, Encoding::Url));
    }
    out
}

/// The base64 characters that depend only on `value` when it starts `shift` bytes into a
/// longer encoded text: every character whose six bits all come from `value`.
fn base64_core(
    engine: &base64::engine::GeneralPurpose,
    value: &[u8],
    shift: usize,
) -> Zeroizing<Vec<u8>> {
    let mut padded = Zeroizing::new(vec![0u8; shift]);
    padded.extend_from_slice(value);
    let encoded = Zeroizing::new(engine.encode(padded.as_slice()).into_bytes());
    let start = (8 * shift).div_ceil(6);
    let end = (8 * (shift + value.len()) / 6).min(encoded.len());
    Zeroizing::new(encoded[start.min(end)..end].to_vec())
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
fn percent_encode(value: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(value.len()));
    for &b in value {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(value: &str) -> ValueMatcher {
        ValueMatcher::new(vec![Known {
            place: "app/prod".into(),
            name: "DB_PASS".into(),
            value: Zeroizing::new(value.as_bytes().to_vec()),
        }])
        .unwrap()
    }

    fn found(m: &ValueMatcher, text: &str) -> Vec<Encoding> {
        m.find(text.as_bytes()).map(|h| h.encoding).collect()
    }

    #[test]
    fn a_value_is_found_plain_and_encoded_at_any_offset() {
        let m = matcher("hunter2-correct-horse");
        assert_eq!(
            found(&m, "DB_PASS=hunter2-correct-horse"),
            [Encoding::Plain]
        );
        for prefix in ["", "u:", "us:", "use:"] {
            let basic = STANDARD_NO_PAD.encode(format!("{prefix}hunter2-correct-horse"));
            assert_eq!(
                found(&m, &format!("Authorization: Basic {basic}")),
                [Encoding::Base64]
            );
        }
        let hex = hex::encode("hunter2-correct-horse");
        assert_eq!(found(&m, &hex), [Encoding::Hex]);
        assert_eq!(found(&m, &hex.to_uppercase()), [Encoding::Hex]);
        let m = matcher("p@ss w/rd+long");
        assert_eq!(
            found(&m, "postgres://u:p%40ss%20w%2Frd%2Blong@db"),
            [Encoding::Url]
        );
        assert!(found(&m, "nothing here").is_empty());
    }

    #[test]
    fn short_values_are_not_searched() {
        let known = vec![Known {
            place: "app/dev".into(),
            name: "PORT".into(),
            value: Zeroizing::new(b"5432".to_vec()),
        }];
        assert!(ValueMatcher::new(known).is_none());
    }
}
