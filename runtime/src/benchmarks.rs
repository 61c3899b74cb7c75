//! The pallets whose benchmarks the node's `benchmark pallet` command runs
//! (`scripts/benchmark-weights.sh`): every Civitas pallet, the FRAME pallets
//! a plain transfer goes through (system, its extensions, balances,
//! transaction payment, timestamp), utility, sudo and nfts, and the
//! federation's council and session; and the
//! helpers that give the Civitas pallets' benchmarks the state they need
//! from the other pallets, made through those pallets' own calls (a city
//! admitted and staffed through pallet-cities, a ledger and budget through
//! the city treasury, certificates through residency).

use crate::{
	AccountId, Cities, CityTreasury, Residency, Runtime, RuntimeOrigin, SessionKeys, DAYS,
};

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
	[pallet_collective, Council]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_cities, Cities]
	[pallet_city_treasury, CityTreasury]
	[pallet_procurement, Procurement]
	[pallet_residency, Residency]
	[pallet_asset_registry, Registry]
	[pallet_sortition, Sortition]
);

/// pallet-session's calls, measured by [`session`].
pub use session::Pallet as SessionBench;

impl frame_system_benchmarking::Config for crate::Runtime {}
impl frame_benchmarking::baseline::Config for crate::Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for crate::Runtime {}

/// Gives a benchmark's validator session keys, as `Session::set_keys` would
/// (without its deposit), so that it passes `ValidatorRegistration`.
pub struct CitiesBenchmarkKeys;

impl pallet_cities::BenchmarkHelper<AccountId> for CitiesBenchmarkKeys {
	fn register_session_keys(validator: &AccountId) {
		// FRAME's session pallet has no call that skips the key ownership
		// proof, which a benchmark account cannot give.
		let raw: [u8; 32] = *validator.as_ref();
		let keys = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(validator, keys);
	}
}

/// Creates the benchmarks' city through pallet-cities.
pub struct TreasuryBenchmarkCity;

impl pallet_city_treasury::BenchmarkHelper<AccountId> for TreasuryBenchmarkCity {
	fn city(
		admin: &AccountId,
		treasurers: &[AccountId],
		auditor: &AccountId,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		use frame_system::RawOrigin;
		let city = pallet_cities::NextCityId::<Runtime>::get();
		let name = alloc::format!("bench-{city}").into_bytes();
		let appoint = |role, who: &AccountId| {
			pallet_cities::Pallet::<Runtime>::appoint(
				RawOrigin::Signed(admin.clone()).into(),
				city,
				role,
				sp_runtime::MultiAddress::Id(who.clone()),
			)
		};
		pallet_cities::Pallet::<Runtime>::admit_city(
			RawOrigin::Root.into(),
			name,
			sp_runtime::MultiAddress::Id(admin.clone()),
		)?;
		for treasurer in treasurers {
			appoint(civitas_primitives::CityRole::Treasurer, treasurer)?;
		}
		// Callers that need no Auditor pass the admin, who may not hold the
		// Auditor's seat.
		if auditor != admin {
			appoint(civitas_primitives::CityRole::Auditor, auditor)?;
		}
		Ok(city)
	}
}

/// Creates the procurement benchmarks' city through pallet-cities, and its
/// ledger, department, receipts and budget through the city treasury.
pub struct ProcurementBenchmarkCity;

impl pallet_procurement::BenchmarkHelper<AccountId> for ProcurementBenchmarkCity {
	fn city(
		officer: &AccountId,
		auditor: &AccountId,
		panel: &[AccountId],
		line: civitas_primitives::BudgetLineId,
		amount: civitas_primitives::Credits,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		use civitas_primitives::CityRole;
		use frame_support::BoundedVec;
		use frame_system::RawOrigin;
		// One admin per city: an account administers at most one.
		let admin: AccountId = frame_benchmarking::account(
			"procurement-admin",
			pallet_cities::NextCityId::<Runtime>::get(),
			0,
		);
		let city =
			<TreasuryBenchmarkCity as pallet_city_treasury::BenchmarkHelper<AccountId>>::city(
				&admin,
				core::slice::from_ref(&admin),
				auditor,
			)?;
		let signed = || -> RuntimeOrigin { RawOrigin::Signed(admin.clone()).into() };
		let appoint = |role, who: &AccountId| {
			Cities::appoint(signed(), city, role, sp_runtime::MultiAddress::Id(who.clone()))
		};
		appoint(CityRole::ProcurementOfficer, officer)?;
		for member in panel {
			appoint(CityRole::Registrar, member)?;
		}
		CityTreasury::open_ledger(
			signed(),
			city,
			pallet_city_treasury::LedgerSettings {
				decimals: 2,
				approval_threshold: 1,
				time_lock_above: civitas_primitives::Credits::MAX,
				time_lock: 1,
				proposal_lifetime: DAYS,
			},
		)?;
		for _ in 0..=line.department {
			let department: AccountId = frame_benchmarking::account("department", city, 0);
			CityTreasury::add_department(
				signed(),
				city,
				BoundedVec::truncate_from(b"bench".to_vec()),
				department,
				BoundedVec::new(),
			)?;
		}
		CityTreasury::record_receipt(
			signed(),
			city,
			line.period,
			pallet_city_treasury::RevenueCategory::PropertyTax,
			amount,
			pallet_city_treasury::PayerReference::Company(BoundedVec::truncate_from(
				b"bench".to_vec(),
			)),
			Default::default(),
		)?;
		CityTreasury::adopt_budget(
			signed(),
			city,
			line.period,
			BoundedVec::truncate_from(alloc::vec![(line.department, line.category, amount)]),
			Default::default(),
		)?;
		Ok(city)
	}
}
/// Creates the registry benchmarks' cities through pallet-cities and
/// pallet-city-treasury.
pub struct RegistryBenchmarkCity;

