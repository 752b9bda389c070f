# Amicus command-line messages, English.
# Every key here must exist in fr.ftl and es.ftl (a test checks it).

## Errors: what happened, what was not lost, what to do next.
err-no-profile = There is no Amicus profile in { $dir }. Create one with `amicus init`, or point to yours with --profile.
err-profile-exists = A profile already exists in { $dir }. Nothing was changed. Use it, or choose another directory with --profile.
err-wrong-passphrase = The passphrase is not right. Nothing was changed; try again (check the keyboard layout and Caps Lock).
err-wrong-passphrase-left = The passphrase is not right. Nothing was changed. { $left ->
        [one] After { $left } more wrong attempt this profile will be wiped.
       *[other] After { $left } more wrong attempts this profile will be wiped.
    }
err-wiped-after-failures = Too many wrong passphrases: the profile was wiped, as its owner had asked. Nothing in it can be recovered.
err-passphrase-short = That passphrase is too short. Choose one of at least { $min } characters; several unrelated words work well.
err-corrupt = Part of your local store is damaged or was tampered with ({ $what }). Amicus refused to use it. Do not delete anything; ask the Centre's support for help.
err-storage = Amicus could not write to this device's storage ({ $detail }). Nothing already saved was lost. Free some space or check permissions, then try again.
err-unreachable = Could not reach the relay at { $addr }. Nothing was lost: whatever you wrote is kept on this device (`amicus outbox` lists it) and `amicus sync` sends it once the connection works. Check the network, or the relay address you were given.
err-pin-mismatch = The relay did not prove it is the one you were given (its key does not match the pin). Amicus did not connect. Check the relay address and pin with whoever invited you; someone may be intercepting the connection.
err-unexpected = The relay answered in a way Amicus does not understand. Nothing was lost. It may run a different version; try again later or ask the relay's operator.
err-bad-card = That is not a valid contact card. Copy the whole card (it starts with `amicus:`) and try again.
err-unknown-contact = You have no contact called "{ $name }". See your contacts with `amicus contacts list`.
err-contact-exists = You already have this contact (or one called "{ $name }"). Nothing was changed.
err-roster-name-taken = "{ $name }" is already on the roster with another key. A person is one entry: nothing was changed. Remove the old entry first (`amicus roster remove`), then add the new card.
err-ambiguous-name = "{ $name }" could mean several people: { $choices }. Nothing was changed. Give the start of the right one's number (in brackets) instead of the name.
err-identity-changed = The safety number of "{ $name }" has changed. Nothing was sent. This happens when they reinstall Amicus, but it can also mean someone is impersonating them. Compare the new safety number with them over another channel (`amicus contacts verify { $name }`), then confirm it.
err-other-relay = "{ $name }" uses a different relay from yours. This version can only send through your own relay; ask them for a contact card from your relay. Nothing was added or sent.
err-too-large = The briefing is too long to send as a message ({ $len } bytes; the limit is { $max }). Shorten it or split it into several briefings. Nothing was sent.
err-no-message = There is no message number { $number }. See your messages with `amicus inbox`.
err-unknown-recipient = The relay does not know this recipient's mailbox. Nothing was sent. Check that their contact card is current.
err-not-registered = Your profile is not registered with the relay yet. Run `amicus sync` when you are online.
err-signal = An encryption step failed. Nothing was sent or deleted. Try again; if it keeps failing, run with --verbose and ask for help.
err-input = { $text }.
err-no-passphrase = No passphrase was given. Run Amicus in a terminal, or set AMICUS_PASSPHRASE or --passphrase-file.
err-passphrases-differ = The two passphrases differ. Nothing was created.
err-bad-pin = The pin must be the 64 hexadecimal characters the relay printed.
err-cannot-read = Cannot read { $path }: { $detail }. Nothing was sent or changed.
file-not-found = there is no such file or folder (check the name and where it is)
file-permission = this computer does not let Amicus open it (check who may read it)
file-not-a-file = it is a folder, not a file
file-no-space = the disk is full
file-not-text = it is not plain text (save it as .txt)
file-other = the system could not read or write it
err-terminal = Could not read what you typed ({ $detail }). Nothing was sent or changed; run the command again.
err-interrupted = Stopped. Your briefing is kept on this device, with what was already uploaded of its attachments; `amicus sync` finishes sending it. `amicus outbox` shows it.
err-app-not-started = Amicus could not open its page on this device ({ $detail }). Nothing changed; the commands still work.
draft-kept = Your briefing is kept on this device, with what was already uploaded of its attachments: `amicus sync` sends it once the relay can take it, and `amicus outbox` shows it.
err-unlock-failed = This terminal could not be kept unlocked ({ $detail }). Nothing changed: each command asks for the passphrase as before.
err-missing-name = A new profile needs your name: add --name "Your name" (it is shown on your contact card). Nothing was created.
err-no-recipient = Name at least one recipient with --to.
err-too-many-recipients = A briefing can go to at most { $max } people at once. Nothing was kept or sent: send it in smaller groups.
err-own-card = That is your own contact card.
err-empty-name = The contact needs a name.
err-bad-name = The name must be 1 to 128 bytes long.
err-demo-leaks = The demo found leaks (listed above).
err-not-confirmed = Not confirmed: nothing was wiped.
err-start = Amicus could not start: { $detail }
relay-quota = The recipient's mailbox on the relay is full. Your briefing is kept on this device and will be retried; try `amicus sync` later.
relay-rate = The relay asked Amicus to slow down. Nothing was lost; try again in a minute.
relay-storage = The relay could not store the data safely right now (its disk may be full). Nothing was lost; try again later.
relay-auth = The relay did not accept this profile's proof of ownership. Nothing was lost. Try again; if it persists, ask the relay's operator.
relay-other = The relay refused the request ({ $code }). Nothing was lost. Try again later.
detail = Technical detail for whoever helps you (codes, left untranslated so they can be looked up): { $detail }

