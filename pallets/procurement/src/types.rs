//! The records of a city's procurement: suppliers, tenders, bids, complaints
//! and contracts.

use crate::Config;
use civitas_primitives::{BudgetLineId, CityId, Credits, DocumentHash, PaymentProposalId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::fungible::Inspect, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};
use sp_core::H256;
use sp_runtime::{Perbill, Percent, Saturating};

/// Numbers the tenders of every city, from 0, in publication order.
pub type TenderId = u32;

/// The native-token balance bonds and deposits are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A company's public registration id (business register code, VAT number).
pub type RegistrationIdOf<T> = BoundedVec<u8, <T as Config>::MaxRegistrationIdLength>;

/// A tender's title.
pub type TitleOf<T> = BoundedVec<u8, <T as Config>::MaxTitleLength>;

/// The officials who score the quality of bids.
pub type PanelOf<T> = BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxPanel>;

/// A contract's milestones as the officer signs them.
pub type MilestoneTermsOf<T> = BoundedVec<MilestoneTerms, <T as Config>::MaxMilestones>;

/// Whether a registered supplier may bid.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum SupplierStatus {
	/// May bid and be declared as a subcontractor.
	Active,
	/// May not bid or take subcontracts until reinstated. Contracts already
	/// signed run on.
	Suspended,
}

/// A company a city registered as a supplier.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Supplier<T: Config> {
	/// The company's public registration id.
	pub registration_id: RegistrationIdOf<T>,
	/// Hash of the company's contact document (kept off chain).
	pub contact: DocumentHash,
	/// Whether it may bid.
	pub status: SupplierStatus,
	/// When the city registered it.
	pub registered_at: BlockNumberFor<T>,
}

/// How the winner of a tender is chosen, published with the tender.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum AwardRule {
	/// The lowest eligible price wins.
	LowestPrice,
	/// The best weighted score wins: `price_weight` of the price score (the
	/// lowest eligible price divided by the bid's price) plus the rest of
	/// the quality score (the panel's average, out of 100).
	BestValue {
		/// The weight of price; quality weighs the rest.
		price_weight: Percent,
	},
}

/// Why a tender was cancelled before its award.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum CancellationReason {
	/// The city no longer needs what it tendered for.
	NoLongerNeeded,
	/// The budget behind the tender was withdrawn.
	BudgetWithdrawn,
	/// The specification turned out wrong; the city will tender again.
	SpecificationDefective,
	/// A complaint against the procedure was upheld.
	ComplaintUpheld,
	/// Another reason, stated in the officer's published documents.
	Other,
}

/// An officer's request to cancel a tender once a price is public: it
/// takes effect only when the city's Auditor or another procurement
/// officer approves it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct CancellationRequest<AccountId, BlockNumber> {
	/// The officer who asked.
	pub requested_by: AccountId,
	/// Why.
	pub reason: CancellationReason,
	/// The hash of the published document stating the grounds.
	pub grounds: DocumentHash,
	/// When.
	pub requested_at: BlockNumber,
}

/// Why a contract was ended before its last milestone.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum TerminationReason {
	/// The supplier did not deliver.
	SupplierDefault,
	/// City and supplier agreed to end it.
	MutualAgreement,
	/// The city ended it in the public interest.
	PublicInterest,
	/// Another reason, stated in the officer's published documents.
	Other,
}

/// Where a tender stands. Phases inside [`TenderStatus::Open`] (bidding,
/// revealing, evaluation) follow from the block number and the tender's
/// deadlines.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum TenderStatus {
	/// Published: bidding until the bid deadline, then revealing until the
	/// reveal deadline, then awaiting its award.
	Open,
	/// Awarded; the standstill runs, complaints may be filed.
	Awarded,
	/// The contract is signed; milestones are being delivered.
	Contracted,
	/// Every milestone was paid.
	Completed,
	/// The contract was ended with milestones unpaid.
	Terminated(TerminationReason),
	/// Cancelled before a contract was signed.
	Cancelled(CancellationReason),
	/// No eligible bid: nobody revealed a price within the budget.
	Unsuccessful,
}

