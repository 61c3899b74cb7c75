//! Unit tests: every call's happy and unhappy paths, the draw algorithm's
//! determinism and fairness, and a pool of a million residents.
//!
//! Failing calls are checked with `assert_noop!` (storage root unchanged);
//! the mocks of offices and residents are only read by this pallet.

use crate::{beacon::recorded::ROUNDS, mock::*, selection::*, *};
use civitas_primitives::{offices::testing::TestOffices, residency::roll_testing::TestResidents};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use sp_runtime::DispatchError;

type E = Error<Test>;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn drand(round: BeaconRound) -> Source<u64> {
	Source::Drand { round }
}

fn recorded(round: BeaconRound) -> (beacon::Signature, Randomness) {
	let (_, signature, randomness) =
		ROUNDS.iter().find(|(r, ..)| *r == round).copied().expect("a recorded round");
	(signature, randomness)
}

fn record(round: BeaconRound) {
	assert_ok!(Sortition::record_beacon_round(signed(STRANGER), round, recorded(round).0));
}

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&reason.into(), &who)
}

/// Tallinn's Registrar creates a lottery; returns its id.
fn lottery(
	winners: u32,
	close: u64,
	deposit: u64,
	residents_only: bool,
	source: Source<u64>,
) -> DrawId {
	let id = NextDrawId::<Test>::get();
	assert_ok!(Sortition::create_lottery(
		signed(REGISTRAR),
		TALLINN,
		winners,
		close,
		deposit,
		residents_only,
		source
	));
	id
}

/// Makes `people` residents of `city` from the current block.
fn residents(city: CityId, people: impl IntoIterator<Item = u64>) -> Vec<u64> {
	let now = System::block_number();
	people
		.into_iter()
		.inspect(|who| {
			TestResidents::issue(city, *who, now);
		})
		.collect()
}

fn quotas(list: &[(Stratum, u32)]) -> BoundedVec<Quota, <Test as Config>::MaxQuotas> {
	list.iter()
		.map(|(stratum, seats)| Quota { stratum: *stratum, seats: *seats })
		.collect::<Vec<_>>()
		.try_into()
		.expect("within MaxQuotas")
}

/// Tallinn's Registrar creates a panel; returns its id.
fn panel(seats: u32, list: &[(Stratum, u32)], source: Source<u64>) -> DrawId {
	let id = NextDrawId::<Test>::get();
	assert_ok!(Sortition::create_panel(signed(REGISTRAR), TALLINN, seats, quotas(list), source));
	id
}

fn result(id: DrawId) -> Vec<u64> {
	Results::<Test>::get(id).expect("a result").to_vec()
}

fn status(id: DrawId) -> DrawStatus<u64> {
	Draws::<Test>::get(id).expect("the draw").status
}

// --- the beacon ---

#[test]
fn a_recorded_round_is_verified_and_kept() {
	test(|| {
		let id = lottery(1, 5, 0, false, drand(1000));
		assert_eq!(AwaitedRounds::<Test>::get(1000), 1);
		record(1000);
		let (signature, randomness) = recorded(1000);
		assert_eq!(BeaconRounds::<Test>::get(1000), Some(BeaconRecord { signature, randomness }));
		assert!(events().contains(&Event::BeaconRoundRecorded { round: 1000, randomness }));
		assert_eq!(status(id), DrawStatus::Open);
	});
}

#[test]
fn forged_wrong_round_unawaited_and_repeated_rounds_are_refused() {
	test(|| {
		lottery(1, 5, 0, false, drand(1001));
		let (of_1001, _) = recorded(1001);
		let (of_1002, _) = recorded(1002);
		// Round 1002's signature offered as round 1001's.
		assert_noop!(
			Sortition::record_beacon_round(signed(STRANGER), 1001, of_1002),
			E::InvalidBeaconSignature
		);
		// A flipped bit: not on the curve, or not the signature.
		let mut forged = of_1001;
		forged[20] ^= 0x40;
		let refused = Sortition::record_beacon_round(signed(STRANGER), 1001, forged);
		assert!(
			refused == Err(E::InvalidBeaconSignature.into())
				|| refused == Err(E::MalformedSignature.into())
		);
		assert_noop!(
			Sortition::record_beacon_round(signed(STRANGER), 1001, [0xff; 48]),
			E::MalformedSignature
		);
		// No draw awaits round 1002, even with its true signature.
		assert_noop!(
			Sortition::record_beacon_round(signed(STRANGER), 1002, of_1002),
			E::RoundNotAwaited
		);
		assert_noop!(
			Sortition::record_beacon_round(RuntimeOrigin::none(), 1001, of_1001),
			DispatchError::BadOrigin
		);
		record(1001);
		assert_noop!(
			Sortition::record_beacon_round(signed(STRANGER), 1001, of_1001),
			E::RoundAlreadyRecorded
		);
	});
}

