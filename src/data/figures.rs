//! Figures stored column by column, 25 bytes each, so a province's
//! millions of figures fit in memory next to nothing else: no names, no
//! pointers, no text.

use rust_decimal::Decimal;

use super::{Basis, Close, Part, Period};

/// A period and basis packed into one sortable number: the year, the
/// last month covered, the day it is covered to, the first month covered,
/// then how the period was written and its basis. Figures covering the
/// same days sort together, the year to date first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct When(u32);

impl When {
    /// Bits below the days covered: the period's form and the basis.
    const FORM_BITS: u32 = 4;
    /// The day a month is covered to when it is covered whole, whatever
    /// its length: after every cut-off inside it.
    const MONTH_END: u8 = 31;

    #[inline(always)]
    pub fn new(period: Period, basis: Basis) -> Self {
        // The months and day covered as `Period::close` and
        // `Period::first_month` say, in one match: this runs per figure.
        let end = u32::from(Self::MONTH_END);
        let (form, last, day, first) = match (period.part, basis) {
            (Part::Month(m), Basis::Month) => (0, u32::from(m), end, u32::from(m)),
            (Part::Month(m), _) => (0, u32::from(m), end, 1),
            (Part::Quarter(q), Basis::Quarter) => {
                let last = u32::from(q) * 3;
                (1, last, end, last.saturating_sub(2))
            }
            (Part::Quarter(q), _) => (1, u32::from(q) * 3, end, 1),
            (Part::Year, _) => (2, 12, end, 1),
            (Part::Date { month, day }, _) => (3, u32::from(month), u32::from(day), 1),
        };
        let basis = match basis {
            Basis::Cumulative => 0,
            Basis::Quarter => 1,
            Basis::Month => 2,
        };
        // Years are four digits, so the shift never loses one; months and
        // days are in range by construction.
        let year = u32::try_from(period.year).unwrap_or(0) & 0x3fff;
        let cover = year << 13 | (last & 0xf) << 9 | (day & 0x1f) << 4 | (first & 0xf);
        Self(cover << Self::FORM_BITS | form << 2 | basis)
    }

    pub fn period(self) -> Period {
        let year = i32::try_from(self.0 >> 17).unwrap_or_default();
        let last = self.last_month();
        match (self.0 >> 2) & 0b11 {
            0 => Period::month(year, last),
            1 => Period::quarter(year, last / 3),
            2 => Period::annual(year),
            // Packed from a date, so a day the month has.
            _ => Period::date(year, last, self.day()).unwrap_or(Period::month(year, last)),
        }
    }

