//! Requests a client sends and responses the relay returns. One request and one response per
//! QUIC stream. Layouts are specified field by field in `PROTOCOL.md`.

use crate::PROTOCOL_VERSION;
use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, ErrorCode};
use crate::ids::{BlobId, EnvelopeId, MailboxId};
use crate::limits::{
    MAX_ACK_BATCH, MAX_BLOB_READERS, MAX_CERTIFICATE_LEN, MAX_DELIVER_BATCH, MAX_ENVELOPE_LEN,
    MAX_FETCH_BATCH, MAX_KEY_LEN, MAX_PREKEY_BATCH, MAX_ROSTER_BATCH, MAX_ROSTER_LEN,
    MAX_SIGNATURE_LEN,
};
use crate::tokens::{
    MAX_TOKEN_BATCH, MAX_TOKEN_KEY_LEN, MAX_TOKEN_KEYS, SpendToken, TOKEN_SIGNATURE_LEN, TokenKey,
};

/// A public one-time prekey: id and serialized public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPrekey {
    /// The prekey's id.
    pub id: u32,
    /// The serialized public key.
    pub public: Vec<u8>,
}

/// A public prekey signed by the owner's identity key (the signed EC prekey, Kyber prekeys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPublicPrekey {
    /// The prekey's id.
    pub id: u32,
    /// The serialized public key.
    pub public: Vec<u8>,
    /// The identity key's XEdDSA signature over `public`.
    pub signature: Vec<u8>,
}

/// What a mailbox owner publishes so that others can start PQXDH sessions with it. The
/// identity key, signed prekey and last-resort Kyber prekey replace earlier ones; one-time
/// prekeys are added to those already held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrekeyUpload {
    /// libsignal registration id.
    pub registration_id: u32,
    /// libsignal device id (1).
    pub device_id: u8,
    /// The identity key, serialized.
    pub identity_key: Vec<u8>,
    /// The signed EC prekey.
    pub signed_prekey: SignedPublicPrekey,
    /// The last-resort Kyber-1024 prekey, used when no one-time Kyber prekey is left.
    pub last_resort_kyber: SignedPublicPrekey,
    /// One-time EC prekeys to add.
    pub one_time: Vec<PublicPrekey>,
    /// One-time Kyber-1024 prekeys to add.
    pub kyber_one_time: Vec<SignedPublicPrekey>,
}

/// What a sender receives to start a session: a one-time Kyber prekey if one is left
/// (otherwise the last-resort one) and a one-time EC prekey if one is left. Each one-time
/// prekey is handed out once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrekeyBundle {
    /// libsignal registration id.
    pub registration_id: u32,
    /// libsignal device id.
    pub device_id: u8,
    /// The identity key, serialized.
    pub identity_key: Vec<u8>,
    /// The signed EC prekey.
    pub signed_prekey: SignedPublicPrekey,
    /// A one-time Kyber prekey, or the last-resort one.
    pub kyber_prekey: SignedPublicPrekey,
    /// A one-time EC prekey, if any is left.
    pub one_time: Option<PublicPrekey>,
}

/// One sealed envelope to store in a mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliverItem {
    /// The recipient's mailbox.
    pub mailbox: MailboxId,
    /// The sender's random id for it: a retry under the same id is stored once.
    pub envelope_id: EnvelopeId,
    /// The sealed-sender ciphertext.
    pub payload: Vec<u8>,
}

/// An envelope and the sending token that pays for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidItem {
    /// The payment, spent whether or not the envelope is new (a refused one is refunded).
    pub token: SpendToken,
    /// The envelope.
    pub item: DeliverItem,
}

/// An envelope for the Centre's intake and the proof of work that pays for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkedItem {
    /// The hour of the seed the proof was computed under.
    pub epoch: u64,
    /// The proof (see [`crate::work::check`]).
    pub nonce: u64,
    /// The envelope.
    pub item: DeliverItem,
}

/// The outcome for one [`DeliverItem`]: `Ok` once it is durably stored (or was already
/// stored under the same id).
pub type DeliveryStatus = Result<(), ErrorCode>;

/// A stored envelope handed to its mailbox owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingEnvelope {
    /// The id the sender gave it.
    pub envelope_id: EnvelopeId,
    /// When the relay stored it, in seconds since the Unix epoch.
    pub received_at: u64,
    /// The sealed-sender ciphertext.
    pub payload: Vec<u8>,
}

