//! Names: turning spec text into Rust identifiers (ASCII only, case by heck,
//! keywords escaped), keeping them unique within a scope, and the readable
//! method-name rule for FastAPI operationIds. Nothing else makes identifiers.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

mod features;
mod methods;
mod namespaces;
mod reserved;
pub use features::{FeatureName, feature_names};
pub use methods::{CLIENT_METHODS, MethodSource, method_names, readable_operation_id};
pub use namespaces::{CLIENT_RS_NAMES, Placed, namespace_methods};
pub use reserved::request_methods;
pub(crate) use reserved::{REQUEST_STREAMS_TEMPLATE, REQUEST_TEMPLATE};

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
fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// A `snake_case` identifier for a field, argument or method. Keywords become
/// raw identifiers (`r#type`); the few that cannot be raw get a trailing `_`.
fn snake_ident(raw: &str, fallback: &str) -> String {
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

/// An `UpperCamelCase` spelling for a type (a hint for a [`Scope`]; only a
/// scope makes it an [`Ident`]). Names that would shadow the
/// prelude get a `Model` suffix.
pub(crate) fn type_ident(raw: &str, fallback: &str) -> String {
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
fn variant_ident(value: &str) -> String {
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

/// A Rust identifier that the naming scopes made: ASCII, valid, not a
/// keyword (or raw), unique in its scope. Nothing outside this module can
/// build one, so spec text reaches generated code as an identifier only
/// through a [`Scope`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ident(String);

impl Ident {
    /// The identifier as written in code (`r#type` for raw ones).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier without a raw prefix (`type` for `r#type`).
    pub fn bare(&self) -> &str {
        bare(&self.0)
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Names the emitter writes itself inside generated function bodies (locals,
/// the receiver, the decoder's argument). Every scope that holds function
/// arguments reserves all of them, so a parameter named after one cannot
/// shadow it; the emitter spells its locals only through this enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Local {
    /// The receiver.
    SelfValue,
    /// The call being prepared.
    Call,
    /// The request body argument.
    Body,
    /// The parameter-struct argument.
    Params,
    /// The raw response handed to a decoder.
    Response,
    /// A value bound in a pattern.
    Value,
    /// A file in a loop over file parts.
    File,
    /// A serializer argument.
    Serializer,
    /// A deserializer argument.
    Deserializer,
    /// The other side of a comparison.
    Other,
    /// A hasher state.
    State,
    /// A formatter.
    Formatter,
}

impl Local {
    /// Every local, for reserving.
    pub const ALL: &'static [Local] = &[
        Local::SelfValue,
        Local::Call,
        Local::Body,
        Local::Params,
        Local::Response,
        Local::Value,
        Local::File,
        Local::Serializer,
        Local::Deserializer,
        Local::Other,
        Local::State,
        Local::Formatter,
    ];

    /// The local's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Local::SelfValue => "self",
            Local::Call => "call",
            Local::Body => "body",
            Local::Params => "params",
            Local::Response => "response",
            Local::Value => "value",
            Local::File => "file",
            Local::Serializer => "serializer",
            Local::Deserializer => "deserializer",
            Local::Other => "other",
            Local::State => "state",
            Local::Formatter => "f",
        }
    }
}

/// How a [`Scope`] spells and numbers its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// `snake_case`, duplicates as `name_2`.
    Snake,
    /// `UpperCamelCase` type names (prelude names get a `Model` suffix),
    /// duplicates as `Name2`.
    Type,
    /// `UpperCamelCase` enum variants spelled from wire values.
    Variant,
}

/// A set of names in which each new name is sanitized and made unique,
/// deterministically (first come keeps the plain name; later ones get 2, 3,
/// ...). The only source of [`Ident`]s.
#[derive(Debug, Clone)]
pub struct Scope {
    taken: HashSet<String>,
    case: Case,
    /// The name for text with no usable letters.
    fallback: &'static str,
}

impl Scope {
    fn new(case: Case) -> Self {
        let fallback = match case {
            Case::Snake => "field",
            Case::Type => "Type",
            Case::Variant => "Value",
        };
        Self {
            taken: HashSet::new(),
            case,
            fallback,
        }
    }

    /// The same scope, naming text without usable letters `fallback`.
    #[must_use]
    pub fn with_fallback(mut self, fallback: &'static str) -> Self {
        self.fallback = fallback;
        self
    }

    /// Fields, methods and other `snake_case` names.
    pub fn snake() -> Self {
        Self::new(Case::Snake)
    }

    /// Function arguments: every emitter [`Local`] is taken.
    pub fn arguments() -> Self {
        let mut s = Self::snake();
        for l in Local::ALL {
            s.taken.insert(l.as_str().to_owned());
        }
        s
    }

    /// Type names.
    pub fn types() -> Self {
        Self::new(Case::Type)
    }

    /// Enum variants.
    pub fn variants() -> Self {
        Self::new(Case::Variant)
    }

    /// The same scope with `names` already taken.
    #[must_use]
    pub fn reserving<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        for r in names {
            self.taken.insert(r.as_ref().to_owned());
        }
        self
    }

    fn spell(&self, raw: &str) -> String {
        match self.case {
            Case::Snake => snake_ident(raw, self.fallback),
            Case::Type => type_ident(raw, self.fallback),
            Case::Variant => variant_ident(raw),
        }
    }

    /// Whether `name` (as spelled) is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }

    /// Claims the spelling of `raw`, or the first free numbered variant.
    pub fn claim(&mut self, raw: &str) -> Ident {
        let candidate = self.spell(raw);
        self.claim_spelled(&candidate)
    }

    fn claim_spelled(&mut self, candidate: &str) -> Ident {
        if self.taken.insert(bare(candidate).to_owned()) {
            return Ident(candidate.to_owned());
        }
        let base = bare(candidate);
        let mut n = 2u64;
        loop {
            let next = match self.case {
                // `self_` + 2 is `self_2`: a double underscore is not snake case.
                Case::Snake if base.ends_with('_') => format!("{base}{n}"),
                Case::Snake => format!("{base}_{n}"),
                Case::Type | Case::Variant => format!("{base}{n}"),
            };
            if self.taken.insert(next.clone()) {
                return Ident(next);
            }
            n += 1;
        }
    }

    /// Claims the spelling of `raw`, or it with `suffix` (`_param`), then
    /// numbered variants.
    pub fn claim_with_suffix(&mut self, raw: &str, suffix: &str) -> Ident {
        let candidate = self.spell(raw);
        if !self.taken.contains(bare(&candidate)) {
            return self.claim_spelled(&candidate);
        }
        let base = bare(&candidate);
        // `self_` + `_op` is `self_op`: a double underscore is not snake case.
        let with = match (base.ends_with('_'), suffix.strip_prefix('_')) {
            (true, Some(rest)) => format!("{base}{rest}"),
            _ => format!("{base}{suffix}"),
        };
        let spelled = self.spell(&with);
        self.claim_spelled(&spelled)
    }

    /// The catch-all variant of an enum: `Unknown`, else `Other`, else a
    /// numbered `UnknownValue`.
    pub fn claim_catch_all(&mut self) -> Ident {
        for c in ["Unknown", "Other"] {
            if !self.taken.contains(c) {
                return self.claim_spelled(c);
            }
        }
        self.claim_spelled("UnknownValue")
    }
}

