//! Unit tests: every call's happy and unhappy paths, and whole tenders.
//!
//! Failing calls are checked with `assert_noop!` (storage root unchanged)
//! and, where escrow is involved, with the mock treasury's lines unchanged.

use crate::{mock::*, *};
use civitas_primitives::{
	offices::testing::TestOffices,
	treasury::testing::{TestEscrow, TestLedger},
	CityRole, CityStatus, SpendingCategory,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use sp_runtime::{DispatchError, Perbill, Percent};

type E = Error<Test>;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn h(n: u8) -> DocumentHash {
	DocumentHash::repeat_byte(n)
}

fn salt(who: u64) -> [u8; 32] {
	[who as u8; 32]
}

fn bid_doc(who: u64) -> DocumentHash {
	h(who as u8)
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Procurement(e) => Some(e),
			_ => None,
		})
		.expect("a procurement event")
}

fn has_event(e: Event<Test>) -> bool {
	System::events().iter().any(|r| r.event == RuntimeEvent::Procurement(e.clone()))
}

fn run_to(n: u64) {
	assert_eq!(Procurement::check_invariants(), Ok(()));
	System::set_block_number(n);
}

/// Runs a test on a fresh chain, then checks the pallet's invariants.
fn check(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		assert_eq!(Procurement::check_invariants(), Ok(()));
	});
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

fn bond_held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::BidBond.into(), &who)
}

fn deposit_held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::ComplaintDeposit.into(), &who)
}

fn register(who: u64) {
	assert_ok!(Procurement::register_supplier(
		signed(OFFICER),
		TALLINN,
		who,
		BoundedVec::truncate_from(format!("EE{who}").into_bytes()),
		h(200),
	));
}

const ESTIMATE: Credits = 50_000;
const BOND: u64 = 100;
const BID_DEADLINE: u64 = 10;
const REVEAL_DEADLINE: u64 = 15;
const STANDSTILL: u64 = 3;

fn terms(rule: AwardRule, panel: Vec<u64>) -> TenderTermsOf<Test> {
	TenderTerms {
		line: ROADS,
		title: BoundedVec::truncate_from(b"Resurfacing of Riia street".to_vec()),
		specification: h(1),
		estimated_value: ESTIMATE,
		minimum_bond: BOND,
		bid_deadline: BID_DEADLINE,
		reveal_period: REVEAL_DEADLINE - BID_DEADLINE,
		standstill: STANDSTILL,
		award_rule: rule,
		panel: BoundedVec::truncate_from(panel),
		subcontracting_cap: Percent::from_percent(30),
	}
}

/// Publishes a lowest-price tender; returns its id.
fn publish() -> TenderId {
	publish_with(terms(AwardRule::LowestPrice, vec![]))
}

fn publish_with(terms: TenderTermsOf<Test>) -> TenderId {
	let id = NextTenderId::<Test>::get();
	assert_ok!(Procurement::publish_tender(signed(OFFICER), TALLINN, terms));
	id
}

fn commit(tender: TenderId, who: u64, price: Credits) {
	let commitment = bid_commitment(tender, &who, price, &salt(who), &bid_doc(who));
	assert_ok!(Procurement::commit_bid(signed(who), tender, commitment, BOND));
}

fn reveal(tender: TenderId, who: u64, price: Credits) {
	assert_ok!(Procurement::reveal_bid(signed(who), tender, price, salt(who), bid_doc(who)));
}

fn tender(id: TenderId) -> Tender<Test> {
	Tenders::<Test>::get(id).expect("the tender exists")
}

/// Money on the roads line is never lost: uncommitted + escrow + paid out
/// is the budget.
fn assert_line_balanced(paid: &[u64]) {
	let paid: Credits = paid.iter().map(|who| TestEscrow::paid_to(TALLINN, *who)).sum();
	assert_eq!(
		TestEscrow::available(TALLINN, ROADS)
			+ <TestEscrow as civitas_primitives::BudgetEscrow<u64>>::escrowed(TALLINN, ROADS)
			+ paid,
		ROADS_BUDGET
	);
}

fn escrowed() -> Credits {
	<TestEscrow as civitas_primitives::BudgetEscrow<u64>>::escrowed(TALLINN, ROADS)
}

/// A tender with bids by ALFA (40 000), BETA (45 000) and GAMMA (unrevealed),
/// awarded to ALFA at block 16.
fn awarded_tender() -> TenderId {
	for who in [ALFA, BETA, GAMMA] {
		register(who);
	}
	let id = publish();
	commit(id, ALFA, 40_000);
	commit(id, BETA, 45_000);
	commit(id, GAMMA, 30_000);
	run_to(BID_DEADLINE + 1);
	reveal(id, ALFA, 40_000);
	reveal(id, BETA, 45_000);
	run_to(REVEAL_DEADLINE + 1);
	assert_ok!(Procurement::award(signed(STRANGER), id));
	id
}

/// The awarded tender with its contract signed: milestones 10 000, 30 000.
fn contracted_tender() -> TenderId {
	let id = awarded_tender();
	run_to(REVEAL_DEADLINE + 1 + STANDSTILL + 1);
	assert_ok!(Procurement::sign_contract(signed(OFFICER), id, milestones(&[10_000, 30_000])));
	id
}

fn milestones(amounts: &[Credits]) -> MilestoneTermsOf<Test> {
	BoundedVec::truncate_from(
		amounts
			.iter()
			.enumerate()
			.map(|(i, amount)| MilestoneTerms { amount: *amount, description: h(100 + i as u8) })
			.collect(),
	)
}

// --- suppliers ------------------------------------------------------------

#[test]
fn the_city_officer_registers_suspends_and_reinstates_suppliers() {
	check(|| {
		register(ALFA);
		assert_eq!(
			last_event(),
			Event::SupplierRegistered {
				city: TALLINN,
				supplier: ALFA,
				registration_id: BoundedVec::truncate_from(b"EE31".to_vec()),
				contact: h(200),
			}
		);
		let record = Suppliers::<Test>::get(TALLINN, ALFA).expect("registered");
		assert_eq!((record.status, record.registered_at), (SupplierStatus::Active, 1));

		assert_ok!(Procurement::suspend_supplier(signed(OFFICER), TALLINN, ALFA));
		assert_eq!(last_event(), Event::SupplierSuspended { city: TALLINN, supplier: ALFA });
		assert_noop!(
			Procurement::suspend_supplier(signed(OFFICER), TALLINN, ALFA),
			E::SupplierSuspended
		);
		assert_ok!(Procurement::reinstate_supplier(signed(OFFICER), TALLINN, ALFA));
		assert_eq!(last_event(), Event::SupplierReinstated { city: TALLINN, supplier: ALFA });
		assert_noop!(
			Procurement::reinstate_supplier(signed(OFFICER), TALLINN, ALFA),
			E::SupplierNotSuspended
		);
		assert_noop!(
			Procurement::suspend_supplier(signed(OFFICER), TALLINN, BETA),
			E::UnknownSupplier
		);
	});
}

