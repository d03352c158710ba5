//! Reading and writing the files secrets live in outside the vault: dotenv, JSON and YAML
//! for import, and dotenv, JSON, YAML, POSIX shell and `docker run --env-file` for export.
//!
//! This module is pure. It turns text into [`Entry`]s and [`ExportItem`]s into text; it
//! never prints, touches a file, reads the environment, exits, or interpolates `${...}`.
//! Interpolation belongs to `inject`, which is why every entry says whether it was
//! [`literal`](Entry::literal) (single-quoted). Error messages name lines, columns and
//! at most a short, safe prefix of a key (see `shown_key`), but never quote a value or a
//! line that could not be read: values are secrets, and errors end up in CI logs.
//!
//! # The dotenv dialect
//!
//! What the node `dotenv` package, python-dotenv and the `dotenvy` crate agree on, with
//! one documented extension (`''` inside single quotes):
//!
//! - A leading UTF-8 BOM is ignored. CRLF and lone CR both end a line (as node and
//!   python's universal newlines do), so a raw CR never reaches a value.
//! - Blank lines and lines whose first non-blank character is `#` are skipped.
//! - `[export ]KEY = value`: the `export ` prefix is optional, blanks around `=` are
//!   allowed. A key is everything up to whitespace or `=`; it must be non-empty and must
//!   not start with `#` or contain a NUL or a BOM. Keys need not be shell identifiers
//!   (`a.b`, `key-with-dashes`). A line without `=` is an error.
//! - Unquoted values are trimmed; a `#` preceded by a blank starts a comment
//!   (`A=b#c` is `b#c`, `A=b #c` and `A= #c` are `b` and empty). Backslashes are kept.
//! - `"double"`: `\n`, `\r`, `\t`, `\"`, `\\` and `\'` are decoded (python-dotenv and
//!   dotenvy both decode `\'`). Every other backslash is kept as written, **including
//!   `\$`**: this parser never expands `$`, so it leaves the escape for `inject`, which
//!   does; consuming it would turn an escaped `"\${X}"` into a live `${X}`.
//! - `'single'`: no escapes, `literal: true`. Extension: `''` inside stands for one `'`
//!   (as in YAML and SQL). Without it a literal value holding `'` could not be written at
//!   all, and `'a''b'` was an error before (text after the closing quote), so no file
//!   that parsed before changes meaning.
//! - `` `backtick` ``: no escapes, may hold both `'` and `"`, not literal.
//! - Quoted values may span lines; after the closing quote only blanks and a `# comment`
//!   may follow. An unterminated quote is reported where it opened.
//! - `KEY=` is the empty string. Duplicate keys: the last value wins, at the position
//!   where the key first appeared.
//! - A NUL anywhere is an error: no environment variable can hold one, and it usually
//!   means the file is UTF-16.
//!
//! # Writing dotenv
//!
//! [`write_dotenv`] output reads back through [`parse_dotenv`] with the same value and
//! literal flag. Literal values are single-quoted with `'` doubled (see above); a literal
//! value with a CR cannot be written (the reader turns CR into a line break) and is an
//! [`ExportError`], as is a NUL anywhere. Non-literal values are bare when they are
//! printable ASCII free of whitespace, quotes, `#`, `\` and `$` (so every common parser
//! reads them alike), otherwise double-quoted with `\\`, `\"`, `\n` and `\r` escaped.
//!
//! # JSON and YAML
//!
//! The top level must be an object (an empty YAML document counts as an empty one).
//! Nested objects flatten to dotted keys (`database.host`), arrays to indexed keys
//! (`list.0`, `list.1`); empty objects and arrays yield no key. Every scalar's text as
//! written is its value: numbers (`0x1F`, `1.50`, `+12`, 30-digit integers), booleans
//! (`yes`, `True`) and dates keep their text; null (`null`, YAML `~` or nothing) is the
//! empty string. Keys keep their text too (`1.10:` is the key `1.10`). Every explicit YAML
//! tag and the merge key (`<<`) is an error, where it stands, rather than a guess. Flattened
//! keys follow the dotenv key rules and values may not hold a NUL. Keys that collide after
//! flattening follow the dotenv rule: the last wins. Neither format can carry the literal
//! flag, so their entries are never literal; [`Entry::line`] is the line of the value.
//!
//! # Bounded work
//!
//! No input makes a parser do unbounded work: at most [`MAX_ITEMS`] entries (repeats
//! included) from any format, at most [`MAX_ALIAS_ITEMS`] of them repeated by YAML aliases
//! (anchors cost nothing until repeated), nesting at most 128 levels. The input size is
//! bounded by the caller (`import --max-size`).
//!
//! # Streaming
//!
//! [`read_dotenv`], [`read_json`] and [`read_yaml`] read from a byte reader and hand each
//! entry on as soon as it is read, repeats included, so an import holds one entry at a
//! time rather than the file (the consumer applies "the last one wins"). What they still
//! keep: the leaves of anchored YAML collections (an alias may repeat them), and in a YAML
//! document with aliases, everything from the first alias on (see `yaml.rs`). The JSON
//! syntax check runs on a second thread fed a copy of each chunk read. [`parse_dotenv`],
//! [`parse_json`] and [`parse_yaml`] are the same readers over a string, folding repeats.
//!
//! [`write_json`] and [`write_yaml`] write flat documents with the items' keys as given
//! (dotted keys stay dotted), every scalar a string, everything escaped, NUL included.

