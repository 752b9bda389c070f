#![no_main]
//! Decrypted end-to-end content (a malicious sender controls it fully).
use amicus_client::briefing::Briefing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Briefing::decode_padded(data);
});
