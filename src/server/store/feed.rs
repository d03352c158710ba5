//! The store's share of the change feed: turning `(revision, name)` rows into a
//! [`FeedPage`], identically for both backends. Each backend only reads the rows.
//!
//! Never returns a page that leaves out a revision between `since` and the head: when the
//! gap is wider than one page may describe, it answers `pull_from` instead.

use crate::wire::feed::{FeedPage, FeedRevision, MAX_FEED_REVISIONS};

/// The revision range a backend must read for `since` at head `revision`: `None` when the
/// answer is "pull" or "nothing new" and needs no rows.
pub(crate) fn rows_needed(since: i64, revision: i64) -> Option<(i64, i64)> {
    (since < revision && revision - since <= MAX_FEED_REVISIONS).then_some((since, revision))
}

/// The page for `since` at head `revision`, from `(revision, name)` rows of the range
/// [`rows_needed`] gave, in any order, and the served config values of that range as
/// `(revision, name, value)` rows, oldest version first (a name's last row in a revision
/// is its value there; a rollback has a value row and no entry).
pub(crate) fn page(
    since: i64,
    revision: i64,
    rows: Vec<(i64, String)>,
    values: Vec<(i64, String, Option<String>)>,
) -> FeedPage {
    if since > revision || revision - since > MAX_FEED_REVISIONS {
        // Behind by too much, or ahead of a server restored from an older backup: the
        // log is the only complete answer.
        return FeedPage {
            revision,
            changes: Vec::new(),
            pull_from: Some(since.min(revision)),
        };
    }
    type Values = std::collections::BTreeMap<String, Option<String>>;
    let mut by_revision: std::collections::BTreeMap<
        i64,
        (std::collections::BTreeSet<String>, Values),
    > = std::collections::BTreeMap::new();
    for (rev, name) in rows {
        by_revision.entry(rev).or_default().0.insert(name);
    }
    for (rev, name, value) in values {
        let (names, values) = by_revision.entry(rev).or_default();
        names.insert(name.clone());
        values.insert(name, value);
    }
    FeedPage {
        revision,
        changes: by_revision
            .into_iter()
            .map(|(revision, (names, values))| FeedRevision {
                revision,
                names: names.into_iter().collect(),
                values,
            })
            .collect(),
        pull_from: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_wider_than_a_page_says_pull_from_since() {
        let p = page(0, MAX_FEED_REVISIONS + 1, Vec::new(), Vec::new());
        assert_eq!(p.pull_from, Some(0));
        assert!(p.changes.is_empty());
        assert_eq!(rows_needed(0, MAX_FEED_REVISIONS + 1), None);
    }

    #[test]
    fn served_values_go_with_their_revision_and_a_rollback_names_its_key() {
        let rows = vec![(1, "db.host".into()), (1, "API_KEY".into())];
        let values = vec![
            (1, "db.host".into(), Some("a".into())),
            (2, "db.host".into(), Some("b".into())),
            (2, "db.host".into(), Some("c".into())),
        ];
        let p = page(0, 2, rows, values);
        assert_eq!(p.changes[0].names, ["API_KEY", "db.host"]);
        assert_eq!(p.changes[0].values["db.host"].as_deref(), Some("a"));
        assert!(!p.changes[0].values.contains_key("API_KEY"));
        // A rollback has no entry: its revision still names the key, with its last value.
        assert_eq!(p.changes[1].names, ["db.host"]);
        assert_eq!(p.changes[1].values["db.host"].as_deref(), Some("c"));
    }

    #[test]
    fn a_since_past_the_head_says_pull_from_the_head() {
        assert_eq!(page(9, 4, Vec::new(), Vec::new()).pull_from, Some(4));
    }

    #[test]
    fn rows_group_by_revision_with_sorted_unique_names() {
        let rows = vec![
            (2, "B".into()),
            (1, "A".into()),
            (2, "A".into()),
            (2, "B".into()),
        ];
        let p = page(0, 2, rows, Vec::new());
        assert_eq!(p.pull_from, None);
        assert_eq!(p.changes.len(), 2);
        assert_eq!(p.changes[1].names, ["A", "B"]);
        assert_eq!(rows_needed(2, 2), None);
    }
}
