//! The one place the IR's types are built: finished shapes from the arena,
//! plus the side tables of the whole-API analyses (recursion, directions,
//! builders, gates). Docs are written here, knowing which way each type
//! travels, so a type only received never documents how it is sent.

use super::arena::Shaped;
use super::builders::{Direction, presence_note};
use super::passes::Recursion;
use crate::ir::*;

/// What the whole-API analyses decided, one entry per type.
pub(super) struct Tables {
    pub(super) recursion: Recursion,
    pub(super) directions: Vec<Direction>,
    pub(super) builders: Vec<Option<Builder>>,
    pub(super) gates: Vec<Gate>,
}

/// The IR's types.
pub(super) fn assemble(types: Vec<Shaped>, tables: Tables) -> Vec<TypeDef> {
    let Tables {
        recursion,
        directions,
        builders,
        gates,
    } = tables;
    types
        .into_iter()
        .zip(directions)
        .zip(builders.into_iter().zip(gates))
        .enumerate()
        .map(|(i, ((t, dir), (builder, gate)))| {
            let Shaped { name, docs, kind } = t;
            let mut kind = recursion.apply(TypeId(i), kind);
            if let TypeKind::Struct(s) = &mut kind {
                s.builder = builder;
                for f in &mut s.fields {
                    let note = presence_note(f.encoding, dir);
                    if !note.is_empty() {
                        f.docs = std::mem::take(&mut f.docs).then(note);
                    }
                }
            }
            TypeDef {
                name,
                docs,
                kind,
                gate,
            }
        })
        .collect()
}
