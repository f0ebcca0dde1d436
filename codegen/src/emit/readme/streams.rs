//! The README's "Pagination and streams": list operations' item streams,
//! server-sent events, binary downloads and uploads, and one example that
//! calls an operation of each kind whose arguments can be written without
//! knowing the API.

use super::RUST;
use crate::ir::*;

/// A value of `ty` that any API accepts as an argument passed as said.
fn placeholder(ty: &TypeRef, text: bool, by_value: bool) -> Option<&'static str> {
    match ty {
        TypeRef::Prim(Prim::String) if text => Some("\"example-id\""),
        TypeRef::Prim(Prim::Uuid) if by_value => Some("uuid::Uuid::nil()"),
        TypeRef::Prim(Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64) if by_value => Some("1"),
        TypeRef::Prim(Prim::Bool) if by_value => Some("true"),
        _ => None,
    }
}

/// `client.method(args)` with placeholder arguments, for an operation
/// without a body argument whose arguments all have one.
fn call(api: &Api, op: &Operation) -> Option<String> {
    if op
        .body
        .as_ref()
        .is_some_and(|b| b.given == BodyGiven::Argument)
    {
        return None;
    }
    let mut args = Vec::new();
    for p in &op.path_params {
        let value = p.passing == Passing::Value;
        args.push(placeholder(&p.ty, p.passing == Passing::Str, value)?);
    }
    for f in op.params().into_iter().flat_map(|p| &p.fields) {
        if matches!(f.given, ParamGiven::Argument(_)) {
            let value = f.taking == Taking::Value;
            args.push(placeholder(&f.ty, f.taking == Taking::IntoString, value)?);
        }
    }
    Some(format!("client.{}({})", api.call_path(op), args.join(", ")))
}

/// Method names in code spans, comma-separated: the first few, and how
/// many more.
fn names<'a>(
    api: &Api,
    ops: impl ExactSizeIterator<Item = &'a Operation>,
    suffix: impl Fn(&Operation) -> String,
) -> String {
    const SHOWN: usize = 5;
    let more = ops.len().saturating_sub(SHOWN);
    let spans: Vec<String> = ops
        .take(SHOWN)
        .map(|op| format!("`{}{}`", api.call_path(op), suffix(op)))
        .collect();
    match more {
        0 => spans.join(", "),
        n => format!("{} and {n} more", spans.join(", ")),
    }
}

pub(super) fn streams(api: &Api, lib: &str) -> Option<String> {
    let ops = &api.operations;
    let pages: Vec<&Operation> = ops.iter().filter(|op| op.pagination().is_some()).collect();
    let bytes: Vec<&Operation> = ops.iter().filter(|op| op.streamed().is_some()).collect();
    let events: Vec<&Operation> = ops.iter().filter(|op| is_events(op)).collect();
    let uploads = ops.iter().any(|op| {
        op.body
            .as_ref()
            .is_some_and(|b| b.encoding == BodyEncoding::Binary)
    });
    if pages.is_empty() && bytes.is_empty() && events.is_empty() && !uploads {
        return None;
    }
    let mut text = "## Pagination and streams\n\n".to_owned();
    let mut body = String::new();
    // The operations the example calls, for its feature gate.
    let mut used: Vec<&Operation> = Vec::new();
    if !pages.is_empty() {
        let list = names(api, pages.iter().copied(), |op| {
            op.pagination()
                .map(|p| format!("().{}()", p.method))
                .unwrap_or_default()
        });
        text.push_str(&format!(
            "List operations page through their results, each with a stream of every \
             item of every page: {list}. The stream fetches a page at a time as it is \
             read; `max_pages(n)` and `max_items(n)` end it sooner, otherwise it ends after \
             the last page, and an error is its last item.\n\n"
        ));
        let first = pages
            .iter()
            .find_map(|op| Some((*op, call(api, op)?, &op.pagination()?.method)));
        if let Some((op, expr, items)) = first {
            used.push(op);
            body.push_str(&format!(
                "    // Every item of every page, at most 10 pages.\n    \
                 let mut items = {expr}.{items}().max_pages(10);\n    \
                 while let Some(item) = items.next().await {{\n        \
                 println!(\"{{:?}}\", item?);\n    }}\n"
            ));
        }
    }
    if !events.is_empty() {
        text.push_str(&format!(
            "Operations that answer with server-sent events ({}) return an \
             `EventStream` of decoded events. It ends when the server closes the \
             connection or sends `[DONE]`; an event that does not decode is an `Err` \
             item and the stream goes on; `last_event_id()` is the id to resume from.\n\n",
            names(api, events.iter().copied(), |_| String::new())
        ));
        if let Some((op, expr)) = events.iter().find_map(|op| Some((*op, call(api, op)?))) {
            used.push(op);
            body.push_str(&format!(
                "    // Server-sent events, decoded as they arrive.\n    \
                 let mut events = {expr}.await?;\n    \
                 while let Some(event) = events.next().await {{\n        \
                 println!(\"{{:?}}\", event?);\n    }}\n"
            ));
        }
    }
    text.push_str(&stream_prose(api, &pages, &events, &bytes, uploads));
    let first = bytes
        .iter()
        .find_map(|op| Some((*op, call(api, op)?, &op.streamed()?.method)));
    if let Some((op, expr, byte_stream)) = first {
        used.push(op);
        body.push_str(&format!(
            "    // A binary body, chunk by chunk.\n    \
             let mut download = {expr}.{byte_stream}().await?;\n    \
             while let Some(chunk) = download.chunk().await? {{\n        \
             println!(\"{{}} bytes\", chunk.len());\n    }}\n"
        ));
    }
    if !body.is_empty() {
        text.push_str(&format!(
            "{RUST}{}async fn streams(client: &{lib}::Client) -> Result<(), {lib}::Error> {{\n\
             {body}    Ok(())\n}}\n```\n",
            super::example_cfg(api, used)
        ));
    }
    // Each paragraph ended with a blank line; the section ends with none.
    text.truncate(text.trim_end().len());
    text.push('\n');
    Some(text)
}

fn is_events(op: &Operation) -> bool {
    matches!(
        op.responses.success,
        SuccessType::Single(BodyKind::Events(_))
    )
}

/// How item streams are read, and what binary bodies do.
fn stream_prose(
    api: &Api,
    pages: &[&Operation],
    events: &[&Operation],
    bytes: &[&Operation],
    uploads: bool,
) -> String {
    let mut text = String::new();
    if !pages.is_empty() || !events.is_empty() {
        text.push_str(
            "Each stream is read with its own `next()`, no other crate needed: \
             `while let Some(item) = stream.next().await { let item = item?; }`. \
             They are also `futures_core::Stream`s of `Result`s, for the combinators \
             of `futures_util::StreamExt`.\n\n",
        );
    }
    if !bytes.is_empty() {
        text.push_str(&format!(
            "Binary downloads ({}) are read whole by default, as a `Binary`; their \
             request's `byte_stream()` instead returns a `ByteStream`, read chunk by chunk \
             with `chunk()`, so a large body never has to fit in memory.\n\n",
            names(api, bytes.iter().copied(), |_| String::new())
        ));
    }
    if uploads {
        text.push_str(
            "Binary uploads take anything that converts into `Upload`: bytes, a `Vec<u8>`, \
             a `String`, a `Binary`, `Upload::file(path)` (read as it is sent, again for \
             each attempt) or `Upload::stream(stream, length)` (sent once, so not \
             retried).\n\n",
        );
    }
    text
}
