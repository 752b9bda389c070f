//! A relay's routes as a relay address names them (protocol/PROTOCOL.md, "Contact cards"):
//! one or more routes separated by spaces, each either `host:port` (QUIC) or
//! `https://host[:port]/path` (the TCP route, port 443 by default, `path` the relay's
//! secret: `/` and 32 lowercase hex digits). An address of one QUIC route is what every
//! card and invitation held before the TCP route existed, and reads as it always did. A TCP
//! route whose host is an onion address (`….onion`) is the relay's Tor onion service:
//! reachable only through a proxy, and never looked up in DNS.

/// One way to reach a relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    Quic { addr: String },
    Tcp { addr: String, path: String },
}

impl Route {
    /// The route as an address writes it (the TCP route with its port always given), the
    /// form a profile remembers.
    pub(crate) fn text(&self) -> String {
        match self {
            Route::Quic { addr } => addr.clone(),
            Route::Tcp { addr, path } => format!("https://{addr}{path}"),
        }
    }

    /// Whether this is an onion service's route (only a proxy can reach it).
    pub(crate) fn is_onion(&self) -> bool {
        match self {
            Route::Quic { .. } => false,
            Route::Tcp { addr, .. } => is_onion_host(addr),
        }
    }
}

fn is_onion_host(addr: &str) -> bool {
    let host = addr.rsplit_once(':').map_or(addr, |(host, _)| host);
    host.to_ascii_lowercase().ends_with(".onion")
}

/// The routes of `address`, in the order given. An error names what is wrong. An address
/// longer than cards, invitations and profiles can carry is refused here, before anything
/// keeps it.
pub(crate) fn parse(address: &str) -> Result<Vec<Route>, String> {
    let max = amicus_protocol::limits::MAX_ADDRESS_LEN;
    if address.len() > max {
        return Err(format!("the relay address is longer than {max} bytes"));
    }
    let routes: Vec<Route> = address
        .split_whitespace()
        .map(one)
        .collect::<Result<_, _>>()?;
    if routes.is_empty() {
        return Err("the relay address is empty".into());
    }
    Ok(routes)
}

fn one(route: &str) -> Result<Route, String> {
    let Some(rest) = route.strip_prefix("https://") else {
        if is_onion_host(route) {
            return Err(format!("{route}: an onion route is https://…onion/path"));
        }
        return Ok(Route::Quic {
            addr: route.to_string(),
        });
    };
    let (authority, path) = rest
        .find('/')
        .map(|i| rest.split_at(i))
        .ok_or_else(|| format!("{route}: the TCP route has no path"))?;
    let secret = path.strip_prefix('/').unwrap_or_default();
    if secret.len() != 32
        || !secret
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(format!("{route}: the path must be / and 32 hex digits"));
    }
    if authority.is_empty() {
        return Err(format!("{route}: no host"));
    }
    // host, host:port, [v6], [v6]:port
    let has_port = match authority.rsplit_once(':') {
        Some((host, port)) => {
            !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && !host.ends_with(':')
                && (!authority.starts_with('[') || host.ends_with(']'))
        }
        None => false,
    };
    let addr = if has_port {
        authority.to_string()
    } else {
        format!("{authority}:443")
    };
    Ok(Route::Tcp {
        addr,
        path: path.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/0123456789abcdef0123456789abcdef";

    #[test]
    fn old_addresses_are_one_quic_route_and_tcp_routes_parse() {
        assert_eq!(
            parse("relay.example.org:4433").unwrap(),
            vec![Route::Quic {
                addr: "relay.example.org:4433".into()
            }]
        );
        let both = format!("relay.example.org:4433 https://relay.example.org{PATH}");
        assert_eq!(
            parse(&both).unwrap()[1],
            Route::Tcp {
                addr: "relay.example.org:443".into(),
                path: PATH.into()
            }
        );
        let v6 = format!("https://[::1]:8443{PATH}");
        assert_eq!(
            parse(&v6).unwrap()[0],
            Route::Tcp {
                addr: "[::1]:8443".into(),
                path: PATH.into()
            }
        );
        let onion =
            format!("https://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion{PATH}");
        let routes = parse(&format!("relay.example.org:4433 {onion}")).unwrap();
        assert!(!routes[0].is_onion() && routes[1].is_onion());
        assert_eq!(parse(&routes[1].text()).unwrap(), vec![routes[1].clone()]);
        assert!(parse(&format!("{}:4433", "r".repeat(251))).is_err());
        for bad in [
            "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion:4433",
            "",
            "   ",
            "https://relay.example.org",
            "https://relay.example.org/short",
            "https:///0123456789abcdef0123456789abcdef",
            "https://relay.example.org/0123456789ABCDEF0123456789ABCDEF",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
