//! The engine's error type. Each variant is data a person can act on; `amicus-app` turns
//! them into plain sentences in the user's language (`amicus_app::explain_client`).
//!
//! Not `#[non_exhaustive]` on purpose: the application layer matches every variant, so a
//! new one cannot ship without a sentence in each catalogue.

use amicus_protocol::{DecodeError, ErrorCode};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ClientError {
    #[error("no profile at {0}")]
    NoProfile(String),
    #[error("a profile already exists at {0}")]
    ProfileExists(String),
    #[error("wrong passphrase, or the profile key file is damaged")]
    WrongPassphrase,
    #[error("the passphrase is too short (at least {0} characters)")]
    PassphraseTooShort(usize),
    #[error("the local store is damaged: {0}")]
    Corrupt(String),
    #[error("local storage error: {0}")]
    Storage(String),
    #[error("cannot reach the relay at {addr}: {reason}")]
    Unreachable { addr: String, reason: String },
    #[error("the relay's key does not match the pin; refusing to connect")]
    PinMismatch,
    #[error("the relay refused the request: {0}")]
    Relay(ErrorCode),
    #[error("the relay sent a response that does not make sense here")]
    UnexpectedResponse,
    #[error("the relay sent a malformed response: {0}")]
    BadResponse(DecodeError),
    #[error("not a valid contact card: {0}")]
    BadCard(DecodeError),
    #[error("no contact named {0:?}")]
    UnknownContact(String),
    #[error("a contact named {0:?} already exists")]
    ContactExists(String),
    #[error("{0:?} is already on the roster under another key")]
    RosterNameTaken(String),
    #[error("{name:?} names several people: {choices:?}")]
    AmbiguousName { name: String, choices: Vec<String> },
    #[error("the safety number of {0:?} changed; verify it before sending anything")]
    IdentityChanged(String),
    #[error("{0:?} uses a different relay; this version sends through your own relay only")]
    OtherRelay(String),
    #[error("the briefing is {len} bytes; the limit is {max}")]
    BriefingTooLarge { len: usize, max: usize },
    #[error("no message number {0}")]
    NoSuchMessage(u64),
    #[error("the recipient's mailbox is not known to the relay")]
    UnknownRecipient,
    #[error("the profile has not been registered with the relay yet")]
    NotRegistered,
    #[error("encryption error: {0}")]
    Signal(String),
    #[error("the name must be 1 to 128 bytes")]
    BadName,
    #[error("the contact needs a name")]
    EmptyName,
    #[error("that is your own contact card")]
    OwnCard,
    #[error("no recipient given")]
    NoRecipient,
    #[error("a briefing goes to at most {0} people at once")]
    TooManyRecipients(usize),
    #[error("wrong passphrase; {0} attempt(s) left before the profile is wiped")]
    WrongPassphraseLeft(u32),
    #[error("too many wrong passphrases: the profile was wiped")]
    WipedAfterFailures,
    #[error("not confirmed")]
    NotConfirmed,
    #[error("this profile already holds or follows a Centre root key")]
    CentreExists,
    #[error("only the Centre's administrator profile can sign the roster")]
    NotCentreAdmin,
    #[error("this profile has not pinned a Centre root key (enrol with an invitation)")]
    NoCentre,
    #[error("an invitation is valid for 1 to {0} days")]
    BadInvitationDays(u64),
    #[error("a mandate must be valid for at least one day")]
    BadMandateDays,
    #[error("not a valid invitation code: {0}")]
    BadInvitation(DecodeError),
    #[error("roster refused: {0}")]
    RosterRefused(amicus_core::roster::RosterRefusal),
    #[error("outside the mandate: {0:?}")]
    OutsideMandate(amicus_core::mandate::MandateViolation),
    #[error("message {0} is not a briefing submitted with a mandate")]
    NotASubmission(u64),
    #[error("message {0} is not a presented briefing")]
    NotAPresentation(u64),
    #[error("message {0} is not a question")]
    NotAQuestion(u64),
    #[error("{0:?} is not Centre staff on the roster")]
    NotCentre(String),
    #[error("{0:?} is not a Committee member on the roster")]
    NotAMember(String),
    #[error("only Centre staff on the roster can present briefings")]
    NotStaff,
    #[error("sent briefing {0} has no mandate")]
    NoMandate(u64),
    #[error("the mandate is already revoked")]
    AlreadyRevoked,
    #[error("cannot use the file {path}: {problem}")]
    AttachmentFile { path: String, problem: FileProblem },
    #[error("the file {0} changed since its upload began; send it again as a new file")]
    FileChanged(String),
    #[error("the attachment {0} was damaged or altered on the way and cannot be opened")]
    AttachmentDamaged(String),
    #[error("the file is {len} bytes; attachments may be at most {max}")]
    AttachmentTooLarge { len: u64, max: u64 },
    #[error("the attachment {0} was not presented with this briefing")]
    AttachmentWithheld(String),
    #[error("message {0} has no attachment number {1}")]
    NoAttachment(u64, usize),
    #[error("the file {0} did not arrive whole")]
    IncompleteFile(String),
    #[error("no attachment {0} is kept in this profile")]
    StagedMissing(String),
    #[error("a proxy is set and the relay address {0} has no https:// route to reach it by")]
    NoProxyRoute(String),
    #[error("the relay showed another sending-token key for a period it had already keyed")]
    TokenKeyChanged,
    #[error("the relay address {0} has only an onion route: set a Tor proxy to reach it")]
    OnionNeedsProxy(String),
    #[error("the proxy setting is not usable: {0}")]
    BadProxy(crate::net::proxy::ProxyProblem),
    #[error("nothing answers at the proxy's address {0}")]
    ProxyUnreachable(String),
}

