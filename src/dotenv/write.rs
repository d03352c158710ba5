//! The line-oriented writers: dotenv (which must read back identically through
//! `parse_dotenv`), POSIX shell and `docker run --env-file`. Shell and docker cannot carry
//! every key or value; they report what they leave out instead of writing something
//! that would mean a different value. Nothing here may put a value in an error.

use super::{ExportError, ExportItem, Skipped, key_problem};

/// Writes a dotenv file that [`parse_dotenv`](super::parse_dotenv) reads back with the
/// same keys, values and literal flags, one `KEY=value` line per item.
pub fn write_dotenv(items: &[ExportItem]) -> Result<String, ExportError> {
    let mut out = String::new();
    for item in items {
        check_dotenv_writable(item)?;
        out.push_str(item.key);
        out.push('=');
        if item.literal {
            push_single_quoted(&mut out, item.value);
        } else {
            push_dotenv_value(&mut out, item.value);
        }
        out.push('\n');
    }
    Ok(out)
}

/// Refuses what would not read back the same.
fn check_dotenv_writable(item: &ExportItem) -> Result<(), ExportError> {
    let reason = if let Some(problem) = key_problem(item.key) {
        problem
    } else if item.value.contains('\0') {
        "the value contains a NUL byte, which no environment variable can hold"
    } else if item.literal && item.value.contains('\r') {
        "the literal value contains a carriage return, which single quotes cannot carry \
         (dotenv readers turn a raw CR into a line break)"
    } else {
        return Ok(());
    };
    Err(ExportError {
        key: item.key.to_owned(),
        reason: reason.to_owned(),
    })
}

/// `'...'` with each `'` doubled, the one escape our reader knows in single quotes.
fn push_single_quoted(out: &mut String, value: &str) {
    out.push('\'');
    out.push_str(&value.replace('\'', "''"));
    out.push('\'');
}

/// The simplest non-literal form: nothing, bare, or double quotes with escapes.
fn push_dotenv_value(out: &mut String, value: &str) {
    if value.chars().all(is_bare_safe) {
        out.push_str(value);
        return;
    }
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '"' => out.push_str(r#"\""#),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            // Tabs stay raw: node's dotenv decodes only \n and \r, so a raw tab is read
            // the same by every parser while `\t` is not.
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// Characters every common dotenv parser reads the same way when unquoted: printable
/// ASCII other than blanks, quotes, `#` (node cuts at any `#`), `\` and `$` (dotenvy
/// and docker compose interpolate unquoted `$`).
fn is_bare_safe(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '`' | '#' | '\\' | '$')
}

/// Is `name` usable as a POSIX shell variable name: `[A-Za-z_][A-Za-z0-9_]*`?
pub fn is_shell_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || first.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Writes `export KEY='value'` lines for `eval` in any POSIX shell, skipping keys that
/// are not shell identifiers and values no shell variable can hold.
pub fn write_shell(items: &[ExportItem]) -> (String, Vec<Skipped>) {
    let mut out = String::new();
    let mut skipped = Vec::new();
    for item in items {
        if !is_shell_identifier(item.key) {
            skipped.push(skip(
                item,
                "not a shell variable name ([A-Za-z_][A-Za-z0-9_]*)",
            ));
        } else if item.value.contains('\0') {
            skipped.push(skip(
                item,
                "the value contains a NUL byte, which no shell variable can hold",
            ));
        } else {
            // Single quotes stop every expansion in POSIX sh; a quote inside is closed,
            // escaped and reopened (`'\''`). Newlines need nothing.
            out.push_str(&format!(
                "export {}='{}'\n",
                item.key,
                item.value.replace('\'', r"'\''")
            ));
        }
    }
    (out, skipped)
}

/// Writes `KEY=value` lines for `docker run --env-file`, which takes everything after the
/// first `=` verbatim and has no quoting, so a value that spans lines cannot be written.
/// (`docker compose` reads env files with a different, dotenv-like parser.)
pub fn write_docker(items: &[ExportItem]) -> (String, Vec<Skipped>) {
    let mut out = String::new();
    let mut skipped = Vec::new();
    for item in items {
        match docker_problem(item) {
            Some(reason) => skipped.push(skip(item, reason)),
            None => out.push_str(&format!("{}={}\n", item.key, item.value)),
        }
    }
    (out, skipped)
}

/// Why docker's env-file reader would not read `item` back, if it would not.
fn docker_problem(item: &ExportItem) -> Option<&'static str> {
    // Docker trims the start of the line, skips lines starting with '#', splits at the
    // first '=' and rejects whitespace in the name: the common key rules cover all that.
    key_problem(item.key).or_else(|| {
        if item.value.contains(['\n', '\r']) {
            Some("the value spans lines, and docker env files have no quoting to carry that")
        } else if item.value.contains('\0') {
            Some("the value contains a NUL byte, which no environment variable can hold")
        } else {
            None
        }
    })
}

