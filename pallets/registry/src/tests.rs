//! Unit tests of the register: every call's happy path and every refusal,
//! each refusal leaving storage, the items and the ledger unchanged, and a
//! randomised test that no title moves while a blocking lien is active.

use crate::{mock::*, *};
use civitas_primitives::{
	offices::testing::TestOffices, registry::testing::TestTitles, treasury::testing::TestLedger,
	CityLedger, CityStatus, LedgerRevenue,
};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use sp_runtime::{DispatchError, Permill};

/// The call fails with `err`, and neither storage nor the items nor the
/// ledger changed.
macro_rules! refused {
	($call:expr, $err:expr $(,)?) => {{
		let items = TestTitles::all();
		let receipts = TestLedger::receipts();
		let balances =
			[ALICE, BOB, CAROL, DAVE, BANK, treasury(), Registry::deposit_account(TARTU)]
				.map(|who| TestLedger::balance(TARTU, &who));
		assert_noop!($call, $err);
		assert_eq!(TestTitles::all(), items, "the items changed");
		assert_eq!(TestLedger::receipts(), receipts, "receipts were booked");
		assert_eq!(
			[ALICE, BOB, CAROL, DAVE, BANK, treasury(), Registry::deposit_account(TARTU)]
				.map(|who| TestLedger::balance(TARTU, &who)),
			balances,
			"credits moved"
		);
	}};
}

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// Registers `reference` (area 1000, value 100 000) to `owner` in Tartu.
fn register(reference: &str, owner: u64) -> TitleId {
	let id = NextTitleId::<Test>::get();
	assert_ok!(Registry::register_title(
		signed(REGISTRAR),
		TARTU,
		AssetClass::Land,
		owner,
		parcel(reference, 1_000, 100_000),
		doc(1),
	));
	id
}

fn owner_of(title: TitleId) -> u64 {
	Titles::<Test>::get(title).expect("title exists").owner
}

fn item_owner(title: TitleId) -> Option<u64> {
	let city = Titles::<Test>::get(title).expect("title exists").city;
	Collections::<Test>::get(city)
		.and_then(|c| <TestTitles as civitas_primitives::TitleTokens<u64>>::owner(c, title))
}

/// Offers `title` from its owner to `buyer`, who accepts.
fn offer_and_accept(title: TitleId, buyer: u64) {
	assert_ok!(Registry::offer_transfer(signed(owner_of(title)), title, buyer, doc(7)));
	assert_ok!(Registry::accept_transfer(signed(buyer), title));
}

/// `holder` asks for `kind` on `title` and the Registrar registers it.
fn encumber(title: TitleId, holder: u64, kind: EncumbranceKind) -> EncumbranceId {
	let id = NextEncumbranceId::<Test>::get();
	let amount = if kind.blocks_transfer() { 80_000 } else { 0 };
	assert_ok!(Registry::request_encumbrance(signed(holder), title, kind, amount, doc(5)));
	assert_ok!(Registry::register_encumbrance(signed(REGISTRAR), title, id));
	id
}

mod registration {
	use super::*;

	#[test]
	fn registers_mints_publishes_and_indexes() {
		test(|| {
			let id = register("78401:101:0012", ALICE);
			let title = Titles::<Test>::get(id).expect("registered");
			assert_eq!(title.owner, ALICE);
			assert_eq!(title.status, TitleStatus::Active);
			assert_eq!(title.origin, TitleOrigin::Registered { evidence: doc(1) });
			assert_eq!(item_owner(id), Some(ALICE));
			let collection = Collections::<Test>::get(TARTU).expect("collection created");
			assert_eq!(
				TestTitles::collection(collection),
				Some((TARTU, Registry::registry_account()))
			);
			assert_eq!(
				TestTitles::attribute(collection, id, b"cadastral_reference"),
				Some(b"78401:101:0012".to_vec())
			);
			assert_eq!(TestTitles::attribute(collection, id, b"area_m2"), Some(b"1000".to_vec()));
			assert_eq!(
				TestTitles::attribute(collection, id, b"development_rights"),
				Some(b"PermittedFloorArea=500".to_vec())
			);
			assert_eq!(Registry::titles_of(ALICE), vec![id]);
			let view = Registry::title_view(id).expect("view");
			assert_eq!(view.cadastral_reference, "78401:101:0012");
			assert_eq!(view.history.len(), 1);
			assert_eq!(view.history[0].acquisition, Acquisition::Registration { evidence: doc(1) });
			assert!(events().contains(&Event::TitleRegistered {
				title: id,
				city: TARTU,
				class: AssetClass::Land,
				owner: ALICE,
				cadastral_reference: b"78401:101:0012".to_vec().try_into().expect("short"),
				evidence: doc(1),
			}));
			// A second title reuses the city's collection.
			register("78401:101:0013", BOB);
			assert_eq!(
				events()
					.iter()
					.filter(|e| matches!(e, Event::RegistryCollectionCreated { .. }))
					.count(),
				1
			);
		});
	}

	#[test]
	fn only_the_citys_registrar_registers() {
		test(|| {
			let call = |who| {
				Registry::register_title(
					signed(who),
					TARTU,
					AssetClass::Land,
					ALICE,
					parcel("A", 10, 1),
					doc(1),
				)
			};
			refused!(call(AUDITOR), Error::<Test>::NotAuthorised);
			refused!(call(TALLINN_REGISTRAR), Error::<Test>::NotAuthorised);
			refused!(call(ALICE), Error::<Test>::NotAuthorised);
			refused!(
				Registry::register_title(
					RuntimeOrigin::root(),
					TARTU,
					AssetClass::Land,
					ALICE,
					parcel("A", 10, 1),
					doc(1)
				),
				DispatchError::BadOrigin
			);
			refused!(
				Registry::register_title(
					signed(REGISTRAR),
					99,
					AssetClass::Land,
					ALICE,
					parcel("A", 10, 1),
					doc(1)
				),
				Error::<Test>::UnknownCity
			);
			TestOffices::set_status(TARTU, CityStatus::Suspended);
			refused!(call(REGISTRAR), Error::<Test>::CityNotActive);
		});
	}

	#[test]
	fn bad_particulars_are_refused() {
		test(|| {
			register("A", ALICE);
			let call = |p| {
				Registry::register_title(signed(REGISTRAR), TARTU, AssetClass::Land, BOB, p, doc(1))
			};
			refused!(call(parcel("", 10, 1)), Error::<Test>::EmptyReference);
			refused!(call(parcel("B", 0, 1)), Error::<Test>::ZeroArea);
			refused!(call(parcel("A", 10, 1)), Error::<Test>::ReferenceTaken);
			let mut twice = parcel("B", 10, 1);
			twice.rights = vec![
				DevelopmentRight { kind: RightKind::MaxStoreys, amount: 3 },
				DevelopmentRight { kind: RightKind::MaxStoreys, amount: 4 },
			]
			.try_into()
			.expect("two rights");
			refused!(call(twice), Error::<Test>::DuplicateRight);
			// The same reference is free in another city.
			assert_ok!(Registry::register_title(
				signed(TALLINN_REGISTRAR),
				TALLINN,
				AssetClass::Land,
				BOB,
				parcel("A", 10, 1),
				doc(1)
			));
		});
	}
}

mod transfers {
	use super::*;

