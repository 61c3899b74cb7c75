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
//! T::Escrow::release(city, line, &supplier, milestone, &officer, reference, evidence)?;
//! T::Escrow::refund(city, line, estimated_value - awarded)?;   // after award
//! ```
//!
//! A release is a payment like any other: at or below the city's time-lock
//! limit (counting the payee's other payments from the department in the
//! split-payment window) it is paid at once; above it, the treasury turns it
//! into a payment proposal that its Treasurers approve and that waits out
//! the Auditor's time lock. The treasury then tells the escrow user, through
//! [`OnEscrowRelease`], whether the release was paid or declined.

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

/// A payment proposal of a city's treasury, numbered by that city from 0.
pub type PaymentProposalId = u32;

crate::record! {
	/// What an escrow release pays for, as its escrow user names it: a
	/// milestone of a procurement contract.
	pub struct MilestoneReference {
		/// The tender whose contract the milestone belongs to.
		pub tender: u32,
		/// The milestone's index in the contract.
		pub milestone: u32,
	}
}

/// What became of an escrow release.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EscrowRelease {
	/// Paid at once: the amount is on the payee's ledger account.
	Paid,
	/// Above the city's time-lock limit: the treasury's payment proposal
	/// with this id awaits its Treasurers' approvals and the time lock. The
	/// amount stays in escrow until [`OnEscrowRelease`] reports the outcome.
	Proposed(PaymentProposalId),
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
	/// The sender is not on the city's ledger.
	SenderNotOnLedger,
	/// The sender holds fewer credits than the amount.
	InsufficientBalance,
	/// The line's history is full; the city must open another line.
	LineHistoryFull,
	/// The city has not opened its ledger, or is not active.
	CityUnavailable,
	/// An amount overflowed.
	Overflow,
	/// The city already has as many pending payment proposals as it may.
	TooManyPendingPayments,
}

/// Escrow on a city's budget lines.
///
/// Every operation either succeeds completely or changes nothing.
pub trait BudgetEscrow<AccountId> {
	/// Commits `amount` of the line's remaining appropriation to an escrow.
	fn reserve(city: CityId, line: BudgetLineId, amount: Credits) -> Result<(), EscrowError>;

	/// Pays `amount` out of the line's escrow from the city treasury to
	/// `payee`'s ledger account, where it counts as spent on the line, at
	/// the request of `officer`, for `reference`, on the strength of
	/// `evidence` (the hash of the accepted delivery). Above the city's
	/// time-lock limit it is proposed instead, under the treasury's
	/// approvals and time lock (see [`EscrowRelease`]).
	fn release(
		city: CityId,
		line: BudgetLineId,
		payee: &AccountId,
		amount: Credits,
		officer: &AccountId,
		reference: MilestoneReference,
		evidence: crate::DocumentHash,
	) -> Result<EscrowRelease, EscrowError>;

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

/// What the escrow user learns of a proposed release (an
/// [`EscrowRelease::Proposed`]) once the treasury decides it.
///
/// Both are called after the treasury's own changes are written and must
/// not fail: the treasury's decision stands whatever the escrow user does.
pub trait OnEscrowRelease {
	/// The proposed release was approved and paid.
	fn released(city: CityId, reference: MilestoneReference, proposal: PaymentProposalId);

	/// The proposed release was blocked by the Auditor, withdrawn by its
	/// officer or expired: its amount is still in escrow.
	fn declined(city: CityId, reference: MilestoneReference, proposal: PaymentProposalId);

	/// An upper bound of the weight of either call.
	fn weight() -> sp_runtime::Weight;
}

impl OnEscrowRelease for () {
	fn released(_: CityId, _: MilestoneReference, _: PaymentProposalId) {}
	fn declined(_: CityId, _: MilestoneReference, _: PaymentProposalId) {}
	fn weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
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
		/// Per city, the amount above which a release is proposed.
		time_lock_above: BTreeMap<CityId, Credits>,
		/// Proposed releases awaiting a decision.
		proposals: BTreeMap<PaymentProposalId, ProposedRelease>,
		next_proposal: PaymentProposalId,
	}

