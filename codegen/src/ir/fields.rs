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

/// How a [`FieldEncoding`] is written and read: the `skip_serializing_if`
/// of the derived `Serialize`, and what the generated `Deserialize` does
/// with the property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerdeAttrs {
    /// `skip_serializing_if`
    pub skip_if: Option<SkipIf>,
    /// What reading does with a missing, `null` or present property.
    pub read: Read,
}

/// How the generated `Deserialize` of a struct reads one property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// It must be present; a missing one is serde's `missing field` error,
    /// with the wire name.
    Required,
    /// `Option<T>`: missing or `null` is `None`. A required nullable field
    /// reads this way too, as serde reads a missing `Option`: servers often
    /// drop nulls.
    OrNone,
    /// `Tristate<T>`: missing is `Absent`, `null` is `Null`.
    OrAbsent,
    /// `Option<serde_json::Value>`: missing is `None`; present, `null`
    /// included, is `Some`.
    Present,
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

    /// How the field is written and read.
    pub fn serde(self) -> SerdeAttrs {
        let (skip_if, read) = match self {
            FieldEncoding::Required => (None, Read::Required),
            FieldEncoding::RequiredNullable => (None, Read::OrNone),
            FieldEncoding::Optional => (Some(SkipIf::OptionIsNone), Read::OrNone),
            FieldEncoding::OptionalNullable => (Some(SkipIf::TristateIsAbsent), Read::OrAbsent),
            FieldEncoding::OptionalJson => (Some(SkipIf::OptionIsNone), Read::Present),
        };
        SerdeAttrs { skip_if, read }
    }

    /// Whether the field may be left out (the struct can have `Default`).
    pub fn is_optional(self) -> bool {
        matches!(
            self,
            FieldEncoding::Optional | FieldEncoding::OptionalNullable | FieldEncoding::OptionalJson
        )
    }
}
