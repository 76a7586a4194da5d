//! OpenID Connect single sign-on, as a relying party of the company's identity provider:
//! discovery, the authorization code flow with PKCE (S256), and every check of the ID
//! token (signature against the provider's keys, issuer, audience and authorized party,
//! expiry and issue time, nonce), all done by the `openidconnect` crate. This module
//! talks to the provider; it knows nothing of members (`services::sso` decides who signs
//! in) and nothing of HTTP requests to us (`routes::sso` carries the flow in a cookie).

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreIdToken, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    reqwest, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    DiscoveryError, EmptyAdditionalClaims, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, JsonWebKeySet, LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl,
    RequestTokenError, Scope, SignatureVerificationError, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::config::OidcSettings;

/// The path the provider sends the browser back to, after `KPI_BASE_URL`.
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";
/// How long a sign-in at the provider may take, from leaving to coming back.
pub const FLOW_MINUTES: i64 = 10;
/// How far the provider's clock may be from ours.
const CLOCK_SKEW_SECONDS: i64 = 60;

/// Only asymmetric signatures: the provider signs with its private key and publishes the
/// public one. `none` and the shared-secret HMACs are refused.
const SIGNING_ALGS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

type Metadata = ProviderMetadataWithLogout;
/// A client made from the provider's metadata: it has an authorization endpoint, and a
/// token and user info endpoint if the provider named them.
type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why single sign-on did not work this time.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    /// The provider did not answer (down, or a network problem): try again later.
    #[error("the sign-in provider can't be reached right now ({0})")]
    Unreachable(String),
    /// The provider's answer failed a check, or it refused: the sign-in is refused.
    #[error("{0}")]
    Refused(String),
}

/// The relying party: our registration at the provider and what discovery found.
pub struct Sso {
    settings: OidcSettings,
    redirect: RedirectUrl,
    post_logout: PostLogoutRedirectUrl,
    http: reqwest::Client,
    /// The provider's metadata and keys; `None` until discovery works.
    provider: RwLock<Option<Arc<Metadata>>>,
}

/// What the browser carries (in an encrypted cookie) while it is away at the provider.
#[derive(Debug, Serialize, Deserialize)]
pub struct Flow {
    state: String,
    nonce: String,
    pkce_verifier: String,
    /// Where to go after signing in (a local path).
    pub next: String,
    /// When the flow started, in seconds since 1970 (the cookie's age is not trusted).
    started: i64,
}

/// A person the provider vouched for, after every check passed.
#[derive(Clone, Debug)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    /// The ID token as received, kept for signing out at the provider.
    pub id_token: String,
}

