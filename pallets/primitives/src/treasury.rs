//! City money, as every city pallet sees it: the budget lines a city adopted,
//! and the escrow through which another pallet may hold part of a line.
//!
//! A city's budget for a [`FiscalPeriod`] appropriates amounts of city
//! [`Credits`] to lines, one per department and [`SpendingCategory`]: a
//! [`BudgetLineId`]. Money leaves a line in two steps: it is first
//! *committed* (a payment awaiting approval, or an escrow held for a tender),
//! then *spent* when it is paid out. pallet-city-treasury keeps the lines and
//! implements [`BudgetEscrow`]; the procurement pallet locks a tender's value
//! at publication and pays milestones from it:
//!
//! ```ignore
//! T::Escrow::reserve(city, line, estimated_value)?;          // at publication
//! T::Escrow::release(city, line, &supplier, milestone)?;       // per milestone
//! T::Escrow::refund(city, line, estimated_value - awarded)?;   // after award
//! ```

use crate::CityId;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// An amount of city credits: 1 credit is the smallest unit of the city's
/// fiat currency (with the decimals the city fixed for its ledger).
pub type Credits = u128;

/// A fiscal period, named by the city (usually the calendar year, `2027`).
pub type FiscalPeriod = u32;

/// A department of one city, numbered by that city from 0.
pub type DepartmentId = u32;

/// What a budget line is spent on: the economic classification of
/// expenditure of the IMF Government Finance Statistics manual (GFSM 2014,
/// §6), which city budgets are reported in.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum SpendingCategory {
	/// Wages, salaries and employer contributions of city staff (GFS 21).
	Compensation,
	/// Goods and services the city buys for its own operations (GFS 22).
	GoodsAndServices,
	/// Interest on the city's debt (GFS 24).
	Interest,
	/// Subsidies to enterprises (GFS 25).
	Subsidies,
	/// Grants to other public bodies (GFS 26).
	Grants,
	/// Social benefits paid to residents (GFS 27).
	SocialBenefits,
	/// Capital works: roads, buildings, equipment (GFS 31).
	CapitalWorks,
	/// Anything else (GFS 28).
	Other,
}

impl SpendingCategory {
	/// Every category, in declaration order.
	pub const ALL: [SpendingCategory; 8] = [
		SpendingCategory::Compensation,
		SpendingCategory::GoodsAndServices,
		SpendingCategory::Interest,
		SpendingCategory::Subsidies,
		SpendingCategory::Grants,
		SpendingCategory::SocialBenefits,
		SpendingCategory::CapitalWorks,
		SpendingCategory::Other,
	];
}

/// One line of a city's budget: a department's appropriation for one
/// spending category in one fiscal period.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct BudgetLineId {
	/// The fiscal period of the budget.
	pub period: FiscalPeriod,
	/// The department the money is appropriated to.
	pub department: DepartmentId,
	/// What it may be spent on.
	pub category: SpendingCategory,
}

/// Why an escrow operation was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EscrowError {
	/// The city has no such budget line.
	UnknownLine,
	/// The amount is zero.
	ZeroAmount,
	/// The line's uncommitted appropriation is smaller than the amount.
	ExceedsAppropriation,
	/// More than the line holds in escrow.
	ExceedsEscrow,
	/// The payee is not on the city's ledger whitelist.
	NotWhitelisted,
	/// The city treasury holds fewer credits than the payment.
	InsufficientCredits,
	/// The line's history is full; the city must open another line.
	LineHistoryFull,
	/// The city has not opened its ledger, or is not active.
	CityUnavailable,
	/// An amount overflowed.
	Overflow,
}

/// Escrow on a city's budget lines.
///
/// Every operation either succeeds completely or changes nothing.
pub trait BudgetEscrow<AccountId> {
	/// Commits `amount` of the line's remaining appropriation to an escrow.
	fn reserve(city: CityId, line: BudgetLineId, amount: Credits) -> Result<(), EscrowError>;

	/// Pays `amount` out of the line's escrow from the city treasury to
	/// `payee`'s ledger account; it counts as spent on the line.
	fn release(
		city: CityId,
		line: BudgetLineId,
		payee: &AccountId,
		amount: Credits,
	) -> Result<(), EscrowError>;

	/// Returns `amount` of the line's escrow to its remaining appropriation.
	fn refund(city: CityId, line: BudgetLineId, amount: Credits) -> Result<(), EscrowError>;

	/// How much the line holds in escrow.
	fn escrowed(city: CityId, line: BudgetLineId) -> Credits;

	/// Puts `who` on the city's ledger whitelist as a contractor, so that
	/// [`Self::release`] can pay it: a supplier that won a public tender is
	/// admitted when its contract is signed. Nothing changes if `who` already
	/// holds credits of the city in any capacity.
	fn admit_contractor(city: CityId, who: &AccountId) -> Result<(), EscrowError>;
}

/// Revenue that a city pallet collects on chain, out of credits already on
/// the ledger (no minting): the treasury books it as a receipt.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum LedgerRevenue {
	/// A tax on property, such as the Harberger tax on a self-assessed value.
	PropertyTax,
	/// The price of city property sold on chain.
	PropertySale,
}

