//! The network driver: a quinn endpoint, one task per connection, one task per request
//! stream. Everything it does with a request is in [`crate::service`].
//!
//! Bounds that keep one client from hurting others: a connection cap (extra handshakes are
//! refused), a handshake timeout, quinn's stream and window limits ([`crate::transport`]),
//! a deadline to receive each complete request frame, the frame size limit checked from
//! the length prefix before any body is read, and memory budgets (per connection and for
//! the relay) taken as body bytes arrive.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use amicus_protocol::{BlobId, ErrorCode, RelayPin, Request, Response, frame};
use quinn::{Endpoint, RecvStream, SendStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::config::RelayConfig;
use crate::error::RelayError;
use crate::metrics::Metrics;
use crate::service::{Service, Session};
use crate::transport;
use crate::window::{ConnectionWindow, DOWNLOAD_BUFFER, OWN_ALLOWANCE, UPLOAD_BUFFER};
use amicus_io::{TRANSFER_STALL, Watchdog};

/// How long a client may take to send one complete request frame.
const FRAME_DEADLINE: Duration = Duration::from_secs(30);

/// A relay serving on a socket. Dropping it without [`RunningRelay::shutdown`] aborts it.
pub struct RunningRelay {
    pub addr: SocketAddr,
    /// Where `/metrics` and `/health` are served, if enabled.
    pub metrics_addr: Option<SocketAddr>,
    /// The TCP route's address and secret path, if enabled.
    pub tcp: Option<(SocketAddr, String)>,
    /// The relay address to give clients, every route in it (see [`crate::published`]).
    pub address_for_clients: String,
    pub pin: RelayPin,
    service: Arc<Service>,
    shutdown: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    metrics_task: Option<tokio::task::JoinHandle<()>>,
    tcp_task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningRelay {
    /// The service, for in-process inspection (tests, the demo, metrics).
    pub fn service(&self) -> &Arc<Service> {
        &self.service
    }

    /// Stops accepting, closes connections, waits for in-flight requests (and so for their
    /// durable writes) and releases the store.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        for task in [self.metrics_task.take(), self.tcp_task.take()]
            .into_iter()
            .flatten()
        {
            let _ = task.await;
        }
    }
}

impl Drop for RunningRelay {
    fn drop(&mut self) {
        for task in [
            self.task.take(),
            self.metrics_task.take(),
            self.tcp_task.take(),
        ]
        .into_iter()
        .flatten()
        {
            task.abort();
        }
    }
}

/// Opens the store and keys, binds the endpoint and starts serving.
pub async fn start(config: RelayConfig) -> Result<RunningRelay, RelayError> {
    let service = Arc::new(Service::open(config.clone())?);
    let server_config = transport::server_config(&service.keys, &config)?;
    let endpoint =
        Endpoint::server(server_config, config.listen).map_err(|source| RelayError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = endpoint.local_addr().map_err(|source| RelayError::Bind {
        addr: config.listen,
        source,
    })?;
    let (shutdown, shutdown_rx) = watch::channel(false);
    let metrics_addr = match config.metrics_listen {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|source| RelayError::Bind { addr, source })?;
            let bound = listener.local_addr().ok();
            let task = tokio::spawn(crate::metrics::serve(
                listener,
                service.clone(),
                shutdown_rx.clone(),
            ));
            (bound, Some(task))
        }
        None => (None, None),
    };
    let (metrics_addr, metrics_task) = metrics_addr;
    let (tcp, tcp_task) = match config.tcp_listen {
        Some(listen) => {
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|source| RelayError::Bind {
                    addr: listen,
                    source,
                })?;
            let bound = listener.local_addr().map_err(|source| RelayError::Bind {
                addr: listen,
                source,
            })?;
            let path = crate::tcp_route::route_path(&config.data_dir)?;
            let task = tokio::spawn(crate::tcp_route::serve(
                listener,
                service.clone(),
                path.clone(),
                shutdown_rx.clone(),
            ));
            (Some((bound, path)), Some(task))
        }
        None => (None, None),
    };
    let task = tokio::spawn(serve(endpoint, service.clone(), shutdown_rx));
    tracing::info!(%addr, "relay listening");
    let address_for_clients = crate::published::client_address(
        config.public_host.as_deref(),
        addr.port(),
        tcp.as_ref().map(|(a, path)| (a.port(), path.as_str())),
        config.onion_host.as_deref(),
    );
    Ok(RunningRelay {
        addr,
        metrics_addr,
        address_for_clients,
        tcp,
        pin: service.keys.pin,
        service,
        shutdown,
        task: Some(task),
        metrics_task,
        tcp_task,
    })
}