## Prompts
prompt-passphrase = Passphrase:{" "}
prompt-new-passphrase = Choose a passphrase:{" "}
prompt-repeat-passphrase = Type it again:{" "}
prompt-subject = Subject:{" "}
prompt-body = Type the briefing. Finish with a line containing only a dot (.), or Ctrl-D.
prompt-wipe = This destroys the profile in { $dir } for good. Type { $word } to confirm:{" "}
wipe-word = WIPE

## Guided start (amicus with no command)
guide-no-profile = You have no Amicus profile yet (looked in { $dir }).
guide-no-profile-next = To start, create one with the relay address and pin you were given:
guide-no-profile-example = amicus init --name "Your name" --relay HOST:PORT --pin PIN
guide-locked = Your profile in { $dir } is locked.
guide-locked-next = Unlock it by running a command, for example `amicus inbox`. See all commands with `amicus --help`.
guide-status = Profile "{ $name }". Unread briefings: { $unread }. Waiting to be sent: { $outbox }. Contacts: { $contacts }.
guide-next-unread = Read them with `amicus inbox` then `amicus read NUMBER`.
guide-next-sync = Fetch new briefings and send waiting ones with `amicus sync`.
guide-next-send = Write a briefing with `amicus send --to NAME`.

## init
init-deriving = Deriving your key and creating your profile (this takes a moment)...
init-created = Profile created in { $dir }.
init-not-registered = It is not registered with the relay yet; run `amicus sync` when online.
init-card = Your contact card (give it to people who will write to you):

## contacts
contact-added = Added { $name }.
safety-number = Safety number: { $number }
safety-number-with = Safety number with { $name }: { $number }
contact-compare = Compare it with { $name } over another channel, then run `amicus contacts verify "{ $name }" --confirm`.
contact-none = No contacts yet. Add one with `amicus contacts add <card>`.
contact-state-changed = SAFETY NUMBER CHANGED: verify before sending
contact-state-verified = verified
contact-state-unverified = not verified
contact-state-roster = vouched for by the Centre (on its signed list)
contact-line = { $name }  ({ $state })
contact-changed-warning = WARNING: { $name }'s safety number has CHANGED.
contact-verified = Marked { $name } as verified.
contact-confirm-hint = If it matches what { $name } sees, run this again with --confirm.
contact-saved-sender = Saved the sender of message { $number } as { $name }.
contact-compare-sender = Compare it with them before relying on who they are.

## send, sync, inbox
send-progress = { $count ->
        [one] Encrypting and sending to { $count } recipient...
       *[other] Encrypting and sending to { $count } recipients...
    }{" "}
send-delivered = Delivered to the relay for { $name }.
send-waiting = Kept in your outbox for { $name } ({ $reason }); it will be retried by `amicus sync`.
sync-sent = { $count ->
        [one] Sent { $count } briefing from your outbox.
       *[other] Sent { $count } briefings from your outbox.
    }
sync-waiting = { $count ->
        [one] { $count } briefing still waits in your outbox.
       *[other] { $count } briefings still wait in your outbox.
    }
sync-received = { $count ->
        [one] { $count } new briefing.
       *[other] { $count } new briefings.
    }
sync-quarantined = { $count ->
        [one] { $count } envelope could not be read and was kept aside: see `amicus quarantine`.
       *[other] { $count } envelopes could not be read and were kept aside: see `amicus quarantine`.
    }
sync-auto-deleted = { $count ->
        [one] { $count } read briefing older than your retention setting was deleted.
       *[other] { $count } read briefings older than your retention setting were deleted.
    }
inbox-empty = No briefings. Fetch new ones with `amicus sync`.
inbox-line = { $number } { $mark } { $time }  from { $from }  { $subject }
with-reference = { $text } (ref. { $reference })
unknown-sender = someone not in your contacts (ref. { $id })
read-from = From:    { $from }
read-key-warning = WARNING: sent with a key that differs from the contact's safety number.
read-sent = Sent:    { $time }
read-subject = Subject: { $subject }
outbox-empty = Your outbox is empty: the relay has accepted everything you sent.
outbox-not-sent = not yet sent
outbox-not-sealed = kept on this device, to be encrypted and sent when the relay answers
outbox-draft = kept on this device; its attachments upload and it is sent at the next `amicus sync`
outbox-line = { $number }  to { $name }  { $subject }  ({ $why })
quarantine-empty = Nothing in quarantine.
quarantine-line = { $number }  { $size } bytes  { $reason }

## settings and wipe
settings-shown = Wipe after wrong passphrases: { $wipe }. Delete read briefings after: { $days }.
settings-off = off
settings-attempts = { $count } attempts
settings-days = { $count } days
settings-saved = Settings saved.
wiped = The profile was wiped. Nothing in it can be recovered, even with the passphrase.
unlocked = This terminal stays unlocked for { $minutes } minutes: commands here will not ask for the passphrase. `amicus lock` ends it now; closing the terminal ends it too.
locked = { $count ->
        [one] Locked: { $count } unlocked terminal forgot the key. Every command asks for the passphrase again.
       *[other] Locked: { $count } unlocked terminals forgot the key. Every command asks for the passphrase again.
    }
unlocked-by-agent = (Unlocked in this terminal by `amicus unlock`: no passphrase is asked. Do not type it now.)

