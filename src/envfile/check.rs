//! `file check` for CI: does a file that should be encrypted hold anything in clear? Needs
//! no key, so it runs in any CI job: it checks the shape (header, every value sealed, no
//! repeated name, no conflict markers, a seal line) and runs the `scan` rules over what is
//! in clear (plaintext values and comments), so a finding says what kind of secret leaked.
//! Opening the values and the seal needs the key: `file decrypt` does that.
//!
//! Reports every problem of a file, not only the first, each by line and name, never with
//! the value.

use super::format::{SealedValue, is_conflict_marker};
use super::{HEADER_PREFIX, SEAL_PREFIX};
use crate::dotenv::shown_key;
use crate::scan::{LineMap, Scanner};

/// One problem found by [`check_text`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// 1-based line (0: the file as a whole).
    pub line: usize,
    /// What is wrong, naming the name; never the value.
    pub message: String,
}

/// Every problem of one file's text; empty when it is a well-formed encrypted file.
pub fn check_text(text: &str, scanner: &Scanner) -> Vec<Problem> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let has_header = lines.first().is_some_and(|l| l.starts_with(HEADER_PREFIX));
    if !has_header {
        problems.push(Problem {
            line: 1,
            message: format!(
                "not an encrypted env file (no {:?} header): encrypt it with `secretscli file encrypt`",
                HEADER_PREFIX.trim_end()
            ),
        });
    }
    let findings = scanner.scan("", None, text.as_bytes(), &LineMap::whole(text.as_bytes()));
    let finding = |n: usize| {
        findings
            .iter()
            .find(|f| f.line == n as u64)
            .map(|f| f.description.clone())
    };
    let mut seen = std::collections::HashMap::new();
    let mut sealed = false;
    for (i, line) in lines.iter().enumerate().skip(usize::from(has_header)) {
        let n = i + 1;
        if let Some(p) = check_line(line, n, &finding, &mut seen, &mut sealed) {
            problems.push(p);
        }
    }
    if !sealed && !problems.iter().any(|p| p.line == 1) {
        problems.push(Problem {
            line: 0,
            message: format!("no seal line ({}...) at the end", SEAL_PREFIX.trim_end()),
        });
    }
    problems
}

fn check_line(
    line: &str,
    n: usize,
    finding: &dyn Fn(usize) -> Option<String>,
    seen: &mut std::collections::HashMap<String, usize>,
    sealed: &mut bool,
) -> Option<Problem> {
    let problem = |message: String| Some(Problem { line: n, message });
    if is_conflict_marker(line) {
        return problem("unresolved merge conflict marker".into());
    }
    if line.starts_with(SEAL_PREFIX) {
        *sealed = true;
        return None;
    }
    let trimmed = line.trim_start();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.starts_with('#') {
        return finding(n)
            .and_then(|what| problem(format!("a comment holds what looks like a {what}")));
    }
    let Some((name, field)) = line.split_once('=') else {
        return problem("neither a comment nor NAME=enc:...".into());
    };
    let name = name.trim().trim_start_matches("export ").trim();
    let shown = shown_key(name);
    if let Some(first) = seen.insert(name.to_string(), n) {
        return problem(format!("{shown} appears again (first on line {first})"));
    }
    if field.starts_with("enc:") {
        if SealedValue::is_well_formed(field) {
            return None;
        }
        return problem(format!("the sealed value of {shown} is damaged"));
    }
    let why = if has_url_password(field) {
        " (a password inside a URL)".to_string()
    } else {
        finding(n)
            .map(|what| format!(" (looks like a {what})"))
            .unwrap_or_default()
    };
    problem(format!(
        "{shown} holds a plaintext value{why}; encrypt it with `secretscli file encrypt`"
    ))
}

/// `scheme://user:password@host`: a non-empty password in a URL's user info.
fn has_url_password(value: &str) -> bool {
    value.match_indices("://").any(|(at, _)| {
        let rest = &value[at + 3..];
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        authority
            .rsplit_once('@')
            .and_then(|(userinfo, _)| userinfo.split_once(':'))
            .is_some_and(|(_, password)| !password.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "#@secretscli-envfile v1 project=00000000-0000-0000-0000-000000000001 env=00000000-0000-0000-0000-000000000002\n";
    const SEAL: &str = "#@secretscli-seal v1 k1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA A\n";

    fn check(body: &str) -> Vec<String> {
        let text = format!("{HEAD}{body}{SEAL}");
        check_text(&text, &Scanner::new(None))
            .into_iter()
            .map(|p| format!("{}: {}", p.line, p.message))
            .collect()
    }

    #[test]
    fn a_sealed_file_passes() {
        assert!(check("# c\nA=enc:v1:k1:AAAAAAAA\n").is_empty());
    }

    #[test]
    fn a_password_inside_a_url_is_named() {
        assert_eq!(
            check("DATABASE_URL=postgres://app:s3cr3t-Pw@db.internal:5432/app\n"),
            [
                "2: \"DATABASE_URL\" holds a plaintext value (a password inside a URL); encrypt it with `secretscli file encrypt`"
            ]
        );
    }

    #[test]
    fn every_plaintext_value_and_a_leaking_comment_are_reported() {
        let problems = check(
            "PORT=8080\n# old key ghp_k3Vq7mZe2XwaFh4dQ9pL0sT8uYbN6cR1jHgE\nB=enc:v1:k1:AAAA\n",
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("2: \"PORT\" holds a plaintext value;"));
        assert!(
            problems[1].starts_with("3: a comment holds what looks like a GitHub"),
            "{problems:?}"
        );
        assert!(!problems.join("").contains("k3Vq7mZe"));
    }

    #[test]
    fn a_plain_dotenv_file_is_not_an_encrypted_one() {
        let problems = check_text("A=1\n", &Scanner::new(None));
        assert_eq!(problems[0].line, 1);
        assert!(problems[0].message.starts_with("not an encrypted env file"));
        assert!(
            problems[1]
                .message
                .starts_with("\"A\" holds a plaintext value")
        );
    }

    #[test]
    fn url_passwords_need_a_password() {
        assert!(has_url_password("redis://:pw@h:6379"));
        assert!(!has_url_password("https://user@host/x"));
        assert!(!has_url_password("https://host/a:b@c"));
    }
}
