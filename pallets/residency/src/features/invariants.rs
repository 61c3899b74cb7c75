//! What must always hold of the residency records. Checked by `try_state`,
//! and after every unit test and simulated block.

use crate::*;
use alloc::{collections::BTreeMap, format, string::String};
use civitas_primitives::CitizenBadges;
use frame_support::traits::Get;

impl<T: Config> Pallet<T> {
	/// Checks every invariant; the error says which failed and where.
	pub fn check_invariants() -> Result<(), String> {
		let next = NextCertificateId::<T>::get();
		let mut active: BTreeMap<CityId, u32> = BTreeMap::new();
		for (id, certificate) in Certificates::<T>::iter() {
			if id >= next {
				return Err(format!("certificate {id} is not below the next id {next}"));
			}
			let current = CurrentCertificate::<T>::get(certificate.city, &certificate.subject);
			let badge = BadgeCollections::<T>::get(certificate.city)
				.and_then(|collection| T::Badges::holder(collection, id));
			match certificate.status {
				CertificateStatus::Active => {
					if current != Some(id) {
						return Err(format!(
							"active certificate {id} is not its subject's current one"
						));
					}
					if badge.as_ref() != Some(&certificate.subject) {
						return Err(format!(
							"active certificate {id} has no badge held by its subject"
						));
					}
					let n = active.entry(certificate.city).or_default();
					*n = n.saturating_add(1);
				}
				CertificateStatus::Moved { to, .. } => {
					let successor = Certificates::<T>::get(to);
					if successor.as_ref().and_then(|s| s.moved_from) != Some(id)
						|| successor.is_some_and(|s| s.city == certificate.city)
					{
						return Err(format!(
							"moved certificate {id} and {to} do not name each other"
						));
					}
				}
				CertificateStatus::Revoked { .. } | CertificateStatus::Expired { .. } => {}
			}
			if certificate.status != CertificateStatus::Active && badge.is_some() {
				return Err(format!("ended certificate {id} still has a badge"));
			}
		}
		let issued = Certificates::<T>::iter_keys().count() as u64;
		let mut on_rolls: u64 = 0;
		for (city, length) in RollLength::<T>::iter() {
			for position in 0..length {
				let on_roll = Roll::<T>::get(city, position)
					.and_then(|id| Certificates::<T>::get(id).map(|c| (id, c.city)));
				match on_roll {
					Some((_, c)) if c == city => {}
					_ => {
						return Err(format!(
							"roll {city} position {position} is not a certificate of the city"
						))
					}
				}
			}
			on_rolls = on_rolls.saturating_add(u64::from(length));
		}
		if on_rolls != issued {
			return Err(format!("the rolls hold {on_rolls} certificates, {issued} were issued"));
		}
		for (city, subject, id) in CurrentCertificate::<T>::iter() {
			match Certificates::<T>::get(id) {
				Some(c) if c.city == city && c.subject == subject => {}
				_ => {
					return Err(format!(
						"current certificate {id} of city {city} is not its subject's"
					))
				}
			}
		}
		for (city, count) in ActiveCertificates::<T>::iter() {
			let counted = active.remove(&city).unwrap_or_default();
			if count != counted {
				return Err(format!(
					"city {city} counts {count} active certificates, holds {counted}"
				));
			}
		}
		if let Some((city, _)) = active.into_iter().next() {
			return Err(format!("city {city} has active certificates but no count"));
		}
		let mut consents: BTreeMap<(CityId, T::AccountId), u32> = BTreeMap::new();
		for ((city, subject, _), _) in Consents::<T>::iter() {
			let n = consents.entry((city, subject)).or_default();
			*n = n.saturating_add(1);
		}
		for (city, subject, count) in ConsentCount::<T>::iter() {
			let counted = consents.remove(&(city, subject)).unwrap_or_default();
			if count != counted || count > T::MaxConsents::get() {
				return Err(format!(
					"a resident of city {city} counts {count} consents, holds {counted}"
				));
			}
		}
		if !consents.is_empty() {
			return Err(String::from("consents without a count"));
		}
		Ok(())
	}
}
