/**
 * The development identity provider's sign-in page: the demo users from demo-users.json as buttons,
 * so a developer or a browser test picks "Kari Fastlege (GP)" instead of typing a login. Dev-only:
 * there is no password, which is exactly why this lives in the identity-provider tool and nowhere
 * near the API. Consent is given on the user's behalf: Bro's web app is Bro's own (first-party).
 *
 * Routes (mounted in front of oidc-provider): GET /interaction/:uid shows the page (or completes the
 * consent step), POST /interaction/:uid/login signs the chosen demo user in.
 */
import { URLSearchParams } from 'node:url';

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?\/?$/;
const MAX_FORM_BYTES = 4096;

/** Labels of the page; the web app passes its language as `ui_locales` (nb by default, en on request). */
const TEXT = {
  nb: {
    title: 'Logg inn i Bro',
    lead: 'Velg en demobruker. Dette er utviklingsinnloggingen (i stedet for HelseID) – ingen passord, bare syntetiske brukere.',
    client: 'Du logger inn i',
    roles: {
      gp: 'Fastlege',
      coordinator: 'Utskrivningskoordinator',
      quality: 'Kvalitetsteam',
      privacy: 'Personvernombud',
      lowthreshold: 'Lavterskeltilbud',
      admin: 'Administrator',
    },
    signInAs: 'Logg inn som',
    unknownUser: 'Ukjent demobruker. Velg en av brukerne under.',
  },
  en: {
    title: 'Sign in to Bro',
    lead: 'Pick a demo user. This is the development sign-in (standing in for HelseID) – no password, synthetic users only.',
    client: 'You are signing in to',
    roles: {
      gp: 'GP',
      coordinator: 'Discharge coordinator',
      quality: 'Quality team',
      privacy: 'Privacy officer',
      lowthreshold: 'Low-threshold service',
      admin: 'Administrator',
    },
    signInAs: 'Sign in as',
    unknownUser: 'Unknown demo user. Pick one of the users below.',
  },
};

function languageOf(uiLocales) {
  const first = String(uiLocales ?? '')
    .split(' ')
    .map((locale) => locale.trim().toLowerCase())
    .find(Boolean);
  return first === 'en' || first?.startsWith('en-') ? 'en' : 'nb';
}

function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function renderLoginPage({ uid, users, organizations, language, clientId, problem }) {
  const text = TEXT[language];
  const buttons = Object.entries(users)
    .map(([username, user]) => {
      const organization = organizations[user.organization]?.name ?? '';
      const role = text.roles[user.role] ?? user.role;
      return `<li><button type="submit" name="username" value="${escapeHtml(username)}" aria-label="${escapeHtml(`${text.signInAs} ${user.name}, ${role}`)}">
        <span class="name">${escapeHtml(user.name)}</span>
        <span class="role">${escapeHtml(role)}</span>
        <span class="org">${escapeHtml(organization)}</span>
        <span class="login">${escapeHtml(username)}</span>
      </button></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${language === 'en' ? 'en' : 'nb'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)}</title>
<link rel="icon" href="data:,">
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #14202b; line-height: 1.45; }
  main { max-width: 46rem; margin: 3rem auto; padding: 0 1rem; }
  h1 { font-size: 1.8rem; margin-bottom: .25rem; }
  .problem { background: #fde8e8; border-left: 4px solid #b3261e; padding: .5rem .75rem; }
  ul { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: .75rem; }
  button { width: 100%; text-align: left; display: grid; gap: .1rem; padding: .8rem 1rem; border: 2px solid #c5ced6;
           border-radius: .5rem; background: #fff; color: inherit; font: inherit; cursor: pointer; }
  button:hover { border-color: #0b5cad; }
  button:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
  .name { font-weight: 700; font-size: 1.1rem; }
  .role { color: #0b5cad; font-weight: 600; }
  .org, .login { color: #4a5a68; font-size: .9rem; }
  .login { font-family: ui-monospace, monospace; }
</style>
</head>
<body>
<main>
  <h1>${escapeHtml(text.title)}</h1>
  <p>${escapeHtml(text.lead)}</p>
  <p>${escapeHtml(text.client)} <strong>${escapeHtml(clientId)}</strong>.</p>
  ${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
  <form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
    <ul>
${buttons}
    </ul>
  </form>
</main>
</body>
</html>`;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

/** Gives on the user's behalf what the consent prompt asks for (first-party app, dev provider). */
async function grantConsent(provider, details) {
  const { prompt, grantId, session, params } = details;
  const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  return { consent: { grantId: await grant.save() } };
}

/**
 * A request handler for the interaction routes, or undefined for any other path (oidc-provider's).
 * `users` and `organizations` are demo-users.json's.
 */
export function demoLoginPage(provider, { users, organizations }) {
  const send = (res, status, html) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };

  return function handle(req, res) {
    const match = INTERACTION_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!match) return false;
    const [, uid, isLogin] = match;
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        const language = languageOf(details.params.ui_locales);
        const page = (status, problem) =>
          send(res, status, renderLoginPage({ uid: details.uid, users, organizations, language, clientId: details.params.client_id, problem }));
        if (details.uid !== uid) return page(400, TEXT[language].unknownUser);

        if (req.method === 'GET' && !isLogin) {
          if (details.prompt.name === 'consent') {
            return await provider.interactionFinished(req, res, await grantConsent(provider, details), { mergeWithLastSubmission: true });
          }
          return page(200);
        }
        if (req.method === 'POST' && isLogin) {
          const username = (await readForm(req)).get('username') ?? '';
          if (!Object.hasOwn(users, username)) return page(400, TEXT[language].unknownUser);
          return await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
        }
        send(res, 405, 'method not allowed');
      } catch (error) {
        // An expired or unknown interaction (an old tab, a restarted provider): say so, plainly.
        process.stderr.write(`identity provider: sign-in page: ${error.message}\n`);
        if (!res.headersSent) send(res, 400, `<!doctype html><title>Bro</title><p>${escapeHtml(error.message)}</p><p>Gå tilbake til Bro og logg inn på nytt. / Go back to Bro and sign in again.</p>`);
      }
    })();
    return true;
  };
}
