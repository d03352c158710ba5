//! Recipient pins (teams, issue 11): the age recipients this device has agreed to wrap env
//! keys to, per server and user. The `team` layer decides what to pin (trust on first
//! use, or an explicit `device approve`); this file only stores and reads them, and
//! records each new pin in the audit chain so a pin nobody remembers making is visible.

use rusqlite::params;
use uuid::Uuid;

use super::{Result, Vault, audit, now_ms};

/// How a recipient came to be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PinSource {
    /// This device's own recipient.
    #[serde(rename = "self")]
    Own,
    /// The first recipient seen for a user nobody here had pinned.
    FirstUse,
    /// Confirmed by fingerprint (`device approve`).
    Approved,
}

impl PinSource {
    fn as_str(self) -> &'static str {
        match self {
            PinSource::Own => "self",
            PinSource::FirstUse => "first-use",
            PinSource::Approved => "approved",
        }
    }

    fn parse(s: &str) -> PinSource {
        match s {
            "self" => PinSource::Own,
            "approved" => PinSource::Approved,
            _ => PinSource::FirstUse,
        }
    }
}

/// One pinned recipient.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pin {
    /// The user on that server.
    pub user_id: Uuid,
    /// Their name when pinned (for messages only: ids decide).
    pub user_name: String,
    /// The device's name when pinned.
    pub device_name: String,
    /// The age recipient.
    pub recipient: String,
    /// How it was trusted.
    pub how: PinSource,
    /// When (ms since epoch).
    pub pinned_at: i64,
}

impl Vault {
    /// Every recipient pinned for users of `server_id`.
    pub fn pins(&self, server_id: Uuid) -> Result<Vec<Pin>> {
        let mut stmt = self.conn.prepare(
            "SELECT user_id, user_name, device_name, recipient, how, pinned_at FROM pins
             WHERE server_id = ?1 ORDER BY pinned_at, recipient",
        )?;
        let rows = stmt.query_map([server_id.to_string()], |r| {
            let user: String = r.get(0)?;
            let how: String = r.get(4)?;
            Ok(Pin {
                user_id: Uuid::parse_str(&user).unwrap_or_default(),
                user_name: r.get(1)?,
                device_name: r.get(2)?,
                recipient: r.get(3)?,
                how: PinSource::parse(&how),
                pinned_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Pins `recipient` for `user_id` on `server_id` (kept when already pinned). Needs an
    /// unlocked vault: the pin is audited. Returns whether it was new.
    pub fn add_pin(
        &mut self,
        server_id: Uuid,
        user_id: Uuid,
        user_name: &str,
        device_name: &str,
        recipient: &str,
        how: PinSource,
    ) -> Result<bool> {
        let tx = self.write_tx()?;
        let added = tx.execute(
            "INSERT INTO pins (server_id, user_id, recipient, user_name, device_name, how, pinned_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
            params![
                server_id.to_string(),
                user_id.to_string(),
                recipient,
                user_name,
                device_name,
                how.as_str(),
                now_ms()
            ],
        )? > 0;
        if added {
            let mut event = audit::Event::new("pin", "", "");
            event.detail = format!(
                "{} device {device_name} of {user_name} ({})",
                how.as_str(),
                crate::wire::team::fingerprint(recipient)
            );
            self.audit(&tx, &event)?;
        }
        tx.commit()?;
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_kept_per_server_and_user_and_audited_once() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, _u) = crate::vault::test_vault(&dir.path().join("a.db"));
        let (s1, s2, bob) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        assert!(
            v.add_pin(s1, bob, "bob", "bob@laptop", "age1b", PinSource::FirstUse)
                .unwrap()
        );
        assert!(
            !v.add_pin(s1, bob, "bob", "bob@laptop", "age1b", PinSource::Approved)
                .unwrap()
        );
        let pins = v.pins(s1).unwrap();
        assert_eq!(pins.len(), 1);
        assert_eq!(pins[0].how, PinSource::FirstUse);
        assert_eq!(pins[0].user_id, bob);
        assert!(v.pins(s2).unwrap().is_empty());
        let pinned = v
            .audit_log()
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "pin")
            .count();
        assert_eq!(pinned, 1);
    }
}
