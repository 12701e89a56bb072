//! Reading every data file of a run into one dataset.

use std::path::{Path, PathBuf};
use vec1::Vec1;

use miette::NamedSource;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::csv_file::{self, Streamed};
use super::files::{is_csv, list_files, no_source};
use super::reader::{Catalog, FileReader, NumberFormat, Part};
use super::workbook::{self, is_workbook};
use super::{Dataset, LoadError, LoadErrors, LoadWarnings, SourceFile};
use crate::check::Program;

mod builder;

use builder::Builder;

/// Everything that went wrong loading, per file.
#[derive(Debug)]
pub struct LoadFailure {
    /// Each file that failed, with every error in it.
    pub errors: Vec1<LoadErrors>,
}

impl LoadFailure {
    /// `loaded`, unless there were `errors`.
    pub(super) fn or<T>(errors: Vec<LoadErrors>, loaded: T) -> Result<T, LoadFailure> {
        match Vec1::try_from_vec(errors).ok() {
            Some(errors) => Err(LoadFailure { errors }),
            None => Ok(loaded),
        }
    }
}

/// How to load.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Compute each file's SHA-256 for the audit trail as it is read.
    pub hash: bool,
    /// Largest data file read, in bytes: a larger one is refused before a
    /// byte of it is read.
    pub max_file_bytes: u64,
    /// How files that do not say (a TOML file's `number_format`, every
    /// CSV file) write their numbers.
    pub number_format: NumberFormat,
}

impl LoadOptions {
    /// The default [`LoadOptions::max_file_bytes`], 2 GiB: a province's
    /// long CSV for several years is far smaller.
    pub const MAX_FILE_BYTES: u64 = 2 << 30;
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            hash: true,
            max_file_bytes: Self::MAX_FILE_BYTES,
            number_format: NumberFormat::Plain,
        }
    }
}

/// Loads every data file named by `paths` (files, or directories searched
/// for `.toml` and `.csv`), in a stable order.
pub fn load(
    paths: &[PathBuf],
    program: &Program,
) -> Result<(Dataset, Vec<LoadWarnings>), LoadFailure> {
    load_with(paths, program, LoadOptions::default())
}

/// [`load`], with options.
pub fn load_with(
    paths: &[PathBuf],
    program: &Program,
    options: LoadOptions,
) -> Result<(Dataset, Vec<LoadWarnings>), LoadFailure> {
    let files = list_files(paths)?;
    crate::pool::on_pool(|| build(files.into_iter().map(Origin::Path), program, options))
}

/// [`load_with`], with data already read as `(name, text)` pairs (such as
/// standard input) after the files of `paths`; a name ending in `.csv` is
/// read as CSV, anything else as TOML.
pub fn load_with_texts(
    paths: &[PathBuf],
    texts: Vec<(String, String)>,
    program: &Program,
    options: LoadOptions,
) -> Result<(Dataset, Vec<LoadWarnings>), LoadFailure> {
    let inputs = list_files(paths)?.into_iter().map(Origin::Path).chain(
        texts
            .into_iter()
            .map(|(name, text)| Origin::Text(name, text)),
    );
    crate::pool::on_pool(|| build(inputs, program, options))
}

/// Reads the data files named by `paths` as `(name, text)` pairs, sorted
/// by name, so a run does not depend on the order of arguments or of a
/// directory listing.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<(String, String)>, LoadFailure> {
    let mut errors = Vec::new();
    let mut sources = Vec::new();
    for path in list_files(paths)? {
        let name = path.display().to_string();
        match crate::source::read_text(&path, LoadOptions::MAX_FILE_BYTES) {
            Ok(text) => sources.push((name, text)),
            Err(err) => errors.push(unreadable(&name, &err)),
        }
    }
    LoadFailure::or(errors, sources)
}

/// Loads data files already in memory, as `(name, text)` pairs; a name
/// ending in `.csv` is read as CSV, anything else as TOML.
pub fn load_sources(
    sources: Vec<(String, String)>,
    program: &Program,
) -> Result<(Dataset, Vec<LoadWarnings>), LoadFailure> {
    let inputs = sources
        .into_iter()
        .map(|(name, text)| Origin::Text(name, text));
    crate::pool::on_pool(|| build(inputs, program, LoadOptions::default()))
}

enum Origin {
    Path(PathBuf),
    Text(String, String),
}