mod flatten;
mod json;
mod parse;
mod stream;
mod structured;
mod write;
mod yaml;

use std::fmt;

use zeroize::Zeroizing;

pub use parse::{parse_dotenv, read_dotenv};
pub use stream::StreamError;
pub use structured::{parse_json, parse_yaml, read_json, read_yaml, write_json, write_yaml};
pub use write::{is_shell_identifier, write_docker, write_dotenv, write_shell};

/// One key/value read from a file. `literal` = came from a single-quoted dotenv value:
/// inject must never expand `${...}` inside it.
#[derive(PartialEq, Eq)]
pub struct Entry {
    /// The variable name, already checked against the key rules in the module doc.
    pub key: String,
    /// The value exactly as the file means it, never interpolated; wiped when dropped.
    pub value: Zeroizing<String>,
    /// True only for single-quoted dotenv values.
    pub literal: bool,
    /// 1-based line where the winning assignment (dotenv) or value (JSON, YAML) starts.
    pub line: usize,
}

// Values are secrets: Debug shows the shape of an entry, never its value.
impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("key", &self.key)
            .field("value", &"***")
            .field("literal", &self.literal)
            .field("line", &self.line)
            .finish()
    }
}

/// A malformed input: 1-based line and column (in characters) and what is wrong.
///
/// Line and column are 0 when the JSON library reported no position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong; never contains a value.
    pub message: String,
}

/// What to write for one item.
#[derive(Clone, Copy)]
pub struct ExportItem<'a> {
    /// The variable name.
    pub key: &'a str,
    /// The secret value.
    pub value: &'a str,
    /// Whether `inject` must leave `${...}` in the value alone; only dotenv keeps it.
    pub literal: bool,
}

// Same reason as for Entry: an item's value must not leak through a log line.
impl fmt::Debug for ExportItem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportItem")
            .field("key", &self.key)
            .field("value", &"***")
            .field("literal", &self.literal)
            .finish()
    }
}

/// An item a format cannot represent (e.g. NUL byte, newline in docker env-file,
/// non-identifier key for shell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The key that was left out.
    pub key: String,
    /// Why the format cannot carry it; never contains the value.
    pub reason: String,
}

/// An item [`write_dotenv`] cannot write so that it reads back the same.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot write {key:?}: {reason}")]
pub struct ExportError {
    /// The offending key.
    pub key: String,
    /// Why it cannot be written; never contains the value.
    pub reason: String,
}

/// Most entries one import may produce, counting repeated keys and what YAML aliases
/// repeat. A bound on work and memory, far above any real environment.
pub const MAX_ITEMS: usize = 1_000_000;

