// Building the page: text goes in with textContent only, never as markup (a note can hold any string).

/** An element index.html must have; a missing one is a bug in the page, said at once. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the console page`);
  return node as T;
}

export function make<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<'className' | 'textContent' | 'type' | 'value', string>> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Shows `message` in a field's error line (linked by aria-describedby) and marks the field invalid; none clears it. */
export function fieldError(field: HTMLElement, message?: string): void {
  const line = byId(`${field.id}-error`);
  line.textContent = message ?? '';
  line.hidden = !message;
  if (message) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
}
