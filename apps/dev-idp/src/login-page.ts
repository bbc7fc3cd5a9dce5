import type { DemoUser } from './users.js';

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface LoginPageOptions {
  readonly uid: string;
  readonly clientId: string;
  readonly error?: string;
  readonly username?: string;
  readonly users: readonly DemoUser[];
}

/** The dev IdP's own sign-in page: a real form posting username and password. */
export function renderLoginPage(options: LoginPageOptions): string {
  const error = options.error
    ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>`
    : '';
  const rows = options.users
    .map(
      (user) =>
        `<tr><td><code>${escapeHtml(user.username)}</code></td><td><code>${escapeHtml(user.password)}</code></td><td>${escapeHtml(user.groups.join(', '))}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Gatehouse dev IdP</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; }
  main { width: min(26rem, 92vw); padding: 2rem; border: 1px solid #8884; border-radius: 0.75rem; }
  h1 { font-size: 1.25rem; margin: 0 0 0.25rem; }
  p.hint { margin: 0 0 1.5rem; opacity: 0.75; font-size: 0.9rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  input { width: 100%; box-sizing: border-box; padding: 0.5rem; font-size: 1rem; border-radius: 0.375rem; border: 1px solid #8888; }
  input:focus-visible, button:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
  button { margin-top: 1.5rem; width: 100%; padding: 0.6rem; font-size: 1rem; font-weight: 600; border: 0; border-radius: 0.375rem; background: #2563eb; color: white; cursor: pointer; }
  .error { color: #dc2626; font-weight: 600; }
  table { margin-top: 1.5rem; font-size: 0.8rem; border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 0.2rem 0.4rem; border-top: 1px solid #8884; }
</style>
</head>
<body>
<main>
  <h1>Gatehouse dev IdP</h1>
  <p class="hint">Sign in to <strong>${escapeHtml(options.clientId)}</strong>. A development identity provider: never use it in production.</p>
  ${error}
  <form method="post" action="/interaction/${escapeHtml(options.uid)}/login" autocomplete="off">
    <label for="username">Username</label>
    <input id="username" name="username" required autofocus value="${escapeHtml(options.username ?? '')}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" required>
    <button type="submit">Sign in</button>
  </form>
  <table aria-label="Demo users"><thead><tr><th>User</th><th>Password</th><th>Groups</th></tr></thead><tbody>${rows}</tbody></table>
</main>
</body>
</html>`;
}
