// Copied verbatim from a ```rust block of README.md (tests/tests/sdk/compile.rs
// checks that it still is); `main` is added so that the file is a program.
#![allow(dead_code)] // the examples are functions nobody calls

use fixture_streams::Client;
use futures_util::TryStreamExt as _;

async fn first_ids(client: &Client) -> Result<Vec<String>, fixture_streams::Error> {
    client
        .list_cursor()
        .limit(100) // the page size the API takes
        .items()
        .max_items(1_000) // items in all
        .map_ok(|item| item.id)
        .try_collect()
        .await
}

fn main() {}