	/// A release proposed rather than paid, as [`TestEscrow`] keeps it.
	#[derive(Clone, Copy, PartialEq, Eq, Debug)]
	pub struct ProposedRelease {
		/// The city whose treasury pays.
		pub city: CityId,
		/// The line whose escrow pays.
		pub line: BudgetLineId,
		/// Who is paid.
		pub payee: u64,
		/// How much.
		pub amount: Credits,
		/// Who asked for the release.
		pub officer: u64,
		/// What the release pays for.
		pub reference: MilestoneReference,
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

		/// Everything paid to `who` from the city's escrow (it is also on
		/// `who`'s [`TestLedger`] balance).
		pub fn paid_to(city: CityId, who: u64) -> Credits {
			STATE.with(|s| s.borrow().paid.get(&(city, who)).copied().unwrap_or(0))
		}

		/// Whether `who` is on the city's whitelist.
		pub fn is_payee(city: CityId, who: u64) -> bool {
			STATE.with(|s| s.borrow().payees.contains(&(city, who)))
		}

		/// Releases of more than `limit` in `city` are proposed, not paid.
		pub fn set_time_lock_above(city: CityId, limit: Credits) {
			STATE.with(|s| {
				s.borrow_mut().time_lock_above.insert(city, limit);
			});
		}

		/// The releases proposed and not yet decided, by proposal id.
		pub fn proposed() -> Vec<(PaymentProposalId, ProposedRelease)> {
			STATE.with(|s| s.borrow().proposals.iter().map(|(id, p)| (*id, *p)).collect())
		}

		/// Decides a proposed release as the treasury would: pays it out of
		/// escrow if `pay`, or leaves the amount in escrow. Returns the
		/// release, for the caller to report to the escrow user.
		pub fn decide(id: PaymentProposalId, pay: bool) -> Option<ProposedRelease> {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				let p = s.proposals.remove(&id)?;
				if pay {
					let line = s.lines.get_mut(&(p.city, p.line))?;
					line.1 = line.1.checked_sub(p.amount)?;
					let paid = s.paid.entry((p.city, p.payee)).or_default();
					*paid = paid.saturating_add(p.amount);
					let balance = s.balances.entry((p.city, p.payee)).or_default();
					*balance = balance.saturating_add(p.amount);
				}
				Some(p)
			})
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
			officer: &u64,
			reference: MilestoneReference,
			_evidence: crate::DocumentHash,
		) -> Result<EscrowRelease, EscrowError> {
			if !Self::is_payee(city, *payee) {
				return Err(EscrowError::NotWhitelisted);
			}
			let limit = STATE.with(|s| s.borrow().time_lock_above.get(&city).copied());
			if limit.is_some_and(|limit| amount > limit) {
				Self::with_line(city, line, |l| {
					if amount == 0 || amount > l.1 {
						return Err(EscrowError::ExceedsEscrow);
					}
					Ok(())
				})?;
				return STATE.with(|s| {
					let mut s = s.borrow_mut();
					let id = s.next_proposal;
					s.next_proposal = id.checked_add(1).ok_or(EscrowError::Overflow)?;
					let release = ProposedRelease {
						city,
						line,
						payee: *payee,
						amount,
						officer: *officer,
						reference,
					};
					s.proposals.insert(id, release);
					Ok(EscrowRelease::Proposed(id))
				});
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
				let balance = s.balances.entry((city, *payee)).or_default();
				*balance = balance.saturating_add(amount);
			});
			Ok(EscrowRelease::Paid)
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

		/// Takes `who` off the city's whitelist (its balance stays).
		pub fn unlist(city: CityId, who: u64) {
			STATE.with(|s| s.borrow_mut().payees.retain(|p| *p != (city, who)));
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
				if !whitelisted(from) {
					return Err(EscrowError::SenderNotOnLedger);
				}
				if !whitelisted(to) {
					return Err(EscrowError::NotWhitelisted);
				}
				let from_balance = s.balances.get(&(city, from)).copied().unwrap_or(0);
				let left =
					from_balance.checked_sub(amount).ok_or(EscrowError::InsufficientBalance)?;
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