#[test]
fn only_the_city_officer_manages_its_suppliers() {
	check(|| {
		let id = || BoundedVec::truncate_from(b"EE1".to_vec());
		register(ALFA);
		assert_noop!(
			Procurement::register_supplier(signed(OFFICER), TALLINN, ALFA, id(), h(2)),
			E::SupplierAlreadyRegistered
		);
		// Tartu's officer cannot act for Tallinn; the Auditor holds another office.
		for who in [TARTU_OFFICER, AUDITOR, STRANGER] {
			assert_noop!(
				Procurement::register_supplier(signed(who), TALLINN, BETA, id(), h(2)),
				E::NotProcurementOfficer
			);
			assert_noop!(
				Procurement::suspend_supplier(signed(who), TALLINN, ALFA),
				E::NotProcurementOfficer
			);
		}
		assert_noop!(
			Procurement::register_supplier(RuntimeOrigin::root(), TALLINN, BETA, id(), h(2)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Procurement::register_supplier(signed(OFFICER), 9, BETA, id(), h(2)),
			E::UnknownCity
		);
		TestOffices::set_status(TALLINN, CityStatus::Suspended);
		assert_noop!(
			Procurement::register_supplier(signed(OFFICER), TALLINN, BETA, id(), h(2)),
			E::CityNotActive
		);
		// A supplier of Tallinn is not one of Tartu.
		TestOffices::set_status(TALLINN, CityStatus::Active);
		assert_ok!(Procurement::register_supplier(signed(TARTU_OFFICER), TARTU, ALFA, id(), h(3)));
		assert!(Suppliers::<Test>::contains_key(TARTU, ALFA));
	});
}

// --- publication ----------------------------------------------------------

#[test]
fn publishing_holds_the_estimated_value_in_escrow() {
	check(|| {
		let id = publish();
		assert_eq!(id, 0);
		assert_eq!(NextTenderId::<Test>::get(), 1);
		assert_eq!(escrowed(), ESTIMATE);
		assert_eq!(TestEscrow::available(TALLINN, ROADS), ROADS_BUDGET - ESTIMATE);
		assert_eq!(
			last_event(),
			Event::TenderPublished {
				tender: 0,
				city: TALLINN,
				line: ROADS,
				estimated_value: ESTIMATE,
				bid_deadline: BID_DEADLINE,
				reveal_deadline: REVEAL_DEADLINE,
				award_rule: AwardRule::LowestPrice,
			}
		);
		let t = tender(0);
		assert_eq!(
			(t.city, t.officer, t.status, t.bids, t.published_at, t.award),
			(TALLINN, OFFICER, TenderStatus::Open, 0, 1, None)
		);
		// A second tender takes the next id and more escrow.
		assert_eq!(publish(), 1);
		assert_eq!(escrowed(), 2 * ESTIMATE);
	});
}

#[test]
fn publishing_refuses_bad_terms_and_tenders_without_budget() {
	check(|| {
		let lowest = || terms(AwardRule::LowestPrice, vec![]);
		let best = AwardRule::BestValue { price_weight: Percent::from_percent(60) };
		let refused = |t: TenderTermsOf<Test>, e: E| {
			assert_noop!(Procurement::publish_tender(signed(OFFICER), TALLINN, t), e);
			assert_eq!(TestEscrow::available(TALLINN, ROADS), ROADS_BUDGET);
		};
		refused(TenderTerms { estimated_value: 0, ..lowest() }, E::ZeroEstimatedValue);
		refused(TenderTerms { bid_deadline: 1, ..lowest() }, E::BidDeadlineInPast);
		refused(TenderTerms { reveal_period: 0, ..lowest() }, E::ZeroRevealPeriod);
		refused(TenderTerms { standstill: 1, ..lowest() }, E::StandstillTooShort);
		refused(TenderTerms { bid_deadline: 1_002, ..lowest() }, E::PeriodTooLong);
		refused(TenderTerms { reveal_period: 1_001, ..lowest() }, E::PeriodTooLong);
		refused(TenderTerms { standstill: 1_001, ..lowest() }, E::PeriodTooLong);
		refused(TenderTerms { minimum_bond: 0, ..lowest() }, E::MinimumBondTooLow);
		refused(terms(AwardRule::LowestPrice, vec![EVALUATOR_1]), E::PanelDoesNotFitRule);
		refused(terms(best, vec![]), E::PanelDoesNotFitRule);
		refused(terms(best, vec![EVALUATOR_1, STRANGER]), E::PanelMemberNotOfficial);
		refused(terms(best, vec![TARTU_OFFICER]), E::PanelMemberNotOfficial);
		refused(terms(best, vec![EVALUATOR_1, EVALUATOR_1]), E::DuplicatePanelMember);
		// There is no tender without budget.
		refused(TenderTerms { estimated_value: ROADS_BUDGET + 1, ..lowest() }, E::OverBudget);
		let parks = BudgetLineId { category: SpendingCategory::Other, ..ROADS };
		refused(TenderTerms { line: parks, ..lowest() }, E::UnknownBudgetLine);
		assert_noop!(
			Procurement::publish_tender(signed(TARTU_OFFICER), TALLINN, lowest()),
			E::NotProcurementOfficer
		);
		TestEscrow::make_unavailable(TALLINN);
		refused(lowest(), E::LedgerUnavailable);
		assert_eq!(NextTenderId::<Test>::get(), 0);
	});
}

// --- sealed bids ----------------------------------------------------------

#[test]
fn a_sealed_bid_holds_its_bond_and_shows_no_price() {
	check(|| {
		register(ALFA);
		register(BETA);
		let id = publish();
		let price: Credits = 41_234_567;
		commit(id, ALFA, price);
		let commitment = bid_commitment(id, &ALFA, price, &salt(ALFA), &bid_doc(ALFA));
		assert_eq!(
			last_event(),
			Event::BidCommitted { tender: id, bidder: ALFA, commitment, bond: BOND }
		);
		assert_eq!((bond_held(ALFA), free(ALFA)), (BOND, ENDOWMENT - BOND));
		commit(id, BETA, 1);
		assert_eq!(Bids::<Test>::get(id, BETA).map(|b| b.sequence), Some(1));
		assert_eq!(tender(id).bids, 2);
		// Nothing stored or emitted carries the price before the reveal.
		let stored = Bids::<Test>::get(id, ALFA).expect("committed").encode();
		let price_bytes = price.to_le_bytes();
		assert!(!stored.windows(16).any(|w| w == price_bytes));
		assert!(!System::events().encode().windows(16).any(|w| w == price_bytes));
	});
}

#[test]
fn bids_are_refused_from_the_wrong_bidders_and_at_the_wrong_time() {
	check(|| {
		for who in [ALFA, BETA, GAMMA, DELTA, STRANGER] {
			register(who);
		}
		let id = publish();
		let c = bid_commitment(id, &ALFA, 1, &salt(0), &h(0));
		assert_noop!(Procurement::commit_bid(signed(EVALUATOR_1), id, c, BOND), E::UnknownSupplier);
		assert_noop!(Procurement::commit_bid(signed(ALFA), 7, c, BOND), E::UnknownTender);
		assert_noop!(Procurement::commit_bid(signed(ALFA), id, c, BOND - 1), E::BondBelowMinimum);
		assert_noop!(
			Procurement::commit_bid(signed(ALFA), id, c, ENDOWMENT + 1),
			E::InsufficientBalance
		);
		assert_ok!(Procurement::suspend_supplier(signed(OFFICER), TALLINN, ALFA));
		assert_noop!(Procurement::commit_bid(signed(ALFA), id, c, BOND), E::SupplierSuspended);
		// A supplier of another city is not a supplier here.
		let tartu_only = 41;
		assert_ok!(Procurement::register_supplier(
			signed(TARTU_OFFICER),
			TARTU,
			tartu_only,
			BoundedVec::truncate_from(b"EE41".to_vec()),
			h(2)
		));
		assert_noop!(Procurement::commit_bid(signed(tartu_only), id, c, BOND), E::UnknownSupplier);

		commit(id, BETA, 1);
		assert_noop!(Procurement::commit_bid(signed(BETA), id, c, BOND), E::AlreadyBid);
		commit(id, GAMMA, 1);
		commit(id, DELTA, 1);
		commit(id, STRANGER, 1);
		assert_ok!(Procurement::reinstate_supplier(signed(OFFICER), TALLINN, ALFA));
		// MaxBids is 4.
		assert_noop!(Procurement::commit_bid(signed(ALFA), id, c, BOND), E::TooManyBids);

		let other = publish();
		run_to(BID_DEADLINE + 1);
		assert_noop!(Procurement::commit_bid(signed(ALFA), other, c, BOND), E::BiddingClosed);
		run_to(BID_DEADLINE);
		assert_ok!(Procurement::cancel_tender(
			signed(OFFICER),
			other,
			CancellationReason::NoLongerNeeded
		));
		assert_noop!(Procurement::commit_bid(signed(ALFA), other, c, BOND), E::TenderNotOpen);
	});
}

#[test]
fn a_reveal_must_match_its_commitment_inside_the_window() {
	check(|| {
		register(ALFA);
		register(BETA);
		register(GAMMA);
		let id = publish();
		commit(id, ALFA, 40_000);
		commit(id, BETA, 0);
		let open = |who: u64, price: Credits, s: [u8; 32], d: DocumentHash| {
			Procurement::reveal_bid(signed(who), id, price, s, d)
		};
		assert_noop!(open(ALFA, 40_000, salt(ALFA), bid_doc(ALFA)), E::RevealNotOpen);
		run_to(BID_DEADLINE + 1);
		assert_noop!(open(ALFA, 39_999, salt(ALFA), bid_doc(ALFA)), E::CommitmentMismatch);
		assert_noop!(open(ALFA, 40_000, salt(BETA), bid_doc(ALFA)), E::CommitmentMismatch);
		assert_noop!(open(ALFA, 40_000, salt(ALFA), h(9)), E::CommitmentMismatch);
		assert_noop!(open(GAMMA, 40_000, salt(GAMMA), bid_doc(GAMMA)), E::NoBid);
		assert_noop!(open(BETA, 0, salt(BETA), bid_doc(BETA)), E::ZeroPrice);
		reveal(id, ALFA, 40_000);
		assert_eq!(
			last_event(),
			Event::BidRevealed { tender: id, bidder: ALFA, price: 40_000, document: bid_doc(ALFA) }
		);
		assert_eq!(
			Bids::<Test>::get(id, ALFA).and_then(|b| b.revealed),
			Some(RevealedPrice { price: 40_000, document: bid_doc(ALFA), revealed_at: 11 })
		);
		assert_noop!(open(ALFA, 40_000, salt(ALFA), bid_doc(ALFA)), E::AlreadyRevealed);
		run_to(REVEAL_DEADLINE + 1);
		assert_noop!(open(BETA, 0, salt(BETA), bid_doc(BETA)), E::RevealClosed);
	});
}

// --- award ----------------------------------------------------------------

#[test]
fn the_lowest_eligible_price_wins_and_unrevealed_bonds_go_to_the_treasury() {
	check(|| {
		for who in [ALFA, BETA, GAMMA, DELTA] {
			register(who);
		}
		let id = publish();
		commit(id, ALFA, 40_000);
		commit(id, BETA, 45_000);
		commit(id, GAMMA, 30_000); // never revealed
		commit(id, DELTA, ESTIMATE + 1); // above the budget: not eligible
		run_to(BID_DEADLINE + 1);
		for (who, price) in [(ALFA, 40_000), (BETA, 45_000), (DELTA, ESTIMATE + 1)] {
			reveal(id, who, price);
		}
		run_to(REVEAL_DEADLINE);
		assert_noop!(Procurement::award(signed(STRANGER), id), E::RevealNotOver);
		run_to(REVEAL_DEADLINE + 1);
		let treasury_before = free(TALLINN_TREASURY);
		assert_ok!(Procurement::award(signed(STRANGER), id));

		assert_eq!(
			last_event(),
			Event::TenderAwarded {
				tender: id,
				supplier: ALFA,
				price: 40_000,
				score: Perbill::one(),
				standstill_end: REVEAL_DEADLINE + 1 + STANDSTILL,
			}
		);
		let t = tender(id);
		assert_eq!(t.status, TenderStatus::Awarded);
		assert_eq!(t.award.map(|a| (a.supplier, a.price)), Some((ALFA, 40_000)));
		for who in [ALFA, BETA, DELTA] {
			assert_eq!((bond_held(who), free(who)), (0, ENDOWMENT));
			assert!(has_event(Event::BondReturned { tender: id, bidder: who, amount: BOND }));
		}
		assert_eq!((bond_held(GAMMA), free(GAMMA)), (0, ENDOWMENT - BOND));
		assert_eq!(free(TALLINN_TREASURY), treasury_before + BOND);
		assert!(has_event(Event::BondForfeited {
			tender: id,
			bidder: GAMMA,
			amount: BOND,
			treasury: TALLINN_TREASURY
		}));
		assert_eq!(Bids::<Test>::get(id, GAMMA).map(|b| b.bond_state), Some(BondState::Forfeited));
		// The escrow stays whole until the contract.
		assert_eq!(escrowed(), ESTIMATE);
		assert_noop!(Procurement::award(signed(STRANGER), id), E::TenderNotOpen);
		assert_noop!(Procurement::award(RuntimeOrigin::none(), 9), DispatchError::BadOrigin);
		assert_noop!(Procurement::award(signed(STRANGER), 9), E::UnknownTender);
	});
}

#[test]
fn equal_prices_go_to_the_earliest_commitment() {
	check(|| {
		for who in [ALFA, BETA, GAMMA] {
			register(who);
		}
		let id = publish();
		// Account order is not commitment order.
		commit(id, GAMMA, 42_000);
		commit(id, ALFA, 42_000);
		commit(id, BETA, 42_000);
		run_to(BID_DEADLINE + 1);
		for who in [BETA, ALFA, GAMMA] {
			reveal(id, who, 42_000);
		}
		run_to(REVEAL_DEADLINE + 1);
		assert_ok!(Procurement::award(signed(STRANGER), id));
		assert_eq!(tender(id).award.map(|a| a.supplier), Some(GAMMA));
	});
}

/// The front-running attack of the issue 29 review: a rival copies an
/// honest bidder's commitment from the pool, gets it in first to win the
/// tie-break and reveals the same preimage. Bound to tender and bidder, the
/// copy reveals for nobody but its maker, and not for another tender.
#[test]
fn a_commitment_copied_from_the_pool_cannot_be_revealed_by_the_copier() {
	check(|| {
		for who in [ALFA, BETA] {
			register(who);
		}
		let id = publish();
		let other = publish();
		let price = 42_000;
		let honest = bid_commitment(id, &ALFA, price, &salt(ALFA), &bid_doc(ALFA));
		// BETA sees ALFA's transaction and front-runs it with the same
		// commitment, on this tender and on another.
		assert_ok!(Procurement::commit_bid(signed(BETA), id, honest, BOND));
		assert_ok!(Procurement::commit_bid(signed(ALFA), id, honest, BOND));
		assert_ok!(Procurement::commit_bid(signed(ALFA), other, honest, BOND));
		run_to(BID_DEADLINE + 1);
		// ALFA's price and salt leak once it reveals: BETA still cannot
		// open its copy with them.
		assert_ok!(Procurement::reveal_bid(signed(ALFA), id, price, salt(ALFA), bid_doc(ALFA)));
		assert_noop!(
			Procurement::reveal_bid(signed(BETA), id, price, salt(ALFA), bid_doc(ALFA)),
			E::CommitmentMismatch
		);
		assert_noop!(
			Procurement::reveal_bid(signed(ALFA), other, price, salt(ALFA), bid_doc(ALFA)),
			E::CommitmentMismatch
		);
		run_to(REVEAL_DEADLINE + 1);
		assert_ok!(Procurement::award(signed(STRANGER), id));
		assert_eq!(tender(id).award.map(|a| a.supplier), Some(ALFA));
		// The copier's unrevealed bond is forfeited.
		assert_eq!(Bids::<Test>::get(id, BETA).map(|b| b.bond_state), Some(BondState::Forfeited));
	});
}

#[test]
fn best_value_weighs_price_against_the_panels_quality_scores() {
	check(|| {
		for who in [ALFA, BETA, GAMMA] {
			register(who);
		}
		let rule = AwardRule::BestValue { price_weight: Percent::from_percent(40) };
		let id = publish_with(terms(rule, vec![EVALUATOR_1, EVALUATOR_2]));
		commit(id, ALFA, 40_000);
		commit(id, BETA, 50_000);
		commit(id, GAMMA, 20_000);
		let score = |evaluator: u64, bidder: u64, q: u8| {
			Procurement::score_bid(signed(evaluator), id, bidder, Percent::from_percent(q))
		};
		run_to(BID_DEADLINE + 1);
		assert_noop!(score(EVALUATOR_1, ALFA, 50), E::BidNotRevealed);
		reveal(id, ALFA, 40_000);
		reveal(id, BETA, 50_000);
		assert_noop!(score(OFFICER, ALFA, 50), E::NotOnPanel);
		assert_noop!(score(EVALUATOR_1, DELTA, 50), E::NoBid);
		assert_ok!(score(EVALUATOR_1, ALFA, 50));
		assert_eq!(
			last_event(),
			Event::BidScored {
				tender: id,
				bidder: ALFA,
				evaluator: EVALUATOR_1,
				quality: Percent::from_percent(50)
			}
		);
		assert_noop!(score(EVALUATOR_1, ALFA, 90), E::AlreadyScored);
		assert_ok!(score(EVALUATOR_2, ALFA, 70));
		assert_ok!(score(EVALUATOR_1, BETA, 100));
		run_to(REVEAL_DEADLINE + 1);
		// BETA lacks a score from the second panel member.
		assert_noop!(Procurement::award(signed(STRANGER), id), E::EvaluationIncomplete);
		assert_ok!(score(EVALUATOR_2, BETA, 90));
		assert_ok!(Procurement::award(signed(STRANGER), id));
		// ALFA: 40% × 1 + 60% × 0.60 = 0.76. BETA: 40% × 0.8 + 60% × 0.95 = 0.89.
		assert_eq!(
			last_event(),
			Event::TenderAwarded {
				tender: id,
				supplier: BETA,
				price: 50_000,
				score: Perbill::from_percent(89),
				standstill_end: REVEAL_DEADLINE + 1 + STANDSTILL,
			}
		);
		assert_noop!(score(EVALUATOR_1, GAMMA, 1), E::TenderNotOpen);
	});
}

#[test]
fn a_lowest_price_tender_takes_no_quality_scores() {
	check(|| {
		register(ALFA);
		let id = publish();
		commit(id, ALFA, 1);
		run_to(BID_DEADLINE + 1);
		reveal(id, ALFA, 1);
		assert_noop!(
			Procurement::score_bid(signed(EVALUATOR_1), id, ALFA, Percent::from_percent(1)),
			E::NoQualityScoring
		);
	});
}

#[test]
fn without_an_eligible_bid_the_tender_is_unsuccessful_and_the_escrow_returns() {
	check(|| {
		register(ALFA);
		register(BETA);
		let id = publish();
		commit(id, ALFA, ESTIMATE + 1);
		commit(id, BETA, 10);
		run_to(BID_DEADLINE + 1);
		reveal(id, ALFA, ESTIMATE + 1);
		run_to(REVEAL_DEADLINE + 1);
		assert_ok!(Procurement::award(signed(STRANGER), id));
		assert_eq!(last_event(), Event::TenderUnsuccessful { tender: id, refunded: ESTIMATE });
		assert_eq!(tender(id).status, TenderStatus::Unsuccessful);
		assert_eq!((escrowed(), TestEscrow::available(TALLINN, ROADS)), (0, ROADS_BUDGET));
		assert_eq!(free(ALFA), ENDOWMENT);
		assert_eq!(free(BETA), ENDOWMENT - BOND);
	});
}

// --- complaints -----------------------------------------------------------

#[test]
fn a_dismissed_complaint_forfeits_its_deposit_and_blocks_the_contract_until_decided() {
	check(|| {
		let id = awarded_tender();
		let file = |who: u64| Procurement::file_complaint(signed(who), id, h(50));
		assert_noop!(file(ALFA), E::WinnerCannotComplain);
		assert_noop!(file(DELTA), E::NoBid);
		assert_ok!(file(BETA));
		assert_eq!(
			last_event(),
			Event::ComplaintFiled {
				tender: id,
				complainant: BETA,
				grounds: h(50),
				deposit: COMPLAINT_DEPOSIT
			}
		);
		assert_eq!(deposit_held(BETA), COMPLAINT_DEPOSIT);
		assert_eq!(tender(id).open_complaints, 1);
		assert_noop!(file(BETA), E::ComplaintAlreadyFiled);

		// Past the standstill, with the complaint open, nothing can be signed.
		run_to(REVEAL_DEADLINE + 1 + STANDSTILL + 1);
		assert_noop!(file(GAMMA), E::StandstillOver);
		assert_noop!(
			Procurement::sign_contract(signed(OFFICER), id, milestones(&[40_000])),
			E::ComplaintsPending
		);

		for who in [OFFICER, TARTU_OFFICER, BETA] {
			assert_noop!(
				Procurement::dismiss_complaint(signed(who), id, BETA),
				E::NotComplaintAuthority
			);
		}
		assert_noop!(
			Procurement::dismiss_complaint(signed(AUDITOR), id, GAMMA),
			E::UnknownComplaint
		);
		let treasury_before = free(TALLINN_TREASURY);
		assert_ok!(Procurement::dismiss_complaint(signed(AUDITOR), id, BETA));
		assert_eq!(
			last_event(),
			Event::ComplaintDismissed {
				tender: id,
				complainant: BETA,
				forfeited: COMPLAINT_DEPOSIT,
				decided_by: Some(AUDITOR),
			}
		);
		assert_eq!(free(TALLINN_TREASURY), treasury_before + COMPLAINT_DEPOSIT);
		assert_eq!((deposit_held(BETA), free(BETA)), (0, ENDOWMENT - COMPLAINT_DEPOSIT));
		assert_noop!(
			Procurement::dismiss_complaint(signed(AUDITOR), id, BETA),
			E::ComplaintDecided
		);
		assert_noop!(
			Procurement::uphold_complaint(RuntimeOrigin::root(), id, BETA, Remedy::RecomputeAward),
			E::ComplaintDecided
		);
		assert_ok!(Procurement::sign_contract(signed(OFFICER), id, milestones(&[40_000])));
	});
}

#[test]
fn complaints_are_filed_only_against_an_award_in_its_standstill() {
	check(|| {
		register(ALFA);
		register(BETA);
		let id = publish();
		commit(id, ALFA, 1);
		commit(id, BETA, 2);
		assert_noop!(Procurement::file_complaint(signed(BETA), id, h(5)), E::NotAwarded);
		run_to(BID_DEADLINE + 1);
		reveal(id, ALFA, 1);
		run_to(REVEAL_DEADLINE + 1);
		assert_ok!(Procurement::award(signed(BETA), id));
		// A bidder that cannot pay the deposit cannot complain.
		<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&BETA, 10);
		assert_noop!(Procurement::file_complaint(signed(BETA), id, h(5)), E::InsufficientBalance);
		assert_noop!(Procurement::file_complaint(signed(BETA), 9, h(5)), E::UnknownTender);
	});
}

