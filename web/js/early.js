// The requests every view starts from, sent as soon as the page's head is read: asked for by main.js, they left only
// after Leaflet and every module had been fetched and run (about 0.4 s of a cold first view). A plain script, not a
// module, so it runs the moment it arrives; api.js's `early()` takes each answer once, or asks again itself.
// The public view's first data, the nearby query at the district's centre, leave the moment the district list
// answers: asked for by public.js, they waited for Leaflet, the modules, the outlines being drawn and the map's fit.
(() => {
  const token = sessionStorage.getItem('tuoyu.token'); // a staff member sees what staff see (api.js sends it too)
  const headers = { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  // The parsed body, or null when the request failed or was refused (then the page asks again and reports the problem).
  const get = (url) => fetch(url, { headers }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  const early = window.tuoyuEarly = Object.fromEntries(['/api/config', '/api/districts?level=district', '/api/districts?level=subdistrict&page_size=1000']
    .map((url) => [url, get(url)]));

  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  if ((hash.get('view') ?? 'public') !== 'public') return;
  const RADIUS = 3000; // public.js's first radius
  early.nearby = Promise.all([early['/api/config'], early['/api/districts?level=district']]).then(([config, districts]) => {
    // main.js's choice of district, and the map's centre as Leaflet sets it: the permalink's, else the district's
    // bounds fitted (their centre in Web Mercator, as fitBounds takes it).
    const byCode = (code) => code && districts?.features.find((f) => f.properties.code === code);
    const district = byCode(/^\d{6}$/.test(hash.get('district') ?? '') && hash.get('district')) || byCode(config?.default_district) || districts?.features[0];
    const view = /^(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(hash.get('map') ?? '');
    let point = view ? { lat: Number(view[2]), lng: Number(view[3]) } : null;
    if (!point && district?.geometry) {
      const box = { w: Infinity, s: Infinity, e: -Infinity, n: -Infinity };
      const walk = (c) => (typeof c[0] === 'number'
        ? Object.assign(box, { w: Math.min(box.w, c[0]), e: Math.max(box.e, c[0]), s: Math.min(box.s, c[1]), n: Math.max(box.n, c[1]) })
        : c.forEach(walk));
      walk(district.geometry.coordinates);
      const R = 6378137; const d = Math.PI / 180; const MAX = 85.0511287798;
      const y = (lat) => { const sin = Math.sin(Math.max(Math.min(MAX, lat), -MAX) * d); return (R * Math.log((1 + sin) / (1 - sin))) / 2; };
      point = { lng: (box.w + box.e) / 2, lat: (2 * Math.atan(Math.exp((y(box.s) + y(box.n)) / 2 / R)) - Math.PI / 2) / d };
    }
    if (!point) return null;
    const ask = (layer) => get(`/api/nearby?${new URLSearchParams({ lon: point.lng.toFixed(6), lat: point.lat.toFixed(6), layer, limit: 200, max_distance_m: RADIUS })}`);
    return { point, radius: RADIUS, institutions: ask('institutions'), rooms: ask('nursing-rooms') };
  }).catch(() => null);
})();
