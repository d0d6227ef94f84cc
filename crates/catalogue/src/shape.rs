//! Code shapes: what a provider's codes look like, read from its `pattern`. The scanner, the
//! lookup keys and the docs links all derive from these; no provider's shape lives in code.

/// One alternative of a provider's pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A literal prefix (possibly empty) and digits: decimal (`#`) or hex (`%`), a fixed count
    /// or (`None`) one or more.
    Prefixed { prefix: String, hex: bool, count: Option<usize> },
    /// A symbolic name: a letter, then letters, digits, `_` or `-` (`invalid_grant`, `ExpiredToken`).
    Name,
}

impl Shape {
    /// The digits of `code` under this shape.
    pub fn digits<'a>(&self, code: &'a str) -> Option<&'a str> {
        let Shape::Prefixed { prefix, hex, count } = self else { return None };
        let head = code.get(..prefix.len())?;
        if !head.eq_ignore_ascii_case(prefix) {
            return None;
        }
        let rest = &code[prefix.len()..];
        let digit = |b: u8| if *hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() };
        let ok = !rest.is_empty() && rest.bytes().all(digit) && count.is_none_or(|n| rest.len() == n);
        ok.then_some(rest)
    }

    /// The code's value: its digits as a number (hex shapes: the whole code, prefix included,
    /// when the prefix is itself hex, so `CAA2000C` is 0xCAA2000C).
    pub fn value(&self, code: &str) -> Option<u64> {
        let digits = self.digits(code)?;
        match self {
            Shape::Prefixed { prefix, hex: true, .. } => {
                let p = prefix.strip_prefix("0x").or_else(|| prefix.strip_prefix("0X")).unwrap_or(prefix);
                let all = if p.bytes().all(|b| b.is_ascii_hexdigit()) { format!("{p}{digits}") } else { digits.into() };
                u64::from_str_radix(&all, 16).ok()
            }
            _ => digits.parse().ok(),
        }
    }
}

pub fn parse_pattern(pattern: &str) -> Result<Vec<Shape>, String> {
    pattern.split('|').map(parse_alternative).collect()
}

fn parse_alternative(alt: &str) -> Result<Shape, String> {
    if alt == "<name>" {
        return Ok(Shape::Name);
    }
    let bad = || {
        format!(
            "pattern alternative `{alt}` is neither `<name>` nor a prefix followed by `#…`/`%…` digits or `#+`/`%+`"
        )
    };
    let body = alt.strip_suffix('+');
    let digits_part = body.unwrap_or(alt);
    let prefix = digits_part.trim_end_matches(['#', '%']);
    let run = &digits_part[prefix.len()..];
    let hex = run.starts_with('%');
    if run.is_empty() || prefix.contains(['#', '%', '+', '<', '>']) || run.bytes().any(|b| (b == b'%') != hex) {
        return Err(bad());
    }
    if body.is_some() && run.len() != 1 {
        return Err(bad());
    }
    let count = if body.is_some() { None } else { Some(run.len()) };
    Ok(Shape::Prefixed { prefix: prefix.to_string(), hex, count })
}

/// The digits of `code` under the first prefixed shape it fits.
pub fn digits<'a>(shapes: &[Shape], code: &'a str) -> Option<&'a str> {
    shapes.iter().find_map(|s| s.digits(code))
}

pub fn is_name(code: &str) -> bool {
    code.starts_with(|c: char| c.is_ascii_alphabetic())
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether `code` is one of these shapes. A name that reads as a prefixed code with the wrong
/// number of digits (`E000011` under `E#######|<name>`) is a typo, not a name.
pub fn fits(shapes: &[Shape], code: &str) -> bool {
    let misnumbered = || {
        shapes.iter().any(|s| match s {
            Shape::Prefixed { prefix, hex, .. } if !prefix.is_empty() => {
                let rest = code.get(prefix.len()..).filter(|_| code[..prefix.len()].eq_ignore_ascii_case(prefix));
                rest.is_some_and(|r| {
                    !r.is_empty() && r.bytes().all(|b| if *hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
                })
            }
            _ => false,
        })
    };
    digits(shapes, code).is_some() || (shapes.contains(&Shape::Name) && is_name(code) && !misnumbered())
}

/// Other spellings of a 32-bit code: `0xCAA2000C`, unsigned and signed decimal.
pub fn hresult_spellings(shapes: &[Shape], code: &str) -> Vec<String> {
    let Some(v) = shapes.iter().find_map(|s| s.value(code)).filter(|&v| v <= u64::from(u32::MAX)) else {
        return Vec::new();
    };
    let v = v as u32;
    let mut out = vec![format!("0x{v:08X}"), v.to_string()];
    if (v as i32) < 0 {
        out.push((v as i32).to_string());
    }
    out
}

/// Bytes a message shape passes over: spaces, quotes and escaping backslashes, so one shape
/// covers `"code": "X"`, `'code':'X'` and `\"code\":\"X\"`. (`&quot;` is passed over too.)
pub fn loose(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'"' | b'\'' | b'\\' | b'`')
}

/// How far a message shape may reach on either side of a name, loose bytes included.
pub const SHAPE_REACH: usize = 96;

/// A message shape (`({code}) when calling`) as the text before and after the name: lower case,
/// without the bytes [`loose`] passes over.
pub fn parse_message_shape(template: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    let bad = |why: &str| format!("shape `{template}` {why}");
    let (before, after) = template.split_once("{code}").ok_or_else(|| bad("has no `{code}`"))?;
    if after.contains("{code}") {
        return Err(bad("has `{code}` twice"));
    }
    let tight = |s: &str| -> Vec<u8> { s.bytes().filter(|&b| !loose(b)).map(|b| b.to_ascii_lowercase()).collect() };
    let (b, a) = (tight(before), tight(after));
    if b.is_empty() && a.is_empty() {
        return Err(bad("needs text around `{code}` other than spaces and quotes"));
    }
    if !template.is_ascii() || before.len() + after.len() > SHAPE_REACH / 2 {
        return Err(bad(&format!("must be ASCII and at most {} bytes around `{{code}}`", SHAPE_REACH / 2)));
    }
    Ok((b, a))
}

/// A family (`0x8018`): the lowest and highest 32-bit value it holds. Its leading hex digit is
/// 8 or more (failure HRESULTs), so every decimal spelling has ten digits or a minus sign.
pub fn family_range(family: &str) -> Result<(u32, u32), String> {
    let digits = family.strip_prefix("0x").unwrap_or("");
    if !(3..=7).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("family `{family}` must be `0x` and 3 to 7 hex digits"));
    }
    if digits.as_bytes()[0] < b'8' {
        return Err(format!("family `{family}` must start with a hex digit of 8 or more (a failure HRESULT)"));
    }
    let free = 4 * (8 - digits.len() as u32);
    let lo = u32::from_str_radix(digits, 16).map_err(|e| e.to_string())? << free;
    Ok((lo, lo | ((1u32 << free) - 1)))
}

