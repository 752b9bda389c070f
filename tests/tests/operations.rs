//! Operator-facing parts of the relay: metrics and health.

mod support;

use std::io::{Read as _, Write as _};
use std::net::TcpStream;

use support::*;

fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_activity_and_name_no_one() {
    let relay =
        TestRelay::start_with(|c| c.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let metrics_addr = relay.relay().metrics_addr.expect("metrics enabled");
    let (mut defender, mut member) = relay.pair().await;
    defender.send("member", "s", "b").await;
    member.sync().await;

    let health = tokio::task::spawn_blocking(move || get(metrics_addr, "/health"))
        .await
        .unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let text = tokio::task::spawn_blocking(move || get(metrics_addr, "/metrics"))
        .await
        .unwrap();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} missing"))
            .parse()
            .unwrap()
    };
    assert_eq!(value("amicus_envelopes_stored_total"), 1.0);
    assert_eq!(value("amicus_envelopes_acked_total"), 1.0);
    assert!(value("amicus_auth_succeeded_total") >= 2.0);
    assert_eq!(value("amicus_mailboxes"), 2.0);
    assert_eq!(value("amicus_queued_envelopes"), 0.0);
    assert!(value("amicus_durable_sync_seconds_count") >= 1.0);
    assert!(value("amicus_disk_bytes") > 0.0);
    for profile in [&mut defender, &mut member] {
        assert!(!text.contains(&profile.p().mailbox().to_hex()[..16]));
    }
    let missing = tokio::task::spawn_blocking(move || get(metrics_addr, "/other"))
        .await
        .unwrap();
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
}
