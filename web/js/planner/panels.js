// 规划分析's panel sections, each drawn from one analysis answer: the district's figures, 托位/千人 by 街道, the
// targets and 母婴室 coverage of required venues.
import { barChart, progress } from '../charts.js';
import * as words from '../labels.js';
import { figure, fmt, h, syntheticBadge } from '../ui.js';

/** The district's figures of a coverage answer. */
export function summaryFigures(d) {
  if (!d) return h('p', {}, '无汇总');
  return h('div', { class: 'figures' },
    figure('population', '常住人口', fmt.int(d.population)),
    figure('children', '3岁以下婴幼儿', fmt.int(d.children_under3)),
    figure('approved', '核定托位', fmt.int(d.approved_slots)),
    figure('per-thousand', '千人托位', fmt.num(d.slots_per_thousand), `要求 ${fmt.num(d.required_per_thousand)}`),
    figure('required', '所需托位', fmt.int(d.required_slots)),
    figure('accessible', '步行可达托位', fmt.int(d.accessible_slots)),
    figure('gap', '托位缺口', fmt.int(d.gap)),
    figure('unserved', '未覆盖婴幼儿', fmt.int(d.unserved_children)),
    figure('institutions', '托育机构', fmt.int(d.institutions), `规范化 ${d.standardised ?? '—'} · 示范 ${d.demonstration ?? '—'}`),
    figure('puhui', '普惠占比', fmt.pct(d.puhui_share)));
}

/**
 * What the figures count: staff who count unfiled institutions see them beside the public's filed-only figures
 * (`filed_only`), each column named by the answer's own label; everyone else sees the one label.
 */
export function supplyComparison(coverage) {
  const own = coverage.district ?? {};
  const filed = coverage.filed_only;
  const label = coverage.parameters?.supply_label;
  if (!filed) return label ? h('p', { class: 'hint', dataset: { figure: 'supply-label' } }, `口径：${label}`) : null;
  const f = filed.district ?? {};
  const rows = [
    ['千人托位（托位/千人）', fmt.num(own.slots_per_thousand), fmt.num(f.slots_per_thousand)],
    ['步行可达托位（个）', fmt.int(own.accessible_slots), fmt.int(f.accessible_slots)],
    ['托位缺口（个）', fmt.int(own.gap), fmt.int(f.gap)],
    ['托育机构（家）', fmt.int(own.institutions), fmt.int(f.institutions)],
  ];
  return h('table', { class: 'compare', dataset: { figure: 'supply-compare' } },
    h('caption', {}, '两种口径对照'),
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, label ?? '本次口径'), h('th', {}, filed.supply_label))),
    h('tbody', {}, rows.map(([name, a, b]) => h('tr', {}, h('th', {}, name), h('td', {}, a), h('td', {}, b)))));
}

/** 托位/千人 of each 街道 against the district's requirement. */
export const subdistrictChart = (coverage) => (coverage.subdistricts?.length
  ? barChart({ id: 'chart-subdistricts', rows: coverage.subdistricts.map((s) => ({ label: s.name, value: s.slots_per_thousand, ok: s.meets_local_standard })), reference: coverage.district?.required_per_thousand, referenceLabel: '要求' })
  : h('p', { class: 'hint' }, '无街道数据'));

/** Each target's unit, and the one rounding its figures get everywhere (the summary's 千人托位 too: one decimal). */
const targetUnits = {
  slots_per_thousand: { unit: '托位/千人', digits: 1 }, national_slots_per_thousand: { unit: '托位/千人', digits: 1 },
  local_standard: { unit: '托位/千人', digits: 1 }, standardised_institutions: { unit: '家', digits: 0 },
  demonstration_institutions: { unit: '家', digits: 0 }, institutions_per_subdistrict: { unit: '个街镇', digits: 0 },
  nursing_rooms: { unit: '处', digits: 0 }, nursing_room_coverage: { unit: '%', digits: 1, percent: true }, puhui_share: { unit: '%', digits: 1, percent: true },
};
export const withUnit = (kind, value) => {
  const u = targetUnits[kind] ?? { unit: '', digits: Number.isInteger(value) ? 0 : 1 };
  return `${fmt.num(u.percent ? value * 100 : value, u.digits)}${u.unit === '%' ? '%' : ` ${u.unit}`}`.trim();
};

/**
 * Each target with its current value and requirement in their unit, shortfall and due date; its source on hover.
 * The API names a target's unit by its adcode ("（2025-12-31前，350102）"): `unitNames` (code → name) puts the name there.
 */
export function targetsTable(body, unitNames = {}) {
  const named = (text) => text.replace(/\b\d{6}(\d{3})?\b/g, (code) => unitNames[code] ?? code);
  return [
    h('p', { class: 'hint' }, `截至 ${body.as_of ?? '今日'}；托位可达按${words.distanceMeasure(body.parameters?.distance)}计算；悬停查看依据。`),
    h('table', { class: 'targets' },
      h('thead', {}, h('tr', {}, h('th', {}, '目标'), h('th', {}, '现状 / 要求'), h('th', {}, ''), h('th', {}, '期限'))),
      h('tbody', {}, (body.targets ?? []).map((t) => h('tr', { class: t.met ? 'met' : 'unmet', title: t.source ?? '', dataset: { kind: t.kind ?? '' } },
        h('td', {}, named(t.target ?? words.word(words.targetNames, t.kind)),
          t.not_met_in?.length ? h('small', { class: 'not-met-in' }, h('br'), `未达标：${t.not_met_in.map((u) => u.name).join('、')}`) : null),
        h('td', {}, `现状 ${withUnit(t.kind, t.current)}`, h('br'), `要求 ${withUnit(t.kind, t.required)}`, h('br'), progress(t.current, t.required, t.met)),
        h('td', {}, t.met ? h('span', { class: 'badge ok' }, '达标') : h('span', { class: 'badge warn' }, `还差 ${withUnit(t.kind, t.shortfall)}`),
          t.overdue ? h('span', { class: 'badge overdue' }, '已逾期') : null),
        h('td', {}, t.due_date ?? '—'))))),
  ];
}

/** The share of required venues with a 母婴室, and the venues and rooms short of the standard. */
export function nursingSummary(body) {
  const required = body.required_places ?? 0;
  const withRoom = body.places_with_room ?? 0;
  const lacking = body.places_lacking?.features ?? [];
  const nonCompliant = body.non_compliant_rooms?.features ?? [];
  return [
    h('div', { class: 'figures' },
      figure('nursing-coverage', '应配置场所的配置率', required ? fmt.pct(withRoom / required) : '—', `${withRoom} / ${required} 处`),
      figure('nursing-noncompliant', '设施不全的母婴室', nonCompliant.length)),
    progress(withRoom, required, withRoom >= required),
    lacking.length ? h('details', {}, h('summary', {}, `应设未设的场所（${lacking.length}）`),
      h('ul', { class: 'plain' }, lacking.map((f) => h('li', {}, f.properties.name, ' ', h('small', {}, words.word(words.venueTypes, f.properties.place_type)), ' ', syntheticBadge(f.properties))))) : null,
    nonCompliant.length ? h('details', {}, h('summary', {}, `设施不全的母婴室（${nonCompliant.length}）`),
      h('ul', { class: 'plain' }, nonCompliant.map((f) => h('li', {}, f.properties.name, h('small', {}, ` ${words.roomShortfallDetail(f.properties)}`))))) : null,
  ];
}
