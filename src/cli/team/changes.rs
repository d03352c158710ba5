//! `secretscli changes list|show|approve|reject`: the proposals that pushes to a protected
//! environment became (docs/teams.md, "Protected environments").
//!
//! A writer or admin other than its author approves; the final approval applies it on the
//! server against the revision it was based on, or refuses with the items changed since.
//! `show --reveal` decrypts the proposed values here, with this device's env keys; the
//! server never can. Values are printed only when --reveal asks for them.

use std::collections::HashMap;

use uuid::Uuid;

use super::super::flags::Flags;
use super::super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::team::changes::{self, ProposedChange};
use crate::vault::Vault;
use crate::wire::proposals::{Proposal, ProposalState};

// Changes subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the pending proposals of the project (-e: of one environment)
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show a proposal: who, from which revision, which names it sets or deletes
    ///
    /// With --reveal, the proposed values are decrypted on this device with its env keys
    /// (the server holds only ciphertext) and printed.
    Show {
        /// Proposal id, as `changes list` shows it
        id: String,
        /// Decrypt and print the proposed values
        #[arg(long)]
        reveal: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Approve a proposal (a writer or admin other than its author)
    ///
    /// The final approval applies it against the revision it was based on; if any of its
    /// items changed since, nothing applies and its author must make a new proposal.
    Approve {
        /// Proposal id
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Reject a proposal (a writer or admin), or withdraw your own
    Reject {
        /// Proposal id
        id: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

/// Runs a changes subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::connect(g, &mut vault, &unlocked)?;
    match cmd {
        Command::List { json } => {
            let scope = super::scope(g, &vault, &mut conn)?;
            let mut list = changes::list(&mut conn, scope.project_id)?;
            if let Some(env) = scope.env_id {
                list.retain(|p| p.env_id == env);
            }
            if json {
                return Ok(output::json(&list)?);
            }
            print_list(g, &vault, &list, &scope.label)
        }
        Command::Show { id, reveal, json } => {
            let id = parse_id(&id)?;
            let p = changes::show(&mut conn, id)?;
            let env = changes::local_env(&vault, &p)?;
            let label = env_label(&vault, &p);
            let shown = match (&env, reveal) {
                (Some(env), true) => {
                    changes::reveal(&mut vault, &mut unlocked, &mut conn, env, &p)?
                }
                (None, true) => {
                    return Err(UserError::new(
                        Exit::NotFound,
                        format!("{label} is not in this vault, so its values cannot be opened here"),
                        Flags::from_global(g).apply(&format!(
                            "pull it first (`secretscli pull`), then run `secretscli changes show {} --reveal` again",
                            p.id
                        )),
                    )
                    .into());
                }
                (_, false) => changes::changes(&p),
            };
            if json {
                return Ok(output::json(&ShowJson::new(&p, &shown))?);
            }
            print_show(g, &p, &label, &shown)
        }
        Command::Approve { id, json } => {
            let p = changes::approve(&mut conn, parse_id(&id)?)?;
            if json {
                return Ok(output::json(&p)?);
            }
            let label = env_label(&vault, &p);
            match p.state {
                ProposalState::Applied => output::note(&format!(
                    "approved and applied proposal {} to {label}: {} (server revision {}); others get it on `{}`",
                    p.id,
                    p.names.join(", "),
                    p.applied_revision.unwrap_or_default(),
                    Flags::from_global(g).command("pull"),
                )),
                _ => output::note(&format!(
                    "approved proposal {} to {label}: {} of {} approvals; it applies when another writer or admin runs `{}`",
                    p.id,
                    p.approvals.len(),
                    p.approvals_needed,
                    Flags::from_global(g).command(&format!("changes approve {}", p.id)),
                )),
            }
            Ok(())
        }
        Command::Reject { id, json } => {
            let p = changes::reject(&mut conn, parse_id(&id)?)?;
            if json {
                return Ok(output::json(&p)?);
            }
            output::note(&format!(
                "rejected proposal {} to {} ({}); nothing of it was applied",
                p.id,
                env_label(&vault, &p),
                p.names.join(", ")
            ));
            Ok(())
        }
    }
}

fn parse_id(id: &str) -> anyhow::Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| {
        UserError::new(
            Exit::Usage,
            format!("{:?} is not a proposal id", output::escape(id)),
            "pass the id `secretscli changes list` shows",
        )
        .into()
    })
}

/// `project/env` when this vault has the environment, else its id.
fn env_label(vault: &Vault, p: &Proposal) -> String {
    match vault.env_with_id(p.env_id) {
        Ok(Some(env)) => env.label(),
        _ => format!("environment {}", p.env_id),
    }
}