fn skip(item: &ExportItem, reason: &str) -> Skipped {
    Skipped {
        key: item.key.to_owned(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_dotenv;
    use super::*;

    fn item<'a>(key: &'a str, value: &'a str, literal: bool) -> ExportItem<'a> {
        ExportItem {
            key,
            value,
            literal,
        }
    }

    /// Values that have broken dotenv writers somewhere.
    const NASTY: &[&str] = &[
        "",
        " ",
        "plain",
        "two words",
        "  leading and trailing  ",
        "line1\nline2",
        "\n",
        "ends with newline\n",
        "crlf\r\ninside",
        "lone\rcr",
        "tab\tinside",
        "'",
        "''",
        "it's",
        "\"",
        "say \"hi\"",
        "both ' and \"",
        "`backtick`",
        "\\",
        "\\\\",
        "trailing backslash\\",
        "\\n is not a newline",
        "\\\"",
        "$",
        "$HOME",
        "${X}",
        "\\${X}",
        "pa$$w0rd",
        "#",
        "#not a comment",
        "a #b",
        "a# b",
        "=",
        "a=b",
        "export X=1",
        "ключ значение",
        "emoji 🔑🚀",
        "\u{feff}bom",
        "\u{2028}\u{2029}\u{85}",
        "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
        "' # \" \\ $ ` \n",
    ];

    #[test]
    fn writes_the_simplest_form_of_each_value() {
        let items = [
            item("EMPTY", "", false),
            item("BARE", "postgres://u:p@h:5432/db?x=1&y=a+b", false),
            item("SPACE", "a b", false),
            item("DOLLAR", "p$ss", false),
            item("HASH", "a#b", false),
            item("NEWLINE", "a\nb", false),
            item("QUOTES", "say \"hi\" it's", false),
            item("BACKSLASH", r"C:\dir", false),
            item("UNICODE", "é", false),
            item("LIT", "${X}", true),
            item("LIT_QUOTE", "it's", true),
            item("LIT_EMPTY", "", true),
        ];
        let expected = r#"EMPTY=
BARE=postgres://u:p@h:5432/db?x=1&y=a+b
SPACE="a b"
DOLLAR="p$ss"
HASH="a#b"
NEWLINE="a\nb"
QUOTES="say \"hi\" it's"
BACKSLASH="C:\\dir"
UNICODE="é"
LIT='${X}'
LIT_QUOTE='it''s'
LIT_EMPTY=''
"#;
        assert_eq!(write_dotenv(&items).unwrap(), expected);
    }

    /// Writes `values` under generated keys and checks they all read back exactly.
    fn assert_round_trip(values: &[String], literal: bool) {
        let keys: Vec<String> = (0..values.len()).map(|i| format!("K{i}")).collect();
        let items: Vec<ExportItem> = keys
            .iter()
            .zip(values)
            .map(|(key, value)| item(key, value, literal))
            .collect();
        let text = write_dotenv(&items).unwrap();
        let entries = parse_dotenv(&text).unwrap();
        assert_eq!(entries.len(), items.len());
        for (entry, item) in entries.iter().zip(&items) {
            assert_eq!(
                (entry.key.as_str(), entry.value.as_str(), entry.literal),
                (item.key, item.value, item.literal),
                "written as {text:?}"
            );
        }
    }

    #[test]
    fn nasty_values_round_trip_with_their_literal_flag() {
        let values: Vec<String> = NASTY.iter().map(|v| v.to_string()).collect();
        assert_round_trip(&values, false);
        let literal: Vec<String> = values.into_iter().filter(|v| !v.contains('\r')).collect();
        assert_round_trip(&literal, true);
    }

    /// Every string of up to three characters drawn from the characters that matter to
    /// some dotenv parser.
    fn generated_values() -> Vec<String> {
        const ALPHABET: &[char] = &[
            'a', ' ', '\t', '\n', '\r', '"', '\'', '`', '\\', '$', '{', '}', '#', '=', 'n', 'é',
            '🔑', '\u{feff}',
        ];
        let mut values = vec![String::new()];
        let mut previous = values.clone();
        for _ in 0..3 {
            let next: Vec<String> = previous
                .iter()
                .flat_map(|prefix| ALPHABET.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            values.extend(next.iter().cloned());
            previous = next;
        }
        values
    }

    #[test]
    fn every_generated_value_round_trips() {
        let values = generated_values();
        assert_eq!(values.len(), 1 + 18 + 18 * 18 + 18 * 18 * 18);
        assert_round_trip(&values, false);
        let literal: Vec<String> = values.into_iter().filter(|v| !v.contains('\r')).collect();
        assert_round_trip(&literal, true);
    }

    #[test]
    fn unicode_keys_round_trip() {
        let items = [item("ключ", "v", false), item("a.b-c", "w", true)];
        let entries = parse_dotenv(&write_dotenv(&items).unwrap()).unwrap();
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["ключ", "a.b-c"]);
    }

    #[test]
    fn refuses_what_cannot_read_back() {
        let cases = [
            (item("A", "x\0y", false), "the value contains a NUL byte"),
            (item("A", "x\0y", true), "the value contains a NUL byte"),
            (
                item("A", "x\ry", true),
                "the literal value contains a carriage return",
            ),
            (item("A B", "x", false), "the key contains whitespace"),
            (item("", "x", false), "the key is empty"),
            (item("#A", "x", false), "the key starts with '#'"),
        ];
        for (bad, reason) in cases {
            let error = write_dotenv(&[item("OK", "1", false), bad]).unwrap_err();
            assert_eq!(error.key, bad.key);
            assert!(error.reason.starts_with(reason), "{error}");
            assert!(!error.to_string().contains("x\0y"), "{error}");
        }
    }

    #[test]
    fn shell_identifiers_are_ascii_names_not_starting_with_a_digit() {
        for ok in ["A", "_", "_a1", "PATH", "abc_DEF_123"] {
            assert!(is_shell_identifier(ok), "{ok}");
        }
        for bad in ["", "1A", "a.b", "a-b", "é", "A B", "A=", "$A"] {
            assert!(!is_shell_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn shell_export_single_quotes_and_escapes_quotes() {
        let items = [
            item("A", "it's", false),
            item("B", "$HOME `id` \\ \"x\"", true),
            item("C", "two\nlines", false),
            item("D", "", false),
            item("a.b", "x", false),
            item("E", "nul\0", false),
        ];
        let (text, skipped) = write_shell(&items);
        assert_eq!(
            text,
            "export A='it'\\''s'\nexport B='$HOME `id` \\ \"x\"'\nexport C='two\nlines'\nexport D=''\n"
        );
        let skipped_keys: Vec<&str> = skipped.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(skipped_keys, ["a.b", "E"]);
        assert_eq!(
            skipped[0].reason,
            "not a shell variable name ([A-Za-z_][A-Za-z0-9_]*)"
        );
    }

    /// Runs the export through a real `sh` and compares what it prints, byte for byte.
    #[cfg(unix)]
    #[test]
    fn a_real_shell_reads_back_every_value() {
        let values: Vec<String> = NASTY
            .iter()
            .map(|v| v.to_string())
            .chain(generated_values())
            .collect();
        let keys: Vec<String> = (0..values.len()).map(|i| format!("K{i}")).collect();
        let items: Vec<ExportItem> = keys
            .iter()
            .zip(&values)
            .map(|(k, v)| item(k, v, false))
            .collect();
        let (mut script, skipped) = write_shell(&items);
        assert!(skipped.is_empty());
        for key in &keys {
            script.push_str(&format!("printf '%s\\0' \"${key}\"\n"));
        }
        let output = run_sh(&script);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let printed = String::from_utf8(output.stdout).unwrap();
        let read_back: Vec<&str> = printed.split_terminator('\0').collect();
        assert_eq!(read_back, values);
    }

    /// Feeds `script` to `sh` on stdin (it is too long for an argument).
    #[cfg(unix)]
    fn run_sh(script: &str) -> std::process::Output {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut child = Command::new("sh")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    #[test]
    fn docker_writes_values_verbatim() {
        let items = [
            item("A", "  spaced  ", false),
            item("B", "\"quoted\" 'x' $Y #z", true),
            item("a.b", "", false),
        ];
        let (text, skipped) = write_docker(&items);
        assert_eq!(text, "A=  spaced  \nB=\"quoted\" 'x' $Y #z\na.b=\n");
        assert!(skipped.is_empty());
    }

    #[test]
    fn docker_skips_what_its_env_file_cannot_carry() {
        let items = [
            item("NL", "a\nb", false),
            item("CR", "a\rb", false),
            item("NUL", "a\0b", false),
            item("A B", "x", false),
            item("A=B", "x", false),
            item("#C", "x", false),
            item("", "x", false),
            item("OK", "x", false),
        ];
        let (text, skipped) = write_docker(&items);
        assert_eq!(text, "OK=x\n");
        let skipped: Vec<(&str, &str)> = skipped
            .iter()
            .map(|s| (s.key.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                (
                    "NL",
                    "the value spans lines, and docker env files have no quoting to carry that"
                ),
                (
                    "CR",
                    "the value spans lines, and docker env files have no quoting to carry that"
                ),
                (
                    "NUL",
                    "the value contains a NUL byte, which no environment variable can hold"
                ),
                ("A B", "the key contains whitespace"),
                ("A=B", "the key contains '='"),
                ("#C", "the key starts with '#'"),
                ("", "the key is empty"),
            ]
        );
    }
}
