//! Tests of the runtime's wiring: genesis presets, chain properties, metadata.

use frame_support::traits::Get;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

use crate::{configs::CouncilCollective, genesis_config_presets as presets, *};
use civitas_primitives::{CityOffices, CityStatus};

/// Builds the genesis state of a preset as the node does.
pub(crate) fn genesis_of(preset: &str) -> sp_io::TestExternalities {
	presets::genesis_storage(&preset.into()).expect("genesis builds").into()
}

#[test]
fn presets_are_listed_and_unknown_ones_refused() {
	let names = presets::preset_names();
	assert_eq!(names.len(), 2);
	assert!(names.iter().any(|n| n.as_str() == DEV_RUNTIME_PRESET));
	assert!(names.iter().any(|n| n.as_str() == LOCAL_TESTNET_RUNTIME_PRESET));
	assert!(presets::get_preset(&"mainnet".into()).is_none());
	assert!(presets::get_preset(&"".into()).is_none());
}

fn account(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

fn sorted(mut accounts: Vec<AccountId>) -> Vec<AccountId> {
	accounts.sort();
	accounts
}

#[test]
fn development_preset_is_one_city_run_by_alice_with_sudo() {
	genesis_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = account(Sr25519Keyring::Alice);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(Session::validators(), vec![alice.clone()]);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice.clone()));
		assert_eq!(Cities::city_admin(0), Some(alice.clone()));
		assert_eq!(Cities::city_status(1), None);
		assert_eq!(
			pallet_collective::Members::<Runtime, CouncilCollective>::get(),
			vec![alice.clone()]
		);
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::free_balance(&alice),
			presets::DEV_ENDOWMENT
		);
		let accounts = presets::dev_accounts().len() as u128;
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			accounts * presets::DEV_ENDOWMENT
		);
	});
}

#[test]
fn local_preset_is_three_cities_with_four_validators_and_no_sudo() {
	genesis_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let founders = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie];
		// Charleston runs two: one validator offline leaves three of four,
		// more than GRANDPA's two thirds.
		let validators = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		];
		let aura = pallet_aura::Authorities::<Runtime>::get();
		let grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		let expected: Vec<sp_consensus_aura::sr25519::AuthorityId> =
			validators.into_iter().map(|k| k.public().into()).collect();
		assert_eq!(aura.into_inner(), expected);
		assert_eq!(grandpa.len(), 4);
		assert!(grandpa.iter().all(|(_, weight)| *weight == 1));
		assert_eq!(Session::validators(), validators.map(account).to_vec());
		assert_eq!(pallet_cities::MinValidators::<Runtime>::get(), 4);
		for (city, founder) in founders.into_iter().enumerate() {
			assert_eq!(Cities::city_admin(city as u32), Some(account(founder)));
			assert_eq!(Cities::city_status(city as u32), Some(CityStatus::Active));
		}
		assert_eq!(
			pallet_collective::Members::<Runtime, CouncilCollective>::get(),
			sorted(founders.map(account).to_vec())
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
	});
}

#[test]
fn chain_constants_are_civitas_own() {
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), SS58_PREFIX);
	assert_eq!(SS58_PREFIX, 1789);
	assert_eq!(TOKEN_SYMBOL, "CIV");
	assert_eq!(CIV, 10u128.pow(TOKEN_DECIMALS as u32));
	assert_eq!(VERSION.spec_name, "civitas");
	// Aura needs the slot to be twice the timestamp's minimum period.
	assert_eq!(<Runtime as pallet_aura::Config>::SlotDuration::get(), SLOT_DURATION);
}

#[test]
fn metadata_is_offered_up_to_v16() {
	let versions = Runtime::metadata_versions();
	assert!(versions.contains(&15), "Polkadot.js needs V15, got {versions:?}");
	assert!(versions.contains(&16), "the newest stable metadata is V16, got {versions:?}");
	assert!(Runtime::metadata_at_version(16).is_some());
	assert!(Runtime::metadata_at_version(999).is_none());
}

#[test]
fn every_pallet_the_foundation_promises_is_in_the_runtime() {
	let metadata = Runtime::metadata_ir();
	let names: Vec<&str> = metadata.pallets.iter().map(|p| p.name).collect();
	for pallet in [
		"System",
		"Timestamp",
		"Aura",
		"Grandpa",
		"Balances",
		"TransactionPayment",
		"Sudo",
		"Utility",
		"Nfts",
		"Council",
		"Cities",
		"Session",
		"CityTreasury",
		"Historical",
		"Offences",
		"MultiBlockMigrations",
	] {
		assert!(names.contains(&pallet), "{pallet} missing from {names:?}");
	}
}

// ---- The federation as wired: council motions, sessions, keys ----

mod federation {
	use super::*;
	use codec::Encode;
	use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
	use sp_core::{
		crypto::Pair, ed25519, proof_of_possession::ProofOfPossessionGenerator, sr25519,
	};
	use sp_runtime::{traits::Hash as _, DispatchResult};

	const ALICE: Sr25519Keyring = Sr25519Keyring::Alice;
	const BOB: Sr25519Keyring = Sr25519Keyring::Bob;
	const CHARLIE: Sr25519Keyring = Sr25519Keyring::Charlie;
	const DAVE: Sr25519Keyring = Sr25519Keyring::Dave;
	const EVE: Sr25519Keyring = Sr25519Keyring::Eve;

	fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
		RuntimeOrigin::signed(account(who))
	}

	/// `owner` sets the session keys of `keys_of` (the well-known seed), with
	/// the proof of possession pallet-session checks.
	pub(super) fn set_keys(owner: Sr25519Keyring, keys_of: Sr25519Keyring) -> DispatchResult {
		let seed = keys_of.to_seed();
		let owner_bytes = account(owner).encode();
		let mut aura = sr25519::Pair::from_string(&seed, None).expect("valid seed");
		let mut grandpa = ed25519::Pair::from_string(&seed, None).expect("valid seed");
		let proof = (
			aura.generate_proof_of_possession(&owner_bytes),
			grandpa.generate_proof_of_possession(&owner_bytes),
		)
			.encode();
		Session::set_keys(signed(owner), presets::session_keys(keys_of), proof)
	}

	/// A council motion: `proposer` proposes `call` with `threshold`; the
	/// proposer and the `voters` vote aye; the proposer closes. Returns the
	/// dispatch result.
	fn motion(
		proposer: Sr25519Keyring,
		voters: &[Sr25519Keyring],
		threshold: u32,
		call: RuntimeCall,
	) -> DispatchResult {
		let length = call.encoded_size() as u32;
		let weight = call.get_dispatch_info().call_weight;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		System::reset_events();
		assert_ok!(Council::propose(signed(proposer), threshold, Box::new(call), length));
		if threshold > 1 {
			let index = pallet_collective::ProposalCount::<Runtime, CouncilCollective>::get() - 1;
			for voter in core::iter::once(&proposer).chain(voters) {
				assert_ok!(Council::vote(signed(*voter), hash, index, true));
			}
			assert_ok!(Council::close(signed(proposer), hash, index, weight, length));
			// Returns the proposer's deposit and frees its motion slot.
			assert_ok!(Council::release_proposal_cost(signed(proposer), hash));
		}
		System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => {
					Some(result)
				}
				_ => None,
			})
			.expect("the motion was executed")
	}

	/// Runs `on_initialize` of every block up to `n`.
	fn run_to(n: BlockNumber) {
		use frame_support::traits::Hooks;
		while System::block_number() < n {
			let next = System::block_number() + 1;
			System::set_block_number(next);
			Cities::on_initialize(next);
		}
	}

	/// A proceeding to suspend `city`, opened by the first of `voters` and
	/// supported by the others, enacted after its notice.
	fn suspend(city: u32, voters: &[Sr25519Keyring]) -> DispatchResult {
		assert_ok!(Cities::open_proceeding(
			signed(voters[0]),
			city,
			pallet_cities::CityAction::Suspend
		));
		let id = pallet_cities::NextProceedingId::<Runtime>::get() - 1;
		for voter in &voters[1..] {
			if pallet_cities::Proceedings::<Runtime>::get(id)
				.is_some_and(|p| p.effective_at.is_some())
			{
				break;
			}
			assert_ok!(Cities::vote_proceeding(signed(*voter), id, true));
		}
		run_to(System::block_number() + presets::TEST_NETWORK_PERIOD);
		Cities::enact_proceeding(signed(EVE), id)
	}

	/// `validator` accepts `admin`'s invitation to validate for `city`.
	fn register_validator(
		admin: Sr25519Keyring,
		city: u32,
		validator: Sr25519Keyring,
	) -> DispatchResult {
		Cities::invite_validator(signed(admin), city, account(validator).into())?;
		Cities::accept_validator(signed(validator), city)
	}

	fn admit(name: &str, admin: Sr25519Keyring) -> RuntimeCall {
		RuntimeCall::Cities(pallet_cities::Call::admit_city {
			name: name.as_bytes().to_vec(),
			admin: account(admin).into(),
		})
	}

	fn local() -> sp_io::TestExternalities {
		let mut ext = genesis_of(LOCAL_TESTNET_RUNTIME_PRESET);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	#[test]
	fn two_thirds_of_the_cities_admit_a_city_and_one_alone_cannot() {
		local().execute_with(|| {
			assert_eq!(
				motion(ALICE, &[], 1, admit("Daveport", DAVE)),
				Err(pallet_cities::Error::<Runtime>::InsufficientSupport.into())
			);
			assert_eq!(Cities::city_status(3), None);
			assert_ok!(motion(ALICE, &[BOB], 2, admit("Daveport", DAVE)));
			assert_eq!(Cities::city_status(3), Some(CityStatus::Active));
			assert!(pallet_collective::Members::<Runtime, CouncilCollective>::get()
				.contains(&account(DAVE)));
		});
	}

	#[test]
	fn nobody_holds_root_on_the_local_chain() {
		local().execute_with(|| {
			let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
			assert_noop!(
				Sudo::sudo(signed(ALICE), Box::new(call)),
				pallet_sudo::Error::<Runtime>::RequireSudo
			);
			// Council membership follows the cities, never a direct call.
			assert!(Council::set_members(RuntimeOrigin::root(), vec![], None, 0).is_err());
		});
	}

	#[test]
	fn a_runtime_upgrade_needs_two_thirds_of_the_members_and_waits_its_delay() {
		local().execute_with(|| {
			assert_ok!(motion(ALICE, &[BOB], 2, admit("Daveport", DAVE)));
			assert_ok!(motion(ALICE, &[BOB, CHARLIE], 3, admit("Evesham", EVE)));
			// Five members: three is a majority but short of two thirds.
			let upgrade = |code_hash| {
				RuntimeCall::Cities(pallet_cities::Call::authorize_upgrade { code_hash })
			};
			let code_hash = sp_core::H256::repeat_byte(1);
			assert_eq!(
				motion(ALICE, &[BOB, CHARLIE], 3, upgrade(code_hash)),
				Err(pallet_cities::Error::<Runtime>::InsufficientSupport.into())
			);
			assert_ok!(motion(ALICE, &[BOB, CHARLIE, DAVE], 4, upgrade(code_hash)));
			// Scheduled, visible, and not applicable before its delay.
			let enact_at =
				pallet_cities::PendingUpgrade::<Runtime>::get().expect("scheduled").enact_at;
			assert_eq!(enact_at, 1 + presets::TEST_NETWORK_PERIOD);
			run_to(enact_at - 1);
			assert!(frame_system::Pallet::<Runtime>::authorized_upgrade().is_none());
			run_to(enact_at);
			assert_eq!(
				frame_system::Pallet::<Runtime>::authorized_upgrade().map(|a| *a.code_hash()),
				Some(code_hash)
			);
		});
	}

	#[test]
	fn an_admitted_city_validates_from_the_session_after_next_and_leaves_when_suspended() {
		local().execute_with(|| {
			assert_ok!(motion(ALICE, &[BOB], 2, admit("Everett", EVE)));
			assert_ok!(set_keys(EVE, EVE));
			assert_ok!(register_validator(EVE, 3, EVE));
			Session::rotate_session();
			assert_eq!(Session::validators().len(), 4);
			Session::rotate_session();
			assert_eq!(Session::validators().len(), 5);
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 5);
			// GRANDPA takes the same five once the change is finalised.
			let pending = pallet_grandpa::PendingChange::<Runtime>::get().expect("a set change");
			assert_eq!(pending.next_authorities.len(), 5);
			assert!(Session::validators().contains(&account(EVE)));

			assert_ok!(suspend(3, &[ALICE, BOB, CHARLIE]));
			assert!(!pallet_collective::Members::<Runtime, CouncilCollective>::get()
				.contains(&account(EVE)));
			Session::rotate_session();
			Session::rotate_session();
			assert_eq!(Session::validators(), [ALICE, BOB, CHARLIE, DAVE].map(account).to_vec());
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		});
	}

	#[test]
	fn session_keys_need_a_proof_and_may_not_be_shared() {
		local().execute_with(|| {
			// Eve holds copies of Alice's key seeds: a valid proof, duplicate keys.
			assert_noop!(set_keys(EVE, ALICE), pallet_session::Error::<Runtime>::DuplicatedKey);
			// Dave claims Alice's public keys with a proof made for Eve.
			let seed = "//Alice";
			let eve = account(EVE).encode();
			let proof = (
				sr25519::Pair::from_string(seed, None)
					.expect("valid seed")
					.generate_proof_of_possession(&eve),
				ed25519::Pair::from_string(seed, None)
					.expect("valid seed")
					.generate_proof_of_possession(&eve),
			)
				.encode();
			assert_noop!(
				Session::set_keys(signed(DAVE), presets::session_keys(ALICE), proof),
				pallet_session::Error::<Runtime>::InvalidProof
			);
			// A city cannot register a validator that has no keys.
			assert_ok!(Cities::invite_validator(signed(ALICE), 0, account(EVE).into()));
			assert_noop!(
				Cities::accept_validator(signed(EVE), 0),
				pallet_cities::Error::<Runtime>::NoSessionKeys
			);
		});
	}

	/// Review finding 7: without sudo, nothing could call GRANDPA's
	/// `note_stalled`; now a motion of two thirds of the member cities does.
	#[test]
	fn two_thirds_of_the_cities_restart_a_stalled_grandpa() {
		local().execute_with(|| {
			let stalled = RuntimeCall::Cities(pallet_cities::Call::note_stalled {
				delay: 10,
				best_finalized: 1,
			});
			assert_eq!(
				motion(ALICE, &[], 1, stalled.clone()),
				Err(pallet_cities::Error::<Runtime>::InsufficientSupport.into())
			);
			assert_eq!(pallet_grandpa::Stalled::<Runtime>::get(), None);
			assert_ok!(motion(ALICE, &[BOB], 2, stalled));
			assert_eq!(pallet_grandpa::Stalled::<Runtime>::get(), Some((10, 1)));
		});
	}

	/// Review finding 3: one member filled every proposal slot for free and
	/// froze the council, even against a motion to disapprove.
	#[test]
	fn a_member_cannot_fill_the_motion_queue() {
		local().execute_with(|| {
			let free = |who| pallet_balances::Pallet::<Runtime>::free_balance(account(who));
			let propose = |who, name: &str| {
				let call = admit(name, EVE);
				let length = call.encoded_size() as u32;
				Council::propose(signed(who), 2, Box::new(call), length)
			};
			let before = free(ALICE);
			assert_ok!(propose(ALICE, "One"));
			assert_ok!(propose(ALICE, "Two"));
			assert_eq!(free(ALICE), before - 2 * configs::MotionDeposit::get());
			assert_noop!(propose(ALICE, "Three"), pallet_cities::Error::<Runtime>::TooManyMotions);
			// Nor does a fresh admin account bring a fresh allowance.
			let ferdie = Sr25519Keyring::Ferdie;
			assert_ok!(Cities::set_admin(signed(ALICE), 0, account(ferdie).into()));
			assert_noop!(propose(ferdie, "Three"), pallet_cities::Error::<Runtime>::TooManyMotions);
			assert_ok!(Cities::set_admin(signed(ferdie), 0, account(ALICE).into()));
			// The others still propose, a disapproval among them.
			let hash = pallet_collective::Proposals::<Runtime, CouncilCollective>::get()[0];
			let disapprove = RuntimeCall::Council(pallet_collective::Call::disapprove_proposal {
				proposal_hash: hash,
			});
			assert_ok!(motion(BOB, &[CHARLIE], 2, disapprove));
			// Once closed, the deposit comes back and the slot is free again.
			assert_ok!(Council::release_proposal_cost(signed(BOB), hash));
			assert_eq!(free(ALICE), before - configs::MotionDeposit::get());
			assert_ok!(propose(ALICE, "Three"));
		});
	}

	/// Review finding 6: the set could be cut to one validator, which then
	/// finalised alone.
	#[test]
	fn no_change_leaves_fewer_than_four_validators() {
		local().execute_with(|| {
			assert_noop!(
				Cities::deregister_validator(signed(CHARLIE), 2, account(DAVE).into()),
				pallet_cities::Error::<Runtime>::TooFewValidators
			);
			assert_eq!(
				suspend(0, &[BOB, CHARLIE]),
				Err(pallet_cities::Error::<Runtime>::TooFewValidators.into())
			);
			assert_eq!(Cities::city_status(0), Some(CityStatus::Active));
			// A fifth validator lets one go, and only one.
			assert_ok!(motion(ALICE, &[BOB], 2, admit("Everett", EVE)));
			assert_ok!(set_keys(EVE, EVE));
			assert_ok!(register_validator(EVE, 3, EVE));
			assert_ok!(Cities::deregister_validator(signed(CHARLIE), 2, account(DAVE).into()));
			assert_noop!(
				Cities::deregister_validator(signed(ALICE), 0, account(ALICE).into()),
				pallet_cities::Error::<Runtime>::TooFewValidators
			);
		});
	}
}

