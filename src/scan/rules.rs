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
        "generic-secret",
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

/// Whether a matched secret is a documented example or a placeholder, not a credential:
/// `AKIAIOSFODNN7EXAMPLE`, `${DB_PASS}`, `<password>`, `xxxxxxxx`, `changeme`.
pub fn is_placeholder(secret: &[u8]) -> bool {
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
}
