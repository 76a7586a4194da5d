//! The link in an assignment email that opens one presentation without a password: an
//! HMAC of the assignment and its presenter under a key derived from the secret key.
//! Nothing is stored; a new presenter gets a new link and the old one stops working;
//! the presentation service refuses every link once the meeting is held.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::tokens::secrets_match;

#[derive(Clone)]
pub struct LinkKey([u8; 32]);

impl LinkKey {
    pub fn derive(secret: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"kpi-rotation presentation links\0");
        hasher.update(secret);
        Self(hasher.finalize().into())
    }

    pub fn token(&self, assignment_id: i32, presenter_id: i32) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            // HMAC takes keys of any length; this branch cannot run.
            return String::new();
        };
        mac.update(format!("{assignment_id}:{presenter_id}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The token of a member's board feeds; bumping `nonce` revokes the old ones.
    pub fn feed_token(&self, member_id: i32, nonce: i32) -> String {
        self.token(-member_id, nonce.saturating_add(1_000_000))
    }

    pub fn verify_feed(&self, member_id: i32, nonce: i32, token: &str) -> bool {
        secrets_match(&self.feed_token(member_id, nonce), token.trim())
    }

    /// The CSRF token of a signed-in browser: an HMAC of its session secret, so the
    /// token is bound to the session and a new one comes with every sign-in.
    pub fn session_csrf(&self, session_secret: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(b"csrf\0");
        mac.update(session_secret.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    pub fn verify(&self, assignment_id: i32, presenter_id: i32, token: &str) -> bool {
        let expected = self.token(assignment_id, presenter_id);
        !expected.is_empty() && secrets_match(&expected, token.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_opens_its_own_presentation_for_its_own_presenter_only() {
        let key = LinkKey::derive(b"secret");
        let token = key.token(7, 3);
        assert!(key.verify(7, 3, &token));
        assert!(!key.verify(8, 3, &token));
        assert!(!key.verify(7, 4, &token));
        assert!(!LinkKey::derive(b"other").verify(7, 3, &token));
    }
}
