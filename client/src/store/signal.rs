//! libsignal's store traits over the encrypted [`LocalStore`]. Reads see pending changes;
//! writes go into the shared [`Changes`] of one operation, which the caller commits (or
//! drops, if the operation failed) as a whole.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use async_trait::async_trait;
use libsignal_protocol::error::Result as SignalResult;
use libsignal_protocol::{
    CiphertextMessageType, Direction, GenericSignedPreKey as _, IdentityChange, IdentityKey,
    IdentityKeyPair, IdentityKeyStore, KyberPreKeyId, KyberPreKeyRecord, KyberPreKeyStore,
    PreKeyId, PreKeyRecord, PreKeyStore, ProtocolAddress, PublicKey, SessionRecord, SessionStore,
    SignalProtocolError, SignedPreKeyId, SignedPreKeyRecord, SignedPreKeyStore,
};

use crate::store::{Changes, LocalStore, Ns};

/// Marks a Kyber prekey record as one-time (deleted after use) or last-resort (kept).
const KYBER_ONE_TIME: u8 = 1;
const KYBER_LAST_RESORT: u8 = 0;

/// Runs one of libsignal's store-driven operations to its end, here and now.
///
/// libsignal declares its store traits `?Send`, so the futures of `sealed_sender_encrypt`,
/// `sealed_sender_decrypt` and the like are not `Send`: held across an `.await`, one would
/// make every flow above it unusable from `tokio::spawn` or a mobile binding. Our stores
/// answer synchronously (a read of the local store, a write into pending [`Changes`]), so
/// these futures are ready on their first poll; driving them here keeps them out of the
/// flows' state. A future that is not ready is reported, never waited for.
pub(crate) fn run_now<F: Future>(operation: F) -> Result<F::Output, SignalProtocolError> {
    let mut operation = std::pin::pin!(operation);
    match operation
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => Ok(output),
        Poll::Pending => Err(SignalProtocolError::InvalidState(
            "local store",
            "a store operation did not complete at once".to_string(),
        )),
    }
}

/// One operation's view of the signal stores. Cheap to clone: libsignal's functions take
/// each store as a separate `&mut`, so each gets a clone sharing the same changes. `Send`,
/// so that a flow may hold it across an `.await`.
#[derive(Clone)]
pub(crate) struct SignalTxn<'a> {
    store: &'a LocalStore,
    changes: Arc<Mutex<Changes>>,
    identity: IdentityKeyPair,
    registration_id: u32,
}

fn storage_err(e: impl std::fmt::Display) -> SignalProtocolError {
    SignalProtocolError::InvalidState("local store", e.to_string())
}

impl<'a> SignalTxn<'a> {
    pub(crate) fn new(
        store: &'a LocalStore,
        identity: IdentityKeyPair,
        registration_id: u32,
    ) -> Self {
        SignalTxn {
            store,
            changes: Arc::new(Mutex::new(Changes::default())),
            identity,
            registration_id,
        }
    }

    /// Takes the pending changes out, for the caller to add its own and commit.
    pub(crate) fn take_changes(&self) -> Changes {
        std::mem::take(&mut *self.changes())
    }

    fn changes(&self) -> MutexGuard<'_, Changes> {
        // A poisoned lock only means a panic elsewhere mid-update of plain data.
        self.changes.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn read(&self, key: &[u8]) -> SignalResult<Option<crate::store::Plain>> {
        self.store
            .get_with(&self.changes(), key)
            .map_err(storage_err)
    }

    fn write(&self, key: Vec<u8>, value: Vec<u8>) {
        self.changes().put(key, value);
    }

    fn identity_key(&self, address: &ProtocolAddress) -> Vec<u8> {
        self.store
            .blind(Ns::Identity, canonical_name(address.name()).as_bytes())
    }

    fn session_key(&self, address: &ProtocolAddress) -> Vec<u8> {
        self.store
            .blind(Ns::Session, canonical_name(address.name()).as_bytes())
    }

    /// Stores a Kyber prekey, one-time or last-resort.
    pub(crate) fn put_kyber_prekey(
        &self,
        record: &KyberPreKeyRecord,
        one_time: bool,
    ) -> SignalResult<()> {
        let id: u32 = record.id()?.into();
        let mut value = vec![if one_time {
            KYBER_ONE_TIME
        } else {
            KYBER_LAST_RESORT
        }];
        value.extend_from_slice(&record.serialize()?);
        self.write(LocalStore::key(Ns::KyberPreKey, &id.to_be_bytes()), value);
        Ok(())
    }

    pub(crate) fn put_prekey(&self, record: &PreKeyRecord) -> SignalResult<()> {
        let id: u32 = record.id()?.into();
        self.write(
            LocalStore::key(Ns::PreKey, &id.to_be_bytes()),
            record.serialize()?,
        );
        Ok(())
    }

    pub(crate) fn put_signed_prekey(&self, record: &SignedPreKeyRecord) -> SignalResult<()> {
        let id: u32 = record.id()?.into();
        self.write(
            LocalStore::key(Ns::SignedPreKey, &id.to_be_bytes()),
            record.serialize()?,
        );
        Ok(())
    }

