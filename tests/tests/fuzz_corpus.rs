//! The fuzz smoke run on the stable toolchain: every fuzz target's check over the committed
//! seed corpus (`fuzz/corpus/<target>/`) and deterministic mutations of each seed (every
//! truncation, every byte flipped, bytes inserted) plus seeded random inputs. libFuzzer runs
//! the same checks for longer (see fuzz/README.md).
//!
//! `cargo test -p amicus-tests --test fuzz_corpus -- --ignored` rewrites the seed corpus
//! from the values below.

use std::path::PathBuf;

use amicus_core::briefing::{Briefing, ReviewStage};
use amicus_core::content::{Content, Presentation, Question, Receipt, ReceiptKind};
use amicus_core::mandate::{Attribution, MandateTerms, SignedMandate};
use amicus_core::proxy_records::{MandateRecord, PendingSend, Recipient, SentRecord};
use amicus_core::records::{Contact, InboxMessage, OutboxEntry, QuarantineReason, Quarantined};
use amicus_protocol::tokens::{SpendToken, TOKEN_SIGNATURE_LEN};
use amicus_protocol::{
    BlobId, ContactCard, DeliverItem, EnvelopeId, ErrorCode, IncomingEnvelope, Invitation,
    InvitedRole, MailboxId, PrekeyUpload, PublicPrekey, RelayPin, Request, Response, Role, Roster,
    RosterEntry, SignedPublicPrekey, SignedRoster, frame,
};
use amicus_tests::fuzz_checks::TARGETS;
use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus")
}

fn signed(id: u32) -> SignedPublicPrekey {
    SignedPublicPrekey {
        id,
        public: vec![5; 33],
        signature: vec![9; 64],
    }
}

fn briefing() -> Briefing {
    Briefing {
        message_id: [1; 16],
        sent_at: 1_700_000_000_000,
        title: "Detention of lawyers".into(),
        body: "Three lawyers were detained.".into(),
        state_party: "Freedonia".into(),
        session: "CCPR 145".into(),
        stage: ReviewStage::Loipr,
        articles: vec![9, 14],
        language: "en".into(),
        attachments: vec![amicus_core::attachment::AttachmentPointer {
            blob: BlobId([3; 16]),
            access: [4; 32],
            key: amicus_core::attachment::AttachmentKey::generate(),
            size: 5_000_000,
            digest: [5; 32],
            file_name: "hearing.mp4".into(),
            media_type: "video/mp4".into(),
        }],
        ..Default::default()
    }
}

fn terms() -> MandateTerms {
    MandateTerms {
        mandate_id: [2; 16],
        briefing_hash: [3; 32],
        staff: vec![MailboxId([4; 32])],
        members: vec![MailboxId([5; 32])],
        session: "CCPR 145".into(),
        attribution: Attribution::Pseudonym("Witness K".into()),
        allow_attachments: false,
        expires_at: 1_800_000_000_000,
    }
}

fn recipient() -> Recipient {
    Recipient {
        name: "Defender".into(),
        mailbox: MailboxId([6; 32]),
        identity_key: vec![5; 33],
    }
}

fn token() -> SpendToken {
    SpendToken {
        period: 2930,
        nonce: [8; 32],
        signature: vec![9; TOKEN_SIGNATURE_LEN],
    }
}

