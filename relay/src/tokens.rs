//! The relay's side of sending tokens (see `amicus_protocol::tokens`): one signing key per
//! period, how many tokens each mailbox was given per period, and the spent nonces.
//!
//! Three sled trees in the mailbox store's database, so that the one durable point of a
//! request covers them with the envelopes it stores:
//! - `token_keys`: `period u64 BE` -> PKCS#1 DER of that period's RSA key;
//! - `tokens_issued`: `SHA-256("amicus/relay/tokens-issued/v1" || mailbox) || period u64 BE`
//!   -> `count u32 BE` (like the mailbox store's index, a hash: the relay's files never
//!   hold a mailbox id in the clear);
//! - `tokens_spent`: `period u64 BE || nonce [32]` -> empty.
//!
//! What the spent records hold is the nonce the client chose and the period: nothing names
//! the mailbox that obtained the token, and the relay signed only a blinded message it never
//! saw unblinded, so it cannot match the two (ARCHITECTURE.md, "Sending tokens").

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use amicus_protocol::tokens::{SigningKey, SpendToken, TokenKey, VerifyingKey};
use amicus_protocol::{ErrorCode, MailboxId};

use crate::error::RelayError;

/// One period's key, parsed once.
pub(crate) struct PeriodKey {
    pub(crate) signing: SigningKey,
    pub(crate) verifying: VerifyingKey,
    pub(crate) spki: Vec<u8>,
}

pub struct TokenBank {
    keys: sled::Tree,
    issued: sled::Tree,
    spent: sled::Tree,
    period_secs: u64,
    /// Parsed keys by period; also serialises key generation.
    cache: Mutex<BTreeMap<u64, Arc<PeriodKey>>>,
    /// Serialises check-then-count of an issuance.
    issuing: Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn storage(e: sled::Error) -> RelayError {
    RelayError::Storage(e)
}

impl TokenBank {
    pub fn open(db: &sled::Db, period_secs: u64) -> Result<Self, RelayError> {
        Ok(TokenBank {
            keys: db.open_tree("token_keys").map_err(storage)?,
            issued: db.open_tree("tokens_issued").map_err(storage)?,
            spent: db.open_tree("tokens_spent").map_err(storage)?,
            period_secs: period_secs.max(1),
            cache: Mutex::new(BTreeMap::new()),
            issuing: Mutex::new(()),
        })
    }

    pub fn period_secs(&self) -> u64 {
        self.period_secs
    }

    /// The period that `now_secs` falls in.
    pub fn period_at(&self, now_secs: u64) -> u64 {
        now_secs / self.period_secs
    }

    /// The key of `period`, loaded or (if `create`) made and kept. Generating a key takes
    /// a while: the sweep makes the next period's ahead of time.
    pub(crate) fn key(
        &self,
        period: u64,
        create: bool,
    ) -> Result<Option<Arc<PeriodKey>>, RelayError> {
        let mut cache = lock(&self.cache);
        if let Some(key) = cache.get(&period) {
            return Ok(Some(key.clone()));
        }
        let signing = match self.keys.get(period.to_be_bytes()).map_err(storage)? {
            Some(der) => SigningKey::from_der(&der).ok_or(RelayError::Corrupt("token key"))?,
            None if create => {
                let key = SigningKey::generate()
                    .ok_or_else(|| RelayError::Keys("token key generation failed".into()))?;
                let der = key
                    .to_der()
                    .ok_or_else(|| RelayError::Keys("token key encoding failed".into()))?;
                self.keys
                    .insert(period.to_be_bytes(), der)
                    .map_err(storage)?;
                key
            }
            None => return Ok(None),
        };
        let (Some(verifying), Some(spki)) = (signing.verifying_key(), signing.public_spki()) else {
            return Err(RelayError::Corrupt("token key"));
        };
        let key = Arc::new(PeriodKey {
            signing,
            verifying,
            spki,
        });
        cache.insert(period, key.clone());
        Ok(Some(key))
    }

