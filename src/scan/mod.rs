//! `secretscli scan`: leaked secrets in files, staged changes and git history, found by
//! built-in provider rules ([`rules`]) and by the vault's own values ([`values`]).
//!
//! A finding never carries the secret: its excerpt is the line with the secret masked (a
//! rule's public prefix such as `ghp_` stays readable), and its fingerprint, which a
//! baseline file keeps, hashes the rule, the file and the secret for rule findings (tokens
//! of high entropy by the rules' construction) but only the item's name for vault values,
//! whose strength nothing guarantees.

pub mod rules;
pub mod source;
pub mod values;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use sha2::{Digest, Sha256};

use rules::Rule;
use values::ValueMatcher;

/// A line carrying this text is never reported.
pub const ALLOW_MARK: &[u8] = b"secretscli:allow";

/// Longest excerpt shown, in characters.
const EXCERPT_CHARS: usize = 160;

/// One leaked secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// File path (as given, or relative to the repository for git sources).
    pub file: String,
    /// Line number, from 1.
    pub line: u64,
    /// Commit that added the line (`--git-history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Rule id, or `vault-value`.
    pub rule: String,
    /// What was found, e.g. "GitHub token" or "value of DB_PASS in app/prod (base64)".
    pub description: String,
    /// The line, the secret masked.
    pub excerpt: String,
    /// Stable id for baselines: the same secret in the same file keeps it when lines move.
    pub fingerprint: String,
}

/// What to look for.
pub struct Scanner {
    rules: Vec<Rule>,
    keywords: AhoCorasick,
    /// Per keyword pattern: the rule it belongs to.
    keyword_rule: Vec<usize>,
    values: Option<ValueMatcher>,
}

impl Scanner {
    /// The built-in rules, and the vault's values when there are some.
    pub fn new(values: Option<ValueMatcher>) -> Scanner {
        let rules = rules::builtin();
        let mut keyword_rule = Vec::new();
        let mut keywords = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            for k in rule.keywords {
                keywords.push(*k);
                keyword_rule.push(i);
            }
        }
        let keywords = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .expect("keywords build");
        Scanner {
            rules,
            keywords,
            keyword_rule,
            values,
        }
    }

    /// Whether the vault's values are searched.
    pub fn uses_vault(&self) -> bool {
        self.values.is_some()
    }

    /// Findings in one text. `lines` maps each line of `text` to the line number to report
    /// (a file's own numbering, or a diff's new-file numbering).
    pub fn scan(
        &self,
        file: &str,
        commit: Option<&str>,
        text: &[u8],
        lines: &LineMap,
    ) -> Vec<Finding> {
        let at = Place {
            file,
            commit,
            text,
            lines,
        };
        let mut found = self.scan_values(&at);
        let mut candidates: Vec<(usize, usize)> = self
            .keywords
            .find_overlapping_iter(text)
            .map(|m| {
                (
                    lines.index_of(m.start()),
                    self.keyword_rule[m.pattern().as_usize()],
                )
            })
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for (line, rule_index) in candidates {
            let Some((start, end)) = lines.span(line) else {
                continue;
            };
            let line_text = &text[start..end];
            if contains(line_text, ALLOW_MARK) {
                continue;
            }
            let rule = &self.rules[rule_index];
            for caps in rule.regex.captures_iter(line_text) {
                let Some(secret) = caps.get(1) else { continue };
                let bytes = secret.as_bytes();
                if rules::is_not_credential(rule, bytes) {
                    continue;
                }
                let span = (start + secret.start(), start + secret.end());
                // What is already found there says more: a vault value names the item, and
                // rules run in order, provider rules before the generic one.
                if found
                    .iter()
                    .any(|(l, s, _)| *l == line && s.0 < span.1 && span.0 < s.1)
                {
                    continue;
                }
                let description = rule.description.to_string();
                let finding =
                    at.finding(line, rule.id, description, span, rule.public_prefix, bytes);
                found.push((line, span, finding));
            }
        }
        let mut out: Vec<Finding> = found.into_iter().map(|(.., f)| f).collect();
        out.sort_by(|a, b| (a.line, &a.rule).cmp(&(b.line, &b.rule)));
        out
    }

    /// The vault's values in `at`, with their line index and byte span.
    fn scan_values(&self, at: &Place<'_>) -> Vec<(usize, (usize, usize), Finding)> {
        let Some(values) = &self.values else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for hit in values.find(at.text) {
            let line = at.lines.index_of(hit.start);
            let Some((start, end)) = at.lines.span(line) else {
                continue;
            };
            if hit.end > end || contains(&at.text[start..end], ALLOW_MARK) {
                continue;
            }
            let encoded = match hit.encoding {
                values::Encoding::Plain => String::new(),
                e => format!(" ({})", e.as_str()),
            };
            let description = format!("value of {} in {}{encoded}", hit.name, hit.place);
            // The item, not the value: a baseline must not carry a hash of a weak password.
            let item = format!("{}/{}", hit.place, hit.name);
            let span = (hit.start, hit.end);
            let finding = at.finding(line, "vault-value", description, span, 0, item.as_bytes());
            out.push((line, span, finding));
        }
        out
    }
}

