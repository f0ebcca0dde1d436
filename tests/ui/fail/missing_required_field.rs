// Required fields must be given: `new` takes them, so a fallback without
// its agent does not compile. A value the API only returns has no
// constructor at all (build one for tests from JSON instead).
use oneinbox::types::{RoutingFallback, RoutingFallbackUpdate};

fn main() {
    let _update = RoutingFallbackUpdate::new();
    let _response = RoutingFallback::new("agent");
}
