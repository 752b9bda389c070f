//! The client's connection to a relay: QUIC with TLS 1.3, accepting only the relay whose
//! certificate carries the key that hashes to the pin the user was given (the certificate's
//! names, dates and self-signature play no part). The handshake signature is still verified
//! with that key, so a recorded certificate alone does not let anyone impersonate the relay.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use amicus_protocol::{ErrorCode, MailboxId, RelayPin, Request, Response, frame};
use libsignal_protocol::KeyPair;
use quinn::crypto::rustls::QuicClientConfig;
use quinn::{Connection, Endpoint};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use super::proxy::{Isolation, Proxy, ProxyFailure};
use super::route::Route;
use super::stream::{Incoming, Outgoing};
use crate::error::{ClientError, Result};

/// How long to wait for the relay to answer one request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// The TLS configuration both routes share: TLS 1.3 only, the pin verifier, no early data.
fn tls_config(verifier: PinnedRelay) -> std::result::Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    tls.enable_early_data = false;
    Ok(tls)
}

/// The TCP route's TLS: [`tls_config`] with ALPN `h2`.
fn tcp_tls_config(
    verifier: PinnedRelay,
) -> std::result::Result<rustls::ClientConfig, rustls::Error> {
    let mut tls = tls_config(verifier)?;
    tls.alpn_protocols = vec![b"h2".to_vec()];
    Ok(tls)
}

/// The TLS configuration the TCP route's client uses, for a relay with `pin`: what the
/// benchmark's bare TLS-over-TCP baseline runs with, so that the two compare like with like.
pub fn tcp_route_tls(pin: RelayPin) -> std::result::Result<rustls::ClientConfig, rustls::Error> {
    tcp_tls_config(PinnedRelay::new(pin).0)
}

#[derive(Debug)]
struct PinnedRelay {
    pin: RelayPin,
    algorithms: WebPkiSupportedAlgorithms,
    mismatch: Arc<AtomicBool>,
}

impl PinnedRelay {
    /// A verifier for `pin`, and the flag it raises when a relay's key does not match.
    fn new(pin: RelayPin) -> (Self, Arc<AtomicBool>) {
        let mismatch = Arc::new(AtomicBool::new(false));
        let verifier = PinnedRelay {
            pin,
            algorithms: rustls::crypto::ring::default_provider().signature_verification_algorithms,
            mismatch: mismatch.clone(),
        };
        (verifier, mismatch)
    }
}

impl ServerCertVerifier for PinnedRelay {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        if spki_of(end_entity).is_some_and(|spki| RelayPin::of_spki(&spki) == self.pin) {
            Ok(ServerCertVerified::assertion())
        } else {
            self.mismatch.store(true, Ordering::SeqCst);
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::PeerIncompatible(
            rustls::PeerIncompatible::Tls12NotOffered,
        ))
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The DER SubjectPublicKeyInfo of an X.509 certificate, if it parses.
fn spki_of(certificate: &CertificateDer<'_>) -> Option<Vec<u8>> {
    let anchor = webpki::anchor_from_trusted_cert(certificate).ok()?;
    Some(webpki::spki_for_anchor(&anchor).as_ref().to_vec())
}

/// `host:port` as host (brackets removed) and port.
fn split_host_port(addr: &str) -> Option<(&str, u16)> {
    let (host, port) = addr.rsplit_once(':')?;
    let port = port.parse().ok()?;
    Some((host.trim_start_matches('[').trim_end_matches(']'), port))
}

/// The name to send in the handshake: the relay's host name when it has one (as any client
/// of a web server does); an address given as an IP is passed as such, and TLS then sends no
/// name at all.
fn host_of(addr: &str) -> &str {
    let host = match addr.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => addr,
    };
    host.trim_start_matches('[').trim_end_matches(']')
}

/// An open connection to a relay, over whichever route answered.
pub struct RelayLink {
    wire: Wire,
    /// The address in use, for messages.
    addr: String,
    pin: RelayPin,
    /// The route that answered, as the relay address writes it.
    route: String,
    /// How that route reaches the relay.
    kind: RouteKind,
}

enum Wire {
    Quic {
        endpoint: Endpoint,
        connection: Connection,
    },
    Tcp(super::tcp::TcpLink),
}

