//! Service tokens (docs/tokens.md), decided once for both backends: they read the token's
//! row, this module decides whether a use may have the server's share, and checks what an
//! admin's device uploads at creation.
//!
//! The store keeps a token's verifier (SHA-256 of its auth secret), the server's share of
//! its key and the env keys wrapped to its recipient; never the token, never its own share.
//! A refused use must never learn the share: every check runs before anything is read.

use std::net::IpAddr;

use subtle::ConstantTimeEq as _;

use super::{Result, StoreError};
use crate::wire::token::{
    CreateServiceToken, OidcBinding, TokenScope, cidrs_allow, glob_matches, names_allow,
};

/// A token's row as a use needs it.
#[derive(Debug, Clone)]
pub struct UseRow {
    /// Name.
    pub name: String,
    /// SHA-256 of the auth secret.
    pub verifier: Vec<u8>,
    /// Scope.
    pub scope: TokenScope,
    /// Successful uses so far.
    pub uses: u64,
    /// Revocation time (ms since epoch).
    pub revoked_at: Option<i64>,
}

/// A use that passed every check.
#[derive(Debug)]
pub struct Granted {
    /// What the token receives.
    pub grant: crate::wire::token::TokenGrant,
    /// Whether the store counted and audited the use itself.
    pub recorded: Recorded,
}

/// Who stores a granted use's count and audit entries.
#[derive(Debug)]
pub enum Recorded {
    /// The store, in the use's own transaction: a token with `--max-uses`, whose row lock
    /// makes the count exact.
    Already,
    /// The caller, before answering: a token without a limit is used by a read (no lock,
    /// no commit of its own), and its entries and count go through the batching audit
    /// writer (`server::audit::AuditSink::record_use`), one commit for many uses.
    Pending(Vec<super::AuditEvent>),
}

/// Uses of one token to add to its count (the batching audit writer sums them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseCount {
    /// The token's id.
    pub token_id: String,
    /// Uses to add.
    pub uses: u64,
    /// The latest use's time (ms since epoch).
    pub last_used_at: i64,
}

/// Why a use was refused. Nothing here carries the share, the verifier or the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No token with that id, or the wrong secret (the same answer: ids are public).
    NotValid,
    /// Revoked at this time (ms since epoch).
    Revoked(i64),
    /// Expired at this time (ms since epoch).
    Expired(i64),
    /// The client's address is outside the token's CIDR list.
    Address(IpAddr),
    /// Every allowed use is spent.
    UsedUp(u64),
    /// The token is bound to an OIDC identity and the use's ID token did not prove it:
    /// which check failed (never the ID token itself).
    Oidc(String),
}

/// What the server made of a use's OIDC ID token before the store saw the use (verifying
/// it may fetch the issuer's keys, which must not happen inside a transaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OidcCheck {
    /// The use carried none (or the token is not bound, so it was not looked at).
    Absent,
    /// Its signature, `iss`, `aud`, `exp` and `nbf` checked out against this binding.
    Verified {
        /// The issuer it was verified for.
        issuer: String,
        /// The audience it was verified for.
        audience: String,
        /// Its `sub`.
        subject: String,
    },
    /// A check failed: which (for the refusal and the audit).
    Failed(String),
}

/// A refused use: the token's name when the id named one (for the audit), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The token's name, when the id is known.
    pub name: Option<String>,
    /// Why.
    pub why: Refusal,
}

/// A service token asking to follow an environment's change feed: its id, the SHA-256 of
/// the secret it presented, where from and when (ms).
#[derive(Debug, Clone)]
pub struct Watch {
    /// The token's public id.
    pub id: String,
    /// SHA-256 of the presented auth secret.
    pub presented: [u8; 32],
    /// The client's address.
    pub client: IpAddr,
    /// Now, ms since epoch.
    pub now: i64,
}

/// What a watching token is told: its name (for the audit), the environment's project and
/// the page, cut to the names its globs match ([`watch_page`]).
#[derive(Debug)]
pub struct Watched {
    /// The token's name.
    pub name: String,
    /// The environment's project.
    pub project: uuid::Uuid,
    /// The page.
    pub page: crate::wire::feed::FeedPage,
}

