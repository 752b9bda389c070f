//! Plain sentences for people who are not engineers, in their language: what happened, what
//! was not lost, and what to do next. No error chains reach the user (`--verbose` adds the
//! technical detail).

use amicus_protocol::ErrorCode;

use amicus_client::{ClientError, FileProblem, ProxyProblem, RouteKind, WaitReason};
use amicus_core::mandate::MandateViolation;
use amicus_core::roster::RosterRefusal;

use crate::error::{AppError, InputError};
use crate::i18n::Catalog;
use crate::tr;

/// The sentence for any error a front end meets, in the catalogue's language.
pub fn explain(error: &AppError, cat: &Catalog) -> String {
    match error {
        AppError::Client(e) => explain_client(e, cat),
        AppError::Input(e) => explain_input(e, cat),
        AppError::DemoLeaks => cat.t("err-demo-leaks"),
        AppError::Interrupted => cat.t("err-interrupted"),
        AppError::AppNotStarted(problem) => {
            tr!(
                cat,
                "err-app-not-started",
                detail = file_problem(*problem, cat)
            )
        }
        AppError::KeptAsDraft(e) => format!("{} {}", explain_client(e, cat), cat.t("draft-kept")),
        AppError::UnlockFailed(problem) => {
            tr!(
                cat,
                "err-unlock-failed",
                detail = file_problem(*problem, cat)
            )
        }
    }
}

/// The technical detail behind an error, for `--verbose` and for whoever supports the user:
/// the error's variant names and values (codes, not sentences), which the catalogue's
/// `detail` line introduces in the user's language.
pub fn technical_detail(error: &AppError) -> String {
    format!("{error:?}")
}

/// The sentence for a form or prompt that was not valid.
pub fn explain_input(error: &InputError, cat: &Catalog) -> String {
    match error {
        InputError::BadStage => cat.t("err-bad-stage"),
        InputError::BadArticles => cat.t("err-bad-articles"),
        InputError::BadLanguage => cat.t("err-bad-language"),
        InputError::BadConfidentiality => cat.t("err-bad-confidentiality"),
        InputError::BadAttribution => cat.t("err-bad-attribution"),
        InputError::BadDate => cat.t("err-bad-date"),
        InputError::BadRosterRole => cat.t("err-bad-roster-role"),
        InputError::BadInviteRole => cat.t("err-bad-invite-role"),
        InputError::BadPin => cat.t("err-bad-pin"),
        InputError::PassphrasesDiffer => cat.t("err-passphrases-differ"),
        InputError::NoPassphrase => cat.t("err-no-passphrase"),
        InputError::CannotRead { path, problem } => {
            let detail = file_problem(*problem, cat);
            tr!(cat, "err-cannot-read", path = path, detail = detail)
        }
        InputError::Terminal(detail) => tr!(cat, "err-terminal", detail = detail),
        InputError::MissingName => cat.t("err-missing-name"),
    }
}

