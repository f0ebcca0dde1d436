//! Generator settings: everything a caller may choose, as one struct with
//! sensible defaults (names are derived from the spec when left unset).

/// How the generated `Cargo.toml` relates to a surrounding workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CrateLayout {
    /// A member of an existing workspace (no `[workspace]` table).
    #[default]
    WorkspaceMember,
    /// Its own workspace root, so `cargo check --manifest-path DIR/Cargo.toml`
    /// works wherever DIR is.
    Standalone,
}

/// Options for one generation run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Cargo package name; derived from `info.title` when `None`.
    pub crate_name: Option<String>,
    /// Package version; `info.version` when it is valid semver, else `0.1.0`.
    pub crate_version: Option<String>,
    /// Environment variable read by `Client::from_env`; derived from the
    /// title (`ONEINBOX_API_KEY`) when `None`.
    pub api_key_env: Option<String>,
    /// The command that regenerates the output, quoted in every file header.
    pub regenerate_command: String,
    /// The spec path as shown in headers and diagnostics.
    pub spec_display_path: Option<String>,
    /// Workspace member or standalone crate.
    pub layout: CrateLayout,
    /// Also return the spec's examples with the Rust type of the schema
    /// each illustrates, and the bundled document (for conformance checks).
    pub collect_examples: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            crate_name: None,
            crate_version: None,
            api_key_env: None,
            regenerate_command: "cargo xtask codegen".to_owned(),
            spec_display_path: None,
            layout: CrateLayout::WorkspaceMember,
            collect_examples: false,
        }
    }
}
