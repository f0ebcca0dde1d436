//! A struct's `Deserialize`: one visitor whose `match` reads each property
//! as its field's [`Read`] says and keeps the rest in the unlisted-property
//! map. serde's derive would do the same with several times the code (and,
//! with `#[serde(flatten)]`, buffering), which rustc then has to check.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Scope, ident, local, type_tokens};
use crate::ir::*;
use crate::naming::Local;

/// `impl Deserialize for Name`.
pub(super) fn struct_deserialize(api: &Api, name: &Ident, s: &StructDef) -> TokenStream {
    let (map, key, visitor) = (
        local(Local::MapAccess),
        local(Local::Key),
        local(Local::Visitor),
    );
    let deserializer = local(Local::Deserializer);
    let expecting = format!("struct {name}");
    let slots = s.fields.iter().map(|f| slot(api, f));
    let arms = s.fields.iter().map(|f| arm(f, &map));
    let values = s.fields.iter().map(value);
    let (extra_slot, rest, extra_value) = match &s.extra {
        Some(e) => {
            let id = ident(&e.ident);
            let ty = type_tokens(api, &e.value, Scope::Types);
            (
                quote!(let mut #id = std::collections::BTreeMap::<String, #ty>::new();),
                quote!(_ => {
                    #id.insert(#key.into_owned(), #map.next_value()?);
                }),
                quote!(#id,),
            )
        }
        None => (
            TokenStream::new(),
            quote!(_ => {
                #map.next_value::<serde::de::IgnoredAny>()?;
            }),
            TokenStream::new(),
        ),
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(#deserializer: D) -> std::result::Result<Self, D::Error> {
                struct #visitor;

                impl<'de> serde::de::Visitor<'de> for #visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut #map: A) -> std::result::Result<#name, A::Error> {
                        #(#slots)*
                        #extra_slot
                        while let Some(#key) = #map.next_key::<runtime::de::Key<'de>>()? {
                            match #key.as_str() {
                                #(#arms)*
                                #rest
                            }
                        }
                        Ok(#name {
                            #(#values)*
                            #extra_value
                        })
                    }
                }

                #deserializer.deserialize_map(#visitor)
            }
        }
    }
}

/// The local that holds a field's value while the map is read, with its
/// value when the property is missing.
fn slot(api: &Api, f: &Field) -> TokenStream {
    let id = ident(&f.name.ident);
    let read = f.encoding.serde().read;
    let ty = type_tokens(api, &f.rust_type(), Scope::Types);
    match read {
        Read::Required => quote!(let mut #id: Option<#ty> = None;),
        Read::OrNone | Read::Present => quote!(let mut #id: #ty = None;),
        Read::OrAbsent => quote!(let mut #id: #ty = crate::Tristate::Absent;),
    }
}

/// The `match` arm that reads a field's property.
fn arm(f: &Field, map: &Ident) -> TokenStream {
    let id = ident(&f.name.ident);
    let wire = &f.name.wire;
    let read = match f.encoding.serde().read {
        Read::Required | Read::Present => quote!(Some(#map.next_value()?)),
        Read::OrNone | Read::OrAbsent => quote!(#map.next_value()?),
    };
    quote!(#wire => #id = #read,)
}

/// The field in the struct expression that ends the visit.
fn value(f: &Field) -> TokenStream {
    let id = ident(&f.name.ident);
    match f.encoding.serde().read {
        Read::Required => {
            let wire = &f.name.wire;
            quote!(#id: runtime::de::required(#id, #wire)?,)
        }
        Read::OrNone | Read::OrAbsent | Read::Present => quote!(#id,),
    }
}
