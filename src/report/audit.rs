//! The audit trail every report carries: which tool, which files (with
//! their SHA-256), and when.

use sha2::{Digest, Sha256};

/// A file read, and its SHA-256.
#[derive(Debug, Clone)]
pub struct FileHash {
    /// The path as given.
    pub path: String,
    /// The SHA-256 of its bytes, in hex.
    pub sha256: String,
}

impl FileHash {
    /// The hash of `contents`, read from `path`.
    pub fn of(path: &str, contents: &[u8]) -> Self {
        let digest = Sha256::digest(contents);
        let sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
        Self {
            path: path.to_string(),
            sha256,
        }
    }
}

/// What a report says about how it was made.
#[derive(Debug, Clone)]
pub struct Audit {
    /// resolute's version.
    pub version: &'static str,
    /// RFC 3339 UTC time the report was generated.
    pub generated: String,
    /// The rule file.
    pub rules: FileHash,
    /// The data files.
    pub data: Vec<FileHash>,
}

impl Audit {
    /// The audit trail for a run, generated at `unix_seconds`.
    pub fn new(rules: FileHash, data: Vec<FileHash>, unix_seconds: i64) -> Self {
        let generated = jiff::Timestamp::from_second(unix_seconds)
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_else(|_| unix_seconds.to_string());
        Self {
            version: env!("CARGO_PKG_VERSION"),
            generated,
            rules,
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_times_are_standard() {
        let hash = FileHash::of("x", b"abc");
        assert_eq!(
            hash.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let audit = Audit::new(hash, Vec::new(), 1_704_067_200);
        assert_eq!(audit.generated, "2024-01-01T00:00:00Z");
    }
}
