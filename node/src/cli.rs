//! Command-line interface: the standard Substrate commands, and `residency`.

/// Subcommands of `civitas-node`. Without one, the node runs.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (JSON) from a chain name or spec file.
	/// (`export-chain-spec` does the same without a database.)
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification of a chain.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks to a file.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database (asks first unless `-y`).
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmarks: pallet weights, storage and overhead weights, this
	/// machine. Only in a node built with `--features runtime-benchmarks`
	/// (see scripts/benchmark-weights.sh).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Residency attributes off chain: commit to them, disclose one, verify a
	/// disclosure against a certificate's commitment.
	#[command(subcommand)]
	Residency(pallet_residency_cli::ResidencyCmd),
}

/// The `civitas-node` command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}
