//! Unit tests: every call's happy and unhappy paths, the escrow trait, the
//! report against the events, and random sequences checked against the
//! ledger's invariants.

use crate::{mock::*, *};
use civitas_primitives::{
	offices::testing::TestOffices, BudgetEscrow, CityRole, CityStatus, EscrowError, EscrowRelease,
	MilestoneReference, SpendingCategory::*,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_core::H256;
use sp_runtime::DispatchError;

type E = Error<Test>;

const FY: FiscalPeriod = 2027;
const ROADS: DepartmentId = 0;
const PARKS: DepartmentId = 1;
const ROADS_WORKS: BudgetLineId =
	BudgetLineId { period: FY, department: ROADS, category: CapitalWorks };
const ROADS_SUPPLIES: BudgetLineId =
	BudgetLineId { period: FY, department: ROADS, category: GoodsAndServices };
const PARKS_STAFF: BudgetLineId =
	BudgetLineId { period: FY, department: PARKS, category: Compensation };
/// Payments above this wait the time lock.
const LIMIT: Credits = 10_000;
const LOCK: u64 = 10;
const LIFETIME: u64 = 20;
/// The procurement officer who asks for escrow releases, and what for.
const PO: u64 = 61;
const MILESTONE: MilestoneReference = MilestoneReference { tender: 3, milestone: 1 };

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn note(text: &str) -> BoundedVec<u8, <Test as Config>::MaxNoteLength> {
	text.as_bytes().to_vec().try_into().expect("test notes are short")
}

fn name(text: &str) -> BoundedVec<u8, <Test as Config>::MaxNameLength> {
	text.as_bytes().to_vec().try_into().expect("test names are short")
}

fn officers(accounts: &[u64]) -> OfficersOf<Test> {
	accounts.to_vec().try_into().expect("few officers")
}

fn doc(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn settings(threshold: u32) -> SettingsOf<Test> {
	LedgerSettings {
		decimals: 2,
		approval_threshold: threshold,
		time_lock_above: LIMIT,
		time_lock: LOCK,
		proposal_lifetime: LIFETIME,
	}
}

fn person() -> PayerOf<Test> {
	PayerReference::Person(H256::repeat_byte(0xaa))
}

fn balance(who: u64) -> Credits {
	Balances::<Test>::get(TALLINN, who)
}

fn line(id: BudgetLineId) -> BudgetLine {
	Lines::<Test>::get(TALLINN, id).expect("line exists")
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Treasury(e) => Some(e),
			_ => None,
		})
		.expect("an event of this pallet")
}

fn run_to(n: u64) {
	System::set_block_number(n);
}

/// Runs `test` on a fresh chain, then checks the ledger's invariants.
fn check(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		assert_eq!(Treasury::check_invariants(), Ok(()));
	});
}

fn budget_lines(lines: &[(DepartmentId, SpendingCategory, Credits)]) -> BudgetLinesOf<Test> {
	lines.to_vec().try_into().expect("few lines")
}

/// Tallinn with an open ledger (2-of-N approvals), Roads and Parks, two
/// payees, 100 000 credits received and the 2027 budget adopted.
fn city_with_budget() {
	assert_ok!(Treasury::open_ledger(signed(TALLINN_ADMIN), TALLINN, settings(2)));
	assert_ok!(Treasury::add_department(
		signed(TALLINN_ADMIN),
		TALLINN,
		name("Roads"),
		ROADS_ACCOUNT,
		officers(&[ROADS_OFFICER])
	));
	assert_ok!(Treasury::add_department(
		signed(TALLINN_ADMIN),
		TALLINN,
		name("Parks"),
		PARKS_ACCOUNT,
		officers(&[PARKS_OFFICER])
	));
	assert_ok!(Treasury::register_payee(
		signed(TALLINN_ADMIN),
		TALLINN,
		CONTRACTOR,
		PayeeKind::Contractor
	));
	assert_ok!(Treasury::register_payee(
		signed(TALLINN_ADMIN),
		TALLINN,
		EMPLOYEE,
		PayeeKind::Employee
	));
	assert_ok!(Treasury::record_receipt(
		signed(T1),
		TALLINN,
		FY,
		RevenueCategory::PropertyTax,
		100_000,
		person(),
		doc(1)
	));
	assert_ok!(Treasury::adopt_budget(
		signed(TALLINN_ADMIN),
		TALLINN,
		FY,
		budget_lines(&[
			(ROADS, CapitalWorks, 50_000),
			(ROADS, GoodsAndServices, 20_000),
			(PARKS, Compensation, 30_000),
		]),
		doc(2)
	));
}

/// The invoice [`propose`] pays with proposal `id`: one per proposal.
fn invoice(id: ProposalId) -> H256 {
	H256::from_low_u64_be(0x1_0000 + id as u64)
}

fn propose(line: BudgetLineId, payee: u64, amount: Credits) -> ProposalId {
	let officer = if line.department == ROADS { ROADS_OFFICER } else { PARKS_OFFICER };
	let id = NextProposalId::<Test>::get(TALLINN);
	assert_ok!(Treasury::propose_payment(
		signed(officer),
		TALLINN,
		line,
		payee,
		amount,
		note("invoice"),
		invoice(id)
	));
	id
}

/// Pays `amount` from `line` to `payee` with two approvals.
fn pay(line: BudgetLineId, payee: u64, amount: Credits) {
	let id = propose(line, payee, amount);
	assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, id));
	assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, id));
}

/// Opening a city's ledger, and changing its payment rules.
mod ledger {
	use super::*;

	#[test]
	fn open_ledger_whitelists_the_treasury() {
		check(|| {
			assert_ok!(Treasury::open_ledger(signed(TALLINN_ADMIN), TALLINN, settings(2)));
			assert_eq!(Ledgers::<Test>::get(TALLINN), Some(settings(2)));
			assert_eq!(Holders::<Test>::get(TALLINN, TALLINN_TREASURY), Some(Holder::Treasury));
			assert_eq!(
				last_event(),
				Event::LedgerOpened {
					city: TALLINN,
					treasury: TALLINN_TREASURY,
					settings: settings(2)
				}
			);
		});
	}

	#[test]
	fn open_ledger_refusals() {
		check(|| {
			let open = |who, city, s| Treasury::open_ledger(signed(who), city, s);
			assert_noop!(
				Treasury::open_ledger(RuntimeOrigin::none(), TALLINN, settings(2)),
				DispatchError::BadOrigin
			);
			assert_noop!(open(T1, TALLINN, settings(2)), E::NotCityAdmin);
			assert_noop!(open(TARTU_ADMIN, TALLINN, settings(2)), E::NotCityAdmin);
			assert_noop!(open(TALLINN_ADMIN, 9, settings(2)), E::UnknownCity);
			assert_noop!(open(TALLINN_ADMIN, TALLINN, settings(0)), E::InvalidThreshold);
			assert_noop!(open(TALLINN_ADMIN, TALLINN, settings(4)), E::InvalidThreshold);
			let mut s = settings(2);
			s.decimals = 19;
			assert_noop!(open(TALLINN_ADMIN, TALLINN, s), E::TooManyDecimals);
			let mut s = settings(2);
			s.proposal_lifetime = 0;
			assert_noop!(open(TALLINN_ADMIN, TALLINN, s), E::ZeroLifetime);
			TestOffices::set_status(TALLINN, CityStatus::Suspended);
			assert_noop!(open(TALLINN_ADMIN, TALLINN, settings(2)), E::CityNotActive);
			TestOffices::set_status(TALLINN, CityStatus::Active);
			assert_ok!(open(TALLINN_ADMIN, TALLINN, settings(2)));
			assert_noop!(open(TALLINN_ADMIN, TALLINN, settings(2)), E::LedgerAlreadyOpen);
		});
	}

	#[test]
	fn payment_rules_change_but_decimals_stay() {
		check(|| {
			assert_noop!(
				Treasury::set_payment_rules(signed(TALLINN_ADMIN), TALLINN, 1, 5, 3, 4),
				E::NoLedger
			);
			assert_ok!(Treasury::open_ledger(signed(TALLINN_ADMIN), TALLINN, settings(2)));
			assert_noop!(
				Treasury::set_payment_rules(signed(T1), TALLINN, 1, 5, 3, 4),
				E::NotCityAdmin
			);
			assert_noop!(
				Treasury::set_payment_rules(signed(TALLINN_ADMIN), TALLINN, 0, 5, 3, 4),
				E::InvalidThreshold
			);
			assert_noop!(
				Treasury::set_payment_rules(signed(TALLINN_ADMIN), TALLINN, 1, 5, 3, 0),
				E::ZeroLifetime
			);
			assert_ok!(Treasury::set_payment_rules(signed(TALLINN_ADMIN), TALLINN, 3, 5, 3, 4));
			let expected = LedgerSettings {
				decimals: 2,
				approval_threshold: 3,
				time_lock_above: 5,
				time_lock: 3,
				proposal_lifetime: 4,
			};
			assert_eq!(Ledgers::<Test>::get(TALLINN), Some(expected));
			assert_eq!(last_event(), Event::PaymentRulesSet { city: TALLINN, settings: expected });
		});
	}
}

/// Departments and their officers, and the payee whitelist.
mod departments_and_payees {
	use super::*;

	#[test]
	fn departments_are_numbered_bounded_and_whitelisted() {
		check(|| {
			let add = |who, n: &str, account| {
				Treasury::add_department(signed(who), TALLINN, name(n), account, officers(&[1]))
			};
			assert_noop!(add(TALLINN_ADMIN, "Roads", ROADS_ACCOUNT), E::NoLedger);
			assert_ok!(Treasury::open_ledger(signed(TALLINN_ADMIN), TALLINN, settings(2)));
			assert_noop!(add(T1, "Roads", ROADS_ACCOUNT), E::NotCityAdmin);
			assert_noop!(add(TALLINN_ADMIN, "", ROADS_ACCOUNT), E::EmptyName);
			assert_noop!(add(TALLINN_ADMIN, "Treasury", TALLINN_TREASURY), E::AlreadyWhitelisted);
			for (i, account) in [60, 61, 62, 63].into_iter().enumerate() {
				assert_ok!(add(TALLINN_ADMIN, "Dept", account));
				assert_eq!(
					Holders::<Test>::get(TALLINN, account),
					Some(Holder::Department(i as DepartmentId))
				);
			}
			assert_noop!(add(TALLINN_ADMIN, "Fifth", 64), E::TooManyDepartments);
			assert_noop!(add(TALLINN_ADMIN, "Again", 60), E::TooManyDepartments);

			assert_noop!(
				Treasury::set_department_officers(
					signed(TALLINN_ADMIN),
					TALLINN,
					9,
					officers(&[2])
				),
				E::UnknownDepartment
			);
			assert_noop!(
				Treasury::set_department_officers(signed(T1), TALLINN, 0, officers(&[2])),
				E::NotCityAdmin
			);
			assert_ok!(Treasury::set_department_officers(
				signed(TALLINN_ADMIN),
				TALLINN,
				0,
				officers(&[2, 3])
			));
			assert_eq!(
				Departments::<Test>::get(TALLINN, 0).map(|d| d.officers.into_inner()),
				Some(vec![2, 3])
			);
			assert_eq!(
				last_event(),
				Event::DepartmentOfficersSet {
					city: TALLINN,
					department: 0,
					officers: officers(&[2, 3])
				}
			);
		});
	}

