//! Pagination: which list operations get an item stream, and how their
//! pages chain. The settings file decides first (a rule, or `false`), then
//! the spec's `x-dropshot-pagination`, `x-fern-pagination` and
//! `x-speakeasy-pagination`, then the shapes list endpoints commonly have
//! (a cursor fed back, `has_more` with `after`, page numbers, offsets, a
//! `Link` header, Django REST framework's `next`/`previous` URLs).

use serde_json::Value;

use super::Lowerer;
use super::operations::{ParamMap, SpecOperation};
use crate::ir::*;
use crate::settings::{PaginationRule, PaginationSetting};

/// Query parameters that take a cursor, and the body fields that hold it.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "page_cursor",
    "continuation_token",
    "continuationToken",
];
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next_page",
    "cursor",
];
/// Query parameters that take the id of the last item seen.
const AFTER_PARAMS: &[&str] = &["after", "starting_after", "after_id", "startingAfter"];
const MORE_FIELDS: &[&str] = &["has_more", "hasMore"];
const LAST_ID_FIELDS: &[&str] = &["last_id", "lastId"];
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];
const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
/// Item array fields, in order of preference when a page has several.
const ITEM_FIELDS: &[&str] = &["data", "items", "results", "records", "entries", "list"];

/// A pagination rule before its item type is known.
struct Rule {
    items_at: String,
    next: NextPage,
    source: PaginationSource,
}

impl<'a> Lowerer<'a> {
    /// The item stream of `spec`, if it paginates; `success` is what one
    /// page decodes into.
    pub(super) fn pagination(
        &mut self,
        spec: &SpecOperation<'a>,
        params: &ParamMap<'a>,
        success: &SuccessType,
        methods: &mut crate::naming::Scope,
    ) -> Option<Pagination> {
        let SuccessType::Single(BodyKind::Json(page)) = success else {
            return None;
        };
        let query: Vec<&str> = params
            .keys()
            .filter(|(_, loc)| *loc == ParamLocation::Query)
            .map(|(name, _)| name.as_str())
            .collect();
        let id = spec.op.operation_id.as_deref().unwrap_or("");
        let setting = self.op_setting(spec).and_then(|s| s.pagination.clone());
        let rule = match setting {
            Some(PaginationSetting::Enabled(false)) => return None,
            Some(PaginationSetting::Rule(r)) => match settings_rule(&r) {
                Ok(rule) => Some(rule),
                Err(message) => {
                    self.diags.error(
                        spec.at.as_str(),
                        format!("codegen.toml, [operations.{id}] pagination: {message}"),
                    );
                    return None;
                }
            },
            Some(PaginationSetting::Enabled(true)) | None => None,
        };
        let rule = rule
            .or_else(|| declared(spec, &query))
            .or_else(|| self.detected(spec, &query, page))?;
        let Some(item) = self.item_type(page, &rule.items_at) else {
            if rule.source != PaginationSource::Detected {
                self.diags.warning(
                    spec.at.as_str(),
                    format!(
                        "the pagination rule names items at `{}`, which is not an array in the response; the operation has no item stream",
                        rule.items_at
                    ),
                );
            }
            return None;
        };
        Some(Pagination {
            method: methods.claim("items"),
            item,
            docs: items_docs(&rule.next, rule.source),
            items_at: rule.items_at,
            next: rule.next,
        })
    }

