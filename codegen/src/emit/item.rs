//! What the Rust emitters return: items, each with the gate that compiles
//! it, so that the renderer places `#[cfg]` attributes and blank lines from
//! this list and never by splitting tokens or text.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{Api, Gate};

/// A Rust file before rendering: inner attributes and imports, then items.
#[derive(Debug, Clone, Default)]
pub struct RustFile {
    /// Inner docs and attributes, `use` declarations: rendered as they are,
    /// with no blank lines between them.
    pub prelude: TokenStream,
    /// The file's items, in order.
    pub items: Vec<Item>,
}

impl RustFile {
    /// A file of one ungated chunk of items after `prelude`.
    pub fn new(prelude: TokenStream, items: TokenStream) -> Self {
        RustFile {
            prelude,
            items: vec![Item::rust(None, items)],
        }
    }
}

/// Items compiled under one gate: Rust tokens (one or more items, each of
/// which gets the gate), or a struct's wire table.
#[derive(Debug, Clone)]
pub struct Item {
    /// The features that compile these items; `None` when always compiled.
    pub cfg: Option<Cfg>,
    /// What the items are.
    pub body: Body,
}

impl Item {
    /// Rust items under `cfg`.
    pub fn rust(cfg: Option<Cfg>, tokens: TokenStream) -> Self {
        Item {
            cfg,
            body: Body::Rust(tokens),
        }
    }
}

/// The content of an [`Item`].
#[derive(Debug, Clone)]
pub enum Body {
    /// Items, as tokens that parse as a file's items.
    Rust(TokenStream),
    /// A `runtime::wire_struct!` table.
    Wire(WireTable),
}

/// A gate's condition: `feature = "a"` or `any(feature = "a", …)`.
#[derive(Debug, Clone)]
pub struct Cfg(TokenStream);

impl Cfg {
    /// The condition of `gate`, or `None` for [`Gate::Always`].
    pub fn of(api: &Api, gate: &Gate) -> Option<Cfg> {
        let Gate::Any(groups) = gate else {
            return None;
        };
        let features: Vec<&str> = groups
            .iter()
            .map(|g| api.groups[g.0].feature.as_str())
            .collect();
        Some(Cfg(match features.as_slice() {
            [one] => quote!(feature = #one),
            many => quote!(any(#(feature = #many),*)),
        }))
    }

    /// The condition of one feature.
    pub fn feature(feature: &str) -> Cfg {
        Cfg(quote!(feature = #feature))
    }

    /// `#[cfg(…)]`, and the same condition for docs.rs to show.
    pub fn attrs(&self) -> TokenStream {
        let c = &self.0;
        quote! {
            #[cfg(#c)]
            #[cfg_attr(docsrs, doc(cfg(#c)))]
        }
    }

    /// `#[cfg(…)]` alone, for an item rustdoc does not document.
    pub fn cfg_only(&self) -> TokenStream {
        let c = &self.0;
        quote!(#[cfg(#c)])
    }
}

/// A struct's wire table: one row per field in the struct's order, and the
/// field that keeps unlisted properties.
#[derive(Debug, Clone)]
pub struct WireTable {
    /// The struct.
    pub name: Ident,
    /// Its fields.
    pub rows: Vec<WireRow>,
    /// The map of unlisted properties, if the struct keeps them.
    pub unlisted: Option<Ident>,
}

/// One field of a [`WireTable`]: `kind field: Type = "property"`.
#[derive(Debug, Clone)]
pub struct WireRow {
    /// The runtime's encoding module (`required`, `optional`, …).
    pub kind: &'static str,
    /// The Rust field.
    pub field: Ident,
    /// The value's type inside the encoding's wrapper.
    pub ty: TokenStream,
    /// The property name.
    pub wire: String,
}
