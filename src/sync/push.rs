//! `push`: upload the versions and delete/restore marks the server does not have.
//!
//! Steps: make sure the project, environment and every env key version (wrapped to this
//! device's recipient) exist on the server; bring in what others pushed since our last
//! pull when it touches none of our unpushed items (else refuse with the conflicting
//! names, or with `force` keep ours on top of theirs); then send our changes in batches,
//! each with the base revision (compare-and-set) and an idempotency key that is stored
//! before sending and reused by every retry, so a push cut off mid-way lands exactly once.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    Connection, Progress, Result, Retry, SyncError, check_fetched, fetch_log, import_keys,
    remote_env,
};
use crate::vault::{AppliedChange, Env, Outgoing, Project, Resolve, Unlocked, Vault};
use crate::wire;

/// Aimed-for size of one push request; bigger pushes go in several batches. Servers
/// accept 1 MiB by default; one that accepts less answers 413 and the batch is halved.
pub const BATCH_BYTES: usize = 900 * 1024;

/// What to do.
#[derive(Debug, Clone, Copy, Default)]
pub struct PushOptions {
    /// Report what would be sent; change nothing (here or there).
    pub dry_run: bool,
    /// On conflict, keep ours: the server's versions become history under ours.
    pub force: bool,
}

/// What happened to one item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PushedItem {
    /// Item name.
    pub name: String,
    /// `created`, `updated`, `deleted` or `restored` on the server.
    pub change: &'static str,
}

/// Counts for people and scripts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// New on the server.
    pub created: usize,
    /// New versions (or restored) on the server.
    pub updated: usize,
    /// Items with nothing to send.
    pub unchanged: usize,
    /// Soft-deleted on the server.
    pub deleted: usize,
}

/// The outcome of a push.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PushReport {
    /// `project/env`.
    pub env: String,
    /// The server's revision afterwards (before, on a dry run).
    pub revision: i64,
    /// Nothing was changed.
    pub dry_run: bool,
    /// The environment was new on the server.
    pub first_push: bool,
    /// Others' changes brought in first (and, with force, ours kept over theirs).
    pub pulled: Vec<AppliedChange>,
    /// Per item sent.
    pub items: Vec<PushedItem>,
    /// Counts.
    pub summary: Summary,
    /// Requests sent.
    pub batches: usize,
    /// The environment is protected: the proposals the changes became (nothing landed;
    /// the changes stay unpushed here until an approval applies them and a pull brings
    /// them back as ours).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<wire::proposals::ProposalMade>,
    /// Items not proposed yet: a push to a protected environment stops after the first
    /// batch became a proposal, so that pushing again names the same proposal (one pending
    /// idempotency key) instead of adding one per batch; they go in the next proposal.
    #[serde(skip_serializing_if = "is_zero")]
    pub held_back: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Pushes `env` to the connected server, reporting [`Progress::Sending`] after each batch
