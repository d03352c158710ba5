//! Environment variable names: transforms from stored key names, and the denylist of
//! variables that change how programs load code, which a vault must not set silently.

/// How stored key names become environment variable names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum NameTransform {
    /// As stored.
    #[default]
    None,
    /// `database.host` -> `DATABASE_HOST` (dots and dashes become `_`).
    Upper,
    /// `Database.Host` -> `database_host`.
    Lower,
    /// `database.host` -> `TF_VAR_database_host` (Terraform input variables).
    TfVar,
    /// `Database.Host` -> `Database__Host` (.NET configuration's section separator).
    DotnetEnv,
}

impl NameTransform {
    /// Applies the transform to one name.
    pub fn apply(self, name: &str) -> String {
        let mut out = String::new();
        self.apply_into(name, &mut out);
        out
    }

    /// Appends the transformed `name` to `out`: inject builds each variable name (prefix
    /// then name) in one allocation, which at 1,000 items is 1,000 allocations and
    /// `format!` calls fewer.
    pub fn apply_into(self, name: &str, out: &mut String) {
        let underscored = || name.replace(['.', '-'], "_");
        match self {
            NameTransform::None => out.push_str(name),
            NameTransform::Upper => out.push_str(&underscored().to_uppercase()),
            NameTransform::Lower => out.push_str(&underscored().to_lowercase()),
            NameTransform::TfVar => {
                out.push_str("TF_VAR_");
                out.push_str(&underscored());
            }
            NameTransform::DotnetEnv => out.push_str(&name.replace('.', "__")),
        }
    }
}

/// Exact names that are never injected from the vault unless allowed by name.
pub const DANGEROUS: &[&str] = &[
    "PATH",
    "BASH_ENV",
    "ENV",
    "PROMPT_COMMAND",
    "PS4",
    "SHELLOPTS",
    "BASHOPTS",
    "IFS",
    "NODE_OPTIONS",
    "NODE_PATH",
    "PYTHONSTARTUP",
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONINSPECT",
    "PERL5OPT",
    "PERL5LIB",
    "PERLLIB",
    "RUBYOPT",
    "RUBYLIB",
    "JAVA_TOOL_OPTIONS",
    "_JAVA_OPTIONS",
    "JDK_JAVA_OPTIONS",
    "CLASSPATH",
    "GLIBC_TUNABLES",
    "GCONV_PATH",
    "LOCPATH",
    "NLSPATH",
    "HOSTALIASES",
    "RESOLV_HOST_CONF",
    "GIT_SSH_COMMAND",
    "GIT_EXEC_PATH",
];

/// Prefixes of names that are never injected: the dynamic loaders' (`LD_PRELOAD`,
/// `LD_LIBRARY_PATH`, `LD_AUDIT`, ...) and macOS's `DYLD_*`.
pub const DANGEROUS_PREFIXES: &[&str] = &["LD_", "DYLD_"];

/// True for variables that can make the child run code it did not ask for.
pub fn is_dangerous(name: &str) -> bool {
    DANGEROUS.contains(&name) || DANGEROUS_PREFIXES.iter().any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_turn_dotted_keys_into_env_names() {
        let cases = [
            (NameTransform::None, "database.host", "database.host"),
            (NameTransform::Upper, "database.host", "DATABASE_HOST"),
            (NameTransform::Upper, "api-key", "API_KEY"),
            (NameTransform::Lower, "Database.Host", "database_host"),
            (NameTransform::TfVar, "region", "TF_VAR_region"),
            (NameTransform::TfVar, "db.name", "TF_VAR_db_name"),
            (
                NameTransform::DotnetEnv,
                "Logging.LogLevel.Default",
                "Logging__LogLevel__Default",
            ),
        ];
        for (t, input, want) in cases {
            assert_eq!(t.apply(input), want, "{t:?} {input}");
        }
    }

    #[test]
    fn loader_and_interpreter_hooks_are_dangerous_ordinary_names_are_not() {
        for name in [
            "LD_PRELOAD",
            "LD_LIBRARY_PATH",
            "LD_AUDIT",
            "DYLD_INSERT_LIBRARIES",
            "PATH",
            "BASH_ENV",
            "NODE_OPTIONS",
            "JAVA_TOOL_OPTIONS",
        ] {
            assert!(is_dangerous(name), "{name}");
        }
        for name in [
            "DATABASE_URL",
            "PATHS",
            "MY_PATH",
            "ENVIRONMENT",
            "NODE_ENV",
            "key-with-dashes",
        ] {
            assert!(!is_dangerous(name), "{name}");
        }
    }
}