/// A client's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// The relay's sealed-sender trust root and limits. No authentication.
    ServerInfo,
    /// Asks for a fresh single-use nonce bound to this connection.
    Challenge,
    /// Proves possession of a mailbox key: `signature` is an XEdDSA signature by `auth_key`
    /// over [`auth_message`] (`AUTH_LABEL || pin || nonce`). The mailbox is `MailboxId::for_auth_key(auth_key)`.
    Authenticate {
        /// The mailbox-auth public key, serialized.
        auth_key: Vec<u8>,
        /// The XEdDSA signature over [`auth_message`].
        signature: Vec<u8>,
    },
    /// Publishes prekeys for the authenticated mailbox (registers it on first use).
    PublishPrekeys(PrekeyUpload),
    /// Fetches a prekey bundle for any registered mailbox. No authentication.
    FetchPrekeys {
        /// The mailbox to write to.
        mailbox: MailboxId,
    },
    /// How many one-time prekeys the authenticated mailbox has left.
    PrekeyCount,
    /// Stores sealed envelopes. No authentication: the relay never learns the sender.
    Deliver {
        /// The envelopes, each for its recipient's mailbox.
        items: Vec<DeliverItem>,
    },
    /// Up to `max` pending envelopes of the authenticated mailbox, oldest first.
    Fetch {
        /// The most envelopes to return.
        max: u16,
    },
    /// Deletes envelopes from the authenticated mailbox once the owner stored them.
    Ack {
        /// The envelopes now durably stored by the client.
        ids: Vec<EnvelopeId>,
    },
    /// A short-lived sealed-sender certificate for the authenticated mailbox's identity.
    IssueSenderCertificate,
    /// Stores a new roster version (a [`crate::SignedRoster`]). No authentication: the
    /// Centre's signature is the authority, and the relay checks it and the chain.
    PublishRoster {
        /// A serialized [`crate::SignedRoster`].
        roster: Vec<u8>,
    },
    /// Roster versions after `since`, oldest first. No authentication.
    FetchRoster {
        /// The version after which to start.
        since: u64,
    },
    /// Registers a single-use invitation by its token hash. Only Centre staff on the roster.
    CreateInvitation {
        /// SHA-256 of the invitation's token.
        token_hash: [u8; 32],
        /// Seconds since the Unix epoch.
        expires_at: u64,
    },
    /// Uses an invitation: the authenticated mailbox becomes enrolled.
    Enrol {
        /// The invitation's token.
        token: [u8; 32],
    },
    /// Reserves room for an attachment blob of `size` ciphertext bytes. No authentication:
    /// the uploader is not identified. `upload_hash` is SHA-256 of the upload capability the
    /// client keeps; each of `reader_hashes` is SHA-256 of one recipient's read capability.
    CreateBlob {
        /// The blob's size in bytes of ciphertext.
        size: u64,
        /// SHA-256 of the upload token.
        upload_hash: [u8; 32],
        /// SHA-256 of each reader's token.
        reader_hashes: Vec<[u8; 32]>,
    },
    /// Appends to a blob from `offset`, which must equal what the relay holds. The frame is
    /// followed on the same stream by raw ciphertext bytes up to the end of the stream.
    UploadBlob {
        /// The blob.
        blob: BlobId,
        /// The capability to write it.
        upload_token: [u8; 32],
        /// Where the bytes that follow go: what the relay holds so far.
        offset: u64,
    },
    /// How many bytes of a blob the relay holds durably (it syncs before answering).
    BlobStatus {
        /// The blob.
        blob: BlobId,
        /// The capability to write it.
        upload_token: [u8; 32],
    },
    /// Reads a finished blob from `offset`. The response frame is followed by the raw
    /// bytes from `offset` to the end of the blob.
    DownloadBlob {
        /// The blob.
        blob: BlobId,
        /// One reader's capability.
        reader_token: [u8; 32],
        /// Where to start.
        offset: u64,
    },
    /// This reader holds the blob durably; once every reader has said so, the relay deletes
    /// it.
    ReleaseBlob {
        /// The blob.
        blob: BlobId,
        /// One reader's capability.
        reader_token: [u8; 32],
    },
    /// Blindly signs sending tokens for the authenticated mailbox, within its allowance for
    /// the period.
    IssueTokens {
        /// The period whose key is to sign: the relay's current one.
        period: u64,
        /// Blinded token messages, each [`TOKEN_SIGNATURE_LEN`] bytes.
        blinded: Vec<Vec<u8>>,
    },
    /// [`Request::Deliver`], each envelope paid by a sending token. No authentication.
    DeliverPaid {
        /// The envelopes with their tokens.
        items: Vec<PaidItem>,
    },
    /// [`Request::CreateBlob`] paid by `tokens` (see [`crate::tokens::blob_cost`]).
    CreateBlobPaid {
        /// The payment.
        tokens: Vec<SpendToken>,
        /// The blob's size in bytes of ciphertext.
        size: u64,
        /// SHA-256 of the upload token.
        upload_hash: [u8; 32],
        /// SHA-256 of each reader's token.
        reader_hashes: Vec<[u8; 32]>,
    },
    /// What a proof of work for `mailbox` must meet now. Only the Centre's intake takes
    /// work instead of tokens: for any other mailbox the answer is `NotPermitted`.
    WorkTerms {
        /// The recipient.
        mailbox: MailboxId,
    },
    /// [`Request::Deliver`] to the intake, each envelope paid by a proof of work.
    DeliverWorked {
        /// The envelopes with their proofs.
        items: Vec<WorkedItem>,
    },
}