## demo
demo-relay = 1. Started an embedded relay on { $addr }
demo-pin = relay pin: { $pin }
demo-profiles = 2. Created two profiles, each with its own libsignal identity and encrypted store
demo-cards = 3. Exchanged contact cards. Safety numbers:
demo-defender-sees = defender sees { $number }
demo-member-sees = member sees   { $number }
demo-match = they match: no one is in the middle
demo-mismatch = THEY DO NOT MATCH
demo-sent = 4. The defender sent a sealed briefing; the relay acknowledged it durably ({ $count } delivered)
demo-holds = 5. What the relay holds for the member's mailbox:
demo-envelope = envelope of { $size } bytes (padded), starting { $preview }...
demo-searched = 6. Searched { $files } relay files and { $bytes } bytes of relay log for:
demo-needle-subject = the briefing subject
demo-needle-body = the briefing body
demo-needle-name = the sender's name
demo-needle-key = the sender's identity key
demo-needle-mailbox = the sender's mailbox id
demo-needle-mailbox-hex = the sender's mailbox id (hex)
demo-needle-sender-uuid = the sender's UUID (in its sealed-sender certificate)
demo-not-found = { $what }: not found
demo-found = { $what }: FOUND in { $where }
demo-fetched = 7. The member fetched { $count } briefing, stored it, then let the relay delete it:
demo-from = from:    { $from }
demo-subject = subject: { $subject }
demo-body = body:    { $body }
demo-left = 8. Envelopes left on the relay: { $count }; attachments left: { $blobs }
demo-attached = with an attachment: { $size } bytes, encrypted once and uploaded in chunks ({ $stored } bytes on the relay, padded)
demo-needle-attachment = the attachment's contents
demo-needle-file-name = the attachment's file name
demo-attachment-saved = the member saved the attachment: { $size } bytes, identical to the original; the relay then deleted it
demo-attachment-differs = THE SAVED ATTACHMENT DIFFERS FROM THE ORIGINAL
demo-ok = Result: the relay held only ciphertext and never learned who sent it.
demo-leaks = Result: LEAKS FOUND (see above).
demo-briefing-subject = CANARY-SUBJECT: arbitrary detention of lawyers
demo-briefing-body = CANARY-BODY: On 3 March, three lawyers representing protesters were detained without charge (ICCPR articles 9 and 14).

## help (command descriptions)
help-about = Send sealed briefings to the UN Human Rights Committee
help-init = Create your profile and register it with your relay.
help-card = Show your contact card, to give to people who will write to you.
help-contacts = Manage contacts.
help-contacts-add = Add a contact from their contact card.
help-contacts-save-sender = Make a contact of the sender of a received briefing, to answer them.
help-contacts-list = List contacts.
help-contacts-verify = Show the safety number shared with a contact; with --confirm, mark it verified.
help-send = Send a briefing (the body comes from --body, --body-file, or is typed in).
help-sync = Send what waits in the outbox and fetch new briefings.
help-inbox = List received briefings.
help-read = Show one received briefing.
help-outbox = List briefings waiting to be sent.
help-quarantine = List envelopes that could not be decrypted, with the reason.
help-settings = Show or change safety settings (wipe after wrong passphrases, delete read briefings).
help-wipe = Destroy this profile at once; nothing can be recovered, even with the passphrase.
help-demo = Run a complete demonstration on an embedded relay (no setup needed).

## short reasons (outbox)
reason-unreachable = relay unreachable
reason-quota = recipient's mailbox full
reason-too-large = too large for this relay
reason-unknown-recipient = recipient unknown to the relay
reason-storage = relay storage unavailable
reason-rate = relay asked to slow down
reason-other = refused by the relay ({ $code })

