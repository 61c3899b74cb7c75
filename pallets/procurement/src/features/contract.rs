//! The contract: signature, subcontractors, deliveries, payments and
//! termination.

use crate::*;
use civitas_primitives::{
	BudgetEscrow, CityLedger, CityOffices, CityRole, EscrowRelease, MilestoneReference,
	OnEscrowRelease,
};
use frame_support::{pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Percent;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_sign_contract(
		id: TenderId,
		mut tender: Tender<T>,
		terms: MilestoneTermsOf<T>,
	) -> DispatchResult {
		let award = match (&tender.status, &tender.award) {
			(TenderStatus::Awarded, Some(award)) => award.clone(),
			_ => return Err(Error::<T>::NotAwarded.into()),
		};
		ensure!(Self::now() > award.standstill_end, Error::<T>::StandstillRunning);
		ensure!(tender.open_complaints == 0, Error::<T>::ComplaintsPending);
		ensure!(!terms.is_empty(), Error::<T>::NoMilestones);
		let mut total: Credits = 0;
		for m in terms.iter() {
			ensure!(m.amount > 0, Error::<T>::ZeroMilestone);
			total = total.checked_add(m.amount).ok_or(Error::<T>::Overflow)?;
		}
		ensure!(total == award.price, Error::<T>::MilestonesDoNotSumToPrice);

		let refunded = tender.estimated_value.saturating_sub(award.price);
		Self::escrow_refund(tender.city, tender.line, refunded)?;
		Self::escrow_admit(tender.city, &award.supplier)?;
		let milestones = BoundedVec::truncate_from(
			terms
				.iter()
				.map(|t| Milestone { terms: *t, status: MilestoneStatus::Pending })
				.collect(),
		);
		Contracts::<T>::insert(
			id,
			Contract {
				supplier: award.supplier.clone(),
				price: award.price,
				signed_at: Self::now(),
				milestones,
				subcontracts: BoundedVec::new(),
			},
		);
		tender.status = TenderStatus::Contracted;
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::ContractSigned {
			tender: id,
			supplier: award.supplier,
			price: award.price,
			milestones: terms.len() as u32,
			refunded,
		});
		Ok(())
	}

	/// The tender's running contract.
	fn running_contract(id: TenderId, tender: &Tender<T>) -> Result<Contract<T>, DispatchError> {
		ensure!(tender.status == TenderStatus::Contracted, Error::<T>::NotContracted);
		Contracts::<T>::get(id).ok_or_else(|| Error::<T>::NotContracted.into())
	}

	pub(crate) fn do_declare_subcontractor(
		supplier: T::AccountId,
		id: TenderId,
		subcontractor: T::AccountId,
		share: Percent,
	) -> DispatchResult {
		let tender = Self::tender(id)?;
		let mut contract = Self::running_contract(id, &tender)?;
		ensure!(contract.supplier == supplier, Error::<T>::NotTheSupplier);
		ensure!(subcontractor != supplier, Error::<T>::SubcontractorIsSupplier);
		// The shares a pending payment will pass on are those its approvers
		// saw.
		ensure!(!contract.payment_pending(), Error::<T>::MilestonePaymentPending);
		ensure!(
			!T::Offices::holds_office(tender.city, CityRole::Treasurer, &subcontractor)
				&& !T::Offices::holds_office(tender.city, CityRole::Auditor, &subcontractor),
			Error::<T>::SubcontractorIsOfficial
		);
		Self::ensure_active_supplier(tender.city, &subcontractor)?;
		// On the city's ledger, so that the supplier can pay it there.
		Self::escrow_admit(tender.city, &subcontractor)?;
		ensure!(
			!contract.subcontracts.iter().any(|s| s.subcontractor == subcontractor),
			Error::<T>::SubcontractorAlreadyDeclared
		);
		ensure!(!share.is_zero(), Error::<T>::ZeroShare);
		let total =
			u16::from(contract.subcontracted().deconstruct()) + u16::from(share.deconstruct());
		ensure!(
			total <= u16::from(tender.subcontracting_cap.deconstruct()),
			Error::<T>::OverSubcontractingCap
		);
		contract
			.subcontracts
			.try_push(Subcontract { subcontractor: subcontractor.clone(), share })
			.map_err(|_| Error::<T>::TooManySubcontractors)?;
		let total = contract.subcontracted();
		Contracts::<T>::insert(id, contract);
		Self::deposit_event(Event::SubcontractorDeclared {
			tender: id,
			subcontractor,
			share,
			total,
		});
		Ok(())
	}

	pub(crate) fn do_submit_delivery(
		supplier: T::AccountId,
		id: TenderId,
		index: u32,
		evidence: DocumentHash,
	) -> DispatchResult {
		let tender = Self::tender(id)?;
		let mut contract = Self::running_contract(id, &tender)?;
		ensure!(contract.supplier == supplier, Error::<T>::NotTheSupplier);
		let milestone =
			contract.milestones.get_mut(index as usize).ok_or(Error::<T>::UnknownMilestone)?;
		match milestone.status {
			MilestoneStatus::Pending | MilestoneStatus::Rejected { .. } => {}
			MilestoneStatus::Delivered { .. } => {
				return Err(Error::<T>::MilestoneAwaitingDecision.into())
			}
			MilestoneStatus::AwaitingPayment { .. } => {
				return Err(Error::<T>::MilestoneAwaitingPayment.into())
			}
			MilestoneStatus::Paid { .. } | MilestoneStatus::Cancelled => {
				return Err(Error::<T>::MilestoneAlreadyPaid.into())
			}
		}
		milestone.status = MilestoneStatus::Delivered { evidence, at: Self::now() };
		Contracts::<T>::insert(id, contract);
		Self::deposit_event(Event::MilestoneDelivered { tender: id, milestone: index, evidence });
		Ok(())
	}

	/// The evidence of a delivered milestone awaiting a decision.
	fn delivered(milestone: &Milestone<BlockNumberFor<T>>) -> Result<DocumentHash, DispatchError> {
		match milestone.status {
			MilestoneStatus::Delivered { evidence, .. } => Ok(evidence),
			MilestoneStatus::Paid { .. } => Err(Error::<T>::MilestoneAlreadyPaid.into()),
			MilestoneStatus::AwaitingPayment { .. } => {
				Err(Error::<T>::MilestoneAwaitingPayment.into())
			}
			_ => Err(Error::<T>::MilestoneNotDelivered.into()),
		}
	}

	pub(crate) fn do_accept_milestone(
		officer: T::AccountId,
		id: TenderId,
		tender: Tender<T>,
		index: u32,
	) -> DispatchResult {
		let mut contract = Self::running_contract(id, &tender)?;
		let supplier = contract.supplier.clone();
		ensure!(officer != supplier, Error::<T>::OfficerIsSupplier);
		let milestone =
			contract.milestones.get_mut(index as usize).ok_or(Error::<T>::UnknownMilestone)?;
		let evidence = Self::delivered(milestone)?;
		let amount = milestone.terms.amount;
		let reference = MilestoneReference { tender: id, milestone: index };
		let release = Self::escrow_release(
			tender.city,
			tender.line,
			&supplier,
			amount,
			&officer,
			reference,
			evidence,
		)?;
		match release {
			EscrowRelease::Paid => {
				milestone.status = MilestoneStatus::Paid { evidence, at: Self::now() };
				Self::milestone_paid(id, tender, contract, index, true)?;
			}
			EscrowRelease::Proposed(proposal) => {
				milestone.status =
					MilestoneStatus::AwaitingPayment { evidence, proposal, at: Self::now() };
				Contracts::<T>::insert(id, contract);
				Self::deposit_event(Event::MilestonePaymentProposed {
					tender: id,
					milestone: index,
					proposal,
					amount,
				});
			}
		}
		Ok(())
	}

	/// Stores the contract whose milestone `index` was just paid to the
	/// supplier, passes each subcontractor's share on, and completes the
	/// contract if that was the last milestone. `strict`: a share that
	/// cannot be passed on fails the call; otherwise (the treasury paid, and
	/// its decision stands) it stays with the supplier and is reported.
	fn milestone_paid(
		id: TenderId,
		mut tender: Tender<T>,
		contract: Contract<T>,
		index: u32,
		strict: bool,
	) -> DispatchResult {
		let amount = contract.milestones.get(index as usize).map_or(0, |m| m.terms.amount);
		let supplier = contract.supplier.clone();
		Self::deposit_event(Event::MilestonePaid {
			tender: id,
			milestone: index,
			supplier: supplier.clone(),
			amount,
		});
		for s in contract.subcontracts.iter() {
			let share = s.share.mul_floor(amount);
			if share == 0 {
				continue;
			}
			let (subcontractor, milestone) = (s.subcontractor.clone(), index);
			// Back on the ledger if the city took it off: the contract the
			// city signed pays it.
			let moved = T::Escrow::admit_contractor(tender.city, &s.subcontractor).and_then(|()| {
				T::Ledger::transfer(tender.city, &supplier, &s.subcontractor, share)
			});
			match moved {
				Ok(()) => Self::deposit_event(Event::SubcontractorPaid {
					tender: id,
					milestone,
					subcontractor,
					amount: share,
				}),
				Err(e) if strict => return Err(Error::<T>::from(e).into()),
				Err(_) => Self::deposit_event(Event::SubcontractorUnpaid {
					tender: id,
					milestone,
					subcontractor,
					amount: share,
				}),
			}
		}
		let completed = contract.paid() == contract.price;
		Contracts::<T>::insert(id, contract);
		if completed {
			tender.status = TenderStatus::Completed;
			Tenders::<T>::insert(id, tender);
			Self::deposit_event(Event::ContractCompleted { tender: id });
		}
		Ok(())
	}

	/// The milestone of a running contract that awaits the treasury's
	/// payment `proposal`, with the contract and its tender.
	fn awaiting_payment(
		reference: MilestoneReference,
		proposal: PaymentProposalId,
	) -> Option<(Tender<T>, Contract<T>, DocumentHash)> {
		let tender = Tenders::<T>::get(reference.tender)?;
		let contract = Self::running_contract(reference.tender, &tender).ok()?;
		match contract.milestones.get(reference.milestone as usize)?.status {
			MilestoneStatus::AwaitingPayment { evidence, proposal: p, .. } if p == proposal => {
				Some((tender, contract, evidence))
			}
			_ => None,
		}
	}

	pub(crate) fn do_reject_milestone(
		id: TenderId,
		tender: Tender<T>,
		index: u32,
		reasons: DocumentHash,
	) -> DispatchResult {
		let mut contract = Self::running_contract(id, &tender)?;
		let milestone =
			contract.milestones.get_mut(index as usize).ok_or(Error::<T>::UnknownMilestone)?;
		Self::delivered(milestone)?;
		milestone.status = MilestoneStatus::Rejected { reasons, at: Self::now() };
		Contracts::<T>::insert(id, contract);
		Self::deposit_event(Event::MilestoneRejected { tender: id, milestone: index, reasons });
		Ok(())
	}

	pub(crate) fn do_terminate_contract(
		id: TenderId,
		mut tender: Tender<T>,
		reason: TerminationReason,
	) -> DispatchResult {
		let mut contract = Self::running_contract(id, &tender)?;
		ensure!(!contract.payment_pending(), Error::<T>::MilestonePaymentPending);
		let refunded = contract.price.saturating_sub(contract.paid());
		Self::escrow_refund(tender.city, tender.line, refunded)?;
		for milestone in contract.milestones.iter_mut() {
			if !matches!(milestone.status, MilestoneStatus::Paid { .. }) {
				milestone.status = MilestoneStatus::Cancelled;
			}
		}
		Contracts::<T>::insert(id, contract);
		tender.status = TenderStatus::Terminated(reason);
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::ContractTerminated { tender: id, reason, refunded });
		Ok(())
	}
}