#[test]
fn an_upheld_complaint_recomputes_the_award_without_the_winner() {
	check(|| {
		let id = awarded_tender();
		assert_ok!(Procurement::file_complaint(signed(BETA), id, h(50)));
		run_to(18);
		// The council decides (root in this mock); the deposit comes back.
		assert_ok!(Procurement::uphold_complaint(
			RuntimeOrigin::root(),
			id,
			BETA,
			Remedy::RecomputeAward
		));
		assert!(has_event(Event::ComplaintUpheld {
			tender: id,
			complainant: BETA,
			remedy: Remedy::RecomputeAward,
			decided_by: None,
		}));
		assert_eq!(
			last_event(),
			Event::TenderAwarded {
				tender: id,
				supplier: BETA,
				price: 45_000,
				score: Perbill::one(),
				standstill_end: 18 + STANDSTILL,
			}
		);
		assert_eq!((deposit_held(BETA), free(BETA)), (0, ENDOWMENT));
		assert_eq!(Bids::<Test>::get(id, ALFA).map(|b| b.disqualified), Some(true));
		let t = tender(id);
		assert_eq!((t.status, t.open_complaints), (TenderStatus::Awarded, 0));
		// The new award has its own standstill; the old winner may complain.
		assert_ok!(Procurement::file_complaint(signed(ALFA), id, h(51)));
		assert_ok!(Procurement::uphold_complaint(
			signed(AUDITOR),
			id,
			ALFA,
			Remedy::RecomputeAward
		));
		// Nobody eligible is left: the tender is unsuccessful.
		assert_eq!(tender(id).status, TenderStatus::Unsuccessful);
		assert_eq!(escrowed(), 0);
		assert_line_balanced(&[]);
	});
}

