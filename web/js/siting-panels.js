// The siting panel's renderings: a result (figures, coverage before/after, the sites), the saved scenarios,
// and two scenarios compared. Each builds DOM from an API answer and calls back for what the user does.
import * as words from './labels.js';
import { figure, fmt, h, select } from './ui.js';

export const COLOURS = { a: '#1d4ed8', b: '#ea580c', shared: '#7c3aed' };
export const SITE_COLOURS = ['#1d4ed8', '#ea580c', '#059669', '#c026d3', '#b45309', '#0891b2', '#dc2626', '#4d7c0f'];
export const siteColour = (i) => SITE_COLOURS[i % SITE_COLOURS.length];

const siteCount = (result) => result.sites?.features?.length ?? 0;
const optimality = (r) => (r.optimal ? '已证明最优' : r.gap !== undefined && r.gap !== null ? `≤ ${fmt.pct(r.gap)}` : '未知');
const solverText = (r) => `${words.word(words.sitingMethods, r.method)} · ${words.word(words.solvers, r.solver)}`;

/** A run's result; onLocate(i) centres the map on the i-th site. */
export function resultView(result, { onLocate }) {
  const unreachable = result.unreachable_demand?.length ?? 0;
  return h('div', { class: 'siting-result', dataset: { scenario: result.id ?? '' } },
    h('p', {}, h('strong', {}, result.name), ` · ${words.word(words.sitingModels, result.model)} · 半径 ${fmt.metres(result.radius_m)}`),
    result.distance ? h('p', { class: 'hint', id: 'siting-measure' }, `服务半径按${words.distanceMeasure(result.distance)}计算。`) : null,
    h('div', { class: 'figures' },
      figure('sites', '新增机构', siteCount(result)),
      figure('objective', words.word(words.sitingObjectives, result.model), fmt.num(result.objective)),
      figure('optimality', '与最优差距', optimality(result), result.bound !== null && result.bound !== undefined ? `界 ${fmt.num(result.bound)}` : null),
      figure('solver', '求解', `${fmt.int(result.time_ms)} ms`, `${solverText(result)} · ${result.candidates} 个候选`)),
    coverageTable(result),
    unreachable ? h('p', { class: 'hint', id: 'siting-unreachable' }, `${unreachable} 个居住区在半径内没有任何候选位置，不计入目标值。`) : null,
    h('ol', { class: 'sites', id: 'siting-sites' }, (result.sites?.features ?? []).map((f, i) => h('li', { dataset: { candidate: f.properties.candidate_id } },
      h('button', { type: 'button', class: 'link', onclick: () => onLocate(i) },
        h('span', { class: 'swatch fill', style: `--c:${siteColour(i)}` }), ` ${f.properties.name}`),
      h('small', {}, ` ${words.word(words.siteSources, f.properties.source)}${f.properties.parcel_code ? ` ${f.properties.parcel_code}` : ''}`),
      h('br'),
      h('small', { class: 'served' }, `服务需求 ${fmt.num(f.properties.served_demand)} 托位 · ${f.properties.demand_points_served} 个居住区 · 新增托位 ${fmt.int(f.properties.capacity)}`)))),
    h('p', { class: 'hint' }, result.distance?.distance === 'network'
      ? '地图上的连线连接每处新址与求解时分配给它的居住区；虚线圈为直线半径，步行可达范围沿道路，比圈小。'
      : '地图上的连线连接每处新址与求解时分配给它的居住区，虚线圈为服务半径。'));
}

/** Coverage before and after the new sites: the district's 2SFCA figures side by side. */
function coverageTable(result) {
  const before = result.coverage_before ?? {};
  const after = result.coverage_after ?? {};
  const rows = before.basis === 'reach'
    ? [['可达需求', 'covered_demand', 1, false]]
    : [['托位缺口', 'gap', 0, true], ['可达托位', 'accessible_slots', 0, false], ['千人可达托位', 'accessible_per_thousand', 2, false],
      ['有缺口的居住区', 'areas_with_gap', 0, true], ['无托位可达的居住区', 'unserved_areas', 0, true]];
  return h('table', { class: 'diff', id: 'siting-coverage' },
    h('thead', {}, h('tr', {}, h('th', {}, '覆盖'), h('th', {}, '选址前'), h('th', {}, '选址后'), h('th', {}, '变化'))),
    h('tbody', {}, rows.map(([title, key, digits, lowerIsBetter]) => {
      const change = (after[key] ?? NaN) - (before[key] ?? NaN);
      const trend = !Number.isFinite(change) || Math.abs(change) < 1e-9 ? '' : (change < 0) === lowerIsBetter ? 'improved' : 'worsened';
      const show = (v) => (digits ? fmt.num(v, digits) : fmt.int(v));
      return h('tr', { class: trend, dataset: { row: key } }, h('th', {}, title), h('td', {}, show(before[key])),
        h('td', { class: 'after' }, show(after[key])), h('td', {}, Number.isFinite(change) ? `${change > 0 ? '+' : ''}${show(change)}` : '—'));
    })));
}

