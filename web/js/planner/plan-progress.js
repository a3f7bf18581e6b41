// 目标进度: the district's plan targets (its own and those it inherits) as of a day, each with its value in its
// unit, a sparkline of its yearly series against the target value and the due date, the requirement, the status
// and the document it comes from; the standards that bind it; then the roll-up of the units below it and, when its
// city or province is on record, of that unit's children against their own targets and the parent's. Planners and
// admins add, edit and delete the unit's own items here (planner/plan-editor.js); the API decides, the page follows.
import { api, query } from '../api.js';
import { sparkline } from '../charts.js';
import * as words from '../labels.js';
import { session } from '../session.js';
import { chineseOnly, fmt, h, notProvided, replace, section, showError, showNotice } from '../ui.js';
import { createPlanEditor } from './plan-editor.js';

/** The kinds of target and standard (GET /api/targets/kinds): each one's name, unit, decimals and fields. */
let kinds = null;
const loadKinds = async () => (kinds ??= await api('/api/targets/kinds'));
const targetKind = (kind) => kinds.targets.find((k) => k.kind === kind);
const standardKind = (kind) => kinds.standards.find((k) => k.kind === kind);

/** A figure in its kind's unit: a share as a percentage, a count in 家/块/条, 托位 per 1,000 with one decimal. */
export const inUnit = (k, value) => {
  if (value === null || value === undefined) return '—';
  if (!k) return fmt.num(value, 1);
  return k.share ? `${fmt.num(value * 100, k.digits)}%` : `${fmt.num(value, k.digits)} ${k.unit}`;
};

const comparisons = { at_least: '≥', at_most: '≤', equal: '=' };
const requirement = (k, c, value, max) => (c === 'between' ? `${inUnit(k, value)}–${inUnit(k, max)}` : `${comparisons[c] ?? ''} ${inUnit(k, value)}`);
const statusClass = (status) => (status === 'met' ? 'ok' : status === 'on_track' ? 'info' : status === 'overdue' || status === 'not_met' ? 'overdue' : 'warn');
const badge = (status) => (status
  ? h('span', { class: `badge ${statusClass(status)}`, style: 'white-space:nowrap', dataset: { status } }, words.word(words.goalStatuses, status))
  : h('span', { class: 'badge', style: 'white-space:nowrap' }, '无法计算'));
const due = (t) => (t.standing ? '长期' : t.due ? `${t.due} 前` : '—');
const origin = (item) => (item.unit === 'national' ? '国家' : `${item.unit_name}${item.inherited ? '（上级）' : ''}`);

/** The sparkline of a target's series, labelled for a screen reader with its first and last values. */
function trend(p, k) {
  const t = p.target;
  if (!p.series?.length) return null;
  const [first, last] = [p.series[0], p.series[p.series.length - 1]];
  const label = `${t.name}：${first.on} ${inUnit(k, first.value)}，${last.on} ${inUnit(k, last.value)}；`
    + `要求 ${requirement(k, t.comparison, t.value, t.value_max)}${t.due ? `，期限 ${t.due}` : '，长期'}`;
  return sparkline({ series: p.series, goal: t.value, due: t.due, format: (v) => inUnit(k, v), label });
}

