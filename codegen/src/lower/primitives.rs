//! `allOf` over primitives: `allOf: [{$ref: BankId}, {type: string}]` is
//! a refined string, not an object. Members of one primitive type, however
//! they are spelled (references, inline schemas, nested `allOf`s),
//! intersect to that type.

use super::Lowerer;
use super::resolve::{SRef, View};

impl<'a> Lowerer<'a> {
    /// When every member of an `allOf` is a primitive of one type
    /// (`integer` and `number` intersect to `integer`), the index of the
    /// member that says most about the value: an enum, else a named
    /// type, else one with a `format`, else the first.
    pub(super) fn primitive_intersection(&self, members: &[(usize, SRef<'a>)]) -> Option<usize> {
        let types: Vec<&str> = members
            .iter()
            .map(|(_, m)| self.primitive_type(*m, 0))
            .collect::<Option<_>>()?;
        let integer = types.contains(&"integer");
        let family = |t: &'static str| if t == "integer" { "number" } else { t };
        if types.iter().any(|t| family(t) != family(types[0])) {
            return None;
        }
        let score = |k: usize| {
            let (_, m) = members[k];
            let view = self.resolver.schema(m).map(|(s, _)| View::of(s)).ok();
            let is_enum = view.is_some_and(|v| v.string_enum().is_some() || v.int_enum().is_some());
            let has_format = view.is_some_and(|v| v.format.is_some());
            (is_enum, matches!(m, SRef::Ref(_)), has_format)
        };
        (0..members.len())
            .filter(|&k| !integer || types[k] == "integer")
            .rev()
            .max_by_key(|&k| score(k))
    }

    /// The primitive type (`string`, `integer`, `number`, `boolean`) a
    /// schema is, through references and `allOf`s of primitives.
    fn primitive_type(&self, s: SRef<'a>, depth: usize) -> Option<&'static str> {
        let (schema, _) = self.resolver.schema(s).ok()?;
        let view = View::of(schema);
        let shaped = view.properties.is_some()
            || view.items.is_some()
            || view.additional.is_some()
            || !view.one_of.is_empty()
            || !view.any_of.is_empty()
            || view.null_only;
        if shaped || depth > 8 {
            return None;
        }
        let own = match view.ty {
            Some("string") => Some("string"),
            Some("integer") => Some("integer"),
            Some("number") => Some("number"),
            Some("boolean") => Some("boolean"),
            Some(_) => return None,
            None => None,
        };
        let members = self.substantive(view.all_of);
        let inner: Vec<&'static str> = members
            .iter()
            .map(|(_, m)| self.primitive_type(*m, depth + 1))
            .collect::<Option<_>>()?;
        let all = own.into_iter().chain(inner);
        let mut result: Option<&'static str> = None;
        for t in all {
            result = match (result, t) {
                (None, t) => Some(t),
                (Some(a), b) if a == b => Some(a),
                (Some("integer"), "number") | (Some("number"), "integer") => Some("integer"),
                _ => return None,
            };
        }
        result
    }
}
