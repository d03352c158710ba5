//! Names from a hostile teammate or server. The server refuses control characters at its
//! API edge, but a compromised server (or a store written by an older one) answers what it
//! likes: a device of the victim's own user pushes a harmless placeholder over raw HTTP, and
//! the test then rewrites that entry in the real server's SQLite file into names and
//! authors no `set` could write. The victim's `pull` must refuse it whole with exit 8
//! naming the env and revision, leave the vault as it was, and keep `list` working; no
//! control or bidi character may reach the terminal raw.

use reqwest::blocking::Client;
use secretscli::wire::{
    Change, ItemKind, ItemVersion, LoginRequest, LoginResponse, PushRequest, PushResponse,
    RemoteEnv, RemoteProject,
};
use uuid::Uuid;

use crate::sync::{Server, first_home, ok, run};
use crate::util::{Run, TestEnv};

/// A device of the victim's own user, logged in with an invite, speaking raw HTTP.
struct Mallory {
    base: String,
    token: String,
    http: Client,
}

impl Mallory {
    fn join(server: &Server, victim: &TestEnv) -> Self {
        let invite = ok(victim, &["invite", "--self", "--expires", "10m"], &[]);
        let http = Client::new();
        let login: LoginResponse = http
            .post(format!("{}/v1/login", server.url()))
            .bearer_auth(invite.stdout().trim())
            .json(&LoginRequest {
                device_name: "mallory".into(),
                recipient: "age1mallory".into(),
                user_name: None,
            })
            .send()
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .unwrap();
        // An approved device of the victim's user (approval is not what this file tests).
        crate::sync::approve_on_server(server, "mallory");
        Mallory {
            base: server.url(),
            token: login.token,
            http,
        }
    }

    fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let res = self
            .http
            .get(format!("{}/{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .unwrap();
        let status = res.status();
        let text = res.text().unwrap();
        assert!(status.is_success(), "GET {path}: {status}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// The server's record of `app/<env>`.
    fn env(&self, env: &str) -> RemoteEnv {
        let projects: Vec<RemoteProject> = self.get("v1/projects");
        let app = projects.iter().find(|p| p.name == "app").expect("app");
        let envs: Vec<RemoteEnv> = self.get(&format!("v1/projects/{}/envs", app.id));
        let found = envs.iter().find(|e| e.name == env).expect("the env");
        self.get(&format!("v1/envs/{}", found.id))
    }

    /// Appends `change` to `app/<env>` as the server would have stored it had it taken it:
    /// a placeholder goes over HTTP, then its stored name (and author) are rewritten in the
    /// server's database. Returns the revision it landed at.
    fn push(&self, server: &Server, env: &str, change: Change) -> i64 {
        let (placeholder, name, author) = match change {
            Change::Version(v) => {
                let (name, author) = (v.name.clone(), v.author.clone());
                let tame = ItemVersion {
                    name: PLACEHOLDER.into(),
                    author: "alice@laptop".into(),
                    ..v
                };
                (Change::Version(tame), name, Some(author))
            }
            Change::Delete { name } => (
                Change::Delete {
                    name: PLACEHOLDER.into(),
                },
                name,
                None,
            ),
            other => panic!("no placeholder for {other:?}"),
        };
        let remote = self.env(env);
        let req = PushRequest {
            served: Vec::new(),
            base_revision: remote.revision,
            idempotency_key: Uuid::new_v4(),
            force: false,
            changes: vec![placeholder],
        };
        let res = self
            .http
            .post(format!("{}/v1/envs/{}/push", self.base, remote.id))
            .bearer_auth(&self.token)
            .json(&req)
            .send()
            .unwrap();
        let status = res.status();
        let text = res.text().unwrap();
        assert!(status.is_success(), "the server took it: {status}: {text}");
        let revision = serde_json::from_str::<PushResponse>(&text)
            .unwrap()
            .revision;
        let db = server.db();
        let id = remote.id.to_string();
        let changed = db
            .execute(
                "UPDATE entries SET name = ?1, author = COALESCE(?2, author)
                 WHERE env_id = ?3 AND name = ?4",
                rusqlite::params![name, author, id, PLACEHOLDER],
            )
            .unwrap();
        assert_eq!(changed, 1, "the placeholder entry of {env}");
        db.execute(
            "UPDATE items SET name = ?1 WHERE env_id = ?2 AND name = ?3",
            rusqlite::params![name, id, PLACEHOLDER],
        )
        .unwrap();
        revision
    }
}

/// The name a hostile entry is pushed under before the server's copy is rewritten.
const PLACEHOLDER: &str = "PLACEHOLDER";

/// A version no local command could write: the server stores ciphertext blind.
fn version(name: &str, author: &str) -> Change {
    Change::Version(ItemVersion {
        name: name.into(),
        version: 1,
        kind: ItemKind::Secret,
        literal: false,
        key_version: 1,
        wrapped_data_key: vec![7; 60],
        ciphertext: vec![7; 40],
        created_at: 1_700_000_000_000,
        author: author.into(),
        previous: None,
    })
}

/// Nothing that acts on a terminal or reorders text, and no flood.
fn assert_tame(r: &Run) {
    for text in [r.stderr.as_str(), &r.stdout()] {
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || secretscli::vault::is_invisible(c)),
            "raw control or bidi character reached the terminal: {text:?}"
        );
        assert!(text.len() < 2_000, "{} bytes of output", text.len());
    }
}

#[test]
fn a_pull_carrying_a_name_or_author_no_set_could_write_is_refused_whole() {
    if !Server::available() {
        eprintln!("skipped: this build has no `secretscli server` subcommand");
        return;
    }
    let server = Server::start();
    let victim = first_home(&server);
    let mallory = Mallory::join(&server, &victim);
    let long = "N".repeat(100_000);
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "esc",
            version("X\x1b]0;pwned\x07", "alice@laptop"),
            "item name",
        ),
        ("newline", version("X\nY", "alice@laptop"), "item name"),
        ("equals", version("X=Y", "alice@laptop"), "item name"),
        ("long", version(&long, "alice@laptop"), "item name"),
        ("bidi", version("X\u{202e}Y", "alice@laptop"), "item name"),
        (
            "zerowidth",
            version("X\u{200b}", "alice@laptop"),
            "item name",
        ),
        ("author", version("GOOD", "eve\x1b[2J"), "author"),
        ("bidiauthor", version("GOOD", "eve\u{2067}"), "author"),
        (
            "mark",
            Change::Delete {
                name: "A\x1b[8m".into(),
            },
            "delete mark",
        ),
    ];
    for (env, _, _) in &cases {
        ok(&victim, &["env", "create", env], &[]);
        victim.ok_stdin(&["-e", env, "set", "A"], "kept");
        ok(&victim, &["-e", env, "push"], &[]);
    }
    for (env, change, what) in cases {
        let revision = mallory.push(&server, env, change);
        let before = victim.ok(&["-e", env, "list", "--json"]);
        for args in [
            vec!["-e", env, "pull", "--dry-run"],
            vec!["-e", env, "pull"],
        ] {
            let r = run(&victim, &args, &[]);
            assert_eq!(r.code, 8, "{env}: {args:?}: {}", r.stderr);
            assert!(
                r.stderr
                    .contains(&format!("app/{env} at revision {revision}")),
                "{env}: {}",
                r.stderr
            );
            assert!(r.stderr.contains(what), "{env}: {}", r.stderr);
            assert!(r.stderr.contains("hint:"), "{env}: {}", r.stderr);
            assert_tame(&r);
        }
        assert_eq!(victim.ok(&["-e", env, "list", "--json"]), before, "{env}");
        let list = victim.run(&["-e", env, "list"]);
        assert_eq!(list.code, 0, "{env}: {}", list.stderr);
        assert!(list.stdout().contains("A "), "{env}: {}", list.stdout());
        assert_eq!(victim.ok(&["-e", env, "get", "A"]), "kept", "{env}");
        // diff (the server's snapshot of live items: a delete mark is not in it) and push
        // (which pulls others' entries first) go through the same gate.
        victim.ok_stdin(&["-e", env, "set", "B"], "local");
        let mut others = vec![vec!["-e", env, "push"]];
        if what != "delete mark" {
            others.push(vec!["-e", env, "diff"]);
            others.push(vec!["-e", env, "list", "--remote"]);
        }
        for args in others {
            let r = run(&victim, &args, &[]);
            assert_eq!(r.code, 8, "{env}: {args:?}: {}", r.stderr);
            assert!(r.stderr.contains(&format!("app/{env}")), "{}", r.stderr);
            assert_tame(&r);
        }
    }
}

