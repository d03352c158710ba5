//! JSON and YAML: flattening nested documents into entries on import (the readers live in
//! `json.rs` and `yaml.rs`, the shared rules in `flatten.rs`), and flat documents whose
//! values no reader will retype on export.

use std::io::BufRead;

use super::flatten::{Limits, Refused, Sink};
use super::stream::{Chars, InputError, StreamError, fold_repeats};
use super::{Entry, ExportItem, ParseError, json, yaml};

/// Parses a JSON object into entries, flattening nested objects and arrays into dotted
/// keys, every scalar's text as written (see the module doc).
pub fn parse_json(input: &str) -> Result<Vec<Entry>, ParseError> {
    parse_json_with(input, Limits::DEFAULT)
}

/// Parses a YAML mapping into entries like [`parse_json`]; an empty document has none,
/// and a second document is an error.
pub fn parse_yaml(input: &str) -> Result<Vec<Entry>, ParseError> {
    parse_yaml_with(input, Limits::DEFAULT)
}

/// Reads a JSON object from `input` as it arrives and hands `emit` every leaf in document
/// order, repeats included (the consumer applies "the last one wins"); a leaf is emitted
/// as soon as its value is read. The whole document is still checked: a syntax error
/// anywhere is reported before anything `emit` refused.
pub fn read_json<R: BufRead, E>(
    input: R,
    emit: impl FnMut(Entry) -> Result<(), E>,
) -> Result<(), StreamError<E>> {
    read_json_with(input, Limits::DEFAULT, emit)
}

/// Reads a YAML mapping from `input` like [`read_json`]. Only the leaves of anchored
/// collections are kept (an alias may repeat them).
pub fn read_yaml<R: BufRead, E>(
    input: R,
    emit: impl FnMut(Entry) -> Result<(), E>,
) -> Result<(), StreamError<E>> {
    read_yaml_with(input, Limits::DEFAULT, emit)
}

fn parse_json_with(input: &str, limits: Limits) -> Result<Vec<Entry>, ParseError> {
    fold_repeats(|emit| read_json_with(input.as_bytes(), limits, emit).map_err(only_parse))
}

fn parse_yaml_with(input: &str, limits: Limits) -> Result<Vec<Entry>, ParseError> {
    fold_repeats(|emit| read_yaml_with(input.as_bytes(), limits, emit).map_err(only_parse))
}

/// The parse error of a text read from memory, which can have no other failure.
fn only_parse(error: StreamError<ParseError>) -> ParseError {
    match error {
        StreamError::Parse(e) | StreamError::Sink(e) => e,
        StreamError::NotUtf8 { .. } | StreamError::Io(_) => ParseError {
            line: 0,
            column: 0,
            message: "unreadable input".into(),
        },
    }
}

fn read_json_with<R: BufRead, E>(
    input: R,
    limits: Limits,
    mut emit: impl FnMut(Entry) -> Result<(), E>,
) -> Result<(), StreamError<E>> {
    let mut refused = None;
    let outcome = {
        let mut forward = |entry| {
            emit(entry)
                .map_err(|e| refused = Some(e))
                .map_err(|()| Refused)
        };
        let mut sink = Sink::new(limits, &mut forward);
        json::read(input, &mut sink)
    };
    // In the order the file is read: what could not be read, what is not JSON, then what
    // the consumer refused or the walker found, whichever came first.
    if let Some(failure) = outcome.input {
        return Err(failure.into_stream());
    }
    outcome.checked?;
    if let Some(e) = refused {
        return Err(StreamError::Sink(e));
    }
    Ok(outcome.walked?)
}

