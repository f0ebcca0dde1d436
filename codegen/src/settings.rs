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

/// Where a generated crate finds the runtime crate
/// (`oneinbox-codegen-runtime`) it depends on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RuntimeSource {
    /// A copy written with the crate, in `runtime/` beside `src/`, so the
    /// crate builds wherever it is written.
    #[default]
    Bundled,
    /// The runtime crate at this path, relative to the generated crate or
    /// absolute (`../codegen/runtime` in this repository), and by version,
    /// so the crate still publishes. Every crate that names the same
    /// runtime shares one build of it.
    Path(String),
    /// The published runtime, by version only.
    Registry,
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
    /// Where the crate finds its runtime.
    pub runtime: RuntimeSource,
    /// What the settings file decides about operations (pagination,
    /// idempotency keys).
    pub operations: OperationSettings,
    /// Package metadata the settings file gives; each field overrides what
    /// the spec says.
    pub package: PackageMeta,
    /// How the client reaches operations (the settings file's `[client]`).
    pub client: ClientSettings,
    /// How webhook deliveries are signed, when not by Standard Webhooks
    /// (the settings file's `[webhooks]`).
    pub webhooks: Option<crate::ir::CustomWebhookScheme>,
    /// The methods the checked-in crate has on its `Client` (from its
    /// `api.json`): a grouped operation whose method was one of them keeps a
    /// deprecated forwarder there, so code written against it still builds.
    pub published_methods: std::collections::BTreeSet<String>,
}

/// How the client is shaped, where the team decides (`[client]`):
///
/// ```toml
/// [client]
/// layout = "flat"               # every method on `Client`; default "namespaced"
/// deprecated-forwarders = false # drop the flat methods that moved (a breaking change)
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    /// Where operations live.
    pub layout: ClientLayout,
    /// Whether a method that moved into a namespace keeps a deprecated
    /// forwarder on `Client` (default yes; turning it off is breaking, so
    /// it belongs in a major release).
    pub deprecated_forwarders: bool,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            layout: ClientLayout::Namespaced,
            deprecated_forwarders: true,
        }
    }
}

/// Where a grouped operation's method lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientLayout {
    /// In its group's namespace: `client.phone_numbers().update(…)`.
    Namespaced,
    /// On `Client` itself: `client.update_phone_number(…)`.
    Flat,
}

/// `Cargo.toml` metadata chosen by the team rather than read from the spec
/// (the settings file's `[package]` table). Every field is optional: the
/// spec's `info.license`, `info.contact` and `externalDocs` fill what is
/// left unset, and `documentation` defaults to the crate's docs.rs page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageMeta {
    /// One line for the registry, instead of the generated one.
    pub description: Option<String>,
    /// An SPDX license expression (`MIT OR Apache-2.0`).
    pub license: Option<String>,
    /// The repository the crate is published from.
    pub repository: Option<String>,
    /// The API's or product's home page.
    pub homepage: Option<String>,
    /// Where the crate's docs are (default: its docs.rs page).
    pub documentation: Option<String>,
    /// `Name <email>` entries.
    pub authors: Option<Vec<String>>,
    /// At most five crates.io keywords.
    pub keywords: Option<Vec<String>>,
    /// crates.io category slugs.
    pub categories: Option<Vec<String>>,
    /// The oldest Rust the crate builds with (default: the runtime's).
    pub rust_version: Option<String>,
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
            runtime: RuntimeSource::Bundled,
            operations: OperationSettings::default(),
            package: PackageMeta::default(),
            client: ClientSettings::default(),
            webhooks: None,
            published_methods: std::collections::BTreeSet::new(),
        }
    }
}

/// The settings file beside a spec (`codegen.toml`): what the team decides
/// about the crate, kept with the spec rather than in the spec. Only the
/// `[package]` table is read here:
///
/// ```toml
/// [package]
/// name = "oneinbox"
/// version = "2.0.0"   # bumped by `cargo xtask codegen` when the API changes
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecSettings {
    /// The crate's package name.
    pub name: Option<String>,
    /// The crate's version (not the API's `info.version`).
    pub version: Option<String>,
    /// The `[idempotency]` and `[operations.<operationId>]` tables.
    pub operations: OperationSettings,
    /// The rest of the `[package]` table: registry metadata.
    pub package: PackageMeta,
    /// The `[client]` table.
    pub client: ClientSettings,
    /// The `[webhooks]` table: an HMAC scheme other than Standard
    /// Webhooks.
    pub webhooks: Option<crate::ir::CustomWebhookScheme>,
}

