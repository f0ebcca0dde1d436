//! Where things are in this repository, for every command.

use std::path::{Path, PathBuf};

use codegen::RuntimeSource;

/// The repository's root (the workspace this xtask belongs to).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The corpus of real-world specs the commands default to, beside the
/// repository.
pub fn shared_specs() -> PathBuf {
    workspace_root().join("../shared/specs")
}

/// The runtime, for crates generated outside the repository's tree (the
/// corpus, the fuzzers, the evolution suite): by absolute path, so they
/// all share one build of it with the repository's crates.
pub fn shared_runtime() -> RuntimeSource {
    RuntimeSource::Path(
        workspace_root()
            .join("codegen/runtime")
            .display()
            .to_string(),
    )
}
