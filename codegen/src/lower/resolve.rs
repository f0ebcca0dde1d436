//! Following local `$ref`s (with cycle detection) and viewing an `openapiv3`
//! schema through one flat lens, whichever of its parse shapes it landed in.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response,
    Schema, SchemaKind, Type,
};

use crate::diagnostics::{Pointer, split_pointer};
use crate::normalize::NULL_ONLY;

/// A schema position: either a reference or an inline schema.
#[derive(Debug, Clone, Copy)]
pub enum SRef<'a> {
    /// `$ref`
    Ref(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SRef::Ref(reference),
            ReferenceOr::Item(s) => SRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SRef::Ref(reference),
            ReferenceOr::Item(s) => SRef::Item(s),
        }
    }
}

/// Why a reference could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// Nothing at that pointer.
    Unresolved(String),
    /// References that only refer to each other.
    Cycle(Vec<String>),
    /// A form we do not follow (another file, a URL, an odd pointer).
    Unsupported(String),
}

impl RefError {
    /// One-line description.
    pub fn message(&self) -> String {
        match self {
            RefError::Unresolved(r) => format!("unresolved $ref `{r}`: nothing is defined there"),
            RefError::Cycle(chain) => format!(
                "the $refs {} form a cycle with no schema in it",
                chain
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(" → ")
            ),
            RefError::Unsupported(r) => {
                format!("unresolved $ref `{r}`: it does not point into this document")
            }
        }
    }
}

/// Read-only access to the parsed document, with reference resolution.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    components: Option<&'a Components>,
}

/// Longest chain of bare references followed before giving up.
const MAX_REF_HOPS: usize = 64;

impl<'a> Resolver<'a> {
    /// A resolver over `api`.
    pub fn new(api: &'a OpenAPI) -> Self {
        Self {
            components: api.components.as_ref(),
        }
    }

    /// If `reference` names a component schema, its name.
    pub fn component_schema_name(reference: &str) -> Option<String> {
        let segs = split_pointer(reference.strip_prefix('#')?);
        match segs.as_slice() {
            [c, s, name] if c == "components" && s == "schemas" => Some(name.clone()),
            _ => None,
        }
    }

