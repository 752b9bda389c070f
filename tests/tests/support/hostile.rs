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
