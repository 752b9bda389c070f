//! A briefing as a person wrote it, kept in the profile before anything slow or fallible
//! happens (uploading attachments, fetching prekeys, sealing): an interruption, a full relay
//! or a dropped network then loses nothing, and the next sync finishes the send.

use amicus_protocol::DecodeError;
use amicus_protocol::codec::{Reader, Writer};
use amicus_protocol::limits::MAX_NAME_LEN;

use crate::attachment::MAX_ATTACHMENTS;
use crate::briefing::Briefing;
use crate::mandate::Attribution;
use crate::records::{RECORD_VERSION, read_version};

/// Most recipients of one briefing (contacts named by the sender).
pub const MAX_DRAFT_RECIPIENTS: usize = 64;
/// Longest path of a file to attach.
const MAX_PATH_LEN: usize = 4096;

/// A presentation mandate as the defender chose it, by name (resolved against the roster
/// when the briefing is sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftMandate {
    /// Staff who may present it; empty: any Centre staff.
    pub staff: Vec<String>,
    /// Members it may be presented to; empty: any member on the roster.
    pub members: Vec<String>,
    /// The session it is for.
    pub session: String,
    /// How the member is told who it comes from.
    pub attribution: Attribution,
    /// Whether the Centre may share the attachments.
    pub allow_attachments: bool,
    /// When the mandate ends, ms since the epoch.
    pub expires_at: u64,
}

/// A briefing waiting to be sent, with what it still needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Its number in this profile.
    pub number: u64,
    /// The contacts it goes to, by name.
    pub recipients: Vec<String>,
    /// The briefing; its attachments are added when the files are uploaded.
    pub briefing: Briefing,
    /// Files to upload and attach, as the person named them.
    pub files: Vec<String>,
    /// A mandate for the Centre to present it, if given.
    pub mandate: Option<DraftMandate>,
    /// When it was written, ms since the epoch.
    pub created_at: u64,
    /// Attachments handed over as bytes and sealed into the profile, by id (see the
    /// client's `staged`). Written after `created_at`; a record that ends before it (as every
    /// draft written before this field existed) has none.
    pub staged: Vec<String>,
}

fn write_names(w: &mut Writer, names: &[String]) {
    w.count(names.len());
    for n in names {
        w.str(n);
    }
}

fn read_names(
    r: &mut Reader<'_>,
    field: &'static str,
    max_len: usize,
) -> Result<Vec<String>, DecodeError> {
    let n = r.count(field, MAX_DRAFT_RECIPIENTS.max(MAX_ATTACHMENTS), 1)?;
    (0..n).map(|_| r.string(field, max_len)).collect()
}

impl Draft {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        w.u64(self.number);
        write_names(&mut w, &self.recipients);
        self.briefing.encode(&mut w);
        write_names(&mut w, &self.files);
        w.bool(self.mandate.is_some());
        if let Some(m) = &self.mandate {
            write_names(&mut w, &m.staff);
            write_names(&mut w, &m.members);
            w.str(&m.session);
            m.attribution.encode(&mut w);
            w.bool(m.allow_attachments);
            w.u64(m.expires_at);
        }
        w.u64(self.created_at);
        if !self.staged.is_empty() {
            write_names(&mut w, &self.staged);
        }
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        read_version(&mut r)?;
        let number = r.u64()?;
        let recipients = read_names(&mut r, "recipients", MAX_NAME_LEN)?;
        let briefing = Briefing::decode(&mut r)?;
        let files = read_names(&mut r, "files", MAX_PATH_LEN)?;
        let mandate = if r.bool("has_mandate")? {
            Some(DraftMandate {
                staff: read_names(&mut r, "staff", MAX_NAME_LEN)?,
                members: read_names(&mut r, "members", MAX_NAME_LEN)?,
                session: r.string("session", 256)?,
                attribution: Attribution::decode(&mut r)?,
                allow_attachments: r.bool("allow_attachments")?,
                expires_at: r.u64()?,
            })
        } else {
            None
        };
        let created_at = r.u64()?;
        let staged = if r.remaining() > 0 {
            read_names(&mut r, "staged", 32)?
        } else {
            Vec::new()
        };
        r.finish()?;
        Ok(Draft {
            number,
            recipients,
            briefing,
            files,
            mandate,
            created_at,
            staged,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip_and_decode_is_total() {
        let draft = Draft {
            number: 7,
            recipients: vec!["Staff S".into()],
            briefing: Briefing {
                title: "Reprisals".into(),
                body: "Typed, not yet sent.".into(),
                ..Default::default()
            },
            files: vec!["/home/d/hearing.mp4".into()],
            mandate: Some(DraftMandate {
                staff: vec![],
                members: vec!["Member A".into()],
                session: "CCPR 145".into(),
                attribution: Attribution::Pseudonym("Witness K".into()),
                allow_attachments: true,
                expires_at: 9,
            }),
            created_at: 5,
            staged: vec![],
        };
        let raw = draft.encode();
        assert_eq!(Draft::decode(&raw), Ok(draft.clone()));
        for cut in 0..raw.len() {
            assert!(Draft::decode(&raw[..cut]).is_err());
        }
        // With attachments staged in the profile: they follow, and the record without them
        // (the layout written before they existed) still reads, with none.
        let staged = Draft {
            staged: vec!["ab".repeat(16), "cd".repeat(16)],
            ..draft
        };
        let longer = staged.encode();
        assert_eq!(&longer[..raw.len()], &raw[..]);
        assert_eq!(Draft::decode(&longer), Ok(staged));
        for cut in raw.len() + 1..longer.len() {
            assert!(Draft::decode(&longer[..cut]).is_err());
        }
    }
}
