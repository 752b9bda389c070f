// Amicus local app. Plain script, no library, no inline code (the page's CSP forbids it).
// Every word shown comes from the server in the chosen language; text is always set with
// textContent, never parsed as HTML, so a briefing cannot inject anything into the page.
'use strict';

const app = { csrf: '', texts: { words: {} }, tab: 'inbox', profile: {}, message: null, staged: [], writing: null, saveTimer: null, sending: null };

const $ = (id) => document.getElementById(id);
const word = (key) => app.texts.words[key] || key;

async function call(method, path, body, signal) {
  const options = { method, headers: {}, credentials: 'same-origin', cache: 'no-store', signal };
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
  // Before the first answer there are no words yet: say nothing rather than a key.
  const working = app.texts.words['web-working'] || '';
  $('notice').textContent = working;
  $('error').textContent = '';
  try {
    await action();
  } catch (e) {
    fail(e);
  } finally {
    if (button) button.disabled = false;
    if ($('notice').textContent === working) $('notice').textContent = '';
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
  $('states').replaceChildren(...(app.texts.states || []).map((name) => {
    const option = document.createElement('option');
    option.value = name;
    return option;
  }));
  const ticked = new Set(Array.from($('write-articles').querySelectorAll('input:checked')).map((b) => b.value));
  const legend = $('write-articles').querySelector('legend');
  $('write-articles').replaceChildren(legend, ...(app.texts.articles || []).map((a) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'article';
    box.value = String(a.number);
    box.checked = ticked.has(box.value);
    label.append(box, ' ' + a.number + '. ' + a.title);
    return label;
  }));
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

// What a locked page must no longer show: the briefing read, the lists, the form (which
// is saved in the profile and comes back from the list of writings after unlocking).
function clearScreen() {
  for (const id of ['message-from', 'message-warning', 'message-sent', 'message-subject', 'message-body']) $(id).textContent = '';
  for (const id of ['message-details', 'message-attachments', 'inbox-list', 'outbox-list', 'contact-list', 'sent-list', 'mandate-list', 'roster-list', 'writing-list', 'write-attached']) $(id).replaceChildren();
  $('message').hidden = true;
  $('my-card').value = '';
  $('invite-code').value = '';
  $('write-form').reset();
  app.staged = [];
  app.writing = null;
  app.message = null;
}

// The page locks itself too: after the idle time without a key or a click, it asks the
// app (which has locked the profile by then) and hides everything it showed.
function watchIdle() {
  let last = Date.now();
  for (const event of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
    document.addEventListener(event, () => { last = Date.now(); }, { passive: true });
  }
  setInterval(() => {
    if (app.idleMs && Date.now() - last >= app.idleMs && !$('home').hidden) {
      act(null, async () => {
        await flushSave();
        await call('POST', '/api/lock');
        clearScreen();
        await refresh();
      });
    }
  }, 15000);
}

async function refresh() {
  const state = await call('GET', '/api/state');
  app.idleMs = state.idle_lock_ms;
  app.csrf = state.csrf;
  app.texts = state.texts;
  app.profile = state.profile;
  $('lang').value = state.lang;
  translate();
  if (state.profile.unlocked) {
    show('home');
    await openTab(app.tab);
  } else if (state.profile.exists) {
    clearScreen();
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
  if (tab === 'centre') await showCentre();
  if (tab === 'safety') await showSettings();
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
  $('message-files').hidden = m.attachments.length === 0;
  $('message-attachments').replaceChildren(...m.attachments.map((a) => {
    const li = row(a.name + ' (' + a.size + ')');
    if (a.withheld) {
      li.append(' — ' + word('web-attachment-withheld'));
    } else {
      // A plain download: the browser saves what the app opens chunk by chunk.
      const save = document.createElement('a');
      save.href = '/api/message/' + m.number + '/attachment/' + a.index;
      save.download = a.name;
      save.className = 'save';
      save.textContent = word('web-attachment-save');
      li.append(' ', save);
    }
    return li;
  }));
  app.message = m.number;
  // A member asks about a presented briefing through the Centre; whoever receives a
  // question answers it.
  $('ask-form').hidden = m.kind !== 'presentation';
  $('answer-form').hidden = m.kind !== 'question';
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
  const pick = (id, role, name) => {
    const heading = $(id).querySelector('strong');
    const choices = rows.filter((c) => c.role === role).map((c) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = name;
      box.value = c.name;
      label.append(box, ' ' + c.name);
      return label;
    });
    $(id).replaceChildren(heading, ...choices);
  };
  pick('mandate-staff', 'staff', 'staff');
  pick('mandate-members', 'member', 'members');
  await showWritings();
}

// Briefings saved while being written: continue one, or discard it.
async function showWritings() {
  const { rows } = await call('GET', '/api/writings');
  const others = rows.filter((w) => w.number !== app.writing);
  $('writings').hidden = others.length === 0;
  $('writing-list').replaceChildren(...others.map((w) => {
    const li = row((w.title || '…') + ' — ' + w.saved);
    const resume = document.createElement('button');
    resume.type = 'button';
    resume.className = 'continue';
    resume.textContent = word('web-writing-continue');
    resume.addEventListener('click', () => act(resume, async () => {
      restoreWriting(w);
      await showWritings();
    }));
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.textContent = word('web-writing-discard');
    discard.addEventListener('click', () => act(discard, async () => {
      const done = await call('POST', '/api/writing/discard', { number: w.number });
      await showWritings();
      say(done.said);
    }));
    li.append(' ', resume, ' ', discard);
    return li;
  }));
}

function restoreWriting(w) {
  const form = $('write-form');
  app.writing = w.number;
  form.title.value = w.title;
  form.text.value = w.text;
  form.state.value = w.state;
  form.session.value = w.session;
  form.stage.value = w.stage;
  form.language.value = w.language;
  form.confidentiality.value = w.confidentiality;
  for (const box of $('write-to').querySelectorAll('input')) box.checked = w.to.includes(box.value);
  const articles = new Set(w.articles.map(String));
  for (const box of $('write-articles').querySelectorAll('input')) box.checked = articles.has(box.value);
  app.staged = w.attachments.map((a) => a.id);
  $('write-attached').replaceChildren(...w.attachments.map((a) => row(a.name + ' (' + a.size + ') — ' + word('web-attachment-ready'), 'staged')));
}

function writeValues() {
  const values = formValues($('write-form'));
  delete values.staff;
  delete values.members;
  values.to = values.to || [];
  values.mandate = mandateValues();
  values.attachments = app.staged.slice();
  if (app.writing !== null) values.writing = app.writing;
  return values;
}

// Saves the form now, if anything is in it (before locking, so the last words are kept).
async function flushSave() {
  clearTimeout(app.saveTimer);
  const form = $('write-form');
  if (!form.title.value && !form.text.value && app.staged.length === 0) return;
  try {
    const saved = await call('POST', '/api/writing', writeValues());
    app.writing = saved.number;
  } catch (_) { /* already locked: what was saved before stays */ }
}

// Saves the form a moment after the person stops typing: nothing typed is lost, even if
// the tab is closed.
function saveSoon() {
  clearTimeout(app.saveTimer);
  app.saveTimer = setTimeout(async () => {
    try {
      const saved = await call('POST', '/api/writing', writeValues());
      app.writing = saved.number;
      $('write-saved').textContent = saved.said;
    } catch (_) { /* locked or offline: the next keystroke tries again */ }
  }, 800);
}

function mandateValues() {
  if (!$('mandate-on').checked) return undefined;
  const ticked = (id) => Array.from($(id).querySelectorAll('input:checked')).map((b) => b.value);
  const kind = $('mandate-attribution').value;
  const name = $('mandate-attribution-name').value.trim();
  return {
    staff: ticked('mandate-staff'),
    members: ticked('mandate-members'),
    attribution: kind === 'anonymous' ? 'anonymous' : kind + ':' + name,
    allow_attachments: $('mandate-attachments').checked,
    days: Number($('mandate-days').value) || 0,
  };
}

async function showCentre() {
  const inCentre = Boolean(app.profile.centre);
  $('join-form').hidden = inCentre;
  $('centre-parts').hidden = !inCentre;
  if (!inCentre) return;
  const sent = await call('GET', '/api/sent');
  $('sent-empty').hidden = sent.rows.length > 0;
  $('sent-list').replaceChildren(...sent.rows.map((r) => {
    const li = row('');
    const head = document.createElement('strong');
    head.textContent = r.title + ' → ' + r.to + ' — ' + r.sent;
    li.append(head);
    if (r.mandate) li.append(row(r.mandate));
    const timeline = document.createElement('ol');
    timeline.className = 'timeline receipts';
    timeline.replaceChildren(...r.receipts.map((line) => row(line)));
    li.append(timeline);
    if (r.can_revoke) {
      const revoke = document.createElement('button');
      revoke.type = 'button';
      revoke.textContent = word('web-revoke');
      revoke.addEventListener('click', () => act(revoke, async () => {
        const done = await call('POST', '/api/revoke', { number: r.number });
        await showCentre();
        say(done.said);
      }));
      li.append(revoke);
    }
    return li;
  }));
  const mandates = await call('GET', '/api/mandates');
  $('mandates-part').hidden = mandates.rows.length === 0;
  const contacts = (await call('GET', '/api/contacts')).rows;
  const members = contacts.filter((c) => c.role === 'member');
  $('mandate-list').replaceChildren(...mandates.rows.map((m) => {
    const li = row('');
    const head = document.createElement('strong');
    head.textContent = m.number + '. ' + m.title;
    const terms = document.createElement('ul');
    terms.replaceChildren(...m.terms.concat(m.presented).map((line) => row(line)));
    li.append(head, terms);
    if (!m.revoked) {
      const form = document.createElement('form');
      form.className = 'present-form';
      const select = document.createElement('select');
      select.name = 'to';
      select.setAttribute('aria-label', word('web-present'));
      for (const c of members) {
        const option = document.createElement('option');
        option.value = c.name;
        option.textContent = c.name;
        select.append(option);
      }
      const withFiles = document.createElement('input');
      withFiles.type = 'checkbox';
      const filesLabel = document.createElement('label');
      filesLabel.className = 'check';
      filesLabel.append(withFiles, ' ' + word('web-present-attachments'));
      const button = document.createElement('button');
      button.type = 'submit';
      button.textContent = word('web-present');
      form.append(select, filesLabel, button);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        act(button, async () => {
          const stop = watchTransfer();
          let done;
          try {
            done = await call('POST', '/api/present', {
              number: m.number, to: select.value, with_attachments: withFiles.checked,
            });
          } finally {
            stop();
          }
          await showCentre();
          say(done.said);
        });
      });
      li.append(form);
    }
    return li;
  }));
  const roster = await call('GET', '/api/roster');
  $('admin-part').hidden = !roster.admin;
  $('roster-list').replaceChildren(...roster.rows.map((e) => {
    const li = row(e.name + ' — ' + e.role + (e.term ? ' — ' + e.term : ''));
    if (roster.admin) {
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = word('web-roster-remove');
      remove.addEventListener('click', () => act(remove, async () => {
        const done = await call('POST', '/api/roster/remove', { name: e.name });
        await showCentre();
        say(done.said);
      }));
      li.append(' ', remove);
    }
    return li;
  }));
  if (roster.said.length) say(roster.said);
}

