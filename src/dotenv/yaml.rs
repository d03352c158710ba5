//! The YAML reader: walks parser events instead of a typed tree, because only events keep
//! what an import must not lose or must refuse.
//!
//! - A scalar's text as written is its value: `0xDEADBEEF`, `0o17`, `+12`, `1.10`,
//!   `2001-12-14` and `yes` stay exactly that (serde_yaml turned them into numbers and
//!   printed them back changed).
//! - Every explicit tag (`!!int "x"`, `!!binary`, `!vault`) is refused where it stands:
//!   guessing what a tag means would store something the user did not write.
//! - Aliases are replayed by us, at most [`super::MAX_ALIAS_ITEMS`] items in all, so a
//!   "billion laughs" file is refused after a bounded amount of work. From the first
//!   alias on, entries are held until the document is read whole, so such a file is
//!   refused before the consumer (an import's vault writes) did any work for it; a
//!   document without aliases is handed on as it is read.
//!
//! Errors never carry a value: the parser's own messages are static texts except one,
//! which quotes a character and is rewritten here.

use std::collections::HashMap;

use saphyr_parser::{Event, Input, Parser, ScalarStyle, ScanError, Span};
use zeroize::Zeroizing;

use super::flatten::{MAX_DEPTH, Pos, Sink, child_path, not_a_mapping, too_deep};
use super::{ParseError, shown_key};

pub(super) const SECOND_DOCUMENT: &str =
    "only one YAML document is supported; another one starts here";
const TAGS: &str = "YAML tags (!name, !!type) are not supported; remove the tag (quote the value to keep it as text)";
const MERGE: &str = "YAML merge keys (<<) are not supported; write the merged keys out";

/// Reads one YAML document (an empty one has no entries) from `chars` into `sink`, each
/// leaf handed on as soon as its value is read.
pub(super) fn read(
    chars: impl Iterator<Item = char>,
    sink: &mut Sink<'_>,
) -> Result<(), ParseError> {
    let mut reader = Reader {
        parser: Parser::new_from_iter(chars),
        sink,
        anchors: HashMap::new(),
        alias_items: 0,
    };
    reader.document()
}

/// What an anchor stands for, kept so an alias can repeat it.
enum Anchored {
    Scalar(Zeroizing<String>),
    /// The leaves under an anchored mapping or sequence: a range of the sink's log.
    Items(Collection),
}

/// An anchored mapping or sequence: the leaves stored while it was read.
#[derive(Clone, Copy)]
struct Collection {
    /// Length of the anchored node's path plus its dot: what to cut off a leaf's key.
    prefix_len: usize,
    start: usize,
    end: usize,
}

struct Reader<'i, 's, 'e, T: Input> {
    parser: Parser<'i, T>,
    sink: &'s mut Sink<'e>,
    anchors: HashMap<usize, Anchored>,
    /// Items repeated by aliases so far, bounded by the alias limit.
    alias_items: usize,
}