    pub fn basis(self) -> Basis {
        match self.0 & 0b11 {
            0 => Basis::Cumulative,
            1 => Basis::Quarter,
            _ => Basis::Month,
        }
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    /// The `When` whose [`When::bits`] are `bits`.
    pub fn from_bits(bits: u32) -> Self {
        Self(bits)
    }

    /// The year, the last month and day and the first month covered: two
    /// figures of one metric with the same cover say the same thing.
    pub fn cover(self) -> u32 {
        self.0 >> Self::FORM_BITS
    }

    /// The cover of `year` from the start of month `first` to day `day` of
    /// month `last` ([`When::MONTH_END`] for its end). Years are four
    /// digits, so the shift never loses one.
    fn cover_of(year: i32, last: u8, day: u8, first: u8) -> u32 {
        let year = u32::try_from(year).unwrap_or(0) & 0x3fff;
        year << 13
            | u32::from(last & 0xf) << 9
            | u32::from(day & 0x1f) << 4
            | u32::from(first & 0xf)
    }

    /// [`When::cover`] without its first month, for figures of `year` that
    /// close at `close`: every figure that ends there.
    pub fn end_of(year: i32, close: Close) -> u32 {
        let day = close.days.map_or(Self::MONTH_END, |(day, _)| day);
        Self::cover_of(year, close.month(), day, 0) >> 4
    }

    /// [`When::cover`] without its first month.
    pub fn end(self) -> u32 {
        self.cover() >> 4
    }

    /// The last month covered.
    pub fn last_month(self) -> u8 {
        ((self.0 >> 13) & 0xf) as u8
    }

    /// The day of the last month covered to: [`When::MONTH_END`] for all
    /// of it.
    fn day(self) -> u8 {
        ((self.0 >> 8) & 0x1f) as u8
    }

    /// The first month covered: January for a year to date.
    pub fn first_month(self) -> u8 {
        ((self.0 >> 4) & 0xf) as u8
    }

    /// Whether two figures of one metric say the same thing, so that both
    /// cannot stand: they cover the same days of the same year (a whole
    /// year and its fourth quarter's or December's year to date; a first
    /// quarter alone and the year to date after it; June's and the second
    /// quarter's year to date).
    pub fn same_figure(self, other: When) -> bool {
        self.cover() == other.cover()
    }
}

/// Flags and unit of a figure, packed: the low 13 bits index the units of
/// the dataset (0 = the metric's declared unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Marks(u16);

impl Marks {
    const APPROX: u16 = 1 << 15;
    const SUSPECT: u16 = 1 << 14;
    const ESTIMATE: u16 = 1 << 13;
    const FLAGS: u16 = Self::APPROX | Self::SUSPECT | Self::ESTIMATE;
    pub const MAX_UNITS: usize = (1 << 13) - 1;

    pub fn new(unit: Option<usize>, approx: bool, estimate: bool, suspect_fraction: bool) -> Self {
        let unit = unit.map_or(0, |u| (u + 1).min(Self::MAX_UNITS) as u16);
        let mut bits = unit;
        for (set, flag) in [
            (approx, Self::APPROX),
            (estimate, Self::ESTIMATE),
            (suspect_fraction, Self::SUSPECT),
        ] {
            if set {
                bits |= flag;
            }
        }
        Self(bits)
    }

    pub fn unit(self) -> Option<usize> {
        match self.0 & !Self::FLAGS {
            0 => None,
            u => Some(usize::from(u) - 1),
        }
    }

    pub fn approx(self) -> bool {
        self.0 & Self::APPROX != 0
    }

    /// Reported as an estimate ("ước thực hiện"), not yet the official
    /// figure.
    pub fn estimate(self) -> bool {
        self.0 & Self::ESTIMATE != 0
    }

    pub fn suspect_fraction(self) -> bool {
        self.0 & Self::SUSPECT != 0
    }

    pub fn with_unit(self, unit: Option<usize>) -> Self {
        Self((self.0 & Self::FLAGS) | Self::new(unit, false, false, false).0)
    }
}

/// One figure as stored, before names are attached.
#[derive(Debug, Clone, Copy)]
pub(super) struct Figure {
    pub metric: u32,
    pub when: When,
    pub value: Decimal,
    pub marks: Marks,
    /// Byte offset of the value in its file, and its length.
    pub start: u32,
    pub len: u16,
}

/// Figures column by column. Values are kept as a 64-bit mantissa and a
/// scale; the rare value that needs more digits lives in `wide`.
#[derive(Debug, Default)]
pub(super) struct Figures {
    mantissa: Vec<i64>,
    scale: Vec<u8>,
    wide: Vec<Decimal>,
    metric: Vec<u32>,
    when: Vec<When>,
    marks: Vec<Marks>,
    start: Vec<u32>,
    len: Vec<u16>,
}

/// Marks a value stored in `wide`, at the index held by its mantissa.
const WIDE: u8 = u8::MAX;

impl Figures {
    /// Fewer figures than this are copied or renamed on one core.
    pub const FEW: usize = 16 << 10;

    pub fn len(&self) -> usize {
        self.metric.len()
    }

    /// Empties every column, keeping its memory.
    pub fn clear(&mut self) {
        self.mantissa.clear();
        self.scale.clear();
        self.wide.clear();
        self.metric.clear();
        self.when.clear();
        self.marks.clear();
        self.start.clear();
        self.len.clear();
    }

