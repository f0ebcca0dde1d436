//! A generated struct's wire format, both directions from one table:
//! [`wire_struct!`](crate::wire_struct) lists each field once, with its
//! encoding, Rust type and property name, and writes the struct's
//! `Serialize` and `Deserialize` from that line. The encodings are the
//! modules below; each says how a field of that kind is held while reading,
//! read, finished and written, so the two directions cannot disagree and
//! the compiler checks each field's type against its encoding.

use serde::de::{Deserialize, Error, MapAccess};
use serde::ser::{Serialize, SerializeMap};

use crate::Tristate;

/// Writes one property; shared by the encodings that always write.
fn entry<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    wire: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    map.serialize_entry(wire, value)
}

/// Reading for a slot that is the field itself and reads `null` on its own
/// (`Option` as `None`, `Tristate` as `Null`): shared by [`nullable`],
/// [`optional`] and [`tristate`], which keep `finish` typed by their own
/// wrapper.
mod slot_is_field {
    use super::*;

    /// Reads the property's value.
    pub fn put<'de, S: Deserialize<'de>, A: MapAccess<'de>>(
        slot: &mut S,
        map: &mut A,
    ) -> Result<(), A::Error> {
        *slot = map.next_value()?;
        Ok(())
    }

    /// Never missing: the slot's empty value stands for it.
    pub fn is_missing<S>(_: &S) -> bool {
        false
    }
}

/// `T`: always written, must be present when read (serde's `missing field`
/// error, with the property name, otherwise).
pub mod required {
    use super::*;

    /// Held while reading: `None` until the property is read.
    pub type Slot<T> = Option<T>;

    /// Reads the property's value.
    pub fn put<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
        slot: &mut Slot<T>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// Whether the property was never read.
    pub fn is_missing<T>(slot: &Slot<T>) -> bool {
        slot.is_none()
    }

    /// The value, which [`is_missing`] checked was read.
    pub fn finish<T>(slot: Slot<T>) -> T {
        match slot {
            Some(value) => value,
            None => unreachable!("a required property was checked before"),
        }
    }

    /// Writes the value.
    pub fn write<M: SerializeMap, T: Serialize>(
        map: &mut M,
        wire: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        super::entry(map, wire, value)
    }
}

/// `Option<T>` for a required nullable property: `None` is written as
/// `null`; missing or `null` reads as `None` (servers often drop nulls).
pub mod nullable {
    use super::*;

    pub use super::slot_is_field::{is_missing, put};

    /// Held while reading.
    pub type Slot<T> = Option<T>;

    /// The field as read. Typed by the encoding, so a row whose field is
    /// not an `Option` fails to compile here.
    pub fn finish<T>(slot: Slot<T>) -> Option<T> {
        slot
    }

    /// Writes the value, `None` as `null`.
    pub fn write<M: SerializeMap, T: Serialize>(
        map: &mut M,
        wire: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        super::entry(map, wire, value)
    }
}

/// `Option<T>` for an optional property: `None` is left out; missing or
/// `null` reads as `None`.
pub mod optional {
    use super::*;

    pub use super::nullable::{finish, is_missing, put, Slot};

    /// Writes the value, or nothing for `None`.
    pub fn write<M: SerializeMap, T: Serialize>(
        map: &mut M,
        wire: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => super::entry(map, wire, value),
            None => Ok(()),
        }
    }
}

/// [`Tristate<T>`] for an optional nullable property: `Absent` is left out
/// and `Null` written as `null`; missing reads as `Absent`, `null` as
/// `Null`.
pub mod tristate {
    use super::*;

    pub use super::slot_is_field::{is_missing, put};

    /// Held while reading: `Absent` until the property is read.
    pub type Slot<T> = Tristate<T>;

    /// The field as read. Typed by the encoding, so a row whose field is
    /// not a `Tristate` fails to compile here.
    pub fn finish<T>(slot: Slot<T>) -> Tristate<T> {
        slot
    }

    /// Writes the value, or nothing for `Absent`.
    pub fn write<M: SerializeMap, T: Serialize>(
        map: &mut M,
        wire: &'static str,
        value: &Tristate<T>,
    ) -> Result<(), M::Error> {
        if value.is_absent() {
            Ok(())
        } else {
            super::entry(map, wire, value)
        }
    }
}

/// `Option<serde_json::Value>` for an optional nullable JSON value, whose
/// own `Null` is the null: `None` is left out; missing reads as `None`, a
/// present `null` as `Some(Value::Null)`.
pub mod json {
    use super::*;

