//! OpenAPI 3.0/3.1 → a complete async Rust SDK crate.
//!
//! The pipeline, one module per stage: `load` (text → JSON tree + source
//! map) → `normalize` (3.0/3.1 spellings → one form, parsed by `openapiv3`)
//! → `lower` (→ `ir`, where every decision is made) → `check` (the IR's
//! rules that types cannot state) → `emit` (IR → tokens) → `render`
//! (prettyplease, headers). Entry points: [`generate_from_path`] and
//! [`generate_from_str`].

mod check;
pub mod diagnostics;
mod docs;
mod emit;
mod examples;
mod ir;
mod load;
mod lower;
mod naming;
mod normalize;
pub mod project;
mod render;
pub mod runtime_crate;
pub mod settings;
mod shape;
mod source_map;
pub mod surface;
pub mod verify;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use examples::Example;
pub use settings::{
    ClientLayout, ClientSettings, CrateLayout, OperationSetting, OperationSettings, PaginationRule,
    PaginationSetting, RuntimeSource, Settings, SpecSettings,
};

/// A generated crate.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path → file contents, in path order.
    pub files: BTreeMap<String, String>,
    /// Problems that did not stop generation.
    pub warnings: Diagnostics,
    /// Figures about the run.
    pub stats: Stats,
    /// The crate's public Rust API (also written to `api.json`).
    pub surface: surface::Surface,
    /// What lowering decided, as text (one fact per line, no docs), for
    /// snapshot tests.
    pub ir: String,
}

/// Figures about a generation run.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Client methods generated.
    pub operations: usize,
    /// Named types generated.
    pub types: usize,
    /// Lines across all files.
    pub lines: usize,
    /// Time per stage.
    pub timings: Timings,
    /// Each API group (Cargo feature), in `Cargo.toml` order.
    pub groups: Vec<GroupStats>,
}

/// What one group's feature compiles.
#[derive(Debug, Clone, Default)]
pub struct GroupStats {
    /// The feature's name.
    pub feature: String,
    /// Its operations.
    pub operations: usize,
    /// The named types compiled with only this group enabled.
    pub types: usize,
}

/// Wall time of each pipeline stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and parsing (and bundling external refs).
    pub load: Duration,
    /// Normalizing and parsing into the OpenAPI model.
    pub normalize: Duration,
    /// Lowering into the IR.
    pub lower: Duration,
    /// Emitting tokens.
    pub emit: Duration,
    /// Formatting and adding headers.
    pub render: Duration,
}

/// Generates a crate from the spec file at `path`.
pub fn generate_from_path(path: &Path, settings: &Settings) -> Result<Generated, Diagnostics> {
    let start = Instant::now();
    let loaded = load::load_path(path)?;
    run(loaded, settings, start.elapsed(), false).map(|(g, _)| g)
}

/// The spec's examples, each with the Rust type of the schema it
/// illustrates, and the bundled document they point into: what conformance
/// checks decode.
#[derive(Debug, Clone)]
pub struct Examples {
    /// Every example, in document order.
    pub examples: Vec<Example>,
    /// The bundled document.
    pub document: serde_json::Value,
}

/// Generates a crate from the spec at `path`, and collects its examples.
pub fn generate_with_examples(
    path: &Path,
    settings: &Settings,
) -> Result<(Generated, Examples), Diagnostics> {
    let start = Instant::now();
    let loaded = load::load_path(path)?;
    let examples = Examples {
        examples: examples::collect(&loaded.root),
        document: loaded.root.clone(),
    };
    let (generated, positions) = run(loaded, settings, start.elapsed(), true)?;
    let mut examples = examples;
    for e in &mut examples.examples {
        e.rust_type = examples::position_type(&positions.map, &e.schema_pointer)
            .map(|t| positions.type_text(t));
    }
    Ok((generated, examples))
}

/// Generates a crate from spec text (external `$ref`s are not available).
pub fn generate_from_str(
    text: &str,
    display: &str,
    settings: &Settings,
) -> Result<Generated, Diagnostics> {
    let start = Instant::now();
    let loaded = load::load_str(text, display)?;
    run(loaded, settings, start.elapsed(), false).map(|(g, _)| g)
}

