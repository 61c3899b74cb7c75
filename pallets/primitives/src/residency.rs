//! Residency, as other pallets and the runtime see it: who is a resident of
//! which city, the citizen badges that mirror the certificates in wallets, and
//! the commitment format that keeps a resident's attributes off chain.
//!
//! pallet-residency keeps the certificates and implements [`Residents`]; the
//! runtime implements [`CitizenBadges`] on pallet-nfts, so the residency
//! pallet never names pallet-nfts and is tested with [`testing::TestBadges`].
//!
//! ## The attribute commitment
//!
//! A Registrar checks a person's attributes off chain (date of birth, address,
//! ...) and puts on chain only a commitment to them, built as follows (see
//! [`disclosure`]):
//!
//! 1. every attribute is a `key` and a `value` (UTF-8 bytes, for example
//!    `age_band` = `30-39`, `neighbourhood` = `Kalamaja`) with its own random
//!    32-byte `salt`;
//! 2. its leaf is `blake2_256(SCALE(b"civitas/residency/field/v1", key, value,
//!    salt))`, where `key` and `value` are SCALE byte vectors (compact length
//!    prefix) and `salt` is 32 raw bytes;
//! 3. the leaves are ordered by key (keys are unique) and the commitment is
//!    `blake2_256(SCALE(b"civitas/residency/record/v1", leaves))`, where
//!    `leaves` is a SCALE vector of 32-byte hashes.
//!
//! The resident keeps the attributes and salts. To prove one attribute to a
//! verifier (a [`disclosure::Disclosure`]) the resident reveals that
//! attribute's key, value and salt, its position and the leaves of the others.
//! The other leaves are salted hashes: they say how many attributes there are
//! and nothing about them. The verifier checks the disclosure against the
//! commitment of the subject's certificate on chain with
//! [`disclosure::verify`] (or `civitas-node residency verify`).

use crate::{CityId, Commitment};
use sp_runtime::DispatchResult;

/// Identifies a residency certificate; the citizen badge minted for it has
/// the same number as its item id.
pub type CertificateId = u32;

/// Identifies the pallet-nfts collection holding a city's citizen badges.
pub type BadgeCollectionId = u32;

/// Who is a resident of which city, for the pallets that stand on residency
/// (sortition, one-resident-one-vote, services).
///
/// ## The roll
///
/// Besides the question "is this person a resident now", sortition needs the
/// whole pool of a city's residents as it stood at a past block, with random
/// access, for pools of a million residents. The residency pallet keeps for
/// that a **roll** per city: every certificate ever issued for the city, in
/// issue order, under positions `0..roll_len(city)`. Entries are never
/// removed or reordered; a certificate that is revoked, moved or lapses stays
/// on the roll and simply stops being in force. The pool at block `at` is
/// the entries whose certificate [`Residents::holder_at`] returns a holder
/// for; a subject holds at most one certificate in force per city, so no one
/// is in a pool twice.
pub trait Residents<AccountId, BlockNumber> {
	/// `who` holds an active, unexpired residency certificate of `city` at the
	/// current block.
	fn is_resident(city: CityId, who: &AccountId) -> bool;

	/// The certificate `who` holds in `city` now, if one is in force.
	fn certificate_of(city: CityId, who: &AccountId) -> Option<CertificateId>;

	/// How many residents `city` has now.
	fn resident_count(city: CityId) -> u32;

	/// How many certificates `city`'s roll holds (in force or not).
	fn roll_len(city: CityId) -> u32;

	/// The certificate at position `index` of `city`'s roll.
	fn roll_entry(city: CityId, index: u32) -> Option<CertificateId>;

	/// The subject of `certificate` if the certificate was in force at the end
	/// of block `at`: issued at or before `at`, not yet expired after it, and
	/// not revoked or moved at or before it.
	fn holder_at(certificate: CertificateId, at: BlockNumber) -> Option<AccountId>;
}

