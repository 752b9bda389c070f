//! Limits per network address, as a second line behind the per-connection ones: a client
//! that opens fresh connections gets a fresh per-connection bucket each time, but the same
//! address keeps drawing from the same address bucket, and it may hold only so many
//! connections at once.
//!
//! Held in memory only: addresses are never written to disk, metrics or logs. An entry
//! outlives its last connection until its bucket would have refilled (so reconnecting does
//! not reset it), and the table is bounded. Loopback addresses are exempt by default: behind
//! a local Tor daemon (an onion service) or a reverse proxy every user arrives from
//! 127.0.0.1, and limiting that address would limit everyone.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::ratelimit::TokenBucket;

/// Most addresses tracked at once; past it, idle entries go first, then the oldest.
const MAX_TRACKED: usize = 100_000;

/// The address a limit is kept for: an IPv4 address as itself (also when it arrives
/// IPv4-mapped on a dual-stack socket), an IPv6 address by its /64, since one host or home
/// network is routinely given a whole /64 and could otherwise rotate through it.
pub fn limit_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) if !v6.is_loopback() => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::V6(segments.into())
        }
        other => other,
    }
}

/// Per-address settings (from the relay's configuration).
#[derive(Debug, Clone, Copy)]
pub struct AddressPolicy {
    pub connections: u32,
    pub burst: u32,
    pub per_sec: u32,
    /// Apply the limits to 127.0.0.0/8 and ::1 too (tests; a relay not behind Tor or a
    /// proxy).
    pub limit_loopback: bool,
}

struct Entry {
    connections: u32,
    bucket: TokenBucket,
    last_ms: u64,
}

pub struct AddressLimits {
    policy: AddressPolicy,
    entries: Mutex<HashMap<IpAddr, Entry>>,
}

/// One admitted connection; dropping it frees its place.
pub struct AddressSlot {
    limits: Arc<AddressLimits>,
    ip: IpAddr,
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut entries = self.limits.lock();
        if let Some(e) = entries.get_mut(&self.ip) {
            e.connections = e.connections.saturating_sub(1);
        }
    }
}

impl AddressLimits {
    pub fn new(policy: AddressPolicy) -> Self {
        AddressLimits {
            policy,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `ip` is limited at all (loopback is exempt unless configured otherwise).
    pub fn limits(&self, ip: IpAddr) -> bool {
        self.policy.limit_loopback || !ip.is_loopback()
    }

    /// How long an idle entry must be kept so that dropping it resets nothing: the time
    /// its bucket takes to refill from empty.
    fn keep_ms(&self) -> u64 {
        u64::from(self.policy.burst) * 1000 / u64::from(self.policy.per_sec.max(1)) + 1000
    }

    fn entry<'a>(
        &self,
        entries: &'a mut HashMap<IpAddr, Entry>,
        ip: IpAddr,
        now_ms: u64,
    ) -> &'a mut Entry {
        if entries.len() >= MAX_TRACKED && !entries.contains_key(&ip) {
            let keep = self.keep_ms();
            entries.retain(|_, e| e.connections > 0 || now_ms.saturating_sub(e.last_ms) < keep);
            if entries.len() >= MAX_TRACKED
                && let Some(oldest) = entries
                    .iter()
                    .filter(|(_, e)| e.connections == 0)
                    .min_by_key(|(_, e)| e.last_ms)
                    .map(|(ip, _)| *ip)
            {
                entries.remove(&oldest);
            }
        }
        let entry = entries.entry(ip).or_insert_with(|| Entry {
            connections: 0,
            bucket: TokenBucket::new(self.policy.burst, self.policy.per_sec, now_ms),
            last_ms: now_ms,
        });
        entry.last_ms = now_ms;
        entry
    }

    /// A place for a new connection from `ip`, or `None` if it holds too many already.
    /// Callers check [`Self::limits`] first: an exempt address needs no place.
    pub fn admit(self: &Arc<Self>, ip: IpAddr, now_ms: u64) -> Option<AddressSlot> {
        let mut entries = self.lock();
        let entry = self.entry(&mut entries, ip, now_ms);
        if entry.connections >= self.policy.connections {
            return None;
        }
        entry.connections += 1;
        Some(AddressSlot {
            limits: self.clone(),
            ip,
        })
    }

    /// Takes `cost` request tokens from `ip`'s bucket, or says how long to wait.
    pub fn take(&self, ip: IpAddr, cost: u32, now_ms: u64) -> Result<(), Duration> {
        let mut entries = self.lock();
        self.entry(&mut entries, ip, now_ms)
            .bucket
            .try_take(cost, now_ms)
    }

    /// Forgets entries that can be forgotten without resetting anyone's limit (the sweep).
    pub fn prune(&self, now_ms: u64) {
        let keep = self.keep_ms();
        self.lock()
            .retain(|_, e| e.connections > 0 || now_ms.saturating_sub(e.last_ms) < keep);
    }

    /// Addresses tracked now (tests).
    pub fn tracked(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(limit_loopback: bool) -> Arc<AddressLimits> {
        Arc::new(AddressLimits::new(AddressPolicy {
            connections: 2,
            burst: 5,
            per_sec: 1,
            limit_loopback,
        }))
    }

    #[test]
    fn an_address_holds_only_so_many_connections() {
        let l = limits(false);
        let a: IpAddr = "192.0.2.7".parse().unwrap();
        let b: IpAddr = "192.0.2.8".parse().unwrap();
        let first = l.admit(a, 0).unwrap();
        let _second = l.admit(a, 0).unwrap();
        assert!(l.admit(a, 0).is_none());
        assert!(l.admit(b, 0).is_some(), "another address is not affected");
        drop(first);
        assert!(l.admit(a, 0).is_some());
    }

    #[test]
    fn reconnecting_does_not_refill_the_address_bucket() {
        let l = limits(false);
        let a: IpAddr = "2001:db8::1".parse().unwrap();
        for _ in 0..5 {
            l.take(a, 1, 1000).unwrap();
        }
        assert!(l.take(a, 1, 1000).is_err());
        // Every connection gone, entry swept: still remembered until it would have refilled.
        l.prune(2000);
        assert_eq!(l.tracked(), 1);
        assert!(l.take(a, 1, 2000).is_ok(), "one second refilled one token");
        assert!(l.take(a, 1, 2000).is_err());
        l.prune(100_000);
        assert_eq!(l.tracked(), 0);
    }

    #[test]
    fn an_ipv6_network_is_one_address_and_mapped_ipv4_is_ipv4() {
        let a = limit_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = limit_key("2001:db8:1:2:bbbb::9".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, limit_key("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(
            limit_key("::ffff:127.0.0.1".parse().unwrap()),
            "127.0.0.1".parse::<IpAddr>().unwrap()
        );
        assert!(limit_key("::ffff:127.0.0.1".parse().unwrap()).is_loopback());
    }

    #[test]
    fn loopback_is_exempt_unless_asked() {
        assert!(!limits(false).limits("127.0.0.1".parse().unwrap()));
        assert!(!limits(false).limits("::1".parse().unwrap()));
        assert!(limits(true).limits("127.0.0.1".parse().unwrap()));
        assert!(limits(false).limits("198.51.100.1".parse().unwrap()));
    }
}