/// Seed values for each target: (target, name, bytes).
fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    let upload = PrekeyUpload {
        registration_id: 7,
        device_id: 1,
        identity_key: vec![5; 33],
        signed_prekey: signed(1),
        last_resort_kyber: signed(2),
        one_time: vec![PublicPrekey {
            id: 3,
            public: vec![5; 33],
        }],
        kyber_one_time: vec![signed(4)],
    };
    let requests = vec![
        Request::ServerInfo,
        Request::Challenge,
        Request::Authenticate {
            auth_key: vec![5; 33],
            signature: vec![1; 64],
        },
        Request::PublishPrekeys(upload.clone()),
        Request::FetchPrekeys {
            mailbox: MailboxId([7; 32]),
        },
        Request::Deliver {
            items: vec![DeliverItem {
                mailbox: MailboxId([1; 32]),
                envelope_id: EnvelopeId([2; 16]),
                payload: vec![3; 64],
            }],
        },
        Request::Fetch { max: 16 },
        Request::Ack {
            ids: vec![EnvelopeId([4; 16])],
        },
        Request::IssueSenderCertificate,
        Request::PublishRoster {
            roster: vec![1; 40],
        },
        Request::FetchRoster { since: 3 },
        Request::CreateInvitation {
            token_hash: [6; 32],
            expires_at: 1_800_000_000,
        },
        Request::Enrol { token: [7; 32] },
        Request::CreateBlob {
            size: 1 << 30,
            upload_hash: [1; 32],
            reader_hashes: vec![[2; 32]],
        },
        Request::UploadBlob {
            blob: BlobId([3; 16]),
            upload_token: [4; 32],
            offset: 65_552,
        },
        Request::BlobStatus {
            blob: BlobId([3; 16]),
            upload_token: [4; 32],
        },
        Request::DownloadBlob {
            blob: BlobId([3; 16]),
            reader_token: [5; 32],
            offset: 0,
        },
        Request::ReleaseBlob {
            blob: BlobId([3; 16]),
            reader_token: [5; 32],
        },
        Request::IssueTokens {
            period: 2930,
            blinded: vec![vec![6; TOKEN_SIGNATURE_LEN]],
        },
        Request::DeliverPaid {
            items: vec![amicus_protocol::PaidItem {
                token: token(),
                item: DeliverItem {
                    mailbox: MailboxId([1; 32]),
                    envelope_id: EnvelopeId([2; 16]),
                    payload: vec![3; 64],
                },
            }],
        },
        Request::CreateBlobPaid {
            tokens: vec![token()],
            size: 1 << 20,
            upload_hash: [1; 32],
            reader_hashes: vec![[2; 32]],
        },
        Request::WorkTerms {
            mailbox: MailboxId([3; 32]),
        },
        Request::DeliverWorked {
            items: vec![amicus_protocol::WorkedItem {
                epoch: 490_000,
                nonce: 12,
                item: DeliverItem {
                    mailbox: MailboxId([1; 32]),
                    envelope_id: EnvelopeId([2; 16]),
                    payload: vec![3; 64],
                },
            }],
        },
    ];
    let mut stream = Vec::new();
    for (i, r) in requests.iter().enumerate() {
        out.push(("request", format!("request-{i:02}"), r.encode()));
        stream.extend(frame::encode(&r.encode()));
    }
    out.push(("frame", "all-requests".into(), stream));
    let responses = [
        Response::error(ErrorCode::QuotaExceeded),
        Response::ServerInfo {
            trust_root: vec![5; 33],
            max_envelope_len: 1000,
            retention_secs: 86_400,
            max_blob_len: 4 << 30,
            token_period_secs: 604_800,
            token_keys: vec![amicus_protocol::tokens::TokenKey {
                period: 2930,
                public_key: vec![0x30; 294],
            }],
        },
        Response::Tokens {
            blind_signatures: vec![vec![7; TOKEN_SIGNATURE_LEN]],
            remaining: 19,
        },
        Response::WorkTerms(amicus_protocol::work::WorkTerms {
            epoch: 490_000,
            seed: [4; 32],
            difficulty: 10,
            memory_kib: 1024,
        }),
        Response::BlobCreated {
            blob: BlobId([3; 16]),
            expires_at: 1_800_000_000,
        },
        Response::BlobProgress {
            size: 100,
            stored: 40,
        },
        Response::BlobFollows { size: 100 },
        Response::BlobReleased { remaining: 0 },
        Response::Challenge { nonce: [8; 32] },
        Response::Delivered {
            statuses: vec![Ok(()), Err(ErrorCode::UnknownRecipient)],
        },
        Response::Envelopes {
            items: vec![IncomingEnvelope {
                envelope_id: EnvelopeId([1; 16]),
                received_at: 5,
                payload: vec![2; 64],
            }],
            more: true,
        },
        Response::SenderCertificate {
            certificate: vec![3; 100],
        },
        Response::Rosters {
            versions: vec![vec![1; 20]],
            more: false,
        },
        Response::Enrolled,
    ];
    for (i, r) in responses.iter().enumerate() {
        out.push(("response", format!("response-{i:02}"), r.encode()));
    }
    let card = ContactCard {
        name: "Amina".into(),
        relay_address: "relay.example.org:4433".into(),
        relay_pin: RelayPin([1; 32]),
        mailbox: MailboxId([2; 32]),
        identity_key: vec![5; 33],
    };
    out.push(("contact_card", "card".into(), card.to_text().into_bytes()));
    let invitation = Invitation {
        relay_address: "relay.example.org:4433".into(),
        relay_pin: RelayPin([1; 32]),
        centre_root: vec![5; 33],
        role: InvitedRole::Member,
        token: [3; 32],
        expires_at: 1_800_000_000,
    };
    out.push((
        "invitation",
        "invitation".into(),
        invitation.to_text().into_bytes(),
    ));
    let root = libsignal_protocol::KeyPair::generate(&mut rand::rng());
    let body = Roster {
        version: 2,
        previous: [9; 32],
        issued_at: 1,
        entries: vec![RosterEntry {
            name: "Member A".into(),
            role: Role::Member,
            mailbox: MailboxId([1; 32]),
            identity_key: vec![5; 33],
            term_end: 0,
        }],
    }
    .encode();
    let signature = root
        .private_key
        .calculate_signature(&SignedRoster::signed_message(&body), &mut rand::rng())
        .unwrap()
        .to_vec();
    let roster = SignedRoster {
        root_key: root.public_key.serialize().to_vec(),
        body,
        signature,
    };
    out.push(("roster", "roster".into(), roster.to_bytes()));
    out.push((
        "relay_records",
        "identity".into(),
        upload.identity_record().to_bytes(),
    ));
    out.push(("relay_records", "prekey".into(), signed(5).to_bytes()));
    // Layout 2: a queued envelope (id, arrival, payload) and a queue key.
    let queued = [&[7u8; 16][..], &1_000u64.to_be_bytes(), b"sealed envelope"].concat();
    out.push(("relay_records", "queued-envelope".into(), queued));
    let queue_key = [&b"q"[..], &[1u8; 32], &5u64.to_be_bytes()].concat();
    out.push(("relay_records", "queue-key".into(), queue_key));
    let q = Question {
        thread: [1; 16],
        question_id: [2; 16],
        text: "Were they charged?".into(),
        asked_by: "Member A".into(),
        at: 5,
    };
    let contents = [
        Content::Briefing(briefing()),
        Content::Submission {
            briefing: briefing(),
            mandate: SignedMandate {
                terms: terms(),
                identity_key: vec![5; 33],
                signature: vec![1; 64],
            },
        },
        Content::Presentation(Presentation {
            presentation_id: [4; 16],
            presented_at: 3,
            staff_name: "Staff S".into(),
            briefing: briefing(),
            terms: terms(),
        }),
        Content::Receipt(Receipt {
            about: [1; 16],
            kind: ReceiptKind::Presented,
            member: "Member A".into(),
            at: 4,
        }),
        Content::Revocation {
            mandate_id: [2; 16],
            at: 6,
        },
        Content::Withdrawal {
            presentation_id: [4; 16],
            at: 7,
        },
        Content::Question(q.clone()),
        Content::Answer(q),
    ];
    for (i, c) in contents.iter().enumerate() {
        out.push(("briefing", format!("content-{i:02}"), c.encode()));
    }
    out.push((
        "briefing",
        "padded".into(),
        contents[0].encode_padded(&MailboxId([6; 32])).unwrap(),
    ));
    let records: Vec<Vec<u8>> = vec![
        Contact {
            name: "Member A".into(),
            mailbox: MailboxId([1; 32]),
            identity_key: vec![5; 33],
            relay_address: "127.0.0.1:4433".into(),
            relay_pin: RelayPin([2; 32]),
            verified: true,
            pending_identity_key: None,
            added_at: 7,
            role: Some(Role::Member),
            term_end: 0,
        }
        .encode(),
        InboxMessage {
            number: 3,
            envelope_id: EnvelopeId([1; 16]),
            message_id: [2; 16],
            from_mailbox: MailboxId([3; 32]),
            from_identity_key: vec![5; 33],
            sent_at: 1,
            received_at: 2,
            subject: "s".into(),
            body: "b".into(),
            read_at: 0,
            content: contents[0].encode(),
            withdrawn_at: 0,
        }
        .encode(),
        OutboxEntry {
            number: 1,
            envelope_id: EnvelopeId([1; 16]),
            to_mailbox: MailboxId([3; 32]),
            to_name: "x".into(),
            subject: "s".into(),
            created_at: 4,
            payload: vec![1, 2, 3],
            last_error: 0,
        }
        .encode(),
        Quarantined {
            number: 1,
            envelope_id: EnvelopeId([1; 16]),
            received_at: 4,
            reason: QuarantineReason::Undecryptable,
            detail: "bad".into(),
            payload: vec![9; 16],
        }
        .encode(),
        MandateRecord {
            mandate: SignedMandate {
                terms: terms(),
                identity_key: vec![5; 33],
                signature: vec![1; 64],
            },
            inbox_number: 3,
            message_id: [1; 16],
            defender: recipient(),
            revoked_at: 0,
            presentations: Vec::new(),
            questions: Vec::new(),
        }
        .encode(),
        SentRecord {
            number: 1,
            message_id: [1; 16],
            title: "t".into(),
            sent_at: 2,
            recipients: vec![recipient()],
            mandate_id: Some([2; 16]),
            revoked_at: 0,
            receipts: Vec::new(),
        }
        .encode(),
        PendingSend {
            number: 4,
            to: recipient(),
            content: contents[3].encode(),
            label: "receipt".into(),
        }
        .encode(),
        token().to_record(),
    ];
    for (i, r) in records.into_iter().enumerate() {
        out.push(("client_records", format!("record-{i:02}"), r));
    }
    out
}