// ---- City treasuries as wired: offices from pallet-cities ----

mod treasury {
	use super::*;
	use frame_support::{assert_noop, assert_ok, BoundedVec};
	use pallet_city_treasury::{
		BudgetLineId, Error, LedgerSettings, PayeeKind, PayerReference, RevenueCategory,
		SpendingCategory,
	};
	use sp_core::H256;
	use sp_runtime::DispatchError;

	pub(super) const DEVTOWN: u32 = 0;
	pub(super) const FY: u32 = 2027;
	pub(super) const WORKS: BudgetLineId =
		BudgetLineId { period: FY, department: 0, category: SpendingCategory::CapitalWorks };

	pub(super) fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
		RuntimeOrigin::signed(account(who))
	}

	fn text<S: Get<u32>>(t: &str) -> BoundedVec<u8, S> {
		BoundedVec::truncate_from(t.as_bytes().to_vec())
	}

	/// Devtown as the development preset sets it up: Alice its admin, Bob and
	/// Charlie its Treasurers, Eve its Auditor. Alice opens a 2-of-N ledger
	/// with Ferdie as the Works officer and Dave as a contractor.
	pub(super) fn devtown() -> sp_io::TestExternalities {
		let mut ext = genesis_of(DEV_RUNTIME_PRESET);
		ext.execute_with(|| {
			System::set_block_number(1);
			let alice = signed(Sr25519Keyring::Alice);
			let settings = LedgerSettings {
				decimals: 2,
				approval_threshold: 2,
				time_lock_above: 1_000_000,
				time_lock: 10,
				proposal_lifetime: 100,
			};
			assert_ok!(CityTreasury::open_ledger(alice.clone(), DEVTOWN, settings));
			assert_ok!(CityTreasury::add_department(
				alice.clone(),
				DEVTOWN,
				text("Works"),
				account(Sr25519Keyring::One),
				BoundedVec::truncate_from(vec![account(Sr25519Keyring::Ferdie)]),
			));
			assert_ok!(CityTreasury::register_payee(
				alice,
				DEVTOWN,
				account(Sr25519Keyring::Dave),
				PayeeKind::Contractor
			));
		});
		ext
	}

	#[test]
	fn a_receipt_pays_a_contractor_after_two_treasurers_approve() {
		devtown().execute_with(|| {
			assert_ok!(CityTreasury::record_receipt(
				signed(Sr25519Keyring::Bob),
				DEVTOWN,
				FY,
				RevenueCategory::PropertyTax,
				500_000,
				PayerReference::Person(H256::repeat_byte(1)),
				H256::repeat_byte(2),
			));
			let treasury = Cities::treasury_account(DEVTOWN).expect("Devtown has a treasury");
			assert_eq!(pallet_city_treasury::Balances::<Runtime>::get(DEVTOWN, &treasury), 500_000);
			assert_ok!(CityTreasury::adopt_budget(
				signed(Sr25519Keyring::Alice),
				DEVTOWN,
				FY,
				BoundedVec::truncate_from(vec![(0, SpendingCategory::CapitalWorks, 300_000)]),
				H256::repeat_byte(3),
			));
			assert_ok!(CityTreasury::propose_payment(
				signed(Sr25519Keyring::Ferdie),
				DEVTOWN,
				WORKS,
				account(Sr25519Keyring::Dave),
				120_000,
				text("resurfacing"),
				H256::repeat_byte(4),
			));
			assert_ok!(CityTreasury::approve_payment(signed(Sr25519Keyring::Bob), DEVTOWN, 0));
			assert_ok!(CityTreasury::approve_payment(signed(Sr25519Keyring::Charlie), DEVTOWN, 0));
			let dave = account(Sr25519Keyring::Dave);
			assert_eq!(pallet_city_treasury::Balances::<Runtime>::get(DEVTOWN, &dave), 120_000);
			assert_ok!(CityTreasury::redeem(
				signed(Sr25519Keyring::Dave),
				DEVTOWN,
				120_000,
				text("SEPA 1")
			));

			let report = CityTreasury::budget_report(DEVTOWN, FY).expect("Devtown has a ledger");
			assert_eq!(report.departments[0].spent, 120_000);
			assert_eq!(report.departments[0].appropriated, 300_000);
			assert_eq!(report.treasury_balance, 380_000);
			assert_eq!((report.supply.minted, report.supply.burned), (500_000, 120_000));
			assert_eq!(CityTreasury::check_invariants(), Ok(()));
		});
	}

	#[test]
	fn offices_come_from_the_cities_pallet() {
		devtown().execute_with(|| {
			let receipt = |origin| {
				CityTreasury::record_receipt(
					origin,
					DEVTOWN,
					FY,
					RevenueCategory::Fines,
					1,
					PayerReference::Person(H256::zero()),
					H256::zero(),
				)
			};
			// The admin and the Auditor are not Treasurers; Root is nobody's.
			assert_noop!(receipt(signed(Sr25519Keyring::Alice)), Error::<Runtime>::NotTreasurer);
			assert_noop!(receipt(signed(Sr25519Keyring::Eve)), Error::<Runtime>::NotTreasurer);
			assert_noop!(receipt(RuntimeOrigin::root()), DispatchError::BadOrigin);
			// A Treasurer the admin dismisses loses the power at once.
			assert_ok!(Cities::dismiss(
				signed(Sr25519Keyring::Alice),
				DEVTOWN,
				CityRole::Treasurer,
				account(Sr25519Keyring::Bob).into(),
			));
			assert_noop!(receipt(signed(Sr25519Keyring::Bob)), Error::<Runtime>::NotTreasurer);
			assert_ok!(receipt(signed(Sr25519Keyring::Charlie)));
		});
	}
}

/// A tender in Devtown through the real treasury escrow and native-token
/// holds: Dave is the ProcurementOfficer of the development preset.
mod procurement {
	use super::{
		treasury::{devtown, signed, DEVTOWN, FY, WORKS},
		*,
	};
	use frame_support::{
		assert_noop, assert_ok,
		traits::fungible::{Inspect, InspectHold, Mutate},
		BoundedVec,
	};
	use pallet_city_treasury::{PayerReference, RevenueCategory, SpendingCategory};
	use pallet_procurement::{
		bid_commitment, AwardRule, Error, HoldReason, MilestoneTerms, TenderStatus, TenderTerms,
		TerminationReason,
	};
	use sp_core::H256;
	use sp_runtime::Percent;

	fn supplier(n: u8) -> AccountId {
		AccountId::new([n; 32])
	}

	/// Devtown funded with 500 000 credits and a 300 000 Works line; three
	/// registered suppliers with 1 000 CIV each.
	fn funded_devtown() -> sp_io::TestExternalities {
		let mut ext = devtown();
		ext.execute_with(|| {
			assert_ok!(CityTreasury::record_receipt(
				signed(Sr25519Keyring::Bob),
				DEVTOWN,
				FY,
				RevenueCategory::PropertyTax,
				500_000,
				PayerReference::Person(H256::repeat_byte(1)),
				H256::repeat_byte(2),
			));
			assert_ok!(CityTreasury::adopt_budget(
				signed(Sr25519Keyring::Alice),
				DEVTOWN,
				FY,
				BoundedVec::truncate_from(vec![(0, SpendingCategory::CapitalWorks, 300_000)]),
				H256::repeat_byte(3),
			));
			for n in 1..=3 {
				Balances::set_balance(&supplier(n), 1_000 * CIV);
				assert_ok!(Procurement::register_supplier(
					signed(Sr25519Keyring::Dave),
					DEVTOWN,
					supplier(n),
					BoundedVec::truncate_from(vec![b'E', b'E', b'0' + n]),
					H256::repeat_byte(n),
				));
			}
		});
		ext
	}

	fn terms(value: u128) -> pallet_procurement::TenderTermsOf<Runtime> {
		TenderTerms {
			line: WORKS,
			title: BoundedVec::truncate_from(b"Bridge repair".to_vec()),
			specification: H256::repeat_byte(9),
			estimated_value: value,
			minimum_bond: 50 * CIV,
			bid_deadline: 10,
			reveal_period: 5,
			standstill: configs::MinStandstill::get(),
			award_rule: AwardRule::LowestPrice,
			panel: BoundedVec::new(),
			subcontracting_cap: Percent::from_percent(20),
		}
	}

