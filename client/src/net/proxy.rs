//! A SOCKS5 proxy: a system `tor` (port 9050), Tor Browser (9150), Orbot, or any other.
//! With one set, every connection to a relay goes through it over the TCP route, the relay's
//! name is handed to the proxy to resolve (SOCKS5 with a domain name, what `socks5h` means),
//! and nothing leaves outside it: no QUIC attempt, no DNS query, no direct connection.
//!
//! The proxy itself is named by an IP address (or `localhost`), never by a name that would
//! need a DNS query of its own.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use rand::Rng as _;
use tokio::net::TcpStream;

/// Where the SOCKS5 proxy listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proxy {
    addr: SocketAddr,
}

/// Why a proxy setting was not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProxyProblem {
    /// Not `[socks5h://]address:port`.
    #[error("not a SOCKS5 proxy address (expected address:port)")]
    NotAnAddress,
    /// A host name other than `localhost`: resolving it would leave the proxy.
    #[error("the proxy must be given by IP address or as localhost")]
    NamedHost,
    /// Another scheme (`http://`, `socks4://`): only SOCKS5 carries names to the proxy.
    #[error("only SOCKS5 proxies are supported")]
    NotSocks5,
}

impl Proxy {
    /// Reads `127.0.0.1:9050`, `[::1]:9150`, `localhost:9050`, with or without a
    /// `socks5h://` (or `socks5://`: names are given to the proxy either way) prefix.
    pub fn parse(text: &str) -> Result<Self, ProxyProblem> {
        let text = text.trim();
        let rest = match text.split_once("://") {
            None => text,
            Some(("socks5h" | "socks5", rest)) => rest,
            Some(_) => return Err(ProxyProblem::NotSocks5),
        };
        let rest = rest.trim_end_matches('/');
        if let Ok(addr) = rest.parse::<SocketAddr>() {
            return Ok(Proxy { addr });
        }
        let (host, port) = rest.rsplit_once(':').ok_or(ProxyProblem::NotAnAddress)?;
        let port: u16 = port.parse().map_err(|_| ProxyProblem::NotAnAddress)?;
        if host.eq_ignore_ascii_case("localhost") {
            return Ok(Proxy {
                addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
            });
        }
        if host.is_empty() || host.parse::<IpAddr>().is_ok() {
            return Err(ProxyProblem::NotAnAddress);
        }
        Err(ProxyProblem::NamedHost)
    }

    /// Where the proxy listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Opens a TCP stream to `host:port` through the proxy. `isolation` becomes the SOCKS5
    /// user name and password: Tor (IsolateSOCKSAuth, on by default) gives streams with
    /// different credentials different circuits, so connections that must not be linked
    /// (a mailbox's own, and each anonymous delivery) leave by different exits; a proxy
    /// that needs no authentication ignores them.
    pub(crate) async fn connect(
        &self,
        host: &str,
        port: u16,
        isolation: &Isolation,
    ) -> Result<TcpStream, ProxyFailure> {
        // Reaching the proxy itself is told apart: "is Tor running?" is what the user
        // needs to hear then.
        let socket = TcpStream::connect(self.addr)
            .await
            .map_err(|_| ProxyFailure::Down)?;
        let stream = tokio_socks::tcp::Socks5Stream::connect_with_password_and_socket(
            socket,
            (host, port),
            &isolation.0,
            &isolation.0,
        )
        .await
        .map_err(|e| ProxyFailure::Refused(format!("through the proxy at {}: {e}", self.addr)))?;
        Ok(stream.into_inner())
    }
}

/// Why a connection through the proxy failed.
#[derive(Debug)]
pub(crate) enum ProxyFailure {
    /// Nothing answers at the proxy's address (Tor not started, a wrong port).
    Down,
    /// The proxy answered but did not connect us: its reason.
    Refused(String),
}

impl fmt::Display for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "socks5h://{}", self.addr)
    }
}

/// Which circuit a proxied connection belongs to (see [`Proxy::connect`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Isolation(String);

impl Isolation {
    /// A circuit of its own, shared with no other connection.
    pub(crate) fn fresh() -> Self {
        let bytes: [u8; 12] = rand::rng().random();
        Isolation(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_are_addresses_never_names_to_resolve() {
        for (text, want) in [
            ("127.0.0.1:9050", "127.0.0.1:9050"),
            ("socks5h://127.0.0.1:9150", "127.0.0.1:9150"),
            ("socks5://[::1]:9050/", "[::1]:9050"),
            ("localhost:9050", "127.0.0.1:9050"),
            (" LOCALHOST:9050 ", "127.0.0.1:9050"),
        ] {
            assert_eq!(
                Proxy::parse(text).unwrap().addr().to_string(),
                want,
                "{text}"
            );
        }
        assert_eq!(
            Proxy::parse("tor.example.org:9050"),
            Err(ProxyProblem::NamedHost)
        );
        assert_eq!(
            Proxy::parse("http://127.0.0.1:8080"),
            Err(ProxyProblem::NotSocks5)
        );
        for bad in [
            "",
            "9050",
            "127.0.0.1",
            "127.0.0.1:port",
            ":9050",
            "localhost:99999",
        ] {
            assert_eq!(Proxy::parse(bad), Err(ProxyProblem::NotAnAddress), "{bad}");
        }
        let shown = Proxy::parse("localhost:9050").unwrap().to_string();
        assert_eq!(Proxy::parse(&shown).unwrap().to_string(), shown);
    }

    #[test]
    fn each_fresh_isolation_is_its_own() {
        assert_ne!(Isolation::fresh(), Isolation::fresh());
    }
}
