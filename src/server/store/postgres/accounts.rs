//! Users, devices and tokens: bootstrap, invites, logins and revocation.

use super::audit::append_audit;
use super::members::{
    admin_over, drop_device_keys, env_access, project_exists, project_role, set_member,
};
use super::*;
use crate::server::store::access::{self, device_target, parse_status};
use crate::wire::team::Role;

/// Columns of `devices d JOIN users u` that [`device_from_row`] reads, in order.
pub(super) const DEVICE_COLS: &str =
    "d.id, d.user_id, u.name, d.name, d.recipient, d.status, d.created_at";

pub(super) fn device_from_row(r: &Row) -> Device {
    Device {
        id: r.get(0),
        user_id: r.get(1),
        user_name: r.get(2),
        name: r.get(3),
        recipient: r.get(4),
        status: parse_status(r.get(5)),
        created_at: r.get(6),
    }
}

async fn device<C: GenericClient>(c: &C, id: Uuid) -> Result<Device> {
    let sql = format!(
        "SELECT {DEVICE_COLS} FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = $1"
    );
    let stmt = c.prepare_cached(&sql).await?;
    c.query_opt(&stmt, &[&id])
        .await?
        .map(|r| device_from_row(&r))
        .ok_or(StoreError::NotFound("device"))
}

/// The device, once the caller may manage it: its own user's approved devices, or an
/// admin over that user. Others learn nothing, not even that it exists.
async fn managed_device<C: GenericClient>(c: &C, caller: &Caller, id: Uuid) -> Result<Device> {
    let d = device(c, id).await?;
    let own = d.user_id == caller.user_id && caller.status == DeviceStatus::Approved;
    if own || admin_over(c, caller, d.user_id).await? {
        Ok(d)
    } else {
        Err(StoreError::NotFound("device"))
    }
}

/// Gives a new user the role their invite carries, if any.
async fn grant_invited<C: GenericClient>(
    c: &C,
    token_id: &str,
    user: Uuid,
    now: i64,
) -> Result<()> {
    let row = c
        .query_opt(
            "SELECT grant_project, grant_env, grant_role FROM tokens WHERE id = $1",
            &[&token_id],
        )
        .await?;
    let Some(row) = row else { return Ok(()) };
    let (project, env, role): (Option<Uuid>, Option<Uuid>, Option<String>) =
        (row.get(0), row.get(1), row.get(2));
    let (Some(project), Some(role)) = (project, role) else {
        return Ok(());
    };
    let role = Role::parse(&role).ok_or(StoreError::Backend(format!("bad role {role:?}")))?;
    set_member(c, env.unwrap_or(project), user, role, now).await
}

/// Checks who may create an invite (see [`Store::create_invite`]).
async fn may_invite<C: GenericClient>(
    c: &C,
    caller: &Caller,
    user_id: Option<Uuid>,
    grant: Option<&InviteGrant>,
) -> Result<()> {
    match (user_id, grant) {
        (Some(_), Some(_)) => Err(StoreError::Invalid(
            "a grant is for a new user; an existing user's device gets its user's roles".into(),
        )),
        (Some(user), None) if user == caller.user_id || caller.admin => Ok(()),
        (Some(_), None) | (None, None) if !caller.admin => Err(StoreError::forbidden(
            None,
            "only a server admin can invite a new user without a grant, or another user's device",
        )),
        (_, None) => Ok(()),
        (None, Some(g)) => {
            match g.env_id {
                Some(env) => {
                    let a = env_access(c, caller, env, false, Role::Admin, "inviting with a grant")
                        .await?;
                    if a.project != g.project_id {
                        return Err(StoreError::NotFound("environment"));
                    }
                }
                None => {
                    project_exists(c, g.project_id).await?;
                    let role = project_role(c, caller.user_id, g.project_id).await?;
                    access::require(
                        caller,
                        g.project_id,
                        role,
                        Role::Admin,
                        "inviting with a grant",
                    )?;
                }
            }
            Ok(())
        }
    }
}

pub(super) async fn insert_token<C: GenericClient>(
    c: &C,
    token: &NewToken,
    kind: TokenKind,
    user: Option<Uuid>,
    device: Option<Uuid>,
    now: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO tokens (id, hash, kind, user_id, device_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &token.id,
            &token.hash.as_slice(),
            &kind.as_str(),
            &user,
            &device,
            &now,
            &token.expires_at,
        ],
    )
    .await?;
    Ok(())
}

impl PgStore {
    pub(super) async fn has_users(&self) -> Result<bool> {
        let client = self.pool.get().await?;
        Ok(client
            .query_one("SELECT EXISTS(SELECT 1 FROM users)", &[])
            .await?
            .get(0))
    }