/// The relay's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// The request was refused or failed.
    Error {
        /// Why.
        code: ErrorCode,
        /// For `RateLimited` and `StorageUnavailable`: when to retry; 0 otherwise.
        retry_after_ms: u32,
    },
    /// The relay's trust root and limits.
    ServerInfo {
        /// Serialized libsignal public key that signs the relay's server certificate.
        trust_root: Vec<u8>,
        /// Largest sealed envelope accepted, in bytes.
        max_envelope_len: u32,
        /// How long undelivered envelopes are kept, in seconds.
        retention_secs: u64,
        /// Largest attachment blob accepted, in bytes of ciphertext.
        max_blob_len: u64,
        /// Length of a sending-token period, in seconds.
        token_period_secs: u64,
        /// The keys that sign sending tokens: the current period's, and the previous one's
        /// while its tokens are still accepted.
        token_keys: Vec<TokenKey>,
    },
    /// A fresh nonce, valid for one `Authenticate` on this connection.
    Challenge {
        /// The nonce to sign.
        nonce: [u8; 32],
    },
    /// The connection now acts for this mailbox.
    Authenticated {
        /// The mailbox the key names.
        mailbox: MailboxId,
    },
    /// The prekeys are stored (durably).
    PrekeysStored,
    /// A bundle to start a session with.
    PrekeyBundle(PrekeyBundle),
    /// How many one-time prekeys the relay still holds for the mailbox.
    PrekeyCount {
        /// One-time EC prekeys left.
        one_time: u32,
        /// One-time Kyber prekeys left.
        kyber_one_time: u32,
    },
    /// The outcome of each delivered item, in order.
    Delivered {
        /// One per item.
        statuses: Vec<DeliveryStatus>,
    },
    /// Envelopes waiting in the mailbox.
    Envelopes {
        /// Oldest first.
        items: Vec<IncomingEnvelope>,
        /// More envelopes are waiting after these.
        more: bool,
    },
    /// The envelopes are deleted (durably).
    Acked {
        /// How many were there to delete.
        removed: u32,
    },
    /// A sender certificate for the authenticated mailbox.
    SenderCertificate {
        /// The serialized libsignal sender certificate.
        certificate: Vec<u8>,
    },
    /// The roster version is stored.
    RosterStored {
        /// Its version number.
        version: u64,
    },
    /// Signed roster versions, oldest first.
    Rosters {
        /// Each a serialized `SignedRoster`.
        versions: Vec<Vec<u8>>,
        /// More versions follow.
        more: bool,
    },
    /// The invitation's token hash is stored.
    InvitationStored,
    /// The invitation is used; the mailbox is enrolled.
    Enrolled,
    /// A blob is reserved.
    BlobCreated {
        /// Its random id.
        blob: BlobId,
        /// When the relay deletes the blob whoever has fetched it, seconds since the epoch.
        expires_at: u64,
    },
    /// What the relay holds durably of a blob after an upload or a status request.
    BlobProgress {
        /// The size declared at creation.
        size: u64,
        /// The bytes held durably (the offset to resume from).
        stored: u64,
    },
    /// Followed by the blob's bytes from the requested offset to `size`.
    BlobFollows {
        /// The blob's whole size.
        size: u64,
    },
    /// A reader released the blob.
    BlobReleased {
        /// Readers that have not released the blob yet; 0 means it is deleted.
        remaining: u16,
    },
    /// The terms a proof of work must meet now.
    WorkTerms(crate::work::WorkTerms),
    /// Blind signatures, one per blinded message, in order.
    Tokens {
        /// Each [`TOKEN_SIGNATURE_LEN`] bytes.
        blind_signatures: Vec<Vec<u8>>,
        /// Tokens this mailbox may still obtain this period.
        remaining: u32,
    },
}

/// The label prefixed to the nonce in a mailbox authentication signature.
pub const AUTH_LABEL: &[u8] = b"amicus/auth/v1";

/// The message a mailbox owner signs to authenticate: [`AUTH_LABEL`], the relay's pin, the
/// nonce. Binding the pin stops a malicious relay from relaying another relay's challenge.
pub fn auth_message(pin: &crate::RelayPin, nonce: &[u8; 32]) -> Vec<u8> {
    [AUTH_LABEL, &pin.0[..], &nonce[..]].concat()
}

impl Request {
    fn tag(&self) -> u8 {
        match self {
            Request::ServerInfo => 1,
            Request::Challenge => 2,
            Request::Authenticate { .. } => 3,
            Request::PublishPrekeys(_) => 4,
            Request::FetchPrekeys { .. } => 5,
            Request::PrekeyCount => 6,
            Request::Deliver { .. } => 7,
            Request::Fetch { .. } => 8,
            Request::Ack { .. } => 9,
            Request::IssueSenderCertificate => 10,
            Request::PublishRoster { .. } => 11,
            Request::FetchRoster { .. } => 12,
            Request::CreateInvitation { .. } => 13,
            Request::Enrol { .. } => 14,
            Request::CreateBlob { .. } => 15,
            Request::UploadBlob { .. } => 16,
            Request::BlobStatus { .. } => 17,
            Request::DownloadBlob { .. } => 18,
            Request::ReleaseBlob { .. } => 19,
            Request::IssueTokens { .. } => 20,
            Request::DeliverPaid { .. } => 21,
            Request::CreateBlobPaid { .. } => 22,
            Request::WorkTerms { .. } => 23,
            Request::DeliverWorked { .. } => 24,
        }
    }

