//! What makes an encrypted file trustworthy: each value sealed with AES-256-GCM under the
//! env key and the frozen `Aad::EnvFileValue`, and the seal line's HMAC over the set of
//! (name, SHA-256 of the value text). Opening checks, in this order, so the first error
//! names the most precise place: the environment, lines the seal does not cover, sealed
//! names without a line, each value where it stands, then the set as a whole.
//!
//! Values use random nonces (crypto/aead); "unchanged values keep their ciphertext" comes
//! from reusing the previous text of a value whose plaintext did not change, never from a
//! deterministic nonce.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::format::{EncFile, Line, SealLine, SealedValue};
use super::plain::{PlainDoc, PlainLine};
use super::{EnvFileError, EnvKeys, FORMAT_VERSION, Value};
use crate::crypto::{self, Aad, MacKey, MacPurpose};
use crate::dotenv::shown_key;

/// A file that opened and verified: its plaintext, and each name's sealed value so a
/// re-encryption can keep the ciphertext of what did not change.
pub struct Opened {
    /// The plaintext lines.
    pub doc: PlainDoc,
    /// Each name's sealed value as the file holds it.
    pub sealed: HashMap<String, SealedValue>,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("names", &self.sealed.len())
            .finish()
    }
}

fn aad<'a>(keys: &EnvKeys, name: &'a str, key_version: u32, literal: bool) -> Aad<'a> {
    Aad::EnvFileValue {
        format_version: FORMAT_VERSION,
        project_id: keys.project_id,
        env_id: keys.env_id,
        name,
        key_version,
        literal,
    }
}

/// Seals one value under the current key.
fn seal_value(keys: &EnvKeys, name: &str, value: &Value) -> Result<SealedValue, EnvFileError> {
    let key = keys.get(keys.current)?;
    let blob = crypto::seal(
        key,
        &aad(keys, name, keys.current, value.literal),
        value.text.as_bytes(),
    );
    Ok(SealedValue {
        key_version: keys.current,
        literal: value.literal,
        blob,
    })
}

/// The seal's MAC over `entries` (any order; sorted here) under key `version`, ready to
/// give or check the tag.
fn seal_mac(
    keys: &EnvKeys,
    version: u32,
    entries: &[(&str, &SealedValue)],
) -> Result<crypto::MacStream, EnvFileError> {
    let mac = MacKey::derive(keys.get(version)?, MacPurpose::EnvFileSeal);
    let mut sorted: Vec<(&str, String)> = entries.iter().map(|(n, v)| (*n, v.to_field())).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut stream = mac.stream();
    stream.update(b"secretscli/env-file-seal/v1\0");
    stream.update(&FORMAT_VERSION.to_be_bytes());
    stream.update(keys.project_id.as_bytes());
    stream.update(keys.env_id.as_bytes());
    stream.update(&version.to_be_bytes());
    stream.update(&(sorted.len() as u64).to_be_bytes());
    for (name, field) in &sorted {
        let len = u32::try_from(name.len()).expect("names are far shorter than 4 GiB");
        stream.update(&len.to_be_bytes());
        stream.update(name.as_bytes());
        stream.update(&Sha256::digest(field.as_bytes()));
    }
    Ok(stream)
}

/// A seal over `lines` made with the current key.
pub(super) fn make_seal(keys: &EnvKeys, lines: &[Line]) -> Result<SealLine, EnvFileError> {
    let entries: Vec<(&str, &SealedValue)> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Entry { name, value, .. } => Some((name.as_str(), value)),
            Line::Layout(_) => None,
        })
        .collect();
    let mut names: Vec<String> = entries.iter().map(|(n, _)| n.to_string()).collect();
    names.sort_unstable();
    Ok(SealLine {
        key_version: keys.current,
        tag: seal_mac(keys, keys.current, &entries)?.tag().to_vec(),
        names,
        line: 0,
    })
}

