//! What must always hold of the draws, pools and deposits. Checked by
//! `try_state` and after every unit test.

use crate::{selection, *};
use alloc::{collections::BTreeMap, format, string::String, vec::Vec};
use frame_support::traits::{fungible::InspectHold, Get};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Checks every invariant; the error says which failed and where.
	pub fn check_invariants() -> Result<(), String> {
		let next = NextDrawId::<T>::get();
		let mut awaited: BTreeMap<BeaconRound, u32> = BTreeMap::new();
		let mut entry_held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut commit_held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, draw) in Draws::<T>::iter() {
			if id >= next {
				return Err(format!("draw {id} is not below the next id {next}"));
			}
			if let (DrawStatus::Open, Source::Drand { round }) = (&draw.status, &draw.source) {
				let n = awaited.entry(*round).or_default();
				*n = n.saturating_add(1);
			}
			let entries: Vec<_> = Entries::<T>::iter_prefix(id).collect();
			if entries.len() as u32 != draw.entrants || draw.entrants > T::MaxEntrants::get() {
				return Err(format!(
					"draw {id} counts {} entrants, has {}",
					draw.entrants,
					entries.len()
				));
			}
			for (entrant, entry) in entries {
				if Entrants::<T>::get(id, entry.position).as_ref() != Some(&entrant) {
					return Err(format!("draw {id}: entry and pool position disagree"));
				}
				let held = entry_held.entry(entrant).or_insert_with(Zero::zero);
				*held = held.saturating_add(entry.deposit);
			}
			let (wanted, quotas) = match &draw.kind {
				DrawKind::Lottery { winners, .. } => ((*winners).min(draw.entrants), None),
				DrawKind::Panel { seats, quotas } => (*seats, Some(quotas)),
			};
			if let Some(quotas) = quotas.filter(|q| !q.is_empty()) {
				let total = quotas.iter().fold(0u32, |t, q| t.saturating_add(q.seats));
				if total != wanted {
					return Err(format!("panel {id}: quotas sum to {total}, not {wanted}"));
				}
			}
			let result = Results::<T>::get(id);
			match (&draw.status, result) {
				(DrawStatus::Drawn { seed, randomness, .. }, Some(result)) => {
					if *seed != selection::draw_seed(randomness, id) {
						return Err(format!("draw {id}: seed not derived from its randomness"));
					}
					if result.len() as u32 != wanted {
						return Err(format!(
							"draw {id}: {} selected, {wanted} wanted",
							result.len()
						));
					}
					match Self::select(id, &draw, *seed) {
						Ok((again, _)) if again == result.to_vec() => {}
						_ => {
							return Err(format!(
								"draw {id}: its result does not replay from its seed"
							))
						}
					}
				}
				(DrawStatus::Drawn { .. }, None) => {
					return Err(format!("draw {id} is drawn without a result"))
				}
				(_, Some(_)) => return Err(format!("draw {id} has a result but is not drawn")),
				_ => {}
			}
			let mut tally = RevealTally::default();
			for (city, commit) in Commitments::<T>::iter_prefix(id) {
				tally.commits.saturating_inc();
				if let Some(value) = commit.revealed {
					tally.reveals.saturating_inc();
					let leaf = crate::reveal_leaf(city, &value);
					for (x, l) in tally.xor.iter_mut().zip(leaf.iter()) {
						*x ^= l;
					}
				}
				let held = commit_held.entry(commit.registrar).or_insert_with(Zero::zero);
				*held = held.saturating_add(commit.deposit);
			}
			if matches!(draw.source, Source::CommitReveal { .. })
				&& Tallies::<T>::get(id) != Some(tally)
			{
				return Err(format!("draw {id}: the reveal tally disagrees with its commitments"));
			}
		}
		for (round, n) in AwaitedRounds::<T>::iter() {
			if awaited.remove(&round) != Some(n) {
				return Err(format!("round {round} is awaited by {n}, not by the open draws"));
			}
		}
		if !awaited.is_empty() {
			return Err(format!(
				"rounds {:?} awaited by open draws are not counted",
				awaited.keys()
			));
		}
		for (who, held) in entry_held {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::EntryDeposit.into(), &who);
			if on_hold != held {
				return Err(format!("{who:?} holds {on_hold:?} for entries, owes {held:?}"));
			}
		}
		for (who, held) in commit_held {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::CommitDeposit.into(), &who);
			if on_hold != held {
				return Err(format!("{who:?} holds {on_hold:?} for commitments, owes {held:?}"));
			}
		}
		let mut sizes: BTreeMap<(CityId, Stratum), u32> = BTreeMap::new();
		for (city, resident, declared) in Declarations::<T>::iter() {
			for (position, stratum) in
				declared.positions.into_iter().zip(Stratum::of(&declared.categories))
			{
				match StratumPool::<T>::get((city, stratum, position)) {
					Some(d) if d.resident == resident && d.withdrawn_at.is_none() => {}
					_ => {
						return Err(format!(
							"declaration of {resident:?} in {city} is not on its pool"
						))
					}
				}
				let n = sizes.entry((city, stratum)).or_default();
				*n = n.saturating_add(1);
			}
		}
		for (city, stratum, size) in StratumSize::<T>::iter() {
			if sizes.remove(&(city, stratum)).unwrap_or(0) != size {
				return Err(format!("stratum {stratum:?} of {city} counts {size}, wrongly"));
			}
		}
		if sizes.values().any(|n| *n > 0) {
			return Err(String::from("a declared stratum has no size"));
		}
		Ok(())
	}
}