impl Origin {
    /// Its length in bytes, or `None` if that cannot be told.
    fn size(&self) -> Option<u64> {
        match self {
            Origin::Path(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Origin::Text(_, text) => Some(text.len() as u64),
        }
    }
}

/// Files shorter than this are read several at a time, one per core; a
/// longer one is read alone, on every core.
const SMALL_INPUT: u64 = 256 << 10;

/// Most bytes of small files read at a time: their figures wait for the
/// whole batch before they join the rest.
const BATCH_BYTES: u64 = 4 << 20;

fn build(
    inputs: impl Iterator<Item = Origin>,
    program: &Program,
    options: LoadOptions,
) -> Result<(Dataset, Vec<LoadWarnings>), LoadFailure> {
    let mut catalog = Catalog::new(program);
    catalog.number_format = options.number_format;
    let mut builder = Builder::new(&catalog);
    let mut inputs = inputs
        .map(|input| {
            let size = input.size();
            (input, size)
        })
        .peekable();
    while inputs.peek().is_some() {
        // Consecutive small files make a batch; a large file is one alone.
        let mut batch = Vec::new();
        let mut bytes = 0u64;
        while let Some((_, size)) = inputs.peek() {
            let small = size.is_some_and(|size| size < SMALL_INPUT);
            let size = size.unwrap_or(u64::MAX);
            if !batch.is_empty() && (!small || bytes.saturating_add(size) > BATCH_BYTES) {
                break;
            }
            let Some((input, _)) = inputs.next() else {
                break;
            };
            batch.push(input);
            bytes = bytes.saturating_add(size);
            if !small {
                break;
            }
        }
        let read = |input| read_input(input, &catalog, options);
        let results: Vec<_> = if batch.len() == 1 {
            batch.into_iter().map(read).collect()
        } else {
            batch.into_par_iter().map(read).collect()
        };
        // In the order given, so a run does not depend on which core was first.
        for result in results {
            match result {
                Ok(files) => {
                    for (file, csv, part) in files {
                        builder.add_file(file, csv, part);
                    }
                }
                Err(errors) => builder.failure.push(errors),
            }
        }
    }
    builder.finish()
}

/// One file's figures, and the file as reports will quote it.
fn read_input(
    input: Origin,
    catalog: &Catalog<'_>,
    options: LoadOptions,
) -> Result<Vec<(SourceFile, bool, Part)>, LoadErrors> {
    let (name, text) = match input {
        Origin::Text(name, text) => (name, text),
        Origin::Path(path) => {
            let name = path.display().to_string();
            let limit = options.max_file_bytes;
            if let Ok(meta) = std::fs::metadata(&path)
                && meta.len() > limit
            {
                let err = LoadError::TooLarge {
                    path: name.clone(),
                    size: meta.len(),
                    limit,
                };
                return Err(no_source(&name, err));
            }
            if is_csv(&path) {
                let io = |err: std::io::Error| LoadError::Io {
                    path: name.clone(),
                    reason: err.to_string(),
                };
                let file = std::fs::File::open(&path).map_err(|e| no_source(&name, io(e)))?;
                let size = file.metadata().ok().map(|m| m.len());
                let mut hasher = Sha256::new();
                let mut feed = |bytes: &[u8]| hasher.update(bytes);
                let consumed: Option<csv_file::Feed<'_>> = options.hash.then_some(&mut feed);
                let streamed = csv_file::stream(&file, size, catalog, limit, consumed)
                    .map_err(|e| no_source(&name, io(e)))?;
                if let Streamed::Read(part, lines) = streamed {
                    let mut source = SourceFile::streamed(name, lines);
                    source.sha256 = options.hash.then(|| hex(&hasher.finalize()));
                    return Ok(vec![(source, true, *part)]);
                }
            }
            if is_workbook(&path) {
                let bytes = std::fs::read(&path).map_err(|err| {
                    no_source(
                        &name,
                        LoadError::Io {
                            path: name.clone(),
                            reason: err.to_string(),
                        },
                    )
                })?;
                let sha256 = options.hash.then(|| hex(&Sha256::digest(&bytes)));
                let sheets = workbook::sheets(&name, bytes).map_err(|e| no_source(&name, e))?;
                // Each sheet is read as a CSV file is, and located by cell.
                return Ok(sheets
                    .into_iter()
                    .map(|sheet| {
                        let part = read_csv_text(&sheet.text, catalog);
                        let mut source =
                            SourceFile::sheet(&name, &sheet.name, sheet.text, sheet.cells);
                        source.sha256.clone_from(&sha256);
                        (source, true, part)
                    })
                    .collect());
            }
            let text =
                crate::source::read_text(&path, limit).map_err(|err| unreadable(&name, &err))?;
            (name, text)
        }
    };
    let sha256 = options.hash.then(|| hex(&Sha256::digest(text.as_bytes())));
    let csv = is_csv(Path::new(&name));
    let part = if csv {
        read_csv_text(&text, catalog)
    } else {
        let mut reader = FileReader::new(catalog);
        super::toml_file::read(&text, &mut reader);
        reader.part
    };
    let mut source = SourceFile::kept(name, text);
    source.sha256 = sha256;
    Ok(vec![(source, csv, part)])
}

/// The figures of a CSV file's text.
fn read_csv_text(text: &str, catalog: &Catalog<'_>) -> Part {
    match csv_file::stream(
        text.as_bytes(),
        Some(text.len() as u64),
        catalog,
        u64::MAX,
        None,
    ) {
        Ok(Streamed::Read(part, _)) => *part,
        _ => {
            let mut reader = FileReader::new(catalog);
            csv_file::read_whole(text, &mut reader);
            reader.part
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unreadable(name: &str, err: &crate::source::ReadError) -> LoadErrors {
    let err = LoadError::Io {
        path: name.to_string(),
        reason: err.to_string(),
    };
    no_source(name, err)
}

/// Errors with the file's text they point at, long lines cut.
pub(super) fn quoted(source: &SourceFile, mut errors: Vec1<LoadError>) -> LoadErrors {
    let shown = source.quoting(errors.iter_mut().flat_map(LoadError::spans_mut).collect());
    LoadErrors {
        src: NamedSource::new(&source.path, shown),
        errors,
    }
}
