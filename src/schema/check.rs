//! One environment against a schema, and environments against each other. Works on names,
//! kinds and values in memory; reports carry names and reasons only.

use std::collections::BTreeMap;

use super::{Kind, Schema};

/// One resolved item of an environment, as `check` sees it.
pub struct Value<'a> {
    /// Stored name.
    pub name: &'a str,
    /// Secret or config.
    pub kind: Kind,
    /// Plaintext (expanded as inject would).
    pub value: &'a [u8],
    /// The environment the item is stored in (a parent's when inherited).
    pub from_env: &'a str,
}

/// A value its type refuses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Invalid {
    /// Key.
    pub name: String,
    /// The schema's type.
    #[serde(rename = "type")]
    pub type_name: String,
    /// What the value is not.
    pub why: String,
}

/// An item stored with the other kind than the schema says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KindMismatch {
    /// Key.
    pub name: String,
    /// What the schema says.
    pub expected: Kind,
    /// What the item is.
    pub actual: Kind,
}

/// What one environment lacks or has wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EnvReport {
    /// Required keys with no item and no default.
    pub missing: Vec<String>,
    /// Items the schema does not list.
    pub extra: Vec<String>,
    /// Items whose value their type refuses.
    pub invalid: Vec<Invalid>,
    /// Items of the wrong kind.
    pub kind: Vec<KindMismatch>,
    /// Keys missing here that have a default (not a problem; inject --check fills them).
    pub defaulted: Vec<String>,
}

impl EnvReport {
    /// Nothing to fix.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty()
            && self.extra.is_empty()
            && self.invalid.is_empty()
            && self.kind.is_empty()
    }
}

/// Checks one environment's items against `schema`.
pub fn check_env(schema: &Schema, items: &[Value<'_>]) -> EnvReport {
    let by_name: BTreeMap<&str, &Value<'_>> = items.iter().map(|v| (v.name, v)).collect();
    let mut report = EnvReport::default();
    for (name, key) in &schema.keys {
        let Some(item) = by_name.get(name.as_str()) else {
            if key.spec.default.is_some() {
                report.defaulted.push(name.clone());
            } else if key.spec.required {
                report.missing.push(name.clone());
            }
            continue;
        };
        if let Some(expected) = key.spec.kind
            && expected != item.kind
        {
            report.kind.push(KindMismatch {
                name: name.clone(),
                expected,
                actual: item.kind,
            });
        }
        if let Err(why) = key.value_type.check(item.value) {
            report.invalid.push(Invalid {
                name: name.clone(),
                type_name: key.value_type.name().into(),
                why,
            });
        }
    }
    report.extra = by_name
        .keys()
        .filter(|n| !schema.keys.contains_key(**n))
        .map(|n| n.to_string())
        .collect();
    report
}

/// A name some environments have and others lack.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Parity {
    /// Key.
    pub name: String,
    /// The environments without it.
    pub missing_in: Vec<String>,
}

/// A secret with the same value in several environments (a dev copy of a prod password).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SharedValue {
    /// Key.
    pub name: String,
    /// The environments that store that same value themselves (inheritance is not sharing).
    pub envs: Vec<String>,
}

/// Compares environments: names not in all of them, and secrets stored with the same
/// value in more than one.
pub fn parity(envs: &[(String, Vec<Value<'_>>)]) -> (Vec<Parity>, Vec<SharedValue>) {
    let mut names: BTreeMap<&str, Vec<(&str, &Value<'_>)>> = BTreeMap::new();
    for (env, items) in envs {
        for item in items {
            names.entry(item.name).or_default().push((env, item));
        }
    }
    let mut gaps = Vec::new();
    let mut shared = Vec::new();
    for (name, present) in &names {
        if present.len() < envs.len() {
            gaps.push(Parity {
                name: name.to_string(),
                missing_in: envs
                    .iter()
                    .map(|(e, _)| e)
                    .filter(|e| !present.iter().any(|(p, _)| p == e))
                    .cloned()
                    .collect(),
            });
        }
        shared.extend(same_values(name, present));
    }
    (gaps, shared)
}

/// Groups of environments storing one secret's same value themselves.
fn same_values(name: &str, present: &[(&str, &Value<'_>)]) -> Vec<SharedValue> {
    let own: Vec<&(&str, &Value<'_>)> = present
        .iter()
        .filter(|(env, v)| v.kind == Kind::Secret && v.from_env == *env)
        .collect();
    let mut groups: Vec<(&[u8], Vec<String>)> = Vec::new();
    for (env, v) in own {
        match groups.iter_mut().find(|(value, _)| *value == v.value) {
            Some((_, envs)) => envs.push(env.to_string()),
            None => groups.push((v.value, vec![env.to_string()])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, envs)| envs.len() > 1)
        .map(|(_, envs)| SharedValue {
            name: name.to_string(),
            envs,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn v<'a>(name: &'a str, value: &'a str, env: &'a str) -> Value<'a> {
        Value {
            name,
            kind: Kind::Secret,
            value: value.as_bytes(),
            from_env: env,
        }
    }

    #[test]
    fn an_env_is_checked_for_missing_extra_ill_typed_and_wrong_kind_keys() {
        let schema = Schema::parse(
            "[keys.PORT]\ntype = \"port\"\n[keys.URL]\ntype = \"url\"\nkind = \"config\"\n\
             [keys.MODE]\ndefault = \"x\"\n[keys.OPT]\nrequired = false\n",
            Path::new("s"),
        )
        .unwrap();
        let items = [
            v("PORT", "99999", "dev"),
            v("URL", "https://a.b", "dev"),
            v("X", "1", "dev"),
        ];
        let r = check_env(&schema, &items);
        assert_eq!(r.missing, Vec::<String>::new());
        assert_eq!(r.defaulted, ["MODE"]);
        assert_eq!(r.extra, ["X"]);
        assert_eq!(r.invalid[0].name, "PORT");
        assert_eq!(r.kind[0].name, "URL");
        assert!(!r.is_clean());
        let r = check_env(&schema, &[v("URL", "https://a.b", "dev")]);
        assert_eq!(r.missing, ["PORT"]);
    }

    #[test]
    fn parity_names_gaps_and_secrets_stored_with_the_same_value_but_not_inherited_ones() {
        let envs = vec![
            (
                "dev".to_string(),
                vec![
                    v("A", "1", "dev"),
                    v("B", "same", "dev"),
                    v("C", "p", "dev"),
                ],
            ),
            (
                "prod".to_string(),
                vec![v("B", "same", "prod"), v("C", "p", "dev")],
            ),
        ];
        let (gaps, shared) = parity(&envs);
        assert_eq!(
            gaps,
            [Parity {
                name: "A".into(),
                missing_in: vec!["prod".into()]
            }]
        );
        assert_eq!(
            shared,
            [SharedValue {
                name: "B".into(),
                envs: vec!["dev".into(), "prod".into()]
            }]
        );
    }
}
