//! What must always hold of the register. Checked by `try_state`, and after
//! every unit test and simulated block.

use crate::*;
use alloc::{collections::BTreeMap, format, string::String};
use civitas_primitives::{CityLedger, TitleTokens};
use frame_support::traits::Get;

impl<T: Config> Pallet<T> {
	/// Checks every invariant; the error says which failed and where.
	pub fn check_invariants() -> Result<(), String> {
		let next = NextTitleId::<T>::get();
		let mut deposits: BTreeMap<CityId, Credits> = BTreeMap::new();
		for (id, record) in Titles::<T>::iter() {
			if id >= next {
				return Err(format!("title {id} is not below the next id {next}"));
			}
			if CadastralIndex::<T>::get(record.city, &record.particulars.cadastral_reference)
				!= Some(id)
			{
				return Err(format!("title {id} is not under its cadastral reference"));
			}
			let length = record.provenance_length;
			let last = length.checked_sub(1).and_then(|n| Provenance::<T>::get(id, n));
			if last.map(|r| r.owner) != Some(record.owner.clone()) {
				return Err(format!("the last owner in title {id}'s provenance is not its owner"));
			}
			if (0..length).any(|n| !Provenance::<T>::contains_key(id, n)) {
				return Err(format!("title {id}'s provenance has a gap"));
			}
			let item = Collections::<T>::get(record.city)
				.and_then(|collection| T::Titles::owner(collection, id));
			let encumbrances = Encumbrances::<T>::iter_prefix(id).count();
			let leases = Leases::<T>::iter_prefix(id).count();
			if record.status == TitleStatus::Active {
				if item.as_ref() != Some(&record.owner) {
					return Err(format!("title {id}'s item is not held by its owner"));
				}
			} else if item.is_some() || encumbrances > 0 || leases > 0 {
				return Err(format!("retired title {id} still has an item or burdens"));
			} else if Offers::<T>::contains_key(id) || HarbergerAccounts::<T>::contains_key(id) {
				return Err(format!("retired title {id} still has an offer or Harberger account"));
			}
			if encumbrances != EncumbranceCount::<T>::get(id) as usize
				|| encumbrances > T::MaxEncumbrances::get() as usize
			{
				return Err(format!("title {id}'s encumbrance count is wrong"));
			}
			if leases != LeaseCount::<T>::get(id) as usize || leases > T::MaxLeases::get() as usize
			{
				return Err(format!("title {id}'s lease count is wrong"));
			}
			if let Some(offer) = Offers::<T>::get(id) {
				if offer.seller != record.owner {
					return Err(format!("title {id}'s offer is not by its owner"));
				}
			}
			if let Some(account) = HarbergerAccounts::<T>::get(id) {
				let sum = deposits.entry(record.city).or_default();
				*sum = sum.saturating_add(account.deposit);
			}
		}
		for (lessee, (title, lease), ()) in LeasesByLessee::<T>::iter() {
			if Leases::<T>::get(title, lease).map(|l| l.lessee) != Some(lessee) {
				return Err(format!(
					"the lessee index names lease {lease} of title {title} wrongly"
				));
			}
		}
		for (title, lease_id, lease) in Leases::<T>::iter() {
			if !LeasesByLessee::<T>::contains_key(&lease.lessee, (title, lease_id)) {
				return Err(format!("lease {lease_id} of title {title} is not indexed"));
			}
			if lease.ends_at <= lease.starts_at {
				return Err(format!("lease {lease_id} of title {title} has no term"));
			}
		}
		for city in Collections::<T>::iter_keys() {
			let held = T::Ledger::balance(city, &Self::deposit_account(city));
			let owed = deposits.get(&city).copied().unwrap_or(0);
			if held != owed {
				return Err(format!(
					"city {city}'s deposit account holds {held}, deposits sum {owed}"
				));
			}
		}
		Ok(())
	}
}