/// The sentence for an engine error: what happened, what was not lost, what to do next.
pub fn explain_client(error: &ClientError, cat: &Catalog) -> String {
    match error {
        ClientError::NoProfile(dir) => tr!(cat, "err-no-profile", dir = dir),
        ClientError::ProfileExists(dir) => tr!(cat, "err-profile-exists", dir = dir),
        ClientError::WrongPassphrase => cat.t("err-wrong-passphrase"),
        ClientError::WrongPassphraseLeft(left) => {
            tr!(cat, "err-wrong-passphrase-left", left = left)
        }
        ClientError::WipedAfterFailures => cat.t("err-wiped-after-failures"),
        ClientError::PassphraseTooShort(n) => tr!(cat, "err-passphrase-short", min = n),
        ClientError::Corrupt(what) => tr!(cat, "err-corrupt", what = what),
        ClientError::Storage(detail) => tr!(cat, "err-storage", detail = detail),
        ClientError::Unreachable { addr, .. } => tr!(cat, "err-unreachable", addr = addr),
        ClientError::PinMismatch => cat.t("err-pin-mismatch"),
        ClientError::Relay(code) => relay_refusal(*code, cat),
        ClientError::UnexpectedResponse | ClientError::BadResponse(_) => cat.t("err-unexpected"),
        ClientError::BadCard(_) => cat.t("err-bad-card"),
        ClientError::UnknownContact(name) => tr!(cat, "err-unknown-contact", name = name),
        ClientError::ContactExists(name) => tr!(cat, "err-contact-exists", name = name),
        ClientError::RosterNameTaken(name) => tr!(cat, "err-roster-name-taken", name = name),
        ClientError::AmbiguousName { name, choices } => tr!(
            cat,
            "err-ambiguous-name",
            name = name,
            choices = choices.join(", ")
        ),
        ClientError::IdentityChanged(name) => tr!(cat, "err-identity-changed", name = name),
        ClientError::OtherRelay(name) => tr!(cat, "err-other-relay", name = name),
        ClientError::BriefingTooLarge { len, max } => {
            tr!(cat, "err-too-large", len = len, max = max)
        }
        ClientError::NoSuchMessage(n) => tr!(cat, "err-no-message", number = n),
        ClientError::UnknownRecipient => cat.t("err-unknown-recipient"),
        ClientError::NotRegistered => cat.t("err-not-registered"),
        ClientError::Signal(_) => cat.t("err-signal"),
        ClientError::BadName => cat.t("err-bad-name"),
        ClientError::EmptyName => cat.t("err-empty-name"),
        ClientError::OwnCard => cat.t("err-own-card"),
        ClientError::NoRecipient => cat.t("err-no-recipient"),
        ClientError::TooManyRecipients(max) => tr!(cat, "err-too-many-recipients", max = max),
        ClientError::NotConfirmed => cat.t("err-not-confirmed"),
        ClientError::CentreExists => cat.t("err-centre-exists"),
        ClientError::NotCentreAdmin => cat.t("err-not-centre-admin"),
        ClientError::NoCentre => cat.t("err-no-centre"),
        ClientError::BadInvitationDays(max) => tr!(cat, "err-invitation-days", max = max),
        ClientError::BadMandateDays => cat.t("err-mandate-days"),
        ClientError::BadInvitation(_) => cat.t("err-bad-invitation"),
        ClientError::RosterRefused(why) => roster_refusal(why, cat),
        ClientError::OutsideMandate(v) => mandate_violation(*v, cat),
        ClientError::NotASubmission(n) => tr!(cat, "err-not-submission", number = n),
        ClientError::NotAPresentation(n) => tr!(cat, "err-not-presentation", number = n),
        ClientError::NotAQuestion(n) => tr!(cat, "err-not-question", number = n),
        ClientError::NotCentre(name) => tr!(cat, "err-not-centre", name = name),
        ClientError::NotAMember(name) => tr!(cat, "err-not-member", name = name),
        ClientError::NotStaff => cat.t("err-not-staff"),
        ClientError::NoMandate(n) => tr!(cat, "err-no-mandate", number = n),
        ClientError::AlreadyRevoked => cat.t("err-already-revoked"),
        ClientError::AttachmentFile { path, problem } => {
            let reason = file_problem(*problem, cat);
            tr!(cat, "err-attachment-file", path = path, reason = reason)
        }
        ClientError::FileChanged(path) => tr!(cat, "err-file-changed", path = path),
        ClientError::AttachmentDamaged(name) => tr!(cat, "err-attachment-damaged", name = name),
        ClientError::AttachmentTooLarge { len, max } => {
            tr!(cat, "err-attachment-too-large", len = len, max = max)
        }
        ClientError::AttachmentWithheld(name) => tr!(cat, "err-attachment-withheld", name = name),
        ClientError::IncompleteFile(name) => tr!(cat, "err-incomplete-file", name = name),
        ClientError::StagedMissing(_) => cat.t("err-staged-missing"),
        ClientError::NoAttachment(number, index) => {
            tr!(cat, "err-no-attachment", number = number, index = index)
        }
        ClientError::NoProxyRoute(addr) => tr!(cat, "err-no-proxy-route", addr = addr),
        ClientError::OnionNeedsProxy(addr) => tr!(cat, "err-onion-needs-proxy", addr = addr),
        ClientError::BadProxy(problem) => proxy_problem(*problem, cat),
        ClientError::ProxyUnreachable(proxy) => tr!(cat, "err-proxy-unreachable", proxy = proxy),
        ClientError::TokenKeyChanged => cat.t("err-token-key-changed"),
    }
}