	#[test]
	fn offer_accept_record_moves_title_and_item() {
		test(|| {
			let id = register("A", ALICE);
			offer_and_accept(id, BOB);
			run_to(5);
			assert_ok!(Registry::record_transfer(signed(REGISTRAR), id));
			assert_eq!(owner_of(id), BOB);
			assert_eq!(item_owner(id), Some(BOB));
			assert_eq!(Registry::titles_of(ALICE), Vec::<TitleId>::new());
			assert_eq!(Registry::titles_of(BOB), vec![id]);
			assert!(Offers::<Test>::get(id).is_none());
			let history = Registry::title_view(id).expect("view").history;
			assert_eq!(history.len(), 2);
			assert_eq!(
				history[1],
				OwnershipRecord {
					owner: BOB,
					since: 5,
					acquisition: Acquisition::Transfer { deed: doc(7) }
				}
			);
			assert!(events().contains(&Event::TitleTransferred {
				title: id,
				from: ALICE,
				to: BOB,
				acquisition: Acquisition::Transfer { deed: doc(7) },
			}));
		});
	}

	#[test]
	fn a_transfer_needs_both_signatures_and_the_registrar() {
		test(|| {
			let id = register("A", ALICE);
			refused!(Registry::record_transfer(signed(REGISTRAR), id), Error::<Test>::NoOffer);
			refused!(Registry::accept_transfer(signed(BOB), id), Error::<Test>::NoOffer);
			refused!(
				Registry::offer_transfer(signed(BOB), id, CAROL, doc(7)),
				Error::<Test>::NotOwner
			);
			refused!(
				Registry::offer_transfer(signed(ALICE), id, ALICE, doc(7)),
				Error::<Test>::OwnAsset
			);
			assert_ok!(Registry::offer_transfer(signed(ALICE), id, BOB, doc(7)));
			refused!(
				Registry::offer_transfer(signed(ALICE), id, CAROL, doc(7)),
				Error::<Test>::OfferOpen
			);
			refused!(Registry::record_transfer(signed(REGISTRAR), id), Error::<Test>::NotAccepted);
			refused!(Registry::accept_transfer(signed(CAROL), id), Error::<Test>::NotBuyer);
			assert_ok!(Registry::accept_transfer(signed(BOB), id));
			refused!(Registry::accept_transfer(signed(BOB), id), Error::<Test>::AlreadyAccepted);
			refused!(
				Registry::record_transfer(signed(TALLINN_REGISTRAR), id),
				Error::<Test>::NotAuthorised
			);
			refused!(Registry::record_transfer(signed(BOB), id), Error::<Test>::NotAuthorised);
			refused!(Registry::record_transfer(signed(REGISTRAR), 99), Error::<Test>::UnknownTitle);
			refused!(Registry::withdraw_offer(signed(BOB), id), Error::<Test>::NotOwner);
			assert_ok!(Registry::withdraw_offer(signed(ALICE), id));
			assert!(events().contains(&Event::OfferWithdrawn { title: id }));
			refused!(Registry::withdraw_offer(signed(ALICE), id), Error::<Test>::NoOffer);
			refused!(Registry::record_transfer(signed(REGISTRAR), id), Error::<Test>::NoOffer);
			assert_eq!(owner_of(id), ALICE);
		});
	}

	#[test]
	fn only_an_unburdened_transfer_is_refunded_down_to_its_weight() {
		test(|| {
			let worst = <() as WeightInfo>::record_transfer()
				.max(<() as WeightInfo>::record_transfer_unburdened());
			let declared = Call::<Test>::record_transfer { title: 0 }.get_dispatch_info();
			assert_eq!(declared.call_weight, worst);

			let plain = register("A", ALICE);
			offer_and_accept(plain, BOB);
			let info = Registry::record_transfer(signed(REGISTRAR), plain).expect("recorded");
			assert_eq!(info.actual_weight, Some(<() as WeightInfo>::record_transfer_unburdened()));

			// Even a non-blocking encumbrance is iterated: no refund.
			let burdened = register("B", ALICE);
			encumber(burdened, CAROL, EncumbranceKind::Easement);
			offer_and_accept(burdened, BOB);
			let info = Registry::record_transfer(signed(REGISTRAR), burdened).expect("recorded");
			assert_eq!(info.actual_weight, None);

			// Under a Harberger policy the tax is settled: no refund.
			assert_ok!(Registry::set_harberger_policy(
				signed(ADMIN),
				TARTU,
				AssetClass::Land,
				Some((Permill::from_percent(1), 10, 2027))
			));
			let taxed = register("C", ALICE);
			offer_and_accept(taxed, BOB);
			let info = Registry::record_transfer(signed(REGISTRAR), taxed).expect("recorded");
			assert_eq!(info.actual_weight, None);

			// A deposit left from a lifted policy is refunded by the transfer:
			// no refund of weight either.
			let leftover = register("D", ALICE);
			TestLedger::fund(TARTU, ALICE, 1_000);
			assert_ok!(Registry::top_up_deposit(signed(ALICE), leftover, 300));
			assert_ok!(Registry::set_harberger_policy(
				signed(ADMIN),
				TARTU,
				AssetClass::Land,
				None
			));
			offer_and_accept(leftover, BOB);
			let info = Registry::record_transfer(signed(REGISTRAR), leftover).expect("recorded");
			assert_eq!(info.actual_weight, None);
			assert_eq!(TestLedger::balance(TARTU, &ALICE), 1_000);
			assert!(HarbergerAccounts::<Test>::get(leftover).is_none());
			assert_eq!(
				[owner_of(plain), owner_of(burdened), owner_of(taxed), owner_of(leftover)],
				[BOB; 4]
			);
		});
	}
}

mod encumbrances {
	use super::*;

	#[test]
	fn a_mortgage_blocks_until_its_holder_consents_and_stays() {
		test(|| {
			let id = register("A", ALICE);
			let mortgage = encumber(id, BANK, EncumbranceKind::Mortgage);
			offer_and_accept(id, BOB);
			refused!(
				Registry::record_transfer(signed(REGISTRAR), id),
				Error::<Test>::BlockedByEncumbrance
			);
			refused!(
				Registry::consent_to_transfer(signed(CAROL), id, mortgage),
				Error::<Test>::NotHolder
			);
			assert_ok!(Registry::consent_to_transfer(signed(BANK), id, mortgage));
			refused!(
				Registry::consent_to_transfer(signed(BANK), id, mortgage),
				Error::<Test>::AlreadyConsented
			);
			assert_ok!(Registry::record_transfer(signed(REGISTRAR), id));
			assert_eq!(owner_of(id), BOB);
			// The mortgage burdens the land, not the seller: it stays, and the
			// next sale needs the bank again.
			assert!(Encumbrances::<Test>::contains_key(id, mortgage));
			offer_and_accept(id, CAROL);
			refused!(
				Registry::record_transfer(signed(REGISTRAR), id),
				Error::<Test>::BlockedByEncumbrance
			);
			refused!(
				Registry::release_encumbrance(signed(BOB), id, mortgage),
				Error::<Test>::NotHolder
			);
			assert_ok!(Registry::release_encumbrance(signed(BANK), id, mortgage));
			assert_ok!(Registry::record_transfer(signed(REGISTRAR), id));
			assert_eq!(owner_of(id), CAROL);
			assert!(
				events().contains(&Event::EncumbranceReleased { title: id, encumbrance: mortgage })
			);
		});
	}

