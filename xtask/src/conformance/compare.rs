//! Comparing an example with what the SDK writes back: exactly, and
//! modulo the differences the README documents (a `null` where the schema
//! makes the field optional is read as absent and left out; a whole number
//! in a `number` field is written as a float).

use serde_json::Value;

/// Equal except for the documented differences.
pub fn equal_modulo_documented(original: &Value, back: &Value) -> bool {
    normalized(original) == normalized(back)
}

/// Where two values first differ (a JSON pointer), with both sides.
pub fn first_difference(a: &Value, b: &Value) -> String {
    fn walk(a: &Value, b: &Value, at: &str) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for (k, va) in x {
                    let here = format!("{at}/{k}");
                    match y.get(k) {
                        Some(vb) => {
                            if let Some(d) = walk(va, vb, &here) {
                                return Some(d);
                            }
                        }
                        None => return Some(format!("`{here}`: {va} is left out")),
                    }
                }
                y.iter()
                    .find(|(k, _)| !x.contains_key(*k))
                    .map(|(k, v)| format!("`{at}/{k}`: {v} is added"))
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (va, vb))| walk(va, vb, &format!("{at}/{i}"))),
            _ if a == b => None,
            _ => Some(format!("`{at}`: {a} becomes {b}")),
        }
    }
    walk(a, b, "").unwrap_or_else(|| "no difference".to_owned())
}

/// The value with the documented differences taken out.
pub fn normalized(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalized(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| v.clone(), Value::Number),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nulls_and_number_spellings_are_the_documented_differences() {
        assert!(equal_modulo_documented(
            &json!({"a": null, "n": 5, "x": [1]}),
            &json!({"n": 5.0, "x": [1.0]})
        ));
        assert!(!equal_modulo_documented(&json!({"a": 1}), &json!({})));
        assert!(!equal_modulo_documented(&json!("a"), &json!("b")));
    }
}
