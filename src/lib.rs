//! `secretscli`: an encrypted local vault for secrets and config, with the commands a
//! developer uses every day.
//!
//! Layers, each allowed to use only those after it:
//! - [`cli`]: clap definitions and one file per command; the only layer that prints,
//!   prompts or exits.
//! - [`context`], [`paths`]: which vault, project and env a command uses, and why.
//! - [`team`]: members, devices, recipient pins, grant completion and removal; uses
//!   sync, vault and wire.
//! - [`sync`]: the sync client (push, pull, diff); uses vault, crypto and wire only.
//! - [`vault`]: the only SQL for the local vault; returns domain types.
//! - [`crypto`], [`dotenv`]: pure building blocks with no I/O of their own
//!   (except the key cache, which talks to the OS keyring or the agent).
//! - `server` (cargo feature `server`, on by default): the sync server; it uses only
//!   [`wire`] and [`sqlite`], never `vault` or `crypto`, so it cannot decrypt anything.
//!
//! Invariants: plaintext lives only in [`crypto::SecretBytes`] (zeroized on drop) and in
//! what the user asked to be printed or exported; nothing here writes it to a temp file.
#![forbid(unsafe_code)]

pub mod cli;
pub mod context;
pub mod crypto;
pub mod dotenv;
pub mod error;
pub mod inject;
pub mod output;
pub mod paths;
pub mod scan;
#[cfg(feature = "server")]
pub mod server;
pub mod sqlite;
pub mod sync;
pub mod team;
pub mod vault;
pub mod wire;

pub use cli::run;
