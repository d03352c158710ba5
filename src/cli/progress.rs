//! The progress bar of long commands (import, push, pull, rotate-key --now): the library
//! reports stages through a callback, this draws them. The bar is decided on the first
//! report, when the size of the work is known: shown only for large work on a terminal
//! (`output::progress`), so pipes and logs never get bar frames.

use indicatif::ProgressBar;

use crate::output;
use crate::sync;
use crate::vault;

/// A bar created lazily and shared by a command's stages, each with its own total.
/// Cleared when dropped, also on an early error return.
#[derive(Default)]
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// Shows `stage` at `done` of `total` things of kind `unit` (e.g. "items").
    pub fn update(&mut self, stage: &'static str, unit: &'static str, done: u64, total: u64) {
        let bar = self.0.get_or_insert_with(|| output::progress(total));
        if bar.message() != stage {
            bar.set_message(stage);
            bar.set_prefix(unit);
            bar.set_length(total);
        }
        bar.set_position(done);
    }

    /// Shows a vault stage.
    pub fn vault(&mut self, p: vault::Progress) {
        let (stage, unit, done, total) = match p {
            vault::Progress::Unwrapping { done, total } => ("unwrapping", "data keys", done, total),
            vault::Progress::Rewrapping { done, total } => ("rewrapping", "data keys", done, total),
        };
        self.update(stage, unit, done, total);
    }

    /// Shows a sync stage.
    pub fn sync(&mut self, p: sync::Progress) {
        let (stage, done, total) = match p {
            sync::Progress::Applying { done, total } => ("applying", done, total),
            sync::Progress::Sending { done, total } => ("sending", done, total),
        };
        self.update(stage, "items", done, total);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = self.0.take() {
            bar.finish_and_clear();
        }
    }
}
