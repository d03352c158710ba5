//! Reading an input as it arrives: characters decoded from a byte reader, with the line
//! and column every error needs, so that a file is never held whole. An import of a
//! 16 MiB file of small items once took 7-9 times the file in memory, because the text,
//! the parsed entries and their copies were all alive at once.
//!
//! A read or decoding failure ends the character stream (the parsers see the end of the
//! input) and is kept here; the caller reports it in preference to whatever the parser
//! made of the truncated input. Nothing here may keep or show the text it passes on.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, ErrorKind};

use super::{Entry, ParseError};

/// Why reading a streamed input stopped.
pub enum StreamError<E> {
    /// The input is malformed at a line and column.
    Parse(ParseError),
    /// The input is not UTF-8: the offset of the first bad byte.
    NotUtf8 {
        /// Byte offset from the start of the input.
        offset: u64,
    },
    /// Reading the input failed (the reader's own error, e.g. a size limit).
    Io(io::Error),
    /// The consumer of the entries refused one.
    Sink(E),
}

impl<E> From<ParseError> for StreamError<E> {
    fn from(error: ParseError) -> Self {
        StreamError::Parse(error)
    }
}

impl<E: fmt::Debug> fmt::Debug for StreamError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Parse(e) => f.debug_tuple("Parse").field(e).finish(),
            StreamError::NotUtf8 { offset } => {
                f.debug_struct("NotUtf8").field("offset", offset).finish()
            }
            StreamError::Io(e) => f.debug_tuple("Io").field(e).finish(),
            StreamError::Sink(e) => f.debug_tuple("Sink").field(e).finish(),
        }
    }
}

/// Why the character stream ended early.
pub(super) enum InputError {
    NotUtf8(u64),
    Io(io::Error),
}

impl InputError {
    pub(super) fn into_stream<E>(self) -> StreamError<E> {
        match self {
            InputError::NotUtf8(offset) => StreamError::NotUtf8 { offset },
            InputError::Io(e) => StreamError::Io(e),
        }
    }
}

/// The characters of a UTF-8 byte stream. Ends at the end of the input or at the first
/// failure, which [`Chars::failure`] then returns.
pub(super) struct Chars<R> {
    input: R,
    offset: u64,
    failed: Option<InputError>,
}

impl<R: BufRead> Chars<R> {
    pub(super) fn new(input: R) -> Self {
        Chars {
            input,
            offset: 0,
            failed: None,
        }
    }

    /// Why the stream ended before the input did, if it did.
    pub(super) fn failure(&mut self) -> Option<InputError> {
        self.failed.take()
    }

    /// Reads the rest of the input without decoding it (so a reader that copies what
    /// passes, as the JSON validator's does, sees all of it), keeping the first failure.
    pub(super) fn drain(&mut self) {
        if self.failed.is_some() {
            return;
        }
        loop {
            match self.fill() {
                Ok([]) => return,
                Ok(buf) => {
                    let len = buf.len();
                    self.input.consume(len);
                }
                Err(e) => {
                    self.failed = Some(InputError::Io(e));
                    return;
                }
            }
        }
    }

    fn fill(&mut self) -> io::Result<&[u8]> {
        loop {
            match self.input.fill_buf() {
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                // Re-borrowed so the retry loop above does not hold the first borrow.
                Ok(_) => return self.input.fill_buf(),
                Err(e) => return Err(e),
            }
        }
    }

    fn fail(&mut self, error: InputError) -> Option<char> {
        self.failed = Some(error);
        None
    }

    /// Decodes a character of `width` bytes that may straddle the reader's buffer.
    fn wide(&mut self, width: usize) -> Option<char> {
        let start = self.offset;
        let mut bytes = [0u8; 4];
        let mut have = 0;
        while have < width {
            let buf = match self.fill() {
                Ok(buf) => buf,
                Err(e) => return self.fail(InputError::Io(e)),
            };
            if buf.is_empty() {
                return self.fail(InputError::NotUtf8(start));
            }
            let take = (width - have).min(buf.len());
            bytes[have..have + take].copy_from_slice(&buf[..take]);
            self.input.consume(take);
            have += take;
        }
        self.offset += width as u64;
        match std::str::from_utf8(&bytes[..width]) {
            Ok(text) => text.chars().next(),
            Err(_) => self.fail(InputError::NotUtf8(start)),
        }
    }
}

impl<R: BufRead> Iterator for Chars<R> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if self.failed.is_some() {
            return None;
        }
        let first = match self.fill() {
            Ok([]) => return None,
            Ok(buf) => buf[0],
            Err(e) => return self.fail(InputError::Io(e)),
        };
        let width = match first {
            0x00..=0x7f => {
                self.input.consume(1);
                self.offset += 1;
                return Some(char::from(first));
            }
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return self.fail(InputError::NotUtf8(self.offset)),
        };
        self.wide(width)
    }
}

/// A character stream with one character of lookahead and the 1-based line and column
/// (in characters) of the next one.
pub(super) struct Cursor<I: Iterator<Item = char>> {
    chars: I,
    next: Option<char>,
    line: usize,
    column: usize,
}

