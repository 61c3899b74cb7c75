//! The runtime API that verifiers' clients (or the node's `residency_*` RPC
//! methods) call to check residency.

use crate::{CertificateId, CertificateView, CityId};
use codec::Codec;
use sp_core::H256;

sp_api::decl_runtime_apis! {
	/// Reads residency.
	pub trait ResidencyApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// Whether `account` holds an active, unexpired certificate of
		/// `city` at the block the call is made at.
		fn is_resident(city: CityId, account: AccountId) -> bool;

		/// The latest certificate of `account` in `city`, valid or not.
		fn certificate(city: CityId, account: AccountId) -> Option<CertificateView<AccountId, BlockNumber>>;

		/// A certificate by its id.
		fn certificate_by_id(id: CertificateId) -> Option<CertificateView<AccountId, BlockNumber>>;

		/// How many residents `city` has: certificates active and unexpired.
		fn active_residents(city: CityId) -> u32;

		/// The record pointer `subject` granted `provider` in `city`, while
		/// `subject` is a resident.
		fn provider_access(city: CityId, subject: AccountId, provider: AccountId) -> Option<H256>;
	}
}
