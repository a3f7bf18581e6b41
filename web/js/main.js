// The page: one map shared by three views (公众查询, 规划分析, 用地保障), and 区划设置 for admins, switched by tabs and kept in the hash.
import { early, onLoading } from './api.js';
import { createAccount } from './auth.js';
import { session } from './session.js';
import { createMap, outlineLayers } from './basemap.js';
import { readHash, writeHash } from './permalink.js';
import { h, replace, showError, showNotice } from './ui.js';
import { createPublicView } from './public.js';
import { createSheet } from './sheet.js';

// The planner, land and set-up views (and the siting, what-if and parcel modules under them) are loaded when first
// opened: in the page's static imports, the public first view waited for all of them to be fetched and run.
const factories = {
  public: async () => createPublicView,
  planner: async () => (await import('./planner.js')).createPlannerView,
  land: async () => (await import('./land.js')).createLandView,
  admin: async () => (await import('./admin/setup.js')).createAdminView,
};
/** Views only some may open: others neither see their tab nor reach them by a link. */
const restricted = { admin: 'admin' };
const mayOpen = (name) => !restricted[name] || session.can(restricted[name]);
const showTabs = () => document.querySelectorAll('#tabs [role=tab]').forEach((tab) => { tab.hidden = !mayOpen(tab.dataset.view); });

onLoading((count) => { document.getElementById('loading').hidden = count === 0; });
const account = createAccount(document.getElementById('account'));

async function start() {
  const initial = readHash();
  // The outlines and settings are the same for everyone: asked for while a kept session is checked, not after it.
  const shared = Promise.all([
    early('/api/config').catch(() => ({})),
    early('/api/districts?level=district'),
    early('/api/districts?level=subdistrict&page_size=1000'),
  ]);
  await account.restore(); // before the views load: what they show depends on who is signed in
  showTabs();
  const [config, districts, subdistricts] = await shared;
  const base = createMap('map', config);
  base.setBase(initial.base);
  // One district at a time: the permalink's, else the configured one (Map:DefaultDistrict), else the first. Fitting every district in the database would open
  // on two provinces at zoom 5, where no view has anything to say.
  const byCode = (code) => code && districts.features.find((f) => f.properties.code === code);
  const district = byCode(initial.district) || byCode(config.default_district) || districts.features[0];
  const ownStreets = { ...subdistricts, features: subdistricts.features.filter((f) => !district || f.properties.parent_code === district.properties.code) };
  const outlines = outlineLayers(districts, ownStreets);
  Object.values(outlines).forEach((layer) => layer.addTo(base.map));
  const bounds = district?.geometry ? L.geoJSON(district).getBounds() : outlines['区界'].getBounds();
  // reset: the view lands exactly on the centre asked for (a pan within the screen rounds it to whole pixels), where
  // js/early.js has already asked for the public view's first results.
  if (initial.center) base.map.setView([initial.center.lat, initial.center.lng], initial.center.zoom, { reset: true });
  else if (bounds.isValid()) base.map.fitBounds(bounds, { reset: true });
  districtSelector(document.getElementById('district'), districts, district);
  createSheet(document.getElementById('sheet-handle'), document.getElementById('panel'), base.map);

  const context = {
    ...base,
    district,
    districtCode: district?.properties.code,
    subdistricts: ownStreets,
    tiles: initial.tiles,
    group: initial.group,
    panel: document.getElementById('panel'),
  };

  const views = {}; // by name, the promise of each view being made
  const made = {}; // by name, the views made
  let active = null;
  const remember = () => active && writeHash({
    view: active.name, district: context.districtCode, map: base.map, base: base.baseKey(), tiles: context.tiles, group: active.view.group?.(),
  });
  context.remember = remember; // a view whose own state is in the permalink (the planner's open group) writes it anew
  document.getElementById('permalink').addEventListener('click', (event) => { event.preventDefault(); copyPermalink(); });
  const activate = async (name) => {
    if (!factories[name] || !mayOpen(name)) name = 'public';
    if (active?.name === name) return;
    views[name] ??= factories[name]().then((create) => { made[name] = create(context); return made[name]; }); // once, however often its tab is clicked meanwhile
    const view = await views[name];
    if (active?.name === name) return;
    active?.view.deactivate();
    document.querySelectorAll('#tabs [role=tab]').forEach((tab) => tab.setAttribute('aria-selected', String(tab.dataset.view === name)));
    document.body.dataset.view = name;
    active = { name, view };
    context.panel.replaceChildren(active.view.panel);
    base.showOverlays(outlines, active.view.overlays());
    remember();
    await active.view.activate();
    base.showOverlays(outlines, active.view.overlays()); // a view may add layers once it knows its data's size
  };

  document.querySelectorAll('#tabs [role=tab]').forEach((tab) => tab.addEventListener('click', () => activate(tab.dataset.view).catch((e) => showError(e))));
  base.map.on('click', (event) => active?.view.mapClick?.(event));
  base.map.on('moveend', remember);
  base.map.on('tuoyu:basechange', remember);
  window.addEventListener('hashchange', () => {
    const state = readHash();
    if (state.district && state.district !== context.districtCode) return location.reload();
    if (state.center) base.map.setView([state.center.lat, state.center.lng], state.center.zoom);
    if (state.base) base.setBase(state.base);
    if (state.view) activate(state.view).catch((e) => showError(e));
    if (state.group) active?.view.showGroup?.(state.group);
  });
  // Signing in or out changes what the views may load: each forgets what it loaded, the shown one reloads.
  session.onChange(() => {
    showTabs();
    Object.values(made).forEach((view) => view.sessionChanged?.());
    if (active && !mayOpen(active.name)) return activate('public').catch((e) => showError(e));
    active?.view.activate().catch((e) => showError(e));
  });
  await activate(initial.view ?? 'public');
  performance.mark('tuoyu:first-data'); // the first view's data drawn: docs/web.md reads it
  document.body.dataset.ready = 'true';
}

/** Copies the view's address and says so: a link that only changed the address bar looked as if nothing happened. */
async function copyPermalink() {
  try {
    await navigator.clipboard.writeText(location.href);
    showNotice('已复制本视图的链接，可粘贴分享', 3000);
  } catch {
    showNotice(`无法自动复制，请复制地址栏中的链接：${location.href}`, 8000, { warn: true });
  }
}

/**
 * The district selector: every view loads its district's data once, so another district is a fresh page on its
 * permalink (the hash change reloads it), opened on the whole district.
 */
function districtSelector(select, districts, current) {
  replace(select, districts.features.map((f) => h('option', { value: f.properties.code, selected: f === current }, f.properties.name)));
  select.disabled = districts.features.length < 2;
  select.addEventListener('change', () => { location.hash = `view=${document.body.dataset.view ?? 'public'}&district=${select.value}`; });
}

start().catch((error) => {
  showError(error, '地图加载失败');
  document.body.dataset.ready = 'error';
});
