//! Reporting periods: a month (`2023-10`), a quarter (`2023-Q2`), a whole
//! year (`2023`) or the year to a cut-off date (`2024-06-20`). Reports say
//! "6 tháng" and "9 tháng" for the second and third quarters' year to
//! date, "10 tháng" for October's and "đến ngày 20-6" for a cut-off: every
//! period is read as the part of its year that has passed by its close.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// How a period is written, for help.
pub const FORMS: &str = "a period is `YYYY` for a whole year, `YYYY-Qn` (n = 1 to 4) for a quarter, `YYYY-MM` (01 to 12) for a month, or `YYYY-MM-DD` for the year to that day (a month's last day is the month)";

/// A month, a quarter, a whole year or a cut-off date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// Which part of the year.
    pub part: Part,
}

/// The part of a year a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The whole year.
    Year,
    /// Quarter 1 to 4.
    Quarter(u8),
    /// Month 1 to 12.
    Month(u8),
    /// The year up to a day before its month's last: a cut-off date. A
    /// month's last day is the month.
    Date {
        /// Month 1 to 12.
        month: u8,
        /// Day 1 to 30, before the month's last.
        day: u8,
    },
}

/// How far into its year a period closes: the months ended, then the days
/// into the next. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Close {
    /// Whole months ended, 0 to 12.
    pub months: u8,
    /// For a cut-off inside a month: the days of it passed, and its length.
    pub days: Option<(u8, u8)>,
}

impl Close {
    /// The close of `months` whole months.
    pub fn months(months: u8) -> Self {
        Self { months, days: None }
    }

    /// The month the close falls in, or ends: June for the 20th of June
    /// and for June's end.
    pub fn month(self) -> u8 {
        match self.days {
            Some(_) => self.months.saturating_add(1),
            None => self.months,
        }
    }
}

/// How a file reports flows: over the year so far, or over its period
/// alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Basis {
    /// Year-to-date totals.
    Cumulative,
    /// This quarter alone.
    Quarter,
    /// This month alone.
    Month,
}

impl Period {
    /// Quarter `quarter` (1 to 4) of `year`.
    pub fn quarter(year: i32, quarter: u8) -> Self {
        Self {
            year,
            part: Part::Quarter(quarter),
        }
    }

    /// Month `month` (1 to 12) of `year`.
    pub fn month(year: i32, month: u8) -> Self {
        Self {
            year,
            part: Part::Month(month),
        }
    }

    /// `year` up to `day` of `month`: that month when `day` is its last.
    /// `None` for a day the month does not have.
    pub fn date(year: i32, month: u8, day: u8) -> Option<Self> {
        let last = last_day(year, month);
        match day {
            _ if !(1..=12).contains(&month) => None,
            d if d == last => Some(Self::month(year, month)),
            1.. if day < last => Some(Self {
                year,
                part: Part::Date { month, day },
            }),
            _ => None,
        }
    }

    /// The whole of `year`.
    pub fn annual(year: i32) -> Self {
        Self {
            year,
            part: Part::Year,
        }
    }

    /// The period of `year` that closes at `close`, written the way `like`
    /// is: a month as a month, a quarter's last month as that quarter,
    /// December as the year when `like` is a year; a cut-off as a date.
    pub fn closing(year: i32, close: Close, like: Part) -> Self {
        let month = close.months;
        if let Some((day, _)) = close.days {
            return Self {
                year,
                part: Part::Date {
                    month: close.month(),
                    day,
                },
            };
        }
        match like {
            Part::Year if month == 12 => Self::annual(year),
            Part::Year | Part::Quarter(_) if month.is_multiple_of(3) => {
                Self::quarter(year, month / 3)
            }
            _ => Self::month(year, month),
        }
    }

    /// Whole months of the year ended by the close of this period (12 for
    /// a year, 5 for a cut-off in June).
    pub fn months_elapsed(self) -> u8 {
        match self.part {
            Part::Year => 12,
            Part::Quarter(q) => q.saturating_mul(3),
            Part::Month(m) => m,
            Part::Date { month, .. } => month.saturating_sub(1),
        }
    }

    /// How far into its year the period closes.
    pub fn close(self) -> Close {
        match self.part {
            Part::Date { month, day } => Close {
                months: month.saturating_sub(1),
                days: Some((day, last_day(self.year, month))),
            },
            _ => Close::months(self.months_elapsed()),
        }
    }

