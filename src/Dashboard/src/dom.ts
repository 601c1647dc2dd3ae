// Small DOM helpers. Text from the API always goes in as text nodes, never as HTML.

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child);
    }
  }
  return node;
}

/**
 * Text in whatever language the source wrote: the browser picks the direction from the first
 * strong character (dir=auto) and CSS isolates it (unicode-bidi: plaintext), so Arabic reads
 * right to left and an English name inside it stays in place.
 */
export function userText<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, language?: string | null, cls = ''): HTMLElementTagNameMap[K] {
  const attrs: Record<string, string> = { dir: 'auto', class: `text ${cls}`.trim() };
  if (language) {
    attrs.lang = language;
  }
  return el(tag, attrs, text);
}

/** A search snippet: the service marks hits with <mark>…</mark> and leaves the rest unescaped. */
export function snippet(text: string, language?: string | null): HTMLElement {
  const node = userText('p', '', language, 'claim-text');
  for (const [i, part] of text.split(/<\/?mark>/).entries()) {
    if (part) {
      node.append(i % 2 === 1 ? el('mark', {}, part) : part);
    }
  }
  return node;
}

export function clear(node: Element, ...children: Child[]): void {
  node.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

export function message(text: string, cls = 'hint'): HTMLElement {
  return el('p', { class: cls }, text);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;
}

export function score(value: number): string {
  return value.toFixed(2);
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function date(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The attribution path as names: speaker → relays → publisher. */
export function path(sources: { name: string }[]): string {
  return sources.map((s) => s.name).join(' → ');
}
