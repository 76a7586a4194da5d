//! Random secrets and their stored form.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// `n` bytes from the operating system's CSPRNG.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// A 256-bit secret as 64 hex characters, optionally with a prefix that says what it
/// is (so a leaked token is recognisable in logs and secret scanners).
pub fn new_secret(prefix: &str) -> String {
    format!("{prefix}{}", hex::encode(random_bytes(32)))
}

/// How a secret is stored: its SHA-256 in hex. The secrets are 256-bit random values,
/// so a fast hash is enough; passwords use argon2id instead.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compare two secrets in constant time.
pub fn secrets_match(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

pub const API_TOKEN_PREFIX: &str = "kpi_";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_unique_and_hashes_are_stable() {
        let a = new_secret(API_TOKEN_PREFIX);
        assert!(a.starts_with("kpi_") && a.len() == 68);
        assert_ne!(a, new_secret(API_TOKEN_PREFIX));
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert!(secrets_match(&a, &a.clone()) && !secrets_match(&a, "kpi_"));
    }
}
