//! IR types → `src/types.rs`: structs, enums with catch-alls, unions,
//! aliases, newtypes and per-operation result enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::item::{Body, Cfg, Item, RustFile};
use super::{Scope, doc_attrs, ident, type_tokens};
use crate::ir::*;

/// The whole `types` module.
pub(super) fn types_rs(api: &Api) -> RustFile {
    let mut items = Vec::new();
    for t in &api.types {
        let cfg = Cfg::of(api, &t.gate);
        let name = ident(&t.name.ident);
        if let TypeKind::Struct(s) = &t.kind {
            let def = struct_def(api, &name, doc_attrs(&t.docs), s);
            items.push(Item::rust(cfg.clone(), def));
            if s.serde {
                let table = super::wire::table(api, &name, s);
                items.push(Item {
                    cfg: cfg.clone(),
                    body: Body::Wire(table),
                });
            }
            if let Some(b) = &s.builder {
                let builder = super::builders::builder_impl(api, &name, s, b);
                items.push(Item::rust(cfg, builder));
            }
        } else {
            items.push(Item::rust(cfg, type_def(api, &name, t)));
        }
    }
    RustFile {
        prelude: quote!(
            //! Request and response types.
        ),
        items,
    }
}

fn type_def(api: &Api, name: &proc_macro2::Ident, t: &TypeDef) -> TokenStream {
    let TypeDef { docs, kind, .. } = t;
    match kind {
        TypeKind::StringEnum(e) => return string_enum(name, docs, e),
        TypeKind::IntEnum(e) => return int_enum(name, docs, e),
        _ => {}
    }
    let docs = doc_attrs(docs);
    match kind {
        TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => TokenStream::new(),
        TypeKind::Tagged(t) => tagged(api, name, docs, t),
        TypeKind::Untagged(u) => untagged(api, name, docs, u),
        TypeKind::Alias(target) => {
            let target = type_tokens(api, target, Scope::Types);
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            let target = type_tokens(api, target, Scope::Types);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
        TypeKind::Responses(variants) => responses(api, name, docs, variants),
        TypeKind::Events(e) => events(api, name, docs, e),
    }
}

/// The struct itself; its wire table and builder are items of their own.
fn struct_def(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    s: &StructDef,
) -> TokenStream {
    let StructDef {
        fields,
        extra,
        default,
        serde: _,
        eq,
        builder: _,
    } = s;
    let fields = fields.iter().map(|f| {
        let docs = doc_attrs(&f.docs);
        let id = ident(&f.name.ident);
        let ty = type_tokens(api, &f.rust_type(), Scope::Types);
        quote! {
            #docs
            pub #id: #ty,
        }
    });
    let extra = extra.as_ref().map(|e| {
        let ExtraField {
            ident: id,
            value,
            docs,
        } = e;
        let id = ident(id);
        let value = type_tokens(api, value, Scope::Types);
        let docs = doc_attrs(docs);
        quote! {
            #docs
            pub #id: std::collections::BTreeMap<String, #value>,
        }
    });
    let eq = eq.then(|| quote!(PartialEq,));
    let default = default.then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, #eq #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// Equality and hashing by wire value (`key` yields it from `self`), so a
/// catch-all holding a listed value equals that value's variant.
fn eq_hash_by(name: &proc_macro2::Ident, key: TokenStream) -> TokenStream {
    let of = |this: TokenStream| quote!(#this.#key);
    let mine = of(quote!(self));
    let theirs = of(quote!(other));
    quote! {
        impl PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                #mine == #theirs
            }
        }

        impl Eq for #name {}

        impl std::hash::Hash for #name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                std::hash::Hash::hash(&#mine, state)
            }
        }
    }
}

/// The enum's docs, then the note on comparing, naming the real catch-all
/// variant.
fn enum_docs(docs: &Docs, other: &Ident) -> TokenStream {
    doc_attrs(
        &docs.clone().then(
            Docs::sentence()
                .lit("Values compare by their wire value, so ")
                .ident(other)
                .lit(" holding a listed value equals that value's variant.")
                .done(),
        ),
    )
}

