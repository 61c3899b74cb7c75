//! Due process for actions against one city: proceedings that carry at two
//! thirds of the member cities other than the affected one, then wait out a
//! notice period in which the city may answer and two thirds may cancel.
//!
//! The electorate is every member city that has not left, suspended ones
//! included, so suspending the dissenters one by one never lowers the bar
//! for the next action.

use crate::*;
use frame_support::{ensure, pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// The member city (active or suspended) `who` is the admin of.
	pub(crate) fn member_city_of(who: &T::AccountId) -> Result<CityId, DispatchError> {
		// The admin index holds only cities that have not left.
		CityOfAdmin::<T>::get(who).ok_or_else(|| Error::<T>::NotCityAdmin.into())
	}

	/// Whether `ayes` out of `electorate` are at least two thirds.
	pub fn is_two_thirds(ayes: u32, electorate: u32) -> bool {
		u64::from(ayes).saturating_mul(3) >= u64::from(electorate).saturating_mul(2)
	}

	/// The votes among `votes` of cities that are still members.
	fn standing(votes: &[CityId]) -> u32 {
		votes.iter().filter(|city| Self::is_member(**city)).count() as u32
	}

	fn is_member(city: CityId) -> bool {
		Cities::<T>::get(city).is_some_and(|info| info.status != CityStatus::Left)
	}

	/// Whether a proceeding against `city` is backed by two thirds of the
	/// member cities other than `city`.
	fn carries(votes: &[CityId]) -> bool {
		let electorate = MemberCount::<T>::get().saturating_sub(1);
		Self::is_two_thirds(Self::standing(votes), electorate)
	}

	/// Checks that `action` can be taken against `city` now.
	fn ensure_actionable(city: CityId, action: &CityAction<T::AccountId>) -> DispatchResult {
		let info = Cities::<T>::get(city).ok_or(Error::<T>::UnknownCity)?;
		ensure!(info.status != CityStatus::Left, Error::<T>::CityHasLeft);
		match action {
			CityAction::Suspend => {
				ensure!(info.status == CityStatus::Active, Error::<T>::CityNotActive)
			}
			CityAction::ReplaceAdmin { new_admin } => {
				ensure!(!CityOfAdmin::<T>::contains_key(new_admin), Error::<T>::AdminAlreadyServes)
			}
		}
		Ok(())
	}

	pub(crate) fn do_open_proceeding(
		opener: CityId,
		city: CityId,
		action: CityAction<T::AccountId>,
	) -> DispatchResult {
		ensure!(opener != city, Error::<T>::AffectedCityCannotVote);
		ensure!(!ProceedingOpenedBy::<T>::contains_key(opener), Error::<T>::ProceedingAlreadyOpen);
		Self::ensure_actionable(city, &action)?;
		let id = NextProceedingId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::CityIdOverflow)?;
		let ayes: BoundedVec<CityId, T::MaxCities> =
			BoundedVec::try_from(alloc::vec![opener]).map_err(|_| Error::<T>::TooManyCities)?;
		let mut proceeding = Proceeding {
			city,
			action: action.clone(),
			opened_by: opener,
			opened_at: frame_system::Pallet::<T>::block_number(),
			ayes,
			effective_at: None,
			cancel_votes: BoundedVec::new(),
			response: None,
		};
		NextProceedingId::<T>::put(next);
		ProceedingOpenedBy::<T>::insert(opener, id);
		Self::deposit_event(Event::ProceedingOpened {
			proceeding: id,
			city,
			action,
			opened_by: opener,
		});
		Self::carry_if_supported(id, &mut proceeding);
		Proceedings::<T>::insert(id, proceeding);
		Ok(())
	}

	/// Starts the notice once two thirds support the proceeding.
	fn carry_if_supported(id: ProceedingId, proceeding: &mut ProceedingOf<T>) {
		if proceeding.effective_at.is_none() && Self::carries(&proceeding.ayes) {
			let now = frame_system::Pallet::<T>::block_number();
			let effective_at = now.saturating_add(Periods::<T>::get().notice);
			proceeding.effective_at = Some(effective_at);
			Self::deposit_event(Event::ProceedingCarried { proceeding: id, effective_at });
		}
	}

	pub(crate) fn do_vote_proceeding(id: ProceedingId, voter: CityId, aye: bool) -> DispatchResult {
		let mut proceeding = Proceedings::<T>::get(id).ok_or(Error::<T>::UnknownProceeding)?;
		ensure!(voter != proceeding.city, Error::<T>::AffectedCityCannotVote);
		let carried = proceeding.effective_at.is_some();
		// Before it carried a vote is for the action; after, against it.
		let (votes, adding) = if carried {
			(&mut proceeding.cancel_votes, !aye)
		} else {
			(&mut proceeding.ayes, aye)
		};
		// Votes of cities that left no longer count; dropping them keeps the
		// list within `MaxCities` however members come and go.
		votes.retain(|c| Self::is_member(*c));
		let position = votes.iter().position(|c| *c == voter);
		match (adding, position) {
			(true, None) => votes.try_push(voter).map_err(|_| Error::<T>::TooManyCities)?,
			(true, Some(_)) => return Err(Error::<T>::AlreadyVoted.into()),
			(false, Some(index)) => {
				votes.remove(index);
			}
			(false, None) => return Err(Error::<T>::NotVoted.into()),
		}
		Self::deposit_event(Event::ProceedingVoted { proceeding: id, voter, aye });
		if carried && Self::carries(&proceeding.cancel_votes) {
			Self::close(id, &proceeding);
			Self::deposit_event(Event::ProceedingCancelled { proceeding: id });
			return Ok(());
		}
		Self::carry_if_supported(id, &mut proceeding);
		Proceedings::<T>::insert(id, proceeding);
		Ok(())
	}

	pub(crate) fn do_respond(
		id: ProceedingId,
		who: &T::AccountId,
		document: T::Hash,
	) -> DispatchResult {
		let mut proceeding = Proceedings::<T>::get(id).ok_or(Error::<T>::UnknownProceeding)?;
		Self::ensure_admin_of(who, proceeding.city)?;
		proceeding.response = Some(document);
		Proceedings::<T>::insert(id, proceeding);
		Self::deposit_event(Event::ProceedingAnswered { proceeding: id, document });
		Ok(())
	}

	pub(crate) fn do_enact_proceeding(id: ProceedingId) -> DispatchResult {
		let proceeding = Proceedings::<T>::get(id).ok_or(Error::<T>::UnknownProceeding)?;
		let effective_at = proceeding.effective_at.ok_or(Error::<T>::ProceedingNotCarried)?;
		let now: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();
		ensure!(now >= effective_at, Error::<T>::NoticeNotElapsed);
		ensure!(!Self::expired(&proceeding, now), Error::<T>::ProceedingExpired);
		// Cities may have left since it carried: the support must still hold.
		ensure!(Self::carries(&proceeding.ayes), Error::<T>::InsufficientSupport);
		match &proceeding.action {
			CityAction::Suspend => Self::do_suspend(proceeding.city)?,
			CityAction::ReplaceAdmin { new_admin } => {
				// The federation's choice stands: a nominee the admin made
				// Auditor meanwhile gives that seat up, since the admin may
				// not be the Auditor.
				Self::leave_auditor_seat(proceeding.city, new_admin);
				Self::do_set_admin(proceeding.city, new_admin.clone())?
			}
		}
		Self::close(id, &proceeding);
		Self::deposit_event(Event::ProceedingEnacted { proceeding: id });
		Ok(())
	}

	pub(crate) fn do_withdraw_proceeding(id: ProceedingId, who: &T::AccountId) -> DispatchResult {
		let proceeding = Proceedings::<T>::get(id).ok_or(Error::<T>::UnknownProceeding)?;
		// A proceeding lapses when its action can no longer be taken (the
		// city left or is already suspended, the new admin serves another
		// city), when it carried but was not enacted within a notice period
		// of taking effect, or, before it carried, when its opener left. Then
		// anyone may close it, so that it does not hold the opener's one open
		// proceeding for ever. A carried one otherwise ends only by enactment
		// or by two thirds cancelling it.
		let now = frame_system::Pallet::<T>::block_number();
		let carried = proceeding.effective_at.is_some();
		let lapsed = Self::ensure_actionable(proceeding.city, &proceeding.action).is_err()
			|| Self::expired(&proceeding, now)
			|| (!carried && !Self::is_member(proceeding.opened_by));
		if !lapsed {
			ensure!(
				CityOfAdmin::<T>::get(who) == Some(proceeding.opened_by),
				Error::<T>::NotProceedingOpener
			);
			ensure!(proceeding.effective_at.is_none(), Error::<T>::ProceedingAlreadyCarried);
		}
		Self::close(id, &proceeding);
		Self::deposit_event(Event::ProceedingWithdrawn { proceeding: id });
		Ok(())
	}

	/// Whether a carried proceeding's window for enactment (one notice
	/// period from the block it took effect) has passed.
	fn expired(proceeding: &ProceedingOf<T>, now: BlockNumberFor<T>) -> bool {
		proceeding
			.effective_at
			.is_some_and(|at| now > at.saturating_add(Periods::<T>::get().notice))
	}

	fn close(id: ProceedingId, proceeding: &ProceedingOf<T>) {
		Proceedings::<T>::remove(id);
		ProceedingOpenedBy::<T>::remove(proceeding.opened_by);
	}
}
