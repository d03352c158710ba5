//! Encrypted env files that live in git (`.env.prod.enc`): names, comments and order stay
//! readable, each value is sealed on its own under the environment's key, so `git diff`
//! shows which names changed and a three-way merge of two branches that touched different
//! names is clean. Issue 15; the user's page is docs/envfile.md.
//!
//! ```text
//! #@secretscli-envfile v1 project=<uuid> env=<uuid>
//! # comments and blank lines of the plaintext, kept as they were
//! DB_HOST=enc:v1:k1:<base64url(nonce || ciphertext || tag)>
//! PATTERN=enc:v1:k1:literal:<...>          (a single-quoted, never-expanded value)
//! #@secretscli-seal v1 k1 <base64url(HMAC)> DB_HOST PATTERN
//! ```
//!
//! - A value is AES-256-GCM under env key `k` with the frozen [`Aad::EnvFileValue`]
//!   (format version, project and env ids, name, key version, literal flag): a value moved
//!   to another name, file or key fails to open, and the error names its line.
//! - Re-encrypting keeps the exact text of every value whose plaintext did not change
//!   (see [`seal_document`]), so only changed lines differ in git.
//! - The seal line is an HMAC-SHA256 over the sorted set of (name, SHA-256 of its value
//!   text) under an HKDF subkey of env key `k` ([`MacPurpose::EnvFileSeal`]), followed by the
//!   sealed names. It catches a removed, duplicated or added line and a value replaced by an
//!   older one of the same name, while the merge driver ([`merge`]) remakes it after a merge
//!   in which every side verified.
//!
//! This module is pure: it turns text and keys into text, never touches a file, a vault, a
//! terminal or the process. Errors name lines and names, never a value.
//!
//! [`Aad::EnvFileValue`]: crate::crypto::Aad::EnvFileValue
//! [`MacPurpose::EnvFileSeal`]: crate::crypto::MacPurpose::EnvFileSeal

mod check;
mod format;
mod merge;
mod plain;
mod seal;

use std::collections::BTreeMap;

use uuid::Uuid;
use zeroize::Zeroizing;

use crate::crypto::SecretKey;

pub use check::{Problem, check_text};
pub use format::{EncFile, Line, SealLine, SealedValue, parse_enc};
pub use merge::{MergeOutcome, merge};
pub use plain::{PlainDoc, PlainLine, parse_plain, render_plain};
pub use seal::{Opened, open_file, seal_document};

/// The file format version written in the header and bound into every value's AAD.
pub const FORMAT_VERSION: u32 = 1;

/// First line of every encrypted env file.
pub const HEADER_PREFIX: &str = "#@secretscli-envfile ";

/// Start of the seal line, the file's last line.
pub const SEAL_PREFIX: &str = "#@secretscli-seal ";

/// Why a file cannot be read, sealed or trusted. Every variant names a line or a name,
/// never a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvFileError {
    /// The text does not follow the format.
    #[error("line {line}: {what}")]
    Malformed { line: usize, what: String },
    /// The plaintext file could not be parsed as dotenv.
    #[error("{0}")]
    Plain(#[from] crate::dotenv::ParseError),
    /// The same name twice: a line was duplicated (or the plaintext repeats a key).
    #[error("line {line}: {name} appears again (first on line {first}); a line was duplicated")]
    Duplicate {
        line: usize,
        first: usize,
        name: String,
    },
    /// A sealed name has no line any more.
    #[error(
        "{name} is covered by the seal on line {seal_line} but has no line: a line was removed"
    )]
    Removed { name: String, seal_line: usize },
    /// A line the seal does not cover.
    #[error("line {line}: {name} is not covered by the seal: a line was added outside secretscli")]
    Added { line: usize, name: String },
    /// A value that does not open where it stands.
    #[error(
        "line {line}: the value of {name} does not open under key version {key_version} of this \
         environment: it was moved from another name or file, or modified"
    )]
    Moved {
        line: usize,
        name: String,
        key_version: u32,
    },
    /// Every line opens, but the set does not match the seal.
    #[error(
        "line {line}: the seal does not match the values: a value was replaced by another \
         sealed value of the same name (an older version?) or the seal was edited"
    )]
    SealMismatch { line: usize },
    /// No seal line.
    #[error("the file has no seal line ({SEAL_PREFIX}...) at its end: it was cut short or edited")]
    NoSeal,
    /// Conflict markers from an unresolved merge.
    #[error("line {line}: unresolved merge conflict{}", names_suffix(.names))]
    Conflict { line: usize, names: Vec<String> },
    /// The file belongs to another environment than the one asked for.
    #[error("the file belongs to environment {found}, not {expected}")]
    OtherEnv { expected: Uuid, found: Uuid },
    /// A key version the caller did not provide.
    #[error("key version {0} of this environment is not available here")]
    MissingKey(u32),
    /// A value that dotenv cannot write back (NUL, CR in a literal).
    #[error("{0}")]
    Unwritable(#[from] crate::dotenv::ExportError),
}

fn names_suffix(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" in {}", names.join(", "))
    }
}

/// The keys of one environment that a file needs, by version, and the version new values
/// are sealed under.
pub struct EnvKeys {
    /// The project's id (bound in every value).
    pub project_id: Uuid,
    /// The environment's id (bound in every value).
    pub env_id: Uuid,
    /// The version new values and new seals use.
    pub current: u32,
    keys: BTreeMap<u32, SecretKey>,
}

impl EnvKeys {
    /// Keys as loaded from the vault; `current` must be among them to seal.
    pub fn new(project_id: Uuid, env_id: Uuid, current: u32, keys: Vec<(u32, SecretKey)>) -> Self {
        EnvKeys {
            project_id,
            env_id,
            current,
            keys: keys.into_iter().collect(),
        }
    }

    fn get(&self, version: u32) -> Result<&SecretKey, EnvFileError> {
        self.keys
            .get(&version)
            .ok_or(EnvFileError::MissingKey(version))
    }
}

impl std::fmt::Debug for EnvKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvKeys")
            .field("env_id", &self.env_id)
            .field("current", &self.current)
            .field("versions", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// One decrypted value. Not Clone, not Display; Debug hides the value.
pub struct Value {
    /// The plaintext, wiped on drop.
    pub text: Zeroizing<String>,
    /// Single-quoted in dotenv: `inject` never expands `${...}` in it.
    pub literal: bool,
}

impl Value {
    /// Same text and same literal flag (timing is not observable to an attacker here:
    /// both sides are the user's own plaintext).
    pub fn same_as(&self, other: &Value) -> bool {
        self.literal == other.literal && *self.text == *other.text
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Value(***, literal: {})", self.literal)
    }
}
