//! `${NAME}` and `${NAME:-default}` references between items, resolved on bytes.
//!
//! Only the braced form expands: a bare `$` is always literal, so `pa$word` survives.
//! `\${` writes a literal `${`. Literal items (single-quoted in a dotenv file, or
//! `set --literal`) are never expanded, and a reference to one yields its raw text.
//! References resolve against the environment's items first, then the parent process's
//! environment, then the default. A cycle is an error naming the items in it.

use crate::crypto::SecretBytes;

/// One item to interpolate.
pub struct Item<'a> {
    /// Key name.
    pub name: &'a str,
    /// Stored value.
    pub value: &'a [u8],
    /// Never expanded.
    pub literal: bool,
}

/// What went wrong while expanding.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InterpolateError {
    /// Items refer to each other in a loop.
    #[error("items refer to each other in a cycle: {0}")]
    Cycle(String),
    /// `--strict` and a reference matched nothing.
    #[error(
        "{item} refers to ${{{reference}}}, which is neither an item nor set in the environment"
    )]
    Unknown {
        /// The item holding the reference.
        item: String,
        /// The name referred to.
        reference: String,
    },
    /// A `${` with no closing brace.
    #[error("{item} has an unterminated ${{...}} reference")]
    Unterminated {
        /// The item.
        item: String,
    },
}

/// Expanded values, in the input order, and the references that expanded to nothing.
pub struct Expanded {
    /// The expanded value of each input item, in order; `None` when it is the stored value
    /// unchanged (no reference, or literal), which spares copying most values.
    pub values: Vec<Option<SecretBytes>>,
    /// `(item, reference)` pairs that matched nothing and became empty (warn about these).
    pub unknown: Vec<(String, String)>,
}

struct Resolver<'a, 'p> {
    items: &'a [Item<'a>],
    /// `(name, index)` sorted by name: items usually arrive sorted, so this is one pass,
    /// and a lookup is a binary search rather than hashing every name.
    by_name: Vec<(&'a str, usize)>,
    parent: &'p dyn Fn(&str) -> Option<Vec<u8>>,
    strict: bool,
    /// Per item, once resolved: its expanded value, or `None` when it is used as stored.
    done: Vec<Option<Option<SecretBytes>>>,
    stack: Vec<usize>,
    unknown: Vec<(String, String)>,
}

/// Expands every item's references.
pub fn expand<'a>(
    items: &'a [Item<'a>],
    parent: &dyn Fn(&str) -> Option<Vec<u8>>,
    strict: bool,
) -> Result<Expanded, InterpolateError> {
    // Most items hold no reference; when none does, there is nothing to index or copy.
    if !items.iter().any(needs_expansion) {
        return Ok(Expanded {
            values: items.iter().map(|_| None).collect(),
            unknown: Vec::new(),
        });
    }
    let mut by_name: Vec<(&str, usize)> =
        items.iter().enumerate().map(|(n, i)| (i.name, n)).collect();
    by_name.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut r = Resolver {
        items,
        by_name,
        parent,
        strict,
        done: items.iter().map(|_| None).collect(),
        stack: Vec::new(),
        unknown: Vec::new(),
    };
    for (n, item) in items.iter().enumerate() {
        if needs_expansion(item) {
            r.resolve(n)?;
        }
    }
    Ok(Expanded {
        values: r.done.into_iter().map(Option::flatten).collect(),
        unknown: r.unknown,
    })
}

fn needs_expansion(item: &Item<'_>) -> bool {
    !item.literal && contains(item.value, b"${")
}

