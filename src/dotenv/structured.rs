//! JSON and YAML: flattening nested documents into entries on import, and flat documents
//! whose values no reader will retype on export.
//!
//! Import walks the document with a serde visitor instead of building a `Value` tree: that
//! keeps the document's key order (serde_json's map sorts keys) and lets serde attach a
//! line and column to our own errors. Nothing here may put a value into an error, which
//! is why the visitor never falls back on serde's "invalid type: string ..." messages.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Entry, ExportItem, ParseError, key_problem, shown_key};

/// Parses a JSON object into entries, flattening nested objects and arrays into dotted
/// keys (see the module doc).
pub fn parse_json(input: &str) -> Result<Vec<Entry>, ParseError> {
    let mut sink = Sink::new(Format::Json);
    let mut deserializer = serde_json::Deserializer::from_str(input);
    Node::top(&mut sink)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end())
        .map_err(json_error)?;
    Ok(sink.entries)
}

/// Parses a YAML mapping into entries like [`parse_json`]; an empty document has none,
/// and a second document is an error.
pub fn parse_yaml(input: &str) -> Result<Vec<Entry>, ParseError> {
    let mut sink = Sink::new(Format::Yaml);
    let mut documents = serde_yaml::Deserializer::from_str(input);
    if let Some(first) = documents.next() {
        Node::top(&mut sink)
            .deserialize(first)
            .map_err(yaml_error)?;
    }
    if let Some(second) = documents.next() {
        let error = match second.deserialize_any(SecondDocument) {
            Ok(()) => de::Error::custom(SECOND_DOCUMENT),
            Err(error) => error,
        };
        return Err(yaml_error(error));
    }
    Ok(sink.entries)
}

/// Writes a flat, pretty-printed JSON object with the keys in the given order.
pub fn write_json(items: &[ExportItem]) -> String {
    let lines: Vec<String> = items
        .iter()
        .map(|item| format!("  {}: {}", json_string(item.key), json_string(item.value)))
        .collect();
    braced(&lines.join(",\n"))
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// Writes a flat YAML mapping in which every key and value is a double-quoted string, so
/// no reader turns `yes`, `0755`, `1e3` or `~` into something else.
pub fn write_yaml(items: &[ExportItem]) -> String {
    if items.is_empty() {
        // Written as `{}` so it reads back as an empty mapping rather than null.
        return braced("");
    }
    items
        .iter()
        .map(|item| yaml_pair(item.key, item.value))
        .collect()
}

/// `{}` or `{\n<body>\n}`, with a trailing newline.
fn braced(body: &str) -> String {
    if body.is_empty() {
        "{}\n".to_owned()
    } else {
        format!("{{\n{body}\n}}\n")
    }
}

/// One `"key": "value"` line; a key over libyaml's 1024-character limit for implicit
/// keys is written in the explicit `? key` form instead.
fn yaml_pair(key: &str, value: &str) -> String {
    let key = yaml_quoted(key);
    let value = yaml_quoted(value);
    if key.chars().count() > 1000 {
        format!("? {key}\n: {value}\n")
    } else {
        format!("{key}: {value}\n")
    }
}

/// A YAML double-quoted scalar. Anything outside YAML's printable set, and the characters
/// YAML 1.1 readers treat as line breaks (NEL, U+2028, U+2029) or strip (BOM), is escaped
/// so the reader neither rejects nor folds it.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_yaml_printable(c) => out.push(c),
            c if u32::from(c) <= 0xff => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

fn is_yaml_printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Which library produced the numbers, so floats are printed the way it prints them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
}

/// The flattened entries so far; a repeated key keeps its first position and takes the
/// last value, as in dotenv.
struct Sink {
    format: Format,
    entries: Vec<Entry>,
    positions: HashMap<String, usize>,
}

impl Sink {
    fn new(format: Format) -> Self {
        Self {
            format,
            entries: Vec::new(),
            positions: HashMap::new(),
        }
    }

