//! UTC times without a time crate: seconds since 1970 to and from calendar dates, the
//! `xs:dateTime` of SAML, the `UTCTime`/`GeneralizedTime` of X.509, and rough spans for people.

/// Latest time shown as a date (the end of year 9999); later values are not taken for times.
pub const MAX: i64 = 253_402_300_799;
/// Earliest time shown as a date (the start of year 1).
pub const MIN: i64 = -62_135_596_800;

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Seconds since 1970 of a UTC calendar time; `None` when a field is out of range.
pub fn from_parts(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    let days_in = |m: u32| match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=9999).contains(&y) || !(1..=12).contains(&mo) || d == 0 || d > days_in(mo) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s.min(59)))
}

/// `2024-05-01 10:00:00 UTC`.
pub fn utc(secs: i64) -> String {
    let secs = secs.clamp(MIN, MAX);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", t / 3600, t / 60 % 60, t % 60)
}

/// `2024-05-01T10:00:00Z`, for JSON.
pub fn iso(secs: i64) -> String {
    let s = utc(secs);
    format!("{}T{}Z", &s[..10], &s[11..19])
}

/// A length of time rounded down to one unit: `45 s`, `20 min`, `3 h`, `12 days`, `3 years`.
pub fn span(secs: u64) -> String {
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7_200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3_600),
        s if s < 730 * 86_400 => format!("{} days", s / 86_400),
        s => format!("{} years", s / 31_556_952),
    }
}

/// `3 h ago`, `in 20 min`, `now`: `at` against `now`.
pub fn relative(at: i64, now: i64) -> String {
    match at.cmp(&now) {
        std::cmp::Ordering::Equal => "now".into(),
        std::cmp::Ordering::Less => format!("{} ago", span(now.abs_diff(at))),
        std::cmp::Ordering::Greater => format!("in {}", span(now.abs_diff(at))),
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// An `xs:dateTime` as SAML writes it: `2024-05-01T10:00:00Z`, with optional fractional seconds
/// and a `Z` or `±hh:mm` zone (no zone is read as UTC, as SAML requires).
pub fn parse_xs(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let base = from_parts(
        i64::from(digits(&b[0..4])?),
        digits(&b[5..7])?,
        digits(&b[8..10])?,
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    )?;
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let mins = i64::from(digits(&[*h1, *h2])? * 60 + digits(&[*m1, *m2])?);
            if *sign == b'+' { mins * 60 } else { -mins * 60 }
        }
        _ => return None,
    };
    Some(base - offset)
}

/// An ASN.1 `UTCTime` (`YYMMDDHHMMSSZ`, years 1950-2049) or `GeneralizedTime` (`YYYYMMDDHHMMSSZ`).
pub fn parse_asn1(text: &[u8], generalized: bool) -> Option<i64> {
    let (y, rest) = if generalized {
        (i64::from(digits(text.get(0..4)?)?), text.get(4..)?)
    } else {
        let yy = i64::from(digits(text.get(0..2)?)?);
        (if yy >= 50 { 1900 + yy } else { 2000 + yy }, text.get(2..)?)
    };
    if rest.len() != 11 || rest[10] != b'Z' {
        return None;
    }
    let f = |i: usize| digits(&rest[i..i + 2]);
    from_parts(y, f(0)?, f(2)?, f(4)?, f(6)?, f(8)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_day_numbers() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_714_557_600), "2024-05-01 10:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(utc(i64::MAX), "9999-12-31 23:59:59 UTC");
        for days in [-800_000, -1, 0, 59, 60, 11_016, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn xs_datetimes_with_fractions_and_zones() {
        assert_eq!(parse_xs("2024-05-01T10:00:00Z"), Some(1_714_557_600));
        assert_eq!(parse_xs("2024-05-01T10:00:00.123Z"), Some(1_714_557_600));
        assert_eq!(parse_xs("2024-05-01T12:00:00+02:00"), Some(1_714_557_600));
        assert_eq!(parse_xs("2024-05-01T10:00:00"), Some(1_714_557_600));
        for bad in ["2024-02-30T10:00:00Z", "2024-05-01 10:00", "2024-05-01T10:00:00.Z", "x", "2024-05-01T10:00:00Q"] {
            assert_eq!(parse_xs(bad), None, "{bad}");
        }
    }

    #[test]
    fn asn1_times() {
        assert_eq!(parse_asn1(b"240501100000Z", false), Some(1_714_557_600));
        assert_eq!(parse_asn1(b"20240501100000Z", true), Some(1_714_557_600));
        assert_eq!(parse_asn1(b"500101000000Z", false), Some(-631_152_000));
        assert_eq!(parse_asn1(b"2405011000Z", false), None);
    }

    #[test]
    fn spans_round_down_to_one_unit() {
        assert_eq!(span(45), "45 s");
        assert_eq!(span(20 * 60 + 59), "20 min");
        assert_eq!(span(3 * 3600 + 5), "3 h");
        assert_eq!(span(400 * 86_400), "400 days");
        assert_eq!(span(946 * 86_400), "2 years");
        assert_eq!(relative(100, 100 + 3 * 3600), "3 h ago");
        assert_eq!(relative(100 + 1200, 100), "in 20 min");
    }
}
