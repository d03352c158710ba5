//! `secretscli diff`: compare by name, without values unless `--reveal`: this environment
//! here vs on the server (default), `--env A --env B` (parity between environments), or
//! `--file .env` vs an environment. Environments compare as `inject` would resolve them:
//! inherited items included (through the server's inheritance on the server side) and
//! `${...}` expanded, so a lost parent link or a changed referenced value shows up.
//! Exit 0 when equal, 1 when different, so scripts can gate on it.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Global, session};
use crate::crypto::SecretBytes;
use crate::dotenv;
use crate::error::{Exit, UserError};
use crate::inject::interpolate;
use crate::output;
use crate::sync::{self, diff};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Compare this dotenv file with the environment (instead of the server)
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Show the values of differing items (recorded in the audit log)
    #[arg(long)]
    reveal: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
    /// With --file: refuse a file larger than this (bytes, or with KiB, MiB or GiB)
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = super::import::parse_size)]
    max_size: u64,
}

#[derive(serde::Serialize)]
struct Shown<'a> {
    left: &'a str,
    right: &'a str,
    equal: bool,
    rows: Vec<diff::Row>,
}

/// The values `inject` would set: `${...}` expanded against the other items, then this
/// process's environment (as inject does), literal items as stored.
fn resolve(side: &str, items: Vec<diff::Layered>) -> anyhow::Result<diff::Values> {
    let refs: Vec<interpolate::Item<'_>> = items
        .iter()
        .map(|i| interpolate::Item {
            name: &i.name,
            value: i.value.expose(),
            literal: i.literal,
        })
        .collect();
    let lookup = |name: &str| std::env::var_os(name).map(|v| v.into_encoded_bytes());
    let expanded = interpolate::expand(&refs, &lookup, false).map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            format!("{side}: {e}"),
            "fix the reference with `secretscli set`; values are never quoted here",
        )
    })?;
    drop(refs);
    Ok(items
        .into_iter()
        .zip(expanded.values)
        .map(|(item, resolved)| (item.name, resolved.unwrap_or(item.value)))
        .collect())
}

/// Compares and exits 0 (equal) or 1 (different).
pub fn run(g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let (left_name, right_name, left, right) = if g.all_envs.len() == 2 {
        if args.file.is_some() {
            return Err(UserError::new(
                Exit::Usage,
                "--file compares a file with one environment, not two",
                "pass one --env with --file",
            )
            .into());
        }
        let a = vault.env(&project, &g.all_envs[0])?;
        let b = vault.env(&project, &g.all_envs[1])?;
        (
            a.label(),
            b.label(),
            resolve(&a.label(), diff::local_layered(&vault, &mut unlocked, &a)?)?,
            resolve(&b.label(), diff::local_layered(&vault, &mut unlocked, &b)?)?,
        )
    } else if let Some(file) = &args.file {
        // The file is as untrusted as an import: bounded and read the same way, never
        // quoted, never held whole (only its values, to compare).
        let retry = |size: u64| {
            let mib = size.div_ceil(1 << 20).max(1);
            let path = crate::output::shell_word(&file.display().to_string());
            format!("secretscli diff --file {path} --max-size {mib}MiB")
        };
        let input = super::import::Input::open(file, args.max_size, "nothing was compared", retry)?;
        let mut values = diff::Values::new();
        dotenv::read_dotenv(input.reader, |e| {
            // The last assignment of a name wins, as on import.
            values.insert(e.key, SecretBytes::from(e.value));
            Ok::<_, std::convert::Infallible>(())
        })
        .map_err(|e| match e {
            dotenv::StreamError::Parse(e) => UserError::new(
                Exit::InvalidInput,
                format!("{}: {e}", file.display()),
                "fix the file; values are never quoted in this message",
            )
            .into(),
            other => super::import::input_error(
                other,
                &input.label,
                args.max_size,
                "nothing was compared",
                retry,
            ),
        })?;
        (
            file.display().to_string(),
            env.label(),
            values,
            resolve(
                &env.label(),
                diff::local_layered(&vault, &mut unlocked, &env)?,
            )?,
        )
    } else {
        let server = session::server(g)?;
        let mut conn = sync::connect(&mut vault, &unlocked, server.as_deref())?;
        let (remote, _) = diff::remote_layered(&mut vault, &mut unlocked, &mut conn, &env)?;
        let here = format!("{} (here)", env.label());
        let there = format!("{} ({})", env.label(), conn.transport.shown_url());
        (
            here.clone(),
            there.clone(),
            resolve(&here, diff::local_layered(&vault, &mut unlocked, &env)?)?,
            resolve(&there, remote)?,
        )
    };
    let rows = diff::compare(&left, &right, args.reveal);
    let different: Vec<String> = rows
        .iter()
        .filter(|r| r.status != diff::Status::Same)
        .map(|r| r.name.clone())
        .collect();
    if args.reveal && !different.is_empty() {
        vault.record_reveal(
            "reveal",
            &project.name,
            &env.name,
            different.clone(),
            "diff --reveal",
        )?;
    }
    let equal = different.is_empty();
    let count = |s: diff::Status| rows.iter().filter(|r| r.status == s).count();
    let summary = format!(
        "{left_name} vs {right_name}: {} different, {} missing, {} extra, {} same",
        count(diff::Status::Different),
        count(diff::Status::Missing),
        count(diff::Status::Extra),
        count(diff::Status::Same)
    );
    if args.json {
        output::json(&Shown {
            left: &left_name,
            right: &right_name,
            equal,
            rows,
        })?;
    } else {
        let table: Vec<Vec<String>> = rows
            .iter()
            .filter(|r| r.status != diff::Status::Same)
            .map(|r| {
                let mut row = vec![
                    r.name.clone(),
                    serde_json::to_value(r.status)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                ];
                if args.reveal {
                    let show = |v: &Option<String>| {
                        v.as_deref()
                            .map(|s| output::one_line(s.as_bytes()))
                            .unwrap_or_else(|| "-".into())
                    };
                    row.push(show(&r.left));
                    row.push(show(&r.right));
                }
                row
            })
            .collect();
        if !table.is_empty() {
            let mut headers = vec!["NAME", "STATUS"];
            if args.reveal {
                headers.extend(["LEFT", "RIGHT"]);
            }
            output::table(&headers, &table)?;
        }
        output::note(&summary);
    }
    Ok(if equal { Exit::Ok } else { Exit::Failure }.into())
}
