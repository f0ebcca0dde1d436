// Enums are `#[non_exhaustive]`: a `match` must have a wildcard arm, so a
// variant the API adds later cannot break it.
use oneinbox::types::ValidationErrorLocItem;

fn describe(item: &ValidationErrorLocItem) -> String {
    match item {
        ValidationErrorLocItem::Integer(i) => i.to_string(),
        ValidationErrorLocItem::String(s) => s.clone(),
    }
}

fn main() {
    let _ = describe;
}
