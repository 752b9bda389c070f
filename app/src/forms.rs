//! Forms: what a person typed, as text, turned into validated values, or a typed
//! [`InputError`] that says which field is wrong. Every front end fills the same forms (the
//! CLI from its flags, the web app from its fields), so the rules are written once.

use amicus_client::MandateOptions;
use amicus_core::briefing::{Briefing, Confidentiality, ReviewStage};
use amicus_core::draft::DraftMandate;
use amicus_core::mandate::Attribution;
use amicus_protocol::{InvitedRole, RelayPin, Role};

use crate::error::InputError;

/// What the Committee files a briefing under; every field optional, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BriefingForm {
    /// The State party under review.
    pub state: Option<String>,
    /// The Committee session, e.g. "CCPR 145".
    pub session: Option<String>,
    /// The review stage code.
    pub stage: Option<String>,
    /// ICCPR articles, e.g. "9, 14".
    pub articles: Option<String>,
    /// The briefing's language: `en`, `fr` or `es`.
    pub language: Option<String>,
    /// The confidentiality level code.
    pub confidentiality: Option<String>,
}

impl BriefingForm {
    /// The briefing with this title and text, or the first field that is not valid.
    pub fn validate(&self, title: String, body: String) -> Result<Briefing, InputError> {
        Ok(Briefing {
            title,
            body,
            state_party: self.state.clone().unwrap_or_default(),
            session: self.session.clone().unwrap_or_default(),
            stage: match &self.stage {
                None => ReviewStage::Unspecified,
                Some(s) => ReviewStage::from_code(s).ok_or(InputError::BadStage)?,
            },
            articles: match &self.articles {
                None => Vec::new(),
                Some(a) => Briefing::parse_articles(a).ok_or(InputError::BadArticles)?,
            },
            language: match self.language.as_deref().map(str::trim) {
                None | Some("") => String::new(),
                Some(l @ ("en" | "fr" | "es")) => l.to_string(),
                Some(_) => return Err(InputError::BadLanguage),
            },
            confidentiality: match &self.confidentiality {
                None => Confidentiality::Confidential,
                Some(c) => Confidentiality::from_code(c).ok_or(InputError::BadConfidentiality)?,
            },
            ..Default::default()
        })
    }
}

/// A presentation mandate given with a briefing sent to the Centre, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateForm {
    /// `anonymous` (the default), `pseudonym:NAME`, `organisation:NAME` or `named:NAME`.
    pub attribution: Option<String>,
    /// Whether the Centre may share the briefing's attachments with the member.
    pub allow_attachments: bool,
    /// How many days the mandate lasts (at least one; the engine refuses zero).
    pub days: u64,
}

impl MandateForm {
    /// The mandate's options from `now_ms` on. Who may present it, and to whom, are names
    /// the caller adds (the engine resolves them against the roster).
    pub fn options(&self, now_ms: u64) -> Result<MandateOptions<'static>, InputError> {
        let attribution = match &self.attribution {
            None => Attribution::Anonymous,
            Some(a) => Attribution::parse(a).ok_or(InputError::BadAttribution)?,
        };
        Ok(MandateOptions {
            staff: &[],
            members: &[],
            session: String::new(),
            attribution,
            allow_attachments: self.allow_attachments,
            expires_at: now_ms.saturating_add(self.days.saturating_mul(86_400_000)),
        })
    }
}

impl MandateForm {
    /// The mandate as a draft keeps it: `staff` may present it (none named: any Centre
    /// staff), to `members` (none named: any member on the roster), from `now_ms` on.
    pub fn draft(
        &self,
        staff: Vec<String>,
        members: Vec<String>,
        now_ms: u64,
    ) -> crate::Result<DraftMandate> {
        if self.days == 0 {
            return Err(amicus_client::ClientError::BadMandateDays.into());
        }
        let options = self.options(now_ms)?;
        Ok(DraftMandate {
            staff,
            members,
            session: options.session,
            attribution: options.attribution,
            allow_attachments: options.allow_attachments,
            expires_at: options.expires_at,
        })
    }
}

