// The form that adds and edits a unit's plan targets and standards. Its kinds, their units and the fields each
// kind adds come from GET /api/targets/kinds, so a kind the service learns later is offered with no change here.
// The service holds every rule: the form sends what was typed and shows each refusal beside the field it names;
// a replace carries the version read (If-Match), and when someone changed the item meanwhile (409) the form says
// so in Chinese and reloads the item as it now stands.
import { api } from '../api.js';
import { chineseOnly, h, replace, showNotice } from '../ui.js';

const paths = { target: '/api/targets', standard: '/api/standards' };
const nouns = { target: '目标', standard: '标准' };

/** A value as the form shows it: shares as percentages, without the float noise of ×100. */
const shown = (value, share) => (value === null || value === undefined ? '' : String(share ? Number((value * 100).toFixed(6)) : value));
const typed = (text, share) => (text.trim() === '' ? undefined : share ? Number(text) / 100 : Number(text));

/** "per_unit[0].value" and "filter.status" are refusals of the per_unit and filter fields, "places[1]" of places, standing of the due date's. */
const fieldOf = (key) => key.replace(/\[\d+\].*$/, '').replace(/^filter\..*$/, 'filter').replace(/^standing$/, 'due');

/**
 * `units()` lists the units the reader may file items for ({ code, name }); `find(mode, id)` gives an item as last
 * loaded; `reload()` reloads the group (after a save, a delete or a 409) and resolves when it has.
 */
