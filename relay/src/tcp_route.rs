//! The TCP route: for networks that drop QUIC (UDP), and for Tor, which carries only TCP.
//! TLS 1.3 with the relay's ordinary X.509 certificate (the same pin as on QUIC), then HTTP/2
//! (or HTTP/1.1 for whoever asks for it), so that the connection looks like one to any
//! HTTPS server. One Amicus request per HTTP request, as on QUIC one per stream: a `POST`
//! to the relay's secret path whose body is the request frame (and, for `UploadBlob`, the
//! attachment's bytes after it); the response body is the response frame (and, for
//! `DownloadBlob`, the bytes after `BlobFollows`). Same frames, same service, same limits.
//!
//! Probe resistance (as WebTunnel bridges do): whoever does not know the path gets what an
//! ordinary web server gives, a plain page at `/` and 404 elsewhere, and never an Amicus
//! error code. The path is a secret of the relay (`<data>/tcp-path`), carried to clients
//! with its address. What this does not hide: rustls's ClientHello is not a browser's, and
//! traffic shapes (sizes, timing) are Amicus's own (ARCHITECTURE.md, "What the relay can
//! learn" and "Routes").

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use amicus_protocol::{ErrorCode, Request, Response, frame};
use bytes::Bytes;
use futures_util::StreamExt as _;
use http_body_util::{BodyExt as _, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::{Method, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rand::RngCore as _;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio_rustls::TlsAcceptor;

use crate::error::RelayError;
use crate::keys::RelayKeys;
use crate::metrics::Metrics;
use crate::service::{Service, Session};
use crate::window::OWN_ALLOWANCE;

/// How long a request frame may take to arrive (as on QUIC).
const FRAME_DEADLINE: Duration = Duration::from_secs(30);
/// How long an attachment transfer may go without progress.
const TRANSFER_STALL: Duration = Duration::from_secs(60);
/// HTTP header block size accepted: ordinary requests need far less.
const MAX_HEADERS: u32 = 16 * 1024;

/// The page a probe gets at `/`: what a freshly installed web server shows.
const PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Welcome</title></head>\n\
<body><h1>Welcome</h1><p>This server is up.</p></body></html>\n";

type Body = BoxBody<Bytes, std::io::Error>;

/// The secret path: loaded from `<data>/tcp-path`, created (16 random bytes, hex) on the
/// first start.
pub fn route_path(data_dir: &Path) -> Result<String, RelayError> {
    let file = data_dir.join("tcp-path");
    match std::fs::read_to_string(&file) {
        Ok(text) => {
            let path = text.trim();
            let valid = path.len() == 33
                && path.starts_with('/')
                && path[1..].bytes().all(|b| b.is_ascii_hexdigit());
            if valid {
                Ok(path.to_string())
            } else {
                Err(RelayError::Corrupt("tcp-path"))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = [0u8; 16];
            rand::rng().fill_bytes(&mut secret);
            let path = format!("/{}", amicus_protocol::ids::hex_lower(&secret));
            amicus_io::write_atomic(&file, format!("{path}\n").as_bytes())
                .map_err(|e| RelayError::io(&file, e))?;
            Ok(path)
        }
        Err(e) => Err(RelayError::io(&file, e)),
    }
}

/// TLS for the TCP route: the QUIC route's certificate and rules (TLS 1.3 only, no 0-RTT),
/// the ALPN of an ordinary HTTPS server.
pub fn tls_config(keys: &RelayKeys) -> Result<rustls::ServerConfig, RelayError> {
    crate::transport::server_tls(keys, vec![b"h2".to_vec(), b"http/1.1".to_vec()])
}

/// What every connection of the route shares.
struct Route {
    service: Arc<Service>,
    path: String,
    /// The relay-wide budget for buffered request bytes (the QUIC route has its own).
    total: Arc<Semaphore>,
}

/// Accepts connections on `listener` until `shutdown`.
pub async fn serve(
    listener: TcpListener,
    service: Arc<Service>,
    path: String,
    mut shutdown: watch::Receiver<bool>,
) {
    let tls = match tls_config(&service.keys) {
        Ok(tls) => TlsAcceptor::from(Arc::new(tls)),
        Err(e) => {
            tracing::error!(error = %e, "the TCP route cannot start");
            return;
        }
    };
    let route = Arc::new(Route {
        total: Arc::new(Semaphore::new(service.config.total_buffer_bytes)),
        service,
        path,
    });
    let slots = Arc::new(Semaphore::new(route.service.config.max_connections));
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => {
                    // Out of file descriptors, say: pause instead of spinning on the error.
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            _ = shutdown.changed() => break,
        };
        let service = &route.service;
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            Metrics::add(&service.metrics.connections_refused, 1);
            continue;
        };
        let Some((limited, place)) = service.admit_connection(peer.ip()) else {
            continue;
        };
        let route = route.clone();
        let tls = tls.clone();
        let stop = shutdown.clone();
        connections.spawn(async move {
            connection(route, tls, tcp, peer, limited, stop).await;
            drop(place);
            drop(slot);
        });
    }
    while connections.join_next().await.is_some() {}
}

async fn connection(
    route: Arc<Route>,
    tls: TlsAcceptor,
    tcp: tokio::net::TcpStream,
    _peer: SocketAddr,
    address: Option<std::net::IpAddr>,
    mut stop: watch::Receiver<bool>,
) {
    let config = &route.service.config;
    let Ok(Ok(stream)) = tokio::time::timeout(config.handshake_timeout, tls.accept(tcp)).await
    else {
        return;
    };
    Metrics::add(&route.service.metrics.connections_accepted, 1);
    let session = Arc::new(Mutex::new(route.service.new_session_from(address)));
    let connection_budget = Arc::new(Semaphore::new(config.connection_buffer_bytes));
    let own = Arc::new(Semaphore::new(OWN_ALLOWANCE));
    let handler = {
        let route = route.clone();
        hyper::service::service_fn(move |request| {
            let context = Context {
                route: route.clone(),
                session: session.clone(),
                connection: connection_budget.clone(),
                own: own.clone(),
            };
            async move { Ok::<_, Infallible>(context.answer(request).await) }
        })
    };
    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    // The keep-alive and header timeouts need hyper's timer.
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(config.max_streams_per_connection)
        .initial_stream_window_size(amicus_io::STREAM_WINDOW)
        .initial_connection_window_size(config.connection_window_bytes)
        .max_header_list_size(MAX_HEADERS)
        .max_frame_size(amicus_io::HTTP2_MAX_FRAME)
        .max_send_buf_size(256 * 1024)
        .max_pending_accept_reset_streams(Some(32))
        .keep_alive_interval(Some(config.idle_timeout / 2))
        .keep_alive_timeout(config.idle_timeout);
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(Some(Duration::from_secs(10)))
        .max_buf_size(MAX_HEADERS as usize);
    let serving = builder.serve_connection(TokioIo::new(stream), handler);
    tokio::pin!(serving);
    tokio::select! {
        _ = serving.as_mut() => {}
        _ = async { let _ = stop.wait_for(|s| *s).await; } => {
            serving.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(20), serving).await;
        }
    }
}

