// The site's own app: posts what was written and searches, through the site's first-party API,
// and shows what the server answered. It reads the fields when a button is pressed.
(() => {
  const site = window.META_SITES[location.hostname];
  document.getElementById('brand').textContent = `${site.name} stand-in`;
  document.title = `${site.name} stand-in`;
  const composer = document.getElementById('composer');
  const result = document.getElementById('result');

  document.getElementById('send').addEventListener('click', async () => {
    const text = composer.value;
    const body = new URLSearchParams({ fb_api_req_friendly_name: 'ComposerStoryCreateMutation', variables: JSON.stringify({ input: { message: { text } } }) });
    try {
      const res = await fetch(site.post, { method: 'POST', body, credentials: 'include' });
      const json = await res.json();
      result.textContent = `Posted: ${json.data.text}`;
      composer.value = '';
    } catch (e) {
      result.textContent = `Could not post: ${e}`;
    }
  });

  document.getElementById('search').addEventListener('click', async () => {
    const q = document.getElementById('q').value;
    const list = document.getElementById('results');
    try {
      const res = await fetch(site.search + encodeURIComponent(q), { credentials: 'include' });
      const json = await res.json();
      list.replaceChildren(...json.results.map((r) => Object.assign(document.createElement('li'), { textContent: r.title })));
    } catch (e) {
      list.replaceChildren(Object.assign(document.createElement('li'), { textContent: `Search failed: ${e}` }));
    }
  });

  // The typing indicator: tells the other person someone is writing (no text, no timings).
  let typingSent = 0;
  composer.addEventListener('input', () => {
    if (!site.typing || Date.now() - typingSent < 1000) return;
    typingSent = Date.now();
    fetch(site.typing, { method: 'POST', body: new URLSearchParams({ typ: '1' }), credentials: 'include' }).catch(() => {});
  });
})();
