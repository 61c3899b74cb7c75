//! The contract: signature, subcontractors, deliveries, payments and
//! termination.

use crate::*;
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
		Self::ensure_active_supplier(tender.city, &subcontractor)?;
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
			_ => Err(Error::<T>::MilestoneNotDelivered.into()),
		}
	}

	pub(crate) fn do_accept_milestone(
		id: TenderId,
		mut tender: Tender<T>,
		index: u32,
	) -> DispatchResult {
		let mut contract = Self::running_contract(id, &tender)?;
		let supplier = contract.supplier.clone();
		let milestone =
			contract.milestones.get_mut(index as usize).ok_or(Error::<T>::UnknownMilestone)?;
		let evidence = Self::delivered(milestone)?;
		let amount = milestone.terms.amount;
		milestone.status = MilestoneStatus::Paid { evidence, at: Self::now() };
		Self::escrow_release(tender.city, tender.line, &supplier, amount)?;
		let completed = contract.paid() == contract.price;
		Contracts::<T>::insert(id, contract);
		Self::deposit_event(Event::MilestonePaid {
			tender: id,
			milestone: index,
			supplier,
			amount,
		});
		if completed {
			tender.status = TenderStatus::Completed;
			Tenders::<T>::insert(id, tender);
			Self::deposit_event(Event::ContractCompleted { tender: id });
		}
		Ok(())
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
