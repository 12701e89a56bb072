//! Reporting periods: a quarter (`2023-Q2`) or a whole year (`2023`).

use std::fmt;
use std::str::FromStr;

/// A quarter or a whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// 1 to 4; `None` for a whole year.
    pub quarter: Option<u8>,
}

impl Period {
    /// Quarter `quarter` (1 to 4) of `year`.
    pub fn quarter(year: i32, quarter: u8) -> Self {
        Self {
            year,
            quarter: Some(quarter),
        }
    }

    /// The whole of `year`.
    pub fn annual(year: i32) -> Self {
        Self {
            year,
            quarter: None,
        }
    }

    /// Quarters of the year elapsed by the end of this period (4 for a year).
    pub fn quarters_elapsed(self) -> u8 {
        self.quarter.unwrap_or(4)
    }

    /// Whether the period ends on the year's last day: a fourth quarter or a year.
    pub fn is_year_end(self) -> bool {
        self.quarters_elapsed() == 4
    }

    /// Position in time for ordering: a whole year ends with its Q4.
    pub fn end_key(self) -> (i32, u8) {
        (self.year, self.quarters_elapsed())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.quarter {
            Some(q) => write!(f, "{}-Q{q}", self.year),
            None => write!(f, "{}", self.year),
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
        match s.split_once('-') {
            None => Ok(Period::annual(year_of(s)?)),
            Some((y, q)) => {
                let quarter = match q {
                    "Q1" | "q1" => 1,
                    "Q2" | "q2" => 2,
                    "Q3" | "q3" => 3,
                    "Q4" | "q4" => 4,
                    _ => return Err(PeriodError),
                };
                Ok(Period::quarter(year_of(y)?, quarter))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quarters_and_years() {
        assert_eq!("2023-Q2".parse(), Ok(Period::quarter(2023, 2)));
        assert_eq!("2022".parse(), Ok(Period::annual(2022)));
        assert_eq!("2023-Q5".parse::<Period>(), Err(PeriodError));
        assert_eq!("23-Q1".parse::<Period>(), Err(PeriodError));
        assert_eq!("2023-Q1".parse::<Period>().unwrap().to_string(), "2023-Q1");
    }

    #[test]
    fn a_year_ends_with_its_fourth_quarter() {
        assert_eq!(
            Period::annual(2023).end_key(),
            Period::quarter(2023, 4).end_key()
        );
        assert!(Period::quarter(2023, 3).end_key() < Period::annual(2023).end_key());
    }
}
