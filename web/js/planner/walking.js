// 直线与步行: where the district has a walking network, the same coverage measured in a straight line and on foot, and
// a map layer of the residential areas an institution reaches in a straight line but none on foot (a river without a
// bridge near, a walled compound). Staff only, as its API is: the public's figures stay the walking ones.
import { api, query } from '../api.js';
import { legendGroup, legendRow } from '../basemap.js';
import { session } from '../session.js';
import { figure, fmt, h, replace } from '../ui.js';

export const LOST_COLOUR = '#c026d3';
export const LOST_LAYER = '直线可达、步行不可达的居住区';

/**
 * The walk to the institution nearest in a straight line, or why there is none; and the nearest one on foot where that
 * is another (the straight line's is across the river, the walk finds one on this bank).
 */
function walkWords(p, searched) {
  if (p.off_network) return `不在步行路网上（距最近道路 ${fmt.metres(p.snap_m)}）`;
  const walk = p.walking_m === null ? `步行超过 ${fmt.metres(searched)}` : `步行 ${fmt.metres(p.walking_m)}`;
  return p.nearest_walking_m !== null && p.nearest_walking_m !== p.walking_m ? `${walk}（步行最近的机构 ${fmt.metres(p.nearest_walking_m)}）` : walk;
}

export function createWalkingComparison(ctx, settings) {
  // Its own pane between the areas and the facilities: drawn over the coverage colours, never over a facility's marker.
  if (!ctx.map.getPane('walking-lost')) ctx.map.createPane('walking-lost').style.zIndex = 415;
  const layer = L.layerGroup();
  const box = h('div', { id: 'walking-comparison' });
  const element = h('section', { class: 'box', hidden: true }, h('h2', {}, '直线与步行对比'), box);
  let shown = false;

  function draw(body) {
    layer.clearLayers();
    const searched = body.parameters.searched_to_m;
    for (const f of body.areas.features) {
      const [lng, lat] = f.geometry.coordinates;
      const p = f.properties;
      L.circleMarker([lat, lng], { pane: 'walking-lost', className: 'walking-lost', radius: 9, color: LOST_COLOUR, weight: 3, dashArray: '4 3', fillColor: '#fff', fillOpacity: 0.35 })
        .bindTooltip(h('span', {}, h('strong', {}, p.name), h('br'), `直线 ${fmt.metres(p.ground_m)} · ${walkWords(p, searched)}`, h('br'), `人口 ${fmt.int(p.population)}`))
        .addTo(layer);
    }
  }

  function panel(body) {
    const { ground, network } = body;
    const row = (label, key, format) => h('tr', { dataset: { row: key } }, h('th', { scope: 'row' }, label),
      h('td', {}, format(ground[key])), h('td', {}, format(network[key])));
    const radius = fmt.metres(body.parameters.radius_m);
    replace(box,
      h('p', { class: 'hint' }, `服务半径 ${radius}（步速 ${body.parameters.walking_speed_mps} 米/秒，约步行 ${fmt.num(body.parameters.radius_minutes)} 分钟），`
        + `按直线距离与按步行路网（第 ${body.parameters.network_version} 版）各算一次。`),
      h('table', { class: 'walking-comparison' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, '直线距离'), h('th', { scope: 'col' }, '步行距离'))),
        h('tbody', {},
          row('覆盖人口占比', 'covered_share', fmt.pct),
          row('可达托位/千人', 'accessible_per_thousand', (v) => `${fmt.num(v)} 托位/千人`),
          row('已覆盖居住区', 'areas_covered', (v) => `${fmt.int(v)} 个`),
          row('未覆盖婴幼儿', 'unserved_children', (v) => `${fmt.int(v)} 人`))),
      h('div', { class: 'figures' },
        figure('walking-lost', '直线可达、步行不可达', `${fmt.int(body.areas_lost)} 个居住区`, `人口 ${fmt.int(body.population_lost)}`)),
      body.areas.features.length ? h('details', {}, h('summary', {}, `这些居住区（${body.areas.features.length}，步行最远的在前）`),
        h('ul', { class: 'plain', id: 'walking-lost-list' }, body.areas.features.map((f) => h('li', {}, f.properties.name,
          h('small', {}, ` 直线 ${fmt.metres(f.properties.ground_m)} · ${walkWords(f.properties, body.parameters.searched_to_m)}`))))) : null);
  }

  return {
    element,
    layer,
    /** Shown once an answer came, so a district without a network (or a visitor not signed in) sees nothing new. */
    get shown() { return shown; },

    /** Asks for the comparison when the coverage answer was measured on foot and a staff member is signed in. */
    async load(coverage) {
      layer.clearLayers();
      // A city's answer (parameters.districts) has no one network to compare against: the comparison is a district's.
      shown = Boolean(coverage?.parameters?.distance?.distance === 'network' && !coverage.parameters.districts && session.signedIn());
      element.hidden = !shown;
      if (!shown) return;
      replace(box, h('p', { class: 'hint' }, '计算中…'));
      const body = await api(`/api/analysis/walking-comparison?${query({ district: ctx.districtCode, radius_m: settings.radius })}`);
      panel(body);
      draw(body);
    },
  };
}

/** The legend row of the layer, shown while it is. */
export const walkingLegend = (layer) => legendGroup(layer, legendRow(LOST_COLOUR, LOST_LAYER, 'line'));
