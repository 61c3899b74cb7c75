//! Weights measured on this project's reference machine by
//! `scripts/benchmark-weights.sh` (the node's `benchmark` subcommand): the
//! FRAME pallets a plain transfer goes through, utility, sudo and nfts, the
//! council (collective) and session, the block and extrinsic overhead, and ParityDB's read and write costs. The Civitas pallets keep
//! theirs in their own `weights.rs`. None of these files is edited by hand.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_collective;
pub mod pallet_nfts;
pub mod pallet_session;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;
// The storage benchmark writes doc comments on struct fields in an expression.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
