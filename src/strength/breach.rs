//! Have I Been Pwned's Pwned Passwords range API, with k-anonymity: only the first 5 hex
//! characters of a value's SHA-1 leave the machine (`GET {base}/range/ABCDE`), the answer
//! lists every known suffix with that prefix, and the match happens here. `Add-Padding`
//! asks the service to pad the answer so its size does not hint at the prefix either.
//!
//! Best effort by design: a network failure is reported as "could not check", never an
//! error that stops a write. The answer is untrusted: its size and line count are bounded.

use std::time::{Duration, Instant};

use sha1::{Digest as _, Sha1};

/// The public service; `SECRETSCLI_HIBP_URL` replaces it (tests, mirrors).
pub const DEFAULT_URL: &str = "https://api.pwnedpasswords.com";
/// Environment variable naming another range server.
pub const URL_VAR: &str = "SECRETSCLI_HIBP_URL";
/// A real answer is about 30 KiB padded; anything far larger is not one.
const MAX_ANSWER_BYTES: u64 = 4 * 1024 * 1024;
/// The whole check gives up after this, whatever is left (a write never waits long).
const DEADLINE: Duration = Duration::from_secs(20);

/// What the check found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// `(item, times seen in breaches)` for every value the service knows.
    pub breached: Vec<(String, u64)>,
    /// Items that could not be checked, and the first reason (no value in it).
    pub unchecked: Vec<String>,
    /// Why some could not be checked (network error, timeout, bad answer).
    pub why: Option<String>,
}

/// The range server to ask: `SECRETSCLI_HIBP_URL` or the public one.
pub fn base_url() -> String {
    std::env::var(URL_VAR)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_string())
}

/// A value's SHA-1 in upper-case hex: what the check needs, so callers that stream values
/// (import) keep 40 characters per value instead of the value.
pub fn digest(value: &[u8]) -> String {
    hex::encode_upper(Sha1::digest(value))
}

/// Checks each `(name, digest)` (from [`digest`]) against the range server at `base`.
pub fn check<'a>(base: &str, digests: impl IntoIterator<Item = (&'a str, &'a str)>) -> Report {
    let mut report = Report::default();
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(3))
        .user_agent(concat!("secretscli/", env!("CARGO_PKG_VERSION")))
        .build();
    let client = match client {
        Ok(c) => Some(c),
        Err(e) => {
            report.why = Some(e.to_string());
            None
        }
    };
    let started = Instant::now();
    for (name, digest) in digests {
        let Some(client) = client.as_ref().filter(|_| started.elapsed() < DEADLINE) else {
            report.why.get_or_insert_with(|| "took too long".into());
            report.unchecked.push(name.to_string());
            continue;
        };
        match count(client, base, digest) {
            Ok(0) => {}
            Ok(n) => report.breached.push((name.to_string(), n)),
            Err(why) => {
                report.why.get_or_insert(why);
                report.unchecked.push(name.to_string());
            }
        }
    }
    report
}

/// How often the service has seen the value with this digest (0: never).
fn count(client: &reqwest::blocking::Client, base: &str, digest: &str) -> Result<u64, String> {
    if digest.len() != 40 || !digest.is_ascii() {
        return Err("not a SHA-1 digest".into());
    }
    let (prefix, suffix) = digest.split_at(5);
    let url = format!("{}/range/{prefix}", base.trim_end_matches('/'));
    let answer = client
        .get(&url)
        .header("Add-Padding", "true")
        .send()
        .and_then(reqwest::blocking::Response::error_for_status)
        .map_err(|e| describe(&e))?;
    if answer
        .content_length()
        .is_some_and(|n| n > MAX_ANSWER_BYTES)
    {
        return Err("the answer is too large to be a range list".into());
    }
    let mut body = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(answer, MAX_ANSWER_BYTES + 1),
        &mut body,
    )
    .map_err(|e| e.to_string())?;
    if body.len() as u64 > MAX_ANSWER_BYTES {
        return Err("the answer is too large to be a range list".into());
    }
    Ok(find(&String::from_utf8_lossy(&body), suffix))
}

/// The count for `suffix` in a range answer (`SUFFIX:COUNT` lines; padding lines count 0).
fn find(answer: &str, suffix: &str) -> u64 {
    answer
        .lines()
        .filter_map(|l| l.trim().split_once(':'))
        .find(|(s, _)| s.eq_ignore_ascii_case(suffix))
        .and_then(|(_, n)| n.trim().parse().ok())
        .unwrap_or(0)
}

/// A reqwest error without its URL's query or anything of ours (the URL holds only the
/// public prefix, but the message stays short).
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the service did not answer in time".into()
    } else if e.is_connect() {
        "could not connect to the service".into()
    } else if let Some(status) = e.status() {
        format!("the service answered {status}")
    } else {
        "the request failed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_answer_is_matched_by_suffix_and_padding_counts_zero() {
        // SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8
        let digest = digest(b"password");
        assert_eq!(&digest[..5], "5BAA6");
        let answer = "003D68EB55068C33ACE09247EE4C639306B:3\r\n\
                      1E4C9B93F3F0682250B6CF8331B7EE68FD8:9545824\r\n\
                      FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0\r\n";
        assert_eq!(find(answer, &digest[5..]), 9_545_824);
        assert_eq!(find(answer, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"), 0);
        assert_eq!(find("garbage\nno colon", &digest[5..]), 0);
    }

    #[test]
    fn an_unreachable_service_leaves_every_value_unchecked_and_says_why() {
        let (x, y) = (digest(b"x"), digest(b"y"));
        let report = check("http://127.0.0.1:9", [("A", x.as_str()), ("B", y.as_str())]);
        assert!(report.breached.is_empty());
        assert_eq!(report.unchecked, ["A", "B"]);
        assert_eq!(
            report.why.as_deref(),
            Some("could not connect to the service")
        );
    }
}
