#![no_main]
//! Response bodies as a client receives them from a (possibly hostile) relay.
use amicus_protocol::Response;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(response) = Response::decode(data) {
        assert_eq!(Response::decode(&response.encode()).as_ref(), Ok(&response));
    }
});
