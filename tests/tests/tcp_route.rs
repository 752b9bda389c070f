//! The TCP route, played by clients that are not Amicus's: stock rustls with only the pin,
//! stock hyper speaking HTTP/2 (and HTTP/1.1 as a probe would). Whoever knows the secret
//! path gets the relay; whoever does not gets an ordinary web server, with no Amicus error
//! code anywhere.

mod support;

use std::net::SocketAddr;

use amicus_protocol::{DeliverItem, EnvelopeId, ErrorCode, Request, Response, frame};
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use support::TestRelay;
use support::stock_tls::{client_config, pinned};
use tokio::io::AsyncWriteExt as _;
use tokio_rustls::TlsConnector;

async fn relay_with_tcp() -> (TestRelay, SocketAddr, String) {
    let relay =
        TestRelay::start_with(|c| c.tcp_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let (addr, path) = relay.relay().tcp.clone().expect("the TCP route is on");
    (relay, addr, path)
}

async fn tls(
    relay: &TestRelay,
    addr: SocketAddr,
    alpn: &[&[u8]],
) -> tokio_rustls::client::TlsStream<tokio::net::TcpStream> {
    let config = client_config(pinned(relay.relay().pin.0), alpn);
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("relay.example.org").unwrap();
    TlsConnector::from(std::sync::Arc::new(config))
        .connect(name, tcp)
        .await
        .expect("a stock TLS client with the pin connects")
}

type H2 = hyper::client::conn::http2::SendRequest<Full<Bytes>>;

async fn h2(relay: &TestRelay, addr: SocketAddr) -> H2 {
    let stream = tls(relay, addr, &[b"h2"]).await;
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let (send, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(connection);
    send
}

async fn exchange(
    client: &mut H2,
    method: &str,
    path: &str,
    body: Vec<u8>,
) -> (hyper::StatusCode, Bytes) {
    let request = hyper::Request::builder()
        .method(method)
        .uri(format!("https://relay.example.org{path}"))
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let response = client.send_request(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, body)
}

async fn call(client: &mut H2, path: &str, request: &Request) -> Response {
    let (status, body) = exchange(client, "POST", path, frame::encode(&request.encode())).await;
    assert_eq!(status, hyper::StatusCode::OK);
    let mut header = [0u8; frame::HEADER_LEN];
    header.copy_from_slice(&body[..frame::HEADER_LEN]);
    let len = frame::body_len(header).unwrap();
    Response::decode(&body[frame::HEADER_LEN..frame::HEADER_LEN + len]).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stock_https_client_with_the_pin_and_path_is_served_by_the_relay() {
    let (relay, addr, path) = relay_with_tcp().await;
    let mut client = h2(&relay, addr).await;
    assert!(matches!(
        call(&mut client, &path, &Request::ServerInfo).await,
        Response::ServerInfo { .. }
    ));

    // A briefing's envelope delivered over TCP is stored durably, as over QUIC, and the
    // member's ordinary client fetches it.
    let (_defender, mut member) = relay.pair().await;
    let before = relay.queued();
    let deliver = relay
        .paid(vec![DeliverItem {
            mailbox: member.p().mailbox(),
            envelope_id: EnvelopeId([7; 16]),
            payload: vec![0x42; 1536],
        }])
        .await;
    match call(&mut client, &path, &deliver).await {
        Response::Delivered { statuses } => assert_eq!(statuses, vec![Ok(())]),
        other => panic!("{other:?}"),
    }
    assert_eq!(relay.queued(), before + 1);

    // Many requests on one connection, concurrently: one HTTP/2 stream each.
    let mut calls = Vec::new();
    for _ in 0..20 {
        let mut client = client.clone();
        let path = path.clone();
        calls.push(tokio::spawn(async move {
            call(&mut client, &path, &Request::ServerInfo).await
        }));
    }
    for c in calls {
        assert!(matches!(c.await.unwrap(), Response::ServerInfo { .. }));
    }

    // Whoever knows the path gets Amicus's own answers to bad frames.
    let (status, body) = exchange(&mut client, "POST", &path, vec![0, 0, 0, 2, 9, 9]).await;
    assert_eq!(status, hyper::StatusCode::OK);
    let mut header = [0u8; frame::HEADER_LEN];
    header.copy_from_slice(&body[..frame::HEADER_LEN]);
    assert!(matches!(
        Response::decode(&body[frame::HEADER_LEN..]).unwrap(),
        Response::Error { .. }
    ));
    let _ = member.sync().await;
}

/// An attachment up and down over the TCP route, resumed part way, byte for byte: the frame
/// then the bytes in one request body; `BlobFollows` then the bytes in one response body.
#[tokio::test(flavor = "multi_thread")]
async fn attachments_go_up_and_down_over_the_tcp_route_and_resume() {
    use sha2::{Digest as _, Sha256};
    let (relay, addr, path) = relay_with_tcp().await;
    let mut client = h2(&relay, addr).await;
    let sealed: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let (upload_token, reader_token) = ([1u8; 32], [2u8; 32]);
    let create = Request::CreateBlobPaid {
        tokens: relay.tokens(1).await,
        size: sealed.len() as u64,
        upload_hash: Sha256::digest(upload_token).into(),
        reader_hashes: vec![Sha256::digest(reader_token).into()],
    };
    let Response::BlobCreated { blob, .. } = call(&mut client, &path, &create).await else {
        panic!("blob not created");
    };
    let upload = |offset: u64, bytes: &[u8]| {
        let mut body = frame::encode(
            &Request::UploadBlob {
                blob,
                upload_token,
                offset,
            }
            .encode(),
        );
        body.extend_from_slice(bytes);
        body
    };
    // The first third, then (as after a broken connection) the rest from where it stopped.
    let third = sealed.len() / 3;
    let (status, body) = exchange(&mut client, "POST", &path, upload(0, &sealed[..third])).await;
    assert_eq!(status, hyper::StatusCode::OK);
    let stored = match decode(&body) {
        Response::BlobProgress { stored, .. } => stored,
        other => panic!("{other:?}"),
    };
    assert_eq!(stored, third as u64);
    let (_, body) = exchange(&mut client, "POST", &path, upload(stored, &sealed[third..])).await;
    assert!(matches!(
        decode(&body),
        Response::BlobProgress { stored, size } if stored == size
    ));

    let download = |offset: u64| {
        frame::encode(
            &Request::DownloadBlob {
                blob,
                reader_token,
                offset,
            }
            .encode(),
        )
    };
    let (status, body) = exchange(&mut client, "POST", &path, download(0)).await;
    assert_eq!(status, hyper::StatusCode::OK);
    let head = frame::HEADER_LEN + frame::body_len(body[..4].try_into().unwrap()).unwrap();
    assert!(matches!(decode(&body), Response::BlobFollows { size } if size == sealed.len() as u64));
    assert!(
        body[head..] == sealed[..],
        "the attachment came back byte for byte"
    );
    let (_, body) = exchange(&mut client, "POST", &path, download(1_000_000)).await;
    let head = frame::HEADER_LEN + frame::body_len(body[..4].try_into().unwrap()).unwrap();
    assert!(
        body[head..] == sealed[1_000_000..],
        "a download resumes at its offset"
    );
}

/// A network that drops UDP: the QUIC route is a socket that never answers (its packets
/// vanish, as on a network that silently drops UDP), the TCP route is real. The client falls
/// back within the stated bound, remembers the route, and every flow works: registration,
/// a briefing with an attachment, fetching, saving the attachment, acknowledgement.
#[tokio::test(flavor = "multi_thread")]
async fn with_udp_dropped_the_client_falls_back_and_every_flow_works_over_tcp() {
    use amicus_client::internal::RelayLink;
    let (relay, tcp, path) = relay_with_tcp().await;
    let black_hole = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let address = format!("{} https://{tcp}{path}", black_hole.local_addr().unwrap());

    let started = std::time::Instant::now();
    let link = RelayLink::connect(&address, relay.relay().pin)
        .await
        .unwrap();
    let fell_back = started.elapsed();
    assert!(link.is_tcp());
    // QUIC's head start (1.5 s) and a TCP + TLS + HTTP/2 handshake on loopback.
    assert!(
        fell_back < std::time::Duration::from_secs(4),
        "{fell_back:?}"
    );
    let remembered = amicus_client::Approach::direct().remembering(link.route());
    link.close().await;
    // Remembered: the next connection gives QUIC only a brief recheck before TCP.
    let started = std::time::Instant::now();
    let link = RelayLink::connect_with(&address, relay.relay().pin, &remembered)
        .await
        .unwrap();
    assert!(link.is_tcp());
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    link.close().await;

    let (mut defender, mut member) = relay.pair_at(&address).await;
    // The user is told, in their words, once; the profile remembers the route, so that its
    // next connections go straight to it, in this run and the next.
    assert_eq!(
        defender.p().take_route_news(),
        Some(amicus_client::RouteKind::Https)
    );
    let started = std::time::Instant::now();
    let report = defender.sync().await;
    // QUIC's brief recheck (250 ms), not its first head start (1.5 s).
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_millis(1400), "{took:?}");
    assert_eq!(report.route, None);
    let content = defender
        .send_with_attachment("member", "Over TCP", 1_500_000)
        .await;
    member.sync().await;
    member.saves_attachment("Over TCP", &content).await;
    // Acknowledged: nothing waits on the relay.
    assert_eq!(relay.queued(), 0);
}

fn decode(body: &Bytes) -> Response {
    let len = frame::body_len(body[..frame::HEADER_LEN].try_into().unwrap()).unwrap();
    Response::decode(&body[frame::HEADER_LEN..frame::HEADER_LEN + len]).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn probes_meet_an_ordinary_web_server() {
    let (relay, addr, path) = relay_with_tcp().await;
    let mut client = h2(&relay, addr).await;
    let amicus_error = |body: &Bytes| {
        frame::body_len(
            body.get(..frame::HEADER_LEN)
                .and_then(|h| h.try_into().ok())
                .unwrap_or([0; 4]),
        )
        .ok()
        .and_then(|len| body.get(frame::HEADER_LEN..frame::HEADER_LEN + len))
        .is_some_and(|b| Response::decode(b).is_ok())
    };

    let (status, body) = exchange(&mut client, "GET", "/", Vec::new()).await;
    assert_eq!(status, hyper::StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("<h1>Welcome</h1>"));
    for (method, probe) in [
        ("GET", "/index.php"),
        ("POST", "/"),
        ("POST", "/api"),
        ("GET", path.as_str()),
        ("PUT", path.as_str()),
    ] {
        let frame = frame::encode(&Request::ServerInfo.encode());
        let (status, body) = exchange(&mut client, method, probe, frame).await;
        assert_eq!(status, hyper::StatusCode::NOT_FOUND, "{method} {probe}");
        assert!(!amicus_error(&body), "{method} {probe}");
    }
    // A wrong path that shares the right one's prefix is still wrong.
    let near = format!("{}0", &path);
    let (status, _) = exchange(&mut client, "POST", &near, Vec::new()).await;
    assert_eq!(status, hyper::StatusCode::NOT_FOUND);

    // HTTP/1.1, as most scanners speak it.
    let stream = tls(&relay, addr, &[b"http/1.1"]).await;
    let (mut h1, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    for (probe, expected) in [("/", 200), ("/robots.txt", 404), (path.as_str(), 404)] {
        let request = hyper::Request::builder()
            .uri(probe)
            .header(hyper::header::HOST, "relay.example.org")
            .body(Full::new(Bytes::new()))
            .unwrap();
        h1.ready().await.unwrap();
        let response = h1.send_request(request).await.unwrap();
        assert_eq!(response.status().as_u16(), expected, "{probe}");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(!amicus_error(&body), "{probe}");
    }

    // Garbage after the handshake: the connection ends, the relay goes on.
    let mut raw = tls(&relay, addr, &[b"h2"]).await;
    raw.write_all(&[0x5a; 4096]).await.unwrap();
    let _ = raw.flush().await;
    drop(raw);
    // Plain TCP that never speaks TLS.
    let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
    plain
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    drop(plain);
    let mut again = h2(&relay, addr).await;
    assert!(matches!(
        call(&mut again, &path, &Request::ServerInfo).await,
        Response::ServerInfo { .. }
    ));
    let _ = ErrorCode::Malformed;
}

/// The per-address connection limit holds on the TCP route too, shared with QUIC: a third
/// connection from an address allowed two is closed before its handshake.
/// The address the relay prints for clients reaches it by each route it lists.
#[tokio::test(flavor = "multi_thread")]
async fn the_address_the_relay_prints_reaches_it_by_every_route() {
    use amicus_client::internal::RelayLink;
    let relay = TestRelay::start_with(|c| {
        c.tcp_listen = Some("127.0.0.1:0".parse().unwrap());
        c.public_host = Some("127.0.0.1".into());
    })
    .await;
    let address = relay.relay().address_for_clients.clone();
    let routes: Vec<&str> = address.split(' ').collect();
    assert_eq!(routes.len(), 2, "{address}");
    for route in routes {
        let link = RelayLink::connect(route, relay.relay().pin).await.unwrap();
        assert_eq!(link.is_tcp(), route.starts_with("https://"), "{route}");
        link.close().await;
    }
    // A relay reached by its TCP route alone: nothing fell back, nothing to tell.
    let tcp_only = address.split(' ').nth(1).unwrap().to_string();
    let mut by_tcp = relay.profile_at("By TCP", &tcp_only).await;
    assert_eq!(by_tcp.p().take_route_news(), None);
    // A profile made with it works (QUIC first, as on an open network).
    let mut profile = relay.profile_at("Defender", &address).await;
    assert_eq!(profile.p().take_route_news(), None);
    // Back on an open network after the TCP route answered last time: QUIC again.
    let tcp_route = address.split(' ').nth(1).unwrap();
    let approach = amicus_client::Approach::direct().remembering(tcp_route);
    let link = RelayLink::connect_with(&address, relay.relay().pin, &approach)
        .await
        .unwrap();
    assert!(!link.is_tcp());
    link.close().await;
}

/// The QUIC route's malformed-frame answers, over the TCP route: the same codes, no crash,
/// and the connection keeps serving.
#[tokio::test(flavor = "multi_thread")]
async fn malformed_frames_over_the_tcp_route_get_the_same_answers() {
    use amicus_client::internal::RelayLink;
    let (relay, tcp, path) = relay_with_tcp().await;
    let link = RelayLink::connect_tcp(&tcp.to_string(), &path, relay.relay().pin)
        .await
        .unwrap();
    support::hostile::malformed_frames(&link, 300).await;
    link.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn per_address_limits_hold_on_the_tcp_route() {
    let relay = TestRelay::start_with(|c| {
        c.tcp_listen = Some("127.0.0.1:0".parse().unwrap());
        c.per_address_limit_loopback = true;
        c.per_address_connections = 2;
    })
    .await;
    let (addr, path) = relay.relay().tcp.clone().unwrap();
    let mut first = h2(&relay, addr).await;
    let _second = h2(&relay, addr).await;
    let config = client_config(pinned(relay.relay().pin.0), &[b"h2"]);
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("relay.example.org").unwrap();
    let third = TlsConnector::from(std::sync::Arc::new(config))
        .connect(name, tcp)
        .await;
    assert!(
        third.is_err(),
        "a third connection from one address is refused"
    );
    // The two admitted ones are served.
    assert!(matches!(
        call(&mut first, &path, &Request::ServerInfo).await,
        Response::ServerInfo { .. }
    ));
}

/// The flood test's hostile clients, on the TCP route: connections that open every stream
/// they may, promise a full frame and never finish it, and connections sending oversized
/// frame headers again and again, while an honest pair on the TCP route keeps sending and
/// receiving with bounded latency.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn floods_over_the_tcp_route_do_not_starve_honest_clients() {
    use amicus_client::internal::RelayLink;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    let (relay, tcp, path) = relay_with_tcp().await;
    let pin = relay.relay().pin;
    let address = format!("https://{tcp}{path}");
    let (mut defender, mut member) = relay.pair_at(&address).await;
    let stop = Arc::new(AtomicBool::new(false));
    let mut hostile = Vec::new();
    for _ in 0..20 {
        let link = RelayLink::connect_tcp(&tcp.to_string(), &path, pin)
            .await
            .unwrap();
        hostile.push(support::hostile::hoard(link, stop.clone()));
    }
    for _ in 0..5 {
        let link = RelayLink::connect_tcp(&tcp.to_string(), &path, pin)
            .await
            .unwrap();
        hostile.push(support::hostile::oversize(link, stop.clone()));
    }

    let mut slowest = Duration::ZERO;
    for i in 0..5 {
        let started = Instant::now();
        let report = defender
            .send("member", &format!("honest {i}"), "text")
            .await;
        assert_eq!(report.delivered.len(), 1);
        slowest = slowest.max(started.elapsed());
    }
    member.sync().await;
    let received = member.subjects();
    for i in 0..5 {
        assert!(received.contains(&format!("honest {i}")), "{received:?}");
    }
    assert!(
        slowest < Duration::from_secs(10),
        "slowest honest send {slowest:?}"
    );
    stop.store(true, Ordering::SeqCst);
    for h in hostile {
        // An oversizer's assertion that failed surfaces here.
        h.await.expect("hostile client");
    }
    eprintln!("TCP flood: slowest honest send {slowest:?}");
}