	#[test]
	fn a_tender_escrows_the_budget_and_pays_milestones_into_the_ledger() {
		funded_devtown().execute_with(|| {
			let treasury = Cities::treasury_account(DEVTOWN).expect("Devtown has a treasury");
			let dave = signed(Sr25519Keyring::Dave);
			// Over budget: refused by the treasury's escrow, nothing reserved.
			assert_noop!(
				Procurement::publish_tender(dave.clone(), DEVTOWN, terms(300_001)),
				Error::<Runtime>::OverBudget
			);
			assert_ok!(Procurement::publish_tender(dave.clone(), DEVTOWN, terms(200_000)));
			let line = pallet_city_treasury::Lines::<Runtime>::get(DEVTOWN, WORKS).expect("line");
			assert_eq!((line.escrowed, line.committed), (200_000, 200_000));

			let salt = [7u8; 32];
			let doc = H256::repeat_byte(70);
			for (n, price) in [(1u8, 150_000u128), (2, 120_000), (3, 90_000)] {
				let commitment = bid_commitment(0, &supplier(n), price, &salt, &doc);
				assert_ok!(Procurement::commit_bid(
					RuntimeOrigin::signed(supplier(n)),
					0,
					commitment,
					50 * CIV
				));
			}
			let bond = HoldReason::BidBond.into();
			assert_eq!(Balances::balance_on_hold(&bond, &supplier(1)), 50 * CIV);
			System::set_block_number(11);
			// Supplier 3 never reveals.
			for (n, price) in [(1u8, 150_000u128), (2, 120_000)] {
				assert_ok!(Procurement::reveal_bid(
					RuntimeOrigin::signed(supplier(n)),
					0,
					price,
					salt,
					doc
				));
			}
			System::set_block_number(16);
			let native_before = Balances::balance(&treasury);
			assert_ok!(Procurement::award(RuntimeOrigin::signed(supplier(1)), 0));
			assert_eq!(Balances::balance(&treasury), native_before + 50 * CIV);
			assert_eq!(Balances::balance_on_hold(&bond, &supplier(1)), 0);
			let award = pallet_procurement::Tenders::<Runtime>::get(0)
				.and_then(|t| t.award)
				.expect("awarded");
			assert_eq!((award.supplier.clone(), award.price), (supplier(2), 120_000));

			System::set_block_number(award.standstill_end + 1);
			let milestones = [60_000u128, 60_000]
				.map(|amount| MilestoneTerms { amount, description: H256::repeat_byte(5) });
			assert_ok!(Procurement::sign_contract(
				dave.clone(),
				0,
				BoundedVec::truncate_from(milestones.to_vec())
			));
			// 80 000 went back to the line; the supplier is now a contractor.
			let line = pallet_city_treasury::Lines::<Runtime>::get(DEVTOWN, WORKS).expect("line");
			assert_eq!(line.escrowed, 120_000);
			assert!(pallet_city_treasury::Holders::<Runtime>::contains_key(DEVTOWN, supplier(2)));

			assert_ok!(Procurement::submit_delivery(
				RuntimeOrigin::signed(supplier(2)),
				0,
				0,
				H256::repeat_byte(6)
			));
			assert_ok!(Procurement::accept_milestone(dave.clone(), 0, 0));
			assert_eq!(
				pallet_city_treasury::Balances::<Runtime>::get(DEVTOWN, supplier(2)),
				60_000
			);
			assert_ok!(Procurement::terminate_contract(dave, 0, TerminationReason::PublicInterest));
			let line = pallet_city_treasury::Lines::<Runtime>::get(DEVTOWN, WORKS).expect("line");
			assert_eq!((line.escrowed, line.committed, line.spent), (0, 0, 60_000));
			assert_eq!(
				pallet_procurement::Tenders::<Runtime>::get(0).map(|t| t.status),
				Some(TenderStatus::Terminated(TerminationReason::PublicInterest))
			);
			assert_eq!(CityTreasury::check_invariants(), Ok(()));
			assert_eq!(Procurement::check_invariants(), Ok(()));
		});
	}

	/// The sealed-bid commitment's known answer, which `check.mjs` (and any
	/// bidder's own tool) computes too: BLAKE2-256 of tender 7 (u32 LE),
	/// Alice's account, price 123 456 789 (u128 LE), salt 0x11.., document
	/// 0x22.. (116 bytes).
	#[test]
	fn the_bid_commitment_has_its_known_answer() {
		let alice = account(Sr25519Keyring::Alice);
		let commitment =
			bid_commitment(7, &alice, 123_456_789, &[0x11; 32], &H256::repeat_byte(0x22));
		assert_eq!(
			format!("{commitment:?}"),
			"0xfb70a3a65e53abf0102714f95bd4b636c940ab08f67571ada04c50144e800b49"
		);
	}

	/// The real treasury and procurement together: a milestone above the
	/// limit waits for two Treasurers and the time lock, then pays the
	/// supplier and its subcontractor.
	#[test]
	fn a_large_milestone_is_paid_only_after_the_treasurers_and_the_time_lock() {
		funded_devtown().execute_with(|| {
			let dave = signed(Sr25519Keyring::Dave);
			assert_ok!(Procurement::publish_tender(dave.clone(), DEVTOWN, terms(200_000)));
			let (salt, doc) = ([7u8; 32], H256::repeat_byte(70));
			let commitment = bid_commitment(0, &supplier(2), 120_000, &salt, &doc);
			let bidder = RuntimeOrigin::signed(supplier(2));
			assert_ok!(Procurement::commit_bid(bidder.clone(), 0, commitment, 50 * CIV));
			System::set_block_number(11);
			assert_ok!(Procurement::reveal_bid(bidder.clone(), 0, 120_000, salt, doc));
			System::set_block_number(16);
			assert_ok!(Procurement::award(bidder.clone(), 0));
			let award = pallet_procurement::Tenders::<Runtime>::get(0)
				.and_then(|t| t.award)
				.expect("awarded");
			System::set_block_number(award.standstill_end + 1);
			let milestones = [40_000u128, 80_000]
				.map(|amount| MilestoneTerms { amount, description: H256::repeat_byte(5) });
			assert_ok!(Procurement::sign_contract(
				dave.clone(),
				0,
				BoundedVec::truncate_from(milestones.to_vec())
			));
			assert_ok!(Procurement::declare_subcontractor(
				bidder.clone(),
				0,
				supplier(3),
				Percent::from_percent(10)
			));
			// Devtown's limit is 1 000 000; Alice lowers it to 50 000.
			assert_ok!(CityTreasury::set_payment_rules(
				signed(Sr25519Keyring::Alice),
				DEVTOWN,
				2,
				50_000,
				10,
				100
			));
			for m in 0..2 {
				assert_ok!(Procurement::submit_delivery(
					bidder.clone(),
					0,
					m,
					H256::repeat_byte(6)
				));
			}
			let ledger =
				|who: &AccountId| pallet_city_treasury::Balances::<Runtime>::get(DEVTOWN, who);
			assert_ok!(Procurement::accept_milestone(dave.clone(), 0, 0));
			assert_eq!((ledger(&supplier(2)), ledger(&supplier(3))), (36_000, 4_000));
			// 80 000 alone is above the limit: Dave's acceptance only proposes.
			assert_ok!(Procurement::accept_milestone(dave.clone(), 0, 1));
			let proposal = pallet_city_treasury::NextProposalId::<Runtime>::get(DEVTOWN) - 1;
			assert_eq!(
				pallet_city_treasury::EscrowReleases::<Runtime>::get(DEVTOWN, proposal)
					.map(|r| (r.tender, r.milestone)),
				Some((0, 1))
			);
			assert_eq!(ledger(&supplier(2)), 36_000);
			assert_noop!(
				CityTreasury::approve_payment(dave.clone(), DEVTOWN, proposal),
				pallet_city_treasury::Error::<Runtime>::NotTreasurer
			);
			for t in [Sr25519Keyring::Bob, Sr25519Keyring::Charlie] {
				assert_ok!(CityTreasury::approve_payment(signed(t), DEVTOWN, proposal));
			}
			let anyone = signed(Sr25519Keyring::Ferdie);
			assert_noop!(
				CityTreasury::execute_payment(anyone.clone(), DEVTOWN, proposal),
				pallet_city_treasury::Error::<Runtime>::TimeLockRunning
			);
			System::set_block_number(award.standstill_end + 1 + 10);
			assert_ok!(CityTreasury::execute_payment(anyone, DEVTOWN, proposal));
			assert_eq!((ledger(&supplier(2)), ledger(&supplier(3))), (36_000 + 72_000, 12_000));
			assert_eq!(
				pallet_procurement::Tenders::<Runtime>::get(0).map(|t| t.status),
				Some(TenderStatus::Completed)
			);
			let line = pallet_city_treasury::Lines::<Runtime>::get(DEVTOWN, WORKS).expect("line");
			assert_eq!((line.escrowed, line.committed, line.spent), (0, 0, 120_000));
			assert_eq!(CityTreasury::check_invariants(), Ok(()));
			assert_eq!(Procurement::check_invariants(), Ok(()));
		});
	}