async function showSettings() {
  const settings = await call('GET', '/api/settings');
  const form = $('settings-form');
  form.wipe_after.value = settings.wipe_after;
  form.delete_read_after.value = settings.delete_read_after;
  form.read_receipts.checked = settings.read_receipts;
  form.proxy.value = settings.proxy;
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

// Sends a picked file to the app, which seals it into the profile as it arrives.
function stageFile(file) {
  const li = row(file.name + ' — ' + word('web-attachment-adding'));
  $('write-attached').append(li);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/attachments?name=' + encodeURIComponent(file.name) + '&len=' + file.size);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-Amicus-Csrf', app.csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) li.textContent = file.name + ' — ' + word('web-attachment-adding') + ' ' + Math.floor(100 * e.loaded / e.total) + ' %';
    };
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch (_) { data = { error: xhr.responseText }; }
      if (xhr.status === 200) {
        app.staged.push(data.id);
        saveSoon();
        li.textContent = data.name + ' (' + data.size + ') — ' + word('web-attachment-ready');
        li.className = 'staged';
      } else {
        li.remove();
        fail(new Error(data.error || xhr.statusText));
      }
      resolve();
    };
    xhr.onerror = () => { li.remove(); fail(new Error(word('web-attachment-adding'))); resolve(); };
    xhr.send(file);
  });
}

