//! The intermediate representation: what the SDK contains, with every decision
//! already made (Rust names beside wire names, types, field presence, serde
//! encoding, retry classes). It holds no tokens; emitters print it.
//!
//! Its rules are types: identifiers are [`Ident`]s (only a naming scope makes
//! them), documentation is [`Docs`] (only the sanitizer makes it), a field's
//! wire behaviour is one [`FieldEncoding`], a tagged variant has a
//! [`NonEmpty`] tag list. What types cannot say, `check` verifies between
//! lowering and emitting.

pub use crate::docs::Docs;
pub use crate::naming::Ident;

/// A whole SDK.
#[derive(Debug, Clone)]
pub struct Api {
    /// Package and naming facts.
    pub krate: CrateInfo,
    /// Crate-level documentation (from `info`).
    pub docs: Docs,
    /// The first server URL, if the spec names one.
    pub base_url: Option<String>,
    /// What the constructors say about the server.
    pub server_docs: Docs,
    /// How requests authenticate, if they do.
    pub auth: Option<Auth>,
    /// Every named type, in output order.
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// Documented error bodies, one variant each, for typed API errors.
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// A short usage example (Rust, doctest-ready), if an operation lends
    /// itself to one.
    pub example: Option<String>,
}

impl Api {
    /// Whether the crate has an HTTP client (a spec without operations, such
    /// as a webhooks-only one, yields a crate of types).
    pub fn has_client(&self) -> bool {
        !self.operations.is_empty()
    }
}

/// Package facts.
#[derive(Debug, Clone)]
pub struct CrateInfo {
    /// Cargo package name (`oneinbox`).
    pub package: String,
    /// Package version.
    pub version: String,
    /// The API's title, on one line.
    pub title: Docs,
    /// The API's own version string, as the spec gives it.
    pub api_version: String,
    /// One-line package description (plain text, also for `Cargo.toml`).
    pub description: Docs,
    /// Product token of the User-Agent (`oneinbox-rust`).
    pub user_agent: String,
    /// Variable read by `Client::from_env`.
    pub api_key_env: String,
    /// Command quoted in generated headers.
    pub regenerate_command: String,
    /// Spec path quoted in generated headers.
    pub spec_path: String,
    /// Whether `Cargo.toml` gets its own `[workspace]`.
    pub standalone: bool,
}

/// An identifier paired with the name it has on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    /// The Rust identifier (possibly raw, `r#type`).
    pub ident: Ident,
    /// The exact spelling on the wire.
    pub wire: String,
}

