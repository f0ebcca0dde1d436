//! How a provider signs its webhooks: which headers carry what, what bytes
//! are signed, and how signatures and secrets are written.
//!
//! Every part is a `&'static str` or an enum and every builder method is a
//! `const fn`, so that generated code can declare a provider's scheme as a
//! `const` item.

use super::error::WebhookError;

/// The keyed hash that signs a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC-SHA256: Standard Webhooks, GitHub's `X-Hub-Signature-256`,
    /// Stripe and most others.
    HmacSha256,
    /// HMAC-SHA512.
    HmacSha512,
    /// HMAC-SHA1, for legacy headers such as GitHub's `X-Hub-Signature`.
    HmacSha1,
}

/// How a signature is written as text in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// Standard base64 (`+` and `/`); padding may be left out.
    Base64,
    /// Hexadecimal digits, either case.
    Hex,
}

/// How the secret text a provider hands out becomes the HMAC key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretEncoding {
    /// Base64 of the key bytes, optionally after the `whsec_` prefix
    /// (Standard Webhooks, Svix); padding may be left out.
    Base64,
    /// The secret's UTF-8 bytes as they are, prefix and all (GitHub,
    /// Stripe: a Stripe `whsec_...` secret is itself the key).
    Raw,
}

/// Where a delivery's timestamp is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TimestampSource {
    /// The scheme has no timestamp, and so no replay window.
    None,
    /// A header of its own holding unix seconds.
    Header(&'static str),
    /// An item of the signature header that starts with this prefix
    /// (Stripe's `t=` in `t=1492774577,v1=...`).
    SignatureItem(&'static str),
}

/// A webhook signature scheme.
///
/// [`Scheme::standard`] is the [Standard Webhooks] scheme; other HMAC
/// schemes start from [`Scheme::hmac_sha256`] (or [`Scheme::hmac`]) and
/// name their parts:
///
/// ```
/// use oneinbox_codegen_runtime::webhooks::{Encoding, Scheme, SecretEncoding};
///
/// /// GitHub's `X-Hub-Signature-256`: `sha256=` and the hex HMAC of the body,
/// /// keyed with the secret's bytes.
/// const GITHUB: Scheme = Scheme::hmac_sha256()
///     .signature_header("x-hub-signature-256")
///     .prefix("sha256=")
///     .encoding(Encoding::Hex)
///     .signed("{body}")
///     .secret_encoding(SecretEncoding::Raw);
/// # let _ = GITHUB;
/// ```
///
/// A scheme with no timestamp (no [`timestamp_header`](Self::timestamp_header)
/// nor [`timestamp_in_signature`](Self::timestamp_in_signature)) has no
/// replay window: the verifier's tolerance does not apply, and a captured
/// delivery verifies again whenever it is sent. Deduplicate such deliveries
/// by their id.
///
/// A scheme is checked when a [`Verifier`](super::Verifier) is built from
/// it; a mistake (an unknown placeholder, `{id}` signed but no id header,
/// no `{body}`) is a [`WebhookError::InvalidScheme`].
///
/// [Standard Webhooks]: https://www.standardwebhooks.com
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    pub(super) algorithm: Algorithm,
    pub(super) id_header: Option<&'static str>,
    pub(super) timestamp: TimestampSource,
    pub(super) signature_header: &'static str,
    pub(super) signed: &'static str,
    pub(super) encoding: Encoding,
    pub(super) prefix: &'static str,
    pub(super) separator: Option<char>,
    pub(super) secret_encoding: SecretEncoding,
}

impl Default for Scheme {
    /// The Standard Webhooks scheme.
    fn default() -> Self {
        Scheme::standard()
    }
}

impl Scheme {
    /// The [Standard Webhooks](https://www.standardwebhooks.com) scheme
    /// (Svix's): headers `webhook-id`, `webhook-timestamp` (unix seconds)
    /// and `webhook-signature`, a space-separated list of `v1,` + the base64
    /// HMAC-SHA256 of `{id}.{timestamp}.{body}`; the secret is `whsec_` +
    /// base64 of the key. Other signature versions in the list (`v1a,` for
    /// ed25519) are ignored.
    pub const fn standard() -> Self {
        Scheme {
            algorithm: Algorithm::HmacSha256,
            id_header: Some("webhook-id"),
            timestamp: TimestampSource::Header("webhook-timestamp"),
            signature_header: "webhook-signature",
            signed: "{id}.{timestamp}.{body}",
            encoding: Encoding::Base64,
            prefix: "v1,",
            separator: Some(' '),
            secret_encoding: SecretEncoding::Base64,
        }
    }

    /// An HMAC scheme to describe with the builder methods. It starts as:
    /// no id nor timestamp header, the signature header still to name (a
    /// verifier refuses a scheme without one), `{body}` signed, one hex
    /// signature with no prefix, and the secret's raw bytes as key.
    pub const fn hmac(algorithm: Algorithm) -> Self {
        Scheme {
            algorithm,
            id_header: None,
            timestamp: TimestampSource::None,
            signature_header: "",
            signed: "{body}",
            encoding: Encoding::Hex,
            prefix: "",
            separator: None,
            secret_encoding: SecretEncoding::Raw,
        }
    }

