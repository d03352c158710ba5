//! Which process holds a lease: the `lease postgres` that revokes it when its command
//! exits. A lease whose holder is gone (kill -9, a crash, a reboot) has nobody to revoke
//! it, so `lease reap` does. A pid alone could be reused by an unrelated process; its
//! start time (field 22 of `/proc/PID/stat`, clock ticks since boot) tells them apart.
//! Where `/proc` cannot be read, the holder is unknown and only expiry reaps the lease.

use crate::vault::Lease;

/// This process: its pid and start time.
pub(super) fn me() -> (u32, Option<u64>) {
    let pid = std::process::id();
    (pid, start_time(pid))
}

/// The start time of a live process `pid`; `None` when it is gone (or a zombie).
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count after the last ')'.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split(' ');
    let state = fields.next()?;
    if state == "Z" || state == "X" {
        return None;
    }
    // Fields 3.. follow; the start time is field 22, the 19th after the state.
    fields.nth(18)?.parse().ok()
}

/// Whether `lease`'s holder is known and no longer runs.
pub(super) fn is_gone(lease: &Lease) -> bool {
    match (lease.holder_pid, lease.holder_start) {
        (Some(pid), Some(start)) => start_time(pid) != Some(start),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_start_time_and_a_finished_child_has_none() {
        let (pid, start) = me();
        assert_eq!(start_time(pid), start);
        assert!(start.is_some());
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let child_pid = child.id();
        child.wait().unwrap();
        assert_eq!(start_time(child_pid), None);
    }
}