    pub(crate) fn signed_prekey(&self, id: u32) -> SignalResult<SignedPreKeyRecord> {
        match self.read(&LocalStore::key(Ns::SignedPreKey, &id.to_be_bytes()))? {
            Some(raw) => SignedPreKeyRecord::deserialize(&raw),
            None => Err(SignalProtocolError::InvalidSignedPreKeyId),
        }
    }

    pub(crate) fn kyber_prekey(&self, id: u32) -> SignalResult<KyberPreKeyRecord> {
        match self.read(&LocalStore::key(Ns::KyberPreKey, &id.to_be_bytes()))? {
            Some(raw) if raw.len() > 1 => KyberPreKeyRecord::deserialize(&raw[1..]),
            _ => Err(SignalProtocolError::InvalidKyberPreKeyId),
        }
    }

    /// Records `identity` as the known key for `address` (from a contact card or a verify).
    pub(crate) fn set_identity(&self, address: &ProtocolAddress, identity: &IdentityKey) {
        self.write(self.identity_key(address), identity.serialize().to_vec());
    }

    /// Forgets the session with `address` (after its identity key changed).
    pub(crate) fn forget_session(&self, address: &ProtocolAddress) {
        self.changes().remove(self.session_key(address));
    }

    /// Whether a session exists with `address`.
    pub(crate) fn has_session(&self, address: &ProtocolAddress) -> SignalResult<bool> {
        Ok(self.read(&self.session_key(address))?.is_some())
    }
}

#[async_trait(?Send)]
impl IdentityKeyStore for SignalTxn<'_> {
    async fn get_identity_key_pair(&self) -> SignalResult<IdentityKeyPair> {
        Ok(self.identity)
    }

    async fn get_local_registration_id(&self) -> SignalResult<u32> {
        Ok(self.registration_id)
    }

    async fn save_identity(
        &mut self,
        address: &ProtocolAddress,
        identity: &IdentityKey,
    ) -> SignalResult<IdentityChange> {
        let key = self.identity_key(address);
        let previous = self.read(&key)?;
        let changed = previous
            .as_ref()
            .is_some_and(|p| p.as_slice() != identity.serialize().as_ref());
        self.write(key, identity.serialize().to_vec());
        Ok(IdentityChange::from_changed(changed))
    }

    /// Receiving is always allowed (the message is kept and a changed key is shown); sending
    /// to a key other than the one on record is refused until the user verifies it.
    async fn is_trusted_identity(
        &self,
        address: &ProtocolAddress,
        identity: &IdentityKey,
        direction: Direction,
    ) -> SignalResult<bool> {
        if direction == Direction::Receiving {
            return Ok(true);
        }
        Ok(match self.read(&self.identity_key(address))? {
            None => true,
            Some(known) => known.as_slice() == identity.serialize().as_ref(),
        })
    }

    async fn get_identity(&self, address: &ProtocolAddress) -> SignalResult<Option<IdentityKey>> {
        match self.read(&self.identity_key(address))? {
            None => Ok(None),
            Some(raw) => IdentityKey::decode(&raw).map(Some),
        }
    }
}

#[async_trait(?Send)]
impl SessionStore for SignalTxn<'_> {
    async fn load_session(&self, address: &ProtocolAddress) -> SignalResult<Option<SessionRecord>> {
        match self.read(&self.session_key(address))? {
            None => Ok(None),
            Some(raw) => SessionRecord::deserialize(&raw).map(Some),
        }
    }

    async fn store_session(
        &mut self,
        address: &ProtocolAddress,
        record: &SessionRecord,
    ) -> SignalResult<()> {
        self.write(self.session_key(address), record.serialize()?);
        Ok(())
    }
}

#[async_trait(?Send)]
impl PreKeyStore for SignalTxn<'_> {
    async fn get_pre_key(&self, prekey_id: PreKeyId) -> SignalResult<PreKeyRecord> {
        let id: u32 = prekey_id.into();
        match self.read(&LocalStore::key(Ns::PreKey, &id.to_be_bytes()))? {
            Some(raw) => PreKeyRecord::deserialize(&raw),
            None => Err(SignalProtocolError::InvalidPreKeyId),
        }
    }

    async fn save_pre_key(&mut self, _id: PreKeyId, record: &PreKeyRecord) -> SignalResult<()> {
        self.put_prekey(record)
    }

    async fn remove_pre_key(&mut self, prekey_id: PreKeyId) -> SignalResult<()> {
        let id: u32 = prekey_id.into();
        self.changes()
            .remove(LocalStore::key(Ns::PreKey, &id.to_be_bytes()));
        Ok(())
    }
}

#[async_trait(?Send)]
impl SignedPreKeyStore for SignalTxn<'_> {
    async fn get_signed_pre_key(&self, id: SignedPreKeyId) -> SignalResult<SignedPreKeyRecord> {
        self.signed_prekey(id.into())
    }

    async fn save_signed_pre_key(
        &mut self,
        _id: SignedPreKeyId,
        record: &SignedPreKeyRecord,
    ) -> SignalResult<()> {
        self.put_signed_prekey(record)
    }
}

