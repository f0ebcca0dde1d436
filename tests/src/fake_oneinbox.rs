//! An in-memory OneInbox: `PATCH /v1/phone-numbers/{phone_id}` with the
//! merge semantics of the API reference, so tests can check what a patch
//! built with the SDK *does*, not only what it sends.
//!
//! The server works on the raw JSON body (never on the SDK's types), so an
//! absent key, an explicit `null` and a value stay three different things,
//! exactly as they are for the real service. It records every request's raw
//! bytes, whatever the answer.
//!
//! Merge rules (from the `PhoneNumberUpdate` / `InboundRoutingUpdate`
//! reference page):
//!
//! | field | absent | `null` | value |
//! |---|---|---|---|
//! | `friendly_name` | keep | clear | set |
//! | `agent_id` (column) | keep | keep (undocumented, see `merge`) | set |
//! | `inbound_routing` | keep the stored routing | 422 (not nullable) | merge into it |
//! | `inbound_routing.voicemail_message` | keep | 422 (not nullable) | set |
//! | `inbound_routing.fallback` | keep | clear (stored as `null`) | set |
//! | `inbound_routing.agent_id` | keep; if none, the column's `agent_id` | 422 (not nullable) | set |
//!
//! Keys of the stored routing that the update does not know (a JSONB column
//! the service means to extend) are kept. Unknown keys *in the request* are
//! ignored, as pydantic does by default.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::patch;
use bytes::Bytes;
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::Recorded;

/// The key [`crate::client`] sends, and the one [`FakeOneInbox::start`] accepts.
pub const API_KEY: &str = "oi_sk_test";

/// Largest request body the fake reads.
const MAX_BODY: usize = 1024 * 1024;

/// One phone number as the service stores it: the 12 fields of
/// `PhoneNumberResponse`, with `inbound_routing` kept as raw JSON like the
/// JSONB column it is.
#[derive(Debug, Clone, PartialEq)]
pub struct PhoneNumber {
    /// Primary key.
    pub id: Uuid,
    /// E.164 number.
    pub phone_number: String,
    /// Display name; `None` is SQL `NULL`.
    pub friendly_name: Option<String>,
    /// Telephony provider.
    pub provider: String,
    /// The column-level agent.
    pub agent_id: String,
    /// Provisioning status.
    pub status: String,
    /// SIP inbound trunk.
    pub inbound_trunk_id: Option<String>,
    /// SIP outbound trunk.
    pub outbound_trunk_id: Option<String>,
    /// Dispatch rule.
    pub dispatch_rule_id: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change; every successful PATCH moves it forward.
    pub updated_at: DateTime<Utc>,
    /// Raw routing JSON: an object, or `Value::Null` when the number has
    /// none (SQL `NULL`). Keys nobody here knows are kept as they are.
    pub inbound_routing: Value,
}

impl PhoneNumber {
    /// The number as the API returns it (and as a GET would show it).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id.to_string(),
            "phone_number": self.phone_number,
            "friendly_name": self.friendly_name,
            "provider": self.provider,
            "agent_id": self.agent_id,
            "status": self.status,
            "inbound_trunk_id": self.inbound_trunk_id,
            "outbound_trunk_id": self.outbound_trunk_id,
            "dispatch_rule_id": self.dispatch_rule_id,
            "created_at": timestamp(self.created_at),
            "updated_at": timestamp(self.updated_at),
            "inbound_routing": self.inbound_routing,
        })
    }
}

/// RFC 3339 with a `Z`, as FastAPI writes UTC datetimes.
fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Debug)]
struct Store {
    numbers: HashMap<Uuid, PhoneNumber>,
    requests: Vec<Recorded>,
    /// A logical clock for `updated_at`: deterministic, so tests need no
    /// sleeps to see it move.
    clock: DateTime<Utc>,
}

#[derive(Debug)]
struct Shared {
    api_key: String,
    store: Mutex<Store>,
}

type AppState = Arc<Shared>;

/// A running fake OneInbox on 127.0.0.1.
#[derive(Debug, Clone)]
pub struct FakeOneInbox {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    shared: AppState,
}

