//! Residency: certificates, and the citizen badges that mirror them on
//! pallet-nfts (the adapter lives in `crate::nfts`).

use frame_support::{parameter_types, traits::ConstU32, PalletId};

use crate::{nfts::NftCitizenBadges, BlockNumber, Cities, Runtime, RuntimeEvent, DAYS};

parameter_types! {
	/// The residency pallet's account owns every city's badge collection.
	pub const ResidencyPalletId: PalletId = PalletId(*b"civ/resd");
	/// A certificate is valid for at most five years from its issue or
	/// renewal.
	pub const MaxCertificateValidity: BlockNumber = 5 * 365 * DAYS;
}

impl pallet_residency::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Offices = Cities;
	type Badges = NftCitizenBadges;
	type PalletId = ResidencyPalletId;
	type MaxValidity = MaxCertificateValidity;
	type MaxConsents = ConstU32<32>;
	type WeightInfo = pallet_residency::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::ResidencyBenchmarkCity;
}
