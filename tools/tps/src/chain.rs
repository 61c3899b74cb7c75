//! The node as the tool sees it: JSON-RPC over WebSocket, storage decoded
//! with the runtime's own types, and extrinsics signed as a wallet signs them.

use std::collections::HashMap;

use civitas_runtime::{AccountId, Balance, Hash, Nonce, Runtime, RuntimeCall, RuntimeEvent};
use codec::{Decode, Encode};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	rpc_params,
};
use jsonrpsee_ws_client::{WsClient, WsClientBuilder};
use serde_json::Value;
use sp_core::{sr25519, Pair};
use sp_runtime::traits::{BlakeTwo256, Hash as _};

pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;
pub type AccountInfo = frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>;
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// A connected node and what every extrinsic for its chain must carry.
pub struct Chain {
	client: WsClient,
	pub genesis: Hash,
	/// (spec_version, transaction_version) of the node's runtime.
	pub version: (u32, u32),
	/// Next nonce of every account the tool signed for.
	nonces: HashMap<AccountId, Nonce>,
}

/// One block of the finalised chain, with what the tool reads of it.
pub struct Block {
	pub number: u64,
	/// `Timestamp::Now`, milliseconds.
	pub timestamp: u64,
	/// Hash of every extrinsic, in block order.
	pub extrinsics: Vec<Hash>,
	/// Encoded length of all extrinsics.
	pub length: u64,
	/// `System::BlockWeight` of the normal class (ref time, picoseconds).
	pub normal_weight: u64,
	pub events: Vec<EventRecord>,
}

/// twox128(pallet) ++ twox128(item): the key of a plain storage value.
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	frame_support::storage::storage_prefix(pallet.as_bytes(), item.as_bytes()).to_vec()
}

fn hex(bytes: &[u8]) -> String {
	sp_core::bytes::to_hex(bytes, false)
}

fn unhex(s: &str) -> Result<Vec<u8>> {
	sp_core::bytes::from_hex(s).map_err(|e| format!("`{s}` is not hex: {e:?}").into())
}

fn number(v: &Value) -> Result<u64> {
	match v {
		Value::String(s) => Ok(u64::from_str_radix(s.trim_start_matches("0x"), 16)?),
		Value::Number(n) => n.as_u64().ok_or_else(|| format!("bad number {n}").into()),
		other => Err(format!("bad number {other}").into()),
	}
}

/// A keypair from a secret URI such as `//Alice` or `//tps/transfer/7`.
pub fn pair(suri: &str) -> Result<sr25519::Pair> {
	sr25519::Pair::from_string(suri, None).map_err(|e| format!("bad key `{suri}`: {e:?}").into())
}

pub fn account(pair: &sr25519::Pair) -> AccountId {
	pair.public().into()
}

impl Chain {
	/// Connects and reads the genesis hash and runtime version. Refuses a
	/// node whose runtime is not the one this tool was built with: the tool
	/// encodes calls and decodes events with that runtime's types.
	pub async fn connect(url: &str) -> Result<Self> {
		let client = WsClientBuilder::default()
			.max_concurrent_requests(4096)
			.request_timeout(std::time::Duration::from_secs(300))
			.build(url)
			.await
			.map_err(|e| format!("cannot connect to {url}: {e}"))?;
		let genesis: String = client.request("chain_getBlockHash", rpc_params![0]).await?;
		let genesis = Hash::from_slice(&unhex(&genesis)?);
		let version: Value = client.request("state_getRuntimeVersion", rpc_params![]).await?;
		let spec_name = version["specName"].as_str().unwrap_or_default().to_string();
		let spec = number(&version["specVersion"])? as u32;
		let tx = number(&version["transactionVersion"])? as u32;
		let ours = &civitas_runtime::VERSION;
		if spec_name != *ours.spec_name || spec != ours.spec_version {
			return Err(format!(
				"{url} runs {spec_name} spec {spec}; this tool was built for {} spec {}: \
				 rebuild it from the same commit as the node",
				ours.spec_name, ours.spec_version
			)
			.into());
		}
		Ok(Chain { client, genesis, version: (spec, tx), nonces: HashMap::new() })
	}

