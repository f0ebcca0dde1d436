//! What a regeneration means for the crate's users: the change report
//! (from the API surfaces of the checked-in crate and the new one), the
//! version bump it calls for under Cargo's semver rules, and the changelog
//! entry that records it.

use std::path::Path;

use crate::surface::{self, Class, Kind, Report, Surface};

/// The surface of the crate checked in at `dir` (its `api.json`), if any.
/// One written by an older generator, in another format, is not compared.
pub fn checked_in_surface(dir: &Path) -> Option<Surface> {
    let path = dir.join("api.json");
    let text = std::fs::read_to_string(&path).ok()?;
    match surface::from_api_json(&text) {
        Ok(Some(s)) => Some(s),
        Ok(None) => {
            eprintln!(
                "note: {} was written by another version of the generator; \
                 this regeneration is not compared with it",
                path.display()
            );
            None
        }
        Err(e) => {
            eprintln!("warning: {}: {e}; not compared", path.display());
            None
        }
    }
}

/// The next version after `version` for a change of `class`, by Cargo's
/// rules: below 1.0 a breaking change bumps the minor number and anything
/// else the patch; from 1.0 breaking bumps the major, additive the minor,
/// docs-only the patch.
pub fn bump(version: &str, class: Class) -> Result<String, String> {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let parts: Vec<u64> = core
        .split('.')
        .map(|p| p.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{version}` is not a MAJOR.MINOR.PATCH version"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!("`{version}` is not a MAJOR.MINOR.PATCH version"));
    };
    Ok(match (major, class) {
        (0, Class::Breaking) => format!("0.{}.0", minor + 1),
        (0, _) => format!("0.{minor}.{}", patch + 1),
        (_, Class::Breaking) => format!("{}.0.0", major + 1),
        (_, Class::Additive) => format!("{major}.{}.0", minor + 1),
        (_, Class::DocsOnly) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// Prints a report under a heading naming the crate.
pub fn print(crate_dir: &str, report: &Report) {
    match report.class() {
        None => {}
        Some(class) => {
            eprintln!("\n{crate_dir}: the API changed ({class}):");
            for line in report.to_string().lines() {
                eprintln!("  {line}");
            }
        }
    }
}

/// Prepends the entry for `version` to the changelog at `path` (created in
/// Keep a Changelog style if missing).
pub fn write_changelog(path: &Path, version: &str, report: &Report) -> Result<(), String> {
    const HEAD: &str = "# Changelog\n\nChanges to this crate's API, written by `cargo xtask codegen` when it\nregenerates the crate from a changed spec. The format follows\n[Keep a Changelog](https://keepachangelog.com/en/1.1.0/); versions follow\nCargo's semver rules.\n";
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| HEAD.to_owned());
    let (head, rest) = match old.find("\n## ") {
        Some(i) => old.split_at(i + 1),
        None => (old.as_str(), ""),
    };
    let mut out = String::from(head.trim_end());
    out.push_str("\n\n");
    out.push_str(&entry(version, &today(), report));
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(rest);
    }
    std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

/// One changelog entry.
fn entry(version: &str, date: &str, report: &Report) -> String {
    let mut out = format!("## [{version}] - {date}\n");
    // Every change is breaking (`surface::diff`), and so is every removal
    // but an error status's; the headings say which.
    let sections = [
        ("Added", Kind::Added, None),
        ("Changed (breaking)", Kind::Changed, None),
        ("Removed (breaking)", Kind::Removed, Some(true)),
        ("Removed", Kind::Removed, Some(false)),
        ("Deprecated", Kind::Deprecated, None),
        ("Documentation", Kind::Documented, None),
    ];
    for (title, kind, breaking) in sections {
        let lines: Vec<String> = report
            .changes
            .iter()
            .filter(|c| c.kind == kind)
            .filter(|c| breaking.is_none_or(|b| b == (c.class == Class::Breaking)))
            .map(|c| match (&c.old, &c.new, c.kind) {
                (_, Some(n), Kind::Deprecated) => format!("- `{}`: use {n}", c.item),
                (Some(o), Some(n), Kind::Changed) => format!("- `{}`: `{o}` → `{n}`", c.item),
                (_, Some(n), _) => format!("- `{}`: `{n}`", c.item),
                (Some(o), None, _) => format!("- `{}`: `{o}`", c.item),
                _ => format!("- `{}`", c.item),
            })
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n### {title}\n\n{}\n", lines.join("\n")));
        }
    }
    out
}

/// Today's date (UTC), or the one `SOURCE_DATE_EPOCH` names.
fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    civil_date(secs)
}

/// Seconds since 1970-01-01 UTC → `YYYY-MM-DD` (Howard Hinnant's
/// days-to-civil algorithm).
fn civil_date(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargos_rules() {
        assert_eq!(bump("0.3.1", Class::Breaking).as_deref(), Ok("0.4.0"));
        assert_eq!(bump("0.3.1", Class::Additive).as_deref(), Ok("0.3.2"));
        assert_eq!(bump("0.3.1", Class::DocsOnly).as_deref(), Ok("0.3.2"));
        assert_eq!(bump("2.1.3", Class::Breaking).as_deref(), Ok("3.0.0"));
        assert_eq!(bump("2.1.3", Class::Additive).as_deref(), Ok("2.2.0"));
        assert_eq!(bump("2.1.3", Class::DocsOnly).as_deref(), Ok("2.1.4"));
        assert!(bump("v2", Class::Additive).is_err());
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_419 * 86_400 + 3_600), "2025-11-27");
        assert_eq!(civil_date(951_782_400), "2000-02-29");
    }

    #[test]
    fn a_method_that_moved_is_deprecated_not_removed() {
        let old: Surface = serde_json::from_value(serde_json::json!({"items": {
            "fn Client::list_pets": {"signature": "() -> requests::ListPets (Vec<Pet>)", "docs": "0"},
            "status Client::list_pets 404": {"signature": "undocumented body", "docs": "0"}
        }}))
        .expect("surface");
        let new: Surface = serde_json::from_value(serde_json::json!({"items": {
            "fn Client::list_pets": {"signature": "() -> requests::ListPets (Vec<Pet>)", "docs": "0",
                "deprecated": "`client.pets().list(…)`"},
            "fn Client::pets": {"signature": "() -> resources::Pets", "docs": "1"},
            "fn Pets::list": {"signature": "() -> requests::ListPets (Vec<Pet>)", "docs": "0"},
            "status Pets::list 404": {"signature": "undocumented body", "docs": "0"}
        }}))
        .expect("surface");
        let report = surface::diff(&old, &new);
        // Nothing a user wrote stops compiling: a minor version.
        assert_eq!(report.class(), Some(Class::Additive));
        assert_eq!(
            entry("1.1.0", "2026-12-02", &report),
            "## [1.1.0] - 2026-12-02\n\n### Added\n\n- `fn Client::pets`: `() -> resources::Pets`\n- `fn Pets::list`: `() -> requests::ListPets (Vec<Pet>)`\n- `status Pets::list 404`: `undocumented body`\n\n### Removed\n\n- `status Client::list_pets 404`: `undocumented body`\n\n### Deprecated\n\n- `fn Client::list_pets`: use `client.pets().list(…)`\n"
        );
        assert_eq!(
            surface::client_methods(&new)
                .into_iter()
                .collect::<Vec<_>>(),
            ["list_pets", "pets"]
        );
    }

    #[test]
    fn a_changelog_entry_lists_each_change_under_its_heading() {
        let old: Surface = serde_json::from_value(serde_json::json!({"items": {
            "field Pet.name": {"signature": "String", "docs": "0"},
            "field Pet.age": {"signature": "i64", "docs": "0"},
            "type Pet": {"signature": "struct", "docs": "0"}
        }}))
        .expect("surface");
        let new: Surface = serde_json::from_value(serde_json::json!({"items": {
            "field Pet.name": {"signature": "Option<String>", "docs": "0"},
            "field Pet.tag": {"signature": "Option<String>", "docs": "0"},
            "type Pet": {"signature": "struct", "docs": "1"}
        }}))
        .expect("surface");
        let report = surface::diff(&old, &new);
        assert_eq!(report.class(), Some(Class::Breaking));
        assert_eq!(
            entry("2.0.0", "2026-11-27", &report),
            "## [2.0.0] - 2026-11-27\n\n### Added\n\n- `field Pet.tag`: `Option<String>`\n\n### Changed (breaking)\n\n- `field Pet.name`: `String` → `Option<String>`\n\n### Removed (breaking)\n\n- `field Pet.age`: `i64`\n\n### Documentation\n\n- `type Pet`: `struct`\n"
        );
    }
}
