// A model with required fields has no `Default`: a fallback with a made-up
// agent cannot exist.
use oneinbox::types::RoutingFallbackUpdate;

fn main() {
    let _update = RoutingFallbackUpdate::default();
}