#[test]
fn an_upheld_complaint_can_cancel_the_tender_and_moots_the_others() {
	check(|| {
		for who in [ALFA, BETA, GAMMA] {
			register(who);
		}
		let id = publish();
		for (who, price) in [(ALFA, 40_000), (BETA, 45_000), (GAMMA, 46_000)] {
			commit(id, who, price);
		}
		run_to(BID_DEADLINE + 1);
		for (who, price) in [(ALFA, 40_000), (BETA, 45_000), (GAMMA, 46_000)] {
			reveal(id, who, price);
		}
		run_to(REVEAL_DEADLINE + 1);
		assert_ok!(Procurement::award(signed(STRANGER), id));
		assert_ok!(Procurement::file_complaint(signed(BETA), id, h(50)));
		assert_ok!(Procurement::file_complaint(signed(GAMMA), id, h(52)));
		assert_noop!(
			Procurement::uphold_complaint(signed(OFFICER), id, BETA, Remedy::CancelTender),
			E::NotComplaintAuthority
		);
		assert_ok!(Procurement::uphold_complaint(signed(AUDITOR), id, BETA, Remedy::CancelTender));
		assert_eq!(
			last_event(),
			Event::TenderCancelled {
				tender: id,
				reason: CancellationReason::ComplaintUpheld,
				refunded: ESTIMATE
			}
		);
		assert!(has_event(Event::ComplaintMoot { tender: id, complainant: GAMMA }));
		assert_eq!(
			Complaints::<Test>::get(id, GAMMA).map(|c| c.status),
			Some(ComplaintStatus::Moot)
		);
		for who in [BETA, GAMMA] {
			assert_eq!((deposit_held(who), free(who)), (0, ENDOWMENT));
		}
		let t = tender(id);
		assert_eq!(
			(t.status, t.open_complaints),
			(TenderStatus::Cancelled(CancellationReason::ComplaintUpheld), 0)
		);
		assert_eq!((escrowed(), TestEscrow::available(TALLINN, ROADS)), (0, ROADS_BUDGET));
		assert_noop!(
			Procurement::dismiss_complaint(signed(AUDITOR), id, GAMMA),
			E::ComplaintDecided
		);
	});
}