    /// Encodes the frame body (version, tag, fields).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(PROTOCOL_VERSION);
        w.u8(self.tag());
        match self {
            Request::ServerInfo
            | Request::Challenge
            | Request::PrekeyCount
            | Request::IssueSenderCertificate => {}
            Request::Authenticate {
                auth_key,
                signature,
            } => {
                w.bytes(auth_key);
                w.bytes(signature);
            }
            Request::PublishPrekeys(upload) => upload.encode(&mut w),
            Request::FetchPrekeys { mailbox } => w.fixed(&mailbox.0),
            Request::Deliver { items } => {
                w.count(items.len());
                for item in items {
                    item.encode(&mut w);
                }
            }
            Request::DeliverPaid { items } => {
                w.count(items.len());
                for paid in items {
                    paid.token.encode(&mut w);
                    paid.item.encode(&mut w);
                }
            }
            Request::WorkTerms { mailbox } => w.fixed(&mailbox.0),
            Request::DeliverWorked { items } => {
                w.count(items.len());
                for worked in items {
                    w.u64(worked.epoch);
                    w.u64(worked.nonce);
                    worked.item.encode(&mut w);
                }
            }
            Request::IssueTokens { period, blinded } => {
                w.u64(*period);
                w.count(blinded.len());
                for b in blinded {
                    w.bytes(b);
                }
            }
            Request::Fetch { max } => w.u16(*max),
            Request::Ack { ids } => {
                w.count(ids.len());
                for id in ids {
                    w.fixed(&id.0);
                }
            }
            Request::PublishRoster { roster } => w.bytes(roster),
            Request::FetchRoster { since } => w.u64(*since),
            Request::CreateInvitation {
                token_hash,
                expires_at,
            } => {
                w.fixed(token_hash);
                w.u64(*expires_at);
            }
            Request::Enrol { token } => w.fixed(token),
            Request::CreateBlobPaid {
                tokens,
                size,
                upload_hash,
                reader_hashes,
            } => {
                w.count(tokens.len());
                for t in tokens {
                    t.encode(&mut w);
                }
                encode_blob_terms(&mut w, *size, upload_hash, reader_hashes);
            }
            Request::CreateBlob {
                size,
                upload_hash,
                reader_hashes,
            } => encode_blob_terms(&mut w, *size, upload_hash, reader_hashes),
            Request::UploadBlob {
                blob,
                upload_token: token,
                offset,
            }
            | Request::DownloadBlob {
                blob,
                reader_token: token,
                offset,
            } => {
                w.fixed(&blob.0);
                w.fixed(token);
                w.u64(*offset);
            }
            Request::BlobStatus {
                blob,
                upload_token: token,
            }
            | Request::ReleaseBlob {
                blob,
                reader_token: token,
            } => {
                w.fixed(&blob.0);
                w.fixed(token);
            }
        }
        w.into_bytes()
    }

    /// Decodes a frame body. Total: any input gives `Ok` or `Err`.
    pub fn decode(body: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(body);
        let tag = read_header(&mut r)?;
        let request = match tag {
            1 => Request::ServerInfo,
            2 => Request::Challenge,
            3 => Request::Authenticate {
                auth_key: r.bytes_vec("auth_key", MAX_KEY_LEN)?,
                signature: r.bytes_vec("signature", MAX_SIGNATURE_LEN)?,
            },
            4 => Request::PublishPrekeys(PrekeyUpload::decode(&mut r)?),
            5 => Request::FetchPrekeys {
                mailbox: MailboxId(r.fixed()?),
            },
            6 => Request::PrekeyCount,
            7 => {
                let n = r.count("items", MAX_DELIVER_BATCH, 32 + 16 + 4)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(DeliverItem::decode(&mut r)?);
                }
                Request::Deliver { items }
            }
            20 => Request::IssueTokens {
                period: r.u64()?,
                blinded: {
                    let n = r.count("tokens", MAX_TOKEN_BATCH, 4 + TOKEN_SIGNATURE_LEN)?;
                    (0..n)
                        .map(|_| r.bytes_vec("blinded", TOKEN_SIGNATURE_LEN))
                        .collect::<Result<_, _>>()?
                },
            },
            21 => {
                let n = r.count("items", MAX_DELIVER_BATCH, 8 + 32 + 4 + 32 + 16 + 4)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(PaidItem {
                        token: SpendToken::decode(&mut r)?,
                        item: DeliverItem::decode(&mut r)?,
                    });
                }
                Request::DeliverPaid { items }
            }
            23 => Request::WorkTerms {
                mailbox: MailboxId(r.fixed()?),
            },
            24 => {
                let n = r.count("items", MAX_DELIVER_BATCH, 8 + 8 + 32 + 16 + 4)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(WorkedItem {
                        epoch: r.u64()?,
                        nonce: r.u64()?,
                        item: DeliverItem::decode(&mut r)?,
                    });
                }
                Request::DeliverWorked { items }
            }
            22 => Request::CreateBlobPaid {
                tokens: {
                    let n = r.count("tokens", MAX_TOKEN_BATCH, 8 + 32 + 4)?;
                    (0..n)
                        .map(|_| SpendToken::decode(&mut r))
                        .collect::<Result<_, _>>()?
                },
                size: r.u64()?,
                upload_hash: r.fixed()?,
                reader_hashes: {
                    let n = r.count("readers", MAX_BLOB_READERS, 32)?;
                    (0..n).map(|_| r.fixed()).collect::<Result<_, _>>()?
                },
            },
            8 => Request::Fetch { max: r.u16()? },
            9 => {
                let n = r.count("ids", MAX_ACK_BATCH, 16)?;
                let mut ids = Vec::with_capacity(n);
                for _ in 0..n {
                    ids.push(EnvelopeId(r.fixed()?));
                }
                Request::Ack { ids }
            }
            10 => Request::IssueSenderCertificate,
            11 => Request::PublishRoster {
                roster: r.bytes_vec("roster", MAX_ROSTER_LEN + MAX_KEY_LEN + 256)?,
            },
            12 => Request::FetchRoster { since: r.u64()? },
            13 => Request::CreateInvitation {
                token_hash: r.fixed()?,
                expires_at: r.u64()?,
            },
            14 => Request::Enrol { token: r.fixed()? },
            15 => Request::CreateBlob {
                size: r.u64()?,
                upload_hash: r.fixed()?,
                reader_hashes: {
                    let n = r.count("readers", MAX_BLOB_READERS, 32)?;
                    (0..n).map(|_| r.fixed()).collect::<Result<_, _>>()?
                },
            },
            16 => Request::UploadBlob {
                blob: BlobId(r.fixed()?),
                upload_token: r.fixed()?,
                offset: r.u64()?,
            },
            17 => Request::BlobStatus {
                blob: BlobId(r.fixed()?),
                upload_token: r.fixed()?,
            },
            18 => Request::DownloadBlob {
                blob: BlobId(r.fixed()?),
                reader_token: r.fixed()?,
                offset: r.u64()?,
            },
            19 => Request::ReleaseBlob {
                blob: BlobId(r.fixed()?),
                reader_token: r.fixed()?,
            },
            other => return Err(DecodeError::UnknownTag(other)),
        };
        r.finish()?;
        Ok(request)
    }

    /// Whether the request needs an authenticated mailbox owner on the connection.
    pub fn needs_owner(&self) -> bool {
        matches!(
            self,
            Request::PublishPrekeys(_)
                | Request::PrekeyCount
                | Request::Fetch { .. }
                | Request::Ack { .. }
                | Request::IssueSenderCertificate
                | Request::CreateInvitation { .. }
                | Request::Enrol { .. }
                | Request::IssueTokens { .. }
        )
    }
}

