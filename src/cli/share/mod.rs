//! `secretscli share create|list|revoke|open`: share links (issue 14, docs/share.md). One
//! file per subcommand; the formats, the crypto and the calls are in `src/share/`.

pub mod create;
pub mod list;
pub mod open;
pub mod revoke;

use super::Global;
use crate::error::{Exit, UserError};
use crate::share::ShareError;

// Share subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Make a link that reveals one item's value in a browser or `share open`
    ///
    /// The value is encrypted here; the key is only in the link's fragment (after #),
    /// which browsers never send, so the server holds only ciphertext. The link works
    /// until it expires or has been opened --views times; loading the page counts
    /// nothing, pressing "reveal" counts one view.
    Create(create::Args),
    /// List the links you created: item, views, expiry, state
    List(list::Args),
    /// Revoke a link: it stops working and the server forgets its ciphertext
    Revoke(revoke::Args),
    /// Open a link here (counts one view) and print the value
    Open(open::Args),
}

/// Runs a share subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Create(a) => create::run(g, a),
        Command::List(a) => list::run(g, a),
        Command::Revoke(a) => revoke::run(g, a),
        Command::Open(a) => open::run(g, a),
    }
}

/// A share error as the user sees it: what happened and what to do.
fn share_err(e: ShareError) -> anyhow::Error {
    // The sync layer's errors keep their own exit codes and hints.
    if let ShareError::Sync(s) = e {
        return s.into();
    }
    let (exit, hint) = exit_and_hint(&e);
    UserError::new(exit, e.to_string(), hint).into()
}

fn exit_and_hint(e: &ShareError) -> (Exit, &'static str) {
    match e {
        ShareError::Sync(_) => (Exit::Failure, "see the error above"),
        ShareError::BadLink(_) => (
            Exit::Usage,
            "copy the whole link, including the part after #",
        ),
        ShareError::Damaged(_) | ShareError::WrongKey => (
            Exit::Damaged,
            "ask its creator for a new link; this one was altered, cut or made by a newer version",
        ),
        ShareError::TooLarge(_) => (Exit::InvalidInput, "share a smaller value"),
        ShareError::PasswordNeeded | ShareError::WrongPassword => (
            Exit::Refused,
            "ask its creator for the password; the view it took is counted",
        ),
        ShareError::Gone(_) => (Exit::Refused, "ask its creator for a new link"),
        ShareError::Bound => (
            Exit::Usage,
            "open it on a device of the user it is sealed to, logged in to its server",
        ),
        ShareError::Unknown => (Exit::NotFound, "check that you copied the whole link"),
        ShareError::Http { .. } => (Exit::Unreachable, "check the link's server, then try again"),
    }
}
