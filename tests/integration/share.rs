//! Share links (issue 14, docs/share.md) against the real `secretscli server`, on SQLite
//! and PostgreSQL: alice (admin) pushes app/dev; bob is a writer there, carol a viewer.
//! Links are opened by `share open` from an empty HOME and by plain HTTP, the way a
//! browser's page does; the browser itself is in `share_browser.rs`.

use std::collections::HashMap;

use secretscli::vault::Vault;
use uuid::Uuid;

use crate::server::{Backend, Storage};
use crate::sync::{Server, ok, run};
use crate::util::{PASS, TestEnv};

/// The value alice shares.
pub(crate) const VALUE: &str = "sk_live_share_me_4242";

pub(crate) struct Setup {
    pub(crate) server: Server,
    pub(crate) alice: TestEnv,
    bob: TestEnv,
    carol: TestEnv,
    db: Db,
}

enum Db {
    Sqlite,
    Postgres { url: String, _schema: Storage },
}

pub(crate) fn on_both(case: fn(&Setup)) {
    case(&setup(Db::Sqlite));
    if let Some(storage) = Storage::postgres() {
        let Backend::Postgres(url) = storage.backend.clone() else {
            unreachable!("a PostgreSQL storage")
        };
        case(&setup(Db::Postgres {
            url,
            _schema: storage,
        }));
    }
}

/// A setup on SQLite only (the browser tests).
pub(crate) fn sqlite() -> Setup {
    setup(Db::Sqlite)
}

fn login(home: &TestEnv, server: &Server, token: &str, user: &str) {
    ok(
        home,
        &[
            "login",
            &server.url(),
            "--name",
            &format!("{user}@laptop"),
            "--user",
            user,
        ],
        &[("SECRETSCLI_TOKEN", token)],
    );
}

fn invite(alice: &TestEnv, user: &str, role: &str) -> String {
    let r = ok(
        alice,
        &["invite", "--user", user, "--role", role, "-e", "dev"],
        &[],
    );
    r.stdout().trim().to_string()
}

fn setup(db: Db) -> Setup {
    let server = Server::start_with(match &db {
        Db::Sqlite => None,
        Db::Postgres { url, .. } => Some(url.clone()),
    });
    let alice = TestEnv::unlocked();
    login(&alice, &server, &server.bootstrap, "alice");
    alice.set("API_KEY", VALUE);
    alice.set("OTHER", "other-value");
    ok(&alice, &["push"], &[]);
    let bob = TestEnv::unlocked();
    login(&bob, &server, &invite(&alice, "bob", "writer"), "bob");
    let carol = TestEnv::unlocked();
    login(&carol, &server, &invite(&alice, "carol", "viewer"), "carol");
    ok(&alice, &["member", "list"], &[]);
    ok(&bob, &["pull"], &[]);
    Setup {
        server,
        alice,
        bob,
        carol,
        db,
    }
}

impl Setup {
    /// `share create KEY EXTRA...` by `who`: the link.
    pub(crate) fn create(&self, who: &TestEnv, key: &str, extra: &[&str]) -> String {
        let mut args = vec!["share", "create", key];
        args.extend_from_slice(extra);
        let r = ok(who, &args, &[]);
        let link = r.stdout().trim().to_string();
        assert!(
            link.starts_with(&format!("{}/s/", self.server.url())),
            "{link}"
        );
        link
    }

    /// The PostgreSQL URL, when the store is PostgreSQL.
    fn db_url(&self) -> Option<&str> {
        match &self.db {
            Db::Sqlite => None,
            Db::Postgres { url, .. } => Some(url),
        }
    }

    /// Runs SQL on the server's store (`?1` is `param`).
    fn exec(&self, sql: &str, param: &str) {
        match &self.db {
            Db::Sqlite => {
                self.server.db().execute(sql, [param]).unwrap();
            }
            Db::Postgres { url, .. } => {
                crate::teams::pg_rows(url, &sql.replace("?1", "$1"), &[param]);
            }
        }
    }

