//! The keyed hashes: secrets read into HMAC keys, the signed message fed
//! piece by piece (the body is never copied), and signatures compared in
//! constant time by `hmac` itself.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use hmac::{Hmac, Mac};

use super::error::WebhookError;
use super::scheme::{Algorithm, Encoding, Piece, SecretEncoding, Template};

/// Standard base64 that reads signatures with or without padding.
const BASE64_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Base64 for secrets, as lenient as the Standard Webhooks reference
/// libraries (which decode with Python's and JavaScript's forgiving
/// decoders): padding optional, and unused bits of the last character
/// ignored, so that a secret they accept is accepted here too.
const BASE64_SECRET: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The Standard Webhooks prefix of a base64 secret.
const SECRET_PREFIX: &str = "whsec_";

/// One secret, as an HMAC already keyed with it (the raw key is not kept).
#[derive(Clone)]
pub(super) enum Key {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

/// What a delivery supplies to the signed template.
#[derive(Debug, Clone, Copy)]
pub(super) struct Message<'a> {
    pub(super) template: &'static str,
    pub(super) id: &'a str,
    pub(super) timestamp: &'a str,
    pub(super) body: &'a [u8],
}

impl Message<'_> {
    /// Hands each piece of the signed bytes to `update`, in order. The
    /// template was checked when the verifier was built, so an error piece
    /// cannot occur; it would only sign less, never panic.
    fn feed(&self, mut update: impl FnMut(&[u8])) {
        for piece in Template(self.template).flatten() {
            update(match piece {
                Piece::Text(text) => text.as_bytes(),
                Piece::Id => self.id.as_bytes(),
                Piece::Timestamp => self.timestamp.as_bytes(),
                Piece::Body => self.body,
            });
        }
    }
}

impl Key {
    /// Reads `secret` as `encoding` says and keys `algorithm` with it.
    pub(super) fn new(
        algorithm: Algorithm,
        encoding: SecretEncoding,
        secret: &str,
    ) -> Result<Key, WebhookError> {
        let bytes = match encoding {
            SecretEncoding::Raw => secret.as_bytes().to_vec(),
            SecretEncoding::Base64 => {
                let text = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
                BASE64_SECRET
                    .decode(text.trim())
                    .map_err(|_| WebhookError::InvalidSecret("not valid base64"))?
            }
        };
        if bytes.is_empty() {
            return Err(WebhookError::InvalidSecret("empty"));
        }
        // HMAC takes keys of any length, so these never fail; the error is
        // mapped rather than unwrapped all the same.
        let invalid = |_| WebhookError::InvalidSecret("not usable as an HMAC key");
        Ok(match algorithm {
            Algorithm::HmacSha1 => Key::Sha1(Hmac::new_from_slice(&bytes).map_err(invalid)?),
            Algorithm::HmacSha256 => Key::Sha256(Hmac::new_from_slice(&bytes).map_err(invalid)?),
            Algorithm::HmacSha512 => Key::Sha512(Hmac::new_from_slice(&bytes).map_err(invalid)?),
        })
    }

    /// Whether any of `candidates` is this key's tag of `message`. The
    /// message is hashed once; each comparison is `hmac`'s constant-time
    /// `verify_slice`.
    pub(super) fn matches_any(&self, message: &Message<'_>, candidates: &[Vec<u8>]) -> bool {
        match self {
            Key::Sha1(mac) => matches_any(mac.clone(), message, candidates),
            Key::Sha256(mac) => matches_any(mac.clone(), message, candidates),
            Key::Sha512(mac) => matches_any(mac.clone(), message, candidates),
        }
    }

    /// This key's tag of `message`.
    pub(super) fn tag(&self, message: &Message<'_>) -> Vec<u8> {
        match self {
            Key::Sha1(mac) => tag(mac.clone(), message),
            Key::Sha256(mac) => tag(mac.clone(), message),
            Key::Sha512(mac) => tag(mac.clone(), message),
        }
    }
}

fn matches_any<M: Mac + Clone>(mut mac: M, message: &Message<'_>, candidates: &[Vec<u8>]) -> bool {
    message.feed(|piece| mac.update(piece));
    candidates
        .iter()
        .any(|candidate| mac.clone().verify_slice(candidate).is_ok())
}

fn tag<M: Mac>(mut mac: M, message: &Message<'_>) -> Vec<u8> {
    message.feed(|piece| mac.update(piece));
    mac.finalize().into_bytes().to_vec()
}

/// The bytes of one signature written as `encoding`, or `None` when it is
/// not valid text of that encoding (it then matches nothing).
pub(super) fn decode(encoding: Encoding, text: &str) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Base64 => BASE64_ANY_PADDING.decode(text).ok(),
        Encoding::Hex => decode_hex(text),
    }
}

/// `tag` written as `encoding`: padded base64, or lowercase hex.
pub(super) fn encode(encoding: Encoding, tag: &[u8]) -> String {
    match encoding {
        Encoding::Base64 => STANDARD.encode(tag),
        Encoding::Hex => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            let mut out = String::with_capacity(tag.len() * 2);
            for byte in tag {
                out.push(char::from(DIGITS[usize::from(byte >> 4)]));
                out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
            }
            out
        }
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| match pair {
            [high, low] => Some(hex_digit(*high)? << 4 | hex_digit(*low)?),
            _ => None,
        })
        .collect()
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}
