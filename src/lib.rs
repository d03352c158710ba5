//! `secretscli`: an encrypted local vault for secrets and config, with the commands a
//! developer uses every day.
//!
//! Layers, each allowed to use only those after it:
//! - [`cli`]: clap definitions and one file per command; the only layer that prints,
//!   prompts or exits.
//! - [`context`], [`paths`]: which vault, project and env a command uses, and why.
//! - [`serve`]: the local sidecar's HTTP API over one environment's values held in
//!   memory, and its client; never prints, holds values only in zeroizing types.
//! - [`feed`]: following an environment's change feed (long-poll, pull on change,
//!   backoff when the server is away); uses sync and vault, never prints.
//! - [`team`]: members, devices, recipient pins, grant completion and removal; uses
//!   sync, vault and wire.
//! - [`sync`]: the sync client (push, pull, diff); uses vault, crypto and wire only.
//! - [`pki`]: CAs and certificates kept as items of a project's `pki` environment; uses
//!   vault and crypto.
//! - `lease` (feature `server`): dynamic PostgreSQL logins that live as long as a
//!   command; uses vault, rotate's URL parsing and the shared admin connection (`pg`).
//! - [`vault`]: the only SQL for the local vault; returns domain types.
//! - [`envfile`]: encrypted env files that live in git (sealed values, the seal line, the
//!   merge by name, the CI check); pure, uses crypto, dotenv and scan's rules.
//! - [`share`]: share links (seal here, link key in the fragment, reveal counted by the
//!   server); uses sync, crypto and wire.
//! - [`recovery`]: the root key as K-of-N word shares (Shamir); uses crypto only.
//! - [`crypto`], [`dotenv`]: pure building blocks with no I/O of their own
//!   (except the key cache, which talks to the OS keyring or the agent).
//! - `server` (cargo feature `server`, on by default): the sync server; it uses only
//!   [`wire`] and [`sqlite`], never `vault` or `crypto`, so it cannot decrypt anything.
//!
//! Invariants: plaintext lives only in [`crypto::SecretBytes`] (zeroized on drop) and in
//! what the user asked to be printed or exported; nothing here writes it to a temp file,
//! except `file edit`, which hands it to the user's editor in a 0600 file on tmpfs and
//! removes it when the editor exits.
#![forbid(unsafe_code)]

pub mod cli;
pub mod context;
pub mod crypto;
pub mod dotenv;
pub mod envfile;
pub mod error;
pub mod feed;
pub mod inject;
#[cfg(feature = "server")]
pub mod lease;
pub mod output;
pub mod paths;
#[cfg(feature = "server")]
pub(crate) mod pg;
pub mod pki;
pub mod recovery;
pub mod rotate;
pub mod scan;
pub mod schema;
pub mod serve;
#[cfg(feature = "server")]
pub mod server;
pub mod share;
pub mod sqlite;
pub mod strength;
pub mod sync;
pub mod team;
pub mod token;
pub mod vault;
pub mod wire;

pub use cli::run;
