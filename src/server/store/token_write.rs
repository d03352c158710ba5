//! Writing with a `--write` service token (docs/tokens.md, "Writing"), decided once for
//! both backends: a push authenticated by a token passes the use checks of a read (and
//! counts as a use), then needs `--write`, one of the token's own environments (not an
//! inherited one), every name matching its `--names` globs, and an unprotected
//! environment. It then appends as the token's creator would, so a token never writes
//! with more than its creator's current role.
//!
//! A refusal never carries the share, the verifier or a value.

/// What a write request presented: the token's auth secret, and what its OIDC ID token (the
/// `secretscli-oidc-token` header) proved, checked as for a read.
pub struct Presented {
    /// The auth secret's hash, compared with the token's verifier.
    pub secret: [u8; 32],
    /// The ID token's verification against the token's binding, if any.
    pub oidc: OidcCheck,
}

use uuid::Uuid;

use super::tokens::{OidcCheck, Refused, UseRow};
use crate::wire::token::names_allow;

/// Why a token's push was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteRefusal {
    /// The use checks (secret, revoked, expired, address, uses).
    Use(Refused),
    /// The token has no `--write`.
    ReadOnly(String),
    /// The environment is not one of the token's own.
    OtherEnv(String),
    /// A name outside the token's `--names` globs.
    Name {
        /// The token.
        token: String,
        /// The first such name.
        name: String,
    },
    /// The environment is protected: pushes there are proposals, which need a person.
    Protected(String),
}

impl WriteRefusal {
    /// The token's name, when the id named one (for the audit).
    pub fn token(&self) -> Option<&str> {
        match self {
            WriteRefusal::Use(r) => r.name.as_deref(),
            WriteRefusal::ReadOnly(t)
            | WriteRefusal::OtherEnv(t)
            | WriteRefusal::Protected(t)
            | WriteRefusal::Name { token: t, .. } => Some(t),
        }
    }
}

/// Decides the write part of a token's push to `env` of `names` (the use checks passed).
pub fn check_write(
    row: &UseRow,
    own_envs: &[Uuid],
    env: Uuid,
    names: &[String],
    approvals: u32,
) -> Result<(), WriteRefusal> {
    let token = || row.name.clone();
    if !row.scope.write {
        return Err(WriteRefusal::ReadOnly(token()));
    }
    if !own_envs.contains(&env) {
        return Err(WriteRefusal::OtherEnv(token()));
    }
    if let Some(name) = names.iter().find(|n| !names_allow(&row.scope.names, n)) {
        return Err(WriteRefusal::Name {
            token: token(),
            name: name.clone(),
        });
    }
    if approvals > 0 {
        return Err(WriteRefusal::Protected(token()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::token::TokenScope;

    #[test]
    fn a_token_writes_only_with_write_to_its_own_unprotected_env_and_matching_names() {
        let env = Uuid::from_u128(1);
        let row = UseRow {
            name: "ci".into(),
            verifier: vec![],
            scope: TokenScope {
                write: true,
                names: vec!["auth.*".into()],
                ..TokenScope::default()
            },
            uses: 0,
            revoked_at: None,
        };
        let names = vec!["auth.key".to_string()];
        assert_eq!(check_write(&row, &[env], env, &names, 0), Ok(()));
        let read_only = UseRow {
            scope: TokenScope::default(),
            ..row.clone()
        };
        assert_eq!(
            check_write(&read_only, &[env], env, &names, 0),
            Err(WriteRefusal::ReadOnly("ci".into()))
        );
        assert_eq!(
            check_write(&row, &[], env, &names, 0),
            Err(WriteRefusal::OtherEnv("ci".into()))
        );
        assert_eq!(
            check_write(&row, &[env], env, &["billing.key".to_string()], 0),
            Err(WriteRefusal::Name {
                token: "ci".into(),
                name: "billing.key".into()
            })
        );
        assert_eq!(
            check_write(&row, &[env], env, &names, 1),
            Err(WriteRefusal::Protected("ci".into()))
        );
    }
}
