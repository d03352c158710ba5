//! Integration tests: the real `secretscli` binary in a temporary HOME, one test binary.
#![allow(missing_docs)]

mod completions;
mod context;
mod damage;
mod doctor;
mod files;
mod formats;
mod generated;
mod hostile;
mod inject;
mod prompts;
mod readme;
mod scan;
#[cfg(feature = "server")]
mod server;
mod supervise;
mod sync;
#[cfg(feature = "server")]
mod team_server;
#[cfg(feature = "server")]
mod teams;
mod terminal;
mod util;
mod vault;
