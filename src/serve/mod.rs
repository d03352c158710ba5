//! The local sidecar `secretscli serve` (issue 14, docs/serve.md): one environment's
//! values, decrypted in this process's memory, served over a unix socket (0600) or a
//! loopback TCP port (per-start bearer) with the config API's shape, to programs on the
//! same host; and [`client`], the Rust client apps and tests use.
//!
//! This module never prints, never exits and never writes a value anywhere but the
//! socket it answers on: values live in [`Entry`] (zeroized on drop). Where the values come
//! from (a vault or a service token) and how changes are followed is the CLI's business
//! (`src/cli/serve.rs`); it hands each new set of values to [`app::Sidecar::replace`].

#[cfg(feature = "server")]
pub mod app;
pub mod client;
#[cfg(feature = "server")]
pub mod listen;
#[cfg(feature = "server")]
mod ws;
pub use crate::wire::tree;

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::wire::config::ConfigValue;

/// One served value and what apps are told about it.
pub struct Entry {
    value: Zeroizing<String>,
    /// Its version (from 1).
    pub version: u64,
    /// When written (ms since epoch).
    pub updated_at: i64,
    /// Who wrote it, when known (else empty).
    pub updated_by: String,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("value", &"***")
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl Entry {
    /// An entry holding `value` (bytes that are not UTF-8 are served with U+FFFD in
    /// their place: the API speaks JSON strings).
    pub fn new(value: &[u8], version: u64, updated_at: i64, updated_by: String) -> Self {
        let value = Zeroizing::new(String::from_utf8_lossy(value).into_owned());
        Entry {
            value,
            version,
            updated_at,
            updated_by,
        }
    }

    /// The plaintext value.
    pub fn expose_value(&self) -> &str {
        &self.value
    }

    /// The answer for `GET .../{key}`.
    pub fn answer(&self, key: &str) -> ConfigValue {
        ConfigValue {
            key: key.to_string(),
            value: self.value.to_string(),
            version: self.version,
            updated_at: self.updated_at,
            updated_by: self.updated_by.clone(),
        }
    }

    fn same(&self, other: &Entry) -> bool {
        self.version == other.version && *self.value == *other.value
    }
}

/// The values of one environment at one moment.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Project name.
    pub project: String,
    /// Environment name.
    pub env: String,
    /// Values by full (dotted) name.
    pub items: BTreeMap<String, Entry>,
}

impl Snapshot {
    /// Whether `other` serves exactly what this one does.
    pub fn same_as(&self, other: &Snapshot) -> bool {
        self.items.len() == other.items.len()
            && self
                .items
                .iter()
                .zip(&other.items)
                .all(|((a, x), (b, y))| a == b && x.same(y))
    }
}

/// Earlier versions, for `?version=N`: a vault has them, a service token does not.
/// Called off the async runtime; may block.
pub trait History: Send + Sync {
    /// Version `version` of `key`, `Ok(None)` when there is no such version.
    fn version(&self, key: &str, version: u64) -> Result<Option<Entry>, String>;
}