/// The digits value under which `shape` spells the 32-bit value `v` (a hex shape of eight digits
/// in all, its prefix's hex digits included: `CAA%%%%%` spells 0xCAA2000C as 0x2000C).
pub fn spells(shape: &Shape, v: u32) -> Option<u64> {
    let Shape::Prefixed { prefix, hex: true, count: Some(count) } = shape else { return None };
    let p = prefix.strip_prefix("0x").or_else(|| prefix.strip_prefix("0X")).unwrap_or(prefix);
    if p.len() + count != 8 || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let free = 4 * *count as u32;
    let (head, mask) = if free >= 32 { (0, u32::MAX) } else { (v >> free, (1u32 << free) - 1) };
    (p.is_empty() || u32::from_str_radix(p, 16).ok() == Some(head)).then_some(u64::from(v & mask))
}

/// The provider's page for a code: `{number}` and `{code}` filled in for codes with digits; a
/// template without placeholders is one page for every code.
pub fn docs_link(template: Option<&str>, code: &str, digits: Option<&str>) -> Option<String> {
    match (template?, digits) {
        (t, Some(d)) => Some(t.replace("{number}", d).replace("{code}", code)),
        (t, None) if !t.contains('{') => Some(t.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_parse_and_match() {
        let shapes = parse_pattern("E#######|<name>").unwrap();
        assert!(fits(&shapes, "E0000011") && fits(&shapes, "invalid_grant"));
        assert!(!fits(&shapes, "E000011") && !fits(&shapes, "bad name"));
        assert_eq!(digits(&parse_pattern("AADB2C#+").unwrap(), "AADB2C90118"), Some("90118"));
        assert!(parse_pattern("AAD#X").is_err() && parse_pattern("A#%").is_err() && parse_pattern("A##+").is_err());
    }

    #[test]
    fn hex_codes_have_every_spelling() {
        let caa = parse_pattern("CAA%%%%%").unwrap();
        assert_eq!(hresult_spellings(&caa, "CAA2000C"), ["0xCAA2000C", "3399614476", "-895352820"]);
        let dsreg = parse_pattern("0x%%%%%%%%").unwrap();
        assert_eq!(hresult_spellings(&dsreg, "0x801C03F2")[0], "0x801C03F2");
        assert_eq!(parse_pattern("#+").unwrap()[0].value("364"), Some(364));
    }

    #[test]
    fn families_spell_through_their_provider_shapes() {
        assert_eq!(family_range("0x8018"), Ok((0x8018_0000, 0x8018_FFFF)));
        assert_eq!(family_range("0xCAA"), Ok((0xCAA0_0000, 0xCAAF_FFFF)));
        assert!(family_range("0x12").is_err() && family_range("0x1234").is_err() && family_range("8018").is_err());
        let wam = parse_pattern("CAA%%%%%|0x%%%%%%%%").unwrap();
        assert_eq!(spells(&wam[0], 0xCAA2_000C), Some(0x2000C));
        assert_eq!(spells(&wam[0], 0x8018_000A), None);
        assert_eq!(spells(&wam[1], 0x8018_000A), Some(0x8018_000A));
    }

    #[test]
    fn message_shapes_drop_quotes_and_spaces() {
        assert_eq!(parse_message_shape("({code}) when calling"), Ok((b"(".to_vec(), b")whencalling".to_vec())));
        assert_eq!(parse_message_shape("\"__type\": \"{code}\""), Ok((b"__type:".to_vec(), Vec::new())));
        assert!(parse_message_shape("\"{code}\"").is_err() && parse_message_shape("code").is_err());
    }
}
