// 用地保障's panel: the ranking's radius and filters, the exports, the list of parcels and a parcel's card; or,
// without a staff sign-in, which one it needs.
import { signInNeeded } from '../auth.js';
import { progress } from '../charts.js';
import * as words from '../labels.js';
import { definitionList, fmt, h, notProvided, replace, section, select, syntheticBadge } from '../ui.js';
import { exportFullCsv, exportGeoJson, exportShownCsv } from './export.js';
import { STATUS_COLOURS } from './map.js';

/**
 * `load()` reloads the ranking (a new radius), `render({ follow })` redraws the list and map (and with `follow` brings
 * the shown parcels into view), `reveal(f, true)` opens a listed parcel.
 */
export function createLandPanel(state, { district, load, render, reveal }) {
  const radius = select('land-radius', '服务半径', { 300: '300 米', 500: '500 米', 1000: '1000 米' }, '300');
  const landUse = select('land-use', '用地性质', { '': '全部', ...words.landUses });
  const status = select('land-status', '现状', { '': '全部', ...words.parcelStatuses });
  const minArea = h('input', { type: 'number', id: 'land-min-area', min: 0, step: 500, placeholder: '0' });
  const top = select('land-top', '显示', { '': '全部', 5: '前 5 名', 10: '前 10 名' });
  const order = select('land-order', '排序', { rank: '按排名', score: '按得分' }, 'rank');
  const notice = h('div', { id: 'land-notice' });
  const count = h('p', { class: 'count', id: 'parcel-count' });
  const list = h('ol', { class: 'results parcels', id: 'parcel-list' });
  const card = h('div', { id: 'parcel-detail', class: 'detail', hidden: true });

  const passes = (p) => (!landUse.input.value || p.land_use === landUse.input.value)
    && (!status.input.value || p.status === status.input.value)
    && (p.area_m2 ?? 0) >= (Number(minArea.value) || 0);

  // 按得分 re-sorts the list only: the ranks (and their reasons) stay those of the ranking.
  const visible = () => {
    const shown = state.parcels.filter((f) => passes(f.properties));
    if (state.ranked && order.input.value === 'score') shown.sort((a, b) => b.properties.score - a.properties.score || a.properties.rank - b.properties.rank);
    return top.input.value ? shown.slice(0, Number(top.input.value)) : shown;
  };

  const access = h('div', { id: 'land-access' });
  const content = h('div', { id: 'land-content' },
    section('储备用地优先级',
      h('p', { class: 'hint' }, '按地块服务半径内未满足的托位需求、用地兼容性、现状与面积排序。'),
      h('div', { class: 'row' }, radius.label, top.label, order.label),
      h('div', { class: 'row' }, landUse.label, status.label,
        h('label', { class: 'field', for: 'land-min-area' }, h('span', {}, '最小面积（平方米）'), minArea)),
      h('div', { class: 'row' },
        h('button', { type: 'button', id: 'export-csv', onclick: () => exportShownCsv(visible(), district()) }, '导出 CSV'),
        h('button', { type: 'button', id: 'export-geojson', onclick: () => exportGeoJson(visible(), district()) }, '导出 GeoJSON'),
        h('button', { type: 'button', id: 'export-csv-full', onclick: () => exportFullCsv(district(), radius.input.value), title: '服务端生成：全部地块与得分构成，不受筛选影响' }, '完整排名 CSV')),
      notice),
    card,
    section('地块列表', count, list));
  const element = h('div', { class: 'view view-land' }, access, content);

  radius.input.addEventListener('change', () => load());
  // The map follows a change of filter to the parcels it leaves: after a card's zoom, the filtered set may lie elsewhere.
  [landUse, status, top, order].forEach((c) => c.input.addEventListener('change', () => render({ follow: true })));
  minArea.addEventListener('input', () => render({ follow: true }));

  return {
    element,
    card,
    radius: () => radius.input.value,
    visible,
    /** Whether a tile's parcel that the list does not know is drawn: no top-N chosen, and the filters keep it. */
    keepsUnlisted: (p) => !top.input.value && passes(p),

    /** The 排序 choice means something only when there is a ranking. */
    showOrder(ranked) { order.label.hidden = !ranked; },

    showAccess(allowed) {
      content.hidden = !allowed;
      element.dataset.access = allowed ? 'granted' : 'denied';
      replace(access, allowed ? null : section('用地保障', signInNeeded('readParcels', '查看地块与储备用地优先级', 'land-sign-in')));
    },

    /** The ranking's summary line, or (null) that the ranking is missing and the parcels are coloured by status. */
    showSummary(parameters) {
      replace(notice, parameters
        ? h('p', { class: 'hint', id: 'land-summary' },
          `${parameters.district_name}：${fmt.metres(parameters.radius_m)} 内未满足托位合计 ${fmt.int(parameters.unmet_demand_total)} 个（按${words.distanceMeasure(parameters.distance)}）。已出让地块排在最后。`)
        : notProvided('优先级排序', '以下按现状着色列出全部地块'));
    },

    showList(shown) {
      const { ranked } = state;
      const sorted = order.input.value === 'score' ? '（按得分排序，名次仍为优先级排名）' : '（按优先级排序）';
      count.textContent = `共 ${state.parcels.length} 块，筛选后 ${shown.length} 块${ranked ? sorted : ''}`;
      replace(list, shown.map((f) => {
        const p = f.properties;
        return h('li', { class: 'result parcel', dataset: { code: p.code } },
          h('button', { type: 'button', onclick: () => reveal(f, true) },
            ranked ? h('span', { class: 'rank' }, p.rank) : h('span', { class: 'rank', style: `background:${STATUS_COLOURS[p.status] ?? '#64748b'}`, title: words.word(words.parcelStatuses, p.status) }, ''),
            h('span', { class: 'name' }, `${p.code} ${p.name}`),
            h('span', { class: 'distance' }, `${fmt.int(p.area_m2)} 平方米`),
            h('span', { class: 'meta' }, `${words.word(words.landUses, p.land_use)} · ${words.word(words.parcelStatuses, p.status)}`,
              ranked ? ` · 未满足需求 ${fmt.num(p.unmet_demand)} 托位 · 得分 ${fmt.num(p.score)}` : ''),
            p.reason ? h('span', { class: 'reason' }, p.reason) : null));
      }));
    },

    /** Opens the card of `f`; `onEdit` (when given) adds the edit button. */
    showCard(f, { close, onEdit }) {
      replace(card, h('button', { class: 'close', type: 'button', 'aria-label': '关闭', onclick: close }, '×'),
        parcelCard(f.properties, state.ranked, onEdit));
      card.hidden = false;
      list.querySelectorAll('li').forEach((li) => li.classList.toggle('selected', li.dataset.code === f.properties.code));
    },

    hideCard() { card.hidden = true; },
  };
}