/// (`progress` must not block: a request waits on it).
pub fn push(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
    opts: PushOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<PushReport> {
    let state = vault.sync_state(env)?;
    if let Some(s) = &state
        && s.server_id != conn.remote.server_id
    {
        let urls = vault
            .remotes()?
            .into_iter()
            .find(|r| r.server_id == s.server_id)
            .map(|r| r.urls)
            .unwrap_or_else(|| s.server_id.to_string());
        return Err(SyncError::OtherServer {
            env: env.label(),
            urls,
        });
    }
    let mut report = PushReport {
        env: env.label(),
        revision: 0,
        dry_run: opts.dry_run,
        first_push: false,
        pulled: Vec::new(),
        items: Vec::new(),
        summary: Summary::default(),
        batches: 0,
        proposals: Vec::new(),
        held_back: 0,
    };
    let mut remote = remote_env(conn, &env.label(), env.id)?;
    report.first_push = remote.is_none();
    if remote.is_none() && !opts.dry_run {
        remote = Some(create_remote_env(vault, conn, env)?);
    }
    let mut base = state.as_ref().map_or(0, |s| s.pulled_revision);
    if let Some(r) = &remote {
        report.revision = r.revision;
        if !opts.dry_run {
            vault.bind_env(env, conn.remote.server_id)?;
            link_parent(vault, conn, env, r)?;
            import_keys(vault, unlocked, conn, env, r)?;
            upload_keys(vault, unlocked, conn, env, r)?;
        }
        if r.revision > base {
            let (entries, to) = fetch_log(conn, &env.label(), env.id, base)?;
            check_fetched(vault, env, &entries)?;
            let resolve = if opts.force {
                Resolve::Ours
            } else {
                Resolve::Refuse
            };
            let applied =
                vault.apply_incoming(unlocked, env, &entries, to, resolve, opts.dry_run)?;
            if !applied.conflicts.is_empty() && !opts.force {
                return Err(SyncError::Conflict {
                    names: applied.conflicts,
                    revision: Some(to),
                });
            }
            report.pulled = applied.changes;
            base = to;
        }
    }

    let outgoing = vault.outgoing(env)?;
    let synced = vault.synced_names(env, outgoing.iter().map(Outgoing::name))?;
    summarize(vault, env, &outgoing, &synced, &mut report)?;
    if opts.dry_run || outgoing.is_empty() {
        return Ok(report);
    }
    let pending = vault.sync_state(env)?.and_then(|s| s.pending_push);
    let serve = remote.as_ref().is_some_and(|r| r.serve_config);
    let mut queue: std::collections::VecDeque<Vec<Outgoing>> = batches(&outgoing).into();
    let total = outgoing.len() as u64;
    let mut done = 0;
    progress(Progress::Sending { done, total });
    while let Some(batch) = queue.pop_front() {
        let served = if serve {
            served_values(vault, unlocked, env, &batch)
        } else {
            Vec::new()
        };
        let sending = Sending {
            batch: &batch,
            served,
            base,
            force: opts.force,
        };
        let (resp, sent) = match send_batch(vault, conn, env, sending, &pending) {
            Ok(done) => done,
            Err(SyncError::TooLarge { .. }) if distinct_names(&batch) > 1 => {
                // Refused whole (nothing landed): send it in two halves instead.
                let (a, b) = halve(batch);
                queue.push_front(b);
                queue.push_front(a);
                continue;
            }
            Err(e) => return Err(e),
        };
        report.batches += 1;
        report.revision = resp.revision;
        done += sent.len() as u64;
        progress(Progress::Sending { done, total });
        if let Some(made) = resp.proposal {
            // Nothing landed: keep the changes unpushed (and the idempotency key stored, so
            // pushing them again unchanged names the same proposal rather than a second).
            // Later batches wait for a later push: one stored key covers one batch only.
            report.proposals.push(made);
            report.held_back = queue.iter().map(|b| distinct_names(b)).sum();
            break;
        }
        // When nobody else pushed in between, we are now level with the server.
        let level = resp.revision == base + 1;
        vault.mark_pushed(env, &sent, resp.revision, level.then_some(resp.revision))?;
        if level {
            base = resp.revision;
        } else {
            // Others pushed meanwhile (to other items, or the server would have refused):
            // bring their entries in so the next batch's base covers them.
            let (entries, to) = fetch_log(conn, &env.label(), env.id, base)?;
            check_fetched(vault, env, &entries)?;
            let applied =
                vault.apply_incoming(unlocked, env, &entries, to, Resolve::Refuse, false)?;
            if !applied.conflicts.is_empty() {
                return Err(SyncError::Conflict {
                    names: applied.conflicts,
                    revision: Some(to),
                });
            }
            report.pulled.extend(applied.changes);
            base = to;
        }
    }
    Ok(report)
}

/// Creates the project and environment on the server with our ids, refusing when the
/// server has another project (or environment) of the same name: pushing would split one
/// project in two on the server.
fn create_remote_env(vault: &Vault, conn: &mut Connection, env: &Env) -> Result<wire::RemoteEnv> {
    let projects: Vec<wire::RemoteProject> = conn.transport.get("v1/projects")?;
    if projects
        .iter()
        .any(|p| p.name == env.project && p.id != env.project_id)
    {
        return Err(SyncError::NameTaken(format!(
            "project named {:?}",
            env.project
        )));
    }
    if projects.iter().any(|p| p.id == env.project_id) {
        let envs: Vec<wire::RemoteEnv> = match conn
            .transport
            .get(&format!("v1/projects/{}/envs", env.project_id))
        {
            Ok(envs) => envs,
            Err(SyncError::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(e),
        };
        if envs.iter().any(|e| e.name == env.name && e.id != env.id) {
            return Err(SyncError::NameTaken(format!(
                "environment named {:?}",
                env.label()
            )));
        }
    }
    let _: wire::RemoteProject = conn.transport.put(
        &format!("v1/projects/{}", env.project_id),
        &wire::PutProject {
            name: env.project.clone(),
        },
    )?;
    put_env(conn, env, parent_on_server(vault, conn, env)?)
}

fn put_env(conn: &mut Connection, env: &Env, parent_id: Option<Uuid>) -> Result<wire::RemoteEnv> {
    conn.transport.put(
        &format!("v1/envs/{}", env.id),
        &wire::PutEnv {
            project_id: env.project_id,
            name: env.name.clone(),
            parent_id,
        },
    )
}

/// The local parent's id when that parent lives on the same server (the server refuses a
/// link to an environment it does not have). [`push_targets`] pushes a parent first, so
/// this is `None` only when the parent syncs elsewhere.
fn parent_on_server(vault: &Vault, conn: &Connection, env: &Env) -> Result<Option<Uuid>> {
    let Some(p) = env.parent_id else {
        return Ok(None);
    };
    let Some(parent) = vault.env_with_id(p)? else {
        return Ok(None);
    };
    Ok(vault
        .sync_state(&parent)?
        .filter(|s| s.server_id == conn.remote.server_id)
        .map(|_| p))
}

/// Records the local inheritance on the server when the server's env lacks it: a child
/// pushed (by an older version, or alone) before its parent reached the server would
/// otherwise reach other devices without its parent, and inject there would miss the
/// inherited values. Links are only added: a device that lacks the parent never clears
/// another device's link.
fn link_parent(
    vault: &Vault,
    conn: &mut Connection,
    env: &Env,
    remote: &wire::RemoteEnv,
) -> Result<()> {
    let parent = parent_on_server(vault, conn, env)?;
    if parent.is_some() && parent != remote.parent_id {
        put_env(conn, env, parent)?;
    }
    Ok(())
}

/// The environments of `project` to push, each parent before its children (a child's
/// link to its parent can only be recorded once the parent is on the server).
///
/// With `only`, that environment plus every ancestor not yet on any server. Without, the
/// project's environments already bound to this server (plus their unpushed ancestors);
/// when none is, the project's first push, every environment of the project.
pub fn push_targets(
    vault: &Vault,
    server_id: Uuid,
    project: &Project,
    only: Option<&Env>,
) -> Result<Vec<Env>> {
    let envs = vault.envs(project)?;
    let mut chosen: Vec<Env> = match only {
        Some(env) => vec![env.clone()],
        None => {
            let mut bound = Vec::new();
            for e in &envs {
                if vault
                    .sync_state(e)?
                    .is_some_and(|s| s.server_id == server_id)
                {
                    bound.push(e.clone());
                }
            }
            if bound.is_empty() {
                envs.clone()
            } else {
                bound
            }
        }
    };
    for env in chosen.clone() {
        for ancestor in vault.chain(&env)?.into_iter().skip(1) {
            if vault.sync_state(&ancestor)?.is_none() && !chosen.iter().any(|c| c.id == ancestor.id)
            {
                chosen.push(ancestor);
            }
        }
    }
    let mut depth = Vec::with_capacity(chosen.len());
    for env in chosen {
        depth.push((vault.chain(&env)?.len(), env));
    }
    depth.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
    Ok(depth.into_iter().map(|(_, e)| e).collect())
}

/// Uploads, wrapped to this device's recipient, every env key version the server lacks.
fn upload_keys(
    vault: &Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
    remote: &wire::RemoteEnv,
) -> Result<()> {
    let recipient = conn.identity.recipient();
    let there: BTreeSet<u32> = remote
        .keys
        .iter()
        .filter(|k| k.recipient == recipient)
        .map(|k| k.key_version)
        .collect();
    for version in vault.env_key_versions(env)? {
        if there.contains(&version) {
            continue;
        }
        let wrapped = vault.wrap_env_key_to(unlocked, env, version, &recipient)?;
        conn.transport.put_empty(
            &format!("v1/envs/{}/keys/{version}", env.id),
            &wire::PutEnvKey {
                wraps: vec![wire::WrappedKey {
                    key_version: version,
                    recipient: recipient.clone(),
                    wrapped,
                }],
            },
        )?;
    }
    Ok(())
}

fn summarize(
    vault: &Vault,
    env: &Env,
    outgoing: &[Outgoing],
    synced: &std::collections::HashSet<String>,
    report: &mut PushReport,
) -> Result<()> {
    let mut last: BTreeMap<&str, &Outgoing> = BTreeMap::new();
    for o in outgoing {
        last.insert(o.name(), o);
    }
    for (name, o) in &last {
        let change = match o {
            Outgoing::Delete { .. } => "deleted",
            Outgoing::Restore { .. } => "restored",
            Outgoing::Version(_) if synced.contains(*name) => "updated",
            Outgoing::Version(_) => "created",
        };
        match change {
            "created" => report.summary.created += 1,
            "deleted" => report.summary.deleted += 1,
            _ => report.summary.updated += 1,
        }
        report.items.push(PushedItem {
            name: name.to_string(),
            change,
        });
    }
    report.summary.unchanged = vault.env_item_count(env)?.saturating_sub(last.len());
    Ok(())
}

/// Splits the changes into request-sized batches, keeping every item's changes together
/// and in order (a later batch must never touch an item an earlier one did: the server
/// would take our own earlier batch for a concurrent change).
fn batches(outgoing: &[Outgoing]) -> Vec<Vec<Outgoing>> {
    let mut groups: BTreeMap<&str, Vec<&Outgoing>> = BTreeMap::new();
    for o in outgoing {
        groups.entry(o.name()).or_default().push(o);
    }
    let mut out = Vec::new();
    let mut current: Vec<Outgoing> = Vec::new();
    let mut size = 0usize;
    for (_, group) in groups {
        let group_size: usize = group.iter().map(|o| estimate(o)).sum();
        if !current.is_empty() && size + group_size > BATCH_BYTES {
            out.push(std::mem::take(&mut current));
            size = 0;
        }
        size += group_size;
        current.extend(group.into_iter().cloned());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn distinct_names(batch: &[Outgoing]) -> usize {
    batch
        .iter()
        .map(Outgoing::name)
        .collect::<BTreeSet<_>>()
        .len()
}

/// Splits a batch in two at an item boundary (batches hold each item's changes together).
fn halve(batch: Vec<Outgoing>) -> (Vec<Outgoing>, Vec<Outgoing>) {
    let names: Vec<&str> = batch
        .iter()
        .map(Outgoing::name)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let first: BTreeSet<String> = names[..names.len() / 2]
        .iter()
        .map(|n| n.to_string())
        .collect();
    batch.into_iter().partition(|o| first.contains(o.name()))
}

/// Roughly the JSON size of one change (base64 grows blobs by 4/3).
fn estimate(o: &Outgoing) -> usize {
    match o {
        Outgoing::Version(v) => {
            200 + v.name.len()
                + v.author.len()
                + (v.wrapped_data_key.len() + v.ciphertext.len()) * 4 / 3
        }
        _ => 40 + o.name().len(),
    }
}

/// Sends one batch, reusing the stored idempotency key when this exact batch was sent
/// before and may have landed; returns the server's answer and what was sent.
/// The clear values of a batch's config item versions, for an environment whose config
/// the server serves (docs/config-api.md). Secrets never; a version that cannot be read
/// back as UTF-8 text (or no longer at all) goes without, and the server stops serving it.
fn served_values(
    vault: &Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    batch: &[Outgoing],
) -> Vec<wire::config::ServedValue> {
    let mut out = Vec::new();
    for o in batch {
        let Outgoing::Version(v) = o else { continue };
        if v.kind != crate::vault::Kind::Config {
            continue;
        }
        let Ok(value) = vault.open_stored(unlocked, env, v) else {
            continue;
        };
        out.extend(served_value(&v.name, v.version, &value));
    }
    out
}

/// `value` as a served value of `name` version `version`, when the server may take it in
/// clear (text within `wire::config::servable`).
pub(crate) fn served_value(
    name: &str,
    version: u64,
    value: &crate::crypto::SecretBytes,
) -> Option<wire::config::ServedValue> {
    let text = value.expose_str().filter(|t| wire::config::servable(t))?;
    Some(wire::config::ServedValue {
        name: name.to_string(),
        version,
        value: text.to_string(),
    })
}

/// One batch to send.
struct Sending<'a> {
    batch: &'a [Outgoing],
    served: Vec<wire::config::ServedValue>,
    base: i64,
    force: bool,
}

fn send_batch(
    vault: &mut Vault,
    conn: &mut Connection,
    env: &Env,
    sending: Sending<'_>,
    pending: &Option<(Uuid, Vec<u8>)>,
) -> Result<(wire::PushResponse, Vec<Outgoing>)> {
    let batch = sending.batch;
    let changes: Vec<wire::Change> = batch.iter().map(super::to_wire_change).collect();
    let mut req = wire::PushRequest {
        base_revision: sending.base,
        idempotency_key: Uuid::nil(),
        force: sending.force,
        changes,
        served: sending.served,
    };
    let digest = {
        let body = serde_json::to_vec(&req).map_err(|e| SyncError::Protocol(e.to_string()))?;
        Sha256::digest(&body).to_vec()
    };
    req.idempotency_key = match pending {
        Some((key, d)) if *d == digest => *key,
        _ => Uuid::new_v4(),
    };
    vault.set_pending_push(env, Some((req.idempotency_key, &digest)))?;
    let body = serde_json::to_vec(&req).map_err(|e| SyncError::Protocol(e.to_string()))?;
    let resp: wire::PushResponse =
        conn.transport
            .post_raw(&format!("v1/envs/{}/push", env.id), body, Retry::Safe)?;
    Ok((resp, batch.to_vec()))
}