#[test]
fn a_draw_must_name_a_future_round_not_too_far_ahead() {
	test(|| {
		// Round 1000 is a minute ahead; round 980 was a minute ago.
		assert_noop!(
			Sortition::create_lottery(signed(REGISTRAR), TALLINN, 1, 5, 0, false, drand(980)),
			E::RoundNotInFuture
		);
		assert_noop!(
			Sortition::create_lottery(signed(REGISTRAR), TALLINN, 1, 5, 0, false, drand(0)),
			E::RoundNotInFuture
		);
		// MaxWait is 100 blocks of 6 s: 600 s, 200 rounds.
		assert_noop!(
			Sortition::create_lottery(signed(REGISTRAR), TALLINN, 1, 5, 0, false, drand(1200)),
			E::TooFarAhead
		);
		// Once the clock passes round 1000, it is no longer in the future.
		run_to(12);
		assert_noop!(
			Sortition::create_lottery(signed(REGISTRAR), TALLINN, 1, 15, 0, false, drand(1000)),
			E::RoundNotInFuture
		);
	});
}

#[test]
fn the_beacon_is_set_by_root_only_and_must_be_valid() {
	test(|| {
		let good = Beacon::<Test>::get().expect("genesis beacon");
		assert_noop!(Sortition::set_beacon(signed(REGISTRAR), good), DispatchError::BadOrigin);
		let mut bad_key = good;
		bad_key.public_key[5] ^= 1;
		assert_noop!(Sortition::set_beacon(RuntimeOrigin::root(), bad_key), E::BadBeacon);
		assert_noop!(
			Sortition::set_beacon(RuntimeOrigin::root(), BeaconConfig { period: 0, ..good }),
			E::BadBeacon
		);
		let later = BeaconConfig { genesis_time: good.genesis_time + 60, ..good };
		assert_ok!(Sortition::set_beacon(RuntimeOrigin::root(), later));
		assert_eq!(Beacon::<Test>::get(), Some(later));
	});
}

// --- lotteries ---

#[test]
fn a_drand_lottery_runs_from_entry_to_reclaimed_deposits() {
	test(|| {
		let id = lottery(2, 5, 10, false, drand(1000));
		let people = [MARI, JAAN, 51, 52, 53];
		for who in people {
			assert_ok!(Sortition::enter(signed(who), id));
		}
		assert_eq!(held(HoldReason::EntryDeposit, MARI), 10);
		assert_eq!(Entrants::<Test>::get(id, 2), Some(51));
		// Entries closed at block 5; the round comes out at block 11.
		run_to(6);
		assert_noop!(Sortition::enter(signed(54), id), E::EntriesClosed);
		assert_noop!(Sortition::execute_draw(signed(STRANGER), id), E::RandomnessNotReady);
		run_to(11);
		record(1000);
		assert_ok!(Sortition::execute_draw(signed(STRANGER), id));
		let randomness = recorded(1000).1;
		let seed = draw_seed(&randomness, id);
		// The result is the documented algorithm run on the entrants.
		let mut rng = DrawRng::new(seed);
		let mut attempts = 0;
		let expected = sample(&mut rng, 5, 2, 2, &mut attempts, |p| Some(people[p as usize]))
			.expect("a sample");
		assert_eq!(result(id), expected);
		assert_eq!(status(id), DrawStatus::Drawn { at: 11, seed, randomness });
		assert!(events().contains(&Event::Drawn {
			draw: id,
			randomness,
			seed,
			selected: expected
		}));
		assert_eq!(AwaitedRounds::<Test>::get(1000), 0);
		// Executed once only.
		assert_noop!(Sortition::execute_draw(signed(STRANGER), id), E::DrawClosed);
		// Everyone reclaims, once.
		assert_ok!(Sortition::reclaim_entry_deposit(signed(MARI), id));
		assert_eq!(held(HoldReason::EntryDeposit, MARI), 0);
		assert_noop!(Sortition::reclaim_entry_deposit(signed(MARI), id), E::NothingToReclaim);
		assert_noop!(Sortition::reclaim_entry_deposit(signed(STRANGER), id), E::NotEntered);
	});
}

#[test]
fn entries_are_refused_after_the_window_twice_past_the_limit_or_without_residency() {
	test(|| {
		residents(TALLINN, [MARI]);
		let id =
			lottery(1, 20, 0, true, Source::CommitReveal { commit_until: 30, reveal_until: 40 });
		assert_noop!(Sortition::enter(signed(JAAN), id), E::NotAResident);
		assert_ok!(Sortition::enter(signed(MARI), id));
		assert_noop!(Sortition::enter(signed(MARI), id), E::AlreadyEntered);
		assert_noop!(Sortition::enter(signed(MARI), 77), E::UnknownDraw);
		// A lottery open to all fills up at MaxEntrants (30).
		let open = lottery(1, 20, 0, false, drand(1005));
		for who in 100..130 {
			assert_ok!(Sortition::enter(signed(who), open));
		}
		assert_noop!(Sortition::enter(signed(130), open), E::TooManyEntrants);
		// A deposit the entrant cannot hold.
		let dear = lottery(1, 20, ENDOWMENT * 2, false, drand(1005));
		assert_noop!(Sortition::enter(signed(MARI), dear), E::InsufficientDeposit);
		run_to(21);
		assert_noop!(Sortition::enter(signed(JAAN), open), E::EntriesClosed);
	});
}

