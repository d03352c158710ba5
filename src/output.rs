//! How results reach people and scripts: aligned tables or `--json`, colour only on a TTY
//! and never with `NO_COLOR`/`--no-color`, and the "error + hint" banner on stderr.
//! Write errors (a closed pipe) propagate so the edge can exit quietly.
//!
//! Names, authors and messages may come from a server or a teammate: every human-facing
//! path here (tables, pairs, notes, warnings, the error banner) passes text through
//! [`escape`], so no control sequence and no invisible reordering reaches a terminal.
//! `--json` output is left alone: JSON escapes control characters itself.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// `--no-color` or `NO_COLOR`, recorded once by the CLI before anything is printed, so
/// that helpers without access to the flags (`warn`) obey it too.
static NO_COLOR: AtomicBool = AtomicBool::new(false);

/// Records that colour is off for this process.
pub fn set_no_color(off: bool) {
    NO_COLOR.store(off, Ordering::Relaxed);
}

/// False when `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether to colour stderr messages: only on a terminal, never with `--no-color`/`NO_COLOR`.
pub fn color(no_color_flag: bool) -> bool {
    !no_color_flag
        && !NO_COLOR.load(Ordering::Relaxed)
        && color_allowed()
        && io::stderr().is_terminal()
}

/// Whether to colour what goes to stdout (a report for people, e.g. `doctor`).
pub fn color_stdout(no_color_flag: bool) -> bool {
    !no_color_flag
        && !NO_COLOR.load(Ordering::Relaxed)
        && color_allowed()
        && io::stdout().is_terminal()
}

/// `text` in the SGR colour `code` when `color` is set, else unchanged.
pub fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Whether `c` would act on a terminal or on the text around it instead of being shown:
/// C0 controls (ESC, CR, LF, NUL...), DEL, C1 controls, and bidi and zero-width
/// characters ([`crate::vault::is_invisible`]).
fn needs_escape(c: char) -> bool {
    c.is_control() || crate::vault::is_invisible(c)
}

/// `text` safe to show on a terminal: each character that [`needs_escape`] becomes
/// `\n`, `\r`, `\t`, `\0` or `\u{hex}`; everything else is kept as is (no copy when
/// nothing needs escaping). The one place where untrusted text meets a terminal.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `error: message` and, when there is one, `hint: next step`.
pub fn error_banner(message: &str, hint: Option<&str>, color: bool) -> String {
    let mut out = format!("{} {}\n", paint(color, "1;31", "error:"), escape(message));
    if let Some(hint) = hint {
        out.push_str(&format!(
            "{} {}\n",
            paint(color, "1;36", "hint:"),
            escape(hint)
        ));
    }
    out
}

/// What `-v/--verbose` adds under the banner: each cause on a line of its own, the vault
/// and context the command used (`target`), and what the exit code means.
pub fn error_detail(err: &anyhow::Error, code: u8, target: &[String], color: bool) -> String {
    let label = |text: &str| paint(color, "2", text);
    let mut out = String::new();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        out.push_str(&format!("{} {}\n", label("caused by:"), escape(&cause)));
    }
    for line in target {
        out.push_str(&format!("{} {}\n", label("using:"), escape(line)));
    }
    let meaning = crate::error::EXIT_CODES_HELP
        .lines()
        .skip(1)
        .map(str::trim)
        .find_map(|l| l.strip_prefix(&format!("{code} ")))
        .map(str::trim)
        .unwrap_or("");
    out.push_str(&format!("{} {code}, {meaning}\n", label("exit code:")));
    out
}

/// Items below which an import shows no progress bar: it is over before a bar helps.
pub const PROGRESS_MIN_ITEMS: u64 = 1000;

/// A progress bar on stderr for `total` steps, or a hidden one when stderr is not a
/// terminal or the work is small (scripts and logs never see bar frames). No colour.
pub fn progress(total: u64) -> indicatif::ProgressBar {
    if total < PROGRESS_MIN_ITEMS || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    let style = indicatif::ProgressStyle::with_template(
        "{msg:>9} [{bar:30}] {human_pos}/{human_len} {prefix}",
    )
    .expect("a valid template")
    .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// A warning on stderr.
pub fn warn(message: &str) {
    let c = color(false);
    eprintln!("{} {}", paint(c, "1;33", "warning:"), escape(message));
}

/// A progress or confirmation note on stderr (stdout stays clean for data).
pub fn note(message: &str) {
    eprintln!("{}", escape(message));
}

/// Writes a revealed value to stdout byte for byte. At a terminal a value that does not end
/// its line gets a newline, so the shell's prompt does not start on the value's line;
/// pipes and `$(...)` get exactly the bytes stored.
pub fn value(value: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(value)?;
    if !value.ends_with(b"\n") && out.is_terminal() {
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) -> io::Result<()> {
    // Stdout is line-buffered; one write per JSON line would dominate large listings.
    let mut out = io::BufWriter::new(io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}

/// Prints `value` as one compact JSON line and flushes it: for streams a script reads
/// line by line while the command keeps running (`watch --json`).
pub fn json_line<T: serde::Serialize>(value: &T) -> io::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, value).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}

/// Prints `label  value` lines, aligned, without a header.
pub fn pairs(rows: &[(&str, String)]) -> io::Result<()> {
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = io::stdout().lock();
    for (k, v) in rows {
        writeln!(out, "{}  {}", padded(k, width), escape(v))?;
    }
    Ok(())
}

/// `text` followed by spaces up to `width` characters. By hand, not `{:<width$}`: the
/// standard formatter panics on a width above 65,535 ("Formatting argument out of range"),
/// and a column is as wide as its longest cell, which a pulled name once made 100,000.
fn padded(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.chars().count());
    let mut out = String::with_capacity(text.len() + fill);
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

/// Prints rows under headers in aligned columns on stdout.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    write_table(&mut out, headers, rows)?;
    out.flush()
}

