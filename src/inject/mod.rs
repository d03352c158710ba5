//! From an environment's items to a child's environment: interpolation, name transforms,
//! filters and the denylist. Pure: the CLI reads the vault, calls [`plan`], then execs or
//! supervises the child. Nothing here writes a file or prints.

pub mod exec;
pub mod interpolate;
pub mod mask;
pub mod names;
pub mod supervise;

use std::collections::HashSet;
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use crate::crypto::SecretBytes;
use crate::dotenv::is_shell_identifier;
pub use names::NameTransform;

/// One resolved item, as read from the vault.
pub struct Source {
    /// Key name as stored.
    pub name: String,
    /// Stored (unexpanded) value.
    pub value: SecretBytes,
    /// Never expanded.
    pub literal: bool,
    /// Non-secret configuration (not masked).
    pub is_config: bool,
}

impl Source {
    /// The items as the interpolator reads them (borrowed, in order).
    pub fn to_interpolate(items: &[Source]) -> Vec<interpolate::Item<'_>> {
        items
            .iter()
            .map(|s| interpolate::Item {
                name: &s.name,
                value: s.value.expose(),
                literal: s.literal,
            })
            .collect()
    }
}

impl From<crate::vault::Revealed> for Source {
    fn from(r: crate::vault::Revealed) -> Self {
        Source {
            literal: r.info.literal,
            is_config: r.info.kind == crate::vault::Kind::Config,
            name: r.info.name,
            value: r.value,
        }
    }
}

/// How to build the child's environment.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only these stored names (empty: all). References may still use the others.
    pub only: Vec<String>,
    /// Prepended to every injected name (after the transform).
    pub prefix: String,
    /// Stored name to variable name.
    pub transform: NameTransform,
    /// Dangerous names to inject anyway.
    pub allow_dangerous: Vec<String>,
    /// Vault values replace variables already set in the parent environment.
    pub override_parent: bool,
    /// Skip names that are not shell identifiers (for `--shell`).
    pub shell_names_only: bool,
    /// Unknown `${...}` references are errors instead of empty strings.
    pub strict: bool,
    /// Keep the expanded secret values in [`Plan::secrets`] (for masking output).
    pub collect_secrets: bool,
}

/// The child's environment and what was left out, and why.
#[derive(Default)]
pub struct Plan {
    /// The complete environment for the child.
    pub env: Vec<(OsString, OsString)>,
    /// Variable names set from the vault.
    pub injected: Vec<String>,
    /// Expanded values of secret items, for masking (only with `collect_secrets`).
    pub secrets: Vec<SecretBytes>,
    /// Dangerous names not injected.
    pub skipped_dangerous: Vec<String>,
    /// Names skipped because they are not shell identifiers (`--shell`).
    pub skipped_not_identifier: Vec<String>,
    /// Vault names not injected because the parent already sets them (no `--override`).
    pub kept_parent: Vec<String>,
    /// `(item, reference)` pairs that expanded to nothing.
    pub unknown_refs: Vec<(String, String)>,
}

impl std::fmt::Debug for Plan {
    /// Names only: the environment holds plaintext values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("injected", &self.injected)
            .field("skipped_dangerous", &self.skipped_dangerous)
            .finish_non_exhaustive()
    }
}

/// Why no environment could be built.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Interpolation failed.
    #[error(transparent)]
    Interpolate(#[from] interpolate::InterpolateError),
    /// A value holds a NUL byte, which no environment variable can carry.
    #[error("{0} contains a NUL byte, which an environment variable cannot carry")]
    Nul(String),
    /// `--only` named items that do not exist.
    #[error("--only names items that do not exist: {0}")]
    UnknownOnly(String),
}

