//! `secretscli share open URL`: reveals a link here (one view, like the page's button) and
//! prints the value byte for byte on stdout. Needs no vault: the link is the credential.
//! The link is read from the argument or, with `-`, from stdin (so it stays out of shell
//! history).

use std::io::{IsTerminal as _, Read as _, Write as _};

use anyhow::Context as _;
use zeroize::Zeroizing;

use super::super::Global;
use crate::output;
use crate::share::link::Link;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The link (`https://SERVER/s/ID#KEY`), or `-` to read it from stdin
    url: String,
}

pub fn run(_g: &Global, args: Args) -> anyhow::Result<()> {
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
    let value = crate::share::open(&link, ask_password).map_err(super::share_err)?;
    let mut out = std::io::stdout().lock();
    out.write_all(value.expose())?;
    out.flush()?;
    Ok(())
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