	#[test]
	fn requests_do_not_block_easements_never_block_and_survive() {
		test(|| {
			let id = register("A", ALICE);
			assert_ok!(Registry::request_encumbrance(
				signed(BANK),
				id,
				EncumbranceKind::Lien,
				500,
				doc(5)
			));
			let easement = encumber(id, UTILITY, EncumbranceKind::Easement);
			offer_and_accept(id, BOB);
			refused!(
				Registry::consent_to_transfer(signed(UTILITY), id, easement),
				Error::<Test>::ConsentNotNeeded
			);
			refused!(
				Registry::consent_to_transfer(signed(BANK), id, 0),
				Error::<Test>::ConsentNotNeeded
			);
			assert_ok!(Registry::record_transfer(signed(REGISTRAR), id));
			assert_eq!(owner_of(id), BOB);
			let view = Registry::title_view(id).expect("view");
			assert_eq!(view.encumbrances.len(), 2);
			assert!(view.encumbrances.iter().any(|(e, r)| *e == easement && r.holder == UTILITY));
		});
	}

	#[test]
	fn bad_encumbrances_are_refused() {
		test(|| {
			let id = register("A", ALICE);
			refused!(
				Registry::request_encumbrance(signed(ALICE), id, EncumbranceKind::Lien, 5, doc(5)),
				Error::<Test>::OwnEncumbrance
			);
			refused!(
				Registry::request_encumbrance(
					signed(BANK),
					id,
					EncumbranceKind::Mortgage,
					0,
					doc(5)
				),
				Error::<Test>::ZeroAmount
			);
			refused!(
				Registry::request_encumbrance(signed(BANK), 9, EncumbranceKind::Lien, 5, doc(5)),
				Error::<Test>::UnknownTitle
			);
			for _ in 0..MAX_ENCUMBRANCES {
				assert_ok!(Registry::request_encumbrance(
					signed(BANK),
					id,
					EncumbranceKind::Lien,
					5,
					doc(5)
				));
			}
			refused!(
				Registry::request_encumbrance(signed(BANK), id, EncumbranceKind::Lien, 5, doc(5)),
				Error::<Test>::TooManyEncumbrances
			);
			refused!(
				Registry::register_encumbrance(signed(AUDITOR), id, 0),
				Error::<Test>::NotAuthorised
			);
			refused!(
				Registry::register_encumbrance(signed(REGISTRAR), id, 42),
				Error::<Test>::UnknownEncumbrance
			);
			assert_ok!(Registry::register_encumbrance(signed(REGISTRAR), id, 0));
			refused!(
				Registry::register_encumbrance(signed(REGISTRAR), id, 0),
				Error::<Test>::AlreadyRegistered
			);
			refused!(Registry::consent_to_transfer(signed(BANK), id, 0), Error::<Test>::NoOffer);
			// A withdrawn request frees its slot.
			assert_ok!(Registry::release_encumbrance(signed(BANK), id, 1));
			assert_eq!(EncumbranceCount::<Test>::get(id), MAX_ENCUMBRANCES - 1);
		});
	}

	#[test]
	fn a_released_lien_takes_its_consent_with_it() {
		test(|| {
			let id = register("A", ALICE);
			let lien = encumber(id, BANK, EncumbranceKind::Lien);
			offer_and_accept(id, BOB);
			assert_ok!(Registry::consent_to_transfer(signed(BANK), id, lien));
			assert_ok!(Registry::release_encumbrance(signed(BANK), id, lien));
			assert!(Offers::<Test>::get(id).expect("offer").consents.is_empty());
		});
	}
}

mod leases {
	use super::*;

	#[test]
	fn a_lease_survives_a_transfer_and_ends_at_its_term() {
		test(|| {
			let id = register("A", ALICE);
			assert_ok!(Registry::grant_lease(signed(ALICE), id, CAROL, 100, doc(3)));
			assert_eq!(Registry::leases_of(CAROL), vec![(id, 0, true)]);
			offer_and_accept(id, BOB);
			assert_ok!(Registry::record_transfer(signed(REGISTRAR), id));
			let lease = Leases::<Test>::get(id, 0).expect("the lease survives");
			assert_eq!((lease.lessee, lease.granted_by, lease.ends_at), (CAROL, ALICE, 101));
			refused!(Registry::end_lease(signed(DAVE), id, 0), Error::<Test>::LeaseNotEnded);
			run_to(101);
			assert_eq!(Registry::leases_of(CAROL), vec![(id, 0, false)]);
			assert_ok!(Registry::end_lease(signed(DAVE), id, 0));
			assert_eq!(Registry::leases_of(CAROL), vec![]);
			assert!(events().contains(&Event::LeaseEnded { title: id, lease: 0 }));
		});
	}

	#[test]
	fn leases_beyond_limits_are_refused() {
		test(|| {
			let id = register("A", ALICE);
			let grant =
				|who, lessee, term| Registry::grant_lease(signed(who), id, lessee, term, doc(3));
			refused!(grant(BOB, CAROL, 10), Error::<Test>::NotOwner);
			refused!(grant(ALICE, ALICE, 10), Error::<Test>::LeaseToSelf);
			refused!(grant(ALICE, CAROL, 0), Error::<Test>::ZeroTerm);
			refused!(grant(ALICE, CAROL, MAX_LEASE_TERM + 1), Error::<Test>::LeaseTooLong);
			assert_ok!(grant(ALICE, CAROL, MAX_LEASE_TERM));
			assert_ok!(grant(ALICE, DAVE, 10));
			refused!(grant(ALICE, BOB, 10), Error::<Test>::TooManyLeases);
			refused!(Registry::surrender_lease(signed(CAROL), id, 1), Error::<Test>::NotLessee);
			refused!(Registry::surrender_lease(signed(CAROL), id, 7), Error::<Test>::UnknownLease);
			assert_ok!(Registry::surrender_lease(signed(DAVE), id, 1));
			assert!(events().contains(&Event::LeaseSurrendered { title: id, lease: 1 }));
			assert_ok!(grant(ALICE, BOB, 10));
		});
	}
}

mod subdivision {
	use super::*;

	fn parts(list: &[(&str, u64)]) -> PartsOf<Test> {
		list.iter()
			.map(|(r, a)| parcel(r, *a, 1))
			.collect::<Vec<_>>()
			.try_into()
			.expect("few parts")
	}

