//! The measured operations. Each prepares what its calls need through the
//! chain itself (a city, its officials, funded senders: setup loads that must
//! all succeed), then returns its pre-signed extrinsics, ordered so that every
//! sender's nonces arrive in order.

use civitas_primitives::{BudgetLineId, CityId, CityRole, SpendingCategory};
use civitas_runtime::{
	AccountId, Balance, BlockNumber, OriginCaller, RuntimeCall, CIV, DAYS, MILLI_CIV,
};
use codec::Encode;
use frame_support::BoundedVec;
use sp_core::{sr25519, H256};
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _},
	MultiAddress,
};

use crate::{
	chain::{account, pair, value_key, Chain, Result, Signed},
	load,
};

/// The operations the tool measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Op {
	/// `Balances::transfer_keep_alive` between pre-funded accounts, each
	/// sender sending one.
	Transfer,
	/// `CityTreasury::approve_payment` by a city's sixteen Treasurers on
	/// pending payments; the sixteenth approval pays.
	Approval,
	/// `Residency::issue` by a city's sixteen Registrars to new residents.
	Issue,
	/// `Procurement::commit_bid`: sixty-four registered suppliers each
	/// commit a sealed bid, with its bond, to every open tender.
	Bid,
	/// `Registry::record_transfer` by a city's Registrars, each on a title
	/// whose owner offered it and whose buyer accepted.
	Title,
	/// `Sortition::enter` into a residents-only lottery with an entry
	/// deposit, by residents each entering once.
	Entry,
}

impl Op {
	pub fn name(self) -> &'static str {
		match self {
			Op::Transfer => "transfer_keep_alive",
			Op::Approval => "treasury approve_payment",
			Op::Issue => "residency issue",
			Op::Bid => "procurement commit_bid",
			Op::Title => "registry record_transfer",
			Op::Entry => "lottery enter",
		}
	}
}

/// What the operations share: the chain, the funder that pays for setup, and
/// a tag that keeps this run's names and keys apart from earlier runs'.
pub struct Ctx {
	pub chain: Chain,
	pub funder: sr25519::Pair,
	pub run: u64,
}

/// Setup calls per `batch_all`.
const BATCH: usize = 500;
/// Each sender's allowance per extrinsic it will sign: fees here are a few
/// milli-CIV.
const PER_EXTRINSIC: Balance = 100 * MILLI_CIV;
/// Fiscal year of the approval op's budget.
const PERIOD: u32 = 2026;
/// A treasury's pending payments at most (the runtime's `MaxPendingPayments`).
const PENDING: usize = 512;
/// Seats per office (the runtime's `MaxOfficialsPerRole`).
const SEATS: usize = 16;
/// Bids per tender at most (the runtime's `MaxBids`).
const BIDS: usize = 64;
/// Entrants per lottery at most (the runtime's `MaxEntrants`).
const ENTRANTS: usize = 10_000;
/// Setup calls per `batch_all` for the heavy ones (a title mints an item
/// with its attributes).
const HEAVY_BATCH: usize = 100;

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// `call` dispatched with `who` as its signed origin (inside a sudo batch).
fn as_signed(who: &AccountId, call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
		as_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(who.clone()))),
		call: Box::new(call),
	})
}

fn batch_all(calls: Vec<RuntimeCall>) -> RuntimeCall {
	RuntimeCall::Utility(pallet_utility::Call::batch_all { calls })
}

/// The budget line the city operations spend from.
const LINE: BudgetLineId =
	BudgetLineId { period: PERIOD, department: 0, category: SpendingCategory::GoodsAndServices };

/// Opens `city`'s ledger (payments need all sixteen Treasurers), adds
/// department 0 with `officers`, records a receipt through `treasurer` and
/// adopts a budget with one funded line, [`LINE`].
fn ledger(
	city: CityId,
	admin: &AccountId,
	treasurer: &AccountId,
	officers: Vec<AccountId>,
) -> Vec<RuntimeCall> {
	use pallet_city_treasury::Call;
	let funds: u128 = 1_000_000_000_000;
	let by = |who: &AccountId, call| as_signed(who, RuntimeCall::CityTreasury(call));
	vec![
		by(
			admin,
			Call::open_ledger {
				city,
				settings: pallet_city_treasury::LedgerSettings {
					decimals: 2,
					approval_threshold: SEATS as u32,
					time_lock_above: u128::MAX,
					time_lock: 1,
					proposal_lifetime: 30 * DAYS,
				},
			},
		),
		by(
			admin,
			Call::add_department {
				city,
				name: bounded(b"Public works"),
				account: AccountId::from(BlakeTwo256::hash(&(b"tps-department", city).encode()).0),
				officers: BoundedVec::truncate_from(officers),
			},
		),
		by(
			treasurer,
			Call::record_receipt {
				city,
				period: PERIOD,
				category: pallet_city_treasury::RevenueCategory::PropertyTax,
				amount: funds,
				payer: pallet_city_treasury::PayerReference::Company(bounded(b"tps")),
				document: H256::zero(),
			},
		),
		by(
			admin,
			Call::adopt_budget {
				city,
				period: PERIOD,
				lines: BoundedVec::truncate_from(vec![(LINE.department, LINE.category, funds)]),
				document: H256::zero(),
			},
		),
	]
}

