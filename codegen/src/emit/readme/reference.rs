//! The README's "Operation reference": every method of the client, one
//! table per group, with its HTTP method and path and the first line of
//! what the spec says of it, each made safe for a table cell.

use crate::ir::*;
use crate::naming::Local;

/// Every operation, by group (ungrouped ones last), one table each.
pub(super) fn reference(api: &Api) -> Option<String> {
    if api.operations.is_empty() {
        return None;
    }
    let mut text =
        "## Operation reference\n\nEvery operation, as called on a `Client`:\n".to_owned();
    if api.groups.is_empty() {
        text.push_str(&format!(
            "\n{}",
            reference_table(api, api.operations.iter())
        ));
        return Some(text);
    }
    for (i, g) in api.groups.iter().enumerate() {
        let ops = api
            .operations
            .iter()
            .filter(|op| op.group == Some(GroupId(i)));
        let title = if g.title.is_empty() {
            g.feature.as_str()
        } else {
            g.title.as_str()
        };
        text.push_str(&format!(
            "\n### {title}\n\nFeature `{}`.\n\n{}",
            g.feature,
            reference_table(api, ops)
        ));
    }
    let mut ungrouped = api
        .operations
        .iter()
        .filter(|op| op.group.is_none())
        .peekable();
    if ungrouped.peek().is_some() {
        text.push_str(&format!(
            "\n### Other operations\n\nIn no group, so always compiled.\n\n{}",
            reference_table(api, ungrouped)
        ));
    }
    Some(text)
}

fn reference_table<'a>(api: &Api, ops: impl Iterator<Item = &'a Operation>) -> String {
    let mut text = "| method | HTTP | path | summary |\n|---|---|---|---|\n".to_owned();
    for op in ops {
        let path = Docs::sentence().code(&op.path_template).done();
        text.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            signature(api, op),
            op.method.upper(),
            path.cell().as_str(),
            op.summary.as_str()
        ));
    }
    text
}

/// `method(arg, body)`: the method and its argument names.
fn signature(api: &Api, op: &Operation) -> String {
    let mut args: Vec<&str> = op
        .path_params
        .iter()
        .map(|p| p.name.ident.as_str())
        .collect();
    for f in op.params().into_iter().flat_map(|p| &p.fields) {
        if let ParamGiven::Argument(arg) = &f.given {
            args.push(arg.as_str());
        }
    }
    if op
        .body
        .as_ref()
        .is_some_and(|b| b.given == BodyGiven::Argument)
    {
        args.push(Local::Body.as_str());
    }
    format!("{}({})", api.call_path(op), args.join(", "))
}
