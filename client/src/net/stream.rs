//! One request's two directions, whichever route carries it: a QUIC stream, or an HTTP/2
//! request body and response body on the TCP route. Requests and transfers are written
//! once against these. Errors are words for [`crate::ClientError::Unreachable`].

use bytes::Bytes;
use http_body_util::BodyExt as _;
use hyper::body::Frame;
use tokio::sync::mpsc;

/// What the client sends: a request frame, then (for an upload) the ciphertext.
pub enum Outgoing {
    Quic(quinn::SendStream),
    /// The request body's feed; dropping it ends the body.
    Tcp(Option<mpsc::Sender<Result<Frame<Bytes>, std::io::Error>>>),
}

impl Outgoing {
    pub async fn write_chunk(&mut self, bytes: Bytes) -> Result<(), String> {
        match self {
            Outgoing::Quic(send) => send.write_chunk(bytes).await.map_err(|e| e.to_string()),
            Outgoing::Tcp(Some(feed)) => feed
                .send(Ok(Frame::data(bytes)))
                .await
                .map_err(|_| "the relay stopped reading".to_string()),
            Outgoing::Tcp(None) => Err("the request was already finished".into()),
        }
    }

    pub async fn write_all(&mut self, bytes: &[u8]) -> Result<(), String> {
        match self {
            Outgoing::Quic(send) => send.write_all(bytes).await.map_err(|e| e.to_string()),
            Outgoing::Tcp(_) => self.write_chunk(Bytes::copy_from_slice(bytes)).await,
        }
    }

    /// Ends the request: nothing more follows.
    pub fn finish(&mut self) {
        match self {
            Outgoing::Quic(send) => {
                let _ = send.finish();
            }
            Outgoing::Tcp(feed) => {
                feed.take();
            }
        }
    }

    /// Abandons the request: the relay is told the bytes stop here.
    pub fn reset(&mut self) {
        match self {
            Outgoing::Quic(send) => {
                let _ = send.reset(0u32.into());
            }
            Outgoing::Tcp(feed) => {
                if let Some(feed) = feed.take() {
                    let _ = feed.try_send(Err(std::io::Error::other("abandoned")));
                }
            }
        }
    }
}

/// What the relay answers: a response frame, then (for a download) the ciphertext.
pub enum Incoming {
    Quic(quinn::RecvStream),
    Tcp(TcpIncoming),
}

/// The answer to a request on the TCP route, until it arrives.
pub(super) type ResponseFuture = std::pin::Pin<
    Box<
        dyn std::future::Future<
                Output = Result<hyper::Response<hyper::body::Incoming>, hyper::Error>,
            > + Send,
    >,
>;

/// The TCP route's response: awaited on first read, then its body.
pub struct TcpIncoming {
    pub(super) response: Option<ResponseFuture>,
    pub(super) body: Option<hyper::body::Incoming>,
    pub(super) spare: Bytes,
}

impl TcpIncoming {
    async fn piece(&mut self) -> Result<Option<Bytes>, String> {
        if !self.spare.is_empty() {
            return Ok(Some(std::mem::take(&mut self.spare)));
        }
        if let Some(response) = self.response.take() {
            let response = response.await.map_err(|e| e.to_string())?;
            if response.status() != hyper::StatusCode::OK {
                // Not the relay's answer: a wrong path, or something else at that address.
                return Err(format!(
                    "no relay at this route (HTTP {})",
                    response.status().as_u16()
                ));
            }
            self.body = Some(response.into_body());
        }
        let Some(body) = self.body.as_mut() else {
            return Ok(None);
        };
        loop {
            match body.frame().await {
                None => return Ok(None),
                Some(Err(e)) => return Err(e.to_string()),
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
}

impl Incoming {
    pub async fn read_exact(&mut self, out: &mut [u8]) -> Result<(), String> {
        match self {
            Incoming::Quic(recv) => recv.read_exact(out).await.map_err(|e| e.to_string()),
            Incoming::Tcp(tcp) => {
                let mut have = 0;
                while have < out.len() {
                    let Some(mut piece) = tcp.piece().await? else {
                        return Err("the answer ended early".into());
                    };
                    let take = (out.len() - have).min(piece.len());
                    out[have..have + take].copy_from_slice(&piece.split_to(take));
                    have += take;
                    tcp.spare = piece;
                }
                Ok(())
            }
        }
    }

    /// Up to `out.len()` pieces as they arrive; `None` at the end.
    pub async fn read_chunks(&mut self, out: &mut [Bytes]) -> Result<Option<usize>, String> {
        match self {
            Incoming::Quic(recv) => recv.read_chunks(out).await.map_err(|e| e.to_string()),
            Incoming::Tcp(tcp) => match (tcp.piece().await?, out.first_mut()) {
                (Some(piece), Some(slot)) => {
                    *slot = piece;
                    Ok(Some(1))
                }
                (Some(_), None) => Ok(Some(0)),
                (None, _) => Ok(None),
            },
        }
    }
}
