//! The floor a check of the province workload is measured against: reading
//! the same CSV with the `csv` crate and touching every field, nothing else.
//!
//!     cargo run --release --example csv_floor -- DATA.csv

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: csv_floor DATA.csv");
        return ExitCode::from(2);
    };
    let mut reader = match csv::Reader::from_path(&path) {
        Ok(reader) => reader,
        Err(err) => {
            eprintln!("{path}: {err}");
            return ExitCode::from(2);
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut bytes) = (0u64, 0usize);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                rows += 1;
                bytes += record.iter().map(<[u8]>::len).sum::<usize>();
            }
            Ok(false) => break,
            Err(err) => {
                eprintln!("{path}: {err}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{rows} rows, {bytes} bytes of fields");
    ExitCode::SUCCESS
}
