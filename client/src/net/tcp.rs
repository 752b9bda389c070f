//! The TCP route to a relay: TLS 1.3 (the same pin check as QUIC) over TCP, then HTTP/2;
//! one Amicus request per `POST` to the relay's secret path (protocol/PROTOCOL.md, "The
//! TCP route").

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::StreamBody;
use hyper::body::Frame;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::sync::mpsc;

use super::stream::{Incoming, Outgoing, TcpIncoming};

type Feed = tokio_stream_shim::Feed;

/// The request body: whatever the request's [`Outgoing`] feeds.
type RequestBody = StreamBody<Feed>;

/// An open HTTP/2 connection to the relay's TCP route.
pub(crate) struct TcpLink {
    send: hyper::client::conn::http2::SendRequest<RequestBody>,
    /// `https://host:port/path`, the URI every request goes to.
    uri: hyper::Uri,
    task: tokio::task::JoinHandle<()>,
}

impl TcpLink {
    /// Runs TLS `tls` (the pin verifier, ALPN `h2`) naming `host`, then HTTP/2, over `tcp`
    /// (straight to the relay's `port`, or through a proxy).
    pub(super) async fn connect(
        tcp: tokio::net::TcpStream,
        host: &str,
        port: u16,
        path: &str,
        tls: rustls::ClientConfig,
    ) -> Result<Self, String> {
        let _ = tcp.set_nodelay(true);
        let name = match host.parse::<std::net::IpAddr>() {
            Ok(ip) => rustls::pki_types::ServerName::IpAddress(ip.into()),
            Err(_) => rustls::pki_types::ServerName::try_from(host.to_string())
                .map_err(|e| e.to_string())?,
        };
        let stream = tokio_rustls::TlsConnector::from(Arc::new(tls))
            .connect(name, tcp)
            .await
            .map_err(|e| e.to_string())?;
        let (send, connection) = hyper::client::conn::http2::Builder::new(TokioExecutor::new())
            .timer(TokioTimer::new())
            .initial_stream_window_size(amicus_io::STREAM_WINDOW)
            .initial_connection_window_size(amicus_io::TRANSFER_WINDOW)
            .max_frame_size(amicus_io::HTTP2_MAX_FRAME)
            .keep_alive_interval(Some(std::time::Duration::from_secs(15)))
            .keep_alive_while_idle(true)
            .handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        let task = tokio::spawn(async move {
            let _ = connection.await;
        });
        let authority = if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let uri = format!("https://{authority}{path}")
            .parse()
            .map_err(|e: hyper::http::uri::InvalidUri| e.to_string())?;
        Ok(TcpLink { send, uri, task })
    }

    /// A fresh request: its body's feed and its response.
    pub(super) async fn open(&self) -> Result<(Outgoing, Incoming), String> {
        let mut send = self.send.clone();
        send.ready().await.map_err(|e| e.to_string())?;
        let (feed, body) = mpsc::channel(4);
        let request = hyper::Request::post(self.uri.clone())
            .body(StreamBody::new(tokio_stream_shim::Feed(body)))
            .map_err(|e| e.to_string())?;
        let response = Box::pin(send.send_request(request));
        Ok((
            Outgoing::Tcp(Some(feed)),
            Incoming::Tcp(TcpIncoming {
                response: Some(response),
                body: None,
                spare: Bytes::new(),
            }),
        ))
    }

    pub(super) fn close(&self) {
        self.task.abort();
    }
}

impl Drop for TcpLink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// An mpsc receiver as a `Stream` of body frames (what `tokio-stream`'s wrapper does).
mod tokio_stream_shim {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use super::{Bytes, Frame, mpsc};

    pub(in crate::net) struct Feed(
        pub(in crate::net) mpsc::Receiver<Result<Frame<Bytes>, std::io::Error>>,
    );

    impl futures_util::Stream for Feed {
        type Item = Result<Frame<Bytes>, std::io::Error>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            self.0.poll_recv(cx)
        }
    }
}