/// Credits on a city's ledger, as a pallet that moves them on behalf of
/// their holders sees it (the asset registry's Harberger deposits, taxes and
/// purchases).
///
/// Every operation either succeeds completely or changes nothing.
pub trait CityLedger<AccountId> {
	/// The credits `who` holds on the city's ledger.
	fn balance(city: CityId, who: &AccountId) -> Credits;

	/// Moves `amount` from `from` to `to`; both must be on the city's
	/// whitelist and `from` must not be the city treasury, which pays only
	/// through approved payments. The caller checks that `from` agreed.
	fn transfer(
		city: CityId,
		from: &AccountId,
		to: &AccountId,
		amount: Credits,
	) -> Result<(), EscrowError>;

	/// Moves `amount` from `from` into the city treasury and books it as a
	/// receipt of `revenue` for fiscal `period`, paid by `payer`, with the
	/// hash of the document that explains it.
	fn collect(
		city: CityId,
		from: &AccountId,
		payer: &AccountId,
		revenue: LedgerRevenue,
		period: FiscalPeriod,
		amount: Credits,
		document: crate::DocumentHash,
	) -> Result<(), EscrowError>;

	/// Puts `account`, a keyless account of a pallet holding deposits for
	/// the city, on the city's whitelist. Nothing changes if it is already
	/// there.
	fn admit_escrow(city: CityId, account: &AccountId) -> Result<(), EscrowError>;
}

/// An in-memory [`BudgetEscrow`] for the unit tests of pallets that hold
/// escrow, so they need not build pallet-city-treasury. Lines, escrow,
/// payees and payments live in a thread-local, for `u64` accounts.
#[cfg(feature = "std")]
pub mod testing {
	use super::*;
	use std::{cell::RefCell, collections::BTreeMap};

	#[derive(Default)]
	struct State {
		/// (uncommitted appropriation, escrow) per line.
		lines: BTreeMap<(CityId, BudgetLineId), (Credits, Credits)>,
		/// Ledger balances, for [`TestLedger`].
		balances: BTreeMap<(CityId, u64), Credits>,
		/// Receipts booked through [`CityLedger::collect`].
		receipts: Vec<(CityId, u64, LedgerRevenue, FiscalPeriod, Credits)>,
		payees: Vec<(CityId, u64)>,
		paid: BTreeMap<(CityId, u64), Credits>,
		/// Cities whose ledger refuses every operation.
		unavailable: Vec<CityId>,
	}

	thread_local! {
		static STATE: RefCell<State> = RefCell::new(State::default());
	}

	/// Budget lines and escrow held in a thread-local.
	pub struct TestEscrow;

	impl TestEscrow {
		/// Forgets every line, payee and payment.
		pub fn reset() {
			STATE.with(|s| *s.borrow_mut() = State::default());
		}

		/// Opens (or replaces) a line with `appropriation` uncommitted and
		/// nothing in escrow.
		pub fn set_line(city: CityId, line: BudgetLineId, appropriation: Credits) {
			STATE.with(|s| {
				s.borrow_mut().lines.insert((city, line), (appropriation, 0));
			});
		}

		/// What the line has left to commit.
		pub fn available(city: CityId, line: BudgetLineId) -> Credits {
			STATE.with(|s| s.borrow().lines.get(&(city, line)).map_or(0, |l| l.0))
		}

		/// Everything paid to `who` from the city's escrow.
		pub fn paid_to(city: CityId, who: u64) -> Credits {
			STATE.with(|s| s.borrow().paid.get(&(city, who)).copied().unwrap_or(0))
		}

		/// Whether `who` is on the city's whitelist.
		pub fn is_payee(city: CityId, who: u64) -> bool {
			STATE.with(|s| s.borrow().payees.contains(&(city, who)))
		}

		/// Makes every operation on the city's lines fail with
		/// [`EscrowError::CityUnavailable`].
		pub fn make_unavailable(city: CityId) {
			STATE.with(|s| s.borrow_mut().unavailable.push(city));
		}

