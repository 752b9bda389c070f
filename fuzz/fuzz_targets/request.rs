#![no_main]
//! Request bodies as the relay receives them from the network.
use amicus_protocol::Request;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = Request::decode(data) {
        // Whatever decodes must re-encode to something that decodes to the same value.
        assert_eq!(Request::decode(&request.encode()).as_ref(), Ok(&request));
    }
});
