//! Offences: a validator reported for one (a GRANDPA equivocation, proved
//! against pallet-session's historical sessions and recorded by
//! pallet-offences) is disabled at once and taken off its city, so the next
//! session planned no longer holds it.
//!
//! Nothing is slashed: a city's validators hold no stake. The sanction is
//! the seat: the operator must be invited and accept again, in public.

use crate::*;
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Get};
use sp_runtime::{traits::Saturating, Perbill};
use sp_staking::{
	offence::{OffenceDetails, OnOffenceHandler},
	SessionIndex,
};

impl<T: Config> Pallet<T> {
	/// Disables `validator` and takes it off its city. Never fails: an
	/// offence is acted on whatever the federation's minimum says, since a
	/// validator that signs two votes in one round threatens finality more
	/// than one validator fewer does.
	pub(crate) fn expel_validator(validator: &T::AccountId, session: SessionIndex) {
		// One expulsion is the sanction for every offence within the window
		// its proofs stay valid: the same offender listed again, for this
		// report's slot or another, changes nothing.
		if Self::recently_expelled(validator) {
			return;
		}
		let disabled = T::ValidatorDisabling::disable(validator);
		let newly_disabled = disabled
			&& ExpelledValidators::<T>::mutate(|expelled| {
				if expelled.contains(validator) {
					return false;
				}
				// Every entry is in the current set, which `MaxValidators`
				// caps, so there is always room.
				expelled.try_push(validator.clone()).is_ok()
			});
		let city = CityOfValidator::<T>::take(validator);
		if let Some(city) = city {
			CityValidators::<T>::mutate(city, |validators| validators.retain(|v| v != validator));
			if ActiveCities::<T>::get().contains(&city) {
				ValidatorSetChanged::<T>::put(true);
			}
		}
		// Recorded even when there was nothing left to take (the validator
		// had left its city or the set): its old keys stay provable, and each
		// round it double-voted in would otherwise be a new free report.
		ExpelledAt::<T>::insert(validator, frame_system::Pallet::<T>::block_number());
		if city.is_some() || newly_disabled {
			Self::deposit_event(Event::ValidatorExpelled {
				validator: validator.clone(),
				city,
				session,
				disabled,
			});
		}
	}

	/// Whether `validator` was expelled less than [`Config::RejoinDelay`]
	/// ago. The runtime refuses reports of offences by such a validator
	/// before they are recorded, so that nobody fills blocks with free
	/// reports of one offender's many double votes.
	pub fn recently_expelled(validator: &T::AccountId) -> bool {
		ExpelledAt::<T>::get(validator).is_some_and(|at| {
			frame_system::Pallet::<T>::block_number() < at.saturating_add(T::RejoinDelay::get())
		})
	}

	/// At a session's start: disables again the expelled validators the new
	/// set still holds (pallet-session forgets disabled validators when the
	/// set changes), and forgets the ones it no longer holds.
	pub(crate) fn disable_expelled_again() {
		let expelled = ExpelledValidators::<T>::get();
		if expelled.is_empty() {
			return;
		}
		let still_in: Vec<T::AccountId> =
			expelled.into_iter().filter(T::ValidatorDisabling::disable).collect();
		ExpelledValidators::<T>::put(BoundedVec::truncate_from(still_in));
	}
}

/// pallet-offences hands each new offence here. Every offender of the report
/// is expelled; one already expelled (a repeated report of the same slot
/// lists earlier offenders too) changes nothing.
impl<T: Config, FullIdentification>
	OnOffenceHandler<T::AccountId, (T::AccountId, FullIdentification), Weight> for Pallet<T>
{
	fn on_offence(
		offenders: &[OffenceDetails<T::AccountId, (T::AccountId, FullIdentification)>],
		_slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> Weight {
		for details in offenders {
			Self::expel_validator(&details.offender.0, session);
		}
		// Per offender: its expulsion record, city index, the city's
		// validators, the active list, the expelled list, pallet-session's
		// validators and disabled list read; six of them written, and
		// pallet-session's event. pallet-offences does not add this weight
		// to the block: the report's own weight must cover it.
		let n = offenders.len() as u64;
		T::DbWeight::get().reads_writes(8u64.saturating_mul(n), 7u64.saturating_mul(n))
	}
}