impl ClientError {
    /// Whether the relay could not be reached for now (the network, the relay, or the
    /// proxy did not answer): nothing reached the relay, and trying again later may work by
    /// itself. A route the settings cannot use (`NoProxyRoute`, `OnionNeedsProxy`) is not
    /// this: it needs the user.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            ClientError::Unreachable { .. } | ClientError::ProxyUnreachable(_)
        )
    }
}

/// What went wrong with a file: data, which the application layer puts into the user's
/// words (the operating system's own text is English only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FileProblem {
    /// There is no such file or folder.
    #[error("not found")]
    NotFound,
    /// The system does not allow this program to read or write it.
    #[error("permission denied")]
    PermissionDenied,
    /// It is a folder or a device, not an ordinary file.
    #[error("not a regular file")]
    NotAFile,
    /// The disk (or the user's quota) is full.
    #[error("no space left")]
    NoSpace,
    /// Its text is not valid UTF-8.
    #[error("not readable text")]
    NotText,
    /// Anything else the system reported.
    #[error("input/output error")]
    Other,
}

impl From<&std::io::Error> for FileProblem {
    fn from(e: &std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => FileProblem::NotFound,
            K::PermissionDenied | K::ReadOnlyFilesystem => FileProblem::PermissionDenied,
            K::IsADirectory | K::NotADirectory => FileProblem::NotAFile,
            K::StorageFull | K::QuotaExceeded | K::FileTooLarge => FileProblem::NoSpace,
            K::InvalidData => FileProblem::NotText,
            _ => FileProblem::Other,
        }
    }
}

impl From<std::io::Error> for FileProblem {
    fn from(e: std::io::Error) -> Self {
        FileProblem::from(&e)
    }
}

impl From<amicus_io::AppendError> for FileProblem {
    fn from(e: amicus_io::AppendError) -> Self {
        match e {
            amicus_io::AppendError::Io(e) => FileProblem::from(&e),
            amicus_io::AppendError::Superseded => FileProblem::Other,
        }
    }
}

impl From<tokio::task::JoinError> for FileProblem {
    fn from(_: tokio::task::JoinError) -> Self {
        FileProblem::Other
    }
}

/// A file error about `path`.
pub(crate) fn file_error(path: &std::path::Path, problem: impl Into<FileProblem>) -> ClientError {
    ClientError::AttachmentFile {
        path: path.display().to_string(),
        problem: problem.into(),
    }
}

impl From<sled::Error> for ClientError {
    fn from(e: sled::Error) -> Self {
        ClientError::Storage(e.to_string())
    }
}

impl From<libsignal_protocol::SignalProtocolError> for ClientError {
    fn from(e: libsignal_protocol::SignalProtocolError) -> Self {
        ClientError::Signal(e.to_string())
    }
}

impl From<amicus_core::mandate::MandateViolation> for ClientError {
    fn from(v: amicus_core::mandate::MandateViolation) -> Self {
        ClientError::OutsideMandate(v)
    }
}

pub type Result<T, E = ClientError> = std::result::Result<T, E>;
