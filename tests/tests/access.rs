//! The access matrix: the owner of a mailbox, another enrolled user, an unauthenticated
//! connection and a connection replaying the owner's proof, each against every operation
//! that touches the owner's mailbox or needs a role. The owner's row is the positive
//! control (the matrix can see a success); every other cell must be a refusal.

mod support;

use amicus_client::internal::RelayLink;
use amicus_protocol::{
    EnvelopeId, ErrorCode, MailboxId, PrekeyUpload, PublicPrekey, Request, Response,
    SignedPublicPrekey,
};
use libsignal_protocol::{
    GenericSignedPreKey as _, IdentityKeyPair, KeyPair, KyberPreKeyRecord, kem,
};
use support::{TestProfile, TestRelay, centre};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Owner,
    Other,
    Anonymous,
    Replayed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    FetchOwnersEnvelopes,
    DeleteOwnersEnvelope,
    ReplaceOwnersPrekeys,
    CertificateNamingOwner,
    CreateInvitation,
}

/// A valid prekey upload under a fresh identity (what an attacker would publish).
fn fresh_upload() -> PrekeyUpload {
    let mut rng = rand::rng();
    let identity = IdentityKeyPair::generate(&mut rng);
    let signed = KeyPair::generate(&mut rng);
    let signature = identity
        .private_key()
        .calculate_signature(&signed.public_key.serialize(), &mut rng)
        .unwrap()
        .to_vec();
    let kyber =
        KyberPreKeyRecord::generate(kem::KeyType::Kyber1024, 1.into(), identity.private_key())
            .unwrap();
    PrekeyUpload {
        registration_id: 9,
        device_id: 1,
        identity_key: identity.identity_key().serialize().to_vec(),
        signed_prekey: SignedPublicPrekey {
            id: 1,
            public: signed.public_key.serialize().to_vec(),
            signature,
        },
        last_resort_kyber: SignedPublicPrekey {
            id: 1,
            public: kyber.public_key().unwrap().serialize().to_vec(),
            signature: kyber.signature().unwrap(),
        },
        one_time: vec![PublicPrekey {
            id: 77,
            public: KeyPair::generate(&mut rng).public_key.serialize().to_vec(),
        }],
        kyber_one_time: Vec::new(),
    }
}

async fn link_as(
    relay: &TestRelay,
    actor: Actor,
    owner: &mut TestProfile,
    other: &mut TestProfile,
) -> RelayLink {
    let link = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    match actor {
        Actor::Owner | Actor::Other => {
            let who = if actor == Actor::Owner { owner } else { other };
            let proof = who.p().authentication_proof(&link).await.unwrap();
            assert!(matches!(
                link.call(&proof).await.unwrap(),
                Response::Authenticated { .. }
            ));
        }
        Actor::Anonymous => {}
        Actor::Replayed => {
            // A proof the owner made for another connection's challenge.
            let elsewhere = RelayLink::connect(&relay.address(), relay.relay().pin)
                .await
                .unwrap();
            let proof = owner.p().authentication_proof(&elsewhere).await.unwrap();
            elsewhere.close().await;
            assert!(matches!(
                link.call(&Request::Challenge).await.unwrap(),
                Response::Challenge { .. }
            ));
            assert_eq!(
                link.call(&proof).await.unwrap(),
                Response::error(ErrorCode::AuthFailed)
            );
        }
    }
    link
}

/// Whether `op` on `link` succeeded against the owner's mailbox (or, for invitations, at
/// all).
async fn attempt(
    relay: &TestRelay,
    link: &RelayLink,
    op: Op,
    owner: MailboxId,
    victim_envelope: EnvelopeId,
) -> bool {
    let store = &relay.relay().service().mailboxes;
    match op {
        Op::FetchOwnersEnvelopes => matches!(
            link.call(&Request::Fetch { max: 16 }).await.unwrap(),
            Response::Envelopes { items, .. } if items.iter().any(|e| e.envelope_id == victim_envelope)
        ),
        Op::DeleteOwnersEnvelope => {
            let before = store.pending(&owner, 16).unwrap().0.len();
            let _ = link
                .call(&Request::Ack {
                    ids: vec![victim_envelope],
                })
                .await
                .unwrap();
            store.pending(&owner, 16).unwrap().0.len() < before
        }
        Op::ReplaceOwnersPrekeys => {
            let before = store.identity(&owner).unwrap();
            let _ = link
                .call(&Request::PublishPrekeys(fresh_upload()))
                .await
                .unwrap();
            store.identity(&owner).unwrap() != before
        }
        Op::CertificateNamingOwner => {
            match link.call(&Request::IssueSenderCertificate).await.unwrap() {
                Response::SenderCertificate { certificate } => {
                    let certificate =
                        libsignal_protocol::SenderCertificate::deserialize(&certificate).unwrap();
                    let uuid = certificate.sender_uuid().unwrap();
                    // A real service id (ACI) that libsignal parses, standing for the owner.
                    uuid == owner.sender_uuid()
                        && libsignal_protocol::Aci::parse_from_service_id_string(uuid).is_some()
                }
                _ => false,
            }
        }
        Op::CreateInvitation => matches!(
            link.call(&Request::CreateInvitation {
                token_hash: [op as u8; 32],
                expires_at: amicus_client::now_ms() / 1000 + 3600,
            })
            .await
            .unwrap(),
            Response::InvitationStored
        ),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_owner_touches_a_mailbox_and_only_staff_invite() {
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    let owner = w.member_a.p().mailbox();
    let ops = [
        Op::FetchOwnersEnvelopes,
        Op::CertificateNamingOwner,
        Op::CreateInvitation,
        Op::DeleteOwnersEnvelope,
        Op::ReplaceOwnersPrekeys,
    ];
    let mut unauthorised = Vec::new();
    let mut owner_successes = Vec::new();
    // The owner goes last: its row deletes the envelope and replaces the keys.
    for actor in [
        Actor::Other,
        Actor::Anonymous,
        Actor::Replayed,
        Actor::Owner,
    ] {
        for op in ops {
            // Exactly one envelope waits for the owner in each cell.
            let store = &relay.relay().service().mailboxes;
            let (stale, _) = store.pending(&owner, 16).unwrap();
            let stale: Vec<EnvelopeId> = stale.iter().map(|e| e.envelope_id).collect();
            store.remove(&owner, &stale).unwrap();
            w.defender.send("Member A", "for the matrix", "x").await;
            let (items, _) = store.pending(&owner, 16).unwrap();
            assert_eq!(items.len(), 1);
            let victim_envelope = items[0].envelope_id;
            let link = link_as(&relay, actor, &mut w.member_a, &mut w.member_b).await;
            let succeeded = attempt(&relay, &link, op, owner, victim_envelope).await;
            link.close().await;
            match (actor, succeeded) {
                (Actor::Owner, true) => owner_successes.push(op),
                (Actor::Owner, false) => {}
                (_, true) => unauthorised.push((actor, op)),
                (_, false) => {}
            }
        }
    }
    assert_eq!(unauthorised, [], "unauthorised successes");
    // Positive control: the owner can do everything except invite (members may not).
    assert_eq!(
        owner_successes,
        [
            Op::FetchOwnersEnvelopes,
            Op::CertificateNamingOwner,
            Op::DeleteOwnersEnvelope,
            Op::ReplaceOwnersPrekeys
        ]
    );
    // And staff can invite.
    let link = link_as(&relay, Actor::Owner, &mut w.staff, &mut w.member_b).await;
    assert!(
        attempt(
            &relay,
            &link,
            Op::CreateInvitation,
            owner,
            EnvelopeId([0; 16])
        )
        .await
    );
}
