//! The shape an environment must have: `secretscli.schema.toml` lists the keys a program
//! needs, their kind and type, defaults and descriptions. `check` compares environments to
//! it (and to each other); `inject --check` refuses to start a program without them.
//!
//! A schema file comes from the repository, so it is untrusted input: its size, its number
//! of keys and each pattern's compiled size are bounded, and names follow the vault's
//! rules. Nothing here ever puts a value into an error or a report: a bad value is named
//! by its key and what it failed ("not an integer"), never quoted.

mod check;
mod types;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use check::{EnvReport, Invalid, KindMismatch, Parity, SharedValue, Value, check_env, parity};
pub use types::ValueType;

/// The file `check` looks for, walking up from the current directory.
pub const FILE_NAME: &str = "secretscli.schema.toml";
/// A schema is a list of keys, not a data file.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// More keys than any program reads.
pub const MAX_KEYS: usize = 10_000;

/// Why a schema could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// Reading the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{0}: larger than 1 MiB; a schema lists keys, not values")]
    TooLarge(PathBuf),
    /// Not TOML, or not the schema's shape. The TOML error names line and column.
    #[error("{path}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// What the parser said (positions and field names, never a value of ours).
        message: String,
    },
    /// A key's entry is inconsistent (unknown type, enum without values, bad pattern).
    #[error("{path}: key {key}: {why}")]
    Key {
        /// The file.
        path: PathBuf,
        /// The key.
        key: String,
        /// What is wrong with its entry.
        why: String,
    },
}

/// Secret or config, as the schema expects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A secret (masked by inject, never served in clear).
    Secret,
    /// Plain configuration.
    Config,
}

/// One key's entry as written in the file.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    /// Secret or config; not checked when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// string, int, bool, url, port, email, enum, regex (default string).
    #[serde(rename = "type", default = "default_type")]
    pub type_name: String,
    /// Missing is an error unless false or a default is given (default true).
    #[serde(default = "yes")]
    pub required: bool,
    /// What the program uses when the key is missing; `inject --check` injects it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// For people reading the schema and `check`'s report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The allowed values of an `enum`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The pattern a `regex` value must match (whole value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

fn default_type() -> String {
    "string".into()
}

fn yes() -> bool {
    true
}

#[derive(Debug, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    keys: BTreeMap<String, KeySpec>,
}

/// A checked key: its entry and its compiled type.
#[derive(Debug, Clone)]
pub struct Key {
    /// The entry as written.
    pub spec: KeySpec,
    /// The type, compiled (patterns built once).
    pub value_type: ValueType,
}

/// A parsed, validated schema.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// Keys by name, sorted.
    pub keys: BTreeMap<String, Key>,
}