/// How a link reaches its relay, in the terms a user is told about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// QUIC, straight to the relay.
    Direct,
    /// The TCP route (TLS, HTTP/2), straight to the relay: what a network that drops QUIC
    /// still lets through.
    Https,
    /// The TCP route through the proxy: the relay sees the proxy's (or Tor exit's) address.
    Proxied,
    /// Through the proxy to the relay's onion service: no exit, no address at all.
    Onion,
}

impl RouteKind {
    /// As a profile keeps it (0 is "unknown").
    pub fn to_u8(self) -> u8 {
        match self {
            RouteKind::Direct => 1,
            RouteKind::Https => 2,
            RouteKind::Proxied => 3,
            RouteKind::Onion => 4,
        }
    }

    /// From what a profile keeps; `None` for unknown.
    pub fn from_u8(value: u8) -> Option<Self> {
        Some(match value {
            1 => RouteKind::Direct,
            2 => RouteKind::Https,
            3 => RouteKind::Proxied,
            4 => RouteKind::Onion,
            _ => return None,
        })
    }
}

/// How to reach a relay: straight or through a proxy, and which route answered last time.
#[derive(Debug, Clone, Default)]
pub struct Approach {
    /// Every connection goes through this SOCKS5 proxy, by the TCP route only.
    pub proxy: Option<Proxy>,
    /// The route that answered last time (as [`RelayLink::route`] gave it): tried first.
    pub last_route: Option<String>,
    /// Which proxy circuit the connection joins (a fresh one when `None`).
    pub(crate) isolation: Option<Isolation>,
}

impl Approach {
    /// Straight to the relay, no memory of earlier routes.
    pub fn direct() -> Self {
        Self::default()
    }

    /// Through `proxy`.
    pub fn through(proxy: Proxy) -> Self {
        Approach {
            proxy: Some(proxy),
            ..Self::default()
        }
    }

    /// Trying `route` (one that answered before) first.
    pub fn remembering(mut self, route: &str) -> Self {
        self.last_route = Some(route.to_string());
        self
    }
}

/// How long QUIC has alone before the TCP route is tried beside it, when a relay has both:
/// long enough for a QUIC handshake on a slow network, short enough that a network that
/// drops UDP costs a user about this much once.
const QUIC_HEAD_START: Duration = Duration::from_millis(1500);

/// QUIC's head start when the TCP route answered last time: QUIC is still tried first, so
/// that a defender back on an open network returns to it (on an open network its one-round-
/// trip handshake wins), while a network that still drops UDP costs only this much.
const QUIC_RECHECK: Duration = Duration::from_millis(250);

/// How long one route through a proxy may take to connect: a Tor circuit to an onion
/// service can take tens of seconds to build.
const PROXIED_CONNECT_TIMEOUT: Duration = Duration::from_secs(60);

async fn resolve(addr: &str) -> Result<SocketAddr> {
    let unreachable = |reason: String| ClientError::Unreachable {
        addr: addr.to_string(),
        reason,
    };
    tokio::net::lookup_host(addr)
        .await
        .map_err(|e| unreachable(e.to_string()))?
        .next()
        .ok_or_else(|| unreachable("the address did not resolve".into()))
}

/// A client endpoint (one UDP socket) able to open many relay connections.
pub fn client_endpoint(ipv6: bool) -> std::io::Result<Endpoint> {
    let bind: SocketAddr = if ipv6 {
        SocketAddr::from((std::net::Ipv6Addr::UNSPECIFIED, 0))
    } else {
        SocketAddr::from((std::net::Ipv4Addr::UNSPECIFIED, 0))
    };
    Endpoint::client(bind)
}

/// `routes` in the order to try them, and how long the first runs alone. Through a proxy:
/// the one that answered last time, then onion services, then the rest. Straight: QUIC
/// first as listed, then TCP routes with the one that answered last time first; QUIC's
/// head start is [`QUIC_HEAD_START`], or [`QUIC_RECHECK`] when a TCP route answered last.
fn plan(mut routes: Vec<Route>, approach: &Approach) -> (Vec<Route>, Duration) {
    let remembered = |route: &Route| approach.last_route.as_deref() == Some(route.text().as_str());
    if approach.proxy.is_some() {
        routes.sort_by_key(|route| (!remembered(route), !route.is_onion()));
        return (routes, Duration::ZERO);
    }
    routes.sort_by_key(|route| (matches!(route, Route::Tcp { .. }), !remembered(route)));
    let tcp_last_time = routes
        .iter()
        .any(|route| remembered(route) && matches!(route, Route::Tcp { .. }));
    let head_start = if tcp_last_time {
        QUIC_RECHECK
    } else {
        QUIC_HEAD_START
    };
    (routes, head_start)
}