    pub fn reserve(&mut self, additional: usize) {
        self.mantissa.reserve(additional);
        self.scale.reserve(additional);
        self.metric.reserve(additional);
        self.when.reserve(additional);
        self.marks.reserve(additional);
        self.start.reserve(additional);
        self.len.reserve(additional);
    }

    pub fn push(&mut self, figure: Figure) {
        let value = figure.value;
        let narrow = i64::try_from(value.mantissa())
            .ok()
            // A negative zero keeps its sign only in full.
            .filter(|m| *m != 0 || !value.is_sign_negative());
        let (mantissa, scale) = match narrow {
            // At most 28.
            Some(m) => (m, value.scale() as u8),
            None => {
                self.wide.push(value);
                (self.wide.len() as i64 - 1, WIDE)
            }
        };
        self.push_plain(
            mantissa,
            scale,
            figure.metric,
            figure.when,
            figure.marks,
            figure.start,
            figure.len,
        );
    }

    /// [`Figures::push`] for a value known to fit: `mantissa` × 10^-`scale`
    /// (or, with a scale of `WIDE`, the index of the value in `wide`).
    #[expect(clippy::too_many_arguments, reason = "one per column")]
    #[inline(always)]
    pub fn push_plain(
        &mut self,
        mantissa: i64,
        scale: u8,
        metric: u32,
        when: When,
        marks: Marks,
        start: u32,
        len: u16,
    ) {
        self.mantissa.push(mantissa);
        self.scale.push(scale);
        self.metric.push(metric);
        self.when.push(when);
        self.marks.push(marks);
        self.start.push(start);
        self.len.push(len);
    }

    pub fn get(&self, i: usize) -> Option<Figure> {
        let scale = *self.scale.get(i)?;
        let mantissa = *self.mantissa.get(i)?;
        let value = if scale == WIDE {
            *self.wide.get(usize::try_from(mantissa).ok()?)?
        } else {
            Decimal::try_new(mantissa, u32::from(scale)).ok()?
        };
        Some(Figure {
            metric: *self.metric.get(i)?,
            when: *self.when.get(i)?,
            value,
            marks: *self.marks.get(i)?,
            start: *self.start.get(i)?,
            len: *self.len.get(i)?,
        })
    }

    /// Figure `i`'s value alone.
    pub fn value(&self, i: usize) -> Option<Decimal> {
        let scale = *self.scale.get(i)?;
        let mantissa = *self.mantissa.get(i)?;
        if scale == WIDE {
            self.wide.get(usize::try_from(mantissa).ok()?).copied()
        } else {
            Decimal::try_new(mantissa, u32::from(scale)).ok()
        }
    }

    /// The digits after the point of figure `i` as written, for a value
    /// kept narrow; `None` for a wide one.
    pub fn narrow_scale(&self, i: usize) -> Option<u8> {
        self.scale.get(i).copied().filter(|&s| s != WIDE)
    }

    pub fn metric(&self, i: usize) -> u32 {
        self.metric.get(i).copied().unwrap_or(u32::MAX)
    }

    pub fn when(&self, i: usize) -> When {
        self.when.get(i).copied().unwrap_or(When(0))
    }

    pub fn set_marks(&mut self, i: usize, marks: Marks) {
        if let Some(m) = self.marks.get_mut(i) {
            *m = marks;
        }
    }

    pub fn marks(&self, i: usize) -> Marks {
        self.marks.get(i).copied().unwrap_or_default()
    }

