//! The property each client-side fuzz target checks, as plain functions: `fuzz/` runs them
//! under libFuzzer, and `tests/tests/fuzz_corpus.rs` runs them on every `cargo test` over
//! the committed seed corpus. A check panics only when a decoder breaks its contract (a
//! panic, or a value that does not round-trip).

use crate::content::Content;
use crate::draft::Draft;
use crate::proxy_records::{MandateRecord, PendingSend, SentRecord};
use crate::records::{Contact, InboxMessage, OutboxEntry, ProfileRecord, Quarantined};
use crate::upload_record::UploadRecord;

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
    let _ = UploadRecord::decode(data);
    let _ = Draft::decode(data);
    let _ = amicus_protocol::tokens::SpendToken::from_record(data);
}
