//! The two references a change report is checked against: what
//! cargo-semver-checks says about the pair of generated crates, and
//! whether a user's crate written against the old one still builds.

use std::path::Path;

use crate::cargo::Cargo;
use crate::scratch::Scratch;

/// cargo-semver-checks' lints for additions are allowed by default; the
/// suite turns them on, so that an addition shows as a minor bump and can
/// be compared with an "additive" report.
pub const ADDITION_LINTS: &str = "
# Added by `cargo xtask evolution`: cargo-semver-checks' lints for
# additions, which are off by default.
[package.metadata.cargo-semver-checks.lints]
auto_trait_impl_added = \"deny\"
exhaustive_enum_added = \"deny\"
exhaustive_struct_added = \"deny\"
inherent_associated_pub_const_added = \"deny\"
inherent_method_added = \"deny\"
non_exhaustive_enum_added = \"deny\"
non_exhaustive_struct_added = \"deny\"
pub_const_added = \"deny\"
pub_static_added = \"deny\"
union_added = \"deny\"
";

/// The version bump cargo-semver-checks requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    None,
    Minor,
    Major,
}

/// What cargo-semver-checks said about one pair.
pub struct Semver {
    pub bump: Bump,
    /// The lints that fired.
    pub lints: Vec<String>,
}

impl Semver {
    pub fn summary(&self) -> String {
        let bump = match self.bump {
            Bump::None => "none",
            Bump::Minor => "minor",
            Bump::Major => "major",
        };
        if self.lints.is_empty() {
            bump.to_owned()
        } else {
            format!("{bump} ({})", self.lints.join(", "))
        }
    }
}

/// Fails with how to install cargo-semver-checks when it is missing.
pub fn semver_checks_version() -> Result<String, String> {
    let out = Cargo::new(["semver-checks", "--version"]).output()?;
    if !out.status.success() {
        return Err(
            "cargo-semver-checks is not installed: `cargo install --locked \
                    cargo-semver-checks`, or pass --no-semver-checks"
                .to_owned(),
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Runs cargo-semver-checks on the crate `new` with `old` as baseline, for
/// a patch release, so that every lint that fires shows.
pub fn semver_checks(scratch: &Scratch, old: &str, new: &str) -> Result<Semver, String> {
    let out = scratch
        .cargo(["semver-checks", "check-release", "--color", "never"])
        .args([
            Path::new("--manifest-path"),
            scratch.dir().join(new).join("Cargo.toml").as_path(),
        ])
        .args([Path::new("--baseline-root"), &scratch.dir().join(old)])
        .args(["--release-type", "patch"])
        .output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    parse_semver(&text).ok_or_else(|| format!("cargo semver-checks gave no summary:\n{text}"))
}

/// Reads the bump from the summary line and the lints from the
/// `--- failure NAME: ...` headings.
fn parse_semver(text: &str) -> Option<Semver> {
    let mut lints: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure "))
        .filter_map(|rest| rest.split(':').next())
        .map(str::to_owned)
        .collect();
    lints.sort();
    lints.dedup();
    let summary = text
        .lines()
        .find(|l| l.trim_start().starts_with("Summary"))?;
    let bump = if summary.contains("new major version") {
        Bump::Major
    } else if summary.contains("new minor version") {
        Bump::Minor
    } else if summary.contains("no semver update required") {
        Bump::None
    } else {
        return None;
    };
    Some(Semver { bump, lints })
}

/// Whether the user's crate built against each side.
pub struct UserBuild {
    /// The compiler's errors against the old crate (there must be none).
    pub old_error: Option<String>,
    /// The compiler's errors against the new crate.
    pub new_error: Option<String>,
}

impl UserBuild {
    pub fn summary(&self) -> String {
        let side = |e: &Option<String>| if e.is_none() { "builds" } else { "fails" };
        format!("{} / {}", side(&self.old_error), side(&self.new_error))
    }
}

/// Builds `user.rs` as a crate depending on the old, then the new crate
/// (under the name `sdk`).
pub fn user_build(user: &Path, scratch: &Scratch) -> Result<UserBuild, String> {
    let source = std::fs::read_to_string(user).map_err(|e| format!("{}: {e}", user.display()))?;
    Ok(UserBuild {
        old_error: build_against(scratch, "user-old", "old", &source)?,
        new_error: build_against(scratch, "user-new", "new", &source)?,
    })
}

/// Writes a crate `krate` whose `src/lib.rs` is `source`, depending on the
/// generated crate `side` (`old` or `new`, a sibling) as `sdk`, and checks
/// it: `None` when it builds, else the compiler's errors.
pub fn build_against(
    scratch: &Scratch,
    krate: &str,
    side: &str,
    source: &str,
) -> Result<Option<String>, String> {
    let manifest = format!(
        "[package]\nname = \"evolution-user\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nsdk = {{ package = \"evolution-sdk\", path = \"../{side}\" }}\n\
         serde_json = \"1\"\nuuid = \"1\"\nbytes = \"1\"\n\n[workspace]\n"
    );
    let files = [
        ("Cargo.toml".to_owned(), manifest),
        ("src/lib.rs".to_owned(), source.to_owned()),
    ];
    scratch.write_crate(krate, &files.into_iter().collect())?;
    check(scratch, krate)
}

/// `cargo check` of one crate: `None` when it builds, else its errors.
fn check(scratch: &Scratch, krate: &str) -> Result<Option<String>, String> {
    let out = scratch
        .cargo([
            "check",
            "--quiet",
            "--message-format",
            "short",
            "--color",
            "never",
        ])
        .dir(&scratch.dir().join(krate))
        .output()?;
    if out.status.success() {
        return Ok(None);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    Ok(Some(errors.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_summary_and_the_lints() {
        let text = "     Checking evolution-sdk v1.0.0 -> v1.0.0 (no change)\n\
            --- failure inherent_method_added: pub method added ---\n\
            --- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---\n\
            --- failure inherent_method_added: pub method added ---\n\
            \x20    Summary semver requires new major version: 1 major and 1 minor checks failed\n";
        let s = parse_semver(text).expect("a summary");
        assert_eq!(s.bump, Bump::Major);
        assert_eq!(
            s.lints,
            ["inherent_method_added", "struct_pub_field_missing"]
        );
        let none = parse_semver("     Summary no semver update required\n").expect("a summary");
        assert_eq!(none.bump, Bump::None);
        assert!(parse_semver("error: could not build\n").is_none());
    }
}