/// Encrypts `doc` for `keys`' environment. A name whose plaintext (and literal flag) is
/// the same as in `previous` keeps its sealed text exactly; everything else is sealed anew
/// under the current key.
pub fn seal_document(
    doc: &PlainDoc,
    previous: Option<&Opened>,
    keys: &EnvKeys,
) -> Result<EncFile, EnvFileError> {
    let old_plain: HashMap<&str, &Value> = previous
        .map(|p| {
            p.doc
                .lines
                .iter()
                .filter_map(|l| match l {
                    PlainLine::Entry { name, value, .. } => Some((name.as_str(), value)),
                    PlainLine::Layout(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut lines = Vec::with_capacity(doc.lines.len());
    for line in &doc.lines {
        lines.push(match line {
            PlainLine::Layout(text) => Line::Layout(text.clone()),
            PlainLine::Entry { name, value, .. } => {
                let kept = old_plain
                    .get(name.as_str())
                    .filter(|old| old.same_as(value))
                    .and_then(|_| previous?.sealed.get(name));
                let sealed = match kept {
                    Some(s) => s.clone(),
                    None => seal_value(keys, name, value)?,
                };
                Line::Entry {
                    name: name.clone(),
                    value: sealed,
                    line: 0,
                }
            }
        });
    }
    let seal = make_seal(keys, &lines)?;
    Ok(EncFile {
        project_id: keys.project_id,
        env_id: keys.env_id,
        lines,
        seal,
    })
}

/// Checks `file` against `keys` and decrypts it. Errors name the line or the name.
pub fn open_file(file: &EncFile, keys: &EnvKeys) -> Result<Opened, EnvFileError> {
    if file.env_id != keys.env_id || file.project_id != keys.project_id {
        return Err(EnvFileError::OtherEnv {
            expected: keys.env_id,
            found: file.env_id,
        });
    }
    check_names(file)?;
    let mut doc = PlainDoc::default();
    let mut sealed = HashMap::new();
    for line in &file.lines {
        doc.lines.push(match line {
            Line::Layout(text) => PlainLine::Layout(text.clone()),
            Line::Entry { name, value, line } => {
                let plain = open_value(keys, name, value, *line)?;
                sealed.insert(name.clone(), value.clone());
                PlainLine::Entry {
                    name: name.clone(),
                    value: plain,
                    line: *line,
                }
            }
        });
    }
    let entries: Vec<(&str, &SealedValue)> = file.entries().map(|(n, v, _)| (n, v)).collect();
    if !seal_mac(keys, file.seal.key_version, &entries)?.verify(&file.seal.tag) {
        return Err(EnvFileError::SealMismatch {
            line: file.seal.line,
        });
    }
    Ok(Opened { doc, sealed })
}

/// Lines the seal does not cover, and sealed names without a line.
fn check_names(file: &EncFile) -> Result<(), EnvFileError> {
    let sealed: std::collections::HashSet<&str> =
        file.seal.names.iter().map(String::as_str).collect();
    for (name, _, line) in file.entries() {
        if !sealed.contains(name) {
            return Err(EnvFileError::Added {
                line,
                name: shown_key(name),
            });
        }
    }
    let present: std::collections::HashSet<&str> = file.entries().map(|(n, _, _)| n).collect();
    if let Some(missing) = file
        .seal
        .names
        .iter()
        .find(|n| !present.contains(n.as_str()))
    {
        return Err(EnvFileError::Removed {
            name: shown_key(missing),
            seal_line: file.seal.line,
        });
    }
    Ok(())
}

fn open_value(
    keys: &EnvKeys,
    name: &str,
    value: &SealedValue,
    line: usize,
) -> Result<Value, EnvFileError> {
    let moved = || EnvFileError::Moved {
        line,
        name: shown_key(name),
        key_version: value.key_version,
    };
    let key = keys.get(value.key_version)?;
    let plain = crypto::open(
        key,
        &aad(keys, name, value.key_version, value.literal),
        &value.blob,
    )
    .map_err(|_| moved())?;
    let text = plain.expose_str().ok_or_else(moved)?.to_string();
    Ok(Value {
        text: zeroize::Zeroizing::new(text),
        literal: value.literal,
    })
}

#[cfg(test)]
mod tests {
    use super::super::format::parse_enc;
    use super::super::plain::{parse_plain, render_plain};
    use super::*;
    use crate::crypto::SecretKey;
    use uuid::Uuid;

    const P: Uuid = Uuid::from_u128(1);
    const E: Uuid = Uuid::from_u128(2);

    fn keys(current: u32) -> EnvKeys {
        let k = |b: u8| SecretKey::from_slice(&[b; 32]).unwrap();
        EnvKeys::new(P, E, current, vec![(1, k(0x11)), (2, k(0x22))])
    }

    fn encrypt(text: &str, previous: Option<&Opened>) -> String {
        seal_document(&parse_plain(text).unwrap(), previous, &keys(1))
            .unwrap()
            .render()
    }

    fn open(text: &str) -> Result<Opened, EnvFileError> {
        open_file(&parse_enc(text)?, &keys(1))
    }

    /// A file written by format v1, byte for byte. If this test fails, files committed to
    /// users' repositories no longer open: add a new format version instead.
    const GOLDEN: &str = include_str!("golden_v1.env.enc");

    #[test]
    fn the_v1_format_is_frozen() {
        let opened = open(GOLDEN).unwrap();
        assert_eq!(
            *render_plain(&opened.doc).unwrap(),
            "# database\nDB_HOST=db.internal\nDB_PASS='pa$$ ${not} expanded'\n\n# api\nAPI_KEY=\"two\\nlines\"\n"
        );
        // Resealing what did not change gives the same bytes: values and seal alike.
        let again = seal_document(&opened.doc, Some(&opened), &keys(1)).unwrap();
        assert_eq!(again.render(), GOLDEN);
    }

    #[test]
    fn only_a_changed_value_gets_new_text() {
        let first = encrypt("A=1\n# c\nB=2\nC=3\n", None);
        let opened = open(&first).unwrap();
        let second = encrypt("A=1\n# c\nB=changed\nC=3\n", Some(&opened));
        let changed: Vec<(&str, &str)> = first
            .lines()
            .zip(second.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert!(changed[0].1.starts_with("B=enc:v1:k1:"));
        assert!(changed[1].1.starts_with("#@secretscli-seal "));
    }

    #[test]
    fn the_literal_flag_cannot_be_flipped() {
        let text = encrypt("A='x'\n", None).replace("k1:literal:", "k1:");
        assert_eq!(
            open(&text).unwrap_err().to_string(),
            "line 2: the value of \"A\" does not open under key version 1 of this environment: it was moved from another name or file, or modified"
        );
    }

    #[test]
    fn swapped_values_fail_naming_the_line() {
        let text = encrypt("A=1\nB=2\n", None);
        let lines: Vec<&str> = text.lines().collect();
        let a = lines[1].strip_prefix("A=").unwrap();
        let b = lines[2].strip_prefix("B=").unwrap();
        let swapped = text
            .replace(lines[1], &format!("A={b}"))
            .replace(lines[2], &format!("B={a}"));
        let err = open(&swapped).unwrap_err();
        assert!(matches!(err, EnvFileError::Moved { line: 2, .. }), "{err}");
    }

    #[test]
    fn a_removed_line_is_named_by_the_seal() {
        let text = encrypt("A=1\nB=2\n", None);
        let line = text.lines().nth(2).unwrap();
        let cut = text.replace(&format!("{line}\n"), "");
        assert_eq!(
            open(&cut).unwrap_err().to_string(),
            "\"B\" is covered by the seal on line 3 but has no line: a line was removed"
        );
    }

    #[test]
    fn an_older_value_of_the_same_name_breaks_the_seal() {
        let old = encrypt("A=1\nB=2\n", None);
        let opened = open(&old).unwrap();
        let new = encrypt("A=1\nB=3\n", Some(&opened));
        let old_b = old.lines().nth(2).unwrap();
        let new_b = new.lines().nth(2).unwrap();
        let rolled_back = new.replace(new_b, old_b);
        assert_eq!(
            open(&rolled_back).unwrap_err(),
            EnvFileError::SealMismatch { line: 4 }
        );
    }

    #[test]
    fn a_file_of_another_environment_is_refused() {
        let text = encrypt("A=1\n", None);
        let other = EnvKeys::new(P, Uuid::from_u128(3), 1, vec![]);
        let err = open_file(&parse_enc(&text).unwrap(), &other).unwrap_err();
        assert!(matches!(err, EnvFileError::OtherEnv { .. }));
    }

    #[test]
    fn new_values_use_the_current_key_and_old_ones_still_open() {
        let v1 = encrypt("A=1\nB=2\n", None);
        let opened = open(&v1).unwrap();
        let doc = parse_plain("A=1\nB=new\n").unwrap();
        let v2 = seal_document(&doc, Some(&opened), &keys(2)).unwrap();
        assert_eq!(v2.key_versions(), [1, 2]);
        let text = v2.render();
        assert!(text.contains("B=enc:v1:k2:"));
        open_file(&parse_enc(&text).unwrap(), &keys(2)).unwrap();
    }
}
