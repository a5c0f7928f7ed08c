//! Dates that may be known only to the year or the month.
//!
//! News text often gives partial dates ("the invasion began in February"), so a
//! [`PartialDate`] carries a [`Precision`], as Wikidata's time values do.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

super::keyword::keyword_enum! {
    /// How much of a [`PartialDate`] is known.
    ///
    /// ```
    /// use stancegraph::Precision;
    /// assert_eq!("month".parse::<Precision>()?, Precision::Month);
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Precision ("date precision") {
        /// Only the year is known: `2022`.
        Year = "year",
        /// The year and month are known: `2022-02`.
        Month = "month",
        /// The exact day is known: `2022-02-24`.
        Day = "day",
    }
}

/// A calendar date known to the day, the month or only the year.
///
/// Written as ISO 8601 text: `2022`, `2022-02` or `2022-02-24`. Partial dates order
/// before the full dates they contain (`2022-02` < `2022-02-01`), so sorting is total
/// and deterministic; use [`PartialDate::first_day`] and [`PartialDate::last_day`]
/// to compare a partial date with a range of days.
///
/// ```
/// use stancegraph::{PartialDate, Precision};
///
/// let invasion: PartialDate = "2022-02".parse()?;
/// assert_eq!(invasion.precision(), Precision::Month);
/// assert_eq!(invasion.last_day().to_string(), "2022-02-28");
/// assert!(invasion < "2022-02-24".parse()?);
/// assert!("2022-02-30".parse::<PartialDate>().is_err());
/// # Ok::<(), stancegraph::DateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    // Field order matters: the derived `Ord` compares year, then month, then day,
    // with 0 ("unknown") sorting first.
    year: i16,
    month: u8,
    day: u8,
}

/// Why a text or a set of numbers is not a valid [`PartialDate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date `{text}`: {reason}")]
pub struct DateError {
    text: String,
    reason: &'static str,
}

impl DateError {
    fn new(text: impl Into<String>, reason: &'static str) -> Self {
        DateError { text: text.into(), reason }
    }
}

impl PartialDate {
    /// A date known only to the year.
    ///
    /// ```
    /// # use stancegraph::PartialDate;
    /// assert_eq!(PartialDate::year(1991)?.to_string(), "1991");
    /// # Ok::<(), stancegraph::DateError>(())
    /// ```
    pub fn year(year: i16) -> Result<Self, DateError> {
        Self::checked(year, 0, 0)
    }

    /// A date known to the month.
    ///
    /// ```
    /// # use stancegraph::PartialDate;
    /// assert_eq!(PartialDate::month(2022, 2)?.to_string(), "2022-02");
    /// assert!(PartialDate::month(2022, 13).is_err());
    /// # Ok::<(), stancegraph::DateError>(())
    /// ```
    pub fn month(year: i16, month: u8) -> Result<Self, DateError> {
        if month == 0 {
            return Err(DateError::new(format!("{year}-{month:02}"), "month must be 1 to 12"));
        }
        Self::checked(year, month, 0)
    }

    /// A date known to the day.
    ///
    /// ```
    /// # use stancegraph::PartialDate;
    /// assert_eq!(PartialDate::day(2022, 12, 29)?.to_string(), "2022-12-29");
    /// assert!(PartialDate::day(2022, 2, 29).is_err());
    /// # Ok::<(), stancegraph::DateError>(())
    /// ```
    pub fn day(year: i16, month: u8, day: u8) -> Result<Self, DateError> {
        if month == 0 || day == 0 {
            return Err(DateError::new(
                format!("{year}-{month:02}-{day:02}"),
                "month and day must both be given",
            ));
        }
        Self::checked(year, month, day)
    }

    fn checked(year: i16, month: u8, day: u8) -> Result<Self, DateError> {
        let text = || match (month, day) {
            (0, _) => format!("{year}"),
            (m, 0) => format!("{year}-{m:02}"),
            (m, d) => format!("{year}-{m:02}-{d:02}"),
        };
        if !(1..=9999).contains(&year) {
            return Err(DateError::new(text(), "year must be 1 to 9999"));
        }
        if month > 12 {
            return Err(DateError::new(text(), "month must be 1 to 12"));
        }
        if day > 0 && Date::new(year, month as i8, day as i8).is_err() {
            return Err(DateError::new(text(), "no such day in that month"));
        }
        Ok(PartialDate { year, month, day })
    }

    /// The full date of a civil [`Date`] (day precision).
    ///
    /// Returns an error for years outside 1 to 9999.
    pub fn from_civil(date: Date) -> Result<Self, DateError> {
        Self::checked(date.year(), date.month() as u8, date.day() as u8)
    }

    /// How much of this date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The year.
    pub fn year_number(&self) -> i16 {
        self.year
    }

    /// The month (1 to 12), if known.
    pub fn month_number(&self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The day of the month, if known.
    pub fn day_number(&self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// The first day this date may stand for (`2022-02` → 1 February 2022).
    pub fn first_day(&self) -> Date {
        let month = self.month.max(1) as i8;
        let day = self.day.max(1) as i8;
        // Construction validated year, month and day, so this cannot fail; fall back
        // to the minimum date rather than panic should that invariant ever break.
        Date::new(self.year, month, day).unwrap_or(Date::MIN)
    }

    /// The last day this date may stand for (`2022-02` → 28 February 2022).
    pub fn last_day(&self) -> Date {
        let first = self.first_day();
        match self.precision() {
            Precision::Day => first,
            Precision::Month => first.last_of_month(),
            Precision::Year => first.last_of_year(),
        }
    }

    /// Whether the civil day `date` falls within this date's span.
    ///
    /// ```
    /// # use stancegraph::PartialDate;
    /// let feb: PartialDate = "2022-02".parse()?;
    /// assert!(feb.contains(jiff::civil::date(2022, 2, 24)));
    /// assert!(!feb.contains(jiff::civil::date(2022, 3, 1)));
    /// # Ok::<(), stancegraph::DateError>(())
    /// ```
    pub fn contains(&self, date: Date) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }
}

impl From<PartialDate> for Date {
    /// The first day of the date's span.
    fn from(value: PartialDate) -> Self {
        value.first_day()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month != 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day != 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason| DateError::new(s, reason);
        let mut parts = s.split('-');
        let number = |part: Option<&str>, len: usize| -> Result<Option<u16>, DateError> {
            match part {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad("not a number"))
                }
                Some(_) => Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD")),
            }
        };
        let year = number(parts.next(), 4)?.ok_or_else(|| bad("empty date"))?;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        // The digit checks above bound the numbers to 9999 and 99.
        let year = year as i16;
        match (month, day) {
            (None, _) => PartialDate::year(year),
            (Some(m), None) => PartialDate::month(year, m as u8),
            (Some(m), Some(d)) => PartialDate::day(year, m as u8, d as u8),
        }
        .map_err(|e| DateError { text: s.to_owned(), ..e })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for text in ["2022", "2022-02", "2022-12-29", "0001-01-01", "9999-12-31"] {
            let date: PartialDate = text.parse().unwrap();
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn rejects_malformed_text() {
        for text in ["", "22", "2022-2", "2022-02-3", "2022-00", "2022-02-30", "2022-01-01-01", "x", "0000"] {
            assert!(text.parse::<PartialDate>().is_err(), "{text} should be rejected");
        }
    }

    #[test]
    fn partial_dates_sort_before_their_days() {
        let month: PartialDate = "2022-02".parse().unwrap();
        let day: PartialDate = "2022-02-01".parse().unwrap();
        let year: PartialDate = "2022".parse().unwrap();
        assert!(year < month && month < day);
    }
}