/// Citizen badges: one non-transferable item per certificate, in a
/// collection per city, owned by the resident.
///
/// The runtime implements it on pallet-nfts; the collection's owner and
/// admin is a keyless account of the residency pallet, so no one can mint,
/// move or burn a badge except through the residency pallet.
pub trait CitizenBadges<AccountId> {
	/// Creates the badge collection of `city`, owned by `owner`; returns its id.
	fn create_collection(
		city: CityId,
		owner: &AccountId,
	) -> Result<BadgeCollectionId, sp_runtime::DispatchError>;

	/// Mints badge `badge` in `collection` to `holder`, locked against transfer
	/// and against being burnt by its holder.
	fn mint(
		collection: BadgeCollectionId,
		badge: CertificateId,
		holder: &AccountId,
	) -> DispatchResult;

	/// Burns badge `badge`; a badge that does not exist is not an error.
	fn burn(collection: BadgeCollectionId, badge: CertificateId) -> DispatchResult;

	/// The holder of a badge, if it exists.
	fn holder(collection: BadgeCollectionId, badge: CertificateId) -> Option<AccountId>;
}

/// The attribute commitment and selective disclosure; see the module docs.
pub mod disclosure {
	use super::Commitment;
	use alloc::vec::Vec;
	use codec::{Decode, Encode};
	use sp_core::H256;
	use sp_runtime::traits::{BlakeTwo256, Hash};

	fn blake2_256(bytes: &[u8]) -> [u8; 32] {
		BlakeTwo256::hash(bytes).0
	}

	/// Domain of an attribute leaf.
	pub const FIELD_DOMAIN: &[u8] = b"civitas/residency/field/v1";
	/// Domain of the record commitment.
	pub const RECORD_DOMAIN: &[u8] = b"civitas/residency/record/v1";

	/// A random 32-byte salt, one per attribute.
	pub type Salt = [u8; 32];

	/// One attribute with its salt, as the resident keeps it.
	#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
	pub struct Attribute {
		/// The attribute's name, for example `age_band`.
		pub key: Vec<u8>,
		/// Its value, for example `30-39`.
		pub value: Vec<u8>,
		/// Its salt.
		pub salt: Salt,
	}

	/// What a resident shows a verifier to prove one attribute.
	#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
	pub struct Disclosure {
		/// The attribute revealed, with its salt.
		pub attribute: Attribute,
		/// Its position among the leaves.
		pub index: u32,
		/// Every leaf of the record, in order; the one at `index` is the
		/// revealed attribute's.
		pub leaves: Vec<H256>,
	}

	/// Why a record cannot be committed or a disclosure does not hold.
	#[derive(Clone, Copy, PartialEq, Eq, Debug)]
	pub enum DisclosureError {
		/// A record needs at least one attribute.
		NoAttributes,
		/// Two attributes have the same key.
		DuplicateKey,
		/// The record has no attribute with the key asked for.
		UnknownKey,
		/// The position is outside the leaves.
		IndexOutOfRange,
		/// The revealed attribute and salt do not hash to the leaf at its
		/// position.
		AttributeMismatch,
		/// The leaves do not hash to the commitment on chain.
		CommitmentMismatch,
	}

	/// The leaf of one attribute.
	pub fn leaf(attribute: &Attribute) -> H256 {
		H256(blake2_256(
			&(FIELD_DOMAIN, &attribute.key, &attribute.value, &attribute.salt).encode(),
		))
	}

	/// The commitment to a record's leaves, in order.
	pub fn commitment_of_leaves(leaves: &[H256]) -> Commitment {
		H256(blake2_256(&(RECORD_DOMAIN, leaves).encode()))
	}

	/// The record's attributes ordered by key, after checking there is at
	/// least one and no key twice.
	fn ordered(attributes: &[Attribute]) -> Result<Vec<&Attribute>, DisclosureError> {
		let mut ordered: Vec<&Attribute> = attributes.iter().collect();
		ordered.sort_by(|a, b| a.key.cmp(&b.key));
		if ordered.is_empty() {
			return Err(DisclosureError::NoAttributes);
		}
		if ordered.windows(2).any(|pair| pair[0].key == pair[1].key) {
			return Err(DisclosureError::DuplicateKey);
		}
		Ok(ordered)
	}

