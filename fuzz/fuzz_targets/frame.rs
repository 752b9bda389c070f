#![no_main]
//! A byte stream split into frames, each decoded as a request.
use amicus_protocol::{Request, frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    while let Ok(Some((body, tail))) = frame::split(rest) {
        let _ = Request::decode(body);
        rest = tail;
    }
});