fn bounded<S: sp_core::Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(bytes.to_vec())
}

/// A keyless account for a subject or payee: only its id matters.
fn keyless(tag: &str, run: u64, i: usize) -> AccountId {
	AccountId::from(BlakeTwo256::hash(&(tag, run, i as u64).encode()).0)
}

/// Interleaves the senders' lists: everyone's first, then everyone's second...
fn interleave(lists: Vec<Vec<Signed>>) -> Vec<Signed> {
	let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
	let mut iters: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
	let mut out = Vec::new();
	for _ in 0..longest {
		for it in iters.iter_mut() {
			if let Some(x) = it.next() {
				out.push(x);
			}
		}
	}
	out
}

impl Ctx {
	/// This run's keys for `op`: new accounts, whose first nonce is 0.
	fn keys(&mut self, op: &str, n: usize) -> Result<Vec<sr25519::Pair>> {
		let keys = (0..n)
			.map(|i| pair(&format!("//tps/{}/{op}/{i}", self.run)))
			.collect::<Result<Vec<_>>>()?;
		for key in &keys {
			self.chain.assume_new(account(key));
		}
		Ok(keys)
	}

	/// Runs `calls` as root, `BATCH` at a time in `batch_all`s under sudo.
	async fn as_root(&mut self, label: &str, calls: Vec<RuntimeCall>, batch: usize) -> Result<()> {
		let mut xts = Vec::new();
		for chunk in calls.chunks(batch) {
			let call = sudo(batch_all(chunk.to_vec()));
			xts.push(self.chain.sign(&self.funder.clone(), call).await?);
		}
		load::setup(&self.chain, label, xts).await
	}