    /// The keys clients need: the current period's (made if missing) and the previous
    /// one's, whose tokens are still accepted.
    pub fn published(&self, now_secs: u64) -> Result<Vec<TokenKey>, RelayError> {
        let current = self.period_at(now_secs);
        let mut keys = Vec::with_capacity(2);
        if let Some(previous) = current.checked_sub(1)
            && let Some(key) = self.key(previous, false)?
        {
            keys.push(TokenKey {
                period: previous,
                public_key: key.spki.clone(),
            });
        }
        let key = self
            .key(current, true)?
            .ok_or(RelayError::Corrupt("token key"))?;
        keys.push(TokenKey {
            period: current,
            public_key: key.spki.clone(),
        });
        Ok(keys)
    }

    /// Counts `wanted` more tokens for `mailbox` in `period` within `allowance`: how many
    /// may be signed now and how many are left after them. Not durable until the caller's
    /// sync; the count is written before any signature leaves.
    pub fn count_issue(
        &self,
        mailbox: &MailboxId,
        period: u64,
        wanted: usize,
        allowance: u32,
    ) -> Result<(usize, u32), RelayError> {
        let _guard = lock(&self.issuing);
        let mut key = issued_index(mailbox).to_vec();
        key.extend_from_slice(&period.to_be_bytes());
        let given = match self.issued.get(&key).map_err(storage)? {
            Some(v) => u32::from_be_bytes(
                v.as_ref()
                    .try_into()
                    .map_err(|_| RelayError::Corrupt("token count"))?,
            ),
            None => 0,
        };
        let left = allowance.saturating_sub(given);
        let granted = u32::try_from(wanted).unwrap_or(u32::MAX).min(left);
        if granted == 0 {
            return Err(RelayError::Refused(ErrorCode::TokensExhausted));
        }
        self.issued
            .insert(key, &(given + granted).to_be_bytes())
            .map_err(storage)?;
        Ok((granted as usize, left - granted))
    }

    /// Checks `token` and records it as spent. Refused: a period that is over or unknown, a
    /// signature that does not verify, a nonce seen before.
    pub fn spend(&self, token: &SpendToken, now_secs: u64) -> Result<(), RelayError> {
        let current = self.period_at(now_secs);
        if token.period > current || token.period.saturating_add(1) < current {
            return Err(RelayError::Refused(ErrorCode::TokenRefused));
        }
        let key = self
            .key(token.period, false)?
            .ok_or(RelayError::Refused(ErrorCode::TokenRefused))?;
        if !token.verify(&key.verifying) {
            return Err(RelayError::Refused(ErrorCode::TokenRefused));
        }
        let record = spent_key(token);
        match self
            .spent
            .compare_and_swap(record, None::<&[u8]>, Some(&[][..]))
            .map_err(storage)?
        {
            Ok(()) => Ok(()),
            Err(_) => Err(RelayError::Refused(ErrorCode::TokenSpent)),
        }
    }

    /// Gives back a token whose request stored nothing (refused, or already stored under
    /// the same id), so that the client's retry or next briefing can spend it.
    pub fn refund(&self, token: &SpendToken) -> Result<(), RelayError> {
        self.spent.remove(spent_key(token)).map_err(storage)?;
        Ok(())
    }

    /// Forgets what no longer matters once tokens of a period cannot be spent: its key,
    /// its spent nonces, its issuance counts. Makes the next period's key ahead of time.
    pub fn expire(&self, now_secs: u64) -> Result<u64, RelayError> {
        let current = self.period_at(now_secs);
        // Tokens of `current - 1` are still accepted; everything older is refused anyway.
        let oldest_kept = current.saturating_sub(1);
        let mut removed = 0u64;
        for entry in self.spent.range(..oldest_kept.to_be_bytes()) {
            let (key, _) = entry.map_err(storage)?;
            self.spent.remove(key).map_err(storage)?;
            removed += 1;
        }
        for entry in self.keys.range(..oldest_kept.to_be_bytes()) {
            let (key, _) = entry.map_err(storage)?;
            self.keys.remove(key).map_err(storage)?;
        }
        lock(&self.cache).retain(|period, _| *period >= oldest_kept);
        for entry in self.issued.iter() {
            let (key, _) = entry.map_err(storage)?;
            let period = key
                .get(32..40)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_be_bytes);
            if period.is_none_or(|p| p < current) {
                self.issued.remove(key).map_err(storage)?;
            }
        }
        self.key(current, true)?;
        self.key(current + 1, true)?;
        Ok(removed)
    }

