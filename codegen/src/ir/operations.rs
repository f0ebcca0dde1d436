//! Operations: methods, paths, parameters, bodies, responses, retry
//! classes and authentication.

use super::{Docs, FieldEncoding, GroupId, Home, Ident, Name, TypeId, TypeRef};

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Every method, in the order of a path item's fields.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The lowercase key of a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The method from a path item's key.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The uppercase name (`GET`).
    pub fn upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// Whether a failed attempt may be repeated without the caller opting in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Repeating the request has the same effect as sending it once.
    Idempotent,
    /// Repeating may act twice; retried only if the caller opts in.
    NonIdempotent,
}

/// One operation, i.e. one client method.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Method name.
    pub name: Ident,
    /// Name of the function that decodes its responses.
    pub decoder: Ident,
    /// The public name of the request the method returns
    /// (`requests::ListItems`).
    pub request: Ident,
    /// Documentation.
    pub docs: Docs,
    /// The first line of the spec's summary or description, as one
    /// Markdown table cell; empty when the spec says nothing.
    pub summary: Docs,
    /// HTTP method.
    pub method: Method,
    /// The path template as written in the spec.
    pub path_template: String,
    /// The path split into literal text and parameters.
    pub path: Vec<PathSegment>,
    /// Path parameters, positional arguments in template order.
    pub path_params: Vec<PathParam>,
    /// The request type the method returns, and what it alone carries.
    pub request_kind: RequestKind,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// How responses are decoded.
    pub responses: Responses,
    /// Retry behaviour.
    pub retry: RetryClass,
    /// What it authenticates with: alternatives (the first whose schemes
    /// are all configured is sent), each a list of indices into
    /// [`super::Api::schemes`] sent together. Empty: nothing is sent; an
    /// empty alternative: nothing is needed.
    pub security: Vec<Vec<usize>>,
    /// The group whose feature compiles it; `None` compiles it always.
    pub group: Option<GroupId>,
    /// Where its method is: on `Client` or in a namespace.
    pub home: Home,
    /// The header that carries a fresh idempotency key on each call (the
    /// same on its retries), if the API declares one for this operation.
    pub idempotency_key: Option<String>,
}

/// An operation's request type.
#[derive(Debug, Clone)]
pub enum RequestKind {
    /// An alias of `OperationRequest<T>`, which every operation with the
    /// same success type and nothing of its own shares: so it has no
    /// methods of its own.
    Shared,
    /// A type of its own, `OperationRequest<T, Params>`: the only kind
    /// that may carry per-operation methods (setters, `items`,
    /// `byte_stream`, `body`).
    Own(Box<OwnRequest>),
}

/// What an operation's own request type carries.
#[derive(Debug, Clone)]
pub struct OwnRequest {
    /// Query, header and cookie parameters, gathered in one struct on the
    /// request (perhaps empty).
    pub params: ParamsArg,
    /// The item stream across pages, for a list operation.
    pub pagination: Option<Pagination>,
    /// The request's method that streams a binary success body instead of
    /// buffering it, and its decoder.
    pub streamed: Option<Streamed>,
}

impl Operation {
    /// Its own request type's parameters; `None` for a shared request type.
    pub fn params(&self) -> Option<&ParamsArg> {
        self.own().map(|o| &o.params)
    }

    /// Its item stream across pages, if it is a list operation.
    pub fn pagination(&self) -> Option<&Pagination> {
        self.own().and_then(|o| o.pagination.as_ref())
    }

    /// Its byte stream, if it returns a binary body.
    pub fn streamed(&self) -> Option<&Streamed> {
        self.own().and_then(|o| o.streamed.as_ref())
    }

    fn own(&self) -> Option<&OwnRequest> {
        match &self.request_kind {
            RequestKind::Own(o) => Some(o),
            RequestKind::Shared => None,
        }
    }
}

/// A binary response body read as a stream.
#[derive(Debug, Clone)]
pub struct Streamed {
    /// The request's method (`byte_stream`).
    pub method: Ident,
    /// The decoder that leaves the body on the connection.
    pub decoder: Ident,
}

/// How a list operation's pages chain, and where their items are.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The request's method that returns the item stream (`items`).
    pub method: Ident,
    /// Each item's type.
    pub item: TypeRef,
    /// JSON pointer to the item array in a page; empty for an array body.
    pub items_at: String,
    /// How the next page is asked for.
    pub next: NextPage,
    /// The method's documentation.
    pub docs: Docs,
}

