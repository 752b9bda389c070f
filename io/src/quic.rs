//! The QUIC transport parameters both ends use: one definition, so that a client mirrors
//! the relay's stream and window limits exactly (shared/facts.md: quinn's defaults allow
//! about 125 MB of buffered data per connection, far too much for a public relay).

use std::time::Duration;

use quinn::{IdleTimeout, TransportConfig, VarInt};

/// Per-stream receive window: a full frame streams through it in a few round trips.
pub const STREAM_WINDOW: u32 = 1024 * 1024;
/// The receive window of a connection moving an attachment: the relay widens a
/// connection's small window to this for checked uploads; clients use it as their own
/// receive window and as everyone's send window.
pub const TRANSFER_WINDOW: u32 = 4 * 1024 * 1024;
/// Send window (the most a peer will have in flight to us on one connection).
pub const CONNECTION_WINDOW: u32 = TRANSFER_WINDOW;
/// The largest HTTP/2 frame either end of the TCP route accepts (SETTINGS_MAX_FRAME_SIZE):
/// attachments move in frames this large instead of HTTP/2's default 16 KiB, so a transfer
/// costs a sixteenth of the frames. Flow control still bounds what a peer may send.
pub const HTTP2_MAX_FRAME: u32 = 256 * 1024;

/// The transport parameters: `max_streams` bidirectional streams, no unidirectional ones,
/// no datagrams, the given idle timeout and connection receive window.
pub fn transport_config(
    max_streams: u32,
    idle_timeout: Duration,
    receive_window: u32,
) -> TransportConfig {
    let mut t = TransportConfig::default();
    t.max_concurrent_bidi_streams(VarInt::from_u32(max_streams))
        .max_concurrent_uni_streams(VarInt::from_u32(0))
        .stream_receive_window(VarInt::from_u32(STREAM_WINDOW))
        .receive_window(VarInt::from_u32(receive_window))
        .send_window(u64::from(CONNECTION_WINDOW))
        .datagram_receive_buffer_size(None);
    if let Ok(idle) = IdleTimeout::try_from(idle_timeout) {
        t.max_idle_timeout(Some(idle));
    }
    t
}
