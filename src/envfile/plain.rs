//! The plaintext side: a dotenv file read into its entries *and* its layout (comment and
//! blank lines, in order), so encrypting and decrypting keeps what a person wrote around the
//! values. Values are read by the one dotenv parser (src/dotenv), never by a second one.
//!
//! Kept: full-line comments, blank lines, order. Not kept: `export ` prefixes, inline
//! comments after a value, and the original quoting (values are written back the way
//! `export` writes them, single-quoted when literal).

use zeroize::Zeroizing;

use super::{EnvFileError, Value};
use crate::dotenv::{self, Entry, ExportItem};

/// One line (or multi-line assignment) of a plaintext env file.
#[derive(Debug)]
pub enum PlainLine {
    /// A comment or blank line, as written (no line break).
    Layout(String),
    /// An assignment.
    Entry {
        /// The name.
        name: String,
        /// The value.
        value: Value,
        /// 1-based line where it starts.
        line: usize,
    },
}

/// A plaintext env file: its lines in order.
#[derive(Debug, Default)]
pub struct PlainDoc {
    /// Lines in file order.
    pub lines: Vec<PlainLine>,
}

/// Lines starting like this are the encrypted format's own; a plaintext comment may not.
const RESERVED: &str = "#@secretscli";

/// Reads a plaintext dotenv file. A key given twice is refused (which value was meant?).
pub fn parse_plain(text: &str) -> Result<PlainDoc, EnvFileError> {
    let text = normalise(text);
    let raw: Vec<&str> = text.split('\n').collect();
    let mut entries: Vec<Entry> = Vec::new();
    let read = dotenv::read_dotenv(text.as_bytes(), |e| {
        entries.push(e);
        Ok::<(), std::convert::Infallible>(())
    });
    if let Err(e) = read {
        return Err(match e {
            dotenv::StreamError::Parse(p) => p.into(),
            _ => malformed(0, "the file could not be read as UTF-8 dotenv"),
        });
    }
    refuse_duplicates(&entries)?;
    let mut doc = PlainDoc::default();
    let mut next = 1usize;
    let starts: Vec<usize> = entries.iter().map(|e| e.line).collect();
    for (i, entry) in entries.into_iter().enumerate() {
        push_layout(&mut doc, &raw, next, entry.line)?;
        let limit = starts.get(i + 1).map_or(raw.len(), |n| n - 1);
        next = end_of(&raw, &entry, limit) + 1;
        doc.lines.push(PlainLine::Entry {
            name: entry.key,
            value: Value {
                text: entry.value,
                literal: entry.literal,
            },
            line: entry.line,
        });
    }
    // The split leaves one empty piece after a final line break: not a line of its own.
    let last = if text.ends_with('\n') {
        raw.len()
    } else {
        raw.len() + 1
    };
    push_layout(&mut doc, &raw, next, last)?;
    Ok(doc)
}

/// CRLF and lone CR end lines (as in the dotenv parser); a BOM is dropped.
fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn malformed(line: usize, what: &str) -> EnvFileError {
    EnvFileError::Malformed {
        line,
        what: what.to_string(),
    }
}

fn refuse_duplicates(entries: &[Entry]) -> Result<(), EnvFileError> {
    let mut seen = std::collections::HashMap::new();
    for e in entries {
        if let Some(first) = seen.insert(e.key.as_str(), e.line) {
            return Err(EnvFileError::Duplicate {
                line: e.line,
                first,
                name: dotenv::shown_key(&e.key),
            });
        }
    }
    Ok(())
}

/// Lines `from..to` (1-based, `to` excluded): the comments and blanks between entries.
fn push_layout(
    doc: &mut PlainDoc,
    raw: &[&str],
    from: usize,
    to: usize,
) -> Result<(), EnvFileError> {
    for n in from..to {
        let line = raw[n - 1];
        if line.trim_start().starts_with(RESERVED) {
            return Err(malformed(
                n,
                "a comment starting with #@secretscli is reserved for the encrypted format",
            ));
        }
        doc.lines.push(PlainLine::Layout(line.to_string()));
    }
    Ok(())
}

