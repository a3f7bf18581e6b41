// 规划分析: accessible 托位 per 1,000 by residential area against the standard, the gap, catchments, 街道 by
// target status, the targets panel, 母婴室 coverage of required venues, what-if and siting scenarios.
// Each analysis endpoint is optional: when one is missing its section says so and the others carry on.
import { api, query } from './api.js';
import { legendRow } from './basemap.js';
import { barChart, progress } from './charts.js';
import * as words from './labels.js';
import { select } from './public.js';
import { createSiting } from './siting.js';
import { residentialColours, residentialTiles, useTiles } from './tiles.js';
import { createWhatIf } from './whatif.js';
import { figure, fmt, h, notProvided, replace, section, showError, syntheticBadge } from './ui.js';

/** Colours of the ratio accessible / standard, from unserved to meeting it. */
export const ratioClasses = [
  { min: 1, colour: '#1a9850', label: '达标（≥ 标准）' },
  { min: 0.75, colour: '#91cf60', label: '75%–100% 标准' },
  { min: 0.5, colour: '#fee08b', label: '50%–75% 标准' },
  { min: 0.0001, colour: '#fc8d59', label: '< 50% 标准' },
  { min: -Infinity, colour: '#d73027', label: '无可达托位' },
];
export const ratioColour = (p) => {
  const ratio = p.standard_per_thousand > 0 ? (p.accessible_per_thousand ?? 0) / p.standard_per_thousand : 0;
  return ratioClasses.find((c) => ratio >= c.min).colour;
};

const streetStatus = (summary) => {
  if (!summary) return { colour: '#cbd5e1', label: '无数据' };
  const met = [summary.meets_institution_target, summary.meets_local_standard].filter(Boolean).length;
  return met === 2 ? { colour: '#16a34a', label: '机构数与托位标准均达标' }
    : met === 1 ? { colour: '#f59e0b', label: '部分达标' } : { colour: '#dc2626', label: '均未达标' };
};

