//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) in the long layout of the
//! CSV form: each visible sheet that holds anything is read, from its row
//! naming `entity` down (titles above it passed over, blank rows too), as
//! the rows of a CSV file (`entity, period, metric, value, unit ...`) by
//! the same reader, and every figure is located at its cell
//! (`data.xlsx!Q4!D12`).
//!
//! A workbook stores a number as a binary double. It is read as the
//! shortest decimal that stands for that double: the number as it was
//! typed, for anything typed (a spreadsheet keeps 15 significant digits,
//! and every decimal of 15 digits has a double of its own), so `0.1` is
//! 0.1 and `2662.6` is 2662.6, never 0.1000000000000000055...

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, SheetVisible, open_workbook_auto_from_rs};

use super::LoadError;
use super::source_file::Cells;

/// A sheet read as the text of its rows.
pub(super) struct Sheet {
    /// The sheet's name (`Q4`).
    pub name: String,
    pub text: String,
    pub cells: Cells,
}

/// Whether `path` names a workbook.
pub(super) fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        ["xlsx", "xlsm", "xls", "ods"]
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// The visible sheets of the workbook `bytes` (read from `path`) that hold
/// any cell, each as the text of its rows.
pub(super) fn sheets(path: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, LoadError> {
    let broken = |reason: String| LoadError::Workbook {
        path: path.to_string(),
        reason,
    };
    let mut workbook =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|err| broken(err.to_string()))?;
    let visible: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.visible == SheetVisible::Visible)
        .map(|sheet| sheet.name.clone())
        .collect();
    let mut sheets = Vec::new();
    for name in visible {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|err| broken(format!("sheet `{name}`: {err}")))?;
        let Some((first_row, first_column)) = range.start() else {
            continue;
        };
        let mut text = String::new();
        let mut cells = Cells::default();
        // Titles above the header, as a report form has them, are not data.
        let header = range
            .rows()
            .position(|row| {
                row.iter()
                    .any(|cell| as_written(cell).trim().eq_ignore_ascii_case("entity"))
            })
            .unwrap_or(0);
        // Line n of the text is row n of the sheet, so that a diagnostic
        // quoting it numbers its lines as the sheet numbers its rows: rows
        // above the used range, titles and blank rows are blank lines.
        text.extend(std::iter::repeat_n('\n', first_row as usize));
        for (r, row) in range.rows().enumerate() {
            // A row with nothing in it is passed over, as a blank line is.
            if r < header || row.iter().all(|cell| *cell == Data::Empty) {
                text.push('\n');
                continue;
            }
            for (c, cell) in row.iter().enumerate() {
                if c > 0 {
                    text.push(',');
                }
                let cell_text = as_written(cell);
                if !cell_text.is_empty() {
                    let row_at = first_row.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
                    let column_at =
                        first_column.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
                    cells.add(text.len(), row_at, column_at);
                }
                push_field(&mut text, &cell_text);
            }
            text.push('\n');
        }
        sheets.push(Sheet { name, text, cells });
    }
    Ok(sheets)
}

/// A cell's value as text: a number as the shortest decimal its double
/// stands for, anything else as the workbook shows it.
fn as_written(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        // Rust writes a double as the shortest decimal that reads back
        // as it, and never with an exponent.
        Data::Float(value) => format!("{value}"),
        Data::Int(value) => value.to_string(),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        other => other.to_string(),
    }
}

/// `field` as a CSV field: quoted where it holds a comma, a quote or a
/// line break.
fn push_field(text: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        text.push('"');
        text.push_str(&field.replace('"', "\"\""));
        text.push('"');
    } else {
        text.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn cells_are_written_as_typed() {
        assert_eq!(as_written(&Data::Float(0.1)), "0.1");
        assert_eq!(as_written(&Data::Float(2662.6)), "2662.6");
        assert_eq!(as_written(&Data::Float(1e16)), "10000000000000000");
        assert_eq!(as_written(&Data::Float(0.000001)), "0.000001");
        assert_eq!(as_written(&Data::Int(-3)), "-3");
        assert_eq!(as_written(&Data::String("3.830".into())), "3.830");
    }

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        let mut text = String::new();
        push_field(&mut text, "Vũ Bản; An Ninh");
        text.push(',');
        push_field(&mut text, "1,500");
        text.push(',');
        push_field(&mut text, "a \"b\"");
        assert_eq!(text, "Vũ Bản; An Ninh,\"1,500\",\"a \"\"b\"\"\"");
    }

    #[test]
    fn a_broken_workbook_is_an_error_not_a_panic() {
        let err = sheets("x.xlsx", b"not a workbook".to_vec()).err();
        assert!(matches!(err, Some(LoadError::Workbook { .. })), "{err:?}");
    }

    proptest! {
        /// Every decimal of at most 15 significant digits, as a spreadsheet
        /// keeps it, is read back exactly from its double.
        #[test]
        fn typed_decimals_survive_the_double(digits in 0u64..1_000_000_000_000_000, scale in 0u32..15) {
            let typed = Decimal::new(i64::try_from(digits).unwrap_or(0), scale);
            let double: f64 = typed.to_string().parse().unwrap_or(f64::NAN);
            let read = Decimal::from_str(&as_written(&Data::Float(double)));
            prop_assert_eq!(read.ok(), Some(typed.normalize()));
        }
    }
}
