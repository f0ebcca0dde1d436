//! Putting values on the wire: path segments (percent-encoded, `/` included),
//! query parameters by OpenAPI style and explode, header and cookie values,
//! form bodies. Values go through serde, so enums, dates and ids use exactly
//! their JSON spelling.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

use crate::error::Error;

/// Everything but RFC 3986 "unreserved" is escaped in a path segment, so a
/// `/` or space inside a value cannot change the path.
pub(crate) const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// OpenAPI query styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`
    Form,
    /// `spaceDelimited`
    SpaceDelimited,
    /// `pipeDelimited`
    PipeDelimited,
    /// `deepObject`
    DeepObject,
}

pub(crate) fn to_value<V: Serialize + ?Sized>(name: &str, value: &V) -> Result<Value, Error> {
    serde_json::to_value(value)
        .map_err(|e| Error::invalid(format!("parameter `{name}` could not be serialized: {e}")))
}

/// A scalar's text; `None` for null, arrays and objects.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Text of a nested value: scalars as themselves, anything else as JSON.
fn text(v: &Value) -> String {
    scalar(v).unwrap_or_else(|| v.to_string())
}

// Each generic function below only turns its value into JSON and hands it
// to a non-generic one: the work is compiled once, in the runtime, instead
// of once per parameter type in every generated crate.

/// Encodes a path parameter (`simple` style).
pub fn path_segment<V: Serialize + ?Sized>(name: &str, value: &V) -> Result<String, Error> {
    path_segment_of(name, to_value(name, value)?)
}

fn path_segment_of(name: &str, v: Value) -> Result<String, Error> {
    let raw = match &v {
        Value::Null => {
            return Err(Error::invalid(format!("path parameter `{name}` is null")));
        }
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [k.clone(), text(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => text(other),
    };
    if raw.is_empty() {
        return Err(Error::invalid(format!("path parameter `{name}` is empty")));
    }
    Ok(utf8_percent_encode(&raw, PATH_SEGMENT).to_string())
}

/// Appends a query parameter's pairs; null and absent values add nothing.
pub fn query_pairs<V: Serialize + ?Sized>(
    out: &mut Vec<(String, String)>,
    name: &str,
    value: &V,
    style: Style,
    explode: bool,
) -> Result<(), Error> {
    query_pairs_of(out, name, to_value(name, value)?, style, explode);
    Ok(())
}

fn query_pairs_of(
    out: &mut Vec<(String, String)>,
    name: &str,
    v: Value,
    style: Style,
    explode: bool,
) {
    match v {
        Value::Null => {}
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter(|i| !i.is_null()).map(text).collect();
            match (style, explode) {
                (Style::Form | Style::DeepObject, true) => {
                    out.extend(items.into_iter().map(|i| (name.to_owned(), i)));
                }
                (Style::SpaceDelimited, _) => out.push((name.to_owned(), items.join(" "))),
                (Style::PipeDelimited, _) => out.push((name.to_owned(), items.join("|"))),
                _ => out.push((name.to_owned(), items.join(","))),
            }
        }
        Value::Object(map) => match (style, explode) {
            (Style::DeepObject, _) => {
                for (k, v) in map {
                    if !v.is_null() {
                        out.push((format!("{name}[{k}]"), text(&v)));
                    }
                }
            }
            (_, true) => {
                for (k, v) in map {
                    if !v.is_null() {
                        out.push((k, text(&v)));
                    }
                }
            }
            (_, false) => {
                let joined: Vec<String> = map
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .flat_map(|(k, v)| [k.clone(), text(v)])
                    .collect();
                out.push((name.to_owned(), joined.join(",")));
            }
        },
        other => out.push((name.to_owned(), text(&other))),
    }
}

/// A header parameter's value (`simple` style); `None` when null.
pub fn header_value<V: Serialize + ?Sized>(
    name: &str,
    value: &V,
    explode: bool,
) -> Result<Option<String>, Error> {
    Ok(header_value_of(to_value(name, value)?, explode))
}

fn header_value_of(v: Value, explode: bool) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Array(items) => Some(items.iter().map(text).collect::<Vec<_>>().join(",")),
        Value::Object(map) => Some(
            map.iter()
                .map(|(k, v)| {
                    if explode {
                        format!("{k}={}", text(v))
                    } else {
                        format!("{k},{}", text(v))
                    }
                })
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => Some(text(&other)),
    }
}

/// The pairs of an `application/x-www-form-urlencoded` body: one per
/// property, arrays repeated, nested objects as JSON text.
pub fn form_pairs<V: Serialize + ?Sized>(body: &V) -> Result<Vec<(String, String)>, Error> {
    let v = serde_json::to_value(body)
        .map_err(|e| Error::invalid(format!("the form body could not be serialized: {e}")))?;
    form_pairs_of(v)
}

fn form_pairs_of(v: Value) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                query_pairs_of(&mut out, &k, v, Style::Form, true);
            }
        }
        Value::Null => {}
        other => {
            return Err(Error::invalid(format!(
                "a form body must be an object, not `{other}`"
            )));
        }
    }
    Ok(out)
}

/// A text part's value, or `None` for null.
pub fn part_text<V: Serialize + ?Sized>(name: &str, value: &V) -> Result<Option<String>, Error> {
    let v = to_value(name, value)?;
    Ok(match v {
        Value::Null => None,
        other => Some(text(&other)),
    })
}
