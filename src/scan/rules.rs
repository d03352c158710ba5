//! Built-in rules for credentials of common providers, each a keyword (cheap, found by one
//! Aho-Corasick pass over a whole file) and a regex run only on lines holding a keyword.

use regex::bytes::Regex;

/// One rule.
pub struct Rule {
    /// Stable id, used in reports and baselines.
    pub id: &'static str,
    /// What it finds, for people.
    pub description: &'static str,
    /// Lower-case keywords; a line is tried only when it holds one (case-insensitively).
    pub keywords: &'static [&'static str],
    /// The regex; capture group 1 is the secret.
    pub regex: Regex,
    /// Least Shannon entropy (bits per byte) of the secret; 0: any.
    pub min_entropy: f64,
    /// Leading characters of the secret that are a public prefix (`ghp_`), shown in the
    /// masked excerpt.
    pub public_prefix: usize,
}

/// (id, description, keywords, regex, min entropy, public prefix length)
type Spec = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    f64,
    usize,
);

const SPECS: &[Spec] = &[
    (
        "aws-access-key-id",
        "AWS access key id",
        &["akia", "asia", "abia", "acca"],
        r"\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        3.0,
        4,
    ),
    (
        "aws-secret-access-key",
        "AWS secret access key",
        &["aws"],
        r#"(?i)aws.{0,24}?(?:secret|sk|key).{0,16}?[\s'"=:>]{1,5}([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)"#,
        4.0,
        0,
    ),
    (
        "github-token",
        "GitHub token",
        &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        r"\b(gh[pousr]_[A-Za-z0-9]{36,255})\b",
        3.0,
        4,
    ),
    (
        "github-fine-grained-token",
        "GitHub fine-grained token",
        &["github_pat_"],
        r"\b(github_pat_[A-Za-z0-9_]{82})\b",
        3.0,
        11,
    ),
    (
        "gitlab-token",
        "GitLab personal access token",
        &["glpat-"],
        r"\b(glpat-[A-Za-z0-9_\-]{20,})\b",
        3.0,
        6,
    ),
    (
        "slack-token",
        "Slack token",
        &["xox"],
        r"\b(xox[baprse]-[A-Za-z0-9-]{10,})\b",
        3.0,
        5,
    ),
    (
        "slack-webhook",
        "Slack webhook URL",
        &["hooks.slack.com"],
        r"(https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})",
        3.0,
        33,
    ),
    (
        "stripe-key",
        "Stripe secret or restricted key",
        &["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        r"\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,})\b",
        3.0,
        8,
    ),
    (
        "twilio-api-key",
        "Twilio API key",
        &["sk"],
        r"\b(SK[0-9a-f]{32})\b",
        3.0,
        2,
    ),
    (
        "sendgrid-api-key",
        "SendGrid API key",
        &["sg."],
        r"\b(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?:[^A-Za-z0-9_\-]|$)",
        3.0,
        3,
    ),
    (
        "npm-token",
        "npm access token",
        &["npm_"],
        r"\b(npm_[A-Za-z0-9]{36})\b",
        3.0,
        4,
    ),
    (
        "pypi-token",
        "PyPI upload token",
        &["pypi-"],
        r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})",
        3.0,
        5,
    ),
    (
        "openai-api-key",
        "OpenAI API key",
        &["sk-"],
        r"\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,})",
        3.0,
        3,
    ),
    (
        "anthropic-api-key",
        "Anthropic API key",
        &["sk-ant-"],
        r"\b(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_\-]{80,})",
        3.0,
        7,
    ),
    (
        "google-api-key",
        "Google API key",
        &["aiza"],
        r"\b(AIza[0-9A-Za-z_\-]{35})(?:[^0-9A-Za-z_\-]|$)",
        3.0,
        4,
    ),
    (
        "private-key",
        "private key",
        &["private key"],
        r"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)",
        0.0,
        0,
    ),
    (
        "jwt",
        "JSON Web Token",
        &["eyj"],
        r"\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})",
        3.0,
        3,
    ),
    (
        "database-url-password",
        "password in a database URL",
        &["://"],
        r#"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver)://[^:/\s@'"]+:([^@\s/'"]{3,})@"#,
        0.0,
        0,
    ),
    (
        "secretscli-token",
        "secretscli API token",
        &["sct_"],
        r"\b(sct_[0-9a-f]{32}_[A-Za-z0-9_\-]{43})",
        3.0,
        4,
    ),
    (
        "secretscli-service-token",
        "secretscli service token",
        &["scs_"],
        r"\b(scs_[A-Za-z0-9+\-]{0,64}\.[0-9a-f]{32}\.[A-Za-z0-9_\-]{43}\.[A-Za-z0-9_\-]+)",
        3.0,
        4,
    ),
    (
        GENERIC,
        "high-entropy value assigned to a secret-looking name",
        &[
            "secret",
            "token",
            "passw",
            "pwd",
            "api_key",
            "apikey",
            "api-key",
            "credential",
            "auth",
        ],
        r#"(?i)[A-Za-z0-9_.\-]*(?:secret|token|passw(?:or)?d|pwd|api[_\-]?key|credential|auth)[A-Za-z0-9_.\-]*['"]?\s*(?::=|=>|[:=])\s*['"]?([A-Za-z0-9+/=_\-!@#$%^&*.~]{16,})"#,
        3.7,
        0,
    ),
];

/// Every built-in rule, compiled.
pub fn builtin() -> Vec<Rule> {
    SPECS
        .iter()
        .map(
            |&(id, description, keywords, pattern, min_entropy, public_prefix)| Rule {
                id,
                description,
                keywords,
                regex: Regex::new(pattern).expect("built-in rules compile"),
                min_entropy,
                public_prefix,
            },
        )
        .collect()
}

