//! Where the JSON and YAML readers put what they find: dotted keys, scalar text as
//! written, one rule for repeated keys, and the bounds on work that every import shares.
//!
//! Nothing here may put a value into an error: keys are shown through `shown_key`, values
//! never.

use zeroize::Zeroizing;

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

/// Where leaves go: checked, counted, and handed on as entries at once, repeats included
/// (the consumer applies "the last one wins"). Leaves read inside an anchored YAML
/// collection are also kept in a log, so an alias can repeat a range of it without copies
/// however anchors nest; nothing else is kept, so a document is never held whole.
pub(super) struct Sink<'e> {
    limits: Limits,
    /// Leaves handed on so far, repeats and alias copies included.
    items: usize,
    /// Anchored collections being read: while any is, leaves are logged.
    recording: usize,
    log: Vec<(String, Zeroizing<String>)>,
    emit: &'e mut dyn FnMut(Entry) -> Result<(), Refused>,
    refused: bool,
    /// Entries held back until the document is read whole (see [`Sink::hold`]).
    held: Option<Vec<Entry>>,
}

/// The consumer refused an entry; its own error is kept by whoever built the sink.
pub(super) struct Refused;

impl<'e> Sink<'e> {
    pub(super) fn new(
        limits: Limits,
        emit: &'e mut dyn FnMut(Entry) -> Result<(), Refused>,
    ) -> Self {
        Self {
            limits,
            items: 0,
            recording: 0,
            log: Vec::new(),
            emit,
            refused: false,
            held: None,
        }
    }

    /// Holds every entry from here on until [`Sink::flush`]. YAML calls it at the first
    /// alias: an alias multiplies items, and a document that repeats more than the alias
    /// bound must be refused before its consumer did any work for it (a "billion
    /// laughs" file once cost an import 100,000 vault writes before its refusal).
    pub(super) fn hold(&mut self) {
        self.held.get_or_insert_with(Vec::new);
    }

    /// Hands on what [`Sink::hold`] held, once the document is known to be good.
    pub(super) fn flush(&mut self, at: Pos) -> Result<(), ParseError> {
        for entry in self.held.take().unwrap_or_default() {
            let line = entry.line;
            self.emit_one(entry, Pos { line, ..at })?;
        }
        Ok(())
    }

    fn emit_one(&mut self, entry: Entry, at: Pos) -> Result<(), ParseError> {
        (self.emit)(entry).map_err(|Refused| {
            self.refused = true;
            // Never shown: the caller reports the consumer's own error instead.
            at.error("the entry was refused")
        })
    }

    pub(super) fn limits(&self) -> Limits {
        self.limits
    }

    /// Starts logging the leaves of an anchored collection; returns where they start.
    pub(super) fn record(&mut self) -> usize {
        self.recording += 1;
        self.log.len()
    }

    /// Ends the anchored collection [`Sink::record`] started; returns where its leaves end.
    pub(super) fn stop_recording(&mut self) -> usize {
        self.recording -= 1;
        self.log.len()
    }

    /// The key and value of the `index`-th logged leaf.
    pub(super) fn stored_at(&self, index: usize) -> (&str, &str) {
        let (key, value) = &self.log[index];
        (key, value)
    }

    /// Whether reading stopped because the consumer refused an entry.
    pub(super) fn refused(&self) -> bool {
        self.refused
    }

    /// Hands on one leaf after the checks every entry must pass; `at` is where its value
    /// starts, for the error.
    pub(super) fn insert(
        &mut self,
        key: String,
        value: Zeroizing<String>,
        at: Pos,
    ) -> Result<(), ParseError> {
        if let Some(problem) = key_problem(&key) {
            return Err(at.error(format!("key {}: {problem}", shown_key(&key))));
        }
        if value.contains('\0') {
            return Err(at.error(format!(
                "the value of {} contains a NUL byte, which no environment variable can hold",
                shown_key(&key)
            )));
        }
        if self.items >= self.limits.max_items {
            return Err(at.error(format!(
                "more than {} items; split the file",
                self.limits.max_items
            )));
        }
        self.items += 1;
        if self.recording > 0 {
            self.log.push((key.clone(), value.clone()));
        }
        let entry = Entry {
            key,
            value,
            literal: false,
            line: at.line,
        };
        match &mut self.held {
            Some(held) => {
                held.push(entry);
                Ok(())
            }
            None => self.emit_one(entry, at),
        }
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