/// The refusal of a token that passed its checks but holds no keys of the environment it
/// asked to follow (neither its own nor an ancestor of one of its own).
pub fn not_watched(token: &str) -> StoreError {
    StoreError::forbidden(
        None,
        format!(
            "the service token {token:?} holds no keys of this environment, so it may not follow it; an admin makes a token for it with `secretscli token create NAME -e ENV`"
        ),
    )
}

/// The audit entry of a granted use for one of its environments: the names served.
pub fn use_event(
    token: &str,
    g: &crate::wire::token::TokenEnvGrant,
    template: &super::AuditEvent,
) -> super::AuditEvent {
    super::AuditEvent {
        actor: format!("token:{token}"),
        action: "token_use".into(),
        project: Some(g.project_id),
        env: Some(g.env_id),
        names: served_names(g),
        allowed: true,
        ..template.clone()
    }
}

/// Decides a use of `row` by a client at `client` presenting an auth secret whose SHA-256
/// is `presented`, at `now`. The secret is checked first, so nothing else about a token
/// is revealed to someone who only knows its (public) id.
pub fn check_use(
    row: Option<&UseRow>,
    presented: &[u8; 32],
    client: IpAddr,
    oidc: &OidcCheck,
    now: i64,
) -> std::result::Result<(), Refused> {
    let Some(row) = row else {
        return Err(Refused {
            name: None,
            why: Refusal::NotValid,
        });
    };
    let refuse = |why| {
        Err(Refused {
            name: Some(row.name.clone()),
            why,
        })
    };
    if !bool::from(row.verifier.as_slice().ct_eq(presented)) {
        return refuse(Refusal::NotValid);
    }
    if let Some(at) = row.revoked_at {
        return refuse(Refusal::Revoked(at));
    }
    if let Some(at) = row.scope.expires_at.filter(|at| *at <= now) {
        return refuse(Refusal::Expired(at));
    }
    if !cidrs_allow(&row.scope.cidrs, client) {
        return refuse(Refusal::Address(client));
    }
    if let Some(max) = row.scope.max_uses.filter(|max| row.uses >= *max) {
        return refuse(Refusal::UsedUp(max));
    }
    match &row.scope.oidc {
        Some(binding) => check_oidc(binding, oidc).map_err(|why| Refused {
            name: Some(row.name.clone()),
            why: Refusal::Oidc(why),
        }),
        None => Ok(()),
    }
}

/// Decides whether token `row` may follow the change feed (docs/live.md) for a client at
/// `client` at `now`: the checks of a use, but a watch is not a use (it releases no share
/// and counts nothing against `--max-uses`). A token bound to a CI identity (OIDC) may not
/// watch: the feed takes no ID token, and a short CI job has nothing to follow.
pub fn check_watch(
    row: Option<&UseRow>,
    presented: &[u8; 32],
    client: IpAddr,
    now: i64,
) -> std::result::Result<(), Refused> {
    let unlimited = row.map(|r| UseRow {
        scope: TokenScope {
            max_uses: None,
            ..r.scope.clone()
        },
        ..r.clone()
    });
    let no_id_token = OidcCheck::Failed(
        "the change feed takes no ID token, so a token bound to a CI identity cannot follow it"
            .into(),
    );
    check_use(unlimited.as_ref(), presented, client, &no_id_token, now)
}

/// What a watching token may see of a feed page: the names (and served config values) its
/// `--names` globs match, and only the revisions that touched one of them (the head revision still moves, so the
/// client follows on from it).
pub fn watch_page(
    mut page: crate::wire::feed::FeedPage,
    globs: &[String],
) -> crate::wire::feed::FeedPage {
    for change in &mut page.changes {
        change.names.retain(|n| names_allow(globs, n));
        change.values.retain(|n, _| names_allow(globs, n));
    }
    page.changes.retain(|c| !c.names.is_empty());
    page
}

