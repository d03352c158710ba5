//! Integration tests: the real `secretscli` binary in a temporary HOME, one test binary.
#![allow(missing_docs)]

mod context;
mod files;
mod formats;
mod inject;
mod prompts;
mod supervise;
mod util;
mod vault;