/// Builds the child's environment from `items` and the parent's `parent` variables.
pub fn plan(
    items: &[Source],
    parent: Vec<(OsString, OsString)>,
    opts: &Options,
) -> Result<Plan, PlanError> {
    let parent_vars = ParentVars::new(&parent);
    let lookup = |name: &str| parent_vars.get(name).map(|v| v.as_bytes().to_vec());
    let refs = Source::to_interpolate(items);
    let expanded = interpolate::expand(&refs, &lookup, opts.strict)?;
    if !opts.only.is_empty() {
        check_only(items, &opts.only)?;
    }
    let only: HashSet<&str> = opts.only.iter().map(String::as_str).collect();

    let mut plan = Plan {
        unknown_refs: expanded.unknown,
        ..Plan::default()
    };
    let mut vault_vars: Vec<VaultVar> = Vec::with_capacity(items.len());
    for (source, expanded) in items.iter().zip(&expanded.values) {
        let value = expanded
            .as_ref()
            .map_or(source.value.expose(), |v| v.expose());
        if !only.is_empty() && !only.contains(source.name.as_str()) {
            continue;
        }
        let mut name = String::with_capacity(opts.prefix.len() + source.name.len());
        name.push_str(&opts.prefix);
        opts.transform.apply_into(&source.name, &mut name);
        if names::is_dangerous(&name) && !opts.allow_dangerous.contains(&name) {
            plan.skipped_dangerous.push(name);
            continue;
        }
        if opts.shell_names_only && !is_shell_identifier(&name) {
            plan.skipped_not_identifier.push(name);
            continue;
        }
        if value.contains(&0) {
            return Err(PlanError::Nul(source.name.clone()));
        }
        if opts.collect_secrets && !source.is_config {
            plan.secrets.push(SecretBytes::new(value.to_vec()));
        }
        vault_vars.push(VaultVar {
            in_parent: parent_vars.get(&name).is_some(),
            name,
            value: OsString::from_vec(value.to_vec()),
        });
    }
    merge(&mut plan, parent, vault_vars, opts.override_parent);
    Ok(plan)
}

/// The parent's variables sorted by name: thousands of vault names are looked up among a
/// few dozen parent ones, for `${NAME}` references and for clashes.
struct ParentVars<'p>(Vec<(&'p [u8], &'p OsString)>);

impl<'p> ParentVars<'p> {
    fn new(parent: &'p [(OsString, OsString)]) -> Self {
        let mut vars: Vec<_> = parent.iter().map(|(k, v)| (k.as_bytes(), v)).collect();
        vars.sort_unstable_by(|a, b| a.0.cmp(b.0));
        ParentVars(vars)
    }

    fn get(&self, name: &str) -> Option<&'p OsString> {
        let at = self
            .0
            .binary_search_by(|(k, _)| k.cmp(&name.as_bytes()))
            .ok()?;
        Some(self.0[at].1)
    }
}

/// A variable from the vault, and whether the parent sets one of the same name.
struct VaultVar {
    name: String,
    value: OsString,
    in_parent: bool,
}

fn check_only(items: &[Source], only: &[String]) -> Result<(), PlanError> {
    let known: HashSet<&str> = items.iter().map(|s| s.name.as_str()).collect();
    let missing: Vec<&str> = only
        .iter()
        .map(String::as_str)
        .filter(|n| !known.contains(n))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(PlanError::UnknownOnly(missing.join(", ")))
    }
}

