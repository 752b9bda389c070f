#![no_main]
//! Records the client reads back from its local store (after authentication, but a bug or
//! an old version could still write something odd).
use amicus_client::proxy_records::{MandateRecord, PendingSend, SentRecord};
use amicus_client::records::{Contact, InboxMessage, OutboxEntry, ProfileRecord, Quarantined};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ProfileRecord::decode(data);
    let _ = Contact::decode(data);
    let _ = InboxMessage::decode(data);
    let _ = OutboxEntry::decode(data);
    let _ = Quarantined::decode(data);
    let _ = MandateRecord::decode(data);
    let _ = SentRecord::decode(data);
    let _ = PendingSend::decode(data);
});
