//! Reading input files: size limits, UTF-8 with a located error, and the
//! byte-order mark some editors write.

use std::io::Read;
use std::path::Path;

/// Largest rule or test file read: a resolution fits in far less.
pub const MAX_RULES_BYTES: u64 = 4 << 20;

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Io(String),
    TooLarge {
        limit: u64,
    },
    /// The first invalid byte, 1-based line and column.
    NotUtf8 {
        line: usize,
        column: usize,
    },
    /// The first NUL byte, 1-based line and column: no text file has one.
    Nul {
        line: usize,
        column: usize,
    },
}

/// Reads `path` as UTF-8 text of at most `limit` bytes, without a BOM.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    read_text_from(file, limit)
}

/// [`read_text`] from any reader, such as standard input.
pub fn read_text_from(reader: impl Read, limit: u64) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    // Read one byte past the limit to tell "exactly at" from "over".
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    decode(bytes)
}

/// UTF-8 text from `bytes`, minus a leading byte-order mark.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        let before = String::from_utf8_lossy(bytes.get(..at).unwrap_or_default());
        let (line, column) = crate::span::line_col(&before, before.len());
        return Err(ReadError::Nul { line, column });
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let (line, column) = crate::span::line_col(&text, text.len());
        ReadError::NotUtf8 { line, column }
    })
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(reason) => f.write_str(reason),
            ReadError::TooLarge { limit } => {
                write!(f, "larger than the limit of {} MiB", limit >> 20)
            }
            ReadError::Nul { line, column } => {
                write!(
                    f,
                    "a NUL byte at line {line}, column {column}: this is not a text file"
                )
            }
            ReadError::NotUtf8 { line, column } => {
                write!(
                    f,
                    "not valid UTF-8 (first bad byte at line {line}, column {column}); save it as UTF-8"
                )
            }
        }
    }
}

/// What makes two paths one file: its device and inode where there are
/// such, else its canonical path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct FileId {
    #[cfg(unix)]
    device: u64,
    #[cfg(unix)]
    inode: u64,
    #[cfg(not(unix))]
    hash: u64,
}

impl FileId {
    /// The file `path` reaches, following symlinks; `None` if there is none.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self::from_meta(path, &meta))
    }

    #[cfg(unix)]
    pub fn from_meta(_: &Path, meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            device: meta.dev(),
            inode: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    pub fn from_meta(path: &Path, _: &std::fs::Metadata) -> FileId {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .hash(&mut hasher);
        FileId {
            hash: hasher.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_bom_and_locates_bad_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFx = 1".to_vec()).unwrap(), "x = 1");
        assert_eq!(
            decode(b"a\nbc\xFFd".to_vec()),
            Err(ReadError::NotUtf8 { line: 2, column: 3 })
        );
    }
}
