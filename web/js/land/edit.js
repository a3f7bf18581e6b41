// A land officer's edit of a parcel's attributes, in its card.
import { api } from '../api.js';
import * as words from '../labels.js';
import { checkbox, h, replace, select, showError, showNotice } from '../ui.js';
import { idOf } from './parcels.js';

/**
 * The edit form: reads the parcel afresh (its ETag is the version), and saves with If-Match; a 409 means
 * somebody changed it meanwhile, and the form offers to read it again rather than overwrite their change.
 * `saved()` follows a save (the ranking's own fields are kept in `f`), `cancel()` a cancel.
 */
export async function editParcel(f, card, { saved, cancel }) {
  const id = idOf(f);
  let read;
  try {
    read = await api(`/api/parcels/${encodeURIComponent(id)}`, { withEtag: true });
  } catch (error) { showError(error, '读取地块'); return; }
  const p = read.body.properties;
  const name = h('input', { id: 'parcel-edit-name', value: p.name ?? '' });
  const landUse = select('parcel-edit-land-use', '用地性质', words.landUses, p.land_use);
  const status = select('parcel-edit-status', '现状', words.parcelStatuses, p.status);
  const owner = h('input', { id: 'parcel-edit-owner', value: p.owner ?? '' });
  const allocation = checkbox('parcel-edit-allocation', '可划拨', Boolean(p.allocation_eligible));
  const problem = h('div', { id: 'parcel-edit-error', class: 'form-error', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit', class: 'primary', id: 'parcel-edit-save' }, '保存');
  const form = h('form', { class: 'edit', id: 'parcel-edit-form', dataset: { version: read.etag ?? '' } },
    h('h4', {}, `编辑 ${p.code}`),
    h('label', { class: 'field', for: 'parcel-edit-name' }, h('span', {}, '名称'), name),
    h('div', { class: 'row' }, landUse.label, status.label),
    h('label', { class: 'field', for: 'parcel-edit-owner' }, h('span', {}, '权属'), owner),
    allocation.label, problem,
    h('div', { class: 'row' }, save, h('button', { type: 'button', id: 'parcel-edit-cancel', onclick: cancel }, '取消')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.hidden = true;
    save.disabled = true;
    const properties = {
      code: p.code, name: name.value.trim(), land_use: landUse.input.value, status: status.input.value,
      owner: owner.value.trim() || null, allocation_eligible: allocation.input.checked,
    };
    try {
      const answer = await api(`/api/parcels/${encodeURIComponent(id)}`, {
        method: 'PUT', ifMatch: read.etag, body: { type: 'Feature', geometry: read.body.geometry, properties },
      });
      Object.assign(f.properties, answer.properties); // keeps the ranking's own fields
      saved();
      showNotice(`已保存地块 ${p.code}`, 3000);
    } catch (error) {
      replace(problem, error.status === 409
        ? [h('strong', {}, '已被他人修改：'), '您读取此地块后，其他人已修改并保存了它。为免覆盖对方的修改，本次未保存。',
          h('button', { type: 'button', id: 'parcel-edit-reload', onclick: () => editParcel(f, card, { saved, cancel }) }, '重新读取最新数据')]
        : [h('strong', {}, '未能保存：'), error.message]);
      problem.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  card.querySelector('.parcel-card')?.append(form);
  card.querySelector('#parcel-edit')?.remove();
  card.querySelectorAll('#parcel-edit-form').forEach((old) => { if (old !== form) old.remove(); });
  name.focus();
}