	/// The commitment to a record, as the Registrar puts it on chain.
	pub fn commit(attributes: &[Attribute]) -> Result<Commitment, DisclosureError> {
		let leaves: Vec<H256> = ordered(attributes)?.into_iter().map(leaf).collect();
		Ok(commitment_of_leaves(&leaves))
	}

	/// The disclosure of the attribute named `key` of a record.
	pub fn disclose(attributes: &[Attribute], key: &[u8]) -> Result<Disclosure, DisclosureError> {
		let ordered = ordered(attributes)?;
		let index = ordered
			.iter()
			.position(|a| a.key.as_slice() == key)
			.ok_or(DisclosureError::UnknownKey)?;
		let attribute = ordered.get(index).ok_or(DisclosureError::UnknownKey)?;
		Ok(Disclosure {
			attribute: (*attribute).clone(),
			index: u32::try_from(index).map_err(|_| DisclosureError::IndexOutOfRange)?,
			leaves: ordered.into_iter().map(leaf).collect(),
		})
	}

	/// Checks a disclosure against the commitment on chain: the revealed
	/// attribute hashes to its leaf, and the leaves to the commitment.
	pub fn verify(commitment: &Commitment, disclosure: &Disclosure) -> Result<(), DisclosureError> {
		let at = usize::try_from(disclosure.index).map_err(|_| DisclosureError::IndexOutOfRange)?;
		let stated = disclosure.leaves.get(at).ok_or(DisclosureError::IndexOutOfRange)?;
		if *stated != leaf(&disclosure.attribute) {
			return Err(DisclosureError::AttributeMismatch);
		}
		if commitment_of_leaves(&disclosure.leaves) != *commitment {
			return Err(DisclosureError::CommitmentMismatch);
		}
		Ok(())
	}

	#[cfg(test)]
	mod tests {
		use super::*;

		fn attribute(key: &str, value: &str, salt: u8) -> Attribute {
			Attribute { key: key.into(), value: value.into(), salt: [salt; 32] }
		}

		fn record() -> Vec<Attribute> {
			vec![
				attribute("neighbourhood", "Kalamaja", 1),
				attribute("age_band", "30-39", 2),
				attribute("household", "3", 3),
			]
		}

		#[test]
		fn a_disclosed_attribute_verifies_against_the_commitment() {
			let commitment = commit(&record()).expect("a record");
			for key in ["age_band", "household", "neighbourhood"] {
				let d = disclose(&record(), key.as_bytes()).expect("a key");
				assert_eq!(d.attribute.key, key.as_bytes());
				assert_eq!(verify(&commitment, &d), Ok(()));
			}
		}

		#[test]
		fn the_commitment_follows_the_documented_format() {
			// Written out by hand from the module docs, not through `leaf`.
			let field = |k: &str, v: &str, s: u8| {
				let mut bytes = Vec::new();
				bytes.extend_from_slice(&[26 << 2]);
				bytes.extend_from_slice(b"civitas/residency/field/v1");
				bytes.push((k.len() as u8) << 2);
				bytes.extend_from_slice(k.as_bytes());
				bytes.push((v.len() as u8) << 2);
				bytes.extend_from_slice(v.as_bytes());
				bytes.extend_from_slice(&[s; 32]);
				blake2_256(&bytes)
			};
			let mut bytes = Vec::new();
			bytes.push(27 << 2);
			bytes.extend_from_slice(b"civitas/residency/record/v1");
			bytes.push(3 << 2);
			// Ordered by key: age_band, household, neighbourhood.
			bytes.extend_from_slice(&field("age_band", "30-39", 2));
			bytes.extend_from_slice(&field("household", "3", 3));
			bytes.extend_from_slice(&field("neighbourhood", "Kalamaja", 1));
			assert_eq!(commit(&record()).expect("a record"), H256(blake2_256(&bytes)));
		}

