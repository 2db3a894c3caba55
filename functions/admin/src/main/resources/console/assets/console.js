// The console's pages: each is server-rendered HTML; this file fills it from the JSON API of this origin.
// No inline script anywhere (the Content-Security-Policy forbids it), and no HTML is built from data:
// every value goes in through textContent.
(function () {
  'use strict';
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) { window.location.assign('/console/login'); throw new Error('Logged out.'); }
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const error = new Error((json.error && json.error.message) || ('HTTP ' + response.status));
      error.param = json.error && json.error.param; // the field the API names, shown beside its message
      throw error;
    }
    return json;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
      else node.setAttribute(k, v);
    });
    children.forEach(c => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return node;
  }

  function status(message, error) {
    const s = document.getElementById('status');
    if (!s) return;
    s.textContent = message || '';
    s.className = 'status' + (error ? ' error' : '');
  }

  const byId = id => document.getElementById(id);
  const fixed = (n, d) => (n === null || n === undefined) ? '–' : Number(n).toFixed(d);
  const ms = n => (n === null || n === undefined) ? '–' : (n >= 1000 ? (n / 1000).toFixed(2) + ' s' : Math.round(n) + ' ms');
  const pct = n => (n === null || n === undefined) ? '–' : (n * 100).toFixed(1) + ' %';
  const usd = n => '$' + Number(n || 0).toFixed(6); // receipts' precision: micro-dollars
  function fill(tbody, rows) {
    tbody.replaceChildren(...rows.map(cells => el('tr', {}, ...cells.map(c => c instanceof Node ? el('td', {}, c) : el('td', { text: c })))));
  }
  function every(ms, fn) { fn(); return setInterval(fn, ms); }

  // ---- Overview ----
  function overview() {
    const history = [];
    let chart = null;
    every(3000, async () => {
      try {
        const o = await api('GET', '/console/api/overview');
        const t = o.traffic;
        byId('rps').textContent = fixed(t.requests_per_second, 2);
        byId('p50').textContent = ms(t.p50_millis);
        byId('p95').textContent = ms(t.p95_millis);
        byId('errors').textContent = pct(t.error_rate);
        byId('tpm').textContent = fixed(t.tokens_per_minute, 0);
        byId('requests').textContent = String(t.requests);
        byId('cost-today').textContent = usd(o.cost.today_usd);
        byId('cost-month').textContent = usd(o.cost.month_usd);
        byId('source').textContent = o.source;
        byId('cache-hits').textContent = String(t.cache_hits);
        byId('cache-saved').textContent = usd(t.cache_saved_usd);
        byId('cache-span').textContent = o.cache_span;
        fill(document.querySelector('#models tbody'), t.models.map(m =>
          [m.provider, m.model, String(m.requests), fixed(m.requests_per_second, 2), pct(m.error_rate), ms(m.p95_millis)]));
        fill(document.querySelector('#costs tbody'), o.cost.data.map(c =>
          [c.provider, c.model, usd(c.today_usd), usd(c.month_usd), String(c.today_requests)]));
        history.push([new Date().toLocaleTimeString(), t.requests_per_second]);
        if (history.length > 60) history.shift();
        if (window.echarts) {
          chart = chart || window.echarts.init(byId('chart'));
          chart.setOption({ animation: false, grid: { left: 40, right: 16, top: 24, bottom: 24 },
            title: { text: 'Requests/s', textStyle: { fontSize: 12 } }, tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: history.map(h => h[0]) }, yAxis: { type: 'value', minInterval: 0.01 },
            series: [{ type: 'line', data: history.map(h => h[1]), showSymbol: false, areaStyle: {} }] });
        }
        status('');
      } catch (e) { status(e.message, true); }
    });
  }

  // ---- Tenants and keys ----
  function bar(used, cap, label) {
    const share = cap ? Math.min(1, used / cap) : 0;
    const span = el('span', { class: share >= 1 ? 'bad' : share >= 0.8 ? 'warn' : '' });
    span.style.width = (share * 100).toFixed(1) + '%';
    const b = el('div', { class: 'bar', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(cap || 0),
      'aria-valuenow': String(used), 'aria-label': label, 'data-share': String(share) }, span);
    return el('div', { class: 'row usage' }, el('span', { text: label }), b,
      el('span', { class: 'usage-text', text: cap ? used + ' of ' + cap : used + ' (no cap)' }));
  }

  async function tenantCard(t) {
    const card = el('section', { class: 'tenant', 'data-tenant': t.id });
    card.append(el('h3', { text: (t.name || t.id) + ' (' + t.id + ')' }));
    const [usage, keys] = await Promise.all([api('GET', '/admin/tenants/' + encodeURIComponent(t.id) + '/usage'),
      api('GET', '/admin/tenants/' + encodeURIComponent(t.id) + '/keys')]);
    for (const period of ['day', 'month']) {
      const u = usage[period];
      if (!u) continue;
      card.append(bar(Number(u.usd), u.usd_cap === undefined ? null : Number(u.usd_cap), 'USD this ' + period));
      card.append(bar(Number(u.tokens), u.tokens_cap === undefined ? null : Number(u.tokens_cap), 'Tokens this ' + period));
    }
    if (t.limits) card.append(el('p', { class: 'hint', text: 'Limits: ' + JSON.stringify(t.limits) }));
    const table = el('table', { class: 'keys' }, el('thead', {}, el('tr', {}, ...['Key id', 'Name', 'Allowed models', ''].map(h => el('th', { text: h })))));
    const body = el('tbody');
    (keys.data || []).forEach(k => body.append(el('tr', { 'data-key': k.id },
      el('td', { text: String(k.id).substring(0, 12) + '…' }), el('td', { text: k.name || '' }),
      el('td', { text: (k.allowed_models || []).join(', ') || 'any' }),
      el('td', {}, el('button', { type: 'button', class: 'revoke', text: 'Revoke', onclick: async () => {
        try { await api('DELETE', '/admin/tenants/' + encodeURIComponent(t.id) + '/keys/' + encodeURIComponent(k.id));
          status('Key revoked.'); tenants(); } catch (e) { status(e.message, true); } } })))));
    table.append(body);
    card.append(table);
    const name = el('input', { name: 'name', placeholder: 'key name', class: 'key-name' });
    const models = el('input', { name: 'allowed_models', placeholder: 'allowed models, comma-separated (empty: any)', class: 'key-models' });
    card.append(el('form', { class: 'row key-form', onsubmit: async (ev) => {
      ev.preventDefault();
      const body = { name: name.value || 'console' };
      const allowed = models.value.split(',').map(s => s.trim()).filter(Boolean);
      if (allowed.length) body.allowed_models = allowed;
      try {
        const created = await api('POST', '/admin/tenants/' + encodeURIComponent(t.id) + '/keys', body);
        byId('new-key-tenant').textContent = t.id;
        byId('new-key-value').textContent = created.key;
        byId('new-key').hidden = false;
        tenants();
      } catch (e) { status(e.message, true); }
    } }, name, models, el('button', { type: 'submit', class: 'create-key', text: 'Create key' })));
    return card;
  }

  async function tenants() {
    try {
      const list = await api('GET', '/admin/tenants');
      const cards = await Promise.all((list.data || []).map(tenantCard));
      byId('tenant-list').replaceChildren(...cards);
    } catch (e) { status(e.message, true); }
  }

  function tenantsPage() {
    byId('new-key-done').addEventListener('click', () => { byId('new-key').hidden = true; byId('new-key-value').textContent = ''; });
    byId('tenant-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = ev.target;
      const body = { id: f.id.value, name: f.name.value || f.id.value };
      const budget = {};
      [['usd_per_day', Number], ['usd_per_month', Number], ['tokens_per_day', v => parseInt(v, 10)]].forEach(([k, parse]) => {
        if (f[k].value !== '') budget[k] = parse(f[k].value);
      });
      if (Object.keys(budget).length) body.budget = budget;
      if (f.requests_per_minute.value !== '') body.limits = { requests_per_minute: parseInt(f.requests_per_minute.value, 10) };
      try { await api('POST', '/admin/tenants', body); status('Tenant ' + body.id + ' created.'); f.reset(); tenants(); }
      catch (e) { status(e.message, true); }
    });
    every(5000, tenants);
  }

  // ---- Routes ----
  async function routes() {
    try {
      const list = await api('GET', '/admin/routes');
      const tbody = document.querySelector('#routes tbody');
      tbody.replaceChildren(...(list.data || []).map(r => el('tr', { 'data-route': r.model },
        el('td', { text: r.model }), el('td', { text: r.strategy }),
        el('td', { text: r.targets.map(t => t.provider + '/' + t.model + (t.weight !== undefined ? ' (' + t.weight + ')' : '')).join(', ') }),
        el('td', {}, el('button', { type: 'button', class: 'preview', text: 'Preview', onclick: () => routePreview(r.model) }), ' ',
          el('button', { type: 'button', text: 'Edit', onclick: () => {
          byId('route-model').value = r.model; byId('route-strategy').value = r.strategy;
          byId('route-targets').value = r.targets.map(t => t.provider + ' ' + t.model + (t.weight !== undefined ? ' ' + t.weight : '')).join('\n');
        } }), ' ', el('button', { type: 'button', class: 'delete', text: 'Delete', onclick: async () => {
          try { await api('DELETE', '/admin/routes/' + r.model); status('Route ' + r.model + ' deleted.'); routes(); }
          catch (e) { status(e.message, true); } } })))));
    } catch (e) { status(e.message, true); }
  }

  // Where the next requests of a route would go (GET /admin/routes/{model}/preview): the router's own selection.
  async function routePreview(model) {
    try {
      const p = await api('GET', '/admin/routes/' + model + '/preview');
      byId('preview-model').textContent = p.model + ' (' + p.strategy + ')';
      byId('preview-requests').textContent = String(p.requests);
      byId('preview-health').textContent = p.health.source;
      fill(document.querySelector('#preview-targets tbody'), p.targets.map(t =>
        [t.target, String(t.weight), el('span', { class: t.state === 'healthy' ? 'ok' : 'bad', text: t.state }),
          String(t.count), pct(t.share), pct(t.expected_share)]));
      byId('preview-sequence').textContent = p.sequence.map(s => s.request + ' → ' + (s.target || 'none (rate-limited)')).join(', ');
      byId('route-preview').hidden = false;
      byId('route-preview').dataset.route = p.model;
    } catch (e) { status(e.message, true); }
  }

  function routesPage() {
    byId('route-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const model = byId('route-model').value.trim();
      const targets = byId('route-targets').value.split('\n').map(l => l.trim()).filter(Boolean).map(line => {
        const [provider, name, weight] = line.split(/\s+/);
        const t = { provider, model: name };
        if (weight !== undefined) t.weight = Number(weight);
        return t;
      });
      try { await api('PUT', '/admin/routes/' + model, { strategy: byId('route-strategy').value, targets });
        status('Route ' + model + ' saved.'); routes(); }
      catch (e) { status(e.message, true); }
    });
    routes();
  }

  // ---- Guardrail policies ----
  const commaList = text => text.split(',').map(v => v.trim()).filter(Boolean);

  function scopeText(a) {
    return [a.global ? 'global' : null, ...['tenants', 'keys', 'routes'].map(k => a[k] ? k + ': ' + a[k].join(', ') : null)]
      .filter(Boolean).join('; ');
  }

  function rulesText(p) {
    return [...(p.custom || []).map(c => c.name + (c.regex ? ' /' + c.regex + '/' : ' [' + (c.words || []).join(', ') + ']') + ': ' + c.action),
      p.prompt_injection ? 'prompt injection: ' + p.prompt_injection : null,
      p.allowed_models ? 'models: ' + p.allowed_models.join(', ') : null,
      p.max_input_tokens ? 'max input tokens: ' + p.max_input_tokens : null,
      p.outbound ? 'answers screened' : 'inbound only'].filter(Boolean).join('; ');
  }

  function editPolicy(p) {
    const a = p.applies_to || {};
    byId('policy-id').value = p.id;
    byId('policy-description').value = p.description || '';
    byId('policy-global').checked = !!a.global;
    ['tenants', 'keys', 'routes'].forEach(k => { byId('policy-' + k).value = (a[k] || []).join(', '); });
    byId('policy-detectors').value = Object.entries(p.detectors || {}).map(([d, action]) => d + ' ' + action).join('\n');
    byId('policy-custom').value = (p.custom || []).length ? JSON.stringify(p.custom) : '';
    byId('policy-injection').value = p.prompt_injection || '';
    byId('policy-models').value = (p.allowed_models || []).join(', ');
    byId('policy-max-tokens').value = p.max_input_tokens || '';
    byId('policy-outbound').checked = p.outbound !== false;
  }

  async function policies() {
    try {
      const all = await api('GET', '/admin/guardrails');
      document.querySelector('#policies tbody').replaceChildren(...(all.data || []).map(p => el('tr', { 'data-policy': p.id },
        el('td', { text: p.id + (p.description ? ': ' + p.description : '') }), el('td', { text: scopeText(p.applies_to || {}) }),
        el('td', { text: Object.entries(p.detectors || {}).map(([d, a]) => d + ': ' + a).join(', ') || 'none' }),
        el('td', { text: rulesText(p) }),
        el('td', {}, el('button', { type: 'button', text: 'Edit', onclick: () => editPolicy(p) }), ' ',
          el('button', { type: 'button', class: 'delete', text: 'Delete', onclick: async () => {
            try { await api('DELETE', '/admin/guardrails/' + encodeURIComponent(p.id)); status('Policy ' + p.id + ' deleted.'); policies(); }
            catch (e) { status(e.message, true); } } })))));
    } catch (e) { status(e.message, true); }
  }

  // The body as the API reads it; what the form cannot check (names, actions, patterns) the API refuses, naming the field.
  function policyBody() {
    const body = { applies_to: {}, detectors: {}, outbound: byId('policy-outbound').checked };
    const description = byId('policy-description').value.trim();
    if (description) body.description = description;
    if (byId('policy-global').checked) body.applies_to.global = true;
    ['tenants', 'keys', 'routes'].forEach(k => { const v = commaList(byId('policy-' + k).value); if (v.length) body.applies_to[k] = v; });
    byId('policy-detectors').value.split('\n').map(l => l.trim()).filter(Boolean).forEach(line => {
      const [detector, action] = line.split(/\s+/);
      body.detectors[detector] = action === undefined ? '' : action;
    });
    const custom = byId('policy-custom').value.trim();
    if (custom) {
      try { body.custom = JSON.parse(custom); } catch (e) { throw Object.assign(new Error('Custom detectors are not valid JSON.'), { param: 'custom' }); }
    }
    if (byId('policy-injection').value) body.prompt_injection = byId('policy-injection').value;
    const models = commaList(byId('policy-models').value);
    if (models.length) body.allowed_models = models;
    if (byId('policy-max-tokens').value !== '') body.max_input_tokens = Number(byId('policy-max-tokens').value);
    return body;
  }

  function guardrailsPage() {
    byId('policy-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const id = byId('policy-id').value.trim();
      try {
        await api('PUT', '/admin/guardrails/' + encodeURIComponent(id), policyBody());
        status('Policy ' + id + ' saved.'); policies();
      } catch (e) { status(e.message + (e.param ? ' (field: ' + e.param + ')' : ''), true); }
    });
    policies();
  }

  // ---- Audit log ----
  function auditPage() {
    let next = null;
    const form = byId('audit-form');
    async function search(append) {
      const params = new URLSearchParams();
      ['tenant', 'status', 'model', 'request_id', 'kind'].forEach(k => { if (form[k].value) params.set(k, form[k].value); });
      params.set('limit', '50');
      if (append && next) params.set('cursor', next);
      try {
        const page = await api('GET', '/admin/audit?' + params);
        next = page.next;
        byId('audit-more').hidden = !next;
        const rows = (page.data || []).map(item => {
          const d = item.data || {};
          return el('tr', { class: 'clickable', onclick: () => { byId('audit-detail').textContent = JSON.stringify(item, null, 2); } },
            el('td', { text: item.time || '' }), el('td', { text: item.kind || '' }), el('td', { text: d.tenant || '' }),
            el('td', { text: d.action || d.model_requested || '' }), el('td', { text: d.status === undefined ? '' : String(d.status) }),
            el('td', { text: d.request_id || '' }));
        });
        const tbody = document.querySelector('#audit tbody');
        if (append) tbody.append(...rows); else tbody.replaceChildren(...rows);
        status('');
      } catch (e) { status(e.message, true); }
    }
    form.addEventListener('submit', ev => { ev.preventDefault(); search(false); });
    byId('audit-more').addEventListener('click', () => search(true));
    byId('audit-verify').addEventListener('click', async () => {
      const tenant = form.tenant.value;
      try {
        const result = await api('GET', '/admin/audit/verify' + (tenant ? '?tenant=' + encodeURIComponent(tenant) : ''));
        const out = byId('verify-result');
        out.hidden = false;
        out.textContent = JSON.stringify(result, null, 2);
      } catch (e) { status(e.message, true); }
    });
    search(false);
  }

  // ---- Providers ----
  function latencyClass(msValue) {
    if (msValue === null || msValue === undefined) return '';
    return msValue < 1000 ? 'ok' : msValue <= 5000 ? 'warn' : 'bad';
  }

  function providersPage() {
    every(3000, async () => {
      try {
        const p = await api('GET', '/console/api/providers');
        byId('source').textContent = p.source;
        const tbody = document.querySelector('#providers tbody');
        // A provider's own row (model null) sums its models; deployed, the breaker is each environment's own.
        tbody.replaceChildren(...p.data.map(r => el('tr', { 'data-target': r.provider + '/' + (r.model == null ? '*' : r.model) },
          el('td', { text: r.provider }), el('td', { text: r.model == null ? 'all models' : r.model }),
          el('td', { class: r.breaker === 'open' ? 'bad' : r.breaker === 'closed' ? 'ok' : 'hint', text: r.breaker }),
          el('td', { class: 'latency ' + latencyClass(r.ewma_millis), text: ms(r.ewma_millis) }),
          el('td', { class: latencyClass(r.average_millis), text: ms(r.average_millis) }),
          el('td', { class: latencyClass(r.p95_millis), text: ms(r.p95_millis) }),
          el('td', { text: pct(r.error_rate) }),
          el('td', { text: r.errors_last_minute == null ? '–' : String(r.errors_last_minute) }), el('td', { text: r.last_error || '' }))));
        const openings = p.breaker_openings; // only where the breakers themselves cannot be seen (deployed)
        byId('breaker-openings').hidden = openings === undefined;
        if (openings !== undefined) {
          byId('openings-none').hidden = openings.length > 0;
          fill(document.querySelector('#openings tbody'), openings.map(o =>
            [o.target, 'opened ' + o.openings + (o.openings === 1 ? ' time' : ' times') + ' in the last ' + o.minutes + ' min']));
        }
        status(p.data.length ? '' : 'No provider has been called yet.');
      } catch (e) { status(e.message, true); }
    });
  }

  // ---- Playground ----
  function playgroundPage() {
    byId('playground-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const out = byId('play-answer');
      out.textContent = '';
      byId('play-meta').textContent = 'Streaming…';
      try {
        const response = await fetch('/console/api/playground', { method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify({ model: byId('play-model').value, key: byId('play-key').value, message: byId('play-message').value }) });
        if (!response.ok) {
          const text = await response.text();
          let message = 'HTTP ' + response.status;
          try { message = JSON.parse(text).error.message; } catch (ignored) { /* not JSON */ }
          throw new Error(message);
        }
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        let chunks = 0;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.substring(0, end);
            buffer = buffer.substring(end + 2);
            event.split('\n').filter(l => l.startsWith('data:')).map(l => l.substring(5).trim()).forEach(data => {
              if (data === '[DONE]') return;
              const chunk = JSON.parse(data);
              if (chunk.error) throw new Error(chunk.error.message);
              const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta;
              if (delta && delta.content) { out.textContent += delta.content; chunks++; out.setAttribute('data-chunks', String(chunks)); }
            });
          }
        }
        byId('play-meta').textContent = 'Done: ' + chunks + ' chunks.';
      } catch (e) { byId('play-meta').textContent = ''; status(e.message, true); }
    });
  }

  const pages = { overview, tenants: tenantsPage, routes: routesPage, guardrails: guardrailsPage, audit: auditPage, providers: providersPage, playground: playgroundPage };
  document.addEventListener('DOMContentLoaded', () => {
    const page = pages[document.body.dataset.page];
    if (page) page();
  });
})();
