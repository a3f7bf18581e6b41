// 用地保障's map layers: the parcels coloured by rank (by status without a ranking), their rank numbers, and the
// selected parcel outlined. Many parcels are drawn from vector tiles, styled from the list by id.
import { vectorTiles } from '../tiles.js';
import { h } from '../ui.js';
import { idOf } from './parcels.js';

export const RANK_COLOURS = ['#7f1d1d', '#b91c1c', '#ef4444', '#f97316', '#fdba74', '#fde68a'];
export const STATUS_COLOURS = { idle: '#dc2626', low_efficiency: '#f97316', compatible: '#2563eb', reserve: '#7c3aed', sold: '#94a3b8' };

/**
 * `open(f)` opens a drawn parcel's card, `reveal(f)` a tile's (reading it first); `keepsUnlisted(p)` says whether the
 * filters keep a tile's parcel the list does not know.
 */
export function createParcelMap(map, state, { open, reveal, keepsUnlisted }) {
  let tiles = null; // the vector tiles when the district's parcels are many (or tiles=on); else the GeoJSON layer draws
  let shownIds = new Set();
  const layer = L.geoJSON(null, {
    pane: 'areas',
    style: (f) => style(f),
    onEachFeature: (f, l) => {
      l.on('click', () => open(f));
      l.bindTooltip(() => h('span', {}, f.properties.rank ? `第 ${f.properties.rank} 名 · ` : '', `${f.properties.code} ${f.properties.name}`), { sticky: true });
    },
  });
  const shapes = L.layerGroup([layer]); // the GeoJSON layer or the tiles
  const labels = L.layerGroup();
  // A rank label as large as its parcel hid the parcel (zoom 13–14): there the label stands just above the parcel's
  // top edge instead, and sits on the parcel once the parcel is larger than it.
  const LABEL = 22;
  const placed = []; // [marker, bounds]
  const place = () => {
    for (const [marker, bounds] of placed) {
      const sw = map.latLngToLayerPoint(bounds.getSouthWest());
      const ne = map.latLngToLayerPoint(bounds.getNorthEast());
      const fits = Math.abs(ne.x - sw.x) >= LABEL + 6 && Math.abs(sw.y - ne.y) >= LABEL + 6;
      marker.setLatLng(fits ? bounds.getCenter() : L.latLng(bounds.getNorth(), bounds.getCenter().lng));
      marker.getElement()?.classList.toggle('beside', !fits);
    }
  };
  map.on('zoomend', place);
  labels.on('add', place);

  function style(f) {
    const p = f.properties;
    const { parcels, ranked, selected } = state;
    const colour = ranked ? RANK_COLOURS[Math.min(RANK_COLOURS.length - 1, Math.floor(((p.rank ?? parcels.length) - 1) / Math.max(1, Math.ceil(parcels.length / RANK_COLOURS.length))))]
      : STATUS_COLOURS[p.status] ?? '#64748b';
    const isSelected = selected && f === selected;
    return { className: tiles ? 'parcel-tile' : 'parcel-shape', color: isSelected ? '#0f172a' : colour, weight: isSelected ? 3 : 1.2, fill: true, fillColor: colour, fillOpacity: 0.65 };
  }

  /** A tile's parcel: styled as its entry in the list when it has one; else by its own properties, when the filters keep it. */
  function tileStyle(p) {
    const known = state.byId.get(String(p.id));
    if (known) return shownIds.has(String(p.id)) ? style(known) : null;
    return keepsUnlisted(p) ? style({ properties: p }) : null;
  }

  return {
    overlays: { '地块（按优先级）': shapes, '排名标注': labels },

    clear() {
      shapes.clearLayers();
      tiles = null;
    },

    /** Puts the loaded parcels on the map: from tiles when `tiled`, else the GeoJSON layer. */
    attach(tiled) {
      if (tiled) tiles = vectorTiles('parcels', { style: tileStyle, onClick: (id) => reveal(state.byId.get(String(id)) ?? { type: 'Feature', id, properties: {} }), withToken: true });
      shapes.addLayer(tiles ?? layer);
    },

    /** Draws the parcels the list shows, and their ranks. */
    show(shown) {
      layer.clearLayers();
      labels.clearLayers();
      const ids = new Set(shown.map((f) => String(idOf(f))));
      const changed = ids.size !== shownIds.size || [...ids].some((id) => !shownIds.has(id));
      shownIds = ids;
      if (tiles && changed) tiles.redraw(); // tiles style their features as drawn: other filters, other tiles
      if (!tiles) layer.addData({ type: 'FeatureCollection', features: shown });
      placed.length = 0;
      if (state.ranked) {
        shown.filter((f) => f.geometry).forEach((f) => {
          const bounds = L.geoJSON(f).getBounds();
          const marker = L.marker(bounds.getCenter(), {
            icon: L.divIcon({ className: 'rank-label', html: String(f.properties.rank), iconSize: [LABEL, LABEL] }), interactive: false, keyboard: false,
          }).addTo(labels);
          placed.push([marker, bounds]);
        });
        place();
      }
    },

    /** Outlines the selected parcel: GeoJSON restyles every shape, tiles only the two that changed. */
    highlight(previous) {
      if (!tiles) return layer.setStyle(style);
      if (previous && previous !== state.selected) tiles.resetFeatureStyle(idOf(previous));
      if (state.selected) tiles.setFeatureStyle(idOf(state.selected), style(state.selected));
    },
  };
}
