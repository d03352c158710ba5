//! `secretscli rotate`: credential rotations that survive a crash. `rotate postgres` starts
//! one; `rotate --resume` finishes those a crash interrupted. Prints only; the steps are
//! in [`crate::rotate`].

mod postgres;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::rotate::{Progress, RotateError};

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Finish every rotation a crash or error interrupted (the vault records each step)
    #[arg(long)]
    resume: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Rotate a PostgreSQL login kept as an item (a postgres:// URL or a JSON user/password
    /// object): create, set, test, finish; with --finish after the overlap, lock the
    /// previous login
    Postgres(postgres::Args),
}

/// Dispatches; `--resume` alone runs what the write-ahead records say.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    super::token::refuse_write("rotate")?;
    match (args.command, args.resume) {
        (Some(Command::Postgres(a)), _) => postgres::run(g, a),
        (None, true) => resume(g),
        (None, false) => Err(UserError::new(
            Exit::Usage,
            "rotate needs a kind of credential or --resume",
            "run `secretscli rotate postgres ITEM --admin ADMIN_ITEM`, or `secretscli rotate --resume`",
        )
        .into()),
    }
}

fn resume(g: &Global) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let done = crate::rotate::resume(&mut vault, &mut unlocked, &mut report).map_err(user_error)?;
    if done.is_empty() {
        output::note("no rotation in progress: nothing to resume");
    }
    for f in done {
        output::note(&format!(
            "{}: login {} is current (version {}), {} previous (version {})",
            f.item, f.login, f.current, f.previous_login, f.previous
        ));
    }
    Ok(())
}

/// Prints a rotation's progress on stderr.
fn report(p: Progress) {
    match p {
        Progress::Staged {
            item,
            version,
            login,
        } => output::note(&format!(
            "{item}: new password for login {login} staged as next (version {version})"
        )),
        Progress::Done { item, step } => output::note(&format!("{item}: {} done", step.as_str())),
    }
}

/// A rotation error as the CLI reports it: vault errors keep their own exit codes.
fn user_error(e: RotateError) -> anyhow::Error {
    let exit = match &e {
        RotateError::Vault(_) => {
            let RotateError::Vault(v) = e else {
                unreachable!()
            };
            return v.into();
        }
        RotateError::BadCredential { .. } => Exit::InvalidInput,
        RotateError::Database { .. } | RotateError::TestFailed { .. } => Exit::Failure,
        RotateError::InProgress { .. } | RotateError::NothingToFinish { .. } => Exit::Conflict,
        RotateError::NotBuilt => Exit::Usage,
    };
    UserError {
        exit,
        hint: e.hint(),
        message: e.to_string(),
    }
    .into()
}