/// The text being scanned and where it came from.
struct Place<'a> {
    file: &'a str,
    commit: Option<&'a str>,
    text: &'a [u8],
    lines: &'a LineMap,
}

impl Place<'_> {
    /// A finding at line index `line` for the secret at byte span `secret`; `identity` is
    /// what its fingerprint hashes.
    fn finding(
        &self,
        line: usize,
        rule: &str,
        description: String,
        secret: (usize, usize),
        public_prefix: usize,
        identity: &[u8],
    ) -> Finding {
        Finding {
            file: self.file.to_string(),
            line: self.lines.number(line),
            commit: self.commit.map(str::to_string),
            rule: rule.to_string(),
            description,
            excerpt: self.lines.masked(self.text, line, secret, public_prefix),
            fingerprint: fingerprint(rule, self.file, identity),
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `hex(SHA-256(label, rule, file, what))`, first 32 digits.
fn fingerprint(rule: &str, file: &str, what: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(b"secretscli/scan-finding/v1\0");
    for part in [rule.as_bytes(), file.as_bytes(), what] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    hex::encode(&h.finalize()[..16])
}

/// The lines of a text that are scanned and the numbers they are reported under.
pub struct LineMap {
    /// (start, end without newline, reported number; 0: not scanned)
    lines: Vec<(usize, usize, u64)>,
}

impl LineMap {
    /// Every line of `text`, numbered from 1.
    pub fn whole(text: &[u8]) -> LineMap {
        let mut lines = Vec::new();
        let mut start = 0;
        let mut number = 1;
        for (i, &b) in text.iter().enumerate() {
            if b == b'\n' {
                lines.push((start, i, number));
                start = i + 1;
                number += 1;
            }
        }
        if start < text.len() {
            lines.push((start, text.len(), number));
        }
        LineMap { lines }
    }

    /// Lines built one by one (a diff's added lines, each with its new-file number).
    pub fn from_numbers(text: &[u8], numbers: &[u64]) -> LineMap {
        let mut map = LineMap::whole(text);
        for (line, &n) in map.lines.iter_mut().zip(numbers) {
            line.2 = n;
        }
        map
    }

    fn index_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|&(_, end, _)| end < offset)
    }

    fn span(&self, index: usize) -> Option<(usize, usize)> {
        self.lines
            .get(index)
            .filter(|l| l.2 > 0)
            .map(|l| (l.0, l.1))
    }

    fn number(&self, index: usize) -> u64 {
        self.lines.get(index).map_or(0, |l| l.2)
    }

    /// The line with the secret's bytes past its public prefix replaced by `*`s (at most
    /// 8, so the length does not tell either), shortened around the secret.
    fn masked(
        &self,
        text: &[u8],
        index: usize,
        secret: (usize, usize),
        public_prefix: usize,
    ) -> String {
        let Some((start, end)) = self.span(index) else {
            return String::new();
        };
        let keep = secret.0 + public_prefix.min(secret.1 - secret.0);
        let before = String::from_utf8_lossy(&text[start..keep]).into_owned();
        let after = String::from_utf8_lossy(&text[secret.1..end]).into_owned();
        let stars = "*".repeat((secret.1 - keep).clamp(1, 8));
        let before: String = tail_chars(before.trim_start(), EXCERPT_CHARS / 2);
        let after: String = after.chars().take(EXCERPT_CHARS / 2).collect();
        format!("{before}{stars}{after}")
    }
}