    /// The shapes list endpoints commonly have, for GETs.
    fn detected(&self, spec: &SpecOperation<'a>, query: &[&str], page: &TypeRef) -> Option<Rule> {
        if spec.method != Method::Get {
            return None;
        }
        let has = |names: &'static [&'static str]| -> Option<&'static str> {
            names.iter().copied().find(|n| query.contains(n))
        };
        let rule = |items_at: String, next: NextPage| Rule {
            items_at,
            next,
            source: PaginationSource::Detected,
        };
        if matches!(self.resolved(page), Some(TypeRef::Vec(_))) {
            if has_link_header(spec, &self.resolver) {
                return Some(rule(String::new(), NextPage::Link));
            }
            return has(PAGE_PARAMS).map(|p| rule(String::new(), NextPage::Page(p.to_owned())));
        }
        let fields = self.fields_of(page)?;
        let field = |names: &'static [&'static str],
                     want: &dyn Fn(&TypeRef) -> bool|
         -> Option<&'static str> {
            names.iter().copied().find(|n| {
                fields
                    .iter()
                    .any(|(wire, ty)| wire == n && want(&self.resolved(ty).unwrap_or(ty.clone())))
            })
        };
        let arrays: Vec<&str> = fields
            .iter()
            .filter(|(_, t)| matches!(self.resolved(t), Some(TypeRef::Vec(_))))
            .map(|(w, _)| w.as_str())
            .collect();
        let items = match arrays.as_slice() {
            [only] => *only,
            _ => ITEM_FIELDS.iter().copied().find(|n| arrays.contains(n))?,
        };
        let items_at = format!("/{}", escape(items));
        let scalar = |t: &TypeRef| matches!(t, TypeRef::Prim(_));
        let flag = |t: &TypeRef| *t == TypeRef::Prim(Prim::Bool);
        let more = field(MORE_FIELDS, &flag).map(|f| format!("/{}", escape(f)));
        if let (Some(param), Some(token)) = (has(CURSOR_PARAMS), field(CURSOR_FIELDS, &scalar)) {
            let next = NextPage::Token {
                token: TokenAt::Body(format!("/{}", escape(token))),
                more,
                param: param.to_owned(),
                keep: None,
            };
            return Some(rule(items_at, next));
        }
        if let (Some(param), Some(more)) = (has(AFTER_PARAMS), more.clone()) {
            let token = match field(LAST_ID_FIELDS, &scalar) {
                Some(f) => TokenAt::Body(format!("/{}", escape(f))),
                None => TokenAt::LastItem("/id".to_owned()),
            };
            let next = NextPage::Token {
                token,
                more: Some(more),
                param: param.to_owned(),
                keep: None,
            };
            return Some(rule(items_at, next));
        }
        // Django REST framework's pages: `next` and `previous` are URLs.
        if field(&["next"], &scalar).is_some() && field(&["previous"], &scalar).is_some() {
            return Some(rule(items_at, NextPage::UrlAt("/next".to_owned())));
        }
        if let Some(p) = has(PAGE_PARAMS) {
            return Some(rule(items_at, NextPage::Page(p.to_owned())));
        }
        has(OFFSET_PARAMS).map(|p| rule(items_at, NextPage::Offset(p.to_owned())))
    }

    /// The element type of the array at `items_at` in `page`.
    fn item_type(&self, page: &TypeRef, items_at: &str) -> Option<TypeRef> {
        let mut ty = page.clone();
        for key in items_at.split('/').skip(1) {
            let key = key.replace("~1", "/").replace("~0", "~");
            let fields = self.fields_of(&ty)?;
            ty = fields.into_iter().find(|(w, _)| *w == key)?.1;
        }
        match self.resolved(&ty)? {
            TypeRef::Vec(item) => Some(*item),
            _ => None,
        }
    }

    /// `t` without `Option`, `Box` or aliases.
    fn resolved(&self, t: &TypeRef) -> Option<TypeRef> {
        let mut t = t.clone();
        for _ in 0..32 {
            t = match t {
                TypeRef::Option(i) | TypeRef::Tristate(i) | TypeRef::Boxed(i) => *i,
                TypeRef::Named(id) => match self.types.kind(id)? {
                    TypeKind::Alias(target) => target.clone(),
                    _ => return Some(TypeRef::Named(id)),
                },
                other => return Some(other),
            };
        }
        None
    }

    /// The wire names and types of a struct's fields.
    fn fields_of(&self, t: &TypeRef) -> Option<Vec<(String, TypeRef)>> {
        let TypeRef::Named(id) = self.resolved(t)? else {
            return None;
        };
        match self.types.kind(id)? {
            TypeKind::Struct(s) => Some(
                s.fields
                    .iter()
                    .map(|f| (f.name.wire.clone(), f.ty.clone()))
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// The rule of the spec's pagination extension, if it has one.
fn declared(spec: &SpecOperation<'_>, query: &[&str]) -> Option<Rule> {
    let ext = &spec.op.extensions;
    if ext.contains_key("x-dropshot-pagination") {
        return Some(Rule {
            items_at: "/items".to_owned(),
            next: NextPage::Token {
                token: TokenAt::Body("/next_page".to_owned()),
                more: None,
                param: "page_token".to_owned(),
                // Dropshot takes the first page's filters only without a token.
                keep: Some(vec!["limit".to_owned()]),
            },
            source: PaginationSource::Declared("x-dropshot-pagination"),
        });
    }
    if let Some(fern) = ext.get("x-fern-pagination") {
        return fern_rule(fern, query);
    }
    ext.get("x-speakeasy-pagination").and_then(speakeasy_rule)
}

/// `x-fern-pagination`: `{cursor: $request.x, next_cursor: $response.y,
/// results: $response.z}` or `{offset: $request.page, results: ...}`.
fn fern_rule(v: &Value, query: &[&str]) -> Option<Rule> {
    let text = |k: &str| v.get(k).and_then(Value::as_str);
    let items_at = response_pointer(text("results")?, "$response")?;
    let request = |k: &str| {
        text(k)
            .and_then(|s| s.strip_prefix("$request."))
            .filter(|p| query.contains(p))
            .map(str::to_owned)
    };
    let next = if let Some(param) = request("cursor") {
        NextPage::Token {
            token: TokenAt::Body(response_pointer(text("next_cursor")?, "$response")?),
            more: None,
            param,
            keep: None,
        }
    } else {
        let param = request("offset")?;
        // Fern's offset is a page number unless a `step` says items.
        if v.get("step").is_some() {
            NextPage::Offset(param)
        } else {
            NextPage::Page(param)
        }
    };
    Some(Rule {
        items_at,
        next,
        source: PaginationSource::Declared("x-fern-pagination"),
    })
}

/// `x-speakeasy-pagination`: `{type: cursor|offsetLimit|url, inputs:
/// [{name, in: parameters, type}], outputs: {results, nextCursor, nextUrl}}`.
fn speakeasy_rule(v: &Value) -> Option<Rule> {
    let outputs = v.get("outputs")?;
    let out = |k: &str| outputs.get(k).and_then(Value::as_str);
    let items_at = response_pointer(out("results")?, "$")?;
    let input = |kind: &str| {
        v.get("inputs")?.as_array()?.iter().find_map(|i| {
            (i.get("type")?.as_str()? == kind && i.get("in")?.as_str()? == "parameters")
                .then(|| i.get("name")?.as_str().map(str::to_owned))
                .flatten()
        })
    };
    let next = match v.get("type")?.as_str()? {
        "cursor" => NextPage::Token {
            token: TokenAt::Body(response_pointer(out("nextCursor")?, "$")?),
            more: None,
            param: input("cursor")?,
            keep: None,
        },
        "offsetLimit" => match (input("offset"), input("page")) {
            (Some(p), _) => NextPage::Offset(p),
            (None, Some(p)) => NextPage::Page(p),
            (None, None) => return None,
        },
        "url" => NextPage::UrlAt(response_pointer(out("nextUrl")?, "$")?),
        _ => return None,
    };
    Some(Rule {
        items_at,
        next,
        source: PaginationSource::Declared("x-speakeasy-pagination"),
    })
}

/// A rule from the settings file.
fn settings_rule(r: &PaginationRule) -> Result<Rule, String> {
    for p in [&r.cursor, &r.last_item, &r.more].into_iter().flatten() {
        if !p.starts_with('/') {
            return Err(format!("`{p}` is not a JSON pointer (it starts with `/`)"));
        }
    }
    let token = match (&r.cursor, &r.last_item) {
        (Some(c), None) => Some(TokenAt::Body(c.clone())),
        (None, Some(l)) => Some(TokenAt::LastItem(l.clone())),
        (Some(_), Some(_)) => return Err("name `cursor` or `last_item`, not both".to_owned()),
        (None, None) => None,
    };
    if let Some(url) = &r.url {
        let alone = token.is_none() && r.page.is_none() && r.offset.is_none() && !r.link;
        if !alone || !url.starts_with('/') {
            return Err("`url` is a JSON pointer, named alone".to_owned());
        }
        return Ok(Rule {
            items_at: r.items.clone(),
            next: NextPage::UrlAt(url.clone()),
            source: PaginationSource::Settings,
        });
    }
    let next = match (token, &r.page, &r.offset, r.link) {
        (Some(token), None, None, false) => NextPage::Token {
            token,
            more: r.more.clone(),
            param: r
                .param
                .clone()
                .ok_or("a cursor needs the query `param` that takes it")?,
            keep: r.keep.clone(),
        },
        (None, Some(p), None, false) => NextPage::Page(p.clone()),
        (None, None, Some(p), false) => NextPage::Offset(p.clone()),
        (None, None, None, true) => NextPage::Link,
        _ => {
            return Err(
                "name exactly one of `cursor`, `last_item`, `page`, `offset`, `url` or `link`"
                    .to_owned(),
            );
        }
    };
    if !r.items.is_empty() && !r.items.starts_with('/') {
        return Err(format!("`items = \"{}\"` is not a JSON pointer", r.items));
    }
    Ok(Rule {
        items_at: r.items.clone(),
        next,
        source: PaginationSource::Settings,
    })
}

/// `$response.a.b` or `$.a.b` → `/a/b`.
fn response_pointer(path: &str, root: &str) -> Option<String> {
    let rest = path.strip_prefix(root)?;
    if rest.is_empty() {
        return Some(String::new());
    }
    let rest = rest.strip_prefix('.')?;
    Some(rest.split('.').map(|k| format!("/{}", escape(k))).collect())
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Whether a success response declares a `Link` header.
fn has_link_header(spec: &SpecOperation<'_>, resolver: &super::resolve::Resolver<'_>) -> bool {
    super::responses::success_responses(spec.op, resolver)
        .any(|r| r.headers.keys().any(|h| h.eq_ignore_ascii_case("link")))
}

/// What the item stream does, and how it finds the next page.
fn items_docs(next: &NextPage, source: PaginationSource) -> Docs {
    let how = match next {
        NextPage::Token { param, .. } => Docs::sentence()
            .lit("Each next page is asked for with the token the previous one gave, in ")
            .code(param)
            .lit("."),
        NextPage::Page(param) => Docs::sentence()
            .lit("Each next page is asked for by number, in ")
            .code(param)
            .lit("."),
        NextPage::Offset(param) => Docs::sentence()
            .lit("Each next page is asked for by item offset, in ")
            .code(param)
            .lit("."),
        NextPage::UrlAt(at) => Docs::sentence()
            .lit("Each next page is the URL the previous one gives at ")
            .code(at)
            .lit("."),
        NextPage::Link => Docs::sentence()
            .lit("Each next page is the ")
            .code("Link")
            .lit(" header's ")
            .code("rel=\"next\"")
            .lit("."),
    };
    let why = match source {
        PaginationSource::Declared(ext) => Docs::sentence()
            .lit("The spec declares the pagination (")
            .code(ext)
            .lit(")."),
        PaginationSource::Settings => {
            Docs::sentence().lit("The settings file declares the pagination.")
        }
        PaginationSource::Detected => Docs::sentence()
            .lit("The pagination is inferred from the operation's parameters and response."),
    };
    Docs::sentence()
        .lit("Sends the request, then the next pages, and yields every item of every page. ")
        .lit("It stops after the last page, at an empty page or a repeated token, ")
        .lit("and sooner with ")
        .code("max_pages")
        .lit(" or ")
        .code("limit")
        .lit("; an error is its last item.")
        .done()
        .then(how.done())
        .then(why.done())
}