impl Response {
    fn tag(&self) -> u8 {
        match self {
            Response::Error { .. } => 0,
            Response::ServerInfo { .. } => 1,
            Response::Challenge { .. } => 2,
            Response::Authenticated { .. } => 3,
            Response::PrekeysStored => 4,
            Response::PrekeyBundle(_) => 5,
            Response::PrekeyCount { .. } => 6,
            Response::Delivered { .. } => 7,
            Response::Envelopes { .. } => 8,
            Response::Acked { .. } => 9,
            Response::SenderCertificate { .. } => 10,
            Response::RosterStored { .. } => 11,
            Response::Rosters { .. } => 12,
            Response::InvitationStored => 13,
            Response::Enrolled => 14,
            Response::BlobCreated { .. } => 15,
            Response::BlobProgress { .. } => 16,
            Response::BlobFollows { .. } => 17,
            Response::BlobReleased { .. } => 18,
            Response::Tokens { .. } => 19,
            Response::WorkTerms(_) => 20,
        }
    }

    /// A plain error response.
    pub fn error(code: ErrorCode) -> Self {
        Response::Error {
            code,
            retry_after_ms: 0,
        }
    }

    /// Encodes the frame body (version, tag, fields).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(PROTOCOL_VERSION);
        w.u8(self.tag());
        match self {
            Response::Error {
                code,
                retry_after_ms,
            } => {
                w.u16(code.to_u16());
                w.u32(*retry_after_ms);
            }
            Response::ServerInfo {
                trust_root,
                max_envelope_len,
                retention_secs,
                max_blob_len,
                token_period_secs,
                token_keys,
            } => {
                w.bytes(trust_root);
                w.u32(*max_envelope_len);
                w.u64(*retention_secs);
                w.u64(*max_blob_len);
                w.u64(*token_period_secs);
                w.count(token_keys.len());
                for key in token_keys {
                    w.u64(key.period);
                    w.bytes(&key.public_key);
                }
            }
            Response::Challenge { nonce } => w.fixed(nonce),
            Response::Authenticated { mailbox } => w.fixed(&mailbox.0),
            Response::PrekeysStored => {}
            Response::PrekeyBundle(bundle) => bundle.encode(&mut w),
            Response::PrekeyCount {
                one_time,
                kyber_one_time,
            } => {
                w.u32(*one_time);
                w.u32(*kyber_one_time);
            }
            Response::Delivered { statuses } => {
                w.count(statuses.len());
                for status in statuses {
                    w.u16(match status {
                        Ok(()) => 0,
                        Err(code) => code.to_u16(),
                    });
                }
            }
            Response::Envelopes { items, more } => {
                w.count(items.len());
                for item in items {
                    w.fixed(&item.envelope_id.0);
                    w.u64(item.received_at);
                    w.bytes(&item.payload);
                }
                w.bool(*more);
            }
            Response::Acked { removed } => w.u32(*removed),
            Response::SenderCertificate { certificate } => w.bytes(certificate),
            Response::RosterStored { version } => w.u64(*version),
            Response::Rosters { versions, more } => {
                w.count(versions.len());
                for v in versions {
                    w.bytes(v);
                }
                w.bool(*more);
            }
            Response::InvitationStored | Response::Enrolled => {}
            Response::BlobCreated { blob, expires_at } => {
                w.fixed(&blob.0);
                w.u64(*expires_at);
            }
            Response::BlobProgress { size, stored } => {
                w.u64(*size);
                w.u64(*stored);
            }
            Response::BlobFollows { size } => w.u64(*size),
            Response::BlobReleased { remaining } => w.u16(*remaining),
            Response::WorkTerms(terms) => {
                w.u64(terms.epoch);
                w.fixed(&terms.seed);
                w.u8(terms.difficulty);
                w.u32(terms.memory_kib);
            }
            Response::Tokens {
                blind_signatures,
                remaining,
            } => {
                w.count(blind_signatures.len());
                for s in blind_signatures {
                    w.bytes(s);
                }
                w.u32(*remaining);
            }
        }
        w.into_bytes()
    }

    /// Decodes a frame body. Total: any input gives `Ok` or `Err`.
    pub fn decode(body: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(body);
        let tag = read_header(&mut r)?;
        let response = match tag {
            0 => Response::Error {
                code: ErrorCode::from_u16(r.u16()?),
                retry_after_ms: r.u32()?,
            },
            1 => Response::ServerInfo {
                trust_root: r.bytes_vec("trust_root", MAX_KEY_LEN)?,
                max_envelope_len: r.u32()?,
                retention_secs: r.u64()?,
                max_blob_len: r.u64()?,
                token_period_secs: r.u64()?,
                token_keys: {
                    let n = r.count("token_keys", MAX_TOKEN_KEYS, 8 + 4)?;
                    (0..n)
                        .map(|_| {
                            Ok(TokenKey {
                                period: r.u64()?,
                                public_key: r.bytes_vec("token_key", MAX_TOKEN_KEY_LEN)?,
                            })
                        })
                        .collect::<Result<_, DecodeError>>()?
                },
            },
            2 => Response::Challenge { nonce: r.fixed()? },
            3 => Response::Authenticated {
                mailbox: MailboxId(r.fixed()?),
            },
            4 => Response::PrekeysStored,
            5 => Response::PrekeyBundle(PrekeyBundle::decode(&mut r)?),
            6 => Response::PrekeyCount {
                one_time: r.u32()?,
                kyber_one_time: r.u32()?,
            },
            7 => {
                let n = r.count("statuses", MAX_DELIVER_BATCH, 2)?;
                let mut statuses = Vec::with_capacity(n);
                for _ in 0..n {
                    statuses.push(match r.u16()? {
                        0 => Ok(()),
                        code => Err(ErrorCode::from_u16(code)),
                    });
                }
                Response::Delivered { statuses }
            }
            8 => {
                let n = r.count("items", MAX_FETCH_BATCH, 16 + 8 + 4)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(IncomingEnvelope {
                        envelope_id: EnvelopeId(r.fixed()?),
                        received_at: r.u64()?,
                        payload: r.bytes_vec("payload", MAX_ENVELOPE_LEN)?,
                    });
                }
                Response::Envelopes {
                    items,
                    more: r.bool("more")?,
                }
            }
            9 => Response::Acked { removed: r.u32()? },
            11 => Response::RosterStored { version: r.u64()? },
            12 => {
                let n = r.count("versions", MAX_ROSTER_BATCH, 4)?;
                let mut versions = Vec::with_capacity(n);
                for _ in 0..n {
                    versions.push(r.bytes_vec("roster", MAX_ROSTER_LEN + MAX_KEY_LEN + 256)?);
                }
                Response::Rosters {
                    versions,
                    more: r.bool("more")?,
                }
            }
            13 => Response::InvitationStored,
            14 => Response::Enrolled,
            15 => Response::BlobCreated {
                blob: BlobId(r.fixed()?),
                expires_at: r.u64()?,
            },
            16 => Response::BlobProgress {
                size: r.u64()?,
                stored: r.u64()?,
            },
            17 => Response::BlobFollows { size: r.u64()? },
            18 => Response::BlobReleased {
                remaining: r.u16()?,
            },
            20 => Response::WorkTerms(crate::work::WorkTerms {
                epoch: r.u64()?,
                seed: r.fixed()?,
                difficulty: r.u8()?,
                memory_kib: r.u32()?,
            }),
            19 => Response::Tokens {
                blind_signatures: {
                    let n = r.count("tokens", MAX_TOKEN_BATCH, 4 + TOKEN_SIGNATURE_LEN)?;
                    (0..n)
                        .map(|_| r.bytes_vec("blind_signature", TOKEN_SIGNATURE_LEN))
                        .collect::<Result<_, _>>()?
                },
                remaining: r.u32()?,
            },
            10 => Response::SenderCertificate {
                certificate: r.bytes_vec("certificate", MAX_CERTIFICATE_LEN)?,
            },
            other => return Err(DecodeError::UnknownTag(other)),
        };
        r.finish()?;
        Ok(response)
    }
}