/// One request's view of its connection.
struct Context {
    route: Arc<Route>,
    session: Arc<Mutex<Session>>,
    connection: Arc<Semaphore>,
    own: Arc<Semaphore>,
}

fn plain(status: StatusCode, body: &'static str, html: bool) -> hyper::Response<Body> {
    let mut response = hyper::Response::new(
        Full::new(Bytes::from_static(body.as_bytes()))
            .map_err(|never| match never {})
            .boxed(),
    );
    *response.status_mut() = status;
    let kind = if html {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    if let Ok(value) = hyper::header::HeaderValue::from_str(kind) {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, value);
    }
    response
}

fn octets(body: Body) -> hyper::Response<Body> {
    let mut response = hyper::Response::new(body);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/octet-stream"),
    );
    response.headers_mut().insert(
        hyper::header::CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    response
}

fn framed(response: &Response) -> hyper::Response<Body> {
    octets(
        Full::new(Bytes::from(frame::encode(&response.encode())))
            .map_err(|never| match never {})
            .boxed(),
    )
}

/// A response frame that holds its bytes' budget until hyper is done with it (sent, or the
/// stream reset), handed over in pieces so that hyper takes them as the client's flow
/// control allows. A client that never reads holds at most its connection's budget.
struct Budgeted {
    rest: Bytes,
    _held: Vec<tokio::sync::OwnedSemaphorePermit>,
}