	/// Gives every account `amount`, from the funder, `BATCH` per batch.
	async fn fund(&mut self, label: &str, who: &[AccountId], amount: Balance) -> Result<()> {
		let needed = amount.saturating_mul(who.len() as Balance);
		let funder = account(&self.funder);
		let free = self.chain.account(&funder).await?.data.free;
		if free < needed.saturating_add(CIV) {
			return Err(format!(
				"the funder {funder} holds {} CIV; funding {} senders needs {} CIV. Run against \
				 a development chain (`civitas-node --dev`) or pass --funder with the secret \
				 of a funded account",
				free / CIV,
				who.len(),
				needed / CIV + 1
			)
			.into());
		}
		let mut xts = Vec::new();
		for chunk in who.chunks(BATCH) {
			let calls = chunk
				.iter()
				.map(|w| {
					RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
						dest: MultiAddress::Id(w.clone()),
						value: amount,
					})
				})
				.collect();
			xts.push(self.chain.sign(&self.funder.clone(), batch_all(calls)).await?);
		}
		load::setup(&self.chain, label, xts).await
	}

	/// Admits a new city under sudo; returns its id and admin.
	async fn city(&mut self, op: &str, index: usize) -> Result<(CityId, AccountId)> {
		let city: CityId =
			self.chain.storage(&value_key("Cities", "NextCityId"), None).await?.unwrap_or(0);
		let admin = keyless("tps-admin", self.run, city as usize);
		let name = format!("tps-{}-{op}-{index}", self.run).into_bytes();
		let call = RuntimeCall::Cities(pallet_cities::Call::admit_city {
			name,
			admin: MultiAddress::Id(admin.clone()),
		});
		self.as_root(&format!("{op}: admit city {city}"), vec![call], 1).await?;
		Ok((city, admin))
	}

	/// The chain must let the funder act as root for the city operations.
	pub async fn check_sudo(&self) -> Result<()> {
		let funder = account(&self.funder);
		match self.chain.sudo_key().await? {
			Some(key) if key == funder => Ok(()),
			Some(key) => Err(format!(
				"the city operations set up cities through sudo, whose key is {key}, not the \
				 funder {funder}: pass --funder with the sudo key's secret"
			)
			.into()),
			None => Err("the city operations set up cities through sudo, and this chain has \
			             no sudo key: run them on a development chain (`civitas-node --dev`)"
				.into()),
		}
	}

	/// Prepares `count` extrinsics of `op`.
	pub async fn prepare(&mut self, op: Op, count: usize) -> Result<Vec<Signed>> {
		match op {
			Op::Transfer => self.transfers(count).await,
			Op::Approval => self.approvals(count).await,
			Op::Issue => self.issues(count).await,
			Op::Bid => self.bids(count).await,
			Op::Title => self.titles(count).await,
			Op::Entry => self.entries(count).await,
		}
	}

	async fn transfers(&mut self, count: usize) -> Result<Vec<Signed>> {
		let senders = self.keys("transfer", count)?;
		let ids: Vec<AccountId> = senders.iter().map(account).collect();
		self.fund("transfer: fund senders", &ids, CIV).await?;
		let mut xts = Vec::with_capacity(count);
		for (i, sender) in senders.iter().enumerate() {
			let dest = ids[(i + 1) % ids.len()].clone();
			let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(dest),
				value: MILLI_CIV,
			});
			xts.push(self.chain.sign(sender, call).await?);
		}
		Ok(xts)
	}

	/// A city with a full office of `role`, funded for `per_official`
	/// extrinsics each.
	async fn city_with_officials(
		&mut self,
		op: &str,
		index: usize,
		role: CityRole,
		per_official: usize,
	) -> Result<(CityId, AccountId, Vec<sr25519::Pair>)> {
		let (city, admin) = self.city(op, index).await?;
		let officials = self.keys(&format!("{op}/{city}"), SEATS)?;
		let ids: Vec<AccountId> = officials.iter().map(account).collect();
		let appoint = ids
			.iter()
			.map(|who| {
				as_signed(
					&admin,
					RuntimeCall::Cities(pallet_cities::Call::appoint {
						city,
						role,
						who: MultiAddress::Id(who.clone()),
					}),
				)
			})
			.collect();
		self.as_root(&format!("{op}: appoint {SEATS} officials of city {city}"), appoint, BATCH)
			.await?;
		let allowance = PER_EXTRINSIC.saturating_mul(per_official as Balance).saturating_add(CIV);
		self.fund(&format!("{op}: fund officials of city {city}"), &ids, allowance).await?;
		Ok((city, admin, officials))
	}

	async fn issues(&mut self, count: usize) -> Result<Vec<Signed>> {
		let per = count.div_ceil(SEATS);
		let (city, _, registrars) =
			self.city_with_officials("issue", 0, CityRole::Registrar, per).await?;
		let expires_at: BlockNumber = (self.chain.best_number().await? as BlockNumber) + 365 * DAYS;
		let mut lists = Vec::new();
		for (r, registrar) in registrars.iter().enumerate() {
			let mut list = Vec::new();
			for i in (r..count).step_by(SEATS) {
				let subject = keyless("tps-resident", self.run, i);
				let call = RuntimeCall::Residency(pallet_residency::Call::issue {
					city,
					subject,
					kind: pallet_residency::CertificateKind::Resident,
					commitment: BlakeTwo256::hash(&(i as u64).encode()),
					expires_at,
				});
				list.push(self.chain.sign(registrar, call).await?);
			}
			lists.push(list);
		}
		Ok(interleave(lists))
	}

	async fn approvals(&mut self, count: usize) -> Result<Vec<Signed>> {
		let per_city = PENDING * SEATS;
		let mut lists: Vec<Vec<Signed>> = Vec::new();
		for c in 0..count.div_ceil(per_city) {
			let here = per_city.min(count - c * per_city);
			let proposals = here.div_ceil(SEATS);
			let (city, admin, treasurers) =
				self.city_with_officials("approval", c, CityRole::Treasurer, proposals).await?;
			let officer = keyless("tps-officer", self.run, city as usize);
			let payee = keyless("tps-payee", self.run, city as usize);
			let mut calls = ledger(city, &admin, &account(&treasurers[0]), vec![officer.clone()]);
			calls.push(as_signed(
				&admin,
				RuntimeCall::CityTreasury(pallet_city_treasury::Call::register_payee {
					city,
					payee: payee.clone(),
					kind: pallet_city_treasury::PayeeKind::Contractor,
				}),
			));
			for p in 0..proposals {
				calls.push(as_signed(
					&officer,
					RuntimeCall::CityTreasury(pallet_city_treasury::Call::propose_payment {
						city,
						line: LINE,
						payee: payee.clone(),
						amount: 1,
						purpose: bounded(b"tps"),
						invoice: H256::from_low_u64_be(p as u64),
					}),
				));
			}
			self.as_root(&format!("approval: ledger, budget, {proposals} payments"), calls, BATCH)
				.await?;
			// Proposal ids of a new ledger count from 0; every Treasurer
			// approves each in turn, so the last approval of each pays it.
			for (t, treasurer) in treasurers.iter().enumerate() {
				let mut list = Vec::new();
				for p in 0..proposals {
					if p * SEATS + t >= here {
						break;
					}
					let call =
						RuntimeCall::CityTreasury(pallet_city_treasury::Call::approve_payment {
							city,
							proposal: p as u32,
						});
					list.push(self.chain.sign(treasurer, call).await?);
				}
				lists.push(list);
			}
		}
		Ok(interleave(lists))
	}

	async fn bids(&mut self, count: usize) -> Result<Vec<Signed>> {
		let tenders = count.div_ceil(BIDS);
		let suppliers_n = BIDS.min(count);
		let (city, admin, officers) =
			self.city_with_officials("bid", 0, CityRole::ProcurementOfficer, tenders).await?;
		let officer = account(&officers[0]);
		let bond = MILLI_CIV;
		let suppliers = self.keys(&format!("bid/{city}/supplier"), suppliers_n)?;
		let ids: Vec<AccountId> = suppliers.iter().map(account).collect();
		let per_supplier = (bond + PER_EXTRINSIC).saturating_mul(tenders as Balance) + CIV;
		self.fund("bid: fund suppliers", &ids, per_supplier).await?;
		// The Officer's seat is a Treasurer's too: it records the receipt.
		let mut calls = vec![as_signed(
			&admin,
			RuntimeCall::Cities(pallet_cities::Call::appoint {
				city,
				role: CityRole::Treasurer,
				who: MultiAddress::Id(officer.clone()),
			}),
		)];
		calls.extend(ledger(city, &admin, &officer, Vec::new()));
		for (i, supplier) in ids.iter().enumerate() {
			calls.push(as_signed(
				&officer,
				RuntimeCall::Procurement(pallet_procurement::Call::register_supplier {
					city,
					supplier: supplier.clone(),
					registration_id: bounded(format!("TPS-{i}").as_bytes()),
					contact: H256::zero(),
				}),
			));
		}
		let first: u32 =
			self.chain.storage(&value_key("Procurement", "NextTenderId"), None).await?.unwrap_or(0);
		let now = self.chain.best_number().await? as BlockNumber;
		for t in 0..tenders {
			calls.push(as_signed(
				&officer,
				RuntimeCall::Procurement(pallet_procurement::Call::publish_tender {
					city,
					terms: pallet_procurement::TenderTerms {
						line: LINE,
						title: bounded(format!("Road repair lot {t}").as_bytes()),
						specification: H256::zero(),
						estimated_value: 1_000,
						minimum_bond: bond,
						bid_deadline: now + DAYS,
						reveal_period: DAYS,
						standstill: DAYS,
						award_rule: pallet_procurement::AwardRule::LowestPrice,
						panel: BoundedVec::new(),
						subcontracting_cap: sp_runtime::Percent::from_percent(30),
					},
				}),
			));
		}
		self.as_root(
			&format!("bid: ledger, {suppliers_n} suppliers, {tenders} tenders"),
			calls,
			BATCH,
		)
		.await?;
		let mut lists = Vec::new();
		for (s, supplier) in suppliers.iter().enumerate() {
			let mut list = Vec::new();
			for t in 0..tenders {
				if t * BIDS + s >= count {
					break;
				}
				let commitment = BlakeTwo256::hash(&(s as u64, t as u64).encode());
				let call = RuntimeCall::Procurement(pallet_procurement::Call::commit_bid {
					tender: first + t as u32,
					commitment,
					bond,
				});
				list.push(self.chain.sign(supplier, call).await?);
			}
			lists.push(list);
		}
		Ok(interleave(lists))
	}

	async fn titles(&mut self, count: usize) -> Result<Vec<Signed>> {
		use pallet_asset_registry::{AssetClass, LandUse, Particulars};
		let per = count.div_ceil(SEATS);
		let (city, _, registrars) =
			self.city_with_officials("title", 0, CityRole::Registrar, per).await?;
		let first: u32 =
			self.chain.storage(&value_key("Registry", "NextTitleId"), None).await?.unwrap_or(0);
		let owner = |i| keyless("tps-owner", self.run, i);
		let buyer = |i| keyless("tps-buyer", self.run, i);
		let mut register = Vec::new();
		let mut agree = Vec::new();
		for i in 0..count {
			let registrar = account(&registrars[i % SEATS]);
			register.push(as_signed(
				&registrar,
				RuntimeCall::Registry(pallet_asset_registry::Call::register_title {
					city,
					class: AssetClass::Land,
					owner: owner(i),
					particulars: Particulars {
						cadastral_reference: bounded(format!("TPS-{}-{i}", self.run).as_bytes()),
						document: H256::zero(),
						area: 500,
						land_use: LandUse::Residential,
						assessed_value: 100_000,
						rights: BoundedVec::new(),
					},
					evidence: H256::zero(),
				}),
			));
			let title = first + i as u32;
			agree.push(as_signed(
				&owner(i),
				RuntimeCall::Registry(pallet_asset_registry::Call::offer_transfer {
					title,
					buyer: buyer(i),
					deed: H256::zero(),
				}),
			));
			agree.push(as_signed(
				&buyer(i),
				RuntimeCall::Registry(pallet_asset_registry::Call::accept_transfer { title }),
			));
		}
		self.as_root(&format!("title: register {count} titles"), register, HEAVY_BATCH).await?;
		self.as_root(&format!("title: {count} offers and acceptances"), agree, BATCH).await?;
		let mut lists = Vec::new();
		for (r, registrar) in registrars.iter().enumerate() {
			let mut list = Vec::new();
			for i in (r..count).step_by(SEATS) {
				let call = RuntimeCall::Registry(pallet_asset_registry::Call::record_transfer {
					title: first + i as u32,
				});
				list.push(self.chain.sign(registrar, call).await?);
			}
			lists.push(list);
		}
		Ok(interleave(lists))
	}

	async fn entries(&mut self, count: usize) -> Result<Vec<Signed>> {
		let lotteries = count.div_ceil(ENTRANTS);
		let (city, _, registrars) =
			self.city_with_officials("entry", 0, CityRole::Registrar, lotteries).await?;
		let registrar = account(&registrars[0]);
		let entrants = self.keys(&format!("entry/{city}/resident"), count)?;
		let ids: Vec<AccountId> = entrants.iter().map(account).collect();
		let deposit = MILLI_CIV;
		self.fund("entry: fund residents", &ids, CIV).await?;
		let now = self.chain.best_number().await? as BlockNumber;
		let close = now + DAYS;
		let mut calls = Vec::new();
		for (i, who) in ids.iter().enumerate() {
			calls.push(as_signed(
				&account(&registrars[i % SEATS]),
				RuntimeCall::Residency(pallet_residency::Call::issue {
					city,
					subject: who.clone(),
					kind: pallet_residency::CertificateKind::Resident,
					commitment: BlakeTwo256::hash(&(b"tps-entrant", i as u64).encode()),
					expires_at: now + 365 * DAYS,
				}),
			));
		}
		let first: u32 =
			self.chain.storage(&value_key("Sortition", "NextDrawId"), None).await?.unwrap_or(0);
		for _ in 0..lotteries {
			calls.push(as_signed(
				&registrar,
				RuntimeCall::Sortition(pallet_sortition::Call::create_lottery {
					city,
					winners: 10,
					entries_close: close,
					entry_deposit: deposit,
					residents_only: true,
					source: pallet_sortition::Source::CommitReveal {
						commit_until: close + 100,
						reveal_until: close + 200,
					},
				}),
			));
		}
		self.as_root(
			&format!("entry: {count} residents, {lotteries} lotteries"),
			calls,
			HEAVY_BATCH,
		)
		.await?;
		let mut xts = Vec::with_capacity(count);
		for (i, entrant) in entrants.iter().enumerate() {
			let call = RuntimeCall::Sortition(pallet_sortition::Call::enter {
				draw: first + (i / ENTRANTS) as u32,
			});
			xts.push(self.chain.sign(entrant, call).await?);
		}
		Ok(xts)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn signed(tag: u8) -> Signed {
		Signed { hash: H256::repeat_byte(tag), bytes: vec![tag] }
	}

	#[test]
	fn interleave_keeps_each_senders_order() {
		let lists = vec![
			vec![signed(1), signed(2), signed(3)],
			vec![signed(10)],
			vec![signed(20), signed(21)],
		];
		let order: Vec<u8> = interleave(lists).iter().map(|s| s.bytes[0]).collect();
		assert_eq!(order, vec![1, 10, 20, 2, 21, 3]);
	}
}