    pub use super::nullable::{finish, is_missing, Slot};
    pub use super::optional::write;

    /// Reads the property's value, `null` included.
    pub fn put<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
        slot: &mut Slot<T>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        *slot = Some(map.next_value()?);
        Ok(())
    }
}

/// The first property of `read` that was not read: `(missing, name)` pairs
/// in the struct's order.
pub fn first_missing(read: &[(bool, &'static str)]) -> Option<&'static str> {
    read.iter()
        .find(|(missing, _)| *missing)
        .map(|(_, name)| *name)
}

/// serde's `missing field` error for `name`.
pub fn missing<E: Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// Writes every entry of a struct's map of unlisted properties after its
/// fields, as `#[serde(flatten)]` would.
pub fn write_unlisted<M: SerializeMap, T: Serialize>(
    map: &mut M,
    unlisted: &std::collections::BTreeMap<String, T>,
) -> Result<(), M::Error> {
    for (key, value) in unlisted {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

/// A generated struct's `Serialize` and `Deserialize`, from one line per
/// field: `kind name: Type = "property",`, in the struct's order, where
/// `kind` is one of this module's encodings ([`required`], [`nullable`],
/// [`optional`], [`tristate`], [`json`]) and `Type` is the value's type
/// inside the encoding's wrapper. A last `..name` names the map that keeps
/// every property the table does not list (written after the fields, read
/// as its value type); without it those properties are skipped when read.
///
/// Writing emits the fields in order, leaving out what the encoding leaves
/// out; reading is one `match` on the property name, where a repeated
/// property keeps its last value. The locals of the expansion are hygienic,
/// so no field can shadow them, and its type parameters start with `__`,
/// which no generated type name does. `cargo xtask bench` measures the
/// shape of the expansion: one generic call per field in each direction.
#[macro_export]
#[doc(hidden)]
macro_rules! wire_struct {
    (
        $name:ident {
            $($kind:ident $field:ident: $ty:ty = $wire:literal,)*
            $(..$extra:ident)?
        }
    ) => {
        impl $crate::de::serde::Serialize for $name {
            fn serialize<__S: $crate::de::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                use $crate::de::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                $($crate::wire::$kind::write(&mut map, $wire, &self.$field)?;)*
                $($crate::wire::write_unlisted(&mut map, &self.$extra)?;)?
                map.end()
            }
        }

        impl<'de> $crate::de::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::de::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::de::read(deserializer)
            }
        }

        impl $crate::de::ReadStruct for $name {
            const NAME: &'static str = ::core::stringify!($name);

            fn read<'de, __A: $crate::de::serde::de::MapAccess<'de>>(
                mut map: __A,
            ) -> ::core::result::Result<Self, __A::Error> {
                $(let mut $field: $crate::wire::$kind::Slot<$ty> =
                    ::core::default::Default::default();)*
                let mut rest = $crate::wire_struct!(@unlisted $($extra)?);
                let failed = loop {
                    let key = match map.next_key::<$crate::de::Key<'de>>() {
                        ::core::result::Result::Ok(::core::option::Option::Some(key)) => key,
                        ::core::result::Result::Ok(::core::option::Option::None) => {
                            break ::core::option::Option::None
                        }
                        ::core::result::Result::Err(e) => break ::core::option::Option::Some(e),
                    };
                    let step = match key.as_str() {
                        $($wire => $crate::wire::$kind::put(&mut $field, &mut map),)*
                        _ => $crate::de::Unlisted::keep(&mut rest, key, &mut map),
                    };
                    if let ::core::result::Result::Err(e) = step {
                        break ::core::option::Option::Some(e);
                    }
                };
                if let ::core::option::Option::Some(e) = failed {
                    return ::core::result::Result::Err(e);
                }
                if let ::core::option::Option::Some(name) = $crate::wire::first_missing(&[
                    $(($crate::wire::$kind::is_missing(&$field), $wire)),*
                ]) {
                    return ::core::result::Result::Err($crate::wire::missing(name));
                }
                ::core::result::Result::Ok($name {
                    $($field: $crate::wire::$kind::finish($field),)*
                    $($extra: rest,)?
                })
            }
        }
    };
    // Where unlisted properties go: the field's map (its type comes from the
    // field), or nowhere.
    (@unlisted $extra:ident) => {
        ::core::default::Default::default()
    };
    (@unlisted) => {
        $crate::de::Ignore
    };
}