/// Whether a use's ID token proves the identity the token is bound to; else which check
/// failed. The subject shown is cut: it came from the client.
fn check_oidc(binding: &OidcBinding, oidc: &OidcCheck) -> std::result::Result<(), String> {
    match oidc {
        OidcCheck::Absent => Err("no OIDC ID token came with the use".into()),
        OidcCheck::Failed(why) => Err(why.clone()),
        OidcCheck::Verified {
            issuer, audience, ..
        } if *issuer != binding.issuer || *audience != binding.audience => {
            Err("the ID token was verified for another issuer or audience".into())
        }
        OidcCheck::Verified { subject, .. } if !glob_matches(&binding.subject, subject) => {
            let shown: String = subject.chars().take(200).collect();
            Err(format!(
                "the ID token's subject {shown:?} does not match {:?}",
                binding.subject
            ))
        }
        OidcCheck::Verified { .. } => Ok(()),
    }
}

/// What a creation must satisfy beyond the API edge's bounds: every wrap is addressed to
/// the token's own recipient (a token cannot be made to carry keys for someone else),
/// and each environment appears once.
pub fn check_create(req: &CreateServiceToken) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for (i, env) in req.envs.iter().enumerate() {
        if !seen.insert(env.env_id) {
            return Err(StoreError::Invalid(format!(
                "envs[{i}]: the environment appears twice"
            )));
        }
        if env.wraps.iter().any(|w| w.recipient != req.recipient) {
            return Err(StoreError::Invalid(format!(
                "envs[{i}]: every wrap must be addressed to the token's recipient"
            )));
        }
    }
    Ok(())
}

/// The names a use of `g` served: its own items' and then its ancestors'.
pub fn served_names(g: &crate::wire::token::TokenEnvGrant) -> Vec<String> {
    let own = g.items.iter().map(|i| i.name.clone());
    own.chain(
        g.parents
            .iter()
            .flat_map(|p| p.items.iter().map(|i| i.name.clone())),
    )
    .collect()
}

/// The scope's lists as stored (JSON arrays in a text column).
pub fn list_to_db(list: &[String]) -> String {
    serde_json::to_string(list).expect("strings serialize")
}

/// A stored OIDC binding's columns (issuer, audience, subject): all three or none.
pub fn oidc_to_db(b: Option<&OidcBinding>) -> [Option<&str>; 3] {
    match b {
        Some(b) => [Some(&b.issuer), Some(&b.audience), Some(&b.subject)],
        None => [None; 3],
    }
    .map(|c| c.map(String::as_str))
}

/// The binding from its columns; a partial one is an error, never "not bound".
pub fn oidc_from_db(cols: [Option<String>; 3]) -> Result<Option<OidcBinding>> {
    match cols {
        [Some(issuer), Some(audience), Some(subject)] => Ok(Some(OidcBinding {
            issuer,
            audience,
            subject,
        })),
        [None, None, None] => Ok(None),
        _ => Err(StoreError::Backend(
            "a service token's OIDC binding is incomplete".into(),
        )),
    }
}

