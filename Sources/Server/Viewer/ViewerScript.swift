extension ViewerAssets {
  /// The viewer's script (`/viewer/viewer.js`): a client of the `/v1` JSON endpoints only.
  /// Text from the graph (page names, element texts, the Graphviz SVG) is untrusted: it reaches
  /// the page only as text nodes and attribute values, never as markup (no `innerHTML`); the
  /// SVG is rebuilt element by element from an allow-list.
  static let script = #"""
    'use strict';
    (() => {
      const main = document.getElementById('main');
      const statusLine = document.getElementById('status');
      const tokenField = document.getElementById('token');
      const tokenKey = 'm3m.token';
      const pageSize = 24;
      const svgNS = 'http://www.w3.org/2000/svg';
      const xlinkNS = 'http://www.w3.org/1999/xlink';
      let generation = 0;
      const caches = { apps: null, leadsTo: new Map(), outgoing: new Map() };

      // ---- DOM, built from text only -------------------------------------------------------

      function el(tag, props, ...children) {
        const node = document.createElement(tag);
        for (const [key, value] of Object.entries(props || {})) {
          if (value === undefined || value === null || value === false) continue;
          if (key === 'class') node.className = value;
          else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
          else node.setAttribute(key, value === true ? '' : String(value));
        }
        for (const child of children.flat(Infinity)) {
          if (child === undefined || child === null || child === false) continue;
          node.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
        return node;
      }

      const link = (text, hash, props) => el('a', Object.assign({ href: hash }, props), text);
      const pageHash = (id) => '#/page/' + encodeURIComponent(String(id));
      const pageLink = (id, name) =>
        link(name ? name + ' (' + id + ')' : 'page ' + id, pageHash(id), { class: 'page-link' });
      const query = (path, params) => {
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(params)) {
          if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
        }
        const text = search.toString();
        return text ? path + '?' + text : path;
      };

      function say(text, isError) {
        statusLine.textContent = text || '';
        statusLine.classList.toggle('error', Boolean(isError));
      }

      // ---- the API, with the token as a Bearer header ------------------------------------

      class ViewerError extends Error {
        constructor(message, status) {
          super(message);
          this.status = status;
        }
      }

      function currentToken() {
        return sessionStorage.getItem(tokenKey) || '';
      }

      async function request(path) {
        const headers = {};
        const token = currentToken();
        if (token) headers.Authorization = 'Bearer ' + token;
        let response;
        try {
          response = await fetch(path, { headers, cache: 'no-store', credentials: 'omit' });
        } catch (_) {
          throw new ViewerError('the server cannot be reached', 0);
        }
        if (!response.ok) {
          let message = 'the server answered ' + response.status;
          try {
            const answer = await response.json();
            if (answer && answer.error && answer.error.message) message = answer.error.message;
          } catch (_) {}
          if (response.status === 401) {
            message += ' (this server needs a token: enter it above and press Use)';
          }
          throw new ViewerError(message, response.status);
        }
        return response;
      }

      const getJSON = async (path) => (await request(path)).json();

      async function apps() {
        if (!caches.apps) caches.apps = getJSON('/v1/apps');
        try {
          return await caches.apps;
        } catch (error) {
          caches.apps = null;
          throw error;
        }
      }

      // Draws the page's screenshot on `canvas` (a canvas, not an <img>: the bytes come with the
      // token header, and the Content-Security-Policy allows no blob: or data: images).
      async function drawScreenshot(canvas, page, width) {
        const blob = await (await request('/v1/pages/' + page + '/screenshot')).blob();
        const bitmap = await createImageBitmap(blob);
        const scale = width ? Math.min(1, width / bitmap.width) : 1;
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.dataset.loaded = '1';
        const size = { width: bitmap.width, height: bitmap.height };
        bitmap.close();
        return size;
      }

      // Runs `tasks` (functions returning promises) a few at a time.
      async function runLimited(tasks, limit) {
        let next = 0;
        const worker = async () => {
          while (next < tasks.length) {
            const task = tasks[next++];
            try {
              await task();
            } catch (_) {}
          }
        };
        await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
      }

      // ---- views ---------------------------------------------------------------------------

      async function showApps(mine) {
        const list = await apps();
        if (mine !== generation) return;
        main.append(
          el('h2', null, 'Apps'),
          el(
            'table',
            { class: 'list', id: 'apps' },
            el('tr', null, el('th', null, 'app'), el('th', null, 'package'),
              el('th', null, 'unique pages'), el('th', null, 'visits'), el('th', null, '')),
            list.map((app) =>
              el('tr', { class: 'app-row' },
                el('td', null, link(app.name, query('#/pages', { app: app.name }))),
                el('td', null, app.package || ''),
                el('td', { class: 'number' }, app.pages),
                el('td', { class: 'number' }, app.visits),
                el('td', null, link('graph', '#/graph/' + encodeURIComponent(app.name))))),
          ),
          el('p', null, link('all pages', '#/pages')),
        );
      }

      async function showPages(mine, params) {
        const app = params.get('app') || '';
        const text = params.get('q') || '';
        const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
        const answer = await getJSON(
          query('/v1/pages', { app, q: text, limit: pageSize, offset }));
        if (mine !== generation) return;
        const filter = el('input', { type: 'search', name: 'q', value: text,
          placeholder: 'text on the page', 'aria-label': 'filter pages' });
        const form = el('form', { class: 'inline', onsubmit: (event) => {
          event.preventDefault();
          location.hash = query('#/pages', { app, q: filter.value.trim() });
        } }, filter, el('button', { type: 'submit' }, 'Filter'));
        const last = Math.min(answer.total, offset + answer.pages.length);
        const pager = el('div', { class: 'pager' },
          offset > 0
            ? link('← previous', query('#/pages', { app, q: text,
                offset: Math.max(0, offset - pageSize) }), { class: 'previous' })
            : null,
          el('span', { id: 'page-range' },
            answer.total ? (offset + 1) + '–' + last + ' of ' + answer.total : 'no pages'),
          last < answer.total
            ? link('next →', query('#/pages', { app, q: text, offset: offset + pageSize }),
                { class: 'next' })
            : null);
        const thumbnails = [];
        const grid = el('div', { class: 'grid', id: 'pages' }, answer.pages.map((page) => {
          const canvas = el('canvas', { class: 'thumbnail', width: 1, height: 1 });
          if (page.screenshot) thumbnails.push(() => drawScreenshot(canvas, page.id, 240));
          return el('a', { class: 'page-card', href: pageHash(page.id),
            'data-page': page.id, 'data-name': page.name || '' },
            page.screenshot ? canvas : el('div', { class: 'thumbnail none' }, 'no screenshot'),
            el('span', { class: 'name' }, page.name || 'page ' + page.id),
            el('span', { class: 'meta' }, page.app + ' · ' + page.visits + ' visits'));
        }));
        main.append(
          el('h2', null, app ? 'Pages of ' + app : 'All pages', ' ',
            app ? link('graph', '#/graph/' + encodeURIComponent(app), { class: 'small' }) : null),
          form, pager, grid);
        await runLimited(thumbnails, 4);
      }

      async function showPage(mine, id) {
        const page = await getJSON('/v1/pages/' + encodeURIComponent(id));
        if (mine !== generation) return;
        const name = page.names[0] || 'page ' + page.id;
        const info = el('div', { id: 'element-info', class: 'panel' },
          el('p', { class: 'hint' }, 'Hover an element for its attributes; click it to see where ' +
            'it leads. Green boxes: a recorded action on them led to another page.'));
        const leads = el('div', { id: 'where-it-leads', class: 'panel' });
        const incoming = el('div', { id: 'leads-here', class: 'panel' },
          el('h3', null, 'Which elements lead here'), el('p', { class: 'hint' }, 'loading…'));
        const shot = el('div', { class: 'shot', id: 'shot' });
        main.append(
          el('h2', null, name, ' ', el('span', { class: 'small' }, page.app + ' · page ' + page.id +
            ' · ' + page.visits + ' visits · ' + page.outgoingEdges + ' actions out · ' +
            page.incomingEdges + ' in')),
          el('p', { class: 'links' },
            link('pages of ' + page.app, query('#/pages', { app: page.app })), ' · ',
            link('graph of ' + page.app, '#/graph/' + encodeURIComponent(page.app)), ' · ',
            link('path from here', query('#/path', { from: page.id })), ' · ',
            link('path to here', query('#/path', { to: page.id }))),
          el('div', { class: 'page-view' }, shot, el('div', { class: 'side' }, info, leads, incoming)));

        const boxes = [];
        if (page.screenshotPath) {
          const canvas = el('canvas', { width: 1, height: 1 });
          shot.append(canvas);
          let size;
          try {
            size = await drawScreenshot(canvas, page.id, 0);
          } catch (error) {
            // The page's other panels still work without its screenshot.
            shot.replaceChildren(el('p', { class: 'error' }, error.message));
            leadsHere(mine, incoming, page);
            return;
          }
          if (mine !== generation) return;
          // Largest first, so a smaller box (a button inside a layout) is always on top.
          const area = (box) => (box[2] - box[0]) * (box[3] - box[1]);
          const boxed = page.elements.map((element, index) => ({ element, index }))
            .filter(({ element }) => element.box && element.box[2] > element.box[0] &&
              element.box[3] > element.box[1])
            .sort((a, b) => area(b.element.box) - area(a.element.box) || a.index - b.index);
          for (const { element, index } of boxed) {
            const [x1, y1, x2, y2] = element.box;
            const box = el('div', {
              class: 'box' + (element.clickable || element.editable || element.scrollable
                ? ' interactive' : ''),
              'data-element': element.summary.id, 'data-index': index,
              title: label(element.summary) || element.summary.className,
            });
            box.style.left = (100 * x1 / size.width) + '%';
            box.style.top = (100 * y1 / size.height) + '%';
            box.style.width = (100 * (x2 - x1) / size.width) + '%';
            box.style.height = (100 * (y2 - y1) / size.height) + '%';
            box.addEventListener('mouseenter', () => describe(info, element));
            box.addEventListener('click', () => {
              for (const other of boxes) other.classList.toggle('selected', other === box);
              describe(info, element);
              whereItLeads(mine, leads, page, element);
            });
            boxes.push(box);
            shot.append(box);
          }
          shot.dataset.boxes = String(boxes.length);
          outgoing(page).then((found) => {
            if (mine !== generation) return;
            for (const box of boxes) {
              box.classList.toggle('leads', found.byElement.has(Number(box.dataset.element)));
            }
            shot.dataset.leads = String(found.byElement.size);
          }, () => {});
        } else {
          shot.append(el('p', { class: 'hint' }, 'No screenshot recorded for this page.'));
        }
        leadsHere(mine, incoming, page);
      }

      // An element's text, else its content-desc, else its resource-id (as the graph labels it).
      function label(summary) {
        return summary.text || summary.contentDescription || summary.resourceID || '';
      }

      function describe(panel, element) {
        const summary = element.summary;
        const flags = ['clickable', 'scrollable', 'editable'].filter((flag) => element[flag]);
        const rows = [
          ['class', summary.className], ['text', summary.text],
          ['content-desc', summary.contentDescription], ['resource-id', summary.resourceID],
          ['bounds', summary.bounds || ''], ['node', element.nodeIndex],
          ['can be', flags.join(', ') || 'nothing'],
        ];
        panel.replaceChildren(el('h3', null, 'Element'),
          el('dl', null, rows.map(([key, value]) => [el('dt', null, key), el('dd', null, value)])));
      }

      function leadsTo(page) {
        if (!caches.leadsTo.has(page)) {
          const answer = getJSON('/v1/pages/' + page + '/leads-to?limit=1000');
          answer.catch(() => caches.leadsTo.delete(page));
          caches.leadsTo.set(page, answer);
        }
        return caches.leadsTo.get(page);
      }

      // What each element of `page` led to: the page's recorded actions that reached another
      // page (leads-from), by element.
      function outgoing(page) {
        if (!caches.outgoing.has(page.id)) {
          const answer = (async () => {
            const entries = await getJSON('/v1/pages/' + page.id + '/leads-from?limit=1000');
            const byElement = new Map();
            for (const entry of entries) {
              const element = entry.transition.element;
              if (!element) continue;
              if (!byElement.has(element.id)) byElement.set(element.id, []);
              byElement.get(element.id).push(entry);
            }
            return { byElement };
          })();
          answer.catch(() => caches.outgoing.delete(page.id));
          caches.outgoing.set(page.id, answer);
        }
        return caches.outgoing.get(page.id);
      }

      async function whereItLeads(mine, panel, page, element) {
        const heading = el('h3', null, 'Where “' + (label(element.summary) ||
          element.summary.className) + '” leads');
        panel.replaceChildren(heading, el('p', { class: 'hint' }, 'looking…'));
        try {
          const { byElement } = await outgoing(page);
          if (mine !== generation) return;
          const found = byElement.get(element.summary.id) || [];
          panel.replaceChildren(heading, found.length
            ? el('ul', { class: 'destinations' }, found.map((entry) =>
                el('li', null, entry.transition.actionType, ' → ',
                  pageLink(entry.transition.toPage, entry.toName),
                  el('span', { class: 'small' }, ' ' + entry.transition.count + ' of ' +
                    entry.attempts + ' times'))))
            : el('p', { class: 'hint none' }, 'No recorded action on this element left the page.'));
        } catch (error) {
          if (mine === generation) panel.replaceChildren(heading, el('p', { class: 'error' }, error.message));
        }
      }

      async function leadsHere(mine, panel, page) {
        const heading = el('h3', null, 'Which elements lead here');
        try {
          const entries = await leadsTo(page.id);
          if (mine !== generation) return;
          panel.replaceChildren(heading, entries.length
            ? el('ul', { class: 'incoming' }, entries.map((entry) =>
                el('li', null, pageLink(entry.fromPage, entry.fromName), ': ', entry.actionType,
                  entry.element ? ' “' + (label(entry.element) || entry.element.className) + '”' : '',
                  el('span', { class: 'small' }, ' ' + entry.count + ' of ' + entry.attempts))))
            : el('p', { class: 'hint' }, 'No recorded action leads here.'));
        } catch (error) {
          if (mine === generation) panel.replaceChildren(heading, el('p', { class: 'error' }, error.message));
        }
      }

      async function showPath(mine, params) {
        const from = el('input', { name: 'from', value: params.get('from') || '',
          placeholder: 'page id or name', required: true, 'aria-label': 'from page' });
        const to = el('input', { name: 'to', value: params.get('to') || '',
          placeholder: 'page id or name', required: true, 'aria-label': 'to page' });
        const k = el('input', { name: 'k', type: 'number', min: 1, max: 20,
          value: params.get('k') || '3', 'aria-label': 'paths' });
        const results = el('div', { id: 'paths' });
        main.append(el('h2', null, 'Path finder'),
          el('form', { class: 'inline', id: 'path-form', onsubmit: (event) => {
            event.preventDefault();
            location.hash = query('#/path', { from: from.value.trim(), to: to.value.trim(),
              k: k.value });
          } }, 'from ', from, ' to ', to, ' paths ', k, el('button', { type: 'submit' }, 'Find')),
          results);
        if (!params.get('from') || !params.get('to')) return;
        const paths = await getJSON(query('/v1/path', { from: params.get('from'),
          to: params.get('to'), k: params.get('k') || 3 }));
        if (mine !== generation) return;
        if (!paths.length) {
          results.append(el('p', { class: 'none' }, 'No recorded path leads from ' +
            params.get('from') + ' to ' + params.get('to') + '.'));
          return;
        }
        results.append(...paths.map((path, index) => el('div', { class: 'path' },
          el('h3', null, 'Path ' + (index + 1) + ': ' + path.steps.length + ' actions'),
          el('ol', null, path.steps.map((step) => el('li', { class: 'step' },
            'on ', pageLink(step.fromPage, step.fromName), ' ', step.actionType,
            step.element ? ' “' + (label(step.element) || step.element.className) + '”' : '',
            step.text ? ' typing “' + step.text + '”' : '',
            step.direction ? ' ' + step.direction : '',
            ' → ', pageLink(step.toPage)))))));
      }

      async function showSearch(mine, params) {
        const text = params.get('q') || '';
        main.append(el('h2', null, 'Search'));
        if (!text) {
          main.append(el('p', { class: 'hint' }, 'Type a text, content-desc or resource-id above.'));
          return;
        }
        const hits = await getJSON(query('/v1/search', { q: text, limit: 50 }));
        if (mine !== generation) return;
        main.append(hits.length
          ? el('table', { class: 'list', id: 'search-results' },
              el('tr', null, el('th', null, 'app'), el('th', null, 'page'), el('th', null, 'element'),
                el('th', null, 'class')),
              hits.map((hit) => el('tr', { class: 'hit' },
                el('td', null, hit.app), el('td', null, pageLink(hit.page, hit.pageName)),
                el('td', null, label(hit.element)), el('td', null, hit.element.className))))
          : el('p', { class: 'none' }, 'Nothing matches “' + text + '”.'));
      }

      async function showGraph(mine, app) {
        const source = await (await request(query('/v1/graph.svg', { app }))).text();
        if (mine !== generation) return;
        const parsed = new DOMParser().parseFromString(source, 'image/svg+xml');
        const root = parsed.documentElement;
        if (!root || root.localName !== 'svg' || parsed.getElementsByTagName('parsererror').length) {
          throw new ViewerError('the graph drawing could not be read');
        }
        const svg = cleanSVG(root);
        const holder = el('div', { class: 'graph', id: 'graph' }, svg);
        holder.addEventListener('click', (event) => {
          const node = event.target.closest('[data-page]');
          if (node) location.hash = pageHash(node.getAttribute('data-page'));
        });
        main.append(el('h2', null, 'Graph of ' + app, ' ',
          link('pages', query('#/pages', { app }), { class: 'small' })),
          el('p', { class: 'hint' }, 'Click a page to open it.'), holder);
      }

      // The Graphviz SVG rebuilt from an allow-list of elements and attributes: no scripts, no
      // event handlers, no links out; text only as text nodes. Page links become data-page.
      const svgElements = new Set(['svg', 'g', 'title', 'polygon', 'polyline', 'path', 'ellipse',
        'circle', 'rect', 'line', 'text', 'a']);
      const svgAttributes = new Set(['class', 'width', 'height', 'viewBox', 'transform', 'points',
        'd', 'cx', 'cy', 'rx', 'ry', 'r', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'fill', 'stroke',
        'stroke-width', 'stroke-dasharray', 'fill-opacity', 'stroke-opacity', 'font-family',
        'font-size', 'font-weight', 'font-style', 'text-anchor', 'preserveAspectRatio']);

      function cleanSVG(source) {
        if (source.namespaceURI !== svgNS || !svgElements.has(source.localName)) return null;
        const copy = document.createElementNS(svgNS, source.localName === 'a' ? 'g' : source.localName);
        for (const attribute of Array.from(source.attributes)) {
          if (attribute.namespaceURI || !svgAttributes.has(attribute.localName)) continue;
          if (/url\s*\(|script:/i.test(attribute.value)) continue;
          copy.setAttribute(attribute.localName, attribute.value);
        }
        if (source.localName === 'a') {
          const href = source.getAttributeNS(xlinkNS, 'href') || source.getAttribute('href') || '';
          const match = /^\/v1\/pages\/(\d+)$/.exec(href);
          if (match) {
            copy.setAttribute('data-page', match[1]);
            copy.setAttribute('class', 'node-link');
          }
        }
        for (const child of Array.from(source.childNodes)) {
          if (child.nodeType === Node.TEXT_NODE) {
            copy.append(document.createTextNode(child.data));
          } else if (child.nodeType === Node.ELEMENT_NODE) {
            const cleaned = cleanSVG(child);
            if (cleaned) copy.append(cleaned);
          }
        }
        return copy;
      }

      // ---- routing: #/…, so the back button and links work -----------------------------

      async function route() {
        const mine = ++generation;
        const hash = location.hash.replace(/^#/, '') || '/';
        const cut = hash.indexOf('?');
        const params = new URLSearchParams(cut >= 0 ? hash.slice(cut + 1) : '');
        let parts;
        try {
          parts = (cut >= 0 ? hash.slice(0, cut) : hash).split('/').filter(Boolean)
            .map(decodeURIComponent);
        } catch (_) {
          parts = [];
        }
        main.replaceChildren();
        say('');
        main.setAttribute('aria-busy', 'true');
        delete main.dataset.view;
        document.getElementById('search-text').value = parts[0] === 'search' ? params.get('q') || '' : '';
        try {
          switch (parts[0]) {
            case 'pages': await showPages(mine, params); break;
            case 'page': await showPage(mine, parts[1] || ''); break;
            case 'path': await showPath(mine, params); break;
            case 'search': await showSearch(mine, params); break;
            case 'graph': await showGraph(mine, parts[1] || ''); break;
            default: await showApps(mine);
          }
        } catch (error) {
          if (mine === generation) {
            say(error.message || String(error), true);
            if (error.status === 401) tokenField.focus();
          }
        } finally {
          if (mine === generation) {
            main.removeAttribute('aria-busy');
            // Which view is shown, for tests: set once it is complete.
            main.dataset.view = location.hash || '#/';
          }
        }
      }

      document.getElementById('token-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const token = tokenField.value.trim();
        if (token) sessionStorage.setItem(tokenKey, token);
        else sessionStorage.removeItem(tokenKey);
        tokenField.value = '';
        tokenField.placeholder = token ? 'token set for this tab' : 'token (if the server needs one)';
        caches.apps = null;
        caches.leadsTo.clear();
        caches.outgoing.clear();
        route();
      });
      document.getElementById('search-form').addEventListener('submit', (event) => {
        event.preventDefault();
        location.hash = query('#/search', { q: document.getElementById('search-text').value.trim() });
      });
      if (currentToken()) tokenField.placeholder = 'token set for this tab';
      window.addEventListener('hashchange', route);
      route();
    })();
    """#
}
