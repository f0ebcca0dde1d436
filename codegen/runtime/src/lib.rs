//! The runtime of the SDKs that oneinbox-codegen generates: the field types
//! every model uses ([`Tristate`], [`DateTime`], [`Binary`], ...) and, with
//! the `client` feature, the HTTP client the generated methods call
//! (requests, retries, errors); with the `webhooks` feature, the `webhooks`
//! module verifies signed webhook deliveries. Each generated crate
//! re-exports what its users need; the items marked hidden are for
//! generated code only.

// Module layers, lowest first: a module uses only modules of lower layers,
// so none depends on itself through others (tests/layers.rs checks these
// lines against every `crate::` path outside comments). Plain data sits low
// (`request`), sending (`transport`) below what uses it (`handle`, `pages`).
// layer 0: auth, binary, datetime, de, response, tristate, union, webhooks
// layer 1: error, wire
// layer 2: body, encode, request, retry
// layer 3: client, sse
// layer 4: attach
// layer 5: call, transport
// layer 6: handle, pages

pub mod binary;
pub mod datetime;
#[doc(hidden)]
pub mod de;
pub mod tristate;
#[doc(hidden)]
pub mod union;
#[doc(hidden)]
pub mod wire;

pub use binary::{Base64, Binary};
pub use datetime::{Date, DateTime, ParseDateTimeError, Time};
pub use tristate::Tristate;

#[cfg(feature = "webhooks")]
pub mod webhooks;

#[cfg(feature = "client")]
mod attach;
#[cfg(feature = "client")]
pub mod auth;
#[cfg(feature = "client")]
pub mod body;
#[cfg(feature = "client")]
#[doc(hidden)]
pub mod call;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
mod encode;
#[cfg(feature = "client")]
pub mod error;
#[cfg(feature = "client")]
pub mod handle;
#[cfg(feature = "client")]
pub mod pages;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
mod response;
#[cfg(feature = "client")]
pub mod retry;
#[cfg(feature = "client")]
pub mod sse;
#[cfg(feature = "client")]
#[doc(hidden)]
pub mod transport;

#[cfg(feature = "client")]
pub use body::{ByteStream, Upload};
#[cfg(feature = "client")]
pub use client::{ClientBuilder, Core, FromCore};
#[cfg(feature = "client")]
pub use error::{ApiError, DecodeError, Error, Untyped};
#[cfg(feature = "client")]
pub use handle::{ApiResponse, RequestOptions};
#[cfg(feature = "client")]
pub use pages::Items;
#[cfg(feature = "client")]
pub use response::ResponseHead;
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
#[cfg(feature = "client")]
pub use sse::{Event, EventStream};

/// The HTTP and byte crates whose types the client's API uses, for
/// generated code.
#[cfg(feature = "client")]
#[doc(hidden)]
pub use {bytes, reqwest};

/// How generated code names a query, header or cookie parameter's style.
#[cfg(feature = "client")]
#[doc(hidden)]
pub use encode::Style;
