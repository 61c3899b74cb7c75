//! # City treasury pallet
//!
//! The whole budget of every city on the chain, and every payment open to
//! scrutiny: each unit of city money can be traced from the receipt that
//! brought it in to the payee who redeemed it, against a budget the city
//! adopted.
//!
//! ## Overview
//!
//! Each city keeps its own *ledger* of city credits. One credit is the
//! smallest unit of the city's fiat currency: the city fixes the decimals once,
//! when it opens its ledger. Credits are not a token anyone may hold: only
//! *whitelisted* accounts of that city may, namely the city treasury, its
//! departments' accounts and the payees the city registered (contractors,
//! employees, beneficiaries).
//!
//! Money comes in as *receipts*: a Treasurer records a tax or fee collected
//! off chain, and the same amount of credits is minted into the city treasury.
//! Money goes out as *payments* against the city's *budget*, and leaves the
//! chain as *redemptions*: the payee burns credits and the city pays the fiat
//! out off chain. Minted minus burned always equals the sum of all balances.
//!
//! ### Terminology
//!
//! - **Budget**: what the city admin adopts for a fiscal period: *lines*, each
//!   an *appropriation* to one department for one [`SpendingCategory`].
//!   Amendments and reallocations between lines keep a history with their
//!   reasons. No line may go below what is already committed or spent on it.
//! - **Committed**: promised and not yet paid: payments awaiting approval, and
//!   escrow that procurement holds for a tender. **Spent**: paid out.
//!   `committed + spent <= appropriated` on every line, always.
//! - **Payment proposal**: a department officer asks to pay a registered payee
//!   from one of the department's lines, with a purpose and an invoice hash.
//!   It is committed on the line at once. It is paid once `approval_threshold`
//!   distinct Treasurers approved it (the proposer may not approve). A payment
//!   above the city's `time_lock_above` then waits `time_lock` blocks, during
//!   which the city's Auditor may block it. A proposal that does not gather its
//!   approvals within `proposal_lifetime` blocks expires.
//! - **Escrow**: through [`civitas_primitives::BudgetEscrow`], the procurement
//!   pallet reserves a tender's value on a line, pays milestones out of it and
//!   returns the rest.
//!
//! ### Example
//!
//! 1. Tartu's admin opens the ledger (2 decimals, 2-of-N approvals, payments
//!    above 10 000.00 wait 1 day), adds the department "Roads" with officer
//!    `r`, and registers contractor `c`.
//! 2. Treasurer `t1` records a property-tax receipt of 50 000.00 for 2027: the
//!    treasury holds 5 000 000 credits.
//! 3. The admin adopts the 2027 budget: Roads, capital works, 40 000.00.
//! 4. `r` proposes paying `c` 12 000.00 from that line for invoice `h`;
//!    Treasurers `t1` and `t2` approve. The payment is above the limit, so it
//!    waits a day; the Auditor does not object; anyone executes it: `c` holds
//!    1 200 000 credits, the line has 28 000.00 left.
//! 5. `c` redeems 1 200 000 credits with its bank transfer reference: they are
//!    burned, and the city pays the fiat out.
//!
//! Anyone reads "budget versus actual" for a city and period with the runtime
//! API [`runtime_api::CityTreasuryApi`] (RPC `cityTreasury_budgetReport`), or
//! rebuilds it from this pallet's events.
//!
//! ## Calls
//!
//! - City admin: [`Pallet::open_ledger`], [`Pallet::set_payment_rules`],
//!   [`Pallet::add_department`], [`Pallet::set_department_officers`],
//!   [`Pallet::register_payee`], [`Pallet::remove_payee`],
//!   [`Pallet::adopt_budget`], [`Pallet::amend_line`], [`Pallet::reallocate`].
//! - Treasurer: [`Pallet::record_receipt`], [`Pallet::approve_payment`].
//! - Department officer: [`Pallet::propose_payment`].
//! - Auditor: [`Pallet::block_payment`].
//! - Anyone: [`Pallet::execute_payment`] (after the time lock),
//!   [`Pallet::close_expired`].
//! - Holders: [`Pallet::transfer`]; payees: [`Pallet::redeem`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod migrations;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use civitas_primitives::{BudgetLineId, CityId, Credits, DepartmentId, FiscalPeriod};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Prepares state the benchmarks cannot create through this pallet's calls:
/// a city with its admin and officials.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Creates an active city whose admin is `admin`, with `treasurers` as
	/// Treasurers and `auditor` as Auditor, and returns its id.
	fn city(
		admin: &AccountId,
		treasurers: &[AccountId],
		auditor: &AccountId,
	) -> Result<CityId, sp_runtime::DispatchError>;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use civitas_primitives::{
		CityOffices, CityRole, DocumentHash, MilestoneReference, OfficeErrors, OnEscrowRelease,
	};
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The pallet's storage layout version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A short free text: a reason, a purpose, a payout reference.
	pub type NoteOf<T> = BoundedVec<u8, <T as Config>::MaxNoteLength>;
	/// A department name.
	pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLength>;
	/// A department's officers.
	pub type OfficersOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxOfficers>;
	/// A city's ledger settings.
	pub type SettingsOf<T> = LedgerSettings<BlockNumberFor<T>>;
	/// A department, as stored.
	pub type DepartmentOf<T> = Department<
		<T as frame_system::Config>::AccountId,
		<T as Config>::MaxNameLength,
		<T as Config>::MaxOfficers,
	>;
	/// A payer reference.
	pub type PayerOf<T> = PayerReference<<T as Config>::MaxNoteLength>;
	/// A receipt, as stored.
	pub type ReceiptOf<T> = Receipt<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxNoteLength,
	>;
	/// The lines of a budget to adopt: department, category, appropriation.
	pub type BudgetLinesOf<T> =
		BoundedVec<(DepartmentId, SpendingCategory, Credits), <T as Config>::MaxLinesPerBudget>;
	/// A budget line history entry.
	pub type LineEntryOf<T> = LineEntry<BlockNumberFor<T>, NoteOf<T>>;
	/// A payment proposal, as stored.
	pub type ProposalOf<T> = PaymentProposal<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxNoteLength,
		<T as Config>::MaxApprovals,
	>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Cities, their admins, treasury accounts and officials.
		type Offices: CityOffices<Self::AccountId>;

		/// The most departments a city may have.
		#[pallet::constant]
		type MaxDepartments: Get<u32>;

		/// The most officers a department may have.
		#[pallet::constant]
		type MaxOfficers: Get<u32>;

		/// The longest department name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// The longest note (reason, purpose, payer registration id, payout
		/// reference), in bytes.
		#[pallet::constant]
		type MaxNoteLength: Get<u32>;

		/// The most lines a budget may have, amendments included.
		#[pallet::constant]
		type MaxLinesPerBudget: Get<u32>;

		/// The most decisions a budget line's history may hold: adoption,
		/// amendments, reallocations, proposals and escrow reservations. A
		/// line full of them takes no more decisions (the city opens another
		/// line), but still records their follow-ups (see [`LineFollowUps`]):
		/// a line holds at most `MaxLineHistory` decisions, each with its
		/// follow-ups.
		#[pallet::constant]
		type MaxLineHistory: Get<u32>;

		/// The highest approval threshold a city may set.
		#[pallet::constant]
		type MaxApprovals: Get<u32>;

		/// The most payment proposals a city may have pending at once.
		#[pallet::constant]
		type MaxPendingPayments: Get<u32>;

		/// How long, in blocks, payments proposed to one payee from one
		/// department's lines add up: once their sum in this window exceeds
		/// the city's time-lock limit, each further one waits the time lock
		/// too, so that splitting a payment does not avoid it.
		#[pallet::constant]
		type SplitPaymentWindow: Get<BlockNumberFor<Self>>;

		/// Told whether an escrow release proposed under the time lock was
		/// paid or declined (the procurement pallet, for its milestones).
		type OnEscrowRelease: OnEscrowRelease;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Prepares benchmark state.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Each city's ledger settings; a city without an entry has no ledger.
	#[pallet::storage]
	pub type Ledgers<T: Config> = StorageMap<_, Twox64Concat, CityId, SettingsOf<T>>;

	/// The accounts that may hold each city's credits, and why.
	#[pallet::storage]
	pub type Holders<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Blake2_128Concat, T::AccountId, Holder>;

	/// Each holder's credits, by city.
	#[pallet::storage]
	pub type Balances<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CityId,
		Blake2_128Concat,
		T::AccountId,
		Credits,
		ValueQuery,
	>;

	/// Each city's credits minted and burned.
	#[pallet::storage]
	pub type Supplies<T: Config> = StorageMap<_, Twox64Concat, CityId, Supply, ValueQuery>;

	/// Each city's departments.
	#[pallet::storage]
	pub type Departments<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, DepartmentId, DepartmentOf<T>>;

	/// How many departments each city has; the next one gets this id.
	#[pallet::storage]
	pub type DepartmentCount<T: Config> = StorageMap<_, Twox64Concat, CityId, u32, ValueQuery>;

	/// Each city's receipts, by id.
	#[pallet::storage]
	pub type Receipts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, ReceiptId, ReceiptOf<T>>;

	/// The id of each city's next receipt.
	#[pallet::storage]
	pub type NextReceiptId<T: Config> = StorageMap<_, Twox64Concat, CityId, ReceiptId, ValueQuery>;

	/// Receipts per city, fiscal period and revenue category: how many, and
	/// their sum.
	#[pallet::storage]
	pub type Revenue<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CityId>,
			NMapKey<Twox64Concat, FiscalPeriod>,
			NMapKey<Twox64Concat, RevenueCategory>,
		),
		(u32, Credits),
		ValueQuery,
	>;

	/// The budget each city adopted for each fiscal period.
	#[pallet::storage]
	pub type Budgets<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CityId,
		Twox64Concat,
		FiscalPeriod,
		Budget<BlockNumberFor<T>>,
	>;

	/// Each city's budget lines.
	#[pallet::storage]
	pub type Lines<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, BudgetLineId, BudgetLine>;

	/// The history of each budget line, entry by entry from 0.
	#[pallet::storage]
	pub type LineHistory<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CityId>,
			NMapKey<Twox64Concat, BudgetLineId>,
			NMapKey<Twox64Concat, u32>,
		),
		LineEntryOf<T>,
	>;

	/// Each city's pending payment proposals. Executed, blocked and expired
	/// proposals are removed; their events keep the record.
	#[pallet::storage]
	pub type Proposals<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, ProposalId, ProposalOf<T>>;

	/// The id of each city's next payment proposal.
	#[pallet::storage]
	pub type NextProposalId<T: Config> =
		StorageMap<_, Twox64Concat, CityId, ProposalId, ValueQuery>;

	/// How many payment proposals each city has pending.
	#[pallet::storage]
	pub type PendingPayments<T: Config> = StorageMap<_, Twox64Concat, CityId, u32, ValueQuery>;

	/// Each payee's invoices that are paid or awaiting payment, with the
	/// proposal that pays them: an invoice is paid once. A blocked, expired
	/// or withdrawn proposal frees its invoice.
	#[pallet::storage]
	pub type Invoices<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CityId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, DocumentHash>,
		),
		ProposalId,
	>;

	/// Payments proposed to a payee from a department's lines within the
	/// `SplitPaymentWindow`.
	#[pallet::storage]
	pub type PaymentWindows<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CityId>,
			NMapKey<Twox64Concat, DepartmentId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		PaymentWindow<BlockNumberFor<T>>,
	>;

	/// The pending proposals that pay out of a line's escrow rather than
	/// its remaining appropriation, with what they pay for: releases that
	/// the escrow user asked for above the time-lock limit. Their amount
	/// stays in escrow until they are paid or declined.
	#[pallet::storage]
	pub type EscrowReleases<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, ProposalId, MilestoneReference>;

	/// How much of each line's escrow its pending [`EscrowReleases`] claim:
	/// no other release nor refund may take it.
	#[pallet::storage]
	pub type EscrowReleasing<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, BudgetLineId, Credits, ValueQuery>;

	/// How many of each line's history entries follow up an earlier entry:
	/// a payment executed or released, escrow paid or refunded. Only the
	/// other entries count against `MaxLineHistory`, so that paying,
	/// refunding, blocking and expiring never fail for lack of room. Each
	/// follow-up answers an earlier decision: a proposal has one; an escrow
	/// reservation as many as the escrow user makes (procurement: one
	/// refund at signing, one release per milestone and one refund at
	/// termination, so `MaxMilestones + 2`).
	#[pallet::storage]
	pub type LineFollowUps<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Twox64Concat, BudgetLineId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A city opened its ledger; its treasury may now hold credits.
		LedgerOpened { city: CityId, treasury: T::AccountId, settings: SettingsOf<T> },
		/// A city changed its payment rules.
		PaymentRulesSet { city: CityId, settings: SettingsOf<T> },
		/// A city added a department.
		DepartmentAdded {
			city: CityId,
			department: DepartmentId,
			name: NameOf<T>,
			account: T::AccountId,
			officers: OfficersOf<T>,
		},
		/// A city replaced a department's officers.
		DepartmentOfficersSet { city: CityId, department: DepartmentId, officers: OfficersOf<T> },
		/// A city registered a payee: it may now hold the city's credits.
		PayeeRegistered { city: CityId, payee: T::AccountId, kind: PayeeKind },
		/// A city removed a payee with no credits left.
		PayeeRemoved { city: CityId, payee: T::AccountId },
		/// A receipt was booked: `amount` credits reached the city treasury,
		/// minted for money a Treasurer recorded or collected from a holder
		/// (`source`). `recorded_by` is the Treasurer, or for a collection
		/// the payer on whose behalf a city pallet collected.
		ReceiptRecorded {
			city: CityId,
			receipt: ReceiptId,
			period: FiscalPeriod,
			category: RevenueCategory,
			amount: Credits,
			payer: PayerOf<T>,
			document: DocumentHash,
			source: ReceiptSource<T::AccountId>,
			recorded_by: T::AccountId,
		},
		/// A city adopted its budget for a fiscal period.
		BudgetAdopted {
			city: CityId,
			period: FiscalPeriod,
			document: DocumentHash,
			lines: BudgetLinesOf<T>,
		},
		/// A budget line's appropriation was amended (or a new line opened).
		LineAmended { city: CityId, line: BudgetLineId, appropriated: Credits, reason: NoteOf<T> },
		/// Appropriation moved between two lines of a budget.
		Reallocated {
			city: CityId,
			from: BudgetLineId,
			to: BudgetLineId,
			amount: Credits,
			reason: NoteOf<T>,
		},
		/// A department officer proposed a payment; it is committed on the line.
		PaymentProposed {
			city: CityId,
			proposal: ProposalId,
			line: BudgetLineId,
			payee: T::AccountId,
			amount: Credits,
			purpose: NoteOf<T>,
			invoice: DocumentHash,
			proposer: T::AccountId,
			expires_at: BlockNumberFor<T>,
			/// Whether it waits the time lock once approved: above the
			/// limit by itself, or with the payee's other payments from
			/// the line in the split-payment window.
			time_locked: bool,
			/// For a release out of the line's escrow, what it pays for; the
			/// amount is then already committed, in escrow.
			escrow: Option<MilestoneReference>,
		},
		/// A Treasurer approved a payment. `approvals` counts the approvals
		/// of current Treasurers only.
		PaymentApproved {
			city: CityId,
			proposal: ProposalId,
			treasurer: T::AccountId,
			approvals: u32,
		},
		/// A Treasurer withdrew its approval of a pending payment; a time
		/// lock it completed stops until the payment is approved again.
		PaymentApprovalWithdrawn {
			city: CityId,
			proposal: ProposalId,
			treasurer: T::AccountId,
			approvals: u32,
		},
		/// The proposer withdrew a pending payment; its commitment went back
		/// to the line and its invoice may be proposed again.
		PaymentWithdrawn {
			city: CityId,
			proposal: ProposalId,
			line: BudgetLineId,
			amount: Credits,
			proposer: T::AccountId,
		},
		/// A fully approved payment above the city's limit waits until
		/// `unlocks_at`; the Auditor may block it until then.
		PaymentTimeLocked { city: CityId, proposal: ProposalId, unlocks_at: BlockNumberFor<T> },
		/// A payment was made from the city treasury to the payee.
		PaymentExecuted {
			city: CityId,
			proposal: ProposalId,
			line: BudgetLineId,
			payee: T::AccountId,
			amount: Credits,
		},
		/// The city's Auditor blocked a payment; its commitment went back to
		/// the line.
		PaymentBlocked {
			city: CityId,
			proposal: ProposalId,
			line: BudgetLineId,
			amount: Credits,
			auditor: T::AccountId,
			reason: NoteOf<T>,
		},
		/// A proposal expired without its approvals; its commitment went back
		/// to the line.
		PaymentExpired { city: CityId, proposal: ProposalId, line: BudgetLineId, amount: Credits },
		/// Credits moved between two whitelisted holders.
		Transferred { city: CityId, from: T::AccountId, to: T::AccountId, amount: Credits },
		/// A payee burned credits to be paid the fiat off chain.
		Redeemed { city: CityId, payee: T::AccountId, amount: Credits, payout_reference: NoteOf<T> },
		/// Procurement reserved part of a line in escrow.
		EscrowReserved { city: CityId, line: BudgetLineId, amount: Credits },
		/// Procurement paid a payee out of a line's escrow.
		EscrowReleased { city: CityId, line: BudgetLineId, payee: T::AccountId, amount: Credits },
		/// Procurement returned escrow to a line.
		EscrowRefunded { city: CityId, line: BudgetLineId, amount: Credits },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No city has this id.
		UnknownCity,
		/// The city is suspended or has left the federation.
		CityNotActive,
		/// The caller is not the city's admin.
		NotCityAdmin,
		/// The caller is not a Treasurer of the city.
		NotTreasurer,
		/// The caller is not an Auditor of the city.
		NotAuditor,
		/// The city has not opened its ledger.
		NoLedger,
		/// The city has already opened its ledger.
		LedgerAlreadyOpen,
		/// The city's treasury account is unknown.
		NoTreasuryAccount,
		/// More than 18 decimals.
		TooManyDecimals,
		/// The approval threshold is zero or above `MaxApprovals`.
		InvalidThreshold,
		/// The proposal lifetime is zero.
		ZeroLifetime,
		/// The city already has `MaxDepartments` departments.
		TooManyDepartments,
		/// The department name is empty.
		EmptyName,
		/// No department of the city has this id.
		UnknownDepartment,
		/// The account is already whitelisted on the city's ledger.
		AlreadyWhitelisted,
		/// The account is not a registered payee of the city.
		NotAPayee,
		/// The account still holds credits of the city.
		HolderHasCredits,
		/// The amount is zero.
		ZeroAmount,
		/// An amount would overflow.
		Overflow,
		/// The city already adopted a budget for this fiscal period.
		BudgetAlreadyAdopted,
		/// The budget has no lines.
		EmptyBudget,
		/// The budget names the same department and category twice.
		DuplicateLine,
		/// The city adopted no budget for this fiscal period.
		NoBudget,
		/// The budget already has `MaxLinesPerBudget` lines.
		TooManyLines,
		/// The city has no such budget line.
		UnknownLine,
		/// The line would go below what is already committed or spent on it.
		BelowCommitted,
		/// A reallocation between a line and itself.
		SameLine,
		/// A reallocation between lines of different fiscal periods.
		DifferentPeriods,
		/// The line's history is full (`MaxLineHistory`); open another line.
		LineHistoryFull,
		/// The caller is not an officer of the line's department.
		NotDepartmentOfficer,
		/// The amount is more than the line's remaining appropriation.
		ExceedsAppropriation,
		/// The city already has `MaxPendingPayments` pending proposals.
		TooManyPendingPayments,
		/// No pending proposal of the city has this id.
		UnknownProposal,
		/// This Treasurer already approved this proposal.
		AlreadyApproved,
		/// The proposer of a payment may not approve it.
		ProposerCannotApprove,
		/// A department officer may not propose a payment to itself.
		ProposerCannotBePayee,
		/// The payee of a payment may not approve it.
		PayeeCannotApprove,
		/// The caller has not approved this proposal.
		NotAnApprover,
		/// Only the department officer who proposed a payment may withdraw
		/// it.
		NotTheProposer,
		/// Some of the payment's approvals were given by Treasurers since
		/// dismissed and no longer count: current Treasurers must approve it
		/// again, which starts its time lock again.
		ApprovalsLapsed,
		/// The payee's invoice is already paid, or awaits payment by another
		/// proposal.
		InvoiceAlreadyUsed,
		/// The reason is empty or blank: every amendment, reallocation and
		/// block states why.
		EmptyReason,
		/// A receipt paid by a holder out of its credits is booked by the
		/// city pallet that collected it; a Treasurer records only money
		/// received off chain.
		HolderReceiptNotRecordable,
		/// The proposal is already fully approved; it awaits execution.
		FullyApproved,
		/// The proposal expired before gathering its approvals.
		ProposalExpired,
		/// The proposal has not expired.
		NotExpired,
		/// The proposal has not gathered its approvals.
		AwaitingApprovals,
		/// The payment's time lock has not run out.
		TimeLockRunning,
		/// The payment was not time-locked when proposed (neither above the
		/// city's limit nor with the payee's other recent payments), so the
		/// Auditor cannot block it.
		NotTimeLocked,
		/// The city treasury holds fewer credits than the payment.
		InsufficientCredits,
		/// The recipient is not whitelisted on the city's ledger.
		NotWhitelisted,

		/// The city treasury's credits move only by approved payments.
		TreasuryMovesByPayment,
		/// The amount is more than the line holds in escrow.
		ExceedsEscrow,
		/// The sender holds no credits of the city: it is not on the city's
		/// ledger.
		SenderNotOnLedger,
		/// The sender holds fewer credits than the amount.
		InsufficientBalance,
		/// The proposer no longer holds the office it proposed in (officer of
		/// the department, or the city's procurement officer for a release
		/// out of escrow): the Auditor blocks the payment or it expires.
		ProposerLeftOffice,
	}

	impl<T: Config> OfficeErrors for Error<T> {
		fn unknown_city() -> Self {
			Error::UnknownCity
		}
		fn city_not_active() -> Self {
			Error::CityNotActive
		}
	}

	impl<T: Config> Pallet<T> {
		/// The origin is signed by the admin of the active `city`.
		pub(crate) fn ensure_admin(
			origin: OriginFor<T>,
			city: CityId,
		) -> Result<T::AccountId, DispatchError> {
			T::Offices::ensure_signed_by_admin(origin, city)
				.map_err(|e| e.into_error(Error::<T>::NotCityAdmin))
		}

		/// The origin is signed by a `role` official of the active `city`.
		pub(crate) fn ensure_official(
			origin: OriginFor<T>,
			city: CityId,
			role: CityRole,
			not_official: Error<T>,
		) -> Result<T::AccountId, DispatchError> {
			T::Offices::ensure_signed_by(origin, city, role).map_err(|e| e.into_error(not_official))
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Open the city's ledger: fixes its decimals for good, sets its
		/// payment rules and whitelists the city treasury.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open_ledger())]
		pub fn open_ledger(
			origin: OriginFor<T>,
			city: CityId,
			settings: SettingsOf<T>,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_open_ledger(city, settings)
		}

		/// Change the city's payment rules: approval threshold, time-lock
		/// limit and length, proposal lifetime. The decimals stay as they
		/// were fixed. Pending proposals keep the threshold, time-lock
		/// decision and expiry they were proposed under; the new rules apply
		/// to proposals made from now on (and the new time-lock length to
		/// approvals completed from now on).
		///
		/// Origin: the city's admin.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_payment_rules())]
		pub fn set_payment_rules(
			origin: OriginFor<T>,
			city: CityId,
			approval_threshold: u32,
			time_lock_above: Credits,
			time_lock: BlockNumberFor<T>,
			proposal_lifetime: BlockNumberFor<T>,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_set_payment_rules(
				city,
				approval_threshold,
				time_lock_above,
				time_lock,
				proposal_lifetime,
			)
		}

		/// Add a department with its ledger account and the officers who may
		/// propose its payments. It gets the next department id of the city.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_department())]
		pub fn add_department(
			origin: OriginFor<T>,
			city: CityId,
			name: NameOf<T>,
			account: T::AccountId,
			officers: OfficersOf<T>,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_add_department(city, name, account, officers)
		}

		/// Replace a department's officers.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_department_officers())]
		pub fn set_department_officers(
			origin: OriginFor<T>,
			city: CityId,
			department: DepartmentId,
			officers: OfficersOf<T>,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_set_department_officers(city, department, officers)
		}

		/// Register a payee: it may now receive and hold the city's credits.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::register_payee())]
		pub fn register_payee(
			origin: OriginFor<T>,
			city: CityId,
			payee: T::AccountId,
			kind: PayeeKind,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_register_payee(city, payee, kind)
		}

		/// Remove a payee that holds no credits.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_payee())]
		pub fn remove_payee(
			origin: OriginFor<T>,
			city: CityId,
			payee: T::AccountId,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_remove_payee(city, payee)
		}

		/// Record a tax or fee receipt for a fiscal period: `amount` credits are
		/// minted into the city treasury. A private payer is referenced by a
		/// salted hash, a company by its public registration id; the receipt
		/// document stays off chain, referenced by its hash.
		///
		/// Origin: a Treasurer of the city.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::record_receipt())]
		pub fn record_receipt(
			origin: OriginFor<T>,
			city: CityId,
			period: FiscalPeriod,
			category: RevenueCategory,
			amount: Credits,
			payer: PayerOf<T>,
			document: DocumentHash,
		) -> DispatchResult {
			let treasurer =
				Self::ensure_official(origin, city, CityRole::Treasurer, Error::<T>::NotTreasurer)?;
			Self::do_record_receipt(treasurer, city, period, category, amount, payer, document)
		}

		/// Adopt the city's budget for a fiscal period: one appropriation per
		/// department and spending category.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::adopt_budget(lines.len() as u32))]
		pub fn adopt_budget(
			origin: OriginFor<T>,
			city: CityId,
			period: FiscalPeriod,
			lines: BudgetLinesOf<T>,
			document: DocumentHash,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_adopt_budget(city, period, lines, document)
		}

		/// Amend a line of an adopted budget to a new appropriation, with the
		/// reason. A line not yet in the budget is opened. The line may not go
		/// below what is committed or spent on it.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::amend_line())]
		pub fn amend_line(
			origin: OriginFor<T>,
			city: CityId,
			line: BudgetLineId,
			appropriated: Credits,
			reason: NoteOf<T>,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_amend_line(city, line, appropriated, reason)
		}

		/// Move appropriation between two lines of the same budget, with the
		/// reason. The source may not go below what is committed or spent.
		///
		/// Origin: the city's admin.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reallocate())]
		pub fn reallocate(
			origin: OriginFor<T>,
			city: CityId,
			from: BudgetLineId,
			to: BudgetLineId,
			amount: Credits,
			reason: NoteOf<T>,
		) -> DispatchResult {
			Self::ensure_admin(origin, city)?;
			Self::do_reallocate(city, from, to, amount, reason)
		}

		/// Propose paying a registered payee from a line of the caller's
		/// department, for a purpose and an invoice. The amount is committed
		/// on the line at once.
		///
		/// Origin: an officer of the line's department.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::propose_payment())]
		pub fn propose_payment(
			origin: OriginFor<T>,
			city: CityId,
			line: BudgetLineId,
			payee: T::AccountId,
			amount: Credits,
			purpose: NoteOf<T>,
			invoice: DocumentHash,
		) -> DispatchResult {
			let officer = ensure_signed(origin)?;
			Self::do_propose_payment(officer, city, line, payee, amount, purpose, invoice)
		}

		/// Approve a pending payment. Only the approvals of current
		/// Treasurers count: those of Treasurers since dismissed are dropped.
		/// The approval that reaches the city's threshold pays it at once,
		/// or, if it is time-locked, starts its time lock.
		///
		/// Origin: a Treasurer of the city, other than the proposer and the
		/// payee.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::approve_payment())]
		pub fn approve_payment(
			origin: OriginFor<T>,
			city: CityId,
			proposal: ProposalId,
		) -> DispatchResult {
			let treasurer =
				Self::ensure_official(origin, city, CityRole::Treasurer, Error::<T>::NotTreasurer)?;
			Self::do_approve_payment(treasurer, city, proposal)
		}

		/// Execute a fully approved payment whose time lock has run out. Its
		/// approvals must still be those of current Treasurers.
		///
		/// Origin: any signed account.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::execute_payment().saturating_add(T::OnEscrowRelease::weight()))]
		pub fn execute_payment(
			origin: OriginFor<T>,
			city: CityId,
			proposal: ProposalId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_execute_payment(city, proposal)
		}

		/// Block a pending time-locked payment (above the city's limit, alone
		/// or with the payee's recent payments from the department), with the
		/// reason; its commitment goes back to the line.
		///
		/// Origin: an Auditor of the city.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::block_payment().saturating_add(T::OnEscrowRelease::weight()))]
		pub fn block_payment(
			origin: OriginFor<T>,
			city: CityId,
			proposal: ProposalId,
			reason: NoteOf<T>,
		) -> DispatchResult {
			let auditor =
				Self::ensure_official(origin, city, CityRole::Auditor, Error::<T>::NotAuditor)?;
			Self::do_block_payment(auditor, city, proposal, reason)
		}

		/// Close a proposal that expired without its approvals (those of
		/// dismissed Treasurers not counting); its commitment goes back to
		/// the line.
		///
		/// Origin: any signed account.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::close_expired().saturating_add(T::OnEscrowRelease::weight()))]
		pub fn close_expired(
			origin: OriginFor<T>,
			city: CityId,
			proposal: ProposalId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_close_expired(city, proposal)
		}

		/// Move credits to another whitelisted holder of the city (a
		/// contractor paying a registered subcontractor, a department
		/// returning credits to the treasury).
		///
		/// Origin: a holder of the city's credits other than the treasury.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::transfer())]
		pub fn transfer(
			origin: OriginFor<T>,
			city: CityId,
			to: T::AccountId,
			amount: Credits,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			Self::do_transfer(city, from, to, amount)
		}

		/// Burn credits to be paid their fiat value off chain, recording the
		/// payout reference (the bank transfer's, say).
		///
		/// Origin: a registered payee of the city.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::redeem())]
		pub fn redeem(
			origin: OriginFor<T>,
			city: CityId,
			amount: Credits,
			payout_reference: NoteOf<T>,
		) -> DispatchResult {
			let payee = ensure_signed(origin)?;
			Self::do_redeem(city, payee, amount, payout_reference)
		}

		/// Withdraw the caller's approval of a pending payment. If the
		/// payment was fully approved and waiting out its time lock, it
		/// waits for approvals again.
		///
		/// Origin: a Treasurer who approved the payment.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::withdraw_approval())]
		pub fn withdraw_approval(
			origin: OriginFor<T>,
			city: CityId,
			proposal: ProposalId,
		) -> DispatchResult {
			let treasurer = ensure_signed(origin)?;
			Self::do_withdraw_approval(treasurer, city, proposal)
		}

		/// Withdraw a pending payment: its commitment goes back to the line
		/// and its invoice may be proposed again. A release out of escrow
		/// stays in escrow, and its milestone goes back to the officer.
		///
		/// Origin: the officer who proposed it, while still in office (an
		/// officer of the department, or for a release out of escrow a
		/// procurement officer of the city).
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::withdraw_proposal().saturating_add(T::OnEscrowRelease::weight()))]
		pub fn withdraw_proposal(
			origin: OriginFor<T>,
			city: CityId,
			proposal: ProposalId,
		) -> DispatchResult {
			let officer = ensure_signed(origin)?;
			Self::do_withdraw_proposal(officer, city, proposal)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_invariants().map_err(Into::into)
		}
	}
}