impl FakeOneInbox {
    /// Starts an empty server that accepts [`API_KEY`].
    pub async fn start() -> Self {
        Self::start_with_key(API_KEY).await
    }

    /// Starts an empty server that accepts only `api_key`.
    pub async fn start_with_key(api_key: &str) -> Self {
        let shared = Arc::new(Shared {
            api_key: api_key.to_owned(),
            store: Mutex::new(Store {
                numbers: HashMap::new(),
                requests: Vec::new(),
                clock: DateTime::<Utc>::UNIX_EPOCH,
            }),
        });
        let app = Router::new()
            .route("/v1/phone-numbers/{phone_id}", patch(update_phone_number))
            .fallback(not_found)
            // Outermost, so that 401s, 404s, 405s and 422s are recorded too.
            .layer(middleware::from_fn_with_state(shared.clone(), record))
            .with_state(shared.clone());
        let url = crate::serve(app).await;
        FakeOneInbox { url, shared }
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.shared.store.lock().expect("the fake's store lock")
    }

    /// Adds (or replaces) a number.
    pub fn insert(&self, number: PhoneNumber) {
        self.store().numbers.insert(number.id, number);
    }

    /// The stored number.
    pub fn number(&self, id: Uuid) -> Option<PhoneNumber> {
        self.store().numbers.get(&id).cloned()
    }

    /// The stored number as the API would return it (a GET-like read).
    pub fn number_json(&self, id: Uuid) -> Option<Value> {
        self.number(id).map(|n| n.to_json())
    }

    /// Every request received so far, with its raw body bytes.
    pub fn requests(&self) -> Vec<Recorded> {
        self.store().requests.clone()
    }

    /// An SDK client for this server, authenticated with [`API_KEY`].
    pub fn client(&self) -> oneinbox::Client {
        crate::client(&self.url)
    }
}

/// Records the request as received (raw body bytes included), then passes it on.
async fn record(State(shared): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    shared
        .store
        .lock()
        .expect("the fake's store lock")
        .requests
        .push(Recorded {
            method: parts.method.clone(),
            uri: parts.uri.to_string(),
            headers: parts.headers.clone(),
            body: bytes.clone(),
        });
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

async fn not_found() -> Response {
    detail(StatusCode::NOT_FOUND, "Not Found")
}

/// `{"detail": "<message>"}`, FastAPI's shape for `HTTPException`.
fn detail(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "detail": message }))).into_response()
}

/// FastAPI's 422: `{"detail": [{type, loc, msg, input}, ...]}`.
fn validation_error(errors: Vec<Value>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(json!({ "detail": errors })),
    )
        .into_response()
}

fn issue(kind: &str, loc: &[&str], msg: &str, input: &Value) -> Value {
    json!({ "type": kind, "loc": loc, "msg": msg, "input": input })
}

async fn update_phone_number(
    State(shared): State<AppState>,
    Path(phone_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // FastAPI resolves the security dependency first, then validates the
    // path and body, and only then runs the handler (the lookup).
    if let Some(denied) = authenticate(&shared.api_key, &headers) {
        return denied;
    }
    let mut errors = Vec::new();
    let id = match Uuid::parse_str(&phone_id) {
        Ok(id) => Some(id),
        Err(e) => {
            errors.push(issue(
                "uuid_parsing",
                &["path", "phone_id"],
                &format!("Input should be a valid UUID, {e}"),
                &Value::String(phone_id.clone()),
            ));
            None
        }
    };
    let update = match parse_body(&headers, &body) {
        Ok(update) => Some(update),
        Err(mut e) => {
            errors.append(&mut e);
            None
        }
    };
    let (Some(id), Some(update), true) = (id, update, errors.is_empty()) else {
        return validation_error(errors);
    };

    let mut store = shared.store.lock().expect("the fake's store lock");
    let Store { numbers, clock, .. } = &mut *store;
    let Some(number) = numbers.get_mut(&id) else {
        return detail(StatusCode::NOT_FOUND, "Phone number not found");
    };
    merge(number, update);
    // Strictly later than both the last tick and the stored value.
    *clock = (*clock).max(number.updated_at) + TimeDelta::seconds(1);
    number.updated_at = *clock;
    (StatusCode::OK, axum::Json(number.to_json())).into_response()
}

/// `None` when `Authorization: Bearer <api_key>` is present, else the 401.
fn authenticate(api_key: &str, headers: &HeaderMap) -> Option<Response> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let message = match given {
        Some(key) if key == api_key => return None,
        Some(_) => "Invalid API key",
        None => "Not authenticated",
    };
    let mut response = detail(StatusCode::UNAUTHORIZED, message);
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer"),
    );
    Some(response)
}

