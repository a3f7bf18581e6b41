// 目标进度: the district's plan targets (its own and those it inherits) as of a day, each with its value in its
// unit, the requirement, the status and the document it comes from; then the roll-up of the units below it and,
// when its city or province is on record, of that unit's children against their own targets and the parent's.
import { api, query } from '../api.js';
import * as words from '../labels.js';
import { fmt, h, notProvided, replace, section } from '../ui.js';

/** Each kind's unit and rounding; shares are fractions and read as percentages. */
const kindUnits = {
  slots_per_thousand: { unit: '托位/千人', digits: 1 }, institution_count: { unit: '家', digits: 0 },
  institutions_per_subdistrict: { percent: true }, affordable_slot_share: { percent: true }, nursing_room_share: { percent: true },
  housing_delivered_facility_share: { percent: true }, land_reserved: { unit: '块', digits: 0 }, custom_count: { unit: '条', digits: 0 },
};

export const inUnit = (kind, value) => {
  if (value === null || value === undefined) return '—';
  const u = kindUnits[kind] ?? { unit: '', digits: 1 };
  return u.percent ? `${fmt.num(value * 100, 1)}%` : `${fmt.num(value, u.digits)} ${u.unit}`.trim();
};

const comparisons = { at_least: '≥', at_most: '≤', equal: '=' };
const requirement = (kind, c, value, max) => (c === 'between' ? `${inUnit(kind, value)}–${inUnit(kind, max)}` : `${comparisons[c] ?? ''} ${inUnit(kind, value)}`);
const badge = (status) => (status
  ? h('span', { class: `badge ${status === 'met' ? 'ok' : status === 'on_track' ? 'info' : 'warn'}`, style: 'white-space:nowrap', dataset: { status } }, words.word(words.goalStatuses, status))
  : h('span', { class: 'badge', style: 'white-space:nowrap' }, '无法计算'));
// The API's reasons are Chinese first with an English gloss in full-width brackets: the page shows the Chinese.
const chineseOnly = (text) => text.replace(/（[^）]*[A-Za-z][^）]*）/g, '');
const due = (t) => (t.standing ? '长期' : t.due ? `${t.due} 前` : '—');

function targetRow(p) {
  const t = p.target;
  const units = p.units?.map((u) => h('li', {}, `${u.name}：${inUnit(t.kind, u.current)}（要求 ${requirement(t.kind, u.comparison, u.value, u.value_max)}）`, ' ', badge(u.status)));
  return h('tr', { dataset: { key: t.key, kind: t.kind }, title: `${t.source.document}：“${t.source.clause ?? ''}”` },
    h('td', {}, t.name, h('br'), h('small', {}, `${t.unit === 'national' ? '国家' : t.unit_name}${t.inherited && t.unit !== 'national' ? '（上级）' : ''} · ${chineseOnly(t.source.document)}`)),
    h('td', { class: 'current' }, p.not_computed && !units ? h('small', { class: 'not-computed' }, chineseOnly(p.not_computed)) : units ? h('ul', { class: 'plain' }, units) : inUnit(t.kind, p.current),
      p.basis ? [h('br'), h('small', { class: 'basis' }, p.basis)] : null),
    h('td', {}, t.comparison ? requirement(t.kind, t.comparison, t.value, t.value_max) : '按下级单位'),
    h('td', {}, badge(p.status), p.over_quota ? h('span', { class: 'badge warn' }, '超出名额') : null),
    h('td', {}, due(t)));
}

export function progressTable(body) {
  return [
    h('p', { class: 'hint', id: 'plan-as-of' }, `截至 ${body.as_of}；${body.plan === 'own' ? '本级及上级规划文件' : '未录入本地规划，仅适用国家规则'}。悬停查看条款原文。`),
    h('table', { class: 'plan-targets' },
      h('thead', {}, h('tr', {}, h('th', {}, '目标'), h('th', {}, '现状'), h('th', {}, '要求'), h('th', {}, '状态'), h('th', {}, '期限'))),
      h('tbody', {}, body.targets.map(targetRow))),
  ];
}

/** One row per child unit: how many of its targets are met, and which are not. */
export function rollupTable(body) {
  if (!body.units.length) return h('p', { class: 'hint' }, `${body.name}没有下级单位记录`);
  return h('table', { class: 'plan-rollup', dataset: { unit: body.unit } },
    h('caption', {}, `${body.name}各下级单位（截至 ${body.as_of}）`),
    h('thead', {}, h('tr', {}, h('th', {}, '单位'), h('th', {}, '已达标'), h('th', {}, '未达标的目标'))),
    h('tbody', {}, body.units.map((u) => {
      const judged = u.targets.filter((p) => p.status);
      const short = judged.filter((p) => !['met', 'on_track'].includes(p.status));
      return h('tr', { dataset: { unit: u.unit } }, h('td', {}, u.name), h('td', {}, `${judged.length - short.length} / ${judged.length} 项`),
        h('td', {}, short.length ? short.map((p) => `${p.target.name}（${inUnit(p.target.kind, p.current)}，${words.word(words.goalStatuses, p.status)}）`).join('；') : '—'));
    })));
}

export function createPlanProgress(ctx) {
  const box = h('div', { id: 'plan-progress' });
  const rollups = h('div', { id: 'plan-rollups' });
  const panel = section('规划目标进度', box, h('h3', {}, '下级单位汇总'), rollups);

  async function rollup(unit) {
    try {
      return rollupTable(await api(`/api/targets/rollup?${query({ unit })}`));
    } catch (error) {
      if (error.status === 404 || error.notProvided) return null;
      throw error;
    }
  }

  async function load() {
    const unit = ctx.districtCode;
    try {
      replace(box, progressTable(await api(`/api/targets/progress?${query({ unit })}`)));
    } catch (error) {
      if (!error.notProvided) throw error;
      replace(box, notProvided('规划目标进度'));
      return;
    }

    const parent = ctx.district?.properties.parent_code;
    replace(rollups, ...(await Promise.all([rollup(unit), parent ? rollup(parent) : null])).filter(Boolean));
  }

  return { panel, load };
}