#[test]
fn list_shows_a_100k_character_or_escape_holding_name_from_an_older_vault_escaped() {
    // Vaults that pulled before names were checked may hold such names: list must still
    // print (it panicked on a column wider than 65,535) and escape what it prints.
    let env = TestEnv::unlocked();
    env.set("LONG", "1");
    env.set("ESC", "2");
    let long = "N".repeat(100_000);
    let db = env.sqlite();
    db.execute("UPDATE items SET name = ?1 WHERE name = 'LONG'", [&long])
        .unwrap();
    db.execute(
        "UPDATE items SET name = ?1 WHERE name = 'ESC'",
        ["E\x1b[2J\u{202e}"],
    )
    .unwrap();
    drop(db);
    // Renamed in SQL, the rows no longer fit the env's item-set tag, which an unlocked
    // list checks (exit 6); the locked listing shows names as stored, which is the path
    // under test here.
    env.ok(&["lock"]);
    let r = env.run(&["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout();
    assert!(out.contains(&long), "the long name is listed");
    assert!(out.contains("E\\u{1b}[2J\\u{202e}"), "escaped: {out:?}");
    assert!(!out.contains('\x1b') && !out.contains('\u{202e}'));
}

#[test]
fn set_and_import_refuse_names_with_bidi_or_zero_width_characters() {
    let env = TestEnv::unlocked();
    for name in ["A\u{202e}B", "A\u{2066}", "\u{200b}A", "A\u{feff}"] {
        let r = env.run_stdin(&["set", name], "v");
        assert_eq!(r.code, 8, "{name:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("invisible or bidirectional"),
            "{}",
            r.stderr
        );
        assert_tame(&r);
        let file = env.write("in.env", format!("OK=1\n{name}=2\n"));
        let r = env.run(&["import", file.to_str().unwrap()]);
        assert_eq!(r.code, 8, "{name:?}: {}", r.stderr);
        assert_tame(&r);
    }
    let json = env.write("in.json", "{\"A\\u202eB\": \"1\"}");
    let r = env.run(&["import", json.to_str().unwrap()]);
    assert_eq!(r.code, 8, "{}", r.stderr);
    assert_tame(&r);
    // Nothing of a refused import was written.
    assert_eq!(env.ok(&["list", "--json"]).trim(), "[]");
}

#[test]
fn set_refuses_a_100k_name_with_a_short_error() {
    let env = TestEnv::unlocked();
    let r = env.run_stdin(&["set", &"N".repeat(100_000)], "v");
    assert_eq!(r.code, 8, "{}", r.stderr);
    assert!(r.stderr.contains("1024 bytes"), "{}", r.stderr);
    assert_tame(&r);
}
