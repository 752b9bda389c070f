//! A profile: one person's identity, contacts, inbox and outbox, in a directory:
//! `profile.key` (the passphrase-wrapped master key, see [`crate::store::vault`]) and `store/`
//! (the sealed local store). Sending lives in [`crate::flows::send`], receiving in
//! [`crate::flows::receive`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use amicus_protocol::{Clock, ContactCard, MailboxId, RelayPin, Request, Response, SystemClock};
use libsignal_protocol::{
    DeviceId, Fingerprint, IdentityKey, IdentityKeyPair, KeyPair, PrivateKey, ProtocolAddress,
};
use rand::Rng as _;
use zeroize::Zeroizing;

use crate::error::{ClientError, Result};
use crate::flows::prekeys;
use crate::net::link::{Approach, RelayLink, RouteKind};
use crate::net::proxy::{Isolation, Proxy};
use crate::records::{Contact, InboxMessage, OutboxEntry, ProfileRecord, Quarantined};
use crate::secret::{Passphrase, SecretKey};
use crate::store::signal::SignalTxn;
use crate::store::vault::{self, KdfParams};
use crate::store::wipe;
use crate::store::{Changes, LocalStore, Ns};

const PROFILE_ID: &[u8] = b"profile";
/// The last inbox number given (big-endian u64).
const INBOX_COUNTER: &[u8] = b"inbox-counter";
/// Iterations and version of libsignal's safety-number fingerprint (as Signal uses).
const FINGERPRINT_VERSION: u32 = 2;
const FINGERPRINT_ITERATIONS: u32 = 5200;

/// The system's time in milliseconds since the epoch, for callers without a profile (a
/// profile's own decisions take its [`Profile::now_ms`], which tests can move).
pub fn now_ms() -> u64 {
    SystemClock.now_ms()
}

pub struct Profile {
    pub(crate) store: LocalStore,
    pub(crate) record: ProfileRecord,
    pub(crate) identity: IdentityKeyPair,
    pub(crate) mailbox_key: KeyPair,
    pub(crate) mailbox: MailboxId,
    /// The profile's directory (attachments live under it).
    pub(crate) dir: PathBuf,
    /// Where every expiry, retention and timestamp decision gets the time.
    pub(crate) clock: Arc<dyn Clock>,
    /// A proxy choice for this run only (a flag: `Some(None)` is "no proxy"), over the
    /// profile's own setting.
    pub(crate) proxy_for_now: Option<Option<Proxy>>,
    /// The proxy circuit of this session's authenticated connections (anonymous ones each
    /// get a fresh one, so that Tor does not carry them together).
    pub(crate) owner_isolation: Isolation,
    /// A change of route the user has not been told about yet.
    pub(crate) route_news: Option<RouteKind>,
}

/// What is needed to create a profile.
pub struct NewProfile<'a> {
    pub name: &'a str,
    pub relay_address: &'a str,
    pub relay_pin: RelayPin,
    pub kdf: KdfParams,
    /// Enrol with this invitation (its relay and pin must be the ones above). Its token is
    /// used before anything is written, so a refused invitation leaves nothing behind.
    pub invitation: Option<&'a amicus_protocol::Invitation>,
    /// Reach the relay through this SOCKS5 proxy, from the first connection on; the profile
    /// keeps the setting.
    pub proxy: Option<Proxy>,
}

/// Whether reaching the relay by `kind` is news for someone whose relay address is
/// `address`: the HTTPS route is said to be a fallback only where a direct (QUIC) route
/// exists to fall back from.
fn worth_telling(kind: RouteKind, address: &str) -> bool {
    kind != RouteKind::Https
        || crate::net::route::parse(address).is_ok_and(|routes| {
            routes
                .iter()
                .any(|r| matches!(r, crate::net::route::Route::Quic { .. }))
        })
}

fn key_path(dir: &Path) -> PathBuf {
    dir.join("profile.key")
}

impl Profile {
    pub fn exists(dir: &Path) -> bool {
        key_path(dir).exists()
    }

