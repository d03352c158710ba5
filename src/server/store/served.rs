//! The items each service token was last served, per environment and revision, so that a
//! use of an environment that has not moved since serves them again without reading them.
//!
//! A token's use is a read like a snapshot, and like the snapshot cache (`app::snapshots`)
//! this one is keyed by the environment's revision, which every change to its items moves.
//! It is keyed by token too, because a token's `--names` globs cut what it is sent. It
//! holds ciphertexts the store already has, with their JSON encoded once, and saves the
//! item read and the encoding: every check of the use (secret, revocation, expiry,
//! address, uses) and the key wraps are still read each time, so a revoked token gets
//! nothing from it.
//!
//! Bounded by the bytes it holds: when a new entry would pass [`MAX_BYTES`], it is
//! emptied and fills again from the next uses.

use std::collections::HashMap;
use std::sync::Mutex;

use uuid::Uuid;

use crate::wire::ItemVersion;
use crate::wire::token::GrantItems;

/// What the cache holds at most, about (ciphertexts, names and authors).
pub const MAX_BYTES: usize = 64 << 20;

/// The items of one environment as one token was served them at one revision.
#[derive(Debug)]
struct Served {
    revision: i64,
    items: GrantItems,
    bytes: usize,
}

/// See the module documentation.
#[derive(Debug, Default)]
pub struct ServedItems {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    by_token_env: HashMap<(String, Uuid), Served>,
    bytes: usize,
}

impl ServedItems {
    /// The items token `token` was served of `env` at `revision`, if that is what it holds.
    pub fn get(&self, token: &str, env: Uuid, revision: i64) -> Option<GrantItems> {
        let inner = self.inner.lock().expect("served items lock");
        let served = inner.by_token_env.get(&(token.to_string(), env))?;
        (served.revision == revision).then(|| served.items.clone())
    }

    /// Every environment and revision held for `token`: what a store that reads the
    /// revision and the items in one statement may skip.
    pub fn revisions(&self, token: &str) -> Vec<(Uuid, i64)> {
        let inner = self.inner.lock().expect("served items lock");
        inner
            .by_token_env
            .iter()
            .filter(|((t, _), _)| t == token)
            .map(|((_, env), s)| (*env, s.revision))
            .collect()
    }

    /// Keeps what `token` was served of `env` at `revision` (replacing an older revision),
    /// encoded once for every use that finds it.
    pub fn put(
        &self,
        token: &str,
        env: Uuid,
        revision: i64,
        items: Vec<ItemVersion>,
    ) -> GrantItems {
        let items = GrantItems::encoded(items);
        let bytes = items.iter().map(size).sum::<usize>() + items.encoded_len();
        if bytes > MAX_BYTES {
            return items;
        }
        let mut inner = self.inner.lock().expect("served items lock");
        let key = (token.to_string(), env);
        if let Some(old) = inner.by_token_env.remove(&key) {
            if old.revision > revision {
                // A slower use read an older revision: keep the newer one.
                inner.by_token_env.insert(key, old);
                return items;
            }
            inner.bytes -= old.bytes;
        }
        if inner.bytes + bytes > MAX_BYTES {
            inner.by_token_env.clear();
            inner.bytes = 0;
        }
        inner.bytes += bytes;
        let served = Served {
            revision,
            items: items.clone(),
            bytes,
        };
        inner.by_token_env.insert(key, served);
        items
    }

    /// Forgets everything held for `token` (its revocation).
    pub fn forget(&self, token: &str) {
        let mut inner = self.inner.lock().expect("served items lock");
        let mut freed = 0;
        inner.by_token_env.retain(|(t, _), s| {
            let keep = t != token;
            if !keep {
                freed += s.bytes;
            }
            keep
        });
        inner.bytes -= freed;
    }
}

/// About the memory one item takes here.
fn size(i: &ItemVersion) -> usize {
    64 + i.name.len() + i.author.len() + i.wrapped_data_key.len() + i.ciphertext.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, bytes: usize) -> ItemVersion {
        ItemVersion {
            name: name.into(),
            version: 1,
            kind: crate::wire::ItemKind::Secret,
            literal: false,
            key_version: 1,
            wrapped_data_key: vec![1; 60],
            ciphertext: vec![7; bytes],
            created_at: 0,
            author: "alice".into(),
            previous: None,
        }
    }

    #[test]
    fn a_token_gets_back_only_what_it_was_served_at_the_same_revision() {
        let served = ServedItems::default();
        let env = Uuid::new_v4();
        served.put("t1", env, 4, vec![item("A", 10)]);
        assert_eq!(served.get("t1", env, 4).unwrap()[0].name, "A");
        assert!(served.get("t1", env, 5).is_none(), "another revision");
        assert!(served.get("t2", env, 4).is_none(), "another token's globs");
        assert_eq!(served.revisions("t1"), [(env, 4)]);
        served.put("t1", env, 3, vec![item("old", 10)]);
        assert_eq!(served.get("t1", env, 4).unwrap()[0].name, "A", "newer kept");
        served.forget("t1");
        assert!(served.get("t1", env, 4).is_none());
        assert!(served.revisions("t1").is_empty());
    }

    #[test]
    fn it_never_holds_more_than_its_bound() {
        let served = ServedItems::default();
        let big = MAX_BYTES / 3;
        for n in 0..10 {
            served.put("t", Uuid::new_v4(), n, vec![item("A", big)]);
            assert!(served.inner.lock().unwrap().bytes <= MAX_BYTES);
        }
        let env = Uuid::new_v4();
        served.put("t", env, 1, vec![item("huge", MAX_BYTES + 1)]);
        assert!(served.get("t", env, 1).is_none(), "too big to keep");
    }
}