/// How the request for the next page differs from the previous one
/// (mirrors `runtime::pages::Next`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// A token from the page sent back as a query parameter.
    Token {
        /// Where the token is.
        token: TokenAt,
        /// Pointer to a boolean that is false on the last page.
        more: Option<String>,
        /// The query parameter.
        param: String,
        /// The only other query parameters the next request keeps.
        keep: Option<Vec<String>>,
    },
    /// A page number query parameter.
    Page(String),
    /// An item offset query parameter.
    Offset(String),
    /// The `Link` header's `rel="next"`.
    Link,
    /// A URL at this JSON pointer in the body.
    UrlAt(String),
}

/// Where a page's token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenAt {
    /// At this JSON pointer in the body.
    Body(String),
    /// At this JSON pointer in the last item.
    LastItem(String),
}

/// Why an operation paginates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationSource {
    /// `x-dropshot-pagination`, `x-fern-pagination` or
    /// `x-speakeasy-pagination`.
    Declared(&'static str),
    /// The settings file.
    Settings,
    /// Its parameters and response have a known shape.
    Detected,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text, already valid in a URL path.
    Literal(String),
    /// The path parameter at this index of [`Operation::path_params`].
    Param(usize),
}

/// How an argument is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// `&str`
    Str,
    /// By value (small `Copy` types).
    Value,
    /// By reference.
    Ref,
}

/// A path parameter.
#[derive(Debug, Clone)]
pub struct PathParam {
    /// Argument name and wire name.
    pub name: Name,
    /// Type of the value.
    pub ty: TypeRef,
    /// How it is passed.
    pub passing: Passing,
    /// How its text is made.
    pub text: ParamText,
}

/// How a path parameter's value becomes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamText {
    /// `Display`, for types whose `Display` is their wire form (strings,
    /// ids, integers, booleans): written without an intermediate value.
    Display,
    /// Through serde, for everything else (enums, dates, floats, lists).
    Serde,
}

/// The query, header and cookie parameters of an operation, kept in a
/// struct of their own on the operation's request: required ones are
/// arguments of the client method, optional ones setters of the request.
#[derive(Debug, Clone)]
pub struct ParamsArg {
    /// The struct's name (in the `requests` module).
    pub ty: Ident,
    /// The function that writes them into the call when it is sent.
    pub encoder: Ident,
    /// Each parameter.
    pub fields: Vec<ParamField>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// A path template variable.
    Path,
    /// URL query.
    Query,
    /// Request header.
    Header,
    /// `Cookie` header.
    Cookie,
}

/// Query serialization styles (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` (the default).
    Form,
    /// `spaceDelimited`
    SpaceDelimited,
    /// `pipeDelimited`
    PipeDelimited,
    /// `deepObject`
    DeepObject,
}

/// One parameter of a [`ParamsArg`].
#[derive(Debug, Clone)]
pub struct ParamField {
    /// Field name in the parameters struct, and wire name.
    pub name: Name,
    /// The value's type (without the `Option` an optional one is kept in).
    pub ty: TypeRef,
    /// How the caller gives it.
    pub given: ParamGiven,
    /// What the argument or setter takes.
    pub taking: Taking,
    /// Location.
    pub location: ParamLocation,
    /// Style (query only; others use their single style).
    pub style: QueryStyle,
    /// `explode`.
    pub explode: bool,
    /// Documentation (on the setter, for optional ones).
    pub docs: Docs,
}

/// How the caller gives a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamGiven {
    /// Required: an argument of the client method, with this name.
    Argument(Ident),
    /// Optional: a setter of the request, with this name; left out unless
    /// called.
    Setter(Ident),
}

/// How an argument or setter takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taking {
    /// `impl Into<String>`, for text.
    IntoString,
    /// The value itself.
    Value,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// How the body is encoded.
    pub encoding: BodyEncoding,
    /// The argument's type.
    pub ty: TypeRef,
    /// How the caller gives it.
    pub given: BodyGiven,
}

/// How the caller gives a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyGiven {
    /// Required: the last argument of the client method.
    Argument,
    /// Optional: a setter of the request, with this name.
    Setter(Ident),
}

/// Body encodings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// serde_json.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per struct field (and per unlisted
    /// property kept in `extra`), or, for bodies that are not structs
    /// (`None`), one part per property of the serialized value.
    Multipart(Option<MultipartBody>),
    /// Raw bytes.
    Binary,
    /// Text.
    Text,
}

