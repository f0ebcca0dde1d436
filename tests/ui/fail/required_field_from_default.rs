// A model with required fields has no `Default`, so `..Default::default()`
// cannot fill a required field in.
use oneinbox::types::RoutingFallbackUpdate;

fn main() {
    let _update = RoutingFallbackUpdate {
        ..Default::default()
    };
}