impl<I: Iterator<Item = char>> Cursor<I> {
    pub(super) fn new(mut chars: I) -> Self {
        let next = chars.next();
        Cursor {
            chars,
            next,
            line: 1,
            column: 1,
        }
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.next
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.next?;
        self.next = self.chars.next();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Consumes characters while `keep` holds, appending them to `out`.
    pub(super) fn take_into(&mut self, out: &mut String, keep: impl Fn(char) -> bool) {
        while let Some(c) = self.peek().filter(|&c| keep(c)) {
            out.push(c);
            self.bump();
        }
    }

    /// Consumes characters while `keep` holds; says whether there were any.
    pub(super) fn skip_while(&mut self, keep: impl Fn(char) -> bool) -> bool {
        let mut any = false;
        while self.peek().is_some_and(&keep) {
            self.bump();
            any = true;
        }
        any
    }

    pub(super) fn here(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    pub(super) fn line(&self) -> usize {
        self.line
    }

    pub(super) fn inner_ref(&self) -> &I {
        &self.chars
    }
}

/// One entry per key, in order of first appearance, the last value winning: the rule for
/// repeated keys in every format, for callers that want the whole file as a list.
pub(super) fn fold_repeats(
    read: impl FnOnce(&mut dyn FnMut(Entry) -> Result<(), ParseError>) -> Result<(), ParseError>,
) -> Result<Vec<Entry>, ParseError> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    read(&mut |entry: Entry| {
        match positions.get(&entry.key) {
            Some(&at) => entries[at] = entry,
            None => {
                positions.insert(entry.key.clone(), entries.len());
                entries.push(entry);
            }
        }
        Ok(())
    })?;
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], capacity: usize) -> (String, Option<u64>) {
        let mut chars = Chars::new(io::BufReader::with_capacity(capacity, bytes));
        let text: String = chars.by_ref().collect();
        let bad = match chars.failure() {
            Some(InputError::NotUtf8(at)) => Some(at),
            Some(InputError::Io(e)) => panic!("{e}"),
            None => None,
        };
        (text, bad)
    }

    /// Hands out one line per read and counts the lines given so far.
    struct LineByLine {
        lines: Vec<String>,
        given: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl io::Read for LineByLine {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let Some(line) = self.lines.get(self.given.get()) else {
                return Ok(0);
            };
            assert!(line.len() <= buf.len(), "test lines fit one read");
            buf[..line.len()].copy_from_slice(line.as_bytes());
            self.given.set(self.given.get() + 1);
            Ok(line.len())
        }
    }

    type Reader = fn(
        io::BufReader<LineByLine>,
        &mut dyn FnMut(Entry) -> Result<(), ()>,
    ) -> Result<(), StreamError<()>>;

    /// Every entry of a 1,000-item file is handed on within a few lines of where it is
    /// written: no format holds the file (or its entries) before the first is emitted.
    #[test]
    fn every_format_emits_each_entry_before_reading_much_further() {
        let items = 1000;
        let cases: [(&str, Vec<String>, Reader); 3] = [
            (
                "dotenv",
                (0..items).map(|i| format!("K{i}=v{i}\n")).collect(),
                |r, emit| super::super::read_dotenv(r, emit),
            ),
            (
                "json",
                std::iter::once("{\n".to_owned())
                    .chain((0..items).map(|i| format!("\"K{i}\": \"v{i}\",\n")))
                    .chain(["\"end\": 0}\n".to_owned()])
                    .collect(),
                |r, emit| super::super::read_json(r, emit),
            ),
            (
                "yaml",
                (0..items).map(|i| format!("K{i}: v{i}\n")).collect(),
                |r, emit| super::super::read_yaml(r, emit),
            ),
        ];
        for (format, lines, read) in cases {
            let total = lines.len();
            let given = std::rc::Rc::new(std::cell::Cell::new(0));
            let reader = io::BufReader::new(LineByLine {
                lines,
                given: given.clone(),
            });
            let mut emitted = 0;
            let mut furthest_ahead = 0;
            read(reader, &mut |entry: Entry| {
                if emitted < items {
                    assert_eq!(entry.key, format!("K{emitted}"), "{format}");
                    assert_eq!(entry.value.as_str(), format!("v{emitted}"), "{format}");
                }
                furthest_ahead = furthest_ahead.max(given.get() - entry.line);
                emitted += 1;
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{format}: {e:?}"));
            assert!(emitted >= items, "{format}: {emitted} entries");
            assert_eq!(
                given.get(),
                total,
                "{format}: the input was read to its end"
            );
            assert!(
                furthest_ahead <= 3,
                "{format}: an entry was emitted {furthest_ahead} lines after its own"
            );
        }
    }

    #[test]
    fn a_refused_entry_stops_reading() {
        let given = std::rc::Rc::new(std::cell::Cell::new(0));
        let reader = io::BufReader::new(LineByLine {
            lines: (0..100).map(|i| format!("K{i}=v\n")).collect(),
            given: given.clone(),
        });
        let error = super::super::read_dotenv(reader, |entry| {
            if entry.key == "K2" {
                Err("full")
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(matches!(error, StreamError::Sink("full")), "{error:?}");
        assert!(given.get() <= 4, "read {} lines", given.get());
    }

    #[test]
    fn characters_split_across_reads_decode_whole() {
        let text = "aé€🔑z";
        for capacity in 1..8 {
            assert_eq!(decode(text.as_bytes(), capacity), (text.to_owned(), None));
        }
    }

    #[test]
    fn invalid_utf8_ends_the_stream_at_its_offset() {
        for (bytes, good, offset) in [
            (&b"ab\xffcd"[..], "ab", 2),
            (b"a\xc3", "a", 1),
            (b"a\xc3(", "a", 1),
            (b"\xed\xa0\x80", "", 0),
            (b"ok\xc0\x80", "ok", 2),
        ] {
            for capacity in [1, 2, 64] {
                assert_eq!(
                    decode(bytes, capacity),
                    (good.to_owned(), Some(offset)),
                    "{bytes:?}"
                );
            }
        }
    }
}
