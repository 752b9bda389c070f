//! Through a SOCKS5 proxy (Tor's part, played by a real SOCKS5 server in the test): every
//! flow works; names go to the proxy, never to a local lookup; nothing leaves outside the
//! proxy (no QUIC datagram, no direct TCP connection); the relay's side sees only the
//! proxy's address; anonymous deliveries ask the proxy for circuits of their own; onion
//! routes go first through a proxy and are never tried without one.

mod support;

use std::collections::{BTreeSet, HashMap};

use amicus_client::internal::RelayLink;
use amicus_client::{ClientError, RouteKind};
use support::socks::{PROXY_EXIT, Sentinel, TestProxy, Watcher};
use support::{TestProfile, TestRelay, introduce};

/// A name no resolver but the test proxy's knows.
const RELAY_NAME: &str = "relay.amicus.test";
const ONION: &str = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion";

struct Setup {
    relay: TestRelay,
    watcher: Watcher,
    sentinel: Sentinel,
    proxy: TestProxy,
    path: String,
}

/// A relay with its TCP route behind a watcher; a QUIC "route" that is a sentinel; a proxy
/// that knows the relay's name and its onion name, both leading to the watcher.
async fn setup() -> Setup {
    let relay =
        TestRelay::start_with(|c| c.tcp_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let (tcp, path) = relay.relay().tcp.clone().expect("the TCP route is on");
    let watcher = Watcher::start(tcp).await;
    let sentinel = Sentinel::start().await;
    let names = HashMap::from([
        (RELAY_NAME.to_string(), watcher.addr),
        (ONION.to_string(), watcher.addr),
    ]);
    let proxy = TestProxy::start(names).await;
    Setup {
        relay,
        watcher,
        sentinel,
        proxy,
        path,
    }
}

impl Setup {
    /// A defender and a member who know each other, both through the proxy, their relay
    /// address listing the (sentinel) QUIC route first, as a card does.
    async fn pair(&self) -> (TestProfile, TestProfile) {
        let address = format!("{} {}", self.sentinel.addr, self.tcp_route(RELAY_NAME));
        let proxy = Some(self.proxy.proxy());
        let mut defender = self.relay.profile_via("Defender", &address, proxy).await;
        let mut member = self.relay.profile_via("Member", &address, proxy).await;
        introduce(&mut defender, "defender", &mut member, "member");
        (defender, member)
    }

    fn tcp_route(&self, host: &str) -> String {
        format!("https://{host}:{}{}", self.watcher.addr.port(), self.path)
    }

    /// Nothing reached the relay but through the proxy, and something did.
    fn assert_only_the_proxy_reached_the_relay(&self) {
        assert_eq!(self.sentinel.datagrams(), 0, "a QUIC attempt left");
        let peers = self.watcher.peers();
        assert!(!peers.is_empty());
        assert!(
            peers.iter().all(|p| p.ip() == PROXY_EXIT),
            "a connection reached the relay's side from elsewhere: {peers:?}"
        );
        let asked = self.proxy.asked();
        assert!(
            asked.iter().all(|a| a.by_name),
            "a name was resolved locally: {asked:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn through_a_socks5_proxy_every_flow_works_and_nothing_leaves_outside_it() {
    let s = setup().await;
    // With a proxy the QUIC route, listed first, must never be tried.
    let (mut defender, mut member) = s.pair().await;
    // Said once, in the user's terms.
    assert_eq!(defender.p().take_route_news(), Some(RouteKind::Proxied));
    assert_eq!(defender.p().take_route_news(), None);

    let before_send = s.proxy.asked().len();
    let content = defender
        .send_with_attachment("member", "Through the proxy", 700_000)
        .await;
    // The mailbox's own connections share one circuit; every anonymous one (prekeys,
    // attachment, delivery) asks for a circuit of its own.
    let users: BTreeSet<String> = s.proxy.asked()[before_send..]
        .iter()
        .map(|a| a.user.clone())
        .collect();
    assert!(users.len() >= 3, "{users:?}");

    let sync = member.sync().await;
    assert_eq!(sync.received, 1);
    // The member was not told at creation: its first sync says it.
    assert_eq!(sync.route, Some(RouteKind::Proxied));
    assert_eq!(member.sync().await.route, None);
    member.saves_attachment("Through the proxy", &content).await;
    assert_eq!(s.relay.queued(), 0);

    s.assert_only_the_proxy_reached_the_relay();
    let asked = s.proxy.asked();
    let wanted = format!("{RELAY_NAME}:{}", s.watcher.addr.port());
    assert!(asked.iter().all(|a| a.target == wanted), "{asked:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_a_proxy_a_relay_without_a_tcp_route_is_refused_and_nothing_is_sent() {
    let s = setup().await;
    let address = s.sentinel.addr.to_string();
    let approach = amicus_client::Approach::through(s.proxy.proxy());
    let refused = RelayLink::connect_with(&address, s.relay.relay().pin, &approach).await;
    assert!(matches!(refused, Err(ClientError::NoProxyRoute(_))));
    assert_eq!(s.sentinel.datagrams(), 0);
    assert!(s.proxy.asked().is_empty());
    assert!(s.watcher.peers().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn onion_routes_go_first_through_a_proxy_and_never_without_one() {
    let s = setup().await;
    let pin = s.relay.relay().pin;
    // Listed last, tried first.
    let address = format!(
        "{} {} {}",
        s.sentinel.addr,
        s.tcp_route(RELAY_NAME),
        s.tcp_route(ONION)
    );
    let link = RelayLink::connect_with(
        &address,
        pin,
        &amicus_client::Approach::through(s.proxy.proxy()),
    )
    .await
    .unwrap();
    assert_eq!(link.kind(), RouteKind::Onion);
    assert_eq!(link.route(), s.tcp_route(ONION));
    link.close().await;
    let asked = s.proxy.asked();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(
        asked[0].target,
        format!("{ONION}:{}", s.watcher.addr.port())
    );

    // Without a proxy an onion route is never looked up: one alone is an error that says
    // what to do, and beside others it is passed over.
    let only_onion = s.tcp_route(ONION);
    let refused = RelayLink::connect(&only_onion, pin).await;
    assert!(matches!(refused, Err(ClientError::OnionNeedsProxy(_))));
    let profile = s
        .relay
        .profile_at(
            "Direct",
            &format!("{} {}", s.relay.address(), s.tcp_route(ONION)),
        )
        .await;
    assert_eq!(profile.profile.as_ref().unwrap().proxy(), None);
    s.assert_only_the_proxy_reached_the_relay();
}

/// The profile keeps the proxy and the route that answered; a proxy given for one run
/// replaces the setting for that run only.
#[tokio::test(flavor = "multi_thread")]
async fn the_profile_remembers_its_proxy_and_route_across_reopening() {
    let s = setup().await;
    let address = format!("{} {}", s.sentinel.addr, s.tcp_route(RELAY_NAME));
    let mut defender = s
        .relay
        .profile_via("Defender", &address, Some(s.proxy.proxy()))
        .await;
    let path = defender.path.clone();
    drop(defender.profile.take());
    let mut reopened = amicus_client::Profile::open(&path, &support::passphrase()).unwrap();
    assert_eq!(reopened.proxy(), Some(s.proxy.proxy()));
    let report = reopened.sync().await.unwrap();
    assert_eq!(report.route, None, "the route did not change");
    s.assert_only_the_proxy_reached_the_relay();

    // Turned off: straight to the relay's QUIC port (here the real one), and said so.
    let direct = format!("{} {}", s.relay.address(), s.tcp_route(RELAY_NAME));
    reopened.set_relay_address(&direct).unwrap();
    reopened.set_proxy(None).unwrap();
    let before = s.proxy.asked().len();
    let report = reopened.sync().await.unwrap();
    assert_eq!(report.route, Some(RouteKind::Direct));
    assert_eq!(s.proxy.asked().len(), before);
    // For one run, through the proxy again, without changing the setting.
    reopened.use_proxy_for_now(Some(s.proxy.proxy()));
    let report = reopened.sync().await.unwrap();
    assert_eq!(report.route, Some(RouteKind::Proxied));
    assert!(s.proxy.asked().len() > before);
    assert_eq!(reopened.saved_proxy(), None);
}

/// With the proxy gone (Tor stopped), nothing connects any other way: the user is told to
/// start it, and a briefing written meanwhile waits in the outbox, sealed, until it answers.
#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_that_does_not_answer_is_named_and_nothing_is_lost() {
    let s = setup().await;
    let (mut defender, _member) = s.pair().await;
    assert_eq!(
        defender
            .send("member", "first", "While Tor runs.")
            .await
            .delivered
            .len(),
        1
    );
    let Setup {
        relay,
        proxy,
        sentinel,
        watcher,
        ..
    } = s;
    let peers_before = watcher.peers().len();
    drop(proxy);

    let report = defender
        .send("member", "second", "While Tor is down.")
        .await;
    assert!(report.delivered.is_empty());
    assert_eq!(
        report.waiting,
        vec![("member".to_string(), amicus_client::WaitReason::Unreachable)]
    );
    assert_eq!(defender.p().outbox().unwrap().len(), 1);
    let refused = defender.p().sync().await;
    assert!(
        matches!(refused, Err(ClientError::ProxyUnreachable(_))),
        "{refused:?}"
    );
    assert_eq!(defender.p().outbox().unwrap().len(), 1);
    assert_eq!(sentinel.datagrams(), 0);
    assert_eq!(watcher.peers().len(), peers_before);
    drop(relay);
}

/// The sentinel can fail the tests above: it sees what reaches it.
#[tokio::test]
async fn the_sentinel_counts_what_reaches_it() {
    let sentinel = Sentinel::start().await;
    let sender = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    sender.send_to(b"quic?", sentinel.addr).unwrap();
    sender.send_to(b"quic?", sentinel.addr).unwrap();
    assert_eq!(sentinel.datagrams(), 2);
    assert_eq!(sentinel.datagrams(), 0);
}
