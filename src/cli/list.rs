//! `secretscli list`: names, kind, version, last change and origin; values only with `--reveal`.
//! `--remote` lists the server's copy instead (who wrote each version too), for any role:
//! a viewer holds no env key, so this is how it sees names; it never shows a value.

use anyhow::Context as _;

use super::flags::InEnv;
use super::{Global, session};
use crate::output;
use crate::sync;
use crate::vault::ItemInfo;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also show values (recorded in the audit log)
    #[arg(long)]
    reveal: bool,
    /// Also show this environment's deleted items
    #[arg(long)]
    deleted: bool,
    /// List the server's copy: names, kinds, versions, who and when; no values, no env
    /// key needed (works for viewers)
    #[arg(long, conflicts_with_all = ["reveal", "deleted"])]
    remote: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
    /// Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)
    #[arg(long)]
    token_stdin: bool,
}

#[derive(serde::Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    info: &'a ItemInfo,
    inherited: bool,
    updated: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_hex: Option<String>,
}

/// Lists without unlocking, unless values are asked for; with a cached key the item set
/// is checked against its tags all the same.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    if args.remote {
        return run_remote(g, args.json);
    }
    if let Some(token) = super::token::from_env(args.token_stdin)? {
        // What the token may read, from the server; values only with --reveal.
        let (_, env) = super::token::open_env(g, &token)?;
        let (infos, values): (Vec<ItemInfo>, Vec<Option<Vec<u8>>>) = env
            .items
            .into_iter()
            .map(|r| (r.info, args.reveal.then(|| r.value.expose().to_vec())))
            .unzip();
        return print(&infos, &values, &env.env, &args);
    }
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let (infos, values): (Vec<ItemInfo>, Vec<Option<Vec<u8>>>) = if args.reveal {
        let mut unlocked = session::unlock(&mut vault, g)?;
        let revealed = vault.reveal_all(&mut unlocked, &env)?;
        let names = revealed.iter().map(|r| r.info.name.clone()).collect();
        vault.record_reveal("reveal", &project.name, &env.name, names, "list --reveal")?;
        revealed
            .into_iter()
            .map(|r| (r.info, Some(r.value.expose().to_vec())))
            .unzip()
    } else {
        let _unlocked = session::unlock_if_cached(&vault)?;
        let infos = vault.list(&env, args.deleted)?;
        let n = infos.len();
        (infos, vec![None; n])
    };
    print(&infos, &values, &env.name, &args)
}

fn print(
    infos: &[ItemInfo],
    values: &[Option<Vec<u8>>],
    env: &str,
    args: &Args,
) -> anyhow::Result<()> {
    let rows: Vec<Row<'_>> = infos
        .iter()
        .zip(values)
        .map(|(info, value)| {
            let text = value
                .as_ref()
                .and_then(|v| String::from_utf8(v.clone()).ok());
            Row {
                info,
                inherited: info.env != env,
                updated: output::time(info.updated_at),
                value_hex: value.as_ref().filter(|_| text.is_none()).map(hex::encode),
                value: text,
            }
        })
        .collect();
    if args.json {
        return Ok(output::json(&rows)?);
    }
    let table: Vec<Vec<String>> = rows.iter().map(|r| table_row(r, args.reveal)).collect();
    let mut headers = vec!["NAME", "KIND", "VERSION", "UPDATED", "FROM"];
    if args.reveal {
        headers.push("VALUE");
    }
    Ok(output::table(&headers, &table)?)
}

/// `list --remote`: the environment need not be in this vault (a viewer never pulls it);
/// unlocking is only for the login's token.
fn run_remote(g: &Global, json: bool) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let (project, env) = session::complete_context(&vault, session::context(g)?)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let server = session::server(g)?;
    let mut conn = sync::connect(&mut vault, &unlocked, server.as_deref())?;
    let listing = sync::listing::list_remote(&vault, &mut conn, &project.value, &env.value)
        .with_context(|| InEnv {
            label: format!("{}/{}", project.value, env.value),
            env: env.value.clone(),
        })?;
    if json {
        return Ok(output::json(&listing)?);
    }
    let own = listing.env.rsplit('/').next().unwrap_or_default();
    let rows: Vec<Vec<String>> = listing
        .items
        .iter()
        .map(|item| {
            let mut row = kind_and_version(&item.info);
            row.push(output::time(item.info.updated_at));
            row.push(item.author.clone());
            row.push(if item.info.env == own {
                "-".into()
            } else {
                item.info.env.clone()
            });
            row
        })
        .collect();
    Ok(output::table(
        &["NAME", "KIND", "VERSION", "UPDATED", "BY", "FROM"],
        &rows,
    )?)
}

/// Name, kind (with its flags) and version: the first columns of both listings.
fn kind_and_version(info: &ItemInfo) -> Vec<String> {
    let mut kind = format!("{:?}", info.kind).to_lowercase();
    if info.literal {
        kind.push_str(",literal");
    }
    if info.deleted {
        kind.push_str(",deleted");
    }
    vec![info.name.clone(), kind, info.version.to_string()]
}

fn table_row(r: &Row<'_>, reveal: bool) -> Vec<String> {
    let from = if r.inherited {
        r.info.env.clone()
    } else {
        "-".into()
    };
    let mut row = kind_and_version(r.info);
    row.push(r.updated.clone());
    row.push(from);
    if reveal {
        let shown = match (&r.value, &r.value_hex) {
            (Some(v), _) => output::one_line(v.as_bytes()),
            (None, Some(h)) => format!("<{} bytes, not UTF-8>", h.len() / 2),
            (None, None) => String::new(),
        };
        row.push(shown);
    }
    row
}
