//! The JSON reader: serde_json checks the document, then a small walker flattens it and
//! keeps every number's text as written.
//!
//! Why not serde alone: a visitor only sees numbers as `u64`/`f64`, so a 30-digit integer
//! became `1.2345678901234568e+29` and `1.50` became `1.5`; serde_json's
//! `arbitrary_precision` would keep them but changes `serde_json::Number` for every other
//! module of the crate. Validating first means the walker only ever sees valid JSON, and
//! serde_json keeps its exact error messages,
//! none of which quote a value.

use serde::de::IgnoredAny;

use super::ParseError;
use super::flatten::{MAX_DEPTH, Pos, Sink, child_path, not_a_mapping, too_deep};

/// Reads one JSON object into `sink`.
pub(super) fn read(input: &str, sink: &mut Sink) -> Result<(), ParseError> {
    serde_json::from_str::<IgnoredAny>(input).map_err(json_error)?;
    let mut walker = Walker {
        text: input,
        pos: 0,
        line: 1,
        column: 1,
        sink,
    };
    walker.skip_blanks();
    let at = walker.here();
    if walker.peek() != Some(b'{') {
        return Err(not_a_mapping(at));
    }
    walker.object(None, 0)
}

/// A cursor over text already known to be valid JSON.
struct Walker<'t, 's> {
    text: &'t str,
    pos: usize,
    line: usize,
    column: usize,
    sink: &'s mut Sink,
}

impl Walker<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn here(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    /// Moves past `len` bytes that hold no line break (every token but blanks).
    fn advance(&mut self, len: usize) -> &str {
        let token = &self.text[self.pos..self.pos + len];
        self.pos += len;
        self.column += token.chars().count();
        token
    }

    /// Steps past the `{` or `[` of a collection at `depth`. serde_json checks documents
    /// it skips without a depth bound, so this walker, which recurses, needs its own.
    fn enter(&mut self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(too_deep(self.here()));
        }
        self.advance(1);
        Ok(())
    }

    fn skip_blanks(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.column = 1;
                }
                b' ' | b'\t' | b'\r' => {
                    self.pos += 1;
                    self.column += 1;
                }
                _ => return,
            }
        }
    }

    /// Skips blanks and one expected punctuation byte.
    fn punct(&mut self) -> Option<u8> {
        self.skip_blanks();
        let byte = self.peek()?;
        self.advance(1);
        Some(byte)
    }

    fn object(&mut self, path: Option<&str>, depth: usize) -> Result<(), ParseError> {
        self.enter(depth)?;
        self.skip_blanks();
        if self.peek() == Some(b'}') {
            self.advance(1);
            return Ok(());
        }
        loop {
            self.skip_blanks();
            let key = self.string()?;
            self.punct(); // ':'
            self.value(&child_path(path, &key), depth)?;
            if self.punct() != Some(b',') {
                return Ok(()); // '}'
            }
        }
    }

    fn array(&mut self, path: &str, depth: usize) -> Result<(), ParseError> {
        self.enter(depth)?;
        self.skip_blanks();
        if self.peek() == Some(b']') {
            self.advance(1);
            return Ok(());
        }
        let mut index = 0usize;
        loop {
            self.value(&child_path(Some(path), &index.to_string()), depth)?;
            index += 1;
            if self.punct() != Some(b',') {
                return Ok(()); // ']'
            }
        }
    }

    fn value(&mut self, path: &str, depth: usize) -> Result<(), ParseError> {
        self.skip_blanks();
        let at = self.here();
        let value = match self.peek() {
            Some(b'{') => return self.object(Some(path), depth + 1),
            Some(b'[') => return self.array(path, depth + 1),
            Some(b'"') => self.string()?,
            _ => {
                let len = self.text[self.pos..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.')))
                    .unwrap_or(self.text.len() - self.pos);
                match self.advance(len) {
                    "null" => String::new(),
                    // true, false and numbers: their text as written.
                    token => token.to_owned(),
                }
            }
        };
        self.sink.insert(path.to_owned(), value, at)
    }

    /// A string token, decoded; serde_json decodes escapes so `\uD83D\uDD11` pairs are
    /// handled by the same code that validated them.
    fn string(&mut self) -> Result<String, ParseError> {
        let at = self.here();
        let bytes = self.text.as_bytes();
        let mut end = self.pos + 1;
        // Every escape is a backslash and one ASCII byte (`\u` takes its digits as plain
        // bytes), so skipping the byte after a backslash finds the closing quote.
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let raw = self.advance(end + 1 - self.pos);
        if !raw.contains('\\') {
            return Ok(raw[1..raw.len() - 1].to_owned());
        }
        serde_json::from_str::<String>(raw).map_err(|_| at.error("invalid string"))
    }
}

fn json_error(error: serde_json::Error) -> ParseError {
    let (line, column) = (error.line(), error.column());
    let message = error
        .to_string()
        .replacen(&format!(" at line {line} column {column}"), "", 1);
    // serde_json says column 0 for "before the first character of the line".
    let column = if line == 0 { 0 } else { column.max(1) };
    ParseError {
        line,
        column,
        message,
    }
}
