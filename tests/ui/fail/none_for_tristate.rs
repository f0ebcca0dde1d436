// `None` is not accepted where a `Tristate` is expected: the caller must say
// `Tristate::Absent` (keep) or `Tristate::Null` (clear).
use oneinbox::types::{InboundRoutingUpdate, PhoneNumberUpdate};

fn main() {
    let _patch = PhoneNumberUpdate {
        inbound_routing: Some(InboundRoutingUpdate {
            fallback: None,
            ..Default::default()
        }),
        ..Default::default()
    };
}