#[test]
fn the_auditor_of_a_suspended_city_cannot_decide_but_the_council_can() {
	check(|| {
		let id = awarded_tender();
		assert_ok!(Procurement::file_complaint(signed(BETA), id, h(50)));
		TestOffices::set_status(TALLINN, CityStatus::Suspended);
		assert_noop!(Procurement::dismiss_complaint(signed(AUDITOR), id, BETA), E::CityNotActive);
		assert_ok!(Procurement::dismiss_complaint(RuntimeOrigin::root(), id, BETA));
	});
}

// --- contract -------------------------------------------------------------

#[test]
fn signing_needs_the_standstill_over_and_milestones_summing_to_the_price() {
	check(|| {
		let id = awarded_tender();
		let sign = |amounts: &[Credits]| {
			Procurement::sign_contract(signed(OFFICER), id, milestones(amounts))
		};
		assert_noop!(sign(&[40_000]), E::StandstillRunning);
		run_to(REVEAL_DEADLINE + 1 + STANDSTILL + 1);
		assert_noop!(sign(&[]), E::NoMilestones);
		assert_noop!(sign(&[40_000, 0]), E::ZeroMilestone);
		assert_noop!(sign(&[20_000, 19_999]), E::MilestonesDoNotSumToPrice);
		assert_noop!(sign(&[20_000, 20_001]), E::MilestonesDoNotSumToPrice);
		assert_noop!(sign(&[Credits::MAX, 1]), E::Overflow);
		assert_noop!(
			Procurement::sign_contract(signed(TARTU_OFFICER), id, milestones(&[40_000])),
			E::NotProcurementOfficer
		);
		assert_eq!(escrowed(), ESTIMATE);
		assert!(!TestEscrow::is_payee(TALLINN, ALFA));

		assert_ok!(sign(&[10_000, 30_000]));
		assert_eq!(
			last_event(),
			Event::ContractSigned {
				tender: id,
				supplier: ALFA,
				price: 40_000,
				milestones: 2,
				refunded: ESTIMATE - 40_000
			}
		);
		// The escrow above the price went back; the supplier can be paid.
		assert_eq!(escrowed(), 40_000);
		assert!(TestEscrow::is_payee(TALLINN, ALFA));
		assert_eq!(tender(id).status, TenderStatus::Contracted);
		let contract = Contracts::<Test>::get(id).expect("signed");
		assert_eq!((contract.supplier, contract.price, contract.paid()), (ALFA, 40_000, 0));
		assert_noop!(sign(&[40_000]), E::NotAwarded);
		assert_line_balanced(&[ALFA]);
	});
}

#[test]
fn accepted_milestones_are_paid_from_escrow_once() {
	check(|| {
		let id = contracted_tender();
		let deliver = |who: u64, m: u32| Procurement::submit_delivery(signed(who), id, m, h(60));
		let accept = |m: u32| Procurement::accept_milestone(signed(OFFICER), id, m);
		assert_noop!(accept(0), E::MilestoneNotDelivered);
		assert_noop!(deliver(BETA, 0), E::NotTheSupplier);
		assert_noop!(deliver(ALFA, 2), E::UnknownMilestone);
		assert_ok!(deliver(ALFA, 0));
		assert_eq!(
			last_event(),
			Event::MilestoneDelivered { tender: id, milestone: 0, evidence: h(60) }
		);
		assert_noop!(deliver(ALFA, 0), E::MilestoneAwaitingDecision);
		assert_noop!(
			Procurement::accept_milestone(signed(TARTU_OFFICER), id, 0),
			E::NotProcurementOfficer
		);

		// Rejected, delivered again, accepted.
		assert_ok!(Procurement::reject_milestone(signed(OFFICER), id, 0, h(61)));
		assert_eq!(
			last_event(),
			Event::MilestoneRejected { tender: id, milestone: 0, reasons: h(61) }
		);
		assert_noop!(accept(0), E::MilestoneNotDelivered);
		assert_noop!(
			Procurement::reject_milestone(signed(OFFICER), id, 0, h(61)),
			E::MilestoneNotDelivered
		);
		assert_ok!(deliver(ALFA, 0));
		assert_ok!(accept(0));
		assert_eq!(
			last_event(),
			Event::MilestonePaid { tender: id, milestone: 0, supplier: ALFA, amount: 10_000 }
		);
		assert_eq!(TestEscrow::paid_to(TALLINN, ALFA), 10_000);
		assert_eq!(Contracts::<Test>::get(id).map(|c| c.paid()), Some(10_000));
		assert_eq!(escrowed(), 30_000);
		assert_noop!(accept(0), E::MilestoneAlreadyPaid);
		assert_noop!(deliver(ALFA, 0), E::MilestoneAlreadyPaid);
		assert_noop!(
			Procurement::reject_milestone(signed(OFFICER), id, 0, h(1)),
			E::MilestoneAlreadyPaid
		);
		assert_noop!(accept(5), E::UnknownMilestone);

		// The last payment completes the contract.
		assert_ok!(deliver(ALFA, 1));
		assert_ok!(accept(1));
		assert_eq!(last_event(), Event::ContractCompleted { tender: id });
		assert_eq!(tender(id).status, TenderStatus::Completed);
		assert_eq!((TestEscrow::paid_to(TALLINN, ALFA), escrowed()), (40_000, 0));
		assert_noop!(deliver(ALFA, 1), E::NotContracted);
		assert_noop!(
			Procurement::terminate_contract(signed(OFFICER), id, TerminationReason::Other),
			E::NotContracted
		);
		assert_line_balanced(&[ALFA]);
	});
}

#[test]
fn a_failed_escrow_payment_leaves_the_milestone_delivered() {
	check(|| {
		let id = contracted_tender();
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 0, h(60)));
		TestEscrow::make_unavailable(TALLINN);
		assert_noop!(Procurement::accept_milestone(signed(OFFICER), id, 0), E::LedgerUnavailable);
		assert_eq!(TestEscrow::paid_to(TALLINN, ALFA), 0);
	});
}

