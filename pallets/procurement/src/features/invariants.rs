//! What must hold of the pallet's storage after every call; checked by the
//! tests and by `try_state`.

use crate::*;
use frame_support::{ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// Checks every tender against its bids, complaints and contract.
	pub fn check_invariants() -> Result<(), &'static str> {
		for (id, tender) in Tenders::<T>::iter() {
			let bids: alloc::vec::Vec<_> = Bids::<T>::iter_prefix_values(id).collect();
			ensure!(bids.len() as u32 == tender.bids, "bid count differs from the bids stored");
			ensure!(tender.bids <= T::MaxBids::get(), "more bids than MaxBids");
			let open = Complaints::<T>::iter_prefix_values(id)
				.filter(|c| c.status == ComplaintStatus::Open)
				.count() as u32;
			ensure!(open == tender.open_complaints, "open complaint count differs");
			let bonds_held = bids.iter().any(|b| b.bond_state == BondState::Held);
			match tender.status {
				TenderStatus::Open => {
					ensure!(tender.award.is_none(), "an open tender has an award");
					ensure!(
						bids.iter().all(|b| b.bond_state == BondState::Held),
						"bond settled early"
					);
				}
				TenderStatus::Cancelled(_) => {
					ensure!(!bonds_held, "a cancelled tender holds bonds")
				}
				_ => ensure!(!bonds_held, "a decided tender holds bonds"),
			}
			if open > 0 {
				ensure!(
					tender.status == TenderStatus::Awarded,
					"a complaint is open off the standstill"
				);
			}
			let contracted = matches!(
				tender.status,
				TenderStatus::Contracted | TenderStatus::Completed | TenderStatus::Terminated(_)
			);
			ensure!(contracted == Contracts::<T>::contains_key(id), "contract without its status");
			if let Some(contract) = Contracts::<T>::get(id) {
				let total = contract
					.milestones
					.iter()
					.fold(0, |total: Credits, m| total.saturating_add(m.terms.amount));
				ensure!(total == contract.price, "milestones do not sum to the price");
				ensure!(
					(tender.status == TenderStatus::Completed)
						== (contract.paid() == contract.price),
					"completion differs from full payment"
				);
				ensure!(
					contract.subcontracted() <= tender.subcontracting_cap,
					"subcontracted over the cap"
				);
				let awaiting_payment = contract
					.milestones
					.iter()
					.any(|m| matches!(m.status, MilestoneStatus::AwaitingPayment { .. }));
				ensure!(
					!awaiting_payment || tender.status == TenderStatus::Contracted,
					"a milestone awaits payment off a running contract"
				);
			}
		}
		Ok(())
	}
}
