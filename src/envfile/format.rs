//! The text of an encrypted env file: reading it into lines (strictly: anything that is not
//! the header, a comment, a blank, a sealed assignment or the seal is an error naming its
//! line) and writing it back byte for byte. No keys here; see `seal.rs` for what the lines
//! mean cryptographically.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use uuid::Uuid;

use super::{EnvFileError, FORMAT_VERSION, HEADER_PREFIX, SEAL_PREFIX};
use crate::dotenv::shown_key;

/// A sealed value as it stands after `NAME=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedValue {
    /// The env key version that sealed it.
    pub key_version: u32,
    /// Single-quoted in the plaintext (never expanded).
    pub literal: bool,
    /// nonce || ciphertext || tag.
    pub blob: Vec<u8>,
}

impl SealedValue {
    /// `enc:v1:k<N>:[literal:]<base64url>`: the exact text written after `NAME=`.
    pub fn to_field(&self) -> String {
        let literal = if self.literal { "literal:" } else { "" };
        format!(
            "enc:v{FORMAT_VERSION}:k{}:{literal}{}",
            self.key_version,
            B64.encode(&self.blob)
        )
    }

    /// Whether `field` is a sealed value's text (its shape only; opening needs the key).
    pub(super) fn is_well_formed(field: &str) -> bool {
        Self::parse(field).is_some()
    }

    fn parse(field: &str) -> Option<SealedValue> {
        let rest = field.strip_prefix("enc:v1:k")?;
        let (version, rest) = rest.split_once(':')?;
        let key_version = version.parse().ok().filter(|v| *v > 0)?;
        let (literal, b64) = match rest.strip_prefix("literal:") {
            Some(b64) => (true, b64),
            None => (false, rest),
        };
        let blob = B64.decode(b64).ok()?;
        Some(SealedValue {
            key_version,
            literal,
            blob,
        })
    }
}

/// One line of an encrypted file, after the header and before the seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A comment or blank line, as written.
    Layout(String),
    /// `NAME=enc:...`.
    Entry {
        /// The name, readable.
        name: String,
        /// The sealed value.
        value: SealedValue,
        /// 1-based line number (0 for a line not read from a file).
        line: usize,
    },
}

/// The seal line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealLine {
    /// The env key version whose subkey made the tag.
    pub key_version: u32,
    /// HMAC-SHA256 tag.
    pub tag: Vec<u8>,
    /// The sealed names, sorted.
    pub names: Vec<String>,
    /// 1-based line number (0 for a seal not read from a file).
    pub line: usize,
}

/// A whole encrypted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncFile {
    /// Project the values belong to.
    pub project_id: Uuid,
    /// Environment whose key sealed the values.
    pub env_id: Uuid,
    /// The lines between header and seal.
    pub lines: Vec<Line>,
    /// The seal (always present in a file that parsed).
    pub seal: SealLine,
}

impl EncFile {
    /// The entries: (name, value, line).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &SealedValue, usize)> {
        self.lines.iter().filter_map(|l| match l {
            Line::Entry { name, value, line } => Some((name.as_str(), value, *line)),
            Line::Layout(_) => None,
        })
    }

    /// Every key version the file uses (values and seal), sorted, once each.
    pub fn key_versions(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.entries().map(|(_, s, _)| s.key_version).collect();
        v.push(self.seal.key_version);
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut out = header(self.project_id, self.env_id);
        for line in &self.lines {
            match line {
                Line::Layout(text) => out.push_str(text),
                Line::Entry { name, value, .. } => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(&value.to_field());
                }
            }
            out.push('\n');
        }
        out.push_str(&render_seal(&self.seal));
        out.push('\n');
        out
    }
}

/// The header line, with its line break.
pub(super) fn header(project_id: Uuid, env_id: Uuid) -> String {
    format!("{HEADER_PREFIX}v{FORMAT_VERSION} project={project_id} env={env_id}\n")
}

fn render_seal(seal: &SealLine) -> String {
    let mut out = format!(
        "{SEAL_PREFIX}v1 k{} {}",
        seal.key_version,
        B64.encode(&seal.tag)
    );
    for name in &seal.names {
        out.push(' ');
        out.push_str(name);
    }
    out
}

fn malformed(line: usize, what: impl Into<String>) -> EnvFileError {
    EnvFileError::Malformed {
        line,
        what: what.into(),
    }
}

/// Whether a line is a git conflict marker.
pub(super) fn is_conflict_marker(line: &str) -> bool {
    ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
        .iter()
        .any(|m| line.starts_with(m))
}

/// Reads an encrypted file strictly. Errors name the line.
pub fn parse_enc(text: &str) -> Result<EncFile, EnvFileError> {
    let text = text.replace("\r\n", "\n");
    let raw: Vec<&str> = text
        .strip_suffix('\n')
        .unwrap_or(&text)
        .split('\n')
        .collect();
    refuse_conflicts(&raw)?;
    let (project_id, env_id) = parse_header(raw[0])?;
    let mut lines = Vec::new();
    let mut seal = None;
    let mut seen = std::collections::HashMap::new();
    for (i, &line) in raw.iter().enumerate().skip(1) {
        let n = i + 1;
        if seal.is_some() {
            return Err(malformed(n, "a line after the seal line"));
        }
        if line.starts_with(SEAL_PREFIX) {
            seal = Some(parse_seal(line, n)?);
        } else if line.trim().is_empty() || line.trim_start().starts_with('#') {
            lines.push(Line::Layout(line.to_string()));
        } else {
            let (name, value) = parse_entry(line, n)?;
            if let Some(first) = seen.insert(name.clone(), n) {
                return Err(EnvFileError::Duplicate {
                    line: n,
                    first,
                    name: shown_key(&name),
                });
            }
            lines.push(Line::Entry {
                name,
                value,
                line: n,
            });
        }
    }
    let seal = seal.ok_or(EnvFileError::NoSeal)?;
    Ok(EncFile {
        project_id,
        env_id,
        lines,
        seal,
    })
}