/// Shannon entropy of `bytes`, in bits per byte.
pub fn entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Whether what `rule` matched is not worth reporting: a placeholder, too little entropy, or
/// (for the generic rule, which has no provider format to go by) text that reads as names
/// rather than as a random credential.
pub fn is_not_credential(rule: &Rule, secret: &[u8]) -> bool {
    is_placeholder(secret)
        || entropy(secret) < rule.min_entropy
        || (rule.id == GENERIC && reads_as_names(secret))
}

/// The id of the generic high-entropy-assignment rule.
const GENERIC: &str = "generic-secret";

/// Whether a value assigned to a secret-looking name is a name itself: a path or key name
/// (`prod/app/database-credentials-v2`), a version (`v2.14.3-beta.1+build.20241101`) or an
/// HTTP header name (`X-Api-Key-Authorization`). These were the generic rule's false
/// positives on the labelled decoys of benches/scan_peers.py. A diceware passphrase
/// (`correct-horse-battery-staple`) has none of these shapes and is still reported.
fn reads_as_names(secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(secret) else {
        return false;
    };
    is_path_of_words(text) || is_version(text) || is_header_name(text)
}

/// `a/b-c/d_e.f` where every piece is a lower-case or capitalised word, optionally ending
/// in a short number (`v2`); random base64 with a `/` has mixed-case pieces and fails.
fn is_path_of_words(text: &str) -> bool {
    text.contains('/')
        && text
            .split(['/', '-', '_', '.'])
            .filter(|piece| !piece.is_empty())
            .all(is_word)
}

fn is_word(piece: &str) -> bool {
    let letters = piece.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = piece.len() - letters.len();
    let mut chars = letters.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    first_ok && chars.all(|c| c.is_ascii_lowercase()) && digits <= 2
}

/// `1.2.3`, `v2.14.3-beta.1+build.20241101`: digits and dots first, then a pre-release or
/// build suffix of words and numbers.
fn is_version(text: &str) -> bool {
    let core_end = text.find(['-', '+']).unwrap_or(text.len());
    let core = text[..core_end]
        .strip_prefix('v')
        .unwrap_or(&text[..core_end]);
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && text[core_end..]
            .split(['-', '+', '.'])
            .all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `X-Api-Key-Authorization`: capitalised words joined by `-`, the convention of HTTP
/// header names.
fn is_header_name(text: &str) -> bool {
    let pieces: Vec<&str> = text.split('-').collect();
    pieces.len() >= 2
        && pieces.iter().all(|p| {
            let mut chars = p.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_lowercase())
        })
}

/// Whether a matched secret is a documented example or a placeholder, not a credential:
/// `AKIAIOSFODNN7EXAMPLE`, `${DB_PASS}`, `<password>`, `xxxxxxxx`, `changeme`.
fn is_placeholder(secret: &[u8]) -> bool {
    let lower = secret.to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if has(b"example") || has(b"xxxx") || has(b"changeme") || has(b"placeholder") {
        return true;
    }
    if matches!(secret.first(), Some(b'$' | b'<' | b'{' | b'%')) || has(b"${") {
        return true;
    }
    if matches!(
        lower.as_slice(),
        b"password" | b"secret" | b"pass" | b"***" | b"****" | b"redacted"
    ) {
        return true;
    }
    secret.iter().all(|&b| b == secret[0] || b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_compiles_with_a_secret_group_and_lower_case_keywords() {
        for rule in builtin() {
            assert!(rule.regex.captures_len() >= 2, "{}", rule.id);
            for k in rule.keywords {
                assert_eq!(*k, k.to_ascii_lowercase(), "{}", rule.id);
            }
        }
    }

    #[test]
    fn a_service_token_is_found_whole() {
        let token = crate::token::ServiceToken::generate(&["prod"], "https://x.example")
            .token
            .expose_text();
        let line = format!("SECRETSCLI_TOKEN={}  # ci", token.expose_str().unwrap());
        let rule = builtin()
            .into_iter()
            .find(|r| r.id == "secretscli-service-token")
            .unwrap();
        let found = rule.regex.captures(line.as_bytes()).unwrap();
        assert_eq!(&found[1], token.expose());
        assert!(entropy(&found[1]) >= rule.min_entropy);
    }

    #[test]
    fn entropy_tells_random_from_repetitive() {
        assert_eq!(entropy(b"aaaaaaaa"), 0.0);
        assert!(entropy(b"k3Vq7mZe2XwaFh4d") > 3.7);
    }

    #[test]
    fn placeholders_and_documented_examples_are_not_credentials() {
        for p in [
            &b"AKIAIOSFODNN7EXAMPLE"[..],
            b"${DB_PASS}",
            b"<password>",
            b"xxxxxxxxxxxxxxxx",
            b"********",
            b"password",
        ] {
            assert!(is_placeholder(p), "{}", String::from_utf8_lossy(p));
        }
        assert!(!is_placeholder(b"k3Vq7mZe2XwaFh4d"));
    }

    #[test]
    fn names_paths_versions_and_header_names_are_not_generic_credentials() {
        for name in [
            "prod/app/database-credentials-v2",
            "models/tokenizer-v2-large",
            "v2.14.3-beta.1+build.20241101",
            "X-Api-Key-Authorization",
        ] {
            assert!(reads_as_names(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn random_values_and_passphrases_still_read_as_credentials() {
        for secret in [
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9KEY",
            "correct-horse-battery-staple",
            "Summer2024!Spring-Autumn",
            "k3Vq7mZe2XwaFh4dQ9",
            "1.2.3.4.5.6.7.8.9.0.1.2.3.4x",
        ] {
            assert!(!reads_as_names(secret.as_bytes()), "{secret}");
        }
    }
}
