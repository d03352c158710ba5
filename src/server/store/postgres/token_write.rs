//! A `--write` service token's push on PostgreSQL: the use checks and the write checks
//! (`store::token_write`) in one transaction, under the token's row lock, that also counts
//! the use; the caller then pushes as the token's creator. It never returns the share.

use std::net::IpAddr;

use super::*;
use crate::server::store::token_write::{Presented, WriteRefusal, check_write};
use crate::server::store::tokens::{self, Refusal, Refused};
use crate::wire::team::DeviceStatus;

impl PgStore {
    pub(super) async fn authorize_token_write(
        &self,
        id: &str,
        presented: Presented,
        client_ip: IpAddr,
        env: Uuid,
        names: Vec<String>,
        at: i64,
    ) -> Result<std::result::Result<Caller, WriteRefusal>> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let found = super::tokens::use_row(&tx, id, true).await?;
        let row = found.as_ref().map(|(r, _)| r);
        if let Err(r) = tokens::check_use(row, &presented.secret, client_ip, &presented.oidc, at) {
            return Ok(Err(WriteRefusal::Use(r)));
        }
        let (row, share) = found.expect("checked");
        if share.is_none() {
            return Ok(Err(WriteRefusal::Use(Refused {
                name: Some(row.name),
                why: Refusal::Revoked(0),
            })));
        }
        let own: Vec<Uuid> = tx
            .query(
                "SELECT env_id FROM service_token_envs WHERE token_id = $1",
                &[&id],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let approvals = super::proposals::approvals(&tx, env).await?;
        if let Err(w) = check_write(&row, &own, env, &names, approvals) {
            return Ok(Err(w));
        }
        tx.execute(
            "UPDATE service_tokens SET uses = uses + 1, last_used_at = $2 WHERE id = $1",
            &[&id, &at],
        )
        .await?;
        let r = tx
            .query_one(
                "SELECT u.id, u.name, u.admin FROM service_tokens t
                 JOIN users u ON u.id = t.created_by WHERE t.id = $1",
                &[&id],
            )
            .await?;
        let caller = Caller {
            user_id: r.get(0),
            user_name: r.get(1),
            admin: r.get(2),
            device_id: Uuid::nil(),
            device_name: format!("token:{}", row.name),
            recipient: String::new(),
            token_id: id.to_string(),
            status: DeviceStatus::Approved,
        };
        tx.commit().await?;
        Ok(Ok(caller))
    }
}