fn string_enum(name: &proc_macro2::Ident, docs: &Docs, e: &EnumDef<String>) -> TokenStream {
    let EnumDef { variants, other } = e;
    let eq_hash = eq_hash_by(name, quote!(as_str()));
    let docs = enum_docs(docs, other);
    let other = ident(other);
    let defs = variants.iter().map(|v| {
        let d = doc_attrs(&v.docs);
        let i = ident(&v.ident);
        quote!(#d #i,)
    });
    let to_str = variants.iter().map(|v| {
        let i = ident(&v.ident);
        let s = &v.value;
        quote!(Self::#i => #s,)
    });
    let from_str = variants.iter().map(|v| {
        let i = ident(&v.ident);
        let s = &v.value;
        quote!(#s => Self::#i,)
    });
    let other_name = other.to_string();
    quote! {
        #docs
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value this version of the SDK does not know.
            #other(String),
        }

        #eq_hash

        // By the wire value rather than derived: a derive is one more
        // `match` over every variant, and enums with hundreds of values
        // made these a large part of a crate's compile time.
        impl Clone for #name {
            fn clone(&self) -> Self {
                match self {
                    Self::#other(value) => Self::#other(value.clone()),
                    known => Self::from(known.as_str()),
                }
            }
        }

        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::#other(value) => f.debug_tuple(#other_name).field(value).finish(),
                    known => std::fmt::Debug::fmt(known.as_str(), f),
                }
            }
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#other(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn int_enum(name: &proc_macro2::Ident, docs: &Docs, e: &EnumDef<i64>) -> TokenStream {
    let EnumDef { variants, other } = e;
    let eq_hash = eq_hash_by(name, quote!(value()));
    let docs = enum_docs(docs, other);
    let other = ident(other);
    let defs = variants.iter().map(|v| {
        let d = doc_attrs(&v.docs);
        let i = ident(&v.ident);
        quote!(#d #i,)
    });
    let to_int = variants.iter().map(|v| {
        let i = ident(&v.ident);
        let n = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote!(Self::#i => #n,)
    });
    let from_int = variants.iter().map(|v| {
        let i = ident(&v.ident);
        let n = proc_macro2::Literal::i64_unsuffixed(v.value);
        quote!(#n => Self::#i,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value this version of the SDK does not know.
            #other(i64),
        }

        #eq_hash

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_int)*
                    Self::#other(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#other(other),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value))
            }
        }
    }
}

fn tagged(api: &Api, name: &proc_macro2::Ident, docs: TokenStream, t: &TaggedDef) -> TokenStream {
    let TaggedDef {
        tag,
        variants,
        other,
        other_docs,
    } = t;
    let other_ident = ident(other);
    let other_doc = doc_attrs(other_docs);
    let defs = variants.iter().map(|v| {
        let d = doc_attrs(&v.docs);
        let i = ident(&v.ident);
        let ty = type_tokens(api, &v.ty, Scope::Types);
        quote!(#d #i(#ty),)
    });
    let ser = variants.iter().map(|v| {
        let i = ident(&v.ident);
        if v.payload_has_tag {
            quote!(Self::#i(value) => serde::Serialize::serialize(value, serializer),)
        } else {
            let first = v.tags.first();
            quote!(Self::#i(value) => runtime::union::with_tag(value, #tag, #first, serializer),)
        }
    });
    let de = variants.iter().map(|v| {
        let i = ident(&v.ident);
        let tags = v.tags.iter();
        if v.payload_has_tag {
            quote!(Some(#(#tags)|*) => runtime::union::variant(value).map(Self::#i),)
        } else {
            quote!(Some(#(#tags)|*) => runtime::union::variant_without(value, #tag).map(Self::#i),)
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            #other_doc
            #other_ident(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                    Self::#other_ident(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                match runtime::union::tag_of(&value, #tag) {
                    #(#de)*
                    _ => Ok(Self::#other_ident(value)),
                }
            }
        }
    }
}

fn untagged(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    u: &UntaggedDef,
) -> TokenStream {
    let defs = u.variants.iter().map(|v| {
        let d = doc_attrs(&v.docs);
        let i = ident(&v.ident);
        let ty = type_tokens(api, &v.ty, Scope::Types);
        quote!(#d #i(#ty),)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
        }
    }
}

fn responses(
    api: &Api,
    name: &proc_macro2::Ident,
    docs: TokenStream,
    variants: &[ResponseVariant],
) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let d = doc_attrs(&v.docs);
        let i = ident(&v.ident);
        match &v.ty {
            Some(t) => {
                let t = type_tokens(api, t, Scope::Types);
                quote!(#d #i(#t),)
            }
            None => quote!(#d #i,),
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
        }
    }
}

/// The events of a stream by name, and the function that decodes one.
fn events(api: &Api, name: &proc_macro2::Ident, docs: TokenStream, e: &EventsDef) -> TokenStream {
    let defs = e.variants.iter().map(|v| {
        let d = doc_attrs(&v.docs);
        let i = ident(&v.ident);
        let t = match &v.ty {
            Some(t) => type_tokens(api, t, Scope::Types),
            None => quote!(String),
        };
        quote!(#d #i(#t),)
    });
    let arms = e.variants.iter().map(|v| {
        let i = ident(&v.ident);
        let event = &v.event;
        match &v.ty {
            Some(_) => quote!(#event => runtime::sse::json(event).map(Self::#i),),
            None => quote!(#event => Ok(Self::#i(event.data.clone())),),
        }
    });
    let other = ident(&e.other);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// An event whose name the spec does not list, as received.
            #other(runtime::Event),
        }

        impl #name {
            /// Decodes an event by its name; for generated code.
            #[doc(hidden)]
            pub fn from_event(event: &runtime::Event) -> Result<Self, String> {
                match event.event.as_str() {
                    #(#arms)*
                    _ => Ok(Self::#other(event.clone())),
                }
            }
        }
    }
}