/// The parts of a multipart body that is a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartBody {
    /// One part per field.
    pub fields: Vec<MultipartField>,
    /// The struct's map of unlisted properties, one part per entry.
    pub extra: Option<Ident>,
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartField {
    /// Field identifier and part name.
    pub name: Name,
    /// How the part is built.
    pub kind: PartKind,
    /// How the field holds its value (plain, `Option` or `Tristate`).
    pub encoding: FieldEncoding,
}

/// Multipart part kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file (`format: binary`).
    File,
    /// Several files under one name.
    Files,
    /// A text value (strings, numbers, booleans, enums).
    Text,
    /// Anything else, sent as JSON.
    Json,
}

/// How an operation's responses decode.
#[derive(Debug, Clone)]
pub struct Responses {
    /// What a successful call returns.
    pub success: SuccessType,
    /// Every documented status, in order of precedence (exact codes, then
    /// ranges, then default).
    pub cases: Vec<ResponseCase>,
}

/// The return type of a successful call.
#[derive(Debug, Clone)]
pub enum SuccessType {
    /// One body type for every success status.
    Single(BodyKind),
    /// Different bodies per status: a generated enum.
    Enum(TypeId),
}

/// A documented status and how it decodes.
#[derive(Debug, Clone)]
pub struct ResponseCase {
    /// Which statuses.
    pub status: StatusMatch,
    /// What it means.
    pub outcome: Outcome,
}

/// Status selectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One code.
    Code(u16),
    /// `1XX` .. `5XX`.
    Range(u16),
    /// `default`
    Default,
}

/// What a documented status means.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Success: decode the body; with [`SuccessType::Enum`], wrap it in the
    /// named variant.
    Success {
        /// Body decoding.
        body: BodyKind,
        /// Variant of the success enum, if there is one.
        variant: Option<Ident>,
    },
    /// An error status with a documented body: try to decode it into the
    /// given [`ErrorBodyVariant`] (by index).
    Error {
        /// Index into [`Api::error_bodies`], or `None` for an undocumented body.
        body: Option<usize>,
    },
}

/// How a response body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON into this type.
    Json(TypeRef),
    /// UTF-8 text.
    Text,
    /// Raw bytes.
    Bytes,
    /// No body (`()`).
    Empty,
    /// Server-sent events, each decoded as said.
    Events(EventData),
}

/// What each server-sent event of a stream decodes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventData {
    /// The event as parsed (`runtime::Event`): the spec does not say.
    Raw,
    /// The data as JSON of this type.
    Json(TypeRef),
    /// A generated enum ([`TypeKind::Events`]) keyed by the event's name.
    ByName(TypeId),
}

/// A documented error body type.
#[derive(Debug, Clone)]
pub struct ErrorBodyVariant {
    /// Variant identifier in the `ErrorBody` enum.
    pub ident: Ident,
    /// Payload type.
    pub ty: TypeRef,
}

/// A security scheme the spec declares.
#[derive(Debug, Clone)]
pub struct Auth {
    /// Its name in `components.securitySchemes` (errors name it).
    pub name: String,
    /// The functions in the crate's `auth` module that make its
    /// credentials.
    pub makers: Vec<CredentialMaker>,
    /// How the credential is attached.
    pub kind: AuthKind,
    /// Documentation.
    pub docs: Docs,
}

/// A function of the crate's `auth` module that makes a credential for
/// one scheme.
#[derive(Debug, Clone)]
pub struct CredentialMaker {
    /// Its name.
    pub ident: Ident,
    /// What it takes.
    pub takes: MakerTakes,
}

/// What a credential function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MakerTakes {
    /// A token or key (`impl Into<String>`).
    Secret,
    /// A user and a password.
    UserPassword,
    /// A client id and secret, exchanged at the scheme's token URL.
    ClientCredentials,
    /// A token provider.
    Provider,
}

/// Ways of attaching a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <key>` (the key is `user:password`, encoded).
    Basic,
    /// A header with this name.
    Header(String),
    /// A query parameter with this name.
    Query(String),
    /// A cookie with this name.
    Cookie(String),
    /// An OAuth2 (or OpenID Connect) access token, sent as a bearer token;
    /// `token_url` and `scopes` are the client-credentials flow's, if the
    /// spec has that flow.
    OAuth2 {
        /// Where client credentials are exchanged for a token.
        token_url: Option<String>,
        /// The flow's scopes, all requested.
        scopes: Vec<String>,
    },
}
