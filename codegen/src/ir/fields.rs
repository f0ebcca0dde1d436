//! Fields: what the spec says of presence, and the one encoding that fixes
//! a field's Rust wrapper, how it is written and how it is read.

use super::{Docs, Name, Prim, TypeRef};

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
    /// reading and writing all follow from this one value.
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
/// wrapper, writing and reading together, so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldEncoding {
    /// `T`, always sent and always expected. Also a required nullable JSON
    /// value, whose own `Null` is the null.
    Required,
    /// `Option<T>`: `None` is sent as `null` (no skip), `null` reads as `None`.
    RequiredNullable,
    /// `Option<T>`, left out when `None`; missing reads as `None`.
    Optional,
    /// `Tristate<T>`, left out when `Absent`; missing reads as `Absent`.
    OptionalNullable,
    /// `Option<serde_json::Value>`, left out when `None`; a present `null`
    /// reads as `Some(Value::Null)`.
    OptionalJson,
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

    /// Every encoding, in the order the crate docs' table lists them.
    pub const ALL: [FieldEncoding; 5] = [
        FieldEncoding::Required,
        FieldEncoding::RequiredNullable,
        FieldEncoding::Optional,
        FieldEncoding::OptionalNullable,
        FieldEncoding::OptionalJson,
    ];

    /// The runtime's module for this encoding in a struct's wire table
    /// (`runtime::wire::<kind>`), which writes and reads the field.
    pub fn wire_kind(self) -> &'static str {
        match self {
            FieldEncoding::Required => "required",
            FieldEncoding::RequiredNullable => "nullable",
            FieldEncoding::Optional => "optional",
            FieldEncoding::OptionalNullable => "tristate",
            FieldEncoding::OptionalJson => "json",
        }
    }

    /// What the encoding means to a user, one row of the crate docs' table:
    /// what the schema says, the Rust type (`{lib}` is the crate's name),
    /// and how the field is sent and received.
    pub fn described(self) -> [&'static str; 4] {
        match self {
            FieldEncoding::Required => ["required", "`T`", "the value", "the value"],
            FieldEncoding::RequiredNullable => [
                "required, nullable",
                "`Option<T>`",
                "`None` is sent as `null`",
                "`null` is `None`",
            ],
            FieldEncoding::Optional => [
                "optional",
                "`Option<T>`",
                "`None` is left out",
                "absent (or `null`) is `None`",
            ],
            FieldEncoding::OptionalNullable => [
                "optional, nullable",
                "`{lib}::Tristate<T>`",
                "`Absent` is left out, `Null` is sent as `null`",
                "absent is `Absent`, `null` is `Null`",
            ],
            FieldEncoding::OptionalJson => [
                "optional, nullable, any JSON value",
                "`Option<serde_json::Value>`",
                "`None` is left out, `Some(Value::Null)` is sent as `null`",
                "absent is `None`, `null` is `Some(Value::Null)`",
            ],
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
