//! Auto-pagination: [`Items`], the stream of every item across the pages of
//! a list operation, and [`Paging`], the generated description of where a
//! page keeps its items and how the next page is asked for.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::header::LINK;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::call::Call;
use crate::error::Error;
use crate::request::{Prepared, RequestOptions};
use crate::transport::{self, RawResponse};

/// Where a page keeps its items and how the next page is found.
#[doc(hidden)]
#[derive(Debug)]
pub struct Paging {
    /// JSON pointer to the item array in the body; empty when the body is
    /// the array.
    pub items: &'static str,
    /// How the next page is asked for.
    pub next: Next,
}

/// How the request for the next page differs from the previous one.
#[doc(hidden)]
#[derive(Debug)]
pub enum Next {
    /// A token from the page, sent back in the query parameter `param`.
    Token {
        /// Where the token is.
        token: Token,
        /// JSON pointer to a boolean that is false on the last page.
        more: Option<&'static str>,
        /// The query parameter that takes it.
        param: &'static str,
        /// The only other query parameters the next request keeps (Dropshot
        /// refuses the first page's filters next to a token); `None` keeps
        /// all.
        keep: Option<&'static [&'static str]>,
    },
    /// A page number in the query parameter `param`, from 1 unless the
    /// request names its first page.
    Page {
        /// The query parameter.
        param: &'static str,
    },
    /// An item offset in the query parameter `param`, advanced by each
    /// page's item count.
    Offset {
        /// The query parameter.
        param: &'static str,
    },
    /// The URL of the `Link` header's `rel="next"`.
    Link,
    /// The URL at this JSON pointer in the body (`{"next": "https://…"}`).
    Url(&'static str),
}

/// Where a page's token for the next page is.
#[doc(hidden)]
#[derive(Debug)]
pub enum Token {
    /// At this JSON pointer in the body.
    Body(&'static str),
    /// At this JSON pointer in the page's last item (`/id`).
    LastItem(&'static str),
}

/// What the next request changes.
#[derive(Debug, Clone)]
enum Step {
    First,
    Query {
        param: &'static str,
        value: String,
        keep: Option<&'static [&'static str]>,
    },
    Url(String),
}

impl Step {
    /// Turns the first page's request into the one this step asks for.
    fn apply(&self, p: &mut Prepared) -> Result<(), Error> {
        match self {
            Step::First => Ok(()),
            Step::Query { param, value, keep } => {
                p.query.retain(|(k, _)| {
                    k != param && keep.is_none_or(|keep| keep.contains(&k.as_str()))
                });
                p.query.push(((*param).to_owned(), value.clone()));
                Ok(())
            }
            Step::Url(link) => follow(p, link),
        }
    }
}

/// Sends the request to `link` (a `Link` header's target, which names the
/// page in its query) instead; only on the API's own origin, so the
/// credentials (attached to every request of the call, whatever its URL)
/// never go elsewhere.
fn follow(p: &mut Prepared, link: &str) -> Result<(), Error> {
    let here = reqwest::Url::parse(&p.url)
        .map_err(|e| Error::invalid(format!("the request URL is invalid: {e}")))?;
    let mut next = here
        .join(link)
        .map_err(|e| Error::invalid(format!("the next page's link `{link}` is invalid: {e}")))?;
    if next.origin() != here.origin() {
        return Err(Error::invalid(format!(
            "the next page's link `{link}` leaves the API's origin"
        )));
    }
    p.query = next.query_pairs().into_owned().collect();
    next.set_query(None);
    next.set_fragment(None);
    let url = next.to_string();
    p.path_start = url.len() - next.path().len();
    p.url = url;
    Ok(())
}

struct Fetched {
    raw: RawResponse,
    /// The query the page was asked with.
    sent: Vec<(String, String)>,
}

type Pending<E> = Pin<Box<dyn Future<Output = Result<Fetched, Error<E>>> + Send>>;
type Fetch<E> = Box<dyn FnMut(&Step) -> Pending<E> + Send>;

/// Every item of every page of a list operation, fetched a page at a time
/// as the stream is read.
///
/// It ends after the last page: no next token, URL or `has_more`, an empty
/// page, or a token it has already followed (so a server that repeats
/// itself cannot make it loop). [`Items::max_pages`] and
/// [`Items::max_items`] end it sooner. An error (from any page) is the last item.
pub struct Items<I, E: fmt::Debug = crate::error::Untyped> {
    fetch: Fetch<E>,
    paging: &'static Paging,
    in_flight: Option<Pending<E>>,
    ready: VecDeque<I>,
    step: Option<Step>,
    seen: HashSet<String>,
    pages: u32,
    max_pages: Option<u32>,
    left: Option<usize>,
}

impl<I, E: fmt::Debug> fmt::Debug for Items<I, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("paging", self.paging)
            .field("pages", &self.pages)
            .field("next", &self.step)
            .finish_non_exhaustive()
    }
}

