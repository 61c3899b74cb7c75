//! The Harberger tax: city policies per asset class, owners' self-assessed
//! prices and deposits, lazy settlement into the city treasury, reversion to
//! the city, and purchases at the self-assessed price.

use crate::*;
use civitas_primitives::{CityLedger, CityOffices, LedgerRevenue};
use codec::Encode;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, UniqueSaturatedInto, Zero},
	Permill,
};

impl<T: Config> Pallet<T> {
	/// The keyless account on the city's ledger that holds the city's
	/// Harberger deposits.
	pub fn deposit_account(city: CityId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(city)
	}

	/// The Harberger policy a title is under, if any.
	pub(crate) fn policy_of(record: &TitleOf<T>) -> Option<HarbergerPolicy<BlockNumberFor<T>>> {
		HarbergerPolicies::<T>::get(record.city, record.class)
	}

	/// Whether the city itself holds the title (after a reversion).
	pub(crate) fn city_owned(record: &TitleOf<T>) -> bool {
		T::Offices::treasury_account(record.city).as_ref() == Some(&record.owner)
	}

	/// A title's Harberger account: the stored one, or under a policy the
	/// default one (price: the assessed value, no deposit, tax from when the
	/// policy took effect or the owner acquired the title, whichever is
	/// later).
	pub(crate) fn account_of(
		id: TitleId,
		record: &TitleOf<T>,
		policy: Option<&HarbergerPolicy<BlockNumberFor<T>>>,
	) -> Option<HarbergerAccount<BlockNumberFor<T>>> {
		HarbergerAccounts::<T>::get(id).or_else(|| {
			policy.map(|p| HarbergerAccount {
				price: record.particulars.assessed_value,
				deposit: 0,
				paid_until: p.since.max(record.owner_since),
			})
		})
	}

	/// The tax due on an account at `now`, and for how many whole periods.
	pub(crate) fn tax_due(
		account: &HarbergerAccount<BlockNumberFor<T>>,
		policy: &HarbergerPolicy<BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
	) -> (Credits, u32) {
		if policy.period.is_zero() {
			return (0, 0);
		}
		let elapsed = now.saturating_sub(account.paid_until);
		let periods: u32 = (elapsed / policy.period).unique_saturated_into();
		let per_period = policy.rate.mul_floor(account.price);
		(per_period.saturating_mul(periods.into()), periods)
	}

	/// Whether the title's deposit cannot pay the tax due now, so that
	/// settling it would send the title back to the city.
	pub(crate) fn in_arrears(id: TitleId, record: &TitleOf<T>) -> bool {
		let Some(policy) = Self::policy_of(record) else { return false };
		if Self::city_owned(record) {
			return false;
		}
		Self::account_of(id, record, Some(&policy))
			.is_some_and(|a| Self::tax_due(&a, &policy, Self::now()).0 > a.deposit)
	}

	/// Fails with [`Error::TaxArrears`] if settling would revert the title:
	/// calls that need the title to stay with its owner check this before
	/// changing anything.
	pub(crate) fn ensure_not_in_arrears(id: TitleId, record: &TitleOf<T>) -> Result<(), Error<T>> {
		ensure!(!Self::in_arrears(id, record), Error::<T>::TaxArrears);
		Ok(())
	}

	/// The hash a tax receipt carries: the title and the block tax is paid to.
	fn tax_document(id: TitleId, paid_until: BlockNumberFor<T>) -> DocumentHash {
		sp_io::hashing::blake2_256(&(b"civitas/registry/harberger-tax", id, paid_until).encode())
			.into()
	}

