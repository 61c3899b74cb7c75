//! Runtime upgrades: authorised by two thirds of the member cities, applied
//! only after the enactment delay, so every operator sees them coming.

use crate::*;
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Fails unless `ayes` are two thirds of `electorate` member cities.
	pub(crate) fn ensure_two_thirds_of_members(ayes: u32, electorate: u32) -> DispatchResult {
		ensure!(Self::is_two_thirds(ayes, electorate), Error::<T>::InsufficientSupport);
		Ok(())
	}

	pub(crate) fn do_schedule_upgrade(code_hash: T::Hash, ayes: u32) -> DispatchResult {
		Self::ensure_two_thirds_of_members(ayes, MemberCount::<T>::get())?;
		ensure!(!PendingUpgrade::<T>::exists(), Error::<T>::UpgradeAlreadyScheduled);
		let now = frame_system::Pallet::<T>::block_number();
		let enact_at = now.saturating_add(Periods::<T>::get().upgrade_delay);
		PendingUpgrade::<T>::put(ScheduledUpgrade { code_hash, enact_at });
		Self::deposit_event(Event::RuntimeUpgradeScheduled { code_hash, enact_at, ayes });
		Ok(())
	}

	pub(crate) fn do_cancel_upgrade(ayes: u32) -> DispatchResult {
		Self::ensure_two_thirds_of_members(ayes, MemberCount::<T>::get())?;
		let scheduled = PendingUpgrade::<T>::take().ok_or(Error::<T>::NoScheduledUpgrade)?;
		Self::deposit_event(Event::RuntimeUpgradeCancelled { code_hash: scheduled.code_hash });
		Ok(())
	}

	/// At the end of the delay, hands the code hash to frame-system, which
	/// then accepts that code from anyone (`apply_authorized_upgrade`).
	pub(crate) fn release_due_upgrade(now: BlockNumberFor<T>) -> Weight {
		let db = T::DbWeight::get();
		match PendingUpgrade::<T>::get() {
			Some(scheduled) if scheduled.enact_at <= now => {
				PendingUpgrade::<T>::kill();
				frame_system::Pallet::<T>::do_authorize_upgrade(scheduled.code_hash, true);
				Self::deposit_event(Event::RuntimeUpgradeAuthorized {
					code_hash: scheduled.code_hash,
				});
				T::WeightInfo::release_upgrade()
			}
			_ => db.reads(1),
		}
	}
}
