//! Fields: what the spec says of presence, and the one encoding that fixes
//! a field's Rust wrapper and serde attributes together.

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