/// How long a finished request waits for the peer to acknowledge its response.
const RESPONSE_ACK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// How long shutdown waits for in-flight requests before closing connections anyway.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

async fn serve(endpoint: Endpoint, service: Arc<Service>, mut shutdown: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(service.config.max_connections));
    let total_buffer = Arc::new(Semaphore::new(service.config.total_buffer_bytes));
    let transfer_windows = Arc::new(Semaphore::new(service.config.transfer_window_total_bytes));
    let mut connections = JoinSet::new();
    let mut sweep = tokio::time::interval(service.config.sweep_interval);
    loop {
        tokio::select! {
            incoming = endpoint.accept() => {
                let Some(incoming) = incoming else { break };
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    tracing::warn!("connection limit reached; refusing a connection");
                    Metrics::add(&service.metrics.connections_refused, 1);
                    incoming.refuse();
                    continue;
                };
                // One address may hold only so many connections (the address itself is
                // neither logged nor counted anywhere but in memory).
                let Some((limited, place)) = service.admit_connection(incoming.remote_address().ip())
                else {
                    incoming.refuse();
                    continue;
                };
                let service = service.clone();
                let pools = (total_buffer.clone(), transfer_windows.clone());
                let shutdown = shutdown.clone();
                connections.spawn(async move {
                    handle_connection(incoming, limited, service, pools, shutdown).await;
                    drop(place);
                    drop(slot);
                });
            }
            _ = sweep.tick() => {
                if let Err(e) = service.sweep_expired().await {
                    tracing::warn!(error = %e, "expiry sweep failed");
                }
                service.addresses.prune(service.now_ms());
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = shutdown.changed() => break,
        }
    }
    // Each connection stops taking new requests, answers those in flight (their durable
    // writes finish and their responses reach the client), then closes.
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!("connections still busy at shutdown; closing them");
    }
    endpoint.close(0u32.into(), b"relay shutting down");
    while connections.join_next().await.is_some() {}
    endpoint.wait_idle().await;
    tracing::info!("relay stopped");
}

/// Budgets for request bytes buffered in memory: one per connection, one for the relay;
/// and the connection's QUIC receive window, widened for checked uploads.
#[derive(Clone)]
struct Buffers {
    /// The connection's own allowance for one small frame, drawn from no shared budget:
    /// small requests never wait for what other connections hold.
    own: Arc<Semaphore>,
    connection: Arc<Semaphore>,
    total: Arc<Semaphore>,
    window: Arc<ConnectionWindow>,
}

async fn handle_connection(
    incoming: quinn::Incoming,
    address: Option<std::net::IpAddr>,
    service: Arc<Service>,
    (total_buffer, transfer_windows): (Arc<Semaphore>, Arc<Semaphore>),
    mut shutdown: watch::Receiver<bool>,
) {
    let connecting = match incoming.accept() {
        Ok(c) => c,
        Err(e) => {
            tracing::debug!(error = %e, "handshake refused");
            return;
        }
    };
    let connection = match tokio::time::timeout(service.config.handshake_timeout, connecting).await
    {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "handshake failed");
            return;
        }
        Err(_) => {
            tracing::debug!("handshake timed out");
            return;
        }
    };
    Metrics::add(&service.metrics.connections_accepted, 1);
    service
        .metrics
        .connections_open
        .fetch_add(1, Ordering::Relaxed);
    let session = Arc::new(Mutex::new(service.new_session_from(address)));
    let buffers = Buffers {
        own: Arc::new(Semaphore::new(OWN_ALLOWANCE)),
        connection: Arc::new(Semaphore::new(service.config.connection_buffer_bytes)),
        total: total_buffer,
        window: ConnectionWindow::new(
            connection.clone(),
            service.config.connection_window_bytes,
            transfer_windows,
        ),
    };
    let mut streams = JoinSet::new();
    // Transfers watch for shutdown themselves (they stop early and are resumed later).
    let transfer_stop = shutdown.clone();
    loop {
        tokio::select! {
            stream = connection.accept_bi() => {
                let Ok((send, recv)) = stream else { break };
                let service = service.clone();
                let session = session.clone();
                let buffers = buffers.clone();
                let stop = transfer_stop.clone();
                streams.spawn(async move {
                    handle_stream(send, recv, &service, &session, &buffers, stop).await
                });
            }
            Some(_) = streams.join_next(), if !streams.is_empty() => {}
            _ = shutdown.wait_for(|stop| *stop) => break,
        }
    }
    while streams.join_next().await.is_some() {}
    connection.close(0u32.into(), b"relay shutting down");
    service
        .metrics
        .connections_open
        .fetch_sub(1, Ordering::Relaxed);
}

