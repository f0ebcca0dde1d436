// Copied verbatim from a ```rust block of README.md (tests/tests/sdk/compile.rs
// checks that it still is); `main` is added so that the file is a program.
#![allow(dead_code)] // the examples are functions nobody calls

use oneinbox::types::{InboundRoutingUpdate, PhoneNumberUpdate};

async fn move_to_agent(
    client: &oneinbox::Client,
    phone_id: uuid::Uuid,
    new_agent: uuid::Uuid,
) -> Result<(), oneinbox::Error> {
    let patch = PhoneNumberUpdate::new()
        .agent_id(new_agent)
        .inbound_routing(InboundRoutingUpdate::new().agent_id(new_agent));
    client.phone_numbers().update(phone_id, &patch).await?;
    Ok(())
}

fn main() {}