/// Conflict markers: named by the entries inside the block, not shown as ciphertext.
fn refuse_conflicts(raw: &[&str]) -> Result<(), EnvFileError> {
    let Some(first) = raw.iter().position(|l| is_conflict_marker(l)) else {
        return Ok(());
    };
    let mut names: Vec<String> = Vec::new();
    let mut inside = false;
    for line in &raw[first..] {
        if line.starts_with("<<<<<<<") {
            inside = true;
        } else if line.starts_with(">>>>>>>") {
            inside = false;
        } else if inside
            && let Some((name, _)) = line.split_once('=')
            && !name.is_empty()
            && !name.starts_with('#')
        {
            let shown = shown_key(name);
            if !names.contains(&shown) {
                names.push(shown);
            }
        }
    }
    Err(EnvFileError::Conflict {
        line: first + 1,
        names,
    })
}

fn parse_header(line: &str) -> Result<(Uuid, Uuid), EnvFileError> {
    let not_ours = || {
        malformed(
            1,
            format!(
                "not a secretscli encrypted env file (the first line must start with {HEADER_PREFIX:?})"
            ),
        )
    };
    let rest = line.strip_prefix(HEADER_PREFIX).ok_or_else(not_ours)?;
    let mut parts = rest.split(' ');
    if parts.next() != Some("v1") {
        return Err(malformed(
            1,
            "written by a newer secretscli (unknown format version); upgrade secretscli",
        ));
    }
    let mut id = |key: &str| {
        parts
            .next()
            .and_then(|p| p.strip_prefix(key))
            .and_then(|u| Uuid::parse_str(u).ok())
            .ok_or_else(|| malformed(1, format!("the header's {key}<uuid> is missing or damaged")))
    };
    let project = id("project=")?;
    let env = id("env=")?;
    Ok((project, env))
}

fn parse_seal(line: &str, n: usize) -> Result<SealLine, EnvFileError> {
    let damaged = || malformed(n, "the seal line is damaged");
    let rest = line.strip_prefix(SEAL_PREFIX).ok_or_else(damaged)?;
    let mut parts = rest.split(' ');
    if parts.next() != Some("v1") {
        return Err(damaged());
    }
    let key_version = parts
        .next()
        .and_then(|k| k.strip_prefix('k'))
        .and_then(|k| k.parse().ok())
        .ok_or_else(damaged)?;
    let tag = parts
        .next()
        .and_then(|t| B64.decode(t).ok())
        .filter(|t| t.len() == crate::crypto::mac::TAG_LEN)
        .ok_or_else(damaged)?;
    let names: Vec<String> = parts.map(str::to_string).collect();
    Ok(SealLine {
        key_version,
        tag,
        names,
        line: n,
    })
}

fn parse_entry(line: &str, n: usize) -> Result<(String, SealedValue), EnvFileError> {
    let Some((name, field)) = line.split_once('=') else {
        return Err(malformed(n, "neither a comment nor NAME=enc:..."));
    };
    let name = name.trim_end();
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return Err(malformed(n, "the name is empty or contains whitespace"));
    }
    if !field.starts_with("enc:") {
        return Err(malformed(
            n,
            format!(
                "{} holds a plaintext value; every value in an encrypted file must be sealed",
                shown_key(name)
            ),
        ));
    }
    let value = SealedValue::parse(field).ok_or_else(|| {
        malformed(
            n,
            format!("the sealed value of {} is damaged", shown_key(name)),
        )
    })?;
    Ok((name.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "#@secretscli-envfile v1 project=00000000-0000-0000-0000-000000000001 env=00000000-0000-0000-0000-000000000002\n# comment\n\nA=enc:v1:k1:AAAA\nB=enc:v1:k2:literal:AQID\n#@secretscli-seal v1 k2 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA A B\n";

    #[test]
    fn a_file_reads_and_renders_back_byte_for_byte() {
        let file = parse_enc(TEXT).unwrap();
        assert_eq!(file.key_versions(), [1, 2]);
        assert_eq!(file.render(), TEXT);
        let (name, value, line) = file.entries().nth(1).unwrap();
        assert_eq!(
            (name, value.literal, value.blob.as_slice(), line),
            ("B", true, &[1u8, 2, 3][..], 5)
        );
    }

    #[test]
    fn a_plaintext_value_is_refused_naming_line_and_name() {
        let text = TEXT.replace("A=enc:v1:k1:AAAA", "A=postgres://u:p@h/db");
        assert_eq!(
            parse_enc(&text).unwrap_err().to_string(),
            "line 4: \"A\" holds a plaintext value; every value in an encrypted file must be sealed"
        );
    }

    #[test]
    fn conflict_markers_are_named_by_the_names_inside() {
        let text = TEXT.replace(
            "A=enc:v1:k1:AAAA\n",
            "<<<<<<< ours\nA=enc:v1:k1:AAAA\n=======\nA=enc:v1:k1:AQID\n>>>>>>> theirs\n",
        );
        assert_eq!(
            parse_enc(&text).unwrap_err().to_string(),
            "line 4: unresolved merge conflict in \"A\""
        );
    }

    #[test]
    fn a_missing_seal_or_header_is_refused() {
        let cut: String = TEXT.lines().take(5).map(|l| format!("{l}\n")).collect();
        assert_eq!(parse_enc(&cut).unwrap_err(), EnvFileError::NoSeal);
        assert!(
            parse_enc("A=1\n")
                .unwrap_err()
                .to_string()
                .starts_with("line 1: not a secretscli")
        );
    }
}