	#[test]
	fn payees_are_registered_and_removed_only_when_empty() {
		check(|| {
			city_with_budget();
			assert_noop!(
				Treasury::register_payee(signed(T1), TALLINN, STRANGER, PayeeKind::Beneficiary),
				E::NotCityAdmin
			);
			assert_noop!(
				Treasury::register_payee(
					signed(TALLINN_ADMIN),
					TALLINN,
					CONTRACTOR,
					PayeeKind::Contractor
				),
				E::AlreadyWhitelisted
			);
			assert_noop!(
				Treasury::register_payee(
					signed(TARTU_ADMIN),
					TARTU,
					CONTRACTOR,
					PayeeKind::Contractor
				),
				E::NoLedger
			);
			assert_noop!(
				Treasury::remove_payee(signed(TALLINN_ADMIN), TALLINN, ROADS_ACCOUNT),
				E::NotAPayee
			);
			assert_noop!(
				Treasury::remove_payee(signed(TALLINN_ADMIN), TALLINN, STRANGER),
				E::NotAPayee
			);
			let id = propose(ROADS_SUPPLIES, EMPLOYEE, 100);
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, id));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, id));
			assert_noop!(
				Treasury::remove_payee(signed(TALLINN_ADMIN), TALLINN, EMPLOYEE),
				E::HolderHasCredits
			);
			assert_ok!(Treasury::redeem(signed(EMPLOYEE), TALLINN, 100, note("bank 1")));
			assert_ok!(Treasury::remove_payee(signed(TALLINN_ADMIN), TALLINN, EMPLOYEE));
			assert_eq!(Holders::<Test>::get(TALLINN, EMPLOYEE), None);
			assert_eq!(last_event(), Event::PayeeRemoved { city: TALLINN, payee: EMPLOYEE });
		});
	}
}

/// Receipts: revenue minted into the treasury, and who may record it.
mod receipts {
	use super::*;

	#[test]
	fn receipts_mint_into_the_treasury_and_are_public() {
		check(|| {
			city_with_budget();
			let company = PayerReference::Company(note("EE10137025"));
			assert_ok!(Treasury::record_receipt(
				signed(T2),
				TALLINN,
				FY,
				RevenueCategory::FeesAndCharges,
				2_500,
				company.clone(),
				doc(9)
			));
			assert_eq!(balance(TALLINN_TREASURY), 102_500);
			assert_eq!(Supplies::<Test>::get(TALLINN), Supply { minted: 102_500, burned: 0 });
			assert_eq!(
				Revenue::<Test>::get((TALLINN, FY, RevenueCategory::FeesAndCharges)),
				(1, 2_500)
			);
			assert_eq!(
				Revenue::<Test>::get((TALLINN, FY, RevenueCategory::PropertyTax)),
				(1, 100_000)
			);
			let receipt = Receipts::<Test>::get(TALLINN, 1).expect("second receipt stored");
			assert_eq!(
				(receipt.amount, receipt.recorded_by, receipt.payer.clone()),
				(2_500, T2, company.clone())
			);
			assert_eq!(
				last_event(),
				Event::ReceiptRecorded {
					city: TALLINN,
					receipt: 1,
					period: FY,
					category: RevenueCategory::FeesAndCharges,
					amount: 2_500,
					payer: company,
					document: doc(9),
					source: ReceiptSource::Minted,
					recorded_by: T2,
				}
			);
		});
	}

	#[test]
	fn receipt_refusals() {
		check(|| {
			let record = |who, city, amount| {
				Treasury::record_receipt(
					signed(who),
					city,
					FY,
					RevenueCategory::Fines,
					amount,
					person(),
					doc(1),
				)
			};
			assert_noop!(record(T1, TALLINN, 5), E::NoLedger);
			assert_ok!(Treasury::open_ledger(signed(TALLINN_ADMIN), TALLINN, settings(2)));
			assert_noop!(record(TALLINN_ADMIN, TALLINN, 5), E::NotTreasurer);
			assert_noop!(record(TARTU_T, TALLINN, 5), E::NotTreasurer);
			assert_noop!(record(AUDITOR, TALLINN, 5), E::NotTreasurer);
			assert_noop!(record(T1, 9, 5), E::UnknownCity);
			assert_noop!(record(T1, TALLINN, 0), E::ZeroAmount);
			assert_ok!(record(T1, TALLINN, Credits::MAX));
			assert_noop!(record(T1, TALLINN, 1), E::Overflow);
			TestOffices::set_status(TALLINN, CityStatus::Suspended);
			assert_noop!(record(T1, TALLINN, 1), E::CityNotActive);
			TestOffices::set_status(TALLINN, CityStatus::Active);
			TestOffices::dismiss(TALLINN, CityRole::Treasurer, T1);
			assert_noop!(record(T1, TALLINN, 1), E::NotTreasurer);
		});
	}
}

/// Budgets: adoption, amendments, reallocations, their bounds and line histories.
mod budgets {
	use super::*;

	#[test]
	fn adopting_a_budget_opens_its_lines_with_history() {
		check(|| {
			city_with_budget();
			assert_eq!(
				line(ROADS_WORKS),
				BudgetLine {
					appropriated: 50_000,
					committed: 0,
					escrowed: 0,
					spent: 0,
					entries: 1
				}
			);
			assert_eq!(
				Budgets::<Test>::get(TALLINN, FY).map(|b| (b.lines, b.document)),
				Some((3, doc(2)))
			);
			let history = Treasury::line_history(TALLINN, PARKS_STAFF);
			assert_eq!(history.len(), 1);
			assert_eq!(
				(history[0].change.clone(), history[0].amount),
				(LineChange::Adopted, 30_000)
			);
			assert!(
				matches!(last_event(), Event::BudgetAdopted { period: FY, lines, .. } if lines.len() == 3)
			);
		});
	}

	#[test]
	fn budget_refusals() {
		check(|| {
			let adopt = |who, period, lines: &[(DepartmentId, SpendingCategory, Credits)]| {
				Treasury::adopt_budget(signed(who), TALLINN, period, budget_lines(lines), doc(2))
			};
			assert_noop!(adopt(TALLINN_ADMIN, FY, &[(ROADS, CapitalWorks, 1)]), E::NoLedger);
			city_with_budget();
			assert_noop!(adopt(T1, 2028, &[(ROADS, CapitalWorks, 1)]), E::NotCityAdmin);
			assert_noop!(
				adopt(TALLINN_ADMIN, FY, &[(ROADS, CapitalWorks, 1)]),
				E::BudgetAlreadyAdopted
			);
			assert_noop!(adopt(TALLINN_ADMIN, 2028, &[]), E::EmptyBudget);
			assert_noop!(adopt(TALLINN_ADMIN, 2028, &[(7, CapitalWorks, 1)]), E::UnknownDepartment);
			assert_noop!(
				adopt(TALLINN_ADMIN, 2028, &[(ROADS, CapitalWorks, 1), (ROADS, CapitalWorks, 2)]),
				E::DuplicateLine
			);
			// Tartu's admin cannot adopt Tallinn's budget.
			assert_noop!(adopt(TARTU_ADMIN, 2028, &[(ROADS, CapitalWorks, 1)]), E::NotCityAdmin);
		});
	}

	#[test]
	fn amendments_keep_history_and_never_go_below_commitments() {
		check(|| {
			city_with_budget();
			let amend = |id, amount, why| {
				Treasury::amend_line(signed(TALLINN_ADMIN), TALLINN, id, amount, note(why))
			};
			propose(ROADS_WORKS, CONTRACTOR, 8_000);
			assert_noop!(amend(ROADS_WORKS, 7_999, "cut"), E::BelowCommitted);
			assert_ok!(amend(ROADS_WORKS, 8_000, "cut to the bone"));
			assert_ok!(amend(ROADS_WORKS, 60_000, "storm damage"));
			assert_eq!(line(ROADS_WORKS).appropriated, 60_000);
			assert_eq!(
				last_event(),
				Event::LineAmended {
					city: TALLINN,
					line: ROADS_WORKS,
					appropriated: 60_000,
					reason: note("storm damage")
				}
			);
			let history = Treasury::line_history(TALLINN, ROADS_WORKS);
			assert_eq!(history.len(), 4);
			assert_eq!(history[3].change, LineChange::Amended { reason: b"storm damage".to_vec() });
			assert_eq!(
				(history[3].amount, history[3].appropriated, history[3].committed),
				(52_000, 60_000, 8_000)
			);

			// A line the budget did not have is opened by amendment.
			let new_line = BudgetLineId { period: FY, department: PARKS, category: CapitalWorks };
			assert_ok!(amend(new_line, 1_000, "new playground"));
			assert_eq!(line(new_line).appropriated, 1_000);
			assert_eq!(Budgets::<Test>::get(TALLINN, FY).map(|b| b.lines), Some(4));

			let other_period = BudgetLineId { period: 2030, ..ROADS_WORKS };
			assert_noop!(amend(other_period, 1, "x"), E::NoBudget);
			assert_noop!(
				amend(BudgetLineId { department: 3, ..ROADS_WORKS }, 1, "x"),
				E::UnknownDepartment
			);
			assert_noop!(
				Treasury::amend_line(signed(T1), TALLINN, ROADS_WORKS, 1, note("x")),
				E::NotCityAdmin
			);
		});
	}

	#[test]
	fn budgets_and_histories_are_bounded() {
		check(|| {
			city_with_budget();
			// Three lines adopted, MaxLinesPerBudget = 6.
			for category in [Interest, Subsidies, Grants] {
				let id = BudgetLineId { period: FY, department: PARKS, category };
				assert_ok!(Treasury::amend_line(signed(TALLINN_ADMIN), TALLINN, id, 1, note("x")));
			}
			let seventh = BudgetLineId { period: FY, department: PARKS, category: Other };
			assert_noop!(
				Treasury::amend_line(signed(TALLINN_ADMIN), TALLINN, seventh, 1, note("x")),
				E::TooManyLines
			);
			// One entry from adoption, MaxLineHistory = 8.
			for amount in 1..=7 {
				assert_ok!(Treasury::amend_line(
					signed(TALLINN_ADMIN),
					TALLINN,
					PARKS_STAFF,
					30_000 + amount,
					note("x")
				));
			}
			assert_noop!(
				Treasury::amend_line(signed(TALLINN_ADMIN), TALLINN, PARKS_STAFF, 1, note("x")),
				E::LineHistoryFull
			);
			assert_noop!(
				Treasury::propose_payment(
					signed(PARKS_OFFICER),
					TALLINN,
					PARKS_STAFF,
					EMPLOYEE,
					1,
					note("x"),
					doc(1)
				),
				E::LineHistoryFull
			);
			assert_eq!(Treasury::line_history(TALLINN, PARKS_STAFF).len(), 8);
		});
	}

	#[test]
	fn reallocations_move_appropriation_within_a_budget() {
		check(|| {
			city_with_budget();
			let realloc = |from, to, amount| {
				Treasury::reallocate(
					signed(TALLINN_ADMIN),
					TALLINN,
					from,
					to,
					amount,
					note("priorities"),
				)
			};
			assert_ok!(realloc(ROADS_WORKS, PARKS_STAFF, 5_000));
			assert_eq!(line(ROADS_WORKS).appropriated, 45_000);
			assert_eq!(line(PARKS_STAFF).appropriated, 35_000);
			assert_eq!(
				Treasury::line_history(TALLINN, PARKS_STAFF)[1].change,
				LineChange::ReallocatedFrom { line: ROADS_WORKS, reason: b"priorities".to_vec() }
			);
			assert_eq!(
				Treasury::line_history(TALLINN, ROADS_WORKS)[1].change,
				LineChange::ReallocatedTo { line: PARKS_STAFF, reason: b"priorities".to_vec() }
			);

			propose(ROADS_WORKS, CONTRACTOR, 40_000);
			assert_noop!(realloc(ROADS_WORKS, PARKS_STAFF, 5_001), E::BelowCommitted);
			assert_noop!(realloc(ROADS_WORKS, PARKS_STAFF, 45_001), E::BelowCommitted);
			assert_noop!(realloc(ROADS_WORKS, ROADS_WORKS, 1), E::SameLine);
			assert_noop!(realloc(ROADS_WORKS, PARKS_STAFF, 0), E::ZeroAmount);
			let next_year = BudgetLineId { period: 2028, ..PARKS_STAFF };
			assert_noop!(realloc(ROADS_WORKS, next_year, 1), E::DifferentPeriods);
			let unknown = BudgetLineId { category: Interest, ..PARKS_STAFF };
			assert_noop!(realloc(ROADS_WORKS, unknown, 1), E::UnknownLine);
			assert_noop!(realloc(unknown, ROADS_WORKS, 1), E::UnknownLine);
			assert_noop!(
				Treasury::reallocate(signed(T1), TALLINN, ROADS_WORKS, PARKS_STAFF, 1, note("x")),
				E::NotCityAdmin
			);
		});
	}
}