    pub(super) async fn install_bootstrap(&self, token: NewToken, now: i64) -> Result<bool> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Nodes starting together: one at a time decides whether the store is empty.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&(MIGRATION_LOCK + 1)])
            .await?;
        let users: bool = tx
            .query_one("SELECT EXISTS(SELECT 1 FROM users)", &[])
            .await?
            .get(0);
        if users {
            return Ok(false);
        }
        tx.execute(
            "UPDATE tokens SET revoked_at = $1
             WHERE kind = 'bootstrap' AND revoked_at IS NULL AND id <> $2",
            &[&now, &token.id],
        )
        .await?;
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM tokens WHERE id = $1)",
                &[&token.id],
            )
            .await?
            .get(0);
        if !exists {
            insert_token(&tx, &token, TokenKind::Bootstrap, None, None, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub(super) async fn token(&self, id: &str) -> Result<Option<TokenRecord>> {
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT t.id, t.hash, t.kind, t.expires_at,
                        t.revoked_at IS NOT NULL OR t.used_at IS NOT NULL,
                        u.id, u.name, u.admin, d.id, d.name, d.recipient, d.status
                 FROM tokens t
                 LEFT JOIN devices d ON d.id = t.device_id
                 LEFT JOIN users u ON u.id = d.user_id
                 WHERE t.id = $1",
            )
            .await?;
        let Some(r) = client.query_opt(&stmt, &[&id]).await? else {
            return Ok(None);
        };
        let Some(kind) = TokenKind::parse(r.get(2)) else {
            return Ok(None);
        };
        let caller = r.get::<_, Option<Uuid>>(5).map(|user_id| Caller {
            user_id,
            user_name: r.get(6),
            admin: r.get(7),
            device_id: r.get(8),
            device_name: r.get(9),
            recipient: r.get(10),
            token_id: r.get(0),
            status: parse_status(r.get(11)),
        });
        Ok(Some(TokenRecord {
            id: r.get(0),
            hash: r.get(1),
            kind,
            expires_at: r.get(3),
            spent: r.get(4),
            caller,
        }))
    }

    pub(super) async fn login(
        &self,
        token_id: &str,
        login: NewLogin,
        mut audit: AuditEvent,
    ) -> Result<LoginDone> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let row = tx
            .query_opt(
                "SELECT kind, user_id, revoked_at IS NOT NULL OR used_at IS NOT NULL
                 FROM tokens WHERE id = $1 FOR UPDATE",
                &[&token_id],
            )
            .await?
            .ok_or(StoreError::TokenSpent)?;
        let (kind, invite_user, spent): (String, Option<Uuid>, bool) =
            (row.get(0), row.get(1), row.get(2));
        if spent {
            return Err(StoreError::TokenSpent);
        }
        let kind = TokenKind::parse(&kind).ok_or(StoreError::TokenSpent)?;
        // Another device of an existing user waits for that user (or an admin) to approve
        // it; a new user's first device is the user.
        let status = if invite_user.is_some() {
            "pending"
        } else {
            "approved"
        };
        let (user_id, admin) = match (kind, invite_user) {
            (TokenKind::Device, _) => return Err(StoreError::TokenSpent),
            (_, Some(user)) => {
                let admin: bool = tx
                    .query_opt("SELECT admin FROM users WHERE id = $1", &[&user])
                    .await?
                    .ok_or(StoreError::NotFound("user"))?
                    .get(0);
                (user, admin)
            }
            (kind, None) => {
                let admin = kind == TokenKind::Bootstrap;
                if admin {
                    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&(MIGRATION_LOCK + 1)])
                        .await?;
                    let users: bool = tx
                        .query_one("SELECT EXISTS(SELECT 1 FROM users)", &[])
                        .await?
                        .get(0);
                    if users {
                        return Err(StoreError::TokenSpent);
                    }
                }
                let name = login.user_name.clone().ok_or_else(|| {
                    StoreError::Invalid("user_name is required to create a user".into())
                })?;
                let taken: bool = tx
                    .query_one(
                        "SELECT EXISTS(SELECT 1 FROM users WHERE name = $1)",
                        &[&name],
                    )
                    .await?
                    .get(0);
                if taken {
                    return Err(StoreError::Invalid(format!(
                        "the user name {name:?} is taken"
                    )));
                }
                tx.execute(
                    "INSERT INTO users (id, name, admin, created_at) VALUES ($1, $2, $3, $4)",
                    &[&login.user_id, &name, &admin, &login.now],
                )
                .await?;
                (login.user_id, admin)
            }
        };
        tx.execute(
            "INSERT INTO devices (id, user_id, name, recipient, created_at, status)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &login.device_id,
                &user_id,
                &login.device_name,
                &login.recipient,
                &login.now,
                &status,
            ],
        )
        .await?;
        insert_token(
            &tx,
            &login.token,
            TokenKind::Device,
            Some(user_id),
            Some(login.device_id),
            login.now,
        )
        .await?;
        grant_invited(&tx, token_id, user_id, login.now).await?;
        tx.execute(
            "UPDATE tokens SET used_at = $1 WHERE id = $2",
            &[&login.now, &token_id],
        )
        .await?;
        if kind == TokenKind::Bootstrap {
            tx.execute(
                "UPDATE tokens SET revoked_at = $1
                 WHERE kind = 'bootstrap' AND revoked_at IS NULL AND used_at IS NULL",
                &[&login.now],
            )
            .await?;
        }
        let user_name: String = tx
            .query_one("SELECT name FROM users WHERE id = $1", &[&user_id])
            .await?
            .get(0);
        audit.actor = user_name;
        audit.device = Some(login.device_name.clone());
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(LoginDone {
            user_id,
            device_id: login.device_id,
            admin,
        })
    }

    pub(super) async fn create_invite(
        &self,
        caller: &Caller,
        user_id: Option<Uuid>,
        grant: Option<InviteGrant>,
        token: NewToken,
        mut audit: AuditEvent,
    ) -> Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        may_invite(&tx, caller, user_id, grant.as_ref()).await?;
        if let Some(user) = user_id {
            let exists: bool = tx
                .query_one("SELECT EXISTS(SELECT 1 FROM users WHERE id = $1)", &[&user])
                .await?
                .get(0);
            if !exists {
                return Err(StoreError::NotFound("user"));
            }
        }
        insert_token(&tx, &token, TokenKind::Invite, user_id, None, audit.at).await?;
        if let Some(g) = grant {
            tx.execute(
                "UPDATE tokens SET grant_project = $1, grant_env = $2, grant_role = $3 WHERE id = $4",
                &[&g.project_id, &g.env_id, &g.role.as_str(), &token.id],
            )
            .await?;
            audit.project = Some(g.project_id);
            audit.env = g.env_id;
            audit.target = Some(format!("invite {}", token.id));
            audit.names = vec![g.role.to_string()];
            append_audit(&tx, &[audit]).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn devices(
        &self,
        caller: &Caller,
        user_name: Option<&str>,
    ) -> Result<Vec<Device>> {
        let c = self.pool.get().await?;
        let user = match user_name {
            None => caller.user_id,
            Some(name) => {
                let user: Option<Uuid> = c
                    .query_opt("SELECT id FROM users WHERE name = $1", &[&name])
                    .await?
                    .map(|r| r.get(0));
                match user {
                    Some(u) if u == caller.user_id || admin_over(&c, caller, u).await? => u,
                    _ => return Err(StoreError::NotFound("user")),
                }
            }
        };
        let sql = format!(
            "SELECT {DEVICE_COLS} FROM devices d JOIN users u ON u.id = d.user_id
             WHERE d.user_id = $1 ORDER BY d.created_at, d.id"
        );
        let stmt = c.prepare_cached(&sql).await?;
        Ok(c.query(&stmt, &[&user])
            .await?
            .iter()
            .map(device_from_row)
            .collect())
    }

    pub(super) async fn approve_device(
        &self,
        caller: &Caller,
        id: Uuid,
        mut audit: AuditEvent,
    ) -> Result<Device> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let mut d = managed_device(&tx, caller, id).await?;
        match d.status {
            DeviceStatus::Approved => return Ok(d),
            DeviceStatus::Revoked => {
                return Err(StoreError::Invalid(
                    "this device was revoked; log it in again with a new invite".into(),
                ));
            }
            DeviceStatus::Pending => {}
        }
        tx.execute(
            "UPDATE devices SET status = 'approved' WHERE id = $1 AND status = 'pending'",
            &[&id],
        )
        .await?;
        d.status = DeviceStatus::Approved;
        audit.target = Some(device_target(&d.user_name, &d.name));
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(d)
    }

    pub(super) async fn revoke_device(
        &self,
        caller: &Caller,
        id: Uuid,
        mut audit: AuditEvent,
    ) -> Result<AccessChange> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let d = managed_device(&tx, caller, id).await?;
        if d.status == DeviceStatus::Revoked {
            return Ok(AccessChange { rotate: Vec::new() });
        }
        tx.execute(
            "UPDATE devices SET status = 'revoked' WHERE id = $1",
            &[&id],
        )
        .await?;
        tx.execute(
            "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE device_id = $2",
            &[&audit.at, &id],
        )
        .await?;
        let change = drop_device_keys(&tx, &d.recipient).await?;
        audit.target = Some(device_target(&d.user_name, &d.name));
        append_audit(&tx, &[audit]).await?;
        tx.commit().await?;
        Ok(change)
    }

    pub(super) async fn revoke_token(
        &self,
        caller: &Caller,
        token_id: &str,
        now: i64,
    ) -> Result<()> {
        let client = self.pool.get().await?;
        let owner: Option<Option<Uuid>> = client
            .query_opt(
                "SELECT COALESCE(t.user_id, d.user_id) FROM tokens t
                 LEFT JOIN devices d ON d.id = t.device_id WHERE t.id = $1",
                &[&token_id],
            )
            .await?
            .map(|r| r.get(0));
        let Some(owner) = owner else {
            return Err(StoreError::NotFound("token"));
        };
        if !caller.admin && owner != Some(caller.user_id) {
            return Err(StoreError::NotFound("token"));
        }
        client
            .execute(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2",
                &[&now, &token_id],
            )
            .await?;
        Ok(())
    }
}
