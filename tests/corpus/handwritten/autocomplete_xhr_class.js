class Typeahead {
  constructor(input, source) {
    this.input = input;
    this.source = source;
    this.cache = new Map();
    this.pending = null;
    input.addEventListener('keyup', (e) => this.onKey(e));
    input.addEventListener('focus', () => this.open());
    document.addEventListener('click', (e) => { if (!input.contains(e.target)) this.close(); });
  }
  onKey(e) {
    if (['ArrowUp', 'ArrowDown', 'Enter', 'Escape'].includes(e.key)) return this.nav(e.key);
    const term = this.input.value;
    if (this.cache.has(term)) return this.render(this.cache.get(term));
    if (this.pending) this.pending.abort();
    const xhr = new XMLHttpRequest();
    xhr.open('GET', this.source + '?term=' + encodeURIComponent(term));
    xhr.onload = () => { const rows = JSON.parse(xhr.responseText); this.cache.set(term, rows); this.render(rows); };
    xhr.send();
    this.pending = xhr;
  }
  nav(key) { /* move the highlight */ this.highlight = key; }
  open() { this.input.setAttribute('aria-expanded', 'true'); }
  close() { this.input.setAttribute('aria-expanded', 'false'); }
  render(rows) { this.input.nextElementSibling.innerHTML = rows.map((r) => `<li>${r.label}</li>`).join(''); }
}
new Typeahead(document.querySelector('#city'), '/api/cities');