    /// Follows `r` through any chain of bare references to a schema.
    /// Returns the schema and the last component name passed through.
    pub fn schema<'r>(&self, r: SRef<'r>) -> Result<(&'r Schema, Option<String>), RefError>
    where
        'a: 'r,
    {
        let mut current = r;
        let mut seen: Vec<String> = Vec::new();
        let mut last_name = None;
        loop {
            match current {
                SRef::Item(s) => return Ok((s, last_name)),
                SRef::Ref(reference) => {
                    if seen.iter().any(|s| s == reference) || seen.len() > MAX_REF_HOPS {
                        seen.push(reference.to_owned());
                        return Err(RefError::Cycle(seen));
                    }
                    seen.push(reference.to_owned());
                    if let Some(name) = Self::component_schema_name(reference) {
                        last_name = Some(name);
                    }
                    current = self.schema_at(reference)?;
                }
            }
        }
    }

    /// The schema position a reference points at (one hop).
    fn schema_at(&self, reference: &str) -> Result<SRef<'a>, RefError> {
        let Some(fragment) = reference.strip_prefix('#') else {
            return Err(RefError::Unsupported(reference.to_owned()));
        };
        let segs = split_pointer(fragment);
        let unresolved = || RefError::Unresolved(reference.to_owned());
        let [c, s, name, rest @ ..] = segs.as_slice() else {
            return Err(RefError::Unsupported(reference.to_owned()));
        };
        if c != "components" || s != "schemas" {
            return Err(RefError::Unsupported(reference.to_owned()));
        }
        let schemas = &self.components.ok_or_else(unresolved)?.schemas;
        let mut cur: SRef<'a> = schemas.get(name.as_str()).ok_or_else(unresolved)?.into();
        // Pointers into a schema (`.../Pet/properties/name`) walk its parts.
        let mut i = 0;
        while i < rest.len() {
            let (schema, _) = self.schema(cur)?;
            let view = View::of(schema);
            let key = rest[i].as_str();
            cur = match key {
                "properties" => {
                    let prop = rest.get(i + 1).ok_or_else(unresolved)?;
                    i += 1;
                    view.properties
                        .and_then(|p| p.get(prop.as_str()))
                        .ok_or_else(unresolved)?
                        .into()
                }
                "items" => view.items.ok_or_else(unresolved)?.into(),
                "additionalProperties" => match view.additional {
                    Some(AdditionalProperties::Schema(s)) => s.as_ref().into(),
                    _ => return Err(unresolved()),
                },
                "allOf" | "anyOf" | "oneOf" => {
                    let list = match key {
                        "allOf" => view.all_of,
                        "anyOf" => view.any_of,
                        _ => view.one_of,
                    };
                    let idx: usize = rest
                        .get(i + 1)
                        .and_then(|s| s.parse().ok())
                        .ok_or_else(unresolved)?;
                    i += 1;
                    list.get(idx).ok_or_else(unresolved)?.into()
                }
                _ => return Err(RefError::Unsupported(reference.to_owned())),
            };
            i += 1;
        }
        Ok(cur)
    }

    /// Resolves a parameter reference chain.
    pub fn parameter(&self, r: &'a ReferenceOr<Parameter>) -> Result<&'a Parameter, RefError> {
        self.follow(r, "parameters", |c| &c.parameters)
    }

    /// Resolves a request-body reference chain.
    pub fn request_body(
        &self,
        r: &'a ReferenceOr<RequestBody>,
    ) -> Result<&'a RequestBody, RefError> {
        self.follow(r, "requestBodies", |c| &c.request_bodies)
    }

    /// Resolves a response reference chain.
    pub fn response(&self, r: &'a ReferenceOr<Response>) -> Result<&'a Response, RefError> {
        self.follow(r, "responses", |c| &c.responses)
    }

    fn follow<T>(
        &self,
        r: &'a ReferenceOr<T>,
        section: &str,
        map: impl Fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Result<&'a T, RefError> {
        let mut current = r;
        let mut seen: Vec<String> = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(item) => return Ok(item),
                ReferenceOr::Reference { reference } => {
                    if seen.contains(reference) || seen.len() > MAX_REF_HOPS {
                        seen.push(reference.clone());
                        return Err(RefError::Cycle(seen));
                    }
                    seen.push(reference.clone());
                    let segs = split_pointer(
                        reference
                            .strip_prefix('#')
                            .ok_or_else(|| RefError::Unsupported(reference.clone()))?,
                    );
                    let [c, s, name] = segs.as_slice() else {
                        return Err(RefError::Unsupported(reference.clone()));
                    };
                    if c != "components" || s != section {
                        return Err(RefError::Unsupported(reference.clone()));
                    }
                    current = self
                        .components
                        .map(&map)
                        .and_then(|m| m.get(name.as_str()))
                        .ok_or_else(|| RefError::Unresolved(reference.clone()))?;
                }
            }
        }
    }

    /// Where a referenced object is defined: the last reference of the
    /// chain (`#/components/responses/NotFound`), or `here` for an object
    /// written in place. Lowering what is inside it there shares one type
    /// between every operation that refers to it.
    pub fn defined_at<T>(r: &ReferenceOr<T>, here: &Pointer) -> Pointer {
        match r {
            ReferenceOr::Item(_) => here.clone(),
            // A chain of references ends in the same component section; the
            // first hop is as good a name for the place as the last.
            ReferenceOr::Reference { reference } if reference.starts_with("#/components/") => {
                Pointer::from_fragment(reference)
            }
            ReferenceOr::Reference { .. } => here.clone(),
        }
    }

    /// The pointer of a component schema.
    pub fn component_pointer(name: &str) -> Pointer {
        Pointer::root()
            .push("components")
            .push("schemas")
            .push(name)
    }
}

/// A flat view of a schema, the same whether openapiv3 parsed it as a typed
/// schema or as its catch-all `Any` shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct View<'a> {
    /// `type`, if given.
    pub ty: Option<&'a str>,
    /// `format`, if given.
    pub format: Option<&'a str>,
    /// Enumerated values, as JSON (nulls were removed by the normalizer).
    pub enum_values: EnumValues<'a>,
    /// `properties`.
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub required: &'a [String],
    /// `additionalProperties`.
    pub additional: Option<&'a AdditionalProperties>,
    /// `items`.
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    /// `allOf`.
    pub all_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'a [ReferenceOr<Schema>],
    /// `oneOf`.
    pub one_of: &'a [ReferenceOr<Schema>],
    /// `minimum`.
    pub minimum: Option<f64>,
    /// Only `null` is allowed.
    pub null_only: bool,
    /// `not` is present.
    pub has_not: bool,
}