## help: options and headings
help-commands = Commands
help-options = Options
help-usage = Usage:
clap-invalid-value = "{ $value }" is not a valid value for { $arg }. Nothing was done.
clap-empty-value = { $arg } needs a value after it. Nothing was done.
clap-unknown-argument = { $arg } is not an option of this command. Nothing was done.
clap-unknown-command = "{ $value }" is not an Amicus command. Nothing was done.
clap-missing = Something is missing: { $arg }. Nothing was done.
clap-conflict = { $arg } cannot be used together with { $other }. Nothing was done.
clap-other = This command is not complete or not written as Amicus expects. Nothing was done.
clap-more = To see what it needs: { $command } --help
arg-profile = Profile directory (default: $AMICUS_PROFILE, or ~/.amicus).
arg-passphrase-file = Read the passphrase from this file instead of prompting.
arg-verbose = Show technical detail with errors.
arg-lang = Language: en, fr or es (default: $AMICUS_LANG or the system's).
arg-init-name = Your name as contacts will first see it.
arg-init-relay = The relay's address, host:port.
arg-init-pin = The relay's pin (64 hexadecimal characters), as given by whoever invited you.
arg-card = The contact card (it starts with amicus:).
arg-contact-name = The contact's name.
arg-add-name = Name to use instead of the one on the card.
arg-message = The message number shown by `amicus inbox`.
arg-confirm = You compared the numbers with the contact and they match.
arg-to = Contact to send to (repeat for several).
arg-subject = The briefing's subject (asked for if missing).
arg-body = The briefing's text.
arg-body-file = Read the briefing's text from this file.
arg-wipe-after = Wipe the profile after this many wrong passphrases in a row (0: never).
arg-delete-read-after = Delete read briefings after this many days (0: keep them).
arg-now = Wipe without asking for the confirmation word.
arg-help = Show this help.
help-unlock = Keep this terminal unlocked for a while (the passphrase is asked once)
help-lock = Forget the key in every unlocked terminal now
help-app = Open Amicus in your browser: every flow, without a terminal
help-agent-serve = (internal) The unlock agent, started by `amicus unlock`
arg-minutes = How many minutes this terminal stays unlocked (15 by default, 480 at most)
arg-shell = (internal) The shell the unlock belongs to
arg-version = Show the version.
quarantine-undecryptable = could not be decrypted (damaged, forged or replayed)
quarantine-bad-sender = the sender could not be identified
quarantine-unreadable = decrypted, but not a briefing this version can read
quarantine-other = could not be processed
quarantine-too-old = written by an older Amicus than this one reads: ask the sender to update Amicus and send it again
quarantine-too-new = written by a newer Amicus: update Amicus, then ask the sender to send it again
quarantine-not-enrolled = a briefing the Centre presented to you, but this profile has not joined the Centre: ask the Centre for an invitation and run `amicus enrol CODE`; then ask them to present it again
sync-progress = Sending and fetching briefings...

## The Centre's flows: enrolment, roster, invitations, mandates, presentation, receipts
help-enrol = Create your profile from an invitation code the Centre gave you
help-sent = List the briefings you sent, with their receipts
help-revoke = Withdraw the presentation mandate given with a sent briefing
help-mandates = (Centre staff) List the mandates defenders gave you
help-present = (Centre staff) Present a briefing to a Committee member on the defender's behalf
help-ask = Ask a follow-up question on a briefing the Centre presented to you
help-answer = Answer a question the Centre forwarded to you
help-centre = (Centre administrator) The Centre's root key
help-centre-init = Create the Centre's root key in this profile and publish the first roster
help-centre-root = Show the Centre's root key (for the relay's configuration)
help-roster = The Centre's signed list of Committee members and staff
help-roster-show = Fetch, check and show the roster
help-roster-add = (Centre administrator) Add a member or staff to the roster from their contact card
help-roster-remove = (Centre administrator) Take someone off the roster
help-invite = (Centre staff) Create a single-use invitation code
arg-code = The invitation code (starts with amicus-invite:)
arg-state = The State party concerned
arg-session = The Committee session
arg-stage = Review stage: loipr (List of Issues Prior to Reporting), loi (List of Issues), dialogue (with the State) or follow-up
arg-articles = ICCPR articles concerned, for example "9, 14"
arg-language = Language of the text: en, fr or es
arg-confidentiality = confidential (default), quotable or public
arg-mandate = Give the Centre a mandate to present this briefing on your behalf
arg-present-by = Centre staff who may present it (repeat; default: any staff)
arg-present-to = Committee members it may be presented to (repeat; default: any member)
arg-attribution = How you are named: anonymous (default), pseudonym:NAME, organisation:NAME or named:NAME
arg-allow-attachments = Allow the Centre to share the attachments too
arg-mandate-days = How many days the mandate lasts (default 90)
arg-sent-number = The number shown by `amicus sent`
arg-submission = The number of the briefing in your inbox
arg-present-member = The Committee member to present it to
arg-with-attachments = Share the attachments too (only if the mandate allows it)
arg-question = Your question
arg-answer = Your answer
arg-intake-name = The name the Centre's intake shows on the roster
arg-role = The role: member or staff (roster); defender, member or staff (invitation)
arg-roster-name = The name shown on the roster (default: the card's)
arg-term-end = End of term, as YYYY-MM-DD
arg-roster-remove-name = The name on the roster
arg-days = How many days the invitation stays valid (default 7, at most 90)
arg-read-receipts = Tell the Centre when you open a presented briefing: on or off
err-bad-stage = The review stage must be one of: loipr (List of Issues Prior to Reporting), loi (List of Issues), dialogue, follow-up. Nothing was sent.
err-bad-articles = Articles must be numbers between 1 and 53, separated by commas.
err-bad-language = The language must be en, fr or es.
err-bad-confidentiality = Confidentiality must be confidential, quotable or public.
err-bad-attribution = The attribution must be anonymous, pseudonym:NAME, organisation:NAME or named:NAME.
err-bad-roster-role = The roster role must be member or staff.
err-bad-date = The date must be written YYYY-MM-DD.
err-bad-invite-role = The invitation role must be defender, member or staff.
err-centre-exists = This profile already holds or follows a Centre root key. Nothing was changed.
err-not-centre-admin = Only the Centre administrator's profile holds the root key that signs the roster.
err-no-centre = This profile does not know the Centre's root key. Enrol with an invitation from the Centre.
err-invitation-days = An invitation can be valid for 1 to { $max } days.
err-mandate-days = A mandate must last at least one day.
err-bad-invitation = That is not a valid invitation code. Copy the whole code (it starts with `amicus-invite:`) and try again.
err-not-submission = Message { $number } is not a briefing sent to you with a mandate.
err-not-presentation = Message { $number } is not a briefing the Centre presented to you.
err-not-question = Message { $number } is not a question.
err-not-centre = "{ $name }" is not Centre staff on the Centre's roster. Nothing was sent.
err-not-member = "{ $name }" is not a Committee member on the Centre's roster. Nothing was sent.
err-not-staff = Only Centre staff on the roster can present briefings.
err-no-mandate = Sent briefing { $number } was sent without a mandate; there is nothing to revoke.
err-already-revoked = That mandate is already revoked.
roster-not-signed = Amicus refused roster version { $version }: it is not signed by the Centre's root key. Someone may be trying to impersonate Committee members. Your contacts were not changed; tell the Centre.
roster-older = Amicus refused the roster: the relay offers one older than version { $seen }, which this device has already seen. Someone may be rolling it back. Your contacts were not changed; tell the Centre.
roster-fork = Amicus refused roster version { $version }: it differs from the one this device has already seen. Your contacts were not changed; tell the Centre.
roster-gap = Amicus refused the roster: version { $expected } was expected, the relay sent { $found }. Your contacts were not changed.
roster-malformed = Amicus refused the roster: it is damaged. Your contacts were not changed.
roster-refused = WARNING: { $reason }
roster-key-changed = WARNING: the Centre's roster gives "{ $name }" a new key. Briefings to them now use the new key. If you did not expect this, compare safety numbers with them (`amicus contacts verify "{ $name }"`).
roster-version = Roster version { $version }:
roster-term = (term ends { $date })
roster-line =   { $name }: { $role } { $term }
roster-published = Roster version { $version } signed and published.
mandate-not-named-staff = You are not among the staff this defender named in the mandate. Nothing was sent.
mandate-member-not-allowed = The mandate does not allow presenting to this member. Nothing was sent.
mandate-not-a-member = This person is not a Committee member on the roster. Nothing was sent.
mandate-expired = The mandate has expired. Nothing was sent; ask the defender for a new one.
mandate-revoked = The defender revoked this mandate. Nothing was sent.
mandate-no-attachments = The mandate does not allow sharing the attachments. Nothing was sent; present without them.
mandate-wrong-briefing = The briefing does not match the mandate. Nothing was sent.
relay-invitation-unknown = The relay does not know this invitation. Nothing was created; check the code with the Centre.
relay-invitation-expired = This invitation has expired. Nothing was created; ask the Centre for a new one.
relay-invitation-used = This invitation was already used. Nothing was created; ask the Centre for a new one (and tell them, if it was not you).
relay-not-permitted = The relay says this profile may not do that (only Centre staff on the roster can).
relay-roster-rejected = The relay refused the roster: it is not signed by the Centre's root or does not follow the current version.
relay-first-contact-busy = Too many new profiles are being created without an invitation right now. Your profile is saved; `amicus sync` registers it later.
role-member = Committee member
role-staff = Centre staff
role-intake = Centre intake
centre-created = The Centre's root key was created in this profile and the first roster was published. Root key:
centre-config-hint = The relay took this key as the Centre's with the first roster: there is nothing to configure or restart. (An operator may also write it in the relay's configuration as centre_root, so that no other key can ever take its place.) Keep this profile's passphrase safe: it protects the key that signs the roster.
invite-created = Invitation created, { $days ->
        [one] valid for { $days } day,
       *[other] valid for { $days } days,
    } usable once. Give it only to the person it is for:
sent-empty = You have not sent any briefing yet.
sent-line = { $number }  { $time }  { $title }  (to { $to })
sent-mandate-active = Mandate given: the Centre may present it.
sent-mandate-revoked = Mandate revoked.
receipt-received = Received by the Centre ({ $time })
receipt-presented = Presented to { $member } ({ $time })
receipt-read = Read by { $member } ({ $time })
receipt-withdrawn = Withdrawn from { $member } after your revocation ({ $time })
revoke-sent = Revocation sent to the Centre. It will withdraw the briefing from every member it was presented to.
mandates-empty = No mandates.
mandate-line = { $number }  { $title }
mandate-presented = presented to { $member } ({ $time })
enrol-done = You are enrolled. Your profile is in { $dir }.
enrol-joined = This profile is now enrolled with the Centre: the same identity and contacts as before. It is in { $dir }.
enrol-joining = Joining the Centre...
enrol-centre = You can write to the Centre: { $names }.
enrol-send-card = Give the Centre your contact card, so it can add you to the roster:
sync-updates = { $count ->
        [one] { $count } receipt or notice applied.
       *[other] { $count } receipts or notices applied.
    }
sync-sent-on-behalf = { $count ->
        [one] { $count } message that was waiting (written while the relay did not answer, a receipt, a forwarded question or answer) was sent.
       *[other] { $count } messages that were waiting (written while the relay did not answer, receipts, forwarded questions and answers) were sent.
    }