	#[test]
	fn only_devtowns_procurement_officer_publishes() {
		funded_devtown().execute_with(|| {
			for who in [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Eve] {
				assert_noop!(
					Procurement::publish_tender(signed(who), DEVTOWN, terms(1_000)),
					Error::<Runtime>::NotProcurementOfficer
				);
			}
		});
	}
}

mod residency {
	use super::{
		treasury::{signed, DEVTOWN},
		*,
	};
	use frame_support::{assert_noop, assert_ok};
	use pallet_residency::{
		BadgeCollections, CertificateKind, CertificateStatus, RevocationReason,
	};
	use sp_core::H256;
	use sp_runtime::MultiAddress;

	const NEWPORT: u32 = 1;

	fn who(k: Sr25519Keyring) -> AccountId {
		account(k)
	}

	/// The development chain with Bob as Devtown's Registrar, and a second
	/// city, Newport (admin Ferdie), with Charlie as its Registrar.
	fn two_cities() -> sp_io::TestExternalities {
		let mut ext = genesis_of(DEV_RUNTIME_PRESET);
		ext.execute_with(|| {
			System::set_block_number(1);
			assert_ok!(Cities::appoint(
				signed(Sr25519Keyring::Alice),
				DEVTOWN,
				civitas_primitives::CityRole::Registrar,
				MultiAddress::Id(who(Sr25519Keyring::Bob)),
			));
			assert_ok!(Cities::admit_city(
				RuntimeOrigin::root(),
				b"Newport".to_vec(),
				MultiAddress::Id(who(Sr25519Keyring::Ferdie)),
			));
			assert_ok!(Cities::appoint(
				signed(Sr25519Keyring::Ferdie),
				NEWPORT,
				civitas_primitives::CityRole::Registrar,
				MultiAddress::Id(who(Sr25519Keyring::Charlie)),
			));
		});
		ext
	}

	fn badge_holder(city: u32, badge: u32) -> Option<AccountId> {
		let collection = BadgeCollections::<Runtime>::get(city)?;
		pallet_nfts::Item::<Runtime>::get(collection, badge).map(|item| item.owner)
	}

	#[test]
	fn a_certificate_mints_a_badge_its_holder_cannot_move_or_burn() {
		two_cities().execute_with(|| {
			let dave = who(Sr25519Keyring::Dave);
			let free_before = Balances::free_balance(&dave);
			assert_ok!(Residency::issue(
				signed(Sr25519Keyring::Bob),
				DEVTOWN,
				dave.clone(),
				CertificateKind::Resident,
				H256::repeat_byte(1),
				1_000,
			));
			let collection = BadgeCollections::<Runtime>::get(DEVTOWN).expect("a collection");
			assert_eq!(badge_holder(DEVTOWN, 0), Some(dave.clone()));
			let details = pallet_nfts::Collection::<Runtime>::get(collection).expect("on nfts");
			assert_eq!(details.owner, Residency::badge_owner());
			// No deposit was taken from anyone.
			assert_eq!(details.owner_deposit, 0);
			assert_eq!(Balances::free_balance(&dave), free_before);
			assert_eq!(Balances::reserved_balance(Residency::badge_owner()), 0);

			let eve = MultiAddress::Id(who(Sr25519Keyring::Eve));
			// Locked twice: by the runtime's lock on civic items, checked
			// first, and by the collection's settings.
			assert_noop!(
				Nfts::transfer(signed(Sr25519Keyring::Dave), collection, 0, eve.clone()),
				pallet_nfts::Error::<Runtime>::ItemLocked
			);
			let settings = pallet_nfts::CollectionConfigOf::<Runtime>::get(collection)
				.expect("a config")
				.settings;
			assert!(settings.is_disabled(pallet_nfts::CollectionSetting::TransferableItems));
			assert_noop!(
				Nfts::burn(signed(Sr25519Keyring::Dave), collection, 0),
				pallet_nfts::Error::<Runtime>::ItemLocked
			);
			// Not even the Registrar can mint into the collection directly.
			assert_noop!(
				Nfts::mint(signed(Sr25519Keyring::Bob), collection, 99, eve, None),
				pallet_nfts::Error::<Runtime>::NoPermission
			);

			assert!(Residency::is_resident(DEVTOWN, &dave));
			assert_ok!(Residency::revoke(
				signed(Sr25519Keyring::Bob),
				DEVTOWN,
				dave.clone(),
				RevocationReason::IssuedInError,
			));
			assert_eq!(badge_holder(DEVTOWN, 0), None);
			assert!(!Residency::is_resident(DEVTOWN, &dave));
			assert_eq!(Residency::check_invariants(), Ok(()));
		});
	}

	#[test]
	fn a_move_burns_the_old_citys_badge_and_mints_the_new_one() {
		two_cities().execute_with(|| {
			let dave = who(Sr25519Keyring::Dave);
			assert_ok!(Residency::issue(
				signed(Sr25519Keyring::Bob),
				DEVTOWN,
				dave.clone(),
				CertificateKind::Resident,
				H256::repeat_byte(1),
				1_000,
			));
			// Devtown's Registrar is not Newport's.
			assert_noop!(
				Residency::move_residency(
					signed(Sr25519Keyring::Bob),
					dave.clone(),
					DEVTOWN,
					NEWPORT,
					CertificateKind::Resident,
					H256::repeat_byte(2),
					2_000,
				),
				pallet_residency::Error::<Runtime>::NotRegistrar
			);
			assert_ok!(Residency::move_residency(
				signed(Sr25519Keyring::Charlie),
				dave.clone(),
				DEVTOWN,
				NEWPORT,
				CertificateKind::Resident,
				H256::repeat_byte(2),
				2_000,
			));
			assert_eq!(badge_holder(DEVTOWN, 0), None);
			assert_eq!(badge_holder(NEWPORT, 1), Some(dave.clone()));
			assert_ne!(
				BadgeCollections::<Runtime>::get(DEVTOWN),
				BadgeCollections::<Runtime>::get(NEWPORT)
			);
			assert_eq!(
				Residency::certificate_by_id(0).map(|v| v.certificate.status),
				Some(CertificateStatus::Moved { to: 1, at: 1 })
			);
			assert_eq!(
				(Residency::active_residents(DEVTOWN), Residency::active_residents(NEWPORT)),
				(0, 1)
			);
			assert_eq!(Residency::check_invariants(), Ok(()));
		});
	}
}

/// The asset registry wired to pallet-nfts, pallet-cities and the city
/// ledger.
mod registry {
	use super::{
		treasury::{devtown, signed, DEVTOWN, FY},
		*,
	};
	use frame_support::{assert_noop, assert_ok};
	use pallet_asset_registry::{
		AssetClass, Collections, DevelopmentRight, EncumbranceKind, LandUse, Particulars, RightKind,
	};
	use pallet_city_treasury::{Holder, PayeeKind, PayerReference, RevenueCategory};
	use sp_core::H256;
	use sp_runtime::{MultiAddress, Permill};

	fn who(k: Sr25519Keyring) -> AccountId {
		account(k)
	}

	fn parcel(reference: &str, area: u64) -> pallet_asset_registry::ParticularsOf<Runtime> {
		Particulars {
			cadastral_reference: reference.as_bytes().to_vec().try_into().expect("short"),
			document: H256::repeat_byte(9),
			area,
			land_use: LandUse::Residential,
			assessed_value: 100_000,
			rights: vec![DevelopmentRight { kind: RightKind::MaxStoreys, amount: 4 }]
				.try_into()
				.expect("one right"),
		}
	}

	/// Devtown with its ledger open and Charlie as its Registrar.
	fn city() -> sp_io::TestExternalities {
		let mut ext = devtown();
		ext.execute_with(|| {
			assert_ok!(Cities::appoint(
				signed(Sr25519Keyring::Alice),
				DEVTOWN,
				civitas_primitives::CityRole::Registrar,
				MultiAddress::Id(who(Sr25519Keyring::Charlie)),
			));
		});
		ext
	}

