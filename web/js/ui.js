// Small DOM helpers: element building without innerHTML (data never becomes markup), messages, figures.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const messages = () => document.getElementById('messages');

/** A readable error banner; stays until closed. */
export function showError(error, context) {
  if (error?.name === 'AbortError') return;
  const text = `${context ? context + '：' : ''}${error?.message ?? error}`;
  const banner = h('div', { class: 'message error', role: 'alert' },
    h('span', {}, text), h('button', { class: 'close', title: '关闭', 'aria-label': '关闭', onclick: () => banner.remove() }, '×'));
  messages().append(banner);
}

/** A short notice that fades by itself: something done (green), or with `warn` something the reader should know (amber). */
export function showNotice(text, ms = 5000, { warn = false } = {}) {
  const notice = h('div', { class: `message notice${warn ? ' warn' : ''}`, role: 'status' }, text);
  messages().append(notice);
  setTimeout(() => notice.remove(), ms);
}

/** The "not yet available" box an analysis section shows when its endpoint is missing, and what the view does meanwhile. */
export const notProvided = (what, meanwhile = '其余功能照常可用') => h('div', { class: 'not-provided' },
  h('strong', {}, '分析服务尚未提供'), h('span', {}, `（${what}的接口尚未上线，${meanwhile}）`));

/**
 * A section's request, answered, or null when the service behind it is missing (a bare 404/405/501, as a deployment
 * without the analysis service answers): each [box, what] then says so in place, once, and the view works on. Any
 * other failure is thrown to the caller, who reports it.
 */
export async function unlessMissing(request, ...places) {
  try {
    return await request();
  } catch (error) {
    if (!error.notProvided) throw error;
    for (const [box, what] of places) replace(box, notProvided(what));
    return null;
  }
}

/** A labelled checkbox: `input` to read and listen to, `label` to place. */
export function checkbox(id, text, checked) {
  const input = h('input', { type: 'checkbox', id, checked });
  return { input, label: h('label', { class: 'check', for: id }, input, text) };
}

/** A labelled select of `options` (value → text): `input` to read and listen to, `label` to place. */
export function select(id, text, options, value = '') {
  const input = h('select', { id }, Object.entries(options).map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  return { input, label: h('label', { class: 'field', for: id }, h('span', {}, text), input) };
}

/** Term–value rows as a <dl>; a missing value reads "—". */
export const definitionList = (rows) => h('dl', {}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]));

/** The API's messages are Chinese first with an English gloss in full-width brackets: the page shows the Chinese. */
export const chineseOnly = (text) => String(text ?? '').replace(/（[^）]*[A-Za-z][^）]*）/g, '');

export const section = (title, ...children) => h('section', { class: 'box' }, h('h2', {}, title), ...children);

export const figure = (key, label, value, note) => h('div', { class: 'figure', dataset: { figure: key } },
  h('span', { class: 'label' }, label), h('span', { class: 'value' }, value), note ? h('span', { class: 'note' }, note) : null);

export const fmt = {
  int: (n) => (n === null || n === undefined || Number.isNaN(n) ? '—' : Math.round(n).toLocaleString('zh-CN')),
  num: (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? '—' : Number(n).toFixed(d)),
  pct: (n) => (n === null || n === undefined ? '—' : `${(n * 100).toFixed(1)}%`),
  metres: (m) => (m === null || m === undefined ? '—' : m >= 1000 ? `${Number((m / 1000).toFixed(2))} 公里` : `${Math.round(m)} 米`),
  yuan: (min, max) => (min === null || min === undefined ? '—' : max && max !== min ? `¥${min}–${max}/月` : `¥${min}/月`),
};

export const isSynthetic = (properties) => /synthetic/i.test(properties?.data_source ?? '');
export const syntheticBadge = (properties) => (isSynthetic(properties) ? h('span', { class: 'badge synthetic-badge', title: properties.data_source }, '示例数据') : null);

export function download(filename, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = h('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A panel of named groups shown one at a time behind a row of tabs, so a long view reads as a few short pages.
 * `groups` are { key, title, content }; `add(group)` appends one later (a view's new section is one more entry);
 * `show(key)` opens one; `onChange(key)` hears the reader's choice (the permalink keeps it).
 */
export function groupedPanel(id, groups, { initial, onChange } = {}) {
  const tabs = h('div', { class: 'group-tabs', role: 'tablist', 'aria-label': '分组' });
  const element = h('div', { class: 'grouped', id }, tabs);
  const entries = new Map();
  let current = null;
  const show = (key) => {
    if (!entries.has(key)) return;
    current = key;
    for (const [k, { tab, body }] of entries) {
      tab.setAttribute('aria-selected', String(k === key));
      tab.tabIndex = k === key ? 0 : -1;
      body.hidden = k !== key;
    }
    element.dataset.group = key;
  };
  const add = ({ key, title, content }) => {
    const tab = h('button', { type: 'button', role: 'tab', id: `${id}-tab-${key}`, 'aria-controls': `${id}-${key}`, dataset: { group: key },
      onclick: () => { show(key); onChange?.(key); } }, title);
    const body = h('div', { role: 'tabpanel', id: `${id}-${key}`, 'aria-labelledby': `${id}-tab-${key}`, class: 'group-body' }, content);
    tabs.append(tab);
    element.append(body);
    entries.set(key, { tab, body });
    show(current ?? key);
  };
  groups.forEach(add);
  if (entries.has(initial)) show(initial);
  return { element, add, show, current: () => current };
}