/// The fields `CreateBlob` and `CreateBlobPaid` share: `size u64 | upload_hash [32] |
/// readers list(64, [32])`.
fn encode_blob_terms(w: &mut Writer, size: u64, upload_hash: &[u8; 32], readers: &[[u8; 32]]) {
    w.u64(size);
    w.fixed(upload_hash);
    w.count(readers.len());
    for h in readers {
        w.fixed(h);
    }
}

fn read_header(r: &mut Reader<'_>) -> Result<u8, DecodeError> {
    let version = r.u8()?;
    if version != PROTOCOL_VERSION {
        return Err(DecodeError::UnsupportedVersion(version));
    }
    r.u8()
}

impl DeliverItem {
    fn encode(&self, w: &mut Writer) {
        w.fixed(&self.mailbox.0);
        w.fixed(&self.envelope_id.0);
        w.bytes(&self.payload);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(DeliverItem {
            mailbox: MailboxId(r.fixed()?),
            envelope_id: EnvelopeId(r.fixed()?),
            payload: r.bytes_vec("payload", MAX_ENVELOPE_LEN)?,
        })
    }
}

impl PublicPrekey {
    fn encode(&self, w: &mut Writer) {
        w.u32(self.id);
        w.bytes(&self.public);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(PublicPrekey {
            id: r.u32()?,
            public: r.bytes_vec("prekey", MAX_KEY_LEN)?,
        })
    }
}

impl SignedPublicPrekey {
    fn encode(&self, w: &mut Writer) {
        w.u32(self.id);
        w.bytes(&self.public);
        w.bytes(&self.signature);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(SignedPublicPrekey {
            id: r.u32()?,
            public: r.bytes_vec("signed_prekey", MAX_KEY_LEN)?,
            signature: r.bytes_vec("prekey_signature", MAX_SIGNATURE_LEN)?,
        })
    }

    /// Encodes this prekey alone, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        self.encode(&mut w);
        w.into_bytes()
    }

    /// Decodes a prekey stored with [`Self::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let prekey = Self::decode(&mut r)?;
        r.finish()?;
        Ok(prekey)
    }
}

impl PrekeyUpload {
    fn encode(&self, w: &mut Writer) {
        w.u32(self.registration_id);
        w.u8(self.device_id);
        w.bytes(&self.identity_key);
        self.signed_prekey.encode(w);
        self.last_resort_kyber.encode(w);
        w.count(self.one_time.len());
        for prekey in &self.one_time {
            prekey.encode(w);
        }
        w.count(self.kyber_one_time.len());
        for prekey in &self.kyber_one_time {
            prekey.encode(w);
        }
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let registration_id = r.u32()?;
        let device_id = r.u8()?;
        let identity_key = r.bytes_vec("identity_key", MAX_KEY_LEN)?;
        let signed_prekey = SignedPublicPrekey::decode(r)?;
        let last_resort_kyber = SignedPublicPrekey::decode(r)?;
        let n = r.count("one_time", MAX_PREKEY_BATCH, 8)?;
        let mut one_time = Vec::with_capacity(n);
        for _ in 0..n {
            one_time.push(PublicPrekey::decode(r)?);
        }
        let n = r.count("kyber_one_time", MAX_PREKEY_BATCH, 12)?;
        let mut kyber_one_time = Vec::with_capacity(n);
        for _ in 0..n {
            kyber_one_time.push(SignedPublicPrekey::decode(r)?);
        }
        Ok(PrekeyUpload {
            registration_id,
            device_id,
            identity_key,
            signed_prekey,
            last_resort_kyber,
            one_time,
            kyber_one_time,
        })
    }

