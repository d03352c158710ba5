//! Share links (docs/share.md, "Formats"): `https://SERVER/s/ID#K`.
//!
//! `ID` is 16 random bytes in unpadded base64url (22 characters): it names the share on the
//! server and is bound into the envelope's AAD. `K` is the 32-byte link key in unpadded
//! base64url (43 characters), in the fragment, which browsers never send to the server
//! (RFC 3986 section 3.5; fetch and navigation strip it). The server prefix (scheme, host,
//! port, path) is the sync server's URL as the creator's device uses it.
//!
//! A recipient-bound link (`share create --to USER`) carries no key: its fragment is the
//! word `to` ([`BOUND_FRAGMENT`]), and the key is wrapped to that user's devices on the
//! server instead.
//!
//! A link carries a key: [`Link`] and [`LinkKey`] print `***` in `Debug`, and the only way
//! to the text is [`Link::expose_url`].

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use zeroize::Zeroizing;

use super::ShareError;

/// Characters of a link key.
pub const KEY_LEN: usize = 43;

/// A share's public id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShareId(String);

impl ShareId {
    /// A fresh random id.
    pub fn random() -> Self {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        ShareId(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// An id as links and the API spell it: [`ID_LEN`] base64url characters.
    pub fn parse(s: &str) -> Option<Self> {
        valid_id(s).then(|| ShareId(s.to_string()))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ShareId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub use crate::wire::share::{ID_LEN, valid_id};

/// The 32-byte key in a link's fragment, zeroized on drop.
pub struct LinkKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(***)")
    }
}

impl LinkKey {
    /// A fresh random key.
    pub fn random() -> Self {
        let mut k = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(k.as_mut());
        LinkKey(k)
    }

    /// A key from its bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        LinkKey(Zeroizing::new(bytes))
    }

    /// The key's bytes.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    fn parse(s: &str) -> Option<Self> {
        if s.len() != KEY_LEN {
            return None;
        }
        let bytes = Zeroizing::new(URL_SAFE_NO_PAD.decode(s).ok()?);
        let arr: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(LinkKey::from_bytes(arr))
    }
}

/// The fragment of a recipient-bound link.
pub const BOUND_FRAGMENT: &str = "to";

/// A share link: where the share lives, which one, and its key.
pub struct Link {
    /// The server's URL (no trailing slash).
    pub server: String,
    /// The share.
    pub id: ShareId,
    /// The key from the fragment; `None` for a recipient-bound link.
    pub key: Option<LinkKey>,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Link({}/s/{}#***)", self.server, self.id)
    }
}

impl Link {
    /// The link's text, key included.
    pub fn expose_url(&self) -> Zeroizing<String> {
        let fragment = match &self.key {
            Some(key) => Zeroizing::new(URL_SAFE_NO_PAD.encode(key.expose())),
            None => Zeroizing::new(BOUND_FRAGMENT.to_string()),
        };
        Zeroizing::new(format!(
            "{}/s/{}#{}",
            self.server,
            self.id,
            fragment.as_str()
        ))
    }

    /// Where the page lives (no key): safe to show and log.
    pub fn page_url(&self) -> String {
        format!("{}/s/{}", self.server, self.id)
    }

    /// Parses `https://SERVER/s/ID#K` (http too: loopback servers and tests).
    pub fn parse(text: &str) -> Result<Self, ShareError> {
        let bad = |why: &'static str| ShareError::BadLink(why);
        let text = text.trim();
        let (page, key) = text
            .split_once('#')
            .ok_or(bad("it has no key after '#' (copy the whole link)"))?;
        let key = match key {
            BOUND_FRAGMENT => None,
            _ => Some(
                LinkKey::parse(key)
                    .ok_or(bad("its key (after '#') is not 43 base64url characters"))?,
            ),
        };
        let url = url::Url::parse(page).map_err(|_| bad("it is not a URL"))?;
        if !matches!(url.scheme(), "https" | "http") || url.query().is_some() {
            return Err(bad("it is not an http(s) link without a query"));
        }
        let (server, id) = page
            .rsplit_once("/s/")
            .ok_or(bad("its path does not end in /s/ID"))?;
        let id = ShareId::parse(id).ok_or(bad("its share id is not 22 base64url characters"))?;
        Ok(Link {
            server: server.to_string(),
            id,
            key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The link format, frozen: the page reads the key from exactly this fragment.
    #[test]
    fn golden_link_v1() {
        let link = Link {
            server: "https://secrets.example.com".into(),
            id: ShareId::parse("AAECAwQFBgcICQoLDA0ODw").unwrap(),
            key: Some(LinkKey::from_bytes([7; 32])),
        };
        let text = "https://secrets.example.com/s/AAECAwQFBgcICQoLDA0ODw#BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc";
        assert_eq!(link.expose_url().as_str(), text);
        let back = Link::parse(text).unwrap();
        assert_eq!(back.server, "https://secrets.example.com");
        assert_eq!(back.id, link.id);
        assert_eq!(back.key.as_ref().unwrap().expose(), &[7; 32]);
        assert_eq!(
            format!("{back:?}"),
            "Link(https://secrets.example.com/s/AAECAwQFBgcICQoLDA0ODw#***)"
        );
    }

    /// A recipient-bound link: no key, the fragment says so.
    #[test]
    fn golden_bound_link_v1() {
        let text = "https://secrets.example.com/s/AAECAwQFBgcICQoLDA0ODw#to";
        let link = Link::parse(text).unwrap();
        assert!(link.key.is_none());
        assert_eq!(link.expose_url().as_str(), text);
    }

    #[test]
    fn a_server_path_prefix_survives_and_broken_links_say_why() {
        let l = Link::parse("http://127.0.0.1:8080/vault/s/AAECAwQFBgcICQoLDA0ODw#BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc").unwrap();
        assert_eq!(l.server, "http://127.0.0.1:8080/vault");
        for bad in [
            "https://x/s/AAECAwQFBgcICQoLDA0ODw",
            "https://x/s/AAECAwQFBgcICQoLDA0ODw#short",
            "https://x/t/AAECAwQFBgcICQoLDA0ODw#BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
            "ftp://x/s/AAECAwQFBgcICQoLDA0ODw#BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
            "https://x/s/AAECAwQFBgcICQoLDA0ODx#BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
        ] {
            assert!(Link::parse(bad).is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn random_ids_are_valid_and_distinct() {
        let (a, b) = (ShareId::random(), ShareId::random());
        assert!(valid_id(a.as_str()) && valid_id(b.as_str()));
        assert_ne!(a, b);
    }
}
