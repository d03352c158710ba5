//! `secretscli share revoke ID`: the link stops working at once and the server forgets its
//! ciphertext. A value already revealed stays revealed: rotate it if that matters.

use super::super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::share::link::ShareId;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The link's id (`share list`; the part after /s/)
    id: String,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let Some(id) = ShareId::parse(&args.id) else {
        return Err(UserError::new(
            Exit::Usage,
            format!("{:?} is not a share id", args.id),
            "give the 22 characters after /s/ in the link, as `secretscli share list` shows them",
        )
        .into());
    };
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::super::team::connect(g, &mut vault, &unlocked)?;
    let info = crate::share::revoke(&mut conn, &id).map_err(super::share_err)?;
    if args.json {
        return Ok(output::json(&info)?);
    }
    output::note(&format!(
        "revoked link {} of {} ({} of {} view(s) used); if it was opened, rotate the value",
        info.id,
        output::escape(&info.name),
        info.views,
        info.max_views
    ));
    Ok(())
}
