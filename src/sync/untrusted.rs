//! The one gate for what a server answers: every item name, delete mark, author,
//! environment or project name and recipient the client decodes from the server passes
//! here before the vault or a terminal sees it.
//!
//! Another member's push is untrusted input (so is a compromised server): the rules are
//! the ones `set`/`import` and `project`/`env create` apply to local input
//! ([`check_key_name`], [`check_name`]), plus bounds on free-text labels. A refusal names
//! the field and why; callers turn it into [`super::SyncError::Untrusted`] with the env
//! and revision, before anything of that pull is applied. Never quotes more than a short
//! prefix of the offending text.

use crate::vault::{check_key_name, check_name, is_invisible, quoted_prefix};
use crate::wire;

/// Longest author or recipient accepted from a server, in bytes (an age recipient is 62,
/// a `user@host` author rarely 40).
pub const MAX_LABEL_LEN: usize = 256;

/// One refused field of a server answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What the field is: "item name", "author", "recipient", ...
    pub what: &'static str,
    /// The text, quoted and cut short.
    pub shown: String,
    /// Why it is refused.
    pub why: String,
}

type Checked = Result<(), Refusal>;

/// Free text from a server that is only shown (an error's code, message or conflicting
/// names): at most `max` characters, then `...`. Escaping is the terminal side's job
/// (`output::escape`); this keeps one answer from flooding it.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}...", &text[..at]),
    }
}

fn refuse(what: &'static str, text: &str, why: impl Into<String>) -> Checked {
    Err(Refusal {
        what,
        shown: quoted_prefix(text),
        why: why.into(),
    })
}

/// Free text shown to people (an author, a recipient): non-empty, bounded, nothing that
/// acts on a terminal or reorders the text around it.
pub fn check_label(what: &'static str, text: &str) -> Checked {
    if text.is_empty() {
        refuse(what, text, "it is empty")
    } else if text.len() > MAX_LABEL_LEN {
        refuse(
            what,
            text,
            format!("it is longer than {MAX_LABEL_LEN} bytes"),
        )
    } else if text.chars().any(char::is_control) {
        refuse(what, text, "it contains a control character")
    } else if text.chars().any(is_invisible) {
        refuse(
            what,
            text,
            "it contains an invisible or bidirectional formatting character",
        )
    } else {
        Ok(())
    }
}

/// An item name (as the vault accepts it).
pub fn check_item(what: &'static str, name: &str) -> Checked {
    match check_key_name(name) {
        Ok(()) => Ok(()),
        Err(crate::vault::VaultError::InvalidName { why, .. }) => refuse(what, name, why),
        Err(e) => refuse(what, name, e.to_string()),
    }
}

fn check_named(what: &'static str, name: &str) -> Checked {
    match check_name(what, name) {
        Ok(()) => Ok(()),
        Err(crate::vault::VaultError::InvalidName { why, .. }) => refuse(what, name, why),
        Err(e) => refuse(what, name, e.to_string()),
    }
}

/// An item version: its name, its author and the shape of its `previous` alias.
pub fn check_version(v: &wire::ItemVersion) -> Checked {
    check_item("item name", &v.name)?;
    check_label("author", &v.author)?;
    match v.previous {
        Some(p) if p == 0 || p >= v.version => refuse(
            "previous alias",
            &alias_shown(&v.name, p),
            format!("it must name a version below {}", v.version),
        ),
        _ => Ok(()),
    }
}

/// A `previous` alias naming a version of its item that this vault does not hold and the
/// same answer does not bring: following it would fail, so the whole answer is refused.
pub fn unknown_previous(name: &str, previous: u64) -> Refusal {
    Refusal {
        what: "previous alias",
        shown: quoted_prefix(&alias_shown(name, previous)),
        why: "it names a version of the item that neither this vault nor the server's log holds"
            .into(),
    }
}

/// `NAME@previous=N`, as a user would read the alias.
fn alias_shown(name: &str, previous: u64) -> String {
    format!("{name}@previous={previous}")
}

/// One log change: a version, or a delete or restore mark naming an item.
pub fn check_change(change: &wire::Change) -> Checked {
    match change {
        wire::Change::Version(v) => check_version(v),
        wire::Change::Delete { name } => check_item("delete mark", name),
        wire::Change::Restore { name } => check_item("restore mark", name),
    }
}

/// An environment: its name and the recipients its keys are wrapped to.
pub fn check_env(env: &wire::RemoteEnv) -> Checked {
    check_named("environment", &env.name)?;
    env.keys
        .iter()
        .try_for_each(|k| check_label("recipient", &k.recipient))
}

/// Most recipients accepted for one environment: bounds the wraps one answer can ask for.
pub const MAX_RECIPIENTS: usize = 10_000;

/// Someone the server says must hold an environment's keys: names shown to people, and a
/// recipient that parses as an age recipient (anything else cannot be wrapped to).
pub fn check_recipient(r: &wire::team::Recipient) -> Checked {
    check_label("user name", &r.user_name)?;
    check_label("device name", &r.device_name)?;
    check_label("recipient", &r.recipient)?;
    match crate::crypto::identity::check_recipient(&r.recipient) {
        Ok(()) => Ok(()),
        Err(_) => refuse(
            "recipient",
            &r.recipient,
            "it is not an age X25519 recipient",
        ),
    }
}

