// Small DOM helpers: every node is built with createElement and textContent, never from HTML
// strings, so nothing an API answers can become markup.
import { hintFor } from './hints.js';

/** h('button', { class: 'primary', onclick }, 'Save'): attributes, event handlers, children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** A labelled input: the label wraps it, so a click or a screen reader finds it. */
export function field(label, input, help) {
  return h('label', { class: 'field' }, h('span', {}, label), input, help ? h('small', {}, help) : null);
}

/** The API's Code and Message, and what they mean in plain words. */
export function failureBox(error) {
  const code = error.code ?? 'Error';
  const hint = error.hint ?? hintFor(code);
  return h(
    'div',
    { class: 'failure', role: 'alert' },
    h('p', {}, h('strong', { class: 'code' }, code), ' ', error.message ?? String(error)),
    hint ? h('p', { class: 'hint' }, hint) : null,
    error.requestId ? h('p', { class: 'muted' }, `RequestId ${error.requestId}`) : null,
  );
}

export function notice(text) {
  return h('div', { class: 'notice', role: 'status' }, text);
}

/** Runs an action from a button: disables it meanwhile, shows the outcome in `out`. */
export function runner(out) {
  return async (button, work) => {
    if (button) button.disabled = true;
    replace(out);
    try {
      const result = await work();
      if (typeof result === 'string') replace(out, notice(result));
      else if (result instanceof Node) replace(out, result);
    } catch (error) {
      replace(out, failureBox(error));
    } finally {
      if (button) button.disabled = false;
    }
  };
}

/** A button that runs `work` through `run` (a runner): disabled meanwhile, its outcome shown where `run` shows it. */
export const actionButton = (label, run, work, attributes = {}) =>
  h('button', { type: 'button', ...attributes, onclick: (event) => run(event.currentTarget, work) }, label);

/** A form whose submit runs `work` (Enter works, the page does not reload). */
export function form(attributes, children, work) {
  const element = h('form', { ...attributes, novalidate: false }, children);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    work(element.querySelector('button[type=submit]'), new FormData(element));
  });
  return element;
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { hour12: false }) : '');

/** An answer's fields as a definition list (nested values as compact JSON). */
export function dataList(object) {
  return h(
    'dl',
    { class: 'details' },
    Object.entries(object).flatMap(([name, value]) => [
      h('dt', {}, name),
      h(
        'dd',
        { class: typeof value === 'string' && /^\d{10,}$/.test(value) ? 'mono' : undefined },
        typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
      ),
    ]),
  );
}

/** A table of cards (one per row on narrow screens, console.css): its head from `labels`, then `rows`. */
export const cardTable = (labels, rows) => h('table', { class: 'cards' }, tableHead(labels), h('tbody', {}, rows));

/** A table's head row: one column header per label. */
const tableHead = (labels) =>
  h(
    'thead',
    {},
    h(
      'tr',
      {},
      labels.map((label) => h('th', { scope: 'col' }, label)),
    ),
  );