	#[test]
	fn parts_carry_every_encumbrance_and_lease() {
		test(|| {
			let id = register("A", ALICE);
			let mortgage = encumber(id, BANK, EncumbranceKind::Mortgage);
			let easement = encumber(id, UTILITY, EncumbranceKind::Easement);
			assert_ok!(Registry::grant_lease(signed(ALICE), id, CAROL, 100, doc(3)));
			assert_ok!(Registry::subdivide(
				signed(REGISTRAR),
				id,
				parts(&[("A/1", 600), ("A/2", 400)])
			));
			let into = vec![1, 2];
			let parent = Titles::<Test>::get(id).expect("kept");
			assert!(
				matches!(parent.status, TitleStatus::Subdivided { ref into, .. } if into.to_vec() == vec![1, 2])
			);
			assert_eq!(item_owner(id), None);
			assert_eq!(Encumbrances::<Test>::iter_prefix(id).count(), 0);
			for part in into.clone() {
				let title = Titles::<Test>::get(part).expect("part");
				assert_eq!(title.owner, ALICE);
				assert_eq!(title.origin, TitleOrigin::SubdividedFrom { parent: id });
				assert_eq!(item_owner(part), Some(ALICE));
				assert!(Encumbrances::<Test>::contains_key(part, mortgage));
				assert!(Encumbrances::<Test>::contains_key(part, easement));
				assert_eq!(Leases::<Test>::get(part, 0).map(|l| l.lessee), Some(CAROL));
			}
			assert_eq!(Registry::leases_of(CAROL), vec![(1, 0, true), (2, 0, true)]);
			assert_eq!(Registry::titles_of(ALICE), into);
			assert_eq!(Registry::title_view(id).expect("view").successors, into);
			// The parts stay under the mortgage.
			offer_and_accept(1, BOB);
			refused!(
				Registry::record_transfer(signed(REGISTRAR), 1),
				Error::<Test>::BlockedByEncumbrance
			);
			// The retired title can do nothing more.
			refused!(
				Registry::offer_transfer(signed(ALICE), id, BOB, doc(7)),
				Error::<Test>::TitleRetired
			);
			refused!(
				Registry::subdivide(signed(REGISTRAR), id, parts(&[("X", 600), ("Y", 400)])),
				Error::<Test>::TitleRetired
			);
		});
	}

	#[test]
	fn overlapping_or_short_subdivisions_are_refused() {
		test(|| {
			let id = register("A", ALICE);
			register("B", BOB);
			let sub =
				|list: &[(&str, u64)]| Registry::subdivide(signed(REGISTRAR), id, parts(list));
			refused!(sub(&[("A/1", 600), ("A/2", 600)]), Error::<Test>::AreaMismatch);
			refused!(sub(&[("A/1", 600), ("A/2", 300)]), Error::<Test>::AreaMismatch);
			refused!(sub(&[("A/1", 500), ("A/1", 500)]), Error::<Test>::DuplicateReference);
			refused!(sub(&[("A/1", 500), ("B", 500)]), Error::<Test>::ReferenceTaken);
			refused!(sub(&[("A", 500), ("A/2", 500)]), Error::<Test>::ReferenceTaken);
			refused!(sub(&[("A/1", 1000)]), Error::<Test>::TooFewParts);
			refused!(sub(&[("A/1", 1000), ("A/2", 0)]), Error::<Test>::ZeroArea);
			refused!(
				Registry::subdivide(
					signed(TALLINN_REGISTRAR),
					id,
					parts(&[("A/1", 500), ("A/2", 500)])
				),
				Error::<Test>::NotAuthorised
			);
			assert_ok!(Registry::offer_transfer(signed(ALICE), id, CAROL, doc(7)));
			refused!(sub(&[("A/1", 500), ("A/2", 500)]), Error::<Test>::OfferOpen);
		});
	}

	#[test]
	fn merging_joins_burdens_under_one_title() {
		test(|| {
			let a = register("A", ALICE);
			let b = register("B", ALICE);
			let lien = encumber(a, BANK, EncumbranceKind::Lien);
			assert_ok!(Registry::grant_lease(signed(ALICE), b, CAROL, 50, doc(3)));
			let titles: TitleListOf<Test> = vec![a, b].try_into().expect("two");
			assert_ok!(Registry::merge(signed(REGISTRAR), titles.clone(), parcel("AB", 2_000, 5)));
			let merged = 2;
			let title = Titles::<Test>::get(merged).expect("merged");
			assert_eq!(title.origin, TitleOrigin::MergedFrom { parents: titles.clone() });
			assert!(Encumbrances::<Test>::contains_key(merged, lien));
			assert_eq!(Registry::leases_of(CAROL), vec![(merged, 0, true)]);
			assert_eq!(Registry::titles_of(ALICE), vec![merged]);
			for old in [a, b] {
				assert!(matches!(
					Titles::<Test>::get(old).expect("kept").status,
					TitleStatus::Merged { into: 2, .. }
				));
				assert_eq!(item_owner(old), None);
			}
			assert!(events().contains(&Event::TitlesMerged { titles, into: merged }));
		});
	}

	#[test]
	fn bad_mergers_are_refused() {
		test(|| {
			let a = register("A", ALICE);
			let b = register("B", ALICE);
			let c = register("C", BOB);
			let merge = |list: Vec<TitleId>, area| {
				Registry::merge(
					signed(REGISTRAR),
					list.try_into().expect("few"),
					parcel("M", area, 1),
				)
			};
			refused!(merge(vec![a, a], 2_000), Error::<Test>::DuplicateTitle);
			refused!(merge(vec![a, c], 2_000), Error::<Test>::TitlesDiffer);
			refused!(merge(vec![a, b], 1_999), Error::<Test>::AreaMismatch);
			refused!(merge(vec![a], 1_000), Error::<Test>::TooFewParts);
			refused!(merge(vec![], 1_000), Error::<Test>::TooFewParts);
			refused!(merge(vec![a, 77], 2_000), Error::<Test>::UnknownTitle);
			// Two titles each at the encumbrance limit cannot become one.
			for title in [a, b] {
				for _ in 0..2 {
					encumber(title, UTILITY, EncumbranceKind::Easement);
				}
			}
			refused!(merge(vec![a, b], 2_000), Error::<Test>::TooManyEncumbrances);
		});
	}
}

mod harberger {
	use super::*;

	/// Land in Tartu is taxed 1% per 10 blocks, booked to fiscal 2027.
	fn tax_land() {
		assert_ok!(Registry::set_harberger_policy(
			signed(ADMIN),
			TARTU,
			AssetClass::Land,
			Some((Permill::from_percent(1), 10, 2027))
		));
	}

	fn account(title: TitleId) -> HarbergerAccount<u64> {
		HarbergerAccounts::<Test>::get(title).expect("account stored")
	}

	#[test]
	fn only_the_city_admin_sets_a_policy() {
		test(|| {
			let set = |who, terms| {
				Registry::set_harberger_policy(signed(who), TARTU, AssetClass::Land, terms)
			};
			refused!(
				set(REGISTRAR, Some((Permill::from_percent(1), 10, 2027))),
				Error::<Test>::NotAuthorised
			);
			refused!(
				set(ADMIN, Some((Permill::from_percent(1), 0, 2027))),
				Error::<Test>::ZeroPeriod
			);
			refused!(set(ADMIN, None), Error::<Test>::NotUnderHarberger);
			tax_land();
			let policy = HarbergerPolicies::<Test>::get(TARTU, AssetClass::Land).expect("set");
			assert_eq!((policy.period, policy.since), (10, 1));
			run_to(5);
			assert_ok!(set(ADMIN, Some((Permill::from_percent(2), 10, 2028))));
			let policy = HarbergerPolicies::<Test>::get(TARTU, AssetClass::Land).expect("set");
			assert_eq!((policy.rate, policy.since), (Permill::from_percent(2), 1));
			assert_ok!(set(ADMIN, None));
		});
	}

