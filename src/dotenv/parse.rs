//! The dotenv reader: one pass over the characters as they arrive, so that every error can
//! point at a line and column, quoted values can span lines, and a file is never held
//! whole (only the assignment being read). The dialect is described in the module doc of
//! `dotenv`; this file must never interpolate, trim inside quotes, or put a value into an
//! error message.

use std::io::BufRead;

use zeroize::Zeroizing;

use super::stream::{Chars, Cursor, StreamError, fold_repeats};
use super::{Entry, MAX_ITEMS, ParseError, key_problem, shown_key};

/// Parses a dotenv file into one entry per key, in order of first appearance, the last
/// assignment of a key winning. More than [`MAX_ITEMS`] assignments are an error.
pub fn parse_dotenv(input: &str) -> Result<Vec<Entry>, ParseError> {
    parse_dotenv_with_limit(input, MAX_ITEMS)
}

/// [`parse_dotenv`] with another item limit, so tests can reach it cheaply.
fn parse_dotenv_with_limit(input: &str, max_items: usize) -> Result<Vec<Entry>, ParseError> {
    fold_repeats(|emit| {
        read_chars(input.chars(), max_items, &mut |e| {
            emit(e).map_err(StreamError::Parse)
        })
        .map_err(|e| match e {
            StreamError::Parse(e) | StreamError::Sink(e) => e,
            // A &str is read whole and decoded already.
            StreamError::NotUtf8 { .. } | StreamError::Io(_) => {
                error_at((0, 0), "unreadable input")
            }
        })
    })
}

/// Reads a dotenv file from `input` as it arrives and hands `emit` every assignment in
/// order, repeats included (the consumer applies "the last one wins"). Holds one
/// assignment at a time: an entry is emitted before the next line is read. More than
/// [`MAX_ITEMS`] assignments are an error.
pub fn read_dotenv<R: BufRead, E>(
    input: R,
    mut emit: impl FnMut(Entry) -> Result<(), E>,
) -> Result<(), StreamError<E>> {
    let mut chars = Chars::new(input);
    let result = read_chars(chars.by_ref(), MAX_ITEMS, &mut |e| {
        emit(e).map_err(StreamError::Sink)
    });
    // A read failure ended the characters early: whatever the parser made of the
    // truncated text is not the story.
    match chars.failure() {
        Some(failure) => Err(failure.into_stream()),
        None => result,
    }
}

type Emit<'e, E> = dyn FnMut(Entry) -> Result<(), StreamError<E>> + 'e;

fn read_chars<E>(
    chars: impl Iterator<Item = char>,
    max_items: usize,
    emit: &mut Emit<'_, E>,
) -> Result<(), StreamError<E>> {
    let mut cursor = Cursor::new(Newlines::new(chars));
    let result = read_entries(&mut cursor, max_items, emit);
    // A NUL ends the characters; whatever the parser made of the text before it, the NUL
    // is the problem (and usually means UTF-16).
    if cursor.inner_ref().hit_nul {
        return Err(nul_error(cursor.here()).into());
    }
    result
}

fn read_entries<E, I: Iterator<Item = char>>(
    cursor: &mut Cursor<Newlines<I>>,
    max_items: usize,
    emit: &mut Emit<'_, E>,
) -> Result<(), StreamError<E>> {
    let mut assignments = 0usize;
    while let Some(entry) = next_entry(cursor)? {
        assignments += 1;
        if assignments > max_items {
            return Err(error_at(
                (entry.line, 1),
                format!("more than {max_items} assignments; split the file"),
            )
            .into());
        }
        emit(entry)?;
    }
    Ok(())
}

/// The characters as the parser sees them: a leading BOM dropped, CRLF and lone CR turned
/// into LF (as node's `dotenv` and python's universal newlines do, so a file saved on
/// Windows means the same as one saved on Linux), and the end at the first NUL (no
/// environment variable can hold one).
struct Newlines<I: Iterator<Item = char>> {
    chars: std::iter::Peekable<I>,
    hit_nul: bool,
}