/// Enum values in the shapes openapiv3 stores them.
#[derive(Debug, Clone, Copy, Default)]
pub enum EnumValues<'a> {
    /// No `enum`.
    #[default]
    None,
    /// String values.
    Strings(&'a [Option<String>]),
    /// Integer values.
    Ints(&'a [Option<i64>]),
    /// Number or boolean values (no enum type is made for them).
    Other,
    /// Mixed or untyped values.
    Json(&'a [serde_json::Value]),
}

impl<'a> View<'a> {
    /// Views `schema`.
    pub fn of(schema: &'a Schema) -> Self {
        let null_only =
            schema.schema_data.extensions.get(NULL_ONLY) == Some(&serde_json::Value::Bool(true));
        let mut v = View {
            null_only,
            ..View::default()
        };
        match &schema.schema_kind {
            SchemaKind::Type(t) => match t {
                Type::String(s) => {
                    v.ty = Some("string");
                    v.format = fmt(&s.format);
                    if !s.enumeration.is_empty() {
                        v.enum_values = EnumValues::Strings(&s.enumeration);
                    }
                }
                Type::Number(n) => {
                    v.ty = Some("number");
                    v.format = fmt(&n.format);
                    v.minimum = n.minimum;
                    if !n.enumeration.is_empty() {
                        v.enum_values = EnumValues::Other;
                    }
                }
                Type::Integer(i) => {
                    v.ty = Some("integer");
                    v.format = fmt(&i.format);
                    v.minimum = i.minimum.map(|m| m as f64);
                    if !i.enumeration.is_empty() {
                        v.enum_values = EnumValues::Ints(&i.enumeration);
                    }
                }
                Type::Boolean(b) => {
                    v.ty = Some("boolean");
                    if !b.enumeration.is_empty() {
                        v.enum_values = EnumValues::Other;
                    }
                }
                Type::Object(o) => {
                    v.ty = Some("object");
                    if !o.properties.is_empty() {
                        v.properties = Some(&o.properties);
                    }
                    v.required = &o.required;
                    v.additional = o.additional_properties.as_ref();
                }
                Type::Array(a) => {
                    v.ty = Some("array");
                    v.items = a.items.as_ref();
                }
            },
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::Not { .. } => v.has_not = true,
            SchemaKind::Any(a) => {
                v.ty = a.typ.as_deref();
                v.format = a.format.as_deref();
                if !a.properties.is_empty() {
                    v.properties = Some(&a.properties);
                }
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.all_of = &a.all_of;
                v.any_of = &a.any_of;
                v.one_of = &a.one_of;
                v.minimum = a.minimum;
                v.has_not = a.not.is_some();
                if !a.enumeration.is_empty() {
                    v.enum_values = EnumValues::Json(&a.enumeration);
                }
            }
        }
        v
    }

    /// True when the schema says nothing about the value's shape (only
    /// annotations such as `description` or `nullable`).
    pub fn is_annotation_only(&self) -> bool {
        self.ty.is_none()
            && self.properties.is_none()
            && self.additional.is_none()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.one_of.is_empty()
            && matches!(self.enum_values, EnumValues::None)
            && !self.null_only
    }

    /// True for an object shape (explicit or implied by its keywords).
    pub fn is_object_like(&self) -> bool {
        self.ty == Some("object") || self.properties.is_some()
    }

    /// The string values of a string enum (or `None` if not all strings).
    pub fn string_enum(&self) -> Option<Vec<String>> {
        match self.enum_values {
            EnumValues::Strings(v) => Some(v.iter().flatten().cloned().collect()),
            EnumValues::Json(v) if self.ty.is_none_or(|t| t == "string") => {
                v.iter().map(|x| x.as_str().map(str::to_owned)).collect()
            }
            _ => None,
        }
    }

    /// The integer values of an integer enum.
    pub fn int_enum(&self) -> Option<Vec<i64>> {
        match self.enum_values {
            EnumValues::Ints(v) => Some(v.iter().flatten().copied().collect()),
            EnumValues::Json(v) if self.ty == Some("integer") => {
                v.iter().map(serde_json::Value::as_i64).collect()
            }
            _ => None,
        }
    }
}

/// The spelling of a known format.
pub trait AsFormat {
    /// As written in a spec.
    fn as_format(&self) -> &'static str;
}

impl AsFormat for openapiv3::StringFormat {
    fn as_format(&self) -> &'static str {
        match self {
            openapiv3::StringFormat::Date => "date",
            openapiv3::StringFormat::DateTime => "date-time",
            openapiv3::StringFormat::Password => "password",
            openapiv3::StringFormat::Byte => "byte",
            openapiv3::StringFormat::Binary => "binary",
        }
    }
}

impl AsFormat for openapiv3::NumberFormat {
    fn as_format(&self) -> &'static str {
        match self {
            openapiv3::NumberFormat::Float => "float",
            openapiv3::NumberFormat::Double => "double",
        }
    }
}

impl AsFormat for openapiv3::IntegerFormat {
    fn as_format(&self) -> &'static str {
        match self {
            openapiv3::IntegerFormat::Int32 => "int32",
            openapiv3::IntegerFormat::Int64 => "int64",
        }
    }
}

fn fmt<T: AsFormat>(f: &openapiv3::VariantOrUnknownOrEmpty<T>) -> Option<&str> {
    match f {
        openapiv3::VariantOrUnknownOrEmpty::Item(i) => Some(i.as_format()),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.as_str()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}
