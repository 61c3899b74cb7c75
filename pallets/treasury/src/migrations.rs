//! Storage migrations of pallet-city-treasury.
//!
//! Each is wrapped in [`frame_support::migrations::VersionedMigration`]: it
//! runs only on the storage version it migrates from, and is a one-read no-op
//! afterwards.

use crate::*;

/// Version 2: invoices are paid once. Records the invoice of every pending
/// proposal in [`Invoices`], so that a proposal made after the upgrade
/// cannot pay an invoice that one made before it is already paying.
///
/// Version 1 did not check invoices, so two pending proposals may carry one
/// payee's invoice: the first (lowest id) keeps it, and the other cannot be
/// withdrawn, blocked or expired into freeing it.
///
/// It reads and writes every pending proposal once, in one block: at most
/// `MaxPendingPayments` (512) per city, so 51,200 on a federation of 100
/// cities each with a full queue; the federations this runtime runs have a
/// few.
pub mod v2 {
	use super::*;
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};

	/// Writes an [`Invoices`] entry for each pending proposal.
	pub struct BackfillInvoices<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for BackfillInvoices<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut proposals: u64 = 0;
			for (city, id, proposal) in Proposals::<T>::iter() {
				proposals = proposals.saturating_add(1);
				Invoices::<T>::mutate((city, &proposal.payee, proposal.invoice), |held| {
					let first = held.map_or(id, |other| other.min(id));
					*held = Some(first);
				});
			}
			T::DbWeight::get().reads_writes(proposals, proposals)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			for (city, _, proposal) in Proposals::<T>::iter() {
				ensure!(
					Invoices::<T>::contains_key((city, &proposal.payee, proposal.invoice)),
					"a pending proposal's invoice was not recorded"
				);
			}
			Pallet::<T>::check_invariants().map_err(Into::into)
		}
	}

	/// [`BackfillInvoices`], run only on storage version 1; sets 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		BackfillInvoices<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