    /// Creates a profile and registers it with the relay. The relay is asked for its
    /// sealed-sender trust root first, so an unreachable relay or a wrong pin leaves nothing
    /// behind. If registration itself fails, the profile is kept and registered on the next
    /// sync.
    pub async fn create(dir: &Path, passphrase: &Passphrase, new: NewProfile<'_>) -> Result<Self> {
        if Self::exists(dir) {
            return Err(ClientError::ProfileExists(dir.display().to_string()));
        }
        if new.name.trim().is_empty() || new.name.len() > amicus_protocol::limits::MAX_NAME_LEN {
            return Err(ClientError::BadName);
        }
        let isolation = Isolation::fresh();
        let approach = Approach {
            proxy: new.proxy,
            last_route: None,
            isolation: Some(isolation.clone()),
        };
        let link = RelayLink::connect_with(new.relay_address, new.relay_pin, &approach).await?;
        let Response::ServerInfo { trust_root, .. } = link.call_ok(&Request::ServerInfo).await?
        else {
            return Err(ClientError::UnexpectedResponse);
        };
        libsignal_protocol::PublicKey::deserialize(&trust_root)
            .map_err(|_| ClientError::UnexpectedResponse)?;

        // The thread's generator is not `Send`: it is not held across an `.await`, so that
        // creating a profile can run on any task (a web app's handler).
        let (identity, mailbox_key, registration_id) = {
            let mut rng = rand::rng();
            (
                IdentityKeyPair::generate(&mut rng),
                KeyPair::generate(&mut rng),
                rng.random_range(1..16_380),
            )
        };
        let mut centre_root = Vec::new();
        if let Some(invitation) = new.invitation {
            if invitation.relay_pin != new.relay_pin {
                return Err(ClientError::PinMismatch);
            }
            if invitation.expires_at <= now_ms() / 1000 {
                return Err(ClientError::Relay(
                    amicus_protocol::ErrorCode::InvitationExpired,
                ));
            }
            link.authenticate(&mailbox_key).await?;
            match link
                .call_ok(&Request::Enrol {
                    token: invitation.token,
                })
                .await?
            {
                Response::Enrolled => {}
                _ => return Err(ClientError::UnexpectedResponse),
            }
            centre_root = invitation.centre_root.clone();
        }

        amicus_io::create_private_dir(dir).map_err(|e| ClientError::Storage(e.to_string()))?;
        let master = vault::create(&key_path(dir), passphrase, new.kdf)?;
        let store = LocalStore::open(&dir.join("store"), &master)?;
        let record = ProfileRecord {
            name: new.name.trim().to_string(),
            relay_address: new.relay_address.to_string(),
            relay_pin: new.relay_pin,
            trust_root,
            identity: Zeroizing::new(identity.serialize().to_vec()),
            mailbox_key: Zeroizing::new(mailbox_key.private_key.serialize()),
            registration_id,
            next_prekey_id: prekeys::FIRST_ONE_TIME_ID,
            next_kyber_id: prekeys::FIRST_ONE_TIME_ID,
            registered: false,
            sender_certificate: Vec::new(),
            sender_certificate_expires: 0,
            delete_read_after_days: 0,
            centre_root,
            centre_root_private: Zeroizing::new(Vec::new()),
            roster_version: 0,
            roster_hash: [0; 32],
            read_receipts: false,
            proxy: new.proxy.map(|p| p.to_string()).unwrap_or_default(),
            last_route: link.route().to_string(),
            last_route_kind: link.kind().to_u8(),
        };
        let txn = SignalTxn::new(&store, identity, registration_id);
        prekeys::generate_long_term(&txn, &identity, now_ms())?;
        let mut changes = txn.take_changes();
        changes.put(LocalStore::key(Ns::Meta, PROFILE_ID), record.encode());
        store.commit(changes)?;
        let mailbox = MailboxId::for_auth_key(&mailbox_key.public_key.serialize());
        let mut profile = Profile {
            store,
            record,
            identity,
            mailbox_key,
            mailbox,
            dir: dir.to_path_buf(),
            clock: Arc::new(SystemClock),
            proxy_for_now: None,
            owner_isolation: isolation,
            route_news: Some(link.kind()).filter(|kind| {
                *kind != RouteKind::Direct && worth_telling(*kind, new.relay_address)
            }),
        };
        // Registration needs an authenticated link; failures leave `registered = false`.
        let authenticated =
            new.invitation.is_some() || link.authenticate(&profile.mailbox_key).await.is_ok();
        if authenticated {
            let _ = profile.replenish_prekeys(&link).await;
        }
        // The Centre's people become contacts from the roster; a failure here is retried by
        // the next sync.
        if !profile.record.centre_root.is_empty() {
            let _ = profile.update_roster(&link).await;
        }
        link.close().await;
        Ok(profile)
    }

