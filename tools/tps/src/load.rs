//! The standard-TPS loop: submit pre-signed extrinsics, then sweep the
//! finalised blocks, counting each extrinsic's outcome from its events.

use std::{
	collections::{BTreeMap, HashSet},
	sync::{
		atomic::{AtomicBool, AtomicUsize, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

use civitas_runtime::{Hash, RuntimeError, RuntimeEvent};
use futures::StreamExt;
use sp_runtime::DispatchError;

use crate::chain::{Block, Chain, Result, Signed};

/// How many submissions are in flight at once.
const IN_FLIGHT: usize = 512;
/// A load ends when this many finalised blocks in a row brought none of its
/// extrinsics after the submission ended; the rest are counted missing.
const IDLE_BLOCKS: u64 = 5;

/// One block of a load's window.
pub struct BlockStat {
	pub number: u64,
	pub timestamp: u64,
	/// Our extrinsics in the block, and how many of them succeeded.
	pub ours: usize,
	pub succeeded: usize,
	pub length: u64,
	pub normal_weight: u64,
}

/// What happened to every extrinsic of a load.
#[derive(Default)]
pub struct Outcome {
	pub submitted: usize,
	/// Refused by the node at submission, by reason.
	pub rejected: BTreeMap<String, usize>,
	pub succeeded: usize,
	/// Included but failed, by error.
	pub failed: BTreeMap<String, usize>,
	/// Accepted by the node but in no finalised block when the sweep ended.
	pub missing: usize,
	/// The blocks from the first to the last that held one of ours, and the
	/// block before them (for its timestamp).
	pub blocks: Vec<BlockStat>,
	pub parent_timestamp: u64,
	pub submit_secs: f64,
}

impl Outcome {
	pub fn rejected_count(&self) -> usize {
		self.rejected.values().sum()
	}
	pub fn failed_count(&self) -> usize {
		self.failed.values().sum()
	}
	/// Errors and refusals, for a one-line report.
	pub fn problems(&self) -> String {
		let mut parts: Vec<String> = Vec::new();
		for (e, n) in &self.rejected {
			parts.push(format!("{n} refused: {e}"));
		}
		for (e, n) in &self.failed {
			parts.push(format!("{n} failed: {e}"));
		}
		if self.missing > 0 {
			parts.push(format!("{} never included", self.missing));
		}
		parts.join("; ")
	}
}

fn error_name(e: &DispatchError) -> String {
	match RuntimeError::from_dispatch_error(*e) {
		Some(named) => format!("{named:?}"),
		None => format!("{e:?}"),
	}
}

/// Our extrinsics in `block`: (index, succeeded or the error).
fn outcomes(block: &Block, ours: &HashSet<Hash>) -> Vec<(usize, std::result::Result<(), String>)> {
	use frame_system::Phase;
	let mut found: BTreeMap<usize, std::result::Result<(), String>> = BTreeMap::new();
	for record in &block.events {
		let Phase::ApplyExtrinsic(i) = record.phase else { continue };
		let i = i as usize;
		if !block.extrinsics.get(i).is_some_and(|h| ours.contains(h)) {
			continue;
		}
		match &record.event {
			RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }) => {
				// A failed sudo call was recorded before; it stays failed.
				found.entry(i).or_insert(Ok(()));
			}
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => {
				found.insert(i, Err(error_name(dispatch_error)));
			}
			RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(e) }) => {
				found.insert(i, Err(format!("sudo: {}", error_name(e))));
			}
			// `dispatch_as` succeeds whatever its call does: a setup call
			// that failed inside it fails the extrinsic here.
			RuntimeEvent::Utility(pallet_utility::Event::DispatchedAs { result: Err(e) }) => {
				found.insert(i, Err(format!("dispatch_as: {}", error_name(e))));
			}
			_ => {}
		}
	}
	found.into_iter().collect()
}

