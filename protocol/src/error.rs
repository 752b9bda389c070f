//! Decoding errors and the error codes the relay sends back.

use thiserror::Error;

/// Why some bytes could not be decoded. Every decoder in this crate returns one of these
/// instead of panicking.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("input ended early: needed {needed} more bytes")]
    /// Fewer bytes than the message needs.
    Truncated {
        /// How many more bytes were needed.
        needed: usize,
    },
    #[error("{extra} unexpected bytes after the message")]
    /// Bytes left over after a complete message.
    TrailingBytes {
        /// How many.
        extra: usize,
    },
    /// The version byte of a wire message is not the one this crate speaks.
    #[error("unsupported protocol version {0}")]
    UnsupportedVersion(u8),
    /// A stored or end-to-end format older than the oldest version this release reads:
    /// the sender (or the device that wrote it) should update.
    #[error("format version {found} is older than the oldest this release reads ({oldest})")]
    VersionTooOld {
        /// The version found.
        found: u8,
        /// The oldest version this release reads.
        oldest: u8,
    },
    /// A format newer than the newest version this release reads: update Amicus.
    #[error("format version {found} is newer than the newest this release reads ({newest})")]
    VersionTooNew {
        /// The version found.
        found: u8,
        /// The newest version this release reads.
        newest: u8,
    },
    /// A message tag this version does not know.
    #[error("unknown message tag {0}")]
    UnknownTag(u8),
    /// A length-prefixed field longer than its limit (refused before allocating).
    #[error("field `{field}` is {len} bytes, more than the limit of {max}")]
    TooLong {
        /// The field.
        field: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    #[error("field `{field}` has an invalid value")]
    /// A field whose value is not one of those allowed.
    InvalidValue {
        /// The field.
        field: &'static str,
    },
    #[error("frame of {len} bytes exceeds the limit of {max}")]
    /// A frame longer than the protocol allows.
    FrameTooLarge {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Text that is not an `amicus:` contact card.
    #[error("not an Amicus contact card")]
    NotACard,
    /// A contact card whose checksum does not match (mistyped or cut).
    #[error("the contact card is damaged (checksum mismatch); copy it again")]
    CardChecksum,
}

/// Error codes carried in [`crate::Response::Error`]. The numeric values are part of the wire
/// format and never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The request could not be decoded.
    Malformed,
    /// The request's protocol version is not supported by this relay.
    UnsupportedVersion,
    /// The frame exceeded [`crate::limits::MAX_FRAME_LEN`].
    FrameTooLarge,
    /// The request needs an authenticated mailbox owner.
    Unauthenticated,
    /// The authentication proof did not verify (or no challenge was outstanding).
    AuthFailed,
    /// No mailbox with that id is registered on this relay.
    UnknownRecipient,
    /// The mailbox holds too many or too large envelopes; try later.
    QuotaExceeded,
    /// Too many requests on this connection; `retry_after_ms` says when to try again.
    RateLimited,
    /// An envelope exceeds [`crate::limits::MAX_ENVELOPE_LEN`].
    EnvelopeTooLarge,
    /// A list in the request exceeds its limit.
    BatchTooLarge,
    /// The relay could not make the write durable (disk full or failing). Nothing was
    /// acknowledged; retry later.
    StorageUnavailable,
    /// The mailbox has not published prekeys yet.
    NotRegistered,
    /// An unexpected failure inside the relay.
    Internal,
    /// A roster that is not signed by the Centre's root, or does not extend the chain.
    RosterRejected,
    /// The authenticated mailbox may not do this (for example, only staff invite).
    NotPermitted,
    /// No invitation with this token exists.
    InvitationUnknown,
    /// The invitation expired.
    InvitationExpired,
    /// The invitation was already used.
    InvitationUsed,
    /// Too many new accounts without an invitation right now; `retry_after_ms` says when.
    FirstContactBusy,
    /// No attachment blob with this id, or the capability presented does not open it. The
    /// two are not told apart, so a capability cannot be probed.
    BlobUnknown,
    /// The declared attachment size is above the relay's maximum.
    BlobTooLarge,
    /// The relay's attachment store has no room for the declared size.
    BlobStoreFull,
    /// An upload went past the size declared when the blob was created.
    BlobSizeExceeded,
    /// A download of a blob whose upload has not finished.
    BlobIncomplete,
    /// An upload started at another offset than the bytes the relay holds durably.
    BlobOffset,
    /// The relay takes only paid deliveries and attachments: spend sending tokens.
    PaymentRequired,
    /// A sending token that does not verify, or whose period is over.
    TokenRefused,
    /// A sending token that was spent before.
    TokenSpent,
    /// This mailbox has been given all the sending tokens it may have this period.
    TokensExhausted,
    /// A proof of work that does not meet the relay's current terms (or whose hour is over).
    WorkRefused,
    /// A code this version does not know (from a newer relay).
    Unknown(u16),
}

