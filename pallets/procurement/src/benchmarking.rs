//! Benchmarks of pallet-procurement, each at its worst case: full panels,
//! the most bids (half of them unrevealed, so bonds are both returned and
//! forfeited), the most milestones and subcontractors, the longest texts.

use super::*;
use crate::Pallet as Procurement;
use alloc::{vec, vec::Vec};
use civitas_primitives::{CityLedger, SpendingCategory};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, Pallet as System, RawOrigin};
use sp_runtime::{traits::One, Percent, Saturating};

/// Every tender in these benchmarks estimates this much.
const ESTIMATE: Credits = 1_000_000;

/// A city with its officer, Auditor and a full evaluation panel.
struct City<T: Config> {
	id: CityId,
	officer: T::AccountId,
	auditor: T::AccountId,
	panel: Vec<T::AccountId>,
}

fn line() -> BudgetLineId {
	BudgetLineId { period: 2027, department: 0, category: SpendingCategory::CapitalWorks }
}

fn doc(n: u8) -> DocumentHash {
	DocumentHash::repeat_byte(n)
}

fn get<T: Config>(tender: TenderId) -> Result<Tender<T>, BenchmarkError> {
	Tenders::<T>::get(tender).ok_or(BenchmarkError::Weightless)
}

fn now<T: Config>() -> BlockNumberFor<T> {
	System::<T>::block_number()
}

fn set_block<T: Config>(n: BlockNumberFor<T>) {
	System::<T>::set_block_number(n);
}

fn bond<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(10u32.into())
}

fn city<T: Config>() -> Result<City<T>, BenchmarkError> {
	let officer: T::AccountId = account("officer", 0, 0);
	let auditor: T::AccountId = account("auditor", 0, 0);
	let panel: Vec<T::AccountId> =
		(0..T::MaxPanel::get()).map(|i| account("panel", i, 0)).collect();
	let id = T::BenchmarkHelper::city(&officer, &auditor, &panel, line(), ESTIMATE * 4)?;
	Ok(City { id, officer, auditor, panel })
}

/// A registered supplier with native tokens for bonds and deposits.
fn supplier<T: Config>(c: &City<T>, i: u32) -> Result<T::AccountId, BenchmarkError> {
	let who: T::AccountId = account("supplier", i, 0);
	let deposits = T::ComplaintDeposit::get().saturating_mul(2u32.into());
	T::Currency::set_balance(
		&who,
		bond::<T>().saturating_mul(1_000u32.into()).saturating_add(deposits),
	);
	let registration =
		BoundedVec::truncate_from(vec![b'r'; T::MaxRegistrationIdLength::get() as usize]);
	Procurement::<T>::do_register_supplier(c.id, who.clone(), registration, doc(1))?;
	Ok(who)
}

fn terms<T: Config>(c: &City<T>, panel: u32) -> TenderTermsOf<T> {
	let award_rule = if panel == 0 {
		AwardRule::LowestPrice
	} else {
		AwardRule::BestValue { price_weight: Percent::from_percent(50) }
	};
	TenderTerms {
		line: line(),
		title: BoundedVec::truncate_from(vec![b't'; T::MaxTitleLength::get() as usize]),
		specification: doc(2),
		estimated_value: ESTIMATE,
		minimum_bond: bond::<T>(),
		// The benchmark harness may move to block 1 between setup and call.
		bid_deadline: now::<T>().saturating_add(10u32.into()),
		reveal_period: One::one(),
		standstill: T::MinStandstill::get(),
		award_rule,
		panel: BoundedVec::truncate_from(c.panel.iter().take(panel as usize).cloned().collect()),
		subcontracting_cap: Percent::from_percent(100),
	}
}

/// A best-value tender with a full panel.
fn published<T: Config>(c: &City<T>) -> Result<TenderId, BenchmarkError> {
	let id = NextTenderId::<T>::get();
	Procurement::<T>::do_publish_tender(c.officer.clone(), c.id, terms(c, T::MaxPanel::get()))?;
	Ok(id)
}

fn salt(i: u32) -> [u8; 32] {
	[i as u8; 32]
}

/// The price of bidder `i`: later bidders bid less.
fn price(i: u32) -> Credits {
	ESTIMATE.saturating_sub(Credits::from(i))
}

