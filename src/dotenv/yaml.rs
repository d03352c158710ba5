//! The YAML reader: walks parser events instead of a typed tree, because only events keep
//! what an import must not lose or must refuse.
//!
//! - A scalar's text as written is its value: `0xDEADBEEF`, `0o17`, `+12`, `1.10`,
//!   `2001-12-14` and `yes` stay exactly that (serde_yaml turned them into numbers and
//!   printed them back changed).
//! - Every explicit tag (`!!int "x"`, `!!binary`, `!vault`) is refused where it stands:
//!   guessing what a tag means would store something the user did not write.
//! - Aliases are replayed by us, within the alias limit ([`super::MAX_ALIAS_ITEMS`]), so a "billion laughs"
//!   file is refused after a bounded amount of work.
//!
//! Errors never carry a value: the parser's own messages are static texts except one,
//! which quotes a character and is rewritten here.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, StrInput};

use super::flatten::{MAX_DEPTH, Pos, Sink, child_path, not_a_mapping, too_deep};
use super::{ParseError, shown_key};

pub(super) const SECOND_DOCUMENT: &str =
    "only one YAML document is supported; another one starts here";
const TAGS: &str = "YAML tags (!name, !!type) are not supported; remove the tag (quote the value to keep it as text)";
const MERGE: &str = "YAML merge keys (<<) are not supported; write the merged keys out";

/// Reads one YAML document (an empty one has no entries) into `sink`.
pub(super) fn read(input: &str, sink: &mut Sink) -> Result<(), ParseError> {
    let mut reader = Reader {
        parser: Parser::new_from_str(input),
        sink,
        anchors: HashMap::new(),
        recordings: Vec::new(),
        alias_items: 0,
    };
    reader.document()
}

/// What an anchor stands for, kept so an alias can repeat it.
enum Anchored {
    Scalar(String),
    /// The leaves under an anchored mapping or sequence, keyed relative to it.
    Items(Vec<(String, String)>),
}

/// An anchored collection being read: its leaves are copied here as they are stored.
struct Recording {
    id: usize,
    /// Length of the anchored node's path plus its dot: what to cut off a leaf's key.
    prefix_len: usize,
    items: Vec<(String, String)>,
}

struct Reader<'i, 's> {
    parser: Parser<'i, StrInput<'i>>,
    sink: &'s mut Sink,
    anchors: HashMap<usize, Anchored>,
    recordings: Vec<Recording>,
    /// Items copied into recordings or repeated by aliases: bounded by the alias limit.
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

impl<'i> Reader<'i, '_> {
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
                Event::StreamEnd => return Ok(()),
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
                let value = if style == ScalarStyle::Plain && is_null(&text) {
                    String::new()
                } else {
                    text.into_owned()
                };
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
        self.start_recording(anchor, path.as_deref());
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
                        self.anchors
                            .insert(key_anchor, Anchored::Scalar(key.clone()));
                    }
                    key
                }
                Event::Alias(id) => match self.anchors.get(&id) {
                    Some(Anchored::Scalar(text)) => text.clone(),
                    _ => return Err(at.error(NOT_TEXT_KEY)),
                },
                _ => return Err(at.error(NOT_TEXT_KEY)),
            };
            let (value, at) = self.next()?;
            self.node(child_path(path.as_deref(), &key), value, at, depth + 1)?;
        }
        self.finish_recording(anchor);
        Ok(())
    }

    fn sequence(&mut self, path: String, anchor: usize, depth: usize) -> Result<(), ParseError> {
        self.start_recording(anchor, Some(&path));
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
        self.finish_recording(anchor);
        Ok(())
    }

    fn start_recording(&mut self, anchor: usize, path: Option<&str>) {
        if anchor != 0 {
            self.recordings.push(Recording {
                id: anchor,
                prefix_len: path.map_or(0, |p| p.len() + 1),
                items: Vec::new(),
            });
        }
    }

    fn finish_recording(&mut self, anchor: usize) {
        if anchor == 0 {
            return;
        }
        // Recordings nest like the nodes they belong to, so this one is on top.
        if let Some(recording) = self.recordings.pop() {
            debug_assert_eq!(recording.id, anchor);
            self.anchors
                .insert(recording.id, Anchored::Items(recording.items));
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
            Some(Anchored::Items(items)) => {
                let items: Vec<(String, String)> = items
                    .iter()
                    .map(|(suffix, value)| (child_path(Some(path), suffix), value.clone()))
                    .collect();
                self.count_alias_items(items.len(), at)?;
                for (key, value) in items {
                    self.leaf(key, value, at)?;
                }
                Ok(())
            }
            // The anchor's own node is still being read: `&a [*a]`.
            None => Err(at.error("an alias refers to the node that contains it")),
        }
    }

    fn count_alias_items(&mut self, count: usize, at: Pos) -> Result<(), ParseError> {
        self.alias_items = self.alias_items.saturating_add(count);
        let limit = self.sink.limits().max_alias_items;
        if self.alias_items > limit {
            return Err(at.error(format!(
                "YAML anchors and aliases repeat more than {limit} items; write the values out"
            )));
        }
        Ok(())
    }

    /// Stores a leaf, and copies it into every anchored collection being read.
    fn leaf(&mut self, key: String, value: String, at: Pos) -> Result<(), ParseError> {
        if !self.recordings.is_empty() {
            self.count_alias_items(self.recordings.len(), at)?;
            for recording in &mut self.recordings {
                let suffix = key.get(recording.prefix_len..).unwrap_or_default();
                recording.items.push((suffix.to_owned(), value.clone()));
            }
        }
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
