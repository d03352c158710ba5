//! Projects and environments, and the inheritance chain between environments.

use rusqlite::{OptionalExtension, params};
use uuid::Uuid;

use super::{Result, Unlocked, Vault, VaultError, audit, envset, nearest, now_ms};

/// A project: a named group of environments.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Project {
    /// Stable id, the same on every device.
    pub id: Uuid,
    /// Unique name.
    pub name: String,
    /// Creation time (ms since epoch).
    pub created_at: i64,
}

/// An environment: a set of items inside a project, optionally inheriting another's.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Env {
    /// Stable id, the same on every device.
    pub id: Uuid,
    /// Owning project's id.
    pub project_id: Uuid,
    /// Owning project's name.
    pub project: String,
    /// Name, unique within the project.
    pub name: String,
    /// The environment this one inherits from.
    pub parent: Option<String>,
    /// Id of that environment.
    #[serde(skip)]
    pub parent_id: Option<Uuid>,
    /// Env key version used for new writes.
    pub key_version: u32,
    /// Bumped on every change; cheap to poll.
    pub revision: i64,
    /// Creation time (ms since epoch).
    pub created_at: i64,
}

impl Env {
    /// `project/env`, for messages.
    pub fn label(&self) -> String {
        format!("{}/{}", self.project, self.name)
    }
}

const ENV_COLUMNS: &str = "e.id, e.project_id, p.name, e.name, pe.name, e.parent_id, e.key_version, e.revision, e.created_at
     FROM envs e JOIN projects p ON p.id = e.project_id LEFT JOIN envs pe ON pe.id = e.parent_id";

