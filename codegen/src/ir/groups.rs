//! API groups: each tag (or `x-fern-sdk-group-name`) is a Cargo feature that
//! gates its operations and the types only they reach.

use super::NonEmpty;
use crate::docs::Docs;
use crate::naming::FeatureName;

/// Index into [`super::Api::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(pub usize);

/// One API group and the Cargo feature that enables it.
#[derive(Debug, Clone)]
pub struct Group {
    /// The feature's name (`phone-numbers`).
    pub feature: FeatureName,
    /// The group as the spec names it (`Phone Numbers`), on one line.
    pub title: Docs,
    /// How many operations it holds.
    pub operations: usize,
}

/// When an item is compiled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Always: an ungrouped operation, a webhook, an error body or nothing
    /// at all reaches it, or every group does.
    #[default]
    Always,
    /// When any of these groups' features is enabled.
    Any(NonEmpty<GroupId>),
}
