//! # Procurement pallet
//!
//! Public procurement where every step is public and every rule enforced:
//! who may bid, what was bid, why the winner won, what was paid for what.
//! It follows the Open Contracting lifecycle (planning, tender, award,
//! contract, implementation), and its records export as Open Contracting
//! Data Standard (OCDS 1.1) releases (`scripts/export-ocds.sh`).
//!
//! ## Overview
//!
//! A city's ProcurementOfficer registers *suppliers* (companies, by their
//! public registration id) and publishes *tenders* against a line of the
//! city's budget. Publication holds the tender's *estimated value* in escrow
//! on that line through [`civitas_primitives::BudgetEscrow`]: there is no
//! tender without budget, and the money cannot be spent twice.
//!
//! Bids are *sealed*. Before the bid deadline a registered supplier commits
//! only [`bid_commitment`]`(tender, bidder, price, salt, document)` and
//! holds a *bid bond* in
//! the native token. Nobody, officials included, sees a price before the
//! supplier reveals it. After the deadline, in the *reveal window*, each
//! bidder opens its bid; an opening that does not match its commitment is
//! refused.
//!
//! Once the reveal window closes, anyone calls [`Pallet::award`], and the
//! chain computes the winner by the rule published with the tender. Bids
//! above the estimated value are not eligible. Unrevealed bids forfeit their
//! bonds to the city treasury; revealed bids get theirs back. A *standstill*
//! follows, in which a losing bidder may file a *complaint* with a deposit.
//! The city's Auditor or the federation council upholds it (the award is
//! recomputed without the winning bid, or the tender is cancelled; the
//! deposit is returned) or dismisses it (the deposit goes to the city
//! treasury).
//!
//! After the standstill, with no complaint open, the officer signs the
//! *contract*: milestones that sum to the awarded price. The escrow above the
//! price returns to the budget line, and the supplier is admitted to the
//! city's ledger as a contractor. The supplier submits evidence of each
//! delivery; the officer accepts it, which pays the milestone out of the
//! escrow into the supplier's ledger account, or rejects it. Terminating a
//! contract returns its unpaid escrow to the budget line.
//!
//! ### Terminology
//!
//! - **Supplier**: a company registered by one city; *suspended*, it may not
//!   bid or take subcontracts.
//! - **Tender**: a call for bids: title, specification hash, estimated value,
//!   bid deadline, reveal period, standstill, minimum bond, [`AwardRule`],
//!   evaluation panel and subcontracting cap.
//! - **Award rule**: [`AwardRule::LowestPrice`], or [`AwardRule::BestValue`]:
//!   `price_weight × lowest/price + (1 − price_weight) × quality`, where
//!   quality is the average of the scores (0–100) each panel member gave the
//!   bid. Ties go to the bid committed first.
//! - **Evaluation panel**: officials of the city named at publication; under
//!   best value every member scores every eligible bid before the award.
//! - **Standstill**: blocks after the award in which complaints may be filed;
//!   no contract may be signed before it ends or while a complaint is open.
//! - **Subcontract**: a share of the contract the supplier declares for
//!   another registered supplier; the shares together may not exceed the
//!   tender's cap, and only the supplier declares (no undeclared chains).
//!
//! ### Example
//!
//! 1. Tartu's officer `o` registers suppliers `a`, `b` and `c`, then publishes
//!    "Resurfacing of Riia street": 100 000.00 on the Roads capital-works line
//!    of 2027, bids until block 1 000, reveals for 200 blocks, standstill 300
//!    blocks, minimum bond 50 CIV, lowest price.
//! 2. `a`, `b` and `c` commit sealed bids with bonds of 50 CIV.
//! 3. In the reveal window `a` opens 92 000.00 and `b` 88 000.00; `c` never
//!    reveals.
//! 4. At block 1 201 anyone calls `award`: `b` wins; `a` gets its bond back;
//!    `c`'s bond goes to Tartu's treasury.
//! 5. `a` files a complaint; the Auditor dismisses it and `a`'s deposit goes to
//!    the treasury. After the standstill `o` signs the contract with `b`: two
//!    milestones of 44 000.00. 12 000.00 returns to the Roads line.
//! 6. `b` submits evidence for the first milestone; `o` accepts it and `b`
//!    holds 4 400 000 credits on Tartu's ledger.
//!
//! ## Calls
//!
//! - ProcurementOfficer: [`Pallet::register_supplier`],
//!   [`Pallet::suspend_supplier`], [`Pallet::reinstate_supplier`],
//!   [`Pallet::publish_tender`], [`Pallet::cancel_tender`],
//!   [`Pallet::sign_contract`], [`Pallet::accept_milestone`],
//!   [`Pallet::reject_milestone`], [`Pallet::terminate_contract`].
//! - Suppliers: [`Pallet::commit_bid`], [`Pallet::reveal_bid`],
//!   [`Pallet::file_complaint`], [`Pallet::declare_subcontractor`],
//!   [`Pallet::submit_delivery`].
//! - Panel members: [`Pallet::score_bid`].
//! - Auditor or council: [`Pallet::uphold_complaint`],
//!   [`Pallet::dismiss_complaint`].
//! - Anyone: [`Pallet::award`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
pub mod migrations;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use civitas_primitives::{BudgetLineId, CityId, Credits, DocumentHash, PaymentProposalId};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Sets up what the benchmarks need outside this pallet.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An active city in which `officer` is a ProcurementOfficer, `auditor`
	/// the Auditor and every `panel` member an official, whose budget `line`
	/// has `amount` uncommitted and whose treasury holds as many credits.
	fn city(
		officer: &AccountId,
		auditor: &AccountId,
		panel: &[AccountId],
		line: BudgetLineId,
		amount: Credits,
	) -> Result<CityId, sp_runtime::DispatchError>;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use civitas_primitives::{
		BudgetEscrow, CityLedger, CityOffices, CityRole, OfficeError, OfficeErrors,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::{Perbill, Percent};

	/// The pallet's storage layout version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The native token: bid bonds and complaint deposits are held in it.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ Mutate<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Cities, their treasury accounts and officials.
		type Offices: CityOffices<Self::AccountId>;

		/// The city treasury's escrow on budget lines.
		type Escrow: BudgetEscrow<Self::AccountId>;

		/// The city's ledger, on which each paid milestone's subcontracted
		/// shares move from the supplier to its declared subcontractors.
		type Ledger: CityLedger<Self::AccountId>;

		/// The federation council, which may decide complaints in any city.
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The deposit a complaint holds until it is decided.
		#[pallet::constant]
		type ComplaintDeposit: Get<BalanceOf<Self>>;

		/// The shortest standstill a tender may publish.
		#[pallet::constant]
		type MinStandstill: Get<BlockNumberFor<Self>>;

		/// The longest bidding period, reveal period or standstill.
		#[pallet::constant]
		type MaxPeriod: Get<BlockNumberFor<Self>>;

		/// The most bids a tender takes.
		#[pallet::constant]
		type MaxBids: Get<u32>;

		/// The most members an evaluation panel may have.
		#[pallet::constant]
		type MaxPanel: Get<u32>;

		/// The most milestones a contract may have.
		#[pallet::constant]
		type MaxMilestones: Get<u32>;

		/// The most subcontractors a contract may declare.
		#[pallet::constant]
		type MaxSubcontractors: Get<u32>;

		/// The longest tender title, in bytes.
		#[pallet::constant]
		type MaxTitleLength: Get<u32>;

		/// The longest company registration id, in bytes.
		#[pallet::constant]
		type MaxRegistrationIdLength: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up cities and budget lines for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds native tokens.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A bid bond, held from commitment until the award.
		BidBond,
		/// A complaint deposit, held until the complaint is decided.
		ComplaintDeposit,
	}

	/// Each city's registered suppliers.
	#[pallet::storage]
	pub type Suppliers<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CityId, Blake2_128Concat, T::AccountId, Supplier<T>>;

	/// The id the next tender gets.
	#[pallet::storage]
	pub type NextTenderId<T: Config> = StorageValue<_, TenderId, ValueQuery>;

	/// Every tender of every city, kept for the record.
	#[pallet::storage]
	pub type Tenders<T: Config> = StorageMap<_, Twox64Concat, TenderId, Tender<T>>;

	/// Bids committed before this block were sealed without their tender
	/// and bidder (storage version 1) and may reveal with that preimage
	/// too; set by the version 2 migration, zero on a chain that started
	/// bound.
	#[pallet::storage]
	pub type LegacyCommitmentsBefore<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Requests to cancel a tender after its bid deadline, awaiting the
	/// second party's approval; at most one per tender. An approved request
	/// is removed; one overtaken by the award or a complaint stays on record
	/// with the tender, and can no longer be approved (`TenderNotOpen`).
	#[pallet::storage]
	pub type CancellationRequests<T: Config> =
		StorageMap<_, Twox64Concat, TenderId, CancellationRequest<T::AccountId, BlockNumberFor<T>>>;

	/// The bids on each tender, by bidder; at most `MaxBids` per tender.
	#[pallet::storage]
	pub type Bids<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TenderId, Blake2_128Concat, T::AccountId, Bid<T>>;

	/// Quality scores: (tender, bidder, panel member) to the score out of 100.
	#[pallet::storage]
	pub type QualityScores<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TenderId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		Percent,
	>;

	/// Complaints against each tender's award, by complainant; one per bidder.
	#[pallet::storage]
	pub type Complaints<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TenderId, Blake2_128Concat, T::AccountId, Complaint<T>>;

	/// The contract signed on each tender.
	#[pallet::storage]
	pub type Contracts<T: Config> = StorageMap<_, Twox64Concat, TenderId, Contract<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A city registered a supplier.
		SupplierRegistered {
			city: CityId,
			supplier: T::AccountId,
			registration_id: RegistrationIdOf<T>,
			contact: DocumentHash,
		},
		/// A city suspended a supplier: it may not bid or take subcontracts.
		SupplierSuspended { city: CityId, supplier: T::AccountId },
		/// A city reinstated a suspended supplier.
		SupplierReinstated { city: CityId, supplier: T::AccountId },
		/// A tender was published; its estimated value is held in escrow.
		TenderPublished {
			tender: TenderId,
			city: CityId,
			line: BudgetLineId,
			estimated_value: Credits,
			bid_deadline: BlockNumberFor<T>,
			reveal_deadline: BlockNumberFor<T>,
			award_rule: AwardRule,
		},
		/// A sealed bid was committed with its bond.
		BidCommitted {
			tender: TenderId,
			bidder: T::AccountId,
			commitment: H256,
			bond: BalanceOf<T>,
		},
		/// A bid was opened.
		BidRevealed {
			tender: TenderId,
			bidder: T::AccountId,
			price: Credits,
			document: DocumentHash,
		},
		/// A panel member scored a bid's quality.
		BidScored {
			tender: TenderId,
			bidder: T::AccountId,
			evaluator: T::AccountId,
			quality: Percent,
		},
		/// A revealed bid's bond, or a cancelled tender's bond, was returned.
		BondReturned { tender: TenderId, bidder: T::AccountId, amount: BalanceOf<T> },
		/// An unrevealed bid's bond went to the city treasury.
		BondForfeited {
			tender: TenderId,
			bidder: T::AccountId,
			amount: BalanceOf<T>,
			treasury: T::AccountId,
		},
		/// The tender was awarded by its rule; the standstill runs.
		TenderAwarded {
			tender: TenderId,
			supplier: T::AccountId,
			price: Credits,
			score: Perbill,
			standstill_end: BlockNumberFor<T>,
		},
		/// No bid was eligible; the escrow went back to the budget line.
		TenderUnsuccessful { tender: TenderId, refunded: Credits },
		/// The tender was cancelled; bonds and escrow were returned.
		TenderCancelled { tender: TenderId, reason: CancellationReason, refunded: Credits },
		/// An officer asked to cancel a tender whose prices are (partly)
		/// public; the Auditor or another officer must approve.
		CancellationRequested {
			tender: TenderId,
			officer: T::AccountId,
			reason: CancellationReason,
			grounds: DocumentHash,
		},
		/// The second party approved a requested cancellation; the tender
		/// is cancelled (see `TenderCancelled`).
		CancellationApproved { tender: TenderId, approver: T::AccountId },
		/// A bidder complained against the award.
		ComplaintFiled {
			tender: TenderId,
			complainant: T::AccountId,
			grounds: DocumentHash,
			deposit: BalanceOf<T>,
		},
		/// A complaint was upheld (by the Auditor, or by the council when
		/// `decided_by` is `None`); its deposit was returned.
		ComplaintUpheld {
			tender: TenderId,
			complainant: T::AccountId,
			remedy: Remedy,
			decided_by: Option<T::AccountId>,
		},
		/// A complaint was dismissed; its deposit went to the city treasury.
		ComplaintDismissed {
			tender: TenderId,
			complainant: T::AccountId,
			forfeited: BalanceOf<T>,
			decided_by: Option<T::AccountId>,
		},
		/// A complaint lapsed because the tender was cancelled; its deposit
		/// was returned.
		ComplaintMoot { tender: TenderId, complainant: T::AccountId },
		/// The contract was signed; `refunded` went back to the budget line.
		ContractSigned {
			tender: TenderId,
			supplier: T::AccountId,
			price: Credits,
			milestones: u32,
			refunded: Credits,
		},
		/// The supplier declared a subcontractor; `total` is now subcontracted.
		SubcontractorDeclared {
			tender: TenderId,
			subcontractor: T::AccountId,
			share: Percent,
			total: Percent,
		},
		/// The supplier submitted evidence of a delivery.
		MilestoneDelivered { tender: TenderId, milestone: u32, evidence: DocumentHash },
		/// The officer rejected a delivery; the supplier may deliver again.
		MilestoneRejected { tender: TenderId, milestone: u32, reasons: DocumentHash },
		/// The milestone was paid from escrow: at its acceptance, or once the
		/// treasury's payment `proposal` for it was approved and executed.
		MilestonePaid { tender: TenderId, milestone: u32, supplier: T::AccountId, amount: Credits },
		/// The officer accepted a delivery above the city's time-lock limit:
		/// the treasury's payment `proposal` pays it once its Treasurers
		/// approve and the Auditor's time lock runs out.
		MilestonePaymentProposed {
			tender: TenderId,
			milestone: u32,
			proposal: PaymentProposalId,
			amount: Credits,
		},
		/// The treasury's payment `proposal` for the milestone was blocked,
		/// withdrawn or expired: the delivery awaits the officer's decision
		/// again, and its amount is still in escrow.
		MilestonePaymentDeclined { tender: TenderId, milestone: u32, proposal: PaymentProposalId },
		/// A declared subcontractor's share of a paid milestone moved from
		/// the supplier's ledger account to the subcontractor's.
		SubcontractorPaid {
			tender: TenderId,
			milestone: u32,
			subcontractor: T::AccountId,
			amount: Credits,
		},
		/// A declared subcontractor's share of a milestone paid through the
		/// treasury's approvals could not be passed on (the city's ledger
		/// refused the transfer): it stays with the supplier, and this event
		/// is the record of what the supplier owes.
		SubcontractorUnpaid {
			tender: TenderId,
			milestone: u32,
			subcontractor: T::AccountId,
			amount: Credits,
		},
		/// Every milestone was paid.
		ContractCompleted { tender: TenderId },
		/// The contract was terminated; `refunded` went back to the budget line.
		ContractTerminated { tender: TenderId, reason: TerminationReason, refunded: Credits },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No city has this id.
		UnknownCity,
		/// The city is suspended or has left the federation.
		CityNotActive,
		/// The caller is not a ProcurementOfficer of the tender's city.
		NotProcurementOfficer,
		/// The caller is neither the city's Auditor nor the council.
		NotComplaintAuthority,
		/// The account is already a supplier of this city.
		SupplierAlreadyRegistered,
		/// The account is not a supplier of this city.
		UnknownSupplier,
		/// The supplier is suspended.
		SupplierSuspended,
		/// The supplier is not suspended.
		SupplierNotSuspended,
		/// No tender has this id.
		UnknownTender,
		/// The estimated value is zero.
		ZeroEstimatedValue,
		/// The bid deadline is not after the current block.
		BidDeadlineInPast,
		/// The bidding, reveal or standstill period is longer than `MaxPeriod`.
		PeriodTooLong,
		/// The reveal period is zero blocks.
		ZeroRevealPeriod,
		/// The standstill is shorter than `MinStandstill`.
		StandstillTooShort,
		/// The minimum bond is below the native token's existential deposit, so
		/// a forfeited bond could not reach the treasury.
		MinimumBondTooLow,
		/// A best-value tender needs an evaluation panel; a lowest-price tender
		/// has none.
		PanelDoesNotFitRule,
		/// A panel member is not an official of the city.
		PanelMemberNotOfficial,
		/// A panel member is named twice.
		DuplicatePanelMember,
		/// The budget line does not exist.
		UnknownBudgetLine,
		/// The budget line has less uncommitted appropriation than the tender's
		/// estimated value.
		OverBudget,
		/// The city's ledger is not open or the city is not active.
		LedgerUnavailable,
		/// The treasury's escrow refused the operation.
		EscrowRefused,
		/// The bid deadline has passed, so prices may be public (a reveal is
		/// seen in the transaction pool before its block): cancelling now
		/// needs a second party. Ask with `request_cancellation`; the Auditor
		/// or another procurement officer approves.
		CancellationNeedsApproval,
		/// Bidding is still open and no price can be known: cancel the
		/// tender directly.
		BiddingStillOpen,
		/// No cancellation of this tender awaits approval.
		NoCancellationRequest,
		/// The officer who asked for the cancellation cannot approve it: the
		/// Auditor or another procurement officer of the city must.
		RequesterCannotApprove,
		/// Only the city's Auditor or one of its procurement officers may
		/// approve a cancellation.
		NotCancellationApprover,
		/// The city treasury holds fewer credits than the milestone payment:
		/// it waits until the city records receipts.
		TreasuryShortOfCredits,
		/// The tender is not open for this (it was awarded, cancelled...).
		TenderNotOpen,
		/// The bid deadline has passed.
		BiddingClosed,
		/// The bidder already bid on this tender.
		AlreadyBid,
		/// The bond is below the tender's minimum.
		BondBelowMinimum,
		/// The tender has taken `MaxBids` bids.
		TooManyBids,
		/// The account cannot hold the bond or deposit.
		InsufficientBalance,
		/// The reveal window has not opened: the bid deadline has not passed.
		RevealNotOpen,
		/// The reveal window has closed.
		RevealClosed,
		/// The account has no bid on this tender.
		NoBid,
		/// The bid is already revealed.
		AlreadyRevealed,
		/// The price, salt and document do not match the commitment.
		CommitmentMismatch,
		/// A bid's price cannot be zero.
		ZeroPrice,
		/// The tender is awarded on price alone; there is nothing to score.
		NoQualityScoring,
		/// The caller is not on the tender's evaluation panel.
		NotOnPanel,
		/// The bid has not been revealed.
		BidNotRevealed,
		/// The panel member already scored this bid.
		AlreadyScored,
		/// The reveal window has not closed yet.
		RevealNotOver,
		/// Not every panel member has scored every eligible bid.
		EvaluationIncomplete,
		/// The tender is not awarded (or its award is final).
		NotAwarded,
		/// The standstill has ended.
		StandstillOver,
		/// The standstill has not ended yet.
		StandstillRunning,
		/// The winner cannot complain against its own award.
		WinnerCannotComplain,
		/// The bidder already filed a complaint on this tender.
		ComplaintAlreadyFiled,
		/// No complaint by this account on this tender.
		UnknownComplaint,
		/// The complaint was already decided.
		ComplaintDecided,
		/// A complaint is still open.
		ComplaintsPending,
		/// A contract needs at least one milestone.
		NoMilestones,
		/// A milestone amount is zero.
		ZeroMilestone,
		/// The milestones do not sum to the awarded price.
		MilestonesDoNotSumToPrice,
		/// The tender has no running contract.
		NotContracted,
		/// The caller is not the contract's supplier.
		NotTheSupplier,
		/// The contract has no milestone with this index.
		UnknownMilestone,
		/// The milestone is already paid.
		MilestoneAlreadyPaid,
		/// The milestone's delivery awaits the officer's decision.
		MilestoneAwaitingDecision,
		/// Nothing was delivered for this milestone.
		MilestoneNotDelivered,
		/// The supplier cannot subcontract to itself.
		SubcontractorIsSupplier,
		/// The subcontractor is already declared.
		SubcontractorAlreadyDeclared,
		/// The share is zero.
		ZeroShare,
		/// The declared shares would exceed the tender's subcontracting cap.
		OverSubcontractingCap,
		/// The contract has `MaxSubcontractors` subcontractors.
		TooManySubcontractors,
		/// An amount overflowed.
		Overflow,
		/// The milestone was accepted and its payment awaits the treasury's
		/// approvals and time lock.
		MilestoneAwaitingPayment,
		/// A milestone's payment awaits the treasury's approvals: the
		/// contract cannot end, nor its subcontractors change, until the
		/// treasury pays or declines it.
		MilestonePaymentPending,
		/// The city treasury has as many pending payments as it may take: the
		/// milestone can be accepted once some are decided.
		TreasuryQueueFull,
		/// The officer is the contract's supplier: another procurement
		/// officer of the city decides its deliveries.
		OfficerIsSupplier,
		/// A Treasurer or the Auditor of the city, who approve or block its
		/// payments, cannot be a subcontractor paid by them.
		SubcontractorIsOfficial,
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
		/// The origin is signed by a ProcurementOfficer of the active `city`.
		pub(crate) fn ensure_officer(
			origin: OriginFor<T>,
			city: CityId,
		) -> Result<T::AccountId, DispatchError> {
			T::Offices::ensure_signed_by(origin, city, CityRole::ProcurementOfficer)
				.map_err(|e| e.into_error(Error::<T>::NotProcurementOfficer))
		}

		/// The origin is the council (`None`) or the Auditor of the active
		/// `city` (`Some`).
		pub(crate) fn ensure_complaint_authority(
			origin: OriginFor<T>,
			city: CityId,
		) -> Result<Option<T::AccountId>, DispatchError> {
			if T::CouncilOrigin::ensure_origin(origin.clone()).is_ok() {
				return Ok(None);
			}
			T::Offices::ensure_signed_by(origin, city, CityRole::Auditor).map(Some).map_err(|e| {
				// Neither the council nor a signed Auditor.
				match e {
					OfficeError::BadOrigin => Error::<T>::NotComplaintAuthority.into(),
					e => e.into_error(Error::<T>::NotComplaintAuthority),
				}
			})
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a company as a supplier of the city: its public
		/// registration id and the hash of its contact document.
		///
		/// Origin: a ProcurementOfficer of the city.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_supplier())]
		pub fn register_supplier(
			origin: OriginFor<T>,
			city: CityId,
			supplier: T::AccountId,
			registration_id: RegistrationIdOf<T>,
			contact: DocumentHash,
		) -> DispatchResult {
			Self::ensure_officer(origin, city)?;
			Self::do_register_supplier(city, supplier, registration_id, contact)
		}

		/// Suspend a supplier: it may no longer bid or take subcontracts.
		/// Contracts it already signed run on.
		///
		/// Origin: a ProcurementOfficer of the city.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::suspend_supplier())]
		pub fn suspend_supplier(
			origin: OriginFor<T>,
			city: CityId,
			supplier: T::AccountId,
		) -> DispatchResult {
			Self::ensure_officer(origin, city)?;
			Self::do_set_supplier_status(city, supplier, SupplierStatus::Suspended)
		}

		/// Reinstate a suspended supplier.
		///
		/// Origin: a ProcurementOfficer of the city.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate_supplier())]
		pub fn reinstate_supplier(
			origin: OriginFor<T>,
			city: CityId,
			supplier: T::AccountId,
		) -> DispatchResult {
			Self::ensure_officer(origin, city)?;
			Self::do_set_supplier_status(city, supplier, SupplierStatus::Active)
		}

		/// Publish a tender against one of the city's budget lines; its
		/// estimated value is held in escrow on the line until the contract
		/// is signed or the tender ends.
		///
		/// Origin: a ProcurementOfficer of the city.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::publish_tender(T::MaxPanel::get()))]
		pub fn publish_tender(
			origin: OriginFor<T>,
			city: CityId,
			terms: TenderTermsOf<T>,
		) -> DispatchResult {
			let officer = Self::ensure_officer(origin, city)?;
			Self::do_publish_tender(officer, city, terms)
		}

		/// Cancel a tender while bidding is open, with a reason: every bond
		/// is returned and the escrow goes back to the budget line. After
		/// the bid deadline, see [`Pallet::request_cancellation`].
		///
		/// Origin: a ProcurementOfficer of the tender's city.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::cancel_tender(T::MaxBids::get()))]
		pub fn cancel_tender(
			origin: OriginFor<T>,
			tender: TenderId,
			reason: CancellationReason,
		) -> DispatchResult {
			let record = Self::tender(tender)?;
			Self::ensure_officer(origin, record.city)?;
			ensure!(record.status == TenderStatus::Open, Error::<T>::TenderNotOpen);
			ensure!(Self::now() <= record.bid_deadline, Error::<T>::CancellationNeedsApproval);
			Self::do_cancel_tender(tender, record, reason)
		}

		/// Commit a sealed bid before the deadline: the hash
		/// [`bid_commitment`]`(tender, bidder, price, salt, document)`, and a
		/// bond of at least
		/// the tender's minimum, held on the bidder's account.
		///
		/// Origin: an active registered supplier of the tender's city.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::commit_bid())]
		pub fn commit_bid(
			origin: OriginFor<T>,
			tender: TenderId,
			commitment: H256,
			bond: BalanceOf<T>,
		) -> DispatchResult {
			let bidder = ensure_signed(origin)?;
			Self::do_commit_bid(bidder, tender, commitment, bond)
		}

		/// Open a sealed bid in the reveal window: the price, salt and
		/// document must hash to the commitment.
		///
		/// Origin: the bidder.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reveal_bid())]
		pub fn reveal_bid(
			origin: OriginFor<T>,
			tender: TenderId,
			price: Credits,
			salt: [u8; 32],
			document: DocumentHash,
		) -> DispatchResult {
			let bidder = ensure_signed(origin)?;
			Self::do_reveal_bid(bidder, tender, price, salt, document)
		}

		/// Score the quality of a revealed bid, out of 100, on a best-value
		/// tender. Each panel member scores each bid once.
		///
		/// Origin: a member of the tender's evaluation panel.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::score_bid())]
		pub fn score_bid(
			origin: OriginFor<T>,
			tender: TenderId,
			bidder: T::AccountId,
			quality: Percent,
		) -> DispatchResult {
			let evaluator = ensure_signed(origin)?;
			Self::do_score_bid(evaluator, tender, bidder, quality)
		}

		/// Award the tender by its published rule once the reveal window has
		/// closed: settles every bond and starts the standstill, or ends the
		/// tender as unsuccessful when no bid is eligible.
		///
		/// Origin: any signed account; the result does not depend on who calls.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::award(T::MaxBids::get()))]
		pub fn award(origin: OriginFor<T>, tender: TenderId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_award(tender)
		}

		/// Complain against the award during the standstill, holding the
		/// complaint deposit. No contract can be signed until it is decided.
		///
		/// Origin: a losing bidder of the tender.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::file_complaint())]
		pub fn file_complaint(
			origin: OriginFor<T>,
			tender: TenderId,
			grounds: DocumentHash,
		) -> DispatchResult {
			let complainant = ensure_signed(origin)?;
			Self::do_file_complaint(complainant, tender, grounds)
		}

		/// Uphold a complaint: its deposit is returned, and the award is
		/// recomputed without the winning bid or the tender is cancelled.
		///
		/// Origin: the Auditor of the tender's city, or the council.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::uphold_complaint(T::MaxBids::get()))]
		pub fn uphold_complaint(
			origin: OriginFor<T>,
			tender: TenderId,
			complainant: T::AccountId,
			remedy: Remedy,
		) -> DispatchResult {
			let record = Self::tender(tender)?;
			let decided_by = Self::ensure_complaint_authority(origin, record.city)?;
			Self::do_uphold_complaint(tender, record, complainant, remedy, decided_by)
		}

		/// Dismiss a complaint: its deposit goes to the city treasury.
		///
		/// Origin: the Auditor of the tender's city, or the council.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::dismiss_complaint())]
		pub fn dismiss_complaint(
			origin: OriginFor<T>,
			tender: TenderId,
			complainant: T::AccountId,
		) -> DispatchResult {
			let record = Self::tender(tender)?;
			let decided_by = Self::ensure_complaint_authority(origin, record.city)?;
			Self::do_dismiss_complaint(tender, record, complainant, decided_by)
		}

		/// Sign the contract with the winner after the standstill, with no
		/// complaint open: milestones summing to the awarded price. The escrow
		/// above the price returns to the budget line; the supplier joins the
		/// city's ledger as a contractor.
		///
		/// Origin: a ProcurementOfficer of the tender's city.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::sign_contract(T::MaxMilestones::get()))]
		pub fn sign_contract(
			origin: OriginFor<T>,
			tender: TenderId,
			milestones: MilestoneTermsOf<T>,
		) -> DispatchResult {
			let record = Self::tender(tender)?;
			Self::ensure_officer(origin, record.city)?;
			Self::do_sign_contract(tender, record, milestones)
		}

		/// Declare a subcontractor and its share of the contract; the shares
		/// together may not exceed the tender's cap.
		///
		/// Origin: the contract's supplier.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::declare_subcontractor())]
		pub fn declare_subcontractor(
			origin: OriginFor<T>,
			tender: TenderId,
			subcontractor: T::AccountId,
			share: Percent,
		) -> DispatchResult {
			let supplier = ensure_signed(origin)?;
			Self::do_declare_subcontractor(supplier, tender, subcontractor, share)
		}

		/// Submit evidence that a milestone was delivered.
		///
		/// Origin: the contract's supplier.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::submit_delivery())]
		pub fn submit_delivery(
			origin: OriginFor<T>,
			tender: TenderId,
			milestone: u32,
			evidence: DocumentHash,
		) -> DispatchResult {
			let supplier = ensure_signed(origin)?;
			Self::do_submit_delivery(supplier, tender, milestone, evidence)
		}

		/// Accept a delivered milestone: it is paid from the escrow to the
		/// supplier's account on the city's ledger, and each declared
		/// subcontractor's share of it moves on to the subcontractor. Above the city's
		/// time-lock limit (counting the supplier's other payments from the
		/// department in the split-payment window), the treasury proposes the
		/// payment instead, and pays it once its Treasurers approve and the
		/// Auditor's time lock runs out.
		///
		/// Origin: a ProcurementOfficer of the tender's city.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::accept_milestone())]
		pub fn accept_milestone(
			origin: OriginFor<T>,
			tender: TenderId,
			milestone: u32,
		) -> DispatchResult {
			let record = Self::tender(tender)?;
			let officer = Self::ensure_officer(origin, record.city)?;
			Self::do_accept_milestone(officer, tender, record, milestone)
		}

		/// Reject a delivered milestone, with the hash of the reasons; the
		/// supplier may deliver again.
		///
		/// Origin: a ProcurementOfficer of the tender's city.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::reject_milestone())]
		pub fn reject_milestone(
			origin: OriginFor<T>,
			tender: TenderId,
			milestone: u32,
			reasons: DocumentHash,
		) -> DispatchResult {
			let record = Self::tender(tender)?;
			Self::ensure_officer(origin, record.city)?;
			Self::do_reject_milestone(tender, record, milestone, reasons)
		}

		/// Terminate a running contract: unpaid milestones are cancelled and
		/// their escrow returns to the budget line. Refused while a
		/// milestone's payment awaits the treasury.
		///
		/// Origin: a ProcurementOfficer of the tender's city.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::terminate_contract())]
		pub fn terminate_contract(
			origin: OriginFor<T>,
			tender: TenderId,
			reason: TerminationReason,
		) -> DispatchResult {
			let record = Self::tender(tender)?;
			Self::ensure_officer(origin, record.city)?;
			Self::do_terminate_contract(tender, record, reason)
		}

		/// Ask to cancel a tender after its bid deadline, with the reason and
		/// the hash of the document stating the grounds. An officer who may
		/// have seen prices cannot cancel alone: the city's Auditor or another
		/// procurement officer must approve. A new request replaces the
		/// pending one.
		///
		/// Origin: a ProcurementOfficer of the tender's city.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::request_cancellation())]
		pub fn request_cancellation(
			origin: OriginFor<T>,
			tender: TenderId,
			reason: CancellationReason,
			grounds: DocumentHash,
		) -> DispatchResult {
			let record = Self::tender(tender)?;
			let officer = Self::ensure_officer(origin, record.city)?;
			Self::do_request_cancellation(officer, tender, record, reason, grounds)
		}

		/// Approve a requested cancellation: the tender is cancelled, every
		/// bond returned and the escrow given back to the budget line.
		///
		/// Origin: the Auditor or a ProcurementOfficer of the tender's city,
		/// other than the requester.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::approve_cancellation(T::MaxBids::get()))]
		pub fn approve_cancellation(origin: OriginFor<T>, tender: TenderId) -> DispatchResult {
			let approver = ensure_signed(origin)?;
			let record = Self::tender(tender)?;
			Self::do_approve_cancellation(approver, tender, record)
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