/// Payments: proposal, approval, execution, the time lock, blocking and expiry.
mod payments {
	use super::*;

	#[test]
	fn a_payment_is_proposed_approved_and_paid() {
		check(|| {
			city_with_budget();
			let id = propose(ROADS_SUPPLIES, CONTRACTOR, 4_000);
			assert_eq!(line(ROADS_SUPPLIES).committed, 4_000);
			assert_eq!(PendingPayments::<Test>::get(TALLINN), 1);
			assert_eq!(
				last_event(),
				Event::PaymentProposed {
					city: TALLINN,
					proposal: id,
					line: ROADS_SUPPLIES,
					payee: CONTRACTOR,
					amount: 4_000,
					purpose: note("invoice"),
					invoice: invoice(id),
					proposer: ROADS_OFFICER,
					expires_at: 1 + LIFETIME,
					time_locked: false,
					escrow: None,
				}
			);
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, id));
			assert_eq!(
				last_event(),
				Event::PaymentApproved { city: TALLINN, proposal: id, treasurer: T1, approvals: 1 }
			);
			assert_eq!(balance(CONTRACTOR), 0);
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, id));
			assert_eq!(balance(CONTRACTOR), 4_000);
			assert_eq!(balance(TALLINN_TREASURY), 96_000);
			assert_eq!(
				line(ROADS_SUPPLIES),
				BudgetLine {
					appropriated: 20_000,
					committed: 0,
					escrowed: 0,
					spent: 4_000,
					entries: 3
				}
			);
			assert_eq!(Proposals::<Test>::get(TALLINN, id), None);
			assert_eq!(PendingPayments::<Test>::get(TALLINN), 0);
			assert_eq!(
				last_event(),
				Event::PaymentExecuted {
					city: TALLINN,
					proposal: id,
					line: ROADS_SUPPLIES,
					payee: CONTRACTOR,
					amount: 4_000
				}
			);
			// Executed: nothing left to approve.
			assert_noop!(Treasury::approve_payment(signed(T3), TALLINN, id), E::UnknownProposal);
		});
	}

	#[test]
	fn proposal_refusals() {
		check(|| {
			city_with_budget();
			let propose_as = |who, line, payee, amount| {
				Treasury::propose_payment(
					signed(who),
					TALLINN,
					line,
					payee,
					amount,
					note("p"),
					invoice(NextProposalId::<Test>::get(TALLINN)),
				)
			};
			assert_noop!(
				propose_as(PARKS_OFFICER, ROADS_WORKS, CONTRACTOR, 1),
				E::NotDepartmentOfficer
			);
			assert_noop!(propose_as(T1, ROADS_WORKS, CONTRACTOR, 1), E::NotDepartmentOfficer);
			assert_noop!(propose_as(ROADS_OFFICER, ROADS_WORKS, STRANGER, 1), E::NotAPayee);
			assert_noop!(propose_as(ROADS_OFFICER, ROADS_WORKS, ROADS_ACCOUNT, 1), E::NotAPayee);
			assert_noop!(propose_as(ROADS_OFFICER, ROADS_WORKS, CONTRACTOR, 0), E::ZeroAmount);
			assert_noop!(
				propose_as(ROADS_OFFICER, ROADS_WORKS, CONTRACTOR, 50_001),
				E::ExceedsAppropriation
			);
			assert_noop!(
				propose_as(
					ROADS_OFFICER,
					BudgetLineId { category: Interest, ..ROADS_WORKS },
					CONTRACTOR,
					1
				),
				E::UnknownLine
			);
			assert_noop!(
				propose_as(
					ROADS_OFFICER,
					BudgetLineId { department: 3, ..ROADS_WORKS },
					CONTRACTOR,
					1
				),
				E::UnknownDepartment
			);
			assert_noop!(
				Treasury::propose_payment(
					RuntimeOrigin::none(),
					TALLINN,
					ROADS_WORKS,
					CONTRACTOR,
					1,
					note("p"),
					doc(3)
				),
				DispatchError::BadOrigin
			);
			// Commitments count against the line: 30 000 + 20 001 > 50 000.
			assert_ok!(propose_as(ROADS_OFFICER, ROADS_WORKS, CONTRACTOR, 30_000));
			assert_noop!(
				propose_as(ROADS_OFFICER, ROADS_WORKS, CONTRACTOR, 20_001),
				E::ExceedsAppropriation
			);
			// MaxPendingPayments = 3.
			assert_ok!(propose_as(ROADS_OFFICER, ROADS_WORKS, CONTRACTOR, 1));
			assert_ok!(propose_as(ROADS_OFFICER, ROADS_WORKS, CONTRACTOR, 1));
			assert_noop!(
				propose_as(ROADS_OFFICER, ROADS_WORKS, CONTRACTOR, 1),
				E::TooManyPendingPayments
			);
			TestOffices::set_status(TALLINN, CityStatus::Suspended);
			assert_noop!(
				propose_as(ROADS_OFFICER, ROADS_SUPPLIES, CONTRACTOR, 1),
				E::CityNotActive
			);
		});
	}

	#[test]
	fn approval_refusals() {
		check(|| {
			city_with_budget();
			let id = propose(ROADS_SUPPLIES, CONTRACTOR, 4_000);
			let approve = |who, id| Treasury::approve_payment(signed(who), TALLINN, id);
			assert_noop!(approve(AUDITOR, id), E::NotTreasurer);
			assert_noop!(approve(ROADS_OFFICER, id), E::NotTreasurer);
			assert_noop!(approve(TARTU_T, id), E::NotTreasurer);
			assert_noop!(Treasury::approve_payment(signed(TARTU_T), TARTU, id), E::NoLedger);
			assert_noop!(approve(T1, 77), E::UnknownProposal);
			assert_ok!(approve(T1, id));
			assert_noop!(approve(T1, id), E::AlreadyApproved);

			// A Treasurer who is also the department's officer cannot approve
			// their own proposal.
			assert_ok!(Treasury::set_department_officers(
				signed(TALLINN_ADMIN),
				TALLINN,
				ROADS,
				officers(&[ROADS_OFFICER, T3])
			));
			assert_ok!(Treasury::propose_payment(
				signed(T3),
				TALLINN,
				ROADS_SUPPLIES,
				CONTRACTOR,
				5,
				note("p"),
				doc(3)
			));
			assert_noop!(approve(T3, id + 1), E::ProposerCannotApprove);

			// Expired proposals take no approvals.
			run_to(1 + LIFETIME);
			assert_noop!(approve(T2, id), E::ProposalExpired);
		});
	}

	#[test]
	fn a_payment_the_treasury_cannot_cover_waits_for_receipts() {
		check(|| {
			city_with_budget();
			// Appropriated is not cash: the treasury holds 100 000.
			assert_ok!(Treasury::amend_line(
				signed(TALLINN_ADMIN),
				TALLINN,
				ROADS_SUPPLIES,
				200_000,
				note("x")
			));
			assert_ok!(Treasury::set_payment_rules(
				signed(TALLINN_ADMIN),
				TALLINN,
				2,
				Credits::MAX,
				0,
				LIFETIME
			));
			let id = propose(ROADS_SUPPLIES, CONTRACTOR, 150_000);
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, id));
			assert_noop!(
				Treasury::approve_payment(signed(T2), TALLINN, id),
				E::InsufficientCredits
			);
			assert_ok!(Treasury::record_receipt(
				signed(T1),
				TALLINN,
				FY,
				RevenueCategory::Grants,
				50_000,
				person(),
				doc(4)
			));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, id));
			assert_eq!(balance(CONTRACTOR), 150_000);
			assert_eq!(balance(TALLINN_TREASURY), 0);
		});
	}

	#[test]
	fn large_payments_wait_a_time_lock_the_auditor_may_block() {
		check(|| {
			city_with_budget();
			let big = propose(ROADS_WORKS, CONTRACTOR, LIMIT + 1);
			// To another payee: the split-payment sum is per payee.
			let small = propose(ROADS_SUPPLIES, EMPLOYEE, LIMIT);
			assert_noop!(
				Treasury::execute_payment(signed(STRANGER), TALLINN, big),
				E::AwaitingApprovals
			);
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, big));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, big));
			assert_eq!(
				last_event(),
				Event::PaymentTimeLocked { city: TALLINN, proposal: big, unlocks_at: 1 + LOCK }
			);
			assert_eq!(balance(CONTRACTOR), 0);
			assert_noop!(Treasury::approve_payment(signed(T3), TALLINN, big), E::FullyApproved);
			assert_noop!(
				Treasury::execute_payment(signed(STRANGER), TALLINN, big),
				E::TimeLockRunning
			);

			// Only an Auditor, and only above the limit.
			assert_noop!(
				Treasury::block_payment(signed(T3), TALLINN, big, note("no")),
				E::NotAuditor
			);
			assert_noop!(
				Treasury::block_payment(signed(AUDITOR), TALLINN, small, note("no")),
				E::NotTimeLocked
			);
			assert_noop!(
				Treasury::block_payment(signed(AUDITOR), TALLINN, 55, note("no")),
				E::UnknownProposal
			);

			// A fully approved payment does not expire: it waits for its lock.
			run_to(1 + LIFETIME);
			assert_noop!(Treasury::close_expired(signed(STRANGER), TALLINN, big), E::NotExpired);
			assert_ok!(Treasury::execute_payment(signed(STRANGER), TALLINN, big));
			assert_eq!(balance(CONTRACTOR), LIMIT + 1);
			assert_noop!(
				Treasury::execute_payment(signed(STRANGER), TALLINN, big),
				E::UnknownProposal
			);
		});
	}

	/// A proposal keeps the rules it was proposed under: changing them cannot
	/// strand it (a higher threshold than its Treasurers can reach) nor let it
	/// skip a check it was promised.
	#[test]
	fn pending_proposals_keep_the_rules_they_were_proposed_under() {
		check(|| {
			city_with_budget();
			let before = propose(ROADS_SUPPLIES, CONTRACTOR, 1_000);
			let big_before = propose(ROADS_WORKS, CONTRACTOR, LIMIT + 1);
			// Now three approvals, and every payment waits the time lock.
			assert_ok!(Treasury::set_payment_rules(
				signed(TALLINN_ADMIN),
				TALLINN,
				3,
				0,
				LOCK,
				LIFETIME
			));
			let after = propose(ROADS_SUPPLIES, CONTRACTOR, 1_000);

			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, before));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, before));
			assert_eq!(balance(CONTRACTOR), 1_000, "two approvals and no lock, as proposed");

			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, big_before));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, big_before));
			assert_eq!(
				last_event(),
				Event::PaymentTimeLocked {
					city: TALLINN,
					proposal: big_before,
					unlocks_at: 1 + LOCK
				}
			);

			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, after));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, after));
			assert!(Proposals::<Test>::get(TALLINN, after).is_some_and(|p| p.unlocks_at.is_none()));
			assert_ok!(Treasury::approve_payment(signed(T3), TALLINN, after));
			assert_eq!(
				last_event(),
				Event::PaymentTimeLocked { city: TALLINN, proposal: after, unlocks_at: 1 + LOCK }
			);
			// Under the new rules even a small payment may be blocked.
			assert_ok!(Treasury::block_payment(signed(AUDITOR), TALLINN, after, note("no")));
			assert_eq!(balance(CONTRACTOR), 1_000);
		});
	}

	#[test]
	fn a_blocked_payment_returns_its_commitment() {
		check(|| {
			city_with_budget();
			let big = propose(ROADS_WORKS, CONTRACTOR, 30_000);
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, big));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, big));
			run_to(1 + LOCK - 1);
			assert_ok!(Treasury::block_payment(
				signed(AUDITOR),
				TALLINN,
				big,
				note("inflated invoice")
			));
			assert_eq!(
				last_event(),
				Event::PaymentBlocked {
					city: TALLINN,
					proposal: big,
					line: ROADS_WORKS,
					amount: 30_000,
					auditor: AUDITOR,
					reason: note("inflated invoice"),
				}
			);
			assert_eq!(line(ROADS_WORKS).committed, 0);
			assert_eq!(line(ROADS_WORKS).remaining(), 50_000);
			assert_eq!(balance(CONTRACTOR), 0);
			run_to(1 + LOCK);
			assert_noop!(
				Treasury::execute_payment(signed(STRANGER), TALLINN, big),
				E::UnknownProposal
			);
		});
	}

	#[test]
	fn unapproved_proposals_expire() {
		check(|| {
			city_with_budget();
			let id = propose(PARKS_STAFF, EMPLOYEE, 3_000);
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, id));
			assert_noop!(Treasury::close_expired(signed(STRANGER), TALLINN, id), E::NotExpired);
			run_to(LIFETIME);
			assert_noop!(Treasury::close_expired(signed(STRANGER), TALLINN, id), E::NotExpired);
			run_to(1 + LIFETIME);
			assert_noop!(
				Treasury::close_expired(RuntimeOrigin::none(), TALLINN, id),
				DispatchError::BadOrigin
			);
			assert_ok!(Treasury::close_expired(signed(STRANGER), TALLINN, id));
			assert_eq!(
				last_event(),
				Event::PaymentExpired {
					city: TALLINN,
					proposal: id,
					line: PARKS_STAFF,
					amount: 3_000
				}
			);
			assert_eq!(line(PARKS_STAFF).committed, 0);
			assert_eq!(PendingPayments::<Test>::get(TALLINN), 0);
			assert_noop!(
				Treasury::close_expired(signed(STRANGER), TALLINN, id),
				E::UnknownProposal
			);
			assert_noop!(Treasury::approve_payment(signed(T2), TALLINN, id), E::UnknownProposal);
		});
	}

	#[test]
	fn a_payee_removed_after_the_proposal_is_not_paid() {
		check(|| {
			city_with_budget();
			let id = propose(PARKS_STAFF, EMPLOYEE, 3_000);
			assert_ok!(Treasury::remove_payee(signed(TALLINN_ADMIN), TALLINN, EMPLOYEE));
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, id));
			assert_noop!(Treasury::approve_payment(signed(T2), TALLINN, id), E::NotWhitelisted);
		});
	}
}

