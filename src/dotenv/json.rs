//! The JSON reader: serde_json checks the document while a small walker flattens it as it
//! arrives and keeps every number's text as written.
//!
//! Why not serde alone: a visitor only sees numbers as `u64`/`f64`, so a 30-digit integer
//! became `1.2345678901234568e+29` and `1.50` became `1.5`; serde_json's
//! `arbitrary_precision` would keep them but changes `serde_json::Number` for every other
//! module of the crate. The check runs on a second thread that is fed a copy of every
//! chunk read, so the input is read once and never held whole; its verdict comes before
//! anything the walker found, so serde_json keeps its exact error messages (none of which
//! quote a value) and the walker may stop at the first thing it does not expect.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use serde::de::IgnoredAny;
use zeroize::Zeroizing;

use super::ParseError;
use super::flatten::{MAX_DEPTH, Pos, Sink, child_path, not_a_mapping, too_deep};
use super::stream::{Chars, Cursor, InputError};

/// Chunks in flight to the checker: bounds the memory a slow checker can cost.
const CHUNKS_IN_FLIGHT: usize = 4;

/// What reading a JSON document found, in the order it is to be reported.
pub(super) struct Outcome {
    /// The input could not be read whole.
    pub input: Option<InputError>,
    /// serde_json's verdict on the whole document.
    pub checked: Result<(), ParseError>,
    /// What the walker found (or where the sink refused an entry).
    pub walked: Result<(), ParseError>,
}

/// Reads one JSON object from `input` into `sink`.
pub(super) fn read<R: BufRead>(input: R, sink: &mut Sink<'_>) -> Outcome {
    std::thread::scope(|scope| {
        let (to_checker, from_reader) = sync_channel(CHUNKS_IN_FLIGHT);
        let checker = scope.spawn(move || check(from_reader));
        let tee = Tee {
            input,
            to_checker: Some(to_checker),
        };
        let mut chars = Chars::new(BufReader::new(tee));
        let walked = walk(&mut chars, sink);
        // The checker must see the rest too (trailing characters are an error); unless the
        // consumer refused an entry, which ends the import whatever follows.
        if !sink.refused() {
            chars.drain();
        }
        let input = chars.failure();
        drop(chars);
        let checked = checker
            .join()
            .unwrap_or_else(|_| Err(Pos { line: 0, column: 0 }.error("the JSON check failed")));
        Outcome {
            input,
            checked,
            walked,
        }
    })
}

fn check(chunks: Receiver<Zeroizing<Vec<u8>>>) -> Result<(), ParseError> {
    let received = Received {
        chunks,
        chunk: Zeroizing::new(Vec::new()),
        at: 0,
    };
    serde_json::from_reader::<_, IgnoredAny>(BufReader::new(received))
        .map(|_| ())
        .map_err(json_error)
}

/// Passes the input on, and a copy of each chunk to the checker while it listens.
struct Tee<R> {
    input: R,
    to_checker: Option<SyncSender<Zeroizing<Vec<u8>>>>,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let len = self.input.read(buf)?;
        if len > 0
            && let Some(to) = &self.to_checker
            && to.send(Zeroizing::new(buf[..len].to_vec())).is_err()
        {
            // The checker has its verdict (an error) and needs nothing more.
            self.to_checker = None;
        }
        Ok(len)
    }
}

/// The checker's side of the tee; ends when the reader drops its sender.
struct Received {
    chunks: Receiver<Zeroizing<Vec<u8>>>,
    chunk: Zeroizing<Vec<u8>>,
    at: usize,
}

impl Read for Received {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.chunk.len() {
            match self.chunks.recv() {
                Ok(chunk) => {
                    self.chunk = chunk;
                    self.at = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let len = buf.len().min(self.chunk.len() - self.at);
        buf[..len].copy_from_slice(&self.chunk[self.at..self.at + len]);
        self.at += len;
        Ok(len)
    }
}

fn walk<R: BufRead>(chars: &mut Chars<R>, sink: &mut Sink<'_>) -> Result<(), ParseError> {
    let mut walker = Walker {
        cursor: Cursor::new(chars),
        sink,
    };
    walker.skip_blanks();
    let at = walker.here();
    if walker.cursor.peek() != Some('{') {
        return Err(not_a_mapping(at));
    }
    walker.object(None, 0)
}

/// A cursor over text that should be JSON; whatever it does not expect ends the walk
/// (the checker's verdict then says what is wrong).
struct Walker<'s, 'e, I: Iterator<Item = char>> {
    cursor: Cursor<I>,
    sink: &'s mut Sink<'e>,
}

impl<I: Iterator<Item = char>> Walker<'_, '_, I> {
    fn here(&self) -> Pos {
        let (line, column) = self.cursor.here();
        Pos { line, column }
    }