    /// The quarter, for a quarter.
    pub fn quarter_number(self) -> Option<u8> {
        match self.part {
            Part::Quarter(q) => Some(q),
            _ => None,
        }
    }

    /// Whether it is a whole year.
    pub fn is_year(self) -> bool {
        self.part == Part::Year
    }

    /// Whether the period ends on the year's last day: December, a fourth
    /// quarter or a year.
    pub fn is_year_end(self) -> bool {
        self.months_elapsed() == 12
    }

    /// The first month a figure of this period in `basis` covers: January
    /// for a year to date, else the period's own first month.
    pub fn first_month(self, basis: Basis) -> u8 {
        match (self.part, basis) {
            (Part::Quarter(q), Basis::Quarter) => q.saturating_mul(3).saturating_sub(2),
            (Part::Month(m), Basis::Month) => m,
            _ => 1,
        }
    }

    /// Whether a figure of this period can be given in `basis`: a quarter
    /// alone for a quarter, a month alone for a month, a year in either; a
    /// cut-off only as the year to its date.
    pub fn accepts(self, basis: Basis) -> bool {
        matches!(
            (self.part, basis),
            (_, Basis::Cumulative)
                | (Part::Year, _)
                | (Part::Quarter(_), Basis::Quarter)
                | (Part::Month(_), Basis::Month)
        )
    }

    /// Position in time for ordering: the year, then its close.
    pub fn end_key(self) -> (i32, Close) {
        (self.year, self.close())
    }

    /// `end_key`, then a month before the quarter it closes, and a quarter
    /// before the year it closes.
    fn order_key(self) -> (i32, Close, u8) {
        let rank = match self.part {
            Part::Month(_) | Part::Date { .. } => 0,
            Part::Quarter(_) => 1,
            Part::Year => 2,
        };
        (self.year, self.close(), rank)
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order_key().cmp(&other.order_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            Part::Year => write!(f, "{}", self.year),
            Part::Quarter(q) => write!(f, "{}-Q{q}", self.year),
            Part::Month(m) => write!(f, "{}-{m:02}", self.year),
            Part::Date { month, day } => write!(f, "{}-{month:02}-{day:02}", self.year),
        }
    }
}

/// A period written in none of the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError;

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let year_of = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .ok_or(PeriodError)
        };
        let Some((y, rest)) = s.split_once('-') else {
            return Ok(Period::annual(year_of(s)?));
        };
        let year = year_of(y)?;
        if let Some(q) = rest.strip_prefix(['Q', 'q']) {
            return match q {
                "1" | "2" | "3" | "4" => {
                    Ok(Period::quarter(year, q.parse().map_err(|_| PeriodError)?))
                }
                _ => Err(PeriodError),
            };
        }
        // A cut-off date, "đến ngày 20-6"; at a month's end, "ước đến
        // 31/10", that month.
        let (month, day) = match rest.split_once('-') {
            Some((month, day)) => (month, Some(day)),
            None => (rest, None),
        };
        let two_digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
        // Two digits, as dates write them: `2023-10`, `2023-06`.
        if !two_digits(month) || day.is_some_and(|d| !two_digits(d)) {
            return Err(PeriodError);
        }
        let month = match month.parse::<u8>() {
            Ok(m @ 1..=12) => m,
            _ => return Err(PeriodError),
        };
        match day.map(str::parse::<u8>) {
            None => Ok(Period::month(year, month)),
            Some(Ok(day)) => Period::date(year, month, day).ok_or(PeriodError),
            Some(Err(_)) => Err(PeriodError),
        }
    }
}