const parcelCard = (p, ranked, onEdit) => h('article', { class: 'card parcel-card' },
  h('h3', {}, ranked ? `第 ${p.rank} 名 · ` : '', p.code, ' ', p.name, ' ', syntheticBadge(p)),
  p.reason ? h('p', { class: 'reason' }, p.reason) : null,
  definitionList([
    ['用地性质', words.word(words.landUses, p.land_use)], ['现状', words.word(words.parcelStatuses, p.status)],
    ['面积', `${fmt.int(p.area_m2)} 平方米`], ['权属', p.owner ?? '—'],
    ['可划拨', p.allocation_eligible === undefined ? '—' : p.allocation_eligible ? '是' : '否'],
    ...(ranked ? [
      ['未满足需求', `${fmt.num(p.unmet_demand)} 托位（半径内 ${p.residential_areas_within} 个居住区）`],
      ['可容纳', `约 ${fmt.int(p.estimated_places)} 托位${p.size_adequate ? '' : '（面积不足一处托育机构）'}`],
      ['用地兼容', p.compatible_land_use ? '是' : '否（需调整用地性质）'],
      ['得分', `${fmt.num(p.score)} 分（满分 100 分）`],
    ] : []),
  ]),
  p.components ? componentTable(p.components) : null,
  onEdit ? h('div', { class: 'row' }, h('button', { type: 'button', id: 'parcel-edit', onclick: onEdit }, '编辑地块属性')) : null);

/** The score's parts with their maxima (PriorityComponents): demand 0–50, land use 0/20, status 0–15, size 0–10, allocation 0/5. */
const components = [['demand', '未满足需求', 50], ['land_use', '用地兼容', 20], ['status', '现状', 15], ['size', '面积', 10], ['allocation', '可划拨', 5]];
const componentTable = (c) => h('table', { class: 'components', id: 'parcel-components' }, h('caption', {}, '得分构成'),
  h('tbody', {}, components.map(([key, title, max]) => h('tr', { dataset: { component: key } },
    h('th', {}, title), h('td', {}, `${fmt.num(c[key])} / ${max} 分`), h('td', { class: 'bar-cell' }, progress(c[key], max, true))))));