/// A device or member as listed by the server: the names shown to people.
pub fn check_device(d: &wire::team::Device) -> Checked {
    check_label("user name", &d.user_name)?;
    check_label("device name", &d.name)?;
    check_label("recipient", &d.recipient)
}

/// A project: its name.
pub fn check_project(project: &wire::RemoteProject) -> Checked {
    check_named("project", &project.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_recipient_must_be_an_age_key_with_printable_names() {
        let good = wire::team::Recipient {
            user_id: uuid::Uuid::nil(),
            user_name: "bob".into(),
            device_id: uuid::Uuid::nil(),
            device_name: "bob@laptop".into(),
            recipient: crate::crypto::DeviceIdentity::generate().recipient(),
            key_versions: vec![],
        };
        assert_eq!(check_recipient(&good), Ok(()));
        let fake = wire::team::Recipient {
            recipient: "age1mallory".into(),
            ..good.clone()
        };
        assert_eq!(check_recipient(&fake).unwrap_err().what, "recipient");
        let loud = wire::team::Recipient {
            device_name: "bob\x1b[2J".into(),
            ..good
        };
        assert_eq!(check_recipient(&loud).unwrap_err().what, "device name");
    }

    fn version(name: &str, author: &str) -> wire::Change {
        wire::Change::Version(wire::ItemVersion {
            name: name.into(),
            version: 1,
            kind: wire::ItemKind::Secret,
            literal: false,
            key_version: 1,
            wrapped_data_key: vec![],
            ciphertext: vec![],
            created_at: 0,
            author: author.into(),
            previous: None,
        })
    }

    #[test]
    fn a_previous_alias_must_name_an_older_version() {
        let with = |number: u64, previous: u64| {
            let wire::Change::Version(mut v) = version("DB", "a") else {
                unreachable!("a version")
            };
            (v.version, v.previous) = (number, Some(previous));
            check_version(&v)
        };
        assert_eq!(with(3, 2), Ok(()));
        for (number, previous) in [(3, 0), (3, 3), (3, 9)] {
            let r = with(number, previous).unwrap_err();
            assert_eq!(r.what, "previous alias", "{number} {previous}");
            assert!(r.why.contains("below 3"), "{r:?}");
        }
    }

    #[test]
    fn shown_text_is_cut_at_a_character_boundary() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("ééé", 2), "éé...");
        assert_eq!(cut(&"x".repeat(100_000), 200).len(), 203);
    }

    #[test]
    fn names_follow_the_rules_of_set() {
        for bad in [
            "A\x1b[31m",
            "A\nB",
            "A=B",
            "A\0",
            "",
            "A\u{202e}B",
            "\u{200b}A",
            "#A",
        ] {
            let r = check_change(&version(bad, "alice@laptop")).unwrap_err();
            assert_eq!(r.what, "item name", "{bad:?}");
            let r = check_change(&wire::Change::Delete { name: bad.into() }).unwrap_err();
            assert_eq!(r.what, "delete mark", "{bad:?}");
        }
        check_change(&version("DB_URL", "alice@laptop")).unwrap();
    }

    #[test]
    fn a_100k_name_is_refused_and_quoted_short() {
        let r = check_change(&version(&"N".repeat(100_000), "a")).unwrap_err();
        assert!(r.why.contains("1024"), "{r:?}");
        assert!(r.shown.len() < 100, "{r:?}");
    }

    #[test]
    fn authors_and_recipients_are_bounded_printable_text() {
        for bad in [
            "eve\x1b]0;x\x07",
            "eve\r",
            "eve\u{9b}",
            "eve\u{2067}",
            "eve\u{feff}",
            "",
        ] {
            let r = check_change(&version("A", bad)).unwrap_err();
            assert_eq!(r.what, "author", "{bad:?}");
        }
        assert!(check_change(&version("A", &"a".repeat(MAX_LABEL_LEN + 1))).is_err());
        check_change(&version("A", "zoë@laptop (home)")).unwrap();
        let env = wire::RemoteEnv {
            id: uuid::Uuid::nil(),
            project_id: uuid::Uuid::nil(),
            name: "dev".into(),
            parent_id: None,
            revision: 3,
            keys: vec![wire::WrappedKey {
                key_version: 1,
                recipient: "age1\x1b[2J".into(),
                wrapped: vec![],
            }],
            role: None,
            min_key_version: 0,
            serve_config: false,
        };
        assert_eq!(check_env(&env).unwrap_err().what, "recipient");
    }

    #[test]
    fn env_and_project_names_follow_the_rules_of_create() {
        let env = wire::RemoteEnv {
            id: uuid::Uuid::nil(),
            project_id: uuid::Uuid::nil(),
            name: "dev\n".into(),
            parent_id: None,
            revision: 0,
            keys: vec![],
            role: None,
            min_key_version: 0,
            serve_config: false,
        };
        assert_eq!(check_env(&env).unwrap_err().what, "environment");
        let p = wire::RemoteProject {
            id: uuid::Uuid::nil(),
            name: "../app".into(),
        };
        assert_eq!(check_project(&p).unwrap_err().what, "project");
    }
}