/// The last day of `month` of `year`.
fn last_day(year: i32, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A basis written in none of the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasisError;

impl FromStr for Basis {
    type Err = BasisError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "cumulative" => Ok(Basis::Cumulative),
            "quarter" => Ok(Basis::Quarter),
            "month" => Ok(Basis::Month),
            _ => Err(BasisError),
        }
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Basis::Cumulative => "cumulative",
            Basis::Quarter => "quarter",
            Basis::Month => "month",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_months_quarters_and_years() {
        assert_eq!("2023-Q2".parse(), Ok(Period::quarter(2023, 2)));
        assert_eq!("2022".parse(), Ok(Period::annual(2022)));
        assert_eq!("2023-10".parse(), Ok(Period::month(2023, 10)));
        assert_eq!("2023-06".parse(), Ok(Period::month(2023, 6)));
        // A cut-off at a month's end is that month.
        assert_eq!("2023-10-31".parse(), Ok(Period::month(2023, 10)));
        assert_eq!("2024-02-29".parse(), Ok(Period::month(2024, 2)));
        assert_eq!("2023-06-30".parse(), Ok(Period::month(2023, 6)));
        // Before a month's end, a cut-off date.
        assert_eq!("2024-06-20".parse(), Ok(Period::date(2024, 6, 20).unwrap()));
        assert_eq!(
            "2023-10-30".parse::<Period>().map(|p| p.part),
            Ok(Part::Date { month: 10, day: 30 })
        );
        for no_such_day in [
            "2023-02-29",
            "2023-06-31",
            "2023-10-3",
            "2023-10-00",
            "2023-10-32",
        ] {
            assert_eq!(
                no_such_day.parse::<Period>(),
                Err(PeriodError),
                "{no_such_day}"
            );
        }
        for bad in [
            "2023-Q5", "23-Q1", "2023-13", "2023-00", "2023-6", "2023-Q", "2023-",
        ] {
            assert_eq!(bad.parse::<Period>(), Err(PeriodError), "{bad}");
        }
        for text in [
            "2023-Q1",
            "2023",
            "2023-01",
            "2023-12",
            "2024-06-20",
            "2024-02-28",
        ] {
            assert_eq!(
                text.parse::<Period>().map(|p| p.to_string()),
                Ok(text.into())
            );
        }
    }

    #[test]
    fn a_year_ends_with_its_fourth_quarter_and_december() {
        let year = Period::annual(2023);
        assert_eq!(year.end_key(), Period::quarter(2023, 4).end_key());
        assert_eq!(year.end_key(), Period::month(2023, 12).end_key());
        assert!(Period::quarter(2023, 3) < year);
        assert!(Period::quarter(2023, 4) < year);
        assert!(Period::month(2023, 6) < Period::quarter(2023, 2));
        assert!(Period::quarter(2023, 2) < Period::month(2023, 7));
        let june_20 = Period::date(2023, 6, 20).unwrap();
        assert!(Period::month(2023, 5) < june_20);
        assert!(june_20 < Period::month(2023, 6));
        assert_eq!(june_20.months_elapsed(), 5);
        assert_eq!(june_20.close().month(), 6);
        assert_eq!(Period::closing(2023, june_20.close(), Part::Year), june_20);
    }

    #[test]
    fn six_and_nine_months_are_the_second_and_third_quarters() {
        assert_eq!(Period::quarter(2023, 2).months_elapsed(), 6);
        assert_eq!(Period::month(2023, 9).months_elapsed(), 9);
        assert_eq!(
            Period::closing(2023, Close::months(9), Part::Quarter(1)),
            Period::quarter(2023, 3)
        );
        assert_eq!(
            Period::closing(2023, Close::months(10), Part::Year),
            Period::month(2023, 10)
        );
        assert_eq!(
            Period::closing(2023, Close::months(12), Part::Year),
            Period::annual(2023)
        );
        assert_eq!(
            Period::closing(2023, Close::months(6), Part::Month(1)),
            Period::month(2023, 6)
        );
    }

    #[test]
    fn a_basis_fits_its_period() {
        assert!(Period::quarter(2023, 2).accepts(Basis::Quarter));
        assert!(!Period::quarter(2023, 2).accepts(Basis::Month));
        assert!(Period::month(2023, 2).accepts(Basis::Month));
        assert!(!Period::month(2023, 2).accepts(Basis::Quarter));
        assert!(Period::annual(2023).accepts(Basis::Quarter));
        assert_eq!(Period::quarter(2023, 3).first_month(Basis::Quarter), 7);
        assert_eq!(Period::month(2023, 10).first_month(Basis::Month), 10);
        assert_eq!(Period::month(2023, 10).first_month(Basis::Cumulative), 1);
        assert_eq!(Period::annual(2023).first_month(Basis::Quarter), 1);
    }
}
