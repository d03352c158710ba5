//! `secretscli share create KEY`: seals the item's current value here and prints a link.
//! The link holds the key: it goes to stdout only, like a token.

use std::io::{IsTerminal as _, Read as _};

use anyhow::Context as _;
use zeroize::Zeroizing;

use super::super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::share::{self, NewShare, envelope};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item to share (its current value)
    key: String,
    /// How long the link works, e.g. 10m, 1h, 7d (at most 30d)
    #[arg(long, value_name = "DURATION", default_value = "1h")]
    expires: humantime::Duration,
    /// How many times it may be revealed (1-100)
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::wire::share::MAX_VIEWS)))]
    views: u32,
    /// Also require a password, asked here (or the first line of stdin) and part of the key
    #[arg(long, conflicts_with = "to")]
    password: bool,
    /// Seal it to this user's devices instead: only their `share open` can open it
    #[arg(long, value_name = "USER")]
    to: Option<String>,
    /// PBKDF2 iterations for --password (tests use fewer)
    #[arg(long, hide = true, value_name = "N", default_value_t = envelope::DEFAULT_ITERATIONS,
          value_parser = clap::value_parser!(u32).range(i64::from(envelope::MIN_ITERATIONS)..=i64::from(envelope::MAX_ITERATIONS)))]
    pbkdf2_iterations: u32,
    /// Print JSON (the link and what the server stored)
    #[arg(long)]
    json: bool,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let expires_in: std::time::Duration = args.expires.into();
    let max = crate::wire::share::MAX_EXPIRES_IN_SECS;
    if !(60..=max).contains(&expires_in.as_secs()) {
        return Err(UserError::new(
            Exit::Usage,
            format!("--expires {} is out of range", args.expires),
            "give a duration from 1m to 30d, e.g. --expires 1h",
        )
        .into());
    }
    let password = args.password.then(read_password).transpose()?;
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let item = vault.reveal(&mut unlocked, &env, &args.key, None)?;
    if vault.sync_state(&env)?.is_none() {
        return Err(UserError::new(
            Exit::NotFound,
            format!(
                "{}/{} is not on a sync server, which a link needs",
                project.name, env.name
            ),
            "push it first (`secretscli push`)",
        )
        .into());
    }
    let mut conn = super::super::team::connect(g, &mut vault, &unlocked)?;
    let to = match &args.to {
        Some(user) => Some(recipients_of(&mut vault, &mut conn, project.id, user)?),
        None => None,
    };
    let new = NewShare {
        env_id: env.id,
        name: &args.key,
        value: &item.value,
        expires_in,
        max_views: args.views,
        password: password
            .as_ref()
            .map(|p| (p.as_slice(), args.pbkdf2_iterations)),
        to: to
            .as_ref()
            .map(|(user, recipients)| (*user, recipients.as_slice())),
    };
    let (link, info) = share::create(&mut conn, &new).map_err(super::share_err)?;
    vault.record_reveal(
        "share",
        &project.name,
        &env.name,
        vec![args.key.clone()],
        &format!("link {}", info.id),
    )?;
    let url = link.expose_url();
    if args.json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            link: &'a str,
            #[serde(flatten)]
            info: &'a crate::wire::share::ShareInfo,
        }
        return Ok(output::json(&Out {
            link: &url,
            info: &info,
        })?);
    }
    let how = match (&args.to, &to) {
        (Some(user), Some((_, recipients))) => format!(
            "sealed to {}'s {} device(s): only `secretscli share open` signed in as them opens the link below",
            output::escape(user),
            recipients.len()
        ),
        _ if info.password => "password needed; the link below holds the key: send it and the password over different channels".to_string(),
        _ => "the link below holds the key: send it over a channel you trust".to_string(),
    };
    output::note(&format!(
        "shared {} of {}/{}: {} view(s), until {}; {how}",
        output::escape(&args.key),
        project.name,
        env.name,
        info.max_views,
        output::time(info.expires_at),
    ));
    println!("{}", url.as_str());
    Ok(())
}

/// The user called `name` on the server and the recipients of their approved devices that
/// this vault trusts: pinned here, or pinned now on first use (fingerprints printed); a
/// device the server added to a user already pinned gets nothing (as with env keys).
fn recipients_of(
    vault: &mut crate::vault::Vault,
    conn: &mut crate::sync::Connection,
    project: uuid::Uuid,
    name: &str,
) -> anyhow::Result<(uuid::Uuid, Vec<String>)> {
    use crate::team::trust::{self, Trust};
    use crate::wire::team::{DeviceStatus, Recipient};
    let members = crate::team::api::members(conn, project)?;
    let Some(member) = members.iter().find(|m| m.user_name == name) else {
        return Err(UserError::new(
            Exit::NotFound,
            format!("{name:?} is not a member of this project on the server"),
            "check the name with `secretscli member list`",
        )
        .into());
    };
    let recipients: Vec<Recipient> = member
        .devices
        .iter()
        .filter(|d| d.status == DeviceStatus::Approved)
        .map(|d| Recipient {
            user_id: member.user_id,
            user_name: member.user_name.clone(),
            device_id: d.id,
            device_name: d.name.clone(),
            recipient: d.recipient.clone(),
            key_versions: Vec::new(),
        })
        .collect();
    let server = conn.remote.server_id;
    let pins = vault.pins(server)?;
    let mine = conn.identity.recipient();
    let verdicts = trust::classify(&recipients, &pins, conn.remote.user_id, &mine);
    let mut trusted = Vec::new();
    for (r, t) in recipients.iter().zip(verdicts) {
        let seen = trust::seen(r, t);
        match t {
            Trust::Pinned => trusted.push(r.recipient.clone()),
            Trust::FirstUse => {
                vault.add_pin(
                    server,
                    r.user_id,
                    &r.user_name,
                    &r.device_name,
                    &r.recipient,
                    crate::vault::PinSource::FirstUse,
                )?;
                output::note(&format!(
                    "pinned {}'s device {} on first use: fingerprint {} (compare it with theirs)",
                    output::escape(&seen.user_name),
                    output::escape(&seen.device_name),
                    seen.fingerprint
                ));
                trusted.push(r.recipient.clone());
            }
            Trust::Unconfirmed => output::warn(&format!(
                "{} has an unconfirmed device key {} ({}): the link is not sealed to it",
                output::escape(&seen.user_name),
                seen.fingerprint,
                output::escape(&seen.device_name)
            )),
        }
    }
    if trusted.is_empty() {
        return Err(UserError::new(
            Exit::NotFound,
            format!("{name} has no approved device this vault trusts"),
            "they log in and get a device approved first (`secretscli device approve`)",
        )
        .into());
    }
    Ok((member.user_id, trusted))
}

/// The link's password: typed twice at a terminal, else the first line of stdin.
fn read_password() -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let pass = if std::io::stdin().is_terminal() {
        let p = dialoguer::Password::new()
            .with_prompt("Password for the link")
            .with_confirmation("Repeat password", "the passwords do not match")
            .interact()
            .context("cannot read the password from the terminal")?;
        Zeroizing::new(p.into_bytes())
    } else {
        let mut buf = Zeroizing::new(Vec::new());
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read the password from stdin")?;
        session::first_line(&buf)
    };
    if pass.is_empty() {
        return Err(UserError::new(
            Exit::Usage,
            "the link's password is empty",
            "type a password, or drop --password",
        )
        .into());
    }
    Ok(pass)
}
