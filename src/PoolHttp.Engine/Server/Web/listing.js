// The folder page's script (served from /.poolhttp/assets/; the page allows no inline script). Without it the page
// still works: links sort and search, the form uploads. With it: local times, streaming uploads (PUT, one file at a
// time, with progress and Cancel) of picked, dropped or whole folders, New folder (MKCOL) and Delete.
'use strict';
(() => {
  const pad = (n) => String(n).padStart(2, '0');

  /** Shows every <time datetime> in the browser's time zone, as "YYYY-MM-DD HH:MM". */
  function localTimes(root) {
    for (const t of root.querySelectorAll('time[datetime]')) {
      const d = new Date(t.dateTime);
      if (Number.isNaN(d.getTime())) continue;
      t.textContent = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
      t.title = d.toString();
    }
  }
  localTimes(document);

  const body = document.body;
  if (body.dataset.writable !== 'true') return;

  const status = document.getElementById('status');
  const uploads = document.getElementById('uploads');
  const uploadList = uploads.querySelector('ul');
  const fileInput = document.getElementById('file');
  const folderInput = document.getElementById('folder');
  for (const id of ['mkdir', 'pick-folder', 'drop-hint']) document.getElementById(id).hidden = false;

  /** The URL of a name relative to this folder ("sub/a b.txt"), each segment encoded. */
  const urlOf = (relative) => location.pathname + relative.split('/').map(encodeURIComponent).join('/');

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', !!isError);
  }

  /** "413 Content Too Large: the server's detail", from a problem+json answer when there is one. */
  function describe(code, statusText, text) {
    let detail = '';
    try { detail = JSON.parse(text).detail || ''; } catch { detail = (text || '').trim().slice(0, 300); }
    return `${code} ${statusText}${detail ? ': ' + detail : ''}`;
  }

  // ---- listing refresh and the delete buttons ----
  async function refresh() {
    const answer = await fetch(location.href, { headers: { Accept: 'text/html' }, cache: 'no-cache' });
    if (!answer.ok) return;
    const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html');
    for (const selector of ['#listing tbody', 'footer']) {
      const next = fresh.querySelector(selector);
      if (next) document.querySelector(selector).replaceWith(document.adoptNode(next));
    }
    wireRows(document);
  }

  function wireRows(root) {
    localTimes(root);
    for (const button of root.querySelectorAll('button.delete')) {
      button.hidden = false;
      button.addEventListener('click', () => remove(button.dataset.name, button.dataset.folder === 'true'));
    }
  }
  wireRows(document.querySelector('#listing tbody'));

  async function remove(name, folder) {
    const question = folder ? `Delete the folder “${name}” and everything in it?` : `Delete “${name}”?`;
    if (!window.confirm(question)) return;
    const answer = await fetch(urlOf(name) + (folder ? '/?recursive=true' : ''), { method: 'DELETE' });
    if (answer.ok) {
      await refresh();
      say(`Deleted ${name}`);
    } else {
      say(`Could not delete ${name}: ${describe(answer.status, answer.statusText, await answer.text())}`, true);
    }
  }

  // ---- new folder ----
  document.getElementById('mkdir').addEventListener('click', async () => {
    const name = (window.prompt('Name of the new folder') || '').trim();
    if (!name) return;
    const answer = await fetch(urlOf(name.replace(/\/+$/, '')) + '/', { method: 'MKCOL' });
    if (answer.status === 201) {
      await refresh();
      say(`Created folder ${name}`);
    } else {
      say(`Could not create ${name}: ${describe(answer.status, answer.statusText, await answer.text())}`, true);
    }
  });

  // ---- uploads: one at a time, each a streaming PUT of the file itself ----
  const queue = [];
  let running = false;
  let finished = 0;
  const refusals = [];

  function enqueue(file, relative) {
    const item = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = relative;
    const progress = document.createElement('progress');
    progress.max = Math.max(file.size, 1);
    progress.value = 0;
    progress.setAttribute('aria-label', relative);
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    cancel.setAttribute('aria-label', `Cancel ${relative}`);
    const message = document.createElement('span');
    message.className = 'message';
    item.append(name, progress, cancel, message);
    uploadList.append(item);
    uploads.hidden = false;
    const job = { file, relative, progress, cancel, message, xhr: null, cancelled: false };
    cancel.addEventListener('click', () => {
      job.cancelled = true;
      if (job.xhr) job.xhr.abort();
      else end(job, 'Cancelled', false);
    });
    queue.push(job);
  }

  function end(job, text, isError) {
    job.message.textContent = text;
    job.message.className = isError ? 'message error' : 'message done';
    job.cancel.remove();
  }

  async function pump() {
    if (running) return;
    running = true;
    while (queue.length > 0) {
      const job = queue.shift();
      if (!job.cancelled) await send(job);
    }
    running = false;
    await refresh();
    const failed = refusals.splice(0);
    say(`Uploads finished: ${finished} stored${failed.length ? `; ${failed.join('; ')}` : ''}`, failed.length > 0);
    finished = 0;
  }

  function send(job) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      job.xhr = xhr;
      xhr.open('PUT', urlOf(job.relative));
      xhr.upload.addEventListener('progress', (e) => { job.progress.value = e.loaded; });
      xhr.addEventListener('load', () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          job.progress.value = job.progress.max;
          finished++;
          end(job, 'Done', false);
        } else {
          end(job, describe(xhr.status, xhr.statusText, xhr.responseText), true);
          refusals.push(`${job.relative} refused: ${job.message.textContent}`);
        }
        resolve();
      });
      xhr.addEventListener('error', () => {
        end(job, 'The connection failed', true);
        refusals.push(`${job.relative}: the connection failed`);
        resolve();
      });
      xhr.addEventListener('abort', () => { end(job, 'Cancelled', false); resolve(); });
      xhr.send(job.file); // the browser streams the file from disk: no size limit, nothing read into memory here
    });
  }

  function start(files) {
    for (const [file, relative] of files) enqueue(file, relative);
    say(`Uploading ${queue.length} file${queue.length === 1 ? '' : 's'}…`);
    pump();
  }

  fileInput.required = false;
  fileInput.addEventListener('change', () => {
    start([...fileInput.files].map((f) => [f, f.name]));
    fileInput.value = '';
  });
  document.getElementById('upload').addEventListener('submit', (e) => {
    e.preventDefault();
    if (fileInput.files.length > 0) fileInput.dispatchEvent(new Event('change'));
  });
  document.getElementById('pick-folder').addEventListener('click', () => folderInput.click());
  folderInput.addEventListener('change', () => {
    start([...folderInput.files].map((f) => [f, f.webkitRelativePath || f.name]));
    folderInput.value = '';
  });

  // ---- dropping files or folders anywhere on the page ----
  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  document.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    body.classList.add('dropping');
  });
  document.addEventListener('dragleave', (e) => { if (e.target === document.documentElement || e.target === body) body.classList.remove('dropping'); });
  document.addEventListener('drop', async (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    body.classList.remove('dropping');
    const entries = [...e.dataTransfer.items].map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    if (entries.some((x) => x === null)) {
      start([...e.dataTransfer.files].map((f) => [f, f.name]));
      return;
    }
    const files = [];
    for (const entry of entries) await collect(entry, '', files);
    start(files);
  });

  /** Walks a dropped folder so that its tree is kept. */
  async function collect(entry, prefix, files) {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      files.push([file, prefix + entry.name]);
      return;
    }
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const child of batch) await collect(child, `${prefix}${entry.name}/`, files);
    }
  }
})();