impl<I: Iterator<Item = char>> Newlines<I> {
    fn new(chars: I) -> Self {
        let mut chars = chars.peekable();
        chars.next_if_eq(&'\u{feff}');
        Newlines {
            chars,
            hit_nul: false,
        }
    }
}

impl<I: Iterator<Item = char>> Iterator for Newlines<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if self.hit_nul {
            return None;
        }
        match self.chars.next()? {
            '\r' => {
                self.chars.next_if_eq(&'\n');
                Some('\n')
            }
            '\0' => {
                self.hit_nul = true;
                None
            }
            c => Some(c),
        }
    }
}

fn nul_error(at: (usize, usize)) -> ParseError {
    error_at(
        at,
        "NUL byte in the input (is the file UTF-16? save it as UTF-8)",
    )
}

/// Blanks separate tokens within a line; a newline is never one.
fn is_blank(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

trait Text {
    fn skip_blanks(&mut self) -> bool;
    fn rest_of_line(&mut self) -> Zeroizing<String>;
    fn error_here(&self, message: &str) -> ParseError;
}

impl<I: Iterator<Item = char>> Text for Cursor<I> {
    /// Skips blanks and says whether there were any.
    fn skip_blanks(&mut self) -> bool {
        self.skip_while(is_blank)
    }

    /// Consumes the rest of the line including its newline, returning the text before it.
    fn rest_of_line(&mut self) -> Zeroizing<String> {
        let mut rest = Zeroizing::new(String::new());
        self.take_into(&mut rest, |c| c != '\n');
        self.bump();
        rest
    }

    fn error_here(&self, message: &str) -> ParseError {
        error_at(self.here(), message)
    }
}

fn error_at((line, column): (usize, usize), message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        column,
        message: message.into(),
    }
}

/// Skips blank and comment lines and parses the next assignment, if any.
fn next_entry<I: Iterator<Item = char>>(
    cursor: &mut Cursor<I>,
) -> Result<Option<Entry>, ParseError> {
    loop {
        cursor.skip_blanks();
        match cursor.peek() {
            None => return Ok(None),
            Some('#') => {
                cursor.rest_of_line();
            }
            Some('\n') => {
                cursor.bump();
            }
            Some(_) => return assignment(cursor).map(Some),
        }
    }
}

/// Parses `[export ]KEY = value` through the end of its (last) line.
fn assignment<I: Iterator<Item = char>>(cursor: &mut Cursor<I>) -> Result<Entry, ParseError> {
    let line = cursor.line();
    let key = read_key(cursor)?;
    cursor.skip_blanks();
    if cursor.peek() != Some('=') {
        // Not quoted: a line without '=' is often a value that lost its key (a PEM body,
        // a pasted token), and the error ends up in a log.
        return Err(cursor.error_here(
            "expected '=' here: a line must be KEY=VALUE (the line is not shown: it may be a secret)",
        ));
    }
    cursor.bump();
    let (value, literal) = read_value(cursor).map_err(|error| ParseError {
        message: format!("{}: {}", shown_key(&key), error.message),
        ..error
    })?;
    Ok(Entry {
        key,
        value,
        literal,
        line,
    })
}

/// Reads a key, dropping an `export ` prefix (`export=1` is still the key `export`).
fn read_key<I: Iterator<Item = char>>(cursor: &mut Cursor<I>) -> Result<String, ParseError> {
    let mut start = cursor.here();
    let mut key = take_key(cursor);
    if key == "export" && cursor.skip_blanks() && !matches!(cursor.peek(), None | Some('=' | '\n'))
    {
        start = cursor.here();
        key = take_key(cursor);
    }
    if key.is_empty() {
        return Err(error_at(start, "missing key before '='"));
    }
    match key_problem(&key) {
        Some(problem) => Err(error_at(start, problem)),
        None => Ok(key),
    }
}

fn take_key<I: Iterator<Item = char>>(cursor: &mut Cursor<I>) -> String {
    let mut key = String::new();
    cursor.take_into(&mut key, |c| !c.is_whitespace() && c != '=');
    key
}