impl ErrorCode {
    /// The code's number on the wire.
    pub fn to_u16(self) -> u16 {
        match self {
            ErrorCode::Malformed => 1,
            ErrorCode::UnsupportedVersion => 2,
            ErrorCode::FrameTooLarge => 3,
            ErrorCode::Unauthenticated => 4,
            ErrorCode::AuthFailed => 5,
            ErrorCode::UnknownRecipient => 6,
            ErrorCode::QuotaExceeded => 7,
            ErrorCode::RateLimited => 8,
            ErrorCode::EnvelopeTooLarge => 9,
            ErrorCode::BatchTooLarge => 10,
            ErrorCode::StorageUnavailable => 11,
            ErrorCode::NotRegistered => 12,
            ErrorCode::Internal => 13,
            ErrorCode::RosterRejected => 14,
            ErrorCode::NotPermitted => 15,
            ErrorCode::InvitationUnknown => 16,
            ErrorCode::InvitationExpired => 17,
            ErrorCode::InvitationUsed => 18,
            ErrorCode::FirstContactBusy => 19,
            ErrorCode::BlobUnknown => 20,
            ErrorCode::BlobTooLarge => 21,
            ErrorCode::BlobStoreFull => 22,
            ErrorCode::BlobSizeExceeded => 23,
            ErrorCode::BlobIncomplete => 24,
            ErrorCode::BlobOffset => 25,
            ErrorCode::PaymentRequired => 26,
            ErrorCode::TokenRefused => 27,
            ErrorCode::TokenSpent => 28,
            ErrorCode::TokensExhausted => 29,
            ErrorCode::WorkRefused => 30,
            ErrorCode::Unknown(code) => code,
        }
    }

    /// The code for a number on the wire; unknown numbers become `Unknown(n)`.
    pub fn from_u16(code: u16) -> Self {
        match code {
            1 => ErrorCode::Malformed,
            2 => ErrorCode::UnsupportedVersion,
            3 => ErrorCode::FrameTooLarge,
            4 => ErrorCode::Unauthenticated,
            5 => ErrorCode::AuthFailed,
            6 => ErrorCode::UnknownRecipient,
            7 => ErrorCode::QuotaExceeded,
            8 => ErrorCode::RateLimited,
            9 => ErrorCode::EnvelopeTooLarge,
            10 => ErrorCode::BatchTooLarge,
            11 => ErrorCode::StorageUnavailable,
            12 => ErrorCode::NotRegistered,
            13 => ErrorCode::Internal,
            14 => ErrorCode::RosterRejected,
            15 => ErrorCode::NotPermitted,
            16 => ErrorCode::InvitationUnknown,
            17 => ErrorCode::InvitationExpired,
            18 => ErrorCode::InvitationUsed,
            19 => ErrorCode::FirstContactBusy,
            20 => ErrorCode::BlobUnknown,
            21 => ErrorCode::BlobTooLarge,
            22 => ErrorCode::BlobStoreFull,
            23 => ErrorCode::BlobSizeExceeded,
            24 => ErrorCode::BlobIncomplete,
            25 => ErrorCode::BlobOffset,
            26 => ErrorCode::PaymentRequired,
            27 => ErrorCode::TokenRefused,
            28 => ErrorCode::TokenSpent,
            29 => ErrorCode::TokensExhausted,
            30 => ErrorCode::WorkRefused,
            other => ErrorCode::Unknown(other),
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            ErrorCode::Malformed => "malformed request",
            ErrorCode::UnsupportedVersion => "unsupported protocol version",
            ErrorCode::FrameTooLarge => "frame too large",
            ErrorCode::Unauthenticated => "authentication required",
            ErrorCode::AuthFailed => "authentication failed",
            ErrorCode::UnknownRecipient => "unknown recipient",
            ErrorCode::QuotaExceeded => "mailbox quota exceeded",
            ErrorCode::RateLimited => "rate limited",
            ErrorCode::EnvelopeTooLarge => "envelope too large",
            ErrorCode::BatchTooLarge => "batch too large",
            ErrorCode::StorageUnavailable => "relay storage unavailable",
            ErrorCode::NotRegistered => "mailbox not registered",
            ErrorCode::Internal => "internal relay error",
            ErrorCode::RosterRejected => "roster rejected",
            ErrorCode::NotPermitted => "not permitted",
            ErrorCode::InvitationUnknown => "unknown invitation",
            ErrorCode::InvitationExpired => "invitation expired",
            ErrorCode::InvitationUsed => "invitation already used",
            ErrorCode::FirstContactBusy => "too many new accounts right now",
            ErrorCode::BlobUnknown => "unknown attachment (or wrong capability)",
            ErrorCode::BlobTooLarge => "attachment larger than the relay accepts",
            ErrorCode::BlobStoreFull => "the relay's attachment store is full",
            ErrorCode::BlobSizeExceeded => "more attachment bytes than declared",
            ErrorCode::BlobIncomplete => "attachment upload not finished",
            ErrorCode::BlobOffset => "attachment offset does not match what is stored",
            ErrorCode::PaymentRequired => "a sending token is required",
            ErrorCode::TokenRefused => "sending token refused",
            ErrorCode::TokenSpent => "sending token already spent",
            ErrorCode::TokensExhausted => "no more sending tokens this period",
            ErrorCode::WorkRefused => "proof of work refused",
            ErrorCode::Unknown(code) => return write!(f, "relay error {code}"),
        };
        f.write_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in 0..=30u16 {
            assert_eq!(ErrorCode::from_u16(code).to_u16(), code);
        }
    }
}
