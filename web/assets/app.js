// Amicus local app. Plain script, no library, no inline code (the page's CSP forbids it).
// Every word shown comes from the server in the chosen language; text is always set with
// textContent, never parsed as HTML, so a briefing cannot inject anything into the page.
'use strict';

const app = { csrf: '', texts: { words: {} }, tab: 'inbox' };

const $ = (id) => document.getElementById(id);
const word = (key) => app.texts.words[key] || key;

async function call(method, path, body) {
  const options = { method, headers: {}, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET') {
    options.headers['Content-Type'] = 'application/json';
    options.headers['X-Amicus-Csrf'] = app.csrf;
    options.body = JSON.stringify(body || {});
  }
  const response = await fetch(path, options);
  let data = {};
  try { data = await response.json(); } catch (_) { data = { error: await response.text().catch(() => '') }; }
  if (response.status === 401 && data.locked) {
    await refresh();
    throw new Error(data.error);
  }
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

function say(lines) {
  $('error').textContent = '';
  $('notice').textContent = [].concat(lines || []).join(' ');
}

function fail(error) {
  $('notice').textContent = '';
  $('error').textContent = error.message || String(error);
}

// Runs an action with the page busy, showing what it said or what went wrong.
async function act(button, action) {
  if (button) button.disabled = true;
  $('notice').textContent = word('web-working');
  $('error').textContent = '';
  try {
    await action();
  } catch (e) {
    fail(e);
  } finally {
    if (button) button.disabled = false;
    if ($('notice').textContent === word('web-working')) $('notice').textContent = '';
  }
}

function translate() {
  document.documentElement.lang = $('lang').value;
  document.title = word('web-title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = word(el.dataset.t);
  $('my-qr').alt = word('web-qr-alt');
  fillChoices($('write-stage'), app.texts.stages);
  fillChoices($('write-confidentiality'), app.texts.levels);
  fillChoices($('write-language'), [{ code: '', name: word('web-language-none') }].concat(app.texts.languages || []));
}

function fillChoices(select, choices) {
  const kept = select.value;
  select.replaceChildren();
  for (const c of choices || []) {
    const option = document.createElement('option');
    option.value = c.code;
    option.textContent = c.name;
    select.append(option);
  }
  if (kept) select.value = kept;
}

function show(section) {
  for (const id of ['start', 'unlock', 'home']) $(id).hidden = id !== section;
  $('lock').hidden = section !== 'home';
}

async function refresh() {
  const state = await call('GET', '/api/state');
  app.csrf = state.csrf;
  app.texts = state.texts;
  $('lang').value = state.lang;
  translate();
  if (state.profile.unlocked) {
    show('home');
    await openTab(app.tab);
  } else if (state.profile.exists) {
    show('unlock');
    $('unlock-form').passphrase.focus();
  } else {
    show('start');
  }
}

async function openTab(tab) {
  app.tab = tab;
  for (const button of document.querySelectorAll('nav .tab')) {
    if (button.dataset.tab === tab) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  for (const pane of document.querySelectorAll('.pane')) pane.hidden = pane.id !== 'tab-' + tab;
  if (tab === 'inbox') await showInbox();
  if (tab === 'write') await showWrite();
  if (tab === 'outbox') await showOutbox();
  if (tab === 'contacts') await showContacts();
}

function row(text, className) {
  const li = document.createElement('li');
  li.textContent = text;
  if (className) li.className = className;
  return li;
}

async function showInbox() {
  $('message').hidden = true;
  $('inbox-list').hidden = false;
  const { rows } = await call('GET', '/api/inbox');
  $('inbox-empty').hidden = rows.length > 0;
  const items = rows.slice().reverse().map((r) => {
    const li = document.createElement('li');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = r.read ? 'message-row' : 'message-row unread';
    open.dataset.number = r.number;
    const mark = r.read ? '' : ' (' + word('web-inbox-unread') + ')';
    open.textContent = r.number + '. ' + r.subject + ' — ' + r.from + ' — ' + r.received + mark;
    open.addEventListener('click', () => act(open, () => showMessage(r.number)));
    li.append(open);
    return li;
  });
  $('inbox-list').replaceChildren(...items);
}

async function showMessage(number) {
  const m = await call('GET', '/api/message/' + number);
  $('inbox-list').hidden = true;
  $('inbox-empty').hidden = true;
  $('message').hidden = false;
  $('message-from').textContent = m.from;
  $('message-warning').hidden = !m.key_warning;
  $('message-warning').textContent = m.key_warning || '';
  $('message-sent').textContent = m.sent;
  $('message-subject').textContent = m.subject;
  $('message-details').replaceChildren(...m.details.map(([indented, line]) => row(line, indented ? 'indented' : '')));
  $('message-body').textContent = m.body;
  say([]);
}

async function showWrite() {
  const { rows } = await call('GET', '/api/contacts');
  const boxes = rows.map((c) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'to';
    box.value = c.name;
    label.append(box, ' ' + c.name);
    return label;
  });
  const legend = $('write-to').querySelector('legend');
  $('write-to').replaceChildren(legend, ...boxes);
  $('write-no-contacts').hidden = rows.length > 0;
}

async function showOutbox() {
  const { rows } = await call('GET', '/api/outbox');
  $('outbox-empty').hidden = rows.length > 0;
  $('outbox-list').replaceChildren(...rows.map((r) => row(r.subject + ' → ' + r.to + ' (' + r.why + ')')));
}

async function showContacts() {
  const card = await call('GET', '/api/card');
  $('my-card').value = card.card;
  // A fresh URL each time so that no cached picture of an old card can show.
  $('my-qr').src = '/api/card.svg?at=' + Date.now();
  const { rows } = await call('GET', '/api/contacts');
  $('contacts-none').hidden = rows.length > 0;
  $('contact-list').replaceChildren(...rows.map((c) => {
    const li = row('');
    const name = document.createElement('strong');
    name.textContent = c.name;
    const state = document.createElement('span');
    state.textContent = ' — ' + c.state;
    if (c.changed) state.className = 'warning';
    const number = document.createElement('div');
    number.className = 'safety-number';
    number.textContent = word('web-safety-number') + ': ' + c.safety_number;
    li.append(name, state, number);
    const verify = document.createElement('button');
    verify.type = 'button';
    verify.textContent = word('web-verify');
    verify.addEventListener('click', () => act(verify, async () => {
      const done = await call('POST', '/api/contacts/verify', { name: c.name });
      await showContacts();
      say(done.said);
    }));
    li.append(verify);
    return li;
  }));
}

function formValues(form) {
  const values = {};
  for (const [k, v] of new FormData(form).entries()) {
    if (k === 'to') (values.to = values.to || []).push(v);
    else values[k] = v;
  }
  return values;
}

function wire() {
  $('lang').addEventListener('change', () => act(null, async () => {
    await call('POST', '/api/lang', { lang: $('lang').value });
    await refresh();
  }));
  $('create-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button'), async () => {
      const done = await call('POST', '/api/create', formValues(form));
      form.reset();
      app.tab = 'contacts';
      await refresh();
      say(done.said);
    });
  });
  $('unlock-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button'), async () => {
      const values = formValues(form);
      form.reset();
      await call('POST', '/api/unlock', values);
      await refresh();
    });
  });
  $('lock').addEventListener('click', () => act($('lock'), async () => {
    await call('POST', '/api/lock');
    await refresh();
  }));
  for (const button of document.querySelectorAll('nav .tab')) {
    button.addEventListener('click', () => act(null, () => openTab(button.dataset.tab)));
  }
  $('sync').addEventListener('click', () => act($('sync'), async () => {
    const done = await call('POST', '/api/sync');
    // Fetching shows what arrived; a form being written keeps its contents meanwhile.
    await openTab('inbox');
    say(done.said);
  }));
  $('back').addEventListener('click', () => act(null, showInbox));
  $('write-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button[type=submit]'), async () => {
      const values = formValues(form);
      values.to = values.to || [];
      const done = await call('POST', '/api/send', values);
      form.reset();
      say(done.said);
    });
  });
  $('add-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button'), async () => {
      const done = await call('POST', '/api/contacts', formValues(form));
      form.reset();
      await showContacts();
      say(done.said.concat([word('web-safety-number') + ': ' + done.safety_number]));
    });
  });
}

document.addEventListener('DOMContentLoaded', () => {
  wire();
  act(null, refresh);
});
