/**
 * The token service's sign-in pages: the account form the sign-in link opens, and the page with the
 * magic code to take back to the chat (what Azure Bot Service shows when the channel cannot finish
 * the sign-in by itself). Every value goes through `esc`. Pure: values in, HTML out.
 */
import { esc, layout } from '../signin/pages';

export function signInForm(action: string, connectionName: string, problem: string | null): string {
  return layout(
    'Sign in to your account',
    `
<h1>Sign in</h1>
<p>Consent Doctor asks you to sign in (connection <b>${esc(connectionName)}</b>) so that what you approve is written with your own account.</p>
${problem ? `<p class="err" role="alert">${esc(problem)}</p>` : ''}
<form method="post" action="${esc(action)}">
<label for="username">Email or user name</label><br>
<input id="username" name="username" type="email" autocomplete="username" required style="width:100%;font-size:15px;padding:6px;box-sizing:border-box">
<div class="btns"><button class="primary" type="submit">Sign in</button></div>
</form>`,
  );
}

export function magicCodePage(upn: string, code: string): string {
  return layout(
    'You are signed in',
    `
<h1>You are signed in</h1>
<p>Signed in as <b>${esc(upn)}</b>.</p>
<p>Go back to Teams and enter this code where the card asks for it, then press Approve again:</p>
<p style="font-size:32px;letter-spacing:6px;font-weight:600" id="magic-code">${esc(code)}</p>
<p>You can close this window.</p>`,
  );
}

export function signInGone(): string {
  return layout(
    'Sign-in expired',
    '<h1>This sign-in link has expired</h1><p>Go back to Teams and press the button again to get a new one.</p>',
  );
}
