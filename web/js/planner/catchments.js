// 服务半径圈: each institution's service radius, as the coverage analysis measured it. Where the district has a walking
// network, the streets reached on foot within the radius (polygons from the reached edges, POST …/network/reaches),
// asked for the institutions in view only, many in one request, and kept while the radius and network stay; where it
// has none, straight circles as before.
import { api } from '../api.js';
import { fmt, showError } from '../ui.js';

export const CATCHMENT_COLOUR = '#0f766e';
const MAX_SITES = 500; // what one request may carry
const style = (className) => ({ pane: 'catchments', className, color: CATCHMENT_COLOUR, weight: 1, fillOpacity: 0.05, interactive: false });

/** `layer` the group drawn into; `distance` (set later) the coverage answer's parameters.distance, or null without one. */
export function createCatchments(ctx, settings, layer) {
  let institutions = [];
  let shownKey = '';
  let distance; // undefined until the coverage answered (or failed): nothing is drawn before the measure is known
  let drawn = new Map(); // institution id → its reach, for the current radius, network version and speed
  let generation = 0;

  const walking = () => distance?.distance === 'network';

  function circles() {
    for (const f of institutions) {
      const [lng, lat] = f.geometry.coordinates;
      L.circle([lat, lng], { ...style('catchment-circle'), radius: settings.radius }).addTo(layer);
    }
  }

  /** Reaches of the institutions in view (padded) not yet drawn, in requests of at most MAX_SITES. */
  async function reachesInView() {
    if (!walking() || !ctx.map.hasLayer(layer)) return;
    const ask = generation;
    const view = ctx.map.getBounds().pad(0.25);
    const wanted = institutions.filter((f) => !drawn.has(String(f.id)) && view.contains([f.geometry.coordinates[1], f.geometry.coordinates[0]]));
    wanted.forEach((f) => drawn.set(String(f.id), null)); // asked for: not asked again while in flight
    for (let start = 0; start < wanted.length; start += MAX_SITES) {
      const sites = wanted.slice(start, start + MAX_SITES).map((f) => ({ id: String(f.id), lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }));
      const body = await api(`/api/districts/${ctx.districtCode}/network/reaches`, {
        method: 'POST', body: { sites, radius_m: settings.radius, walking_speed: distance.walking_speed_mps },
      }).catch((error) => { sites.forEach((s) => drawn.delete(s.id)); throw error; });
      if (ask !== generation) return; // the radius, the network or the institutions changed meanwhile
      for (const f of body.features) {
        if (f.geometry?.coordinates?.length) drawn.set(String(f.id), L.geoJSON(f, { style: () => style('catchment-walk') }).addTo(layer));
      }
    }
    layer.fire('reaches-drawn');
  }

  // The institutions and the measure arrive in either order, and a move ends in several events: one request for them all.
  let timer = null;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => reachesInView().catch((error) => showError(error, '服务半径圈')), 40);
  };

  function redraw() {
    generation += 1;
    layer.clearLayers();
    drawn = new Map();
    if (distance === undefined) return;
    if (walking()) soon();
    else circles();
  }

  ctx.map.on('moveend', soon);
  layer.on('add', soon);

  return {
    setInstitutions(list) {
      // The view reloads them with every new radius: the same ones keep the reaches already asked for.
      const key = list.map((f) => `${f.id}@${f.geometry.coordinates}`).join(';');
      if (key === shownKey) return;
      shownKey = key;
      institutions = list;
      redraw();
    },
    /** The measure the coverage answer used (parameters.distance), or null when there was none: circles. */
    setMeasure(measured) { distance = measured ?? null; redraw(); },
    /** The layer's name in the legend: which measure and, on foot, the minutes (the speed is in the view's measure line). */
    label() {
      const metres = fmt.metres(settings.radius);
      return walking()
        ? `服务半径圈：步行 ${metres}（约 ${fmt.num(distance.radius_minutes)} 分钟，按步行路网）`
        : `服务半径圈：直线 ${metres}`;
    },
  };
}