		fn with_line<R>(
			city: CityId,
			line: BudgetLineId,
			f: impl FnOnce(&mut (Credits, Credits)) -> Result<R, EscrowError>,
		) -> Result<R, EscrowError> {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				if s.unavailable.contains(&city) {
					return Err(EscrowError::CityUnavailable);
				}
				let entry = s.lines.get_mut(&(city, line)).ok_or(EscrowError::UnknownLine)?;
				let mut copy = *entry;
				let result = f(&mut copy)?;
				*entry = copy;
				Ok(result)
			})
		}
	}

	impl BudgetEscrow<u64> for TestEscrow {
		fn reserve(city: CityId, line: BudgetLineId, amount: Credits) -> Result<(), EscrowError> {
			Self::with_line(city, line, |l| {
				if amount == 0 {
					return Err(EscrowError::ZeroAmount);
				}
				l.0 = l.0.checked_sub(amount).ok_or(EscrowError::ExceedsAppropriation)?;
				l.1 = l.1.checked_add(amount).ok_or(EscrowError::Overflow)?;
				Ok(())
			})
		}

		fn release(
			city: CityId,
			line: BudgetLineId,
			payee: &u64,
			amount: Credits,
		) -> Result<(), EscrowError> {
			if !Self::is_payee(city, *payee) {
				return Err(EscrowError::NotWhitelisted);
			}
			Self::with_line(city, line, |l| {
				if amount == 0 {
					return Err(EscrowError::ZeroAmount);
				}
				l.1 = l.1.checked_sub(amount).ok_or(EscrowError::ExceedsEscrow)?;
				Ok(())
			})?;
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				let paid = s.paid.entry((city, *payee)).or_default();
				*paid = paid.saturating_add(amount);
			});
			Ok(())
		}

		fn refund(city: CityId, line: BudgetLineId, amount: Credits) -> Result<(), EscrowError> {
			Self::with_line(city, line, |l| {
				if amount == 0 {
					return Err(EscrowError::ZeroAmount);
				}
				l.1 = l.1.checked_sub(amount).ok_or(EscrowError::ExceedsEscrow)?;
				l.0 = l.0.checked_add(amount).ok_or(EscrowError::Overflow)?;
				Ok(())
			})
		}

		fn escrowed(city: CityId, line: BudgetLineId) -> Credits {
			STATE.with(|s| s.borrow().lines.get(&(city, line)).map_or(0, |l| l.1))
		}

		fn admit_contractor(city: CityId, who: &u64) -> Result<(), EscrowError> {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				if s.unavailable.contains(&city) {
					return Err(EscrowError::CityUnavailable);
				}
				if !s.payees.contains(&(city, *who)) {
					s.payees.push((city, *who));
				}
				Ok(())
			})
		}
	}
	/// The city's treasury account in [`TestLedger`].
	pub fn test_treasury(city: CityId) -> u64 {
		1_000_000 + u64::from(city)
	}

	/// A city ledger held in the same thread-local as [`TestEscrow`]; the
	/// whitelist is shared with it, and each city's treasury is
	/// [`test_treasury`].
	pub struct TestLedger;

	impl TestLedger {
		/// Whitelists `who` in `city` and gives it `amount` credits.
		pub fn fund(city: CityId, who: u64, amount: Credits) {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				if !s.payees.contains(&(city, who)) {
					s.payees.push((city, who));
				}
				s.balances.insert((city, who), amount);
			});
		}

		/// Every receipt booked so far, oldest first.
		pub fn receipts() -> Vec<(CityId, u64, LedgerRevenue, FiscalPeriod, Credits)> {
			STATE.with(|s| s.borrow().receipts.clone())
		}

		/// The sum of all balances of a city.
		pub fn total(city: CityId) -> Credits {
			STATE.with(|s| {
				s.borrow().balances.iter().filter(|((c, _), _)| *c == city).map(|(_, b)| *b).sum()
			})
		}

		fn move_credits(
			city: CityId,
			from: u64,
			to: u64,
			amount: Credits,
		) -> Result<(), EscrowError> {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				if s.unavailable.contains(&city) {
					return Err(EscrowError::CityUnavailable);
				}
				if amount == 0 {
					return Err(EscrowError::ZeroAmount);
				}
				let whitelisted =
					|who: u64| who == test_treasury(city) || s.payees.contains(&(city, who));
				if !whitelisted(from) || !whitelisted(to) {
					return Err(EscrowError::NotWhitelisted);
				}
				let from_balance = s.balances.get(&(city, from)).copied().unwrap_or(0);
				let left =
					from_balance.checked_sub(amount).ok_or(EscrowError::InsufficientCredits)?;
				s.balances.insert((city, from), left);
				let to_balance = s.balances.entry((city, to)).or_default();
				*to_balance = to_balance.checked_add(amount).ok_or(EscrowError::Overflow)?;
				Ok(())
			})
		}
	}

	impl CityLedger<u64> for TestLedger {
		fn balance(city: CityId, who: &u64) -> Credits {
			STATE.with(|s| s.borrow().balances.get(&(city, *who)).copied().unwrap_or(0))
		}

		fn transfer(
			city: CityId,
			from: &u64,
			to: &u64,
			amount: Credits,
		) -> Result<(), EscrowError> {
			if *from == test_treasury(city) {
				return Err(EscrowError::NotWhitelisted);
			}
			Self::move_credits(city, *from, *to, amount)
		}

		fn collect(
			city: CityId,
			from: &u64,
			payer: &u64,
			revenue: LedgerRevenue,
			period: FiscalPeriod,
			amount: Credits,
			_document: crate::DocumentHash,
		) -> Result<(), EscrowError> {
			Self::move_credits(city, *from, test_treasury(city), amount)?;
			STATE.with(|s| s.borrow_mut().receipts.push((city, *payer, revenue, period, amount)));
			Ok(())
		}

		fn admit_escrow(city: CityId, account: &u64) -> Result<(), EscrowError> {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				if s.unavailable.contains(&city) {
					return Err(EscrowError::CityUnavailable);
				}
				if !s.payees.contains(&(city, *account)) {
					s.payees.push((city, *account));
				}
				Ok(())
			})
		}
	}
}
