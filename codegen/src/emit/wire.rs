//! A struct's wire table: one row per field (its encoding's runtime module,
//! name, value type and property), from which `runtime::wire_struct!`
//! writes both its `Serialize` and its `Deserialize`. One description for
//! both directions, and one generic call per field in each: serde's derive
//! would write several times the code (and, with `#[serde(flatten)]`,
//! buffer), which rustc then has to check.

use super::item::{WireRow, WireTable};
use super::{Scope, ident, type_tokens};
use crate::ir::*;

/// The table of struct `s`, named `name`.
pub(super) fn table(api: &Api, name: &proc_macro2::Ident, s: &StructDef) -> WireTable {
    let rows = s
        .fields
        .iter()
        .map(|f| WireRow {
            kind: f.encoding.wire_kind(),
            field: ident(&f.name.ident),
            ty: type_tokens(api, &f.ty, Scope::Types),
            wire: f.name.wire.clone(),
        })
        .collect();
    WireTable {
        name: name.clone(),
        rows,
        unlisted: s.extra.as_ref().map(|e| ident(&e.ident)),
    }
}
