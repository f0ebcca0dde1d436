//! Problems found in a spec: collected with a JSON pointer (and, once the
//! source map has been consulted, a file:line:column), never panicked.

use std::collections::HashMap;
use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot produce a correct crate.
    Error,
    /// Something was skipped or approximated; the crate still compiles.
    Warning,
}

/// A place in a source file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The file as the user named it (or as it was reached through a `$ref`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem, located by a JSON pointer into the (bundled) spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// JSON pointer in URI-fragment form, e.g. `#/paths/~1pets/get`.
    pub pointer: String,
    /// Where the pointed-to node sits in the source text, when known.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when we can say.
    pub help: Option<String>,
    /// How many times it was found: a problem of a shared component is
    /// found once for each place that uses it, and reported once.
    pub uses: u32,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pointer, message)
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pointer, message)
    }

    fn new(severity: Severity, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity,
            pointer: pointer.into(),
            location: None,
            message: message.into(),
            help: None,
            uses: 1,
        }
    }

    /// Attaches a hint.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches a known location (e.g. from a parser error).
    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        match &self.location {
            Some(loc) if self.pointer == "#" => write!(f, "\n  --> {loc}")?,
            Some(loc) => write!(f, "\n  --> {loc} ({})", self.pointer)?,
            // The document as a whole: nothing more precise to show.
            None if self.pointer == "#" => {}
            None => write!(f, "\n  --> {}", self.pointer)?,
        }
        if self.uses > 1 {
            write!(
                f,
                "\n  = note: found through {} places that use it",
                self.uses
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics, in the order they were first found; the same
/// problem at the same place is kept once, counted in its `uses`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Errors pushed, repeats included: what a caller compares before and
    /// after a step to learn whether the step failed.
    error_pushes: u32,
    /// Where each (severity, pointer, message) is in `items`.
    seen: HashMap<(Severity, String, String), usize>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic, or counts one more use of the same problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if diagnostic.severity == Severity::Error {
            self.error_pushes += diagnostic.uses;
        }
        let key = (
            diagnostic.severity,
            diagnostic.pointer.clone(),
            diagnostic.message.clone(),
        );
        match self.seen.get(&key) {
            Some(&i) => self.items[i].uses += diagnostic.uses,
            None => {
                self.seen.insert(key, self.items.len());
                self.items.push(diagnostic);
            }
        }
    }

    /// Errors found so far, each repeat counted: compare it before and
    /// after a step to learn whether that step found one.
    pub fn error_pushes(&self) -> u32 {
        self.error_pushes
    }

    /// Adds an error.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer, message));
    }

    /// Adds a warning.
    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::warning(pointer, message));
    }

    /// Moves every diagnostic of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        other.items.into_iter().for_each(|d| self.push(d));
    }

    /// True when at least one error is present.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// All diagnostics in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Mutable access, used to attach source locations.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Diagnostic> {
        self.items.iter_mut()
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Consumes the list.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        let mut d = Self::new();
        d.push(diagnostic);
        d
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        if errors + warnings > 1 {
            write!(f, "\n{errors} error(s), {warnings} warning(s)")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// A JSON pointer under construction, kept in URI-fragment form (`#/a/b`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses an already-escaped pointer such as `#/components/schemas/Pet`.
    pub fn from_fragment(fragment: &str) -> Self {
        if fragment.starts_with('#') {
            Pointer(fragment.to_owned())
        } else {
            Pointer(format!("#{fragment}"))
        }
    }

    /// A child pointer; `segment` is escaped (`~` → `~0`, `/` → `~1`).
    #[must_use]
    pub fn push(&self, segment: impl AsRef<str>) -> Self {
        let segment = segment.as_ref();
        let mut out = String::with_capacity(self.0.len() + segment.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        for c in segment.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
        Pointer(out)
    }

    /// A child pointer for an array index.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        Pointer(format!("{}/{i}", self.0))
    }

    /// The pointer text, `#/...`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments after `#`.
    pub fn segments(&self) -> Vec<String> {
        split_pointer(&self.0)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

impl From<&Pointer> for String {
    fn from(p: &Pointer) -> String {
        p.0.clone()
    }
}

/// Splits `#/a/b~1c` into `["a", "b/c"]` (percent-decoding is not applied:
/// OpenAPI refs in the wild use raw UTF-8).
pub fn split_pointer(pointer: &str) -> Vec<String> {
    let body = pointer.strip_prefix('#').unwrap_or(pointer);
    if body.is_empty() {
        return Vec::new();
    }
    body.strip_prefix('/')
        .unwrap_or(body)
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_and_splits() {
        let p = Pointer::root().push("paths").push("/pets/{id}").push("a~b");
        assert_eq!(p.as_str(), "#/paths/~1pets~1{id}/a~0b");
        assert_eq!(p.segments(), vec!["paths", "/pets/{id}", "a~b"]);
        assert!(Pointer::root().segments().is_empty());
    }

    #[test]
    fn display_includes_location_and_help() {
        let d = Diagnostic::error("#/paths", "bad")
            .with_help("fix it")
            .at(Location {
                file: "a.yaml".into(),
                line: 3,
                column: 5,
            });
        assert_eq!(
            d.to_string(),
            "error: bad\n  --> a.yaml:3:5 (#/paths)\n  = help: fix it"
        );
    }
}
