//! Dispatch of the command line to the node service and the standard
//! Substrate subcommands.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use sc_cli::{CliConfiguration, SubstrateCli};
use sc_service::PartialComponents;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Civitas Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/civitas-chain/civitas/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			path => {
				let file = std::path::PathBuf::from(path);
				if !file.is_file() {
					return Err(format!(
						"unknown chain `{path}`: expected `dev`, `local` or the path to a chain spec file"
					));
				}
				Box::new(chain_spec::ChainSpec::from_json_file(file)?)
			}
		})
	}
}

/// Refuses a base path that exists but is not a directory, before anything
/// is opened or written there.
fn check_base_path(cmd: &impl CliConfiguration) -> sc_cli::Result<()> {
	if let Some(base) = cmd.base_path()? {
		let path = base.path();
		if path.exists() && !path.is_dir() {
			return Err(
				format!("base path `{}` exists and is not a directory", path.display()).into()
			);
		}
	}
	Ok(())
}

/// The addresses the node listens on, for error messages.
fn listen_ports(config: &sc_service::Configuration) -> String {
	let mut ports: Vec<String> = config
		.rpc
		.addr
		.iter()
		.flatten()
		.filter(|e| !e.is_optional)
		.map(|e| format!("RPC {}", e.listen_addr))
		.collect();
	if let Some(prometheus) = &config.prometheus_config {
		ports.push(format!("Prometheus {}", prometheus.port));
	}
	ports.extend(config.network.listen_addresses.iter().map(|a| format!("p2p {a}")));
	ports.join(", ")
}

/// "Address already in use" alone does not say which port: name them.
fn name_ports_in_use(error: sc_cli::Error, ports: &str) -> sc_cli::Error {
	let message = error.to_string();
	if message.contains("Address already in use") {
		format!("a port the node needs is already in use ({ports}): {message}").into()
	} else {
		error
	}
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();
	// Accounts in RPC parameters and results (`residency_isResident`,
	// `cityTreasury_budgetReport`, ...) and in `key` output use the chain's
	// own address format, prefix 1789, as Polkadot.js does.
	sp_core::crypto::set_default_ss58_version(sp_core::crypto::Ss58AddressFormat::custom(
		civitas_runtime::SS58_PREFIX,
	));

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::Residency(cmd)) => cmd.run().map_err(sc_cli::Error::Input),
		#[allow(deprecated)]
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		}
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		}
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		}
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		}
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		}
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		}
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => benchmark(&cli, cmd),
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<civitas_runtime::Block>(&config))
		}
		None => {
			check_base_path(&cli.run)?;
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|mut config| async move {
				// sc-cli falls back to a random RPC port when the requested one
				// is taken. An operator (and Polkadot.js on 9944) expects the
				// port asked for, or an error: never a silent move.
				for endpoint in config.rpc.addr.iter_mut().flatten() {
					endpoint.retry_random_port = false;
				}
				let ports = listen_ports(&config);
				let result = match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							civitas_runtime::opaque::Block,
							<civitas_runtime::opaque::Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
					}
				};
				result.map_err(|e| name_ports_in_use(sc_cli::Error::Service(e), &ports))
			})
		}
	}
}

/// `civitas-node benchmark ...`: the runtime's pallet benchmarks, the
/// database (ParityDB) read and write weights, the block and extrinsic
/// overhead, the re-execution of stored blocks against the weight they
/// charged (`block`), and this machine against the reference hardware.
#[cfg(feature = "runtime-benchmarks")]
fn benchmark(cli: &Cli, cmd: &frame_benchmarking_cli::BenchmarkCmd) -> sc_cli::Result<()> {
	use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => cmd
			.run_with_spec::<sp_runtime::traits::HashingFor<civitas_runtime::Block>, ()>(Some(
				config.chain_spec,
			)),
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		}
		BenchmarkCmd::Overhead(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			let remarks = crate::benchmarking::RemarkBuilder::new(client.clone());
			cmd.run(
				config.chain_spec.name().into(),
				client,
				crate::benchmarking::inherent_benchmark_data()?,
				Vec::new(),
				&remarks,
				false,
			)
		}
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		}
		BenchmarkCmd::Extrinsic(_) => Err("civitas-node supports benchmark pallet, storage, \
			overhead, block and machine"
			.into()),
	})
}