/// Transfers between whitelisted holders, and redemptions that burn credits.
mod transfers_and_redemptions {
	use super::*;

	#[test]
	fn credits_move_only_between_whitelisted_holders() {
		check(|| {
			city_with_budget();
			pay(ROADS_SUPPLIES, CONTRACTOR, 5_000);
			assert_ok!(Treasury::transfer(signed(CONTRACTOR), TALLINN, EMPLOYEE, 1_000));
			assert_eq!(
				last_event(),
				Event::Transferred { city: TALLINN, from: CONTRACTOR, to: EMPLOYEE, amount: 1_000 }
			);
			assert_ok!(Treasury::transfer(signed(CONTRACTOR), TALLINN, ROADS_ACCOUNT, 500));
			assert_ok!(Treasury::transfer(signed(ROADS_ACCOUNT), TALLINN, TALLINN_TREASURY, 500));
			assert_eq!(
				(balance(CONTRACTOR), balance(EMPLOYEE), balance(ROADS_ACCOUNT)),
				(3_500, 1_000, 0)
			);
			assert_eq!(balance(TALLINN_TREASURY), 95_500);

			assert_noop!(
				Treasury::transfer(signed(CONTRACTOR), TALLINN, STRANGER, 1),
				E::NotWhitelisted
			);
			// The sender that is not on the ledger is named as the sender.
			assert_noop!(
				Treasury::transfer(signed(STRANGER), TALLINN, CONTRACTOR, 1),
				E::SenderNotOnLedger
			);
			assert_noop!(
				Treasury::transfer(signed(TALLINN_TREASURY), TALLINN, CONTRACTOR, 1),
				E::TreasuryMovesByPayment
			);
			// A holder short of credits is not told the treasury is.
			assert_noop!(
				Treasury::transfer(signed(CONTRACTOR), TALLINN, EMPLOYEE, 3_501),
				E::InsufficientBalance
			);
			assert_noop!(
				Treasury::transfer(signed(CONTRACTOR), TALLINN, EMPLOYEE, 0),
				E::ZeroAmount
			);
			// Tallinn's payee is nobody in Tartu.
			assert_noop!(Treasury::transfer(signed(CONTRACTOR), TARTU, EMPLOYEE, 1), E::NoLedger);
			assert_ok!(Treasury::open_ledger(signed(TARTU_ADMIN), TARTU, settings(1)));
			assert_noop!(
				Treasury::transfer(signed(CONTRACTOR), TARTU, TARTU_TREASURY, 1),
				E::SenderNotOnLedger
			);
		});
	}

	#[test]
	fn redemption_burns_credits_with_the_payout_reference() {
		check(|| {
			city_with_budget();
			pay(ROADS_SUPPLIES, CONTRACTOR, 5_000);
			assert_ok!(Treasury::redeem(
				signed(CONTRACTOR),
				TALLINN,
				4_000,
				note("SEPA 2027-0001")
			));
			assert_eq!(balance(CONTRACTOR), 1_000);
			assert_eq!(Supplies::<Test>::get(TALLINN), Supply { minted: 100_000, burned: 4_000 });
			assert_eq!(
				last_event(),
				Event::Redeemed {
					city: TALLINN,
					payee: CONTRACTOR,
					amount: 4_000,
					payout_reference: note("SEPA 2027-0001")
				}
			);
			assert_noop!(
				Treasury::redeem(signed(CONTRACTOR), TALLINN, 1_001, note("x")),
				E::InsufficientBalance
			);
			assert_noop!(
				Treasury::redeem(signed(CONTRACTOR), TALLINN, 0, note("x")),
				E::ZeroAmount
			);
			assert_noop!(
				Treasury::redeem(signed(ROADS_ACCOUNT), TALLINN, 1, note("x")),
				E::NotAPayee
			);
			assert_noop!(
				Treasury::redeem(signed(TALLINN_TREASURY), TALLINN, 1, note("x")),
				E::NotAPayee
			);
			assert_noop!(Treasury::redeem(signed(STRANGER), TALLINN, 1, note("x")), E::NotAPayee);
			assert_noop!(Treasury::redeem(signed(CONTRACTOR), TARTU, 1, note("x")), E::NoLedger);
		});
	}
}

/// Procurement escrow (`BudgetEscrow`): reserve, release, refund, admitting contractors.
mod escrow {
	use super::*;

	#[test]
	fn escrow_reserves_releases_and_refunds() {
		check(|| {
			city_with_budget();
			type Escrow = Treasury;
			assert_eq!(Escrow::reserve(TALLINN, ROADS_WORKS, 30_000), Ok(()));
			assert_eq!(Escrow::escrowed(TALLINN, ROADS_WORKS), 30_000);
			assert_eq!(line(ROADS_WORKS).remaining(), 20_000);
			assert_eq!(
				Escrow::reserve(TALLINN, ROADS_WORKS, 20_001),
				Err(EscrowError::ExceedsAppropriation)
			);
			// Escrow is a commitment: the line cannot be cut below it.
			assert_noop!(
				Treasury::amend_line(
					signed(TALLINN_ADMIN),
					TALLINN,
					ROADS_WORKS,
					29_999,
					note("x")
				),
				E::BelowCommitted
			);

			assert_eq!(
				Escrow::release(TALLINN, ROADS_WORKS, &CONTRACTOR, 10_000, &PO, MILESTONE, doc(7)),
				Ok(EscrowRelease::Paid)
			);
			assert_eq!(balance(CONTRACTOR), 10_000);
			assert_eq!(
				line(ROADS_WORKS),
				BudgetLine {
					appropriated: 50_000,
					committed: 20_000,
					escrowed: 20_000,
					spent: 10_000,
					entries: 3
				}
			);
			assert_eq!(
				last_event(),
				Event::EscrowReleased {
					city: TALLINN,
					line: ROADS_WORKS,
					payee: CONTRACTOR,
					amount: 10_000
				}
			);
			assert_eq!(
				Escrow::release(TALLINN, ROADS_WORKS, &STRANGER, 1, &PO, MILESTONE, doc(7)),
				Err(EscrowError::NotWhitelisted)
			);
			assert_eq!(
				Escrow::release(TALLINN, ROADS_WORKS, &TALLINN_TREASURY, 1, &PO, MILESTONE, doc(7)),
				Err(EscrowError::NotWhitelisted)
			);
			assert_eq!(
				Escrow::release(TALLINN, ROADS_WORKS, &CONTRACTOR, 20_001, &PO, MILESTONE, doc(7)),
				Err(EscrowError::ExceedsEscrow)
			);
			assert_eq!(
				Escrow::refund(TALLINN, ROADS_WORKS, 20_001),
				Err(EscrowError::ExceedsEscrow)
			);
			assert_eq!(Escrow::refund(TALLINN, ROADS_WORKS, 0), Err(EscrowError::ZeroAmount));
			assert_eq!(Escrow::reserve(TALLINN, ROADS_WORKS, 0), Err(EscrowError::ZeroAmount));
			let unknown = BudgetLineId { category: Interest, ..ROADS_WORKS };
			assert_eq!(Escrow::reserve(TALLINN, unknown, 1), Err(EscrowError::UnknownLine));
			assert_eq!(Escrow::reserve(TARTU, ROADS_WORKS, 1), Err(EscrowError::CityUnavailable));

			// A proposal's commitment is not escrow.
			propose(ROADS_WORKS, CONTRACTOR, 5_000);
			assert_eq!(
				Escrow::release(TALLINN, ROADS_WORKS, &CONTRACTOR, 20_001, &PO, MILESTONE, doc(7)),
				Err(EscrowError::ExceedsEscrow)
			);

			TestOffices::set_status(TALLINN, CityStatus::Suspended);
			assert_eq!(Escrow::reserve(TALLINN, ROADS_WORKS, 1), Err(EscrowError::CityUnavailable));
			assert_eq!(
				Escrow::release(TALLINN, ROADS_WORKS, &CONTRACTOR, 1, &PO, MILESTONE, doc(7)),
				Err(EscrowError::CityUnavailable)
			);
			// Money goes back to the budget even from a suspended city.
			assert_eq!(Escrow::refund(TALLINN, ROADS_WORKS, 20_000), Ok(()));
			assert_eq!(Escrow::escrowed(TALLINN, ROADS_WORKS), 0);
			assert_eq!(line(ROADS_WORKS).committed, 5_000);
		});
	}