async fn handle_stream(
    mut send: SendStream,
    mut recv: RecvStream,
    service: &Service,
    session: &Mutex<Session>,
    buffers: &Buffers,
    stop: watch::Receiver<bool>,
) {
    let response = match tokio::time::timeout(FRAME_DEADLINE, read_frame(&mut recv, buffers)).await
    {
        // The budget is held until the request has been handled.
        Ok(Ok((body, held))) => match streamed_request(&body) {
            Some(Request::UploadBlob {
                blob,
                upload_token,
                offset,
            }) => {
                drop(held);
                let transfer = (&mut recv, blob, &upload_token, offset);
                upload(service, session, buffers, transfer, stop).await
            }
            Some(Request::DownloadBlob {
                blob,
                reader_token,
                offset,
            }) => {
                drop(held);
                let transfer = (&mut send, blob, &reader_token, offset);
                download(service, session, buffers, transfer, stop).await;
                return;
            }
            _ => service.handle_frame(session, &body).await,
        },
        Ok(Err(code)) => Response::error(code),
        Err(_) => Response::error(ErrorCode::Malformed),
    };
    answer(&mut send, response, buffers).await;
}

/// How long a response may take to reach the client (written, then acknowledged by the
/// client's QUIC stack) before the stream is reset. Generous for slow links (a full fetch
/// at 25 KB/s); what it bounds is how long a client that never reads can hold budget.
const RESPONSE_DEADLINE: Duration = Duration::from_secs(120);

/// Sends a response and waits until the client has it, holding its bytes in the buffer
/// budgets all the while: quinn keeps a copy until the client acknowledges it, and a
/// client that never reads (or grants no flow-control credit) would otherwise make the
/// relay keep every response it asked for. A small response uses the connection's own
/// allowance. A large one (a fetch of big envelopes) needs room in the shared budgets now,
/// or the client is told to retry later; nothing is lost, fetched envelopes stay until
/// acknowledged. Past [`RESPONSE_DEADLINE`] the stream is reset, which frees quinn's copy.
async fn answer(send: &mut SendStream, response: Response, buffers: &Buffers) {
    // One copy of the answer from here on: the encoded frame, handed to quinn as it is (and
    // counted in the budget), not the response value beside it nor a copy in quinn.
    let mut bytes = bytes::Bytes::from(frame::encode(&response.encode()));
    drop(response);
    let held = match take_response_budget(buffers, bytes.len()).await {
        Some(held) => held,
        None => {
            bytes = bytes::Bytes::from(frame::encode(
                &Response::Error {
                    code: ErrorCode::RateLimited,
                    retry_after_ms: 1000,
                }
                .encode(),
            ));
            match take_response_budget(buffers, bytes.len()).await {
                Some(held) => held,
                None => return,
            }
        }
    };
    let delivered = tokio::time::timeout(RESPONSE_DEADLINE, async {
        send.write_chunk(bytes).await.ok()?;
        send.finish().ok()?;
        // Wait until the client has it (or the stream is gone), so that closing the
        // connection right after cannot drop it.
        send.stopped().await.ok()
    })
    .await;
    if delivered.is_err() {
        let _ = send.reset(0u32.into());
    }
    drop(held);
}

