//! The records of the city treasury: ledger settings, holders, receipts,
//! budget lines with their history, payment proposals, and the report an
//! auditor reads.

use alloc::vec::Vec;
pub use civitas_primitives::SpendingCategory;
use civitas_primitives::{
	BudgetLineId, Commitment, Credits, DepartmentId, DocumentHash, FiscalPeriod,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
#[cfg(feature = "std")]
use serde::{Deserialize, Serialize};

/// Numbers a city's payment proposals from 0.
pub type ProposalId = u32;

/// Numbers a city's receipts from 0.
pub type ReceiptId = u64;

/// How a city runs its ledger and approves its payments.
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
pub struct LedgerSettings<BlockNumber> {
	/// The decimals of the city's fiat currency: 1 credit is 10^-decimals of
	/// one unit. Fixed when the ledger is opened.
	pub decimals: u8,
	/// How many distinct Treasurers must approve a payment (the M of M-of-N).
	pub approval_threshold: u32,
	/// Payments above this amount wait `time_lock` after their last approval,
	/// during which the city's Auditor may block them.
	pub time_lock_above: Credits,
	/// How long, in blocks, a payment above `time_lock_above` waits.
	pub time_lock: BlockNumber,
	/// How long, in blocks, a proposal may gather approvals before it expires.
	pub proposal_lifetime: BlockNumber,
}

/// Why an account may hold a city's credits.
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
pub enum Holder {
	/// The city treasury: credits are minted here and paid out from here.
	Treasury,
	/// The account of one of the city's departments.
	Department(DepartmentId),
	/// A payee the city registered.
	Payee(PayeeKind),
	/// A keyless account through which a city pallet holds deposits of
	/// other holders (the asset registry's Harberger tax deposits).
	Escrow,
}

/// Who a registered payee is to the city.
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
pub enum PayeeKind {
	/// A company the city buys goods, services or works from.
	Contractor,
	/// A member of the city's staff.
	Employee,
	/// A resident or body receiving a benefit or grant.
	Beneficiary,
}

/// A city department: its operational account and the officers who may
/// propose payments against its budget lines.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxName, MaxOfficers))]
pub struct Department<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxName: Get<u32>,
	MaxOfficers: Get<u32>,
> {
	/// The department's name.
	pub name: BoundedVec<u8, MaxName>,
	/// The department's own ledger account (its head's multisig, say).
	pub account: AccountId,
	/// The accounts that may propose payments for the department.
	pub officers: BoundedVec<AccountId, MaxOfficers>,
}

/// What a receipt was collected for: the revenue classification of the IMF
/// Government Finance Statistics manual (GFSM 2014, §5).
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
	PartialOrd,
	Ord,
	Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum RevenueCategory {
	/// Taxes on property: land, buildings (GFS 113).
	PropertyTax,
	/// Taxes on income and profits (GFS 111).
	IncomeTax,
	/// Taxes on goods and services: sales, tourism (GFS 114).
	GoodsAndServicesTax,
	/// Grants from other governments (GFS 13).
	Grants,
	/// Fees and charges for city services: permits, water, parking (GFS 142).
	FeesAndCharges,
	/// Fines and penalties (GFS 143).
	Fines,
	/// Income from the city's property: rents, interest (GFS 141).
	PropertyIncome,
	/// Anything else (GFS 145).
	Other,
}

/// Who paid a receipt, without personal data.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxId))]
pub enum PayerReference<MaxId: Get<u32>> {
	/// A private person: a salted hash of their identity, which only the city
	/// (holding the salt) can open.
	Person(Commitment),
	/// A company: its public registration id in the city's business register.
	Company(BoundedVec<u8, MaxId>),
	/// A holder of the city's credits who paid on chain, out of their
	/// credits, through a city pallet (the Harberger tax): the receipt's
	/// `recorded_by` is that holder, and no credits were minted.
	Holder,
}

/// How a receipt's credits reached the city treasury: minted for money
/// collected off chain, or collected on chain out of a holder's credits.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum ReceiptSource<AccountId> {
	/// A Treasurer recorded fiat received off chain: the credits were
	/// minted, and the city's supply grew by the amount.
	Minted,
	/// A city pallet collected credits from `from`, a holder of the city's
	/// credits (the Harberger tax paid out of a tax deposit, say): no
	/// credits were minted.
	Collected {
		/// The holder whose credits were moved into the treasury.
		from: AccountId,
	},
}