/// A stored list; anything unreadable is an error, never "no restriction".
pub fn list_from_db(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Backend(format!("a service token's scope is unreadable: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> UseRow {
        UseRow {
            name: "ci".into(),
            verifier: vec![7; 32],
            scope: TokenScope {
                cidrs: vec!["10.0.0.0/8".into()],
                max_uses: Some(2),
                expires_at: Some(1000),
                ..TokenScope::default()
            },
            uses: 0,
            revoked_at: None,
        }
    }

    #[test]
    fn a_watching_token_sees_only_the_names_and_values_its_globs_match() {
        use crate::wire::feed::{FeedPage, FeedRevision};
        let rev = |revision, names: &[&str], values: &[(&str, &str)]| FeedRevision {
            revision,
            names: names.iter().map(|n| n.to_string()).collect(),
            values: values
                .iter()
                .map(|(n, v)| (n.to_string(), Some(v.to_string())))
                .collect(),
        };
        let page = FeedPage {
            revision: 3,
            changes: vec![
                rev(
                    1,
                    &["auth.url", "billing.url"],
                    &[("auth.url", "a"), ("billing.url", "b")],
                ),
                rev(2, &["billing.key"], &[]),
            ],
            pull_from: None,
        };
        let seen = watch_page(page, &["auth.*".to_string()]);
        assert_eq!(seen.revision, 3, "the head still moves");
        assert_eq!(
            seen.changes.len(),
            1,
            "revision 2 touched nothing of auth.*"
        );
        assert_eq!(seen.changes[0].names, ["auth.url"]);
        let values: Vec<_> = seen.changes[0].values.keys().collect();
        assert_eq!(values, ["auth.url"]);
    }

    #[test]
    fn a_use_passes_only_every_check_and_the_secret_comes_first() {
        let ok: IpAddr = "10.1.2.3".parse().unwrap();
        let far: IpAddr = "192.0.2.1".parse().unwrap();
        let r = row();
        assert_eq!(
            check_use(Some(&r), &[7; 32], ok, &OidcCheck::Absent, 999),
            Ok(())
        );
        let why = |r: &UseRow, secret: [u8; 32], ip, now| {
            check_use(Some(r), &secret, ip, &OidcCheck::Absent, now)
                .unwrap_err()
                .why
        };
        assert_eq!(why(&r, [8; 32], ok, 999), Refusal::NotValid);
        // A wrong secret says nothing about expiry or address.
        assert_eq!(why(&r, [8; 32], far, 5000), Refusal::NotValid);
        assert_eq!(why(&r, [7; 32], ok, 1000), Refusal::Expired(1000));
        assert_eq!(why(&r, [7; 32], far, 999), Refusal::Address(far));
        let spent = UseRow { uses: 2, ..row() };
        assert_eq!(why(&spent, [7; 32], ok, 999), Refusal::UsedUp(2));
        let revoked = UseRow {
            revoked_at: Some(5),
            ..row()
        };
        assert_eq!(why(&revoked, [7; 32], ok, 999), Refusal::Revoked(5));
        assert_eq!(
            check_use(None, &[7; 32], ok, &OidcCheck::Absent, 0).unwrap_err(),
            Refused {
                name: None,
                why: Refusal::NotValid
            }
        );
    }

    #[test]
    fn a_bound_token_needs_a_verified_id_token_whose_subject_matches() {
        let ok: IpAddr = "10.1.2.3".parse().unwrap();
        let mut r = row();
        r.scope.oidc = Some(OidcBinding {
            issuer: "https://issuer.example".into(),
            audience: "secretscli".into(),
            subject: "repo:org/app:ref:refs/heads/main".into(),
        });
        let verified = |issuer: &str, subject: &str| OidcCheck::Verified {
            issuer: issuer.into(),
            audience: "secretscli".into(),
            subject: subject.into(),
        };
        let why = |c: &OidcCheck| check_use(Some(&r), &[7; 32], ok, c, 999).map_err(|e| e.why);
        let main = verified("https://issuer.example", "repo:org/app:ref:refs/heads/main");
        assert_eq!(why(&main), Ok(()));
        let branch = verified("https://issuer.example", "repo:org/app:ref:refs/heads/dev");
        assert!(matches!(why(&branch), Err(Refusal::Oidc(w)) if w.contains("refs/heads/dev")));
        let elsewhere = verified("https://other.example", "repo:org/app:ref:refs/heads/main");
        assert!(matches!(why(&elsewhere), Err(Refusal::Oidc(_))));
        assert!(matches!(why(&OidcCheck::Absent), Err(Refusal::Oidc(w)) if w.contains("no OIDC")));
        let failed = OidcCheck::Failed("the ID token expired".into());
        assert_eq!(
            why(&failed),
            Err(Refusal::Oidc("the ID token expired".into()))
        );
        // A wrong secret still comes first: nothing about the binding is said.
        let wrong = check_use(Some(&r), &[8; 32], ok, &main, 999).unwrap_err();
        assert_eq!(wrong.why, Refusal::NotValid);
    }
}
