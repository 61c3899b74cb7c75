//! Benchmarks of pallet-sortition, each at its worst case: panels with the
//! most quotas, draws with the most seats and the most commitments to
//! settle, the BLS verification of a real quicknet round.

use super::*;
use crate::{beacon::recorded::ROUNDS, Pallet as Sortition};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, Pallet as System, RawOrigin};
use sp_runtime::traits::{One, Saturating};

/// The wall clock of every benchmark: a minute before round 1000 of a
/// beacon with quicknet's key.
const NOW: u64 = 1_800_000_000;
const ROUND: BeaconRound = 1000;

fn set_up<T: Config>() {
	T::BenchmarkHelper::set_time(NOW);
	Beacon::<T>::put(BeaconConfig {
		public_key: beacon::QUICKNET_PUBLIC_KEY,
		genesis_time: NOW + 60 - 999 * 3,
		period: 3,
	});
}

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	let amount = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

fn deposit<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(10u32.into())
}

fn new_city<T: Config>(i: u32) -> Result<(CityId, T::AccountId), BenchmarkError> {
	let registrar = funded::<T>("registrar", i);
	let city = T::BenchmarkHelper::city(&registrar)?;
	Ok((city, registrar))
}

fn at<T: Config>(n: u32) -> BlockNumberFor<T> {
	System::<T>::block_number().saturating_add(n.into())
}

fn commit_reveal<T: Config>() -> Source<BlockNumberFor<T>> {
	Source::CommitReveal { commit_until: at::<T>(2), reveal_until: at::<T>(4) }
}

fn value(i: u32) -> Randomness {
	[i as u8; 32]
}