#[test]
fn termination_returns_the_unpaid_escrow_to_the_budget_line() {
	check(|| {
		let id = contracted_tender();
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 0, h(60)));
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 0));
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 1, h(62)));
		assert_noop!(
			Procurement::terminate_contract(
				signed(TARTU_OFFICER),
				id,
				TerminationReason::SupplierDefault
			),
			E::NotProcurementOfficer
		);
		assert_ok!(Procurement::terminate_contract(
			signed(OFFICER),
			id,
			TerminationReason::SupplierDefault
		));
		assert_eq!(
			last_event(),
			Event::ContractTerminated {
				tender: id,
				reason: TerminationReason::SupplierDefault,
				refunded: 30_000
			}
		);
		assert_eq!(escrowed(), 0);
		assert_eq!(TestEscrow::available(TALLINN, ROADS), ROADS_BUDGET - 10_000);
		let contract = Contracts::<Test>::get(id).expect("kept for the record");
		assert!(matches!(contract.milestones[0].status, MilestoneStatus::Paid { .. }));
		assert_eq!(contract.milestones[1].status, MilestoneStatus::Cancelled);
		assert_eq!(tender(id).status, TenderStatus::Terminated(TerminationReason::SupplierDefault));
		assert_noop!(Procurement::accept_milestone(signed(OFFICER), id, 1), E::NotContracted);
		assert_line_balanced(&[ALFA]);
	});
}

// --- subcontracting -------------------------------------------------------

#[test]
fn subcontractors_are_registered_suppliers_within_the_cap() {
	check(|| {
		register(DELTA);
		register(STRANGER);
		let id = contracted_tender();
		let declare = |who: u64, sub: u64, pct: u8| {
			Procurement::declare_subcontractor(signed(who), id, sub, Percent::from_percent(pct))
		};
		assert_noop!(declare(BETA, DELTA, 10), E::NotTheSupplier);
		assert_noop!(declare(ALFA, ALFA, 10), E::SubcontractorIsSupplier);
		assert_noop!(declare(ALFA, EVALUATOR_1, 10), E::UnknownSupplier);
		assert_noop!(declare(ALFA, DELTA, 0), E::ZeroShare);
		assert_noop!(declare(ALFA, DELTA, 31), E::OverSubcontractingCap);
		assert_ok!(Procurement::suspend_supplier(signed(OFFICER), TALLINN, DELTA));
		assert_noop!(declare(ALFA, DELTA, 10), E::SupplierSuspended);
		assert_ok!(Procurement::reinstate_supplier(signed(OFFICER), TALLINN, DELTA));

		assert_ok!(declare(ALFA, DELTA, 20));
		assert_eq!(
			last_event(),
			Event::SubcontractorDeclared {
				tender: id,
				subcontractor: DELTA,
				share: Percent::from_percent(20),
				total: Percent::from_percent(20),
			}
		);
		assert_noop!(declare(ALFA, DELTA, 5), E::SubcontractorAlreadyDeclared);
		// 20% + 11% is over the 30% cap.
		assert_noop!(declare(ALFA, BETA, 11), E::OverSubcontractingCap);
		assert_ok!(declare(ALFA, BETA, 5));
		// MaxSubcontractors is 2.
		assert_noop!(declare(ALFA, GAMMA, 1), E::TooManySubcontractors);
		let contract = Contracts::<Test>::get(id).expect("signed");
		assert_eq!(contract.subcontracted(), Percent::from_percent(25));
		// A subcontractor cannot pass its share on: only the supplier declares.
		assert_noop!(declare(DELTA, STRANGER, 1), E::NotTheSupplier);
	});
}

#[test]
fn no_subcontracting_before_the_contract() {
	check(|| {
		register(DELTA);
		let id = awarded_tender();
		assert_noop!(
			Procurement::declare_subcontractor(signed(ALFA), id, DELTA, Percent::from_percent(5)),
			E::NotContracted
		);
	});
}

// --- cancellation ---------------------------------------------------------

#[test]
fn cancelling_before_the_award_returns_every_bond_and_the_escrow() {
	check(|| {
		register(ALFA);
		register(BETA);
		let id = publish();
		commit(id, ALFA, 40_000);
		commit(id, BETA, 45_000);
		// At the bid deadline: no price can be known yet.
		run_to(BID_DEADLINE);
		let cancel = |who: u64| {
			Procurement::cancel_tender(signed(who), id, CancellationReason::BudgetWithdrawn)
		};
		assert_noop!(cancel(TARTU_OFFICER), E::NotProcurementOfficer);
		assert_noop!(cancel(AUDITOR), E::NotProcurementOfficer);
		assert_ok!(cancel(OFFICER));
		assert_eq!(
			last_event(),
			Event::TenderCancelled {
				tender: id,
				reason: CancellationReason::BudgetWithdrawn,
				refunded: ESTIMATE
			}
		);
		// Every bond: the city called the tender off.
		for who in [ALFA, BETA] {
			assert_eq!((bond_held(who), free(who)), (0, ENDOWMENT));
		}
		assert_eq!((escrowed(), TestEscrow::available(TALLINN, ROADS)), (0, ROADS_BUDGET));
		assert_noop!(cancel(OFFICER), E::TenderNotOpen);
		assert_noop!(
			Procurement::cancel_tender(signed(OFFICER), 9, CancellationReason::Other),
			E::UnknownTender
		);
	});
}

#[test]
fn an_awarded_tender_cannot_be_cancelled_by_the_officer() {
	check(|| {
		let id = awarded_tender();
		assert_noop!(
			Procurement::cancel_tender(signed(OFFICER), id, CancellationReason::Other),
			E::TenderNotOpen
		);
	});
}

// --- a whole tender -------------------------------------------------------

#[test]
fn a_whole_tender_from_publication_to_termination() {
	check(|| {
		let treasury_before = free(TALLINN_TREASURY);
		let id = awarded_tender();
		assert_ok!(Procurement::file_complaint(signed(BETA), id, h(50)));
		assert_ok!(Procurement::dismiss_complaint(signed(AUDITOR), id, BETA));
		run_to(REVEAL_DEADLINE + 1 + STANDSTILL + 1);
		assert_ok!(Procurement::sign_contract(
			signed(OFFICER),
			id,
			milestones(&[10_000, 15_000, 15_000])
		));
		for m in 0..2 {
			assert_ok!(Procurement::submit_delivery(signed(ALFA), id, m, h(70 + m as u8)));
			assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, m));
		}
		assert_ok!(Procurement::terminate_contract(
			signed(OFFICER),
			id,
			TerminationReason::MutualAgreement
		));
		assert_eq!(TestEscrow::paid_to(TALLINN, ALFA), 25_000);
		assert_eq!(TestEscrow::available(TALLINN, ROADS), ROADS_BUDGET - 25_000);
		assert_line_balanced(&[ALFA]);
		// Native tokens: GAMMA's bond and BETA's deposit went to the treasury,
		// nothing else moved and nothing stays held.
		assert_eq!(free(TALLINN_TREASURY), treasury_before + BOND + COMPLAINT_DEPOSIT);
		assert_eq!(free(ALFA), ENDOWMENT);
		assert_eq!(free(BETA), ENDOWMENT - COMPLAINT_DEPOSIT);
		assert_eq!(free(GAMMA), ENDOWMENT - BOND);
		for who in [ALFA, BETA, GAMMA] {
			assert_eq!(bond_held(who) + deposit_held(who), 0);
		}
		assert_eq!(Balances::total_issuance(), 11 * ENDOWMENT);
	});
}

#[test]
fn the_invariants_catch_corrupted_records() {
	new_test_ext().execute_with(|| {
		let id = contracted_tender();
		assert_eq!(Procurement::check_invariants(), Ok(()));
		Tenders::<Test>::mutate(id, |t| {
			if let Some(t) = t {
				t.bids += 1;
			}
		});
		assert_eq!(Procurement::check_invariants(), Err("bid count differs from the bids stored"));
		Tenders::<Test>::mutate(id, |t| {
			if let Some(t) = t {
				t.bids -= 1;
			}
		});
		Contracts::<Test>::mutate(id, |c| {
			if let Some(c) = c {
				c.milestones[0].terms.amount += 1;
			}
		});
		assert_eq!(Procurement::check_invariants(), Err("milestones do not sum to the price"));
	});
}