/// A tender: the city's call for bids against one budget line.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Tender<T: Config> {
	/// The city buying.
	pub city: CityId,
	/// The ProcurementOfficer who published it.
	pub officer: T::AccountId,
	/// The budget line the estimated value is held in escrow on.
	pub line: BudgetLineId,
	/// What is bought.
	pub title: TitleOf<T>,
	/// Hash of the specification document.
	pub specification: DocumentHash,
	/// The most the city will pay, in city credits; held in escrow.
	pub estimated_value: Credits,
	/// The smallest bond a bid must hold, in the native token.
	pub minimum_bond: BalanceOf<T>,
	/// How the winner is chosen.
	pub award_rule: AwardRule,
	/// The officials scoring quality under [`AwardRule::BestValue`]; empty
	/// for [`AwardRule::LowestPrice`].
	pub panel: PanelOf<T>,
	/// The largest share of the contract the supplier may subcontract.
	pub subcontracting_cap: Percent,
	/// Publication block.
	pub published_at: BlockNumberFor<T>,
	/// Last block in which a bid may be committed.
	pub bid_deadline: BlockNumberFor<T>,
	/// Last block in which a bid may be revealed.
	pub reveal_deadline: BlockNumberFor<T>,
	/// Blocks between the award and the first block a contract may be signed.
	pub standstill: BlockNumberFor<T>,
	/// Where it stands.
	pub status: TenderStatus,
	/// Bids committed.
	pub bids: u32,
	/// Complaints filed and not yet decided.
	pub open_complaints: u32,
	/// The current award, once made.
	pub award: Option<Award<T>>,
}

/// The winner of a tender, computed on chain.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Award<T: Config> {
	/// The winning supplier.
	pub supplier: T::AccountId,
	/// Its revealed price.
	pub price: Credits,
	/// Its score under the award rule (1 for the lowest price).
	pub score: Perbill,
	/// When the award was made.
	pub awarded_at: BlockNumberFor<T>,
	/// Last block of the standstill in which complaints may be filed.
	pub standstill_end: BlockNumberFor<T>,
}

/// What became of a bid bond.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum BondState {
	/// Still held on the bidder's account.
	Held,
	/// Given back to the bidder.
	Returned,
	/// Not revealed: paid to the city treasury.
	Forfeited,
}

/// A price and bid document opened at reveal.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub struct RevealedPrice<BlockNumber> {
	/// The price, in city credits.
	pub price: Credits,
	/// Hash of the bid document.
	pub document: DocumentHash,
	/// When it was revealed.
	pub revealed_at: BlockNumber,
}

/// A sealed bid: until revealed, only its commitment is on chain.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Bid<T: Config> {
	/// Order of commitment within the tender, from 0; breaks ties.
	pub sequence: u32,
	/// `bid_commitment(price, salt, document)`.
	pub commitment: H256,
	/// The bond held in the native token.
	pub bond: BalanceOf<T>,
	/// What became of the bond.
	pub bond_state: BondState,
	/// When it was committed.
	pub committed_at: BlockNumberFor<T>,
	/// The opened price, once revealed.
	pub revealed: Option<RevealedPrice<BlockNumberFor<T>>>,
	/// Excluded from the award by an upheld complaint.
	pub disqualified: bool,
}

/// What a complaint decision does to the tender.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum Remedy {
	/// The awarded bid is disqualified and the award computed again among the
	/// remaining bids, with a new standstill.
	RecomputeAward,
	/// The tender is cancelled and its escrow returned to the budget line.
	CancelTender,
}

/// Where a complaint stands.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum ComplaintStatus {
	/// Filed, awaiting a decision; no contract may be signed meanwhile.
	Open,
	/// Upheld with this remedy; the deposit was returned.
	Upheld(Remedy),
	/// Dismissed; the deposit went to the city treasury.
	Dismissed,
	/// Another complaint cancelled the tender first; the deposit was returned.
	Moot,
}

/// A bidder's complaint against an award, filed in the standstill.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Complaint<T: Config> {
	/// Hash of the complaint's grounds document.
	pub grounds: DocumentHash,
	/// The deposit held in the native token.
	pub deposit: BalanceOf<T>,
	/// When it was filed.
	pub filed_at: BlockNumberFor<T>,
	/// Where it stands.
	pub status: ComplaintStatus,
}

/// One milestone as the contract states it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub struct MilestoneTerms {
	/// What it pays, in city credits.
	pub amount: Credits,
	/// Hash of the document describing the deliverable.
	pub description: DocumentHash,
}

/// Where a milestone stands.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum MilestoneStatus<BlockNumber> {
	/// Nothing delivered yet.
	Pending,
	/// The supplier submitted evidence of delivery.
	Delivered {
		/// Hash of the evidence.
		evidence: DocumentHash,
		/// When it was submitted.
		at: BlockNumber,
	},
	/// The officer rejected the evidence; the supplier may deliver again.
	Rejected {
		/// Hash of the officer's reasons.
		reasons: DocumentHash,
		/// When it was rejected.
		at: BlockNumber,
	},
	/// Accepted and paid from escrow.
	Paid {
		/// Hash of the accepted evidence.
		evidence: DocumentHash,
		/// When it was paid.
		at: BlockNumber,
	},
	/// Unpaid when the contract was terminated; its amount went back to the
	/// budget line.
	Cancelled,
	/// Accepted above the city's time-lock limit: the treasury's payment
	/// proposal pays it once approved, or the delivery awaits a decision
	/// again if the proposal is declined.
	AwaitingPayment {
		/// Hash of the accepted evidence.
		evidence: DocumentHash,
		/// The city treasury's payment proposal.
		proposal: PaymentProposalId,
		/// When it was accepted.
		at: BlockNumber,
	},
}