#[test]
fn entries_stop_when_the_round_is_out_even_if_the_window_is_open() {
	test(|| {
		// The window runs to block 50, but round 1000 is published at block 11.
		let id = lottery(1, 50, 0, false, drand(1000));
		run_to(10);
		assert_ok!(Sortition::enter(signed(MARI), id));
		run_to(11);
		assert_noop!(Sortition::enter(signed(JAAN), id), E::EntriesClosed);
		// And the draw waits for the window's end.
		record(1000);
		assert_noop!(Sortition::execute_draw(signed(STRANGER), id), E::EntriesStillOpen);
		run_to(51);
		assert_ok!(Sortition::execute_draw(signed(STRANGER), id));
		assert_eq!(result(id), vec![MARI]);
	});
}

#[test]
fn a_lottery_needs_its_registrar_a_sane_window_and_a_sane_size() {
	test(|| {
		let create = |who, city, winners, close, source| {
			Sortition::create_lottery(signed(who), city, winners, close, 0, false, source)
		};
		assert_noop!(create(STRANGER, TALLINN, 1, 5, drand(1000)), E::NotRegistrar);
		assert_noop!(create(TREASURER, TALLINN, 1, 5, drand(1000)), E::NotRegistrar);
		assert_noop!(create(TARTU_REGISTRAR, TALLINN, 1, 5, drand(1000)), E::NotRegistrar);
		assert_noop!(create(REGISTRAR, 9, 1, 5, drand(1000)), E::UnknownCity);
		assert_noop!(create(REGISTRAR, TALLINN, 0, 5, drand(1000)), E::NothingToDraw);
		assert_noop!(create(REGISTRAR, TALLINN, 21, 5, drand(1000)), E::TooManySelected);
		assert_noop!(create(REGISTRAR, TALLINN, 1, 1, drand(1000)), E::EntryWindowInPast);
		assert_noop!(create(REGISTRAR, TALLINN, 1, 102, drand(1000)), E::TooFarAhead);
		let cr = |commit_until, reveal_until| Source::CommitReveal { commit_until, reveal_until };
		assert_noop!(create(REGISTRAR, TALLINN, 1, 5, cr(4, 9)), E::EntriesCloseAfterCommits);
		assert_noop!(create(REGISTRAR, TALLINN, 1, 5, cr(9, 9)), E::BadCommitRevealPeriods);
		assert_noop!(create(REGISTRAR, TALLINN, 1, 5, cr(1, 9)), E::BadCommitRevealPeriods);
		assert_noop!(create(REGISTRAR, TALLINN, 1, 5, cr(9, 102)), E::TooFarAhead);
		assert_noop!(
			Sortition::create_lottery(RuntimeOrigin::none(), TALLINN, 1, 5, 0, false, drand(1000)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn fewer_entrants_than_winners_all_win_and_an_empty_lottery_draws_no_one() {
	test(|| {
		let id = lottery(5, 5, 0, false, drand(1000));
		let empty = lottery(5, 5, 0, false, drand(1000));
		assert_ok!(Sortition::enter(signed(MARI), id));
		assert_ok!(Sortition::enter(signed(JAAN), id));
		run_to(11);
		record(1000);
		assert_ok!(Sortition::execute_draw(signed(STRANGER), id));
		let mut won = result(id);
		won.sort();
		assert_eq!(won, vec![MARI, JAAN]);
		assert_ok!(Sortition::execute_draw(signed(STRANGER), empty));
		assert_eq!(result(empty), Vec::<u64>::new());
	});
}

#[test]
fn a_cancelled_lottery_frees_its_round_and_deposits() {
	test(|| {
		let id = lottery(1, 5, 10, false, drand(1000));
		assert_ok!(Sortition::enter(signed(MARI), id));
		assert_noop!(Sortition::reclaim_entry_deposit(signed(MARI), id), E::DrawStillOpen);
		assert_noop!(Sortition::cancel_draw(signed(TARTU_REGISTRAR), id), E::NotRegistrar);
		assert_noop!(Sortition::cancel_draw(signed(STRANGER), id), E::NotRegistrar);
		assert_ok!(Sortition::cancel_draw(signed(REGISTRAR), id));
		assert_eq!(status(id), DrawStatus::Cancelled { at: 1 });
		assert_eq!(AwaitedRounds::<Test>::get(1000), 0);
		assert_noop!(Sortition::cancel_draw(signed(REGISTRAR), id), E::DrawClosed);
		assert_noop!(Sortition::enter(signed(JAAN), id), E::DrawClosed);
		run_to(11);
		assert_noop!(
			Sortition::record_beacon_round(signed(STRANGER), 1000, recorded(1000).0),
			E::RoundNotAwaited
		);
		assert_noop!(Sortition::execute_draw(signed(STRANGER), id), E::DrawClosed);
		assert_ok!(Sortition::reclaim_entry_deposit(signed(MARI), id));
		assert_eq!(Balances::free_balance(MARI), ENDOWMENT);
	});
}

// --- panels ---

#[test]
fn a_panel_is_drawn_from_the_residents_in_force_at_its_snapshot() {
	test(|| {
		let early = residents(TALLINN, 100..120);
		let gone = residents(TALLINN, 120..130);
		residents(TARTU, 130..140);
		run_to(3);
		for (i, who) in gone.iter().enumerate() {
			// Their certificates end before the snapshot (block 4).
			TestResidents::end(20 + i as u32, 3);
			let _ = who;
		}
		run_to(4);
		let id = panel(8, &[], drand(1000));
		// Added after the snapshot: never in this panel.
		run_to(5);
		residents(TALLINN, 140..160);
		// Ended after the snapshot: still in its pool.
		TestResidents::end(0, 6);
		run_to(11);
		record(1000);
		assert_ok!(Sortition::execute_draw(signed(STRANGER), id));
		let chosen = result(id);
		assert_eq!(chosen.len(), 8);
		let mut unique = chosen.clone();
		unique.sort();
		unique.dedup();
		assert_eq!(unique.len(), 8);
		assert!(chosen.iter().all(|who| early.contains(who)), "{chosen:?}");
	});
}

#[test]
fn a_panel_cannot_outnumber_the_pool_and_needs_its_registrar() {
	test(|| {
		residents(TALLINN, 100..105);
		assert_noop!(
			Sortition::create_panel(signed(REGISTRAR), TALLINN, 6, quotas(&[]), drand(1000)),
			E::PanelLargerThanPool
		);
		assert_noop!(
			Sortition::create_panel(signed(TARTU_REGISTRAR), TALLINN, 2, quotas(&[]), drand(1000)),
			E::NotRegistrar
		);
		assert_noop!(
			Sortition::create_panel(signed(REGISTRAR), TALLINN, 0, quotas(&[]), drand(1000)),
			E::NothingToDraw
		);
		// Five in force at creation, but four ended at the snapshot block
		// itself: the pool runs dry and the draw can only be cancelled.
		let id = panel(5, &[], drand(1000));
		for certificate in 0..4 {
			TestResidents::end(certificate, 1);
		}
		run_to(11);
		record(1000);
		assert_noop!(Sortition::execute_draw(signed(STRANGER), id), E::PoolExhausted);
		assert_ok!(Sortition::cancel_draw(signed(REGISTRAR), id));
	});
}

/// A pool whose certificates all ended at the snapshot is not walked to the
/// end: the draw stops after `AttemptsPerSeat` (8) positions per seat.
#[test]
fn a_pool_of_ended_certificates_runs_out_of_attempts() {
	test(|| {
		residents(TALLINN, 100..400);
		let id = panel(2, &[], drand(1000));
		for certificate in 0..300 {
			TestResidents::end(certificate, 1);
		}
		run_to(11);
		record(1000);
		assert_noop!(Sortition::execute_draw(signed(STRANGER), id), E::TooManyAttempts);
	});
}

fn declare(who: u64, neighbourhood: u16, age_band: AgeBand) {
	assert_ok!(Sortition::declare_categories(
		signed(who),
		TALLINN,
		Categories { neighbourhood, age_band }
	));
}

#[test]
fn declarations_need_residency_a_known_neighbourhood_and_one_at_a_time() {
	test(|| {
		residents(TALLINN, [MARI]);
		let kalamaja = Categories { neighbourhood: 3, age_band: AgeBand::From30To44 };
		assert_noop!(
			Sortition::declare_categories(signed(JAAN), TALLINN, kalamaja),
			E::NotAResident
		);
		assert_noop!(Sortition::declare_categories(signed(MARI), TARTU, kalamaja), E::NotAResident);
		assert_noop!(
			Sortition::declare_categories(
				signed(MARI),
				TALLINN,
				Categories { neighbourhood: 10, ..kalamaja }
			),
			E::UnknownNeighbourhood
		);
		assert_ok!(Sortition::declare_categories(signed(MARI), TALLINN, kalamaja));
		assert_eq!(StratumSize::<Test>::get(TALLINN, Stratum::Neighbourhood(3)), 1);
		assert_eq!(StratumSize::<Test>::get(TALLINN, Stratum::Cell(3, AgeBand::From30To44)), 1);
		assert_noop!(
			Sortition::declare_categories(signed(MARI), TALLINN, kalamaja),
			E::AlreadyDeclared
		);
		assert_ok!(Sortition::withdraw_categories(signed(MARI), TALLINN));
		assert_eq!(StratumSize::<Test>::get(TALLINN, Stratum::AgeBand(AgeBand::From30To44)), 0);
		assert_noop!(Sortition::withdraw_categories(signed(MARI), TALLINN), E::NotDeclared);
		// A new declaration takes new positions; the old one stays, withdrawn.
		assert_ok!(Sortition::declare_categories(signed(MARI), TALLINN, kalamaja));
		assert_eq!(StratumPoolLength::<Test>::get(TALLINN, Stratum::Neighbourhood(3)), 2);
	});
}

/// 60 residents: neighbourhoods 0..3 and four age bands, declared.
fn declared_city() -> Vec<(u64, u16, AgeBand)> {
	let bands = [AgeBand::From16To29, AgeBand::From30To44, AgeBand::From45To64, AgeBand::From65];
	let people: Vec<_> =
		(0..60u64).map(|i| (100 + i, (i % 3) as u16, bands[(i / 3 % 4) as usize])).collect();
	residents(TALLINN, people.iter().map(|p| p.0));
	for (who, n, band) in &people {
		declare(*who, *n, *band);
	}
	people
}

#[test]
fn quotas_must_add_up_fit_their_strata_and_not_overlap() {
	test(|| {
		declared_city();
		let n = |k| Stratum::Neighbourhood(k);
		let create = |seats, list: &[(Stratum, u32)]| {
			Sortition::create_panel(signed(REGISTRAR), TALLINN, seats, quotas(list), drand(1000))
		};
		assert_noop!(create(6, &[(n(0), 3), (n(1), 2)]), E::QuotasDoNotAddUp);
		// Five residents declared neighbourhood 0 and the youngest band.
		let young = Stratum::Cell(0, AgeBand::From16To29);
		assert_noop!(create(6, &[(young, 6)]), E::QuotaExceedsStratum);
		assert_noop!(create(5, &[(n(0), 3), (n(1), 2), (n(2), 0)]), E::EmptyQuota);
		assert_noop!(create(4, &[(n(0), 2), (n(0), 2)]), E::OverlappingStrata);
		assert_noop!(
			create(4, &[(n(0), 2), (Stratum::AgeBand(AgeBand::From65), 2)]),
			E::OverlappingStrata
		);
		assert_noop!(create(2, &[(n(12), 2)]), E::UnknownNeighbourhood);
		assert_ok!(create(6, &[(n(0), 3), (n(1), 2), (n(2), 1)]));
	});
}

#[test]
fn a_stratified_panel_fills_every_quota_from_its_stratum_at_the_snapshot() {
	test(|| {
		let people = declared_city();
		let of = |who: &u64| people.iter().find(|p| p.0 == *who).copied().expect("a resident");
		let cell = |k, b| Stratum::Cell(k, b);
		let list = [
			(cell(0, AgeBand::From16To29), 2),
			(cell(1, AgeBand::From65), 3),
			(cell(2, AgeBand::From45To64), 1),
		];
		let id = panel(6, &list, drand(1000));
		// Changes after the snapshot do not count: a withdrawal and a newcomer.
		run_to(3);
		assert_ok!(Sortition::withdraw_categories(signed(100), TALLINN));
		residents(TALLINN, [500]);
		declare(500, 0, AgeBand::From16To29);
		run_to(11);
		record(1000);
		assert_ok!(Sortition::execute_draw(signed(STRANGER), id));
		let chosen = result(id);
		assert_eq!(chosen.len(), 6);
		assert!(!chosen.contains(&500));
		// Seats in quota order: 2 + 3 + 1.
		assert!(chosen[0..2].iter().all(|w| matches!(of(w), (_, 0, AgeBand::From16To29))));
		assert!(chosen[2..5].iter().all(|w| matches!(of(w), (_, 1, AgeBand::From65))));
		assert!(matches!(of(&chosen[5]), (_, 2, AgeBand::From45To64)));
	});
}

// --- commit-reveal ---

fn value(city: CityId) -> Randomness {
	[city as u8 * 17; 32]
}

fn commit(who: u64, id: DrawId, city: CityId) {
	assert_ok!(Sortition::commit_seed(
		signed(who),
		id,
		city,
		commitment_of(id, city, &value(city))
	));
}

#[test]
fn commit_reveal_completes_from_the_reveals_and_forfeits_the_silent_city() {
	test(|| {
		let people = residents(TALLINN, 100..110);
		let id = panel(3, &[], Source::CommitReveal { commit_until: 5, reveal_until: 10 });
		commit(REGISTRAR, id, TALLINN);
		commit(TARTU_REGISTRAR, id, TARTU);
		commit(NARVA_REGISTRAR, id, NARVA);
		assert_eq!(held(HoldReason::CommitDeposit, NARVA_REGISTRAR), COMMIT_DEPOSIT);
		run_to(6);
		assert_ok!(Sortition::reveal_seed(signed(REGISTRAR), id, TALLINN, value(TALLINN)));
		assert_ok!(Sortition::reveal_seed(signed(TARTU_REGISTRAR), id, TARTU, value(TARTU)));
		assert_eq!(held(HoldReason::CommitDeposit, REGISTRAR), 0);
		// Narva stays silent.
		run_to(10);
		assert_noop!(Sortition::execute_draw(signed(STRANGER), id), E::RandomnessNotReady);
		run_to(11);
		assert_ok!(Sortition::execute_draw(signed(STRANGER), id));
		// Narva's deposit went to Tallinn's treasury account.
		assert_eq!(held(HoldReason::CommitDeposit, NARVA_REGISTRAR), 0);
		assert_eq!(Balances::free_balance(NARVA_REGISTRAR), ENDOWMENT - COMMIT_DEPOSIT);
		assert_eq!(Balances::free_balance(TALLINN_TREASURY), ENDOWMENT + COMMIT_DEPOSIT);
		assert!(events().contains(&Event::CommitDepositForfeited {
			draw: id,
			city: NARVA,
			amount: COMMIT_DEPOSIT
		}));
		// The output mixes exactly the two revealed values, in any order.
		let mut xor = reveal_leaf(TARTU, &value(TARTU));
		for (x, l) in xor.iter_mut().zip(reveal_leaf(TALLINN, &value(TALLINN))) {
			*x ^= l;
		}
		let randomness = commit_reveal_output(&xor);
		let seed = draw_seed(&randomness, id);
		assert_eq!(status(id), DrawStatus::Drawn { at: 11, seed, randomness });
		let mut rng = DrawRng::new(seed);
		let mut attempts = 0;
		let expected = sample(&mut rng, 10, 3, 24, &mut attempts, |p| Some(people[p as usize]))
			.expect("sample");
		assert_eq!(result(id), expected);
	});
}

#[test]
fn commitments_and_reveals_are_checked() {
	test(|| {
		let id =
			lottery(1, 5, 0, false, Source::CommitReveal { commit_until: 5, reveal_until: 10 });
		let beacon_draw = lottery(1, 5, 0, false, drand(1000));
		let c = commitment_of(id, TALLINN, &value(TALLINN));
		assert_noop!(Sortition::commit_seed(signed(STRANGER), id, TALLINN, c), E::NotRegistrar);
		assert_noop!(Sortition::commit_seed(signed(REGISTRAR), id, TARTU, c), E::NotRegistrar);
		assert_noop!(
			Sortition::commit_seed(signed(REGISTRAR), beacon_draw, TALLINN, c),
			E::NotCommitReveal
		);
		assert_noop!(Sortition::commit_seed(signed(REGISTRAR), 9, TALLINN, c), E::UnknownDraw);
		commit(REGISTRAR, id, TALLINN);
		assert_noop!(
			Sortition::commit_seed(signed(REGISTRAR), id, TALLINN, c),
			E::AlreadyCommitted
		);
		// Reveals only in the reveal period.
		assert_noop!(
			Sortition::reveal_seed(signed(REGISTRAR), id, TALLINN, value(TALLINN)),
			E::NotRevealPeriod
		);
		commit(TARTU_REGISTRAR, id, TARTU);
		commit(NARVA_REGISTRAR, id, NARVA);
		run_to(6);
		assert_noop!(
			Sortition::commit_seed(signed(NARVA_REGISTRAR), id, NARVA, c),
			E::CommitPeriodOver
		);
		assert_noop!(
			Sortition::reveal_seed(signed(REGISTRAR), id, TALLINN, value(TARTU)),
			E::RevealMismatch
		);
		assert_noop!(
			Sortition::reveal_seed(signed(TARTU_REGISTRAR), id, TALLINN, value(TALLINN)),
			E::NotRegistrar
		);
		assert_ok!(Sortition::reveal_seed(signed(REGISTRAR), id, TALLINN, value(TALLINN)));
		assert_noop!(
			Sortition::reveal_seed(signed(REGISTRAR), id, TALLINN, value(TALLINN)),
			E::AlreadyRevealed
		);
		run_to(11);
		assert_noop!(
			Sortition::reveal_seed(signed(TARTU_REGISTRAR), id, TARTU, value(TARTU)),
			E::NotRevealPeriod
		);
	});
}

#[test]
fn a_fourth_city_cannot_commit_past_max_commits() {
	test(|| {
		TestOffices::add_city(4, 400, 4000);
		TestOffices::appoint(4, civitas_primitives::CityRole::Registrar, 44);
		let id =
			lottery(1, 5, 0, false, Source::CommitReveal { commit_until: 5, reveal_until: 10 });
		commit(REGISTRAR, id, TALLINN);
		commit(TARTU_REGISTRAR, id, TARTU);
		commit(NARVA_REGISTRAR, id, NARVA);
		assert_noop!(
			Sortition::commit_seed(signed(44), id, 4, commitment_of(id, 4, &value(4))),
			E::TooManyCommits
		);
	});
}

#[test]
fn without_reveals_the_draw_is_cancelled_and_silent_cities_forfeit() {
	test(|| {
		let id =
			lottery(1, 5, 0, false, Source::CommitReveal { commit_until: 5, reveal_until: 10 });
		let early =
			lottery(1, 5, 0, false, Source::CommitReveal { commit_until: 5, reveal_until: 10 });
		commit(REGISTRAR, id, TALLINN);
		commit(TARTU_REGISTRAR, early, TARTU);
		// Cancelled before the reveal period ends: no one is at fault.
		assert_ok!(Sortition::cancel_draw(signed(REGISTRAR), early));
		assert_eq!(Balances::free_balance(TARTU_REGISTRAR), ENDOWMENT);
		run_to(11);
		assert_noop!(Sortition::execute_draw(signed(STRANGER), id), E::NotEnoughReveals);
		assert_ok!(Sortition::cancel_draw(signed(REGISTRAR), id));
		assert_eq!(Balances::free_balance(REGISTRAR), ENDOWMENT - COMMIT_DEPOSIT);
		assert_eq!(Balances::free_balance(TALLINN_TREASURY), ENDOWMENT + COMMIT_DEPOSIT);
	});
}

// --- the algorithm ---

/// Chi-square statistic of observed counts against a uniform expectation.
fn chi_square(counts: &[u32], expected: f64) -> f64 {
	counts.iter().map(|c| (f64::from(*c) - expected).powi(2) / expected).sum()
}

/// The 0.999 quantile of chi-square with `df` degrees of freedom
/// (Wilson-Hilferty; z = 3.090), so a fair sampler fails the test with
/// probability 0.1% for a given seed set, and the seeds below are fixed.
fn chi_square_critical(df: f64) -> f64 {
	let z = 3.090_232;
	let a = 2.0 / (9.0 * df);
	df * (1.0 - a + z * a.sqrt()).powi(3)
}

fn seed(i: u32) -> Randomness {
	draw_seed(&[7u8; 32], i)
}

/// 20 000 draws of 6 from a pool of 40: every member's selection count is
/// within the chi-square bound at significance 0.001 (df = 39), and so is the
/// count of each first-drawn position; a sampler with modulo bias fails.
#[test]
fn selection_frequencies_are_uniform_by_chi_square() {
	const POOL: u32 = 40;
	const SEATS: u32 = 6;
	const DRAWS: u32 = 20_000;
	let mut counts = [0u32; POOL as usize];
	let mut first = [0u32; POOL as usize];
	for i in 0..DRAWS {
		let mut rng = DrawRng::new(seed(i));
		let mut attempts = 0;
		let chosen = sample(&mut rng, POOL, SEATS, SEATS, &mut attempts, Some).expect("sample");
		let mut unique = chosen.clone();
		unique.sort();
		unique.dedup();
		assert_eq!(unique.len(), SEATS as usize, "no one twice");
		first[chosen[0] as usize] += 1;
		for c in chosen {
			counts[c as usize] += 1;
		}
	}
	let critical = chi_square_critical(f64::from(POOL - 1));
	let all = chi_square(&counts, f64::from(DRAWS * SEATS) / f64::from(POOL));
	let firsts = chi_square(&first, f64::from(DRAWS) / f64::from(POOL));
	assert!(all < critical, "chi-square {all} >= {critical}");
	assert!(firsts < critical, "chi-square {firsts} >= {critical}");

	// The same test catches a biased sampler: one that takes 8 random bits
	// modulo the pool (positions below 256 mod 40 = 16 come up more often).
	let mut biased = [0u32; POOL as usize];
	for i in 0..DRAWS {
		let mut rng = DrawRng::new(seed(i));
		biased[((rng.next_u64() & 0xff) % u64::from(POOL)) as usize] += 1;
	}
	let bias = chi_square(&biased, f64::from(DRAWS) / f64::from(POOL));
	assert!(bias > critical, "the biased sampler passed: {bias}");
}

/// 3 000 stratified panels: every quota holds every time, and within each
/// stratum every member's selection count passes chi-square.
#[test]
fn stratified_panels_always_meet_quotas_and_are_uniform_within_strata() {
	test(|| {
		let people = declared_city();
		let n = |k| Stratum::Neighbourhood(k);
		let list = [(n(0), 4), (n(1), 3), (n(2), 2)];
		let id = panel(9, &list, drand(1000));
		let draw = Draws::<Test>::get(id).expect("the panel");
		let mut counts = alloc::collections::BTreeMap::<u64, u32>::new();
		const DRAWS: u32 = 3_000;
		for i in 0..DRAWS {
			let (chosen, attempts) = Sortition::select(id, &draw, seed(i)).expect("a panel");
			assert_eq!(attempts, 9, "every declaration is in force");
			for (k, seats) in [(0u16, 4usize), (1, 3), (2, 2)] {
				let got = chosen.iter().filter(|w| people.iter().any(|p| p.0 == **w && p.1 == k));
				assert_eq!(got.count(), seats, "quota of neighbourhood {k}");
			}
			for who in chosen {
				*counts.entry(who).or_default() += 1;
			}
		}
		for (k, seats) in [(0u16, 4u32), (1, 3), (2, 2)] {
			let members: Vec<u32> = people
				.iter()
				.filter(|p| p.1 == k)
				.map(|p| counts.get(&p.0).copied().unwrap_or(0))
				.collect();
			let expected = f64::from(DRAWS * seats) / members.len() as f64;
			let stat = chi_square(&members, expected);
			let critical = chi_square_critical(members.len() as f64 - 1.0);
			assert!(stat < critical, "neighbourhood {k}: {stat} >= {critical}");
		}
	});
}

/// A panel of 20 from a roll of a million residents tries 20 positions:
/// the work follows the seats, not the pool.
#[test]
fn a_million_residents_cost_no_more_than_twenty() {
	test(|| {
		for who in 0..1_000_000u64 {
			TestResidents::issue(TALLINN, 10_000 + who, 1);
		}
		let id = panel(20, &[], drand(1000));
		let draw = Draws::<Test>::get(id).expect("the panel");
		let (chosen, attempts) = Sortition::select(id, &draw, seed(1)).expect("a panel");
		assert_eq!((chosen.len(), attempts), (20, 20));
		run_to(11);
		record(1000);
		assert_ok!(Sortition::execute_draw(signed(STRANGER), id));
		assert_eq!(result(id).len(), 20);
	});
}

#[test]
fn the_same_seed_always_gives_the_same_list_and_another_seed_another() {
	let draw = |s| {
		let mut rng = DrawRng::new(s);
		let mut attempts = 0;
		sample(&mut rng, 1000, 10, 10, &mut attempts, Some).expect("sample")
	};
	assert_eq!(draw(seed(1)), draw(seed(1)));
	assert_ne!(draw(seed(1)), draw(seed(2)));
	// The generator is ChaCha20 as documented: the RFC 8439 keystream for an
	// all-zero key starts 76 b8 e0 ad a0 f1 3d 90 (block counter 0, nonce 0).
	let mut rng = DrawRng::new([0u8; 32]);
	assert_eq!(
		rng.next_u64(),
		u64::from_le_bytes([0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90])
	);
}

// --- comparison with sortition-algorithms (scripts/compare-sortition.sh) ---

/// Reads a comma-separated file with a header; the rows as fields.
fn read_rows(path: &std::path::Path) -> Vec<Vec<String>> {
	let text = std::fs::read_to_string(path)
		.unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
	text.lines()
		.skip(1)
		.filter(|line| !line.trim().is_empty())
		.map(|line| line.split(',').map(|f| f.trim().to_string()).collect())
		.collect()
}

fn number<N: core::str::FromStr>(field: &str) -> N {
	field.parse().unwrap_or_else(|_| panic!("not a number: {field:?}"))
}

/// Not a check but the Rust half of `scripts/compare-sortition.sh`: runs
/// the pallet's own selection (`Sortition::select` over the strata pools of
/// declared residents) on the pool and quotas the script wrote to
/// `$SORTITION_COMPARE_DIR` (`pool.csv`: id, neighbourhood, age band index;
/// `quotas.csv`: stratum kind, neighbourhood, age band index, seats), for
/// `$SORTITION_COMPARE_DRAWS` seeds, and writes how often each resident was
/// selected to `civitas-counts.csv` there.
#[test]
#[ignore = "run by scripts/compare-sortition.sh"]
fn selection_counts_for_the_comparison_script() {
	let dir = std::path::PathBuf::from(
		std::env::var("SORTITION_COMPARE_DIR").expect("SORTITION_COMPARE_DIR is not set"),
	);
	let draws: u32 = number(&std::env::var("SORTITION_COMPARE_DRAWS").unwrap_or("10000".into()));
	let bands = [AgeBand::From16To29, AgeBand::From30To44, AgeBand::From45To64, AgeBand::From65];
	let band = |field: &str| bands[number::<usize>(field)];
	let pool: Vec<(u64, u16, AgeBand)> = read_rows(&dir.join("pool.csv"))
		.iter()
		.map(|row| (number(&row[0]), number(&row[1]), band(&row[2])))
		.collect();
	let list: Vec<(Stratum, u32)> = read_rows(&dir.join("quotas.csv"))
		.iter()
		.map(|row| {
			let stratum = match row[0].as_str() {
				"neighbourhood" => Stratum::Neighbourhood(number(&row[1])),
				"age_band" => Stratum::AgeBand(band(&row[2])),
				"cell" => Stratum::Cell(number(&row[1]), band(&row[2])),
				other => panic!("unknown stratum kind {other:?}"),
			};
			(stratum, number(&row[3]))
		})
		.collect();
	let account = |id: u64| 1_000 + id;
	test(|| {
		residents(TALLINN, pool.iter().map(|p| account(p.0)));
		for (id, neighbourhood, age_band) in &pool {
			declare(account(*id), *neighbourhood, *age_band);
		}
		let seats = list.iter().map(|q| q.1).sum();
		let id = panel(seats, &list, drand(1000));
		let draw = Draws::<Test>::get(id).expect("the panel");
		let mut counts = alloc::collections::BTreeMap::<u64, u32>::new();
		for i in 0..draws {
			let (chosen, _) = Sortition::select(id, &draw, seed(i)).expect("a panel");
			for who in chosen {
				*counts.entry(who).or_default() += 1;
			}
		}
		let mut out = String::from("id,selected\n");
		for (id, ..) in &pool {
			let selected = counts.get(&account(*id)).copied().unwrap_or(0);
			out.push_str(&format!("{id},{selected}\n"));
		}
		std::fs::write(dir.join("civitas-counts.csv"), out).expect("write the counts");
	});
}