	pub async fn request<R: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: ArrayParams,
	) -> Result<R> {
		Ok(self.client.request(method, params).await?)
	}

	/// Reads and decodes a storage item at `at` (best block when `None`).
	pub async fn storage<T: Decode>(&self, key: &[u8], at: Option<Hash>) -> Result<Option<T>> {
		let value: Option<String> = match at {
			Some(h) => self.request("state_getStorage", rpc_params![hex(key), h]).await?,
			None => self.request("state_getStorage", rpc_params![hex(key)]).await?,
		};
		match value {
			Some(v) => Ok(Some(T::decode(&mut &unhex(&v)?[..])?)),
			None => Ok(None),
		}
	}

	pub async fn account(&self, who: &AccountId) -> Result<AccountInfo> {
		let key = frame_system::Account::<Runtime>::hashed_key_for(who);
		Ok(self.storage(&key, None).await?.unwrap_or_default())
	}

	pub async fn sudo_key(&self) -> Result<Option<AccountId>> {
		self.storage(&value_key("Sudo", "Key"), None).await
	}

	pub async fn finalized_number(&self) -> Result<u64> {
		let hash: Hash = self.request("chain_getFinalizedHead", rpc_params![]).await?;
		let header: Value = self.request("chain_getHeader", rpc_params![hash]).await?;
		number(&header["number"])
	}

	pub async fn best_number(&self) -> Result<u64> {
		let header: Value = self.request("chain_getHeader", rpc_params![]).await?;
		number(&header["number"])
	}

	/// Block `n` of the chain, with its events, timestamp and weight.
	pub async fn block(&self, n: u64) -> Result<Block> {
		let hash: Option<Hash> = self.request("chain_getBlockHash", rpc_params![n]).await?;
		let hash = hash.ok_or_else(|| format!("the node has no block {n}"))?;
		let block: Value = self.request("chain_getBlock", rpc_params![hash]).await?;
		let mut extrinsics = Vec::new();
		let mut length = 0u64;
		for xt in block["block"]["extrinsics"].as_array().into_iter().flatten() {
			let bytes = unhex(xt.as_str().unwrap_or_default())?;
			length += bytes.len() as u64;
			extrinsics.push(BlakeTwo256::hash(&bytes));
		}
		let timestamp: u64 =
			self.storage(&value_key("Timestamp", "Now"), Some(hash)).await?.unwrap_or_default();
		let weight: frame_support::dispatch::PerDispatchClass<frame_support::weights::Weight> =
			self.storage(&value_key("System", "BlockWeight"), Some(hash))
				.await?
				.unwrap_or_default();
		let events: Vec<EventRecord> =
			self.storage(&value_key("System", "Events"), Some(hash)).await?.unwrap_or_default();
		Ok(Block {
			number: n,
			timestamp,
			extrinsics,
			length,
			normal_weight: weight.get(frame_support::dispatch::DispatchClass::Normal).ref_time(),
			events,
		})
	}

	/// The next nonce of `who`: the chain's, the first time it is asked.
	pub async fn next_nonce(&mut self, who: &AccountId) -> Result<Nonce> {
		if let Some(n) = self.nonces.get(who) {
			return Ok(*n);
		}
		let n = self.account(who).await?.nonce;
		self.nonces.insert(who.clone(), n);
		Ok(n)
	}

	/// Records that `who` is a new account: its first nonce is 0.
	pub fn assume_new(&mut self, who: AccountId) {
		self.nonces.insert(who, 0);
	}

	/// Signs `call` by `signer` with its next nonce. Returns the encoded
	/// extrinsic and its hash.
	pub async fn sign(&mut self, signer: &sr25519::Pair, call: RuntimeCall) -> Result<Signed> {
		let who = account(signer);
		let nonce = self.next_nonce(&who).await?;
		self.nonces.insert(who, nonce.saturating_add(1));
		let xt = civitas_runtime::signed_extrinsic(call, signer, nonce, self.genesis, self.version)
			.encode();
		Ok(Signed { hash: BlakeTwo256::hash(&xt), bytes: xt })
	}

	/// Submits one extrinsic; the error is the node's refusal.
	pub async fn submit(&self, xt: &Signed) -> std::result::Result<(), String> {
		self.client
			.request::<Hash, _>("author_submitExtrinsic", rpc_params![hex(&xt.bytes)])
			.await
			.map(|_| ())
			.map_err(|e| e.to_string())
	}
}

/// A signed extrinsic, ready to submit.
pub struct Signed {
	pub hash: Hash,
	pub bytes: Vec<u8>,
}
