//! The property each fuzz target checks, as plain functions: `fuzz/` and `fuzz/wire/` run
//! them under libFuzzer, and `tests/tests/fuzz_corpus.rs` runs them on every `cargo test`
//! over the committed seed corpus and deterministic mutations of it. A check panics only
//! when a decoder breaks its contract (a panic, or a value that does not round-trip).

use amicus_client::content::Content;
use amicus_client::proxy_records::{MandateRecord, PendingSend, SentRecord};
use amicus_client::records::{Contact, InboxMessage, OutboxEntry, ProfileRecord, Quarantined};
use amicus_protocol::SignedPublicPrekey;
use amicus_protocol::message::IdentityRecord;

/// The wire and user-input decoders' checks live beside them in the protocol crate.
pub use amicus_protocol::checks::{contact_card, frame, invitation, request, response, roster};

/// Records the relay reads back from its own disk.
pub fn relay_records(data: &[u8]) {
    let _ = IdentityRecord::from_bytes(data);
    let _ = SignedPublicPrekey::from_bytes(data);
    let _ = amicus_relay::blob_store::BlobRecord::decode(data);
}

/// Decrypted end-to-end content of every kind (a malicious sender controls it fully).
pub fn briefing(data: &[u8]) {
    if let Ok(unpadded) = Content::unpad(data) {
        let _ = Content::decode(unpadded);
    }
    if let Ok(content) = Content::decode(data) {
        assert_eq!(Content::decode(&content.encode()).as_ref(), Ok(&content));
    }
}

/// Records the client reads back from its local store.
pub fn client_records(data: &[u8]) {
    let _ = ProfileRecord::decode(data);
    let _ = Contact::decode(data);
    let _ = InboxMessage::decode(data);
    let _ = OutboxEntry::decode(data);
    let _ = Quarantined::decode(data);
    let _ = MandateRecord::decode(data);
    let _ = SentRecord::decode(data);
    let _ = PendingSend::decode(data);
    let _ = amicus_client::attachments::UploadRecord::decode(data);
}

/// A target's check.
pub type Check = fn(&[u8]);

/// Every target by its name in `fuzz/`.
pub const TARGETS: &[(&str, Check)] = &[
    ("request", request),
    ("response", response),
    ("frame", frame),
    ("contact_card", contact_card),
    ("invitation", invitation),
    ("roster", roster),
    ("relay_records", relay_records),
    ("briefing", briefing),
    ("client_records", client_records),
];