    /// Copies every figure of `parts`, in order, to the end of `self`, a
    /// column per task: the copy is most of the cost of merging the blocks
    /// of a large file.
    pub fn extend_from(&mut self, parts: &[&Figures]) {
        let mut shifts = Vec::with_capacity(parts.len());
        let mut wide = self.wide.len() as i64;
        for part in parts {
            shifts.push(wide);
            wide += part.wide.len() as i64;
        }
        fn concat<T: Copy + Send + Sync>(
            column: &mut Vec<T>,
            parts: &[&Figures],
            of: impl Fn(&Figures) -> &Vec<T>,
        ) {
            column.reserve(parts.iter().map(|p| of(p).len()).sum());
            for part in parts {
                column.extend_from_slice(of(part));
            }
        }
        let Figures {
            mantissa,
            scale,
            wide,
            metric,
            when,
            marks,
            start,
            len,
        } = self;
        let mut copy_mantissas = move || {
            mantissa.reserve(parts.iter().map(|p| p.len()).sum());
            for (part, shift) in parts.iter().zip(&shifts) {
                let values = part.mantissa.iter().zip(&part.scale);
                mantissa.extend(values.map(|(&m, &s)| if s == WIDE { m + shift } else { m }));
            }
            concat(wide, parts, |p| &p.wide);
        };
        if parts.iter().map(|p| p.len()).sum::<usize>() < Self::FEW {
            // Too few to be worth handing to other cores.
            copy_mantissas();
            concat(scale, parts, |p| &p.scale);
            concat(metric, parts, |p| &p.metric);
            concat(when, parts, |p| &p.when);
            concat(marks, parts, |p| &p.marks);
            concat(start, parts, |p| &p.start);
            concat(len, parts, |p| &p.len);
            return;
        }
        rayon::scope(|s| {
            s.spawn(move |_| copy_mantissas());
            s.spawn(|_| concat(scale, parts, |p| &p.scale));
            s.spawn(|_| concat(metric, parts, |p| &p.metric));
            s.spawn(|_| concat(when, parts, |p| &p.when));
            s.spawn(|_| concat(marks, parts, |p| &p.marks));
            s.spawn(|_| concat(start, parts, |p| &p.start));
            s.spawn(|_| concat(len, parts, |p| &p.len));
        });
    }