/// Writes rows under headers in aligned columns, every cell [`escape`]d.
fn write_table(out: &mut dyn Write, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let rows: Vec<Vec<Cow<'_, str>>> = rows
        .iter()
        .map(|row| row.iter().map(|c| escape(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let parts: Vec<String> = cells.zip(&widths).map(|(c, w)| padded(c, *w)).collect();
        parts.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(&mut headers.iter().copied()))?;
    for row in &rows {
        writeln!(out, "{}", line(&mut row.iter().map(|c| c.as_ref())))?;
    }
    Ok(())
}

/// A vault timestamp (ms since epoch) as RFC 3339 UTC, to the second.
pub fn time(ms: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| ms.to_string())
}

/// `text` as one shell word, read back unchanged: bare when it holds only characters no
/// shell treats specially, else single-quoted. For commands quoted in hints.
pub fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:@%+=,-".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// One line of a value for a table: escapes newlines and control characters.
pub fn one_line(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.escape_debug().to_string(),
        Err(_) => format!("<{} bytes, not UTF-8>", bytes.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banner_has_error_and_hint_lines_without_colour() {
        assert_eq!(
            error_banner("boom", Some("retry"), false),
            "error: boom\nhint: retry\n"
        );
    }

    #[test]
    fn time_is_utc_rfc3339() {
        assert_eq!(time(0), "1970-01-01T00:00:00Z");
        assert_eq!(time(1_700_000_000_123), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn escape_shows_every_control_bidi_and_zero_width_character() {
        assert_eq!(escape("A\x1b[31mB"), "A\\u{1b}[31mB");
        assert_eq!(escape("a\nb\rc\td\0e"), "a\\nb\\rc\\td\\0e");
        assert_eq!(escape("del\x7f c1\u{9b}"), "del\\u{7f} c1\\u{9b}");
        assert_eq!(escape("x\u{202e}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        assert_eq!(
            escape("\u{200b}\u{200d}\u{2060}\u{feff}\u{61c}\u{200e}"),
            "\\u{200b}\\u{200d}\\u{2060}\\u{feff}\\u{61c}\\u{200e}"
        );
        // Printable text, accents and emoji included, passes through untouched and uncopied.
        assert!(matches!(escape("DB_URL café 🚀 \\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn no_escaped_text_holds_a_character_that_needs_escaping() {
        // Every char below U+3000 plus the specials: the output never acts on a terminal.
        let all: String = (0u32..0x3000)
            .filter_map(char::from_u32)
            .chain(['\u{feff}'])
            .collect();
        assert!(!escape(&all).chars().any(needs_escape));
    }

    #[test]
    fn banner_escapes_message_and_hint() {
        assert_eq!(
            error_banner("bad \x1b]0;pwned\x07", Some("x\nhint: fake"), false),
            "error: bad \\u{1b}]0;pwned\\u{7}\nhint: x\\nhint: fake\n"
        );
    }

    #[test]
    fn a_table_with_a_100k_character_cell_is_aligned_not_a_panic() {
        let long = "N".repeat(100_000);
        let mut out = Vec::new();
        write_table(
            &mut out,
            &["NAME", "V"],
            &[vec![long.clone(), "1".into()], vec!["A".into(), "2".into()]],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], format!("{long}  1"));
        assert_eq!(lines[2].len(), 100_000 + 3);
        assert!(lines[2].starts_with("A ") && lines[2].ends_with("  2"));
    }

    #[test]
    fn table_cells_are_escaped() {
        let mut out = Vec::new();
        write_table(&mut out, &["NAME"], &[vec!["X\x1b[2J\u{202e}".into()]]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "NAME\nX\\u{1b}[2J\\u{202e}\n"
        );
    }

    #[test]
    fn one_line_escapes_newlines_and_reports_binary() {
        assert_eq!(one_line(b"a\nb"), "a\\nb");
        assert_eq!(one_line(&[0xff, 0xfe]), "<2 bytes, not UTF-8>");
    }
}
