// A real OpenID Connect provider (the npm package oidc-provider) for the sign-in tests.
//
//   node tests/oidc_provider.mjs CONFIG.json
//
// CONFIG.json: {"client": {"client_id", "client_secret", "redirect_uris": [...],
//               "post_logout_redirect_uris": [...]},
//               "accounts": {"LOGIN": {"email", "email_verified", "name", "given_name",
//                                      "family_name", "groups": [...]}}}
//
// It listens on 127.0.0.1 (port OIDC_TEST_PORT, else one the system picks) and prints
// "issuer http://127.0.0.1:PORT" when ready. People sign in on its development login
// page with any password; a login not in "accounts" is refused, as a provider refuses a
// disabled account. Consent is granted at once, as for an organisation's own app.
//
// To play a provider that misbehaves, POST JSON to /test-control/next-id-token: the next
// ID token the token endpoint issues has those claims changed (e.g. {"aud": "other"},
// {"nonce": "forged"}, {"exp_offset": -3600}), re-signed with the provider's own key so
// only the claims are wrong.

import { generateKeyPair, exportJWK, SignJWT, decodeJwt, importJWK } from 'jose';
import Provider from 'oidc-provider';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
const tokenKey = await importJWK(signingKey, 'RS256');
let tamper = null;

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(process.env.OIDC_TEST_PORT || 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    ...config.client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  claims: {
    openid: ['sub', 'groups'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  // Claims in the ID token itself, as Entra ID sends them.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['improvement-board-test-provider'] },
  async findAccount(ctx, id) {
    const account = config.accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  // The provider's own pages stay quiet in the tests' output.
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><title>Error</title><h1>Sign-in error</h1><p>${out.error}</p>`;
  },
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && tamper && ctx.body?.id_token) {
    const { exp_offset: expOffset, ...changes } = tamper;
    tamper = null;
    const claims = { ...decodeJwt(ctx.body.id_token), ...changes };
    if (expOffset) {
      claims.exp += expOffset;
      claims.iat += expOffset;
    }
    ctx.body.id_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid })
      .sign(tokenKey);
  }
});

const callback = provider.callback();
server.on('request', async (req, res) => {
  if (req.method === 'POST' && req.url === '/test-control/next-id-token') {
    tamper = JSON.parse(await readBody(req));
    res.writeHead(204).end();
    return;
  }
  callback(req, res);
});

console.log(`issuer ${issuer}`);
