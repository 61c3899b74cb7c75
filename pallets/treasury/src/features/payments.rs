//! Payments: a department officer proposes, Treasurers approve, large
//! payments wait out a time lock the Auditor may block, and proposals that do
//! not gather their approvals expire.

use crate::*;
use civitas_primitives::{
	CityOffices, CityRole, DocumentHash, MilestoneReference, OnEscrowRelease,
};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
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
		// A follow-up: it needs no history room.
		let mut line = Self::line(city, id)?;
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
		// A follow-up: it needs no history room.
		let mut line = Self::line(city, id)?;
		line.committed = line.committed.checked_sub(amount).ok_or(Error::<T>::ExceedsEscrow)?;
		if from_escrow {
			line.escrowed = line.escrowed.checked_sub(amount).ok_or(Error::<T>::ExceedsEscrow)?;
		}
		Self::write_line(city, id, line, change, amount);
		Ok(())
	}

	/// The line's escrow that no pending release claims.
	pub(crate) fn unclaimed_escrow(city: CityId, id: BudgetLineId) -> Result<Credits, Error<T>> {
		let line = Self::line(city, id)?;
		Ok(line.escrowed.saturating_sub(EscrowReleasing::<T>::get(city, id)))
	}

	/// Frees the escrow a decided release claimed.
	fn unclaim_escrow(city: CityId, id: BudgetLineId, amount: Credits) {
		EscrowReleasing::<T>::mutate_exists(city, id, |claimed| {
			*claimed = claimed.map(|c| c.saturating_sub(amount)).filter(|c| *c > 0);
		});
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
		Self::ensure_history_room(city, id, &line)?;
		ensure!(amount <= line.remaining(), Error::<T>::ExceedsAppropriation);
		line.committed = line.committed.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		if to_escrow {
			line.escrowed = line.escrowed.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		}
		Self::write_line(city, id, line, change, amount);
		Ok(())
	}

	/// How many of the proposal's approvals count: those of accounts that
	/// are Treasurers of the city now and are not its payee.
	fn live_approvals(city: CityId, proposal: &ProposalOf<T>) -> u32 {
		proposal
			.approvals
			.iter()
			.filter(|a| {
				**a != proposal.payee && T::Offices::holds_office(city, CityRole::Treasurer, a)
			})
			.count() as u32
	}

	/// Whether a payment of `amount` to `payee` from `line` waits the time
	/// lock: above the limit by itself, or with the payee's other payments
	/// from the line's department in the split-payment window. Returns the
	/// window to store with the decision.
	pub(crate) fn time_lock_decision(
		city: CityId,
		line: BudgetLineId,
		payee: &T::AccountId,
		amount: Credits,
		limit: Credits,
	) -> Result<(bool, PaymentWindow<BlockNumberFor<T>>), Error<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		let window = match PaymentWindows::<T>::get((city, line.department, payee)) {
			Some(w) if now < w.opened_at.saturating_add(T::SplitPaymentWindow::get()) => {
				PaymentWindow {
					opened_at: w.opened_at,
					proposed: w.proposed.checked_add(amount).ok_or(Error::<T>::Overflow)?,
				}
			}
			_ => PaymentWindow { opened_at: now, proposed: amount },
		};
		Ok((amount > limit || window.proposed > limit, window))
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
		ensure!(officer != payee, Error::<T>::ProposerCannotBePayee);
		ensure!(
			matches!(Holders::<T>::get(city, &payee), Some(Holder::Payee(_))),
			Error::<T>::NotAPayee
		);
		ensure!(
			!Invoices::<T>::contains_key((city, &payee, invoice)),
			Error::<T>::InvoiceAlreadyUsed
		);
		let pending = PendingPayments::<T>::get(city);
		ensure!(pending < T::MaxPendingPayments::get(), Error::<T>::TooManyPendingPayments);
		let proposal = NextProposalId::<T>::get(city);
		let next = proposal.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let expires_at =
			frame_system::Pallet::<T>::block_number().saturating_add(settings.proposal_lifetime);
		let (time_locked, window) =
			Self::time_lock_decision(city, line, &payee, amount, settings.time_lock_above)?;

		Self::commit(city, line, amount, false, LineChange::PaymentProposed { proposal })?;
		NextProposalId::<T>::insert(city, next);
		PendingPayments::<T>::insert(city, pending.saturating_add(1));
		Invoices::<T>::insert((city, &payee, invoice), proposal);
		PaymentWindows::<T>::insert((city, line.department, &payee), window);
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
				time_locked,
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
			time_locked,
			escrow: None,
		});
		Ok(())
	}

	/// Proposes paying `amount` out of the line's escrow to `payee`, for
	/// `reference`: a release the escrow user asked for that waits the time
	/// lock. Nothing new is committed: the amount is in escrow already.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn propose_escrow_release(
		city: CityId,
		line: BudgetLineId,
		payee: &T::AccountId,
		amount: Credits,
		officer: &T::AccountId,
		reference: MilestoneReference,
		evidence: DocumentHash,
		window: PaymentWindow<BlockNumberFor<T>>,
	) -> Result<ProposalId, Error<T>> {
		let settings = Self::ledger(city)?;
		let claimed = EscrowReleasing::<T>::get(city, line)
			.checked_add(amount)
			.ok_or(Error::<T>::Overflow)?;
		ensure!(claimed <= Self::line(city, line)?.escrowed, Error::<T>::ExceedsEscrow);
		ensure!(
			matches!(Holders::<T>::get(city, payee), Some(h) if h != Holder::Treasury),
			Error::<T>::NotWhitelisted
		);
		let pending = PendingPayments::<T>::get(city);
		ensure!(pending < T::MaxPendingPayments::get(), Error::<T>::TooManyPendingPayments);
		let proposal = NextProposalId::<T>::get(city);
		let next = proposal.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let expires_at =
			frame_system::Pallet::<T>::block_number().saturating_add(settings.proposal_lifetime);
		let purpose: NoteOf<T> = BoundedVec::truncate_from(
			alloc::format!("milestone {} of tender {}", reference.milestone, reference.tender)
				.into_bytes(),
		);

		NextProposalId::<T>::insert(city, next);
		PendingPayments::<T>::insert(city, pending.saturating_add(1));
		PaymentWindows::<T>::insert((city, line.department, payee), window);
		EscrowReleases::<T>::insert(city, proposal, reference);
		EscrowReleasing::<T>::insert(city, line, claimed);
		Proposals::<T>::insert(
			city,
			proposal,
			PaymentProposal {
				line,
				payee: payee.clone(),
				amount,
				purpose: purpose.clone(),
				invoice: evidence,
				proposer: officer.clone(),
				approvals: BoundedVec::new(),
				threshold: settings.approval_threshold,
				time_locked: true,
				expires_at,
				unlocks_at: None,
			},
		);
		Self::deposit_event(Event::PaymentProposed {
			city,
			proposal,
			line,
			payee: payee.clone(),
			amount,
			purpose,
			invoice: evidence,
			proposer: officer.clone(),
			expires_at,
			time_locked: true,
			escrow: Some(reference),
		});
		Ok(proposal)
	}

	pub(crate) fn do_approve_payment(
		treasurer: T::AccountId,
		city: CityId,
		id: ProposalId,
	) -> DispatchResult {
		let settings = Self::ledger(city)?;
		let mut proposal = Self::proposal(city, id)?;
		let live = Self::live_approvals(city, &proposal);
		ensure!(
			proposal.unlocks_at.is_none() || live < proposal.threshold,
			Error::<T>::FullyApproved
		);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < proposal.expires_at, Error::<T>::ProposalExpired);
		ensure!(proposal.proposer != treasurer, Error::<T>::ProposerCannotApprove);
		ensure!(proposal.payee != treasurer, Error::<T>::PayeeCannotApprove);
		// Approvals of accounts no longer Treasurers are dropped: they do not
		// count, and they would take the room of those that do.
		let payee = proposal.payee.clone();
		proposal
			.approvals
			.retain(|a| *a != payee && T::Offices::holds_office(city, CityRole::Treasurer, a));
		ensure!(!proposal.approvals.contains(&treasurer), Error::<T>::AlreadyApproved);
		// The threshold is at most `MaxApprovals`, so a full list is approved.
		proposal.approvals.try_push(treasurer.clone()).map_err(|_| Error::<T>::FullyApproved)?;
		let approvals = proposal.approvals.len() as u32;
		// Every call runs in its own storage layer: if the payment below
		// fails, this event goes with the rest of the call's changes.
		Self::deposit_event(Event::PaymentApproved { city, proposal: id, treasurer, approvals });

		if approvals < proposal.threshold {
			proposal.unlocks_at = None;
			Proposals::<T>::insert(city, id, proposal);
		} else if proposal.time_locked {
			// Approvals that lapsed and were given again start the time lock
			// again: the Auditor gets its full time on the new approvals.
			let unlocks_at = now.saturating_add(settings.time_lock);
			proposal.unlocks_at = Some(unlocks_at);
			Proposals::<T>::insert(city, id, proposal);
			Self::deposit_event(Event::PaymentTimeLocked { city, proposal: id, unlocks_at });
		} else {
			Self::execute(city, id, proposal)?;
		}
		Ok(())
	}

	pub(crate) fn do_withdraw_approval(
		treasurer: T::AccountId,
		city: CityId,
		id: ProposalId,
	) -> DispatchResult {
		let mut proposal = Self::proposal(city, id)?;
		let index = proposal
			.approvals
			.iter()
			.position(|a| *a == treasurer)
			.ok_or(Error::<T>::NotAnApprover)?;
		proposal.approvals.remove(index);
		let approvals = Self::live_approvals(city, &proposal);
		if approvals < proposal.threshold {
			proposal.unlocks_at = None;
		}
		Proposals::<T>::insert(city, id, proposal);
		Self::deposit_event(Event::PaymentApprovalWithdrawn {
			city,
			proposal: id,
			treasurer,
			approvals,
		});
		Ok(())
	}

	pub(crate) fn do_withdraw_proposal(
		officer: T::AccountId,
		city: CityId,
		id: ProposalId,
	) -> DispatchResult {
		let proposal = Self::proposal(city, id)?;
		ensure!(proposal.proposer == officer, Error::<T>::NotTheProposer);
		// A dismissed officer no longer speaks for the city: it could
		// otherwise withdraw an approved payment just before it is executed.
		let in_office = if EscrowReleases::<T>::contains_key(city, id) {
			T::Offices::holds_office(city, CityRole::ProcurementOfficer, &officer)
		} else {
			Departments::<T>::get(city, proposal.line.department)
				.is_some_and(|d| d.officers.contains(&officer))
		};
		ensure!(in_office, Error::<T>::ProposerLeftOffice);
		let event = Event::PaymentWithdrawn {
			city,
			proposal: id,
			line: proposal.line,
			amount: proposal.amount,
			proposer: officer,
		};
		Self::release_proposal(city, id, &proposal, event)
	}

	/// Gives a blocked, expired or withdrawn proposal's commitment back to
	/// its line, frees its invoice, forgets it and deposits `event`. A
	/// release out of escrow leaves its amount in escrow, and the escrow
	/// user learns that it was declined.
	fn release_proposal(
		city: CityId,
		id: ProposalId,
		proposal: &ProposalOf<T>,
		event: Event<T>,
	) -> DispatchResult {
		let escrow = EscrowReleases::<T>::take(city, id);
		if escrow.is_some() {
			Self::unclaim_escrow(city, proposal.line, proposal.amount);
		} else {
			let change = LineChange::PaymentReleased { proposal: id };
			Self::release_commitment(city, proposal.line, proposal.amount, false, change)?;
		}
		// Only this proposal's own hold on the invoice is freed.
		Invoices::<T>::mutate_exists((city, &proposal.payee, proposal.invoice), |held| {
			if *held == Some(id) {
				*held = None;
			}
		});
		Self::forget(city, id);
		Self::deposit_event(event);
		if let Some(reference) = escrow {
			T::OnEscrowRelease::declined(city, reference, id);
		}
		Ok(())
	}

	/// Pays a fully approved proposal and forgets it; its invoice stays
	/// paid.
	fn execute(city: CityId, id: ProposalId, proposal: ProposalOf<T>) -> DispatchResult {
		let escrow = EscrowReleases::<T>::take(city, id);
		let change = LineChange::PaymentExecuted { proposal: id };
		let (line, payee, amount) = (proposal.line, &proposal.payee, proposal.amount);
		Self::pay_committed(city, line, payee, amount, escrow.is_some(), change)?;
		if escrow.is_some() {
			Self::unclaim_escrow(city, line, amount);
		}
		Self::forget(city, id);
		Self::deposit_event(Event::PaymentExecuted {
			city,
			proposal: id,
			line: proposal.line,
			payee: proposal.payee,
			amount: proposal.amount,
		});
		if let Some(reference) = escrow {
			T::OnEscrowRelease::released(city, reference, id);
		}
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
		ensure!(
			Self::live_approvals(city, &proposal) >= proposal.threshold,
			Error::<T>::ApprovalsLapsed
		);
		Self::execute(city, id, proposal)
	}

	pub(crate) fn do_block_payment(
		auditor: T::AccountId,
		city: CityId,
		id: ProposalId,
		reason: NoteOf<T>,
	) -> DispatchResult {
		Self::ensure_reason(&reason)?;
		let proposal = Self::proposal(city, id)?;
		ensure!(proposal.time_locked, Error::<T>::NotTimeLocked);
		let event = Event::PaymentBlocked {
			city,
			proposal: id,
			line: proposal.line,
			amount: proposal.amount,
			auditor,
			reason,
		};
		Self::release_proposal(city, id, &proposal, event)
	}

	pub(crate) fn do_close_expired(city: CityId, id: ProposalId) -> DispatchResult {
		let proposal = Self::proposal(city, id)?;
		let live = Self::live_approvals(city, &proposal);
		let approved = proposal.unlocks_at.is_some() && live >= proposal.threshold;
		ensure!(
			!approved && frame_system::Pallet::<T>::block_number() >= proposal.expires_at,
			Error::<T>::NotExpired
		);
		let event = Event::PaymentExpired {
			city,
			proposal: id,
			line: proposal.line,
			amount: proposal.amount,
		};
		Self::release_proposal(city, id, &proposal, event)
	}
}
