//! Every fuzz target by name, mapped to the property it checks. The checks live beside the
//! decoders they test: the wire's in `amicus_protocol::checks`, the client domain's in
//! `amicus_core::internal::fuzzing`, the relay's records in `amicus_relay::internal::fuzzing`.
//! `fuzz/` and `fuzz/wire/` run them under libFuzzer; `tests/tests/fuzz_corpus.rs` runs them
//! on every `cargo test` over the committed seed corpus and deterministic mutations of it.

pub use amicus_core::internal::fuzzing::{briefing, client_records};
pub use amicus_protocol::checks::{contact_card, frame, invitation, request, response, roster};
pub use amicus_relay::internal::fuzzing::relay_records;

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
