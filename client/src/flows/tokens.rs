//! The token wallet: sending tokens obtained ahead of time on the owner's connection and
//! spent on connections that name nobody (see `amicus_protocol::tokens`).
//!
//! Tokens are fetched during sync, in batches, well before they are needed, so that the
//! moment a mailbox obtains tokens says nothing about when it sends, and so that a briefing
//! written offline, or sent over Tor, finds tokens in hand. Only when the wallet runs dry
//! does sending fetch more first.
//!
//! Each token is kept under a blinded key (its nonce never appears in the store's keys):
//! a seized device without the passphrase does not reveal which spent nonce was its own.
//! The key each period was signed under is pinned the first time it is seen: a relay that
//! later shows another key for the same period (to tell its users apart) is refused.

use amicus_protocol::tokens::{MAX_TOKEN_BATCH, SpendToken, TokenKey, VerifyingKey};
use amicus_protocol::{ErrorCode, Request, Response};
use rand::RngCore as _;

use crate::error::{ClientError, Result};
use crate::net::link::RelayLink;
use crate::profile::Profile;
use crate::store::{Changes, LocalStore, Ns};

/// Below this many usable tokens, a sync asks for more.
pub(crate) const LOW_WATER: usize = 24;

/// A token taken from the wallet for one request, with the store key it is kept under.
#[derive(Clone)]
pub(crate) struct HeldToken {
    key: Vec<u8>,
    pub(crate) token: SpendToken,
}

/// What the relay said of a spent token: keep it, or forget it.
pub(crate) fn token_used(outcome: &std::result::Result<(), ErrorCode>) -> bool {
    match outcome {
        // Stored: spent. Spent before, or not (or no longer) valid: worthless.
        Ok(()) | Err(ErrorCode::TokenSpent | ErrorCode::TokenRefused) => true,
        // Any other refusal gives the token back.
        Err(_) => false,
    }
}

