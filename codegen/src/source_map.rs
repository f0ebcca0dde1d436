//! Maps JSON pointers of the bundled document back to file:line:column in the
//! original files. Built lazily: positions are computed only when there are
//! diagnostics to place, so the happy path pays nothing.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostics, Location, split_pointer};

/// One source file that contributed to the bundled document.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to users.
    pub display: String,
    /// Its full text.
    pub text: String,
}

/// Says that the subtree at `bundled` came from `file` at `file_pointer`.
#[derive(Debug, Clone)]
struct Mount {
    bundled: Vec<String>,
    file: usize,
    file_pointer: Vec<String>,
}

/// The files of a document and where each part of the bundle came from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    mounts: Vec<Mount>,
}

impl SourceMap {
    /// Registers a file and returns its index.
    pub fn add_file(&mut self, file: SourceFile) -> usize {
        self.files.push(file);
        self.files.len() - 1
    }

    /// The file at `index`.
    pub fn file(&self, index: usize) -> &SourceFile {
        &self.files[index]
    }

    /// Records that bundled pointer `bundled` holds `file`'s node at `file_pointer`.
    pub fn mount(&mut self, bundled: &str, file: usize, file_pointer: &str) {
        self.mounts.push(Mount {
            bundled: split_pointer(bundled),
            file,
            file_pointer: split_pointer(file_pointer),
        });
    }

    /// Records that bundled pointer `to` holds what `from` held (a node
    /// moved within the bundle).
    pub fn remount(&mut self, from: &str, to: &str) {
        if let Some((file, segs)) = self.resolve(&split_pointer(from)) {
            let mut p = crate::diagnostics::Pointer::root();
            for s in &segs {
                p = p.push(s);
            }
            self.mount(to, file, p.as_str());
        }
    }

    /// Fills in `location` for every diagnostic that lacks one.
    pub fn locate_all(&self, diagnostics: &mut Diagnostics) {
        // Group the wanted pointers by file so each file is scanned once.
        let mut wanted: HashMap<usize, HashSet<Vec<String>>> = HashMap::new();
        let mut plans = Vec::new();
        for d in diagnostics.iter() {
            if d.location.is_some() {
                plans.push(None);
                continue;
            }
            let plan = self.resolve(&split_pointer(&d.pointer));
            if let Some((file, segs)) = &plan {
                let set = wanted.entry(*file).or_default();
                // Ask for every ancestor too: a pointer made up by a later
                // stage falls back to the closest node that exists.
                for n in 0..=segs.len() {
                    set.insert(segs[..n].to_vec());
                }
            }
            plans.push(plan);
        }
        let mut found: HashMap<usize, HashMap<Vec<String>, (usize, usize)>> = HashMap::new();
        for (file, set) in wanted {
            found.insert(file, positions(&self.files[file].text, &set));
        }
        for (d, plan) in diagnostics.iter_mut().zip(plans) {
            let Some((file, segs)) = plan else { continue };
            let Some(table) = found.get(&file) else {
                continue;
            };
            for n in (0..=segs.len()).rev() {
                if let Some(&(line, column)) = table.get(&segs[..n]) {
                    d.location = Some(Location {
                        file: self.files[file].display.clone(),
                        line,
                        column,
                    });
                    break;
                }
            }
        }
    }

    /// Finds the file and in-file pointer for a bundled pointer, by the
    /// longest matching mount.
    fn resolve(&self, segs: &[String]) -> Option<(usize, Vec<String>)> {
        let mount = self
            .mounts
            .iter()
            .filter(|m| segs.starts_with(&m.bundled))
            .max_by_key(|m| m.bundled.len())?;
        let mut out = mount.file_pointer.clone();
        out.extend_from_slice(&segs[mount.bundled.len()..]);
        Some((mount.file, out))
    }
}

/// Scans `text` (YAML or JSON, which YAML parses too) once and returns the
/// 1-based line and column of every node whose pointer is in `wanted`.
fn positions(text: &str, wanted: &HashSet<Vec<String>>) -> HashMap<Vec<String>, (usize, usize)> {
    let mut rx = Receiver {
        wanted,
        path: Vec::new(),
        frames: Vec::new(),
        found: HashMap::new(),
        pending: None,
    };
    let mut parser = Parser::new_from_str(text);
    // A syntax error stops the scan; whatever was found before it is kept.
    let _ = parser.load(&mut rx, false);
    rx.found
}

enum Frame {
    /// A mapping; a value is located at its key, where readers look.
    Map {
        expecting_key: bool,
        key: Option<(String, Marker)>,
    },
    Seq {
        index: usize,
    },
}

struct Receiver<'a> {
    wanted: &'a HashSet<Vec<String>>,
    path: Vec<String>,
    frames: Vec<Frame>,
    found: HashMap<Vec<String>, (usize, usize)>,
    /// A mapping located by its start marker, which the parser puts after
    /// the first key; the first key's own position replaces it.
    pending: Option<Vec<String>>,
}

