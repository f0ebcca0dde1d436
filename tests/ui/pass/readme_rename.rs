// Copied verbatim from a ```rust block of README.md (tests/tests/sdk/compile.rs
// checks that it still is); `main` is added so that the file is a program.
#![allow(dead_code)] // the examples are functions nobody calls

use oneinbox::types::PhoneNumberUpdate;
use oneinbox::Client;

async fn rename(phone_id: uuid::Uuid) -> Result<(), oneinbox::Error> {
    let client = Client::from_env()?; // reads ONEINBOX_API_KEY
    let patch = PhoneNumberUpdate::new().friendly_name("Support line");
    let number = client.phone_numbers().update(phone_id, &patch).await?;
    println!("{} is now {:?}", number.phone_number, number.friendly_name);
    Ok(())
}

fn main() {}