impl Profile {
    /// The relay's token keys, checked against those pinned: the current period's key.
    async fn token_key(&self, link: &RelayLink) -> Result<(TokenKey, VerifyingKey)> {
        let Response::ServerInfo { token_keys, .. } = link.call_ok(&Request::ServerInfo).await?
        else {
            return Err(ClientError::UnexpectedResponse);
        };
        let mut changes = Changes::default();
        let newest = token_keys.iter().map(|k| k.period).max().unwrap_or(0);
        // Pins of periods whose tokens can no longer be spent are not needed.
        for (pin, _) in self.store.scan(Ns::TokenKey)? {
            let period = pin
                .get(1..9)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_be_bytes);
            if period.is_none_or(|p| p.saturating_add(2) < newest) {
                changes.remove(pin);
            }
        }
        for key in &token_keys {
            let pin = LocalStore::key(Ns::TokenKey, &key.period.to_be_bytes());
            match self.store.get(&pin)? {
                Some(pinned) if pinned.as_slice() != key.public_key.as_slice() => {
                    return Err(ClientError::TokenKeyChanged);
                }
                Some(_) => {}
                None => changes.put(pin, key.public_key.clone()),
            }
        }
        self.store.commit(changes)?;
        let current = token_keys
            .into_iter()
            .max_by_key(|k| k.period)
            .ok_or(ClientError::UnexpectedResponse)?;
        let public =
            VerifyingKey::from_spki(&current.public_key).ok_or(ClientError::UnexpectedResponse)?;
        Ok((current, public))
    }

    /// The newest period whose key was pinned: tokens two periods older cannot be spent.
    fn newest_pinned_period(&self) -> Result<Option<u64>> {
        Ok(self
            .store
            .scan(Ns::TokenKey)?
            .iter()
            .filter_map(|(pin, _)| pin.get(1..9)?.try_into().ok().map(u64::from_be_bytes))
            .max())
    }

    /// Tokens in the wallet, oldest period first; those past use are dropped on the way.
    fn wallet(&self, current_period: Option<u64>) -> Result<Vec<HeldToken>> {
        let current_period = match current_period {
            Some(p) => Some(p),
            None => self.newest_pinned_period()?,
        };
        let mut held = Vec::new();
        let mut expired = Changes::default();
        for (key, raw) in self.store.scan(Ns::Token)? {
            let token = SpendToken::from_record(&raw)
                .map_err(|e| ClientError::Corrupt(format!("sending token: {e}")))?;
            if current_period.is_some_and(|p| token.period.saturating_add(1) < p) {
                expired.remove(key);
                continue;
            }
            held.push(HeldToken { key, token });
        }
        self.store.commit(expired)?;
        held.sort_by_key(|h| h.token.period);
        Ok(held)
    }

    /// How many unspent tokens the wallet holds.
    pub fn token_count(&self) -> Result<usize> {
        Ok(self.wallet(None)?.len())
    }

    /// On an authenticated connection: fills the wallet up to a batch when it is below
    /// [`LOW_WATER`]. A mailbox whose allowance is used up keeps what it has.
    pub(crate) async fn top_up_tokens(&self, link: &RelayLink) -> Result<()> {
        let (key, public) = self.token_key(link).await?;
        let usable = self.wallet(Some(key.period))?.len();
        if usable >= LOW_WATER {
            return Ok(());
        }
        let wanted = MAX_TOKEN_BATCH - usable.min(MAX_TOKEN_BATCH - 1);
        let mut nonces = Vec::with_capacity(wanted);
        let mut blinded = Vec::with_capacity(wanted);
        for _ in 0..wanted {
            let mut nonce = [0u8; 32];
            rand::rng().fill_bytes(&mut nonce);
            blinded.push(
                public
                    .blind(key.period, &nonce)
                    .ok_or(ClientError::UnexpectedResponse)?,
            );
            nonces.push(nonce);
        }
        let request = Request::IssueTokens {
            period: key.period,
            blinded: blinded.iter().map(|b| b.message().to_vec()).collect(),
        };
        let blind_signatures = match link.call_ok(&request).await {
            Ok(Response::Tokens {
                blind_signatures, ..
            }) if blind_signatures.len() <= wanted => blind_signatures,
            Ok(_) => return Err(ClientError::UnexpectedResponse),
            // None left this period, or the period turned between our two requests: the
            // wallet keeps what it has and the next sync asks again.
            Err(ClientError::Relay(ErrorCode::TokensExhausted | ErrorCode::TokenRefused)) => {
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let mut changes = Changes::default();
        for ((signature, b), nonce) in blind_signatures.iter().zip(&blinded).zip(nonces) {
            // Unblinding checks the signature: a token that would not verify is not kept.
            let token = public
                .finalize(b, key.period, nonce, signature)
                .ok_or(ClientError::UnexpectedResponse)?;
            changes.put(self.store.blind(Ns::Token, &nonce), token.to_record());
        }
        self.store.commit(changes)
    }

    /// `n` tokens for one request on `link`, fetching more first (on the owner's
    /// connection) if the wallet holds fewer. The relay's current period comes from `link`
    /// (unauthenticated), so that tokens past use after a long time offline are dropped
    /// rather than shown. Fewer than `n` come back only when the relay gives no more.
    pub(crate) async fn take_tokens(&self, link: &RelayLink, n: usize) -> Result<Vec<HeldToken>> {
        let (key, _) = self.token_key(link).await?;
        let mut held = self.wallet(Some(key.period))?;
        if held.len() < n {
            let link = self.authenticated_link().await?;
            let topped = self.top_up_tokens(&link).await;
            link.close().await;
            topped?;
            held = self.wallet(Some(key.period))?;
        }
        held.truncate(n);
        Ok(held)
    }

    /// Forgets tokens the relay has taken (or refused for good), durably.
    pub(crate) fn tokens_used(&self, used: impl IntoIterator<Item = HeldToken>) -> Result<()> {
        let mut changes = Changes::default();
        for held in used {
            changes.remove(held.key);
        }
        self.store.commit(changes)
    }
}
