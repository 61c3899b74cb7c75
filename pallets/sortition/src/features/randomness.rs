//! The two sources of randomness: drand rounds verified on chain, and the
//! commit-reveal among cities.

use crate::{beacon, *};
use civitas_primitives::CityOffices;
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		UnixTime,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_io::hashing::blake2_256;
use sp_runtime::traits::{Saturating, UniqueSaturatedInto, Zero};

/// Domain of a commit-reveal commitment.
pub const REVEAL_DOMAIN: &[u8] = b"civitas/sortition/reveal/v1";
/// Domain of a commit-reveal output.
pub const COMMIT_REVEAL_DOMAIN: &[u8] = b"civitas/sortition/commit-reveal/v1";

/// The commitment a city publishes for `value`.
pub fn commitment_of(draw: DrawId, city: CityId, value: &Randomness) -> H256 {
	H256(blake2_256(&(REVEAL_DOMAIN, draw, city, value).encode()))
}

/// What a revealed value adds (by XOR) to the tally.
pub fn reveal_leaf(city: CityId, value: &Randomness) -> Randomness {
	blake2_256(&(city, value).encode())
}

/// The output of a commit-reveal draw from its tally's XOR.
pub fn commit_reveal_output(xor: &Randomness) -> Randomness {
	blake2_256(&(COMMIT_REVEAL_DOMAIN, xor).encode())
}

impl<T: Config> Pallet<T> {
	/// A beacon configuration is usable: a valid key and a non-zero period.
	pub(crate) fn check_beacon(config: &BeaconConfig) -> DispatchResult {
		ensure!(config.period > 0, Error::<T>::BadBeacon);
		// Verifying any signature under a bad key fails with BadPublicKey.
		match beacon::verify(&config.public_key, 1, &[0u8; 48]) {
			Err(beacon::BeaconError::BadPublicKey) => Err(Error::<T>::BadBeacon.into()),
			_ => Ok(()),
		}
	}

	/// The publication time of `round` if it is still in the future (and not
	/// further ahead than the longest wait).
	pub(crate) fn future_round_time(round: BeaconRound) -> Result<u64, DispatchError> {
		let config = Beacon::<T>::get().ok_or(Error::<T>::NoBeacon)?;
		let at = beacon::round_time(config.genesis_time, config.period, round)
			.ok_or(Error::<T>::RoundNotInFuture)?;
		let now = T::Time::now().as_secs();
		ensure!(at > now, Error::<T>::RoundNotInFuture);
		ensure!(!BeaconRounds::<T>::contains_key(round), Error::<T>::RoundNotInFuture);
		let wait_blocks: u64 = T::MaxWait::get().unique_saturated_into();
		let longest = wait_blocks.saturating_mul(T::BlockTimeMillis::get()) / 1000;
		ensure!(at - now <= longest, Error::<T>::TooFarAhead);
		Ok(at)
	}

	/// Checks a new draw's source at block `now`; a lottery passes the end
	/// of its entry window.
	pub(crate) fn check_source(
		source: &Source<BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
		entries_close: Option<BlockNumberFor<T>>,
	) -> DispatchResult {
		match *source {
			Source::Drand { round } => {
				Self::future_round_time(round)?;
			}
			Source::CommitReveal { commit_until, reveal_until } => {
				ensure!(
					now < commit_until && commit_until < reveal_until,
					Error::<T>::BadCommitRevealPeriods
				);
				ensure!(
					reveal_until.saturating_sub(now) <= T::MaxWait::get(),
					Error::<T>::TooFarAhead
				);
				if let Some(close) = entries_close {
					ensure!(close <= commit_until, Error::<T>::EntriesCloseAfterCommits);
				}
			}
		}
		Ok(())
	}

	/// Starts waiting for a new draw's randomness.
	pub(crate) fn await_source(draw: DrawId, source: &Source<BlockNumberFor<T>>) {
		match *source {
			Source::Drand { round } => AwaitedRounds::<T>::mutate(round, |n| n.saturating_inc()),
			Source::CommitReveal { .. } => Tallies::<T>::insert(draw, RevealTally::default()),
		}
	}

	/// Stops waiting for a closed draw's drand round.
	pub(crate) fn stop_awaiting(source: &Source<BlockNumberFor<T>>) {
		if let Source::Drand { round } = *source {
			AwaitedRounds::<T>::mutate_exists(round, |n| {
				let left = n.unwrap_or(0).saturating_sub(1);
				*n = (left > 0).then_some(left);
			});
		}
	}

	/// The source's randomness, if it has arrived.
	pub(crate) fn source_output(
		draw: DrawId,
		source: &Source<BlockNumberFor<T>>,
	) -> Result<Randomness, DispatchError> {
		match *source {
			Source::Drand { round } => {
				Ok(BeaconRounds::<T>::get(round).ok_or(Error::<T>::RandomnessNotReady)?.randomness)
			}
			Source::CommitReveal { reveal_until, .. } => {
				let now = frame_system::Pallet::<T>::block_number();
				ensure!(now > reveal_until, Error::<T>::RandomnessNotReady);
				let tally = Tallies::<T>::get(draw).unwrap_or_default();
				ensure!(tally.reveals >= T::MinReveals::get().max(1), Error::<T>::NotEnoughReveals);
				Ok(commit_reveal_output(&tally.xor))
			}
		}
	}

