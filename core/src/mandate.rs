//! Presentation mandates: a defender's signed, scoped, revocable consent for the Centre to
//! present one briefing on their behalf.
//!
//! The defender signs the terms with their libsignal identity key; the Centre checks the
//! signature against the key the sealed envelope came from, so nobody else can hand the
//! Centre a mandate in the defender's name. Members see the terms (never the signature or the
//! key, which would identify the defender) and trust the Centre's presentation because the
//! presenter is staff on the Centre-signed roster.

use amicus_protocol::codec::{Reader, Writer};
use amicus_protocol::limits::{MAX_KEY_LEN, MAX_NAME_LEN, MAX_ROSTER_ENTRIES, MAX_SIGNATURE_LEN};
use amicus_protocol::{DecodeError, MailboxId};
use libsignal_protocol::{IdentityKey, IdentityKeyPair, SignalProtocolError};

const MANDATE_LABEL: &[u8] = b"amicus/mandate/v1";
const MAX_SESSION_LEN: usize = 256;

/// How the member is told who the briefing comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attribution {
    /// Nobody is named.
    Anonymous,
    /// A name the defender chose.
    Pseudonym(String),
    /// The defender's organisation.
    Organisation(String),
    /// The defender chose to be named.
    Named(String),
}

impl Attribution {
    /// Writes the attribution: kind and text.
    pub fn encode(&self, w: &mut Writer) {
        let (tag, text) = match self {
            Attribution::Anonymous => (0, ""),
            Attribution::Pseudonym(t) => (1, t.as_str()),
            Attribution::Organisation(t) => (2, t.as_str()),
            Attribution::Named(t) => (3, t.as_str()),
        };
        w.u8(tag);
        w.str(text);
    }

    /// Reads an attribution; total.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let tag = r.u8()?;
        let text = r.string("attribution", MAX_NAME_LEN)?;
        Ok(match tag {
            0 => Attribution::Anonymous,
            1 => Attribution::Pseudonym(text),
            2 => Attribution::Organisation(text),
            3 => Attribution::Named(text),
            _ => {
                return Err(DecodeError::InvalidValue {
                    field: "attribution",
                });
            }
        })
    }

    /// Parses `anonymous`, `pseudonym:NAME`, `organisation:NAME` or `named:NAME`.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
        let rest = rest.trim().to_string();
        let named = |r: String| (!r.is_empty() && r.len() <= MAX_NAME_LEN).then_some(r);
        match kind.trim().to_ascii_lowercase().as_str() {
            "anonymous" => Some(Attribution::Anonymous),
            "pseudonym" => named(rest).map(Attribution::Pseudonym),
            "organisation" | "organization" => named(rest).map(Attribution::Organisation),
            "named" => named(rest).map(Attribution::Named),
            _ => None,
        }
    }
}

/// What the defender consents to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateTerms {
    /// Random id; revocations and receipts name it.
    pub mandate_id: [u8; 16],
    /// [`crate::briefing::Briefing::hash`] of the one briefing this mandate covers.
    pub briefing_hash: [u8; 32],
    /// Staff who may present it; empty: any Centre staff on the roster.
    pub staff: Vec<MailboxId>,
    /// Members it may be presented to; empty: any Committee member on the roster.
    pub members: Vec<MailboxId>,
    /// The session it is for (shown to members), may be empty.
    pub session: String,
    /// How the member is told who the briefing comes from.
    pub attribution: Attribution,
    /// Whether the Centre may share the briefing's attachments.
    pub allow_attachments: bool,
    /// Milliseconds since the epoch.
    pub expires_at: u64,
}

impl MandateTerms {
    /// Writes the terms' fields.
    pub fn encode(&self, w: &mut Writer) {
        w.fixed(&self.mandate_id);
        w.fixed(&self.briefing_hash);
        for list in [&self.staff, &self.members] {
            w.count(list.len());
            for m in list {
                w.fixed(&m.0);
            }
        }
        w.str(&self.session);
        self.attribution.encode(w);
        w.bool(self.allow_attachments);
        w.u64(self.expires_at);
    }

    /// Reads terms; total.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let mandate_id = r.fixed()?;
        let briefing_hash = r.fixed()?;
        let mut lists = [Vec::new(), Vec::new()];
        for list in &mut lists {
            let n = r.count("mailboxes", MAX_ROSTER_ENTRIES, 32)?;
            for _ in 0..n {
                list.push(MailboxId(r.fixed()?));
            }
        }
        let [staff, members] = lists;
        Ok(MandateTerms {
            mandate_id,
            briefing_hash,
            staff,
            members,
            session: r.string("session", MAX_SESSION_LEN)?,
            attribution: Attribution::decode(r)?,
            allow_attachments: r.bool("allow_attachments")?,
            expires_at: r.u64()?,
        })
    }

    fn signed_message(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.fixed(MANDATE_LABEL);
        self.encode(&mut w);
        w.into_bytes()
    }
}

/// The terms with the defender's identity key and signature: what the Centre receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedMandate {
    /// What the defender consents to.
    pub terms: MandateTerms,
    /// The defender's identity key, serialized (kept by the Centre, never sent on).
    pub identity_key: Vec<u8>,
    /// The identity key's XEdDSA signature over the terms.
    pub signature: Vec<u8>,
}

impl SignedMandate {
    /// Signs `terms` with the defender's identity key.
    pub fn sign(
        terms: MandateTerms,
        identity: &IdentityKeyPair,
    ) -> Result<Self, SignalProtocolError> {
        let signature = identity
            .private_key()
            .calculate_signature(&terms.signed_message(), &mut rand::rng())?
            .to_vec();
        Ok(SignedMandate {
            terms,
            identity_key: identity.identity_key().serialize().to_vec(),
            signature,
        })
    }

