// The flat method an operation had before it moved into its group's
// namespace still compiles, with a deprecation warning that says where it
// went (denied here, so the warning is the error trybuild sees).
#![deny(deprecated)]

async fn update(client: &oneinbox::Client, phone_id: uuid::Uuid) {
    let patch = oneinbox::types::PhoneNumberUpdate::new();
    let _ = client.update_phone_number(phone_id, &patch).await;
}

fn main() {
    let _ = update;
}
