//! Complaints against an award in the standstill, and their decisions.

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_file_complaint(
		complainant: T::AccountId,
		id: TenderId,
		grounds: DocumentHash,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		let award = match (&tender.status, &tender.award) {
			(TenderStatus::Awarded, Some(award)) => award,
			_ => return Err(Error::<T>::NotAwarded.into()),
		};
		ensure!(Self::now() <= award.standstill_end, Error::<T>::StandstillOver);
		ensure!(Bids::<T>::contains_key(id, &complainant), Error::<T>::NoBid);
		ensure!(award.supplier != complainant, Error::<T>::WinnerCannotComplain);
		ensure!(
			!Complaints::<T>::contains_key(id, &complainant),
			Error::<T>::ComplaintAlreadyFiled
		);
		let deposit = T::ComplaintDeposit::get();
		Self::hold(HoldReason::ComplaintDeposit, &complainant, deposit)?;
		Complaints::<T>::insert(
			id,
			&complainant,
			Complaint { grounds, deposit, filed_at: Self::now(), status: ComplaintStatus::Open },
		);
		tender.open_complaints = tender.open_complaints.saturating_add(1);
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::ComplaintFiled { tender: id, complainant, grounds, deposit });
		Ok(())
	}

	/// The open complaint of `complainant`, for a decision.
	fn open_complaint(
		id: TenderId,
		tender: &Tender<T>,
		complainant: &T::AccountId,
	) -> Result<Complaint<T>, DispatchError> {
		let complaint =
			Complaints::<T>::get(id, complainant).ok_or(Error::<T>::UnknownComplaint)?;
		ensure!(complaint.status == ComplaintStatus::Open, Error::<T>::ComplaintDecided);
		// Complaints are filed only while the tender is awarded, and keep it
		// there until decided.
		ensure!(tender.status == TenderStatus::Awarded, Error::<T>::NotAwarded);
		Ok(complaint)
	}

	pub(crate) fn do_uphold_complaint(
		id: TenderId,
		mut tender: Tender<T>,
		complainant: T::AccountId,
		remedy: Remedy,
		decided_by: Option<T::AccountId>,
	) -> DispatchResult {
		let mut complaint = Self::open_complaint(id, &tender, &complainant)?;
		Self::release(HoldReason::ComplaintDeposit, &complainant, complaint.deposit)?;
		complaint.status = ComplaintStatus::Upheld(remedy);
		Complaints::<T>::insert(id, &complainant, complaint);
		tender.open_complaints = tender.open_complaints.saturating_sub(1);
		Self::deposit_event(Event::ComplaintUpheld { tender: id, complainant, remedy, decided_by });
		match remedy {
			Remedy::RecomputeAward => {
				if let Some(award) = &tender.award {
					Bids::<T>::try_mutate(id, &award.supplier, |bid| -> DispatchResult {
						bid.as_mut().ok_or(Error::<T>::NoBid)?.disqualified = true;
						Ok(())
					})?;
				}
				let candidates = Self::candidates(id, &tender)?;
				Self::decide(id, &mut tender, candidates)?;
				if tender.status == TenderStatus::Unsuccessful {
					Self::moot_open_complaints(id, &mut tender)?;
				}
			}
			Remedy::CancelTender => {
				Self::moot_open_complaints(id, &mut tender)?;
				Self::escrow_refund(tender.city, tender.line, tender.estimated_value)?;
				let reason = CancellationReason::ComplaintUpheld;
				tender.status = TenderStatus::Cancelled(reason);
				Self::deposit_event(Event::TenderCancelled {
					tender: id,
					reason,
					refunded: tender.estimated_value,
				});
			}
		}
		Tenders::<T>::insert(id, tender);
		Ok(())
	}

	/// Returns the deposits of the complaints still open on a tender that
	/// ended: there is no award left to complain against.
	fn moot_open_complaints(id: TenderId, tender: &mut Tender<T>) -> DispatchResult {
		for (complainant, mut complaint) in Complaints::<T>::iter_prefix(id) {
			if complaint.status != ComplaintStatus::Open {
				continue;
			}
			Self::release(HoldReason::ComplaintDeposit, &complainant, complaint.deposit)?;
			complaint.status = ComplaintStatus::Moot;
			Complaints::<T>::insert(id, &complainant, complaint);
			Self::deposit_event(Event::ComplaintMoot { tender: id, complainant });
		}
		tender.open_complaints = 0;
		Ok(())
	}

	pub(crate) fn do_dismiss_complaint(
		id: TenderId,
		mut tender: Tender<T>,
		complainant: T::AccountId,
		decided_by: Option<T::AccountId>,
	) -> DispatchResult {
		let mut complaint = Self::open_complaint(id, &tender, &complainant)?;
		let treasury = Self::treasury_account(tender.city)?;
		let forfeited = Self::forfeit(
			HoldReason::ComplaintDeposit,
			&complainant,
			complaint.deposit,
			&treasury,
		)?;
		complaint.status = ComplaintStatus::Dismissed;
		Complaints::<T>::insert(id, &complainant, complaint);
		tender.open_complaints = tender.open_complaints.saturating_sub(1);
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::ComplaintDismissed {
			tender: id,
			complainant,
			forfeited,
			decided_by,
		});
		Ok(())
	}
}