/// A commit-reveal panel of `seats` in a new city, with `commits` cities
/// committed (the first is the panel's own city).
fn committed_panel<T: Config>(
	seats: u32,
	commits: u32,
) -> Result<(DrawId, CityId, T::AccountId, Vec<(CityId, T::AccountId)>), BenchmarkError> {
	set_up::<T>();
	let (city, registrar) = new_city::<T>(0)?;
	for i in 0..seats {
		T::BenchmarkHelper::resident(city, &registrar, &account("resident", i, 0))?;
	}
	let id = NextDrawId::<T>::get();
	Sortition::<T>::create_panel(
		RawOrigin::Signed(registrar.clone()).into(),
		city,
		seats,
		BoundedVec::default(),
		commit_reveal::<T>(),
	)?;
	let mut cities = Vec::new();
	for i in 0..commits {
		let (c, r) = if i == 0 { (city, registrar.clone()) } else { new_city::<T>(i)? };
		Sortition::<T>::commit_seed(
			RawOrigin::Signed(r.clone()).into(),
			id,
			c,
			commitment_of(id, c, &value(i)),
		)?;
		cities.push((c, r));
	}
	Ok((id, city, registrar, cities))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_lottery() -> Result<(), BenchmarkError> {
		set_up::<T>();
		let (city, registrar) = new_city::<T>(0)?;
		#[extrinsic_call]
		_(
			RawOrigin::Signed(registrar),
			city,
			T::MaxSelected::get(),
			at::<T>(5),
			deposit::<T>(),
			true,
			Source::Drand { round: ROUND },
		);
		assert_eq!(AwaitedRounds::<T>::get(ROUND), 1);
		Ok(())
	}

	#[benchmark]
	fn create_panel(q: Linear<1, { T::MaxQuotas::get() }>) -> Result<(), BenchmarkError> {
		set_up::<T>();
		let (city, registrar) = new_city::<T>(0)?;
		let mut quotas = Vec::new();
		for i in 0..q {
			let who = funded::<T>("resident", i);
			T::BenchmarkHelper::resident(city, &registrar, &who)?;
			// Distinct cells: neighbourhoods first, then age bands.
			let neighbourhoods = u32::from(T::MaxNeighbourhoods::get()).max(1);
			let neighbourhood = (i % neighbourhoods) as u16;
			let bands =
				[AgeBand::From16To29, AgeBand::From30To44, AgeBand::From45To64, AgeBand::From65];
			let age_band = bands.get((i / neighbourhoods) as usize % bands.len()).copied();
			let age_band = age_band.unwrap_or(AgeBand::From65);
			Sortition::<T>::declare_categories(
				RawOrigin::Signed(who).into(),
				city,
				Categories { neighbourhood, age_band },
			)?;
			quotas.push(Quota { stratum: Stratum::Cell(neighbourhood, age_band), seats: 1 });
		}
		let quotas: BoundedVec<_, _> = quotas.try_into().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), city, q, quotas, Source::Drand { round: ROUND });
		assert_eq!(NextDrawId::<T>::get(), 1);
		Ok(())
	}

	#[benchmark]
	fn enter() -> Result<(), BenchmarkError> {
		set_up::<T>();
		let (city, registrar) = new_city::<T>(0)?;
		Sortition::<T>::create_lottery(
			RawOrigin::Signed(registrar.clone()).into(),
			city,
			1,
			at::<T>(5),
			deposit::<T>(),
			true,
			Source::Drand { round: ROUND },
		)?;
		let entrant = funded::<T>("entrant", 0);
		T::BenchmarkHelper::resident(city, &registrar, &entrant)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(entrant.clone()), 0);
		assert!(Entries::<T>::contains_key(0, &entrant));
		Ok(())
	}

	#[benchmark]
	fn reclaim_entry_deposit() -> Result<(), BenchmarkError> {
		set_up::<T>();
		let (city, registrar) = new_city::<T>(0)?;
		Sortition::<T>::create_lottery(
			RawOrigin::Signed(registrar.clone()).into(),
			city,
			1,
			at::<T>(5),
			deposit::<T>(),
			false,
			Source::Drand { round: ROUND },
		)?;
		let entrant = funded::<T>("entrant", 0);
		Sortition::<T>::enter(RawOrigin::Signed(entrant.clone()).into(), 0)?;
		Sortition::<T>::cancel_draw(RawOrigin::Signed(registrar).into(), 0)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(entrant.clone()), 0);
		assert!(Entries::<T>::get(0, &entrant).is_some_and(|e| e.deposit == 0u32.into()));
		Ok(())
	}

	#[benchmark]
	fn declare_categories() -> Result<(), BenchmarkError> {
		let (city, registrar) = new_city::<T>(0)?;
		let who = funded::<T>("resident", 0);
		T::BenchmarkHelper::resident(city, &registrar, &who)?;
		let categories = Categories { neighbourhood: 0, age_band: AgeBand::From65 };
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), city, categories);
		assert!(Declarations::<T>::contains_key(city, &who));
		Ok(())
	}

	#[benchmark]
	fn withdraw_categories() -> Result<(), BenchmarkError> {
		let (city, registrar) = new_city::<T>(0)?;
		let who = funded::<T>("resident", 0);
		T::BenchmarkHelper::resident(city, &registrar, &who)?;
		let categories = Categories { neighbourhood: 0, age_band: AgeBand::From65 };
		Sortition::<T>::declare_categories(
			RawOrigin::Signed(who.clone()).into(),
			city,
			categories,
		)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), city);
		assert!(!Declarations::<T>::contains_key(city, &who));
		Ok(())
	}

	#[benchmark]
	fn record_beacon_round() -> Result<(), BenchmarkError> {
		set_up::<T>();
		let (city, registrar) = new_city::<T>(0)?;
		Sortition::<T>::create_lottery(
			RawOrigin::Signed(registrar).into(),
			city,
			1,
			at::<T>(5),
			0u32.into(),
			false,
			Source::Drand { round: ROUND },
		)?;
		let (_, signature, randomness) = ROUNDS[0];
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), ROUND, signature);
		assert_eq!(BeaconRounds::<T>::get(ROUND).map(|r| r.randomness), Some(randomness));
		Ok(())
	}

	#[benchmark]
	fn commit_seed() -> Result<(), BenchmarkError> {
		let (id, city, registrar, _) = committed_panel::<T>(1, 0)?;
		let commitment = commitment_of(id, city, &value(0));
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), id, city, commitment);
		assert!(Commitments::<T>::contains_key(id, city));
		Ok(())
	}

	#[benchmark]
	fn reveal_seed() -> Result<(), BenchmarkError> {
		let (id, city, registrar, _) = committed_panel::<T>(1, 1)?;
		System::<T>::set_block_number(at::<T>(3));
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), id, city, value(0));
		assert_eq!(Tallies::<T>::get(id).map(|t| t.reveals), Some(1));
		Ok(())
	}

	/// A panel of `a` seats over as many residents, seeded by commit-reveal
	/// with `c` cities committed, only the first revealing.
	#[benchmark]
	fn execute_draw(
		a: Linear<1, { T::MaxSelected::get() }>,
		c: Linear<1, { T::MaxCommits::get() }>,
	) -> Result<(), BenchmarkError> {
		let (id, city, registrar, _) = committed_panel::<T>(a, c)?;
		System::<T>::set_block_number(at::<T>(3));
		Sortition::<T>::reveal_seed(RawOrigin::Signed(registrar).into(), id, city, value(0))?;
		System::<T>::set_block_number(at::<T>(2).saturating_add(One::one()));
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);
		assert_eq!(Results::<T>::get(id).map(|r| r.len() as u32), Some(a));
		Ok(())
	}

	/// A commit-reveal draw cancelled after its reveal period, with `c`
	/// silent cities' deposits forfeited.
	#[benchmark]
	fn cancel_draw(c: Linear<1, { T::MaxCommits::get() }>) -> Result<(), BenchmarkError> {
		let (id, _, registrar, _) = committed_panel::<T>(1, c)?;
		System::<T>::set_block_number(at::<T>(5));
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), id);
		assert!(matches!(
			Draws::<T>::get(id).map(|d| d.status),
			Some(DrawStatus::Cancelled { .. })
		));
		Ok(())
	}

	#[benchmark]
	fn set_beacon() -> Result<(), BenchmarkError> {
		let config = BeaconConfig {
			public_key: beacon::QUICKNET_PUBLIC_KEY,
			genesis_time: beacon::QUICKNET_GENESIS_TIME,
			period: beacon::QUICKNET_PERIOD,
		};
		#[extrinsic_call]
		_(RawOrigin::Root, config);
		assert_eq!(Beacon::<T>::get(), Some(config));
		Ok(())
	}

	impl_benchmark_test_suite!(Sortition, crate::mock::new_test_ext(), crate::mock::Test);
}