fn print_list(g: &Global, vault: &Vault, list: &[Proposal], scope: &str) -> anyhow::Result<()> {
    if list.is_empty() {
        output::note(&format!("no pending proposals in {scope}"));
        return Ok(());
    }
    let mut labels: HashMap<Uuid, String> = HashMap::new();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|p| {
            let env = labels
                .entry(p.env_id)
                .or_insert_with(|| env_label(vault, p))
                .clone();
            vec![
                p.id.to_string(),
                env,
                p.author.clone(),
                format!("{}/{}", p.approvals.len(), p.approvals_needed),
                output::time(p.created_at),
                p.names.join(", "),
            ]
        })
        .collect();
    output::table(
        &["ID", "ENV", "AUTHOR", "APPROVALS", "CREATED", "NAMES"],
        &rows,
    )?;
    output::note(&format!(
        "review with `{}`, then `{}` or `{}`",
        Flags::from_global(g).command("changes show ID --reveal"),
        Flags::from_global(g).command("changes approve ID"),
        Flags::from_global(g).command("changes reject ID"),
    ));
    Ok(())
}

fn print_show(
    g: &Global,
    p: &Proposal,
    label: &str,
    shown: &[ProposedChange],
) -> anyhow::Result<()> {
    let approvals: Vec<String> = p
        .approvals
        .iter()
        .map(|a| format!("{} ({})", a.user_name, a.device_name))
        .collect();
    let mut rows = vec![
        ("proposal", p.id.to_string()),
        ("environment", label.to_string()),
        ("state", p.state.as_str().to_string()),
        ("author", format!("{} ({})", p.author, p.author_device)),
        ("created", output::time(p.created_at)),
        ("based on", format!("revision {}", p.base_revision)),
        (
            "approvals",
            format!(
                "{} of {}{}",
                p.approvals.len(),
                p.approvals_needed,
                if approvals.is_empty() {
                    String::new()
                } else {
                    format!(": {}", approvals.join(", "))
                }
            ),
        ),
    ];
    if let Some(r) = p.applied_revision {
        rows.push(("applied", format!("revision {r}")));
    }
    output::pairs(&rows)?;
    let mut table = Vec::with_capacity(shown.len());
    for c in shown {
        table.push(vec![
            c.name.clone(),
            c.op.to_string(),
            c.version
                .map(|v| v.to_string())
                .unwrap_or_else(|| "-".into()),
            match &c.value {
                Some(v) => output::one_line(v.expose()),
                None => String::new(),
            },
        ]);
    }
    let reveal = shown.iter().any(|c| c.value.is_some());
    let headers: &[&str] = if reveal {
        &["NAME", "CHANGE", "VERSION", "VALUE"]
    } else {
        &["NAME", "CHANGE", "VERSION"]
    };
    if !reveal {
        table.iter_mut().for_each(|r| {
            r.pop();
        });
    }
    output::table(headers, &table)?;
    if p.state == ProposalState::Pending && !reveal {
        output::note(&format!(
            "values: `{}`",
            Flags::from_global(g).command(&format!("changes show {} --reveal", p.id))
        ));
    }
    Ok(())
}

/// `changes show --json`: the proposal and its changes (with values only under --reveal).
#[derive(serde::Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    proposal: ProposalHead<'a>,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(serde::Serialize)]
struct ProposalHead<'a> {
    id: Uuid,
    env_id: Uuid,
    state: ProposalState,
    base_revision: i64,
    author: &'a str,
    author_device: &'a str,
    created_at: i64,
    approvals_needed: u32,
    approvals: &'a [crate::wire::proposals::Approval],
    #[serde(skip_serializing_if = "Option::is_none")]
    applied_revision: Option<i64>,
}

#[derive(serde::Serialize)]
struct ChangeJson<'a> {
    name: &'a str,
    change: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

impl<'a> ShowJson<'a> {
    fn new(p: &'a Proposal, shown: &'a [ProposedChange]) -> Self {
        ShowJson {
            proposal: ProposalHead {
                id: p.id,
                env_id: p.env_id,
                state: p.state,
                base_revision: p.base_revision,
                author: &p.author,
                author_device: &p.author_device,
                created_at: p.created_at,
                approvals_needed: p.approvals_needed,
                approvals: &p.approvals,
                applied_revision: p.applied_revision,
            },
            changes: shown
                .iter()
                .map(|c| ChangeJson {
                    name: &c.name,
                    change: c.op,
                    version: c.version,
                    value: c
                        .value
                        .as_ref()
                        .map(|v| String::from_utf8_lossy(v.expose()).into_owned()),
                })
                .collect(),
        }
    }
}
