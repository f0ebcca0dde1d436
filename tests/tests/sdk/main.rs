//! The SDK test suite as one binary: each module was a test binary of its
//! own, and each linked axum, tokio, reqwest and every fixture crate, so
//! CI linked them seventeen times. Run one module with
//! `cargo test -p sdk-tests --test sdk wire::`.

mod bad_responses;
mod client_behaviour;
mod compile;
mod coverage_wire;
mod datetime;
mod fastapi;
mod hostile;
mod merge_patch;
mod presence;
mod reading;
mod real_world;
mod repros;
mod streams_events;
mod streams_pages;
mod tristate_props;
mod uploads;
mod wire;
