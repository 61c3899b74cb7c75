//! Unit tests: every call's happy and unhappy paths, residency across blocks
//! and moves, and a scan of the pallet's storage for personal data.
//!
//! Failing calls are checked with `assert_noop!` (storage root unchanged)
//! and with the mock's badges unchanged.

use crate::{mock::*, *};
use civitas_primitives::{
	offices::testing::TestOffices,
	residency::{
		disclosure::{self, Attribute},
		testing::TestBadges,
	},
	CityStatus, Residents,
};
use codec::Decode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use scale_info::{MetaType, TypeDef, TypeDefPrimitive};
use sp_core::H256;
use sp_runtime::DispatchError;

type E = Error<Test>;
use CertificateKind::Resident;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn has_event(e: Event<Test>) -> bool {
	events().contains(&e)
}

/// Tallinn's Registrar issues Mari a certificate valid until block 500.
fn issue_mari() -> CertificateId {
	let id = NextCertificateId::<Test>::get();
	assert_ok!(Residency::issue(signed(REGISTRAR), TALLINN, MARI, Resident, commitment(1), 500));
	id
}

fn certificate(id: CertificateId) -> CertificateOf<Test> {
	Certificates::<Test>::get(id).expect("the certificate exists")
}

/// `assert_noop!`, and the mock's badges unchanged too.
macro_rules! assert_refused {
	($call:expr, $err:expr) => {{
		let badges = TestBadges::all();
		assert_noop!($call, $err);
		assert_eq!(TestBadges::all(), badges);
	}};
}

#[test]
fn issuing_creates_the_certificate_and_mints_a_locked_badge() {
	test(|| {
		let id = issue_mari();
		let c = certificate(id);
		assert_eq!(
			c,
			Certificate {
				subject: MARI,
				city: TALLINN,
				kind: Resident,
				commitment: commitment(1),
				issued_at: 1,
				expires_at: 500,
				status: CertificateStatus::Active,
				moved_from: None,
			}
		);
		assert_eq!(CurrentCertificate::<Test>::get(TALLINN, MARI), Some(id));
		assert!(Residency::is_resident(TALLINN, &MARI));
		assert!(<Residency as Residents<u64, u64>>::is_resident(TALLINN, &MARI));
		assert!(!Residency::is_resident(TARTU, &MARI));
		assert_eq!(Residency::active_residents(TALLINN), 1);
		// The city's collection was created on first use, owned by the
		// pallet's keyless account, and holds Mari's badge.
		let collection = BadgeCollections::<Test>::get(TALLINN).expect("a collection");
		assert_eq!(TestBadges::collection(collection), Some((TALLINN, Residency::badge_owner())));
		assert_eq!(TestBadges::all(), vec![(collection, id, MARI)]);
		assert!(has_event(Event::BadgeCollectionCreated { city: TALLINN, collection }));
		assert!(has_event(Event::CertificateIssued {
			certificate: id,
			city: TALLINN,
			subject: MARI,
			kind: Resident,
			expires_at: 500,
			moved_from: None,
		}));

		// A second resident reuses the collection.
		assert_ok!(Residency::issue(
			signed(REGISTRAR),
			TALLINN,
			JAAN,
			Resident,
			commitment(2),
			300
		));
		assert_eq!(TestBadges::all(), vec![(collection, id, MARI), (collection, id + 1, JAAN)]);
		assert_eq!(
			events().iter().filter(|e| matches!(e, Event::BadgeCollectionCreated { .. })).count(),
			1
		);
		assert_eq!(Residency::active_residents(TALLINN), 2);
		assert_eq!(ActiveCertificates::<Test>::get(TALLINN), 2);
	});
}

