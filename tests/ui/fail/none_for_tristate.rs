// `None` is not accepted where a `Tristate` is expected: the caller must say
// `Tristate::Absent` (keep) or `Tristate::Null` (clear).
use oneinbox::types::InboundRoutingUpdate;

fn main() {
    let mut routing = InboundRoutingUpdate::new();
    routing.fallback = None;
}