/// "2027-12-31" to milliseconds since the epoch: the end of that day, UTC.
pub fn parse_date(text: &str) -> Result<u64, InputError> {
    date_end_ms(text).ok_or(InputError::BadDate)
}

fn date_end_ms(text: &str) -> Option<u64> {
    let mut parts = text.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=9999).contains(&y) {
        return None;
    }
    // Days-from-civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from((days + 1) * 86_400_000 - 1).ok()
}

/// `member` or `staff`: the roles the administrator adds to the roster by hand.
pub fn parse_roster_role(text: &str) -> Result<Role, InputError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "member" => Ok(Role::Member),
        "staff" => Ok(Role::Staff),
        _ => Err(InputError::BadRosterRole),
    }
}

/// `defender`, `member` or `staff`: whom an invitation is for.
pub fn parse_invite_role(text: &str) -> Result<InvitedRole, InputError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "defender" => Ok(InvitedRole::Defender),
        "member" => Ok(InvitedRole::Member),
        "staff" => Ok(InvitedRole::Staff),
        _ => Err(InputError::BadInviteRole),
    }
}

/// A relay pin as the relay printed it: 64 hexadecimal digits.
pub fn parse_pin(text: &str) -> Result<RelayPin, InputError> {
    RelayPin::from_hex(text.trim()).map_err(|_| InputError::BadPin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::format_time;

    #[test]
    fn dates_parse_to_the_end_of_the_day() {
        assert_eq!(parse_date("1970-01-01"), Ok(86_400_000 - 1));
        assert_eq!(
            format_time(parse_date("2027-12-31").unwrap()),
            "2027-12-31 23:59 UTC"
        );
        assert_eq!(parse_date("2027-13-01"), Err(InputError::BadDate));
        assert_eq!(parse_date("soon"), Err(InputError::BadDate));
    }

    #[test]
    fn briefing_form_names_the_bad_field() {
        let good = BriefingForm {
            state: Some("Freedonia".into()),
            stage: Some("loipr".into()),
            articles: Some("9, 14".into()),
            language: Some("fr".into()),
            ..Default::default()
        };
        let b = good.validate("T".into(), "B".into()).unwrap();
        assert_eq!((b.articles, b.language.as_str()), (vec![9, 14], "fr"));
        let bad = |f: fn(&mut BriefingForm)| {
            let mut form = good.clone();
            f(&mut form);
            form.validate("T".into(), "B".into()).unwrap_err()
        };
        assert_eq!(bad(|f| f.stage = Some("soon".into())), InputError::BadStage);
        assert_eq!(
            bad(|f| f.articles = Some("x".into())),
            InputError::BadArticles
        );
        assert_eq!(
            bad(|f| f.language = Some("de".into())),
            InputError::BadLanguage
        );
        assert_eq!(
            bad(|f| f.confidentiality = Some("?".into())),
            InputError::BadConfidentiality
        );
    }

    #[test]
    fn mandate_form_roles_and_pins() {
        let form = MandateForm {
            attribution: Some("pseudonym:Witness K".into()),
            allow_attachments: true,
            days: 2,
        };
        let options = form.options(1_000).unwrap();
        assert_eq!(options.expires_at, 1_000 + 2 * 86_400_000);
        assert_eq!(
            options.attribution,
            Attribution::Pseudonym("Witness K".into())
        );
        let bad = MandateForm {
            attribution: Some("whoever".into()),
            ..form
        };
        assert_eq!(bad.options(0).err(), Some(InputError::BadAttribution));
        assert_eq!(parse_roster_role(" Staff "), Ok(Role::Staff));
        assert_eq!(parse_roster_role("intake"), Err(InputError::BadRosterRole));
        assert_eq!(parse_invite_role("defender"), Ok(InvitedRole::Defender));
        assert_eq!(parse_invite_role("x"), Err(InputError::BadInviteRole));
        assert_eq!(parse_pin("abc"), Err(InputError::BadPin));
        assert!(parse_pin(&"ab".repeat(32)).is_ok());
    }
}
