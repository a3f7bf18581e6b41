// The requests every view starts from, sent as soon as the page's head is read: asked for by main.js, they left only
// after Leaflet and every module had been fetched and run (about 0.4 s of a cold first view). A plain script, not a
// module, so it runs the moment it arrives; main.js takes each answer once (early.js's `take`), or asks again itself.
window.tuoyuEarly = Object.fromEntries(['/api/config', '/api/districts?level=district', '/api/districts?level=subdistrict&page_size=1000']
  .map((url) => [url, fetch(url, { headers: { Accept: 'application/json' } }).catch(() => null)]));