	fn item_owner(title: u32) -> Option<AccountId> {
		let collection = Collections::<Runtime>::get(DEVTOWN)?;
		pallet_nfts::Item::<Runtime>::get(collection, title).map(|item| item.owner)
	}

	fn attributes(title: u32) -> usize {
		let Some(collection) = Collections::<Runtime>::get(DEVTOWN) else { return 0 };
		pallet_nfts::Attribute::<Runtime>::iter_prefix((collection, Some(title))).count()
	}

	fn check() {
		assert_eq!(Registry::check_invariants(), Ok(()));
		assert_eq!(CityTreasury::check_invariants(), Ok(()));
	}

	#[test]
	fn a_title_is_an_nft_that_moves_only_through_the_registry() {
		city().execute_with(|| {
			let dave = who(Sr25519Keyring::Dave);
			let eve = who(Sr25519Keyring::Eve);
			assert_ok!(Registry::register_title(
				signed(Sr25519Keyring::Charlie),
				DEVTOWN,
				AssetClass::Land,
				dave.clone(),
				parcel("DT-1", 1_000),
				H256::repeat_byte(1),
			));
			let collection = Collections::<Runtime>::get(DEVTOWN).expect("a collection");
			assert_eq!(item_owner(0), Some(dave.clone()));
			let details = pallet_nfts::Collection::<Runtime>::get(collection).expect("on nfts");
			assert_eq!(details.owner, Registry::registry_account());
			assert_eq!(details.owner_deposit, 0);
			// Seven public attributes; no transfer-lock attribute.
			assert_eq!(attributes(0), 7);
			let key: frame_support::BoundedVec<u8, frame_support::traits::ConstU32<64>> =
				b"cadastral_reference".to_vec().try_into().expect("short key");
			let value = pallet_nfts::Attribute::<Runtime>::get((
				collection,
				Some(0),
				pallet_nfts::AttributeNamespace::Pallet,
				key,
			))
			.map(|(v, _)| v.into_inner());
			assert_eq!(value, Some(b"DT-1".to_vec()));

			// Neither the owner nor the Registrar moves it through pallet-nfts.
			assert_noop!(
				Nfts::transfer(
					signed(Sr25519Keyring::Dave),
					collection,
					0,
					MultiAddress::Id(eve.clone())
				),
				pallet_nfts::Error::<Runtime>::ItemLocked
			);
			assert_noop!(
				Nfts::burn(signed(Sr25519Keyring::Dave), collection, 0),
				pallet_nfts::Error::<Runtime>::ItemLocked
			);
			assert_noop!(
				Nfts::mint(
					signed(Sr25519Keyring::Charlie),
					collection,
					9,
					MultiAddress::Id(eve.clone()),
					None
				),
				pallet_nfts::Error::<Runtime>::NoPermission
			);

			// A mortgage blocks the sale until the bank consents.
			let bank = who(Sr25519Keyring::Ferdie);
			assert_ok!(Registry::request_encumbrance(
				signed(Sr25519Keyring::Ferdie),
				0,
				EncumbranceKind::Mortgage,
				80_000,
				H256::repeat_byte(5),
			));
			assert_ok!(Registry::register_encumbrance(signed(Sr25519Keyring::Charlie), 0, 0));
			assert_ok!(Registry::offer_transfer(
				signed(Sr25519Keyring::Dave),
				0,
				eve.clone(),
				H256::repeat_byte(7)
			));
			assert_ok!(Registry::accept_transfer(signed(Sr25519Keyring::Eve), 0));
			assert_noop!(
				Registry::record_transfer(signed(Sr25519Keyring::Charlie), 0),
				pallet_asset_registry::Error::<Runtime>::BlockedByEncumbrance
			);
			assert_ok!(Registry::consent_to_transfer(signed(Sr25519Keyring::Ferdie), 0, 0));
			assert_ok!(Registry::record_transfer(signed(Sr25519Keyring::Charlie), 0));
			assert_eq!(item_owner(0), Some(eve.clone()));
			assert_eq!(Registry::titles_of(eve.clone()), vec![0]);
			// The item is locked again for its new holder, who cannot sell it
			// through pallet-nfts' market either.
			assert_noop!(
				Nfts::transfer(
					signed(Sr25519Keyring::Eve),
					collection,
					0,
					MultiAddress::Id(dave.clone())
				),
				pallet_nfts::Error::<Runtime>::ItemLocked
			);
			// pallet-nfts lets the holder set a price, but no buyer gets the item.
			assert_ok!(Nfts::set_price(signed(Sr25519Keyring::Eve), collection, 0, Some(1), None));
			assert_noop!(
				Nfts::buy_item(signed(Sr25519Keyring::Dave), collection, 0, 1),
				pallet_nfts::Error::<Runtime>::ItemLocked
			);
			assert_eq!(item_owner(0), Some(eve.clone()));

			// Subdivision burns the old item with all its attributes.
			let parts = vec![parcel("DT-1/1", 400), parcel("DT-1/2", 600)].try_into().expect("two");
			assert_ok!(Registry::subdivide(signed(Sr25519Keyring::Charlie), 0, parts));
			assert_eq!(item_owner(0), None);
			assert_eq!(attributes(0), 0);
			assert_eq!((item_owner(1), item_owner(2)), (Some(eve.clone()), Some(eve.clone())));
			let view = Registry::title_view(1).expect("a part");
			assert_eq!(view.encumbrances.first().map(|(_, e)| e.holder.clone()), Some(bank));
			assert_eq!(view.parents, vec![0]);
			check();
		});
	}

	#[test]
	fn the_lock_is_only_on_civic_items_and_a_pre_109_lock_attribute_is_cleared_at_the_move() {
		city().execute_with(|| {
			use frame_support::traits::tokens::nonfungibles_v2::Transfer;
			let dave = who(Sr25519Keyring::Dave);
			let eve = who(Sr25519Keyring::Eve);
			// Anyone's own collection is untouched by the lock.
			let own = pallet_nfts::NextCollectionId::<Runtime>::get().unwrap_or_default();
			assert_ok!(Nfts::create(
				signed(Sr25519Keyring::Dave),
				MultiAddress::Id(dave.clone()),
				pallet_nfts::CollectionConfig {
					settings: Default::default(),
					max_supply: None,
					mint_settings: Default::default(),
				}
			));
			assert_ok!(Nfts::mint(
				signed(Sr25519Keyring::Dave),
				own,
				1,
				MultiAddress::Id(dave.clone()),
				None
			));
			assert_ok!(Nfts::transfer(
				signed(Sr25519Keyring::Dave),
				own,
				1,
				MultiAddress::Id(eve.clone())
			));
			assert_ok!(Nfts::burn(signed(Sr25519Keyring::Eve), own, 1));

			// A title minted with the transfer-disabled attribute (the lock's
			// earlier form, CHANGELOG spec 109): the registry's move clears it
			// and still works.
			assert_ok!(Registry::register_title(
				signed(Sr25519Keyring::Charlie),
				DEVTOWN,
				AssetClass::Land,
				dave.clone(),
				parcel("DT-9", 1_000),
				H256::repeat_byte(1),
			));
			let collection = Collections::<Runtime>::get(DEVTOWN).expect("a collection");
			let title = 0;
			assert_ok!(<Nfts as Transfer<AccountId>>::disable_transfer(&collection, &title));
			assert_eq!(attributes(title), 8);
			assert_ok!(Registry::offer_transfer(
				signed(Sr25519Keyring::Dave),
				title,
				eve.clone(),
				H256::repeat_byte(7)
			));
			assert_ok!(Registry::accept_transfer(signed(Sr25519Keyring::Eve), title));
			assert_ok!(Registry::record_transfer(signed(Sr25519Keyring::Charlie), title));
			assert_eq!(item_owner(title), Some(eve.clone()));
			assert_eq!(attributes(title), 7);
			// The lock itself is back once the move is done.
			assert_noop!(
				Nfts::transfer(
					signed(Sr25519Keyring::Eve),
					collection,
					title,
					MultiAddress::Id(dave)
				),
				pallet_nfts::Error::<Runtime>::ItemLocked
			);
			check();
		});
	}

