//! `secretscli list`: names, kind, version, last change and origin; values only with `--reveal`.

use super::{Global, session};
use crate::output;
use crate::vault::ItemInfo;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also show values (recorded in the audit log)
    #[arg(long)]
    reveal: bool,
    /// Also show this environment's deleted items
    #[arg(long)]
    deleted: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
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
    let rows: Vec<Row<'_>> = infos
        .iter()
        .zip(&values)
        .map(|(info, value)| {
            let text = value
                .as_ref()
                .and_then(|v| String::from_utf8(v.clone()).ok());
            Row {
                info,
                inherited: info.env != env.name,
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

fn table_row(r: &Row<'_>, reveal: bool) -> Vec<String> {
    let mut kind = format!("{:?}", r.info.kind).to_lowercase();
    if r.info.literal {
        kind.push_str(",literal");
    }
    if r.info.deleted {
        kind.push_str(",deleted");
    }
    let from = if r.inherited {
        r.info.env.clone()
    } else {
        "-".into()
    };
    let mut row = vec![
        r.info.name.clone(),
        kind,
        r.info.version.to_string(),
        r.updated.clone(),
        from,
    ];
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
