//! `secretscli member list|add|role|rm`: who may do what in the project.
//!
//! The server enforces who may ask (a reader cannot push, a viewer sees names only); the
//! keys enforce who can read: a grant of reader or above completes when a device that
//! holds the env keys wraps them to the new member's devices (this command does it at
//! once when it can, any later push or pull by such a device otherwise). Removal and a
//! drop below reader print what was exposed and rotate the env keys.

use std::collections::HashMap;

use uuid::Uuid;

use super::super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::sync::Connection;
use crate::team::{self, GrantReport, api};
use crate::vault::{Unlocked, Vault};
use crate::wire::team::{Member, Role};

// Member subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the project's members: roles, devices, "waiting for keys", "rotation pending"
    ///
    /// Completes pending grants first when this device holds the keys.
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Give a user a role on the project (default) or on one environment (-e)
    ///
    /// viewer: names, history, who and when, never a key (server-enforced). reader: the
    /// env keys are wrapped to their approved devices (get, inject, pull). writer: reader
    /// and push (server-enforced). admin: writer and members, devices, rotation.
    Add {
        /// User name on the server
        user: String,
        /// viewer, reader, writer or admin
        #[arg(long, value_name = "ROLE", value_parser = super::parse_role)]
        role: Role,
        /// The whole project, every environment (the default without -e)
        #[arg(long)]
        all_envs: bool,
    },
    /// Change a user's role on the project, or on one environment (-e)
    ///
    /// Dropping below reader removes their keys: it prints what they could decrypt and
    /// rotates the env keys, as `member rm` does.
    Role {
        /// User name on the server
        user: String,
        /// viewer, reader, writer or admin
        #[arg(value_name = "ROLE", value_parser = super::parse_role)]
        role: Role,
        /// Rewrap every data key to the new env key now (default: lazily)
        #[arg(long)]
        now: bool,
        /// Print JSON (what was exposed, what was rotated)
        #[arg(long)]
        json: bool,
    },
    /// Remove a user from the project, or from one environment (-e)
    ///
    /// The server deletes their wraps and refuses their requests at once; this device then
    /// prints every value they could decrypt ("exposed: rotate these values") and starts a
    /// new env key version for the rest, so later versions are closed to them.
    Rm {
        /// User name on the server
        user: String,
        /// Rewrap every data key to the new env key now (default: lazily)
        #[arg(long)]
        now: bool,
        /// Print JSON (what was exposed, what was rotated)
        #[arg(long)]
        json: bool,
    },
}

/// Runs a member subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::connect(g, &mut vault, &unlocked)?;
    let scope = super::scope(g, &vault, &mut conn)?;
    let mut s = Session {
        g,
        vault: &mut vault,
        unlocked: &mut unlocked,
        conn: &mut conn,
        scope: &scope,
    };
    match cmd {
        Command::List { json } => s.list(json),
        Command::Add {
            user,
            role,
            all_envs,
        } => {
            if all_envs && g.env.is_some() {
                return Err(UserError::new(
                    Exit::Usage,
                    "--all-envs and -e both given",
                    "pass -e ENV for one environment, or --all-envs for the whole project",
                )
                .into());
            }
            s.grant(&user, role, false, false)
        }
        Command::Role {
            user,
            role,
            now,
            json,
        } => s.grant(&user, role, now, json),
        Command::Rm { user, now, json } => {
            let change = api::remove_member(s.conn, scope.project_id, &user, scope.env_id)?;
            if !json {
                output::note(&format!(
                    "removed {} from {}",
                    output::escape(&user),
                    scope.label
                ));
            }
            super::after_removal(g, s.vault, s.unlocked, s.conn, &change, now, json)
        }
    }
}

/// `member list --json`.
#[derive(serde::Serialize)]
struct Listing {
    members: Vec<Member>,
    /// `project/env` names whose key rotation is pending.
    rotation_pending: Vec<String>,
    /// Keys given while listing.
    grants: GrantReport,
}

/// What every member subcommand works with.
struct Session<'a> {
    g: &'a Global,
    vault: &'a mut Vault,
    unlocked: &'a mut Unlocked,
    conn: &'a mut Connection,
    scope: &'a super::Scope,
}

