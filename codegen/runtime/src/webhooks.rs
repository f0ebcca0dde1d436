//! Verified webhooks: checks that a delivery was signed by the provider and
//! is recent, from its headers and raw body, then parses it. No web
//! framework is needed; any map of headers will do ([`HeaderLookup`]).
//!
//! The default scheme is [Standard Webhooks] (the scheme Svix wrote):
//!
//! ```
//! use oneinbox_codegen_runtime::webhooks::Verifier;
//!
//! #[derive(serde::Deserialize)]
//! struct Event {
//!     test: u64,
//! }
//!
//! # fn main() -> Result<(), oneinbox_codegen_runtime::webhooks::WebhookError> {
//! let verifier = Verifier::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! let body = br#"{"test": 2432232314}"#;
//! let headers = [
//!     ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
//!     ("webhook-timestamp", "1614265330"),
//!     ("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
//! ];
//! // A live receiver calls `verify` or `verify_and_parse`, which read the
//! // clock; this fixed delivery is checked at the time it was sent.
//! verifier.verify_at(&headers, body, 1614265330)?;
//! let event: Event = serde_json::from_slice(body).unwrap();
//! assert_eq!(event.test, 2432232314);
//! # Ok(()) }
//! ```
//!
//! Verify the body exactly as it arrived: JSON parsed and written again
//! rarely has the same bytes, and then no signature matches.
//!
//! [Standard Webhooks]: https://www.standardwebhooks.com

mod error;
mod headers;
mod mac;
mod scheme;

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;

pub use error::WebhookError;
pub use headers::HeaderLookup;
pub use scheme::{Algorithm, Encoding, Scheme, SecretEncoding};

use mac::{Key, Message};
use scheme::TimestampSource;

/// How far a delivery's timestamp may be from now, either way, by default:
/// the Standard Webhooks libraries' five minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Verifies deliveries of one [`Scheme`] against one or more secrets.
///
/// Build it once and share it: it holds the keyed hashes, and verifying
/// takes `&self`.
#[derive(Clone)]
pub struct Verifier {
    scheme: Scheme,
    keys: Vec<Key>,
    tolerance: Duration,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The keys stay out of debug output: only how many there are.
        f.debug_struct("Verifier")
            .field("scheme", &self.scheme)
            .field("secrets", &self.keys.len())
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// The headers a delivery is verified with, borrowed from it.
struct Delivery<'h> {
    id: &'h str,
    timestamp: Option<&'h str>,
    signatures: &'h str,
}

impl Verifier {
    /// A verifier of [Standard Webhooks](Scheme::standard) deliveries
    /// signed with `secret` (`whsec_` and base64, or the base64 alone).
    pub fn new(secret: &str) -> Result<Verifier, WebhookError> {
        Verifier::with_scheme(Scheme::standard(), secret)
    }