/// The items of the pages of `call`: each page is `call` with `params`
/// written by `encode`, changed as [`Paging::next`] says; an error status
/// goes through the operation's `decode` for its typed body.
#[doc(hidden)]
pub fn items<T, P, I, E>(
    call: Call,
    params: P,
    encode: fn(&P, &mut Call),
    options: RequestOptions,
    decode: fn(RawResponse) -> Result<T, Error<E>>,
    paging: &'static Paging,
) -> Items<I, E>
where
    T: 'static,
    P: Send + Sync + 'static,
    E: fmt::Debug + Send + 'static,
{
    let params = Arc::new(params);
    let fetch = move |step: &Step| -> Pending<E> {
        let call = call.snapshot();
        let options = options.duplicate();
        let params = Arc::clone(&params);
        let step = step.clone();
        Box::pin(async move {
            let mut call = call.map_err(Error::typed_as)?;
            encode(&params, &mut call);
            // An error of the parameters is reported before the step's.
            let (client, mut prepared) = call.into_parts().map_err(Error::typed_as)?;
            step.apply(&mut prepared).map_err(Error::typed_as)?;
            let sent = prepared.query.clone();
            let raw = transport::execute(client, prepared, options)
                .await
                .map_err(Error::typed_as)?;
            if raw.status().is_success() {
                return Ok(Fetched { raw, sent });
            }
            let status = raw.status();
            Err(match decode(raw) {
                Err(e) => e,
                Ok(_) => Error::invalid(format!("page answered with status {status}")),
            })
        })
    };
    Items {
        fetch: Box::new(fetch),
        paging,
        in_flight: None,
        ready: VecDeque::new(),
        step: Some(Step::First),
        seen: HashSet::new(),
        pages: 0,
        max_pages: None,
        left: None,
    }
}

impl<I: DeserializeOwned, E: fmt::Debug> Items<I, E> {
    /// Fetches at most `pages` pages.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Yields at most `items` items, and fetches no page beyond the one
    /// that holds the last of them. (Named apart from the page size, which
    /// APIs often call `limit`.)
    pub fn max_items(mut self, items: usize) -> Self {
        self.left = Some(items);
        self
    }

    /// The items of a page, and what asks for the next one (`None` on the
    /// last page).
    fn page(&mut self, fetched: Fetched) -> Result<Option<Step>, Error<E>> {
        let Fetched { raw, sent } = fetched;
        let body = raw.json::<Value, E>()?;
        let Some(Value::Array(list)) = body.pointer(self.paging.items) else {
            return Err(raw.decode_error(
                self.paging.items.to_owned(),
                "the page has no item array here".to_owned(),
            ));
        };
        let count = list.len();
        let mut next = match count {
            0 => None,
            _ => next_step(&self.paging.next, &body, list, &sent, &raw),
        };
        for (i, item) in list.iter().enumerate() {
            let item: I = serde_path_to_error::deserialize(item).map_err(|e| {
                let at = format!("{}/{i}{}", self.paging.items, e.path());
                raw.decode_error(at, e.into_inner().to_string())
            })?;
            self.ready.push_back(item);
        }
        // A token or URL followed before means the server is going round.
        if let Some(Step::Query { value: key, .. } | Step::Url(key)) = &next {
            if !self.seen.insert(key.clone()) {
                next = None;
            }
        }
        Ok(next)
    }
}