	#[test]
	fn tax_is_paid_per_whole_period_into_the_treasury() {
		test(|| {
			let id = register("A", ALICE);
			tax_land();
			TestLedger::fund(TARTU, ALICE, 10_000);
			assert_ok!(Registry::self_assess(signed(ALICE), id, 50_000));
			assert_ok!(Registry::top_up_deposit(signed(ALICE), id, 2_000));
			assert_eq!(TestLedger::balance(TARTU, &ALICE), 8_000);
			assert_eq!(account(id).deposit, 2_000);
			run_to(30);
			assert_ok!(Registry::settle_tax(signed(DAVE), id));
			// Blocks 1 to 30: two whole periods at 1% of 50 000.
			assert_eq!(account(id).deposit, 1_000);
			assert_eq!(account(id).paid_until, 21);
			assert_eq!(
				TestLedger::receipts(),
				vec![(TARTU, ALICE, LedgerRevenue::PropertyTax, 2027, 1_000)]
			);
			assert_eq!(TestLedger::balance(TARTU, &treasury()), 1_000);
			assert!(events().contains(&Event::TaxPaid {
				title: id,
				payer: ALICE,
				amount: 1_000,
				periods: 2
			}));
			let view = Registry::title_view(id).expect("view");
			assert_eq!(view.harberger, Some((account(id), 0)));
			refused!(
				Registry::withdraw_deposit(signed(ALICE), id, 1_001),
				Error::<Test>::InsufficientDeposit
			);
			assert_ok!(Registry::withdraw_deposit(signed(ALICE), id, 400));
			assert_eq!(TestLedger::balance(TARTU, &ALICE), 8_400);
		});
	}

	#[test]
	fn anyone_buys_at_the_self_assessed_price() {
		test(|| {
			let id = register("A", ALICE);
			tax_land();
			TestLedger::fund(TARTU, ALICE, 1_000);
			TestLedger::fund(TARTU, DAVE, 60_000);
			assert_ok!(Registry::self_assess(signed(ALICE), id, 50_000));
			assert_ok!(Registry::top_up_deposit(signed(ALICE), id, 1_000));
			refused!(Registry::buy(signed(DAVE), id, 49_999), Error::<Test>::BelowPrice);
			refused!(Registry::buy(signed(ALICE), id, 60_000), Error::<Test>::OwnAsset);
			refused!(Registry::buy(signed(CAROL), id, 60_000), Error::<Test>::PaymentFailed);
			run_to(4);
			assert_ok!(Registry::buy(signed(DAVE), id, 55_000));
			assert_eq!(owner_of(id), DAVE);
			assert_eq!(item_owner(id), Some(DAVE));
			// Dave paid the price to Alice, who got her deposit back.
			assert_eq!(TestLedger::balance(TARTU, &DAVE), 10_000);
			assert_eq!(TestLedger::balance(TARTU, &ALICE), 51_000);
			assert_eq!(account(id), HarbergerAccount { price: 50_000, deposit: 0, paid_until: 4 });
			assert_eq!(
				Registry::title_view(id).expect("view").history[1].acquisition,
				Acquisition::HarbergerPurchase { price: 50_000 }
			);
		});
	}

	#[test]
	fn a_dry_deposit_sends_the_title_back_to_the_city_which_sells_at_the_assessed_value() {
		test(|| {
			let id = register("A", ALICE);
			tax_land();
			TestLedger::fund(TARTU, ALICE, 1_000);
			TestLedger::fund(TARTU, DAVE, 200_000);
			assert_ok!(Registry::self_assess(signed(ALICE), id, 50_000));
			assert_ok!(Registry::top_up_deposit(signed(ALICE), id, 600));
			run_to(22);
			// Two periods are due (1 000) and the deposit holds 600.
			assert_ok!(Registry::settle_tax(signed(DAVE), id));
			assert_eq!(owner_of(id), treasury());
			assert_eq!(item_owner(id), Some(treasury()));
			assert!(HarbergerAccounts::<Test>::get(id).is_none());
			assert!(events().contains(&Event::TitleReverted {
				title: id,
				from: ALICE,
				unpaid: 400
			}));
			assert_eq!(TestLedger::balance(TARTU, &treasury()), 600);
			// The city owes itself nothing.
			run_to(100);
			assert_ok!(Registry::settle_tax(signed(DAVE), id));
			assert_eq!(TestLedger::receipts().len(), 1);
			// The city sells at the assessed value, as a property sale.
			refused!(Registry::buy(signed(DAVE), id, 99_999), Error::<Test>::BelowPrice);
			assert_ok!(Registry::buy(signed(DAVE), id, 100_000));
			assert_eq!(owner_of(id), DAVE);
			assert_eq!(
				TestLedger::receipts()[1],
				(TARTU, DAVE, LedgerRevenue::PropertySale, 2027, 100_000)
			);
			assert_eq!(TestLedger::balance(TARTU, &treasury()), 100_600);
		});
	}

	#[test]
	fn an_owner_in_arrears_cannot_act_and_a_buyer_buys_from_the_city() {
		test(|| {
			let id = register("A", ALICE);
			tax_land();
			TestLedger::fund(TARTU, ALICE, 5_000);
			TestLedger::fund(TARTU, DAVE, 200_000);
			offer_and_accept(id, BOB);
			run_to(11);
			// The default account: price 100 000, no deposit, 1 000 due.
			assert_eq!(Registry::title_view(id).expect("view").harberger.map(|h| h.1), Some(1_000));
			refused!(Registry::self_assess(signed(ALICE), id, 5), Error::<Test>::TaxArrears);
			refused!(Registry::top_up_deposit(signed(ALICE), id, 5_000), Error::<Test>::TaxArrears);
			refused!(Registry::record_transfer(signed(REGISTRAR), id), Error::<Test>::TaxArrears);
			assert_ok!(Registry::withdraw_offer(signed(ALICE), id));
			let parts: PartsOf<Test> =
				vec![parcel("A/1", 500, 1), parcel("A/2", 500, 1)].try_into().expect("two");
			refused!(Registry::subdivide(signed(REGISTRAR), id, parts), Error::<Test>::TaxArrears);
			refused!(Registry::buy(signed(DAVE), id, 99_999), Error::<Test>::BelowPrice);
			refused!(Registry::buy(signed(treasury()), id, 100_000), Error::<Test>::OwnAsset);
			assert_ok!(Registry::buy(signed(DAVE), id, 100_000));
			assert_eq!(owner_of(id), DAVE);
			assert_eq!(TestLedger::balance(TARTU, &ALICE), 5_000);
			assert_eq!(
				TestLedger::receipts(),
				vec![(TARTU, DAVE, LedgerRevenue::PropertySale, 2027, 100_000)]
			);
			let history = Registry::title_view(id).expect("view").history;
			assert_eq!(history[1].acquisition, Acquisition::TaxReversion);
			assert_eq!(history[2].acquisition, Acquisition::HarbergerPurchase { price: 100_000 });
		});
	}

	#[test]
	fn a_mortgage_blocks_a_harberger_purchase_but_not_a_reversion() {
		test(|| {
			let id = register("A", ALICE);
			let mortgage = encumber(id, BANK, EncumbranceKind::Mortgage);
			tax_land();
			TestLedger::fund(TARTU, DAVE, 200_000);
			refused!(Registry::buy(signed(DAVE), id, 200_000), Error::<Test>::BlockedByEncumbrance);
			run_to(11);
			// No deposit: the first period's tax cannot be paid.
			assert_ok!(Registry::settle_tax(signed(DAVE), id));
			assert_eq!(owner_of(id), treasury());
			assert!(Encumbrances::<Test>::contains_key(id, mortgage));
		});
	}