		#[test]
		fn a_changed_value_salt_or_leaf_is_refused() {
			let commitment = commit(&record()).expect("a record");
			let honest = disclose(&record(), b"age_band").expect("a key");

			let mut older = honest.clone();
			older.attribute.value = b"60-69".to_vec();
			assert_eq!(verify(&commitment, &older), Err(DisclosureError::AttributeMismatch));

			let mut salt = honest.clone();
			salt.attribute.salt[0] ^= 1;
			assert_eq!(verify(&commitment, &salt), Err(DisclosureError::AttributeMismatch));

			// A forged record: the leaf recomputed for a new value, so the
			// leaves no longer hash to the commitment on chain.
			let mut forged = older.clone();
			forged.leaves[0] = leaf(&forged.attribute);
			assert_eq!(verify(&commitment, &forged), Err(DisclosureError::CommitmentMismatch));

			let mut out_of_range = honest.clone();
			out_of_range.index = 3;
			assert_eq!(verify(&commitment, &out_of_range), Err(DisclosureError::IndexOutOfRange));

			let other = commit(&[attribute("age_band", "30-39", 2)]).expect("a record");
			assert_eq!(verify(&other, &honest), Err(DisclosureError::CommitmentMismatch));
		}

		#[test]
		fn records_need_unique_keys() {
			assert_eq!(commit(&[]), Err(DisclosureError::NoAttributes));
			let twice = [attribute("age_band", "30-39", 1), attribute("age_band", "40-49", 2)];
			assert_eq!(commit(&twice), Err(DisclosureError::DuplicateKey));
			assert_eq!(
				disclose(&record(), b"income").map(|_| ()),
				Err(DisclosureError::UnknownKey)
			);
		}
	}
}

/// An in-memory [`CitizenBadges`] for pallet unit tests, for `u64` accounts.
#[cfg(feature = "std")]
pub mod testing {
	use super::*;
	use std::{cell::RefCell, collections::BTreeMap};

	#[derive(Default)]
	struct State {
		collections: BTreeMap<BadgeCollectionId, (CityId, u64)>,
		badges: BTreeMap<(BadgeCollectionId, CertificateId), u64>,
		failing: bool,
	}

	thread_local! {
		static STATE: RefCell<State> = RefCell::new(State::default());
	}

	/// Badge collections and badges held in a thread-local.
	pub struct TestBadges;

	impl TestBadges {
		/// Forgets every collection and badge.
		pub fn reset() {
			STATE.with(|s| *s.borrow_mut() = State::default());
		}

		/// Every badge as `(collection, badge, holder)`, in order.
		pub fn all() -> Vec<(BadgeCollectionId, CertificateId, u64)> {
			STATE.with(|s| s.borrow().badges.iter().map(|((c, b), h)| (*c, *b, *h)).collect())
		}

		/// The city and owner of a collection.
		pub fn collection(collection: BadgeCollectionId) -> Option<(CityId, u64)> {
			STATE.with(|s| s.borrow().collections.get(&collection).copied())
		}

		/// Makes every later mint fail, as a full or broken NFT pallet would.
		pub fn fail_mints() {
			STATE.with(|s| s.borrow_mut().failing = true);
		}
	}

	impl CitizenBadges<u64> for TestBadges {
		fn create_collection(
			city: CityId,
			owner: &u64,
		) -> Result<BadgeCollectionId, sp_runtime::DispatchError> {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				let id = BadgeCollectionId::try_from(s.collections.len())
					.map_err(|_| sp_runtime::DispatchError::Other("too many collections"))?;
				s.collections.insert(id, (city, *owner));
				Ok(id)
			})
		}

		fn mint(
			collection: BadgeCollectionId,
			badge: CertificateId,
			holder: &u64,
		) -> DispatchResult {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				if s.failing || !s.collections.contains_key(&collection) {
					return Err(sp_runtime::DispatchError::Other("mint refused"));
				}
				if s.badges.insert((collection, badge), *holder).is_some() {
					return Err(sp_runtime::DispatchError::Other("badge exists"));
				}
				Ok(())
			})
		}

		fn burn(collection: BadgeCollectionId, badge: CertificateId) -> DispatchResult {
			STATE.with(|s| s.borrow_mut().badges.remove(&(collection, badge)));
			Ok(())
		}

		fn holder(collection: BadgeCollectionId, badge: CertificateId) -> Option<u64> {
			STATE.with(|s| s.borrow().badges.get(&(collection, badge)).copied())
		}
	}
}

