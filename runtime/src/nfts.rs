//! The city pallets' items on pallet-nfts: the residency pallet's citizen
//! badges ([`NftCitizenBadges`]) and the registry's titles ([`NftTitles`]),
//! and the lock that keeps both from moving or burning through pallet-nfts
//! ([`CivicItemLock`]).
//!
//! The pallets see only the `CitizenBadges` and `TitleTokens` traits of
//! `civitas-primitives`; this module is where the runtime implements them on
//! pallet-nfts. Wallets and Polkadot.js Apps show the items as ordinary NFTs,
//! but only the pallet that owns a collection moves or burns its items.

use alloc::vec::Vec;
use civitas_primitives::{
	BadgeCollectionId, CertificateId, CitizenBadges, CityId, TitleCollectionId, TitleId,
	TitleTokens,
};
use frame_support::{
	dispatch_context::{run_in_context, with_context},
	traits::{
		tokens::nonfungibles_v2::{Inspect, Mutate, Transfer},
		Incrementable, Locker,
	},
};
use pallet_nfts::{
	CollectionConfig, CollectionSetting, CollectionSettings, ItemConfig, MintSettings,
	PalletAttributes,
};
use sp_runtime::{DispatchError, DispatchResult};

use crate::{AccountId, Nfts, Registry, Residency, Runtime};

/// pallet-nfts' lock on the items of the city pallets' collections.
///
/// A collection owned by the registry's or the residency pallet's keyless
/// account holds titles or citizen badges: no call of pallet-nfts transfers,
/// sells, swaps or burns its items, whoever signs it (pallet-nfts asks the
/// `Locker` in every transfer and burn). The registry's and the residency
/// pallet's adapters ([`NftTitles`], [`NftCitizenBadges`]) lift the lock for
/// one item, for the duration of their own move or burn, through
/// [`CivicItemLock::lifted`]: a value in the current dispatch context that
/// no extrinsic can set, cleared before the adapter returns.
///
/// Items minted while the lock was pallet-nfts' transfer-disabled system
/// attribute (CHANGELOG, spec 109) may still carry it; the adapters clear it
/// the first time they move or burn such an item, or pallet-nfts would
/// refuse the move.
pub struct CivicItemLock;

/// The item whose lock an adapter has lifted.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LiftedItem(u32, u32);

impl CivicItemLock {
	/// Whether the collection belongs to a city pallet.
	fn is_civic(collection: u32) -> bool {
		pallet_nfts::Collection::<Runtime>::get(collection).is_some_and(|details| {
			details.owner == Registry::registry_account()
				|| details.owner == Residency::badge_owner()
		})
	}

	/// Runs `f` with the lock of one item lifted, and the item's
	/// transfer-disabled attribute cleared if it still has one.
	fn lifted(collection: u32, item: u32, f: impl FnOnce() -> DispatchResult) -> DispatchResult {
		if Nfts::has_system_attribute(&collection, &item, PalletAttributes::TransferDisabled)? {
			<Nfts as Transfer<AccountId>>::enable_transfer(&collection, &item)?;
		}
		run_in_context(|| {
			with_context::<LiftedItem, _>(|v| v.set(LiftedItem(collection, item)));
			let result = f();
			with_context::<LiftedItem, _>(|v| v.clear());
			result
		})
	}
}

impl Locker<u32, u32> for CivicItemLock {
	fn is_locked(collection: u32, item: u32) -> bool {
		let lifted =
			with_context::<LiftedItem, _>(|v| v.get() == Some(&LiftedItem(collection, item)))
				.unwrap_or(false);
		!lifted && Self::is_civic(collection)
	}
}

/// Force-creates (no deposit) a collection owned by `owner`, a city pallet's
/// keyless account, with `disabled` settings off, and returns its id.
fn create_civic_collection(
	owner: &AccountId,
	disabled: CollectionSettings,
) -> Result<u32, DispatchError> {
	let collection = pallet_nfts::NextCollectionId::<Runtime>::get()
		.or(u32::initial_value())
		.ok_or(DispatchError::Other("no collection id left"))?;
	let config = CollectionConfig {
		settings: disabled,
		max_supply: None,
		mint_settings: MintSettings::default(),
	};
	Nfts::force_create(
		frame_system::RawOrigin::Root.into(),
		sp_runtime::MultiAddress::Id(owner.clone()),
		config,
	)?;
	Ok(collection)
}

