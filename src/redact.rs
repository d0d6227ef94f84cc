//! `--redact`: personal data replaced by pseudonyms before output, for pasting into public
//! tickets. A user becomes `user-1a2b3c@contoso.com` (the tenant's domain stays: it tells a guest
//! from a member), an IP address `ip-4d5e6f`. The same value gets the same pseudonym within one
//! run, so counts and patterns survive; the key is random per run, so a pseudonym cannot be
//! reversed by hashing guesses (an unkeyed hash of an IPv4 address could be, in seconds).

use std::borrow::Cow;
use std::hash::{BuildHasher, RandomState};

#[derive(Clone)]
pub struct Redactor {
    key: RandomState,
}

impl Default for Redactor {
    fn default() -> Self {
        Redactor { key: RandomState::new() }
    }
}

impl Redactor {
    fn tag(&self, value: &str) -> String {
        format!("{:06x}", self.key.hash_one(value) & 0xff_ffff)
    }

    /// A user name or UPN; empty stays empty.
    pub fn user(&self, value: &str) -> String {
        match value.rsplit_once('@') {
            _ if value.is_empty() => String::new(),
            Some((_, domain)) => format!("user-{}@{domain}", self.tag(value)),
            None => format!("user-{}", self.tag(value)),
        }
    }

    pub fn ip(&self, value: &str) -> String {
        if value.is_empty() { String::new() } else { format!("ip-{}", self.tag(value)) }
    }

    /// Free text (a log line): every e-mail address and IPv4 or IPv6 address in it replaced.
    pub fn text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let b = text.as_bytes();
        let mut out = String::new();
        let (mut at, mut i) = (0, 0);
        while i < b.len() {
            if !is_tok(b[i]) || (i > 0 && is_tok(b[i - 1])) {
                i += 1;
                continue;
            }
            let end = i + b[i..].iter().take_while(|&&c| is_tok(c)).count();
            let word = text[i..end].trim_end_matches(['.', ':']);
            let masked = if is_email(word) {
                Some(self.user(word))
            } else if is_ipv4(word) || is_ipv6(word) {
                Some(self.ip(word))
            } else {
                None
            };
            if let Some(m) = masked {
                out.push_str(&text[at..i]);
                out.push_str(&m);
                at = i + word.len();
            }
            i = end;
        }
        if at == 0 {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }
}

/// Bytes of an address or e-mail token.
fn is_tok(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'@' | b':' | b'_' | b'-' | b'+' | b'%')
}

fn is_email(w: &str) -> bool {
    let Some((local, domain)) = w.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic()))
}

fn is_ipv4(w: &str) -> bool {
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()))
        && parts.iter().all(|p| p.parse::<u16>().is_ok_and(|n| n <= 255))
}

/// Hex groups and colons with `::` or at least five colons: a time (`10:15:30`) has neither.
fn is_ipv6(w: &str) -> bool {
    let colons = w.bytes().filter(|&c| c == b':').count();
    w.len() >= 3
        && w.bytes().all(|c| c.is_ascii_hexdigit() || c == b':' || c == b'.')
        && (w.contains("::") || colons >= 5)
        && w.split(':').all(|g| g.len() <= 4 || is_ipv4(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_and_addresses_get_stable_pseudonyms_that_keep_the_domain() {
        let r = Redactor::default();
        let a = r.user("adele.vance@contoso.com");
        assert!(a.starts_with("user-") && a.ends_with("@contoso.com") && !a.contains("adele"), "{a}");
        assert_eq!(a, r.user("adele.vance@contoso.com"));
        assert_ne!(a, r.user("alex.wilber@contoso.com"));
        assert!(r.ip("203.0.113.7").starts_with("ip-"));
        assert_eq!(r.user(""), "");
    }

    #[test]
    fn free_text_loses_emails_and_ips_but_not_times_codes_or_guids() {
        let r = Redactor::default();
        let line = "2024-05-21 10:15:30 AADSTS50126 for adele@contoso.com from 203.0.113.7 and 2001:db8::7, \
                    Trace ID: 0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11 v1.2.3.4.5";
        let out = r.text(line);
        for gone in ["adele", "203.0.113.7", "2001:db8::7"] {
            assert!(!out.contains(gone), "{out}");
        }
        for kept in
            ["2024-05-21 10:15:30", "AADSTS50126", "@contoso.com", "0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11", "v1.2.3.4.5"]
        {
            assert!(out.contains(kept), "{kept}: {out}");
        }
        assert!(matches!(r.text("nothing personal here"), Cow::Borrowed(_)));
    }
}