impl RelayLink {
    /// Connects straight to the relay at `address` (see [`Self::connect_with`]).
    pub async fn connect(address: &str, pin: RelayPin) -> Result<Self> {
        Self::connect_with(address, pin, &Approach::direct()).await
    }

    /// Connects to the relay at `address`, which must present the key `pin` names. The
    /// address is one route or several separated by spaces (see [`super::route`]).
    ///
    /// Without a proxy: onion routes are skipped (never resolved); QUIC goes first and the
    /// TCP route (the one that answered last time, if several) joins the race after QUIC's
    /// head start (see [`plan`]); the first to answer is used.
    ///
    /// With a proxy: only TCP routes, one after the other, every one through the proxy,
    /// which resolves the names.
    pub async fn connect_with(address: &str, pin: RelayPin, approach: &Approach) -> Result<Self> {
        let routes = super::route::parse(address).map_err(|reason| ClientError::Unreachable {
            addr: address.to_string(),
            reason,
        })?;
        let (routes, head_start) = plan(routes, approach);
        if let Some(proxy) = approach.proxy {
            let routes: Vec<Route> = routes
                .into_iter()
                .filter(|r| matches!(r, Route::Tcp { .. }))
                .collect();
            if routes.is_empty() {
                return Err(ClientError::NoProxyRoute(address.to_string()));
            }
            let isolation = approach.isolation.clone().unwrap_or_else(Isolation::fresh);
            let mut last = None;
            for route in &routes {
                match Self::connect_proxied(route, pin, proxy, &isolation).await {
                    Ok(link) => return Ok(link),
                    // Every other route goes through the same proxy.
                    Err(e @ (ClientError::PinMismatch | ClientError::ProxyUnreachable(_))) => {
                        return Err(e);
                    }
                    Err(e) => last = Some(e),
                }
            }
            return Err(last.unwrap_or(ClientError::NoProxyRoute(address.to_string())));
        }
        let routes: Vec<Route> = routes.into_iter().filter(|r| !r.is_onion()).collect();
        let mut rest = routes.iter();
        let (Some(lead), trail) = (rest.next(), rest.next()) else {
            return Err(ClientError::OnionNeedsProxy(address.to_string()));
        };
        let Some(trail) = trail else {
            return Self::connect_route(lead, pin).await;
        };
        // Boxed: two handshakes' state inline would make every caller's future (and, in a
        // debug build, the stack that polls it) much larger.
        let raced = Self::race(
            Box::pin(Self::connect_route(lead, pin)),
            Box::pin(Self::connect_route(trail, pin)),
            head_start,
        )
        .await;
        let mut last = match raced {
            Ok(link) => return Ok(link),
            Err(ClientError::PinMismatch) => return Err(ClientError::PinMismatch),
            Err(e) => e,
        };
        for route in rest {
            match Self::connect_route(route, pin).await {
                Ok(link) => return Ok(link),
                Err(ClientError::PinMismatch) => return Err(ClientError::PinMismatch),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// `lead` alone for `head_start`, then both; the first to connect wins; a failure falls
    /// back to the other; a pin mismatch on either ends the attempt.
    async fn race<Lead, Trail>(
        mut lead: Lead,
        mut trail: Trail,
        head_start: Duration,
    ) -> Result<Self>
    where
        Lead: std::future::Future<Output = Result<Self>> + Unpin,
        Trail: std::future::Future<Output = Result<Self>> + Unpin,
    {
        let early = tokio::select! {
            result = &mut lead => Some(result),
            _ = tokio::time::sleep(head_start) => None,
        };
        let (result, lead_done) = match early {
            Some(result) => (result, true),
            None => tokio::select! {
                result = &mut lead => (result, true),
                result = &mut trail => (result, false),
            },
        };
        match result {
            Err(ClientError::PinMismatch) => Err(ClientError::PinMismatch),
            Err(_) if lead_done => trail.await,
            Err(_) => lead.await,
            ok => ok,
        }
    }

    /// Connects by one route, straight to the relay.
    async fn connect_route(route: &Route, pin: RelayPin) -> Result<Self> {
        match route {
            Route::Quic { addr } => Self::connect_quic(addr, pin).await,
            Route::Tcp { addr, path } => Self::connect_tcp(addr, path, pin).await,
        }
    }

    /// Connects by one TCP route through `proxy`. The timeout covers the proxy's work too
    /// (for Tor, building a circuit).
    async fn connect_proxied(
        route: &Route,
        pin: RelayPin,
        proxy: Proxy,
        isolation: &Isolation,
    ) -> Result<Self> {
        let Route::Tcp { addr, path } = route else {
            return Err(ClientError::NoProxyRoute(route.text()));
        };
        let (host, port) = split_host_port(addr).ok_or_else(|| ClientError::Unreachable {
            addr: addr.to_string(),
            reason: "no port".into(),
        })?;
        let connecting = async move {
            proxy
                .connect(host, port, isolation)
                .await
                .map_err(|failure| match failure {
                    ProxyFailure::Down => ClientError::ProxyUnreachable(proxy.addr().to_string()),
                    ProxyFailure::Refused(reason) => ClientError::Unreachable {
                        addr: addr.to_string(),
                        reason,
                    },
                })
        };
        let kind = if route.is_onion() {
            RouteKind::Onion
        } else {
            RouteKind::Proxied
        };
        Self::tls_over_tcp(addr, path, pin, connecting, PROXIED_CONNECT_TIMEOUT, kind).await
    }

    /// Connects over the TCP route at `addr` (host:port) and `path`, straight to the relay.
    pub async fn connect_tcp(addr: &str, path: &str, pin: RelayPin) -> Result<Self> {
        let target = resolve(addr).await?;
        let connecting = async move {
            tokio::net::TcpStream::connect(target)
                .await
                .map_err(|e| ClientError::Unreachable {
                    addr: addr.to_string(),
                    reason: e.to_string(),
                })
        };
        Self::tls_over_tcp(
            addr,
            path,
            pin,
            connecting,
            CONNECT_TIMEOUT,
            RouteKind::Https,
        )
        .await
    }

    /// TLS (the pin check), then HTTP/2, over the TCP stream `connecting` opens, all within
    /// `timeout`.
    async fn tls_over_tcp(
        addr: &str,
        path: &str,
        pin: RelayPin,
        connecting: impl std::future::Future<Output = Result<tokio::net::TcpStream>>,
        timeout: Duration,
        kind: RouteKind,
    ) -> Result<Self> {
        let unreachable = |reason: String| ClientError::Unreachable {
            addr: addr.to_string(),
            reason,
        };
        let (verifier, mismatch) = PinnedRelay::new(pin);
        let tls = tcp_tls_config(verifier).map_err(|e| unreachable(e.to_string()))?;
        let host = host_of(addr);
        let port = split_host_port(addr).map_or(443, |(_, port)| port);
        let handshake = async {
            let tcp = connecting.await?;
            super::tcp::TcpLink::connect(tcp, host, port, path, tls)
                .await
                .map_err(|reason| {
                    if mismatch.load(Ordering::SeqCst) {
                        ClientError::PinMismatch
                    } else {
                        unreachable(reason)
                    }
                })
        };
        match tokio::time::timeout(timeout, handshake).await {
            Ok(tcp) => Ok(RelayLink {
                wire: Wire::Tcp(tcp?),
                addr: addr.to_string(),
                pin,
                route: format!("https://{addr}{path}"),
                kind,
            }),
            Err(_) => Err(unreachable("no answer (timed out)".into())),
        }
    }

    /// Connects over QUIC to `addr` (host:port).
    pub async fn connect_quic(addr: &str, pin: RelayPin) -> Result<Self> {
        let target = resolve(addr).await?;
        let endpoint = client_endpoint(target.is_ipv6()).map_err(|e| ClientError::Unreachable {
            addr: addr.to_string(),
            reason: e.to_string(),
        })?;
        let mut link = Self::connect_named(&endpoint, target, host_of(addr), pin).await?;
        link.route = addr.to_string();
        Ok(link)
    }

    /// Connects through an existing endpoint (so many connections can share one socket).
    pub async fn connect_on(
        endpoint: &Endpoint,
        target: SocketAddr,
        pin: RelayPin,
    ) -> Result<Self> {
        Self::connect_named(endpoint, target, &target.ip().to_string(), pin).await
    }

    async fn connect_named(
        endpoint: &Endpoint,
        target: SocketAddr,
        host: &str,
        pin: RelayPin,
    ) -> Result<Self> {
        let addr = target.to_string();
        let unreachable = |reason: String| ClientError::Unreachable {
            addr: addr.clone(),
            reason,
        };
        let (verifier, mismatch) = PinnedRelay::new(pin);
        let mut tls = tls_config(verifier).map_err(|e| unreachable(e.to_string()))?;
        tls.alpn_protocols = vec![amicus_protocol::ALPN.to_vec()];
        let quic = QuicClientConfig::try_from(tls).map_err(|e| unreachable(e.to_string()))?;
        let mut config = quinn::ClientConfig::new(Arc::new(quic));
        let mut transport =
            amicus_io::transport_config(16, Duration::from_secs(60), amicus_io::CONNECTION_WINDOW);
        transport.keep_alive_interval(Some(Duration::from_secs(15)));
        config.transport_config(Arc::new(transport));
        let connecting = endpoint
            .connect_with(config, target, host)
            .map_err(|e| unreachable(e.to_string()))?;
        let connection = match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => {
                if mismatch.load(Ordering::SeqCst) {
                    return Err(ClientError::PinMismatch);
                }
                return Err(unreachable(e.to_string()));
            }
            Err(_) => return Err(unreachable("no answer (timed out)".into())),
        };
        Ok(RelayLink {
            wire: Wire::Quic {
                endpoint: endpoint.clone(),
                connection,
            },
            route: addr.clone(),
            addr,
            pin,
            kind: RouteKind::Direct,
        })
    }

    /// The route that answered, as the relay's address writes it (what a profile remembers).
    pub fn route(&self) -> &str {
        &self.route
    }

    /// How this link reaches the relay.
    pub fn kind(&self) -> RouteKind {
        self.kind
    }

    /// The QUIC connection, for measurements and tests (`None` on the TCP route).
    pub fn connection(&self) -> Option<&Connection> {
        match &self.wire {
            Wire::Quic { connection, .. } => Some(connection),
            Wire::Tcp(_) => None,
        }
    }

    /// Whether this link runs over the TCP route.
    pub fn is_tcp(&self) -> bool {
        matches!(self.wire, Wire::Tcp(_))
    }

    /// Sends one request on a fresh stream and reads the response. Relay error responses
    /// are returned as `Ok(Response::Error {..})`; use [`Self::call_ok`] to turn them into
    /// errors.
    pub async fn call(&self, request: &Request) -> Result<Response> {
        self.raw_exchange(&frame::encode(&request.encode())).await
    }

    /// Writes `bytes` as they are on a fresh stream and decodes the relay's one response
    /// frame. [`Self::call`] is built on it; tests use it to send malformed frames.
    pub async fn raw_exchange(&self, bytes: &[u8]) -> Result<Response> {
        let exchange = async {
            let (mut send, mut recv) = self.open_stream().await?;
            send.write_all(bytes).await.map_err(|e| self.lost(e))?;
            send.finish();
            self.read_response(&mut recv).await
        };
        tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .map_err(|_| self.lost("the relay did not answer in time".into()))?
    }

    /// The error for a connection that broke.
    pub fn lost(&self, reason: String) -> ClientError {
        ClientError::Unreachable {
            addr: self.addr.clone(),
            reason,
        }
    }

    /// A fresh request stream, for transfers that stream bytes after their frame.
    pub async fn open_stream(&self) -> Result<(Outgoing, Incoming)> {
        match &self.wire {
            Wire::Quic { connection, .. } => connection
                .open_bi()
                .await
                .map(|(send, recv)| (Outgoing::Quic(send), Incoming::Quic(recv)))
                .map_err(|e| self.lost(e.to_string())),
            Wire::Tcp(tcp) => tcp.open().await.map_err(|e| self.lost(e)),
        }
    }

    /// Reads and decodes one response frame.
    pub async fn read_response(&self, recv: &mut Incoming) -> Result<Response> {
        let mut header = [0u8; frame::HEADER_LEN];
        recv.read_exact(&mut header)
            .await
            .map_err(|e| self.lost(e))?;
        let len = frame::body_len(header).map_err(ClientError::BadResponse)?;
        let mut body = vec![0u8; len];
        recv.read_exact(&mut body).await.map_err(|e| self.lost(e))?;
        Response::decode(&body).map_err(ClientError::BadResponse)
    }

    /// Like [`Self::call`], with relay errors as `Err`. Rate limits are waited out (up to a
    /// few times) since they only ask the client to slow down.
    pub async fn call_ok(&self, request: &Request) -> Result<Response> {
        for _ in 0..5 {
            match self.call(request).await? {
                Response::Error {
                    code: ErrorCode::RateLimited,
                    retry_after_ms,
                } => {
                    let wait = u64::from(retry_after_ms).clamp(10, 5_000);
                    tokio::time::sleep(Duration::from_millis(wait)).await;
                }
                Response::Error { code, .. } => return Err(ClientError::Relay(code)),
                other => return Ok(other),
            }
        }
        Err(ClientError::Relay(ErrorCode::RateLimited))
    }

    /// Asks for a challenge on this connection and returns the signed proof of ownership of
    /// the mailbox of `auth`, ready to send.
    pub async fn authentication_request(&self, auth: &KeyPair) -> Result<Request> {
        let Response::Challenge { nonce } = self.call_ok(&Request::Challenge).await? else {
            return Err(ClientError::UnexpectedResponse);
        };
        let message = amicus_protocol::auth_message(&self.pin, &nonce);
        let signature = auth
            .private_key
            .calculate_signature(&message, &mut rand::rng())
            .map_err(|e| ClientError::Signal(e.to_string()))?;
        Ok(Request::Authenticate {
            auth_key: auth.public_key.serialize().to_vec(),
            signature: signature.to_vec(),
        })
    }

    /// Proves ownership of the mailbox of `auth` on this connection.
    pub async fn authenticate(&self, auth: &KeyPair) -> Result<MailboxId> {
        let request = self.authentication_request(auth).await?;
        match self.call_ok(&request).await? {
            Response::Authenticated { mailbox } => Ok(mailbox),
            _ => Err(ClientError::UnexpectedResponse),
        }
    }

    /// Closes the connection. If this link owns its endpoint alone, waits until the close
    /// has reached the relay.
    pub async fn close(self) {
        match &self.wire {
            Wire::Quic {
                endpoint,
                connection,
            } => {
                connection.close(0u32.into(), b"done");
                if endpoint.open_connections() == 0 {
                    endpoint.wait_idle().await;
                }
            }
            Wire::Tcp(tcp) => tcp.close(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::host_of;

    use super::{Approach, Duration, QUIC_HEAD_START, QUIC_RECHECK, plan};
    use crate::net::route::parse;

    const PATH: &str = "/0123456789abcdef0123456789abcdef";

    fn texts(routes: &[crate::net::route::Route]) -> Vec<String> {
        routes.iter().map(|r| r.text()).collect()
    }

    #[test]
    fn quic_goes_first_straight_and_returns_once_the_network_lets_it() {
        let onion = format!(
            "https://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion:443{PATH}"
        );
        let tcp = format!("https://relay.example.org:443{PATH}");
        let address = format!("{tcp} relay.example.org:4433 {onion}");
        let routes = || parse(&address).unwrap();
        // Nothing remembered: QUIC first, with the long head start.
        let (order, head) = plan(routes(), &Approach::direct());
        assert_eq!(
            texts(&order)[..2],
            ["relay.example.org:4433".to_string(), tcp.clone()]
        );
        assert_eq!(head, QUIC_HEAD_START);
        // The TCP route answered last time: QUIC still first, briefly.
        let (order, head) = plan(routes(), &Approach::direct().remembering(&tcp));
        assert_eq!(texts(&order)[0], "relay.example.org:4433");
        assert_eq!(head, QUIC_RECHECK);
        // Through a proxy: the remembered route, then the onion, then the rest; no race.
        let proxy = crate::net::proxy::Proxy::parse("127.0.0.1:9050").unwrap();
        let (order, head) = plan(routes(), &Approach::through(proxy));
        assert_eq!(texts(&order)[0], onion);
        assert_eq!(head, Duration::ZERO);
        let (order, _) = plan(routes(), &Approach::through(proxy).remembering(&tcp));
        assert_eq!(texts(&order)[..2], [tcp.clone(), onion.clone()]);
    }

    #[test]
    fn the_handshake_names_the_host_the_user_gave() {
        assert_eq!(host_of("relay.example.org:4433"), "relay.example.org");
        assert_eq!(host_of("127.0.0.1:4433"), "127.0.0.1");
        assert_eq!(host_of("[::1]:4433"), "::1");
        assert_eq!(host_of("relay.example.org"), "relay.example.org");
    }
}