/// Each schema position's Rust type, as [`generate_with_examples`] needs it.
struct PositionTypes {
    map: lower::Positions,
    /// Type names, by id, to print a position's type.
    api: ir::Api,
}

impl PositionTypes {
    fn type_text(&self, t: &ir::TypeRef) -> String {
        emit::type_text(&self.api, t)
    }
}

/// The pipeline; with `positions`, also the type of every schema position.
fn run(
    loaded: load::Loaded,
    settings: &Settings,
    load_time: Duration,
    positions: bool,
) -> Result<(Generated, PositionTypes), Diagnostics> {
    let mut timings = Timings {
        load: load_time,
        ..Timings::default()
    };
    let load::Loaded {
        root,
        sources,
        warnings,
    } = loaded;
    let mut diags = warnings;
    check_settings(settings, &mut diags);
    let t = Instant::now();
    let normalized = normalize::normalize(root, &mut diags);
    timings.normalize = t.elapsed();
    // Broken pieces were dropped, so lowering still runs after errors: it
    // finds the problems of the rest (all reported together).
    let Some(normalized) = normalized else {
        sources.locate_all(&mut diags);
        return Err(diags);
    };

    let t = Instant::now();
    let lowered = lower::lower(&normalized, settings, positions, &mut diags);
    timings.lower = t.elapsed();
    drop(normalized);
    let Some((api, positions)) = lowered else {
        sources.locate_all(&mut diags);
        return Err(diags);
    };
    if !diags.has_errors() {
        diags.extend(check::check(&api));
    }
    if diags.has_errors() {
        sources.locate_all(&mut diags);
        return Err(diags);
    }

    let t = Instant::now();
    let surface = surface::of(&api);
    let mut outputs = emit::emit(&api);
    outputs.push(emit::Output::Data {
        path: "api.json".to_owned(),
        text: api_json(&surface),
    });
    timings.emit = t.elapsed();

    let t = Instant::now();
    let files = match render::render(&api, outputs) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    timings.render = t.elapsed();

    sources.locate_all(&mut diags);
    let stats = Stats {
        operations: api.operations.len(),
        types: api.types.len(),
        lines: files.values().map(|f| f.lines().count()).sum(),
        timings,
        groups: group_stats(&api),
    };
    let generated = Generated {
        files,
        warnings: diags,
        stats,
        surface,
        ir: ir::snapshot::snapshot(&api),
    };
    Ok((
        generated,
        PositionTypes {
            map: positions,
            api,
        },
    ))
}

/// `api.json`: the surface, one item per line, so its diffs read well.
fn api_json(surface: &surface::Surface) -> String {
    let mut out = format!("{{\n  \"format\": {},\n  \"items\": {{\n", surface::FORMAT);
    let n = surface.items.len();
    for (i, (key, item)) in surface.items.iter().enumerate() {
        let key = serde_json::to_string(key).unwrap_or_default();
        let item = serde_json::to_string(item).unwrap_or_default();
        let comma = if i + 1 < n { "," } else { "" };
        out.push_str(&format!("    {key}: {item}{comma}\n"));
    }
    out.push_str("  }\n}\n");
    out
}

fn check_settings(settings: &Settings, diags: &mut Diagnostics) {
    if let Some(name) = &settings.crate_name {
        let ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            diags.error(
                "#",
                format!("crate name `{name}` is not a valid package name (letters, digits, `-` and `_`, starting with a letter)"),
            );
        }
    }
    if let Some(var) = &settings.api_key_env
        && (var.is_empty() || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        diags.error(
            "#",
            format!("environment variable name `{var}` may only use letters, digits and `_`"),
        );
    }
}

fn group_stats(api: &ir::Api) -> Vec<GroupStats> {
    let compiled_with = |g: ir::GroupId, gate: &ir::Gate| match gate {
        ir::Gate::Always => true,
        ir::Gate::Any(groups) => groups.iter().any(|&h| h == g),
    };
    api.groups
        .iter()
        .enumerate()
        .map(|(i, group)| GroupStats {
            feature: group.feature.to_string(),
            operations: group.operations,
            types: api
                .types
                .iter()
                .filter(|t| compiled_with(ir::GroupId(i), &t.gate))
                .count(),
        })
        .collect()
}
