//! The relay address to give clients: every route the relay serves, in the form cards,
//! invitations and `amicus init --relay` take (protocol/PROTOCOL.md, "Contact cards"):
//! the QUIC route, the TCP route with its secret path, and the onion route when the relay is
//! also a Tor onion service. Printed at start and by `amicus-relay address`, so that an
//! operator pastes it instead of composing it.

/// Checks a public host name (what clients resolve): a DNS name or an IP address, nothing
/// else (no scheme, no port, no path, no space).
pub fn check_public_host(host: &str) -> Result<(), String> {
    let bad = host.is_empty()
        || host.len() > 253
        || host.contains(['/', ' ', '\t', '@'])
        || host.contains("://")
        || host.ends_with(".onion");
    if bad {
        return Err(format!(
            "public_host must be the relay's host name or IP address alone (no scheme, port or path), not {host:?}"
        ));
    }
    Ok(())
}

/// Checks an onion service name: a version 3 onion address, 56 base32 characters then
/// `.onion` (what `tor` writes in the service's `hostname` file).
pub fn check_onion_host(host: &str) -> Result<(), String> {
    let name = host.strip_suffix(".onion").unwrap_or_default();
    let ok = name.len() == 56
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b));
    if !ok {
        return Err(format!(
            "onion_host must be the 62-character name in the onion service's hostname file (56 characters then .onion), not {host:?}"
        ));
    }
    Ok(())
}

/// The address for clients: `HOST:QUIC_PORT`, then `https://HOST:TCP_PORT/PATH` and
/// `https://ONION/PATH` when the TCP route is on. `host` is `None` when the operator has
/// not set `public_host`: the address then says `HOST` for them to replace.
pub fn client_address(
    host: Option<&str>,
    quic_port: u16,
    tcp: Option<(u16, &str)>,
    onion: Option<&str>,
) -> String {
    let host = host.map_or_else(|| "HOST".to_string(), bracketed);
    let mut routes = vec![format!("{host}:{quic_port}")];
    if let Some((port, path)) = tcp {
        routes.push(format!("https://{host}:{port}{path}"));
        if let Some(onion) = onion {
            // Tor's HiddenServicePort maps the onion's 443 to the TCP route.
            routes.push(format!("https://{onion}{path}"));
        }
    }
    routes.join(" ")
}

/// An IPv6 address in brackets, as a `host:port` needs it.
fn bracketed(host: &str) -> String {
    if host.parse::<std::net::Ipv6Addr>().is_ok() {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONION: &str = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion";
    const PATH: &str = "/0123456789abcdef0123456789abcdef";

    #[test]
    fn the_address_lists_every_route_the_relay_serves() {
        assert_eq!(
            client_address(Some("relay.example.org"), 4433, None, None),
            "relay.example.org:4433"
        );
        assert_eq!(
            client_address(
                Some("relay.example.org"),
                4433,
                Some((443, PATH)),
                Some(ONION)
            ),
            format!(
                "relay.example.org:4433 https://relay.example.org:443{PATH} https://{ONION}{PATH}"
            )
        );
        assert_eq!(
            client_address(Some("2001:db8::1"), 4433, Some((443, PATH)), None),
            format!("[2001:db8::1]:4433 https://[2001:db8::1]:443{PATH}")
        );
        assert!(client_address(None, 4433, Some((443, PATH)), None).starts_with("HOST:4433 "));
    }

    #[test]
    fn hosts_are_checked() {
        assert!(check_public_host("relay.example.org").is_ok());
        assert!(check_public_host("192.0.2.7").is_ok());
        for bad in [
            "",
            "https://relay.example.org",
            "relay.example.org/x",
            "a b",
            ONION,
        ] {
            assert!(check_public_host(bad).is_err(), "{bad}");
        }
        assert!(check_onion_host(ONION).is_ok());
        for bad in [
            "relay.example.org",
            "abc.onion",
            &ONION.to_uppercase(),
            &ONION[1..],
        ] {
            assert!(check_onion_host(bad).is_err(), "{bad}");
        }
    }
}