    fn insert(&mut self, key: String, value: String) {
        let entry = Entry {
            key,
            value,
            literal: false,
            line: 0,
        };
        match self.positions.get(&entry.key) {
            Some(&at) => self.entries[at] = entry,
            None => {
                self.positions.insert(entry.key.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    fn float_text(&self, value: f64) -> String {
        match self.format {
            Format::Json => serde_json::Number::from_f64(value)
                .map_or_else(|| value.to_string(), |number| number.to_string()),
            Format::Yaml => serde_yaml::Number::from(value).to_string(),
        }
    }
}

/// One node of the document: the top level (`path` is `None`) or a value under a key.
struct Node<'s> {
    sink: &'s mut Sink,
    path: Option<String>,
    /// The value of a YAML `<<` key, which must not be a mapping or sequence.
    under_merge_key: bool,
}

impl<'s> Node<'s> {
    fn top(sink: &'s mut Sink) -> Self {
        Self {
            sink,
            path: None,
            under_merge_key: false,
        }
    }

    fn child(&mut self, segment: &str) -> Node<'_> {
        let path = match &self.path {
            Some(parent) => format!("{parent}.{segment}"),
            None => segment.to_owned(),
        };
        let under_merge_key = self.sink.format == Format::Yaml && segment == "<<";
        Node {
            sink: self.sink,
            path: Some(path),
            under_merge_key,
        }
    }

    /// Records a scalar under this node's path, checking what every entry must satisfy.
    fn leaf<E: de::Error>(self, value: String) -> Result<(), E> {
        let Some(key) = self.path else {
            return Err(not_a_mapping());
        };
        if let Some(problem) = key_problem(&key) {
            return Err(E::custom(format!("key {}: {problem}", shown_key(&key))));
        }
        if value.contains('\0') {
            return Err(E::custom(format!(
                "the value of {} contains a NUL byte, which no environment variable can hold",
                shown_key(&key)
            )));
        }
        self.sink.insert(key, value);
        Ok(())
    }

    /// Refuses a nested collection where one cannot be flattened.
    fn check_collection<E: de::Error>(&self) -> Result<(), E> {
        if self.under_merge_key {
            Err(E::custom(
                "YAML merge keys (<<) are not supported; write the merged keys out",
            ))
        } else {
            Ok(())
        }
    }
}

fn not_a_mapping<E: de::Error>() -> E {
    E::custom("the top level must be an object (mapping) of keys to values")
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of keys to strings, numbers, booleans, nulls, objects or arrays")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.leaf(value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.leaf(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.leaf(value.to_string())
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<(), E> {
        self.leaf(value.to_string())
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<(), E> {
        self.leaf(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        let text = self.sink.float_text(value);
        self.leaf(text)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.leaf(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<(), E> {
        self.leaf(value)
    }

    /// Null is the empty string; an empty YAML document is an empty mapping.
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        match self.path {
            None if self.sink.format == Format::Yaml => Ok(()),
            _ => self.leaf(String::new()),
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.check_collection()?;
        // String keys: serde_yaml then hands over a scalar key's source text.
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(self.child(&key))?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        if self.path.is_none() {
            return Err(not_a_mapping());
        }
        self.check_collection()?;
        let mut index = 0usize;
        while seq
            .next_element_seed(self.child(&index.to_string()))?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _data: A) -> Result<(), A::Error> {
        // serde_yaml hands tagged values (`!vault |`, `!Ref x`) over as enums. Importing
        // the tagged text as the secret would be wrong, and guessing the tag's meaning
        // worse.
        Err(de::Error::custom(
            "YAML tags (!name) are not supported; remove the tag or quote the value",
        ))
    }

    fn visit_bytes<E: de::Error>(self, _value: &[u8]) -> Result<(), E> {
        Err(E::custom("binary values are not supported"))
    }
}

const SECOND_DOCUMENT: &str = "only one YAML document is supported; another one starts here";

/// Fails on whatever it is given, so serde_yaml reports where a second document starts.
/// Every kind of content is refused here because serde's default messages quote scalars.
struct SecondDocument;

impl<'de> Visitor<'de> for SecondDocument {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a single YAML document")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(SECOND_DOCUMENT))
    }

    fn visit_bool<E: de::Error>(self, _value: bool) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_i64<E: de::Error>(self, _value: i64) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_u64<E: de::Error>(self, _value: u64) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_i128<E: de::Error>(self, _value: i128) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_u128<E: de::Error>(self, _value: u128) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_f64<E: de::Error>(self, _value: f64) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_str<E: de::Error>(self, _value: &str) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_bytes<E: de::Error>(self, _value: &[u8]) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<(), A::Error> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<(), A::Error> {
        self.visit_unit()
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _data: A) -> Result<(), A::Error> {
        self.visit_unit()
    }
}

fn json_error(error: serde_json::Error) -> ParseError {
    let (line, column) = (error.line(), error.column());
    let message = without_position(error.to_string(), line, column);
    // serde_json says column 0 for "before the first character of the line".
    let column = if line == 0 { 0 } else { column.max(1) };
    ParseError {
        line,
        column,
        message,
    }
}

fn yaml_error(error: serde_yaml::Error) -> ParseError {
    let (line, column) = error
        .location()
        .map_or((0, 0), |location| (location.line(), location.column()));
    ParseError {
        line,
        column,
        message: without_position(error.to_string(), line, column),
    }
}

/// Drops the " at line L column C" the libraries add, which ParseError's Display repeats.
fn without_position(message: String, line: usize, column: usize) -> String {
    message.replacen(&format!(" at line {line} column {column}"), "", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(entries: &[Entry]) -> Vec<(&str, &str)> {
        entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str()))
            .collect()
    }

    fn item<'a>(key: &'a str, value: &'a str) -> ExportItem<'a> {
        ExportItem {
            key,
            value,
            literal: false,
        }
    }

    #[test]
    fn json_flattens_nested_objects_and_arrays_in_document_order() {
        let input = r#"{
            "zeta": "last letter, first key",
            "database": {"host": "db", "port": 5432, "ssl": true, "pool": null},
            "list": ["a", {"b": 1.5}, [2]],
            "a.b": "dotted",
            "empty": {},
            "none": [],
            "big": 18446744073709551615,
            "negative": -9223372036854775808,
            "exp": 1e3,
            "text": "line\nbreak é🔑"
        }"#;
        let entries = parse_json(input).unwrap();
        assert_eq!(
            pairs(&entries),
            [
                ("zeta", "last letter, first key"),
                ("database.host", "db"),
                ("database.port", "5432"),
                ("database.ssl", "true"),
                ("database.pool", ""),
                ("list.0", "a"),
                ("list.1.b", "1.5"),
                ("list.2.0", "2"),
                ("a.b", "dotted"),
                ("big", "18446744073709551615"),
                ("negative", "-9223372036854775808"),
                ("exp", "1000.0"),
                ("text", "line\nbreak é🔑"),
            ]
        );
        assert!(entries.iter().all(|e| !e.literal && e.line == 0));
    }

    #[test]
    fn json_keys_colliding_after_flattening_keep_the_last_value() {
        let entries = parse_json(r#"{"a.b": "1", "c": "2", "a": {"b": "3"}}"#).unwrap();
        assert_eq!(pairs(&entries), [("a.b", "3"), ("c", "2")]);
    }

    #[test]
    fn json_top_level_must_be_an_object() {
        // serde_json reports where it stands after reading the offending token.
        let cases = [
            (r#"["x"]"#, 1),
            (r#""hunter2""#, 9),
            ("5", 1),
            ("null", 4),
            ("true", 4),
        ];
        for (input, column) in cases {
            let error = parse_json(input).unwrap_err();
            assert_eq!(
                error.message, "the top level must be an object (mapping) of keys to values",
                "{input}"
            );
            assert_eq!((error.line, error.column), (1, column), "{input}");
        }
    }

    #[test]
    fn json_syntax_errors_carry_line_and_column() {
        let error = parse_json("{\n  \"a\": \"1\",\n  \"b\" \"2\"\n}").unwrap_err();
        assert_eq!(error.to_string(), "line 3, column 7: expected `:`");
        let error = parse_json("").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 1, column 1: EOF while parsing a value"
        );
        let error = parse_json("{} {}").unwrap_err();
        assert_eq!(error.to_string(), "line 1, column 4: trailing characters");
    }

    #[test]
    fn json_rejects_keys_and_values_no_environment_can_hold() {
        let cases = [
            (
                r#"{"a": {"x y": "1"}}"#,
                r#"key "a.x…": the key contains whitespace"#,
            ),
            (r#"{"": "1"}"#, r#"key "": the key is empty"#),
            (r##"{"#a": "1"}"##, r##"key "…": the key starts with '#'"##),
            (
                r#"{"a": "s3cret\u0000"}"#,
                r#"the value of "a" contains a NUL byte, which no environment variable can hold"#,
            ),
        ];
        for (input, message) in cases {
            let error = parse_json(input).unwrap_err();
            assert_eq!(error.message, message, "{input}");
            assert_eq!(error.line, 1, "{input}");
        }
    }

    #[test]
    fn yaml_flattens_like_json_and_keeps_key_text() {
        let input = "\
# comment
database:
  host: db
  port: 5432
  version: 1.10
  zip: 01234
  enabled: yes
  'on': true
  password: ~
servers:
  - name: a
  - name: b
1.10: numeric key
true: boolean key
pem: |
  -----BEGIN KEY-----
  abc
  -----END KEY-----
anchor: &shared x
alias: *shared
";
        let entries = parse_yaml(input).unwrap();
        assert_eq!(
            pairs(&entries),
            [
                ("database.host", "db"),
                ("database.port", "5432"),
                ("database.version", "1.1"),
                ("database.zip", "01234"),
                ("database.enabled", "yes"),
                ("database.on", "true"),
                ("database.password", ""),
                ("servers.0.name", "a"),
                ("servers.1.name", "b"),
                ("1.10", "numeric key"),
                ("true", "boolean key"),
                ("pem", "-----BEGIN KEY-----\nabc\n-----END KEY-----\n"),
                ("anchor", "x"),
                ("alias", "x"),
            ]
        );
    }

    #[test]
    fn yaml_duplicate_keys_keep_the_last_value() {
        let entries = parse_yaml("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(pairs(&entries), [("a", "3"), ("b", "2")]);
    }

    #[test]
    fn empty_yaml_document_has_no_entries() {
        for input in ["", "# only a comment\n", "---\n", "{}"] {
            assert_eq!(parse_yaml(input).unwrap(), [], "{input:?}");
        }
    }

    #[test]
    fn yaml_errors_carry_line_and_column() {
        let cases = [
            (
                "- a\n- b\n",
                1,
                1,
                "the top level must be an object (mapping) of keys to values",
            ),
            (
                "just a string\n",
                1,
                1,
                "the top level must be an object (mapping) of keys to values",
            ),
            ("a: 1\n---\nb: 2\n", 3, 1, SECOND_DOCUMENT),
            ("a: 1\n--- s3cret\n", 2, 5, SECOND_DOCUMENT),
            ("a: 1\n--- 5\n", 2, 5, SECOND_DOCUMENT),
            (
                "a: [1, 2\nb: 3\n",
                2,
                2,
                "did not find expected ',' or ']', while parsing a flow sequence at line 1 column 4",
            ),
            // An alias replays its anchor, so serde_yaml points at the anchored mapping.
            (
                "base: &b\n  h: 1\nx:\n  <<: *b\n",
                1,
                7,
                "x.<<: YAML merge keys (<<) are not supported; write the merged keys out",
            ),
            (
                "a: !vault |\n  $ANSIBLE\n",
                1,
                4,
                "a: YAML tags (!name) are not supported; remove the tag or quote the value",
            ),
            (
                "? [a, b]\n: x\n",
                1,
                3,
                "invalid type: sequence, expected a string",
            ),
            (
                "a:\n  b: \"x\\0\"\n",
                2,
                6,
                "a.b: the value of \"a.b\" contains a NUL byte, which no environment variable can hold",
            ),
        ];
        for (input, line, column, message) in cases {
            let error = parse_yaml(input).unwrap_err();
            assert_eq!(
                (error.line, error.column, error.message.as_str()),
                (line, column, message),
                "{input:?}"
            );
        }
    }

    #[test]
    fn json_output_is_pretty_ordered_and_escaped() {
        let items = [
            item("Z", "last"),
            item("A", "say \"hi\"\n\\"),
            item("a.b", "é🔑"),
        ];
        let expected =
            "{\n  \"Z\": \"last\",\n  \"A\": \"say \\\"hi\\\"\\n\\\\\",\n  \"a.b\": \"é🔑\"\n}\n";
        assert_eq!(write_json(&items), expected);
        assert_eq!(write_json(&[]), "{}\n");
    }

    #[test]
    fn yaml_output_quotes_every_value() {
        let items = [
            item("A", "yes"),
            item("B", "0755"),
            item("C", "~"),
            item("D", "a\nb\t\u{85}"),
        ];
        let expected = "\"A\": \"yes\"\n\"B\": \"0755\"\n\"C\": \"~\"\n\"D\": \"a\\nb\\t\\x85\"\n";
        assert_eq!(write_yaml(&items), expected);
        assert_eq!(write_yaml(&[]), "{}\n");
    }

    /// Values that look like another type, or that YAML and JSON readers mangle.
    const TRICKY: &[&str] = &[
        "",
        " ",
        "yes",
        "no",
        "on",
        "off",
        "true",
        "False",
        "null",
        "~",
        "0755",
        "1e3",
        "1.10",
        "0x1F",
        ".inf",
        "-.nan",
        "- item",
        "key: value",
        "{a: b}",
        "[1]",
        "&anchor",
        "*alias",
        "!tag",
        "%directive",
        "@at",
        "`tick`",
        "# hash",
        "a #b",
        "'single'",
        "\"double\"",
        "\\",
        "line\nbreak",
        "crlf\r\n",
        "\ttab",
        "  padded  ",
        "\u{7f}\u{85}\u{a0}",
        "\u{2028}\u{2029}",
        "\u{feff}bom",
        "\u{fffe}\u{ffff}",
        "\u{1}\u{1f}",
        "é🔑",
        "---",
        "...",
        "${X}",
        "$HOME",
    ];

    #[test]
    fn tricky_values_round_trip_through_json_and_yaml() {
        let keys: Vec<String> = (0..TRICKY.len()).map(|i| format!("K{i}")).collect();
        let mut items: Vec<ExportItem> = keys
            .iter()
            .zip(TRICKY)
            .map(|(key, value)| item(key, value))
            .collect();
        let long_key = "k".repeat(2000);
        let odd_keys = [
            "1", "true", "null", "~", "<<", "a.b", "-", "?", ":", "é🔑", &long_key,
        ];
        items.extend(odd_keys.iter().map(|key| item(key, "v")));
        let expected: Vec<(&str, &str)> = items.iter().map(|i| (i.key, i.value)).collect();
        let from_json = parse_json(&write_json(&items)).unwrap();
        assert_eq!(pairs(&from_json), expected);
        let from_yaml = parse_yaml(&write_yaml(&items)).unwrap();
        assert_eq!(pairs(&from_yaml), expected);
    }
}