    /// The parts that are replaced on every upload, encoded alone for storage.
    pub fn identity_record(&self) -> IdentityRecord {
        IdentityRecord {
            registration_id: self.registration_id,
            device_id: self.device_id,
            identity_key: self.identity_key.clone(),
            signed_prekey: self.signed_prekey.clone(),
            last_resort_kyber: self.last_resort_kyber.clone(),
        }
    }
}

/// The long-lived part of a mailbox's published keys, as the relay stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRecord {
    /// libsignal registration id.
    pub registration_id: u32,
    /// libsignal device id.
    pub device_id: u8,
    /// The identity key, serialized.
    pub identity_key: Vec<u8>,
    /// The signed EC prekey.
    pub signed_prekey: SignedPublicPrekey,
    /// The last-resort Kyber prekey.
    pub last_resort_kyber: SignedPublicPrekey,
}

impl IdentityRecord {
    /// The record's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u32(self.registration_id);
        w.u8(self.device_id);
        w.bytes(&self.identity_key);
        self.signed_prekey.encode(&mut w);
        self.last_resort_kyber.encode(&mut w);
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let record = IdentityRecord {
            registration_id: r.u32()?,
            device_id: r.u8()?,
            identity_key: r.bytes_vec("identity_key", MAX_KEY_LEN)?,
            signed_prekey: SignedPublicPrekey::decode(&mut r)?,
            last_resort_kyber: SignedPublicPrekey::decode(&mut r)?,
        };
        r.finish()?;
        Ok(record)
    }
}