/// The last line of `entry`'s assignment, at most `limit` (the line before the next
/// entry): the first line at which the assignment alone parses to the same key and value
/// (a quoted value may span lines). That holds for every line from the true end up to
/// `limit` (what follows is comments and blanks) and for none before it, so a binary
/// search finds it: a value of m lines costs O(m log m), never O(m²).
fn end_of(raw: &[&str], entry: &Entry, limit: usize) -> usize {
    let start = entry.line;
    let ends_by = |end: usize| -> bool {
        let mut text = Zeroizing::new(String::new());
        for line in &raw[start - 1..end] {
            text.push_str(line);
            text.push('\n');
        }
        dotenv::parse_dotenv(&text).is_ok_and(|parsed| {
            parsed.len() == 1 && parsed[0].key == entry.key && parsed[0].value == entry.value
        })
    };
    let (mut low, mut high) = (start, limit.max(start));
    while low < high {
        let mid = low + (high - low) / 2;
        if ends_by(mid) {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    low
}

/// Writes `doc` as dotenv that [`parse_plain`] reads back to the same names and values.
pub fn render_plain(doc: &PlainDoc) -> Result<Zeroizing<String>, EnvFileError> {
    let mut out = Zeroizing::new(String::new());
    for line in &doc.lines {
        match line {
            PlainLine::Layout(text) => {
                out.push_str(text);
                out.push('\n');
            }
            PlainLine::Entry { name, value, .. } => {
                let written = Zeroizing::new(dotenv::write_dotenv(&[ExportItem {
                    key: name,
                    value: &value.text,
                    literal: value.literal,
                }])?);
                out.push_str(&written);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(doc: &PlainDoc) -> Vec<String> {
        doc.lines
            .iter()
            .map(|l| match l {
                PlainLine::Layout(t) => format!("L:{t}"),
                PlainLine::Entry { name, value, .. } => {
                    format!(
                        "E:{name}={}{}",
                        *value.text,
                        if value.literal { "'" } else { "" }
                    )
                }
            })
            .collect()
    }

    #[test]
    fn comments_blanks_and_order_are_kept() {
        let doc = parse_plain("# db\nB=2\n\n# api\nA='x${y}'\n").unwrap();
        assert_eq!(
            names(&doc),
            ["L:# db", "E:B=2", "L:", "L:# api", "E:A=x${y}'"]
        );
    }

    #[test]
    fn a_comment_looking_line_inside_a_multiline_value_stays_in_the_value() {
        let doc = parse_plain("K=\"a\n# not a comment\nb\"\n# after\n").unwrap();
        assert_eq!(names(&doc), ["E:K=a\n# not a comment\nb", "L:# after"]);
    }

    #[test]
    fn a_repeated_key_is_refused_naming_both_lines() {
        let err = parse_plain("A=1\nB=2\nA=3\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: \"A\" appears again (first on line 1); a line was duplicated"
        );
    }

    #[test]
    fn rendering_reads_back_the_same() {
        let text = "# c\nA=plain\nB='lit ${x}'\nC=\"two\nlines\"\n\n";
        let doc = parse_plain(text).unwrap();
        let again = parse_plain(&render_plain(&doc).unwrap()).unwrap();
        assert_eq!(names(&doc), names(&again));
    }

    #[test]
    fn a_long_multiline_value_between_comments_is_found_whole() {
        let body: String = (0..2000).map(|i| format!("line {i}\n")).collect();
        let text = format!("# a\nK=\"{body}\"\n# b\n\nL=1\n");
        let doc = parse_plain(&text).unwrap();
        let shape: Vec<String> = names(&doc)
            .iter()
            .map(|n| n.chars().take(8).collect())
            .collect();
        assert_eq!(shape, ["L:# a", "E:K=line", "L:# b", "L:", "E:L=1"]);
    }

    #[test]
    fn a_reserved_comment_is_refused() {
        assert!(parse_plain("#@secretscli-seal v1\nA=1\n").is_err());
    }
}
