//! Resource namespaces: the handles (`client.phone_numbers()`) through
//! which grouped operations are reached, and where each operation lives.

use super::{Docs, Gate, Ident};

/// Index into [`super::Api::namespaces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NamespaceId(pub usize);

/// One namespace: a handle type in `resources` that borrows the client.
#[derive(Debug, Clone)]
pub struct Namespace {
    /// The method that returns it, on its parent (`phone_numbers`).
    pub accessor: Ident,
    /// The handle type in `crate::resources` (`PhoneNumbers`).
    pub ty: Ident,
    /// The namespace it nests in; `None` hangs it on `Client`.
    pub parent: Option<NamespaceId>,
    /// The group as the spec names it, and what the spec says of it.
    pub docs: Docs,
    /// Compiled when any group reaching it is (its own operations' and its
    /// children's).
    pub gate: Gate,
}

/// Where an operation's method is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// On `Client`, named by the operation's own name.
    Client,
    /// In a namespace.
    Namespace {
        /// The namespace.
        id: NamespaceId,
        /// The method's name there (`update`).
        method: Ident,
        /// Whether `Client` keeps the operation's old flat method as a
        /// deprecated forwarder.
        forwarder: bool,
    },
}
