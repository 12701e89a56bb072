//! Where reports may be written: never over an input, never twice to one
//! file, and to a FIFO or a device as a stream rather than by a rename.

use std::fs::{self, File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::data::list_files;
use crate::run_error::RunError;

/// Refuses, before anything is read, a report path that names an input
/// (the rules, a data file or a file of a data directory; through any
/// spelling, symlink or hard link) or that another report names too.
pub(super) fn check_report_paths(
    reports: &[PathBuf],
    rules: &Path,
    data: &[PathBuf],
) -> Result<(), RunError> {
    // Paths that do not exist are left for loading to report.
    let mut inputs = vec![rules.to_path_buf()];
    inputs.extend(list_files(data).unwrap_or_default());
    let inputs: Vec<(PathBuf, FileId)> = inputs
        .into_iter()
        .filter_map(|path| Some((path.clone(), FileId::of(&path)?)))
        .collect();
    let mut seen: Vec<(&Path, Option<FileId>, PathBuf)> = Vec::new();
    for report in reports {
        let id = FileId::of(report);
        if let Some(id) = id
            && let Some((input, _)) = inputs.iter().find(|(_, i)| *i == id)
        {
            return Err(RunError::ReportIsInput {
                path: report.display().to_string(),
                input: input.display().to_string(),
            });
        }
        let spelled = std::path::absolute(report).unwrap_or_else(|_| report.clone());
        let twice = seen.iter().any(|(_, other_id, other_spelled)| {
            (id.is_some() && *other_id == id) || *other_spelled == spelled
        });
        if twice {
            return Err(RunError::ReportTwice {
                path: report.display().to_string(),
            });
        }
        seen.push((report, id, spelled));
    }
    Ok(())
}

/// What makes two paths one file: its device and inode where there are
/// such, else its canonical path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    #[cfg(unix)]
    device: u64,
    #[cfg(unix)]
    inode: u64,
    #[cfg(not(unix))]
    hash: u64,
}

impl FileId {
    /// The file `path` reaches, following symlinks; `None` if there is none.
    fn of(path: &Path) -> Option<FileId> {
        let meta = fs::metadata(path).ok()?;
        Some(Self::from_meta(path, &meta))
    }

    #[cfg(unix)]
    fn from_meta(_: &Path, meta: &Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            device: meta.dev(),
            inode: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    fn from_meta(path: &Path, _: &Metadata) -> FileId {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .hash(&mut hasher);
        FileId {
            hash: hasher.finish(),
        }
    }
}

/// Writes a report to `path` with the contents `write` produces: to a
/// regular file (or a new one) through a temporary file renamed over it,
/// so a reader never sees half a report; to anything else (a FIFO,
/// `/dev/stdout`) as a stream, since a rename would replace it.
pub(super) fn write_report(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let file = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| e.to_string())?;
            stream(file, write)
        }
        _ => write_atomically_with(path, write),
    }
}

fn stream(
    file: File,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let mut buffered = std::io::BufWriter::new(file);
    write(&mut buffered).map_err(|e| e.to_string())?;
    buffered.flush().map_err(|e| e.to_string())
}

/// Writes `contents` to a temporary file beside `path`, then renames it over
/// `path`, so a reader never sees half a report.
pub(super) fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), String> {
    write_atomically_with(path, |out| out.write_all(contents))
}

/// Like [`write_atomically`], with the contents produced by `write`.
pub(super) fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    {
        let mut buffered = std::io::BufWriter::new(file.as_file_mut());
        write(&mut buffered).map_err(|e| e.to_string())?;
        buffered.flush().map_err(|e| e.to_string())?;
    }
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist(path).map_err(|e| e.error.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_may_not_be_an_input_however_it_is_reached() {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("r.rules");
        let data = dir.path().join("data");
        fs::create_dir(&data).unwrap();
        fs::write(&rules, "x >= 1\n").unwrap();
        fs::write(data.join("a.toml"), "").unwrap();
        let check =
            |report: PathBuf| check_report_paths(&[report], &rules, std::slice::from_ref(&data));
        assert!(check(dir.path().join("out.json")).is_ok());
        assert!(matches!(
            check(dir.path().join(".").join("r.rules")),
            Err(RunError::ReportIsInput { .. })
        ));
        assert!(matches!(
            check(data.join("a.toml")),
            Err(RunError::ReportIsInput { .. })
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&rules, dir.path().join("link")).unwrap();
            fs::hard_link(data.join("a.toml"), dir.path().join("hard")).unwrap();
            assert!(check(dir.path().join("link")).is_err());
            assert!(check(dir.path().join("hard")).is_err());
        }
    }

    #[test]
    fn two_reports_may_not_share_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("r.rules");
        fs::write(&rules, "x >= 1\n").unwrap();
        let a = dir.path().join("a.json");
        let same = dir.path().join(".").join("a.json");
        assert!(matches!(
            check_report_paths(&[a.clone(), same], &rules, &[]),
            Err(RunError::ReportTwice { .. })
        ));
        assert!(check_report_paths(&[a, dir.path().join("b.json")], &rules, &[]).is_ok());
    }
}