/// What the settings file decides about operations, where the spec says
/// nothing (or the wrong thing):
///
/// ```toml
/// [idempotency]
/// header = "Idempotency-Key"   # every POST sends a fresh key in it
///
/// [operations.listCalls]
/// pagination = false           # not paginated, whatever it looks like
///
/// [operations.listItems]
/// pagination = { items = "/data", cursor = "/next_cursor", param = "cursor" }
/// idempotency_header = "Idempotency-Key"
/// ```
///
/// A `pagination` table names where the items are (`items`, a JSON
/// pointer, empty for an array body) and one way to the next page:
/// `cursor` (pointer to a token in the body) or `last_item` (pointer into
/// the last item) with the query `param` that takes it (and `more`, a
/// pointer to a `has_more` flag; `keep`, the only other query parameters
/// kept); `page` or `offset` (the query parameter); `url` (pointer to the
/// next page's URL in the body); or `link = true`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationSettings {
    /// The idempotency header of every POST.
    pub idempotency_header: Option<String>,
    /// By `operationId`.
    pub operations: std::collections::BTreeMap<String, OperationSetting>,
}

/// The settings of one operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSetting {
    /// `false` vetoes pagination; a table names it.
    pub pagination: Option<PaginationSetting>,
    /// The header that carries an idempotency key.
    pub idempotency_header: Option<String>,
}

/// `pagination = false` or `pagination = { ... }`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum PaginationSetting {
    /// `false` (no pagination) or `true` (detect it, as without a setting).
    Enabled(bool),
    /// The operation's pagination, spelled out.
    Rule(Box<PaginationRule>),
}

/// A pagination rule from the settings file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationRule {
    /// Pointer to the item array; empty for an array body.
    #[serde(default)]
    pub items: String,
    /// Pointer to the next page's token in the body.
    pub cursor: Option<String>,
    /// Pointer to the token in the page's last item.
    pub last_item: Option<String>,
    /// The query parameter that takes the token.
    pub param: Option<String>,
    /// Pointer to a boolean that is false on the last page.
    pub more: Option<String>,
    /// The only other query parameters the next request keeps.
    pub keep: Option<Vec<String>>,
    /// A page-number query parameter.
    pub page: Option<String>,
    /// An item-offset query parameter.
    pub offset: Option<String>,
    /// Follow the `Link` header's `rel="next"`.
    #[serde(default)]
    pub link: bool,
    /// Pointer to the next page's URL in the body.
    pub url: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    package: Option<Package>,
    idempotency: Option<Idempotency>,
    #[serde(default)]
    operations: std::collections::BTreeMap<String, OperationSetting>,
    client: Option<ClientTable>,
    webhooks: Option<WebhookTable>,
}

/// `[webhooks]`: how the API signs deliveries, when not by Standard
/// Webhooks.
///
/// ```toml
/// [webhooks]
/// signature-header = "x-hub-signature-256"
/// prefix = "sha256="
/// signed = "{body}"            # also {id} and {timestamp}
/// encoding = "hex"             # or "base64"
/// secret-encoding = "raw"      # or "base64" (whsec_ secrets)
/// # id-header, timestamp-header, timestamp-in-signature ("t="),
/// # separator (" "), algorithm ("hmac-sha256", "hmac-sha512", "hmac-sha1")
/// ```
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WebhookTable {
    signature_header: String,
    id_header: Option<String>,
    timestamp_header: Option<String>,
    timestamp_in_signature: Option<String>,
    signed: Option<String>,
    encoding: Option<String>,
    prefix: Option<String>,
    separator: Option<char>,
    secret_encoding: Option<String>,
    algorithm: Option<String>,
}

