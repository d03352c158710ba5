//! Integration tests: the real `secretscli` binary in a temporary HOME, one test binary.
#![allow(missing_docs)]

#[cfg(feature = "server")]
mod alias_sync;
mod check;
mod completions;
#[cfg(feature = "server")]
mod config_api;
mod context;
mod damage;
mod doctor;
mod envfile;
#[cfg(feature = "server")]
mod feed;
#[cfg(feature = "server")]
mod feed_ws;
mod files;
mod formats;
mod generated;
mod hostile;
mod inject;
#[cfg(feature = "server")]
mod lease;
mod pki;
mod prompts;
#[cfg(feature = "server")]
mod protect;
mod readme;
mod recovery;
#[cfg(feature = "server")]
mod restart_groups;
#[cfg(feature = "server")]
mod rotation;
mod scan;
#[cfg(feature = "server")]
mod serve;
#[cfg(feature = "server")]
mod server;
#[cfg(feature = "server")]
mod share;
#[cfg(feature = "server")]
mod share_browser;
mod strength;
mod supervise;
mod sync;
#[cfg(feature = "server")]
mod team_server;
#[cfg(feature = "server")]
mod teams;
mod terminal;
#[cfg(feature = "server")]
mod token_oidc;
mod tokens;
mod util;
mod vault;
