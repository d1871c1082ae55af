// Building DOM without markup strings: every piece of text goes in through textContent, so data
// can never become elements, attributes or script.

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, props, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, children: Child[] = []): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c);
  return el;
}

function apply(el: Element, props: Props, children: Child[]): void {
  if (props.class) el.setAttribute('class', props.class);
  if (props.title) el.setAttribute('title', props.title);
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) el.setAttribute(k, v);
  if (props.text !== undefined) el.textContent = props.text;
  for (const c of children) if (c) el.append(c);
}

export function button(label: string, props: Props & { secondary?: boolean; icon?: boolean } = {}): HTMLButtonElement {
  const cls = ['button', props.secondary ? 'secondary' : '', props.icon ? 'icon' : '', props.class ?? ''].filter(Boolean).join(' ');
  return h('button', { ...props, class: cls, text: label, attrs: { type: 'button', ...props.attrs } });
}

export function clear(el: Element): void {
  el.replaceChildren();
}
