// A real OpenID Provider for the single sign-on tests: panva's oidc-provider (certified
// by the OpenID Foundation) on 127.0.0.1, on a port of its own choosing, printed as
// "READY <port>". It stops when its standard input closes (the test process ended).
//
// The app is registered as the confidential client `kpi` (secret `kpi-secret`) and as
// the public client `kpi-public` (PKCE, no secret); both may come back to
// http://127.0.0.1:<any port>/auth/oidc/callback, since each test's app has its own port. The provider's own login page accepts any login name and password:
// the login name is the account (the ID token's `sub`).
//
// Two test-only doors, outside the provider's own routes:
//   POST /__test/account {login, email, email_verified, name}  what an account's claims say
//   POST /__test/tamper  {login, mode}  the next ID token for that account is changed:
//     audience  issued to another client        expired  expired two minutes ago
//     nonce     another sign-in's nonce         issuer   from another issuer
//     none      unsigned (alg "none")           forged   signed by a key that is not the provider's
//     azp       two audiences, authorized party another client
//     rotated   signed by a new key the provider publishes from now on (the app must
//               fetch the provider's keys again, and accept it)

import { createServer } from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const CALLBACK_PATH = '/auth/oidc/callback';
const LOGOUT_RETURN_PATH = '/login';

async function signingKey(kid) {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, jwk, publicJwk };
}

const current = await signingKey('key-1');
const next = await signingKey('key-2');
const stranger = await signingKey('key-1'); // claims to be key-1, but is not
let nextPublished = false;

const accounts = new Map();
const tampers = new Map();

const server = createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'kpi',
    client_secret: 'kpi-secret',
    redirect_uris: [`http://127.0.0.1${CALLBACK_PATH}`],
    post_logout_redirect_uris: [`http://127.0.0.1${LOGOUT_RETURN_PATH}`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }, {
    // The same app registered as a public client: no secret, PKCE only.
    client_id: 'kpi-public',
    token_endpoint_auth_method: 'none',
    redirect_uris: [`http://127.0.0.1${CALLBACK_PATH}`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [current.jwk] },
  cookies: { keys: ['a test provider, not a secret'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const account = accounts.get(id) ?? {};
        return {
          sub: id,
          email: account.email ?? `${id}@example.com`,
          email_verified: account.email_verified ?? true,
          name: account.name ?? id,
        };
      },
    };
  },
  // First-party app: no consent screen; every scope asked for is granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

// Each test's app has its own loopback port.
function loopback(uri, path) {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1'
      && url.pathname === path && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
provider.Client.prototype.redirectUriAllowed = (uri) => loopback(uri, CALLBACK_PATH);
provider.Client.prototype.postLogoutRedirectUriAllowed = (uri) => loopback(uri, LOGOUT_RETURN_PATH);

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function tampered(mode, claims) {
  const now = Math.floor(Date.now() / 1000);
  const sign = (payload, key, kid) => new jose.SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(key);
  switch (mode) {
    case 'audience': return sign({ ...claims, aud: 'another-app' }, current.privateKey, 'key-1');
    case 'expired': return sign({ ...claims, iat: now - 300, exp: now - 120 }, current.privateKey, 'key-1');
    case 'nonce': return sign({ ...claims, nonce: 'another-sign-in' }, current.privateKey, 'key-1');
    case 'issuer': return sign({ ...claims, iss: 'http://127.0.0.1:9/' }, current.privateKey, 'key-1');
    case 'azp': return sign({ ...claims, aud: ['kpi', 'another-app'], azp: 'another-app' }, current.privateKey, 'key-1');
    case 'none': return `${b64({ alg: 'none' })}.${b64(claims)}.`;
    case 'forged': return sign(claims, stranger.privateKey, 'key-1');
    case 'rotated':
      nextPublished = true;
      return sign(claims, next.privateKey, 'key-2');
    default: throw new Error(`unknown tamper mode ${mode}`);
  }
}

provider.use(async (ctx, nextMiddleware) => {
  await nextMiddleware();
  if (ctx.path === '/token' && ctx.body?.id_token) {
    const claims = jose.decodeJwt(ctx.body.id_token);
    const mode = tampers.get(claims.sub);
    if (mode) {
      tampers.delete(claims.sub);
      ctx.body = { ...ctx.body, id_token: await tampered(mode, claims) };
    }
  }
  if (ctx.path === '/jwks' && nextPublished && ctx.body?.keys) {
    ctx.body = { keys: [...ctx.body.keys, next.publicJwk] };
  }
});

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  if (!req.url.startsWith('/__test/')) {
    callback(req, res);
    return;
  }
  try {
    const body = await readJson(req);
    if (req.method === 'POST' && req.url === '/__test/account') {
      accounts.set(body.login, body);
    } else if (req.method === 'POST' && req.url === '/__test/tamper') {
      tampers.set(body.login, body.mode);
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(204).end();
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
  }
});

process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
process.stdout.write(`READY ${port}\n`);
