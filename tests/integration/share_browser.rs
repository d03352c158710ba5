//! A share link opened in a real browser (issue 14): Debian's `chromium`, driven by
//! `chromedriver` over the W3C WebDriver HTTP API with the blocking reqwest client the
//! tests already use (a dozen endpoints do not need a WebDriver crate and its async
//! runtime). The page decrypts with WebCrypto; a second visit shows the "used" page.
//! Screenshots stay under `target/tmp/share-browser/` as artifacts.
//!
//! A machine without chromium or chromedriver FAILS this test, saying what to install:
//! CI installs both (`.ci/run`), and a silent skip would hide a broken page.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

use crate::util::TestEnv;

/// The W3C element reference key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A chromedriver process and one headless chromium session; both end on drop.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::blocking::Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let missing = |what: &str| {
            panic!(
                "{what} is not installed: the share page must be tested in a real browser. \
                 Install Debian's packages: `apt-get install -y chromium chromium-driver` \
                 (.ci/run does this when they are missing)"
            )
        };
        let chromium = find_program("chromium").unwrap_or_else(|| missing("chromium"));
        let chromedriver = find_program("chromedriver").unwrap_or_else(|| missing("chromedriver"));
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let profile = tempfile::tempdir().unwrap();
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            http,
            _profile: profile,
        };
        b.wait_ready();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--no-first-run",
                         format!("--user-data-dir={}", b._profile.path().display())]
            }
        }}});
        let created = b.call("POST", "/session", Some(caps));
        b.session = created["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        b
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = self
                .http
                .get(format!("{}/status", self.base))
                .send()
                .ok()
                .and_then(|r| r.json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not become ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let req = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body.unwrap_or(json!({}))),
        };
        let res: Value = req.send().expect("chromedriver answers").json().unwrap();
        assert!(
            res["value"].get("error").is_none(),
            "{method} {path}: {}",
            res["value"]
        );
        res["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn element(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        match found[ELEMENT].as_str() {
            Some(id) => id.to_string(),
            None => panic!("no element {css}: {found}"),
        }
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/click"), None);
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/clear"), None);
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// The visible text of `css` once it is not empty (10 s at most).
    fn text(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let id = self.element(css);
            let text = self.call("GET", &format!("/element/{id}/text"), None);
            let text = text.as_str().unwrap_or_default().to_string();
            if !text.is_empty() || Instant::now() > deadline {
                return text;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.call("GET", "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("share-browser");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .http
                .delete(format!("{}/session/{}", self.base, self.session))
                .send();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn chromium_reveals_a_link_once_then_shows_the_used_page() {
    let s = crate::share::sqlite();
    let link = s.create(&s.alice, "API_KEY", &[]);
    let browser = Browser::start();
    browser.go(&link);
    assert_eq!(browser.text("h1"), "A secret was shared with you");
    browser.click("#reveal");
    assert_eq!(browser.text("#value"), crate::share::VALUE);
    let shot = browser.screenshot("revealed.png");
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    // A new visit (the same URL again would only be a same-document fragment jump).
    browser.go("about:blank");
    browser.go(&link);
    assert_eq!(browser.text("h1"), "This link was already used");
    browser.screenshot("used.png");
    // The browser's reveal was the link's one view: the CLI gets nothing.
    let r = TestEnv::new().run(&["share", "open", &link]);
    assert_eq!(r.code, 9, "{}", r.stderr);
}

#[test]
fn chromium_asks_for_the_password_and_a_wrong_one_costs_no_view() {
    let s = crate::share::sqlite();
    let r = s.alice.run_with(
        &[
            "share",
            "create",
            "API_KEY",
            "--password",
            "--pbkdf2-iterations",
            "10000",
        ],
        "s3cret pass\n",
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = r.stdout().trim().to_string();
    let browser = Browser::start();
    browser.go(&link);
    browser.type_into("#pw", "wrong");
    browser.click("#reveal");
    assert_eq!(browser.text("#error"), "Wrong password; try again.");
    browser.type_into("#pw", "s3cret pass");
    browser.click("#reveal");
    assert_eq!(browser.text("#value"), crate::share::VALUE);
    browser.screenshot("password.png");
}
