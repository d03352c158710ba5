//! Replacing this process with the command, with exactly the planned environment.
//!
//! `std::process::Command` copies every variable into a sorted map and then into a second
//! array; at 10,000 variables that bookkeeping costs more than the exec itself. Here the
//! `KEY=VALUE` strings are built once and handed to `execve(2)` (through `nix`, whose
//! wrapper is safe). The search follows `execvp(3)` as glibc implements it, on the
//! child's `PATH`, as `Command` does when the environment is replaced: directories in
//! order, an empty entry meaning the current directory, `EACCES` remembered while later
//! directories are tried, and a file without a `#!` line run by `/bin/sh`.

use std::ffi::{CString, OsStr, OsString};
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
    match prepare(program, args, env) {
        Ok((argv, envp)) => search(program.as_bytes(), &argv, &envp),
        Err(e) => e,
    }
}

fn prepare(
    program: &OsStr,
    args: &[OsString],
    env: &[(OsString, OsString)],
) -> io::Result<(Vec<CString>, Vec<CString>)> {
    let nul = |what: &str| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{what} contains a NUL byte"),
        )
    };
    let mut argv = Vec::with_capacity(args.len() + 1);
    argv.push(CString::new(program.as_bytes()).map_err(|_| nul("the command"))?);
    for a in args {
        argv.push(CString::new(a.as_bytes()).map_err(|_| nul("an argument"))?);
    }
    let mut envp = Vec::with_capacity(env.len());
    for (k, v) in env {
        let mut pair = Vec::with_capacity(k.len() + v.len() + 2);
        pair.extend_from_slice(k.as_bytes());
        pair.push(b'=');
        pair.extend_from_slice(v.as_bytes());
        envp.push(CString::new(pair).map_err(|_| nul("a variable"))?);
    }
    Ok((argv, envp))
}

/// Tries each candidate path like `execvp`; returns the error to report.
fn search(program: &[u8], argv: &[CString], envp: &[CString]) -> io::Error {
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
fn try_exec(path: &CString, argv: &[CString], envp: &[CString]) -> Errno {
    let Err(errno) = execve(path, argv, envp);
    if errno != Errno::ENOEXEC {
        return errno;
    }
    let shell = CString::new(SHELL).expect("no NUL in a constant");
    let mut script_argv = Vec::with_capacity(argv.len() + 1);
    script_argv.push(shell.clone());
    script_argv.push(path.clone());
    script_argv.extend(argv.iter().skip(1).cloned());
    let Err(errno) = execve(&shell, &script_argv, envp);
    errno
}

/// The `PATH` the child will see.
fn path_of(envp: &[CString]) -> &[u8] {
    envp.iter()
        .find_map(|kv| kv.as_bytes().strip_prefix(b"PATH="))
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
}
