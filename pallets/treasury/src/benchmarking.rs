//! Benchmarks of pallet-city-treasury, each at its worst case: full officer
//! lists, the highest approval threshold, the longest notes, full budgets.

use super::*;
use crate::Pallet as Treasury;
use alloc::{vec, vec::Vec};
use civitas_primitives::{
	BudgetEscrow, DocumentHash, EscrowRelease, MilestoneReference, SpendingCategory,
};
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, One};

const FY: FiscalPeriod = 2027;
/// Every payment in these benchmarks is below this, so a ledger without a
/// time lock pays on the last approval.
const FUNDS: Credits = 1_000_000_000;

/// A city with an open ledger, `MaxApprovals` Treasurers, an Auditor, one
/// department with a full officer list and a registered payee.
struct City<T: Config> {
	id: CityId,
	admin: T::AccountId,
	treasurers: Vec<T::AccountId>,
	auditor: T::AccountId,
	officer: T::AccountId,
	department_account: T::AccountId,
	payee: T::AccountId,
}

fn note<T: Config>() -> NoteOf<T> {
	BoundedVec::truncate_from(vec![b'n'; T::MaxNoteLength::get() as usize])
}

fn full_officers<T: Config>(seed: u32) -> OfficersOf<T> {
	BoundedVec::truncate_from(
		(0..T::MaxOfficers::get()).map(|i| account("officer", seed, i)).collect(),
	)
}

fn doc() -> DocumentHash {
	DocumentHash::repeat_byte(7)
}

fn line() -> BudgetLineId {
	BudgetLineId { period: FY, department: 0, category: SpendingCategory::CapitalWorks }
}

/// The city, with its ledger open; `time_locked` sets the limit to zero so
/// every payment waits the time lock.
fn city<T: Config>(time_locked: bool) -> Result<City<T>, BenchmarkError> {
	let admin: T::AccountId = account("admin", 0, 0);
	let treasurers: Vec<T::AccountId> =
		(0..T::MaxApprovals::get()).map(|i| account("treasurer", i, 0)).collect();
	let auditor: T::AccountId = account("auditor", 0, 0);
	let id = T::BenchmarkHelper::city(&admin, &treasurers, &auditor)?;
	let settings = LedgerSettings {
		decimals: 2,
		approval_threshold: T::MaxApprovals::get(),
		time_lock_above: if time_locked { 0 } else { Credits::MAX },
		time_lock: One::one(),
		proposal_lifetime: BlockNumberFor::<T>::max_value(),
	};
	Treasury::<T>::do_open_ledger(id, settings)?;
	let officers = full_officers::<T>(0);
	let officer = officers.last().cloned().ok_or(BenchmarkError::Weightless)?;
	let department_account: T::AccountId = account("department", 0, 0);
	let name = BoundedVec::truncate_from(vec![b'd'; T::MaxNameLength::get() as usize]);
	Treasury::<T>::do_add_department(id, name, department_account.clone(), officers)?;
	let payee: T::AccountId = account("payee", 0, 0);
	Treasury::<T>::do_register_payee(id, payee.clone(), PayeeKind::Contractor)?;
	Ok(City { id, admin, treasurers, auditor, officer, department_account, payee })
}

/// The city with `FUNDS` received and a 2027 budget of one line.
fn funded<T: Config>(time_locked: bool) -> Result<City<T>, BenchmarkError> {
	let c = city::<T>(time_locked)?;
	let payer = PayerReference::Company(BoundedVec::truncate_from(vec![b'c'; 8]));
	Treasury::<T>::do_record_receipt(
		c.treasurers[0].clone(),
		c.id,
		FY,
		RevenueCategory::PropertyTax,
		FUNDS,
		payer,
		doc(),
	)?;
	let lines = BoundedVec::truncate_from(vec![(0, SpendingCategory::CapitalWorks, FUNDS)]);
	Treasury::<T>::do_adopt_budget(c.id, FY, lines, doc())?;
	Ok(c)
}

/// A proposal of `amount` to the payee with all approvals but the last.
fn proposal<T: Config>(c: &City<T>, amount: Credits) -> Result<ProposalId, BenchmarkError> {
	let id = NextProposalId::<T>::get(c.id);
	Treasury::<T>::do_propose_payment(
		c.officer.clone(),
		c.id,
		line(),
		c.payee.clone(),
		amount,
		note::<T>(),
		doc(),
	)?;
	let last = c.treasurers.len().saturating_sub(1);
	for t in c.treasurers.iter().take(last) {
		Treasury::<T>::do_approve_payment(t.clone(), c.id, id)?;
	}
	Ok(id)
}

