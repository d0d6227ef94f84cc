//! The times sign-in exports write, to seconds since 1970 (UTC): ISO 8601 from Graph, the admin
//! center and Okta (`2024-05-21T10:15:30.1234567Z`, or with a space), and the US form of a Log
//! Analytics CSV export (`5/21/2024, 10:15:30.123 AM`). Fractions of a second are dropped.

use crate::decode::time::{from_parts, parse_xs};

/// `None` for a time in none of these forms (it is then left out of first/last seen).
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() >= 19 && b[4] == b'-' && b[10] == b' ' {
        let mut iso = t.to_string();
        iso.replace_range(10..11, "T");
        return parse_xs(&iso);
    }
    if b.len() >= 19 && b[4] == b'-' {
        return parse_xs(t);
    }
    us(t)
}

/// `M/D/YYYY, h:mm:ss[.fff] AM|PM`, or the same with a 24-hour clock and no AM/PM.
fn us(t: &str) -> Option<i64> {
    let (date, clock) = t.split_once([' ', ','])?;
    let mut d = date.split('/');
    let (mo, day, y) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if d.next().is_some() {
        return None;
    }
    let clock = clock.trim_start_matches([',', ' ']);
    let (hms, half) = match clock.rsplit_once(' ') {
        Some((hms, h)) if h.eq_ignore_ascii_case("AM") => (hms, Some(false)),
        Some((hms, h)) if h.eq_ignore_ascii_case("PM") => (hms, Some(true)),
        _ => (clock, None),
    };
    let hms = hms.split_once('.').map_or(hms, |(s, _)| s);
    let mut c = hms.split(':');
    let (h, mi, s) = (num(c.next()?)?, num(c.next()?)?, num(c.next()?)?);
    let h = match half {
        Some(_) if h == 0 || h > 12 => return None,
        Some(pm) => h % 12 + if pm { 12 } else { 0 },
        None => h,
    };
    from_parts(i64::from(y), mo, day, h, mi, s)
}

fn num(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn every_export_form_reads_as_the_same_second() {
        let want = parse("2024-05-21T22:15:30Z").unwrap();
        for form in [
            "2024-05-21T22:15:30.1234567Z",
            "2024-05-21 22:15:30",
            "2024-05-21T22:15:30+00:00",
            "2024-05-22T00:15:30.5+02:00",
            "5/21/2024, 10:15:30.123 PM",
            "5/21/2024 10:15:30 PM",
            "05/21/2024 22:15:30",
        ] {
            assert_eq!(parse(form), Some(want), "{form}");
        }
        assert_eq!(parse("5/21/2024, 12:00:00 AM"), parse("2024-05-21T00:00:00Z"));
        assert_eq!(parse("5/21/2024, 12:00:00 PM"), parse("2024-05-21T12:00:00Z"));
    }

    #[test]
    fn what_is_not_a_time_is_none() {
        for bad in ["", "yesterday", "13/45/2024, 1:00:00 AM", "5/21/2024, 13:00:00 PM", "2024-05-21", "1/2/3/4 1:1:1"]
        {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