	#[test]
	fn harberger_tax_is_booked_by_the_city_treasury_and_a_purchase_pays_the_owner() {
		city().execute_with(|| {
			let dave = who(Sr25519Keyring::Dave);
			let eve = who(Sr25519Keyring::Eve);
			let treasury = Cities::treasury_account(DEVTOWN).expect("a treasury");
			// Dave (a contractor) and Eve (a beneficiary) hold credits, as a
			// paid payment would have left them.
			assert_ok!(CityTreasury::register_payee(
				signed(Sr25519Keyring::Alice),
				DEVTOWN,
				eve.clone(),
				PayeeKind::Beneficiary
			));
			for (holder, amount) in [(&dave, 10_000u128), (&eve, 200_000)] {
				pallet_city_treasury::Balances::<Runtime>::insert(DEVTOWN, holder, amount);
				pallet_city_treasury::Supplies::<Runtime>::mutate(DEVTOWN, |s| s.minted += amount);
			}
			assert_ok!(Registry::register_title(
				signed(Sr25519Keyring::Charlie),
				DEVTOWN,
				AssetClass::Land,
				dave.clone(),
				parcel("DT-2", 1_000),
				H256::repeat_byte(1),
			));
			assert_noop!(
				Registry::set_harberger_policy(
					signed(Sr25519Keyring::Charlie),
					DEVTOWN,
					AssetClass::Land,
					Some((Permill::from_percent(1), 10, FY))
				),
				pallet_asset_registry::Error::<Runtime>::NotAuthorised
			);
			assert_ok!(Registry::set_harberger_policy(
				signed(Sr25519Keyring::Alice),
				DEVTOWN,
				AssetClass::Land,
				Some((Permill::from_percent(1), 10, FY))
			));
			let escrow = Registry::deposit_account(DEVTOWN);
			assert_eq!(
				pallet_city_treasury::Holders::<Runtime>::get(DEVTOWN, &escrow),
				Some(Holder::Escrow)
			);
			assert_ok!(Registry::self_assess(signed(Sr25519Keyring::Dave), 0, 50_000));
			assert_ok!(Registry::top_up_deposit(signed(Sr25519Keyring::Dave), 0, 2_000));
			System::set_block_number(21);
			assert_ok!(Registry::settle_tax(signed(Sr25519Keyring::Eve), 0));
			let receipt = pallet_city_treasury::Receipts::<Runtime>::iter_prefix(DEVTOWN)
				.map(|(_, r)| r)
				.find(|r| r.payer == PayerReference::Holder)
				.expect("a tax receipt");
			assert_eq!(
				(receipt.category, receipt.amount, receipt.period, receipt.recorded_by),
				(RevenueCategory::PropertyTax, 1_000, FY, dave.clone())
			);
			assert_eq!(pallet_city_treasury::Balances::<Runtime>::get(DEVTOWN, &treasury), 1_000);
			assert_noop!(
				Registry::buy(signed(Sr25519Keyring::Eve), 0, 49_999),
				pallet_asset_registry::Error::<Runtime>::BelowPrice
			);
			assert_ok!(Registry::buy(signed(Sr25519Keyring::Eve), 0, 50_000));
			assert_eq!(item_owner(0), Some(eve.clone()));
			// Dave: 10 000 - 2 000 deposit + 50 000 price + 1 000 deposit back.
			assert_eq!(pallet_city_treasury::Balances::<Runtime>::get(DEVTOWN, &dave), 59_000);
			assert_eq!(pallet_city_treasury::Balances::<Runtime>::get(DEVTOWN, &eve), 150_000);
			assert_eq!(pallet_city_treasury::Balances::<Runtime>::get(DEVTOWN, &escrow), 0);
			check();
		});
	}
}

// ---- Accountability: GRANDPA equivocations proved, recorded and acted on ----

mod accountability {
	use super::*;
	use frame_support::{assert_ok, traits::KeyOwnerProofSystem};
	use pallet_grandpa::AuthorityId as GrandpaId;
	use sp_consensus_grandpa::{EquivocationProof, KEY_TYPE};
	use sp_core::{crypto::Pair, ed25519, H256};
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionSource};

	const CHARLIE: Sr25519Keyring = Sr25519Keyring::Charlie;
	const DAVE: Sr25519Keyring = Sr25519Keyring::Dave;

	fn grandpa_pair(who: Sr25519Keyring) -> ed25519::Pair {
		ed25519::Pair::from_string(&who.to_seed(), None).expect("valid seed")
	}

	fn grandpa_id(who: Sr25519Keyring) -> GrandpaId {
		grandpa_pair(who).public().into()
	}

	/// `who` prevotes in one round of `set_id` for the blocks `first` and
	/// `second` (their hashes' repeated byte).
	fn prevotes(
		who: Sr25519Keyring,
		set_id: u64,
		round: u64,
		first: u8,
		second: u8,
	) -> EquivocationProof<Hash, BlockNumber> {
		let pair = grandpa_pair(who);
		let vote = |target: u8| {
			let prevote = finality_grandpa::Prevote {
				target_hash: H256::repeat_byte(target),
				target_number: 1,
			};
			let message = finality_grandpa::Message::Prevote(prevote.clone());
			let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
			(prevote, pair.sign(&payload).into())
		};
		EquivocationProof::new(
			set_id,
			sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
				round_number: round,
				identity: grandpa_id(who),
				first: vote(first),
				second: vote(second),
			}),
		)
	}

	fn report_call(
		proof: EquivocationProof<Hash, BlockNumber>,
		key_owner_proof: sp_session::MembershipProof,
	) -> pallet_grandpa::Call<Runtime> {
		pallet_grandpa::Call::report_equivocation_unsigned {
			equivocation_proof: Box::new(proof),
			key_owner_proof,
		}
	}

	fn validate(call: &pallet_grandpa::Call<Runtime>) -> Result<(), InvalidTransaction> {
		Grandpa::validate_unsigned(TransactionSource::Local, call).map(|_| ()).map_err(
			|e| match e {
				sp_runtime::transaction_validity::TransactionValidityError::Invalid(i) => i,
				other => panic!("unexpected {other:?}"),
			},
		)
	}

	fn is_disabled(who: Sr25519Keyring) -> bool {
		let index =
			Session::validator_id_to_index(&account(who)).expect("in the current set") as u32;
		<Session as frame_support::traits::DisabledValidators>::is_disabled(index)
	}

	/// Review finding 7: a validator that signed two votes in one round
	/// faced nothing. Now the report is accepted into the pool, the offence
	/// recorded once, the offender disabled at once and out of Aura's and
	/// GRANDPA's sets by the second session.
	#[test]
	fn an_equivocating_validator_is_disabled_and_leaves_the_set() {
		genesis_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let proof = prevotes(CHARLIE, 0, 1, 1, 2);
			let key_owner_proof =
				Historical::prove((KEY_TYPE, grandpa_id(CHARLIE))).expect("in session 0's set");
			let call = report_call(proof.clone(), key_owner_proof.clone());
			assert_eq!(validate(&call), Ok(()));
			// Only the node's own reports enter the pool unsigned.
			assert!(Grandpa::validate_unsigned(TransactionSource::External, &call).is_err());

			assert_ok!(Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(proof.clone()),
				key_owner_proof.clone()
			));
			assert!(System::events().iter().any(|r| matches!(
				r.event,
				RuntimeEvent::Offences(pallet_offences::Event::Offence { .. })
			)));
			assert!(is_disabled(CHARLIE));
			assert!(!is_disabled(DAVE));
			assert_eq!(
				pallet_cities::CityValidators::<Runtime>::get(2).into_inner(),
				vec![account(DAVE)]
			);
			// A second report of the same offence is stale: the pool drops it.
			assert_eq!(validate(&call), Err(InvalidTransaction::Stale));
			// So are the double votes of any other round: each would be a new
			// offence, reported for free, stored for good.
			let again = report_call(prevotes(CHARLIE, 0, 2, 3, 4), key_owner_proof.clone());
			assert_eq!(validate(&again), Err(InvalidTransaction::Stale));
			assert!(Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(prevotes(CHARLIE, 0, 2, 3, 4)),
				key_owner_proof.clone()
			)
			.is_err());
			// Nor may a city take Charlie back at once.
			assert_ok!(Cities::invite_validator(
				RuntimeOrigin::signed(account(Sr25519Keyring::Alice)),
				0,
				account(CHARLIE).into()
			));
			assert_eq!(
				Cities::accept_validator(RuntimeOrigin::signed(account(CHARLIE)), 0),
				Err(pallet_cities::Error::<Runtime>::RecentlyExpelled.into())
			);

			// Session 1 was queued before the report: Charlie is in it, still
			// disabled (the pallet's tests show the re-disabling when
			// pallet-session forgets).
			Session::rotate_session();
			assert!(Session::validators().contains(&account(CHARLIE)));
			assert!(is_disabled(CHARLIE));
			// Session 2 is the first planned without it.
			Session::rotate_session();
			assert!(!Session::validators().contains(&account(CHARLIE)));
			let aura_id: sp_consensus_aura::sr25519::AuthorityId = CHARLIE.public().into();
			assert!(!pallet_aura::Authorities::<Runtime>::get().contains(&aura_id));
			let change = pallet_grandpa::PendingChange::<Runtime>::get().expect("a set change");
			assert!(change.next_authorities.iter().all(|(id, _)| *id != grandpa_id(CHARLIE)));
			assert_eq!(change.next_authorities.len(), 3);
		});
	}

	/// Bad input: a proof of another key's membership, or of a key that was
	/// never in the set, is refused by the pool and changes nothing.
	#[test]
	fn a_report_with_a_bad_key_ownership_proof_is_refused() {
		genesis_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let proof = prevotes(CHARLIE, 0, 1, 1, 2);
			let dave_proof =
				Historical::prove((KEY_TYPE, grandpa_id(DAVE))).expect("in session 0's set");
			let call = report_call(proof.clone(), dave_proof.clone());
			assert_eq!(validate(&call), Err(InvalidTransaction::BadProof));
			// Eve validates for no city: the proof for her key proves nothing.
			let eve = Sr25519Keyring::Eve;
			let eve_proof =
				Historical::prove((KEY_TYPE, grandpa_id(eve))).expect("a proof, of absence");
			assert_eq!(
				validate(&report_call(prevotes(eve, 0, 1, 1, 2), eve_proof)),
				Err(InvalidTransaction::BadProof)
			);
			assert!(Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(proof),
				dave_proof
			)
			.is_err());
			assert!(!is_disabled(CHARLIE));
			assert!(!is_disabled(DAVE));
			assert_eq!(pallet_cities::CityValidators::<Runtime>::get(2).len(), 2);
		});
	}

	/// Two prevotes for the same block are no equivocation.
	#[test]
	fn two_equal_votes_are_no_offence() {
		genesis_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let proof = prevotes(CHARLIE, 0, 1, 7, 7);
			let key_owner_proof =
				Historical::prove((KEY_TYPE, grandpa_id(CHARLIE))).expect("in the set");
			assert!(Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(proof),
				key_owner_proof
			)
			.is_err());
			assert!(!is_disabled(CHARLIE));
		});
	}

	/// A validator replaced a compromised GRANDPA key; the historical roots,
	/// copied forward while the set stayed, still mapped the old key to it,
	/// so whoever held the old key could have it expelled with an old proof.
	#[test]
	fn a_replaced_key_cannot_be_used_against_its_former_owner() {
		genesis_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let old_proof =
				Historical::prove((KEY_TYPE, grandpa_id(CHARLIE))).expect("in session 0's set");
			assert_ok!(super::federation::set_keys(CHARLIE, Sr25519Keyring::Ferdie));
			// Session 1 was queued with the old keys; session 2 has the new.
			Session::rotate_session();
			Session::rotate_session();
			Session::rotate_session();
			let mut forged = old_proof;
			forged.session = 2;
			let set_id = Grandpa::current_set_id();
			let call = report_call(prevotes(CHARLIE, set_id, 1, 1, 2), forged);
			assert_eq!(validate(&call), Err(InvalidTransaction::BadProof));
			assert_eq!(pallet_cities::CityValidators::<Runtime>::get(2).len(), 2);
		});
	}

	/// A chain upgraded from a runtime without historical sessions plans its
	/// set again at the next session, so that a root is stored and a GRANDPA
	/// set whose sessions are recorded starts; once a root is stored the
	/// migration does nothing.
	#[test]
	fn the_upgrade_starts_the_historical_sessions() {
		use frame_support::traits::OnRuntimeUpgrade;
		genesis_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
			let _ =
				pallet_session::historical::HistoricalSessions::<Runtime>::clear(u32::MAX, None);
			pallet_session::historical::StoredRange::<Runtime>::kill();
			pallet_cities::ValidatorSetChanged::<Runtime>::put(false);
			configs::StartHistoricalSessions::on_runtime_upgrade();
			assert!(pallet_cities::ValidatorSetChanged::<Runtime>::get());
			Session::rotate_session();
			// The set was planned again: the session after has a root.
			assert!(pallet_session::historical::HistoricalSessions::<Runtime>::contains_key(2));
			pallet_cities::ValidatorSetChanged::<Runtime>::put(false);
			configs::StartHistoricalSessions::on_runtime_upgrade();
			assert!(!pallet_cities::ValidatorSetChanged::<Runtime>::get());
		});
	}

	/// A validator purged its keys while the set stayed: the root then
	/// counted it without keys, and every proof of that session failed its
	/// count, so nobody's offence in it could be proved.
	#[test]
	fn a_purged_key_does_not_spoil_the_proofs_of_the_others() {
		genesis_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			assert_ok!(Session::purge_keys(RuntimeOrigin::signed(account(CHARLIE))));
			Session::rotate_session();
			Session::rotate_session();
			let proof =
				Historical::prove((KEY_TYPE, grandpa_id(DAVE))).expect("in session 2's set");
			assert_eq!(proof.session, 2);
			Session::rotate_session();
			let set_id = Grandpa::current_set_id();
			let call = report_call(prevotes(DAVE, set_id, 1, 1, 2), proof);
			assert_eq!(validate(&call), Ok(()));
		});
	}
}

