//! `secretscli device list|approve|revoke`: a user's devices and their keys.
//!
//! A new device (logged in with an `invite --self` token) stays pending, with no key,
//! until one of its user's devices or an admin approves it here after both sides show the
//! same fingerprint. Approving pins its recipient in this vault and wraps to it every env
//! key this device holds that its user may read. Revoking deletes its token and wraps on
//! the server, prints what it could decrypt and rotates those env keys.

use super::super::{Global, session};
use crate::output;
use crate::team::{TeamError, api};
use crate::vault::PinSource;
use crate::wire::team::{Device, DeviceStatus, fingerprint};

// Device subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List your devices (an admin: --user NAME for another user's)
    List {
        /// Another user's devices (admins of a shared project, server admins)
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Approve a pending device after comparing its fingerprint, and give it the keys
    ///
    /// Shows the device's fingerprint and asks you to confirm it matches the one the new
    /// device printed at login (or pass --fingerprint for scripts). Also confirms a key
    /// the server lists for a user whose other keys are pinned here.
    Approve {
        /// Device name (or id), as `device list` shows it
        name: String,
        /// The fingerprint the new device showed; refused when it differs
        #[arg(long, value_name = "FINGERPRINT")]
        fingerprint: Option<String>,
        /// The device's user, when it is not yours (admins)
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
    },
    /// Revoke a device: its token and keys go, the env keys it held are rotated
    Revoke {
        /// Device name (or id), as `device list` shows it
        name: String,
        /// The device's user, when it is not yours (admins)
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
        /// Rewrap every data key to the new env key now (default: lazily)
        #[arg(long)]
        now: bool,
        /// Print JSON (what was exposed, what was rotated)
        #[arg(long)]
        json: bool,
    },
}

fn status(s: DeviceStatus) -> &'static str {
    match s {
        DeviceStatus::Pending => "pending",
        DeviceStatus::Approved => "approved",
        DeviceStatus::Revoked => "revoked",
    }
}

/// Runs a device subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::connect(g, &mut vault, &unlocked)?;
    match cmd {
        Command::List { user, json } => {
            let devices = api::devices(&mut conn, user.as_deref())?;
            if json {
                return Ok(output::json(&devices)?);
            }
            let rows: Vec<Vec<String>> = devices
                .iter()
                .map(|d| {
                    let mut name = output::escape(&d.name).into_owned();
                    if d.id == conn.remote.device_id {
                        name.push_str(" (this device)");
                    }
                    vec![
                        d.id.to_string(),
                        output::escape(&d.user_name).into_owned(),
                        name,
                        status(d.status).into(),
                        fingerprint(&d.recipient),
                        output::time(d.created_at),
                    ]
                })
                .collect();
            output::table(
                &["ID", "USER", "DEVICE", "STATUS", "FINGERPRINT", "CREATED"],
                &rows,
            )?;
        }
        Command::Approve {
            name,
            fingerprint: given,
            user,
        } => {
            let device = find(&mut conn, user.as_deref(), &name)?;
            let actual = fingerprint(&device.recipient);
            confirm(&device, &actual, given.as_deref())?;
            if device.status == DeviceStatus::Pending {
                api::approve_device(&mut conn, device.id)?;
                output::note(&format!(
                    "approved {} of {} (fingerprint {actual})",
                    output::escape(&device.name),
                    output::escape(&device.user_name)
                ));
            }
            vault.add_pin(
                conn.remote.server_id,
                device.user_id,
                &device.user_name,
                &device.name,
                &device.recipient,
                PinSource::Approved,
            )?;
            let report = super::complete_all(&mut vault, &mut unlocked, &mut conn)?;
            super::print_grants(g, &report);
            if report.given.is_empty() {
                output::note(
                    "no keys given from here (this device holds none the user may read, or they have them already)",
                );
            }
        }
        Command::Revoke {
            name,
            user,
            now,
            json,
        } => {
            let device = find(&mut conn, user.as_deref(), &name)?;
            let change = api::revoke_device(&mut conn, device.id)?;
            if !json {
                output::note(&format!(
                    "revoked {} of {}: its token and keys are gone from the server",
                    output::escape(&device.name),
                    output::escape(&device.user_name)
                ));
            }
            super::after_removal(g, &mut vault, &mut unlocked, &mut conn, &change, now, json)?;
        }
    }
    Ok(())
}

/// The device named `name` (or with that id) among `user`'s devices (default: ours).
fn find(
    conn: &mut crate::sync::Connection,
    user: Option<&str>,
    name: &str,
) -> anyhow::Result<Device> {
    let devices = api::devices(conn, user)?;
    let matching: Vec<&Device> = devices
        .iter()
        .filter(|d| d.name == name || d.id.to_string() == name)
        .collect();
    match matching.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(TeamError::UnknownDevice {
            name: name.to_string(),
            known: devices
                .iter()
                .map(|d| output::escape(&d.name).into_owned())
                .collect(),
        }
        .into()),
        many => Err(TeamError::AmbiguousDevice {
            name: name.to_string(),
            count: many.len(),
        }
        .into()),
    }
}

/// A person compared the fingerprint: given on the command line, or confirmed at a prompt.
fn confirm(device: &Device, actual: &str, given: Option<&str>) -> anyhow::Result<()> {
    if device.status == DeviceStatus::Revoked {
        return Err(TeamError::Revoked(device.name.clone()).into());
    }
    let shown = output::escape(&device.name).into_owned();
    if let Some(given) = given {
        let normalized = given.trim().to_ascii_lowercase().replace(' ', "");
        return if normalized == actual {
            Ok(())
        } else {
            Err(TeamError::FingerprintMismatch {
                device: shown,
                actual: actual.to_string(),
                given: normalized,
            }
            .into())
        };
    }
    if !session::can_prompt() {
        return Err(TeamError::FingerprintNeeded {
            device: shown,
            fingerprint: actual.to_string(),
        }
        .into());
    }
    output::note(&format!(
        "{shown} of {} has fingerprint {actual}",
        output::escape(&device.user_name)
    ));
    let same = dialoguer::Confirm::new()
        .with_prompt("Does the new device show the same fingerprint?")
        .default(false)
        .interact()?;
    if same {
        Ok(())
    } else {
        Err(TeamError::FingerprintMismatch {
            device: shown,
            actual: actual.to_string(),
            given: "(not confirmed)".into(),
        }
        .into())
    }
}