	/// Settles the tax due on a title in force: paid from the deposit into
	/// the city treasury, or, if the deposit cannot pay it, what is left is
	/// paid and the title goes back to the city. Returns the title as it
	/// stands afterwards. Titles under no policy, or held by the city, owe
	/// nothing.
	pub(crate) fn settle(id: TitleId, record: TitleOf<T>) -> Result<TitleOf<T>, DispatchError> {
		let Some(policy) = Self::policy_of(&record) else { return Ok(record) };
		if Self::city_owned(&record) {
			return Ok(record);
		}
		let Some(mut account) = Self::account_of(id, &record, Some(&policy)) else {
			return Ok(record);
		};
		let (due, periods) = Self::tax_due(&account, &policy, Self::now());
		if periods == 0 {
			return Ok(record);
		}
		let paid_until =
			account.paid_until.saturating_add(policy.period.saturating_mul(periods.into()));
		let paid = due.min(account.deposit);
		if !paid.is_zero() {
			T::Ledger::collect(
				record.city,
				&Self::deposit_account(record.city),
				&record.owner,
				LedgerRevenue::PropertyTax,
				policy.fiscal_period,
				paid,
				Self::tax_document(id, paid_until),
			)
			.map_err(|_| Error::<T>::PaymentFailed)?;
			Self::deposit_event(Event::TaxPaid {
				title: id,
				payer: record.owner.clone(),
				amount: paid,
				periods,
			});
		}
		if due <= account.deposit {
			account.deposit = account.deposit.saturating_sub(due);
			account.paid_until = paid_until;
			HarbergerAccounts::<T>::insert(id, account);
			return Ok(record);
		}
		HarbergerAccounts::<T>::remove(id);
		let treasury = T::Offices::treasury_account(record.city).ok_or(Error::<T>::NoTreasury)?;
		let from = record.owner.clone();
		Self::change_owner(id, record, treasury, Acquisition::TaxReversion)?;
		Self::deposit_event(Event::TitleReverted {
			title: id,
			from,
			unpaid: due.saturating_sub(paid),
		});
		Ok(Self::title(id)?)
	}

	/// Closes the Harberger account of the title's owner at a change of
	/// owner or a retirement, refunding the deposit.
	pub(crate) fn close_harberger_account(id: TitleId, record: &TitleOf<T>) -> DispatchResult {
		if let Some(account) = HarbergerAccounts::<T>::take(id) {
			if !account.deposit.is_zero() {
				T::Ledger::transfer(
					record.city,
					&Self::deposit_account(record.city),
					&record.owner,
					account.deposit,
				)
				.map_err(|_| Error::<T>::PaymentFailed)?;
				Self::deposit_event(Event::DepositWithdrawn {
					title: id,
					who: record.owner.clone(),
					amount: account.deposit,
				});
			}
		}
		Ok(())
	}

	pub(crate) fn do_set_policy(
		city: CityId,
		class: AssetClass,
		terms: Option<(Permill, BlockNumberFor<T>, civitas_primitives::FiscalPeriod)>,
	) -> DispatchResult {
		let policy = match terms {
			Some((rate, period, fiscal_period)) => {
				ensure!(!period.is_zero(), Error::<T>::ZeroPeriod);
				let since =
					HarbergerPolicies::<T>::get(city, class).map_or_else(Self::now, |p| p.since);
				T::Ledger::admit_escrow(city, &Self::deposit_account(city))
					.map_err(|_| Error::<T>::PaymentFailed)?;
				let policy = HarbergerPolicy { rate, period, fiscal_period, since };
				HarbergerPolicies::<T>::insert(city, class, policy);
				Some(policy)
			}
			None => {
				ensure!(
					HarbergerPolicies::<T>::take(city, class).is_some(),
					Error::<T>::NotUnderHarberger
				);
				None
			}
		};
		Self::deposit_event(Event::HarbergerPolicySet { city, class, policy });
		Ok(())
	}

	/// The owner's title, settled, with its Harberger account; fails if the
	/// deposit cannot pay the tax due.
	fn owned_and_settled(
		id: TitleId,
		owner: &T::AccountId,
	) -> Result<(TitleOf<T>, HarbergerAccount<BlockNumberFor<T>>), DispatchError> {
		let record = Self::owned_title(id, owner)?;
		Self::ensure_not_in_arrears(id, &record)?;
		let policy = Self::policy_of(&record);
		let record = Self::settle(id, record)?;
		let account =
			Self::account_of(id, &record, policy.as_ref()).ok_or(Error::<T>::NotUnderHarberger)?;
		Ok((record, account))
	}

