// 规划分析's map layers: residential areas coloured by accessible 托位 against the standard (or by kind, when no
// analysis answered), the gap as a heat map, institutions with their catchments, 街道 by target status, 母婴室
// coverage, and the layers the what-if and siting panels draw on; with the legend that explains them.
import { legendGroup, legendRow } from '../basemap.js';
import * as words from '../labels.js';
import { areaPoint, areaStyles, residentialColours, residentialTiles } from '../tiles.js';
import { fmt, h } from '../ui.js';
import { CATCHMENT_COLOUR, createCatchments } from './catchments.js';

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

/** An area's figures as analysed, or null when it carries none (drawn by kind). */
const analysed = (p) => (p.accessible_per_thousand === undefined ? null : p);

/** `institutionClicked(feature, marker)` hears a click on an institution (the what-if picks it). */
export function createPlannerLayers(ctx, settings, { institutionClicked }) {
  let areaStyleFor = analysed;
  let changedAreas = new Set(); // ids of areas a what-if changed: outlined
  const areaStyle = (p) => {
    const shown = areaStyleFor(p);
    if (!shown) return { className: 'area-shape', color: residentialColours[p.kind] ?? '#64748b', weight: 1, fillOpacity: 0.25 };
    const changed = changedAreas.has(String(p.__id));
    return { className: 'area-shape', color: changed ? '#7c3aed' : '#475569', weight: changed ? 2.5 : 0.6, fillColor: ratioColour(shown), fillOpacity: 0.7 };
  };
  const styleOf = areaStyles((f) => areaStyle(f.properties));
  const areaTooltip = (p) => {
    const shown = areaStyleFor(p) ?? p;
    return h('span', {}, h('strong', {}, p.name), `（${words.word(words.residentialKinds, p.kind)}）`, h('br'), `人口 ${fmt.int(p.population)}`,
      shown.accessible_per_thousand === undefined ? null : [
        h('br'), `可达托位 ${fmt.num(shown.accessible_per_thousand)} /千人（标准 ${shown.standard_per_thousand}）`,
        h('br'), `缺口 ${fmt.num(shown.gap)} 托位 · ${words.word(words.coverageClasses, shown.class)}`]);
  };
  const streetTooltip = (p) => {
    const s = p.summary;
    return h('span', {}, h('strong', {}, p.name), h('br'), s
      ? [`${fmt.num(s.slots_per_thousand)} 托位/千人（要求 ${fmt.num(s.required_per_thousand)}）`, h('br'),
        `机构 ${s.institutions} 家 · 缺口 ${fmt.int(s.gap)}`, h('br'), streetStatus(s).label]
      : '尚无分析结果');
  };

  const areas = L.geoJSON(null, {
    pane: 'areas',
    style: styleOf,
    // The areas' pane lies under the facilities' (points): a point area's circle keeps its tooltip yet never takes a facility's tap.
    pointToLayer: areaPoint({ pane: 'areas', interactive: true }),
    onEachFeature: (f, layer) => layer.bindTooltip(() => areaTooltip(f.properties), { sticky: true }),
  });
  // The layer control greys out a layer above its maxZoom (14 once hid the heat from zoom 15 on), so it is the map's
  // own maximum; leaflet.heat also dims points by 2^(maxZoom − zoom), which `max` is scaled by to undo. The blobs span
  // about a catchment on the ground, so at zoom 15–19 they still read as a surface, not dots around each area.
  const HEAT_MAX_ZOOM = 19;
  const gapHeat = L.heatLayer([], { radius: 30, blur: 22, maxZoom: HEAT_MAX_ZOOM, gradient: { 0.3: '#fde68a', 0.6: '#f97316', 1: '#b91c1c' } });
  let largestGap = 1;
  const heatOptions = () => {
    const zoom = ctx.map.getZoom();
    const metresPerPixel = 40075016.686 * Math.cos((ctx.map.getCenter().lat * Math.PI) / 180) / 2 ** (zoom + 8);
    const radius = Math.round(Math.min(60, Math.max(25, settings.radius / metresPerPixel)));
    return { radius, blur: Math.round(radius * 0.6), max: largestGap / 2 ** Math.max(0, Math.min(HEAT_MAX_ZOOM - zoom, 12)) };
  };
  const sizeHeat = () => { if (ctx.map.hasLayer(gapHeat)) gapHeat.setOptions(heatOptions()); };
  ctx.map.on('zoomend', sizeHeat);
  gapHeat.on('add', sizeHeat);
  const catchments = L.layerGroup();
  const radii = createCatchments(ctx, settings, catchments);
  const institutionMarkers = L.layerGroup();
  const streets = L.geoJSON(null, {
    style: (f) => ({ className: 'subdistrict-shape', color: streetStatus(f.properties.summary).colour, weight: 2.5, fillColor: streetStatus(f.properties.summary).colour, fillOpacity: 0.12 }),
    onEachFeature: (f, layer) => layer.bindTooltip(() => streetTooltip(f.properties), { sticky: true }),
  });
  const nursing = L.layerGroup();
  const scenario = L.layerGroup();
  const siting = L.layerGroup();
  // When the district's residential areas are many, every area is drawn by kind from vector tiles under the analysis
  // colours (which cover the district only), and stands in for them when the analysis is missing.
  const background = L.layerGroup();
  const overlays = {
    '居住区·可达托位/千人': areas, '托位缺口（热力）': gapHeat, '服务半径圈': catchments, '托育机构': institutionMarkers,
    '街道·目标达成': streets, '母婴室覆盖': nursing, '假设分析': scenario, '选址方案': siting,
  };

  /**
   * leaflet.heat redraws on every change and fails once it has been removed from the map (it keeps no map to
   * draw on), so while it is off the map its points are only stored; adding it draws them.
   */
  const setHeat = (points, max) => {
    largestGap = max;
    if (ctx.map.hasLayer(gapHeat)) {
      gapHeat.setOptions(heatOptions());
      gapHeat.setLatLngs(points);
    } else {
      gapHeat._latlngs = points;
    }
  };

  return {
    overlays,
    background,
    shownByDefault: [areas, catchments, institutionMarkers, scenario, siting],
    scenario,
    siting,
    institutionMarkers,
    /** The service radii's measure, from the coverage answer's parameters.distance (null without one: straight circles). */
    setCatchmentMeasure: (distance) => radii.setMeasure(distance),
    catchmentLabel: () => radii.label(),

    showBackground() {
      if (!background.getLayers().length) background.addLayer(residentialTiles());
    },

    /** Draws the residential areas (ids kept as `__id`); with `gaps`, their gaps as the heat map. */
    setAreas(collection, { gaps }) {
      areas.clearLayers();
      areas.addData({ ...collection, features: collection.features.map((f) => ({ ...f, properties: { ...f.properties, __id: f.id } })) });
      areaStyleFor = analysed;
      areas.setStyle(styleOf);
      const short = gaps ? collection.features.filter((f) => f.properties.gap > 0) : [];
      setHeat(short.map((f) => {
        const c = L.geoJSON(f).getBounds().getCenter();
        return [c.lat, c.lng, f.properties.gap];
      }), Math.max(1, ...short.map((f) => f.properties.gap)));
    },

    /** Recolours the areas from one coverage answer (baseline or a what-if scenario), outlining those changed. */
    showAreas(body, changed = new Set()) {
      changedAreas = changed;
      const byId = new Map((body?.areas?.features ?? []).map((f) => [String(f.id ?? f.properties.area_id ?? f.properties.id), f.properties]));
      areaStyleFor = (p) => byId.get(String(p.__id)) ?? analysed(p);
      areas.setStyle(styleOf);
    },

    /** The 街道, each with its summary from the coverage answer when there is one. */
    setStreets(subdistricts, summaries) {
      streets.clearLayers();
      if (!summaries) return streets.addData(subdistricts);
      const byCode = new Map(summaries.map((s) => [s.code, s]));
      streets.addData({ type: 'FeatureCollection', features: subdistricts.features.map((f) => ({ ...f, properties: { ...f.properties, summary: byCode.get(f.properties.code) } })) });
    },

    drawInstitutions(institutions) {
      radii.setInstitutions(institutions);
      institutionMarkers.clearLayers();
      for (const f of institutions) {
        const [lng, lat] = f.geometry.coordinates;
        const marker = L.circleMarker([lat, lng], { pane: 'points', className: 'institution-dot', radius: 6, color: '#fff', weight: 1.5, fillColor: f.properties.is_puhui ? '#0f766e' : '#2563eb', fillOpacity: 1, bubblingMouseEvents: false })
          .bindTooltip(h('span', {}, f.properties.name, h('br'), `核定托位 ${f.properties.approved_slots}${f.properties.is_puhui ? ' · 普惠' : ''}`));
        marker.feature = f;
        marker.on('click', () => institutionClicked(f, marker));
        marker.addTo(institutionMarkers);
      }
    },

    clearNursing() { nursing.clearLayers(); },

    /** Places that should have a 母婴室 and lack one, and rooms below the standard. */
    drawNursing(body) {
      const poi = (className, html, why) => (f, ll) => L.marker(ll, { icon: L.divIcon({ className, html, iconSize: [22, 22] }) })
        .bindTooltip(h('span', {}, f.properties.name, why));
      L.geoJSON(body.places_lacking, { pointToLayer: poi('poi lacking', '!', '：应设未设母婴室') }).addTo(nursing);
      L.geoJSON(body.non_compliant_rooms, { pointToLayer: poi('poi noncompliant', '母', '：设施不全') }).addTo(nursing);
    },
  };
}

