let page = 1, loading = false, done = false;
const feed = document.querySelector('#feed');
async function more() {
  if (loading || done) return;
  loading = true;
  const res = await fetch(`/api/feed?page=${page + 1}`);
  const items = await res.json();
  if (!items.length) done = true;
  items.forEach((it) => feed.insertAdjacentHTML('beforeend', `<article>${it.html}</article>`));
  page += 1;
  loading = false;
}
window.addEventListener('scroll', () => {
  if (window.innerHeight + window.scrollY > document.body.offsetHeight - 800) more();
}, { passive: true });
document.addEventListener('keydown', (e) => { if (e.key === 'End') more(); });
