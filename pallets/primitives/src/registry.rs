//! The property register, as the runtime sees it: each title is an item of
//! its city's registry collection on pallet-nfts, so wallets and Polkadot.js
//! Apps show parcels, owners and attributes.
//!
//! pallet-asset-registry keeps the register (owners, encumbrances, leases,
//! provenance) and moves the items only through [`TitleTokens`], which the
//! runtime implements on pallet-nfts. An item is locked against its holder:
//! neither a transfer nor a burn through pallet-nfts itself succeeds, so the
//! register and the item owner can never disagree.

use crate::CityId;
use alloc::vec::Vec;
use sp_runtime::{DispatchError, DispatchResult};

/// Identifies a title in the register; its item in the city's registry
/// collection has the same number.
pub type TitleId = u32;

/// Identifies the pallet-nfts collection holding a city's titles.
pub type TitleCollectionId = u32;

/// Titles as non-fungible items, one collection per city.
pub trait TitleTokens<AccountId> {
	/// Creates the registry collection of `city`, owned by `owner`.
	fn create_collection(
		city: CityId,
		owner: &AccountId,
	) -> Result<TitleCollectionId, DispatchError>;

	/// Mints `title` to `owner`, locked so that only [`Self::transfer`] and
	/// [`Self::burn`] move or remove it.
	fn mint(collection: TitleCollectionId, title: TitleId, owner: &AccountId) -> DispatchResult;

	/// Moves `title` to `to`, leaving it locked again.
	fn transfer(collection: TitleCollectionId, title: TitleId, to: &AccountId) -> DispatchResult;

	/// Burns `title` (a title retired by subdivision or merger). A title
	/// that does not exist is not an error.
	fn burn(collection: TitleCollectionId, title: TitleId) -> DispatchResult;

	/// Sets a public attribute of `title` that wallets show, replacing any
	/// earlier value under the same key.
	fn set_attribute(
		collection: TitleCollectionId,
		title: TitleId,
		key: &[u8],
		value: &[u8],
	) -> DispatchResult;

	/// The holder of `title`, if it exists.
	fn owner(collection: TitleCollectionId, title: TitleId) -> Option<AccountId>;

	/// The titles `who` holds in `collection`, in no particular order. The
	/// token ledger keeps this index: the register keeps no copy of it.
	fn held_by(collection: TitleCollectionId, who: &AccountId) -> Vec<TitleId>;
}

/// An in-memory [`TitleTokens`] for unit tests, for `u64` accounts.
#[cfg(feature = "std")]
pub mod testing {
	use super::*;
	use std::{cell::RefCell, collections::BTreeMap};

	type Attributes = BTreeMap<(TitleCollectionId, TitleId, Vec<u8>), Vec<u8>>;

	#[derive(Default)]
	struct State {
		collections: BTreeMap<TitleCollectionId, (CityId, u64)>,
		items: BTreeMap<(TitleCollectionId, TitleId), u64>,
		attributes: Attributes,
	}

	thread_local! {
		static STATE: RefCell<State> = RefCell::new(State::default());
	}

	/// Collections, items and attributes held in a thread-local.
	pub struct TestTitles;

	impl TestTitles {
		/// Forgets every collection, item and attribute.
		pub fn reset() {
			STATE.with(|s| *s.borrow_mut() = State::default());
		}

		/// Every item as `(collection, title, owner)`, in order.
		pub fn all() -> Vec<(TitleCollectionId, TitleId, u64)> {
			STATE.with(|s| s.borrow().items.iter().map(|((c, t), o)| (*c, *t, *o)).collect())
		}

		/// The city and owner of a collection.
		pub fn collection(collection: TitleCollectionId) -> Option<(CityId, u64)> {
			STATE.with(|s| s.borrow().collections.get(&collection).copied())
		}

		/// An attribute of an item.
		pub fn attribute(
			collection: TitleCollectionId,
			title: TitleId,
			key: &[u8],
		) -> Option<Vec<u8>> {
			STATE.with(|s| s.borrow().attributes.get(&(collection, title, key.to_vec())).cloned())
		}
	}

	fn not_found() -> DispatchError {
		DispatchError::Other("no such item")
	}

	impl TitleTokens<u64> for TestTitles {
		fn create_collection(
			city: CityId,
			owner: &u64,
		) -> Result<TitleCollectionId, DispatchError> {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				let id = TitleCollectionId::try_from(s.collections.len())
					.map_err(|_| DispatchError::Other("too many collections"))?;
				s.collections.insert(id, (city, *owner));
				Ok(id)
			})
		}

		fn mint(collection: TitleCollectionId, title: TitleId, owner: &u64) -> DispatchResult {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				if !s.collections.contains_key(&collection) {
					return Err(DispatchError::Other("no such collection"));
				}
				if s.items.insert((collection, title), *owner).is_some() {
					return Err(DispatchError::Other("item exists"));
				}
				Ok(())
			})
		}

		fn transfer(collection: TitleCollectionId, title: TitleId, to: &u64) -> DispatchResult {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				let owner = s.items.get_mut(&(collection, title)).ok_or_else(not_found)?;
				*owner = *to;
				Ok(())
			})
		}

		fn burn(collection: TitleCollectionId, title: TitleId) -> DispatchResult {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				s.items.remove(&(collection, title));
				s.attributes.retain(|(c, t, _), _| (*c, *t) != (collection, title));
			});
			Ok(())
		}

		fn set_attribute(
			collection: TitleCollectionId,
			title: TitleId,
			key: &[u8],
			value: &[u8],
		) -> DispatchResult {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				if !s.items.contains_key(&(collection, title)) {
					return Err(not_found());
				}
				s.attributes.insert((collection, title, key.to_vec()), value.to_vec());
				Ok(())
			})
		}

		fn owner(collection: TitleCollectionId, title: TitleId) -> Option<u64> {
			STATE.with(|s| s.borrow().items.get(&(collection, title)).copied())
		}

		fn held_by(collection: TitleCollectionId, who: &u64) -> Vec<TitleId> {
			STATE.with(|s| {
				s.borrow()
					.items
					.iter()
					.filter(|((c, _), owner)| *c == collection && *owner == who)
					.map(|((_, t), _)| *t)
					.collect()
			})
		}
	}
}
