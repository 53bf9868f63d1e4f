/**
 * The adapter page's login form (CONTRACT §8): Username, Password and "Log in", shown
 * while the connector's login flow needs credentials.
 *
 * @remarks
 * Built with DOM APIs only (no `innerHTML`, no inline script or style attribute), so it
 * runs under the adapter page's strict Content-Security-Policy with Trusted Types. The
 * button is disabled while an attempt is in flight; after a failure the message shows in
 * the form and the password field is cleared. The values go to the login flow and are
 * kept nowhere else.
 *
 * @example
 * ```ts
 * const detach = attachLoginForm(connector.loginFlow, document);
 * ```
 */
import type { PartnerCredentials } from '../partner/partner-telephony';

/** What the form needs from the login flow (the connector's `LoginFlow` is one). */
export interface LoginPort {
  /** Calls `listener` with a message whenever a login becomes needed; returns the unsubscribe function. */
  onRequired(listener: (message: string) => void): () => void;
  /** One attempt; never rejects. */
  login(credentials: PartnerCredentials): Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }>;
}

/** The form's parts, made once per page. */
interface FormParts {
  readonly form: HTMLFormElement;
  readonly username: HTMLInputElement;
  readonly password: HTMLInputElement;
  readonly button: HTMLButtonElement;
  readonly message: HTMLElement;
}

function field(doc: Document, label: string, name: string, type: string, autocomplete: string): [HTMLLabelElement, HTMLInputElement] {
  const wrapper = doc.createElement('label');
  const input = doc.createElement('input');
  input.name = name;
  input.type = type;
  input.setAttribute('autocomplete', autocomplete);
  input.required = true;
  wrapper.append(label, doc.createElement('br'), input);
  return [wrapper, input];
}

function build(doc: Document): FormParts {
  const form = doc.createElement('form');
  form.setAttribute('aria-label', 'Log in to the telephony system');
  const [userLabel, username] = field(doc, 'Username', 'username', 'text', 'username');
  const [passwordLabel, password] = field(doc, 'Password', 'password', 'password', 'current-password');
  const message = doc.createElement('p');
  message.setAttribute('role', 'alert');
  const button = doc.createElement('button');
  button.type = 'submit';
  button.textContent = 'Log in';
  const row = (...nodes: Node[]): HTMLParagraphElement => {
    const p = doc.createElement('p');
    p.append(...nodes);
    return p;
  };
  form.append(row(userLabel), row(passwordLabel), message, row(button));
  return { form, username, password, button, message };
}

/**
 * Shows the form in `doc` whenever `port` needs a login, and sends each submission to it.
 * Returns the function that removes the form and stops listening.
 */
export function attachLoginForm(port: LoginPort, doc: Document): () => void {
  let parts: FormParts | null = null;
  const partsOf = (): FormParts => {
    if (parts) return parts;
    const made = build(doc);
    made.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submit(made);
    });
    return (parts = made);
  };
  const submit = async (p: FormParts): Promise<void> => {
    if (p.button.disabled) return;
    p.button.disabled = true;
    p.message.textContent = '';
    const attempt = await port.login({ username: p.username.value, password: p.password.value });
    p.button.disabled = false;
    if (attempt.ok) {
      p.password.value = '';
      p.form.remove();
      return;
    }
    p.message.textContent = attempt.message;
    p.password.value = '';
    p.password.focus();
  };
  const stop = port.onRequired((message) => {
    const p = partsOf();
    p.message.textContent = message;
    p.button.disabled = false;
    if (!p.form.isConnected) doc.body.append(p.form);
    (p.username.value === '' ? p.username : p.password).focus();
  });
  return () => {
    stop();
    parts?.form.remove();
  };
}

/** {@link attachLoginForm} on this page's document; does nothing where there is none. */
export function attachPageLoginForm(port: LoginPort): () => void {
  return typeof document === 'undefined' ? () => undefined : attachLoginForm(port, document);
}
