//! Creating, entering, executing and cancelling draws.

use crate::{
	selection::{self, DrawRng, SampleError},
	*,
};
use alloc::{collections::BTreeSet, vec::Vec};
use civitas_primitives::{CityOffices, CityRole, Residents};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision, UnixTime},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	fn next_draw_id() -> Result<DrawId, DispatchError> {
		let id = NextDrawId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::DrawIdsExhausted)?;
		NextDrawId::<T>::put(next);
		Ok(id)
	}

	fn check_count(count: u32) -> DispatchResult {
		ensure!(count > 0, Error::<T>::NothingToDraw);
		ensure!(count <= T::MaxSelected::get(), Error::<T>::TooManySelected);
		Ok(())
	}

	pub(crate) fn do_create_lottery(
		creator: T::AccountId,
		city: CityId,
		winners: u32,
		entries_close: BlockNumberFor<T>,
		entry_deposit: BalanceOf<T>,
		residents_only: bool,
		source: Source<BlockNumberFor<T>>,
	) -> DispatchResult {
		Self::check_count(winners)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(entries_close > now, Error::<T>::EntryWindowInPast);
		ensure!(entries_close.saturating_sub(now) <= T::MaxWait::get(), Error::<T>::TooFarAhead);
		Self::check_source(&source, now, Some(entries_close))?;
		let id = Self::next_draw_id()?;
		Self::await_source(id, &source);
		Draws::<T>::insert(
			id,
			Draw {
				city,
				creator,
				kind: DrawKind::Lottery { winners, entries_close, entry_deposit, residents_only },
				source,
				snapshot: now,
				entrants: 0,
				status: DrawStatus::Open,
			},
		);
		Self::deposit_event(Event::LotteryCreated {
			draw: id,
			city,
			winners,
			entries_close,
			source,
		});
		Ok(())
	}

	fn check_quotas(city: CityId, seats: u32, quotas: &[Quota]) -> DispatchResult {
		if quotas.is_empty() {
			return Ok(());
		}
		let kind = quotas.first().map(|q| q.stratum.kind());
		let mut seen = BTreeSet::new();
		let mut total: u32 = 0;
		for quota in quotas {
			ensure!(quota.seats > 0, Error::<T>::EmptyQuota);
			ensure!(
				Some(quota.stratum.kind()) == kind && seen.insert(quota.stratum),
				Error::<T>::OverlappingStrata
			);
			if let Stratum::Neighbourhood(n) | Stratum::Cell(n, _) = quota.stratum {
				ensure!(n < T::MaxNeighbourhoods::get(), Error::<T>::UnknownNeighbourhood);
			}
			ensure!(
				quota.seats <= StratumSize::<T>::get(city, quota.stratum),
				Error::<T>::QuotaExceedsStratum
			);
			total = total.checked_add(quota.seats).ok_or(Error::<T>::QuotasDoNotAddUp)?;
		}
		ensure!(total == seats, Error::<T>::QuotasDoNotAddUp);
		Ok(())
	}

	pub(crate) fn do_create_panel(
		creator: T::AccountId,
		city: CityId,
		seats: u32,
		quotas: BoundedVec<Quota, T::MaxQuotas>,
		source: Source<BlockNumberFor<T>>,
	) -> DispatchResult {
		Self::check_count(seats)?;
		ensure!(seats <= T::Residents::resident_count(city), Error::<T>::PanelLargerThanPool);
		Self::check_quotas(city, seats, &quotas)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::check_source(&source, now, None)?;
		let id = Self::next_draw_id()?;
		Self::await_source(id, &source);
		Draws::<T>::insert(
			id,
			Draw {
				city,
				creator,
				kind: DrawKind::Panel { seats, quotas },
				source,
				snapshot: now,
				entrants: 0,
				status: DrawStatus::Open,
			},
		);
		Self::deposit_event(Event::PanelCreated { draw: id, city, seats, snapshot: now, source });
		Ok(())
	}

	pub(crate) fn do_enter(entrant: T::AccountId, id: DrawId) -> DispatchResult {
		let mut draw = Draws::<T>::get(id).ok_or(Error::<T>::UnknownDraw)?;
		let DrawKind::Lottery { entries_close, entry_deposit, residents_only, .. } = draw.kind
		else {
			return Err(Error::<T>::NotALottery.into());
		};
		ensure!(draw.status == DrawStatus::Open, Error::<T>::DrawClosed);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= entries_close, Error::<T>::EntriesClosed);
		if let Source::Drand { round } = draw.source {
			// Entries stop as soon as the round's randomness may be out.
			let open = Beacon::<T>::get()
				.and_then(|b| beacon::round_time(b.genesis_time, b.period, round))
				.is_some_and(|at| T::Time::now().as_secs() < at)
				&& !BeaconRounds::<T>::contains_key(round);
			ensure!(open, Error::<T>::EntriesClosed);
		}
		ensure!(
			!residents_only || T::Residents::is_resident(draw.city, &entrant),
			Error::<T>::NotAResident
		);
		ensure!(!Entries::<T>::contains_key(id, &entrant), Error::<T>::AlreadyEntered);
		ensure!(draw.entrants < T::MaxEntrants::get(), Error::<T>::TooManyEntrants);
		if !entry_deposit.is_zero() {
			T::Currency::hold(&HoldReason::EntryDeposit.into(), &entrant, entry_deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
		}
		let position = draw.entrants;
		draw.entrants = position.saturating_add(1);
		Draws::<T>::insert(id, draw);
		Entrants::<T>::insert(id, position, &entrant);
		Entries::<T>::insert(id, &entrant, Entry { position, deposit: entry_deposit });
		Self::deposit_event(Event::Entered { draw: id, entrant, position });
		Ok(())
	}

	pub(crate) fn do_reclaim(entrant: T::AccountId, id: DrawId) -> DispatchResult {
		let draw = Draws::<T>::get(id).ok_or(Error::<T>::UnknownDraw)?;
		ensure!(draw.status != DrawStatus::Open, Error::<T>::DrawStillOpen);
		let mut entry = Entries::<T>::get(id, &entrant).ok_or(Error::<T>::NotEntered)?;
		ensure!(!entry.deposit.is_zero(), Error::<T>::NothingToReclaim);
		let amount = T::Currency::release(
			&HoldReason::EntryDeposit.into(),
			&entrant,
			entry.deposit,
			Precision::BestEffort,
		)?;
		entry.deposit = Zero::zero();
		Entries::<T>::insert(id, &entrant, entry);
		Self::deposit_event(Event::EntryDepositReclaimed { draw: id, entrant, amount });
		Ok(())
	}

	/// Draws the selection of `draw` from `seed`: the members chosen and the
	/// pool positions tried. Reads only; the same seed gives the same list.
	pub fn select(
		id: DrawId,
		draw: &DrawOf<T>,
		seed: Randomness,
	) -> Result<(Vec<T::AccountId>, u32), DispatchError> {
		let mut rng = DrawRng::new(seed);
		let mut attempts: u32 = 0;
		let city = draw.city;
		let at = draw.snapshot;
		let map = |e: SampleError| match e {
			SampleError::PoolExhausted => Error::<T>::PoolExhausted,
			SampleError::TooManyAttempts => Error::<T>::TooManyAttempts,
		};
		let chosen = match &draw.kind {
			DrawKind::Lottery { winners, .. } => {
				let wanted = (*winners).min(draw.entrants);
				selection::sample(&mut rng, draw.entrants, wanted, wanted, &mut attempts, |p| {
					Entrants::<T>::get(id, p)
				})
				.map_err(map)?
			}
			DrawKind::Panel { seats, quotas } => {
				let budget = seats.saturating_mul(T::AttemptsPerSeat::get());
				if quotas.is_empty() {
					let pool = T::Residents::roll_len(city);
					selection::sample(&mut rng, pool, *seats, budget, &mut attempts, |p| {
						T::Residents::roll_entry(city, p)
							.and_then(|certificate| T::Residents::holder_at(certificate, at))
					})
					.map_err(map)?
				} else {
					let mut chosen = Vec::with_capacity(*seats as usize);
					for quota in quotas.iter() {
						let stratum = quota.stratum;
						let pool = StratumPoolLength::<T>::get(city, stratum);
						let part = selection::sample(
							&mut rng,
							pool,
							quota.seats,
							budget,
							&mut attempts,
							|p| {
								let d = StratumPool::<T>::get((city, stratum, p))?;
								let declared =
									d.declared_at <= at && d.withdrawn_at.is_none_or(|w| w > at);
								(declared
									&& T::Residents::holder_at(d.certificate, at).as_ref()
										== Some(&d.resident))
								.then_some(d.resident)
							},
						)
						.map_err(map)?;
						chosen.extend(part);
					}
					chosen
				}
			}
		};
		Ok((chosen, attempts))
	}

	/// Executes a draw; returns the positions tried and the commitments
	/// settled, for the weight.
	pub(crate) fn do_execute(id: DrawId) -> Result<(u32, u32), DispatchError> {
		let mut draw = Draws::<T>::get(id).ok_or(Error::<T>::UnknownDraw)?;
		ensure!(draw.status == DrawStatus::Open, Error::<T>::DrawClosed);
		let now = frame_system::Pallet::<T>::block_number();
		if let DrawKind::Lottery { entries_close, .. } = draw.kind {
			ensure!(now > entries_close, Error::<T>::EntriesStillOpen);
		}
		let randomness = Self::source_output(id, &draw.source)?;
		let seed = selection::draw_seed(&randomness, id);
		let (chosen, attempts) = Self::select(id, &draw, seed)?;
		let stored: Selection<T::AccountId, T::MaxSelected> =
			chosen.clone().try_into().map_err(|_| Error::<T>::TooManySelected)?;
		let commits = Self::settle_commitments(id, draw.city, true)?;
		Self::stop_awaiting(&draw.source);
		Results::<T>::insert(id, stored);
		draw.status = DrawStatus::Drawn { at: now, seed, randomness };
		Draws::<T>::insert(id, draw);
		Self::deposit_event(Event::Drawn { draw: id, randomness, seed, selected: chosen });
		Ok((attempts, commits))
	}

	/// Cancels an open draw; returns the commitments settled.
	pub(crate) fn do_cancel(who: T::AccountId, id: DrawId) -> Result<u32, DispatchError> {
		let mut draw = Draws::<T>::get(id).ok_or(Error::<T>::UnknownDraw)?;
		T::Offices::ensure_official(draw.city, CityRole::Registrar, &who)
			.map_err(|e| e.into_error(Error::<T>::NotRegistrar))?;
		ensure!(draw.status == DrawStatus::Open, Error::<T>::DrawClosed);
		let now = frame_system::Pallet::<T>::block_number();
		// Cities that let the reveal period pass lose their deposits; before
		// its end, no one is at fault.
		let forfeit = match draw.source {
			Source::CommitReveal { reveal_until, .. } => now > reveal_until,
			Source::Drand { .. } => false,
		};
		let commits = Self::settle_commitments(id, draw.city, forfeit)?;
		Self::stop_awaiting(&draw.source);
		draw.status = DrawStatus::Cancelled { at: now };
		Draws::<T>::insert(id, draw);
		Self::deposit_event(Event::DrawCancelled { draw: id });
		Ok(commits)
	}
}