impl Schema {
    /// Reads and validates `path`.
    pub fn load(path: &Path) -> Result<Schema, SchemaError> {
        let io = |source| SchemaError::Io {
            path: path.to_path_buf(),
            source,
        };
        let len = std::fs::metadata(path).map_err(io)?.len();
        if len > MAX_FILE_BYTES {
            return Err(SchemaError::TooLarge(path.to_path_buf()));
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        Schema::parse(&text, path)
    }

    /// Parses schema text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Schema, SchemaError> {
        let file: File = toml::from_str(text).map_err(|e| SchemaError::Syntax {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if file.keys.len() > MAX_KEYS {
            return Err(SchemaError::Syntax {
                path: path.to_path_buf(),
                message: format!("more than {MAX_KEYS} keys"),
            });
        }
        let mut keys = BTreeMap::new();
        for (name, spec) in file.keys {
            let key_error = |why: String| SchemaError::Key {
                path: path.to_path_buf(),
                key: crate::output::escape(&name).into_owned(),
                why,
            };
            crate::vault::check_key_name(&name).map_err(|e| key_error(e.to_string()))?;
            let value_type = ValueType::compile(&spec).map_err(key_error)?;
            if let Some(default) = &spec.default
                && let Err(why) = value_type.check(default.as_bytes())
            {
                return Err(key_error(format!("its default is {why}")));
            }
            keys.insert(name, Key { spec, value_type });
        }
        Ok(Schema { keys })
    }

    /// The schema as TOML, keys sorted (what `check --init` writes).
    pub fn to_toml(&self) -> String {
        let file = File {
            keys: self
                .keys
                .iter()
                .map(|(n, k)| (n.clone(), k.spec.clone()))
                .collect(),
        };
        let body = toml::to_string_pretty(&file).unwrap_or_default();
        format!(
            "# secretscli schema: the keys this project's programs need.\n\
             # type: string, int, bool, url, port, email, enum (values = [...]), regex (pattern = \"...\")\n\
             # required = false, or a default, makes a key optional. `secretscli check --all` in CI.\n\n{body}"
        )
    }

    /// A schema describing `items` as they are: every key required, its kind, the
    /// narrowest type all of its values satisfy.
    pub fn infer<'a>(items: impl IntoIterator<Item = (&'a str, Kind, &'a [u8])>) -> Schema {
        let mut keys = BTreeMap::new();
        for (name, kind, value) in items {
            let value_type = ValueType::infer(name, value);
            let spec = KeySpec {
                kind: Some(kind),
                type_name: value_type.name().to_string(),
                required: true,
                default: None,
                description: None,
                values: Vec::new(),
                pattern: None,
            };
            keys.insert(name.to_string(), Key { spec, value_type });
        }
        Schema { keys }
    }
}

/// The nearest schema file in `dir` or its ancestors.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Schema, SchemaError> {
        Schema::parse(text, Path::new("s.toml"))
    }

    #[test]
    fn a_schema_file_parses_with_types_defaults_and_enum_values() {
        let s = parse(
            r#"
            [keys.DATABASE_URL]
            kind = "secret"
            type = "url"
            description = "primary database"

            [keys.PORT]
            type = "port"
            default = "8080"

            [keys.LOG_LEVEL]
            type = "enum"
            values = ["debug", "info"]
            required = false
            "#,
        )
        .unwrap();
        assert_eq!(s.keys.len(), 3);
        assert_eq!(s.keys["PORT"].spec.default.as_deref(), Some("8080"));
        assert!(!s.keys["LOG_LEVEL"].spec.required);
        assert_eq!(s.keys["DATABASE_URL"].spec.kind, Some(Kind::Secret));
    }

    #[test]
    fn bad_entries_are_refused_naming_the_key_and_the_reason() {
        let cases = [
            ("[keys.A]\ntype = \"float\"", "key A: unknown type float"),
            ("[keys.A]\ntype = \"enum\"", "key A: an enum needs values"),
            (
                "[keys.A]\ntype = \"regex\"\npattern = \"(\"",
                "key A: pattern",
            ),
            (
                "[keys.A]\ntype = \"int\"\ndefault = \"x\"",
                "its default is not an integer",
            ),
            ("[keys.A]\ntyp = \"int\"", "unknown field"),
            ("[keys.\"A=B\"]\n", "key A=B"),
        ];
        for (text, want) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }

    #[test]
    fn an_inferred_schema_round_trips_through_its_toml() {
        let s = Schema::infer([
            ("PORT", Kind::Config, &b"5432"[..]),
            ("URL", Kind::Secret, &b"postgres://u:p@h/db"[..]),
            ("DEBUG", Kind::Config, &b"true"[..]),
            ("NAME", Kind::Config, &b"app"[..]),
        ]);
        let text = s.to_toml();
        let back = parse(&text).unwrap();
        let types: Vec<_> = back.keys.values().map(|k| k.value_type.name()).collect();
        assert_eq!(types, ["bool", "string", "port", "url"]);
        assert!(!text.contains("u:p"), "{text}");
    }
}