impl<T: Config> OnEscrowRelease for Pallet<T> {
	fn released(city: CityId, reference: MilestoneReference, proposal: PaymentProposalId) {
		let Some((tender, mut contract, evidence)) = Self::awaiting_payment(reference, proposal)
		else {
			return;
		};
		if tender.city != city {
			return;
		}
		if let Some(m) = contract.milestones.get_mut(reference.milestone as usize) {
			m.status = MilestoneStatus::Paid { evidence, at: Self::now() };
		}
		// Not strict: it cannot fail.
		let _ =
			Self::milestone_paid(reference.tender, tender, contract, reference.milestone, false);
	}

	fn declined(city: CityId, reference: MilestoneReference, proposal: PaymentProposalId) {
		let Some((tender, mut contract, evidence)) = Self::awaiting_payment(reference, proposal)
		else {
			return;
		};
		if tender.city != city {
			return;
		}
		if let Some(m) = contract.milestones.get_mut(reference.milestone as usize) {
			m.status = MilestoneStatus::Delivered { evidence, at: Self::now() };
		}
		Contracts::<T>::insert(reference.tender, contract);
		Self::deposit_event(Event::MilestonePaymentDeclined {
			tender: reference.tender,
			milestone: reference.milestone,
			proposal,
		});
	}

	fn weight() -> Weight {
		// Either reads the tender and the contract and writes them back, and
		// passes the subcontractors' shares on, as accepting a milestone
		// does (which also pays it).
		T::WeightInfo::accept_milestone()
	}
}
