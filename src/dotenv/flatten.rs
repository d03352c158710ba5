//! Where the JSON and YAML readers put what they find: dotted keys, scalar text as
//! written, one rule for repeated keys, and the bounds on work that every import shares.
//!
//! Nothing here may put a value into an error: keys are shown through `shown_key`, values
//! never.

use std::collections::HashMap;

use super::{Entry, MAX_ALIAS_ITEMS, MAX_ITEMS, ParseError, key_problem, shown_key};

/// Deepest nesting either reader follows; the same as serde_json's own bound, so a JSON
/// and a YAML document that mean the same are accepted alike.
pub(super) const MAX_DEPTH: usize = 128;

/// Bounds on one import; tests lower them to reach them cheaply.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// See [`MAX_ITEMS`].
    pub max_items: usize,
    /// See [`MAX_ALIAS_ITEMS`].
    pub max_alias_items: usize,
}

impl Limits {
    pub(super) const DEFAULT: Limits = Limits {
        max_items: MAX_ITEMS,
        max_alias_items: MAX_ALIAS_ITEMS,
    };
}

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub(super) fn error(self, message: impl Into<String>) -> ParseError {
        ParseError {
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

/// Every leaf stored so far, in document order, repeats included. Keeping the log (rather
/// than replacing a repeated key in place) lets a YAML anchor stand for a range of it, so
/// anchors cost no copies however they nest; the limit on items bounds its size.
pub(super) struct Sink {
    limits: Limits,
    log: Vec<Entry>,
}

impl Sink {
    pub(super) fn new(limits: Limits) -> Self {
        Self {
            limits,
            log: Vec::new(),
        }
    }

    pub(super) fn limits(&self) -> Limits {
        self.limits
    }

    /// How many leaves have been stored: where the next one will be in the log.
    pub(super) fn stored(&self) -> usize {
        self.log.len()
    }

    /// The key and value of the leaf stored `index`-th.
    pub(super) fn stored_at(&self, index: usize) -> (&str, &str) {
        let entry = &self.log[index];
        (&entry.key, &entry.value)
    }

    /// One entry per key in order of first appearance, the last value winning, as in
    /// dotenv. Folds the log in place (a repeat moves its value to the first entry of its
    /// key and is dropped), so no second list of every item is built.
    pub(super) fn into_entries(self) -> Vec<Entry> {
        let mut log = self.log;
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut repeats = vec![false; log.len()];
        for index in 0..log.len() {
            match first.get(&log[index].key) {
                Some(&at) => {
                    log[at].value = std::mem::take(&mut log[index].value);
                    log[at].line = log[index].line;
                    repeats[index] = true;
                }
                None => {
                    first.insert(log[index].key.clone(), index);
                }
            }
        }
        let mut index = 0;
        log.retain(|_| {
            index += 1;
            !repeats[index - 1]
        });
        log
    }

    /// Stores one leaf after the checks every entry must pass; `at` is where its value
    /// starts, for the error.
    pub(super) fn insert(&mut self, key: String, value: String, at: Pos) -> Result<(), ParseError> {
        if let Some(problem) = key_problem(&key) {
            return Err(at.error(format!("key {}: {problem}", shown_key(&key))));
        }
        if value.contains('\0') {
            return Err(at.error(format!(
                "the value of {} contains a NUL byte, which no environment variable can hold",
                shown_key(&key)
            )));
        }
        if self.log.len() >= self.limits.max_items {
            return Err(at.error(format!(
                "more than {} items; split the file",
                self.limits.max_items
            )));
        }
        self.log.push(Entry {
            key,
            value,
            literal: false,
            line: at.line,
        });
        Ok(())
    }
}

/// `parent.segment`, or `segment` at the top level.
pub(super) fn child_path(parent: Option<&str>, segment: &str) -> String {
    match parent {
        Some(parent) => format!("{parent}.{segment}"),
        None => segment.to_owned(),
    }
}

pub(super) fn not_a_mapping(at: Pos) -> ParseError {
    at.error("the top level must be an object (mapping) of keys to values")
}

pub(super) fn too_deep(at: Pos) -> ParseError {
    at.error(format!("nested deeper than {MAX_DEPTH} levels"))
}
