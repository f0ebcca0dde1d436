//! Method names: the readable rule for FastAPI's operationIds, and making
//! every operation's name unique and deterministic.

use std::collections::HashMap;

use super::{Ident, Scope, snake_ident};
use crate::ir::Method;

/// Inherent methods of the generated `Client`; operations must not take them.
pub const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "base_url", "clone", "fmt"];

/// What names an operation.
#[derive(Debug, Clone)]
pub struct MethodSource<'s> {
    /// The spec's operationId.
    pub operation_id: Option<&'s str>,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: &'s str,
    /// Its first tag.
    pub tag: Option<&'s str>,
    /// `x-fern-sdk-group-name` (one name or a path of them) and
    /// `x-fern-sdk-method-name`, when both are given.
    pub fern: Option<(Vec<&'s str>, &'s str)>,
}

/// Readable, unique, deterministic method names, one per operation, in
/// order.
///
/// - A unique operationId gives the readable base of [`method_base`]; when
///   two such bases coincide, both keep their full operationId.
/// - A repeated operationId (Fern scopes them per resource: `list`, `get`)
///   is qualified: by `x-fern-sdk-group-name` + `x-fern-sdk-method-name`
///   where given, else by its tag (`users_list`), else by its method and
///   path; if that still repeats, by method and path as well.
///
/// Names of unique operationIds are claimed first, so they never change
/// because another operation shares an id.
pub fn method_names(ops: &[MethodSource<'_>]) -> Vec<Ident> {
    let short: Vec<String> = ops
        .iter()
        .map(|s| snake_ident(&method_base(s.operation_id, s.method, s.path), "call"))
        .collect();
    let mut short_counts: HashMap<&str, usize> = HashMap::new();
    let mut id_counts: HashMap<&str, usize> = HashMap::new();
    for (op, s) in ops.iter().zip(&short) {
        *short_counts.entry(s.as_str()).or_default() += 1;
        if let Some(id) = op.operation_id {
            *id_counts.entry(id).or_default() += 1;
        }
    }
    let repeated = |op: &MethodSource<'_>| op.operation_id.is_some_and(|id| id_counts[id] > 1);
    let qualified: Vec<String> = ops
        .iter()
        .zip(&short)
        .map(|(op, s)| qualify(op, s))
        .collect();
    let mut qualified_counts: HashMap<&str, usize> = HashMap::new();
    for (op, q) in ops.iter().zip(&qualified) {
        if repeated(op) {
            *qualified_counts.entry(q.as_str()).or_default() += 1;
        }
    }
    let mut scope = Scope::snake()
        .with_fallback("call")
        .reserving(CLIENT_METHODS);
    let mut names: Vec<Option<Ident>> = vec![None; ops.len()];
    // Unique operationIds first, then the repeated ones, each in spec order.
    for pass in [false, true] {
        for (i, op) in ops.iter().enumerate() {
            if repeated(op) != pass {
                continue;
            }
            let candidate = if pass {
                let q = &qualified[i];
                if qualified_counts[q.as_str()] > 1 {
                    format!("{q}_{}", method_base(None, op.method, op.path))
                } else {
                    q.clone()
                }
            } else {
                match (op.operation_id, short_counts[short[i].as_str()] > 1) {
                    (Some(id), true) => id.to_owned(),
                    _ => short[i].clone(),
                }
            };
            names[i] = Some(scope.claim_with_suffix(&candidate, "_op"));
        }
    }
    names
        .into_iter()
        .map(|n| n.unwrap_or_else(|| scope.claim("call")))
        .collect()
}

/// The name of an operation whose operationId is repeated.
fn qualify(op: &MethodSource<'_>, short: &str) -> String {
    if let Some((group, method)) = &op.fern {
        let mut words: Vec<&str> = group.clone();
        words.push(method);
        return words.join("_");
    }
    match op.tag {
        Some(tag) => format!("{tag}_{short}"),
        None => method_base(None, op.method, op.path),
    }
}

/// The readable form of an operationId: FastAPI's path-and-method suffix
/// dropped (see [`method_base`]).
pub fn readable_operation_id(operation_id: &str, method: Method, path: &str) -> String {
    method_base(Some(operation_id), method, path)
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

    fn op<'s>(
        id: Option<&'s str>,
        method: Method,
        path: &'s str,
        tag: Option<&'s str>,
    ) -> MethodSource<'s> {
        MethodSource {
            operation_id: id,
            method,
            path,
            tag,
            fern: None,
        }
    }

    #[test]
    fn repeated_operation_ids_are_qualified_unique_ones_keep_their_names() {
        let mut fern = op(Some("create"), Method::Post, "/projects", Some("projects"));
        fern.fern = Some((vec!["projects", "admin"], "createProject"));
        let ops = [
            op(Some("list"), Method::Get, "/users", Some("users")),
            op(Some("list"), Method::Get, "/projects", Some("projects")),
            fern,
            op(Some("create"), Method::Post, "/users", Some("users")),
            op(Some("status"), Method::Get, "/v1/status", None),
            op(Some("status"), Method::Get, "/v2/status", None),
            op(Some("get"), Method::Get, "/a/{id}", Some("t")),
            op(Some("get"), Method::Get, "/b/{id}", Some("t")),
            op(Some("users_list"), Method::Get, "/all-users", None),
        ];
        let names: Vec<String> = method_names(&ops)
            .iter()
            .map(|i| i.as_str().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "users_list_op",
                "projects_list",
                "projects_admin_create_project",
                "users_create",
                "get_v1_status",
                "get_v2_status",
                "t_get_get_a_by_id",
                "t_get_get_b_by_id",
                "users_list",
            ]
        );
    }

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
