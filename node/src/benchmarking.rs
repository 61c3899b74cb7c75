//! What `civitas-node benchmark overhead` needs from the node: signed
//! extrinsics for it to fill blocks with, and the inherent data of a block.
//! Only in a node built with `--features runtime-benchmarks`.

use std::sync::Arc;

use civitas_runtime::{RuntimeCall, SystemCall};
use sc_client_api::BlockBackend;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::OpaqueExtrinsic;

use crate::service::FullClient;

/// Builds empty `system.remark` extrinsics signed by Bob, the extrinsic the
/// overhead benchmark measures the per-extrinsic base weight with.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let genesis =
			self.client.block_hash(0).ok().flatten().ok_or("the chain has no genesis block")?;
		let call = RuntimeCall::System(SystemCall::remark { remark: Vec::new() });
		let extrinsic = civitas_runtime::signed_extrinsic(
			call,
			&Sr25519Keyring::Bob.pair(),
			nonce,
			genesis,
			(civitas_runtime::VERSION.spec_version, civitas_runtime::VERSION.transaction_version),
		);
		let bytes = sp_runtime::codec::Encode::encode(&extrinsic);
		OpaqueExtrinsic::try_from_encoded_extrinsic(&bytes).map_err(|_| "cannot re-encode")
	}
}

/// The inherent data of a benchmark block: the timestamp only (Aura reads
/// its slot from the timestamp).
pub fn inherent_benchmark_data() -> sc_cli::Result<InherentData> {
	let mut data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(0.into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut data))
		.map_err(|e| format!("creating inherent data: {e:?}"))?;
	Ok(data)
}