/// Budget for a response of `len` bytes: the connection's own allowance (waited for: only
/// this connection's other answers hold it) if small, else room in the connection's and the
/// relay's budgets if there is some now.
async fn take_response_budget(buffers: &Buffers, len: usize) -> Option<Held> {
    let permits = u32::try_from(len).ok()?;
    if len <= OWN_ALLOWANCE {
        let own = buffers.own.clone().acquire_many_owned(permits).await.ok()?;
        return Some(Held::Own(own));
    }
    let connection = buffers
        .connection
        .clone()
        .try_acquire_many_owned(permits)
        .ok()?;
    let total = buffers.total.clone().try_acquire_many_owned(permits).ok()?;
    Some(Held::Shared([connection, total]))
}

async fn respond(send: &mut SendStream, response: &Response) {
    let _ = send.write_all(&frame::encode(&response.encode())).await;
}

/// Upload and download frames are small; anything longer is an ordinary request.
const STREAMED_FRAME_MAX: usize = 64;

/// The request if it is one whose bytes follow its frame on the stream.
fn streamed_request(body: &[u8]) -> Option<Request> {
    if body.len() > STREAMED_FRAME_MAX {
        return None;
    }
    match Request::decode(body) {
        Ok(r @ (Request::UploadBlob { .. } | Request::DownloadBlob { .. })) => Some(r),
        _ => None,
    }
}

/// Reserves `bytes` of the memory budgets for one transfer's buffer.
async fn reserve(
    buffers: &Buffers,
    bytes: usize,
) -> Option<[tokio::sync::OwnedSemaphorePermit; 2]> {
    let permits = u32::try_from(bytes).ok()?;
    let connection = buffers
        .connection
        .clone()
        .acquire_many_owned(permits)
        .await
        .ok()?;
    let total = buffers
        .total
        .clone()
        .acquire_many_owned(permits)
        .await
        .ok()?;
    Some([connection, total])
}

/// Streams the rest of `recv` into the blob. What arrived before a break is kept (and
/// synced): it is valid ciphertext at its offset, and the client resumes after it. At
/// shutdown the upload stops at once, keeping what arrived: the client resumes later, so
/// a long upload never holds a restart up.
async fn upload(
    service: &Service,
    session: &Mutex<Session>,
    buffers: &Buffers,
    (recv, blob, token, offset): (&mut RecvStream, BlobId, &[u8; 32], u64),
    mut stop: watch::Receiver<bool>,
) -> Response {
    let Some(_held) = reserve(buffers, UPLOAD_BUFFER).await else {
        return Response::error(ErrorCode::Internal);
    };
    let mut sink = match service.begin_upload(session, blob, token, offset).await {
        Ok(sink) => sink,
        Err(e) => return Response::error(e.code()),
    };
    // The capability is checked: this connection may buffer more, for speed.
    let _window = buffers.window.widen();
    // Many received pieces per wake-up, one stall timer for the whole upload (re-armed at
    // most once a second): per-packet timers and wake-ups cost more than the copy.
    let mut pieces: [bytes::Bytes; 32] = Default::default();
    let mut watchdog = Watchdog::new();
    let stall = tokio::time::sleep(TRANSFER_STALL);
    tokio::pin!(stall);
    let stopped = async move {
        let _ = stop.wait_for(|s| *s).await;
    };
    tokio::pin!(stopped);
    loop {
        let next = tokio::select! {
            next = recv.read_chunks(&mut pieces) => next,
            _ = &mut stall => {
                let _ = sink.finish().await;
                return Response::error(ErrorCode::Malformed);
            }
            _ = &mut stopped => {
                let _ = recv.stop(0u32.into());
                break;
            }
        };
        match next {
            Ok(Some(n)) => {
                for piece in &mut pieces[..n] {
                    if let Err(e) = sink.write(std::mem::take(piece)).await {
                        let _ = recv.stop(0u32.into());
                        return Response::error(e.code());
                    }
                }
                watchdog.progress(stall.as_mut());
            }
            Ok(None) => break,
            Err(_) => {
                let _ = sink.finish().await;
                return Response::error(ErrorCode::Malformed);
            }
        }
    }
    sink.finish()
        .await
        .unwrap_or_else(|e| Response::error(e.code()))
}

