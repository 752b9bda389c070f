//! Briefings being written in a front end that can lose its state (a browser tab closed, a
//! page reloaded, a phone app killed): saved as the person types, encrypted in the profile,
//! and never sent by a sync (unlike drafts, which wait to be sent). The person continues
//! one later or discards it; sending it makes it a draft.

use amicus_core::draft::{Draft, DraftMandate};

use crate::briefing::Briefing;
use crate::error::Result;
use crate::profile::Profile;
use crate::store::{Changes, LocalStore, Ns};

impl Profile {
    fn writing_key(number: u64) -> Vec<u8> {
        LocalStore::key(Ns::Writing, &number.to_be_bytes())
    }

    /// Saves what is being written, as it stands: a new one if `number` is `None` (its
    /// number is returned), else over the earlier save (unless that one was sent or
    /// discarded since). Nothing is checked but its size: an unfinished briefing may name
    /// no one yet.
    pub fn save_writing(
        &mut self,
        number: Option<u64>,
        recipients: &[String],
        briefing: Briefing,
        staged: &[String],
        mandate: Option<DraftMandate>,
    ) -> Result<u64> {
        crate::flows::drafts::check_fits(&briefing)?;
        let number = match number {
            Some(n) if self.store.get(&Self::writing_key(n))?.is_some() => n,
            // Sent or discarded meanwhile (a save that crossed the send): not brought back.
            Some(n) => return Ok(n),
            None => self.store.next_seq()?,
        };
        let writing = Draft {
            number,
            recipients: recipients.to_vec(),
            briefing,
            files: Vec::new(),
            mandate,
            created_at: self.now_ms(),
            staged: staged.to_vec(),
        };
        let mut changes = Changes::default();
        changes.put(Self::writing_key(number), writing.encode());
        self.store.commit(changes)?;
        Ok(number)
    }

    /// Everything saved while being written, oldest first.
    pub fn writings(&self) -> Result<Vec<Draft>> {
        self.draft_records(Ns::Writing, "writing")
    }

    /// Forgets a saved writing (sent as a draft, or discarded by the person). Its staged
    /// attachments stay if a draft names them; otherwise they go too.
    pub fn discard_writing(&mut self, number: u64, keep_staged: bool) -> Result<()> {
        let Some(raw) = self.store.get(&Self::writing_key(number))? else {
            return Ok(());
        };
        let mut changes = Changes::default();
        changes.remove(Self::writing_key(number));
        self.store.commit(changes)?;
        if !keep_staged && let Ok(writing) = Draft::decode(&raw) {
            self.drop_staged(&writing.staged)?;
        }
        Ok(())
    }
}
