// The map every view shares: base maps (OpenStreetMap, 天地图 when configured, none), the district and
// 街道 outlines drawn from the API so data stay readable when no tile server answers, scale bar and legend.
import { h, replace, showNotice } from './ui.js';

export function createMap(element, config) {
  const map = L.map(element, { preferCanvas: false, zoomControl: true, attributionControl: true }).setView([26.08, 119.29], 13);
  map.attributionControl.setPrefix('Leaflet');

  const baseLayers = {
    osm: { name: 'OpenStreetMap', layer: L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 19, attribution: '&copy; OpenStreetMap contributors' }) },
  };
  if (config?.tianditu_key) {
    const tk = encodeURIComponent(config.tianditu_key);
    const tdt = (layer) => L.tileLayer(`https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${tk}`,
      { subdomains: '01234567', maxZoom: 18, attribution: '&copy; 天地图' });
    baseLayers.tdt = { name: '天地图', layer: L.layerGroup([tdt('vec'), tdt('cva')]) };
  }
  baseLayers.none = { name: '无底图', layer: L.layerGroup() };

  // Tiles that fail (offline, blocked) leave the outlines and data on a plain background; say so once.
  let tileFailures = 0;
  const onTileError = () => {
    tileFailures += 1;
    if (tileFailures === 4) {
      map.getContainer().classList.add('tiles-failed');
      showNotice('底图无法加载，地图仅显示区界与数据。可在图层控制中选择“无底图”。', 6000, { warn: true });
    }
  };
  for (const { layer } of Object.values(baseLayers)) {
    (layer.getLayers ? layer.getLayers() : [layer]).forEach((tiles) => tiles.on?.('tileerror', onTileError));
  }

  // Panes keep the layers' order whatever order they are (re)loaded in: context under areas under catchments under points.
  [['background', 405], ['areas', 410], ['catchments', 420], ['points', 450]].forEach(([name, z]) => { map.createPane(name).style.zIndex = z; });

  L.control.scale({ imperial: false, metric: true }).addTo(map);
  const legend = L.control({ position: 'bottomright' });
  legend.onAdd = () => {
    // On a phone the legend starts folded behind its 图例 switch: open, it covered about 40 % of the map.
    const box = h('div', { class: `legend leaflet-bar${window.matchMedia('(max-width: 760px)').matches ? ' collapsed' : ''}`, id: 'legend' });
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  legend.addTo(map);

  let currentBase = null;
  const setBase = (key) => {
    const entry = baseLayers[key] ?? baseLayers.osm;
    if (currentBase && currentBase !== entry.layer) map.removeLayer(currentBase);
    if (!map.hasLayer(entry.layer)) entry.layer.addTo(map);
    currentBase = entry.layer;
  };
  const baseKey = () => Object.entries(baseLayers).find(([, e]) => e.layer === currentBase)?.[0] ?? 'osm';

  // The layer control is rebuilt for each view: its base maps, the outlines, and the view's own overlays.
  let control = null;
  const showOverlays = (common, own) => {
    control?.remove();
    const bases = Object.fromEntries(Object.values(baseLayers).map((e) => [e.name, e.layer]));
    control = L.control.layers(bases, { ...common, ...own }, { collapsed: window.matchMedia('(max-width: 760px)').matches }).addTo(map);
  };
  map.on('baselayerchange', (event) => { currentBase = event.layer; map.fire('tuoyu:basechange'); });

  // The legend lists only what is drawn: a group made by legendGroup() shows while one of its layers is on the map.
  let followers = [];
  const follow = () => followers.forEach(({ element, layers }) => { element.hidden = !layers.some((layer) => map.hasLayer(layer)); });
  let pending = false;
  map.on('layeradd layerremove', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; follow(); });
  });

  return {
    map, setBase, baseKey, showOverlays,
    setLegend: (...children) => {
      const box = document.getElementById('legend');
      const toggle = h('button', { type: 'button', class: 'legend-toggle', 'aria-expanded': String(!box.classList.contains('collapsed')),
        onclick: () => toggle.setAttribute('aria-expanded', String(!box.classList.toggle('collapsed'))) }, '图例');
      replace(box, toggle, ...children);
      followers = [...box.querySelectorAll('.legend-group')].map((element) => ({ element, layers: element.legendLayers }));
      follow();
    },
  };
}

/** The outlines drawn under every view. */
export function outlineLayers(districts, subdistricts) {
  return {
    '区界': L.geoJSON(districts, { style: { className: 'district-outline', color: '#0f5b78', weight: 3, fill: false }, interactive: false }),
    '街道边界（示例）': L.geoJSON(subdistricts, {
      style: { color: '#64748b', weight: 1, dashArray: '4 3', fillColor: '#f8fafc', fillOpacity: 0.05 },
      onEachFeature: (f, layer) => layer.bindTooltip(h('span', {}, f.properties.name), { sticky: true }),
    }),
  };
}

/** A legend row: a colour swatch (fill or line or dot) and its text. */
export const legendRow = (colour, text, kind = 'fill') => h('div', { class: 'legend-row' },
  h('span', { class: `swatch ${kind}`, style: `--c:${colour}` }), h('span', {}, text));

/** Legend rows that show only while one of `layers` (a layer or a list) is on the map. */
export function legendGroup(layers, ...rows) {
  const element = h('div', { class: 'legend-group' }, ...rows);
  element.legendLayers = [layers].flat();
  return element;
}
