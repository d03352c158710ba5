//! HMAC-SHA256 (RFC 2104) tags for vault metadata that is not encrypted but must not be
//! edited unnoticed: the audit chain, each item's current-version pointer and delete
//! mark, and each environment's whole item set. Each purpose has its own key, derived from the root key with HKDF-SHA256
//! (RFC 5869, no salt, the purpose's label as `info`), so a tag of one kind can never
//! stand in for another, and nobody without the root key can make one.
//!
//! Tags are not secret; the keys are, and never leave this type (no Clone, `Debug` is `***`).

use hkdf::Hkdf;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::SecretKey;

/// What a MAC key is for; each has its own HKDF label, frozen like an AAD label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacPurpose {
    /// Entries of the vault's audit chain and its sealed head.
    AuditChain,
    /// An item's current version and delete mark.
    ItemState,
    /// An environment's item set: every name with its current version and delete mark.
    EnvItems,
    /// The seal line of an encrypted env file in git: the set of its names and values.
    /// Derived from an env key (not the root key), so every holder of that key can check
    /// and remake it, e.g. the merge driver after a clean merge.
    EnvFileSeal,
}

impl MacPurpose {
    fn label(self) -> &'static [u8] {
        match self {
            MacPurpose::AuditChain => b"secretscli/audit-key/v1",
            MacPurpose::ItemState => b"secretscli/item-state-key/v1",
            MacPurpose::EnvItems => b"secretscli/env-items-key/v1",
            MacPurpose::EnvFileSeal => b"secretscli/env-file-seal-key/v1",
        }
    }
}

/// Length of a tag.
pub const TAG_LEN: usize = 32;

/// An HMAC-SHA256 key for one purpose, ready to tag (the keyed state is built once).
pub struct MacKey(Hmac<Sha256>);

impl MacKey {
    /// Derives the key for `purpose` from the vault root key (or, for
    /// [`MacPurpose::EnvFileSeal`], from an env key).
    pub fn derive(root: &SecretKey, purpose: MacPurpose) -> Self {
        let mut okm = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(None, root.expose())
            .expand(purpose.label(), okm.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        MacKey(Hmac::new_from_slice(okm.as_ref()).expect("HMAC takes any key length"))
    }

    /// The tag of `message`.
    pub fn tag(&self, message: &[u8]) -> [u8; TAG_LEN] {
        let mut mac = self.0.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// Whether `tag` is the tag of `message`, compared in constant time.
    pub fn verify(&self, message: &[u8], tag: &[u8]) -> bool {
        let mut mac = self.0.clone();
        mac.update(message);
        mac.verify_slice(tag).is_ok()
    }

    /// A tag of a message fed in parts, for messages too large to build in memory first
    /// (an environment's whole item set).
    pub fn stream(&self) -> MacStream {
        MacStream(self.0.clone())
    }
}

/// A tag being computed over a message given in parts ([`MacKey::stream`]).
pub struct MacStream(Hmac<Sha256>);

impl MacStream {
    /// Appends `part` to the message.
    pub fn update(&mut self, part: &[u8]) {
        self.0.update(part);
    }

    /// The tag of the whole message.
    pub fn tag(self) -> [u8; TAG_LEN] {
        self.0.finalize().into_bytes().into()
    }

    /// Whether `tag` is the tag of the whole message, compared in constant time.
    pub fn verify(self, tag: &[u8]) -> bool {
        self.0.verify_slice(tag).is_ok()
    }
}

impl std::fmt::Debug for MacStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MacStream(***)")
    }
}

impl std::fmt::Debug for MacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MacKey(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> SecretKey {
        SecretKey::from_slice(&[7u8; 32]).unwrap()
    }

    #[test]
    fn derived_keys_and_tags_are_frozen() {
        // Golden values: changing a label or the derivation breaks every existing vault.
        let audit = MacKey::derive(&root(), MacPurpose::AuditChain);
        let state = MacKey::derive(&root(), MacPurpose::ItemState);
        let env_items = MacKey::derive(&root(), MacPurpose::EnvItems);
        assert_eq!(
            hex::encode(env_items.tag(b"message")),
            "c5e77c1976466f6cb806569755cb27f61cc134c67fb0907f2973328c60e88f08"
        );
        assert_eq!(
            hex::encode(audit.tag(b"message")),
            "fe93f91f86cf4189400a20af7b07bec2f368a6ef9cb579180bd2fecb63c8cb41"
        );
        assert_eq!(
            hex::encode(state.tag(b"message")),
            "e659b444100b3c37e180cc1551953d3756740327e1ac57c051a69ccca8b9e3fd"
        );
    }

    #[test]
    fn purposes_and_roots_do_not_share_tags() {
        let audit = MacKey::derive(&root(), MacPurpose::AuditChain);
        let state = MacKey::derive(&root(), MacPurpose::ItemState);
        let other = MacKey::derive(
            &SecretKey::from_slice(&[8u8; 32]).unwrap(),
            MacPurpose::AuditChain,
        );
        let tag = audit.tag(b"m");
        assert!(audit.verify(b"m", &tag));
        assert!(!state.verify(b"m", &tag));
        assert!(!other.verify(b"m", &tag));
        assert!(!audit.verify(b"n", &tag));
        assert!(!audit.verify(b"m", &tag[..31]));
        let env_items = MacKey::derive(&root(), MacPurpose::EnvItems);
        assert!(!env_items.verify(b"m", &tag));
    }

    #[test]
    fn a_streamed_message_has_the_tag_of_the_whole() {
        let key = MacKey::derive(&root(), MacPurpose::EnvItems);
        let mut stream = key.stream();
        stream.update(b"mes");
        stream.update(b"sage");
        assert_eq!(stream.tag(), key.tag(b"message"));
        let mut stream = key.stream();
        stream.update(b"message");
        assert!(stream.verify(&key.tag(b"message")));
    }
}
