//! `civitas-node`: the node binary of the Civitas city chain.

// The service and CLI return `sc_service::Error` / `sc_cli::Error`, which are
// large by design in polkadot-sdk; boxing them here would only add noise.
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

/// jemalloc instead of glibc's malloc: after a burst of transactions the
/// node's memory goes back to the system instead of staying in per-thread
/// arenas (docs/performance.md).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
	if let Err(error) = command::run() {
		// One readable line and a non-zero exit, never a debug dump.
		eprintln!("Error: {error}");
		std::process::exit(1);
	}
}
