//! Password hashing with argon2id at one of OWASP's equivalent recommended costs: 7 MiB
//! and 5 passes, 1 lane (the cheat sheet's m=7168, t=5, p=1, as strong as its 19 MiB
//! with 2 passes, and 12 MiB lighter on the server's memory at each sign-in). Hashes
//! made with other parameters still verify, and are made again at the next sign-in.

use std::sync::OnceLock;

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};

const MEMORY_KIB: u32 = 7 * 1024;
const PASSES: u32 = 5;
const LANES: u32 = 1;

fn hasher() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; fall back to its defaults
    // (another of OWASP's sets) rather than panic.
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash a new password into a PHC string.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Check `password` against a stored PHC string (with the parameters it names); a
/// malformed hash never matches.
pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Whether a stored hash was made with other parameters than today's, and so is to be
/// made again once the password is known (at a successful sign-in).
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    let now = hasher();
    let params = now.params();
    let current = [
        ("m", params.m_cost()),
        ("t", params.t_cost()),
        ("p", params.p_cost()),
    ];
    parsed.algorithm.as_str() != "argon2id"
        || current
            .iter()
            .any(|&(name, value)| parsed.params.get_decimal(name) != Some(value))
}

/// Spend the same time as a real check, so that response times do not tell which
/// addresses have an account.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("a password nobody has").unwrap_or_default());
    let _ = verify(dummy, password);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"));
        assert!(verify(&h, "correct horse battery"));
        assert!(!verify(&h, "wrong horse battery"));
        assert!(!verify("not a hash", "anything"));
        assert!(!needs_rehash(&h));
    }

    #[test]
    fn a_hash_with_older_parameters_still_verifies_and_is_due_for_a_new_one() {
        // Made with the 19 MiB, 2 passes set this app used before.
        let params = Params::new(19 * 1024, 2, 1, None).unwrap();
        let old = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(old.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(&old, "correct horse battery"));
        assert!(needs_rehash(&old));
    }
}