	pub(crate) fn do_self_assess(
		id: TitleId,
		owner: T::AccountId,
		price: Credits,
	) -> DispatchResult {
		ensure!(price > 0, Error::<T>::ZeroPrice);
		let record = Self::owned_title(id, &owner)?;
		ensure!(Self::policy_of(&record).is_some(), Error::<T>::NotUnderHarberger);
		let (_, mut account) = Self::owned_and_settled(id, &owner)?;
		account.price = price;
		HarbergerAccounts::<T>::insert(id, account);
		Self::deposit_event(Event::SelfAssessed { title: id, price });
		Ok(())
	}

	pub(crate) fn do_top_up(id: TitleId, owner: T::AccountId, amount: Credits) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let record = Self::owned_title(id, &owner)?;
		ensure!(Self::policy_of(&record).is_some(), Error::<T>::NotUnderHarberger);
		let (record, mut account) = Self::owned_and_settled(id, &owner)?;
		account.deposit = account.deposit.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		T::Ledger::transfer(record.city, &owner, &Self::deposit_account(record.city), amount)
			.map_err(|_| Error::<T>::PaymentFailed)?;
		HarbergerAccounts::<T>::insert(id, account);
		Self::deposit_event(Event::DepositToppedUp { title: id, amount, deposit: account.deposit });
		Ok(())
	}

	pub(crate) fn do_withdraw_deposit(
		id: TitleId,
		owner: T::AccountId,
		amount: Credits,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let (record, mut account) = Self::owned_and_settled(id, &owner)?;
		account.deposit =
			account.deposit.checked_sub(amount).ok_or(Error::<T>::InsufficientDeposit)?;
		T::Ledger::transfer(record.city, &Self::deposit_account(record.city), &owner, amount)
			.map_err(|_| Error::<T>::PaymentFailed)?;
		HarbergerAccounts::<T>::insert(id, account);
		Self::deposit_event(Event::DepositWithdrawn { title: id, who: owner, amount });
		Ok(())
	}

	pub(crate) fn do_buy(id: TitleId, buyer: T::AccountId, max_price: Credits) -> DispatchResult {
		let record = Self::active_title(id)?;
		let policy = Self::policy_of(&record).ok_or(Error::<T>::NotUnderHarberger)?;
		// Who sells, and at what price, once the tax is settled: a title in
		// arrears goes back to the city first, and the city sells at the
		// assessed value. Everything is checked before anything changes.
		let from_city = Self::city_owned(&record) || Self::in_arrears(id, &record);
		let (seller, price) = if from_city {
			let treasury =
				T::Offices::treasury_account(record.city).ok_or(Error::<T>::NoTreasury)?;
			(treasury, record.particulars.assessed_value)
		} else {
			let account = Self::account_of(id, &record, Some(&policy))
				.ok_or(Error::<T>::NotUnderHarberger)?;
			(record.owner.clone(), account.price)
		};
		ensure!(seller != buyer, Error::<T>::OwnAsset);
		Self::ensure_unblocked(id, &[])?;
		ensure!(price <= max_price, Error::<T>::BelowPrice);
		if !price.is_zero() {
			let paid = if from_city {
				T::Ledger::collect(
					record.city,
					&buyer,
					&buyer,
					LedgerRevenue::PropertySale,
					policy.fiscal_period,
					price,
					Self::tax_document(id, Self::now()),
				)
			} else {
				T::Ledger::transfer(record.city, &buyer, &seller, price)
			};
			paid.map_err(|_| Error::<T>::PaymentFailed)?;
		}
		let record = Self::settle(id, record)?;
		Self::change_owner(id, record, buyer, Acquisition::HarbergerPurchase { price })?;
		HarbergerAccounts::<T>::insert(
			id,
			HarbergerAccount { price: price.max(1), deposit: 0, paid_until: Self::now() },
		);
		Ok(())
	}

	pub(crate) fn do_settle_call(id: TitleId) -> DispatchResult {
		let record = Self::active_title(id)?;
		ensure!(Self::policy_of(&record).is_some(), Error::<T>::NotUnderHarberger);
		Self::settle(id, record).map(|_| ())
	}
}