/// The identifier without a raw prefix.
fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
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
        let mut s = Scope::snake();
        assert_eq!(s.claim("id").as_str(), "id");
        assert_eq!(s.claim("id").as_str(), "id_2");
        assert_eq!(s.claim("ID").as_str(), "id_3");
        let mut p = Scope::types().reserving(["Client"]);
        assert_eq!(p.claim("Client").as_str(), "Client2");
        let mut u = Scope::snake();
        assert_eq!(u.claim("self").as_str(), "self_");
        assert_eq!(u.claim("self").as_str(), "self_2");
        let mut r = Scope::snake();
        assert_eq!(r.claim("type").as_str(), "r#type");
        assert_eq!(r.claim("type").as_str(), "type_2");
        assert_eq!(r.claim_with_suffix("body", "_param").as_str(), "body");
        assert_eq!(r.claim_with_suffix("body", "_param").as_str(), "body_param");
        assert_eq!(r.claim("self").as_str(), "self_");
        assert_eq!(r.claim_with_suffix("self", "_op").as_str(), "self_op");
        let mut v = Scope::variants();
        assert_eq!(v.claim("in-progress").as_str(), "InProgress");
        assert_eq!(v.claim("in_progress").as_str(), "InProgress2");
        assert_eq!(v.claim_catch_all().as_str(), "Unknown");
        let mut w = Scope::variants();
        w.claim("unknown");
        assert_eq!(w.claim_catch_all().as_str(), "Other");
    }

    #[test]
    fn arguments_never_shadow_the_emitters_locals() {
        for local in Local::ALL {
            let mut s = Scope::arguments();
            let claimed = s.claim_with_suffix(local.as_str(), "_param");
            assert_ne!(claimed.bare(), local.as_str());
        }
        let mut s = Scope::arguments();
        assert_eq!(s.claim_with_suffix("call", "_param").as_str(), "call_param");
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
