//! Webhooks: how deliveries are signed, and the payload each decodes into
//! (one enum when the payloads share a discriminating property).

use super::{Docs, Ident, TypeRef};

/// The crate's `webhooks` module.
#[derive(Debug, Clone)]
pub struct Webhooks {
    /// How deliveries are signed.
    pub scheme: WebhookScheme,
    /// One parse function per distinct payload type, in spec order.
    pub payloads: Vec<WebhookPayload>,
    /// The enum every delivery decodes into, when the payloads share a
    /// property whose single value names each.
    pub events: Option<WebhookEvents>,
}

/// A parse function and the payload type it returns.
#[derive(Debug, Clone)]
pub struct WebhookPayload {
    /// `parse_user_created`.
    pub function: Ident,
    /// The payload's type.
    pub ty: TypeRef,
    /// The webhooks that deliver it.
    pub docs: Docs,
}

/// The discriminated enum of deliveries.
#[derive(Debug, Clone)]
pub struct WebhookEvents {
    /// The property (wire name) whose value names the event (`type`).
    pub property: String,
    /// Its variants, one per value.
    pub variants: Vec<WebhookVariant>,
}

/// One event of [`WebhookEvents`].
#[derive(Debug, Clone)]
pub struct WebhookVariant {
    /// Variant name.
    pub ident: Ident,
    /// The property's value for this event.
    pub value: String,
    /// Its payload.
    pub ty: TypeRef,
}

/// How deliveries are signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookScheme {
    /// The Standard Webhooks specification.
    Standard,
    /// An HMAC scheme the settings file describes.
    Custom(CustomWebhookScheme),
}

/// An HMAC scheme: each field as the runtime's `Scheme` builder takes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomWebhookScheme {
    /// `hmac-sha256` (default), `hmac-sha512` or `hmac-sha1`.
    pub algorithm: HmacAlgorithm,
    /// The header carrying the signatures.
    pub signature_header: String,
    /// The header carrying the delivery id, if signed.
    pub id_header: Option<String>,
    /// The header carrying the timestamp.
    pub timestamp_header: Option<String>,
    /// The prefix of the timestamp item inside the signature header.
    pub timestamp_in_signature: Option<String>,
    /// What is signed (`{id}`, `{timestamp}`, `{body}`).
    pub signed: Option<String>,
    /// Hex (default) or base64 signatures.
    pub base64: bool,
    /// Before each signature (`sha256=`).
    pub prefix: Option<String>,
    /// Between signatures in the header.
    pub separator: Option<char>,
    /// Secrets are base64 (`whsec_`) rather than raw bytes.
    pub base64_secret: bool,
}

/// The HMAC's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HmacAlgorithm {
    /// SHA-256.
    #[default]
    Sha256,
    /// SHA-512.
    Sha512,
    /// SHA-1.
    Sha1,
}
