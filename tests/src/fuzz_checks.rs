//! The property each fuzz target checks, as plain functions: `fuzz/` runs them under
//! libFuzzer (nightly), and `tests/tests/fuzz_corpus.rs` runs them on every `cargo test`
//! over the committed seed corpus and deterministic mutations of it. A check panics only
//! when a decoder breaks its contract (a panic, or a value that does not round-trip).

use amicus_client::content::Content;
use amicus_client::proxy_records::{MandateRecord, PendingSend, SentRecord};
use amicus_client::records::{Contact, InboxMessage, OutboxEntry, ProfileRecord, Quarantined};
use amicus_protocol::message::IdentityRecord;
use amicus_protocol::{
    ContactCard, Invitation, Request, Response, Roster, SignedPublicPrekey, SignedRoster, frame,
};

/// Request bodies as the relay receives them from the network.
pub fn request(data: &[u8]) {
    if let Ok(request) = Request::decode(data) {
        assert_eq!(Request::decode(&request.encode()).as_ref(), Ok(&request));
    }
}

/// Response bodies as a client receives them from a (possibly hostile) relay.
pub fn response(data: &[u8]) {
    if let Ok(response) = Response::decode(data) {
        assert_eq!(Response::decode(&response.encode()).as_ref(), Ok(&response));
    }
}

/// A byte stream split into frames, each decoded as a request.
pub fn frame(data: &[u8]) {
    let mut rest = data;
    while let Ok(Some((body, tail))) = frame::split(rest) {
        let _ = Request::decode(body);
        rest = tail;
    }
}

/// Contact cards as pasted by users.
pub fn contact_card(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(card) = ContactCard::from_text(text)
    {
        assert_eq!(ContactCard::from_text(&card.to_text()).as_ref(), Ok(&card));
    }
}

/// Invitation codes as pasted by users.
pub fn invitation(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(invitation) = Invitation::from_text(text)
    {
        assert_eq!(
            Invitation::from_text(&invitation.to_text()).as_ref(),
            Ok(&invitation)
        );
    }
}

/// Signed rosters as a relay serves them (a compromised relay controls them fully).
pub fn roster(data: &[u8]) {
    if let Ok(signed) = SignedRoster::from_bytes(data) {
        assert_eq!(
            SignedRoster::from_bytes(&signed.to_bytes()).as_ref(),
            Ok(&signed)
        );
        if let Ok(roster) = signed.roster() {
            assert_eq!(Roster::decode(&roster.encode()).as_ref(), Ok(&roster));
        }
    }
}

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
