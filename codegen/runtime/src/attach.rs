//! Which credentials a request carries: the first of the operation's
//! security alternatives whose schemes are all configured, with the
//! tokens of its providers obtained before the request is built (fetched
//! to send it, or taken from the provider's cache to inspect it).

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};

use crate::auth::{AccessToken, Attach, Secret, TokenProvider};
use crate::client::Core;
use crate::error::Error;
use crate::request::Prepared;

/// The credentials of one attempt, ready to put on the request.
#[derive(Default)]
pub(crate) struct Resolved<'a> {
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) query: Vec<(&'static str, &'a Secret)>,
    /// `name=value` pairs.
    pub(crate) cookies: Vec<&'a Secret>,
    /// The provider tokens sent, for renewing them after a 401.
    tokens: Vec<(&'a dyn TokenProvider, AccessToken)>,
}

/// A provider whose token the request needs, and its scheme's index.
type Pending<'a> = Vec<(usize, &'a dyn TokenProvider)>;

impl<'a> Resolved<'a> {
    /// Whether the request carries a provider's token.
    pub(crate) fn has_tokens(&self) -> bool {
        !self.tokens.is_empty()
    }

    /// Tells each provider the API rejected its token.
    pub(crate) fn invalidate(&self) {
        for (provider, token) in &self.tokens {
            provider.invalidate(token);
        }
    }

    /// Whether `other` carries other tokens than these (a resend with the
    /// same ones would fail the same way).
    pub(crate) fn renews(&self, other: &Resolved<'_>) -> bool {
        self.tokens.len() != other.tokens.len()
            || self
                .tokens
                .iter()
                .zip(&other.tokens)
                .any(|((_, a), (_, b))| a != b)
    }

    fn add_token(
        &mut self,
        core: &Core,
        p: &Prepared,
        scheme: usize,
        provider: &'a dyn TokenProvider,
        token: AccessToken,
    ) -> Result<(), Error> {
        let Ok(mut value) = HeaderValue::from_str(&format!("Bearer {}", token.secret())) else {
            return Err(auth_error(format!(
                "{} {}: the access token for `{}` contains characters not allowed in a header",
                p.method,
                p.path(),
                scheme_name(core, scheme)
            )));
        };
        value.set_sensitive(true);
        self.headers.push((AUTHORIZATION, value));
        self.tokens.push((provider, token));
        Ok(())
    }
}

/// The credentials `p` carries, with provider tokens fetched now.
pub(crate) async fn resolve<'a>(core: &'a Core, p: &Prepared) -> Result<Resolved<'a>, Error> {
    let (mut resolved, pending) = fixed(core, p)?;
    let http = &core.inner.http;
    for (scheme, provider) in pending {
        let token = provider.token(http).await.map_err(|e| Error::Auth {
            message: format!(
                "{} {}: no access token for `{}`: {e}",
                p.method,
                p.path(),
                scheme_name(core, scheme)
            ),
            source: Some(e),
        })?;
        resolved.add_token(core, p, scheme, provider, token)?;
    }
    Ok(resolved)
}

/// The credentials `p` carries, with provider tokens from their caches
/// (to inspect a request without sending it). A provider without a cached
/// token is an error: its token is fetched only to send a request.
pub(crate) fn resolve_cached<'a>(core: &'a Core, p: &Prepared) -> Result<Resolved<'a>, Error> {
    let (mut resolved, pending) = fixed(core, p)?;
    for (scheme, provider) in pending {
        let Some(token) = provider.cached() else {
            return Err(auth_error(format!(
                "{} {}: the access token for `{}` is fetched when the request is sent, \
                 and none is cached yet, so the request cannot be shown before it is sent",
                p.method,
                p.path(),
                scheme_name(core, scheme)
            )));
        };
        resolved.add_token(core, p, scheme, provider, token)?;
    }
    Ok(resolved)
}

/// The credentials of the chosen alternative that are ready, and the
/// providers still to ask for a token.
fn fixed<'a>(core: &'a Core, p: &Prepared) -> Result<(Resolved<'a>, Pending<'a>), Error> {
    let mut resolved = Resolved::default();
    let mut pending = Vec::new();
    let slots = &core.inner.credentials;
    for &scheme in choose(core, p)? {
        match slots.get(scheme).and_then(Option::as_ref) {
            Some(Attach::Header(name, value)) => {
                resolved.headers.push((name.clone(), value.clone()));
            }
            Some(Attach::Query(name, secret)) => resolved.query.push((name, secret)),
            Some(Attach::Cookie(pair)) => resolved.cookies.push(pair),
            Some(Attach::Token(provider)) => pending.push((scheme, &**provider)),
            // `choose` picks only alternatives whose schemes are configured.
            None => {}
        }
    }
    Ok((resolved, pending))
}

/// The first alternative of the operation's requirements whose schemes
/// all have a credential, or an error naming what would satisfy it. An
/// empty alternative (`{}`: anonymous access is allowed) is taken only
/// when no other is satisfied, wherever the spec lists it: specs write
/// `[{}, {apiKey: []}]` to mean that a key is optional, not unused.
fn choose<'s>(core: &Core, p: &'s Prepared) -> Result<&'s [usize], Error> {
    if p.security.is_empty() {
        return Ok(&[]);
    }
    let slots = &core.inner.credentials;
    let configured = |i: &usize| slots.get(*i).is_some_and(Option::is_some);
    if let Some(alternative) = p
        .security
        .iter()
        .find(|a| !a.is_empty() && a.iter().all(configured))
    {
        return Ok(alternative);
    }
    if p.security.iter().any(|a| a.is_empty()) {
        return Ok(&[]);
    }
    let wanted: Vec<String> = p
        .security
        .iter()
        .map(|alternative| {
            let names: Vec<String> = alternative
                .iter()
                .map(|&i| format!("`{}`", scheme_name(core, i)))
                .collect();
            and_list(&names)
        })
        .collect();
    Err(auth_error(format!(
        "{} {} needs credentials for {}; configure them with ClientBuilder::credential",
        p.method,
        p.path(),
        wanted.join(", or for ")
    )))
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn scheme_name(core: &Core, index: usize) -> String {
    match core.inner.schemes.get(index) {
        Some(s) => s.name.to_owned(),
        None => format!("#{index}"),
    }
}

fn auth_error(message: String) -> Error {
    Error::Auth {
        message,
        source: None,
    }
}

#[cfg(test)]
mod tests {
    use super::and_list;

    #[test]
    fn alternatives_read_as_a_sentence() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["a"])), "a");
        assert_eq!(and_list(&s(&["a", "b"])), "a and b");
        assert_eq!(and_list(&s(&["a", "b", "c"])), "a, b and c");
    }
}
