//! The runtime API that buyers', lenders' and auditors' clients (or the
//! node's `registry_*` RPC methods) call to read the register.

use crate::{LeaseId, TitleId, TitleView};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Reads the property register.
	pub trait AssetRegistryApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// A title's full record: owner, particulars, provenance,
		/// encumbrances, leases, open offer and Harberger account.
		fn title(id: TitleId) -> Option<TitleView<AccountId, BlockNumber>>;

		/// The titles in force `owner` holds.
		fn titles_of(owner: AccountId) -> Vec<TitleId>;

		/// The leases `lessee` holds, as (title, lease, in force now).
		fn leases_of(lessee: AccountId) -> Vec<(TitleId, LeaseId, bool)>;
	}
}