impl Sso {
    /// Discover the provider. A provider that answers wrongly (a wrong issuer URL, metadata
    /// that fails validation) stops start-up with the reason; one that does not answer is
    /// tried again at the next sign-in, so the app starts and password sign-in works.
    pub async fn start(settings: OidcSettings, base_url: &str) -> anyhow::Result<Self> {
        let redirect = RedirectUrl::new(format!("{base_url}{CALLBACK_PATH}"))
            .map_err(|e| anyhow::anyhow!("KPI_BASE_URL does not make a redirect URL: {e}"))?;
        let post_logout = PostLogoutRedirectUrl::new(format!("{base_url}/login"))
            .map_err(|e| anyhow::anyhow!("KPI_BASE_URL does not make a sign-out URL: {e}"))?;
        IssuerUrl::new(settings.issuer.clone())
            .map_err(|e| anyhow::anyhow!("KPI_OIDC_ISSUER is not a URL: {e}"))?;
        let http = reqwest::Client::builder()
            // Following redirects would let a provider send our requests anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        let sso = Self {
            settings,
            redirect,
            post_logout,
            http,
            provider: RwLock::new(None),
        };
        match sso.discover().await {
            Ok(_) => tracing::info!(issuer = %sso.settings.issuer, "single sign-on is ready"),
            Err(SsoError::Unreachable(reason)) => tracing::warn!(
                issuer = %sso.settings.issuer,
                %reason,
                "the single sign-on provider can't be reached; trying again at the next sign-in"
            ),
            Err(SsoError::Refused(reason)) => anyhow::bail!(
                "KPI_OIDC_ISSUER={}: the provider's discovery failed: {reason}",
                sso.settings.issuer
            ),
        }
        Ok(sso)
    }

    /// The sign-in button's label.
    pub fn button(&self) -> &str {
        &self.settings.button
    }

    /// Whether unknown verified emails may join as members.
    pub fn auto_join(&self) -> bool {
        self.settings.auto_join
    }

    /// The issuer as configured, for pages.
    pub fn issuer(&self) -> &str {
        &self.settings.issuer
    }

    /// The provider's origin (`https://id.example.com`), where sign-out sends the browser.
    pub fn origin(&self) -> Option<String> {
        let url = openidconnect::url::Url::parse(&self.settings.issuer).ok()?;
        Some(url.origin().ascii_serialization())
    }

    async fn discover(&self) -> Result<Arc<Metadata>, SsoError> {
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| SsoError::Refused(format!("the issuer is not a URL: {e}")))?;
        let metadata = Metadata::discover_async(issuer, &self.http)
            .await
            .map_err(discovery_error)?;
        let metadata = Arc::new(metadata);
        if let Ok(mut slot) = self.provider.write() {
            *slot = Some(metadata.clone());
        }
        Ok(metadata)
    }

    /// The provider's metadata, discovering it now if start-up could not.
    async fn metadata(&self) -> Result<Arc<Metadata>, SsoError> {
        let known = self.provider.read().ok().and_then(|slot| slot.clone());
        match known {
            Some(metadata) => Ok(metadata),
            None => self.discover().await,
        }
    }

    fn client(&self, metadata: &Metadata) -> Client {
        CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            self.settings.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(self.redirect.clone())
    }

    /// Where to send the browser to sign in, and what it must bring back.
    pub async fn begin(&self, next: &str) -> Result<(String, Flow), SsoError> {
        let metadata = self.metadata().await?;
        let client = self.client(&metadata);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.settings.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        let flow = Flow {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            next: next.to_string(),
            started: Utc::now().timestamp(),
        };
        Ok((url.to_string(), flow))
    }

    /// Check the browser's answer from the provider against the flow it started, trade
    /// the code for tokens, and check the ID token. Returns who signed in.
    /// `issuer` is the answer's `iss` parameter, when the provider sends one (RFC 9207):
    /// it must be ours, so an answer from another provider cannot be mixed in.
    pub async fn finish(
        &self,
        flow: Flow,
        state: &str,
        code: &str,
        issuer: Option<&str>,
    ) -> Result<Identity, SsoError> {
        let now = Utc::now();
        if now.timestamp() - flow.started > FLOW_MINUTES * 60 {
            return Err(SsoError::Refused(format!(
                "the sign-in took longer than {FLOW_MINUTES} minutes; start again"
            )));
        }
        if !bool::from(state.as_bytes().ct_eq(flow.state.as_bytes())) {
            return Err(SsoError::Refused(
                "the answer does not belong to the sign-in this browser started (wrong state)"
                    .into(),
            ));
        }
        let metadata = self.metadata().await?;
        if let Some(issuer) = issuer {
            let ours = metadata.issuer().as_str();
            if issuer.trim_end_matches('/') != ours.trim_end_matches('/') {
                return Err(SsoError::Refused(format!(
                    "the answer names another issuer ({issuer}, not {ours})"
                )));
            }
        }
        let client = self.client(&metadata);
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| SsoError::Refused(format!("the provider has no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(token_error)?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| SsoError::Refused("the provider's answer has no ID token".into()))?;
        let nonce = Nonce::new(flow.nonce.clone());
        let claims = match self.verify(&client, id_token, &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // The provider may have rotated its keys since we fetched them.
                let metadata = self.refresh_keys(&metadata).await?;
                let client = self.client(&metadata);
                self.verify(&client, id_token, &nonce)
                    .map_err(claims_error)?
            }
            other => other.map_err(claims_error)?,
        };
        let mut identity = Identity {
            issuer: claims.issuer().to_string(),
            subject: claims.subject().to_string(),
            email: claims.email().map(|e| e.to_string()),
            email_verified: claims.email_verified().unwrap_or(false),
            name: claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.to_string()),
            id_token: id_token.to_string(),
        };
        if identity.email.is_none() {
            // Many providers put the email in the user info only.
            if let Ok(request) = client.user_info(
                tokens.access_token().clone(),
                Some(claims.subject().clone()),
            ) {
                let info: UserInfoClaims<EmptyAdditionalClaims, CoreGenderClaim> =
                    request.request_async(&self.http).await.map_err(|e| {
                        SsoError::Refused(format!("the provider's user info failed a check: {e}"))
                    })?;
                identity.email = info.email().map(|e| e.to_string());
                identity.email_verified = info.email_verified().unwrap_or(false);
                if identity.name.is_none() {
                    identity.name = info.name().and_then(|n| n.get(None)).map(|n| n.to_string());
                }
            }
        }
        Ok(identity)
    }

    fn verify<'t>(
        &self,
        client: &Client,
        id_token: &'t CoreIdToken,
        nonce: &Nonce,
    ) -> Result<&'t openidconnect::core::CoreIdTokenClaims, ClaimsVerificationError> {
        let skew = Duration::seconds(CLOCK_SKEW_SECONDS);
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs(SIGNING_ALGS)
            // Expired means expired by more than the skew.
            .set_time_fn(move || Utc::now() - skew)
            .set_issue_time_verifier_fn(move |issued: DateTime<Utc>| {
                let now = Utc::now();
                if issued > now + skew {
                    Err(format!("issued in the future ({issued})"))
                } else if issued < now - Duration::minutes(FLOW_MINUTES) - skew {
                    Err(format!("issued too long ago ({issued})"))
                } else {
                    Ok(())
                }
            });
        let claims = id_token.claims(&verifier, nonce)?;
        // The authorized party, when named, must be us; with several audiences it must
        // be named (OpenID Connect Core 3.1.3.7, steps 4 and 5).
        let client_id = &self.settings.client_id;
        match claims.authorized_party() {
            Some(azp) if azp.as_str() != client_id => {
                return Err(ClaimsVerificationError::InvalidAudience(format!(
                    "the token was issued to another client ({})",
                    azp.as_str()
                )))
            }
            None if claims.audiences().len() > 1 => {
                return Err(ClaimsVerificationError::InvalidAudience(
                    "several audiences and no authorized party".into(),
                ))
            }
            _ => {}
        }
        Ok(claims)
    }

    async fn refresh_keys(&self, metadata: &Metadata) -> Result<Arc<Metadata>, SsoError> {
        let keys = JsonWebKeySet::fetch_async(metadata.jwks_uri(), &self.http)
            .await
            .map_err(discovery_error)?;
        let renewed = Arc::new(metadata.clone().set_jwks(keys));
        if let Ok(mut slot) = self.provider.write() {
            *slot = Some(renewed.clone());
        }
        tracing::info!(issuer = %self.settings.issuer, "fetched the provider's signing keys again");
        Ok(renewed)
    }

    /// Where to send the browser to sign out at the provider too, when it offers that
    /// (RP-initiated logout), coming back to our sign-in page.
    pub fn logout_url(&self, id_token: &str) -> Option<String> {
        let metadata = self.provider.read().ok().and_then(|slot| slot.clone())?;
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_client_id(ClientId::new(self.settings.client_id.clone()))
            .set_post_logout_redirect_uri(self.post_logout.clone());
        if let Ok(token) = id_token.parse::<CoreIdToken>() {
            request = request.set_id_token_hint(&token);
        }
        Some(request.http_get_url().to_string())
    }
}