/// Reads the value after `=` and says whether it is literal (single-quoted).
fn read_value<I: Iterator<Item = char>>(
    cursor: &mut Cursor<I>,
) -> Result<(Zeroizing<String>, bool), ParseError> {
    let spaced = cursor.skip_blanks();
    let (value, literal) = match cursor.peek() {
        Some('"') => (double_quoted(cursor)?, false),
        Some('\'') => (single_quoted(cursor)?, true),
        Some('`') => (backtick_quoted(cursor)?, false),
        _ => return Ok((unquoted(cursor, spaced), false)),
    };
    finish_line(cursor)?;
    Ok((value, literal))
}

/// An unquoted value runs to the end of the line; `#` after a blank starts a comment.
/// `spaced` says whether blanks separated the value from `=`, so `A= #c` is empty while
/// `A=#c` is `#c`.
fn unquoted<I: Iterator<Item = char>>(cursor: &mut Cursor<I>, spaced: bool) -> Zeroizing<String> {
    let mut rest = cursor.rest_of_line();
    let mut after_blank = spaced;
    let end = rest
        .char_indices()
        .find(|&(_, c)| {
            let comment = c == '#' && after_blank;
            after_blank = is_blank(c);
            comment
        })
        .map_or(rest.len(), |(at, _)| at);
    rest.truncate(end);
    let trimmed = rest.trim();
    if trimmed.len() == rest.len() {
        return rest;
    }
    Zeroizing::new(trimmed.to_owned())
}

/// Reads `"..."`, decoding the escapes listed in the module doc and keeping any other
/// backslash as written.
fn double_quoted<I: Iterator<Item = char>>(
    cursor: &mut Cursor<I>,
) -> Result<Zeroizing<String>, ParseError> {
    let open = cursor.here();
    cursor.bump();
    let mut value = Zeroizing::new(String::new());
    loop {
        match cursor.bump() {
            None => return Err(unterminated(open, "double")),
            Some('"') => return Ok(value),
            Some('\\') => match cursor.peek().and_then(unescape) {
                Some(decoded) => {
                    value.push(decoded);
                    cursor.bump();
                }
                None => value.push('\\'),
            },
            Some(c) => value.push(c),
        }
    }
}

/// What `\c` means inside double quotes, or `None` to keep the backslash.
fn unescape(c: char) -> Option<char> {
    match c {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '"' | '\\' | '\'' => Some(c),
        _ => None,
    }
}

/// Reads `'...'` with no escapes except `''` for one quote (see the module doc).
fn single_quoted<I: Iterator<Item = char>>(
    cursor: &mut Cursor<I>,
) -> Result<Zeroizing<String>, ParseError> {
    let open = cursor.here();
    cursor.bump();
    let mut value = Zeroizing::new(String::new());
    loop {
        match cursor.bump() {
            None => return Err(unterminated(open, "single")),
            Some('\'') if cursor.peek() == Some('\'') => {
                cursor.bump();
                value.push('\'');
            }
            Some('\'') => return Ok(value),
            Some(c) => value.push(c),
        }
    }
}

/// Reads `` `...` `` with no escapes at all.
fn backtick_quoted<I: Iterator<Item = char>>(
    cursor: &mut Cursor<I>,
) -> Result<Zeroizing<String>, ParseError> {
    let open = cursor.here();
    cursor.bump();
    let mut value = Zeroizing::new(String::new());
    loop {
        match cursor.bump() {
            None => return Err(unterminated(open, "backtick")),
            Some('`') => return Ok(value),
            Some(c) => value.push(c),
        }
    }
}

fn unterminated(open: (usize, usize), kind: &str) -> ParseError {
    error_at(
        open,
        format!("the {kind} quote opened here is never closed"),
    )
}

