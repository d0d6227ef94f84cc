//! Just enough DER to describe an X.509 certificate found in a SAML message: its SHA-1
//! thumbprint (as admin consoles show it), subject common name and validity dates. Nothing about
//! the certificate or any signature is verified.

use super::time;

/// What a certificate's bytes say. All fields are `None` when the bytes are not a certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Certificate {
    /// SHA-1 of the DER bytes, upper-case hex (the "thumbprint" of Entra ID, AD FS and Windows).
    pub thumbprint: Option<String>,
    /// The subject's common name (CN).
    pub subject: Option<String>,
    pub not_before: Option<i64>,
    pub not_after: Option<i64>,
}

/// One DER element: tag, contents, and what follows it.
fn tlv(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = b.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        (rest[..n].iter().fold(0usize, |acc, &x| acc << 8 | usize::from(x)), &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The certificate's facts; an unreadable one yields only the thumbprint of its bytes.
pub fn certificate(der: &[u8]) -> Certificate {
    let mut c = Certificate { thumbprint: (!der.is_empty()).then(|| hex(&sha1(der))), ..Certificate::default() };
    let _ = read(der, &mut c);
    c
}

fn read(der: &[u8], c: &mut Certificate) -> Option<()> {
    const SEQUENCE: u8 = 0x30;
    let (SEQUENCE, cert, _) = tlv(der)? else { return None };
    let (SEQUENCE, tbs, _) = tlv(cert)? else { return None };
    let mut rest = tbs;
    let (mut tag, body);
    (tag, _, rest) = tlv(rest)?;
    if tag == 0xA0 {
        // [0] version, then the serial number.
        (_, _, rest) = tlv(rest)?;
    }
    (_, _, rest) = tlv(rest)?; // signature algorithm
    (_, _, rest) = tlv(rest)?; // issuer
    (tag, body, rest) = tlv(rest)?; // validity
    if tag != SEQUENCE {
        return None;
    }
    let (nb, after) = time_of(body)?;
    c.not_before = Some(nb);
    c.not_after = time_of(after).map(|(t, _)| t);
    let (_, subject, _) = tlv(rest)?;
    c.subject = common_name(subject);
    Some(())
}

/// The CN attribute of a Name: a SEQUENCE of SETs of SEQUENCE { OID, value }.
fn common_name(mut name: &[u8]) -> Option<String> {
    const CN: &[u8] = &[0x55, 0x04, 0x03];
    while let Some((_, set, rest)) = tlv(name) {
        name = rest;
        let (_, pair, _) = tlv(set)?;
        let (_, oid, value) = tlv(pair)?;
        if oid == CN {
            let (_, text, _) = tlv(value)?;
            return Some(String::from_utf8_lossy(text).into_owned());
        }
    }
    None
}

fn time_of(b: &[u8]) -> Option<(i64, &[u8])> {
    let (tag, t, rest) = tlv(b)?;
    Some((time::parse_asn1(t, tag == 0x18)?, rest))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// SHA-1 (FIPS 180-4). Used for the thumbprint people compare, not for any security decision.
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            (e, d, c, b, a) = (d, c, b.rotate_left(30), a, t);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (o, x) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_test_vectors() {
        assert_eq!(hex(&sha1(b"abc")), "A9993E364706816ABA3E25717850C26C9CD0D89D");
        assert_eq!(hex(&sha1(b"")), "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(hex(&sha1(long)), "84983E441C3BD26EBAAE4AA1F95129E5E54670F1");
    }

    #[test]
    fn garbage_is_no_certificate_but_keeps_a_thumbprint() {
        let c = certificate(b"\x30\x84\xff\xff\xff\xff");
        assert_eq!((c.subject, c.not_after), (None, None));
        assert!(c.thumbprint.is_some());
        assert_eq!(certificate(b""), Certificate::default());
    }
}
