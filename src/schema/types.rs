//! The value types a schema may name, and the check of one value against one. A failed
//! check says what the value is not ("not a port (1-65535)"), never what it is.

use super::KeySpec;

/// Regexes from a schema file are bounded like any untrusted input.
const MAX_PATTERN_BYTES: usize = 64 * 1024;

/// A key's type, compiled.
#[derive(Debug, Clone)]
pub enum ValueType {
    /// Any UTF-8 text.
    String,
    /// A decimal integer (i64).
    Int,
    /// true/false, 1/0, yes/no, on/off (any case).
    Bool,
    /// An absolute URL with a scheme and a host (or a path for `file:`-like schemes).
    Url,
    /// An integer from 1 to 65535.
    Port,
    /// local@domain with a dot in the domain.
    Email,
    /// One of the listed values.
    Enum(Vec<String>),
    /// Matches the whole pattern.
    Regex(Box<regex::Regex>),
}

impl ValueType {
    /// Builds the type an entry names, or says why it cannot.
    pub fn compile(spec: &KeySpec) -> Result<ValueType, String> {
        let t = match spec.type_name.as_str() {
            "string" => ValueType::String,
            "int" | "integer" => ValueType::Int,
            "bool" | "boolean" => ValueType::Bool,
            "url" => ValueType::Url,
            "port" => ValueType::Port,
            "email" => ValueType::Email,
            "enum" if spec.values.is_empty() => return Err("an enum needs values = [...]".into()),
            "enum" => ValueType::Enum(spec.values.clone()),
            "regex" => ValueType::Regex(Box::new(pattern(spec.pattern.as_deref())?)),
            other => {
                return Err(format!(
                    "unknown type {}; use string, int, bool, url, port, email, enum or regex",
                    crate::output::escape(other)
                ));
            }
        };
        if !spec.values.is_empty() && !matches!(t, ValueType::Enum(_)) {
            return Err("values = [...] is only for type = \"enum\"".into());
        }
        if spec.pattern.is_some() && !matches!(t, ValueType::Regex(_)) {
            return Err("pattern is only for type = \"regex\"".into());
        }
        Ok(t)
    }

    /// The name written in a schema file.
    pub fn name(&self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Int => "int",
            ValueType::Bool => "bool",
            ValueType::Url => "url",
            ValueType::Port => "port",
            ValueType::Email => "email",
            ValueType::Enum(_) => "enum",
            ValueType::Regex(_) => "regex",
        }
    }

    /// Ok, or what the value is not. Never quotes the value.
    pub fn check(&self, value: &[u8]) -> Result<(), String> {
        let Ok(text) = std::str::from_utf8(value) else {
            return Err("not UTF-8 text".into());
        };
        let ok = match self {
            ValueType::String => true,
            ValueType::Int => text.trim().parse::<i64>().is_ok(),
            ValueType::Bool => is_bool(text),
            ValueType::Url => is_url(text),
            ValueType::Port => text.parse::<u16>().is_ok_and(|p| p > 0),
            ValueType::Email => is_email(text),
            ValueType::Enum(values) => values.iter().any(|v| v == text),
            ValueType::Regex(re) => re.is_match(text),
        };
        if ok {
            return Ok(());
        }
        Err(match self {
            ValueType::Enum(values) => format!("not one of: {}", values.join(", ")),
            ValueType::Regex(re) => format!("does not match {}", re.as_str()),
            ValueType::Port => "not a port (1-65535)".into(),
            ValueType::Int => "not an integer".into(),
            ValueType::Bool => "not a boolean (true/false)".into(),
            ValueType::Url => "not a URL (scheme://host...)".into(),
            ValueType::Email => "not an email address".into(),
            ValueType::String => unreachable!("every text is a string"),
        })
    }

    /// The narrowest type a value satisfies, for `check --init`. A number is a port only
    /// when its name says so (a timeout of 30 is an int).
    pub fn infer(name: &str, value: &[u8]) -> ValueType {
        let text = std::str::from_utf8(value).unwrap_or("");
        if name.to_ascii_uppercase().ends_with("PORT") && ValueType::Port.check(value).is_ok() {
            ValueType::Port
        } else if text.parse::<i64>().is_ok() {
            ValueType::Int
        } else if matches!(text.to_ascii_lowercase().as_str(), "true" | "false") {
            ValueType::Bool
        } else if is_url(text) {
            ValueType::Url
        } else if is_email(text) {
            ValueType::Email
        } else {
            ValueType::String
        }
    }
}

fn pattern(p: Option<&str>) -> Result<regex::Regex, String> {
    let p = p.ok_or("a regex needs pattern = \"...\"")?;
    if p.len() > MAX_PATTERN_BYTES {
        return Err("pattern longer than 64 KiB".into());
    }
    regex::RegexBuilder::new(&format!("^(?:{p})$"))
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("pattern does not compile: {e}"))
}

fn is_bool(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "1" | "0" | "yes" | "no" | "on" | "off"
    )
}

fn is_url(text: &str) -> bool {
    text.contains("://") && url::Url::parse(text).is_ok_and(|u| u.has_host())
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(t: &str) -> KeySpec {
        KeySpec {
            kind: None,
            type_name: t.into(),
            required: true,
            default: None,
            description: None,
            values: vec![],
            pattern: None,
        }
    }

    #[test]
    fn each_type_accepts_its_values_and_refuses_others() {
        let table: &[(&str, &[&str], &[&str])] = &[
            ("int", &["0", "-12", "9000"], &["1.5", "x", ""]),
            ("bool", &["true", "False", "1", "off"], &["maybe", "2"]),
            (
                "url",
                &["https://a.example/x", "postgres://u:p@h:5432/db"],
                &["a.example", "http//x", "/path"],
            ),
            (
                "port",
                &["1", "5432", "65535"],
                &["0", "65536", "-1", "80a"],
            ),
            (
                "email",
                &["a@b.io"],
                &["a@b", "@b.io", "a b@c.io", "a@@b.io"],
            ),
        ];
        for (t, good, bad) in table {
            let vt = ValueType::compile(&spec(t)).unwrap();
            for v in *good {
                assert!(vt.check(v.as_bytes()).is_ok(), "{t} should accept {v}");
            }
            for v in *bad {
                let why = vt.check(v.as_bytes()).unwrap_err();
                assert!(v.is_empty() || !why.contains(v), "{t}: {why} quotes {v}");
            }
        }
    }

    #[test]
    fn enum_and_regex_check_the_whole_value() {
        let mut s = spec("enum");
        s.values = vec!["debug".into(), "info".into()];
        let vt = ValueType::compile(&s).unwrap();
        assert!(vt.check(b"info").is_ok());
        assert_eq!(vt.check(b"infos").unwrap_err(), "not one of: debug, info");
        let mut s = spec("regex");
        s.pattern = Some("[a-z]+-[0-9]+".into());
        let vt = ValueType::compile(&s).unwrap();
        assert!(vt.check(b"eu-1").is_ok());
        assert!(vt.check(b"xeu-1!").is_err());
    }

    #[test]
    fn a_failed_check_never_quotes_the_value() {
        let vt = ValueType::compile(&spec("port")).unwrap();
        let why = vt.check(b"hunter2-secret").unwrap_err();
        assert!(!why.contains("hunter2"), "{why}");
    }
}
