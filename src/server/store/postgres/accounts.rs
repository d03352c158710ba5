//! Users, devices and tokens: bootstrap, invites, logins and revocation.

use super::audit::append_audit;
use super::*;

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
                        u.id, u.name, u.admin, d.id, d.name, d.recipient
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
            "INSERT INTO devices (id, user_id, name, recipient, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[&login.device_id, &user_id, &login.device_name, &login.recipient, &login.now],
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
        token: NewToken,
        now: i64,
    ) -> Result<()> {
        if !caller.admin {
            return Err(StoreError::Forbidden { project: None });
        }
        let client = self.pool.get().await?;
        if let Some(user) = user_id {
            let exists: bool = client
                .query_one("SELECT EXISTS(SELECT 1 FROM users WHERE id = $1)", &[&user])
                .await?
                .get(0);
            if !exists {
                return Err(StoreError::NotFound("user"));
            }
        }
        insert_token(&client, &token, TokenKind::Invite, user_id, None, now).await
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