async function stageFiles(files) {
  for (const file of files) await stageFile(file);
}

// While a send or a fetch runs, the transfer's progress is asked for twice a second.
function watchTransfer() {
  let running = true;
  const tick = async () => {
    while (running) {
      try {
        const t = await call('GET', '/api/transfer');
        $('transfer').hidden = !t.active;
        if (t.active) {
          $('transfer-bar').max = t.total || 1;
          $('transfer-bar').value = t.done;
          $('transfer-text').textContent = t.text;
          $('transfer-paused').textContent = t.paused || '';
        }
      } catch (_) { /* the send itself reports errors */ }
      await new Promise((r) => setTimeout(r, 500));
    }
    $('transfer').hidden = true;
  };
  tick();
  return () => { running = false; };
}

function formValues(form) {
  const values = {};
  const articles = [];
  for (const [k, v] of new FormData(form).entries()) {
    if (k === 'to') (values.to = values.to || []).push(v);
    else if (k === 'article') articles.push(v);
    else values[k] = v;
  }
  if (articles.length) values.articles = articles.join(', ');
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
    await flushSave();
    await call('POST', '/api/lock');
    await refresh();
  }));
  for (const button of document.querySelectorAll('nav .tab')) {
    button.addEventListener('click', () => act(null, () => openTab(button.dataset.tab)));
  }
  $('sync').addEventListener('click', () => act($('sync'), async () => {
    // A sync may finish an interrupted upload: its progress shows as any transfer's.
    const stop = watchTransfer();
    let done;
    try {
      done = await call('POST', '/api/sync');
    } finally {
      stop();
    }
    // Fetching shows what arrived; a form being written keeps its contents meanwhile.
    await openTab('inbox');
    say(done.said);
  }));
  $('back').addEventListener('click', () => act(null, showInbox));
  $('write-form').addEventListener('input', saveSoon);
  $('write-form').addEventListener('change', saveSoon);
  $('send-cancel').addEventListener('click', () => { if (app.sending) app.sending.abort(); });
  $('write-files').addEventListener('change', () => {
    const files = Array.from($('write-files').files);
    $('write-files').value = '';
    stageFiles(files);
  });
  $('drop').addEventListener('dragover', (e) => { e.preventDefault(); $('drop').classList.add('over'); });
  $('drop').addEventListener('dragleave', () => $('drop').classList.remove('over'));
  $('drop').addEventListener('drop', (e) => {
    e.preventDefault();
    $('drop').classList.remove('over');
    stageFiles(Array.from(e.dataTransfer.files));
  });
  $('mandate-on').addEventListener('change', () => { $('mandate').hidden = !$('mandate-on').checked; });
  $('write-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button[type=submit]'), async () => {
      clearTimeout(app.saveTimer);
      const values = writeValues();
      const stop = watchTransfer();
      app.sending = new AbortController();
      $('send-cancel').hidden = false;
      let done;
      try {
        done = await call('POST', '/api/send', values, app.sending.signal);
      } catch (e) {
        // Stopped by the person: the briefing is a draft now, kept with its uploads.
        if (e.name === 'AbortError') {
          app.writing = null;
          form.reset();
          app.staged = [];
          $('write-attached').replaceChildren();
          throw new Error(word('web-send-stopped'));
        }
        throw e;
      } finally {
        stop();
        app.sending = null;
        $('send-cancel').hidden = true;
      }
      form.reset();
      app.staged = [];
      app.writing = null;
      $('write-saved').textContent = '';
      $('write-attached').replaceChildren();
      say(done.said);
    });
  });
  $('enrol-file').addEventListener('change', () => {
    const file = $('enrol-file').files[0];
    if (!file) return;
    // Read in the page only: the invitation file is not sent anywhere but to this app.
    file.text().then((text) => { $('enrol-form').code.value = text.trim(); }, fail);
  });
  $('enrol-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button[type=submit]'), async () => {
      const done = await call('POST', '/api/enrol', formValues(form));
      form.reset();
      app.tab = 'centre';
      await refresh();
      say(done.said);
    });
  });
  $('join-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button'), async () => {
      const done = await call('POST', '/api/enrol', formValues(form));
      form.reset();
      await refresh();
      say(done.said);
    });
  });
  const textAction = (id, path) => $(id).addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button'), async () => {
      const done = await call('POST', path, { number: app.message, text: form.text.value });
      form.reset();
      say(done.said);
    });
  });
  textAction('ask-form', '/api/ask');
  textAction('answer-form', '/api/answer');
  $('roster-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button'), async () => {
      const done = await call('POST', '/api/roster/add', formValues(form));
      form.reset();
      await showCentre();
      say(done.said);
    });
  });
  $('invite-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button'), async () => {
      const done = await call('POST', '/api/invite', { role: form.role.value, days: Number(form.days.value) || 0 });
      $('invite-code').hidden = false;
      $('invite-code').value = done.code;
      say(done.said);
    });
  });
  $('settings-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    act(form.querySelector('button'), async () => {
      const done = await call('POST', '/api/settings', {
        wipe_after: Number(form.wipe_after.value) || 0,
        delete_read_after: Number(form.delete_read_after.value) || 0,
        read_receipts: form.read_receipts.checked,
        proxy: form.proxy.value,
      });
      say(done.said);
    });
  });
  // The quick wipe: a countdown the person can cancel, then the profile is destroyed.
  let countdown = null;
  const stopCountdown = () => {
    clearInterval(countdown);
    countdown = null;
    $('wipe-countdown').hidden = true;
    $('wipe-cancel').hidden = true;
    $('wipe').disabled = false;
  };
  $('wipe').addEventListener('click', () => {
    let left = 5;
    $('wipe').disabled = true;
    $('wipe-cancel').hidden = false;
    $('wipe-countdown').hidden = false;
    $('wipe-countdown').textContent = word('web-wipe-countdown') + ' ' + left;
    countdown = setInterval(() => {
      left -= 1;
      $('wipe-countdown').textContent = word('web-wipe-countdown') + ' ' + left;
      if (left > 0) return;
      stopCountdown();
      act(null, async () => {
        const done = await call('POST', '/api/wipe');
        await refresh();
        say(done.said);
      });
    }, 1000);
  });
  $('wipe-cancel').addEventListener('click', () => {
    stopCountdown();
    say([word('web-wipe-cancelled')]);
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
  watchIdle();
  act(null, refresh);
});
