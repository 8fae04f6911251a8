import { describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';
import { see } from './see.js';
import { apiSession, signIn } from './session.js';

describe('signing in', () => {
  const env = useServerAndBrowser();

  it('greets in the browser language, switches to English, refuses a wrong password, then signs in and out', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, locale: 'fr-FR' });

    await page.goto('/');
    await page.waitForURL('**/login');
    expect(await see(page.getByRole('heading', { level: 1 }))).toBe('Connexion à Relais');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    // Even the password's show/hide button speaks the reader's language (Mantine's own label is English).
    expect(await page.getByRole('button', { name: 'Afficher ou masquer le mot de passe' }).count()).toBe(1);

    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    expect(await see(page.getByRole('heading', { name: 'Sign in to Relais' }))).toBe('Sign in to Relais');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'Show or hide the password' }).count()).toBe(1);

    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill('not the password');
    await page.getByTestId('login-submit').click();
    expect(await see(page.getByTestId('error-alert'))).toContain('Wrong e-mail or password.');

    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    expect(await see(page.getByRole('heading', { name: 'My tasks' }))).toBe('My tasks');
    expect(await see(page.getByTestId('tasks-empty'))).toBe('No open tasks. Well done!');
    await page.locator('[data-testid="live-status"][data-state="connected"]').waitFor();

    // The session is a cookie and the language choice is remembered: a reload keeps both.
    await page.reload();
    expect(await see(page.getByRole('heading', { name: 'My tasks' }))).toBe('My tasks');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    expect(await see(page.getByRole('heading', { name: 'Sign in to Relais' }))).toBe('Sign in to Relais');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps English when the reader clicks EN, already shown, before signing in to a French account', async () => {
    const admin = await apiSession(env.server.url);
    await admin.post('/api/users', { email: 'camille@relais.test', password: 'Relais-Langue-2026!', name: 'Camille Accueil', role: 'frontdesk', locale: 'fr' });
    await admin.close();
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, locale: 'en-GB' });
    await page.goto('/login');
    expect(await see(page.getByRole('heading', { name: 'Sign in to Relais' }))).toBe('Sign in to Relais');
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await signIn(page, env.server.url, 'camille@relais.test', 'Relais-Langue-2026!');
    expect(await see(page.getByRole('heading', { name: 'My tasks' }))).toBe('My tasks');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a throttled sign-in says how long to wait, in the reader’s language', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url, locale: 'fr-FR' });
    // The server locks an account for 15 minutes after 5 failures (its own address: other tests sign in as the admin).
    expectFailure('/api/auth/login', 429);
    await page.goto('/login');
    await page.getByTestId('login-email').fill('guess@relais.test');
    const alert = page.getByTestId('error-alert');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByTestId('login-password').fill(`guess ${attempt}`);
      const answer = page.waitForResponse('**/api/auth/login');
      await page.getByTestId('login-submit').click();
      expect((await answer).status()).toBe(401);
    }
    expect(await see(alert)).toBe('E-mail ou mot de passe incorrect.');

    await page.getByTestId('login-password').fill('guess 6');
    await page.getByTestId('login-submit').click();
    // The time left until the first failure ages out: 15 min, or a few seconds less on a slow run.
    expect(await see(alert.filter({ hasText: 'Trop de tentatives' }))).toMatch(/^Trop de tentatives\. Réessayez dans (15 min|14 min \d+ s)\.$/);
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    expect(await see(alert.filter({ hasText: 'Too many attempts' }))).toMatch(/^Too many attempts\. Try again in (15 min|14 min \d+ s)\.$/);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('works on a phone-sized screen: the navigation folds behind a burger', async () => {
    const { page, problems, context } = await openPage(env.browser, {
      baseURL: env.server.url,
      locale: 'fr-FR',
      viewport: { width: 390, height: 844 },
    });
    await page.goto('/login');
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    expect(await see(page.getByRole('heading', { name: 'Mes tâches' }))).toBe('Mes tâches');

    // A folded navbar slides off screen (it stays in the page, so check where it is).
    const navOnScreen = (onScreen: boolean) =>
      page.waitForFunction(
        (expected) => {
          const link = document.querySelector('[data-testid="nav-people"]');
          return link !== null && link.getBoundingClientRect().right > 0 === expected;
        },
        onScreen,
      );
    await navOnScreen(false);
    await page.getByTestId('nav-burger').click();
    await navOnScreen(true);
    await page.getByTestId('nav-people').click();
    expect(await see(page.getByRole('heading', { name: 'Personnes' }))).toBe('Personnes');
    // Picking a page folds the navigation again so the page is readable.
    await navOnScreen(false);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a user changes their own password from the account menu: a wrong current one is said beside its field, and the session goes on', async () => {
    const admin = await apiSession(env.server.url);
    const email = 'romane.changeante@relais.test';
    const oldPassword = 'une phrase de passe de départ';
    await admin.post('/api/users', { email, password: oldPassword, name: 'Romane Changeante', role: 'sales' });
    await admin.close();

    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure('/api/auth/password', 400);
    await signIn(page, env.server.url, email, oldPassword);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-password').click();
    await page.getByTestId('password-form').waitFor();
    expect(await see(page.getByRole('heading', { level: 1 }))).toBe('Changer mon mot de passe');

    const newPassword = 'le printemps revient toujours';
    await page.getByTestId('password-current').fill('pas le bon mot de passe');
    await page.getByTestId('password-new').fill(newPassword);
    await page.getByTestId('password-repeat').fill(newPassword);
    await page.getByTestId('password-submit').click();
    expect(await see(page.getByText('Ce n’est pas votre mot de passe actuel.'))).toBe('Ce n’est pas votre mot de passe actuel.');
    // Still signed in, still on the page (a 401 would have signed the user out).
    expect(new URL(page.url()).pathname).toBe('/settings/password');
    expect(await page.getByTestId('global-search').count()).toBe(1);

    // The two new ones must agree; a weak one is refused beside its field in French.
    await page.getByTestId('password-current').fill(oldPassword);
    await page.getByTestId('password-repeat').fill('autre chose');
    await page.getByTestId('password-submit').click();
    expect(await see(page.getByText('Les deux saisies du nouveau mot de passe diffèrent.'))).toBe('Les deux saisies du nouveau mot de passe diffèrent.');
    await page.getByTestId('password-new').fill('azertyuiop12');
    await page.getByTestId('password-repeat').fill('azertyuiop12');
    await page.getByTestId('password-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="password-new"]')?.getAttribute('aria-invalid') === 'true');
    expect(await see(page.getByText('trop courant ou trop facile à deviner'))).toBe('trop courant ou trop facile à deviner');

    await page.getByTestId('password-new').fill(newPassword);
    await page.getByTestId('password-repeat').fill(newPassword);
    await page.getByTestId('password-submit').click();
    expect(await see(page.getByTestId('password-changed'))).toContain('Mot de passe changé.');
    expect(await page.getByTestId('password-current').inputValue()).toBe('');

    // Signed out, the new password opens the session.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(newPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('global-search').waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
