//! `secretscli share open URL`: reveals a link here (one view, like the page's button) and
//! prints the value byte for byte on stdout. Needs no vault: the link is the credential.
//! A recipient-bound link (`#to`) needs this vault, logged in to the link's server as the
//! user it is sealed to: the device's identity opens the link key the server hands it.
//! The link is read from the argument or, with `-`, from stdin (so it stays out of shell
//! history).

use std::io::{IsTerminal as _, Read as _};

use anyhow::Context as _;
use zeroize::Zeroizing;

use super::super::{Global, session};
use crate::output;
use crate::share::link::Link;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The link (`https://SERVER/s/ID#KEY`), or `-` to read it from stdin
    url: String,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let text = if args.url == "-" {
        let mut buf = Zeroizing::new(String::new());
        std::io::stdin()
            .read_to_string(&mut buf)
            .context("cannot read the link from stdin")?;
        Zeroizing::new(buf.lines().next().unwrap_or_default().to_string())
    } else {
        Zeroizing::new(args.url.clone())
    };
    let link = Link::parse(&text).map_err(super::share_err)?;
    let value = match link.key {
        Some(_) => crate::share::open(&link, ask_password),
        None => open_bound(g, &link)?,
    }
    .map_err(super::share_err)?;
    crate::output::value(value.expose())?;
    Ok(())
}

/// A recipient-bound link: signed in to the link's server, with this device's identity.
fn open_bound(
    g: &Global,
    link: &Link,
) -> anyhow::Result<Result<crate::crypto::SecretBytes, crate::share::ShareError>> {
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let server = link.server.clone();
    let mut conn = crate::sync::connect(&mut vault, &unlocked, Some(&server))?;
    Ok(crate::share::open_bound(&mut conn, link))
}

/// The link's password: at a terminal, asked (hidden), up to three times; else the first
/// line of stdin, once.
fn ask_password(attempt: u32) -> Option<Zeroizing<Vec<u8>>> {
    if std::io::stdin().is_terminal() {
        if attempt > 1 {
            output::warn("wrong password; try again");
        }
        let p = dialoguer::Password::new()
            .with_prompt("Password for the link")
            .interact()
            .ok()?;
        return Some(Zeroizing::new(p.into_bytes()));
    }
    if attempt > 1 {
        return None;
    }
    let mut buf = Zeroizing::new(Vec::new());
    std::io::stdin().read_to_end(&mut buf).ok()?;
    Some(super::super::session::first_line(&buf))
}
