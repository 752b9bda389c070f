#![no_main]
//! Signed rosters as a relay serves them (a compromised relay controls them fully).
use amicus_protocol::SignedRoster;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(signed) = SignedRoster::from_bytes(data) {
        assert_eq!(SignedRoster::from_bytes(&signed.to_bytes()).as_ref(), Ok(&signed));
        if let Ok(roster) = signed.roster() {
            assert_eq!(amicus_protocol::Roster::decode(&roster.encode()).as_ref(), Ok(&roster));
        }
    }
});