/// After a closing quote only blanks and a `# comment` may follow on the line.
fn finish_line<I: Iterator<Item = char>>(cursor: &mut Cursor<I>) -> Result<(), ParseError> {
    cursor.skip_blanks();
    match cursor.peek() {
        None => Ok(()),
        Some('\n' | '#') => {
            cursor.rest_of_line();
            Ok(())
        }
        Some(_) => Err(cursor
            .error_here("unexpected text after the closing quote (only a # comment may follow)")),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// (what the case shows, input, expected (key, value, literal) in order).
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str, bool)],
    );

    const CASES: &[Case] = &[
        ("empty input has no entries", "", &[]),
        (
            "blank lines and comments are skipped",
            "\n  \n# c\n  # c2\n\t\n",
            &[],
        ),
        ("a plain assignment", "A=b", &[("A", "b", false)]),
        (
            "export prefix is dropped",
            "export A=b",
            &[("A", "b", false)],
        ),
        (
            "export prefix with tabs",
            "export\t\tA=b",
            &[("A", "b", false)],
        ),
        ("a key named export", "export=1", &[("export", "1", false)]),
        (
            "a key named export with spaces",
            "export = 1",
            &[("export", "1", false)],
        ),
        (
            "a key starting with export",
            "exportA=1",
            &[("exportA", "1", false)],
        ),
        (
            "spaces around = are allowed",
            "A  =  b",
            &[("A", "b", false)],
        ),
        ("indented lines", "   A=b", &[("A", "b", false)]),
        (
            "unquoted values are trimmed",
            "A=   b c   ",
            &[("A", "b c", false)],
        ),
        (
            "unquoted value keeps inner blanks",
            "A=b   c",
            &[("A", "b   c", false)],
        ),
        (
            "# not after a blank is kept",
            "A=b#c",
            &[("A", "b#c", false)],
        ),
        (
            "# after a blank starts a comment",
            "A=b #c",
            &[("A", "b", false)],
        ),
        (
            "# after a tab starts a comment",
            "A=b\t#c",
            &[("A", "b", false)],
        ),
        ("# right after = is a value", "A=#c", &[("A", "#c", false)]),
        (
            "# after = and a blank is a comment",
            "A= #c",
            &[("A", "", false)],
        ),
        ("KEY= is the empty string", "A=", &[("A", "", false)]),
        ("KEY= with trailing blanks", "A=   ", &[("A", "", false)]),
        (
            "unquoted backslashes are kept",
            r"A=a\nb\\c",
            &[("A", r"a\nb\\c", false)],
        ),
        (
            "unquoted quotes mid-value are kept",
            r#"A=a"b'c"#,
            &[("A", r#"a"b'c"#, false)],
        ),
        ("unquoted = in value", "A=b=c==", &[("A", "b=c==", false)]),
        (
            "interpolation is never done",
            "A=${B}\nB=$C",
            &[("A", "${B}", false), ("B", "$C", false)],
        ),
        ("double quotes", r#"A="b c""#, &[("A", "b c", false)]),
        (
            "double-quoted escapes",
            r#"A="1\n2\r3\t4\"5\\6\'7""#,
            &[("A", "1\n2\r3\t4\"5\\6'7", false)],
        ),
        (
            "unknown escapes keep the backslash",
            r#"A="\a\x\u00e9\ ""#,
            &[("A", r"\a\x\u00e9\ ", false)],
        ),
        (
            "\\$ keeps its backslash for inject",
            r#"A="\$HOME \${X}""#,
            &[("A", r"\$HOME \${X}", false)],
        ),
        (
            "# inside double quotes is kept",
            r##"A="b #c""##,
            &[("A", "b #c", false)],
        ),
        (
            "spaces inside double quotes are kept",
            r#"A="  b  ""#,
            &[("A", "  b  ", false)],
        ),
        (
            "comment after double quotes",
            r#"A="b" # c"#,
            &[("A", "b", false)],
        ),
        (
            "comment right after the quote",
            r##"A="b"#c"##,
            &[("A", "b", false)],
        ),
        (
            "blanks after the closing quote",
            "A=\"b\"   \t",
            &[("A", "b", false)],
        ),
        (
            "blanks between = and the quote",
            "A=   \"b\"",
            &[("A", "b", false)],
        ),
        (
            "double quotes span lines",
            "A=\"1\n2\n\"\nB=c",
            &[("A", "1\n2\n", false), ("B", "c", false)],
        ),
        (
            "double quotes may hold single quotes",
            r#"A="it's""#,
            &[("A", "it's", false)],
        ),
        ("empty double quotes", r#"A="""#, &[("A", "", false)]),
        (
            "single quotes are literal",
            r"A='b\n${C}'",
            &[("A", r"b\n${C}", true)],
        ),
        (
            "single quotes keep #",
            "A='b #c' # d",
            &[("A", "b #c", true)],
        ),
        (
            "single quotes span lines",
            "A='1\n2'",
            &[("A", "1\n2", true)],
        ),
        (
            "empty single quotes are literal",
            "A=''",
            &[("A", "", true)],
        ),
        (
            "doubled single quote is one quote",
            "A='it''s'",
            &[("A", "it's", true)],
        ),
        ("only a doubled single quote", "A=''''", &[("A", "'", true)]),
        (
            "single quotes keep a trailing backslash",
            r"A='C:\dir\'",
            &[("A", r"C:\dir\", true)],
        ),
        (
            "single quotes may hold double quotes",
            r#"A='say "hi"'"#,
            &[("A", r#"say "hi""#, true)],
        ),
        (
            "backticks hold both quotes",
            r#"A=`it's "x"`"#,
            &[("A", r#"it's "x""#, false)],
        ),
        (
            "backticks have no escapes",
            r"A=`\n${X}`",
            &[("A", r"\n${X}", false)],
        ),
        ("backticks span lines", "A=`1\n2`", &[("A", "1\n2", false)]),
        (
            "CRLF line endings",
            "A=b\r\nB=\"c\r\nd\"\r\n",
            &[("A", "b", false), ("B", "c\nd", false)],
        ),
        (
            "lone CR ends a line",
            "A=b\rB='c\rd'",
            &[("A", "b", false), ("B", "c\nd", true)],
        ),
        (
            "leading BOM is ignored",
            "\u{feff}A=b",
            &[("A", "b", false)],
        ),
        (
            "dotted and dashed keys",
            "a.b=1\nkey-with-dashes=2",
            &[("a.b", "1", false), ("key-with-dashes", "2", false)],
        ),
        (
            "unicode keys and values",
            "ключ=значение 🔑",
            &[("ключ", "значение 🔑", false)],
        ),
        (
            "duplicate keys: last wins at first position",
            "A=1\nB=2\nA='3'",
            &[("A", "3", true), ("B", "2", false)],
        ),
        (
            "no newline at end of file",
            "A=1\nB=2",
            &[("A", "1", false), ("B", "2", false)],
        ),
    ];

    /// (what the case shows, input, line, column).
    const ERRORS: &[(&str, &str, usize, usize)] = &[
        ("a line without =", "A=1\nJUSTAKEY\n", 2, 9),
        ("a key followed by a word", "A B=c", 1, 3),
        ("export without an assignment", "export A", 1, 9),
        ("bare export", "export", 1, 7),
        ("an empty key", "\n=value", 2, 1),
        ("an empty key after export", "export =x\n =y", 2, 2),
        ("a key starting with # after export", "export #A=1", 1, 8),
        ("unterminated double quote", "A=1\nB=\"abc\nC=2\n", 2, 3),
        ("unterminated single quote", "A='abc", 1, 3),
        ("unterminated backtick", "A=`abc\n\n", 1, 3),
        ("escaped quote does not close", r#"A="abc\""#, 1, 3),
        ("garbage after a double quote", r#"A="b" c"#, 1, 7),
        ("garbage after a single quote", "A='b'c", 1, 6),
        ("garbage after a multi-line value", "A=\"1\n2\" x", 2, 4),
        ("a second quoted value", r#"A="b" "c""#, 1, 7),
        ("a NUL byte", "A=1\nB=x\0y", 2, 4),
        ("UTF-16 text", "\0A\0=\0", 1, 1),
        ("a BOM glued to a later key", "A=1\n\u{feff}B=2", 2, 1),
        ("columns count characters, not bytes", "é€🔑 x", 1, 5),
    ];

    fn triples(entries: &[Entry]) -> Vec<(&str, &str, bool)> {
        entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.literal))
            .collect()
    }

    #[test]
    fn every_case_parses_to_its_entries() {
        for (what, input, expected) in CASES {
            let entries = parse_dotenv(input).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(triples(&entries), *expected, "{what}");
        }
    }

    #[test]
    fn every_malformed_input_reports_its_line_and_column() {
        for (what, input, line, column) in ERRORS {
            let error = parse_dotenv(input).expect_err(what);
            assert_eq!(
                (error.line, error.column),
                (*line, *column),
                "{what}: {error}"
            );
            // No line of the input, nor what follows its '=', is echoed back.
            for text in input
                .lines()
                .flat_map(|l| [l, l.split_once('=').map_or(l, |p| p.1)])
            {
                if text.chars().count() >= 4 {
                    assert!(!error.message.contains(text), "{what}: {error}");
                }
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        use rand::{Rng, SeedableRng};
        const PIECES: &[&str] = &[
            "=", "\"", "'", "`", "\\", "#", " ", "\t", "\n", "\r", "\r\n", "export ", "A", "é",
            "🔑", "\u{feff}", "\0", "$", "{",
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..3000 {
            let len = rng.gen_range(0..40);
            let input: String = (0..len)
                .map(|_| PIECES[rng.gen_range(0..PIECES.len())])
                .collect();
            let _ = parse_dotenv(&input);
        }
    }

    #[test]
    fn unterminated_quote_message_says_where_it_opened() {
        let error = parse_dotenv("A=1\nB=\"abc\nC=2\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2, column 3: \"B\": the double quote opened here is never closed"
        );
    }

    #[test]
    fn a_line_without_equals_is_not_quoted() {
        let error = parse_dotenv("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 1, column 33: expected '=' here: a line must be KEY=VALUE \
             (the line is not shown: it may be a secret)"
        );
    }

    #[test]
    fn a_ten_megabyte_line_gives_a_short_error() {
        let error = parse_dotenv(&"x".repeat(10 << 20)).unwrap_err();
        assert!(
            error.to_string().len() < 200,
            "{} bytes",
            error.to_string().len()
        );
    }

    /// Malformed inputs with `{V}` where a secret sits: as a value, or as the whole of a
    /// line the parser cannot read.
    pub(crate) const MALFORMED_WITH_SECRET: &[&str] = &[
        "{V}\n",
        "A=1\n{V}\n",
        "export {V}",
        "{V} B=c",
        "A=\"{V}\" {V}",
        "A='{V}' {V}",
        "A=`{V}` {V}",
        "A=\"{V}",
        "A='{V}",
        "A=`{V}\n\n",
        "A=\"{V}\\\"",
        "A=\"1\n{V}\" {V}",
        "A={V}\0",
        "A=\"{V}\0\"",
        "\u{feff}{V}\n\u{feff}B=2",
        "A=1\n\u{feff}{V}=2",
    ];

    /// Secret-shaped values: base64, hex and token alphabets, 12 to 64 characters, from a
    /// fixed seed so a failure can be replayed.
    pub(crate) fn generated_secrets(count: usize) -> Vec<String> {
        use rand::{Rng, SeedableRng};
        const ALPHABET: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_.-";
        let mut rng = rand::rngs::StdRng::seed_from_u64(10);
        let mut values: Vec<String> = (0..count)
            .map(|_| {
                let len = rng.gen_range(12..=64);
                (0..len)
                    .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
                    .collect()
            })
            .collect();
        values.extend([
            "hunter2hunter2".to_owned(),
            "MIIEvQIBADANBgkqhkiG9w0B".to_owned(),
        ]);
        values
    }

    #[test]
    fn no_error_contains_a_secret_from_any_malformed_case() {
        for template in MALFORMED_WITH_SECRET {
            for secret in generated_secrets(200) {
                let input = template.replace("{V}", &secret);
                let error = parse_dotenv(&input).expect_err(&format!("{template:?} parses"));
                assert!(
                    !error.to_string().contains(&secret),
                    "{template:?} with {secret:?}: {error}"
                );
            }
        }
    }

    #[test]
    fn assignments_over_the_limit_are_refused_at_their_line() {
        let input = "A=1\nB=2\nA=3\n";
        assert_eq!(parse_dotenv_with_limit(input, 3).unwrap().len(), 2);
        let error = parse_dotenv_with_limit(input, 2).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 3, column 1: more than 2 assignments; split the file"
        );
    }

    #[test]
    fn entries_record_the_line_of_their_winning_assignment() {
        let entries = parse_dotenv("# head\nA=\"1\n2\"\nB=3\n\nA=4\n").unwrap();
        let lines: Vec<(&str, usize)> = entries.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(lines, [("A", 6), ("B", 4)]);
    }

    #[test]
    fn crlf_file_counts_lines_like_an_editor() {
        let entries = parse_dotenv("A=1\r\n\r\nB=\"x\r\ny\"\r\nC=3").unwrap();
        let lines: Vec<usize> = entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 3, 5]);
    }

    /// Shaped after files generated by Rails, Laravel and Next.js projects.
    const REAL_WORLD: &str = r##"# Laravel
APP_NAME=Laravel
APP_ENV=local
APP_KEY=base64:k1P2Hgx3Zl0cQh5jR0oTz8pYQ4v2wV9lq1G0aXbFm8c=
APP_DEBUG=true
APP_URL=http://localhost
DB_PASSWORD=
MAIL_FROM_ADDRESS="hello@example.com"
VITE_APP_NAME="${APP_NAME}"

# Rails
DATABASE_URL=postgres://app:p%40ss@db.internal:5432/app_production?sslmode=require&pool=5
SECRET_KEY_BASE=0f5e2b8c7d9a1e3f
RAILS_LOG_TO_STDOUT=1 # so docker logs see it

# Next.js
NEXT_PUBLIC_API_URL=https://api.example.com/v1/search?q=a+b#results
NEXTAUTH_SECRET='Zs$9f!x${NOT_A_VAR}'
STRIPE_KEY = sk_test_4eC39HqLyjWDarjtT1zdp7dc  # test key

export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
DB_PASS=pa$$w0rd$
REDIS_URL="redis://:p#ss@cache:6379/0" # hash inside quotes
JWT_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7
q1w2e3r4t5y6u7i8o9p0
-----END PRIVATE KEY-----
"
ESCAPED_PEM="-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"
"##;

    #[test]
    fn real_world_file_parses_to_its_values() {
        let entries = parse_dotenv(REAL_WORLD).unwrap();
        let pem = "-----BEGIN PRIVATE KEY-----\n\
                   MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n\
                   q1w2e3r4t5y6u7i8o9p0\n\
                   -----END PRIVATE KEY-----\n";
        let expected = [
            ("APP_NAME", "Laravel", false),
            ("APP_ENV", "local", false),
            (
                "APP_KEY",
                "base64:k1P2Hgx3Zl0cQh5jR0oTz8pYQ4v2wV9lq1G0aXbFm8c=",
                false,
            ),
            ("APP_DEBUG", "true", false),
            ("APP_URL", "http://localhost", false),
            ("DB_PASSWORD", "", false),
            ("MAIL_FROM_ADDRESS", "hello@example.com", false),
            ("VITE_APP_NAME", "${APP_NAME}", false),
            (
                "DATABASE_URL",
                "postgres://app:p%40ss@db.internal:5432/app_production?sslmode=require&pool=5",
                false,
            ),
            ("SECRET_KEY_BASE", "0f5e2b8c7d9a1e3f", false),
            ("RAILS_LOG_TO_STDOUT", "1", false),
            (
                "NEXT_PUBLIC_API_URL",
                "https://api.example.com/v1/search?q=a+b#results",
                false,
            ),
            ("NEXTAUTH_SECRET", "Zs$9f!x${NOT_A_VAR}", true),
            ("STRIPE_KEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", false),
            (
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                false,
            ),
            ("DB_PASS", "pa$$w0rd$", false),
            ("REDIS_URL", "redis://:p#ss@cache:6379/0", false),
            ("JWT_PRIVATE_KEY", pem, false),
            (
                "ESCAPED_PEM",
                "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
                false,
            ),
        ];
        assert_eq!(triples(&entries), expected);
        assert_eq!(entries.last().map(|e| e.line), Some(29));
    }
}