impl hyper::body::Body for Budgeted {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        const PIECE: usize = 16 * 1024;
        if self.rest.is_empty() {
            return std::task::Poll::Ready(None);
        }
        let take = self.rest.len().min(PIECE);
        let piece = self.rest.split_to(take);
        std::task::Poll::Ready(Some(Ok(Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_empty()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        hyper::body::SizeHint::with_exact(self.rest.len() as u64)
    }
}

/// The request body as it arrives: data pieces, with the frame's header read first.
struct Incoming2 {
    body: Incoming,
    /// Bytes read past what the caller asked for.
    spare: Bytes,
}

impl Incoming2 {
    /// The next piece of data, or `None` at the end.
    async fn piece(&mut self) -> Result<Option<Bytes>, ()> {
        if !self.spare.is_empty() {
            return Ok(Some(std::mem::take(&mut self.spare)));
        }
        loop {
            match self.body.frame().await {
                None => return Ok(None),
                Some(Err(_)) => return Err(()),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data()
                        && !data.is_empty()
                    {
                        return Ok(Some(data));
                    }
                }
            }
        }
    }

    /// Exactly `n` bytes.
    async fn exact(&mut self, n: usize) -> Result<Vec<u8>, ErrorCode> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let Some(mut piece) = self.piece().await.map_err(|()| ErrorCode::Malformed)? else {
                return Err(ErrorCode::Malformed);
            };
            let take = (n - out.len()).min(piece.len());
            out.extend_from_slice(&piece.split_to(take));
            self.spare = piece;
        }
        Ok(out)
    }
}

impl Context {
    /// A response frame under the budgets, as on QUIC: a small one on the connection's own
    /// allowance (waited for: only this connection's answers hold it), a large one only if
    /// the connection's and the route's budgets have room now, else "retry later" (fetched
    /// envelopes stay on the relay until acknowledged, nothing is lost).
    async fn reply(&self, response: &Response) -> hyper::Response<Body> {
        let mut bytes = Bytes::from(frame::encode(&response.encode()));
        let held = match self.response_budget(bytes.len()).await {
            Some(held) => held,
            None => {
                bytes = Bytes::from(frame::encode(
                    &Response::Error {
                        code: ErrorCode::RateLimited,
                        retry_after_ms: 1000,
                    }
                    .encode(),
                ));
                match self.response_budget(bytes.len()).await {
                    Some(held) => held,
                    None => return framed(&Response::error(ErrorCode::RateLimited)),
                }
            }
        };
        octets(http_body_util::BodyExt::boxed(Budgeted {
            rest: bytes,
            _held: held,
        }))
    }

    async fn response_budget(&self, len: usize) -> Option<Vec<tokio::sync::OwnedSemaphorePermit>> {
        let permits = u32::try_from(len).ok()?;
        if len <= OWN_ALLOWANCE {
            return Some(vec![
                self.own.clone().acquire_many_owned(permits).await.ok()?,
            ]);
        }
        let connection = self
            .connection
            .clone()
            .try_acquire_many_owned(permits)
            .ok()?;
        let total = self
            .route
            .total
            .clone()
            .try_acquire_many_owned(permits)
            .ok()?;
        Some(vec![connection, total])
    }

    async fn answer(self, request: hyper::Request<Incoming>) -> hyper::Response<Body> {
        let (parts, body) = request.into_parts();
        if parts.uri.path() != self.route.path {
            return match (parts.method, parts.uri.path()) {
                (Method::GET | Method::HEAD, "/") => plain(StatusCode::OK, PAGE, true),
                _ => plain(StatusCode::NOT_FOUND, "Not Found\n", false),
            };
        }
        if parts.method != Method::POST {
            return plain(StatusCode::NOT_FOUND, "Not Found\n", false);
        }
        let mut body = Incoming2 {
            body,
            spare: Bytes::new(),
        };
        let read = tokio::time::timeout(FRAME_DEADLINE, self.read_frame(&mut body)).await;
        let (frame_body, held) = match read {
            Ok(Ok(read)) => read,
            Ok(Err(code)) => return self.reply(&Response::error(code)).await,
            Err(_) => return self.reply(&Response::error(ErrorCode::Malformed)).await,
        };
        let service = &self.route.service;
        match streamed_request(&frame_body) {
            Some(Request::UploadBlob {
                blob,
                upload_token,
                offset,
            }) => {
                drop(held);
                let response = self.upload(body, blob, &upload_token, offset).await;
                self.reply(&response).await
            }
            Some(Request::DownloadBlob {
                blob,
                reader_token,
                offset,
            }) => {
                drop(held);
                match service
                    .begin_download(&self.session, blob, &reader_token, offset)
                    .await
                {
                    Ok(reader) => download(reader),
                    Err(e) => self.reply(&Response::error(e.code())).await,
                }
            }
            _ => {
                let response = service.handle_frame(&self.session, &frame_body).await;
                drop(held);
                self.reply(&response).await
            }
        }
    }