/** The saved scenarios (GET …/scenarios), each to open or delete, and two to compare. */
export function scenarioListView(body, { onOpen, deleteButton, onCompare }) {
  const list = body.scenarios ?? [];
  if (!list.length) return [h('p', { class: 'hint' }, '尚无方案。运行一次选址即自动保存。')];
  const options = Object.fromEntries(list.map((s) => [s.id, `#${s.id} ${s.name}`]));
  const a = select('compare-a', '方案 A', options, String((list[1] ?? list[0]).id));
  const b = select('compare-b', '方案 B', options, String(list[0].id));
  return [
    h('p', { class: 'count' }, body.total > list.length ? `共 ${body.total} 个方案，列出最近 ${list.length} 个` : `共 ${body.total} 个方案`),
    h('ol', { class: 'scenario-list', id: 'scenario-list' }, list.map((s) => h('li', { dataset: { id: s.id } },
      h('div', {}, h('strong', {}, `#${s.id} ${s.name}`)),
      h('small', {}, `${words.word(words.sitingModels, s.model)} · ${s.site_count} 处 · 缺口 ${fmt.int(s.gap_before)} → ${fmt.int(s.gap_after)} 托位 · ${s.optimal ? '已证明最优' : words.word(words.solvers, s.solver)} · ${new Date(s.created_at).toLocaleString('zh-CN', { hour12: false })}`),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'scenario-open', onclick: () => onOpen(s.id) }, '打开'),
        deleteButton(s))))),
    h('div', { class: 'row' }, a.label, b.label),
    h('button', { type: 'button', id: 'compare-run', onclick: () => onCompare(a.input.value, b.input.value) }, '对比 A 与 B'),
  ];
}

/** Two scenarios side by side (GET …/scenarios/compare): a table of their figures and the sites they share or not. */
export function comparisonView(c) {
  const d = c.difference;
  const after = (s) => s.coverage_after ?? {};
  const signed = (v, digits = 1) => (v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${fmt.num(v, digits)}`);
  const better = (v, lowerIsBetter) => (v === null || v === undefined || Math.abs(v) < 1e-9 ? '' : (v < 0) === lowerIsBetter ? 'improved' : 'worsened');
  const rows = [
    ['模型', (s) => `${words.word(words.sitingModels, s.model)}${s.p ? ` p=${s.p}` : ''} · ${fmt.metres(s.radius_m)}`, c.same_model ? '相同' : '不同'],
    ['求解', (s) => `${solverText(s)} · ${fmt.int(s.time_ms)} ms`, ''],
    ['目标值', (s) => `${fmt.num(s.objective)}（${words.word(words.sitingObjectives, s.model)}）`, c.same_model ? signed(d.objective) : '不可比',
      c.same_model ? better(d.objective, c.a.model === 'p_median' || c.a.model === 'lscp') : ''],
    ['与最优差距', optimality, ''],
    ['新增机构', (s) => `${siteCount(s)} 处`, signed(d.sites, 0), ''],
    ['选址后托位缺口', (s) => fmt.int(after(s).gap), signed(d.gap_after, 0), better(d.gap_after, true)],
    ['选址后可达托位', (s) => fmt.int(after(s).accessible_slots), signed(d.accessible_slots_after, 0), better(d.accessible_slots_after, false)],
    ['选址后千人可达托位', (s) => fmt.num(after(s).accessible_per_thousand, 2),
      signed((after(c.b).accessible_per_thousand ?? NaN) - (after(c.a).accessible_per_thousand ?? NaN), 2)],
    ['选址后有缺口的居住区', (s) => fmt.int(after(s).areas_with_gap),
      signed((after(c.b).areas_with_gap ?? NaN) - (after(c.a).areas_with_gap ?? NaN), 0)],
  ];
  const nameOf = (s, id) => {
    const f = (s.sites?.features ?? []).find((x) => x.properties.candidate_id === id);
    return f ? `${f.properties.name}${f.properties.parcel_code ? `（${f.properties.parcel_code}）` : ''}` : id;
  };
  const siteColumn = (key, title, colour, ids, from) => h('div', { class: 'compare-sites-column', dataset: { sites: key } },
    h('h4', {}, h('span', { class: 'swatch fill', style: `--c:${colour}` }), ` ${title}（${ids.length}）`),
    ids.length ? h('ul', { class: 'plain' }, ids.map((id) => h('li', {}, nameOf(from, id)))) : h('p', { class: 'hint' }, '无'));
  return [
    h('h3', {}, '方案对比'),
    c.same_model ? null : h('p', { class: 'hint warn', id: 'compare-not-comparable' }, '两个方案的模型或服务半径不同：目标值不可直接比较，请看选址后的覆盖。'),
    h('table', { class: 'compare', id: 'compare-table' },
      h('thead', {}, h('tr', {}, h('th', {}, ''),
        h('th', { style: `color:${COLOURS.a}` }, `A · ${c.a.name}`), h('th', { style: `color:${COLOURS.b}` }, `B · ${c.b.name}`), h('th', {}, 'B − A'))),
      h('tbody', {}, rows.map(([title, value, diff, trend]) => h('tr', { class: trend ?? '' },
        h('th', {}, title), h('td', {}, value(c.a)), h('td', {}, value(c.b)), h('td', { class: 'after' }, diff))))),
    h('div', { class: 'compare-sites', id: 'compare-sites' },
      siteColumn('common', '两方案共有', COLOURS.shared, c.common_sites, c.a),
      siteColumn('only-a', '仅方案 A', COLOURS.a, c.only_in_a, c.a),
      siteColumn('only-b', '仅方案 B', COLOURS.b, c.only_in_b, c.b)),
  ];
}
