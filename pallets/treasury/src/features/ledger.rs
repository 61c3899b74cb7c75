//! The city ledger: opening it, who may hold credits, receipts that mint them,
//! transfers between holders, and redemptions that burn them.

use crate::*;
use civitas_primitives::{CityOffices, DocumentHash};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;

/// The most decimals a city's currency may have.
pub const MAX_DECIMALS: u8 = 18;

impl<T: Config> Pallet<T> {
	/// The city's ledger settings, if it opened its ledger.
	pub(crate) fn ledger(city: CityId) -> Result<SettingsOf<T>, Error<T>> {
		Ledgers::<T>::get(city).ok_or(Error::<T>::NoLedger)
	}

	/// The city's treasury account.
	pub(crate) fn treasury(city: CityId) -> Result<T::AccountId, Error<T>> {
		T::Offices::treasury_account(city).ok_or(Error::<T>::NoTreasuryAccount)
	}

	fn check_rules(
		approval_threshold: u32,
		proposal_lifetime: BlockNumberFor<T>,
	) -> Result<(), Error<T>> {
		ensure!(
			approval_threshold > 0 && approval_threshold <= T::MaxApprovals::get(),
			Error::<T>::InvalidThreshold
		);
		ensure!(!proposal_lifetime.is_zero(), Error::<T>::ZeroLifetime);
		Ok(())
	}

	pub(crate) fn do_open_ledger(city: CityId, settings: SettingsOf<T>) -> DispatchResult {
		ensure!(!Ledgers::<T>::contains_key(city), Error::<T>::LedgerAlreadyOpen);
		ensure!(settings.decimals <= MAX_DECIMALS, Error::<T>::TooManyDecimals);
		Self::check_rules(settings.approval_threshold, settings.proposal_lifetime)?;
		let treasury = Self::treasury(city)?;
		ensure!(!Holders::<T>::contains_key(city, &treasury), Error::<T>::AlreadyWhitelisted);

		Ledgers::<T>::insert(city, settings);
		Holders::<T>::insert(city, &treasury, Holder::Treasury);
		Self::deposit_event(Event::LedgerOpened { city, treasury, settings });
		Ok(())
	}

	pub(crate) fn do_set_payment_rules(
		city: CityId,
		approval_threshold: u32,
		time_lock_above: Credits,
		time_lock: BlockNumberFor<T>,
		proposal_lifetime: BlockNumberFor<T>,
	) -> DispatchResult {
		let mut settings = Self::ledger(city)?;
		Self::check_rules(approval_threshold, proposal_lifetime)?;
		settings.approval_threshold = approval_threshold;
		settings.time_lock_above = time_lock_above;
		settings.time_lock = time_lock;
		settings.proposal_lifetime = proposal_lifetime;
		Ledgers::<T>::insert(city, settings);
		Self::deposit_event(Event::PaymentRulesSet { city, settings });
		Ok(())
	}

	pub(crate) fn do_add_department(
		city: CityId,
		name: NameOf<T>,
		account: T::AccountId,
		officers: OfficersOf<T>,
	) -> DispatchResult {
		Self::ledger(city)?;
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		let department = DepartmentCount::<T>::get(city);
		ensure!(department < T::MaxDepartments::get(), Error::<T>::TooManyDepartments);
		ensure!(!Holders::<T>::contains_key(city, &account), Error::<T>::AlreadyWhitelisted);

		Holders::<T>::insert(city, &account, Holder::Department(department));
		Departments::<T>::insert(
			city,
			department,
			Department { name: name.clone(), account: account.clone(), officers: officers.clone() },
		);
		DepartmentCount::<T>::insert(city, department.saturating_add(1));
		Self::deposit_event(Event::DepartmentAdded { city, department, name, account, officers });
		Ok(())
	}

