//! `secretscli init`: create the vault, its first project and environment `dev`.

use std::io::IsTerminal;

use super::{Global, session};
use crate::context::{self, ContextFile};
use crate::crypto::KdfParams;
use crate::error::{Exit, UserError};
use crate::output;
use crate::paths;
use crate::vault::{InitOptions, Vault};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Name of the first project (-p/--project does the same)
    #[arg(long, value_name = "PROJECT", default_value = "default")]
    name: String,
    /// Argon2id memory cost in MiB (8 to 1024; default 64)
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    kdf_memory: u32,
    /// Argon2id passes (default 3)
    #[arg(long, value_name = "N", default_value_t = 3)]
    kdf_iterations: u32,
    /// Refuse a weak passphrase instead of warning about it
    #[arg(long)]
    strict: bool,
}

/// Warns about (or with `strict`, refuses) a passphrase zxcvbn finds guessable (below
/// "safely unguessable", about 10^10 guesses, which Argon2id turns into years offline); the
/// message carries zxcvbn's generic feedback, never the passphrase.
pub(crate) fn check_strength(pass: &[u8], strict: bool) -> anyhow::Result<()> {
    let text = String::from_utf8_lossy(pass);
    let Some(weakness) = crate::strength::judge(&text) else {
        return Ok(());
    };
    let why = format!("the passphrase is weak ({weakness})");
    if strict {
        return Err(UserError::new(
            Exit::InvalidInput,
            format!("{why}; --strict refuses it"),
            "choose four or more random words",
        )
        .into());
    }
    output::warn(&format!(
        "{why}; anyone who copies the vault file can try to guess it offline. Choose four or more random words (`secretscli passwd` changes it; --strict refuses weak ones)"
    ));
    Ok(())
}

/// Creates the vault; the passphrase comes from the usual sources, piped stdin, or a
/// prompt asked twice.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let (path, source) = paths::vault_sourced(g.vault.as_deref())?;
    if path.exists() {
        return Err(UserError::new(
            Exit::Conflict,
            format!(
                "a vault already exists at {} (the path is {source})",
                path.display()
            ),
            match source {
                paths::PathSource::Var(var) => format!(
                    "use it (`secretscli unlock`), or `unset {var}` / pass --vault PATH to create another"
                ),
                _ => "use the existing vault, or pass --vault PATH to create another".into(),
            },
        )
        .into());
    }
    let kdf = KdfParams {
        memory_kib: args.kdf_memory.saturating_mul(1024),
        iterations: args.kdf_iterations,
        parallelism: 1,
    };
    kdf.check()?;
    let pass = match session::passphrase_from_env(g)? {
        Some(p) => p,
        None if !std::io::stdin().is_terminal() => session::passphrase_from_stdin()?,
        None if session::can_prompt() => session::prompt_passphrase("New vault passphrase", true)?,
        None => return Err(session::locked_error().into()),
    };
    if pass.is_empty() {
        return Err(UserError::new(
            Exit::InvalidInput,
            "the passphrase is empty",
            "choose a passphrase of a few words",
        )
        .into());
    }
    check_strength(&pass, args.strict)?;
    let env = g.env.clone().unwrap_or_else(|| "dev".into());
    let project = g.project.clone().unwrap_or(args.name);
    let opts = InitOptions {
        passphrase: &pass,
        kdf,
        device: device_name(),
        project: &project,
        env: &env,
    };
    let (vault, _unlocked) = Vault::create(&path, &opts)?;
    output::note(&format!(
        "created vault {} with project {project:?} and environment {env:?}",
        vault.path().display()
    ));
    set_default_context(&project, &env)?;
    // With --vault, the next commands need it too (else they open the default vault).
    output::note(
        &super::flags::Flags::from_global(g).apply(
            "next: `secretscli unlock`, then `secretscli set KEY` or `secretscli import .env`",
        ),
    );
    Ok(())
}

/// Makes the new project the global default unless one is already set.
fn set_default_context(project: &str, env: &str) -> anyhow::Result<()> {
    let path = paths::config()?;
    let mut file = context::read_file(&path)?;
    if file.project.is_none() {
        file = ContextFile {
            project: Some(project.to_string()),
            env: Some(env.to_string()),
            ..file
        };
        context::write_file(&path, &file)?;
    }
    Ok(())
}

/// `user@host`, recorded as the author of every write.
pub(crate) fn device_name() -> String {
    let user = user_name(
        ["USER", "LOGNAME"]
            .into_iter()
            .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty())),
    );
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    if host.is_empty() {
        user
    } else {
        format!("{user}@{host}")
    }
}

/// The user's name: `$USER`/`$LOGNAME` when set, else the passwd entry of our uid (cron,
/// containers and `env -i` leave both unset, and every version was recorded as `user`),
/// else the uid itself.
fn user_name(from_env: Option<String>) -> String {
    if let Some(name) = from_env {
        return name;
    }
    let uid = nix::unistd::Uid::current();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(user)) if !user.name.is_empty() => user.name,
        _ => format!("uid{uid}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_user_or_logname_the_passwd_name_is_used() {
        assert_eq!(user_name(Some("alice".into())), "alice");
        let uid = nix::unistd::Uid::current();
        let want = nix::unistd::User::from_uid(uid)
            .ok()
            .flatten()
            .map_or(format!("uid{uid}"), |u| u.name);
        assert_eq!(user_name(None), want);
        assert_ne!(user_name(None), "user");
    }
}