fn read_yaml_with<R: BufRead, E>(
    input: R,
    limits: Limits,
    mut emit: impl FnMut(Entry) -> Result<(), E>,
) -> Result<(), StreamError<E>> {
    let mut refused = None;
    let mut chars = Chars::new(input);
    let read = {
        let mut forward = |entry| {
            emit(entry)
                .map_err(|e| refused = Some(e))
                .map_err(|()| Refused)
        };
        let mut sink = Sink::new(limits, &mut forward);
        yaml::read(chars.by_ref(), &mut sink)
    };
    if let Some(failure) = chars.failure() {
        return Err(InputError::into_stream(failure));
    }
    if let Some(e) = refused {
        return Err(StreamError::Sink(e));
    }
    Ok(read?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dotenv::yaml::SECOND_DOCUMENT;

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
                ("exp", "1e3"),
                ("text", "line\nbreak é🔑"),
            ]
        );
        assert!(entries.iter().all(|e| !e.literal));
        let lines: Vec<usize> = entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 3, 3, 3, 4, 4, 4, 5, 8, 9, 10, 11]);
    }

    #[test]
    fn json_keys_colliding_after_flattening_keep_the_last_value() {
        let entries = parse_json(r#"{"a.b": "1", "c": "2", "a": {"b": "3"}}"#).unwrap();
        assert_eq!(pairs(&entries), [("a.b", "3"), ("c", "2")]);
    }

    #[test]
    fn json_top_level_must_be_an_object() {
        let cases = [
            (r#"["x"]"#, 1),
            (r#""hunter2""#, 1),
            ("5", 1),
            ("null", 1),
            (" true", 2),
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
                ("database.version", "1.10"),
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
            ("a: 1\n---\nb: 2\n", 2, 1, SECOND_DOCUMENT),
            ("a: 1\n--- s3cret\n", 2, 1, SECOND_DOCUMENT),
            ("a: 1\n--- 5\n", 2, 1, SECOND_DOCUMENT),
            (
                "a: [1, 2\nb: 3\n",
                2,
                2,
                "illegal placement of ':' indicator",
            ),
            (
                "base: &b\n  h: 1\nx:\n  <<: *b\n",
                4,
                3,
                "YAML merge keys (<<) are not supported; write the merged keys out",
            ),
            (
                "a: !vault |\n  $ANSIBLE\n",
                1,
                4,
                "\"a\": YAML tags (!name, !!type) are not supported; \
                 remove the tag (quote the value to keep it as text)",
            ),
            (
                "? [a, b]\n: x\n",
                1,
                3,
                "a mapping key must be text, not a mapping or a sequence",
            ),
            (
                "a:\n  b: \"x\\0\"\n",
                2,
                6,
                "the value of \"a.b\" contains a NUL byte, which no environment variable can hold",
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

    #[test]
    fn scalars_keep_their_text_as_written_in_both_formats() {
        // (text as it appears in the file, value stored).
        let yaml_cases = [
            ("0xDEADBEEF", "0xDEADBEEF"),
            ("0o17", "0o17"),
            ("017", "017"),
            ("+12", "+12"),
            ("-0", "-0"),
            ("1.50", "1.50"),
            ("1e3", "1e3"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
            (".inf", ".inf"),
            (".NaN", ".NaN"),
            ("1_000", "1_000"),
            ("true", "true"),
            ("True", "True"),
            ("yes", "yes"),
            ("off", "off"),
            ("~", ""),
            ("null", ""),
            ("", ""),
            (
                "2001-12-14t21:59:43.10-05:00",
                "2001-12-14t21:59:43.10-05:00",
            ),
            ("2002-12-14", "2002-12-14"),
            ("12:30:45", "12:30:45"),
            ("'0x1F'", "0x1F"),
            ("\"+12\"", "+12"),
        ];
        for (text, value) in yaml_cases {
            let entries = parse_yaml(&format!("k: {text}\n")).unwrap();
            assert_eq!(pairs(&entries), [("k", value)], "yaml {text:?}");
        }
        let json_cases = [
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
            ("1.50", "1.50"),
            ("1E+3", "1E+3"),
            ("-0.0e-10", "-0.0e-10"),
            ("-0", "-0"),
            ("18446744073709551616", "18446744073709551616"),
            ("true", "true"),
            ("false", "false"),
            ("null", ""),
            ("\"2001-12-14\"", "2001-12-14"),
            ("\"\\ud83d\\udd11 \\\"q\\\" \\\\\"", "🔑 \"q\" \\"),
        ];
        for (text, value) in json_cases {
            let entries = parse_json(&format!("{{\"k\": {text}}}")).unwrap();
            assert_eq!(pairs(&entries), [("k", value)], "json {text:?}");
            let entries = parse_json(&format!("{{\"a\": [{text}, {text}]}}")).unwrap();
            assert_eq!(
                pairs(&entries),
                [("a.0", value), ("a.1", value)],
                "json {text:?}"
            );
        }
    }

    #[test]
    fn every_explicit_yaml_tag_is_refused_where_it_stands() {
        let cases = [
            ("a: !!int \"hunter2\"\n", 1, 4),
            ("a: !!binary aGVsbG8=\n", 1, 4),
            ("a: !!str x\n", 1, 4),
            ("a: !!map {b: c}\n", 1, 4),
            ("a: !!seq [b]\n", 1, 4),
            ("a:\n  b: !custom x\n", 2, 6),
            ("a: !<tag:yaml.org,2002:str> x\n", 1, 4),
            ("a: ! x\n", 1, 4),
            ("!!map\na: b\n", 1, 1),
            ("!!str a: b\n", 1, 1),
            ("a:\n  - !!int 1\n", 2, 5),
        ];
        for (input, line, column) in cases {
            let error = parse_yaml(input).unwrap_err();
            assert_eq!(
                (error.line, error.column),
                (line, column),
                "{input:?}: {error}"
            );
            assert!(error.message.contains("YAML tags"), "{input:?}: {error}");
            assert!(!error.message.contains("hunter2"), "{error}");
        }
    }

    #[test]
    fn aliases_repeat_their_anchor_within_the_alias_limit() {
        let input = "\
base: &b
  host: db
  ports: [1, 2]
copy: *b
name: &n x
again: *n
";
        let entries = parse_yaml(input).unwrap();
        assert_eq!(
            pairs(&entries),
            [
                ("base.host", "db"),
                ("base.ports.0", "1"),
                ("base.ports.1", "2"),
                ("copy.host", "db"),
                ("copy.ports.0", "1"),
                ("copy.ports.1", "2"),
                ("name", "x"),
                ("again", "x"),
            ]
        );
        // `*b` repeats three items and `*n` one: four, one over.
        let tight = Limits {
            max_items: 100,
            max_alias_items: 3,
        };
        let error = parse_yaml_with(input, tight).unwrap_err();
        assert!(error.message.contains("more than 3 items"), "{error}");
        // Anchors cost nothing until an alias repeats them, however they nest.
        let nested = "a: &a {b: &b {c: &c [1, 2, 3]}}\nx: *c\n";
        assert_eq!(parse_yaml_with(nested, tight).unwrap().len(), 6);
        let nested = "a: &a {b: &b {c: &c [1, 2]}}\nx: *b\ny: *c\n";
        let error = parse_yaml_with(nested, tight).unwrap_err();
        assert_eq!(error.line, 3, "{error}");
        let entries = parse_yaml("a: &a {b: &b {c: 1}}\nx: *a\ny: *b\n").unwrap();
        assert_eq!(
            pairs(&entries),
            [("a.b.c", "1"), ("x.b.c", "1"), ("y.c", "1")]
        );
        let error = parse_yaml("a: &a [1, *a]\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 1, column 11: an alias refers to the node that contains it"
        );
    }

    /// Nine levels of ten aliases each: 10^9 leaves if expanded.
    fn billion_laughs() -> String {
        let mut yaml = String::from("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for level in 1..=9 {
            let previous = format!("*a{}", level - 1);
            let list = [previous.as_str(); 10].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{list}]\n"));
        }
        yaml
    }

    #[test]
    fn billion_laughs_is_refused_quickly() {
        let started = std::time::Instant::now();
        let error = parse_yaml(&billion_laughs()).unwrap_err();
        assert!(
            error
                .message
                .starts_with("YAML aliases repeat more than 100000 items"),
            "{error}"
        );
        assert!(error.line > 1, "{error}");
        // Generous for a debug build on a busy machine; it expanded for 32 s before.
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn items_over_the_limit_are_refused_in_both_formats() {
        let tight = Limits {
            max_items: 3,
            max_alias_items: 100,
        };
        let yaml = "a: 1\nb: [2, 3]\nc: 4\n";
        let error = parse_yaml_with(yaml, tight).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 3, column 4: more than 3 items; split the file"
        );
        let json = "{\"a\": 1, \"b\": [2, 3],\n \"c\": 4}";
        let error = parse_json_with(json, tight).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2, column 7: more than 3 items; split the file"
        );
        // Repeats count: the limit bounds work, not distinct keys.
        let error = parse_yaml_with("a: 1\na: 2\na: 3\na: 4\n", tight).unwrap_err();
        assert_eq!(error.line, 4, "{error}");
        assert_eq!(
            parse_yaml_with("a: 1\nb: 2\nc: 3\n", tight).unwrap().len(),
            3
        );
    }

    #[test]
    fn yaml_nesting_is_bounded_like_json() {
        let deep = format!("a: {}1{}\n", "[".repeat(200), "]".repeat(200));
        let error = parse_yaml(&deep).unwrap_err();
        assert!(error.message.contains("nested deeper than 128"), "{error}");
        // Far deeper, the parser's own bound answers first.
        let deeper = format!("a: {}1{}\n", "[".repeat(1_000_000), "]".repeat(1_000_000));
        let error = parse_yaml(&deeper).unwrap_err();
        assert_eq!(error.message, "recursion limit exceeded");
        // serde_json skips (validates) any depth without recursing; the walker must not
        // overflow its stack on what the validator let through.
        let deep = format!(
            "{{\"a\": {}1{}}}",
            "[".repeat(1_000_000),
            "]".repeat(1_000_000)
        );
        let error = parse_json(&deep).unwrap_err();
        assert!(error.message.contains("nested deeper than 128"), "{error}");
    }

    /// Malformed documents with `{V}` where a secret sits.
    const MALFORMED_YAML: &[&str] = &[
        "a: !!int \"{V}\"\n",
        "a: !!binary {V}\n",
        "a: !secret {V}\n",
        "a: \"{V}\0\"\n",
        "a: {V}\n---\nb: {V}\n",
        "a: {V}\n--- {V}\n",
        "{V}\n",
        "- {V}\n",
        "a: [{V}\nb: 1\n",
        "a: \"{V}\n",
        "a: '{V}\n",
        "a: {V}\n b: {V}\n",
        "a: {V}\n\tb: 1\n",
        "a: @{V}\n",
        "a: `{V}\n",
        "a: %{V}\n",
        "? [{V}]\n: x\n",
        "a: *{V}\n",
        "a: &x {V}\n<<: *x\n",
        "a: {V}: {V}\n",
    ];

    const MALFORMED_JSON: &[&str] = &[
        "\"{V}\"",
        "[\"{V}\"]",
        "{\"a\": \"{V}\\u0000\"}",
        "{\"a\": \"{V}\"",
        "{\"a\": \"{V}\" \"b\"}",
        "{\"a\": \"{V}\"} \"{V}\"",
        "{\"a\": {V}}",
        "{\"a\": \"{V}\n\"}",
        "{\"a\": \"{V}\\q\"}",
        "{\"a\": \"{V}\",}",
    ];

    #[test]
    fn no_error_contains_a_secret_from_any_malformed_document() {
        let secrets = crate::dotenv::parse::tests::generated_secrets(100);
        for (format, templates) in [("yaml", MALFORMED_YAML), ("json", MALFORMED_JSON)] {
            for template in templates {
                for secret in &secrets {
                    let input = template.replace("{V}", secret);
                    let result = match format {
                        "yaml" => parse_yaml(&input),
                        _ => parse_json(&input),
                    };
                    let error = result.expect_err(&format!("{format} {template:?} parses"));
                    assert!(
                        !error.to_string().contains(secret.as_str()),
                        "{format} {template:?} with {secret:?}: {error}"
                    );
                }
            }
        }
    }

    #[test]
    fn garbage_never_panics_either_reader() {
        use rand::{Rng, SeedableRng};
        const PIECES: &[&str] = &[
            "{", "}", "[", "]", "\"", "'", ",", ":", " ", "\n", "\t", "\\", "\\u00", "-", "#",
            "&a", "*a", "!!", "|", ">", "? ", "---", "...", "0", "1e", ".", "+", "a", "é", "🔑",
            "\0", "null", "true", "<<", "%", "@", "`",
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..3000 {
            let len = rng.gen_range(0..40);
            let input: String = (0..len)
                .map(|_| PIECES[rng.gen_range(0..PIECES.len())])
                .collect();
            // Only that they return: an Ok or an Err, never a panic or a hang.
            let _ = parse_json(&input);
            let _ = parse_yaml(&input);
        }
    }
}
