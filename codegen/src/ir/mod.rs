//! The intermediate representation: what the SDK contains, with every decision
//! already made (Rust names beside wire names, types, field presence, serde
//! encoding, retry classes). It holds no tokens; emitters print it.
//!
//! Its rules are types: identifiers are [`Ident`]s (only a naming scope makes
//! them), documentation is [`Docs`] (only the sanitizer makes it), a field's
//! wire behaviour is one [`FieldEncoding`], a tagged variant has a
//! [`NonEmpty`] tag list. What types cannot say, `check` verifies between
//! lowering and emitting.

mod fields;
mod groups;
mod namespaces;
mod operations;
pub mod snapshot;
pub(crate) mod walk;
mod webhooks;

pub use crate::docs::Docs;
pub use crate::naming::Ident;
pub use fields::*;
pub use groups::*;
pub use namespaces::*;
pub use operations::*;
pub use webhooks::*;

/// How user code reaches an operation's method from a client (see
/// [`Api::call_path`]), given the namespaces.
pub fn call_path(namespaces: &[Namespace], op: &Operation) -> String {
    let Home::Namespace { id, method, .. } = &op.home else {
        return op.name.to_string();
    };
    let mut parts = vec![method.to_string()];
    let mut at = Some(*id);
    while let Some(n) = at {
        let ns = &namespaces[n.0];
        parts.push(format!("{}()", ns.accessor));
        at = ns.parent;
    }
    parts.reverse();
    parts.join(".")
}

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
    /// Every security scheme the spec declares (and this generator
    /// supports), in declaration order.
    pub schemes: Vec<Auth>,
    /// The scheme `api_key` and `from_env` fill.
    pub default_scheme: Option<usize>,
    /// Every named type, in output order.
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// The API's groups (Cargo features), in the order the spec first
    /// names them; empty when no operation has a tag.
    pub groups: Vec<Group>,
    /// Resource namespaces, parents before children; empty in the flat
    /// layout.
    pub namespaces: Vec<Namespace>,
    /// Documented error bodies, one variant each, for typed API errors.
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// Verifying and decoding webhook deliveries, when the spec has
    /// webhooks.
    pub webhooks: Option<Webhooks>,
    /// A call of one operation for the docs' examples, if an operation
    /// lends itself to one.
    pub example: Option<UsageExample>,
}

impl Api {
    /// The scheme `api_key` fills, if the API has one.
    pub fn auth(&self) -> Option<&Auth> {
        self.default_scheme.and_then(|i| self.schemes.get(i))
    }
    /// How user code reaches an operation's method from a client, without
    /// the arguments: `phone_numbers().update`, or `update_phone_number`
    /// for a method on `Client`.
    pub fn call_path(&self, op: &Operation) -> String {
        call_path(&self.namespaces, op)
    }

    /// Where an operation's method is documented: the owner's name and its
    /// rustdoc path (`PhoneNumbers::update`,
    /// `crate::resources::PhoneNumbers::update`).
    pub fn method_item(&self, op: &Operation) -> (String, String) {
        match &op.home {
            Home::Client => (
                format!("Client::{}", op.name.bare()),
                format!("crate::Client::{}", op.name.bare()),
            ),
            Home::Namespace { id, method, .. } => {
                let ty = self.namespaces[id.0].ty.bare();
                (
                    format!("{ty}::{}", method.bare()),
                    format!("crate::resources::{ty}::{}", method.bare()),
                )
            }
        }
    }
    /// Whether the crate has an HTTP client (a spec without operations, such
    /// as a webhooks-only one, yields a crate of types).
    pub fn has_client(&self) -> bool {
        !self.operations.is_empty()
    }

    /// Whether an operation pages through items or streams a binary body
    /// (the requests gain their streaming methods).
    pub fn has_streams(&self) -> bool {
        self.operations
            .iter()
            .any(|op| op.pagination().is_some() || op.streamed().is_some())
    }

