//! The flood tests' hostile clients, on whichever route their link runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use amicus_client::internal::RelayLink;
use amicus_protocol::limits::MAX_FRAME_LEN;
use amicus_protocol::{ErrorCode, Response};
use tokio::task::JoinHandle;

/// A hoarder: every stream it may open promises a full frame, sends 32 KiB, and never
/// finishes, until `stop`.
pub(crate) fn hoard(link: RelayLink, stop: Arc<AtomicBool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut held = Vec::new();
        for _ in 0..16 {
            let Ok((mut send, recv)) = link.open_stream().await else {
                break;
            };
            let _ = send.write_all(&(MAX_FRAME_LEN as u32).to_be_bytes()).await;
            let _ = send.write_all(&vec![0u8; 32 * 1024]).await;
            held.push((send, recv));
        }
        while !stop.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        drop(held);
    })
}

/// An oversizer: frame headers over the limit, again and again until `stop`; each must get
/// a clear refusal (the task panics otherwise: join it with `expect`).
pub(crate) fn oversize(link: RelayLink, stop: Arc<AtomicBool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        while !stop.load(Ordering::SeqCst) {
            let header = (MAX_FRAME_LEN as u32 + 1).to_be_bytes();
            match link.raw_exchange(&header).await {
                Ok(response) => assert_eq!(response, Response::error(ErrorCode::FrameTooLarge)),
                Err(_) => break,
            }
        }
    })
}

/// Malformed frames, each answered with its own clear code on `link`, whichever route it
/// runs on; then `garbage` random bodies (seeded), each answered with an Amicus error and
/// never a crash; then the link still serves.
pub(crate) async fn malformed_frames(link: &RelayLink, garbage: usize) {
    use amicus_protocol::{Request, frame};
    use rand::{Rng as _, SeedableRng as _};
    // A length prefix over the protocol limit is refused from the header.
    let response = link.raw_exchange(&(u32::MAX).to_be_bytes()).await.unwrap();
    assert_eq!(response, Response::error(ErrorCode::FrameTooLarge));
    // An unknown tag, and a wrong version.
    let response = link
        .raw_exchange(&frame::encode(&[1, 200, 0, 0]))
        .await
        .unwrap();
    assert_eq!(response, Response::error(ErrorCode::Malformed));
    let response = link.raw_exchange(&frame::encode(&[9, 1])).await.unwrap();
    assert_eq!(response, Response::error(ErrorCode::UnsupportedVersion));
    // A header promising more than is ever sent: refused when the stream ends.
    let response = link
        .raw_exchange(&[0, 0, 0x10, 0, 1, 1, 2, 3])
        .await
        .unwrap();
    assert_eq!(response, Response::error(ErrorCode::Malformed));
    // Bytes left over after a request's last field.
    let mut trailing = Request::ServerInfo.encode();
    trailing.push(0);
    let response = link.raw_exchange(&frame::encode(&trailing)).await.unwrap();
    assert_eq!(response, Response::error(ErrorCode::Malformed));
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    for _ in 0..garbage {
        let len = rng.random_range(0..64);
        let mut body: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        if let Some(version) = body.first_mut() {
            *version = 1;
        }
        // A random body that happens to decode gets a real answer; anything else an
        // Amicus error code, never an internal failure.
        let answer = link.raw_exchange(&frame::encode(&body)).await.unwrap();
        if let Response::Error { code, .. } = answer {
            assert_ne!(code, ErrorCode::Internal);
        }
    }
    assert!(matches!(
        link.call(&Request::ServerInfo).await.unwrap(),
        Response::ServerInfo { .. }
    ));
}
