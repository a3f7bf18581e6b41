// Who is signed in: the bearer token (kept in sessionStorage, so it ends with the browser tab), the user's name
// and role. Views ask what the user may do, in the API's own policy terms, rather than comparing role words.

const KEY = 'tuoyu.token';

/** The API's policies (Infrastructure/Security.cs), as sets of the roles that satisfy them. */
const POLICIES = {
  plan: ['planner', 'admin'],                      // what-if, accessibility, siting, scenarios
  readParcels: ['land_officer', 'planner', 'admin'], // parcels and the priority ranking
  editParcels: ['land_officer', 'admin'],
  admin: ['admin'],                                // setting up districts, accounts
};

export const roleNames = { planner: '规划人员', land_officer: '自然资源（用地）', admin: '管理员' };

/** The sign-in a refused user needs, in words: "规划人员或管理员". */
export const rolesNeeded = (policy) => POLICIES[policy].map((r) => roleNames[r]).join('、').replace(/、([^、]+)$/, '或$1');

const listeners = new Set();
let current = { token: readStored(), name: null, roles: [] };

function readStored() {
  try { return sessionStorage.getItem(KEY); } catch { return null; }
}

function store(token) {
  try {
    if (token) sessionStorage.setItem(KEY, token); else sessionStorage.removeItem(KEY);
  } catch { /* storage disabled: the session lasts as long as the page */ }
}

const notify = (reason) => listeners.forEach((listener) => listener(reason));

export const session = {
  token: () => current.token,
  name: () => current.name,
  roles: () => current.roles,
  signedIn: () => Boolean(current.token && current.name),
  can: (policy) => current.roles.some((role) => POLICIES[policy].includes(role)),
  onChange: (listener) => listeners.add(listener),

  /** A token the API issued (sign-in) or confirmed (/api/auth/me at start). */
  begin(token, name, roles) {
    current = { token, name, roles };
    store(token);
    notify('signed-in');
  },

  end(reason = 'signed-out') {
    const had = Boolean(current.token);
    current = { token: null, name: null, roles: [] };
    store(null);
    if (had) notify(reason);
  },

  /** The API refused the token (expired, or signed with another key): sign in again. */
  expired() { this.end('expired'); },
};