/// Why a proxy setting was refused, as a sentence.
pub fn proxy_problem(problem: ProxyProblem, cat: &Catalog) -> String {
    cat.t(match problem {
        ProxyProblem::NotAnAddress => "err-proxy-not-address",
        ProxyProblem::NamedHost => "err-proxy-named-host",
        ProxyProblem::NotSocks5 => "err-proxy-not-socks5",
    })
}

/// How the relay is now reached, said when it changed (a network that began dropping the
/// direct route, a proxy set): what happened and that nothing is less protected.
pub fn route_news(kind: RouteKind, cat: &Catalog) -> String {
    cat.t(match kind {
        RouteKind::Direct => "route-direct",
        RouteKind::Https => "route-https",
        RouteKind::Proxied => "route-proxied",
        RouteKind::Onion => "route-onion",
    })
}

/// What is wrong with a file, in the user's words (never the system's English text).
pub fn file_problem(problem: FileProblem, cat: &Catalog) -> String {
    cat.t(match problem {
        FileProblem::NotFound => "file-not-found",
        FileProblem::PermissionDenied => "file-permission",
        FileProblem::NotAFile => "file-not-a-file",
        FileProblem::NoSpace => "file-no-space",
        FileProblem::NotText => "file-not-text",
        FileProblem::Other => "file-other",
    })
}

/// Why a roster was refused, as a sentence.
pub fn roster_refusal(why: &RosterRefusal, cat: &Catalog) -> String {
    match why {
        RosterRefusal::NotSignedByCentre { version } => {
            tr!(cat, "roster-not-signed", version = version)
        }
        RosterRefusal::Older { seen } => tr!(cat, "roster-older", seen = seen),
        RosterRefusal::Fork { version } => tr!(cat, "roster-fork", version = version),
        RosterRefusal::Gap { expected, found } => {
            tr!(cat, "roster-gap", expected = expected, found = found)
        }
        RosterRefusal::Malformed => cat.t("roster-malformed"),
    }
}

fn mandate_violation(v: MandateViolation, cat: &Catalog) -> String {
    cat.t(match v {
        MandateViolation::NotNamedStaff => "mandate-not-named-staff",
        MandateViolation::MemberNotAllowed => "mandate-member-not-allowed",
        MandateViolation::NotAMember => "mandate-not-a-member",
        MandateViolation::Expired => "mandate-expired",
        MandateViolation::Revoked => "mandate-revoked",
        MandateViolation::AttachmentsNotAllowed => "mandate-no-attachments",
        MandateViolation::WrongBriefing => "mandate-wrong-briefing",
    })
}

fn relay_refusal(code: ErrorCode, cat: &Catalog) -> String {
    match code {
        ErrorCode::QuotaExceeded => cat.t("relay-quota"),
        ErrorCode::RateLimited => cat.t("relay-rate"),
        ErrorCode::StorageUnavailable => cat.t("relay-storage"),
        ErrorCode::UnknownRecipient => cat.t("err-unknown-recipient"),
        ErrorCode::AuthFailed | ErrorCode::Unauthenticated => cat.t("relay-auth"),
        ErrorCode::InvitationUnknown => cat.t("relay-invitation-unknown"),
        ErrorCode::InvitationExpired => cat.t("relay-invitation-expired"),
        ErrorCode::InvitationUsed => cat.t("relay-invitation-used"),
        ErrorCode::NotPermitted => cat.t("relay-not-permitted"),
        ErrorCode::RosterRejected => cat.t("relay-roster-rejected"),
        ErrorCode::FirstContactBusy => cat.t("relay-first-contact-busy"),
        ErrorCode::BlobTooLarge => cat.t("relay-blob-too-large"),
        ErrorCode::BlobStoreFull => cat.t("relay-blob-store-full"),
        ErrorCode::BlobUnknown => cat.t("relay-blob-unknown"),
        ErrorCode::BlobSizeExceeded | ErrorCode::BlobOffset | ErrorCode::BlobIncomplete => {
            cat.t("relay-blob-transfer")
        }
        ErrorCode::TokensExhausted => cat.t("relay-tokens-exhausted"),
        ErrorCode::PaymentRequired
        | ErrorCode::TokenRefused
        | ErrorCode::TokenSpent
        | ErrorCode::WorkRefused => cat.t("relay-token-refused"),
        other => tr!(cat, "relay-other", code = other.to_u16()),
    }
}