/// A milestone of a signed contract.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub struct Milestone<BlockNumber> {
	/// The terms signed.
	pub terms: MilestoneTerms,
	/// Where it stands.
	pub status: MilestoneStatus<BlockNumber>,
}

/// A subcontractor the supplier declared.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub struct Subcontract<AccountId> {
	/// The subcontractor, a registered supplier of the city.
	pub subcontractor: AccountId,
	/// Its share of the contract.
	pub share: Percent,
}

/// The contract signed with a tender's winner.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
pub struct Contract<T: Config> {
	/// The supplier.
	pub supplier: T::AccountId,
	/// The awarded price; the milestones sum to it.
	pub price: Credits,
	/// When the officer signed it.
	pub signed_at: BlockNumberFor<T>,
	/// The milestones, in order.
	pub milestones: BoundedVec<Milestone<BlockNumberFor<T>>, T::MaxMilestones>,
	/// Declared subcontractors.
	pub subcontracts: BoundedVec<Subcontract<T::AccountId>, T::MaxSubcontractors>,
}

impl<T: Config> Contract<T> {
	/// Paid so far: the sum of the paid milestones.
	pub fn paid(&self) -> Credits {
		self.milestones
			.iter()
			.filter(|m| matches!(m.status, MilestoneStatus::Paid { .. }))
			.fold(0, |total: Credits, m| total.saturating_add(m.terms.amount))
	}

	/// Whether a milestone's payment awaits the treasury.
	pub fn payment_pending(&self) -> bool {
		self.milestones.iter().any(|m| matches!(m.status, MilestoneStatus::AwaitingPayment { .. }))
	}

	/// The total share subcontracted.
	pub fn subcontracted(&self) -> Percent {
		self.subcontracts.iter().fold(Percent::zero(), |total, s| total.saturating_add(s.share))
	}
}

/// The terms of a tender as the officer publishes them.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TenderTerms<Balance, BlockNumber, Title, Panel> {
	/// The budget line to hold the estimated value on.
	pub line: BudgetLineId,
	/// What is bought.
	pub title: Title,
	/// Hash of the specification document.
	pub specification: DocumentHash,
	/// The most the city will pay, in city credits.
	pub estimated_value: Credits,
	/// The smallest bond a bid must hold.
	pub minimum_bond: Balance,
	/// Last block in which bids may be committed.
	pub bid_deadline: BlockNumber,
	/// Blocks after the bid deadline in which bids may be revealed.
	pub reveal_period: BlockNumber,
	/// Blocks after the award in which bidders may complain.
	pub standstill: BlockNumber,
	/// How the winner is chosen.
	pub award_rule: AwardRule,
	/// The officials scoring quality (for [`AwardRule::BestValue`]).
	pub panel: Panel,
	/// The largest share that may be subcontracted.
	pub subcontracting_cap: Percent,
}

/// [`TenderTerms`] for a runtime.
pub type TenderTermsOf<T> = TenderTerms<BalanceOf<T>, BlockNumberFor<T>, TitleOf<T>, PanelOf<T>>;

/// The commitment of a bid sealed before commitments were bound to their
/// tender and bidder (storage version 1): BLAKE2-256 of SCALE(price, salt,
/// document). Accepted only for bids committed before
/// [`crate::LegacyCommitmentsBefore`].
pub fn legacy_bid_commitment(price: Credits, salt: &[u8; 32], document: &DocumentHash) -> H256 {
	H256(sp_io::hashing::blake2_256(&(price, salt, document).encode()))
}

/// The commitment a sealed bid publishes: BLAKE2-256 of the SCALE encoding
/// of `(tender, bidder, price, salt, document)`, that is the tender id as 4
/// little-endian bytes, the bidder's account (32 bytes in the runtime), the
/// price as 16 little-endian bytes, then the 32-byte salt and the 32-byte
/// document hash (116 bytes in all). A bidder keeps the salt secret until it
/// reveals.
///
/// The tender and the bidder are part of the preimage so that a commitment
/// copied from the transaction pool is worthless: revealed by anyone but the
/// account that made it, or for another tender, it does not match.
pub fn bid_commitment<AccountId: Encode>(
	tender: TenderId,
	bidder: &AccountId,
	price: Credits,
	salt: &[u8; 32],
	document: &DocumentHash,
) -> H256 {
	H256(sp_io::hashing::blake2_256(&(tender, bidder, price, salt, document).encode()))
}