#[test]
fn every_target_survives_its_corpus_and_mutations() {
    let mut runs = 0u64;
    for (target, check) in TARGETS {
        let dir = corpus_dir().join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("seed corpus for {target} missing ({e})"))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no seeds for {target}");
        let mut random = StdRng::seed_from_u64(0xF022 ^ target.len() as u64);
        for file in files {
            let seed = std::fs::read(&file).unwrap();
            check(&seed);
            for cut in 0..seed.len() {
                check(&seed[..cut]);
            }
            for i in 0..seed.len() {
                for flip in [0xFFu8, 0x01, 0x80] {
                    let mut m = seed.clone();
                    m[i] ^= flip;
                    check(&m);
                }
                let mut m = seed.clone();
                m.insert(i, 0xFF);
                check(&m);
            }
            runs += 1 + seed.len() as u64 * 5;
        }
        for _ in 0..500 {
            let len = random.random_range(0..300);
            let bytes: Vec<u8> = (0..len).map(|_| random.random()).collect();
            check(&bytes);
        }
        runs += 500;
    }
    eprintln!("fuzz smoke: {runs} inputs over {} targets", TARGETS.len());
}

#[test]
fn the_committed_corpus_is_current() {
    for (target, name, _) in seeds() {
        let path = corpus_dir().join(target).join(&name);
        assert!(
            path.exists(),
            "{} missing: run `cargo test -p amicus-tests --test fuzz_corpus -- --ignored`",
            path.display()
        );
    }
}

/// Rewrites the seed corpus (run by hand when formats change).
#[test]
#[ignore]
fn write_seed_corpus() {
    for (target, name, bytes) in seeds() {
        let dir = corpus_dir().join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}
