//! What the runtime API reads: a title's full record, an owner's titles, a
//! lessee's leases.

use crate::*;
use alloc::{string::String, vec::Vec};
use civitas_primitives::TitleTokens;
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// A title's full record at the current block.
	pub fn title_view(id: TitleId) -> Option<TitleView<T::AccountId, BlockNumberFor<T>>> {
		let record = Titles::<T>::get(id)?;
		let now = Self::now();
		let history =
			(0..record.provenance_length).filter_map(|n| Provenance::<T>::get(id, n)).collect();
		let leases = Leases::<T>::iter_prefix(id)
			.map(|(l, lease)| {
				let active = now < lease.ends_at;
				(l, lease, active)
			})
			.collect();
		let offer =
			Offers::<T>::get(id).map(|o| (o.buyer, o.deed, o.accepted, o.consents.into_inner()));
		let policy = Self::policy_of(&record);
		let harberger = match (&policy, record.status == TitleStatus::Active) {
			(Some(policy), true) if !Self::city_owned(&record) => {
				Self::account_of(id, &record, Some(policy))
					.map(|account| (account, Self::tax_due(&account, policy, now).0))
			}
			_ => None,
		};
		let parents = match &record.origin {
			TitleOrigin::Registered { .. } => Vec::new(),
			TitleOrigin::SubdividedFrom { parent } => alloc::vec![*parent],
			TitleOrigin::MergedFrom { parents } => parents.to_vec(),
		};
		let successors = match &record.status {
			TitleStatus::Active => Vec::new(),
			TitleStatus::Subdivided { into, .. } => into.to_vec(),
			TitleStatus::Merged { into, .. } => alloc::vec![*into],
		};
		let particulars = record.particulars;
		Some(TitleView {
			id,
			city: record.city,
			collection: Collections::<T>::get(record.city),
			class: record.class,
			owner: record.owner,
			active: successors.is_empty(),
			cadastral_reference: String::from_utf8_lossy(&particulars.cadastral_reference)
				.into_owned(),
			document: particulars.document,
			area: particulars.area,
			land_use: particulars.land_use,
			assessed_value: particulars.assessed_value,
			rights: particulars.rights.into_inner(),
			parents,
			successors,
			history,
			encumbrances: Encumbrances::<T>::iter_prefix(id).collect(),
			leases,
			offer,
			harberger,
		})
	}

	/// The titles in force `owner` holds, in id order: the items `owner`
	/// holds in each city's registry collection (a retired title's item is
	/// burnt).
	pub fn titles_of(owner: T::AccountId) -> Vec<TitleId> {
		let mut titles: Vec<_> = Collections::<T>::iter_values()
			.flat_map(|collection| T::Titles::held_by(collection, &owner))
			.collect();
		titles.sort_unstable();
		titles
	}

	/// The leases held by `lessee` as (title, lease, in force now).
	pub fn leases_of(lessee: T::AccountId) -> Vec<(TitleId, LeaseId, bool)> {
		let now = Self::now();
		let mut leases: Vec<_> = LeasesByLessee::<T>::iter_key_prefix(lessee)
			.filter_map(|(t, l)| Leases::<T>::get(t, l).map(|lease| (t, l, now < lease.ends_at)))
			.collect();
		leases.sort_unstable();
		leases
	}
}