	pub(crate) fn do_record_round(
		round: BeaconRound,
		signature: beacon::Signature,
	) -> DispatchResult {
		let config = Beacon::<T>::get().ok_or(Error::<T>::NoBeacon)?;
		ensure!(AwaitedRounds::<T>::get(round) > 0, Error::<T>::RoundNotAwaited);
		ensure!(!BeaconRounds::<T>::contains_key(round), Error::<T>::RoundAlreadyRecorded);
		let randomness =
			beacon::verify(&config.public_key, round, &signature).map_err(|e| match e {
				beacon::BeaconError::BadPublicKey => Error::<T>::BadBeacon,
				beacon::BeaconError::MalformedSignature => Error::<T>::MalformedSignature,
				beacon::BeaconError::WrongSignature => Error::<T>::InvalidBeaconSignature,
			})?;
		BeaconRounds::<T>::insert(round, BeaconRecord { signature, randomness });
		Self::deposit_event(Event::BeaconRoundRecorded { round, randomness });
		Ok(())
	}

	/// The commit-reveal periods of an open draw.
	fn commit_reveal_periods(
		draw: &DrawOf<T>,
	) -> Result<(BlockNumberFor<T>, BlockNumberFor<T>), DispatchError> {
		ensure!(draw.status == DrawStatus::Open, Error::<T>::DrawClosed);
		match draw.source {
			Source::CommitReveal { commit_until, reveal_until } => Ok((commit_until, reveal_until)),
			Source::Drand { .. } => Err(Error::<T>::NotCommitReveal.into()),
		}
	}

	pub(crate) fn do_commit(
		registrar: T::AccountId,
		id: DrawId,
		city: CityId,
		commitment: H256,
	) -> DispatchResult {
		let draw = Draws::<T>::get(id).ok_or(Error::<T>::UnknownDraw)?;
		let (commit_until, _) = Self::commit_reveal_periods(&draw)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= commit_until, Error::<T>::CommitPeriodOver);
		ensure!(!Commitments::<T>::contains_key(id, city), Error::<T>::AlreadyCommitted);
		let mut tally = Tallies::<T>::get(id).unwrap_or_default();
		ensure!(tally.commits < T::MaxCommits::get(), Error::<T>::TooManyCommits);
		let deposit = T::CommitDeposit::get();
		T::Currency::hold(&HoldReason::CommitDeposit.into(), &registrar, deposit)
			.map_err(|_| Error::<T>::InsufficientDeposit)?;
		tally.commits.saturating_inc();
		Tallies::<T>::insert(id, tally);
		Commitments::<T>::insert(
			id,
			city,
			SeedCommitment { registrar, commitment, deposit, revealed: None },
		);
		Self::deposit_event(Event::SeedCommitted { draw: id, city, commitment });
		Ok(())
	}

	pub(crate) fn do_reveal(id: DrawId, city: CityId, value: Randomness) -> DispatchResult {
		let draw = Draws::<T>::get(id).ok_or(Error::<T>::UnknownDraw)?;
		let (commit_until, reveal_until) = Self::commit_reveal_periods(&draw)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(commit_until < now && now <= reveal_until, Error::<T>::NotRevealPeriod);
		let mut commit = Commitments::<T>::get(id, city).ok_or(Error::<T>::NotCommitted)?;
		ensure!(commit.revealed.is_none(), Error::<T>::AlreadyRevealed);
		ensure!(commit.commitment == commitment_of(id, city, &value), Error::<T>::RevealMismatch);
		T::Currency::release(
			&HoldReason::CommitDeposit.into(),
			&commit.registrar,
			commit.deposit,
			Precision::BestEffort,
		)?;
		let mut tally = Tallies::<T>::get(id).unwrap_or_default();
		let leaf = reveal_leaf(city, &value);
		for (x, l) in tally.xor.iter_mut().zip(leaf.iter()) {
			*x ^= l;
		}
		tally.reveals.saturating_inc();
		Tallies::<T>::insert(id, tally);
		commit.revealed = Some(value);
		commit.deposit = Zero::zero();
		Commitments::<T>::insert(id, city, commit);
		Self::deposit_event(Event::SeedRevealed { draw: id, city, value });
		Ok(())
	}

	/// Settles the commitments of a draw being closed: deposits of cities
	/// that did not reveal are forfeited to the draw city's treasury account
	/// if `forfeit` (burnt if the city has none or it cannot take them),
	/// released otherwise. Returns how many commitments there were.
	pub(crate) fn settle_commitments(
		id: DrawId,
		city: CityId,
		forfeit: bool,
	) -> Result<u32, DispatchError> {
		let reason: T::RuntimeHoldReason = HoldReason::CommitDeposit.into();
		let treasury = T::Offices::treasury_account(city);
		let mut count: u32 = 0;
		for (committed, mut commit) in Commitments::<T>::iter_prefix(id) {
			count.saturating_inc();
			if commit.revealed.is_some() || commit.deposit.is_zero() {
				continue;
			}
			let amount = commit.deposit;
			if forfeit {
				let moved = treasury.as_ref().is_some_and(|to| {
					T::Currency::transfer_on_hold(
						&reason,
						&commit.registrar,
						to,
						amount,
						Precision::BestEffort,
						Restriction::Free,
						Fortitude::Force,
					)
					.is_ok()
				});
				if !moved {
					T::Currency::burn_held(
						&reason,
						&commit.registrar,
						amount,
						Precision::BestEffort,
						Fortitude::Force,
					)?;
				}
				Self::deposit_event(Event::CommitDepositForfeited {
					draw: id,
					city: committed,
					amount,
				});
			} else {
				T::Currency::release(&reason, &commit.registrar, amount, Precision::BestEffort)?;
			}
			commit.deposit = Zero::zero();
			Commitments::<T>::insert(id, committed, commit);
		}
		Ok(count)
	}
}