/// The payee holding `amount` credits.
fn paid<T: Config>(c: &City<T>, amount: Credits) -> Result<(), BenchmarkError> {
	let id = proposal(c, amount)?;
	let last = c.treasurers.last().cloned().ok_or(BenchmarkError::Weightless)?;
	Treasury::<T>::do_approve_payment(last, c.id, id)?;
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn open_ledger() -> Result<(), BenchmarkError> {
		let admin: T::AccountId = account("admin", 0, 0);
		let id = T::BenchmarkHelper::city(&admin, &[], &admin)?;
		let settings = LedgerSettings {
			decimals: 2,
			approval_threshold: 1,
			time_lock_above: 0,
			time_lock: One::one(),
			proposal_lifetime: One::one(),
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), id, settings);

		assert!(Ledgers::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn set_payment_rules() -> Result<(), BenchmarkError> {
		let c = city::<T>(false)?;
		let lifetime: BlockNumberFor<T> = One::one();

		#[extrinsic_call]
		_(RawOrigin::Signed(c.admin), c.id, 1, 5, lifetime, lifetime);

		assert_eq!(Ledgers::<T>::get(c.id).map(|s| s.approval_threshold), Some(1));
		Ok(())
	}

	#[benchmark]
	fn add_department() -> Result<(), BenchmarkError> {
		let c = city::<T>(false)?;
		let name = BoundedVec::truncate_from(vec![b'd'; T::MaxNameLength::get() as usize]);
		let account: T::AccountId = account("department", 1, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(c.admin), c.id, name, account.clone(), full_officers::<T>(1));

		assert_eq!(Holders::<T>::get(c.id, account), Some(Holder::Department(1)));
		Ok(())
	}

	#[benchmark]
	fn set_department_officers() -> Result<(), BenchmarkError> {
		let c = city::<T>(false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.admin), c.id, 0, full_officers::<T>(1));

		assert_eq!(Departments::<T>::get(c.id, 0).map(|d| d.officers), Some(full_officers::<T>(1)));
		Ok(())
	}

	#[benchmark]
	fn register_payee() -> Result<(), BenchmarkError> {
		let c = city::<T>(false)?;
		let payee: T::AccountId = account("payee", 1, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(c.admin), c.id, payee.clone(), PayeeKind::Employee);

		assert_eq!(Holders::<T>::get(c.id, payee), Some(Holder::Payee(PayeeKind::Employee)));
		Ok(())
	}

	#[benchmark]
	fn remove_payee() -> Result<(), BenchmarkError> {
		let c = city::<T>(false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.admin), c.id, c.payee.clone());

		assert_eq!(Holders::<T>::get(c.id, c.payee), None);
		Ok(())
	}

	#[benchmark]
	fn record_receipt() -> Result<(), BenchmarkError> {
		let c = city::<T>(false)?;
		let payer = PayerReference::Company(note::<T>());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(c.treasurers[0].clone()),
			c.id,
			FY,
			RevenueCategory::PropertyTax,
			FUNDS,
			payer,
			doc(),
		);

		assert_eq!(Supplies::<T>::get(c.id).minted, FUNDS);
		Ok(())
	}

	#[benchmark]
	fn adopt_budget(l: Linear<1, { T::MaxLinesPerBudget::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>(false)?;
		let categories = SpendingCategory::ALL.len() as u32;
		let departments = l.div_ceil(categories);
		for d in 1..departments {
			let name = BoundedVec::truncate_from(vec![b'd'; 4]);
			Treasury::<T>::do_add_department(
				c.id,
				name,
				account("department", d, 1),
				full_officers::<T>(d),
			)?;
		}
		let lines: Vec<_> = (0..l)
			.map(|i| {
				let category = SpendingCategory::ALL[(i % categories) as usize];
				(i / categories, category, FUNDS)
			})
			.collect();
		let lines = BoundedVec::truncate_from(lines);

		#[extrinsic_call]
		_(RawOrigin::Signed(c.admin), c.id, FY, lines, doc());

		assert_eq!(Budgets::<T>::get(c.id, FY).map(|b| b.lines), Some(l));
		Ok(())
	}

	#[benchmark]
	fn amend_line() -> Result<(), BenchmarkError> {
		let c = funded::<T>(false)?;
		let new_line = BudgetLineId { category: SpendingCategory::Grants, ..line() };

		#[extrinsic_call]
		_(RawOrigin::Signed(c.admin), c.id, new_line, FUNDS, note::<T>());

		assert_eq!(Lines::<T>::get(c.id, new_line).map(|l| l.appropriated), Some(FUNDS));
		Ok(())
	}

	#[benchmark]
	fn reallocate() -> Result<(), BenchmarkError> {
		let c = funded::<T>(false)?;
		let to = BudgetLineId { category: SpendingCategory::Grants, ..line() };
		Treasury::<T>::do_amend_line(c.id, to, 0, note::<T>())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.admin), c.id, line(), to, 1_000, note::<T>());

		assert_eq!(Lines::<T>::get(c.id, to).map(|l| l.appropriated), Some(1_000));
		Ok(())
	}

	#[benchmark]
	fn propose_payment() -> Result<(), BenchmarkError> {
		let c = funded::<T>(false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer), c.id, line(), c.payee, 1_000, note::<T>(), doc());

		assert_eq!(PendingPayments::<T>::get(c.id), 1);
		Ok(())
	}

	#[benchmark]
	fn approve_payment() -> Result<(), BenchmarkError> {
		let c = funded::<T>(false)?;
		let id = proposal(&c, 1_000)?;
		let last = c.treasurers.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(last), c.id, id);

		assert_eq!(Balances::<T>::get(c.id, &c.payee), 1_000);
		Ok(())
	}

	// A release out of escrow: it writes what a payment does, and frees
	// the escrow its proposal claimed.
	#[benchmark]
	fn execute_payment() -> Result<(), BenchmarkError> {
		let c = funded::<T>(true)?;
		Treasury::<T>::reserve(c.id, line(), 1_000).map_err(|_| BenchmarkError::Weightless)?;
		let reference = MilestoneReference { tender: 0, milestone: 0 };
		let release =
			Treasury::<T>::release(c.id, line(), &c.payee, 1_000, &c.officer, reference, doc())
				.map_err(|_| BenchmarkError::Weightless)?;
		assert_eq!(release, EscrowRelease::Proposed(0));
		for t in c.treasurers.iter() {
			Treasury::<T>::do_approve_payment(t.clone(), c.id, 0)?;
		}
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + One::one());

		#[extrinsic_call]
		_(RawOrigin::Signed(c.auditor), c.id, 0);

		assert_eq!(Balances::<T>::get(c.id, &c.payee), 1_000);
		assert_eq!(EscrowReleasing::<T>::get(c.id, line()), 0);
		Ok(())
	}

	#[benchmark]
	fn block_payment() -> Result<(), BenchmarkError> {
		let c = funded::<T>(true)?;
		paid(&c, 1_000)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.auditor), c.id, 0, note::<T>());

		assert_eq!(PendingPayments::<T>::get(c.id), 0);
		Ok(())
	}

	#[benchmark]
	fn close_expired() -> Result<(), BenchmarkError> {
		let c = funded::<T>(false)?;
		let threshold = T::MaxApprovals::get();
		Treasury::<T>::do_set_payment_rules(c.id, threshold, Credits::MAX, One::one(), One::one())?;
		let id = proposal(&c, 1_000)?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + One::one());

		#[extrinsic_call]
		_(RawOrigin::Signed(c.auditor), c.id, id);

		assert_eq!(PendingPayments::<T>::get(c.id), 0);
		Ok(())
	}

	#[benchmark]
	fn transfer() -> Result<(), BenchmarkError> {
		let c = funded::<T>(false)?;
		paid(&c, 1_000)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.payee.clone()), c.id, c.department_account.clone(), 400);

		assert_eq!(Balances::<T>::get(c.id, &c.department_account), 400);
		Ok(())
	}

	#[benchmark]
	fn redeem() -> Result<(), BenchmarkError> {
		let c = funded::<T>(false)?;
		paid(&c, 1_000)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.payee.clone()), c.id, 400, note::<T>());

		assert_eq!(Supplies::<T>::get(c.id).burned, 400);
		Ok(())
	}

	#[benchmark]
	fn withdraw_approval() -> Result<(), BenchmarkError> {
		// A fully approved payment waiting out its time lock: withdrawing
		// counts the remaining approvals and stops the lock.
		let c = funded::<T>(true)?;
		paid(&c, 1_000)?;
		let last = c.treasurers.last().cloned().ok_or(BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(last), c.id, 0);

		assert_eq!(Proposals::<T>::get(c.id, 0).and_then(|p| p.unlocks_at), None);
		Ok(())
	}

	#[benchmark]
	fn withdraw_proposal() -> Result<(), BenchmarkError> {
		let c = funded::<T>(false)?;
		let id = proposal(&c, 1_000)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(c.officer), c.id, id);

		assert_eq!(PendingPayments::<T>::get(c.id), 0);
		assert_eq!(Invoices::<T>::get((c.id, &c.payee, doc())), None);
		Ok(())
	}

	impl_benchmark_test_suite!(Treasury, crate::mock::new_test_ext(), crate::mock::Test);
}
