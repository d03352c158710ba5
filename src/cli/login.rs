//! `secretscli login URL`: register this device with a sync server and keep the login.
//!
//! The bootstrap or invite token comes from `--token`, `SECRETSCLI_TOKEN` or a hidden
//! prompt. The server answers with this device's own token, which is stored in the vault
//! sealed by the root key; the invite token is not kept.

use anyhow::Context as _;

use super::{Global, session};
use crate::context;
use crate::crypto::SecretBytes;
use crate::error::{Exit, UserError};
use crate::output;
use crate::paths;
use crate::sync::{self, LoginOptions};

/// Environment variable holding the bootstrap or invite token.
pub const TOKEN_VAR: &str = "SECRETSCLI_TOKEN";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Server URL; several, comma-separated, are tried in order
    #[arg(value_name = "URL")]
    url: String,
    /// Bootstrap or invite token [default: $SECRETSCLI_TOKEN, else a hidden prompt]
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Name of this device on the server [default: user@host]
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// User name, when the token creates a user (bootstrap or user invite) [default: $USER]
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// Allow plain http:// to a host other than this machine
    #[arg(long)]
    insecure: bool,
}

/// Logs in, and makes the server the default when none is set.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let token = match args.token {
        Some(t) => {
            output::warn(
                "a token on the command line is saved in your shell history; prefer SECRETSCLI_TOKEN or the prompt",
            );
            SecretBytes::from(t)
        }
        None => match std::env::var(TOKEN_VAR) {
            Ok(t) if !t.is_empty() => SecretBytes::from(t),
            _ if session::can_prompt() => SecretBytes::from(
                dialoguer::Password::new()
                    .with_prompt("Invite or bootstrap token")
                    .interact()
                    .context("cannot read the token from the terminal")?,
            ),
            _ => {
                return Err(UserError::new(
                    Exit::Usage,
                    "no token given and no terminal to ask for one",
                    format!("pass --token TOKEN or set {TOKEN_VAR}"),
                )
                .into());
            }
        },
    };
    let token = SecretBytes::new(
        token
            .expose_str()
            .map(|t| t.trim().as_bytes().to_vec())
            .unwrap_or_default(),
    );
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let device_name = args.name.unwrap_or_else(super::init::device_name);
    let user_name = args.user.or_else(|| std::env::var("USER").ok());
    let remote = sync::login(
        &mut vault,
        &unlocked,
        LoginOptions {
            urls: &args.url,
            insecure: args.insecure,
            token,
            device_name: device_name.clone(),
            user_name,
        },
    )?;
    output::note(&format!(
        "logged in to {} as device {device_name:?} (device {})",
        remote.urls, remote.device_id
    ));
    let mut conn = sync::connect(&mut vault, &unlocked, Some(&remote.urls))?;
    // The login is stored; what follows only informs, so a failure is a warning.
    let state = match crate::team::login::after_login(&mut vault, &mut conn) {
        Ok(state) => state,
        Err(e) => {
            output::warn(&format!(
                "logged in, but cannot check this device's approval: {e}"
            ));
            return set_default_server(&remote);
        }
    };
    for (name, fp) in &state.pinned {
        output::note(&format!(
            "pinned your device {} on first use: fingerprint {fp}",
            output::escape(name)
        ));
    }
    if state.pending {
        output::warn(&format!(
            "this device is pending: it gets no keys until one of {}'s approved devices (or an admin) approves it",
            output::escape(&state.user_name)
        ));
        output::note(&format!("this device's fingerprint: {}", state.fingerprint));
        output::note(&format!(
            "on an approved device run: secretscli device approve {} --fingerprint {}",
            output::escape(&device_name),
            state.fingerprint
        ));
    }
    set_default_server(&remote)
}

/// Makes `remote` the default server when none is set.
fn set_default_server(remote: &crate::vault::Remote) -> anyhow::Result<()> {
    let path = paths::config()?;
    let mut file = context::read_file(&path)?;
    if file.server.is_none() {
        file.server = Some(remote.urls.clone());
        context::write_file(&path, &file)?;
        output::note(&format!("default server set in {}", path.display()));
    }
    Ok(())
}