/// Index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A reference to a type, as written in a field or signature.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A generated type.
    Named(TypeId),
    /// A built-in scalar or library type.
    Prim(Prim),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`.
    Option(Box<TypeRef>),
    /// The SDK's three-state `Tristate<T>`.
    Tristate(Box<TypeRef>),
    /// `Box<T>`, to break recursion.
    Boxed(Box<TypeRef>),
}

/// Built-in types a schema can map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prim {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `uuid::Uuid`
    Uuid,
    /// `chrono::DateTime<chrono::Utc>`
    DateTime,
    /// `chrono::NaiveDate`
    Date,
    /// Base64 text on the wire, bytes in Rust (`format: byte`).
    Base64,
    /// Raw bytes (`format: binary`), for non-JSON bodies and file parts.
    Binary,
    /// Any JSON value.
    Json,
    /// A JSON object of unknown shape.
    JsonObject,
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name; `wire` is the schema's name or path in the spec.
    pub name: Name,
    /// Documentation.
    pub docs: Docs,
    /// What kind of type.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(StructDef),
    /// A string enum with a catch-all variant.
    StringEnum(EnumDef<String>),
    /// An integer enum with a catch-all variant.
    IntEnum(EnumDef<i64>),
    /// A union told apart by a tag property.
    Tagged(TaggedDef),
    /// A union told apart by trying each variant in order.
    Untagged(UntaggedDef),
    /// `pub type Name = T;`
    Alias(TypeRef),
    /// `pub struct Name(pub T);`, for recursive aliases.
    Newtype(TypeRef),
    /// A slot reserved for a type still being lowered. `check` rejects any
    /// left when lowering ends.
    Pending,
    /// An operation's successful results when they differ by status; built
    /// by the client from the status code, never (de)serialized.
    Responses(Vec<ResponseVariant>),
}

/// One successful result of an operation.
#[derive(Debug, Clone)]
pub struct ResponseVariant {
    /// Variant identifier (`Ok`, `Created`, `NoContent`, ...).
    pub ident: Ident,
    /// Payload, or `None` for a response without a body.
    pub ty: Option<TypeRef>,
    /// Documentation.
    pub docs: Docs,
}

/// A struct.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// A flattened map that keeps properties the spec does not list.
    pub extra: Option<ExtraField>,
    /// Whether `Default` is derived (no required fields).
    pub default: bool,
    /// Whether serde is derived (false for operation parameter structs,
    /// which are encoded by the client, not serialized).
    pub serde: bool,
    /// Whether `PartialEq` is derived (data is compared in tests; argument
    /// structs are not, and skipping it saves compile time).
    pub eq: bool,
}

/// A field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust field name and JSON property name.
    pub name: Name,
    /// Documentation (with the presence note, where presence is not plain).
    pub docs: Docs,
    /// The value's type, without the presence wrapper that `encoding` adds.
    pub ty: TypeRef,
    /// How the field is absent, null or present: its Rust wrapper and its
    /// serde attributes both follow from this one value.
    pub encoding: FieldEncoding,
}

impl Field {
    /// The field's complete Rust type, wrapper included.
    pub fn rust_type(&self) -> TypeRef {
        self.encoding.wrap(self.ty.clone())
    }
}

/// Whether a field may be absent and whether it may be `null`, as the spec
/// says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable.
    Required,
    /// Required and nullable.
    RequiredNullable,
    /// Optional, not nullable.
    Optional,
    /// Optional and nullable.
    OptionalNullable,
}

/// The legal ways a field is held and put on the wire. Each fixes the Rust
/// wrapper and the serde attributes together, so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldEncoding {
    /// `T`, always sent and always expected. Also a required nullable JSON
    /// value, whose own `Null` is the null.
    Required,
    /// `Option<T>`: `None` is sent as `null` (no skip), `null` reads as `None`.
    RequiredNullable,
    /// `Option<T>` with `default` and `skip_serializing_if = "Option::is_none"`.
    Optional,
    /// `Tristate<T>` with `default` and `skip_serializing_if = "is_absent"`.
    OptionalNullable,
    /// `Option<serde_json::Value>` with `default`, the `is_none` skip and a
    /// reader that keeps a present `null` as `Some(Value::Null)`.
    OptionalJson,
}

/// Serde attributes implied by a [`FieldEncoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerdeAttrs {
    /// `#[serde(default)]`
    pub default: bool,
    /// `skip_serializing_if`
    pub skip_if: Option<SkipIf>,
    /// `deserialize_with` the reader that keeps `null` present.
    pub keep_null: bool,
}

/// Predicates for `skip_serializing_if`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipIf {
    /// `Option::is_none`
    OptionIsNone,
    /// `Tristate::is_absent`
    TristateIsAbsent,
}

impl FieldEncoding {
    /// The encoding for a spec presence and value type.
    pub fn for_presence(presence: Presence, ty: &TypeRef) -> Self {
        // A JSON value carries its own `null`: wrapping it would give two
        // spellings of null. Absent stays distinct as `Option::None`.
        let json = *ty == TypeRef::Prim(Prim::Json);
        match presence {
            Presence::Required => FieldEncoding::Required,
            Presence::RequiredNullable if json => FieldEncoding::Required,
            Presence::RequiredNullable => FieldEncoding::RequiredNullable,
            Presence::Optional => FieldEncoding::Optional,
            Presence::OptionalNullable if json => FieldEncoding::OptionalJson,
            Presence::OptionalNullable => FieldEncoding::OptionalNullable,
        }
    }

    /// `ty` in this encoding's wrapper.
    pub fn wrap(self, ty: TypeRef) -> TypeRef {
        match self {
            FieldEncoding::Required => ty,
            FieldEncoding::RequiredNullable
            | FieldEncoding::Optional
            | FieldEncoding::OptionalJson => TypeRef::Option(Box::new(ty)),
            FieldEncoding::OptionalNullable => TypeRef::Tristate(Box::new(ty)),
        }
    }

    /// The serde attributes.
    pub fn serde(self) -> SerdeAttrs {
        let none = SerdeAttrs {
            default: false,
            skip_if: None,
            keep_null: false,
        };
        match self {
            FieldEncoding::Required | FieldEncoding::RequiredNullable => none,
            FieldEncoding::Optional => SerdeAttrs {
                default: true,
                skip_if: Some(SkipIf::OptionIsNone),
                keep_null: false,
            },
            FieldEncoding::OptionalNullable => SerdeAttrs {
                default: true,
                skip_if: Some(SkipIf::TristateIsAbsent),
                keep_null: false,
            },
            FieldEncoding::OptionalJson => SerdeAttrs {
                default: true,
                skip_if: Some(SkipIf::OptionIsNone),
                keep_null: true,
            },
        }
    }

