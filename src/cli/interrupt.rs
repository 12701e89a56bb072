//! Temporary report files are removed when the run is interrupted (Ctrl-C,
//! SIGTERM, SIGHUP): a report being written beside its target is never
//! left behind half-written under a temporary name.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary files being written now.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit code of a run stopped by a signal, as shells report SIGINT.
const EXIT_INTERRUPTED: i32 = 130;

/// Removes the pending temporary files, then exits, on an interrupt. For
/// the binary's `main`: a library leaves signals to its program.
pub fn clean_up_on_interrupt() {
    // Set once per process; a second call changes nothing.
    let _ = ctrlc::set_handler(|| {
        let pending = match PENDING.lock() {
            Ok(pending) => pending,
            Err(poisoned) => poisoned.into_inner(),
        };
        for path in pending.iter() {
            let _ = std::fs::remove_file(path);
        }
        std::process::exit(EXIT_INTERRUPTED);
    });
}

/// A temporary file registered for removal on an interrupt while this
/// lives.
pub(super) struct Pending(PathBuf);

impl Pending {
    pub fn new(path: &Path) -> Self {
        if let Ok(mut pending) = PENDING.lock() {
            pending.push(path.to_path_buf());
        }
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut pending) = PENDING.lock() {
            pending.retain(|p| p != &self.0);
        }
    }
}