/// Payments proposed to one payee from one budget line within a window:
/// their sum decides whether a payment below the time-lock limit still
/// waits the time lock, so that splitting a payment does not avoid it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct PaymentWindow<BlockNumber> {
	/// When the window opened: the block of its first proposal.
	pub opened_at: BlockNumber,
	/// The sum of the proposals made in it, withdrawn or blocked ones
	/// included.
	pub proposed: Credits,
}

/// A tax or fee receipt, as recorded by a Treasurer.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxId))]
pub struct Receipt<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxId: Get<u32>,
> {
	/// The fiscal period the revenue belongs to.
	pub period: FiscalPeriod,
	/// What it was collected for.
	pub category: RevenueCategory,
	/// The credits minted into the city treasury.
	pub amount: Credits,
	/// Who paid.
	pub payer: PayerReference<MaxId>,
	/// The hash of the receipt document kept off chain.
	pub document: DocumentHash,
	/// The Treasurer who recorded it; for a [`PayerReference::Holder`]
	/// receipt, the holder who paid.
	pub recorded_by: AccountId,
	/// When.
	pub recorded_at: BlockNumber,
}

/// The city's credits in existence: minted by receipts, burned by
/// redemptions. `minted - burned` always equals the sum of all balances.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Supply {
	/// Every credit ever minted.
	pub minted: Credits,
	/// Every credit ever burned.
	pub burned: Credits,
}

/// A budget the city adopted for a fiscal period.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Budget<BlockNumber> {
	/// When it was adopted.
	pub adopted_at: BlockNumber,
	/// The hash of the budget document the city council voted.
	pub document: DocumentHash,
	/// How many lines it has, amendments included.
	pub lines: u32,
}

/// Where one budget line stands. `committed + spent <= appropriated` always.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct BudgetLine {
	/// What the city appropriated, amendments and reallocations included.
	pub appropriated: Credits,
	/// What is promised but not paid: pending payments and escrow.
	pub committed: Credits,
	/// The part of `committed` held in escrow for procurement.
	pub escrowed: Credits,
	/// What has been paid out.
	pub spent: Credits,
	/// How many history entries the line has.
	pub entries: u32,
}

impl BudgetLine {
	/// What may still be committed: `appropriated - committed - spent`.
	pub fn remaining(&self) -> Credits {
		self.appropriated.saturating_sub(self.committed).saturating_sub(self.spent)
	}
}

/// What happened to a budget line. `Note` is the reason's text: bounded in
/// storage, a plain byte vector in reports.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
pub enum LineChange<Note> {
	/// Appropriated by the adopted budget.
	Adopted,
	/// Appropriation set to a new amount by an amendment.
	Amended { reason: Note },
	/// Appropriation moved here from another line.
	ReallocatedFrom { line: BudgetLineId, reason: Note },
	/// Appropriation moved from here to another line.
	ReallocatedTo { line: BudgetLineId, reason: Note },
	/// A payment proposal committed this much.
	PaymentProposed { proposal: ProposalId },
	/// A proposal's commitment was paid out.
	PaymentExecuted { proposal: ProposalId },
	/// A blocked or expired proposal's commitment came back.
	PaymentReleased { proposal: ProposalId },
	/// Procurement put this much in escrow.
	EscrowReserved,
	/// Procurement paid this much out of escrow.
	EscrowReleased,
	/// Procurement returned this much escrow to the line.
	EscrowRefunded,
}

impl<Note> LineChange<Note> {
	/// Whether the change follows up an earlier entry of the line (a
	/// proposal's payment or release, escrow paid or refunded) rather than
	/// being a new decision. Follow-ups never fail for lack of history room.
	pub fn is_follow_up(&self) -> bool {
		matches!(
			self,
			LineChange::PaymentExecuted { .. }
				| LineChange::PaymentReleased { .. }
				| LineChange::EscrowReleased
				| LineChange::EscrowRefunded
		)
	}

	/// The same change with its reason converted by `f`.
	pub fn map_note<N>(self, f: impl FnOnce(Note) -> N) -> LineChange<N> {
		match self {
			LineChange::Adopted => LineChange::Adopted,
			LineChange::Amended { reason } => LineChange::Amended { reason: f(reason) },
			LineChange::ReallocatedFrom { line, reason } => {
				LineChange::ReallocatedFrom { line, reason: f(reason) }
			}
			LineChange::ReallocatedTo { line, reason } => {
				LineChange::ReallocatedTo { line, reason: f(reason) }
			}
			LineChange::PaymentProposed { proposal } => LineChange::PaymentProposed { proposal },
			LineChange::PaymentExecuted { proposal } => LineChange::PaymentExecuted { proposal },
			LineChange::PaymentReleased { proposal } => LineChange::PaymentReleased { proposal },
			LineChange::EscrowReserved => LineChange::EscrowReserved,
			LineChange::EscrowReleased => LineChange::EscrowReleased,
			LineChange::EscrowRefunded => LineChange::EscrowRefunded,
		}
	}
}