    /// The distinct periods of the figures.
    pub fn periods(&self) -> std::collections::BTreeSet<Period> {
        let mut periods = std::collections::BTreeSet::new();
        let mut last = None;
        // Figures come in runs of one period: skip the set for a repeat.
        for &when in &self.when {
            if last != Some(when) {
                periods.insert(when.period());
                last = Some(when);
            }
        }
        periods
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn figure(value: &str) -> Figure {
        Figure {
            metric: 3,
            when: When::new(Period::quarter(2023, 2), Basis::Quarter),
            value: Decimal::from_str(value).unwrap(),
            marks: Marks::new(Some(5), true, false, false),
            start: 17,
            len: 4,
        }
    }

    #[test]
    fn values_round_trip_narrow_and_wide() {
        let mut figures = Figures::default();
        let values = [
            "0",
            "-0.0",
            "3.7",
            "-12345678901234567.8",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "9223372036854775807",
            "9223372036854775808",
        ];
        for v in values {
            figures.push(figure(v));
        }
        let mut other = Figures::default();
        other.push(figure("79228162514264337593543950335"));
        figures.extend_from(&[&other]);
        for (i, v) in values
            .iter()
            .chain(["79228162514264337593543950335"].iter())
            .enumerate()
        {
            let got = figures.get(i).unwrap();
            assert_eq!(
                got.value.to_string(),
                Decimal::from_str(v).unwrap().to_string()
            );
            let want = Decimal::from_str(v).unwrap();
            assert_eq!(got.value.is_sign_negative(), want.is_sign_negative());
            assert_eq!(got.value.scale(), want.scale());
        }
        let got = figures.get(0).unwrap();
        assert_eq!((got.metric, got.start, got.len), (3, 17, 4));
        assert_eq!(got.marks.unit(), Some(5));
        assert!(got.marks.approx() && !got.marks.suspect_fraction());
    }

    #[test]
    fn periods_pack_in_time_order() {
        let annual = When::new(Period::annual(2022), Basis::Cumulative);
        let q1 = When::new(Period::quarter(2023, 1), Basis::Cumulative);
        let q1_quarter = When::new(Period::quarter(2023, 1), Basis::Quarter);
        let march = When::new(Period::month(2023, 3), Basis::Cumulative);
        let june_alone = When::new(Period::month(2023, 6), Basis::Month);
        let q2_quarter = When::new(Period::quarter(2023, 2), Basis::Quarter);
        let q4 = When::new(Period::quarter(2023, 4), Basis::Cumulative);
        let year = When::new(Period::annual(2023), Basis::Cumulative);
        assert!(annual < q1 && q1 < q1_quarter && q1_quarter < q4 && q4 < year);
        assert!(march < q1 && q1 < q2_quarter && q2_quarter < june_alone);
        assert_eq!(q1_quarter.period(), Period::quarter(2023, 1));
        assert_eq!(q1_quarter.basis(), Basis::Quarter);
        assert_eq!(june_alone.period(), Period::month(2023, 6));
        assert_eq!(june_alone.basis(), Basis::Month);
        assert_eq!((june_alone.first_month(), june_alone.last_month()), (6, 6));
        assert_eq!((q2_quarter.first_month(), q2_quarter.last_month()), (4, 6));
        assert_eq!(annual.period(), Period::annual(2022));
        // A cut-off inside June: after May, before June's end.
        let june_20 = When::new(Period::date(2023, 6, 20).unwrap(), Basis::Cumulative);
        let may = When::new(Period::month(2023, 5), Basis::Cumulative);
        let june = When::new(Period::month(2023, 6), Basis::Cumulative);
        assert!(may < june_20 && june_20 < june && june_20 < q2_quarter);
        assert_eq!(june_20.period(), Period::date(2023, 6, 20).unwrap());
        assert_eq!((june_20.first_month(), june_20.last_month()), (1, 6));
        assert!(!june_20.same_figure(june));
        assert_eq!(
            june_20.end(),
            When::end_of(2023, Period::date(2023, 6, 20).unwrap().close())
        );
        assert_eq!(
            june.end(),
            When::end_of(2023, Period::quarter(2023, 2).close())
        );
        assert_eq!(
            When::new(Period::annual(232), Basis::Cumulative)
                .period()
                .year,
            232
        );
    }

    #[test]
    fn a_figure_is_the_same_as_another_where_both_say_one_thing() {
        let when = |text: &str, basis| When::new(text.parse().unwrap(), basis);
        use Basis::{Cumulative as Ytd, Month as MonthAlone, Quarter as Alone};
        let same = [
            (when("2023-Q2", Ytd), when("2023-Q2", Ytd)),
            (when("2023", Ytd), when("2023", Alone)),
            (when("2023", Ytd), when("2023-Q4", Ytd)),
            (when("2023", Alone), when("2023-Q4", Ytd)),
            (when("2023-Q1", Ytd), when("2023-Q1", Alone)),
            (when("2023-06", Ytd), when("2023-Q2", Ytd)),
            (when("2023-12", Ytd), when("2023", Ytd)),
            (when("2023-01", MonthAlone), when("2023-01", Ytd)),
        ];
        let different = [
            (when("2023-Q2", Ytd), when("2023-Q2", Alone)),
            (when("2023-Q4", Alone), when("2023", Ytd)),
            (when("2023-Q4", Alone), when("2023-Q4", Ytd)),
            (when("2022", Ytd), when("2023-Q4", Ytd)),
            (when("2023-Q3", Ytd), when("2023-Q4", Ytd)),
            (when("2023", Ytd), when("2023-Q1", Ytd)),
            (when("2023-06", MonthAlone), when("2023-Q2", Alone)),
            (when("2023-03", MonthAlone), when("2023-Q1", Ytd)),
        ];
        for (a, b) in same {
            assert!(a.same_figure(b) && b.same_figure(a), "{a:?} {b:?}");
        }
        for (a, b) in different {
            assert!(!a.same_figure(b) && !b.same_figure(a), "{a:?} {b:?}");
        }
    }
}
