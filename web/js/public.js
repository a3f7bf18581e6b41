// 公众查询: filed institutions and 母婴室 near a point (a click, or the browser's location), nearest first.
// /api/nearby answers the distance ordering; the filters act on its answer in the page, so they are instant.
import { api, earlyNearby, query } from './api.js';
import { legendGroup, legendRow } from './basemap.js';
import * as words from './labels.js';
import { areaPoint, areaStyles, residentialColours, residentialStyle, residentialTiles, useTiles } from './tiles.js';
import { checkbox, definitionList, fmt, h, replace, select, showError, syntheticBadge } from './ui.js';

const RADII = [1000, 3000, 5000];
/** 步行 5/10/15 分钟 (GB 50180-2018's life circles), drawn largest first so the nearer walks lie on top. */
const WALK_MINUTES = [15, 10, 5];
const walkColours = { 5: '#0e7490', 10: '#0891b2', 15: '#67e8f9' };
/** 步行约 N 分钟: a walk is told in whole minutes, at least one. */
const walkWords = (minutes) => `步行约 ${Math.max(1, Math.round(minutes))} 分钟`;

export function createPublicView(ctx) {
  const state = { point: null, radius: 3000, results: [], selected: null, open: null }; // open: ids of the rooms open now, null if unknown
  const markers = L.markerClusterGroup({ maxClusterRadius: 40, disableClusteringAtZoom: 17, showCoverageOnHover: false, spiderfyOnMaxZoom: true });
  const here = L.layerGroup();
  const context = L.layerGroup(); // residential areas by kind, so a parent sees where people live; clicks go to the map
  const walks = L.layerGroup(); // where a walk of 5/10/15 minutes reaches on the district's streets, when it has them
  const overlays = { '查询结果（托育机构、母婴室）': markers, '查询位置与范围': here, '步行等时圈（5/10/15 分钟）': walks, '居住区': context };
  let walksOffered = false;
  let walkAsked = 0; // the latest isochrone request: an older answer arriving late is dropped

  const show = { institutions: checkbox('show-institutions', '托育机构', true), rooms: checkbox('show-rooms', '母婴室', true) };
  const serviceType = select('filter-service-type', '收托类型', { '': '全部', ...words.serviceTypes });
  const ageClass = select('filter-age-class', '年龄班级', { '': '全部', ...words.classTypes });
  const puhui = checkbox('filter-puhui', '仅普惠', false);
  const vacancies = checkbox('filter-vacancies', '有空余托位', false);
  const complete = checkbox('filter-complete', '设施齐全', false);
  const openNow = checkbox('filter-open-now', '现在开放', false);
  const equipmentSelect = select('filter-equipment', '须有设施', { '': '不限', ...words.equipment });
  const radius = select('filter-radius', '范围', Object.fromEntries(RADII.map((r) => [r, fmt.metres(r)])), '3000');
  const count = h('p', { class: 'count', id: 'result-count' }, '点击地图选择位置');
  const list = h('ol', { class: 'results', id: 'results', 'aria-label': '附近结果（由近及远）' });
  const card = h('div', { id: 'detail', class: 'detail', hidden: true });
  const locate = h('button', { type: 'button', id: 'locate', onclick: () => useMyLocation() }, '使用我的位置');
  const searchText = h('input', { type: 'search', id: 'place-search', placeholder: '小区名称、机构名称或地址', 'aria-label': '搜索小区或地址', autocomplete: 'off' });
  const searchHits = h('ul', { class: 'search-hits', id: 'place-hits', 'aria-label': '搜索结果' });
  const searchForm = h('form', { class: 'place-search', role: 'search', onsubmit: (event) => { event.preventDefault(); findPlace(); } },
    searchText, h('button', { type: 'submit' }, '搜索'));

  const panel = h('div', { class: 'view view-public' },
    h('section', { class: 'box' },
      h('h2', {}, '附近的托育机构与母婴室'),
      searchForm, searchHits,
      h('p', { class: 'hint' }, '搜索小区或地址，在地图上点击任一位置，或', locate, '。只列出已备案、运营中的托育机构。'),
      h('div', { class: 'row' }, show.institutions.label, show.rooms.label, radius.label),
      h('details', { class: 'filters', open: !window.matchMedia('(max-width: 760px)').matches },
        h('summary', {}, '筛选'),
        h('fieldset', {}, h('legend', {}, '托育机构'), serviceType.label, ageClass.label, puhui.label, vacancies.label),
        h('fieldset', {}, h('legend', {}, '母婴室'), openNow.label, complete.label, equipmentSelect.label))),
    card,
    h('section', { class: 'box' }, count, list));

  for (const control of [show.institutions, show.rooms, serviceType, ageClass, puhui, vacancies, complete, openNow, equipmentSelect]) {
    control.input.addEventListener('change', render);
  }
  radius.input.addEventListener('change', () => { state.radius = Number(radius.input.value); search(); });

  function keep(result) {
    const p = result.properties;
    if (result.kind === 'institution') {
      if (!show.institutions.input.checked) return false;
      if (serviceType.input.value && !(p.service_types ?? []).includes(serviceType.input.value)) return false;
      if (ageClass.input.value && !(p.classes ?? []).some((c) => c.type === ageClass.input.value)) return false;
      if (puhui.input.checked && !p.is_puhui) return false;
      if (vacancies.input.checked && !(p.vacancies > 0)) return false;
      return true;
    }
    if (!show.rooms.input.checked) return false;
    if (complete.input.checked && !p.compliant) return false;
    if (openNow.input.checked && !state.open?.has(result.id)) return false;
    if (equipmentSelect.input.value && !(p.equipment ?? []).includes(equipmentSelect.input.value)) return false;
    return true;
  }

  /** The results near the point; `sent`, js/early.js's answers for this very point and radius, saves asking again. */
  async function search(sent = null) {
    if (!state.point) return;
    const { lat, lng } = state.point;
    here.clearLayers();
    L.circle(state.point, { radius: state.radius, color: '#0f5b78', weight: 1, fill: false, dashArray: '6 4', interactive: false }).addTo(here);
    L.circleMarker(state.point, { radius: 7, color: '#fff', weight: 2, fillColor: '#0f5b78', fillOpacity: 1 }).bindTooltip('查询位置').addTo(here);
    const ask = (layer) => api(`/api/nearby?${query({ lon: lng.toFixed(6), lat: lat.toFixed(6), layer, limit: 200, max_distance_m: state.radius })}`);
    try {
      const [institutions, rooms] = await Promise.all(sent
        ? [sent.institutions.then((body) => body ?? ask('institutions')), sent.rooms.then((body) => body ?? ask('nursing-rooms'))]
        : [ask('institutions'), ask('nursing-rooms')]);
      // Which rooms are open now (every room of the district) fills the badges when it arrives: asked for beside the
      // nearby query, it shared the server with it and held the list back.
      openRooms().then((open) => { state.open = open; if (state.results.length) render(); }).catch(() => {});
      const flatten = (collection, kind) => collection.features.map((f) => ({
        kind, id: f.id, geometry: f.geometry, distance: f.properties.distance_m, walkMinutes: f.properties.walking_minutes ?? null,
        walkMetres: f.properties.walking_m ?? null, properties: f.properties.details ?? {},
      }));
      state.results = [...flatten(institutions, 'institution'), ...flatten(rooms, 'room')].sort((a, b) => a.distance - b.distance);
      render();
      // A walk measured means the point's district has a street network and the point lies on it: only then are isochrones asked for.
      if (state.results.some((r) => r.walkMetres !== null)) showWalks(state.point);
      else clearWalks();
    } catch (error) {
      showError(error, '附近查询失败');
    }
  }

  function render() {
    const shown = state.results.filter(keep);
    markers.clearLayers();
    replace(list, shown.map((result) => {
      const p = result.properties;
      const [lng, lat] = result.geometry.coordinates;
      const marker = L.marker([lat, lng], { icon: icon(result), title: p.name, keyboard: false });
      marker.on('click', () => open(result));
      markers.addLayer(marker);
      result.marker = marker;
      return h('li', { class: `result ${result.kind}`, dataset: { kind: result.kind, id: result.id, distance: result.distance } },
        h('button', { type: 'button', onclick: () => open(result, true) },
          h('span', { class: `dot ${result.kind}` }, result.kind === 'institution' ? '托' : '母'),
          h('span', { class: 'name' }, p.name),
          h('span', { class: 'distance' }, fmt.metres(result.distance)),
          h('span', { class: 'meta' }, result.walkMinutes !== null ? [h('span', { class: 'walk' }, walkWords(result.walkMinutes)), ' · '] : null, result.kind === 'institution'
            ? [p.is_puhui ? h('span', { class: 'badge puhui' }, '普惠') : null, `空余 ${p.vacancies ?? '—'} / ${p.approved_slots} 托位`, ' · ', (p.service_types ?? []).map((t) => words.word(words.serviceTypes, t)).join('、')]
            : [openBadge(result), p.compliant ? h('span', { class: 'badge ok' }, '设施齐全') : words.roomShortfalls(p).map((why) => h('span', { class: 'badge warn' }, why)), ' ', words.word(words.venueTypes, p.venue_type)])));
    }));
    const total = state.results.length;
    count.textContent = total === 0
      ? `${fmt.metres(state.radius)}范围内没有结果，请扩大范围或换个位置`
      : `${fmt.metres(state.radius)}内共 ${total} 处，筛选后显示 ${shown.length} 处（由近及远）`;
    if (state.selected && !shown.includes(state.selected)) close();
  }

  function open(result, fromList = false) {
    state.selected = result;
    const p = result.properties;
    replace(card, h('button', { class: 'close', type: 'button', title: '关闭', 'aria-label': '关闭', onclick: close }, '×'),
      result.kind === 'institution' ? institutionCard(p, distanceWords(result)) : roomCard(p, distanceWords(result), openBadge(result)));
    // A facility's own walks, for a parent judging the way there; a place off the street network keeps the map as it is.
    if (result.walkMetres !== null) showWalks(L.latLng(result.geometry.coordinates[1], result.geometry.coordinates[0]));
    card.hidden = false;
    list.querySelectorAll('li').forEach((li) => li.classList.toggle('selected', li.dataset.id === String(result.id) && li.dataset.kind === result.kind));
    if (fromList) markers.zoomToShowLayer(result.marker, () => result.marker.getElement()?.classList.add('selected'));
    // The card opens at its title: 'nearest' left a phone's panel scrolled past it.
    ctx.panel.scrollTo({ top: card.offsetTop - ctx.panel.offsetTop, behavior: 'instant' });
    window.scrollTo({ top: 0 });
  }

  /** The isochrones of a walk from `latlng` (步行 5/10/15 分钟), replacing those shown; nothing is drawn if the network cannot answer. */
  async function showWalks(latlng) {
    const asked = ++walkAsked;
    try {
      const body = await api(`/api/districts/${encodeURIComponent(ctx.districtCode)}/network/isochrones?${query({ lon: latlng.lng.toFixed(6), lat: latlng.lat.toFixed(6), minutes: WALK_MINUTES.join(',') })}`);
      if (asked !== walkAsked) return;
      walks.clearLayers();
      // Offered on the map (and so in the legend and layer control) once there is a walk to show; a parent may then turn it off.
      if (!walksOffered && ctx.map.hasLayer(markers)) {
        walksOffered = true;
        walks.addTo(ctx.map);
      }
      walks.addLayer(L.geoJSON(body, {
        pane: 'catchments', interactive: false,
        style: (f) => ({ className: `isochrone isochrone-${f.properties.minutes}`, color: walkColours[f.properties.minutes] ?? '#0891b2', weight: 1, fillOpacity: 0.18 }),
      }));
    } catch {
      if (asked === walkAsked) walks.clearLayers();
    }
  }

  function clearWalks() {
    walkAsked += 1;
    walks.clearLayers();
  }

  /** 距离 on a card: the straight line, and the walk where the street network measured one. */
  const distanceWords = (result) => (result.walkMetres !== null
    ? `${fmt.metres(result.distance)}（${walkWords(result.walkMinutes)}，${fmt.metres(result.walkMetres)}）`
    : fmt.metres(result.distance));

  /**
   * The ids of the 母婴室 open this minute (China time), as the API reads their opening hours; null when it could
   * not say, and then no room is called open or closed.
   */
  async function openRooms() {
    try {
      const body = await api(`/api/nursing-rooms?${query({ district: ctx.districtCode, open_at: words.chinaNow(), page_size: 10000 })}`);
      return new Set(body.features.map((f) => f.id));
    } catch {
      return null;
    }
  }

  const openBadge = (result) => {
    if (!state.open || !result.properties.opening_hours) return null;
    return state.open.has(result.id) ? h('span', { class: 'badge open' }, '开放中') : h('span', { class: 'badge closed' }, '未开放');
  };

  /** 小区 by name, institutions by name or address, in this district; a hit moves the search there. */
  async function findPlace() {
    const text = searchText.value.trim();
    if (!text) return replace(searchHits);
    const ask = (layer) => api(`/api/${layer}?${query({ district: ctx.districtCode, q: text, page_size: 8 })}`).then((b) => b.features).catch(() => []);
    const [areas, institutions] = await Promise.all([ask('residential-areas'), ask('institutions')]);
    const hits = [...areas.map((f) => ({ f, kind: '小区' })), ...institutions.map((f) => ({ f, kind: '托育机构', address: f.properties.address }))];
    replace(searchHits, hits.length ? hits.map(({ f, kind, address }) => h('li', {},
      h('button', { type: 'button', onclick: () => { replace(searchHits); setPoint(L.geoJSON(f).getBounds().getCenter(), true); } },
        h('span', { class: 'name' }, f.properties.name), h('small', {}, ` ${kind}${address ? ` · ${address}` : ''}`))))
      : h('li', { class: 'hint' }, `本区没有名称或地址含“${text}”的小区或机构`));
  }

  function close() {
    state.selected = null;
    card.hidden = true;
    list.querySelectorAll('li.selected').forEach((li) => li.classList.remove('selected'));
  }

  function useMyLocation() {
    if (!navigator.geolocation) return showError('此浏览器不支持定位，请在地图上点击选择位置');
    navigator.geolocation.getCurrentPosition(
      (position) => setPoint(L.latLng(position.coords.latitude, position.coords.longitude), true),
      (error) => showError(`无法获取您的位置（${error.message || error.code}），请在地图上点击选择位置`),
      { enableHighAccuracy: true, timeout: 10000 });
  }

  async function loadContext() {
    const district = ctx.districtCode;
    if (await useTiles('residential-areas', { district, forced: ctx.tiles })) {
      context.addLayer(residentialTiles());
      return;
    }
    const body = await api(`/api/residential-areas?${query({ district, page_size: 5000 })}`);
    context.addLayer(L.geoJSON(body, {
      pane: 'background', interactive: false, style: areaStyles((f) => residentialStyle(f.properties.kind)), pointToLayer: areaPoint({ pane: 'background', interactive: false }),
    }));
  }

  function setPoint(latlng, pan = false, sent = null) {
    state.point = latlng;
    if (pan) ctx.map.setView(latlng, Math.max(ctx.map.getZoom(), 15));
    return search(sent);
  }

  /** js/early.js's nearby answers, when they were asked for the map's centre (to a centimetre) at the radius shown. */
  async function earlyAnswers() {
    const sent = await earlyNearby();
    const centre = ctx.map.getCenter();
    return sent && sent.radius === state.radius && Math.abs(sent.point.lat - centre.lat) < 1e-7 && Math.abs(sent.point.lng - centre.lng) < 1e-7 ? sent : null;
  }

  return {
    panel,
    overlays: () => overlays,
    mapClick: (event) => setPoint(event.latlng),
    async activate() {
      Object.values(overlays).forEach((layer) => (layer !== walks || walksOffered) && layer.addTo(ctx.map));
      ctx.setLegend(h('strong', {}, '公众查询'),
        legendGroup(markers, legendRow('#0f766e', '普惠托育机构', 'dot'), legendRow('#2563eb', '其他托育机构（已备案）', 'dot'), legendRow('#db2777', '母婴室', 'dot')),
        legendGroup(here, legendRow('#0f5b78', '查询范围', 'line')),
        legendGroup(walks, [...WALK_MINUTES].reverse().map((m) => legendRow(walkColours[m], `步行 ${m} 分钟可达`))),
        legendGroup(context, Object.entries(residentialColours).map(([kind, colour]) => legendRow(colour, words.residentialKinds[kind]))));
      if (!state.point) {
        // The residential context is drawn after the results: asked for at once, it shared the server with the nearby query a parent waits for.
        const sent = await earlyAnswers();
        const results = sent ? setPoint(L.latLng(sent.point.lat, sent.point.lng), false, sent) : setPoint(ctx.map.getCenter());
        results.finally(() => loadContext().catch((error) => showError(error, '居住区')));
        await results;
      }
    },
    deactivate() { Object.values(overlays).forEach((layer) => ctx.map.removeLayer(layer)); },
  };
}

