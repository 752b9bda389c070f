#![no_main]
//! Decrypted end-to-end content: briefings, submissions with mandates, presentations,
//! receipts, revocations, questions (a malicious sender controls it fully).
use amicus_client::content::Content;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(unpadded) = Content::unpad(data) {
        let _ = Content::decode(unpadded);
    }
    if let Ok(content) = Content::decode(data) {
        assert_eq!(Content::decode(&content.encode()).as_ref(), Ok(&content));
    }
});
