//! IR builders → the `impl` of a sent struct: `new` (with the required
//! fields), one setter per field, `clear_*` for nullable ones, and
//! `additional_property` for unlisted properties.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, doc_attrs, ident, taken_tokens, type_tokens};
use crate::ir::*;

/// The constructor and setters of struct `name`.
pub(super) fn builder_impl(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &StructDef,
    b: &Builder,
) -> TokenStream {
    let new = constructor(api, s, b);
    let setters = s
        .fields
        .iter()
        .zip(&b.setters)
        .map(|(f, setter)| field_setters(api, f, setter));
    let extra = match (&b.extra, &s.extra) {
        (Some(method), Some(e)) => {
            let method = ident(method);
            let field = ident(&e.ident);
            let value = type_tokens(api, &e.value, Scope::Types);
            quote! {
                /// Adds a property the schema does not list, sent as it is.
                pub fn #method(mut self, key: impl Into<String>, value: #value) -> Self {
                    self.#field.insert(key.into(), value);
                    self
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        impl #name {
            #new
            #(#setters)*
            #extra
        }
    }
}

/// `new`: the required fields as arguments, everything else left out.
fn constructor(api: &Api, s: &StructDef, b: &Builder) -> TokenStream {
    let new = ident(&b.new);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (i, f) in s.fields.iter().enumerate() {
        let id = ident(&f.name.ident);
        if b.required.contains(&i) {
            let (arg_ty, wrap) = argument(api, f, b.setters[i].taking);
            args.push(quote!(#id: #arg_ty));
            let value = wrap(quote!(#id));
            // A value taken as it is uses the shorthand (clippy's
            // `redundant_field_names`).
            if id == value.to_string() {
                inits.push(quote!(#id,));
            } else {
                inits.push(quote!(#id: #value,));
            }
        } else {
            inits.push(quote!(#id: Default::default(),));
        }
    }
    if let Some(e) = &s.extra {
        let id = ident(&e.ident);
        inits.push(quote!(#id: Default::default(),));
    }
    let doc = if b.required.is_empty() {
        quote!(#[doc = " A value with every field left out."])
    } else {
        quote!(#[doc = " A value with the required fields; every optional one is left out."])
    };
    quote! {
        #doc
        pub fn #new(#(#args),*) -> Self {
            Self { #(#inits)* }
        }
    }
}

/// What `new` takes for a required field: a required nullable field takes
/// an `Option`, `None` being `null`. The surface records this same type.
pub(crate) fn new_argument_type(api: &Api, f: &Field, taking: Taking, scope: Scope) -> TokenStream {
    let ty = taken_tokens(api, &f.ty, taking, scope);
    match f.encoding {
        FieldEncoding::RequiredNullable => quote!(Option<#ty>),
        _ => ty,
    }
}

/// What `new` takes for a required field, and how it becomes the field's
/// value.
fn argument(
    api: &Api,
    f: &Field,
    taking: Taking,
) -> (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>) {
    let (_, boxed) = unboxed(&f.ty);
    let identity = matches!(taking, Taking::Value) && !boxed;
    let ty = new_argument_type(api, f, taking, Scope::Types);
    let into = move |v: TokenStream| -> TokenStream {
        let v = match taking {
            Taking::IntoString => quote!(#v.into()),
            Taking::Value => v,
        };
        if boxed { quote!(Box::new(#v)) } else { v }
    };
    match f.encoding {
        FieldEncoding::RequiredNullable if identity => (ty, Box::new(into)),
        FieldEncoding::RequiredNullable => (
            ty,
            Box::new(move |v| {
                let x = into(quote!(x));
                quote!(#v.map(|x| #x))
            }),
        ),
        _ => (ty, Box::new(into)),
    }
}

/// The setter of one field, and its `clear_*` for a nullable one.
fn field_setters(api: &Api, f: &Field, setter: &Setter) -> TokenStream {
    let id = ident(&f.name.ident);
    let set = ident(&setter.set);
    let (_, boxed) = unboxed(&f.ty);
    let arg = taken_tokens(api, &f.ty, setter.taking, Scope::Types);
    let mut value = match setter.taking {
        Taking::IntoString => quote!(value.into()),
        Taking::Value => quote!(value),
    };
    if boxed {
        value = quote!(Box::new(#value));
    }
    let (assigned, cleared) = match f.encoding {
        FieldEncoding::Required => (value, None),
        FieldEncoding::RequiredNullable => (quote!(Some(#value)), Some(quote!(None))),
        FieldEncoding::Optional => (quote!(Some(#value)), None),
        FieldEncoding::OptionalNullable => (
            quote!(crate::Tristate::Value(#value)),
            Some(quote!(crate::Tristate::Null)),
        ),
        FieldEncoding::OptionalJson => (
            quote!(Some(#value)),
            Some(quote!(Some(serde_json::Value::Null))),
        ),
    };
    let clear = setter.clear.as_ref().zip(cleared).map(|(c, cleared)| {
        let c = ident(c);
        let doc = doc_attrs(
            &Docs::sentence()
                .lit("Sends ")
                .code(&f.name.wire)
                .lit(" as `null`, which clears it.")
                .done(),
        );
        quote! {
            #doc
            pub fn #c(mut self) -> Self {
                self.#id = #cleared;
                self
            }
        }
    });
    let doc = doc_attrs(&f.docs);
    quote! {
        #doc
        pub fn #set(mut self, value: #arg) -> Self {
            self.#id = #assigned;
            self
        }
        #clear
    }
}

/// The type a setter takes for a field of type `t`: without the `Box`
/// that breaks a cycle of types (the setter boxes it).
fn unboxed(t: &TypeRef) -> (&TypeRef, bool) {
    match t {
        TypeRef::Boxed(inner) => (inner, true),
        other => (other, false),
    }
}
