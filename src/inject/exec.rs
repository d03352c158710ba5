//! Replacing this process with the command, with exactly the planned environment.
//!
//! `std::process::Command` copies every variable into a sorted map and then into a second
//! array; at 10,000 variables that bookkeeping costs more than the exec itself. Here the
//! `KEY=VALUE` strings are built once and handed to `execve(2)` (through `nix`, whose
//! wrapper is safe). The search follows `execvp(3)` as glibc implements it, on the
//! child's `PATH`, as `Command` does when the environment is replaced: directories in
//! order, an empty entry meaning the current directory, `EACCES` remembered while later
//! directories are tried, and a file without a `#!` line run by `/bin/sh`.

use std::ffi::{CStr, CString, OsStr, OsString};
use std::io;
use std::os::unix::ffi::OsStrExt;

use nix::errno::Errno;
use nix::unistd::execve;

/// `PATH` when the environment has none (glibc's `_CS_PATH`).
const DEFAULT_PATH: &[u8] = b"/bin:/usr/bin";
const SHELL: &str = "/bin/sh";

/// Runs `program` with `args` and exactly `env` in place of this process. Returns only
/// when no exec succeeded, with the error a shell would report.
pub fn exec(program: &OsStr, args: &[OsString], env: &[(OsString, OsString)]) -> io::Error {
    let block = env_block(env);
    let prepared = env_strings(&block).and_then(|envp| Ok((argv(program, args)?, envp)));
    match prepared {
        Ok((argv, envp)) => search(program.as_bytes(), &argv, &envp),
        Err(e) => e,
    }
}

fn nul(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what} contains a NUL byte"),
    )
}

fn argv(program: &OsStr, args: &[OsString]) -> io::Result<Vec<CString>> {
    let mut argv = Vec::with_capacity(args.len() + 1);
    argv.push(CString::new(program.as_bytes()).map_err(|_| nul("the command"))?);
    for a in args {
        argv.push(CString::new(a.as_bytes()).map_err(|_| nul("an argument"))?);
    }
    Ok(argv)
}

/// Every `KEY=VALUE\0` string end to end in one buffer, with where each ends: one
/// allocation for the whole environment instead of one per variable (a thousand at 1,000
/// items).
struct EnvBlock {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

fn env_block(env: &[(OsString, OsString)]) -> EnvBlock {
    let len = env.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let mut bytes = Vec::with_capacity(len);
    let mut ends = Vec::with_capacity(env.len());
    for (k, v) in env {
        bytes.extend_from_slice(k.as_bytes());
        bytes.push(b'=');
        bytes.extend_from_slice(v.as_bytes());
        bytes.push(0);
        ends.push(bytes.len());
    }
    EnvBlock { bytes, ends }
}

/// The block's strings, for `execve`'s `envp`. Each string is checked once, here: a NUL
/// inside a key or value (which would split one variable in two) is refused before any
/// exec.
fn env_strings(block: &EnvBlock) -> io::Result<Vec<&CStr>> {
    let mut start = 0;
    let mut strings = Vec::with_capacity(block.ends.len());
    for &end in &block.ends {
        let kv =
            CStr::from_bytes_with_nul(&block.bytes[start..end]).map_err(|_| nul("a variable"))?;
        strings.push(kv);
        start = end;
    }
    Ok(strings)
}

/// Tries each candidate path like `execvp`; returns the error to report.
fn search(program: &[u8], argv: &[CString], envp: &[&CStr]) -> io::Error {
    if program.contains(&b'/') {
        return match CString::new(program) {
            Ok(path) => io::Error::from(try_exec(&path, argv, envp)),
            Err(_) => io::Error::from(Errno::ENOENT),
        };
    }
    let mut denied = false;
    for dir in path_of(envp).split(|&b| b == b':') {
        let mut candidate = Vec::with_capacity(dir.len() + program.len() + 1);
        if !dir.is_empty() {
            candidate.extend_from_slice(dir);
            candidate.push(b'/');
        }
        candidate.extend_from_slice(program);
        let Ok(path) = CString::new(candidate) else {
            continue;
        };
        match try_exec(&path, argv, envp) {
            Errno::EACCES => denied = true,
            Errno::ENOENT | Errno::ENOTDIR | Errno::ESTALE | Errno::ENODEV | Errno::ETIMEDOUT => {}
            other => return io::Error::from(other),
        }
    }
    io::Error::from(if denied { Errno::EACCES } else { Errno::ENOENT })
}

/// One `execve`; a file the kernel cannot run (`ENOEXEC`: no `#!` line) goes to `/bin/sh`.
fn try_exec(path: &CStr, argv: &[CString], envp: &[&CStr]) -> Errno {
    let Err(errno) = execve(path, argv, envp);
    if errno != Errno::ENOEXEC {
        return errno;
    }
    let shell = CString::new(SHELL).expect("no NUL in a constant");
    let mut script_argv = Vec::with_capacity(argv.len() + 1);
    script_argv.push(shell.clone());
    script_argv.push(path.to_owned());
    script_argv.extend(argv.iter().skip(1).cloned());
    let Err(errno) = execve(&shell, &script_argv, envp);
    errno
}

/// The `PATH` the child will see.
fn path_of<'e>(envp: &[&'e CStr]) -> &'e [u8] {
    envp.iter()
        .find_map(|kv| kv.to_bytes().strip_prefix(b"PATH="))
        .unwrap_or(DEFAULT_PATH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_on_no_path_directory_is_not_found() {
        let env = vec![(
            OsString::from("PATH"),
            OsString::from("/nonexistent-a:/nonexistent-b"),
        )];
        let err = exec(OsStr::new("definitely-not-a-program"), &[], &env);
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_directory_named_as_the_program_is_permission_denied() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("prog")).unwrap();
        let env = vec![(OsString::from("PATH"), dir.path().as_os_str().to_owned())];
        let err = exec(OsStr::new("prog"), &[], &env);
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
    }

    #[test]
    fn a_nul_in_an_argument_is_refused_before_any_exec() {
        let err = exec(OsStr::new("true"), &[OsString::from("a\0b")], &[]);
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("argument"), "{err}");
    }

    #[test]
    fn a_nul_in_a_variable_is_refused_before_any_exec_not_split_in_two() {
        for (k, v) in [("A", "x\0B=y"), ("A\0B", "y")] {
            let env = vec![(OsString::from(k), OsString::from(v))];
            let err = exec(OsStr::new("/nonexistent/true"), &[], &env);
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{k:?}");
            assert!(err.to_string().contains("variable"), "{err}");
        }
    }

    #[test]
    fn the_env_block_holds_each_variable_once_in_order() {
        let env = vec![
            (OsString::from("A"), OsString::from("1")),
            (OsString::from("EMPTY"), OsString::new()),
            (OsString::from("B"), OsString::from("x=y")),
        ];
        let block = env_block(&env);
        let strings: Vec<&[u8]> = env_strings(&block)
            .unwrap()
            .iter()
            .map(|s| s.to_bytes())
            .collect();
        assert_eq!(strings, [&b"A=1"[..], b"EMPTY=", b"B=x=y"]);
    }
}
