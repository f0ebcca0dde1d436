//! Reading a delivery's headers from whatever a web framework hands over:
//! `http`'s `HeaderMap`, or plain pairs and maps of text.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// Headers of a delivery, looked up by name without regard to case (HTTP
/// header names are case-insensitive, and frameworks differ in what case
/// they keep).
///
/// Implemented for `http::HeaderMap` (with the `client` feature, as
/// `reqwest::header::HeaderMap`), for slices, arrays and vectors of
/// `(name, value)` pairs of `&str` or `String`, and for `HashMap` and
/// `BTreeMap` from name to value. With several headers of one name the
/// first is used.
pub trait HeaderLookup {
    /// The value of the header `name` (any case), if present and text.
    fn header(&self, name: &str) -> Option<&str>;
}

impl<T: HeaderLookup + ?Sized> HeaderLookup for &T {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderLookup for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        find(self.iter().map(|(k, v)| (k, v)), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> HeaderLookup for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderLookup for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S: BuildHasher> HeaderLookup for HashMap<K, V, S> {
    fn header(&self, name: &str) -> Option<&str> {
        // Keys may be in any case, so a hashed lookup could miss; a
        // delivery has few headers.
        find(self.iter(), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderLookup for BTreeMap<K, V> {
    fn header(&self, name: &str) -> Option<&str> {
        find(self.iter(), name)
    }
}

/// The first value whose name matches `name` in any ASCII case.
fn find<'a, K, V>(pairs: impl Iterator<Item = (&'a K, &'a V)>, name: &str) -> Option<&'a str>
where
    K: AsRef<str> + 'a,
    V: AsRef<str> + 'a,
{
    pairs
        .filter(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref())
        .next()
}

#[cfg(feature = "client")]
impl HeaderLookup for reqwest::header::HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        // `get` folds the name's case itself. A value that is not visible
        // ASCII cannot be a signature, id or timestamp; it reads as absent.
        self.get(name).and_then(|v| v.to_str().ok())
    }
}
