//! The three-way merge git runs through `secretscli file merge-driver %O %A %B`, by name
//! rather than by line: two branches that changed different names merge cleanly even when
//! the lines are neighbours, and a name changed differently on both sides is one conflict
//! block that names it. Values are compared by plaintext (all three sides were opened and
//! verified first), so the same new value set on both branches is no conflict.
//!
//! Layout: ours (%A) is the base, names their side added go after the name that precedes
//! them on their side, with the comment lines just above them. A comment-only change on
//! their side is not carried over (documented in docs/envfile.md).
//!
//! It never writes a seal over a result it did not build from verified sides, and a
//! conflicted result has no seal: it cannot be mistaken for a finished file.

use std::collections::{HashMap, HashSet};

use super::format::{EncFile, Line, SealedValue, header};
use super::plain::PlainLine;
use super::seal::{Opened, make_seal};
use super::{EnvFileError, EnvKeys, Value};
use crate::dotenv::shown_key;

/// What a merge made.
#[derive(Debug)]
pub enum MergeOutcome {
    /// Every name resolved; the file is sealed anew.
    Clean(EncFile),
    /// Some names changed differently on both sides. `text` has one conflict block per
    /// name (no seal); `names` are those names, shown safely.
    Conflict {
        /// The file with conflict blocks.
        text: String,
        /// The conflicting names.
        names: Vec<String>,
    },
}

/// One side's view: name -> (plaintext, sealed text).
struct Side<'a> {
    values: HashMap<&'a str, (&'a Value, &'a SealedValue)>,
}