const icon = (result) => L.divIcon({
  className: `poi ${result.kind}${result.kind === 'institution' && result.properties.is_puhui ? ' puhui' : ''}`,
  html: result.kind === 'institution' ? '托' : '母', iconSize: [24, 24], iconAnchor: [12, 12],
});

function institutionCard(p, distance) {
  const rows = [
    ['距离', distance],
    ['地址', p.address],
    ['电话', p.phone ? h('a', { href: `tel:${p.phone}` }, p.phone) : '—'],
    ['开放时间', words.openingHours(p.opening_hours)],
    ['收托类型', (p.service_types ?? []).map((t) => words.word(words.serviceTypes, t)).join('、') || '—'],
    ['托位', `核定 ${p.approved_slots} · 在托 ${p.enrolled_slots ?? '—'} · 空余 ${p.vacancies ?? '—'}`],
    ['收费', fmt.yuan(p.monthly_fee_min, p.monthly_fee_max)],
    ['性质', `${words.word(words.natures, p.nature)} · ${words.word(words.operatorTypes, p.operator_type)}`],
    ['备案', `${words.word(words.filingStatuses, p.filing_status)}${p.filed_on ? `（${p.filed_on}）` : ''}`],
    ['质量评估', p.quality_grade ? `${p.quality_grade.toUpperCase()} 级` : '未评估'],
    ['楼层', p.floor ? `${p.floor} 层` : '—'],
  ];
  return h('article', { class: 'card institution-card' },
    h('h3', {}, p.name, ' ', syntheticBadge(p)),
    h('p', { class: 'badges' }, p.is_puhui ? h('span', { class: 'badge puhui' }, '普惠') : null,
      p.is_demonstration ? h('span', { class: 'badge ok' }, '示范') : null, p.is_standardised ? h('span', { class: 'badge ok' }, '规范化') : null),
    definitionList(rows),
    h('table', { class: 'classes' },
      h('caption', {}, '班级'),
      h('thead', {}, h('tr', {}, h('th', {}, '班型'), h('th', {}, '班数'), h('th', {}, '在托'), h('th', {}, '每班上限'))),
      h('tbody', {}, (p.classes ?? []).map((c) => h('tr', {},
        h('td', {}, words.word(words.classTypes, c.type)), h('td', {}, c.count), h('td', {}, c.children), h('td', {}, words.classCaps[c.type] ?? '—'))))));
}

function roomCard(p, distance, openBadge) {
  const have = new Set(p.equipment ?? []);
  const short = words.roomShortfalls(p);
  return h('article', { class: 'card room-card' },
    h('h3', {}, p.name, ' ', syntheticBadge(p)),
    h('p', { class: 'badges' }, openBadge, p.compliant ? h('span', { class: 'badge ok' }, '设施齐全') : short.map((why) => h('span', { class: 'badge warn' }, why))),
    definitionList([
      ['距离', distance],
      ['所在场所', `${p.venue_name ?? '—'}（${words.word(words.venueTypes, p.venue_type)}）`],
      ['开放时间', words.openingHours(p.opening_hours)],
      ['使用面积', p.usable_area_m2 ? `${p.usable_area_m2} 平方米` : '—'],
      ['说明', p.access_notes ?? '—'],
      ['设施', (p.missing_equipment ?? []).length ? `缺 ${p.missing_equipment.map((e) => words.word(words.equipment, e)).join('、')}` : '齐全'],
    ]),
    h('ul', { class: 'equipment' }, Object.entries(words.equipment).map(([key, label]) =>
      h('li', { class: have.has(key) ? 'has' : 'lacks' }, have.has(key) ? '✓ ' : '✗ ', label))));
}

