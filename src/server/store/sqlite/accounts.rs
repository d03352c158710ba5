//! Users, devices and tokens: bootstrap, invites, logins and revocation.

use super::audit::append_audit;
use super::members::{admin_over, drop_device_keys, env_access, project_role, set_member};
use super::*;
use crate::server::store::access::{self, device_target, parse_status};
use crate::wire::team::Role;

/// Columns of `devices d JOIN users u` that [`device_from_row`] reads, in order.
pub(super) const DEVICE_COLS: &str =
    "d.id, d.user_id, u.name, d.name, d.recipient, d.status, d.created_at";

pub(super) fn device_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: uuid_col(r, 0)?,
        user_id: uuid_col(r, 1)?,
        user_name: r.get(2)?,
        name: r.get(3)?,
        recipient: r.get(4)?,
        status: parse_status(&r.get::<_, String>(5)?),
        created_at: r.get(6)?,
    })
}

fn device(conn: &Connection, id: Uuid) -> Result<Device> {
    let sql = format!(
        "SELECT {DEVICE_COLS} FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?1"
    );
    conn.prepare_cached(&sql)?
        .query_row([id.to_string()], device_from_row)
        .optional()?
        .ok_or(StoreError::NotFound("device"))
}

/// The device, once the caller may manage it: its own user's approved devices, or an
/// admin over that user. Others learn nothing, not even that it exists.
fn managed_device(conn: &Connection, caller: &Caller, id: Uuid) -> Result<Device> {
    let d = device(conn, id)?;
    let own = d.user_id == caller.user_id && caller.status == DeviceStatus::Approved;
    if own || admin_over(conn, caller, d.user_id)? {
        Ok(d)
    } else {
        Err(StoreError::NotFound("device"))
    }
}