    /// Unlocks a profile. A wrong passphrase is an error and changes nothing.
    pub fn open(dir: &Path, passphrase: &Passphrase) -> Result<Self> {
        let master = Self::unlock_key(dir, passphrase)?;
        Self::open_with_key(dir, &master)
    }

    /// The profile's master key, from the passphrase (Argon2id): what an unlock agent holds
    /// so that one terminal need not ask again. Wrong passphrases count towards the wipe
    /// setting, as for [`Profile::open`].
    pub fn unlock_key(dir: &Path, passphrase: &Passphrase) -> Result<SecretKey> {
        if !Self::exists(dir) {
            return Err(ClientError::NoProfile(dir.display().to_string()));
        }
        let master = match vault::unlock(&key_path(dir), passphrase) {
            Ok(master) => master,
            Err(ClientError::WrongPassphrase) => return Err(wipe::record_failure(dir)),
            Err(e) => return Err(e),
        };
        wipe::record_success(dir);
        Ok(master)
    }

    /// Opens the profile with its master key (from [`Profile::unlock_key`], held by an
    /// unlock agent). A key that does not open it is refused like a wrong passphrase.
    pub fn open_with_key(dir: &Path, master: &SecretKey) -> Result<Self> {
        if !Self::exists(dir) {
            return Err(ClientError::NoProfile(dir.display().to_string()));
        }
        let store = LocalStore::open(&dir.join("store"), master)?;
        let raw = store
            .get(&LocalStore::key(Ns::Meta, PROFILE_ID))?
            .ok_or_else(|| ClientError::Corrupt("the profile record is missing".into()))?;
        let record = ProfileRecord::decode(&raw)
            .map_err(|e| ClientError::Corrupt(format!("profile record: {e}")))?;
        let identity = IdentityKeyPair::try_from(record.identity.as_slice())
            .map_err(|_| ClientError::Corrupt("identity key".into()))?;
        let private = PrivateKey::deserialize(&record.mailbox_key)
            .map_err(|_| ClientError::Corrupt("mailbox key".into()))?;
        let public = private
            .public_key()
            .map_err(|_| ClientError::Corrupt("mailbox key".into()))?;
        let mailbox_key = KeyPair::new(public, private);
        let mailbox = MailboxId::for_auth_key(&public.serialize());
        let profile = Profile {
            store,
            record,
            identity,
            mailbox_key,
            mailbox,
            dir: dir.to_path_buf(),
            clock: Arc::new(SystemClock),
            proxy_for_now: None,
            owner_isolation: Isolation::fresh(),
            route_news: None,
        };
        profile.move_to_uuid_names()?;
        Ok(profile)
    }

