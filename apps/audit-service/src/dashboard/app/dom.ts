// Building the page. Text goes in with textContent only, never innerHTML: event data can hold any string a client
// sent (a note, a User-Agent).
import { clockTime, fullTime, relative, shortDateTime } from './format.ts';

/** An element the page must have; a missing one is a bug in index.html, said at once. */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  return node as T;
}

type Value = string | number | null | undefined;
type Child = Node | string | number | null | undefined | false;

interface Options {
  className?: string;
  text?: Value;
  title?: string;
  dataset?: Record<string, Value>;
  attrs?: Record<string, Value | boolean>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: Options = {}, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { className, text, title, dataset, attrs } = options;
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (title) node.title = title;
  for (const [key, value] of Object.entries(dataset ?? {})) if (value !== undefined && value !== null) node.dataset[key] = String(value);
  for (const [key, value] of Object.entries(attrs ?? {})) if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? '' : String(value));
  for (const child of children.flat()) if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
  return node;
}

export const muted = (text: string) => el('span', { className: 'muted', text });

/** A panel's state line: hidden without a message, else the message styled by its kind (loading, error, empty…). */
export function setState(node: HTMLElement, kind?: string, message?: string | Node): void {
  if (!message) {
    node.hidden = true;
    node.replaceChildren();
    return;
  }
  node.hidden = false;
  if (kind) node.dataset['kind'] = kind;
  node.replaceChildren(message);
}

type Exact = 'title' | 'clock' | 'inline';

/** A <time> showing how long ago (kept current by `renderTimes`), with the exact local time beside it or in its tooltip. */
export function timeEl(iso: string | null | undefined, { exact = 'title' }: { exact?: Exact } = {}): HTMLElement {
  if (!iso) return muted('—');
  const node = el('time', { attrs: { datetime: iso }, title: fullTime.format(new Date(iso)), dataset: { relative: iso, exact } });
  renderTime(node);
  return node;
}

function renderTime(node: HTMLElement): void {
  const iso = node.dataset['relative'];
  if (!iso) return;
  const date = new Date(iso);
  if (node.dataset['exact'] === 'clock') node.replaceChildren(el('span', { className: 'clock', text: clockTime.format(date) }), el('span', { className: 'ago', text: relative(iso) }));
  else if (node.dataset['exact'] === 'inline') node.replaceChildren(el('span', { text: shortDateTime.format(date) }), el('span', { className: 'ago', text: relative(iso) }));
  else node.textContent = relative(iso);
}

export const renderTimes = () => document.querySelectorAll<HTMLElement>('time[data-relative]').forEach(renderTime);

/** An id that opens its activity in the lookup panel when clicked (lookup-panel.ts listens). */
export const idButton = (id: string, kind: 'user' | 'token') =>
  el('button', { className: 'id-link', text: id, title: kind === 'user' ? 'Show this user\'s tokens' : 'Show this credential\'s activity', attrs: { type: 'button' }, dataset: { lookup: kind, id } });

export const emptyRow = (columns: number, text: string) => el('tr', { className: 'empty-row' }, el('td', { text, attrs: { colspan: columns } }));

/** A dotted name that may wrap after its dots (text nodes and <wbr>, never markup from the data). */
export const breakable = (name: string): Child[] => name.split('.').flatMap((part, index, parts) => (index < parts.length - 1 ? [`${part}.`, el('wbr')] : [part]));

/** A table whose header cells say their column's name to each cell, which `.stackable` shows on a phone. */
export function dataTable(testid: string, headings: Array<[string, string?]>, rows: HTMLTableRowElement[], empty?: string): HTMLTableElement {
  return el(
    'table',
    { className: 'data-table stackable', dataset: { testid } },
    el('thead', {}, el('tr', {}, ...headings.map(([text, className]) => el('th', { text, className: className ?? '', attrs: { scope: 'col' } })))),
    el('tbody', {}, ...(rows.length || empty === undefined ? rows : [emptyRow(headings.length, empty)])),
  );
}

export const cell = (label: string, child: Child, className?: string) => el('td', { className: className ?? '', attrs: { 'data-label': label } }, child);