	#[test]
	fn escrow_admits_a_contractor_once_and_leaves_other_holders_alone() {
		check(|| {
			city_with_budget();
			let supplier = 77;
			assert_eq!(Treasury::reserve(TALLINN, ROADS_WORKS, 1_000), Ok(()));
			assert_eq!(
				Treasury::release(TALLINN, ROADS_WORKS, &supplier, 100, &PO, MILESTONE, doc(7)),
				Err(EscrowError::NotWhitelisted)
			);
			assert_eq!(Treasury::admit_contractor(TALLINN, &supplier), Ok(()));
			assert_eq!(
				Holders::<Test>::get(TALLINN, supplier),
				Some(Holder::Payee(PayeeKind::Contractor))
			);
			assert_eq!(
				last_event(),
				Event::PayeeRegistered {
					city: TALLINN,
					payee: supplier,
					kind: PayeeKind::Contractor
				}
			);
			assert_eq!(
				Treasury::release(TALLINN, ROADS_WORKS, &supplier, 100, &PO, MILESTONE, doc(7)),
				Ok(EscrowRelease::Paid)
			);
			assert_eq!(balance(supplier), 100);
			// Admitting again, or admitting an account the ledger already knows in
			// another capacity, changes nothing.
			let events = System::events().len();
			assert_eq!(Treasury::admit_contractor(TALLINN, &supplier), Ok(()));
			assert_eq!(Treasury::admit_contractor(TALLINN, &EMPLOYEE), Ok(()));
			assert_eq!(Treasury::admit_contractor(TALLINN, &TALLINN_TREASURY), Ok(()));
			assert_eq!(Holders::<Test>::get(TALLINN, TALLINN_TREASURY), Some(Holder::Treasury));
			assert_eq!(System::events().len(), events);
			// A city without a ledger, or a suspended one, admits nobody.
			assert_eq!(
				Treasury::admit_contractor(TARTU, &supplier),
				Err(EscrowError::CityUnavailable)
			);
			TestOffices::set_status(TALLINN, CityStatus::Suspended);
			assert_eq!(Treasury::admit_contractor(TALLINN, &88), Err(EscrowError::CityUnavailable));
			assert!(!Holders::<Test>::contains_key(TALLINN, 88));
		});
	}

	#[test]
	fn escrow_release_needs_treasury_credits() {
		check(|| {
			city_with_budget();
			assert_ok!(Treasury::amend_line(
				signed(TALLINN_ADMIN),
				TALLINN,
				ROADS_WORKS,
				500_000,
				note("x")
			));
			assert_eq!(Treasury::reserve(TALLINN, ROADS_WORKS, 200_000), Ok(()));
			// At or below the time-lock limit, a release is paid at once.
			let rules = |limit| {
				Treasury::set_payment_rules(
					signed(TALLINN_ADMIN),
					TALLINN,
					2,
					limit,
					LOCK,
					LIFETIME,
				)
			};
			assert_ok!(rules(150_000));
			let before = line(ROADS_WORKS);
			assert_eq!(
				Treasury::release(
					TALLINN,
					ROADS_WORKS,
					&CONTRACTOR,
					100_001,
					&PO,
					MILESTONE,
					doc(7)
				),
				Err(EscrowError::InsufficientCredits)
			);
			assert_eq!(line(ROADS_WORKS), before);
			assert_eq!(balance(TALLINN_TREASURY), 100_000);
			// Above it, the proposal is refused at execution, and stays.
			assert_ok!(rules(LIMIT));
			assert_eq!(
				Treasury::release(
					TALLINN,
					ROADS_WORKS,
					&CONTRACTOR,
					100_001,
					&PO,
					MILESTONE,
					doc(7)
				),
				Ok(EscrowRelease::Proposed(0))
			);
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, 0));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, 0));
			run_to(1 + LOCK);
			assert_noop!(
				Treasury::execute_payment(signed(STRANGER), TALLINN, 0),
				E::InsufficientCredits
			);
			assert!(EscrowReleases::<Test>::contains_key(TALLINN, 0));
		});
	}
}

/// Escrow releases under four eyes: above the time-lock limit, a release
/// is a payment proposal that the Treasurers approve and the Auditor may
/// block, not money moved on one officer's word.
mod escrow_four_eyes {
	use super::*;

	fn release(payee: u64, amount: Credits) -> Result<EscrowRelease, EscrowError> {
		Treasury::release(TALLINN, ROADS_WORKS, &payee, amount, &PO, MILESTONE, doc(7))
	}

	fn escrowed_city() {
		city_with_budget();
		TestOffices::appoint(TALLINN, CityRole::ProcurementOfficer, PO);
		assert_eq!(Treasury::reserve(TALLINN, ROADS_WORKS, 40_000), Ok(()));
	}

	#[test]
	fn neither_the_supplier_nor_the_accepting_officer_approves_a_release() {
		check(|| {
			escrowed_city();
			TestOffices::appoint(TALLINN, CityRole::Treasurer, CONTRACTOR);
			TestOffices::appoint(TALLINN, CityRole::Treasurer, PO);
			assert_eq!(release(CONTRACTOR, 20_000), Ok(EscrowRelease::Proposed(0)));
			assert_noop!(
				Treasury::approve_payment(signed(CONTRACTOR), TALLINN, 0),
				E::PayeeCannotApprove
			);
			assert_noop!(
				Treasury::approve_payment(signed(PO), TALLINN, 0),
				E::ProposerCannotApprove
			);
		});
	}

	#[test]
	fn a_proposer_out_of_office_cannot_withdraw() {
		check(|| {
			escrowed_city();
			assert_eq!(release(CONTRACTOR, 20_000), Ok(EscrowRelease::Proposed(0)));
			let payment = propose(ROADS_SUPPLIES, EMPLOYEE, 1_000);
			TestOffices::dismiss(TALLINN, CityRole::ProcurementOfficer, PO);
			assert_noop!(
				Treasury::withdraw_proposal(signed(PO), TALLINN, 0),
				E::ProposerLeftOffice
			);
			assert_ok!(Treasury::set_department_officers(
				signed(TALLINN_ADMIN),
				TALLINN,
				ROADS,
				officers(&[PARKS_OFFICER])
			));
			assert_noop!(
				Treasury::withdraw_proposal(signed(ROADS_OFFICER), TALLINN, payment),
				E::ProposerLeftOffice
			);
		});
	}

	#[test]
	fn a_release_above_the_limit_waits_for_two_treasurers_and_the_time_lock() {
		check(|| {
			escrowed_city();
			let before = line(ROADS_WORKS);
			// The attack: one officer accepting a milestone pays 20 000 alone.
			assert_eq!(release(CONTRACTOR, 20_000), Ok(EscrowRelease::Proposed(0)));
			assert_eq!(balance(CONTRACTOR), 0);
			assert_eq!(line(ROADS_WORKS), before);
			assert_eq!(EscrowReleases::<Test>::get(TALLINN, 0), Some(MILESTONE));
			let proposal = Proposals::<Test>::get(TALLINN, 0).expect("proposed");
			assert_eq!(
				(proposal.proposer, proposal.payee, proposal.amount),
				(PO, CONTRACTOR, 20_000)
			);
			assert!(proposal.time_locked);
			assert_eq!(proposal.invoice, doc(7));
			assert!(matches!(
				last_event(),
				Event::PaymentProposed {
					escrow: Some(MILESTONE),
					time_locked: true,
					proposer: PO,
					..
				}
			));
			assert_noop!(
				Treasury::execute_payment(signed(STRANGER), TALLINN, 0),
				E::AwaitingApprovals
			);
			assert_noop!(Treasury::approve_payment(signed(PO), TALLINN, 0), E::NotTreasurer);
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, 0));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, 0));
			assert_noop!(
				Treasury::execute_payment(signed(STRANGER), TALLINN, 0),
				E::TimeLockRunning
			);
			assert!(EscrowUser::outcomes().is_empty());
			run_to(1 + LOCK);
			assert_ok!(Treasury::execute_payment(signed(STRANGER), TALLINN, 0));
			assert_eq!(balance(CONTRACTOR), 20_000);
			let after = line(ROADS_WORKS);
			assert_eq!(
				(after.committed, after.escrowed, after.spent),
				(before.committed - 20_000, before.escrowed - 20_000, 20_000)
			);
			assert!(!EscrowReleases::<Test>::contains_key(TALLINN, 0));
			assert_eq!(EscrowUser::outcomes(), vec![(true, TALLINN, MILESTONE, 0)]);
		});
	}

	#[test]
	fn small_releases_to_one_supplier_add_up_to_the_limit() {
		check(|| {
			escrowed_city();
			assert_eq!(release(CONTRACTOR, 6_000), Ok(EscrowRelease::Paid));
			// The attack: a second milestone of 6 000 within the window.
			assert_eq!(release(CONTRACTOR, 6_000), Ok(EscrowRelease::Proposed(0)));
			assert_eq!(balance(CONTRACTOR), 6_000);
			// A department's payments and releases to one payee add up too.
			let after_window = 1
				+ <<Test as Config>::SplitPaymentWindow as frame_support::traits::Get<u64>>::get();
			run_to(after_window);
			assert_eq!(release(CONTRACTOR, 6_000), Ok(EscrowRelease::Paid));
			let id = propose(ROADS_WORKS, CONTRACTOR, 5_000);
			assert!(Proposals::<Test>::get(TALLINN, id).expect("proposed").time_locked);
		});
	}

	#[test]
	fn a_blocked_withdrawn_or_expired_release_stays_in_escrow() {
		check(|| {
			escrowed_city();
			let before = line(ROADS_WORKS);
			let (blocked, withdrawn, expired) = (0, 1, 2);
			for id in [blocked, withdrawn, expired] {
				assert_eq!(release(CONTRACTOR, 11_000), Ok(EscrowRelease::Proposed(id)));
			}
			assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, blocked));
			assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, blocked));
			assert_ok!(Treasury::block_payment(signed(AUDITOR), TALLINN, blocked, note("no")));
			assert_noop!(
				Treasury::withdraw_proposal(signed(ROADS_OFFICER), TALLINN, withdrawn),
				E::NotTheProposer
			);
			assert_ok!(Treasury::withdraw_proposal(signed(PO), TALLINN, withdrawn));
			run_to(1 + LIFETIME);
			assert_ok!(Treasury::close_expired(signed(STRANGER), TALLINN, expired));
			// The escrow is whole: the milestone may be accepted again or
			// refunded when the contract ends.
			assert_eq!(line(ROADS_WORKS), before);
			assert_eq!(balance(CONTRACTOR), 0);
			assert_eq!(PendingPayments::<Test>::get(TALLINN), 0);
			assert_eq!(EscrowReleases::<Test>::iter().count(), 0);
			assert_eq!(
				EscrowUser::outcomes(),
				vec![
					(false, TALLINN, MILESTONE, blocked),
					(false, TALLINN, MILESTONE, withdrawn),
					(false, TALLINN, MILESTONE, expired)
				]
			);
			assert_eq!(Treasury::refund(TALLINN, ROADS_WORKS, 40_000), Ok(()));
		});
	}

	#[test]
	fn escrow_a_pending_release_claims_is_neither_refunded_nor_released_again() {
		check(|| {
			escrowed_city();
			assert_eq!(release(CONTRACTOR, 30_000), Ok(EscrowRelease::Proposed(0)));
			assert_eq!(EscrowReleasing::<Test>::get(TALLINN, ROADS_WORKS), 30_000);
			assert_eq!(
				Treasury::refund(TALLINN, ROADS_WORKS, 10_001),
				Err(EscrowError::ExceedsEscrow)
			);
			assert_eq!(release(EMPLOYEE, 10_001), Err(EscrowError::ExceedsEscrow));
			assert_eq!(release(CONTRACTOR, 10_001), Err(EscrowError::ExceedsEscrow));
			assert_eq!(Treasury::refund(TALLINN, ROADS_WORKS, 10_000), Ok(()));
			assert_ok!(Treasury::withdraw_proposal(signed(PO), TALLINN, 0));
			assert_eq!(EscrowReleasing::<Test>::get(TALLINN, ROADS_WORKS), 0);
			assert_eq!(Treasury::refund(TALLINN, ROADS_WORKS, 30_000), Ok(()));
		});
	}

	#[test]
	fn a_release_counts_against_the_pending_payments() {
		check(|| {
			escrowed_city();
			assert_eq!(Treasury::reserve(TALLINN, ROADS_WORKS, 10_000), Ok(()));
			for id in 0..3 {
				assert_eq!(release(CONTRACTOR, 11_000), Ok(EscrowRelease::Proposed(id)));
			}
			assert_eq!(release(CONTRACTOR, 11_000), Err(EscrowError::TooManyPendingPayments));
			assert_eq!(NextProposalId::<Test>::get(TALLINN), 3);
		});
	}
}