/// What asks for the page after this one (`None` on the last page).
fn next_step(
    next: &Next,
    body: &Value,
    list: &[Value],
    sent: &[(String, String)],
    raw: &RawResponse,
) -> Option<Step> {
    match *next {
        Next::Token {
            ref token,
            more,
            param,
            keep,
        } => {
            if let Some(flag) = more {
                if body.pointer(flag) != Some(&Value::Bool(true)) {
                    return None;
                }
            }
            let value = match token {
                Token::Body(at) => body.pointer(at),
                Token::LastItem(at) => list.last().and_then(|item| item.pointer(at)),
            };
            let value = match value? {
                Value::String(s) if !s.is_empty() => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            Some(Step::Query { param, value, keep })
        }
        Next::Page { param } => {
            let current = sent_number(sent, param).unwrap_or(1);
            Some(Step::Query {
                param,
                value: (current + 1).to_string(),
                keep: None,
            })
        }
        Next::Offset { param } => {
            let current = sent_number(sent, param).unwrap_or(0);
            Some(Step::Query {
                param,
                value: (current + list.len() as u64).to_string(),
                keep: None,
            })
        }
        Next::Url(at) => match body.pointer(at) {
            Some(Value::String(url)) if !url.is_empty() => Some(Step::Url(url.clone())),
            _ => None,
        },
        Next::Link => raw
            .headers()
            .get_all(LINK)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(link_next)
            .map(Step::Url),
    }
}

fn sent_number(sent: &[(String, String)], param: &str) -> Option<u64> {
    sent.iter()
        .rev()
        .find(|(k, _)| k == param)
        .and_then(|(_, v)| v.parse().ok())
}

/// The `rel="next"` target of a `Link` header (RFC 8288):
/// `<https://…?page=2>; rel="next", <…>; rel="last"`.
pub(crate) fn link_next(header: &str) -> Option<String> {
    header.split(',').find_map(|link| {
        let (target, params) = link.trim().split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|p| {
            let Some((k, v)) = p.split_once('=') else {
                return false;
            };
            k.trim().eq_ignore_ascii_case("rel")
                && v.trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
        });
        is_next.then(|| target.to_owned())
    })
}

impl<I, E: fmt::Debug> Unpin for Items<I, E> {}

impl<I: DeserializeOwned, E: fmt::Debug> Items<I, E> {
    /// The next item, or `None` after the last one: what
    /// `futures_util::StreamExt::next` does, with no other crate needed.
    pub async fn next(&mut self) -> Option<Result<I, Error<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<I: DeserializeOwned, E: fmt::Debug> Stream for Items<I, E> {
    type Item = Result<I, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.left == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.ready.pop_front() {
                this.left = this.left.map(|n| n - 1);
                return Poll::Ready(Some(Ok(item)));
            }
            if this.in_flight.is_none() {
                let Some(step) = this.step.take() else {
                    return Poll::Ready(None);
                };
                if this.max_pages.is_some_and(|max| this.pages >= max) {
                    return Poll::Ready(None);
                }
                this.in_flight = Some((this.fetch)(&step));
            }
            let Some(pending) = this.in_flight.as_mut() else {
                continue;
            };
            let fetched = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(r) => r,
            };
            this.in_flight = None;
            this.pages += 1;
            match fetched.and_then(|f| this.page(f)) {
                Ok(next) => this.step = next,
                Err(e) => {
                    this.ready.clear();
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::link_next;

    #[test]
    fn the_next_link_is_found_among_others() {
        let h = r#"<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last""#;
        assert_eq!(
            link_next(h).as_deref(),
            Some("https://api.github.com/x?page=3")
        );
        assert_eq!(link_next(r#"<https://a/b>; rel="last""#), None);
        assert_eq!(
            link_next("<https://a/b>; REL=next").as_deref(),
            Some("https://a/b")
        );
    }
}