impl pallet_asset_registry::BenchmarkHelper<AccountId> for RegistryBenchmarkCity {
	fn city(
		admin: &AccountId,
		registrar: &AccountId,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		let city =
			<TreasuryBenchmarkCity as pallet_city_treasury::BenchmarkHelper<AccountId>>::city(
				admin,
				&[],
				admin,
			)?;
		Cities::appoint(
			frame_system::RawOrigin::Signed(admin.clone()).into(),
			city,
			civitas_primitives::CityRole::Registrar,
			sp_runtime::MultiAddress::Id(registrar.clone()),
		)?;
		CityTreasury::open_ledger(
			frame_system::RawOrigin::Signed(admin.clone()).into(),
			city,
			pallet_city_treasury::LedgerSettings {
				decimals: 2,
				approval_threshold: 1,
				time_lock_above: u128::MAX,
				time_lock: 1,
				proposal_lifetime: 1,
			},
		)?;
		Ok(city)
	}

	fn fund(
		city: civitas_primitives::CityId,
		who: &AccountId,
		amount: civitas_primitives::Credits,
	) -> sp_runtime::DispatchResult {
		CityTreasury::mint_for_benchmark(city, who, amount)
	}
}

/// Creates the residency benchmarks' cities through pallet-cities.
pub struct ResidencyBenchmarkCity;

impl pallet_residency::BenchmarkHelper<AccountId> for ResidencyBenchmarkCity {
	fn city(
		registrar: &AccountId,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		// One admin per city: an account administers at most one.
		let admin: AccountId = frame_benchmarking::account(
			"residency-admin",
			pallet_cities::NextCityId::<Runtime>::get(),
			0,
		);
		let city =
			<TreasuryBenchmarkCity as pallet_city_treasury::BenchmarkHelper<AccountId>>::city(
				&admin,
				&[],
				&admin,
			)?;
		Cities::appoint(
			frame_system::RawOrigin::Signed(admin).into(),
			city,
			civitas_primitives::CityRole::Registrar,
			sp_runtime::MultiAddress::Id(registrar.clone()),
		)?;
		Ok(city)
	}
}

/// Creates the sortition benchmarks' cities (as the residency benchmarks
/// do) and issues residency certificates through pallet-residency.
pub struct SortitionBenchmarkCity;

impl pallet_sortition::BenchmarkHelper<AccountId> for SortitionBenchmarkCity {
	fn city(
		registrar: &AccountId,
	) -> Result<civitas_primitives::CityId, sp_runtime::DispatchError> {
		<ResidencyBenchmarkCity as pallet_residency::BenchmarkHelper<AccountId>>::city(registrar)
	}
	fn resident(
		city: civitas_primitives::CityId,
		registrar: &AccountId,
		who: &AccountId,
	) -> Result<(), sp_runtime::DispatchError> {
		let now = frame_system::Pallet::<Runtime>::block_number();
		Residency::issue(
			frame_system::RawOrigin::Signed(registrar.clone()).into(),
			city,
			who.clone(),
			pallet_residency::CertificateKind::Resident,
			sp_core::H256::repeat_byte(1),
			now + 100,
		)
		.map(|_| ())
		.map_err(|e| e.error)
	}
	fn set_time(unix_seconds: u64) {
		// `Timestamp::set_timestamp` would also tell Aura, which refuses a
		// time outside the current slot: the benchmarks need any time.
		pallet_timestamp::Now::<Runtime>::put(unix_seconds.saturating_mul(1000));
	}
}

/// pallet-session's two calls, measured on this runtime: the SDK's own
/// benchmarks of them (pallet-session-benchmarking) need pallet-staking,
/// which this chain does not have. The keys and their proof of possession
/// are made in the benchmark's keystore, as a validator's node makes them.
pub mod session {
	use crate::{AccountId, Balances, Runtime, Session, SessionKeys, CIV};
	use codec::Encode;
	use frame_benchmarking::v2::*;
	use frame_support::traits::fungible::Mutate;
	use frame_system::RawOrigin;

	/// The benchmarks' handle (`benchmark pallet --pallet pallet_session`).
	pub struct Pallet<T: Config>(core::marker::PhantomData<T>);

	/// Nothing to configure: the benchmarks run on this runtime's session.
	pub trait Config: frame_system::Config {}

	impl Config for Runtime {}

	/// An account with the key deposit and fresh keys, with their proof.
	fn operator() -> Result<(AccountId, SessionKeys, alloc::vec::Vec<u8>), BenchmarkError> {
		let who: AccountId = account("operator", 0, 0);
		Balances::mint_into(&who, 100 * CIV).map_err(|_| BenchmarkError::Stop("mint"))?;
		let generated = SessionKeys::generate(&who.encode(), None);
		Ok((who, generated.keys, generated.proof.encode()))
	}

	#[benchmarks]
	mod benchmarks {
		use super::*;

		#[benchmark]
		fn set_keys() -> Result<(), BenchmarkError> {
			let (who, keys, proof) = operator()?;

			#[block]
			{
				Session::set_keys(RawOrigin::Signed(who.clone()).into(), keys, proof)?;
			}

			assert!(pallet_session::NextKeys::<Runtime>::contains_key(&who));
			Ok(())
		}

		#[benchmark]
		fn purge_keys() -> Result<(), BenchmarkError> {
			let (who, keys, proof) = operator()?;
			Session::set_keys(RawOrigin::Signed(who.clone()).into(), keys, proof)?;

			#[block]
			{
				Session::purge_keys(RawOrigin::Signed(who.clone()).into())?;
			}

			assert!(!pallet_session::NextKeys::<Runtime>::contains_key(&who));
			Ok(())
		}
	}
}
