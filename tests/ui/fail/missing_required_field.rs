// Required fields must be given: a fallback without its agent, or a
// fallback read from the API built by hand without `agent_id`, do not compile.
use oneinbox::types::{RoutingFallback, RoutingFallbackUpdate};

fn main() {
    let _update = RoutingFallbackUpdate {};
    let _response = RoutingFallback {
        additional_properties: Default::default(),
    };
}