impl PrekeyBundle {
    fn encode(&self, w: &mut Writer) {
        w.u32(self.registration_id);
        w.u8(self.device_id);
        w.bytes(&self.identity_key);
        self.signed_prekey.encode(w);
        self.kyber_prekey.encode(w);
        match &self.one_time {
            None => w.bool(false),
            Some(prekey) => {
                w.bool(true);
                prekey.encode(w);
            }
        }
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(PrekeyBundle {
            registration_id: r.u32()?,
            device_id: r.u8()?,
            identity_key: r.bytes_vec("identity_key", MAX_KEY_LEN)?,
            signed_prekey: SignedPublicPrekey::decode(r)?,
            kyber_prekey: SignedPublicPrekey::decode(r)?,
            one_time: if r.bool("has_one_time")? {
                Some(PublicPrekey::decode(r)?)
            } else {
                None
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn signed(id: u32) -> SignedPublicPrekey {
        SignedPublicPrekey {
            id,
            public: vec![5; 33],
            signature: vec![9; 64],
        }
    }

    fn sample_requests() -> Vec<Request> {
        vec![
            Request::ServerInfo,
            Request::Challenge,
            Request::Authenticate {
                auth_key: vec![5; 33],
                signature: vec![1; 64],
            },
            Request::PublishPrekeys(PrekeyUpload {
                registration_id: 42,
                device_id: 1,
                identity_key: vec![5; 33],
                signed_prekey: signed(1),
                last_resort_kyber: signed(2),
                one_time: vec![PublicPrekey {
                    id: 3,
                    public: vec![5; 33],
                }],
                kyber_one_time: vec![signed(4)],
            }),
            Request::FetchPrekeys {
                mailbox: MailboxId([7; 32]),
            },
            Request::PrekeyCount,
            Request::Deliver {
                items: vec![DeliverItem {
                    mailbox: MailboxId([1; 32]),
                    envelope_id: EnvelopeId([2; 16]),
                    payload: vec![3; 100],
                }],
            },
            Request::Fetch { max: 16 },
            Request::Ack {
                ids: vec![EnvelopeId([4; 16]), EnvelopeId([5; 16])],
            },
            Request::IssueSenderCertificate,
            Request::PublishRoster {
                roster: vec![1; 300],
            },
            Request::FetchRoster { since: 4 },
            Request::CreateInvitation {
                token_hash: [6; 32],
                expires_at: 1_800_000_000,
            },
            Request::Enrol { token: [7; 32] },
            Request::CreateBlob {
                size: 5 << 30,
                upload_hash: [1; 32],
                reader_hashes: vec![[2; 32], [3; 32]],
            },
            Request::UploadBlob {
                blob: BlobId([4; 16]),
                upload_token: [5; 32],
                offset: 1 << 20,
            },
            Request::BlobStatus {
                blob: BlobId([4; 16]),
                upload_token: [5; 32],
            },
            Request::DownloadBlob {
                blob: BlobId([4; 16]),
                reader_token: [6; 32],
                offset: 7,
            },
            Request::ReleaseBlob {
                blob: BlobId([4; 16]),
                reader_token: [6; 32],
            },
            Request::IssueTokens {
                period: 2930,
                blinded: vec![vec![1; TOKEN_SIGNATURE_LEN], vec![2; TOKEN_SIGNATURE_LEN]],
            },
            Request::DeliverPaid {
                items: vec![PaidItem {
                    token: sample_token(),
                    item: DeliverItem {
                        mailbox: MailboxId([1; 32]),
                        envelope_id: EnvelopeId([2; 16]),
                        payload: vec![3; 100],
                    },
                }],
            },
            Request::CreateBlobPaid {
                tokens: vec![sample_token(), sample_token()],
                size: 70 << 20,
                upload_hash: [1; 32],
                reader_hashes: vec![[2; 32]],
            },
            Request::WorkTerms {
                mailbox: MailboxId([5; 32]),
            },
            Request::DeliverWorked {
                items: vec![WorkedItem {
                    epoch: 490_000,
                    nonce: 77,
                    item: DeliverItem {
                        mailbox: MailboxId([1; 32]),
                        envelope_id: EnvelopeId([2; 16]),
                        payload: vec![3; 100],
                    },
                }],
            },
        ]
    }

    fn sample_token() -> SpendToken {
        SpendToken {
            period: 2930,
            nonce: [9; 32],
            signature: vec![4; TOKEN_SIGNATURE_LEN],
        }
    }

    fn sample_responses() -> Vec<Response> {
        vec![
            Response::error(ErrorCode::QuotaExceeded),
            Response::Error {
                code: ErrorCode::RateLimited,
                retry_after_ms: 250,
            },
            Response::ServerInfo {
                trust_root: vec![5; 33],
                max_envelope_len: 1000,
                retention_secs: 86_400,
                max_blob_len: 4 << 30,
                token_period_secs: 604_800,
                token_keys: vec![TokenKey {
                    period: 2930,
                    public_key: vec![0x30; 294],
                }],
            },
            Response::Tokens {
                blind_signatures: vec![vec![8; TOKEN_SIGNATURE_LEN]],
                remaining: 63,
            },
            Response::WorkTerms(crate::work::WorkTerms {
                epoch: 490_000,
                seed: [4; 32],
                difficulty: 12,
                memory_kib: 1024,
            }),
            Response::Challenge { nonce: [8; 32] },
            Response::Authenticated {
                mailbox: MailboxId([3; 32]),
            },
            Response::PrekeysStored,
            Response::PrekeyBundle(PrekeyBundle {
                registration_id: 7,
                device_id: 1,
                identity_key: vec![5; 33],
                signed_prekey: signed(1),
                kyber_prekey: signed(2),
                one_time: Some(PublicPrekey {
                    id: 9,
                    public: vec![1; 33],
                }),
            }),
            Response::PrekeyCount {
                one_time: 3,
                kyber_one_time: 4,
            },
            Response::Delivered {
                statuses: vec![Ok(()), Err(ErrorCode::UnknownRecipient)],
            },
            Response::Envelopes {
                items: vec![IncomingEnvelope {
                    envelope_id: EnvelopeId([6; 16]),
                    received_at: 1_700_000_000,
                    payload: vec![1, 2, 3],
                }],
                more: true,
            },
            Response::Acked { removed: 2 },
            Response::SenderCertificate {
                certificate: vec![1; 200],
            },
            Response::RosterStored { version: 3 },
            Response::Rosters {
                versions: vec![vec![1; 10], vec![2; 20]],
                more: true,
            },
            Response::InvitationStored,
            Response::Enrolled,
            Response::BlobCreated {
                blob: BlobId([9; 16]),
                expires_at: 1_800_000_000,
            },
            Response::BlobProgress {
                size: 100,
                stored: 50,
            },
            Response::BlobFollows { size: 100 },
            Response::BlobReleased { remaining: 1 },
        ]
    }

    #[test]
    fn every_request_round_trips() {
        for request in sample_requests() {
            assert_eq!(Request::decode(&request.encode()).unwrap(), request);
        }
    }

    #[test]
    fn every_response_round_trips() {
        for response in sample_responses() {
            assert_eq!(Response::decode(&response.encode()).unwrap(), response);
        }
    }

    #[test]
    fn every_truncation_is_an_error() {
        for request in sample_requests() {
            let body = request.encode();
            for cut in 0..body.len() {
                assert!(
                    Request::decode(&body[..cut]).is_err(),
                    "{request:?} cut {cut}"
                );
            }
        }
        for response in sample_responses() {
            let body = response.encode();
            for cut in 0..body.len() {
                assert!(Response::decode(&body[..cut]).is_err());
            }
        }
    }

    #[test]
    fn wrong_version_and_trailing_bytes_are_errors() {
        let mut body = Request::Challenge.encode();
        body[0] = 9;
        assert_eq!(
            Request::decode(&body),
            Err(DecodeError::UnsupportedVersion(9))
        );
        let mut body = Request::Challenge.encode();
        body.push(0);
        assert!(matches!(
            Request::decode(&body),
            Err(DecodeError::TrailingBytes { extra: 1 })
        ));
    }

    #[test]
    fn oversize_envelope_is_refused_by_the_decoder() {
        let request = Request::Deliver {
            items: vec![DeliverItem {
                mailbox: MailboxId([1; 32]),
                envelope_id: EnvelopeId([2; 16]),
                payload: vec![0; MAX_ENVELOPE_LEN + 1],
            }],
        };
        assert!(matches!(
            Request::decode(&request.encode()),
            Err(DecodeError::TooLong {
                field: "payload",
                ..
            })
        ));
    }

    proptest! {
        #[test]
        fn any_bytes_decode_to_ok_or_err(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = Request::decode(&bytes);
            let _ = Response::decode(&bytes);
        }

        #[test]
        fn any_bytes_after_a_valid_header_decode_to_ok_or_err(
            tag in 0u8..12,
            rest in proptest::collection::vec(any::<u8>(), 0..512),
        ) {
            let mut body = vec![crate::PROTOCOL_VERSION, tag];
            body.extend_from_slice(&rest);
            let _ = Request::decode(&body);
            let _ = Response::decode(&body);
        }

        #[test]
        fn deliver_round_trips(
            payloads in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..MAX_DELIVER_BATCH),
            mailbox in any::<[u8; 32]>(),
        ) {
            let items: Vec<DeliverItem> = payloads.into_iter().enumerate().map(|(i, payload)| DeliverItem {
                mailbox: MailboxId(mailbox),
                envelope_id: EnvelopeId([u8::try_from(i).unwrap_or(0); 16]),
                payload,
            }).collect();
            let request = Request::Deliver { items };
            prop_assert_eq!(Request::decode(&request.encode()).unwrap(), request);
        }
    }
}
