//! `secretscli set`: write items. Values come from a hidden prompt or piped stdin by
//! default; `KEY=VALUE` on the command line works but lands in shell history, so it warns.

use std::ffi::OsString;
use std::io::{IsTerminal, Read};

use anyhow::Context as _;

use super::strength::{Judge, breach_check_wanted};
use super::{Global, session};
use crate::crypto::SecretBytes;
use crate::error::{Exit, UserError};
use crate::output;
use crate::vault::{ChangeKind, Kind, NewValue};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// `KEY` (value from a hidden prompt or stdin), or one or more `KEY=VALUE`
    #[arg(required = true, value_name = "KEY[=VALUE]")]
    items: Vec<OsString>,
    /// Mark as non-secret configuration
    #[arg(long)]
    config: bool,
    /// Never expand `${...}` in this value when injecting
    #[arg(long)]
    literal: bool,
    /// Keep a trailing newline read from stdin (by default one is removed)
    #[arg(long)]
    keep_newline: bool,
    /// Store an empty value read from stdin or the prompt (by default refused)
    #[arg(long)]
    allow_empty: bool,
    /// Also ask Have I Been Pwned whether a secret value is breached (only 5 hex characters
    /// of its SHA-1 leave the machine) [default: the context's check_breach setting]
    #[arg(long)]
    check_breach: bool,
}

/// Reads the values, writes them in one transaction, and says what changed.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let token = super::token::from_env(false)?;
    let kind = if args.config {
        Kind::Config
    } else {
        Kind::Secret
    };
    let values = collect(&args, kind)?;
    let mut judge = Judge::new(breach_check_wanted(args.check_breach)?);
    for v in &values {
        judge.see(&v.name, v.kind, v.value.expose());
    }
    if let Some(token) = token {
        super::token::write(g, &token, values)?;
        judge.warn();
        return Ok(());
    }
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let changes = vault.set_values(&mut unlocked, &env, values, "set", false)?;
    for c in changes {
        let what = match c.change {
            ChangeKind::Created => "created",
            ChangeKind::Updated => "updated",
            ChangeKind::Unchanged => "unchanged",
        };
        output::note(&format!(
            "{what} {} in {} (version {})",
            c.name,
            env.label(),
            c.version
        ));
    }
    judge.warn();
    Ok(())
}

fn collect(args: &Args, kind: Kind) -> anyhow::Result<Vec<NewValue>> {
    let inline = args
        .items
        .iter()
        .any(|i| i.as_encoded_bytes().contains(&b'='));
    if !inline {
        let [name] = args.items.as_slice() else {
            return Err(UserError::new(
                Exit::Usage,
                "several keys without values",
                "set one KEY at a time from a prompt or stdin, or give each as KEY=VALUE",
            )
            .into());
        };
        let name = utf8_name(name.as_encoded_bytes())?;
        let value = read_value(&name, args.keep_newline)?;
        // An empty pipe is nearly always a mistake (`set KEY < missing-file`, a variable
        // that was never set): storing "" would silently break what reads the item.
        if value.is_empty() && !args.allow_empty {
            return Err(UserError::new(
                Exit::InvalidInput,
                format!("the value for {name} is empty; nothing was stored"),
                format!(
                    "give a value (`secretscli set {name}` reads a prompt or stdin), or pass --allow-empty to store an empty one"
                ),
            )
            .into());
        }
        return Ok(vec![NewValue {
            name,
            value,
            kind,
            literal: args.literal,
        }]);
    }
    // Config is not secret by definition (it may even be served in clear), so only a
    // secret on the command line is worth the warning.
    if kind == Kind::Secret {
        output::warn(
            "values given on the command line are saved in your shell history; prefer `secretscli set KEY` (prompt or stdin)",
        );
    }
    let mut values = Vec::with_capacity(args.items.len());
    for item in &args.items {
        let bytes = item.as_encoded_bytes();
        let Some(eq) = bytes.iter().position(|&b| b == b'=') else {
            return Err(UserError::new(
                Exit::Usage,
                format!("{:?} has no value", item),
                "write every item as KEY=VALUE, or set it alone",
            )
            .into());
        };
        let name = utf8_name(&bytes[..eq])?;
        let value = SecretBytes::new(bytes[eq + 1..].to_vec());
        values.push(NewValue {
            name,
            value,
            kind,
            literal: args.literal,
        });
    }
    Ok(values)
}

fn utf8_name(bytes: &[u8]) -> anyhow::Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        UserError::new(
            Exit::InvalidInput,
            "a key name is not valid UTF-8",
            "use a UTF-8 name",
        )
        .into()
    })
}

/// The value from piped stdin (byte-exact but for one trailing newline) or a hidden prompt.
pub(super) fn read_value(name: &str, keep_newline: bool) -> anyhow::Result<SecretBytes> {
    if std::io::stdin().is_terminal() {
        let value = dialoguer::Password::new()
            .with_prompt(format!("Value for {name}"))
            .allow_empty_password(true)
            .interact()
            .context("cannot read the value from the terminal")?;
        return Ok(SecretBytes::from(value));
    }
    let mut buf = Vec::new();
    std::io::stdin()
        .read_to_end(&mut buf)
        .context("cannot read the value from stdin")?;
    if !keep_newline {
        if buf.ends_with(b"\r\n") {
            buf.truncate(buf.len() - 2);
        } else if buf.ends_with(b"\n") {
            buf.truncate(buf.len() - 1);
        }
    }
    Ok(SecretBytes::new(buf))
}