    /// Spent tokens on record (for tests and metrics: a count, nothing else).
    pub fn spent_count(&self) -> usize {
        self.spent.len()
    }

    /// Every spent record as stored, for tests that look inside the relay.
    #[cfg(test)]
    pub(crate) fn spent_records(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.spent
            .iter()
            .flatten()
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect()
    }
}

fn issued_index(mailbox: &MailboxId) -> [u8; 32] {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(b"amicus/relay/tokens-issued/v1");
    h.update(mailbox.0);
    h.finalize().into()
}

fn spent_key(token: &SpendToken) -> [u8; 40] {
    let mut key = [0u8; 40];
    key[..8].copy_from_slice(&token.period.to_be_bytes());
    key[8..].copy_from_slice(&token.nonce);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> (tempfile::TempDir, TokenBank) {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        let bank = TokenBank::open(&db, 100).unwrap();
        (dir, bank)
    }

    fn token(bank: &TokenBank, now: u64, nonce: u8) -> SpendToken {
        let keys = bank.published(now).unwrap();
        let current = keys.last().unwrap();
        let public = VerifyingKey::from_spki(&current.public_key).unwrap();
        let blinded = public.blind(current.period, &[nonce; 32]).unwrap();
        let key = bank.key(current.period, false).unwrap().unwrap();
        let signature = key.signing.sign_blinded(blinded.message()).unwrap();
        public
            .finalize(&blinded, current.period, [nonce; 32], &signature)
            .unwrap()
    }

    #[test]
    fn a_token_is_spent_once_and_only_while_its_period_lasts() {
        let (_dir, bank) = bank();
        let t = token(&bank, 1_000, 1);
        bank.spend(&t, 1_050).unwrap();
        assert!(matches!(
            bank.spend(&t, 1_050),
            Err(RelayError::Refused(ErrorCode::TokenSpent))
        ));
        bank.refund(&t).unwrap();
        // The next period still takes it; the one after does not.
        bank.spend(&t, 1_150).unwrap();
        bank.refund(&t).unwrap();
        assert!(matches!(
            bank.spend(&t, 1_200),
            Err(RelayError::Refused(ErrorCode::TokenRefused))
        ));
        let mut forged = token(&bank, 1_000, 2);
        forged.nonce = [3; 32];
        assert!(matches!(
            bank.spend(&forged, 1_000),
            Err(RelayError::Refused(ErrorCode::TokenRefused))
        ));
    }

    #[test]
    fn issuance_stops_at_the_allowance_and_restarts_next_period() {
        let (_dir, bank) = bank();
        let mailbox = MailboxId([4; 32]);
        assert_eq!(bank.count_issue(&mailbox, 10, 8, 10).unwrap(), (8, 2));
        assert_eq!(bank.count_issue(&mailbox, 10, 8, 10).unwrap(), (2, 0));
        assert!(matches!(
            bank.count_issue(&mailbox, 10, 1, 10),
            Err(RelayError::Refused(ErrorCode::TokensExhausted))
        ));
        assert_eq!(bank.count_issue(&mailbox, 11, 1, 10).unwrap(), (1, 9));
        // Another mailbox has its own allowance.
        assert_eq!(
            bank.count_issue(&MailboxId([5; 32]), 10, 3, 10).unwrap(),
            (3, 7)
        );
    }

    #[test]
    fn expiry_forgets_old_periods_and_prepares_the_next() {
        let (_dir, bank) = bank();
        let t = token(&bank, 1_000, 1);
        bank.spend(&t, 1_000).unwrap();
        bank.count_issue(&MailboxId([4; 32]), 10, 1, 10).unwrap();
        assert_eq!(
            bank.expire(1_150).unwrap(),
            0,
            "period 10 tokens still count"
        );
        assert_eq!(bank.expire(1_200).unwrap(), 1);
        assert_eq!(bank.spent_count(), 0);
        assert!(bank.key(10, false).unwrap().is_none());
        assert!(
            bank.key(13, false).unwrap().is_some(),
            "next period made ahead"
        );
        assert!(bank.issued.is_empty());
    }
}
