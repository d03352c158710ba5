//! `secretscli rotate postgres ITEM --admin ADMIN_ITEM`: a PostgreSQL login's password,
//! changed without downtime (see docs/rotation.md).

use super::{Global, report, session, user_error};
use crate::output;
use crate::rotate::Strategy;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item holding the login: postgres://USER:PASSWORD@HOST:PORT/DB, or JSON
    /// {"username": ..., "password": ...} (host, port, dbname default to the admin's)
    item: String,
    /// The item holding a URL whose role may CREATE and ALTER roles
    #[arg(long, value_name = "ADMIN_ITEM")]
    admin: String,
    /// alternating: USER and USER_alt take turns, the previous one works until --finish;
    /// single: the password changes in place and the old one stops working at once
    #[arg(long, value_enum, default_value_t = StrategyArg::Alternating)]
    strategy: StrategyArg,
    /// After the overlap: lock the previous login (NOLOGIN, no password, sessions ended)
    #[arg(long, conflicts_with = "strategy")]
    finish: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StrategyArg {
    /// Two logins take turns
    Alternating,
    /// One login, its password changed in place
    Single,
}

/// Runs the rotation (or, with --finish, locks the previous login) and says what changed.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let names = (args.item.as_str(), args.admin.as_str());
    if args.finish {
        let login = crate::rotate::finish_overlap(&mut vault, &mut unlocked, &env, names)
            .map_err(user_error)?;
        output::note(&format!("{}: login {login} locked", args.item));
        return Ok(());
    }
    let strategy = match args.strategy {
        StrategyArg::Alternating => Strategy::Alternating,
        StrategyArg::Single => Strategy::Single,
    };
    let f = crate::rotate::start(
        &mut vault,
        &mut unlocked,
        &env,
        names,
        strategy,
        &mut report,
    )
    .map_err(user_error)?;
    let after = if f.login == f.previous_login {
        "the old password no longer works".to_string()
    } else {
        format!(
            "{} keeps working until `secretscli rotate postgres {} --admin {} --finish`",
            f.previous_login, f.item, args.admin
        )
    };
    output::note(&format!(
        "{}: login {} is current (version {}); {after}",
        f.item, f.login, f.current
    ));
    Ok(())
}