/// The budget report of the runtime API, and an auditor rebuilding it from the events.
mod reports {
	use super::*;

	/// A year in Tallinn: receipts, the budget, an amendment, a reallocation,
	/// payments paid, blocked, expired and pending, escrow, a redemption.
	fn a_year() {
		city_with_budget();
		assert_ok!(Treasury::record_receipt(
			signed(T3),
			TALLINN,
			FY,
			RevenueCategory::Fines,
			700,
			PayerReference::Company(note("EE123")),
			doc(5)
		));
		assert_ok!(Treasury::record_receipt(
			signed(T3),
			TALLINN,
			FY,
			RevenueCategory::Fines,
			300,
			person(),
			doc(6)
		));
		assert_ok!(Treasury::record_receipt(
			signed(T3),
			TALLINN,
			2026,
			RevenueCategory::Fines,
			999,
			person(),
			doc(7)
		));
		assert_ok!(Treasury::amend_line(
			signed(TALLINN_ADMIN),
			TALLINN,
			ROADS_WORKS,
			55_000,
			note("storm")
		));
		assert_ok!(Treasury::reallocate(
			signed(TALLINN_ADMIN),
			TALLINN,
			ROADS_SUPPLIES,
			PARKS_STAFF,
			2_000,
			note("hires")
		));
		pay(ROADS_SUPPLIES, CONTRACTOR, 6_000);
		pay(PARKS_STAFF, EMPLOYEE, 9_000);
		let blocked = propose(ROADS_WORKS, CONTRACTOR, 20_000);
		assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, blocked));
		assert_ok!(Treasury::approve_payment(signed(T2), TALLINN, blocked));
		assert_ok!(Treasury::block_payment(signed(AUDITOR), TALLINN, blocked, note("no")));
		let expiring = propose(PARKS_STAFF, EMPLOYEE, 1_000);
		assert_eq!(Treasury::reserve(TALLINN, ROADS_WORKS, 15_000), Ok(()));
		let release = |payee, amount| {
			Treasury::release(TALLINN, ROADS_WORKS, &payee, amount, &PO, MILESTONE, doc(7))
		};
		assert_eq!(release(EMPLOYEE, 5_000), Ok(EscrowRelease::Paid));
		assert_eq!(Treasury::refund(TALLINN, ROADS_WORKS, 2_000), Ok(()));
		run_to(1 + LIFETIME);
		assert_ok!(Treasury::close_expired(signed(STRANGER), TALLINN, expiring));
		let pending = propose(ROADS_WORKS, CONTRACTOR, 12_000);
		assert_ok!(Treasury::approve_payment(signed(T1), TALLINN, pending));
		assert_ok!(Treasury::redeem(signed(EMPLOYEE), TALLINN, 7_000, note("SEPA 1")));
		// The contractor's payments from Roads are over the limit in the
		// window: this release waits for the Treasurers, in escrow.
		assert_eq!(release(CONTRACTOR, 8_000), Ok(EscrowRelease::Proposed(pending + 1)));
	}

	#[test]
	fn the_report_is_budget_versus_committed_versus_spent() {
		check(|| {
			a_year();
			let report = Treasury::budget_report(TALLINN, FY).expect("Tallinn has a ledger");
			assert_eq!(report.decimals, 2);
			assert_eq!(report.adopted_at, Some(1));
			let roads = &report.departments[0];
			assert_eq!((roads.department, roads.name.as_slice()), (ROADS, &b"Roads"[..]));
			assert_eq!(
				roads.lines,
				vec![
					LineReport {
						category: GoodsAndServices,
						appropriated: 18_000,
						committed: 0,
						spent: 6_000
					},
					LineReport {
						category: CapitalWorks,
						appropriated: 55_000,
						committed: 20_000,
						spent: 5_000
					},
				]
			);
			assert_eq!(
				(roads.appropriated, roads.committed, roads.spent),
				(73_000, 20_000, 11_000)
			);
			let parks = &report.departments[1];
			assert_eq!(
				parks.lines,
				vec![LineReport {
					category: Compensation,
					appropriated: 32_000,
					committed: 0,
					spent: 9_000
				}]
			);
			assert_eq!(
				report.revenue,
				vec![
					RevenueReport {
						category: RevenueCategory::PropertyTax,
						receipts: 1,
						amount: 100_000
					},
					RevenueReport { category: RevenueCategory::Fines, receipts: 2, amount: 1_000 },
				]
			);
			assert_eq!(report.pending.len(), 2);
			assert_eq!((report.pending[0].amount, report.pending[0].approvals), (12_000, 1));
			// A release out of escrow is pending like a payment; its amount
			// is in the line's committed figure once, as escrow.
			assert_eq!((report.pending[1].amount, report.pending[1].approvals), (8_000, 0));
			assert_eq!(report.supply, Supply { minted: 101_999, burned: 7_000 });
			assert_eq!(report.treasury_balance, 101_999 - 6_000 - 9_000 - 5_000);

			// Another period has its own receipts and no budget.
			let last_year = Treasury::budget_report(TALLINN, 2026).expect("ledger");
			assert_eq!((last_year.adopted_at, last_year.departments.len()), (None, 0));
			assert_eq!(last_year.revenue[0].amount, 999);
			assert_eq!(Treasury::budget_report(TARTU, FY), None);

			// Every step of the line is in its history, with where it stood.
			let history = Treasury::line_history(TALLINN, ROADS_WORKS);
			let changes: Vec<_> = history.iter().map(|e| (e.change.clone(), e.amount)).collect();
			assert_eq!(
				changes,
				vec![
					(LineChange::Adopted, 50_000),
					(LineChange::Amended { reason: b"storm".to_vec() }, 5_000),
					(LineChange::PaymentProposed { proposal: 2 }, 20_000),
					(LineChange::PaymentReleased { proposal: 2 }, 20_000),
					(LineChange::EscrowReserved, 15_000),
					(LineChange::EscrowReleased, 5_000),
					(LineChange::EscrowRefunded, 2_000),
					(LineChange::PaymentProposed { proposal: 4 }, 12_000),
				]
			);
			let last = history.last().expect("entries");
			assert_eq!((last.appropriated, last.committed, last.spent), (55_000, 20_000, 5_000));
		});
	}

	/// An auditor who reads nothing but this pallet's events rebuilds the same
	/// report the runtime API gives.
	#[test]
	fn an_auditor_rebuilds_the_report_from_events() {
		use std::collections::BTreeMap;
		check(|| {
			a_year();
			let mut lines: BTreeMap<BudgetLineId, LineReport> = BTreeMap::new();
			let mut revenue: BTreeMap<RevenueCategory, (u32, Credits)> = BTreeMap::new();
			let mut pending: BTreeMap<ProposalId, (BudgetLineId, Credits)> = BTreeMap::new();
			// Releases out of escrow: already committed, as escrow.
			let mut from_escrow = std::collections::BTreeSet::new();
			let mut supply = Supply::default();
			let mut names = BTreeMap::new();
			fn at(
				lines: &mut BTreeMap<BudgetLineId, LineReport>,
				id: BudgetLineId,
			) -> &mut LineReport {
				lines.entry(id).or_insert(LineReport {
					category: id.category,
					appropriated: 0,
					committed: 0,
					spent: 0,
				})
			}
			for record in System::events() {
				let RuntimeEvent::Treasury(event) = record.event else { continue };
				match event {
					Event::DepartmentAdded { department, name, .. } => {
						names.insert(department, name.into_inner());
					}
					Event::ReceiptRecorded { period, category, amount, .. } => {
						supply.minted += amount;
						if period == FY {
							let r = revenue.entry(category).or_default();
							*r = (r.0 + 1, r.1 + amount);
						}
					}
					Event::BudgetAdopted { period, lines: adopted, .. } => {
						for (department, category, amount) in adopted {
							at(&mut lines, BudgetLineId { period, department, category })
								.appropriated = amount;
						}
					}
					Event::LineAmended { line, appropriated, .. } => {
						at(&mut lines, line).appropriated = appropriated
					}
					Event::Reallocated { from, to, amount, .. } => {
						at(&mut lines, from).appropriated -= amount;
						at(&mut lines, to).appropriated += amount;
					}
					Event::PaymentProposed { proposal, line, amount, escrow, .. } => {
						pending.insert(proposal, (line, amount));
						if escrow.is_some() {
							from_escrow.insert(proposal);
						} else {
							at(&mut lines, line).committed += amount;
						}
					}
					Event::PaymentExecuted { proposal, line, amount, .. } => {
						pending.remove(&proposal);
						let l = at(&mut lines, line);
						l.committed -= amount;
						l.spent += amount;
					}
					Event::PaymentBlocked { proposal, line, amount, .. }
					| Event::PaymentExpired { proposal, line, amount, .. }
					| Event::PaymentWithdrawn { proposal, line, amount, .. } => {
						pending.remove(&proposal);
						if !from_escrow.contains(&proposal) {
							at(&mut lines, line).committed -= amount;
						}
					}
					Event::EscrowReserved { line, amount, .. } => {
						at(&mut lines, line).committed += amount
					}
					Event::EscrowReleased { line, amount, .. } => {
						let l = at(&mut lines, line);
						l.committed -= amount;
						l.spent += amount;
					}
					Event::EscrowRefunded { line, amount, .. } => {
						at(&mut lines, line).committed -= amount
					}
					Event::Redeemed { amount, .. } => supply.burned += amount,
					_ => {}
				}
			}

			let report = Treasury::budget_report(TALLINN, FY).expect("ledger");
			let mut rebuilt: BTreeMap<DepartmentId, Vec<LineReport>> = BTreeMap::new();
			for (id, l) in lines.into_iter().filter(|(id, _)| id.period == FY) {
				rebuilt.entry(id.department).or_default().push(l);
			}
			let from_api: BTreeMap<DepartmentId, Vec<LineReport>> =
				report.departments.iter().map(|d| (d.department, d.lines.clone())).collect();
			assert_eq!(rebuilt, from_api);
			for d in &report.departments {
				assert_eq!(names.get(&d.department), Some(&d.name));
			}
			let revenue: Vec<_> = revenue
				.into_iter()
				.map(|(category, (receipts, amount))| RevenueReport { category, receipts, amount })
				.collect();
			assert_eq!(revenue, report.revenue);
			let api_pending: Vec<_> =
				report.pending.iter().map(|p| (p.proposal, (p.line, p.amount))).collect();
			assert_eq!(pending.into_iter().collect::<Vec<_>>(), api_pending);
			assert_eq!(supply, report.supply);
		});
	}
}

/// Random call sequences checked against the ledger's invariants.
mod properties {
	use super::*;

	/// A small deterministic generator (xorshift64*), so that a failing seed can
	/// be replayed.
	struct Rng(u64);

	impl Rng {
		fn next(&mut self) -> u64 {
			self.0 ^= self.0 >> 12;
			self.0 ^= self.0 << 25;
			self.0 ^= self.0 >> 27;
			self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
		}
		fn below(&mut self, n: u64) -> u64 {
			self.next() % n
		}
		fn pick<T: Copy>(&mut self, items: &[T]) -> T {
			items[self.below(items.len() as u64) as usize]
		}
		/// Mostly small amounts, sometimes zero, sometimes huge.
		fn amount(&mut self) -> Credits {
			match self.below(20) {
				0 => 0,
				1 => Credits::MAX - self.below(3) as Credits,
				_ => self.below(8_000) as Credits,
			}
		}
	}