/// `n` bids committed; returns the bidders.
fn with_bids<T: Config>(
	c: &City<T>,
	tender: TenderId,
	n: u32,
) -> Result<Vec<T::AccountId>, BenchmarkError> {
	let mut bidders = Vec::new();
	for i in 0..n {
		let who = supplier(c, i)?;
		let commitment = bid_commitment(tender, &who, price(i), &salt(i), &doc(3));
		Procurement::<T>::do_commit_bid(who.clone(), tender, commitment, bond::<T>())?;
		bidders.push(who);
	}
	Ok(bidders)
}

/// In the reveal window, the first `revealed` bidders reveal and the whole
/// panel scores them.
fn reveal_and_score<T: Config>(
	tender: TenderId,
	bidders: &[T::AccountId],
	revealed: usize,
) -> Result<(), BenchmarkError> {
	let t = get::<T>(tender)?;
	set_block::<T>(t.bid_deadline.saturating_add(One::one()));
	for (i, who) in bidders.iter().enumerate().take(revealed) {
		Procurement::<T>::do_reveal_bid(
			who.clone(),
			tender,
			price(i as u32),
			salt(i as u32),
			doc(3),
		)?;
		for member in t.panel.iter() {
			Procurement::<T>::do_score_bid(
				member.clone(),
				tender,
				who.clone(),
				Percent::from_percent(50),
			)?;
		}
	}
	Ok(())
}

/// A tender awarded among `n` bids, all revealed; returns the bidders.
fn awarded<T: Config>(
	c: &City<T>,
	n: u32,
) -> Result<(TenderId, Vec<T::AccountId>), BenchmarkError> {
	let tender = published(c)?;
	let bidders = with_bids(c, tender, n)?;
	reveal_and_score::<T>(tender, &bidders, bidders.len())?;
	let t = get::<T>(tender)?;
	set_block::<T>(t.reveal_deadline.saturating_add(One::one()));
	Procurement::<T>::do_award(tender)?;
	Ok((tender, bidders))
}

fn winner_of<T: Config>(tender: TenderId) -> Result<T::AccountId, BenchmarkError> {
	Ok(get::<T>(tender)?.award.ok_or(BenchmarkError::Weightless)?.supplier)
}

fn milestones<T: Config>(m: u32, total: Credits) -> MilestoneTermsOf<T> {
	let m = Credits::from(m.max(1));
	let each = total / m;
	let mut terms: Vec<MilestoneTerms> =
		(0..m).map(|i| MilestoneTerms { amount: each, description: doc(i as u8) }).collect();
	if let Some(last) = terms.last_mut() {
		last.amount = last.amount.saturating_add(total.saturating_sub(each.saturating_mul(m)));
	}
	BoundedVec::truncate_from(terms)
}

