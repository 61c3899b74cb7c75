//! Native-token holds (bid bonds, complaint deposits) and the treasury's
//! escrow, with their failures turned into this pallet's errors.

use crate::*;
use civitas_primitives::{
	BudgetEscrow, CityOffices, EscrowError, EscrowRelease, MilestoneReference,
};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> From<EscrowError> for Error<T> {
	fn from(e: EscrowError) -> Self {
		match e {
			EscrowError::UnknownLine => Error::UnknownBudgetLine,
			EscrowError::ExceedsAppropriation => Error::OverBudget,
			EscrowError::CityUnavailable => Error::LedgerUnavailable,
			EscrowError::Overflow => Error::Overflow,
			EscrowError::InsufficientCredits => Error::TreasuryShortOfCredits,
			EscrowError::TooManyPendingPayments => Error::TreasuryQueueFull,
			_ => Error::EscrowRefused,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The tender, or `UnknownTender`.
	pub(crate) fn tender(tender: TenderId) -> Result<Tender<T>, Error<T>> {
		Tenders::<T>::get(tender).ok_or(Error::<T>::UnknownTender)
	}

	/// The city's treasury account.
	pub(crate) fn treasury_account(city: CityId) -> Result<T::AccountId, Error<T>> {
		T::Offices::treasury_account(city).ok_or(Error::<T>::UnknownCity)
	}

	/// Holds `amount` of `who`'s native tokens for `reason`.
	pub(crate) fn hold(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		T::Currency::hold(&reason.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientBalance.into())
	}

	/// Gives back `amount` held from `who` for `reason`, or as much of it as
	/// is still held, so that no tender can get stuck on a bond; returns what
	/// was given back.
	pub(crate) fn release(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		T::Currency::release(&reason.into(), who, amount, Precision::BestEffort)
	}

	/// Pays `amount` held from `who` for `reason` (or as much of it as is
	/// still held) to the city treasury; returns what was paid.
	pub(crate) fn forfeit(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
		treasury: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		T::Currency::transfer_on_hold(
			&reason.into(),
			who,
			treasury,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
	}

	/// Holds `amount` of the line's appropriation in escrow.
	pub(crate) fn escrow_reserve(
		city: CityId,
		line: BudgetLineId,
		amount: Credits,
	) -> DispatchResult {
		T::Escrow::reserve(city, line, amount).map_err(|e| Error::<T>::from(e).into())
	}

	/// Returns `amount` of escrow to the line; nothing to do for zero.
	pub(crate) fn escrow_refund(
		city: CityId,
		line: BudgetLineId,
		amount: Credits,
	) -> DispatchResult {
		if amount == 0 {
			return Ok(());
		}
		T::Escrow::refund(city, line, amount).map_err(|e| Error::<T>::from(e).into())
	}

	/// Pays `amount` of escrow to `payee`'s ledger account, or has the
	/// treasury propose it (above the city's time-lock limit).
	pub(crate) fn escrow_release(
		city: CityId,
		line: BudgetLineId,
		payee: &T::AccountId,
		amount: Credits,
		officer: &T::AccountId,
		reference: MilestoneReference,
		evidence: DocumentHash,
	) -> Result<EscrowRelease, DispatchError> {
		T::Escrow::release(city, line, payee, amount, officer, reference, evidence)
			.map_err(|e| Error::<T>::from(e).into())
	}

	/// Admits `who` to the city's ledger as a contractor.
	pub(crate) fn escrow_admit(city: CityId, who: &T::AccountId) -> DispatchResult {
		T::Escrow::admit_contractor(city, who).map_err(|e| Error::<T>::from(e).into())
	}

	/// The block number now.
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}
}
