//! A data file as diagnostics and reports see it. A small file's text is
//! kept; a large CSV is not, and the few lines a report quotes are read
//! again from disk, so a run holds its figures and not their text.

use std::io::{Read, Seek, SeekFrom};
use std::sync::{Arc, OnceLock};

use miette::NamedSource;

use crate::span::{IndexedSource, LineIndex, Span};

#[derive(Debug)]
pub struct SourceFile {
    pub path: String,
    /// SHA-256 of the bytes read, in hex, when the run asked for it.
    pub sha256: Option<String>,
    text: Option<Arc<str>>,
    kept_index: OnceLock<Arc<LineIndex>>,
    /// Built on first use; `None` when the file can no longer be read.
    lines: OnceLock<Option<Arc<Lines>>>,
}

/// Where each line starts, and whether any byte before a column needs
/// decoding to count characters.
#[derive(Debug)]
struct Lines {
    starts: Vec<u64>,
    ascii: bool,
    /// A byte-order mark: offsets start after it.
    skip: u64,
}

/// Lines quoted around a span.
const CONTEXT_LINES: usize = 3;
/// Most bytes read again to quote one span.
const MAX_EXCERPT: u64 = 64 << 10;

impl SourceFile {
    /// A file whose text stays in memory.
    pub fn kept(path: String, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        Self {
            path,
            sha256: None,
            text: Some(text),
            kept_index: OnceLock::new(),
            lines: OnceLock::new(),
        }
    }

    /// A file read once and let go; it is read again to quote it.
    pub fn streamed(path: String) -> Self {
        Self {
            path,
            sha256: None,
            text: None,
            kept_index: OnceLock::new(),
            lines: OnceLock::new(),
        }
    }

    /// The whole text: kept, or read again. Only for diagnostics about a
    /// file that failed to load.
    pub fn text(&self) -> Arc<str> {
        match &self.text {
            Some(text) => Arc::clone(text),
            None => crate::source::read_text(
                std::path::Path::new(&self.path),
                crate::source::MAX_DATA_BYTES,
            )
            .map(Arc::from)
            .unwrap_or_else(|_| Arc::from("")),
        }
    }

    /// Line and column (1-based, column in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        if let Some(text) = &self.text {
            return self.kept_lines().line_col(text, offset);
        }
        let Some(lines) = self.lines() else {
            return (0, 0);
        };
        let offset = offset as u64;
        let line = lines.starts.partition_point(|&s| s <= offset).max(1);
        let start = lines.starts.get(line - 1).copied().unwrap_or(0).min(offset);
        let column = if lines.ascii {
            (offset - start) as usize
        } else {
            self.read_range(start, offset)
                .map_or(0, |t| String::from_utf8_lossy(&t).chars().count())
        };
        (line, column + 1)
    }

    /// The file as a diagnostic's source, for labels on `span`: the kept
    /// text, shared, or the lines around `span` read again.
    pub fn quoted(&self, span: Span) -> NamedSource<IndexedSource> {
        if let Some(text) = &self.text {
            let source = IndexedSource::shared(Arc::clone(text), Arc::clone(self.kept_lines()));
            return NamedSource::new(&self.path, source);
        }
        let excerpt = self.lines().and_then(|lines| {
            let line = lines
                .starts
                .partition_point(|&s| s <= span.start as u64)
                .saturating_sub(1);
            let first = line.saturating_sub(CONTEXT_LINES);
            let from = *lines.starts.get(first)?;
            let last = lines
                .starts
                .partition_point(|&s| s <= span.end as u64)
                .saturating_sub(1)
                + CONTEXT_LINES
                + 1;
            let to = lines.starts.get(last).copied().unwrap_or(u64::MAX);
            let to = to.min(from.max(span.end as u64) + MAX_EXCERPT);
            let bytes = self.read_range(from, to)?;
            let bytes = trim_to_char(bytes);
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Some(IndexedSource::excerpt(
                Arc::from(text),
                from as usize,
                first,
            ))
        });
        let source = excerpt.unwrap_or_else(|| IndexedSource::new(Arc::from("")));
        NamedSource::new(&self.path, source)
    }

    fn kept_lines(&self) -> &Arc<LineIndex> {
        let text = self.text.as_deref().unwrap_or_default();
        self.kept_index
            .get_or_init(|| Arc::new(LineIndex::new(text)))
    }

    fn lines(&self) -> Option<&Lines> {
        self.lines
            .get_or_init(|| scan_lines(&self.path).map(Arc::new))
            .as_deref()
    }

    fn read_range(&self, from: u64, to: u64) -> Option<Vec<u8>> {
        let skip = self.lines().map_or(0, |l| l.skip);
        let mut file = std::fs::File::open(&self.path).ok()?;
        file.seek(SeekFrom::Start(from + skip)).ok()?;
        let mut bytes = Vec::new();
        file.take(to.saturating_sub(from))
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes)
    }
}

/// Line starts of a file, read in blocks without keeping it.
fn scan_lines(path: &str) -> Option<Lines> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut block = vec![0; 1 << 20];
    let mut starts = vec![0];
    let mut ascii = true;
    let mut offset = 0u64;
    let mut skip = 0;
    loop {
        let n = file.read(&mut block).ok()?;
        if n == 0 {
            break;
        }
        let mut bytes = block.get(..n)?;
        if offset == 0 && skip == 0 && bytes.starts_with(BOM) {
            bytes = bytes.get(BOM.len()..)?;
            skip = BOM.len() as u64;
        }
        ascii &= bytes.is_ascii();
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| offset + i as u64 + 1));
        offset += bytes.len() as u64;
    }
    Some(Lines {
        starts,
        ascii,
        skip,
    })
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Drops a character cut at the end of an excerpt.
fn trim_to_char(mut bytes: Vec<u8>) -> Vec<u8> {
    if let Err(err) = std::str::from_utf8(&bytes)
        && err.error_len().is_none()
    {
        bytes.truncate(err.valid_up_to());
    }
    bytes
}