#[test]
fn a_milestone_the_treasury_cannot_cover_says_so() {
	use civitas_primitives::EscrowError;
	let as_dispatch = |e: EscrowError| DispatchError::from(E::from(e));
	assert_eq!(as_dispatch(EscrowError::InsufficientCredits), E::TreasuryShortOfCredits.into());
	assert_eq!(as_dispatch(EscrowError::LineHistoryFull), E::EscrowRefused.into());
}

/// The issue 29 review: an officer who has seen the prices cancels the
/// tender to run it again. After the bid deadline a reveal, and its price,
/// can be in the transaction pool before any block holds it: from then on,
/// cancelling needs the Auditor or a second officer.
#[test]
fn cancelling_after_the_bid_deadline_needs_a_second_official() {
	check(|| {
		for who in [ALFA, BETA] {
			register(who);
		}
		let id = publish();
		commit(id, ALFA, 40_000);
		commit(id, BETA, 45_000);
		let request =
			|who, reason| Procurement::request_cancellation(signed(who), id, reason, h(77));
		let approve = |who| Procurement::approve_cancellation(signed(who), id);
		assert_noop!(request(OFFICER, CancellationReason::Other), E::BiddingStillOpen);
		run_to(BID_DEADLINE + 1);
		// No reveal in a block yet, but ALFA's may be in the pool.
		assert_noop!(
			Procurement::cancel_tender(signed(OFFICER), id, CancellationReason::Other),
			E::CancellationNeedsApproval
		);
		reveal(id, ALFA, 40_000);
		assert_noop!(approve(AUDITOR), E::NoCancellationRequest);
		assert_noop!(request(STRANGER, CancellationReason::Other), E::NotProcurementOfficer);
		assert_ok!(request(OFFICER, CancellationReason::SpecificationDefective));
		assert_eq!(
			last_event(),
			Event::CancellationRequested {
				tender: id,
				officer: OFFICER,
				reason: CancellationReason::SpecificationDefective,
				grounds: h(77),
			}
		);
		assert_noop!(approve(OFFICER), E::RequesterCannotApprove);
		assert_noop!(approve(ALFA), E::NotCancellationApprover);
		assert_noop!(approve(STRANGER), E::NotCancellationApprover);
		assert_noop!(approve(TARTU_OFFICER), E::NotCancellationApprover);
		assert_eq!(tender(id).status, TenderStatus::Open);
		assert_ok!(approve(AUDITOR));
		assert_eq!(
			tender(id).status,
			TenderStatus::Cancelled(CancellationReason::SpecificationDefective)
		);
		assert!(has_event(Event::CancellationApproved { tender: id, approver: AUDITOR }));
		assert_eq!(CancellationRequests::<Test>::get(id), None);
		assert_eq!(escrowed(), 0);
		for who in [ALFA, BETA] {
			assert_eq!(bond_held(who), 0);
		}
	});
}

/// Another procurement officer may approve; a request not approved is
/// overtaken by the award.
#[test]
fn a_second_officer_approves_and_the_award_overtakes_a_request() {
	check(|| {
		register(ALFA);
		let second = 17;
		TestOffices::appoint(TALLINN, CityRole::ProcurementOfficer, second);
		let first = publish();
		let later = publish();
		for id in [first, later] {
			commit(id, ALFA, 40_000);
		}
		run_to(BID_DEADLINE + 1);
		for id in [first, later] {
			reveal(id, ALFA, 40_000);
			assert_ok!(Procurement::request_cancellation(
				signed(OFFICER),
				id,
				CancellationReason::Other,
				h(1)
			));
		}
		// A second request replaces the first: its maker cannot approve it.
		assert_ok!(Procurement::request_cancellation(
			signed(second),
			first,
			CancellationReason::NoLongerNeeded,
			h(2)
		));
		assert_noop!(
			Procurement::approve_cancellation(signed(second), first),
			E::RequesterCannotApprove
		);
		assert_ok!(Procurement::approve_cancellation(signed(OFFICER), first));
		assert_eq!(
			tender(first).status,
			TenderStatus::Cancelled(CancellationReason::NoLongerNeeded)
		);
		run_to(REVEAL_DEADLINE + 1);
		assert_ok!(Procurement::award(signed(STRANGER), later));
		assert_noop!(Procurement::approve_cancellation(signed(second), later), E::TenderNotOpen);
	});
}

/// Bids sealed before the upgrade that bound commitments still reveal the
/// old way; those sealed after only the bound way.
#[test]
fn bids_sealed_before_binding_reveal_with_the_old_preimage() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	check(|| {
		for who in [ALFA, BETA] {
			register(who);
		}
		let id = publish();
		// ALFA seals on the old runtime.
		StorageVersion::new(1).put::<Procurement>();
		let old = legacy_bid_commitment(40_000, &salt(ALFA), &bid_doc(ALFA));
		assert_ok!(Procurement::commit_bid(signed(ALFA), id, old, BOND));
		// The upgrade runs before the next block is initialised: the block
		// number it reads is still that of ALFA's bid.
		let sealed_at = System::block_number();
		#[cfg(feature = "try-runtime")]
		let state = crate::migrations::v2::MigrateV1ToV2::<Test>::pre_upgrade().expect("pre");
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		crate::migrations::v2::MigrateV1ToV2::<Test>::post_upgrade(state).expect("post");
		assert_eq!(Procurement::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(LegacyCommitmentsBefore::<Test>::get(), sealed_at + 1);
		run_to(sealed_at + 1);
		// BETA seals the old way after the upgrade: refused at reveal.
		let copied = legacy_bid_commitment(41_000, &salt(BETA), &bid_doc(BETA));
		assert_ok!(Procurement::commit_bid(signed(BETA), id, copied, BOND));
		run_to(BID_DEADLINE + 1);
		reveal(id, ALFA, 40_000);
		assert_noop!(
			Procurement::reveal_bid(signed(BETA), id, 41_000, salt(BETA), bid_doc(BETA)),
			E::CommitmentMismatch
		);
	});
}

// --- milestone payments under four eyes -----------------------------------

/// What the treasury would report once it decides proposal `id`.
fn treasury_decides(id: PaymentProposalId, pay: bool) {
	use civitas_primitives::OnEscrowRelease;
	let release = TestEscrow::decide(id, pay).expect("a proposed release");
	if pay {
		<Procurement as OnEscrowRelease>::released(release.city, release.reference, id);
	} else {
		<Procurement as OnEscrowRelease>::declined(release.city, release.reference, id);
	}
}

#[test]
fn a_milestone_above_the_time_lock_limit_is_paid_only_once_the_treasury_approves() {
	check(|| {
		let id = contracted_tender();
		TestEscrow::set_time_lock_above(TALLINN, 20_000);
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 0, h(60)));
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 1, h(62)));
		// Below the limit: paid on the officer's acceptance.
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 0));
		assert_eq!(TestEscrow::paid_to(TALLINN, ALFA), 10_000);
		// The attack: the officer alone releasing 30 000 of contract money.
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 1));
		assert_eq!(TestEscrow::paid_to(TALLINN, ALFA), 10_000);
		assert_eq!(escrowed(), 30_000);
		assert_eq!(
			last_event(),
			Event::MilestonePaymentProposed {
				tender: id,
				milestone: 1,
				proposal: 0,
				amount: 30_000
			}
		);
		let proposed = TestEscrow::proposed();
		assert_eq!(proposed.len(), 1);
		assert_eq!(
			(proposed[0].1.payee, proposed[0].1.officer, proposed[0].1.amount),
			(ALFA, OFFICER, 30_000)
		);
		assert_eq!(
			proposed[0].1.reference,
			civitas_primitives::MilestoneReference { tender: id, milestone: 1 }
		);
		let contract = Contracts::<Test>::get(id).expect("signed");
		assert!(matches!(
			contract.milestones[1].status,
			MilestoneStatus::AwaitingPayment { evidence, proposal: 0, .. } if evidence == h(62)
		));
		// Nothing else moves the milestone or the contract meanwhile.
		assert_noop!(
			Procurement::accept_milestone(signed(OFFICER), id, 1),
			E::MilestoneAwaitingPayment
		);
		assert_noop!(
			Procurement::reject_milestone(signed(OFFICER), id, 1, h(1)),
			E::MilestoneAwaitingPayment
		);
		assert_noop!(
			Procurement::submit_delivery(signed(ALFA), id, 1, h(63)),
			E::MilestoneAwaitingPayment
		);
		assert_noop!(
			Procurement::terminate_contract(signed(OFFICER), id, TerminationReason::Other),
			E::MilestonePaymentPending
		);
		assert_eq!(tender(id).status, TenderStatus::Contracted);

		treasury_decides(0, true);
		assert!(has_event(Event::MilestonePaid {
			tender: id,
			milestone: 1,
			supplier: ALFA,
			amount: 30_000
		}));
		assert_eq!(last_event(), Event::ContractCompleted { tender: id });
		assert_eq!(tender(id).status, TenderStatus::Completed);
		assert_eq!((TestEscrow::paid_to(TALLINN, ALFA), escrowed()), (40_000, 0));
		assert_line_balanced(&[ALFA]);
	});
}

