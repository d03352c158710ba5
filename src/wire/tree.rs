//! Dotted names as nested JSON: `database.host` and `database.port` become
//! `{"database": {"host": .., "port": ..}}`, the shape apps read a config subtree in, from
//! the sidecar (`serve`) and from the server's config API alike.
//!
//! Pure: no I/O. A name that is both a value and the parent of other names (`database`
//! next to `database.host`) cannot be both a string and an object, so it is reported as
//! a [`Collision`] naming both, never silently dropped.

use serde_json::{Map, Value};

/// A value name that is also a prefix of other names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{leaf:?} is a value and also the parent of {child:?}; read each by its full name")]
pub struct Collision {
    /// The name holding a value.
    pub leaf: String,
    /// A name under it.
    pub child: String,
}

/// Builds the nested object of `items` (full dotted names), each name taken relative to
/// `prefix` (empty: the whole environment; else names start with `prefix.`).
pub fn nest<'a>(
    prefix: &str,
    items: impl IntoIterator<Item = (&'a str, Value)>,
) -> Result<Map<String, Value>, Collision> {
    let mut root = Map::new();
    for (name, value) in items {
        let rel = match prefix {
            "" => name,
            p => name
                .strip_prefix(p)
                .and_then(|r| r.strip_prefix('.'))
                .unwrap_or(name),
        };
        insert(&mut root, name, rel, value)?;
    }
    Ok(root)
}

/// Inserts `value` at the path `rel` (dotted) of `root`; `name` is the full name, for errors.
fn insert(
    root: &mut Map<String, Value>,
    name: &str,
    rel: &str,
    value: Value,
) -> Result<(), Collision> {
    let segments: Vec<&str> = rel.split('.').collect();
    let (last, parents) = segments
        .split_last()
        .expect("split yields one segment at least");
    let mut node = root;
    let mut walked = name.len() - rel.len();
    for seg in parents {
        walked += seg.len();
        let slot = node
            .entry((*seg).to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        node = match slot {
            Value::Object(map) => map,
            _ => {
                return Err(Collision {
                    leaf: name[..walked].to_string(),
                    child: name.to_string(),
                });
            }
        };
        walked += 1;
    }
    if let Some(existing) = node.get(*last) {
        return Err(Collision {
            leaf: name.to_string(),
            child: first_leaf(name, existing),
        });
    }
    node.insert((*last).to_string(), value);
    Ok(())
}

/// The full name of some value under `existing` (an object already at `name`).
fn first_leaf(name: &str, existing: &Value) -> String {
    match existing {
        Value::Object(map) => match map.iter().next() {
            Some((k, v)) => first_leaf(&format!("{name}.{k}"), v),
            None => name.to_string(),
        },
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(prefix: &str, names: &[&str]) -> Result<Value, Collision> {
        let items = names.iter().map(|n| (*n, json!(format!("v:{n}"))));
        nest(prefix, items).map(Value::Object)
    }

    #[test]
    fn dotted_names_become_nested_objects() {
        let got = nested("", &["database.host", "database.port", "LOG"]).unwrap();
        assert_eq!(
            got,
            json!({"database": {"host": "v:database.host", "port": "v:database.port"}, "LOG": "v:LOG"})
        );
    }

    #[test]
    fn a_prefix_is_cut_from_the_names_under_it() {
        let got = nested("database", &["database.host", "database.pool.max"]).unwrap();
        assert_eq!(
            got,
            json!({"host": "v:database.host", "pool": {"max": "v:database.pool.max"}})
        );
    }

    #[test]
    fn a_value_that_is_also_a_parent_is_a_collision_in_either_order() {
        let want = Collision {
            leaf: "database".into(),
            child: "database.host".into(),
        };
        assert_eq!(
            nested("", &["database", "database.host"]),
            Err(want.clone())
        );
        assert_eq!(nested("", &["database.host", "database"]), Err(want));
        let deep = nested("", &["a.b", "a.b.c"]).unwrap_err();
        assert_eq!((deep.leaf.as_str(), deep.child.as_str()), ("a.b", "a.b.c"));
    }
}