impl Session<'_> {
    /// The environments here of the scope's project that sync with this server (all of
    /// them, or the one `-e` named).
    fn envs(&self) -> anyhow::Result<Vec<crate::vault::Env>> {
        Ok(super::bound_envs(self.vault, self.conn, None)?
            .into_iter()
            .filter(|e| e.project_id == self.scope.project_id)
            .filter(|e| self.scope.env_id.is_none_or(|id| id == e.id))
            .collect())
    }

    fn grant(&mut self, user: &str, role: Role, now: bool, json: bool) -> anyhow::Result<()> {
        let scope = self.scope;
        let change = api::put_member(self.conn, scope.project_id, user, role, scope.env_id)?;
        if !json {
            output::note(&format!(
                "{} is {role} on {}",
                output::escape(user),
                scope.label
            ));
        }
        if !change.rotate.is_empty() {
            return super::after_removal(
                self.g,
                self.vault,
                self.unlocked,
                self.conn,
                &change,
                now,
                json,
            );
        }
        let mut report = GrantReport::default();
        if role.holds_keys() {
            for env in self.envs()? {
                report.extend(team::complete_grants(
                    self.vault,
                    self.unlocked,
                    self.conn,
                    &env,
                )?);
            }
        }
        if json {
            return Ok(output::json(&report)?);
        }
        super::print_grants(self.g, &report);
        if role.holds_keys() && !report.given.iter().any(|given| given.user_name == user) {
            output::note(&format!(
                "{} gets the keys once they have an approved device and a device holding the keys syncs (push, pull or member list)",
                output::escape(user)
            ));
        }
        Ok(())
    }
    fn list(&mut self, json: bool) -> anyhow::Result<()> {
        let envs = self.envs()?;
        let (vault, unlocked, conn, g) = (
            &mut *self.vault,
            &mut *self.unlocked,
            &mut *self.conn,
            self.g,
        );
        let mut grants = GrantReport::default();
        let mut rotation_pending = Vec::new();
        for env in &envs {
            grants.extend(team::complete_grants(vault, unlocked, conn, env)?);
            if let Some(remote) = crate::sync::remote_env(conn, &env.label(), env.id)? {
                let newest = vault.env_key_versions(env)?.last().copied().unwrap_or(0);
                if team::removal::rotation_pending(remote.min_key_version, newest) {
                    rotation_pending.push(env.label());
                }
            }
        }
        let members = api::members(conn, self.scope.project_id)?;
        if json {
            return Ok(output::json(&Listing {
                members,
                rotation_pending,
                grants,
            })?);
        }
        super::print_grants(g, &grants);
        let names: HashMap<Uuid, String> = conn
            .transport
            .get::<Vec<crate::wire::RemoteEnv>>(&format!(
                "v1/projects/{}/envs",
                self.scope.project_id
            ))
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.id, e.name))
            .collect();
        let env_name = |id: &Uuid| names.get(id).cloned().unwrap_or_else(|| id.to_string());
        let rows: Vec<Vec<String>> = members
            .iter()
            .map(|m| {
                let envs: Vec<String> = m
                    .envs
                    .iter()
                    .map(|e| format!("{}={}", env_name(&e.env_id), e.role))
                    .collect();
                let devices = m
                    .devices
                    .iter()
                    .map(|d| {
                        format!(
                            "{} ({})",
                            output::escape(&d.name),
                            serde_json::to_value(d.status)
                                .ok()
                                .and_then(|v| v.as_str().map(String::from))
                                .unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let waiting: Vec<String> = m.waiting_for_keys.iter().map(env_name).collect();
                vec![
                    output::escape(&m.user_name).into_owned(),
                    m.role.map(|r| r.to_string()).unwrap_or_else(|| "-".into()),
                    if envs.is_empty() {
                        "-".into()
                    } else {
                        envs.join(", ")
                    },
                    if devices.is_empty() {
                        "-".into()
                    } else {
                        devices
                    },
                    if waiting.is_empty() {
                        "-".into()
                    } else {
                        format!("waiting for keys: {}", waiting.join(", "))
                    },
                ]
            })
            .collect();
        output::table(&["USER", "ROLE", "ENV ROLES", "DEVICES", "KEYS"], &rows)?;
        for env in &rotation_pending {
            output::warn(&format!(
                "rotation pending for {env}: someone lost access and no new key version is uploaded yet; the next writer or admin device that pushes it rotates first"
            ));
        }
        Ok(())
    }
}
