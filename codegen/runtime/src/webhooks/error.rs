//! Why a webhook delivery was refused. Messages never contain a secret, and
//! quote nothing of the untrusted headers but the names the scheme chose.

use std::fmt;

/// Why a delivery did not verify or decode, or a verifier could not be
/// built.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the scheme requires is absent (or not valid text).
    MissingHeader(&'static str),
    /// The timestamp is not a whole number of unix seconds, or a scheme
    /// that carries it in the signature header has none there.
    InvalidTimestamp,
    /// The timestamp is further from now than the verifier's tolerance: a
    /// replayed delivery, or a clock that is off.
    #[non_exhaustive]
    TimestampOutsideTolerance {
        /// Seconds from the timestamp to now: positive when the delivery is
        /// from the past, negative when it claims to come from the future.
        age_seconds: i64,
        /// The verifier's tolerance, in seconds.
        tolerance_seconds: u64,
    },
    /// The signature header holds no signature of this scheme's form (none
    /// with its prefix, such as only `v1a,` ones when `v1,` is expected).
    NoSupportedSignature,
    /// No signature of the scheme's form matches the body under any of the
    /// verifier's secrets: a forged or altered delivery, or a wrong secret.
    NoMatchingSignature,
    /// A secret could not be read (empty, or not base64 for a scheme whose
    /// secrets are base64); the reason says which, never the secret.
    InvalidSecret(&'static str),
    /// The scheme cannot verify anything as described; the reason says why.
    InvalidScheme(&'static str),
    /// The delivery verified, but its body does not decode into the
    /// requested type.
    #[non_exhaustive]
    Decode {
        /// Where in the JSON document decoding stopped (`data.items[2].id`,
        /// or `.` for the document itself).
        path: String,
        /// What was wrong there.
        source: serde_json::Error,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader(name) => write!(f, "webhook header `{name}` is missing"),
            WebhookError::InvalidTimestamp => {
                f.write_str("webhook timestamp is not a whole number of unix seconds")
            }
            WebhookError::TimestampOutsideTolerance {
                age_seconds,
                tolerance_seconds,
            } => {
                let distance = age_seconds.unsigned_abs();
                let when = if *age_seconds >= 0 {
                    "old"
                } else {
                    "in the future"
                };
                write!(
                    f,
                    "webhook timestamp is {distance} s {when}, outside the tolerance of \
                     {tolerance_seconds} s"
                )
            }
            WebhookError::NoSupportedSignature => {
                f.write_str("webhook signature header holds no signature of the expected form")
            }
            WebhookError::NoMatchingSignature => {
                f.write_str("no webhook signature matches the body and secret")
            }
            WebhookError::InvalidSecret(reason) => write!(f, "invalid webhook secret: {reason}"),
            WebhookError::InvalidScheme(reason) => write!(f, "invalid webhook scheme: {reason}"),
            WebhookError::Decode { path, source } => {
                write!(f, "webhook body does not decode at `{path}`: {source}")
            }
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}
