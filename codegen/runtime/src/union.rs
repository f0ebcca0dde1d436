//! Helpers for generated tagged unions: the tag is read from the object to
//! pick a variant, and written back when a variant's type lacks it.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Decodes a variant's payload from the whole tagged object.
pub fn variant<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Decodes a variant whose type leaves the tag to the union: the tag is
/// taken out first, so it does not land among unknown properties.
pub fn variant_without<T: DeserializeOwned, E: serde::de::Error>(
    mut value: Value,
    tag: &str,
) -> Result<T, E> {
    if let Value::Object(map) = &mut value {
        map.remove(tag);
    }
    variant(value)
}

/// The tag's value, if the object has one that is a string.
pub fn tag_of<'v>(value: &'v Value, tag: &str) -> Option<&'v str> {
    value.get(tag).and_then(Value::as_str)
}

/// Serializes `payload` with `tag: tag_value` added, for variants whose type
/// does not carry the tag itself.
pub fn with_tag<T: Serialize, S: Serializer>(
    payload: &T,
    tag: &str,
    tag_value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(payload).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut value {
        map.insert(tag.to_owned(), Value::String(tag_value.to_owned()));
    }
    value.serialize(serializer)
}