/// Most items YAML aliases may repeat in one document, all aliases together.
/// An alias is a pointer: without this bound a 120 KB "billion laughs" file expands to
/// millions of items (812 MB and 32 s when it was found).
pub const MAX_ALIAS_ITEMS: usize = 100_000;

/// Longest key prefix an error message shows.
const SHOWN_KEY_CHARS: usize = 32;

/// A key as an error message may show it: quoted, at most 32 characters, and only from
/// `[A-Za-z0-9_.-]`, with `…` where the rest is left out.
///
/// Why so strict: what a parser takes for a key can be a secret (a value pasted without
/// `KEY=`, a PEM body, a token used as a YAML key), and errors end up in CI logs.
pub(crate) fn shown_key(key: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let prefix: String = key
        .chars()
        .take_while(|&c| safe(c))
        .take(SHOWN_KEY_CHARS)
        .collect();
    if prefix.len() == key.len() {
        format!("\"{prefix}\"")
    } else {
        format!("\"{prefix}…\"")
    }
}

/// Why `key` cannot be a key in any format we read or write, or `None` when it can.
///
/// One rule for every format, so an entry's key means the same wherever it came from.
fn key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        Some("the key is empty")
    } else if key.contains('\0') {
        Some("the key contains a NUL byte")
    } else if key.chars().any(char::is_whitespace) {
        Some("the key contains whitespace")
    } else if key.contains('=') {
        Some("the key contains '='")
    } else if key.starts_with('#') {
        Some("the key starts with '#'")
    } else if key.contains('\u{feff}') {
        // Seen when files that each start with a BOM are concatenated: the second BOM
        // ends up glued to a key that then never matches.
        Some("the key contains a byte-order mark (U+FEFF), usually left by joining files")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_value() {
        let entry = Entry {
            key: "API_KEY".into(),
            value: Zeroizing::new("hunter2".into()),
            literal: false,
            line: 3,
        };
        let item = ExportItem {
            key: "API_KEY",
            value: "hunter2",
            literal: true,
        };
        assert_eq!(
            format!("{entry:?}"),
            r#"Entry { key: "API_KEY", value: "***", literal: false, line: 3 }"#
        );
        assert_eq!(
            format!("{item:?}"),
            r#"ExportItem { key: "API_KEY", value: "***", literal: true }"#
        );
    }

    #[test]
    fn parse_error_displays_line_column_and_message() {
        let error = ParseError {
            line: 4,
            column: 7,
            message: "expected '='".into(),
        };
        assert_eq!(error.to_string(), "line 4, column 7: expected '='");
    }

    #[test]
    fn export_error_names_the_key() {
        let error = ExportError {
            key: "A".into(),
            reason: "the value contains a NUL byte".into(),
        };
        assert_eq!(
            error.to_string(),
            r#"cannot write "A": the value contains a NUL byte"#
        );
    }

    #[test]
    fn shown_key_keeps_a_short_safe_prefix_only() {
        assert_eq!(shown_key("DB_HOST"), r#""DB_HOST""#);
        assert_eq!(shown_key("a.b-c"), r#""a.b-c""#);
        assert_eq!(shown_key("a.x y"), r#""a.x…""#);
        assert_eq!(shown_key("\u{1b}[31mX"), r#""…""#);
        assert_eq!(shown_key(""), r#""""#);
        let long = "K".repeat(40);
        assert_eq!(shown_key(&long), format!("\"{}…\"", "K".repeat(32)));
        assert_eq!(
            shown_key(&"K".repeat(32)),
            format!("\"{}\"", "K".repeat(32))
        );
    }

    #[test]
    fn key_rules_reject_only_what_no_format_can_carry() {
        for ok in ["A", "a.b", "key-with-dashes", "1X", "ключ", "a#b", "export"] {
            assert_eq!(key_problem(ok), None, "{ok:?}");
        }
        for bad in ["", "a b", "a\tb", "a=b", "#a", "a\0", "\u{feff}A"] {
            assert!(key_problem(bad).is_some(), "{bad:?}");
        }
    }
}