    /// Every byte the store holds about shares and the audit.
    fn store_text(&self) -> Vec<u8> {
        match &self.db {
            Db::Sqlite => {
                let mut all = Vec::new();
                for entry in walk(&self.server.data.path().join("store")) {
                    all.extend(std::fs::read(entry).unwrap_or_default());
                }
                all
            }
            Db::Postgres { url, .. } => {
                let mut all = Vec::new();
                for sql in [
                    "SELECT concat_ws('|', id, name, encode(coalesce(envelope, ''::bytea), 'base64')) FROM shares",
                    "SELECT concat_ws('|', actor, action, names, client, coalesce(target, '')) FROM audit",
                ] {
                    for row in crate::teams::pg_rows(url, sql, &[]) {
                        all.extend(row.get::<_, String>(0).into_bytes());
                    }
                }
                all
            }
        }
    }

    /// Audit entries `(actor, action, names, allowed, target)` of shares.
    fn share_audit(&self) -> Vec<(String, String, String, bool, String)> {
        let sql = "SELECT actor, action, names, allowed, coalesce(target, '') FROM audit
                   WHERE action LIKE 'share%' ORDER BY seq";
        match &self.db {
            Db::Sqlite => {
                let db = self.server.db();
                let mut stmt = db.prepare(sql).unwrap();
                stmt.query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect()
            }
            Db::Postgres { url, .. } => crate::teams::pg_rows(url, sql, &[])
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
                .collect(),
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// What the server logged so far.
fn log_text(server: &Server) -> String {
    let lines = server
        .lines
        .as_ref()
        .map(|rx| rx.try_iter().collect::<Vec<_>>());
    lines.unwrap_or_default().join("\n")
}

/// The id (after /s/) and key (after #) of a link.
fn parts(link: &str) -> (String, String) {
    let (page, key) = link.split_once('#').unwrap();
    (
        page.rsplit('/').next().unwrap().to_string(),
        key.to_string(),
    )
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// This home's API token for its only server.
fn api_token(home: &TestEnv) -> String {
    let vault = Vault::open(&home.vault_path()).unwrap();
    let unlocked = vault.unlock_with_passphrase(PASS.as_bytes()).unwrap();
    let remote = vault.remotes().unwrap().remove(0);
    let token = vault.remote_token(&unlocked, &remote).unwrap();
    token.expose_str().unwrap().to_string()
}

fn env_id(home: &TestEnv) -> Uuid {
    let vault = Vault::open(&home.vault_path()).unwrap();
    let project = vault.project("app").unwrap();
    vault.env(&project, "dev").unwrap().id
}

/// `share open LINK` from a home with no vault, with `stdin`.
fn open(link: &str, stdin: &str) -> crate::util::Run {
    TestEnv::new().run_stdin(&["share", "open", link], stdin)
}

#[test]
fn a_link_opens_once_anywhere_then_says_it_was_used() {
    on_both(|s| {
        let link = s.create(&s.alice, "API_KEY", &[]);
        let (id, key) = parts(&link);
        assert_eq!((id.len(), key.len()), (22, 43), "{link}");
        let first = open(&link, "");
        assert_eq!(first.code, 0, "{}", first.stderr);
        assert_eq!(first.stdout(), VALUE);
        let again = open(&link, "");
        assert_eq!(again.code, 9, "{}", again.stderr);
        assert!(
            again
                .stderr
                .contains("no longer works: every view it allowed was used"),
            "{}",
            again.stderr
        );
        let page = http()
            .get(format!("{}/s/{id}", s.server.url()))
            .send()
            .unwrap();
        assert_eq!(page.status().as_u16(), 410);
        assert!(page.text().unwrap().contains("This link was already used"));
        // The server holds neither the value nor the key, and forgot the ciphertext.
        let stored = s.store_text();
        for secret in [VALUE, &key] {
            let found = stored.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "the store holds {secret}");
        }
        assert!(!log_text(&s.server).contains(&key), "the log holds the key");
        let audit = s.share_audit();
        let actions: Vec<(&str, &str, bool)> = audit
            .iter()
            .map(|(actor, action, _, allowed, _)| (actor.as_str(), action.as_str(), *allowed))
            .collect();
        assert_eq!(
            actions,
            [
                ("alice", "share_create", true),
                ("anonymous", "share_view", true),
                ("anonymous", "share_view", false),
            ]
        );
        assert!(
            audit
                .iter()
                .all(|a| a.2.contains("API_KEY") && a.4 == format!("share {id}"))
        );
    });
}

#[test]
fn loading_the_page_counts_no_view_and_it_is_locked_down() {
    on_both(|s| {
        let link = s.create(&s.alice, "API_KEY", &["--views", "1"]);
        let (id, _) = parts(&link);
        for _ in 0..3 {
            let page = http()
                .get(format!("{}/s/{id}", s.server.url()))
                .send()
                .unwrap();
            assert_eq!(page.status().as_u16(), 200);
            let h = page.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(
                csp.starts_with("default-src 'none'; script-src 'sha256-"),
                "{csp}"
            );
            assert!(
                csp.contains("connect-src 'self'") && !csp.contains("unsafe"),
                "{csp}"
            );
            assert_eq!(h["referrer-policy"], "no-referrer");
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert_eq!(h["cache-control"], "no-store");
            let html = page.text().unwrap();
            assert!(html.contains("Reveal") && !html.contains("http"), "{html}");
        }
        let opened = open(&link, "");
        assert_eq!(opened.stdout(), VALUE, "{}", opened.stderr);
    });
}

#[test]
fn parallel_reveals_never_exceed_the_view_limit() {
    on_both(|s| {
        let link = s.create(&s.alice, "API_KEY", &["--views", "3"]);
        let (id, _) = parts(&link);
        // On PostgreSQL, half the requests go to a second node on the same database.
        let second = s.db_url().map(|_| s.server.another_node());
        let urls: Vec<String> = std::iter::once(s.server.url())
            .chain(second.as_ref().map(Server::url))
            .collect();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(24));
        let handles: Vec<_> = (0..24)
            .map(|i| {
                let url = format!("{}/v1/shares/{id}/reveal", urls[i % urls.len()]);
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let client = http();
                    barrier.wait();
                    client.post(url).send().unwrap().status().as_u16()
                })
            })
            .collect();
        let mut counts: HashMap<u16, usize> = HashMap::new();
        for h in handles {
            *counts.entry(h.join().unwrap()).or_default() += 1;
        }
        assert_eq!(counts.get(&200), Some(&3), "{counts:?}");
        assert_eq!(counts.get(&410), Some(&21), "{counts:?}");
    });
}