    fn unexpected(&self) -> ParseError {
        self.here().error("invalid JSON")
    }

    /// Steps past the `{` or `[` of a collection at `depth`. serde_json checks documents
    /// it skips without a depth bound, so this walker, which recurses, needs its own.
    fn enter(&mut self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(too_deep(self.here()));
        }
        self.cursor.bump();
        Ok(())
    }

    fn skip_blanks(&mut self) {
        self.cursor
            .skip_while(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
    }

    /// Skips blanks and one punctuation character, which must be one of `expected`.
    fn punct(&mut self, expected: &[char]) -> Result<char, ParseError> {
        self.skip_blanks();
        match self.cursor.peek() {
            Some(c) if expected.contains(&c) => {
                self.cursor.bump();
                Ok(c)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn object(&mut self, path: Option<&str>, depth: usize) -> Result<(), ParseError> {
        self.enter(depth)?;
        self.skip_blanks();
        if self.cursor.peek() == Some('}') {
            self.cursor.bump();
            return Ok(());
        }
        loop {
            self.skip_blanks();
            let key = self.string()?;
            self.punct(&[':'])?;
            self.value(&child_path(path, &key), depth)?;
            if self.punct(&[',', '}'])? == '}' {
                return Ok(());
            }
        }
    }

    fn array(&mut self, path: &str, depth: usize) -> Result<(), ParseError> {
        self.enter(depth)?;
        self.skip_blanks();
        if self.cursor.peek() == Some(']') {
            self.cursor.bump();
            return Ok(());
        }
        let mut index = 0usize;
        loop {
            self.value(&child_path(Some(path), &index.to_string()), depth)?;
            index += 1;
            if self.punct(&[',', ']'])? == ']' {
                return Ok(());
            }
        }
    }

    fn value(&mut self, path: &str, depth: usize) -> Result<(), ParseError> {
        self.skip_blanks();
        let at = self.here();
        let value = match self.cursor.peek() {
            Some('{') => return self.object(Some(path), depth + 1),
            Some('[') => return self.array(path, depth + 1),
            Some('"') => self.string()?,
            _ => {
                let mut token = Zeroizing::new(String::new());
                self.cursor.take_into(&mut token, |c| {
                    c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.')
                });
                match token.as_str() {
                    "" => return Err(self.unexpected()),
                    "null" => Zeroizing::new(String::new()),
                    // true, false and numbers: their text as written.
                    _ => token,
                }
            }
        };
        self.sink.insert(path.to_owned(), value, at)
    }

    /// A string token, decoded; serde_json decodes escapes so `\uD83D\uDD11` pairs are
    /// handled by the same code that checks them.
    fn string(&mut self) -> Result<Zeroizing<String>, ParseError> {
        let at = self.here();
        if self.cursor.peek() != Some('"') {
            return Err(self.unexpected());
        }
        let mut raw = Zeroizing::new(String::from('"'));
        self.cursor.bump();
        let mut escaped = false;
        loop {
            match self.cursor.bump() {
                None => return Err(self.unexpected()),
                Some('"') => break,
                // Every escape is a backslash and one character (`\u` takes its digits
                // as plain ones), so the character after a backslash never closes.
                Some('\\') => {
                    escaped = true;
                    raw.push('\\');
                    match self.cursor.bump() {
                        Some(c) => raw.push(c),
                        None => return Err(self.unexpected()),
                    }
                }
                Some(c) => raw.push(c),
            }
        }
        if !escaped {
            raw.remove(0);
            return Ok(raw);
        }
        raw.push('"');
        serde_json::from_str::<String>(&raw)
            .map(Zeroizing::new)
            .map_err(|_| at.error("invalid string"))
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
