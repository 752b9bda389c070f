//! Receive windows (`relay/src/window.rs`), observed from the sending side: how many bytes
//! a client can push on streams the relay side never reads. An ordinary connection may push
//! about its small window; a widened one about the transfer window, and only while the
//! relay-wide pool has room; the pool gets its share back when the last grant goes.

use std::sync::Arc;
use std::time::Duration;

use amicus_client::internal::RelayLink;
use amicus_relay::config::RelayConfig;
use amicus_relay::keys::RelayKeys;
use amicus_relay::transport::{STREAM_WINDOW, server_config};
use amicus_relay::window::{ConnectionWindow, TRANSFER_WINDOW};
use tokio::sync::Semaphore;

const BASE: u32 = 256 * 1024;
/// A write that makes no progress for this long is blocked by flow control.
const BLOCKED: Duration = Duration::from_millis(1500);

/// A QUIC server with the relay's own TLS and transport configuration (base window `BASE`)
/// that accepts connections and never reads; returns it with its address and pin.
fn server(dir: &std::path::Path) -> (quinn::Endpoint, String, amicus_protocol::RelayPin) {
    let keys = RelayKeys::load_or_create(dir).unwrap();
    let mut config = RelayConfig::new(dir, "127.0.0.1:0".parse().unwrap());
    config.connection_window_bytes = BASE;
    let endpoint = quinn::Endpoint::server(
        server_config(&keys, &config).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let addr = endpoint.local_addr().unwrap().to_string();
    (endpoint, addr, keys.pin)
}

/// Connects a client and returns it with the server's side of the connection.
async fn pair(
    endpoint: &quinn::Endpoint,
    addr: &str,
    pin: amicus_protocol::RelayPin,
) -> (RelayLink, quinn::Connection) {
    // The server's side must accept while the client connects: the handshake needs both.
    let accept = async { endpoint.accept().await.unwrap().await.unwrap() };
    let (link, connection) = tokio::join!(RelayLink::connect(addr, pin), accept);
    (link.unwrap(), connection)
}

/// Bytes the client can push on fresh streams (each takes at most a stream window) until
/// one blocks short of a stream window: the connection's window is then spent. Streams
/// stay open (returned) so their bytes stay unread.
async fn pushable(link: &RelayLink, streams: usize) -> (u64, Vec<quinn::SendStream>) {
    let piece = vec![7u8; 64 * 1024];
    let mut total = 0u64;
    let mut open = Vec::new();
    for _ in 0..streams {
        let (mut send, _recv) = link
            .connection()
            .expect("a QUIC link")
            .open_bi()
            .await
            .unwrap();
        let mut on_stream = 0u64;
        loop {
            match tokio::time::timeout(BLOCKED, send.write(&piece)).await {
                Ok(Ok(n)) => on_stream += n as u64,
                Ok(Err(e)) => panic!("write failed: {e}"),
                Err(_) => break,
            }
        }
        total += on_stream;
        open.push(send);
        if on_stream < u64::from(STREAM_WINDOW) {
            break;
        }
    }
    (total, open)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_widened_connection_may_push_past_its_small_window() {
    let dir = tempfile::tempdir().unwrap();
    let (endpoint, addr, pin) = server(dir.path());
    let extra = TRANSFER_WINDOW - BASE;
    // Room in the pool for one widened connection.
    let pool = Arc::new(Semaphore::new(extra as usize));
    // Enough streams to fill a transfer window.
    let streams = (TRANSFER_WINDOW / STREAM_WINDOW) as usize + 1;

    // An ordinary connection: about the base window, however many streams it uses.
    let (link, connection) = pair(&endpoint, &addr, pin).await;
    let window = ConnectionWindow::new(connection.clone(), BASE, pool.clone());
    let (ordinary, _held) = pushable(&link, streams).await;
    assert!(
        ordinary <= u64::from(BASE) + 64 * 1024,
        "an ordinary connection pushed {ordinary} bytes"
    );

    // Widened: the same connection may now push about the transfer window in all.
    let grant = window.widen();
    let second = window.widen();
    assert_eq!(
        pool.available_permits(),
        0,
        "one connection takes one share"
    );
    let (more, _held_more) = pushable(&link, streams).await;
    let widened = ordinary + more;
    println!("pushed unread: ordinary {ordinary}, widened {widened} bytes");
    assert!(
        widened >= u64::from(TRANSFER_WINDOW) * 3 / 4
            && widened <= u64::from(TRANSFER_WINDOW) + 64 * 1024,
        "a widened connection pushed {widened} bytes"
    );

    // Another connection while the pool is spent: it runs at the small window.
    let (other_link, other_connection) = pair(&endpoint, &addr, pin).await;
    let other_window = ConnectionWindow::new(other_connection, BASE, pool.clone());
    let _other_grant = other_window.widen();
    let (other, _held_other) = pushable(&other_link, streams).await;
    assert!(
        other <= u64::from(BASE) + 64 * 1024,
        "with the pool spent, a connection pushed {other} bytes"
    );

    // The share returns with the connection's last grant, not before.
    drop(grant);
    assert_eq!(pool.available_permits(), 0);
    drop(second);
    assert_eq!(pool.available_permits(), extra as usize);
}