	pub(crate) fn do_set_department_officers(
		city: CityId,
		department: DepartmentId,
		officers: OfficersOf<T>,
	) -> DispatchResult {
		Departments::<T>::try_mutate(city, department, |d| {
			let d = d.as_mut().ok_or(Error::<T>::UnknownDepartment)?;
			d.officers = officers.clone();
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::DepartmentOfficersSet { city, department, officers });
		Ok(())
	}

	pub(crate) fn do_register_payee(
		city: CityId,
		payee: T::AccountId,
		kind: PayeeKind,
	) -> DispatchResult {
		Self::ledger(city)?;
		ensure!(!Holders::<T>::contains_key(city, &payee), Error::<T>::AlreadyWhitelisted);
		Holders::<T>::insert(city, &payee, Holder::Payee(kind));
		Self::deposit_event(Event::PayeeRegistered { city, payee, kind });
		Ok(())
	}

	pub(crate) fn do_remove_payee(city: CityId, payee: T::AccountId) -> DispatchResult {
		ensure!(
			matches!(Holders::<T>::get(city, &payee), Some(Holder::Payee(_))),
			Error::<T>::NotAPayee
		);
		ensure!(Balances::<T>::get(city, &payee) == 0, Error::<T>::HolderHasCredits);
		Holders::<T>::remove(city, &payee);
		Self::deposit_event(Event::PayeeRemoved { city, payee });
		Ok(())
	}

	pub(crate) fn do_record_receipt(
		treasurer: T::AccountId,
		city: CityId,
		period: FiscalPeriod,
		category: RevenueCategory,
		amount: Credits,
		payer: PayerOf<T>,
		document: DocumentHash,
	) -> DispatchResult {
		Self::ledger(city)?;
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(!matches!(payer, PayerReference::Holder), Error::<T>::HolderReceiptNotRecordable);
		let treasury = Self::treasury(city)?;
		let mut supply = Supplies::<T>::get(city);
		supply.minted = supply.minted.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		let balance =
			Balances::<T>::get(city, &treasury).checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Self::book_receipt(
			city,
			period,
			category,
			amount,
			payer,
			document,
			treasurer,
			ReceiptSource::Minted,
		)?;
		Supplies::<T>::insert(city, supply);
		Balances::<T>::insert(city, &treasury, balance);
		Ok(())
	}

	/// Mints `amount` of credits straight to `who`, whitelisting it as a
	/// beneficiary if the ledger does not know it yet, as a receipt would
	/// mint them but without booking one. Other pallets' benchmarks fund
	/// their accounts with it instead of running a budget year's calls;
	/// no call reaches it.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn mint_for_benchmark(city: CityId, who: &T::AccountId, amount: Credits) -> DispatchResult {
		let mut supply = Supplies::<T>::get(city);
		supply.minted = supply.minted.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		let balance =
			Balances::<T>::get(city, who).checked_add(amount).ok_or(Error::<T>::Overflow)?;
		if !Holders::<T>::contains_key(city, who) {
			Holders::<T>::insert(city, who, Holder::Payee(PayeeKind::Beneficiary));
		}
		Supplies::<T>::insert(city, supply);
		Balances::<T>::insert(city, who, balance);
		Ok(())
	}

	/// Collects `amount` of credits already on the ledger from `from` into
	/// the treasury and books it as a receipt paid by `payer` (no minting).
	pub(crate) fn do_collect(
		city: CityId,
		from: &T::AccountId,
		payer: &T::AccountId,
		period: FiscalPeriod,
		category: RevenueCategory,
		amount: Credits,
		document: DocumentHash,
	) -> Result<(), Error<T>> {
		Self::ledger(city)?;
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(Holders::<T>::contains_key(city, from), Error::<T>::SenderNotOnLedger);
		let treasury = Self::treasury(city)?;
		ensure!(from != &treasury, Error::<T>::TreasuryMovesByPayment);
		// Every check of the move first, so that once the receipt is booked
		// the move cannot fail.
		ensure!(Balances::<T>::get(city, from) >= amount, Error::<T>::InsufficientBalance);
		Balances::<T>::get(city, &treasury).checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Self::book_receipt(
			city,
			period,
			category,
			amount,
			PayerReference::Holder,
			document,
			payer.clone(),
			ReceiptSource::Collected { from: from.clone() },
		)?;
		Self::move_credits(city, from, &treasury, amount)?;
		Ok(())
	}