#[test]
fn a_password_is_part_of_the_key_and_a_wrong_one_opens_nothing() {
    on_both(|s| {
        let r = s.alice.run_with(
            &[
                "share",
                "create",
                "API_KEY",
                "--password",
                "--views",
                "2",
                "--pbkdf2-iterations",
                "10000",
            ],
            "tr0ub4dor\n",
            &[],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("password needed"), "{}", r.stderr);
        let link = r.stdout().trim().to_string();
        let wrong = open(&link, "guess\n");
        assert_eq!(wrong.code, 9, "{}", wrong.stderr);
        assert!(
            wrong
                .stderr
                .contains("the password does not open this link"),
            "{}",
            wrong.stderr
        );
        assert_eq!(wrong.stdout(), "");
        let right = open(&link, "tr0ub4dor\n");
        assert_eq!(
            (right.code, right.stdout().as_str()),
            (0, VALUE),
            "{}",
            right.stderr
        );
    });
}

#[test]
fn revoked_and_expired_links_answer_410_and_list_shows_why() {
    on_both(|s| {
        let revoked = s.create(&s.alice, "API_KEY", &["--expires", "10m", "--views", "5"]);
        let expired = s.create(&s.alice, "OTHER", &[]);
        let (rid, _) = parts(&revoked);
        let (eid, _) = parts(&expired);
        let out = ok(&s.alice, &["share", "revoke", &rid], &[]);
        assert!(
            out.stderr
                .contains(&format!("revoked link {rid} of API_KEY")),
            "{}",
            out.stderr
        );
        s.exec("UPDATE shares SET expires_at = 1 WHERE id = ?1", &eid);
        let r = open(&revoked, "");
        assert_eq!(r.code, 9);
        assert!(r.stderr.contains("its creator revoked it"), "{}", r.stderr);
        let e = open(&expired, "");
        assert!(e.stderr.contains("it expired"), "{}", e.stderr);
        for (id, words) in [
            (&rid, "This link was revoked"),
            (&eid, "This link has expired"),
        ] {
            let page = http()
                .get(format!("{}/s/{id}", s.server.url()))
                .send()
                .unwrap();
            assert_eq!(page.status().as_u16(), 410);
            assert!(page.text().unwrap().contains(words));
        }
        let listed: serde_json::Value =
            serde_json::from_str(&ok(&s.alice, &["share", "list", "--json"], &[]).stdout())
                .unwrap();
        let states: Vec<(&str, &str)> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["name"].as_str().unwrap(), s["state"].as_str().unwrap()))
            .collect();
        assert_eq!(states, [("API_KEY", "revoked"), ("OTHER", "expired")]);
        let table = ok(&s.alice, &["share", "list"], &[]).stdout();
        assert!(
            table.contains("app/dev") && table.contains("revoked"),
            "{table}"
        );
    });
}