impl<'a> Side<'a> {
    fn of(opened: Option<&'a Opened>) -> Side<'a> {
        let mut values = HashMap::new();
        if let Some(o) = opened {
            for line in &o.doc.lines {
                if let PlainLine::Entry { name, value, .. } = line {
                    values.insert(name.as_str(), (value, &o.sealed[name]));
                }
            }
        }
        Side { values }
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.values.get(name).map(|(v, _)| *v)
    }

    fn sealed(&self, name: &str) -> Option<SealedValue> {
        self.values.get(name).map(|(_, s)| (*s).clone())
    }
}

/// How one name resolves.
enum Resolution {
    /// Keep this sealed value (`None`: the name is gone).
    Take(Option<SealedValue>),
    /// Changed differently on both sides.
    Conflict {
        ours: Option<SealedValue>,
        theirs: Option<SealedValue>,
    },
}

fn same(x: Option<&Value>, y: Option<&Value>) -> bool {
    match (x, y) {
        (None, None) => true,
        (Some(x), Some(y)) => x.same_as(y),
        _ => false,
    }
}

fn resolve(name: &str, base: &Side<'_>, ours: &Side<'_>, theirs: &Side<'_>) -> Resolution {
    let (o, a, b) = (base.get(name), ours.get(name), theirs.get(name));
    if same(a, b) || same(b, o) {
        Resolution::Take(ours.sealed(name))
    } else if same(a, o) {
        Resolution::Take(theirs.sealed(name))
    } else {
        Resolution::Conflict {
            ours: ours.sealed(name),
            theirs: theirs.sealed(name),
        }
    }
}

/// One line of the merged result.
enum Out {
    Layout(String),
    Entry(String, SealedValue),
    Conflict(String, Option<SealedValue>, Option<SealedValue>),
}

fn out_for(name: &str, resolution: Resolution) -> Option<Out> {
    match resolution {
        Resolution::Take(Some(v)) => Some(Out::Entry(name.to_string(), v)),
        Resolution::Take(None) => None,
        Resolution::Conflict { ours, theirs } => {
            Some(Out::Conflict(name.to_string(), ours, theirs))
        }
    }
}

fn out_name(out: &Out) -> Option<&str> {
    match out {
        Out::Entry(n, _) | Out::Conflict(n, _, _) => Some(n),
        Out::Layout(_) => None,
    }
}

/// Merges three opened sides (`base` is `None` when the file is new on both branches).
pub fn merge(
    base: Option<&Opened>,
    ours: &Opened,
    theirs: &Opened,
    keys: &EnvKeys,
) -> Result<MergeOutcome, EnvFileError> {
    let (o, a, b) = (Side::of(base), Side::of(Some(ours)), Side::of(Some(theirs)));
    let mut out: Vec<Out> = Vec::new();
    for line in &ours.doc.lines {
        match line {
            PlainLine::Layout(text) => out.push(Out::Layout(text.clone())),
            PlainLine::Entry { name, .. } => out.extend(out_for(name, resolve(name, &o, &a, &b))),
        }
    }
    place_their_names(&mut out, theirs, ours, &o, &a, &b);
    finish(out, keys)
}

/// Names that are not on our side but resolve to a value (added by them, or deleted by us
/// and changed by them): placed after the name that precedes them on their side.
fn place_their_names(
    out: &mut Vec<Out>,
    theirs: &Opened,
    ours: &Opened,
    o: &Side<'_>,
    a: &Side<'_>,
    b: &Side<'_>,
) {
    let our_layout: HashSet<&str> = ours
        .doc
        .lines
        .iter()
        .filter_map(|l| match l {
            PlainLine::Layout(t) => Some(t.as_str()),
            PlainLine::Entry { .. } => None,
        })
        .collect();
    let mut comments: Vec<String> = Vec::new();
    let mut previous: Option<&str> = None;
    for line in &theirs.doc.lines {
        let name = match line {
            PlainLine::Layout(text) => {
                if !text.trim().is_empty() && !our_layout.contains(text.as_str()) {
                    comments.push(text.clone());
                }
                continue;
            }
            PlainLine::Entry { name, .. } => name.as_str(),
        };
        let new_comments = std::mem::take(&mut comments);
        if a.get(name).is_none()
            && let Some(entry) = out_for(name, resolve(name, o, a, b))
        {
            let at = previous
                .and_then(|p| out.iter().position(|x| out_name(x) == Some(p)))
                .map_or(out.len(), |i| i + 1);
            let block = new_comments.into_iter().map(Out::Layout).chain([entry]);
            out.splice(at..at, block);
        }
        if out.iter().any(|x| out_name(x) == Some(name)) {
            previous = Some(name);
        }
    }
}

/// Seals a clean result, or renders the conflict blocks.
fn finish(out: Vec<Out>, keys: &EnvKeys) -> Result<MergeOutcome, EnvFileError> {
    let conflicts: Vec<String> = out
        .iter()
        .filter_map(|x| match x {
            Out::Conflict(n, _, _) => Some(shown_key(n)),
            _ => None,
        })
        .collect();
    if conflicts.is_empty() {
        let lines: Vec<Line> = out
            .into_iter()
            .map(|x| match x {
                Out::Layout(t) => Line::Layout(t),
                Out::Entry(name, value) => Line::Entry {
                    name,
                    value,
                    line: 0,
                },
                Out::Conflict(..) => unreachable!("no conflicts here"),
            })
            .collect();
        let seal = make_seal(keys, &lines)?;
        return Ok(MergeOutcome::Clean(EncFile {
            project_id: keys.project_id,
            env_id: keys.env_id,
            lines,
            seal,
        }));
    }
    Ok(MergeOutcome::Conflict {
        text: render_conflicts(&out, keys),
        names: conflicts,
    })
}

fn render_conflicts(out: &[Out], keys: &EnvKeys) -> String {
    let mut text = header(keys.project_id, keys.env_id);
    let entry = |name: &str, v: &Option<SealedValue>| match v {
        Some(v) => format!("{name}={}\n", v.to_field()),
        None => format!("# ({name} deleted on this side)\n"),
    };
    for x in out {
        match x {
            Out::Layout(t) => {
                text.push_str(t);
                text.push('\n');
            }
            Out::Entry(name, v) => text.push_str(&entry(name, &Some(v.clone()))),
            Out::Conflict(name, ours, theirs) => {
                text.push_str(&format!(
                    "<<<<<<< ours: {name} was changed on both branches\n"
                ));
                text.push_str(&entry(name, ours));
                text.push_str("=======\n");
                text.push_str(&entry(name, theirs));
                text.push_str(&format!(">>>>>>> theirs: {name}\n"));
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::format::parse_enc;
    use super::super::plain::{parse_plain, render_plain};
    use super::super::seal::{open_file, seal_document};
    use super::*;
    use crate::crypto::SecretKey;
    use uuid::Uuid;

    fn keys() -> EnvKeys {
        let key = SecretKey::from_slice(&[9; 32]).unwrap();
        EnvKeys::new(Uuid::from_u128(1), Uuid::from_u128(2), 1, vec![(1, key)])
    }

    /// Encrypts `plain` the way `file encrypt` would over `previous`, and reopens it.
    fn side(plain: &str, previous: Option<&Opened>) -> Opened {
        let file = seal_document(&parse_plain(plain).unwrap(), previous, &keys()).unwrap();
        open_file(&parse_enc(&file.render()).unwrap(), &keys()).unwrap()
    }

    fn merged(base: &str, ours: &str, theirs: &str) -> Result<String, Vec<String>> {
        let o = side(base, None);
        let (a, b) = (side(ours, Some(&o)), side(theirs, Some(&o)));
        match merge(Some(&o), &a, &b, &keys()).unwrap() {
            MergeOutcome::Clean(file) => {
                let opened = open_file(&parse_enc(&file.render()).unwrap(), &keys()).unwrap();
                Ok(render_plain(&opened.doc).unwrap().to_string())
            }
            MergeOutcome::Conflict { names, .. } => Err(names),
        }
    }

    #[test]
    fn changes_to_different_names_merge_and_reseal() {
        assert_eq!(
            merged("A=1\nB=2\n", "A=x\nB=2\n", "A=1\nB=y\n").unwrap(),
            "A=x\nB=y\n"
        );
    }

    #[test]
    fn a_name_added_by_them_lands_after_its_neighbour_with_its_comment() {
        assert_eq!(
            merged("A=1\nC=3\n", "A=1\nC=x\n", "A=1\n# new\nB=2\nC=3\n").unwrap(),
            "A=1\n# new\nB=2\nC=x\n"
        );
    }

    #[test]
    fn a_name_deleted_on_one_side_and_untouched_on_the_other_goes() {
        assert_eq!(
            merged("A=1\nB=2\n", "A=1\n", "A=1\nB=2\nC=3\n").unwrap(),
            "A=1\nC=3\n"
        );
    }

    #[test]
    fn the_same_new_value_on_both_sides_is_no_conflict() {
        // Sealed twice, so the ciphertexts differ: the merge compares plaintext.
        assert_eq!(merged("A=1\n", "A=2\n", "A=2\n").unwrap(), "A=2\n");
    }

    #[test]
    fn different_new_values_conflict_by_name() {
        assert_eq!(
            merged("A=1\nB=1\n", "A=2\nB=1\n", "A=3\nB=1\n").unwrap_err(),
            ["\"A\""]
        );
    }

    #[test]
    fn a_change_against_a_deletion_conflicts() {
        assert_eq!(
            merged("A=1\nB=1\n", "B=1\n", "A=3\nB=1\n").unwrap_err(),
            ["\"A\""]
        );
    }

    #[test]
    fn a_literal_flip_is_a_change() {
        assert_eq!(merged("A=x\n", "A='x'\n", "A=x\n").unwrap(), "A='x'\n");
    }

    #[test]
    fn a_file_added_on_both_branches_merges_without_a_base() {
        let (a, b) = (side("A=1\n", None), side("A=1\nB=2\n", None));
        let MergeOutcome::Clean(file) = merge(None, &a, &b, &keys()).unwrap() else {
            panic!("expected a clean merge");
        };
        assert_eq!(file.seal.names, ["A", "B"]);
    }
}
