//! Dates and times as servers really send them. `date-time` values arrive
//! as RFC 3339 with `Z` or any offset, with any number of fractional
//! digits, with a space instead of `T`, or naive (no offset at all, as
//! pydantic writes naive datetimes). [`DateTime`] keeps what was sent: the
//! offset it came with, or the fact that it had none, and the exact text,
//! so a value read and written back is byte for byte what the server sent.
//! [`Date`] and [`Time`] get the same treatment.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Text that is not a date or time in any form servers send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateTimeError {
    kind: &'static str,
    text: String,
}

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {}", self.text, self.kind)
    }
}

impl std::error::Error for ParseDateTimeError {}

fn error(kind: &'static str, text: &str) -> ParseDateTimeError {
    ParseDateTimeError {
        kind,
        text: text.chars().take(64).collect(),
    }
}

/// A `date-time`: an instant with the UTC offset it was written with, or a
/// wall-clock time with no offset when the server sent none.
///
/// A naive value never silently becomes UTC: [`DateTime::to_utc`] is `None`
/// for it, and [`DateTime::assume_offset`] says which offset to read it in.
/// Values compare by instant (zoned) or by wall-clock time (naive); a naive
/// value never equals a zoned one. Received values are sent back with their
/// original text.
#[derive(Clone)]
pub struct DateTime {
    value: Moment,
    /// The text it was parsed from, written back unchanged.
    text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    Zoned(chrono::DateTime<FixedOffset>),
    Naive(NaiveDateTime),
}

impl DateTime {
    /// A naive value: a wall-clock time with no offset.
    pub fn naive(value: NaiveDateTime) -> Self {
        DateTime {
            value: Moment::Naive(value),
            text: None,
        }
    }

    /// The current instant, in UTC.
    pub fn now() -> Self {
        DateTime::from(Utc::now())
    }

    /// The instant, with the offset it was written with; `None` if naive.
    pub fn to_fixed(&self) -> Option<chrono::DateTime<FixedOffset>> {
        match self.value {
            Moment::Zoned(z) => Some(z),
            Moment::Naive(_) => None,
        }
    }

    /// The instant in UTC; `None` if naive.
    pub fn to_utc(&self) -> Option<chrono::DateTime<Utc>> {
        self.to_fixed().map(|z| z.with_timezone(&Utc))
    }

    /// The offset it was written with; `None` if naive.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.to_fixed().map(|z| *z.offset())
    }

    /// True when the server sent no offset.
    pub fn is_naive(&self) -> bool {
        matches!(self.value, Moment::Naive(_))
    }

    /// The wall-clock date and time as written (in its own offset).
    pub fn naive_local(&self) -> NaiveDateTime {
        match self.value {
            Moment::Zoned(z) => z.naive_local(),
            Moment::Naive(n) => n,
        }
    }

    /// The instant; a naive value is read as a time at `offset` (the
    /// caller's knowledge of what the server meant).
    pub fn assume_offset(&self, offset: FixedOffset) -> chrono::DateTime<FixedOffset> {
        match self.value {
            Moment::Zoned(z) => z,
            Moment::Naive(n) => offset.from_utc_datetime(&(n - offset)),
        }
    }

    fn canonical(&self) -> String {
        match self.value {
            Moment::Zoned(z) => z.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            Moment::Naive(n) => n.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
        }
    }
}

impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        DateTime {
            value: Moment::Zoned(value.fixed_offset()),
            text: None,
        }
    }
}

impl From<NaiveDateTime> for DateTime {
    fn from(value: NaiveDateTime) -> Self {
        DateTime::naive(value)
    }
}

impl FromStr for DateTime {
    type Err = ParseDateTimeError;

    fn from_str(text: &str) -> Result<Self, ParseDateTimeError> {
        let fail = || error("date-time", text);
        let (date, rest) = date_part(text).ok_or_else(fail)?;
        let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(fail)?;
        let (time, rest) = time_part(rest).ok_or_else(fail)?;
        let naive = date.and_time(time);
        let value = match offset_part(rest).ok_or_else(fail)? {
            Some(offset) => Moment::Zoned(
                offset
                    .from_local_datetime(&naive)
                    .single()
                    .ok_or_else(fail)?,
            ),
            None => Moment::Naive(naive),
        };
        Ok(DateTime {
            value,
            text: Some(text.to_owned()),
        })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(t) => f.write_str(t),
            None => f.write_str(&self.canonical()),
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        // chrono compares zoned values by instant.
        self.value == other.value
    }
}

impl Eq for DateTime {}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.value {
            Moment::Zoned(z) => (0u8, z.with_timezone(&Utc).naive_utc()).hash(state),
            Moment::Naive(n) => (1u8, n).hash(state),
        }
    }
}

/// A calendar `date`. Received values keep their text (a server that sends
/// a full date-time for a date field gets it back unchanged).
#[derive(Clone)]
pub struct Date {
    value: NaiveDate,
    text: Option<String>,
}

impl Date {
    /// The date.
    pub fn date(&self) -> NaiveDate {
        self.value
    }
}

impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Date { value, text: None }
    }
}

impl FromStr for Date {
    type Err = ParseDateTimeError;

    fn from_str(text: &str) -> Result<Self, ParseDateTimeError> {
        let (value, rest) = date_part(text).ok_or_else(|| error("date", text))?;
        // `2024-01-02T00:00:00Z` for a date field: the date is its first part.
        if !rest.is_empty() && text.parse::<DateTime>().is_err() {
            return Err(error("date", text));
        }
        Ok(Date {
            value,
            text: Some(text.to_owned()),
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(t) => f.write_str(t),
            None => write!(f, "{}", self.value.format("%Y-%m-%d")),
        }
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl PartialEq for Date {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Date {}

impl Hash for Date {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

/// A `time` of day, with the offset it was written with, if any.
#[derive(Clone)]
pub struct Time {
    value: NaiveTime,
    offset: Option<FixedOffset>,
    text: Option<String>,
}

impl Time {
    /// A time of day with no offset.
    pub fn new(value: NaiveTime) -> Self {
        Time {
            value,
            offset: None,
            text: None,
        }
    }

    /// A time of day at `offset`.
    pub fn with_offset(value: NaiveTime, offset: FixedOffset) -> Self {
        Time {
            value,
            offset: Some(offset),
            text: None,
        }
    }

    /// The time of day as written.
    pub fn time(&self) -> NaiveTime {
        self.value
    }

    /// The offset it was written with, if any.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset
    }
}

impl From<NaiveTime> for Time {
    fn from(value: NaiveTime) -> Self {
        Time::new(value)
    }
}

impl FromStr for Time {
    type Err = ParseDateTimeError;

    fn from_str(text: &str) -> Result<Self, ParseDateTimeError> {
        let fail = || error("time", text);
        let (value, rest) = time_part(text).ok_or_else(fail)?;
        let offset = offset_part(rest).ok_or_else(fail)?;
        Ok(Time {
            value,
            offset,
            text: Some(text.to_owned()),
        })
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.text {
            return f.write_str(t);
        }
        write!(f, "{}", self.value.format("%H:%M:%S%.f"))?;
        match self.offset {
            Some(o) if o.local_minus_utc() == 0 => f.write_str("Z"),
            Some(o) => write!(f, "{o}"),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Time({self})")
    }
}

impl PartialEq for Time {
    fn eq(&self, other: &Self) -> bool {
        (self.value, self.offset) == (other.value, other.offset)
    }
}

impl Eq for Time {}

impl Hash for Time {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.value, self.offset.map(|o| o.local_minus_utc())).hash(state);
    }
}

/// `Serialize` as the text, `Deserialize` from any accepted text.
macro_rules! text_serde {
    ($ty:ty, $what:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

text_serde!(DateTime, "an RFC 3339 date-time, with or without an offset");
text_serde!(Date, "a date (YYYY-MM-DD)");
text_serde!(Time, "a time of day (HH:MM:SS)");

fn digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[n..]))
}

/// `YYYY-MM-DD` and the rest.
fn date_part(s: &str) -> Option<(NaiveDate, &str)> {
    let (y, s) = digits(s, 4)?;
    let (m, s) = digits(s.strip_prefix('-')?, 2)?;
    let (d, s) = digits(s.strip_prefix('-')?, 2)?;
    Some((NaiveDate::from_ymd_opt(y as i32, m, d)?, s))
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff…` (any number of digits, kept to
/// nanoseconds; a leap second `60` is accepted) and the rest.
fn time_part(s: &str) -> Option<(NaiveTime, &str)> {
    let (h, s) = digits(s, 2)?;
    let (m, mut s) = digits(s.strip_prefix(':')?, 2)?;
    let mut sec = 0;
    let mut nanos = 0u32;
    if let Some(rest) = s.strip_prefix(':') {
        let (v, rest) = digits(rest, 2)?;
        sec = v;
        s = rest;
        if let Some(frac) = s.strip_prefix(['.', ',']) {
            let len = frac.bytes().take_while(u8::is_ascii_digit).count();
            if len == 0 {
                return None;
            }
            let kept = &frac[..len.min(9)];
            nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32);
            s = &frac[len..];
        }
    }
    if sec == 60 {
        // chrono spells a leap second as 59 s + 1e9 ns.
        sec = 59;
        nanos += 1_000_000_000;
    }
    Some((NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?, s))
}

/// The offset: `Some(None)` for none at all, `Z`, or `±HH`, `±HHMM`,
/// `±HH:MM`; `None` for anything else.
fn offset_part(s: &str) -> Option<Option<FixedOffset>> {
    match s {
        "" => return Some(None),
        "Z" | "z" => return Some(Some(FixedOffset::east_opt(0)?)),
        _ => {}
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, rest) = digits(&s[1..], 2)?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let (m, rest) = if rest.is_empty() {
        (0, rest)
    } else {
        digits(rest, 2)?
    };
    if !rest.is_empty() || m > 59 {
        return None;
    }
    Some(Some(FixedOffset::east_opt(
        sign * (h * 3600 + m * 60) as i32,
    )?))
}