fn tail_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real-looking credentials (made up here, never issued) and the rule that must find each.
    const LEAKS: &[(&str, &str)] = &[
        (
            "aws_access_key_id = AKIAZ7QK3VQ7MZE2XWAF",
            "aws-access-key-id",
        ),
        (
            "aws_secret_access_key = \"k3Vq7mZe2XwaFh4d+Q9pL0sT8uYbN6cR1jHgE5fW\"",
            "aws-secret-access-key",
        ),
        (
            "GITHUB_TOKEN=ghp_k3Vq7mZe2XwaFh4dQ9pL0sT8uYbN6cR1jHgE",
            "github-token",
        ),
        ("token: glpat-k3Vq7mZe2XwaFh4dQ9pL", "gitlab-token"),
        ("SLACK=xoxb-1234567890-k3Vq7mZe2XwaFh4d", "slack-token"),
        ("STRIPE_KEY=sk_live_k3Vq7mZe2XwaFh4dQ9pL0sT8", "stripe-key"),
        (
            "SENDGRID=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",
            "sendgrid-api-key",
        ),
        (
            "//registry.npmjs.org/:_authToken=npm_k3Vq7mZe2XwaFh4dQ9pL0sT8uYbN6cR1jHgE",
            "npm-token",
        ),
        (
            "OPENAI_API_KEY=sk-proj-k3Vq7mZe2XwaFh4dQ9pLT3BlbkFJ0sT8uYbN6cR1jHgE5fWq",
            "openai-api-key",
        ),
        (
            "key = AIzaSyk3Vq7mZe2XwaFh4dQ9pL0sT8uYbN6cR1j",
            "google-api-key",
        ),
        ("-----BEGIN OPENSSH PRIVATE KEY-----", "private-key"),
        (
            "DATABASE_URL=postgres://app:Tr0ub4dor3xQ@db.internal:5432/app",
            "database-url-password",
        ),
        (
            "client_secret: \"Zq8vN3kX7pR2mW9tY4bL6sH1\"",
            "generic-secret",
        ),
    ];

    /// Lines that look like leaks and are not.
    const DECOYS: &[&str] = &[
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "DATABASE_URL=postgres://app:${DB_PASS}@db:5432/app",
        "password = \"changeme\"",
        "token = get_token_from(env)",
        "api_key = xxxxxxxxxxxxxxxxxxxxxxxx",
        "The secret sauce is patience and a long-running test suite",
    ];

    fn scan(text: &str, values: Option<ValueMatcher>) -> Vec<Finding> {
        let scanner = Scanner::new(values);
        scanner.scan(
            "f.env",
            None,
            text.as_bytes(),
            &LineMap::whole(text.as_bytes()),
        )
    }

    #[test]
    fn every_provider_sample_is_found_by_its_rule_and_never_shown() {
        for (line, rule) in LEAKS {
            let found = scan(line, None);
            assert_eq!(found.len(), 1, "{line}: {found:?}");
            assert_eq!(found[0].rule, *rule, "{line}");
            assert_eq!(found[0].line, 1);
            // The secret's distinctive middle never reaches the report.
            assert!(
                !found[0].excerpt.contains("7mZe2Xwa") && !found[0].excerpt.contains("Tr0ub4dor")
            );
            assert!(
                !found[0].excerpt.contains("N3kX7pR2"),
                "{}",
                found[0].excerpt
            );
        }
    }

    #[test]
    fn decoys_are_not_findings() {
        for line in DECOYS {
            assert_eq!(scan(line, None), [], "{line}");
        }
    }

    #[test]
    fn an_allow_mark_silences_its_line_only() {
        let text = "A=ghp_k3Vq7mZe2XwaFh4dQ9pL0sT8uYbN6cR1jHgE # secretscli:allow\nB=ghp_k3Vq7mZe2XwaFh4dQ9pL0sT8uYbN6cR1jHgF\n";
        let found = scan(text, None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].excerpt, "B=ghp_********");
    }

    #[test]
    fn a_vault_value_is_named_by_its_item_and_wins_over_a_rule() {
        let value = "Zq8vN3kX7pR2mW9tY4bL6sH1";
        let values = ValueMatcher::new(vec![values::Known {
            place: "app/prod".into(),
            name: "CLIENT_SECRET".into(),
            value: zeroize::Zeroizing::new(value.as_bytes().to_vec()),
        }]);
        let found = scan(&format!("x\nclient_secret: \"{value}\"\n"), values);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "vault-value");
        assert_eq!(found[0].description, "value of CLIENT_SECRET in app/prod");
        assert_eq!(found[0].line, 2);
        assert!(!found[0].excerpt.contains(value));
        let again = fingerprint("vault-value", "f.env", b"app/prod/CLIENT_SECRET");
        assert_eq!(found[0].fingerprint, again);
    }
}
