// Staff sign-in: the 登录 button and dialog in the header, who is signed in and as what, 退出; and the box a view
// shows instead of a control the user may not use, saying which sign-in it needs. The public needs none of it.
import { api } from './api.js';
import { roleNames, rolesNeeded, session } from './session.js';
import { h, replace, showNotice } from './ui.js';

const roleText = (roles) => roles.map((r) => roleNames[r] ?? r).join('、') || '无角色';

let openDialog = () => {};

/** Opens the sign-in dialog, with a line saying why (e.g. what the user tried to do). */
export const promptSignIn = (reason) => openDialog(reason);

/** Builds the header's account area and the dialog; restores a session kept in this tab. */
export function createAccount(container) {
  const user = h('input', { id: 'sign-in-user', name: 'user_name', autocomplete: 'username', required: true });
  const password = h('input', { id: 'sign-in-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const reasonLine = h('p', { class: 'hint', id: 'sign-in-reason' });
  const error = h('p', { class: 'form-error', id: 'sign-in-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'sign-in-submit' }, '登录');
  const form = h('form', { id: 'sign-in-form', novalidate: true },
    h('h2', { id: 'sign-in-title' }, '工作人员登录'),
    reasonLine,
    h('label', { class: 'field', for: 'sign-in-user' }, h('span', {}, '用户名'), user),
    h('label', { class: 'field', for: 'sign-in-password' }, h('span', {}, '密码'), password),
    error,
    h('div', { class: 'row' }, submit, h('button', { type: 'button', id: 'sign-in-cancel', onclick: () => dialog.close() }, '取消')),
    h('p', { class: 'hint' }, '公众查询无需登录。规划分析的假设分析与选址、用地保障需工作人员账户。'));
  const dialog = h('dialog', { id: 'sign-in-dialog', 'aria-labelledby': 'sign-in-title' }, form);
  document.body.append(dialog);

  openDialog = (reason) => {
    reasonLine.textContent = reason ?? '';
    reasonLine.hidden = !reason;
    error.hidden = true;
    password.value = '';
    if (!dialog.open) dialog.showModal();
    (user.value ? password : user).focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!user.value.trim() || !password.value) {
      showFormError('请输入用户名和密码');
      return;
    }
    submit.disabled = true;
    try {
      const answer = await api('/api/auth/token', { method: 'POST', body: { user_name: user.value.trim(), password: password.value } });
      password.value = '';
      dialog.close();
      session.begin(answer.access_token, user.value.trim(), [answer.role]);
      showNotice(`已登录：${user.value.trim()}（${roleText([answer.role])}）`, 3000);
    } catch (failure) {
      showFormError(signInRefusal(failure));
      password.select();
    } finally {
      submit.disabled = false;
    }
  });

  function showFormError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  const render = () => {
    if (session.signedIn()) {
      replace(container,
        h('span', { id: 'signed-in-as', title: '当前登录的工作人员', translate: 'no' }, `${session.name()} · ${roleText(session.roles())}`),
        h('button', { type: 'button', id: 'sign-out', onclick: () => { session.end(); showNotice('已退出登录', 3000); } }, '退出'));
    } else {
      replace(container, h('button', { type: 'button', id: 'sign-in', onclick: () => openDialog() }, '登录'));
    }
  };
  session.onChange((reason) => {
    render();
    if (reason === 'expired') openDialog('登录已失效（已过期或已被注销），请重新登录。');
  });
  render();

  return {
    /** Confirms a token kept from earlier in this tab; a refused one ends the session (and asks again). */
    async restore() {
      const token = session.token();
      if (!token) return;
      try {
        const me = await api('/api/auth/me');
        session.begin(token, me.name, me.roles ?? []);
      } catch (failure) {
        if (failure.status !== 401) session.end(); // an unreachable API: carry on as the public
      }
    },
  };
}

/**
 * The refusal as a person reads it. The API answers a wrong password, an unknown name and a locked account
 * alike, so that nobody learns which names exist or are locked: the page cannot tell them apart either.
 */
function signInRefusal(failure) {
  if (failure.status === 401 && failure.problem) return '用户名或密码错误。';
  if (failure.status === 400) return `请检查输入：${failure.message}`;
  if (failure.status === 429) return '尝试过于频繁，请一分钟后再试。';
  return `登录失败：${failure.message}`;
}

/**
 * What a view shows in place of a control the user may not use: which sign-in it needs, and a 登录 button.
 * `policy` names the API policy (session.js), `what` the action in Chinese (e.g. "假设分析").
 */
export function signInNeeded(policy, what, id) {
  const signedIn = session.signedIn();
  return h('div', { class: 'sign-in-needed', id, dataset: { policy } },
    h('strong', {}, signedIn ? '当前账户无此权限' : '需要工作人员登录'),
    h('span', {}, signedIn
      ? `${what}需要${rolesNeeded(policy)}账户；当前登录为 ${session.name()}（${roleText(session.roles())}）。`
      : `${what}需要以${rolesNeeded(policy)}账户登录。`),
    h('button', { type: 'button', class: 'primary', onclick: () => openDialog(`${what}需要${rolesNeeded(policy)}账户。`) },
      signedIn ? '换个账户登录' : '登录'));
}