	#[test]
	fn harberger_calls_need_a_policy_and_the_owner() {
		test(|| {
			let id = register("A", ALICE);
			TestLedger::fund(TARTU, ALICE, 1_000);
			refused!(Registry::buy(signed(DAVE), id, 1), Error::<Test>::NotUnderHarberger);
			refused!(Registry::settle_tax(signed(DAVE), id), Error::<Test>::NotUnderHarberger);
			refused!(Registry::self_assess(signed(ALICE), id, 5), Error::<Test>::NotUnderHarberger);
			refused!(
				Registry::top_up_deposit(signed(ALICE), id, 5),
				Error::<Test>::NotUnderHarberger
			);
			tax_land();
			refused!(Registry::self_assess(signed(BOB), id, 5), Error::<Test>::NotOwner);
			refused!(Registry::self_assess(signed(ALICE), id, 0), Error::<Test>::ZeroPrice);
			refused!(Registry::top_up_deposit(signed(ALICE), id, 0), Error::<Test>::ZeroAmount);
			refused!(
				Registry::top_up_deposit(signed(ALICE), id, 1_001),
				Error::<Test>::PaymentFailed
			);
			refused!(
				Registry::withdraw_deposit(signed(ALICE), id, 1),
				Error::<Test>::InsufficientDeposit
			);
			refused!(Registry::top_up_deposit(signed(BOB), id, 5), Error::<Test>::NotOwner);
		});
	}

	#[test]
	fn a_sale_by_offer_refunds_the_deposit_and_a_lifted_policy_frees_it() {
		test(|| {
			let a = register("A", ALICE);
			let b = register("B", ALICE);
			tax_land();
			TestLedger::fund(TARTU, ALICE, 1_000);
			assert_ok!(Registry::top_up_deposit(signed(ALICE), a, 300));
			assert_ok!(Registry::top_up_deposit(signed(ALICE), b, 300));
			offer_and_accept(a, BOB);
			assert_ok!(Registry::record_transfer(signed(REGISTRAR), a));
			assert_eq!(TestLedger::balance(TARTU, &ALICE), 700);
			assert!(HarbergerAccounts::<Test>::get(a).is_none());
			assert_ok!(Registry::set_harberger_policy(
				signed(ADMIN),
				TARTU,
				AssetClass::Land,
				None
			));
			run_to(500);
			assert_ok!(Registry::withdraw_deposit(signed(ALICE), b, 300));
			assert_eq!(TestLedger::balance(TARTU, &ALICE), 1_000);
		});
	}
}

/// A small deterministic generator for the randomised test.
struct XorShift(u64);

impl XorShift {
	fn next(&mut self, n: u64) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0 % n
	}
}

/// Random sequences of every call that can move a title, from random
/// accounts: after each, a title whose owner changed by sale or purchase had
/// no active lien or mortgage whose holder did not consent to that sale.
#[test]
fn no_title_moves_while_a_blocking_lien_is_active() {
	let people = [ALICE, BOB, CAROL, DAVE, BANK, UTILITY];
	let mut moves = 0;
	let mut blocked = 0;
	for seed in 1..=60u64 {
		new_test_ext().execute_with(|| {
			let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
			for who in people {
				TestLedger::fund(TARTU, who, 1_000_000);
			}
			let titles = [register("A", ALICE), register("B", BOB)];
			assert_ok!(Registry::set_harberger_policy(
				signed(ADMIN),
				TARTU,
				AssetClass::Land,
				Some((Permill::from_percent(1), 10, 2027))
			));
			for _ in 0..80 {
				let title = titles[rng.next(2) as usize];
				let who = people[rng.next(people.len() as u64) as usize];
				let other = people[rng.next(people.len() as u64) as usize];
				let encumbrance = rng.next(4) as u32;
				let before = Titles::<Test>::get(title).expect("title").owner;
				let unconsented: Vec<EncumbranceId> = {
					let consents = Offers::<Test>::get(title)
						.map(|o| o.consents.into_inner())
						.unwrap_or_default();
					Encumbrances::<Test>::iter_prefix(title)
						.filter(|(id, e)| {
							e.registered_at.is_some()
								&& e.kind.blocks_transfer()
								&& !consents.contains(id)
						})
						.map(|(id, _)| id)
						.collect()
				};
				let any_blocking = Encumbrances::<Test>::iter_prefix(title)
					.any(|(_, e)| e.registered_at.is_some() && e.kind.blocks_transfer());
				System::reset_events();
				let op = rng.next(11);
				let _ = match op {
					0 => Registry::offer_transfer(signed(who), title, other, doc(7)),
					1 => Registry::accept_transfer(signed(who), title),
					2 => Registry::consent_to_transfer(signed(who), title, encumbrance),
					3 => Registry::record_transfer(signed(REGISTRAR), title)
						.map(|_| ())
						.map_err(|e| e.error),
					4 => Registry::request_encumbrance(
						signed(who),
						title,
						[
							EncumbranceKind::Lien,
							EncumbranceKind::Mortgage,
							EncumbranceKind::Easement,
						][rng.next(3) as usize],
						1 + rng.next(1_000) as u128,
						doc(5),
					),
					5 => Registry::register_encumbrance(signed(REGISTRAR), title, encumbrance),
					6 => Registry::release_encumbrance(signed(who), title, encumbrance),
					7 => Registry::buy(signed(who), title, 2_000_000),
					8 => Registry::top_up_deposit(signed(who), title, 1 + rng.next(3_000) as u128),
					9 => Registry::withdraw_offer(signed(who), title),
					_ => {
						System::set_block_number(System::block_number() + rng.next(15));
						Registry::settle_tax(signed(who), title)
					}
				};
				check();
				let after = Titles::<Test>::get(title).expect("title").owner;
				if after != before {
					let how = events().into_iter().find_map(|e| match e {
						Event::TitleTransferred { title: t, acquisition, .. } if t == title => {
							Some(acquisition)
						}
						_ => None,
					});
					match how {
						Some(Acquisition::Transfer { .. }) => assert!(
							unconsented.is_empty(),
							"seed {seed}: sold past unconsented {unconsented:?}"
						),
						Some(Acquisition::HarbergerPurchase { .. }) => {
							assert!(!any_blocking, "seed {seed}: bought past a lien")
						}
						Some(Acquisition::TaxReversion) => {}
						other => panic!("seed {seed}: title moved by {other:?}"),
					}
					moves += 1;
				} else if op == 3 && !unconsented.is_empty() {
					blocked += 1;
				}
			}
		});
	}
	// The sequences did exercise both sides.
	assert!(moves > 20, "only {moves} moves");
	assert!(blocked > 5, "only {blocked} blocked sales");
}

mod migration {
	use super::*;
	use crate::migrations::{
		v2::{v1, MoveProvenanceLength, Progress},
		v3::{self, RemoveOwnerIndex},
	};
	use frame_support::{
		migrations::{SteppedMigration, SteppedMigrationError},
		traits::{GetStorageVersion, StorageVersion},
		weights::{Weight, WeightMeter},
	};