// ---- Upgrades: migrations that take several blocks ----

mod upgrades {
	use super::*;
	use frame_support::traits::StorageVersion;
	use frame_support::{migrations::MultiStepMigrator, traits::GetStorageVersion};
	use pallet_asset_registry::{
		migrations::v2::v1, AssetClass, LandUse, Particulars, TitleOrigin, TitleStatus, Titles,
	};
	use sp_runtime::{traits::Header as _, ExtrinsicInclusionMode};

	/// Writes `n` titles of Devtown as the register's storage version 1 kept
	/// them, and sets that version.
	fn version_1_register(n: u32) {
		let particulars = Particulars {
			cadastral_reference: b"DT-MBM".to_vec().try_into().expect("a short reference"),
			document: Default::default(),
			area: 100,
			land_use: LandUse::Residential,
			assessed_value: 1_000,
			rights: Default::default(),
		};
		for id in 0..n {
			v1::Titles::<Runtime>::insert(
				id,
				v1::Title {
					city: 0,
					class: AssetClass::Land,
					owner: account(Sr25519Keyring::Alice),
					owner_since: 0,
					particulars: particulars.clone(),
					origin: TitleOrigin::Registered { evidence: Default::default() },
					status: TitleStatus::Active,
					registered_at: 0,
				},
			);
			v1::ProvenanceLength::<Runtime>::insert(id, 1);
		}
		StorageVersion::new(1).put::<Registry>();
	}

	/// A register half again as big as one block's migration weight moves:
	/// the upgrade starts the migrations, the next blocks carry only
	/// inherents while they run, none spends more than the service weight,
	/// and the second ends both of the register's migrations.
	#[test]
	fn a_register_too_big_for_a_block_migrates_over_two_with_no_transactions_meanwhile() {
		genesis_of(DEV_RUNTIME_PRESET).execute_with(|| {
			let service = configs::MigrationServiceWeight::get();
			let per_title = <Runtime as frame_system::Config>::DbWeight::get().reads_writes(2, 2);
			let per_block = service.ref_time() / per_title.ref_time();
			let titles = u32::try_from(per_block * 3 / 2).expect("fits");
			version_1_register(titles);

			Executive::execute_on_runtime_upgrade();
			assert!(MultiBlockMigrations::ongoing(), "the upgrade starts them");
			let mut blocks = 0;
			while MultiBlockMigrations::ongoing() {
				let number = System::block_number() + 1;
				let header = Header::new(
					number,
					Default::default(),
					Default::default(),
					System::parent_hash(),
					Default::default(),
				);
				assert_eq!(
					Executive::initialize_block(&header),
					ExtrinsicInclusionMode::OnlyInherents,
					"block {number} would take transactions while the register migrates"
				);
				let used = MultiBlockMigrations::step();
				assert!(used.all_lte(service), "a step spent {used}, above {service}");
				blocks += 1;
				if blocks == 1 {
					let left = v1::ProvenanceLength::<Runtime>::iter_keys().count() as u32;
					assert!(left > 0 && left < titles, "{left} of {titles} left after a block");
					assert_eq!(Registry::on_chain_storage_version(), 1);
				}
				assert!(blocks < 10, "the migrations do not end");
			}
			assert_eq!(blocks, 2);
			assert_eq!(Registry::on_chain_storage_version(), 3);
			assert_eq!(Titles::<Runtime>::iter().count() as u32, titles);
			assert!(Titles::<Runtime>::iter().all(|(_, t)| t.provenance_length == 1));
			assert_eq!(v1::ProvenanceLength::<Runtime>::iter_keys().count(), 0);
			// Once they are done, blocks take transactions again.
			let header = Header::new(
				System::block_number() + 1,
				Default::default(),
				Default::default(),
				System::parent_hash(),
				Default::default(),
			);
			assert_eq!(Executive::initialize_block(&header), ExtrinsicInclusionMode::AllExtrinsics);
		});
	}
}