impl Receiver<'_> {
    /// Called when a node starts in value position; returns false for keys.
    fn enter_node(&mut self, mark: Marker) -> bool {
        let mut mark = mark;
        match self.frames.last_mut() {
            Some(Frame::Map {
                expecting_key: true,
                ..
            }) => return false,
            Some(Frame::Map { key, .. }) => {
                let (name, key_mark) = key.take().unwrap_or((String::new(), mark));
                mark = key_mark;
                self.path.push(name);
            }
            Some(Frame::Seq { index }) => {
                self.path.push(index.to_string());
                *index += 1;
            }
            None => {}
        }
        if self.wanted.contains(&self.path) && !self.found.contains_key(&self.path) {
            // The document itself starts at the top of the file.
            let at = if self.path.is_empty() {
                (1, 1)
            } else {
                (mark.line(), mark.col() + 1)
            };
            self.found.insert(self.path.clone(), at);
        }
        true
    }

    /// Called when a node in value position ends.
    fn leave_node(&mut self) {
        if !self.frames.is_empty() {
            self.path.pop();
        }
        if let Some(Frame::Map { expecting_key, .. }) = self.frames.last_mut() {
            *expecting_key = true;
        }
    }
}

impl MarkedEventReceiver for Receiver<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map {
                    expecting_key: expecting @ true,
                    key,
                }) = self.frames.last_mut()
                {
                    *key = Some((value, mark));
                    *expecting = false;
                    if let Some(p) = self.pending.take()
                        && let Some(at) = self.found.get_mut(&p)
                        && !p.is_empty()
                    {
                        *at = (mark.line(), mark.col() + 1);
                    }
                    return;
                }
                self.enter_node(mark);
                self.leave_node();
            }
            Event::Alias(_) => {
                if let Some(Frame::Map {
                    expecting_key: expecting @ true,
                    key,
                }) = self.frames.last_mut()
                {
                    *key = Some((String::new(), mark));
                    *expecting = false;
                    return;
                }
                self.enter_node(mark);
                self.leave_node();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                let in_seq = matches!(self.frames.last(), Some(Frame::Seq { .. }));
                let entered = self.enter_node(mark);
                self.pending = (entered && is_map && in_seq).then(|| self.path.clone());
                if !entered {
                    // A complex key: track it so its end is matched, but it
                    // names nothing.
                    if let Some(Frame::Map { expecting_key, key }) = self.frames.last_mut() {
                        *expecting_key = false;
                        *key = Some((String::new(), mark));
                    }
                    self.path.push(String::new());
                }
                self.frames.push(if is_map {
                    Frame::Map {
                        expecting_key: true,
                        key: None,
                    }
                } else {
                    Frame::Seq { index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                self.leave_node();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
        let mut map = SourceMap::default();
        let f = map.add_file(SourceFile {
            display: "f".into(),
            text: text.into(),
        });
        map.mount("#", f, "#");
        let mut diags = Diagnostics::from(Diagnostic::error(pointer, "x"));
        map.locate_all(&mut diags);
        diags
            .iter()
            .next()
            .and_then(|d| d.location.as_ref())
            .map(|l| (l.line, l.column))
    }

    #[test]
    fn yaml_positions() {
        let text = "a:\n  b:\n    - x\n    - c: 1\n";
        // Mapping values are located at their key.
        assert_eq!(locate(text, "#/a/b/1/c"), Some((4, 7)));
        assert_eq!(locate(text, "#/a/b/0"), Some((3, 7)));
        // Unknown child falls back to the nearest ancestor.
        assert_eq!(locate(text, "#/a/b/1/zzz"), Some((4, 7)));
    }

    #[test]
    fn json_positions() {
        let text = "{\n  \"paths\": {\n    \"/a\": {\"get\": 1}\n  }\n}";
        assert_eq!(locate(text, "#/paths/~1a/get"), Some((3, 12)));
    }

    #[test]
    fn mounts_redirect_to_other_files() {
        let mut map = SourceMap::default();
        let root = map.add_file(SourceFile {
            display: "root.yaml".into(),
            text: "paths: {}\n".into(),
        });
        let other = map.add_file(SourceFile {
            display: "other.yaml".into(),
            text: "type: object\nproperties:\n  id: {type: string}\n".into(),
        });
        map.mount("#", root, "#");
        map.mount("#/components/schemas/Other", other, "#");
        let mut diags = Diagnostics::from(Diagnostic::error(
            "#/components/schemas/Other/properties/id",
            "x",
        ));
        map.locate_all(&mut diags);
        let loc = diags.iter().next().and_then(|d| d.location.clone());
        assert_eq!(
            loc.map(|l| l.to_string()),
            Some("other.yaml:3:3".to_owned())
        );
    }
}
