//! `Tristate<T>`: a field that is absent, explicitly `null`, or a value.
//!
//! In a merge PATCH the three mean different things: absent keeps the
//! server's value, `null` clears it, a value sets it. `Option<T>` can only say
//! two of them, so fields that are both optional and nullable use this type.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that may be absent, explicitly `null`, or present.
///
/// | state | sent as | in a merge PATCH |
/// |---|---|---|
/// | [`Tristate::Absent`] (the default) | nothing: the field is left out | keep the current value |
/// | [`Tristate::Null`] | `null` | clear the value |
/// | [`Tristate::Value`] | the value | set the value |
///
/// There is deliberately no `From<Option<T>>`: whether `None` means "leave
/// it" or "clear it" is the caller's decision, made explicit with
/// [`Tristate::absent_if_none`] or [`Tristate::null_if_none`].
///
/// Generated structs read a missing property as `Absent` and leave an
/// `Absent` field out when writing; a struct of your own gets the same with
/// `#[serde(default, skip_serializing_if = "Tristate::is_absent")]`.
/// Serializing an `Absent` value anywhere else is an error rather than a
/// silent `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Tristate<T> {
    /// Not sent. The server keeps its current value.
    #[default]
    Absent,
    /// Sent as `null`. The server clears the value.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Tristate<T> {
    /// Leave the field out (keep the current value).
    pub const fn absent() -> Self {
        Tristate::Absent
    }

    /// Send `null` (clear the value).
    pub const fn null() -> Self {
        Tristate::Null
    }

    /// Send `value` (set it).
    pub const fn value(value: T) -> Self {
        Tristate::Value(value)
    }

    /// `Some(v)` sets `v`; `None` leaves the field out.
    pub fn absent_if_none(value: Option<T>) -> Self {
        match value {
            Some(v) => Tristate::Value(v),
            None => Tristate::Absent,
        }
    }

    /// `Some(v)` sets `v`; `None` sends `null`.
    pub fn null_if_none(value: Option<T>) -> Self {
        match value {
            Some(v) => Tristate::Value(v),
            None => Tristate::Null,
        }
    }

    /// True for [`Tristate::Absent`].
    pub const fn is_absent(&self) -> bool {
        matches!(self, Tristate::Absent)
    }

    /// True for [`Tristate::Null`].
    pub const fn is_null(&self) -> bool {
        matches!(self, Tristate::Null)
    }

    /// True for [`Tristate::Value`].
    pub const fn is_value(&self) -> bool {
        matches!(self, Tristate::Value(_))
    }

    /// The value, if there is one.
    pub const fn as_value(&self) -> Option<&T> {
        match self {
            Tristate::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one.
    pub fn into_value(self) -> Option<T> {
        match self {
            Tristate::Value(v) => Some(v),
            _ => None,
        }
    }

    /// `None` when absent, `Some(None)` when null, `Some(Some(v))` for a value.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Tristate::Absent => None,
            Tristate::Null => Some(None),
            Tristate::Value(v) => Some(Some(v)),
        }
    }

    /// Borrows the value.
    pub const fn as_ref(&self) -> Tristate<&T> {
        match self {
            Tristate::Absent => Tristate::Absent,
            Tristate::Null => Tristate::Null,
            Tristate::Value(v) => Tristate::Value(v),
        }
    }

    /// Maps the value, keeping absent and null as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Tristate<U> {
        match self {
            Tristate::Absent => Tristate::Absent,
            Tristate::Null => Tristate::Null,
            Tristate::Value(v) => Tristate::Value(f(v)),
        }
    }
}

impl<T> From<T> for Tristate<T> {
    fn from(value: T) -> Self {
        Tristate::Value(value)
    }
}

impl<T: Serialize> Serialize for Tristate<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tristate::Value(v) => serializer.serialize_some(v),
            Tristate::Null => serializer.serialize_none(),
            // Reaching this means a field lacks its skip attribute; writing
            // `null` here would silently clear data on the server.
            Tristate::Absent => Err(serde::ser::Error::custom(
                "Tristate::Absent cannot be serialized; the field needs \
                 #[serde(default, skip_serializing_if = \"Tristate::is_absent\")]",
            )),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tristate<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing field never reaches here: the struct reading it leaves
        // it `Absent`. What is present is either `null` or a value.
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Tristate::Value(v),
            None => Tristate::Null,
        })
    }
}
