//! The frozen additional-authenticated-data layouts that bind every ciphertext to its place.
//!
//! These bytes are part of the vault format and of what later syncs byte for byte between
//! devices, so they only ever use ids that are the same everywhere (UUIDs, names, version
//! numbers) and must never change: a golden test pins each layout. A new layout gets a new
//! label instead of editing an old one.

use uuid::Uuid;

/// Where a ciphertext belongs; each variant is one wrapping purpose with its own label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aad<'a> {
    /// The vault root key, wrapped by the passphrase key.
    RootKey { vault_id: Uuid },
    /// A known message sealed by the root key, to tell whether a cached key fits this vault.
    KeyCheck { vault_id: Uuid },
    /// Version `key_version` of an environment's key, wrapped by the root key.
    EnvKey {
        project_id: Uuid,
        env_id: Uuid,
        key_version: u32,
    },
    /// A value version's data key, wrapped by env key `key_version`.
    DataKey {
        project_id: Uuid,
        env_id: Uuid,
        name: &'a str,
        version: u64,
        key_version: u32,
    },
    /// A value version encrypted under its own data key. Kind and literal flag are bound
    /// too, so flipping a secret to `config` in the file cannot make it leave in clear.
    Value {
        project_id: Uuid,
        env_id: Uuid,
        name: &'a str,
        version: u64,
        is_config: bool,
        literal: bool,
    },
    /// The device's age X25519 identity (`AGE-SECRET-KEY-1...`), sealed by the root key.
    Identity { vault_id: Uuid },
    /// A device API token for one sync server, sealed by the root key. The server id is
    /// bound so a token row copied onto another server's row fails to open.
    RemoteToken { vault_id: Uuid, server_id: Uuid },
    /// One value of an encrypted env file in git (src/envfile), sealed directly by env key
    /// `key_version`. The file format version and the literal flag are bound, so a value
    /// moved to another name, environment, key version or format fails to open.
    EnvFileValue {
        format_version: u32,
        project_id: Uuid,
        env_id: Uuid,
        name: &'a str,
        key_version: u32,
        literal: bool,
    },
}

