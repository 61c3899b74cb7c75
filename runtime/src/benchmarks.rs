//! The pallets whose benchmarks the node's `benchmark pallet` command runs
//! (`scripts/benchmark-weights.sh`): every Civitas pallet, the FRAME pallets
//! a plain transfer goes through (system, its extensions, balances,
//! transaction payment, timestamp), and utility, sudo and nfts.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_utility, Utility]
	[pallet_sudo, Sudo]
	[pallet_nfts, Nfts]
	[pallet_cities, Cities]
	[pallet_city_treasury, CityTreasury]
	[pallet_procurement, Procurement]
	[pallet_residency, Residency]
	[pallet_asset_registry, Registry]
	[pallet_sortition, Sortition]
);

impl frame_system_benchmarking::Config for crate::Runtime {}
impl frame_benchmarking::baseline::Config for crate::Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for crate::Runtime {}