/// Answers `BlobFollows`, then the blob's bytes from the offset, then finishes the stream.
/// At shutdown it stops (the client resumes from what it holds).
async fn download(
    service: &Service,
    session: &Mutex<Session>,
    buffers: &Buffers,
    (send, blob, token, offset): (&mut SendStream, BlobId, &[u8; 32], u64),
    mut stop: watch::Receiver<bool>,
) {
    let Some(_held) = reserve(buffers, DOWNLOAD_BUFFER).await else {
        return;
    };
    let mut reader = match service.begin_download(session, blob, token, offset).await {
        Ok(reader) => reader,
        Err(e) => {
            respond(send, &Response::error(e.code())).await;
            let _ = send.finish();
            let _ = tokio::time::timeout(RESPONSE_ACK_WAIT, send.stopped()).await;
            return;
        }
    };
    respond(send, &Response::BlobFollows { size: reader.size }).await;
    loop {
        let chunk = match reader.next_chunk().await {
            Ok(chunk) if chunk.is_empty() => break,
            Ok(chunk) => chunk,
            Err(e) => {
                tracing::warn!(error = %e, "attachment read failed");
                let _ = send.reset(1u32.into());
                return;
            }
        };
        let written = tokio::select! {
            w = tokio::time::timeout(TRANSFER_STALL, send.write_chunk(chunk)) => matches!(w, Ok(Ok(()))),
            _ = stop.wait_for(|s| *s) => false,
        };
        if !written {
            let _ = send.reset(1u32.into());
            return;
        }
    }
    let _ = send.finish();
    let _ = tokio::time::timeout(TRANSFER_STALL, send.stopped()).await;
}

/// Bytes of a frame body reserved from the budgets at a time.
const BUDGET_STEP: usize = 64 * 1024;

/// The budget a request frame holds until it has been handled.
#[allow(dead_code)] // held for its drop
enum Held {
    Own(tokio::sync::OwnedSemaphorePermit),
    Shared([tokio::sync::OwnedSemaphorePermit; 2]),
}

/// Reads one request frame. A small frame (at most [`OWN_ALLOWANCE`]) is read on the
/// connection's own allowance when it is free, so that authentication, fetches,
/// acknowledgements and ordinary briefings go through even while other connections hold
/// every shared byte. Other frames are reserved from the connection's and the relay's
/// budgets step by step, just before each step's bytes are read: a client has to send bytes
/// to hold budget, a header alone holds nothing. While the budgets are spent the stream
/// waits without reading, so QUIC flow control slows the sender instead of the relay's
/// memory growing. The body buffer grows only as bytes arrive.
async fn read_frame(
    recv: &mut RecvStream,
    buffers: &Buffers,
) -> Result<(Vec<u8>, Held), ErrorCode> {
    let mut header = [0u8; frame::HEADER_LEN];
    recv.read_exact(&mut header)
        .await
        .map_err(|_| ErrorCode::Malformed)?;
    let len = frame::body_len(header).map_err(|_| ErrorCode::FrameTooLarge)?;
    if len <= OWN_ALLOWANCE {
        // Fits in u32: at most 64 KiB.
        if let Ok(own) = buffers.own.clone().try_acquire_many_owned(len as u32) {
            let body = read_body(recv, Vec::with_capacity(len), len).await?;
            return Ok((body, Held::Own(own)));
        }
    }
    let [mut connection, mut total] = reserve(buffers, 0).await.ok_or(ErrorCode::Internal)?;
    // Each step is read into its own exactly sized piece and the pieces are joined once the
    // frame is complete: growing one buffer would double its capacity past what the budget
    // counts and leave the smaller buffers behind in the allocator.
    let mut pieces = Vec::new();
    let mut have = 0;
    while have < len {
        let step = (len - have).min(BUDGET_STEP);
        let [c, t] = reserve(buffers, step).await.ok_or(ErrorCode::Internal)?;
        connection.merge(c);
        total.merge(t);
        pieces.push(read_body(recv, Vec::with_capacity(step), step).await?);
        have += step;
    }
    let body = match pieces.len() {
        1 => pieces.pop().unwrap_or_default(),
        _ => pieces.concat(),
    };
    Ok((body, Held::Shared([connection, total])))
}

/// Reads the stream until `body` holds `end` bytes.
async fn read_body(
    recv: &mut RecvStream,
    mut body: Vec<u8>,
    end: usize,
) -> Result<Vec<u8>, ErrorCode> {
    while body.len() < end {
        match recv.read_chunk(end - body.len(), true).await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk.bytes),
            Ok(None) | Err(_) => return Err(ErrorCode::Malformed),
        }
    }
    Ok(body)
}
