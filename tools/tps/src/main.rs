//! `civitas-tps`: how many of each city operation per second a Civitas node
//! finalises, measured by the standard-TPS method.
//!
//! For each operation the tool prepares what it needs through the chain (a
//! new city, its officials, funded senders), pre-signs every extrinsic, then
//! submits them all to the node and sweeps the finalised blocks: it counts
//! each extrinsic's outcome from the block's events and takes per-second
//! rates from the blocks' timestamps. It prints, per operation, extrinsics per
//! block and per second, how full the blocks were (weight and length against
//! the normal-class limits), why the node stopped filling each block (from its
//! log), the time it took to author a full block, and the node's peak memory.
//!
//! `scripts/tps.sh` starts a dev node and runs it; see docs/performance.md.

mod chain;
mod load;
mod ops;

use std::collections::BTreeMap;

use clap::Parser;
use frame_support::dispatch::DispatchClass;

use chain::{pair, Chain, Result};
use ops::{Ctx, Op};

#[derive(Parser)]
#[command(about = "Measures finalised city operations per second on a Civitas dev node")]
struct Args {
	/// The node's JSON-RPC WebSocket endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Operations to measure, in order.
	#[arg(long, value_enum, value_delimiter = ',', default_values_t = [Op::Transfer, Op::Approval, Op::Bid, Op::Issue, Op::Title, Op::Entry])]
	ops: Vec<Op>,
	/// Extrinsics per operation.
	#[arg(long, default_value_t = 12_000)]
	count: usize,
	/// Secret URI of the account that funds the senders and holds the sudo
	/// key (the dev chain's Alice).
	#[arg(long, default_value = "//Alice")]
	funder: String,
	/// Process id of the node, for its peak memory (Linux /proc).
	#[arg(long)]
	node_pid: Option<u32>,
	/// The node's log, for the time it took to author each block and why it
	/// stopped adding extrinsics.
	#[arg(long)]
	node_log: Option<std::path::PathBuf>,
}

/// One line of the node's log about a block it authored.
struct Authored {
	millis: u64,
	end: String,
}

/// `🎁 Prepared block for proposing at N (X ms) ... end: Reason; ...`
fn authored_blocks(log: &std::path::Path) -> BTreeMap<u64, Authored> {
	let text = std::fs::read_to_string(log).unwrap_or_default();
	let mut out = BTreeMap::new();
	for line in text.lines() {
		let Some(rest) = line.split("Prepared block for proposing at ").nth(1) else { continue };
		let mut words = rest.split_whitespace();
		let number = words.next().and_then(|n| n.parse::<u64>().ok());
		let millis = words.next().and_then(|m| m.trim_start_matches('(').parse::<u64>().ok());
		let end =
			rest.split("end: ").nth(1).and_then(|e| e.split(';').next()).unwrap_or("?").to_string();
		if let (Some(number), Some(millis)) = (number, millis) {
			out.insert(number, Authored { millis, end });
		}
	}
	out
}

/// The node's peak and current resident memory, in MiB.
fn memory(pid: u32) -> Option<(u64, u64)> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	let field = |name: &str| -> Option<u64> {
		let line = status.lines().find(|l| l.starts_with(name))?;
		line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb / 1024)
	};
	Some((field("VmHWM:")?, field("VmRSS:")?))
}

struct Row {
	op: Op,
	out: load::Outcome,
	authored: Vec<(u64, Authored, usize)>,
	peak_mib: Option<u64>,
}

fn percent(part: u64, whole: u64) -> f64 {
	if whole == 0 {
		0.0
	} else {
		100.0 * part as f64 / whole as f64
	}
}

