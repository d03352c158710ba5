//! What a new login means for keys: a device logged in with an `invite --self` token is
//! pending and receives nothing until approved. From its side, the user's devices already
//! approved are pinned on first use (they hold the keys this device will need, and a
//! rotation made here must reach them), with this device's own recipient.

use super::grants::pin_self;
use super::{Result, api};
use crate::sync::Connection;
use crate::vault::{PinSource, Vault};
use crate::wire::WhoAmI;
use crate::wire::team::{DeviceStatus, fingerprint};

/// Where a fresh login stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginState {
    /// The user's name on the server.
    pub user_name: String,
    /// Waiting for approval.
    pub pending: bool,
    /// This device's fingerprint, to compare on the approving device.
    pub fingerprint: String,
    /// The user's other approved devices pinned now (name, fingerprint).
    pub pinned: Vec<(String, String)>,
}

/// Asks the server about this login and pins what it should.
pub fn after_login(vault: &mut Vault, conn: &mut Connection) -> Result<LoginState> {
    let me: WhoAmI = conn.transport.get("v1/whoami")?;
    pin_self(vault, conn)?;
    let pending = me.device_status == Some(DeviceStatus::Pending);
    let mut pinned = Vec::new();
    let devices = match api::devices(conn, None) {
        Ok(d) => d,
        Err(super::TeamError::Sync(crate::sync::SyncError::NotFound { .. })) => Vec::new(),
        Err(e) => return Err(e),
    };
    let known = vault.pins(conn.remote.server_id)?;
    let first_time = !known
        .iter()
        .any(|p| p.user_id == conn.remote.user_id && p.how != PinSource::Own);
    for d in devices {
        if first_time
            && d.user_id == conn.remote.user_id
            && d.id != conn.remote.device_id
            && d.status == DeviceStatus::Approved
            && vault.add_pin(
                conn.remote.server_id,
                d.user_id,
                &d.user_name,
                &d.name,
                &d.recipient,
                PinSource::FirstUse,
            )?
        {
            pinned.push((d.name.clone(), fingerprint(&d.recipient)));
        }
    }
    Ok(LoginState {
        user_name: me.user_name,
        pending,
        fingerprint: fingerprint(&conn.identity.recipient()),
        pinned,
    })
}