fn env_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Env> {
    let uuid = |i: usize| -> rusqlite::Result<Uuid> {
        let s: String = r.get(i)?;
        Uuid::parse_str(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let parent_id: Option<String> = r.get(5)?;
    Ok(Env {
        id: uuid(0)?,
        project_id: uuid(1)?,
        project: r.get(2)?,
        name: r.get(3)?,
        parent: r.get(4)?,
        parent_id: parent_id.and_then(|s| Uuid::parse_str(&s).ok()),
        key_version: r.get(6)?,
        revision: r.get(7)?,
        created_at: r.get(8)?,
    })
}

/// Checks a project or environment name: short, printable, no path or shell surprises.
pub fn check_name(what: &'static str, name: &str) -> Result<()> {
    let why = if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 64 {
        Some("it is longer than 64 bytes")
    } else if name.starts_with('-') {
        Some("it starts with '-'")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        Some("use only letters, digits, '.', '_' and '-'")
    } else {
        None
    };
    match why {
        Some(why) => Err(VaultError::InvalidName {
            what,
            name: super::items::quoted_prefix(name),
            why,
        }),
        None => Ok(()),
    }
}

impl Vault {
    /// Creates an empty project.
    pub fn create_project(&mut self, name: &str) -> Result<Project> {
        check_name("project", name)?;
        let project = Project {
            id: Uuid::new_v4(),
            name: name.to_string(),
            created_at: now_ms(),
        };
        let tx = self.write_tx()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM projects WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(VaultError::Exists {
                what: "project",
                name: name.to_string(),
            });
        }
        tx.execute(
            "INSERT INTO projects (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![project.id.to_string(), project.name, project.created_at],
        )?;
        self.audit(&tx, &audit::Event::new("project-create", name, ""))?;
        tx.commit()?;
        Ok(project)
    }

    /// All projects, by name.
    pub fn projects(&self) -> Result<Vec<Project>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, created_at FROM projects ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            let id: String = r.get(0)?;
            Ok(Project {
                id: Uuid::parse_str(&id).unwrap_or_default(),
                name: r.get(1)?,
                created_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The project called `name`, or an error suggesting the nearest name.
    pub fn project(&self, name: &str) -> Result<Project> {
        let projects = self.projects()?;
        if let Some(p) = projects.iter().find(|p| p.name == name) {
            return Ok(p.clone());
        }
        Err(VaultError::ProjectNotFound {
            name: name.to_string(),
            suggestion: nearest(name, projects.iter().map(|p| p.name.as_str())),
        })
    }

    /// Deletes a project with all its environments and items (irreversible).
    pub fn remove_project(&mut self, name: &str) -> Result<()> {
        let project = self.project(name)?;
        let tx = self.write_tx()?;
        // Children first: parent_id references have no cascade, on purpose.
        tx.execute(
            "UPDATE envs SET parent_id = NULL WHERE project_id = ?1",
            [project.id.to_string()],
        )?;
        tx.execute(
            "DELETE FROM projects WHERE id = ?1",
            [project.id.to_string()],
        )?;
        self.audit(&tx, &audit::Event::new("project-rm", name, ""))?;
        tx.commit()?;
        Ok(())
    }

    /// Creates an environment with its first key, optionally inheriting `parent`.
    pub fn create_env(
        &mut self,
        unlocked: &mut Unlocked,
        project: &Project,
        name: &str,
        parent: Option<&str>,
    ) -> Result<Env> {
        check_name("environment", name)?;
        let parent = parent.map(|p| self.env(project, p)).transpose()?;
        if self.envs(project)?.iter().any(|e| e.name == name) {
            return Err(VaultError::Exists {
                what: "environment",
                name: format!("{}/{name}", project.name),
            });
        }
        let id = Uuid::new_v4();
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO envs (id, project_id, name, parent_id, key_version, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)",
            params![id.to_string(), project.id.to_string(), name, parent.as_ref().map(|p| p.id.to_string()), now_ms()],
        )?;
        Self::insert_env_key(&tx, unlocked, project.id, id, 1)?;
        envset::seal_empty(&tx, &self.macs()?.env_items, id)?;
        let mut event = audit::Event::new("env-create", &project.name, name);
        if let Some(p) = &parent {
            event.detail = format!("inherits {}", p.name);
        }
        self.audit(&tx, &event)?;
        tx.commit()?;
        self.env(project, name)
    }

    /// All environments of a project, by name.
    pub fn envs(&self, project: &Project) -> Result<Vec<Env>> {
        let sql = format!("SELECT {ENV_COLUMNS} WHERE e.project_id = ?1 ORDER BY e.name");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([project.id.to_string()], env_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The environment `name` of `project`, or an error suggesting the nearest name.
    pub fn env(&self, project: &Project, name: &str) -> Result<Env> {
        let sql = format!("SELECT {ENV_COLUMNS} WHERE e.project_id = ?1 AND e.name = ?2");
        let found = self
            .conn
            .query_row(&sql, params![project.id.to_string(), name], env_from_row)
            .optional()?;
        match found {
            Some(env) => Ok(env),
            None => {
                let envs = self.envs(project)?;
                Err(VaultError::EnvNotFound {
                    project: project.name.clone(),
                    name: name.to_string(),
                    suggestion: nearest(name, envs.iter().map(|e| e.name.as_str())),
                })
            }
        }
    }

    /// The environment with this id (the same on every device), as an encrypted env file
    /// names it.
    pub fn env_by_id(&self, id: Uuid) -> Result<Env> {
        let sql = format!("SELECT {ENV_COLUMNS} WHERE e.id = ?1");
        Ok(self.conn.query_row(&sql, [id.to_string()], env_from_row)?)
    }

    /// `env` followed by its ancestors, nearest first.
    pub fn chain(&self, env: &Env) -> Result<Vec<Env>> {
        let mut chain = vec![env.clone()];
        while let Some(parent) = chain.last().and_then(|e| e.parent_id) {
            if chain.iter().any(|e| e.id == parent) {
                let names: Vec<_> = chain.iter().map(|e| e.name.as_str()).collect();
                return Err(VaultError::Cycle(names.join(" -> ")));
            }
            chain.push(self.env_by_id(parent)?);
        }
        Ok(chain)
    }

    /// Makes `env` inherit `parent` (or nothing); refuses a change that would form a cycle.
    pub fn set_parent(&mut self, project: &Project, env: &str, parent: Option<&str>) -> Result<()> {
        let env = self.env(project, env)?;
        let parent = parent.map(|p| self.env(project, p)).transpose()?;
        if let Some(parent) = &parent {
            let ancestors = self.chain(parent)?;
            if ancestors.iter().any(|a| a.id == env.id) {
                let mut names: Vec<_> = ancestors.iter().map(|e| e.name.clone()).collect();
                names.insert(0, env.name.clone());
                if names.last() != Some(&env.name) {
                    names.push(env.name.clone());
                }
                return Err(VaultError::Cycle(names.join(" -> ")));
            }
        }
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE envs SET parent_id = ?1, revision = revision + 1 WHERE id = ?2",
            params![
                parent.as_ref().map(|p| p.id.to_string()),
                env.id.to_string()
            ],
        )?;
        let mut event = audit::Event::new("env-inherit", &project.name, &env.name);
        event.detail = parent
            .map(|p| format!("inherits {}", p.name))
            .unwrap_or_else(|| "inherits nothing".into());
        self.audit(&tx, &event)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes an environment and its items (irreversible); refused while others inherit it.
    pub fn remove_env(&mut self, project: &Project, name: &str) -> Result<()> {
        let env = self.env(project, name)?;
        let children: Vec<String> = self
            .envs(project)?
            .into_iter()
            .filter(|e| e.parent_id == Some(env.id))
            .map(|e| e.name)
            .collect();
        if !children.is_empty() {
            return Err(VaultError::HasChildren {
                name: name.to_string(),
                children: children.join(", "),
            });
        }
        let tx = self.write_tx()?;
        tx.execute("DELETE FROM envs WHERE id = ?1", [env.id.to_string()])?;
        self.audit(&tx, &audit::Event::new("env-rm", &project.name, name))?;
        tx.commit()?;
        Ok(())
    }
}