#[test]
fn only_readers_create_and_only_the_creator_lists_or_revokes() {
    on_both(|s| {
        let url = s.server.url();
        let body = |id: &str| {
            serde_json::json!({
                "id": id, "env_id": env_id(&s.alice), "name": "API_KEY",
                "envelope": "c2NzMQAAAAAAAQEBAQEBAQEBAQEBAQEBAQECAgICAgICAgICAgKSHGFcuRaiuYOwYaF0x5TdqhYMLSYEkg==",
                "expires_in_secs": 600, "max_views": 1
            })
        };
        // carol is a viewer of app/dev: names, not values, so no links either.
        let refused = http()
            .post(format!("{url}/v1/shares"))
            .bearer_auth(api_token(&s.carol))
            .json(&body("AAECAwQFBgcICQoLDA0ODw"))
            .send()
            .unwrap();
        assert_eq!(refused.status().as_u16(), 403);
        let anonymous = http()
            .post(format!("{url}/v1/shares"))
            .json(&body("AAECAwQFBgcICQoLDA0ODw"))
            .send()
            .unwrap();
        assert_eq!(anonymous.status().as_u16(), 401);
        assert_eq!(
            http()
                .get(format!("{url}/v1/shares"))
                .send()
                .unwrap()
                .status()
                .as_u16(),
            401
        );
        // bob, a writer, shares; alice (admin of everything) can neither see nor revoke it.
        let link = s.create(&s.bob, "API_KEY", &[]);
        let (id, _) = parts(&link);
        let alices = ok(&s.alice, &["share", "list", "--json"], &[]).stdout();
        assert_eq!(alices.trim(), "[]");
        let r = run(&s.alice, &["share", "revoke", &id], &[]);
        assert_eq!(r.code, 9, "{}", r.stderr);
        assert!(
            r.stderr.contains("only the share's creator may revoke it"),
            "{}",
            r.stderr
        );
        assert_eq!(open(&link, "").stdout(), VALUE);
        let denied = s.share_audit().into_iter().filter(|a| !a.3).count();
        assert_eq!(
            denied, 2,
            "carol's create and alice's revoke are audited as refused"
        );
    });
}

#[test]
fn the_api_edge_refuses_malformed_shares_with_stable_codes() {
    on_both(|s| {
        let url = s.server.url();
        let token = api_token(&s.alice);
        let good = serde_json::json!({
            "id": "AAECAwQFBgcICQoLDA0ODw", "env_id": env_id(&s.alice), "name": "API_KEY",
            "envelope": "c2NzMQAAAAAAAQEBAQEBAQEBAQEBAQEBAQECAgICAgICAgICAgKSHGFcuRaiuYOwYaF0x5TdqhYMLSYEkg==",
            "expires_in_secs": 600, "max_views": 1
        });
        for (field, value) in [
            ("id", serde_json::json!("not-an-id")),
            ("name", serde_json::json!("")),
            ("envelope", serde_json::json!("AAAA")),
            ("expires_in_secs", serde_json::json!(5)),
            ("max_views", serde_json::json!(0)),
            ("max_views", serde_json::json!(101)),
        ] {
            let mut body = good.clone();
            body[field] = value;
            let res = http()
                .post(format!("{url}/v1/shares"))
                .bearer_auth(&token)
                .json(&body)
                .send()
                .unwrap();
            assert_eq!(res.status().as_u16(), 400, "{field}");
            let err: serde_json::Value = res.json().unwrap();
            assert_eq!(err["code"], "invalid_field", "{field}");
            assert!(err["message"].as_str().unwrap().starts_with(field), "{err}");
        }
        let res = http()
            .post(format!("{url}/v1/shares"))
            .bearer_auth(&token)
            .json(&good)
            .send()
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let res = http()
            .post(format!("{url}/v1/shares"))
            .bearer_auth(&token)
            .json(&good)
            .send()
            .unwrap();
        assert_eq!(res.status().as_u16(), 409, "the same id twice");
        let bad = http()
            .post(format!("{url}/v1/shares/x/reveal"))
            .send()
            .unwrap();
        assert_eq!(bad.status().as_u16(), 400);
        let unknown = http()
            .post(format!("{url}/v1/shares/BBECAwQFBgcICQoLDA0ODw/reveal"))
            .send()
            .unwrap();
        assert_eq!(unknown.status().as_u16(), 404);
        let page = http()
            .get(format!("{url}/s/BBECAwQFBgcICQoLDA0ODw"))
            .send()
            .unwrap();
        assert_eq!(page.status().as_u16(), 404);
    });
}

