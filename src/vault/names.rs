//! Names only, for shell completion: which keys an environment shows, starting with a
//! prefix, read straight from the `(env_id, name)` index. No values, no versions, no
//! decryption: this must stay fast on a 100,000-item vault because it runs on every TAB.

use std::collections::BTreeMap;

use super::{Env, Result, Vault};

impl Vault {
    /// Key names visible in `env` (its own and inherited, as [`Vault::list`] shows them)
    /// that start with `prefix`, sorted. With `deleted`, only `env`'s own soft-deleted keys.
    pub fn item_names(&self, env: &Env, prefix: &str, deleted: bool) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, deleted_at IS NOT NULL FROM items
             WHERE env_id = ?1 AND name >= ?2 ORDER BY name",
        )?;
        // name -> shown; a name deleted nearer does not hide an inherited value (as in list).
        let mut names: BTreeMap<String, ()> = BTreeMap::new();
        for (depth, link) in self.chain(env)?.iter().enumerate() {
            if deleted && depth > 0 {
                break;
            }
            let mut rows = stmt.query(rusqlite::params![link.id.to_string(), prefix])?;
            while let Some(row) = rows.next()? {
                let name: String = row.get(0)?;
                if !name.starts_with(prefix) {
                    break;
                }
                let is_deleted: bool = row.get(1)?;
                if is_deleted == deleted {
                    names.entry(name).or_insert(());
                }
            }
        }
        Ok(names.into_keys().collect())
    }
}