fn discovery_error<E: std::error::Error + 'static>(error: DiscoveryError<E>) -> SsoError {
    match error {
        DiscoveryError::Request(e) => SsoError::Unreachable(full_reason(&e)),
        DiscoveryError::Response(status, _, _) if status.is_server_error() => {
            SsoError::Unreachable(format!("it answered {status}"))
        }
        DiscoveryError::Response(status, _, message) => SsoError::Refused(format!(
            "the discovery document answered {status}: {message} (is the issuer URL right?)"
        )),
        other => SsoError::Refused(full_reason(&other)),
    }
}

fn token_error<RE, T>(error: RequestTokenError<RE, T>) -> SsoError
where
    RE: std::error::Error + 'static,
    T: openidconnect::ErrorResponse + 'static,
{
    match error {
        RequestTokenError::Request(e) => SsoError::Unreachable(full_reason(&e)),
        RequestTokenError::ServerResponse(answer) => SsoError::Refused(format!(
            "the provider refused the sign-in code ({answer}); it may have been used already"
        )),
        RequestTokenError::Parse(e, _) => SsoError::Refused(format!(
            "the provider's token answer could not be read ({e})"
        )),
        RequestTokenError::Other(e) => SsoError::Refused(e),
    }
}

fn claims_error(error: ClaimsVerificationError) -> SsoError {
    let what = match &error {
        ClaimsVerificationError::Expired(_) => "the ID token has expired",
        ClaimsVerificationError::InvalidAudience(_) => "the ID token is for another application",
        ClaimsVerificationError::InvalidIssuer(_) => "the ID token is from another issuer",
        ClaimsVerificationError::InvalidNonce(_) => {
            "the ID token belongs to another sign-in (wrong nonce)"
        }
        ClaimsVerificationError::SignatureVerification(_) => {
            "the ID token's signature is not the provider's"
        }
        _ => "the ID token failed a check",
    };
    SsoError::Refused(format!("{what}: {error}"))
}

/// An error with its causes, one after the other.
fn full_reason(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