    /// Once per profile: sessions and identities kept under a party's mailbox in hex
    /// (releases before sender UUIDs) move to its UUID, for every party this profile knows
    /// (contacts, roster, senders in the inbox, recipients of sent briefings).
    fn move_to_uuid_names(&self) -> Result<()> {
        let done = LocalStore::key(Ns::Meta, b"signal-names-uuid");
        if self.store.get(&done)?.is_some() {
            return Ok(());
        }
        let mut known: Vec<MailboxId> = self.contacts()?.iter().map(|c| c.mailbox).collect();
        known.extend(self.roster_entries()?.iter().map(|e| e.mailbox));
        known.extend(self.inbox()?.iter().map(|m| m.from_mailbox));
        known.extend(
            self.sent()?
                .iter()
                .flat_map(|s| s.recipients.iter().map(|r| r.mailbox)),
        );
        known.sort();
        known.dedup();
        crate::store::signal::move_to_uuid_names(&self.store, known)?;
        let mut changes = Changes::default();
        changes.put(done, vec![1]);
        self.store.commit(changes)
    }

    /// Takes time from `clock` from now on (tests move a manual clock instead of waiting;
    /// the default is the system's).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// The current time in milliseconds since the epoch, from the profile's clock.
    pub fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    pub fn name(&self) -> &str {
        &self.record.name
    }

    pub fn mailbox(&self) -> MailboxId {
        self.mailbox
    }

    pub fn identity_key(&self) -> IdentityKey {
        *self.identity.identity_key()
    }

    /// The public half of the mailbox-auth key (the mailbox id is its hash).
    pub fn mailbox_public_key(&self) -> Vec<u8> {
        self.mailbox_key.public_key.serialize().to_vec()
    }

    /// A signed proof of mailbox ownership for a fresh challenge on `link`.
    pub async fn authentication_proof(&self, link: &RelayLink) -> Result<Request> {
        link.authentication_request(&self.mailbox_key).await
    }

    /// How many one-time EC and Kyber prekeys the relay still holds for us (authenticates
    /// `link` as our mailbox).
    pub async fn prekey_count(&self, link: &RelayLink) -> Result<(u32, u32)> {
        link.authenticate(&self.mailbox_key).await?;
        match link.call_ok(&Request::PrekeyCount).await? {
            Response::PrekeyCount {
                one_time,
                kyber_one_time,
            } => Ok((one_time, kyber_one_time)),
            _ => Err(ClientError::UnexpectedResponse),
        }
    }

    pub fn relay_pin(&self) -> RelayPin {
        self.record.relay_pin
    }

    pub fn is_registered(&self) -> bool {
        self.record.registered
    }

    /// Lets tests and tools point the profile at a relay that moved (same pin).
    pub fn set_relay_address(&mut self, address: &str) -> Result<()> {
        crate::net::route::parse(address).map_err(|reason| ClientError::Unreachable {
            addr: address.to_string(),
            reason,
        })?;
        self.record.relay_address = address.to_string();
        self.record.last_route.clear();
        self.save_record()
    }

    pub(crate) fn save_record(&self) -> Result<()> {
        let mut changes = Changes::default();
        self.stage_record(&mut changes);
        self.store.commit(changes)
    }

    pub(crate) fn stage_record(&self, changes: &mut Changes) {
        changes.put(LocalStore::key(Ns::Meta, PROFILE_ID), self.record.encode());
    }

