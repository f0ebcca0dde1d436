//! `DateTime`, `Date` and `Time` as servers send them: every accepted
//! spelling, what each means (the offset kept, naive values never turned
//! into UTC), equality, and text that is written back unchanged.

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use oneinbox::{Date, DateTime, Time};

fn dt(text: &str) -> DateTime {
    text.parse()
        .unwrap_or_else(|e| panic!("{text} should parse: {e}"))
}

#[test]
fn every_rfc3339_spelling_and_the_common_relaxations_parse() {
    let utc = Utc
        .with_ymd_and_hms(2023, 11, 7, 5, 31, 56)
        .single()
        .expect("valid");
    for text in [
        "2023-11-07T05:31:56Z",
        "2023-11-07t05:31:56z",
        "2023-11-07 05:31:56Z",
        "2023-11-07T05:31:56+00:00",
        "2023-11-07T05:31:56-00:00",
        "2023-11-07T01:31:56-04:00",
        "2023-11-07T11:01:56+0530",
        "2023-11-07T07:31:56+02",
    ] {
        assert_eq!(dt(text).to_utc(), Some(utc), "{text}");
    }
    // Any number of fractional digits; nanoseconds are kept.
    let frac = dt("2023-11-07T05:31:56.123456789123Z");
    assert_eq!(
        frac.to_utc().map(|t| t.timestamp_subsec_nanos()),
        Some(123_456_789)
    );
    assert_eq!(
        dt("2023-11-07T05:31:56.5Z")
            .to_utc()
            .map(|t| t.timestamp_subsec_millis()),
        Some(500)
    );
    // Minutes only, as some servers send.
    assert_eq!(
        dt("2023-11-07T05:31Z").naive_local().to_string(),
        "2023-11-07 05:31:00"
    );
}

#[test]
fn the_offset_it_came_with_is_kept() {
    let t = dt("2023-11-07T01:31:56-04:00");
    assert_eq!(t.offset(), FixedOffset::west_opt(4 * 3600));
    assert_eq!(t.naive_local().to_string(), "2023-11-07 01:31:56");
    assert_eq!(t.to_string(), "2023-11-07T01:31:56-04:00");
    assert_eq!(
        serde_json::to_string(&t).expect("serializes"),
        "\"2023-11-07T01:31:56-04:00\""
    );
}

#[test]
fn a_naive_timestamp_stays_naive() {
    let t = dt("2023-11-07T05:31:56");
    assert!(t.is_naive());
    assert_eq!(
        t.to_utc(),
        None,
        "no offset was sent, so no instant is invented"
    );
    assert_eq!(t.offset(), None);
    let berlin = FixedOffset::east_opt(3600).expect("offset");
    assert_eq!(
        t.assume_offset(berlin).to_rfc3339(),
        "2023-11-07T05:31:56+01:00"
    );
    assert_ne!(t, dt("2023-11-07T05:31:56Z"), "naive never equals zoned");
}

#[test]
fn received_text_is_written_back_unchanged_and_built_values_are_canonical() {
    for text in [
        "2023-11-07 05:31:56.1000",
        "2023-11-07T05:31:56.0000001+00:00",
        "2023-11-07t05:31:56z",
        "2023-11-07T05:31:56",
    ] {
        let back = serde_json::to_string(&dt(text)).expect("serializes");
        assert_eq!(back, format!("\"{text}\""));
    }
    let built = DateTime::from(
        Utc.with_ymd_and_hms(2024, 2, 29, 12, 0, 0)
            .single()
            .expect("valid"),
    );
    assert_eq!(built.to_string(), "2024-02-29T12:00:00Z");
    let naive = DateTime::naive(
        NaiveDate::from_ymd_opt(2024, 2, 29)
            .and_then(|d| d.and_hms_micro_opt(1, 2, 3, 4))
            .expect("valid"),
    );
    assert_eq!(naive.to_string(), "2024-02-29T01:02:03.000004");
}

#[test]
fn values_compare_by_instant() {
    assert_eq!(dt("2023-11-07T05:31:56Z"), dt("2023-11-07T01:31:56-04:00"));
    assert_eq!(dt("2023-11-07T05:31:56.000Z"), dt("2023-11-07 05:31:56Z"));
    assert_ne!(dt("2023-11-07T05:31:56Z"), dt("2023-11-07T05:31:57Z"));
    let mut set = std::collections::HashSet::new();
    set.insert(dt("2023-11-07T05:31:56Z"));
    assert!(set.contains(&dt("2023-11-07T06:31:56+01:00")));
}

#[test]
fn what_is_not_a_timestamp_is_an_error_that_says_so() {
    for text in [
        "",
        "yesterday",
        "2023-11-07",
        "2023-13-07T05:31:56Z",
        "2023-11-07T25:31:56Z",
        "2023-11-07T05:31:56+5",
        "2023-11-07T05:31:56.Z",
        "2023-11-07T05:31:56Z junk",
    ] {
        let err = text.parse::<DateTime>().expect_err(text);
        assert_eq!(err.to_string(), format!("`{text}` is not a date-time"));
    }
    let decoded: Result<DateTime, _> = serde_json::from_str("\"soon\"");
    assert!(
        decoded
            .expect_err("not a date")
            .to_string()
            .contains("`soon` is not a date-time")
    );
}

#[test]
fn dates_and_times_get_the_same_treatment() {
    let d: Date = "2024-02-29".parse().expect("date");
    assert_eq!(
        d.date(),
        NaiveDate::from_ymd_opt(2024, 2, 29).expect("valid")
    );
    // A full timestamp where a date was promised: the date is its first
    // part, and the text goes back as it came.
    let d: Date = serde_json::from_str("\"2024-02-29T00:00:00Z\"").expect("date");
    assert_eq!(d.date().to_string(), "2024-02-29");
    assert_eq!(
        serde_json::to_string(&d).expect("ok"),
        "\"2024-02-29T00:00:00Z\""
    );
    assert!("2024-02-30".parse::<Date>().is_err());

    let t: Time = "05:31:56.25+02:00".parse().expect("time");
    assert_eq!(t.time().to_string(), "05:31:56.250");
    assert_eq!(t.offset(), FixedOffset::east_opt(7200));
    let t: Time = "05:31".parse().expect("time");
    assert_eq!(t.offset(), None);
    assert_eq!(t.to_string(), "05:31");
    let built = Time::with_offset(
        chrono::NaiveTime::from_hms_opt(23, 59, 60 - 1).expect("valid"),
        FixedOffset::east_opt(0).expect("utc"),
    );
    assert_eq!(built.to_string(), "23:59:59Z");
    // A leap second.
    assert!("23:59:60Z".parse::<Time>().is_ok());
}
