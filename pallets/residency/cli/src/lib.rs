//! # Residency certificates off chain
//!
//! What a resident and a verifier do with a certificate's attributes
//! without the chain ever seeing them; the node offers it as
//! `civitas-node residency`:
//!
//! - `commit`: a resident's attributes with fresh random salts, and the
//!   commitment a Registrar puts on chain (a *record* file the resident keeps);
//! - `disclose`: from a record, the disclosure of one attribute to give a
//!   verifier;
//! - `verify`: checks a disclosure against a commitment, as read from chain
//!   (`residency_certificate` RPC; `scripts/verify-disclosure.sh` does both).
//!
//! The format is `civitas_primitives::residency::disclosure`'s. Files are JSON
//! with hashes and salts as `0x` hex.

use civitas_primitives::residency::disclosure::{self, Attribute, Disclosure, DisclosureError};
use serde::{Deserialize, Serialize};
use sp_core::H256;
use std::path::PathBuf;

/// The residency subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ResidencyCmd {
	/// Salt a resident's attributes and print the record (commitment,
	/// attributes, salts) as JSON. Keep it private: the salts open the
	/// commitment.
	Commit {
		/// An attribute as `key=value`, for example `age_band=30-39`; repeat
		/// for each attribute.
		#[arg(long = "attribute", value_name = "KEY=VALUE", required = true)]
		attributes: Vec<String>,
	},
	/// Print the disclosure of one attribute of a record as JSON.
	Disclose {
		/// The record file `commit` printed.
		#[arg(long)]
		record: PathBuf,
		/// The attribute to disclose.
		#[arg(long)]
		key: String,
	},
	/// Check a disclosure against a commitment; exits non-zero if it does
	/// not match.
	Verify {
		/// The disclosure file `disclose` printed.
		#[arg(long)]
		disclosure: PathBuf,
		/// The commitment of the subject's certificate on chain (`0x` hex).
		#[arg(long)]
		commitment: H256,
	},
}

/// One attribute as the files hold it.
#[derive(Serialize, Deserialize)]
struct AttributeFile {
	key: String,
	value: String,
	salt: H256,
}

/// A record file: what the resident keeps.
#[derive(Serialize, Deserialize)]
struct RecordFile {
	commitment: H256,
	attributes: Vec<AttributeFile>,
}

/// A disclosure file: what the verifier receives.
#[derive(Serialize, Deserialize)]
struct DisclosureFile {
	key: String,
	value: String,
	salt: H256,
	index: u32,
	leaves: Vec<H256>,
}

fn attribute(a: &AttributeFile) -> Attribute {
	Attribute { key: a.key.as_bytes().to_vec(), value: a.value.as_bytes().to_vec(), salt: a.salt.0 }
}

fn explain(e: DisclosureError) -> String {
	match e {
		DisclosureError::NoAttributes => "a record needs at least one attribute".into(),
		DisclosureError::DuplicateKey => "two attributes have the same key".into(),
		DisclosureError::UnknownKey => "the record has no attribute with this key".into(),
		DisclosureError::IndexOutOfRange => "the disclosure's index is outside its leaves".into(),
		DisclosureError::AttributeMismatch => {
			"the disclosed value and salt do not hash to their leaf".into()
		}
		DisclosureError::CommitmentMismatch => {
			"the disclosure does not match the commitment on chain".into()
		}
	}
}

fn read<T: for<'de> Deserialize<'de>>(path: &PathBuf) -> Result<T, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
	serde_json::from_str(&text).map_err(|e| format!("`{}` is not valid: {e}", path.display()))
}

fn print(value: &impl Serialize) -> Result<(), String> {
	let json = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
	println!("{json}");
	Ok(())
}

impl ResidencyCmd {
	/// Runs the subcommand.
	pub fn run(&self) -> Result<(), String> {
		match self {
			ResidencyCmd::Commit { attributes } => {
				let mut files = Vec::new();
				for pair in attributes {
					let (key, value) = pair
						.split_once('=')
						.filter(|(k, _)| !k.is_empty())
						.ok_or_else(|| format!("attribute `{pair}` is not KEY=VALUE"))?;
					let mut salt = [0u8; 32];
					getrandom::getrandom(&mut salt)
						.map_err(|e| format!("no randomness for the salts: {e}"))?;
					files.push(AttributeFile {
						key: key.into(),
						value: value.into(),
						salt: H256(salt),
					});
				}
				files.sort_by(|a, b| a.key.cmp(&b.key));
				let record: Vec<Attribute> = files.iter().map(attribute).collect();
				let commitment = disclosure::commit(&record).map_err(explain)?;
				print(&RecordFile { commitment, attributes: files })
			}
			ResidencyCmd::Disclose { record, key } => {
				let file: RecordFile = read(record)?;
				let attributes: Vec<Attribute> = file.attributes.iter().map(attribute).collect();
				if disclosure::commit(&attributes).map_err(explain)? != file.commitment {
					return Err("the record's attributes do not hash to its commitment".into());
				}
				let d = disclosure::disclose(&attributes, key.as_bytes()).map_err(explain)?;
				print(&DisclosureFile {
					key: key.clone(),
					value: String::from_utf8_lossy(&d.attribute.value).into_owned(),
					salt: H256(d.attribute.salt),
					index: d.index,
					leaves: d.leaves,
				})
			}
			ResidencyCmd::Verify { disclosure: path, commitment } => {
				let file: DisclosureFile = read(path)?;
				let d = Disclosure {
					attribute: attribute(&AttributeFile {
						key: file.key.clone(),
						value: file.value.clone(),
						salt: file.salt,
					}),
					index: file.index,
					leaves: file.leaves,
				};
				disclosure::verify(commitment, &d).map_err(explain)?;
				println!("verified: {} = {} (commitment {commitment:?})", file.key, file.value);
				Ok(())
			}
		}
	}
}