/// Gives a new user the role their invite carries, if any.
fn grant_invited(tx: &Transaction<'_>, token_id: &str, user: Uuid, now: i64) -> Result<()> {
    let grant: Option<(Option<String>, Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT grant_project, grant_env, grant_role FROM tokens WHERE id = ?1",
            [token_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((Some(project), env, Some(role))) = grant else {
        return Ok(());
    };
    let role = Role::parse(&role).ok_or(StoreError::Backend(format!("bad role {role:?}")))?;
    let scope = parse_uuid(env.as_deref().unwrap_or(&project))?;
    set_member(tx, scope, user, role, now)
}

/// Checks who may create an invite (see [`Store::create_invite`]).
fn may_invite(
    conn: &Connection,
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
                    let a = env_access(conn, caller, env, Role::Admin, "inviting with a grant")?;
                    if a.project != g.project_id {
                        return Err(StoreError::NotFound("environment"));
                    }
                }
                None => {
                    let exists: bool = conn
                        .prepare_cached("SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1)")?
                        .query_row([g.project_id.to_string()], |r| r.get(0))?;
                    if !exists {
                        return Err(StoreError::NotFound("project"));
                    }
                    let role = project_role(conn, caller.user_id, g.project_id)?;
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

pub(super) fn insert_token(
    tx: &Transaction<'_>,
    token: &NewToken,
    kind: TokenKind,
    user: Option<Uuid>,
    device: Option<Uuid>,
    now: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO tokens (id, hash, kind, user_id, device_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            token.id,
            token.hash.to_vec(),
            kind.as_str(),
            user.map(|u| u.to_string()),
            device.map(|d| d.to_string()),
            now,
            token.expires_at
        ],
    )?;
    Ok(())
}

impl SqliteStore {
    pub(super) async fn has_users(&self) -> Result<bool> {
        self.read(|c| Ok(c.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?))
            .await
    }

    pub(super) async fn install_bootstrap(&self, token: NewToken, now: i64) -> Result<bool> {
        self.write(move |tx| {
            let users: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?;
            if users {
                return Ok(false);
            }
            tx.execute(
                "UPDATE tokens SET revoked_at = ?1
                 WHERE kind = 'bootstrap' AND revoked_at IS NULL AND id <> ?2",
                params![now, token.id],
            )?;
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM tokens WHERE id = ?1)",
                [&token.id],
                |r| r.get(0),
            )?;
            if !exists {
                insert_token(tx, &token, TokenKind::Bootstrap, None, None, now)?;
            }
            Ok(true)
        })
        .await
    }

    pub(super) async fn token(&self, id: &str) -> Result<Option<TokenRecord>> {
        let id = id.to_string();
        self.read(move |c| {
            let row = c
                .prepare_cached(
                    "SELECT t.id, t.hash, t.kind, t.expires_at,
                            t.revoked_at IS NOT NULL OR t.used_at IS NOT NULL,
                            u.id, u.name, u.admin, d.id, d.name, d.recipient, d.status
                     FROM tokens t
                     LEFT JOIN devices d ON d.id = t.device_id
                     LEFT JOIN users u ON u.id = d.user_id
                     WHERE t.id = ?1",
                )?
                .query_row([&id], |r| {
                    let caller = match opt_uuid_col(r, 5)? {
                        Some(user_id) => Some(Caller {
                            user_id,
                            user_name: r.get(6)?,
                            admin: r.get(7)?,
                            device_id: uuid_col(r, 8)?,
                            device_name: r.get(9)?,
                            recipient: r.get(10)?,
                            token_id: r.get(0)?,
                            status: parse_status(&r.get::<_, String>(11)?),
                        }),
                        None => None,
                    };
                    let kind: String = r.get(2)?;
                    Ok((
                        TokenRecord {
                            id: r.get(0)?,
                            hash: r.get(1)?,
                            kind: TokenKind::Device,
                            expires_at: r.get(3)?,
                            spent: r.get(4)?,
                            caller,
                        },
                        kind,
                    ))
                })
                .optional()?;
            Ok(row.and_then(|(mut t, kind)| {
                t.kind = TokenKind::parse(&kind)?;
                Some(t)
            }))
        })
        .await
    }

    pub(super) async fn login(
        &self,
        token_id: &str,
        login: NewLogin,
        mut audit: AuditEvent,
    ) -> Result<LoginDone> {
        let token_id = token_id.to_string();
        self.write(move |tx| {
            let row: Option<(String, Option<String>, bool)> = tx
                .query_row(
                    "SELECT kind, user_id, revoked_at IS NOT NULL OR used_at IS NOT NULL
                     FROM tokens WHERE id = ?1",
                    [&token_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((kind, invite_user, spent)) = row else {
                return Err(StoreError::TokenSpent);
            };
            if spent {
                return Err(StoreError::TokenSpent);
            }
            let kind = TokenKind::parse(&kind).ok_or(StoreError::TokenSpent)?;
            // Another device of an existing user waits for that user (or an admin) to approve
            // it; a new user's first device is the user.
            let status = if invite_user.is_some() { "pending" } else { "approved" };
            let (user_id, admin) = match (kind, invite_user) {
                (TokenKind::Device, _) => return Err(StoreError::TokenSpent),
                (_, Some(user)) => {
                    let user = parse_uuid(&user)?;
                    let admin: bool = tx
                        .query_row("SELECT admin FROM users WHERE id = ?1", [user.to_string()], |r| r.get(0))
                        .optional()?
                        .ok_or(StoreError::NotFound("user"))?;
                    (user, admin)
                }
                (kind, None) => {
                    let admin = kind == TokenKind::Bootstrap;
                    if admin {
                        let users: bool =
                            tx.query_row("SELECT EXISTS(SELECT 1 FROM users)", [], |r| r.get(0))?;
                        if users {
                            return Err(StoreError::TokenSpent);
                        }
                    }
                    let name = login.user_name.clone().ok_or_else(|| {
                        StoreError::Invalid("user_name is required to create a user".into())
                    })?;
                    let taken: bool = tx.query_row(
                        "SELECT EXISTS(SELECT 1 FROM users WHERE name = ?1)",
                        [&name],
                        |r| r.get(0),
                    )?;
                    if taken {
                        return Err(StoreError::Invalid(format!("the user name {name:?} is taken")));
                    }
                    tx.execute(
                        "INSERT INTO users (id, name, admin, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![login.user_id.to_string(), name, admin, login.now],
                    )?;
                    (login.user_id, admin)
                }
            };
            tx.execute(
                "INSERT INTO devices (id, user_id, name, recipient, created_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    login.device_id.to_string(),
                    user_id.to_string(),
                    login.device_name,
                    login.recipient,
                    login.now,
                    status
                ],
            )?;
            insert_token(tx, &login.token, TokenKind::Device, Some(user_id), Some(login.device_id), login.now)?;
            grant_invited(tx, &token_id, user_id, login.now)?;
            // One use; a bootstrap login also retires every other bootstrap token.
            tx.execute("UPDATE tokens SET used_at = ?1 WHERE id = ?2", params![login.now, token_id])?;
            if kind == TokenKind::Bootstrap {
                tx.execute(
                    "UPDATE tokens SET revoked_at = ?1 WHERE kind = 'bootstrap' AND revoked_at IS NULL AND used_at IS NULL",
                    params![login.now],
                )?;
            }
            let user_name: String =
                tx.query_row("SELECT name FROM users WHERE id = ?1", [user_id.to_string()], |r| r.get(0))?;
            audit.actor = user_name;
            audit.device = Some(login.device_name.clone());
            append_audit(tx, &[audit])?;
            Ok(LoginDone {
                user_id,
                device_id: login.device_id,
                admin,
            })
        })
        .await
    }

    pub(super) async fn create_invite(
        &self,
        caller: &Caller,
        user_id: Option<Uuid>,
        grant: Option<InviteGrant>,
        token: NewToken,
        mut audit: AuditEvent,
    ) -> Result<()> {
        let caller = caller.clone();
        self.write(move |tx| {
            may_invite(tx, &caller, user_id, grant.as_ref())?;
            if let Some(user) = user_id {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS(SELECT 1 FROM users WHERE id = ?1)",
                    [user.to_string()],
                    |r| r.get(0),
                )?;
                if !exists {
                    return Err(StoreError::NotFound("user"));
                }
            }
            insert_token(tx, &token, TokenKind::Invite, user_id, None, audit.at)?;
            let Some(g) = grant else { return Ok(()) };
            tx.execute(
                "UPDATE tokens SET grant_project = ?1, grant_env = ?2, grant_role = ?3 WHERE id = ?4",
                params![
                    g.project_id.to_string(),
                    g.env_id.map(|e| e.to_string()),
                    g.role.as_str(),
                    token.id
                ],
            )?;
            audit.project = Some(g.project_id);
            audit.env = g.env_id;
            audit.target = Some(format!("invite {}", token.id));
            audit.names = vec![g.role.to_string()];
            append_audit(tx, &[audit])
        })
        .await
    }

    pub(super) async fn devices(
        &self,
        caller: &Caller,
        user_name: Option<&str>,
    ) -> Result<Vec<Device>> {
        let (caller, user_name) = (caller.clone(), user_name.map(str::to_string));
        self.read(move |c| {
            let user = match user_name {
                None => caller.user_id,
                Some(name) => {
                    let user: Option<Uuid> = c
                        .prepare_cached("SELECT id FROM users WHERE name = ?1")?
                        .query_row([&name], |r| uuid_col(r, 0))
                        .optional()?;
                    match user {
                        Some(u) if u == caller.user_id || admin_over(c, &caller, u)? => u,
                        _ => return Err(StoreError::NotFound("user")),
                    }
                }
            };
            let sql = format!(
                "SELECT {DEVICE_COLS} FROM devices d JOIN users u ON u.id = d.user_id
                 WHERE d.user_id = ?1 ORDER BY d.created_at, d.id"
            );
            Ok(c.prepare_cached(&sql)?
                .query_map([user.to_string()], device_from_row)?
                .collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub(super) async fn approve_device(
        &self,
        caller: &Caller,
        id: Uuid,
        mut audit: AuditEvent,
    ) -> Result<Device> {
        let caller = caller.clone();
        self.write(move |tx| {
            let mut d = managed_device(tx, &caller, id)?;
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
                "UPDATE devices SET status = 'approved' WHERE id = ?1",
                [id.to_string()],
            )?;
            d.status = DeviceStatus::Approved;
            audit.target = Some(device_target(&d.user_name, &d.name));
            append_audit(tx, &[audit])?;
            Ok(d)
        })
        .await
    }

    pub(super) async fn revoke_device(
        &self,
        caller: &Caller,
        id: Uuid,
        mut audit: AuditEvent,
    ) -> Result<AccessChange> {
        let caller = caller.clone();
        self.write(move |tx| {
            let d = managed_device(tx, &caller, id)?;
            if d.status == DeviceStatus::Revoked {
                return Ok(AccessChange { rotate: Vec::new() });
            }
            tx.execute(
                "UPDATE devices SET status = 'revoked' WHERE id = ?1",
                [id.to_string()],
            )?;
            tx.execute(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?1) WHERE device_id = ?2",
                params![audit.at, id.to_string()],
            )?;
            let change = drop_device_keys(tx, &d.recipient)?;
            audit.target = Some(device_target(&d.user_name, &d.name));
            append_audit(tx, &[audit])?;
            Ok(change)
        })
        .await
    }

    pub(super) async fn revoke_token(
        &self,
        caller: &Caller,
        token_id: &str,
        now: i64,
    ) -> Result<()> {
        let (caller, token_id) = (caller.clone(), token_id.to_string());
        self.write(move |tx| {
            let owner: Option<Option<String>> = tx
                .query_row(
                    "SELECT COALESCE(t.user_id, d.user_id) FROM tokens t
                     LEFT JOIN devices d ON d.id = t.device_id WHERE t.id = ?1",
                    [&token_id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(owner) = owner else {
                return Err(StoreError::NotFound("token"));
            };
            if !caller.admin && owner != Some(caller.user_id.to_string()) {
                return Err(StoreError::NotFound("token"));
            }
            tx.execute(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?1) WHERE id = ?2",
                params![now, token_id],
            )?;
            Ok(())
        })
        .await
    }
}