    /// True if the signature is valid and made by `sender`, the key the envelope came from.
    pub fn verify(&self, sender: &[u8]) -> bool {
        self.identity_key == sender
            && IdentityKey::decode(&self.identity_key).is_ok_and(|key| {
                key.public_key()
                    .verify_signature(&self.terms.signed_message(), &self.signature)
            })
    }

    /// Writes the signed mandate's fields.
    pub fn encode(&self, w: &mut Writer) {
        self.terms.encode(w);
        w.bytes(&self.identity_key);
        w.bytes(&self.signature);
    }

    /// Reads a signed mandate; total.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(SignedMandate {
            terms: MandateTerms::decode(r)?,
            identity_key: r.bytes_vec("identity_key", MAX_KEY_LEN)?,
            signature: r.bytes_vec("signature", MAX_SIGNATURE_LEN)?,
        })
    }
}

/// Why a presentation falls outside its mandate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MandateViolation {
    /// This staff member is not among those the defender named.
    NotNamedStaff,
    /// The member is not among those the defender named.
    MemberNotAllowed,
    /// The recipient is not a Committee member on the roster.
    NotAMember,
    /// The mandate's term is over.
    Expired,
    /// The defender revoked it.
    Revoked,
    /// The defender did not allow attachments to be shared.
    AttachmentsNotAllowed,
    /// The briefing does not match the hash in the mandate.
    WrongBriefing,
}

/// What a presentation would do, checked against the mandate.
#[derive(Clone, Copy)]
pub struct PresentationRequest<'a> {
    /// The staff member who would present.
    pub presenter: &'a MailboxId,
    /// The member it would be presented to.
    pub member: &'a MailboxId,
    /// Whether that member is a Committee member on the current roster.
    pub member_on_roster: bool,
    /// Whether the attachments would be shared.
    pub with_attachments: bool,
    /// The time, ms since the epoch (passed in, never read from a clock here).
    pub now: u64,
    /// Whether the defender revoked the mandate.
    pub revoked: bool,
}

impl MandateTerms {
    /// Allows the presentation, or says which term it breaks.
    pub fn check(&self, request: &PresentationRequest<'_>) -> Result<(), MandateViolation> {
        if request.revoked {
            return Err(MandateViolation::Revoked);
        }
        if request.now >= self.expires_at {
            return Err(MandateViolation::Expired);
        }
        if !self.staff.is_empty() && !self.staff.contains(request.presenter) {
            return Err(MandateViolation::NotNamedStaff);
        }
        if !request.member_on_roster {
            return Err(MandateViolation::NotAMember);
        }
        if !self.members.is_empty() && !self.members.contains(request.member) {
            return Err(MandateViolation::MemberNotAllowed);
        }
        if request.with_attachments && !self.allow_attachments {
            return Err(MandateViolation::AttachmentsNotAllowed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> MandateTerms {
        MandateTerms {
            mandate_id: [1; 16],
            briefing_hash: [2; 32],
            staff: vec![MailboxId([3; 32])],
            members: vec![MailboxId([4; 32])],
            session: "CCPR 142".into(),
            attribution: Attribution::Pseudonym("Witness K".into()),
            allow_attachments: false,
            expires_at: 1000,
        }
    }

    #[test]
    fn signature_binds_terms_and_sender() {
        let me = IdentityKeyPair::generate(&mut rand::rng());
        let other = IdentityKeyPair::generate(&mut rand::rng());
        let signed = SignedMandate::sign(terms(), &me).unwrap();
        let mine = me.identity_key().serialize();
        assert!(signed.verify(&mine));
        assert!(!signed.verify(&other.identity_key().serialize()));
        let mut tampered = signed.clone();
        tampered.terms.members.push(MailboxId([9; 32]));
        assert!(!tampered.verify(&mine));
        let mut w = Writer::new();
        signed.encode(&mut w);
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes);
        assert_eq!(SignedMandate::decode(&mut r).unwrap(), signed);
    }

    #[test]
    fn every_violation_is_named() {
        let t = terms();
        let (staff, member, stranger) =
            (MailboxId([3; 32]), MailboxId([4; 32]), MailboxId([5; 32]));
        let ok = PresentationRequest {
            presenter: &staff,
            member: &member,
            member_on_roster: true,
            with_attachments: false,
            now: 10,
            revoked: false,
        };
        assert_eq!(t.check(&ok), Ok(()));
        let cases = [
            (
                PresentationRequest {
                    revoked: true,
                    ..ok
                },
                MandateViolation::Revoked,
            ),
            (
                PresentationRequest { now: 1000, ..ok },
                MandateViolation::Expired,
            ),
            (
                PresentationRequest {
                    presenter: &stranger,
                    ..ok
                },
                MandateViolation::NotNamedStaff,
            ),
            (
                PresentationRequest {
                    member: &stranger,
                    ..ok
                },
                MandateViolation::MemberNotAllowed,
            ),
            (
                PresentationRequest {
                    member_on_roster: false,
                    ..ok
                },
                MandateViolation::NotAMember,
            ),
            (
                PresentationRequest {
                    with_attachments: true,
                    ..ok
                },
                MandateViolation::AttachmentsNotAllowed,
            ),
        ];
        for (request, violation) in cases {
            assert_eq!(t.check(&request), Err(violation));
        }
    }

    #[test]
    fn attributions_parse() {
        assert_eq!(
            Attribution::parse("anonymous"),
            Some(Attribution::Anonymous)
        );
        assert_eq!(
            Attribution::parse("organisation: Coalition X"),
            Some(Attribution::Organisation("Coalition X".into()))
        );
        assert_eq!(Attribution::parse("pseudonym:"), None);
        assert_eq!(Attribution::parse("someone"), None);
    }
}
