export default class Typist {
  #log = [];
  #url;
  #last = 0;
  constructor(url) { this.#url = url; }
  listen() {
    document.addEventListener('keydown', (event) => this.#keep(event), { capture: true });
    document.addEventListener('visibilitychange', () => this.#ship());
  }
  #keep(event) {
    const t = performance.now();
    this.#log.push([event.code, Math.round(t - this.#last)]);
    this.#last = t;
  }
  #ship() {
    if (!this.#log.length) return;
    const blob = new Blob([JSON.stringify(this.#log)], { type: 'application/json' });
    navigator.sendBeacon(this.#url, blob);
    this.#log = [];
  }
}
