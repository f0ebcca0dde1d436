//! Whether to repeat an attempt, and after how long: which outcomes are
//! transient, exponential backoff with jitter, and the server's
//! `Retry-After` (seconds or HTTP date), capped.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::Error;

/// How an attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Attempt<'a> {
    /// The server answered with this status and these headers.
    Answered(StatusCode, &'a HeaderMap),
    /// The attempt failed before a complete response arrived.
    Failed(&'a Error),
}

/// Retry settings of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `2` means up to three attempts).
    pub max_retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// Longest computed wait.
    pub max_backoff: Duration,
    /// Longest wait a server's `Retry-After` may impose; longer values are
    /// cut to this.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Whether to repeat an attempt that ended as `attempt`, after `retries`
    /// retries so far, and how long to wait first. `allowed` is false for a
    /// request that must not be repeated (not idempotent, no opt-in).
    /// Transient outcomes: connection failures, timeouts, 408, 429 and 5xx.
    pub(crate) fn decide(
        &self,
        attempt: Attempt<'_>,
        retries: u32,
        allowed: bool,
    ) -> Option<Duration> {
        if !allowed || retries >= self.max_retries {
            return None;
        }
        match attempt {
            Attempt::Answered(status, headers) if is_retryable_status(status) => {
                Some(self.delay(retries, Some(headers)))
            }
            Attempt::Failed(Error::Timeout { .. } | Error::Connection { .. }) => {
                Some(self.delay(retries, None))
            }
            Attempt::Answered(..) | Attempt::Failed(_) => None,
        }
    }

    /// The wait before retry number `retry` (0-based): the server's
    /// `Retry-After` if it sent one (capped by `max_retry_after`), otherwise
    /// `initial_backoff · 2^retry`, capped by `max_backoff`, minus up to 25%
    /// jitter so that many clients do not retry in lockstep.
    pub fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(wait) = headers.and_then(retry_after) {
            return wait.min(self.max_retry_after);
        }
        let base = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(16)))
            .min(self.max_backoff);
        let jitter = 1.0 - 0.25 * fastrand::f64();
        base.mul_f64(jitter)
    }
}

/// Statuses worth retrying: 408, 429 and every 5xx.
pub fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// Parses `Retry-After` (delay-seconds or an HTTP date) and the common
/// `retry-after-ms` extension.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
    {
        return Some(Duration::from_secs_f64(ms.min(1e9) / 1000.0));
    }
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
