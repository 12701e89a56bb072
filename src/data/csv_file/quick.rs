//! The quick path for a row like the rows before it.

use super::{Columns, RowCache};
use crate::data::Basis;
use crate::data::reader::{FileReader, Header, same};
use crate::span::Span;

/// Most fields a row read by [`quick_row`] has.
const QUICK_FIELDS: usize = 8;

/// Reads a row like the rows before it, field for field (its entity and
/// period already met, nothing to trim, a plain value), without the
/// checks [`row`](super::row) makes: `false` leaves the row to it.
pub(super) fn quick_row(
    line: &str,
    at: usize,
    columns: Columns,
    reader: &mut FileReader<'_, '_>,
    cache: &RowCache,
) -> bool {
    let mut bounds = [(0usize, 0usize); QUICK_FIELDS];
    let mut count = 0;
    let mut from = 0;
    let mut comma = |i: usize| {
        let Some(slot) = bounds.get_mut(count) else {
            return false;
        };
        *slot = (from, i);
        count += 1;
        from = i + 1;
        true
    };
    if !for_each_comma(line.as_bytes(), &mut comma) {
        return false;
    }
    let Some(slot) = bounds.get_mut(count) else {
        return false;
    };
    *slot = (from, line.len());
    count += 1;
    if count != columns.count {
        return false;
    }
    let field = |i: usize| {
        let (from, to) = bounds.get(i).copied()?;
        line.get(from..to)
    };
    let Some([entity, period, metric, value]) = columns.required(field) else {
        return false;
    };
    let Some((_, entity)) = cache.entity.as_ref().filter(|(name, _)| same(name, entity)) else {
        return false;
    };
    let Some(period) = cache.period(period) else {
        return false;
    };
    let basis = match columns.basis.map(field) {
        None | Some(Some("" | "cumulative")) => Basis::Cumulative,
        Some(Some("quarter")) => Basis::Quarter,
        Some(_) => return false,
    };
    let unit = match columns.unit.map(field) {
        None | Some(Some("")) => None,
        Some(Some(unit)) => Some(unit),
        Some(None) => return false,
    };
    let (from, to) = bounds.get(columns.value).copied().unwrap_or_default();
    let header = Header {
        entity: *entity,
        period,
        basis,
    };
    reader.observe_plain(header, metric, value, unit, Span::new(at + from, at + to))
}

/// Calls `found` with the position of every comma in `bytes`, in order,
/// until it returns `false`; `false` if it did. Eight bytes are tested at
/// a time, as one word: rows are short and have several commas.
fn for_each_comma(bytes: &[u8], found: &mut impl FnMut(usize) -> bool) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in words.by_ref() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ COMMAS;
        // A high bit for each byte that was a comma, and possibly for a
        // byte after one: each is checked.
        let mut candidates = x.wrapping_sub(ONES) & !x & HIGHS;
        while candidates != 0 {
            let i = at + (candidates.trailing_zeros() / 8) as usize;
            if bytes.get(i) == Some(&b',') && !found(i) {
                return false;
            }
            candidates &= candidates - 1;
        }
        at += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == b',' && !found(at + i) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn commas_are_found_a_word_at_a_time_as_a_byte_at_a_time(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b',', b'-', b'+', b'a', b'0', 0x2d, 0x2b, 0x01, 0xff, 0x80]),
                0..80,
            ),
        ) {
            let mut found = Vec::new();
            let finished = for_each_comma(&bytes, &mut |i| {
                found.push(i);
                true
            });
            let want: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b',').collect();
            proptest::prop_assert!(finished);
            proptest::prop_assert_eq!(found, want);
        }
    }

    #[test]
    fn the_comma_search_stops_when_told() {
        let mut seen = 0;
        let finished = for_each_comma(b"a,b,c,d,e,f,g,h,i", &mut |_| {
            seen += 1;
            seen < 3
        });
        assert!(!finished);
        assert_eq!(seen, 3);
    }
}
