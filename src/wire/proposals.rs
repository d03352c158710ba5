//! Protected environments (docs/teams.md, "Protected environments"): a push to a protected
//! environment is kept by the server as a proposal until writers or admins other than its
//! author approve it; the final approval applies it against the revision it was based on.
//!
//! A proposal carries what its author pushed (names, ciphertext, wrapped data keys, the
//! base revision): never a value, never an env key. Approvers decrypt on their own device.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Change;

/// The most approvals an environment may require (a typo like 100 would lock it).
pub const MAX_APPROVALS: u32 = 10;

/// `PUT /v1/envs/{env_id}/protection`: protect an environment (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Protect {
    /// Distinct approvers (never the author) a proposal needs, 1 to [`MAX_APPROVALS`].
    pub approvals: u32,
}

/// An environment's protection, the answer of `PUT` and `DELETE
/// /v1/envs/{env_id}/protection`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Protection {
    /// The environment.
    pub env_id: Uuid,
    /// Approvals a new proposal needs; 0: not protected (pushes land directly).
    pub approvals: u32,
}

/// Where a proposal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ProposalState {
    /// Waiting for approvals.
    Pending,
    /// Applied by its final approval (exactly once).
    Applied,
    /// Rejected by a writer or admin, or withdrawn by its author.
    Rejected,
    /// Its final approval found items changed since its base revision: it can never
    /// apply; its author makes a new one.
    Conflicted,
}

impl ProposalState {
    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalState::Pending => "pending",
            ProposalState::Applied => "applied",
            ProposalState::Rejected => "rejected",
            ProposalState::Conflicted => "conflicted",
        }
    }

    /// From its name.
    pub fn parse(name: &str) -> Option<Self> {
        [
            ProposalState::Pending,
            ProposalState::Applied,
            ProposalState::Rejected,
            ProposalState::Conflicted,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// The proposal a push to a protected environment made (in [`super::PushResponse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ProposalMade {
    /// The proposal's id.
    pub id: Uuid,
    /// Approvals it needs (from people other than its author).
    pub approvals_needed: u32,
}

/// One approval of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Approval {
    /// Who approved.
    pub user_name: String,
    /// From which device.
    pub device_name: String,
    /// When (ms since epoch).
    pub at: i64,
}

/// A proposal: `GET /v1/projects/{project_id}/proposals` (pending ones, without
/// `changes`), `GET /v1/proposals/{id}` (with them), and the answer of approve and reject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Proposal {
    /// Its id.
    pub id: Uuid,
    /// The project.
    pub project_id: Uuid,
    /// The environment it changes.
    pub env_id: Uuid,
    /// Where it stands.
    pub state: ProposalState,
    /// The revision its author pushed from; it applies only if none of its items changed
    /// after it.
    pub base_revision: i64,
    /// The item names it touches, sorted.
    pub names: Vec<String>,
    /// Its author's user name.
    pub author: String,
    /// Its author's device name.
    pub author_device: String,
    /// When it was made (ms since epoch).
    pub created_at: i64,
    /// Approvals it needs.
    pub approvals_needed: u32,
    /// Approvals so far.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// The environment's revision once applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_revision: Option<i64>,
    /// The changes as pushed (only in `GET /v1/proposals/{id}`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{ItemKind, ItemVersion, PushResponse};

    #[test]
    fn protection_json_is_frozen() {
        let p = Protect { approvals: 2 };
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"approvals":2}"#);
        let p = Protection {
            env_id: Uuid::from_u128(1),
            approvals: 0,
        };
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"env_id":"00000000-0000-0000-0000-000000000001","approvals":0}"#
        );
    }

    #[test]
    fn a_push_answer_without_a_proposal_is_unchanged_and_one_with_it_is_frozen() {
        let plain = PushResponse {
            revision: 3,
            accepted: 2,
            proposal: None,
        };
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"revision":3,"accepted":2}"#
        );
        let proposed = PushResponse {
            revision: 3,
            accepted: 0,
            proposal: Some(ProposalMade {
                id: Uuid::from_u128(9),
                approvals_needed: 1,
            }),
        };
        let json = serde_json::to_string(&proposed).unwrap();
        assert_eq!(
            json,
            r#"{"revision":3,"accepted":0,"proposal":{"id":"00000000-0000-0000-0000-000000000009","approvals_needed":1}}"#
        );
        assert_eq!(
            serde_json::from_str::<PushResponse>(&json).unwrap(),
            proposed
        );
    }

    #[test]
    fn proposal_json_is_frozen() {
        let p = Proposal {
            id: Uuid::from_u128(1),
            project_id: Uuid::from_u128(2),
            env_id: Uuid::from_u128(3),
            state: ProposalState::Applied,
            base_revision: 4,
            names: vec!["DB".into()],
            author: "bob".into(),
            author_device: "bob@laptop".into(),
            created_at: 5,
            approvals_needed: 1,
            approvals: vec![Approval {
                user_name: "alice".into(),
                device_name: "alice@desk".into(),
                at: 6,
            }],
            applied_revision: Some(5),
            changes: vec![Change::Version(ItemVersion {
                name: "DB".into(),
                version: 2,
                kind: ItemKind::Secret,
                literal: false,
                key_version: 1,
                wrapped_data_key: vec![1],
                ciphertext: vec![2],
                created_at: 7,
                author: "bob".into(),
                previous: None,
            })],
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"id":"00000000-0000-0000-0000-000000000001","#,
                r#""project_id":"00000000-0000-0000-0000-000000000002","#,
                r#""env_id":"00000000-0000-0000-0000-000000000003","state":"applied","#,
                r#""base_revision":4,"names":["DB"],"author":"bob","author_device":"bob@laptop","#,
                r#""created_at":5,"approvals_needed":1,"#,
                r#""approvals":[{"user_name":"alice","device_name":"alice@desk","at":6}],"#,
                r#""applied_revision":5,"changes":[{"op":"version","name":"DB","version":2,"#,
                r#""kind":"secret","literal":false,"key_version":1,"wrapped_data_key":"AQ==","#,
                r#""ciphertext":"Ag==","created_at":7,"author":"bob"}]}"#
            )
        );
        assert_eq!(serde_json::from_str::<Proposal>(&json).unwrap(), p);
        for s in ["pending", "applied", "rejected", "conflicted"] {
            assert_eq!(ProposalState::parse(s).unwrap().as_str(), s);
        }
    }
}