impl<'a> Resolver<'a, '_> {
    fn resolve(&mut self, n: usize) -> Result<(), InterpolateError> {
        if self.done[n].is_some() {
            return Ok(());
        }
        if let Some(pos) = self.stack.iter().position(|&m| m == n) {
            let mut cycle: Vec<&str> = self.stack[pos..]
                .iter()
                .map(|&m| self.items[m].name)
                .collect();
            cycle.push(self.items[n].name);
            return Err(InterpolateError::Cycle(cycle.join(" -> ")));
        }
        let item = &self.items[n];
        let value = if needs_expansion(item) {
            self.stack.push(n);
            let mut out = Vec::with_capacity(item.value.len());
            self.expand_into(item.name, item.value, &mut out)?;
            self.stack.pop();
            Some(SecretBytes::new(out))
        } else {
            None
        };
        self.done[n] = Some(value);
        Ok(())
    }

    /// Appends `text` with its references expanded to `out`.
    fn expand_into(
        &mut self,
        owner: &'a str,
        text: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), InterpolateError> {
        let mut i = 0;
        while i < text.len() {
            if text[i..].starts_with(b"\\${") {
                out.extend_from_slice(b"${");
                i += 3;
            } else if text[i..].starts_with(b"${") {
                let end =
                    closing_brace(text, i + 2).ok_or_else(|| InterpolateError::Unterminated {
                        item: owner.to_string(),
                    })?;
                self.reference(owner, &text[i + 2..end], out)?;
                i = end + 1;
            } else {
                out.push(text[i]);
                i += 1;
            }
        }
        Ok(())
    }

    /// Expands the inside of one `${...}`.
    fn reference(
        &mut self,
        owner: &'a str,
        inner: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), InterpolateError> {
        let (name, default) = match find(inner, b":-") {
            Some(p) => (&inner[..p], Some(&inner[p + 2..])),
            None => (inner, None),
        };
        let name = String::from_utf8_lossy(name).into_owned();
        let found = self.lookup(&name)?;
        match (found, default) {
            (Some(v), _) if !v.is_empty() || default.is_none() => out.extend_from_slice(&v),
            (_, Some(default)) => self.expand_into(owner, default, out)?,
            (None, None) => {
                if self.strict {
                    return Err(InterpolateError::Unknown {
                        item: owner.to_string(),
                        reference: name,
                    });
                }
                self.unknown.push((owner.to_string(), name));
            }
            (Some(_), None) => unreachable!("handled by the first arm"),
        }
        Ok(())
    }

    fn lookup(&mut self, name: &str) -> Result<Option<Vec<u8>>, InterpolateError> {
        let Ok(pos) = self.by_name.binary_search_by(|(k, _)| (*k).cmp(name)) else {
            return Ok((self.parent)(name));
        };
        let n = self.by_name[pos].1;
        self.resolve(n)?;
        let value = match &self.done[n] {
            Some(Some(expanded)) => expanded.expose(),
            _ => self.items[n].value,
        };
        Ok(Some(value.to_vec()))
    }
}

