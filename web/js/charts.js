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

/**
 * A target's yearly series as a sparkline, drawn at its own pixel size so its labels stay readable: one dot per
 * point (its value in its unit on hover), the target value as a dashed line and the due date as an upright one.
 * `format` writes a value in its unit; `goal` and `due` may be absent (a standing target has no due date).
 */
export function sparkline({ series, goal, due, format, label }) {
  const width = 260; const height = 64; const left = 4; const right = 8; const top = 16; const bottom = 16;
  const day = (text) => Date.parse(`${text}T00:00:00Z`) / 86400000;
  const first = day(series[0].on);
  const last = Math.max(day(series[series.length - 1].on), due ? day(due) : -Infinity);
  const span = last - first || 1;
  const max = Math.max(goal ?? 0, ...series.map((p) => p.value)) * 1.15 || 1;
  const x = (text) => left + ((width - left - right) * (day(text) - first)) / span;
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  // The due date's label ends at its line, or starts there when the line stands near the left; the first year's
  // label gives way where the two would overlap.
  const dueX = due ? x(due) : null;
  const dueAtEnd = dueX !== null && dueX > 135;
  const startLabel = dueX === null || dueAtEnd || dueX > 50;
  return s('svg', { class: 'chart sparkline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
    s('title', {}, label),
    goal !== undefined && goal !== null ? [
      s('line', { class: 'goal', x1: left, x2: width - right, y1: y(goal), y2: y(goal) }),
      s('text', { class: 'goal-label', x: width - right, y: Math.max(12, y(goal) - 3), 'text-anchor': 'end' }, `目标 ${format(goal)}`),
    ] : [],
    due ? [
      s('line', { class: 'due', x1: dueX, x2: dueX, y1: top - 4, y2: height - bottom }),
      s('text', { class: 'due-label', x: dueAtEnd ? dueX : dueX + 3, y: height - 3, 'text-anchor': dueAtEnd ? 'end' : 'start' }, `${due}前`),
    ] : [],
    startLabel ? s('text', { class: 'axis-label', x: left, y: height - 3 }, `${series[0].on.slice(0, 4)}年`) : [],
    s('polyline', { class: 'series', points: series.map((p) => `${x(p.on).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ') }),
    series.map((p) => s('circle', { class: 'point', cx: x(p.on).toFixed(1), cy: y(p.value).toFixed(1), r: 2.5, 'data-on': p.on },
      s('title', {}, `${p.on}：${format(p.value)}`))));
}
