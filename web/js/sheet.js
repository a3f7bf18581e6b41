// On a phone the panel is a bottom sheet under the map, as map apps there have it: half the screen, the whole
// screen but a strip of map, or folded to its handle. The map keeps the space above it (a sheet laid over the map
// would hide what fitBounds just brought into view), and a card that opens unfolds a folded sheet.
const STATES = ['half', 'full', 'peek'];
const NEXT_TEXT = { half: '展开面板', full: '收起面板', peek: '显示面板' };

export function createSheet(handle, panel, map) {
  // The map keeps its centre as the sheet changes height; the first state is the layout the map was made in.
  const set = (state, { resize = true } = {}) => {
    document.body.dataset.sheet = state;
    handle.setAttribute('aria-expanded', String(state !== 'peek'));
    handle.querySelector('.sheet-text').textContent = NEXT_TEXT[state];
    if (resize) requestAnimationFrame(() => map.invalidateSize());
  };
  handle.addEventListener('click', () => set(STATES[(STATES.indexOf(document.body.dataset.sheet) + 1) % STATES.length]));
  // A card shown (a .detail losing its hidden) opens the sheet if it was folded.
  new MutationObserver((changes) => {
    if (document.body.dataset.sheet === 'peek' && changes.some((c) => c.target.classList?.contains('detail') && !c.target.hidden)) set('half');
  }).observe(panel, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
  set('half', { resize: false });
}
