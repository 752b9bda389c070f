#![no_main]
//! Records the relay reads back from its own disk.
use amicus_protocol::SignedPublicPrekey;
use amicus_protocol::message::IdentityRecord;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = IdentityRecord::from_bytes(data);
    let _ = SignedPublicPrekey::from_bytes(data);
});
