//! A real SOCKS5 proxy for the tests (fast-socks5's server protocol), standing in for Tor:
//! it resolves the names it is given from its own table (so a name only the proxy knows
//! reaches the relay, and one the client looked up itself would not exist), records every
//! request (credentials and target as sent), and leaves from its own address, 127.0.0.2,
//! so that whoever watches the relay's side tells proxied connections from direct ones.
//!
//! And a watcher on the relay's side: a TCP forwarder in front of the relay's TCP route
//! that records the address of everyone who connects.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use fast_socks5::server::Socks5ServerProtocol;
use fast_socks5::util::target_addr::TargetAddr;
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// Where proxied connections leave from.
pub(crate) const PROXY_EXIT: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// One request the proxy received.
#[derive(Debug, Clone)]
pub(crate) struct Asked {
    /// The SOCKS5 user name (Amicus's circuit isolation).
    pub user: String,
    /// What the client asked to reach, as sent: a name, or an address.
    pub target: String,
    /// Whether the target was a name (resolved here) rather than an address.
    pub by_name: bool,
}

/// The proxy: its address and what it was asked.
pub(crate) struct TestProxy {
    pub addr: SocketAddr,
    pub asked: Arc<Mutex<Vec<Asked>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestProxy {
    /// A proxy that knows `names` (host name to address) and nothing else.
    pub(crate) async fn start(names: HashMap<String, SocketAddr>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let names = Arc::new(names);
        let task = tokio::spawn({
            let asked = asked.clone();
            async move {
                while let Ok((socket, _)) = listener.accept().await {
                    let (asked, names) = (asked.clone(), names.clone());
                    tokio::spawn(async move {
                        let _ = serve(socket, &asked, &names).await;
                    });
                }
            }
        });
        TestProxy { addr, asked, task }
    }

    pub(crate) fn proxy(&self) -> amicus_client::Proxy {
        amicus_client::Proxy::parse(&self.addr.to_string()).unwrap()
    }

    pub(crate) fn asked(&self) -> Vec<Asked> {
        self.asked.lock().unwrap().clone()
    }
}

impl Drop for TestProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    socket: TcpStream,
    asked: &Mutex<Vec<Asked>>,
    names: &HashMap<String, SocketAddr>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut user = String::new();
    let (proto, _) = Socks5ServerProtocol::accept_password_auth(socket, |u, _| {
        user = u;
        true
    })
    .await?;
    let (proto, _command, target) = proto.read_command().await?;
    let (destination, name) = match &target {
        TargetAddr::Domain(host, port) => (
            names.get(host).map(|a| SocketAddr::new(a.ip(), *port)),
            format!("{host}:{port}"),
        ),
        TargetAddr::Ip(addr) => (Some(*addr), addr.to_string()),
    };
    asked.lock().unwrap().push(Asked {
        user,
        target: name,
        by_name: matches!(target, TargetAddr::Domain(..)),
    });
    let Some(destination) = destination else {
        proto
            .reply_error(&fast_socks5::ReplyError::HostUnreachable)
            .await?;
        return Ok(());
    };
    let outbound = TcpSocket::new_v4()?;
    outbound.bind(SocketAddr::new(PROXY_EXIT, 0))?;
    let mut outbound = outbound.connect(destination).await?;
    let mut inbound = proto.reply_success(outbound.local_addr()?).await?;
    tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await?;
    Ok(())
}

/// A TCP forwarder in front of `relay`, recording who connects.
pub(crate) struct Watcher {
    pub addr: SocketAddr,
    pub peers: Arc<Mutex<Vec<SocketAddr>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Watcher {
    pub(crate) async fn start(relay: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let peers = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn({
            let peers = peers.clone();
            async move {
                while let Ok((mut inbound, peer)) = listener.accept().await {
                    peers.lock().unwrap().push(peer);
                    tokio::spawn(async move {
                        if let Ok(mut outbound) = TcpStream::connect(relay).await {
                            let _ =
                                tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
                }
            }
        });
        Watcher { addr, peers, task }
    }

    pub(crate) fn peers(&self) -> Vec<SocketAddr> {
        self.peers.lock().unwrap().clone()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A UDP socket standing where a QUIC route points: it answers nothing and counts what
/// arrives (a plain non-blocking socket, read directly: no runtime readiness in between).
pub(crate) struct Sentinel {
    pub addr: SocketAddr,
    socket: std::net::UdpSocket,
}

impl Sentinel {
    pub(crate) async fn start() -> Self {
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        socket.set_nonblocking(true).unwrap();
        Sentinel {
            addr: socket.local_addr().unwrap(),
            socket,
        }
    }

    /// How many datagrams arrived (none waiting means none was sent: loopback delivers at
    /// once).
    pub(crate) fn datagrams(&self) -> usize {
        let mut buf = [0u8; 2048];
        let mut count = 0;
        while self.socket.recv(&mut buf).is_ok() {
            count += 1;
        }
        count
    }
}