	/// Random sequences of receipts, budget changes, payments, escrow, transfers
	/// and redemptions, valid and invalid alike. After every step the ledger's
	/// invariants hold (minted minus burned equals the sum of balances, no line
	/// committed or spent beyond its appropriation), and a step that failed left
	/// the state exactly as it was.
	#[test]
	fn random_sequences_conserve_credits_and_never_overspend() {
		let lines = [
			ROADS_WORKS,
			ROADS_SUPPLIES,
			PARKS_STAFF,
			BudgetLineId { period: 2030, ..PARKS_STAFF },
		];
		let people = [CONTRACTOR, EMPLOYEE, ROADS_ACCOUNT, TALLINN_TREASURY, STRANGER];
		let signers = [T1, T2, T3, AUDITOR, ROADS_OFFICER, PARKS_OFFICER, TALLINN_ADMIN, TARTU_T];
		for seed in 1..=64u64 {
			new_test_ext().execute_with(|| {
				city_with_budget();
				let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
				let mut steps_ok = 0;
				for step in 0..300 {
					let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
					let proposal =
						rng.below(NextProposalId::<Test>::get(TALLINN) as u64 + 1) as ProposalId;
					let who = rng.pick(&signers);
					let ok = match rng.below(15) {
						0 => Treasury::record_receipt(
							signed(rng.pick(&[T1, T2, TARTU_T])),
							TALLINN,
							FY,
							RevenueCategory::Other,
							rng.amount(),
							person(),
							doc(1),
						)
						.is_ok(),
						1 | 2 => Treasury::propose_payment(
							signed(rng.pick(&[ROADS_OFFICER, PARKS_OFFICER])),
							TALLINN,
							rng.pick(&lines),
							rng.pick(&people),
							rng.amount(),
							note("p"),
							doc(2),
						)
						.is_ok(),
						3..=5 => Treasury::approve_payment(signed(who), TALLINN, proposal).is_ok(),
						6 => Treasury::execute_payment(signed(who), TALLINN, proposal).is_ok(),
						7 => Treasury::block_payment(signed(who), TALLINN, proposal, note("b"))
							.is_ok(),
						8 => Treasury::close_expired(signed(who), TALLINN, proposal).is_ok(),
						9 => Treasury::amend_line(
							signed(who),
							TALLINN,
							rng.pick(&lines),
							rng.amount(),
							note("a"),
						)
						.is_ok(),
						10 => Treasury::reallocate(
							signed(who),
							TALLINN,
							rng.pick(&lines),
							rng.pick(&lines),
							rng.amount(),
							note("r"),
						)
						.is_ok(),
						11 => Treasury::transfer(
							signed(rng.pick(&people)),
							TALLINN,
							rng.pick(&people),
							rng.amount(),
						)
						.is_ok(),
						12 => Treasury::redeem(
							signed(rng.pick(&people)),
							TALLINN,
							rng.amount(),
							note("x"),
						)
						.is_ok(),
						13 => match rng.below(3) {
							0 => Treasury::reserve(TALLINN, rng.pick(&lines), rng.amount()).is_ok(),
							1 => Treasury::release(
								TALLINN,
								rng.pick(&lines),
								&rng.pick(&people),
								rng.amount(),
								&PO,
								MILESTONE,
								doc(7),
							)
							.is_ok(),
							_ => Treasury::refund(TALLINN, rng.pick(&lines), rng.amount()).is_ok(),
						},
						_ => {
							run_to(System::block_number() + rng.below(8));
							continue;
						}
					};
					if ok {
						steps_ok += 1;
					} else {
						assert_eq!(
							sp_io::storage::root(sp_runtime::StateVersion::V1),
							root,
							"seed {seed}, step {step}: a failed step changed state"
						);
					}
					assert_eq!(Treasury::check_invariants(), Ok(()), "seed {seed}, step {step}");
				}
				// The sequences do real work, not only refusals.
				assert!(steps_ok > 10, "seed {seed}: only {steps_ok} steps succeeded");
			});
		}
	}
}

/// The `CityLedger` trait: escrow accounts, transfers and collected revenue.
mod city_ledger {
	use super::*;

	/// Pays `amount` to the contractor from the roads line.
	fn fund_contractor(amount: Credits) {
		pay(ROADS_WORKS, CONTRACTOR, amount);
		assert_eq!(balance(CONTRACTOR), amount);
	}

	#[test]
	fn the_ledger_trait_moves_and_collects_credits_without_minting() {
		use civitas_primitives::{CityLedger, LedgerRevenue};
		check(|| {
			city_with_budget();
			fund_contractor(5_000);
			const ESCROW: u64 = 777;
			let minted = Supplies::<Test>::get(TALLINN);
			// A keyless escrow account joins the whitelist once.
			assert_ok!(<Treasury as CityLedger<u64>>::admit_escrow(TALLINN, &ESCROW));
			assert_ok!(<Treasury as CityLedger<u64>>::admit_escrow(TALLINN, &ESCROW));
			assert_eq!(Holders::<Test>::get(TALLINN, ESCROW), Some(Holder::Escrow));
			assert_ok!(<Treasury as CityLedger<u64>>::transfer(
				TALLINN,
				&CONTRACTOR,
				&ESCROW,
				3_000
			));
			assert_eq!(<Treasury as CityLedger<u64>>::balance(TALLINN, &ESCROW), 3_000);
			// Tax collected from the escrow on the contractor's behalf.
			let treasury_before = balance(TALLINN_TREASURY);
			assert_ok!(<Treasury as CityLedger<u64>>::collect(
				TALLINN,
				&ESCROW,
				&CONTRACTOR,
				LedgerRevenue::PropertyTax,
				FY,
				1_000,
				doc(4)
			));
			assert_eq!(balance(ESCROW), 2_000);
			assert_eq!(balance(TALLINN_TREASURY), treasury_before + 1_000);
			assert_eq!(Supplies::<Test>::get(TALLINN), minted, "collecting mints nothing");
			let id = NextReceiptId::<Test>::get(TALLINN) - 1;
			let receipt = Receipts::<Test>::get(TALLINN, id).expect("receipt booked");
			assert_eq!(
				(receipt.category, receipt.amount, receipt.payer, receipt.recorded_by),
				(RevenueCategory::PropertyTax, 1_000, PayerReference::Holder, CONTRACTOR)
			);
			assert!(matches!(
				last_event(),
				Event::ReceiptRecorded {
					source: ReceiptSource::Collected { from: ESCROW },
					recorded_by: CONTRACTOR,
					..
				}
			));
			// Refusals change nothing.
			let ledger = |f: &dyn Fn() -> Result<(), EscrowError>, e| {
				assert_noop!(
					f().map_err(|_| DispatchError::Other("refused")),
					DispatchError::Other("refused")
				);
				assert_eq!(f(), Err(e));
			};
			ledger(
				&|| <Treasury as CityLedger<u64>>::transfer(TALLINN, &ESCROW, &CONTRACTOR, 2_001),
				EscrowError::InsufficientBalance,
			);
			ledger(
				&|| <Treasury as CityLedger<u64>>::transfer(TALLINN, &TALLINN_TREASURY, &ESCROW, 1),
				EscrowError::NotWhitelisted,
			);
			ledger(
				&|| <Treasury as CityLedger<u64>>::transfer(TALLINN, &ESCROW, &4242, 1),
				EscrowError::NotWhitelisted,
			);
			ledger(
				&|| {
					<Treasury as CityLedger<u64>>::collect(
						TALLINN,
						&ESCROW,
						&CONTRACTOR,
						LedgerRevenue::PropertySale,
						FY,
						2_001,
						doc(4),
					)
				},
				EscrowError::InsufficientBalance,
			);
			ledger(
				&|| {
					<Treasury as CityLedger<u64>>::collect(
						TALLINN,
						&4242,
						&4242,
						LedgerRevenue::PropertySale,
						FY,
						1,
						doc(4),
					)
				},
				EscrowError::SenderNotOnLedger,
			);
			TestOffices::set_status(TALLINN, CityStatus::Suspended);
			ledger(
				&|| <Treasury as CityLedger<u64>>::transfer(TALLINN, &ESCROW, &CONTRACTOR, 1),
				EscrowError::CityUnavailable,
			);
		});
	}
}

/// Four eyes on every payment: each test reproduces an attack of the
/// review of issue 29 and shows that it now fails.
mod four_eyes {
	use super::*;

	fn approve(who: u64, id: ProposalId) -> sp_runtime::DispatchResult {
		Treasury::approve_payment(signed(who), TALLINN, id)
	}

	fn execute(id: ProposalId) -> sp_runtime::DispatchResult {
		Treasury::execute_payment(signed(STRANGER), TALLINN, id)
	}

	#[test]
	fn a_dismissed_treasurers_approval_no_longer_counts() {
		check(|| {
			city_with_budget();
			let id = propose(ROADS_SUPPLIES, CONTRACTOR, 4_000);
			assert_ok!(approve(T1, id));
			TestOffices::dismiss(TALLINN, CityRole::Treasurer, T1);
			// T1's approval is dropped: T2's is the only one that counts.
			assert_ok!(approve(T2, id));
			assert_eq!(
				last_event(),
				Event::PaymentApproved { city: TALLINN, proposal: id, treasurer: T2, approvals: 1 }
			);
			assert_eq!(balance(CONTRACTOR), 0);
			assert_ok!(approve(T3, id));
			assert_eq!(balance(CONTRACTOR), 4_000);
		});
	}

	#[test]
	fn a_time_locked_payment_whose_approver_was_dismissed_needs_a_new_approval() {
		check(|| {
			city_with_budget();
			let id = propose(ROADS_WORKS, CONTRACTOR, LIMIT + 1);
			assert_ok!(approve(T1, id));
			assert_ok!(approve(T2, id));
			TestOffices::dismiss(TALLINN, CityRole::Treasurer, T1);
			run_to(1 + LOCK);
			assert_noop!(execute(id), E::ApprovalsLapsed);
			// A current Treasurer approves again: the Auditor gets a full
			// time lock on the new approvals.
			assert_ok!(approve(T3, id));
			assert_eq!(
				last_event(),
				Event::PaymentTimeLocked { city: TALLINN, proposal: id, unlocks_at: 1 + 2 * LOCK }
			);
			assert_noop!(execute(id), E::TimeLockRunning);
			run_to(1 + 2 * LOCK);
			assert_ok!(execute(id));
			assert_eq!(balance(CONTRACTOR), LIMIT + 1);
		});
	}

	#[test]
	fn a_payee_appointed_treasurer_cannot_approve_its_own_payment() {
		check(|| {
			city_with_budget();
			let id = propose(PARKS_STAFF, EMPLOYEE, 3_000);
			// The cities pallet appoints without seeing the ledger.
			TestOffices::appoint(TALLINN, CityRole::Treasurer, EMPLOYEE);
			assert_noop!(approve(EMPLOYEE, id), E::PayeeCannotApprove);
			assert_ok!(approve(T1, id));
			assert_ok!(approve(T2, id));
			assert_eq!(balance(EMPLOYEE), 3_000);
		});
	}

	#[test]
	fn an_officer_cannot_propose_paying_itself() {
		check(|| {
			city_with_budget();
			// An officer who is also a registered payee.
			assert_ok!(Treasury::set_department_officers(
				signed(TALLINN_ADMIN),
				TALLINN,
				ROADS,
				officers(&[ROADS_OFFICER, EMPLOYEE])
			));
			assert_noop!(
				Treasury::propose_payment(
					signed(EMPLOYEE),
					TALLINN,
					ROADS_WORKS,
					EMPLOYEE,
					100,
					note("me"),
					doc(5)
				),
				E::ProposerCannotBePayee
			);
		});
	}