export function createPlanProgress(ctx) {
  const box = h('div', { id: 'plan-progress' });
  const standardsBox = h('div', { id: 'plan-standards' });
  const rollups = h('div', { id: 'plan-rollups' });
  const asOf = h('input', { type: 'date', id: 'plan-as-of-date', onchange: () => load().catch((e) => showError(e, '规划目标进度')) });
  const toolbar = h('div', { class: 'row plan-tools' },
    h('label', { class: 'field', for: 'plan-as-of-date' }, h('span', {}, '截至日期'), asOf));
  let latest = { targets: [], standards: [] };

  const editable = (item) => session.can('plan') && item.id !== null && item.id !== undefined && !item.inherited && item.unit !== 'national';
  const editorUnits = () => [
    ctx.district && { code: ctx.district.properties.code, name: ctx.district.properties.name },
    ...(ctx.subdistricts?.features ?? []).map((f) => ({ code: f.properties.code, name: f.properties.name })),
  ].filter(Boolean);
  const editor = createPlanEditor({
    kinds: () => kinds,
    units: editorUnits,
    find: (mode, id) => (mode === 'target' ? latest.targets : latest.standards).find((item) => item.id === id),
    reload: () => load(),
  });
  const addButtons = h('div', { class: 'row plan-add', hidden: true },
    h('button', { type: 'button', id: 'plan-add-target', onclick: () => editor.open('target') }, '新增目标'),
    h('button', { type: 'button', id: 'plan-add-standard', onclick: () => editor.open('standard') }, '新增标准'));
  const panel = section('规划目标进度', toolbar, addButtons, editor.element, box,
    h('h3', {}, '适用标准'), standardsBox, h('h3', {}, '下级单位汇总'), rollups);

  async function remove(mode, item) {
    const noun = mode === 'target' ? '目标' : '标准';
    if (!window.confirm(`确定删除${noun}“${item.name ?? standardKind(item.kind)?.name}”吗？删除会记入审计日志。`)) return;
    try {
      await api(`/api/${mode}s/${item.id}`, { method: 'DELETE', ifMatch: `"${item.version}"` });
      showNotice(`${noun}已删除`);
    } catch (error) {
      if (error.status !== 409) throw error;
      showNotice(`该${noun}已被他人修改，已重新载入；请核对后再删除`, 8000, { warn: true });
    }
    await load();
  }

  const actions = (mode, item) => (editable(item)
    ? h('span', { class: 'row-actions' },
      h('button', { type: 'button', class: 'edit', onclick: () => editor.open(mode, item) }, '编辑'),
      h('button', { type: 'button', class: 'delete', onclick: () => remove(mode, item).catch((e) => showError(e, '删除')) }, '删除'))
    : null);

  function targetRow(p) {
    const t = p.target;
    const k = targetKind(t.kind);
    const units = p.units?.map((u) => h('li', {}, `${u.name}：${inUnit(k, u.current)}（要求 ${requirement(k, u.comparison, u.value, u.value_max)}）`, ' ', badge(u.status)));
    return h('tr', { dataset: { key: t.key, kind: t.kind, id: t.id ?? '' }, title: `${t.source.document}：“${t.source.clause ?? ''}”` },
      h('td', {}, t.name, h('br'), h('small', {}, `${origin(t)} · ${chineseOnly(t.source.document)}`), actions('target', t)),
      h('td', { class: 'current' }, p.not_computed && !units ? h('small', { class: 'not-computed' }, chineseOnly(p.not_computed)) : units ? h('ul', { class: 'plain' }, units) : inUnit(k, p.current),
        p.basis ? [h('br'), h('small', { class: 'basis' }, p.basis)] : null, trend(p, k)),
      h('td', { dataset: { label: '要求' } }, t.comparison ? requirement(k, t.comparison, t.value, t.value_max) : '按下级单位'),
      h('td', {}, badge(p.status), p.over_quota ? h('span', { class: 'badge warn' }, '超出名额') : null),
      h('td', { dataset: { label: '期限' } }, due(t)));
  }

  const progressTable = (body) => [
    h('p', { class: 'hint', id: 'plan-as-of' }, `截至 ${body.as_of}；${body.plan === 'own' ? '本级及上级规划文件' : '未录入本地规划，仅适用国家规则'}。悬停查看条款原文。`),
    h('table', { class: 'plan-targets' },
      h('thead', {}, h('tr', {}, h('th', {}, '目标'), h('th', {}, '现状与趋势'), h('th', {}, '要求'), h('th', {}, '状态'), h('th', {}, '期限'))),
      h('tbody', {}, body.targets.map(targetRow))),
  ];

  const standardsTable = (standards) => h('table', { class: 'plan-standards' },
    h('thead', {}, h('tr', {}, h('th', {}, '标准'), h('th', {}, '取值'), h('th', {}, '来源'))),
    h('tbody', {}, standards.map((s) => {
      const k = standardKind(s.kind);
      return h('tr', { dataset: { kind: s.kind, id: s.id ?? '' }, title: `${s.source.document}${s.source.clause ? `：“${s.source.clause}”` : ''}` },
        h('td', {}, k?.name ?? s.kind, actions('standard', s)),
        h('td', {}, inUnit(k, s.value), s.due ? h('small', {}, h('br'), `${s.due} 起`) : null),
        h('td', {}, h('small', {}, `${origin(s)} · ${chineseOnly(s.source.document)}`)));
    })));

  /** One row per child unit: its standing on its own targets, and on those of the unit above (plain names only). */
  const standing = (list) => (list.length
    ? h('ul', { class: 'plain' }, list.map((p) => h('li', {}, `${p.target.name}：${inUnit(targetKind(p.target.kind), p.current)} `, badge(p.status))))
    : '—');
  /** How a child unit's 托位/千人 were walked: per district, on its walking network or in a straight line. */
  const measured = (distances) => {
    if (!distances?.length) return null;
    const word = (d) => (d.distance.distance === 'network' ? '步行路网' : '直线距离');
    const text = distances.length === 1 ? `按${word(distances[0])}`
      : ['步行路网', '直线距离'].map((w) => [w, distances.filter((d) => word(d) === w).map((d) => d.name)])
        .filter(([, names]) => names.length).map(([w, names]) => `${names.join('、')}按${w}`).join('；');
    return [h('br'), h('small', { class: 'measure' }, text)];
  };
  function rollupTable(body) {
    if (!body.units.length) return h('p', { class: 'hint' }, `${body.name}没有下级单位记录`);
    return h('table', { class: 'plan-rollup', dataset: { unit: body.unit } },
      h('caption', {}, `${body.name}各下级单位（截至 ${body.as_of}）`),
      h('thead', {}, h('tr', {}, h('th', {}, '单位'), h('th', {}, '已达标'), h('th', {}, '本级目标'), h('th', {}, '上级目标'))),
      h('tbody', {}, body.units.map((u) => {
        const judged = u.targets.filter((p) => p.status);
        const met = judged.filter((p) => ['met', 'on_track'].includes(p.status)).length;
        return h('tr', { dataset: { unit: u.unit } }, h('th', { scope: 'row' }, u.name, measured(u.distances)), h('td', { class: 'met-count' }, `${met} / ${judged.length} 项`),
          h('td', { class: 'own' }, standing(u.targets.filter((p) => !p.target.inherited))),
          h('td', { class: 'parent' }, standing(u.targets.filter((p) => p.target.inherited))));
      })));
  }

  async function rollup(unit, date) {
    try {
      const body = await api(`/api/targets/rollup?${query({ unit, as_of: date })}`);
      return rollupTable(body);
    } catch (error) {
      if (error.status === 404 || error.notProvided) return null;
      throw error;
    }
  }

  async function load() {
    const unit = ctx.districtCode;
    const date = asOf.value || undefined;
    let progress;
    let standards;
    try {
      [, progress, standards] = await Promise.all([loadKinds(), api(`/api/targets/progress?${query({ unit, as_of: date })}`), api(`/api/standards?${query({ unit })}`)]);
    } catch (error) {
      if (!error.notProvided) throw error;
      replace(box, notProvided('规划目标进度'));
      return;
    }
    latest = { targets: progress.targets.map((p) => p.target), standards };
    if (!asOf.value) asOf.value = progress.as_of;
    addButtons.hidden = !session.can('plan');
    replace(box, progressTable(progress));
    replace(standardsBox, standardsTable(standards));

    const parent = ctx.district?.properties.parent_code;
    replace(rollups, ...(await Promise.all([rollup(unit, date), parent ? rollup(parent, date) : null])).filter(Boolean));
    box.dataset.loaded = String(Date.now());
  }

  return { panel, load };
}