/// A contract signed with `MaxMilestones` milestones; returns the supplier.
fn contracted<T: Config>(c: &City<T>) -> Result<(TenderId, T::AccountId), BenchmarkError> {
	let (tender, _) = awarded(c, 2)?;
	let t = get::<T>(tender)?;
	let award = t.award.clone().ok_or(BenchmarkError::Weightless)?;
	set_block::<T>(award.standstill_end.saturating_add(One::one()));
	Procurement::<T>::do_sign_contract(
		tender,
		t,
		milestones::<T>(T::MaxMilestones::get(), award.price),
	)?;
	Ok((tender, award.supplier))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_supplier() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let who: T::AccountId = account("supplier", 0, 0);
		let registration =
			BoundedVec::truncate_from(vec![b'r'; T::MaxRegistrationIdLength::get() as usize]);

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), c.id, who.clone(), registration, doc(1));

		assert!(Suppliers::<T>::contains_key(c.id, &who));
		Ok(())
	}

	#[benchmark]
	fn suspend_supplier() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let who = supplier(&c, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), c.id, who.clone());

		assert_eq!(
			Suppliers::<T>::get(c.id, &who).map(|s| s.status),
			Some(SupplierStatus::Suspended)
		);
		Ok(())
	}

	#[benchmark]
	fn reinstate_supplier() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let who = supplier(&c, 0)?;
		Procurement::<T>::do_set_supplier_status(c.id, who.clone(), SupplierStatus::Suspended)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), c.id, who.clone());

		assert_eq!(Suppliers::<T>::get(c.id, &who).map(|s| s.status), Some(SupplierStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn publish_tender(p: Linear<1, { T::MaxPanel::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let terms = terms(&c, p);

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), c.id, terms);

		assert!(Tenders::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn cancel_tender(b: Linear<0, { T::MaxBids::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let tender = published(&c)?;
		with_bids(&c, tender, b)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), tender, CancellationReason::NoLongerNeeded);

		assert_eq!(
			get::<T>(tender)?.status,
			TenderStatus::Cancelled(CancellationReason::NoLongerNeeded)
		);
		Ok(())
	}

	#[benchmark]
	fn request_cancellation() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let tender = published(&c)?;
		with_bids(&c, tender, 1)?;
		let t = get::<T>(tender)?;
		set_block::<T>(t.bid_deadline.saturating_add(One::one()));

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), tender, CancellationReason::Other, doc(9));

		assert!(CancellationRequests::<T>::contains_key(tender));
		Ok(())
	}

	#[benchmark]
	fn approve_cancellation(b: Linear<1, { T::MaxBids::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let tender = published(&c)?;
		let bidders = with_bids(&c, tender, b)?;
		let t = get::<T>(tender)?;
		set_block::<T>(t.bid_deadline.saturating_add(One::one()));
		let who = bidders.first().cloned().ok_or(BenchmarkError::Weightless)?;
		Procurement::<T>::do_reveal_bid(who, tender, price(0), salt(0), doc(3))?;
		Procurement::<T>::do_request_cancellation(
			c.officer.clone(),
			tender,
			t,
			CancellationReason::Other,
			doc(9),
		)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.auditor.clone()), tender);

		assert_eq!(get::<T>(tender)?.status, TenderStatus::Cancelled(CancellationReason::Other));
		Ok(())
	}

	#[benchmark]
	fn commit_bid() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let tender = published(&c)?;
		with_bids(&c, tender, T::MaxBids::get().saturating_sub(1))?;
		let who = supplier(&c, T::MaxBids::get())?;
		let commitment = bid_commitment(tender, &who, 1, &salt(0), &doc(3));

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), tender, commitment, bond::<T>());

		assert!(Bids::<T>::contains_key(tender, &who));
		Ok(())
	}

	#[benchmark]
	fn reveal_bid() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let tender = published(&c)?;
		let bidders = with_bids(&c, tender, 1)?;
		let who = bidders.first().cloned().ok_or(BenchmarkError::Weightless)?;
		set_block::<T>(get::<T>(tender)?.bid_deadline.saturating_add(One::one()));

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), tender, price(0), salt(0), doc(3));

		assert!(Bids::<T>::get(tender, &who).and_then(|b| b.revealed).is_some());
		Ok(())
	}

	#[benchmark]
	fn score_bid() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let tender = published(&c)?;
		let bidders = with_bids(&c, tender, 1)?;
		let who = bidders.first().cloned().ok_or(BenchmarkError::Weightless)?;
		set_block::<T>(get::<T>(tender)?.bid_deadline.saturating_add(One::one()));
		Procurement::<T>::do_reveal_bid(who.clone(), tender, price(0), salt(0), doc(3))?;
		let member = c.panel.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(member.clone()), tender, who.clone(), Percent::from_percent(70));

		assert!(QualityScores::<T>::contains_key((tender, &who, &member)));
		Ok(())
	}

	#[benchmark]
	fn award(b: Linear<1, { T::MaxBids::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let tender = published(&c)?;
		let bidders = with_bids(&c, tender, b)?;
		// Half reveal (their bonds are returned), half forfeit.
		reveal_and_score::<T>(tender, &bidders, bidders.len().div_ceil(2))?;
		set_block::<T>(get::<T>(tender)?.reveal_deadline.saturating_add(One::one()));
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), tender);

		assert_eq!(get::<T>(tender)?.status, TenderStatus::Awarded);
		Ok(())
	}

	#[benchmark]
	fn file_complaint() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, bidders) = awarded(&c, 2)?;
		let winner = winner_of::<T>(tender)?;
		let loser = bidders.into_iter().find(|b| *b != winner).ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(loser.clone()), tender, doc(9));

		assert!(Complaints::<T>::contains_key(tender, &loser));
		Ok(())
	}

	#[benchmark]
	fn uphold_complaint(b: Linear<2, { T::MaxBids::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, bidders) = awarded(&c, b)?;
		let winner = winner_of::<T>(tender)?;
		let loser = bidders.into_iter().find(|b| *b != winner).ok_or(BenchmarkError::Weightless)?;
		Procurement::<T>::do_file_complaint(loser.clone(), tender, doc(9))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.auditor.clone()), tender, loser.clone(), Remedy::RecomputeAward);

		assert_ne!(winner_of::<T>(tender)?, winner);
		Ok(())
	}

	#[benchmark]
	fn dismiss_complaint() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, bidders) = awarded(&c, 2)?;
		let winner = winner_of::<T>(tender)?;
		let loser = bidders.into_iter().find(|b| *b != winner).ok_or(BenchmarkError::Weightless)?;
		Procurement::<T>::do_file_complaint(loser.clone(), tender, doc(9))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.auditor.clone()), tender, loser.clone());

		assert_eq!(
			Complaints::<T>::get(tender, &loser).map(|c| c.status),
			Some(ComplaintStatus::Dismissed)
		);
		Ok(())
	}

	#[benchmark]
	fn sign_contract(m: Linear<1, { T::MaxMilestones::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, _) = awarded(&c, 2)?;
		let made = get::<T>(tender)?.award.ok_or(BenchmarkError::Weightless)?;
		set_block::<T>(made.standstill_end.saturating_add(One::one()));
		let terms = milestones::<T>(m, made.price);

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), tender, terms);

		assert!(Contracts::<T>::contains_key(tender));
		Ok(())
	}

	#[benchmark]
	fn declare_subcontractor() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, supplier_account) = contracted(&c)?;
		let max = T::MaxSubcontractors::get();
		for i in 0..max.saturating_sub(1) {
			let sub = supplier(&c, 100 + i)?;
			Procurement::<T>::do_declare_subcontractor(
				supplier_account.clone(),
				tender,
				sub,
				Percent::from_percent(1),
			)?;
		}
		let sub = supplier(&c, 100 + max)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(supplier_account), tender, sub, Percent::from_percent(1));

		assert_eq!(Contracts::<T>::get(tender).map(|c| c.subcontracts.len() as u32), Some(max));
		Ok(())
	}

	#[benchmark]
	fn submit_delivery() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, supplier_account) = contracted(&c)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(supplier_account), tender, 0, doc(8));

		assert!(matches!(
			Contracts::<T>::get(tender).and_then(|c| c.milestones.first().map(|m| m.status)),
			Some(MilestoneStatus::Delivered { .. })
		));
		Ok(())
	}

	#[benchmark]
	fn accept_milestone() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, supplier_account) = contracted(&c)?;
		// The last milestone: paying it also completes the contract, and
		// passes a share on to each of `MaxSubcontractors`.
		let count = T::MaxMilestones::get();
		for m in 0..count {
			Procurement::<T>::do_submit_delivery(supplier_account.clone(), tender, m, doc(8))?;
		}
		for m in 0..count.saturating_sub(1) {
			let t = get::<T>(tender)?;
			Procurement::<T>::do_accept_milestone(c.officer.clone(), tender, t, m)?;
		}
		let mut declared = Vec::new();
		for i in 0..T::MaxSubcontractors::get() {
			let sub = supplier(&c, 100 + i)?;
			Procurement::<T>::do_declare_subcontractor(
				supplier_account.clone(),
				tender,
				sub.clone(),
				Percent::from_percent(1),
			)?;
			declared.push(sub);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), tender, count.saturating_sub(1));

		assert_eq!(get::<T>(tender)?.status, TenderStatus::Completed);
		let city = get::<T>(tender)?.city;
		assert!(declared.iter().all(|sub| T::Ledger::balance(city, sub) > 0));
		Ok(())
	}

	#[benchmark]
	fn reject_milestone() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, supplier_account) = contracted(&c)?;
		Procurement::<T>::do_submit_delivery(supplier_account, tender, 0, doc(8))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), tender, 0, doc(7));

		assert!(matches!(
			Contracts::<T>::get(tender).and_then(|c| c.milestones.first().map(|m| m.status)),
			Some(MilestoneStatus::Rejected { .. })
		));
		Ok(())
	}

	#[benchmark]
	fn terminate_contract() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let (tender, _) = contracted(&c)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer.clone()), tender, TerminationReason::PublicInterest);

		assert_eq!(
			get::<T>(tender)?.status,
			TenderStatus::Terminated(TerminationReason::PublicInterest)
		);
		Ok(())
	}

	impl_benchmark_test_suite!(Procurement, crate::mock::new_test_ext(), crate::mock::Test);
}