export function createPlanEditor({ kinds, units, find, reload }) {
  const form = h('form', { class: 'plan-editor box', id: 'plan-editor', novalidate: true, hidden: true, 'aria-labelledby': 'plan-edit-title' });
  let state = null; // { mode, item }

  const field = (name, text, input, unit) => h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: input.id }, text), h('span', { class: 'input-row' }, input, unit ? h('span', { class: 'input-unit', dataset: { unitFor: name } }, unit) : null),
    h('small', { class: 'field-error', id: `${input.id}-error`, role: 'alert' }));
  const input = (id, attributes = {}) => h('input', { id, ...attributes });
  const choose = (id, options, value) => h('select', { id }, Object.entries(options).map(([v, text]) => h('option', { value: v, selected: v === value }, text)));

  function kindInfo(mode, kind) {
    const list = mode === 'target' ? kinds().targets : kinds().standards;
    return list.find((k) => k.kind === kind) ?? list[0];
  }

  /** The fields a target's kind adds, drawn from the kind's description. */
  function kindField(f, item) {
    const id = `plan-edit-${f.field.replaceAll('_', '-')}`;
    const value = item?.[f.field];
    if (f.type === 'choice') return field(f.field, f.label, choose(id, f.options, value ?? Object.keys(f.options)[0]));
    if (f.type === 'integer') return field(f.field, f.label, input(id, { type: 'number', step: '1', min: '1', inputmode: 'numeric', value: value ?? '' }));
    if (f.type === 'text') return field(f.field, f.label, input(id, { type: 'text', value: value ?? '' }));
    if (f.type === 'map') {
      const text = Object.entries(value ?? {}).map(([k, v]) => `${k}=${v}`).join('\n');
      return field(f.field, f.label, h('textarea', { id, rows: 2 }, text));
    }
    if (f.type === 'choices') {
      const chosen = new Set(value ?? []);
      return h('fieldset', { class: 'field choices', dataset: { field: f.field } }, h('legend', {}, f.label),
        Object.entries(f.options).map(([v, text]) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: f.field, value: v, checked: chosen.has(v) }), text)),
        h('small', { class: 'field-error', role: 'alert' }));
    }
    if (f.type === 'per_unit') {
      return value?.length
        ? h('div', { class: 'field', dataset: { field: f.field } }, h('span', {}, f.label), h('ul', { class: 'plain' }, value.map((u) => h('li', {}, u.name))),
          h('small', { class: 'hint' }, '各下级单位的要求随本目标保留，请在计划文件中修改'), h('small', { class: 'field-error', role: 'alert' }))
        : null;
    }
    return null;
  }

  function readKindField(f, body) {
    const element = form.querySelector(`[data-field="${f.field}"]`);
    if (!element) return;
    if (f.type === 'per_unit') { if (state.item?.per_unit) body.per_unit = state.item.per_unit; return; }
    if (f.type === 'choices') {
      const chosen = [...element.querySelectorAll('input:checked')].map((c) => c.value);
      if (chosen.length) body[f.field] = chosen;
      return;
    }
    const raw = element.querySelector('input, select, textarea').value.trim();
    if (raw === '') return;
    if (f.type === 'integer') body[f.field] = Number(raw);
    else if (f.type === 'map') body[f.field] = Object.fromEntries(raw.split('\n').filter((l) => l.includes('=')).map((l) => l.split('=').map((p) => p.trim())));
    else body[f.field] = raw;
  }

  function draw() {
    const { mode, item } = state;
    const kind = kindInfo(mode, item?.kind ?? (mode === 'target' ? kinds().targets[0].kind : kinds().standards[0].kind));
    const perUnit = Boolean(item?.per_unit?.length);
    const unitChoice = choose('plan-edit-unit', Object.fromEntries(units().map((u) => [u.code, u.name])), item?.unit);
    unitChoice.disabled = Boolean(item?.id); // an item stays with its unit (the API refuses a move)
    const kindChoice = choose('plan-edit-kind', Object.fromEntries((mode === 'target' ? kinds().targets : kinds().standards).map((k) => [k.kind, k.name])), kind.kind);
    const name = input('plan-edit-name', { type: 'text', value: item?.name ?? (mode === 'standard' ? kind.name : '') });
    const comparison = choose('plan-edit-comparison', kinds().comparisons, item?.comparison ?? 'at_least');
    const value = input('plan-edit-value', { type: 'number', step: 'any', inputmode: 'decimal', value: shown(item?.value, kind.share) });
    const valueMax = input('plan-edit-value-max', { type: 'number', step: 'any', inputmode: 'decimal', value: shown(item?.value_max, kind.share) });
    const unitText = kind.share ? '%' : kind.unit;
    const standing = h('input', { type: 'checkbox', id: 'plan-edit-standing', checked: Boolean(item?.standing) });
    const due = input('plan-edit-due', { type: 'date', value: item?.due ?? '', disabled: Boolean(item?.standing) });
    const documentInput = input('plan-edit-document', { type: 'text', value: item?.source?.document ?? '' });
    const clause = h('textarea', { id: 'plan-edit-clause', rows: 3 }, item?.source?.clause ?? '');
    const notes = h('textarea', { id: 'plan-edit-notes', rows: 2 }, item?.notes ?? '');
    const maxField = field('value_max', '上限', valueMax, unitText);
    const showMax = () => { maxField.hidden = comparison.value !== 'between'; };

    replace(form,
      h('h3', { id: 'plan-edit-title' }, `${item?.id ? '修改' : '新增'}${nouns[mode]}`),
      h('p', { class: 'message error', id: 'plan-edit-message', role: 'alert', hidden: true }),
      field('unit', '所属单位', unitChoice),
      field('kind', mode === 'target' ? '指标' : '标准类别', kindChoice),
      field('name', '名称', name),
      perUnit ? null : [
        mode === 'target' ? field('comparison', '要求', comparison) : null,
        field('value', mode === 'target' ? '目标值' : '取值', value, unitText),
        mode === 'target' ? maxField : null,
      ],
      h('div', { class: 'field', dataset: { field: 'due' } },
        h('label', { for: 'plan-edit-due' }, '截止日期'), h('span', { class: 'input-row' }, due),
        h('label', { class: 'check', for: 'plan-edit-standing' }, standing, '长期有效（无截止日期）'),
        h('small', { class: 'field-error', role: 'alert' })),
      mode === 'target' ? kind.fields.map((f) => kindField(f, item)) : null,
      field('source.document', '依据文件（文号）', documentInput),
      field('source.clause', '条款原文', clause),
      field('notes', '备注', notes),
      h('div', { class: 'row' },
        h('button', { type: 'submit', id: 'plan-edit-save' }, '保存'),
        h('button', { type: 'button', id: 'plan-edit-cancel', onclick: close }, '取消')));
    form.dataset.mode = mode;
    form.dataset.share = String(kind.share);
    kindChoice.addEventListener('change', () => {
      // What was typed stays; the fields of the new kind are drawn (the body's id is the item's key, not its row's).
      const typedSoFar = read();
      state = { mode, item: { ...state.item, ...typedSoFar, standing: Boolean(typedSoFar.standing), due: typedSoFar.due ?? null, id: state.item?.id, key: state.item?.key } };
      draw();
    });
    comparison.addEventListener('change', showMax);
    standing.addEventListener('change', () => { due.disabled = standing.checked; });
    showMax();
  }

  /** The form's fields as the API's body (the plan files' shape plus the unit). */
  function read() {
    const { mode, item } = state;
    const value = (id) => form.querySelector(`#${id}`)?.value ?? '';
    const kind = kindInfo(mode, value('plan-edit-kind'));
    const body = {
      unit: value('plan-edit-unit'),
      id: item?.key ?? `${mode}-${Date.now().toString(36)}`,
      name: value('plan-edit-name').trim(),
      kind: kind.kind,
      source: { document: value('plan-edit-document').trim(), clause: value('plan-edit-clause').trim() },
    };
    if (form.querySelector('#plan-edit-value')) {
      if (mode === 'target') body.comparison = value('plan-edit-comparison');
      body.value = typed(value('plan-edit-value'), kind.share);
      if (body.comparison === 'between') body.value_max = typed(value('plan-edit-value-max'), kind.share);
    }
    if (form.querySelector('#plan-edit-standing').checked) body.standing = true;
    else if (value('plan-edit-due')) body.due = value('plan-edit-due');
    const notes = value('plan-edit-notes').trim();
    if (notes) body.notes = notes;
    if (mode === 'target') kind.fields.forEach((f) => readKindField(f, body));
    return body;
  }

  function say(text) {
    const message = form.querySelector('#plan-edit-message');
    message.hidden = !text;
    message.textContent = text ?? '';
  }

  function showProblems(problem, fallback) {
    const rest = [];
    for (const [key, rules] of Object.entries(problem?.errors ?? {})) {
      const text = [].concat(rules).map(chineseOnly).join('；');
      const place = form.querySelector(`[data-field="${fieldOf(key)}"]:not([hidden]) .field-error`);
      if (place) {
        place.textContent = text;
        place.closest('.field').classList.add('invalid');
      } else rest.push(text);
    }
    say(rest.length || !problem?.errors ? [chineseOnly(problem?.detail ?? fallback), ...rest].filter(Boolean).join('；') : '请按提示修改标出的字段');
    form.querySelector('.invalid input, .invalid select, .invalid textarea')?.focus();
  }

  async function save(event) {
    event.preventDefault();
    const { mode, item } = state;
    form.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
    form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
    say(null);
    try {
      const stored = Boolean(item?.id);
      await api(stored ? `${paths[mode]}/${item.id}` : paths[mode], { method: stored ? 'PUT' : 'POST', body: read(), ifMatch: stored ? `"${item.version}"` : undefined });
    } catch (error) {
      if (error.status === 409 && item?.id) {
        await reload();
        const fresh = find(mode, item.id);
        if (!fresh) { close(); showNotice(`该${nouns[mode]}已被他人删除`, 6000, { warn: true }); return; }
        state = { mode, item: fresh };
        draw();
        say(`该${nouns[mode]}已被他人修改：已重新载入最新内容，请核对后再保存。`);
        form.dataset.conflict = 'true';
        return;
      }
      if (error.status === 400) { showProblems(error.problem, error.message); return; }
      say(chineseOnly(error.message));
      return;
    }
    close();
    showNotice(`${nouns[mode]}已保存`);
    await reload();
  }

  function open(mode, item = null) {
    state = { mode, item };
    delete form.dataset.conflict;
    draw();
    form.hidden = false;
    // Only the panel scrolls to the form (scrolling the page as well pushed the map and header off a phone), and
    // its title stays clear of the group tabs that stick to the panel's top.
    const panel = form.closest('#panel');
    const tabs = form.closest('.grouped')?.querySelector('.group-tabs')?.getBoundingClientRect().height ?? 0;
    if (panel) panel.scrollTop += form.getBoundingClientRect().top - panel.getBoundingClientRect().top - tabs;
    form.querySelector('#plan-edit-name').focus({ preventScroll: true });
  }

  function close() {
    form.hidden = true;
    state = null;
  }

  form.addEventListener('submit', save);
  return { element: form, open, close };
}
