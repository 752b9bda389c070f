# Amicus command-line messages, English.
# Every key here must exist in fr.ftl and es.ftl (a test checks it).

## Errors: what happened, what was not lost, what to do next.
err-no-profile = There is no Amicus profile in { $dir }. Create one with `amicus init`, or point to yours with --profile.
err-profile-exists = A profile already exists in { $dir }. Nothing was changed. Use it, or choose another directory with --profile.
err-wrong-passphrase = The passphrase is not right. Nothing was changed; try again (check the keyboard layout and Caps Lock).
err-wrong-passphrase-left = The passphrase is not right. Nothing was changed. After { $left } more wrong attempt(s) this profile will be wiped.
err-wiped-after-failures = Too many wrong passphrases: the profile was wiped, as its owner had asked. Nothing in it can be recovered.
err-passphrase-short = That passphrase is too short. Choose one of at least { $min } characters; several unrelated words work well.
err-corrupt = Part of your local store is damaged or was tampered with ({ $what }). Amicus refused to use it. Do not delete anything; ask the Centre's support for help.
err-storage = Amicus could not write to this device's storage ({ $detail }). Nothing already saved was lost. Free some space or check permissions, then try again.
err-unreachable = Could not reach the relay at { $addr }. Nothing was lost: what is in your outbox stays there and `amicus sync` sends it when the connection works. A briefing to someone you have never written to needs the connection to start; if it is not in `amicus outbox`, send it again later.
err-pin-mismatch = The relay did not prove it is the one you were given (its key does not match the pin). Amicus did not connect. Check the relay address and pin with whoever invited you; someone may be intercepting the connection.
err-unexpected = The relay answered in a way Amicus does not understand. Nothing was lost. It may run a different version; try again later or ask the relay's operator.
err-bad-card = That is not a valid contact card. Copy the whole card (it starts with `amicus:`) and try again.
err-unknown-contact = You have no contact called "{ $name }". See your contacts with `amicus contacts list`.
err-contact-exists = You already have this contact (or one called "{ $name }"). Nothing was changed.
err-identity-changed = The safety number of "{ $name }" has changed. Nothing was sent. This happens when they reinstall Amicus, but it can also mean someone is impersonating them. Compare the new safety number with them over another channel (`amicus contacts verify { $name }`), then confirm it.
err-other-relay = "{ $name }" uses a different relay from yours. This version can only send through your own relay; ask them for a contact card from your relay.
err-too-large = The briefing is too long to send as a message ({ $len } bytes; the limit is { $max }). Shorten it or split it into several briefings. Nothing was sent.
err-no-message = There is no message number { $number }. See your messages with `amicus inbox`.
err-unknown-recipient = The relay does not know this recipient's mailbox. Nothing was sent. Check that their contact card is current.
err-not-registered = Your profile is not registered with the relay yet. Run `amicus sync` when you are online.
err-signal = An encryption step failed. Nothing was sent or deleted. Try again; if it keeps failing, run with --verbose and ask for help.
err-input = { $text }.
err-no-passphrase = No passphrase was given. Run Amicus in a terminal, or set AMICUS_PASSPHRASE or --passphrase-file.
err-passphrases-differ = The two passphrases differ. Nothing was created.
err-bad-pin = The pin must be the 64 hexadecimal characters the relay printed.
err-cannot-read = Cannot read { $path }: { $detail }.
err-no-recipient = Name at least one recipient with --to.
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
detail = (detail: { $detail })

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
guide-status = Profile "{ $name }": { $unread } unread briefing(s), { $outbox } waiting in your outbox, { $contacts } contact(s).
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
contact-line = { $name }  ({ $state })
contact-changed-warning = WARNING: { $name }'s safety number has CHANGED.
contact-verified = Marked { $name } as verified.
contact-confirm-hint = If it matches what { $name } sees, run this again with --confirm.
contact-saved-sender = Saved the sender of message { $number } as { $name }.
contact-compare-sender = Compare it with them before relying on who they are.

## send, sync, inbox
send-progress = Encrypting and sending to { $count } recipient(s)...{" "}
send-delivered = Delivered to the relay for { $name }.
send-waiting = Kept in your outbox for { $name } ({ $reason }); it will be retried by `amicus sync`.
sync-sent = Sent { $count } briefing(s) from your outbox.
sync-waiting = { $count } briefing(s) still wait in your outbox.
sync-received = { $count } new briefing(s).
sync-quarantined = { $count } envelope(s) could not be read and were kept aside: see `amicus quarantine`.
sync-auto-deleted = { $count } read briefing(s) older than your retention setting were deleted.
inbox-empty = No briefings. Fetch new ones with `amicus sync`.
inbox-line = { $number } { $mark } { $time }  from { $from }  { $subject }
unknown-sender = unknown sender { $id }
read-from = From:    { $from }
read-key-warning = WARNING: sent with a key that differs from the contact's safety number.
read-sent = Sent:    { $time }
read-subject = Subject: { $subject }
outbox-empty = Your outbox is empty: everything was delivered to the relay.
outbox-not-sent = not yet sent
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
demo-not-found = { $what }: not found
demo-found = { $what }: FOUND in { $where }
demo-fetched = 7. The member fetched { $count } briefing, stored it, then let the relay delete it:
demo-from = from:    { $from }
demo-subject = subject: { $subject }
demo-body = body:    { $body }
demo-left = 8. Envelopes left on the relay: { $count }
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
arg-version = Show the version.
quarantine-undecryptable = could not be decrypted (damaged, forged or replayed)
quarantine-bad-sender = the sender could not be identified
quarantine-unreadable = decrypted, but not a briefing this version can read
quarantine-other = could not be processed
sync-progress = Sending and fetching briefings...
