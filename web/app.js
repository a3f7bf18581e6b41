// The first page: the district, its 街道 and the demo layers. Data come from the API as GeoJSON.
(async function () {
  const map = L.map('map', { preferCanvas: true }).setView([26.09, 119.28], 13);
  const osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19, attribution: '&copy; OpenStreetMap contributors'
  }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);

  const get = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };

  const [districts, subdistricts, areas, institutions, rooms, parcels] = await Promise.all([
    get('/api/districts?level=district'),
    get('/api/districts?level=subdistrict'),
    get('/api/residential-areas?page_size=5000'),
    get('/api/institutions'),
    get('/api/nursing-rooms'),
    get('/api/parcels'),
  ]);

  const overlays = {
    '区界': L.geoJSON(districts, { style: { color: '#0f5b78', weight: 3, fill: false } }),
    '街道（边界为合成）': L.geoJSON(subdistricts, {
      style: { color: '#555', weight: 1, dashArray: '4 3', fillOpacity: 0.03 },
      onEachFeature: (f, layer) => layer.bindTooltip(f.properties.name),
    }),
    '居住区': L.geoJSON(areas, {
      style: (f) => ({ color: f.properties.kind === 'new' ? '#d97706' : '#7c3aed', weight: 1, fillOpacity: 0.35 }),
      onEachFeature: (f, layer) => layer.bindPopup(`${f.properties.name}<br>人口 ${f.properties.population}`),
    }),
    '托育机构': L.geoJSON(institutions, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 6, color: '#047857', fillOpacity: 0.8 }),
      onEachFeature: (f, layer) => layer.bindPopup(`${f.properties.name}<br>核定托位 ${f.properties.approved_slots}`),
    }),
    '母婴室': L.geoJSON(rooms, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, color: '#db2777', fillOpacity: 0.8 }),
      onEachFeature: (f, layer) => layer.bindPopup(f.properties.name),
    }),
    '地块': L.geoJSON(parcels, {
      style: { color: '#b91c1c', weight: 1, fillOpacity: 0.3 },
      onEachFeature: (f, layer) => layer.bindPopup(`${f.properties.code} ${f.properties.name}`),
    }),
  };
  Object.values(overlays).forEach((layer) => layer.addTo(map));
  L.control.layers({ OpenStreetMap: osm }, overlays).addTo(map);
  const bounds = overlays['区界'].getBounds();
  if (bounds.isValid()) map.fitBounds(bounds);
})().catch((error) => {
  const banner = document.createElement('div');
  banner.className = 'error';
  banner.textContent = `加载失败：${error.message}`;
  document.body.prepend(banner);
});