/// A short reason for a line of the outbox listing.
pub fn wait_reason(reason: WaitReason, cat: &Catalog) -> String {
    match reason {
        WaitReason::Unreachable => cat.t("reason-unreachable"),
        WaitReason::Refused(code) => refusal_reason(code, cat),
    }
}

/// A short reason for a refusal by the relay.
pub fn refusal_reason(code: ErrorCode, cat: &Catalog) -> String {
    match code {
        ErrorCode::QuotaExceeded => cat.t("reason-quota"),
        ErrorCode::EnvelopeTooLarge => cat.t("reason-too-large"),
        ErrorCode::UnknownRecipient => cat.t("reason-unknown-recipient"),
        ErrorCode::StorageUnavailable => cat.t("reason-storage"),
        ErrorCode::RateLimited => cat.t("reason-rate"),
        ErrorCode::TokensExhausted => cat.t("reason-tokens-exhausted"),
        ErrorCode::PaymentRequired
        | ErrorCode::TokenRefused
        | ErrorCode::TokenSpent
        | ErrorCode::WorkRefused => cat.t("reason-token-refused"),
        other => tr!(cat, "reason-other", code = other.to_u16()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_error_has_a_sentence_in_every_language() {
        let errors = [
            ClientError::NoProfile("/p".into()),
            ClientError::WrongPassphrase,
            ClientError::WrongPassphraseLeft(2),
            ClientError::WipedAfterFailures,
            ClientError::PinMismatch,
            ClientError::Relay(ErrorCode::QuotaExceeded),
            ClientError::Relay(ErrorCode::Internal),
            ClientError::IdentityChanged("member".into()),
            ClientError::BriefingTooLarge { len: 10, max: 5 },
            ClientError::NoRecipient,
            ClientError::TooManyRecipients(64),
            ClientError::RosterNameTaken("Élise Dupont".into()),
            ClientError::AmbiguousName {
                name: "Élise Dupont".into(),
                choices: vec!["Élise Dupont (0a1b2c3d4e5f)".into()],
            },
            ClientError::AttachmentDamaged("video.mp4".into()),
            ClientError::FileChanged("/v.mp4".into()),
            ClientError::AttachmentFile {
                path: "/v.mp4".into(),
                problem: FileProblem::NotFound,
            },
            ClientError::AttachmentTooLarge { len: 10, max: 5 },
            ClientError::NoAttachment(3, 2),
            ClientError::AttachmentWithheld("v.mp4".into()),
            ClientError::IncompleteFile("v.mp4".into()),
            ClientError::StagedMissing("00".into()),
            ClientError::Relay(ErrorCode::BlobTooLarge),
            ClientError::Relay(ErrorCode::BlobStoreFull),
            ClientError::Relay(ErrorCode::BlobUnknown),
            ClientError::Relay(ErrorCode::BlobOffset),
            ClientError::Relay(ErrorCode::TokensExhausted),
            ClientError::Relay(ErrorCode::TokenSpent),
            ClientError::TokenKeyChanged,
        ];
        let inputs = [
            InputError::BadStage,
            InputError::BadArticles,
            InputError::BadLanguage,
            InputError::BadConfidentiality,
            InputError::BadAttribution,
            InputError::BadDate,
            InputError::BadRosterRole,
            InputError::BadInviteRole,
            InputError::BadPin,
            InputError::PassphrasesDiffer,
            InputError::NoPassphrase,
            InputError::CannotRead {
                path: "/b.txt".into(),
                problem: FileProblem::PermissionDenied,
            },
            InputError::Terminal("closed".into()),
            InputError::MissingName,
        ];
        for lang in Lang::ALL {
            let cat = Catalog::new(lang);
            for error in [
                AppError::Interrupted,
                AppError::DemoLeaks,
                AppError::UnlockFailed(FileProblem::PermissionDenied),
            ] {
                let text = explain(&error, &cat);
                assert!(text.len() > 10 && !text.starts_with('['), "{text}");
            }
            for error in &inputs {
                let text = explain(&AppError::Input(error.clone()), &cat);
                assert!(
                    text.len() > 10 && !text.starts_with('['),
                    "{lang:?}: {text}"
                );
            }
            for error in &errors {
                let text = explain_client(error, &cat);
                assert!(
                    text.len() > 10 && !text.starts_with('['),
                    "{lang:?}: {text}"
                );
            }
        }
    }
}
