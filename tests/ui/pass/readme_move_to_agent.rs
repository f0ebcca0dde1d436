// Copied verbatim from a ```rust block of README.md (tests/tests/compile.rs
// checks that it still is); `main` is added so that the file is a program.
#![allow(dead_code)] // the examples are functions nobody calls

use oneinbox::types::{InboundRoutingUpdate, PhoneNumberUpdate};
use oneinbox::Tristate;

async fn move_to_agent(
    client: &oneinbox::Client,
    phone_id: uuid::Uuid,
    new_agent: uuid::Uuid,
) -> Result<(), oneinbox::Error> {
    let patch = PhoneNumberUpdate {
        agent_id: Tristate::Value(new_agent),
        inbound_routing: Some(InboundRoutingUpdate {
            agent_id: Some(new_agent),
            ..Default::default()
        }),
        ..Default::default()
    };
    client.update_phone_number(phone_id, &patch).await?;
    Ok(())
}

fn main() {}
