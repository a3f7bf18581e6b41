// The layers that grow with a city or province (residential areas, parcels) drawn from the API's own vector tiles
// (/tiles/{layer}/{z}/{x}/{y}.mvt, PostGIS ST_AsMVT) once a district holds too many of them to load whole as GeoJSON.
// Analysis colourings stay GeoJSON: they come with the analysis answer. Tiles are always asked of this page's origin.
import { api, query } from './api.js';
import { session } from './session.js';

/** Above this many features in the district a layer is drawn from tiles: past it, whole-layer GeoJSON gets slow to fetch and draw. */
export const TILE_THRESHOLD = 5000;

/** Residential areas by kind: the colours of the plain layer, whichever way it is drawn. */
export const residentialColours = { new: '#d97706', old: '#7c3aed' };
export const residentialStyle = (kind) => ({ className: 'area-tile', color: residentialColours[kind] ?? '#64748b', weight: 1, fill: true, fillOpacity: 0.2 });

/**
 * A residential area stored as a point (小区 imported from a housing list) is drawn as a small circle in the areas' own
 * pane, coloured as its polygon would be: Leaflet's default pin would sit in the marker pane, above every facility,
 * and catch the taps meant for them. `pointAreaStyle` turns the polygon's path style into the circle's (its className too: a
 * GeoJSON layer's style is applied before the circle is drawn, and the path takes the class it then has).
 */
export const pointAreaStyle = (style) => ({
  ...style, radius: 5, weight: 1, color: '#fff', fillColor: style.fillColor ?? style.color, fillOpacity: Math.max(0.8, style.fillOpacity ?? 0),
  className: `${style.className ?? ''} area-point`.trim(),
});
const isPoint = (feature) => feature.geometry?.type === 'Point';
/** A GeoJSON layer's style for areas of either shape: `style(feature)` is the polygons'. */
export const areaStyles = (style) => (feature) => (isPoint(feature) ? pointAreaStyle(style(feature)) : style(feature));
/** The GeoJSON layer's pointToLayer for point areas (its style then gives the circle's look). */
export const areaPoint = ({ pane, interactive }) => (feature, latlng) => L.circleMarker(latlng, { pane, interactive });

/**
 * Whether a layer is drawn from tiles: the permalink's `tiles=on|off` decides when given; otherwise the layer's size in
 * the district, from one list request for a single feature (its `total`).
 */
export async function useTiles(layer, { district, forced }) {
  if (forced === 'on') return true;
  if (forced === 'off') return false;
  const body = await api(`/api/${layer}?${query({ district, page_size: 1 })}`);
  return (body.total ?? 0) > TILE_THRESHOLD;
}

/**
 * Leaflet.VectorGrid (105 KB), fetched the first time a layer is drawn from tiles: most districts never need it, and as
 * a script of the page it held every first view back while it was read.
 */
let vectorGridLoad = null;
export function loadVectorGrid() {
  vectorGridLoad ??= window.L?.vectorGrid ? Promise.resolve() : new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'vendor/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.js';
    script.onload = () => resolve();
    script.onerror = () => { vectorGridLoad = null; reject(new Error('矢量瓦片组件无法加载')); };
    document.head.append(script);
  });
  return vectorGridLoad;
}

/**
 * The vector tiles of one API layer (the tile's layer is named like it). `style(properties)` gives Leaflet path options,
 * or null to leave a feature out; `onClick(id, properties)` makes features clickable. `withToken` sends the signed-in
 * user's token with each tile request, for staff-only layers (parcels).
 * The layer is returned at once and its tiles appear once VectorGrid has loaded; until then restyling (redraw,
 * setFeatureStyle) has nothing to do, since the tiles are styled from `style` as they are drawn.
 */
export function vectorTiles(layer, { style, onClick, pane = 'areas', withToken = false }) {
  const holder = L.layerGroup();
  let tiles = null;
  holder.redraw = () => { tiles?.redraw(); return holder; };
  holder.setFeatureStyle = (id, options) => { tiles?.setFeatureStyle(id, options); return holder; };
  holder.resetFeatureStyle = (id) => { tiles?.resetFeatureStyle(id); return holder; };
  holder.ready = loadVectorGrid().then(() => {
    tiles = gridLayer(layer, { style, onClick, pane, withToken });
    holder.addLayer(tiles);
    return tiles;
  });
  return holder;
}

function gridLayer(layer, { style, onClick, pane, withToken }) {
  const token = session.token();
  const tiles = L.vectorGrid.protobuf(`/tiles/${layer}/{z}/{x}/{y}.mvt`, {
    pane,
    rendererFactory: L.svg.tile,
    interactive: Boolean(onClick),
    // The row's id travels as the tile feature's id, not among its properties; copying it there lets a click (which
    // only sees the properties) say which feature it was.
    getFeatureId: (feature) => {
      feature.properties.id = feature.id;
      return feature.id;
    },
    vectorTileLayerStyles: { [layer]: (properties) => style(properties) ?? [] },
    fetchOptions: { credentials: 'omit', headers: withToken && token ? { Authorization: `Bearer ${token}` } : {} },
  });
  if (onClick) {
    tiles.on('click', (event) => {
      L.DomEvent.stopPropagation(event);
      onClick(event.layer.properties.id, event.layer.properties);
    });
  }
  return tiles;
}

/** The residential areas as context (the public view, the planner's background), coloured by kind; not clickable. */
export const residentialTiles = () => vectorTiles('residential-areas', { style: (p) => residentialStyle(p.kind), pane: 'background' });