    /// Whether the field may be left out (the struct can have `Default`).
    pub fn is_optional(self) -> bool {
        matches!(
            self,
            FieldEncoding::Optional | FieldEncoding::OptionalNullable | FieldEncoding::OptionalJson
        )
    }
}

/// The map of unlisted properties kept by a struct.
#[derive(Debug, Clone)]
pub struct ExtraField {
    /// Field identifier (usually `additional_properties`).
    pub ident: Ident,
    /// Value type of the map.
    pub value: TypeRef,
    /// Documentation.
    pub docs: Docs,
}

/// An enum of scalar values with a catch-all for values added later.
#[derive(Debug, Clone)]
pub struct EnumDef<T> {
    /// Known values.
    pub variants: Vec<EnumVariant<T>>,
    /// Name of the catch-all variant holding an unknown value.
    pub other: Ident,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct EnumVariant<T> {
    /// Variant identifier.
    pub ident: Ident,
    /// The value on the wire.
    pub value: T,
    /// Documentation.
    pub docs: Docs,
}

/// A union told apart by a tag property.
#[derive(Debug, Clone)]
pub struct TaggedDef {
    /// The tag property's wire name.
    pub tag: String,
    /// Variants, each for one or more tag values.
    pub variants: Vec<TaggedVariant>,
    /// Name of the variant that keeps an unknown tag's whole object.
    pub other: Ident,
    /// Documentation of that variant.
    pub other_docs: Docs,
}

/// One variant of a [`TaggedDef`].
#[derive(Debug, Clone)]
pub struct TaggedVariant {
    /// Variant identifier.
    pub ident: Ident,
    /// Tag values that select it; the first is written when serializing.
    /// No value selects two variants.
    pub tags: NonEmpty<String>,
    /// Payload type.
    pub ty: TypeRef,
    /// Whether the payload type has the tag as one of its own fields.
    pub payload_has_tag: bool,
    /// Documentation.
    pub docs: Docs,
}

/// A union told apart by trying each variant in order.
#[derive(Debug, Clone)]
pub struct UntaggedDef {
    /// Variants in the order they are tried.
    pub variants: Vec<UntaggedVariant>,
}

/// One variant of an [`UntaggedDef`].
#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    /// Variant identifier.
    pub ident: Ident,
    /// Payload type.
    pub ty: TypeRef,
    /// Documentation.
    pub docs: Docs,
}

/// A list with at least one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonEmpty<T> {
    first: T,
    rest: Vec<T>,
}

impl<T> NonEmpty<T> {
    /// A list of one.
    pub fn new(first: T) -> Self {
        NonEmpty {
            first,
            rest: Vec::new(),
        }
    }

    /// `Some` for a list with elements.
    pub fn from_vec(mut items: Vec<T>) -> Option<Self> {
        if items.is_empty() {
            return None;
        }
        let first = items.remove(0);
        Some(NonEmpty { first, rest: items })
    }

    /// The first element.
    pub fn first(&self) -> &T {
        &self.first
    }

    /// Every element, in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        std::iter::once(&self.first).chain(self.rest.iter())
    }
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Every method, in the order of a path item's fields.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The lowercase key of a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The method from a path item's key.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The uppercase name (`GET`).
    pub fn upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// Whether a failed attempt may be repeated without the caller opting in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Repeating the request has the same effect as sending it once.
    Idempotent,
    /// Repeating may act twice; retried only if the caller opts in.
    NonIdempotent,
}

/// One operation, i.e. one client method.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Method name.
    pub name: Ident,
    /// Name of the function that decodes its responses.
    pub decoder: Ident,
    /// Documentation.
    pub docs: Docs,
    /// HTTP method.
    pub method: Method,
    /// The path template as written in the spec.
    pub path_template: String,
    /// The path split into literal text and parameters.
    pub path: Vec<PathSegment>,
    /// Path parameters, positional arguments in template order.
    pub path_params: Vec<PathParam>,
    /// Query, header and cookie parameters, gathered in one struct.
    pub params: Option<ParamsArg>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// How responses are decoded.
    pub responses: Responses,
    /// Retry behaviour.
    pub retry: RetryClass,
    /// Whether the client's credentials are attached.
    pub authenticated: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text, already valid in a URL path.
    Literal(String),
    /// The path parameter at this index of [`Operation::path_params`].
    Param(usize),
}

/// How an argument is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// `&str`
    Str,
    /// By value (small `Copy` types).
    Value,
    /// By reference.
    Ref,
}

/// A path parameter.
#[derive(Debug, Clone)]
pub struct PathParam {
    /// Argument name and wire name.
    pub name: Name,
    /// Type of the value.
    pub ty: TypeRef,
    /// How it is passed.
    pub passing: Passing,
    /// How its text is made.
    pub text: ParamText,
}

