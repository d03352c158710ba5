//! New env key versions for live service tokens (docs/tokens.md, "Key rotation"), decided
//! once for both backends: which wraps a key holder may add to a token's keys.
//!
//! The store only ever adds a wrap addressed to the token's own recipient, of a key
//! version the environment has, to a live token that already holds keys of that
//! environment (as its own or an inherited one): a wrap can never widen a token's scope
//! to a new environment nor address a key to anyone but the token.

use super::{Result, StoreError};
use crate::wire::token::TokenWrap;

/// A token as an upload of wraps needs it.
#[derive(Debug, Clone)]
pub struct Holder {
    /// Its recipient.
    pub recipient: String,
    /// Whether it is live (not revoked: its share is still held).
    pub live: bool,
    /// Whether it already holds a key version of the environment.
    pub holds_env: bool,
}

/// Whether `wrap` (the `i`th of the upload) may be added for `holder` (None: no token with
/// that id), given whether the environment has that key version.
pub fn check_wrap(
    i: usize,
    wrap: &TokenWrap,
    holder: Option<&Holder>,
    version_exists: bool,
) -> Result<()> {
    let bad = |why: &str| Err(StoreError::Invalid(format!("wraps[{i}]: {why}")));
    let Some(h) = holder.filter(|h| h.live && h.holds_env) else {
        return bad("no live service token with that id holds keys of this environment");
    };
    if wrap.wrap.recipient != h.recipient {
        return bad("a wrap must be addressed to the token's recipient");
    }
    if !version_exists {
        return bad("the environment has no such key version");
    }
    Ok(())
}

/// At most this many wraps in one upload (tokens of one environment times new versions).
pub const MAX_WRAPS: usize = 10_000;

/// The most parent links followed from a token's environment: deeper (or a cycle a
/// damaged store could hold) stops there rather than loop.
pub const MAX_DEPTH: usize = 16;

/// What a creation's inherited keys must satisfy: each environment is an ancestor of one
/// of the token's own (`ancestors`, from the store's parent links), not one of them, named
/// once, and every wrap addressed to the token's recipient.
pub fn check_inherited(
    req: &crate::wire::token::CreateServiceToken,
    ancestors: &[uuid::Uuid],
) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (i, env) in req.inherited.iter().enumerate() {
        let bad = |why: &str| Err(StoreError::Invalid(format!("inherited[{i}]: {why}")));
        if !seen.insert(env.env_id) || req.envs.iter().any(|e| e.env_id == env.env_id) {
            return bad("the environment appears twice");
        }
        if !ancestors.contains(&env.env_id) {
            return bad("not an environment the token's environments inherit from");
        }
        if env.wraps.iter().any(|w| w.recipient != req.recipient) {
            return bad("every wrap must be addressed to the token's recipient");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::WrappedKey;

    #[test]
    fn a_wrap_is_added_only_for_a_live_holder_at_its_recipient_of_an_existing_version() {
        let w = TokenWrap {
            token_id: "ab".into(),
            wrap: WrappedKey {
                key_version: 2,
                recipient: "age1token".into(),
                wrapped: vec![1],
            },
        };
        let h = Holder {
            recipient: "age1token".into(),
            live: true,
            holds_env: true,
        };
        assert!(check_wrap(0, &w, Some(&h), true).is_ok());
        assert!(check_wrap(0, &w, Some(&h), false).is_err());
        assert!(check_wrap(0, &w, None, true).is_err());
        for h in [
            Holder {
                live: false,
                ..h.clone()
            },
            Holder {
                holds_env: false,
                ..h.clone()
            },
            Holder {
                recipient: "age1other".into(),
                ..h.clone()
            },
        ] {
            assert!(check_wrap(0, &w, Some(&h), true).is_err(), "{h:?}");
        }
    }
}
