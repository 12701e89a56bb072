//! A file read the plain way whose figures look written the Vietnamese
//! way: most of its decimals have exactly three digits after the point
//! (`2.730`, `15.600`), as thousands grouped with `.` do. Figures of
//! things counted with such a point are refused as fractions; this warns
//! of the others (money, tonnes), which would be read a thousand times
//! too small without a word.

use super::error::Finding;
use super::repeats::span_of;
use super::{Dataset, LoadWarning};

/// Fewer figures like `2.730` than this prove nothing.
const AT_LEAST: usize = 3;

/// One warning per file whose figures look written the Vietnamese way,
/// at the first such figure.
pub(super) fn look_vietnamese(data: &Dataset) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    let figures = &data.figures;
    for file in 0..data.files.len() {
        let from = data.file_starts.get(file).copied().unwrap_or(0);
        let to = data
            .file_starts
            .get(file + 1)
            .copied()
            .unwrap_or(figures.len());
        let (mut grouped, mut decimals, mut first) = (0, 0, None);
        for i in from..to {
            // Read from the scale column: this looks at every figure.
            match figures.narrow_scale(i) {
                Some(0) => continue,
                Some(3) => {}
                _ => {
                    decimals += 1;
                    continue;
                }
            }
            decimals += 1;
            let Some(value) = figures.value(i) else {
                continue;
            };
            // `2.730`: one to three digits, a point, three digits.
            let whole = value.trunc().abs();
            if whole >= 1.into() && whole < 1000.into() {
                grouped += 1;
                first = first.or(Some(i));
            }
        }
        // Most of the file's decimals, and enough of them.
        if grouped >= AT_LEAST
            && grouped * 2 > decimals
            && let Some(figure) = first.and_then(|i| figures.get(i))
        {
            let warning = LoadWarning::LooksVietnamese {
                count: grouped,
                span: span_of(&figure),
            };
            out.push((file, Finding::Warning(warning)));
        }
    }
    out
}
