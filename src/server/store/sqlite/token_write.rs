//! A `--write` service token's push on SQLite: the use checks and the write checks
//! (`store::token_write`) in one transaction that also counts the use; the caller then
//! pushes as the token's creator. It never returns the share.

use std::net::IpAddr;

use super::*;
use crate::server::store::token_write::{Presented, WriteRefusal, check_write};
use crate::server::store::tokens::{self, Refusal, Refused};
use crate::wire::team::DeviceStatus;

/// The token's own environments (not the inherited ones).
pub(super) fn own_envs(c: &Connection, id: &str) -> Result<Vec<Uuid>> {
    Ok(
        c.prepare_cached("SELECT env_id FROM service_token_envs WHERE token_id = ?1")?
            .query_map([id], |r| uuid_col(r, 0))?
            .collect::<rusqlite::Result<_>>()?,
    )
}

/// The token's creator as the caller its push acts as.
fn creator(c: &Connection, id: &str, token: &str) -> Result<Caller> {
    let (user_id, user_name, admin) = c.query_row(
        "SELECT u.id, u.name, u.admin FROM service_tokens t JOIN users u ON u.id = t.created_by
         WHERE t.id = ?1",
        [id],
        |r| {
            Ok((
                uuid_col(r, 0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        },
    )?;
    Ok(Caller {
        user_id,
        user_name,
        admin,
        device_id: Uuid::nil(),
        device_name: format!("token:{token}"),
        recipient: String::new(),
        token_id: id.to_string(),
        status: DeviceStatus::Approved,
    })
}

impl SqliteStore {
    pub(super) async fn authorize_token_write(
        &self,
        id: &str,
        presented: Presented,
        client: IpAddr,
        env: Uuid,
        names: Vec<String>,
        at: i64,
    ) -> Result<std::result::Result<Caller, WriteRefusal>> {
        let id = id.to_string();
        self.write(move |tx| {
            let row = super::tokens::use_row(tx, &id)?;
            if let Err(r) =
                tokens::check_use(row.as_ref(), &presented.secret, client, &presented.oidc, at)
            {
                return Ok(Err(WriteRefusal::Use(r)));
            }
            let row = row.expect("checked");
            let share: Option<Vec<u8>> = tx.query_row(
                "SELECT share FROM service_tokens WHERE id = ?1",
                [&id],
                |r| r.get(0),
            )?;
            if share.is_none() {
                return Ok(Err(WriteRefusal::Use(Refused {
                    name: Some(row.name),
                    why: Refusal::Revoked(0),
                })));
            }
            let approvals = super::proposals::approvals(tx, env)?;
            if let Err(w) = check_write(&row, &own_envs(tx, &id)?, env, &names, approvals) {
                return Ok(Err(w));
            }
            tx.execute(
                "UPDATE service_tokens SET uses = uses + 1, last_used_at = ?2 WHERE id = ?1",
                params![id, at],
            )?;
            Ok(Ok(creator(tx, &id, &row.name)?))
        })
        .await
    }
}