    /// One request frame, under the same budgets as on QUIC: the connection's own
    /// allowance for a small frame, else the connection's and the route's budgets.
    async fn read_frame(
        &self,
        body: &mut Incoming2,
    ) -> Result<(Vec<u8>, Vec<tokio::sync::OwnedSemaphorePermit>), ErrorCode> {
        let header = body.exact(frame::HEADER_LEN).await?;
        let mut head = [0u8; frame::HEADER_LEN];
        head.copy_from_slice(&header);
        let len = frame::body_len(head).map_err(|_| ErrorCode::FrameTooLarge)?;
        let permits = u32::try_from(len).map_err(|_| ErrorCode::FrameTooLarge)?;
        // Held until the request has been handled.
        let own = if len <= OWN_ALLOWANCE {
            self.own.clone().try_acquire_many_owned(permits).ok()
        } else {
            None
        };
        let held = if let Some(own) = own {
            vec![own]
        } else {
            let connection = self
                .connection
                .clone()
                .acquire_many_owned(permits)
                .await
                .map_err(|_| ErrorCode::Internal)?;
            let total = self
                .route
                .total
                .clone()
                .acquire_many_owned(permits)
                .await
                .map_err(|_| ErrorCode::Internal)?;
            vec![connection, total]
        };
        Ok((body.exact(len).await?, held))
    }

    /// The bytes after an `UploadBlob` frame, into the blob; what arrived before a break is
    /// kept and synced, and the client resumes after it.
    async fn upload(
        &self,
        mut body: Incoming2,
        blob: amicus_protocol::BlobId,
        token: &[u8; 32],
        offset: u64,
    ) -> Response {
        let service = &self.route.service;
        let mut sink = match service
            .begin_upload(&self.session, blob, token, offset)
            .await
        {
            Ok(sink) => sink,
            Err(e) => return Response::error(e.code()),
        };
        loop {
            match tokio::time::timeout(TRANSFER_STALL, body.piece()).await {
                Ok(Ok(Some(piece))) => {
                    if let Err(e) = sink.write(piece).await {
                        return Response::error(e.code());
                    }
                }
                Ok(Ok(None)) => break,
                Ok(Err(())) | Err(_) => {
                    let _ = sink.finish().await;
                    return Response::error(ErrorCode::Malformed);
                }
            }
        }
        sink.finish()
            .await
            .unwrap_or_else(|e| Response::error(e.code()))
    }
}

/// `BlobFollows`, then the blob's bytes; a read failure resets the stream (the client
/// resumes from what it holds).
fn download(reader: crate::attachments::BlobReader) -> hyper::Response<Body> {
    let head = Bytes::from(frame::encode(
        &Response::BlobFollows { size: reader.size }.encode(),
    ));
    let first = futures_util::stream::once(async move { Ok(Frame::data(head)) });
    let rest = futures_util::stream::unfold(Some(reader), |state| async move {
        let mut reader = state?;
        match tokio::time::timeout(TRANSFER_STALL, reader.next_chunk()).await {
            Ok(Ok(chunk)) if chunk.is_empty() => None,
            Ok(Ok(chunk)) => Some((Ok(Frame::data(chunk)), Some(reader))),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "attachment read failed");
                Some((Err(std::io::Error::other("attachment read failed")), None))
            }
            Err(_) => Some((Err(std::io::Error::other("attachment read stalled")), None)),
        }
    });
    octets(http_body_util::BodyExt::boxed(StreamBody::new(
        first.chain(rest),
    )))
}

/// The transfers' frames are small; anything else goes to the service.
fn streamed_request(body: &[u8]) -> Option<Request> {
    if body.len() > 64 {
        return None;
    }
    match Request::decode(body) {
        Ok(r @ (Request::UploadBlob { .. } | Request::DownloadBlob { .. })) => Some(r),
        _ => None,
    }
}