    /// [`Scheme::hmac`] with HMAC-SHA256.
    pub const fn hmac_sha256() -> Self {
        Scheme::hmac(Algorithm::HmacSha256)
    }

    /// The header holding the signature(s). Required; names are
    /// case-insensitive.
    pub const fn signature_header(mut self, name: &'static str) -> Self {
        self.signature_header = name;
        self
    }

    /// The header holding the delivery's id, signed as `{id}`. A delivery
    /// without it is refused.
    pub const fn id_header(mut self, name: &'static str) -> Self {
        self.id_header = Some(name);
        self
    }

    /// The header holding the delivery's time in unix seconds, signed as
    /// `{timestamp}` and checked against the verifier's tolerance.
    pub const fn timestamp_header(mut self, name: &'static str) -> Self {
        self.timestamp = TimestampSource::Header(name);
        self
    }

    /// The timestamp travels inside the signature header, as the item that
    /// starts with `prefix` (Stripe: `t=` in `t=1492774577,v1=...`).
    pub const fn timestamp_in_signature(mut self, prefix: &'static str) -> Self {
        self.timestamp = TimestampSource::SignatureItem(prefix);
        self
    }

    /// What is signed: a template in which `{id}`, `{timestamp}` and
    /// `{body}` stand for the id header, the timestamp as sent and the raw
    /// body; everything else is literal. `{body}` is required.
    pub const fn signed(mut self, template: &'static str) -> Self {
        self.signed = template;
        self
    }

    /// How each signature is written.
    pub const fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// The text before each signature of this scheme (`v1,`, `sha256=`).
    /// Signatures with another prefix (other versions) are ignored.
    pub const fn prefix(mut self, prefix: &'static str) -> Self {
        self.prefix = prefix;
        self
    }

    /// The header holds a list of signatures separated by `separator`
    /// (space for Standard Webhooks, `,` for Stripe); without it, the whole
    /// header is one signature. Items are trimmed of spaces.
    pub const fn separator(mut self, separator: char) -> Self {
        self.separator = Some(separator);
        self
    }

    /// How the secret text becomes the key.
    pub const fn secret_encoding(mut self, encoding: SecretEncoding) -> Self {
        self.secret_encoding = encoding;
        self
    }

    /// The HMAC's hash.
    pub const fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Refuses a scheme that cannot verify anything, or would sign a
    /// placeholder it has no header for.
    pub(super) fn check(&self) -> Result<(), WebhookError> {
        let invalid = |reason| Err(WebhookError::InvalidScheme(reason));
        if self.signature_header.is_empty() {
            return invalid("no signature header is named");
        }
        if self.id_header == Some("") {
            return invalid("the id header's name is empty");
        }
        match self.timestamp {
            TimestampSource::Header("") => return invalid("the timestamp header's name is empty"),
            TimestampSource::SignatureItem("") => {
                return invalid("the timestamp's prefix in the signature header is empty")
            }
            _ => {}
        }
        let mut body = false;
        for piece in Template(self.signed) {
            match piece.map_err(WebhookError::InvalidScheme)? {
                Piece::Id if self.id_header.is_none() => {
                    return invalid("{id} is signed but no id header is named")
                }
                Piece::Timestamp if self.timestamp == TimestampSource::None => {
                    return invalid("{timestamp} is signed but the scheme has no timestamp")
                }
                Piece::Body => body = true,
                _ => {}
            }
        }
        if !body {
            return invalid("the signed template lacks {body}");
        }
        Ok(())
    }
}

/// One part of a signed template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    Text(&'static str),
    Id,
    Timestamp,
    Body,
}

/// The pieces of a template such as `{id}.{timestamp}.{body}`, in order; an
/// unknown `{...}` is an error (it is more likely a typo than literal text).
pub(super) struct Template(pub(super) &'static str);

impl Iterator for Template {
    type Item = Result<Piece, &'static str>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.0;
        if rest.is_empty() {
            return None;
        }
        if !rest.starts_with('{') {
            let end = rest.find('{').unwrap_or(rest.len());
            let (text, tail) = rest.split_at(end);
            self.0 = tail;
            return Some(Ok(Piece::Text(text)));
        }
        for (name, piece) in [
            ("{id}", Piece::Id),
            ("{timestamp}", Piece::Timestamp),
            ("{body}", Piece::Body),
        ] {
            if let Some(tail) = rest.strip_prefix(name) {
                self.0 = tail;
                return Some(Ok(piece));
            }
        }
        // Stop after an error: the rest cannot be read reliably.
        self.0 = "";
        Some(Err(
            "the signed template has a placeholder other than {id}, {timestamp} and {body}",
        ))
    }
}