/// An in-memory roll of residents for the tests of pallets that stand on
/// residency (sortition).
#[cfg(feature = "std")]
pub mod roll_testing {
	use super::*;
	use std::{cell::RefCell, collections::BTreeMap};

	/// One certificate of the test roll.
	#[derive(Clone, Copy, Debug)]
	struct Entry {
		city: CityId,
		subject: u64,
		issued_at: u64,
		ended_at: Option<u64>,
	}

	#[derive(Default)]
	struct State {
		certificates: Vec<Entry>,
		rolls: BTreeMap<CityId, Vec<CertificateId>>,
	}

	thread_local! {
		static STATE: RefCell<State> = RefCell::new(State::default());
	}

	/// Residents held in a thread-local, with the same roll semantics as
	/// pallet-residency: certificates are numbered from 0 in issue order, and
	/// ending one keeps it on the roll.
	pub struct TestResidents;

	impl TestResidents {
		/// Forgets every certificate.
		pub fn reset() {
			STATE.with(|s| *s.borrow_mut() = State::default());
		}

		/// Issues `subject` a certificate of `city` in force from block `at`;
		/// returns its id.
		pub fn issue(city: CityId, subject: u64, at: u64) -> CertificateId {
			STATE.with(|s| {
				let mut s = s.borrow_mut();
				let id = s.certificates.len() as CertificateId;
				s.certificates.push(Entry { city, subject, issued_at: at, ended_at: None });
				s.rolls.entry(city).or_default().push(id);
				id
			})
		}

		/// Ends `certificate` at block `at` (a revocation or a move).
		pub fn end(certificate: CertificateId, at: u64) {
			STATE.with(|s| {
				if let Some(entry) = s.borrow_mut().certificates.get_mut(certificate as usize) {
					entry.ended_at = Some(at);
				}
			})
		}

		fn entry(certificate: CertificateId) -> Option<Entry> {
			STATE.with(|s| s.borrow().certificates.get(certificate as usize).copied())
		}
	}

	impl Residents<u64, u64> for TestResidents {
		fn is_resident(city: CityId, who: &u64) -> bool {
			Self::certificate_of(city, who).is_some()
		}

		fn certificate_of(city: CityId, who: &u64) -> Option<CertificateId> {
			STATE.with(|s| {
				s.borrow()
					.certificates
					.iter()
					.position(|e| e.city == city && e.subject == *who && e.ended_at.is_none())
					.map(|i| i as CertificateId)
			})
		}

		fn resident_count(city: CityId) -> u32 {
			STATE.with(|s| {
				s.borrow()
					.certificates
					.iter()
					.filter(|e| e.city == city && e.ended_at.is_none())
					.count() as u32
			})
		}

		fn roll_len(city: CityId) -> u32 {
			STATE.with(|s| s.borrow().rolls.get(&city).map_or(0, |r| r.len() as u32))
		}

		fn roll_entry(city: CityId, index: u32) -> Option<CertificateId> {
			STATE.with(|s| s.borrow().rolls.get(&city).and_then(|r| r.get(index as usize).copied()))
		}

		fn holder_at(certificate: CertificateId, at: u64) -> Option<u64> {
			let entry = Self::entry(certificate)?;
			let in_force = entry.issued_at <= at && entry.ended_at.is_none_or(|end| end > at);
			in_force.then_some(entry.subject)
		}
	}
}
