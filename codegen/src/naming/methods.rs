//! Method names: the readable rule for FastAPI's operationIds, and making
//! every operation's name unique and deterministic.

use std::collections::HashMap;

use super::{Ident, Scope, snake_ident};
use crate::ir::Method;

/// Inherent methods of the generated `Client`; operations must not take them.
const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "base_url", "clone", "fmt"];

/// What names an operation.
#[derive(Debug, Clone, Copy)]
pub struct MethodSource<'s> {
    /// The spec's operationId.
    pub operation_id: Option<&'s str>,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: &'s str,
}

/// Readable, unique method names, one per operation, in order (see
/// [`method_base`]). When two operations shorten to the same name, both keep
/// their full operationId.
pub fn method_names(ops: &[MethodSource<'_>]) -> Vec<Ident> {
    let short: Vec<String> = ops
        .iter()
        .map(|s| snake_ident(&method_base(s.operation_id, s.method, s.path), "call"))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &short {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    let mut scope = Scope::snake()
        .with_fallback("call")
        .reserving(CLIENT_METHODS);
    ops.iter()
        .zip(&short)
        .map(|(op, s)| {
            let candidate = match (op.operation_id, counts[s.as_str()] > 1) {
                (Some(id), true) => id,
                _ => s.as_str(),
            };
            scope.claim_with_suffix(candidate, "_op")
        })
        .collect()
}

/// The readable base of a method name.
///
/// FastAPI's default operationId is the function name, then the path with
/// every non-word character replaced by `_`, then `_` and the HTTP method
/// (`update_phone_number` + `_v1_phone_numbers__phone_id_` + `_patch`).
/// When an operationId ends with exactly that suffix for its own path and
/// method, the suffix is dropped. Without an operationId the name is the
/// method and the path's words, with `by_` before each parameter.
fn method_base(operation_id: Option<&str>, method: Method, path: &str) -> String {
    if let Some(id) = operation_id {
        let suffix = fastapi_suffix(path, method.key());
        if let Some(stem) = id.strip_suffix(&suffix)
            && !stem.is_empty()
            && stem.chars().any(|c| c.is_alphanumeric())
        {
            return stem.to_owned();
        }
        return id.to_owned();
    }
    let mut words = vec![method.key().to_owned()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push(format!("by_{param}"));
        } else {
            words.push(seg.to_owned());
        }
    }
    words.join("_")
}

/// `re.sub(r"\W", "_", path) + "_" + method`, as FastAPI computes it.
fn fastapi_suffix(path: &str, http_method: &str) -> String {
    let mut s: String = path
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.push('_');
    s.push_str(&http_method.to_lowercase());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fastapi_operation_ids() {
        assert_eq!(
            method_base(
                Some("update_phone_number_v1_phone_numbers__phone_id__patch"),
                Method::Patch,
                "/v1/phone-numbers/{phone_id}"
            ),
            "update_phone_number"
        );
        // Not FastAPI's pattern for this path: kept whole.
        assert_eq!(
            method_base(Some("listPets"), Method::Get, "/pets"),
            "listPets"
        );
        assert_eq!(
            method_base(Some("_pets_get"), Method::Get, "/pets"),
            "_pets_get"
        );
        assert_eq!(
            method_base(None, Method::Get, "/pets/{petId}"),
            "get_pets_by_petId"
        );
    }
}
