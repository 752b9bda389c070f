//! The properties the protocol's decoders promise, as plain functions over bytes: the
//! libFuzzer targets in `fuzz/wire/` run them, and so does the stable smoke run on every
//! `cargo test` (`tests/tests/fuzz_corpus.rs`). A check panics only when a decoder breaks its
//! contract: it panicked itself, or a value it returned does not round-trip.

use crate::{ContactCard, Invitation, Request, Response, Roster, SignedRoster, frame};

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