#[async_trait(?Send)]
impl KyberPreKeyStore for SignalTxn<'_> {
    async fn get_kyber_pre_key(&self, id: KyberPreKeyId) -> SignalResult<KyberPreKeyRecord> {
        self.kyber_prekey(id.into())
    }

    async fn save_kyber_pre_key(
        &mut self,
        _id: KyberPreKeyId,
        record: &KyberPreKeyRecord,
    ) -> SignalResult<()> {
        self.put_kyber_prekey(record, true)
    }

    /// One-time Kyber prekeys are deleted after use. For the last-resort key, a base key seen
    /// before with it means a replayed session start, which is refused.
    async fn mark_kyber_pre_key_used(
        &mut self,
        id: KyberPreKeyId,
        ec_prekey_id: SignedPreKeyId,
        base_key: &PublicKey,
    ) -> SignalResult<()> {
        let raw_id: u32 = id.into();
        let key = LocalStore::key(Ns::KyberPreKey, &raw_id.to_be_bytes());
        match self.read(&key)? {
            Some(raw) if raw.first() == Some(&KYBER_ONE_TIME) => {
                self.changes().remove(key);
                Ok(())
            }
            Some(_) => {
                let ec: u32 = ec_prekey_id.into();
                let logical = [
                    &raw_id.to_be_bytes()[..],
                    &ec.to_be_bytes()[..],
                    &base_key.serialize()[..],
                ]
                .concat();
                let seen = self.store.blind(Ns::BaseKeySeen, &logical);
                if self.read(&seen)?.is_some() {
                    return Err(SignalProtocolError::InvalidMessage(
                        CiphertextMessageType::PreKey,
                        "reused base key",
                    ));
                }
                self.write(seen, vec![1]);
                Ok(())
            }
            None => Err(SignalProtocolError::InvalidKyberPreKeyId),
        }
    }
}

/// The name a party's records are kept under: its sender UUID. A sender certificate from
/// before the UUIDs (relay and clients of earlier releases) names the sender by its mailbox
/// in hex; that name is mapped to the same UUID, so an envelope sealed under an old
/// certificate finds the session a new one would.
pub(crate) fn canonical_name(name: &str) -> String {
    match amicus_protocol::MailboxId::from_hex(name) {
        Ok(mailbox) => mailbox.sender_uuid(),
        Err(_) => name.to_string(),
    }
}

/// Moves the session and identity records kept under a party's old name (its mailbox in
/// hex) to its UUID, for every mailbox in `known`. Returns how many records moved.
pub(crate) fn move_to_uuid_names(
    store: &LocalStore,
    known: impl IntoIterator<Item = amicus_protocol::MailboxId>,
) -> crate::error::Result<usize> {
    let mut changes = crate::store::Changes::default();
    let mut moved = 0;
    for mailbox in known {
        for ns in [Ns::Session, Ns::Identity] {
            let old = store.blind(ns, mailbox.to_hex().as_bytes());
            let new = store.blind(ns, mailbox.sender_uuid().as_bytes());
            if let Some(value) = store.get_with(&changes, &old)? {
                if store.get_with(&changes, &new)?.is_none() {
                    changes.put(new, value.to_vec());
                    moved += 1;
                }
                changes.remove(old);
            }
        }
    }
    store.commit(changes)?;
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Changes;
    use amicus_protocol::MailboxId;

    #[test]
    fn an_old_hex_name_and_the_uuid_name_are_one_party() {
        let mailbox = MailboxId([7; 32]);
        assert_eq!(canonical_name(&mailbox.to_hex()), mailbox.sender_uuid());
        assert_eq!(
            canonical_name(&mailbox.sender_uuid()),
            mailbox.sender_uuid()
        );
        assert_eq!(canonical_name("something else"), "something else");
    }

    #[test]
    fn records_under_old_names_move_to_uuids_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path(), &crate::secret::SecretKey::random()).unwrap();
        let (known, unknown) = (MailboxId([1; 32]), MailboxId([2; 32]));
        let mut changes = Changes::default();
        for m in [known, unknown] {
            changes.put(
                store.blind(Ns::Session, m.to_hex().as_bytes()),
                b"session".to_vec(),
            );
            changes.put(
                store.blind(Ns::Identity, m.to_hex().as_bytes()),
                b"key".to_vec(),
            );
        }
        store.commit(changes).unwrap();
        assert_eq!(move_to_uuid_names(&store, [known]).unwrap(), 2);
        let at = |ns, name: String| store.get(&store.blind(ns, name.as_bytes())).unwrap();
        assert_eq!(
            at(Ns::Session, known.sender_uuid()).unwrap().as_slice(),
            b"session"
        );
        assert_eq!(
            at(Ns::Identity, known.sender_uuid()).unwrap().as_slice(),
            b"key"
        );
        assert!(
            at(Ns::Session, known.to_hex()).is_none(),
            "the old record is gone"
        );
        // A party the profile does not know is left as it was.
        assert!(at(Ns::Session, unknown.to_hex()).is_some());
        assert_eq!(move_to_uuid_names(&store, [known]).unwrap(), 0, "once");
    }
}