	#[test]
	fn approvals_and_proposals_can_be_withdrawn() {
		check(|| {
			city_with_budget();
			let id = propose(ROADS_WORKS, CONTRACTOR, LIMIT + 1);
			let withdraw = |who, id| Treasury::withdraw_approval(signed(who), TALLINN, id);
			assert_noop!(withdraw(T1, id), E::NotAnApprover);
			assert_ok!(approve(T1, id));
			assert_ok!(approve(T2, id));
			// Withdrawn during the time lock: the payment waits for
			// approvals again.
			assert_ok!(withdraw(T2, id));
			assert_eq!(
				last_event(),
				Event::PaymentApprovalWithdrawn {
					city: TALLINN,
					proposal: id,
					treasurer: T2,
					approvals: 1
				}
			);
			run_to(1 + LOCK);
			assert_noop!(execute(id), E::AwaitingApprovals);
			assert_noop!(withdraw(T2, 9), E::UnknownProposal);

			let withdraw_proposal = |who| Treasury::withdraw_proposal(signed(who), TALLINN, id);
			assert_noop!(withdraw_proposal(PARKS_OFFICER), E::NotTheProposer);
			assert_noop!(withdraw_proposal(T1), E::NotTheProposer);
			assert_ok!(withdraw_proposal(ROADS_OFFICER));
			assert_eq!(
				last_event(),
				Event::PaymentWithdrawn {
					city: TALLINN,
					proposal: id,
					line: ROADS_WORKS,
					amount: LIMIT + 1,
					proposer: ROADS_OFFICER
				}
			);
			assert_eq!(line(ROADS_WORKS).committed, 0);
			assert_eq!(PendingPayments::<Test>::get(TALLINN), 0);
			assert_noop!(approve(T3, id), E::UnknownProposal);
			// Its invoice may be proposed again.
			assert_ok!(Treasury::propose_payment(
				signed(ROADS_OFFICER),
				TALLINN,
				ROADS_WORKS,
				CONTRACTOR,
				LIMIT + 1,
				note("again"),
				invoice(id)
			));
		});
	}

	#[test]
	fn an_invoice_is_paid_once() {
		check(|| {
			city_with_budget();
			let propose_invoice = |payee, amount, invoice| {
				Treasury::propose_payment(
					signed(ROADS_OFFICER),
					TALLINN,
					ROADS_SUPPLIES,
					payee,
					amount,
					note("p"),
					invoice,
				)
			};
			assert_ok!(propose_invoice(CONTRACTOR, 1_000, doc(7)));
			// Pending: the same invoice cannot be proposed a second time.
			assert_noop!(propose_invoice(CONTRACTOR, 1_000, doc(7)), E::InvoiceAlreadyUsed);
			assert_ok!(approve(T1, 0));
			assert_ok!(approve(T2, 0));
			assert_eq!(balance(CONTRACTOR), 1_000);
			// Paid: nor after.
			assert_noop!(propose_invoice(CONTRACTOR, 1_000, doc(7)), E::InvoiceAlreadyUsed);
			// Another payee's invoice may carry the same hash.
			assert_ok!(propose_invoice(EMPLOYEE, 1_000, doc(7)));
			assert_eq!(Invoices::<Test>::get((TALLINN, CONTRACTOR, doc(7))), Some(0));
		});
	}

	#[test]
	fn a_payment_split_below_the_limit_still_waits_the_time_lock() {
		check(|| {
			city_with_budget();
			let part = LIMIT / 2 + 1;
			let first = propose(ROADS_WORKS, CONTRACTOR, part);
			let second = propose(ROADS_WORKS, CONTRACTOR, part);
			assert!(matches!(last_event(), Event::PaymentProposed { time_locked: true, .. }));
			assert!(!Proposals::<Test>::get(TALLINN, first).expect("pending").time_locked);
			assert!(Proposals::<Test>::get(TALLINN, second).expect("pending").time_locked);
			assert_ok!(approve(T1, second));
			assert_ok!(approve(T2, second));
			assert_eq!(balance(CONTRACTOR), 0);
			assert_ok!(Treasury::block_payment(signed(AUDITOR), TALLINN, second, note("split")));

			// The department's other lines add up with this one, and a
			// withdrawn proposal still counts.
			let same_department = propose(ROADS_SUPPLIES, CONTRACTOR, 1);
			assert!(Proposals::<Test>::get(TALLINN, same_department).expect("pending").time_locked);
			assert_ok!(Treasury::withdraw_proposal(
				signed(ROADS_OFFICER),
				TALLINN,
				same_department
			));
			assert_eq!(
				PaymentWindows::<Test>::get((TALLINN, ROADS, CONTRACTOR)).map(|w| w.proposed),
				Some(2 * part + 1)
			);
			// Another payee's payments and another department's add up apart.
			let other_payee = propose(ROADS_WORKS, EMPLOYEE, part);
			let other_department = propose(PARKS_STAFF, CONTRACTOR, part);
			for id in [other_payee, other_department] {
				assert!(!Proposals::<Test>::get(TALLINN, id).expect("pending").time_locked);
			}
			// A new window opens once the split-payment window has passed.
			run_to(1 + 50);
			for id in [first, other_payee, other_department] {
				assert_ok!(Treasury::close_expired(signed(STRANGER), TALLINN, id));
			}
			let later = propose(ROADS_WORKS, CONTRACTOR, part);
			assert!(!Proposals::<Test>::get(TALLINN, later).expect("pending").time_locked);
		});
	}

	#[test]
	fn receipts_say_how_credits_came_and_reasons_are_required() {
		check(|| {
			city_with_budget();
			assert_noop!(
				Treasury::record_receipt(
					signed(T1),
					TALLINN,
					FY,
					RevenueCategory::PropertyTax,
					5,
					PayerReference::Holder,
					doc(4)
				),
				E::HolderReceiptNotRecordable
			);
			assert_noop!(
				Treasury::amend_line(signed(TALLINN_ADMIN), TALLINN, ROADS_WORKS, 60_000, note("")),
				E::EmptyReason
			);
			assert_noop!(
				Treasury::reallocate(
					signed(TALLINN_ADMIN),
					TALLINN,
					ROADS_WORKS,
					ROADS_SUPPLIES,
					1,
					note("")
				),
				E::EmptyReason
			);
			let id = propose(ROADS_WORKS, CONTRACTOR, LIMIT + 1);
			assert_noop!(
				Treasury::block_payment(signed(AUDITOR), TALLINN, id, note("")),
				E::EmptyReason
			);
			assert_noop!(
				Treasury::block_payment(signed(AUDITOR), TALLINN, id, note(" \t ")),
				E::EmptyReason
			);
			assert_noop!(
				Treasury::amend_line(
					signed(TALLINN_ADMIN),
					TALLINN,
					ROADS_WORKS,
					60_000,
					note("  ")
				),
				E::EmptyReason
			);
		});
	}

	/// A line whose history is full of decisions still pays, releases,
	/// refunds, blocks and expires what it committed.
	#[test]
	fn a_full_line_still_pays_refunds_blocks_and_expires() {
		check(|| {
			city_with_budget();
			// MaxLineHistory = 8: adoption, an escrow, three proposals and
			// three amendments fill it.
			assert_eq!(
				<Treasury as BudgetEscrow<u64>>::reserve(TALLINN, ROADS_WORKS, 1_000),
				Ok(())
			);
			let paid = propose(ROADS_WORKS, CONTRACTOR, 100);
			let blocked = propose(ROADS_WORKS, EMPLOYEE, LIMIT + 1);
			let expired = propose(ROADS_WORKS, CONTRACTOR, 200);
			for amount in [50_001, 50_002, 50_003] {
				assert_ok!(Treasury::amend_line(
					signed(TALLINN_ADMIN),
					TALLINN,
					ROADS_WORKS,
					amount,
					note("x")
				));
			}
			assert_eq!(line(ROADS_WORKS).entries, 8);
			assert_noop!(
				Treasury::amend_line(signed(TALLINN_ADMIN), TALLINN, ROADS_WORKS, 1, note("x")),
				E::LineHistoryFull
			);

			assert_ok!(approve(T1, paid));
			assert_ok!(approve(T2, paid));
			assert_eq!(balance(CONTRACTOR), 100);
			assert_ok!(Treasury::block_payment(signed(AUDITOR), TALLINN, blocked, note("no")));
			assert_eq!(
				<Treasury as BudgetEscrow<u64>>::release(
					TALLINN,
					ROADS_WORKS,
					&CONTRACTOR,
					400,
					&PO,
					MILESTONE,
					doc(7)
				),
				Ok(EscrowRelease::Paid)
			);
			assert_eq!(<Treasury as BudgetEscrow<u64>>::refund(TALLINN, ROADS_WORKS, 600), Ok(()));
			run_to(1 + LIFETIME);
			assert_ok!(Treasury::close_expired(signed(STRANGER), TALLINN, expired));

			let after = line(ROADS_WORKS);
			assert_eq!((after.committed, after.escrowed, after.spent), (0, 0, 500));
			assert_eq!(after.entries, 13);
			assert_eq!(LineFollowUps::<Test>::get(TALLINN, ROADS_WORKS), 5);
			assert_eq!(Treasury::line_history(TALLINN, ROADS_WORKS).len(), 13);
			// New decisions are still refused.
			assert_noop!(
				Treasury::propose_payment(
					signed(ROADS_OFFICER),
					TALLINN,
					ROADS_WORKS,
					CONTRACTOR,
					1,
					note("x"),
					doc(8)
				),
				E::LineHistoryFull
			);
		});
	}
}

/// The storage migrations.
mod migration {
	use super::*;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn version_2_records_the_invoices_of_pending_proposals() {
		check(|| {
			city_with_budget();
			let pending = propose(ROADS_WORKS, CONTRACTOR, 1_000);
			// A version 1 chain: no invoice recorded, and a second proposal
			// of the same invoice, which version 1 allowed.
			Invoices::<Test>::remove((TALLINN, CONTRACTOR, invoice(pending)));
			let twin = propose(ROADS_SUPPLIES, CONTRACTOR, 500);
			let twin_proposal = Proposals::<Test>::take(TALLINN, twin).expect("pending");
			Invoices::<Test>::remove((TALLINN, CONTRACTOR, invoice(twin)));
			Proposals::<Test>::insert(
				TALLINN,
				twin,
				PaymentProposal { invoice: invoice(pending), ..twin_proposal },
			);
			StorageVersion::new(1).put::<Treasury>();

			#[cfg(feature = "try-runtime")]
			let state = migrations::v2::MigrateV1ToV2::<Test>::pre_upgrade().expect("pre");
			migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
			#[cfg(feature = "try-runtime")]
			migrations::v2::MigrateV1ToV2::<Test>::post_upgrade(state).expect("post");

			assert_eq!(Treasury::on_chain_storage_version(), StorageVersion::new(2));
			assert_eq!(
				Invoices::<Test>::get((TALLINN, CONTRACTOR, invoice(pending))),
				Some(pending)
			);
			// The first proposal holds it: withdrawing the twin does not free
			// it, and it cannot be proposed again.
			assert_ok!(Treasury::withdraw_proposal(signed(ROADS_OFFICER), TALLINN, twin));
			assert_eq!(
				Invoices::<Test>::get((TALLINN, CONTRACTOR, invoice(pending))),
				Some(pending)
			);
			assert_noop!(
				Treasury::propose_payment(
					signed(ROADS_OFFICER),
					TALLINN,
					ROADS_WORKS,
					CONTRACTOR,
					1_000,
					note("again"),
					invoice(pending)
				),
				E::InvoiceAlreadyUsed
			);
			// Run again, it is a no-op.
			Invoices::<Test>::remove((TALLINN, CONTRACTOR, invoice(pending)));
			migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(Invoices::<Test>::get((TALLINN, CONTRACTOR, invoice(pending))), None);
		});
	}
}
