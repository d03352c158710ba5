//! Weak and breached secrets: `set` and `import` warn (never refuse), and the breach check
//! sends only a 5-character SHA-1 prefix, to a range server the test runs on loopback.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use sha1::{Digest as _, Sha1};

use crate::util::TestEnv;

/// A Pwned Passwords range server: answers every `/range/XXXXX` with `known`'s suffix (seen
/// 42 times) when the prefix matches, plus padding; records each request line.
struct RangeServer {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl RangeServer {
    fn start(known: &str) -> RangeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let digest = hex::encode_upper(Sha1::digest(known.as_bytes()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = String::new();
                reader.read_line(&mut head).unwrap();
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                seen.lock().unwrap().push(head.trim().to_string());
                let mut body = String::from("0018A45C4D1DEF81644B54AB7F969B88D65:0\r\n");
                if head.contains(&format!("/range/{} ", &digest[..5])) {
                    body.push_str(&format!("{}:42\r\n", &digest[5..]));
                }
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        RangeServer { url, requests }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

#[test]
fn a_weak_secret_gets_a_warning_naming_it_but_not_its_value_and_is_saved() {
    let env = TestEnv::unlocked();
    let run = env.ok_stdin(&["set", "DB_PASS"], "password1");
    assert!(
        run.stderr
            .contains("warning: DB_PASS is a weak secret (strength"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("password1"), "{}", run.stderr);
    assert_eq!(env.get("DB_PASS"), b"password1");

    let run = env.ok_stdin(&["set", "MODE", "--config"], "password1");
    assert!(
        !run.stderr.contains("weak"),
        "config is not judged: {}",
        run.stderr
    );
    let run = env.ok_stdin(&["set", "API_KEY"], "k3Vq7mZe2XwaFh4dQ9pL0sT8uYbN6cR1");
    assert!(!run.stderr.contains("weak"), "{}", run.stderr);

    let run = env.ok_stdin(
        &["import", "-"],
        "A_PASSWORD=hunter2\nB_TOKEN=qwerty\nC_TOKEN=k3Vq7mZe2XwaFh4dQ9pL0sT8\nPORT=3000\n",
    );
    assert!(
        run.stderr
            .contains("2 weak secrets (zxcvbn strength below 3 of 4): A_PASSWORD, B_TOKEN;"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_breach_sends_only_a_five_character_prefix_and_warns_about_a_breached_value() {
    let env = TestEnv::unlocked();
    let server = RangeServer::start("correct horse battery staple");
    let vars = [("SECRETSCLI_HIBP_URL", server.url.as_str())];
    let run = env.run_with(
        &["set", "--check-breach", "WIFI_PASSWORD"],
        "correct horse battery staple",
        &vars,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("WIFI_PASSWORD: this value appears 42 time(s) in known data breaches"),
        "{}",
        run.stderr
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let digest = hex::encode_upper(Sha1::digest(b"correct horse battery staple"));
    assert_eq!(requests[0], format!("GET /range/{} HTTP/1.1", &digest[..5]));

    let run = env.run_with(
        &["set", "--check-breach", "OTHER"],
        "n0t-in-4ny-l1st-Zq8",
        &vars,
    );
    assert!(
        run.stderr
            .contains("no value was found in Have I Been Pwned"),
        "{}",
        run.stderr
    );
    let run = env.run_with(&["set", "PLAIN"], "n0t-in-4ny-l1st-Zq9", &vars);
    assert!(
        !run.stderr.contains("Pwned"),
        "off unless asked: {}",
        run.stderr
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn the_context_setting_turns_the_check_on_for_import_and_no_network_never_blocks() {
    let env = TestEnv::unlocked();
    let server = RangeServer::start("correct horse battery staple");
    env.ok(&["context", "set", "--here", "--check-breach", "on"]);
    let vars = [("SECRETSCLI_HIBP_URL", server.url.as_str())];
    let run = env.run_with(
        &["import", "-"],
        "WIFI=correct horse battery staple\nPORT=80\n",
        &vars,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("WIFI: this value appears 42 time(s)"),
        "{}",
        run.stderr
    );

    let unreachable = [("SECRETSCLI_HIBP_URL", "http://127.0.0.1:9")];
    let run = env.run_with(&["set", "LATER"], "s0me-Value-8812-x", &unreachable);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "could not check 1 value(s) against Have I Been Pwned (could not connect to the \
             service); they were saved anyway"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(env.get("LATER"), b"s0me-Value-8812-x");
}

#[test]
fn a_large_import_names_a_few_weak_secrets_and_bounds_how_many_are_judged() {
    let env = TestEnv::unlocked();
    let text: String = (0..600).map(|i| format!("TOKEN_{i}=abc{i}\n")).collect();
    let file = env.write("weak.env", text);
    let run = env.ok_stdin(&["import", file.to_str().unwrap()], "");
    assert!(
        run.stderr.contains(
            "500 weak secrets (zxcvbn strength below 3 of 4): TOKEN_0, TOKEN_1, TOKEN_2, \
             TOKEN_3, TOKEN_4, and 495 more;"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("first 500 credential-like secrets only; 100 more were not judged"),
        "{}",
        run.stderr
    );
}
