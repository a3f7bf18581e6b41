// The view's permalink lives in the URL hash: #view=planner&map=14/26.08123/119.29456&base=osm&district=350102[&group=siting][&tiles=on|off]
// (district: the district shown, by adcode; tiles: draw the large layers from vector tiles, or not, whatever their size;
// group: the panel group open in a view that has groups).
export function readHash() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const state = { view: params.get('view') ?? undefined, base: params.get('base') ?? undefined };
  if (/^\d{6}$/.test(params.get('district') ?? '')) state.district = params.get('district');
  if (['on', 'off'].includes(params.get('tiles'))) state.tiles = params.get('tiles');
  if (/^[a-z-]+$/.test(params.get('group') ?? '')) state.group = params.get('group');
  const match = /^(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(params.get('map') ?? '');
  if (match) state.center = { zoom: Number(match[1]), lat: Number(match[2]), lng: Number(match[3]) };
  return state;
}

export function writeHash({ view, district, map, base, tiles, group }) {
  const c = map.getCenter();
  const hash = `#view=${view}&map=${map.getZoom()}/${c.lat.toFixed(5)}/${c.lng.toFixed(5)}&base=${base}${district ? `&district=${district}` : ''}${group ? `&group=${group}` : ''}${tiles ? `&tiles=${tiles}` : ''}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
  const link = document.getElementById('permalink');
  if (link) link.href = hash;
}
