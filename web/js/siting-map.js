// The siting layer on the map: a scenario's new sites as numbered markers with their catchment circle, and
// lines to the residential areas the solver assigned to each (the API's served_demand_ids).
import { api } from './api.js';
import { fmt, h, showError } from './ui.js';

/** Where a site's marker goes (a site is a point; a cost-matrix problem has none). */
export const siteLatLng = (f) => (f.geometry?.type === 'Point' ? L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]) : null);
const areaCentre = (f) => (f.geometry.type === 'Point' ? L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]) : L.geoJSON(f).getBounds().getCenter());

/** The residential areas each site serves, looked up in the coverage shown, with the demand the solver weighed. */
function servedAreas(result, features, areas) {
  const byId = new Map((areas?.features ?? []).map((f) => [String(f.id), f]));
  const weightOf = (p) => (result.model === 'p_median' ? p.required_slots : p.gap);
  return features.map((f) => (f.properties.served_demand_ids ?? []).map((id) => byId.get(id)).filter(Boolean)
    .map((a) => ({ name: a.properties.name, centre: areaCentre(a), weight: weightOf(a.properties) })));
}

/**
 * Each site's walking reach within the run's radius, in one request, where the run was measured on the district's
 * network: the solver's catchment, not a circle. Drawn only while the site's marker is still on the layer.
 */
async function drawReaches(layer, district, result, drawn) {
  const sites = drawn.map(({ at }, k) => ({ id: String(k), lon: at.lng, lat: at.lat }));
  const body = await api(`/api/districts/${district}/network/reaches`, {
    method: 'POST', body: { sites, radius_m: result.radius_m, walking_speed: result.distance.walking_speed_mps },
  });
  body.features.forEach((f, k) => {
    const { colour, marker } = drawn[k];
    if (!layer.hasLayer(marker) || !f.geometry?.coordinates?.length) return;
    L.geoJSON(f, { style: () => ({ className: 'site-walk', color: colour, weight: 2, dashArray: '6 4', fillColor: colour, fillOpacity: 0.1, interactive: false }) }).addTo(layer);
  });
}

/**
 * Draws a scenario's sites on the layer (numbered markers, catchment — the walk on the network where the run was
 * measured on it (`district` given), else a circle — and with links the lines to the areas served, read from areas);
 * returns their positions.
 */
export function drawSites(layer, result, { colourOf, labelOf, skip = () => false, links = true, areas = null, district = null }) {
  const walked = district && result.distance?.distance === 'network';
  const drawn = [];
  const features = result.sites?.features ?? [];
  const at = features.map(siteLatLng);
  const served = links ? servedAreas(result, features, areas) : features.map(() => []);
  features.forEach((f, i) => {
    if (!at[i] || skip(f)) return;
    const colour = colourOf(f, i);
    const props = f.properties;
    served[i].forEach((area) => L.polyline([area.centre, at[i]], { className: 'served-link', color: colour, weight: 3, opacity: 0.9, interactive: false }).addTo(layer));
    served[i].forEach((area) => L.circleMarker(area.centre, { className: 'served-area', radius: 6, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 1 })
      .bindTooltip(h('span', {}, h('strong', {}, area.name), h('br'), `由 ${labelOf(f, i)} 服务 · 需求 ${fmt.num(area.weight)} 托位`)).addTo(layer));
    if (!walked) L.circle(at[i], { radius: result.radius_m, color: colour, weight: 2, dashArray: '6 4', fillColor: colour, fillOpacity: 0.1, interactive: false }).addTo(layer);
    const label = labelOf(f, i);
    const width = Math.max(26, label.length * 8 + 10);
    const marker = L.marker(at[i], { zIndexOffset: 1000, icon: L.divIcon({ className: 'poi site', html: `<span style="background:${colour}">${label}</span>`, iconSize: [width, 26] }) })
      .bindTooltip(h('span', {}, h('strong', {}, `${labelOf(f, i)} ${props.name}`), h('br'),
        `服务需求 ${fmt.num(props.served_demand)} 托位 · ${props.demand_points_served} 个居住区`, h('br'),
        `新增托位 ${fmt.int(props.capacity)}${props.parcel_code ? ` · 地块 ${props.parcel_code}` : ''}`))
      .addTo(layer);
    drawn.push({ at: at[i], colour, marker });
  });
  if (walked && drawn.length) drawReaches(layer, district, result, drawn).catch((error) => showError(error, '选址服务范围'));
  return at.filter(Boolean);
}

/** Fits the map to the sites drawn. */
export function fitSites(map, at) {
  if (at.length) map.fitBounds(L.latLngBounds(at).pad(0.4), { maxZoom: 15 });
}
