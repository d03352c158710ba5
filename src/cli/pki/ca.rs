//! `secretscli ca create|show|crl`: a CA kept as an item of the project's `pki`
//! environment. `show` and `crl` print only public material; the CA key never leaves the
//! vault through these commands.

use std::io::Write as _;

use super::super::Global;
use super::with_pki;
use crate::output;
use crate::pki::issue::rfc3339;

// CA subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Make a CA (ECDSA P-256) whose key stays sealed in the vault as item `ca.NAME`
    Create {
        /// The CA's name (its subject CN)
        name: String,
        /// How long the CA is valid, e.g. 5y, 90d
        #[arg(long, default_value = "5y", value_name = "DURATION", value_parser = humantime::parse_duration)]
        ttl: std::time::Duration,
    },
    /// Print the CA certificate (PEM, public): what servers and clients trust
    Show {
        /// The CA's name
        name: String,
    },
    /// Print the CA's certificate revocation list (PEM), valid for 7 days
    Crl {
        /// The CA's name
        name: String,
    },
}

/// Runs a CA subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Create { name, ttl } => {
            let ca = with_pki(g, true, |p| p.create_ca(&name, whole_days(ttl)))?;
            output::note(&format!(
                "made CA {} (valid until {}); `secretscli ca show {}` prints its certificate",
                ca.name,
                rfc3339(ca.not_after),
                ca.name
            ));
            Ok(())
        }
        Command::Show { name } => {
            let ca = with_pki(g, false, |p| p.ca(Some(&name)))?;
            print(&ca.cert_pem)
        }
        Command::Crl { name } => print(&with_pki(g, false, |p| p.crl(&name))?),
    }
}

fn print(pem: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(pem.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// A validity of a day or more cut to whole days: `5y` is 5 x 365.25 days to humantime,
/// which would end the CA at a quarter past some hour.
fn whole_days(ttl: std::time::Duration) -> std::time::Duration {
    const DAY: u64 = 86_400;
    match ttl.as_secs() {
        s if s >= DAY => std::time::Duration::from_secs(s / DAY * DAY),
        _ => ttl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validity_of_days_or_years_is_cut_to_whole_days_and_a_shorter_one_is_kept() {
        let five_years = humantime::parse_duration("5y").unwrap();
        assert_eq!(whole_days(five_years).as_secs(), 1826 * 86_400);
        let hours = humantime::parse_duration("12h").unwrap();
        assert_eq!(whole_days(hours), hours);
    }
}
