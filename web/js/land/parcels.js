// 用地保障's state and loading: the district's parcels ranked by /api/analysis/priority-parcels, merged with what the
// parcel layer adds (owner, source, version), and the parcel read whole when a card needs what the ranking lacks.
import { api, query } from '../api.js';
import { showError, unlessMissing } from '../ui.js';

export const idOf = (f) => f.id ?? f.properties.id;

/**
 * `parcels` are features, ranked when the analysis answered; `selected` the one whose card is open; `byId` finds a
 * tile's parcel among them; `completed` holds those whose layer fields have been read.
 */
export const parcelState = () => ({ parcels: [], ranked: false, selected: null, byId: new Map(), completed: new WeakSet() });

/**
 * Loads the ranking into `state`; answers its parameters (district name, radius, unmet total), or null when the
 * analysis is missing and the parcels are the layer's, unranked. With tiles the layer is too large to read whole:
 * a card reads its parcel when it opens.
 */
export async function loadParcels(state, { district, radius, tiled }) {
  const readLayer = () => api(`/api/parcels?${query({ district, page_size: 1000 })}`);
  const [body, layerBody] = await Promise.all([
    unlessMissing(() => api(`/api/analysis/priority-parcels?${query({ district, radius_m: radius, format: 'geojson' })}`)),
    tiled ? { features: [] } : readLayer(),
  ]);
  const stored = new Map(layerBody.features.map((f) => [String(f.id), f.properties]));
  state.ranked = Boolean(body);
  state.parcels = body
    ? body.features.map((f) => ({ ...f, properties: { ...stored.get(String(f.id)), ...f.properties } })).sort((a, b) => a.properties.rank - b.properties.rank)
    : (tiled ? await readLayer().catch((e) => { showError(e, '地块'); return { features: [] }; }) : layerBody).features;
  if (!tiled) state.parcels.forEach((f) => state.completed.add(f));
  state.byId = new Map(state.parcels.map((f) => [String(idOf(f)), f]));
  return body?.parameters ?? null;
}

/** Reads the rest of a parcel only the ranking or a tile knew; the ranking's own fields win. */
export async function completeParcel(state, f) {
  if (state.completed.has(f)) return;
  const read = await api(`/api/parcels/${encodeURIComponent(idOf(f))}`);
  Object.assign(f, { geometry: f.geometry ?? read.geometry, properties: { ...read.properties, ...f.properties } });
  state.completed.add(f);
}
