//! The change feed (issue 13, docs/live.md): what `GET /v1/envs/{id}/changes` and the
//! WebSocket feed answer. Only revisions and item names travel, never a blob: watchers
//! fetch what changed with the normal pull and decrypt it on their own device. The one
//! exception is a served config value (`FeedRevision::values`), which is not secret and
//! which the server already serves in clear (docs/config-api.md).
//!
//! A feed never skips a revision silently: when the client's `since` is further behind
//! than one answer may describe, the answer carries `pull_from` instead of changes, and
//! the client pulls the log from there (which has everything) before following again.

use serde::{Deserialize, Serialize};

/// One revision of an environment and the item names it touched, sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FeedRevision {
    /// The revision.
    pub revision: i64,
    /// Item names changed in it (versions, deletes, restores), sorted, each once.
    pub names: Vec<String>,
    /// In an environment whose config is served (docs/config-api.md): the served value of
    /// each config item this revision changed there (`null`: no longer served, e.g.
    /// deleted). Never a secret's value; absent when there are none.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub values: std::collections::BTreeMap<String, Option<String>>,
}

/// An answer of the feed: the environment's current revision and every revision after the
/// caller's `since` up to it; an empty `changes` with no `pull_from` means "nothing new".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FeedPage {
    /// The environment's revision when this answer was made.
    pub revision: i64,
    /// The revisions after `since`, oldest first; empty when `pull_from` is set.
    pub changes: Vec<FeedRevision>,
    /// Set when the feed will not describe the gap (more than [`MAX_FEED_REVISIONS`]
    /// revisions, or `since` is past the environment's revision): pull the log from this
    /// revision, then follow from the revision the pull reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_from: Option<i64>,
}

impl FeedPage {
    /// Every name changed in this answer, sorted, each once.
    pub fn names(&self) -> Vec<String> {
        let names: std::collections::BTreeSet<&str> = self
            .changes
            .iter()
            .flat_map(|c| c.names.iter().map(String::as_str))
            .collect();
        names.into_iter().map(str::to_string).collect()
    }
}

/// Most revisions one answer describes; a client further behind is told to pull.
pub const MAX_FEED_REVISIONS: i64 = 100;

/// Longest hold of a long-poll (`wait`, seconds). Proxies commonly cut idle requests at
/// 60 s, and a client's read timeout must exceed it.
pub const MAX_WAIT_SECS: u64 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_page_json_is_frozen() {
        let page = FeedPage {
            revision: 4,
            changes: vec![FeedRevision {
                revision: 4,
                names: vec!["API_KEY".into(), "DB".into()],
                values: Default::default(),
            }],
            pull_from: None,
        };
        let json = serde_json::to_string(&page).unwrap();
        assert_eq!(
            json,
            r#"{"revision":4,"changes":[{"revision":4,"names":["API_KEY","DB"]}]}"#
        );
        assert_eq!(serde_json::from_str::<FeedPage>(&json).unwrap(), page);
        let behind = FeedPage {
            revision: 500,
            changes: Vec::new(),
            pull_from: Some(3),
        };
        assert_eq!(
            serde_json::to_string(&behind).unwrap(),
            r#"{"revision":500,"changes":[],"pull_from":3}"#
        );
    }

    #[test]
    fn a_served_config_value_on_the_feed_is_frozen() {
        let page = FeedPage {
            revision: 5,
            changes: vec![FeedRevision {
                revision: 5,
                names: vec!["API_KEY".into(), "database.host".into(), "old".into()],
                values: [
                    ("database.host".to_string(), Some("db2".to_string())),
                    ("old".to_string(), None),
                ]
                .into(),
            }],
            pull_from: None,
        };
        let json = serde_json::to_string(&page).unwrap();
        assert_eq!(
            json,
            r#"{"revision":5,"changes":[{"revision":5,"names":["API_KEY","database.host","old"],"values":{"database.host":"db2","old":null}}]}"#
        );
        assert_eq!(serde_json::from_str::<FeedPage>(&json).unwrap(), page);
    }

    #[test]
    fn names_are_the_union_of_the_revisions() {
        let page = FeedPage {
            revision: 2,
            changes: vec![
                FeedRevision {
                    revision: 1,
                    names: vec!["B".into(), "A".into()],
                    values: Default::default(),
                },
                FeedRevision {
                    revision: 2,
                    names: vec!["A".into()],
                    values: Default::default(),
                },
            ],
            pull_from: None,
        };
        assert_eq!(page.names(), ["A", "B"]);
    }
}