impl WebhookTable {
    /// The scheme, or what is wrong with the table.
    fn scheme(self) -> Result<crate::ir::CustomWebhookScheme, String> {
        use crate::ir::HmacAlgorithm;
        let one_of = |key: &str, v: Option<String>, options: &[&str]| match v {
            None => Ok(None),
            Some(v) if options.contains(&v.as_str()) => Ok(Some(v)),
            Some(v) => Err(format!(
                "[webhooks] {key} = \"{v}\": expected one of {}",
                options.join(", ")
            )),
        };
        let algorithm = match one_of(
            "algorithm",
            self.algorithm,
            &["hmac-sha256", "hmac-sha512", "hmac-sha1"],
        )?
        .as_deref()
        {
            Some("hmac-sha512") => HmacAlgorithm::Sha512,
            Some("hmac-sha1") => HmacAlgorithm::Sha1,
            _ => HmacAlgorithm::Sha256,
        };
        let base64 =
            one_of("encoding", self.encoding, &["hex", "base64"])?.as_deref() == Some("base64");
        let base64_secret = one_of("secret-encoding", self.secret_encoding, &["raw", "base64"])?
            .as_deref()
            == Some("base64");
        let signed = self.signed.clone().unwrap_or_else(|| "{body}".to_owned());
        check_template(
            &signed,
            self.id_header.is_some(),
            self.timestamp_header.is_some() || self.timestamp_in_signature.is_some(),
        )?;
        if self.signature_header.trim().is_empty() {
            return Err("[webhooks] signature-header is empty".to_owned());
        }
        Ok(crate::ir::CustomWebhookScheme {
            algorithm,
            signature_header: self.signature_header,
            id_header: self.id_header,
            timestamp_header: self.timestamp_header,
            timestamp_in_signature: self.timestamp_in_signature,
            signed: self.signed,
            base64,
            prefix: self.prefix,
            separator: self.separator,
            base64_secret,
        })
    }
}

