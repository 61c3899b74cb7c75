//! Payments: a department officer proposes, Treasurers approve, large
//! payments wait out a time lock the Auditor may block, and proposals that do
//! not gather their approvals expire.

use crate::*;
use civitas_primitives::{CityOffices, DocumentHash};
use frame_support::pallet_prelude::*;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	fn proposal(city: CityId, id: ProposalId) -> Result<ProposalOf<T>, Error<T>> {
		Proposals::<T>::get(city, id).ok_or(Error::<T>::UnknownProposal)
	}

	/// Removes a pending proposal from storage.
	fn forget(city: CityId, id: ProposalId) {
		Proposals::<T>::remove(city, id);
		PendingPayments::<T>::mutate(city, |n| *n = n.saturating_sub(1));
	}

	/// Pays `amount` committed on the line from the city treasury to `payee`:
	/// it moves from committed (and, for escrow, escrowed) to spent. Checks
	/// everything before it writes.
	pub(crate) fn pay_committed(
		city: CityId,
		id: BudgetLineId,
		payee: &T::AccountId,
		amount: Credits,
		from_escrow: bool,
		change: LineChange<NoteOf<T>>,
	) -> Result<(), Error<T>> {
		ensure!(
			matches!(Holders::<T>::get(city, payee), Some(h) if h != Holder::Treasury),
			Error::<T>::NotWhitelisted
		);
		let mut line = Self::line(city, id)?;
		Self::ensure_history_room(&line)?;
		line.committed = line.committed.checked_sub(amount).ok_or(Error::<T>::ExceedsEscrow)?;
		if from_escrow {
			line.escrowed = line.escrowed.checked_sub(amount).ok_or(Error::<T>::ExceedsEscrow)?;
		}
		line.spent = line.spent.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		let treasury = Self::treasury(city)?;
		Self::move_credits(city, &treasury, payee, amount)?;
		Self::write_line(city, id, line, change, amount);
		Ok(())
	}

	/// Gives `amount` committed on the line back to its remaining
	/// appropriation.
	pub(crate) fn release_commitment(
		city: CityId,
		id: BudgetLineId,
		amount: Credits,
		from_escrow: bool,
		change: LineChange<NoteOf<T>>,
	) -> Result<(), Error<T>> {
		let mut line = Self::line(city, id)?;
		Self::ensure_history_room(&line)?;
		line.committed = line.committed.checked_sub(amount).ok_or(Error::<T>::ExceedsEscrow)?;
		if from_escrow {
			line.escrowed = line.escrowed.checked_sub(amount).ok_or(Error::<T>::ExceedsEscrow)?;
		}
		Self::write_line(city, id, line, change, amount);
		Ok(())
	}

	/// Commits `amount` of the line's remaining appropriation.
	pub(crate) fn commit(
		city: CityId,
		id: BudgetLineId,
		amount: Credits,
		to_escrow: bool,
		change: LineChange<NoteOf<T>>,
	) -> Result<(), Error<T>> {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut line = Self::line(city, id)?;
		Self::ensure_history_room(&line)?;
		ensure!(amount <= line.remaining(), Error::<T>::ExceedsAppropriation);
		line.committed = line.committed.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		if to_escrow {
			line.escrowed = line.escrowed.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		}
		Self::write_line(city, id, line, change, amount);
		Ok(())
	}

	pub(crate) fn do_propose_payment(
		officer: T::AccountId,
		city: CityId,
		line: BudgetLineId,
		payee: T::AccountId,
		amount: Credits,
		purpose: NoteOf<T>,
		invoice: DocumentHash,
	) -> DispatchResult {
		T::Offices::ensure_active(city)
			.map_err(|e| e.into_error(Error::<T>::NotDepartmentOfficer))?;
		let settings = Self::ledger(city)?;
		let department =
			Departments::<T>::get(city, line.department).ok_or(Error::<T>::UnknownDepartment)?;
		ensure!(department.officers.contains(&officer), Error::<T>::NotDepartmentOfficer);
		ensure!(
			matches!(Holders::<T>::get(city, &payee), Some(Holder::Payee(_))),
			Error::<T>::NotAPayee
		);
		let pending = PendingPayments::<T>::get(city);
		ensure!(pending < T::MaxPendingPayments::get(), Error::<T>::TooManyPendingPayments);
		let proposal = NextProposalId::<T>::get(city);
		let next = proposal.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let expires_at =
			frame_system::Pallet::<T>::block_number().saturating_add(settings.proposal_lifetime);

		Self::commit(city, line, amount, false, LineChange::PaymentProposed { proposal })?;
		NextProposalId::<T>::insert(city, next);
		PendingPayments::<T>::insert(city, pending.saturating_add(1));
		Proposals::<T>::insert(
			city,
			proposal,
			PaymentProposal {
				line,
				payee: payee.clone(),
				amount,
				purpose: purpose.clone(),
				invoice,
				proposer: officer.clone(),
				approvals: BoundedVec::new(),
				threshold: settings.approval_threshold,
				time_locked: amount > settings.time_lock_above,
				expires_at,
				unlocks_at: None,
			},
		);
		Self::deposit_event(Event::PaymentProposed {
			city,
			proposal,
			line,
			payee,
			amount,
			purpose,
			invoice,
			proposer: officer,
			expires_at,
		});
		Ok(())
	}

	pub(crate) fn do_approve_payment(
		treasurer: T::AccountId,
		city: CityId,
		id: ProposalId,
	) -> DispatchResult {
		let settings = Self::ledger(city)?;
		let mut proposal = Self::proposal(city, id)?;
		ensure!(proposal.unlocks_at.is_none(), Error::<T>::FullyApproved);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < proposal.expires_at, Error::<T>::ProposalExpired);
		ensure!(proposal.proposer != treasurer, Error::<T>::ProposerCannotApprove);
		ensure!(!proposal.approvals.contains(&treasurer), Error::<T>::AlreadyApproved);
		// The threshold is at most `MaxApprovals`, so a full list is approved.
		proposal.approvals.try_push(treasurer.clone()).map_err(|_| Error::<T>::FullyApproved)?;
		let approvals = proposal.approvals.len() as u32;
		// Every call runs in its own storage layer: if the payment below
		// fails, this event goes with the rest of the call's changes.
		Self::deposit_event(Event::PaymentApproved { city, proposal: id, treasurer, approvals });

		if approvals < proposal.threshold {
			Proposals::<T>::insert(city, id, proposal);
		} else if proposal.time_locked {
			let unlocks_at = now.saturating_add(settings.time_lock);
			proposal.unlocks_at = Some(unlocks_at);
			Proposals::<T>::insert(city, id, proposal);
			Self::deposit_event(Event::PaymentTimeLocked { city, proposal: id, unlocks_at });
		} else {
			Self::execute(city, id, proposal)?;
		}
		Ok(())
	}

	/// Pays a fully approved proposal and forgets it.
	fn execute(city: CityId, id: ProposalId, proposal: ProposalOf<T>) -> DispatchResult {
		let change = LineChange::PaymentExecuted { proposal: id };
		Self::pay_committed(city, proposal.line, &proposal.payee, proposal.amount, false, change)?;
		Self::forget(city, id);
		Self::deposit_event(Event::PaymentExecuted {
			city,
			proposal: id,
			line: proposal.line,
			payee: proposal.payee,
			amount: proposal.amount,
		});
		Ok(())
	}

	pub(crate) fn do_execute_payment(city: CityId, id: ProposalId) -> DispatchResult {
		T::Offices::ensure_active(city).map_err(|e| e.into_error(Error::<T>::NotTreasurer))?;
		let proposal = Self::proposal(city, id)?;
		let unlocks_at = proposal.unlocks_at.ok_or(Error::<T>::AwaitingApprovals)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() >= unlocks_at,
			Error::<T>::TimeLockRunning
		);
		Self::execute(city, id, proposal)
	}

	pub(crate) fn do_block_payment(
		auditor: T::AccountId,
		city: CityId,
		id: ProposalId,
		reason: NoteOf<T>,
	) -> DispatchResult {
		let proposal = Self::proposal(city, id)?;
		ensure!(proposal.time_locked, Error::<T>::NotTimeLocked);
		let change = LineChange::PaymentReleased { proposal: id };
		Self::release_commitment(city, proposal.line, proposal.amount, false, change)?;
		Self::forget(city, id);
		Self::deposit_event(Event::PaymentBlocked {
			city,
			proposal: id,
			line: proposal.line,
			amount: proposal.amount,
			auditor,
			reason,
		});
		Ok(())
	}

	pub(crate) fn do_close_expired(city: CityId, id: ProposalId) -> DispatchResult {
		let proposal = Self::proposal(city, id)?;
		ensure!(
			proposal.unlocks_at.is_none()
				&& frame_system::Pallet::<T>::block_number() >= proposal.expires_at,
			Error::<T>::NotExpired
		);
		let change = LineChange::PaymentReleased { proposal: id };
		Self::release_commitment(city, proposal.line, proposal.amount, false, change)?;
		Self::forget(city, id);
		Self::deposit_event(Event::PaymentExpired {
			city,
			proposal: id,
			line: proposal.line,
			amount: proposal.amount,
		});
		Ok(())
	}
}