/// Parent variables plus vault variables; on a clash the parent wins unless `override_parent`.
fn merge(
    plan: &mut Plan,
    parent: Vec<(OsString, OsString)>,
    vault: Vec<VaultVar>,
    override_parent: bool,
) {
    plan.env = Vec::with_capacity(parent.len() + vault.len());
    if override_parent {
        let vault_names: HashSet<&str> = vault.iter().map(|v| v.name.as_str()).collect();
        plan.env.extend(
            parent
                .into_iter()
                .filter(|(k, _)| !k.to_str().is_some_and(|k| vault_names.contains(k))),
        );
    } else {
        plan.env.extend(parent);
    }
    for v in vault {
        if !override_parent && v.in_parent {
            plan.kept_parent.push(v.name);
            continue;
        }
        plan.env.push((OsString::from(&v.name), v.value));
        plan.injected.push(v.name);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn src(name: &str, value: &str) -> Source {
        Source {
            name: name.into(),
            value: SecretBytes::new(value.as_bytes().to_vec()),
            literal: false,
            is_config: false,
        }
    }

    fn env_of(plan: &Plan) -> HashMap<String, String> {
        plan.env
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.to_string_lossy().into_owned(),
                )
            })
            .collect()
    }

    fn parent(pairs: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        pairs
            .iter()
            .map(|(k, v)| (OsString::from(k), OsString::from(v)))
            .collect()
    }

    #[test]
    fn parent_wins_by_default_and_vault_wins_with_override() {
        let items = [src("HOME", "/vault"), src("NEW", "n")];
        let keep = plan(&items, parent(&[("HOME", "/parent")]), &Options::default()).unwrap();
        assert_eq!(env_of(&keep)["HOME"], "/parent");
        assert_eq!(keep.kept_parent, vec!["HOME"]);
        let over = plan(
            &items,
            parent(&[("HOME", "/parent")]),
            &Options {
                override_parent: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(env_of(&over)["HOME"], "/vault");
        assert_eq!(over.env.iter().filter(|(k, _)| k == "HOME").count(), 1);
    }

    #[test]
    fn dangerous_names_are_skipped_unless_allowed() {
        let items = [
            src("LD_PRELOAD", "/evil.so"),
            src("PATH", "/evil"),
            src("OK", "1"),
        ];
        let p = plan(&items, vec![], &Options::default()).unwrap();
        assert_eq!(p.skipped_dangerous, vec!["LD_PRELOAD", "PATH"]);
        assert_eq!(p.injected, vec!["OK"]);
        let allowed = plan(
            &items,
            vec![],
            &Options {
                allow_dangerous: vec!["PATH".into()],
                ..Options::default()
            },
        )
        .unwrap();
        assert!(allowed.injected.contains(&"PATH".to_string()));
    }

    #[test]
    fn only_prefix_and_transform_apply_after_interpolation() {
        let items = [src("db.user", "app"), src("db.url", "pg://${db.user}@h")];
        let opts = Options {
            only: vec!["db.url".into()],
            prefix: "APP_".into(),
            transform: NameTransform::Upper,
            ..Options::default()
        };
        let p = plan(&items, vec![], &opts).unwrap();
        assert_eq!(
            env_of(&p),
            HashMap::from([("APP_DB_URL".to_string(), "pg://app@h".to_string())])
        );
    }

    #[test]
    fn only_with_an_unknown_name_is_an_error() {
        let err = plan(
            &[src("A", "1")],
            vec![],
            &Options {
                only: vec!["B".into()],
                ..Options::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("B"));
    }

    #[test]
    fn shell_mode_skips_names_that_are_not_identifiers() {
        let items = [src("a.b", "1"), src("key-dash", "2"), src("GOOD", "3")];
        let p = plan(
            &items,
            vec![],
            &Options {
                shell_names_only: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(p.skipped_not_identifier, vec!["a.b", "key-dash"]);
        assert_eq!(p.injected, vec!["GOOD"]);
    }

    #[test]
    fn config_items_are_not_masked_and_nul_values_are_refused() {
        let mut cfg = src("PORT", "8080");
        cfg.is_config = true;
        let masking = Options {
            collect_secrets: true,
            ..Options::default()
        };
        let p = plan(&[cfg, src("TOKEN", "t0k3n")], vec![], &masking).unwrap();
        assert_eq!(p.secrets.len(), 1);
        assert_eq!(p.secrets[0].expose(), b"t0k3n");
        let nul = Source {
            value: SecretBytes::new(b"a\0b".to_vec()),
            ..src("BIN", "")
        };
        assert!(
            matches!(plan(&[nul], vec![], &Options::default()), Err(PlanError::Nul(n)) if n == "BIN")
        );
    }
}