	/// Runs `M` as pallet-migrations does: one step per block, each given
	/// `limit`, until it ends; with the `try-runtime` feature, between its
	/// pre- and post-upgrade checks. Returns what each step consumed.
	fn run_steps<M: SteppedMigration>(limit: Weight) -> Vec<Weight> {
		#[cfg(feature = "try-runtime")]
		let state = M::pre_upgrade().expect("the pre-upgrade check passes");
		let mut cursor = None;
		let mut steps = Vec::new();
		loop {
			let mut meter = WeightMeter::with_limit(limit);
			cursor = M::transactional_step(cursor, &mut meter)
				.expect("a step with room for one entry makes progress");
			assert!(meter.consumed().all_lte(limit), "a step used more than it was given");
			steps.push(meter.consumed());
			if cursor.is_none() {
				break;
			}
			assert!(steps.len() < 100, "the migration does not end");
		}
		#[cfg(feature = "try-runtime")]
		M::post_upgrade(state).expect("the post-upgrade check passes");
		steps
	}

	fn total(steps: &[Weight]) -> Weight {
		steps.iter().fold(Weight::zero(), |sum, w| sum.saturating_add(*w))
	}

	/// `title` moves to `buyer`: offer, acceptance, the Registrar's record.
	fn sell(title: TitleId, buyer: u64) {
		offer_and_accept(title, buyer);
		assert_ok!(Registry::record_transfer(signed(REGISTRAR), title));
	}

	/// Rewrites the register as storage version 1 kept it: titles without
	/// their provenance length, the lengths in a map of their own.
	fn downgrade_to_v1() -> Vec<(TitleId, u32)> {
		let titles: Vec<_> = Titles::<Test>::iter().collect();
		let mut lengths = Vec::new();
		for (id, t) in titles {
			v1::Titles::<Test>::insert(
				id,
				v1::Title {
					city: t.city,
					class: t.class,
					owner: t.owner,
					owner_since: t.owner_since,
					particulars: t.particulars,
					origin: t.origin,
					status: t.status,
					registered_at: t.registered_at,
				},
			);
			v1::ProvenanceLength::<Test>::insert(id, t.provenance_length);
			lengths.push((id, t.provenance_length));
		}
		StorageVersion::new(1).put::<Registry>();
		lengths.sort();
		lengths
	}

	/// Runs the version 2 migration in one step with no weight limit.
	fn upgrade() -> Weight {
		let steps = run_steps::<MoveProvenanceLength<Test>>(Weight::MAX);
		assert_eq!(steps.len(), 1);
		total(&steps)
	}

	#[test]
	fn version_1_titles_get_their_provenance_length_and_the_map_goes() {
		test(|| {
			let a = register("A-1", ALICE);
			let b = register("B-1", BOB);
			sell(a, BOB);
			sell(a, CAROL);
			let retired = register("C-1", CAROL);
			assert_ok!(Registry::subdivide(
				signed(REGISTRAR),
				retired,
				vec![parcel("C-1/1", 400, 40_000), parcel("C-1/2", 600, 60_000)]
					.try_into()
					.expect("two parts fit"),
			));
			let before = downgrade_to_v1();
			assert_eq!(before.iter().find(|(id, _)| *id == a), Some(&(a, 3)));
			assert_eq!(before.iter().find(|(id, _)| *id == b), Some(&(b, 1)));
			assert_eq!(before.len(), 5, "three registered, two parts");
			assert_eq!(Registry::on_chain_storage_version(), 1);

			let weight = upgrade();

			assert_eq!(Registry::on_chain_storage_version(), 2);
			let after: Vec<_> = {
				let mut v: Vec<_> =
					Titles::<Test>::iter().map(|(id, t)| (id, t.provenance_length)).collect();
				v.sort();
				v
			};
			assert_eq!(after, before, "every title keeps its length");
			assert_eq!(v1::ProvenanceLength::<Test>::iter_keys().count(), 0);
			// The version read, five titles read and written twice, the end
			// found and the version written.
			let db = <Test as frame_system::Config>::DbWeight::get();
			assert_eq!(weight, db.reads_writes(12, 11));
			check();

			// The register works on from there: the next owner is entry 3.
			sell(a, DAVE);
			assert_eq!(Titles::<Test>::get(a).map(|t| t.provenance_length), Some(4));
			assert_eq!(Provenance::<Test>::get(a, 3).map(|r| r.owner), Some(DAVE));
		});
	}

	#[test]
	fn a_second_run_is_a_no_op() {
		test(|| {
			let a = register("A-1", ALICE);
			sell(a, BOB);
			downgrade_to_v1();
			upgrade();
			let titles: Vec<_> = Titles::<Test>::iter().collect();

			let weight = upgrade();

			let db = <Test as frame_system::Config>::DbWeight::get();
			assert_eq!(weight, db.reads(1), "only the version is read");
			assert_eq!(Titles::<Test>::iter().collect::<Vec<_>>(), titles);
			assert_eq!(Registry::on_chain_storage_version(), 2);
		});
	}

	#[test]
	fn an_empty_register_only_moves_its_version() {
		test(|| {
			StorageVersion::new(1).put::<Registry>();
			let db = <Test as frame_system::Config>::DbWeight::get();
			assert_eq!(upgrade(), db.reads_writes(2, 1));
			assert_eq!(Registry::on_chain_storage_version(), 2);
		});
	}

	/// Puts back the owner index storage version 2 kept, for the titles in
	/// force, and returns it.
	fn downgrade_to_v2() -> Vec<(u64, TitleId)> {
		let mut index: Vec<_> = Titles::<Test>::iter()
			.filter(|(_, t)| t.status == TitleStatus::Active)
			.map(|(id, t)| (t.owner, id))
			.collect();
		for (owner, id) in &index {
			v3::v2::TitlesByOwner::<Test>::insert(owner, id, ());
		}
		StorageVersion::new(2).put::<Registry>();
		index.sort();
		index
	}

	/// Runs the version 3 migration in one step with no weight limit.
	fn upgrade_to_v3() -> Weight {
		let steps = run_steps::<RemoveOwnerIndex<Test>>(Weight::MAX);
		assert_eq!(steps.len(), 1);
		total(&steps)
	}

	#[test]
	fn version_3_drops_the_owner_index_and_titles_of_reads_the_items() {
		test(|| {
			let a = register("A-1", ALICE);
			let b = register("B-1", BOB);
			sell(a, BOB);
			let retired = register("C-1", CAROL);
			assert_ok!(Registry::subdivide(
				signed(REGISTRAR),
				retired,
				vec![parcel("C-1/1", 400, 40_000), parcel("C-1/2", 600, 60_000)]
					.try_into()
					.expect("two parts fit"),
			));
			let index = downgrade_to_v2();
			assert_eq!(index.len(), 4, "a and b with Bob, the two parts with Carol");

			let weight = upgrade_to_v3();

			assert_eq!(Registry::on_chain_storage_version(), 3);
			assert_eq!(Registry::on_chain_storage_version(), Registry::in_code_storage_version());
			assert_eq!(v3::v2::TitlesByOwner::<Test>::iter_keys().count(), 0);
			let db = <Test as frame_system::Config>::DbWeight::get();
			// The version read, four keys read and removed, the end found
			// and the version written.
			assert_eq!(weight, db.reads_writes(6, 5));
			let mut bobs = vec![a, b];
			bobs.sort();
			assert_eq!(Registry::titles_of(BOB), bobs);
			assert_eq!(Registry::titles_of(CAROL).len(), 2);
			assert!(!Registry::titles_of(CAROL).contains(&retired));
			assert!(Registry::titles_of(ALICE).is_empty());
			check();

			// Titles move on from there without the index.
			sell(a, DAVE);
			assert_eq!(Registry::titles_of(BOB), vec![b]);
			assert_eq!(Registry::titles_of(DAVE), vec![a]);
			assert_eq!(Registry::on_chain_storage_version(), 3);
			assert_eq!(upgrade_to_v3(), db.reads(1), "a second run only reads the version");
		});
	}