#[test]
fn a_declined_milestone_payment_awaits_the_officer_again() {
	check(|| {
		let id = contracted_tender();
		TestEscrow::set_time_lock_above(TALLINN, 20_000);
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 1, h(62)));
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 1));
		treasury_decides(0, false);
		assert_eq!(
			last_event(),
			Event::MilestonePaymentDeclined { tender: id, milestone: 1, proposal: 0 }
		);
		let contract = Contracts::<Test>::get(id).expect("signed");
		assert!(matches!(
			contract.milestones[1].status,
			MilestoneStatus::Delivered { evidence, .. } if evidence == h(62)
		));
		assert_eq!((TestEscrow::paid_to(TALLINN, ALFA), escrowed()), (0, 40_000));
		// A report for a proposal the milestone no longer waits on changes
		// nothing: neither a stale one nor one naming another city.
		use civitas_primitives::{MilestoneReference, OnEscrowRelease};
		let reference = MilestoneReference { tender: id, milestone: 1 };
		let before = Contracts::<Test>::get(id);
		<Procurement as OnEscrowRelease>::released(TALLINN, reference, 0);
		assert_eq!(Contracts::<Test>::get(id), before);
		// Accepted again: a new proposal; the contract can end once it is
		// decided.
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 1));
		<Procurement as OnEscrowRelease>::released(TARTU, reference, 1);
		<Procurement as OnEscrowRelease>::released(TALLINN, reference, 7);
		assert!(matches!(
			Contracts::<Test>::get(id).expect("signed").milestones[1].status,
			MilestoneStatus::AwaitingPayment { proposal: 1, .. }
		));
		treasury_decides(1, false);
		assert_ok!(Procurement::reject_milestone(signed(OFFICER), id, 1, h(64)));
		assert_ok!(Procurement::terminate_contract(signed(OFFICER), id, TerminationReason::Other));
		assert_eq!(escrowed(), 0);
		assert_line_balanced(&[ALFA]);
	});
}

#[test]
fn a_declared_subcontractor_is_put_on_the_city_ledger() {
	check(|| {
		register(DELTA);
		let id = contracted_tender();
		assert!(!TestEscrow::is_payee(TALLINN, DELTA));
		assert_ok!(Procurement::declare_subcontractor(
			signed(ALFA),
			id,
			DELTA,
			Percent::from_percent(20)
		));
		assert!(TestEscrow::is_payee(TALLINN, DELTA));
	});
}

#[test]
fn each_paid_milestone_passes_the_declared_shares_on_to_the_subcontractors() {
	check(|| {
		register(DELTA);
		let id = contracted_tender();
		for (sub, pct) in [(DELTA, 20), (BETA, 5)] {
			assert_ok!(Procurement::declare_subcontractor(
				signed(ALFA),
				id,
				sub,
				Percent::from_percent(pct)
			));
		}
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 0, h(60)));
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 0));
		let balance =
			|who| <TestLedger as civitas_primitives::CityLedger<u64>>::balance(TALLINN, &who);
		assert_eq!((balance(ALFA), balance(DELTA), balance(BETA)), (7_500, 2_000, 500));
		assert!(has_event(Event::SubcontractorPaid {
			tender: id,
			milestone: 0,
			subcontractor: DELTA,
			amount: 2_000
		}));
		// Paid through the treasury's approvals, the shares move as well.
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 1, h(62)));
		TestEscrow::set_time_lock_above(TALLINN, 20_000);
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 1));
		// The shares are those the Treasurers saw: none is added meanwhile.
		assert_noop!(
			Procurement::declare_subcontractor(signed(ALFA), id, GAMMA, Percent::from_percent(1)),
			E::MilestonePaymentPending
		);
		treasury_decides(0, true);
		assert!(has_event(Event::SubcontractorPaid {
			tender: id,
			milestone: 1,
			subcontractor: DELTA,
			amount: 6_000
		}));
		assert_eq!((balance(ALFA), balance(DELTA), balance(BETA)), (30_000, 8_000, 2_000));
		assert_eq!(tender(id).status, TenderStatus::Completed);
	});
}

#[test]
fn a_subcontractor_taken_off_the_ledger_is_put_back_and_paid() {
	check(|| {
		register(DELTA);
		let id = contracted_tender();
		assert_ok!(Procurement::declare_subcontractor(
			signed(ALFA),
			id,
			DELTA,
			Percent::from_percent(20)
		));
		// The attack: the city takes the subcontractor off its ledger, so
		// that the supplier keeps its share or no milestone can be paid.
		TestLedger::unlist(TALLINN, DELTA);
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 0, h(60)));
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 0));
		assert!(TestEscrow::is_payee(TALLINN, DELTA));
		let balance =
			|who| <TestLedger as civitas_primitives::CityLedger<u64>>::balance(TALLINN, &who);
		assert_eq!((balance(ALFA), balance(DELTA)), (8_000, 2_000));
	});
}

#[test]
fn a_share_the_ledger_refuses_after_the_treasury_paid_is_recorded() {
	check(|| {
		register(DELTA);
		let id = contracted_tender();
		assert_ok!(Procurement::declare_subcontractor(
			signed(ALFA),
			id,
			DELTA,
			Percent::from_percent(20)
		));
		TestEscrow::set_time_lock_above(TALLINN, 20_000);
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 1, h(62)));
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 1));
		// The treasury paid; then the ledger refuses the transfer: the
		// payment stands, and what the supplier owes is on record.
		let release = TestEscrow::decide(0, true).expect("proposed");
		TestEscrow::make_unavailable(TALLINN);
		<Procurement as civitas_primitives::OnEscrowRelease>::released(
			release.city,
			release.reference,
			0,
		);
		assert_eq!(
			last_event(),
			Event::SubcontractorUnpaid {
				tender: id,
				milestone: 1,
				subcontractor: DELTA,
				amount: 6_000
			}
		);
		assert!(matches!(
			Contracts::<Test>::get(id).expect("signed").milestones[1].status,
			MilestoneStatus::Paid { .. }
		));
	});
}

#[test]
fn officials_neither_subcontract_nor_accept_their_own_deliveries() {
	check(|| {
		register(DELTA);
		let id = contracted_tender();
		let declare = |sub: u64| {
			Procurement::declare_subcontractor(signed(ALFA), id, sub, Percent::from_percent(5))
		};
		TestOffices::appoint(TALLINN, CityRole::Treasurer, DELTA);
		assert_noop!(declare(DELTA), E::SubcontractorIsOfficial);
		TestOffices::dismiss(TALLINN, CityRole::Treasurer, DELTA);
		assert_noop!(declare(AUDITOR), E::SubcontractorIsOfficial);
		assert_ok!(declare(DELTA));
		// A supplier appointed procurement officer cannot accept its own
		// delivery; another officer can.
		TestOffices::appoint(TALLINN, CityRole::ProcurementOfficer, ALFA);
		assert_ok!(Procurement::submit_delivery(signed(ALFA), id, 0, h(60)));
		assert_noop!(Procurement::accept_milestone(signed(ALFA), id, 0), E::OfficerIsSupplier);
		assert_ok!(Procurement::accept_milestone(signed(OFFICER), id, 0));
	});
}
