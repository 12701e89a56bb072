//! A file's bytes, read at any offset and from any core.

/// A file's bytes, read at any offset and from any core.
pub(in crate::data) trait Source: Sync {
    /// Reads into `buf` from `offset`, returning how many bytes it read:
    /// 0 at the end of the file.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize>;

    /// [`Source::read_at`], refusing a NUL byte: a text file holds none,
    /// and a sparse or zero-filled file is refused at its first block
    /// instead of being read whole as one endless line.
    fn read_text_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        let n = self.read_at(buf, offset)?;
        match memchr::memchr(0, buf.get(..n).unwrap_or_default()) {
            Some(i) => Err(not_text(offset + i as u64)),
            None => Ok(n),
        }
    }
}

/// The error for a NUL byte at byte `offset` of a file.
pub(in crate::data) fn not_text(offset: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("a NUL byte at byte {offset}: this is not a text file"),
    )
}

#[cfg(not(any(unix, windows)))]
compile_error!("streamed files are read with positioned reads, which need unix or windows");

impl Source for std::fs::File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        loop {
            #[cfg(unix)]
            let read = std::os::unix::fs::FileExt::read_at(self, buf, offset);
            #[cfg(windows)]
            let read = std::os::windows::fs::FileExt::seek_read(self, buf, offset);
            match read {
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                read => return read,
            }
        }
    }
}

impl Source for [u8] {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        let from = usize::try_from(offset).map_or(self.len(), |o| o.min(self.len()));
        let bytes = self.get(from..).unwrap_or_default();
        let n = bytes.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), bytes.get(..n)) {
            to.copy_from_slice(from);
        }
        Ok(n)
    }
}
