//! The property register: titles on pallet-nfts (the adapter lives in
//! `crate::nfts`), with the Harberger tax booked on the city treasury.

use frame_support::{parameter_types, traits::ConstU32, PalletId};

use crate::{nfts::NftTitles, BlockNumber, Cities, CityTreasury, Runtime, RuntimeEvent, DAYS};

parameter_types! {
	/// The registry pallet's account owns every city's registry collection;
	/// its sub-account per city holds that city's Harberger deposits.
	pub const RegistryPalletId: PalletId = PalletId(*b"civ/regy");
	/// No lease is registered for longer than 99 years.
	pub const MaxLeaseTerm: BlockNumber = 99 * 365 * DAYS;
}

impl pallet_asset_registry::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Offices = Cities;
	type Titles = NftTitles;
	type Ledger = CityTreasury;
	type PalletId = RegistryPalletId;
	type MaxReferenceLength = ConstU32<64>;
	type MaxRights = ConstU32<8>;
	type MaxEncumbrances = ConstU32<16>;
	type MaxLeases = ConstU32<16>;
	type MaxLeaseTerm = MaxLeaseTerm;
	type MaxParts = ConstU32<16>;
	type WeightInfo = pallet_asset_registry::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::RegistryBenchmarkCity;
}