    pub(crate) fn txn(&self) -> SignalTxn<'_> {
        SignalTxn::new(&self.store, self.identity, self.record.registration_id)
    }

    /// A party's libsignal address: its sender UUID (`MailboxId::sender_uuid`), device 1.
    pub(crate) fn address_of(mailbox: &MailboxId) -> ProtocolAddress {
        ProtocolAddress::new(
            mailbox.sender_uuid(),
            DeviceId::try_from(prekeys::DEVICE_ID).unwrap_or_else(|_| unreachable!("1 is valid")),
        )
    }

    /// The proxy in force: this run's, else the profile's setting.
    pub fn proxy(&self) -> Option<Proxy> {
        self.proxy_in_force().ok().flatten()
    }

    /// The proxy in force, failing closed: a kept setting that does not read as a proxy is
    /// an error, never a reason to connect directly.
    fn proxy_in_force(&self) -> Result<Option<Proxy>> {
        if let Some(choice) = self.proxy_for_now {
            return Ok(choice);
        }
        if self.record.proxy.is_empty() {
            return Ok(None);
        }
        Proxy::parse(&self.record.proxy)
            .map(Some)
            .map_err(ClientError::BadProxy)
    }

    /// The profile's own proxy setting (what is kept), whatever this run uses.
    pub fn saved_proxy(&self) -> Option<Proxy> {
        Proxy::parse(&self.record.proxy).ok()
    }

    /// Keeps `proxy` as the profile's setting (`None`: connect directly again). The route
    /// remembered belongs to the old setting and is forgotten; how it reached the relay is
    /// kept, so that the next connection says how the relay is reached now.
    pub fn set_proxy(&mut self, proxy: Option<Proxy>) -> Result<()> {
        self.record.proxy = proxy.map(|p| p.to_string()).unwrap_or_default();
        self.record.last_route.clear();
        self.save_record()
    }

    /// Uses `proxy` (`None`: no proxy) for as long as this profile stays open, whatever the
    /// profile's setting.
    pub fn use_proxy_for_now(&mut self, proxy: Option<Proxy>) {
        self.proxy_for_now = Some(proxy);
    }

    /// How the profile reaches its relay: its proxy and the route that answered last.
    fn approach(&self, isolation: Isolation) -> Result<Approach> {
        Ok(Approach {
            proxy: self.proxy_in_force()?,
            last_route: Some(self.record.last_route.clone()).filter(|r| !r.is_empty()),
            isolation: Some(isolation),
        })
    }

    /// The route in use changed since the user was last told (a network that began dropping
    /// QUIC, a proxy now in force): how the relay is reached now, once.
    pub fn take_route_news(&mut self) -> Option<RouteKind> {
        self.route_news.take()
    }

    /// Remembers the route `link` took, and notes a change worth telling the user: any
    /// change of how the relay is reached, except a first connection that went straight.
    fn remember_route(&mut self, link: &RelayLink) -> Result<()> {
        let kind = link.kind().to_u8();
        if link.route() == self.record.last_route && kind == self.record.last_route_kind {
            return Ok(());
        }
        let before = RouteKind::from_u8(self.record.last_route_kind).unwrap_or(RouteKind::Direct);
        if link.kind() != before && worth_telling(link.kind(), &self.record.relay_address) {
            self.route_news = Some(link.kind());
        }
        self.record.last_route = link.route().to_string();
        self.record.last_route_kind = kind;
        self.save_record()
    }

    /// Opens a connection to our relay and proves we own our mailbox. Registers the
    /// profile first if an earlier attempt failed.
    pub(crate) async fn owner_link(&mut self) -> Result<RelayLink> {
        let link = self.connect_as_owner().await?;
        self.remember_route(&link)?;
        link.authenticate(&self.mailbox_key).await?;
        if !self.record.registered {
            self.replenish_prekeys(&link).await?;
        }
        Ok(link)
    }

    /// [`Self::owner_link`] for a registered profile, without noting the route: for work
    /// done while the profile is borrowed shared (tokens fetched before an upload).
    pub(crate) async fn authenticated_link(&self) -> Result<RelayLink> {
        let link = self.connect_as_owner().await?;
        link.authenticate(&self.mailbox_key).await?;
        Ok(link)
    }

    /// A connection on the owner's circuit (its own isolation), not yet authenticated.
    async fn connect_as_owner(&self) -> Result<RelayLink> {
        let approach = self.approach(self.owner_isolation.clone())?;
        RelayLink::connect_with(&self.record.relay_address, self.record.relay_pin, &approach).await
    }

    /// Opens a connection that does not identify us, for fetching prekeys and delivering
    /// sealed envelopes: the relay must not be able to tie those to our mailbox.
    pub(crate) async fn anonymous_link(&self) -> Result<RelayLink> {
        let approach = self.approach(Isolation::fresh())?;
        RelayLink::connect_with(&self.record.relay_address, self.record.relay_pin, &approach).await
    }

    /// Publishes a new batch of one-time prekeys if the relay is running low (or has none
    /// because we never registered). `link` must be authenticated.
    pub(crate) async fn replenish_prekeys(&mut self, link: &RelayLink) -> Result<()> {
        let (ec_left, kyber_left) = if self.record.registered {
            match link.call_ok(&Request::PrekeyCount).await? {
                Response::PrekeyCount {
                    one_time,
                    kyber_one_time,
                } => (one_time, kyber_one_time),
                _ => return Err(ClientError::UnexpectedResponse),
            }
        } else {
            (0, 0)
        };
        let ec_count = if ec_left < prekeys::REPLENISH_BELOW {
            prekeys::EC_BATCH
        } else {
            0
        };
        let kyber_count = if kyber_left < prekeys::KYBER_REPLENISH_BELOW {
            prekeys::KYBER_BATCH
        } else {
            0
        };
        if self.record.registered && ec_count == 0 && kyber_count == 0 {
            return Ok(());
        }
        let ec_start = self.record.next_prekey_id;
        let kyber_start = self.record.next_kyber_id;
        let txn = self.txn();
        let upload = prekeys::build_upload(
            &txn,
            &self.identity,
            self.record.registration_id,
            ec_start..ec_start + ec_count,
            kyber_start..kyber_start + kyber_count,
        )?;
        // Private halves are durable before the public halves are published, so no one can
        // start a session we could not answer.
        let mut changes = txn.take_changes();
        self.record.next_prekey_id = ec_start + ec_count;
        self.record.next_kyber_id = kyber_start + kyber_count;
        self.stage_record(&mut changes);
        self.store.commit(changes)?;
        match link.call_ok(&Request::PublishPrekeys(upload)).await? {
            Response::PrekeysStored => {}
            _ => return Err(ClientError::UnexpectedResponse),
        }
        if !self.record.registered {
            self.record.registered = true;
            self.save_record()?;
        }
        Ok(())
    }

    // ----- contacts -----

    /// My contact card, to give to others.
    pub fn contact_card(&self) -> ContactCard {
        ContactCard {
            name: self.record.name.clone(),
            relay_address: self.record.relay_address.clone(),
            relay_pin: self.record.relay_pin,
            mailbox: self.mailbox,
            identity_key: self.identity.identity_key().serialize().to_vec(),
        }
    }

    fn contact_key(&self, mailbox: &MailboxId) -> Vec<u8> {
        self.store.blind(Ns::Contact, &mailbox.0)
    }

    /// Adds a contact from a card. `name` overrides the card's name if given.
    pub fn add_contact(&mut self, card_text: &str, name: Option<&str>) -> Result<Contact> {
        let card = ContactCard::from_text(card_text).map_err(ClientError::BadCard)?;
        if card.mailbox == self.mailbox {
            return Err(ClientError::OwnCard);
        }
        let identity = IdentityKey::decode(&card.identity_key).map_err(|_| {
            ClientError::BadCard(amicus_protocol::DecodeError::InvalidValue {
                field: "identity_key",
            })
        })?;
        let name = name.unwrap_or(&card.name).trim().to_string();
        if name.is_empty() {
            return Err(ClientError::EmptyName);
        }
        // This version sends through the profile's own relay only: a card for another
        // relay is refused now, not after a briefing has been written for it.
        if card.relay_pin != self.record.relay_pin {
            return Err(ClientError::OtherRelay(name));
        }
        if self.find_contact(&name)?.is_some() {
            return Err(ClientError::ContactExists(name));
        }
        if self.contact_by_mailbox(&card.mailbox)?.is_some() {
            return Err(ClientError::ContactExists(name));
        }
        let contact = Contact {
            name,
            mailbox: card.mailbox,
            identity_key: card.identity_key.clone(),
            relay_address: card.relay_address,
            relay_pin: card.relay_pin,
            verified: false,
            pending_identity_key: None,
            added_at: self.now_ms(),
            role: None,
            term_end: 0,
        };
        let txn = self.txn();
        txn.set_identity(&Self::address_of(&contact.mailbox), &identity);
        let mut changes = txn.take_changes();
        changes.put(self.contact_key(&contact.mailbox), contact.encode());
        self.store.commit(changes)?;
        Ok(contact)
    }

    /// Makes a contact of the sender of inbox message `number`, so it can be answered.
    /// The sender wrote through our relay (its certificate was signed under our trust root),
    /// so the contact is on our relay; the identity key is the one the message was sent with.
    pub fn save_sender(&mut self, number: u64, name: &str) -> Result<Contact> {
        let message = self.message(number)?;
        let card = ContactCard {
            name: name.to_string(),
            relay_address: self.record.relay_address.clone(),
            relay_pin: self.record.relay_pin,
            mailbox: message.from_mailbox,
            identity_key: message.from_identity_key,
        };
        self.add_contact(&card.to_text(), Some(name))
    }

    pub fn contacts(&self) -> Result<Vec<Contact>> {
        let mut out = self.scan(Ns::Contact, Contact::decode, "contact")?;
        out.sort_by_key(|c| c.name.to_lowercase());
        Ok(out)
    }

    fn find_contact(&self, name: &str) -> Result<Option<Contact>> {
        Ok(self
            .contacts()?
            .into_iter()
            .find(|c| c.name.eq_ignore_ascii_case(name.trim())))
    }

    pub fn contact(&self, name: &str) -> Result<Contact> {
        self.find_contact(name)?
            .ok_or_else(|| ClientError::UnknownContact(name.to_string()))
    }

    pub fn contact_by_mailbox(&self, mailbox: &MailboxId) -> Result<Option<Contact>> {
        match self.store.get(&self.contact_key(mailbox))? {
            None => Ok(None),
            Some(raw) => Contact::decode(&raw)
                .map(Some)
                .map_err(|e| ClientError::Corrupt(format!("contact: {e}"))),
        }
    }

    pub(crate) fn stage_contact(&self, changes: &mut Changes, contact: &Contact) {
        changes.put(self.contact_key(&contact.mailbox), contact.encode());
    }

    /// The safety number shared with `contact` (for the pending key, if one is waiting).
    /// Both sides compute the same 60 digits; comparing them in person or over a trusted
    /// channel proves no one is in the middle.
    pub fn safety_number(&self, contact: &Contact) -> Result<String> {
        let key_bytes = contact
            .pending_identity_key
            .as_ref()
            .unwrap_or(&contact.identity_key);
        let theirs = IdentityKey::decode(key_bytes)
            .map_err(|_| ClientError::Corrupt("contact identity key".into()))?;
        let fingerprint = Fingerprint::new(
            FINGERPRINT_VERSION,
            FINGERPRINT_ITERATIONS,
            &self.mailbox.0,
            self.identity.identity_key(),
            &contact.mailbox.0,
            &theirs,
        )
        .map_err(|e| ClientError::Signal(e.to_string()))?;
        fingerprint
            .display_string()
            .map_err(|e| ClientError::Signal(e.to_string()))
    }

    /// Marks `name` as verified. If a changed key was waiting, it becomes the contact's key
    /// and the old session is dropped so the next briefing starts a fresh one.
    pub fn verify_contact(&mut self, name: &str) -> Result<Contact> {
        let mut contact = self.contact(name)?;
        let txn = self.txn();
        let address = Self::address_of(&contact.mailbox);
        if let Some(new_key) = contact.pending_identity_key.take() {
            let identity = IdentityKey::decode(&new_key)
                .map_err(|_| ClientError::Corrupt("contact identity key".into()))?;
            txn.set_identity(&address, &identity);
            txn.forget_session(&address);
            contact.identity_key = new_key;
        }
        contact.verified = true;
        let mut changes = txn.take_changes();
        self.stage_contact(&mut changes, &contact);
        self.store.commit(changes)?;
        Ok(contact)
    }

    // ----- inbox, outbox, quarantine -----

    /// Every record of a namespace, decoded; a damaged one is an error naming `what`.
    fn scan<T>(
        &self,
        ns: Ns,
        decode: fn(&[u8]) -> std::result::Result<T, amicus_protocol::DecodeError>,
        what: &str,
    ) -> Result<Vec<T>> {
        self.store
            .scan(ns)?
            .into_iter()
            .map(|(_, raw)| decode(&raw).map_err(|e| ClientError::Corrupt(format!("{what}: {e}"))))
            .collect()
    }

    pub fn inbox(&self) -> Result<Vec<InboxMessage>> {
        self.scan(Ns::Inbox, InboxMessage::decode, "inbox message")
    }

    /// The next inbox number: 1, 2, 3... in each profile, so that people can refer to "my
    /// briefing 3" (a profile from before the counter continues after its highest number).
    /// Staged in `changes`: the number is taken only if the message is stored.
    pub(crate) fn next_inbox_number(&self, changes: &mut Changes) -> Result<u64> {
        let key = LocalStore::key(Ns::Meta, INBOX_COUNTER);
        let last = match self.store.get_with(changes, &key)? {
            Some(raw) => u64::from_be_bytes(
                raw.as_slice()
                    .try_into()
                    .map_err(|_| ClientError::Corrupt("inbox counter".into()))?,
            ),
            None => self.inbox()?.iter().map(|m| m.number).max().unwrap_or(0),
        };
        let next = last.saturating_add(1);
        changes.put(key, next.to_be_bytes().to_vec());
        Ok(next)
    }

    /// One inbox message, without changing it.
    pub fn message(&self, number: u64) -> Result<InboxMessage> {
        let raw = self
            .store
            .get(&LocalStore::key(Ns::Inbox, &number.to_be_bytes()))?
            .ok_or(ClientError::NoSuchMessage(number))?;
        InboxMessage::decode(&raw).map_err(|e| ClientError::Corrupt(format!("inbox message: {e}")))
    }

    /// Returns a message and marks it read (queueing a read receipt for a presented
    /// briefing if this profile allows them; `send_pending` or the next sync sends it).
    pub fn read_message(&mut self, number: u64) -> Result<InboxMessage> {
        let mut message = self.message(number)?;
        if message.read_at == 0 {
            message.read_at = self.now_ms();
            let mut changes = Changes::default();
            self.stage_read_receipt(&mut changes, &message)?;
            changes.put(
                LocalStore::key(Ns::Inbox, &number.to_be_bytes()),
                message.encode(),
            );
            self.store.commit(changes)?;
        }
        Ok(message)
    }

    /// Deletes briefings read more than the configured number of days ago (if set).
    /// Returns how many were deleted.
    pub fn delete_old_read(&mut self) -> Result<usize> {
        let days = u64::from(self.record.delete_read_after_days);
        if days == 0 {
            return Ok(0);
        }
        self.delete_read_before(self.now_ms().saturating_sub(days * 86_400_000))
    }

    /// Deletes briefings first read before `cutoff` (ms since the epoch).
    pub fn delete_read_before(&mut self, cutoff: u64) -> Result<usize> {
        let mut changes = Changes::default();
        let mut deleted = 0;
        for message in self.inbox()? {
            if message.read_at != 0 && message.read_at < cutoff {
                changes.remove(LocalStore::key(Ns::Inbox, &message.number.to_be_bytes()));
                deleted += 1;
            }
        }
        self.store.commit(changes)?;
        Ok(deleted)
    }

    /// Days after which read briefings are deleted (0: kept).
    pub fn delete_read_after_days(&self) -> u32 {
        self.record.delete_read_after_days
    }

    pub fn set_delete_read_after_days(&mut self, days: u32) -> Result<()> {
        self.record.delete_read_after_days = days;
        self.save_record()
    }

    pub fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        self.scan(Ns::Outbox, OutboxEntry::decode, "outbox entry")
    }

    pub fn quarantine(&self) -> Result<Vec<Quarantined>> {
        self.scan(Ns::Quarantine, Quarantined::decode, "quarantined envelope")
    }
}