/// Index of the `}` closing a reference whose body starts at `from`, skipping nested `${...}`.
fn closing_brace(text: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while i < text.len() {
        if text[i..].starts_with(b"${") {
            depth += 1;
            i += 2;
            continue;
        }
        if text[i] == b'}' {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
        }
        i += 1;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn run(
        items: &[(&str, &str, bool)],
        parent: &[(&str, &str)],
        strict: bool,
    ) -> Result<Vec<(String, String)>, InterpolateError> {
        let items: Vec<Item<'_>> = items
            .iter()
            .map(|(n, v, l)| Item {
                name: n,
                value: v.as_bytes(),
                literal: *l,
            })
            .collect();
        let parent: HashMap<String, Vec<u8>> = parent
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect();
        let lookup = move |name: &str| parent.get(name).cloned();
        let out = expand(&items, &lookup, strict)?;
        Ok(items
            .iter()
            .zip(out.values)
            .map(|(i, v)| {
                let bytes = v.as_ref().map_or(i.value, |v| v.expose());
                (
                    i.name.to_string(),
                    String::from_utf8(bytes.to_vec()).unwrap(),
                )
            })
            .collect())
    }

    fn one(value: &str, others: &[(&str, &str, bool)], parent: &[(&str, &str)]) -> String {
        let mut items = vec![("X", value, false)];
        items.extend_from_slice(others);
        run(&items, parent, false).unwrap()[0].1.clone()
    }

    #[test]
    fn values_without_references_are_passed_through_uncopied() {
        let items = [
            Item {
                name: "B",
                value: b"pa$word",
                literal: false,
            },
            Item {
                name: "A",
                value: b"${B}",
                literal: true,
            },
        ];
        let out = expand(&items, &|_| None, true).unwrap();
        assert!(out.values.iter().all(Option::is_none));
        assert!(out.unknown.is_empty());
    }

    #[test]
    fn braced_references_expand_and_bare_dollars_stay() {
        let others = [("DB_USER", "app", false), ("DB_PASS", "pa$word", false)];
        assert_eq!(
            one("postgres://${DB_USER}:${DB_PASS}@db/app", &others, &[]),
            "postgres://app:pa$word@db/app"
        );
        assert_eq!(
            one("pa$word $HOME $ {x} $$", &[], &[]),
            "pa$word $HOME $ {x} $$"
        );
    }

    #[test]
    fn table_of_expansions() {
        let cases: &[(&str, &str)] = &[
            ("${A}", "a"),
            ("${A}${A}", "aa"),
            ("x${MISSING:-fallback}y", "xfallbacky"),
            ("${EMPTY:-used when empty}", "used when empty"),
            ("${A:-not used}", "a"),
            ("${MISSING:-${A}-nested}", "a-nested"),
            ("\\${A}", "${A}"),
            ("$A {A} $${A}", "$A {A} $a"),
            ("${HOME}", "/home/parent"),
            ("${dotted.name}/${key-dash}", "d/k"),
            ("€${A}€", "€a€"),
        ];
        let others = [
            ("A", "a", false),
            ("EMPTY", "", false),
            ("dotted.name", "d", false),
            ("key-dash", "k", false),
        ];
        for (input, want) in cases {
            assert_eq!(
                one(input, &others, &[("HOME", "/home/parent")]),
                *want,
                "{input}"
            );
        }
    }

    #[test]
    fn items_win_over_the_parent_environment() {
        assert_eq!(
            one(
                "${HOME}",
                &[("HOME", "/vault/home", false)],
                &[("HOME", "/parent")]
            ),
            "/vault/home"
        );
    }

    #[test]
    fn literal_items_are_never_expanded_but_can_be_referenced() {
        let out = run(
            &[
                ("L", "${A} raw", true),
                ("R", "<${L}>", false),
                ("A", "a", false),
            ],
            &[],
            false,
        )
        .unwrap();
        assert_eq!(out[0].1, "${A} raw");
        assert_eq!(out[1].1, "<${A} raw>");
    }

    #[test]
    fn unknown_references_become_empty_and_are_reported() {
        let items = [Item {
            name: "X",
            value: b"a${NOPE}b",
            literal: false,
        }];
        let out = expand(&items, &|_| None, false).unwrap();
        assert_eq!(out.values[0].as_ref().unwrap().expose(), b"ab");
        assert_eq!(out.unknown, vec![("X".to_string(), "NOPE".to_string())]);
    }

    #[test]
    fn strict_mode_refuses_unknown_references() {
        let err = run(&[("X", "${NOPE}", false)], &[], true).unwrap_err();
        assert_eq!(
            err,
            InterpolateError::Unknown {
                item: "X".into(),
                reference: "NOPE".into()
            }
        );
    }

    #[test]
    fn cycles_are_errors_naming_the_items() {
        let err = run(
            &[
                ("A", "${B}", false),
                ("B", "${C}", false),
                ("C", "${A}", false),
            ],
            &[],
            false,
        )
        .unwrap_err();
        assert_eq!(err, InterpolateError::Cycle("A -> B -> C -> A".into()));
        let err = run(&[("SELF", "x${SELF}", false)], &[], false).unwrap_err();
        assert_eq!(err, InterpolateError::Cycle("SELF -> SELF".into()));
    }

    #[test]
    fn an_unterminated_reference_names_the_item() {
        assert_eq!(
            run(&[("X", "${OPEN", false)], &[], false).unwrap_err(),
            InterpolateError::Unterminated { item: "X".into() }
        );
    }

    #[test]
    fn non_utf8_values_pass_through_byte_exact() {
        let items = [Item {
            name: "B",
            value: &[0xff, b'$', 0xfe],
            literal: false,
        }];
        let out = expand(&items, &|_| None, false).unwrap();
        assert!(out.values[0].is_none(), "no reference: used as stored");
    }
}