/// Mints `item` of a civic collection to `to`, without deposit.
fn mint_civic_item(collection: u32, item: u32, to: &AccountId) -> DispatchResult {
	<Nfts as Mutate<AccountId, _>>::mint_into(&collection, &item, to, &ItemConfig::default(), true)
}

/// Burns `item` of a civic collection, lifting its lock for the burn.
fn burn_civic_item(collection: u32, item: u32) -> DispatchResult {
	CivicItemLock::lifted(collection, item, || {
		<Nfts as Mutate<AccountId, ItemConfig>>::burn(&collection, &item, None)
	})
}

/// The account holding `item`, if it exists.
fn holder_of(collection: u32, item: u32) -> Option<AccountId> {
	<Nfts as Inspect<AccountId>>::owner(&collection, &item)
}

/// Citizen badges as pallet-nfts items.
///
/// Each city's collection is force-created (no deposit) with the residency
/// pallet's keyless account as owner, admin and only issuer, and with
/// transfers disabled for all its items. [`CivicItemLock`] also stops the
/// holder from burning a badge; the adapter lifts it only to burn the badge
/// for the residency pallet.
pub struct NftCitizenBadges;

impl CitizenBadges<AccountId> for NftCitizenBadges {
	fn create_collection(
		_city: CityId,
		owner: &AccountId,
	) -> Result<BadgeCollectionId, DispatchError> {
		create_civic_collection(
			owner,
			CollectionSettings::from_disabled(
				CollectionSetting::TransferableItems | CollectionSetting::DepositRequired,
			),
		)
	}

	fn mint(
		collection: BadgeCollectionId,
		badge: CertificateId,
		holder: &AccountId,
	) -> DispatchResult {
		mint_civic_item(collection, badge, holder)
	}

	fn burn(collection: BadgeCollectionId, badge: CertificateId) -> DispatchResult {
		if holder_of(collection, badge).is_none() {
			return Ok(());
		}
		burn_civic_item(collection, badge)
	}

	fn holder(collection: BadgeCollectionId, badge: CertificateId) -> Option<AccountId> {
		holder_of(collection, badge)
	}
}

/// Titles as pallet-nfts items.
///
/// Each city's registry collection is force-created (no deposit) with the
/// registry pallet's keyless account as owner, admin and only issuer. Items
/// are transferable at the collection level, but [`CivicItemLock`] stops
/// their holders and anyone else from transferring or burning them through
/// pallet-nfts; the adapter lifts it only for the registry's own move or
/// burn. Attributes are set in the pallet namespace, without deposit.
pub struct NftTitles;

impl TitleTokens<AccountId> for NftTitles {
	fn create_collection(
		_city: CityId,
		owner: &AccountId,
	) -> Result<TitleCollectionId, DispatchError> {
		create_civic_collection(
			owner,
			CollectionSettings::from_disabled(CollectionSetting::DepositRequired.into()),
		)
	}

	fn mint(collection: TitleCollectionId, title: TitleId, owner: &AccountId) -> DispatchResult {
		mint_civic_item(collection, title, owner)
	}

	fn transfer(collection: TitleCollectionId, title: TitleId, to: &AccountId) -> DispatchResult {
		CivicItemLock::lifted(collection, title, || {
			<Nfts as Transfer<AccountId>>::transfer(&collection, &title, to)
		})
	}

	fn burn(collection: TitleCollectionId, title: TitleId) -> DispatchResult {
		if holder_of(collection, title).is_none() {
			return Ok(());
		}
		// Every attribute the registry set goes first: pallet-nfts leaves
		// attributes behind when it burns an item.
		let keys: Vec<_> = pallet_nfts::Attribute::<Runtime>::iter_key_prefix((
			collection,
			Some(title),
			pallet_nfts::AttributeNamespace::Pallet,
		))
		.collect();
		for key in keys {
			<Nfts as Mutate<AccountId, ItemConfig>>::clear_attribute(&collection, &title, &key)?;
		}
		burn_civic_item(collection, title)
	}

	fn set_attribute(
		collection: TitleCollectionId,
		title: TitleId,
		key: &[u8],
		value: &[u8],
	) -> DispatchResult {
		<Nfts as Mutate<AccountId, ItemConfig>>::set_attribute(&collection, &title, key, value)
	}

	fn owner(collection: TitleCollectionId, title: TitleId) -> Option<AccountId> {
		holder_of(collection, title)
	}

	fn held_by(collection: TitleCollectionId, who: &AccountId) -> Vec<TitleId> {
		// pallet-nfts' own index of the items each account holds.
		pallet_nfts::Account::<Runtime>::iter_key_prefix((who, collection)).collect()
	}
}
