// Calls to the API. Every failure becomes an ApiError whose message a person can read: the ProblemDetails
// title, detail and field errors, in that order. A staff member's token (auth.js) rides on every call.
import { session } from './session.js';

export class ApiError extends Error {
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }

  /** The route is not there (yet): a bare 404/405 without a detail, as the framework answers unknown paths. */
  get notProvided() {
    return (this.status === 404 && !this.problem?.detail) || this.status === 405 || this.status === 501;
  }
}

const statusWords = {
  0: '无法连接服务器', 400: '请求有误', 401: '需要登录', 403: '权限不足', 404: '未找到', 409: '数据已被他人修改', 413: '请求过大',
  422: '无法处理', 429: '请求过于频繁', 500: '服务器内部错误', 502: '网关错误', 503: '服务暂不可用', 504: '服务超时',
};

export function describeProblem(problem, status) {
  const parts = [];
  const head = problem?.title && problem.title !== statusWordsEnglish(status) ? problem.title : statusWords[status] ?? `HTTP ${status}`;
  parts.push(head);
  if (problem?.detail) parts.push(problem.detail);
  if (problem?.errors && typeof problem.errors === 'object') {
    for (const [field, rules] of Object.entries(problem.errors)) {
      parts.push(`${field}：${[].concat(rules).join('；')}`);
    }
  }
  return parts.join(' — ');
}

// The framework's default titles are English reason phrases; a Chinese word reads better for those.
function statusWordsEnglish(status) {
  return { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 500: 'An error occurred while processing your request.', 503: 'Service Unavailable' }[status];
}

let inFlight = 0;
const loadingListeners = new Set();
export const onLoading = (listener) => loadingListeners.add(listener);
const changeLoading = (delta) => {
  inFlight += delta;
  loadingListeners.forEach((listener) => listener(inFlight));
};

/**
 * GET/POST/PUT/DELETE a JSON resource (or POST a FormData with a file); resolves to the parsed body (null for 204), or with `withEtag` to
 * `{ body, etag }`. `ifMatch` sends the ETag an edit was based on, so a stale edit is refused with 409.
 * A 401 on a call that carried a token means the token is no longer good: the session ends and says so.
 */
export async function api(path, { method = 'GET', body, signal, ifMatch, withEtag = false } = {}) {
  changeLoading(1);
  try {
    const token = session.token();
    const headers = { Accept: 'application/json' };
    const form = body instanceof FormData; // a file upload: the browser writes the multipart envelope and its type
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    if (ifMatch) headers['If-Match'] = ifMatch;
    let response;
    try {
      response = await fetch(path, { method, signal, headers, body: body === undefined || form ? body : JSON.stringify(body) });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(`${statusWords[0]}（${path}）`, 0, null);
    }
    if (response.status === 204) return withEtag ? { body: null, etag: response.headers.get('ETag') } : null;
    const type = response.headers.get('content-type') ?? '';
    const payload = type.includes('json') ? await response.json().catch(() => null) : await response.text();
    if (!response.ok) {
      const problem = typeof payload === 'object' ? payload : null;
      if (response.status === 401 && token && session.token() === token) session.expired();
      throw new ApiError(describeProblem(problem, response.status), response.status, problem);
    }
    return withEtag ? { body: payload, etag: response.headers.get('ETag') } : payload;
  } finally {
    changeLoading(-1);
  }
}

/**
 * The answer to a request js/early.js sent while the page loaded, taken once; asked for again through api() when it was
 * not sent, failed, or was refused (api() then reports the problem as for any other request).
 */
export function early(url) {
  const sent = window.tuoyuEarly?.[url];
  if (window.tuoyuEarly) delete window.tuoyuEarly[url];
  if (!sent) return api(url);
  return sent.then((body) => body ?? api(url)).catch(() => api(url));
}

/** The public view's first nearby query as js/early.js sent it (`{ point, radius, institutions, rooms }`), taken once; null if not sent. */
export async function earlyNearby() {
  const sent = window.tuoyuEarly?.nearby;
  if (window.tuoyuEarly) delete window.tuoyuEarly.nearby;
  return (await sent) ?? null;
}

export const query = (params) => new URLSearchParams(
  Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
