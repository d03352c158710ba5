//! Users, devices and tokens: bootstrap, invites, logins and revocation.

use super::audit::append_audit;
use super::*;

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
                            u.id, u.name, u.admin, d.id, d.name, d.recipient
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
                "INSERT INTO devices (id, user_id, name, recipient, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    login.device_id.to_string(),
                    user_id.to_string(),
                    login.device_name,
                    login.recipient,
                    login.now
                ],
            )?;
            insert_token(tx, &login.token, TokenKind::Device, Some(user_id), Some(login.device_id), login.now)?;
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
        token: NewToken,
        now: i64,
    ) -> Result<()> {
        if !caller.admin {
            return Err(StoreError::Forbidden { project: None });
        }
        self.write(move |tx| {
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
            insert_token(tx, &token, TokenKind::Invite, user_id, None, now)
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