impl Aad<'_> {
    /// The exact bytes fed to AES-GCM: label, NUL, then fixed-width big-endian fields and
    /// length-prefixed strings, so no two distinct places can encode to the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(96);
        self.write_to(&mut out);
        out
    }

    /// [`Aad::to_bytes`] into a caller's buffer (cleared first), so a loop over thousands
    /// of items reuses one allocation.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.clear();
        match *self {
            Aad::RootKey { vault_id } => {
                out.extend_from_slice(b"secretscli/root-key/v1\0");
                out.extend_from_slice(vault_id.as_bytes());
            }
            Aad::KeyCheck { vault_id } => {
                out.extend_from_slice(b"secretscli/key-check/v1\0");
                out.extend_from_slice(vault_id.as_bytes());
            }
            Aad::EnvKey {
                project_id,
                env_id,
                key_version,
            } => {
                out.extend_from_slice(b"secretscli/env-key/v1\0");
                out.extend_from_slice(project_id.as_bytes());
                out.extend_from_slice(env_id.as_bytes());
                out.extend_from_slice(&key_version.to_be_bytes());
            }
            Aad::DataKey {
                project_id,
                env_id,
                name,
                version,
                key_version,
            } => {
                out.extend_from_slice(b"secretscli/data-key/v1\0");
                out.extend_from_slice(project_id.as_bytes());
                out.extend_from_slice(env_id.as_bytes());
                push_str(out, name);
                out.extend_from_slice(&version.to_be_bytes());
                out.extend_from_slice(&key_version.to_be_bytes());
            }
            Aad::Value {
                project_id,
                env_id,
                name,
                version,
                is_config,
                literal,
            } => {
                out.extend_from_slice(b"secretscli/value/v1\0");
                out.extend_from_slice(project_id.as_bytes());
                out.extend_from_slice(env_id.as_bytes());
                push_str(out, name);
                out.extend_from_slice(&version.to_be_bytes());
                out.push(u8::from(is_config));
                out.push(u8::from(literal));
            }
            Aad::Identity { vault_id } => {
                out.extend_from_slice(b"secretscli/identity/v1\0");
                out.extend_from_slice(vault_id.as_bytes());
            }
            Aad::RemoteToken {
                vault_id,
                server_id,
            } => {
                out.extend_from_slice(b"secretscli/remote-token/v1\0");
                out.extend_from_slice(vault_id.as_bytes());
                out.extend_from_slice(server_id.as_bytes());
            }
            Aad::EnvFileValue {
                format_version,
                project_id,
                env_id,
                name,
                key_version,
                literal,
            } => {
                out.extend_from_slice(b"secretscli/env-file-value/v1\0");
                out.extend_from_slice(&format_version.to_be_bytes());
                out.extend_from_slice(project_id.as_bytes());
                out.extend_from_slice(env_id.as_bytes());
                push_str(out, name);
                out.extend_from_slice(&key_version.to_be_bytes());
                out.push(u8::from(literal));
            }
        }
    }
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    let len = u32::try_from(s.len()).expect("key names are far shorter than 4 GiB");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Uuid = Uuid::from_u128(0x0011_2233_4455_6677_8899_aabb_ccdd_eeff);
    const E: Uuid = Uuid::from_u128(0xffee_ddcc_bbaa_9988_7766_5544_3322_1100);

    #[test]
    fn root_key_layout_is_frozen() {
        let bytes = Aad::RootKey { vault_id: P }.to_bytes();
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f726f6f742d6b65792f763100",
                "00112233445566778899aabbccddeeff"
            )
        );
    }

    #[test]
    fn key_check_layout_is_frozen() {
        let bytes = Aad::KeyCheck { vault_id: P }.to_bytes();
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f6b65792d636865636b2f763100",
                "00112233445566778899aabbccddeeff"
            )
        );
    }

    #[test]
    fn env_key_layout_is_frozen() {
        let bytes = Aad::EnvKey {
            project_id: P,
            env_id: E,
            key_version: 7,
        }
        .to_bytes();
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f656e762d6b65792f763100",
                "00112233445566778899aabbccddeeff",
                "ffeeddccbbaa99887766554433221100",
                "00000007"
            )
        );
    }

    #[test]
    fn data_key_layout_is_frozen() {
        let bytes = Aad::DataKey {
            project_id: P,
            env_id: E,
            name: "DB",
            version: 3,
            key_version: 2,
        }
        .to_bytes();
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f646174612d6b65792f763100",
                "00112233445566778899aabbccddeeff",
                "ffeeddccbbaa99887766554433221100",
                "00000002",
                "4442",
                "0000000000000003",
                "00000002"
            )
        );
    }

    #[test]
    fn value_layout_is_frozen() {
        let bytes = Aad::Value {
            project_id: P,
            env_id: E,
            name: "DB",
            version: 3,
            is_config: true,
            literal: false,
        }
        .to_bytes();
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f76616c75652f763100",
                "00112233445566778899aabbccddeeff",
                "ffeeddccbbaa99887766554433221100",
                "00000002",
                "4442",
                "0000000000000003",
                "01",
                "00"
            )
        );
    }

    #[test]
    fn identity_layout_is_frozen() {
        let bytes = Aad::Identity { vault_id: P }.to_bytes();
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f6964656e746974792f763100",
                "00112233445566778899aabbccddeeff"
            )
        );
    }

    #[test]
    fn remote_token_layout_is_frozen() {
        let bytes = Aad::RemoteToken {
            vault_id: P,
            server_id: E,
        }
        .to_bytes();
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f72656d6f74652d746f6b656e2f763100",
                "00112233445566778899aabbccddeeff",
                "ffeeddccbbaa99887766554433221100"
            )
        );
    }

    #[test]
    fn env_file_value_layout_is_frozen() {
        let bytes = Aad::EnvFileValue {
            format_version: 1,
            project_id: P,
            env_id: E,
            name: "DB",
            key_version: 2,
            literal: true,
        }
        .to_bytes();
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f656e762d66696c652d76616c75652f763100",
                "00000001",
                "00112233445566778899aabbccddeeff",
                "ffeeddccbbaa99887766554433221100",
                "00000002",
                "4442",
                "00000002",
                "01"
            )
        );
    }

    #[test]
    fn different_names_never_share_bytes() {
        let a = Aad::Value {
            project_id: P,
            env_id: E,
            name: "AB",
            version: 1,
            is_config: false,
            literal: false,
        };
        let b = Aad::Value {
            project_id: P,
            env_id: E,
            name: "A",
            version: 1,
            is_config: false,
            literal: false,
        };
        assert_ne!(a.to_bytes(), b.to_bytes());
    }
}
