//! Which files a run reads: the files named, and the data files of the
//! directories named, symlinked directories visited once.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use vec1::Vec1;

use miette::NamedSource;

use super::{LoadError, LoadErrors, LoadFailure};
use crate::source::FileId;
use crate::span::Excerpts;

/// The data files `paths` name: the files given, and the `.toml` and `.csv`
/// files of the directories given, sorted, each once.
pub fn list_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadFailure> {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if let Err(err) = collect_files(path, &mut files) {
            errors.push(no_source(&path.display().to_string(), err));
        }
    }
    files.sort();
    // One file under two names (`a.csv` and `./a.csv`, a link to it, a
    // directory and a file in it) is read once, under the first name.
    let mut seen = HashSet::new();
    files.retain(|file| FileId::of(file).is_none_or(|id| seen.insert(id)));
    LoadFailure::or(errors, files)
}

pub(super) fn no_source(name: &str, err: LoadError) -> LoadErrors {
    LoadErrors {
        src: NamedSource::new(name, Excerpts::default()),
        errors: Vec1::new(err),
    }
}

pub(super) fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn is_data_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("toml"))
        || super::workbook::is_workbook(path)
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let io = |err: std::io::Error| LoadError::Io {
        path: path.display().to_string(),
        reason: err.to_string(),
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        // A pattern the shell did not expand (quoted, or a shell that
        // expands none): expanded here, the same on every platform.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && is_pattern(path) => {
            return expand(path, out);
        }
        Err(err) => return Err(io(err)),
    };
    if !meta.is_dir() {
        refuse_special(path, &meta)?;
        out.push(path.to_path_buf());
        return Ok(());
    }
    let before = out.len();
    let mut stack = vec![path.to_path_buf()];
    let mut seen = BTreeSet::new();
    let io_at = |at: &Path, err: std::io::Error| LoadError::Io {
        path: at.display().to_string(),
        reason: err.to_string(),
    };
    while let Some(dir) = stack.pop() {
        // Symlinked directories can form loops; visit each real directory once.
        let real = std::fs::canonicalize(&dir).map_err(|e| io_at(&dir, e))?;
        if !seen.insert(real) {
            continue;
        }
        for entry in std::fs::read_dir(&dir).map_err(|e| io_at(&dir, e))? {
            let child = entry.map_err(|e| io_at(&dir, e))?.path();
            match std::fs::metadata(&child) {
                Ok(m) if m.is_dir() => stack.push(child),
                Ok(m) if is_data_file(&child) => {
                    refuse_special(&child, &m)?;
                    out.push(child);
                }
                Ok(_) => {}
                Err(err) => return Err(io_at(&child, err)),
            }
        }
    }
    if out.len() == before {
        return Err(LoadError::NoDataFiles {
            path: path.display().to_string(),
        });
    }
    Ok(())
}

/// Whether `path` holds a wildcard: `*`, `?` or `[`.
fn is_pattern(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.contains(['*', '?', '[']))
}

/// The data files and directories matching the pattern `path`, each
/// collected as if named (a match of another kind, such as a `README.md`
/// under `data/*`, is passed over); none is an error.
fn expand(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let pattern = path.to_str().unwrap_or_default();
    let no_match = || LoadError::NoMatch {
        pattern: pattern.to_string(),
    };
    let matches = glob::glob(pattern).map_err(|_| no_match())?;
    let mut found = false;
    for entry in matches {
        let matched = entry.map_err(|err| LoadError::Io {
            path: err.path().display().to_string(),
            reason: err.error().to_string(),
        })?;
        if matched.is_dir() || is_data_file(&matched) {
            found = true;
            collect_files(&matched, out)?;
        }
    }
    if found { Ok(()) } else { Err(no_match()) }
}

/// A FIFO, a device or a socket is not read: it may never end (`/dev/zero`)
/// or never start (a FIFO nobody writes to).
fn refuse_special(path: &Path, meta: &std::fs::Metadata) -> Result<(), LoadError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(LoadError::NotAFile {
        path: path.display().to_string(),
        kind: special_kind(meta),
    })
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "not a regular file"
}