/// One entry of a budget line's history: what happened, for how much, and
/// where the line stood afterwards.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LineEntry<BlockNumber, Note> {
	/// The block it happened in.
	pub at: BlockNumber,
	/// What happened.
	pub change: LineChange<Note>,
	/// The amount it concerned.
	pub amount: Credits,
	/// The line's appropriation afterwards.
	pub appropriated: Credits,
	/// The line's commitments afterwards.
	pub committed: Credits,
	/// The line's spending afterwards.
	pub spent: Credits,
}

/// A payment a department officer proposed.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxNote, MaxApprovals))]
pub struct PaymentProposal<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxNote: Get<u32>,
	MaxApprovals: Get<u32>,
> {
	/// The budget line it is paid from.
	pub line: BudgetLineId,
	/// The registered payee.
	pub payee: AccountId,
	/// The credits to pay.
	pub amount: Credits,
	/// What it pays for.
	pub purpose: BoundedVec<u8, MaxNote>,
	/// The hash of the invoice kept off chain.
	pub invoice: DocumentHash,
	/// The department officer who proposed it.
	pub proposer: AccountId,
	/// The Treasurers who approved it so far.
	pub approvals: BoundedVec<AccountId, MaxApprovals>,
	/// How many Treasurers must approve it: the city's threshold when it was
	/// proposed.
	pub threshold: u32,
	/// Whether it waits a time lock once approved (it was above the city's
	/// limit when proposed); only then may the Auditor block it.
	pub time_locked: bool,
	/// Without all approvals by then, it expires.
	pub expires_at: BlockNumber,
	/// Set when fully approved: it may be executed from this block on.
	pub unlocks_at: Option<BlockNumber>,
}

/// One budget line in a report.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct LineReport {
	/// The spending category.
	pub category: SpendingCategory,
	/// Appropriated, amendments included.
	pub appropriated: Credits,
	/// Committed and not yet paid.
	pub committed: Credits,
	/// Paid out.
	pub spent: Credits,
}

/// One department in a report: its lines and their sums.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct DepartmentReport {
	/// The department.
	pub department: DepartmentId,
	/// Its name (UTF-8).
	pub name: Vec<u8>,
	/// Its lines, by category.
	pub lines: Vec<LineReport>,
	/// Sum of its lines' appropriations.
	pub appropriated: Credits,
	/// Sum of its lines' commitments.
	pub committed: Credits,
	/// Sum of its lines' spending.
	pub spent: Credits,
}

/// Receipts of one revenue category in a report.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct RevenueReport {
	/// The revenue category.
	pub category: RevenueCategory,
	/// How many receipts.
	pub receipts: u32,
	/// Their sum.
	pub amount: Credits,
}

/// A payment awaiting approvals or its time lock, in a report.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct PendingPayment<AccountId, BlockNumber> {
	/// The proposal.
	pub proposal: ProposalId,
	/// Its budget line.
	pub line: BudgetLineId,
	/// Its payee.
	pub payee: AccountId,
	/// Its amount.
	pub amount: Credits,
	/// Approvals so far.
	pub approvals: u32,
	/// When it expires without all approvals.
	pub expires_at: BlockNumber,
	/// When fully approved: from when it may be executed.
	pub unlocks_at: Option<BlockNumber>,
}

/// Budget versus committed versus spent for one city and fiscal period, with
/// the period's receipts and the city's pending payments.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "std", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct BudgetReport<AccountId, BlockNumber> {
	/// The city.
	pub city: civitas_primitives::CityId,
	/// The fiscal period.
	pub period: FiscalPeriod,
	/// The decimals of the city's credits.
	pub decimals: u8,
	/// When the budget was adopted, if it was.
	pub adopted_at: Option<BlockNumber>,
	/// Every department with lines in the period, by id.
	pub departments: Vec<DepartmentReport>,
	/// The period's receipts by category.
	pub revenue: Vec<RevenueReport>,
	/// The city's pending payments against the period's lines.
	pub pending: Vec<PendingPayment<AccountId, BlockNumber>>,
	/// The city's credits in existence (all periods).
	pub supply: Supply,
	/// The city treasury's balance now.
	pub treasury_balance: Credits,
}
