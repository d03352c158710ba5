//! `file edit FILE`: decrypts an encrypted env file into a 0600 file inside a private 0700
//! directory on tmpfs ($XDG_RUNTIME_DIR, else /dev/shm), runs $VISUAL or $EDITOR on it, and
//! re-encrypts what came back: only values whose plaintext changed get new ciphertext.
//!
//! Must never: put the plaintext on a disk-backed filesystem (no tmpfs: refuse, and say
//! how to proceed), or leave it behind: the directory is removed when the editor exits,
//! also when the editor or re-encryption fails (the plaintext is overwritten first). A
//! `kill -9` of this process is the one case it cannot clean up; tmpfs is gone at reboot.

use std::io::Write as _;
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use zeroize::Zeroizing;

use super::{changes, describe, file_error, open_path, read_text, write_atomic};
use crate::cli::Global;
use crate::envfile;
use crate::error::{Exit, UserError};
use crate::output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The editor is $VISUAL, else $EDITOR, else vi; it gets a 0600 file on tmpfs that is removed when it exits."
)]
pub struct Args {
    /// The encrypted env file
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Decrypt to tmpfs, edit, re-encrypt the changed values.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let (mut target, keys, opened) = open_path(g, &args.file)?;
    let plain = envfile::render_plain(&opened.doc).map_err(|e| file_error(&args.file, e))?;
    let names: Vec<String> = opened.sealed.keys().cloned().collect();
    target.vault.record_reveal(
        "file-edit",
        &target.env.project,
        &target.env.name,
        names,
        &args.file.display().to_string(),
    )?;
    let scratch = Scratch::create(&plain)?;
    run_editor(scratch.path())?;
    let edited = Zeroizing::new(read_text(scratch.path())?);
    drop(scratch);
    if *edited == *plain {
        output::note(&format!("{}: no change", args.file.display()));
        return Ok(());
    }
    let doc = envfile::parse_plain(&edited).map_err(|e| {
        let e = file_error(Path::new("the edited text"), e);
        e.context(format!("{} was left unchanged", args.file.display()))
    })?;
    let file = envfile::seal_document(&doc, Some(&opened), &keys)
        .map_err(|e| file_error(&args.file, e))?;
    write_atomic(&args.file, file.render().as_bytes())?;
    output::note(&format!(
        "{}: {}",
        args.file.display(),
        describe(&changes(&opened.doc, &doc))
    ));
    Ok(())
}

/// The plaintext on tmpfs: a private directory holding one 0600 file. Dropping it
/// overwrites the file and removes the directory.
struct Scratch {
    dir: PathBuf,
    file: PathBuf,
}

impl Scratch {
    fn create(plain: &str) -> anyhow::Result<Scratch> {
        let base = tmpfs_base()?;
        let dir = base.join(format!("secretscli-edit-{}", super::random_suffix()));
        // 0700 from the start (no window with wider rights); fails if the name exists.
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .with_context(|| format!("cannot create a private directory in {}", base.display()))?;
        let file = dir.join("env");
        let scratch = Scratch { dir, file };
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&scratch.file)?;
        f.write_all(plain.as_bytes())?;
        Ok(scratch)
    }

    fn path(&self) -> &Path {
        &self.file
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Best effort: on tmpfs the pages are freed on removal; overwriting first keeps the
        // plaintext out of anything that still holds the file open.
        if let Ok(meta) = std::fs::metadata(&self.file)
            && let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&self.file)
        {
            let zeros = vec![0u8; usize::try_from(meta.len()).unwrap_or(0)];
            let _ = f.write_all(&zeros);
        }
        let _ = std::fs::remove_file(&self.file);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The first of $XDG_RUNTIME_DIR and /dev/shm that is a tmpfs, or an error saying why
/// there is none.
fn tmpfs_base() -> anyhow::Result<PathBuf> {
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let candidates = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/dev/shm")]);
    for dir in candidates {
        if let Ok(real) = dir.canonicalize()
            && is_tmpfs(&mounts, &real)
        {
            return Ok(real);
        }
    }
    Err(UserError::new(
        Exit::Failure,
        "no tmpfs for the plaintext: neither $XDG_RUNTIME_DIR nor /dev/shm is a memory filesystem",
        "file edit keeps plaintext off the disk; mount one, or use `secretscli file decrypt` and `file encrypt` knowing the plaintext touches the disk",
    )
    .into())
}

/// Whether `path` lies on a tmpfs or ramfs mount, by the longest mount point that holds it
/// in /proc/self/mountinfo (fields: ... mount-point(5th) ... `-` fstype ...).
fn is_tmpfs(mountinfo: &str, path: &Path) -> bool {
    let mut best: Option<(usize, bool)> = None;
    for line in mountinfo.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(mount_point) = fields.get(4) else {
            continue;
        };
        let mount_point = mount_point.replace("\\040", " ");
        let Some(dash) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let fstype = fields.get(dash + 1).copied().unwrap_or("");
        if path.starts_with(&mount_point) && best.is_none_or(|(len, _)| mount_point.len() >= len) {
            best = Some((mount_point.len(), matches!(fstype, "tmpfs" | "ramfs")));
        }
    }
    best.is_some_and(|(_, tmpfs)| tmpfs)
}

/// Runs the user's editor on `file` and waits; a failed editor changes nothing.
fn run_editor(file: &Path) -> anyhow::Result<()> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    // Through sh, so `code --wait` and other editors with arguments work; the path is an
    // argument, never part of the script.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .status()
        .with_context(|| format!("cannot run the editor {editor:?}"))?;
    if !status.success() {
        return Err(UserError::new(
            Exit::Failure,
            format!("the editor {editor:?} failed ({status}); nothing was changed"),
            "set $VISUAL or $EDITOR to an editor that exits 0 when you save",
        )
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "\
22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
23 22 0:22 / /dev/shm rw,nosuid shared:2 - tmpfs tmpfs rw
24 22 0:23 / /run/user/1000 rw shared:3 - tmpfs tmpfs rw,mode=700
25 24 0:24 / /run/user/1000/disk rw shared:4 - ext4 /dev/sdb1 rw";

    #[test]
    fn the_longest_mount_point_decides() {
        assert!(is_tmpfs(MOUNTS, Path::new("/dev/shm")));
        assert!(is_tmpfs(MOUNTS, Path::new("/run/user/1000/x")));
        assert!(!is_tmpfs(MOUNTS, Path::new("/run/user/1000/disk/x")));
        assert!(!is_tmpfs(MOUNTS, Path::new("/tmp")));
        assert!(!is_tmpfs("", Path::new("/dev/shm")));
    }
}