/// How a path parameter's value becomes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamText {
    /// `Display`, for types whose `Display` is their wire form (strings,
    /// ids, integers, booleans): written without an intermediate value.
    Display,
    /// Through serde, for everything else (enums, dates, floats, lists).
    Serde,
}

/// The struct argument holding an operation's query, header and cookie
/// parameters.
#[derive(Debug, Clone)]
pub struct ParamsArg {
    /// The generated struct.
    pub ty: TypeId,
    /// Whether every field is optional (the struct implements `Default`).
    pub all_optional: bool,
    /// How each field is encoded.
    pub fields: Vec<ParamField>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// A path template variable.
    Path,
    /// URL query.
    Query,
    /// Request header.
    Header,
    /// `Cookie` header.
    Cookie,
}

/// Query serialization styles (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` (the default).
    Form,
    /// `spaceDelimited`
    SpaceDelimited,
    /// `pipeDelimited`
    PipeDelimited,
    /// `deepObject`
    DeepObject,
}

/// One field of a [`ParamsArg`].
#[derive(Debug, Clone)]
pub struct ParamField {
    /// Field name and wire name.
    pub name: Name,
    /// Location.
    pub location: ParamLocation,
    /// Style (query only; others use their single style).
    pub style: QueryStyle,
    /// `explode`.
    pub explode: bool,
    /// Whether the field is `Option` (absent means "not sent").
    pub optional: bool,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// How the body is encoded.
    pub encoding: BodyEncoding,
    /// The argument's type.
    pub ty: TypeRef,
    /// Whether the body must be given (otherwise the argument is `Option`).
    pub required: bool,
}

/// Body encodings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// serde_json.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per struct field, or, for bodies
    /// that are not structs (`None`), one part per property of the
    /// serialized value.
    Multipart(Option<Vec<MultipartField>>),
    /// Raw bytes.
    Binary,
    /// Text.
    Text,
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartField {
    /// Field identifier and part name.
    pub name: Name,
    /// How the part is built.
    pub kind: PartKind,
    /// How the field holds its value (plain, `Option` or `Tristate`).
    pub encoding: FieldEncoding,
}

/// Multipart part kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file (`format: binary`).
    File,
    /// Several files under one name.
    Files,
    /// A text value (strings, numbers, booleans, enums).
    Text,
    /// Anything else, sent as JSON.
    Json,
}

/// How an operation's responses decode.
#[derive(Debug, Clone)]
pub struct Responses {
    /// What a successful call returns.
    pub success: SuccessType,
    /// Every documented status, in order of precedence (exact codes, then
    /// ranges, then default).
    pub cases: Vec<ResponseCase>,
}

/// The return type of a successful call.
#[derive(Debug, Clone)]
pub enum SuccessType {
    /// One body type for every success status.
    Single(BodyKind),
    /// Different bodies per status: a generated enum.
    Enum(TypeId),
}

/// A documented status and how it decodes.
#[derive(Debug, Clone)]
pub struct ResponseCase {
    /// Which statuses.
    pub status: StatusMatch,
    /// What it means.
    pub outcome: Outcome,
}

/// Status selectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One code.
    Code(u16),
    /// `1XX` .. `5XX`.
    Range(u16),
    /// `default`
    Default,
}

/// What a documented status means.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Success: decode the body; with [`SuccessType::Enum`], wrap it in the
    /// named variant.
    Success {
        /// Body decoding.
        body: BodyKind,
        /// Variant of the success enum, if there is one.
        variant: Option<Ident>,
    },
    /// An error status with a documented body: try to decode it into the
    /// given [`ErrorBodyVariant`] (by index).
    Error {
        /// Index into [`Api::error_bodies`], or `None` for an undocumented body.
        body: Option<usize>,
    },
}

/// How a response body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON into this type.
    Json(TypeRef),
    /// UTF-8 text.
    Text,
    /// Raw bytes.
    Bytes,
    /// No body (`()`).
    Empty,
}

/// A documented error body type.
#[derive(Debug, Clone)]
pub struct ErrorBodyVariant {
    /// Variant identifier in the `ErrorBody` enum.
    pub ident: Ident,
    /// Payload type.
    pub ty: TypeRef,
}

/// Client authentication.
#[derive(Debug, Clone)]
pub struct Auth {
    /// How the credential is attached.
    pub kind: AuthKind,
    /// Documentation.
    pub docs: Docs,
}

/// Ways of attaching a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <key>` (the key is `user:password`, encoded).
    Basic,
    /// A header with this name.
    Header(String),
    /// A query parameter with this name.
    Query(String),
    /// A cookie with this name.
    Cookie(String),
}
