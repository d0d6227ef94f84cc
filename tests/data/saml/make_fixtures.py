#!/usr/bin/env python3
"""Writes the SAML fixtures of tests/decode.rs from the XML files beside it.

Run from this folder: python3 make_fixtures.py. Needs the `cryptography` package only to make the
two self-signed certificates (cert_valid.der, cert_expired.der), which are kept once made so the
thumbprints the tests assert stay the same.
"""
import base64, datetime, os, urllib.parse, zlib

def cert(name, cn, not_before, not_after):
    if os.path.exists(name):
        return open(name, "rb").read()
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    c = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
         .sign(key, hashes.SHA256()))
    der = c.public_bytes(serialization.Encoding.DER)
    open(name, "wb").write(der)
    return der

utc = datetime.timezone.utc
valid = cert("cert_valid.der", "Microsoft Azure Federated SSO Certificate",
             datetime.datetime(2024, 1, 1, tzinfo=utc), datetime.datetime(2099, 1, 1, tzinfo=utc))
expired = cert("cert_expired.der", "accounts.contoso.example",
               datetime.datetime(2021, 6, 1, tzinfo=utc), datetime.datetime(2024, 6, 1, tzinfo=utc))

def fill(xml):
    return (xml.replace("CERT_VALID", base64.b64encode(valid).decode())
               .replace("CERT_EXPIRED", base64.b64encode(expired).decode()))

def b64(xml):
    return base64.b64encode(fill(open(xml).read()).encode()).decode()

# A success response as an HTTP-POST form sends it, wrapped at 76 columns as many tools print it.
s = b64("success.xml")
open("success.b64", "w").write("\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + "\n")
# The Requester/InvalidNameIDPolicy response as captured form data (URL-encoded).
open("nameid_policy.form", "w").write(
    "SAMLResponse=" + urllib.parse.quote(b64("nameid_policy.xml"), safe="") + "&RelayState=%2Fapp%2Fhome\n")
# The expired assertion as one base64 line.
open("expired.b64", "w").write(b64("expired.xml") + "\n")
# An AuthnRequest the HTTP-Redirect binding way: raw DEFLATE, base64, URL-encoded, in a URL.
raw = zlib.compressobj(9, zlib.DEFLATED, -15)
deflated = raw.compress(fill(open("authnrequest.xml").read()).encode()) + raw.flush()
open("authnrequest.url", "w").write(
    "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2?SAMLRequest="
    + urllib.parse.quote(base64.b64encode(deflated).decode(), safe="") + "&RelayState=ticket-4711\n")
