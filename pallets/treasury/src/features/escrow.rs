//! Escrow on budget lines for the procurement pallet, and the ledger as
//! the asset registry moves credits on it.

use crate::*;
use civitas_primitives::{
	BudgetEscrow, CityLedger, CityOffices, DocumentHash, EscrowError, EscrowRelease, LedgerRevenue,
	MilestoneReference,
};
use frame_support::ensure;

impl<T: Config> From<Error<T>> for EscrowError {
	fn from(e: Error<T>) -> Self {
		match e {
			Error::UnknownLine => EscrowError::UnknownLine,
			Error::ZeroAmount => EscrowError::ZeroAmount,
			Error::ExceedsAppropriation => EscrowError::ExceedsAppropriation,
			Error::ExceedsEscrow => EscrowError::ExceedsEscrow,
			Error::NotWhitelisted => EscrowError::NotWhitelisted,
			Error::InsufficientCredits => EscrowError::InsufficientCredits,
			Error::SenderNotOnLedger => EscrowError::SenderNotOnLedger,
			Error::InsufficientBalance => EscrowError::InsufficientBalance,
			Error::LineHistoryFull => EscrowError::LineHistoryFull,
			Error::Overflow => EscrowError::Overflow,
			Error::TooManyPendingPayments => EscrowError::TooManyPendingPayments,
			_ => EscrowError::CityUnavailable,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The city is active and has a ledger.
	fn escrow_city(city: CityId) -> Result<(), EscrowError> {
		T::Offices::ensure_active(city).map_err(|_| EscrowError::CityUnavailable)?;
		Self::ledger(city)?;
		Ok(())
	}
}

impl<T: Config> BudgetEscrow<T::AccountId> for Pallet<T> {
	fn reserve(city: CityId, line: BudgetLineId, amount: Credits) -> Result<(), EscrowError> {
		Self::escrow_city(city)?;
		Self::commit(city, line, amount, true, LineChange::EscrowReserved)?;
		Self::deposit_event(Event::EscrowReserved { city, line, amount });
		Ok(())
	}

	fn release(
		city: CityId,
		line: BudgetLineId,
		payee: &T::AccountId,
		amount: Credits,
		officer: &T::AccountId,
		reference: MilestoneReference,
		evidence: DocumentHash,
	) -> Result<EscrowRelease, EscrowError> {
		Self::escrow_city(city)?;
		if amount == 0 {
			return Err(EscrowError::ZeroAmount);
		}
		let settings = Self::ledger(city)?;
		ensure!(amount <= Self::unclaimed_escrow(city, line)?, EscrowError::ExceedsEscrow);
		// A release is a payment to its payee like any other: it adds to the
		// payee's split-payment window and, above the limit, waits for the
		// Treasurers' approvals and the Auditor's time lock.
		let (time_locked, window) =
			Self::time_lock_decision(city, line, payee, amount, settings.time_lock_above)?;
		if time_locked {
			let proposal = Self::propose_escrow_release(
				city, line, payee, amount, officer, reference, evidence, window,
			)?;
			return Ok(EscrowRelease::Proposed(proposal));
		}
		Self::pay_committed(city, line, payee, amount, true, LineChange::EscrowReleased)?;
		PaymentWindows::<T>::insert((city, line.department, payee), window);
		Self::deposit_event(Event::EscrowReleased { city, line, payee: payee.clone(), amount });
		Ok(EscrowRelease::Paid)
	}

	fn refund(city: CityId, line: BudgetLineId, amount: Credits) -> Result<(), EscrowError> {
		// Returning money to the budget is allowed even while the city is
		// suspended: a cancelled tender must not keep its escrow.
		Self::ledger(city)?;
		if amount == 0 {
			return Err(EscrowError::ZeroAmount);
		}
		// Escrow that a pending release claims is not the escrow user's to
		// take back.
		ensure!(amount <= Self::unclaimed_escrow(city, line)?, EscrowError::ExceedsEscrow);
		Self::release_commitment(city, line, amount, true, LineChange::EscrowRefunded)?;
		Self::deposit_event(Event::EscrowRefunded { city, line, amount });
		Ok(())
	}

	fn escrowed(city: CityId, line: BudgetLineId) -> Credits {
		Lines::<T>::get(city, line).map_or(0, |l| l.escrowed)
	}

	fn admit_contractor(city: CityId, who: &T::AccountId) -> Result<(), EscrowError> {
		Self::escrow_city(city)?;
		if Holders::<T>::contains_key(city, who) {
			return Ok(());
		}
		// The ledger is open and `who` holds nothing: registering cannot fail.
		Self::do_register_payee(city, who.clone(), PayeeKind::Contractor)
			.map_err(|_| EscrowError::CityUnavailable)
	}
}

impl<T: Config> CityLedger<T::AccountId> for Pallet<T> {
	fn balance(city: CityId, who: &T::AccountId) -> Credits {
		Balances::<T>::get(city, who)
	}

	fn transfer(
		city: CityId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: Credits,
	) -> Result<(), EscrowError> {
		Self::escrow_city(city)?;
		match Holders::<T>::get(city, from) {
			None => return Err(EscrowError::SenderNotOnLedger),
			Some(Holder::Treasury) => return Err(EscrowError::NotWhitelisted),
			Some(_) => {}
		}
		Self::move_credits(city, from, to, amount)?;
		Self::deposit_event(Event::Transferred {
			city,
			from: from.clone(),
			to: to.clone(),
			amount,
		});
		Ok(())
	}

	fn collect(
		city: CityId,
		from: &T::AccountId,
		payer: &T::AccountId,
		revenue: LedgerRevenue,
		period: FiscalPeriod,
		amount: Credits,
		document: DocumentHash,
	) -> Result<(), EscrowError> {
		Self::escrow_city(city)?;
		let category = match revenue {
			LedgerRevenue::PropertyTax => RevenueCategory::PropertyTax,
			LedgerRevenue::PropertySale => RevenueCategory::PropertyIncome,
		};
		Self::do_collect(city, from, payer, period, category, amount, document)?;
		Ok(())
	}

	fn admit_escrow(city: CityId, account: &T::AccountId) -> Result<(), EscrowError> {
		Self::escrow_city(city)?;
		if Holders::<T>::contains_key(city, account) {
			return Ok(());
		}
		Holders::<T>::insert(city, account, Holder::Escrow);
		Ok(())
	}
}
