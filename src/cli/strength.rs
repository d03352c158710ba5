//! The weak- and breached-secret warnings `set` and `import` print after writing. A write is
//! never refused for them: the value may be one the user was given, not one they chose.

use crate::output;
use crate::strength::{self, breach};
use crate::vault::Kind;

/// zxcvbn runs for at most this many values per command: a 100,000-line import must not
/// spend a minute estimating (each call costs 0.2-6 ms).
const MAX_JUDGED: usize = 500;

/// Collects what is needed while values stream past, then warns once.
#[derive(Default)]
pub struct Judge {
    weak: Vec<(String, strength::Weakness)>,
    judged: usize,
    not_judged: usize,
    /// `(name, SHA-1)` of every secret when the breach check is on: never the value.
    digests: Option<Vec<(String, String)>>,
}

impl Judge {
    /// A judge; `check_breach` also keeps digests for Have I Been Pwned.
    pub fn new(check_breach: bool) -> Judge {
        Judge {
            weak: Vec::new(),
            judged: 0,
            not_judged: 0,
            digests: check_breach.then(Vec::new),
        }
    }

    /// Looks at one written value. Config items are not judged; see [`strength::weakness`]
    /// for which secrets are.
    pub fn see(&mut self, name: &str, kind: Kind, value: &[u8]) {
        if kind == Kind::Config {
            return;
        }
        if strength::judged(name, value) {
            if self.judged == MAX_JUDGED {
                self.not_judged += 1;
            } else {
                self.judged += 1;
                self.weak
                    .extend(strength::weakness(name, value).map(|w| (name.to_string(), w)));
            }
        }
        if let Some(d) = &mut self.digests {
            d.push((name.to_string(), breach::digest(value)));
        }
    }

    /// Prints the warnings (stderr). Asks the breach service when it was turned on.
    pub fn warn(self) {
        warn_weak(&self.weak);
        if self.not_judged > 0 {
            output::note(&format!(
                "judged the strength of the first {MAX_JUDGED} credential-like secrets only; \
                 {} more were not judged",
                self.not_judged
            ));
        }
        if let Some(digests) = self.digests.filter(|d| !d.is_empty()) {
            let report = breach::check(
                &breach::base_url(),
                digests.iter().map(|(n, d)| (n.as_str(), d.as_str())),
            );
            warn_breached(&report);
        }
    }
}

fn warn_weak(weak: &[(String, strength::Weakness)]) {
    match weak {
        [] => {}
        [(name, w)] => output::warn(&format!(
            "{name} is a weak secret ({w}); if you chose it, replace it with a random one \
             (e.g. `openssl rand -base64 24 | secretscli set {name}`)"
        )),
        many => {
            let mut names: Vec<&str> = many.iter().take(5).map(|(n, _)| n.as_str()).collect();
            let more = format!("and {} more", many.len() - names.len());
            if many.len() > names.len() {
                names.push(&more);
            }
            output::warn(&format!(
                "{} weak secrets (zxcvbn strength below 3 of 4): {}; replace the ones you chose \
                 with random values",
                many.len(),
                names.join(", ")
            ));
        }
    }
}

fn warn_breached(report: &breach::Report) {
    for (name, times) in &report.breached {
        output::warn(&format!(
            "{name}: this value appears {times} time(s) in known data breaches (Have I Been \
             Pwned); attackers try it first, so change it where it is used, then `secretscli \
             set {name}`"
        ));
    }
    if !report.unchecked.is_empty() {
        output::note(&format!(
            "could not check {} value(s) against Have I Been Pwned ({}); they were saved anyway",
            report.unchecked.len(),
            report.why.as_deref().unwrap_or("unknown reason")
        ));
    } else if report.breached.is_empty() {
        output::note("no value was found in Have I Been Pwned's breach list");
    }
}

/// `--check-breach`, or `check_breach = true` in the nearest `.secretscli.toml` or the global
/// config.
pub fn breach_check_wanted(flag: bool) -> anyhow::Result<bool> {
    if flag {
        return Ok(true);
    }
    let cwd = std::env::current_dir()?;
    Ok(crate::context::resolve_check_breach(
        &cwd,
        &crate::paths::config()?,
    )?)
}