/// Submits `xts` (in order, `IN_FLIGHT` at a time) and sweeps the finalised
/// blocks until each accepted extrinsic is found or the chain stops bringing
/// them. Prints a line per block that holds some.
pub async fn run(chain: &Chain, label: &str, xts: Vec<Signed>) -> Result<Outcome> {
	let start = chain.best_number().await?;
	let ours: HashSet<Hash> = xts.iter().map(|x| x.hash).collect();
	let total = xts.len();
	let accepted = Arc::new(AtomicUsize::new(0));
	let submitting = Arc::new(AtomicBool::new(true));

	let submit = {
		let (accepted, submitting) = (accepted.clone(), submitting.clone());
		async move {
			let began = Instant::now();
			let results: Vec<std::result::Result<(), String>> = futures::stream::iter(xts.iter())
				.map(|xt| async {
					let r = chain.submit(xt).await;
					if r.is_ok() {
						accepted.fetch_add(1, Ordering::Relaxed);
					}
					r
				})
				.buffered(IN_FLIGHT)
				.collect()
				.await;
			submitting.store(false, Ordering::Relaxed);
			let mut rejected = BTreeMap::new();
			for e in results.into_iter().filter_map(|r| r.err()) {
				// The node's message without the request's details.
				let reason = e.split(": ").take(3).collect::<Vec<_>>().join(": ");
				*rejected.entry(reason).or_insert(0) += 1;
			}
			(rejected, began.elapsed().as_secs_f64())
		}
	};

	let sweep = async {
		let mut out = Outcome::default();
		let mut next = start + 1;
		let mut seen = 0usize;
		let mut idle = 0u64;
		let mut parent_timestamp = chain.block(start).await?.timestamp;
		loop {
			let finalized = chain.finalized_number().await?;
			while next <= finalized {
				let block = chain.block(next).await?;
				next += 1;
				let found = outcomes(&block, &ours);
				if found.is_empty() {
					if out.blocks.is_empty() {
						parent_timestamp = block.timestamp;
					}
					if !submitting.load(Ordering::Relaxed) {
						idle += 1;
					}
					continue;
				}
				idle = 0;
				let mut stat = BlockStat {
					number: block.number,
					timestamp: block.timestamp,
					ours: found.len(),
					succeeded: 0,
					length: block.length,
					normal_weight: block.normal_weight,
				};
				for (_, result) in found {
					match result {
						Ok(()) => stat.succeeded += 1,
						Err(e) => *out.failed.entry(e).or_insert(0) += 1,
					}
				}
				seen += stat.ours;
				out.succeeded += stat.succeeded;
				println!(
					"  {label}: block #{} has {} of ours ({} failed); {seen} of {total} included",
					stat.number,
					stat.ours,
					stat.ours - stat.succeeded,
				);
				if out.blocks.is_empty() {
					out.parent_timestamp = parent_timestamp;
				}
				out.blocks.push(stat);
			}
			let done = !submitting.load(Ordering::Relaxed);
			if done && (seen >= accepted.load(Ordering::Relaxed) || idle >= IDLE_BLOCKS) {
				out.missing = accepted.load(Ordering::Relaxed).saturating_sub(seen);
				return Ok::<Outcome, crate::chain::Error>(out);
			}
			tokio::time::sleep(Duration::from_millis(300)).await;
		}
	};

	let ((rejected, submit_secs), out) = tokio::join!(submit, sweep);
	let mut out = out?;
	out.submitted = total;
	out.rejected = rejected;
	out.submit_secs = submit_secs;
	Ok(out)
}

/// Runs a setup load and fails unless every extrinsic succeeded.
pub async fn setup(chain: &Chain, label: &str, xts: Vec<Signed>) -> Result<()> {
	if xts.is_empty() {
		return Ok(());
	}
	let n = xts.len();
	let out = run(chain, label, xts).await?;
	if out.succeeded != n {
		return Err(format!(
			"setup `{label}`: {} of {n} extrinsics succeeded ({})",
			out.succeeded,
			out.problems()
		)
		.into());
	}
	Ok(())
}