    /// A verifier of `scheme` deliveries signed with `secret`, read as the
    /// scheme's [`SecretEncoding`] says. Fails on an invalid secret or a
    /// scheme that cannot verify anything ([`WebhookError::InvalidScheme`]).
    pub fn with_scheme(scheme: Scheme, secret: &str) -> Result<Verifier, WebhookError> {
        scheme.check()?;
        let key = Key::new(scheme.algorithm, scheme.secret_encoding, secret)?;
        Ok(Verifier {
            scheme,
            keys: vec![key],
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Also accepts deliveries signed with `secret`: while a secret is
    /// rotated, the old and the new one both verify. The first secret
    /// stays the one [`sign`](Self::sign) uses.
    pub fn add_secret(mut self, secret: &str) -> Result<Verifier, WebhookError> {
        let key = Key::new(self.scheme.algorithm, self.scheme.secret_encoding, secret)?;
        self.keys.push(key);
        Ok(self)
    }

    /// How far a delivery's timestamp may be from now, in the past or the
    /// future ([`DEFAULT_TOLERANCE`] unless set); whole seconds count.
    /// Schemes without a timestamp are not checked at all.
    pub fn tolerance(mut self, tolerance: Duration) -> Verifier {
        self.tolerance = tolerance;
        self
    }

    /// Checks that the delivery with these headers and this raw body was
    /// signed with one of the verifier's secrets and, if the scheme has a
    /// timestamp, that it is within the tolerance of the system clock.
    pub fn verify<H>(&self, headers: &H, body: &[u8]) -> Result<(), WebhookError>
    where
        H: HeaderLookup + ?Sized,
    {
        self.verify_at(headers, body, unix_now())
    }

    /// [`verify`](Self::verify) with `now` (unix seconds) for the clock:
    /// for tests, and for deliveries checked later than they arrived.
    pub fn verify_at<H>(&self, headers: &H, body: &[u8], now: i64) -> Result<(), WebhookError>
    where
        H: HeaderLookup + ?Sized,
    {
        let delivery = self.read_headers(headers)?;
        if let Some(timestamp) = delivery.timestamp {
            self.check_time(timestamp, now)?;
        }
        let candidates = self.candidates(delivery.signatures)?;
        let message = Message {
            template: self.scheme.signed,
            id: delivery.id,
            timestamp: delivery.timestamp.unwrap_or(""),
            body,
        };
        if self
            .keys
            .iter()
            .any(|key| key.matches_any(&message, &candidates))
        {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    /// [`verify`](Self::verify), then the body decoded from JSON as `T`. A
    /// decode error names the path where it stopped.
    pub fn verify_and_parse<T, H>(&self, headers: &H, body: &[u8]) -> Result<T, WebhookError>
    where
        T: DeserializeOwned,
        H: HeaderLookup + ?Sized,
    {
        self.verify(headers, body)?;
        parse(body)
    }

    /// The signature of a delivery with this id, timestamp (unix seconds)
    /// and body under the first secret, as the scheme writes one (prefix
    /// included, such as `v1,...`): to test a receiver with deliveries of
    /// its own making. An id or timestamp the scheme does not sign is
    /// ignored. For a scheme whose timestamp travels in the signature
    /// header, the header also needs that item (`t=...,` before it).
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let timestamp = timestamp.to_string();
        let message = Message {
            template: self.scheme.signed,
            id,
            timestamp: &timestamp,
            body,
        };
        let tag = self
            .keys
            .first()
            .map(|key| key.tag(&message))
            .unwrap_or_default();
        format!(
            "{}{}",
            self.scheme.prefix,
            mac::encode(self.scheme.encoding, &tag)
        )
    }

    /// The headers the scheme needs, each required.
    fn read_headers<'h, H>(&self, headers: &'h H) -> Result<Delivery<'h>, WebhookError>
    where
        H: HeaderLookup + ?Sized,
    {
        let scheme = &self.scheme;
        let require = |name: &'static str| -> Result<&'h str, WebhookError> {
            headers
                .header(name)
                .ok_or(WebhookError::MissingHeader(name))
        };
        // In the order a reader of the scheme expects: id, time, signature.
        let id = match scheme.id_header {
            Some(name) => require(name)?,
            None => "",
        };
        let timestamp_header = match scheme.timestamp {
            TimestampSource::Header(name) => Some(require(name)?),
            _ => None,
        };
        let signatures = require(scheme.signature_header)?;
        let timestamp = match scheme.timestamp {
            TimestampSource::None => None,
            TimestampSource::Header(_) => timestamp_header,
            TimestampSource::SignatureItem(prefix) => Some(
                self.items(signatures)
                    .find_map(|item| item.strip_prefix(prefix))
                    .ok_or(WebhookError::InvalidTimestamp)?,
            ),
        };
        Ok(Delivery {
            id,
            timestamp,
            signatures,
        })
    }

    /// Refuses a timestamp that is not unix seconds, or is outside the
    /// tolerance: the replay window.
    fn check_time(&self, timestamp: &str, now: i64) -> Result<(), WebhookError> {
        // Digits only: `i64::from_str` would also take a sign, which no
        // scheme sends.
        if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
            return Err(WebhookError::InvalidTimestamp);
        }
        let sent: i64 = timestamp
            .parse()
            .map_err(|_| WebhookError::InvalidTimestamp)?;
        let age = now.saturating_sub(sent);
        let tolerance = self.tolerance.as_secs();
        if age.unsigned_abs() > tolerance {
            return Err(WebhookError::TimestampOutsideTolerance {
                age_seconds: age,
                tolerance_seconds: tolerance,
            });
        }
        Ok(())
    }

    /// The items of a signature header: the whole value, or its parts
    /// between separators, trimmed, empty ones left out.
    fn items<'h>(&self, header: &'h str) -> impl Iterator<Item = &'h str> {
        let separator = self.scheme.separator;
        header
            .split(move |c| Some(c) == separator)
            .map(str::trim)
            .filter(|item| !item.is_empty())
    }

    /// The decoded signatures of the scheme's form. None with its prefix is
    /// [`WebhookError::NoSupportedSignature`]; a prefixed one that does not
    /// decode is kept out and, if it was the only one, nothing matches.
    fn candidates(&self, header: &str) -> Result<Vec<Vec<u8>>, WebhookError> {
        let mut supported = false;
        let mut candidates = Vec::new();
        for item in self.items(header) {
            let Some(text) = item.strip_prefix(self.scheme.prefix) else {
                continue;
            };
            if let TimestampSource::SignatureItem(prefix) = self.scheme.timestamp {
                // With an empty signature prefix, the timestamp item would
                // otherwise count as a (wrong) signature.
                if item.starts_with(prefix) {
                    continue;
                }
            }
            supported = true;
            candidates.extend(mac::decode(self.scheme.encoding, text));
        }
        if !supported {
            return Err(WebhookError::NoSupportedSignature);
        }
        Ok(candidates)
    }
}

/// `body` decoded from JSON as `T`, the whole of it, with the path of a
/// failure. Verify the delivery first: [`Verifier::verify_and_parse`] does
/// both; this is for a body already verified (a generated crate's event
/// enum reads the discriminating property, then the payload).
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, WebhookError> {
    let decode_error = |path: String, source| WebhookError::Decode { path, source };
    let mut json = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut json)
        .map_err(|e| decode_error(e.path().to_string(), e.into_inner()))?;
    // Text after the document is as wrong as a broken one.
    json.end().map_err(|e| decode_error(".".to_owned(), e))?;
    Ok(value)
}

/// The system clock in unix seconds (negative before 1970, however
/// unlikely).
fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}
