//! A generated spec's security schemes and webhooks.

use serde_json::{Map, Value, json};

use crate::{Name, Op};

/// Security schemes by `choice`: none, one, or all of them (bearer, Basic,
/// keys in a header, a query and a cookie, OAuth2 client credentials) with
/// alternatives, an AND of two schemes and an optional `{}`.
pub(crate) fn add_security(doc: &mut Value, choice: u8) {
    let all = json!({
        "bearer": {"type": "http", "scheme": "bearer"},
        "basic": {"type": "http", "scheme": "basic"},
        "key": {"type": "apiKey", "in": "header", "name": "x-key"},
        "flag": {"type": "apiKey", "in": "query", "name": "key"},
        "session": {"type": "apiKey", "in": "cookie", "name": "session"},
        "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "/oauth/token", "scopes": {"read": "r"}}}},
        "digest": {"type": "http", "scheme": "digest"},
    });
    let (schemes, security) = match choice % 5 {
        0 => return,
        1 => (json!({"bearer": all["bearer"]}), json!([{"bearer": []}])),
        2 => (json!({"key": all["key"]}), json!([{"key": []}])),
        3 => (json!({"flag": all["flag"]}), json!([{"flag": []}])),
        _ => (
            all,
            json!([{}, {"bearer": []}, {"key": [], "flag": []}, {"session": []}, {"digest": []}]),
        ),
    };
    doc["components"]["securitySchemes"] = schemes;
    doc["security"] = security;
}

/// Up to three webhooks on schemas `S0`..`S2`, or on objects whose `type`
/// names them (twice the same name when `hooks` says so).
pub(crate) fn add_webhooks(doc: &mut Value, hooks: u8, ops: &[Op]) {
    let count = hooks % 4;
    if count == 0 {
        return;
    }
    let mut out = Map::new();
    for i in 0..count {
        let schema = if hooks & 0x10 == 0 {
            json!({"$ref": format!("#/components/schemas/S{i}")})
        } else {
            let name = if hooks & 0x20 != 0 { 0 } else { i };
            json!({"type": "object", "required": ["type"], "properties": {
                "type": {"const": format!("event.{name}")},
                "id": {"type": "string"},
            }})
        };
        let key = ops
            .get(i as usize)
            .and_then(|o| o.id.as_ref())
            .map_or_else(|| format!("hook{i}"), Name::text);
        out.insert(
            key,
            json!({"post": {"requestBody": {"content": {"application/json": {"schema": schema}}},
                "responses": {"204": {"description": "ok"}}}}),
        );
    }
    doc["webhooks"] = Value::Object(out);
}