export function createPlannerView(ctx) {
  const settings = { radius: 300, method: 'step' };
  const radius = select('planner-radius', '服务半径', { 300: '300 米（5分钟）', 500: '500 米（10分钟）', 1000: '1000 米（15分钟）' }, '300');
  const method = select('planner-method', '计算方法', words.methods, 'step');
  const refresh = h('button', { type: 'button', id: 'planner-refresh', onclick: () => load() }, '重新计算');
  const summaryBox = h('div', { id: 'coverage-summary' });
  const targetsBox = h('div', { id: 'targets' });
  const streetsBox = h('div', { id: 'subdistrict-chart' });
  const nursingBox = h('div', { id: 'nursing-coverage' });

  let coverage = null; // the GET body, or null when the endpoint is missing
  let areaFeatures = null;
  let institutions = [];

  const areas = L.geoJSON(null, {
    pane: 'areas',
    style: (f) => areaStyle(f.properties),
    onEachFeature: (f, layer) => layer.bindTooltip(() => areaTooltip(f.properties), { sticky: true }),
  });
  const gapHeat = L.heatLayer([], { radius: 30, blur: 22, maxZoom: 14, gradient: { 0.3: '#fde68a', 0.6: '#f97316', 1: '#b91c1c' } });
  const catchments = L.layerGroup();
  const institutionMarkers = L.layerGroup();
  const streets = L.geoJSON(null, {
    style: (f) => ({ className: 'subdistrict-shape', color: streetStatus(f.properties.summary).colour, weight: 2.5, fillColor: streetStatus(f.properties.summary).colour, fillOpacity: 0.12 }),
    onEachFeature: (f, layer) => layer.bindTooltip(() => streetTooltip(f.properties), { sticky: true }),
  });
  const nursing = L.layerGroup();
  const scenarioLayer = L.layerGroup();
  const sitingLayer = L.layerGroup();
  // When the district's residential areas are many, every area is drawn by kind from vector tiles under the analysis
  // colours (which cover the district only), and stands in for them when the analysis is missing.
  const background = L.layerGroup();
  let tiled = null; // decided once, on the first load
  const overlays = {
    '居住区·可达托位/千人': areas, '托位缺口（热力）': gapHeat, '服务半径圈': catchments, '托育机构': institutionMarkers,
    '街道·目标达成': streets, '母婴室覆盖': nursing, '假设分析': scenarioLayer, '选址方案': sitingLayer,
  };
  const shownByDefault = [areas, catchments, institutionMarkers, scenarioLayer, sitingLayer];

  let areaStyleFor = (p) => (p.accessible_per_thousand === undefined ? null : p);
  let changedAreas = new Set(); // ids of areas a what-if changed: outlined
  function areaStyle(p) {
    const shown = areaStyleFor(p);
    if (!shown) return { className: 'area-shape', color: residentialColours[p.kind] ?? '#64748b', weight: 1, fillOpacity: 0.25 };
    const changed = changedAreas.has(String(p.__id));
    return { className: 'area-shape', color: changed ? '#7c3aed' : '#475569', weight: changed ? 2.5 : 0.6, fillColor: ratioColour(shown), fillOpacity: 0.7 };
  }
  const areaTooltip = (p) => {
    const shown = areaStyleFor(p) ?? p;
    return `<strong>${escape(p.name)}</strong>（${words.word(words.residentialKinds, p.kind)}）<br>人口 ${fmt.int(p.population)}` +
      (shown.accessible_per_thousand === undefined ? '' : `<br>可达托位 ${fmt.num(shown.accessible_per_thousand)} /千人（标准 ${shown.standard_per_thousand}）<br>缺口 ${fmt.num(shown.gap)} 托位 · ${words.word(words.coverageClasses, shown.class)}`);
  };
  const streetTooltip = (p) => {
    const s = p.summary;
    return `<strong>${escape(p.name)}</strong>` + (s ? `<br>${fmt.num(s.slots_per_thousand)} 托位/千人（要求 ${fmt.num(s.required_per_thousand)}）<br>机构 ${s.institutions} 家 · 缺口 ${fmt.int(s.gap)}<br>${streetStatus(s).label}` : '<br>尚无分析结果');
  };

  /**
   * leaflet.heat redraws on every change and fails once it has been removed from the map (it keeps no map to
   * draw on), so while it is off the map its points are only stored; adding it draws them.
   */
  const setHeat = (points, max) => {
    L.setOptions(gapHeat, { max });
    if (ctx.map.hasLayer(gapHeat)) gapHeat.setLatLngs(points);
    else gapHeat._latlngs = points;
  };

  /** Recolours the areas from one coverage answer (baseline or a what-if scenario), outlining those changed. */
  const showAreas = (body, changed = new Set()) => {
    changedAreas = changed;
    const byId = new Map((body?.areas?.features ?? []).map((f) => [String(f.id ?? f.properties.area_id ?? f.properties.id), f.properties]));
    areaStyleFor = (p) => byId.get(String(p.__id)) ?? (p.accessible_per_thousand === undefined ? null : p);
    areas.setStyle((f) => areaStyle(f.properties));
  };

  const whatIf = createWhatIf({ ctx, settings, layer: scenarioLayer, getInstitutions: () => institutions, showAreas, getBaseline: () => coverage, institutionMarkers });
  const siting = createSiting({
    ctx, settings, layer: sitingLayer, getWhatIfPoints: () => whatIf.addedPoints(), getAreas: () => coverage?.areas, getInstitutions: () => institutions,
  });

  const panel = h('div', { class: 'view view-planner' },
    section('分析设置', h('div', { class: 'row' }, radius.label, method.label, refresh),
      h('p', { class: 'hint' }, '居住区按可达托位/千人与标准之比着色；服务半径按地面距离计算。')),
    section('覆盖与缺口', summaryBox),
    section('规划目标', targetsBox, h('h3', {}, '各街道千人托位'), streetsBox),
    section('母婴室配置', nursingBox),
    whatIf.panel,
    siting.panel);

  radius.input.addEventListener('change', () => { settings.radius = Number(radius.input.value); load(); });
  method.input.addEventListener('change', () => { settings.method = method.input.value; load(); });

  async function loadCoverage() {
    const district = ctx.districtCode;
    tiled ??= await useTiles('residential-areas', { district, forced: ctx.tiles });
    if (tiled && !background.getLayers().length) background.addLayer(residentialTiles());
    try {
      coverage = await api(`/api/analysis/coverage?${query({ district, radius_m: settings.radius, method: settings.method })}`);
      areaFeatures = coverage.areas;
      replace(summaryBox, summaryFigures(coverage.district));
      const bySubdistrict = new Map((coverage.subdistricts ?? []).map((s) => [s.code, s]));
      streets.clearLayers();
      streets.addData({ type: 'FeatureCollection', features: ctx.subdistricts.features.map((f) => ({ ...f, properties: { ...f.properties, summary: bySubdistrict.get(f.properties.code) } })) });
      replace(streetsBox, coverage.subdistricts?.length
        ? barChart({ id: 'chart-subdistricts', rows: coverage.subdistricts.map((s) => ({ label: s.name, value: s.slots_per_thousand, ok: s.meets_local_standard })), reference: coverage.district?.required_per_thousand, referenceLabel: '要求' })
        : h('p', { class: 'hint' }, '无街道数据'));
    } catch (error) {
      coverage = null;
      if (!error.notProvided) throw error;
      replace(summaryBox, notProvided('覆盖分析'));
      replace(streetsBox, notProvided('街道汇总'));
      areaFeatures = tiled ? { type: 'FeatureCollection', features: [] } : await api(`/api/residential-areas?${query({ district, page_size: 5000 })}`);
      streets.clearLayers();
      streets.addData(ctx.subdistricts);
    }
    areas.clearLayers();
    areas.addData({ ...areaFeatures, features: areaFeatures.features.map((f) => ({ ...f, properties: { ...f.properties, __id: f.id } })) });
    areaStyleFor = (p) => (p.accessible_per_thousand === undefined ? null : p);
    areas.setStyle((f) => areaStyle(f.properties));
    const gaps = coverage ? areaFeatures.features.filter((f) => f.properties.gap > 0) : [];
    setHeat(gaps.map((f) => {
      const c = L.geoJSON(f).getBounds().getCenter();
      return [c.lat, c.lng, f.properties.gap];
    }), Math.max(1, ...gaps.map((f) => f.properties.gap)));
  }

  async function loadInstitutions() {
    const body = await api(`/api/institutions?${query({ district: ctx.districtCode, status: 'operating', page_size: 1000 })}`);
    institutions = body.features;
    drawInstitutions();
  }

  function drawInstitutions() {
    catchments.clearLayers();
    institutionMarkers.clearLayers();
    for (const f of institutions) {
      const [lng, lat] = f.geometry.coordinates;
      L.circle([lat, lng], { pane: 'catchments', radius: settings.radius, color: '#0f766e', weight: 1, fillOpacity: 0.05, interactive: false }).addTo(catchments);
      const marker = L.circleMarker([lat, lng], { pane: 'points', className: 'institution-dot', radius: 6, color: '#fff', weight: 1.5, fillColor: f.properties.is_puhui ? '#0f766e' : '#2563eb', fillOpacity: 1, bubblingMouseEvents: false })
        .bindTooltip(`${escape(f.properties.name)}<br>核定托位 ${f.properties.approved_slots}${f.properties.is_puhui ? ' · 普惠' : ''}`);
      marker.feature = f;
      marker.on('click', () => whatIf.institutionClicked(f, marker));
      marker.addTo(institutionMarkers);
    }
  }

  async function loadTargets() {
    try {
      const body = await api(`/api/analysis/targets?${query({ district: ctx.districtCode })}`);
      const digits = (v) => (Number.isInteger(v) ? 0 : 2);
      replace(targetsBox,
        h('p', { class: 'hint' }, `截至 ${body.as_of ?? '今日'}；悬停查看依据。`),
        h('table', { class: 'targets' },
          h('thead', {}, h('tr', {}, h('th', {}, '目标'), h('th', {}, '现状 / 要求'), h('th', {}, ''), h('th', {}, '期限'))),
          h('tbody', {}, (body.targets ?? []).map((t) => h('tr', { class: t.met ? 'met' : 'unmet', title: t.source ?? '', dataset: { kind: t.kind ?? '' } },
            h('td', {}, t.target ?? words.word(words.targetNames, t.kind),
              t.not_met_in?.length ? h('small', { class: 'not-met-in' }, h('br'), `未达标：${t.not_met_in.map((u) => u.name).join('、')}`) : null),
            h('td', {}, `${fmt.num(t.current, digits(t.current))} / ${fmt.num(t.required, digits(t.required))}`, h('br'), progress(t.current, t.required, t.met)),
            h('td', {}, t.met ? h('span', { class: 'badge ok' }, '达标') : h('span', { class: 'badge warn' }, `差 ${fmt.num(t.shortfall, digits(t.shortfall))}`),
              t.overdue ? h('span', { class: 'badge overdue' }, '已逾期') : null),
            h('td', {}, t.due_date ?? '—'))))));
    } catch (error) {
      if (!error.notProvided) throw error;
      replace(targetsBox, notProvided('规划目标'));
    }
  }

  async function loadNursing() {
    nursing.clearLayers();
    try {
      const body = await api(`/api/analysis/nursing-rooms?${query({ district: ctx.districtCode, nearby_m: 50 })}`);
      const required = body.required_places ?? 0;
      const withRoom = body.places_with_room ?? 0;
      const lacking = body.places_lacking?.features ?? [];
      const nonCompliant = body.non_compliant_rooms?.features ?? [];
      L.geoJSON(body.places_lacking, { pointToLayer: (f, ll) => L.marker(ll, { icon: L.divIcon({ className: 'poi lacking', html: '!', iconSize: [22, 22] }) }).bindTooltip(`${escape(f.properties.name)}：应设未设母婴室`) }).addTo(nursing);
      L.geoJSON(body.non_compliant_rooms, { pointToLayer: (f, ll) => L.marker(ll, { icon: L.divIcon({ className: 'poi noncompliant', html: '母', iconSize: [22, 22] }) }).bindTooltip(`${escape(f.properties.name)}：设施不全`) }).addTo(nursing);
      replace(nursingBox,
        h('div', { class: 'figures' },
          figure('nursing-coverage', '应配置场所的配置率', required ? fmt.pct(withRoom / required) : '—', `${withRoom} / ${required} 处`),
          figure('nursing-noncompliant', '设施不全的母婴室', nonCompliant.length)),
        progress(withRoom, required, withRoom >= required),
        lacking.length ? h('details', {}, h('summary', {}, `应设未设的场所（${lacking.length}）`),
          h('ul', { class: 'plain' }, lacking.map((f) => h('li', {}, f.properties.name, ' ', h('small', {}, words.word(words.venueTypes, f.properties.place_type)), ' ', syntheticBadge(f.properties))))) : null,
        nonCompliant.length ? h('details', {}, h('summary', {}, `设施不全的母婴室（${nonCompliant.length}）`),
          h('ul', { class: 'plain' }, nonCompliant.map((f) => h('li', {}, f.properties.name, h('small', {}, ` 缺${(f.properties.missing_equipment ?? []).map((e) => words.word(words.equipment, e)).join('、')}`))))) : null);
    } catch (error) {
      if (!error.notProvided) throw error;
      replace(nursingBox, notProvided('母婴室配置分析'));
    }
  }

  let loading = null;
  async function load() {
    whatIf.reset();
    loading = Promise.allSettled([loadCoverage(), loadInstitutions(), loadTargets(), loadNursing(), siting.loadScenarios()]);
    const results = await loading;
    results.filter((r) => r.status === 'rejected').forEach((r) => showError(r.reason, '规划分析'));
    panel.dataset.loaded = 'true';
  }

  const showLegend = () => ctx.setLegend(h('strong', {}, '可达托位/千人 对比标准'), ratioClasses.map((c) => legendRow(c.colour, c.label)),
    legendRow('#0f766e', '服务半径圈', 'line'), legendRow('#0f766e', '托育机构（普惠）', 'dot'), legendRow('#2563eb', '托育机构', 'dot'),
    h('strong', {}, '街道目标'), legendRow('#16a34a', '均达标', 'line'), legendRow('#f59e0b', '部分达标', 'line'), legendRow('#dc2626', '均未达标', 'line'),
    h('strong', {}, '缺口热力'), h('div', { class: 'heat-ramp' }, h('span', {}, '小'), h('span', {}, '大')),
    tiled ? [h('strong', {}, '居住区类型（背景）'), Object.entries(residentialColours).map(([kind, colour]) => legendRow(colour, words.residentialKinds[kind]))] : null);

  return {
    panel,
    overlays: () => (tiled ? { '居住区·类型（矢量切片）': background, ...overlays } : overlays),
    mapClick: (event) => whatIf.mapClicked(event),
    async activate() {
      [background, ...shownByDefault].forEach((layer) => layer.addTo(ctx.map));
      showLegend();
      if (!panel.dataset.loaded) {
        await load();
        showLegend();
      }
    },
    deactivate() { [background, ...Object.values(overlays)].forEach((layer) => ctx.map.removeLayer(layer)); whatIf.setMode('browse'); },
    /** Staff see every operating institution (the public only filed ones), and only planners may run what-ifs. */
    sessionChanged() {
      delete panel.dataset.loaded;
      whatIf.refreshAccess();
      siting.refreshAccess();
    },
  };
}

function summaryFigures(d) {
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

export const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
