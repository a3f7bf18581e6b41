// 用地保障: candidate parcels ranked by the unmet demand they would serve (/api/analysis/priority-parcels), the
// reason for each, filters, and an export of the list as shown (CSV for the 年度用地计划, or GeoJSON).
// Parcels are never public: without a staff sign-in the view says which one it needs. Land officers may edit a
// parcel's attributes; the edit carries the version it was read at, so a parcel changed meanwhile is not overwritten.
import { api, query } from './api.js';
import { signInNeeded } from './auth.js';
import { legendRow } from './basemap.js';
import { progress } from './charts.js';
import * as words from './labels.js';
import { checkbox, definitionList, select } from './public.js';
import { session } from './session.js';
import { useTiles, vectorTiles } from './tiles.js';
import { download, fmt, h, replace, section, showError, showNotice, syntheticBadge } from './ui.js';

const RANK_COLOURS = ['#7f1d1d', '#b91c1c', '#ef4444', '#f97316', '#fdba74', '#fde68a'];
const STATUS_COLOURS = { idle: '#dc2626', low_efficiency: '#f97316', compatible: '#2563eb', reserve: '#7c3aed', sold: '#94a3b8' };

export function createLandView(ctx) {
  let parcels = []; // features; ranked when the analysis answered
  let ranked = false;
  let selected = null;
  // When the district's parcels are many (or tiles=on) the map draws them from vector tiles, styled from the ranking
  // by id; the ranking and list stay as they are, and a card reads the rest of a parcel when it opens.
  let tiles = null;
  let byId = new Map();
  let shownIds = new Set();
  const completed = new WeakSet();

  const radius = select('land-radius', '服务半径', { 300: '300 米', 500: '500 米', 1000: '1000 米' }, '300');
  const landUse = select('land-use', '用地性质', { '': '全部', ...words.landUses });
  const status = select('land-status', '现状', { '': '全部', ...words.parcelStatuses });
  const minArea = h('input', { type: 'number', id: 'land-min-area', min: 0, step: 500, placeholder: '0' });
  const top = select('land-top', '显示', { '': '全部', 5: '前 5 名', 10: '前 10 名' });
  const notice = h('div', { id: 'land-notice' });
  const count = h('p', { class: 'count', id: 'parcel-count' });
  const list = h('ol', { class: 'results parcels', id: 'parcel-list' });
  const card = h('div', { id: 'parcel-detail', class: 'detail', hidden: true });
  const layer = L.geoJSON(null, {
    pane: 'areas',
    style: (f) => style(f),
    onEachFeature: (f, l) => {
      l.on('click', () => open(f));
      l.bindTooltip(() => `${f.properties.rank ? `第 ${f.properties.rank} 名 · ` : ''}${f.properties.code} ${f.properties.name}`, { sticky: true });
    },
  });
  const shapes = L.layerGroup([layer]); // the GeoJSON layer or the tiles
  const labels = L.layerGroup();
  const overlays = { '地块（按优先级）': shapes, '排名标注': labels };

  const access = h('div', { id: 'land-access' });
  const content = h('div', { id: 'land-content' },
    section('储备用地优先级',
      h('p', { class: 'hint' }, '按地块服务半径内未满足的托位需求、用地兼容性、现状与面积排序。'),
      h('div', { class: 'row' }, radius.label, top.label),
      h('div', { class: 'row' }, landUse.label, status.label,
        h('label', { class: 'field', for: 'land-min-area' }, h('span', {}, '最小面积（㎡）'), minArea)),
      h('div', { class: 'row' },
        h('button', { type: 'button', id: 'export-csv', onclick: () => exportCsv() }, '导出 CSV'),
        h('button', { type: 'button', id: 'export-geojson', onclick: () => exportGeoJson() }, '导出 GeoJSON'),
        h('button', { type: 'button', id: 'export-csv-full', onclick: () => exportFullCsv(), title: '服务端生成：全部地块与得分构成，不受筛选影响' }, '完整排名 CSV')),
      notice),
    card,
    section('地块列表', count, list));
  const panel = h('div', { class: 'view view-land' }, access, content);

  radius.input.addEventListener('change', () => load());
  [landUse, status, top].forEach((c) => c.input.addEventListener('change', render));
  minArea.addEventListener('input', render);

  function style(f) {
    const p = f.properties;
    const colour = ranked ? RANK_COLOURS[Math.min(RANK_COLOURS.length - 1, Math.floor(((p.rank ?? parcels.length) - 1) / Math.max(1, Math.ceil(parcels.length / RANK_COLOURS.length))))]
      : STATUS_COLOURS[p.status] ?? '#64748b';
    const isSelected = selected && f === selected;
    return { className: tiles ? 'parcel-tile' : 'parcel-shape', color: isSelected ? '#0f172a' : colour, weight: isSelected ? 3 : 1.2, fill: true, fillColor: colour, fillOpacity: 0.65 };
  }

  /** A tile's parcel: styled as its entry in the list when it has one; else by its own properties, when the filters keep it. */
  function tileStyle(p) {
    const known = byId.get(String(p.id));
    if (known) return shownIds.has(String(p.id)) ? style(known) : null;
    return !top.input.value && passes(p) ? style({ properties: p }) : null;
  }

  async function load() {
    const district = ctx.districtCode;
    const allowed = session.can('readParcels');
    content.hidden = !allowed;
    panel.dataset.access = allowed ? 'granted' : 'denied';
    replace(access, allowed ? null : section('用地保障', signInNeeded('readParcels', '查看地块与储备用地优先级', 'land-sign-in')));
    shapes.clearLayers();
    tiles = null;
    if (!allowed) {
      parcels = [];
      render();
      panel.dataset.loaded = 'true';
      return;
    }
    // A failed count leaves the map on GeoJSON, whose own call then says what went wrong.
    const tiled = await useTiles('parcels', { district, forced: ctx.tiles }).catch(() => false);
    try {
      // The ranking carries the analysis' fields; the layer adds what a card shows and an edit needs (owner, source, version).
      // With tiles the layer is too large to read whole: a card reads its parcel when it opens.
      const [body, layerBody] = await Promise.all([
        api(`/api/analysis/priority-parcels?${query({ district, radius_m: radius.input.value, format: 'geojson' })}`),
        tiled ? { features: [] } : api(`/api/parcels?${query({ district, page_size: 1000 })}`),
      ]);
      const stored = new Map(layerBody.features.map((f) => [String(f.id), f.properties]));
      parcels = body.features.map((f) => ({ ...f, properties: { ...stored.get(String(f.id)), ...f.properties } }))
        .sort((a, b) => a.properties.rank - b.properties.rank);
      ranked = true;
      replace(notice, h('p', { class: 'hint', id: 'land-summary' },
        `${body.parameters.district_name}：${fmt.metres(body.parameters.radius_m)} 内未满足托位合计 ${fmt.int(body.parameters.unmet_demand_total)} 个。已出让地块排在最后。`));
    } catch (error) {
      if (!error.notProvided) return showError(error, '地块优先级');
      const body = await api(`/api/parcels?${query({ district, page_size: 1000 })}`).catch((e) => { showError(e, '地块'); return { features: [] }; });
      parcels = body.features;
      ranked = false;
      replace(notice, h('div', { class: 'not-provided' }, h('strong', {}, '分析服务尚未提供'),
        h('span', {}, '（优先级排序的接口尚未上线，以下按现状着色列出全部地块）')));
    }
    if (!tiled) parcels.forEach((f) => completed.add(f));
    byId = new Map(parcels.map((f) => [String(idOf(f)), f]));
    render();
    if (tiled) tiles = vectorTiles('parcels', { style: tileStyle, onClick: (id) => reveal(byId.get(String(id)) ?? { type: 'Feature', id, properties: {} }), withToken: true });
    shapes.addLayer(tiles ?? layer);
    panel.dataset.loaded = 'true';
  }

  const passes = (p) => (!landUse.input.value || p.land_use === landUse.input.value)
    && (!status.input.value || p.status === status.input.value)
    && (p.area_m2 ?? 0) >= (Number(minArea.value) || 0);

  const visible = () => {
    const shown = parcels.filter((f) => passes(f.properties));
    return top.input.value ? shown.slice(0, Number(top.input.value)) : shown;
  };

  function render() {
    const shown = visible();
    layer.clearLayers();
    labels.clearLayers();
    const ids = new Set(shown.map((f) => String(idOf(f))));
    const changed = ids.size !== shownIds.size || [...ids].some((id) => !shownIds.has(id));
    shownIds = ids;
    if (tiles && changed) tiles.redraw(); // tiles style their features as drawn: other filters, other tiles
    if (!tiles) layer.addData({ type: 'FeatureCollection', features: shown });
    if (ranked) {
      shown.forEach((f) => L.marker(L.geoJSON(f).getBounds().getCenter(), {
        icon: L.divIcon({ className: 'rank-label', html: String(f.properties.rank), iconSize: [22, 22] }), interactive: false, keyboard: false,
      }).addTo(labels));
    }
    count.textContent = `共 ${parcels.length} 块，筛选后 ${shown.length} 块${ranked ? '（按优先级排序）' : ''}`;
    replace(list, shown.map((f) => {
      const p = f.properties;
      return h('li', { class: 'result parcel', dataset: { code: p.code } },
        h('button', { type: 'button', onclick: () => reveal(f, true) },
          ranked ? h('span', { class: 'rank' }, p.rank) : h('span', { class: 'rank', style: `background:${STATUS_COLOURS[p.status] ?? '#64748b'}`, title: words.word(words.parcelStatuses, p.status) }, ''),
          h('span', { class: 'name' }, `${p.code} ${p.name}`),
          h('span', { class: 'distance' }, `${fmt.int(p.area_m2)} ㎡`),
          h('span', { class: 'meta' }, `${words.word(words.landUses, p.land_use)} · ${words.word(words.parcelStatuses, p.status)}`,
            ranked ? ` · 未满足需求 ${fmt.num(p.unmet_demand)} 托位 · 得分 ${fmt.num(p.score)}` : ''),
          p.reason ? h('span', { class: 'reason' }, p.reason) : null));
    }));
    if (selected && !shown.includes(selected)) closeCard();
  }

  /** Opens a parcel's card, reading the parcel first when only the ranking or a tile knew it. */
  async function reveal(f, zoom = false) {
    if (!completed.has(f)) {
      try {
        const read = await api(`/api/parcels/${encodeURIComponent(idOf(f))}`);
        Object.assign(f, { geometry: f.geometry ?? read.geometry, properties: { ...read.properties, ...f.properties } });
        completed.add(f);
      } catch (error) { showError(error, '读取地块'); return; }
    }
    open(f, zoom);
  }

  /** Outlines the selected parcel: GeoJSON restyles every shape, tiles only the two that changed. */
  function highlight(previous) {
    if (!tiles) return layer.setStyle(style);
    if (previous && previous !== selected) tiles.resetFeatureStyle(idOf(previous));
    if (selected) tiles.setFeatureStyle(idOf(selected), style(selected));
  }

  function open(f, zoom = false) {
    const previous = selected;
    selected = f;
    highlight(previous);
    const p = f.properties;
    replace(card, h('button', { class: 'close', type: 'button', 'aria-label': '关闭', onclick: closeCard }, '×'),
      h('article', { class: 'card parcel-card' },
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
            ['得分', `${fmt.num(p.score)} / 100`],
          ] : []),
        ]),
        p.components ? componentTable(p.components) : null,
        session.can('editParcels') && idOf(f) !== undefined
          ? h('div', { class: 'row' }, h('button', { type: 'button', id: 'parcel-edit', onclick: () => edit(f) }, '编辑地块属性')) : null));
    card.hidden = false;
    list.querySelectorAll('li').forEach((li) => li.classList.toggle('selected', li.dataset.code === p.code));
    if (zoom) ctx.map.fitBounds(L.geoJSON(f).getBounds(), { maxZoom: 17 });
  }

  const idOf = (f) => f.id ?? f.properties.id;

  /**
   * The edit form: reads the parcel afresh (its ETag is the version), and saves with If-Match; a 409 means
   * somebody changed it meanwhile, and the form offers to read it again rather than overwrite their change.
   */
  async function edit(f) {
    const id = idOf(f);
    let read;
    try {
      read = await api(`/api/parcels/${encodeURIComponent(id)}`, { withEtag: true });
    } catch (error) { showError(error, '读取地块'); return; }
    const p = read.body.properties;
    const name = h('input', { id: 'parcel-edit-name', value: p.name ?? '' });
    const landUse = select('parcel-edit-land-use', '用地性质', words.landUses, p.land_use);
    const status = select('parcel-edit-status', '现状', words.parcelStatuses, p.status);
    const owner = h('input', { id: 'parcel-edit-owner', value: p.owner ?? '' });
    const allocation = checkbox('parcel-edit-allocation', '可划拨', Boolean(p.allocation_eligible));
    const problem = h('div', { id: 'parcel-edit-error', class: 'form-error', role: 'alert', hidden: true });
    const save = h('button', { type: 'submit', class: 'primary', id: 'parcel-edit-save' }, '保存');
    const form = h('form', { class: 'edit', id: 'parcel-edit-form', dataset: { version: read.etag ?? '' } },
      h('h4', {}, `编辑 ${p.code}`),
      h('label', { class: 'field', for: 'parcel-edit-name' }, h('span', {}, '名称'), name),
      h('div', { class: 'row' }, landUse.label, status.label),
      h('label', { class: 'field', for: 'parcel-edit-owner' }, h('span', {}, '权属'), owner),
      allocation.label, problem,
      h('div', { class: 'row' }, save, h('button', { type: 'button', id: 'parcel-edit-cancel', onclick: () => open(f) }, '取消')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      problem.hidden = true;
      save.disabled = true;
      const properties = {
        code: p.code, name: name.value.trim(), land_use: landUse.input.value, status: status.input.value,
        owner: owner.value.trim() || null, allocation_eligible: allocation.input.checked,
      };
      try {
        const saved = await api(`/api/parcels/${encodeURIComponent(id)}`, {
          method: 'PUT', ifMatch: read.etag, body: { type: 'Feature', geometry: read.body.geometry, properties },
        });
        Object.assign(f.properties, saved.properties); // keeps the ranking's own fields
        render();
        open(f);
        showNotice(`已保存地块 ${p.code}`, 3000);
      } catch (error) {
        replace(problem, error.status === 409
          ? [h('strong', {}, '已被他人修改：'), '您读取此地块后，其他人已修改并保存了它。为免覆盖对方的修改，本次未保存。',
            h('button', { type: 'button', id: 'parcel-edit-reload', onclick: () => edit(f) }, '重新读取最新数据')]
          : [h('strong', {}, '未能保存：'), error.message]);
        problem.hidden = false;
      } finally {
        save.disabled = false;
      }
    });
    card.querySelector('.parcel-card')?.append(form);
    card.querySelector('#parcel-edit')?.remove();
    card.querySelectorAll('#parcel-edit-form').forEach((old) => { if (old !== form) old.remove(); });
    name.focus();
  }

  function closeCard() {
    const previous = selected;
    selected = null;
    card.hidden = true;
    highlight(previous);
  }

  const columns = ['rank', 'score', 'code', 'name', 'reason', 'unmet_demand', 'residential_areas_within', 'estimated_places', 'land_use', 'status', 'area_m2', 'allocation_eligible', 'owner', 'data_source'];
  const headings = ['排名', '得分', '地块编码', '名称', '理由', '未满足需求（托位）', '覆盖居住区', '可容纳托位', '用地性质', '现状', '面积（㎡）', '可划拨', '权属', '数据来源'];
  function exportCsv() {
    const cell = (v) => {
      const text = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const value = (p, c) => (c === 'land_use' ? words.word(words.landUses, p[c]) : c === 'status' ? words.word(words.parcelStatuses, p[c])
      : c === 'area_m2' && p[c] !== undefined ? Math.round(p[c]) : c === 'allocation_eligible' && p[c] !== undefined ? (p[c] ? '是' : '否') : p[c]);
    const lines = [headings.map(cell).join(','), ...visible().map((f) => columns.map((c) => cell(value(f.properties, c))).join(','))];
    // The BOM lets spreadsheet programs read the Chinese text as UTF-8.
    download(`优先地块-${ctx.districtCode}.csv`, `\uFEFF${lines.join('\r\n')}\r\n`, 'text/csv;charset=utf-8');
  }

  /** The API's own CSV of the whole ranking (every parcel, with the score's parts), for the 年度用地计划. */
  async function exportFullCsv() {
    try {
      const text = await api(`/api/analysis/priority-parcels?${query({ district: ctx.districtCode, radius_m: radius.input.value, format: 'csv' })}`);
      // fetch's text() drops the byte-order mark; spreadsheet programs need it to read UTF-8.
      download(`优先地块-${ctx.districtCode}-完整排名.csv`, `\uFEFF${text}`, 'text/csv;charset=utf-8');
    } catch (error) { showError(error, '导出完整排名'); }
  }

  function exportGeoJson() {
    download(`优先地块-${ctx.districtCode}.geojson`, JSON.stringify({ type: 'FeatureCollection', features: visible() }, null, 1), 'application/geo+json');
  }

  return {
    panel,
    overlays: () => overlays,
    async activate() {
      Object.values(overlays).forEach((l) => l.addTo(ctx.map));
      ctx.setLegend(h('strong', {}, ranked || !panel.dataset.loaded ? '地块优先级（排名）' : '地块现状'),
        ranked || !panel.dataset.loaded
          ? [legendRow(RANK_COLOURS[0], '最优先'), legendRow(RANK_COLOURS[2], '较优先'), legendRow(RANK_COLOURS[5], '一般')]
          : Object.entries(STATUS_COLOURS).map(([k, c]) => legendRow(c, words.parcelStatuses[k])));
      if (!panel.dataset.loaded) {
        await load();
        if (panel.dataset.access === 'denied') ctx.setLegend(h('strong', {}, '用地保障'), h('div', {}, '登录后显示地块'));
        else if (!ranked) ctx.setLegend(h('strong', {}, '地块现状'), Object.entries(STATUS_COLOURS).map(([k, c]) => legendRow(c, words.parcelStatuses[k])));
      }
    },
    deactivate() { Object.values(overlays).forEach((l) => ctx.map.removeLayer(l)); },
    sessionChanged() {
      delete panel.dataset.loaded;
      delete panel.dataset.access;
      closeCard();
    },
  };
}

/** The score's parts with their maxima (PriorityComponents): demand 0–50, land use 0/20, status 0–15, size 0–10, allocation 0/5. */
const components = [['demand', '未满足需求', 50], ['land_use', '用地兼容', 20], ['status', '现状', 15], ['size', '面积', 10], ['allocation', '可划拨', 5]];
const componentTable = (c) => h('table', { class: 'components', id: 'parcel-components' }, h('caption', {}, '得分构成'),
  h('tbody', {}, components.map(([key, title, max]) => h('tr', { dataset: { component: key } },
    h('th', {}, title), h('td', {}, `${fmt.num(c[key])} / ${max}`), h('td', { class: 'bar-cell' }, progress(c[key], max, true))))));