/// A field of the request as sent: the server must tell all three apart.
#[derive(Debug, Clone, PartialEq)]
enum Sent<T> {
    Absent,
    Null,
    Value(T),
}

#[derive(Debug)]
struct Update {
    friendly_name: Sent<String>,
    agent_id: Sent<Uuid>,
    inbound_routing: Option<RoutingUpdate>,
}

#[derive(Debug)]
struct RoutingUpdate {
    agent_id: Option<Uuid>,
    /// The fallback's agent.
    fallback: Sent<Uuid>,
    voicemail_message: Option<String>,
}

/// Validates the raw body like FastAPI + pydantic would, collecting every
/// error, and keeps which keys were absent and which were `null`.
fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Update, Vec<Value>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if body.is_empty() {
        return Err(vec![issue(
            "missing",
            &["body"],
            "Field required",
            &Value::Null,
        )]);
    }
    // FastAPI parses JSON only when the content type says JSON; otherwise the
    // body reaches the model as a string and fails as "not an object".
    if essence != "application/json" && !essence.ends_with("+json") {
        let text = Value::String(String::from_utf8_lossy(body).into_owned());
        return Err(vec![issue(
            "model_attributes_type",
            &["body"],
            "Input should be a valid dictionary or object to extract fields from",
            &text,
        )]);
    }
    let doc: Value = match serde_json::from_slice(body) {
        Ok(doc) => doc,
        Err(e) => {
            return Err(vec![json!({
                "type": "json_invalid",
                "loc": ["body", e.column()],
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": e.to_string()},
            })]);
        }
    };
    let Value::Object(doc) = doc else {
        return Err(vec![issue(
            "model_attributes_type",
            &["body"],
            "Input should be a valid dictionary or object to extract fields from",
            &doc,
        )]);
    };

    let mut errors = Vec::new();
    let friendly_name = nullable(&doc, "friendly_name", &["body"], &mut errors, string);
    let agent_id = nullable(&doc, "agent_id", &["body"], &mut errors, uuid);
    let inbound_routing = match doc.get("inbound_routing") {
        None => None,
        Some(Value::Object(r)) => {
            let at = ["body", "inbound_routing"];
            Some(RoutingUpdate {
                agent_id: required_if_present(r, "agent_id", &at, &mut errors, uuid),
                fallback: nullable(r, "fallback", &at, &mut errors, fallback),
                voicemail_message: required_if_present(
                    r,
                    "voicemail_message",
                    &at,
                    &mut errors,
                    string,
                ),
            })
        }
        Some(other) => {
            errors.push(model_type(&["body", "inbound_routing"], other));
            None
        }
    };
    if errors.is_empty() {
        Ok(Update {
            friendly_name,
            agent_id,
            inbound_routing,
        })
    } else {
        Err(errors)
    }
}

/// A field's validator: the value (never `null`) and where it sits.
type Check<T> = fn(&Value, &[&str]) -> Result<T, Value>;

fn at<'a>(parent: &[&'a str], key: &'a str) -> Vec<&'a str> {
    let mut loc = parent.to_vec();
    loc.push(key);
    loc
}