    /// Whether an operation answers with server-sent events.
    pub fn has_events(&self) -> bool {
        self.operations.iter().any(|op| {
            matches!(
                op.responses.success,
                SuccessType::Single(BodyKind::Events(_))
            )
        })
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
    /// Where the crate finds its runtime.
    pub runtime: RuntimeDependency,
    /// Registry metadata for `Cargo.toml`.
    pub meta: PackageMetadata,
}

/// One operation called with values any API accepts, in pieces that the
/// docs' examples put together (plain Rust; the crate's name is in them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageExample {
    /// The statement that makes the client (`let client = …;`).
    pub client: String,
    /// Statements that build the arguments (`let body = …;`), one per
    /// line, unindented.
    pub setup: Vec<String>,
    /// The call, without `.await` (`client.get_pet("example-id")`).
    pub call: String,
    /// The operation it calls (an index into [`Api::operations`]).
    pub operation: usize,
}

/// What a registry and docs.rs read from `Cargo.toml`, decided from the
/// settings file and the spec. Text here is written as TOML strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageMetadata {
    /// SPDX expression; `None` when neither settings nor spec give one.
    pub license: Option<String>,
    /// Source repository.
    pub repository: Option<String>,
    /// Home page.
    pub homepage: Option<String>,
    /// Documentation URL.
    pub documentation: String,
    /// `Name <email>` entries.
    pub authors: Vec<String>,
    /// crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io categories.
    pub categories: Vec<String>,
    /// Minimum supported Rust version.
    pub rust_version: String,
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
    /// `f64`
    F64,
    /// `uuid::Uuid`
    Uuid,
    /// The runtime's `DateTime`: any offset or none, text kept.
    DateTime,
    /// The runtime's `Date`.
    Date,
    /// The runtime's `Time` (`format: time`).
    Time,
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
    /// Which groups' features compile it.
    pub gate: Gate,
}

/// How a generated crate depends on the runtime crate: always by version
/// (so it publishes), and by path too when the runtime is local.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeDependency {
    /// The `path` of the dependency, relative to the crate or absolute.
    pub path: Option<String>,
    /// Whether a copy of the runtime is written beside the crate (then
    /// `path` is `runtime`).
    pub bundled: bool,
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
    /// An operation's successful results when they differ by status; built
    /// by the client from the status code, never (de)serialized.
    Responses(Vec<ResponseVariant>),
    /// The events of a server-sent event stream told apart by their
    /// `event:` name; built by the client from each event, never
    /// (de)serialized as a whole.
    Events(EventsDef),
}

/// The events of a stream, by name.
#[derive(Debug, Clone)]
pub struct EventsDef {
    /// One variant per documented event name.
    pub variants: Vec<EventVariant>,
    /// The catch-all variant for events of other names (it holds the raw
    /// event).
    pub other: Ident,
}

/// One documented event.
#[derive(Debug, Clone)]
pub struct EventVariant {
    /// Variant identifier.
    pub ident: Ident,
    /// The `event:` name it is sent with.
    pub event: String,
    /// The type its data decodes into as JSON; `None` keeps the text.
    pub ty: Option<TypeRef>,
    /// Documentation.
    pub docs: Docs,
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
    /// How callers build values of it, for a type the client sends;
    /// `None` for a type only received (built by decoding, e.g. from JSON
    /// in tests), which then has no constructor that a new required field
    /// could break.
    pub builder: Option<Builder>,
}

/// The constructor and setters of a struct. With the struct
/// `#[non_exhaustive]`, they are the only way to build one, so a new
/// optional field breaks no caller.
#[derive(Debug, Clone)]
pub struct Builder {
    /// `new`, taking the required fields (by index into the fields) in
    /// spec order; with none, the struct is also `Default`.
    pub new: Ident,
    /// The fields `new` takes.
    pub required: Vec<usize>,
    /// One per field, in field order.
    pub setters: Vec<Setter>,
    /// `additional_property(key, value)`, for a struct that keeps unlisted
    /// properties.
    pub extra: Option<Ident>,
}

/// The methods that set one field.
#[derive(Debug, Clone)]
pub struct Setter {
    /// Sets the value (`friendly_name("x")`).
    pub set: Ident,
    /// Sets `null`, for a nullable field (`clear_friendly_name()`).
    pub clear: Option<Ident>,
    /// What `set` and `new` take.
    pub taking: Taking,
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