fn report(rows: &[Row]) {
	let weights = civitas_runtime::configs::RuntimeBlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let max_weight = normal.max_total.unwrap_or(weights.max_block).ref_time();
	let max_length = u64::from(
		*civitas_runtime::configs::RuntimeBlockLength::get().max.get(DispatchClass::Normal),
	);
	println!();
	println!(
		"Limits for normal extrinsics: weight {:.0} ms, length {} KiB; block time {} s.",
		max_weight as f64 / 1e9,
		max_length / 1024,
		civitas_runtime::MILLISECS_PER_BLOCK / 1000
	);
	println!();
	println!(
		"| operation | ok / sent | failed, refused, missing | blocks | ext/block (max) | ext/s | \
		 steady ext/s | weight full (max) | length full (max) | block ended by | authoring ms \
		 (max) | weight µs/ext | authoring µs/ext | peak MiB |"
	);
	println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
	for row in rows {
		let out = &row.out;
		let blocks = &out.blocks;
		let n = blocks.len().max(1) as f64;
		let last_ts = blocks.last().map_or(out.parent_timestamp, |b| b.timestamp);
		let secs = (last_ts.saturating_sub(out.parent_timestamp)) as f64 / 1000.0;
		let rate = if secs > 0.0 { out.succeeded as f64 / secs } else { 0.0 };
		// Steady state: the blocks between the first and the last, which the
		// pool filled while it still held our extrinsics.
		let steady = if blocks.len() >= 3 {
			let inner = &blocks[1..blocks.len() - 1];
			let ok: usize = inner.iter().map(|b| b.succeeded).sum();
			let span = inner.last().map_or(0, |b| b.timestamp) - blocks[0].timestamp;
			if span > 0 {
				format!("{:.0}", ok as f64 * 1000.0 / span as f64)
			} else {
				"-".into()
			}
		} else {
			"-".into()
		};
		let max_ext = blocks.iter().map(|b| b.ours).max().unwrap_or(0);
		let weight_full: Vec<f64> =
			blocks.iter().map(|b| percent(b.normal_weight, max_weight)).collect();
		let length_full: Vec<f64> = blocks.iter().map(|b| percent(b.length, max_length)).collect();
		let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
		let max = |v: &[f64]| v.iter().cloned().fold(0.0, f64::max);
		let weight_per_ext = {
			let w: u64 = blocks.iter().map(|b| b.normal_weight).sum();
			let x: usize = blocks.iter().map(|b| b.ours).sum();
			if x > 0 {
				w as f64 / x as f64 / 1e6
			} else {
				0.0
			}
		};
		let mut ends: BTreeMap<&str, usize> = BTreeMap::new();
		for (_, a, _) in &row.authored {
			*ends.entry(a.end.as_str()).or_default() += 1;
		}
		let ends = ends.iter().map(|(e, n)| format!("{e} ×{n}")).collect::<Vec<_>>().join(", ");
		let authoring_max = row.authored.iter().map(|(_, a, _)| a.millis).max();
		let authoring_mean = row.authored.iter().map(|(_, a, _)| a.millis).sum::<u64>() as f64
			/ row.authored.len().max(1) as f64;
		let per_ext: Vec<f64> = row
			.authored
			.iter()
			.filter(|(_, _, ours)| *ours >= 100)
			.map(|(_, a, ours)| a.millis as f64 * 1000.0 / *ours as f64)
			.collect();
		println!(
			"| {} | {} / {} | {}, {}, {} | {} | {:.0} ({}) | {:.0} | {} | {:.0}% ({:.0}%) | \
			 {:.0}% ({:.0}%) | {} | {} | {:.1} | {} | {} |",
			row.op.name(),
			out.succeeded,
			out.submitted,
			out.failed_count(),
			out.rejected_count(),
			out.missing,
			blocks.len(),
			out.blocks.iter().map(|b| b.ours).sum::<usize>() as f64 / n,
			max_ext,
			rate,
			steady,
			mean(&weight_full),
			max(&weight_full),
			mean(&length_full),
			max(&length_full),
			if ends.is_empty() { "-".into() } else { ends },
			authoring_max.map_or("-".into(), |m| format!("{authoring_mean:.0} ({m})")),
			weight_per_ext,
			if per_ext.is_empty() { "-".into() } else { format!("{:.0}", mean(&per_ext)) },
			row.peak_mib.map_or("-".into(), |m| m.to_string()),
		);
	}
	for row in rows {
		let out = &row.out;
		if out.submit_secs > 0.0 {
			println!(
				"{}: {} submitted in {:.1} s ({:.0} per s)",
				row.op.name(),
				out.submitted,
				out.submit_secs,
				out.submitted as f64 / out.submit_secs
			);
		}
	}
	for row in rows {
		let problems = row.out.problems();
		if !problems.is_empty() {
			println!("{}: {problems}", row.op.name());
		}
	}
}

#[tokio::main]
async fn main() {
	let args = Args::parse();
	match run(args).await {
		Ok(all_ok) => std::process::exit(if all_ok { 0 } else { 1 }),
		Err(e) => {
			eprintln!("error: {e}");
			std::process::exit(2);
		}
	}
}

/// Measures every operation; true when every extrinsic succeeded.
async fn run(args: Args) -> Result<bool> {
	println!("connecting to {}", args.url);
	let chain = Chain::connect(&args.url).await?;
	let run = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or_default();
	let mut ctx = Ctx { chain, funder: pair(&args.funder)?, run };
	if args.ops.iter().any(|op| *op != Op::Transfer) {
		ctx.check_sudo().await?;
	}
	let mut rows = Vec::new();
	for op in &args.ops {
		println!("{}: preparing {} extrinsics", op.name(), args.count);
		let xts = ctx.prepare(*op, args.count).await?;
		println!("{}: submitting {} pre-signed extrinsics", op.name(), xts.len());
		let out = load::run(&ctx.chain, op.name(), xts).await?;
		let authored = match &args.node_log {
			Some(log) => {
				let mut all = authored_blocks(log);
				out.blocks
					.iter()
					.filter_map(|b| all.remove(&b.number).map(|a| (b.number, a, b.ours)))
					.collect()
			}
			None => Vec::new(),
		};
		let peak_mib = args.node_pid.and_then(memory).map(|(peak, _)| peak);
		rows.push(Row { op: *op, out, authored, peak_mib });
	}
	report(&rows);
	Ok(rows.iter().all(|r| r.out.succeeded == r.out.submitted))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn reads_authored_blocks_from_the_node_log() {
		let dir = std::env::temp_dir().join(format!("civitas-tps-log-{}", std::process::id()));
		let log = "2026-11-22 04:41:02 🎁 Prepared block for proposing at 4 (494 ms) hash: \
		           0xab; parent_hash: 0xcd; end: NoMoreTransactions; extrinsics_count: 2001\n\
		           2026-11-22 04:41:08 💤 Idle (0 peers), best: #4\n\
		           2026-11-22 04:41:14 🎁 Prepared block for proposing at 5 (1203 ms) hash: \
		           0xef; parent_hash: 0xab; end: HitBlockWeightLimit; extrinsics_count: 7000\n";
		std::fs::write(&dir, log).expect("temp file");
		let blocks = authored_blocks(&dir);
		let _ = std::fs::remove_file(&dir);
		assert_eq!(blocks.len(), 2);
		assert_eq!(blocks[&4].millis, 494);
		assert_eq!(blocks[&4].end, "NoMoreTransactions");
		assert_eq!(blocks[&5].millis, 1203);
		assert_eq!(blocks[&5].end, "HitBlockWeightLimit");
	}

	#[test]
	fn a_missing_log_gives_no_blocks() {
		assert!(authored_blocks(std::path::Path::new("/nonexistent/civitas.log")).is_empty());
	}
}
