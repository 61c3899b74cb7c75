//! `civitas-node`: the node binary of the Civitas city chain.

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() {
	if let Err(error) = command::run() {
		// One readable line and a non-zero exit, never a debug dump.
		eprintln!("Error: {error}");
		std::process::exit(1);
	}
}
