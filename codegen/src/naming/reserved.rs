//! The method names the hand-written request type already has, read from
//! its source: the one list naming reserves, so that no setter or stream
//! method of an operation can take one, whatever the template gains later.

use std::sync::OnceLock;

/// The request type copied into every crate with a client.
pub(crate) const REQUEST_TEMPLATE: &str = include_str!("../../runtime/local/request.rs");

/// What the request type gains when an API paginates or streams binary
/// bodies.
pub(crate) const REQUEST_STREAMS_TEMPLATE: &str =
    include_str!("../../runtime/local/request_streams.rs");

/// Trait methods a caller reaches on a request without naming the trait:
/// an inherent method of the same name would shadow them.
const TRAIT_METHODS: &[&str] = &["clone", "to_owned", "into", "try_into"];

/// Every method the request type defines (inherent or through the traits
/// it implements in the template), sorted.
pub fn request_methods() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = [REQUEST_TEMPLATE, REQUEST_STREAMS_TEMPLATE]
            .iter()
            .flat_map(|text| impl_fns(text))
            .chain(TRAIT_METHODS.iter().map(|s| (*s).to_owned()))
            .collect();
        names.sort();
        names.dedup();
        names
    })
}

/// The names of the functions of every `impl` block in `text`. The
/// templates are this crate's own sources, which its tests parse; text
/// that does not parse contributes nothing.
fn impl_fns(text: &str) -> Vec<String> {
    // The streams half is a bare `impl` block, which parses on its own.
    let Ok(file) = syn::parse_file(text) else {
        return Vec::new();
    };
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(i) => Some(i),
            _ => None,
        })
        .flat_map(|i| &i.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_templates_parse() {
        assert!(syn::parse_file(REQUEST_TEMPLATE).is_ok());
        assert!(syn::parse_file(REQUEST_STREAMS_TEMPLATE).is_ok());
    }

    #[test]
    fn every_method_of_the_template_is_reserved() {
        let names = request_methods();
        for expected in [
            "new",
            "with",
            "timeout",
            "max_retries",
            "retry_non_idempotent",
            "header",
            "build_request",
            "send",
            "send_with_response",
            "into_future",
            "fmt",
            "pages",
            "streamed",
            "clone",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected} missing from {names:?}"
            );
        }
    }
}