/// An optional, nullable field (`anyOf: [T, null]`, not required).
fn nullable<T>(
    obj: &Map<String, Value>,
    key: &str,
    parent: &[&str],
    errors: &mut Vec<Value>,
    check: Check<T>,
) -> Sent<T> {
    match obj.get(key) {
        None => Sent::Absent,
        Some(Value::Null) => Sent::Null,
        Some(v) => match check(v, &at(parent, key)) {
            Ok(v) => Sent::Value(v),
            Err(e) => {
                errors.push(e);
                Sent::Absent
            }
        },
    }
}

/// An optional field that is not nullable: `null` is a type error.
fn required_if_present<T>(
    obj: &Map<String, Value>,
    key: &str,
    parent: &[&str],
    errors: &mut Vec<Value>,
    check: Check<T>,
) -> Option<T> {
    let v = obj.get(key)?;
    match check(v, &at(parent, key)) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

fn string(v: &Value, loc: &[&str]) -> Result<String, Value> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(issue(
            "string_type",
            loc,
            "Input should be a valid string",
            other,
        )),
    }
}

fn uuid(v: &Value, loc: &[&str]) -> Result<Uuid, Value> {
    match v {
        Value::String(s) => Uuid::parse_str(s).map_err(|e| {
            issue(
                "uuid_parsing",
                loc,
                &format!("Input should be a valid UUID, {e}"),
                v,
            )
        }),
        other => Err(issue(
            "uuid_type",
            loc,
            "UUID input should be a string, bytes or UUID object",
            other,
        )),
    }
}

/// `RoutingFallbackUpdate`: an object with a required `agent_id` (uuid).
fn fallback(v: &Value, loc: &[&str]) -> Result<Uuid, Value> {
    let Value::Object(obj) = v else {
        return Err(model_type(loc, v));
    };
    match obj.get("agent_id") {
        None => Err(issue("missing", &at(loc, "agent_id"), "Field required", v)),
        Some(agent) => uuid(agent, &at(loc, "agent_id")),
    }
}

fn model_type(loc: &[&str], input: &Value) -> Value {
    issue(
        "model_type",
        loc,
        "Input should be a valid dictionary or object",
        input,
    )
}

/// Applies a validated update, exactly as the reference page describes.
fn merge(number: &mut PhoneNumber, update: Update) {
    match update.friendly_name {
        Sent::Absent => {}
        Sent::Null => number.friendly_name = None,
        Sent::Value(name) => number.friendly_name = Some(name),
    }
    // The column is `string` (required) in the response, so it cannot be
    // cleared. What the service does with an explicit `null` is not
    // documented; this fake keeps the current agent.
    if let Sent::Value(agent) = update.agent_id {
        number.agent_id = agent.to_string();
    }
    let Some(routing_update) = update.inbound_routing else {
        return; // absent: the stored routing stays exactly as it is
    };
    let mut routing = match std::mem::take(&mut number.inbound_routing) {
        Value::Object(stored) => stored,
        // No routing yet (SQL NULL): the merge starts from an empty object.
        _ => Map::new(),
    };
    if let Some(message) = routing_update.voicemail_message {
        routing.insert("voicemail_message".to_owned(), Value::String(message));
    }
    match routing_update.fallback {
        Sent::Absent => {}
        Sent::Null => {
            routing.insert("fallback".to_owned(), Value::Null);
        }
        Sent::Value(agent) => {
            routing.insert(
                "fallback".to_owned(),
                json!({ "agent_id": agent.to_string() }),
            );
        }
    }
    match routing_update.agent_id {
        Some(agent) => {
            routing.insert("agent_id".to_owned(), Value::String(agent.to_string()));
        }
        None => {
            // "agent_id, when omitted, keeps the current routing agent
            // (falling back to the number's column-level agent_id)". The
            // fallback is written into the stored routing. When the same
            // patch also sets the column-level agent_id, the page does not
            // say which one wins; this fake uses the column as updated.
            let has_agent = routing.get("agent_id").is_some_and(|a| !a.is_null());
            if !has_agent {
                routing.insert(
                    "agent_id".to_owned(),
                    Value::String(number.agent_id.clone()),
                );
            }
        }
    }
    number.inbound_routing = Value::Object(routing);
}