fn pos(span: &Span) -> Pos {
    Pos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

fn scan_error(error: &ScanError) -> ParseError {
    let at = Pos {
        line: error.marker().line(),
        column: error.marker().col() + 1,
    };
    // The one parser message that quotes the input ("unexpected character: `@'").
    let message = if error.info().starts_with("unexpected character") {
        "a plain value cannot start with '@', '`' or '%'; quote it"
    } else {
        error.info()
    };
    at.error(message)
}

impl<'i, T: Input> Reader<'i, '_, '_, T> {
    fn next(&mut self) -> Result<(Event<'i>, Pos), ParseError> {
        match self.parser.next_event() {
            Some(Ok((event, span))) => Ok((event, pos(&span))),
            Some(Err(error)) => Err(scan_error(&error)),
            // The parser ends every stream with StreamEnd, which `document` stops at.
            None => Err(Pos { line: 0, column: 0 }.error("unexpected end of the YAML stream")),
        }
    }

    /// StreamStart, at most one document, StreamEnd.
    fn document(&mut self) -> Result<(), ParseError> {
        let mut documents = 0;
        loop {
            let (event, at) = self.next()?;
            match event {
                Event::StreamEnd => return self.sink.flush(at),
                Event::DocumentStart(_) if documents > 0 => {
                    return Err(at.error(SECOND_DOCUMENT));
                }
                Event::DocumentStart(_) => {
                    documents += 1;
                    let (top, at) = self.next()?;
                    self.top(top, at)?;
                }
                _ => {}
            }
        }
    }

    /// The top level: a mapping, or nothing at all (`---` alone, `~`).
    fn top(&mut self, event: Event<'i>, at: Pos) -> Result<(), ParseError> {
        match event {
            Event::MappingStart(anchor, tag) => {
                refuse_tag(tag.is_some(), None, at)?;
                self.mapping(None, anchor, 0)
            }
            Event::Scalar(text, ScalarStyle::Plain, _, None) if is_null(&text) => Ok(()),
            _ => Err(not_a_mapping(at)),
        }
    }

    /// Reads the node that starts with `event` into `path`.
    fn node(
        &mut self,
        path: String,
        event: Event<'i>,
        at: Pos,
        depth: usize,
    ) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(too_deep(at));
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                refuse_tag(tag.is_some(), Some(&path), at)?;
                let value = Zeroizing::new(if style == ScalarStyle::Plain && is_null(&text) {
                    String::new()
                } else {
                    text.into_owned()
                });
                if anchor != 0 {
                    self.anchors.insert(anchor, Anchored::Scalar(value.clone()));
                }
                self.leaf(path, value, at)
            }
            Event::MappingStart(anchor, tag) => {
                refuse_tag(tag.is_some(), Some(&path), at)?;
                self.mapping(Some(path), anchor, depth)
            }
            Event::SequenceStart(anchor, tag) => {
                refuse_tag(tag.is_some(), Some(&path), at)?;
                self.sequence(path, anchor, depth)
            }
            Event::Alias(id) => self.alias(&path, id, at),
            _ => Err(at.error("unexpected YAML event")),
        }
    }

    fn mapping(
        &mut self,
        path: Option<String>,
        anchor: usize,
        depth: usize,
    ) -> Result<(), ParseError> {
        let start = self.start_anchored(anchor);
        let prefix_len = path.as_ref().map_or(0, |p| p.len() + 1);
        loop {
            let (event, at) = self.next()?;
            let key = match event {
                Event::MappingEnd => break,
                Event::Scalar(text, style, key_anchor, tag) => {
                    refuse_tag(tag.is_some(), path.as_deref(), at)?;
                    if style == ScalarStyle::Plain && text == "<<" {
                        return Err(at.error(MERGE));
                    }
                    let key = text.into_owned();
                    if key_anchor != 0 {
                        let text = Zeroizing::new(key.clone());
                        self.anchors.insert(key_anchor, Anchored::Scalar(text));
                    }
                    key
                }
                Event::Alias(id) => match self.anchors.get(&id) {
                    Some(Anchored::Scalar(text)) => text.to_string(),
                    _ => return Err(at.error(NOT_TEXT_KEY)),
                },
                _ => return Err(at.error(NOT_TEXT_KEY)),
            };
            let (value, at) = self.next()?;
            self.node(child_path(path.as_deref(), &key), value, at, depth + 1)?;
        }
        self.remember(anchor, prefix_len, start);
        Ok(())
    }

    fn sequence(&mut self, path: String, anchor: usize, depth: usize) -> Result<(), ParseError> {
        let start = self.start_anchored(anchor);
        let prefix_len = path.len() + 1;
        let mut index = 0usize;
        loop {
            let (event, at) = self.next()?;
            if matches!(event, Event::SequenceEnd) {
                break;
            }
            self.node(
                child_path(Some(&path), &index.to_string()),
                event,
                at,
                depth + 1,
            )?;
            index += 1;
        }
        self.remember(anchor, prefix_len, start);
        Ok(())
    }

    /// Starts logging the leaves of an anchored collection (an alias may repeat them).
    fn start_anchored(&mut self, anchor: usize) -> usize {
        if anchor == 0 { 0 } else { self.sink.record() }
    }

    /// Records what an anchored collection stored, once it is read whole.
    fn remember(&mut self, anchor: usize, prefix_len: usize, start: usize) {
        if anchor != 0 {
            let end = self.sink.stop_recording();
            let items = Collection {
                prefix_len,
                start,
                end,
            };
            self.anchors.insert(anchor, Anchored::Items(items));
        }
    }

    /// Repeats what an anchor stands for under `path`.
    fn alias(&mut self, path: &str, id: usize, at: Pos) -> Result<(), ParseError> {
        match self.anchors.get(&id) {
            Some(Anchored::Scalar(text)) => {
                let text = text.clone();
                self.count_alias_items(1, at)?;
                self.leaf(path.to_owned(), text, at)
            }
            Some(&Anchored::Items(items)) => {
                self.count_alias_items(items.end - items.start, at)?;
                for index in items.start..items.end {
                    let (key, value) = self.sink.stored_at(index);
                    let key =
                        child_path(Some(path), key.get(items.prefix_len..).unwrap_or_default());
                    let value = Zeroizing::new(value.to_owned());
                    self.leaf(key, value, at)?;
                }
                Ok(())
            }
            // The anchor's own node is still being read: `&a [*a]`.
            None => Err(at.error("an alias refers to the node that contains it")),
        }
    }

    fn count_alias_items(&mut self, count: usize, at: Pos) -> Result<(), ParseError> {
        self.sink.hold();
        self.alias_items = self.alias_items.saturating_add(count);
        let limit = self.sink.limits().max_alias_items;
        if self.alias_items > limit {
            return Err(at.error(format!(
                "YAML aliases repeat more than {limit} items in all; write the values out"
            )));
        }
        Ok(())
    }

    fn leaf(&mut self, key: String, value: Zeroizing<String>, at: Pos) -> Result<(), ParseError> {
        self.sink.insert(key, value, at)
    }
}

const NOT_TEXT_KEY: &str = "a mapping key must be text, not a mapping or a sequence";

/// Refuses a tagged node, naming the key it sits under when there is one.
fn refuse_tag(tagged: bool, path: Option<&str>, at: Pos) -> Result<(), ParseError> {
    match (tagged, path) {
        (false, _) => Ok(()),
        (true, Some(path)) => Err(at.error(format!("{}: {TAGS}", shown_key(path)))),
        (true, None) => Err(at.error(TAGS)),
    }
}

/// YAML's plain nulls; their value is the empty string.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}
