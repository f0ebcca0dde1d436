// Copied verbatim from a ```rust block of README.md (tests/tests/sdk/compile.rs
// checks that it still is); `main` is added so that the file is a program.
#![allow(dead_code)] // the examples are functions nobody calls

use fixture_streams::Client;
use fixture_streams::types::ChatRequest;
use futures_util::StreamExt as _;

async fn chat(client: &Client) -> Result<(), fixture_streams::Error> {
    let request = ChatRequest::new("Hello").stream(true);
    let mut chunks = client.stream_chat(&request).await?;
    while let Some(chunk) = chunks.next().await {
        print!("{}", chunk?.delta);
    }
    Ok(())
}

fn main() {}
