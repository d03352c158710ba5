//! Key hierarchy, AEAD, KDF and the root-key cache.
//!
//! ```text
//! passphrase --Argon2id--> passphrase key --wraps--> root key (random)
//! root key --wraps--> env key v_n (random) --wraps--> data key (random, one per value version)
//! data key --AES-256-GCM--> value
//! root key --seals--> device identity (age X25519) --opens--> env keys pulled from a server
//! ```
//! This module knows nothing about SQLite or the CLI, and never prints.

pub mod aad;
pub mod aead;
pub mod agent;
pub mod identity;
pub mod kdf;
pub mod keycache;
pub mod keys;
pub mod mac;

pub use aad::Aad;
pub use aead::{OpenError, Opener, open, seal, unwrap_key, wrap_key};
pub use identity::DeviceIdentity;
pub use kdf::KdfParams;
pub use keys::{SecretBytes, SecretKey};
pub use mac::{MacKey, MacPurpose, MacStream};
