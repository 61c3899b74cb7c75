//! Benchmarks of pallet-asset-registry, each at its worst case: a title
//! carrying `MaxEncumbrances` encumbrances and `MaxLeases` leases, transfers
//! that check every consent and refund a Harberger deposit, settlements that
//! send the title back to the city, subdivisions and mergers of `MaxParts`.

use super::*;
use crate::Pallet as Registry;
use alloc::{format, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::{pallet_prelude::BlockNumberFor, Pallet as System, RawOrigin};
use sp_core::H256;
use sp_runtime::{traits::Saturating, Permill};

const VALUE: Credits = 1_000_000;
const FUNDS: Credits = 1_000_000_000;

fn doc(n: u8) -> DocumentHash {
	H256::repeat_byte(n)
}

/// Particulars with the longest reference (ending in `tag`) and every right.
fn particulars<T: Config>(tag: u32, area: u64) -> ParticularsOf<T> {
	let len = T::MaxReferenceLength::get() as usize;
	let mut reference = format!("{tag:0>len$}").into_bytes();
	reference.truncate(len);
	let kinds = [
		RightKind::PermittedFloorArea,
		RightKind::MaxHeight,
		RightKind::MaxStoreys,
		RightKind::MaxDwellings,
		RightKind::SiteCoverage,
	];
	let rights: Vec<_> = kinds
		.iter()
		.take(T::MaxRights::get() as usize)
		.map(|kind| DevelopmentRight { kind: *kind, amount: 1_000 })
		.collect();
	Particulars {
		cadastral_reference: reference.try_into().unwrap_or_default(),
		document: doc(1),
		area,
		land_use: LandUse::Mixed,
		assessed_value: VALUE,
		rights: rights.try_into().unwrap_or_default(),
	}
}

struct City<A> {
	id: CityId,
	admin: A,
	registrar: A,
}

fn city<T: Config>() -> Result<City<T::AccountId>, BenchmarkError> {
	let admin: T::AccountId = account("admin", 0, 0);
	let registrar: T::AccountId = account("registrar", 0, 0);
	let id = T::BenchmarkHelper::city(&admin, &registrar)?;
	Ok(City { id, admin, registrar })
}

/// Registers a title of area `area` to `owner`, with reference `tag`.
fn title<T: Config>(
	city: CityId,
	owner: &T::AccountId,
	tag: u32,
	area: u64,
) -> Result<TitleId, BenchmarkError> {
	Ok(Registry::<T>::do_register(
		city,
		AssetClass::Land,
		owner.clone(),
		particulars::<T>(tag, area),
		doc(2),
	)?)
}

/// Fills the title with `MaxEncumbrances` registered mortgages and
/// `MaxLeases` leases.
fn burden<T: Config>(
	title: TitleId,
	owner: &T::AccountId,
) -> Result<Vec<T::AccountId>, BenchmarkError> {
	let mut holders = Vec::new();
	for i in 0..T::MaxEncumbrances::get() {
		let holder: T::AccountId = account("bank", i, 0);
		let id = NextEncumbranceId::<T>::get();
		Registry::<T>::do_request_encumbrance(
			title,
			holder.clone(),
			EncumbranceKind::Mortgage,
			1,
			doc(3),
		)?;
		Registry::<T>::do_register_encumbrance(title, id)?;
		holders.push(holder);
	}
	for i in 0..T::MaxLeases::get() {
		let lessee: T::AccountId = account("lessee", i, 0);
		Registry::<T>::do_grant_lease(title, owner.clone(), lessee, 10u32.into(), doc(4))?;
	}
	Ok(holders)
}

/// Puts land under a Harberger tax of 1% per 10 blocks.
fn tax_land<T: Config>(city: CityId) -> Result<(), BenchmarkError> {
	Ok(Registry::<T>::do_set_policy(
		city,
		AssetClass::Land,
		Some((Permill::from_percent(1), 10u32.into(), 2027)),
	)?)
}

/// The owner funds a deposit of `amount` on the title.
fn deposit<T: Config>(
	city: CityId,
	title: TitleId,
	owner: &T::AccountId,
	amount: Credits,
) -> Result<(), BenchmarkError> {
	T::BenchmarkHelper::fund(city, owner, FUNDS)?;
	Ok(Registry::<T>::do_top_up(title, owner.clone(), amount)?)
}

fn advance<T: Config>(blocks: u32) {
	let now: BlockNumberFor<T> = System::<T>::block_number();
	System::<T>::set_block_number(now.saturating_add(blocks.into()));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_title() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(c.registrar),
			c.id,
			AssetClass::Land,
			owner.clone(),
			particulars::<T>(1, 1_000),
			doc(2),
		);
		assert_eq!(Registry::<T>::titles_of(owner).len(), 1);
		Ok(())
	}

	#[benchmark]
	fn offer_transfer() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let buyer: T::AccountId = account("buyer", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, buyer, doc(7));
		assert!(Offers::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn withdraw_offer() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		Registry::<T>::do_offer(id, owner.clone(), account("buyer", 0, 0), doc(7))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(!Offers::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn accept_transfer() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let buyer: T::AccountId = account("buyer", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		Registry::<T>::do_offer(id, owner, buyer.clone(), doc(7))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);
		assert!(Offers::<T>::get(id).is_some_and(|o| o.accepted));
		Ok(())
	}

	#[benchmark]
	fn consent_to_transfer() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		let holders = burden::<T>(id, &owner)?;
		Registry::<T>::do_offer(id, owner, account("buyer", 0, 0), doc(7))?;
		let last = holders.len().saturating_sub(1);
		for (i, holder) in holders.iter().enumerate().take(last) {
			Registry::<T>::do_consent(id, i as u32, holder.clone())?;
		}
		let holder = holders.get(last).cloned().ok_or(BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(holder), id, last as u32);
		assert_eq!(Offers::<T>::get(id).map(|o| o.consents.len()), Some(holders.len()));
		Ok(())
	}

	#[benchmark]
	fn record_transfer() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let buyer: T::AccountId = account("buyer", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		let holders = burden::<T>(id, &owner)?;
		tax_land::<T>(c.id)?;
		deposit::<T>(c.id, id, &owner, VALUE)?;
		Registry::<T>::do_offer(id, owner, buyer.clone(), doc(7))?;
		Registry::<T>::do_accept(id, buyer.clone())?;
		for (i, holder) in holders.into_iter().enumerate() {
			Registry::<T>::do_consent(id, i as u32, holder)?;
		}
		advance::<T>(25);
		#[extrinsic_call]
		_(RawOrigin::Signed(c.registrar), id);
		assert_eq!(Titles::<T>::get(id).map(|t| t.owner), Some(buyer));
		Ok(())
	}

	/// The common transfer: a title with no encumbrance in a city with no
	/// Harberger policy. `record_transfer` refunds down to this.
	#[benchmark]
	fn record_transfer_unburdened() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let buyer: T::AccountId = account("buyer", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		Registry::<T>::do_offer(id, owner, buyer.clone(), doc(7))?;
		Registry::<T>::do_accept(id, buyer.clone())?;
		#[extrinsic_call]
		record_transfer(RawOrigin::Signed(c.registrar), id);
		assert_eq!(Titles::<T>::get(id).map(|t| t.owner), Some(buyer));
		Ok(())
	}

	#[benchmark]
	fn request_encumbrance() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		for i in 1..T::MaxEncumbrances::get() {
			Registry::<T>::do_request_encumbrance(
				id,
				account("bank", i, 0),
				EncumbranceKind::Lien,
				1,
				doc(3),
			)?;
		}
		let bank: T::AccountId = account("bank", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(bank), id, EncumbranceKind::Mortgage, 500, doc(3));
		assert_eq!(EncumbranceCount::<T>::get(id), T::MaxEncumbrances::get());
		Ok(())
	}

	#[benchmark]
	fn register_encumbrance() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		Registry::<T>::do_request_encumbrance(
			id,
			account("bank", 0, 0),
			EncumbranceKind::Mortgage,
			1,
			doc(3),
		)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(c.registrar), id, 0);
		assert!(Encumbrances::<T>::get(id, 0).is_some_and(|e| e.registered_at.is_some()));
		Ok(())
	}

	#[benchmark]
	fn release_encumbrance() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		let holders = burden::<T>(id, &owner)?;
		Registry::<T>::do_offer(id, owner, account("buyer", 0, 0), doc(7))?;
		for (i, holder) in holders.iter().enumerate() {
			Registry::<T>::do_consent(id, i as u32, holder.clone())?;
		}
		let holder = holders.first().cloned().ok_or(BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(holder), id, 0);
		assert!(!Encumbrances::<T>::contains_key(id, 0));
		Ok(())
	}

	#[benchmark]
	fn grant_lease() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		for i in 1..T::MaxLeases::get() {
			Registry::<T>::do_grant_lease(
				id,
				owner.clone(),
				account("lessee", i, 0),
				10u32.into(),
				doc(4),
			)?;
		}
		let lessee: T::AccountId = account("lessee", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, lessee, T::MaxLeaseTerm::get(), doc(4));
		assert_eq!(LeaseCount::<T>::get(id), T::MaxLeases::get());
		Ok(())
	}

	#[benchmark]
	fn surrender_lease() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let lessee: T::AccountId = account("lessee", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		Registry::<T>::do_grant_lease(id, owner, lessee.clone(), 10u32.into(), doc(4))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), id, 0);
		assert_eq!(LeaseCount::<T>::get(id), 0);
		Ok(())
	}

	#[benchmark]
	fn end_lease() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		Registry::<T>::do_grant_lease(
			id,
			owner.clone(),
			account("lessee", 0, 0),
			10u32.into(),
			doc(4),
		)?;
		advance::<T>(10);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 0);
		assert_eq!(LeaseCount::<T>::get(id), 0);
		Ok(())
	}

	#[benchmark]
	fn subdivide(p: Linear<2, { T::MaxParts::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000 * u64::from(p))?;
		burden::<T>(id, &owner)?;
		tax_land::<T>(c.id)?;
		deposit::<T>(c.id, id, &owner, VALUE)?;
		advance::<T>(25);
		let parts: Vec<_> = (0..p).map(|i| particulars::<T>(100 + i, 1_000)).collect();
		let parts: PartsOf<T> = parts.try_into().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(c.registrar), id, parts);
		assert_eq!(Registry::<T>::titles_of(owner).len(), p as usize);
		Ok(())
	}

	#[benchmark]
	fn merge(p: Linear<2, { T::MaxParts::get() }>) -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		tax_land::<T>(c.id)?;
		T::BenchmarkHelper::fund(c.id, &owner, FUNDS)?;
		let mut titles = Vec::new();
		for i in 0..p {
			let id = title::<T>(c.id, &owner, 100 + i, 1_000)?;
			Registry::<T>::do_top_up(id, owner.clone(), VALUE)?;
			titles.push(id);
		}
		// The first title carries every encumbrance and lease the merged
		// title may hold.
		if let Some(first) = titles.first() {
			burden::<T>(*first, &owner)?;
		}
		advance::<T>(25);
		let list: TitleListOf<T> = titles.try_into().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(c.registrar), list, particulars::<T>(1, 1_000 * u64::from(p)));
		assert_eq!(Registry::<T>::titles_of(owner).len(), 1);
		Ok(())
	}

	#[benchmark]
	fn set_harberger_policy() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		#[extrinsic_call]
		_(
			RawOrigin::Signed(c.admin),
			c.id,
			AssetClass::Land,
			Some((Permill::from_percent(1), 10u32.into(), 2027)),
		);
		assert!(HarbergerPolicies::<T>::contains_key(c.id, AssetClass::Land));
		Ok(())
	}

	#[benchmark]
	fn self_assess() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		tax_land::<T>(c.id)?;
		deposit::<T>(c.id, id, &owner, VALUE)?;
		advance::<T>(25);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 2 * VALUE);
		assert_eq!(HarbergerAccounts::<T>::get(id).map(|a| a.price), Some(2 * VALUE));
		Ok(())
	}

	#[benchmark]
	fn top_up_deposit() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		tax_land::<T>(c.id)?;
		deposit::<T>(c.id, id, &owner, VALUE)?;
		advance::<T>(25);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, VALUE);
		assert!(HarbergerAccounts::<T>::get(id).is_some_and(|a| a.deposit > VALUE));
		Ok(())
	}

	#[benchmark]
	fn withdraw_deposit() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		tax_land::<T>(c.id)?;
		deposit::<T>(c.id, id, &owner, VALUE)?;
		advance::<T>(25);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, VALUE / 2);
		assert!(HarbergerAccounts::<T>::get(id).is_some_and(|a| a.deposit < VALUE / 2));
		Ok(())
	}

	#[benchmark]
	fn buy() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let buyer: T::AccountId = account("buyer", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		tax_land::<T>(c.id)?;
		deposit::<T>(c.id, id, &owner, VALUE)?;
		T::BenchmarkHelper::fund(c.id, &buyer, FUNDS)?;
		advance::<T>(25);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), id, VALUE);
		assert_eq!(Titles::<T>::get(id).map(|t| t.owner), Some(buyer));
		Ok(())
	}

	#[benchmark]
	fn settle_tax() -> Result<(), BenchmarkError> {
		let c = city::<T>()?;
		let owner: T::AccountId = account("owner", 0, 0);
		let id = title::<T>(c.id, &owner, 1, 1_000)?;
		tax_land::<T>(c.id)?;
		// A deposit short of two periods' tax: the title goes back.
		deposit::<T>(c.id, id, &owner, VALUE / 100)?;
		advance::<T>(25);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), id);
		assert!(Titles::<T>::get(id).is_some_and(|t| t.owner != owner));
		Ok(())
	}

	impl_benchmark_test_suite!(Registry, crate::mock::new_test_ext(), crate::mock::Test);
}
