//! Suppliers: registration, suspension, reinstatement.

use crate::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_supplier(
		city: CityId,
		supplier: T::AccountId,
		registration_id: RegistrationIdOf<T>,
		contact: DocumentHash,
	) -> DispatchResult {
		ensure!(
			!Suppliers::<T>::contains_key(city, &supplier),
			Error::<T>::SupplierAlreadyRegistered
		);
		Suppliers::<T>::insert(
			city,
			&supplier,
			Supplier {
				registration_id: registration_id.clone(),
				contact,
				status: SupplierStatus::Active,
				registered_at: Self::now(),
			},
		);
		Self::deposit_event(Event::SupplierRegistered { city, supplier, registration_id, contact });
		Ok(())
	}

	pub(crate) fn do_set_supplier_status(
		city: CityId,
		supplier: T::AccountId,
		status: SupplierStatus,
	) -> DispatchResult {
		Suppliers::<T>::try_mutate(city, &supplier, |entry| -> DispatchResult {
			let record = entry.as_mut().ok_or(Error::<T>::UnknownSupplier)?;
			match (record.status, status) {
				(SupplierStatus::Suspended, SupplierStatus::Suspended) => {
					Err(Error::<T>::SupplierSuspended.into())
				}
				(SupplierStatus::Active, SupplierStatus::Active) => {
					Err(Error::<T>::SupplierNotSuspended.into())
				}
				_ => {
					record.status = status;
					Ok(())
				}
			}
		})?;
		Self::deposit_event(match status {
			SupplierStatus::Suspended => Event::SupplierSuspended { city, supplier },
			SupplierStatus::Active => Event::SupplierReinstated { city, supplier },
		});
		Ok(())
	}

	/// `who` is a registered, active supplier of `city`.
	pub(crate) fn ensure_active_supplier(city: CityId, who: &T::AccountId) -> DispatchResult {
		let record = Suppliers::<T>::get(city, who).ok_or(Error::<T>::UnknownSupplier)?;
		ensure!(record.status == SupplierStatus::Active, Error::<T>::SupplierSuspended);
		Ok(())
	}
}