	/// Writes a receipt, its revenue statistics and its event.
	#[allow(clippy::too_many_arguments)]
	fn book_receipt(
		city: CityId,
		period: FiscalPeriod,
		category: RevenueCategory,
		amount: Credits,
		payer: PayerOf<T>,
		document: DocumentHash,
		recorded_by: T::AccountId,
		source: ReceiptSource<T::AccountId>,
	) -> Result<(), Error<T>> {
		let (count, sum) = Revenue::<T>::get((city, period, category));
		let revenue = (
			count.checked_add(1).ok_or(Error::<T>::Overflow)?,
			sum.checked_add(amount).ok_or(Error::<T>::Overflow)?,
		);
		let receipt = NextReceiptId::<T>::get(city);
		let next = receipt.checked_add(1).ok_or(Error::<T>::Overflow)?;

		Revenue::<T>::insert((city, period, category), revenue);
		NextReceiptId::<T>::insert(city, next);
		Receipts::<T>::insert(
			city,
			receipt,
			Receipt {
				period,
				category,
				amount,
				payer: payer.clone(),
				document,
				recorded_by: recorded_by.clone(),
				recorded_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::ReceiptRecorded {
			city,
			receipt,
			period,
			category,
			amount,
			payer,
			document,
			source,
			recorded_by,
		});
		Ok(())
	}

	/// Moves `amount` from `from` to `to`, both whitelisted, or changes
	/// nothing. Does not check who may move `from`'s credits.
	pub(crate) fn move_credits(
		city: CityId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: Credits,
	) -> Result<(), Error<T>> {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(Holders::<T>::contains_key(city, to), Error::<T>::NotWhitelisted);
		let from_balance = Balances::<T>::get(city, from).checked_sub(amount).ok_or(
			if Holders::<T>::get(city, from) == Some(Holder::Treasury) {
				Error::<T>::InsufficientCredits
			} else {
				Error::<T>::InsufficientBalance
			},
		)?;
		if from == to {
			return Ok(());
		}
		let to_balance =
			Balances::<T>::get(city, to).checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Self::set_balance(city, from, from_balance);
		Self::set_balance(city, to, to_balance);
		Ok(())
	}

	fn set_balance(city: CityId, who: &T::AccountId, balance: Credits) {
		if balance == 0 {
			Balances::<T>::remove(city, who);
		} else {
			Balances::<T>::insert(city, who, balance);
		}
	}

	pub(crate) fn do_transfer(
		city: CityId,
		from: T::AccountId,
		to: T::AccountId,
		amount: Credits,
	) -> DispatchResult {
		Self::ledger(city)?;
		match Holders::<T>::get(city, &from) {
			None => return Err(Error::<T>::SenderNotOnLedger.into()),
			Some(Holder::Treasury) => return Err(Error::<T>::TreasuryMovesByPayment.into()),
			Some(_) => {}
		}
		Self::move_credits(city, &from, &to, amount)?;
		Self::deposit_event(Event::Transferred { city, from, to, amount });
		Ok(())
	}

	pub(crate) fn do_redeem(
		city: CityId,
		payee: T::AccountId,
		amount: Credits,
		payout_reference: NoteOf<T>,
	) -> DispatchResult {
		Self::ledger(city)?;
		ensure!(
			matches!(Holders::<T>::get(city, &payee), Some(Holder::Payee(_))),
			Error::<T>::NotAPayee
		);
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let balance = Balances::<T>::get(city, &payee)
			.checked_sub(amount)
			.ok_or(Error::<T>::InsufficientBalance)?;
		let mut supply = Supplies::<T>::get(city);
		supply.burned = supply.burned.checked_add(amount).ok_or(Error::<T>::Overflow)?;

		Self::set_balance(city, &payee, balance);
		Supplies::<T>::insert(city, supply);
		Self::deposit_event(Event::Redeemed { city, payee, amount, payout_reference });
		Ok(())
	}
}