	/// Five titles, two a step: the version 2 migration takes three steps,
	/// each within its weight, the titles moved in between stay where they
	/// are, and the version changes only in the last.
	#[test]
	fn a_register_too_big_for_one_step_moves_over_several() {
		test(|| {
			for reference in ["A-1", "A-2", "A-3", "A-4", "A-5"] {
				register(reference, ALICE);
			}
			let before = downgrade_to_v1();
			let db = <Test as frame_system::Config>::DbWeight::get();
			let per_title = db.reads_writes(2, 2);
			let limit = per_title.saturating_mul(2).saturating_add(db.reads(1));
			type M = MoveProvenanceLength<Test>;

			let mut meter = WeightMeter::with_limit(limit);
			let cursor = M::step(None, &mut meter).expect("room for two titles");
			assert!(matches!(cursor, Some(Progress::After(_))));
			assert_eq!(v1::ProvenanceLength::<Test>::iter_keys().count(), 3, "two moved");
			assert_eq!(Registry::on_chain_storage_version(), 1);
			let mut meter = WeightMeter::with_limit(limit);
			let cursor = M::step(cursor, &mut meter).expect("room for two titles");
			assert_eq!(v1::ProvenanceLength::<Test>::iter_keys().count(), 1, "four moved");
			assert_eq!(Registry::on_chain_storage_version(), 1);
			let mut meter = WeightMeter::with_limit(limit);
			assert_eq!(M::step(cursor, &mut meter), Ok(None), "the last title, then the end");
			assert_eq!(Registry::on_chain_storage_version(), 2);

			let mut after: Vec<_> =
				Titles::<Test>::iter().map(|(id, t)| (id, t.provenance_length)).collect();
			after.sort();
			assert_eq!(after, before);
			check();

			// The same through the driver: three steps, none above its limit.
			downgrade_to_v1();
			assert_eq!(run_steps::<M>(limit).len(), 3);
			assert_eq!(Registry::on_chain_storage_version(), 2);
		});
	}

	/// A step given less than one title's weight refuses to start, so that
	/// pallet-migrations tries again with more, and changes nothing.
	#[test]
	fn a_step_without_room_for_one_title_changes_nothing() {
		test(|| {
			register("A-1", ALICE);
			downgrade_to_v1();
			let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
			let db = <Test as frame_system::Config>::DbWeight::get();
			let mut meter = WeightMeter::with_limit(db.reads_writes(2, 1));
			assert_eq!(
				MoveProvenanceLength::<Test>::transactional_step(None, &mut meter),
				Err(SteppedMigrationError::InsufficientWeight { required: db.reads_writes(2, 2) })
			);
			let mut meter = WeightMeter::with_limit(Weight::zero());
			assert!(matches!(
				RemoveOwnerIndex::<Test>::transactional_step(None, &mut meter),
				Err(SteppedMigrationError::InsufficientWeight { .. })
			));
			assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
			assert_eq!(Registry::on_chain_storage_version(), 1);
		});
	}

	/// Four index keys, two a step: three steps, the last finds the end.
	#[test]
	fn the_owner_index_goes_over_several_steps() {
		test(|| {
			for reference in ["A-1", "A-2", "A-3", "A-4"] {
				register(reference, ALICE);
			}
			downgrade_to_v2();
			let db = <Test as frame_system::Config>::DbWeight::get();
			let limit = db.reads_writes(1, 1).saturating_mul(2).saturating_add(db.reads(1));
			type M = RemoveOwnerIndex<Test>;

			let mut meter = WeightMeter::with_limit(limit);
			let cursor = M::step(None, &mut meter).expect("room for two keys");
			assert_eq!(v3::v2::TitlesByOwner::<Test>::iter_keys().count(), 2);
			let mut meter = WeightMeter::with_limit(limit);
			let cursor = M::step(cursor, &mut meter).expect("room for two keys");
			assert_eq!(v3::v2::TitlesByOwner::<Test>::iter_keys().count(), 0);
			assert_eq!(Registry::on_chain_storage_version(), 2, "the end is not seen yet");
			let mut meter = WeightMeter::with_limit(limit);
			assert_eq!(M::step(cursor, &mut meter), Ok(None));
			assert_eq!(Registry::on_chain_storage_version(), 3);
			assert_eq!(Registry::titles_of(ALICE).len(), 4);
			check();
		});
	}

	/// On a register already past the version a migration starts from, it
	/// ends in its first step with one read and changes nothing: the state
	/// of a chain started from a later genesis.
	#[test]
	fn a_migration_from_an_older_version_passes_a_newer_register_untouched() {
		test(|| {
			register("A-1", ALICE);
			StorageVersion::new(3).put::<Registry>();
			let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
			let db = <Test as frame_system::Config>::DbWeight::get();
			assert_eq!(total(&run_steps::<MoveProvenanceLength<Test>>(Weight::MAX)), db.reads(1));
			assert_eq!(total(&run_steps::<RemoveOwnerIndex<Test>>(Weight::MAX)), db.reads(1));
			assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
			assert_eq!(Registry::on_chain_storage_version(), 3);
		});
	}

	/// The pre-upgrade check refuses an owner index that disagrees with the
	/// items: it would be a sign that the register was already broken.
	#[cfg(feature = "try-runtime")]
	#[test]
	fn the_pre_upgrade_check_refuses_an_index_that_disagrees_with_the_items() {
		test(|| {
			let a = register("A-1", ALICE);
			downgrade_to_v2();
			v3::v2::TitlesByOwner::<Test>::insert(BOB, a, ());
			assert!(RemoveOwnerIndex::<Test>::pre_upgrade().is_err());
			v3::v2::TitlesByOwner::<Test>::remove(BOB, a);
			upgrade_to_v3();
		});
	}

	/// The pre-upgrade check refuses a version 1 register that is already
	/// inconsistent: a title without a provenance length.
	#[cfg(feature = "try-runtime")]
	#[test]
	fn the_pre_upgrade_check_refuses_a_title_without_provenance() {
		test(|| {
			let a = register("A-1", ALICE);
			downgrade_to_v1();
			v1::ProvenanceLength::<Test>::remove(a);
			assert!(MoveProvenanceLength::<Test>::pre_upgrade().is_err());
			// Put it back so the closing invariant check sees a whole register.
			v1::ProvenanceLength::<Test>::insert(a, 1);
			upgrade();
		});
	}
}
