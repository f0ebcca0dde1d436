//! Names: turning spec text into Rust identifiers (ASCII only, case by heck,
//! keywords escaped), keeping them unique within a scope, and the readable
//! method-name rule for FastAPI operationIds. Nothing else makes identifiers.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and edition-dependent).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names the generated `types` module relies on from the prelude (a type of
/// the same name would shadow them).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "ToOwned",
    "Vec",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Into",
    "From",
    "AsRef",
    "AsMut",
    "Iterator",
    "IntoIterator",
    "Extend",
    "FromIterator",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "TryFrom",
    "TryInto",
    "Self",
];

/// Keeps only ASCII letters and digits; everything else separates words.
/// Non-ASCII identifiers trip rustc's `uncommon_codepoints` lint, so emoji
/// and accented letters are dropped here and uniqueness is restored by the
/// caller's [`Scope`].
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// True for a Rust keyword of any kind.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// A `snake_case` identifier for a field, argument or method. Keywords become
/// raw identifiers (`r#type`); the few that cannot be raw get a trailing `_`.
pub fn snake_ident(raw: &str, fallback: &str) -> String {
    let mut s = ascii_words(raw).to_snake_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    escape_keyword(s)
}

fn escape_keyword(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// An `UpperCamelCase` identifier for a type. Names that would shadow the
/// prelude get a `Model` suffix.
pub fn type_ident(raw: &str, fallback: &str) -> String {
    let mut s = ascii_words(raw).to_upper_camel_case();
    if s.is_empty() {
        s = fallback.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'T');
    }
    if RESERVED_TYPE_NAMES.contains(&s.as_str()) {
        s.push_str("Model");
    }
    s
}

/// An `UpperCamelCase` enum variant for a wire value such as `''`, `'+1'`,
/// `'a b'` or `'-1'`.
pub fn variant_ident(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_owned();
    }
    let mut spelled = String::new();
    for (i, c) in value.chars().enumerate() {
        match c {
            '+' => spelled.push_str(" plus "),
            '-' if i == 0 => spelled.push_str(" minus "),
            c => spelled.push(c),
        }
    }
    let mut s = ascii_words(&spelled).to_upper_camel_case();
    if s.is_empty() {
        // Only symbols: name them.
        s = value
            .chars()
            .filter_map(symbol_name)
            .collect::<Vec<_>>()
            .join("");
    }
    if s.is_empty() {
        s = "Value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if s == "Self" {
        s.push_str("Value");
    }
    s
}

fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '*' => "Star",
        '/' => "Slash",
        '.' => "Dot",
        '<' => "Lt",
        '>' => "Gt",
        '=' => "Eq",
        '!' => "Not",
        '?' => "Question",
        '&' => "And",
        '|' => "Or",
        '%' => "Percent",
        '#' => "Hash",
        '@' => "At",
        '$' => "Dollar",
        '_' => "Underscore",
        ',' => "Comma",
        ':' => "Colon",
        '~' => "Tilde",
        '^' => "Caret",
        ' ' => "Space",
        '-' => "Minus",
        '+' => "Plus",
        _ => return None,
    })
}

/// How a [`Scope`] makes a taken name unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `name_2`
    Snake,
    /// `Name2`
    Pascal,
}

/// A set of names in which each new name is made unique, deterministically
/// (first come keeps the plain name; later ones get 2, 3, ...).
#[derive(Debug, Clone)]
pub struct Scope {
    taken: HashSet<String>,
    case: Case,
}

impl Scope {
    /// An empty scope.
    pub fn new(case: Case) -> Self {
        Self {
            taken: HashSet::new(),
            case,
        }
    }

    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(case: Case, reserved: &[&str]) -> Self {
        let mut s = Self::new(case);
        for r in reserved {
            s.taken.insert((*r).to_owned());
        }
        s
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }

    /// Claims `candidate`, or the first free numbered variant of it.
    pub fn claim(&mut self, candidate: &str) -> String {
        if self.taken.insert(bare(candidate).to_owned()) {
            return candidate.to_owned();
        }
        let base = bare(candidate);
        for n in 2.. {
            let next = match self.case {
                // `self_` + 2 is `self_2`: a double underscore is not snake case.
                Case::Snake if base.ends_with('_') => format!("{base}{n}"),
                Case::Snake => format!("{base}_{n}"),
                Case::Pascal => format!("{base}{n}"),
            };
            if self.taken.insert(next.clone()) {
                return next;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    /// Claims `candidate`, or `candidate` + `suffix`, then numbered variants.
    pub fn claim_with_suffix(&mut self, candidate: &str, suffix: &str) -> String {
        if !self.contains(candidate) {
            return self.claim(candidate);
        }
        let base = bare(candidate);
        // `self_` + `_op` is `self_op`: a double underscore is not snake case.
        let with = match (base.ends_with('_'), suffix.strip_prefix('_')) {
            (true, Some(rest)) => format!("{base}{rest}"),
            _ => format!("{base}{suffix}"),
        };
        self.claim(&escape_keyword(with))
    }
}

/// The identifier without a raw prefix.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The readable base of a method name.
///
/// FastAPI's default operationId is the function name, then the path with
/// every non-word character replaced by `_`, then `_` and the HTTP method
/// (`update_phone_number` + `_v1_phone_numbers__phone_id_` + `_patch`).
/// When an operationId ends with exactly that suffix for its own path and
/// method, the suffix is dropped. Without an operationId the name is the
/// method and the path's words, with `by_` before each parameter.
pub fn method_base(operation_id: Option<&str>, http_method: &str, path: &str) -> String {
    if let Some(id) = operation_id {
        let suffix = fastapi_suffix(path, http_method);
        if let Some(stem) = id.strip_suffix(&suffix)
            && !stem.is_empty()
            && stem.chars().any(|c| c.is_alphanumeric())
        {
            return stem.to_owned();
        }
        return id.to_owned();
    }
    let mut words = vec![http_method.to_lowercase()];
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

/// A Cargo package name from an API title: lowercase words joined by `-`,
/// with a trailing "API" dropped (`OneInbox API` → `oneinbox`).
pub fn package_name(title: &str) -> String {
    let lowered: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<&str> = lowered.split_whitespace().collect();
    if words.len() > 1 && words.last() == Some(&"api") {
        words.pop();
    }
    let mut name = words.join("-");
    if name.is_empty() {
        name = "api-client".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "api-");
    }
    name
}

/// The environment variable for the API key: `ONEINBOX_API_KEY`.
pub fn api_key_env(package: &str) -> String {
    let mut s: String = package
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    s.push_str("_API_KEY");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_idents() {
        assert_eq!(snake_ident("friendlyName", "f"), "friendly_name");
        assert_eq!(snake_ident("type", "f"), "r#type");
        assert_eq!(snake_ident("self", "f"), "self_");
        assert_eq!(snake_ident("Self", "f"), "self_");
        assert_eq!(snake_ident("crate", "f"), "crate_");
        assert_eq!(snake_ident("", "field"), "field");
        assert_eq!(snake_ident("😀", "field"), "field");
        assert_eq!(snake_ident("2fa", "f"), "_2fa");
        assert_eq!(
            snake_ident("a\"; std::process::exit(1); \"", "f"),
            "a_std_process_exit_1"
        );
        assert_eq!(snake_ident("@odata.type", "f"), "odata_type");
    }

    #[test]
    fn type_idents() {
        assert_eq!(type_ident("simple-user", "T"), "SimpleUser");
        assert_eq!(
            type_ident("HTTPValidationError", "T"),
            "HttpValidationError"
        );
        assert_eq!(type_ident("Option", "T"), "OptionModel");
        assert_eq!(type_ident("Self", "T"), "SelfModel");
        assert_eq!(type_ident("3ds", "T"), "T3ds");
        assert_eq!(type_ident("", "Body"), "Body");
    }

    #[test]
    fn variant_idents() {
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("+1"), "Plus1");
        assert_eq!(variant_ident("-1"), "Minus1");
        assert_eq!(variant_ident("a b"), "AB");
        assert_eq!(variant_ident("in-progress"), "InProgress");
        assert_eq!(variant_ident("self"), "SelfValue");
        assert_eq!(variant_ident("Self"), "SelfValue");
        assert_eq!(variant_ident("*"), "Star");
        assert_eq!(variant_ident(">="), "GtEq");
        assert_eq!(variant_ident("1"), "V1");
    }

    #[test]
    fn scopes_number_duplicates() {
        let mut s = Scope::new(Case::Snake);
        assert_eq!(s.claim("id"), "id");
        assert_eq!(s.claim("id"), "id_2");
        assert_eq!(s.claim("id"), "id_3");
        let mut p = Scope::with_reserved(Case::Pascal, &["Client"]);
        assert_eq!(p.claim("Client"), "Client2");
        let mut u = Scope::new(Case::Snake);
        assert_eq!(u.claim("self_"), "self_");
        assert_eq!(u.claim("self_"), "self_2");
        let mut r = Scope::new(Case::Snake);
        assert_eq!(r.claim("r#type"), "r#type");
        assert_eq!(r.claim("type"), "type_2");
        assert_eq!(r.claim_with_suffix("body", "_param"), "body");
        assert_eq!(r.claim_with_suffix("body", "_param"), "body_param");
        assert_eq!(r.claim("self_"), "self_");
        assert_eq!(r.claim_with_suffix("self_", "_op"), "self_op");
    }

    #[test]
    fn fastapi_operation_ids() {
        assert_eq!(
            method_base(
                Some("update_phone_number_v1_phone_numbers__phone_id__patch"),
                "patch",
                "/v1/phone-numbers/{phone_id}"
            ),
            "update_phone_number"
        );
        // Not FastAPI's pattern for this path: kept whole.
        assert_eq!(method_base(Some("listPets"), "get", "/pets"), "listPets");
        assert_eq!(method_base(Some("_pets_get"), "get", "/pets"), "_pets_get");
        assert_eq!(
            method_base(None, "GET", "/pets/{petId}"),
            "get_pets_by_petId"
        );
    }

    #[test]
    fn package_and_env_names() {
        assert_eq!(package_name("OneInbox"), "oneinbox");
        assert_eq!(package_name("OneInbox API"), "oneinbox");
        assert_eq!(
            package_name("Swagger Petstore - OpenAPI 3.0"),
            "swagger-petstore-openapi-3-0"
        );
        assert_eq!(package_name("😀"), "api-client");
        assert_eq!(api_key_env("oneinbox"), "ONEINBOX_API_KEY");
        assert_eq!(api_key_env("swagger-petstore"), "SWAGGER_PETSTORE_API_KEY");
    }
}
