//! The crate's registry metadata: what the settings file says, else what
//! the spec's `info` and `externalDocs` say, else a documented default.

use openapiv3::OpenAPI;

use crate::diagnostics::Diagnostics;
use crate::ir::PackageMetadata;
use crate::settings::PackageMeta;

/// Defaults that say what every generated crate is.
const KEYWORDS: &[&str] = &["api", "client", "sdk", "openapi"];
const CATEGORIES: &[&str] = &["api-bindings", "web-programming::http-client"];

/// Decides the metadata of `package`. `license_id` is 3.1's
/// `info.license.identifier`, which `openapiv3` does not model.
pub(super) fn metadata(
    package: &str,
    api: &OpenAPI,
    license_id: Option<&str>,
    set: &PackageMeta,
    diags: &mut Diagnostics,
) -> PackageMetadata {
    let info = &api.info;
    let contact = info.contact.as_ref();
    let license = set
        .license
        .clone()
        .or_else(|| license_id.map(str::to_owned))
        .or_else(|| spec_license(info.license.as_ref()?, diags));
    let homepage = set.homepage.clone().or_else(|| {
        contact
            .and_then(|c| c.url.clone())
            .or_else(|| api.external_docs.as_ref().map(|d| d.url.clone()))
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    });
    let authors = set.authors.clone().unwrap_or_else(|| {
        contact
            .and_then(|c| match (&c.name, &c.email) {
                (Some(n), Some(e)) => Some(format!("{n} <{e}>")),
                (Some(n), None) => Some(n.clone()),
                (None, Some(e)) => Some(format!("<{e}>")),
                (None, None) => None,
            })
            .into_iter()
            .collect()
    });
    let mut keywords = set
        .keywords
        .clone()
        .unwrap_or_else(|| KEYWORDS.iter().map(|k| (*k).to_owned()).collect());
    // crates.io takes five, each a short ASCII word.
    keywords.retain(|k| is_keyword(k));
    keywords.truncate(5);
    PackageMetadata {
        license,
        repository: set.repository.clone(),
        homepage,
        documentation: set
            .documentation
            .clone()
            .unwrap_or_else(|| format!("https://docs.rs/{package}")),
        authors,
        keywords,
        categories: set
            .categories
            .clone()
            .unwrap_or_else(|| CATEGORIES.iter().map(|c| (*c).to_owned()).collect()),
        rust_version: set
            .rust_version
            .clone()
            .unwrap_or_else(|| crate::runtime_crate::rust_version().to_owned()),
    }
}

/// `info.license.name` as an SPDX expression: as written when it is one,
/// else the identifier of a common spelling (`Apache 2.0`); else a warning.
fn spec_license(license: &openapiv3::License, diags: &mut Diagnostics) -> Option<String> {
    let name = license.name.trim();
    if is_spdx_expression(name) {
        return Some(name.to_owned());
    }
    let squashed: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let known = match squashed.as_str() {
        "apache20" | "apachelicense20" | "apachelicenseversion20" | "apache2" => "Apache-2.0",
        "mit" | "mitlicense" => "MIT",
        "bsd3clause" | "bsd3" | "bsd3clauselicense" => "BSD-3-Clause",
        "bsd2clause" | "bsd2" => "BSD-2-Clause",
        "mpl20" | "mozillapubliclicense20" => "MPL-2.0",
        "isc" | "isclicense" => "ISC",
        _ => {
            diags.warning(
                "#/info/license/name",
                format!(
                    "license `{name}` is not an SPDX expression, so `Cargo.toml` names no license \
                     and a registry will not take the crate; set `license` in the settings \
                     file's [package] table"
                ),
            );
            return None;
        }
    };
    Some(known.to_owned())
}

/// `MIT`, `MIT OR Apache-2.0`, `(MIT OR Apache-2.0) AND BSD-3-Clause`,
/// `GPL-2.0-or-later WITH Classpath-exception-2.0`: identifiers joined by
/// operators. An identifier has a version or variant (`-`, a digit), is a
/// `LicenseRef-`, or is one of the few bare SPDX words, so a name such as
/// `Proprietary` is not taken for one.
fn is_spdx_expression(s: &str) -> bool {
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    let mut expect_id = true;
    let mut depth = 0i32;
    for token in spaced.split_whitespace() {
        match token {
            "(" if expect_id => depth += 1,
            ")" if !expect_id => depth -= 1,
            "OR" | "AND" | "WITH" if !expect_id => expect_id = true,
            id if expect_id && is_spdx_id(id) => expect_id = false,
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    !expect_id && depth == 0
}

fn is_spdx_id(id: &str) -> bool {
    const BARE: &[&str] = &[
        "MIT",
        "ISC",
        "Unlicense",
        "Zlib",
        "WTFPL",
        "NCSA",
        "X11",
        "PostgreSQL",
        "Beerware",
        "JSON",
        "Ruby",
        "Vim",
        "curl",
    ];
    let id = id.strip_suffix('+').unwrap_or(id);
    let shaped = id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    shaped && (id.contains('-') || id.contains(|c: char| c.is_ascii_digit()) || BARE.contains(&id))
}

/// A crates.io keyword: ASCII letters, digits, `_`, `-` or `+`, starting
/// with a letter, at most 20 characters.
fn is_keyword(k: &str) -> bool {
    k.len() <= 20
        && k.starts_with(|c: char| c.is_ascii_alphabetic())
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licenses_are_spdx_expressions() {
        for ok in [
            "MIT",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND BSD-3-Clause",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
        ] {
            assert!(is_spdx_expression(ok), "{ok}");
        }
        for bad in [
            "",
            "Apache 2.0",
            "MIT OR",
            "(MIT",
            "Proprietary",
            "Proprietary license",
            "OR MIT",
        ] {
            assert!(!is_spdx_expression(bad), "{bad}");
        }
    }

    #[test]
    fn common_spellings_become_identifiers_and_others_warn() {
        let mut diags = Diagnostics::default();
        let license = |name: &str| openapiv3::License {
            name: name.to_owned(),
            ..Default::default()
        };
        assert_eq!(
            spec_license(&license("Apache License, Version 2.0"), &mut diags).as_deref(),
            Some("Apache-2.0")
        );
        assert_eq!(
            spec_license(&license("MIT License"), &mut diags).as_deref(),
            Some("MIT")
        );
        assert!(diags.is_empty());
        assert_eq!(spec_license(&license("Proprietary"), &mut diags), None);
        assert!(diags.to_string().contains("#/info/license/name"), "{diags}");
    }

    #[test]
    fn keywords_are_what_crates_io_takes() {
        assert!(is_keyword("voice-ai"));
        assert!(!is_keyword("1password"));
        assert!(!is_keyword("a keyword"));
        assert!(!is_keyword("averyveryverylongkeyword"));
    }
}