#[test]
fn a_broken_link_is_a_usage_error_that_says_what_to_copy() {
    let r = TestEnv::new().run(&[
        "share",
        "open",
        "https://example.com/s/AAECAwQFBgcICQoLDA0ODw",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("it has no key after '#'"), "{}", r.stderr);
}

#[test]
fn a_link_sealed_to_a_user_opens_only_in_their_cli() {
    on_both(|s| {
        // carol is a viewer: without the link she could never read the value.
        let r = ok(
            &s.alice,
            &["share", "create", "API_KEY", "--to", "carol"],
            &[],
        );
        assert!(
            r.stderr
                .contains("pinned carol's device carol@laptop on first use"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("sealed to carol's 1 device(s)"),
            "{}",
            r.stderr
        );
        let link = r.stdout().trim().to_string();
        assert!(link.ends_with("#to"), "{link}");
        let (id, _) = parts(&link);
        let url = s.server.url();
        // Nobody else can spend its view: not anonymously, not bob signed in.
        let anonymous = http()
            .post(format!("{url}/v1/shares/{id}/reveal"))
            .send()
            .unwrap();
        assert_eq!(anonymous.status().as_u16(), 403);
        let bob = run(&s.bob, &["share", "open", &link], &[]);
        assert_eq!(bob.code, 9, "{}", bob.stderr);
        assert!(
            bob.stderr.contains("sealed to another user's devices"),
            "{}",
            bob.stderr
        );
        assert_eq!(bob.stdout(), "");
        let stranger = open(&link, "");
        assert_ne!(stranger.code, 0);
        assert_eq!(stranger.stdout(), "");
        // The page says to use the CLI and offers nothing to click.
        let page = http().get(format!("{url}/s/{id}")).send().unwrap();
        assert_eq!(page.status().as_u16(), 200);
        let html = page.text().unwrap();
        assert!(
            html.contains("sealed to one person's devices") && !html.contains("<script"),
            "{html}"
        );
        let carol = run(&s.carol, &["share", "open", &link], &[]);
        assert_eq!(
            (carol.code, carol.stdout().as_str()),
            (0, VALUE),
            "{}",
            carol.stderr
        );
        let again = run(&s.carol, &["share", "open", &link], &[]);
        assert_eq!(again.code, 9, "the one view is spent: {}", again.stderr);
        assert!(
            again.stderr.contains("every view it allowed was used"),
            "{}",
            again.stderr
        );
        let views: Vec<(String, bool)> = s
            .share_audit()
            .into_iter()
            .filter(|a| a.1 == "share_view")
            .map(|a| (a.0, a.3))
            .collect();
        let want = [
            ("anonymous", false),
            ("bob", false),
            ("carol", true),
            ("carol", false),
        ];
        let want: Vec<(String, bool)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
        assert_eq!(views, want);
        let listed = ok(&s.alice, &["share", "list", "--json"], &[]).stdout();
        assert!(listed.contains("\"to_user_id\""), "{listed}");
    });
}

#[test]
fn a_sealed_link_is_refused_for_a_user_unknown_to_the_project() {
    on_both(|s| {
        let r = run(
            &s.alice,
            &["share", "create", "API_KEY", "--to", "mallory"],
            &[],
        );
        assert_eq!(r.code, 5, "{}", r.stderr);
        assert!(
            r.stderr
                .contains("\"mallory\" is not a member of this project"),
            "{}",
            r.stderr
        );
    });
}
