//! Hard limits of the wire protocol. Both sides enforce them: the relay rejects anything
//! larger with a clear error code, and decoders refuse oversize fields before allocating.

/// Largest frame body (after the 4-byte length prefix) either side accepts.
pub const MAX_FRAME_LEN: usize = 4 * 1024 * 1024;

/// Largest sealed envelope the relay stores. Briefing text travels in envelopes; large
/// evidence travels as attachments.
pub const MAX_ENVELOPE_LEN: usize = 192 * 1024;

/// Most envelopes in one `Deliver` request.
pub const MAX_DELIVER_BATCH: usize = 16;

/// Most envelopes in one `Fetch` response.
pub const MAX_FETCH_BATCH: usize = 16;

/// Most ids in one `Ack` request.
pub const MAX_ACK_BATCH: usize = 256;

/// Most one-time prekeys (of each kind) in one `PublishPrekeys` request.
pub const MAX_PREKEY_BATCH: usize = 200;

/// Largest serialized public key (a Kyber-1024 public key is 1569 bytes).
pub const MAX_KEY_LEN: usize = 2048;

/// Largest signature.
pub const MAX_SIGNATURE_LEN: usize = 128;

/// Largest sender certificate.
pub const MAX_CERTIFICATE_LEN: usize = 4096;

/// Largest display name on a contact card, in bytes of UTF-8.
pub const MAX_NAME_LEN: usize = 128;

/// Largest relay address on a contact card.
pub const MAX_ADDRESS_LEN: usize = 255;

/// Largest signed roster body.
pub const MAX_ROSTER_LEN: usize = 128 * 1024;

/// Most people on one roster.
pub const MAX_ROSTER_ENTRIES: usize = 512;

/// Most roster versions in one `Rosters` response.
pub const MAX_ROSTER_BATCH: usize = 16;

/// Most readers (recipients) of one attachment blob.
pub const MAX_BLOB_READERS: usize = 64;

// A full fetch batch of maximum-size envelopes must fit in one frame.
const _: () = assert!(MAX_FETCH_BATCH * (MAX_ENVELOPE_LEN + 64) < MAX_FRAME_LEN);
const _: () = assert!(MAX_DELIVER_BATCH * (MAX_ENVELOPE_LEN + 64) < MAX_FRAME_LEN);
const _: () = assert!(MAX_ROSTER_BATCH * (MAX_ROSTER_LEN + MAX_KEY_LEN + 256) < MAX_FRAME_LEN);