#[test]
fn only_a_registrar_of_the_active_city_issues() {
	test(|| {
		let issue = |origin| Residency::issue(origin, TALLINN, MARI, Resident, commitment(1), 500);
		assert_refused!(issue(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_refused!(issue(RuntimeOrigin::root()), DispatchError::BadOrigin);
		assert_refused!(issue(signed(AUDITOR)), E::NotRegistrar);
		// The Registrar of another city.
		assert_refused!(issue(signed(TARTU_REGISTRAR)), E::NotRegistrar);
		assert_refused!(
			Residency::issue(signed(REGISTRAR), 9, MARI, Resident, commitment(1), 500),
			E::UnknownCity
		);
		TestOffices::set_status(TALLINN, CityStatus::Suspended);
		assert_refused!(issue(signed(REGISTRAR)), E::CityNotActive);
	});
}

#[test]
fn issuing_refuses_bad_terms_and_a_second_active_certificate() {
	test(|| {
		System::set_block_number(10);
		let issue = |expires_at, c| {
			Residency::issue(signed(REGISTRAR), TALLINN, MARI, Resident, c, expires_at)
		};
		assert_refused!(issue(10, commitment(1)), E::ExpiryInPast);
		assert_refused!(issue(5, commitment(1)), E::ExpiryInPast);
		assert_refused!(issue(10 + MAX_VALIDITY + 1, commitment(1)), E::ValidityTooLong);
		assert_refused!(issue(100, H256::zero()), E::EmptyCommitment);
		assert_ok!(issue(10 + MAX_VALIDITY, commitment(1)));
		assert_refused!(issue(100, commitment(2)), E::AlreadyResident);
		// The same subject may hold a certificate of another city.
		assert_ok!(Residency::issue(
			signed(TARTU_REGISTRAR),
			TARTU,
			MARI,
			Resident,
			commitment(3),
			50
		));
		assert_eq!(TestBadges::all().len(), 2);
	});
}

#[test]
fn a_failing_badge_mint_changes_nothing() {
	test(|| {
		TestBadges::fail_mints();
		assert_noop!(
			Residency::issue(signed(REGISTRAR), TALLINN, MARI, Resident, commitment(1), 500),
			E::BadgeFailed
		);
		assert!(!Residency::is_resident(TALLINN, &MARI));
	});
}

#[test]
fn certificate_ids_do_not_overflow() {
	test(|| {
		NextCertificateId::<Test>::put(CertificateId::MAX);
		assert_refused!(
			Residency::issue(signed(REGISTRAR), TALLINN, MARI, Resident, commitment(1), 500),
			E::CertificateIdsExhausted
		);
	});
}

#[test]
fn residency_ends_at_the_expiry_block_without_any_call() {
	test(|| {
		issue_mari();
		run_to(499);
		assert!(Residency::is_resident(TALLINN, &MARI));
		assert_eq!(Residency::active_residents(TALLINN), 1);
		run_to(500);
		assert!(!Residency::is_resident(TALLINN, &MARI));
		assert_eq!(Residency::active_residents(TALLINN), 0);
		let view = Residency::certificate_of(TALLINN, &MARI).expect("still on record");
		assert!(!view.valid);
		assert_eq!(view.certificate.status, CertificateStatus::Active);
		// Not yet cleaned up: the badge is still there until someone does.
		assert_eq!(TestBadges::all().len(), 1);
		assert_eq!(ActiveCertificates::<Test>::get(TALLINN), 1);
	});
}

#[test]
fn anyone_cleans_up_a_lapsed_certificate_but_not_before_it_lapses() {
	test(|| {
		let id = issue_mari();
		run_to(499);
		assert_refused!(Residency::expire(signed(JAAN), id), E::NotYetExpired);
		assert_refused!(Residency::expire(RuntimeOrigin::none(), id), DispatchError::BadOrigin);
		assert_refused!(Residency::expire(signed(JAAN), id + 1), E::UnknownCertificate);
		run_to(600);
		assert_ok!(Residency::expire(signed(JAAN), id));
		assert_eq!(certificate(id).status, CertificateStatus::Expired { at: 600 });
		assert!(TestBadges::all().is_empty());
		assert_eq!(ActiveCertificates::<Test>::get(TALLINN), 0);
		assert!(has_event(Event::CertificateExpired {
			certificate: id,
			city: TALLINN,
			subject: MARI
		}));
		assert_refused!(Residency::expire(signed(JAAN), id), E::CertificateNotActive);
	});
}

#[test]
fn issuing_after_expiry_cleans_the_lapsed_certificate_up() {
	test(|| {
		let old = issue_mari();
		run_to(520);
		assert_ok!(Residency::issue(
			signed(REGISTRAR),
			TALLINN,
			MARI,
			Resident,
			commitment(5),
			900
		));
		let new = old + 1;
		assert_eq!(certificate(old).status, CertificateStatus::Expired { at: 520 });
		assert_eq!(CurrentCertificate::<Test>::get(TALLINN, MARI), Some(new));
		let collection = BadgeCollections::<Test>::get(TALLINN).expect("a collection");
		assert_eq!(TestBadges::all(), vec![(collection, new, MARI)]);
		assert_eq!(ActiveCertificates::<Test>::get(TALLINN), 1);
		assert!(Residency::is_resident(TALLINN, &MARI));
	});
}

#[test]
fn only_a_new_subject_in_a_city_with_badges_is_refunded_down_to_its_weight() {
	test(|| {
		let worst = <() as WeightInfo>::issue()
			.max(<() as WeightInfo>::issue_first_in_city())
			.max(<() as WeightInfo>::issue_new_subject());
		let declared = Call::<Test>::issue {
			city: TALLINN,
			subject: MARI,
			kind: Resident,
			commitment: commitment(1),
			expires_at: 500,
		}
		.get_dispatch_info();
		assert_eq!(declared.call_weight, worst);
		let issue = |subject, seed, expires_at| {
			Residency::issue(
				signed(REGISTRAR),
				TALLINN,
				subject,
				Resident,
				commitment(seed),
				expires_at,
			)
			.expect("issued")
			.actual_weight
		};

		// The city's first certificate creates its badge collection.
		assert!(BadgeCollections::<Test>::get(TALLINN).is_none());
		assert_eq!(issue(MARI, 1, 500), None);
		assert_eq!(issue(JAAN, 2, 500), Some(<() as WeightInfo>::issue_new_subject()));
		// Replacing a lapsed certificate burns its badge: no refund.
		run_to(520);
		assert_eq!(issue(MARI, 3, 900), None);
	});
}

#[test]
fn renewal_extends_the_expiry_and_may_replace_the_commitment() {
	test(|| {
		let id = issue_mari();
		run_to(100);
		assert_ok!(Residency::renew(signed(REGISTRAR), TALLINN, MARI, 800, None));
		assert_eq!(certificate(id).expires_at, 800);
		assert_eq!(certificate(id).commitment, commitment(1));
		assert!(has_event(Event::CertificateRenewed {
			certificate: id,
			city: TALLINN,
			subject: MARI,
			expires_at: 800,
			commitment_changed: false,
		}));
		assert_ok!(Residency::renew(signed(REGISTRAR), TALLINN, MARI, 900, Some(commitment(9))));
		assert_eq!(certificate(id).commitment, commitment(9));
		assert_eq!(certificate(id).issued_at, 1);
		run_to(899);
		assert!(Residency::is_resident(TALLINN, &MARI));
	});
}

#[test]
fn renewal_refuses_bad_terms_other_cities_and_ended_certificates() {
	test(|| {
		issue_mari();
		run_to(100);
		let renew =
			|who, city, expires_at, c| Residency::renew(signed(who), city, MARI, expires_at, c);
		assert_refused!(renew(TARTU_REGISTRAR, TALLINN, 800, None), E::NotRegistrar);
		assert_refused!(renew(TARTU_REGISTRAR, TARTU, 800, None), E::NotResident);
		assert_refused!(renew(REGISTRAR, TALLINN, 500, None), E::ExpiryNotLater);
		assert_refused!(
			renew(REGISTRAR, TALLINN, 100 + MAX_VALIDITY + 1, None),
			E::ValidityTooLong
		);
		assert_refused!(renew(REGISTRAR, TALLINN, 800, Some(H256::zero())), E::EmptyCommitment);
		assert_refused!(
			Residency::renew(signed(REGISTRAR), TALLINN, JAAN, 800, None),
			E::NotResident
		);

		// Revoked: not renewable.
		assert_ok!(Residency::revoke(
			signed(REGISTRAR),
			TALLINN,
			MARI,
			RevocationReason::IssuedInError
		));
		assert_refused!(renew(REGISTRAR, TALLINN, 800, None), E::CertificateNotActive);

		// Lapsed: not renewable either.
		assert_ok!(Residency::issue(
			signed(REGISTRAR),
			TALLINN,
			JAAN,
			Resident,
			commitment(2),
			200
		));
		run_to(200);
		assert_refused!(
			Residency::renew(signed(REGISTRAR), TALLINN, JAAN, 800, None),
			E::CertificateExpired
		);
	});
}

#[test]
fn revocation_ends_residency_and_burns_the_badge() {
	test(|| {
		let id = issue_mari();
		run_to(50);
		assert_refused!(
			Residency::revoke(signed(TARTU_REGISTRAR), TALLINN, MARI, RevocationReason::Deceased),
			E::NotRegistrar
		);
		assert_refused!(
			Residency::revoke(signed(AUDITOR), TALLINN, MARI, RevocationReason::Deceased),
			E::NotRegistrar
		);
		assert_ok!(Residency::revoke(
			signed(REGISTRAR),
			TALLINN,
			MARI,
			RevocationReason::LeftTheCity
		));
		assert_eq!(
			certificate(id).status,
			CertificateStatus::Revoked { reason: RevocationReason::LeftTheCity, at: 50 }
		);
		assert!(!Residency::is_resident(TALLINN, &MARI));
		assert!(TestBadges::all().is_empty());
		assert_eq!(ActiveCertificates::<Test>::get(TALLINN), 0);
		assert!(has_event(Event::CertificateRevoked {
			certificate: id,
			city: TALLINN,
			subject: MARI,
			reason: RevocationReason::LeftTheCity,
		}));
		assert_refused!(
			Residency::revoke(signed(REGISTRAR), TALLINN, MARI, RevocationReason::LeftTheCity),
			E::CertificateNotActive
		);
		assert_refused!(
			Residency::revoke(signed(REGISTRAR), TALLINN, JAAN, RevocationReason::LeftTheCity),
			E::NotResident
		);
		// A new certificate may be issued after a revocation, with a new badge.
		assert_ok!(Residency::issue(
			signed(REGISTRAR),
			TALLINN,
			MARI,
			Resident,
			commitment(4),
			700
		));
		assert_eq!(TestBadges::all().len(), 1);
		assert_eq!(certificate(id + 1).status, CertificateStatus::Active);
	});
}

#[test]
fn a_lapsed_certificate_cannot_be_revoked() {
	test(|| {
		issue_mari();
		run_to(500);
		assert_refused!(
			Residency::revoke(signed(REGISTRAR), TALLINN, MARI, RevocationReason::CourtOrder),
			E::CertificateExpired
		);
	});
}

#[test]
fn a_move_replaces_the_certificate_in_the_same_block() {
	test(|| {
		let old = issue_mari();
		run_to(40);
		assert_ok!(Residency::move_residency(
			signed(TARTU_REGISTRAR),
			MARI,
			TALLINN,
			TARTU,
			Resident,
			commitment(7),
			700
		));
		let new = old + 1;
		assert_eq!(certificate(old).status, CertificateStatus::Moved { to: new, at: 40 });
		let moved = certificate(new);
		assert_eq!((moved.city, moved.subject, moved.issued_at), (TARTU, MARI, 40));
		assert_eq!(moved.moved_from, Some(old));
		// No gap: resident of Tartu in the very block Tallinn's ended.
		assert!(!Residency::is_resident(TALLINN, &MARI));
		assert!(Residency::is_resident(TARTU, &MARI));
		assert_eq!(
			(Residency::active_residents(TALLINN), Residency::active_residents(TARTU)),
			(0, 1)
		);
		let tartu = BadgeCollections::<Test>::get(TARTU).expect("Tartu's collection");
		assert_eq!(TestBadges::all(), vec![(tartu, new, MARI)]);
		// The two events name each other.
		assert!(has_event(Event::CertificateIssued {
			certificate: new,
			city: TARTU,
			subject: MARI,
			kind: Resident,
			expires_at: 700,
			moved_from: Some(old),
		}));
		assert!(has_event(Event::CertificateMoved {
			certificate: old,
			city: TALLINN,
			subject: MARI,
			to_city: TARTU,
			moved_to: new,
		}));
	});
}

#[test]
fn a_move_needs_the_new_citys_registrar_two_cities_and_a_resident() {
	test(|| {
		issue_mari();
		let move_to = |who, subject, from, to| {
			Residency::move_residency(signed(who), subject, from, to, Resident, commitment(7), 700)
		};
		assert_refused!(move_to(TARTU_REGISTRAR, MARI, TARTU, TARTU), E::SameCity);
		// The old city's Registrar cannot pull a resident into Tartu.
		assert_refused!(move_to(REGISTRAR, MARI, TALLINN, TARTU), E::NotRegistrar);
		assert_refused!(move_to(TARTU_REGISTRAR, JAAN, TALLINN, TARTU), E::NotResident);
		assert_refused!(
			Residency::move_residency(
				signed(TARTU_REGISTRAR),
				MARI,
				TALLINN,
				TARTU,
				Resident,
				H256::zero(),
				700
			),
			E::EmptyCommitment
		);
		// Already a resident of Tartu: nothing to move into.
		assert_ok!(Residency::issue(
			signed(TARTU_REGISTRAR),
			TARTU,
			MARI,
			Resident,
			commitment(3),
			50
		));
		assert_refused!(move_to(TARTU_REGISTRAR, MARI, TALLINN, TARTU), E::AlreadyResident);
		// A lapsed certificate cannot be moved.
		assert_ok!(Residency::issue(signed(REGISTRAR), TALLINN, JAAN, Resident, commitment(2), 20));
		run_to(20);
		assert_refused!(move_to(TARTU_REGISTRAR, JAAN, TALLINN, TARTU), E::CertificateExpired);
	});
}

#[test]
fn residents_may_move_out_of_a_suspended_city() {
	test(|| {
		issue_mari();
		TestOffices::set_status(TALLINN, CityStatus::Suspended);
		assert_ok!(Residency::move_residency(
			signed(TARTU_REGISTRAR),
			MARI,
			TALLINN,
			TARTU,
			Resident,
			commitment(7),
			700
		));
		assert!(Residency::is_resident(TARTU, &MARI));
	});
}

#[test]
fn residents_grant_and_revoke_consent_to_providers() {
	test(|| {
		issue_mari();
		let pointer = H256::repeat_byte(0xaa);
		assert_refused!(
			Residency::grant_consent(signed(JAAN), TALLINN, LIBRARY, pointer),
			E::NotResident
		);
		assert_refused!(
			Residency::grant_consent(signed(MARI), TARTU, LIBRARY, pointer),
			E::NotResident
		);
		assert_refused!(
			Residency::grant_consent(signed(MARI), TALLINN, MARI, pointer),
			E::ConsentToSelf
		);
		assert_ok!(Residency::grant_consent(signed(MARI), TALLINN, LIBRARY, pointer));
		assert_eq!(Residency::provider_access(TALLINN, &MARI, &LIBRARY), Some(pointer));
		assert_eq!(Residency::provider_access(TALLINN, &MARI, &CLINIC), None);
		assert!(has_event(Event::ConsentGranted {
			city: TALLINN,
			subject: MARI,
			provider: LIBRARY,
			pointer
		}));

		// A new pointer for the same provider replaces the grant.
		let moved_record = H256::repeat_byte(0xbb);
		assert_ok!(Residency::grant_consent(signed(MARI), TALLINN, LIBRARY, moved_record));
		assert_eq!(Residency::provider_access(TALLINN, &MARI, &LIBRARY), Some(moved_record));
		assert_eq!(ConsentCount::<Test>::get(TALLINN, MARI), 1);

		assert_ok!(Residency::grant_consent(signed(MARI), TALLINN, CLINIC, pointer));
		assert_refused!(
			Residency::grant_consent(signed(MARI), TALLINN, GYM, pointer),
			E::TooManyConsents
		);

		assert_refused!(Residency::revoke_consent(signed(MARI), TALLINN, GYM), E::NoConsent);
		assert_refused!(Residency::revoke_consent(signed(LIBRARY), TALLINN, MARI), E::NoConsent);
		assert_ok!(Residency::revoke_consent(signed(MARI), TALLINN, LIBRARY));
		assert_eq!(Residency::provider_access(TALLINN, &MARI, &LIBRARY), None);
		assert!(has_event(Event::ConsentRevoked {
			city: TALLINN,
			subject: MARI,
			provider: LIBRARY
		}));
		assert_refused!(Residency::revoke_consent(signed(MARI), TALLINN, LIBRARY), E::NoConsent);
		assert_ok!(Residency::grant_consent(signed(MARI), TALLINN, GYM, pointer));
	});
}

#[test]
fn a_provider_loses_access_with_residency_and_consent_stays_revocable() {
	test(|| {
		issue_mari();
		let pointer = H256::repeat_byte(0xcc);
		assert_ok!(Residency::grant_consent(signed(MARI), TALLINN, CLINIC, pointer));
		assert_ok!(Residency::revoke(
			signed(REGISTRAR),
			TALLINN,
			MARI,
			RevocationReason::LeftTheCity
		));
		assert_eq!(Residency::provider_access(TALLINN, &MARI, &CLINIC), None);
		assert_ok!(Residency::revoke_consent(signed(MARI), TALLINN, CLINIC));
		assert_eq!(ConsentCount::<Test>::get(TALLINN, MARI), 0);
		assert!(!ConsentCount::<Test>::contains_key(TALLINN, MARI));
	});
}

#[test]
fn a_disclosure_verifies_against_the_commitment_on_chain() {
	test(|| {
		let record = vec![
			Attribute { key: b"age_band".to_vec(), value: b"30-39".to_vec(), salt: [7; 32] },
			Attribute {
				key: b"neighbourhood".to_vec(),
				value: b"Kalamaja".to_vec(),
				salt: [8; 32],
			},
		];
		let c = disclosure::commit(&record).expect("a record");
		assert_ok!(Residency::issue(signed(REGISTRAR), TALLINN, MARI, Resident, c, 500));
		let on_chain =
			Residency::certificate_of(TALLINN, &MARI).expect("issued").certificate.commitment;
		let proof = disclosure::disclose(&record, b"neighbourhood").expect("a key of the record");
		assert_eq!(disclosure::verify(&on_chain, &proof), Ok(()));
		let mut lie = proof.clone();
		lie.attribute.value = b"Pirita".to_vec();
		assert_eq!(
			disclosure::verify(&on_chain, &lie),
			Err(disclosure::DisclosureError::AttributeMismatch)
		);
	});
}

/// Fails if `ty` can hold anything but accounts (here `u64`), ids, block
/// numbers, enums and 32-byte hashes: no strings, no byte vectors, no
/// sequences of any kind, no arrays but hashes.
fn assert_no_free_data(ty: MetaType, path: &str, depth: usize) {
	assert!(depth < 16, "{path}: type nests too deep");
	let info = ty.type_info();
	let name = format!("{path}/{}", info.path.segments.last().copied().unwrap_or("?"));
	match &info.type_def {
		TypeDef::Composite(c) => {
			for f in &c.fields {
				assert_no_free_data(f.ty, &format!("{name}.{}", f.name.unwrap_or("_")), depth + 1)
			}
		}
		TypeDef::Variant(v) => {
			for variant in &v.variants {
				for f in &variant.fields {
					assert_no_free_data(f.ty, &format!("{name}::{}", variant.name), depth + 1)
				}
			}
		}
		TypeDef::Tuple(t) => {
			for f in &t.fields {
				assert_no_free_data(*f, &name, depth + 1)
			}
		}
		TypeDef::Array(a) => {
			let element = a.type_param.type_info().type_def;
			assert!(
				a.len == 32 && matches!(element, TypeDef::Primitive(TypeDefPrimitive::U8)),
				"{name}: an array of {} elements that is not a hash",
				a.len
			);
		}
		TypeDef::Compact(c) => assert_no_free_data(c.type_param, &name, depth + 1),
		TypeDef::Primitive(TypeDefPrimitive::Str | TypeDefPrimitive::Char) => {
			panic!("{name}: text")
		}
		TypeDef::Primitive(_) => {}
		TypeDef::Sequence(_) => panic!("{name}: a sequence can hold anything"),
		TypeDef::BitSequence(_) => panic!("{name}: a bit sequence"),
	}
}

#[test]
fn the_storage_holds_nothing_but_accounts_ids_blocks_enums_and_hashes() {
	test(|| {
		// A scenario touching every storage item: issue, renew with new
		// attributes, consent, revoke, move, expire.
		let salted =
			|k: &str, v: &str, s| Attribute { key: k.into(), value: v.into(), salt: [s; 32] };
		let mari = vec![salted("age_band", "30-39", 1), salted("neighbourhood", "Kalamaja", 2)];
		let jaan = vec![salted("age_band", "60-69", 3), salted("neighbourhood", "Pirita", 4)];
		let commit = |r: &[Attribute]| disclosure::commit(r).expect("a record");
		assert_ok!(Residency::issue(
			signed(REGISTRAR),
			TALLINN,
			MARI,
			Resident,
			commit(&mari),
			500
		));
		assert_ok!(Residency::issue(
			signed(REGISTRAR),
			TALLINN,
			JAAN,
			Resident,
			commit(&jaan),
			100
		));
		assert_ok!(Residency::renew(signed(REGISTRAR), TALLINN, MARI, 600, Some(commit(&jaan))));
		assert_ok!(Residency::grant_consent(signed(MARI), TALLINN, LIBRARY, H256::repeat_byte(9)));
		assert_ok!(Residency::move_residency(
			signed(TARTU_REGISTRAR),
			MARI,
			TALLINN,
			TARTU,
			Resident,
			commit(&mari),
			700
		));
		run_to(100);
		assert_ok!(Residency::expire(signed(LIBRARY), 1));
		assert_ok!(Residency::issue(
			signed(REGISTRAR),
			TALLINN,
			JAAN,
			Resident,
			commit(&jaan),
			900
		));
		assert_ok!(Residency::revoke(signed(REGISTRAR), TALLINN, JAAN, RevocationReason::Deceased));

		// Every stored value type, by its storage item; the key types are
		// `CityId`, `CertificateId` and accounts.
		type Items = [(&'static [u8], MetaType, fn(&[u8]) -> bool); 9];
		fn decodes<V: Decode>(mut bytes: &[u8]) -> bool {
			V::decode(&mut bytes).is_ok() && bytes.is_empty()
		}
		let items: Items = [
			(b"NextCertificateId", MetaType::new::<CertificateId>(), decodes::<CertificateId>),
			(
				b"Certificates",
				MetaType::new::<CertificateOf<Test>>(),
				decodes::<CertificateOf<Test>>,
			),
			(b"CurrentCertificate", MetaType::new::<CertificateId>(), decodes::<CertificateId>),
			(b"ActiveCertificates", MetaType::new::<u32>(), decodes::<u32>),
			(b"Roll", MetaType::new::<CertificateId>(), decodes::<CertificateId>),
			(b"RollLength", MetaType::new::<u32>(), decodes::<u32>),
			(
				b"BadgeCollections",
				MetaType::new::<BadgeCollectionId>(),
				decodes::<BadgeCollectionId>,
			),
			(b"Consents", MetaType::new::<Consent<u64>>(), decodes::<Consent<u64>>),
			(b"ConsentCount", MetaType::new::<u32>(), decodes::<u32>),
		];
		// The list is the pallet's whole storage, as its metadata declares.
		let declared: Vec<String> =
			Residency::storage_metadata().entries.iter().map(|e| e.name.to_string()).collect();
		let listed: Vec<String> =
			items.iter().map(|(n, _, _)| String::from_utf8_lossy(n).into_owned()).collect();
		assert_eq!(declared, listed);
		for (name, ty, _) in &items {
			assert_no_free_data(*ty, &String::from_utf8_lossy(name), 0);
		}
		for ty in
			[MetaType::new::<CityId>(), MetaType::new::<CertificateId>(), MetaType::new::<u64>()]
		{
			assert_no_free_data(ty, "key", 0);
		}

		// Every key under the pallet's prefix belongs to one of the items
		// and its value decodes, whole, as that item's type.
		let prefix = sp_io::hashing::twox_128(b"Residency");
		let mut key = prefix.to_vec();
		let mut seen = 0;
		while let Some(next) = sp_io::storage::next_key(&key) {
			if !next.starts_with(&prefix) {
				break;
			}
			let value = sp_io::storage::get(&next).expect("a value under a key");
			let item = items
				.iter()
				.find(|(name, _, _)| next[16..32] == sp_io::hashing::twox_128(name))
				.unwrap_or_else(|| panic!("key {} belongs to no known item", hex(&next)));
			assert!((item.2)(&value), "{} does not decode", String::from_utf8_lossy(item.0));
			seen += 1;
			key = next;
		}
		assert!(seen >= 12, "the scenario wrote {seen} entries");

		// And no attribute value or key is anywhere in the chain's storage.
		let mut key = Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			let value = sp_io::storage::get(&next).unwrap_or_default();
			for needle in [&b"Kalamaja"[..], b"Pirita", b"30-39", b"60-69", b"age_band"] {
				for bytes in [&next[..], &value[..]] {
					assert!(
						!bytes.windows(needle.len()).any(|w| w == needle),
						"{} found in storage",
						String::from_utf8_lossy(needle)
					);
				}
			}
			key = next;
		}
	});
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_storage_scan_would_catch_a_text_field() {
	// The walker itself refuses what personal data would need.
	let refused =
		|ty: MetaType| std::panic::catch_unwind(|| assert_no_free_data(ty, "t", 0)).is_err();
	assert!(refused(MetaType::new::<Vec<u8>>()));
	assert!(refused(MetaType::new::<String>()));
	assert!(refused(MetaType::new::<[u8; 20]>()));
	assert!(refused(MetaType::new::<
		Option<frame_support::BoundedVec<u8, frame_support::traits::ConstU32<8>>>,
	>()));
	assert!(!refused(MetaType::new::<CertificateOf<Test>>()));
	assert!(!refused(MetaType::new::<H256>()));
}

#[test]
fn the_invariants_catch_corrupted_records() {
	test(|| {
		let id = issue_mari();
		check();
		ActiveCertificates::<Test>::insert(TALLINN, 2);
		assert!(Residency::check_invariants().is_err());
		ActiveCertificates::<Test>::insert(TALLINN, 1);
		check();
		// A second active certificate for the same subject and city.
		let mut twin = certificate(id);
		twin.commitment = commitment(2);
		Certificates::<Test>::insert(id + 1, twin);
		NextCertificateId::<Test>::put(id + 2);
		Roll::<Test>::insert(TALLINN, 1, id + 1);
		RollLength::<Test>::insert(TALLINN, 2);
		assert!(Residency::check_invariants().is_err());
		Certificates::<Test>::remove(id + 1);
		Roll::<Test>::remove(TALLINN, 1);
		RollLength::<Test>::insert(TALLINN, 1);
		check();
		// A certificate left off its city's roll.
		RollLength::<Test>::insert(TALLINN, 0);
		assert!(Residency::check_invariants().is_err());
		RollLength::<Test>::insert(TALLINN, 1);
		// A badge burnt behind the pallet's back.
		let collection = BadgeCollections::<Test>::get(TALLINN).expect("a collection");
		assert_ok!(<TestBadges as civitas_primitives::CitizenBadges<u64>>::burn(collection, id));
		assert!(Residency::check_invariants().is_err());
		assert_ok!(<TestBadges as civitas_primitives::CitizenBadges<u64>>::mint(
			collection, id, &MARI
		));
		ConsentCount::<Test>::insert(TALLINN, MARI, 1);
		assert!(Residency::check_invariants().is_err());
		ConsentCount::<Test>::remove(TALLINN, MARI);
	});
}

/// The roll keeps every certificate of a city in issue order, and
/// `holder_at` answers for any past block: issued at or before it, not yet
/// expired, not revoked or moved at or before it.
#[test]
fn the_roll_answers_who_was_a_resident_at_any_past_block() {
	type Roll = Residency;
	test(|| {
		let mari = issue_mari(); // block 1, Tallinn, until 500
		run_to(10);
		assert_ok!(Residency::issue(signed(REGISTRAR), TALLINN, JAAN, Resident, commitment(2), 30));
		let jaan = mari + 1;
		run_to(20);
		assert_ok!(Residency::move_residency(
			signed(TARTU_REGISTRAR),
			MARI,
			TALLINN,
			TARTU,
			Resident,
			commitment(3),
			700
		));
		let mari_tartu = jaan + 1;
		assert_eq!(<Roll as Residents<u64, u64>>::roll_len(TALLINN), 2);
		assert_eq!(<Roll as Residents<u64, u64>>::roll_len(TARTU), 1);
		assert_eq!(<Roll as Residents<u64, u64>>::roll_entry(TALLINN, 0), Some(mari));
		assert_eq!(<Roll as Residents<u64, u64>>::roll_entry(TALLINN, 1), Some(jaan));
		assert_eq!(<Roll as Residents<u64, u64>>::roll_entry(TALLINN, 2), None);
		assert_eq!(<Roll as Residents<u64, u64>>::roll_entry(TARTU, 0), Some(mari_tartu));
		let holder = |c, at| <Roll as Residents<u64, u64>>::holder_at(c, at);
		// Mari: Tallinn from block 1 until the move at 20, Tartu from 20.
		assert_eq!(
			(holder(mari, 0), holder(mari, 1), holder(mari, 19)),
			(None, Some(MARI), Some(MARI))
		);
		assert_eq!(
			(holder(mari, 20), holder(mari_tartu, 19), holder(mari_tartu, 20)),
			(None, None, Some(MARI))
		);
		// Jaan: from 10, lapsing at 30 without anyone cleaning up.
		assert_eq!((holder(jaan, 9), holder(jaan, 29), holder(jaan, 30)), (None, Some(JAAN), None));
		assert_eq!(holder(99, 5), None);
		assert_eq!(<Roll as Residents<u64, u64>>::certificate_of(TALLINN, &JAAN), Some(jaan));
		assert_eq!(<Roll as Residents<u64, u64>>::certificate_of(TALLINN, &MARI), None);
		// A revocation ends the certificate at its block and keeps it on the roll.
		run_to(25);
		assert_ok!(Residency::revoke(
			signed(REGISTRAR),
			TALLINN,
			JAAN,
			RevocationReason::LeftTheCity
		));
		assert_eq!((holder(jaan, 24), holder(jaan, 25)), (Some(JAAN), None));
		assert_eq!(<Roll as Residents<u64, u64>>::roll_len(TALLINN), 2);
		assert_eq!(<Roll as Residents<u64, u64>>::resident_count(TALLINN), 0);
		assert_eq!(<Roll as Residents<u64, u64>>::certificate_of(TALLINN, &JAAN), None);
	});
}
