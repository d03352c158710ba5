//! Counted nouns for messages: "1 version", "2 versions" (a user saw `purged X (1 versions)`).

/// `n` and the noun, singular for exactly one: `count(1, "version")` is "1 version".
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

/// "version 3" or "versions 1, 2, 3".
pub fn list_versions(versions: &[u32]) -> String {
    let list: Vec<String> = versions.iter().map(u32::to_string).collect();
    match versions.len() {
        1 => format!("version {}", list[0]),
        _ => format!("versions {}", list.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{count, list_versions};

    #[test]
    fn versions_are_listed_after_a_counted_noun() {
        assert_eq!(list_versions(&[3]), "version 3");
        assert_eq!(list_versions(&[1, 2]), "versions 1, 2");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1u64, "version"), "1 version");
        assert_eq!(count(0u64, "version"), "0 versions");
        assert_eq!(count(2u64, "entry"), "2 entries");
        assert_eq!(count(1u64, "data key"), "1 data key");
        assert_eq!(count(6000u64, "data key"), "6000 data keys");
    }
}