mark-withdrawn = (withdrawn)
mark-presented = (presented)
mark-mandate = (mandate)
mark-question = (question)
mark-answer = (answer)
attribution-anonymous = an anonymous source
attribution-pseudonym = "{ $name }" (a pseudonym)
attribution-organisation = { $name }
mandate-any-staff = any Centre staff
mandate-any-member = any Committee member
mandate-terms = May be presented by { $staff } to { $members }, on behalf of { $attribution }, until { $expires }.
mandate-attachments-yes = Attachments may be shared.
mandate-attachments-no = Attachments may not be shared.
mandate-revoked-at = Revoked by the defender on { $time }.
facts-state = State party: { $value }
facts-session = Session: { $value }
facts-stage = Review stage: { $value }
facts-articles = ICCPR articles: { $value }
facts-language = Language: { $value }
stage-none = not stated
stage-loipr = List of Issues Prior to Reporting
stage-loi = List of Issues
stage-dialogue = Constructive dialogue
stage-follow-up = Follow-up
confidentiality-confidential = Confidential: for the recipients only.
confidentiality-quotable = May be quoted without naming the source.
confidentiality-public = May be made public.
read-with-mandate = The defender gave a mandate to present it:
read-presented = Presented by the Centre ({ $staff }) on behalf of { $attribution }.
read-briefing-hash = Briefing check code (the same as in the defender's mandate): { $hash }
read-mandate-expires = The mandate runs until { $time }.
read-withdrawn = WITHDRAWN: the source revoked the mandate on { $time }. Do not use this briefing.
read-ask-hint = Ask a follow-up question through the Centre: amicus ask { $number } --text "..."
read-question = A question from { $member }, forwarded by the Centre. They do not know who you are.
read-answer-hint = Answer it: amicus answer { $number } --text "..."
read-answer = An answer from the source, forwarded by the Centre.
settings-on = on
settings-receipts = Read receipts for presented briefings: { $state }.
demo-proxy-title = 9. The Centre's side: the Centre creates its root key and signed roster, and enrols a Committee member and a defender from single-use invitations.
demo-proxy-roster = roster version { $version } signed by the Centre and accepted by every client
demo-proxy-title-canary = CANARY-TITLE: reprisals against lawyers who met the Committee
demo-proxy-body-canary = CANARY-BODY: Two lawyers were dismissed from the bar after the last review.
demo-proxy-submitted = 10. The defender sent a briefing to the Centre with a signed mandate: present it to Member M only, under the pseudonym "Witness K", no attachments.
demo-proxy-refused = Presenting it with its attachments, which the mandate does not allow, is refused: { $reason }
demo-proxy-presented = 11. Centre staff presented it to Member M, within the mandate.
demo-proxy-member-sees = the member sees: presented by the Centre ({ $staff }) on behalf of "{ $attribution }"
demo-proxy-hidden = the member's copy holds neither the defender's mailbox nor key
demo-proxy-not-hidden = THE MEMBER'S COPY NAMES THE DEFENDER
demo-proxy-receipts = 12. The defender's receipts, end to end through the Centre:
demo-proxy-needle-state = the State party
demo-proxy-needle-attribution = the mandate's pseudonym
demo-proxy-searched = 13. Searched the { $files } relay files and the relay log again:
sync-pending-on-behalf = { $count ->
        [one] { $count } message is kept on this device and waits for the relay; the next `amicus sync` sends it.
       *[other] { $count } messages are kept on this device and wait for the relay; the next `amicus sync` sends them.
    }

## Attachments
err-attachment-file = Cannot use the file { $path }: { $reason }.
err-file-changed = The file { $path } changed since its upload began. Nothing was sent; send it again and it is uploaded as a new file.
err-attachment-damaged = The attachment “{ $name }” was damaged or altered on the way and cannot be opened. Nothing was saved; ask the sender to send it again.
err-attachment-too-large = The file is { $len } bytes; an attachment may be at most { $max } bytes.
err-no-attachment = Message { $number } has no attachment number { $index }.
relay-blob-too-large = The file is larger than the relay accepts. Split it (for example a video into parts) and send the parts.
relay-blob-store-full = The relay has no room for this file right now. Nothing was lost; try again later or ask the relay operator.
relay-blob-unknown = The relay no longer holds this attachment (it expired, or every recipient already fetched it). Ask the sender to send it again.
relay-blob-transfer = The transfer got out of step with the relay. Run the same command again: it continues from what the relay holds.
transfer-paused = Connection lost. Resuming in { $secs } s; nothing already sent is sent again.
transfer-paused-full = The relay has no room to store more right now (its disk is full or failing). Nothing is lost: trying again in { $secs } s, and `amicus sync` finishes later if it takes longer.
transfer-paused-busy = The relay asks to wait. Trying again in { $secs } s; nothing already sent is sent again.
transfer-resumed = Resuming from { $done } of { $total }.
attach-uploading = Uploading { $name } (encrypted once for all recipients)
attach-downloading = Downloading { $name }
attach-opening = Decrypting { $name } into its folder
attach-saved = Saved { $path }
attach-line = attachment { $index }: { $name } ({ $size }){ $kept }
attach-kept = , on this device
attach-hint = Save attachments with: amicus save { $number }
err-attachment-withheld = The attachment “{ $name }” was not presented with this briefing; only its description is shown. Ask the Centre if you need it.
err-incomplete-file = The file “{ $name }” did not arrive whole, so it was not kept. Nothing else was lost: pick the file again.
err-staged-missing = A file picked for this briefing is no longer kept on this device. Your text is kept: pick the file again.
help-save = Save the attachments of a received briefing (downloads them if needed; resumes a cut download)
arg-attach = Attach a file (repeat for several); it is encrypted once and uploaded, resuming if cut
arg-attachment = Only this attachment (1 for the first)
arg-into = Folder to save into (default: the current folder)

## The local web app (`amicus app`)
web-title = Amicus
web-language = Language
web-start-intro = Amicus carries your briefings to the UN Human Rights Committee and to the Centre for Civil and Political Rights, encrypted on this device. The relay that carries them sees only sealed envelopes.
web-create-title = Create your profile
web-create-help = You need the relay's address and check code from the person who gave you Amicus. Choose a long passphrase you can remember: nobody, not even the Centre, can recover it.
web-name = Your name, as your contacts will see it
web-relay = Relay address
web-pin = Relay check code
web-passphrase = Passphrase
web-confirm = The same passphrase again
web-create = Create my profile
web-created = Your profile is ready. Give your contact card to the people who should write to you.
web-unlock-title = Unlock Amicus
web-unlock-help = Type your passphrase. It never leaves this device. Amicus locks itself after some minutes without use.
web-unlock = Unlock
web-lock = Lock now
web-locked = Amicus is locked. Type your passphrase to continue.
web-tab-inbox = Inbox
web-tab-write = Write a briefing
web-tab-outbox = Outbox
web-tab-contacts = Contacts
web-tab-safety = Safety
web-sync = Send and fetch
web-working = Working…
web-inbox-empty = No briefings yet. Press "Send and fetch" to look for new ones.
web-inbox-unread = new
web-back = Back to the inbox
web-write-help = Everything you write here is encrypted on this device before it leaves. If the relay cannot be reached, your briefing is kept on this device and sent later: nothing you type is lost.
web-write-to = To (tick one or more contacts)
web-write-no-contacts = You have no contacts yet: add one under Contacts first.
web-write-title = Title
web-write-text = Your briefing
web-write-state = State party concerned
web-write-session = Committee session, if you know it (for example CCPR 145)
web-write-stage = Stage of the review
web-write-articles = Articles of the Covenant concerned (numbers, for example 9, 14)
web-write-language = Language of your text
web-write-confidentiality = How the Committee may use it
web-write-send = Encrypt and send
web-language-none = not stated
web-outbox-empty = Your outbox is empty: the relay has accepted everything you sent.
web-card-title = My contact card
web-card-help = Give this card (the text, or the picture to scan) to the people who should write to you. It holds no secret.
web-add-title = Add a contact
web-add-card = Their contact card
web-add-name = A name for them
web-add = Add the contact
web-compare = Compare this safety number with { $name }, in person or on a call you trust. If both show the same digits, nobody is in between.
web-safety-number = Safety number
web-verify = We compared it: mark as verified
web-contacts-none = No contacts yet.
web-qr-failed = The picture of your card could not be drawn; copy its text instead.
web-qr-alt = Your contact card as a picture to scan
web-send-waiting = Kept in your outbox for { $name } ({ $reason }); it goes when you press "Send and fetch" and the relay answers.
web-safety-title = What the relay can and cannot see
web-safety-relay = The relay stores only sealed envelopes. It cannot read your briefings, their titles or their attachments, and it is not told who sent a briefing. It does see when envelopes arrive, their size rounded up, which mailbox they are for, and the network address you connect from (use Tor to hide it).
web-safety-device = On this device, everything is kept encrypted with your passphrase. This page keeps nothing in the browser's cache. Lock Amicus when you step away; it also locks itself after some minutes without use.
web-launch-used = This link has already been used or is not valid. For your safety each link opens Amicus once: run `amicus app` again for a new one.
web-wrong-host = This address is not the one Amicus gave. Open the link that `amicus app` printed.
web-forged = This request did not come from the Amicus page and was refused. Nothing changed.
web-app-started = Amicus is open in your browser. If it did not open, copy this link into your browser (it works once): { $url }
web-app-stop = Press Ctrl-C here to close Amicus; it locks at once.
web-app-browser = Your browser could not be opened by itself.
web-tab-centre = The Centre
web-enrol-title = I have an invitation
web-enrol-help = The Centre for Civil and Political Rights gives you an invitation code (or a file holding it). It works once and brings the relay's address and the Centre's list of members and staff with it.
web-enrol-code = Invitation code
web-enrol-file = Or open the invitation file
web-enrol = Join with this invitation
web-enrol-done = Your profile is ready and has joined the Centre: its members and staff are now your contacts.
web-enrol-joined = Your profile has joined the Centre, with the same identity and contacts: its members and staff are now your contacts.
web-join-title = Join the Centre
web-join-help = Paste the invitation code the Centre gave you. Your profile keeps its identity and its contacts.
web-ask = A question about this briefing, sent through the Centre (the defender is never named to you, nor you to them)
web-ask-send = Send the question
web-answer = Your answer, sent back the way the question came
web-answer-send = Send the answer
web-mandate-on = Let the Centre present this briefing to Committee members on my behalf
web-mandate-title = Mandate to present
web-mandate-help = You sign a mandate: who at the Centre may present it, to which members, how you are named, and for how long. Members never learn who you are unless you choose it. You can revoke it at any time.
web-mandate-staff = Centre staff who may present it (none ticked: any staff)
web-mandate-members = Members it may be presented to (none ticked: any member)
web-mandate-attribution = How members are told who it comes from
web-attribution-anonymous = Anonymous source
web-attribution-pseudonym = A pseudonym
web-attribution-organisation = An organisation
web-attribution-named = My name
web-mandate-attribution-name = The pseudonym, organisation or name to show
web-mandate-attachments = The Centre may share the attachments with the members
web-mandate-days = Days the mandate lasts
web-sent-title = Briefings I sent, and what happened to them
web-sent-empty = Nothing sent yet.
web-revoke = Revoke the mandate
web-mandates-title = Briefings I may present
web-mandates-help = Each briefing can be presented only within its mandate. If a presentation would go beyond it, it is refused, the reason is shown, and nothing is sent.
web-present = Present to this member
web-present-attachments = with its attachments (if the mandate allows)
web-roster-title = The Centre's signed list of members and staff
web-roster-add-title = Add someone to the list
web-roster-role = Role
web-role-member = Committee member
web-role-staff = Centre staff
web-role-defender = Defender
web-roster-term = End of term or appointment (optional)
web-roster-add = Sign and publish
web-roster-remove = Remove
web-invite-title = Invite someone
web-invite-days = Days the invitation stays valid
web-invite = Create a single-use invitation
web-settings-title = Settings
web-settings-wipe-after = Wipe the profile after this many wrong passphrases (0: never)
web-settings-delete-after = Delete read briefings after this many days (0: keep them)
web-settings-receipts = Tell the Centre when I have read a presented briefing
web-settings-save = Save the settings
web-wipe-title = Quick wipe
web-wipe-help = Destroys this profile on this device at once: briefings, contacts and keys. Nobody can recover it, not even with the passphrase. Briefings already on the relay stay sealed there until they expire.
web-wipe = Wipe this profile
web-wipe-cancel = Cancel, do not wipe
web-wipe-countdown = The profile will be wiped in
web-wipe-cancelled = Cancelled: nothing was wiped.
web-send-cancel = Stop sending (it stays in your outbox)
web-send-stopped = Stopped. Your briefing is kept on this device, with what was already uploaded of its attachments; "Send and fetch" finishes it.
web-writing-saved = Saved on this device (encrypted).
web-writing-discarded = Discarded.
web-writings-title = Briefings you started writing
web-writing-continue = Continue
web-writing-discard = Discard
web-transfer = { $name }: { $done } of { $total } ({ $rate } per second).
web-transfer-left = About { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } left.
web-transfer-paused = Paused: { $reason }. It goes on by itself; nothing already sent is sent again.
web-attachments = Attachments (photos, documents, videos)
web-attachments-drop = Choose files, or drop them here. Each is encrypted on this device as it is added.
web-attachment-ready = ready, encrypted on this device
web-attachment-adding = encrypting…
web-attachment-save = Save
web-attachment-withheld = not shared with you
web-attachments-title = Attachments
language-en = English
language-fr = Français
language-es = Español

## ICCPR articles, short titles (the Covenant itself has none; these follow common usage)
article-1 = Self-determination of peoples
article-2 = Respecting and ensuring the rights, without discrimination; effective remedy
article-3 = Equal rights of men and women
article-4 = Derogation in a public emergency
article-5 = No reading that destroys rights
article-6 = Right to life
article-7 = No torture or cruel, inhuman or degrading treatment
article-8 = No slavery, servitude or forced labour
article-9 = Liberty and security of person; no arbitrary arrest or detention
article-10 = Humane treatment of persons deprived of liberty
article-11 = No prison for failing to fulfil a contract
article-12 = Freedom of movement and to leave any country
article-13 = Expulsion of aliens
article-14 = Fair trial
article-15 = No punishment without law
article-16 = Recognition as a person before the law
article-17 = Privacy, family, home and correspondence
article-18 = Freedom of thought, conscience and religion
article-19 = Freedom of opinion and expression
article-20 = No propaganda for war or advocacy of hatred
article-21 = Peaceful assembly
article-22 = Freedom of association, including trade unions
article-23 = Family and marriage
article-24 = Rights of the child
article-25 = Taking part in public affairs, voting and being elected
article-26 = Equality before the law, no discrimination
article-27 = Rights of minorities
web-write-articles-pick = Articles of the Covenant concerned (tick those that apply)
web-write-state-pick = Type or choose the State party
size-bytes = { $value } bytes
size-kb = { $value } KB
size-mb = { $value } MB
size-gb = { $value } GB
err-no-proxy-route = A proxy is set, and the relay address { $addr } has no HTTPS route (one starting with https://) to reach it through. With a proxy set Amicus never connects directly, so it did not connect at all. Nothing was lost: whatever you wrote is kept on this device. Ask whoever invited you for an up-to-date card or invitation, or turn the proxy off with `amicus settings --proxy off`.
err-onion-needs-proxy = The relay address { $addr } can only be reached through Tor (it is an onion address). Nothing was lost. Start Tor (or Tor Browser, or Orbot) and set it as your proxy, for example `amicus settings --proxy 127.0.0.1:9050` (Tor Browser: 9150).
err-proxy-not-address = That is not a proxy address. Give it as address:port, for example 127.0.0.1:9050 for Tor, 127.0.0.1:9150 for Tor Browser. Nothing was changed.
err-proxy-named-host = Give the proxy by its IP address (or as localhost), for example 127.0.0.1:9050: looking up a name would leave the proxy. Nothing was changed.
err-proxy-not-socks5 = Amicus works with SOCKS5 proxies only (Tor, Tor Browser, Orbot). Give the address as address:port, for example 127.0.0.1:9050. Nothing was changed.
route-direct = Amicus reaches the relay by its direct route again.
route-https = Your network does not let Amicus's direct route through, so Amicus now reaches the relay over HTTPS, like an ordinary website. Your briefings are as protected as before; only the way in changed.
route-proxied = Amicus reaches the relay through your proxy: the relay sees the proxy's address, not yours.
route-onion = Amicus reaches the relay through Tor, at its onion address: neither the relay nor your network sees where the other is.
arg-proxy = A SOCKS5 proxy (Tor: 127.0.0.1:9050, Tor Browser: 127.0.0.1:9150) for every connection; with `settings`, kept in the profile (`off` removes it).
settings-proxy = Proxy: { $proxy }.
settings-proxy-none = none (direct connection)
web-proxy = SOCKS5 proxy, for Tor (leave empty to connect directly)
web-proxy-help = With Tor running on this device, enter 127.0.0.1:9050 (Tor Browser: 127.0.0.1:9150, Orbot: 127.0.0.1:9050). Amicus then connects only through it: the relay does not see your address, and your network sees only Tor.
err-proxy-unreachable = Nothing answers at your proxy's address, { $proxy }: is Tor (or Tor Browser, or Orbot) running? Amicus did not connect any other way. Nothing was lost: whatever you wrote is kept on this device and goes out once the proxy answers. Start Tor and try again, or change the proxy in the settings.
demo-blocked-title = 14. A defender whose network drops QUIC (as major networks in Russia and Iran do): the relay also answers on its TCP route, which looks like an ordinary HTTPS server.
demo-blocked-fell-back = the first connection fell back to it by itself, in { $secs } s; the profile remembers it, and told the defender:
demo-blocked-subject = Sent where QUIC is blocked
demo-blocked-body = This briefing went to the relay over its HTTPS-looking route.
demo-blocked-sent = { $count } briefing sent over that route, in { $secs } s
demo-blocked-received = the member received { $count } briefing
demo-blocked-clean = searched the relay again: nothing of this defender (name, mailbox) or of the briefing found
reason-tokens-exhausted = no sending tokens left for now
reason-token-refused = sending token refused; another is tried next time
relay-tokens-exhausted = This profile has used all the sending tokens the relay gives it for this period. Nothing was lost: what you wrote waits in the outbox and goes out by itself once the next period's tokens come (a sync fetches them). If this happens often, ask the Centre for an invitation: enrolled defenders get more.
relay-token-refused = The relay refused a sending token. Nothing was lost: the briefing stays in the outbox, and the next sync fetches fresh tokens and sends it.
err-token-key-changed = The relay showed a different signing key for sending tokens than it showed before for the same period. A relay that does this could tell its users apart, so Amicus stopped and sent nothing. Nothing was lost. Tell the Centre; do not send anything sensitive until they have checked the relay.