/**
 * The legend's groups, each shown while its layers are (`o` the view's overlays); with `tiled`, also the residential kinds
 * drawn underneath; `catchmentLabel` names the service radii's measure.
 */
export const plannerLegend = (tiled, o, background, catchmentLabel = '服务半径圈') => [
  legendGroup(o['居住区·可达托位/千人'], h('strong', {}, '可达托位/千人 对比标准'), ratioClasses.map((c) => legendRow(c.colour, c.label))),
  legendGroup(o['服务半径圈'], legendRow(CATCHMENT_COLOUR, catchmentLabel, 'line')),
  legendGroup(o['托育机构'], legendRow('#0f766e', '托育机构（普惠）', 'dot'), legendRow('#2563eb', '托育机构', 'dot')),
  legendGroup(o['街道·目标达成'], h('strong', {}, '街道目标'), legendRow('#16a34a', '均达标', 'line'), legendRow('#f59e0b', '部分达标', 'line'), legendRow('#dc2626', '均未达标', 'line')),
  legendGroup(o['托位缺口（热力）'], h('strong', {}, '缺口热力'), h('div', { class: 'heat-ramp' }, h('span', {}, '小'), h('span', {}, '大'))),
  legendGroup(o['母婴室覆盖'], h('strong', {}, '母婴室'), legendRow('#dc2626', '应设未设的场所', 'dot'), legendRow('#f97316', '设施不全的母婴室', 'dot')),
  tiled ? legendGroup(background, h('strong', {}, '居住区类型（背景）'), Object.entries(residentialColours).map(([kind, colour]) => legendRow(colour, words.residentialKinds[kind]))) : null];
