// Simple charts in SVG and CSS, drawn here so no chart library is needed.
import { h } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const s = (tag, attributes = {}, ...children) => {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  children.flat().forEach((c) => element.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return element;
};

/** Horizontal bars, one per row, against a reference line (e.g. 托位/千人 per 街道 against the standard). */
export function barChart({ rows, reference, referenceLabel, unit = '', id }) {
  const width = 320; const labelWidth = 84; const barHeight = 16; const gap = 6;
  const max = Math.max(reference ?? 0, ...rows.map((r) => r.value ?? 0)) * 1.1 || 1;
  const x = (v) => labelWidth + ((width - labelWidth - 36) * v) / max;
  const height = rows.length * (barHeight + gap) + 22;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': referenceLabel ?? '', id: id ?? '' },
    rows.map((row, i) => {
      const y = i * (barHeight + gap);
      return s('g', { class: `bar ${row.ok ? 'ok' : 'short'}` },
        s('title', {}, `${row.label}：${row.value?.toFixed?.(1) ?? '—'}${unit}`),
        s('text', { x: labelWidth - 4, y: y + barHeight - 4, 'text-anchor': 'end' }, row.label),
        s('rect', { x: labelWidth, y, width: Math.max(1, x(row.value ?? 0) - labelWidth), height: barHeight, rx: 2 }),
        s('text', { x: x(row.value ?? 0) + 3, y: y + barHeight - 4, class: 'value' }, row.value?.toFixed?.(1) ?? '—'));
    }),
    reference !== undefined && reference !== null ? [
      s('line', { x1: x(reference), x2: x(reference), y1: 0, y2: height - 18, class: 'reference' }),
      s('text', { x: x(reference), y: height - 4, 'text-anchor': 'middle', class: 'reference-label' }, `${referenceLabel ?? '标准'} ${reference}`),
    ] : []);
  return svg;
}

/** A progress bar of current against required (CSS). */
export const progress = (current, required, met) => {
  const ratio = required > 0 ? Math.min(1, (current ?? 0) / required) : 1;
  return h('span', { class: `progress ${met ? 'met' : 'unmet'}`, title: `${current ?? '—'} / ${required ?? '—'}` },
    h('span', { class: 'fill', style: `width:${(ratio * 100).toFixed(1)}%` }));
};