/// A `signed` template names `{body}`, and `{id}` or `{timestamp}` only
/// with a header (or item) that carries them.
fn check_template(signed: &str, id: bool, timestamp: bool) -> Result<(), String> {
    let mut rest = signed;
    let mut body = false;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        match &rest[open + 1..open + close] {
            "body" => body = true,
            "id" if id => {}
            "timestamp" if timestamp => {}
            "id" => return Err("[webhooks] signed names {id}, but no id-header carries it".to_owned()),
            "timestamp" => return Err("[webhooks] signed names {timestamp}, but neither timestamp-header nor timestamp-in-signature carries it".to_owned()),
            other => return Err(format!("[webhooks] signed names {{{other}}}; only {{id}}, {{timestamp}} and {{body}} exist")),
        }
        rest = &rest[open + close + 1..];
    }
    if body {
        Ok(())
    } else {
        Err("[webhooks] signed must contain {body}".to_owned())
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ClientTable {
    layout: Option<ClientLayout>,
    deprecated_forwarders: Option<bool>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Idempotency {
    header: String,
}

/// The `[package]` table: name and version, and the metadata (spelled
/// out rather than flattened, which would accept any typo).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Package {
    name: Option<String>,
    version: Option<String>,
    description: Option<String>,
    license: Option<String>,
    repository: Option<String>,
    homepage: Option<String>,
    documentation: Option<String>,
    authors: Option<Vec<String>>,
    keywords: Option<Vec<String>>,
    categories: Option<Vec<String>>,
    rust_version: Option<String>,
}

impl Package {
    fn meta(self) -> PackageMeta {
        PackageMeta {
            description: self.description,
            license: self.license,
            repository: self.repository,
            homepage: self.homepage,
            documentation: self.documentation,
            authors: self.authors,
            keywords: self.keywords,
            categories: self.categories,
            rust_version: self.rust_version,
        }
    }
}

impl SpecSettings {
    /// Reads a settings file's text; `display` names it in errors.
    pub fn parse(text: &str, display: &str) -> Result<SpecSettings, crate::Diagnostics> {
        let file: File = toml::from_str(text).map_err(|e| {
            crate::Diagnostics::from(crate::Diagnostic::error(
                "#",
                format!("{display}: {}", e.message()),
            ))
        })?;
        let (name, version, package) = match file.package {
            Some(mut p) => (p.name.take(), p.version.take(), p.meta()),
            None => (None, None, PackageMeta::default()),
        };
        let webhooks = file
            .webhooks
            .map(WebhookTable::scheme)
            .transpose()
            .map_err(|message| {
                crate::Diagnostics::from(crate::Diagnostic::error(
                    "#",
                    format!("{display}: {message}"),
                ))
            })?;
        Ok(SpecSettings {
            webhooks,
            name,
            version,
            operations: OperationSettings {
                idempotency_header: file.idempotency.map(|i| i.header),
                operations: file.operations,
            },
            package,
            client: file
                .client
                .map_or_else(ClientSettings::default, |c| ClientSettings {
                    layout: c.layout.unwrap_or(ClientLayout::Namespaced),
                    deprecated_forwarders: c.deprecated_forwarders.unwrap_or(true),
                }),
        })
    }

    /// `text` with the package version replaced by `version`, everything
    /// else (comments, order) kept.
    pub fn with_version(text: &str, version: &str) -> String {
        let mut in_package = false;
        let mut out = String::with_capacity(text.len());
        for line in text.lines() {
            let t = line.trim_start();
            if t.starts_with('[') {
                in_package = t.starts_with("[package]");
            }
            if in_package && t.starts_with("version") && t.contains('=') {
                out.push_str(&version_line(line, version));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    }
}

/// A TOML `version = "…"` line set to `version`, keeping its comment.
pub(crate) fn version_line(line: &str, version: &str) -> String {
    let comment = line.find('#').map(|i| &line[i..]).unwrap_or("");
    let pad = if comment.is_empty() { "" } else { "   " };
    format!("version = \"{version}\"{pad}{comment}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhooks_table_is_checked_where_it_is_read() {
        let ok = "[webhooks]\nsignature-header = \"x-sig\"\nid-header = \"x-id\"\nsigned = \"{id}.{body}\"\nencoding = \"base64\"\n";
        let s = SpecSettings::parse(ok, "codegen.toml").expect("parses");
        let w = s.webhooks.expect("a scheme");
        assert_eq!(w.signature_header, "x-sig");
        assert!(w.base64 && !w.base64_secret);
        let cases = [
            (
                "signed = \"{id}.{body}\"",
                "codegen.toml: [webhooks] signed names {id}, but no id-header carries it",
            ),
            (
                "signed = \"{timestamp}\"",
                "codegen.toml: [webhooks] signed names {timestamp}, but neither timestamp-header nor timestamp-in-signature carries it",
            ),
            (
                "signed = \"{id}\"\nid-header = \"x\"",
                "codegen.toml: [webhooks] signed must contain {body}",
            ),
            (
                "signed = \"{nonce}{body}\"",
                "codegen.toml: [webhooks] signed names {nonce}; only {id}, {timestamp} and {body} exist",
            ),
            (
                "encoding = \"base32\"",
                "codegen.toml: [webhooks] encoding = \"base32\": expected one of hex, base64",
            ),
        ];
        for (line, want) in cases {
            let text = format!("[webhooks]\nsignature-header = \"x-sig\"\n{line}\n");
            let err = SpecSettings::parse(&text, "codegen.toml").expect_err(line);
            assert_eq!(
                err.errors().next().map(|d| d.message.as_str()),
                Some(want),
                "{line}"
            );
        }
    }

    #[test]
    fn a_settings_file_names_the_crate_and_its_version() {
        let text = "# about\n[package]\nname = \"oneinbox\"\nversion = \"2.0.0\" # bumped\n";
        let s = SpecSettings::parse(text, "codegen.toml").expect("parses");
        assert_eq!(s.name.as_deref(), Some("oneinbox"));
        assert_eq!(s.version.as_deref(), Some("2.0.0"));
        assert_eq!(
            SpecSettings::with_version(text, "2.1.0"),
            "# about\n[package]\nname = \"oneinbox\"\nversion = \"2.1.0\"   # bumped\n"
        );
        let err =
            SpecSettings::parse("[package]\nnme = \"x\"\n", "codegen.toml").expect_err("typo");
        assert!(err.to_string().contains("codegen.toml"), "{err}");
    }
}
