//! Which recipients may receive env keys (decision 8 of docs/teams.md): the pure rules.
//!
//! A recipient is trusted when this vault pinned it for that user. A user seen for the
//! first time has every recipient listed for them pinned on first use (the fingerprint is
//! shown, so a later comparison can still catch a lie). Any other recipient is
//! unconfirmed and gets nothing until a person compares fingerprints: a server that adds
//! its own key to a known user, or moves a key pinned for one user to another, collects
//! no wrap.

use uuid::Uuid;

use crate::vault::Pin;
use crate::wire::team::{Recipient, fingerprint};

/// What this vault makes of one recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trust {
    /// Pinned here (or this device's own): may receive keys.
    Pinned,
    /// The user's first recipients seen here: pinned now, may receive keys.
    FirstUse,
    /// A new recipient of a user who has pins here: no key until confirmed.
    Unconfirmed,
}

/// One recipient with its verdict.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Seen {
    /// The user's name as the server gave it (checked, shown only).
    pub user_name: String,
    /// The device's name.
    pub device_name: String,
    /// Its short fingerprint.
    pub fingerprint: String,
    /// The verdict.
    pub trust: Trust,
}

/// Judges each recipient against the pins of this server. `me` is this vault's user and
/// `mine` its own recipient, always trusted for `me`.
pub fn classify(recipients: &[Recipient], pins: &[Pin], me: Uuid, mine: &str) -> Vec<Trust> {
    recipients
        .iter()
        .map(|r| {
            let own = r.user_id == me && r.recipient == mine;
            if own
                || pins
                    .iter()
                    .any(|p| p.user_id == r.user_id && p.recipient == r.recipient)
            {
                Trust::Pinned
            } else if r.user_id != me
                && !pins.iter().any(|p| p.user_id == r.user_id)
                && !pins.iter().any(|p| p.recipient == r.recipient)
            {
                Trust::FirstUse
            } else {
                Trust::Unconfirmed
            }
        })
        .collect()
}

/// `r` with its verdict, for reports.
pub fn seen(r: &Recipient, trust: Trust) -> Seen {
    Seen {
        user_name: r.user_name.clone(),
        device_name: r.device_name.clone(),
        fingerprint: fingerprint(&r.recipient),
        trust,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::PinSource;

    fn recipient(user: u128, name: &str, key: &str) -> Recipient {
        Recipient {
            user_id: Uuid::from_u128(user),
            user_name: name.into(),
            device_id: Uuid::new_v4(),
            device_name: format!("{name}@box"),
            recipient: key.into(),
            key_versions: vec![],
        }
    }

    fn pin(user: u128, key: &str) -> Pin {
        Pin {
            user_id: Uuid::from_u128(user),
            user_name: "x".into(),
            device_name: "x@box".into(),
            recipient: key.into(),
            how: PinSource::FirstUse,
            pinned_at: 0,
        }
    }

    const ME: u128 = 1;

    #[test]
    fn own_recipient_and_pinned_ones_are_trusted() {
        let rs = [
            recipient(ME, "me", "age1mine"),
            recipient(2, "bob", "age1bob"),
        ];
        let pins = [pin(2, "age1bob")];
        assert_eq!(
            classify(&rs, &pins, Uuid::from_u128(ME), "age1mine"),
            [Trust::Pinned, Trust::Pinned]
        );
    }

    #[test]
    fn a_user_seen_for_the_first_time_is_pinned_on_first_use() {
        let rs = [recipient(2, "bob", "age1b1"), recipient(2, "bob", "age1b2")];
        assert_eq!(
            classify(&rs, &[], Uuid::from_u128(ME), "age1mine"),
            [Trust::FirstUse, Trust::FirstUse]
        );
    }

    #[test]
    fn a_new_recipient_for_a_known_user_is_unconfirmed() {
        let rs = [
            recipient(2, "bob", "age1bob"),
            recipient(2, "bob", "age1evil"),
        ];
        let pins = [pin(2, "age1bob")];
        assert_eq!(
            classify(&rs, &pins, Uuid::from_u128(ME), "age1mine"),
            [Trust::Pinned, Trust::Unconfirmed]
        );
    }

    #[test]
    fn another_device_of_my_own_user_needs_approval() {
        let rs = [recipient(ME, "me", "age1other")];
        assert_eq!(
            classify(&rs, &[], Uuid::from_u128(ME), "age1mine"),
            [Trust::Unconfirmed]
        );
    }

    #[test]
    fn a_key_pinned_for_one_user_is_not_trusted_under_another_name() {
        // A removed user's key, listed by the server as a new user's device.
        let rs = [recipient(3, "carol", "age1bob")];
        let pins = [pin(2, "age1bob")];
        assert_eq!(
            classify(&rs, &pins, Uuid::from_u128(ME), "age1mine"),
            [Trust::Unconfirmed]
        );
    }
}
