//! Where reports may be written: never over an input, never twice to one
//! file, and to a FIFO or a device as a stream rather than by a rename.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::data::list_files;
use crate::run_error::RunError;
use crate::source::FileId;

/// Refuses, before anything is read, a report path that names an input
/// (the rules, a data file or a file of a data directory; through any
/// spelling, symlink or hard link) or that another report names too.
pub(super) fn check_report_paths(
    reports: &[PathBuf],
    rules: &Path,
    data: &[PathBuf],
) -> Result<(), RunError> {
    // Paths that do not exist are left for loading to report; each path's
    // files are listed on their own, so that one missing spares the rest.
    let mut inputs = vec![rules.to_path_buf()];
    for path in data.iter().filter(|p| !super::is_stdin(p)) {
        inputs.extend(list_files(std::slice::from_ref(path)).unwrap_or_default());
    }
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

/// Like [`write_atomically`], with the contents produced by `write`. A
/// symlink is written through, to its target, and stays a link; a file
/// that exists keeps its permissions, and a new one gets the user's usual
/// ones (the umask's); a read-only file is refused, not replaced.
pub(super) fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = if is_link {
        fs::canonicalize(path).map_err(|e| format!("the link leads nowhere: {e}"))?
    } else {
        path.to_path_buf()
    };
    let existing = fs::metadata(&target).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        return Err("the file is read-only; it was left as it is".into());
    }
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    match existing {
        Some(meta) => {
            builder.permissions(meta.permissions());
        }
        // As `File::create` makes it: read and write for all, less the
        // umask; a temporary file would be the owner's alone.
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        #[cfg(not(unix))]
        None => {}
    }
    let mut file = builder.tempfile_in(dir).map_err(|e| e.to_string())?;
    let _pending = super::interrupt::Pending::new(file.path());
    {
        let mut buffered = std::io::BufWriter::new(file.as_file_mut());
        write(&mut buffered).map_err(|e| e.to_string())?;
        buffered.flush().map_err(|e| e.to_string())?;
    }
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist(&target).map_err(|e| e.error.to_string())?;
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

    #[cfg(unix)]
    #[test]
    fn a_written_file_has_the_usual_permissions_and_a_link_stays_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What the umask makes of a file created the usual way.
        let usual = dir.path().join("usual");
        File::create(&usual).unwrap();
        let report = dir.path().join("report.json");
        write_atomically(&report, b"{}").unwrap();
        assert_eq!(mode(&report), mode(&usual));
        // An existing file keeps its mode; a link is written through.
        let target = dir.path().join("rules.rules");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.rules");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(mode(&target), 0o640);
        // A read-only file is refused and left as it is.
        fs::set_permissions(&target, fs::Permissions::from_mode(0o444)).unwrap();
        assert!(write_atomically(&target, b"newer").is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 4, "no temporary file is left beside the target");
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
